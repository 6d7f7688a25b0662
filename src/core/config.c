/* Settings (see config.h). */
#include "core/config.h"

#include "core/util.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum kind { TEXT, INT, LONG, BOOL };

static const struct setting {
    const char *flag, *env;
    enum kind kind;
    size_t offset;
    long min, max;
    const char *help;
} settings[] = {
    {"listen", "SANAD_LISTEN", TEXT, offsetof(struct config, listen), 0, 0,
     "address and port to listen on (default 127.0.0.1:8080)"},
    {"db", "SANAD_DB", TEXT, offsetof(struct config, db), 0, 0,
     "database: sqlite:PATH or postgresql://user:pass@host/db (default sqlite:sanad.db)"},
    {"key-file", "SANAD_KEY_FILE", TEXT, offsetof(struct config, key_file), 0, 0,
     "32-byte key that encrypts sensitive fields (made by `sanad keygen`)"},
    {"rate-limit", "SANAD_RATE_LIMIT", INT, offsetof(struct config, rate_limit), 0, 1000000,
     "public requests per minute per client address; 0 turns it off (default 60)"},
    {"threads", "SANAD_THREADS", INT, offsetof(struct config, threads), 0, 256,
     "HTTP worker threads; 0 means one per core (default 0)"},
    {"max-connections", "SANAD_MAX_CONNECTIONS", INT, offsetof(struct config, max_connections),
     16, 1000000, "simultaneous client connections (default 20000)"},
    {"connection-timeout", "SANAD_CONNECTION_TIMEOUT", INT,
     offsetof(struct config, connection_timeout), 1, 3600,
     "seconds an idle connection is kept (default 30)"},
    {"header-timeout", "SANAD_HEADER_TIMEOUT", INT, offsetof(struct config, header_timeout), 1,
     3600, "seconds a client may take to send a request's headers (default 10)"},
    {"max-requests", "SANAD_MAX_REQUESTS", INT, offsetof(struct config, max_requests), 0,
     1000000, "requests in progress at once, parked registrations included, beyond which new "
     "ones are answered 503; 0 means 128 per worker thread (default 0)"},
    {"max-body", "SANAD_MAX_BODY", LONG, offsetof(struct config, max_body), 1024, 1L << 30,
     "largest JSON request body in bytes (default 1048576)"},
    {"max-upload", "SANAD_MAX_UPLOAD", LONG, offsetof(struct config, max_upload), 1024, 1L << 31,
     "largest imported file in bytes (default 67108864)"},
    {"session-hours", "SANAD_SESSION_HOURS", INT, offsetof(struct config, session_hours), 1,
     24 * 30, "lifetime of a login session in hours (default 12)"},
    {"secure-cookies", "SANAD_SECURE_COOKIES", BOOL, offsetof(struct config, secure_cookies), 0,
     0, "mark the session cookie Secure, for service behind HTTPS (default 0)"},
    {"log-level", "SANAD_LOG_LEVEL", TEXT, offsetof(struct config, log_level), 0, 0,
     "debug, info, warn or error (default info)"},
    {"web-dir", "SANAD_WEB_DIR", TEXT, offsetof(struct config, web_dir), 0, 0,
     "serve the web interface from this folder instead of the embedded copy"},
};

void config_defaults(struct config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->listen = "127.0.0.1:8080";
    cfg->db = "sqlite:sanad.db";
    cfg->rate_limit = 60;
    cfg->max_connections = 20000;
    cfg->connection_timeout = 30;
    cfg->header_timeout = 10;
    cfg->max_body = 1L << 20;
    cfg->max_upload = 64L << 20;
    cfg->session_hours = 12;
    cfg->log_level = "info";
}

static int apply(struct config *cfg, const struct setting *s, const char *value, char *err,
                 size_t errlen)
{
    char *field = (char *)cfg + s->offset;
    int64_t n;
    switch (s->kind) {
    case TEXT:
        if (!*value) {
            snprintf(err, errlen, "--%s needs a value", s->flag);
            return -2;
        }
        *(const char **)field = value;
        return 0;
    case BOOL:
        if (strcmp(value, "1") == 0 || strcmp(value, "true") == 0) {
            *(bool *)field = true;
            return 0;
        }
        if (strcmp(value, "0") == 0 || strcmp(value, "false") == 0) {
            *(bool *)field = false;
            return 0;
        }
        snprintf(err, errlen, "--%s takes 0 or 1", s->flag);
        return -2;
    default:
        if (!parse_int64(value, s->min, s->max, &n)) {
            snprintf(err, errlen, "--%s takes a whole number from %ld to %ld", s->flag, s->min,
                     s->max);
            return -2;
        }
        if (s->kind == INT)
            *(int *)field = (int)n;
        else
            *(long *)field = (long)n;
        return 0;
    }
}

int config_from_env(struct config *cfg, char *err, size_t errlen)
{
    for (size_t i = 0; i < ARRAY_LEN(settings); i++) {
        const char *v = getenv(settings[i].env);
        if (v && apply(cfg, &settings[i], v, err, errlen) != 0) {
            size_t used = strlen(err);
            snprintf(err + used, errlen - used, " (from %s)", settings[i].env);
            return -1;
        }
    }
    return 0;
}

int config_set(struct config *cfg, const char *flag, const char *value, char *err,
               size_t errlen)
{
    for (size_t i = 0; i < ARRAY_LEN(settings); i++)
        if (strcmp(settings[i].flag, flag) == 0)
            return apply(cfg, &settings[i], value, err, errlen);
    snprintf(err, errlen, "unknown option --%s", flag);
    return -1;
}

void config_print_help(FILE *out)
{
    fputs("Settings (flag, or environment variable):\n", out);
    for (size_t i = 0; i < ARRAY_LEN(settings); i++)
        fprintf(out, "  --%-20s %-26s %s\n", settings[i].flag, settings[i].env,
                settings[i].help);
}
