/* Group commit (see group_commit.h). */
#include "store/group_commit.h"

#include "core/arena.h"
#include "core/log.h"
#include "core/util.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

struct group_commit {
    struct db *db;
    int max_batch;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    struct gc_job *head, *tail;   /* the queue, oldest first */
    bool stopping;
    uint64_t jobs, batches;
};

/* Runs one job under its savepoint; a failure undoes that job alone, its audit
 * entries included. */
static void run_job(struct db_conn *c, struct audit_run *audit, struct gc_job *job)
{
    if (db_exec(c, "SAVEPOINT job", DB_NO_PARAMS) < 0) {
        job->rc = DB_EFAIL;
        return;
    }
    struct audit_run before = *audit;
    job->rc = job->run(c, audit, job->ctx);
    if (job->rc != 0) {
        *audit = before;
        if (db_exec(c, "ROLLBACK TO SAVEPOINT job", DB_NO_PARAMS) < 0)
            log_error("store", "rollback to savepoint failed: %s", db_errmsg(c));
    }
    db_exec(c, "RELEASE SAVEPOINT job", DB_NO_PARAMS);
}

static void run_batch(struct db_conn *c, struct gc_job *batch)
{
    struct audit_run audit;
    int rc = db_begin(c);
    if (rc < 0) {
        log_error("store", "group commit cannot begin: %s", db_errmsg(c));
    } else {
        rc = audit_run_begin(c, &audit);
        if (rc == 0) {
            for (struct gc_job *j = batch; j; j = j->next)
                run_job(c, &audit, j);
            rc = audit_run_end(c, &audit);
        }
        if (rc == 0)
            rc = db_commit(c);
        else
            db_rollback(c);
    }
    /* done() may free the job: read next first. */
    for (struct gc_job *j = batch, *next; j; j = next) {
        next = j->next;
        j->done(j->ctx, rc < 0 ? rc : j->rc);
    }
}

static void *committer(void *arg)
{
    struct group_commit *gc = arg;
    struct db_conn *c = db_acquire(gc->db);
    db_set_writer(c, true);
    pthread_mutex_lock(&gc->lock);
    for (;;) {
        while (!gc->head && !gc->stopping)
            pthread_cond_wait(&gc->wake, &gc->lock);
        if (!gc->head)
            break;
        /* Take up to max_batch jobs off the queue. */
        struct gc_job *batch = gc->head, *last = batch;
        int n = 1;
        while (last->next && n < gc->max_batch) {
            last = last->next;
            n++;
        }
        gc->head = last->next;
        if (!gc->head)
            gc->tail = NULL;
        last->next = NULL;
        gc->jobs += (uint64_t)n;
        gc->batches++;
        pthread_mutex_unlock(&gc->lock);
        run_batch(c, batch);
        pthread_mutex_lock(&gc->lock);
    }
    pthread_mutex_unlock(&gc->lock);
    db_set_writer(c, false);
    db_release(c);
    return NULL;
}

struct group_commit *group_commit_start(struct db *db, int max_batch)
{
    struct group_commit *gc = xmalloc(sizeof *gc);
    *gc = (struct group_commit){.db = db, .max_batch = max_batch > 0 ? max_batch : 1};
    pthread_mutex_init(&gc->lock, NULL);
    pthread_cond_init(&gc->wake, NULL);
    if (thread_start_without_signals(&gc->thread, committer, gc) != 0) {
        pthread_mutex_destroy(&gc->lock);
        pthread_cond_destroy(&gc->wake);
        free(gc);
        return NULL;
    }
    return gc;
}

void group_commit_submit(struct group_commit *gc, struct gc_job *job)
{
    job->next = NULL;
    job->rc = 0;
    pthread_mutex_lock(&gc->lock);
    if (gc->tail)
        gc->tail->next = job;
    else
        gc->head = job;
    gc->tail = job;
    pthread_cond_signal(&gc->wake);
    pthread_mutex_unlock(&gc->lock);
}

void group_commit_stop(struct group_commit *gc)
{
    if (!gc)
        return;
    pthread_mutex_lock(&gc->lock);
    gc->stopping = true;
    pthread_cond_signal(&gc->wake);
    pthread_mutex_unlock(&gc->lock);
    pthread_join(gc->thread, NULL);
    pthread_mutex_destroy(&gc->lock);
    pthread_cond_destroy(&gc->wake);
    free(gc);
}

void group_commit_stats(struct group_commit *gc, struct group_commit_stats *out)
{
    pthread_mutex_lock(&gc->lock);
    out->jobs = gc->jobs;
    out->batches = gc->batches;
    pthread_mutex_unlock(&gc->lock);
}
