/* Programme storage (see programs.h). */
#include "store/programs.h"

#include "core/util.h"

static const char *opt_text(struct db_rows *r, int col, struct arena *a)
{
    return db_isnull(r, col) ? NULL : arena_strdup(a, db_text(r, col));
}

int programs_by_code(struct db_conn *c, struct arena *a, const char *code, struct program *out)
{
    struct db_rows *r = db_query(c,
                                 "SELECT id, code, name_fr, name_ar, starts_on, ends_on, "
                                 "registration_open, eligibility, created_at, updated_at "
                                 "FROM programs WHERE code = ?",
                                 DB_PARAMS(P_TEXT(code)));
    if (!r)
        return DB_EFAIL;
    int rc = db_next(r);
    if (rc == 1) {
        out->id = db_int(r, 0);
        out->code = arena_strdup(a, db_text(r, 1));
        out->name_fr = arena_strdup(a, db_text(r, 2));
        out->name_ar = arena_strdup(a, db_text(r, 3));
        out->starts_on = opt_text(r, 4, a);
        out->ends_on = opt_text(r, 5, a);
        out->registration_open = db_int(r, 6) != 0;
        out->eligibility = arena_strdup(a, db_text(r, 7));
        out->created_at = arena_strdup(a, db_text(r, 8));
        out->updated_at = arena_strdup(a, db_text(r, 9));
    }
    db_rows_close(r);
    return rc;
}

int programs_insert(struct db_conn *c, struct program *p)
{
    char now[21];
    now_rfc3339(now);
    return db_insert_id(c,
                        "INSERT INTO programs (code, name_fr, name_ar, starts_on, ends_on, "
                        "registration_open, eligibility, created_at, updated_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                        DB_PARAMS(P_TEXT(p->code), P_TEXT(p->name_fr), P_TEXT(p->name_ar),
                                  P_TEXT(p->starts_on), P_TEXT(p->ends_on),
                                  P_INT(p->registration_open),
                                  P_TEXT(p->eligibility ? p->eligibility : "{}"), P_TEXT(now),
                                  P_TEXT(now)),
                        &p->id);
}

int programs_set_target(struct db_conn *c, int64_t program_id, const char *region,
                        int64_t beneficiaries)
{
    int64_t rc = db_exec(c,
                         "INSERT INTO program_targets (program_id, region, beneficiaries) "
                         "VALUES (?, ?, ?) ON CONFLICT (program_id, region) "
                         "DO UPDATE SET beneficiaries = excluded.beneficiaries",
                         DB_PARAMS(P_INT(program_id), P_TEXT(region), P_INT(beneficiaries)));
    return rc < 0 ? (int)rc : 0;
}
