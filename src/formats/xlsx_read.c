/* Reading the first worksheet of an XLSX workbook (see xlsx_read.h).
 *
 * One struct book holds what the parts tell each other (the sheet's path, the
 * shared strings, which cell formats are dates) and the one failure status;
 * each part is parsed by read_part() with the handlers of that part, which see
 * element names without their namespace prefix ("x:row" and "row" alike, as
 * strict and transitional files differ only there). A handler that finds a
 * problem records it with stop(), which also halts expat. */
#include "formats/xlsx_read.h"

#include "core/util.h"
#include "domain/dates.h"

#include <expat.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define READ_CHUNK 65536
#define XLSX_ROWS_MAX 1048576     /* Excel's own limit: a larger row number is corrupt */
#define XLSX_COLUMNS_MAX 16384    /* column XFD */
#define CUSTOM_FORMATS_MAX 1024   /* custom number formats remembered as dates */
#define CELL_FORMATS_MAX 65536    /* cell formats (styles) remembered as dates */

struct book {
    struct arena *a;
    const struct sheet_limits *lim;
    zip_t *zip;
    size_t unpacked;              /* XML bytes read out of the zip so far */
    enum sheet_status status;
    long status_row;

    /* workbook.xml and its relationships */
    const char *sheet_rid, *sheet_path, *strings_path, *styles_path;
    bool date1904;

    /* the shared strings, in the arena; the array grows in the arena too */
    const char **strings;
    size_t nstrings, strings_cap, strings_max;

    /* styles: custom number formats that show dates, and per cell format whether
     * it shows a date */
    int date_formats[CUSTOM_FORMATS_MAX];
    int ndate_formats;
    bool *xf_date;                /* malloc'd */
    size_t nxf;
};

struct part;
typedef void (*start_fn)(struct part *p, const char *name, const char **attrs);
typedef void (*end_fn)(struct part *p, const char *name);

/* The parse of one XML part. */
struct part {
    struct book *book;
    XML_Parser parser;
    int depth;
    start_fn start;
    end_fn end;
    bool want_text;               /* character data goes into text[] */
    char *text;                   /* malloc'd, NUL-terminated; at most max_cell_bytes */
    size_t text_len, text_cap;
    long row;                     /* the worksheet row being read, for errors */
    void *state;                  /* the part's own state */
};

static void stop(struct part *p, enum sheet_status status)
{
    struct book *b = p->book;
    if (b->status == SHEET_OK) {
        b->status = status;
        b->status_row = p->row;
    }
    XML_StopParser(p->parser, XML_FALSE);
}

static const char *local_name(const char *name)
{
    const char *colon = strrchr(name, ':');
    return colon ? colon + 1 : name;
}

static const char *attr(const char **attrs, const char *name)
{
    for (size_t i = 0; attrs[i]; i += 2)
        if (strcmp(local_name(attrs[i]), name) == 0)
            return attrs[i + 1];
    return NULL;
}

static void XMLCALL on_start(void *data, const XML_Char *name, const XML_Char **attrs)
{
    struct part *p = data;
    if (++p->depth > XLSX_DEPTH_MAX) {
        stop(p, SHEET_MALFORMED);
        return;
    }
    if (p->start)
        p->start(p, local_name(name), attrs);
}

static void XMLCALL on_end(void *data, const XML_Char *name)
{
    struct part *p = data;
    if (p->end)
        p->end(p, local_name(name));
    p->depth--;
}

static void XMLCALL on_text(void *data, const XML_Char *s, int len)
{
    struct part *p = data;
    if (!p->want_text || len <= 0)
        return;
    size_t n = (size_t)len;
    if (n > p->book->lim->max_cell_bytes - p->text_len) {
        stop(p, SHEET_CELL_TOO_LONG);
        return;
    }
    if (p->text_len + n + 1 > p->text_cap) {
        while (p->text_len + n + 1 > p->text_cap)
            p->text_cap = p->text_cap ? p->text_cap * 2 : 256;
        p->text = xrealloc(p->text, p->text_cap);
    }
    memcpy(p->text + p->text_len, s, n);
    p->text_len += n;
    p->text[p->text_len] = '\0';
}

/* No part of a workbook has a DOCTYPE: refusing one rules out entity tricks. */
static void XMLCALL on_doctype(void *data, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int has_internal_subset)
{
    (void)name, (void)sysid, (void)pubid, (void)has_internal_subset;
    stop(data, SHEET_MALFORMED);
}

static void stat_check(struct part *p, zip_int64_t index)
{
    struct book *b = p->book;
    zip_stat_t st;
    if (zip_stat_index(b->zip, (zip_uint64_t)index, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
        st.size > b->lim->max_unpacked_bytes - b->unpacked)
        stop(p, SHEET_TOO_LARGE);
}

/* Streams the part at `path` through expat with these handlers. Returns 1 when
 * read, 0 when the workbook has no such part, -1 on failure (b->status says). */
static int read_part(struct book *b, const char *path, start_fn start, end_fn end, void *state)
{
    zip_int64_t index = zip_name_locate(b->zip, path, 0);
    if (index < 0)
        return 0;
    struct part p = {.book = b, .start = start, .end = end, .state = state};
    p.parser = XML_ParserCreate(NULL);
    if (!p.parser)
        die_oom();
    XML_SetUserData(p.parser, &p);
    XML_SetElementHandler(p.parser, on_start, on_end);
    XML_SetCharacterDataHandler(p.parser, on_text);
    XML_SetStartDoctypeDeclHandler(p.parser, on_doctype);

    stat_check(&p, index);
    zip_file_t *f = b->status == SHEET_OK ? zip_fopen_index(b->zip, (zip_uint64_t)index, 0) : NULL;
    if (!f && b->status == SHEET_OK)
        b->status = SHEET_MALFORMED;   /* encrypted, or a compression libzip lacks */
    char *buf = f ? xmalloc(READ_CHUNK) : NULL;
    while (f && b->status == SHEET_OK) {
        zip_int64_t n = zip_fread(f, buf, READ_CHUNK);
        if (n < 0) {                   /* corrupt data, bad CRC, truncated */
            stop(&p, SHEET_MALFORMED);
            break;
        }
        if ((size_t)n > b->lim->max_unpacked_bytes - b->unpacked) {
            stop(&p, SHEET_TOO_LARGE);
            break;
        }
        b->unpacked += (size_t)n;
        if (XML_Parse(p.parser, buf, (int)n, n == 0) == XML_STATUS_ERROR) {
            stop(&p, SHEET_MALFORMED);   /* keeps a status a handler set first */
            break;
        }
        if (n == 0)
            break;
    }
    free(buf);
    if (f)
        zip_fclose(f);
    XML_ParserFree(p.parser);
    free(p.text);
    return b->status == SHEET_OK ? 1 : -1;
}

/* The code point of "_xHHHH_" at s (n bytes available), or 0 when there is none
 * there or it would not be a character (NUL, a surrogate half). */
static unsigned escape_at(const char *s, size_t n)
{
    if (n < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_')
        return 0;
    unsigned cp = 0;
    for (int i = 2; i < 6; i++) {
        int h = hex_value(s[i]);
        if (h < 0)
            return 0;
        cp = cp * 16 + (unsigned)h;
    }
    return cp >= 0xD800 && cp <= 0xDFFF ? 0 : cp;
}

static void text_reset(struct part *p)
{
    p->text_len = 0;
}

/* The gathered text, with the _xHHHH_ escapes of OOXML strings decoded (they
 * carry characters XML cannot, such as CR: "_x000D_"), copied into the arena. */
static const char *take_text(struct part *p)
{
    const char *s = p->text;
    size_t n = p->text_len;
    p->text_len = 0;
    if (n == 0)
        return "";
    char *out = arena_alloc(p->book->a, n + 1), *o = out;
    for (size_t i = 0; i < n;) {
        unsigned cp = escape_at(s + i, n - i);
        if (cp) {
            if (cp < 0x80) {
                *o++ = (char)cp;
            } else if (cp < 0x800) {
                *o++ = (char)(0xC0 | (cp >> 6));
                *o++ = (char)(0x80 | (cp & 0x3F));
            } else {
                *o++ = (char)(0xE0 | (cp >> 12));
                *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
                *o++ = (char)(0x80 | (cp & 0x3F));
            }
            i += 7;
        } else {
            *o++ = s[i++];
        }
    }
    *o = '\0';
    return out;
}

/* ---- xl/workbook.xml ---- */

static bool xml_true(const char *v)
{
    return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

static void workbook_start(struct part *p, const char *name, const char **attrs)
{
    struct book *b = p->book;
    if (strcmp(name, "workbookPr") == 0) {
        b->date1904 = xml_true(attr(attrs, "date1904"));
    } else if (strcmp(name, "sheet") == 0 && !b->sheet_rid) {
        const char *rid = attr(attrs, "id");
        if (!rid)
            stop(p, SHEET_MALFORMED);
        else
            b->sheet_rid = arena_strdup(b->a, rid);
    }
}

/* ---- xl/_rels/workbook.xml.rels ---- */

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* A relationship's target is relative to xl/, or absolute from the package root. */
static const char *part_path(struct book *b, const char *target)
{
    return target[0] == '/' ? arena_strdup(b->a, target + 1) : arena_printf(b->a, "xl/%s", target);
}

static void rels_start(struct part *p, const char *name, const char **attrs)
{
    struct book *b = p->book;
    if (strcmp(name, "Relationship") != 0)
        return;
    const char *id = attr(attrs, "Id"), *type = attr(attrs, "Type"), *target = attr(attrs, "Target");
    const char *mode = attr(attrs, "TargetMode");
    if (!id || !type || !target || (mode && strcmp(mode, "External") == 0))
        return;
    if (strcmp(id, b->sheet_rid) == 0)
        b->sheet_path = part_path(b, target);
    else if (ends_with(type, "/sharedStrings"))
        b->strings_path = part_path(b, target);
    else if (ends_with(type, "/styles"))
        b->styles_path = part_path(b, target);
}

/* ---- xl/styles.xml ---- */

/* Built-in number formats that show a date (ECMA-376 18.8.30, with the East
 * Asian ones); 18–21 and 45–47 show only a time. */
static bool builtin_date_format(long id)
{
    return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

/* A custom format shows a date when, outside quoted text, [brackets] and escaped
 * characters, it has a day or year code. ("m" alone may be minutes.) */
static bool custom_date_format(const char *code)
{
    for (const char *c = code; *c; c++) {
        if (*c == '"') {
            const char *close = strchr(c + 1, '"');
            if (!close)
                return false;
            c = close;
        } else if (*c == '[') {
            const char *close = strchr(c + 1, ']');
            if (!close)
                return false;
            c = close;
        } else if ((*c == '\\' || *c == '_' || *c == '*') && c[1]) {
            c++;
        } else if (*c == 'd' || *c == 'D' || *c == 'y' || *c == 'Y') {
            return true;
        }
    }
    return false;
}

struct styles_state {
    bool in_cell_xfs;
};

static bool is_date_format(const struct book *b, long id)
{
    if (builtin_date_format(id))
        return true;
    for (int i = 0; i < b->ndate_formats; i++)
        if (b->date_formats[i] == id)
            return true;
    return false;
}

static void styles_start(struct part *p, const char *name, const char **attrs)
{
    struct book *b = p->book;
    struct styles_state *st = p->state;
    int64_t id;
    if (strcmp(name, "numFmt") == 0) {
        const char *code = attr(attrs, "formatCode");
        if (code && parse_int64(attr(attrs, "numFmtId"), 0, INT32_MAX, &id) &&
            custom_date_format(code) && b->ndate_formats < CUSTOM_FORMATS_MAX)
            b->date_formats[b->ndate_formats++] = (int)id;
    } else if (strcmp(name, "cellXfs") == 0) {
        st->in_cell_xfs = true;
    } else if (strcmp(name, "xf") == 0 && st->in_cell_xfs && b->nxf < CELL_FORMATS_MAX) {
        if (!b->xf_date)
            b->xf_date = xmalloc(sizeof *b->xf_date * CELL_FORMATS_MAX);
        b->xf_date[b->nxf++] =
            parse_int64(attr(attrs, "numFmtId"), 0, INT32_MAX, &id) && is_date_format(b, (long)id);
    }
}

static void styles_end(struct part *p, const char *name)
{
    if (strcmp(name, "cellXfs") == 0)
        ((struct styles_state *)p->state)->in_cell_xfs = false;
}

/* ---- xl/sharedStrings.xml ---- */

struct strings_state {
    bool in_si;
    int in_phonetic;              /* <rPh>: reading aids, not part of the text */
};

static void strings_start(struct part *p, const char *name, const char **attrs)
{
    (void)attrs;
    struct strings_state *st = p->state;
    if (strcmp(name, "si") == 0) {
        st->in_si = true;
        text_reset(p);
    } else if (strcmp(name, "rPh") == 0) {
        st->in_phonetic++;
    } else if (strcmp(name, "t") == 0 && st->in_si && !st->in_phonetic) {
        p->want_text = true;
    }
}

static void strings_end(struct part *p, const char *name)
{
    struct book *b = p->book;
    struct strings_state *st = p->state;
    if (strcmp(name, "t") == 0) {
        p->want_text = false;
    } else if (strcmp(name, "rPh") == 0) {
        st->in_phonetic--;
    } else if (strcmp(name, "si") == 0 && st->in_si) {
        st->in_si = false;
        if (b->nstrings >= b->strings_max) {
            stop(p, SHEET_TOO_LARGE);
            return;
        }
        if (b->nstrings == b->strings_cap) {
            size_t cap = b->strings_cap ? b->strings_cap * 2 : 256;
            const char **bigger = arena_alloc(b->a, sizeof *bigger * cap);
            if (b->nstrings)
                memcpy(bigger, b->strings, sizeof *bigger * b->nstrings);
            b->strings = bigger;
            b->strings_cap = cap;
        }
        b->strings[b->nstrings++] = take_text(p);
    }
}

/* ---- the worksheet ---- */

struct cell_state {
    int column;                   /* 0-based */
    char type[12];                /* the t attribute: "s", "inlineStr", "n" … */
    long style;                   /* the s attribute, -1 when absent */
    const char *value;            /* the <v> text */
    const char *inline_text;      /* the <is> text */
    bool in_inline;
};

struct sheet_state {
    struct sheet *out;
    bool in_data;                 /* inside <sheetData> */
    bool in_row, in_cell;
    long last_row;
    int last_column;
    struct sheet_cell *cells;     /* the row being read; malloc'd */
    int ncells, cap;
    struct cell_state c;
};

/* "C5" → 2; -1 unless letters A–XFD come first. */
static int column_of(const char *ref)
{
    int col = 0, letters = 0;
    for (; *ref >= 'A' && *ref <= 'Z'; ref++) {
        if (++letters > 3)
            return -1;
        col = col * 26 + (*ref - 'A' + 1);
    }
    return letters && col <= XLSX_COLUMNS_MAX ? col - 1 : -1;
}

static void row_start(struct part *p, struct sheet_state *st, const char **attrs)
{
    const char *r = attr(attrs, "r");
    int64_t number = st->last_row + 1;
    if (r && !parse_int64(r, 1, XLSX_ROWS_MAX, &number)) {
        stop(p, SHEET_MALFORMED);
        return;
    }
    if (number <= st->last_row || number > XLSX_ROWS_MAX) {   /* rows go down, once each */
        stop(p, SHEET_MALFORMED);
        return;
    }
    p->row = st->last_row = (long)number;
    st->in_row = true;
    st->ncells = 0;
    st->last_column = -1;
}

static void cell_start(struct part *p, struct sheet_state *st, const char **attrs)
{
    const char *r = attr(attrs, "r"), *t = attr(attrs, "t"), *s = attr(attrs, "s");
    int column = r ? column_of(r) : st->last_column + 1;
    if (column < 0 || column <= st->last_column || column >= XLSX_COLUMNS_MAX) {
        stop(p, SHEET_MALFORMED);
        return;
    }
    int64_t style = -1;
    if (s && !parse_int64(s, 0, INT32_MAX, &style)) {
        stop(p, SHEET_MALFORMED);
        return;
    }
    st->last_column = column;
    st->in_cell = true;
    memset(&st->c, 0, sizeof st->c);
    st->c.column = column;
    st->c.style = (long)style;
    snprintf(st->c.type, sizeof st->c.type, "%s", t ? t : "n");
}

static void sheet_start(struct part *p, const char *name, const char **attrs)
{
    struct sheet_state *st = p->state;
    if (strcmp(name, "sheetData") == 0)
        st->in_data = true;
    else if (!st->in_data)
        return;
    else if (strcmp(name, "row") == 0 && !st->in_row)
        row_start(p, st, attrs);
    else if (strcmp(name, "c") == 0 && st->in_row && !st->in_cell)
        cell_start(p, st, attrs);
    else if (strcmp(name, "v") == 0 && st->in_cell) {
        text_reset(p);
        p->want_text = true;
    } else if (strcmp(name, "is") == 0 && st->in_cell) {
        text_reset(p);
        st->c.in_inline = true;
    } else if (strcmp(name, "t") == 0 && st->c.in_inline)
        p->want_text = true;   /* rich text: the runs' texts follow one another */
}

/* A number's text: integral values without exponent or ".0" (as typed), others
 * with the digits a double holds. */
static const char *number_text(struct arena *a, double v)
{
    if (fabs(v) < 1e15 && v == floor(v))
        return arena_printf(a, "%.0f", v == 0 ? 0.0 : v);
    return arena_printf(a, "%.15g", v);
}

/* The cell's text and flags from its type, value and format. */
static void cell_value(struct part *p, struct sheet_state *st, struct sheet_cell *out)
{
    struct book *b = p->book;
    const struct cell_state *c = &st->c;
    const char *v = c->value ? c->value : "";
    out->text = "";
    out->flags = 0;
    if (strcmp(c->type, "s") == 0) {
        int64_t index;
        if (!parse_int64(v, 0, INT64_MAX, &index) || (uint64_t)index >= b->nstrings) {
            stop(p, SHEET_MALFORMED);
            return;
        }
        out->text = b->strings[index];
    } else if (strcmp(c->type, "inlineStr") == 0) {
        out->text = c->inline_text ? c->inline_text : "";
    } else if (strcmp(c->type, "b") == 0) {
        out->text = strcmp(v, "1") == 0 ? "true" : strcmp(v, "0") == 0 ? "false" : v;
    } else if (strcmp(c->type, "d") == 0) {
        /* An ISO 8601 date-time: its day. */
        struct date d;
        char day[11];
        snprintf(day, sizeof day, "%s", v);
        out->text = v;
        if (date_parse(day, &d)) {
            out->text = arena_strdup(b->a, day);
            out->flags = CELL_DATE;
        }
    } else if (strcmp(c->type, "n") == 0 && *v) {
        char *end;
        double x = strtod(v, &end);
        out->text = v;
        if (*end || !isfinite(x))
            return;   /* not a number after all: kept as text */
        out->flags = CELL_NUMBER;
        char day[11];
        if (c->style >= 0 && (size_t)c->style < b->nxf && b->xf_date[c->style] &&
            xlsx_serial_date(x, b->date1904, day)) {
            out->text = arena_strdup(b->a, day);
            out->flags |= CELL_DATE;
        } else {
            out->text = number_text(b->a, x);
        }
    } else {
        out->text = v;   /* "str" (a formula's text), "e" (an error such as #N/A) */
    }
}

static void cell_end(struct part *p, struct sheet_state *st)
{
    const struct sheet_limits *lim = p->book->lim;
    st->in_cell = false;
    struct sheet_cell cell;
    cell_value(p, st, &cell);
    if (p->book->status != SHEET_OK || (!cell.text[0] && !cell.flags))
        return;
    if (st->c.column >= lim->max_columns) {
        stop(p, SHEET_TOO_MANY_COLUMNS);
        return;
    }
    if (st->c.column >= st->cap) {
        st->cap = st->c.column + 16 < lim->max_columns ? st->c.column + 16 : lim->max_columns;
        st->cells = xrealloc(st->cells, sizeof *st->cells * (size_t)st->cap);
    }
    while (st->ncells < st->c.column)   /* missing cells are empty */
        st->cells[st->ncells++] = (struct sheet_cell){.text = "", .flags = 0};
    st->cells[st->ncells++] = cell;
}

static void sheet_end(struct part *p, const char *name)
{
    struct sheet_state *st = p->state;
    if (!st->in_data)
        return;
    if (strcmp(name, "v") == 0 && st->in_cell) {
        p->want_text = false;
        st->c.value = take_text(p);
    } else if (strcmp(name, "t") == 0 && st->c.in_inline) {
        p->want_text = false;
    } else if (strcmp(name, "is") == 0 && st->in_cell) {
        st->c.in_inline = false;
        st->c.inline_text = take_text(p);
    } else if (strcmp(name, "c") == 0 && st->in_cell) {
        cell_end(p, st);
    } else if (strcmp(name, "row") == 0 && st->in_row) {
        st->in_row = false;
        enum sheet_status s =
            sheet_add_row(p->book->a, st->out, p->book->lim, st->last_row, st->cells, st->ncells);
        if (s != SHEET_OK)
            stop(p, s);
    } else if (strcmp(name, "sheetData") == 0) {
        st->in_data = false;
    }
}

/* ---- The workbook ---- */

static void read_book(struct book *b, struct sheet *out)
{
    if (read_part(b, "xl/workbook.xml", workbook_start, NULL, NULL) != 1 || !b->sheet_rid) {
        b->status = b->status ? b->status : SHEET_MALFORMED;
        return;
    }
    if (read_part(b, "xl/_rels/workbook.xml.rels", rels_start, NULL, NULL) != 1 ||
        !b->sheet_path) {
        b->status = b->status ? b->status : SHEET_MALFORMED;
        return;
    }
    /* Shared strings and styles are optional parts. */
    struct styles_state styles = {false};
    if (read_part(b, b->styles_path ? b->styles_path : "xl/styles.xml", styles_start, styles_end,
                  &styles) < 0)
        return;
    struct strings_state strings = {false, 0};
    if (read_part(b, b->strings_path ? b->strings_path : "xl/sharedStrings.xml", strings_start,
                  strings_end, &strings) < 0)
        return;
    struct sheet_state st = {.out = out};
    out->date1904 = b->date1904;
    if (read_part(b, b->sheet_path, sheet_start, sheet_end, &st) == 0)
        b->status = SHEET_MALFORMED;
    free(st.cells);
}

enum sheet_status xlsx_read_sheet(struct arena *a, const void *data, size_t len,
                                  const struct sheet_limits *limits, struct sheet *out,
                                  struct sheet_error *err)
{
    sheet_init(out);
    struct book b = {.a = a, .lim = limits};
    /* A shared string is worth keeping only if a cell can use it. */
    b.strings_max = (size_t)limits->max_rows * (size_t)limits->max_columns;
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = len ? zip_source_buffer_create(data, len, 0, &ze) : NULL;
    b.zip = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    if (!b.zip) {
        if (src)
            zip_source_free(src);
        b.status = SHEET_MALFORMED;
    } else {
        read_book(&b, out);
        zip_discard(b.zip);   /* also frees the source; the buffer stays the caller's */
    }
    zip_error_fini(&ze);
    free(b.xf_date);
    err->status = b.status;
    err->row = b.status == SHEET_OK ? 0 : b.status_row;
    return b.status;
}

/* ---- Serial dates ---- */

/* The civil date of a day counted from 1970-01-01 (H. Hinnant's algorithm). */
static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

bool xlsx_serial_date(double serial, bool date1904, char out[11])
{
    /* 2958465 is 9999-12-31 in the 1900 system. */
    if (!isfinite(serial) || serial < (date1904 ? 0 : 1) || serial >= 2958466)
        return false;
    long days = (long)floor(serial);
    if (date1904)
        days += 1462;          /* 1904-01-01 in the 1900 system */
    else if (days == 60)
        return false;          /* 1900-02-29, which never was */
    else if (days < 60)
        days += 1;             /* before Excel's phantom leap day */
    if (days >= 2958466)
        return false;
    int y, m, d;
    civil_from_days(days - 25569, &y, &m, &d);   /* serial 25569 is 1970-01-01 */
    snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
    return true;
}
