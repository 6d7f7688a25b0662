/* Fuzzes the JSON request body path, from raw bytes to validated fields:
 * json_body_parse() with "application/json", then on an object what the login and
 * user handlers do with it (json_check_fields, json_string_field, username_check,
 * password_check, role_parse, region_find, role_check_scope).
 * Must hold: no memory error, leak or undefined behaviour; a parse either gives a
 * value or a 400 with a known code, never both; a body is accepted only when it is
 * valid UTF-8 without NUL; every field error carries a field, a code with a message
 * in the catalogue, and a message; a string returned by json_string_field is the
 * member's value, valid UTF-8, free of control characters and within max_chars;
 * a validator's verdict agrees with the rule its header states; json_text() writes
 * every parsed value as the same bytes as jansson's json_dumps. */
#include "fuzz_common.h"

#include "core/i18n.h"
#include "core/json_text.h"
#include "core/util.h"
#include "domain/accounts.h"
#include "domain/regions.h"
#include "domain/roles.h"
#include "http/body.h"

#include <jansson.h>
#include <sodium.h>
#include <string.h>

static const char *const login_fields[] = {"username", "password", NULL};
static const char *const user_fields[] = {"username", "password", "full_name", "role",
                                          "region", "organisation", "active", NULL};
static const size_t max_lengths[] = {0, 1, 8, USERNAME_MAX, 120, PASSWORD_MAX, (size_t)-1};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (sodium_init() < 0 || regions_load() != 0)
        abort();
    return 0;
}

static bool code_known(const char *code)
{
    return code && strcmp(i18n_text(LANG_EN, code), code) != 0;
}

/* Every entry of the error list is {"field","code","message"}, all strings, the
 * code one of the catalogue's and the message its text in the list's language. */
static void check_errors(const struct field_errors *fe)
{
    FUZZ_CHECK(json_is_array(fe->list));
    size_t i;
    json_t *e;
    json_array_foreach(fe->list, i, e) {
        const char *field = json_string_value(json_object_get(e, "field"));
        const char *code = json_string_value(json_object_get(e, "code"));
        const char *message = json_string_value(json_object_get(e, "message"));
        FUZZ_CHECK(field && code && message);
        FUZZ_CHECK(code_known(code));
        FUZZ_CHECK(strcmp(message, i18n_text(fe->lang, code)) == 0);
    }
}

static bool has_key(const char *const allowed[], const char *key)
{
    for (size_t i = 0; allowed[i]; i++)
        if (strcmp(allowed[i], key) == 0)
            return true;
    return false;
}

static void check_fields(json_t *obj, const char *const allowed[], enum lang lang)
{
    size_t unknown = 0;
    const char *key;
    json_t *value;
    json_object_foreach(obj, key, value) {
        FUZZ_CHECK(utf8_valid(key, strlen(key)));
        if (!has_key(allowed, key))
            unknown++;
    }
    struct field_errors fe;
    field_errors_init(&fe, lang);
    bool ok = json_check_fields(&fe, obj, allowed);
    FUZZ_CHECK(ok == (unknown == 0));
    /* One error per unknown key: none lost (json_pack failing would lose one). */
    FUZZ_CHECK(json_array_size(fe.list) == unknown);
    FUZZ_CHECK(field_errors_any(&fe) == !ok);
    check_errors(&fe);
    field_errors_free(&fe);
}

static void check_username(const char *s)
{
    const char *bad = username_check(s);
    size_t n = strlen(s);
    if (bad) {
        FUZZ_CHECK(code_known(bad));
        return;
    }
    FUZZ_CHECK(n >= 3 && n <= USERNAME_MAX);
    FUZZ_CHECK(s[0] >= 'a' && s[0] <= 'z');
    FUZZ_CHECK(strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789._-") == n);
}

static void check_password(const char *s)
{
    const char *bad = password_check(s);
    if (bad) {
        FUZZ_CHECK(code_known(bad));
        return;
    }
    size_t n = strlen(s);
    FUZZ_CHECK(n <= PASSWORD_MAX);
    FUZZ_CHECK(utf8_valid(s, n));
    FUZZ_CHECK(utf8_length(s) >= PASSWORD_MIN);
}

static void check_role(const char *s)
{
    int role = role_parse(s);
    if (role < 0) {
        FUZZ_CHECK(role == -1);
        return;
    }
    FUZZ_CHECK(role < ROLE_COUNT);
    FUZZ_CHECK(s && strcmp(role_name((enum role)role), s) == 0);
    (void)scope_name(role_scope((enum role)role));
}

/* json_string_field on every user field with several limits; the strings it
 * gives go through the validators. */
static void check_string_fields(json_t *obj, enum lang lang)
{
    for (size_t f = 0; user_fields[f]; f++) {
        const char *name = user_fields[f];
        json_t *member = json_object_get(obj, name);
        for (size_t m = 0; m < sizeof max_lengths / sizeof max_lengths[0]; m++) {
            struct field_errors fe;
            field_errors_init(&fe, lang);
            const char *s = json_string_field(&fe, obj, name, max_lengths[m]);
            size_t errors = json_array_size(fe.list);
            if (s) {
                FUZZ_CHECK(errors == 0);
                FUZZ_CHECK(json_is_string(member) && s == json_string_value(member));
                size_t n = strlen(s);
                FUZZ_CHECK(n == json_string_length(member));
                FUZZ_CHECK(utf8_valid(s, n));
                FUZZ_CHECK(!fuzz_has_ascii_control(s));
                FUZZ_CHECK(utf8_length(s) <= max_lengths[m]);
                check_username(s);
                check_password(s);
                check_role(s);
                (void)region_find(s);
            } else {
                /* NULL: absent or null without error, else exactly one error. */
                FUZZ_CHECK(errors == (!member || json_is_null(member) ? 0u : 1u));
            }
            check_errors(&fe);
            field_errors_free(&fe);
        }
    }
}

/* What users.c does with members that need not be strings. */
static void check_handler_reads(json_t *obj)
{
    json_t *role = json_object_get(obj, "role");
    int r = role_parse(json_string_value(role));
    FUZZ_CHECK(r >= -1 && r < ROLE_COUNT);
    const char *region = json_string_value(json_object_get(obj, "region"));
    const struct region *found = region_find(region);
    FUZZ_CHECK(!found || (region && strcmp(found->code, region) == 0));
    json_t *org = json_object_get(obj, "organisation");
    int64_t org_id = json_is_integer(org) ? (int64_t)json_integer_value(org) : 0;
    if (r >= 0) {
        const char *bad = role_check_scope((enum role)r, found ? found->code : NULL, org_id);
        FUZZ_CHECK(!bad || strcmp(bad, "region") == 0 || strcmp(bad, "organisation") == 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    enum lang lang = (enum lang)(size % 3);
    json_t *value = (json_t *)1;
    const char *code = NULL;
    unsigned status = json_body_parse(text, size, "application/json", &value, &code);
    if (status == 0) {
        FUZZ_CHECK(value != NULL);
        FUZZ_CHECK(size > 0 && utf8_valid(text, size));
    } else {
        FUZZ_CHECK(value == NULL);
        FUZZ_CHECK(status == 400);
        FUZZ_CHECK(code && (strcmp(code, "bad_json") == 0 || strcmp(code, "invalid_utf8") == 0));
        FUZZ_CHECK(code_known(code));
        FUZZ_CHECK(strcmp(code, "invalid_utf8") != 0 || !utf8_valid(text, size));
        return 0;
    }

    /* The same bytes under other media types: only JSON ones are read. */
    json_t *other = (json_t *)1;
    status = json_body_parse(text, size, "text/plain", &other, &code);
    FUZZ_CHECK(status == 415 && other == NULL && strcmp(code, "unsupported_media_type") == 0);
    status = json_body_parse(text, size, "application/json; charset=UTF-8", &other, &code);
    FUZZ_CHECK(status == 0 && other != NULL);
    FUZZ_CHECK(json_equal(value, other));
    json_decref(other);

    char *dumped = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
    size_t len = 0;
    char *written = json_text(value, &len);
    FUZZ_CHECK(dumped && written && strcmp(dumped, written) == 0 && len == strlen(dumped));
    free(dumped);
    free(written);

    if (json_is_object(value)) {
        check_fields(value, login_fields, lang);
        check_fields(value, user_fields, lang);
        check_string_fields(value, lang);
        check_handler_reads(value);
    }
    json_decref(value);
    return 0;
}
