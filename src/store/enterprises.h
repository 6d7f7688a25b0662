/* Storage of the enterprises created by beneficiaries (one per application), their
 * follow-ups at the 6-, 12- and 24-month milestones (one per milestone), and the
 * counts behind the survival report.
 *
 * An enterprise keeps the region and province of its beneficiary's application:
 * the scope of a regional coordinator and the report's rows are read from the
 * enterprise table alone. Every write function runs inside the caller's write
 * transaction. */
#ifndef SANAD_STORE_ENTERPRISES_H
#define SANAD_STORE_ENTERPRISES_H

#include "core/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

#define ENTERPRISE_STATUS_SIZE 32

struct enterprise {
    int64_t id, application_id, program_id;
    /* Read only, from the application: */
    const char *program_code, *reference;
    const char *first_name, *last_name, *first_name_ar, *last_name_ar;   /* may be NULL */
    const char *region, *province;
    const char *name, *sector, *legal_form;
    const char *created_on;              /* "YYYY-MM-DD" */
    int64_t jobs_created;
    const char *description;             /* may be NULL */
    const char *created_at, *updated_at;
};

struct followup {
    int milestone;                       /* 6, 12 or 24 */
    const char *followed_on;
    bool still_active;
    int64_t jobs;
    const char *revenue_band;
    const char *note;                    /* may be NULL */
    const char *actor, *recorded_at, *updated_at;   /* read only */
};

/* Reads an application's status, programme, region and province under a row lock
 * (PostgreSQL) or the write lock (SQLite). 1 found, 0 not, or DB_E*. The texts go
 * to the arena. */
int enterprises_lock_application(struct db_conn *c, struct arena *a, int64_t application_id,
                                 char status[ENTERPRISE_STATUS_SIZE], int64_t *program_id,
                                 const char **region, const char **province);

/* Inserts with the program_id, region and province given; sets e->id. DB_EUNIQUE
 * when the application already has an enterprise. */
int enterprises_insert(struct db_conn *c, struct enterprise *e);
/* 1 found, 0 not, or DB_E*. */
int enterprises_by_id(struct db_conn *c, struct arena *a, int64_t id, struct enterprise *out);
/* Writes name, sector, legal form, creation date, jobs and description. */
int enterprises_update(struct db_conn *c, const struct enterprise *e);

struct enterprise_filter {
    int64_t program_id;                  /* 0: any */
    const char *region, *sector;         /* NULL: any */
    /* Only enterprises due for the follow-up of `due_milestone` (created on or
     * before due_cutoff) that have none yet; 0: no such condition. */
    int due_milestone;
    const char *due_cutoff;
    int64_t after;                       /* cursor: the last id of the previous page */
    int limit;
};
/* Newest first. */
int enterprises_list(struct db_conn *c, struct arena *a, const struct enterprise_filter *f,
                     struct enterprise **out, int *count);

/* The follow-ups of an enterprise, by milestone (at most three). */
int enterprises_followups(struct db_conn *c, struct arena *a, int64_t enterprise_id,
                          struct followup **out, int *count);
/* Adds one; DB_EUNIQUE when that milestone already has its follow-up. */
int enterprises_add_followup(struct db_conn *c, int64_t enterprise_id, const struct followup *f,
                             const char *actor);
/* Replaces one; 0, 1 when there is none for that milestone, or DB_E*. */
int enterprises_update_followup(struct db_conn *c, int64_t enterprise_id,
                                const struct followup *f, const char *actor);

/* The survival figures of one milestone, per region. */
struct survival_row {
    const char *region;
    int64_t due, followed, active;
};
/* For the enterprises of a programme created on or before `cutoff` (those due for
 * the milestone of `months`), in `region` or every region (NULL): how many per
 * region, how many have that milestone's follow-up made on or before
 * `followed_by`, and how many of those were still active. Regions without
 * enterprises due are left out. */
int enterprises_survival(struct db_conn *c, struct arena *a, int64_t program_id,
                         const char *region, int months, const char *cutoff,
                         const char *followed_by, struct survival_row **out, int *count);

#endif
