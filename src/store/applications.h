/* Storage of applications to programmes: registration (reference numbers, quota,
 * probable duplicates), reading, staff edits, state transitions with their history,
 * and the staff list with filters, search and cursor paging.
 *
 * References are gap-free per programme and region: the next number is taken from
 * reference_counters in the registering transaction, whose row lock (PostgreSQL)
 * or write lock (SQLite) also serialises the quota decision for that region. A
 * registration that fails (duplicate CIN, any error) rolls back with its number. */
#ifndef SANAD_STORE_APPLICATIONS_H
#define SANAD_STORE_APPLICATIONS_H

#include "core/arena.h"
#include "domain/applicant.h"
#include "domain/search_keys.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

#define APPLICATION_REFERENCE_SIZE 40

struct application {
    int64_t id, program_id;
    const char *program_code, *reference, *status;
    const char *cin, *first_name, *last_name, *first_name_ar, *last_name_ar;
    const char *birth_date, *sex, *phone, *email;
    const char *region, *province, *commune;
    const char *education, *situation, *project_idea;
    const char *consent_at, *flag, *source;
    int64_t duplicate_of;            /* 0 when none */
    const char *created_at, *updated_at;
};

/* What registration needs besides the validated applicant. */
struct new_application {
    int64_t program_id;
    const char *program_code;
    const struct applicant_clean *applicant;
    struct search_keys keys;         /* duplicate keys and search words */
    int64_t target;                  /* the region's target, or -1 when it has none */
    const char *source;              /* "online", "import", "staff" */
    int64_t actor_id;                /* 0 for the applicant herself */
    const char *actor;
    const char *created_at;          /* NULL: now (set for records carried over) */
};

struct registered {
    int64_t id;
    char reference[APPLICATION_REFERENCE_SIZE];
    const char *status;              /* "submitted" or "waitlisted" (static) */
    int64_t duplicate_of;            /* the probable duplicate found, or 0 */
};

/* Registers inside the caller's write transaction. DB_EUNIQUE when the CIN is
 * already registered in the programme. */
int applications_register(struct db_conn *c, const struct new_application *n,
                          struct registered *out);

/* The running totals of many registrations in one transaction (an import), kept
 * in memory and written once by applications_tally_flush(), instead of an update
 * of the same counter rows by every registration: PostgreSQL makes that
 * quadratic (each update walks the row versions the transaction left before
 * it), and it is three statements a row on either backend. */
#define TALLY_ENTRIES 64
struct tally_count {
    char region[8], day[11];         /* day "" in the status counts */
    const char *status;              /* static; NULL in the daily counts */
    int64_t added;
};
struct registration_tally {
    int64_t program_id;
    int nregions, ncounts, ndays;
    struct {
        char region[8];
        int64_t last_seq, counted;   /* as they will be written */
    } regions[TALLY_ENTRIES];
    struct tally_count counts[TALLY_ENTRIES], days[TALLY_ENTRIES];
};
/* As applications_register(), within the transaction of `tally`'s registrations. */
int applications_register_tallied(struct db_conn *c, const struct new_application *n,
                                  struct registration_tally *tally, struct registered *out);
/* Writes the totals; the transaction may then commit. */
int applications_tally_flush(struct db_conn *c, struct registration_tally *tally);

/* 1 found, 0 not, or DB_E*. */
int applications_by_id(struct db_conn *c, struct arena *a, int64_t id, struct application *out);
/* The status and last change of the application with this reference and CIN:
 * 1 when both match, else 0. */
int applications_status(struct db_conn *c, struct arena *a, const char *reference,
                        const char *cin, const char **status, const char **updated_at);

/* Moves an application to `to` with a history row, inside the caller's write
 * transaction, and keeps the quota count right. The current status is re-read
 * under the lock: returns 0, DB_E*, or 1 when the application is no longer in
 * `from` (someone else moved it). */
int applications_transition(struct db_conn *c, int64_t id, const char *from, const char *to,
                            int64_t actor_id, const char *actor, const char *note);

struct history_entry {
    const char *from_status, *to_status, *actor, *at, *note;
};
int applications_history(struct db_conn *c, struct arena *a, int64_t id,
                         struct history_entry **out, int *count);

/* Writes a staff correction of the applicant (every applicant field, the keys and
 * the search words) with a row in application_edits, inside the caller's write
 * transaction. `changes` is the JSON text {"field":{"from":…,"to":…}}. When the
 * region changes, the quota counts of both regions follow. DB_EUNIQUE when the
 * new CIN is taken in the programme. */
int applications_update(struct db_conn *c, const struct application *before,
                        const struct new_application *after, const char *changes);

struct edit_entry {
    const char *actor, *at, *changes;
};
int applications_edits(struct db_conn *c, struct arena *a, int64_t id, struct edit_entry **out,
                       int *count);

/* Clears or sets the probable-duplicate flag (staff decision). */
int applications_set_flag(struct db_conn *c, int64_t id, const char *flag, int64_t duplicate_of);

/* The staff list. Every filter is optional (NULL / 0). */
struct application_filter {
    int64_t program_id;
    const char *region, *province, *status, *flag;
    const char *from, *to;           /* created_at bounds, "YYYY-MM-DD" inclusive */
    const char *cin, *phone, *reference;   /* exact matches from ?q= */
    const char *name_prefix;         /* a search word in comparison form */
    bool newest_first;               /* sort: by id, descending or ascending */
    int64_t after;                   /* cursor: the last id of the previous page */
    int limit;
};
int applications_list(struct db_conn *c, struct arena *a, const struct application_filter *f,
                      struct application **out, int *count);

#endif
