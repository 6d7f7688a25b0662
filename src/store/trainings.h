/* Storage of trainings (cohorts of a programme held at a venue of a region), the
 * beneficiaries enrolled in them with the outcome of each, and attendance per day.
 *
 * Capacity is enforced by the store: trainings.enrolled counts the enrolments and
 * an enrolment takes a place with a conditional update (enrolled < capacity), so
 * two concurrent enrolments cannot both take the last place on either backend.
 * Every write function runs inside the caller's write transaction. */
#ifndef SANAD_STORE_TRAININGS_H
#define SANAD_STORE_TRAININGS_H

#include "core/arena.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

#define TRAINING_STATUS_SIZE 32

struct training {
    int64_t id, program_id;
    const char *program_code;            /* read only: set by the readers */
    const char *title, *venue, *region, *province;
    const char *starts_on, *ends_on;     /* "YYYY-MM-DD" */
    const char *trainers;                /* a JSON array of names, as text */
    int64_t capacity, enrolled;
    const char *created_at, *updated_at;
};

/* Sets t->id. */
int trainings_insert(struct db_conn *c, struct training *t);
/* 1 found, 0 not, or DB_E*. */
int trainings_by_id(struct db_conn *c, struct arena *a, int64_t id, struct training *out);
/* Writes title, venue, region, province, dates, trainers and capacity. Returns 0,
 * 1 when the new capacity is below the number already enrolled (nothing written),
 * or DB_E*. */
int trainings_update(struct db_conn *c, const struct training *t);

struct training_filter {
    int64_t program_id;                  /* 0: any */
    const char *region;                  /* NULL: any */
    int64_t after;                       /* cursor: the last id of the previous page */
    int limit;
};
/* Newest first. */
int trainings_list(struct db_conn *c, struct arena *a, const struct training_filter *f,
                   struct training **out, int *count);

/* The earliest date recorded for the training (attendance day or completion date)
 * and the latest attendance day, into first[11] and last[11]; "" when there are
 * none. A change of the training's dates must keep them inside. */
int trainings_recorded_span(struct db_conn *c, int64_t id, char first[11], char last[11]);

/* Reads an application's status and programme under a row lock (PostgreSQL) or the
 * write lock (SQLite), so that the decision taken on it holds until commit.
 * 1 found, 0 not, or DB_E*. */
int trainings_lock_application(struct db_conn *c, int64_t application_id,
                               char status[TRAINING_STATUS_SIZE], int64_t *program_id);

/* Enrols an application. Returns 0, DB_EUNIQUE when it is already enrolled, 1 when
 * the training is full, or DB_E*. */
int trainings_enrol(struct db_conn *c, int64_t training_id, int64_t application_id,
                    const char *actor);

struct enrolment {
    int64_t application_id;
    const char *reference, *status;      /* the application's */
    const char *first_name, *last_name, *first_name_ar, *last_name_ar;   /* may be NULL */
    const char *region;
    const char *enrolled_at;
    int completed;                       /* -1 not recorded, 0 no, 1 yes */
    const char *completed_on;            /* NULL when not recorded */
    int64_t present, absent, excused;    /* attendance marks */
};

/* 1 found, 0 not enrolled, or DB_E*. */
int trainings_enrolment(struct db_conn *c, struct arena *a, int64_t training_id,
                        int64_t application_id, struct enrolment *out);
/* By application id, after the cursor. */
int trainings_enrolments(struct db_conn *c, struct arena *a, int64_t training_id, int64_t after,
                         int limit, struct enrolment **out, int *count);
/* Records the outcome; 0, 1 when the application is not enrolled, or DB_E*. */
int trainings_set_completion(struct db_conn *c, int64_t training_id, int64_t application_id,
                             bool completed, const char *completed_on);

/* Records (or replaces) one mark; the application must be enrolled. */
int trainings_mark(struct db_conn *c, int64_t training_id, int64_t application_id,
                   const char *day, const char *status, const char *actor);

struct attendance_mark {
    int64_t application_id;
    const char *status, *actor, *recorded_at;
};
/* The marks of one day, by application id. */
int trainings_day(struct db_conn *c, struct arena *a, int64_t training_id, const char *day,
                  struct attendance_mark **out, int *count);

struct attendance_day {
    const char *day;
    int64_t present, absent, excused;
};
/* The totals of every day with marks, in date order. */
int trainings_days(struct db_conn *c, struct arena *a, int64_t training_id,
                   struct attendance_day **out, int *count);

#endif
