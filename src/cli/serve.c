/* `sanad serve`: opens the database (one connection per worker), applies pending
 * migrations, loads the encryption key when one is configured, and serves until
 * SIGTERM or SIGINT. */
#include "cli/cli.h"

#include "http/server.h"

int cmd_serve(struct config *cfg)
{
    struct server srv = {.cfg = cfg};
    srv.db = cli_open_db(cfg, server_db_connections(cfg));
    if (!srv.db)
        return EXIT_RUNTIME;
    struct field_key key;
    if (cfg->key_file) {
        char err[300];
        if (field_key_load(cfg->key_file, &key, err, sizeof err) != 0) {
            cli_error("%s", err);
            db_close(srv.db);
            return EXIT_RUNTIME;
        }
        srv.key = &key;
    }
    int rc = server_run(&srv);
    db_close(srv.db);
    sodium_memzero(&key, sizeof key);
    if (rc != 0) {
        cli_error("the server could not start (see the log line above)");
        return EXIT_RUNTIME;
    }
    return EXIT_OK;
}
