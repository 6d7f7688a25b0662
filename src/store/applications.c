/* Application storage (see applications.h). */
#include "store/applications.h"

#include "core/util.h"
#include "domain/workflow.h"

#include <stdio.h>
#include <string.h>

#define APPLICATION_COLUMNS \
    "a.id, a.program_id, p.code, a.reference, a.status, a.cin, a.first_name, a.last_name, " \
    "a.first_name_ar, a.last_name_ar, a.birth_date, a.sex, a.phone, a.email, a.region, " \
    "a.province, a.commune, a.education, a.situation, a.project_idea, a.consent_at, a.flag, " \
    "a.source, a.duplicate_of, a.created_at, a.updated_at"
#define APPLICATION_FROM " FROM applications a JOIN programs p ON p.id = a.program_id "

static int exec_status(int64_t rc)
{
    return rc < 0 ? (int)rc : 0;
}

static const char *nonempty(const char *s)
{
    return s && *s ? s : NULL;
}

/* States that count against a region's target (API.md: all but these two). */
static bool counts_against_target(const char *status)
{
    return strcmp(status, "withdrawn") != 0 && strcmp(status, "ineligible") != 0;
}

/* Takes the next reference number of (programme, region) and counts the new
 * application against the region's target, in one statement that locks the
 * counter row; *counted_before is how many counted before this one. */
static int take_number(struct db_conn *c, int64_t program_id, const char *region, int64_t *seq,
                       int64_t *counted_before)
{
    struct db_rows *r = db_query(c,
                                 "INSERT INTO reference_counters (program_id, region, last_seq, "
                                 "counted) VALUES (?, ?, 1, 1) ON CONFLICT (program_id, region) "
                                 "DO UPDATE SET last_seq = reference_counters.last_seq + 1, "
                                 "counted = reference_counters.counted + 1 "
                                 "RETURNING last_seq, counted - 1",
                                 DB_PARAMS(P_INT(program_id), P_TEXT(region)));
    if (!r)
        return db_last_error(c);
    int found = db_next(r);
    if (found == 1) {
        *seq = db_int(r, 0);
        *counted_before = db_int(r, 1);
    }
    db_rows_close(r);
    return found == 1 ? 0 : found < 0 ? found : DB_EFAIL;
}

/* Moves one application counted against a target from one region to another. */
static int move_counted(struct db_conn *c, int64_t program_id, const char *from, const char *to)
{
    int rc = exec_status(db_exec(c,
                                 "INSERT INTO reference_counters (program_id, region, last_seq, "
                                 "counted) VALUES (?, ?, 0, 1) ON CONFLICT (program_id, region) "
                                 "DO UPDATE SET counted = reference_counters.counted + 1",
                                 DB_PARAMS(P_INT(program_id), P_TEXT(to))));
    if (rc == 0)
        rc = exec_status(db_exec(c,
                                 "UPDATE reference_counters SET counted = counted - 1 "
                                 "WHERE program_id = ? AND region = ?",
                                 DB_PARAMS(P_INT(program_id), P_TEXT(from))));
    return rc;
}

static int find_probable_duplicate(struct db_conn *c, const struct new_application *n,
                                   int64_t *duplicate_of)
{
    const char *k1 = n->keys.match[0], *k2 = n->keys.match[1] ? n->keys.match[1] : k1;
    const char *phone = nonempty(n->applicant->phone);
    *duplicate_of = 0;
    /* One branch per index, so that each is a lookup rather than a scan of the
     * programme's applications (an OR across columns would be a scan). */
    int rc = db_query_int(
        c,
        "SELECT MIN(id) FROM ("
        "SELECT MIN(id) AS id FROM applications WHERE program_id = ? AND name_key = ? "
        "UNION ALL SELECT MIN(id) FROM applications WHERE program_id = ? AND name_key = ? "
        "UNION ALL SELECT MIN(id) FROM applications WHERE program_id = ? AND name_key_ar = ? "
        "UNION ALL SELECT MIN(id) FROM applications WHERE program_id = ? AND name_key_ar = ? "
        "UNION ALL SELECT MIN(id) FROM applications WHERE program_id = ? AND phone = ?) m",
        DB_PARAMS(P_INT(n->program_id), P_TEXT(k1), P_INT(n->program_id), P_TEXT(k2),
                  P_INT(n->program_id), P_TEXT(k1), P_INT(n->program_id), P_TEXT(k2),
                  P_INT(n->program_id), P_TEXT(phone)),
        duplicate_of);
    return rc < 0 ? rc : 0;
}

/* The search words of application `id`, in one statement (its text depends only
 * on how many words there are, so that it stays in the statement cache). */
static int insert_tokens(struct db_conn *c, const struct new_application *n, int64_t id)
{
    static const char insert[] =
        "INSERT INTO application_tokens (application_id, program_id, region, token) VALUES ";
    char sql[sizeof insert + SEARCH_WORDS_MAX * sizeof "(?, ?, ?, ?), "];
    struct db_param params[SEARCH_WORDS_MAX * 4];
    size_t len = strlen(insert);
    memcpy(sql, insert, len);
    int words = 0;
    for (; words < SEARCH_WORDS_MAX && n->keys.words[words]; words++) {
        len += (size_t)sprintf(sql + len, "%s(?, ?, ?, ?)", words ? ", " : "");
        params[words * 4] = P_INT(id);
        params[words * 4 + 1] = P_INT(n->program_id);
        params[words * 4 + 2] = P_TEXT(n->applicant->region->code);
        params[words * 4 + 3] = P_TEXT(n->keys.words[words]);
    }
    if (words == 0)
        return 0;
    return exec_status(db_exec(c, sql, params, words * 4));
}

/* Adds `delta` to the running total of (programme, region, status). */
static int count_status(struct db_conn *c, int64_t program_id, const char *region,
                        const char *status, int delta)
{
    return exec_status(db_exec(c,
                               "INSERT INTO application_counts (program_id, region, status, "
                               "applications) VALUES (?, ?, ?, ?) "
                               "ON CONFLICT (program_id, region, status) DO UPDATE SET "
                               "applications = application_counts.applications + excluded.applications",
                               DB_PARAMS(P_INT(program_id), P_TEXT(region), P_TEXT(status),
                                         P_INT(delta))));
}

/* Adds `delta` registrations to (programme, region, day "YYYY-MM-DD"). */
static int count_registrations(struct db_conn *c, int64_t program_id, const char *region,
                               const char *day, int64_t delta)
{
    return exec_status(db_exec(c,
                               "INSERT INTO registrations_daily (program_id, region, day, "
                               "registrations) VALUES (?, ?, ?, ?) "
                               "ON CONFLICT (program_id, day, region) DO UPDATE SET "
                               "registrations = registrations_daily.registrations + "
                               "excluded.registrations",
                               DB_PARAMS(P_INT(program_id), P_TEXT(region), P_TEXT(day),
                                         P_INT(delta))));
}

/* The next reference number, from the tally once its region's counter row is
 * locked by a first take_number(). */
static int tally_take_number(struct db_conn *c, struct registration_tally *t, int64_t program_id,
                             const char *region, int64_t *seq, int64_t *counted_before)
{
    for (int i = 0; i < t->nregions; i++)
        if (strcmp(t->regions[i].region, region) == 0) {
            *seq = ++t->regions[i].last_seq;
            *counted_before = t->regions[i].counted++;
            return 0;
        }
    int rc = take_number(c, program_id, region, seq, counted_before);
    if (rc == 0 && t->nregions < TALLY_ENTRIES) {
        snprintf(t->regions[t->nregions].region, sizeof t->regions[0].region, "%s", region);
        t->regions[t->nregions].last_seq = *seq;
        t->regions[t->nregions++].counted = *counted_before + 1;
    }
    return rc;
}

/* Adds one to the entry (region, day, status) of `list`; false when it is full. */
static bool tally_add(struct tally_count *list, int *n, const char *region, const char *day,
                      const char *status)
{
    for (int i = 0; i < *n; i++)
        if (strcmp(list[i].region, region) == 0 && strcmp(list[i].day, day) == 0 &&
            list[i].status == status) {
            list[i].added++;
            return true;
        }
    if (*n == TALLY_ENTRIES)
        return false;
    struct tally_count *e = &list[(*n)++];
    snprintf(e->region, sizeof e->region, "%s", region);
    snprintf(e->day, sizeof e->day, "%s", day);
    e->status = status;
    e->added = 1;
    return true;
}

static int add_history(struct db_conn *c, int64_t id, const char *from, const char *to,
                       int64_t actor_id, const char *actor, const char *note)
{
    char now[21];
    now_rfc3339(now);
    return exec_status(db_exec(c,
                               "INSERT INTO application_history (application_id, from_status, "
                               "to_status, actor_id, actor, at, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                               DB_PARAMS(P_INT(id), P_TEXT(from), P_TEXT(to),
                                         actor_id ? P_INT(actor_id) : P_NULL, P_TEXT(actor),
                                         P_TEXT(now), P_TEXT(note))));
}

/* Registers `n`; its running totals go to `tally`, or to the database now when
 * it is NULL. */
static int register_one(struct db_conn *c, const struct new_application *n,
                        struct registration_tally *tally, struct registered *out)
{
    const struct applicant_clean *ap = n->applicant;
    int64_t seq = 0, counted = 0;
    int rc = tally ? tally_take_number(c, tally, n->program_id, ap->region->code, &seq, &counted)
                   : take_number(c, n->program_id, ap->region->code, &seq, &counted);
    if (rc < 0)
        return rc;
    out->status = n->target >= 0 && counted >= n->target ? "waitlisted" : "submitted";
    snprintf(out->reference, sizeof out->reference, "%s-%s-%06lld", n->program_code,
             ap->region->code, (long long)seq);
    rc = find_probable_duplicate(c, n, &out->duplicate_of);
    if (rc < 0)
        return rc;

    char now[21], birth[11];
    now_rfc3339(now);
    date_format(ap->birth_date, birth);
    rc = db_insert_id(
        c,
        "INSERT INTO applications (program_id, reference, status, cin, first_name, last_name, "
        "first_name_ar, last_name_ar, name_key, name_key_ar, birth_date, sex, phone, email, "
        "region, province, commune, education, situation, project_idea, consent_at, flag, "
        "duplicate_of, source, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id",
        DB_PARAMS(P_INT(n->program_id), P_TEXT(out->reference), P_TEXT(out->status),
                  P_TEXT(ap->cin), P_TEXT(nonempty(ap->first_name)),
                  P_TEXT(nonempty(ap->last_name)), P_TEXT(nonempty(ap->first_name_ar)),
                  P_TEXT(nonempty(ap->last_name_ar)), P_TEXT(n->keys.match[0]),
                  P_TEXT(n->keys.match[1]), P_TEXT(birth), P_TEXT(ap->sex),
                  P_TEXT(nonempty(ap->phone)), P_TEXT(nonempty(ap->email)),
                  P_TEXT(ap->region->code), P_TEXT(ap->province), P_TEXT(nonempty(ap->commune)),
                  P_TEXT(ap->education), P_TEXT(ap->situation),
                  P_TEXT(nonempty(ap->project_idea)), P_TEXT(now),
                  P_TEXT(out->duplicate_of ? "probable_duplicate" : NULL),
                  out->duplicate_of ? P_INT(out->duplicate_of) : P_NULL, P_TEXT(n->source),
                  P_TEXT(n->created_at ? n->created_at : now), P_TEXT(now)),
        &out->id);
    if (rc < 0)
        return rc;
    rc = insert_tokens(c, n, out->id);
    char day[11];
    snprintf(day, sizeof day, "%.10s", n->created_at ? n->created_at : now);
    const char *region = ap->region->code;
    if (rc == 0 && !(tally && tally_add(tally->counts, &tally->ncounts, region, "", out->status)))
        rc = count_status(c, n->program_id, region, out->status, 1);
    if (rc == 0 && !(tally && tally_add(tally->days, &tally->ndays, region, day, NULL)))
        rc = count_registrations(c, n->program_id, region, day, 1);
    if (rc == 0)
        rc = add_history(c, out->id, NULL, out->status, n->actor_id, n->actor, NULL);
    return rc;
}

int applications_register(struct db_conn *c, const struct new_application *n,
                          struct registered *out)
{
    return register_one(c, n, NULL, out);
}

int applications_register_tallied(struct db_conn *c, const struct new_application *n,
                                  struct registration_tally *tally, struct registered *out)
{
    tally->program_id = n->program_id;
    return register_one(c, n, tally, out);
}

int applications_tally_flush(struct db_conn *c, struct registration_tally *t)
{
    int rc = 0;
    for (int i = 0; i < t->nregions && rc == 0; i++)
        rc = exec_status(db_exec(c,
                                 "UPDATE reference_counters SET last_seq = ?, counted = ? "
                                 "WHERE program_id = ? AND region = ?",
                                 DB_PARAMS(P_INT(t->regions[i].last_seq),
                                           P_INT(t->regions[i].counted), P_INT(t->program_id),
                                           P_TEXT(t->regions[i].region))));
    for (int i = 0; i < t->ncounts && rc == 0; i++)
        rc = count_status(c, t->program_id, t->counts[i].region, t->counts[i].status,
                          (int)t->counts[i].added);
    for (int i = 0; i < t->ndays && rc == 0; i++)
        rc = count_registrations(c, t->program_id, t->days[i].region, t->days[i].day,
                                 t->days[i].added);
    return rc;
}

static const char *opt_text(struct db_rows *r, int col, struct arena *a)
{
    return db_isnull(r, col) ? NULL : arena_strdup(a, db_text(r, col));
}

static void read_application(struct db_rows *r, struct arena *a, struct application *o)
{
    o->id = db_int(r, 0);
    o->program_id = db_int(r, 1);
    o->program_code = arena_strdup(a, db_text(r, 2));
    o->reference = arena_strdup(a, db_text(r, 3));
    o->status = arena_strdup(a, db_text(r, 4));
    o->cin = arena_strdup(a, db_text(r, 5));
    o->first_name = opt_text(r, 6, a);
    o->last_name = opt_text(r, 7, a);
    o->first_name_ar = opt_text(r, 8, a);
    o->last_name_ar = opt_text(r, 9, a);
    o->birth_date = arena_strdup(a, db_text(r, 10));
    o->sex = arena_strdup(a, db_text(r, 11));
    o->phone = opt_text(r, 12, a);
    o->email = opt_text(r, 13, a);
    o->region = arena_strdup(a, db_text(r, 14));
    o->province = arena_strdup(a, db_text(r, 15));
    o->commune = opt_text(r, 16, a);
    o->education = opt_text(r, 17, a);
    o->situation = opt_text(r, 18, a);
    o->project_idea = opt_text(r, 19, a);
    o->consent_at = arena_strdup(a, db_text(r, 20));
    o->flag = opt_text(r, 21, a);
    o->source = arena_strdup(a, db_text(r, 22));
    o->duplicate_of = db_int(r, 23);
    o->created_at = arena_strdup(a, db_text(r, 24));
    o->updated_at = arena_strdup(a, db_text(r, 25));
}

int applications_by_id(struct db_conn *c, struct arena *a, int64_t id, struct application *out)
{
    struct db_rows *r = db_query(c, "SELECT " APPLICATION_COLUMNS APPLICATION_FROM "WHERE a.id = ?",
                                 DB_PARAMS(P_INT(id)));
    if (!r)
        return DB_EFAIL;
    int rc = db_next(r);
    if (rc == 1)
        read_application(r, a, out);
    db_rows_close(r);
    return rc;
}

int applications_status(struct db_conn *c, struct arena *a, const char *reference,
                        const char *cin, const char **status, const char **updated_at)
{
    struct db_rows *r = db_query(c,
                                 "SELECT status, updated_at FROM applications "
                                 "WHERE reference = ? AND cin = ?",
                                 DB_PARAMS(P_TEXT(reference), P_TEXT(cin)));
    if (!r)
        return DB_EFAIL;
    int rc = db_next(r);
    if (rc == 1) {
        *status = arena_strdup(a, db_text(r, 0));
        *updated_at = arena_strdup(a, db_text(r, 1));
    }
    db_rows_close(r);
    return rc;
}

int applications_transition(struct db_conn *c, int64_t id, const char *from, const char *to,
                            int64_t actor_id, const char *actor, const char *note)
{
    char now[21];
    now_rfc3339(now);
    /* The status condition makes the update its own check: a concurrent move
     * leaves nothing to update. */
    struct db_rows *r = db_query(c,
                                 "UPDATE applications SET status = ?, updated_at = ? "
                                 "WHERE id = ? AND status = ? RETURNING program_id, region",
                                 DB_PARAMS(P_TEXT(to), P_TEXT(now), P_INT(id), P_TEXT(from)));
    if (!r)
        return db_last_error(c);
    int found = db_next(r);
    int64_t program_id = found == 1 ? db_int(r, 0) : 0;
    char region[8] = "";
    if (found == 1)
        snprintf(region, sizeof region, "%s", db_text(r, 1));
    db_rows_close(r);
    if (found < 0)
        return found;
    if (found == 0)
        return 1;
    int rc = count_status(c, program_id, region, from, -1);
    if (rc == 0)
        rc = count_status(c, program_id, region, to, 1);
    if (rc < 0)
        return rc;
    int delta = (int)counts_against_target(to) - (int)counts_against_target(from);
    if (delta) {
        rc = exec_status(db_exec(c,
                                     "UPDATE reference_counters SET counted = counted + ? "
                                     "WHERE program_id = ? AND region = ?",
                                     DB_PARAMS(P_INT(delta), P_INT(program_id), P_TEXT(region))));
        if (rc < 0)
            return rc;
    }
    return add_history(c, id, from, to, actor_id, actor, note);
}

int applications_history(struct db_conn *c, struct arena *a, int64_t id,
                         struct history_entry **out, int *count)
{
    struct db_rows *r = db_query(c,
                                 "SELECT from_status, to_status, actor, at, note "
                                 "FROM application_history WHERE application_id = ? ORDER BY id",
                                 DB_PARAMS(P_INT(id)));
    if (!r)
        return DB_EFAIL;
    size_t cap = 0;
    int n = 0, rc;
    struct history_entry *list = NULL;
    while ((rc = db_next(r)) == 1) {
        list = arena_grow(a, list, (size_t)n, &cap, sizeof *list);
        list[n].from_status = opt_text(r, 0, a);
        list[n].to_status = arena_strdup(a, db_text(r, 1));
        list[n].actor = arena_strdup(a, db_text(r, 2));
        list[n].at = arena_strdup(a, db_text(r, 3));
        list[n].note = opt_text(r, 4, a);
        n++;
    }
    db_rows_close(r);
    if (rc < 0)
        return rc;
    *out = list;
    *count = n;
    return 0;
}

int applications_update(struct db_conn *c, const struct application *before,
                        const struct new_application *after, const char *changes)
{
    const struct applicant_clean *ap = after->applicant;
    char now[21], birth[11];
    now_rfc3339(now);
    date_format(ap->birth_date, birth);
    int rc = exec_status(db_exec(
        c,
        "UPDATE applications SET cin = ?, first_name = ?, last_name = ?, first_name_ar = ?, "
        "last_name_ar = ?, name_key = ?, name_key_ar = ?, birth_date = ?, sex = ?, phone = ?, "
        "email = ?, region = ?, province = ?, commune = ?, education = ?, situation = ?, "
        "project_idea = ?, updated_at = ? WHERE id = ?",
        DB_PARAMS(P_TEXT(ap->cin), P_TEXT(nonempty(ap->first_name)),
                  P_TEXT(nonempty(ap->last_name)), P_TEXT(nonempty(ap->first_name_ar)),
                  P_TEXT(nonempty(ap->last_name_ar)), P_TEXT(after->keys.match[0]),
                  P_TEXT(after->keys.match[1]), P_TEXT(birth), P_TEXT(ap->sex),
                  P_TEXT(nonempty(ap->phone)), P_TEXT(nonempty(ap->email)),
                  P_TEXT(ap->region->code), P_TEXT(ap->province), P_TEXT(nonempty(ap->commune)),
                  P_TEXT(ap->education), P_TEXT(ap->situation),
                  P_TEXT(nonempty(ap->project_idea)), P_TEXT(now), P_INT(before->id))));
    bool moved = strcmp(before->region, ap->region->code) != 0;
    if (rc == 0 && moved)
        rc = count_status(c, before->program_id, before->region, before->status, -1);
    if (rc == 0 && moved)
        rc = count_status(c, before->program_id, ap->region->code, before->status, 1);
    if (rc == 0 && moved && counts_against_target(before->status))
        rc = move_counted(c, before->program_id, before->region, ap->region->code);
    if (rc == 0)
        rc = exec_status(db_exec(c, "DELETE FROM application_tokens WHERE application_id = ?",
                                 DB_PARAMS(P_INT(before->id))));
    if (rc == 0)
        rc = insert_tokens(c, after, before->id);
    if (rc == 0)
        rc = exec_status(db_exec(c,
                                 "INSERT INTO application_edits (application_id, actor_id, actor, "
                                 "at, changes) VALUES (?, ?, ?, ?, ?)",
                                 DB_PARAMS(P_INT(before->id),
                                           after->actor_id ? P_INT(after->actor_id) : P_NULL,
                                           P_TEXT(after->actor), P_TEXT(now), P_TEXT(changes))));
    return rc;
}

int applications_edits(struct db_conn *c, struct arena *a, int64_t id, struct edit_entry **out,
                       int *count)
{
    struct db_rows *r = db_query(c,
                                 "SELECT actor, at, changes FROM application_edits "
                                 "WHERE application_id = ? ORDER BY id",
                                 DB_PARAMS(P_INT(id)));
    if (!r)
        return DB_EFAIL;
    size_t cap = 0;
    int n = 0, rc;
    struct edit_entry *list = NULL;
    while ((rc = db_next(r)) == 1) {
        list = arena_grow(a, list, (size_t)n, &cap, sizeof *list);
        list[n].actor = arena_strdup(a, db_text(r, 0));
        list[n].at = arena_strdup(a, db_text(r, 1));
        list[n].changes = arena_strdup(a, db_text(r, 2));
        n++;
    }
    db_rows_close(r);
    if (rc < 0)
        return rc;
    *out = list;
    *count = n;
    return 0;
}

int applications_set_flag(struct db_conn *c, int64_t id, const char *flag, int64_t duplicate_of)
{
    char now[21];
    now_rfc3339(now);
    return exec_status(db_exec(c,
                               "UPDATE applications SET flag = ?, duplicate_of = ?, updated_at = ? "
                               "WHERE id = ?",
                               DB_PARAMS(P_TEXT(flag), duplicate_of ? P_INT(duplicate_of) : P_NULL,
                                         P_TEXT(now), P_INT(id))));
}

/* A WHERE clause and its parameters, built together so they cannot drift apart. */
struct where {
    char sql[1024];
    size_t len;
    struct db_param params[20];   /* every filter, and the limit */
    int n;
};

/* Adds `clause` with its `n` parameters (one per "?"). */
static void where_add_n(struct where *w, const char *clause, const struct db_param *params, int n)
{
    int written = snprintf(w->sql + w->len, sizeof w->sql - w->len, "%s%s",
                           w->len ? " AND " : " WHERE ", clause);
    if (written > 0 && (size_t)written < sizeof w->sql - w->len && w->n + n < 20) {
        w->len += (size_t)written;
        for (int i = 0; i < n; i++)
            w->params[w->n++] = params[i];
    }
}

static void where_add(struct where *w, const char *clause, struct db_param p)
{
    where_add_n(w, clause, &p, 1);
}

/* Below this many matching words, sorting every match is cheaper than walking
 * the three-letter bucket in id order. */
#define NAME_MATCHES_SORTED 256
/* Walking the applications themselves tests each one, so it needs the matches to
 * be dense: at 4,096 matches or more, one application in 50 of the largest
 * region matches, and a page of 20 is found within about a thousand. */
#define NAME_MATCHES_DENSE 4096

/* How a name prefix is looked up (see migration 004_name_search.sql). */
enum name_search {
    NAME_SORT_MATCHES,   /* few matches: take them all from the word index, sort */
    NAME_WALK_BUCKET,    /* ≥ 3 letters, one region: the words sharing the first three
                            letters, already in id order */
    NAME_WALK_APPLICATIONS,   /* shorter: the applications in id order, each tested */
};

/* The first three characters (UTF-8) of a word, or NULL when it has fewer. */
static const char *first_three_letters(struct arena *a, const char *word)
{
    size_t len = 0;
    for (int letters = 0; letters < 3; letters++) {
        if (!word[len])
            return NULL;
        len++;
        while ((word[len] & 0xC0) == 0x80)
            len++;
    }
    return arena_printf(a, "%.*s", (int)len, word);
}

/* How many words of the filter's programme and region start with the prefix,
 * counting no further than `cap` (an index-only range scan). */
static int64_t count_name_matches(struct db_conn *c, const struct application_filter *f,
                                  const char *end, int64_t cap, struct arena *a)
{
    struct where w = {.len = 0, .n = 0};
    where_add(&w, "token >= ?", P_TEXT(f->name_prefix));
    where_add(&w, "token < ?", P_TEXT(end));
    if (f->program_id)
        where_add(&w, "program_id = ?", P_INT(f->program_id));
    if (f->region)
        where_add(&w, "region = ?", P_TEXT(f->region));
    w.params[w.n++] = P_INT(cap);
    int64_t matches = 0;
    char *sql = arena_printf(a, "SELECT COUNT(*) FROM (SELECT 1 FROM application_tokens%s LIMIT ?) m",
                             w.sql);
    return db_query_int(c, sql, w.params, w.n, &matches) < 0 ? 0 : matches;
}

static enum name_search choose_name_search(struct db_conn *c, const struct application_filter *f,
                                           const char *end, const char **bucket, struct arena *a)
{
    if (count_name_matches(c, f, end, NAME_MATCHES_SORTED, a) < NAME_MATCHES_SORTED)
        return NAME_SORT_MATCHES;
    *bucket = f->program_id && f->region ? first_three_letters(a, f->name_prefix) : NULL;
    if (*bucket)
        return NAME_WALK_BUCKET;
    return count_name_matches(c, f, end, NAME_MATCHES_DENSE, a) < NAME_MATCHES_DENSE
               ? NAME_SORT_MATCHES
               : NAME_WALK_APPLICATIONS;
}

int applications_list(struct db_conn *c, struct arena *a, const struct application_filter *f,
                      struct application **out, int *count)
{
    struct where w = {.len = 0, .n = 0};
    const char *id = "a.id", *dir = f->newest_first ? "DESC" : "ASC";
    const char *from = APPLICATION_FROM, *bucket = NULL;
    enum name_search how = NAME_SORT_MATCHES;
    if (f->name_prefix) {
        /* A prefix range of words: [prefix, prefix + U+10FFFF). */
        const char *end = arena_printf(a, "%s\xf4\x8f\xbf\xbf", f->name_prefix);
        struct db_param range[] = {P_TEXT(f->name_prefix), P_TEXT(end)};
        how = choose_name_search(c, f, end, &bucket, a);
        if (how == NAME_WALK_BUCKET) {
            id = "t.application_id";
            struct db_param key[] = {P_INT(f->program_id), P_TEXT(f->region), P_TEXT(bucket)};
            where_add_n(&w, "t.program_id = ? AND t.region = ? AND substr(t.token, 1, 3) = ?", key,
                        3);
            /* The prefix as a test of each word, not as a range: the bucket's order
             * is the point, and a range would offer the planner the words' own
             * index instead, which a generic plan (PostgreSQL's, once a statement
             * has run a few times) took, sorting every match of a frequent prefix:
             * 80 ms instead of 1. */
            struct db_param prefix[] = {P_TEXT(f->name_prefix), P_TEXT(f->name_prefix)};
            where_add_n(&w, "substr(t.token, 1, length(?)) = ?", prefix, 2);
        } else if (how == NAME_WALK_APPLICATIONS) {
            where_add_n(&w,
                        "EXISTS (SELECT 1 FROM application_tokens t WHERE t.application_id = a.id "
                        "AND t.token >= ? AND t.token < ?)",
                        range, 2);
        } else {
            /* The matches first, as a table of their own: DISTINCT keeps the
             * planner from turning this into a walk of the whole region that
             * tests each application (PostgreSQL did, for a prefix matching
             * nothing: 100-180 ms). When nothing but the scope filters, the
             * page is cut there too, so that only its rows are read. Its
             * parameters come before the WHERE's. */
            bool page_inside = !(f->province || f->status || f->flag || f->from || f->to ||
                                 f->cin || f->phone || f->reference);
            from = arena_printf(a,
                                " FROM (SELECT DISTINCT application_id FROM application_tokens "
                                "WHERE token >= ? AND token < ?%s%s%s%s) m "
                                "JOIN applications a ON a.id = m.application_id "
                                "JOIN programs p ON p.id = a.program_id ",
                                f->program_id ? " AND program_id = ?" : "",
                                f->region ? " AND region = ?" : "",
                                page_inside && f->after
                                    ? (f->newest_first ? " AND application_id < ?"
                                                       : " AND application_id > ?")
                                    : "",
                                page_inside ? (f->newest_first
                                                   ? " ORDER BY application_id DESC LIMIT ?"
                                                   : " ORDER BY application_id ASC LIMIT ?")
                                            : "");
            w.params[w.n++] = range[0];
            w.params[w.n++] = range[1];
            if (f->program_id)
                w.params[w.n++] = P_INT(f->program_id);
            if (f->region)
                w.params[w.n++] = P_TEXT(f->region);
            if (page_inside && f->after)
                w.params[w.n++] = P_INT(f->after);
            if (page_inside)
                w.params[w.n++] = P_INT(f->limit);
        }
    }
    if (f->program_id)
        where_add(&w, "a.program_id = ?", P_INT(f->program_id));
    if (f->region)
        where_add(&w, "a.region = ?", P_TEXT(f->region));
    if (f->province)
        where_add(&w, "a.province = ?", P_TEXT(f->province));
    if (f->status)
        where_add(&w, "a.status = ?", P_TEXT(f->status));
    if (f->flag)
        where_add(&w, "a.flag = ?", P_TEXT(f->flag));
    if (f->from)
        where_add(&w, "a.created_at >= ?", P_TEXT(f->from));
    if (f->to)   /* the whole day: any time of that date sorts below "T99" */
        where_add(&w, "a.created_at < ?", P_TEXT(arena_printf(a, "%sT99", f->to)));
    if (f->cin)
        where_add(&w, "a.cin = ?", P_TEXT(f->cin));
    if (f->phone)
        where_add(&w, "a.phone = ?", P_TEXT(f->phone));
    if (f->reference)
        where_add(&w, "a.reference = ?", P_TEXT(f->reference));
    if (f->after)
        where_add(&w, arena_printf(a, "%s %s ?", id, f->newest_first ? "<" : ">"),
                  P_INT(f->after));
    w.params[w.n++] = P_INT(f->limit);
    char *sql;
    if (how == NAME_WALK_BUCKET)
        /* The page's ids from the bucket (an application with two words in it comes
         * once), then their rows; the inner "a" hides the outer one. */
        sql = arena_printf(a,
                           "SELECT " APPLICATION_COLUMNS APPLICATION_FROM
                           "WHERE a.id IN (SELECT t.application_id FROM application_tokens t "
                           "JOIN applications a ON a.id = t.application_id%s "
                           "GROUP BY t.application_id ORDER BY t.application_id %s LIMIT ?) "
                           "ORDER BY a.id %s",
                           w.sql, dir, dir);
    else
        sql = arena_printf(a, "SELECT " APPLICATION_COLUMNS "%s%s ORDER BY a.id %s LIMIT ?", from,
                           w.sql, dir);
    struct db_rows *r = db_query(c, sql, w.params, w.n);
    if (!r)
        return DB_EFAIL;
    struct application *list = arena_alloc(a, sizeof *list * (size_t)(f->limit > 0 ? f->limit : 1));
    int n = 0, rc;
    while (n < f->limit && (rc = db_next(r)) == 1)
        read_application(r, a, &list[n++]);
    db_rows_close(r);
    if (rc < 0)
        return rc;
    *out = list;
    *count = n;
    return 0;
}
