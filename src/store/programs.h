/* Storage of programmes and their targets per region. */
#ifndef SANAD_STORE_PROGRAMS_H
#define SANAD_STORE_PROGRAMS_H

#include "core/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

struct program {
    int64_t id;
    const char *code, *name_fr, *name_ar;
    const char *starts_on, *ends_on;      /* may be NULL */
    bool registration_open;
    const char *eligibility;              /* JSON object text */
    const char *created_at, *updated_at;
};

struct program_target {
    const char *region;
    int64_t beneficiaries;
};

/* 1 found, 0 not, or DB_E*. */
int programs_by_code(struct db_conn *c, struct arena *a, const char *code, struct program *out);
/* Every programme (or only those open to registration), by code. */
int programs_list(struct db_conn *c, struct arena *a, bool open_only, struct program **out,
                  int *count);
/* Sets p->id; DB_EUNIQUE when the code is taken. */
int programs_insert(struct db_conn *c, struct program *p);
/* Writes every field of p but id, code and created_at. */
int programs_update(struct db_conn *c, struct program *p);
int programs_set_target(struct db_conn *c, int64_t program_id, const char *region,
                        int64_t beneficiaries);
/* Removes every target of a programme (before setting a new list). */
int programs_clear_targets(struct db_conn *c, int64_t program_id);
/* The targets of a programme, by region code. */
int programs_targets(struct db_conn *c, struct arena *a, int64_t program_id,
                     struct program_target **out, int *count);
/* The target of one region: 1 with *beneficiaries set, 0 when none is set. */
int programs_target_of(struct db_conn *c, int64_t program_id, const char *region,
                       int64_t *beneficiaries);

#endif
