/* Metrics (see metrics.h). */
#include "http/metrics.h"

#include "core/arena.h"
#include "core/util.h"
#include "http/router.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

static const unsigned statuses[] = {200, 201, 204, 304, 400, 401, 403, 404, 405, 409,
                                    413, 415, 422, 429, 431, 500, 503};
#define NSTATUS ARRAY_LEN(statuses)
#define OTHER_STATUS NSTATUS

static const double bucket_ms[] = {0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500};
#define NBUCKETS ARRAY_LEN(bucket_ms)

struct route_metrics {
    uint64_t by_status[NSTATUS + 1];
    uint64_t buckets[NBUCKETS + 1];    /* last: +Inf */
    uint64_t sum_us;
};

static struct route_metrics *table;
static uint64_t shed;

void metrics_init(void)
{
    if (!table) {
        size_t n = api_routes_count + 1;
        table = xmalloc(sizeof *table * n);
        memset(table, 0, sizeof *table * n);
    }
}

void metrics_record(size_t route_index, unsigned status, double duration_ms)
{
    struct route_metrics *m = &table[route_index <= api_routes_count ? route_index
                                                                      : api_routes_count];
    size_t s = OTHER_STATUS;
    for (size_t i = 0; i < NSTATUS; i++)
        if (statuses[i] == status)
            s = i;
    __atomic_fetch_add(&m->by_status[s], 1, __ATOMIC_RELAXED);
    size_t b = NBUCKETS;
    for (size_t i = 0; i < NBUCKETS; i++) {
        if (duration_ms <= bucket_ms[i]) {
            b = i;
            break;
        }
    }
    __atomic_fetch_add(&m->buckets[b], 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&m->sum_us, (uint64_t)(duration_ms * 1000.0), __ATOMIC_RELAXED);
}

void metrics_record_shed(void)
{
    __atomic_fetch_add(&shed, 1, __ATOMIC_RELAXED);
}

static void route_labels(size_t i, char *out, size_t len)
{
    if (i == api_routes_count)
        snprintf(out, len, "method=\"\",route=\"unmatched\"");
    else
        snprintf(out, len, "method=\"%s\",route=\"%s\"", api_routes[i].method,
                 api_routes[i].pattern);
}

void metrics_render(struct strbuf *out, struct db *db, const struct server_figures *server)
{
    char labels[256];
    strbuf_puts(out, "# HELP sanad_http_requests_total HTTP requests answered.\n"
                     "# TYPE sanad_http_requests_total counter\n");
    for (size_t i = 0; i <= api_routes_count; i++) {
        route_labels(i, labels, sizeof labels);
        for (size_t s = 0; s <= NSTATUS; s++) {
            uint64_t v = __atomic_load_n(&table[i].by_status[s], __ATOMIC_RELAXED);
            if (!v)
                continue;
            if (s == OTHER_STATUS)
                strbuf_printf(out, "sanad_http_requests_total{%s,status=\"other\"} %" PRIu64 "\n",
                              labels, v);
            else
                strbuf_printf(out, "sanad_http_requests_total{%s,status=\"%u\"} %" PRIu64 "\n",
                              labels, statuses[s], v);
        }
    }
    strbuf_puts(out, "# HELP sanad_http_request_duration_seconds Time from request to answer.\n"
                     "# TYPE sanad_http_request_duration_seconds histogram\n");
    for (size_t i = 0; i <= api_routes_count; i++) {
        uint64_t total = 0, counts[NBUCKETS + 1];
        for (size_t b = 0; b <= NBUCKETS; b++) {
            counts[b] = __atomic_load_n(&table[i].buckets[b], __ATOMIC_RELAXED);
            total += counts[b];
        }
        if (!total)
            continue;
        route_labels(i, labels, sizeof labels);
        uint64_t cumulative = 0;
        for (size_t b = 0; b < NBUCKETS; b++) {
            cumulative += counts[b];
            strbuf_printf(out,
                          "sanad_http_request_duration_seconds_bucket{%s,le=\"%g\"} %" PRIu64 "\n",
                          labels, bucket_ms[b] / 1000.0, cumulative);
        }
        strbuf_printf(out,
                      "sanad_http_request_duration_seconds_bucket{%s,le=\"+Inf\"} %" PRIu64 "\n"
                      "sanad_http_request_duration_seconds_sum{%s} %.6f\n"
                      "sanad_http_request_duration_seconds_count{%s} %" PRIu64 "\n",
                      labels, total, labels,
                      (double)__atomic_load_n(&table[i].sum_us, __ATOMIC_RELAXED) / 1e6, labels,
                      total);
    }
    struct db_pool_stats pool;
    db_pool_stats(db, &pool);
    strbuf_printf(out,
                  "# HELP sanad_db_pool_connections Database connections in the pool.\n"
                  "# TYPE sanad_db_pool_connections gauge\n"
                  "sanad_db_pool_connections{state=\"in_use\"} %d\n"
                  "sanad_db_pool_connections{state=\"idle\"} %d\n"
                  "# HELP sanad_db_pool_acquisitions_total Connections taken from the pool.\n"
                  "# TYPE sanad_db_pool_acquisitions_total counter\n"
                  "sanad_db_pool_acquisitions_total %" PRIu64 "\n"
                  "# HELP sanad_db_pool_waits_total Acquisitions that had to wait.\n"
                  "# TYPE sanad_db_pool_waits_total counter\n"
                  "sanad_db_pool_waits_total %" PRIu64 "\n"
                  "# HELP sanad_http_connections Open client connections.\n"
                  "# TYPE sanad_http_connections gauge\n"
                  "sanad_http_connections %d\n"
                  "# HELP sanad_http_requests_in_progress Requests being served, parked "
                  "ones included.\n"
                  "# TYPE sanad_http_requests_in_progress gauge\n"
                  "sanad_http_requests_in_progress %d\n"
                  "# HELP sanad_http_requests_shed_total Requests answered 503 at once "
                  "because too many were in progress.\n"
                  "# TYPE sanad_http_requests_shed_total counter\n"
                  "sanad_http_requests_shed_total %" PRIu64 "\n"
                  "# HELP sanad_http_header_timeouts_total Connections closed for not "
                  "sending a request's headers in time.\n"
                  "# TYPE sanad_http_header_timeouts_total counter\n"
                  "sanad_http_header_timeouts_total %" PRIu64 "\n",
                  pool.in_use, pool.size - pool.in_use, pool.acquisitions, pool.waits,
                  server->connections, server->in_progress,
                  __atomic_load_n(&shed, __ATOMIC_RELAXED), server->header_timeouts);
}
