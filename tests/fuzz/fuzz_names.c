/* Fuzzes the name normaliser and matcher (domain/names.c) with arbitrary bytes.
 * The input is split at newlines into up to four names (first and last name of two
 * people) and a birth date; a missing piece is read as NULL.
 * Must hold: no memory error, leak or undefined behaviour; every string returned is
 * valid UTF-8 (malformed input bytes are dropped, never copied); a normal form has
 * no leading, trailing or doubled space and normalising it again gives it back; a
 * skeleton is the same from the name and from its normal form; a key, when made, is
 * "n1|<date>|..." and does not depend on the order of first and last name;
 * names_probably_same() is symmetric, true for a pair and itself when both names
 * have a skeleton, and true only when the two pairs share a key for a given birth
 * date; name_match_keys() gives at most two keys, distinct. */
#include "fuzz_common.h"

#include "core/arena.h"
#include "core/util.h"
#include "domain/names.h"

#include <string.h>

#define PIECES 5

static void check_name(struct arena *a, const char *name)
{
    const char *normal = name_normalize(a, name);
    size_t len = strlen(normal);
    FUZZ_CHECK(utf8_valid(normal, len));
    FUZZ_CHECK(len == 0 || (normal[0] != ' ' && normal[len - 1] != ' '));
    FUZZ_CHECK(strstr(normal, "  ") == NULL);
    FUZZ_CHECK(strcmp(name_normalize(a, normal), normal) == 0);

    const char *skeleton = name_skeleton(a, name);
    FUZZ_CHECK(utf8_valid(skeleton, strlen(skeleton)));
    FUZZ_CHECK(strcmp(name_skeleton(a, normal), skeleton) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    arena_init(&a);
    char *text = arena_strndup(&a, (const char *)data, size); /* stops at a NUL byte */
    const char *piece[PIECES] = {NULL};
    size_t n = 0;
    for (char *p = text; n < PIECES;) {
        piece[n++] = p;
        char *newline = strchr(p, '\n');
        if (!newline)
            break;
        *newline = '\0';
        p = newline + 1;
    }
    const char *first1 = piece[0], *last1 = piece[1], *first2 = piece[2], *last2 = piece[3];
    const char *date = piece[4] ? piece[4] : "1990-01-01";

    for (size_t i = 0; i < n; i++)
        check_name(&a, piece[i]);

    char *key = name_match_key(&a, first1, last1, date);
    if (key) {
        FUZZ_CHECK(utf8_valid(key, strlen(key)));
        FUZZ_CHECK(strncmp(key, "n1|", 3) == 0 && strncmp(key + 3, date, 10) == 0);
        char *swapped = name_match_key(&a, last1, first1, date);
        FUZZ_CHECK(swapped && strcmp(swapped, key) == 0);
    }

    bool same = names_probably_same(&a, first1, last1, first2, last2);
    FUZZ_CHECK(same == names_probably_same(&a, first2, last2, first1, last1));
    FUZZ_CHECK(same == names_probably_same(&a, last1, first1, first2, last2));
    if (same) {
        char *other = name_match_key(&a, first2, last2, "1990-01-01");
        FUZZ_CHECK(other && strcmp(other, name_match_key(&a, first1, last1, "1990-01-01")) == 0);
    }
    bool has_skeletons = *name_skeleton(&a, first1) && *name_skeleton(&a, last1);
    FUZZ_CHECK(names_probably_same(&a, first1, last1, first1, last1) == has_skeletons);

    char *keys[NAME_MATCH_KEYS_MAX];
    size_t count = name_match_keys(&a, first1, last1, first2, last2, date, keys);
    FUZZ_CHECK(count <= NAME_MATCH_KEYS_MAX);
    for (size_t i = 0; i < count; i++)
        FUZZ_CHECK(utf8_valid(keys[i], strlen(keys[i])));
    FUZZ_CHECK(count < 2 || strcmp(keys[0], keys[1]) != 0);

    arena_free(&a);
    return 0;
}
