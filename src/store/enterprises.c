/* Enterprise storage (see enterprises.h). */
#include "store/enterprises.h"

#include "core/util.h"

#include <stdio.h>
#include <string.h>

#define ENTERPRISE_COLUMNS \
    "e.id, e.application_id, e.program_id, p.code, a.reference, a.first_name, a.last_name, " \
    "a.first_name_ar, a.last_name_ar, e.region, e.province, e.name, e.sector, e.legal_form, " \
    "e.created_on, e.jobs_created, e.description, e.created_at, e.updated_at"
#define ENTERPRISE_FROM \
    " FROM enterprises e JOIN applications a ON a.id = e.application_id " \
    "JOIN programs p ON p.id = e.program_id "

static int exec_status(int64_t rc)
{
    return rc < 0 ? (int)rc : 0;
}

static const char *opt_text(struct db_rows *r, int col, struct arena *a)
{
    return db_isnull(r, col) ? NULL : arena_strdup(a, db_text(r, col));
}

int enterprises_lock_application(struct db_conn *c, struct arena *a, int64_t application_id,
                                 char status[ENTERPRISE_STATUS_SIZE], int64_t *program_id,
                                 const char **region, const char **province)
{
    /* An update that changes nothing still takes the row lock in PostgreSQL. */
    struct db_rows *r = db_query(c,
                                 "UPDATE applications SET status = status WHERE id = ? "
                                 "RETURNING status, program_id, region, province",
                                 DB_PARAMS(P_INT(application_id)));
    if (!r)
        return db_last_error(c);
    int rc = db_next(r);
    if (rc == 1) {
        snprintf(status, ENTERPRISE_STATUS_SIZE, "%s", db_text(r, 0));
        *program_id = db_int(r, 1);
        *region = arena_strdup(a, db_text(r, 2));
        *province = arena_strdup(a, db_text(r, 3));
    }
    db_rows_close(r);
    return rc;
}

int enterprises_insert(struct db_conn *c, struct enterprise *e)
{
    char now[21];
    now_rfc3339(now);
    return db_insert_id(c,
                        "INSERT INTO enterprises (application_id, program_id, region, province, "
                        "name, sector, legal_form, created_on, jobs_created, description, "
                        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        "RETURNING id",
                        DB_PARAMS(P_INT(e->application_id), P_INT(e->program_id),
                                  P_TEXT(e->region), P_TEXT(e->province), P_TEXT(e->name),
                                  P_TEXT(e->sector), P_TEXT(e->legal_form), P_TEXT(e->created_on),
                                  P_INT(e->jobs_created), P_TEXT(e->description), P_TEXT(now),
                                  P_TEXT(now)),
                        &e->id);
}

static void read_enterprise(struct db_rows *r, struct arena *a, struct enterprise *e)
{
    e->id = db_int(r, 0);
    e->application_id = db_int(r, 1);
    e->program_id = db_int(r, 2);
    e->program_code = arena_strdup(a, db_text(r, 3));
    e->reference = arena_strdup(a, db_text(r, 4));
    e->first_name = opt_text(r, 5, a);
    e->last_name = opt_text(r, 6, a);
    e->first_name_ar = opt_text(r, 7, a);
    e->last_name_ar = opt_text(r, 8, a);
    e->region = arena_strdup(a, db_text(r, 9));
    e->province = arena_strdup(a, db_text(r, 10));
    e->name = arena_strdup(a, db_text(r, 11));
    e->sector = arena_strdup(a, db_text(r, 12));
    e->legal_form = arena_strdup(a, db_text(r, 13));
    e->created_on = arena_strdup(a, db_text(r, 14));
    e->jobs_created = db_int(r, 15);
    e->description = opt_text(r, 16, a);
    e->created_at = arena_strdup(a, db_text(r, 17));
    e->updated_at = arena_strdup(a, db_text(r, 18));
}

int enterprises_by_id(struct db_conn *c, struct arena *a, int64_t id, struct enterprise *out)
{
    struct db_rows *r = db_query(c, "SELECT " ENTERPRISE_COLUMNS ENTERPRISE_FROM "WHERE e.id = ?",
                                 DB_PARAMS(P_INT(id)));
    if (!r)
        return DB_EFAIL;
    int rc = db_next(r);
    if (rc == 1)
        read_enterprise(r, a, out);
    db_rows_close(r);
    return rc;
}

int enterprises_update(struct db_conn *c, const struct enterprise *e)
{
    char now[21];
    now_rfc3339(now);
    return exec_status(db_exec(c,
                               "UPDATE enterprises SET name = ?, sector = ?, legal_form = ?, "
                               "created_on = ?, jobs_created = ?, description = ?, updated_at = ? "
                               "WHERE id = ?",
                               DB_PARAMS(P_TEXT(e->name), P_TEXT(e->sector),
                                         P_TEXT(e->legal_form), P_TEXT(e->created_on),
                                         P_INT(e->jobs_created), P_TEXT(e->description),
                                         P_TEXT(now), P_INT(e->id))));
}

int enterprises_list(struct db_conn *c, struct arena *a, const struct enterprise_filter *f,
                     struct enterprise **out, int *count)
{
    /* Each filter is either bound or neutralised by its "= 0" / "IS NULL" twin, so
     * one statement text serves every combination (and is prepared once). */
    struct db_rows *r = db_query(
        c,
        "SELECT " ENTERPRISE_COLUMNS ENTERPRISE_FROM
        "WHERE (CAST(? AS BIGINT) = 0 OR e.program_id = ?) "
        "AND (CAST(? AS TEXT) IS NULL OR e.region = ?) "
        "AND (CAST(? AS TEXT) IS NULL OR e.sector = ?) "
        "AND (CAST(? AS BIGINT) = 0 OR (e.created_on <= ? AND NOT EXISTS ("
        "SELECT 1 FROM enterprise_followups f WHERE f.enterprise_id = e.id "
        "AND f.milestone = ?))) "
        "AND (CAST(? AS BIGINT) = 0 OR e.id < ?) ORDER BY e.id DESC LIMIT ?",
        DB_PARAMS(P_INT(f->program_id), P_INT(f->program_id), P_TEXT(f->region),
                  P_TEXT(f->region), P_TEXT(f->sector), P_TEXT(f->sector),
                  P_INT(f->due_milestone), P_TEXT(f->due_cutoff ? f->due_cutoff : ""),
                  P_INT(f->due_milestone), P_INT(f->after), P_INT(f->after), P_INT(f->limit)));
    if (!r)
        return DB_EFAIL;
    int cap = f->limit > 0 ? f->limit : 1, n = 0, rc = 0;
    struct enterprise *list = arena_alloc(a, sizeof *list * (size_t)cap);
    while (n < cap && (rc = db_next(r)) == 1)
        read_enterprise(r, a, &list[n++]);
    db_rows_close(r);
    if (rc < 0)
        return rc;
    *out = list;
    *count = n;
    return 0;
}

int enterprises_followups(struct db_conn *c, struct arena *a, int64_t enterprise_id,
                          struct followup **out, int *count)
{
    struct db_rows *r = db_query(c,
                                 "SELECT milestone, followed_on, still_active, jobs, revenue_band, "
                                 "note, actor, recorded_at, updated_at FROM enterprise_followups "
                                 "WHERE enterprise_id = ? ORDER BY milestone",
                                 DB_PARAMS(P_INT(enterprise_id)));
    if (!r)
        return DB_EFAIL;
    /* The primary key and the milestone check allow three rows at most. */
    struct followup *list = arena_alloc(a, sizeof *list * 3);
    int n = 0, rc;
    while ((rc = db_next(r)) == 1 && n < 3) {
        struct followup *f = &list[n++];
        f->milestone = (int)db_int(r, 0);
        f->followed_on = arena_strdup(a, db_text(r, 1));
        f->still_active = db_int(r, 2) != 0;
        f->jobs = db_int(r, 3);
        f->revenue_band = arena_strdup(a, db_text(r, 4));
        f->note = opt_text(r, 5, a);
        f->actor = arena_strdup(a, db_text(r, 6));
        f->recorded_at = arena_strdup(a, db_text(r, 7));
        f->updated_at = arena_strdup(a, db_text(r, 8));
    }
    db_rows_close(r);
    if (rc < 0)
        return rc;
    *out = list;
    *count = n;
    return 0;
}

int enterprises_add_followup(struct db_conn *c, int64_t enterprise_id, const struct followup *f,
                             const char *actor)
{
    char now[21];
    now_rfc3339(now);
    return exec_status(db_exec(c,
                               "INSERT INTO enterprise_followups (enterprise_id, milestone, "
                               "followed_on, still_active, jobs, revenue_band, note, actor, "
                               "recorded_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               DB_PARAMS(P_INT(enterprise_id), P_INT(f->milestone),
                                         P_TEXT(f->followed_on), P_INT(f->still_active ? 1 : 0),
                                         P_INT(f->jobs), P_TEXT(f->revenue_band), P_TEXT(f->note),
                                         P_TEXT(actor), P_TEXT(now), P_TEXT(now))));
}

int enterprises_update_followup(struct db_conn *c, int64_t enterprise_id,
                                const struct followup *f, const char *actor)
{
    char now[21];
    now_rfc3339(now);
    int64_t rc = db_exec(c,
                         "UPDATE enterprise_followups SET followed_on = ?, still_active = ?, "
                         "jobs = ?, revenue_band = ?, note = ?, actor = ?, updated_at = ? "
                         "WHERE enterprise_id = ? AND milestone = ?",
                         DB_PARAMS(P_TEXT(f->followed_on), P_INT(f->still_active ? 1 : 0),
                                   P_INT(f->jobs), P_TEXT(f->revenue_band), P_TEXT(f->note),
                                   P_TEXT(actor), P_TEXT(now), P_INT(enterprise_id),
                                   P_INT(f->milestone)));
    if (rc < 0)
        return (int)rc;
    return rc == 0 ? 1 : 0;
}

int enterprises_survival(struct db_conn *c, struct arena *a, int64_t program_id,
                         const char *region, int months, const char *cutoff,
                         const char *followed_by, struct survival_row **out, int *count)
{
    /* One pass over the programme's enterprises due for the milestone (the index
     * on program_id, region, created_on), each joined to that milestone's
     * follow-up if it has one. */
    struct db_rows *r = db_query(
        c,
        "SELECT e.region, COUNT(*), COUNT(f.enterprise_id), "
        "COALESCE(SUM(CASE WHEN f.still_active = 1 THEN 1 ELSE 0 END), 0) "
        "FROM enterprises e LEFT JOIN enterprise_followups f "
        "ON f.enterprise_id = e.id AND f.milestone = ? AND f.followed_on <= ? "
        "WHERE e.program_id = ? AND e.created_on <= ? "
        "AND (CAST(? AS TEXT) IS NULL OR e.region = ?) "
        "GROUP BY e.region ORDER BY e.region",
        DB_PARAMS(P_INT(months), P_TEXT(followed_by), P_INT(program_id), P_TEXT(cutoff),
                  P_TEXT(region), P_TEXT(region)));
    if (!r)
        return DB_EFAIL;
    /* One row per region at most; the reference map has twelve. */
    int cap = 16, n = 0, rc;
    struct survival_row *list = arena_alloc(a, sizeof *list * (size_t)cap);
    while ((rc = db_next(r)) == 1 && n < cap) {
        list[n].region = arena_strdup(a, db_text(r, 0));
        list[n].due = db_int(r, 1);
        list[n].followed = db_int(r, 2);
        list[n].active = db_int(r, 3);
        n++;
    }
    db_rows_close(r);
    if (rc < 0)
        return rc;
    *out = list;
    *count = n;
    return 0;
}
