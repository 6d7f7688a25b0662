/* Static files of the web interface (see static.h). Files are read and, when
 * compressible, gzipped once at start; requests are served from memory without
 * copying. The table is read-only once loaded, so workers share it freely. */
#include "http/static.h"

#include "core/arena.h"
#include "core/log.h"
#include "core/util.h"
#include "http/request.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define MAX_FILES 2000
#define MAX_FILE_BYTES (16 << 20)

struct static_file {
    char *path;            /* "/assets/index-3f2a.js" */
    const char *type;
    char *data, *gz;       /* gz is NULL when compression does not pay */
    size_t len, gz_len;
    bool immutable;
};

static struct static_file *files;
static size_t nfiles;
static size_t root_len;
static char load_error[256];

static const struct {
    const char *ext, *type;
    bool compress;
} types[] = {
    {".html", "text/html; charset=utf-8", true},
    {".js", "text/javascript; charset=utf-8", true},
    {".mjs", "text/javascript; charset=utf-8", true},
    {".css", "text/css; charset=utf-8", true},
    {".json", "application/json; charset=utf-8", true},
    {".svg", "image/svg+xml", true},
    {".txt", "text/plain; charset=utf-8", true},
    {".map", "application/json; charset=utf-8", true},
    {".webmanifest", "application/manifest+json", true},
    {".ico", "image/x-icon", true},
    {".png", "image/png", false},
    {".jpg", "image/jpeg", false},
    {".webp", "image/webp", false},
    {".woff2", "font/woff2", false},
};

static const char *type_of(const char *path, bool *compress)
{
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < ARRAY_LEN(types); i++) {
        if (strcasecmp(dot, types[i].ext) == 0) {
            *compress = types[i].compress;
            return types[i].type;
        }
    }
    *compress = false;
    return "application/octet-stream";
}

/* gzip of data, or NULL when it would not be at least 10 % smaller. */
static char *gzip_bytes(const char *data, size_t len, size_t *out_len)
{
    z_stream z = {0};
    if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        return NULL;
    size_t cap = deflateBound(&z, len);
    char *out = xmalloc(cap);
    z.next_in = (Bytef *)data;
    z.avail_in = (uInt)len;
    z.next_out = (Bytef *)out;
    z.avail_out = (uInt)cap;
    int rc = deflate(&z, Z_FINISH);
    *out_len = z.total_out;
    deflateEnd(&z);
    if (rc != Z_STREAM_END || *out_len > len - len / 10) {
        free(out);
        return NULL;
    }
    return out;
}

static int add_file(const char *fpath, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)ftw;
    if (flag != FTW_F)
        return 0;
    if (nfiles == MAX_FILES || st->st_size > MAX_FILE_BYTES) {
        snprintf(load_error, sizeof load_error, "too many or too large files at %s", fpath);
        return 1;
    }
    FILE *f = fopen(fpath, "rb");
    if (!f) {
        snprintf(load_error, sizeof load_error, "cannot read %s: %s", fpath, strerror(errno));
        return 1;
    }
    struct static_file *sf = &files[nfiles];
    sf->len = (size_t)st->st_size;
    sf->data = xmalloc(sf->len ? sf->len : 1);
    size_t got = fread(sf->data, 1, sf->len, f);
    fclose(f);
    if (got != sf->len) {
        snprintf(load_error, sizeof load_error, "short read of %s", fpath);
        free(sf->data);
        return 1;
    }
    sf->path = xstrdup(fpath + root_len);
    bool compress;
    sf->type = type_of(sf->path, &compress);
    sf->gz = compress && sf->len > 256 ? gzip_bytes(sf->data, sf->len, &sf->gz_len) : NULL;
    sf->immutable = strncmp(sf->path, "/assets/", 8) == 0;
    nfiles++;
    return 0;
}

int static_load(const char *dir, char *err, size_t errlen)
{
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return 0;
    files = xmalloc(sizeof *files * MAX_FILES);
    nfiles = 0;
    root_len = strlen(dir);
    while (root_len > 1 && dir[root_len - 1] == '/')
        root_len--;
    load_error[0] = '\0';
    if (nftw(dir, add_file, 16, FTW_PHYS) != 0) {
        snprintf(err, errlen, "web files: %s", load_error[0] ? load_error : strerror(errno));
        return -1;
    }
    return (int)nfiles;
}

const char *static_default_dir(char *buf, size_t len)
{
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return "web/dist";
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0';
    snprintf(buf, len, "%s/../web/dist", exe);
    return buf;
}

static const struct static_file *find(const char *path)
{
    for (size_t i = 0; i < nfiles; i++)
        if (strcmp(files[i].path, path) == 0)
            return &files[i];
    return NULL;
}

static bool accepts_gzip(struct req *r)
{
    const char *ae = req_header(r, "Accept-Encoding");
    return ae && strcasestr(ae, "gzip") != NULL;
}

bool static_serve(struct req *r)
{
    if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0)
        return false;
    const char *path = r->target.path;
    if (strncmp(path, "/api/", 5) == 0 || nfiles == 0)
        return false;
    const struct static_file *f = find(strcmp(path, "/") == 0 ? "/index.html" : path);
    /* A page path of the interface (no file extension) gets the application. */
    if (!f && !strchr(strrchr(path, '/'), '.'))
        f = find("/index.html");
    if (!f)
        return false;
    req_add_header(r, "Cache-Control",
                   f->immutable ? "public, max-age=31536000, immutable" : "no-cache");
    req_add_header(r, "Vary", "Accept-Encoding");
    if (f->gz && accepts_gzip(r)) {
        req_add_header(r, "Content-Encoding", "gzip");
        reply_static(r, 200, f->type, f->gz, f->gz_len);
    } else {
        reply_static(r, 200, f->type, f->data, f->len);
    }
    return true;
}
