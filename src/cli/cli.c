/* Shared parts of the subcommands (see cli.h). */
#include "cli/cli.h"

#include "core/log.h"
#include "domain/regions.h"
#include "store/migrate.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("sanad: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

static const struct cli_option *find_option(const struct command *cmd, const char *name,
                                            size_t len)
{
    for (const struct cli_option *o = cmd->options; o && o->name; o++)
        if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
            return o;
    return NULL;
}

int cli_parse(const struct command *cmd, int argc, char **argv, struct config *cfg, bool *help)
{
    char err[256];
    *help = false;
    for (int i = 0; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            *help = true;
            return 0;
        }
        if (strncmp(arg, "--", 2) != 0) {
            cli_error("%s: unexpected argument '%s' (see sanad %s --help)", cmd->name, arg,
                      cmd->name);
            return EXIT_USAGE;
        }
        const char *name = arg + 2, *eq = strchr(name, '=');
        size_t name_len = eq ? (size_t)(eq - name) : strlen(name);
        const struct cli_option *o = find_option(cmd, name, name_len);
        if (o && !o->value) {
            if (eq) {
                cli_error("--%s takes no value", o->name);
                return EXIT_USAGE;
            }
            *o->set = true;
            continue;
        }
        const char *value = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
        if (!value) {
            cli_error("--%.*s needs a value", (int)name_len, name);
            return EXIT_USAGE;
        }
        if (o) {
            *o->value = value;
            continue;
        }
        char flag[64];
        snprintf(flag, sizeof flag, "%.*s", (int)name_len, name);
        if (config_set(cfg, flag, value, err, sizeof err) != 0) {
            cli_error("%s", err);
            return EXIT_USAGE;
        }
    }
    return 0;
}

void cli_print_command_help(const struct command *cmd)
{
    printf("Usage: sanad %s %s\n\n%s\n", cmd->name, cmd->usage, cmd->summary);
    if (cmd->options && cmd->options->name) {
        printf("\nOptions:\n");
        for (const struct cli_option *o = cmd->options; o->name; o++)
            printf("  --%-22s %s\n", o->name, o->help);
    }
    printf("\n");
    config_print_help(stdout);
}

struct db *cli_open_db(const struct config *cfg, int pool)
{
    char err[512];
    if (regions_load() != 0) {
        cli_error("the embedded reference data is unreadable");
        return NULL;
    }
    struct db *db = db_open(cfg->db, pool, err, sizeof err);
    if (!db) {
        cli_error("%s", err);
        return NULL;
    }
    if (migrate_up(db, err, sizeof err) < 0) {
        cli_error("%s", err);
        db_close(db);
        return NULL;
    }
    return db;
}
