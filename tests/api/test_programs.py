# Programmes under /api/v1/programs: the public list shows only programmes open to
# registration, without targets, while staff see every programme with its targets;
# creation (201, the API.md example) with validation of every field (code of 2–16
# A-Z 0-9, names, dates, ends_on not before starts_on, eligibility rules: unknown
# key named "eligibility.<key>", age_min above age_max, unknown region or sex) and
# 409 on a duplicate code; reading one; PATCH (the code cannot change); PUT targets
# (replaces the list; duplicate region, negative or unknown → 422); and who may:
# admin and national_officer write, regional_coordinator and analyst get 403 on
# writes, anonymous 401.
from harness import ServerTestCase, unique

API_EXAMPLE = {"code": "JISR", "name_fr": "Programme Jisr pour l'autonomisation et le leadership",
               "name_ar": "برنامج جسر للتمكين والريادة", "starts_on": "2024-01-01",
               "ends_on": "2026-12-31", "registration_open": True,
               "eligibility": {"age_min": 18, "age_max": 45, "sexes": ["F"], "regions": []}}

_codes = iter(range(1000, 100000))


def new_code(prefix="P"):
    return "%s%d" % (prefix, next(_codes))


class ProgramsTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        try:
            cls.officer = cls.signed_in_as("national_officer")
            cls.coordinator = cls.signed_in_as("regional_coordinator", region="MA-09")
            cls.analyst = cls.signed_in_as("analyst")
        except BaseException:
            cls.server.stop()
            raise

    @classmethod
    def signed_in_as(cls, role, **fields):
        body = {"username": unique(role[:5] + "."), "password": "correct-horse-battery",
                "role": role}
        body.update(fields)
        r = cls.admin.post("/api/v1/users", body)
        assert r.status == 201, r
        c = cls.server.client()
        c.login(body["username"])
        return c

    def body(self, **changes):
        b = dict(API_EXAMPLE, code=new_code())
        b["eligibility"] = dict(API_EXAMPLE["eligibility"])
        for k, v in changes.items():
            if v is None:
                b.pop(k, None)
            else:
                b[k] = v
        return b

    def create(self, client=None, **changes):
        b = self.body(**changes)
        r = (client or self.admin).post("/api/v1/programs", b)
        self.assertEqual(r.status, 201, r)
        return r.json()

    def get(self, code, client=None):
        return (client or self.admin).get("/api/v1/programs/" + code)

    def put_targets(self, code, targets, client=None):
        return (client or self.admin).request("PUT", "/api/v1/programs/%s/targets" % code,
                                              body={"targets": targets})

    # -- create and read ---------------------------------------------------------

    def test_create_api_example(self):
        r = self.admin.post("/api/v1/programs", API_EXAMPLE)
        self.assertEqual(r.status, 201, r)
        p = r.json()
        for k, v in API_EXAMPLE.items():
            self.assertEqual(p[k], v, k)
        self.assertEqual(p["targets"], [])
        self.assertEqual(r.header("Location"), "/api/v1/programs/JISR")
        g = self.get("JISR")
        self.assertEqual(g.status, 200, g)
        self.assertEqual(g.json(), p)
        # A duplicate code.
        err = self.assertError(self.admin.post("/api/v1/programs", dict(API_EXAMPLE,
                                                                         name_fr="Autre")),
                               409, field="code")
        self.assertIn(err["code"], ("duplicate", "conflict"))
        self.assertEqual(self.get("JISR").json()["name_fr"], API_EXAMPLE["name_fr"])

    def test_create_minimal(self):
        code = new_code()
        r = self.admin.post("/api/v1/programs", {"code": code, "name_fr": "Minimal",
                                                 "name_ar": "أدنى"})
        self.assertEqual(r.status, 201, r)
        p = r.json()
        self.assertEqual(p["code"], code)
        self.assertIsInstance(p["registration_open"], bool)
        self.assertEqual(self.get(code).status, 200)

    def test_code_bounds(self):
        for code in ("AB", "A" * 16, "Z9", "2024", "JISR2"):
            with self.subTest(code=code):
                r = self.admin.post("/api/v1/programs", self.body(code=code))
                self.assertEqual(r.status, 201, r)
                self.assertEqual(r.json()["code"], code)

    def test_eligibility_read_back(self):
        rules = {"age_min": 16, "age_max": 30, "sexes": ["M", "F"],
                 "regions": ["MA-09", "MA-01"], "required_fields": ["education"]}
        p = self.create(eligibility=rules)
        got = self.get(p["code"]).json()["eligibility"]
        self.assertEqual(got["age_min"], 16)
        self.assertEqual(got["age_max"], 30)
        self.assertEqual(sorted(got["sexes"]), ["F", "M"])
        self.assertEqual(sorted(got["regions"]), ["MA-01", "MA-09"])
        self.assertEqual(got["required_fields"], ["education"])
        p = self.create(eligibility={})
        self.assertEqual(self.get(p["code"]).json()["eligibility"], {})

    def test_create_validation(self):
        cases = [
            ("code missing", {"code": None}, "code"),
            ("code empty", {"code": ""}, "code"),
            ("code of one letter", {"code": "J"}, "code"),
            ("code of 17", {"code": "A" * 17}, "code"),
            ("code lower case", {"code": "jisr"}, "code"),
            ("code with a hyphen", {"code": "JI-SR"}, "code"),
            ("code with a space", {"code": "JI SR"}, "code"),
            ("code with an accent", {"code": "JÉSR"}, "code"),
            ("code Arabic", {"code": "جسر"}, "code"),
            ("code number", {"code": 1234}, "code"),
            ("code SQL", {"code": "X';DROP--"}, "code"),
            ("name_fr missing", {"name_fr": None}, "name_fr"),
            ("name_fr empty", {"name_fr": ""}, "name_fr"),
            ("name_ar missing", {"name_ar": None}, "name_ar"),
            ("name_ar number", {"name_ar": 5}, "name_ar"),
            ("name_fr too long", {"name_fr": "n" * 5000}, "name_fr"),
            ("name_fr control", {"name_fr": "Jisr\u0007"}, "name_fr"),
            ("starts_on 30 February", {"starts_on": "2023-02-30"}, "starts_on"),
            ("starts_on month 13", {"starts_on": "2023-13-01"}, "starts_on"),
            ("ends_on French order", {"ends_on": "31/12/2026"}, "ends_on"),
            ("ends_on number", {"ends_on": 20261231}, "ends_on"),
            ("ends_on before starts_on", {"starts_on": "2025-01-01", "ends_on": "2024-12-31"},
             "ends_on"),
            ("registration_open text", {"registration_open": "yes"}, "registration_open"),
            ("eligibility unknown key", {"eligibility": {"age_minimum": 18}},
             "eligibility.age_minimum"),
            ("eligibility unknown key among good ones",
             {"eligibility": {"age_min": 18, "income_max": 1000}}, "eligibility.income_max"),
            ("eligibility not an object", {"eligibility": [18, 45]}, "eligibility"),
            ("age_min above age_max", {"eligibility": {"age_min": 50, "age_max": 20}},
             ("eligibility.age_min", "eligibility.age_max")),
            ("age_min negative", {"eligibility": {"age_min": -1}}, "eligibility.age_min"),
            ("age_max 200", {"eligibility": {"age_max": 200}}, "eligibility.age_max"),
            ("age_min text", {"eligibility": {"age_min": "18"}}, "eligibility.age_min"),
            ("age_max fraction", {"eligibility": {"age_max": 45.5}}, "eligibility.age_max"),
            ("unknown region", {"eligibility": {"regions": ["MA-13"]}}, "eligibility.regions"),
            ("region lower case", {"eligibility": {"regions": ["ma-09"]}}, "eligibility.regions"),
            ("region twice", {"eligibility": {"regions": ["MA-09", "MA-09"]}},
             "eligibility.regions"),
            ("regions not a list", {"eligibility": {"regions": "MA-09"}}, "eligibility.regions"),
            ("unknown sex", {"eligibility": {"sexes": ["X"]}}, "eligibility.sexes"),
            ("unknown required field", {"eligibility": {"required_fields": ["salary"]}},
             "eligibility.required_fields"),
            ("unknown top-level field", {"budget": 1000}, "budget"),
        ]
        for label, change, field in cases:
            with self.subTest(label):
                b = self.body(**{k: v for k, v in change.items() if v is not None})
                for k, v in change.items():
                    if v is None:
                        b.pop(k)
                r = self.admin.post("/api/v1/programs", b)
                err = self.assertError(r, 422, "validation_failed")
                names = [f.get("field") for f in err.get("fields", [])]
                fields = field if isinstance(field, tuple) else (field,)
                self.assertTrue(set(names) & set(fields), (label, err))
                # Nothing was created.
                if isinstance(b.get("code"), str) and b["code"].isascii() and b["code"].isalnum():
                    self.assertEqual(self.get(b["code"]).status, 404, label)
        self.assertNotIn("JÉSR", [p["code"] for p in self.programmes(self.admin)])

    def test_unknown_eligibility_key_named(self):
        r = self.admin.post("/api/v1/programs", self.body(eligibility={"agemax": 45}))
        err = self.assertError(r, 422, "validation_failed", "eligibility.agemax")
        self.assertEqual([f["code"] for f in err["fields"] if f["field"] == "eligibility.agemax"],
                         ["unknown_field"])

    # -- lists ---------------------------------------------------------------------

    def programmes(self, client):
        r = client.get("/api/v1/programs")
        self.assertEqual(r.status, 200, r)
        doc = r.json()
        self.assertIsInstance(doc["items"], list)
        self.assertIn("next", doc)
        return doc["items"]

    def test_public_list_only_open_without_targets(self):
        open_ = self.create(registration_open=True)
        closed = self.create(registration_open=False)
        self.assertEqual(self.put_targets(open_["code"], [{"region": "MA-09",
                                                           "beneficiaries": 3000}]).status, 200)
        public = {p["code"]: p for p in self.programmes(self.client())}
        self.assertIn(open_["code"], public)
        self.assertNotIn(closed["code"], public)
        self.assertTrue(all(p["registration_open"] is True for p in public.values()), public)
        for p in public.values():
            self.assertNotIn("targets", p)
        self.assertEqual(public[open_["code"]]["name_ar"], API_EXAMPLE["name_ar"])
        # Closing it takes it off the public list.
        self.assertEqual(self.admin.patch("/api/v1/programs/" + open_["code"],
                                          {"registration_open": False}).status, 200)
        self.assertNotIn(open_["code"], [p["code"] for p in self.programmes(self.client())])

    def test_staff_list_all_with_targets(self):
        open_ = self.create(registration_open=True)
        closed = self.create(registration_open=False)
        self.put_targets(closed["code"], [{"region": "MA-06", "beneficiaries": 12}])
        for name, c in (("admin", self.admin), ("national_officer", self.officer),
                        ("regional_coordinator", self.coordinator)):
            with self.subTest(role=name):
                items = {p["code"]: p for p in self.programmes(c)}
                self.assertIn(open_["code"], items)
                self.assertIn(closed["code"], items)
                self.assertEqual(items[closed["code"]]["targets"],
                                 [{"region": "MA-06", "beneficiaries": 12}])
                self.assertEqual(items[open_["code"]]["targets"], [])
                self.assertIs(items[closed["code"]]["registration_open"], False)

    def test_get_one(self):
        p = self.create(registration_open=False)
        for c in (self.admin, self.officer, self.coordinator):
            r = self.get(p["code"], c)
            self.assertEqual(r.status, 200, r)
            self.assertEqual(r.json()["code"], p["code"])
            self.assertIn("targets", r.json())
        self.assertError(self.get("NOSUCH1"), 404, "not_found")
        self.assertError(self.get(p["code"].lower()), 404, "not_found")
        self.assertError(self.client().get("/api/v1/programs/" + p["code"]), 401,
                         "unauthenticated")

    # -- change ----------------------------------------------------------------------

    def test_patch(self):
        p = self.create()
        path = "/api/v1/programs/" + p["code"]
        change = {"name_fr": "Nouveau nom", "name_ar": "اسم جديد", "starts_on": "2025-01-01",
                  "ends_on": "2027-06-30", "registration_open": False,
                  "eligibility": {"age_min": 20, "sexes": ["F", "M"]}}
        r = self.admin.patch(path, change)
        self.assertEqual(r.status, 200, r)
        got = self.get(p["code"]).json()
        for k in ("name_fr", "name_ar", "starts_on", "ends_on", "registration_open"):
            self.assertEqual(got[k], change[k], k)
            self.assertEqual(r.json()[k], change[k], k)
        self.assertEqual(got["eligibility"]["age_min"], 20)
        self.assertEqual(sorted(got["eligibility"]["sexes"]), ["F", "M"])
        self.assertNotIn("age_max", got["eligibility"])
        # One field alone leaves the others.
        r = self.admin.patch(path, {"name_fr": "Encore"})
        self.assertEqual(r.status, 200, r)
        got = self.get(p["code"]).json()
        self.assertEqual(got["name_fr"], "Encore")
        self.assertEqual(got["name_ar"], "اسم جديد")
        self.assertEqual(got["ends_on"], "2027-06-30")
        self.assertEqual(got["eligibility"]["age_min"], 20)

    def test_patch_refusals(self):
        p = self.create()
        path = "/api/v1/programs/" + p["code"]
        for label, body, field in [
            ("code change", {"code": "OTHER1"}, "code"),
            ("same code", {"code": p["code"]}, "code"),
            ("bad date", {"starts_on": "2023-02-30"}, "starts_on"),
            ("ends before the stored start", {"ends_on": "2023-12-31"}, "ends_on"),
            ("name emptied", {"name_fr": ""}, "name_fr"),
            ("unknown eligibility key", {"eligibility": {"wealth": 1}}, "eligibility.wealth"),
            ("age_min above age_max", {"eligibility": {"age_min": 46, "age_max": 45}},
             ("eligibility.age_min", "eligibility.age_max")),
            ("unknown region", {"eligibility": {"regions": ["MA-00"]}}, "eligibility.regions"),
            ("registration_open text", {"registration_open": "false"}, "registration_open"),
            ("unknown field", {"targets": []}, "targets"),
        ]:
            with self.subTest(label):
                err = self.assertError(self.admin.patch(path, body), 422, "validation_failed")
                fields = field if isinstance(field, tuple) else (field,)
                self.assertTrue({f["field"] for f in err["fields"]} & set(fields), err)
        after = self.get(p["code"]).json()
        self.assertEqual(after["code"], p["code"])
        self.assertEqual(after["starts_on"], p["starts_on"])
        self.assertEqual(after["eligibility"], p["eligibility"])
        self.assertEqual(self.get("OTHER1").status, 404)
        self.assertError(self.admin.patch("/api/v1/programs/NOSUCH2", {"name_fr": "x"}), 404,
                         "not_found")

    # -- targets ---------------------------------------------------------------------

    def test_put_targets_replaces_the_list(self):
        p = self.create()
        first = [{"region": "MA-09", "beneficiaries": 3000}, {"region": "MA-06",
                                                              "beneficiaries": 2500}]
        r = self.put_targets(p["code"], first)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(sorted(r.json()["targets"], key=lambda t: t["region"]),
                         sorted(first, key=lambda t: t["region"]))
        second = [{"region": "MA-01", "beneficiaries": 0}]
        r = self.put_targets(p["code"], second)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(self.get(p["code"]).json()["targets"], second)
        # All twelve regions, 3000 each (36,000 nationally).
        every = [{"region": "MA-%02d" % i, "beneficiaries": 3000} for i in range(1, 13)]
        self.assertEqual(self.put_targets(p["code"], every).status, 200)
        got = self.get(p["code"]).json()["targets"]
        self.assertEqual(len(got), 12)
        self.assertEqual(sum(t["beneficiaries"] for t in got), 36000)
        self.assertEqual(self.put_targets(p["code"], []).status, 200)
        self.assertEqual(self.get(p["code"]).json()["targets"], [])

    def test_put_targets_refusals(self):
        p = self.create()
        good = [{"region": "MA-09", "beneficiaries": 10}]
        self.assertEqual(self.put_targets(p["code"], good).status, 200)
        for label, targets in [
            ("duplicate region", [{"region": "MA-09", "beneficiaries": 1},
                                  {"region": "MA-09", "beneficiaries": 2}]),
            ("negative", [{"region": "MA-09", "beneficiaries": -1}]),
            ("fraction", [{"region": "MA-09", "beneficiaries": 1.5}]),
            ("text number", [{"region": "MA-09", "beneficiaries": "10"}]),
            ("missing number", [{"region": "MA-09"}]),
            ("unknown region", [{"region": "MA-13", "beneficiaries": 1}]),
            ("missing region", [{"beneficiaries": 1}]),
            ("unknown member", [{"region": "MA-09", "beneficiaries": 1, "budget": 5}]),
            ("not an object", ["MA-09"]),
            ("not a list", {"MA-09": 1}),
            ("null", None),
        ]:
            with self.subTest(label):
                r = self.put_targets(p["code"], targets)
                self.assertError(r, 422, "validation_failed")
                self.assertEqual(self.get(p["code"]).json()["targets"], good)
        r = self.admin.request("PUT", "/api/v1/programs/%s/targets" % p["code"], body={})
        self.assertError(r, 422, "validation_failed", "targets")
        self.assertError(self.put_targets("NOSUCH3", good), 404, "not_found")

    # -- who may ---------------------------------------------------------------------

    def test_national_officer_writes(self):
        p = self.create(client=self.officer)
        r = self.officer.patch("/api/v1/programs/" + p["code"], {"name_fr": "Par l'officier"})
        self.assertEqual(r.status, 200, r)
        r = self.put_targets(p["code"], [{"region": "MA-02", "beneficiaries": 5}], self.officer)
        self.assertEqual(r.status, 200, r)

    def test_refusals_by_role(self):
        p = self.create()
        path = "/api/v1/programs/" + p["code"]
        for name, c, status, code in (("regional_coordinator", self.coordinator, 403, "forbidden"),
                                      ("analyst", self.analyst, 403, "forbidden"),
                                      ("anonymous", self.client(), 401, "unauthenticated")):
            with self.subTest(role=name):
                b = self.body()
                self.assertError(c.post("/api/v1/programs", b), status, code)
                self.assertEqual(self.get(b["code"]).status, 404)
                self.assertError(c.patch(path, {"name_fr": "Pirate"}), status, code)
                self.assertError(self.put_targets(p["code"], [{"region": "MA-09",
                                                               "beneficiaries": 1}], c),
                                 status, code)
        after = self.get(p["code"]).json()
        self.assertEqual(after["name_fr"], p["name_fr"])
        self.assertEqual(after["targets"], [])
