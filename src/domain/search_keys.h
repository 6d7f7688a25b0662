/* The keys under which an applicant is found again: the duplicate-detection keys
 * (names.h, name_match_keys) and the search words of her names in comparison form.
 * Computed the same way wherever an application is written: online registration,
 * staff edits, imports and demo data. */
#ifndef SANAD_DOMAIN_SEARCH_KEYS_H
#define SANAD_DOMAIN_SEARCH_KEYS_H

#include "domain/applicant.h"
#include "domain/names.h"

struct arena;

#define SEARCH_WORDS_MAX 16

struct search_keys {
    const char *match[NAME_MATCH_KEYS_MAX];   /* NULL when absent */
    const char *words[SEARCH_WORDS_MAX];      /* each word once, NULL-terminated */
};

/* Fills `out` for applicant `a`; every string is allocated in the arena. */
void search_keys_for(struct arena *arena, const struct applicant_clean *a,
                     struct search_keys *out /* OUT */);

#endif
