/* Unit tests of src/core: arena, bounded buffer, JSON text, helper threads' signal
 * mask, UTF-8 and number parsing, message catalogue and language negotiation,
 * settings. */
#include "core/arena.h"
#include "core/config.h"
#include "core/i18n.h"
#include "core/json_text.h"
#include "core/strbuf.h"
#include "core/ticker.h"
#include "core/util.h"

#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

static void arena_allocates_aligned_and_frees(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    for (int i = 0; i < 1000; i++) {
        void *p = arena_alloc(&a, (size_t)(i % 37) + 1);
        assert_int_equal((uintptr_t)p % _Alignof(max_align_t), 0);
        memset(p, 0xab, (size_t)(i % 37) + 1);
    }
    char *big = arena_alloc(&a, 3 * 1024 * 1024);
    memset(big, 1, 3 * 1024 * 1024);
    assert_string_equal(arena_printf(&a, "%s-%d", "x", 42), "x-42");
    assert_string_equal(arena_strndup(&a, "abcdef", 3), "abc");
    arena_free(&a);
    assert_null(a.head);
}

static int cleanup_calls;
static void count_cleanup(void *p)
{
    cleanup_calls += *(int *)p;
}

static void arena_runs_cleanups_in_reverse(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    int one = 1, ten = 10;
    cleanup_calls = 0;
    arena_defer(&a, count_cleanup, &one);
    arena_defer(&a, count_cleanup, &ten);
    arena_free(&a);
    assert_int_equal(cleanup_calls, 11);
}

static void arena_arrays_grow_and_keep_their_elements(void **state)
{
    (void)state;
    struct arena a;
    arena_init(&a);
    size_t cap = 0;
    int *list = NULL;
    for (int i = 0; i < 1000; i++) {
        list = arena_grow(&a, list, (size_t)i, &cap, sizeof *list);
        list[i] = i * 3;
    }
    assert_true(cap >= 1000);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(list[i], i * 3);
    arena_free(&a);
}

static void strbuf_respects_its_ceiling(void **state)
{
    (void)state;
    struct strbuf sb;
    strbuf_init(&sb, 10);
    assert_int_equal(strbuf_puts(&sb, "12345"), 0);
    assert_int_equal(strbuf_printf(&sb, "%d", 6789), 0);
    assert_string_equal(sb.data, "123456789");
    assert_int_equal(strbuf_puts(&sb, "ab"), -1);
    assert_string_equal(sb.data, "123456789");
    assert_int_equal(strbuf_puts(&sb, "a"), 0);
    char *taken = strbuf_take(&sb);
    assert_string_equal(taken, "123456789a");
    assert_null(sb.data);
    free(taken);
    strbuf_free(&sb);

    /* Prepending moves what is there, within the same ceiling. */
    strbuf_init(&sb, 8);
    assert_int_equal(strbuf_prepend(&sb, "c]", 2), 0);   /* into an empty buffer */
    assert_int_equal(strbuf_prepend(&sb, "[ab,", 4), 0);
    assert_string_equal(sb.data, "[ab,c]");
    assert_int_equal(sb.len, 6);
    assert_int_equal(strbuf_prepend(&sb, "xyz", 3), -1);
    assert_string_equal(sb.data, "[ab,c]");
    assert_int_equal(strbuf_prepend(&sb, "{}", 2), 0);
    assert_string_equal(sb.data, "{}[ab,c]");
    strbuf_free(&sb);
}

/* The writer gives jansson's bytes for every kind of value, escapes included. */
static void json_text_is_janssons_compact_text(void **state)
{
    (void)state;
    const char *const texts[] = {
        "{}", "[]", "null", "true", "false", "0", "-9223372036854775808", "1.5", "0.1",
        "1e300", "-2.5e-7", "100.0", "\"\"",
        "\"quote \\\" backslash \\\\ slash / tab \\t nl \\n cr \\r bs \\b ff \\f\"",
        "\"\\u0000\\u0001\\u001f\\u007f\"",
        "\"Fatima Zahra \u0641\u0627\u0637\u0645\u0629 \u00e9\u20ac \U0001F600\"",
        "{\"b\":1,\"a\":[1,{\"\\u0001k\":null},[]],\"c\":{\"d\":\"e\"}}",
        "[{\"id\":3001,\"applicant\":{\"cin\":\"AB123456\",\"email\":null}},2.0]",
    };
    for (size_t i = 0; i < ARRAY_LEN(texts); i++) {
        json_error_t err;
        json_t *v = json_loads(texts[i], JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
        assert_non_null(v);
        char *expected = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        size_t len = 0;
        char *got = json_text(v, &len);
        assert_non_null(got);
        assert_string_equal(got, expected);
        assert_int_equal(len, strlen(expected));
        free(got);
        free(expected);
        json_decref(v);
    }
    assert_null(json_text(NULL, NULL));
    /* Within a buffer's ceiling, or nothing. */
    json_t *big = json_pack("{s:s}", "k", "0123456789");
    struct strbuf sb;
    strbuf_init(&sb, 10);
    assert_int_equal(json_text_append(&sb, big), -1);
    strbuf_free(&sb);
    json_decref(big);
}

/* The writer: commas and nesting, null for a missing string, escapes in keys
 * and values, a byte that is not UTF-8 as U+FFFD, numbers. */
static void json_writer_writes_valid_text(void **state)
{
    (void)state;
    struct strbuf sb;
    struct json_writer w;
    strbuf_init(&sb, SIZE_MAX);
    json_writer_init(&w, &sb);
    json_write_object_begin(&w, NULL);
    json_write_integer(&w, "id", -42);
    json_write_string(&w, "name", "Fatima \"Z\"\n\xd9\x81");
    json_write_string(&w, "email", NULL);
    json_write_array_begin(&w, "items");
    json_write_object_begin(&w, NULL);
    json_write_object_end(&w);
    json_write_array_begin(&w, NULL);
    json_write_array_end(&w);
    json_write_bool(&w, NULL, false);
    json_write_null(&w, NULL);
    json_write_array_end(&w);
    json_write_string(&w, "bad", "a\xff\xc3" "b\xed\xa0\x80");
    json_write_fixed(&w, "ms", 1.23456, 3);
    json_write_fixed(&w, "inf", 1.0 / 0.0, 3);
    json_write_string(&w, "k\"ey", "");
    json_write_object_end(&w);
    assert_false(w.failed);
    assert_string_equal(sb.data,
                        "{\"id\":-42,\"name\":\"Fatima \\\"Z\\\"\\n\xd9\x81\",\"email\":null,"
                        "\"items\":[{},[],false,null],"
                        "\"bad\":\"a\xef\xbf\xbd\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\","
                        "\"ms\":1.235,\"inf\":null,\"k\\\"ey\":\"\"}");
    json_error_t err;
    json_t *back = json_loads(sb.data, 0, &err);
    assert_non_null(back);
    json_decref(back);
    strbuf_free(&sb);

    /* Past the ceiling: failed, and nothing more is written. */
    strbuf_init(&sb, 8);
    json_writer_init(&w, &sb);
    json_write_object_begin(&w, NULL);
    json_write_string(&w, "key", "a long value");
    json_write_object_end(&w);
    assert_true(w.failed);
    assert_true(sb.len <= 8);
    strbuf_free(&sb);
}

struct seen_mask {
    sigset_t mask;
    atomic_bool seen;
};

static void record_mask(void *ctx)
{
    struct seen_mask *m = ctx;
    pthread_sigmask(SIG_BLOCK, NULL, &m->mask);
    atomic_store(&m->seen, true);
}

/* A helper thread never takes SIGINT or SIGTERM, even when started while the
 * caller lets them through: the signal would kill the process instead of
 * reaching the thread that waits for it. */
static void helper_threads_block_signals(void **state)
{
    (void)state;
    sigset_t none;
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, NULL);
    struct seen_mask m = {.seen = false};
    struct ticker *t = ticker_start(1, record_mask, &m);
    assert_non_null(t);
    for (int i = 0; i < 2000 && !atomic_load(&m.seen); i++)
        usleep(1000);
    ticker_stop(t);
    assert_true(atomic_load(&m.seen));
    assert_true(sigismember(&m.mask, SIGINT));
    assert_true(sigismember(&m.mask, SIGTERM));
}

static void utf8_validation(void **state)
{
    (void)state;
    assert_true(utf8_valid("Fatima", 6));
    assert_true(utf8_valid("فاطمة", strlen("فاطمة")));
    assert_true(utf8_valid("ⵜⴰⵎⴰⵣⵉⵖⵜ", strlen("ⵜⴰⵎⴰⵣⵉⵖⵜ")));
    assert_true(utf8_valid("Hoceïma", strlen("Hoceïma")));
    assert_false(utf8_valid("\xc0\xaf", 2));           /* overlong '/' */
    assert_false(utf8_valid("\xed\xa0\x80", 3));       /* surrogate */
    assert_false(utf8_valid("\xf4\x90\x80\x80", 4));   /* beyond U+10FFFF */
    assert_false(utf8_valid("\xe2\x82", 2));           /* truncated */
    assert_false(utf8_valid("a\0b", 3));               /* NUL */
    assert_int_equal(utf8_sequence_length("a", 1), 1);
    assert_int_equal(utf8_sequence_length("\xd9\x81", 2), 2);
    assert_int_equal(utf8_sequence_length("\xe2\xb5\x9c", 3), 3);
    assert_int_equal(utf8_sequence_length("\xf0\x9f\x98\x80", 4), 4);
    assert_int_equal(utf8_sequence_length("\xf0\x9f\x98\x80", 3), 0);   /* cut short */
    assert_int_equal(utf8_sequence_length("\x80", 1), 0);
    assert_int_equal(utf8_length("فاطمة"), 5);
    assert_false(text_has_control("Fès فاطمة ⵜⴰ"));
    assert_true(text_has_control("a\tb"));
    assert_true(text_has_control("a\xc2\x85" "b"));   /* NEL, a C1 control */
}

static void integers_parse_strictly(void **state)
{
    (void)state;
    int64_t v;
    assert_true(parse_int64("42", 0, 100, &v));
    assert_int_equal(v, 42);
    assert_true(parse_int64("-5", -10, 10, &v));
    assert_false(parse_int64("101", 0, 100, &v));
    assert_false(parse_int64("4x", 0, 100, &v));
    assert_false(parse_int64("", 0, 100, &v));
    assert_false(parse_int64(" 4", 0, 100, &v));
    assert_false(parse_int64("99999999999999999999", 0, INT64_MAX, &v));
    assert_false(parse_int64(NULL, 0, 1, &v));
}

static void messages_in_three_languages(void **state)
{
    (void)state;
    assert_string_equal(i18n_text(LANG_EN, "not_found"), "Resource not found.");
    assert_string_equal(i18n_text(LANG_FR, "not_found"), "Ressource introuvable.");
    assert_string_equal(i18n_text(LANG_AR, "not_found"), "المورد غير موجود.");
    assert_string_equal(i18n_text(LANG_FR, "no_such_key"), "no_such_key");
    assert_int_equal(i18n_negotiate(NULL), LANG_FR);
    assert_int_equal(i18n_negotiate("ar-MA,ar;q=0.9,fr;q=0.8"), LANG_AR);
    assert_int_equal(i18n_negotiate("de, en;q=0.5, fr;q=0.4"), LANG_EN);
    assert_int_equal(i18n_negotiate("fr;q=0.2, ar;q=0.7"), LANG_AR);
    assert_int_equal(i18n_negotiate("arabic, english"), LANG_FR);
    assert_int_equal(i18n_negotiate("EN-gb"), LANG_EN);
}

/* Every catalogue key must be found by the bisection: the table must stay sorted. */
static void catalogue_keys_are_found(void **state)
{
    (void)state;
    const char *keys[] = {"bad_json", "conflict", "duplicate", "forbidden", "invalid_credentials",
                          "invalid_csrf", "invalid_format", "invalid_transition", "not_eligible",
                          "payload_too_large", "rate_limited", "required", "too_long",
                          "unauthenticated", "unknown_field", "validation_failed",
                          "weak_password", "wrong_script", "province_not_in_region",
                          "not_eligible.age_min", "not_eligible.required_fields",
                          "consent_required", "invalid_date", "min_above_max"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        assert_string_not_equal(i18n_text(LANG_EN, keys[i]), keys[i]);
}

static void settings_from_flags_and_environment(void **state)
{
    (void)state;
    struct config cfg;
    char err[200];
    config_defaults(&cfg);
    assert_string_equal(cfg.listen, "127.0.0.1:8080");
    assert_string_equal(cfg.db, "sqlite:sanad.db");
    assert_int_equal(cfg.rate_limit, 60);
    setenv("SANAD_RATE_LIMIT", "0", 1);
    setenv("SANAD_DB", "postgresql://a@b/c", 1);
    assert_int_equal(config_from_env(&cfg, err, sizeof err), 0);
    assert_int_equal(cfg.rate_limit, 0);
    assert_string_equal(cfg.db, "postgresql://a@b/c");
    assert_int_equal(config_set(&cfg, "rate-limit", "120", err, sizeof err), 0);
    assert_int_equal(cfg.rate_limit, 120);
    assert_int_equal(config_set(&cfg, "rate-limit", "-1", err, sizeof err), -2);
    assert_int_equal(config_set(&cfg, "secure-cookies", "1", err, sizeof err), 0);
    assert_true(cfg.secure_cookies);
    assert_int_equal(config_set(&cfg, "nope", "1", err, sizeof err), -1);
    setenv("SANAD_THREADS", "many", 1);
    assert_int_equal(config_from_env(&cfg, err, sizeof err), -1);
    assert_non_null(strstr(err, "SANAD_THREADS"));
    unsetenv("SANAD_THREADS");
    unsetenv("SANAD_RATE_LIMIT");
    unsetenv("SANAD_DB");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(arena_allocates_aligned_and_frees),
        cmocka_unit_test(arena_runs_cleanups_in_reverse),
        cmocka_unit_test(arena_arrays_grow_and_keep_their_elements),
        cmocka_unit_test(strbuf_respects_its_ceiling),
        cmocka_unit_test(json_text_is_janssons_compact_text),
        cmocka_unit_test(json_writer_writes_valid_text),
        cmocka_unit_test(helper_threads_block_signals),
        cmocka_unit_test(utf8_validation),
        cmocka_unit_test(integers_parse_strictly),
        cmocka_unit_test(messages_in_three_languages),
        cmocka_unit_test(catalogue_keys_are_found),
        cmocka_unit_test(settings_from_flags_and_environment),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
