/* Unit tests of the pure parts of src/http: request target decoding, header
 * interpretation, route matching, JSON bodies, field validation and the reading
 * of a registration body. */
#include "core/arena.h"
#include "http/body.h"
#include "http/headers.h"
#include "http/query.h"
#include "http/router.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

static void target_splits_and_decodes(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    struct target t;
    assert_int_equal(target_parse(&a, "/api/v1/users?limit=10&after=&q=F%C3%A8s+x&flag", &t), 0);
    assert_string_equal(t.path, "/api/v1/users");
    assert_int_equal(t.nparams, 4);
    assert_string_equal(target_param(&t, "limit"), "10");
    assert_string_equal(target_param(&t, "after"), "");
    assert_string_equal(target_param(&t, "q"), "Fès x");
    assert_string_equal(target_param(&t, "flag"), "");
    assert_null(target_param(&t, "missing"));
    assert_int_equal(target_parse(&a, "/a%20b/c", &t), 0);
    assert_string_equal(t.path, "/a b/c");
    assert_int_equal(target_parse(&a, "/x?a=1&&b=2&", &t), 0);
    assert_int_equal(t.nparams, 2);
    arena_free(&a);
}

static void target_refuses_bad_input(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    struct target t;
    const char *bad[] = {"", "relative", "/%zz", "/%4", "/a%00b", "/%0a", "/x?q=%ff",
                         "/x?q=%c0%af", "/../etc/passwd", "/a/./b", "/a/%2e%2e/b", "/x?=v",
                         "/x?a=%"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(target_parse(&a, bad[i], &t), -1);
    char many[QUERY_MAX_PARAMS * 4 + 16] = "/x?";
    for (int i = 0; i <= QUERY_MAX_PARAMS; i++)
        strcat(many, "a=1&");
    assert_int_equal(target_parse(&a, many, &t), -1);
    arena_free(&a);
}

static void cookies_are_found_exactly(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    assert_string_equal(cookie_value(&a, "a=1; sanad_session=ss_abc; b=2", "sanad_session"),
                        "ss_abc");
    assert_string_equal(cookie_value(&a, "sanad_session=\"quoted\"", "sanad_session"), "quoted");
    assert_null(cookie_value(&a, "xsanad_session=1", "sanad_session"));
    assert_null(cookie_value(&a, "sanad_session_x=1", "sanad_session"));
    assert_null(cookie_value(&a, "junk; other=2", "sanad_session"));
    assert_null(cookie_value(&a, "sanad_session=a b", "sanad_session"));
    assert_null(cookie_value(&a, NULL, "sanad_session"));
    assert_string_equal(cookie_value(&a, "junk;sanad_session=v", "sanad_session"), "v");
    arena_free(&a);
}

static void bearer_and_content_type(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    assert_string_equal(bearer_token(&a, "Bearer sat_xyz"), "sat_xyz");
    assert_string_equal(bearer_token(&a, "bearer   sat_xyz  "), "sat_xyz");
    assert_null(bearer_token(&a, "Basic dXNlcjpwYXNz"));
    assert_null(bearer_token(&a, "Bearer "));
    assert_null(bearer_token(&a, "Bearer a b"));
    assert_true(content_type_is_json("application/json"));
    assert_true(content_type_is_json("application/json; charset=UTF-8"));
    assert_true(content_type_is_json("Application/JSON;charset=\"utf-8\""));
    assert_false(content_type_is_json("application/json; charset=latin1"));
    assert_false(content_type_is_json("application/jsonx"));
    assert_false(content_type_is_json("text/plain"));
    assert_false(content_type_is_json(NULL));
    assert_true(request_id_acceptable("abc-123_x.y"));
    assert_false(request_id_acceptable(""));
    assert_false(request_id_acceptable("a b"));
    arena_free(&a);
}

static void routes_match_with_parameters(void **state)
{
    (void)state;
    char copy[128];
    const char *params[ROUTE_MAX_PARAMS];
    int n;
    size_t i;
    assert_int_equal(router_match("GET", "/api/v1/users/42", copy, &i, params, &n), ROUTE_FOUND);
    assert_string_equal(api_routes[i].pattern, "/api/v1/users/{id}");
    assert_int_equal(n, 1);
    assert_string_equal(params[0], "42");
    assert_int_equal(router_match("GET", "/api/v1/applications/status", copy, &i, params, &n),
                     ROUTE_FOUND);
    assert_string_equal(api_routes[i].pattern, "/api/v1/applications/status");
    assert_int_equal(n, 0);
    assert_int_equal(router_match("HEAD", "/healthz", copy, &i, params, &n), ROUTE_FOUND);
    assert_int_equal(router_match("DELETE", "/healthz", copy, &i, params, &n), ROUTE_WRONG_METHOD);
    char allow[64];
    router_allowed_methods(i, allow, sizeof allow);
    assert_string_equal(allow, "GET");
    router_match("PUT", "/api/v1/users", copy, &i, params, &n);
    router_allowed_methods(i, allow, sizeof allow);
    assert_string_equal(allow, "GET, POST");
    assert_int_equal(router_match("GET", "/api/v1/users/", copy, &i, params, &n), ROUTE_NONE);
    assert_int_equal(router_match("GET", "/api/v1/users/1/x", copy, &i, params, &n), ROUTE_NONE);
    assert_int_equal(router_match("GET", "/healthz/", copy, &i, params, &n), ROUTE_NONE);
    assert_int_equal(router_match("GET", "/", copy, &i, params, &n), ROUTE_NONE);
}

/* Two rows with the same method and pattern would make the second unreachable. */
static void route_table_has_no_duplicates(void **state)
{
    (void)state;
    for (size_t i = 0; i < api_routes_count; i++)
        for (size_t j = i + 1; j < api_routes_count; j++)
            assert_false(strcmp(api_routes[i].method, api_routes[j].method) == 0 &&
                         strcmp(api_routes[i].pattern, api_routes[j].pattern) == 0);
}

static void json_bodies(void **state)
{
    (void)state;
    json_t *v;
    const char *code;
    assert_int_equal(json_body_parse("{\"a\":1}", 7, "application/json", &v, &code), 0);
    assert_true(json_is_object(v));
    json_decref(v);
    assert_int_equal(json_body_parse("{\"a\":1}", 7, "text/plain", &v, &code), 415);
    assert_int_equal(json_body_parse("", 0, "application/json", &v, &code), 400);
    assert_string_equal(code, "bad_json");
    assert_int_equal(json_body_parse("{\"a\":", 5, "application/json", &v, &code), 400);
    assert_int_equal(json_body_parse("{\"a\":1,\"a\":2}", 13, "application/json", &v, &code), 400);
    assert_int_equal(json_body_parse("{\"a\":\"\xff\"}", 9, "application/json", &v, &code), 400);
    assert_string_equal(code, "invalid_utf8");
    assert_null(v);
}

static void field_validation(void **state)
{
    (void)state;
    json_t *obj = json_loads("{\"name\":\"فاطمة\",\"n\":3,\"ctl\":\"a\\u0001b\",\"nul\":\"a\\u0000b\","
                             "\"long\":\"abcdef\",\"z\":null,\"extra\":1}",
                             JSON_ALLOW_NUL, NULL);
    assert_non_null(obj);
    struct field_errors fe;
    field_errors_init(&fe, LANG_EN);
    assert_string_equal(json_string_field(&fe, obj, "name", 5), "فاطمة");
    assert_null(json_string_field(&fe, obj, "z", 5));
    assert_null(json_string_field(&fe, obj, "absent", 5));
    assert_false(field_errors_any(&fe));
    assert_null(json_string_field(&fe, obj, "n", 5));
    assert_null(json_string_field(&fe, obj, "ctl", 5));
    assert_null(json_string_field(&fe, obj, "nul", 5));
    assert_null(json_string_field(&fe, obj, "long", 5));
    assert_int_equal(json_array_size(fe.list), 4);
    assert_string_equal(json_string_value(json_object_get(json_array_get(fe.list, 0), "code")),
                        "invalid_type");
    assert_string_equal(json_string_value(json_object_get(json_array_get(fe.list, 3), "code")),
                        "too_long");
    assert_string_equal(json_string_value(json_object_get(json_array_get(fe.list, 3), "message")),
                        "Value too long.");
    field_errors_free(&fe);

    const char *const allowed[] = {"name", "n", "ctl", "nul", "long", "z", NULL};
    field_errors_init(&fe, LANG_FR);
    assert_false(json_check_fields(&fe, obj, allowed));
    assert_int_equal(json_array_size(fe.list), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(fe.list, 0), "field")),
                        "extra");
    field_errors_free(&fe);
    json_decref(obj);
}

static void registration_body_reading(void **state)
{
    (void)state;
    json_t *body = json_loads("{\"cin\":\"ab 123456\",\"first_name\":\"Fatima\",\"last_name\":null,"
                              "\"last_name_ar\":\"الإدريسي\",\"sex\":7,"
                              "\"project_idea\":\"ligne 1\\nligne 2\",\"commune\":\"a\\nb\","
                              "\"consent\":true}",
                              0, NULL);
    assert_non_null(body);
    struct field_errors fe;
    field_errors_init(&fe, LANG_EN);
    struct applicant in = {0};
    registration_body_read(&fe, body, &in);
    assert_string_equal(in.cin, "ab 123456");
    assert_string_equal(in.first_name, "Fatima");
    assert_null(in.last_name);
    assert_string_equal(in.last_name_ar, "الإدريسي");
    assert_null(in.phone);
    assert_null(in.sex);
    assert_null(in.commune);
    assert_string_equal(in.project_idea, "ligne 1\nligne 2");
    assert_true(in.consent);
    assert_int_equal(json_array_size(fe.list), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(fe.list, 0), "field")),
                        "sex");
    assert_string_equal(json_string_value(json_object_get(json_array_get(fe.list, 1), "field")),
                        "commune");
    field_errors_free(&fe);
    json_decref(body);

    body = json_loads("{\"consent\":\"yes\"}", 0, NULL);
    field_errors_init(&fe, LANG_EN);
    registration_body_read(&fe, body, &in);
    assert_false(in.consent);
    assert_int_equal(json_array_size(fe.list), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(fe.list, 0), "code")),
                        "invalid_type");
    field_errors_free(&fe);
    json_decref(body);

    const char *const extra[] = {"consent", NULL};
    body = json_loads("{\"cin\":\"AB1\",\"consent\":false,\"nationality\":\"MA\"}", 0, NULL);
    field_errors_init(&fe, LANG_EN);
    assert_false(json_check_fields(&fe, body, registration_body_fields));
    assert_int_equal(json_array_size(fe.list), 1);
    assert_false(json_check_fields(&fe, body, extra));
    field_errors_free(&fe);
    json_decref(body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(target_splits_and_decodes),
        cmocka_unit_test(target_refuses_bad_input),
        cmocka_unit_test(cookies_are_found_exactly),
        cmocka_unit_test(bearer_and_content_type),
        cmocka_unit_test(routes_match_with_parameters),
        cmocka_unit_test(route_table_has_no_duplicates),
        cmocka_unit_test(json_bodies),
        cmocka_unit_test(field_validation),
        cmocka_unit_test(registration_body_reading),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
