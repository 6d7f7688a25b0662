#!/usr/bin/env python3
"""Crash test: no acknowledged registration is ever lost.

Each trial starts the real server on a fresh database (a copy of a template with
one admin and one open programme), runs CLIENTS threads that register new
applicants continuously over keep-alive connections, kills the server with
SIGKILL at a random moment (uniform in [KILL_MIN, KILL_MAX] seconds), restarts it
on the same database and checks:
  - every registration that was answered 201 is there: the status check with its
    reference and CIN answers 200, and GET /api/v1/applications/{id} (the Location
    of the 201) shows the same reference and CIN;
  - no reference was given twice, and each region's references are gap-free
    (1..n, n = reference_counters.last_seq): the counter and the row commit or
    roll back together;
  - the running totals agree with the rows: application_counts per region and
    status, and reference_counters.counted;
  - SQLite: PRAGMA integrity_check and foreign_key_check; PostgreSQL: the same
    consistency queries, plus amcheck's bt_index_check on every index of the
    applications tables when the extension is available.
Registrations still in flight when the server died may or may not be there: both
are right. The server must also keep serving after the restart.

Environment:
  SANAD_BIN            the server binary (default build/sanad)
  SANAD_TEST_BACKEND   sqlite (default) or postgres
  SANAD_TEST_PG_URL    admin URL of PostgreSQL (postgres backend; else skipped, 77)
  CRASH_TRIALS (10), CRASH_CLIENTS (32), CRASH_KILL_MIN (0.5), CRASH_KILL_MAX (3.0),
  CRASH_SEED (random; printed, so that a failure can be replayed)
Exit: 0 all trials passed, 1 a check failed, 77 skipped.
"""
import http.client
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("SANAD_BIN", os.path.join(ROOT, "build", "sanad"))
BACKEND = os.environ.get("SANAD_TEST_BACKEND", "sqlite")
PG_URL = os.environ.get("SANAD_TEST_PG_URL", "")
TRIALS = int(os.environ.get("CRASH_TRIALS", "10"))
CLIENTS = int(os.environ.get("CRASH_CLIENTS", "32"))
KILL_MIN = float(os.environ.get("CRASH_KILL_MIN", "0.5"))
KILL_MAX = float(os.environ.get("CRASH_KILL_MAX", "3.0"))
SEED = int(os.environ.get("CRASH_SEED", str(random.randrange(1 << 30))))
PROGRAM = "CRASH"
LETTERS = "ABCDEFGHIJKLMNOPRSTUVWXYZ"
REGIONS = json.load(open(os.path.join(ROOT, "data", "regions.json"), encoding="utf-8"))["regions"]


def log(msg):
    print(msg, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(args, db_url, input=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SANAD_")}
    env["SANAD_LOG_LEVEL"] = "warn"
    p = subprocess.run([BIN] + args + ["--db", db_url], input=input, capture_output=True,
                       text=True, env=env, timeout=120)
    if p.returncode != 0:
        raise RuntimeError("sanad %s: %s" % (" ".join(args), p.stderr.strip()))
    return p.stdout.strip()


def psql(url, sql):
    p = subprocess.run(["psql", "-X", "-q", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1",
                        "-d", url, "-c", sql], capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        raise RuntimeError("psql: " + p.stderr.strip())
    return [tuple(line.split("\t")) for line in p.stdout.splitlines() if line]


def pg_url_for(dbname):
    parts = urllib.parse.urlsplit(PG_URL)
    return urllib.parse.urlunsplit(parts._replace(path="/" + dbname))


class Server:
    def __init__(self, db_url, logdir):
        self.db_url, self.logdir, self.proc, self.port = db_url, logdir, None, None

    def start(self):
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("SANAD_")}
        self.log = open(os.path.join(self.logdir, "server.log"), "ab")
        self.proc = subprocess.Popen(
            [BIN, "serve", "--db", self.db_url, "--listen", "127.0.0.1:%d" % self.port,
             "--rate-limit", "0", "--log-level", "warn"],
            stdout=self.log, stderr=self.log, env=env)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("the server exited at start (%d); see %s" %
                                   (self.proc.returncode, self.log.name))
            try:
                status, _ = request(self.port, "GET", "/healthz", timeout=1)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError("the server did not answer /healthz within 30 s")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.log.close()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if not self.log.closed:
            self.log.close()


def request(port, method, path, body=None, headers=None, timeout=10, conn=None):
    own = conn is None
    if own:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        data = json.dumps(body).encode() if body is not None else None
        h = {"Content-Type": "application/json"} if data else {}
        h.update(headers or {})
        conn.request(method, path, body=data, headers=h)
        r = conn.getresponse()
        payload = r.read()
        loc = r.getheader("Location")
        return r.status, (payload, loc)
    finally:
        if own:
            conn.close()


class Registrar(threading.Thread):
    """Registers new applicants over one keep-alive connection until the server
    dies. Keeps every 201: (cin, reference, id)."""

    def __init__(self, index, port, trial, rnd_seed):
        super().__init__(daemon=True)
        self.index, self.port, self.trial = index, port, trial
        self.rnd = random.Random(rnd_seed)
        self.acked, self.other, self.failed = [], {}, False
        self.stop = False

    def body(self, n):
        region = self.rnd.choice(REGIONS)
        # Two letters per (trial, client), six digits: unique across the test.
        k = self.trial * CLIENTS + self.index
        cin = "%s%s%06d" % (LETTERS[(k // 25) % 25], LETTERS[k % 25], n)
        return cin, {
            "cin": cin, "first_name": self.rnd.choice(["Fatima", "Khadija", "Salma", "Amina"]),
            "last_name": self.rnd.choice(["Alaoui", "Benali", "Tazi", "El Idrissi"]),
            "birth_date": "1995-%02d-%02d" % (self.rnd.randint(1, 12), self.rnd.randint(1, 28)),
            "sex": "F", "phone": "06%08d" % self.rnd.randrange(10 ** 8),
            "region": region["code"], "province": self.rnd.choice(region["provinces"]),
            "consent": True}

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        n = 0
        while not self.stop:
            n += 1
            cin, body = self.body(n)
            try:
                status, (payload, loc) = request(self.port, "POST",
                                                 "/api/v1/programs/%s/applications" % PROGRAM,
                                                 body, conn=conn)
            except (OSError, http.client.HTTPException):
                self.failed = True   # the server died: this one's fate is unknown
                return
            if status == 201:
                ref = json.loads(payload)["reference"]
                self.acked.append((cin, ref, int(loc.rsplit("/", 1)[1])))
            else:
                self.other[status] = self.other.get(status, 0) + 1


class Checker:
    def __init__(self, db_url):
        self.db_url = db_url

    def rows(self, sql):
        if BACKEND == "sqlite":
            con = sqlite3.connect(self.db_url[len("sqlite:"):], timeout=30)
            try:
                return [tuple(str(v) for v in r) for r in con.execute(sql)]
            finally:
                con.close()
        return psql(self.db_url, sql)

    def integrity(self):
        problems = []
        if BACKEND == "sqlite":
            got = self.rows("PRAGMA integrity_check")
            if got != [("ok",)]:
                problems.append("integrity_check: %s" % got[:5])
            got = self.rows("PRAGMA foreign_key_check")
            if got:
                problems.append("foreign_key_check: %s" % got[:5])
        else:
            if self.rows("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'"):
                for (idx,) in self.rows(
                        "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                        "JOIN pg_class t ON t.oid = i.indrelid JOIN pg_am am ON am.oid = c.relam "
                        "WHERE am.amname = 'btree' AND t.relname IN ('applications', "
                        "'application_tokens', 'application_history', 'reference_counters', "
                        "'application_counts', 'audit_log')"):
                    self.rows("SELECT bt_index_check('%s'::regclass)" % idx)
        # The running totals and the counters against the rows.
        mismatch = self.rows(
            "SELECT c.region, c.status, c.applications, "
            "(SELECT COUNT(*) FROM applications a WHERE a.program_id = c.program_id "
            " AND a.region = c.region AND a.status = c.status) AS real "
            "FROM application_counts c JOIN programs p ON p.id = c.program_id "
            "WHERE p.code = '%s'" % PROGRAM)
        for region, status, counted, real in mismatch:
            if int(counted) != int(real):
                problems.append("application_counts %s/%s = %s, rows %s" %
                                (region, status, counted, real))
        missing = self.rows(
            "SELECT a.region, a.status, COUNT(*) FROM applications a JOIN programs p "
            "ON p.id = a.program_id WHERE p.code = '%s' AND NOT EXISTS (SELECT 1 FROM "
            "application_counts c WHERE c.program_id = a.program_id AND c.region = a.region "
            "AND c.status = a.status) GROUP BY a.region, a.status" % PROGRAM)
        if missing:
            problems.append("rows without running totals: %s" % missing[:5])
        for region, last_seq, counted, real, top, n in self.rows(
                "SELECT r.region, r.last_seq, r.counted, "
                "(SELECT COUNT(*) FROM applications a WHERE a.program_id = r.program_id AND "
                " a.region = r.region AND a.status NOT IN ('withdrawn', 'ineligible')), "
                "(SELECT COALESCE(MAX(CAST(SUBSTR(a.reference, LENGTH(a.reference) - 5) AS "
                " INTEGER)), 0) FROM applications a WHERE a.program_id = r.program_id AND "
                " a.region = r.region), "
                "(SELECT COUNT(*) FROM applications a WHERE a.program_id = r.program_id AND "
                " a.region = r.region) "
                "FROM reference_counters r JOIN programs p ON p.id = r.program_id "
                "WHERE p.code = '%s'" % PROGRAM):
            if int(counted) != int(real):
                problems.append("reference_counters.counted %s = %s, rows %s" %
                                (region, counted, real))
            if not (int(last_seq) == int(top) == int(n)):
                problems.append("references of %s not gap-free: last_seq %s, highest %s, "
                                "rows %s" % (region, last_seq, top, n))
        dup = self.rows("SELECT reference, COUNT(*) FROM applications GROUP BY reference "
                        "HAVING COUNT(*) > 1")
        if dup:
            problems.append("references given twice: %s" % dup[:5])
        return problems


def make_template(workdir):
    """A database with an admin, her token and an open programme. Returns
    (url maker, token): url maker(trial) gives a fresh copy."""
    if BACKEND == "sqlite":
        template = os.path.join(workdir, "template.db")
        url = "sqlite:" + template
    else:
        name = "sanad_crash_template_%d" % os.getpid()
        psql(PG_URL, 'DROP DATABASE IF EXISTS "%s"' % name)
        psql(PG_URL, 'CREATE DATABASE "%s"' % name)
        url = pg_url_for(name)
    cli(["user", "add", "--username", "admin", "--role", "admin", "--password-stdin"], url,
        input="crash-test-password\n")
    token = cli(["token", "create", "--username", "admin"], url)
    server = Server(url, workdir)
    server.start()
    try:
        status, (payload, _) = request(server.port, "POST", "/api/v1/programs", {
            "code": PROGRAM, "name_fr": "Programme du test de crash", "name_ar": "برنامج",
            "starts_on": "2024-01-01", "ends_on": "2030-12-31", "registration_open": True,
            "eligibility": {"sexes": ["F"]}}, headers={"Authorization": "Bearer " + token})
        if status != 201:
            raise RuntimeError("cannot create the programme: %d %s" % (status, payload[:300]))
    finally:
        server.stop()

    def fresh(trial):
        if BACKEND == "sqlite":
            path = os.path.join(workdir, "trial%d.db" % trial)
            shutil.copyfile(template, path)
            if os.path.exists(template + "-wal"):   # normally gone after a clean stop
                shutil.copyfile(template + "-wal", path + "-wal")
            return "sqlite:" + path
        name = "sanad_crash_%d_%d" % (os.getpid(), trial)
        psql(PG_URL, 'DROP DATABASE IF EXISTS "%s"' % name)
        psql(PG_URL, 'CREATE DATABASE "%s" TEMPLATE "sanad_crash_template_%d"' %
             (name, os.getpid()))
        return pg_url_for(name)

    return fresh, token


def drop_pg(trial):
    if BACKEND == "postgres":
        psql(PG_URL, 'DROP DATABASE IF EXISTS "sanad_crash_%d_%d"' % (os.getpid(), trial))


def trial(n, fresh, token, workdir, rnd):
    db_url = fresh(n)
    server = Server(db_url, workdir)
    server.start()
    clients = [Registrar(i, server.port, n, rnd.randrange(1 << 30)) for i in range(CLIENTS)]
    for c in clients:
        c.start()
    delay = rnd.uniform(KILL_MIN, KILL_MAX)
    time.sleep(delay)
    server.kill()
    for c in clients:
        c.stop = True
        c.join(timeout=15)
    acked = [a for c in clients for a in c.acked]
    others = {}
    for c in clients:
        for k, v in c.other.items():
            others[k] = others.get(k, 0) + v
    in_flight = sum(1 for c in clients if c.failed)

    server.start()   # recovery happens here (WAL replay / PostgreSQL crash recovery)
    problems = []
    if others:
        problems.append("answers other than 201 before the kill: %s" % others)
    refs = [a[1] for a in acked]
    if len(set(refs)) != len(refs):
        problems.append("the same reference acknowledged twice")
    lost = []
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    for cin, ref, app_id in acked:
        status, _ = request(server.port, "GET", "/api/v1/applications/status?reference=%s&cin=%s"
                            % (ref, cin), conn=conn)
        if status != 200:
            lost.append((cin, ref, status))
    # GET by id for a sample (it is audited, hence slower): the row behind the Location.
    auth = {"Authorization": "Bearer " + token}
    for cin, ref, app_id in rnd.sample(acked, min(len(acked), 200)):
        status, (payload, _) = request(server.port, "GET", "/api/v1/applications/%d" % app_id,
                                       headers=auth, conn=conn)
        if status != 200:
            lost.append((cin, ref, "GET %d: %d" % (app_id, status)))
        else:
            a = json.loads(payload)
            if a["reference"] != ref or a["applicant"]["cin"] != cin:
                problems.append("application %d is %s/%s, acknowledged as %s/%s" %
                                (app_id, a["reference"], a["applicant"]["cin"], ref, cin))
    conn.close()
    if lost:
        problems.append("%d acknowledged registrations lost, e.g. %s" % (len(lost), lost[:5]))
    # Still serving after the restart: one more registration.
    status, _ = request(server.port, "POST", "/api/v1/programs/%s/applications" % PROGRAM, {
        "cin": "ZZ%06d" % n, "first_name": "Nadia", "last_name": "Tazi",
        "birth_date": "1990-01-01", "sex": "F", "phone": "0612345678", "region": "MA-09",
        "province": REGIONS[8]["provinces"][0], "consent": True})
    if status != 201:
        problems.append("registration after the restart answered %d" % status)
    server.stop()
    problems += Checker(db_url).integrity()
    rows = Checker(db_url).rows("SELECT COUNT(*) FROM applications")[0][0]
    log("trial %d: killed after %.2f s; %d acknowledged, %d in flight, %s rows after restart: %s"
        % (n, delay, len(acked), in_flight, rows, "ok" if not problems else "FAILED"))
    for p in problems:
        log("  - " + p)
    if not problems:
        drop_pg(n)
        if BACKEND == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                try:
                    os.unlink(db_url[len("sqlite:"):] + suffix)
                except FileNotFoundError:
                    pass
    return not problems, len(acked)


def main():
    if BACKEND == "postgres" and not PG_URL:
        log("SKIP: SANAD_TEST_PG_URL is not set")
        return 77
    if not os.access(BIN, os.X_OK):
        log("no server binary at %s (set SANAD_BIN)" % BIN)
        return 1
    log("crash test: %s, %d trials, %d clients, kill after %.1f-%.1f s, seed %d" %
        (BACKEND, TRIALS, CLIENTS, KILL_MIN, KILL_MAX, SEED))
    rnd = random.Random(SEED)
    workdir = tempfile.mkdtemp(prefix="sanad-crash-")
    passed = failed = total = 0
    try:
        fresh, token = make_template(workdir)
        for n in range(1, TRIALS + 1):
            ok, acked = trial(n, fresh, token, workdir, rnd)
            total += acked
            passed += ok
            failed += not ok
    finally:
        if BACKEND == "postgres":
            psql(PG_URL, 'DROP DATABASE IF EXISTS "sanad_crash_template_%d"' % os.getpid())
        if not failed:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            log("databases and server log kept in %s" % workdir)
    log("%d acknowledged registrations checked" % total)
    log("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
