/* Per-request memory: an arena from which a request's strings, buffers and parsed
 * values are taken, all released at once by arena_free() when the request ends.
 * Cleanups (for objects owned by other libraries, such as jansson values) run at
 * that moment too, in reverse order of registration.
 *
 * Out-of-memory policy, for the whole program: allocation failure aborts. A server
 * that cannot get a few kilobytes has no better answer to give. */
#ifndef SANAD_CORE_ARENA_H
#define SANAD_CORE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_block;
struct arena_cleanup;

struct arena {
    struct arena_block *head;     /* private */
    struct arena_cleanup *cleanups; /* private */
};

void arena_init(struct arena *a);
/* Runs the cleanups and frees every block; the arena can be used again after. */
void arena_free(struct arena *a);

void *arena_alloc(struct arena *a, size_t size);        /* aligned, uninitialised */
void *arena_zalloc(struct arena *a, size_t size);       /* zero-filled */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap);

/* For arrays built one element at a time: returns `list` when it has room for
 * element n (0-based), else a copy twice as large (*cap updated). A NULL list
 * with *cap == 0 starts one. */
void *arena_grow(struct arena *a, void *list, size_t n, size_t *cap, size_t size);

/* Registers fn(ptr) to run when the arena is freed. */
void arena_defer(struct arena *a, void (*fn)(void *), void *ptr);

/* Aborts with a message: the single out-of-memory exit. */
_Noreturn void die_oom(void);
/* malloc/realloc that abort instead of returning NULL. */
void *xmalloc(size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);

#endif
