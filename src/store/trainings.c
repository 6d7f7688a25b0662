/* Training storage (see trainings.h). */
#include "store/trainings.h"

#include "core/util.h"

#include <stdio.h>
#include <string.h>

#define TRAINING_COLUMNS \
    "t.id, t.program_id, p.code, t.title, t.venue, t.region, t.province, t.starts_on, " \
    "t.ends_on, t.trainers, t.capacity, t.enrolled, t.created_at, t.updated_at"
#define TRAINING_FROM " FROM trainings t JOIN programs p ON p.id = t.program_id "

/* Attendance totals per beneficiary come with each enrolment: three counts over
 * the (training, application, day) index. */
#define ENROLMENT_COLUMNS \
    "a.id, a.reference, a.status, a.first_name, a.last_name, a.first_name_ar, " \
    "a.last_name_ar, a.region, e.enrolled_at, e.completed, e.completed_on, " \
    "(SELECT COUNT(*) FROM training_attendance m WHERE m.training_id = e.training_id " \
    "AND m.application_id = e.application_id AND m.status = 'present'), " \
    "(SELECT COUNT(*) FROM training_attendance m WHERE m.training_id = e.training_id " \
    "AND m.application_id = e.application_id AND m.status = 'absent'), " \
    "(SELECT COUNT(*) FROM training_attendance m WHERE m.training_id = e.training_id " \
    "AND m.application_id = e.application_id AND m.status = 'excused')"
#define ENROLMENT_FROM \
    " FROM training_enrolments e JOIN applications a ON a.id = e.application_id "

static int exec_status(int64_t rc)
{
    return rc < 0 ? (int)rc : 0;
}

static const char *opt_text(struct db_rows *r, int col, struct arena *a)
{
    return db_isnull(r, col) ? NULL : arena_strdup(a, db_text(r, col));
}

/* Grows an arena array of `size`-byte items from *cap to twice as many. */
static void *grow(struct arena *a, void *list, int *cap, size_t size)
{
    void *bigger = arena_alloc(a, size * (size_t)*cap * 2);
    memcpy(bigger, list, size * (size_t)*cap);
    *cap *= 2;
    return bigger;
}

static void read_training(struct db_rows *r, struct arena *a, struct training *t)
{
    t->id = db_int(r, 0);
    t->program_id = db_int(r, 1);
    t->program_code = arena_strdup(a, db_text(r, 2));
    t->title = arena_strdup(a, db_text(r, 3));
    t->venue = arena_strdup(a, db_text(r, 4));
    t->region = arena_strdup(a, db_text(r, 5));
    t->province = arena_strdup(a, db_text(r, 6));
    t->starts_on = arena_strdup(a, db_text(r, 7));
    t->ends_on = arena_strdup(a, db_text(r, 8));
    t->trainers = arena_strdup(a, db_text(r, 9));
    t->capacity = db_int(r, 10);
    t->enrolled = db_int(r, 11);
    t->created_at = arena_strdup(a, db_text(r, 12));
    t->updated_at = arena_strdup(a, db_text(r, 13));
}

int trainings_insert(struct db_conn *c, struct training *t)
{
    char now[21];
    now_rfc3339(now);
    return db_insert_id(c,
                        "INSERT INTO trainings (program_id, title, venue, region, province, "
                        "starts_on, ends_on, trainers, capacity, enrolled, created_at, updated_at) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) RETURNING id",
                        DB_PARAMS(P_INT(t->program_id), P_TEXT(t->title), P_TEXT(t->venue),
                                  P_TEXT(t->region), P_TEXT(t->province), P_TEXT(t->starts_on),
                                  P_TEXT(t->ends_on), P_TEXT(t->trainers), P_INT(t->capacity),
                                  P_TEXT(now), P_TEXT(now)),
                        &t->id);
}

int trainings_by_id(struct db_conn *c, struct arena *a, int64_t id, struct training *out)
{
    struct db_rows *r = db_query(c, "SELECT " TRAINING_COLUMNS TRAINING_FROM "WHERE t.id = ?",
                                 DB_PARAMS(P_INT(id)));
    if (!r)
        return DB_EFAIL;
    int rc = db_next(r);
    if (rc == 1)
        read_training(r, a, out);
    db_rows_close(r);
    return rc;
}

int trainings_update(struct db_conn *c, const struct training *t)
{
    char now[21];
    now_rfc3339(now);
    /* The capacity condition is the check: no row changed means too many enrolled. */
    int64_t rc = db_exec(c,
                         "UPDATE trainings SET title = ?, venue = ?, region = ?, province = ?, "
                         "starts_on = ?, ends_on = ?, trainers = ?, capacity = ?, updated_at = ? "
                         "WHERE id = ? AND enrolled <= ?",
                         DB_PARAMS(P_TEXT(t->title), P_TEXT(t->venue), P_TEXT(t->region),
                                   P_TEXT(t->province), P_TEXT(t->starts_on), P_TEXT(t->ends_on),
                                   P_TEXT(t->trainers), P_INT(t->capacity), P_TEXT(now),
                                   P_INT(t->id), P_INT(t->capacity)));
    if (rc < 0)
        return (int)rc;
    return rc == 0 ? 1 : 0;
}

int trainings_list(struct db_conn *c, struct arena *a, const struct training_filter *f,
                   struct training **out, int *count)
{
    /* Each filter is either bound or neutralised by its "IS NULL" twin, so one
     * statement text serves every combination (and is prepared once). */
    struct db_rows *r = db_query(
        c,
        "SELECT " TRAINING_COLUMNS TRAINING_FROM
        "WHERE (CAST(? AS BIGINT) = 0 OR t.program_id = ?) "
        "AND (CAST(? AS TEXT) IS NULL OR t.region = ?) "
        "AND (CAST(? AS BIGINT) = 0 OR t.id < ?) ORDER BY t.id DESC LIMIT ?",
        DB_PARAMS(P_INT(f->program_id), P_INT(f->program_id), P_TEXT(f->region),
                  P_TEXT(f->region), P_INT(f->after), P_INT(f->after), P_INT(f->limit)));
    if (!r)
        return DB_EFAIL;
    int cap = f->limit > 0 ? f->limit : 1, n = 0, rc = 0;
    struct training *list = arena_alloc(a, sizeof *list * (size_t)cap);
    while (n < cap && (rc = db_next(r)) == 1)
        read_training(r, a, &list[n++]);
    db_rows_close(r);
    if (rc < 0)
        return rc;
    *out = list;
    *count = n;
    return 0;
}

int trainings_recorded_span(struct db_conn *c, int64_t id, char first[11], char last[11])
{
    first[0] = last[0] = '\0';
    /* Completion may be certified after the last day, so it bounds only the start. */
    struct db_rows *r = db_query(
        c,
        "SELECT MIN(d), MAX(CASE WHEN attendance = 1 THEN d END) FROM ("
        "SELECT day AS d, 1 AS attendance FROM training_attendance WHERE training_id = ? "
        "UNION ALL SELECT completed_on AS d, 0 AS attendance FROM training_enrolments "
        "WHERE training_id = ? AND completed_on IS NOT NULL) s",
        DB_PARAMS(P_INT(id), P_INT(id)));
    if (!r)
        return DB_EFAIL;
    int rc = db_next(r);
    if (rc == 1) {
        snprintf(first, 11, "%s", db_text(r, 0));
        snprintf(last, 11, "%s", db_text(r, 1));
    }
    db_rows_close(r);
    return rc < 0 ? rc : 0;
}

int trainings_lock_application(struct db_conn *c, int64_t application_id,
                               char status[TRAINING_STATUS_SIZE], int64_t *program_id)
{
    /* An update that changes nothing still takes the row lock in PostgreSQL. */
    struct db_rows *r = db_query(c,
                                 "UPDATE applications SET status = status WHERE id = ? "
                                 "RETURNING status, program_id",
                                 DB_PARAMS(P_INT(application_id)));
    if (!r)
        return db_last_error(c);
    int rc = db_next(r);
    if (rc == 1) {
        snprintf(status, TRAINING_STATUS_SIZE, "%s", db_text(r, 0));
        *program_id = db_int(r, 1);
    }
    db_rows_close(r);
    return rc;
}

int trainings_enrol(struct db_conn *c, int64_t training_id, int64_t application_id,
                    const char *actor)
{
    char now[21];
    now_rfc3339(now);
    /* The row first, so that a second enrolment of the same person says so even
     * when the training is full. */
    int rc = exec_status(db_exec(c,
                                 "INSERT INTO training_enrolments (training_id, application_id, "
                                 "enrolled_at, actor, updated_at) VALUES (?, ?, ?, ?, ?)",
                                 DB_PARAMS(P_INT(training_id), P_INT(application_id),
                                           P_TEXT(now), P_TEXT(actor), P_TEXT(now))));
    if (rc < 0)
        return rc;
    int64_t changed = db_exec(c,
                              "UPDATE trainings SET enrolled = enrolled + 1 "
                              "WHERE id = ? AND enrolled < capacity",
                              DB_PARAMS(P_INT(training_id)));
    if (changed < 0)
        return (int)changed;
    return changed == 0 ? 1 : 0;
}

static void read_enrolment(struct db_rows *r, struct arena *a, struct enrolment *e)
{
    e->application_id = db_int(r, 0);
    e->reference = arena_strdup(a, db_text(r, 1));
    e->status = arena_strdup(a, db_text(r, 2));
    e->first_name = opt_text(r, 3, a);
    e->last_name = opt_text(r, 4, a);
    e->first_name_ar = opt_text(r, 5, a);
    e->last_name_ar = opt_text(r, 6, a);
    e->region = arena_strdup(a, db_text(r, 7));
    e->enrolled_at = arena_strdup(a, db_text(r, 8));
    e->completed = db_isnull(r, 9) ? -1 : db_int(r, 9) != 0;
    e->completed_on = opt_text(r, 10, a);
    e->present = db_int(r, 11);
    e->absent = db_int(r, 12);
    e->excused = db_int(r, 13);
}

int trainings_enrolment(struct db_conn *c, struct arena *a, int64_t training_id,
                        int64_t application_id, struct enrolment *out)
{
    struct db_rows *r = db_query(c,
                                 "SELECT " ENROLMENT_COLUMNS ENROLMENT_FROM
                                 "WHERE e.training_id = ? AND e.application_id = ?",
                                 DB_PARAMS(P_INT(training_id), P_INT(application_id)));
    if (!r)
        return DB_EFAIL;
    int rc = db_next(r);
    if (rc == 1)
        read_enrolment(r, a, out);
    db_rows_close(r);
    return rc;
}

int trainings_enrolments(struct db_conn *c, struct arena *a, int64_t training_id, int64_t after,
                         int limit, struct enrolment **out, int *count)
{
    struct db_rows *r = db_query(c,
                                 "SELECT " ENROLMENT_COLUMNS ENROLMENT_FROM
                                 "WHERE e.training_id = ? AND e.application_id > ? "
                                 "ORDER BY e.application_id LIMIT ?",
                                 DB_PARAMS(P_INT(training_id), P_INT(after), P_INT(limit)));
    if (!r)
        return DB_EFAIL;
    int cap = limit > 0 ? limit : 1, n = 0, rc = 0;
    struct enrolment *list = arena_alloc(a, sizeof *list * (size_t)cap);
    while (n < cap && (rc = db_next(r)) == 1)
        read_enrolment(r, a, &list[n++]);
    db_rows_close(r);
    if (rc < 0)
        return rc;
    *out = list;
    *count = n;
    return 0;
}

int trainings_set_completion(struct db_conn *c, int64_t training_id, int64_t application_id,
                             bool completed, const char *completed_on)
{
    char now[21];
    now_rfc3339(now);
    int64_t rc = db_exec(c,
                         "UPDATE training_enrolments SET completed = ?, completed_on = ?, "
                         "updated_at = ? WHERE training_id = ? AND application_id = ?",
                         DB_PARAMS(P_INT(completed ? 1 : 0), P_TEXT(completed_on), P_TEXT(now),
                                   P_INT(training_id), P_INT(application_id)));
    if (rc < 0)
        return (int)rc;
    return rc == 0 ? 1 : 0;
}

int trainings_mark(struct db_conn *c, int64_t training_id, int64_t application_id,
                   const char *day, const char *status, const char *actor)
{
    char now[21];
    now_rfc3339(now);
    return exec_status(db_exec(c,
                               "INSERT INTO training_attendance (training_id, application_id, day, "
                               "status, actor, recorded_at) VALUES (?, ?, ?, ?, ?, ?) "
                               "ON CONFLICT (training_id, day, application_id) DO UPDATE SET "
                               "status = excluded.status, actor = excluded.actor, "
                               "recorded_at = excluded.recorded_at",
                               DB_PARAMS(P_INT(training_id), P_INT(application_id), P_TEXT(day),
                                         P_TEXT(status), P_TEXT(actor), P_TEXT(now))));
}

int trainings_day(struct db_conn *c, struct arena *a, int64_t training_id, const char *day,
                  struct attendance_mark **out, int *count)
{
    struct db_rows *r = db_query(c,
                                 "SELECT application_id, status, actor, recorded_at "
                                 "FROM training_attendance WHERE training_id = ? AND day = ? "
                                 "ORDER BY application_id",
                                 DB_PARAMS(P_INT(training_id), P_TEXT(day)));
    if (!r)
        return DB_EFAIL;
    int cap = 16, n = 0, rc;
    struct attendance_mark *list = arena_alloc(a, sizeof *list * (size_t)cap);
    while ((rc = db_next(r)) == 1) {
        if (n == cap)
            list = grow(a, list, &cap, sizeof *list);
        list[n].application_id = db_int(r, 0);
        list[n].status = arena_strdup(a, db_text(r, 1));
        list[n].actor = arena_strdup(a, db_text(r, 2));
        list[n].recorded_at = arena_strdup(a, db_text(r, 3));
        n++;
    }
    db_rows_close(r);
    if (rc < 0)
        return rc;
    *out = list;
    *count = n;
    return 0;
}

int trainings_days(struct db_conn *c, struct arena *a, int64_t training_id,
                   struct attendance_day **out, int *count)
{
    struct db_rows *r = db_query(c,
                                 "SELECT day, "
                                 "SUM(CASE WHEN status = 'present' THEN 1 ELSE 0 END), "
                                 "SUM(CASE WHEN status = 'absent' THEN 1 ELSE 0 END), "
                                 "SUM(CASE WHEN status = 'excused' THEN 1 ELSE 0 END) "
                                 "FROM training_attendance WHERE training_id = ? "
                                 "GROUP BY day ORDER BY day",
                                 DB_PARAMS(P_INT(training_id)));
    if (!r)
        return DB_EFAIL;
    int cap = 16, n = 0, rc;
    struct attendance_day *list = arena_alloc(a, sizeof *list * (size_t)cap);
    while ((rc = db_next(r)) == 1) {
        if (n == cap)
            list = grow(a, list, &cap, sizeof *list);
        list[n].day = arena_strdup(a, db_text(r, 0));
        list[n].present = db_int(r, 1);
        list[n].absent = db_int(r, 2);
        list[n].excused = db_int(r, 3);
        n++;
    }
    db_rows_close(r);
    if (rc < 0)
        return rc;
    *out = list;
    *count = n;
    return 0;
}
