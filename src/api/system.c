/* Operational endpoints: liveness, readiness and metrics. */
#include "api/handlers.h"

#include "http/metrics.h"
#include "http/server.h"

#include <stdlib.h>

void api_healthz(struct req *r)
{
    reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

void api_readyz(struct req *r)
{
    int64_t one = 0;
    int rc = db_query_int(req_db(r), "SELECT 1", DB_NO_PARAMS, &one);
    if (rc == 1 && one == 1)
        reply_json(r, 200, json_pack("{s:s, s:s}", "status", "ready", "database",
                                     db_dialect_name(r->server->db)));
    else
        reply_json(r, 503, json_pack("{s:s}", "status", "database unavailable"));
}

void api_metrics(struct req *r)
{
    struct strbuf out;
    strbuf_init(&out, 16 << 20);
    struct server_figures figures;
    server_figures(r->server, &figures);
    metrics_render(&out, r->server->db, &figures);
    reply_bytes(r, 200, "text/plain; version=0.0.4; charset=utf-8", out.data ? out.data : "",
                out.len);
    strbuf_free(&out);
}
