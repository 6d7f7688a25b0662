/* Accounts storage (see accounts.h). SQL here is common to both dialects. */
#include "store/accounts.h"

#include "core/util.h"

#include <stdlib.h>
#include <string.h>

#define USER_COLUMNS \
    "u.id, u.username, u.full_name, u.role, u.region, u.organisation_id, u.active, " \
    "u.created_at, u.updated_at"

static const char *opt_text(struct db_rows *r, int col, struct arena *a)
{
    return db_isnull(r, col) ? NULL : arena_strdup(a, db_text(r, col));
}

/* Reads USER_COLUMNS starting at column 0. */
static void read_user(struct db_rows *r, struct arena *a, struct user *u)
{
    u->id = db_int(r, 0);
    u->username = arena_strdup(a, db_text(r, 1));
    u->full_name = opt_text(r, 2, a);
    int role = role_parse(db_text(r, 3));
    u->role = role < 0 ? ROLE_ANALYST : (enum role)role;
    u->region = opt_text(r, 4, a);
    u->organisation_id = db_int(r, 5);
    u->active = db_int(r, 6) != 0;
    u->created_at = arena_strdup(a, db_text(r, 7));
    u->updated_at = arena_strdup(a, db_text(r, 8));
}

/* Runs a query expected to return at most one user (plus optional extra text
 * columns after the user's, copied into *extra). */
static int query_one_user(struct db_conn *c, struct arena *a, const char *sql,
                          const struct db_param *params, int n, struct user *out, char **extra)
{
    struct db_rows *r = db_query(c, sql, params, n);
    if (!r)
        return DB_EFAIL;
    int rc = db_next(r);
    if (rc == 1) {
        read_user(r, a, out);
        if (extra)
            *extra = arena_strdup(a, db_text(r, 9));
    }
    db_rows_close(r);
    return rc;
}

int accounts_user_by_id(struct db_conn *c, struct arena *a, int64_t id, struct user *out)
{
    return query_one_user(c, a, "SELECT " USER_COLUMNS " FROM users u WHERE u.id = ?",
                          DB_PARAMS(P_INT(id)), out, NULL);
}

int accounts_user_by_username(struct db_conn *c, struct arena *a, const char *username,
                              struct user *out, char **password_hash)
{
    return query_one_user(c, a,
                          "SELECT " USER_COLUMNS ", u.password_hash FROM users u "
                          "WHERE u.username = ?",
                          DB_PARAMS(P_TEXT(username)), out, password_hash);
}

static struct db_param org_param(int64_t organisation_id)
{
    return organisation_id > 0 ? P_INT(organisation_id) : P_NULL;
}

int accounts_user_insert(struct db_conn *c, struct user *u, const char *password_hash)
{
    char now[21];
    now_rfc3339(now);
    int rc = db_insert_id(
        c,
        "INSERT INTO users (username, full_name, password_hash, role, region, organisation_id, "
        "active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        DB_PARAMS(P_TEXT(u->username), P_TEXT(u->full_name), P_TEXT(password_hash),
                  P_TEXT(role_name(u->role)), P_TEXT(u->region), org_param(u->organisation_id),
                  P_INT(u->active), P_TEXT(now), P_TEXT(now)),
        &u->id);
    return rc;
}

int accounts_user_update(struct db_conn *c, struct user *u, const char *password_hash)
{
    char now[21];
    now_rfc3339(now);
    int64_t rc = db_exec(
        c,
        "UPDATE users SET full_name = ?, role = ?, region = ?, organisation_id = ?, active = ?, "
        "password_hash = COALESCE(?, password_hash), updated_at = ? WHERE id = ?",
        DB_PARAMS(P_TEXT(u->full_name), P_TEXT(role_name(u->role)), P_TEXT(u->region),
                  org_param(u->organisation_id), P_INT(u->active), P_TEXT(password_hash),
                  P_TEXT(now), P_INT(u->id)));
    return rc < 0 ? (int)rc : 0;
}

int accounts_users_list(struct db_conn *c, struct arena *a, int64_t after, int limit,
                        struct user **out, int *count)
{
    struct db_rows *r = db_query(c,
                                 "SELECT " USER_COLUMNS " FROM users u WHERE u.id > ? "
                                 "ORDER BY u.id LIMIT ?",
                                 DB_PARAMS(P_INT(after), P_INT(limit)));
    if (!r)
        return DB_EFAIL;
    struct user *list = arena_alloc(a, sizeof *list * (size_t)(limit > 0 ? limit : 1));
    int n = 0, rc;
    while (n < limit && (rc = db_next(r)) == 1)
        read_user(r, a, &list[n++]);
    db_rows_close(r);
    if (rc < 0)
        return rc;
    *out = list;
    *count = n;
    return 0;
}

static void read_organisation(struct db_rows *r, struct arena *a, struct organisation *o)
{
    o->id = db_int(r, 0);
    o->name = arena_strdup(a, db_text(r, 1));
    o->kind = arena_strdup(a, db_text(r, 2));
    o->region = opt_text(r, 3, a);
    o->created_at = arena_strdup(a, db_text(r, 4));
}

#define ORG_SELECT "SELECT id, name, kind, region, created_at FROM organisations "

static int query_one_organisation(struct db_conn *c, struct arena *a, const char *sql,
                                  const struct db_param *params, int n,
                                  struct organisation *out)
{
    struct db_rows *r = db_query(c, sql, params, n);
    if (!r)
        return DB_EFAIL;
    int rc = db_next(r);
    if (rc == 1)
        read_organisation(r, a, out);
    db_rows_close(r);
    return rc;
}

int accounts_organisation_insert(struct db_conn *c, struct organisation *o)
{
    char now[21];
    now_rfc3339(now);
    return db_insert_id(c,
                        "INSERT INTO organisations (name, kind, region, created_at) "
                        "VALUES (?, ?, ?, ?) RETURNING id",
                        DB_PARAMS(P_TEXT(o->name), P_TEXT(o->kind), P_TEXT(o->region),
                                  P_TEXT(now)),
                        &o->id);
}

int accounts_organisation_by_id(struct db_conn *c, struct arena *a, int64_t id,
                                struct organisation *out)
{
    return query_one_organisation(c, a, ORG_SELECT "WHERE id = ?", DB_PARAMS(P_INT(id)), out);
}

int accounts_organisation_by_name(struct db_conn *c, struct arena *a, const char *name,
                                  struct organisation *out)
{
    return query_one_organisation(c, a, ORG_SELECT "WHERE name = ?", DB_PARAMS(P_TEXT(name)),
                                  out);
}

int accounts_organisations_list(struct db_conn *c, struct arena *a, struct organisation **out,
                                int *count)
{
    struct db_rows *r = db_query(c, ORG_SELECT "ORDER BY id", DB_NO_PARAMS);
    if (!r)
        return DB_EFAIL;
    size_t cap = 0;
    int n = 0, rc;
    struct organisation *list = NULL;
    while ((rc = db_next(r)) == 1) {
        list = arena_grow(a, list, (size_t)n, &cap, sizeof *list);
        read_organisation(r, a, &list[n++]);
    }
    db_rows_close(r);
    if (rc < 0)
        return rc;
    *out = list;
    *count = n;
    return 0;
}

static int exec_status(int64_t rc)
{
    return rc < 0 ? (int)rc : 0;
}

int accounts_session_insert(struct db_conn *c, const char *token_hash, int64_t user_id,
                            const char *csrf_token, const char *expires_at,
                            const char *client_ip)
{
    char now[21];
    now_rfc3339(now);
    return exec_status(db_exec(c,
                               "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, "
                               "expires_at, client_ip) VALUES (?, ?, ?, ?, ?, ?)",
                               DB_PARAMS(P_TEXT(token_hash), P_INT(user_id), P_TEXT(csrf_token),
                                         P_TEXT(now), P_TEXT(expires_at), P_TEXT(client_ip))));
}

int accounts_session_lookup(struct db_conn *c, struct arena *a, const char *token_hash,
                            const char *now, struct user *out, char **csrf_token)
{
    return query_one_user(c, a,
                          "SELECT " USER_COLUMNS ", s.csrf_token FROM sessions s "
                          "JOIN users u ON u.id = s.user_id "
                          "WHERE s.token_hash = ? AND s.expires_at > ? AND u.active = 1",
                          DB_PARAMS(P_TEXT(token_hash), P_TEXT(now)), out, csrf_token);
}

int accounts_session_delete(struct db_conn *c, const char *token_hash)
{
    return exec_status(
        db_exec(c, "DELETE FROM sessions WHERE token_hash = ?", DB_PARAMS(P_TEXT(token_hash))));
}

int accounts_sessions_delete_for_user(struct db_conn *c, int64_t user_id)
{
    return exec_status(
        db_exec(c, "DELETE FROM sessions WHERE user_id = ?", DB_PARAMS(P_INT(user_id))));
}

int accounts_token_insert(struct db_conn *c, const char *token_hash, int64_t user_id)
{
    char now[21];
    now_rfc3339(now);
    return exec_status(db_exec(c,
                               "INSERT INTO api_tokens (token_hash, user_id, created_at) "
                               "VALUES (?, ?, ?)",
                               DB_PARAMS(P_TEXT(token_hash), P_INT(user_id), P_TEXT(now))));
}

int accounts_token_lookup(struct db_conn *c, struct arena *a, const char *token_hash,
                          struct user *out)
{
    return query_one_user(c, a,
                          "SELECT " USER_COLUMNS " FROM api_tokens t "
                          "JOIN users u ON u.id = t.user_id "
                          "WHERE t.token_hash = ? AND t.revoked = 0 AND u.active = 1",
                          DB_PARAMS(P_TEXT(token_hash)), out, NULL);
}

int accounts_login_failures(struct db_conn *c, const char *username, const char *window_start,
                            int64_t *count)
{
    *count = 0;
    int rc = db_query_int(c,
                          "SELECT failures FROM login_failures "
                          "WHERE username = ? AND window_start > ?",
                          DB_PARAMS(P_TEXT(username), P_TEXT(window_start)), count);
    return rc < 0 ? rc : 0;
}

int accounts_login_failure_add(struct db_conn *c, const char *username, const char *now,
                               const char *window_start)
{
    /* A failure outside the current window starts a new window at 1. */
    return exec_status(db_exec(
        c,
        "INSERT INTO login_failures (username, failures, window_start) VALUES (?, 1, ?) "
        "ON CONFLICT (username) DO UPDATE SET "
        "failures = CASE WHEN login_failures.window_start > ? "
        "THEN login_failures.failures + 1 ELSE 1 END, "
        "window_start = CASE WHEN login_failures.window_start > ? "
        "THEN login_failures.window_start ELSE excluded.window_start END",
        DB_PARAMS(P_TEXT(username), P_TEXT(now), P_TEXT(window_start), P_TEXT(window_start))));
}

int accounts_login_failures_clear(struct db_conn *c, const char *username)
{
    return exec_status(
        db_exec(c, "DELETE FROM login_failures WHERE username = ?", DB_PARAMS(P_TEXT(username))));
}
