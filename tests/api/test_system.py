# System endpoints and what every answer carries: /healthz, /readyz, /metrics
# (Prometheus text with per-route counters, a latency histogram and the database
# pool), the security headers and X-Request-Id on every answer, and one structured
# JSON access-log line per request on stderr, without the query string; and
# /metrics from an address outside loopback needs an admin.
import http.client
import re
import secrets
import time
import unittest

from harness import Server, ServerTestCase, add_user, non_loopback_address


class SystemTest(ServerTestCase):

    def test_healthz(self):
        r = self.client().get("/healthz")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.header("Content-Type").startswith("application/json"))
        self.assertEqual(r.json(), {"status": "ok"})

    def test_readyz(self):
        r = self.client().get("/readyz")
        self.assertEqual(r.status, 200, r)
        self.assertIsInstance(r.json(), dict)

    def test_metrics_from_loopback(self):
        c = self.client()
        self.assertEqual(c.get("/healthz").status, 200)
        self.assertEqual(c.get("/api/v1/auth/me").status, 401)
        # A request is counted when it completes, just after its answer went out:
        # give the counters a moment.
        me_401 = re.compile(r'(?m)^sanad_http_requests_total\{[^}]*route="/api/v1/auth/me"'
                            r'[^}]*status="401"[^}]*\} [1-9]\d*$')
        deadline = time.monotonic() + 3
        while True:
            r = c.get("/metrics")
            self.assertEqual(r.status, 200, r)
            if me_401.search(r.text) or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        self.assertTrue(r.header("Content-Type").startswith("text/plain"), r.headers)
        text = r.text
        self.assertIn("# TYPE sanad_http_requests_total counter", text)
        m = re.search(r'^sanad_http_requests_total\{[^}]*route="/healthz"[^}]*status="200"[^}]*\}'
                      r' (\d+)$', text, re.M)
        self.assertTrue(m, text[:2000])
        self.assertGreaterEqual(int(m.group(1)), 1)
        self.assertRegex(text, r'(?m)^sanad_http_requests_total\{[^}]*route="/api/v1/auth/me"'
                               r'[^}]*status="401"[^}]*\} [1-9]\d*$')
        # A latency histogram: TYPE line, buckets with le labels ending at +Inf, sum, count.
        m = re.search(r"^# TYPE (sanad_\w+) histogram$", text, re.M)
        self.assertTrue(m, "no histogram in /metrics")
        hist = m.group(1)
        self.assertRegex(text, r'(?m)^%s_bucket\{[^}]*route="/healthz"[^}]*le="\+Inf"[^}]*\} '
                               r'[1-9]\d*$' % hist)
        self.assertRegex(text, r"(?m)^%s_sum\{[^}]*\} [0-9.e+-]+$" % hist)
        self.assertRegex(text, r"(?m)^%s_count\{[^}]*\} \d+$" % hist)
        self.assertRegex(text, r"(?m)^sanad_db_pool_connections(\{[^}]*\})? \d+$")
        # Every sample line is of the text format: name{labels} value.
        for line in text.splitlines():
            if line and not line.startswith("#"):
                m = re.match(r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? (\S+)$', line)
                self.assertTrue(m, line)
                float(m.group(2))

    def test_security_headers_on_every_answer(self):
        c = self.client()
        answers = [
            c.get("/healthz"),
            c.get("/readyz"),
            c.get("/metrics"),
            c.get("/api/v1/openapi.json"),
            c.get("/api/v1/regions"),
            c.get("/no/such/route"),
            c.get("/api/v1/users"),                         # 401
            c.request("DELETE", "/healthz"),                # 405
            c.post("/api/v1/auth/login", raw=b"{", content_type="application/json"),  # 400
            self.admin.get("/api/v1/users"),                # 200 signed in
        ]
        for r in answers:
            with self.subTest(status=r.status, body=r.body[:80]):
                self.assertRegex(r.header("X-Request-Id", ""), r"^[A-Za-z0-9._-]{8,64}$")
                csp = r.header("Content-Security-Policy", "")
                self.assertIn("frame-ancestors 'none'", csp)
                self.assertEqual(r.header("X-Content-Type-Options"), "nosniff")
                self.assertTrue(r.header("Referrer-Policy"), r.headers)

    def test_request_ids_differ(self):
        c = self.client()
        ids = {c.get("/healthz").header("X-Request-Id") for _ in range(5)}
        self.assertEqual(len(ids), 5)

    def test_one_access_log_line_per_request_without_query(self):
        c = self.client()
        secret = "fatima.elidrissi." + secrets.token_hex(4)
        rid = c.get("/api/v1/regions?email=%s&cin=AB123456" % secret).header("X-Request-Id")
        lines = self.server.wait_log(lambda rec: rec.get("request_id") == rid)
        self.assertEqual(len(lines), 1, lines)
        rec = lines[0]
        self.assertEqual(rec.get("method"), "GET")
        self.assertEqual(rec.get("path"), "/api/v1/regions")
        self.assertEqual(rec.get("status"), 200)
        for v in rec.values():
            self.assertNotIn(secret, str(v))
            self.assertNotIn("AB123456", str(v))
        self.assertNotIn(secret, self.server.log_text())

    def test_access_log_of_an_error_and_of_a_post(self):
        c = self.client()
        r1 = c.get("/api/v1/users")
        r2 = c.post("/api/v1/auth/login", {"username": "nobody.here", "password": "x" * 12})
        self.assertEqual(r1.status, 401)
        self.assertEqual(r2.status, 401)
        for r, method, path in ((r1, "GET", "/api/v1/users"),
                                (r2, "POST", "/api/v1/auth/login")):
            rid = r.header("X-Request-Id")
            lines = self.server.wait_log(lambda rec: rec.get("request_id") == rid)
            self.assertEqual(len(lines), 1, lines)
            self.assertEqual(lines[0].get("method"), method)
            self.assertEqual(lines[0].get("path"), path)
            self.assertEqual(lines[0].get("status"), r.status)
        # The password never reaches the log.
        self.assertNotIn("x" * 12, self.server.log_text())

    def test_log_lines_are_json(self):
        self.client().get("/healthz")
        for rec in self.server.log_records():
            self.assertNotIn("_unparsed", rec, rec)
            self.assertIn("ts", rec)
            self.assertIn("level", rec)

    def test_path_that_is_not_utf8_is_refused_and_not_logged(self):
        # %FF decodes to a byte that is no UTF-8: 400, and the access line (valid
        # JSON in valid UTF-8) leaves the path out rather than carry the byte.
        r = self.client().get("/api/v1/caf%FF%C3")
        self.assertEqual(r.status, 400)
        rid = r.header("X-Request-Id")
        lines = self.server.wait_log(lambda rec: rec.get("request_id") == rid)
        self.assertEqual(len(lines), 1, lines)
        self.assertEqual((lines[0]["status"], lines[0]["path"]), (400, ""))
        with open(self.server.log_path, "rb") as f:
            f.read().decode("utf-8")   # strict: raises on any byte that is not UTF-8

    def test_client_request_id_is_echoed(self):
        rid = "test-" + secrets.token_hex(6)
        r = self.client().get("/healthz", headers={"X-Request-Id": rid})
        self.assertEqual(r.header("X-Request-Id"), rid)
        lines = self.server.wait_log(lambda rec: rec.get("request_id") == rid)
        self.assertEqual(len(lines), 1)

    def test_unacceptable_request_id_replaced(self):
        for rid in ("has space", "x" * 65, "semi;colon", "<script>"):
            with self.subTest(rid=rid):
                r = self.client().get("/healthz", headers={"X-Request-Id": rid})
                self.assertNotEqual(r.header("X-Request-Id"), rid)
                self.assertRegex(r.header("X-Request-Id", ""), r"^[A-Za-z0-9._-]{8,64}$")

    def test_head(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            conn.request("HEAD", "/healthz")
            r = conn.getresponse()
            self.assertEqual(r.status, 200)
            self.assertEqual(r.read(), b"")
            self.assertIn("nosniff", r.getheader("X-Content-Type-Options", ""))
        finally:
            conn.close()


ADDRESS = non_loopback_address()


@unittest.skipUnless(ADDRESS, "no network address outside loopback")
class RemoteMetricsTest(unittest.TestCase):
    """The server listens on a non-loopback address: /metrics is for admins there."""

    @classmethod
    def setUpClass(cls):
        cls.server = Server(args=["--rate-limit", "0"], host=ADDRESS)
        try:
            add_user(cls.server.url, "metrics.admin", "admin")
            add_user(cls.server.url, "metrics.analyst", "analyst")
            cls.server.start()
        except BaseException:
            cls.server.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_metrics_need_admin_outside_loopback(self):
        c = self.server.client()
        r = c.get("/metrics")
        self.assertEqual(r.status, 401, r)
        self.assertEqual(r.json()["error"]["code"], "unauthenticated")
        analyst = self.server.client()
        analyst.login("metrics.analyst")
        r = analyst.get("/metrics")
        self.assertEqual(r.status, 403, r)
        admin = self.server.client()
        admin.login("metrics.admin")
        r = admin.get("/metrics")
        self.assertEqual(r.status, 200, r)
        self.assertIn("sanad_http_requests_total", r.text)
        # Public routes stay public.
        self.assertEqual(c.get("/healthz").status, 200)
        self.assertEqual(c.get("/api/v1/regions").status, 200)
