# The server's limits under load, each made to bite on purpose: a client that
# sends its headers too slowly is disconnected after --header-timeout, however
# steadily it sends; and beyond --max-requests requests in progress (here one
# registration parked because the database is locked) new requests are answered
# 503 service_unavailable with Retry-After at once, while /healthz, /readyz and
# /metrics still answer, and /metrics counts both.
import http.client
import json
import re
import socket
import sqlite3
import threading
import time
import unittest

from harness import ServerTestCase, is_sqlite


def metric(client, name):
    r = client.get("/metrics")
    m = re.search(r"(?m)^%s (\d+)$" % re.escape(name), r.text)
    return int(m.group(1)) if m else None


class HeaderTimeoutTest(ServerTestCase):
    SERVER_ARGS = ["--rate-limit", "0", "--header-timeout", "1", "--connection-timeout", "30"]

    def test_slow_headers_are_cut_off(self):
        request = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * 200 + b"\r\n\r\n"
        started = time.monotonic()
        closed_after = None
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=5) as s:
            # A byte every 0.2 s: never idle for long, never done.
            for i in range(len(request)):
                try:
                    s.send(request[i:i + 1])
                    s.settimeout(0.2)
                    if s.recv(1024) == b"":
                        closed_after = time.monotonic() - started
                        break
                except socket.timeout:
                    continue
                except (ConnectionResetError, BrokenPipeError):
                    closed_after = time.monotonic() - started
                    break
                if time.monotonic() - started > 10:
                    break
        self.assertIsNotNone(closed_after, "the slow client was never disconnected")
        self.assertGreaterEqual(closed_after, 1.0)
        self.assertLess(closed_after, 5.0)
        self.assertGreaterEqual(metric(self.client(), "sanad_http_header_timeouts_total"), 1)

    def test_kept_alive_connection_outlives_the_header_timeout(self):
        # Between requests a kept-alive connection has the idle timeout as well.
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=5)
        try:
            conn.request("GET", "/healthz")
            r = conn.getresponse()
            r.read()
            self.assertEqual(r.status, 200)
            sock = conn.sock
            time.sleep(2.5)
            conn.request("GET", "/healthz")
            r = conn.getresponse()
            r.read()
            self.assertEqual(r.status, 200)
            self.assertIs(conn.sock, sock)
        finally:
            conn.close()


@unittest.skipUnless(is_sqlite(), "locks the SQLite file directly")
class SheddingTest(ServerTestCase):
    SERVER_ARGS = ["--rate-limit", "0", "--max-requests", "1"]

    def test_beyond_max_requests_new_ones_are_shed(self):
        program = {"code": "SHED", "name_fr": "Programme", "name_ar": "برنامج",
                   "starts_on": "2024-01-01", "ends_on": "2030-12-31",
                   "registration_open": True, "eligibility": {}}
        self.assertEqual(self.admin.post("/api/v1/programs", program).status, 201)
        shed_before = metric(self.client(), "sanad_http_requests_shed_total")
        self.assertIsNotNone(shed_before)

        # The database's write lock held from outside: the registration waits for
        # its commit, parked, and is the one request in progress.
        lock = sqlite3.connect(self.server.db.path, timeout=10, isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")
        answer = {}

        def register():
            answer["r"] = self.client().post("/api/v1/programs/SHED/applications", {
                "cin": "SH123456", "first_name": "Fatima", "last_name": "Alaoui",
                "birth_date": "1992-05-17", "sex": "F", "phone": "0661234567",
                "region": "MA-01", "province": "Tanger-Assilah", "consent": True})

        t = threading.Thread(target=register)
        t.start()
        try:
            c = self.client()
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                r = c.get("/api/v1/regions")
                if r.status == 503:
                    break
                time.sleep(0.05)
            self.assertEqual(r.status, 503, r)
            self.assertEqual(r.json()["error"]["code"], "service_unavailable")
            self.assertGreaterEqual(int(r.header("Retry-After")), 1)
            for path in ("/healthz", "/readyz", "/metrics"):
                self.assertEqual(c.get(path).status, 200, path)
            self.assertGreater(metric(c, "sanad_http_requests_shed_total"), shed_before)
            self.assertEqual(metric(c, "sanad_http_requests_in_progress"), 1)
        finally:
            lock.execute("ROLLBACK")
            lock.close()
            t.join(timeout=30)
        self.assertEqual(answer["r"].status, 201, answer["r"])
        self.assertIn("reference", json.loads(answer["r"].body))
        self.assertEqual(self.client().get("/api/v1/regions").status, 200)


if __name__ == "__main__":
    unittest.main()
