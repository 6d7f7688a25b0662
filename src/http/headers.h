/* Reading the request headers our code interprets itself: the session cookie, the
 * Bearer token, the content type of a body. Pure functions over the raw header
 * text, unit-tested and fuzzed; libmicrohttpd has already split the headers. */
#ifndef SANAD_HTTP_HEADERS_H
#define SANAD_HTTP_HEADERS_H

#include "core/arena.h"

#include <stdbool.h>

/* The value of cookie `name` in a Cookie header ("a=1; b=2"), copied into the
 * arena, or NULL when absent or malformed. Quotes around the value are removed. */
const char *cookie_value(struct arena *a, const char *cookie_header, const char *name);

/* The token of an "Authorization: Bearer <token>" header (scheme matched without
 * regard to case), or NULL. The token is a slice of the header, copied into the arena. */
const char *bearer_token(struct arena *a, const char *authorization);

/* True when a Content-Type names JSON: "application/json" with optional
 * parameters (a charset other than utf-8 is refused). */
bool content_type_is_json(const char *content_type);

/* True when `s` is a plausible request id sent by a proxy: 1–64 characters of
 * [A-Za-z0-9._-]. */
bool request_id_acceptable(const char *s);

#endif
