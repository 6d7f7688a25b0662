/* Compact JSON text, two ways: a jansson value written as the same bytes as
 * jansson's json_dumps(value, JSON_COMPACT | JSON_PRESERVE_ORDER), and a writer
 * that puts a text together piece by piece, with no tree at all, for the answers
 * that list many records. jansson's dump checks every container for cycles
 * through a hash table keyed by its printed address and decodes every string
 * again; building and freeing the tree costs as much again. On a page of 50
 * applications the three were 45 % of the server's CPU.
 * Strings are written as they are where they are well-formed UTF-8, as jansson's
 * constructors and parser and the validation of every input make them; a byte
 * that is not (a request's path, say) is written as U+FFFD, so that the text is
 * always valid JSON. */
#ifndef SANAD_CORE_JSON_TEXT_H
#define SANAD_CORE_JSON_TEXT_H

#include "core/strbuf.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* Appends the text of `value` to `out`; -1 when the buffer's ceiling is reached,
 * or for a value jansson could not dump either (NULL, a real that is not finite). */
int json_text_append(struct strbuf *out, const json_t *value);
/* The text of `value`, malloc'd and NUL-terminated (caller frees), its length in
 * *len when len is not NULL; NULL where json_text_append fails. */
char *json_text(const json_t *value, size_t *len);

/* Writes one JSON text into `out`. Each value is given its key inside an object
 * and NULL elsewhere; the commas are the writer's. An append past the buffer's
 * ceiling is remembered in `failed`, and what follows is not written. */
struct json_writer {
    struct strbuf *out;
    bool comma;    /* private: a value was written at this level */
    bool failed;   /* read-only */
};

void json_writer_init(struct json_writer *w, struct strbuf *out);
void json_write_object_begin(struct json_writer *w, const char *key);
void json_write_object_end(struct json_writer *w);
void json_write_array_begin(struct json_writer *w, const char *key);
void json_write_array_end(struct json_writer *w);
/* A string, or null when `s` is NULL. */
void json_write_string(struct json_writer *w, const char *key, const char *s);
void json_write_integer(struct json_writer *w, const char *key, int64_t n);
void json_write_null(struct json_writer *w, const char *key);
void json_write_bool(struct json_writer *w, const char *key, bool b);
/* A number with `decimals` digits after the point (a duration, say); null when
 * it is not finite, which JSON cannot write. */
void json_write_fixed(struct json_writer *w, const char *key, double x, int decimals);

#endif
