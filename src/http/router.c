/* Route matching (see router.h). The table has a few dozen rows: a linear scan
 * comparing segment by segment costs about a microsecond. */
#include "http/router.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Matches `path` against `pattern`; captures point into path_copy, where each
 * captured segment gets its terminating NUL. */
static bool pattern_matches(const char *pattern, const char *path, char *path_copy,
                            const char *params[ROUTE_MAX_PARAMS], int *nparams)
{
    const char *pp = pattern, *sp = path;
    int n = 0;
    while (*pp && *sp) {
        if (*pp != '/' || *sp != '/')
            return false;
        pp++;
        sp++;
        const char *pend = strchr(pp, '/');
        size_t plen = pend ? (size_t)(pend - pp) : strlen(pp);
        const char *send = strchr(sp, '/');
        size_t slen = send ? (size_t)(send - sp) : strlen(sp);
        if (plen > 0 && pp[0] == '{') {
            if (slen == 0 || n == ROUTE_MAX_PARAMS)
                return false;
            if (path_copy) {
                char *seg = path_copy + (sp - path);
                seg[slen] = '\0';
                params[n] = seg;
            }
            n++;
        } else if (plen != slen || memcmp(pp, sp, plen) != 0) {
            return false;
        }
        pp += plen;
        sp += slen;
    }
    if (*pp || *sp)
        return false;
    *nparams = n;
    return true;
}

enum route_match router_match(const char *method, const char *path, char *path_copy,
                              size_t *index, const char *params[ROUTE_MAX_PARAMS],
                              int *nparams)
{
    /* The most specific pattern wins (fewest parameters): "/applications/status"
     * before "/applications/{id}", whatever the order of the table. */
    enum route_match result = ROUTE_NONE;
    int best_params = ROUTE_MAX_PARAMS + 1;
    const char *ignored[ROUTE_MAX_PARAMS];
    bool is_head = strcmp(method, "HEAD") == 0;
    for (size_t i = 0; i < api_routes_count; i++) {
        const struct route *rt = &api_routes[i];
        int n;
        if (!pattern_matches(rt->pattern, path, NULL, ignored, &n))
            continue;
        if (strcmp(rt->method, method) == 0 || (is_head && strcmp(rt->method, "GET") == 0)) {
            if (result != ROUTE_FOUND || n < best_params) {
                result = ROUTE_FOUND;
                best_params = n;
                *index = i;
            }
        } else if (result == ROUTE_NONE) {
            *index = i;
            result = ROUTE_WRONG_METHOD;
        }
    }
    if (result == ROUTE_FOUND) {
        strcpy(path_copy, path);
        pattern_matches(api_routes[*index].pattern, path, path_copy, params, nparams);
    }
    return result;
}

void router_allowed_methods(size_t index, char *out, size_t len)
{
    const char *pattern = api_routes[index].pattern;
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < api_routes_count; i++) {
        if (strcmp(api_routes[i].pattern, pattern) != 0)
            continue;
        int w = snprintf(out + used, len - used, "%s%s", used ? ", " : "", api_routes[i].method);
        if (w < 0 || (size_t)w >= len - used)
            return;
        used += (size_t)w;
    }
}
