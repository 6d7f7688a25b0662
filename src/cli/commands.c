/* The table of subcommands: names, summaries, their own options. */
#include "cli/cli.h"

#include "cli/options.h"

#include <stddef.h>

struct command_options opts;

static const struct cli_option user_add_options[] = {
    {"username", &opts.username, NULL, "login name (3-64 of a-z 0-9 . _ -)"},
    {"role", &opts.role, NULL,
     "admin, national_officer, regional_coordinator, centre_manager, centre_worker, "
     "partner_agent or analyst"},
    {"region", &opts.region, NULL, "MA-01 ... MA-12 (regional coordinators)"},
    {"org", &opts.org, NULL, "organisation id (centre and partner roles)"},
    {"full-name", &opts.full_name, NULL, "the person's name"},
    {"password-stdin", NULL, &opts.password_stdin, "read the password from standard input"},
    {0},
};

static const struct cli_option token_options[] = {
    {"username", &opts.username, NULL, "the account the token acts as"},
    {0},
};

static const struct cli_option keygen_options[] = {
    {"force", NULL, &opts.force, "(not allowed: an existing key is never overwritten)"},
    {0},
};

const struct command commands[] = {
    {"serve", "run the HTTP server (applies migrations first)", "[--listen ADDR] [--db URL]",
     NULL, cmd_serve},
    {"migrate", "bring the database schema up to date", "[--db URL]", NULL, cmd_migrate},
    {"keygen", "write a new 32-byte encryption key to --key-file", "--key-file PATH",
     keygen_options, cmd_keygen},
    {"user add", "create a staff account",
     "--username NAME --role ROLE [--region MA-xx] [--org ID] --password-stdin",
     user_add_options, cmd_user_add},
    {"token create", "print a new API token (Bearer) for an account", "--username NAME",
     token_options, cmd_token_create},
    {"audit verify", "check the audit log's hash chain; report the first broken entry", "",
     NULL, cmd_audit_verify},
    {"demo", "fill an empty database with demo data (prints the demo accounts)", "", NULL,
     cmd_demo},
    {0},
};
