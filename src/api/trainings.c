/* Trainings (cohorts): sessions of a programme held at a venue of a region, the
 * beneficiaries enrolled in them, their attendance day by day and the outcome of
 * each. Enrolling an accepted application moves it to in_training through the
 * state machine, with its history row and audit entry, in the same transaction as
 * the enrolment. A regional coordinator manages only the trainings of her region;
 * a training outside the caller's scope answers 404. Every write is audited, and
 * so is every read that names beneficiaries.
 *
 * The small body readers at the top are shared with enterprises.c (handlers.h). */
#include "api/handlers.h"

#include "core/util.h"
#include "domain/dates.h"
#include "domain/enterprise.h"
#include "domain/regions.h"
#include "domain/workflow.h"
#include "store/applications.h"
#include "store/programs.h"
#include "store/trainings.h"

#include <stdlib.h>
#include <string.h>

#define TRAINING_TEXT_MAX 200
#define TRAINERS_MAX 20
#define TRAINING_CAPACITY_MAX 1000
/* A cohort runs for a year at most: longer is a typing error in a date. */
#define TRAINING_MONTHS_MAX 12
#define ATTENDANCE_RECORDS_MAX TRAINING_CAPACITY_MAX

/* ---- Body readers (shared with enterprises.c) ---- */

bool body_member_present(json_t *body, const char *name)
{
    json_t *v = json_object_get(body, name);
    return v && !json_is_null(v);
}

const char *body_required_text(struct field_errors *fe, json_t *body, const char *name,
                               size_t max_chars)
{
    if (!body_member_present(body, name)) {
        field_error(fe, name, "required");
        return NULL;
    }
    const char *s = json_string_field(fe, body, name, max_chars);
    if (s && !s[strspn(s, " ")]) {
        field_error(fe, name, "required");
        return NULL;
    }
    return s;
}

bool body_int_field(struct field_errors *fe, json_t *body, const char *name, int64_t min,
                    int64_t max, int64_t *out)
{
    json_t *v = json_object_get(body, name);
    if (!v || json_is_null(v))
        return false;
    if (!json_is_integer(v)) {
        field_error(fe, name, "invalid_type");
        return false;
    }
    json_int_t i = json_integer_value(v);
    if (i < min || i > max) {
        field_error(fe, name, "out_of_range");
        return false;
    }
    *out = (int64_t)i;
    return true;
}

int body_bool_field(struct field_errors *fe, json_t *body, const char *name)
{
    json_t *v = json_object_get(body, name);
    if (!v || json_is_null(v))
        return -1;
    if (!json_is_boolean(v)) {
        field_error(fe, name, "invalid_type");
        return -1;
    }
    return json_is_true(v) ? 1 : 0;
}

const char *body_date_field(struct field_errors *fe, json_t *body, const char *name,
                            struct date *d)
{
    json_t *v = json_object_get(body, name);
    if (!v || json_is_null(v))
        return NULL;
    const char *s = json_string_value(v);
    if (!s || !date_parse(s, d)) {
        field_error(fe, name, json_is_string(v) ? "invalid_date" : "invalid_type");
        return NULL;
    }
    return s;
}

/* ---- Trainings ---- */

static json_t *training_to_json(const struct training *t)
{
    json_t *trainers = json_loads(t->trainers, 0, NULL);
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:I, s:I, s:s, s:s}", "id",
                     (json_int_t)t->id, "program", t->program_code, "title", t->title, "venue",
                     t->venue, "region", t->region, "province", t->province, "starts_on",
                     t->starts_on, "ends_on", t->ends_on, "trainers",
                     json_is_array(trainers) ? trainers : json_array(), "capacity",
                     (json_int_t)t->capacity, "enrolled", (json_int_t)t->enrolled, "created_at",
                     t->created_at, "updated_at", t->updated_at);
}

static json_t *enrolment_to_json(const struct enrolment *e)
{
    return json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:s?, s:s?, s:s, s:s, s:o, s:s?, "
                     "s:{s:I, s:I, s:I}}",
                     "application_id", (json_int_t)e->application_id, "reference", e->reference,
                     "status", e->status, "first_name", e->first_name, "last_name", e->last_name,
                     "first_name_ar", e->first_name_ar, "last_name_ar", e->last_name_ar, "region",
                     e->region, "enrolled_at", e->enrolled_at, "completed",
                     e->completed < 0 ? json_null() : json_boolean(e->completed), "completed_on",
                     e->completed_on, "attendance", "present", (json_int_t)e->present, "absent",
                     (json_int_t)e->absent, "excused", (json_int_t)e->excused);
}

/* The training of path parameter `index` if the caller's scope covers it, or
 * answers 404. */
static bool training_in_scope_or_reply(struct req *r, struct training *t)
{
    int64_t id = req_id_param_or_reply(r, 0);
    if (!id)
        return false;
    int rc = trainings_by_id(req_db(r), &r->arena, id, t);
    if (rc < 0) {
        reply_db_error(r, "read training");
        return false;
    }
    if (rc == 0 || !authz_sees_region(r->user, t->region)) {
        reply_error(r, 404, "not_found");
        return false;
    }
    return true;
}

static const char *const training_fields[] = {"program", "title", "venue", "region",
                                              "province", "starts_on", "ends_on", "trainers",
                                              "capacity", NULL};

/* Reads the trainers' names into compact JSON text; NULL with errors on failure. */
static const char *read_trainers(struct req *r, struct field_errors *fe, json_t *list)
{
    if (!json_is_array(list)) {
        field_error(fe, "trainers", "invalid_type");
        return NULL;
    }
    if (json_array_size(list) > TRAINERS_MAX) {
        field_error(fe, "trainers", "too_long");
        return NULL;
    }
    bool ok = true;
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v) {
        char *field = arena_printf(&r->arena, "trainers[%zu]", i);
        const char *s = json_string_value(v);
        if (!s)
            field_error(fe, field, "invalid_type");
        else if (strlen(s) != json_string_length(v) || text_has_control(s))
            field_error(fe, field, "invalid_format");
        else if (!s[strspn(s, " ")])
            field_error(fe, field, "required");
        else if (utf8_length(s) > TRAINING_TEXT_MAX)
            field_error(fe, field, "too_long");
        else
            continue;
        ok = false;
    }
    if (!ok)
        return NULL;
    char *text = json_text(list, NULL);
    const char *copy = arena_strdup(&r->arena, text ? text : "[]");
    free(text);
    return copy;
}

/* Reads the fields present in `body` over *t (all of them when creating) and
 * checks the whole: province of the region, dates in order, a year at most. */
static void read_training_fields(struct req *r, struct field_errors *fe, json_t *body,
                                 struct training *t, bool creating)
{
    const char *const names[] = {"title", "venue"};
    const char **slots[] = {&t->title, &t->venue};
    for (size_t i = 0; i < ARRAY_LEN(names); i++)
        if (creating || json_object_get(body, names[i])) {
            const char *v = body_required_text(fe, body, names[i], TRAINING_TEXT_MAX);
            if (v)
                *slots[i] = v;
        }
    bool region_ok = true;
    if (creating || json_object_get(body, "region")) {
        const char *code = body_required_text(fe, body, "region", 8);
        if (code && !region_find(code))
            field_error(fe, "region", "invalid_value");
        if (code && region_find(code))
            t->region = code;
        else
            region_ok = false;
    }
    bool province_given = creating || json_object_get(body, "province");
    if (province_given) {
        const char *v = body_required_text(fe, body, "province", TRAINING_TEXT_MAX);
        if (v)
            t->province = v;
        else
            region_ok = false;
    }
    /* A new region needs a province of it, given or kept. */
    if (region_ok && t->region && t->province &&
        !region_has_province(region_find(t->region), t->province))
        field_error(fe, "province", "province_not_in_region");

    struct date start, end;
    bool dates_ok = true;
    const char *const date_names[] = {"starts_on", "ends_on"};
    const char **date_slots[] = {&t->starts_on, &t->ends_on};
    for (size_t i = 0; i < 2; i++)
        if (creating || json_object_get(body, date_names[i])) {
            struct date d;
            const char *v = body_date_field(fe, body, date_names[i], &d);
            if (v)
                *date_slots[i] = v;
            else {
                if (!body_member_present(body, date_names[i]))
                    field_error(fe, date_names[i], "required");
                dates_ok = false;
            }
        }
    if (dates_ok && date_parse(t->starts_on, &start) && date_parse(t->ends_on, &end) &&
        (date_compare(start, end) > 0 ||
         date_compare(end, date_add_months(start, TRAINING_MONTHS_MAX)) > 0))
        field_error(fe, "ends_on", "out_of_range");

    json_t *trainers = json_object_get(body, "trainers");
    if (trainers && !json_is_null(trainers)) {
        const char *text = read_trainers(r, fe, trainers);
        if (text)
            t->trainers = text;
    } else if (creating || trainers) {
        t->trainers = "[]";
    }
    if (creating || json_object_get(body, "capacity")) {
        if (!body_int_field(fe, body, "capacity", 1, TRAINING_CAPACITY_MAX, &t->capacity) &&
            !body_member_present(body, "capacity"))
            field_error(fe, "capacity", "required");
    }
}

/* Refuses (403) a region the caller may not manage; true when she may. */
static bool region_managed_or_reply(struct req *r, const char *region)
{
    if (authz_sees_region(r->user, region))
        return true;
    reply_field_error(r, 403, "forbidden", "region", "forbidden");
    return false;
}

void api_trainings_create(struct req *r)
{
    json_t *body = req_object_or_reply(r, training_fields);
    if (!body)
        return;
    struct training t = {0};
    struct field_errors fe;
    req_field_errors(r, &fe);
    struct program p;
    const char *code = body_required_text(&fe, body, "program", 16);
    if (code) {
        int rc = programs_by_code(req_db(r), &r->arena, code, &p);
        if (rc < 0) {
            field_errors_free(&fe);
            reply_db_error(r, "read programme");
            return;
        }
        if (rc == 0)
            field_error(&fe, "program", "invalid_value");
        else
            t.program_id = p.id;
    }
    read_training_fields(r, &fe, body, &t, true);
    if (field_errors_reply(r, &fe))
        return;
    if (!region_managed_or_reply(r, t.region))
        return;
    struct db_conn *c = req_begin_or_reply(r);
    if (!c)
        return;
    if (trainings_insert(c, &t) < 0 ||
        req_audit(r, true, "training.create", "training", req_id_text(r, t.id), "success",
                  req_json_text(r, json_pack("{s:s, s:s}", "program", p.code, "region",
                                            t.region))) < 0) {
        db_rollback(c);
        reply_db_error(r, "create training");
        return;
    }
    if (db_commit(c) < 0 || trainings_by_id(c, &r->arena, t.id, &t) != 1) {
        reply_db_error(r, "create training");
        return;
    }
    req_add_header(r, "Location", arena_printf(&r->arena, "/api/v1/trainings/%lld",
                                               (long long)t.id));
    reply_json(r, 201, training_to_json(&t));
}

void api_trainings_list(struct req *r)
{
    int limit;
    int64_t after;
    if (!req_page_or_reply(r, &limit, &after))
        return;
    struct training_filter f = {.limit = limit + 1, .after = after};
    struct field_errors fe;
    req_field_errors(r, &fe);
    if (!program_query_or_reply(r, &fe, &f.program_id))
        return;
    f.region = req_query(r, "region");
    if (f.region && !region_find(f.region))
        field_error(&fe, "region", "invalid_value");
    if (field_errors_reply(r, &fe))
        return;
    f.region = req_list_region(r, f.region);
    struct training *list;
    int n;
    if (trainings_list(req_db(r), &r->arena, &f, &list, &n) < 0) {
        reply_db_error(r, "list trainings");
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < n && i < limit; i++)
        json_array_append_new(items, training_to_json(&list[i]));
    reply_json(r, 200, req_page_json(r, items, n > limit ? list[limit - 1].id : 0));
}

void api_trainings_get(struct req *r)
{
    struct training t;
    if (training_in_scope_or_reply(r, &t))
        reply_json(r, 200, training_to_json(&t));
}

void api_trainings_update(struct req *r)
{
    json_t *body = req_object_or_reply(r, training_fields);
    if (!body)
        return;
    struct training t;
    if (!training_in_scope_or_reply(r, &t))
        return;
    struct field_errors fe;
    req_field_errors(r, &fe);
    if (json_object_get(body, "program"))
        field_error(&fe, "program", "invalid_value");   /* a cohort stays in its programme */
    read_training_fields(r, &fe, body, &t, false);
    if (field_errors_reply(r, &fe))
        return;
    if (!region_managed_or_reply(r, t.region))
        return;
    struct db_conn *c = req_begin_or_reply(r);
    if (!c)
        return;
    /* Attendance and completions already recorded must stay inside the dates. */
    char first[11], last[11];
    int rc = trainings_recorded_span(c, t.id, first, last);
    const char *outside = NULL;
    if (rc == 0 && first[0] && strcmp(first, t.starts_on) < 0)
        outside = "starts_on";
    else if (rc == 0 && last[0] && strcmp(last, t.ends_on) > 0)
        outside = "ends_on";
    if (rc == 0 && !outside)
        rc = trainings_update(c, &t);
    if (rc == 1 || outside) {
        db_rollback(c);
        reply_field_error(r, 422, "validation_failed", outside ? outside : "capacity",
                          "out_of_range");
        return;
    }
    if (rc < 0 || req_audit(r, true, "training.update", "training", req_id_text(r, t.id), "success",
                            req_json_text(r, json_deep_copy(body))) < 0) {
        db_rollback(c);
        reply_db_error(r, "update training");
        return;
    }
    if (db_commit(c) < 0 || trainings_by_id(c, &r->arena, t.id, &t) != 1) {
        reply_db_error(r, "update training");
        return;
    }
    reply_json(r, 200, training_to_json(&t));
}

/* ---- Enrolments ---- */

static const char *const enrol_fields[] = {"application_id", "start_training", "note", NULL};

/* The application named in a body, if it exists and the caller's scope covers
 * it; otherwise a field error on `field` (an application out of scope is not
 * told apart from one that does not exist). */
static bool body_application(struct req *r, struct field_errors *fe, int64_t id,
                             const char *field, struct application *a, bool *db_failed)
{
    int rc = applications_by_id(req_db(r), &r->arena, id, a);
    if (rc < 0) {
        *db_failed = true;
        return false;
    }
    if (rc == 0 || !authz_sees_region(r->user, a->region)) {
        field_error(fe, field, "not_found");
        return false;
    }
    return true;
}

/* The enrolment as answered; NULL after answering an error. */
static json_t *enrolment_json_or_reply(struct req *r, int64_t training_id,
                                       int64_t application_id)
{
    struct enrolment e;
    int rc = trainings_enrolment(req_db(r), &r->arena, training_id, application_id, &e);
    if (rc != 1) {
        reply_db_error(r, "read enrolment");
        return NULL;
    }
    return enrolment_to_json(&e);
}

void api_trainings_enrol(struct req *r)
{
    json_t *body = req_object_or_reply(r, enrol_fields);
    if (!body)
        return;
    struct training t;
    if (!training_in_scope_or_reply(r, &t))
        return;
    struct field_errors fe;
    req_field_errors(r, &fe);
    int64_t app_id = 0;
    if (!body_int_field(&fe, body, "application_id", 1, INT64_MAX, &app_id) &&
        !body_member_present(body, "application_id"))
        field_error(&fe, "application_id", "required");
    int start = body_bool_field(&fe, body, "start_training");
    const char *note = json_string_field(&fe, body, "note", 1000);
    struct application a;
    bool db_failed = false;
    if (app_id && body_application(r, &fe, app_id, "application_id", &a, &db_failed) &&
        a.program_id != t.program_id)
        field_error(&fe, "application_id", "not_in_program");
    if (db_failed) {
        field_errors_free(&fe);
        reply_db_error(r, "read application");
        return;
    }
    if (field_errors_reply(r, &fe))
        return;

    struct db_conn *c = req_begin_or_reply(r);
    if (!c)
        return;
    /* The state is decided under the application's lock, so that a withdrawal
     * between our read and the commit cannot leave a withdrawn trainee. */
    char status[TRAINING_STATUS_SIZE];
    int64_t program_id;
    int found = trainings_lock_application(c, app_id, status, &program_id);
    if (found < 0) {
        db_rollback(c);
        reply_db_error(r, "lock application");
        return;
    }
    int state = found == 1 ? app_state_parse(status) : -1;
    if (found == 0 || program_id != t.program_id) {   /* gone since it was read */
        db_rollback(c);
        reply_field_error(r, 422, "validation_failed", "application_id", "not_found");
        return;
    }
    if (state != APP_ACCEPTED && state != APP_IN_TRAINING) {
        db_rollback(c);
        reply_field_error(r, 409, "invalid_transition", "application_id", "invalid_transition");
        return;
    }
    int rc = trainings_enrol(c, t.id, app_id, r->user->username);
    if (rc == DB_EUNIQUE || rc == 1) {
        db_rollback(c);
        if (rc == DB_EUNIQUE)
            reply_field_error(r, 409, "duplicate", "application_id", "duplicate");
        else
            reply_error(r, 409, "capacity_reached");
        return;
    }
    /* start_training defaults to true: enrolment is the usual way into training. */
    bool moved = rc == 0 && state == APP_ACCEPTED && start != 0 &&
                 workflow_allows(APP_ACCEPTED, APP_IN_TRAINING);
    if (moved) {
        const char *why = note ? note
                               : arena_printf(&r->arena, "enrolled in training %lld",
                                              (long long)t.id);
        rc = applications_transition(c, app_id, "accepted", "in_training", r->user->id,
                                     r->user->username, why);
        if (rc == 0)
            rc = req_audit(r, true, "application.transition", "application",
                           req_id_text(r, app_id), "success",
                           req_json_text(r, json_pack("{s:s, s:s, s:I}", "from", "accepted", "to",
                                                     "in_training", "training",
                                                     (json_int_t)t.id)));
    }
    if (rc == 0)
        rc = req_audit(r, true, "training.enrol", "training", req_id_text(r, t.id), "success",
                       req_json_text(r, json_pack("{s:I, s:b}", "application_id",
                                                 (json_int_t)app_id, "start_training", moved)));
    if (rc != 0) {
        db_rollback(c);
        if (rc == 1)   /* moved by someone else despite the lock: say so, do not guess */
            reply_field_error(r, 409, "invalid_transition", "application_id",
                              "invalid_transition");
        else
            reply_db_error(r, "enrol");
        return;
    }
    if (db_commit(c) < 0) {
        reply_db_error(r, "enrol");
        return;
    }
    json_t *out = enrolment_json_or_reply(r, t.id, app_id);
    if (!out)
        return;
    req_add_header(r, "Location",
                   arena_printf(&r->arena, "/api/v1/trainings/%lld/enrolments/%lld",
                                (long long)t.id, (long long)app_id));
    reply_json(r, 201, out);
}

void api_trainings_enrolments(struct req *r)
{
    int limit;
    int64_t after;
    if (!req_page_or_reply(r, &limit, &after))
        return;
    struct training t;
    if (!training_in_scope_or_reply(r, &t))
        return;
    struct enrolment *list;
    int n;
    if (trainings_enrolments(req_db(r), &r->arena, t.id, after, limit + 1, &list, &n) < 0) {
        reply_db_error(r, "list enrolments");
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < n && i < limit; i++)
        json_array_append_new(items, enrolment_to_json(&list[i]));
    /* The list names beneficiaries: a read of personal data. */
    reply_json_audited(r, 200,
                       req_page_json(r, items, n > limit ? list[limit - 1].application_id : 0),
                       "training.enrolments.read", "training", req_id_text(r, t.id),
                       req_json_text(r, json_pack("{s:i}", "count", n > limit ? limit : n)));
}

/* The enrolled application of path parameter 1, or answers 404. */
static int64_t enrolled_or_reply(struct req *r, const struct training *t, struct enrolment *e)
{
    int64_t app_id = req_id_param_or_reply(r, 1);
    if (!app_id)
        return 0;
    int rc = trainings_enrolment(req_db(r), &r->arena, t->id, app_id, e);
    if (rc < 0) {
        reply_db_error(r, "read enrolment");
        return 0;
    }
    if (rc == 0) {
        reply_error(r, 404, "not_found");
        return 0;
    }
    return app_id;
}

void api_trainings_enrolment_get(struct req *r)
{
    struct training t;
    struct enrolment e;
    if (!training_in_scope_or_reply(r, &t) || !enrolled_or_reply(r, &t, &e))
        return;
    reply_json_audited(r, 200, enrolment_to_json(&e), "training.enrolment.read", "application",
                       req_id_text(r, e.application_id),
                       req_json_text(r, json_pack("{s:I}", "training", (json_int_t)t.id)));
}

static const char *const completion_fields[] = {"completed", "completed_on", NULL};

void api_trainings_complete(struct req *r)
{
    json_t *body = req_object_or_reply(r, completion_fields);
    if (!body)
        return;
    struct training t;
    struct enrolment e;
    if (!training_in_scope_or_reply(r, &t))
        return;
    int64_t app_id = enrolled_or_reply(r, &t, &e);
    if (!app_id)
        return;
    struct field_errors fe;
    req_field_errors(r, &fe);
    int completed = body_bool_field(&fe, body, "completed");
    if (completed < 0 && !body_member_present(body, "completed"))
        field_error(&fe, "completed", "required");
    struct date on, start;
    const char *on_text = body_date_field(&fe, body, "completed_on", &on);
    if (!on_text && !body_member_present(body, "completed_on"))
        field_error(&fe, "completed_on", "required");
    /* The outcome is known from the first day of the training, not before, and
     * not in the future. */
    if (on_text && date_parse(t.starts_on, &start) &&
        (date_compare(on, start) < 0 || date_compare(on, date_today_utc()) > 0))
        field_error(&fe, "completed_on", "out_of_range");
    if (field_errors_reply(r, &fe))
        return;
    struct db_conn *c = req_begin_or_reply(r);
    if (!c)
        return;
    int rc = trainings_set_completion(c, t.id, app_id, completed == 1, on_text);
    if (rc == 0)
        rc = req_audit(r, true, "training.completion", "training", req_id_text(r, t.id), "success",
                       req_json_text(r, json_pack("{s:I, s:b, s:s}", "application_id",
                                                 (json_int_t)app_id, "completed", completed == 1,
                                                 "completed_on", on_text)));
    if (rc != 0) {
        db_rollback(c);
        reply_db_error(r, "record completion");
        return;
    }
    if (db_commit(c) < 0) {
        reply_db_error(r, "record completion");
        return;
    }
    json_t *out = enrolment_json_or_reply(r, t.id, app_id);
    if (out)
        reply_json(r, 200, out);
}

/* ---- Attendance ---- */

static bool attendance_status_valid(const char *s)
{
    return s && (strcmp(s, "present") == 0 || strcmp(s, "absent") == 0 ||
                 strcmp(s, "excused") == 0);
}

/* The day of path parameter 1 when it is a day of the training up to today;
 * otherwise answers 422 and returns NULL. */
static const char *training_day_or_reply(struct req *r, const struct training *t)
{
    const char *day = r->nparams > 1 ? r->params[1] : NULL;
    struct date d, start, end;
    if (!date_parse(day, &d)) {
        reply_field_error(r, 422, "validation_failed", "day", "invalid_date");
        return NULL;
    }
    if (!date_parse(t->starts_on, &start) || !date_parse(t->ends_on, &end) ||
        date_compare(d, start) < 0 || date_compare(d, end) > 0 ||
        date_compare(d, date_today_utc()) > 0) {
        reply_field_error(r, 422, "validation_failed", "day", "out_of_range");
        return NULL;
    }
    return day;
}

static json_t *day_to_json(const char *day, const struct attendance_mark *marks, int n)
{
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:I, s:s, s:s, s:s}", "application_id",
                                               (json_int_t)marks[i].application_id, "status",
                                               marks[i].status, "recorded_by", marks[i].actor,
                                               "recorded_at", marks[i].recorded_at));
    return json_pack("{s:s, s:o, s:n}", "day", day, "items", items, "next");
}

static const char *const attendance_fields[] = {"records", NULL};
static const char *const record_fields[] = {"application_id", "status", NULL};

void api_trainings_attendance_put(struct req *r)
{
    json_t *body = req_object_or_reply(r, attendance_fields);
    if (!body)
        return;
    struct training t;
    if (!training_in_scope_or_reply(r, &t))
        return;
    const char *day = training_day_or_reply(r, &t);
    if (!day)
        return;
    json_t *records = json_object_get(body, "records");
    struct field_errors fe;
    req_field_errors(r, &fe);
    if (!json_is_array(records))
        field_error(&fe, "records", records && !json_is_null(records) ? "invalid_type"
                                                                      : "required");
    else if (json_array_size(records) == 0)
        field_error(&fe, "records", "required");
    else if (json_array_size(records) > ATTENDANCE_RECORDS_MAX)
        field_error(&fe, "records", "too_long");
    struct db_conn *c = req_db(r);
    size_t i;
    json_t *rec;
    json_array_foreach(records, i, rec) {
        if (json_array_size(records) > ATTENDANCE_RECORDS_MAX)
            break;
        char *field = arena_printf(&r->arena, "records[%zu]", i);
        if (!json_is_object(rec)) {
            field_error(&fe, field, "invalid_type");
            continue;
        }
        struct field_errors inner;
        field_errors_init(&inner, r->lang);
        bool known = json_check_fields(&inner, rec, record_fields);
        field_errors_free(&inner);
        if (!known) {
            field_error(&fe, field, "unknown_field");
            continue;
        }
        json_t *id = json_object_get(rec, "application_id");
        const char *status = json_string_value(json_object_get(rec, "status"));
        char *id_field = arena_printf(&r->arena, "%s.application_id", field);
        if (!json_is_integer(id) || json_integer_value(id) < 1) {
            field_error(&fe, id_field, id ? "invalid_type" : "required");
        } else {
            /* Twice the same person in one day's list is a mistake, not an update. */
            for (size_t j = 0; j < i; j++)
                if (json_equal(json_object_get(json_array_get(records, j), "application_id"),
                               id)) {
                    field_error(&fe, id_field, "duplicate_value");
                    break;
                }
            struct enrolment e;
            int rc = trainings_enrolment(c, &r->arena, t.id, json_integer_value(id), &e);
            if (rc < 0) {
                field_errors_free(&fe);
                reply_db_error(r, "read enrolment");
                return;
            }
            if (rc == 0)
                field_error(&fe, id_field, "not_enrolled");
        }
        if (!attendance_status_valid(status))
            field_error(&fe, arena_printf(&r->arena, "%s.status", field),
                        json_object_get(rec, "status") ? "invalid_value" : "required");
    }
    if (field_errors_reply(r, &fe))
        return;
    if (db_begin(c) < 0) {
        reply_db_error(r, "begin");
        return;
    }
    int rc = 0;
    json_array_foreach(records, i, rec) {
        rc = trainings_mark(c, t.id, json_integer_value(json_object_get(rec, "application_id")),
                            day, json_string_value(json_object_get(rec, "status")),
                            r->user->username);
        if (rc < 0)
            break;
    }
    if (rc == 0)
        rc = req_audit(r, true, "training.attendance", "training", req_id_text(r, t.id), "success",
                       req_json_text(r, json_pack("{s:s, s:O}", "day", day, "records", records)));
    if (rc != 0) {
        db_rollback(c);
        reply_db_error(r, "record attendance");
        return;
    }
    struct attendance_mark *marks;
    int n;
    if (db_commit(c) < 0 || trainings_day(c, &r->arena, t.id, day, &marks, &n) < 0) {
        reply_db_error(r, "record attendance");
        return;
    }
    reply_json(r, 200, day_to_json(day, marks, n));
}

void api_trainings_attendance_day(struct req *r)
{
    struct training t;
    if (!training_in_scope_or_reply(r, &t))
        return;
    const char *day = r->nparams > 1 ? r->params[1] : NULL;
    struct date d;
    if (!date_parse(day, &d)) {
        reply_field_error(r, 422, "validation_failed", "day", "invalid_date");
        return;
    }
    struct attendance_mark *marks;
    int n;
    if (trainings_day(req_db(r), &r->arena, t.id, day, &marks, &n) < 0) {
        reply_db_error(r, "read attendance");
        return;
    }
    reply_json_audited(r, 200, day_to_json(day, marks, n), "training.attendance.read", "training",
                       req_id_text(r, t.id),
                       req_json_text(r, json_pack("{s:s, s:i}", "day", day, "count", n)));
}

void api_trainings_attendance(struct req *r)
{
    struct training t;
    if (!training_in_scope_or_reply(r, &t))
        return;
    struct attendance_day *days;
    int n;
    if (trainings_days(req_db(r), &r->arena, t.id, &days, &n) < 0) {
        reply_db_error(r, "read attendance");
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < n; i++)
        json_array_append_new(items, json_pack("{s:s, s:I, s:I, s:I}", "day", days[i].day,
                                               "present", (json_int_t)days[i].present, "absent",
                                               (json_int_t)days[i].absent, "excused",
                                               (json_int_t)days[i].excused));
    reply_json(r, 200, json_pack("{s:o, s:n}", "items", items, "next"));
}
