/* Unit tests of the header deadline (src/http/header_watch.c) on socket pairs: a
 * connection still waiting for its headers is shut down after the header timeout,
 * one whose headers arrived is left alone, and a kept-alive one gets the idle
 * timeout on top. Real time: three to four seconds. */
#include "core/util.h"
#include "http/header_watch.h"

#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

/* True when the server side of the pair has been shut down: the client side reads
 * the end of the stream. */
static bool shut_down(int client)
{
    struct pollfd p = {.fd = client, .events = POLLIN};
    if (poll(&p, 1, 0) != 1)
        return false;
    char c;
    return recv(client, &c, 1, MSG_DONTWAIT) == 0;
}

/* Milliseconds from `start` until `client` sees the shutdown, waiting at most
 * `limit_ms`; -1 when it does not. Polls, so that a slow machine only delays. */
static double ms_until_shut_down(double start, int client, double limit_ms)
{
    while (mono_ms() - start < limit_ms) {
        if (shut_down(client))
            return mono_ms() - start;
        usleep(20 * 1000);
    }
    return -1;
}

static void deadlines_by_state(void **state)
{
    (void)state;
    double start = mono_ms();
    struct header_watch *w = header_watch_start(1, 2);
    assert_non_null(w);
    int waiting[2], received[2], kept[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, waiting), 0);
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, received), 0);
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, kept), 0);
    struct watched *ew = header_watch_opened(w, waiting[0]);
    struct watched *er = header_watch_opened(w, received[0]);
    struct watched *ek = header_watch_opened(w, kept[0]);
    header_watch_received(w, er);
    header_watch_received(w, ek);
    header_watch_answered(w, ek);

    /* The waiting one after the header timeout (1 s), at the next sweep. */
    double at = ms_until_shut_down(start, waiting[1], 2900);
    assert_true(at >= 1000);
    assert_false(shut_down(received[1]));
    assert_false(shut_down(kept[1]));
    assert_int_equal(header_watch_expired(w), 1);

    /* The kept-alive one after idle + header timeout (3 s) from its answer. */
    at = ms_until_shut_down(start, kept[1], 8000);
    assert_true(at >= 3000);
    assert_false(shut_down(received[1]));
    assert_int_equal(header_watch_expired(w), 2);

    header_watch_closed(w, ew);
    header_watch_closed(w, er);
    header_watch_closed(w, ek);
    header_watch_stop(w);
    for (int i = 0; i < 2; i++) {
        close(waiting[i]);
        close(received[i]);
        close(kept[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(deadlines_by_state),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
