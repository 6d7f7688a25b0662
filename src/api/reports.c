/* Results against targets: a programme's bilan (targets vs achieved by region,
 * applications by status, registrations over time) for staff and analysts, and
 * anonymised public statistics in which any count under 5 is suppressed, so that
 * no small group of women can be singled out. */
#include "api/handlers.h"

#include "core/util.h"
#include "domain/regions.h"
#include "domain/workflow.h"
#include "store/programs.h"
#include "store/reports.h"

#include <string.h>

#define SMALL_CELL 5

/* States that count as registered against a target (API.md: all but these). */
static bool counts_as_registered(const char *status)
{
    return strcmp(status, "withdrawn") != 0 && strcmp(status, "ineligible") != 0;
}

/* Per region: target, registered, by status; `index` of a region = its position. */
struct region_figures {
    int64_t target, registered, by_status[APP_STATE_COUNT];
};

static int gather(struct req *r, const struct program *p, struct region_figures *fig)
{
    memset(fig, 0, sizeof *fig * regions_count());
    for (size_t i = 0; i < regions_count(); i++)
        fig[i].target = -1;
    struct program_target *targets;
    int nt;
    if (programs_targets(req_db(r), &r->arena, p->id, &targets, &nt) < 0)
        return -1;
    for (int i = 0; i < nt; i++) {
        const struct region *reg = region_find(targets[i].region);
        if (reg)
            fig[reg - region_at(0)].target = targets[i].beneficiaries;
    }
    struct status_count *counts;
    int nc;
    if (reports_status_counts(req_db(r), &r->arena, p->id, &counts, &nc) < 0)
        return -1;
    for (int i = 0; i < nc; i++) {
        const struct region *reg = region_find(counts[i].region);
        int state = app_state_parse(counts[i].status);
        if (!reg || state < 0)
            continue;
        struct region_figures *f = &fig[reg - region_at(0)];
        f->by_status[state] += counts[i].applications;
        if (counts_as_registered(counts[i].status))
            f->registered += counts[i].applications;
    }
    return 0;
}

static json_t *status_object(const int64_t by_status[APP_STATE_COUNT])
{
    json_t *o = json_object();
    for (int s = 0; s < APP_STATE_COUNT; s++)
        json_object_set_new(o, app_state_name((enum app_state)s), json_integer(by_status[s]));
    return o;
}

static json_t *attainment(int64_t registered, int64_t target)
{
    return target > 0 ? json_real((double)registered / (double)target) : json_null();
}

void api_reports_bilan(struct req *r)
{
    const char *format = req_query(r, "format");
    if (format && strcmp(format, "json") != 0) {
        reply_field_error(r, 422, "validation_failed", "format", "invalid_value");
        return;
    }
    struct program p;
    if (!program_or_reply(r, r->params[0], &p))
        return;
    struct region_figures *fig = arena_alloc(&r->arena, sizeof *fig * regions_count());
    if (gather(r, &p, fig) < 0) {
        reply_db_error(r, "bilan");
        return;
    }
    json_t *regions = json_array();
    struct region_figures total = {.target = 0};
    for (size_t i = 0; i < regions_count(); i++) {
        const struct region *reg = region_at(i);
        json_array_append_new(
            regions, json_pack("{s:s, s:s, s:s, s:o, s:I, s:o, s:o}", "region", reg->code,
                               "name_fr", reg->name_fr, "name_ar", reg->name_ar, "target",
                               fig[i].target >= 0 ? json_integer(fig[i].target) : json_null(),
                               "registered", (json_int_t)fig[i].registered, "attainment",
                               attainment(fig[i].registered, fig[i].target), "by_status",
                               status_object(fig[i].by_status)));
        total.target += fig[i].target > 0 ? fig[i].target : 0;
        total.registered += fig[i].registered;
        for (int s = 0; s < APP_STATE_COUNT; s++)
            total.by_status[s] += fig[i].by_status[s];
    }
    struct day_count *days;
    int nd;
    if (reports_daily(req_db(r), &r->arena, p.id, NULL, &days, &nd) < 0) {
        json_decref(regions);
        reply_db_error(r, "bilan");
        return;
    }
    json_t *over_time = json_array();
    for (int i = 0; i < nd; i++)
        json_array_append_new(over_time, json_pack("{s:s, s:I}", "date", days[i].day,
                                                   "registrations",
                                                   (json_int_t)days[i].registrations));
    char now[21];
    now_rfc3339(now);
    reply_json(r, 200,
               json_pack("{s:s, s:s, s:s, s:s, s:o, s:{s:I, s:I, s:o, s:o}, s:o}", "program",
                         p.code, "name_fr", p.name_fr, "name_ar", p.name_ar, "generated_at", now,
                         "regions", regions, "totals", "target", (json_int_t)total.target,
                         "registered", (json_int_t)total.registered, "attainment",
                         attainment(total.registered, total.target), "by_status",
                         status_object(total.by_status), "over_time", over_time));
}

/* A count as published: the number, or null when under SMALL_CELL (and not 0). */
static json_t *public_cell(int64_t n)
{
    return n > 0 && n < SMALL_CELL ? json_null() : json_integer(n);
}

void api_stats_public(struct req *r)
{
    struct program p;
    if (!program_or_reply(r, req_query(r, "program"), &p))
        return;
    struct region_figures *fig = arena_alloc(&r->arena, sizeof *fig * regions_count());
    if (gather(r, &p, fig) < 0) {
        reply_db_error(r, "public statistics");
        return;
    }
    json_t *regions = json_array();
    int64_t registered = 0;
    for (size_t i = 0; i < regions_count(); i++) {
        const struct region *reg = region_at(i);
        int64_t accepted = fig[i].by_status[APP_ACCEPTED] + fig[i].by_status[APP_IN_TRAINING] +
                           fig[i].by_status[APP_INCUBATED] +
                           fig[i].by_status[APP_ENTERPRISE_CREATED];
        json_array_append_new(
            regions, json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "region", reg->code,
                               "name_fr", reg->name_fr, "name_ar", reg->name_ar, "target",
                               fig[i].target >= 0 ? json_integer(fig[i].target) : json_null(),
                               "registered", public_cell(fig[i].registered), "accepted",
                               public_cell(accepted), "enterprises",
                               public_cell(fig[i].by_status[APP_ENTERPRISE_CREATED])));
        registered += fig[i].registered;
    }
    req_add_header(r, "Cache-Control", "public, max-age=300");
    reply_json(r, 200, json_pack("{s:s, s:s, s:s, s:o, s:i, s:o}", "program", p.code, "name_fr",
                                 p.name_fr, "name_ar", p.name_ar, "registered",
                                 public_cell(registered), "suppressed_below", SMALL_CELL,
                                 "regions", regions));
}
