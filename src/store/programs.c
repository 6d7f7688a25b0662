/* Programme storage (see programs.h). */
#include "store/programs.h"

#include "core/util.h"

#include <string.h>

#define PROGRAM_COLUMNS \
    "id, code, name_fr, name_ar, starts_on, ends_on, registration_open, eligibility, " \
    "created_at, updated_at"

static const char *opt_text(struct db_rows *r, int col, struct arena *a)
{
    return db_isnull(r, col) ? NULL : arena_strdup(a, db_text(r, col));
}

static void read_program(struct db_rows *r, struct arena *a, struct program *out)
{
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

int programs_by_code(struct db_conn *c, struct arena *a, const char *code, struct program *out)
{
    struct db_rows *r = db_query(c, "SELECT " PROGRAM_COLUMNS " FROM programs WHERE code = ?",
                                 DB_PARAMS(P_TEXT(code)));
    if (!r)
        return DB_EFAIL;
    int rc = db_next(r);
    if (rc == 1)
        read_program(r, a, out);
    db_rows_close(r);
    return rc;
}

int programs_list(struct db_conn *c, struct arena *a, bool open_only, struct program **out,
                  int *count)
{
    struct db_rows *r = db_query(c,
                                 "SELECT " PROGRAM_COLUMNS " FROM programs "
                                 "WHERE registration_open >= ? ORDER BY code",
                                 DB_PARAMS(P_INT(open_only ? 1 : 0)));
    if (!r)
        return DB_EFAIL;
    size_t cap = 0;
    int n = 0, rc;
    struct program *list = NULL;
    while ((rc = db_next(r)) == 1) {
        list = arena_grow(a, list, (size_t)n, &cap, sizeof *list);
        read_program(r, a, &list[n++]);
    }
    db_rows_close(r);
    if (rc < 0)
        return rc;
    *out = list;
    *count = n;
    return 0;
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

static int exec_status(int64_t rc)
{
    return rc < 0 ? (int)rc : 0;
}

int programs_update(struct db_conn *c, struct program *p)
{
    char now[21];
    now_rfc3339(now);
    return exec_status(db_exec(c,
                               "UPDATE programs SET name_fr = ?, name_ar = ?, starts_on = ?, "
                               "ends_on = ?, registration_open = ?, eligibility = ?, "
                               "updated_at = ? WHERE id = ?",
                               DB_PARAMS(P_TEXT(p->name_fr), P_TEXT(p->name_ar),
                                         P_TEXT(p->starts_on), P_TEXT(p->ends_on),
                                         P_INT(p->registration_open), P_TEXT(p->eligibility),
                                         P_TEXT(now), P_INT(p->id))));
}

int programs_set_target(struct db_conn *c, int64_t program_id, const char *region,
                        int64_t beneficiaries)
{
    return exec_status(db_exec(c,
                               "INSERT INTO program_targets (program_id, region, beneficiaries) "
                               "VALUES (?, ?, ?) ON CONFLICT (program_id, region) "
                               "DO UPDATE SET beneficiaries = excluded.beneficiaries",
                               DB_PARAMS(P_INT(program_id), P_TEXT(region),
                                         P_INT(beneficiaries))));
}

int programs_clear_targets(struct db_conn *c, int64_t program_id)
{
    return exec_status(db_exec(c, "DELETE FROM program_targets WHERE program_id = ?",
                               DB_PARAMS(P_INT(program_id))));
}

int programs_targets(struct db_conn *c, struct arena *a, int64_t program_id,
                     struct program_target **out, int *count)
{
    struct db_rows *r = db_query(c,
                                 "SELECT region, beneficiaries FROM program_targets "
                                 "WHERE program_id = ? ORDER BY region",
                                 DB_PARAMS(P_INT(program_id)));
    if (!r)
        return DB_EFAIL;
    /* At most one row per region. */
    struct program_target *list = arena_alloc(a, sizeof *list * 64);
    int n = 0, rc;
    while ((rc = db_next(r)) == 1 && n < 64) {
        list[n].region = arena_strdup(a, db_text(r, 0));
        list[n].beneficiaries = db_int(r, 1);
        n++;
    }
    db_rows_close(r);
    if (rc < 0)
        return rc;
    *out = list;
    *count = n;
    return 0;
}

int programs_target_of(struct db_conn *c, int64_t program_id, const char *region,
                       int64_t *beneficiaries)
{
    return db_query_int(c,
                        "SELECT beneficiaries FROM program_targets "
                        "WHERE program_id = ? AND region = ?",
                        DB_PARAMS(P_INT(program_id), P_TEXT(region)), beneficiaries);
}
