/* The HTTP server on libmicrohttpd: a pool of worker threads (one per core by
 * default) over epoll, keep-alive, bounded connections, bodies and timeouts. Each
 * request is parsed, routed, rate-limited, authenticated and authorised here, in
 * this order, before its handler runs; the handler only does its own work. */
#ifndef SANAD_HTTP_SERVER_H
#define SANAD_HTTP_SERVER_H

#include "core/config.h"
#include "http/header_watch.h"
#include "http/metrics.h"
#include "security/crypto.h"
#include "security/ratelimit.h"
#include "store/db.h"
#include "store/group_commit.h"

#include <stdbool.h>

struct server {
    const struct config *cfg;         /* read-only */
    struct db *db;                    /* read-only */
    struct ratelimit *ratelimit;      /* private */
    const struct field_key *key;      /* NULL when no key file was given */
    int threads;                      /* read-only */
    int connections;                  /* atomic: open client connections */
    int active_requests;              /* atomic: requests begun and not yet completed */
    int in_progress;                  /* atomic: requests in their handlers or parked */
    int max_requests;                 /* read-only: in_progress beyond which to shed */
    struct header_watch *watch;       /* private */
    struct group_commit *commits;     /* read-only: durable writes batched */
    struct MHD_Daemon *daemon;        /* private */
};

/* Number of worker threads the configuration asks for. */
int server_thread_count(const struct config *cfg);
/* Database connections the server needs: one per worker and the committer's. */
int server_db_connections(const struct config *cfg);
/* The figures /metrics shows about the server itself. */
void server_figures(struct server *srv, struct server_figures *out);
/* Starts serving and blocks until SIGTERM or SIGINT, then stops accepting,
 * finishes the requests in flight and returns 0. Returns -1 (after logging why)
 * when the server cannot start. */
int server_run(struct server *srv);

#endif
