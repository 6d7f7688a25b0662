/* Report aggregates (see reports.h). */
#include "store/reports.h"


int reports_status_counts(struct db_conn *c, struct arena *a, int64_t program_id,
                          struct status_count **out, int *count)
{
    struct db_rows *r = db_query(c,
                                 "SELECT region, status, applications FROM application_counts "
                                 "WHERE program_id = ? AND applications <> 0 "
                                 "ORDER BY region, status",
                                 DB_PARAMS(P_INT(program_id)));
    if (!r)
        return DB_EFAIL;
    size_t cap = 0;
    int n = 0, rc;
    struct status_count *list = NULL;
    while ((rc = db_next(r)) == 1) {
        list = arena_grow(a, list, (size_t)n, &cap, sizeof *list);
        list[n].region = arena_strdup(a, db_text(r, 0));
        list[n].status = arena_strdup(a, db_text(r, 1));
        list[n].applications = db_int(r, 2);
        n++;
    }
    db_rows_close(r);
    if (rc < 0)
        return rc;
    *out = list;
    *count = n;
    return 0;
}

int reports_daily(struct db_conn *c, struct arena *a, int64_t program_id, const char *region,
                  struct day_count **out, int *count)
{
    struct db_rows *r =
        region ? db_query(c,
                          "SELECT day, registrations FROM registrations_daily "
                          "WHERE program_id = ? AND region = ? ORDER BY day",
                          DB_PARAMS(P_INT(program_id), P_TEXT(region)))
               : db_query(c,
                          "SELECT day, SUM(registrations) FROM registrations_daily "
                          "WHERE program_id = ? GROUP BY day ORDER BY day",
                          DB_PARAMS(P_INT(program_id)));
    if (!r)
        return DB_EFAIL;
    size_t cap = 0;
    int n = 0, rc;
    struct day_count *list = NULL;
    while ((rc = db_next(r)) == 1) {
        list = arena_grow(a, list, (size_t)n, &cap, sizeof *list);
        list[n].day = arena_strdup(a, db_text(r, 0));
        list[n].registrations = db_int(r, 1);
        n++;
    }
    db_rows_close(r);
    if (rc < 0)
        return rc;
    *out = list;
    *count = n;
    return 0;
}
