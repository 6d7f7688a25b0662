/* Fuzzes XLSX import: xlsx_read_sheet() under small limits, then the header and
 * rows through import_rows.h as the import endpoint does. Two kinds of input:
 *  - a zip ("PK\3\4…"), read as it is: the archive layer (libzip) and whatever
 *    mutations leave of the parts;
 *  - anything else is XML parts separated by a line "--": the worksheet, then
 *    optionally the shared strings and the styles, stored uncompressed in a
 *    workbook made here, so that mutations reach the XML handlers directly
 *    instead of dying in deflate.
 * Must hold: no memory error, leak or undefined behaviour; a refusal is a sheet
 * status with a row number a worksheet can have; an accepted sheet keeps its
 * bounds, numbers rows in increasing order within Excel's 1–1,048,576, has no
 * empty row, and every cell is valid UTF-8 text within max_cell_bytes, numbers
 * parse as numbers and dates read "YYYY-MM-DD"; every data row holds what
 * fuzz_import.h checks, with and without a programme's rules. */
#include "fuzz_common.h"
#include "fuzz_import.h"

#include "core/arena.h"
#include "core/util.h"
#include "formats/xlsx_read.h"

#include <math.h>
#include <string.h>
#include <zip.h>

static const struct sheet_limits limits = {
    .max_rows = 200, .max_columns = IMPORT_COLUMNS_MAX, .max_cell_bytes = 2048,
    .max_unpacked_bytes = 4u << 20};

static const char workbook[] =
    "<workbook xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<workbookPr date1904=\"0\"/><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets>"
    "</workbook>";
static const char rels[] =
    "<Relationships>"
    "<Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"x/styles\" Target=\"styles.xml\"/></Relationships>";
static const char *const part_names[] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml",
                                         "xl/styles.xml"};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_import_init();
    return 0;
}

static void add_part(zip_t *z, const char *name, const void *data, size_t len)
{
    zip_source_t *s = zip_source_buffer(z, data, len, 0);
    FUZZ_CHECK(s != NULL);
    zip_int64_t index = zip_file_add(z, name, s, ZIP_FL_OVERWRITE);
    FUZZ_CHECK(index >= 0);
    FUZZ_CHECK(zip_set_file_compression(z, (zip_uint64_t)index, ZIP_CM_STORE, 0) == 0);
}

/* A workbook of the parts in data (see above), in malloc'd memory. */
static uint8_t *workbook_of(const uint8_t *data, size_t size, size_t *len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    FUZZ_CHECK(src != NULL);
    zip_source_keep(src);
    zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
    FUZZ_CHECK(z != NULL);
    add_part(z, "xl/workbook.xml", workbook, strlen(workbook));
    add_part(z, "xl/_rels/workbook.xml.rels", rels, strlen(rels));
    const uint8_t *p = data, *end = data + size;
    for (size_t i = 0; i < 3 && p <= end; i++) {
        const uint8_t *sep = memmem(p, (size_t)(end - p), "\n--\n", 4);
        const uint8_t *stop = sep ? sep : end;
        add_part(z, part_names[i], p, (size_t)(stop - p));
        if (!sep)
            break;
        p = sep + 4;
    }
    FUZZ_CHECK(zip_close(z) == 0);
    FUZZ_CHECK(zip_source_open(src) == 0);
    FUZZ_CHECK(zip_source_seek(src, 0, SEEK_END) == 0);
    zip_int64_t n = zip_source_tell(src);
    FUZZ_CHECK(n > 0 && zip_source_seek(src, 0, SEEK_SET) == 0);
    uint8_t *out = malloc((size_t)n);
    FUZZ_CHECK(out && zip_source_read(src, out, (zip_uint64_t)n) == n);
    zip_source_close(src);
    zip_source_free(src);
    zip_error_fini(&ze);
    *len = (size_t)n;
    return out;
}

static bool iso_day(const char *s)
{
    return strlen(s) == 10 && strspn(s, "0123456789") == 4 && s[4] == '-' && s[7] == '-' &&
           strspn(s + 5, "0123456789") == 2 && strspn(s + 8, "0123456789") == 2;
}

static void check_sheet(const struct sheet *s)
{
    FUZZ_CHECK(s->nrows >= 0 && s->nrows <= limits.max_rows);
    long last = 0;
    for (int i = 0; i < s->nrows; i++) {
        const struct sheet_row *row = &s->rows[i];
        FUZZ_CHECK(row->number > last && row->number <= 1048576);
        last = row->number;
        FUZZ_CHECK(row->ncells > 0 && row->ncells <= limits.max_columns);
        bool any = false;
        for (int c = 0; c < row->ncells; c++) {
            const struct sheet_cell *cell = &row->cells[c];
            FUZZ_CHECK(cell->text != NULL);
            size_t n = strlen(cell->text);
            FUZZ_CHECK(n <= limits.max_cell_bytes);
            FUZZ_CHECK(utf8_valid(cell->text, n) || n == 0);
            FUZZ_CHECK((cell->flags & ~(unsigned)(CELL_NUMBER | CELL_DATE)) == 0);
            if (cell->flags & CELL_DATE) {
                FUZZ_CHECK(iso_day(cell->text));
            } else if (cell->flags & CELL_NUMBER) {
                char *end;
                double v = strtod(cell->text, &end);
                FUZZ_CHECK(*end == '\0' && isfinite(v));
            }
            any |= n > 0;
        }
        FUZZ_CHECK(any);
    }
}

static void check_rows(const struct sheet *s)
{
    struct import_columns cols;
    struct field_problems problems;
    if (!import_columns_read(s->nrows ? &s->rows[0] : NULL, &cols, &problems))
        return;
    for (int i = 1; i < s->nrows; i++)
        fuzz_check_import_row(&cols, &s->rows[i], s->date1904);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bool raw = size >= 4 && memcmp(data, "PK\3\4", 4) == 0;
    size_t len = size;
    uint8_t *file = raw ? NULL : workbook_of(data, size, &len);
    struct arena a;
    arena_init(&a);
    struct sheet s;
    struct sheet_error err;
    enum sheet_status st = xlsx_read_sheet(&a, raw ? data : file, len, &limits, &s, &err);
    FUZZ_CHECK(err.status == st);
    if (st != SHEET_OK) {
        FUZZ_CHECK(st == SHEET_MALFORMED || st == SHEET_TOO_MANY_ROWS ||
                   st == SHEET_TOO_MANY_COLUMNS || st == SHEET_CELL_TOO_LONG ||
                   st == SHEET_TOO_LARGE);
        FUZZ_CHECK(err.row >= 0 && err.row <= 1048576);
    } else {
        check_sheet(&s);
        check_rows(&s);
    }
    arena_free(&a);
    free(file);
    return 0;
}
