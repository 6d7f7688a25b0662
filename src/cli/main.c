/* Entry point of the `sanad` command: finds the subcommand, reads the settings
 * from the environment then the flags, and runs it. */
#include "cli/cli.h"

#include "core/log.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void print_usage(FILE *out)
{
    fprintf(out, "Usage: sanad COMMAND [OPTIONS]\n\n"
                 "Sanad: registration, case management, referrals, cooperation and results\n"
                 "for programmes that protect and empower women.\n\nCommands:\n");
    for (const struct command *c = commands; c->name; c++)
        fprintf(out, "  %-14s %s\n", c->name, c->summary);
    fprintf(out, "\n`sanad COMMAND --help` describes one command; --version prints the version.\n");
}

/* Matches the longest command name ("user add" before "user") at argv[1...]. */
static const struct command *find_command(int argc, char **argv, int *words)
{
    for (const struct command *c = commands; c->name; c++) {
        char name[64];
        snprintf(name, sizeof name, "%s", c->name);
        char *second = strchr(name, ' ');
        if (second)
            *second++ = '\0';
        if (argc > 1 && strcmp(argv[1], name) == 0 &&
            (!second || (argc > 2 && strcmp(argv[2], second) == 0))) {
            *words = second ? 2 : 1;
            return c;
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        print_usage(stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("sanad %s\n", SANAD_VERSION);
        return EXIT_OK;
    }
    int words = 0;
    const struct command *cmd = find_command(argc, argv, &words);
    if (!cmd) {
        cli_error("unknown command '%s' (see sanad --help)", argv[1]);
        return EXIT_USAGE;
    }
    if (sodium_init() < 0) {
        cli_error("libsodium could not start");
        return EXIT_RUNTIME;
    }
    struct config cfg;
    char err[256];
    config_defaults(&cfg);
    if (config_from_env(&cfg, err, sizeof err) != 0) {
        cli_error("%s", err);
        return EXIT_USAGE;
    }
    bool help;
    int rc = cli_parse(cmd, argc - 1 - words, argv + 1 + words, &cfg, &help);
    if (rc != 0)
        return rc;
    if (help) {
        cli_print_command_help(cmd);
        return EXIT_OK;
    }
    int level = log_parse_level(cfg.log_level);
    if (level < 0) {
        cli_error("--log-level takes debug, info, warn or error");
        return EXIT_USAGE;
    }
    log_set_level((enum log_level)level);
    return cmd->run(&cfg);
}
