/* The HTTP server (see server.h).
 *
 * A request goes through libmicrohttpd's callbacks in this order:
 *   on_uri       creates the request object (with its arena) from the raw target;
 *   on_request   first call: routes and checks the declared body size;
 *                next calls: collect the body, bounded;
 *                last call: dispatch() admits the request or sheds it, runs the
 *                checks and the handler, and the answer is queued (never on the
 *                first call: libmicrohttpd 0.9.75 would then close keep-alive
 *                connections);
 *   on_completed logs the request, records metrics and frees everything.
 * Around them, on_connection has each connection watched until its request's
 * headers are in (http/header_watch.h), against slow-loris clients.
 *
 * Load shedding: a request is "in progress" from its admission to its answer,
 * parked ones (registrations waiting for the group commit) included. Beyond
 * max_requests in progress a new one would only wait longer behind them, so it is
 * answered 503 at once with Retry-After; the operations routes (/healthz, /readyz,
 * /metrics) are always served. An atomic counter, no lock. */
#include "http/server.h"

#include "core/json_text.h"
#include "core/log.h"
#include "core/util.h"
#include "http/headers.h"
#include "http/metrics.h"
#include "http/request.h"
#include "http/static.h"
#include "security/session.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* Each connection's memory holds the request's headers and the answer's: headers
 * are capped well below it (MAX_HEADER_BYTES, answered 431 by us), so that
 * libmicrohttpd always has room to parse them (it copies cookies) and to answer. */
#define CONNECTION_MEMORY 32768
#define MAX_HEADER_BYTES 8192
#define SHUTDOWN_GRACE_MS 30000
/* Registrations committed together at most: enough to fill one sync to disk under
 * load, small enough that the batch's transaction stays short. */
#define GROUP_COMMIT_BATCH 512
/* Requests in progress per worker before shedding, by default: at the slowest
 * registration rate measured (~650/s on two cores under load, bench/RESULTS.md)
 * 256 of them are served within 0.4 s, and a group commit still gathers
 * batches large enough to share its sync to disk. */
#define MAX_REQUESTS_PER_WORKER 128
#define SHED_RETRY_AFTER "1"

int server_thread_count(const struct config *cfg)
{
    if (cfg->threads > 0)
        return cfg->threads;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

int server_db_connections(const struct config *cfg)
{
    return server_thread_count(cfg) + 1;
}

void server_figures(struct server *srv, struct server_figures *out)
{
    out->connections = __atomic_load_n(&srv->connections, __ATOMIC_RELAXED);
    out->in_progress = __atomic_load_n(&srv->in_progress, __ATOMIC_RELAXED);
    out->header_timeouts = srv->watch ? header_watch_expired(srv->watch) : 0;
}

static struct watched *watched_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? info->socket_context : NULL;
}

static bool method_is_safe(const char *m)
{
    return strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0 || strcmp(m, "OPTIONS") == 0;
}

static size_t body_limit(const struct req *r)
{
    const struct config *cfg = r->server->cfg;
    if (r->route && r->route->body == BODY_FILE)
        return (size_t)cfg->max_upload;
    return (size_t)cfg->max_body;
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    struct server *srv = cls;
    struct req *r = xmalloc(sizeof *r);
    memset(r, 0, sizeof *r);
    arena_init(&r->arena);
    r->server = srv;
    r->conn = conn;
    r->started_ms = mono_ms();
    r->target_ok = target_parse(&r->arena, uri, &r->target) == 0;
    if (!r->target_ok)
        r->target.path = "";
    return r;
}

static void client_address(struct req *r)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    strcpy(r->client_ip, "unknown");
    if (!info || !info->client_addr)
        return;
    const struct sockaddr *sa = info->client_addr;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        inet_ntop(AF_INET, &in->sin_addr, r->client_ip, sizeof r->client_ip);
        r->loopback = (ntohl(in->sin_addr.s_addr) >> 24) == 127;
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        inet_ntop(AF_INET6, &in6->sin6_addr, r->client_ip, sizeof r->client_ip);
        r->loopback = IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
    }
}

static enum MHD_Result add_header_size(void *cls, enum MHD_ValueKind kind, const char *key,
                                       const char *value)
{
    (void)kind;
    *(size_t *)cls += strlen(key) + (value ? strlen(value) : 0) + 4;
    return MHD_YES;
}

static size_t header_bytes(struct MHD_Connection *conn)
{
    size_t total = 0;
    MHD_get_connection_values(conn, MHD_HEADER_KIND, add_header_size, &total);
    return total;
}

/* First call: everything known from the request line and headers. A request only
 * counts as in flight from here: a client that sent half its headers and left is
 * no reason to delay a shutdown. */
static void begin(struct req *r, const char *method)
{
    __atomic_fetch_add(&r->server->active_requests, 1, __ATOMIC_RELAXED);
    struct watched *w = watched_of(r->conn);
    if (w)
        header_watch_received(r->server->watch, w);
    r->headers_too_large = header_bytes(r->conn) > MAX_HEADER_BYTES;
    r->method = arena_strdup(&r->arena, method);
    client_address(r);
    r->lang = i18n_negotiate(req_header(r, "Accept-Language"));
    const char *rid = req_header(r, "X-Request-Id");
    if (rid && request_id_acceptable(rid))
        snprintf(r->request_id, sizeof r->request_id, "%s", rid);
    else
        random_hex(r->request_id, 8);
    if (r->target_ok) {
        char *copy = arena_alloc(&r->arena, strlen(r->target.path) + 1);
        size_t index;
        r->match = router_match(method, r->target.path, copy, &index, r->params, &r->nparams);
        if (r->match != ROUTE_NONE) {
            r->route_index = index;
            r->route = &api_routes[index];
        }
    }
    strbuf_init(&r->body, body_limit(r));
    const char *length = req_header(r, "Content-Length");
    int64_t declared;
    if (length && parse_int64(length, 0, INT64_MAX, &declared) && (uint64_t)declared > r->body.max)
        r->body_too_large = true;
}

/* Reserves a place among the requests in progress, or answers 503 when there is
 * none. The check and the reservation are one atomic add, so that simultaneous
 * requests on several workers cannot all take the last place. */
static bool admitted_or_reply(struct req *r)
{
    struct server *srv = r->server;
    if (r->route->flags & ROUTE_NEVER_SHED)
        return true;
    if (__atomic_fetch_add(&srv->in_progress, 1, __ATOMIC_RELAXED) < srv->max_requests) {
        r->in_progress = true;
        return true;
    }
    __atomic_fetch_sub(&srv->in_progress, 1, __ATOMIC_RELAXED);
    metrics_record_shed();
    req_add_header(r, "Retry-After", SHED_RETRY_AFTER);
    reply_error(r, 503, "service_unavailable");
    return false;
}

static void leave_progress(struct req *r)
{
    if (r->in_progress) {
        r->in_progress = false;
        __atomic_fetch_sub(&r->server->in_progress, 1, __ATOMIC_RELAXED);
    }
}

static bool rate_limited_or_reply(struct req *r)
{
    if (!(r->route->flags & ROUTE_RATE_LIMITED))
        return false;
    int retry_after = 60;
    if (ratelimit_allow(r->server->ratelimit, r->client_ip, time(NULL), &retry_after))
        return false;
    req_add_header(r, "Retry-After", arena_printf(&r->arena, "%d", retry_after));
    reply_error(r, 429, "rate_limited");
    return true;
}

/* Bearer token first (machine clients), else the session cookie. Presenting a
 * token that is not valid is an error of its own (401), not anonymity. */
static bool identify_or_reply(struct req *r)
{
    const char *auth = req_header(r, "Authorization");
    const char *cookie = cookie_value(&r->arena, req_header(r, "Cookie"), SESSION_COOKIE);
    if (!auth && !cookie)
        return true;
    struct user *u = arena_zalloc(&r->arena, sizeof *u);
    int found;
    if (auth) {
        const char *token = bearer_token(&r->arena, auth);
        found = token ? api_token_resolve(req_db(r), &r->arena, token, u) : 0;
        if (found == 1)
            r->user = u;
    } else {
        char *csrf = NULL;
        char hash[TOKEN_HASH_HEX];
        found = session_resolve(req_db(r), &r->arena, cookie, u, &csrf, hash);
        if (found == 1) {
            r->user = u;
            r->session_hash = arena_strdup(&r->arena, hash);
            r->csrf_token = csrf;
        }
    }
    if (found < 0) {
        reply_db_error(r, "identify caller");
        return false;
    }
    if (found == 0 && auth) {
        reply_error(r, 401, "unauthenticated");
        return false;
    }
    /* An expired or unknown session cookie is simply no session: public pages
     * still work, and protected ones answer 401 below. */
    return true;
}

static bool authorised_or_reply(struct req *r)
{
    const struct route *rt = r->route;
    if (rt->action == ACT_PUBLIC)
        return true;
    if ((rt->flags & ROUTE_LOOPBACK_PUBLIC) && r->loopback)
        return true;
    if (!r->user) {
        reply_error(r, 401, "unauthenticated");
        return false;
    }
    if (!authz_allows(r->user, rt->action)) {
        reply_error(r, 403, "forbidden");
        return false;
    }
    return true;
}

static bool csrf_ok_or_reply(struct req *r)
{
    if (!r->session_hash || method_is_safe(r->method) || (r->route->flags & ROUTE_NO_CSRF))
        return true;
    const char *sent = req_header(r, "X-CSRF-Token");
    if (sent && r->csrf_token && token_equal(sent, r->csrf_token))
        return true;
    reply_error(r, 403, "invalid_csrf");
    return false;
}

static bool json_body_or_reply(struct req *r)
{
    if (r->route->body != BODY_JSON)
        return true;
    const char *code;
    unsigned status = json_body_parse(r->body.data, r->body.len,
                                      req_header(r, "Content-Type"), &r->json, &code);
    if (status) {
        reply_error(r, status, code);
        return false;
    }
    arena_defer(&r->arena, (void (*)(void *))json_decref, r->json);
    return true;
}

static void dispatch(struct req *r)
{
    if (!r->target_ok) {
        reply_error(r, 400, "invalid_parameter");
        return;
    }
    if (r->match == ROUTE_NONE) {
        if (!static_serve(r))
            reply_error(r, 404, "not_found");
        return;
    }
    if (r->match == ROUTE_WRONG_METHOD) {
        char allow[128];
        router_allowed_methods(r->route_index, allow, sizeof allow);
        req_add_header(r, "Allow", arena_strdup(&r->arena, allow));
        reply_error(r, 405, "method_not_allowed");
        return;
    }
    if (r->body_too_large) {
        reply_error(r, 413, "payload_too_large");
        return;
    }
    if (!admitted_or_reply(r) || rate_limited_or_reply(r) || !identify_or_reply(r) ||
        !authorised_or_reply(r) || !csrf_ok_or_reply(r) || !json_body_or_reply(r))
        return;
    r->route->handler(r);
    if (!r->response && !r->suspended) {
        log_error("http", "handler for %s %s gave no answer", r->route->method, r->route->pattern);
        reply_error(r, 500, "service_unavailable");
    }
}

static enum MHD_Result queue(struct req *r)
{
    if (!r->response)
        reply_error(r, 500, "service_unavailable");
    leave_progress(r);
    r->queued = true;
    return MHD_queue_response(r->conn, r->status, r->response);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    (void)cls, (void)url, (void)version, (void)conn;
    struct req *r = *con_cls;
    if (!r->begun) {
        r->begun = true;
        begin(r, method);
        if (r->headers_too_large) {
            reply_error(r, 431, "headers_too_large");
            return queue(r);
        }
        if (r->body_too_large) {
            /* Refuse before reading a body we would not keep. */
            reply_error(r, 413, "payload_too_large");
            return queue(r);
        }
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        /* Past the limit the rest is read and dropped: libmicrohttpd 0.9.75 cannot
         * queue an answer in the middle of a chunked upload. dispatch() answers 413. */
        if (!r->body_too_large && strbuf_append(&r->body, upload_data, *upload_data_size) != 0) {
            r->body_too_large = true;
            strbuf_free(&r->body);
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (r->queued)
        return MHD_YES;
    if (r->suspended) {
        /* Called again after req_resume(): the parked handler answers now. */
        r->suspended = false;
        r->resume(r);
    } else {
        dispatch(r);
    }
    req_release_db(r);
    if (r->suspended)
        return MHD_YES;
    return queue(r);
}

/* The request's line in the structured log (one JSON object a line). */
static void log_request(const struct req *r, double ms, bool aborted)
{
    char ts[21];
    now_rfc3339(ts);
    struct strbuf text;
    struct json_writer line;
    strbuf_init(&text, SIZE_MAX);
    json_writer_init(&line, &text);
    json_write_object_begin(&line, NULL);
    json_write_string(&line, "ts", ts);
    json_write_string(&line, "level", "info");
    json_write_string(&line, "module", "http");
    json_write_string(&line, "request_id", r->request_id);
    json_write_string(&line, "method", r->method ? r->method : "");
    json_write_string(&line, "path", r->target.path);
    json_write_integer(&line, "status", r->status);
    json_write_fixed(&line, "ms", ms, 3);
    json_write_integer(&line, "bytes", (int64_t)r->response_bytes);
    json_write_string(&line, "ip", r->client_ip);
    if (r->user)
        json_write_string(&line, "user", r->user->username);
    if (aborted)
        json_write_bool(&line, "aborted", true);
    json_write_object_end(&line);
    log_json_line(LOG_INFO, text.data);
    strbuf_free(&text);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct server *srv = cls;
    struct req *r = *con_cls;
    if (!r)
        return;
    /* A kept-alive connection now waits for its next request's headers; any other
     * outcome closes it. */
    struct watched *w = watched_of(conn);
    if (w && toe == MHD_REQUEST_TERMINATED_COMPLETED_OK)
        header_watch_answered(srv->watch, w);
    leave_progress(r);
    double ms = mono_ms() - r->started_ms;
    if (r->status) {
        metrics_record(r->route ? r->route_index : api_routes_count, r->status, ms);
        log_request(r, ms, toe != MHD_REQUEST_TERMINATED_COMPLETED_OK);
    }
    req_release_db(r);
    if (r->response)
        MHD_destroy_response(r->response);
    strbuf_free(&r->body);
    arena_free(&r->arena);
    bool counted = r->begun;
    free(r);
    *con_cls = NULL;
    if (counted)
        __atomic_fetch_sub(&srv->active_requests, 1, __ATOMIC_RELAXED);
}

/* libmicrohttpd notifies the closing before it closes the socket (daemon.c,
 * MHD_cleanup_connections), which header_watch_closed() relies on. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    struct server *srv = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        __atomic_fetch_add(&srv->connections, 1, __ATOMIC_RELAXED);
        const union MHD_ConnectionInfo *info =
            MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (info)
            *socket_context = header_watch_opened(srv->watch, info->connect_fd);
        return;
    }
    __atomic_fetch_sub(&srv->connections, 1, __ATOMIC_RELAXED);
    if (*socket_context) {
        header_watch_closed(srv->watch, *socket_context);
        *socket_context = NULL;
    }
}

static void on_mhd_error(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
        msg[--n] = '\0';
    log_msg(LOG_DEBUG, "httpd", "%s", msg);
}

/* Splits "host:port", "[v6]:port" or ":port" and resolves it. */
static struct addrinfo *resolve_listen(const char *listen, char *err, size_t errlen)
{
    char host[256] = "", port[16] = "";
    const char *colon = strrchr(listen, ':');
    if (!colon || !colon[1] || strlen(colon + 1) >= sizeof port) {
        snprintf(err, errlen, "listen address '%s' needs a port (host:port)", listen);
        return NULL;
    }
    snprintf(port, sizeof port, "%s", colon + 1);
    size_t hlen = (size_t)(colon - listen);
    if (hlen >= 2 && listen[0] == '[' && listen[hlen - 1] == ']')
        snprintf(host, sizeof host, "%.*s", (int)(hlen - 2), listen + 1);
    else if (hlen < sizeof host)
        snprintf(host, sizeof host, "%.*s", (int)hlen, listen);
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
    struct addrinfo *res = NULL;
    int rc = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
    if (rc != 0) {
        snprintf(err, errlen, "listen address '%s': %s", listen, gai_strerror(rc));
        return NULL;
    }
    return res;
}

/* 10,000 idle clients need as many descriptors: raise the soft limit to the hard one. */
static void raise_fd_limit(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

int server_run(struct server *srv)
{
    const struct config *cfg = srv->cfg;
    char err[300];
    struct addrinfo *addr = resolve_listen(cfg->listen, err, sizeof err);
    if (!addr) {
        log_error("http", "%s", err);
        return -1;
    }
    /* Only this thread takes the stop signals, with sigwait(): they are blocked
     * here before libmicrohttpd's threads start (they inherit the mask), and our
     * own helper threads start with every signal blocked, whenever they start
     * (thread_start_without_signals(): the checkpointer starts with the database,
     * before this). */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    raise_fd_limit();
    metrics_init();
    char dir_buf[4200];
    const char *web_dir = cfg->web_dir ? cfg->web_dir : static_default_dir(dir_buf, sizeof dir_buf);
    int web_files = static_load(web_dir, err, sizeof err);
    if (web_files < 0) {
        log_error("http", "%s", err);
        return -1;
    }
    log_info("http", "web interface: %d files from %s", web_files, web_dir);
    srv->ratelimit = ratelimit_new(cfg->rate_limit);
    srv->threads = server_thread_count(cfg);
    srv->max_requests =
        cfg->max_requests > 0 ? cfg->max_requests : MAX_REQUESTS_PER_WORKER * srv->threads;
    srv->commits = group_commit_start(srv->db, GROUP_COMMIT_BATCH);
    if (!srv->commits) {
        log_error("http", "cannot start the committer thread");
        ratelimit_free(srv->ratelimit);
        return -1;
    }
    srv->watch = header_watch_start(cfg->header_timeout, cfg->connection_timeout);
    if (!srv->watch) {
        log_error("http", "cannot start the header deadline thread");
        group_commit_stop(srv->commits);
        ratelimit_free(srv->ratelimit);
        return -1;
    }

    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
                     MHD_USE_ERROR_LOG | MHD_USE_TURBO | MHD_ALLOW_SUSPEND_RESUME;
    if (addr->ai_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    srv->daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, srv,
        MHD_OPTION_SOCK_ADDR, addr->ai_addr,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)srv->threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)cfg->max_connections,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->connection_timeout,
        MHD_OPTION_LISTEN_BACKLOG_SIZE, 4096u,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, srv,
        MHD_OPTION_EXTERNAL_LOGGER, on_mhd_error, srv,
        MHD_OPTION_END);
    freeaddrinfo(addr);
    if (!srv->daemon) {
        log_error("http", "cannot listen on %s: %s", cfg->listen, strerror(errno));
        header_watch_stop(srv->watch);
        group_commit_stop(srv->commits);
        ratelimit_free(srv->ratelimit);
        return -1;
    }
    log_info("http", "listening on %s with %d workers, up to %d requests in progress, database %s",
             cfg->listen, srv->threads, srv->max_requests, db_dialect_name(srv->db));

    int sig = 0;
    sigwait(&stop, &sig);
    log_info("http", "signal %d: finishing requests in flight", sig);
    MHD_quiesce_daemon(srv->daemon);
    double deadline = mono_ms() + SHUTDOWN_GRACE_MS;
    while (__atomic_load_n(&srv->active_requests, __ATOMIC_RELAXED) > 0 && mono_ms() < deadline)
        usleep(10 * 1000);
    MHD_stop_daemon(srv->daemon);
    header_watch_stop(srv->watch);
    srv->watch = NULL;
    group_commit_stop(srv->commits);
    ratelimit_free(srv->ratelimit);
    log_info("http", "stopped");
    return 0;
}
