/* Group commit: many small durable writes share one transaction and one sync to
 * disk. Callers submit jobs; a committer thread takes every job waiting (up to a
 * batch size), runs each inside the batch transaction under a savepoint of its own
 * (so a job that fails, e.g. a duplicate CIN, is undone alone), commits once, and
 * only then reports each job's outcome. A job is thus acknowledged only when it is
 * on disk, while a thousand registrations cost one fsync instead of a thousand.
 *
 * Jobs run on the committer's own connection, one after the other: a job must not
 * wait for anything but the database. Their audit entries go through the batch's
 * audit run (store/audit.h): the chain's head is read and written once per batch
 * rather than once per entry. */
#ifndef SANAD_STORE_GROUP_COMMIT_H
#define SANAD_STORE_GROUP_COMMIT_H

#include "store/audit.h"
#include "store/db.h"

struct gc_job {
    /* public: set by the submitter */
    /* 0 or DB_E*; in the batch transaction, appending its audit entries to `audit` */
    int (*run)(struct db_conn *c, struct audit_run *audit, void *ctx);
    void (*done)(void *ctx, int rc);            /* after the commit; rc: run's, or the
                                                   commit's failure */
    void *ctx;
    /* private */
    struct gc_job *next;
    int rc;
};

struct group_commit;

/* Starts the committer thread on a connection of `db`'s pool. */
struct group_commit *group_commit_start(struct db *db, int max_batch);
/* Queues `job` (which must live until its done() has been called). */
void group_commit_submit(struct group_commit *gc, struct gc_job *job);
/* Runs the jobs still queued, then stops the thread. */
void group_commit_stop(struct group_commit *gc);

struct group_commit_stats {
    uint64_t jobs, batches;
};
void group_commit_stats(struct group_commit *gc, struct group_commit_stats *out);

#endif
