/* Administration commands: migrate, keygen, user add, token create, audit verify.
 * Accounts created here are audited like those created through the API, with
 * "cli" as the actor. */
#include "cli/cli.h"

#include "cli/options.h"
#include "core/util.h"
#include "domain/accounts.h"
#include "domain/regions.h"
#include "security/crypto.h"
#include "security/password.h"
#include "security/session.h"
#include "store/accounts.h"
#include "store/audit.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int cmd_migrate(struct config *cfg)
{
    struct db *db = cli_open_db(cfg, 1);
    if (!db)
        return EXIT_RUNTIME;
    db_close(db);
    printf("schema up to date\n");
    return EXIT_OK;
}

int cmd_keygen(struct config *cfg)
{
    if (!cfg->key_file) {
        cli_error("keygen needs --key-file PATH (or SANAD_KEY_FILE)");
        return EXIT_USAGE;
    }
    if (opts.force) {
        cli_error("refusing --force: replacing a key makes every encrypted field unreadable");
        return EXIT_USAGE;
    }
    if (field_key_generate(cfg->key_file) != 0) {
        cli_error("cannot write %s: %s", cfg->key_file,
                  errno == EEXIST ? "the file exists (keys are never overwritten)"
                                  : strerror(errno));
        return EXIT_RUNTIME;
    }
    printf("wrote a new key to %s\n", cfg->key_file);
    return EXIT_OK;
}

/* Reads one line (the password) from standard input, without its newline. */
static int read_password(char *out, size_t len)
{
    if (!fgets(out, (int)len, stdin))
        return -1;
    size_t n = strlen(out);
    if (n == len - 1 && out[n - 1] != '\n')
        return -1;
    while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
        out[--n] = '\0';
    return 0;
}

/* Records a CLI action in the audit chain within the open transaction. */
static int audit_cli(struct db_conn *c, const char *action, int64_t user_id)
{
    char at[21], id[24];
    now_rfc3339(at);
    snprintf(id, sizeof id, "%lld", (long long)user_id);
    struct audit_entry e = {.at = at, .actor = "cli", .action = action, .object_type = "user",
                            .object_id = id, .outcome = "success"};
    return audit_append(c, &e);
}

static int validate_new_user(struct user *u, int64_t *org)
{
    const char *bad = username_check(opts.username ? opts.username : "");
    if (bad) {
        cli_error("--username: %s", bad);
        return EXIT_USAGE;
    }
    int role = role_parse(opts.role);
    if (role < 0) {
        cli_error("--role must be one of admin, national_officer, regional_coordinator, "
                  "centre_manager, centre_worker, partner_agent, analyst");
        return EXIT_USAGE;
    }
    if (opts.region && (regions_load() != 0 || !region_find(opts.region))) {
        cli_error("--region must be a region code, MA-01 to MA-12");
        return EXIT_USAGE;
    }
    *org = 0;
    if (opts.org && !parse_int64(opts.org, 1, INT64_MAX, org)) {
        cli_error("--org takes an organisation id");
        return EXIT_USAGE;
    }
    u->username = opts.username;
    u->full_name = opts.full_name;
    u->role = (enum role)role;
    u->region = opts.region;
    u->organisation_id = *org;
    u->active = true;
    bad = role_check_scope(u->role, u->region, u->organisation_id);
    if (bad) {
        cli_error("role %s %s --%s", opts.role,
                  strcmp(bad, "region") == 0 && role_scope(u->role) != SCOPE_REGION
                      ? "takes no"
                      : "needs",
                  strcmp(bad, "organisation") == 0 ? "org" : bad);
        return EXIT_USAGE;
    }
    if (!opts.password_stdin) {
        cli_error("give the password on standard input with --password-stdin");
        return EXIT_USAGE;
    }
    return 0;
}

int cmd_user_add(struct config *cfg)
{
    struct user u = {0};
    int64_t org;
    int rc = validate_new_user(&u, &org);
    if (rc != 0)
        return rc;
    char password[PASSWORD_MAX + 2];
    if (read_password(password, sizeof password) != 0) {
        cli_error("no password on standard input (or longer than %d bytes)", PASSWORD_MAX);
        return EXIT_USAGE;
    }
    const char *bad = password_check(password);
    if (bad) {
        cli_error("password: %s", bad);
        return EXIT_USAGE;
    }
    char hash[PASSWORD_HASH_MAX];
    if (password_hash(password, hash) != 0) {
        cli_error("cannot hash the password (out of memory?)");
        return EXIT_RUNTIME;
    }
    sodium_memzero(password, sizeof password);

    struct db *db = cli_open_db(cfg, 1);
    if (!db)
        return EXIT_RUNTIME;
    struct db_conn *c = db_acquire(db);
    struct arena a;
    arena_init(&a);
    struct organisation o;
    rc = EXIT_RUNTIME;
    if (org && accounts_organisation_by_id(c, &a, org, &o) != 1) {
        cli_error("no organisation with id %lld", (long long)org);
        rc = EXIT_USAGE;
    } else if (db_begin(c) < 0) {
        cli_error("cannot begin a transaction: %s", db_errmsg(c));
    } else {
        int ins = accounts_user_insert(c, &u, hash);
        if (ins == 0 && audit_cli(c, "user.create", u.id) == 0 && db_commit(c) == 0) {
            printf("created user %s (id %lld, role %s)\n", u.username, (long long)u.id,
                   role_name(u.role));
            rc = EXIT_OK;
        } else {
            if (ins == DB_EUNIQUE)
                cli_error("user %s already exists", u.username);
            else
                cli_error("cannot create the user: %s", db_errmsg(c));
            db_rollback(c);
        }
    }
    arena_free(&a);
    db_release(c);
    db_close(db);
    return rc;
}

int cmd_token_create(struct config *cfg)
{
    if (!opts.username) {
        cli_error("token create needs --username NAME");
        return EXIT_USAGE;
    }
    struct db *db = cli_open_db(cfg, 1);
    if (!db)
        return EXIT_RUNTIME;
    struct db_conn *c = db_acquire(db);
    struct arena a;
    arena_init(&a);
    struct user u;
    char *ignored;
    int rc = EXIT_RUNTIME;
    int found = accounts_user_by_username(c, &a, opts.username, &u, &ignored);
    char token[TOKEN_TEXT_MAX];
    if (found == 0) {
        cli_error("no user named %s", opts.username);
    } else if (found < 0 || db_begin(c) < 0) {
        cli_error("cannot read the account: %s", db_errmsg(c));
    } else if (api_token_create(c, u.id, token) == 0 && audit_cli(c, "token.create", u.id) == 0 &&
               db_commit(c) == 0) {
        printf("%s\n", token);
        rc = EXIT_OK;
    } else {
        cli_error("cannot create the token: %s", db_errmsg(c));
        db_rollback(c);
    }
    arena_free(&a);
    db_release(c);
    db_close(db);
    return rc;
}

int cmd_audit_verify(struct config *cfg)
{
    struct db *db = cli_open_db(cfg, 1);
    if (!db)
        return EXIT_RUNTIME;
    struct db_conn *c = db_acquire(db);
    struct audit_verdict v;
    int rc = audit_verify(c, &v);
    db_release(c);
    db_close(db);
    if (rc < 0) {
        cli_error("cannot read the audit log");
        return EXIT_RUNTIME;
    }
    if (v.broken_seq) {
        cli_error("audit chain broken at entry %lld: %s", (long long)v.broken_seq, v.reason);
        return EXIT_RUNTIME;
    }
    printf("audit chain intact: %lld entries\n", (long long)v.entries);
    return EXIT_OK;
}
