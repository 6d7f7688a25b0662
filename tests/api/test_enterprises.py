# Enterprises created by beneficiaries through the API: creation (and the move of
# an incubated application to enterprise_created it causes, with history and
# audit), validation, list with filters and paging, audited reads, follow-ups at 6,
# 12 and 24 months (none before its milestone date, month ends included, one per
# milestone), the regional scope of coordinators, and the survival report checked
# against figures worked out by hand.
import datetime
import threading

from harness import ServerTestCase
from test_trainings import audit_of, beneficiary, iso, make_program, move_to, register, today

MILESTONES = (6, 12, 24)


def add_months(d, months):
    """The same day `months` later, clamped to the end of the month (written here
    independently of the server)."""
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    for day in range(d.day, 0, -1):
        try:
            return datetime.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("no day")


class EnterprisesTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program = make_program(cls.admin)

    def body(self, app_id, **over):
        b = {"application_id": app_id, "name": "Atelier Tifawin", "sector": "textile",
             "legal_form": "cooperative", "created_on": "2024-08-31", "jobs_created": 3,
             "description": "Couture et broderie"}
        b.update(over)
        return b

    def create(self, app_id=None, client=None, **over):
        if app_id is None:
            app_id = beneficiary(self.admin, self.program, "incubated")
        r = (client or self.admin).post("/api/v1/enterprises", self.body(app_id, **over))
        self.assertEqual(r.status, 201, r)
        return r.json()

    def status_of(self, app_id):
        return self.admin.get("/api/v1/applications/%d" % app_id).json()["status"]

    def followup(self, ent, milestone, on, active=True, client=None, **over):
        body = {"milestone": milestone, "followed_on": on, "still_active": active}
        if active:
            body.update({"jobs": 4, "revenue_band": "50k_200k"})
        body.update(over)
        return (client or self.admin).post("/api/v1/enterprises/%d/followups" % ent["id"], body)

    # --- creation -------------------------------------------------------------

    def test_create_moves_incubated_to_enterprise_created(self):
        app_id = beneficiary(self.admin, self.program, "incubated")
        r = self.admin.post("/api/v1/enterprises", self.body(app_id))
        self.assertEqual(r.status, 201, r)
        e = r.json()
        self.assertEqual(r.header("Location"), "/api/v1/enterprises/%d" % e["id"])
        for k, v in self.body(app_id).items():
            self.assertEqual(e[k], v, k)
        self.assertEqual((e["program"], e["region"], e["province"]),
                         (self.program, "MA-09", "Taroudant"))
        self.assertTrue(e["beneficiary"]["first_name"].startswith("Fatima"))
        self.assertRegex(e["reference"], r"^%s-MA-09-\d{6}$" % self.program)
        self.assertEqual(self.status_of(app_id), "enterprise_created")
        last = self.admin.get("/api/v1/applications/%d/history" % app_id).json()["items"][-1]
        self.assertEqual((last["from"], last["to"], last["actor"]),
                         ("incubated", "enterprise_created", self.ADMIN))
        actions = sorted(x["action"] for x in audit_of(self.admin, r))
        self.assertEqual(actions, ["application.transition", "enterprise.create"])
        # Milestones from 31 August 2024: the 6-month one is the end of February.
        self.assertEqual([(m["months"], m["due_on"], m["followup"]) for m in e["milestones"]],
                         [(6, "2025-02-28", None), (12, "2025-08-31", None),
                          (24, "2026-08-31", None)])

    def test_create_for_enterprise_created_application(self):
        app_id = beneficiary(self.admin, self.program, "enterprise_created")
        history = self.admin.get("/api/v1/applications/%d/history" % app_id).json()["items"]
        r = self.admin.post("/api/v1/enterprises", self.body(app_id))
        self.assertEqual(r.status, 201, r)
        after = self.admin.get("/api/v1/applications/%d/history" % app_id).json()["items"]
        self.assertEqual(len(after), len(history))
        self.assertEqual([x["action"] for x in audit_of(self.admin, r)], ["enterprise.create"])
        # One enterprise per application.
        r = self.admin.post("/api/v1/enterprises", self.body(app_id, name="Autre"))
        self.assertError(r, 409, "duplicate", "application_id", "duplicate")

    def test_concurrent_creation_for_one_application(self):
        app_id = beneficiary(self.admin, self.program, "incubated")
        token = self.server.create_token(self.ADMIN)
        results = []

        def go(i):
            c = self.client(bearer=token)
            results.append(c.post("/api/v1/enterprises",
                                  self.body(app_id, name="Essai %d" % i)).status)

        threads = [threading.Thread(target=go, args=(i,)) for i in range(6)]
        for th in threads:
            th.start()
        for th in threads:
            th.join(30)
        self.assertEqual(sorted(results), [201] + [409] * 5, results)
        history = self.admin.get("/api/v1/applications/%d/history" % app_id).json()["items"]
        self.assertEqual([h["to"] for h in history].count("enterprise_created"), 1)

    def test_create_refused_in_other_states(self):
        for state in ("accepted", "in_training"):
            with self.subTest(state=state):
                app_id = beneficiary(self.admin, self.program, state)
                r = self.admin.post("/api/v1/enterprises", self.body(app_id))
                self.assertError(r, 409, "invalid_transition")
                self.assertEqual(self.status_of(app_id), state)
        for missing in (99999999, 9223372036854775807):
            r = self.admin.post("/api/v1/enterprises", self.body(missing))
            self.assertError(r, 422, "validation_failed", "application_id", "not_found")

    def test_create_validation(self):
        app_id = beneficiary(self.admin, self.program, "incubated")
        r = self.admin.post("/api/v1/enterprises", {})
        err = self.assertError(r, 422, "validation_failed")
        fields = {f["field"]: f["code"] for f in err["fields"]}
        for name in ("application_id", "name", "sector", "legal_form", "created_on",
                     "jobs_created"):
            self.assertEqual(fields.get(name), "required", (name, fields))
        tomorrow = iso(today() + datetime.timedelta(days=1))
        cases = [({"sector": "fishing"}, "sector", "invalid_value"),
                 ({"sector": "TEXTILE"}, "sector", "invalid_value"),
                 ({"legal_form": "sa"}, "legal_form", "invalid_value"),
                 ({"legal_form": 3}, "legal_form", "invalid_type"),
                 ({"created_on": tomorrow}, "created_on", "out_of_range"),
                 ({"created_on": "2024-02-30"}, "created_on", "invalid_date"),
                 ({"jobs_created": -1}, "jobs_created", "out_of_range"),
                 ({"jobs_created": "3"}, "jobs_created", "invalid_type"),
                 ({"name": ""}, "name", "required"),
                 ({"name": "n" * 201}, "name", "too_long"),
                 ({"application_id": 0}, "application_id", "out_of_range"),
                 ({"revenue": 1}, "revenue", "unknown_field")]
        for over, field, code in cases:
            with self.subTest(field=field, code=code):
                r = self.admin.post("/api/v1/enterprises", self.body(app_id, **over))
                self.assertError(r, 422, "validation_failed", field, code)
        self.assertEqual(self.status_of(app_id), "incubated")   # nothing half-written
        for sector in ("agriculture", "agri_food", "crafts", "commerce", "services", "tourism",
                       "digital", "other"):
            self.assertEqual(self.admin.post("/api/v1/enterprises", self.body(
                beneficiary(self.admin, self.program, "incubated"), sector=sector)).status, 201)
        for form in ("auto_entrepreneur", "sarl", "sarl_au", "individual", "association",
                     "informal"):
            self.assertEqual(self.admin.post("/api/v1/enterprises", self.body(
                beneficiary(self.admin, self.program, "incubated"), legal_form=form)).status, 201)

    # --- reading and changing -------------------------------------------------

    def test_get_is_audited(self):
        e = self.create()
        r = self.admin.get("/api/v1/enterprises/%d" % e["id"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), e)
        entries = audit_of(self.admin, r)
        self.assertEqual([(x["action"], x["object_id"]) for x in entries],
                         [("enterprise.read", str(e["id"]))])
        self.assertError(self.admin.get("/api/v1/enterprises/99999999"), 404, "not_found")
        self.assertError(self.admin.get("/api/v1/enterprises/x"), 404, "not_found")

    def test_patch(self):
        e = self.create(created_on="2024-01-31")
        path = "/api/v1/enterprises/%d" % e["id"]
        r = self.admin.patch(path, {"name": "Tifawin SARL", "legal_form": "sarl",
                                    "jobs_created": 5})
        self.assertEqual(r.status, 200, r)
        u = r.json()
        self.assertEqual((u["name"], u["legal_form"], u["jobs_created"], u["sector"]),
                         ("Tifawin SARL", "sarl", 5, "textile"))
        self.assertEqual([x["action"] for x in audit_of(self.admin, r)], ["enterprise.update"])
        for body, field, code in (({"application_id": 3}, "application_id", "invalid_value"),
                                  ({"sector": "x"}, "sector", "invalid_value"),
                                  ({"created_on": None}, "created_on", "required"),
                                  ({"note": "x"}, "note", "unknown_field")):
            with self.subTest(field=field):
                self.assertError(self.admin.patch(path, body), 422, "validation_failed", field,
                                 code)
        # 6 months after 31 January 2024 is 31 July 2024: a follow-up on that day.
        self.assertEqual(self.followup(e, 6, "2024-07-31").status, 201)
        # Moving the creation date later would put it before its milestone.
        r = self.admin.patch(path, {"created_on": "2024-02-01"})
        self.assertError(r, 422, "validation_failed", "created_on", "milestone_not_reached")
        r = self.admin.patch(path, {"created_on": "2024-01-15"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["milestones"][0]["due_on"], "2024-07-15")

    def test_list_filters_and_paging(self):
        program = make_program(self.admin)
        made = []
        for i, sector in enumerate(("crafts", "crafts", "digital", "tourism", "crafts")):
            app_id = beneficiary(self.admin, program, "incubated")
            made.append(self.create(app_id, sector=sector, name="E%d" % i))
        far = beneficiary(self.admin, program, "incubated", "MA-01", "Tanger-Assilah")
        made.append(self.create(far, created_on=iso(today())))
        r = self.admin.get("/api/v1/enterprises?program=%s" % program)
        self.assertEqual(r.status, 200, r)
        self.assertEqual([x["id"] for x in r.json()["items"]], [x["id"] for x in reversed(made)])
        self.assertEqual([x["action"] for x in audit_of(self.admin, r)], ["enterprise.list"])
        r = self.admin.get("/api/v1/enterprises?program=%s&sector=crafts" % program)
        self.assertEqual([x["name"] for x in r.json()["items"]], ["E4", "E1", "E0"])
        r = self.admin.get("/api/v1/enterprises?program=%s&region=MA-01" % program)
        self.assertEqual([x["id"] for x in r.json()["items"]], [made[-1]["id"]])
        # Due for the 6-month follow-up and not followed up yet: not the one created today.
        self.assertEqual(self.followup(made[0], 6, "2025-03-01").status, 201)
        r = self.admin.get("/api/v1/enterprises?program=%s&followup_due=6" % program)
        self.assertEqual([x["id"] for x in r.json()["items"]],
                         [x["id"] for x in reversed(made[1:5])])
        seen, after = [], None
        for _ in range(10):
            path = "/api/v1/enterprises?program=%s&limit=4" % program
            if after:
                path += "&after=" + after
            doc = self.admin.get(path).json()
            seen += [x["id"] for x in doc["items"]]
            after = doc["next"]
            if after is None:
                break
        self.assertEqual(seen, [x["id"] for x in reversed(made)])
        r = self.admin.get("/api/v1/enterprises?program=%s&after=9223372036854775807" % program)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(len(r.json()["items"]), len(made))
        for q, field in (("program=NOPE", "program"), ("region=MA-00", "region"),
                         ("sector=fishing", "sector"), ("followup_due=7", "followup_due"),
                         ("followup_due=six", "followup_due"), ("limit=501", "limit"),
                         ("after=-1", "after")):
            with self.subTest(q=q):
                self.assertError(self.admin.get("/api/v1/enterprises?" + q), 422,
                                 "validation_failed", field)

    # --- follow-ups -----------------------------------------------------------

    def test_followups(self):
        e = self.create(created_on="2024-08-31")
        # 6 months after 31 August 2024 is 28 February 2025: not a day before.
        r = self.followup(e, 6, "2025-02-27")
        self.assertError(r, 422, "validation_failed", "followed_on", "milestone_not_reached")
        r = self.followup(e, 6, "2025-02-28", note="Visite sur place")
        self.assertEqual(r.status, 201, r)
        m6 = r.json()["milestones"][0]
        self.assertEqual((m6["months"], m6["due_on"]), (6, "2025-02-28"))
        f = m6["followup"]
        self.assertEqual((f["followed_on"], f["still_active"], f["jobs"], f["revenue_band"],
                          f["note"], f["recorded_by"]),
                         ("2025-02-28", True, 4, "50k_200k", "Visite sur place", self.ADMIN))
        self.assertEqual([x["action"] for x in audit_of(self.admin, r)], ["enterprise.followup"])
        # One per milestone.
        r = self.followup(e, 6, "2025-03-15")
        self.assertError(r, 409, "duplicate", "milestone", "duplicate")
        # A closed enterprise needs no jobs nor revenue band.
        r = self.followup(e, 12, "2025-09-01", active=False)
        self.assertEqual(r.status, 201, r)
        f12 = r.json()["milestones"][1]["followup"]
        self.assertEqual((f12["still_active"], f12["jobs"], f12["revenue_band"]),
                         (False, 0, "none"))
        # Correcting a follow-up.
        r = self.admin.patch("/api/v1/enterprises/%d/followups/12" % e["id"],
                             {"still_active": True, "jobs": 2, "revenue_band": "lt_50k"})
        self.assertEqual(r.status, 200, r)
        f12 = r.json()["milestones"][1]["followup"]
        self.assertEqual((f12["still_active"], f12["jobs"], f12["revenue_band"],
                          f12["followed_on"]), (True, 2, "lt_50k", "2025-09-01"))
        self.assertEqual([x["action"] for x in audit_of(self.admin, r)],
                         ["enterprise.followup.update"])
        r = self.admin.patch("/api/v1/enterprises/%d/followups/12" % e["id"],
                             {"followed_on": "2025-08-30"})
        self.assertError(r, 422, "validation_failed", "followed_on", "milestone_not_reached")
        for field in ("jobs", "revenue_band", "followed_on", "still_active"):
            r = self.admin.patch("/api/v1/enterprises/%d/followups/12" % e["id"], {field: None})
            self.assertError(r, 422, "validation_failed", field, "required")
        r = self.admin.patch("/api/v1/enterprises/%d/followups/24" % e["id"], {"jobs": 1})
        self.assertError(r, 404, "not_found")
        r = self.admin.patch("/api/v1/enterprises/%d/followups/7" % e["id"], {"jobs": 1})
        self.assertError(r, 404, "not_found")
        r = self.admin.patch("/api/v1/enterprises/%d/followups/6" % e["id"], {"milestone": 12})
        self.assertError(r, 422, "validation_failed", "milestone", "unknown_field")
        # The 24-month milestone (31 August 2026) is checked the same way.
        if today() >= datetime.date(2026, 8, 31):
            self.assertError(self.followup(e, 24, "2026-08-30"), 422, "validation_failed",
                             "followed_on", "milestone_not_reached")
            self.assertEqual(self.followup(e, 24, "2026-08-31").status, 201)
        detail = self.admin.get("/api/v1/enterprises/%d" % e["id"]).json()
        self.assertEqual(detail["milestones"][0]["followup"]["note"], "Visite sur place")

    def test_followup_validation(self):
        e = self.create(created_on="2023-01-10")
        tomorrow = iso(today() + datetime.timedelta(days=1))
        cases = [({"milestone": 7}, "milestone", "invalid_value"),
                 ({"milestone": "6"}, "milestone", "invalid_type"),
                 ({"milestone": None}, "milestone", "required"),
                 ({"followed_on": tomorrow}, "followed_on", "out_of_range"),
                 ({"followed_on": "2024-13-01"}, "followed_on", "invalid_date"),
                 ({"followed_on": None}, "followed_on", "required"),
                 ({"still_active": None}, "still_active", "required"),
                 ({"still_active": 1}, "still_active", "invalid_type"),
                 ({"jobs": None}, "jobs", "required"),
                 ({"jobs": -2}, "jobs", "out_of_range"),
                 ({"revenue_band": None}, "revenue_band", "required"),
                 ({"revenue_band": "1m"}, "revenue_band", "invalid_value"),
                 ({"revenue": "x"}, "revenue", "unknown_field")]
        for over, field, code in cases:
            with self.subTest(field=field, code=code):
                body = {"milestone": 6, "followed_on": "2024-01-01", "still_active": True,
                        "jobs": 1, "revenue_band": "none"}
                body.update(over)
                r = self.admin.post("/api/v1/enterprises/%d/followups" % e["id"], body)
                self.assertError(r, 422, "validation_failed", field, code)
        detail = self.admin.get("/api/v1/enterprises/%d" % e["id"]).json()
        self.assertEqual([m["followup"] for m in detail["milestones"]], [None, None, None])
        self.assertError(self.followup({"id": 99999999}, 6, "2024-01-01"), 404, "not_found")

    # --- who may do what ------------------------------------------------------

    def test_regional_scope(self):
        _, coord = self.signed_in("regional_coordinator", region="MA-09")
        mine = self.create(beneficiary(self.admin, self.program, "incubated"), client=coord)
        far_app = beneficiary(self.admin, self.program, "incubated", "MA-01", "Tanger-Assilah")
        r = coord.post("/api/v1/enterprises", self.body(far_app))
        self.assertError(r, 422, "validation_failed", "application_id", "not_found")
        self.assertEqual(self.status_of(far_app), "incubated")
        theirs = self.create(far_app)
        self.assertEqual(coord.get("/api/v1/enterprises/%d" % mine["id"]).status, 200)
        for method, path, body in (
                ("GET", "/api/v1/enterprises/%d" % theirs["id"], None),
                ("PATCH", "/api/v1/enterprises/%d" % theirs["id"], {"name": "x"}),
                ("POST", "/api/v1/enterprises/%d/followups" % theirs["id"],
                 {"milestone": 6, "followed_on": "2025-03-01", "still_active": False}),
                ("PATCH", "/api/v1/enterprises/%d/followups/6" % theirs["id"], {"jobs": 1})):
            with self.subTest(method=method, path=path):
                self.assertError(coord.request(method, path, body=body), 404, "not_found")
        ids = [x["id"] for x in coord.get("/api/v1/enterprises?limit=500").json()["items"]]
        self.assertIn(mine["id"], ids)
        self.assertNotIn(theirs["id"], ids)
        self.assertEqual(coord.get("/api/v1/enterprises?region=MA-01").json()["items"], [])
        self.assertEqual(self.followup(mine, 6, "2025-02-28", client=coord).status, 201)

    def test_roles(self):
        e = self.create()
        _, analyst = self.signed_in("analyst")
        self.assertError(analyst.get("/api/v1/enterprises"), 403, "forbidden")
        self.assertError(analyst.get("/api/v1/enterprises/%d" % e["id"]), 403, "forbidden")
        self.assertError(analyst.post("/api/v1/enterprises", self.body(1)), 403, "forbidden")
        self.assertEqual(analyst.get("/api/v1/reports/programs/%s/enterprises"
                                     % self.program).status, 200)
        self.assertError(self.client().get("/api/v1/reports/programs/%s/enterprises"
                                           % self.program), 401)
        _, worker = self.signed_in("centre_worker", organisation=self.organisation())
        self.assertError(worker.get("/api/v1/reports/programs/%s/enterprises" % self.program),
                         403, "forbidden")

    def organisation(self):
        r = self.admin.post("/api/v1/organisations",
                            {"name": "Centre %s" % make_program(self.admin), "kind": "centre",
                             "region": "MA-09"})
        self.assertEqual(r.status, 201, r)
        return r.json()["id"]


class SurvivalReportTest(ServerTestCase):
    """A programme of six enterprises in two regions whose figures are worked out
    by hand as of 31 March 2026 (a month's last day):
        6-month cut-off: created on or before 2025-09-30
        12-month cut-off: 2025-03-31, 24-month cut-off: 2024-03-31

        region  created      6 months     12 months    24 months
        MA-09   2023-01-10   active       active       closed
        MA-09   2024-03-31   active       closed       active, but on 2026-04-15
        MA-09   2025-09-30   active (on 2026-03-30, its milestone)
        MA-09   2025-10-01   (not due: its 6 months end on 2026-04-01)
        MA-01   2025-01-15   closed       (due, not followed)
        MA-01   2025-08-31   active (on 2026-02-28, its milestone)
    plus an enterprise of another programme, which must not count."""

    AS_OF = "2026-03-31"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program = make_program(cls.admin)
        other = make_program(cls.admin)
        plan = [("MA-09", "Taroudant", "2023-01-10",
                 [(6, "2023-07-10", True), (12, "2024-01-10", True), (24, "2025-01-10", False)]),
                ("MA-09", "Tiznit", "2024-03-31",
                 [(6, "2024-09-30", True), (12, "2025-03-31", False), (24, "2026-04-15", True)]),
                ("MA-09", "Tata", "2025-09-30", [(6, "2026-03-30", True)]),
                ("MA-09", "Taroudant", "2025-10-01", []),
                ("MA-01", "Tanger-Assilah", "2025-01-15", [(6, "2025-07-15", False)]),
                ("MA-01", "Tétouan", "2025-08-31", [(6, "2026-02-28", True)])]
        cls.enterprises = []
        for region, province, created, followups in plan:
            app_id = register(cls.admin, cls.program, region, province)
            move_to(cls.admin, app_id, "incubated")
            r = cls.admin.post("/api/v1/enterprises", {
                "application_id": app_id, "name": "Entreprise", "sector": "crafts",
                "legal_form": "auto_entrepreneur", "created_on": created, "jobs_created": 1})
            assert r.status == 201, r
            e = r.json()
            cls.enterprises.append((e, created, followups))
            for months, on, active in followups:
                body = {"milestone": months, "followed_on": on, "still_active": active}
                if active:
                    body.update({"jobs": 2, "revenue_band": "lt_50k"})
                r = cls.admin.post("/api/v1/enterprises/%d/followups" % e["id"], body)
                assert r.status == 201, r
        app_id = register(cls.admin, other, "MA-09", "Taroudant")
        move_to(cls.admin, app_id, "incubated")
        r = cls.admin.post("/api/v1/enterprises", {
            "application_id": app_id, "name": "Ailleurs", "sector": "crafts",
            "legal_form": "informal", "created_on": "2023-01-01", "jobs_created": 0})
        assert r.status == 201, r
        r = cls.admin.post("/api/v1/enterprises/%d/followups" % r.json()["id"], {
            "milestone": 6, "followed_on": "2023-07-01", "still_active": False})
        assert r.status == 201, r

    def report(self, query=""):
        r = self.admin.get("/api/v1/reports/programs/%s/enterprises%s" % (self.program, query))
        self.assertEqual(r.status, 200, r)
        return r.json()

    @staticmethod
    def figures(milestones):
        return [(m["months"], m["due"], m["followed"], m["active"], m["rate"])
                for m in milestones]

    def test_figures_by_hand(self):
        doc = self.report("?as_of=" + self.AS_OF)
        self.assertEqual((doc["program"], doc["as_of"]), (self.program, self.AS_OF))
        regions = dict((x["region"], x) for x in doc["regions"])
        self.assertEqual(len(regions), 12)
        self.assertEqual(regions["MA-09"]["name_fr"], "Souss-Massa")
        self.assertEqual(self.figures(regions["MA-09"]["milestones"]),
                         [(6, 3, 3, 3, 1.0), (12, 2, 2, 1, 0.5), (24, 2, 1, 0, 0.0)])
        self.assertEqual(self.figures(regions["MA-01"]["milestones"]),
                         [(6, 2, 2, 1, 0.5), (12, 1, 0, 0, None), (24, 0, 0, 0, None)])
        for code, x in regions.items():
            if code not in ("MA-09", "MA-01"):
                self.assertEqual(self.figures(x["milestones"]),
                                 [(6, 0, 0, 0, None), (12, 0, 0, 0, None), (24, 0, 0, 0, None)])
        self.assertEqual(self.figures(doc["national"]["milestones"]),
                         [(6, 5, 5, 4, 0.8), (12, 3, 2, 1, 0.5), (24, 2, 1, 0, 0.0)])

    def test_a_day_earlier(self):
        # On 30 March 2026 the MA-09 enterprise of 2025-09-30 is due (its 6 months end
        # that day) but the one of 2024-03-31 is not yet due at 24 months.
        doc = self.report("?as_of=2026-03-30")
        regions = dict((x["region"], x) for x in doc["regions"])
        self.assertEqual(self.figures(regions["MA-09"]["milestones"]),
                         [(6, 3, 3, 3, 1.0), (12, 2, 2, 1, 0.5), (24, 1, 1, 0, 0.0)])
        # On 27 February 2026 the MA-01 enterprise of 2025-08-31 is not due yet.
        doc = self.report("?as_of=2026-02-27")
        regions = dict((x["region"], x) for x in doc["regions"])
        self.assertEqual(self.figures(regions["MA-01"]["milestones"]),
                         [(6, 1, 1, 0, 0.0), (12, 1, 0, 0, None), (24, 0, 0, 0, None)])

    def test_today(self):
        # Worked out from the plan with the calendar of this file, for today.
        doc = self.report()
        self.assertEqual(doc["as_of"], iso(today()))
        expected = {}
        for e, created, followups in self.enterprises:
            c = datetime.date.fromisoformat(created)
            for months in MILESTONES:
                cell = expected.setdefault((e["region"], months), [0, 0, 0])
                if add_months(c, months) <= today():
                    cell[0] += 1
                    for m, on, active in followups:
                        if m == months:
                            cell[1] += 1
                            cell[2] += int(active)
        for x in doc["regions"]:
            for m in x["milestones"]:
                want = expected.get((x["region"], m["months"]), [0, 0, 0])
                self.assertEqual([m["due"], m["followed"], m["active"]], want,
                                 (x["region"], m["months"]))
                if want[1]:
                    self.assertAlmostEqual(m["rate"], round(want[2] / want[1], 4))
                else:
                    self.assertIsNone(m["rate"])
        # Whatever the day, the late 24-month follow-up now counts.
        ma09 = [x for x in doc["regions"] if x["region"] == "MA-09"][0]
        self.assertEqual(self.figures(ma09["milestones"])[2], (24, 2, 2, 1, 0.5))

    def test_refusals(self):
        r = self.admin.get("/api/v1/reports/programs/NOPE/enterprises")
        self.assertError(r, 404, "not_found")
        base = "/api/v1/reports/programs/%s/enterprises" % self.program
        self.assertError(self.admin.get(base + "?as_of=2026-02-30"), 422, "validation_failed",
                         "as_of", "invalid_date")
        self.assertError(self.admin.get(base + "?as_of=" + iso(today() +
                                                                datetime.timedelta(days=1))),
                         422, "validation_failed", "as_of", "out_of_range")

    def test_coordinator_and_analyst_read_it(self):
        _, coord = self.signed_in("regional_coordinator", region="MA-01")
        _, analyst = self.signed_in("analyst")
        want = self.report("?as_of=" + self.AS_OF)
        for c in (coord, analyst):
            r = c.get("/api/v1/reports/programs/%s/enterprises?as_of=%s"
                      % (self.program, self.AS_OF))
            self.assertEqual(r.status, 200, r)
            self.assertEqual(r.json(), want)


class EnterprisesDocumentedTest(ServerTestCase):

    def test_documented(self):
        paths = self.client().get("/api/v1/openapi.json").json()["paths"]
        for method, path, permission in (
                ("post", "/api/v1/enterprises", "applications.write"),
                ("get", "/api/v1/enterprises", "applications.read"),
                ("get", "/api/v1/enterprises/{id}", "applications.read"),
                ("patch", "/api/v1/enterprises/{id}", "applications.write"),
                ("post", "/api/v1/enterprises/{id}/followups", "applications.write"),
                ("patch", "/api/v1/enterprises/{id}/followups/{milestone}", "applications.write"),
                ("get", "/api/v1/reports/programs/{code}/enterprises", "reports.read")):
            with self.subTest(path=path):
                op = paths.get(path, {}).get(method)
                self.assertIsNotNone(op, (method, path))
                self.assertEqual(op["x-permission"], permission)
