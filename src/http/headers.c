/* Header interpretation (see headers.h). */
#include "http/headers.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static bool is_token_char(char c)
{
    return c > 0x20 && c < 0x7f && !strchr("()<>@,;:\\\"/[]?={}", c);
}

const char *cookie_value(struct arena *a, const char *header, const char *name)
{
    if (!header)
        return NULL;
    size_t name_len = strlen(name);
    const char *p = header;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ';')
            p++;
        const char *start = p;
        while (*p && is_token_char(*p))
            p++;
        size_t key_len = (size_t)(p - start);
        if (*p != '=') {
            /* Not a name=value pair: skip to the next separator. */
            while (*p && *p != ';')
                p++;
            continue;
        }
        p++;
        const char *value = p;
        while (*p && *p != ';')
            p++;
        const char *end = p;
        while (end > value && (end[-1] == ' ' || end[-1] == '\t'))
            end--;
        if (end - value >= 2 && value[0] == '"' && end[-1] == '"') {
            value++;
            end--;
        }
        if (key_len == name_len && memcmp(start, name, name_len) == 0) {
            for (const char *v = value; v < end; v++)
                if ((unsigned char)*v < 0x21 || (unsigned char)*v > 0x7e || *v == '"' ||
                    *v == ',' || *v == '\\')
                    return NULL;
            return arena_strndup(a, value, (size_t)(end - value));
        }
    }
    return NULL;
}

const char *bearer_token(struct arena *a, const char *authorization)
{
    if (!authorization || strncasecmp(authorization, "Bearer ", 7) != 0)
        return NULL;
    const char *t = authorization + 7;
    while (*t == ' ')
        t++;
    size_t n = 0;
    while (t[n] && t[n] != ' ')
        n++;
    for (size_t i = n; t[i]; i++)
        if (t[i] != ' ')
            return NULL;
    return n ? arena_strndup(a, t, n) : NULL;
}

bool content_type_is_json(const char *ct)
{
    if (!ct)
        return false;
    while (*ct == ' ')
        ct++;
    if (strncasecmp(ct, "application/json", 16) != 0)
        return false;
    const char *p = ct + 16;
    while (*p == ' ')
        p++;
    if (*p == '\0')
        return true;
    if (*p != ';')
        return false;
    const char *cs = strcasestr(p, "charset=");
    if (!cs)
        return true;
    cs += 8;
    if (*cs == '"')
        cs++;
    return strncasecmp(cs, "utf-8", 5) == 0 || strncasecmp(cs, "utf8", 4) == 0;
}

bool request_id_acceptable(const char *s)
{
    size_t n = 0;
    for (; s && s[n]; n++)
        if (!(isalnum((unsigned char)s[n]) || s[n] == '.' || s[n] == '_' || s[n] == '-'))
            return false;
    return n >= 1 && n <= 64;
}
