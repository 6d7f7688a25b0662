/* Bounded growable buffer (see strbuf.h). */
#include "core/strbuf.h"

#include "core/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void strbuf_init(struct strbuf *sb, size_t max)
{
    sb->data = NULL;
    sb->len = sb->cap = 0;
    sb->max = max;
}

void strbuf_free(struct strbuf *sb)
{
    free(sb->data);
    strbuf_init(sb, sb->max);
}

int strbuf_append(struct strbuf *sb, const void *data, size_t len)
{
    if (len > sb->max || sb->len > sb->max - len)
        return -1;
    if (sb->len + len + 1 > sb->cap) {
        size_t cap = sb->cap ? sb->cap : 256;
        while (cap < sb->len + len + 1)
            cap *= 2;
        sb->data = xrealloc(sb->data, cap);
        sb->cap = cap;
    }
    if (len)
        memcpy(sb->data + sb->len, data, len);
    sb->len += len;
    sb->data[sb->len] = '\0';
    return 0;
}

int strbuf_prepend(struct strbuf *sb, const void *data, size_t len)
{
    size_t old = sb->len;
    if (strbuf_append(sb, data, len) != 0)   /* makes the room, within the ceiling */
        return -1;
    memmove(sb->data + len, sb->data, old);
    memcpy(sb->data, data, len);
    return 0;
}

int strbuf_puts(struct strbuf *sb, const char *s)
{
    return strbuf_append(sb, s, strlen(s));
}

int strbuf_printf(struct strbuf *sb, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return -1;
    if ((size_t)n < sizeof small)
        return strbuf_append(sb, small, (size_t)n);
    char *big = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    int rc = strbuf_append(sb, big, (size_t)n);
    free(big);
    return rc;
}

char *strbuf_take(struct strbuf *sb)
{
    if (!sb->data)
        strbuf_append(sb, "", 0);
    char *p = sb->data;
    strbuf_init(sb, sb->max);
    return p;
}
