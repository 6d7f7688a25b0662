/* The SQLite backend (see db.h): the embedded default. Each connection runs in WAL
 * mode with synchronous=FULL, so that a write acknowledged to a client survives a
 * crash or power loss, and with a busy timeout, so that concurrent writers queue
 * instead of failing. Prepared statements are cached per connection.
 *
 * Checkpoints (copying the WAL back into the database file) run on a thread of
 * their own rather than inside whichever commit crosses the WAL size threshold:
 * the writer, which the group commit makes a single thread, then spends its time
 * on commits only, and the copying uses the other core. Only when the WAL has
 * grown long does the writer copy the rest (sqlite_set_writer()). */
#include "store/db_driver.h"

#include "core/arena.h"
#include "core/ticker.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STMT_CACHE_SLOTS 256
#define STMT_CACHE_WAYS 4
#define BUSY_TIMEOUT_MS 10000
/* How often the checkpointer looks at the WAL. */
#define CHECKPOINT_INTERVAL_MS 100
/* A writer's page cache. 16 MB: measured at 1,000,000 applications,
 * registrations ran 1.6x faster than with SQLite's 2 MB, and 32 or 64 MB were no
 * faster. Other connections keep SQLite's 2 MB. */
#define WRITER_CACHE_KIB 16384
/* Past this many WAL pages (256 MB), the writer copies what the checkpointer has
 * not yet copied itself, after its commit (SQLite's automatic checkpoint). */
#define WAL_WRITER_CHECKPOINT_PAGES 65536

struct cached_stmt {
    char *sql;            /* owned copy of the text, the cache key */
    sqlite3_stmt *stmt;
    bool busy;            /* held by an open rows object */
    uint64_t used;        /* when last used, to choose which to replace */
};

struct sqlite_conn {
    sqlite3 *db;
    struct cached_stmt cache[STMT_CACHE_SLOTS];
    uint64_t uses;
};

struct sqlite_rows {
    struct db_rows base;
    struct sqlite_conn *conn;
    sqlite3_stmt *stmt;
    struct cached_stmt *slot;   /* NULL when the statement is not cached */
};

static uint32_t hash_text(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* SQLite counts its memory under one process-wide mutex by default: every
 * allocation of every connection took it, and the worker threads and the
 * committer queued on it. Nothing here reads those counters. */
static void configure_library(void)
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static void *sqlite_connect(const char *path, char *err, size_t errlen)
{
    static pthread_once_t configured = PTHREAD_ONCE_INIT;
    pthread_once(&configured, configure_library);
    if (!*path) {
        snprintf(err, errlen, "sqlite: empty database path");
        return NULL;
    }
    struct sqlite_conn *c = xmalloc(sizeof *c);
    memset(c, 0, sizeof *c);
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path, &c->db, flags, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "sqlite: cannot open %s: %s", path,
                 c->db ? sqlite3_errmsg(c->db) : "out of memory");
        sqlite3_close(c->db);
        free(c);
        return NULL;
    }
    sqlite3_busy_timeout(c->db, BUSY_TIMEOUT_MS);
    sqlite3_extended_result_codes(c->db, 1);
    const char *setup = "PRAGMA journal_mode=WAL;"
                        "PRAGMA synchronous=FULL;"
                        "PRAGMA foreign_keys=ON;"
                        "PRAGMA temp_store=MEMORY;"
                        "PRAGMA wal_autocheckpoint=0;";
    char *msg = NULL;
    if (sqlite3_exec(c->db, setup, NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "sqlite: %s: %s", path, msg ? msg : "setup failed");
        sqlite3_free(msg);
        sqlite3_close(c->db);
        free(c);
        return NULL;
    }
    return c;
}

static void sqlite_disconnect(void *handle)
{
    struct sqlite_conn *c = handle;
    for (int i = 0; i < STMT_CACHE_SLOTS; i++) {
        sqlite3_finalize(c->cache[i].stmt);
        free(c->cache[i].sql);
    }
    sqlite3_close(c->db);
    free(c);
}

static int map_error(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
        if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
            return DB_EUNIQUE;
        return DB_EFAIL;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return DB_EBUSY;
    default:
        return DB_EFAIL;
    }
}

/* The cache slot for `sql`: the one that holds it, else the least recently used
 * of its set that no open rows object holds. A statement may go in any of the
 * STMT_CACHE_WAYS slots of its set: with one slot, two statements of every
 * registration shared it and each prepared the other out of it, every time. */
static struct cached_stmt *cache_slot(struct sqlite_conn *c, const char *sql)
{
    struct cached_stmt *set = &c->cache[hash_text(sql) % (STMT_CACHE_SLOTS / STMT_CACHE_WAYS) *
                                        STMT_CACHE_WAYS];
    struct cached_stmt *oldest = set;
    for (int i = 0; i < STMT_CACHE_WAYS; i++) {
        if (set[i].sql && strcmp(set[i].sql, sql) == 0) {
            oldest = &set[i];
            break;
        }
        if (!set[i].busy && (oldest->busy || set[i].used < oldest->used))
            oldest = &set[i];
    }
    oldest->used = ++c->uses;
    return oldest;
}

/* Finds or prepares the statement for `sql` and binds the parameters. *slot_out is
 * the cache slot now marked busy, or NULL for a statement the caller finalizes. */
static sqlite3_stmt *prepare(struct sqlite_conn *c, const char *sql, const struct db_param *params,
                             int n, struct cached_stmt **slot_out)
{
    struct cached_stmt *slot = cache_slot(c, sql);
    sqlite3_stmt *stmt = NULL;
    if (!slot->busy && slot->sql && strcmp(slot->sql, sql) == 0) {
        stmt = slot->stmt;
    } else {
        if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
            return NULL;
        if (slot->busy) {
            slot = NULL;
        } else {
            sqlite3_finalize(slot->stmt);
            free(slot->sql);
            slot->sql = xstrdup(sql);
            slot->stmt = stmt;
        }
    }
    for (int i = 0; i < n; i++) {
        int rc;
        switch (params[i].type) {
        case DB_INT:
            rc = sqlite3_bind_int64(stmt, i + 1, params[i].i);
            break;
        case DB_TEXT:
            rc = sqlite3_bind_text(stmt, i + 1, params[i].s, -1, SQLITE_STATIC);
            break;
        default:
            rc = sqlite3_bind_null(stmt, i + 1);
            break;
        }
        if (rc != SQLITE_OK) {
            sqlite3_clear_bindings(stmt);
            if (!slot)
                sqlite3_finalize(stmt);
            return NULL;
        }
    }
    if (slot)
        slot->busy = true;
    *slot_out = slot;
    return stmt;
}

static void finish(sqlite3_stmt *stmt, struct cached_stmt *slot)
{
    if (slot) {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        slot->busy = false;
    } else {
        sqlite3_finalize(stmt);
    }
}

static int64_t sqlite_exec(void *handle, const char *sql, const struct db_param *params, int n)
{
    struct sqlite_conn *c = handle;
    struct cached_stmt *slot;
    sqlite3_stmt *stmt = prepare(c, sql, params, n, &slot);
    if (!stmt)
        return map_error(sqlite3_extended_errcode(c->db));
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        ;
    int64_t result = rc == SQLITE_DONE ? sqlite3_changes64(c->db) : map_error(rc);
    finish(stmt, slot);
    return result;
}

static int sqlite_exec_script(void *handle, const char *sql)
{
    struct sqlite_conn *c = handle;
    int rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : map_error(rc);
}

static struct db_rows *sqlite_query(void *handle, const char *sql, const struct db_param *params,
                                    int n)
{
    struct sqlite_conn *c = handle;
    struct cached_stmt *slot;
    sqlite3_stmt *stmt = prepare(c, sql, params, n, &slot);
    if (!stmt)
        return NULL;
    struct sqlite_rows *r = xmalloc(sizeof *r);
    r->conn = c;
    r->stmt = stmt;
    r->slot = slot;
    return &r->base;
}

static int sqlite_next(struct db_rows *rows)
{
    struct sqlite_rows *r = (struct sqlite_rows *)rows;
    int rc = sqlite3_step(r->stmt);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE)
        return 0;
    return map_error(rc);
}

static bool sqlite_isnull(struct db_rows *rows, int col)
{
    return sqlite3_column_type(((struct sqlite_rows *)rows)->stmt, col) == SQLITE_NULL;
}

static const char *sqlite_text(struct db_rows *rows, int col)
{
    const unsigned char *t = sqlite3_column_text(((struct sqlite_rows *)rows)->stmt, col);
    return t ? (const char *)t : "";
}

static int64_t sqlite_integer(struct db_rows *rows, int col)
{
    return sqlite3_column_int64(((struct sqlite_rows *)rows)->stmt, col);
}

static int sqlite_columns(struct db_rows *rows)
{
    return sqlite3_column_count(((struct sqlite_rows *)rows)->stmt);
}

static void sqlite_rows_close(struct db_rows *rows)
{
    struct sqlite_rows *r = (struct sqlite_rows *)rows;
    finish(r->stmt, r->slot);
    free(r);
}

static int sqlite_last_error(void *handle)
{
    return map_error(sqlite3_extended_errcode(((struct sqlite_conn *)handle)->db));
}

static const char *sqlite_errmsg(void *handle)
{
    return sqlite3_errmsg(((struct sqlite_conn *)handle)->db);
}

/* The WAL starts over only when a write transaction begins with all of it copied
 * back into the database. Under a steady stream of commits the checkpointer never
 * catches up with the last one, so the WAL grew for as long as the load lasted
 * (2 GB in 12 s of registrations), each frame extending the file; waiting for the
 * writer's lock from the checkpointer did not help, since the writer takes it
 * again at once. The writer itself, once the WAL is long, copies the few frames
 * left after its commit; its next transaction then starts the WAL over. */
static void sqlite_set_writer(void *handle, bool writer)
{
    sqlite3 *db = ((struct sqlite_conn *)handle)->db;
    char sql[64];
    /* Negative: a size in KiB; SQLite's own default is 2,000 KiB. */
    snprintf(sql, sizeof sql, "PRAGMA cache_size=%d", writer ? -WRITER_CACHE_KIB : -2000);
    sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_wal_autocheckpoint(db, writer ? WAL_WRITER_CHECKPOINT_PAGES : 0);
}

struct checkpointer {
    struct sqlite_conn *conn;
    struct ticker *ticker;
};

static void checkpoint(void *arg)
{
    struct checkpointer *cp = arg;
    sqlite3_wal_checkpoint_v2(cp->conn->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
}

static void *sqlite_start_checkpointer(const char *path)
{
    char err[256];
    struct checkpointer *cp = xmalloc(sizeof *cp);
    cp->conn = sqlite_connect(path, err, sizeof err);
    cp->ticker = cp->conn ? ticker_start(CHECKPOINT_INTERVAL_MS, checkpoint, cp) : NULL;
    if (!cp->ticker) {
        if (cp->conn)
            sqlite_disconnect(cp->conn);
        free(cp);
        return NULL;
    }
    return cp;
}

static void sqlite_stop_checkpointer(void *background)
{
    struct checkpointer *cp = background;
    ticker_stop(cp->ticker);
    /* A last full checkpoint, so that the WAL left behind is short. */
    sqlite3_wal_checkpoint_v2(cp->conn->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
    sqlite_disconnect(cp->conn);
    free(cp);
}

const struct db_driver db_sqlite_driver = {
    .name = "sqlite",
    .dialect = DB_SQLITE,
    .connect = sqlite_connect,
    .disconnect = sqlite_disconnect,
    .exec = sqlite_exec,
    .exec_script = sqlite_exec_script,
    .query = sqlite_query,
    .next = sqlite_next,
    .isnull = sqlite_isnull,
    .text = sqlite_text,
    .integer = sqlite_integer,
    .columns = sqlite_columns,
    .rows_close = sqlite_rows_close,
    .errmsg = sqlite_errmsg,
    .last_error = sqlite_last_error,
    .begin_sql = "BEGIN IMMEDIATE",
    .set_writer = sqlite_set_writer,
    .start_background = sqlite_start_checkpointer,
    .stop_background = sqlite_stop_checkpointer,
};
