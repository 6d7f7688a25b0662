/* Organisations: the ministry, its regional offices, centres, partner agencies and
 * associations, to which accounts of organisation scope belong. */
#include "api/handlers.h"

#include "domain/accounts.h"
#include "domain/regions.h"
#include "store/accounts.h"

static json_t *organisation_to_json(const struct organisation *o)
{
    return json_pack("{s:I, s:s, s:s, s:s?, s:s}", "id", (json_int_t)o->id, "name", o->name,
                     "kind", o->kind, "region", o->region, "created_at", o->created_at);
}

void api_organisations_list(struct req *r)
{
    struct organisation *list;
    int n;
    if (accounts_organisations_list(req_db(r), &r->arena, &list, &n) < 0) {
        reply_db_error(r, "list organisations");
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, organisation_to_json(&list[i]));
    reply_json(r, 200, json_pack("{s:o, s:n}", "items", items, "next"));
}

static const char *const organisation_fields[] = {"name", "kind", "region", NULL};

void api_organisations_create(struct req *r)
{
    json_t *body = req_object_or_reply(r, organisation_fields);
    if (!body)
        return;
    struct field_errors fe;
    req_field_errors(r, &fe);
    struct organisation o = {0};
    o.name = json_string_field(&fe, body, "name", 200);
    o.kind = json_string_field(&fe, body, "kind", 32);
    o.region = json_string_field(&fe, body, "region", 8);
    if (!o.name || !*o.name)
        field_error(&fe, "name", "required");
    if (!o.kind)
        field_error(&fe, "kind", "required");
    else if (!organisation_kind_valid(o.kind))
        field_error(&fe, "kind", "invalid_value");
    if (o.region && !region_find(o.region))
        field_error(&fe, "region", "invalid_value");
    if (field_errors_reply(r, &fe))
        return;
    struct db_conn *c = req_begin_or_reply(r);
    if (!c)
        return;
    int rc = accounts_organisation_insert(c, &o);
    if (rc == DB_EUNIQUE) {
        db_rollback(c);
        reply_field_error(r, 409, "conflict", "name", "conflict");
        return;
    }
    if (rc < 0 || req_audit(r, true, "organisation.create", "organisation",
                            arena_printf(&r->arena, "%lld", (long long)o.id), "success",
                            NULL) < 0) {
        db_rollback(c);
        reply_db_error(r, "create organisation");
        return;
    }
    if (db_commit(c) < 0 || accounts_organisation_by_id(c, &r->arena, o.id, &o) != 1) {
        reply_db_error(r, "create organisation");
        return;
    }
    reply_json(r, 201, organisation_to_json(&o));
}
