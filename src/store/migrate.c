/* Schema migrations (see migrate.h). Concurrent starts of several servers on one
 * PostgreSQL database are serialised with an advisory lock; on SQLite the write
 * transaction does the same. */
#include "store/migrate.h"

#include "core/embedded.h"
#include "core/log.h"
#include "core/util.h"

#include <stdio.h>

#define MIGRATION_LOCK_KEY 7301931

static int apply_one(struct db_conn *c, const struct embedded_file *m, char *err, size_t errlen)
{
    int rc = db_begin(c);
    if (rc < 0) {
        snprintf(err, errlen, "migration %s: cannot begin: %s", m->name, db_errmsg(c));
        return rc;
    }
    int64_t done = 0;
    rc = db_query_int(c, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?",
                      DB_PARAMS(P_TEXT(m->name)), &done);
    if (rc >= 0 && done == 0) {
        rc = db_exec_script(c, m->data);
        if (rc >= 0) {
            char now[21];
            now_rfc3339(now);
            rc = (int)db_exec(c, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                              DB_PARAMS(P_TEXT(m->name), P_TEXT(now)));
        }
    }
    if (rc < 0) {
        snprintf(err, errlen, "migration %s failed: %s", m->name, db_errmsg(c));
        db_rollback(c);
        return rc;
    }
    rc = db_commit(c);
    if (rc < 0)
        snprintf(err, errlen, "migration %s: commit failed", m->name);
    return rc < 0 ? rc : (done == 0);
}

int migrate_up(struct db *db, char *err, size_t errlen)
{
    struct db_conn *c = db_acquire(db);
    bool postgres = db_dialect(db) == DB_POSTGRES;
    const struct embedded_file *list = postgres ? migrations_postgres : migrations_sqlite;
    int applied = 0, rc = 0;
    if (postgres) {
        int64_t ignored;
        rc = db_query_int(c, "SELECT pg_advisory_lock(?)",
                          DB_PARAMS(P_INT(MIGRATION_LOCK_KEY)), &ignored);
    }
    if (rc >= 0)
        rc = db_exec_script(c, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                               "version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
    if (rc < 0)
        snprintf(err, errlen, "cannot prepare migrations: %s", db_errmsg(c));
    for (const struct embedded_file *m = list; rc >= 0 && m->name; m++) {
        rc = apply_one(c, m, err, errlen);
        if (rc > 0) {
            applied++;
            log_info("store", "applied migration %s", m->name);
        }
    }
    if (postgres) {
        int64_t ignored;
        db_query_int(c, "SELECT pg_advisory_unlock(?)",
                     DB_PARAMS(P_INT(MIGRATION_LOCK_KEY)), &ignored);
    }
    db_release(c);
    return rc < 0 ? rc : applied;
}
