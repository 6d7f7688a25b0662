/* Small helpers shared by every layer: clocks, timestamps in the API's format,
 * random identifiers, and UTF-8 checks. */
#ifndef SANAD_CORE_UTIL_H
#define SANAD_CORE_UTIL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Milliseconds from a monotonic clock, for durations. */
double mono_ms(void);
/* "2026-11-22T20:11:07Z" for `t` (UTC), into out[21]. */
void format_rfc3339(time_t t, char out[21]);
/* The current time as above. */
void now_rfc3339(char out[21]);
/* Today's date "YYYY-MM-DD" (UTC), into out[11]. */
void today_iso(char out[11]);

/* pthread_create() for a helper thread (a checkpointer, the committer): it starts
 * with every signal blocked, whatever the caller's mask, so that SIGINT or
 * SIGTERM is never taken by a thread that would die of it instead of by the one
 * that waits for it with sigwait(). Returns pthread_create()'s result. */
int thread_start_without_signals(pthread_t *thread, void *(*run)(void *), void *arg);

/* `n` random bytes as 2n lowercase hex digits, into out[2n+1]. */
void random_hex(char *out, size_t n);

/* Length (1–4) of the well-formed UTF-8 sequence that starts s[0..avail), or 0
 * when none does; a NUL byte is a sequence of one. */
size_t utf8_sequence_length(const char *s, size_t avail);
/* True when s[0..len) is well-formed UTF-8 without NUL bytes. */
bool utf8_valid(const char *s, size_t len);
/* True when valid UTF-8 text holds a control character: C0 (below U+0020), DEL,
 * or C1 (U+0080–U+009F). Tab and line breaks count as controls too. */
bool text_has_control(const char *s);
/* The same, but tab, line feed and carriage return are allowed (multi-line text). */
bool text_has_control_but_breaks(const char *s);
/* Number of code points of a valid UTF-8 string. */
size_t utf8_length(const char *s);

/* Parses a decimal integer in [min,max]; returns false on any other text. */
bool parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);
/* The value of a hexadecimal digit (either case), or -1. */
int hex_value(char c);

#endif
