/* CSV files in and out: reading an imported file into a sheet (sheet.h) with
 * libcsv, and writing exported lists.
 *
 * Reading takes what spreadsheet programs write: UTF-8 with or without a byte
 * order mark; comma or semicolon separators (French-locale spreadsheets write ';'),
 * told apart from the header line; quoted fields holding separators, doubled
 * quotes and line breaks; CRLF, LF or CR line ends. Quoting is checked strictly
 * (a stray quote or an unterminated quoted field refuses the file with its row),
 * because a lenient reader would silently shift cells into the wrong columns.
 * Spaces and tabs around an unquoted field are dropped (libcsv does). Cells that
 * are not valid UTF-8 are kept but flagged CELL_BAD_UTF8, so that the importer
 * can name the row and field instead of refusing the whole file.
 *
 * Writing follows RFC 4180 — a field is quoted when it holds a separator (',' or
 * ';', whichever the file uses), a quote, a line break or surrounding spaces,
 * quotes inside doubled — with CRLF
 * line ends, into a bounded buffer (core/strbuf.h). Spreadsheet programs read
 * UTF-8 only after a byte order mark, so exports start with one. */
#ifndef SANAD_FORMATS_CSV_H
#define SANAD_FORMATS_CSV_H

#include "core/strbuf.h"
#include "formats/sheet.h"

#include <stddef.h>

/* The separator of a CSV text, guessed from its first line (outside quotes, after
 * any byte order mark): ';' when it holds more semicolons than commas, else ','. */
char csv_detect_separator(const char *data, size_t len);

/* Reads `data` into `out` (everything allocated in `a`). Row numbers are those a
 * spreadsheet program shows when it opens the file: every line end outside
 * quotes starts a row (a blank line is an empty row), one inside a quoted cell
 * does not. Returns SHEET_OK, or fills `err` and returns why the file was
 * refused: SHEET_MALFORMED (bad quoting, a UTF-16 byte order mark),
 * SHEET_TOO_MANY_ROWS, SHEET_TOO_MANY_COLUMNS, SHEET_CELL_TOO_LONG. Memory stays
 * within the limits: libcsv's field buffer is watched as it grows. */
enum sheet_status csv_read_sheet(struct arena *a, const char *data, size_t len,
                                 const struct sheet_limits *limits, struct sheet *out /* OUT */,
                                 struct sheet_error *err /* OUT */);

/* The same reading, one row at a time, for a file too big to hold as a sheet: a
 * row's cells take some four times the bytes of its text. `data` and `limits`
 * must outlive the reader, which csv_rows_close() frees (NULL is allowed). */
struct csv_rows;
struct csv_rows *csv_rows_open(const char *data, size_t len, const struct sheet_limits *limits);
/* The next row with a non-empty cell, as csv_read_sheet() would add it: its cells
 * stay valid until the next call, their texts live in `a`. At the end of the text
 * `row` has no cells. Returns SHEET_OK, or why the file is refused (`err` filled,
 * as csv_read_sheet() does); after a refusal every call returns it again. */
enum sheet_status csv_rows_next(struct csv_rows *rows, struct arena *a,
                                struct sheet_row *row /* OUT */, struct sheet_error *err /* OUT */);
void csv_rows_close(struct csv_rows *rows);

/* Flags of csv_write_row(). */
enum csv_write_flags {
    /* A text cell starting with = + - @ tab or CR is prefixed with an apostrophe,
     * so that a spreadsheet shows it instead of running it as a formula (CSV
     * injection); numbers such as "+212612345678" or "-3" are left alone. */
    CSV_GUARD_FORMULAS = 1u << 0,
};

/* Appends the UTF-8 byte order mark. 0, or -1 when `out` is full. */
int csv_write_bom(struct strbuf *out);
/* Appends one record of `n` cells (NULL is written as an empty cell) separated by
 * `sep`, ended by CRLF. 0, or -1 when `out` reached its ceiling: the buffer then
 * ends with part of the record, and the caller gives it up. */
int csv_write_row(struct strbuf *out, char sep, const char *const cells[], size_t n,
                  unsigned flags);

#endif
