/* Programmes: the public list of programmes open to registration, and for staff
 * every programme with its eligibility rules (data, see domain/eligibility.h) and
 * its targets per region. Changes are audited with the change. */
#include "api/handlers.h"

#include "core/util.h"
#include "domain/dates.h"
#include "domain/eligibility.h"
#include "domain/regions.h"
#include "store/programs.h"

#include <stdlib.h>
#include <string.h>

#define PROGRAM_NAME_MAX 200

static json_t *program_to_json(struct req *r, const struct program *p, bool with_targets)
{
    json_t *eligibility = json_loads(p->eligibility, 0, NULL);
    json_t *o = json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:b, s:o, s:s, s:s}", "code", p->code,
                          "name_fr", p->name_fr, "name_ar", p->name_ar, "starts_on",
                          p->starts_on, "ends_on", p->ends_on, "registration_open",
                          p->registration_open, "eligibility",
                          eligibility ? eligibility : json_object(), "created_at", p->created_at,
                          "updated_at", p->updated_at);
    if (with_targets) {
        struct program_target *targets;
        int n;
        json_t *list = json_array();
        if (programs_targets(req_db(r), &r->arena, p->id, &targets, &n) == 0)
            for (int i = 0; i < n; i++)
                json_array_append_new(list, json_pack("{s:s, s:I}", "region", targets[i].region,
                                                      "beneficiaries",
                                                      (json_int_t)targets[i].beneficiaries));
        json_object_set_new(o, "targets", list);
    }
    return o;
}

/* Anyone sees the programmes open to registration; staff see them all. */
void api_programs_list(struct req *r)
{
    bool staff = authz_allows(r->user, ACT_PROGRAMS_READ);
    struct program *list;
    int n;
    if (programs_list(req_db(r), &r->arena, !staff, &list, &n) < 0) {
        reply_db_error(r, "list programmes");
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, program_to_json(r, &list[i], staff));
    reply_json(r, 200, json_pack("{s:o, s:n}", "items", items, "next"));
}

bool program_query_or_reply(struct req *r, struct field_errors *fe, int64_t *program_id)
{
    const char *code = req_query(r, "program");
    *program_id = 0;
    if (!code)
        return true;
    struct program p;
    int rc = programs_by_code(req_db(r), &r->arena, code, &p);
    if (rc < 0) {
        field_errors_free(fe);
        reply_db_error(r, "read programme");
        return false;
    }
    if (rc == 0)
        field_error(fe, "program", "invalid_value");
    else
        *program_id = p.id;
    return true;
}

bool program_or_reply(struct req *r, const char *code, struct program *p)
{
    int rc = code ? programs_by_code(req_db(r), &r->arena, code, p) : 0;
    if (rc == 1)
        return true;
    if (rc < 0)
        reply_db_error(r, "read programme");
    else
        reply_error(r, 404, "not_found");
    return false;
}

void api_programs_get(struct req *r)
{
    struct program p;
    if (program_or_reply(r, r->params[0], &p))
        reply_json(r, 200, program_to_json(r, &p, true));
}

static bool program_code_valid(const char *code)
{
    size_t n = strlen(code);
    if (n < 2 || n > 16)
        return false;
    for (const char *s = code; *s; s++)
        if (!((*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
            return false;
    return true;
}

/* Reads an optional date member into *out (kept as given when valid). */
static void read_date(struct field_errors *fe, json_t *body, const char *name, const char **out)
{
    json_t *v = json_object_get(body, name);
    if (!v)
        return;
    if (json_is_null(v)) {
        *out = NULL;
        return;
    }
    struct date d;
    const char *s = json_string_value(v);
    if (!s || !date_parse(s, &d))
        field_error(fe, name, "invalid_date");
    else
        *out = s;
}

static const char *const program_fields[] = {"code", "name_fr", "name_ar", "starts_on",
                                             "ends_on", "registration_open", "eligibility",
                                             NULL};

/* Reads the fields present in `body` over *p; adds field errors. */
static void read_program_fields(struct req *r, struct field_errors *fe, json_t *body,
                                struct program *p, bool creating)
{
    if (creating) {
        p->code = json_string_field(fe, body, "code", 16);
        if (!p->code)
            field_error(fe, "code", "required");
        else if (!program_code_valid(p->code))
            field_error(fe, "code", "invalid_format");
    } else if (json_object_get(body, "code")) {
        field_error(fe, "code", "invalid_value");   /* codes are in references: fixed */
    }
    const char *const names[] = {"name_fr", "name_ar"};
    const char **targets[] = {&p->name_fr, &p->name_ar};
    for (int i = 0; i < 2; i++) {
        if (!creating && !json_object_get(body, names[i]))
            continue;
        const char *v = json_string_field(fe, body, names[i], PROGRAM_NAME_MAX);
        if (!v || !*v)
            field_error(fe, names[i], "required");
        else
            *targets[i] = v;
    }
    read_date(fe, body, "starts_on", &p->starts_on);
    read_date(fe, body, "ends_on", &p->ends_on);
    struct date s, e;
    if (p->starts_on && p->ends_on && date_parse(p->starts_on, &s) &&
        date_parse(p->ends_on, &e) && date_compare(s, e) > 0)
        field_error(fe, "ends_on", "out_of_range");
    json_t *open = json_object_get(body, "registration_open");
    if (open && !json_is_boolean(open))
        field_error(fe, "registration_open", "invalid_type");
    else if (open)
        p->registration_open = json_is_true(open);
    json_t *rules = json_object_get(body, "eligibility");
    if (rules || creating) {
        struct eligibility parsed;
        struct field_problems problems;
        if (eligibility_parse(rules, &parsed, &problems) != 0) {
            field_errors_add_problems(fe, &problems);
        } else {
            json_t *normal = eligibility_to_json(&parsed);
            char *text = json_text(normal, NULL);
            json_decref(normal);
            p->eligibility = arena_strdup(&r->arena, text);
            free(text);
        }
    }
}

static char *program_id_text(struct req *r, const struct program *p)
{
    return arena_printf(&r->arena, "%lld", (long long)p->id);
}

void api_programs_create(struct req *r)
{
    json_t *body = req_object_or_reply(r, program_fields);
    if (!body)
        return;
    struct program p = {0};
    struct field_errors fe;
    req_field_errors(r, &fe);
    read_program_fields(r, &fe, body, &p, true);
    if (field_errors_reply(r, &fe))
        return;
    struct db_conn *c = req_begin_or_reply(r);
    if (!c)
        return;
    int rc = programs_insert(c, &p);
    if (rc == DB_EUNIQUE) {
        db_rollback(c);
        reply_field_error(r, 409, "conflict", "code", "conflict");
        return;
    }
    if (rc < 0 ||
        req_audit(r, true, "program.create", "program", program_id_text(r, &p), "success", NULL) < 0) {
        db_rollback(c);
        reply_db_error(r, "create programme");
        return;
    }
    if (db_commit(c) < 0 || programs_by_code(c, &r->arena, p.code, &p) != 1) {
        reply_db_error(r, "create programme");
        return;
    }
    req_add_header(r, "Location", arena_printf(&r->arena, "/api/v1/programs/%s", p.code));
    reply_json(r, 201, program_to_json(r, &p, true));
}

void api_programs_update(struct req *r)
{
    json_t *body = req_object_or_reply(r, program_fields);
    if (!body)
        return;
    struct program p;
    if (!program_or_reply(r, r->params[0], &p))
        return;
    struct field_errors fe;
    req_field_errors(r, &fe);
    read_program_fields(r, &fe, body, &p, false);
    if (field_errors_reply(r, &fe))
        return;
    struct db_conn *c = req_begin_or_reply(r);
    if (!c)
        return;
    char *fields = json_text(body, NULL);
    arena_defer(&r->arena, free, fields);
    if (programs_update(c, &p) < 0 ||
        req_audit(r, true, "program.update", "program", program_id_text(r, &p), "success",
                  fields) < 0) {
        db_rollback(c);
        reply_db_error(r, "update programme");
        return;
    }
    if (db_commit(c) < 0 || programs_by_code(c, &r->arena, p.code, &p) != 1) {
        reply_db_error(r, "update programme");
        return;
    }
    reply_json(r, 200, program_to_json(r, &p, true));
}

static const char *const targets_fields[] = {"targets", NULL};
static const char *const target_fields[] = {"region", "beneficiaries", NULL};

/* PUT replaces the whole list: regions left out have no target (no quota). */
void api_programs_set_targets(struct req *r)
{
    json_t *body = req_object_or_reply(r, targets_fields);
    if (!body)
        return;
    struct program p;
    if (!program_or_reply(r, r->params[0], &p))
        return;
    json_t *list = json_object_get(body, "targets");
    struct field_errors fe;
    req_field_errors(r, &fe);
    if (!json_is_array(list))
        field_error(&fe, "targets", list ? "invalid_type" : "required");
    bool seen[64] = {false};
    size_t i;
    json_t *t;
    json_array_foreach(list, i, t) {
        char *field = arena_printf(&r->arena, "targets[%zu]", i);
        if (!json_is_object(t)) {
            field_error(&fe, field, "invalid_type");
            continue;
        }
        struct field_errors inner;
        field_errors_init(&inner, r->lang);
        bool known = json_check_fields(&inner, t, target_fields);
        field_errors_free(&inner);
        const char *code = json_string_value(json_object_get(t, "region"));
        const struct region *reg = region_find(code);
        json_t *b = json_object_get(t, "beneficiaries");
        if (!known)
            field_error(&fe, field, "unknown_field");
        else if (!reg)
            field_error(&fe, arena_printf(&r->arena, "%s.region", field), "invalid_value");
        else if (seen[reg - region_at(0)])
            field_error(&fe, arena_printf(&r->arena, "%s.region", field), "duplicate_value");
        else if (!json_is_integer(b) || json_integer_value(b) < 0 ||
                 json_integer_value(b) > 10000000)
            field_error(&fe, arena_printf(&r->arena, "%s.beneficiaries", field), "out_of_range");
        else
            seen[reg - region_at(0)] = true;
    }
    if (field_errors_reply(r, &fe))
        return;
    struct db_conn *c = req_begin_or_reply(r);
    if (!c)
        return;
    int rc = programs_clear_targets(c, p.id);
    json_array_foreach(list, i, t) {
        if (rc < 0)
            break;
        rc = programs_set_target(c, p.id, json_string_value(json_object_get(t, "region")),
                                 json_integer_value(json_object_get(t, "beneficiaries")));
    }
    char *text = json_text(list, NULL);
    arena_defer(&r->arena, free, text);
    if (rc < 0 || req_audit(r, true, "program.targets", "program", program_id_text(r, &p),
                            "success", text) < 0) {
        db_rollback(c);
        reply_db_error(r, "set targets");
        return;
    }
    if (db_commit(c) < 0) {
        reply_db_error(r, "set targets");
        return;
    }
    reply_json(r, 200, program_to_json(r, &p, true));
}
