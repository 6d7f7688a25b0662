/* Import of registrations from a file: staff send a CSV or XLSX file (registrations
 * collected on paper, or exported by another system) to
 * POST /api/v1/programs/{code}/applications/import[?dry_run=1].
 *
 * Every row is judged exactly as a public registration (formats/import_rows.h):
 * the applicant's fields, the programme's eligibility, a CIN given twice in the
 * file or already registered in the programme, and for a regional coordinator
 * the region, which must be hers. The file is imported whole or not at all:
 * nothing is written on a dry run or when any row is bad; otherwise every row is
 * registered in one transaction (source "import", the staff member as actor),
 * with one audit entry per application and one for the import. That transaction
 * holds SQLite's write lock (on PostgreSQL, the reference counters of the regions
 * in the file) until it ends: other registrations wait meanwhile, some 0.2–0.5 ms
 * per imported row. The rows are first checked outside any transaction, so a bad
 * file never takes the lock.
 *
 * The answer is a report of every row's fate:
 *   {"dry_run":false,"rows":3,"valid":3,"invalid":0,"imported":3,"errors":[],
 *    "results":[{"row":2,"reference":"JISR-MA-09-000001","status":"submitted"}…]}
 * with 200 for a dry run (whatever it found) and for an import done; an import
 * refused because of bad rows answers 422 import_rejected with the same report
 * inside the error object, so that a client that only looks at the status does
 * not take a refused import for a done one. Errors are
 * {"row":12,"field":"cin","code":"invalid_format","message":"…"}, row numbers as
 * the file shows them; eligibility failures have code "not_eligible" and the
 * "rule"; a CIN repeated in the file names the "other_row". At most
 * IMPORT_ERRORS_LISTED errors are listed ("errors_truncated":true beyond).
 *
 * A file that cannot be read at all answers 422 with a code of its own
 * (invalid_file, too_many_rows, too_many_columns, cell_too_long, file_too_large)
 * and the "row" where reading stopped; a header that names unknown columns or
 * misses required ones answers 422 validation_failed naming them. Staff may
 * import into a programme whose public registration is closed: paper forms
 * collected while it was open arrive later. */
#include "api/handlers.h"

#include "core/util.h"
#include "domain/applicant.h"
#include "domain/eligibility.h"
#include "domain/regions.h"
#include "domain/roles.h"
#include "domain/search_keys.h"
#include "formats/csv.h"
#include "formats/import_rows.h"
#include "formats/xlsx_read.h"
#include "store/applications.h"
#include "store/programs.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define IMPORT_ROWS_MAX 200000             /* data rows of one file */
#define IMPORT_CELL_MAX (32u * 1024)       /* bytes of one cell */
#define IMPORT_UNPACKED_MAX (512u << 20)   /* XLSX: XML bytes unpacked */
#define IMPORT_ERRORS_LISTED 1000

static const char xlsx_media_type[] =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

enum file_format { FORMAT_NONE, FORMAT_CSV, FORMAT_XLSX };

/* The format named by Content-Type (its media type, parameters ignored). */
static enum file_format format_of(const char *content_type)
{
    if (!content_type)
        return FORMAT_NONE;
    size_t n = strcspn(content_type, ";");
    while (n > 0 && (content_type[n - 1] == ' ' || content_type[n - 1] == '\t'))
        n--;
    if (n == strlen("text/csv") && strncasecmp(content_type, "text/csv", n) == 0)
        return FORMAT_CSV;
    if (n == strlen(xlsx_media_type) && strncasecmp(content_type, xlsx_media_type, n) == 0)
        return FORMAT_XLSX;
    return FORMAT_NONE;
}

/* ?dry_run=: 1/true or 0/false (absent: false); answers 422 otherwise. */
static bool dry_run_or_reply(struct req *r, bool *dry_run)
{
    const char *v = req_query(r, "dry_run");
    *dry_run = v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
    if (!v || *dry_run || strcmp(v, "0") == 0 || strcmp(v, "false") == 0)
        return true;
    reply_field_error(r, 422, "validation_failed", "dry_run", "invalid_value");
    return false;
}

/* The programme's rules, parsed; answers 503 (they are validated when stored). */
static bool rules_or_reply(struct req *r, const struct program *p, struct eligibility *rules)
{
    json_t *json = json_loads(p->eligibility, 0, NULL);
    struct field_problems problems;
    int rc = eligibility_parse(json, rules, &problems);
    json_decref(json);
    if (rc == 0)
        return true;
    reply_error(r, 503, "service_unavailable");
    return false;
}

static const struct sheet_limits import_limits = {
    .max_rows = IMPORT_ROWS_MAX + 1,   /* and the header */
    .max_columns = IMPORT_COLUMNS_MAX,
    .max_cell_bytes = IMPORT_CELL_MAX,
    .max_unpacked_bytes = IMPORT_UNPACKED_MAX,
};

/* The rows of the file, read once per pass (the header first). A CSV file is read
 * again from its text each time: the text takes a quarter of what its rows take as
 * cells (100,000 rows: 13 MB against some 55 MB). An XLSX file is read once into
 * a sheet, since its rows cannot be found again without unpacking it again. */
struct row_source {
    enum file_format format;
    struct sheet sheet;             /* XLSX */
    int next;                       /* XLSX: the index of the next row */
    const char *text;               /* CSV: the request's body */
    size_t len;
    struct csv_rows *csv;           /* CSV: the pass under way; owned */
    struct arena row_texts;         /* CSV: the texts of the row last read */
    struct sheet_row row;           /* CSV: the row last read */
    int nrows;                      /* rows of the file, the header included */
};

static void source_rewind(struct row_source *src)
{
    src->next = 0;
    if (src->format == FORMAT_CSV) {
        csv_rows_close(src->csv);
        src->csv = csv_rows_open(src->text, src->len, &import_limits);
    }
}

/* The next row of the pass, NULL at its end; valid until the next call. `err` says
 * why reading stopped early (CSV: only in the first pass, which the later ones
 * repeat byte for byte). */
static const struct sheet_row *source_next(struct row_source *src, struct sheet_error *err)
{
    *err = (struct sheet_error){.status = SHEET_OK};
    if (src->format == FORMAT_XLSX)
        return src->next < src->sheet.nrows ? &src->sheet.rows[src->next++] : NULL;
    arena_free(&src->row_texts);
    arena_init(&src->row_texts);
    if (csv_rows_next(src->csv, &src->row_texts, &src->row, err) != SHEET_OK ||
        src->row.ncells == 0)
        return NULL;
    return &src->row;
}

static void source_close(struct row_source *src)
{
    if (src->format == FORMAT_CSV) {
        csv_rows_close(src->csv);
        arena_free(&src->row_texts);
    }
}

/* Reads the file through once, or answers 422 with why it cannot be read (then
 * nothing is left to close). */
static bool source_or_reply(struct req *r, enum file_format format, struct row_source *src)
{
    *src = (struct row_source){.format = format, .text = r->body.data ? r->body.data : "",
                               .len = r->body.len};
    struct sheet_error err = {.status = SHEET_OK};
    if (format == FORMAT_XLSX) {
        err.status = xlsx_read_sheet(&r->arena, src->text, src->len, &import_limits,
                                     &src->sheet, &err);
        src->nrows = src->sheet.nrows;
        /* The sheet holds its own copy of every cell: the file (up to
         * --max-upload bytes) need not stay in memory through the import. */
        if (err.status == SHEET_OK)
            strbuf_free(&r->body);
    } else {
        arena_init(&src->row_texts);
        source_rewind(src);
        while (source_next(src, &err))
            src->nrows++;
    }
    if (err.status == SHEET_OK)
        return true;
    source_close(src);
    const char *code = sheet_status_code(err.status);
    json_t *e = json_pack("{s:s, s:s}", "code", code, "message", req_text(r, code));
    if (err.row > 0)
        json_object_set_new(e, "row", json_integer(err.row));
    reply_json(r, 422, json_pack("{s:o}", "error", e));
    return false;
}

/* Starts a pass over the data rows, past the header. */
static void source_data_rows(struct row_source *src)
{
    struct sheet_error err;
    source_rewind(src);
    source_next(src, &err);
}

/* The header's columns, or answers 422 validation_failed naming the bad ones. */
static bool columns_or_reply(struct req *r, struct row_source *src, struct import_columns *cols)
{
    struct field_problems problems;
    struct sheet_error err;
    source_rewind(src);
    if (import_columns_read(source_next(src, &err), cols, &problems))
        return true;
    struct field_errors fe;
    req_field_errors(r, &fe);
    field_errors_add_problems(&fe, &problems);
    reply_field_errors(r, &fe);
    return false;
}

/* ---- The report ---- */

struct report {
    struct req *r;
    bool dry_run;
    int rows, valid, invalid, imported;
    json_t *errors;                 /* the errors listed */
    bool truncated;
    /* The results of the rows imported, as the text of JSON array items: 100,000
     * rows as JSON values would take some 40 MB; as text, 7 MB. */
    struct strbuf results;
    bool imported_rows;             /* results hold the rows of a done import */
};

/* Lists one error of data row `row`. `code` is a problem code; the
 * "not_eligible.<rule>" codes of import_rows.h become code not_eligible with
 * the rule. `other_row` > 0 is named as the row a duplicate repeats. */
static void report_error(struct report *rep, long row, const char *field, const char *code,
                         long other_row)
{
    if (json_array_size(rep->errors) >= IMPORT_ERRORS_LISTED) {
        rep->truncated = true;
        return;
    }
    json_t *e = json_pack("{s:I, s:s, s:s, s:s}", "row", (json_int_t)row, "field", field,
                          "code", code, "message", req_text(rep->r, code));
    if (strncmp(code, "not_eligible.", 13) == 0) {
        json_object_set_new(e, "code", json_string("not_eligible"));
        json_object_set_new(e, "rule", json_string(code + 13));
    }
    if (other_row > 0)
        json_object_set_new(e, "other_row", json_integer(other_row));
    json_array_append_new(rep->errors, e);
}

/* The report as a JSON object (taking the lists), without the results. */
static json_t *report_json(struct report *rep)
{
    json_t *o = json_pack("{s:b, s:i, s:i, s:i, s:i, s:o}", "dry_run", rep->dry_run, "rows",
                          rep->rows, "valid", rep->valid, "invalid", rep->invalid, "imported",
                          rep->imported, "errors", rep->errors);
    rep->errors = NULL;
    if (rep->truncated)
        json_object_set_new(o, "errors_truncated", json_true());
    return o;
}

static char *report_audit_details(struct report *rep, const struct program *p,
                                  enum file_format format)
{
    json_t *d = json_pack("{s:s, s:s, s:b, s:i, s:i, s:i, s:i}", "program", p->code, "format",
                          format == FORMAT_CSV ? "csv" : "xlsx", "dry_run", rep->dry_run, "rows",
                          rep->rows, "valid", rep->valid, "invalid", rep->invalid, "imported",
                          rep->imported);
    char *text = json_text(d, NULL);
    json_decref(d);
    return text;
}

/* Records the import in the audit log: in the import's transaction when
 * `in_transaction`, else on its own. */
static int audit_import(struct req *r, struct report *rep, const struct program *p,
                        enum file_format format, bool in_transaction, const char *outcome)
{
    char *details = report_audit_details(rep, p, format);
    int rc = req_audit(r, in_transaction, "application.import", "program", p->code, outcome,
                       details);
    free(details);
    return rc;
}

/* ---- Checking the rows ---- */

struct cin_row {
    char cin[CIN_SIZE];
    int index;                      /* the data row's index, from 0 */
};

static int compare_cin_rows(const void *a, const void *b)
{
    const struct cin_row *x = a, *y = b;
    int c = strcmp(x->cin, y->cin);
    return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* For each data row, in file order, the row number of an earlier row with the
 * same CIN, or 0; and the normalised CIN of each row ("" when it has no valid
 * one). Makes a pass over the rows. */
static long *repeated_cins(struct req *r, struct row_source *src,
                           const struct import_columns *cols, char (**cins)[CIN_SIZE])
{
    int n = src->nrows > 0 ? src->nrows - 1 : 0;
    long *earlier = arena_zalloc(&r->arena, sizeof *earlier * (size_t)n + 1);
    long *numbers = arena_alloc(&r->arena, sizeof *numbers * (size_t)n + 1);
    *cins = arena_zalloc(&r->arena, sizeof **cins * (size_t)n + 1);
    struct cin_row *list = arena_alloc(&r->arena, sizeof *list * (size_t)n + 1);
    int count = 0;
    struct sheet_error err;
    const struct sheet_row *row;
    source_data_rows(src);
    for (int i = 0; i < n && (row = source_next(src, &err)) != NULL; i++) {
        numbers[i] = row->number;
        if (import_row_cin(cols, row, (*cins)[i])) {
            memcpy(list[count].cin, (*cins)[i], CIN_SIZE);
            list[count++].index = i;
        }
    }
    qsort(list, (size_t)count, sizeof *list, compare_cin_rows);
    for (int i = 1; i < count; i++) {
        int first = i;
        while (first > 0 && strcmp(list[first - 1].cin, list[i].cin) == 0)
            first--;
        if (first != i)
            earlier[list[i].index] = numbers[list[first].index];
    }
    return earlier;
}

/* 1 when the programme already has an application with this CIN, 0 when not. */
static int registered_cin(struct db_conn *c, int64_t program_id, const char *cin)
{
    struct arena scratch;
    arena_init(&scratch);
    struct application_filter f = {.program_id = program_id, .cin = cin, .limit = 1};
    struct application *found;
    int n = 0;
    int rc = applications_list(c, &scratch, &f, &found, &n);
    arena_free(&scratch);
    return rc < 0 ? rc : n > 0;
}

/* Judges every data row into the report (two passes over the rows). Returns 0,
 * or DB_E* when the database failed. */
static int check_rows(struct req *r, const struct program *p, const struct eligibility *rules,
                      struct row_source *src, const struct import_columns *cols,
                      struct date today, struct report *rep)
{
    char (*cins)[CIN_SIZE];
    long *earlier = repeated_cins(r, src, cols, &cins);
    struct applicant_clean *clean = arena_alloc(&r->arena, sizeof *clean);
    bool regional = role_scope(r->user->role) == SCOPE_REGION;
    struct db_conn *c = req_db(r);
    struct field_problems problems;
    struct sheet_error err;
    const struct sheet_row *row;
    source_data_rows(src);
    for (int i = 0; (row = source_next(src, &err)) != NULL; i++) {
        bool ok = import_row_validate(cols, row, src->sheet.date1904, rules, today, clean,
                                      &problems);
        for (int k = 0; k < problems.count; k++)
            report_error(rep, row->number, problems.items[k].field, problems.items[k].code, 0);
        if (ok && regional && strcmp(clean->region->code, r->user->region) != 0) {
            report_error(rep, row->number, "region", "out_of_scope", 0);
            ok = false;
        }
        if (earlier[i]) {
            report_error(rep, row->number, "cin", "duplicate_in_file", earlier[i]);
            ok = false;
        } else if (cins[i][0]) {
            int found = registered_cin(c, p->id, cins[i]);
            if (found < 0)
                return found;
            if (found) {
                report_error(rep, row->number, "cin", "duplicate", 0);
                ok = false;
            }
        }
        rep->rows++;
        if (ok)
            rep->valid++;
        else
            rep->invalid++;
    }
    return 0;
}

/* ---- Registering ---- */

/* The targets of the regions met so far (-1: none), read once per region. */
struct targets {
    const struct region *region[32];
    int64_t target[32];
    int n;
};

static int target_of(struct db_conn *c, int64_t program_id, const struct region *region,
                     struct targets *t, int64_t *target)
{
    for (int i = 0; i < t->n; i++)
        if (t->region[i] == region) {
            *target = t->target[i];
            return 0;
        }
    int rc = programs_target_of(c, program_id, region->code, target);
    if (rc < 0)
        return rc;
    if (rc == 0)
        *target = -1;
    if (t->n < (int)ARRAY_LEN(t->region)) {
        t->region[t->n] = region;
        t->target[t->n++] = *target;
    }
    return 0;
}

/* Registers one checked row inside the open transaction, its audit entry in the
 * import's run; adds its result. */
static int register_row(struct req *r, const struct program *p,
                        const struct applicant_clean *clean, const struct sheet_row *row,
                        struct targets *targets, struct registration_tally *tally,
                        struct audit_run *audit, struct report *rep)
{
    struct db_conn *c = req_db(r);
    struct arena scratch;   /* this row's keys and texts: 100,000 rows need not pile up */
    arena_init(&scratch);
    struct new_application n = {.program_id = p->id, .program_code = p->code,
                                .applicant = clean, .source = "import",
                                .actor_id = r->user->id, .actor = r->user->username};
    search_keys_for(&scratch, clean, &n.keys);
    struct registered done;
    int rc = target_of(c, p->id, clean->region, targets, &n.target);
    if (rc == 0)
        rc = applications_register_tallied(c, &n, tally, &done);
    if (rc == 0) {
        char at[21];
        now_rfc3339(at);
        struct audit_entry e = req_audit_entry(r, at, "application.create", "application",
                                               arena_printf(&scratch, "%lld", (long long)done.id),
                                               "success", "{\"source\":\"import\"}");
        rc = audit_run_append(c, audit, &e);
    }
    arena_free(&scratch);
    if (rc != 0)
        return rc;
    json_t *result = json_pack("{s:I, s:s, s:s}", "row", (json_int_t)row->number, "reference",
                               done.reference, "status", done.status);
    if (done.duplicate_of)
        json_object_set_new(result, "flag", json_string("probable_duplicate"));
    rc = (rep->imported && strbuf_puts(&rep->results, ",") != 0) ||
                 json_text_append(&rep->results, result) != 0
             ? DB_EFAIL
             : 0;
    json_decref(result);
    if (rc == 0)
        rep->imported++;
    return rc;
}

/* Registers every row in one transaction, the import's audit entry with them.
 * Returns 0; 1 when a CIN was registered by someone else since the check (that
 * row is reported, nothing is written); or DB_E*. */
static int register_rows(struct req *r, const struct program *p, const struct eligibility *rules,
                         struct row_source *src, const struct import_columns *cols,
                         struct date today, enum file_format format, struct report *rep)
{
    struct db_conn *c = req_db(r);
    struct applicant_clean *clean = arena_alloc(&r->arena, sizeof *clean);
    struct targets targets = {.n = 0};
    struct registration_tally *tally = arena_zalloc(&r->arena, sizeof *tally);
    struct audit_run audit;
    int rc = db_begin(c);
    if (rc < 0)
        return rc;
    db_set_writer(c, true);
    rc = audit_run_begin(c, &audit);
    struct field_problems problems;
    struct sheet_error err;
    const struct sheet_row *row;
    source_data_rows(src);
    while (rc == 0 && (row = source_next(src, &err)) != NULL) {
        /* Checked already, and pure: only the clean form is wanted again, one row
         * at a time, rather than keeping 6.5 KB per row between the passes. */
        if (!import_row_validate(cols, row, src->sheet.date1904, rules, today, clean,
                                 &problems))
            rc = DB_EFAIL;
        else
            rc = register_row(r, p, clean, row, &targets, tally, &audit, rep);
        if (rc == DB_EUNIQUE) {
            report_error(rep, row->number, "cin", "duplicate", 0);
            rep->valid--;
            rep->invalid++;
        }
    }
    if (rc == 0)
        rc = applications_tally_flush(c, tally);
    if (rc == 0)
        rc = audit_run_end(c, &audit);
    if (rc == 0)
        rc = audit_import(r, rep, p, format, true, "success");
    if (rc == 0)
        rc = db_commit(c);
    else
        db_rollback(c);
    db_set_writer(c, false);
    rep->imported_rows = rc == 0;
    if (rc != 0) {
        rep->imported = 0;
        strbuf_free(&rep->results);
    }
    return rc == DB_EUNIQUE ? 1 : rc;
}

/* ---- The handler ---- */

/* Answers with the report: 200, or 422 import_rejected around it. */
static void reply_report(struct req *r, struct report *rep, bool rejected)
{
    json_t *report = report_json(rep);
    if (!rejected && rep->imported_rows) {
        /* The results go last: the report's text, but for its closing brace, is
         * put in front of them, in place (they are some 70 bytes a row). */
        char *head = json_text(report, NULL);
        json_decref(report);
        struct strbuf *out = &rep->results;
        char *front = head ? arena_printf(&r->arena, "%.*s,\"results\":[",
                                          (int)strlen(head) - 1, head)
                           : NULL;
        bool ok = front && strbuf_prepend(out, front, strlen(front)) == 0 &&
                  strbuf_puts(out, "]}") == 0;
        free(head);
        if (ok) {
            size_t len = out->len;
            reply_owned(r, 200, "application/json; charset=utf-8", strbuf_take(out), len);
        } else {
            strbuf_free(out);
            reply_error(r, 503, "service_unavailable");
        }
        return;
    }
    if (!rejected) {
        reply_json(r, 200, report);
        return;
    }
    json_t *e = json_pack("{s:s, s:s}", "code", "import_rejected", "message",
                          req_text(r, "import_rejected"));
    json_object_update(e, report);
    json_decref(report);
    reply_json(r, 422, json_pack("{s:o}", "error", e));
}

/* Checks the rows and, unless this is a dry run or a row is bad, imports them;
 * answers either way. */
static void import_rows(struct req *r, const struct program *p, const struct eligibility *rules,
                        struct row_source *src, const struct import_columns *cols,
                        enum file_format format, bool dry_run)
{
    struct date today = date_today_utc();
    struct report rep = {.r = r, .dry_run = dry_run, .errors = json_array()};
    strbuf_init(&rep.results, SIZE_MAX);
    if (check_rows(r, p, rules, src, cols, today, &rep) < 0) {
        json_decref(rep.errors);
        reply_db_error(r, "check import");
        return;
    }
    bool rejected = !dry_run && rep.invalid > 0;
    if (!dry_run && !rejected && rep.rows > 0) {
        int rc = register_rows(r, p, rules, src, cols, today, format, &rep);
        if (rc < 0) {
            json_decref(rep.errors);
            reply_db_error(r, "import");
            return;
        }
        rejected = rc == 1;
        if (!rejected) {
            reply_report(r, &rep, false);
            return;
        }
    }
    /* Nothing was written: the attempt is recorded on its own. */
    if (audit_import(r, &rep, p, format, false,
                     dry_run ? "dry_run" : rejected ? "rejected" : "success") < 0) {
        json_decref(rep.errors);
        reply_db_error(r, "audit");
        return;
    }
    reply_report(r, &rep, rejected);
}

void api_applications_import(struct req *r)
{
    struct program p;
    if (!program_or_reply(r, r->params[0], &p))
        return;
    enum file_format format = format_of(req_header(r, "Content-Type"));
    if (format == FORMAT_NONE) {
        reply_error(r, 415, "unsupported_media_type");
        return;
    }
    bool dry_run;
    struct eligibility rules;
    if (!dry_run_or_reply(r, &dry_run) || !rules_or_reply(r, &p, &rules))
        return;
    struct row_source src;
    if (!source_or_reply(r, format, &src))
        return;
    struct import_columns cols;
    if (columns_or_reply(r, &src, &cols))
        import_rows(r, &p, &rules, &src, &cols, format, dry_run);
    source_close(&src);
}

