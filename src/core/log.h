/* Structured logging: one JSON object per line on stderr, so that log collectors
 * need no parser of their own. Every line carries the time, the level and the
 * module that speaks. */
#ifndef SANAD_CORE_LOG_H
#define SANAD_CORE_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level level);
/* Parses "debug", "info", "warn", "error"; returns -1 for anything else. */
int log_parse_level(const char *name);

void log_msg(enum log_level level, const char *module, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Writes an already formatted JSON object (no newline) as one line, unless `level`
 * is below the threshold. */
void log_json_line(enum log_level level, const char *json);

#define log_info(mod, ...) log_msg(LOG_INFO, mod, __VA_ARGS__)
#define log_warn(mod, ...) log_msg(LOG_WARN, mod, __VA_ARGS__)
#define log_error(mod, ...) log_msg(LOG_ERROR, mod, __VA_ARGS__)

#endif
