/* Audit log storage (see audit.h). */
#include "store/audit.h"

#include "core/util.h"

#include <stdio.h>

#include <string.h>

int audit_run_begin(struct db_conn *c, struct audit_run *run)
{
    /* Touching the head takes its row lock (PostgreSQL) inside the write
     * transaction (SQLite): no other appender can read the same last_hash. */
    struct db_rows *r = db_query(c, "UPDATE audit_head SET seq = seq WHERE id = 1 "
                                    "RETURNING seq, last_hash",
                                 DB_NO_PARAMS);
    if (!r)
        return db_last_error(c);
    int rc = db_next(r);
    if (rc == 1) {
        run->seq = db_int(r, 0);
        snprintf(run->last_hash, sizeof run->last_hash, "%s", db_text(r, 1));
    }
    db_rows_close(r);
    return rc == 1 ? 0 : rc < 0 ? rc : DB_EFAIL;
}

int audit_run_append(struct db_conn *c, struct audit_run *run, struct audit_entry *e)
{
    e->seq = run->seq + 1;
    char hash[AUDIT_HASH_HEX];
    audit_entry_hash(e, run->last_hash, hash);
    int64_t n = db_exec(c,
                        "INSERT INTO audit_log (seq, at, actor_id, actor, action, object_type, "
                        "object_id, outcome, client_ip, request_id, details, prev_hash, hash) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        DB_PARAMS(P_INT(e->seq), P_TEXT(e->at),
                                  e->actor_id ? P_INT(e->actor_id) : P_NULL, P_TEXT(e->actor),
                                  P_TEXT(e->action), P_TEXT(e->object_type),
                                  P_TEXT(e->object_id), P_TEXT(e->outcome),
                                  P_TEXT(e->client_ip), P_TEXT(e->request_id),
                                  P_TEXT(e->details), P_TEXT(run->last_hash), P_TEXT(hash)));
    if (n < 0)
        return (int)n;
    run->seq = e->seq;
    memcpy(run->last_hash, hash, sizeof hash);
    return 0;
}

int audit_run_end(struct db_conn *c, const struct audit_run *run)
{
    int64_t n = db_exec(c, "UPDATE audit_head SET seq = ?, last_hash = ? WHERE id = 1",
                        DB_PARAMS(P_INT(run->seq), P_TEXT(run->last_hash)));
    return n < 0 ? (int)n : 0;
}

int audit_append(struct db_conn *c, struct audit_entry *e)
{
    struct audit_run run;
    int rc = audit_run_begin(c, &run);
    if (rc == 0)
        rc = audit_run_append(c, &run, e);
    if (rc == 0)
        rc = audit_run_end(c, &run);
    return rc;
}

int audit_record(struct db_conn *c, struct audit_entry *e)
{
    int rc = db_begin(c);
    if (rc < 0)
        return rc;
    rc = audit_append(c, e);
    if (rc < 0) {
        db_rollback(c);
        return rc;
    }
    return db_commit(c);
}

static const char *opt(struct db_rows *r, int col)
{
    return db_isnull(r, col) ? NULL : db_text(r, col);
}

#define AUDIT_COLUMNS \
    "seq, at, actor_id, actor, action, object_type, object_id, outcome, client_ip, " \
    "request_id, details, prev_hash, hash"

/* Reads AUDIT_COLUMNS; strings stay valid until the next row. */
static void read_entry(struct db_rows *r, struct audit_entry *e)
{
    e->seq = db_int(r, 0);
    e->at = db_text(r, 1);
    e->actor_id = db_int(r, 2);
    e->actor = db_text(r, 3);
    e->action = db_text(r, 4);
    e->object_type = db_text(r, 5);
    e->object_id = opt(r, 6);
    e->outcome = db_text(r, 7);
    e->client_ip = opt(r, 8);
    e->request_id = opt(r, 9);
    e->details = opt(r, 10);
}

int audit_verify(struct db_conn *c, struct audit_verdict *out)
{
    memset(out, 0, sizeof *out);
    struct db_rows *r = db_query(c, "SELECT " AUDIT_COLUMNS " FROM audit_log ORDER BY seq",
                                 DB_NO_PARAMS);
    if (!r)
        return DB_EFAIL;
    char expected_prev[AUDIT_HASH_HEX] = AUDIT_GENESIS;
    int rc;
    while ((rc = db_next(r)) == 1) {
        struct audit_entry e;
        read_entry(r, &e);
        out->entries++;
        char hash[AUDIT_HASH_HEX];
        audit_entry_hash(&e, expected_prev, hash);
        if (e.seq != out->entries)
            out->reason = "an entry is missing before this one";
        else if (strcmp(db_text(r, 11), expected_prev) != 0)
            out->reason = "its link to the previous entry does not match";
        else if (strcmp(db_text(r, 12), hash) != 0)
            out->reason = "its content does not match its hash";
        if (out->reason) {
            out->broken_seq = e.seq;
            break;
        }
        memcpy(expected_prev, hash, sizeof hash);
    }
    db_rows_close(r);
    if (rc < 0)
        return rc;
    if (out->broken_seq)
        return 0;
    /* The head records the newest link: entries removed from the end show here. */
    r = db_query(c, "SELECT seq, last_hash FROM audit_head WHERE id = 1", DB_NO_PARAMS);
    if (!r)
        return DB_EFAIL;
    rc = db_next(r);
    if (rc == 1 && (db_int(r, 0) != out->entries || strcmp(db_text(r, 1), expected_prev) != 0)) {
        out->broken_seq = out->entries + 1;
        out->reason = "entries are missing at the end of the log";
    }
    db_rows_close(r);
    return rc < 0 ? rc : 0;
}

int audit_list(struct db_conn *c, struct arena *a, int64_t before, int limit,
               struct audit_entry **out, int *count)
{
    struct db_rows *r = db_query(c,
                                 "SELECT " AUDIT_COLUMNS " FROM audit_log WHERE seq < ? "
                                 "ORDER BY seq DESC LIMIT ?",
                                 DB_PARAMS(P_INT(before > 0 ? before : INT64_MAX), P_INT(limit)));
    if (!r)
        return DB_EFAIL;
    struct audit_entry *list = arena_alloc(a, sizeof *list * (size_t)(limit > 0 ? limit : 1));
    int n = 0, rc;
    while (n < limit && (rc = db_next(r)) == 1) {
        struct audit_entry e;
        read_entry(r, &e);
        e.at = arena_strdup(a, e.at);
        e.actor = arena_strdup(a, e.actor);
        e.action = arena_strdup(a, e.action);
        e.object_type = arena_strdup(a, e.object_type);
        e.object_id = e.object_id ? arena_strdup(a, e.object_id) : NULL;
        e.outcome = arena_strdup(a, e.outcome);
        e.client_ip = e.client_ip ? arena_strdup(a, e.client_ip) : NULL;
        e.request_id = e.request_id ? arena_strdup(a, e.request_id) : NULL;
        e.details = e.details ? arena_strdup(a, e.details) : NULL;
        list[n++] = e;
    }
    db_rows_close(r);
    if (rc < 0)
        return rc;
    *out = list;
    *count = n;
    return 0;
}
