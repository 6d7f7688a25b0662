/* CSV reading with libcsv and writing (see csv.h).
 *
 * libcsv reports fields and records but not where they are in the file, so the
 * text is fed to it one line at a time (a line ends at LF, CRLF or a lone CR):
 * an unquoted line end always ends a record, so a record ends exactly at the end
 * of a piece. After a piece, a record still open means its line end was inside
 * quotes; any other line end starts a new spreadsheet row. Long lines go in
 * pieces of PIECE_BYTES, and between pieces the size of libcsv's field buffer is
 * checked, which keeps a giant quoted field from growing it unseen. Since a record
 * ends at the end of a piece, reading can stop after any record: csv_rows_next()
 * feeds pieces until one ends, and csv_read_sheet() is a loop over it. */
#include "formats/csv.h"

#include "core/util.h"

#include <csv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define PIECE_BYTES 65536
#define FIELD_BLOCK 4096   /* libcsv's field buffer grows by this much at a time */

static const char utf8_bom[] = "\xEF\xBB\xBF";

/* The reading state, kept between calls of csv_rows_next(). */
struct csv_rows {
    const char *data;
    size_t len, pos;           /* pos: where the next piece starts */
    const struct sheet_limits *lim;
    struct csv_parser parser;
    struct arena *a;           /* where the texts of the row being read go */
    struct sheet_cell *cells;  /* the row being read; malloc'd, freed by csv_rows_close */
    int ncells, cap;           /* cells kept (at most max_columns) */
    int column;                /* the index of the next field of the record */
    long row;                  /* the spreadsheet row being fed, from 1 */
    long start;                /* the row the current record started on */
    bool in_record;
    bool row_ready;            /* a record with a non-empty cell just ended */
    bool finished;             /* the whole text went to libcsv */
    int rows_given;            /* rows handed out so far, against max_rows */
    enum sheet_status status;
    long status_row;
};

static void fail(struct csv_rows *rd, enum sheet_status status, long row)
{
    if (rd->status == SHEET_OK) {
        rd->status = status;
        rd->status_row = row;
    }
}

static void on_field(void *text, size_t len, void *data)
{
    struct csv_rows *rd = data;
    if (rd->status != SHEET_OK)
        return;
    int column = rd->column++;
    if (column >= rd->lim->max_columns) {
        if (len)   /* empty cells past the last column are only trailing separators */
            fail(rd, SHEET_TOO_MANY_COLUMNS, rd->start);
        return;
    }
    if (len > rd->lim->max_cell_bytes) {
        fail(rd, SHEET_CELL_TOO_LONG, rd->start);
        return;
    }
    if (rd->ncells == rd->cap) {
        rd->cap = rd->cap ? rd->cap * 2 : 16;
        rd->cells = xrealloc(rd->cells, sizeof *rd->cells * (size_t)rd->cap);
    }
    struct sheet_cell *c = &rd->cells[rd->ncells++];
    c->text = "";
    c->flags = 0;
    if (len) {
        char *copy = arena_alloc(rd->a, len + 1);
        memcpy(copy, text, len);
        copy[len] = '\0';
        c->text = copy;
        if (!utf8_valid(copy, len))   /* also refuses NUL, which would cut the text */
            c->flags = CELL_BAD_UTF8;
    }
}

static void on_record(int terminator, void *data)
{
    (void)terminator;
    struct csv_rows *rd = data;
    while (rd->ncells > 0 && !rd->cells[rd->ncells - 1].text[0] &&
           !rd->cells[rd->ncells - 1].flags)
        rd->ncells--;
    if (rd->status == SHEET_OK && rd->ncells > 0) {
        if (rd->rows_given >= rd->lim->max_rows)
            fail(rd, SHEET_TOO_MANY_ROWS, rd->start);
        else
            rd->row_ready = true;
    }
    if (!rd->row_ready)
        rd->ncells = 0;   /* a blank record: nothing to hand out */
    rd->column = 0;
    rd->in_record = false;
}

/* Only spaces, tabs and line ends: libcsv starts no record on such a line. */
static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}

char csv_detect_separator(const char *data, size_t len)
{
    size_t i = len >= 3 && memcmp(data, utf8_bom, 3) == 0 ? 3 : 0;
    size_t commas = 0, semicolons = 0;
    bool quoted = false;
    for (; i < len; i++) {
        char c = data[i];
        if (c == '"')
            quoted = !quoted;   /* a doubled quote toggles twice: still inside */
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        else if (!quoted && c == ',')
            commas++;
        else if (!quoted && c == ';')
            semicolons++;
    }
    return semicolons > commas ? ';' : ',';
}

/* The end of the piece starting at `pos`: just after the next line end, or
 * PIECE_BYTES further. *line_end tells which. */
static size_t piece_end(const char *data, size_t len, size_t pos, bool *line_end)
{
    size_t end = pos;
    while (end < len && end - pos < PIECE_BYTES && data[end] != '\n' && data[end] != '\r')
        end++;
    *line_end = end < len && (data[end] == '\n' || data[end] == '\r');
    if (*line_end) {
        if (data[end] == '\r' && end + 1 < len && data[end + 1] == '\n')
            end++;
        end++;
    }
    return end;
}

static void parse_failed(struct csv_rows *rd, long row)
{
    if (csv_error(&rd->parser) != CSV_EPARSE)
        die_oom();   /* CSV_ENOMEM: the one out-of-memory policy */
    fail(rd, SHEET_MALFORMED, row);
}

struct csv_rows *csv_rows_open(const char *data, size_t len, const struct sheet_limits *limits)
{
    struct csv_rows *rd = xmalloc(sizeof *rd);
    *rd = (struct csv_rows){.data = data, .len = len, .lim = limits, .row = 1, .start = 1};
    if (len >= 3 && memcmp(data, utf8_bom, 3) == 0) {
        rd->pos = 3;
    } else if (len >= 2 && ((unsigned char)data[0] == 0xFF || (unsigned char)data[0] == 0xFE) &&
               ((unsigned char)data[1] ^ (unsigned char)data[0]) == 0x01) {
        fail(rd, SHEET_MALFORMED, 1);   /* UTF-16 ("Unicode text"): not what we read */
    }
    if (csv_init(&rd->parser, CSV_STRICT | CSV_STRICT_FINI) != 0)
        die_oom();
    csv_set_delim(&rd->parser, (unsigned char)csv_detect_separator(data, len));
    csv_set_realloc_func(&rd->parser, xrealloc);
    csv_set_blk_size(&rd->parser, FIELD_BLOCK);
    return rd;
}

/* Feeds libcsv the next piece, or ends the text when none is left. */
static void feed_piece(struct csv_rows *rd)
{
    if (rd->pos >= rd->len) {
        rd->finished = true;
        if (csv_fini(&rd->parser, on_field, on_record, rd) != 0)
            parse_failed(rd, rd->start);   /* a quoted field never closed */
        return;
    }
    bool line_end;
    size_t end = piece_end(rd->data, rd->len, rd->pos, &line_end);
    if (!rd->in_record && !blank(rd->data + rd->pos, end - rd->pos)) {
        rd->in_record = true;
        rd->start = rd->row;
    }
    if (csv_parse(&rd->parser, rd->data + rd->pos, end - rd->pos, on_field, on_record, rd) !=
        end - rd->pos) {
        parse_failed(rd, rd->row);
        return;
    }
    if (csv_get_buffer_size(&rd->parser) > rd->lim->max_cell_bytes + FIELD_BLOCK)
        fail(rd, SHEET_CELL_TOO_LONG, rd->start);
    if (line_end && !rd->in_record)
        rd->row++;
    rd->pos = end;
}

enum sheet_status csv_rows_next(struct csv_rows *rd, struct arena *a, struct sheet_row *row,
                                struct sheet_error *err)
{
    rd->a = a;
    rd->ncells = 0;
    rd->row_ready = false;
    /* A piece ends at the first line end: at most one record ends in it. */
    while (!rd->row_ready && rd->status == SHEET_OK && !rd->finished)
        feed_piece(rd);
    err->status = rd->status;
    err->row = rd->status == SHEET_OK ? 0 : rd->status_row;
    *row = (struct sheet_row){.number = rd->start};
    if (rd->status == SHEET_OK && rd->row_ready) {
        rd->rows_given++;
        row->ncells = rd->ncells;
        row->cells = rd->cells;
    }
    return rd->status;
}

void csv_rows_close(struct csv_rows *rd)
{
    if (!rd)
        return;
    csv_free(&rd->parser);
    free(rd->cells);
    free(rd);
}

enum sheet_status csv_read_sheet(struct arena *a, const char *data, size_t len,
                                 const struct sheet_limits *limits, struct sheet *out,
                                 struct sheet_error *err)
{
    sheet_init(out);
    struct csv_rows *rd = csv_rows_open(data, len, limits);
    struct sheet_row row;
    enum sheet_status st;
    while ((st = csv_rows_next(rd, a, &row, err)) == SHEET_OK && row.ncells > 0) {
        st = sheet_add_row(a, out, limits, row.number, row.cells, row.ncells);
        if (st != SHEET_OK) {
            *err = (struct sheet_error){.status = st, .row = row.number};
            break;
        }
    }
    csv_rows_close(rd);
    return st;
}

/* ---- Writing ---- */

int csv_write_bom(struct strbuf *out)
{
    return strbuf_append(out, utf8_bom, 3);
}

static bool needs_quotes(const char *s, char sep)
{
    size_t n = strlen(s);
    if (n == 0)
        return false;
    /* Surrounding blanks would be dropped by readers such as libcsv. */
    if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')
        return true;
    /* Both separators, whichever is used: a reader guessing it from the header
     * line (csv_detect_separator) then cannot be misled by a cell. */
    for (const char *p = s; *p; p++)
        if (*p == sep || *p == ',' || *p == ';' || *p == '"' || *p == '\r' || *p == '\n')
            return true;
    return false;
}

/* An optional sign, digits, and optionally a dot and more digits. */
static bool plain_number(const char *s)
{
    if (*s == '+' || *s == '-')
        s++;
    size_t digits = strspn(s, "0123456789");
    if (digits == 0)
        return false;
    s += digits;
    if (*s == '.') {
        s++;
        digits = strspn(s, "0123456789");
        if (digits == 0)
            return false;
        s += digits;
    }
    return *s == '\0';
}

static bool formula_like(const char *s)
{
    return s[0] && strchr("=+-@\t\r", s[0]) && !plain_number(s);
}

/* Appends `prefix` then `s`, all inside quotes (with quotes in `s` doubled)
 * when `quote`. */
static int append_field(struct strbuf *out, const char *prefix, const char *s, bool quote)
{
    if (!quote)
        return strbuf_puts(out, prefix) != 0 || strbuf_puts(out, s) != 0 ? -1 : 0;
    if (strbuf_append(out, "\"", 1) != 0 || strbuf_puts(out, prefix) != 0)
        return -1;
    for (const char *q; (q = strchr(s, '"')); s = q + 1)
        if (strbuf_append(out, s, (size_t)(q - s) + 1) != 0 || strbuf_append(out, "\"", 1) != 0)
            return -1;
    return strbuf_puts(out, s) != 0 || strbuf_append(out, "\"", 1) != 0 ? -1 : 0;
}

int csv_write_row(struct strbuf *out, char sep, const char *const cells[], size_t n,
                  unsigned flags)
{
    for (size_t i = 0; i < n; i++) {
        const char *s = cells[i] ? cells[i] : "";
        if (i > 0 && strbuf_append(out, &sep, 1) != 0)
            return -1;
        bool guard = (flags & CSV_GUARD_FORMULAS) && formula_like(s);
        if (append_field(out, guard ? "'" : "", s, needs_quotes(s, sep)) != 0)
            return -1;
    }
    return strbuf_append(out, "\r\n", 2);
}
