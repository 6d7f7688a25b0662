/* GET /api/v1/regions: the reference map, served from the text prepared at start. */
#include "api/handlers.h"

#include "domain/regions.h"

#include <string.h>

void api_regions(struct req *r)
{
    const char *text = regions_json_text();
    req_add_header(r, "Cache-Control", "public, max-age=3600");
    reply_bytes(r, 200, "application/json; charset=utf-8", text, strlen(text));
}
