/* The storage interface: one API over two real backends, SQLite (sqlite.c) and
 * PostgreSQL (postgres.c). Everything above this layer speaks to the database only
 * through these functions, with SQL that both dialects accept:
 *   - parameters are written `?` and always bound (the PostgreSQL backend numbers
 *     them $1, $2 … itself, outside quoted text, so `?` is never an operator);
 *     they are sent untyped, so where PostgreSQL cannot infer a type from the
 *     context (`SELECT ?`, `? IS NULL`) the SQL says it: CAST(? AS TEXT);
 *   - timestamps are TEXT in RFC 3339 UTC ("2026-11-22T20:11:07Z") and dates TEXT
 *     "YYYY-MM-DD", both made by the program, so they sort and compare as text;
 *   - booleans are integers 0/1; ids are 64-bit integers returned with RETURNING.
 * Where the dialects must differ, the caller asks db_dialect() and picks its SQL.
 * Write transactions: SQLite serialises them from BEGIN; PostgreSQL runs them at
 * READ COMMITTED, so a read that decides a later write takes a row lock (an
 * UPDATE first, or SELECT … FOR UPDATE in PostgreSQL-only SQL).
 *
 * Connections come from a fixed pool (one per server worker thread, plus a few
 * spare): db_acquire() waits for a free one, db_release() gives it back. A
 * connection is used by one thread at a time. Prepared statements are cached per
 * connection, keyed by the SQL text, so the same query is parsed once.
 *
 * Errors: functions return 0 (or a count) on success and a negative DB_E* code on
 * failure; db_errmsg() says what the database said, for the log only. */
#ifndef SANAD_STORE_DB_H
#define SANAD_STORE_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum db_dialect { DB_SQLITE, DB_POSTGRES };

enum db_error {
    DB_OK = 0,
    DB_EFAIL = -1,      /* anything else: broken connection, SQL error … */
    DB_EUNIQUE = -2,    /* a unique constraint refused the write */
    DB_EBUSY = -3,      /* the database stayed locked past the busy timeout */
    DB_ENOTSUP = -4,    /* the backend does not offer this operation */
};

enum db_type { DB_NULL, DB_INT, DB_TEXT };

struct db_param {
    enum db_type type;
    int64_t i;
    const char *s;   /* borrowed: must live until the call returns */
};

/* A text parameter; NULL binds SQL NULL. */
static inline struct db_param db_text_param(const char *s)
{
    return (struct db_param){.type = s ? DB_TEXT : DB_NULL, .s = s};
}

#define P_INT(v) ((struct db_param){.type = DB_INT, .i = (v)})
#define P_TEXT(v) db_text_param(v)
#define P_NULL ((struct db_param){.type = DB_NULL})
#define DB_PARAMS(...) (const struct db_param[]){__VA_ARGS__}, \
    (int)(sizeof((const struct db_param[]){__VA_ARGS__}) / sizeof(struct db_param))
#define DB_NO_PARAMS NULL, 0

struct db;        /* the database: a pool of connections */
struct db_conn;   /* one connection, held by one thread */
struct db_rows;   /* the rows of a query, read one at a time */

/* Opens `url` ("sqlite:PATH" or "postgresql://…"/"postgres://…") with `pool_size`
 * connections. On failure returns NULL and writes a one-line reason into err. */
struct db *db_open(const char *url, int pool_size, char *err, size_t errlen);
void db_close(struct db *db);
/* Stops what the driver runs beside the connections (SQLite: the checkpointer and
 * its connection), for a program that must be alone on the database, such as a
 * bulk load that leaves the WAL for the time of the load. */
void db_stop_background(struct db *db);
enum db_dialect db_dialect(const struct db *db);
const char *db_dialect_name(const struct db *db);

struct db_conn *db_acquire(struct db *db);
void db_release(struct db_conn *c);
struct db *db_of(struct db_conn *c);

/* A connection that will carry a stream of writes (the group commit, an import)
 * says so, and says when it is done. Connections cache little of the database by
 * default, so that many of them stay cheap; a writer's cache is larger, so that
 * each write finds the index pages it changes in memory instead of reading them
 * again. On SQLite the writer also keeps the WAL from growing without bound
 * (sqlite.c). */
void db_set_writer(struct db_conn *c, bool writer);

/* Pool figures for /metrics. */
struct db_pool_stats {
    int size, in_use;
    uint64_t acquisitions, waits;
};
void db_pool_stats(struct db *db, struct db_pool_stats *out);

/* Runs a statement that returns no rows; returns the number of rows changed
 * (>= 0) or a DB_E* code. */
int64_t db_exec(struct db_conn *c, const char *sql, const struct db_param *params, int n);
/* Runs several statements separated by ';' with no parameters (migrations). */
int db_exec_script(struct db_conn *c, const char *sql);

/* Runs a query. NULL on failure (see db_errmsg). The rows must be closed before
 * the connection is released; values read from a row stay valid until the next
 * db_next() or db_rows_close(). */
struct db_rows *db_query(struct db_conn *c, const char *sql, const struct db_param *params, int n);
/* Moves to the next row: 1 when there is one, 0 at the end, DB_E* on failure. */
int db_next(struct db_rows *r);
bool db_isnull(struct db_rows *r, int col);
const char *db_text(struct db_rows *r, int col);   /* "" for NULL */
int64_t db_int(struct db_rows *r, int col);        /* 0 for NULL */
int db_columns(struct db_rows *r);
void db_rows_close(struct db_rows *r);

/* Runs an INSERT … RETURNING id; stores the id into *id. Returns 0 or DB_E*
 * (DB_EUNIQUE when a unique constraint refused the row). */
int db_insert_id(struct db_conn *c, const char *sql, const struct db_param *params, int n,
                 int64_t *id);

/* Convenience: the first column of the first row as an integer, into *out.
 * Returns 1 when a row was found, 0 when none, DB_E* on failure. */
int db_query_int(struct db_conn *c, const char *sql, const struct db_param *params, int n,
                 int64_t *out);

/* Transactions. db_begin() starts a write transaction (SQLite: BEGIN IMMEDIATE,
 * so that writers queue at the start rather than fail at their first write). */
int db_begin(struct db_conn *c);
int db_commit(struct db_conn *c);
void db_rollback(struct db_conn *c);

/* Bulk load: many rows into one table as a single stream, for a loader (the
 * benchmark generator) whose INSERTs would keep the server busy parsing, planning
 * and answering statements rather than writing rows. PostgreSQL runs COPY … FROM
 * STDIN; a backend without it (SQLite, whose prepared multi-row INSERTs cost
 * little) answers DB_ENOTSUP from db_copy_begin() and the caller INSERTs instead.
 *
 * db_copy_begin() opens the stream into `table` (`columns`: the column list,
 * comma-separated; both are SQL written by the program, not data). Then
 * db_copy_rows() sends `nrows` rows of `ncols` values each, row after row in
 * `params`, as often as needed; the values are copied before it returns. Once
 * db_copy_begin() succeeded, db_copy_end() must follow, whatever db_copy_rows()
 * answered: it closes the stream, and returns the first failure (a failed
 * db_copy_rows() makes it abort the load) or the server's verdict on the rows,
 * e.g. DB_EUNIQUE. Nothing else may run on the connection in between. A failed
 * load leaves the transaction failed: roll it back. */
int db_copy_begin(struct db_conn *c, const char *table, const char *columns);
int db_copy_rows(struct db_conn *c, const struct db_param *params, int nrows, int ncols);
int db_copy_end(struct db_conn *c);

const char *db_errmsg(struct db_conn *c);
/* The DB_E* code of the last failure on this connection. */
int db_last_error(struct db_conn *c);

#endif
