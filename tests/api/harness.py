# Test harness of the black-box API suite: starts the real `sanad serve` on a fresh
# database (SQLite file or a new PostgreSQL database), runs CLI commands against the
# same database, and talks HTTP to it (a small client with a cookie jar and CSRF
# handling, and a raw-socket helper for malformed requests).
#
# Environment:
#   SANAD_BIN           the binary (default: build/sanad at the repository root)
#   SANAD_TEST_BACKEND  sqlite (default) or postgres
#   SANAD_TEST_PG_URL   admin URL of PostgreSQL (postgres backend), e.g.
#                       postgresql://sanad:sanad@127.0.0.1:5432/postgres
import atexit
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.parse

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.path.abspath(os.environ.get("SANAD_BIN") or os.path.join(REPO_ROOT, "build", "sanad"))
BACKEND = os.environ.get("SANAD_TEST_BACKEND", "sqlite")
PG_URL = os.environ.get("SANAD_TEST_PG_URL", "")

START_TIMEOUT = 10.0
STOP_TIMEOUT = 10.0
DEFAULT_PASSWORD = "correct-horse-battery"


def is_postgres():
    return BACKEND == "postgres"


def is_sqlite():
    return BACKEND == "sqlite"


def free_port(host="127.0.0.1"):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def non_loopback_address():
    """An IPv4 address of this machine outside 127/8, or None."""
    addr = None
    for probe in ("10.255.255.254", "192.168.255.254", "203.0.113.1"):
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect((probe, 9))       # UDP: no packet is sent
                addr = s.getsockname()[0]
                break
        except OSError:
            continue
    if not addr or addr.startswith("127.") or addr == "0.0.0.0":
        return None
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind((addr, 0))
    except OSError:
        return None
    return addr


def unique(prefix="u"):
    """A fresh name, valid as a username (a-z 0-9 . _ -, starts with a letter)."""
    return "%s%s" % (prefix, secrets.token_hex(4))


# ---------------------------------------------------------------------------
# Databases


def _psql(sql):
    subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", PG_URL, "-c", sql],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=60)


class Database:
    """A fresh, empty database of the selected backend; drop() removes it."""

    def __init__(self):
        self.tmpdir = tempfile.mkdtemp(prefix="sanad-api-")
        self.dropped = False
        if is_postgres():
            if not PG_URL:
                raise unittest.SkipTest("SANAD_TEST_PG_URL is not set")
            self.name = "sanad_test_" + secrets.token_hex(6)
            _psql('CREATE DATABASE "%s"' % self.name)
            parts = urllib.parse.urlsplit(PG_URL)
            self.url = urllib.parse.urlunsplit(parts._replace(path="/" + self.name))
            self.path = None
        else:
            self.name = None
            self.path = os.path.join(self.tmpdir, "t.db")
            self.url = "sqlite:" + self.path
        atexit.register(self.drop)

    def drop(self):
        if self.dropped:
            return
        self.dropped = True
        if self.name:
            try:
                _psql('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % self.name)
            except subprocess.CalledProcessError as e:
                print("harness: cannot drop %s: %s" % (self.name, e.stderr.decode(errors="replace")))
        shutil.rmtree(self.tmpdir, ignore_errors=True)


# ---------------------------------------------------------------------------
# The command line


def run_cli(args, db_url=None, input=None, env=None, timeout=60):
    """Runs `sanad ARGS [--db URL]`; returns a CompletedProcess with text output."""
    cmd = [BIN] + list(args)
    if db_url:
        cmd += ["--db", db_url]
    full_env = dict(os.environ)
    for k in list(full_env):
        if k.startswith("SANAD_") and k not in ("SANAD_TEST_BACKEND", "SANAD_TEST_PG_URL",
                                                "SANAD_BIN"):
            del full_env[k]
    if env:
        full_env.update(env)
    return subprocess.run(cmd, input=input, capture_output=True, text=True, env=full_env,
                          timeout=timeout)


def add_user(db_url, username, role="admin", password=DEFAULT_PASSWORD, region=None, org=None):
    args = ["user", "add", "--username", username, "--role", role, "--password-stdin"]
    if region:
        args += ["--region", region]
    if org:
        args += ["--org", str(org)]
    p = run_cli(args, db_url=db_url, input=password + "\n")
    if p.returncode != 0:
        raise AssertionError("sanad user add failed (%d): %s" % (p.returncode, p.stderr))
    return p


def create_token(db_url, username):
    p = run_cli(["token", "create", "--username", username], db_url=db_url)
    if p.returncode != 0:
        raise AssertionError("sanad token create failed (%d): %s" % (p.returncode, p.stderr))
    return p.stdout.strip()


def audit_verify(db_url):
    """`sanad audit verify`: (CompletedProcess, entry count or None)."""
    import re
    p = run_cli(["audit", "verify"], db_url=db_url)
    m = re.search(r"(\d+) entr", p.stdout)
    return p, (int(m.group(1)) if m else None)


# ---------------------------------------------------------------------------
# HTTP


class Response:
    def __init__(self, status, reason, headers, body):
        self.status = status
        self.reason = reason
        self.headers = headers          # list of (name, value) in order
        self.body = body                # bytes

    def header(self, name, default=None):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return default

    def header_all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    @property
    def text(self):
        return self.body.decode("utf-8")

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        return "<Response %d %r>" % (self.status, self.body[:300])


class Client:
    """HTTP client for one server: a cookie jar for sanad_session, the CSRF token from
    login (sent as X-CSRF-Token on unsafe methods), an optional bearer token and
    Accept-Language."""

    def __init__(self, port, host="127.0.0.1", lang=None, bearer=None, timeout=15):
        self.host = host
        self.port = port
        self.lang = lang
        self.bearer = bearer
        self.timeout = timeout
        self.cookies = {}
        self.csrf = None
        self.user = None

    def request(self, method, path, body=None, headers=None, csrf=True, raw=None,
                content_type="application/json", lang=None):
        h = {}
        if self.cookies:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
        if self.bearer:
            h["Authorization"] = "Bearer " + self.bearer
        if lang or self.lang:
            h["Accept-Language"] = lang or self.lang
        if csrf and self.csrf and method not in ("GET", "HEAD", "OPTIONS"):
            h["X-CSRF-Token"] = self.csrf
        data = raw
        if body is not None:
            data = json.dumps(body).encode("utf-8")
        if data is not None and content_type:
            h["Content-Type"] = content_type
        if headers:
            h.update(headers)
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=data, headers=h)
            resp = conn.getresponse()
            payload = resp.read()
            r = Response(resp.status, resp.reason, resp.getheaders(), payload)
        finally:
            conn.close()
        self._store_cookies(r)
        return r

    def _store_cookies(self, r):
        for value in r.header_all("Set-Cookie"):
            first = value.split(";", 1)[0]
            name, _, val = first.partition("=")
            name = name.strip()
            attrs = value.lower()
            if val == "" or "max-age=0" in attrs:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = val.strip()

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body=body, **kw)

    def patch(self, path, body=None, **kw):
        return self.request("PATCH", path, body=body, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)

    def login(self, username, password=DEFAULT_PASSWORD, expect=200):
        r = self.post("/api/v1/auth/login", {"username": username, "password": password})
        if expect is not None and r.status != expect:
            raise AssertionError("login of %s: expected %d, got %r" % (username, expect, r))
        if r.status == 200:
            doc = r.json()
            self.csrf = doc["csrf_token"]
            self.user = doc["user"]
        return r

    def session_cookie(self):
        return self.cookies.get("sanad_session")


def raw_request(port, data, timeout=10.0, read_until_close=True, host="127.0.0.1"):
    """Sends raw bytes and returns what comes back (until the server closes the
    connection, a full response arrives when read_until_close is False, or the
    timeout). A connection reset after some bytes were received is not an error."""
    chunks = []
    with socket.create_connection((host, port), timeout=timeout) as s:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                s.settimeout(max(0.05, deadline - time.monotonic()))
                chunk = s.recv(65536)
            except (ConnectionResetError, BrokenPipeError):
                break
            except socket.timeout:
                break
            if not chunk:
                break
            chunks.append(chunk)
            if not read_until_close and response_complete(b"".join(chunks)):
                break
    return b"".join(chunks)


def response_complete(data):
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) >= int(value.strip())
    return False


def parse_raw_response(data):
    """(status, headers dict with lower-case names, body bytes) of the first response
    in `data`; status None when nothing parseable came back."""
    head, sep, body = data.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/"):
        return None, {}, b""
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers[name.strip().lower().decode("latin-1")] = value.strip().decode("latin-1")
    if "content-length" in headers:
        body = body[:int(headers["content-length"])]
    return status, headers, body


# ---------------------------------------------------------------------------
# The server


class Server:
    """One `sanad serve` process on a loopback port. start() waits for /healthz;
    stop() sends SIGTERM and checks for exit status 0 within 10 s."""

    def __init__(self, db=None, args=(), env=None, host="127.0.0.1"):
        self.host = host
        self.own_db = db is None
        self.db = db or Database()
        self.args = list(args)
        if "--web-dir" not in self.args:
            # The API alone: no web interface answering unknown paths with its page.
            self.args += ["--web-dir", os.path.join(self.db.tmpdir, "no-web-interface")]
        self.env = env
        self.proc = None
        self.port = None
        self.log_path = os.path.join(self.db.tmpdir, "server-%s.log" % secrets.token_hex(3))
        self.log_file = None

    @property
    def url(self):
        return self.db.url

    def start(self):
        last = None
        for _ in range(3):   # the free port may be taken between probe and bind
            self.port = free_port(self.host)
            cmd = [BIN, "serve", "--listen", "%s:%d" % (self.host, self.port), "--db", self.db.url]
            cmd += self.args
            full_env = dict(os.environ)
            for k in list(full_env):
                if k.startswith("SANAD_") and k not in ("SANAD_TEST_BACKEND",
                                                        "SANAD_TEST_PG_URL", "SANAD_BIN"):
                    del full_env[k]
            if self.env:
                full_env.update(self.env)
            self.log_file = open(self.log_path, "ab")
            self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL,
                                         stdout=subprocess.DEVNULL, stderr=self.log_file,
                                         env=full_env)
            deadline = time.monotonic() + START_TIMEOUT
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    break
                try:
                    conn = http.client.HTTPConnection(self.host, self.port, timeout=1)
                    conn.request("GET", "/healthz")
                    if conn.getresponse().status == 200:
                        conn.close()
                        return self
                    conn.close()
                except OSError:
                    pass
                time.sleep(0.02)
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
                self.log_file.close()
                raise AssertionError("sanad serve did not answer /healthz within %gs:\n%s"
                                     % (START_TIMEOUT, self.log_text()[-3000:]))
            self.log_file.close()
            last = self.log_text()
        raise AssertionError("sanad serve exited at start (status %s):\n%s"
                             % (self.proc.returncode, (last or "")[-3000:]))

    def signal(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)

    def wait(self, timeout=STOP_TIMEOUT):
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("sanad serve did not exit within %gs of SIGTERM; its log ends:\n%s"
                                 % (timeout, self.log_text()[-1500:]))
        finally:
            if self.log_file:
                self.log_file.close()

    def stop(self, drop=True):
        """SIGTERM, then asserts exit status 0 within 10 s. Drops its own database."""
        try:
            if self.proc and self.proc.poll() is None:
                self.signal(signal.SIGTERM)
            if self.proc:
                rc = self.wait()
                if rc != 0:
                    raise AssertionError("sanad serve exited with %d after SIGTERM:\n%s"
                                         % (rc, self.log_text()[-2000:]))
        finally:
            if drop and self.own_db:
                self.db.drop()

    def client(self, **kw):
        kw.setdefault("host", self.host)
        return Client(self.port, **kw)

    def log_text(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", errors="replace")
        except OSError:
            return ""

    def log_records(self):
        out = []
        for line in self.log_text().splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                out.append({"_unparsed": line})
        return out

    def wait_log(self, predicate, timeout=3.0):
        """The log records matching predicate, waiting for at least one (the access
        line is written when the request completes, just after the answer)."""
        deadline = time.monotonic() + timeout
        while True:
            found = [r for r in self.log_records() if predicate(r)]
            if found or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    # CLI helpers against this server's database
    def cli(self, args, **kw):
        return run_cli(args, db_url=self.db.url, **kw)

    def add_user(self, username, role="admin", **kw):
        return add_user(self.db.url, username, role, **kw)

    def create_token(self, username):
        return create_token(self.db.url, username)

    def audit_verify(self):
        return audit_verify(self.db.url)


# ---------------------------------------------------------------------------
# Test case bases


class ServerTestCase(unittest.TestCase):
    """One server per class, on a fresh database, with an admin account already
    signed in as cls.admin. Subclasses set SERVER_ARGS."""

    SERVER_ARGS = ["--rate-limit", "0"]
    ADMIN = "root.admin"

    @classmethod
    def setUpClass(cls):
        cls.server = Server(args=cls.SERVER_ARGS)
        try:
            add_user(cls.server.db.url, cls.ADMIN, "admin")
            cls.server.start()
            cls.admin = cls.server.client()
            cls.admin.login(cls.ADMIN)
        except BaseException:
            cls.server.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    # helpers
    def client(self, **kw):
        return self.server.client(**kw)

    def make_user(self, role="analyst", password=DEFAULT_PASSWORD, **fields):
        """Creates an account through the API as the admin; returns its JSON."""
        body = {"username": fields.pop("username", unique(role[:4] + ".")),
                "password": password, "role": role}
        body.update(fields)
        r = self.admin.post("/api/v1/users", body)
        self.assertEqual(r.status, 201, r)
        return r.json()

    def signed_in(self, role="analyst", **fields):
        """A new account of `role` and a client signed in as it."""
        u = self.make_user(role, **fields)
        c = self.client()
        c.login(u["username"])
        return u, c

    def assertError(self, r, status, code=None, field=None, field_code=None):
        """r is a JSON error of the contract's shape, with this status (and code, and a
        fields[] entry naming `field`)."""
        self.assertEqual(r.status, status, r)
        self.assertTrue(r.header("Content-Type", "").startswith("application/json"), r.headers)
        doc = r.json()
        self.assertIsInstance(doc, dict, r)
        self.assertIn("error", doc, r)
        err = doc["error"]
        self.assertIsInstance(err.get("code"), str, r)
        self.assertIsInstance(err.get("message"), str, r)
        self.assertTrue(err["message"], r)
        if code is not None:
            self.assertEqual(err["code"], code, r)
        if field is not None:
            fields = err.get("fields")
            self.assertIsInstance(fields, list, r)
            names = [f.get("field") for f in fields]
            self.assertIn(field, names, r)
            for f in fields:
                self.assertIsInstance(f.get("code"), str, r)
                self.assertIsInstance(f.get("message"), str, r)
            if field_code is not None:
                codes = [f.get("code") for f in fields if f.get("field") == field]
                self.assertIn(field_code, codes, r)
        return err


def find_keys(obj, names):
    """Every key in nested JSON `obj` whose lower-cased name is in `names`."""
    found = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k.lower() in names:
                found.append(k)
            found += find_keys(v, names)
    elif isinstance(obj, list):
        for v in obj:
            found += find_keys(v, names)
    return found
