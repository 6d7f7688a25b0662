/* Shared helpers (see util.h). */
#include "core/util.h"

#include <errno.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

void format_rfc3339(time_t t, char out[21])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void now_rfc3339(char out[21])
{
    format_rfc3339(time(NULL), out);
}

void today_iso(char out[11])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 11, "%Y-%m-%d", &tm);
}

int thread_start_without_signals(pthread_t *thread, void *(*run)(void *), void *arg)
{
    sigset_t all, before;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &before);
    int rc = pthread_create(thread, NULL, run, arg);
    pthread_sigmask(SIG_SETMASK, &before, NULL);
    return rc;
}

void random_hex(char *out, size_t n)
{
    unsigned char bytes[64];
    while (n > 0) {
        size_t chunk = n < sizeof bytes ? n : sizeof bytes;
        randombytes_buf(bytes, chunk);
        sodium_bin2hex(out, chunk * 2 + 1, bytes, chunk);
        out += chunk * 2;
        n -= chunk;
    }
}

size_t utf8_sequence_length(const char *str, size_t avail)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned c = s[0];
    size_t extra;
    unsigned min;
    if (c < 0x80)
        return 1;
    if ((c & 0xE0) == 0xC0)
        extra = 1, min = 0x80, c &= 0x1F;
    else if ((c & 0xF0) == 0xE0)
        extra = 2, min = 0x800, c &= 0x0F;
    else if ((c & 0xF8) == 0xF0)
        extra = 3, min = 0x10000, c &= 0x07;
    else
        return 0;
    if (avail <= extra)
        return 0;
    for (size_t i = 1; i <= extra; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    return extra + 1;
}

bool utf8_valid(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        size_t n = s[i] ? utf8_sequence_length(s + i, len - i) : 0;
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

static bool has_control(const char *s, bool breaks_allowed)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (breaks_allowed && (*p == '\t' || *p == '\n' || *p == '\r'))
            continue;
        if (*p < 0x20 || *p == 0x7f || (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
            return true;
    }
    return false;
}

bool text_has_control(const char *s)
{
    return has_control(s, false);
}

bool text_has_control_but_breaks(const char *s)
{
    return has_control(s, true);
}

size_t utf8_length(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

bool parse_int64(const char *s, int64_t min, int64_t max, int64_t *out)
{
    if (!s || !*s || strlen(s) > 20)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (p == s && *p == '-')))
            return false;
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (errno || *end || v < min || v > max)
        return false;
    *out = v;
    return true;
}

int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}
