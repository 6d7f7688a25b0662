/* Demonstration applicants (see people.h). */
#include "cli/people.h"

#include "core/embedded.h"
#include "core/util.h"
#include "domain/dates.h"
#include "domain/regions.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct name {
    const char *latin, *arabic;
    uint32_t weight;
};

struct name_list {
    struct name *items;
    size_t count;
    uint32_t total;
};

struct people {
    uint64_t state;
    json_t *document;   /* owns the name strings */
    struct name_list first, family;
    /* The previous person, to come back as a duplicate. Its texts that came from
     * the caller's arena are copied here, so the arena may be freed between calls. */
    struct applicant last;
    char last_first[256], last_family[256], last_birth[11], last_phone[16];
    bool has_last;
};

static const char *const ideas[] = {
    "Atelier de couture", "Coopérative d'huile d'argan", "Élevage de poulets",
    "Vente de produits du terroir", "Salon de coiffure", "مشروع للخياطة التقليدية",
    "Pâtisserie marocaine", "تعاونية لإنتاج الكسكس", "Boutique de vêtements",
    "Tissage de tapis", "Service de traiteur", "Crèche de quartier",
};

uint32_t people_random(struct people *p, uint32_t n)
{
    /* xorshift64*: fast, and the same sequence on every machine. */
    p->state ^= p->state >> 12;
    p->state ^= p->state << 25;
    p->state ^= p->state >> 27;
    return (uint32_t)(((p->state * 2685821657736338717ULL) >> 32) % n);
}

static const struct fate fates[] = {
    {{APP_SUBMITTED}, 1, 30},
    {{APP_SUBMITTED, APP_UNDER_REVIEW}, 2, 18},
    {{APP_SUBMITTED, APP_UNDER_REVIEW, APP_ELIGIBLE}, 3, 8},
    {{APP_SUBMITTED, APP_UNDER_REVIEW, APP_INELIGIBLE}, 3, 5},
    {{APP_SUBMITTED, APP_UNDER_REVIEW, APP_ELIGIBLE, APP_ACCEPTED}, 4, 10},
    {{APP_SUBMITTED, APP_UNDER_REVIEW, APP_ELIGIBLE, APP_WAITLISTED}, 4, 5},
    {{APP_SUBMITTED, APP_UNDER_REVIEW, APP_ELIGIBLE, APP_ACCEPTED, APP_IN_TRAINING}, 5, 9},
    {{APP_SUBMITTED, APP_UNDER_REVIEW, APP_ELIGIBLE, APP_ACCEPTED, APP_IN_TRAINING,
      APP_INCUBATED}, 6, 6},
    {{APP_SUBMITTED, APP_UNDER_REVIEW, APP_ELIGIBLE, APP_ACCEPTED, APP_IN_TRAINING,
      APP_INCUBATED, APP_ENTERPRISE_CREATED}, 7, 5},
    {{APP_SUBMITTED, APP_WITHDRAWN}, 2, 4},
};

const struct fate *people_fate(struct people *p)
{
    uint32_t r = people_random(p, 100);
    size_t f = 0;
    while (f + 1 < ARRAY_LEN(fates) && r >= (uint32_t)fates[f].share) {
        r -= (uint32_t)fates[f].share;
        f++;
    }
    return &fates[f];
}

static int load_list(json_t *array, struct name_list *out)
{
    out->count = json_array_size(array);
    out->items = xmalloc(sizeof *out->items * (out->count ? out->count : 1));
    out->total = 0;
    for (size_t i = 0; i < out->count; i++) {
        json_t *e = json_array_get(array, i);
        out->items[i].latin = json_string_value(json_array_get(e, 0));
        out->items[i].arabic = json_string_value(json_array_get(e, 1));
        out->items[i].weight = (uint32_t)json_integer_value(json_array_get(e, 2));
        if (!out->items[i].latin || !out->items[i].arabic || !out->items[i].weight)
            return -1;
        out->total += out->items[i].weight;
    }
    return out->count ? 0 : -1;
}

struct people *people_new(uint64_t seed)
{
    const struct embedded_file *f = embedded_find("names.json");
    if (!f || regions_load() != 0)
        return NULL;
    struct people *p = xmalloc(sizeof *p);
    memset(p, 0, sizeof *p);
    p->state = seed ? seed : 0x9e3779b97f4a7c15ULL;
    p->document = json_loadb(f->data, f->size, 0, NULL);
    if (!p->document || load_list(json_object_get(p->document, "first_names"), &p->first) != 0 ||
        load_list(json_object_get(p->document, "family_names"), &p->family) != 0) {
        people_free(p);
        return NULL;
    }
    return p;
}

void people_free(struct people *p)
{
    if (!p)
        return;
    free(p->first.items);
    free(p->family.items);
    json_decref(p->document);
    free(p);
}

static const struct name *pick(struct people *p, const struct name_list *list)
{
    uint32_t r = people_random(p, list->total);
    for (size_t i = 0; i < list->count; i++) {
        if (r < list->items[i].weight)
            return &list->items[i];
        r -= list->items[i].weight;
    }
    return &list->items[0];
}

/* Another plausible spelling of a Latin name, as a clerk might type it. */
static const char *variant(struct arena *a, const char *name)
{
    if (strncmp(name, "El ", 3) == 0)
        return arena_printf(a, "El%s", name + 3);
    size_t n = strlen(name);
    if (n > 3 && name[n - 1] == 'a')
        return arena_printf(a, "%.*se", (int)(n - 1), name);
    return arena_printf(a, "%s", name);
}

/* Copies s into buf (they may be the same: a returning person's text already
 * lives there); NULL stays NULL. */
static const char *keep(char *buf, size_t size, const char *s)
{
    if (!s)
        return NULL;
    if (s != buf)
        snprintf(buf, size, "%s", s);
    return buf;
}

void people_next(struct people *p, struct arena *a, uint64_t serial, struct applicant *out)
{
    uint32_t kind = people_random(p, 100);
    if (p->has_last && kind < 2) {
        /* The same woman again: another CIN, her name spelt another way. */
        *out = p->last;
        out->first_name = out->first_name ? variant(a, out->first_name) : NULL;
        out->last_name = out->last_name ? variant(a, out->last_name) : NULL;
    } else {
        const struct name *first = pick(p, &p->first), *family = pick(p, &p->family);
        uint32_t script = people_random(p, 100);
        memset(out, 0, sizeof *out);
        if (script < 95) {
            out->first_name = first->latin;
            out->last_name = family->latin;
        }
        if (script >= 15) {
            out->first_name_ar = first->arabic;
            out->last_name_ar = family->arabic;
        }
        const struct region *reg = region_at(people_random(p, (uint32_t)regions_count()));
        out->region = reg->code;
        out->province = reg->provinces[people_random(p, (uint32_t)reg->province_count)];
        struct date today = date_today_utc();
        struct date birth = {.year = today.year - 18 - (int)people_random(p, 27),
                             .month = 1 + (int)people_random(p, 12),
                             .day = 1 + (int)people_random(p, 28)};
        char *b = arena_alloc(a, 11);
        date_format(birth, b);
        out->birth_date = b;
        out->sex = "F";
        out->education = applicant_educations[people_random(p, 5)];
        out->situation = applicant_situations[people_random(p, 6)];
        out->project_idea = ideas[people_random(p, (uint32_t)ARRAY_LEN(ideas))];
        out->consent = true;
    }
    static const char letters[] = "ABCDEFGHIJKLMNOPRSTUVWXYZ";
    out->cin = arena_printf(a, "%c%c%06llu", letters[serial % 25], letters[(serial / 25) % 25],
                            (unsigned long long)(serial % 1000000));
    if (p->has_last && kind == 2)   /* a relative sharing the previous person's phone */
        out->phone = p->last.phone;
    else if (kind >= 2)
        out->phone = arena_printf(a, "06%08llu", (unsigned long long)(serial % 100000000));
    p->last = *out;
    p->has_last = true;
    p->last.first_name = keep(p->last_first, sizeof p->last_first, out->first_name);
    p->last.last_name = keep(p->last_family, sizeof p->last_family, out->last_name);
    p->last.birth_date = keep(p->last_birth, sizeof p->last_birth, out->birth_date);
    p->last.phone = keep(p->last_phone, sizeof p->last_phone, out->phone);
}
