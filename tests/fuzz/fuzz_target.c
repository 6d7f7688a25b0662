/* Fuzzes the request target as libmicrohttpd hands it over ("/path?query"):
 * target_parse() and url_decode(), then what the server does with the result:
 * target_param(), router_match() with several methods, router_allowed_methods(),
 * and parse_int64() on the parameter values with the ranges the handlers use.
 * Must hold: no memory error, leak or undefined behaviour; a parsed path starts
 * with '/', is valid UTF-8 without control characters and has no "." or ".."
 * segment; parameters (at most QUERY_MAX_PARAMS) have non-empty names and clean
 * values; target_param gives the first value of a name; a route found has the
 * method asked for, and its pattern with the captured parameters put back gives
 * the path again; parse_int64 succeeds only on decimal text within range. */
#include "fuzz_common.h"

#include "core/arena.h"
#include "core/util.h"
#include "http/query.h"
#include "http/router.h"

#include <inttypes.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

static bool clean_text(const char *s)
{
    return utf8_valid(s, strlen(s)) && !fuzz_has_ascii_control(s);
}

static bool has_dot_segment(const char *path)
{
    const char *p = path;
    for (;;) {
        const char *seg = p + 1;
        size_t len = strcspn(seg, "/");
        if ((len == 1 && seg[0] == '.') || (len == 2 && seg[0] == '.' && seg[1] == '.'))
            return true;
        if (!seg[len])
            return false;
        p = seg + len;
    }
}

static void check_int(const char *s)
{
    static const struct {
        int64_t min, max;
    } ranges[] = {{1, INT64_MAX}, {1, 500}, {0, INT64_MAX}, {INT64_MIN, INT64_MAX}, {-5, 5}};
    for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
        int64_t v = 12345;
        if (!parse_int64(s, ranges[i].min, ranges[i].max, &v)) {
            FUZZ_CHECK(v == 12345);
            continue;
        }
        FUZZ_CHECK(v >= ranges[i].min && v <= ranges[i].max);
        size_t n = strlen(s);
        const char *digits = s[0] == '-' ? s + 1 : s;
        FUZZ_CHECK(n >= 1 && n <= 20 && *digits && strspn(digits, "0123456789") == strlen(digits));
        /* Without leading zeros the text is the canonical form of the value. */
        if (digits[0] != '0' || digits[1] == '\0') {
            char back[32];
            snprintf(back, sizeof back, "%" PRId64, v);
            FUZZ_CHECK(strcmp(back, s) == 0 || strcmp(s, "-0") == 0);
        }
    }
}

/* Puts the captured parameters back into the pattern: must give the path. */
static void check_rebuild(const char *pattern, const char *path, const char *const params[],
                          int nparams)
{
    size_t cap = strlen(path) + strlen(pattern) + 1;
    char *out = malloc(cap);
    size_t used = 0;
    int k = 0;
    for (const char *p = pattern; *p;) {
        if (*p == '{') {
            const char *close = strchr(p, '}');
            FUZZ_CHECK(close && k < nparams);
            size_t n = strlen(params[k]);
            FUZZ_CHECK(used + n < cap);
            memcpy(out + used, params[k++], n);
            used += n;
            p = close + 1;
        } else {
            FUZZ_CHECK(used + 1 < cap);
            out[used++] = *p++;
        }
    }
    out[used] = '\0';
    FUZZ_CHECK(k == nparams);
    FUZZ_CHECK(strcmp(out, path) == 0);
    free(out);
}

static void check_route(const char *method, const char *path)
{
    size_t len = strlen(path);
    char *copy = malloc(len + 1);   /* exactly as long as the path, as server.c does */
    size_t index = (size_t)-1;
    const char *params[ROUTE_MAX_PARAMS] = {0};
    int nparams = -1;
    enum route_match m = router_match(method, path, copy, &index, params, &nparams);
    if (m == ROUTE_FOUND) {
        FUZZ_CHECK(index < api_routes_count);
        const struct route *rt = &api_routes[index];
        FUZZ_CHECK(strcmp(rt->method, method) == 0 ||
                   (strcmp(method, "HEAD") == 0 && strcmp(rt->method, "GET") == 0));
        FUZZ_CHECK(nparams >= 0 && nparams <= ROUTE_MAX_PARAMS);
        for (int i = 0; i < nparams; i++) {
            FUZZ_CHECK(params[i] >= copy && params[i] < copy + len);
            FUZZ_CHECK(params[i][0] && !strchr(params[i], '/'));
            check_int(params[i]);
        }
        check_rebuild(rt->pattern, path, params, nparams);
    } else if (m == ROUTE_WRONG_METHOD) {
        FUZZ_CHECK(index < api_routes_count);
        FUZZ_CHECK(strcmp(api_routes[index].method, method) != 0);
        char allow[128];
        router_allowed_methods(index, allow, sizeof allow);
        FUZZ_CHECK(strstr(allow, api_routes[index].method) != NULL);
        char tiny[5];
        router_allowed_methods(index, tiny, sizeof tiny);
    } else {
        FUZZ_CHECK(m == ROUTE_NONE);
    }
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *raw = malloc(size + 1);
    memcpy(raw, data, size);
    raw[size] = '\0';

    struct arena a;
    arena_init(&a);

    /* url_decode on the raw bytes (NULs included), both ways. */
    for (int plus = 0; plus < 2; plus++) {
        char *d = url_decode(&a, raw, size, plus);
        if (d) {
            FUZZ_CHECK(strlen(d) <= size);
            FUZZ_CHECK(clean_text(d));
            FUZZ_CHECK(!plus || !memchr(raw, '+', size) || strchr(d, ' ') != NULL);
        }
    }

    struct target t;
    memset(&t, 0xA5, sizeof t);
    int rc = target_parse(&a, raw, &t);
    if (raw[0] != '/')
        FUZZ_CHECK(rc == -1);
    if (rc == 0) {
        FUZZ_CHECK(t.path && t.path[0] == '/');
        FUZZ_CHECK(clean_text(t.path));
        FUZZ_CHECK(!has_dot_segment(t.path));
        FUZZ_CHECK(t.nparams >= 0 && t.nparams <= QUERY_MAX_PARAMS);
        FUZZ_CHECK(t.nparams == 0 || strchr(raw, '?'));
        for (int i = 0; i < t.nparams; i++) {
            const struct query_param *qp = &t.params[i];
            FUZZ_CHECK(qp->name && qp->value && qp->name[0]);
            FUZZ_CHECK(clean_text(qp->name) && clean_text(qp->value));
            /* target_param gives the first value under that name. */
            const char *first = target_param(&t, qp->name);
            FUZZ_CHECK(first);
            for (int j = 0; j < t.nparams; j++)
                if (strcmp(t.params[j].name, qp->name) == 0) {
                    FUZZ_CHECK(first == t.params[j].value);
                    break;
                }
            check_int(qp->value);
        }
        static const char *const names[] = {"limit", "after", "id", "q", "region", ""};
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
            const char *v = target_param(&t, names[i]);
            if (v)
                check_int(v);
        }
        static const char *const methods[] = {"GET", "POST", "HEAD", "PATCH", "DELETE", "PUT"};
        for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
            check_route(methods[i], t.path);
    } else {
        FUZZ_CHECK(rc == -1);
    }

    arena_free(&a);
    free(raw);
    return 0;
}
