/* Registrations in a sheet: how the rows of an imported CSV or XLSX file (sheet.h)
 * become registration bodies, validated exactly as a public registration is
 * (domain/applicant.h, then the programme's eligibility rules). No I/O and no
 * HTTP: the import endpoint (api/imports.c) and a command-line import share it.
 *
 * The header row names the columns with the field names of the registration body
 * (API.md): cin, first_name, last_name, first_name_ar, last_name_ar, birth_date,
 * sex, phone, email, region, province, commune, education, situation,
 * project_idea, consent — in any order, case and surrounding spaces ignored.
 *
 * What a spreadsheet does to values is undone before validation, and only that:
 *  - birth_date: a date cell of an XLSX file, or a number there (an Excel serial
 *    day), or "D/M/YYYY" as French-locale spreadsheets write dates, becomes
 *    "YYYY-MM-DD";
 *  - phone: a number cell of 9 digits starting with 5, 6 or 7 is a national
 *    number whose leading 0 the spreadsheet dropped; 12 digits starting with 212
 *    lost their "+";
 *  - consent: true, 1, oui, yes, vrai or نعم (any case) is consent; anything else,
 *    an empty cell included, is not. */
#ifndef SANAD_FORMATS_IMPORT_ROWS_H
#define SANAD_FORMATS_IMPORT_ROWS_H

#include "domain/applicant.h"
#include "domain/dates.h"
#include "domain/eligibility.h"
#include "formats/sheet.h"

#include <stdbool.h>

/* Sheets of an import are read with at most this many columns. */
#define IMPORT_COLUMNS_MAX 64

enum import_field {
    IMPORT_CIN, IMPORT_FIRST_NAME, IMPORT_LAST_NAME, IMPORT_FIRST_NAME_AR,
    IMPORT_LAST_NAME_AR, IMPORT_BIRTH_DATE, IMPORT_SEX, IMPORT_PHONE, IMPORT_EMAIL,
    IMPORT_REGION, IMPORT_PROVINCE, IMPORT_COMMUNE, IMPORT_EDUCATION, IMPORT_SITUATION,
    IMPORT_PROJECT_IDEA, IMPORT_CONSENT, IMPORT_FIELD_COUNT
};

/* The column names, in enum order, NULL-terminated. */
extern const char *const import_field_names[];

/* Which sheet column holds which field, read from the header row. */
struct import_columns {
    int column_of[IMPORT_FIELD_COUNT];   /* the column of each field, -1 when absent */
    bool named[IMPORT_COLUMNS_MAX];      /* the header names this column */
};

/* Reads the header row. Problems, with the column's name as the field:
 * unknown_column (a name that is no field; a column whose name is not UTF-8 is
 * called "column N"), duplicate_value (a field named twice), missing_column (a
 * required field no column names: cin, birth_date, sex, phone, region, province,
 * consent, and one pair of names, first_name and last_name or their Arabic
 * counterparts), too_many_columns (past IMPORT_COLUMNS_MAX). `header` NULL (an
 * empty file) misses every required column. True when there was no problem. */
bool import_columns_read(const struct sheet_row *header, struct import_columns *out /* OUT */,
                         struct field_problems *problems /* OUT */);

/* The normalised CIN of a data row, when its cin cell holds a valid one. */
bool import_row_cin(const struct import_columns *cols, const struct sheet_row *row,
                    char out[CIN_SIZE] /* OUT */);

/* Reads and validates one data row as a public registration on `today`:
 * problems of reading first (invalid_utf8 for a cell that is not UTF-8,
 * unnamed_cell on field "row" for a value in a column the header does not name),
 * then applicant_validate()'s, one per field; then, when everything is valid and
 * `rules` is given, the first eligibility rule failed, as code
 * "not_eligible.<rule>" on the field it concerns (birth_date for the ages, sex,
 * region, or the required field left empty). `date1904` comes from the sheet.
 * Returns true, with `out` filled, when the row may be registered. */
bool import_row_validate(const struct import_columns *cols, const struct sheet_row *row,
                         bool date1904, const struct eligibility *rules, struct date today,
                         struct applicant_clean *out /* OUT */,
                         struct field_problems *problems /* OUT */);

#endif
