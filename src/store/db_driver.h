/* What a storage backend implements (private to src/store/): a table of functions
 * that db.c calls on behalf of the interface in db.h. Each backend's rows object
 * starts with a `struct db_rows` header so db.c can find the driver back. */
#ifndef SANAD_STORE_DB_DRIVER_H
#define SANAD_STORE_DB_DRIVER_H

#include "store/db.h"

struct db_driver;

struct db_rows {
    const struct db_driver *driver;
};

/* The backends, as a table of functions (private to the store layer). */
struct db_driver {
    const char *name;
    enum db_dialect dialect;
    /* Opens one connection to `target` (the URL without "sqlite:"); NULL and a
     * message on failure. */
    void *(*connect)(const char *target, char *err, size_t errlen);
    void (*disconnect)(void *conn);
    int64_t (*exec)(void *conn, const char *sql, const struct db_param *params, int n);
    int (*exec_script)(void *conn, const char *sql);
    struct db_rows *(*query)(void *conn, const char *sql, const struct db_param *params, int n);
    int (*next)(struct db_rows *r);
    bool (*isnull)(struct db_rows *r, int col);
    const char *(*text)(struct db_rows *r, int col);
    int64_t (*integer)(struct db_rows *r, int col);
    int (*columns)(struct db_rows *r);
    void (*rows_close)(struct db_rows *r);
    const char *(*errmsg)(void *conn);
    /* The DB_E* code of the connection's last failure (a NULL from query says
     * only that it failed; this says how, e.g. DB_EUNIQUE). */
    int (*last_error)(void *conn);
    /* Statements that open and close a write transaction in this dialect. */
    const char *begin_sql;
    /* Optional: the connection will carry a stream of writes, or no longer will
     * (db_set_writer()). */
    void (*set_writer)(void *conn, bool writer);
    /* Optional: work the backend does beside the connections for as long as the
     * database is open (started after the pool, stopped before it closes). */
    void *(*start_background)(const char *target);
    void (*stop_background)(void *background);
    /* Optional: bulk load of rows into one table (db_copy_begin() and after). */
    int (*copy_begin)(void *conn, const char *table, const char *columns);
    int (*copy_rows)(void *conn, const struct db_param *params, int nrows, int ncols);
    int (*copy_end)(void *conn);
};

extern const struct db_driver db_sqlite_driver;
extern const struct db_driver db_postgres_driver;

#endif
