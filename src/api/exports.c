/* Export of the staff list as a file: GET /api/v1/applications/export with
 * format=csv (the default) or xlsx and the filters of GET /api/v1/applications
 * (read by the list's own application_filter_or_reply, so both select the same
 * applications and a regional coordinator exports only her region).
 *
 * The whole filtered list, not a page: it is read from the store a page at a
 * time, each page in an arena of its own freed before the next, into a buffer
 * bounded by EXPORT_BYTES_MAX; past EXPORT_ROWS_MAX rows the answer is 422 asking
 * for narrower filters. CSV is UTF-8 with a byte order mark (what spreadsheet
 * programs need to read Arabic), comma-separated, with cells that a spreadsheet
 * would run as formulas neutralised; XLSX has a bold header row and text cells.
 * The file is named after the programme and the day:
 * applications-JISR-2026-11-22.csv. One audit entry "application.export" records
 * the format, the filter and the number of rows. */
#include "api/handlers.h"

#include "core/util.h"
#include "formats/csv.h"
#include "formats/xlsx_write.h"
#include "store/applications.h"

#include <stdlib.h>
#include <string.h>

#define EXPORT_ROWS_MAX 200000
/* Rows read per query. Large, because with a programme filter SQLite sorts the
 * programme's rows again for every page (no (program_id, id) index yet): 10,000
 * rows take some 5 MB of arena, and 200,000 rows take 20 queries. */
#define EXPORT_PAGE 10000
#define EXPORT_BYTES_MAX (256u << 20)

static const char *const columns[] = {
    "reference", "program", "status", "flag", "cin", "first_name", "last_name",
    "first_name_ar", "last_name_ar", "birth_date", "sex", "phone", "email", "region",
    "province", "commune", "education", "situation", "created_at"};
#define NCOLUMNS ARRAY_LEN(columns)

static const char xlsx_media_type[] =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

static void row_cells(const struct application *a, const char *cells[NCOLUMNS])
{
    const char *values[] = {a->reference, a->program_code, a->status, a->flag, a->cin,
                            a->first_name, a->last_name, a->first_name_ar, a->last_name_ar,
                            a->birth_date, a->sex, a->phone, a->email, a->region, a->province,
                            a->commune, a->education, a->situation, a->created_at};
    _Static_assert(ARRAY_LEN(values) == NCOLUMNS, "one value per column");
    memcpy(cells, values, sizeof values);
}

/* The file being built: CSV text in `out`, or an XLSX workbook (then `out` gets
 * the file at the end). */
struct export {
    struct strbuf out;
    struct xlsx_writer *xlsx;      /* NULL for CSV */
    int rows;
};

/* How building the file went (DB_E* codes are negative, these are not). */
enum fill_result { FILL_OK = 0, FILL_TOO_MANY = 1, FILL_WRITER_FAILED = 2 };

static enum fill_result write_row(struct export *e, const char *const cells[NCOLUMNS])
{
    if (!e->xlsx)   /* CSV fails only at the buffer's ceiling */
        return csv_write_row(&e->out, ',', cells, NCOLUMNS, CSV_GUARD_FORMULAS) == 0
                   ? FILL_OK
                   : FILL_TOO_MANY;
    for (size_t i = 0; i < NCOLUMNS; i++)
        if (xlsx_writer_text(e->xlsx, (uint32_t)e->rows + 1, (uint16_t)i, cells[i]) != 0)
            return FILL_WRITER_FAILED;
    return FILL_OK;
}

/* Reads the list page after page into the file: an enum fill_result, FILL_TOO_MANY
 * past EXPORT_ROWS_MAX rows or EXPORT_BYTES_MAX bytes, or a DB_E* code. */
static int fill(struct req *r, struct application_filter *f, struct export *e)
{
    for (;;) {
        struct arena page;
        arena_init(&page);
        struct application *list;
        int n = 0;
        int rc = applications_list(req_db(r), &page, f, &list, &n);
        for (int i = 0; rc == 0 && i < n; i++) {
            if (e->rows >= EXPORT_ROWS_MAX) {
                rc = FILL_TOO_MANY;
                break;
            }
            const char *cells[NCOLUMNS];
            row_cells(&list[i], cells);
            rc = write_row(e, cells);
            if (rc == FILL_OK)
                e->rows++;
        }
        if (rc == 0 && n > 0)
            f->after = list[n - 1].id;
        arena_free(&page);
        if (rc != 0 || n < f->limit)
            return rc;
    }
}

/* The filter as the audit log records it: what was asked, the region as the
 * caller's scope made it. */
static char *audit_details(struct req *r, const struct application_filter *f, const char *format,
                           int rows)
{
    static const char *const names[] = {"program", "province", "status", "flag", "from", "to",
                                        "sort", "q"};
    json_t *filter = json_object();
    for (size_t i = 0; i < ARRAY_LEN(names); i++) {
        const char *v = req_query(r, names[i]);
        if (v && utf8_valid(v, strlen(v)))
            json_object_set_new(filter, names[i], json_string(v));
    }
    if (f->region)
        json_object_set_new(filter, "region", json_string(f->region));
    json_t *d = json_pack("{s:s, s:o, s:i}", "format", format, "filter", filter, "count", rows);
    char *text = json_text(d, NULL);
    json_decref(d);
    return text;
}

/* attachment; filename="applications-JISR-2026-11-22.csv" (the programme only
 * when the list is of one, and only its code's letters and digits). */
static const char *disposition(struct req *r, const char *extension)
{
    const char *code = req_query(r, "program");
    char today[11];
    today_iso(today);
    bool plain = code && *code && strlen(code) <= 16 &&
                 strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") == strlen(code);
    return arena_printf(&r->arena, "attachment; filename=\"applications-%s%s%s.%s\"",
                        plain ? code : "", plain ? "-" : "", today, extension);
}

static void export_free(struct export *e)
{
    if (e->xlsx)
        xlsx_writer_discard(e->xlsx);
    strbuf_free(&e->out);
}

void api_applications_export(struct req *r)
{
    const char *format = req_query(r, "format");
    bool xlsx = format && strcmp(format, "xlsx") == 0;
    if (format && !xlsx && strcmp(format, "csv") != 0) {
        reply_field_error(r, 422, "validation_failed", "format", "invalid_value");
        return;
    }
    struct application_filter f = {.limit = EXPORT_PAGE};
    if (!application_filter_or_reply(r, &f))
        return;

    struct export e = {.rows = 0};
    strbuf_init(&e.out, EXPORT_BYTES_MAX);
    if (xlsx) {
        e.xlsx = xlsx_writer_open("applications");
        if (!e.xlsx || xlsx_writer_header(e.xlsx, columns, NCOLUMNS) != 0) {
            export_free(&e);
            reply_error(r, 503, "service_unavailable");
            return;
        }
    } else if (csv_write_bom(&e.out) != 0 ||
               csv_write_row(&e.out, ',', columns, NCOLUMNS, 0) != 0) {
        export_free(&e);
        reply_error(r, 503, "service_unavailable");
        return;
    }

    int rc = fill(r, &f, &e);
    if (rc == FILL_OK && e.xlsx) {
        enum xlsx_write_result w = xlsx_writer_finish(e.xlsx, &e.out);
        e.xlsx = NULL;
        rc = w == XLSX_WRITE_OK         ? FILL_OK
             : w == XLSX_WRITE_TOO_LARGE ? FILL_TOO_MANY
                                         : FILL_WRITER_FAILED;
    }
    if (rc != FILL_OK) {
        export_free(&e);
        if (rc == FILL_TOO_MANY)
            reply_field_error(r, 422, "validation_failed", "filter", "too_many");
        else if (rc == FILL_WRITER_FAILED)
            reply_error(r, 503, "service_unavailable");
        else
            reply_db_error(r, "export applications");
        return;
    }

    char *details = audit_details(r, &f, xlsx ? "xlsx" : "csv", e.rows);
    rc = req_audit(r, false, "application.export", "application", NULL, "success", details);
    free(details);
    if (rc < 0) {
        export_free(&e);
        reply_db_error(r, "audit");
        return;
    }
    req_add_header(r, "Content-Disposition", disposition(r, xlsx ? "xlsx" : "csv"));
    reply_bytes(r, 200, xlsx ? xlsx_media_type : "text/csv; charset=utf-8",
                e.out.data ? e.out.data : "", e.out.len);
    export_free(&e);
}
