/* Unit tests of src/formats: CSV reading (byte order mark, ',' and ';', quoting,
 * line breaks inside cells, row numbers, Arabic, bounds, bad UTF-8 flagged, bad
 * quoting refused), CSV writing and its round trip, XLSX written by xlsx_write
 * and read back by xlsx_read (Arabic, numbers, empty cells), XLSX parts built
 * here with libzip to reach what our writer never writes (shared strings, rich
 * text, date styles, the 1904 system, errors), malformed, truncated and
 * bomb-like workbooks refused by the bounds, Excel serial dates, and the
 * registration rows of an import (import_rows.h). */
#include "core/arena.h"
#include "core/strbuf.h"
#include "domain/applicant.h"
#include "domain/dates.h"
#include "domain/eligibility.h"
#include "domain/regions.h"
#include "formats/csv.h"
#include "formats/import_rows.h"
#include "formats/sheet.h"
#include "formats/xlsx_read.h"
#include "formats/xlsx_write.h"

#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>
#include <cmocka.h>

static struct arena arena;

static const struct sheet_limits roomy = {
    .max_rows = 1000, .max_columns = 64, .max_cell_bytes = 4096,
    .max_unpacked_bytes = 16u << 20};

static int setup(void **state)
{
    (void)state;
    arena_init(&arena);
    return regions_load();
}

static int teardown(void **state)
{
    (void)state;
    arena_free(&arena);
    return 0;
}

static enum sheet_status read_csv(const char *text, const struct sheet_limits *lim,
                                  struct sheet *s, struct sheet_error *err)
{
    return csv_read_sheet(&arena, text, strlen(text), lim, s, err);
}

/* The sheet must read as `cells` (rows of NULL-terminated lists) numbered `numbers`. */
static void assert_cell(const struct sheet *s, int row, int col, const char *text)
{
    assert_true(row < s->nrows);
    assert_string_equal(sheet_cell_text(&s->rows[row], col), text);
}

/* ---- CSV reading ---- */

static void csv_commas_and_bom(void **state)
{
    (void)state;
    struct sheet s;
    struct sheet_error err;
    assert_int_equal(read_csv("\xEF\xBB\xBF" "cin,first_name\r\nAB1,Fatima\r\n", &roomy, &s, &err),
                     SHEET_OK);
    assert_int_equal(s.nrows, 2);
    assert_int_equal(s.rows[0].ncells, 2);
    assert_cell(&s, 0, 0, "cin");   /* no BOM left in the first header */
    assert_cell(&s, 1, 1, "Fatima");
    assert_int_equal(s.rows[0].number, 1);
    assert_int_equal(s.rows[1].number, 2);
}

static void csv_semicolons(void **state)
{
    (void)state;
    struct sheet s;
    struct sheet_error err;
    /* A French-locale spreadsheet: ';' separates, ',' is a decimal mark. */
    const char *text = "cin;note;ville\nAB1;3,5;\"Fès, Meknès\"\n";
    assert_int_equal(csv_detect_separator(text, strlen(text)), ';');
    assert_int_equal(read_csv(text, &roomy, &s, &err), SHEET_OK);
    assert_int_equal(s.rows[1].ncells, 3);
    assert_cell(&s, 1, 1, "3,5");
    assert_cell(&s, 1, 2, "Fès, Meknès");
    /* A comma header wins ties and plain files. */
    assert_int_equal(csv_detect_separator("a,b;c\n", 6), ',');
    assert_int_equal(csv_detect_separator("\"a;b;c\",d\n", 10), ',');
    assert_int_equal(csv_detect_separator("", 0), ',');
}

static void csv_quotes_and_line_breaks(void **state)
{
    (void)state;
    struct sheet s;
    struct sheet_error err;
    const char *text = "a,b\n"
                       "\"x, \"\"quoted\"\"\",\"line one\r\nline two\nline three\"\n"
                       "next,row\n";
    assert_int_equal(read_csv(text, &roomy, &s, &err), SHEET_OK);
    assert_int_equal(s.nrows, 3);
    assert_cell(&s, 1, 0, "x, \"quoted\"");
    assert_cell(&s, 1, 1, "line one\r\nline two\nline three");
    /* Row numbers are a spreadsheet's: line breaks inside a cell start none. */
    assert_int_equal(s.rows[1].number, 2);
    assert_int_equal(s.rows[2].number, 3);
    assert_cell(&s, 2, 1, "row");
}

static void csv_blank_lines_keep_numbers(void **state)
{
    (void)state;
    struct sheet s;
    struct sheet_error err;
    /* Blank lines, lines of spaces and rows of empty cells are skipped, but count;
     * CR alone ends lines too; no final line break. */
    assert_int_equal(read_csv("h1,h2\n\n  \n,\r\rv1,v2", &roomy, &s, &err), SHEET_OK);
    assert_int_equal(s.nrows, 2);
    assert_int_equal(s.rows[1].number, 6);
    assert_cell(&s, 1, 1, "v2");
    /* Missing cells are empty; spaces around unquoted fields go, quoted ones stay. */
    assert_int_equal(read_csv("a,b,c\n x ,\" y \"\n", &roomy, &s, &err), SHEET_OK);
    assert_cell(&s, 1, 0, "x");
    assert_cell(&s, 1, 1, " y ");
    assert_cell(&s, 1, 2, "");
}

static void csv_arabic_and_bad_utf8(void **state)
{
    (void)state;
    struct sheet s;
    struct sheet_error err;
    assert_int_equal(read_csv("first_name_ar;last_name_ar\nفاطمة;الإدريسي\n\xC3\x28;ok\n", &roomy,
                              &s, &err),
                     SHEET_OK);
    assert_cell(&s, 1, 0, "فاطمة");
    assert_int_equal(s.rows[1].cells[0].flags, 0);
    assert_true(s.rows[2].cells[0].flags & CELL_BAD_UTF8);
    assert_int_equal(s.rows[2].cells[1].flags, 0);
    /* A NUL byte inside a cell is not text either. */
    const char nul[] = "a,b\nx\0y,z\n";
    assert_int_equal(csv_read_sheet(&arena, nul, sizeof nul - 1, &roomy, &s, &err), SHEET_OK);
    assert_true(s.rows[1].cells[0].flags & CELL_BAD_UTF8);
}

static void csv_bad_quoting_refused(void **state)
{
    (void)state;
    struct sheet s;
    struct sheet_error err;
    assert_int_equal(read_csv("a,b\nok,1\nab\"c,2\n", &roomy, &s, &err), SHEET_MALFORMED);
    assert_int_equal(err.row, 3);
    assert_int_equal(read_csv("a,b\n\"x\"y,2\n", &roomy, &s, &err), SHEET_MALFORMED);
    assert_int_equal(err.row, 2);
    /* A quoted field never closed would swallow the rest of the file. */
    assert_int_equal(read_csv("a,b\n1,2\n\"open,3\n4,5\n", &roomy, &s, &err), SHEET_MALFORMED);
    assert_int_equal(err.row, 3);
    /* A stray quote after a cell with a line break: the row is the spreadsheet's. */
    assert_int_equal(read_csv("a,b\n\"x\ny\",1\nab\"c,2\n", &roomy, &s, &err), SHEET_MALFORMED);
    assert_int_equal(err.row, 3);
    /* UTF-16, as "Unicode text" exports are. */
    assert_int_equal(csv_read_sheet(&arena, "\xFF\xFE" "a\0,\0b\0", 8, &roomy, &s, &err),
                     SHEET_MALFORMED);
}

/* Row by row, a text reads as the sheet of the same text, in a fresh arena per
 * row; a refusal stops the reading and stays. */
static void csv_rows_one_at_a_time(void **state)
{
    (void)state;
    const char *text = "h1,h2\n\n\"multi\nline\",b\r\n,\r\nlast,row";
    struct csv_rows *rows = csv_rows_open(text, strlen(text), &roomy);
    struct sheet_row row;
    struct sheet_error err;
    const long numbers[] = {1, 3, 5};
    const char *first[] = {"h1", "multi\nline", "last"};
    for (int i = 0; i < 3; i++) {
        struct arena a;
        arena_init(&a);
        assert_int_equal(csv_rows_next(rows, &a, &row, &err), SHEET_OK);
        assert_int_equal(row.ncells, 2);
        assert_int_equal(row.number, numbers[i]);
        assert_string_equal(row.cells[0].text, first[i]);
        arena_free(&a);
    }
    assert_int_equal(csv_rows_next(rows, &arena, &row, &err), SHEET_OK);
    assert_int_equal(row.ncells, 0);   /* the end, and it stays the end */
    assert_int_equal(csv_rows_next(rows, &arena, &row, &err), SHEET_OK);
    assert_int_equal(row.ncells, 0);
    csv_rows_close(rows);

    /* Past max_rows, and after a bad quote: refused with the row, every time. */
    const struct sheet_limits two = {.max_rows = 2, .max_columns = 8, .max_cell_bytes = 64};
    rows = csv_rows_open("a\nb\nc\n", 6, &two);
    assert_int_equal(csv_rows_next(rows, &arena, &row, &err), SHEET_OK);
    assert_int_equal(csv_rows_next(rows, &arena, &row, &err), SHEET_OK);
    assert_int_equal(csv_rows_next(rows, &arena, &row, &err), SHEET_TOO_MANY_ROWS);
    assert_int_equal(err.row, 3);
    csv_rows_close(rows);
    rows = csv_rows_open("a\nb\"c\nd\n", 8, &roomy);
    assert_int_equal(csv_rows_next(rows, &arena, &row, &err), SHEET_OK);
    assert_int_equal(csv_rows_next(rows, &arena, &row, &err), SHEET_MALFORMED);
    assert_int_equal(err.row, 2);
    assert_int_equal(csv_rows_next(rows, &arena, &row, &err), SHEET_MALFORMED);
    assert_int_equal(row.ncells, 0);
    csv_rows_close(rows);
    csv_rows_close(NULL);
}

static void csv_bounds(void **state)
{
    (void)state;
    struct sheet s;
    struct sheet_error err;
    struct sheet_limits lim = roomy;
    lim.max_rows = 2;
    assert_int_equal(read_csv("h\n1\n", &lim, &s, &err), SHEET_OK);
    assert_int_equal(read_csv("h\n1\n2\n", &lim, &s, &err), SHEET_TOO_MANY_ROWS);
    assert_int_equal(err.row, 3);

    lim = roomy;
    lim.max_columns = 3;
    assert_int_equal(read_csv("a,b,c,,,\n", &lim, &s, &err), SHEET_OK);   /* trailing empties */
    assert_int_equal(read_csv("a,b,c\n1,2,3,4\n", &lim, &s, &err), SHEET_TOO_MANY_COLUMNS);
    assert_int_equal(err.row, 2);

    lim = roomy;
    lim.max_cell_bytes = 8;
    assert_int_equal(read_csv("12345678\n", &lim, &s, &err), SHEET_OK);
    assert_int_equal(read_csv("h\n123456789\n", &lim, &s, &err), SHEET_CELL_TOO_LONG);
    assert_int_equal(err.row, 2);

    /* A giant quoted field is stopped while libcsv buffers it, not after. */
    size_t n = 3u << 20;
    char *big = malloc(n + 1);
    memset(big, 'x', n);
    big[0] = '"';
    big[n] = '\0';
    lim.max_cell_bytes = 1024;
    assert_int_equal(csv_read_sheet(&arena, big, n, &lim, &s, &err), SHEET_CELL_TOO_LONG);
    assert_int_equal(err.row, 1);
    free(big);
}

/* ---- CSV writing ---- */

static void csv_writing(void **state)
{
    (void)state;
    struct strbuf out;
    strbuf_init(&out, 4096);
    const char *row[] = {"plain", "a,b", "say \"hi\"", "two\nlines", " padded", NULL, "فاطمة",
                         "a;b"};
    assert_int_equal(csv_write_bom(&out), 0);
    assert_int_equal(csv_write_row(&out, ',', row, 8, 0), 0);
    assert_string_equal(out.data, "\xEF\xBB\xBFplain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\","
                                  "\" padded\",,فاطمة,\"a;b\"\r\n");
    strbuf_free(&out);

    /* Formulas are neutralised, numbers and phone numbers are not. */
    const char *risky[] = {"=HYPERLINK(\"x\")", "+212612345678", "-3.5", "@SUM(A1)", "-x", "a=b"};
    assert_int_equal(csv_write_row(&out, ',', risky, 6, CSV_GUARD_FORMULAS), 0);
    assert_string_equal(out.data,
                        "\"'=HYPERLINK(\"\"x\"\")\",+212612345678,-3.5,'@SUM(A1),'-x,a=b\r\n");
    strbuf_free(&out);

    /* The ceiling is a failure, not a truncated success. */
    strbuf_init(&out, 10);
    const char *long_row[] = {"0123456789"};
    assert_int_equal(csv_write_row(&out, ',', long_row, 1, 0), -1);
    strbuf_free(&out);
}

static void csv_round_trip(void **state)
{
    (void)state;
    const char *rows[][4] = {
        {"cin", "first_name_ar", "project_idea", "note"},
        {"AB123456", "فاطمة الزهراء", "Atelier de couture,\r\n\"Fès\"", ""},
        {"", "ⵜⴰⵎⵖⴰⵔⵜ", "  spaces  ", "x;y"},
    };
    for (int sep = 0; sep < 2; sep++) {
        struct strbuf out;
        strbuf_init(&out, 1 << 16);
        assert_int_equal(csv_write_bom(&out), 0);
        for (int i = 0; i < 3; i++)
            assert_int_equal(csv_write_row(&out, sep ? ';' : ',', rows[i], 4, 0), 0);
        struct sheet s;
        struct sheet_error err;
        assert_int_equal(csv_read_sheet(&arena, out.data, out.len, &roomy, &s, &err), SHEET_OK);
        assert_int_equal(s.nrows, 3);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++)
                assert_string_equal(sheet_cell_text(&s.rows[i], j), rows[i][j]);
        assert_int_equal(s.rows[2].number, 3);   /* though row 2 took two lines */
        strbuf_free(&out);
    }
}

/* ---- XLSX ---- */

/* Writes rows of text (NULL: no cell) and a number column, returns the file. */
static struct strbuf written_workbook(void)
{
    struct xlsx_writer *w = xlsx_writer_open("applications");
    assert_non_null(w);
    const char *titles[] = {"cin", "first_name_ar", "phone", "amount"};
    assert_int_equal(xlsx_writer_header(w, titles, 4), 0);
    assert_int_equal(xlsx_writer_text(w, 1, 0, "AB123456"), 0);
    assert_int_equal(xlsx_writer_text(w, 1, 1, "فاطمة الإدريسي"), 0);
    assert_int_equal(xlsx_writer_number(w, 1, 2, 612345678), 0);
    assert_int_equal(xlsx_writer_number(w, 1, 3, 1234.5), 0);
    /* Row 2 is left empty; row 3 has a gap in column B and a text with a line break. */
    assert_int_equal(xlsx_writer_text(w, 3, 0, "CD7"), 0);
    assert_int_equal(xlsx_writer_text(w, 3, 1, NULL), 0);
    assert_int_equal(xlsx_writer_text(w, 3, 2, "two\nlines & <tags>"), 0);
    struct strbuf out;
    strbuf_init(&out, 1 << 20);
    assert_int_equal(xlsx_writer_finish(w, &out), XLSX_WRITE_OK);
    assert_true(out.len > 100);
    assert_memory_equal(out.data, "PK", 2);
    return out;
}

static void xlsx_round_trip(void **state)
{
    (void)state;
    struct strbuf file = written_workbook();
    struct sheet s;
    struct sheet_error err;
    assert_int_equal(xlsx_read_sheet(&arena, file.data, file.len, &roomy, &s, &err), SHEET_OK);
    assert_int_equal(s.nrows, 3);
    assert_int_equal(s.rows[0].number, 1);
    assert_cell(&s, 0, 3, "amount");
    assert_cell(&s, 1, 1, "فاطمة الإدريسي");
    assert_cell(&s, 1, 2, "612345678");
    assert_true(s.rows[1].cells[2].flags & CELL_NUMBER);
    assert_cell(&s, 1, 3, "1234.5");
    assert_int_equal(s.rows[2].number, 4);   /* the empty row 3 keeps its number */
    assert_cell(&s, 2, 0, "CD7");
    assert_cell(&s, 2, 1, "");
    assert_cell(&s, 2, 2, "two\nlines & <tags>");
    assert_false(s.date1904);
    strbuf_free(&file);
}

static void xlsx_truncated_and_garbage_refused(void **state)
{
    (void)state;
    struct strbuf file = written_workbook();
    struct sheet s;
    struct sheet_error err;
    for (size_t cut = 0; cut < file.len; cut += file.len / 23 + 1)
        assert_int_equal(xlsx_read_sheet(&arena, file.data, cut, &roomy, &s, &err),
                         SHEET_MALFORMED);
    /* Any one byte flipped: read or refused, never a crash (ASan watches). */
    for (size_t i = 0; i < file.len; i++) {
        file.data[i] ^= 0x55;
        (void)xlsx_read_sheet(&arena, file.data, file.len, &roomy, &s, &err);
        file.data[i] ^= 0x55;
    }
    /* A flipped byte in the worksheet's compressed data: bad deflate data or a
     * bad CRC, refused. */
    const char name[] = "xl/worksheets/sheet1.xml";
    char *local = memmem(file.data, file.len, name, sizeof name - 1);
    assert_non_null(local);
    local[sizeof name - 1 + 40] ^= 0x55;
    assert_int_equal(xlsx_read_sheet(&arena, file.data, file.len, &roomy, &s, &err),
                     SHEET_MALFORMED);
    strbuf_free(&file);
    assert_int_equal(xlsx_read_sheet(&arena, "cin,name\n", 9, &roomy, &s, &err), SHEET_MALFORMED);
    assert_int_equal(xlsx_read_sheet(&arena, "", 0, &roomy, &s, &err), SHEET_MALFORMED);
}

/* A zip made of NULL-terminated (name, content) pairs, in memory. */
static struct strbuf make_zip(const char *const entries[])
{
    char path[] = "/tmp/sanad-test-zip-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    int error;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &error);
    assert_non_null(z);
    for (size_t i = 0; entries[i]; i += 2) {
        zip_source_t *src = zip_source_buffer(z, entries[i + 1], strlen(entries[i + 1]), 0);
        assert_non_null(src);
        assert_true(zip_file_add(z, entries[i], src, ZIP_FL_ENC_UTF_8) >= 0);
    }
    assert_int_equal(zip_close(z), 0);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    struct strbuf out;
    strbuf_init(&out, 64u << 20);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        assert_int_equal(strbuf_append(&out, buf, n), 0);
    fclose(f);
    unlink(path);
    return out;
}

#define WORKBOOK(extra)                                                                        \
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "           \
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">" extra   \
    "<sheets><sheet name=\"Feuil1\" sheetId=\"1\" r:id=\"rId7\"/>"                           \
    "<sheet name=\"Other\" sheetId=\"2\" r:id=\"rId1\"/></sheets></workbook>"
#define RELS                                                                                   \
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"   \
    "<Relationship Id=\"rId1\" Type=\"http://x/worksheet\" Target=\"worksheets/other.xml\"/>"  \
    "<Relationship Id=\"rId7\" Type=\"http://x/worksheet\" Target=\"/xl/worksheets/first.xml\"/>" \
    "<Relationship Id=\"rId8\" Type=\"http://x/sharedStrings\" Target=\"strings.xml\"/>"       \
    "<Relationship Id=\"rId9\" Type=\"http://x/styles\" Target=\"styles.xml\"/></Relationships>"
#define STYLES                                                                                 \
    "<styleSheet><numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"   \
    "<numFmt numFmtId=\"165\" formatCode=\"0.00&quot;d&quot;\"/></numFmts>"                 \
    "<cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs>"                                      \
    "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"14\"/>"                \
    "<xf numFmtId=\"165\"/></cellXfs></styleSheet>"
#define STRINGS                                                                                \
    "<sst><si><t>cin</t></si><si><t>birth_date</t></si><si><r><t>Fati</t></r><r><t>ma</t></r>" \
    "<rPh><t>reading aid</t></rPh></si><si><t>line_x000D_break _x005F_x</t></si></sst>"

static void xlsx_parts_of_other_writers(void **state)
{
    (void)state;
    const char *sheet =
        "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        "<x:sheetData>"
        "<x:row r=\"1\"><x:c r=\"A1\" t=\"s\"><x:v>0</x:v></x:c><x:c r=\"B1\" t=\"s\"><x:v>1</x:v>"
        "</x:c><x:c r=\"C1\" t=\"s\"><x:v>2</x:v></x:c></x:row>"
        "<x:row r=\"3\"><x:c r=\"A3\" t=\"inlineStr\"><x:is><x:t>AB12</x:t></x:is></x:c>"
        "<x:c r=\"B3\" s=\"1\"><x:v>34395</x:v></x:c>"        /* dd/mm/yyyy: 1994-03-02 */
        "<x:c r=\"D3\" t=\"b\"><x:v>1</x:v></x:c>"
        "<x:c r=\"E3\" t=\"str\"><x:f>A3&amp;\"x\"</x:f><x:v>AB12x</x:v></x:c>"
        "<x:c r=\"F3\" t=\"s\"><x:v>3</x:v></x:c></x:row>"
        "<x:row><x:c s=\"2\"><x:v>25569.75</x:v></x:c>"        /* built-in 14, with a time */
        "<x:c s=\"3\"><x:v>6.12345678E8</x:v></x:c>"          /* quoted "d" is no date */
        "<x:c t=\"e\"><x:v>#N/A</x:v></x:c><x:c r=\"E4\" s=\"1\"/></x:row>"
        "</x:sheetData></x:worksheet>";
    const char *entries[] = {"xl/workbook.xml", WORKBOOK(""), "xl/_rels/workbook.xml.rels", RELS,
                             "xl/styles.xml", STYLES, "xl/strings.xml", STRINGS,
                             "xl/worksheets/first.xml", sheet,
                             "xl/worksheets/other.xml", "<worksheet/>", NULL};
    struct strbuf file = make_zip(entries);
    struct sheet s;
    struct sheet_error err;
    assert_int_equal(xlsx_read_sheet(&arena, file.data, file.len, &roomy, &s, &err), SHEET_OK);
    assert_int_equal(s.nrows, 3);
    assert_cell(&s, 0, 2, "Fatima");                 /* rich text, reading aid left out */
    assert_int_equal(s.rows[1].number, 3);
    assert_cell(&s, 1, 1, "1994-03-02");
    assert_int_equal(s.rows[1].cells[1].flags, CELL_NUMBER | CELL_DATE);
    assert_cell(&s, 1, 2, "");
    assert_cell(&s, 1, 3, "true");
    assert_cell(&s, 1, 4, "AB12x");
    assert_cell(&s, 1, 5, "line\rbreak _x");
    assert_int_equal(s.rows[2].number, 4);
    assert_cell(&s, 2, 0, "1970-01-01");
    assert_cell(&s, 2, 1, "612345678");
    assert_int_equal(s.rows[2].cells[1].flags, CELL_NUMBER);
    assert_cell(&s, 2, 2, "#N/A");
    assert_int_equal(s.rows[2].ncells, 3);           /* E4 has no value */
    strbuf_free(&file);

    /* The 1904 date system. */
    const char *entries1904[] = {"xl/workbook.xml", WORKBOOK("<workbookPr date1904=\"1\"/>"),
                                 "xl/_rels/workbook.xml.rels", RELS, "xl/styles.xml", STYLES,
                                 "xl/worksheets/first.xml",
                                 "<worksheet><sheetData><row><c s=\"1\"><v>0</v></c></row>"
                                 "</sheetData></worksheet>",
                                 NULL};
    file = make_zip(entries1904);
    assert_int_equal(xlsx_read_sheet(&arena, file.data, file.len, &roomy, &s, &err), SHEET_OK);
    assert_true(s.date1904);
    assert_cell(&s, 0, 0, "1904-01-01");
    strbuf_free(&file);
}

/* A workbook whose first sheet is `sheet`, with the parts above. */
static enum sheet_status read_sheet_xml(const char *sheet, const struct sheet_limits *lim,
                                        struct sheet_error *err)
{
    const char *entries[] = {"xl/workbook.xml", WORKBOOK(""), "xl/_rels/workbook.xml.rels", RELS,
                             "xl/styles.xml", STYLES, "xl/strings.xml", STRINGS,
                             "xl/worksheets/first.xml", sheet, NULL};
    struct strbuf file = make_zip(entries);
    struct sheet s;
    enum sheet_status st = xlsx_read_sheet(&arena, file.data, file.len, lim, &s, err);
    strbuf_free(&file);
    return st;
}

static void xlsx_malformed_parts_refused(void **state)
{
    (void)state;
    struct sheet_error err;
    const char *bad[] = {
        "<worksheet><sheetData><row r=\"2\"/><row r=\"1\"/></sheetData></worksheet>",
        "<worksheet><sheetData><row><c r=\"B1\"/><c r=\"A1\"/></row></sheetData></worksheet>",
        "<worksheet><sheetData><row><c t=\"s\"><v>99</v></c></row></sheetData></worksheet>",
        "<worksheet><sheetData><row><c r=\"1A\"/></row></sheetData></worksheet>",
        "<worksheet><sheetData><row r=\"0\"/></sheetData></worksheet>",
        "<worksheet><sheetData><row r=\"1048577\"/></sheetData></worksheet>",
        "<worksheet><sheetData><row><c>",                         /* truncated XML */
        "<worksheet>\xC3\x28</worksheet>",                          /* not UTF-8 */
        "<!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>"
        "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&b;</t></is></c></row>"
        "</sheetData></worksheet>",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(read_sheet_xml(bad[i], &roomy, &err), SHEET_MALFORMED);
    }
    /* Nesting deeper than XLSX_DEPTH_MAX. */
    struct strbuf deep;
    strbuf_init(&deep, 1 << 20);
    for (int i = 0; i < XLSX_DEPTH_MAX + 1; i++)
        strbuf_puts(&deep, "<a>");
    for (int i = 0; i < XLSX_DEPTH_MAX + 1; i++)
        strbuf_puts(&deep, "</a>");
    assert_int_equal(read_sheet_xml(deep.data, &roomy, &err), SHEET_MALFORMED);
    strbuf_free(&deep);
    /* Without its workbook part a zip is no workbook. */
    const char *no_workbook[] = {"xl/worksheets/sheet1.xml", "<worksheet/>", NULL};
    struct strbuf file = make_zip(no_workbook);
    struct sheet s;
    assert_int_equal(xlsx_read_sheet(&arena, file.data, file.len, &roomy, &s, &err),
                     SHEET_MALFORMED);
    strbuf_free(&file);
}

static void xlsx_bounds(void **state)
{
    (void)state;
    struct sheet_error err;
    struct sheet_limits lim = roomy;
    lim.max_rows = 2;
    assert_int_equal(read_sheet_xml("<worksheet><sheetData><row><c><v>1</v></c></row><row><c>"
                                    "<v>2</v></c></row><row><c><v>3</v></c></row></sheetData>"
                                    "</worksheet>",
                                    &lim, &err),
                     SHEET_TOO_MANY_ROWS);
    assert_int_equal(err.row, 3);
    lim = roomy;
    lim.max_columns = 2;
    assert_int_equal(read_sheet_xml("<worksheet><sheetData><row r=\"5\"><c r=\"C5\"><v>1</v></c>"
                                    "</row></sheetData></worksheet>",
                                    &lim, &err),
                     SHEET_TOO_MANY_COLUMNS);
    assert_int_equal(err.row, 5);
    lim = roomy;
    lim.max_cell_bytes = 4;
    assert_int_equal(read_sheet_xml("<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>12345"
                                    "</t></is></c></row></sheetData></worksheet>",
                                    &lim, &err),
                     SHEET_CELL_TOO_LONG);
}

/* A zip bomb, mildly: 40 MB of whitespace in the sheet compress to a few
 * kilobytes; with 16 MB allowed, reading stops at the bound. */
static void xlsx_bomb_refused(void **state)
{
    (void)state;
    size_t n = 40u << 20;
    char *sheet = malloc(n + 1);
    memset(sheet, ' ', n);
    memcpy(sheet, "<worksheet><sheetData>", 22);
    memcpy(sheet + n - 24, "</sheetData></worksheet>", 24);
    sheet[n] = '\0';
    struct sheet_error err;
    assert_int_equal(read_sheet_xml(sheet, &roomy, &err), SHEET_TOO_LARGE);
    /* Shared strings count too: a million empty strings against a small sheet. */
    struct sheet_limits lim = roomy;
    lim.max_rows = 10;
    lim.max_columns = 10;
    struct strbuf sst;
    strbuf_init(&sst, 16u << 20);
    strbuf_puts(&sst, "<sst>");
    for (int i = 0; i < 1000; i++)
        strbuf_puts(&sst, "<si/>");
    strbuf_puts(&sst, "</sst>");
    const char *entries[] = {"xl/workbook.xml", WORKBOOK(""), "xl/_rels/workbook.xml.rels", RELS,
                             "xl/strings.xml", sst.data, "xl/worksheets/first.xml",
                             "<worksheet/>", NULL};
    struct strbuf file = make_zip(entries);
    struct sheet s;
    assert_int_equal(xlsx_read_sheet(&arena, file.data, file.len, &lim, &s, &err), SHEET_TOO_LARGE);
    strbuf_free(&file);
    strbuf_free(&sst);
    free(sheet);
}

static void serial_dates(void **state)
{
    (void)state;
    char d[11];
    assert_true(xlsx_serial_date(1, false, d));
    assert_string_equal(d, "1900-01-01");
    assert_true(xlsx_serial_date(59, false, d));
    assert_string_equal(d, "1900-02-28");
    assert_false(xlsx_serial_date(60, false, d));   /* Excel's 29 February 1900 */
    assert_true(xlsx_serial_date(61, false, d));
    assert_string_equal(d, "1900-03-01");
    assert_true(xlsx_serial_date(34395.99, false, d));
    assert_string_equal(d, "1994-03-02");
    assert_true(xlsx_serial_date(36585, false, d));
    assert_string_equal(d, "2000-02-29");
    assert_true(xlsx_serial_date(2958465, false, d));
    assert_string_equal(d, "9999-12-31");
    assert_false(xlsx_serial_date(2958466, false, d));
    assert_false(xlsx_serial_date(0, false, d));
    assert_false(xlsx_serial_date(-1, true, d));
    assert_true(xlsx_serial_date(0, true, d));
    assert_string_equal(d, "1904-01-01");
    assert_false(xlsx_serial_date(1.0 / 0.0, false, d));
}

/* ---- Registration rows ---- */

static const struct date today = {2026, 11, 22};

static void header_columns(void **state)
{
    (void)state;
    struct sheet s;
    struct sheet_error err;
    struct import_columns cols;
    struct field_problems p;
    assert_int_equal(read_csv(" CIN ,First_Name,last_name,birth_date,sex,phone,region,province,"
                              "consent,,\n",
                              &roomy, &s, &err),
                     SHEET_OK);
    assert_true(import_columns_read(&s.rows[0], &cols, &p));
    assert_int_equal(cols.column_of[IMPORT_CIN], 0);
    assert_int_equal(cols.column_of[IMPORT_FIRST_NAME], 1);
    assert_int_equal(cols.column_of[IMPORT_EMAIL], -1);

    assert_int_equal(read_csv("cin,nom,cin,first_name_ar,\xC3\x28\n", &roomy, &s, &err), SHEET_OK);
    assert_false(import_columns_read(&s.rows[0], &cols, &p));
    assert_string_equal(field_problem_code(&p, "nom"), "unknown_column");
    assert_string_equal(field_problem_code(&p, "cin"), "duplicate_value");
    assert_string_equal(field_problem_code(&p, "column 5"), "unknown_column");
    assert_string_equal(field_problem_code(&p, "consent"), "missing_column");
    assert_string_equal(field_problem_code(&p, "last_name_ar"), "missing_column");   /* started */
    assert_null(field_problem_code(&p, "first_name"));

    assert_false(import_columns_read(NULL, &cols, &p));   /* an empty file */
    assert_string_equal(field_problem_code(&p, "cin"), "missing_column");
    assert_string_equal(field_problem_code(&p, "first_name"), "missing_column");
}

static const char import_header[] =
    "cin;first_name;last_name;first_name_ar;last_name_ar;birth_date;sex;phone;region;province;"
    "consent;education\n";

/* Validates data row 1 of `csv` (after import_header) against `rules` (may be NULL). */
static bool validate(const char *row, const struct eligibility *rules,
                     struct applicant_clean *clean, struct field_problems *p)
{
    char *text = arena_printf(&arena, "%s%s", import_header, row);
    struct sheet s;
    struct sheet_error err;
    assert_int_equal(read_csv(text, &roomy, &s, &err), SHEET_OK);
    struct import_columns cols;
    struct field_problems hp;
    assert_true(import_columns_read(&s.rows[0], &cols, &hp));
    char cin[CIN_SIZE];
    bool has_cin = import_row_cin(&cols, &s.rows[1], cin);
    bool ok = import_row_validate(&cols, &s.rows[1], false, rules, today, clean, p);
    if (ok)
        assert_true(has_cin && strcmp(cin, clean->cin) == 0);
    return ok;
}

static void rows_as_registrations(void **state)
{
    (void)state;
    struct applicant_clean c;
    struct field_problems p;
    assert_true(validate("ab 123456;Fatima;El Idrissi;فاطمة;الإدريسي;1994-03-02;F;0612345678;"
                         "MA-09;Taroudant;oui;secondary\n",
                         NULL, &c, &p));
    assert_string_equal(c.cin, "AB123456");
    assert_string_equal(c.first_name_ar, "فاطمة");
    assert_string_equal(c.phone, "+212612345678");
    assert_true(c.consent);
    /* French-locale dates, the consent words, Arabic names only. */
    const char *yes[] = {"true", "1", "OUI", "Yes", "vrai", "نعم", " oui "};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
        char *row = arena_printf(&arena,
                                 "AB1;;;فاطمة;الإدريسي;2/3/1994;F;0612345678;MA-09;Taroudant;%s;\n",
                                 yes[i]);
        assert_true(validate(row, NULL, &c, &p));
        assert_int_equal(c.birth_date.month, 3);
        assert_int_equal(c.birth_date.day, 2);
    }
    /* Anything else is no consent; every bad field is named, once. */
    assert_false(validate("AB1;Fatima;El Idrissi;;;31/02/1994;X;12;MA-09;Agadir;non;phd\n", NULL,
                          &c, &p));
    assert_string_equal(field_problem_code(&p, "consent"), "consent_required");
    assert_string_equal(field_problem_code(&p, "birth_date"), "invalid_date");
    assert_string_equal(field_problem_code(&p, "sex"), "invalid_value");
    assert_string_equal(field_problem_code(&p, "phone"), "invalid_format");
    assert_string_equal(field_problem_code(&p, "province"), "invalid_value");
    assert_string_equal(field_problem_code(&p, "education"), "invalid_value");
    /* A cell that is not UTF-8 is named as such, not also as required. */
    assert_false(validate("\xC3\x28;Fatima;El Idrissi;;;1994-03-02;F;0612345678;MA-09;Taroudant;1;"
                          "\n",
                          NULL, &c, &p));
    assert_int_equal(p.count, 1);
    assert_string_equal(field_problem_code(&p, "cin"), "invalid_utf8");
    /* A value under no header. */
    assert_false(validate("AB1;Fatima;El Idrissi;;;1994-03-02;F;0612345678;MA-09;Taroudant;1;;x\n",
                          NULL, &c, &p));
    assert_string_equal(field_problem_code(&p, "row"), "unnamed_cell");
}

static void rows_against_eligibility(void **state)
{
    (void)state;
    json_t *json = json_loads("{\"age_min\":18,\"age_max\":45,\"sexes\":[\"F\"],"
                              "\"regions\":[\"MA-09\"],\"required_fields\":[\"education\"]}",
                              0, NULL);
    struct eligibility rules;
    struct field_problems p;
    assert_int_equal(eligibility_parse(json, &rules, &p), 0);
    json_decref(json);
    struct applicant_clean c;
    const char *base = "AB1;Fatima;El Idrissi;;;%s;%s;0612345678;%s;%s;1;%s\n";
    const struct {
        const char *birth, *sex, *region, *province, *education, *field, *code;
    } cases[] = {
        {"1994-03-02", "F", "MA-09", "Taroudant", "secondary", NULL, NULL},
        {"2010-01-01", "F", "MA-09", "Taroudant", "secondary", "birth_date", "not_eligible.age_min"},
        {"1960-01-01", "F", "MA-09", "Taroudant", "secondary", "birth_date", "not_eligible.age_max"},
        {"1994-03-02", "M", "MA-09", "Taroudant", "secondary", "sex", "not_eligible.sexes"},
        {"1994-03-02", "F", "MA-01", "Larache", "secondary", "region", "not_eligible.regions"},
        {"1994-03-02", "F", "MA-09", "Taroudant", "", "education", "not_eligible.required_fields"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *row = arena_printf(&arena, base, cases[i].birth, cases[i].sex, cases[i].region,
                                 cases[i].province, cases[i].education);
        bool ok = validate(row, &rules, &c, &p);
        assert_int_equal(ok, cases[i].code == NULL);
        if (cases[i].code)
            assert_string_equal(field_problem_code(&p, cases[i].field), cases[i].code);
    }
}

static void rows_from_xlsx_numbers(void **state)
{
    (void)state;
    /* A spreadsheet typed 0612345678 and kept 612345678; the date is a plain
     * number (the column was not formatted as a date). */
    struct xlsx_writer *w = xlsx_writer_open("import");
    const char *titles[] = {"cin", "first_name", "last_name", "birth_date", "sex", "phone",
                            "region", "province", "consent"};
    assert_int_equal(xlsx_writer_header(w, titles, 9), 0);
    const char *texts[] = {"AB1", "Fatima", "El Idrissi", NULL, "F", NULL, "MA-09", "Taroudant",
                           "TRUE"};
    for (uint16_t i = 0; i < 9; i++)
        assert_int_equal(xlsx_writer_text(w, 1, i, texts[i]), 0);
    assert_int_equal(xlsx_writer_number(w, 1, 3, 34395), 0);
    assert_int_equal(xlsx_writer_number(w, 1, 5, 612345678), 0);
    struct strbuf file;
    strbuf_init(&file, 1 << 20);
    assert_int_equal(xlsx_writer_finish(w, &file), XLSX_WRITE_OK);
    struct sheet s;
    struct sheet_error err;
    assert_int_equal(xlsx_read_sheet(&arena, file.data, file.len, &roomy, &s, &err), SHEET_OK);
    struct import_columns cols;
    struct field_problems p;
    assert_true(import_columns_read(&s.rows[0], &cols, &p));
    struct applicant_clean c;
    assert_true(import_row_validate(&cols, &s.rows[1], s.date1904, NULL, today, &c, &p));
    assert_string_equal(c.phone, "+212612345678");
    assert_int_equal(c.birth_date.year, 1994);
    assert_int_equal(c.birth_date.month, 3);
    assert_int_equal(c.birth_date.day, 2);
    strbuf_free(&file);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_commas_and_bom),
        cmocka_unit_test(csv_semicolons),
        cmocka_unit_test(csv_quotes_and_line_breaks),
        cmocka_unit_test(csv_blank_lines_keep_numbers),
        cmocka_unit_test(csv_arabic_and_bad_utf8),
        cmocka_unit_test(csv_bad_quoting_refused),
        cmocka_unit_test(csv_rows_one_at_a_time),
        cmocka_unit_test(csv_bounds),
        cmocka_unit_test(csv_writing),
        cmocka_unit_test(csv_round_trip),
        cmocka_unit_test(xlsx_round_trip),
        cmocka_unit_test(xlsx_truncated_and_garbage_refused),
        cmocka_unit_test(xlsx_parts_of_other_writers),
        cmocka_unit_test(xlsx_malformed_parts_refused),
        cmocka_unit_test(xlsx_bounds),
        cmocka_unit_test(xlsx_bomb_refused),
        cmocka_unit_test(serial_dates),
        cmocka_unit_test(header_columns),
        cmocka_unit_test(rows_as_registrations),
        cmocka_unit_test(rows_against_eligibility),
        cmocka_unit_test(rows_from_xlsx_numbers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
