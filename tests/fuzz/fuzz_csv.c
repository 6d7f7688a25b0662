/* Fuzzes CSV import, from raw bytes to registration rows: csv_read_sheet() under
 * small limits, then the sheet written back with csv_write_row() and read again,
 * then the header and rows through import_rows.h as the import endpoint does.
 * Must hold: no memory error, leak or undefined behaviour; a refusal is one of
 * the sheet statuses with a row number within the file's lines; an accepted sheet keeps
 * its bounds (rows, columns, cell bytes), numbers its rows in increasing order
 * from 1, has no empty row and no NULL cell, and flags every cell that is not
 * valid UTF-8; writing an accepted sheet and reading it back gives the same
 * cells; header problems have known codes and UTF-8 names; every data row
 * holds what fuzz_import.h checks, with and without a programme's rules. */
#include "fuzz_common.h"
#include "fuzz_import.h"

#include "core/arena.h"
#include "core/strbuf.h"
#include "core/util.h"
#include "formats/csv.h"

#include <string.h>

static const struct sheet_limits limits = {
    .max_rows = 200, .max_columns = IMPORT_COLUMNS_MAX, .max_cell_bytes = 2048,
    .max_unpacked_bytes = 0};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_import_init();
    return 0;
}

static long lines_in(const uint8_t *data, size_t size)
{
    long lines = 1;
    for (size_t i = 0; i < size; i++)
        if (data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n')))
            lines++;
    return lines;
}

static void check_sheet(const struct sheet *s, long lines)
{
    FUZZ_CHECK(s->nrows >= 0 && s->nrows <= limits.max_rows);
    long last = 0;
    for (int i = 0; i < s->nrows; i++) {
        const struct sheet_row *row = &s->rows[i];
        FUZZ_CHECK(row->number > last && row->number <= lines);
        last = row->number;
        FUZZ_CHECK(row->ncells > 0 && row->ncells <= limits.max_columns);
        bool any = false;
        for (int c = 0; c < row->ncells; c++) {
            const struct sheet_cell *cell = &row->cells[c];
            FUZZ_CHECK(cell->text != NULL);
            size_t n = strlen(cell->text);
            FUZZ_CHECK(n <= limits.max_cell_bytes);
            FUZZ_CHECK((cell->flags & ~(unsigned)CELL_BAD_UTF8) == 0);
            /* (A flagged cell may look valid to strlen: a NUL cut it.) */
            if (!(cell->flags & CELL_BAD_UTF8))
                FUZZ_CHECK(utf8_valid(cell->text, n));
            any |= n > 0 || cell->flags;
        }
        FUZZ_CHECK(any);
    }
}

/* Cells with a NUL byte cannot be written back as they were read. */
static bool has_nul_cell(const struct sheet *s)
{
    for (int i = 0; i < s->nrows; i++)
        for (int c = 0; c < s->rows[i].ncells; c++)
            if ((s->rows[i].cells[c].flags & CELL_BAD_UTF8) &&
                utf8_valid(s->rows[i].cells[c].text, strlen(s->rows[i].cells[c].text)))
                return true;
    return false;
}

static void check_round_trip(struct arena *a, const struct sheet *s, char sep)
{
    struct strbuf out;
    strbuf_init(&out, 1u << 24);
    FUZZ_CHECK(csv_write_bom(&out) == 0);
    for (int i = 0; i < s->nrows; i++) {
        const char *cells[IMPORT_COLUMNS_MAX];
        for (int c = 0; c < s->rows[i].ncells; c++)
            cells[c] = s->rows[i].cells[c].text;
        FUZZ_CHECK(csv_write_row(&out, sep, cells, (size_t)s->rows[i].ncells, 0) == 0);
    }
    struct sheet back;
    struct sheet_error err;
    enum sheet_status st = csv_read_sheet(a, out.data, out.len, &limits, &back, &err);
    FUZZ_CHECK(st == SHEET_OK);
    FUZZ_CHECK(back.nrows == s->nrows);
    for (int i = 0; i < s->nrows; i++) {
        FUZZ_CHECK(back.rows[i].ncells == s->rows[i].ncells);
        for (int c = 0; c < s->rows[i].ncells; c++)
            FUZZ_CHECK(strcmp(back.rows[i].cells[c].text, s->rows[i].cells[c].text) == 0);
    }
    strbuf_free(&out);
}

static void check_rows(const struct sheet *s)
{
    struct import_columns cols;
    struct field_problems problems;
    bool ok = import_columns_read(s->nrows ? &s->rows[0] : NULL, &cols, &problems);
    FUZZ_CHECK(ok == (problems.count == 0));
    for (int i = 0; i < problems.count; i++) {
        const char *code = problems.items[i].code;
        FUZZ_CHECK(strcmp(code, "unknown_column") == 0 || strcmp(code, "missing_column") == 0 ||
                   strcmp(code, "duplicate_value") == 0 || strcmp(code, "too_many_columns") == 0);
        FUZZ_CHECK(utf8_valid(problems.items[i].field, strlen(problems.items[i].field)));
    }
    if (!ok)
        return;
    for (int i = 1; i < s->nrows; i++)
        fuzz_check_import_row(&cols, &s->rows[i], false);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a;
    arena_init(&a);
    struct sheet s;
    struct sheet_error err;
    enum sheet_status st = csv_read_sheet(&a, (const char *)data, size, &limits, &s, &err);
    long lines = lines_in(data, size);
    if (st != SHEET_OK) {
        FUZZ_CHECK(st == SHEET_MALFORMED || st == SHEET_TOO_MANY_ROWS ||
                   st == SHEET_TOO_MANY_COLUMNS || st == SHEET_CELL_TOO_LONG);
        FUZZ_CHECK(err.status == st && err.row >= 1 && err.row <= lines);
        FUZZ_CHECK(strcmp(sheet_status_code(st), "") != 0);
    } else {
        FUZZ_CHECK(err.status == SHEET_OK);
        check_sheet(&s, lines);
        if (!has_nul_cell(&s)) {
            check_round_trip(&a, &s, ',');
            /* ';' is recognised from a header line that holds one. */
            if (s.nrows && s.rows[0].ncells > 1)
                check_round_trip(&a, &s, ';');
        }
        check_rows(&s);
    }
    arena_free(&a);
    return 0;
}
