/* Structured logging (see log.h). Lines are written with one write(2) each so
 * that lines from different threads never interleave. */
#include "core/log.h"

#include "core/util.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static enum log_level threshold = LOG_INFO;
static const char *const level_names[] = {"debug", "info", "warn", "error"};

void log_set_level(enum log_level level)
{
    threshold = level;
}

int log_parse_level(const char *name)
{
    for (size_t i = 0; i < ARRAY_LEN(level_names); i++)
        if (strcmp(name, level_names[i]) == 0)
            return (int)i;
    return -1;
}

void log_json_line(enum log_level level, const char *json)
{
    if (level < threshold)
        return;
    size_t n = strlen(json);
    char *line = malloc(n + 2);
    if (!line)
        return;
    memcpy(line, json, n);
    line[n] = '\n';
    ssize_t ignored = write(STDERR_FILENO, line, n + 1);
    (void)ignored;
    free(line);
}

void log_msg(enum log_level level, const char *module, const char *fmt, ...)
{
    if (level < threshold)
        return;
    char msg[1024], ts[21];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    now_rfc3339(ts);
    json_t *o = json_pack("{s:s, s:s, s:s, s:s}", "ts", ts, "level", level_names[level],
                          "module", module, "msg", msg);
    if (!o)
        return;
    char *text = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(o);
    if (text) {
        log_json_line(level, text);
        free(text);
    }
}
