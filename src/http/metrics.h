/* Request metrics for /metrics (Prometheus text format): requests by route and
 * status, and a latency histogram by route. Counters are atomics in a table sized
 * by the route table, so recording costs a few instructions and no lock. */
#ifndef SANAD_HTTP_METRICS_H
#define SANAD_HTTP_METRICS_H

#include "core/strbuf.h"
#include "store/db.h"

#include <stddef.h>

void metrics_init(void);
/* route_index: a row of api_routes, or api_routes_count for "no route". */
void metrics_record(size_t route_index, unsigned status, double duration_ms);
/* Appends the whole exposition (with the database pool's figures) to out. */
void metrics_render(struct strbuf *out, struct db *db, int connections);

#endif
