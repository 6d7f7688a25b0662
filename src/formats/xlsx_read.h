/* XLSX workbooks in: the first worksheet of an .xlsx file read into a sheet
 * (sheet.h), for imports. An .xlsx file is a zip of XML parts (ECMA-376); the
 * zip is opened from memory with libzip and each part needed is streamed through
 * expat, so neither the archive nor any part is unpacked whole.
 *
 * Parts read: xl/workbook.xml (which sheet comes first, and whether the workbook
 * counts dates from 1904), its relationships xl/_rels/workbook.xml.rels (where
 * that sheet, the shared strings and the styles are), the shared strings (text
 * cells usually point there), the styles (which cell formats are dates), and the
 * worksheet. Cells may be shared strings, inline strings, formula results (the
 * cached value), booleans ("true"/"false"), numbers (CELL_NUMBER, written without
 * exponent or trailing ".0" when integral: 612345678) and dates: a number in a
 * cell whose format shows a date becomes "YYYY-MM-DD" (CELL_DATE). A cell
 * reference ("C5") gives the column; missing cells are empty; the row number is
 * the spreadsheet's.
 *
 * Hostile files are bounded, not trusted: the XML read out of the zip counts
 * against max_unpacked_bytes (a zip bomb stops there, or before starting when a
 * part declares a larger size); rows, columns, cell and shared-string sizes are
 * bounded by the limits; elements nest at most XLSX_DEPTH_MAX deep; any DOCTYPE
 * refuses the file, which rules out entity expansion. */
#ifndef SANAD_FORMATS_XLSX_READ_H
#define SANAD_FORMATS_XLSX_READ_H

#include "formats/sheet.h"

#include <stdbool.h>
#include <stddef.h>

#define XLSX_DEPTH_MAX 64

/* Reads the first worksheet of the workbook in data[0..len) into `out`
 * (everything allocated in `a`). Returns SHEET_OK, or fills `err` and returns
 * SHEET_MALFORMED (not a zip, a part missing, bad XML, a DOCTYPE, nesting too
 * deep, rows or cells out of order, a shared string index out of range),
 * SHEET_TOO_LARGE, SHEET_TOO_MANY_ROWS, SHEET_TOO_MANY_COLUMNS or
 * SHEET_CELL_TOO_LONG. */
enum sheet_status xlsx_read_sheet(struct arena *a, const void *data, size_t len,
                                  const struct sheet_limits *limits, struct sheet *out /* OUT */,
                                  struct sheet_error *err /* OUT */);

/* The day of an Excel serial date (whole days; a time of day is dropped) as
 * "YYYY-MM-DD" into out[11]. In the 1900 date system serial 1 is 1900-01-01 and
 * serial 60 the 29 February 1900 that Excel believes in (refused here); in the
 * 1904 system serial 0 is 1904-01-01. False, out untouched, for a serial outside
 * years 1900–9999 or not a finite number. */
bool xlsx_serial_date(double serial, bool date1904, char out[11] /* OUT */);

#endif
