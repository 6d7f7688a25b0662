# Several `sanad serve` processes on one PostgreSQL database (PostgreSQL backend
# only): a session opened on one instance is accepted by the other, with its CSRF
# token, and a logout on one ends it on both.
import secrets
import threading
import unittest

from harness import Database, Server, add_user, is_postgres


@unittest.skipUnless(is_postgres(), "needs the PostgreSQL backend")
class MultiInstanceTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.db = Database()
        try:
            add_user(cls.db.url, "multi.admin", "admin")
            cls.a = Server(db=cls.db, args=["--rate-limit", "0"]).start()
            cls.b = Server(db=cls.db, args=["--rate-limit", "0"]).start()
        except BaseException:
            for name in ("a", "b"):
                if hasattr(cls, name):
                    getattr(cls, name).stop(drop=False)
            cls.db.drop()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            cls.a.stop(drop=False)
        finally:
            try:
                cls.b.stop(drop=False)
            finally:
                cls.db.drop()

    def on(self, server, source):
        """A client of `server` carrying the session of client `source`."""
        c = server.client()
        c.cookies = dict(source.cookies)
        c.csrf = source.csrf
        return c

    def test_session_shared_between_instances(self):
        self.assertNotEqual(self.a.port, self.b.port)
        on_a = self.a.client()
        on_a.login("multi.admin")
        on_b = self.on(self.b, on_a)
        r = on_b.get("/api/v1/auth/me")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["user"]["username"], "multi.admin")
        # An unsafe request with the CSRF token given by the other instance.
        name = "Centre " + secrets.token_hex(4)
        r = on_b.post("/api/v1/organisations", {"name": name, "kind": "centre"})
        self.assertEqual(r.status, 201, r)
        # Without it, refused there too.
        r = on_b.post("/api/v1/organisations", {"name": name + "x", "kind": "centre"}, csrf=False)
        self.assertEqual(r.status, 403, r)
        # What one instance wrote, the other reads.
        names = [o["name"] for o in on_a.get("/api/v1/organisations").json()["items"]]
        self.assertIn(name, names)

    def test_logout_on_one_ends_session_on_both(self):
        on_a = self.a.client()
        on_a.login("multi.admin")
        on_b = self.on(self.b, on_a)
        self.assertEqual(on_b.get("/api/v1/auth/me").status, 200)
        self.assertEqual(on_b.post("/api/v1/auth/logout").status, 200)
        self.assertEqual(on_a.get("/api/v1/auth/me").status, 401)
        self.assertEqual(self.on(self.b, on_a).get("/api/v1/auth/me").status, 401)

    def test_users_created_on_one_sign_in_on_the_other(self):
        admin = self.a.client()
        admin.login("multi.admin")
        name = "multi." + secrets.token_hex(4)
        r = admin.post("/api/v1/users", {"username": name, "password": "another-password",
                                         "role": "analyst"})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(self.b.client().login(name, "another-password").status, 200)

    def test_login_throttle_shared(self):
        name = "ghost." + secrets.token_hex(4)
        for i in range(5):
            server = (self.a, self.b)[i % 2]
            r = server.client().post("/api/v1/auth/login", {"username": name, "password": "x" * 12})
            self.assertEqual(r.status, 401, r)
        r = self.a.client().post("/api/v1/auth/login", {"username": name, "password": "x" * 12})
        self.assertEqual(r.status, 429, r)
        r = self.b.client().post("/api/v1/auth/login", {"username": name, "password": "x" * 12})
        self.assertEqual(r.status, 429, r)

    def test_audit_chain_intact_after_concurrent_writes(self):
        errors = []

        def hammer(server):
            for _ in range(10):
                r = server.client().post("/api/v1/auth/login",
                                         {"username": "nobody." + secrets.token_hex(3),
                                          "password": "x" * 12})
                if r.status != 401:
                    errors.append(r)

        threads = [threading.Thread(target=hammer, args=(s,)) for s in (self.a, self.b, self.a, self.b)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        self.assertEqual(errors, [])
        admin = self.b.client()
        admin.login("multi.admin")
        r = admin.get("/api/v1/audit/verify")
        self.assertEqual(r.status, 200, r)
        self.assertIs(r.json()["intact"], True, r.json())
