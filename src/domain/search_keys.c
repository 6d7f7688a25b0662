/* Search and duplicate keys of an applicant (see search_keys.h). */
#include "domain/search_keys.h"

#include "core/util.h"

#include <string.h>

static bool word_listed(const char *const *words, int n, const char *w)
{
    for (int i = 0; i < n; i++)
        if (strcmp(words[i], w) == 0)
            return true;
    return false;
}

void search_keys_for(struct arena *arena, const struct applicant_clean *a,
                     struct search_keys *out)
{
    char birth[11];
    date_format(a->birth_date, birth);
    char *keys[NAME_MATCH_KEYS_MAX] = {NULL};
    name_match_keys(arena, a->first_name, a->last_name, a->first_name_ar, a->last_name_ar, birth,
                    keys);
    for (int i = 0; i < NAME_MATCH_KEYS_MAX; i++)
        out->match[i] = keys[i];

    const char *names[] = {a->first_name, a->last_name, a->first_name_ar, a->last_name_ar};
    int n = 0;
    for (size_t i = 0; i < ARRAY_LEN(names); i++) {
        if (!names[i][0])
            continue;
        char *norm = name_normalize(arena, names[i]);
        char *save = NULL;
        for (char *w = strtok_r(norm, " ", &save); w && n < SEARCH_WORDS_MAX - 1;
             w = strtok_r(NULL, " ", &save))
            if (!word_listed(out->words, n, w))
                out->words[n++] = w;
    }
    out->words[n] = NULL;
}
