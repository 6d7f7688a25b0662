/* The routing table's shape and its matcher. The table itself, the index of the
 * whole API, is in src/api/routes.c: each row gives the method, the path pattern
 * (segments in braces capture a parameter: "/api/v1/users/{id}"), the handler, the
 * action that authorises it, what body it takes, and the text of its OpenAPI entry.
 * The OpenAPI document and the authorisation check are derived from that table. */
#ifndef SANAD_HTTP_ROUTER_H
#define SANAD_HTTP_ROUTER_H

#include "security/authz.h"

#include <stddef.h>

struct req;
typedef void (*handler_fn)(struct req *r);

#define ROUTE_MAX_PARAMS 4

enum body_kind { BODY_NONE, BODY_JSON, BODY_FILE };

enum route_flags {
    ROUTE_RATE_LIMITED = 1 << 0,   /* counted against SANAD_RATE_LIMIT per address */
    ROUTE_NO_CSRF = 1 << 1,        /* unsafe method allowed without the CSRF header */
    ROUTE_LOOPBACK_PUBLIC = 1 << 2, /* ACT_PUBLIC for loopback clients only */
    ROUTE_NEVER_SHED = 1 << 3       /* answered even when the server sheds load */
};

struct route {
    const char *method;
    const char *pattern;
    handler_fn handler;
    enum action action;
    unsigned flags;
    enum body_kind body;
    const char *tag;       /* OpenAPI grouping */
    const char *summary;   /* OpenAPI one-line description */
};

extern const struct route api_routes[];
extern const size_t api_routes_count;

enum route_match { ROUTE_FOUND, ROUTE_WRONG_METHOD, ROUTE_NONE };

/* Finds the route for method and decoded path; when several patterns match, the
 * one with the fewest parameters. On ROUTE_FOUND, *index is its row
 * and params[] point into `path_copy` (a writable copy of the path the caller
 * provides, as long as the path). On ROUTE_WRONG_METHOD, *index is a row with the
 * same pattern (for the Allow header). */
enum route_match router_match(const char *method, const char *path, char *path_copy,
                              size_t *index, const char *params[ROUTE_MAX_PARAMS],
                              int *nparams);

/* The methods allowed on the pattern of row `index`, as "GET, POST". */
void router_allowed_methods(size_t index, char *out, size_t len);

#endif
