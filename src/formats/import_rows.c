/* Registration rows of an imported sheet (see import_rows.h). */
#include "formats/import_rows.h"

#include "formats/xlsx_read.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const import_field_names[] = {
    "cin", "first_name", "last_name", "first_name_ar", "last_name_ar", "birth_date", "sex",
    "phone", "email", "region", "province", "commune", "education", "situation",
    "project_idea", "consent", NULL};

static const enum import_field required_columns[] = {
    IMPORT_CIN, IMPORT_BIRTH_DATE, IMPORT_SEX, IMPORT_PHONE, IMPORT_REGION, IMPORT_PROVINCE,
    IMPORT_CONSENT};

/* The message keys of failed eligibility rules (static, as problems need). */
static const char *const rule_keys[][2] = {
    {"age_min", "not_eligible.age_min"},
    {"age_max", "not_eligible.age_max"},
    {"sexes", "not_eligible.sexes"},
    {"regions", "not_eligible.regions"},
    {"required_fields", "not_eligible.required_fields"},
};

/* A header cell without surrounding spaces, in lower case, when it is a field. */
static int field_named(const char *text)
{
    while (*text == ' ' || *text == '\t')
        text++;
    size_t n = strlen(text);
    while (n > 0 && (text[n - 1] == ' ' || text[n - 1] == '\t'))
        n--;
    for (int f = 0; f < IMPORT_FIELD_COUNT; f++)
        if (strlen(import_field_names[f]) == n && strncasecmp(import_field_names[f], text, n) == 0)
            return f;
    return -1;
}

static void require(const struct import_columns *out, enum import_field f,
                    struct field_problems *problems)
{
    if (out->column_of[f] < 0)
        field_problem_add(problems, import_field_names[f], "missing_column");
}

bool import_columns_read(const struct sheet_row *header, struct import_columns *out,
                         struct field_problems *problems)
{
    field_problems_init(problems);
    for (int f = 0; f < IMPORT_FIELD_COUNT; f++)
        out->column_of[f] = -1;
    memset(out->named, 0, sizeof out->named);
    int ncells = header ? header->ncells : 0;
    if (ncells > IMPORT_COLUMNS_MAX) {
        field_problem_add(problems, "columns", "too_many_columns");
        ncells = IMPORT_COLUMNS_MAX;
    }
    for (int c = 0; c < ncells; c++) {
        const struct sheet_cell *cell = &header->cells[c];
        if (!cell->text[0])
            continue;
        out->named[c] = true;
        if (cell->flags & CELL_BAD_UTF8) {
            char name[32];
            snprintf(name, sizeof name, "column %d", c + 1);
            field_problem_add(problems, name, "unknown_column");
            continue;
        }
        int f = field_named(cell->text);
        if (f < 0)
            field_problem_add(problems, cell->text, "unknown_column");
        else if (out->column_of[f] >= 0)
            field_problem_add(problems, import_field_names[f], "duplicate_value");
        else
            out->column_of[f] = c;
    }
    for (size_t i = 0; i < sizeof required_columns / sizeof required_columns[0]; i++)
        require(out, required_columns[i], problems);
    bool latin = out->column_of[IMPORT_FIRST_NAME] >= 0 && out->column_of[IMPORT_LAST_NAME] >= 0;
    bool arabic =
        out->column_of[IMPORT_FIRST_NAME_AR] >= 0 && out->column_of[IMPORT_LAST_NAME_AR] >= 0;
    if (!latin && !arabic) {
        /* As for the form: the pair the file started, else the Latin one. */
        bool started_arabic = out->column_of[IMPORT_FIRST_NAME_AR] >= 0 ||
                              out->column_of[IMPORT_LAST_NAME_AR] >= 0;
        bool started_latin =
            out->column_of[IMPORT_FIRST_NAME] >= 0 || out->column_of[IMPORT_LAST_NAME] >= 0;
        if (started_arabic && !started_latin) {
            require(out, IMPORT_FIRST_NAME_AR, problems);
            require(out, IMPORT_LAST_NAME_AR, problems);
        } else {
            require(out, IMPORT_FIRST_NAME, problems);
            require(out, IMPORT_LAST_NAME, problems);
        }
    }
    return problems->count == 0;
}

static const struct sheet_cell *cell_of(const struct import_columns *cols,
                                        const struct sheet_row *row, enum import_field f)
{
    int c = cols->column_of[f];
    return c >= 0 && c < row->ncells && row->cells[c].text[0] ? &row->cells[c] : NULL;
}

bool import_row_cin(const struct import_columns *cols, const struct sheet_row *row,
                    char out[CIN_SIZE])
{
    const struct sheet_cell *c = cell_of(cols, row, IMPORT_CIN);
    return c && !(c->flags & CELL_BAD_UTF8) && cin_normalize(c->text, out);
}

/* "2/3/1994" or "02/03/1994" (day first) as "1994-03-02"; false otherwise. */
static bool slash_date(const char *s, char out[11])
{
    int d, m, y, end = 0;
    if (strspn(s, "0123456789/") != strlen(s) ||
        sscanf(s, "%2d/%2d/%4d%n", &d, &m, &y, &end) != 3 || s[end] != '\0' || d < 1 ||
        d > 31 || m < 1 || m > 12 || y < 1000 || y > 9999)
        return false;   /* date_parse() judges the day itself */
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    return true;
}

static const char *birth_date_text(const struct sheet_cell *c, bool date1904, char buf[11])
{
    if (c->flags & CELL_DATE)
        return c->text;
    if (c->flags & CELL_NUMBER)
        return xlsx_serial_date(strtod(c->text, NULL), date1904, buf) ? buf : c->text;
    return slash_date(c->text, buf) ? buf : c->text;
}

static const char *phone_text(const struct sheet_cell *c, char buf[PHONE_SIZE])
{
    size_t n = strlen(c->text);
    if (!(c->flags & CELL_NUMBER) || strspn(c->text, "0123456789") != n)
        return c->text;
    if (n == 9 && strchr("567", c->text[0]))
        snprintf(buf, PHONE_SIZE, "0%s", c->text);
    else if (n == 12 && strncmp(c->text, "212", 3) == 0)
        snprintf(buf, PHONE_SIZE, "+%s", c->text);
    else
        return c->text;
    return buf;
}

static bool consent_given(const char *text)
{
    static const char *const yes[] = {"true", "1", "oui", "yes", "vrai", "نعم"};
    while (*text == ' ')
        text++;
    size_t n = strlen(text);
    while (n > 0 && text[n - 1] == ' ')
        n--;
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        if (strlen(yes[i]) == n && strncasecmp(yes[i], text, n) == 0)
            return true;
    return false;
}

/* Fills `in` from the row; buffers hold the values rewritten from spreadsheet
 * forms (see import_rows.h). */
static void read_row(const struct import_columns *cols, const struct sheet_row *row,
                     bool date1904, struct applicant *in, char birth[11], char phone[PHONE_SIZE],
                     struct field_problems *problems)
{
    const char **slots[IMPORT_FIELD_COUNT] = {
        &in->cin, &in->first_name, &in->last_name, &in->first_name_ar, &in->last_name_ar,
        &in->birth_date, &in->sex, &in->phone, &in->email, &in->region, &in->province,
        &in->commune, &in->education, &in->situation, &in->project_idea, NULL};
    memset(in, 0, sizeof *in);
    for (int f = 0; f < IMPORT_FIELD_COUNT; f++) {
        const struct sheet_cell *c = cell_of(cols, row, (enum import_field)f);
        if (!c)
            continue;
        if (c->flags & CELL_BAD_UTF8) {
            field_problem_add(problems, import_field_names[f], "invalid_utf8");
            continue;
        }
        if (f == IMPORT_CONSENT)
            in->consent = consent_given(c->text);
        else if (f == IMPORT_BIRTH_DATE)
            in->birth_date = birth_date_text(c, date1904, birth);
        else if (f == IMPORT_PHONE)
            in->phone = phone_text(c, phone);
        else
            *slots[f] = c->text;
    }
    for (int c = 0; c < row->ncells; c++)
        if (row->cells[c].text[0] && (c >= IMPORT_COLUMNS_MAX || !cols->named[c])) {
            field_problem_add(problems, "row", "unnamed_cell");
            break;
        }
}

/* The field an eligibility rule is about. */
static const char *rule_field(const char *rule, const struct eligibility *rules,
                              const struct applicant_clean *a)
{
    if (strcmp(rule, "age_min") == 0 || strcmp(rule, "age_max") == 0)
        return "birth_date";
    if (strcmp(rule, "sexes") == 0)
        return "sex";
    if (strcmp(rule, "regions") == 0)
        return "region";
    const char *missing = eligibility_missing_field(rules, a);
    return missing ? missing : "eligibility";
}

bool import_row_validate(const struct import_columns *cols, const struct sheet_row *row,
                         bool date1904, const struct eligibility *rules, struct date today,
                         struct applicant_clean *out, struct field_problems *problems)
{
    field_problems_init(problems);
    struct applicant in;
    char birth[11], phone[PHONE_SIZE];
    read_row(cols, row, date1904, &in, birth, phone, problems);
    struct field_problems found;
    bool valid = applicant_validate(&in, today, out, &found);
    /* A field whose cell could not be read is reported once, as unreadable,
     * not again as missing. */
    for (int i = 0; i < found.count; i++)
        if (!field_problem_code(problems, found.items[i].field))
            field_problem_add(problems, found.items[i].field, found.items[i].code);
    if (!valid || problems->count > 0 || !rules)
        return problems->count == 0 && valid;
    const char *rule = eligibility_check(rules, out, today);
    if (!rule)
        return true;
    const char *key = "not_eligible";   /* a rule newer than this table */
    for (size_t i = 0; i < sizeof rule_keys / sizeof rule_keys[0]; i++)
        if (strcmp(rule_keys[i][0], rule) == 0)
            key = rule_keys[i][1];
    field_problem_add(problems, rule_field(rule, rules, out), key);
    return false;
}
