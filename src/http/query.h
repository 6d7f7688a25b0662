/* Parsing of the request target: the path and the query string, percent-decoded
 * into the request's arena. Pure functions (no I/O), so they can be unit-tested
 * and fuzzed on their own. Decoded text must be valid UTF-8 without NUL or other
 * control characters; anything else is refused rather than passed on. */
#ifndef SANAD_HTTP_QUERY_H
#define SANAD_HTTP_QUERY_H

#include "core/arena.h"

#include <stdbool.h>
#include <stddef.h>

#define QUERY_MAX_PARAMS 32

struct query_param {
    const char *name, *value;
};

struct target {
    const char *path;                         /* decoded, starts with '/' */
    struct query_param params[QUERY_MAX_PARAMS];
    int nparams;
};

/* Percent-decodes s[0..len) into the arena (with '+' as space when `plus_space`).
 * Returns NULL for a bad escape, invalid UTF-8 or a control character. */
char *url_decode(struct arena *a, const char *s, size_t len, bool plus_space);

/* Splits and decodes a raw request target ("/a/b?x=1&y=%20"). Returns 0, or -1
 * when the target is malformed (not starting with '/', bad encoding, a "." or ".."
 * segment, or more than QUERY_MAX_PARAMS parameters). */
int target_parse(struct arena *a, const char *raw, struct target *out);

/* The first value of parameter `name`, or NULL. */
const char *target_param(const struct target *t, const char *name);

#endif
