/* Request accessors and answers (see request.h). Every answer goes through
 * respond(), which adds the headers all answers carry: the request id and the
 * security headers. */
#include "http/request.h"

#include "core/json_text.h"
#include "core/log.h"
#include "core/util.h"
#include "domain/roles.h"
#include "http/server.h"
#include "store/audit.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

/* The interface is served by this same server: only its own scripts, styles and
 * images may run; nothing may frame it. */
static const char *const security_headers[][2] = {
    {"Content-Security-Policy",
     "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
     "form-action 'self'; frame-ancestors 'none'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Frame-Options", "DENY"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
};

struct db_conn *req_db(struct req *r)
{
    if (!r->db)
        r->db = db_acquire(r->server->db);
    return r->db;
}

void req_release_db(struct req *r)
{
    if (r->db) {
        db_release(r->db);
        r->db = NULL;
    }
}

void req_suspend(struct req *r, handler_fn then, void *ctx)
{
    r->suspended = true;
    r->resume = then;
    r->resume_ctx = ctx;
    /* Suspended before anyone can resume it: the caller hands the request over
     * to another thread only after this returns. */
    MHD_suspend_connection(r->conn);
}

void req_resume(struct req *r)
{
    MHD_resume_connection(r->conn);
}

const char *req_header(struct req *r, const char *name)
{
    return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *req_query(struct req *r, const char *name)
{
    return target_param(&r->target, name);
}

void req_add_header(struct req *r, const char *name, const char *value)
{
    if (r->nheaders < REQ_MAX_HEADERS) {
        r->headers[r->nheaders][0] = name;
        r->headers[r->nheaders][1] = value;
        r->nheaders++;
    }
}

const char *req_text(struct req *r, const char *key)
{
    return i18n_text(r->lang, key);
}

/* Answers with `data`, which it frees when `mode` is MHD_RESPMEM_MUST_FREE. A
 * second answer replaces the first: the last word is the one that counts (e.g. a
 * 500 after a failed handler). */
static void respond_with(struct req *r, unsigned status, const char *content_type, void *data,
                         size_t len, enum MHD_ResponseMemoryMode mode)
{
    if (r->response)
        MHD_destroy_response(r->response);
    r->response = MHD_create_response_from_buffer(len, data, mode);
    if (!r->response)
        die_oom();
    r->status = status;
    r->response_bytes = len;
    MHD_add_response_header(r->response, "Content-Type", content_type);
    MHD_add_response_header(r->response, "X-Request-Id", r->request_id);
    for (size_t i = 0; i < ARRAY_LEN(security_headers); i++)
        MHD_add_response_header(r->response, security_headers[i][0], security_headers[i][1]);
    if (r->server->cfg->secure_cookies)
        MHD_add_response_header(r->response, "Strict-Transport-Security",
                                "max-age=31536000; includeSubDomains");
    bool cache_set = false;
    for (int i = 0; i < r->nheaders; i++) {
        MHD_add_response_header(r->response, r->headers[i][0], r->headers[i][1]);
        cache_set |= strcmp(r->headers[i][0], "Cache-Control") == 0;
    }
    if (!cache_set)
        MHD_add_response_header(r->response, "Cache-Control", "no-store");
}

/* Takes ownership of `data` (malloc'd). */
static void respond(struct req *r, unsigned status, const char *content_type, char *data,
                    size_t len)
{
    respond_with(r, status, content_type, data, len, MHD_RESPMEM_MUST_FREE);
}

void reply_static(struct req *r, unsigned status, const char *content_type, const void *data,
                  size_t len)
{
    respond_with(r, status, content_type, (void *)data, len, MHD_RESPMEM_PERSISTENT);
}

void reply_json(struct req *r, unsigned status, json_t *body)
{
    size_t len;
    char *text = json_text(body, &len);
    json_decref(body);
    if (!text)
        die_oom();
    respond(r, status, "application/json; charset=utf-8", text, len);
}

void reply_json_text(struct req *r, unsigned status, struct strbuf *text)
{
    size_t len = text->len;
    respond(r, status, "application/json; charset=utf-8", strbuf_take(text), len);
}

void reply_bytes(struct req *r, unsigned status, const char *content_type, const void *data,
                 size_t len)
{
    char *copy = xmalloc(len);
    memcpy(copy, data, len);
    respond(r, status, content_type, copy, len);
}

void reply_owned(struct req *r, unsigned status, const char *content_type, char *data, size_t len)
{
    respond(r, status, content_type, data, len);
}

static json_t *error_object(struct req *r, const char *code)
{
    return json_pack("{s:s, s:s}", "code", code, "message", req_text(r, code));
}

void reply_error(struct req *r, unsigned status, const char *code)
{
    reply_json(r, status, json_pack("{s:o}", "error", error_object(r, code)));
}

void reply_field_error(struct req *r, unsigned status, const char *code, const char *field,
                       const char *field_code)
{
    struct field_errors fe;
    req_field_errors(r, &fe);
    field_error(&fe, field, field_code);
    json_t *err = error_object(r, code);
    json_object_set_new(err, "fields", fe.list);
    reply_json(r, status, json_pack("{s:o}", "error", err));
}

void reply_db_error(struct req *r, const char *what)
{
    log_error("store", "request %s: %s: %s", r->request_id, what,
              r->db ? db_errmsg(r->db) : "no connection");
    reply_error(r, 503, "service_unavailable");
}

void req_field_errors(struct req *r, struct field_errors *fe)
{
    field_errors_init(fe, r->lang);
}

void reply_field_errors(struct req *r, struct field_errors *fe)
{
    json_t *err = error_object(r, "validation_failed");
    json_object_set_new(err, "fields", fe->list);
    fe->list = NULL;
    reply_json(r, 422, json_pack("{s:o}", "error", err));
}

bool field_errors_reply(struct req *r, struct field_errors *fe)
{
    if (field_errors_any(fe)) {
        reply_field_errors(r, fe);
        return true;
    }
    field_errors_free(fe);
    return false;
}

struct db_conn *req_begin_or_reply(struct req *r)
{
    struct db_conn *c = req_db(r);
    if (db_begin(c) == 0)
        return c;
    reply_db_error(r, "begin");
    return NULL;
}

json_t *req_object_or_reply(struct req *r, const char *const allowed[])
{
    if (!json_is_object(r->json)) {
        reply_field_error(r, 422, "validation_failed", "body", "invalid_type");
        return NULL;
    }
    struct field_errors fe;
    req_field_errors(r, &fe);
    if (!json_check_fields(&fe, r->json, allowed)) {
        reply_field_errors(r, &fe);
        return NULL;
    }
    field_errors_free(&fe);
    return r->json;
}

int64_t req_id_param_or_reply(struct req *r, int index)
{
    int64_t id;
    if (index < r->nparams && parse_int64(r->params[index], 1, INT64_MAX, &id))
        return id;
    reply_error(r, 404, "not_found");
    return 0;
}

bool req_page_or_reply(struct req *r, int *limit, int64_t *after)
{
    const char *l = req_query(r, "limit"), *a = req_query(r, "after");
    int64_t v;
    *limit = 50;
    *after = 0;
    if (l) {
        if (!parse_int64(l, 1, 500, &v)) {
            reply_field_error(r, 422, "validation_failed", "limit", "invalid_value");
            return false;
        }
        *limit = (int)v;
    }
    if (a && *a) {
        if (!parse_int64(a, 0, INT64_MAX, &v)) {
            reply_field_error(r, 422, "validation_failed", "after", "invalid_value");
            return false;
        }
        *after = v;
    }
    return true;
}

char *req_id_text(struct req *r, int64_t id)
{
    return arena_printf(&r->arena, "%lld", (long long)id);
}

json_t *req_page_json(struct req *r, json_t *items, int64_t next_id)
{
    return json_pack("{s:o, s:o}", "items", items, "next",
                     next_id ? json_string(req_id_text(r, next_id)) : json_null());
}

const char *req_list_region(struct req *r, const char *asked)
{
    if (role_scope(r->user->role) != SCOPE_REGION)
        return asked;
    return asked && strcmp(asked, r->user->region) != 0 ? "none" : r->user->region;
}

char *req_json_text(struct req *r, json_t *value)
{
    char *text = json_text(value, NULL);
    json_decref(value);
    if (text)
        arena_defer(&r->arena, free, text);
    return text;
}

struct audit_entry req_audit_entry(struct req *r, const char *at, const char *action,
                                         const char *object_type, const char *object_id,
                                         const char *outcome, const char *details)
{
    return (struct audit_entry){
        .at = at,
        .actor_id = r->user ? r->user->id : 0,
        .actor = r->user ? r->user->username : "anonymous",
        .action = action,
        .object_type = object_type,
        .object_id = object_id,
        .outcome = outcome,
        .client_ip = r->client_ip,
        .request_id = r->request_id,
        .details = details,
    };
}

int req_audit(struct req *r, bool in_transaction, const char *action, const char *object_type,
              const char *object_id, const char *outcome, const char *details)
{
    char at[21];
    now_rfc3339(at);
    struct audit_entry e = req_audit_entry(r, at, action, object_type, object_id, outcome, details);
    int rc = in_transaction ? audit_append(req_db(r), &e) : audit_record(req_db(r), &e);
    if (rc < 0)
        log_error("audit", "request %s: cannot record %s: %s", r->request_id, action,
                  db_errmsg(req_db(r)));
    return rc;
}

/* A request parked until its job of the group commit is on disk. */
struct committing {
    struct req *r;
    commit_fn run;
    void *ctx;                     /* run's */
    struct gc_job job;
};

static int run_committing(struct db_conn *c, struct audit_run *audit, void *arg)
{
    struct committing *w = arg;
    return w->run(c, audit, w->ctx);
}

static void job_committed(void *arg, int rc)
{
    struct committing *w = arg;
    w->r->commit_rc = rc;
    req_resume(w->r);
}

void req_commit(struct req *r, commit_fn run, void *ctx, handler_fn then)
{
    struct committing *w = arena_zalloc(&r->arena, sizeof *w);
    *w = (struct committing){.r = r, .run = run, .ctx = ctx};
    w->job = (struct gc_job){.run = run_committing, .done = job_committed, .ctx = w};
    req_release_db(r);
    req_suspend(r, then, ctx);
    group_commit_submit(r->server->commits, &w->job);
}

/* A read answer held back until its audit entry is on disk. */
struct audited_answer {
    char at[21];
    struct audit_entry entry;
    unsigned status;
    struct strbuf text;            /* owned until answered */
};

/* Runs on the committer thread, inside its batch transaction. */
static int append_audit_entry(struct db_conn *c, struct audit_run *audit, void *ctx)
{
    struct audited_answer *a = ctx;
    return audit_run_append(c, audit, &a->entry);
}

static void answer_audited(struct req *r)
{
    struct audited_answer *a = r->resume_ctx;
    if (r->commit_rc < 0) {
        log_error("audit", "request %s: cannot record %s (%d)", r->request_id, a->entry.action,
                  r->commit_rc);
        strbuf_free(&a->text);
        reply_error(r, 503, "service_unavailable");
        return;
    }
    reply_json_text(r, a->status, &a->text);
}

void reply_json_text_audited(struct req *r, unsigned status, struct strbuf *text,
                             const char *action, const char *object_type, const char *object_id,
                             const char *details)
{
    struct audited_answer *a = arena_zalloc(&r->arena, sizeof *a);
    now_rfc3339(a->at);
    a->entry = req_audit_entry(r, a->at, action, object_type, object_id, "success", details);
    a->status = status;
    a->text = *text;
    strbuf_init(text, text->max);
    req_commit(r, append_audit_entry, a, answer_audited);
}

void reply_json_audited(struct req *r, unsigned status, json_t *body, const char *action,
                        const char *object_type, const char *object_id, const char *details)
{
    struct strbuf text;
    strbuf_init(&text, SIZE_MAX);
    if (json_text_append(&text, body) < 0)
        die_oom();
    json_decref(body);
    reply_json_text_audited(r, status, &text, action, object_type, object_id, details);
}
