/* Shared by the libFuzzer harnesses: the entry points' prototypes and a check
 * that stays on in optimised builds (assert() is compiled out by NDEBUG under
 * RelWithDebInfo, which is how scripts/fuzz.sh builds). A failed check prints the
 * broken invariant and aborts, which libFuzzer reports as a crash. */
#ifndef SANAD_FUZZ_COMMON_H
#define SANAD_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond)                                                                   \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond);   \
            abort();                                                                       \
        }                                                                                  \
    } while (0)

/* True when s holds an ASCII control character (C0 or DEL). */
static inline int fuzz_has_ascii_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return 1;
    return 0;
}

#endif
