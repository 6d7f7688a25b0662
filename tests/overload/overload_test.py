#!/usr/bin/env python3
"""Overload test: idle connections, slow-loris clients and a flood leave the
server answering /healthz and serving ordinary clients, with bounded memory, and
it recovers afterwards.

Phases, each against the real server on a fresh SQLite database (a programme open
to registration, one staff token), with --connection-timeout TIMEOUT:
  1. idle: IDLE connections (10,000) opened and left silent. While they are
     open, /healthz must answer within 1 s and ordinary clients (a registration,
     a status check, an authenticated GET) must succeed; after TIMEOUT + slack
     the server must have closed them.
  2. slow-loris: LORIS connections (1,000) send a request's headers one byte at
     a time, a byte every LORIS_GAP seconds (below the idle timeout, so that only
     the server's --header-timeout HEADER_TIMEOUT can end them). The same checks
     while they trickle, and the server must have dropped them all by the end.
  3. flood: the sustainable registration rate R is measured (closed loop, 8
     clients), then registrations are offered open-loop at FLOOD_FACTOR × R (5×)
     for FLOOD_SECONDS over up to FLOOD_CONNECTIONS connections, from a process
     of its own (so that its work does not delay the measuring threads). The same
     checks during the flood, where an ordinary call answered at once 503
     service_unavailable with Retry-After counts as served (the server shedding
     what it cannot serve in time); the flood's own registrations must still be
     answered 201 at half the sustainable rate at least. Afterwards /healthz must
     again answer quickly and a registration succeed.
Throughout, the server's RSS (VmRSS, sampled) must stay under RSS_LIMIT_MB, and
it must still be running at the end. The bound: the server's own measured
baseline after start plus what its limits allow: libmicrohttpd reserves
CONNECTION_MEMORY (32 KB) per connection but touches only what a request uses;
we allow 4 KB resident per open connection plus 64 MB for the database cache and
the workers, that is about 100 MB at 10,000 connections.

Environment: SANAD_BIN (default build/sanad); OVERLOAD_IDLE (10000),
OVERLOAD_LORIS (1000), OVERLOAD_LORIS_GAP (1.0), OVERLOAD_TIMEOUT (4),
OVERLOAD_HEADER_TIMEOUT (5), OVERLOAD_FLOOD_STRICT (1: the flood's /healthz,
ordinary-client and throughput checks fail the test; 0: they are reported as KNOWN
and only memory and recovery are enforced),
OVERLOAD_FLOOD_FACTOR (5), OVERLOAD_FLOOD_SECONDS (8), OVERLOAD_FLOOD_CONNECTIONS
(512), OVERLOAD_RSS_LIMIT_MB (computed as above when unset).
Exit 0 when every phase passed, 1 otherwise.
"""
import asyncio
import http.client
import json
import multiprocessing
import os
import random
import resource
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("SANAD_BIN", os.path.join(ROOT, "build", "sanad"))
IDLE = int(os.environ.get("OVERLOAD_IDLE", "10000"))
LORIS = int(os.environ.get("OVERLOAD_LORIS", "1000"))
LORIS_GAP = float(os.environ.get("OVERLOAD_LORIS_GAP", "1.0"))
TIMEOUT = int(os.environ.get("OVERLOAD_TIMEOUT", "4"))
HEADER_TIMEOUT = int(os.environ.get("OVERLOAD_HEADER_TIMEOUT", "5"))
FLOOD_FACTOR = float(os.environ.get("OVERLOAD_FLOOD_FACTOR", "5"))
FLOOD_SECONDS = float(os.environ.get("OVERLOAD_FLOOD_SECONDS", "8"))
FLOOD_CONNECTIONS = int(os.environ.get("OVERLOAD_FLOOD_CONNECTIONS", "512"))
FLOOD_STRICT = os.environ.get("OVERLOAD_FLOOD_STRICT", "1") != "0"
HEALTHZ_LIMIT = 1.0
PROGRAM = "OVERLOAD"
REGIONS = json.load(open(os.path.join(ROOT, "data", "regions.json"), encoding="utf-8"))["regions"]
LETTERS = "ABCDEFGHIJKLMNOPRSTUVWXYZ"


def log(msg):
    print(msg, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def raise_fd_limit(need):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        soft = hard
    return soft


def cli(args, db_url, input=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SANAD_")}
    p = subprocess.run([BIN] + args + ["--db", db_url], input=input, capture_output=True,
                       text=True, env=env, timeout=120)
    if p.returncode != 0:
        raise RuntimeError("sanad %s: %s" % (" ".join(args), p.stderr.strip()))
    return p.stdout.strip()


def rss_mb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Client:
    """Ordinary HTTP client calls with fresh CINs."""
    serial = 0
    lock = threading.Lock()

    def __init__(self, port, token):
        self.port, self.token = port, token

    def call(self, method, path, body=None, auth=False, timeout=5):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        t = time.monotonic()
        try:
            headers = {"Authorization": "Bearer " + self.token} if auth else {}
            data = None
            if body is not None:
                data = json.dumps(body).encode()
                headers["Content-Type"] = "application/json"
            conn.request(method, path, body=data, headers=headers)
            r = conn.getresponse()
            payload = r.read()
            if r.status == 503 and r.getheader("Retry-After"):
                return "shed", payload, None, time.monotonic() - t
            return r.status, payload, r.getheader("Location"), time.monotonic() - t
        except (OSError, http.client.HTTPException) as e:
            return None, str(e).encode(), None, time.monotonic() - t
        finally:
            conn.close()

    @classmethod
    def next_cin(cls, prefix):
        with cls.lock:
            cls.serial += 1
            n = cls.serial
        return "%s%06d" % (prefix, n % 1000000)

    def registration(self, prefix="R"):
        region = random.choice(REGIONS)
        return {"cin": self.next_cin(prefix), "first_name": "Fatima", "last_name": "Alaoui",
                "birth_date": "1992-05-17", "sex": "F", "phone": "0661234567",
                "region": region["code"], "province": region["provinces"][0], "consent": True}

    def register(self, prefix="R", timeout=5):
        return self.call("POST", "/api/v1/programs/%s/applications" % PROGRAM,
                         self.registration(prefix), timeout=timeout)

    def healthz(self):
        return self.call("GET", "/healthz", timeout=HEALTHZ_LIMIT * 5)

    def ordinary(self):
        """A registration and an authenticated GET of it; returns a list of
        problems (empty when all went well), the registration's and the GET's
        durations (0 when not made), and whether a call was shed (answered 503
        with Retry-After: call() gives the status "shed")."""
        status, payload, loc, t_reg = self.register()
        if status == "shed":
            return [], t_reg, 0.0, True
        if status != 201:
            return ["registration: %s %s" % (status, payload[:120])], t_reg, 0.0, False
        status, _, _, t_get = self.call("GET", "/api/v1/applications/%s" %
                                        loc.rsplit("/", 1)[1], auth=True)
        if status == "shed":
            return [], t_reg, t_get, True
        return ([] if status == 200 else ["GET by id: %s" % status]), t_reg, t_get, False


class Watch(threading.Thread):
    """While a phase runs, each in its own thread: /healthz every 0.25 s, an
    ordinary client every 0.5 s (one after the other), RSS every 0.1 s."""

    def __init__(self, client, pid, allow_shed):
        super().__init__(daemon=True)
        self.client, self.pid, self.allow_shed = client, pid, allow_shed
        self.stop = False
        self.health = []        # (status, seconds)
        self.ordinary = []      # (problems, registration s, GET s, shed)
        self.rss_peak = 0.0

    def run(self):
        threads = [threading.Thread(target=f, daemon=True)
                   for f in (self.sample_rss, self.run_ordinary)]
        for t in threads:
            t.start()
        while not self.stop:
            status, _, _, t = self.client.healthz()
            self.health.append((status, t))
            time.sleep(0.25)
        for t in threads:
            t.join()

    def run_ordinary(self):
        while not self.stop:
            self.ordinary.append(self.client.ordinary())
            time.sleep(0.5)

    def sample_rss(self):
        while not self.stop:
            self.rss_peak = max(self.rss_peak, rss_mb(self.pid))
            time.sleep(0.1)

    def verdict(self, name):
        problems = []
        bad = [(s, t) for s, t in self.health if s != 200 or t > HEALTHZ_LIMIT]
        worst = max((t for _, t in self.health), default=0)
        if not self.health:
            problems.append("%s: /healthz never checked" % name)
        if bad:
            problems.append("%s: %d of %d /healthz checks failed or took over %.1f s "
                            "(worst %.2f s)" % (name, len(bad), len(self.health),
                                                HEALTHZ_LIMIT, worst))
        shed = sum(1 for o in self.ordinary if o[3])
        failed = [o[0] or ["shed"] for o in self.ordinary if o[0] or (o[3] and not self.allow_shed)]
        if not self.ordinary or len(failed) > len(self.ordinary) // 10:
            problems.append("%s: %d of %d ordinary clients failed: %s" %
                            (name, len(failed), len(self.ordinary), failed[:3]))
        slow_reg = max((o[1] for o in self.ordinary), default=0)
        slow_get = max((o[2] for o in self.ordinary), default=0)
        log("  %s: /healthz %d checks, worst %.3f s; ordinary clients %d, %d failed, %d shed, "
            "slowest registration %.3f s, slowest GET %.3f s; RSS peak %.1f MB" %
            (name, len(self.health), worst, len(self.ordinary), len(failed), shed, slow_reg,
             slow_get, self.rss_peak))
        return problems


def watch(server, client, allow_shed=False):
    w = Watch(client, server.pid, allow_shed)
    w.start()
    return w


def phase_idle(server, client, rss_limit):
    log("phase 1: %d idle connections, --connection-timeout %d" % (IDLE, TIMEOUT))
    socks = []
    w = watch(server, client)
    failed_connects = 0
    t0 = time.monotonic()
    for i in range(IDLE):
        s = socket.socket()
        s.setblocking(False)
        try:
            s.connect_ex(("127.0.0.1", server.port))
            socks.append(s)
        except OSError:
            failed_connects += 1
            s.close()
        if i % 500 == 499:
            time.sleep(0.01)   # let the accept loop breathe; a real crowd is not instant
    opened = time.monotonic() - t0
    time.sleep(max(0.5, TIMEOUT / 2 - opened))   # all open, none timed out yet
    open_now = count_open(server.pid)
    w.stop = True
    w.join()
    problems = w.verdict("idle")
    log("  %d connections opened in %.1f s (%d failed), server holds %d sockets" %
        (len(socks), opened, failed_connects, open_now))
    if open_now < IDLE * 0.9:
        problems.append("idle: the server holds only %d of %d connections" % (open_now, IDLE))
    # After the timeout the server must have closed every one of them.
    time.sleep(TIMEOUT + 3)
    closed = closed_by_peer(socks)
    log("  after %d s: %d of %d closed by the server" % (TIMEOUT + 3, closed, len(socks)))
    if closed < len(socks) * 0.99:
        problems.append("idle: only %d of %d idle connections closed after the timeout" %
                        (closed, len(socks)))
    for s in socks:
        s.close()
    if w.rss_peak > rss_limit:
        problems.append("idle: RSS %.1f MB over the bound %.1f MB" % (w.rss_peak, rss_limit))
    return problems


def count_open(pid):
    try:
        return len(os.listdir("/proc/%d/fd" % pid))
    except OSError:
        return 0


def closed_by_peer(socks):
    sel = selectors.DefaultSelector()
    for s in socks:
        sel.register(s, selectors.EVENT_READ)
    closed = 0
    for key, _ in sel.select(timeout=1):
        try:
            if key.fileobj.recv(1) == b"":
                closed += 1
        except (ConnectionResetError, BrokenPipeError):
            closed += 1
        except BlockingIOError:
            pass
    sel.close()
    return closed


def phase_loris(server, client, rss_limit):
    log("phase 2: %d slow-loris clients, a header byte every %.1f s, --header-timeout %d" %
        (LORIS, LORIS_GAP, HEADER_TIMEOUT))
    request = (b"POST /api/v1/programs/%s/applications HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               b"Content-Type: application/json\r\nX-Padding: " % PROGRAM.encode()
               + b"a" * 4000 + b"\r\n\r\n")
    socks = []
    for _ in range(LORIS):
        s = socket.socket()
        s.setblocking(False)
        s.connect_ex(("127.0.0.1", server.port))
        socks.append([s, 0, True])
    w = watch(server, client)
    duration = max(3 * TIMEOUT, 10)
    t_end = time.monotonic() + duration
    dropped = 0
    while time.monotonic() < t_end:
        for entry in socks:
            s, sent, alive = entry
            if not alive:
                continue
            try:
                s.send(request[sent:sent + 1])
                entry[1] = sent + 1
            except (BlockingIOError, InterruptedError):
                pass
            except OSError:
                entry[2] = False
                dropped += 1
        time.sleep(LORIS_GAP)
    w.stop = True
    w.join()
    problems = w.verdict("slow-loris")
    # Those dropped since their last byte have not noticed yet.
    dropped += closed_by_peer([s for s, _, alive in socks if alive])
    log("  after %.0f s (up to %d bytes each): %d of %d slow-loris connections dropped by "
        "the server" % (duration, max(sent for _, sent, _ in socks), dropped, LORIS))
    if dropped < LORIS * 0.99:
        problems.append("slow-loris: only %d of %d dropped after %.0f s with --header-timeout "
                        "%d" % (dropped, LORIS, duration, HEADER_TIMEOUT))
    for s, _, _ in socks:
        s.close()
    if w.rss_peak > rss_limit:
        problems.append("slow-loris: RSS %.1f MB over the bound %.1f MB" %
                        (w.rss_peak, rss_limit))
    return problems


def sustainable_rate(client):
    """Registrations per second with 8 clients in a closed loop for 3 s."""
    done = [0]
    stop = time.monotonic() + 3

    def loop():
        while time.monotonic() < stop:
            status, _, _, _ = client.register(prefix="S")
            if status == 201:
                done[0] += 1

    threads = [threading.Thread(target=loop) for _ in range(8)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done[0] / (time.monotonic() - t0)


def flood_process(port, target, out):
    """The flood, run in a child process: open loop, a ticket every 1/target s for
    FLOOD_SECONDS, taken by up to FLOOD_CONNECTIONS kept-alive connections as they
    come free (asyncio: one thread copes with thousands of requests a second). A
    ticket no connection was free to take is counted not_sent: the server was not
    keeping up, and the offered rate is still FLOOD_FACTOR×. Puts the counts on
    `out`."""
    client = Client(port, None)
    counts = {"sent": 0, "201": 0, "503": 0, "other": 0, "error": 0, "not_sent": 0}
    head = ("POST /api/v1/programs/%s/applications HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: application/json\r\nContent-Length: %%d\r\n\r\n" % PROGRAM)

    async def exchange(reader, writer):
        body = json.dumps(client.registration(prefix="F")).encode()
        writer.write((head % len(body)).encode() + body)
        lines = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status, length, close = int(lines[0].split()[1]), 0, False
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
            elif name.strip().lower() == "connection" and "close" in value.lower():
                close = True
        await reader.readexactly(length)
        return status, close

    async def run():
        tickets = asyncio.Semaphore(0)
        state = {"issued": 0, "taken": 0, "over": False}

        async def sender():
            conn = None
            while True:
                await tickets.acquire()
                if state["over"]:
                    break
                state["taken"] += 1
                try:
                    if conn is None:
                        conn = await asyncio.open_connection("127.0.0.1", port)
                    status, close = await asyncio.wait_for(exchange(*conn), 10)
                    key = str(status) if status in (201, 503) else "other"
                except (OSError, ValueError, asyncio.IncompleteReadError,
                        asyncio.LimitOverrunError, asyncio.TimeoutError):
                    key, close = "error", True
                counts["sent"] += 1
                counts[key] += 1
                if close and conn:
                    conn[1].close()
                    conn = None
            if conn:
                conn[1].close()

        senders = [asyncio.ensure_future(sender()) for _ in range(FLOOD_CONNECTIONS)]
        t0 = time.monotonic()
        while time.monotonic() - t0 < FLOOD_SECONDS:
            due = int((time.monotonic() - t0) * target)
            while state["issued"] < due:
                tickets.release()
                state["issued"] += 1
            await asyncio.sleep(0.002)
        state["over"] = True
        counts["not_sent"] = state["issued"] - state["taken"]
        counts["offered"] = state["issued"]
        for _ in senders:
            tickets.release()
        await asyncio.wait(senders, timeout=15)

    asyncio.run(run())
    out.put(counts)


def metric(client, name):
    status, payload, _, _ = client.call("GET", "/metrics")
    for line in payload.decode(errors="replace").splitlines() if status == 200 else []:
        if line.startswith(name + " "):
            return float(line.split()[1])
    return None


def phase_flood(server, client, rss_limit):
    rate = sustainable_rate(client)
    target = rate * FLOOD_FACTOR
    log("phase 3: flood at %.0f× the sustainable rate: %.0f registrations/s offered "
        "(sustainable %.0f/s), %.0f s, up to %d connections" %
        (FLOOD_FACTOR, target, rate, FLOOD_SECONDS, FLOOD_CONNECTIONS))
    shed_before = metric(client, "sanad_http_requests_shed_total") or 0
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    flood = ctx.Process(target=flood_process, args=(server.port, target, out), daemon=True)
    flood.start()
    w = watch(server, client, allow_shed=True)
    try:
        counts = out.get(timeout=FLOOD_SECONDS + 30)
    except Exception:   # queue.Empty: the flood process died or hung
        counts = None
    w.stop = True
    w.join()
    flood.join(timeout=5)
    if flood.is_alive():
        flood.kill()
    problems = w.verdict("flood")
    if counts is None:
        return problems + ["flood: the flood process gave no counts"]
    shed = (metric(client, "sanad_http_requests_shed_total") or 0) - shed_before
    served = counts["201"] / FLOOD_SECONDS
    log("  offered %d in %.0f s, sent %d: %d answered 201 (%.0f/s), %d shed 503, %d other, "
        "%d errors, %d never sent (all %d connections busy); server counted %d shed" %
        (counts["offered"], FLOOD_SECONDS, counts["sent"], counts["201"], served,
         counts["503"], counts["other"], counts["error"], counts["not_sent"],
         FLOOD_CONNECTIONS, shed))
    if served < rate / 2:
        problems.append("flood: only %.0f registrations/s answered 201 (sustainable %.0f/s)" %
                        (served, rate))
    if counts["error"] > counts["sent"] // 100:
        problems.append("flood: %d of %d requests got no answer" %
                        (counts["error"], counts["sent"]))
    if problems and not FLOOD_STRICT:
        for p in problems:
            log("  KNOWN (not failing: OVERLOAD_FLOOD_STRICT=0): " + p)
        problems = []
    if w.rss_peak > rss_limit:
        problems.append("flood: RSS %.1f MB over the bound %.1f MB" % (w.rss_peak, rss_limit))
    # Recovery.
    time.sleep(1)
    health, _, _, t = client.healthz()
    if health != 200 or t > HEALTHZ_LIMIT:
        problems.append("after the flood: /healthz %s in %.2f s" % (health, t))
    status, payload, _, t = client.register()
    if status != 201:
        problems.append("after the flood: a registration answered %s %s" % (status, payload[:120]))
    log("  after the flood: /healthz %s, a registration %s in %.3f s" % (health, status, t))
    return problems


class Server:
    def __init__(self, db_url, workdir):
        self.port = free_port()
        self.log = open(os.path.join(workdir, "server.log"), "ab")
        env = {k: v for k, v in os.environ.items() if not k.startswith("SANAD_")}
        self.proc = subprocess.Popen(
            [BIN, "serve", "--db", db_url, "--listen", "127.0.0.1:%d" % self.port,
             "--rate-limit", "0", "--connection-timeout", str(TIMEOUT),
             "--header-timeout", str(HEADER_TIMEOUT),
             "--log-level", "warn"], stdout=self.log, stderr=self.log, env=env)
        self.pid = self.proc.pid
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("the server exited at start")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the server did not start")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def main():
    if not os.access(BIN, os.X_OK):
        log("no server binary at %s (set SANAD_BIN)" % BIN)
        return 1
    limit = raise_fd_limit(IDLE + LORIS + FLOOD_CONNECTIONS + 100)
    idle = IDLE
    if limit < IDLE + 200:
        log("file descriptor limit %d: idle connections reduced to %d" % (limit, limit - 200))
        idle = limit - 200
    globals()["IDLE"] = idle
    workdir = tempfile.mkdtemp(prefix="sanad-overload-")
    db_url = "sqlite:" + os.path.join(workdir, "overload.db")
    cli(["user", "add", "--username", "admin", "--role", "admin", "--password-stdin"], db_url,
        input="overload-test-password\n")
    token = cli(["token", "create", "--username", "admin"], db_url)
    server = Server(db_url, workdir)
    problems = []
    try:
        client = Client(server.port, token)
        status, payload, _, _ = client.call("POST", "/api/v1/programs", {
            "code": PROGRAM, "name_fr": "Programme du test de surcharge", "name_ar": "برنامج",
            "starts_on": "2024-01-01", "ends_on": "2030-12-31", "registration_open": True,
            "eligibility": {}}, auth=True)
        if status != 201:
            raise RuntimeError("cannot create the programme: %s %s" % (status, payload[:200]))
        baseline = rss_mb(server.pid)
        env_limit = os.environ.get("OVERLOAD_RSS_LIMIT_MB")
        rss_limit = (float(env_limit) if env_limit else
                     baseline + 64 + (IDLE + LORIS + FLOOD_CONNECTIONS) * 4 / 1024)
        log("overload test: server RSS after start %.1f MB; bound %.1f MB" %
            (baseline, rss_limit))
        for phase in (phase_idle, phase_loris, phase_flood):
            found = phase(server, client, rss_limit)
            for p in found:
                log("  FAILED: " + p)
            problems += [(phase.__name__, p) for p in found]
        if server.proc.poll() is not None:
            problems.append(("end", "the server died (exit %s)" % server.proc.returncode))
        log("server RSS at the end %.1f MB" % rss_mb(server.pid))
    finally:
        server.stop()
    phases = ("phase_idle", "phase_loris", "phase_flood")
    failed = len({name for name, _ in problems} & set(phases)) + \
        (1 if any(name == "end" for name, _ in problems) else 0)
    if problems:
        log("server log kept in %s" % workdir)
    else:
        subprocess.run(["rm", "-rf", workdir])
    log("%d passed, %d failed" % (len(phases) - min(failed, len(phases)), failed))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
