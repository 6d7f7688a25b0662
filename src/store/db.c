/* The storage interface's common part (see db.h): choosing the backend from the
 * URL, the connection pool, and dispatch to the backend's functions. */
#include "store/db_driver.h"

#include "core/arena.h"
#include "core/log.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct db_conn {
    struct db *db;
    void *handle;
    bool in_use;
};

struct db {
    const struct db_driver *driver;
    struct db_conn *conns;
    int size, in_use;
    uint64_t acquisitions, waits;
    void *background;   /* the driver's, when it has any */
    pthread_mutex_t lock;
    pthread_cond_t freed;
};

static const struct db_driver *driver_for(const char *url, const char **target)
{
    if (strncmp(url, "sqlite:", 7) == 0) {
        *target = url + 7;
        return &db_sqlite_driver;
    }
    if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0) {
        *target = url;
        return &db_postgres_driver;
    }
    return NULL;
}

struct db *db_open(const char *url, int pool_size, char *err, size_t errlen)
{
    const char *target;
    const struct db_driver *driver = driver_for(url, &target);
    if (!driver) {
        snprintf(err, errlen, "unsupported database URL (use sqlite:PATH or postgresql://...)");
        return NULL;
    }
    if (pool_size < 1)
        pool_size = 1;
    struct db *db = xmalloc(sizeof *db);
    memset(db, 0, sizeof *db);
    db->driver = driver;
    db->size = pool_size;
    db->conns = xmalloc(sizeof *db->conns * (size_t)pool_size);
    pthread_mutex_init(&db->lock, NULL);
    pthread_cond_init(&db->freed, NULL);
    for (int i = 0; i < pool_size; i++) {
        db->conns[i].db = db;
        db->conns[i].in_use = false;
        db->conns[i].handle = driver->connect(target, err, errlen);
        if (!db->conns[i].handle) {
            db->size = i;
            db_close(db);
            return NULL;
        }
    }
    if (driver->start_background)
        db->background = driver->start_background(target);
    return db;
}

void db_stop_background(struct db *db)
{
    if (db->background)
        db->driver->stop_background(db->background);
    db->background = NULL;
}

void db_close(struct db *db)
{
    if (!db)
        return;
    db_stop_background(db);
    for (int i = 0; i < db->size; i++)
        db->driver->disconnect(db->conns[i].handle);
    pthread_mutex_destroy(&db->lock);
    pthread_cond_destroy(&db->freed);
    free(db->conns);
    free(db);
}

enum db_dialect db_dialect(const struct db *db)
{
    return db->driver->dialect;
}

const char *db_dialect_name(const struct db *db)
{
    return db->driver->name;
}

struct db_conn *db_acquire(struct db *db)
{
    pthread_mutex_lock(&db->lock);
    db->acquisitions++;
    if (db->in_use == db->size)
        db->waits++;
    while (db->in_use == db->size)
        pthread_cond_wait(&db->freed, &db->lock);
    struct db_conn *c = NULL;
    for (int i = 0; i < db->size; i++) {
        if (!db->conns[i].in_use) {
            c = &db->conns[i];
            break;
        }
    }
    c->in_use = true;
    db->in_use++;
    pthread_mutex_unlock(&db->lock);
    return c;
}

void db_release(struct db_conn *c)
{
    struct db *db = c->db;
    pthread_mutex_lock(&db->lock);
    c->in_use = false;
    db->in_use--;
    pthread_cond_signal(&db->freed);
    pthread_mutex_unlock(&db->lock);
}

struct db *db_of(struct db_conn *c)
{
    return c->db;
}

void db_set_writer(struct db_conn *c, bool writer)
{
    const struct db_driver *driver = c->db->driver;
    if (driver->set_writer)
        driver->set_writer(c->handle, writer);
}

void db_pool_stats(struct db *db, struct db_pool_stats *out)
{
    pthread_mutex_lock(&db->lock);
    out->size = db->size;
    out->in_use = db->in_use;
    out->acquisitions = db->acquisitions;
    out->waits = db->waits;
    pthread_mutex_unlock(&db->lock);
}

int64_t db_exec(struct db_conn *c, const char *sql, const struct db_param *params, int n)
{
    return c->db->driver->exec(c->handle, sql, params, n);
}

int db_exec_script(struct db_conn *c, const char *sql)
{
    return c->db->driver->exec_script(c->handle, sql);
}

struct db_rows *db_query(struct db_conn *c, const char *sql, const struct db_param *params, int n)
{
    struct db_rows *r = c->db->driver->query(c->handle, sql, params, n);
    if (r)
        r->driver = c->db->driver;
    return r;
}

int db_next(struct db_rows *r)
{
    return r->driver->next(r);
}

bool db_isnull(struct db_rows *r, int col)
{
    return r->driver->isnull(r, col);
}

const char *db_text(struct db_rows *r, int col)
{
    return r->driver->text(r, col);
}

int64_t db_int(struct db_rows *r, int col)
{
    return r->driver->integer(r, col);
}

int db_columns(struct db_rows *r)
{
    return r->driver->columns(r);
}

void db_rows_close(struct db_rows *r)
{
    if (r)
        r->driver->rows_close(r);
}

int db_query_int(struct db_conn *c, const char *sql, const struct db_param *params, int n,
                 int64_t *out)
{
    struct db_rows *r = db_query(c, sql, params, n);
    if (!r)
        return DB_EFAIL;
    int rc = db_next(r);
    if (rc == 1)
        *out = db_int(r, 0);
    db_rows_close(r);
    return rc;
}

int db_insert_id(struct db_conn *c, const char *sql, const struct db_param *params, int n,
                 int64_t *id)
{
    struct db_rows *r = db_query(c, sql, params, n);
    if (!r)
        return db_last_error(c);
    int rc = db_next(r);
    if (rc == 1)
        *id = db_int(r, 0);
    db_rows_close(r);
    return rc == 1 ? 0 : rc == 0 ? DB_EFAIL : rc;
}

int db_begin(struct db_conn *c)
{
    int64_t rc = db_exec(c, c->db->driver->begin_sql, NULL, 0);
    return rc < 0 ? (int)rc : 0;
}

int db_commit(struct db_conn *c)
{
    int64_t rc = db_exec(c, "COMMIT", NULL, 0);
    if (rc < 0) {
        log_error("store", "commit failed: %s", db_errmsg(c));
        db_rollback(c);
        return (int)rc;
    }
    return 0;
}

void db_rollback(struct db_conn *c)
{
    if (db_exec(c, "ROLLBACK", NULL, 0) < 0)
        log_warn("store", "rollback failed: %s", db_errmsg(c));
}

int db_copy_begin(struct db_conn *c, const char *table, const char *columns)
{
    const struct db_driver *driver = c->db->driver;
    return driver->copy_begin ? driver->copy_begin(c->handle, table, columns) : DB_ENOTSUP;
}

int db_copy_rows(struct db_conn *c, const struct db_param *params, int nrows, int ncols)
{
    return c->db->driver->copy_rows(c->handle, params, nrows, ncols);
}

int db_copy_end(struct db_conn *c)
{
    return c->db->driver->copy_end(c->handle);
}

const char *db_errmsg(struct db_conn *c)
{
    return c->db->driver->errmsg(c->handle);
}

int db_last_error(struct db_conn *c)
{
    return c->db->driver->last_error(c->handle);
}
