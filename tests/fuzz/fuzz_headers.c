/* Fuzzes the request headers our code reads itself. The input is split at each NUL
 * or newline into pieces (as header values can hold neither), and every piece goes
 * through cookie_value() (the session cookie's name, a few others, and the next
 * piece as a name), bearer_token(), content_type_is_json(),
 * request_id_acceptable(), i18n_negotiate() and token_well_formed() with the
 * session ("ss_") and API token ("sat_") prefixes.
 * Must hold: no memory error, leak or undefined behaviour; a cookie value is a
 * slice of the header after "name=", without ';', space, quote, comma, backslash,
 * control or non-ASCII character, and reads back the same from "name=value"; a
 * Bearer token is a non-empty slice without spaces of a header starting with
 * "Bearer "; what the predicates accept fits the rule their header states. */
#include "fuzz_common.h"

#include "core/arena.h"
#include "core/i18n.h"
#include "http/headers.h"
#include "security/session.h"
#include "security/tokens.h"

#include <sodium.h>
#include <string.h>
#include <strings.h>

#define MAX_PIECES 8

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (sodium_init() < 0)
        abort();
    char t[TOKEN_TEXT_MAX];
    token_new(SESSION_PREFIX, t);
    FUZZ_CHECK(token_well_formed(t, SESSION_PREFIX));
    token_new(API_TOKEN_PREFIX, t);
    FUZZ_CHECK(token_well_formed(t, API_TOKEN_PREFIX));
    /* An absent header is no value at all. */
    struct arena a;
    arena_init(&a);
    FUZZ_CHECK(!cookie_value(&a, NULL, SESSION_COOKIE) && !bearer_token(&a, NULL));
    FUZZ_CHECK(!content_type_is_json(NULL) && !request_id_acceptable(NULL));
    FUZZ_CHECK(i18n_negotiate(NULL) == LANG_FR && !token_well_formed(NULL, SESSION_PREFIX));
    arena_free(&a);
    return 0;
}

static void check_cookie(struct arena *a, const char *header, const char *name)
{
    const char *v = cookie_value(a, header, name);
    if (!v)
        return;
    for (const char *p = v; *p; p++) {
        unsigned char c = (unsigned char)*p;
        FUZZ_CHECK(c > 0x20 && c < 0x7f);
        FUZZ_CHECK(!strchr(";\"\\,", c));
    }
    FUZZ_CHECK(strstr(header, v) != NULL);
    char *pair = arena_printf(a, "%s=", name);
    FUZZ_CHECK(strstr(header, pair) != NULL);
    /* Reads back the same, bare or quoted, first or after another cookie. */
    const char *again = cookie_value(a, arena_printf(a, "%s=%s", name, v), name);
    FUZZ_CHECK(again && strcmp(again, v) == 0);
    again = cookie_value(a, arena_printf(a, "%s_=1; %s=\"%s\"; %s_=2", name, name, v, name),
                         name);
    FUZZ_CHECK(again && strcmp(again, v) == 0);
}

static void check_bearer(struct arena *a, const char *header)
{
    const char *t = bearer_token(a, header);
    if (!t)
        return;
    FUZZ_CHECK(strncasecmp(header, "Bearer ", 7) == 0);
    FUZZ_CHECK(t[0] && !strchr(t, ' '));
    FUZZ_CHECK(strstr(header + 7, t) != NULL);
    const char *again = bearer_token(a, arena_printf(a, "bearer  %s ", t));
    FUZZ_CHECK(again && strcmp(again, t) == 0);
}

static void check_content_type(const char *s)
{
    if (!content_type_is_json(s))
        return;
    s += strspn(s, " ");
    FUZZ_CHECK(strncasecmp(s, "application/json", 16) == 0);
}

static void check_request_id(const char *s)
{
    if (!request_id_acceptable(s))
        return;
    size_t n = strlen(s);
    FUZZ_CHECK(n >= 1 && n <= 64);
    FUZZ_CHECK(strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") ==
               n);
}

static void check_language(const char *s)
{
    enum lang l = i18n_negotiate(s);
    FUZZ_CHECK(l == LANG_FR || l == LANG_AR || l == LANG_EN);
    FUZZ_CHECK(strlen(i18n_code(l)) == 2);
    if (l != LANG_FR)
        FUZZ_CHECK(strcasestr(s, i18n_code(l)) != NULL);
}

static void check_token(const char *s, const char *prefix)
{
    if (!token_well_formed(s, prefix))
        return;
    size_t p = strlen(prefix);
    FUZZ_CHECK(strncmp(s, prefix, p) == 0 && strlen(s) == p + 43);
    FUZZ_CHECK(strspn(s + p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
               43);
    char hash[TOKEN_HASH_HEX];
    token_hash(s, hash);
    FUZZ_CHECK(strlen(hash) == TOKEN_HASH_HEX - 1);
    FUZZ_CHECK(token_equal(s, s));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size + 1);
    memcpy(buf, data, size);
    buf[size] = '\0';
    char *pieces[MAX_PIECES];
    size_t npieces = 0;
    char *p = buf;
    while (npieces < MAX_PIECES) {
        pieces[npieces++] = p;
        size_t n = strcspn(p, "\n");
        if (p + n >= buf + size)
            break;
        p[n] = '\0';
        p += n + 1;
        if (p >= buf + size)
            break;
    }

    static const char *const cookie_names[] = {SESSION_COOKIE, "lang", "a", ""};
    struct arena a;
    arena_init(&a);
    for (size_t i = 0; i < npieces; i++) {
        const char *s = pieces[i];
        for (size_t k = 0; k < sizeof cookie_names / sizeof cookie_names[0]; k++)
            check_cookie(&a, s, cookie_names[k]);
        if (i + 1 < npieces && strlen(pieces[i + 1]) < 64)
            check_cookie(&a, s, pieces[i + 1]);
        check_bearer(&a, s);
        check_content_type(s);
        check_request_id(s);
        check_language(s);
        check_token(s, SESSION_PREFIX);
        check_token(s, API_TOKEN_PREFIX);
    }
    arena_free(&a);
    free(buf);
    return 0;
}
