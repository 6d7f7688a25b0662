/* Made-up applicants for demonstration and benchmark data: Moroccan names in both
 * scripts with realistic frequencies (data/names.json, embedded), regions and
 * provinces from the reference map, plausible ages, CINs and phone numbers. The
 * sequence is reproducible from its seed. A small share of people come back under
 * another CIN, with their name spelt another way or the same phone, so that the
 * probable-duplicate review has work to show. */
#ifndef SANAD_CLI_PEOPLE_H
#define SANAD_CLI_PEOPLE_H

#include "core/arena.h"
#include "domain/applicant.h"
#include "domain/workflow.h"

#include <stdint.h>

struct people;

/* NULL when the embedded names cannot be read. */
struct people *people_new(uint64_t seed);
void people_free(struct people *p);

/* The next applicant (strings in the arena); `serial` makes CIN and phone unique. */
void people_next(struct people *p, struct arena *a, uint64_t serial, struct applicant *out);

/* A uniform random number in [0, n). */
uint32_t people_random(struct people *p, uint32_t n);

/* Where an application ends up: the states it walks through from submitted. */
struct fate {
    enum app_state path[7];
    int steps;          /* states in path */
    int share;          /* applications in a hundred */
};
/* A fate drawn with the shares of the demo (and benchmark) programme. */
const struct fate *people_fate(struct people *p);

#endif
