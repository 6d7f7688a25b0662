/* Values of the subcommands' own options, filled by cli_parse() through the
 * option tables of commands.c and read by the commands. */
#ifndef SANAD_CLI_OPTIONS_H
#define SANAD_CLI_OPTIONS_H

#include <stdbool.h>

struct command_options {
    const char *username, *role, *region, *org, *full_name;
    bool password_stdin, force;
};

extern struct command_options opts;

#endif
