/* Rows of cells shared by the CSV and XLSX readers (see sheet.h). */
#include "formats/sheet.h"

#include <string.h>

const char *sheet_status_code(enum sheet_status status)
{
    switch (status) {
    case SHEET_OK: return "";
    case SHEET_TOO_MANY_ROWS: return "too_many_rows";
    case SHEET_TOO_MANY_COLUMNS: return "too_many_columns";
    case SHEET_CELL_TOO_LONG: return "cell_too_long";
    case SHEET_TOO_LARGE: return "file_too_large";
    case SHEET_MALFORMED: break;
    }
    return "invalid_file";
}

void sheet_init(struct sheet *s)
{
    memset(s, 0, sizeof *s);
}

enum sheet_status sheet_add_row(struct arena *a, struct sheet *s, const struct sheet_limits *lim,
                                long number, const struct sheet_cell *cells, int ncells)
{
    while (ncells > 0 && !cells[ncells - 1].text[0] && !cells[ncells - 1].flags)
        ncells--;
    if (ncells == 0)
        return SHEET_OK;
    if (s->nrows >= lim->max_rows)
        return SHEET_TOO_MANY_ROWS;
    if (s->nrows == s->cap) {
        /* Grown in the arena: the old array stays there until the arena is freed,
         * which at most doubles what the row index costs. */
        int cap = s->cap ? s->cap * 2 : 64;
        struct sheet_row *bigger = arena_alloc(a, sizeof *bigger * (size_t)cap);
        if (s->nrows)
            memcpy(bigger, s->rows, sizeof *bigger * (size_t)s->nrows);
        s->rows = bigger;
        s->cap = cap;
    }
    struct sheet_row *row = &s->rows[s->nrows++];
    row->number = number;
    row->ncells = ncells;
    row->cells = arena_alloc(a, sizeof *cells * (size_t)ncells);
    memcpy(row->cells, cells, sizeof *cells * (size_t)ncells);
    return SHEET_OK;
}

const char *sheet_cell_text(const struct sheet_row *row, int column)
{
    return column >= 0 && column < row->ncells ? row->cells[column].text : "";
}
