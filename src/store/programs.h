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

/* 1 found, 0 not, or DB_E*. */
int programs_by_code(struct db_conn *c, struct arena *a, const char *code, struct program *out);
/* Sets p->id; DB_EUNIQUE when the code is taken. */
int programs_insert(struct db_conn *c, struct program *p);
int programs_set_target(struct db_conn *c, int64_t program_id, const char *region,
                        int64_t beneficiaries);

#endif
