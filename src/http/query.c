/* Request target parsing (see query.h). */
#include "http/query.h"

#include "core/util.h"

#include <string.h>

char *url_decode(struct arena *a, const char *s, size_t len, bool plus_space)
{
    char *out = arena_alloc(a, len + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '%') {
            if (i + 2 >= len)
                return NULL;
            int hi = hex_value(s[i + 1]);
            int lo = hex_value(s[i + 2]);
            if (hi < 0 || lo < 0)
                return NULL;
            c = (char)(hi * 16 + lo);
            i += 2;
        } else if (c == '+' && plus_space) {
            c = ' ';
        }
        if ((unsigned char)c < 0x20 || c == 0x7f)
            return NULL;
        out[n++] = c;
    }
    out[n] = '\0';
    return utf8_valid(out, n) && !text_has_control(out) ? out : NULL;
}

static bool path_segments_safe(const char *path)
{
    const char *p = path;
    while (*p) {
        p++;   /* past the '/' */
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if ((len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
            return false;
        if (!end)
            break;
        p = end;
    }
    return true;
}

int target_parse(struct arena *a, const char *raw, struct target *out)
{
    out->nparams = 0;
    if (!raw || raw[0] != '/')
        return -1;
    const char *q = strchr(raw, '?');
    size_t path_len = q ? (size_t)(q - raw) : strlen(raw);
    out->path = url_decode(a, raw, path_len, false);
    if (!out->path || !path_segments_safe(out->path))
        return -1;
    if (!q)
        return 0;
    const char *p = q + 1;
    while (*p) {
        const char *amp = strchr(p, '&');
        size_t len = amp ? (size_t)(amp - p) : strlen(p);
        if (len > 0) {
            if (out->nparams == QUERY_MAX_PARAMS)
                return -1;
            const char *eq = memchr(p, '=', len);
            size_t name_len = eq ? (size_t)(eq - p) : len;
            struct query_param *qp = &out->params[out->nparams];
            qp->name = url_decode(a, p, name_len, true);
            qp->value = eq ? url_decode(a, eq + 1, len - name_len - 1, true) : "";
            if (!qp->name || !qp->value || !qp->name[0])
                return -1;
            out->nparams++;
        }
        if (!amp)
            break;
        p = amp + 1;
    }
    return 0;
}

const char *target_param(const struct target *t, const char *name)
{
    for (int i = 0; i < t->nparams; i++)
        if (strcmp(t->params[i].name, name) == 0)
            return t->params[i].value;
    return NULL;
}
