/* Unit tests of the storage layer above the driver, on a fresh SQLite file:
 * migrations, accounts, sessions and tokens, login throttling, the audit chain
 * with its tamper detection, and the bulk load SQLite does not offer. (The
 * PostgreSQL driver has its own test, test_store_postgres.c; the API suite runs
 * everything on both backends.) */
#include "core/log.h"
#include "core/util.h"
#include "security/login.h"
#include "security/password.h"
#include "security/session.h"
#include "store/accounts.h"
#include "store/audit.h"
#include "store/db.h"
#include "store/migrate.h"

#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

struct fixture {
    char path[64];
    struct db *db;
    struct db_conn *c;
    struct arena a;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    snprintf(f->path, sizeof f->path, "/tmp/sanad-unit-%d-%u.db", (int)getpid(),
             randombytes_random());
    char url[80], err[200];
    snprintf(url, sizeof url, "sqlite:%s", f->path);
    f->db = db_open(url, 2, err, sizeof err);
    if (!f->db || migrate_up(f->db, err, sizeof err) < 0)
        return -1;
    f->c = db_acquire(f->db);
    arena_init(&f->a);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    arena_free(&f->a);
    db_release(f->c);
    db_close(f->db);
    char side[80];
    unlink(f->path);
    snprintf(side, sizeof side, "%s-wal", f->path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", f->path);
    unlink(side);
    free(f);
    return 0;
}

static int64_t add_user(struct fixture *f, const char *name, const char *password)
{
    char hash[PASSWORD_HASH_MAX];
    assert_int_equal(password_hash(password, hash), 0);
    struct user u = {.username = name, .role = ROLE_ADMIN, .active = true};
    assert_int_equal(accounts_user_insert(f->c, &u, hash), 0);
    return u.id;
}

static void migrations_apply_once(void **state)
{
    struct fixture *f = *state;
    char err[200];
    assert_int_equal(migrate_up(f->db, err, sizeof err), 0);   /* nothing left to apply */
    int64_t n = 0;
    assert_int_equal(db_query_int(f->c, "SELECT COUNT(*) FROM schema_migrations", DB_NO_PARAMS,
                                  &n), 1);
    assert_true(n >= 1);
}

static void accounts_round_trip(void **state)
{
    struct fixture *f = *state;
    int64_t id = add_user(f, "amina", "a long password");
    char hash[PASSWORD_HASH_MAX];
    password_hash("x long password", hash);
    struct user dup = {.username = "amina", .role = ROLE_ANALYST, .active = true};
    assert_int_equal(accounts_user_insert(f->c, &dup, hash), DB_EUNIQUE);

    struct user u;
    assert_int_equal(accounts_user_by_id(f->c, &f->a, id, &u), 1);
    assert_string_equal(u.username, "amina");
    assert_int_equal(u.role, ROLE_ADMIN);
    assert_null(u.region);
    assert_int_equal(accounts_user_by_id(f->c, &f->a, id + 100, &u), 0);

    struct organisation o = {.name = "Centre Al Amal", .kind = "centre", .region = "MA-09"};
    assert_int_equal(accounts_organisation_insert(f->c, &o), 0);
    assert_int_equal(accounts_organisation_insert(f->c, &o), DB_EUNIQUE);
    u.role = ROLE_CENTRE_WORKER;
    u.organisation_id = o.id;
    u.full_name = "Amina Tazi";
    assert_int_equal(accounts_user_update(f->c, &u, NULL), 0);
    struct user back;
    char *stored_hash;
    assert_int_equal(accounts_user_by_username(f->c, &f->a, "amina", &back, &stored_hash), 1);
    assert_int_equal(back.organisation_id, o.id);
    assert_string_equal(back.full_name, "Amina Tazi");
    assert_true(password_verify(stored_hash, "a long password"));   /* kept */

    add_user(f, "badia", "another password");
    struct user *list;
    int n;
    assert_int_equal(accounts_users_list(f->c, &f->a, 0, 1, &list, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].username, "amina");
    assert_int_equal(accounts_users_list(f->c, &f->a, list[0].id, 10, &list, &n), 0);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].username, "badia");
}

static void sessions_and_tokens(void **state)
{
    struct fixture *f = *state;
    int64_t id = add_user(f, "salma", "a long password");
    char token[TOKEN_TEXT_MAX], csrf[TOKEN_TEXT_MAX], hash[TOKEN_HASH_HEX];
    assert_int_equal(session_create(f->c, id, 1, "127.0.0.1", token, csrf), 0);
    struct user u;
    char *stored_csrf;
    assert_int_equal(session_resolve(f->c, &f->a, token, &u, &stored_csrf, hash), 1);
    assert_int_equal(u.id, id);
    assert_string_equal(stored_csrf, csrf);
    /* The database holds the hash, not the secret. */
    int64_t n = -1;
    db_query_int(f->c, "SELECT COUNT(*) FROM sessions WHERE token_hash = ?",
                 DB_PARAMS(P_TEXT(token)), &n);
    assert_int_equal(n, 0);
    assert_int_equal(session_resolve(f->c, &f->a, "ss_forged", &u, &stored_csrf, hash), 0);
    /* Deactivation hides the session; expiry too. */
    u.active = false;
    accounts_user_update(f->c, &u, NULL);
    assert_int_equal(session_resolve(f->c, &f->a, token, &u, &stored_csrf, hash), 0);
    u.active = true;
    accounts_user_update(f->c, &u, NULL);
    db_exec(f->c, "UPDATE sessions SET expires_at = '2000-01-01T00:00:00Z'", DB_NO_PARAMS);
    assert_int_equal(session_resolve(f->c, &f->a, token, &u, &stored_csrf, hash), 0);

    char api[TOKEN_TEXT_MAX];
    assert_int_equal(api_token_create(f->c, id, api), 0);
    assert_int_equal(api_token_resolve(f->c, &f->a, api, &u), 1);
    assert_int_equal(api_token_resolve(f->c, &f->a, token, &u), 0);   /* wrong prefix */
}

static void logins_are_throttled(void **state)
{
    struct fixture *f = *state;
    add_user(f, "nadia", "the right password");
    struct user u;
    assert_int_equal(login_check(f->c, &f->a, "nadia", "the right password", &u), LOGIN_OK);
    for (int i = 0; i < LOGIN_MAX_FAILURES; i++)
        assert_int_equal(login_check(f->c, &f->a, "nadia", "wrong", &u), LOGIN_REFUSED);
    assert_int_equal(login_check(f->c, &f->a, "nadia", "the right password", &u),
                     LOGIN_THROTTLED);
    /* Unknown usernames are refused the same way, and throttled the same way. */
    assert_int_equal(login_check(f->c, &f->a, "nobody", "x", &u), LOGIN_REFUSED);
    /* After the window, a success clears the count. */
    db_exec(f->c, "UPDATE login_failures SET window_start = '2000-01-01T00:00:00Z'",
            DB_NO_PARAMS);
    assert_int_equal(login_check(f->c, &f->a, "nadia", "the right password", &u), LOGIN_OK);
    int64_t n = -1;
    db_query_int(f->c, "SELECT COUNT(*) FROM login_failures WHERE username = 'nadia'",
                 DB_NO_PARAMS, &n);
    assert_int_equal(n, 0);
}

static void record(struct fixture *f, const char *actor, const char *action)
{
    struct audit_entry e = {.at = "2026-11-22T20:00:00Z", .actor = actor, .action = action,
                            .object_type = "user", .object_id = "1", .outcome = "success"};
    assert_int_equal(audit_record(f->c, &e), 0);
}

static void audit_chain_detects_tampering(void **state)
{
    struct fixture *f = *state;
    for (int i = 0; i < 5; i++)
        record(f, "admin", "user.update");
    struct audit_verdict v;
    assert_int_equal(audit_verify(f->c, &v), 0);
    assert_int_equal(v.entries, 5);
    assert_int_equal(v.broken_seq, 0);

    struct audit_entry *list;
    int n;
    assert_int_equal(audit_list(f->c, &f->a, 0, 2, &list, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(list[0].seq, 5);
    assert_int_equal(audit_list(f->c, &f->a, 4, 10, &list, &n), 0);
    assert_int_equal(list[0].seq, 3);

    db_exec(f->c, "UPDATE audit_log SET actor = 'someone' WHERE seq = 3", DB_NO_PARAMS);
    assert_int_equal(audit_verify(f->c, &v), 0);
    assert_int_equal(v.broken_seq, 3);
    db_exec(f->c, "UPDATE audit_log SET actor = 'admin' WHERE seq = 3", DB_NO_PARAMS);
    assert_int_equal(audit_verify(f->c, &v), 0);
    assert_int_equal(v.broken_seq, 0);

    db_exec(f->c, "DELETE FROM audit_log WHERE seq = 2", DB_NO_PARAMS);
    assert_int_equal(audit_verify(f->c, &v), 0);
    assert_int_equal(v.broken_seq, 3);
}

static void audit_detects_truncation(void **state)
{
    struct fixture *f = *state;
    for (int i = 0; i < 3; i++)
        record(f, "admin", "auth.login");
    db_exec(f->c, "DELETE FROM audit_log WHERE seq = 3", DB_NO_PARAMS);
    struct audit_verdict v;
    assert_int_equal(audit_verify(f->c, &v), 0);
    assert_int_equal(v.broken_seq, 3);
}

/* A failed write inside a transaction leaves nothing behind. */
static void transactions_are_all_or_nothing(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(db_begin(f->c), 0);
    struct audit_entry e = {.at = "2026-11-22T20:00:00Z", .actor = "x", .action = "a",
                            .object_type = "user", .outcome = "success"};
    assert_int_equal(audit_append(f->c, &e), 0);
    assert_int_equal(e.seq, 1);
    db_rollback(f->c);
    int64_t n = -1;
    db_query_int(f->c, "SELECT COUNT(*) FROM audit_log", DB_NO_PARAMS, &n);
    assert_int_equal(n, 0);
    db_query_int(f->c, "SELECT seq FROM audit_head", DB_NO_PARAMS, &n);
    assert_int_equal(n, 0);
    record(f, "x", "a");
    struct audit_verdict v;
    assert_int_equal(audit_verify(f->c, &v), 0);
    assert_int_equal(v.entries, 1);
    assert_int_equal(v.broken_seq, 0);
}

/* A writer that commits without pause keeps the WAL bounded: once it is long
 * (65,536 pages, sqlite.c), the writer copies the rest after its commit and its
 * next transaction starts the WAL over. Without that it grew for as long as the
 * commits came, the checkpointer never catching up with the last one. Writes
 * about 1.5 times that many pages. */
static void a_steady_writer_keeps_the_wal_bounded(void **state)
{
    struct fixture *f = *state;
    enum { WAL_PAGES = 65536, FRAME = 4096 + 24, ROW = 400 * 1024, COMMITS = 1000 };
    char *text = malloc(ROW + 1);
    memset(text, 'x', ROW);
    text[ROW] = '\0';
    assert_true(db_exec(f->c, "CREATE TABLE filler (t TEXT)", DB_NO_PARAMS) >= 0);
    db_set_writer(f->c, true);
    char wal[80];
    snprintf(wal, sizeof wal, "%s-wal", f->path);
    off_t largest = 0;
    for (int i = 0; i < COMMITS; i++) {
        text[0] = (char)('a' + i % 26);   /* a new row, not the same pages again */
        assert_int_equal(db_begin(f->c), 0);
        assert_true(db_exec(f->c, "DELETE FROM filler", DB_NO_PARAMS) >= 0);
        assert_true(db_exec(f->c, "INSERT INTO filler (t) VALUES (?)", DB_PARAMS(P_TEXT(text))) >= 0);
        assert_int_equal(db_commit(f->c), 0);
        struct stat st;
        if (stat(wal, &st) == 0 && st.st_size > largest)
            largest = st.st_size;
    }
    db_set_writer(f->c, false);
    free(text);
    assert_true(largest > (off_t)WAL_PAGES * FRAME / 2);   /* it did grow long */
    assert_true(largest < (off_t)WAL_PAGES * FRAME * 11 / 10);
}

/* SQLite has no bulk load: the caller is told so, and INSERTs instead. */
static void bulk_load_is_not_offered(void **state)
{
    struct fixture *f = *state;
    assert_int_equal(db_copy_begin(f->c, "accounts", "username"), DB_ENOTSUP);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    log_set_level(LOG_WARN);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(migrations_apply_once, setup, teardown),
        cmocka_unit_test_setup_teardown(accounts_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(sessions_and_tokens, setup, teardown),
        cmocka_unit_test_setup_teardown(logins_are_throttled, setup, teardown),
        cmocka_unit_test_setup_teardown(audit_chain_detects_tampering, setup, teardown),
        cmocka_unit_test_setup_teardown(audit_detects_truncation, setup, teardown),
        cmocka_unit_test_setup_teardown(transactions_are_all_or_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(bulk_load_is_not_offered, setup, teardown),
        cmocka_unit_test_setup_teardown(a_steady_writer_keeps_the_wal_bounded, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
