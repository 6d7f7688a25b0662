/* The `sanad` command's subcommands and what they share: option parsing (command
 * options plus every setting of core/config.h), and opening the database with its
 * schema brought up to date. Exit codes: 0 success, 1 runtime error, 2 bad usage,
 * always with one line on stderr when not 0. */
#ifndef SANAD_CLI_CLI_H
#define SANAD_CLI_CLI_H

#include "core/config.h"
#include "store/db.h"

#include <stdbool.h>

enum { EXIT_OK = 0, EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

struct cli_option {
    const char *name;       /* without the leading "--" */
    const char **value;     /* for options that take a value; NULL for switches */
    bool *set;              /* for switches */
    const char *help;
};

struct command {
    const char *name;       /* "serve", "user add" … */
    const char *summary;
    const char *usage;      /* the arguments after the name */
    const struct cli_option *options;   /* terminated by a {0} entry; may be NULL */
    int (*run)(struct config *cfg);
};

/* Parses argv (after the command's words) into the command's options and the
 * settings. Returns 0, or EXIT_USAGE after printing one line. *help is set by
 * --help. */
int cli_parse(const struct command *cmd, int argc, char **argv, struct config *cfg, bool *help);
void cli_print_command_help(const struct command *cmd);

/* Prints "sanad: <message>" on stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Opens cfg->db with `pool` connections and applies pending migrations. NULL
 * after printing the reason. */
struct db *cli_open_db(const struct config *cfg, int pool);

int cmd_serve(struct config *cfg);
int cmd_migrate(struct config *cfg);
int cmd_keygen(struct config *cfg);
int cmd_user_add(struct config *cfg);
int cmd_token_create(struct config *cfg);
int cmd_audit_verify(struct config *cfg);
int cmd_demo(struct config *cfg);

extern const struct command commands[];

#endif
