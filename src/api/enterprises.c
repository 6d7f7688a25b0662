/* Enterprises created by beneficiaries and their follow-up at 6, 12 and 24 months
 * (still active, jobs, revenue band), and the survival report per programme and
 * region that the ministry asks about.
 *
 * Creating the enterprise of an incubated application moves it to
 * enterprise_created through the state machine, with its history row and audit
 * entry, in the same transaction. An enterprise names its beneficiary, so every
 * read is audited like a read of the application; one outside the caller's region
 * answers 404. The survival report holds counts only and is national. */
#include "api/handlers.h"

#include "core/util.h"
#include "domain/dates.h"
#include "domain/enterprise.h"
#include "domain/regions.h"
#include "domain/workflow.h"
#include "store/applications.h"
#include "store/enterprises.h"
#include "store/programs.h"

#include <stdlib.h>
#include <string.h>

#define ENTERPRISE_NAME_MAX 200
#define ENTERPRISE_TEXT_MAX 2000
#define ENTERPRISE_JOBS_MAX 100000

static json_t *enterprise_to_json(const struct enterprise *e)
{
    return json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:{s:s?, s:s?, s:s?, s:s?}, s:s, s:s, s:s, "
                     "s:s, s:I, s:s?, s:s, s:s}",
                     "id", (json_int_t)e->id, "application_id", (json_int_t)e->application_id,
                     "reference", e->reference, "program", e->program_code, "region", e->region,
                     "province", e->province, "beneficiary", "first_name", e->first_name,
                     "last_name", e->last_name, "first_name_ar", e->first_name_ar,
                     "last_name_ar", e->last_name_ar, "name", e->name, "sector", e->sector,
                     "legal_form", e->legal_form, "created_on", e->created_on, "jobs_created",
                     (json_int_t)e->jobs_created, "description", e->description, "created_at",
                     e->created_at, "updated_at", e->updated_at);
}

static json_t *followup_to_json(const struct followup *f)
{
    return json_pack("{s:s, s:b, s:I, s:s, s:s?, s:s, s:s, s:s}", "followed_on", f->followed_on,
                     "still_active", f->still_active, "jobs", (json_int_t)f->jobs,
                     "revenue_band", f->revenue_band, "note", f->note, "recorded_by", f->actor,
                     "recorded_at", f->recorded_at, "updated_at", f->updated_at);
}

/* The enterprise with its three milestones: the day each is reached and its
 * follow-up (null until recorded). NULL when the follow-ups cannot be read. */
static json_t *enterprise_detail(struct req *r, const struct enterprise *e)
{
    struct followup *list;
    int n;
    struct date created;
    if (enterprises_followups(req_db(r), &r->arena, e->id, &list, &n) < 0 ||
        !date_parse(e->created_on, &created))
        return NULL;
    json_t *milestones = json_array();
    for (int i = 0; i < ENTERPRISE_MILESTONE_COUNT; i++) {
        int months = enterprise_milestones[i];
        char due[11];
        date_format(enterprise_milestone_date(created, months), due);
        json_t *followup = json_null();
        for (int j = 0; j < n; j++)
            if (list[j].milestone == months) {
                json_decref(followup);
                followup = followup_to_json(&list[j]);
            }
        json_array_append_new(milestones, json_pack("{s:i, s:s, s:o}", "months", months,
                                                    "due_on", due, "followup", followup));
    }
    json_t *o = enterprise_to_json(e);
    json_object_set_new(o, "milestones", milestones);
    return o;
}

/* The enterprise of path parameter 0 if the caller's scope covers it, or answers
 * 404. */
static bool enterprise_in_scope_or_reply(struct req *r, struct enterprise *e)
{
    int64_t id = req_id_param_or_reply(r, 0);
    if (!id)
        return false;
    int rc = enterprises_by_id(req_db(r), &r->arena, id, e);
    if (rc < 0) {
        reply_db_error(r, "read enterprise");
        return false;
    }
    if (rc == 0 || !authz_sees_region(r->user, e->region)) {
        reply_error(r, 404, "not_found");
        return false;
    }
    return true;
}

/* Reads one closed-list member: required when `required`, else only when present. */
static void read_choice(struct field_errors *fe, json_t *body, const char *name, bool required,
                        bool (*valid)(const char *), const char **slot)
{
    if (!required && !json_object_get(body, name))
        return;
    const char *v = body_required_text(fe, body, name, 32);
    if (v && !valid(v))
        field_error(fe, name, "invalid_value");
    else if (v)
        *slot = v;
}

static const char *const enterprise_fields[] = {"application_id", "name", "sector", "legal_form",
                                                "created_on", "jobs_created", "description",
                                                "note", NULL};

/* Reads the enterprise's own fields present in `body` over *e (all of them when
 * creating). */
static void read_enterprise_fields(struct field_errors *fe, json_t *body, struct enterprise *e,
                                   bool creating)
{
    if (creating || json_object_get(body, "name")) {
        const char *v = body_required_text(fe, body, "name", ENTERPRISE_NAME_MAX);
        if (v)
            e->name = v;
    }
    read_choice(fe, body, "sector", creating, enterprise_sector_valid, &e->sector);
    read_choice(fe, body, "legal_form", creating, enterprise_legal_form_valid, &e->legal_form);
    if (creating || json_object_get(body, "created_on")) {
        struct date d;
        const char *v = body_date_field(fe, body, "created_on", &d);
        if (!v && !body_member_present(body, "created_on"))
            field_error(fe, "created_on", "required");
        else if (v && date_compare(d, date_today_utc()) > 0)
            field_error(fe, "created_on", "out_of_range");   /* not created yet */
        else if (v)
            e->created_on = v;
    }
    if (creating || json_object_get(body, "jobs_created")) {
        if (!body_int_field(fe, body, "jobs_created", 0, ENTERPRISE_JOBS_MAX, &e->jobs_created) &&
            !body_member_present(body, "jobs_created"))
            field_error(fe, "jobs_created", "required");
    }
    if (json_object_get(body, "description"))
        e->description = json_multiline_field(fe, body, "description", ENTERPRISE_TEXT_MAX);
}

void api_enterprises_create(struct req *r)
{
    json_t *body = req_object_or_reply(r, enterprise_fields);
    if (!body)
        return;
    struct field_errors fe;
    req_field_errors(r, &fe);
    struct enterprise e = {0};
    if (!body_int_field(&fe, body, "application_id", 1, INT64_MAX, &e.application_id) &&
        !body_member_present(body, "application_id"))
        field_error(&fe, "application_id", "required");
    read_enterprise_fields(&fe, body, &e, true);
    const char *note = json_string_field(&fe, body, "note", 1000);
    if (e.application_id) {
        /* An application out of scope is not told apart from one that does not exist. */
        struct application a;
        int rc = applications_by_id(req_db(r), &r->arena, e.application_id, &a);
        if (rc < 0) {
            field_errors_free(&fe);
            reply_db_error(r, "read application");
            return;
        }
        if (rc == 0 || !authz_sees_region(r->user, a.region))
            field_error(&fe, "application_id", "not_found");
    }
    if (field_errors_reply(r, &fe))
        return;

    struct db_conn *c = req_begin_or_reply(r);
    if (!c)
        return;
    /* Decided under the application's lock: state, programme and region are the
     * ones at commit. */
    char status[ENTERPRISE_STATUS_SIZE];
    int found = enterprises_lock_application(c, &r->arena, e.application_id, status,
                                             &e.program_id, &e.region, &e.province);
    if (found < 0) {
        db_rollback(c);
        reply_db_error(r, "lock application");
        return;
    }
    int state = found == 1 ? app_state_parse(status) : -1;
    if (found == 0 || !authz_sees_region(r->user, e.region)) {
        db_rollback(c);
        reply_field_error(r, 422, "validation_failed", "application_id", "not_found");
        return;
    }
    if (state != APP_INCUBATED && state != APP_ENTERPRISE_CREATED) {
        db_rollback(c);
        reply_field_error(r, 409, "invalid_transition", "application_id", "invalid_transition");
        return;
    }
    int rc = enterprises_insert(c, &e);
    if (rc == DB_EUNIQUE) {
        db_rollback(c);
        reply_field_error(r, 409, "duplicate", "application_id", "duplicate");
        return;
    }
    bool moved = rc == 0 && state == APP_INCUBATED &&
                 workflow_allows(APP_INCUBATED, APP_ENTERPRISE_CREATED);
    if (moved) {
        const char *why = note ? note
                               : arena_printf(&r->arena, "enterprise %lld created",
                                              (long long)e.id);
        rc = applications_transition(c, e.application_id, "incubated", "enterprise_created",
                                     r->user->id, r->user->username, why);
        if (rc == 0)
            rc = req_audit(r, true, "application.transition", "application",
                           req_id_text(r, e.application_id), "success",
                           req_json_text(r, json_pack("{s:s, s:s, s:I}", "from", "incubated", "to",
                                                     "enterprise_created", "enterprise",
                                                     (json_int_t)e.id)));
    }
    if (rc == 0)
        rc = req_audit(r, true, "enterprise.create", "enterprise", req_id_text(r, e.id), "success",
                       req_json_text(r, json_pack("{s:I, s:s, s:s}", "application_id",
                                                 (json_int_t)e.application_id, "sector",
                                                 e.sector, "created_on", e.created_on)));
    if (rc != 0) {
        db_rollback(c);
        if (rc == 1)   /* moved by someone else despite the lock: say so, do not guess */
            reply_field_error(r, 409, "invalid_transition", "application_id",
                              "invalid_transition");
        else
            reply_db_error(r, "create enterprise");
        return;
    }
    json_t *out;
    if (db_commit(c) < 0 || enterprises_by_id(c, &r->arena, e.id, &e) != 1 ||
        !(out = enterprise_detail(r, &e))) {
        reply_db_error(r, "create enterprise");
        return;
    }
    req_add_header(r, "Location",
                   arena_printf(&r->arena, "/api/v1/enterprises/%lld", (long long)e.id));
    reply_json(r, 201, out);
}

void api_enterprises_list(struct req *r)
{
    int limit;
    int64_t after;
    if (!req_page_or_reply(r, &limit, &after))
        return;
    struct enterprise_filter f = {.limit = limit + 1, .after = after};
    struct field_errors fe;
    req_field_errors(r, &fe);
    if (!program_query_or_reply(r, &fe, &f.program_id))
        return;
    f.region = req_query(r, "region");
    if (f.region && !region_find(f.region))
        field_error(&fe, "region", "invalid_value");
    f.sector = req_query(r, "sector");
    if (f.sector && !enterprise_sector_valid(f.sector))
        field_error(&fe, "sector", "invalid_value");
    const char *due = req_query(r, "followup_due");
    if (due) {
        int64_t months;
        if (!parse_int64(due, 1, 24, &months) || enterprise_milestone_index(months) < 0) {
            field_error(&fe, "followup_due", "invalid_value");
        } else {
            char *cutoff = arena_alloc(&r->arena, 11);
            date_format(enterprise_due_cutoff(date_today_utc(), (int)months), cutoff);
            f.due_milestone = (int)months;
            f.due_cutoff = cutoff;
        }
    }
    if (field_errors_reply(r, &fe))
        return;
    f.region = req_list_region(r, f.region);
    struct enterprise *list;
    int n;
    if (enterprises_list(req_db(r), &r->arena, &f, &list, &n) < 0) {
        reply_db_error(r, "list enterprises");
        return;
    }
    json_t *items = json_array();
    for (int i = 0; i < n && i < limit; i++)
        json_array_append_new(items, enterprise_to_json(&list[i]));
    /* Each item names its beneficiary: a read of personal data. */
    reply_json_audited(r, 200, req_page_json(r, items, n > limit ? list[limit - 1].id : 0),
                       "enterprise.list", "enterprise", NULL,
                       req_json_text(r, json_pack("{s:i}", "count", n > limit ? limit : n)));
}

void api_enterprises_get(struct req *r)
{
    struct enterprise e;
    if (!enterprise_in_scope_or_reply(r, &e))
        return;
    json_t *out = enterprise_detail(r, &e);
    if (!out) {
        reply_db_error(r, "read follow-ups");
        return;
    }
    reply_json_audited(r, 200, out, "enterprise.read", "enterprise", req_id_text(r, e.id), NULL);
}

/* The first follow-up that a creation date of `created` would put before its
 * milestone, as its milestone in months; 0 when none. */
static int followup_before_milestone(const struct followup *list, int n, struct date created)
{
    for (int i = 0; i < n; i++) {
        struct date on;
        if (date_parse(list[i].followed_on, &on) &&
            date_compare(on, enterprise_milestone_date(created, list[i].milestone)) < 0)
            return list[i].milestone;
    }
    return 0;
}

void api_enterprises_update(struct req *r)
{
    json_t *body = req_object_or_reply(r, enterprise_fields);
    if (!body)
        return;
    struct enterprise e;
    if (!enterprise_in_scope_or_reply(r, &e))
        return;
    struct field_errors fe;
    req_field_errors(r, &fe);
    if (json_object_get(body, "application_id"))
        field_error(&fe, "application_id", "invalid_value");   /* whose it is does not change */
    if (json_object_get(body, "note"))
        field_error(&fe, "note", "unknown_field");
    read_enterprise_fields(&fe, body, &e, false);
    if (field_errors_reply(r, &fe))
        return;
    struct db_conn *c = req_begin_or_reply(r);
    if (!c)
        return;
    /* A new creation date must keep every recorded follow-up on or after its
     * milestone. Read inside the transaction, with the write it decides. */
    struct followup *list;
    int n;
    struct date created;
    int rc = enterprises_followups(c, &r->arena, e.id, &list, &n);
    if (rc == 0 && date_parse(e.created_on, &created) &&
        followup_before_milestone(list, n, created)) {
        db_rollback(c);
        reply_field_error(r, 422, "validation_failed", "created_on", "milestone_not_reached");
        return;
    }
    if (rc == 0)
        rc = enterprises_update(c, &e);
    if (rc < 0 || req_audit(r, true, "enterprise.update", "enterprise", req_id_text(r, e.id),
                            "success", req_json_text(r, json_deep_copy(body))) < 0) {
        db_rollback(c);
        reply_db_error(r, "update enterprise");
        return;
    }
    json_t *out;
    if (db_commit(c) < 0 || enterprises_by_id(c, &r->arena, e.id, &e) != 1 ||
        !(out = enterprise_detail(r, &e))) {
        reply_db_error(r, "update enterprise");
        return;
    }
    reply_json(r, 200, out);
}

static const char *const followup_fields[] = {"milestone", "followed_on", "still_active", "jobs",
                                              "revenue_band", "note", NULL};

/* Reads the follow-up fields present over *f (all of them when creating) and
 * checks the whole against the enterprise's creation date and today. */
static void read_followup_fields(struct field_errors *fe, json_t *body,
                                 const struct enterprise *e, struct followup *f, bool creating)
{
    if (creating || json_object_get(body, "followed_on")) {
        struct date on;
        const char *v = body_date_field(fe, body, "followed_on", &on);
        if (!v && !body_member_present(body, "followed_on"))
            field_error(fe, "followed_on", "required");
        else if (v && date_compare(on, date_today_utc()) > 0)
            field_error(fe, "followed_on", "out_of_range");   /* a visit yet to happen */
        else if (v)
            f->followed_on = v;
    }
    if (creating || json_object_get(body, "still_active")) {
        int active = body_bool_field(fe, body, "still_active");
        if (active < 0 && !body_member_present(body, "still_active"))
            field_error(fe, "still_active", "required");
        else if (active >= 0)
            f->still_active = active == 1;
    }
    /* A closed enterprise has no jobs nor revenue to report: both default to
     * nothing when left out; an active one must say. An explicit null in a
     * correction would erase a required value, so it is refused. */
    bool jobs_given = body_member_present(body, "jobs");
    bool band_given = body_member_present(body, "revenue_band");
    if (jobs_given)
        body_int_field(fe, body, "jobs", 0, ENTERPRISE_JOBS_MAX, &f->jobs);
    else if (!creating && json_object_get(body, "jobs"))
        field_error(fe, "jobs", "required");
    if (band_given)
        read_choice(fe, body, "revenue_band", true, enterprise_revenue_band_valid,
                    &f->revenue_band);
    else if (!creating && json_object_get(body, "revenue_band"))
        field_error(fe, "revenue_band", "required");
    if (creating && !f->still_active) {
        if (!jobs_given)
            f->jobs = 0;
        if (!band_given)
            f->revenue_band = "none";
    } else if (creating) {
        if (!jobs_given)
            field_error(fe, "jobs", "required");
        if (!band_given)
            field_error(fe, "revenue_band", "required");
    }
    if (json_object_get(body, "note"))
        f->note = json_multiline_field(fe, body, "note", ENTERPRISE_TEXT_MAX);

    struct date created, on;
    if (f->followed_on && date_parse(e->created_on, &created) &&
        date_parse(f->followed_on, &on) && f->milestone &&
        date_compare(on, enterprise_milestone_date(created, f->milestone)) < 0)
        field_error(fe, "followed_on", "milestone_not_reached");
}

/* Answers the enterprise with its milestones after a follow-up write. */
static void reply_enterprise(struct req *r, struct enterprise *e, unsigned status)
{
    json_t *out;
    if (enterprises_by_id(req_db(r), &r->arena, e->id, e) != 1 ||
        !(out = enterprise_detail(r, e))) {
        reply_db_error(r, "read enterprise");
        return;
    }
    reply_json(r, status, out);
}

void api_enterprises_add_followup(struct req *r)
{
    json_t *body = req_object_or_reply(r, followup_fields);
    if (!body)
        return;
    struct enterprise e;
    if (!enterprise_in_scope_or_reply(r, &e))
        return;
    struct field_errors fe;
    req_field_errors(r, &fe);
    struct followup f = {0};
    json_t *milestone = json_object_get(body, "milestone");
    if (!body_member_present(body, "milestone"))
        field_error(&fe, "milestone", "required");
    else if (!json_is_integer(milestone))
        field_error(&fe, "milestone", "invalid_type");
    else if (enterprise_milestone_index(json_integer_value(milestone)) < 0)
        field_error(&fe, "milestone", "invalid_value");
    else
        f.milestone = (int)json_integer_value(milestone);
    /* still_active is read before the defaults that depend on it. */
    read_followup_fields(&fe, body, &e, &f, true);
    if (field_errors_reply(r, &fe))
        return;
    struct db_conn *c = req_begin_or_reply(r);
    if (!c)
        return;
    int rc = enterprises_add_followup(c, e.id, &f, r->user->username);
    if (rc == DB_EUNIQUE) {
        db_rollback(c);
        reply_field_error(r, 409, "duplicate", "milestone", "duplicate");
        return;
    }
    if (rc < 0 || req_audit(r, true, "enterprise.followup", "enterprise", req_id_text(r, e.id),
                            "success", req_json_text(r, json_deep_copy(body))) < 0) {
        db_rollback(c);
        reply_db_error(r, "record follow-up");
        return;
    }
    if (db_commit(c) < 0) {
        reply_db_error(r, "record follow-up");
        return;
    }
    reply_enterprise(r, &e, 201);
}

void api_enterprises_update_followup(struct req *r)
{
    static const char *const fields[] = {"followed_on", "still_active", "jobs", "revenue_band",
                                         "note", NULL};
    json_t *body = req_object_or_reply(r, fields);
    if (!body)
        return;
    struct enterprise e;
    if (!enterprise_in_scope_or_reply(r, &e))
        return;
    int64_t months = 0;
    if (r->nparams < 2 || !parse_int64(r->params[1], 1, 24, &months) ||
        enterprise_milestone_index(months) < 0) {
        reply_error(r, 404, "not_found");
        return;
    }
    struct followup *list, f = {0};
    int n;
    if (enterprises_followups(req_db(r), &r->arena, e.id, &list, &n) < 0) {
        reply_db_error(r, "read follow-ups");
        return;
    }
    bool found = false;
    for (int i = 0; i < n && !found; i++)
        if (list[i].milestone == months) {
            f = list[i];
            found = true;
        }
    if (!found) {
        reply_error(r, 404, "not_found");
        return;
    }
    struct field_errors fe;
    req_field_errors(r, &fe);
    read_followup_fields(&fe, body, &e, &f, false);
    if (field_errors_reply(r, &fe))
        return;
    struct db_conn *c = req_begin_or_reply(r);
    if (!c)
        return;
    json_t *details = json_deep_copy(body);
    json_object_set_new(details, "milestone", json_integer(months));
    int rc = enterprises_update_followup(c, e.id, &f, r->user->username);
    if (rc == 1) {   /* removed in between: there is no way to remove one, but say so */
        db_rollback(c);
        json_decref(details);
        reply_error(r, 404, "not_found");
        return;
    }
    if (rc < 0 || req_audit(r, true, "enterprise.followup.update", "enterprise", req_id_text(r, e.id),
                            "success", req_json_text(r, details)) < 0) {
        db_rollback(c);
        reply_db_error(r, "update follow-up");
        return;
    }
    if (db_commit(c) < 0) {
        reply_db_error(r, "update follow-up");
        return;
    }
    reply_enterprise(r, &e, 200);
}

/* ---- The survival report ---- */

struct survival_cell {
    int64_t due, followed, active;
};

static json_t *milestones_to_json(const struct survival_cell cells[ENTERPRISE_MILESTONE_COUNT])
{
    json_t *list = json_array();
    for (int m = 0; m < ENTERPRISE_MILESTONE_COUNT; m++) {
        double rate;
        bool known = enterprise_survival_rate(cells[m].active, cells[m].followed, &rate);
        json_array_append_new(list, json_pack("{s:i, s:I, s:I, s:I, s:o}", "months",
                                              enterprise_milestones[m], "due",
                                              (json_int_t)cells[m].due, "followed",
                                              (json_int_t)cells[m].followed, "active",
                                              (json_int_t)cells[m].active, "rate",
                                              known ? json_real(rate) : json_null()));
    }
    return list;
}

void api_reports_enterprises(struct req *r)
{
    struct program p;
    if (!program_or_reply(r, r->params[0], &p))
        return;
    /* ?as_of= replays the report on an earlier day: only enterprises created and
     * follow-ups made by then count. */
    struct date today = date_today_utc(), as_of = today;
    const char *as_of_text = req_query(r, "as_of");
    if (as_of_text && !date_parse(as_of_text, &as_of)) {
        reply_field_error(r, 422, "validation_failed", "as_of", "invalid_date");
        return;
    }
    if (date_compare(as_of, today) > 0) {
        reply_field_error(r, 422, "validation_failed", "as_of", "out_of_range");
        return;
    }
    char as_of_iso[11];
    date_format(as_of, as_of_iso);

    size_t nregions = regions_count();
    struct survival_cell(*cells)[ENTERPRISE_MILESTONE_COUNT] =
        arena_zalloc(&r->arena, sizeof *cells * (nregions ? nregions : 1));
    struct survival_cell national[ENTERPRISE_MILESTONE_COUNT] = {{0}};
    for (int m = 0; m < ENTERPRISE_MILESTONE_COUNT; m++) {
        char cutoff[11];
        date_format(enterprise_due_cutoff(as_of, enterprise_milestones[m]), cutoff);
        struct survival_row *rows;
        int n;
        if (enterprises_survival(req_db(r), &r->arena, p.id, NULL, enterprise_milestones[m],
                                 cutoff, as_of_iso, &rows, &n) < 0) {
            reply_db_error(r, "survival report");
            return;
        }
        for (int i = 0; i < n; i++) {
            const struct region *reg = region_find(rows[i].region);
            if (!reg)
                continue;   /* every stored region comes from the map; skip rather than guess */
            struct survival_cell *cell = &cells[reg - region_at(0)][m];
            cell->due = rows[i].due;
            cell->followed = rows[i].followed;
            cell->active = rows[i].active;
            national[m].due += rows[i].due;
            national[m].followed += rows[i].followed;
            national[m].active += rows[i].active;
        }
    }
    json_t *regions = json_array();
    for (size_t i = 0; i < nregions; i++) {
        const struct region *reg = region_at(i);
        json_array_append_new(regions, json_pack("{s:s, s:s, s:s, s:o}", "region", reg->code,
                                                 "name_fr", reg->name_fr, "name_ar",
                                                 reg->name_ar, "milestones",
                                                 milestones_to_json(cells[i])));
    }
    reply_json(r, 200, json_pack("{s:s, s:s, s:o, s:{s:o}}", "program", p.code, "as_of",
                                 as_of_iso, "regions", regions, "national", "milestones",
                                 milestones_to_json(national)));
}
