/* A table read from an imported file — a CSV file (csv.h) or the first worksheet
 * of an XLSX workbook (xlsx_read.h) — as rows of text cells, whatever the format.
 * Importers work on this one shape, so the registration import (applicant_sheet.h)
 * does not care how the file was written.
 *
 * What holds for every sheet a reader gives back:
 *  - rows are in file order and carry the number a person sees when opening the
 *    file (the spreadsheet's row number; for CSV the line the record starts on),
 *    so that a report can say "row 12";
 *  - rows whose cells are all empty are left out (but keep their numbers free);
 *  - every cell has text (never NULL; "" when empty); missing cells are empty;
 *  - everything lives in the caller's arena and is bounded by struct sheet_limits:
 *    a reader refuses a file past a limit instead of growing without bound. */
#ifndef SANAD_FORMATS_SHEET_H
#define SANAD_FORMATS_SHEET_H

#include "core/arena.h"

#include <stdbool.h>
#include <stddef.h>

enum sheet_cell_flags {
    CELL_BAD_UTF8 = 1u << 0,   /* the bytes are not valid UTF-8 (or hold NUL): do not use */
    CELL_NUMBER = 1u << 1,     /* XLSX: a numeric cell; text is its value ("612345678") */
    CELL_DATE = 1u << 2,       /* XLSX: a date cell; text is "YYYY-MM-DD" */
};

struct sheet_cell {
    const char *text;          /* NUL-terminated, never NULL */
    unsigned flags;            /* enum sheet_cell_flags */
};

struct sheet_row {
    long number;               /* 1-based row number in the file */
    int ncells;
    struct sheet_cell *cells;
};

struct sheet {
    struct sheet_row *rows;    /* read-only */
    int nrows;                 /* read-only */
    int cap;                   /* private */
    bool date1904;             /* XLSX: the workbook counts days from 1904 (see xlsx_read.h) */
};

/* The bounds a reader enforces. A zero field is not "unlimited": it refuses all. */
struct sheet_limits {
    int max_rows;              /* rows with at least one non-empty cell, header included */
    int max_columns;           /* the last non-empty cell of a row must be within this */
    size_t max_cell_bytes;     /* the longest cell text */
    size_t max_unpacked_bytes; /* XLSX: XML read out of the zip, all parts together */
};

/* Why a file was refused. */
enum sheet_status {
    SHEET_OK = 0,
    SHEET_MALFORMED,           /* not CSV/XLSX as the format says, or truncated */
    SHEET_TOO_MANY_ROWS,
    SHEET_TOO_MANY_COLUMNS,
    SHEET_CELL_TOO_LONG,
    SHEET_TOO_LARGE,           /* XLSX: its parts unpack to more than max_unpacked_bytes */
};

struct sheet_error {
    enum sheet_status status;
    long row;                  /* the row where it was found, 0 when not known */
};

/* The API error code of a status, a key of the message catalogue: invalid_file,
 * too_many_rows, too_many_columns, cell_too_long, file_too_large ("" for SHEET_OK). */
const char *sheet_status_code(enum sheet_status status);

/* ---- For the readers ---- */

void sheet_init(struct sheet *s /* OUT */);
/* Appends a row numbered `number` with `ncells` cells copied from `cells` (the
 * texts are not copied: they must already live in `a`). Cells after the last
 * non-empty one are dropped; a row with no non-empty cell is not added. Returns
 * SHEET_OK or SHEET_TOO_MANY_ROWS when the sheet already has limits->max_rows. */
enum sheet_status sheet_add_row(struct arena *a, struct sheet *s, const struct sheet_limits *lim,
                                long number, const struct sheet_cell *cells, int ncells);
/* The text of a cell of `row`, "" past its end. */
const char *sheet_cell_text(const struct sheet_row *row, int column);

#endif
