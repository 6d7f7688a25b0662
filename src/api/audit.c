/* The audit log, for admins: its entries, newest first, and a check of its chain
 * (the same check as `sanad audit verify`). */
#include "api/handlers.h"

#include "core/util.h"
#include "store/audit.h"

void api_audit_list(struct req *r)
{
    /* Newest first: the cursor is the last seq seen, and the page goes on below it. */
    int limit;
    int64_t before;
    if (!req_page_or_reply(r, &limit, &before))
        return;
    struct audit_entry *list;
    int n;
    if (audit_list(req_db(r), &r->arena, before, limit + 1, &list, &n) < 0) {
        reply_db_error(r, "list audit");
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < n && i < limit; i++) {
        const struct audit_entry *e = &list[i];
        json_t *details = e->details ? json_loads(e->details, 0, NULL) : NULL;
        json_array_append_new(
            items, json_pack("{s:I, s:s, s:o, s:s, s:s, s:s, s:s?, s:s, s:s?, s:s?, s:o}",
                             "seq", (json_int_t)e->seq, "at", e->at, "actor_id",
                             e->actor_id ? json_integer(e->actor_id) : json_null(), "actor",
                             e->actor, "action", e->action, "object_type", e->object_type,
                             "object_id", e->object_id, "outcome", e->outcome, "client_ip",
                             e->client_ip, "request_id", e->request_id, "details",
                             details ? details : json_null()));
    }
    reply_json(r, 200, req_page_json(r, items, n > limit ? list[limit - 1].seq : 0));
}

void api_audit_verify(struct req *r)
{
    struct audit_verdict v;
    if (audit_verify(req_db(r), &v) < 0) {
        reply_db_error(r, "verify audit");
        return;
    }
    json_t *body = json_pack("{s:b, s:I}", "intact", v.broken_seq == 0, "entries",
                             (json_int_t)v.entries);
    if (v.broken_seq) {
        json_object_set_new(body, "first_broken_seq", json_integer(v.broken_seq));
        json_object_set_new(body, "reason", json_string(v.reason));
    }
    reply_json(r, 200, body);
}
