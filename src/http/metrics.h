/* Request metrics for /metrics (Prometheus text format): requests by route and
 * status, and a latency histogram by route. Counters are atomics in a table sized
 * by the route table, so recording costs a few instructions and no lock. */
#ifndef SANAD_HTTP_METRICS_H
#define SANAD_HTTP_METRICS_H

#include "core/strbuf.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

/* The HTTP server's own figures at the time of a scrape. */
struct server_figures {
    int connections;              /* open client connections */
    int in_progress;              /* requests being served, parked ones included */
    uint64_t header_timeouts;     /* connections closed for slow headers, so far */
};

void metrics_init(void);
/* route_index: a row of api_routes, or api_routes_count for "no route". */
void metrics_record(size_t route_index, unsigned status, double duration_ms);
/* A request answered 503 at once because too many were in progress. */
void metrics_record_shed(void);
/* Appends the whole exposition (with the database pool's and the server's
 * figures) to out. */
void metrics_render(struct strbuf *out, struct db *db, const struct server_figures *server);

#endif
