/* Writes compact JSON text: of jansson values, or piece by piece (see json_text.h). */
#include "core/json_text.h"

#include "core/util.h"

#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* strbuf_append() with its common case, room enough, inline: an answer is
 * written in thousands of small pieces. */
static inline int put(struct strbuf *out, const char *data, size_t len)
{
    if (out->len + len < out->cap && out->len + len <= out->max) {
        memcpy(out->data + out->len, data, len);
        out->len += len;
        out->data[out->len] = '\0';
        return 0;
    }
    return strbuf_append(out, data, len);
}

/* JSON's two-character escapes; other controls are \u00XX, as jansson writes them. */
static const char *short_escape(unsigned char c)
{
    switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\b': return "\\b";
    case '\f': return "\\f";
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    default: return NULL;
    }
}

/* U+FFFD, written for a byte that is not part of well-formed UTF-8. */
#define REPLACEMENT "\xEF\xBF\xBD"

static int append_string(struct strbuf *out, const char *s, size_t len)
{
    if (put(out, "\"", 1) < 0)
        return -1;
    size_t run = 0;   /* start of the bytes not yet written */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            size_t n = utf8_sequence_length(s + i, len - i);
            if (n > 0) {
                i += n - 1;
                continue;
            }
            if (put(out, s + run, i - run) < 0 || put(out, REPLACEMENT, 3) < 0)
                return -1;
            run = i + 1;
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        if (put(out, s + run, i - run) < 0)
            return -1;
        const char *esc = short_escape(c);
        char hex[7];
        if (!esc) {
            snprintf(hex, sizeof hex, "\\u%04X", c);
            esc = hex;
        }
        if (put(out, esc, strlen(esc)) < 0)
            return -1;
        run = i + 1;
    }
    if (put(out, s + run, len - run) < 0)
        return -1;
    return put(out, "\"", 1);
}

static int append_integer(struct strbuf *out, int64_t n)
{
    char digits[24];
    int len = snprintf(digits, sizeof digits, "%" PRId64, n);
    return put(out, digits, (size_t)len);
}

/* Reals are rare in answers: jansson formats them itself, so that "%.17g" and
 * its rules for a missing ".0" and the exponent stay exactly its own. */
static int append_real(struct strbuf *out, const json_t *value)
{
    if (!isfinite(json_real_value(value)))
        return -1;
    char *text = json_dumps(value, JSON_ENCODE_ANY);
    if (!text)
        return -1;
    int rc = strbuf_puts(out, text);
    free(text);
    return rc;
}

int json_text_append(struct strbuf *out, const json_t *value)
{
    if (!value)
        return -1;
    switch (json_typeof(value)) {
    case JSON_OBJECT: {
        if (put(out, "{", 1) < 0)
            return -1;
        bool first = true;
        for (void *it = json_object_iter((json_t *)value); it;
             it = json_object_iter_next((json_t *)value, it)) {
            if ((!first && put(out, ",", 1) < 0) ||
                append_string(out, json_object_iter_key(it), json_object_iter_key_len(it)) < 0 ||
                put(out, ":", 1) < 0 ||
                json_text_append(out, json_object_iter_value(it)) < 0)
                return -1;
            first = false;
        }
        return put(out, "}", 1);
    }
    case JSON_ARRAY: {
        if (put(out, "[", 1) < 0)
            return -1;
        size_t n = json_array_size(value);
        for (size_t i = 0; i < n; i++)
            if ((i > 0 && put(out, ",", 1) < 0) ||
                json_text_append(out, json_array_get(value, i)) < 0)
                return -1;
        return put(out, "]", 1);
    }
    case JSON_STRING:
        return append_string(out, json_string_value(value), json_string_length(value));
    case JSON_INTEGER:
        return append_integer(out, (int64_t)json_integer_value(value));
    case JSON_REAL:
        return append_real(out, value);
    case JSON_TRUE:
        return put(out, "true", 4);
    case JSON_FALSE:
        return put(out, "false", 5);
    case JSON_NULL:
        return put(out, "null", 4);
    }
    return -1;
}

char *json_text(const json_t *value, size_t *len)
{
    struct strbuf out;
    strbuf_init(&out, SIZE_MAX);
    if (json_text_append(&out, value) < 0) {
        strbuf_free(&out);
        return NULL;
    }
    if (len)
        *len = out.len;
    return strbuf_take(&out);
}

void json_writer_init(struct json_writer *w, struct strbuf *out)
{
    *w = (struct json_writer){.out = out};
}

static void write_raw(struct json_writer *w, const char *text, size_t len)
{
    if (!w->failed && put(w->out, text, len) < 0)
        w->failed = true;
}

/* The comma before a value and its key: what every value starts with. */
static void write_key(struct json_writer *w, const char *key)
{
    if (w->comma)
        write_raw(w, ",", 1);
    if (key && !w->failed) {
        if (append_string(w->out, key, strlen(key)) < 0)
            w->failed = true;
        write_raw(w, ":", 1);
    }
    w->comma = true;
}

static void write_open(struct json_writer *w, const char *key, const char *bracket)
{
    write_key(w, key);
    write_raw(w, bracket, 1);
    w->comma = false;
}

static void write_close(struct json_writer *w, const char *bracket)
{
    write_raw(w, bracket, 1);
    w->comma = true;
}

void json_write_object_begin(struct json_writer *w, const char *key)
{
    write_open(w, key, "{");
}

void json_write_object_end(struct json_writer *w)
{
    write_close(w, "}");
}

void json_write_array_begin(struct json_writer *w, const char *key)
{
    write_open(w, key, "[");
}

void json_write_array_end(struct json_writer *w)
{
    write_close(w, "]");
}

void json_write_string(struct json_writer *w, const char *key, const char *s)
{
    if (!s) {
        json_write_null(w, key);
        return;
    }
    write_key(w, key);
    if (!w->failed && append_string(w->out, s, strlen(s)) < 0)
        w->failed = true;
}

void json_write_integer(struct json_writer *w, const char *key, int64_t n)
{
    write_key(w, key);
    if (!w->failed && append_integer(w->out, n) < 0)
        w->failed = true;
}

void json_write_null(struct json_writer *w, const char *key)
{
    write_key(w, key);
    write_raw(w, "null", 4);
}

void json_write_bool(struct json_writer *w, const char *key, bool b)
{
    write_key(w, key);
    write_raw(w, b ? "true" : "false", b ? 4 : 5);
}

void json_write_fixed(struct json_writer *w, const char *key, double x, int decimals)
{
    if (!isfinite(x)) {
        json_write_null(w, key);
        return;
    }
    char digits[64];
    int len = snprintf(digits, sizeof digits, "%.*f", decimals, x);
    if (len < 0 || (size_t)len >= sizeof digits) {
        json_write_null(w, key);
        return;
    }
    write_key(w, key);
    write_raw(w, digits, (size_t)len);
}
