# The audit log: logins, failed logins and account creation and changes appear
# in GET /api/v1/audit (admins only) with actor, action and outcome; the chain
# checks out through GET /api/v1/audit/verify and `sanad audit verify`; and (SQLite
# only, where the test can edit the file) tampering with an entry or deleting the
# last one is detected, naming the broken entry's seq.
import re
import secrets
import sqlite3
import threading
import unittest

from harness import (Server, ServerTestCase, add_user, is_sqlite, run_cli,
                     unique)


def audit_entries(client):
    """Every audit entry, newest first, following the cursor."""
    items, after = [], None
    for _ in range(1000):
        path = "/api/v1/audit?limit=500" + ("&after=" + after if after else "")
        r = client.get(path)
        assert r.status == 200, r
        doc = r.json()
        items += doc["items"]
        after = doc["next"]
        if after is None:
            return items
    raise AssertionError("audit paging does not end")


class AuditTest(ServerTestCase):

    def entries(self):
        return audit_entries(self.admin)

    def test_successful_login_audited(self):
        u = self.make_user("analyst")
        c = self.client()
        rid = c.login(u["username"]).header("X-Request-Id")
        found = [e for e in self.entries()
                 if e["action"] == "auth.login" and e["actor"] == u["username"]]
        self.assertEqual(len(found), 1, found)
        e = found[0]
        self.assertEqual(e["outcome"], "success")
        self.assertEqual(e.get("request_id", rid), rid)
        self.assertIsInstance(e["seq"], int)
        self.assertRegex(e["at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")

    def test_failed_login_audited(self):
        name = unique("intruder.")
        r = self.client().post("/api/v1/auth/login", {"username": name, "password": "guess-guess"})
        self.assertEqual(r.status, 401)
        rid = r.header("X-Request-Id")
        found = [e for e in self.entries() if e["action"] == "auth.login"
                 and e.get("request_id") == rid]
        self.assertEqual(len(found), 1, found)
        e = found[0]
        self.assertNotEqual(e["outcome"], "success")
        self.assertIn(name, repr(e))       # the username tried is recorded
        self.assertNotIn("guess-guess", repr(self.entries()))

    def test_user_creation_and_change_audited(self):
        u = self.make_user("analyst")
        self.admin.patch("/api/v1/users/%d" % u["id"], {"role": "national_officer"})
        entries = self.entries()
        created = [e for e in entries if e["action"] == "user.create"
                   and str(e.get("object_id")) == str(u["id"])]
        self.assertEqual(len(created), 1, created)
        self.assertEqual(created[0]["actor"], self.ADMIN)
        self.assertEqual(created[0]["outcome"], "success")
        updated = [e for e in entries if e["action"] == "user.update"
                   and str(e.get("object_id")) == str(u["id"])]
        self.assertEqual(len(updated), 1, updated)
        self.assertEqual(updated[0]["actor"], self.ADMIN)
        self.assertEqual(updated[0]["outcome"], "success")
        self.assertGreater(updated[0]["seq"], created[0]["seq"])

    def test_password_change_audited_without_the_password(self):
        u = self.make_user("analyst")
        secret = "secret-" + secrets.token_hex(8)
        r = self.admin.patch("/api/v1/users/%d" % u["id"], {"password": secret})
        self.assertEqual(r.status, 200, r)
        r = self.admin.get("/api/v1/audit?limit=500")
        self.assertNotIn(secret.encode(), r.body)
        found = [e for e in r.json()["items"] if e["action"] == "user.update"
                 and str(e.get("object_id")) == str(u["id"])]
        self.assertEqual(len(found), 1)

    def test_chain_intact_after_concurrent_writes(self):
        statuses = []

        def work(i):
            c = self.client()
            for j in range(6):
                r = c.post("/api/v1/auth/login", {"username": "crowd%d.%d" % (i, j),
                                                  "password": "x" * 12})
                statuses.append(r.status)
            for j in range(2):
                r = self.admin.post("/api/v1/organisations",
                                    {"name": "Org %d %d %s" % (i, j, secrets.token_hex(3)),
                                     "kind": "association"})
                statuses.append(r.status)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(sorted(set(statuses)), [201, 401], statuses)
        r = self.admin.get("/api/v1/audit/verify")
        self.assertIs(r.json()["intact"], True, r.json())
        entries = self.entries()
        seqs = sorted(e["seq"] for e in entries)
        self.assertEqual(seqs, list(range(1, len(seqs) + 1)))

    def test_cli_user_creation_audited(self):
        name = unique("cli.")
        p = add_user(self.server.url, name, "analyst")
        m = re.search(r"id (\d+)", p.stdout)
        entries = self.entries()
        found = [e for e in entries if e["action"] == "user.create" and e["actor"] == "cli"]
        self.assertTrue(found, entries[:5])
        if m:
            self.assertIn(m.group(1), [str(e.get("object_id")) for e in found])

    def test_newest_first_and_paging(self):
        for _ in range(3):
            self.client().post("/api/v1/auth/login", {"username": unique("x."), "password": "y" * 10})
        everything = self.entries()
        seqs = [e["seq"] for e in everything]
        self.assertEqual(seqs, sorted(seqs, reverse=True))
        self.assertEqual(len(seqs), len(set(seqs)))
        paged, after = [], None
        while True:
            r = self.admin.get("/api/v1/audit?limit=2" + ("&after=" + after if after else ""))
            self.assertEqual(r.status, 200, r)
            doc = r.json()
            self.assertLessEqual(len(doc["items"]), 2)
            paged += [e["seq"] for e in doc["items"]]
            after = doc["next"]
            if after is None:
                break
            self.assertIsInstance(after, str)
        self.assertEqual(paged[:len(seqs)], seqs[:len(paged)])
        self.assertGreaterEqual(len(paged), len(seqs))
        self.assertEqual(len(paged), len(set(paged)))

    def test_verify_intact(self):
        r = self.admin.get("/api/v1/audit/verify")
        self.assertEqual(r.status, 200, r)
        doc = r.json()
        self.assertIs(doc["intact"], True)
        count = len(self.entries())
        self.assertGreaterEqual(doc["entries"], 1)
        p, n = self.server.audit_verify()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIsNotNone(n, "no entry count in: %r" % p.stdout)
        self.assertGreaterEqual(n, count)
        self.assertLessEqual(n, count + 2)

    def test_only_admins(self):
        _, c = self.signed_in("analyst")
        self.assertError(c.get("/api/v1/audit"), 403, "forbidden")
        self.assertError(c.get("/api/v1/audit/verify"), 403, "forbidden")
        self.assertError(self.client().get("/api/v1/audit"), 401, "unauthenticated")
        self.assertError(self.client().get("/api/v1/audit/verify"), 401, "unauthenticated")


@unittest.skipUnless(is_sqlite(), "edits the SQLite file directly")
class AuditTamperTest(unittest.TestCase):
    """Each test on its own database: tampering breaks the chain for good."""

    def setUp(self):
        self.server = Server(args=["--rate-limit", "0"])
        self.addCleanup(self.server.stop)
        add_user(self.server.url, "tamper.admin", "admin")
        for i in range(3):
            add_user(self.server.url, "tamper.user%d" % i, "analyst")
        self.server.start()
        self.admin = self.server.client()
        self.admin.login("tamper.admin")
        self.admin.post("/api/v1/auth/login", {"username": "nobody", "password": "x" * 10})
        p = self.verify()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.count = int(re.search(r"(\d+) entr", p.stdout).group(1))
        self.assertGreaterEqual(self.count, 6)

    def verify(self):
        return run_cli(["audit", "verify"], db_url=self.server.url)

    def sql(self, statement, params=()):
        db = sqlite3.connect(self.server.db.path, timeout=10)
        try:
            db.execute(statement, params)
            db.commit()
        finally:
            db.close()

    def assertBrokenAt(self, seq):
        p = self.verify()
        self.assertEqual(p.returncode, 1, (p.stdout, p.stderr))
        lines = p.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, p.stderr)
        self.assertRegex(lines[0], r"(?<!\d)%d(?!\d)" % seq)
        r = self.admin.get("/api/v1/audit/verify")
        self.assertEqual(r.status, 200, r)
        self.assertIs(r.json()["intact"], False)
        self.assertEqual(r.json().get("first_broken_seq"), seq)

    def test_changed_actor_detected(self):
        self.sql("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3")
        self.assertBrokenAt(3)

    def test_changed_outcome_detected(self):
        last = self.count
        self.sql("UPDATE audit_log SET outcome = 'success' WHERE seq = ?", (last,))
        self.assertBrokenAt(last)

    def test_deleted_last_entry_detected(self):
        self.sql("DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)")
        self.assertBrokenAt(self.count)

    def test_deleted_middle_entry_detected(self):
        self.sql("DELETE FROM audit_log WHERE seq = 2")
        self.assertBrokenAt(3)
