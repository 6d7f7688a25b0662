/* Arena allocator (see arena.h): a list of blocks that grow geometrically, each
 * allocation bumped from the newest block; large requests get a block of their own. */
#include "core/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_FIRST_BLOCK 4096

struct arena_block {
    struct arena_block *next;
    size_t size, used;
    alignas(max_align_t) unsigned char data[];
};

struct arena_cleanup {
    struct arena_cleanup *next;
    void (*fn)(void *);
    void *ptr;
};

_Noreturn void die_oom(void)
{
    fputs("sanad: out of memory\n", stderr);
    abort();
}

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        die_oom();
    return p;
}

void *xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        die_oom();
    return q;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

void arena_init(struct arena *a)
{
    a->head = NULL;
    a->cleanups = NULL;
}

void arena_free(struct arena *a)
{
    for (struct arena_cleanup *c = a->cleanups; c; c = c->next)
        c->fn(c->ptr);
    a->cleanups = NULL;
    struct arena_block *b = a->head;
    while (b) {
        struct arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
}

void *arena_alloc(struct arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    size = (size + align - 1) & ~(align - 1);
    struct arena_block *b = a->head;
    if (!b || b->size - b->used < size) {
        size_t want = b ? b->size * 2 : ARENA_FIRST_BLOCK;
        if (want > 1024 * 1024)
            want = 1024 * 1024;
        if (want < size)
            want = size;
        if (want > SIZE_MAX - sizeof *b)
            die_oom();
        struct arena_block *nb = xmalloc(sizeof *nb + want);
        nb->size = want;
        nb->used = 0;
        if (b && want == size && b->size - b->used > 256) {
            /* A big one-off allocation: keep bumping from the current block. */
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        nb->used = size;
        return nb->data;
    }
    void *p = b->data + b->used;
    b->used += size;
    return p;
}

void *arena_zalloc(struct arena *a, size_t size)
{
    return memset(arena_alloc(a, size), 0, size);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        die_oom();
    char *p = arena_alloc(a, (size_t)n + 1);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void *arena_grow(struct arena *a, void *list, size_t n, size_t *cap, size_t size)
{
    if (list && n < *cap)
        return list;
    size_t bigger = *cap ? *cap * 2 : 16;
    void *copy = arena_alloc(a, size * bigger);
    if (list)
        memcpy(copy, list, size * *cap);
    *cap = bigger;
    return copy;
}

void arena_defer(struct arena *a, void (*fn)(void *), void *ptr)
{
    struct arena_cleanup *c = arena_alloc(a, sizeof *c);
    c->fn = fn;
    c->ptr = ptr;
    c->next = a->cleanups;
    a->cleanups = c;
}
