/* Applications: public registration and status check, and for staff in scope the
 * list, the detail, the state transitions with their history, and the review of
 * probable duplicates. Every read and write of an applicant's personal data is
 * audited; a record outside the caller's region answers 404. */
#include "api/handlers.h"

#include "core/log.h"
#include "core/util.h"
#include "domain/applicant.h"
#include "domain/eligibility.h"
#include "domain/names.h"
#include "domain/workflow.h"
#include "http/server.h"
#include "store/applications.h"
#include "store/audit.h"
#include "store/programs.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writes an application as its JSON object: written, not built as a tree, since
 * lists and searches answer pages of them (json_text.h). */
static void application_write(struct json_writer *w, const struct application *a)
{
    json_write_object_begin(w, NULL);
    json_write_integer(w, "id", a->id);
    json_write_string(w, "reference", a->reference);
    json_write_string(w, "program", a->program_code);
    json_write_string(w, "status", a->status);
    json_write_string(w, "flag", a->flag);
    if (a->duplicate_of)
        json_write_integer(w, "duplicate_of", a->duplicate_of);
    else
        json_write_null(w, "duplicate_of");
    json_write_string(w, "source", a->source);
    json_write_object_begin(w, "applicant");
    json_write_string(w, "cin", a->cin);
    json_write_string(w, "first_name", a->first_name);
    json_write_string(w, "last_name", a->last_name);
    json_write_string(w, "first_name_ar", a->first_name_ar);
    json_write_string(w, "last_name_ar", a->last_name_ar);
    json_write_string(w, "birth_date", a->birth_date);
    json_write_string(w, "sex", a->sex);
    json_write_string(w, "phone", a->phone);
    json_write_string(w, "email", a->email);
    json_write_string(w, "region", a->region);
    json_write_string(w, "province", a->province);
    json_write_string(w, "commune", a->commune);
    json_write_string(w, "education", a->education);
    json_write_string(w, "situation", a->situation);
    json_write_string(w, "project_idea", a->project_idea);
    json_write_string(w, "consent_at", a->consent_at);
    json_write_object_end(w);
    json_write_string(w, "created_at", a->created_at);
    json_write_string(w, "updated_at", a->updated_at);
    json_write_object_end(w);
}

/* The application as a JSON text, in `text` (initialised here; the caller owns it). */
static void application_text(struct strbuf *text, const struct application *a)
{
    struct json_writer w;
    strbuf_init(text, SIZE_MAX);
    json_writer_init(&w, text);
    application_write(&w, a);
}

static void reply_application(struct req *r, const struct application *a)
{
    struct strbuf text;
    application_text(&text, a);
    reply_json_text(r, 200, &text);
}

/* Answers 422 not_eligible naming the rule, or returns true when eligible. */
static bool eligible_or_reply(struct req *r, const struct program *p,
                              const struct applicant_clean *a, struct date today)
{
    json_t *rules_json = json_loads(p->eligibility, 0, NULL);
    struct eligibility rules;
    struct field_problems problems;
    int parsed = eligibility_parse(rules_json, &rules, &problems);
    json_decref(rules_json);
    if (parsed != 0) {
        reply_error(r, 503, "service_unavailable");   /* stored rules are validated on write */
        return false;
    }
    const char *rule = eligibility_check(&rules, a, today);
    if (!rule)
        return true;
    const char *key = arena_printf(&r->arena, "not_eligible.%s", rule);
    json_t *err = json_pack("{s:s, s:s, s:s}", "code", "not_eligible", "message",
                            req_text(r, key), "rule", rule);
    const char *missing = eligibility_missing_field(&rules, a);
    if (strcmp(rule, "required_fields") == 0 && missing)
        json_object_set_new(err, "fields",
                            json_pack("[{s:s, s:s, s:s}]", "field", missing, "code", "required",
                                      "message", req_text(r, "required")));
    reply_json(r, 422, json_pack("{s:o}", "error", err));
    return false;
}

/* A registration waiting for the group commit (store/group_commit.h): it is
 * answered only once it is on disk. */
struct pending_registration {
    struct req *r;                 /* parked: read-only until resumed */
    struct new_application n;
    struct registered out;
};

/* Runs on the committer thread, inside the batch transaction. */
static int run_registration(struct db_conn *c, struct audit_run *audit, void *ctx)
{
    struct pending_registration *p = ctx;
    int rc = applications_register(c, &p->n, &p->out);
    if (rc != 0)
        return rc;
    char at[21], id[24];
    now_rfc3339(at);
    snprintf(id, sizeof id, "%lld", (long long)p->out.id);
    struct audit_entry e =
        req_audit_entry(p->r, at, "application.create", "application", id, "success", NULL);
    return audit_run_append(c, audit, &e);
}

/* Back on a worker: answers with the outcome of the commit. */
static void finish_registration(struct req *r)
{
    struct pending_registration *p = r->resume_ctx;
    if (r->commit_rc == DB_EUNIQUE) {
        reply_field_error(r, 409, "duplicate", "cin", "duplicate");
        return;
    }
    if (r->commit_rc < 0) {
        log_error("store", "request %s: registration failed (%d)", r->request_id, r->commit_rc);
        reply_error(r, 503, "service_unavailable");
        return;
    }
    req_add_header(r, "Location",
                   arena_printf(&r->arena, "/api/v1/applications/%lld", (long long)p->out.id));
    reply_json(r, 201,
               json_pack("{s:s, s:s}", "reference", p->out.reference, "status", p->out.status));
}

void api_applications_register(struct req *r)
{
    json_t *body = req_object_or_reply(r, registration_body_fields);
    if (!body)
        return;
    struct program p;
    if (!program_or_reply(r, r->params[0], &p))
        return;
    if (!p.registration_open) {
        reply_error(r, 409, "registration_closed");
        return;
    }
    struct applicant in = {0};
    struct field_errors fe;
    req_field_errors(r, &fe);
    registration_body_read(&fe, body, &in);
    struct date today = date_today_utc();
    struct applicant_clean *clean = arena_alloc(&r->arena, sizeof *clean);
    struct field_problems problems;
    if (!applicant_validate(&in, today, clean, &problems))
        field_errors_add_problems(&fe, &problems);
    if (field_errors_reply(r, &fe))
        return;
    if (!eligible_or_reply(r, &p, clean, today))
        return;

    struct new_application n = {.program_id = p.id, .program_code = p.code,
                                .applicant = clean, .source = "online", .actor = "applicant"};
    search_keys_for(&r->arena, clean, &n.keys);
    struct db_conn *c = req_db(r);
    if (programs_target_of(c, p.id, clean->region->code, &n.target) != 1)
        n.target = -1;

    struct pending_registration *pending = arena_zalloc(&r->arena, sizeof *pending);
    pending->r = r;
    pending->n = n;
    req_commit(r, run_registration, pending, finish_registration);
}

/* Reveals nothing unless both the reference and the CIN match. */
void api_applications_status(struct req *r)
{
    const char *reference = req_query(r, "reference");
    char cin[CIN_SIZE];
    const char *status, *updated_at;
    if (!reference || strlen(reference) > 64 || !cin_normalize(req_query(r, "cin"), cin)) {
        reply_error(r, 404, "not_found");
        return;
    }
    int rc = applications_status(req_db(r), &r->arena, reference, cin, &status, &updated_at);
    if (rc < 0)
        reply_db_error(r, "status");
    else if (rc == 0)
        reply_error(r, 404, "not_found");
    else
        reply_json(r, 200, json_pack("{s:s, s:s, s:s}", "reference", reference, "status", status,
                                     "updated_at", updated_at));
}

/* The application of the path if the caller's scope covers it, or answers 404. */
static bool application_in_scope_or_reply(struct req *r, struct application *a)
{
    int64_t id = req_id_param_or_reply(r, 0);
    if (!id)
        return false;
    int rc = applications_by_id(req_db(r), &r->arena, id, a);
    if (rc < 0) {
        reply_db_error(r, "read application");
        return false;
    }
    if (rc == 0 || !authz_sees_region(r->user, a->region)) {
        reply_error(r, 404, "not_found");
        return false;
    }
    return true;
}

void api_applications_get(struct req *r)
{
    struct application a;
    if (!application_in_scope_or_reply(r, &a))
        return;
    struct strbuf text;
    application_text(&text, &a);
    reply_json_text_audited(r, 200, &text, "application.read", "application",
                            req_id_text(r, a.id), NULL);
}

void api_applications_history(struct req *r)
{
    struct application a;
    if (!application_in_scope_or_reply(r, &a))
        return;
    struct history_entry *list;
    int n;
    if (applications_history(req_db(r), &r->arena, a.id, &list, &n) < 0) {
        reply_db_error(r, "history");
        return;
    }
    struct edit_entry *edits;
    int nedits;
    if (applications_edits(req_db(r), &r->arena, a.id, &edits, &nedits) < 0) {
        reply_db_error(r, "edits");
        return;
    }
    json_t *items = json_array(), *edit_items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:s?, s:s, s:s, s:s, s:s?}", "from",
                                               list[i].from_status, "to", list[i].to_status,
                                               "actor", list[i].actor, "at", list[i].at, "note",
                                               list[i].note));
    for (int i = 0; i < nedits; i++) {
        json_t *changes = json_loads(edits[i].changes, 0, NULL);
        json_array_append_new(edit_items, json_pack("{s:s, s:s, s:o}", "actor", edits[i].actor,
                                                    "at", edits[i].at, "changes",
                                                    changes ? changes : json_object()));
    }
    reply_json(r, 200, json_pack("{s:o, s:n, s:o}", "items", items, "next", "edits", edit_items));
}

static const char *const transition_fields[] = {"to", "note", NULL};

/* Moves one application inside the caller's write transaction, with its history
 * row and audit entry. Returns 0, 1 when the state machine refuses (or someone
 * moved it meanwhile), or DB_E*. */
static int move_in_transaction(struct req *r, const struct application *a, enum app_state to,
                               const char *note)
{
    int from = app_state_parse(a->status);
    if (from < 0 || !workflow_allows((enum app_state)from, to))
        return 1;
    int rc = applications_transition(req_db(r), a->id, a->status, app_state_name(to),
                                     r->user->id, r->user->username, note);
    if (rc != 0)
        return rc;
    json_t *d = json_pack("{s:s, s:s}", "from", a->status, "to", app_state_name(to));
    char *details = json_text(d, NULL);
    json_decref(d);
    rc = req_audit(r, true, "application.transition", "application", req_id_text(r, a->id),
                   "success", details);
    free(details);
    return rc;
}

/* Runs move_in_transaction in a transaction of its own. */
static int move(struct req *r, const struct application *a, enum app_state to, const char *note)
{
    struct db_conn *c = req_db(r);
    if (db_begin(c) < 0)
        return DB_EFAIL;
    int rc = move_in_transaction(r, a, to, note);
    if (rc != 0) {
        db_rollback(c);
        return rc;
    }
    return db_commit(c);
}

/* Reads {"to","note"}; answers 422 and returns -1 when malformed. */
static int transition_request_or_reply(struct req *r, json_t *body, const char **note)
{
    struct field_errors fe;
    req_field_errors(r, &fe);
    const char *to = json_string_field(&fe, body, "to", 32);
    *note = json_string_field(&fe, body, "note", 1000);
    int state = app_state_parse(to);
    if (!to && !field_errors_any(&fe))
        field_error(&fe, "to", "required");
    else if (to && state < 0)
        field_error(&fe, "to", "invalid_value");
    if (field_errors_any(&fe)) {
        reply_field_errors(r, &fe);
        return -1;
    }
    field_errors_free(&fe);
    return state;
}

void api_applications_transition(struct req *r)
{
    json_t *body = req_object_or_reply(r, transition_fields);
    if (!body)
        return;
    const char *note;
    int to = transition_request_or_reply(r, body, &note);
    if (to < 0)
        return;
    struct application a;
    if (!application_in_scope_or_reply(r, &a))
        return;
    int rc = move(r, &a, (enum app_state)to, note);
    if (rc == 1) {
        reply_error(r, 409, "invalid_transition");
        return;
    }
    if (rc < 0 || applications_by_id(req_db(r), &r->arena, a.id, &a) != 1) {
        reply_db_error(r, "transition");
        return;
    }
    reply_application(r, &a);
}

static const char *const edit_fields[] = {
    "cin", "first_name", "last_name", "first_name_ar", "last_name_ar", "birth_date", "sex",
    "phone", "email", "region", "province", "commune", "education", "situation",
    "project_idea", NULL};

/* Adds {"field":{"from":…,"to":…}} to changes when the two texts differ (NULL and
 * "" are both "absent"). */
static void note_change(json_t *changes, const char *field, const char *from, const char *to)
{
    from = from && *from ? from : NULL;
    to = to && *to ? to : NULL;
    if ((!from && !to) || (from && to && strcmp(from, to) == 0))
        return;
    json_object_set_new(changes, field, json_pack("{s:s?, s:s?}", "from", from, "to", to));
}

/* A staff correction: the stored applicant overlaid with the body's fields, checked
 * by the same rules as a registration, written with the list of what changed. */
void api_applications_update(struct req *r)
{
    json_t *body = req_object_or_reply(r, edit_fields);
    if (!body)
        return;
    struct application a;
    if (!application_in_scope_or_reply(r, &a))
        return;
    struct applicant in = {
        .cin = a.cin, .first_name = a.first_name, .last_name = a.last_name,
        .first_name_ar = a.first_name_ar, .last_name_ar = a.last_name_ar,
        .birth_date = a.birth_date, .sex = a.sex, .phone = a.phone, .email = a.email,
        .region = a.region, .province = a.province, .commune = a.commune,
        .education = a.education, .situation = a.situation, .project_idea = a.project_idea,
        .consent = true};
    const char **slots[] = {&in.cin, &in.first_name, &in.last_name, &in.first_name_ar,
                            &in.last_name_ar, &in.birth_date, &in.sex, &in.phone, &in.email,
                            &in.region, &in.province, &in.commune, &in.education,
                            &in.situation, &in.project_idea};
    struct field_errors fe;
    req_field_errors(r, &fe);
    for (size_t i = 0; edit_fields[i]; i++) {
        if (!json_object_get(body, edit_fields[i]))
            continue;
        *slots[i] = strcmp(edit_fields[i], "project_idea") == 0
                        ? json_multiline_field(&fe, body, edit_fields[i],
                                               REGISTRATION_TEXT_MAX_CHARS)
                        : json_string_field(&fe, body, edit_fields[i],
                                            REGISTRATION_TEXT_MAX_CHARS);
    }
    struct applicant_clean *clean = arena_alloc(&r->arena, sizeof *clean);
    struct field_problems problems;
    if (!applicant_validate(&in, date_today_utc(), clean, &problems))
        field_errors_add_problems(&fe, &problems);
    else if (!authz_sees_region(r->user, clean->region->code))
        field_error(&fe, "region", "invalid_value");   /* out of the editor's own scope */
    if (field_errors_reply(r, &fe))
        return;

    char birth[11];
    date_format(clean->birth_date, birth);
    json_t *changes = json_object();
    const char *after[] = {clean->cin, clean->first_name, clean->last_name,
                           clean->first_name_ar, clean->last_name_ar, birth, clean->sex,
                           clean->phone, clean->email, clean->region->code, clean->province,
                           clean->commune, clean->education, clean->situation,
                           clean->project_idea};
    const char *before[] = {a.cin, a.first_name, a.last_name, a.first_name_ar, a.last_name_ar,
                            a.birth_date, a.sex, a.phone, a.email, a.region, a.province,
                            a.commune, a.education, a.situation, a.project_idea};
    for (size_t i = 0; edit_fields[i]; i++)
        note_change(changes, edit_fields[i], before[i], after[i]);
    if (json_object_size(changes) == 0) {
        json_decref(changes);
        reply_application(r, &a);
        return;
    }
    char *changes_text = json_text(changes, NULL);
    json_decref(changes);
    arena_defer(&r->arena, free, changes_text);

    struct new_application n = {.program_id = a.program_id, .program_code = a.program_code,
                                .applicant = clean, .actor_id = r->user->id,
                                .actor = r->user->username};
    search_keys_for(&r->arena, clean, &n.keys);
    struct db_conn *c = req_begin_or_reply(r);
    if (!c)
        return;
    int rc = applications_update(c, &a, &n, changes_text);
    if (rc == DB_EUNIQUE) {
        db_rollback(c);
        reply_field_error(r, 409, "duplicate", "cin", "duplicate");
        return;
    }
    if (rc < 0 || req_audit(r, true, "application.update", "application", req_id_text(r, a.id),
                            "success", changes_text) < 0) {
        db_rollback(c);
        reply_db_error(r, "update application");
        return;
    }
    if (db_commit(c) < 0 || applications_by_id(c, &r->arena, a.id, &a) != 1) {
        reply_db_error(r, "update application");
        return;
    }
    reply_application(r, &a);
}

#define BULK_MAX 5000
static const char *const bulk_fields[] = {"to", "note", "ids", NULL};

/* The applications a bulk request names: its "ids" (each in scope), or else every
 * application the query's filters select. NULL after answering when malformed or
 * too many. */
static struct application *bulk_selection_or_reply(struct req *r, json_t *ids, int *count)
{
    struct application *list;
    if (ids) {
        struct field_errors fe;
        req_field_errors(r, &fe);
        if (!json_is_array(ids) || json_array_size(ids) == 0 || json_array_size(ids) > BULK_MAX)
            field_error(&fe, "ids", json_is_array(ids) ? "out_of_range" : "invalid_type");
        size_t i;
        json_t *v;
        json_array_foreach(ids, i, v)
            if (!json_is_integer(v) && !field_errors_any(&fe))
                field_error(&fe, "ids", "invalid_type");
        if (field_errors_any(&fe)) {
            reply_field_errors(r, &fe);
            return NULL;
        }
        field_errors_free(&fe);
        list = arena_alloc(&r->arena, sizeof *list * json_array_size(ids));
        int n = 0;
        json_array_foreach(ids, i, v) {
            bool repeated = false;   /* an id given twice is moved once */
            for (int k = 0; k < n && !repeated; k++)
                repeated = list[k].id == json_integer_value(v);
            if (repeated)
                continue;
            int rc = applications_by_id(req_db(r), &r->arena, json_integer_value(v), &list[n]);
            if (rc < 0) {
                reply_db_error(r, "read application");
                return NULL;
            }
            if (rc == 1 && authz_sees_region(r->user, list[n].region))
                n++;
        }
        *count = n;
        return list;
    }
    struct application_filter f = {.limit = BULK_MAX + 1};
    if (!application_filter_or_reply(r, &f))
        return NULL;
    if (applications_list(req_db(r), &r->arena, &f, &list, count) < 0) {
        reply_db_error(r, "list applications");
        return NULL;
    }
    if (*count > BULK_MAX) {
        reply_field_error(r, 422, "validation_failed", "filter", "too_many");
        return NULL;
    }
    return list;
}

/* Moves every selected application that the state machine allows, in one
 * transaction; the others are listed with their state, untouched. */
void api_applications_bulk_transition(struct req *r)
{
    json_t *body = req_object_or_reply(r, bulk_fields);
    if (!body)
        return;
    const char *note;
    int to = transition_request_or_reply(r, body, &note);
    if (to < 0)
        return;
    int n;
    struct application *list = bulk_selection_or_reply(r, json_object_get(body, "ids"), &n);
    if (!list)
        return;
    struct db_conn *c = req_begin_or_reply(r);
    if (!c)
        return;
    json_t *moved = json_array(), *refused = json_array();
    for (int i = 0; i < n; i++) {
        int rc = move_in_transaction(r, &list[i], (enum app_state)to, note);
        if (rc < 0) {
            db_rollback(c);
            json_decref(moved);
            json_decref(refused);
            reply_db_error(r, "bulk transition");
            return;
        }
        if (rc == 0)
            json_array_append_new(moved, json_integer(list[i].id));
        else
            json_array_append_new(refused, json_pack("{s:I, s:s}", "id", (json_int_t)list[i].id,
                                                     "status", list[i].status));
    }
    if (db_commit(c) < 0) {
        json_decref(moved);
        json_decref(refused);
        reply_db_error(r, "bulk transition");
        return;
    }
    reply_json(r, 200, json_pack("{s:s, s:I, s:o, s:o}", "to", app_state_name((enum app_state)to),
                                 "moved_count", (json_int_t)json_array_size(moved), "moved", moved,
                                 "refused", refused));
}

static const char *const review_fields[] = {"decision", "note", NULL};

/* A probable duplicate is never merged: staff either clear the flag or withdraw
 * the flagged application. */
void api_applications_review_duplicate(struct req *r)
{
    json_t *body = req_object_or_reply(r, review_fields);
    if (!body)
        return;
    struct field_errors fe;
    req_field_errors(r, &fe);
    const char *decision = json_string_field(&fe, body, "decision", 32);
    const char *note = json_string_field(&fe, body, "note", 1000);
    bool withdraw = decision && strcmp(decision, "withdraw") == 0;
    if (!decision && !field_errors_any(&fe))
        field_error(&fe, "decision", "required");
    else if (decision && !withdraw && strcmp(decision, "not_duplicate") != 0)
        field_error(&fe, "decision", "invalid_value");
    if (field_errors_reply(r, &fe))
        return;
    struct application a;
    if (!application_in_scope_or_reply(r, &a))
        return;
    if (!a.flag) {
        reply_error(r, 409, "invalid_transition");
        return;
    }
    struct db_conn *c = req_begin_or_reply(r);
    if (!c)
        return;
    int rc = withdraw ? move_in_transaction(r, &a, APP_WITHDRAWN,
                                            note ? note : "probable duplicate")
                      : 0;
    if (rc == 1) {
        db_rollback(c);
        reply_error(r, 409, "invalid_transition");
        return;
    }
    if (rc < 0 || applications_set_flag(c, a.id, NULL, a.duplicate_of) < 0 ||
        req_audit(r, true, "application.duplicate_review", "application", req_id_text(r, a.id),
                  "success", withdraw ? "{\"decision\":\"withdraw\"}"
                                      : "{\"decision\":\"not_duplicate\"}") < 0) {
        db_rollback(c);
        reply_db_error(r, "review duplicate");
        return;
    }
    if (db_commit(c) < 0 || applications_by_id(c, &r->arena, a.id, &a) != 1) {
        reply_db_error(r, "review duplicate");
        return;
    }
    reply_application(r, &a);
}

/* Reads ?q=: a CIN, a phone number, a reference, or else the start of a name. */
static void read_search(struct req *r, const char *q, struct application_filter *f)
{
    char *cin = arena_alloc(&r->arena, CIN_SIZE), *phone = arena_alloc(&r->arena, PHONE_SIZE);
    if (cin_normalize(q, cin)) {
        f->cin = cin;
    } else if (phone_normalize(q, phone)) {
        f->phone = phone;
    } else if (strchr(q, '-') && strlen(q) > 8 && strncmp(q + strcspn(q, "-"), "-MA-", 4) == 0) {
        f->reference = q;
    } else {
        char *norm = name_normalize(&r->arena, q);
        char *space = strchr(norm, ' ');
        if (space)   /* one word: the index is of words */
            *space = '\0';
        f->name_prefix = norm;
    }
}

bool application_filter_or_reply(struct req *r, struct application_filter *f)
{
    struct field_errors fe;
    req_field_errors(r, &fe);
    if (!program_query_or_reply(r, &fe, &f->program_id))
        return false;
    f->region = req_query(r, "region");
    if (f->region && !region_find(f->region))
        field_error(&fe, "region", "invalid_value");
    f->province = req_query(r, "province");
    f->status = req_query(r, "status");
    if (f->status && app_state_parse(f->status) < 0)
        field_error(&fe, "status", "invalid_value");
    f->flag = req_query(r, "flag");
    if (f->flag && strcmp(f->flag, "probable_duplicate") != 0)
        field_error(&fe, "flag", "invalid_value");
    struct date d;
    f->from = req_query(r, "from");
    if (f->from && !date_parse(f->from, &d))
        field_error(&fe, "from", "invalid_date");
    f->to = req_query(r, "to");
    if (f->to && !date_parse(f->to, &d))
        field_error(&fe, "to", "invalid_date");
    const char *sort = req_query(r, "sort");
    f->newest_first = true;
    if (sort && strcmp(sort, "created") == 0)
        f->newest_first = false;
    else if (sort && strcmp(sort, "-created") != 0)
        field_error(&fe, "sort", "invalid_value");
    const char *q = req_query(r, "q");
    if (q && *q)
        read_search(r, q, f);
    if (field_errors_any(&fe)) {
        reply_field_errors(r, &fe);
        return false;
    }
    field_errors_free(&fe);
    f->region = req_list_region(r, f->region);
    return true;
}

void api_applications_list(struct req *r)
{
    int limit;
    int64_t after;
    if (!req_page_or_reply(r, &limit, &after))
        return;
    struct application_filter f = {.limit = limit + 1, .after = after};
    if (!application_filter_or_reply(r, &f))
        return;
    struct application *list;
    int n;
    if (applications_list(req_db(r), &r->arena, &f, &list, &n) < 0) {
        reply_db_error(r, "list applications");
        return;
    }
    struct strbuf text;
    struct json_writer w;
    strbuf_init(&text, SIZE_MAX);
    json_writer_init(&w, &text);
    json_write_object_begin(&w, NULL);
    json_write_array_begin(&w, "items");
    for (int i = 0; i < n && i < limit; i++)
        application_write(&w, &list[i]);
    json_write_array_end(&w);
    json_write_string(&w, "next", n > limit ? req_id_text(r, list[limit - 1].id) : NULL);
    json_write_object_end(&w);
    reply_json_text_audited(r, 200, &text, "application.list", "application", NULL,
                            req_json_text(r, json_pack("{s:i}", "count", n > limit ? limit : n)));
}
