/* Personal names compared across spellings and scripts, to find probable duplicate
 * registrations: the same woman registered twice, her name spelt differently
 * ("Khadija El Idrissi", "Khadidja Idrissi") or written in another script
 * ("خديجة الإدريسي", "ⵅⴰⴷⵉⴵⴰ"). Pure functions, no I/O, no global state. Every
 * string returned comes from the caller's arena and is valid UTF-8 whatever the
 * input: malformed bytes are dropped, never copied.
 *
 * Three levels, each coarser than the one before:
 *  - name_normalize(): the comparison form in the name's own script: case,
 *    diacritics, Arabic vowel marks and letter variants, punctuation, spacing,
 *    particles and the Latin spellings of one sound folded. Two spellings that
 *    differ only in these normalise to the same text.
 *  - name_skeleton(): an ASCII phonetic key that Latin, Arabic and Tifinagh
 *    spellings of one name share: its consonants by class, vowels left out but for
 *    whether the name starts and ends with one.
 *  - names_probably_same(): equal skeletons, and the vowels that both spellings
 *    write agree (see names.c), for first and last name in either order.
 * name_match_key() turns skeletons and birth date into the one string under which
 * an application is indexed: two applications whose names are probably the same and
 * whose birth dates are equal always share a key (the converse does not hold: the
 * key ignores vowels, so a lookup may bring a few more candidates, which
 * names_probably_same() can sort out). */
#ifndef SANAD_DOMAIN_NAMES_H
#define SANAD_DOMAIN_NAMES_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

/* An application has at most one key per script it gives its names in. */
#define NAME_MATCH_KEYS_MAX 2

/* The comparison form of one name (first or last): lower-case Latin without
 * diacritics, Arabic without vowel marks, words separated by single spaces, no
 * leading or trailing space. Idempotent: normalising the result again gives it
 * back. NULL is read as "". */
char *name_normalize(struct arena *a, const char *name);

/* The phonetic skeleton of one name, in ASCII: "a" first when the name starts with
 * a vowel, then one letter per consonant class (b d f g h j k l m n r s t w y z,
 * c for ch/sh/ش, x for kh/خ, q for gh/غ; letters of other scripts as they are),
 * then "a" or "u" when it ends with a vowel. "Fatima", "Fatma", "فاطمة" and
 * "ⴼⴰⵟⵉⵎⴰ" all give "ftma". "" when the name has no letter. Equal for a name
 * and its normal form. */
char *name_skeleton(struct arena *a, const char *name);

/* The key under which an application is indexed for probable duplicates:
 * "n1|<birth date>|<skeleton>|<skeleton>", the skeletons of first and last name in
 * sorted order, so that a registration with the two names swapped shares it. NULL
 * when either name has no letter or birth_date is not "YYYY-MM-DD". */
char *name_match_key(struct arena *a, const char *first_name, const char *last_name,
                     const char *birth_date);

/* The keys of an application that may give its names in Latin script, Arabic
 * script or both: one from the Latin names and one from the Arabic names, each
 * completed from the other script when one of its two names is missing, the second
 * left out when equal to the first. Returns how many were stored in keys (0 when no
 * key can be made). */
size_t name_match_keys(struct arena *a, const char *first_name, const char *last_name,
                       const char *first_name_ar, const char *last_name_ar,
                       const char *birth_date, char *keys[NAME_MATCH_KEYS_MAX]);

/* Whether first1 last1 and first2 last2 are probably the same person's names, in
 * any mix of scripts, first and last name possibly swapped. Symmetric. True for a
 * pair and itself unless a name has no letter. */
bool names_probably_same(struct arena *a, const char *first1, const char *last1,
                         const char *first2, const char *last2);

#endif
