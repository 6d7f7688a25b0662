/* sanad-bench-gen: fills a database with a country's worth of applications for the
 * benchmarks (bench/run) and the load tests.
 *
 *   sanad-bench-gen --db sqlite:bench.db --applications 1000000 [--seed 1]
 *                   [--batch 10000] [--program MASAR] [--durable] [--no-walk]
 *                   [--via-store] [--quiet]
 *
 * What it writes:
 *   - the schema (migrate_up) and, when absent, the demo data of `sanad demo`
 *     (cmd_demo: ministry, regional offices, the demo accounts admin, officer,
 *     coord.souss, coord.casa, analyst, and the JISR programme with its 3,000
 *     applications);
 *   - a national programme (MASAR by default) open to women aged 18 to 45, with a
 *     target per region in proportion to the region's population (the places are
 *     90 % of the applications generated, so the last comers of the biggest
 *     regions are waitlisted, as in a real campaign);
 *   - N applications. Applicants come from cli/people.h (Moroccan names in both
 *     scripts with realistic frequencies; probable duplicates: the same woman again
 *     under another CIN with her name spelt another way, or a shared phone); the
 *     generator re-draws the region by population share (census 2014) since
 *     people.h draws it uniformly, gives each applicant a CIN of her own from the
 *     whole 2-letter space, and dates them over the 120 days of the campaign
 *     (created_at rises with the id). Each is registered the way online
 *     registration does it (reference number per region, quota, probable-duplicate
 *     lookup, the row, its search words, running totals, daily count, first history
 *     row), then walked along the state machine as staff would move it (history
 *     rows and running totals follow).
 *   Not written: an audit entry per application (the handler writes that, not the
 *   store; `sanad demo` does not either).
 *
 * Two ways to write them, with the same draws and the same rows:
 *   --via-store  applications_register() and applications_transition() for each
 *                one, in transactions of --batch: the reference, slow (about 13 +
 *                5 statements per application);
 *   default      the bulk path: a producer thread computes every row in memory
 *                (numbers, quota, the duplicate lookup with hash maps, fates,
 *                running totals) and the main thread writes them, committing
 *                every --batch: on PostgreSQL with the store's bulk load (a COPY
 *                … FROM STDIN per table for every 200 applications), on SQLite
 *                with multi-row INSERTs (64 rows per statement, cached by the
 *                store). The secondary indexes of applications, tokens and
 *                history are dropped first and built again at the end; on
 *                PostgreSQL their constraints too, but for applications' primary
 *                key (see drop_indexes). The running totals are written once at
 *                the end with the store's upserts. Checked against --via-store:
 *                identical tables (see bench/RESULTS.md).
 *
 * SQLite: unless --durable is given, the generator's own connection runs with
 * synchronous=OFF and a rollback journal instead of the WAL (back to WAL at the
 * end), with a 256 MB page cache and two sorter threads: a bulk load that is simply
 * rerun after a crash (on a fresh database: the indexes are missing until the
 * end). The server always opens the database with synchronous=FULL
 * (store/sqlite.c). PostgreSQL: synchronous_commit=off for this session; the
 * index builds keep the server's maintenance_work_mem and parallel workers (a
 * bigger maintenance_work_mem, 256 MB, made them slower). At the
 * end: ANALYZE (SQLite: and a WAL checkpoint; PostgreSQL: and a VACUUM of the
 * three tables), so the server's planner has statistics.
 * Prints rows/s. */
#include "cli/cli.h"
#include "cli/people.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/util.h"
#include "domain/applicant.h"
#include "domain/regions.h"
#include "domain/search_keys.h"
#include "domain/workflow.h"
#include "store/applications.h"
#include "store/db.h"
#include "store/programs.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CAMPAIGN_DAYS 120

/* Share of the population per region, in ten-thousandths (RGPH 2014), MA-01 … MA-12. */
static const int region_weight[12] = {1056, 686, 1252, 1357, 739, 2014,
                                      1337, 475, 790, 127, 109, 42};

struct options {
    const char *db, *program;
    long long applications, seed, batch;
    bool durable, walk, quiet, via_store;
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: sanad-bench-gen --db URL [--applications N] [--seed S] [--batch B]\n"
            "                       [--program CODE] [--durable] [--no-walk] [--via-store]\n"
            "                       [--quiet]\n"
            "  --db            sqlite:PATH or postgresql://user:pass@host/db\n"
            "  --applications  how many applications to add (default 1000000)\n"
            "  --seed          seed of the reproducible sequence (default 1)\n"
            "  --batch         registrations per transaction (default 10000)\n"
            "  --program       programme to fill, created when absent (default MASAR)\n"
            "  --durable       SQLite: keep synchronous=FULL (default: OFF for the load)\n"
            "  --no-walk       leave every application as registered\n"
            "  --via-store     register each application through applications_register()\n"
            "                  and applications_transition() (slow; the reference the\n"
            "                  default bulk path is checked against)\n");
}

static int parse_args(int argc, char **argv, struct options *o)
{
    *o = (struct options){.program = "MASAR", .applications = 1000000, .seed = 1,
                          .batch = 10000, .walk = true};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0) {
            usage(stdout);
            exit(0);
        } else if (strcmp(a, "--durable") == 0) {
            o->durable = true;
        } else if (strcmp(a, "--no-walk") == 0) {
            o->walk = false;
        } else if (strcmp(a, "--via-store") == 0) {
            o->via_store = true;
        } else if (strcmp(a, "--quiet") == 0) {
            o->quiet = true;
        } else if (v && strcmp(a, "--db") == 0) {
            o->db = v, i++;
        } else if (v && strcmp(a, "--program") == 0) {
            o->program = v, i++;
        } else if (v && (strcmp(a, "--applications") == 0 || strcmp(a, "--seed") == 0 ||
                         strcmp(a, "--batch") == 0)) {
            char *end;
            long long n = strtoll(v, &end, 10);
            if (*end || n < 0) {
                fprintf(stderr, "sanad-bench-gen: %s takes a number\n", a);
                return 2;
            }
            if (strcmp(a, "--applications") == 0)
                o->applications = n;
            else if (strcmp(a, "--seed") == 0)
                o->seed = n;
            else
                o->batch = n > 0 ? n : 1;
            i++;
        } else {
            fprintf(stderr, "sanad-bench-gen: unknown or incomplete option %s\n", a);
            usage(stderr);
            return 2;
        }
    }
    if (!o->db) {
        fprintf(stderr, "sanad-bench-gen: --db is required\n");
        return 2;
    }
    return 0;
}

static const struct region *weighted_region(struct people *gen)
{
    uint32_t r = people_random(gen, 10000);
    for (size_t i = 0; i < 12 && i < regions_count(); i++) {
        if (r < (uint32_t)region_weight[i])
            return region_at(i);
        r -= (uint32_t)region_weight[i];
    }
    return region_at(regions_count() - 1);
}

/* A CIN of its own for each serial: a bijection of [0, 625,000,000) (the multiplier
 * is prime to 2 and 5) spread over the 625 letter pairs and 6 digits, so that
 * neighbours do not look alike. Two letters then six digits: the registrations of
 * the benchmark use one letter, so they never collide with these. */
static void cin_for(uint64_t serial, char out[CIN_SIZE])
{
    static const char letters[] = "ABCDEFGHIJKLMNOPRSTUVWXYZ";   /* 25, no Q */
    uint64_t x = (serial * 2654435761ULL) % 625000000ULL;
    uint64_t pair = x / 1000000, digits = x % 1000000;
    snprintf(out, CIN_SIZE, "%c%c%06llu", letters[pair / 25], letters[pair % 25],
             (unsigned long long)digits);
}

/* The programme, created with its targets when absent. */
static int ensure_program(struct db_conn *c, struct arena *a, const struct options *o,
                          struct program *p)
{
    int found = programs_by_code(c, a, o->program, p);
    if (found != 0)
        return found < 0 ? found : 0;
    *p = (struct program){
        .code = o->program,
        .name_fr = "Programme national Masar d'insertion économique des femmes",
        .name_ar = "البرنامج الوطني مسار للإدماج الاقتصادي للنساء",
        .starts_on = "2026-01-01",
        .ends_on = "2028-12-31",
        .registration_open = true,
        .eligibility = "{\"age_min\":18,\"age_max\":45,\"sexes\":[\"F\"],\"regions\":[]}",
    };
    int rc = db_begin(c);
    if (rc == 0)
        rc = programs_insert(c, p);
    long long places = o->applications * 9 / 10;
    for (size_t i = 0; rc == 0 && i < regions_count() && i < 12; i++)
        rc = programs_set_target(c, p->id, region_at(i)->code,
                                 places * region_weight[i] / 10000 + 100);
    if (rc == 0)
        return db_commit(c);
    db_rollback(c);
    return rc;
}

/* ------------------------------------------------------------ the sequence -- */

/* The applicants, in order: both paths draw exactly the same numbers. */
struct sequence {
    struct people *gen;
    struct date today;
    time_t now, start;
    double step;
    int64_t existing;            /* applications of the programme already there */
    const struct region *prev_region;
    const char *prev_province;
    char prev_birth[11], prev_orig_region[8], prev_phone[16];
    char cin[CIN_SIZE];
};

/* The i-th applicant: false when she fails validation (skipped). */
static bool next_applicant(struct sequence *q, struct arena *a, long long i,
                           struct applicant_clean *clean, char created[21], time_t *at,
                           const char **source)
{
    uint64_t serial = (uint64_t)(q->existing + i) + 1;
    struct applicant in;
    people_next(q->gen, a, serial, &in);
    /* The same woman again (people.h keeps her region and birth date): same place. */
    bool again = q->prev_region && strcmp(in.region, q->prev_orig_region) == 0 &&
                 strcmp(in.birth_date, q->prev_birth) == 0;
    snprintf(q->prev_orig_region, sizeof q->prev_orig_region, "%s", in.region);
    snprintf(q->prev_birth, sizeof q->prev_birth, "%s", in.birth_date);
    if (!again) {
        q->prev_region = weighted_region(q->gen);
        q->prev_province = q->prev_region->provinces[people_random(
            q->gen, (uint32_t)q->prev_region->province_count)];
    }
    in.region = q->prev_region->code;
    in.province = q->prev_province;
    /* people.c means one person in a hundred to share the previous one's phone
     * but leaves her none (it clears the applicant, then skips the phone): give
     * her the previous phone, as intended. */
    if (!in.phone && q->prev_phone[0])
        in.phone = q->prev_phone;
    else if (in.phone)
        snprintf(q->prev_phone, sizeof q->prev_phone, "%s", in.phone);
    cin_for(serial, q->cin);
    in.cin = q->cin;
    struct field_problems problems;
    if (!applicant_validate(&in, q->today, clean, &problems)) {
        if (getenv("BENCH_GEN_DEBUG") && problems.count)
            fprintf(stderr, "skipped: %s %s (%s %s / %s %s)\n", problems.items[0].field,
                    problems.items[0].code, in.first_name ? in.first_name : "-",
                    in.last_name ? in.last_name : "-", in.first_name_ar ? in.first_name_ar : "-",
                    in.last_name_ar ? in.last_name_ar : "-");
        return false;
    }
    *at = q->start + (time_t)((double)i * q->step) + (time_t)people_random(q->gen, 60);
    if (*at > q->now)
        *at = q->now;
    format_rfc3339(*at, created);
    *source = people_random(q->gen, 10) == 0 ? "import" : "online";
    return true;
}

/* The fate of a submitted application: the states it walks through after
 * "submitted" (path[1..steps-1]). Same draws as walk(). */
static const struct fate *draw_fate(struct people *gen, bool recent, int *steps)
{
    const struct fate *f = people_fate(gen);
    *steps = f->steps;
    if (recent && *steps > 2)   /* the last days' applications are still being reviewed */
        *steps = 2;
    return f;
}

struct totals {
    long long written, flagged, waitlisted, skipped;
};

/* ------------------------------------------------------- through the store -- */

static int load_via_store(struct db_conn *c, const struct options *o, const struct program *p,
                          const int64_t targets[12], struct sequence *q, struct totals *t)
{
    struct arena a;
    arena_init(&a);
    struct applicant_clean *clean = xmalloc(sizeof *clean);
    double t_start = mono_ms(), t_report = t_start;
    int rc = db_begin(c);
    for (long long i = 0; rc == 0 && i < o->applications; i++) {
        char created[21];
        time_t at;
        const char *source;
        if (!next_applicant(q, &a, i, clean, created, &at, &source)) {
            t->skipped++;
            continue;
        }
        size_t ri = (size_t)(clean->region - region_at(0));
        struct new_application n = {.program_id = p->id, .program_code = p->code,
                                    .applicant = clean, .target = ri < 12 ? targets[ri] : -1,
                                    .source = source, .actor = "applicant",
                                    .created_at = created};
        search_keys_for(&a, clean, &n.keys);
        struct registered done;
        rc = applications_register(c, &n, &done);
        if (rc == DB_EUNIQUE) {
            fprintf(stderr, "sanad-bench-gen: CIN %s taken: rerun on a fresh database\n",
                    clean->cin);
            break;
        }
        if (rc == 0) {
            t->written++;
            t->waitlisted += strcmp(done.status, "waitlisted") == 0;
            t->flagged += done.duplicate_of != 0;
            if (o->walk && strcmp(done.status, "submitted") == 0) {
                int steps;
                const struct fate *f = draw_fate(q->gen, at > q->now - 14 * 86400, &steps);
                for (int s = 1; rc == 0 && s < steps; s++)
                    rc = applications_transition(c, done.id, app_state_name(f->path[s - 1]),
                                                 app_state_name(f->path[s]), 0, "bench",
                                                 NULL);
                if (rc > 0)
                    rc = 0;
            }
        }
        if (rc == 0 && (i + 1) % o->batch == 0) {
            rc = db_commit(c);
            if (rc == 0)
                rc = db_begin(c);
            arena_free(&a);
            arena_init(&a);
            double now = mono_ms();
            if (!o->quiet && now - t_report > 5000) {
                fprintf(stderr, "  %lld applications, %.0f rows/s\n", t->written,
                        (double)t->written * 1000.0 / (now - t_start));
                t_report = now;
            }
        }
    }
    if (rc == 0)
        rc = db_commit(c);
    else
        db_rollback(c);
    free(clean);
    arena_free(&a);
    return rc;
}

/* ------------------------------------------------------------ bulk path -- */

/* A string → smallest id map (open addressing), for the probable-duplicate lookup
 * that the store answers with SQL: the first application of the programme with
 * either name key in either key column, or the same phone. */
struct idmap {
    char **keys;
    int64_t *ids;
    size_t cap, used;
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static void idmap_init(struct idmap *m, size_t cap)
{
    m->cap = cap;
    m->used = 0;
    m->keys = calloc(cap, sizeof *m->keys);
    m->ids = calloc(cap, sizeof *m->ids);
    if (!m->keys || !m->ids)
        abort();
}

static size_t idmap_slot(const struct idmap *m, const char *key)
{
    size_t i = hash_str(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

static void idmap_grow(struct idmap *m)
{
    struct idmap bigger;
    idmap_init(&bigger, m->cap * 2);
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i]) {
            size_t j = idmap_slot(&bigger, m->keys[i]);
            bigger.keys[j] = m->keys[i];
            bigger.ids[j] = m->ids[i];
        }
    bigger.used = m->used;
    free(m->keys);
    free(m->ids);
    *m = bigger;
}

static int64_t idmap_get(const struct idmap *m, const char *key)
{
    if (!key)
        return 0;
    size_t i = idmap_slot(m, key);
    return m->keys[i] ? m->ids[i] : 0;
}

/* Keeps the smallest id seen for key. */
static void idmap_put(struct idmap *m, const char *key, int64_t id)
{
    if (!key)
        return;
    if ((m->used + 1) * 2 > m->cap)
        idmap_grow(m);
    size_t i = idmap_slot(m, key);
    if (!m->keys[i]) {
        m->keys[i] = xstrdup(key);
        m->ids[i] = id;
        m->used++;
    } else if (id < m->ids[i]) {
        m->ids[i] = id;
    }
}

static void idmap_free(struct idmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->ids);
}

static int64_t min_id(int64_t a, int64_t b)
{
    return a && (!b || a < b) ? a : b;
}

/* Rows waiting to be written, per table. */
#define BULK_APPS 200
#define APP_COLS 27
#define TOKEN_COLS 4
#define HISTORY_COLS 7
#define BULK_TOKENS (BULK_APPS * SEARCH_WORDS_MAX)
#define BULK_HISTORY (BULK_APPS * 8)

struct bulk {
    struct db_param apps[BULK_APPS * APP_COLS];
    struct db_param tokens[BULK_TOKENS * TOKEN_COLS];
    struct db_param history[BULK_HISTORY * HISTORY_COLS];
    int napps, ntokens, nhistory;
    struct arena a;   /* the strings the parameters point to */
};

/* A table the bulk path fills, with the columns its rows of parameters give. */
struct bulk_table {
    const char *name, *columns;
    int ncols;
};

static const struct bulk_table applications_table = {
    "applications",
    "id, program_id, reference, status, cin, first_name, last_name, first_name_ar, "
    "last_name_ar, name_key, name_key_ar, birth_date, sex, phone, email, region, province, "
    "commune, education, situation, project_idea, consent_at, flag, duplicate_of, source, "
    "created_at, updated_at",
    APP_COLS};
static const struct bulk_table tokens_table = {
    "application_tokens", "application_id, program_id, region, token", TOKEN_COLS};
static const struct bulk_table history_table = {
    "application_history", "application_id, from_status, to_status, actor_id, actor, at, note",
    HISTORY_COLS};

/* "INSERT INTO t (…) VALUES (?, …), (?, …)" for rows of the table's columns. */
static char *multi_row_sql(struct arena *a, const struct bulk_table *t, int rows)
{
    char *head = arena_printf(a, "INSERT INTO %s (%s) VALUES ", t->name, t->columns);
    size_t head_len = strlen(head);
    char *sql = arena_alloc(a, head_len + (size_t)rows * ((size_t)t->ncols * 2 + 4) + 1);
    char *w = sql;
    memcpy(w, head, head_len);
    w += head_len;
    for (int r = 0; r < rows; r++) {
        *w++ = r ? ',' : ' ';
        *w++ = '(';
        for (int k = 0; k < t->ncols; k++) {
            if (k)
                *w++ = ',';
            *w++ = '?';
        }
        *w++ = ')';
    }
    *w = '\0';
    return sql;
}

/* Inserts n rows in statements of BULK_CHUNK rows, the rest one row at a time:
 * two statement texts per table, each prepared once and then found in the store's
 * statement cache (a direct-mapped cache: many texts would evict each other). */
#define BULK_CHUNK 64
static int insert_rows(struct db_conn *c, struct arena *a, const struct bulk_table *t,
                       const struct db_param *params, int n)
{
    while (n > 0) {
        int k = n >= BULK_CHUNK ? BULK_CHUNK : 1;
        int64_t rc = db_exec(c, multi_row_sql(a, t, k), params, k * t->ncols);
        if (rc < 0)
            return (int)rc;
        params += k * t->ncols;
        n -= k;
    }
    return 0;
}

/* Writes n rows with the store's bulk load (COPY on PostgreSQL), or with
 * multi-row INSERTs where the backend has none (SQLite). */
static int write_rows(struct db_conn *c, struct arena *a, const struct bulk_table *t,
                      const struct db_param *params, int n)
{
    if (n == 0)
        return 0;
    int rc = db_copy_begin(c, t->name, t->columns);
    if (rc == DB_ENOTSUP)
        return insert_rows(c, a, t, params, n);
    if (rc < 0)
        return rc;
    int sent = db_copy_rows(c, params, n, t->ncols);
    rc = db_copy_end(c);
    return sent < 0 ? sent : rc;
}

static int bulk_flush(struct db_conn *c, struct bulk *b)
{
    int rc = write_rows(c, &b->a, &applications_table, b->apps, b->napps);
    if (rc == 0)
        rc = write_rows(c, &b->a, &tokens_table, b->tokens, b->ntokens);
    if (rc == 0)
        rc = write_rows(c, &b->a, &history_table, b->history, b->nhistory);
    b->napps = b->ntokens = b->nhistory = 0;
    arena_free(&b->a);
    arena_init(&b->a);
    return rc;
}

static const char *text_or_null(struct arena *a, const char *s)
{
    return s && *s ? arena_strdup(a, s) : NULL;
}

static void add_history(struct bulk *b, int64_t id, const char *from, const char *to,
                        const char *actor, const char *at)
{
    struct db_param *h = &b->history[b->nhistory++ * HISTORY_COLS];
    h[0] = P_INT(id);
    h[1] = P_TEXT(from);
    h[2] = P_TEXT(to);
    h[3] = P_NULL;
    h[4] = P_TEXT(actor);
    h[5] = P_TEXT(at);
    h[6] = P_NULL;
}

/* Running totals kept in memory and written at the end, as the store's upserts
 * would have left them. */
#define MAX_DAYS 4096
struct running {
    int64_t last_seq[12], counted[12];
    int64_t status_delta[12][APP_STATE_COUNT];
    bool status_touched[12][APP_STATE_COUNT];
    char days[MAX_DAYS][11];
    int64_t day_count[MAX_DAYS][12];
    int ndays;
};

static int day_index(struct running *r, const char *created)
{
    for (int i = r->ndays - 1; i >= 0; i--)   /* created_at rises: the last day first */
        if (strncmp(r->days[i], created, 10) == 0)
            return i;
    if (r->ndays == MAX_DAYS)
        return -1;
    snprintf(r->days[r->ndays], 11, "%.10s", created);
    memset(r->day_count[r->ndays], 0, sizeof r->day_count[0]);
    return r->ndays++;
}

static void count_status(struct running *r, size_t ri, int state, int delta)
{
    r->status_delta[ri][state] += delta;
    r->status_touched[ri][state] = true;
}

static bool counts_against_target(int state)
{
    return state != APP_WITHDRAWN && state != APP_INELIGIBLE;
}

static int write_totals(struct db_conn *c, const struct program *p, const struct running *r)
{
    int64_t rc = 0;
    for (size_t ri = 0; rc >= 0 && ri < 12 && ri < regions_count(); ri++) {
        const char *region = region_at(ri)->code;
        if (r->last_seq[ri])
            rc = db_exec(c,
                         "INSERT INTO reference_counters (program_id, region, last_seq, counted) "
                         "VALUES (?, ?, ?, ?) ON CONFLICT (program_id, region) DO UPDATE SET "
                         "last_seq = excluded.last_seq, counted = excluded.counted",
                         DB_PARAMS(P_INT(p->id), P_TEXT(region), P_INT(r->last_seq[ri]),
                                   P_INT(r->counted[ri])));
        for (int s = 0; rc >= 0 && s < APP_STATE_COUNT; s++)
            if (r->status_touched[ri][s])
                rc = db_exec(c,
                             "INSERT INTO application_counts (program_id, region, status, "
                             "applications) VALUES (?, ?, ?, ?) "
                             "ON CONFLICT (program_id, region, status) DO UPDATE SET "
                             "applications = application_counts.applications + "
                             "excluded.applications",
                             DB_PARAMS(P_INT(p->id), P_TEXT(region),
                                       P_TEXT(app_state_name((enum app_state)s)),
                                       P_INT(r->status_delta[ri][s])));
        for (int d = 0; rc >= 0 && d < r->ndays; d++)
            if (r->day_count[d][ri])
                rc = db_exec(c,
                             "INSERT INTO registrations_daily (program_id, region, day, "
                             "registrations) VALUES (?, ?, ?, ?) "
                             "ON CONFLICT (program_id, day, region) DO UPDATE SET "
                             "registrations = registrations_daily.registrations + "
                             "excluded.registrations",
                             DB_PARAMS(P_INT(p->id), P_TEXT(region), P_TEXT(r->days[d]),
                                       P_INT(r->day_count[d][ri])));
    }
    return rc < 0 ? (int)rc : 0;
}

/* The secondary indexes of the tables the bulk path fills: dropped for the load
 * and built again at the end (a sorted build is far cheaper than a million random
 * inserts into each). Primary keys and the constraints' own indexes stay on
 * SQLite, which cannot drop a constraint. PostgreSQL drops the constraints too,
 * all but the primary key that other tables' foreign keys hang on
 * (applications.id): checking a foreign key for each of the 9 M rows and
 * inserting the tokens' keys in random order cost more than the rest of the load;
 * added back at the end, each is checked once over the whole table. */
struct saved_index {
    char *drop_sql, *create_sql;
};

static const char *const saved_index_queries[2][2] = {
    {"SELECT 'DROP INDEX ' || name, sql FROM sqlite_master WHERE type = 'index' "
     "AND sql IS NOT NULL "
     "AND tbl_name IN ('applications', 'application_tokens', 'application_history')",
     NULL},
    {"SELECT 'DROP INDEX ' || quote_ident(indexname), indexdef FROM pg_indexes "
     "WHERE schemaname = current_schema() "
     "AND tablename IN ('applications', 'application_tokens', 'application_history') "
     "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
     /* Foreign keys last, so that they are added back after the keys. */
     "SELECT format('ALTER TABLE %s DROP CONSTRAINT %I', conrelid::regclass, conname), "
     "format('ALTER TABLE %s ADD CONSTRAINT %I %s', conrelid::regclass, conname, "
     "pg_get_constraintdef(oid)) FROM pg_constraint c "
     "WHERE conrelid IN ('applications'::regclass, 'application_tokens'::regclass, "
     "'application_history'::regclass) AND (contype = 'f' OR NOT EXISTS "
     "(SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = c.conindid)) "
     "ORDER BY contype = 'f', conname"}};

#define MAX_SAVED_INDEXES 64

static int drop_indexes(struct db_conn *c, bool sqlite, struct saved_index **out, int *count)
{
    struct saved_index *list = xmalloc(sizeof *list * MAX_SAVED_INDEXES);
    int n = 0, rc = 0;
    for (int q = 0; rc == 0 && q < 2 && saved_index_queries[!sqlite][q]; q++) {
        struct db_rows *r = db_query(c, saved_index_queries[!sqlite][q], DB_NO_PARAMS);
        if (!r) {
            rc = DB_EFAIL;
            break;
        }
        while ((rc = db_next(r)) == 1 && n < MAX_SAVED_INDEXES) {
            list[n].drop_sql = xstrdup(db_text(r, 0));
            list[n].create_sql = xstrdup(db_text(r, 1));
            n++;
        }
        db_rows_close(r);
        rc = rc < 0 ? rc : 0;
    }
    for (int i = 0; rc == 0 && i < n; i++)
        if (db_exec_script(c, list[i].drop_sql) < 0)
            rc = DB_EFAIL;
    for (int i = 0; i < n; i++) {
        free(list[i].drop_sql);
        if (rc != 0)
            free(list[i].create_sql);
    }
    if (rc != 0) {
        free(list);
        return rc;
    }
    *out = list;
    *count = n;
    return 0;
}

static int create_indexes(struct db_conn *c, struct saved_index *list, int n)
{
    int rc = 0;
    for (int i = 0; i < n; i++) {
        if (rc == 0 && db_exec_script(c, list[i].create_sql) < 0)
            rc = DB_EFAIL;
        free(list[i].create_sql);
    }
    free(list);
    return rc;
}

/* Reads what the programme already holds: the maps of the duplicate lookup, the
 * counters, the next id. */
static int load_existing(struct db_conn *c, const struct program *p, struct idmap *names,
                         struct idmap *phones, struct running *run, int64_t *next_id)
{
    struct db_rows *r = db_query(c,
                                 "SELECT id, name_key, name_key_ar, phone FROM applications "
                                 "WHERE program_id = ?",
                                 DB_PARAMS(P_INT(p->id)));
    if (!r)
        return DB_EFAIL;
    int rc;
    while ((rc = db_next(r)) == 1) {
        int64_t id = db_int(r, 0);
        for (int k = 1; k <= 2; k++)
            if (!db_isnull(r, k))
                idmap_put(names, db_text(r, k), id);
        if (!db_isnull(r, 3))
            idmap_put(phones, db_text(r, 3), id);
    }
    db_rows_close(r);
    if (rc < 0)
        return rc;
    r = db_query(c, "SELECT region, last_seq, counted FROM reference_counters WHERE program_id = ?",
                 DB_PARAMS(P_INT(p->id)));
    if (!r)
        return DB_EFAIL;
    while ((rc = db_next(r)) == 1)
        for (size_t ri = 0; ri < 12 && ri < regions_count(); ri++)
            if (strcmp(region_at(ri)->code, db_text(r, 0)) == 0) {
                run->last_seq[ri] = db_int(r, 1);
                run->counted[ri] = db_int(r, 2);
            }
    db_rows_close(r);
    if (rc < 0)
        return rc;
    *next_id = 0;
    rc = db_query_int(c, "SELECT COALESCE(MAX(id), 0) FROM applications", DB_NO_PARAMS, next_id);
    (*next_id)++;
    return rc < 0 ? rc : 0;
}

/* The bulk path runs on two threads: the producer draws the applicants and
 * computes every row (names, keys, numbers, quota, duplicates, fates) into a ring
 * of buffers while the consumer writes the filled ones. */
#define BULK_BUFFERS 6
struct pipeline {
    const struct options *o;
    const struct program *p;
    const int64_t *targets;
    struct sequence *q;
    struct totals *t;
    struct running *run;
    struct idmap names, phones;
    int64_t next_id;
    struct bulk *buf[BULK_BUFFERS];
    bool full[BULK_BUFFERS], done, failed;
    pthread_mutex_t lock;
    pthread_cond_t changed;
};

/* Computes one applicant's rows into b; false when she was skipped. */
static bool produce_one(struct pipeline *pl, struct bulk *b, struct arena *scratch,
                        struct applicant_clean *clean, long long i)
{
    const struct options *o = pl->o;
    const struct program *p = pl->p;
    struct running *run = pl->run;
    struct totals *t = pl->t;
    char created[21], now[21];
    time_t at;
    const char *source;
    if (!next_applicant(pl->q, scratch, i, clean, created, &at, &source)) {
        t->skipped++;
        return false;
    }
    struct search_keys keys;
    search_keys_for(scratch, clean, &keys);
    now_rfc3339(now);
    size_t ri = (size_t)(clean->region - region_at(0));
    int64_t id = pl->next_id++;
    /* applications_register(): number, quota, probable duplicate. */
    int64_t seq = ++run->last_seq[ri], counted = run->counted[ri]++;
    int state = pl->targets[ri] >= 0 && counted >= pl->targets[ri] ? APP_WAITLISTED
                                                                    : APP_SUBMITTED;
    const char *k1 = keys.match[0], *k2 = keys.match[1] ? keys.match[1] : k1;
    const char *phone = clean->phone[0] ? clean->phone : NULL;
    int64_t dup = min_id(min_id(idmap_get(&pl->names, k1), idmap_get(&pl->names, k2)),
                         idmap_get(&pl->phones, phone));
    idmap_put(&pl->names, keys.match[0], id);
    idmap_put(&pl->names, keys.match[1], id);
    idmap_put(&pl->phones, phone, id);
    const char *at_now = arena_strdup(&b->a, now);
    add_history(b, id, NULL, app_state_name((enum app_state)state), "applicant", at_now);
    count_status(run, ri, state, 1);
    int d = day_index(run, created);
    if (d >= 0)
        run->day_count[d][ri]++;
    t->written++;
    t->waitlisted += state == APP_WAITLISTED;
    t->flagged += dup != 0;
    /* applications_transition(), step by step. */
    if (o->walk && state == APP_SUBMITTED) {
        int steps;
        const struct fate *f = draw_fate(pl->q->gen, at > pl->q->now - 14 * 86400, &steps);
        for (int s = 1; s < steps; s++) {
            int from = (int)f->path[s - 1], to = (int)f->path[s];
            add_history(b, id, app_state_name((enum app_state)from),
                        app_state_name((enum app_state)to), "bench", at_now);
            count_status(run, ri, from, -1);
            count_status(run, ri, to, 1);
            run->counted[ri] += (int)counts_against_target(to) - (int)counts_against_target(from);
            state = to;
        }
    }
    char *reference = arena_printf(&b->a, "%s-%s-%06lld", p->code, clean->region->code,
                                   (long long)seq);
    char *birth = arena_alloc(&b->a, 11);
    date_format(clean->birth_date, birth);
    struct db_param *v = &b->apps[b->napps++ * APP_COLS];
    const struct db_param row[APP_COLS] = {
        P_INT(id), P_INT(p->id), P_TEXT(reference),
        P_TEXT(app_state_name((enum app_state)state)), P_TEXT(arena_strdup(&b->a, clean->cin)),
        P_TEXT(text_or_null(&b->a, clean->first_name)),
        P_TEXT(text_or_null(&b->a, clean->last_name)),
        P_TEXT(text_or_null(&b->a, clean->first_name_ar)),
        P_TEXT(text_or_null(&b->a, clean->last_name_ar)),
        P_TEXT(text_or_null(&b->a, keys.match[0])), P_TEXT(text_or_null(&b->a, keys.match[1])),
        P_TEXT(birth), P_TEXT(clean->sex), P_TEXT(text_or_null(&b->a, phone)),
        P_TEXT(text_or_null(&b->a, clean->email)), P_TEXT(clean->region->code),
        P_TEXT(clean->province), P_TEXT(text_or_null(&b->a, clean->commune)),
        P_TEXT(clean->education), P_TEXT(clean->situation),
        P_TEXT(text_or_null(&b->a, clean->project_idea)), P_TEXT(at_now),
        P_TEXT(dup ? "probable_duplicate" : NULL), dup ? P_INT(dup) : P_NULL, P_TEXT(source),
        P_TEXT(arena_strdup(&b->a, created)), P_TEXT(at_now)};
    memcpy(v, row, sizeof row);
    for (int w = 0; w < SEARCH_WORDS_MAX && keys.words[w]; w++) {
        struct db_param *tk = &b->tokens[b->ntokens++ * TOKEN_COLS];
        tk[0] = P_INT(id);
        tk[1] = P_INT(p->id);
        tk[2] = P_TEXT(clean->region->code);
        tk[3] = P_TEXT(arena_strdup(&b->a, keys.words[w]));
    }
    return true;
}

static void *producer(void *arg)
{
    struct pipeline *pl = arg;
    struct applicant_clean *clean = xmalloc(sizeof *clean);
    struct arena scratch;   /* people_next and search_keys_for, per applicant */
    arena_init(&scratch);
    int k = 0;
    long long i = 0;
    while (i < pl->o->applications) {
        pthread_mutex_lock(&pl->lock);
        while (pl->full[k] && !pl->failed)
            pthread_cond_wait(&pl->changed, &pl->lock);
        bool failed = pl->failed;
        pthread_mutex_unlock(&pl->lock);
        if (failed)
            break;
        struct bulk *b = pl->buf[k];
        while (b->napps < BULK_APPS && i < pl->o->applications) {
            produce_one(pl, b, &scratch, clean, i++);
            arena_free(&scratch);
            arena_init(&scratch);
        }
        pthread_mutex_lock(&pl->lock);
        pl->full[k] = true;
        pthread_cond_broadcast(&pl->changed);
        pthread_mutex_unlock(&pl->lock);
        k = (k + 1) % BULK_BUFFERS;
    }
    pthread_mutex_lock(&pl->lock);
    pl->done = true;
    pthread_cond_broadcast(&pl->changed);
    pthread_mutex_unlock(&pl->lock);
    arena_free(&scratch);
    free(clean);
    return NULL;
}

static int load_bulk(struct db_conn *c, bool sqlite, const struct options *o,
                     const struct program *p, const int64_t targets[12], struct sequence *q,
                     struct totals *t)
{
    struct pipeline pl = {.o = o, .p = p, .targets = targets, .q = q, .t = t,
                          .run = calloc(1, sizeof *pl.run)};
    idmap_init(&pl.names, 1 << 21);
    idmap_init(&pl.phones, 1 << 20);
    for (int k = 0; k < BULK_BUFFERS; k++) {
        pl.buf[k] = calloc(1, sizeof *pl.buf[k]);
        if (!pl.buf[k])
            abort();
        arena_init(&pl.buf[k]->a);
    }
    if (!pl.run)
        abort();
    pthread_mutex_init(&pl.lock, NULL);
    pthread_cond_init(&pl.changed, NULL);
    struct saved_index *indexes = NULL;
    int nindexes = 0;
    int rc = load_existing(c, p, &pl.names, &pl.phones, pl.run, &pl.next_id);
    if (rc == 0)
        rc = db_begin(c);
    if (rc == 0)
        rc = drop_indexes(c, sqlite, &indexes, &nindexes);
    if (rc == 0)
        rc = db_commit(c);
    if (rc == 0)
        rc = db_begin(c);
    double t_start = mono_ms(), t_report = t_start;
    pthread_t thread;
    bool started = rc == 0 && pthread_create(&thread, NULL, producer, &pl) == 0;
    long long since_commit = 0;
    for (int k = 0; started;) {
        pthread_mutex_lock(&pl.lock);
        while (!pl.full[k] && !pl.done)
            pthread_cond_wait(&pl.changed, &pl.lock);
        bool have = pl.full[k];
        pthread_mutex_unlock(&pl.lock);
        if (!have)
            break;
        since_commit += pl.buf[k]->napps;
        rc = bulk_flush(c, pl.buf[k]);
        if (rc == 0 && since_commit >= o->batch) {
            since_commit = 0;
            rc = db_commit(c);
            if (rc == 0)
                rc = db_begin(c);
            double tn = mono_ms();
            if (!o->quiet && tn - t_report > 5000) {
                fprintf(stderr, "  %lld applications, %.0f rows/s\n", t->written,
                        (double)t->written * 1000.0 / (tn - t_start));
                t_report = tn;
            }
        }
        pthread_mutex_lock(&pl.lock);
        pl.full[k] = false;
        if (rc != 0)
            pl.failed = true;
        pthread_cond_broadcast(&pl.changed);
        pthread_mutex_unlock(&pl.lock);
        if (rc != 0)
            break;
        k = (k + 1) % BULK_BUFFERS;
    }
    if (started)
        pthread_join(thread, NULL);
    if (rc == 0)
        rc = write_totals(c, p, pl.run);
    if (rc == 0)
        rc = db_commit(c);
    else
        db_rollback(c);
    double t_rows = mono_ms();
    if (!o->quiet)
        fprintf(stderr, "  rows written in %.1f s; building %d indexes and constraints\n",
                (t_rows - t_start) / 1000.0, nindexes);
    /* A small page cache makes SQLite's sorter cut each index build into several
     * runs, sorted on its helper threads at once, rather than one big run sorted
     * on this thread: the word indexes (5 M rows in random order) build ~25 %
     * faster. */
    if (sqlite && db_exec_script(c, "PRAGMA cache_size=-16384") < 0)
        fprintf(stderr, "sanad-bench-gen: cache_size: %s\n", db_errmsg(c));
    if (nindexes && (db_begin(c) < 0 || create_indexes(c, indexes, nindexes) < 0 ||
                     db_commit(c) < 0)) {
        fprintf(stderr, "sanad-bench-gen: cannot rebuild the indexes: %s\n", db_errmsg(c));
        rc = rc ? rc : DB_EFAIL;
    }
    if (!sqlite && rc == 0 &&
        db_exec_script(c, "SELECT setval(pg_get_serial_sequence('applications', 'id'), "
                          "(SELECT MAX(id) FROM applications))") < 0)
        rc = DB_EFAIL;
    if (!o->quiet)
        fprintf(stderr, "  indexes built in %.1f s\n", (mono_ms() - t_rows) / 1000.0);
    for (int k = 0; k < BULK_BUFFERS; k++) {
        arena_free(&pl.buf[k]->a);
        free(pl.buf[k]);
    }
    free(pl.run);
    idmap_free(&pl.names);
    idmap_free(&pl.phones);
    pthread_mutex_destroy(&pl.lock);
    pthread_cond_destroy(&pl.changed);
    return rc;
}

/* ------------------------------------------------------------------ main -- */

int main(int argc, char **argv)
{
    struct options o;
    int rc = parse_args(argc, argv, &o);
    if (rc)
        return rc;
    if (sodium_init() < 0) {
        fprintf(stderr, "sanad-bench-gen: libsodium could not start\n");
        return 1;
    }
    log_set_level(LOG_WARN);
    struct config cfg;
    config_defaults(&cfg);
    cfg.db = o.db;

    double t0 = mono_ms();
    /* The schema, the demo accounts and the demo programme (a no-op when present). */
    FILE *saved = stdout;
    if (o.quiet)
        stdout = fopen("/dev/null", "w");
    rc = cmd_demo(&cfg);
    if (o.quiet) {
        fclose(stdout);
        stdout = saved;
    }
    if (rc != 0)
        return rc;
    double t_demo = mono_ms();

    struct db *db = cli_open_db(&cfg, 1);
    if (!db)
        return 1;
    struct db_conn *c = db_acquire(db);
    bool sqlite = db_dialect(db) == DB_SQLITE;
    /* A big page cache for the load and helper threads for the index builds'
     * sorts (this connection only). */
    if (sqlite && db_exec_script(c, "PRAGMA cache_size=-262144; PRAGMA threads=2;") < 0)
        fprintf(stderr, "sanad-bench-gen: cache_size: %s\n", db_errmsg(c));
    /* Not durable: no WAL either (the checkpointer goes, since its connection
     * would forbid leaving WAL mode), so that each page is written once, not to the
     * WAL and again into the database. The server goes back to WAL when it opens
     * the file. */
    if (sqlite && !o.durable) {
        db_stop_background(db);
        if (db_exec_script(c, "PRAGMA journal_mode=DELETE; PRAGMA synchronous=OFF;") < 0)
            fprintf(stderr, "sanad-bench-gen: journal_mode: %s\n", db_errmsg(c));
    }
    if (!sqlite && db_exec_script(c, "SET synchronous_commit = off") < 0)
        fprintf(stderr, "sanad-bench-gen: synchronous_commit: %s\n", db_errmsg(c));

    /* Planner statistics first. Without them (a database that has never been
     * analysed) SQLite answers the probable-duplicate lookup of
     * applications_register() by walking the programme's whole index
     * (applications_by_phone on program_id alone): quadratic over a bulk load. */
    if (db_exec_script(c, "ANALYZE") < 0)
        fprintf(stderr, "sanad-bench-gen: ANALYZE: %s\n", db_errmsg(c));

    struct arena keep;   /* the programme's strings */
    arena_init(&keep);
    struct program p;
    rc = ensure_program(c, &keep, &o, &p);
    if (rc < 0) {
        fprintf(stderr, "sanad-bench-gen: cannot create programme %s: %s\n", o.program,
                db_errmsg(c));
        return 1;
    }
    int64_t targets[12];
    for (size_t i = 0; i < 12; i++)
        if (i >= regions_count() || programs_target_of(c, p.id, region_at(i)->code,
                                                       &targets[i]) != 1)
            targets[i] = -1;
    struct sequence q = {.gen = people_new((uint64_t)o.seed * 7919 + 17),
                         .today = date_today_utc(), .now = time(NULL)};
    if (!q.gen) {
        fprintf(stderr, "sanad-bench-gen: the embedded names are unreadable\n");
        return 1;
    }
    q.start = q.now - CAMPAIGN_DAYS * 86400;
    q.step = o.applications > 0 ? (double)(CAMPAIGN_DAYS * 86400) / (double)o.applications : 0;
    /* Carry on after what is there: the serials (hence the CINs) continue. */
    db_query_int(c, "SELECT COUNT(*) FROM applications WHERE program_id = ?",
                 DB_PARAMS(P_INT(p.id)), &q.existing);

    struct totals t = {0};
    double t_start = mono_ms();
    rc = o.via_store ? load_via_store(c, &o, &p, targets, &q, &t)
                     : load_bulk(c, sqlite, &o, &p, targets, &q, &t);
    double t_end = mono_ms();
    if (rc < 0)
        fprintf(stderr, "sanad-bench-gen: write failed: %s\n", db_errmsg(c));
    /* Leave fresh statistics to the server's planner (and a compact WAL). On
     * PostgreSQL also the visibility map that a live database has from
     * autovacuum: without it every index-only scan (the name search) visits the
     * table, and the database a benchmark copies would be vacuumed under load. */
    if (rc == 0 && !sqlite &&   /* a statement of its own: VACUUM runs outside transactions */
        db_exec_script(c, "VACUUM applications, application_tokens, application_history") < 0)
        fprintf(stderr, "sanad-bench-gen: VACUUM: %s\n", db_errmsg(c));
    if (rc == 0 && db_exec_script(c, sqlite ? "PRAGMA journal_mode=WAL; ANALYZE; "
                                              "PRAGMA wal_checkpoint(TRUNCATE);"
                                            : "ANALYZE") < 0)
        fprintf(stderr, "sanad-bench-gen: ANALYZE: %s\n", db_errmsg(c));
    double t_done = mono_ms();
    printf("programme %s: %lld applications written (%lld probable duplicates flagged, "
           "%lld waitlisted, %lld skipped) in %.1f s: %.0f rows/s, %s%s\n",
           p.code, t.written, t.flagged, t.waitlisted, t.skipped, (t_end - t_start) / 1000.0,
           t_end > t_start ? (double)t.written * 1000.0 / (t_end - t_start) : 0.0,
           o.via_store ? "through the store" : "bulk path, indexes rebuilt",
           sqlite ? (o.durable ? ", synchronous=FULL" : ", synchronous=OFF and no WAL for the load") : "");
    printf("schema and demo data %.1f s, checkpoint and ANALYZE %.1f s, total %.1f s\n",
           (t_demo - t0) / 1000.0, (t_done - t_end) / 1000.0, (t_done - t0) / 1000.0);
    arena_free(&keep);
    people_free(q.gen);
    db_release(c);
    db_close(db);
    return rc < 0 ? 1 : 0;
}
