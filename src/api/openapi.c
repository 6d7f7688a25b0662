/* GET /api/v1/openapi.json: the OpenAPI 3 document, derived from the route table
 * at first use, so that it cannot leave a route out. Each operation names the
 * roles that may call it (x-permission, x-roles) from the permission table. */
#include "api/handlers.h"

#include "http/router.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static char *document;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static json_t *error_response(const char *description)
{
    return json_pack("{s:s, s:{s:{s:{s:s}}}}", "description", description, "content",
                     "application/json", "schema", "$ref", "#/components/schemas/Error");
}

static json_t *operation(const struct route *rt)
{
    char roles[256];
    json_t *op = json_pack("{s:s, s:[s], s:s, s:s}", "summary", rt->summary, "tags", rt->tag,
                           "x-permission", action_name(rt->action), "x-roles",
                           action_roles_text(rt->action, roles, sizeof roles));
    /* operationId: method and pattern, made identifier-like. */
    char id[160];
    size_t n = 0;
    for (const char *p = rt->method; *p && n < sizeof id - 1; p++)
        id[n++] = (char)(*p | 0x20);
    for (const char *p = rt->pattern; *p && n < sizeof id - 1; p++)
        if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9'))
            id[n++] = *p;
        else if (n && id[n - 1] != '_')
            id[n++] = '_';
    while (n && id[n - 1] == '_')
        n--;
    id[n] = '\0';
    json_object_set_new(op, "operationId", json_string(id));

    json_t *params = json_array();
    for (const char *p = strchr(rt->pattern, '{'); p; p = strchr(p + 1, '{')) {
        const char *end = strchr(p, '}');
        json_array_append_new(params, json_pack("{s:s%, s:s, s:b, s:{s:s}}", "name", p + 1,
                                                (size_t)(end - p - 1), "in", "path", "required",
                                                1, "schema", "type", "string"));
    }
    if (json_array_size(params))
        json_object_set_new(op, "parameters", params);
    else
        json_decref(params);

    if (rt->body == BODY_JSON)
        json_object_set_new(op, "requestBody",
                            json_pack("{s:b, s:{s:{s:{s:s}}}}", "required", 1, "content",
                                      "application/json", "schema", "type", "object"));
    else if (rt->body == BODY_FILE)
        json_object_set_new(op, "requestBody",
                            json_pack("{s:b, s:{s:{}, s:{}}}", "required", 1, "content",
                                      "text/csv", "application/vnd.openxmlformats-officedocument."
                                                  "spreadsheetml.sheet"));

    json_t *responses = json_pack("{s:{s:s}}", "200", "description", "Success");
    json_object_set_new(responses, "4XX", error_response("Refused: see error.code"));
    json_object_set_new(op, "responses", responses);
    if (rt->action == ACT_PUBLIC && !(rt->flags & ROUTE_LOOPBACK_PUBLIC))
        json_object_set_new(op, "security", json_array());
    if (rt->flags & ROUTE_RATE_LIMITED)
        json_object_set_new(op, "x-rate-limited", json_true());
    return op;
}

static void build(void)
{
    json_t *paths = json_object();
    for (size_t i = 0; i < api_routes_count; i++) {
        const struct route *rt = &api_routes[i];
        json_t *item = json_object_get(paths, rt->pattern);
        if (!item) {
            item = json_object();
            json_object_set_new(paths, rt->pattern, item);
        }
        char method[16];
        size_t n = 0;
        for (const char *p = rt->method; *p && n < sizeof method - 1; p++)
            method[n++] = (char)(*p | 0x20);
        method[n] = '\0';
        json_object_set_new(item, method, operation(rt));
    }
    json_t *doc = json_pack(
        "{s:s, s:{s:s, s:s, s:s}, s:[{s:s}], s:o, s:{s:{s:{s:s, s:{s:{s:s, s:{s:{s:s}, s:{s:s}, "
        "s:{s:s, s:{s:s}}}}}}}, s:{s:{s:s, s:s, s:s}, s:{s:s, s:s}}}, s:[{s:[]}, {s:[]}]}",
        "openapi", "3.0.3",
        "info", "title", "Sanad API", "version", SANAD_VERSION, "description",
        "Registration, case management, referrals, cooperation and results for women's "
        "protection and empowerment programmes. Errors are "
        "{\"error\":{\"code\",\"message\",\"fields\"}}; messages follow Accept-Language "
        "(ar, fr, en).",
        "servers", "url", "/",
        "paths", paths,
        "components", "schemas", "Error", "type", "object", "properties", "error", "type",
        "object", "properties", "code", "type", "string", "message", "type", "string", "fields",
        "type", "array", "items", "type", "object",
        "securitySchemes", "cookieAuth", "type", "apiKey", "in", "cookie", "name",
        "sanad_session", "bearerAuth", "type", "http", "scheme", "bearer",
        "security", "cookieAuth", "bearerAuth");
    document = json_text(doc, NULL);
    json_decref(doc);
}

const char *openapi_document(void)
{
    pthread_once(&once, build);
    return document;
}

void api_openapi(struct req *r)
{
    openapi_document();
    if (!document) {
        reply_error(r, 503, "service_unavailable");
        return;
    }
    reply_bytes(r, 200, "application/json; charset=utf-8", document, strlen(document));
}
