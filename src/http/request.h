/* One HTTP request as handlers see it, and the ways to answer it.
 *
 * Memory: everything a handler allocates for the request comes from r->arena and
 * is released when the request ends; jansson values handed to reply_json() are
 * owned by the request from then on. The database connection, when a handler
 * asks for one with req_db(), is given back at the end of the request too.
 *
 * Answering: a handler calls exactly one reply_*() function. Functions named
 * ..._or_reply() answer the client themselves when they fail (returning false or
 * NULL), so the handler just returns. */
#ifndef SANAD_HTTP_REQUEST_H
#define SANAD_HTTP_REQUEST_H

#include "core/arena.h"
#include "core/i18n.h"
#include "core/strbuf.h"
#include "http/body.h"
#include "http/query.h"
#include "http/router.h"
#include "store/accounts.h"
#include "store/audit.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct server;
struct MHD_Connection;
struct MHD_Response;

#define REQ_MAX_HEADERS 8

struct req {
    struct arena arena;
    struct server *server;              /* read-only */
    struct MHD_Connection *conn;        /* private */
    const char *method;
    struct target target;               /* decoded path and query */
    const struct route *route;          /* NULL when no route matched */
    const char *params[ROUTE_MAX_PARAMS];
    int nparams;
    char request_id[65];
    char client_ip[46];
    bool loopback;
    enum lang lang;
    double started_ms;
    struct strbuf body;                 /* the raw body, bounded */
    bool body_too_large;
    json_t *json;                       /* the parsed body, for BODY_JSON routes */

    struct user *user;                  /* NULL: anonymous */
    const char *session_hash;           /* set when the user came by session cookie */
    struct db_conn *db;                 /* private: see req_db() */

    unsigned status;                    /* read-only: set by reply_*() */
    size_t response_bytes;              /* read-only */

    /* private: the server's bookkeeping */
    struct MHD_Response *response;
    const char *headers[REQ_MAX_HEADERS][2];
    int nheaders;
    bool target_ok, begun, queued, headers_too_large;
    bool in_progress;                   /* counted in server->in_progress */
    bool suspended;                     /* waiting for req_resume() */
    handler_fn resume;                  /* answers once resumed */
    void *resume_ctx;                   /* the parked handler's state */
    int commit_rc;                      /* read-only: the outcome of req_commit() */
    enum route_match match;
    size_t route_index;
    const char *csrf_token;
};

/* The request's database connection, acquired on first use. */
struct db_conn *req_db(struct req *r);
/* Gives the connection back to the pool (the server does, after the handler). */
void req_release_db(struct req *r);
const char *req_header(struct req *r, const char *name);
const char *req_query(struct req *r, const char *name);
/* Adds a response header (name and value must live as long as the request). */
void req_add_header(struct req *r, const char *name, const char *value);
/* The message for `key` in the request's language. */
const char *req_text(struct req *r, const char *key);

/* Parks the request without an answer, freeing its worker for other clients,
 * until another thread calls req_resume(); `then` runs on a worker afterwards and
 * answers, finding `ctx` in r->resume_ctx. The request and its arena stay valid
 * meanwhile. */
void req_suspend(struct req *r, handler_fn then, void *ctx);
/* Wakes a request parked by req_suspend(); callable from any thread, once. */
void req_resume(struct req *r);

/* A write of the group commit (store/group_commit.h): runs on the committer
 * thread inside the batch transaction, appending its audit entries to `audit`;
 * returns 0 or DB_E*. */
typedef int (*commit_fn)(struct db_conn *c, struct audit_run *audit, void *ctx);
/* Queues run(ctx) to the group commit and parks the request; once the batch is
 * on disk (or has failed), `then` answers on a worker with ctx in r->resume_ctx
 * and the outcome in r->commit_rc. */
void req_commit(struct req *r, commit_fn run, void *ctx, handler_fn then);

/* Answers with `body` as JSON; takes the reference. */
void reply_json(struct req *r, unsigned status, json_t *body);
/* Answers with the JSON text in `text` (core/json_text.h's writer), taking its
 * memory: the buffer is left empty. */
void reply_json_text(struct req *r, unsigned status, struct strbuf *text);
/* Answers with bytes; copies them. */
void reply_bytes(struct req *r, unsigned status, const char *content_type, const void *data,
                 size_t len);
/* Answers with bytes from malloc(), taking them (freed once sent); no copy. */
void reply_owned(struct req *r, unsigned status, const char *content_type, char *data, size_t len);
/* Answers with bytes that live as long as the process (static files); no copy. */
void reply_static(struct req *r, unsigned status, const char *content_type, const void *data,
                  size_t len);
/* Answers {"error":{"code":code,"message":<translated>}}. */
void reply_error(struct req *r, unsigned status, const char *code);
/* The same with one field error. */
void reply_field_error(struct req *r, unsigned status, const char *code, const char *field,
                       const char *field_code);
/* Answers 500 and logs `what` with the database's message. */
void reply_db_error(struct req *r, const char *what);

/* Answers 422 validation_failed with the gathered errors; frees them. */
void reply_field_errors(struct req *r, struct field_errors *fe);
/* When fe holds errors, answers 422 with them and returns true; else frees fe
 * and returns false: `if (field_errors_reply(r, &fe)) return;`. */
bool field_errors_reply(struct req *r, struct field_errors *fe);
/* Begins a write transaction on the request's connection, or answers 503 and
 * returns NULL. */
struct db_conn *req_begin_or_reply(struct req *r);
/* Starts gathering field errors in the request's language. */
void req_field_errors(struct req *r, struct field_errors *fe);

/* The JSON body as an object whose keys are all in `allowed` (NULL-terminated);
 * else answers 422 (unknown_field, or body not an object) and returns NULL. */
json_t *req_object_or_reply(struct req *r, const char *const allowed[]);

/* The path parameter `index` as a positive id, or answers 404 and returns 0. */
int64_t req_id_param_or_reply(struct req *r, int index);
/* ?limit= (default 50, 1–500) and ?after= (an integer cursor, default 0); answers
 * 422 and returns false when malformed. */
bool req_page_or_reply(struct req *r, int *limit, int64_t *after);

/* A page of a list: {"items": items, "next": the cursor}, taking items; next_id
 * is the last item's id when more follow, else 0 (next is null). */
json_t *req_page_json(struct req *r, json_t *items, int64_t next_id);
/* The region a list may show the caller: a regional coordinator's own, whatever
 * she asks for (a region that matches nothing when she asks for another); for
 * anyone else the one asked for (NULL: all). */
const char *req_list_region(struct req *r, const char *asked);

/* An id as text, in the request's arena (audit object ids, headers). */
char *req_id_text(struct req *r, int64_t id);
/* `value` as compact JSON text in the request's arena (audit details); takes the
 * reference. */
char *req_json_text(struct req *r, json_t *value);

/* Records an audit entry for this request (actor, address and request id filled
 * in); `in_transaction` appends within the caller's open transaction. Returns 0
 * or DB_E*. */
int req_audit(struct req *r, bool in_transaction, const char *action, const char *object_type,
              const char *object_id, const char *outcome, const char *details);
/* The audit entry of this request, for store/audit.h: actor, address and request
 * id filled in. It points at `at` and at the strings given. */
struct audit_entry req_audit_entry(struct req *r, const char *at, const char *action,
                                   const char *object_type, const char *object_id,
                                   const char *outcome, const char *details);
/* Answers `body` (taking the reference) once the successful read it shows is
 * recorded in the audit log and on disk: the entry goes through the group commit,
 * so concurrent reads share one sync, and the worker serves others meanwhile. If
 * the entry cannot be written the client gets 503 and not the data. */
void reply_json_audited(struct req *r, unsigned status, json_t *body, const char *action,
                        const char *object_type, const char *object_id, const char *details);
/* The same for an answer written as text; takes the buffer's memory. */
void reply_json_text_audited(struct req *r, unsigned status, struct strbuf *text,
                             const char *action, const char *object_type, const char *object_id,
                             const char *details);

#endif
