/* A growable byte buffer with a mandatory ceiling: appending past `max` fails
 * (returns -1) and leaves the buffer as it was, so callers can answer "too large"
 * instead of growing without bound. The buffer owns its memory; strbuf_free()
 * releases it, strbuf_take() hands it over to the caller. */
#ifndef SANAD_CORE_STRBUF_H
#define SANAD_CORE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
    char *data;     /* read-only: always NUL-terminated once anything was added */
    size_t len;     /* read-only */
    size_t cap;     /* private */
    size_t max;     /* public: the ceiling, set by strbuf_init() */
};

void strbuf_init(struct strbuf *sb, size_t max);
void strbuf_free(struct strbuf *sb);
int strbuf_append(struct strbuf *sb, const void *data, size_t len);
/* Inserts before what the buffer holds, in place: a large text gets a small head
 * without a second copy of itself. `data` must not point into the buffer. */
int strbuf_prepend(struct strbuf *sb, const void *data, size_t len);
int strbuf_puts(struct strbuf *sb, const char *s);
int strbuf_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Returns the data (malloc'd, NUL-terminated, caller frees) and empties the buffer. */
char *strbuf_take(struct strbuf *sb);

#endif
