/* Writing XLSX with libxlsxwriter through a temporary file (see xlsx_write.h). */
#include "formats/xlsx_write.h"

#include "core/arena.h"
#include "core/log.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define COLUMN_WIDTH 18

struct xlsx_writer {
    lxw_workbook *book;        /* owned until workbook_close() */
    lxw_worksheet *sheet;      /* owned by book */
    lxw_format *bold;          /* owned by book */
    char tmpdir[PATH_MAX];
    char path[PATH_MAX];       /* the temporary file, removed by finish/discard */
};

struct xlsx_writer *xlsx_writer_open(const char *sheet_name)
{
    struct xlsx_writer *w = xmalloc(sizeof *w);
    memset(w, 0, sizeof *w);
    const char *dir = getenv("TMPDIR");
    dir = dir && *dir ? dir : "/tmp";
    if (strlen(dir) + sizeof "/sanad-export-XXXXXX" > sizeof w->path) {
        log_error("xlsx", "TMPDIR is too long");
        free(w);
        return NULL;
    }
    strcpy(w->tmpdir, dir);
    strcpy(w->path, dir);
    strcat(w->path, "/sanad-export-XXXXXX");
    /* mkstemp reserves a fresh name only we know; libxlsxwriter then rewrites it. */
    int fd = mkstemp(w->path);
    if (fd < 0) {
        log_error("xlsx", "cannot create a temporary file in %s: %s", w->tmpdir, strerror(errno));
        free(w);
        return NULL;
    }
    close(fd);
    lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = w->tmpdir,
                                    .use_zip64 = LXW_FALSE};
    w->book = workbook_new_opt(w->path, &options);
    w->sheet = w->book ? workbook_add_worksheet(w->book, sheet_name) : NULL;
    w->bold = w->book ? workbook_add_format(w->book) : NULL;
    if (!w->sheet || !w->bold) {
        log_error("xlsx", "cannot start a workbook in %s", w->path);
        xlsx_writer_discard(w);
        return NULL;
    }
    format_set_bold(w->bold);
    return w;
}

int xlsx_writer_header(struct xlsx_writer *w, const char *const titles[], size_t n)
{
    if (n == 0)
        return 0;
    if (n > LXW_COL_MAX)
        return -1;
    if (worksheet_set_column(w->sheet, 0, (lxw_col_t)(n - 1), COLUMN_WIDTH, NULL) != LXW_NO_ERROR)
        return -1;
    worksheet_freeze_panes(w->sheet, 1, 0);
    for (size_t i = 0; i < n; i++)
        if (titles[i] && titles[i][0] &&
            worksheet_write_string(w->sheet, 0, (lxw_col_t)i, titles[i], w->bold) != LXW_NO_ERROR)
            return -1;
    return 0;
}

int xlsx_writer_text(struct xlsx_writer *w, uint32_t row, uint16_t column, const char *text)
{
    if (!text || !text[0])
        return 0;
    return worksheet_write_string(w->sheet, row, column, text, NULL) == LXW_NO_ERROR ? 0 : -1;
}

int xlsx_writer_number(struct xlsx_writer *w, uint32_t row, uint16_t column, double value)
{
    return worksheet_write_number(w->sheet, row, column, value, NULL) == LXW_NO_ERROR ? 0 : -1;
}

static enum xlsx_write_result read_back(const char *path, struct strbuf *out)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        log_error("xlsx", "cannot read back %s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return XLSX_WRITE_FAILED;
    }
    if ((uint64_t)st.st_size > out->max - out->len) {
        close(fd);
        return XLSX_WRITE_TOO_LARGE;
    }
    enum xlsx_write_result rc = XLSX_WRITE_OK;
    char buf[65536];
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            log_error("xlsx", "cannot read back %s: %s", path, strerror(errno));
            rc = XLSX_WRITE_FAILED;
            break;
        }
        if (n == 0)
            break;
        if (strbuf_append(out, buf, (size_t)n) != 0) {   /* the file grew under us */
            rc = XLSX_WRITE_TOO_LARGE;
            break;
        }
    }
    close(fd);
    return rc;
}

enum xlsx_write_result xlsx_writer_finish(struct xlsx_writer *w, struct strbuf *out)
{
    lxw_error e = workbook_close(w->book);   /* frees the workbook in every case */
    enum xlsx_write_result rc = XLSX_WRITE_FAILED;
    if (e == LXW_NO_ERROR)
        rc = read_back(w->path, out);
    else
        log_error("xlsx", "cannot write %s: %s", w->path, lxw_strerror(e));
    unlink(w->path);
    free(w);
    return rc;
}

void xlsx_writer_discard(struct xlsx_writer *w)
{
    if (w->book)
        workbook_close(w->book);
    unlink(w->path);
    free(w);
}
