/* Unit tests of src/api that need no server: the OpenAPI document is derived from
 * the route table and must describe every route, with its permission. */
#include "api/handlers.h"
#include "http/router.h"

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

static void openapi_describes_every_route(void **state)
{
    (void)state;
    json_error_t error;
    json_t *doc = json_loads(openapi_document(), 0, &error);
    assert_non_null(doc);
    assert_string_equal(json_string_value(json_object_get(doc, "openapi")), "3.0.3");
    json_t *paths = json_object_get(doc, "paths");
    size_t operations = 0;
    for (size_t i = 0; i < api_routes_count; i++) {
        const struct route *rt = &api_routes[i];
        json_t *item = json_object_get(paths, rt->pattern);
        assert_non_null(item);
        char method[16];
        size_t n = 0;
        for (; rt->method[n]; n++)
            method[n] = (char)tolower((unsigned char)rt->method[n]);
        method[n] = '\0';
        json_t *op = json_object_get(item, method);
        assert_non_null(op);
        assert_string_equal(json_string_value(json_object_get(op, "x-permission")),
                            action_name(rt->action));
        assert_non_null(json_object_get(op, "summary"));
        assert_non_null(json_object_get(json_object_get(op, "responses"), "4XX"));
        size_t braces = 0;
        for (const char *c = rt->pattern; *c; c++)
            braces += *c == '{';
        if (braces)
            assert_int_equal(json_array_size(json_object_get(op, "parameters")), braces);
        if (rt->body == BODY_JSON)
            assert_non_null(json_object_get(op, "requestBody"));
        operations++;
    }
    size_t documented = 0;
    const char *path;
    json_t *item;
    json_object_foreach(paths, path, item)
        documented += json_object_size(item);
    assert_int_equal(documented, operations);
    json_decref(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(openapi_describes_every_route),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
