/* Login, logout and "who am I". Failed and throttled logins are audited with the
 * username tried; the answer never says whether that username exists. */
#include "api/handlers.h"

#include "core/util.h"
#include "domain/accounts.h"
#include "http/server.h"
#include "security/login.h"
#include "security/session.h"

#include <stdio.h>

json_t *user_to_json(const struct user *u)
{
    return json_pack("{s:I, s:s, s:s?, s:s, s:s, s:s?, s:o, s:b, s:s, s:s}",
                     "id", (json_int_t)u->id, "username", u->username,
                     "full_name", u->full_name, "role", role_name(u->role),
                     "scope", scope_name(role_scope(u->role)), "region", u->region,
                     "organisation",
                     u->organisation_id ? json_integer(u->organisation_id) : json_null(),
                     "active", u->active, "created_at", u->created_at,
                     "updated_at", u->updated_at);
}

static const char *const login_fields[] = {"username", "password", NULL};

void api_auth_login(struct req *r)
{
    json_t *body = req_object_or_reply(r, login_fields);
    if (!body)
        return;
    struct field_errors fe;
    req_field_errors(r, &fe);
    const char *username = json_string_field(&fe, body, "username", USERNAME_MAX);
    const char *password = json_string_field(&fe, body, "password", PASSWORD_MAX);
    if (!field_errors_any(&fe)) {
        if (!username || !*username)
            field_error(&fe, "username", "required");
        if (!password || !*password)
            field_error(&fe, "password", "required");
    }
    if (field_errors_reply(r, &fe))
        return;

    struct user *u = arena_zalloc(&r->arena, sizeof *u);
    enum login_result result = login_check(req_db(r), &r->arena, username, password, u);
    json_t *details = json_pack("{s:s}", "username", username);
    char *details_text = json_text(details, NULL);
    json_decref(details);
    arena_defer(&r->arena, free, details_text);
    switch (result) {
    case LOGIN_ERROR:
        reply_db_error(r, "login");
        return;
    case LOGIN_THROTTLED:
        req_audit(r, false, "auth.login", "user", NULL, "throttled", details_text);
        req_add_header(r, "Retry-After", "900");
        reply_error(r, 429, "rate_limited");
        return;
    case LOGIN_REFUSED:
        req_audit(r, false, "auth.login", "user", NULL, "failure", details_text);
        reply_error(r, 401, "invalid_credentials");
        return;
    case LOGIN_OK:
        break;
    }

    char token[TOKEN_TEXT_MAX], csrf[TOKEN_TEXT_MAX];
    const struct config *cfg = r->server->cfg;
    if (session_create(req_db(r), u->id, cfg->session_hours, r->client_ip, token, csrf) < 0) {
        reply_db_error(r, "create session");
        return;
    }
    r->user = u;
    req_audit(r, false, "auth.login", "user", arena_printf(&r->arena, "%lld", (long long)u->id),
              "success", NULL);
    req_add_header(r, "Set-Cookie",
                   arena_printf(&r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s",
                                SESSION_COOKIE, token, cfg->session_hours * 3600,
                                cfg->secure_cookies ? "; Secure" : ""));
    reply_json(r, 200, json_pack("{s:o, s:s}", "user", user_to_json(u), "csrf_token", csrf));
}

void api_auth_logout(struct req *r)
{
    if (r->session_hash) {
        if (session_end(req_db(r), r->session_hash) < 0) {
            reply_db_error(r, "end session");
            return;
        }
        req_audit(r, false, "auth.logout", "user",
                  arena_printf(&r->arena, "%lld", (long long)r->user->id), "success", NULL);
        req_add_header(r, "Set-Cookie",
                       arena_printf(&r->arena, "%s=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
                                    SESSION_COOKIE,
                                    r->server->cfg->secure_cookies ? "; Secure" : ""));
    }
    reply_json(r, 200, json_pack("{s:s}", "status", "logged_out"));
}

void api_auth_me(struct req *r)
{
    json_t *body = json_pack("{s:o}", "user", user_to_json(r->user));
    if (r->csrf_token)
        json_object_set_new(body, "csrf_token", json_string(r->csrf_token));
    reply_json(r, 200, body);
}
