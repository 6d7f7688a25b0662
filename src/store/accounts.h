/* Storage of organisations, staff accounts, login sessions, API tokens and the
 * counters behind login throttling. Strings returned in structs are allocated in
 * the caller's arena. Functions return 1 (found) / 0 (not found) for lookups, 0
 * for writes, or a negative DB_E* code. */
#ifndef SANAD_STORE_ACCOUNTS_H
#define SANAD_STORE_ACCOUNTS_H

#include "core/arena.h"
#include "domain/roles.h"
#include "store/db.h"

#include <stdbool.h>
#include <stdint.h>

struct user {
    int64_t id;
    const char *username;
    const char *full_name;        /* may be NULL */
    enum role role;
    const char *region;           /* may be NULL */
    int64_t organisation_id;      /* 0 when none */
    bool active;
    const char *created_at, *updated_at;
};

struct organisation {
    int64_t id;
    const char *name, *kind;
    const char *region;           /* may be NULL */
    const char *created_at;
};

int accounts_user_by_id(struct db_conn *c, struct arena *a, int64_t id, struct user *out);
/* Also returns the stored password hash into *password_hash (arena). */
int accounts_user_by_username(struct db_conn *c, struct arena *a, const char *username,
                              struct user *out, char **password_hash);
/* Inserts u (id and timestamps are set here) with its password hash. DB_EUNIQUE
 * when the username is taken. */
int accounts_user_insert(struct db_conn *c, struct user *u, const char *password_hash);
/* Writes every field of u but id and created_at; password_hash NULL keeps it. */
int accounts_user_update(struct db_conn *c, struct user *u, const char *password_hash);
/* Up to `limit` users with id > after, by id. *out is an arena array. */
int accounts_users_list(struct db_conn *c, struct arena *a, int64_t after, int limit,
                        struct user **out, int *count);

int accounts_organisation_insert(struct db_conn *c, struct organisation *o);
int accounts_organisation_by_id(struct db_conn *c, struct arena *a, int64_t id,
                                struct organisation *out);
int accounts_organisation_by_name(struct db_conn *c, struct arena *a, const char *name,
                                  struct organisation *out);
int accounts_organisations_list(struct db_conn *c, struct arena *a, struct organisation **out,
                                int *count);

int accounts_session_insert(struct db_conn *c, const char *token_hash, int64_t user_id,
                            const char *csrf_token, const char *expires_at,
                            const char *client_ip);
/* The active user of an unexpired session, and the session's CSRF token. */
int accounts_session_lookup(struct db_conn *c, struct arena *a, const char *token_hash,
                            const char *now, struct user *out, char **csrf_token);
int accounts_session_delete(struct db_conn *c, const char *token_hash);
/* Revokes every session of a user (deactivation, password change). */
int accounts_sessions_delete_for_user(struct db_conn *c, int64_t user_id);

int accounts_token_insert(struct db_conn *c, const char *token_hash, int64_t user_id);
int accounts_token_lookup(struct db_conn *c, struct arena *a, const char *token_hash,
                          struct user *out);

/* Failed logins of `username` in the window that started after `window_start`. */
int accounts_login_failures(struct db_conn *c, const char *username, const char *window_start,
                            int64_t *count);
int accounts_login_failure_add(struct db_conn *c, const char *username, const char *now,
                               const char *window_start);
int accounts_login_failures_clear(struct db_conn *c, const char *username);

#endif
