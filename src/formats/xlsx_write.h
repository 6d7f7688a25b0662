/* XLSX workbooks out: one worksheet of text and numbers, for exports, written
 * with libxlsxwriter. The Debian version (1.1) cannot write into memory, so the
 * workbook goes to a temporary file (in $TMPDIR, else /tmp) that
 * xlsx_writer_finish() reads back into a bounded buffer and removes. It runs in
 * libxlsxwriter's constant-memory mode: each row is flushed to disk when the
 * next one starts, so rows must be written in order, top to bottom, and a large
 * export costs disk, not memory.
 *
 * Text is written as it is (UTF-8, Arabic and all): a cell is always a string
 * cell, never a formula, whatever its first character. */
#ifndef SANAD_FORMATS_XLSX_WRITE_H
#define SANAD_FORMATS_XLSX_WRITE_H

#include "core/strbuf.h"

#include <stddef.h>
#include <stdint.h>

struct xlsx_writer;

/* Results of xlsx_writer_finish(). */
enum xlsx_write_result {
    XLSX_WRITE_OK = 0,
    XLSX_WRITE_FAILED = -1,     /* the library or the temporary file failed (logged) */
    XLSX_WRITE_TOO_LARGE = -2,  /* the file would not fit under the buffer's ceiling */
};

/* Starts a workbook with one worksheet named `sheet_name` (at most 31 characters,
 * none of []:*?/\). NULL when the temporary file cannot be made (logged). */
struct xlsx_writer *xlsx_writer_open(const char *sheet_name);

/* Writes row 0: `n` bold column titles, the row frozen above the data. */
int xlsx_writer_header(struct xlsx_writer *w, const char *const titles[], size_t n);
/* Writes one text cell; NULL or "" leaves the cell empty. Rows in order (see
 * above). 0, or -1 when the library refuses (a text over 32,767 characters). */
int xlsx_writer_text(struct xlsx_writer *w, uint32_t row, uint16_t column, const char *text);
/* Writes one number cell. 0 or -1. */
int xlsx_writer_number(struct xlsx_writer *w, uint32_t row, uint16_t column, double value);

/* Closes the workbook and appends the file's bytes to `out`; frees `w` and
 * removes the temporary file whatever happens. */
enum xlsx_write_result xlsx_writer_finish(struct xlsx_writer *w, struct strbuf *out);
/* Gives the workbook up: frees `w`, removes the temporary file. */
void xlsx_writer_discard(struct xlsx_writer *w);

#endif
