# Bad input: malformed JSON (400 bad_json), wrong Content-Type (415), bodies over
# --max-body (413, with Content-Length and with chunked encoding), invalid UTF-8
# (400), JSON that is not an object or has wrong field types (422), unknown routes
# (404), wrong methods (405 with Allow), bad percent-encoding in path or query
# (400), oversized headers (some 4xx: libmicrohttpd answers those itself), and
# garbage request lines. Every error body is {"error":{"code","message"}}, and the
# server still serves /healthz after each of them.
import json
import socket

from harness import ServerTestCase, parse_raw_response, raw_request

MAX_BODY = 2048


def http_request(method, target, headers=(), body=b"", chunked=False):
    lines = ["%s %s HTTP/1.1" % (method, target), "Host: 127.0.0.1", "Connection: close"]
    lines += list(headers)
    if chunked:
        lines.append("Transfer-Encoding: chunked")
    elif body:
        lines.append("Content-Length: %d" % len(body))
    head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    if chunked:
        data = b""
        for i in range(0, len(body), 1000):
            piece = body[i:i + 1000]
            data += b"%x\r\n" % len(piece) + piece + b"\r\n"
        return head + data + b"0\r\n\r\n"
    return head + body


class BadInputTest(ServerTestCase):

    # A short connection timeout: connections these tests leave half-open are closed
    # before the server is stopped (see test_lifecycle's test of aborted requests).
    SERVER_ARGS = ["--rate-limit", "0", "--max-body", str(MAX_BODY), "--connection-timeout", "3"]

    def tearDown(self):
        # Whatever the test sent, the server still answers.
        r = self.client().get("/healthz")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json(), {"status": "ok"})
        self.assertIsNone(self.server.proc.poll(), "the server died")

    def raw(self, data, **kw):
        status, headers, body = parse_raw_response(raw_request(self.server.port, data, **kw))
        return status, headers, body

    def assertRawError(self, data, status, code=None):
        got, headers, body = self.raw(data)
        self.assertEqual(got, status, body)
        self.assertTrue(headers.get("content-type", "").startswith("application/json"), headers)
        doc = json.loads(body)
        self.assertIsInstance(doc["error"]["code"], str)
        self.assertTrue(doc["error"]["message"])
        if code:
            self.assertEqual(doc["error"]["code"], code, doc)
        return doc

    def login_raw(self, body, content_type="application/json"):
        return self.client().post("/api/v1/auth/login", raw=body, content_type=content_type)

    # -- bodies --------------------------------------------------------------

    def test_malformed_json(self):
        for body in (b'{"username": "a", "password": ', b"{'username': 'a'}", b"{,}",
                     b'{"username":"a"} trailing', b"nul", b"\xef\xbb\xbf{}"):
            with self.subTest(body=body):
                self.assertError(self.login_raw(body), 400, "bad_json")

    def test_empty_body(self):
        self.assertError(self.login_raw(b""), 400, "bad_json")

    def test_duplicate_keys_refused(self):
        body = b'{"username":"someone","username":"root.admin","password":"xxxxxxxxxxxx"}'
        self.assertError(self.login_raw(body), 400, "bad_json")

    def test_wrong_content_type(self):
        body = json.dumps({"username": "someone", "password": "x" * 12}).encode()
        for ct in ("text/plain", "application/x-www-form-urlencoded", "application/jsonx",
                   "application/json; charset=latin1", "multipart/form-data; boundary=x"):
            with self.subTest(content_type=ct):
                self.assertError(self.login_raw(body, ct), 415)
        self.assertError(self.login_raw(body, None), 415)
        # The accepted forms.
        for ct in ("application/json", "application/json; charset=utf-8",
                   "Application/JSON;charset=UTF-8"):
            with self.subTest(content_type=ct):
                self.assertError(self.login_raw(body, ct), 401, "invalid_credentials")

    def test_body_too_large_with_content_length(self):
        body = b'{"username":"' + b"a" * (MAX_BODY + 100) + b'","password":"x"}'
        self.assertRawError(http_request("POST", "/api/v1/auth/login",
                                         ["Content-Type: application/json"], body),
                            413, "payload_too_large")
        # Just at the limit is not refused as too large.
        fits = b'{"username":"' + b"a" * (MAX_BODY - 40) + b'","password":"x"}'
        self.assertLessEqual(len(fits), MAX_BODY)
        got, _, body = self.raw(http_request("POST", "/api/v1/auth/login",
                                             ["Content-Type: application/json"], fits))
        self.assertNotEqual(got, 413, body)
        self.assertEqual(got, 422, body)   # the username is too long

    def test_body_too_large_with_expect_continue(self):
        # Refused before the client sends a byte of its body.
        data = (b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n"
                b"Content-Type: application/json\r\nExpect: 100-continue\r\n"
                b"Content-Length: 1000000000\r\n\r\n")
        got, _, body = self.raw(data, timeout=5)
        self.assertEqual(got, 413, body)
        self.assertEqual(json.loads(body)["error"]["code"], "payload_too_large")

    def test_body_too_large_chunked(self):
        body = b'{"username":"' + b"a" * (MAX_BODY * 3) + b'","password":"x"}'
        self.assertRawError(http_request("POST", "/api/v1/auth/login",
                                         ["Content-Type: application/json"], body, chunked=True),
                            413, "payload_too_large")

    def test_chunked_body_within_limit(self):
        body = json.dumps({"username": "nobody.chunked", "password": "x" * 12}).encode()
        self.assertRawError(http_request("POST", "/api/v1/auth/login",
                                         ["Content-Type: application/json"], body, chunked=True),
                            401, "invalid_credentials")

    def test_body_too_large_as_admin(self):
        body = json.dumps({"username": "big.user", "password": "p" * 12, "role": "analyst",
                           "full_name": "x" * (MAX_BODY * 2)}).encode()
        r = self.admin.post("/api/v1/users", raw=body)
        self.assertError(r, 413, "payload_too_large")

    def test_invalid_utf8(self):
        for body in (b'{"username":"\xff\xfe","password":"xxxxxxxxxxxx"}',
                     b'{"username":"caf\xc3","password":"xxxxxxxxxxxx"}',
                     b'{"username":"\xed\xa0\x80","password":"xxxxxxxxxxxx"}',   # surrogate
                     b'{"username":"\xc0\xaf","password":"xxxxxxxxxxxx"}'):      # overlong
            with self.subTest(body=body):
                self.assertError(self.login_raw(body), 400)

    def test_not_an_object(self):
        for body in (b'[{"username":"a","password":"b"}]', b"[]"):
            with self.subTest(body=body):
                self.assertError(self.login_raw(body), 422, "validation_failed")
        # Bare scalars: the parser may refuse them as JSON texts (400) or the handler
        # as not an object (422); either way an error of the contract's shape.
        for body in (b'"text"', b"42", b"null", b"true"):
            with self.subTest(body=body):
                r = self.login_raw(body)
                self.assertIn(r.status, (400, 422), r)
                self.assertError(r, r.status,
                                 "bad_json" if r.status == 400 else "validation_failed")

    def test_wrong_field_types(self):
        for body, field in (({"username": 5, "password": "x" * 12}, "username"),
                            ({"username": "someone", "password": ["x"]}, "password"),
                            ({"username": {"a": 1}, "password": "x" * 12}, "username")):
            with self.subTest(body=body):
                self.assertError(self.client().post("/api/v1/auth/login", body), 422,
                                 "validation_failed", field)
        r = self.admin.post("/api/v1/users", {"username": "typed.user", "password": "p" * 12,
                                              "role": "analyst", "active": "true"})
        self.assertError(r, 422, "validation_failed", "active")

    def test_nul_in_string(self):
        # Refused as JSON (jansson rejects \u0000 by default) or as a bad username.
        body = b'{"username":"root\\u0000.admin","password":"xxxxxxxxxxxx"}'
        r = self.login_raw(body)
        if r.status == 400:
            self.assertError(r, 400, "bad_json")
        else:
            self.assertError(r, 422, "validation_failed", "username")

    def test_deeply_nested(self):
        body = b'{"username":' + b"[" * 900 + b"]" * 900 + b',"password":"x"}'
        r = self.login_raw(body)
        self.assertIn(r.status, (400, 422), r)
        self.assertError(r, r.status)

    # -- routes and methods --------------------------------------------------

    def test_unknown_routes(self):
        c = self.client()
        for path in ("/api/v1/nothing", "/api/v2/users", "/healthz/extra", "/api/v1/users/1/x",
                     "/API/V1/USERS", "/api/v1//users", "/api/v1/regions/"):
            with self.subTest(path=path):
                self.assertError(c.get(path), 404, "not_found")
        self.assertError(self.admin.get("/api/v1/nothing"), 404, "not_found")
        self.assertError(c.post("/api/v1/nothing", {"a": 1}), 404, "not_found")

    def test_wrong_method(self):
        c = self.client()
        for method, path, allowed in (("DELETE", "/api/v1/users", {"GET", "POST"}),
                                      ("PUT", "/api/v1/users/1", {"GET", "PATCH"}),
                                      ("POST", "/healthz", {"GET"}),
                                      ("GET", "/api/v1/auth/login", {"POST"}),
                                      ("PATCH", "/api/v1/regions", {"GET"})):
            with self.subTest(method=method, path=path):
                r = c.request(method, path, body={} if method != "DELETE" else None)
                self.assertError(r, 405)
                allow = {m.strip() for m in r.header("Allow", "").split(",") if m.strip()}
                self.assertTrue(allowed <= allow, (allowed, r.header("Allow")))
                self.assertNotIn(method, allow)

    # -- targets -------------------------------------------------------------

    def test_bad_percent_encoding(self):
        c = self.client()
        for target in ("/api/v1/users/%zz", "/api/v1/users/%00", "/api/v1/users/%",
                       "/api/v1/users/%4", "/healthz%2", "/api/v1/users/%ff",
                       "/api/v1/regions?q=%zz", "/api/v1/regions?q=%00", "/api/v1/regions?%zz=1",
                       "/api/v1/regions?q=%e2%82"):
            with self.subTest(target=target):
                self.assertError(c.get(target), 400)
                self.assertError(self.admin.get(target), 400)

    def test_good_percent_encoding(self):
        c = self.client()
        self.assertEqual(c.get("/api/v1/%72egions").status, 200)
        self.assertEqual(c.get("/api/v1/regions?q=caf%C3%A9+au+lait").status, 200)

    def test_dot_segments(self):
        for target in ("/api/v1/../healthz", "/api/v1/users/..", "/api/v1/./regions",
                       "/api/v1/%2e%2e/healthz"):
            with self.subTest(target=target):
                got, _, body = self.raw(http_request("GET", target))
                self.assertIn(got, (400, 404), body)
                self.assertIn(b'"error"', body)

    def test_huge_header(self):
        # libmicrohttpd answers headers too big for its memory pool itself (431, with
        # its own HTML body, not our JSON error): any 4xx is accepted here.
        for headers in (["X-Filler: " + "a" * 65536], ["X-Filler: " + "a" * 2000] * 40,
                        ["Cookie: sanad_session=" + "a" * 65536]):
            with self.subTest(size=sum(map(len, headers))):
                got, _, body = self.raw(http_request("GET", "/healthz", headers))
                self.assertIsNotNone(got, "connection closed without an answer")
                self.assertTrue(400 <= got < 500, (got, body[:200]))

    def test_every_header_size_gets_an_answer(self):
        # Headers of any size get an HTTP answer: a normal one, or a 4xx when too big.
        # Not a closed connection without a word.
        silent = []
        for name, path, sizes in (("X-Filler", "/healthz", range(14000, 17001, 100)),
                                  ("Cookie: sanad_session=", "/api/v1/auth/me",
                                   range(6500, 9001, 100))):
            for n in sizes:
                header = (name + "a" * n) if name.endswith("=") else "%s: %s" % (name, "a" * n)
                got, _, _ = self.raw(http_request("GET", path, [header]), timeout=3)
                if got is None:
                    silent.append("%s of %d bytes" % (name.split(":")[0], n))
                else:
                    self.assertTrue(got < 500, got)
        self.assertEqual(silent, [], "requests closed without any answer")

    def test_huge_cookie_and_auth_headers(self):
        # Long values of the headers the server reads (below the band of sizes
        # test_every_header_size_gets_an_answer looks at).
        for header in ("Cookie: sanad_session=" + "a" * 6000,
                       "Cookie: " + "; ".join("c%d=%s" % (i, "v" * 50) for i in range(100)),
                       "Authorization: Bearer " + "a" * 6000,
                       "Authorization: Bearer sat_" + "a" * 6000,
                       "Accept-Language: " + "ar;q=0.5," * 600,
                       "X-Request-Id: " + "r" * 6000):
            with self.subTest(header=header[:30]):
                got, _, body = self.raw(http_request("GET", "/api/v1/auth/me", [header]))
                self.assertIsNotNone(got)
                self.assertTrue(400 <= got < 500, (got, body[:200]))

    def test_garbage_request_lines(self):
        for data in (b"GARBAGE\r\n\r\n", b"GET\r\n\r\n", b"GET /healthz HTTP/9.9\r\n\r\n",
                     b"\x00\x01\x02\x03\r\n\r\n", b"GET /healthz HTTP/1.1\r\nNo colon here\r\n\r\n",
                     b"GET healthz HTTP/1.1\r\nHost: x\r\n\r\n"):
            with self.subTest(data=data):
                got, _, _ = self.raw(data, timeout=3)
                if got is not None:
                    self.assertTrue(400 <= got < 600, got)

    def test_half_request_then_close(self):
        with socket.create_connection(("127.0.0.1", self.server.port)) as s:
            s.sendall(b"POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n"
                      b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"user")
        with socket.create_connection(("127.0.0.1", self.server.port)) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
