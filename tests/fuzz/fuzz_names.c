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
 * date; name_match_keys() gives at most two keys, distinct, the same whichever
 * script's slots a pair of names is given in, and one key when a Latin and an
 * Arabic pair are probably the same; search_keys_for(), with the two people's
 * names as the Latin and Arabic names of one applicant, gives the keys of
 * name_match_keys() and the words of the names' normal forms, each once. */
#include "fuzz_common.h"

#include "core/arena.h"
#include "core/util.h"
#include "domain/dates.h"
#include "domain/names.h"
#include "domain/search_keys.h"

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

static bool same_keys(char *const x[], size_t nx, char *const y[], size_t ny)
{
    if (nx != ny)
        return false;
    for (size_t i = 0; i < nx; i++)
        if (strcmp(x[i], y[i]) != 0)
            return false;
    return true;
}

/* keys/count: name_match_keys() of the Latin pair (first1, last1) and the Arabic
 * pair (first2, last2). */
static void check_cross_script(struct arena *a, const char *first1, const char *last1,
                               const char *first2, const char *last2, const char *date,
                               char *const keys[], size_t count)
{
    char *latin[NAME_MATCH_KEYS_MAX], *arabic[NAME_MATCH_KEYS_MAX];
    size_t nl = name_match_keys(a, first1, last1, NULL, NULL, date, latin);
    size_t na = name_match_keys(a, NULL, NULL, first1, last1, date, arabic);
    FUZZ_CHECK(nl <= 1 && same_keys(latin, nl, arabic, na));
    char *key = name_match_key(a, first1, last1, date);
    FUZZ_CHECK(nl == (key != NULL) && (!key || strcmp(latin[0], key) == 0));
    if (key)
        FUZZ_CHECK(count >= 1 && strcmp(keys[0], key) == 0);
    bool complete = *name_skeleton(a, first1) && *name_skeleton(a, last1) &&
                    *name_skeleton(a, first2) && *name_skeleton(a, last2);
    if (key && complete && names_probably_same(a, first1, last1, first2, last2))
        FUZZ_CHECK(count == 1);
}

static bool word_of(struct arena *a, const char *name, const char *word)
{
    char *norm = name_normalize(a, name);
    size_t n = strlen(word);
    for (const char *p = strstr(norm, word); p; p = strstr(p + 1, word))
        if ((p == norm || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

/* How many different words the normal forms of the four names hold together. */
static size_t distinct_words(struct arena *a, char *const slots[4])
{
    const char *seen[4 * APPLICANT_NAME_SIZE];
    size_t n = 0;
    for (size_t i = 0; i < 4; i++) {
        char *save = NULL;
        for (char *w = strtok_r(name_normalize(a, slots[i]), " ", &save); w;
             w = strtok_r(NULL, " ", &save)) {
            size_t k = 0;
            while (k < n && strcmp(seen[k], w) != 0)
                k++;
            if (k == n)
                seen[n++] = w;
        }
    }
    return n;
}

/* The two people's names as one applicant's Latin and Arabic names, as stored
 * (each at most APPLICANT_NAME_SIZE bytes; longer ones are left out). */
static void check_search_keys(struct arena *a, const char *const piece[PIECES], const char *date)
{
    struct applicant_clean c;
    char *const slots[] = {c.first_name, c.last_name, c.first_name_ar, c.last_name_ar};
    for (size_t i = 0; i < 4; i++) {
        const char *name = piece[i] ? piece[i] : "";
        if (strlen(name) >= APPLICANT_NAME_SIZE)
            return;
        strcpy(slots[i], name);
    }
    if (!date_parse(date, &c.birth_date))
        c.birth_date = (struct date){1990, 1, 1};
    char birth[11];
    date_format(c.birth_date, birth);

    struct search_keys sk;
    search_keys_for(a, &c, &sk);
    char *keys[NAME_MATCH_KEYS_MAX] = {NULL};
    size_t count = name_match_keys(a, c.first_name, c.last_name, c.first_name_ar,
                                   c.last_name_ar, birth, keys);
    for (size_t i = 0; i < NAME_MATCH_KEYS_MAX; i++)
        FUZZ_CHECK(i < count ? sk.match[i] && strcmp(sk.match[i], keys[i]) == 0
                             : sk.match[i] == NULL);

    size_t words = 0, expected = distinct_words(a, slots);
    for (; sk.words[words]; words++) {
        const char *w = sk.words[words];
        FUZZ_CHECK(words < SEARCH_WORDS_MAX - 1);
        FUZZ_CHECK(*w && !strchr(w, ' ') && utf8_valid(w, strlen(w)));
        for (size_t k = 0; k < words; k++)
            FUZZ_CHECK(strcmp(sk.words[k], w) != 0);
        bool found = false;
        for (size_t i = 0; i < 4 && !found; i++)
            found = word_of(a, slots[i], w);
        FUZZ_CHECK(found);
    }
    FUZZ_CHECK(words == (expected < SEARCH_WORDS_MAX - 1 ? expected : SEARCH_WORDS_MAX - 1));
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
    check_cross_script(&a, first1, last1, first2, last2, date, keys, count);
    check_search_keys(&a, piece, date);

    arena_free(&a);
    return 0;
}
