/* `sanad demo`: fills an empty database with demonstration data: the ministry and
 * its twelve regional offices, one account per kind of staff, the example
 * entrepreneurship and leadership programme with 3,000 places in each region
 * (36,000 nationally), a few thousand applications to it across every region and
 * state, registered over the last two years through the same rules as online
 * registrations, a training in each region with attendance, and the enterprises
 * of the beneficiaries with their 6-, 12- and 24-month follow-ups. All in one
 * transaction; a database that already has the demo programme is left as it is. */
#include "cli/cli.h"

#include "cli/people.h"

#include "core/util.h"
#include "domain/dates.h"
#include "domain/enterprise.h"
#include "domain/regions.h"
#include "domain/search_keys.h"
#include "domain/workflow.h"
#include "store/applications.h"
#include "security/password.h"
#include "store/accounts.h"
#include "store/audit.h"
#include "store/enterprises.h"
#include "store/programs.h"
#include "store/trainings.h"

#include <stdio.h>
#include <time.h>
#include <string.h>

#define DEMO_PROGRAM "JISR"
#define DEMO_TARGET_PER_REGION 3000
#define DEMO_APPLICATIONS 3000
#define DEMO_DAYS (2 * 365)   /* the programme's life so far: follow-ups fall due */

struct demo_account {
    const char *username, *password, *full_name;
    enum role role;
    const char *region;
};

static const struct demo_account accounts[] = {
    {"admin", "sanad-demo-admin", "Amina Admin", ROLE_ADMIN, NULL},
    {"officer", "sanad-demo-officer", "Nadia Bennani", ROLE_NATIONAL_OFFICER, NULL},
    {"coord.souss", "sanad-demo-coord", "Khadija Ait Lahcen", ROLE_REGIONAL_COORDINATOR, "MA-09"},
    {"coord.casa", "sanad-demo-coord", "Salma Berrada", ROLE_REGIONAL_COORDINATOR, "MA-06"},
    {"analyst", "sanad-demo-analyst", "Youssef Alami", ROLE_ANALYST, NULL},
};

static int audit_demo(struct db_conn *c, const char *action, const char *type, int64_t id)
{
    char at[21], object[24];
    now_rfc3339(at);
    snprintf(object, sizeof object, "%lld", (long long)id);
    struct audit_entry e = {.at = at, .actor = "demo", .action = action, .object_type = type,
                            .object_id = object, .outcome = "success"};
    return audit_append(c, &e);
}

static int create_organisations(struct db_conn *c, int64_t *ministry)
{
    struct organisation o = {.name = "Ministère de la Solidarité, de l'Insertion Sociale et "
                                     "de la Famille",
                             .kind = "ministry"};
    if (accounts_organisation_insert(c, &o) < 0 || audit_demo(c, "organisation.create",
                                                               "organisation", o.id) < 0)
        return -1;
    *ministry = o.id;
    for (size_t i = 0; i < regions_count(); i++) {
        const struct region *reg = region_at(i);
        char name[200];
        snprintf(name, sizeof name, "Délégation régionale %s", reg->name_fr);
        struct organisation office = {.name = name, .kind = "regional_office",
                                      .region = reg->code};
        if (accounts_organisation_insert(c, &office) < 0 ||
            audit_demo(c, "organisation.create", "organisation", office.id) < 0)
            return -1;
    }
    return 0;
}

static int create_accounts(struct db_conn *c, int64_t ministry)
{
    for (size_t i = 0; i < ARRAY_LEN(accounts); i++) {
        const struct demo_account *d = &accounts[i];
        char hash[PASSWORD_HASH_MAX];
        if (password_hash(d->password, hash) != 0)
            return -1;
        struct user u = {.username = d->username, .full_name = d->full_name, .role = d->role,
                         .region = d->region, .organisation_id = d->region ? 0 : ministry,
                         .active = true};
        if (accounts_user_insert(c, &u, hash) < 0 || audit_demo(c, "user.create", "user", u.id) < 0)
            return -1;
    }
    return 0;
}

static int walk(struct db_conn *c, struct people *gen, int64_t id)
{
    const struct fate *f = people_fate(gen);
    for (int step = 1; step < f->steps; step++)
        if (applications_transition(c, id, app_state_name(f->path[step - 1]),
                                    app_state_name(f->path[step]), 0, "demo", NULL) != 0)
            return -1;
    return 0;
}

static int create_applications(struct db_conn *c, const struct program *p)
{
    struct people *gen = people_new(2026);
    if (!gen)
        return -1;
    struct arena a;
    arena_init(&a);
    struct date today = date_today_utc();
    time_t now = time(NULL);
    int rc = 0;
    for (int i = 0; i < DEMO_APPLICATIONS && rc == 0; i++) {
        struct applicant in;
        people_next(gen, &a, (uint64_t)i + 1, &in);
        struct applicant_clean clean;
        struct field_problems problems;
        if (!applicant_validate(&in, today, &clean, &problems))
            continue;   /* the generator keeps to the rules; nothing to store otherwise */
        char created[21];
        format_rfc3339(now - (time_t)people_random(gen, DEMO_DAYS * 86400), created);
        struct new_application n = {.program_id = p->id, .program_code = p->code,
                                    .applicant = &clean, .target = DEMO_TARGET_PER_REGION,
                                    .source = i % 10 == 0 ? "import" : "online",
                                    .actor = "demo", .created_at = created};
        search_keys_for(&a, &clean, &n.keys);
        struct registered done;
        rc = applications_register(c, &n, &done);
        if (rc == DB_EUNIQUE)
            rc = 0;
        else if (rc == 0)
            rc = walk(c, gen, done.id);
        if (i % 256 == 255) {
            arena_free(&a);
            arena_init(&a);
        }
    }
    arena_free(&a);
    people_free(gen);
    return rc;
}

/* The applications of `region` in `status` (every one: a demo region has a few
 * hundred). */
static int applications_in(struct db_conn *c, struct arena *a, const struct program *p,
                           const char *region, const char *status, struct application **out,
                           int *count)
{
    struct application_filter f = {.program_id = p->id, .region = region, .status = status,
                                   .limit = 1000};
    return applications_list(c, a, &f, out, count);
}

/* One training per region, two months ago, with its trainees' attendance. */
static int create_training(struct db_conn *c, struct arena *a, struct people *gen,
                           const struct program *p, const struct region *reg)
{
    struct date first = date_add_months(date_today_utc(), -3);
    first.day = 1;   /* a month-long session, three months ago */
    char starts[11], ends[11];
    date_format(first, starts);
    date_format(date_add_months(first, 1), ends);
    struct training t = {
        .program_id = p->id, .region = reg->code, .province = reg->provinces[0],
        .title = "Leadership et gestion de projet",
        .venue = arena_printf(a, "Incubateur social de %s", reg->provinces[0]),
        .starts_on = starts, .ends_on = ends,
        .trainers = "[\"Nadia Bennani\",\"Youssef Alami\"]", .capacity = 400};
    if (trainings_insert(c, &t) < 0)
        return -1;
    const char *const trained[] = {"in_training", "incubated", "enterprise_created"};
    for (size_t s = 0; s < ARRAY_LEN(trained); s++) {
        struct application *list;
        int n;
        if (applications_in(c, a, p, reg->code, trained[s], &list, &n) < 0)
            return -1;
        for (int i = 0; i < n; i++) {
            if (trainings_enrol(c, t.id, list[i].id, "demo") != 0)
                return -1;
            for (int day = 0; day < 3; day++) {
                char d[11];
                date_format((struct date){first.year, first.month, 1 + day}, d);
                const char *mark = people_random(gen, 10) < 8 ? "present" : "absent";
                if (trainings_mark(c, t.id, list[i].id, d, mark, "demo") < 0)
                    return -1;
            }
            if (s > 0 && trainings_set_completion(c, t.id, list[i].id, true, ends) != 0)
                return -1;
        }
    }
    return 0;
}

static const char *const sectors[] = {"agriculture", "agri_food", "crafts", "textile",
                                      "commerce", "services", "tourism", "digital"};
static const char *const legal_forms[] = {"auto_entrepreneur", "cooperative", "sarl_au",
                                          "individual"};
static const char *const revenue_bands[] = {"lt_50k", "50k_200k", "200k_500k"};

/* The enterprises of a region's beneficiaries, created 6 to 30 months ago, with
 * every follow-up that has fallen due; about one in five has closed. */
static int create_enterprises(struct db_conn *c, struct arena *a, struct people *gen,
                              const struct program *p, const struct region *reg)
{
    struct application *list;
    int n;
    if (applications_in(c, a, p, reg->code, "enterprise_created", &list, &n) < 0)
        return -1;
    struct date today = date_today_utc();
    for (int i = 0; i < n; i++) {
        struct date created = date_add_months(today, -(6 + (int)people_random(gen, 25)));
        char created_on[11];
        date_format(created, created_on);
        struct enterprise e = {
            .application_id = list[i].id, .program_id = p->id, .region = reg->code,
            .province = list[i].province,
            .name = arena_printf(a, "%s %s", list[i].project_idea ? list[i].project_idea
                                                                  : "Entreprise",
                                 list[i].last_name ? list[i].last_name : list[i].reference),
            .sector = sectors[people_random(gen, ARRAY_LEN(sectors))],
            .legal_form = legal_forms[people_random(gen, ARRAY_LEN(legal_forms))],
            .created_on = created_on, .jobs_created = 1 + people_random(gen, 4)};
        if (enterprises_insert(c, &e) < 0)
            return -1;
        bool active = true;
        for (int m = 0; m < ENTERPRISE_MILESTONE_COUNT; m++) {
            struct date due = enterprise_milestone_date(created, enterprise_milestones[m]);
            if (date_compare(due, today) > 0)
                break;
            active = active && people_random(gen, 100) >= 12;
            char on[11];
            date_format(due, on);
            struct followup f = {
                .milestone = enterprise_milestones[m], .followed_on = on,
                .still_active = active, .jobs = active ? e.jobs_created : 0,
                .revenue_band = active ? revenue_bands[people_random(gen, 3)] : "none"};
            if (enterprises_add_followup(c, e.id, &f, "demo") < 0)
                return -1;
        }
    }
    return 0;
}

static int create_trainings_and_enterprises(struct db_conn *c, const struct program *p)
{
    struct people *gen = people_new(7);
    if (!gen)
        return -1;
    struct arena a;
    arena_init(&a);
    int rc = 0;
    for (size_t i = 0; i < regions_count() && rc == 0; i++) {
        rc = create_training(c, &a, gen, p, region_at(i));
        if (rc == 0)
            rc = create_enterprises(c, &a, gen, p, region_at(i));
    }
    arena_free(&a);
    people_free(gen);
    return rc;
}

static int create_program(struct db_conn *c)
{
    struct program p = {
        .code = DEMO_PROGRAM,
        .name_fr = "Programme Jisr pour l'autonomisation et le leadership",
        .name_ar = "برنامج جسر للتمكين والريادة",
        .starts_on = "2024-01-01",
        .ends_on = "2026-12-31",
        .registration_open = true,
        .eligibility = "{\"age_min\":18,\"age_max\":45,\"sexes\":[\"F\"],\"regions\":[]}",
    };
    if (programs_insert(c, &p) < 0 || audit_demo(c, "program.create", "program", p.id) < 0)
        return -1;
    for (size_t i = 0; i < regions_count(); i++)
        if (programs_set_target(c, p.id, region_at(i)->code, DEMO_TARGET_PER_REGION) < 0)
            return -1;
    if (create_applications(c, &p) < 0)
        return -1;
    return create_trainings_and_enterprises(c, &p);
}

int cmd_demo(struct config *cfg)
{
    struct db *db = cli_open_db(cfg, 1);
    if (!db)
        return EXIT_RUNTIME;
    struct db_conn *c = db_acquire(db);
    struct arena a;
    arena_init(&a);
    struct program existing;
    int rc = EXIT_RUNTIME;
    int found = programs_by_code(c, &a, DEMO_PROGRAM, &existing);
    int64_t ministry = 0;
    if (found == 1) {
        printf("demo data already present: nothing changed\n");
        rc = EXIT_OK;
    } else if (found < 0 || db_begin(c) < 0) {
        cli_error("cannot read the database: %s", db_errmsg(c));
    } else if (create_organisations(c, &ministry) < 0 || create_accounts(c, ministry) < 0 ||
               create_program(c) < 0) {
        cli_error("cannot write the demo data (is the database empty?): %s", db_errmsg(c));
        db_rollback(c);
    } else if (db_commit(c) < 0) {
        cli_error("cannot commit the demo data: %s", db_errmsg(c));
    } else {
        printf("demo data created: programme %s with %d places in each of %zu regions, "
               "%d applications\n",
               DEMO_PROGRAM, DEMO_TARGET_PER_REGION, regions_count(), DEMO_APPLICATIONS);
        rc = EXIT_OK;
    }
    if (rc == EXIT_OK) {
        printf("demo accounts (username / password / role):\n");
        for (size_t i = 0; i < ARRAY_LEN(accounts); i++)
            printf("  %-12s %-20s %s%s%s\n", accounts[i].username, accounts[i].password,
                   role_name(accounts[i].role), accounts[i].region ? " " : "",
                   accounts[i].region ? accounts[i].region : "");
    }
    arena_free(&a);
    db_release(c);
    db_close(db);
    return rc;
}
