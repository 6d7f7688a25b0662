/* Settings of the server and the commands: each has a flag (--listen) and an
 * environment variable (SANAD_LISTEN); a flag wins over the variable, the variable
 * over the default. The table in config.c is the single list of settings, from
 * which `--help` is printed too. */
#ifndef SANAD_CORE_CONFIG_H
#define SANAD_CORE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct config {
    const char *listen;           /* "127.0.0.1:8080", "[::1]:8080", ":8080" */
    const char *db;               /* "sqlite:sanad.db" or "postgresql://…" */
    const char *key_file;         /* NULL: none */
    int rate_limit;               /* public requests per minute per address; 0: off */
    int threads;                  /* HTTP workers; 0: one per core */
    int max_connections;
    int connection_timeout;       /* seconds of silence before a connection is closed */
    int header_timeout;           /* seconds to send a request's headers, however steadily */
    int max_requests;             /* requests in progress before shedding; 0: per workers */
    long max_body;                /* bytes of a JSON body */
    long max_upload;              /* bytes of an imported file */
    int session_hours;
    bool secure_cookies;          /* add Secure to the session cookie (behind TLS) */
    const char *log_level;
    const char *web_dir;          /* NULL: the web interface embedded in the binary */
};

void config_defaults(struct config *cfg);
/* Reads every SANAD_* variable that is set. 0, or -1 with a reason in err. */
int config_from_env(struct config *cfg, char *err, size_t errlen);
/* Applies one flag ("listen", "db" …) with its value. Returns 0, -1 for an unknown
 * flag, -2 for a bad value (reason in err). */
int config_set(struct config *cfg, const char *flag, const char *value, char *err,
               size_t errlen);
/* Prints the settings' flags, variables and descriptions. */
void config_print_help(FILE *out);

#endif
