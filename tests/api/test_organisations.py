# Organisations under /api/v1/organisations: creation of each kind (ministry,
# regional_office, centre, partner_agency, association), duplicate names (409),
# bad kinds and fields (422), who may create them, and accounts of organisation
# scope (centre_manager, centre_worker, partner_agent) that need an organisation.
import secrets

from harness import DEFAULT_PASSWORD, ServerTestCase, unique

KINDS = ["ministry", "regional_office", "centre", "partner_agency", "association"]


class OrganisationsTest(ServerTestCase):

    def make_org(self, kind="centre", **fields):
        body = {"name": "Organisation %s %s" % (kind, secrets.token_hex(4)), "kind": kind}
        body.update(fields)
        r = self.admin.post("/api/v1/organisations", body)
        self.assertEqual(r.status, 201, r)
        return r.json()

    def test_create_each_kind(self):
        for kind in KINDS:
            with self.subTest(kind=kind):
                name = "Établissement « %s » مركز %s" % (kind, secrets.token_hex(3))
                r = self.admin.post("/api/v1/organisations", {"name": name, "kind": kind})
                self.assertEqual(r.status, 201, r)
                o = r.json()
                self.assertIsInstance(o["id"], int)
                self.assertEqual(o["name"], name)
                self.assertEqual(o["kind"], kind)

    def test_create_with_region(self):
        o = self.make_org("regional_office", region="MA-09")
        self.assertEqual(o["region"], "MA-09")

    def test_listed(self):
        o = self.make_org("association")
        r = self.admin.get("/api/v1/organisations")
        self.assertEqual(r.status, 200, r)
        items = r.json()["items"]
        self.assertIn(o["id"], [x["id"] for x in items])
        mine = next(x for x in items if x["id"] == o["id"])
        self.assertEqual(mine["name"], o["name"])
        self.assertEqual(mine["kind"], "association")

    def test_duplicate_name(self):
        o = self.make_org("centre")
        r = self.admin.post("/api/v1/organisations", {"name": o["name"], "kind": "association"})
        err = self.assertError(r, 409, field="name")
        self.assertIn(err["code"], ("duplicate", "conflict"))

    def test_validation(self):
        for label, body, field in [
            ("bad kind", {"name": "X " + secrets.token_hex(4), "kind": "company"}, "kind"),
            ("kind missing", {"name": "X " + secrets.token_hex(4)}, "kind"),
            ("kind not a string", {"name": "X " + secrets.token_hex(4), "kind": 3}, "kind"),
            ("name missing", {"kind": "centre"}, "name"),
            ("name empty", {"name": "", "kind": "centre"}, "name"),
            ("name not a string", {"name": 42, "kind": "centre"}, "name"),
            ("bad region", {"name": "X " + secrets.token_hex(4), "kind": "centre",
                            "region": "MA-99"}, "region"),
            ("unknown field", {"name": "X " + secrets.token_hex(4), "kind": "centre",
                               "budget": 1000}, "budget"),
        ]:
            with self.subTest(label):
                self.assertError(self.admin.post("/api/v1/organisations", body), 422,
                                 "validation_failed", field)

    def test_only_admins_create(self):
        _, c = self.signed_in("national_officer")
        r = c.post("/api/v1/organisations", {"name": "Y " + secrets.token_hex(4), "kind": "centre"})
        self.assertError(r, 403, "forbidden")
        r = self.client().post("/api/v1/organisations",
                               {"name": "Y " + secrets.token_hex(4), "kind": "centre"})
        self.assertError(r, 401, "unauthenticated")

    def test_organisation_scoped_roles_need_an_organisation(self):
        for role in ("centre_worker", "centre_manager", "partner_agent"):
            with self.subTest(role=role):
                body = {"username": unique("org."), "password": DEFAULT_PASSWORD, "role": role}
                r = self.admin.post("/api/v1/users", body)
                self.assertError(r, 422, "validation_failed", "organisation")
                r = self.admin.post("/api/v1/users", dict(body, organisation=None))
                self.assertError(r, 422, "validation_failed", "organisation")

    def test_centre_worker_with_organisation(self):
        o = self.make_org("centre")
        u = self.make_user("centre_worker", organisation=o["id"])
        self.assertEqual(u["organisation"], o["id"])
        self.assertEqual(u["role"], "centre_worker")
        c = self.client()
        c.login(u["username"])
        me = c.get("/api/v1/auth/me").json()["user"]
        self.assertEqual(me["organisation"], o["id"])

    def test_organisation_via_cli(self):
        o = self.make_org("partner_agency")
        name = unique("agent.")
        p = self.server.cli(["user", "add", "--username", name, "--role", "partner_agent",
                             "--org", str(o["id"]), "--password-stdin"],
                            input=DEFAULT_PASSWORD + "\n")
        self.assertEqual(p.returncode, 0, p.stderr)
        p = self.server.cli(["user", "add", "--username", unique("agent."), "--role",
                             "partner_agent", "--password-stdin"], input=DEFAULT_PASSWORD + "\n")
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertEqual(len(p.stderr.strip().splitlines()), 1, p.stderr)
        c = self.client()
        c.login(name)
        self.assertEqual(c.get("/api/v1/auth/me").json()["user"]["organisation"], o["id"])
