/* A deadline for receiving a request's headers, against slow-loris clients.
 *
 * libmicrohttpd's connection timeout is an idle timeout: a client that sends a
 * byte of its headers now and then keeps its connection, and with it one of the
 * server's connections, for ever. Here every connection is watched from its
 * opening until its request's headers are in; a thread sweeps the watched
 * connections twice a second and shuts down the socket of those past their
 * deadline, upon which libmicrohttpd sees the end of the stream and closes the
 * connection itself. On a kept-alive connection the next request's headers are
 * watched from the previous answer on, with the idle timeout added to the
 * deadline (an idle kept-alive connection is the idle timeout's business).
 *
 * The functions taking an entry are called on the connection's worker thread
 * from libmicrohttpd's callbacks; closed() must come before the socket is closed,
 * as libmicrohttpd's connection-closed notification does. Memory: one small entry
 * per open connection. */
#ifndef SANAD_HTTP_HEADER_WATCH_H
#define SANAD_HTTP_HEADER_WATCH_H

#include <stdint.h>

struct header_watch;
struct watched;

/* Starts the sweeping thread; NULL when it cannot start. */
struct header_watch *header_watch_start(int header_timeout_s, int idle_timeout_s);
/* Stops the thread and frees the watch; every connection must have been closed. */
void header_watch_stop(struct header_watch *w);

/* A connection on socket fd has opened: watched from now on. */
struct watched *header_watch_opened(struct header_watch *w, int fd);
/* Its request's headers have all arrived: no longer watched. */
void header_watch_received(struct header_watch *w, struct watched *e);
/* Its answer has been sent and the connection is kept alive: the next request's
 * headers are watched. */
void header_watch_answered(struct header_watch *w, struct watched *e);
/* It has been closed: the entry is freed. */
void header_watch_closed(struct header_watch *w, struct watched *e);

/* Connections shut down for taking too long over their headers, so far. */
uint64_t header_watch_expired(struct header_watch *w);

#endif
