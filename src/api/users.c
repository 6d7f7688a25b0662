/* Staff accounts, for admins: list, create, read, change, revoke sessions. Every
 * change is audited in the same transaction as the change itself. Deactivating an
 * account, changing its password, role or scope ends its open sessions. */
#include "api/handlers.h"

#include "core/util.h"
#include "domain/accounts.h"
#include "domain/regions.h"
#include "security/password.h"
#include "store/accounts.h"

#include <stdlib.h>
#include <string.h>

static const char *const user_fields[] = {"username", "password", "full_name", "role",
                                          "region", "organisation", "active", NULL};

/* Reads the fields present in `body` into u (and *password); adds field errors.
 * On create, username, password and role are required. */
static void read_fields(struct req *r, struct field_errors *fe, json_t *body, struct user *u,
                        const char **password, bool creating)
{
    const char *s;
    if (creating) {
        s = json_string_field(fe, body, "username", USERNAME_MAX + 1);
        const char *bad = s ? username_check(s) : "required";
        if (bad)
            field_error(fe, "username", bad);
        u->username = s;
    } else if (json_object_get(body, "username")) {
        field_error(fe, "username", "invalid_value");   /* usernames never change */
    }

    *password = json_string_field(fe, body, "password", PASSWORD_MAX);
    if (*password) {
        const char *bad = password_check(*password);
        if (bad)
            field_error(fe, "password", bad);
    } else if (creating && !json_object_get(body, "password")) {
        field_error(fe, "password", "required");
    }

    if (json_object_get(body, "full_name"))
        u->full_name = json_string_field(fe, body, "full_name", 120);

    json_t *role = json_object_get(body, "role");
    if (role) {
        int parsed = role_parse(json_string_value(role));
        if (parsed < 0)
            field_error(fe, "role", "invalid_value");
        else
            u->role = (enum role)parsed;
    } else if (creating) {
        field_error(fe, "role", "required");
    }

    json_t *region = json_object_get(body, "region");
    if (region) {
        if (json_is_null(region))
            u->region = NULL;
        else if (!region_find(json_string_value(region)))
            field_error(fe, "region", "invalid_value");
        else
            u->region = json_string_value(region);
    }

    json_t *org = json_object_get(body, "organisation");
    if (org) {
        struct organisation o;
        if (json_is_null(org)) {
            u->organisation_id = 0;
        } else if (!json_is_integer(org)) {
            field_error(fe, "organisation", "invalid_type");
        } else if (accounts_organisation_by_id(req_db(r), &r->arena, json_integer_value(org),
                                               &o) != 1) {
            field_error(fe, "organisation", "invalid_value");
        } else {
            u->organisation_id = o.id;
        }
    }

    json_t *active = json_object_get(body, "active");
    if (active) {
        if (!json_is_boolean(active))
            field_error(fe, "active", "invalid_type");
        else
            u->active = json_is_true(active);
    }

    if (!field_errors_any(fe)) {
        const char *bad = role_check_scope(u->role, u->region, u->organisation_id);
        if (bad)
            field_error(fe, bad, "invalid_value");
    }
}

void api_users_list(struct req *r)
{
    int limit;
    int64_t after;
    if (!req_page_or_reply(r, &limit, &after))
        return;
    struct user *list;
    int n;
    if (accounts_users_list(req_db(r), &r->arena, after, limit + 1, &list, &n) < 0) {
        reply_db_error(r, "list users");
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < n && i < limit; i++)
        json_array_append_new(items, user_to_json(&list[i]));
    reply_json(r, 200, req_page_json(r, items, n > limit ? list[limit - 1].id : 0));
}

void api_users_create(struct req *r)
{
    json_t *body = req_object_or_reply(r, user_fields);
    if (!body)
        return;
    struct user u = {.active = true};
    const char *password = NULL;
    struct field_errors fe;
    req_field_errors(r, &fe);
    read_fields(r, &fe, body, &u, &password, true);
    if (field_errors_reply(r, &fe))
        return;
    char hash[PASSWORD_HASH_MAX];
    if (password_hash(password, hash) != 0) {
        reply_error(r, 503, "service_unavailable");
        return;
    }
    struct db_conn *c = req_begin_or_reply(r);
    if (!c)
        return;
    int rc = accounts_user_insert(c, &u, hash);
    if (rc == DB_EUNIQUE) {
        db_rollback(c);
        reply_field_error(r, 409, "conflict", "username", "conflict");
        return;
    }
    if (rc < 0 || req_audit(r, true, "user.create", "user", req_id_text(r, u.id), "success",
                            NULL) < 0) {
        db_rollback(c);
        reply_db_error(r, "create user");
        return;
    }
    if (db_commit(c) < 0 || accounts_user_by_id(c, &r->arena, u.id, &u) != 1) {
        reply_db_error(r, "create user");
        return;
    }
    req_add_header(r, "Location", arena_printf(&r->arena, "/api/v1/users/%lld", (long long)u.id));
    reply_json(r, 201, user_to_json(&u));
}

void api_users_get(struct req *r)
{
    int64_t id = req_id_param_or_reply(r, 0);
    if (!id)
        return;
    struct user u;
    int rc = accounts_user_by_id(req_db(r), &r->arena, id, &u);
    if (rc < 0)
        reply_db_error(r, "read user");
    else if (rc == 0)
        reply_error(r, 404, "not_found");
    else
        reply_json(r, 200, user_to_json(&u));
}

/* Names of the fields a PATCH changed, as a JSON array text for the audit entry. */
static char *changed_fields(struct req *r, json_t *body)
{
    json_t *names = json_array();
    const char *key;
    json_t *value;
    json_object_foreach(body, key, value)
        json_array_append_new(names, json_string(key));
    json_t *details = json_pack("{s:o}", "fields", names);
    char *text = json_text(details, NULL);
    json_decref(details);
    char *copy = arena_strdup(&r->arena, text);
    free(text);
    return copy;
}

void api_users_update(struct req *r)
{
    int64_t id = req_id_param_or_reply(r, 0);
    if (!id)
        return;
    json_t *body = req_object_or_reply(r, user_fields);
    if (!body)
        return;
    struct db_conn *c = req_db(r);
    struct user u;
    int rc = accounts_user_by_id(c, &r->arena, id, &u);
    if (rc <= 0) {
        if (rc < 0)
            reply_db_error(r, "read user");
        else
            reply_error(r, 404, "not_found");
        return;
    }
    struct user before = u;
    const char *password = NULL;
    struct field_errors fe;
    req_field_errors(r, &fe);
    read_fields(r, &fe, body, &u, &password, false);
    if (field_errors_reply(r, &fe))
        return;
    char hash[PASSWORD_HASH_MAX];
    if (password && password_hash(password, hash) != 0) {
        reply_error(r, 503, "service_unavailable");
        return;
    }
    bool revoke = password || !u.active || u.role != before.role ||
                  u.organisation_id != before.organisation_id ||
                  (u.region == NULL) != (before.region == NULL) ||
                  (u.region && before.region && strcmp(u.region, before.region) != 0);
    if (db_begin(c) < 0) {
        reply_db_error(r, "begin");
        return;
    }
    if (accounts_user_update(c, &u, password ? hash : NULL) < 0 ||
        (revoke && accounts_sessions_delete_for_user(c, u.id) < 0) ||
        req_audit(r, true, "user.update", "user", req_id_text(r, u.id), "success",
                  changed_fields(r, body)) < 0) {
        db_rollback(c);
        reply_db_error(r, "update user");
        return;
    }
    if (db_commit(c) < 0 || accounts_user_by_id(c, &r->arena, id, &u) != 1) {
        reply_db_error(r, "update user");
        return;
    }
    reply_json(r, 200, user_to_json(&u));
}

void api_users_revoke_sessions(struct req *r)
{
    int64_t id = req_id_param_or_reply(r, 0);
    if (!id)
        return;
    struct db_conn *c = req_db(r);
    struct user u;
    int rc = accounts_user_by_id(c, &r->arena, id, &u);
    if (rc <= 0) {
        if (rc < 0)
            reply_db_error(r, "read user");
        else
            reply_error(r, 404, "not_found");
        return;
    }
    if (db_begin(c) < 0) {
        reply_db_error(r, "begin");
        return;
    }
    if (accounts_sessions_delete_for_user(c, id) < 0 ||
        req_audit(r, true, "user.sessions_revoke", "user", req_id_text(r, id), "success", NULL) < 0) {
        db_rollback(c);
        reply_db_error(r, "revoke sessions");
        return;
    }
    if (db_commit(c) < 0) {
        reply_db_error(r, "revoke sessions");
        return;
    }
    reply_json(r, 200, json_pack("{s:s}", "status", "revoked"));
}
