# The server's life: SIGTERM while a request is in flight (the client still gets
# its answer and the process exits 0), no new connections after SIGTERM, a prompt
# exit when only idle or abandoned connections are open, SIGINT like SIGTERM, idle
# keep-alive connections closed after --connection-timeout, and many (also
# pipelined) requests on one persistent HTTP/1.1 connection.
import http.client
import json
import signal
import socket
import threading
import time
import unittest

from harness import DEFAULT_PASSWORD, Server, add_user, parse_raw_response, response_complete


def login_bytes(username, password=DEFAULT_PASSWORD):
    body = json.dumps({"username": username, "password": password}).encode()
    head = ("POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body))
    return head.encode(), body


def read_response(sock, timeout=10.0):
    sock.settimeout(timeout)
    data = b""
    deadline = time.monotonic() + timeout
    while not response_complete(data) and time.monotonic() < deadline:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


class ShutdownTest(unittest.TestCase):

    def start(self, args=("--rate-limit", "0")):
        server = Server(args=list(args))
        self.addCleanup(server.db.drop)
        add_user(server.url, "life.admin", "admin")
        server.start()
        self.addCleanup(self.kill_if_running, server)
        return server

    @staticmethod
    def kill_if_running(server):
        if server.proc.poll() is None:
            server.proc.kill()
            server.proc.wait()

    def test_sigterm_during_login(self):
        server = self.start()
        head, body = login_bytes("life.admin")
        result = {}

        sent = threading.Event()

        def client():
            try:
                with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
                    # A first request makes sure the server holds the connection.
                    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    if parse_raw_response(read_response(s))[0] != 200:
                        result["error"] = "no answer to /healthz"
                        sent.set()
                        return
                    s.sendall(head + body)
                    sent.set()
                    result["data"] = read_response(s)
            except OSError as e:
                result["error"] = e
                sent.set()

        t = threading.Thread(target=client)
        t.start()
        self.assertTrue(sent.wait(10))
        time.sleep(0.01)        # the login is in; its argon2 takes tens of ms
        server.signal(signal.SIGTERM)
        t.join(15)
        rc = server.wait()
        self.assertNotIn("error", result, result)
        status, headers, payload = parse_raw_response(result.get("data", b""))
        self.assertEqual(status, 200, result)
        self.assertIn("csrf_token", json.loads(payload))
        self.assertEqual(rc, 0, server.log_text()[-2000:])

    def test_sigterm_while_body_is_still_coming(self):
        # A request certainly in flight: its headers are in, its body not yet.
        server = self.start()
        head, body = login_bytes("life.admin")
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
            s.sendall(head + body[:5])
            time.sleep(0.3)
            server.signal(signal.SIGTERM)
            time.sleep(0.3)
            self.assertIsNone(server.proc.poll(), "exited with a request in flight")
            s.sendall(body[5:])
            data = read_response(s)
        rc = server.wait()
        status, _, payload = parse_raw_response(data)
        self.assertEqual(status, 200, data)
        self.assertIn("csrf_token", json.loads(payload))
        self.assertEqual(rc, 0)
        # The access log has the request, then the server said it stopped.
        records = server.log_records()
        self.assertTrue([r for r in records if r.get("path") == "/api/v1/auth/login"
                         and r.get("status") == 200], records[-5:])

    def test_no_new_connections_after_sigterm(self):
        server = self.start()
        head, body = login_bytes("life.admin")
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
            s.sendall(head + body[:5])
            time.sleep(0.3)
            server.signal(signal.SIGTERM)
            time.sleep(0.3)
            refused = False
            try:
                c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=2)
                c.request("GET", "/healthz")
                c.getresponse().read()
            except OSError:
                refused = True
            s.sendall(body[5:])
            data = read_response(s)
        self.assertTrue(refused, "a new connection was served after SIGTERM")
        self.assertEqual(parse_raw_response(data)[0], 200)
        self.assertEqual(server.wait(), 0)

    def test_idle_keep_alive_connection_does_not_delay_exit(self):
        server = self.start()
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        try:
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            started = time.monotonic()
            server.signal(signal.SIGTERM)
            self.assertEqual(server.wait(), 0)
            self.assertLess(time.monotonic() - started, 5)
        finally:
            conn.close()

    def test_aborted_partial_requests_do_not_delay_exit(self):
        # Clients that send the start of a request, not even all its headers, and hang
        # up (a dropped mobile link, a scanner) have no request in flight: SIGTERM must
        # not wait for them until the connection timeout (30 s by default).
        # (libmicrohttpd 0.9.75 does not notice such a hang-up until then.)
        server = self.start()
        partials = [b"GET /healthz HTTP/1.1\r\nHost: x\r\n", b"GET /healthz HTTP/1.1\r\n",
                    b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Le"]
        # Only some of them linger in the server (when the data and the hang-up come
        # together): go on until a few do, as the connection gauge shows.
        for _ in range(20):
            for i in range(60):
                with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
                    s.sendall(partials[i % len(partials)])
            time.sleep(0.2)
            if self.open_connections(server) >= 4:
                break
        self.assertEqual(self.client_status(server, "/healthz"), 200)
        started = time.monotonic()
        server.signal(signal.SIGTERM)
        try:
            rc = server.proc.wait(timeout=5)
        except Exception:
            rc = None
        waited = time.monotonic() - started
        self.assertEqual(rc, 0, "still running %.1f s after SIGTERM, with no request in flight"
                         % waited)

    @staticmethod
    def open_connections(server):
        c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        try:
            c.request("GET", "/metrics")
            text = c.getresponse().read().decode()
        finally:
            c.close()
        for line in text.splitlines():
            if line.startswith("sanad_http_connections "):
                return int(float(line.split()[1]))
        return 0

    @staticmethod
    def client_status(server, path):
        c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        try:
            c.request("GET", path)
            return c.getresponse().status
        finally:
            c.close()

    def test_sigint(self):
        server = self.start()
        server.signal(signal.SIGINT)
        self.assertEqual(server.wait(), 0)

    def test_idle_server_stops_quickly(self):
        server = self.start()
        started = time.monotonic()
        server.stop(drop=False)
        self.assertLess(time.monotonic() - started, 5)


class KeepAliveTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.server = Server(args=["--rate-limit", "0", "--connection-timeout", "2"])
        try:
            add_user(cls.server.url, "keep.admin", "admin")
            cls.server.start()
        except BaseException:
            cls.server.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_idle_connection_closed_after_timeout(self):
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            data = read_response(s)
            self.assertEqual(parse_raw_response(data)[0], 200)
            started = time.monotonic()
            s.settimeout(10)
            try:
                rest = s.recv(1024)
            except ConnectionResetError:
                rest = b""
            waited = time.monotonic() - started
        self.assertEqual(rest, b"", "expected the server to close the idle connection")
        self.assertGreater(waited, 1.0)
        self.assertLess(waited, 6.0)

    def test_connection_without_request_closed(self):
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            started = time.monotonic()
            try:
                rest = s.recv(1024)
            except ConnectionResetError:
                rest = b""
            waited = time.monotonic() - started
        self.assertEqual(rest, b"")
        self.assertLess(waited, 6.0)

    def test_many_requests_on_one_connection(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            local = conn.sock.getsockname()
            body = json.dumps({"username": "keep.admin", "password": DEFAULT_PASSWORD})
            conn.request("POST", "/api/v1/auth/login", body=body,
                         headers={"Content-Type": "application/json"})
            r = conn.getresponse()
            r.read()
            self.assertEqual(r.status, 200)
            cookie = r.getheader("Set-Cookie").split(";")[0]
            for i in range(60):
                path, want = [("/healthz", 200), ("/api/v1/regions", 200),
                              ("/api/v1/auth/me", 200), ("/no/such", 404),
                              ("/api/v1/users/abc", 404), ("/api/v1/users?limit=0", 422)][i % 6]
                conn.request("GET", path, headers={"Cookie": cookie})
                r = conn.getresponse()
                r.read()
                self.assertEqual(r.status, want, path)
                self.assertIsNotNone(conn.sock, "the server closed the connection")
                self.assertEqual(conn.sock.getsockname(), local, "a new connection was opened")
            # A POST with a body and an error answer keep the connection too.
            conn.request("POST", "/api/v1/auth/login",
                         body=json.dumps({"username": "nobody.here", "password": "x" * 12}),
                         headers={"Content-Type": "application/json"})
            r = conn.getresponse()
            r.read()
            self.assertEqual(r.status, 401)
            conn.request("GET", "/healthz")
            r = conn.getresponse()
            r.read()
            self.assertEqual(r.status, 200)
            self.assertEqual(conn.sock.getsockname(), local)
        finally:
            conn.close()

    def test_pipelined_requests(self):
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" * 3 +
                      b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        self.assertEqual(data.count(b"HTTP/1.1 200"), 4, data[:500])
