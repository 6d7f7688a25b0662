/* The PostgreSQL backend (see db.h), over libpq: the database-server alternative
 * to the embedded SQLite. Each connection talks UTF-8 and UTC, numbers the `?`
 * placeholders of the common SQL as $1, $2 …, and keeps its prepared statements in
 * a cache keyed by the SQL text. A connection the server dropped is re-established
 * before its next statement. */
#include "store/db_driver.h"

#include "core/arena.h"
#include "core/strbuf.h"

#include <ctype.h>
#include <inttypes.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define STMT_CACHE_SLOTS 256

struct cached_stmt {
    char *sql;        /* owned copy of the text as given (with `?`), the cache key */
    char name[24];    /* the server-side name, "s1", "s2" … */
};

struct pg_conn {
    PGconn *pg;
    char *err;                /* the last failure, one line; NULL when none */
    int err_code;             /* its DB_E* code */
    uint64_t stmt_counter;    /* for unique statement names */
    bool in_txn;              /* inside a transaction when last heard from */
    bool txn_lost;            /* the session died inside a transaction */
    bool copy_failed;         /* rows of the open COPY were lost: its end aborts it */
    struct cached_stmt cache[STMT_CACHE_SLOTS];
};

struct pg_rows {
    struct db_rows base;
    PGresult *res;
    int row, nrows;   /* row is -1 before the first db_next() */
    int error;        /* DB_E* for db_next() to report, or 0 */
};

static uint32_t hash_text(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* Notices (such as "there is no transaction in progress") are not errors; left to
 * libpq they would go to stderr, outside the structured log. */
static void drop_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* Keeps `msg` as the connection's last error, on one line and without the
 * trailing newline libpq leaves, so that it fits in a log entry. */
static void set_error(struct pg_conn *c, const char *msg)
{
    free(c->err);
    c->err = xstrdup(msg);
    size_t len = strlen(c->err);
    while (len > 0 && isspace((unsigned char)c->err[len - 1]))
        c->err[--len] = '\0';
    for (char *p = c->err; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
}

/* The error of a failed result, or of the connection when there is no result.
 * The terse form leaves out DETAIL lines, which quote row values (such as the
 * duplicate key) that have no place in the log. */
static void set_result_error(struct pg_conn *c, const PGresult *res)
{
    char *msg = res ? PQresultVerboseErrorMessage(res, PQERRORS_TERSE, PQSHOW_CONTEXT_NEVER)
                    : NULL;
    if (msg && *msg) {
        set_error(c, msg);
    } else {
        const char *conn_msg = PQerrorMessage(c->pg);
        if (*conn_msg)
            set_error(c, conn_msg);
        else
            set_error(c, res ? PQresStatus(PQresultStatus(res)) : "no result from the server");
    }
    PQfreemem(msg);
}

static int map_error(struct pg_conn *c, const PGresult *res)
{
    c->err_code = DB_EFAIL;
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    if (!state)
        return DB_EFAIL;
    if (strcmp(state, "23505") == 0)
        return c->err_code = DB_EUNIQUE;
    /* serialization_failure, deadlock_detected, lock_not_available: retryable */
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0)
        return c->err_code = DB_EBUSY;
    return DB_EFAIL;
}

/* Runs a statement with no parameters and no result of interest. */
static bool run_simple(struct pg_conn *c, const char *sql)
{
    PGresult *res = PQexec(c->pg, sql);
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok)
        set_result_error(c, res);
    PQclear(res);
    return ok;
}

static bool setup_session(struct pg_conn *c)
{
    return run_simple(c, "SET client_encoding TO 'UTF8'") && run_simple(c, "SET TIME ZONE 'UTC'");
}

static void forget_statements(struct pg_conn *c)
{
    for (int i = 0; i < STMT_CACHE_SLOTS; i++) {
        free(c->cache[i].sql);
        c->cache[i].sql = NULL;
    }
}

static void *pg_connect(const char *target, char *err, size_t errlen)
{
    struct pg_conn *c = xmalloc(sizeof *c);
    memset(c, 0, sizeof *c);
    c->pg = PQconnectdb(target);
    if (!c->pg) {
        snprintf(err, errlen, "postgres: out of memory");
        free(c);
        return NULL;
    }
    PQsetNoticeProcessor(c->pg, drop_notice, NULL);
    if (PQstatus(c->pg) != CONNECTION_OK)
        set_error(c, PQerrorMessage(c->pg));
    else if (setup_session(c))
        return c;
    snprintf(err, errlen, "postgres: %s", c->err);
    free(c->err);
    PQfinish(c->pg);
    free(c);
    return NULL;
}

static void pg_disconnect(void *handle)
{
    struct pg_conn *c = handle;
    forget_statements(c);
    free(c->err);
    PQfinish(c->pg);
    free(c);
}

/* Notes whether the session is inside a transaction, unless it just died (then
 * what was true before the statement still holds). */
static void note_transaction(struct pg_conn *c)
{
    PGTransactionStatusType ts = PQtransactionStatus(c->pg);
    if (ts != PQTRANS_UNKNOWN)
        c->in_txn = ts == PQTRANS_INTRANS || ts == PQTRANS_INERROR;
}

/* Called before every statement: clears the last error and re-establishes a
 * connection the server dropped. A transaction open on the dead session is gone;
 * until the caller rolls it back, statements fail, as they would in an aborted
 * transaction, instead of running outside it. */
static bool ready(struct pg_conn *c, const char *sql)
{
    free(c->err);
    c->err = NULL;
    if (PQstatus(c->pg) == CONNECTION_BAD) {
        forget_statements(c);   /* they died with the session */
        if (c->in_txn) {
            c->txn_lost = true;
            c->in_txn = false;
        }
        PQreset(c->pg);
        if (PQstatus(c->pg) != CONNECTION_OK) {
            set_error(c, PQerrorMessage(c->pg));
            return false;
        }
        if (!setup_session(c))
            return false;
    }
    if (c->txn_lost) {
        if (strcasecmp(sql, "ROLLBACK") != 0) {
            set_error(c, "the connection was lost inside a transaction, "
                         "which the server rolled back; roll back before going on");
            return false;
        }
        c->txn_lost = false;
    }
    return true;
}

/* Rewrites the `?` placeholders of `sql` as $1, $2 … Quoted text and comments are
 * copied as they are: a `?` there is data, not a parameter. */
static char *number_placeholders(const char *sql)
{
    size_t marks = 0;
    for (const char *p = sql; *p; p++)
        marks += *p == '?';
    char *out = xmalloc(strlen(sql) + marks * 11 + 1);   /* "$" and up to 10 digits */
    char *o = out;
    int next = 1;
    const char *p = sql;
    while (*p) {
        if (*p == '\'' || *p == '"') {
            /* In E'…' strings a backslash escapes the next character, quotes too. */
            bool backslash = *p == '\'' && p > sql && (p[-1] == 'E' || p[-1] == 'e')
                             && (p - 1 == sql || !(isalnum((unsigned char)p[-2]) || p[-2] == '_'));
            char quote = *p;
            *o++ = *p++;
            while (*p) {
                if (backslash && *p == '\\' && p[1]) {
                    *o++ = *p++;
                } else if (*p == quote) {
                    if (p[1] != quote)
                        break;
                    *o++ = *p++;   /* a doubled quote stands for itself */
                }
                *o++ = *p++;
            }
            if (*p)
                *o++ = *p++;
        } else if (p[0] == '-' && p[1] == '-') {
            while (*p && *p != '\n')
                *o++ = *p++;
        } else if (p[0] == '/' && p[1] == '*') {
            int depth = 0;   /* PostgreSQL's block comments nest */
            do {
                if (p[0] == '/' && p[1] == '*') {
                    depth++;
                    *o++ = *p++;
                } else if (p[0] == '*' && p[1] == '/') {
                    depth--;
                    *o++ = *p++;
                }
                *o++ = *p++;
            } while (*p && depth > 0);
        } else if (*p == '?') {
            o += sprintf(o, "$%d", next++);
            p++;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    return out;
}

/* Runs `sql` through the statement cache: prepared on the first use, executed by
 * name after. Returns the result (NULL only when libpq could not make one); the
 * caller checks its status. */
static PGresult *run(struct pg_conn *c, const char *sql, const struct db_param *params, int n)
{
    if (!ready(c, sql))
        return NULL;

    /* Text format for every value: the server converts to the column's type. */
    const char **values = NULL;
    char (*numbers)[24] = NULL;
    if (n > 0) {
        values = xmalloc(sizeof *values * (size_t)n);
        numbers = xmalloc(sizeof *numbers * (size_t)n);
    }
    for (int i = 0; i < n; i++) {
        switch (params[i].type) {
        case DB_INT:
            snprintf(numbers[i], sizeof numbers[i], "%" PRId64, params[i].i);
            values[i] = numbers[i];
            break;
        case DB_TEXT:
            values[i] = params[i].s;
            break;
        default:
            values[i] = NULL;
            break;
        }
    }

    PGresult *res;
    struct cached_stmt *slot = &c->cache[hash_text(sql) % STMT_CACHE_SLOTS];
    if (slot->sql && strcmp(slot->sql, sql) == 0) {
        res = PQexecPrepared(c->pg, slot->name, n, values, NULL, NULL, 0);
    } else {
        char *numbered = number_placeholders(sql);
        if (PQtransactionStatus(c->pg) == PQTRANS_INERROR) {
            /* Only ROLLBACK/COMMIT can run now, and DEALLOCATE cannot: run the
             * statement unnamed rather than evict anything. */
            res = PQexecParams(c->pg, numbered, n, NULL, values, NULL, NULL, 0);
        } else {
            char name[sizeof slot->name];
            snprintf(name, sizeof name, "s%" PRIu64, ++c->stmt_counter);
            res = PQprepare(c->pg, name, numbered, 0, NULL);
            if (PQresultStatus(res) == PGRES_COMMAND_OK) {
                PQclear(res);
                if (slot->sql) {
                    char sql_dealloc[sizeof slot->name + 16];
                    snprintf(sql_dealloc, sizeof sql_dealloc, "DEALLOCATE %s", slot->name);
                    PQclear(PQexec(c->pg, sql_dealloc));
                    free(slot->sql);
                }
                slot->sql = xstrdup(sql);
                memcpy(slot->name, name, sizeof name);
                res = PQexecPrepared(c->pg, slot->name, n, values, NULL, NULL, 0);
            }
        }
        free(numbered);
    }
    note_transaction(c);
    free(values);
    free(numbers);
    return res;
}

static int64_t pg_exec(void *handle, const char *sql, const struct db_param *params, int n)
{
    struct pg_conn *c = handle;
    PGresult *res = run(c, sql, params, n);
    ExecStatusType st = PQresultStatus(res);
    int64_t result;
    if (st == PGRES_COMMAND_OK && strcasecmp(sql, "COMMIT") == 0
        && strcmp(PQcmdStatus(res), "ROLLBACK") == 0) {
        /* The server answers COMMIT of a failed transaction with a rollback, not
         * an error; the caller must not take it for a commit. */
        set_error(c, "the transaction had failed and was rolled back");
        result = DB_EFAIL;
    } else if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
        const char *count = PQcmdTuples(res);
        result = *count ? strtoll(count, NULL, 10) : 0;
    } else {
        if (!c->err)
            set_result_error(c, res);
        result = map_error(c, res);
    }
    PQclear(res);
    return result;
}

static int pg_exec_script(void *handle, const char *sql)
{
    struct pg_conn *c = handle;
    if (!ready(c, sql))
        return DB_EFAIL;
    PGresult *res = PQexec(c->pg, sql);
    note_transaction(c);
    ExecStatusType st = PQresultStatus(res);
    int rc = 0;
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY) {
        set_result_error(c, res);
        rc = map_error(c, res);
    }
    PQclear(res);
    return rc;
}

static struct db_rows *pg_query(void *handle, const char *sql, const struct db_param *params,
                                int n)
{
    struct pg_conn *c = handle;
    PGresult *res = run(c, sql, params, n);
    int error = 0;
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        if (!c->err)
            set_result_error(c, res);
        error = map_error(c, res);
        /* SQLite reports a unique violation or a lock from its first step, so
         * callers look for them in db_next() (db_query_int() does): report them
         * there too. Any other failure is a NULL here, as a failed prepare is. */
        if (error == DB_EFAIL) {
            PQclear(res);
            return NULL;
        }
    }
    struct pg_rows *r = xmalloc(sizeof *r);
    r->res = res;
    r->row = -1;
    r->nrows = error ? 0 : PQntuples(res);
    r->error = error;
    return &r->base;
}

static int pg_next(struct db_rows *rows)
{
    struct pg_rows *r = (struct pg_rows *)rows;
    if (r->error)
        return r->error;
    if (r->row + 1 < r->nrows) {
        r->row++;
        return 1;
    }
    r->row = r->nrows;
    return 0;
}

static bool pg_isnull(struct db_rows *rows, int col)
{
    struct pg_rows *r = (struct pg_rows *)rows;
    return PQgetisnull(r->res, r->row, col);
}

static const char *pg_text(struct db_rows *rows, int col)
{
    struct pg_rows *r = (struct pg_rows *)rows;
    /* NULL only when row or col is out of range; a SQL NULL reads as "". */
    const char *v = PQgetvalue(r->res, r->row, col);
    return v ? v : "";
}

static int64_t pg_integer(struct db_rows *rows, int col)
{
    struct pg_rows *r = (struct pg_rows *)rows;
    if (PQgetisnull(r->res, r->row, col))
        return 0;
    return strtoll(PQgetvalue(r->res, r->row, col), NULL, 10);
}

static int pg_columns(struct db_rows *rows)
{
    return PQnfields(((struct pg_rows *)rows)->res);
}

static void pg_rows_close(struct db_rows *rows)
{
    struct pg_rows *r = (struct pg_rows *)rows;
    PQclear(r->res);
    free(r);
}

/* Bulk load with COPY … FROM STDIN in text format: one statement for any number
 * of rows, streamed, instead of an INSERT parsed, planned and answered for every
 * few rows. */
static int pg_copy_begin(void *handle, const char *table, const char *columns)
{
    struct pg_conn *c = handle;
    size_t len = strlen(table) + strlen(columns) + sizeof "COPY  () FROM STDIN";
    char *sql = xmalloc(len);
    snprintf(sql, len, "COPY %s (%s) FROM STDIN", table, columns);
    int rc = 0;
    if (!ready(c, sql)) {
        rc = c->err_code = DB_EFAIL;
    } else {
        PGresult *res = PQexec(c->pg, sql);
        note_transaction(c);
        if (PQresultStatus(res) != PGRES_COPY_IN) {
            set_result_error(c, res);
            rc = map_error(c, res);
        }
        PQclear(res);
    }
    free(sql);
    c->copy_failed = false;
    return rc;
}

/* Appends `s` as a field of COPY's text format: a backslash, and the tab and line
 * breaks that would end the field or the row, are written as escapes. */
static int append_copy_text(struct strbuf *out, const char *s)
{
    while (*s) {
        size_t run = strcspn(s, "\\\t\n\r");
        if (strbuf_append(out, s, run) < 0)
            return -1;
        s += run;
        if (!*s)
            break;
        const char *escape = *s == '\\' ? "\\\\" : *s == '\t' ? "\\t" : *s == '\n' ? "\\n" : "\\r";
        if (strbuf_append(out, escape, 2) < 0)
            return -1;
        s++;
    }
    return 0;
}

static int copy_send(struct pg_conn *c, struct strbuf *data)
{
    int sent = data->len ? PQputCopyData(c->pg, data->data, (int)data->len) : 1;
    strbuf_free(data);
    if (sent == 1)
        return 0;
    set_error(c, PQerrorMessage(c->pg));
    c->err_code = DB_EFAIL;
    c->copy_failed = true;
    return DB_EFAIL;
}

/* Rows are sent in pieces of about COPY_PIECE bytes, so that memory stays bounded
 * however many rows the caller passes; one row may not exceed COPY_ROW_MAX. */
#define COPY_PIECE (1 << 20)
#define COPY_ROW_MAX (64 * COPY_PIECE)

static int pg_copy_rows(void *handle, const struct db_param *params, int nrows, int ncols)
{
    struct pg_conn *c = handle;
    if (c->copy_failed)
        return DB_EFAIL;
    struct strbuf data;
    strbuf_init(&data, COPY_PIECE + COPY_ROW_MAX);
    for (int r = 0; r < nrows; r++) {
        int appended = 0;
        for (int k = 0; appended == 0 && k < ncols; k++) {
            const struct db_param *v = &params[r * ncols + k];
            if (k)
                appended = strbuf_append(&data, "\t", 1);
            if (appended < 0)
                break;
            if (v->type == DB_INT)
                appended = strbuf_printf(&data, "%" PRId64, v->i);
            else if (v->type == DB_TEXT)
                appended = append_copy_text(&data, v->s);
            else
                appended = strbuf_append(&data, "\\N", 2);
        }
        if (appended == 0)
            appended = strbuf_append(&data, "\n", 1);
        if (appended < 0) {
            strbuf_free(&data);
            set_error(c, "a row is too large to copy");
            c->err_code = DB_EFAIL;
            c->copy_failed = true;
            return DB_EFAIL;
        }
        if (data.len >= COPY_PIECE && copy_send(c, &data) < 0)
            return DB_EFAIL;
    }
    return copy_send(c, &data);
}

/* Ends the COPY (aborts it when rows were lost) and reads the server's verdict:
 * the first failure is the one reported. */
static int pg_copy_end(void *handle)
{
    struct pg_conn *c = handle;
    int rc = c->copy_failed ? DB_EFAIL : 0;
    if (PQputCopyEnd(c->pg, c->copy_failed ? "the client could not send every row" : NULL) != 1
        && rc == 0) {
        set_error(c, PQerrorMessage(c->pg));
        rc = c->err_code = DB_EFAIL;
    }
    PGresult *res;
    while ((res = PQgetResult(c->pg)) != NULL) {
        if (PQresultStatus(res) != PGRES_COMMAND_OK && rc == 0) {
            set_result_error(c, res);
            rc = map_error(c, res);
        }
        PQclear(res);
    }
    note_transaction(c);
    c->copy_failed = false;
    return rc;
}

static const char *pg_errmsg(void *handle)
{
    struct pg_conn *c = handle;
    if (!c->err)
        set_error(c, PQerrorMessage(c->pg));
    return c->err;
}

static int pg_last_error(void *handle)
{
    struct pg_conn *c = handle;
    return !c->err ? DB_OK : c->err_code ? c->err_code : DB_EFAIL;
}

const struct db_driver db_postgres_driver = {
    .name = "postgres",
    .dialect = DB_POSTGRES,
    .connect = pg_connect,
    .disconnect = pg_disconnect,
    .exec = pg_exec,
    .exec_script = pg_exec_script,
    .query = pg_query,
    .next = pg_next,
    .isnull = pg_isnull,
    .text = pg_text,
    .integer = pg_integer,
    .columns = pg_columns,
    .rows_close = pg_rows_close,
    .errmsg = pg_errmsg,
    .last_error = pg_last_error,
    .begin_sql = "BEGIN",
    .copy_begin = pg_copy_begin,
    .copy_rows = pg_copy_rows,
    .copy_end = pg_copy_end,
};
