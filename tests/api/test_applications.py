# The staff back office of applications: GET /api/v1/applications with every filter
# (program, region, province, status, flag, from, to, q by CIN / phone / reference /
# name prefix in Latin and Arabic script, sort) and cursor paging (every item once,
# next null at the end), 422 on bad filters; the detail with the applicant; scope
# (a regional coordinator sees and touches only her region: 404 elsewhere; analysts
# 403; anonymous 401); transitions through the whole state machine of API.md (each
# refused move is 409 invalid_transition and changes nothing; unknown state 422)
# and the history (from, to, actor, at, note, in order, starting with the
# registration); bulk transitions by ids and by the list's filters; the review of
# probable duplicates; staff edits of the applicant (PATCH, same rules as
# registration, recorded under "edits" in the history, 409 on a taken CIN, a
# coordinator cannot move an application out of her region); and the audit entries
# of registration, detail and list reads.
import datetime
import itertools
import urllib.parse

from test_registration import (OMIT, RFC3339, RegistrationTestCase, application_id, body_with,
                               fresh_cin, fresh_phone, q, today_utc)

STATES = ["submitted", "under_review", "eligible", "ineligible", "accepted", "waitlisted",
          "in_training", "incubated", "enterprise_created", "withdrawn"]

# API.md, "Application states".
ALLOWED = {
    "submitted": {"under_review", "withdrawn"},
    "under_review": {"eligible", "ineligible", "withdrawn"},
    "eligible": {"accepted", "waitlisted", "withdrawn"},
    "ineligible": set(),
    "accepted": {"in_training", "withdrawn"},
    "waitlisted": {"accepted", "withdrawn"},
    "in_training": {"incubated", "withdrawn"},
    "incubated": {"enterprise_created", "withdrawn"},
    "enterprise_created": set(),
    "withdrawn": set(),
}

# How to reach each state from submitted.
PATHS = {
    "submitted": [],
    "under_review": ["under_review"],
    "eligible": ["under_review", "eligible"],
    "ineligible": ["under_review", "ineligible"],
    "accepted": ["under_review", "eligible", "accepted"],
    "waitlisted": ["under_review", "eligible", "waitlisted"],
    "in_training": ["under_review", "eligible", "accepted", "in_training"],
    "incubated": ["under_review", "eligible", "accepted", "in_training", "incubated"],
    "enterprise_created": ["under_review", "eligible", "accepted", "in_training", "incubated",
                           "enterprise_created"],
    "withdrawn": ["withdrawn"],
}

PROVINCE = {"MA-09": "Tiznit", "MA-06": "Casablanca", "MA-01": "Tétouan"}

# The back-office data set of programmes BO and BO2:
# key: (programme, region, province, first, last, first_ar, last_ar, birth, sex)
DATASET = [
    ("a1", "BO", "MA-09", "Taroudant", "Fatima", "El Idrissi", None, None, "1990-01-01", "F"),
    ("a2", "BO", "MA-09", "Tiznit", "Fatma", "Benali", None, None, "1990-01-02", "F"),
    ("a3", "BO", "MA-09", "Tiznit", "Khadija", "Ouali", "خديجة", "والي", "1990-01-03", "F"),
    ("a4", "BO", "MA-09", "Agadir Ida-Outanane", None, None, "زينب", "الفاسي", "1990-01-04", "F"),
    ("a5", "BO", "MA-09", "Taroudant", "Salma", "Bennani", None, None, "1990-01-05", "F"),
    ("a6", "BO", "MA-09", "Taroudant", "Hélène", "Noël", None, None, "1990-01-06", "F"),
    ("a7", "BO", "MA-09", "Tata", "ⵜⴰⵎⴰⵣⵉⵖⵜ", "ⵜⵉⴼⵉⵏⴰⵖ", None, None, "1990-01-07", "F"),
    ("a8", "BO", "MA-09", "Tata", "Nour", "Nouri", "نور", "النوري", "1990-01-08", "F"),
    ("b1", "BO", "MA-06", "Casablanca", "Fatima", "Zahra", None, None, "1990-02-01", "F"),
    ("b2", "BO", "MA-06", "Settat", "Nadia", "Alaoui", None, None, "1990-02-02", "F"),
    ("b3", "BO", "MA-06", "Casablanca", None, None, "زينب", "بناني", "1990-02-03", "F"),
    ("d1", "BO", "MA-09", "Tata", "Mohammed", "El Idrissi", None, None, "1985-05-05", "M"),
    ("d2", "BO", "MA-09", "Tata", "Mohamed", "Elidrissi", None, None, "1985-05-05", "M"),
    ("c1", "BO2", "MA-09", "Tiznit", "Amal", "Tazi", None, None, "1991-01-01", "F"),
    ("c2", "BO2", "MA-06", "Casablanca", "Imane", "Kettani", None, None, "1991-01-02", "F"),
]


class ApplicationsTest(RegistrationTestCase):

    @classmethod
    def prepare(cls):
        cls.souss = cls.staff_client("regional_coordinator", region="MA-09")
        cls.casa = cls.staff_client("regional_coordinator", region="MA-06")
        cls.analyst = cls.staff_client("analyst")
        cls.officer = cls.staff_client("national_officer")
        for code in ("BO", "BO2", "TR", "BK", "DR", "ED", "ED2", "AU"):
            cls.create_programme(code)
        cls.apps = {}
        for key, prog, region, province, first, last, first_ar, last_ar, birth, sex in DATASET:
            x = cls.register_ok(prog, region=region, province=province,
                                first_name=first, last_name=last, first_name_ar=first_ar,
                                last_name_ar=last_ar, birth_date=birth, sex=sex)
            x.update(key=key, program=prog, region=region, province=province,
                     status="submitted")
            cls.apps[key] = x
        cls.move(cls.apps["a2"]["id"], "under_review")
        cls.move(cls.apps["b2"]["id"], "under_review")
        cls.move(cls.apps["a3"]["id"], "under_review", "eligible")
        cls.apps["a2"]["status"] = cls.apps["b2"]["status"] = "under_review"
        cls.apps["a3"]["status"] = "eligible"

    def ids(self, *keys):
        return {self.apps[k]["id"] for k in keys}

    def bo(self, pred=lambda a: True, program="BO"):
        return {a["id"] for a in self.apps.values() if a["program"] == program and pred(a)}

    def found(self, query, client=None):
        items = self.list_all(query, client)
        ids = [a["id"] for a in items]
        self.assertEqual(len(ids), len(set(ids)), items)
        return set(ids)

    # -- filters ---------------------------------------------------------------------

    def test_filter_program(self):
        self.assertEqual(self.found("program=BO2"), self.ids("c1", "c2"))
        self.assertEqual(self.found("program=BO"), self.bo())
        for a in self.list_all("program=BO2"):
            self.assertEqual(a["program"], "BO2")

    def test_filter_region_and_province(self):
        self.assertEqual(self.found("program=BO&region=MA-06"), self.ids("b1", "b2", "b3"))
        self.assertEqual(self.found("program=BO&region=MA-09"),
                         self.bo(lambda a: a["region"] == "MA-09"))
        self.assertEqual(self.found("program=BO&region=MA-01"), set())
        self.assertEqual(self.found("program=BO&province=Tiznit"), self.ids("a2", "a3"))
        self.assertEqual(self.found("program=BO&" + q(province="Agadir Ida-Outanane")),
                         self.ids("a4"))
        self.assertEqual(self.found("program=BO&province=Casablanca"), self.ids("b1", "b3"))
        self.assertEqual(self.found("province=Casablanca&region=MA-06&program=BO2"),
                         self.ids("c2"))
        self.assertEqual(self.found("program=BO&region=MA-09&province=Casablanca"), set())

    def test_filter_status_and_flag(self):
        self.assertEqual(self.found("program=BO&status=under_review"), self.ids("a2", "b2"))
        self.assertEqual(self.found("program=BO&status=eligible"), self.ids("a3"))
        self.assertEqual(self.found("program=BO&status=submitted"),
                         self.bo(lambda a: a["status"] == "submitted"))
        self.assertEqual(self.found("program=BO&status=withdrawn"), set())
        self.assertEqual(self.found("program=BO&region=MA-06&status=under_review"),
                         self.ids("b2"))
        self.assertEqual(self.found("program=BO&flag=probable_duplicate"), self.ids("d2"))
        d2 = self.detail(self.apps["d2"]["id"])
        self.assertEqual(d2["flag"], "probable_duplicate")
        self.assertEqual(d2["duplicate_of"], self.apps["d1"]["id"])
        self.assertEqual(self.found("program=BO&flag=probable_duplicate&region=MA-06"), set())

    def test_filter_dates(self):
        today = today_utc()
        day = datetime.timedelta(days=1)
        everything = self.bo()
        self.assertEqual(self.found("program=BO&from=%s" % today), everything)
        self.assertEqual(self.found("program=BO&to=%s" % today), everything)
        self.assertEqual(self.found("program=BO&from=%s&to=%s" % (today - day, today + day)),
                         everything)
        self.assertEqual(self.found("program=BO&from=%s&to=%s" % (today, today)), everything)
        self.assertEqual(self.found("program=BO&to=%s" % (today - day)), set())
        self.assertEqual(self.found("program=BO&from=%s" % (today + day)), set())
        self.assertEqual(self.found("program=BO&from=%s&to=%s" % (today + day, today - day)),
                         set())
        for a in self.list_all("program=BO"):
            self.assertRegex(a["created_at"], RFC3339)
            self.assertTrue(a["created_at"].startswith(today.isoformat()), a)

    def test_search_by_cin_phone_reference(self):
        a1, a2, b1 = self.apps["a1"], self.apps["a2"], self.apps["b1"]
        cin = a1["body"]["cin"]
        for query in (cin, cin.lower(), cin[0].lower() + " " + cin[1:]):
            with self.subTest(q=query):
                self.assertEqual(self.found(q(q=query)), self.ids("a1"))
        national = a2["body"]["phone"]
        for query in (national, "+212" + national[1:], "00212" + national[1:],
                      " ".join([national[:2], national[2:4], national[4:6], national[6:8],
                                national[8:]])):
            with self.subTest(q=query):
                self.assertEqual(self.found(q(q=query)), self.ids("a2"))
        self.assertEqual(self.found(q(q=b1["reference"])), self.ids("b1"))
        self.assertEqual(self.found(q(q="BO-MA-06-999999")), set())
        self.assertEqual(self.found(q(q="Z999999")), set())
        # q combines with the other filters.
        self.assertEqual(self.found(q(q=b1["reference"], region="MA-09")), set())

    def test_search_by_name_prefix(self):
        for query, keys in (("fat", ("a1", "a2", "b1")), ("Fat", ("a1", "a2", "b1")),
                            ("FATI", ("a1", "b1")), ("fatm", ("a2",)),
                            ("idr", ("a1", "d1", "d2")), ("bennani", ("a5",)),
                            ("khad", ("a3",)), ("kobz", ()),
                            ("زين", ("a4", "b3")), ("زينب", ("a4", "b3")), ("خدي", ("a3",)),
                            ("الفاس", ("a4",)), ("بنا", ("b3",)),
                            ("hél", ("a6",)), ("hel", ("a6",)), ("HÉLÈNE", ("a6",)),
                            ("he\u0301l", ("a6",)), ("noël", ("a6",)), ("noel", ("a6",)),
                            ("ⵜⴰⵎ", ("a7",)), ("ⵜⵉⴼ", ("a7",)),
                            # Several words of one application match: it comes once.
                            ("nouri", ("a8",)), ("نور", ("a8",))):
            with self.subTest(q=query):
                self.assertEqual(self.found("program=BO&" + q(q=query)), self.ids(*keys))
        self.assertEqual(self.found("program=BO&region=MA-09&" + q(q="زين")), self.ids("a4"))
        self.assertEqual(self.found("program=BO&status=under_review&" + q(q="fat")),
                         self.ids("a2"))
        # Paging through a name search.
        for query, keys in (("fat", ("a1", "a2", "b1")), ("nour", ("a8",))):
            seen, after = [], None
            for _ in range(10):
                path = "/api/v1/applications?program=BO&limit=1&" + q(q=query)
                if after:
                    path += "&after=" + urllib.parse.quote(after)
                doc = self.admin.get(path).json()
                seen += [a["id"] for a in doc["items"]]
                after = doc["next"]
                if not after:
                    break
            self.assertEqual(sorted(seen), sorted(self.ids(*keys)))

    def test_sort(self):
        asc = [a["id"] for a in self.list_all("program=BO&sort=created")]
        desc = [a["id"] for a in self.list_all("program=BO&sort=-created")]
        self.assertEqual(asc, sorted(self.bo()))
        self.assertEqual(desc, sorted(self.bo(), reverse=True))
        created = [a["created_at"] for a in self.list_all("program=BO&sort=created")]
        self.assertEqual(created, sorted(created))

    def test_paging(self):
        for sort in ("created", "-created"):
            full = [a["id"] for a in self.list_all("program=BO&sort=" + sort)]
            self.assertEqual(len(full), len(self.bo()))
            for limit in (1, 2, 3, 4, len(full), len(full) + 5):
                with self.subTest(sort=sort, limit=limit):
                    seen, after, pages = [], None, 0
                    while True:
                        path = "/api/v1/applications?program=BO&sort=%s&limit=%d" % (sort, limit)
                        if after is not None:
                            path += "&after=" + urllib.parse.quote(after)
                        r = self.admin.get(path)
                        self.assertEqual(r.status, 200, r)
                        doc = r.json()
                        self.assertLessEqual(len(doc["items"]), limit)
                        seen += [a["id"] for a in doc["items"]]
                        pages += 1
                        self.assertLess(pages, 50)
                        if doc["next"] is None:
                            break
                        self.assertIsInstance(doc["next"], str)
                        self.assertEqual(len(doc["items"]), limit)
                        after = doc["next"]
                    self.assertEqual(seen, full)
                    self.assertEqual(pages, max(1, -(-len(full) // limit)))
        # With a filter too.
        seen, after = [], None
        while True:
            path = "/api/v1/applications?program=BO&region=MA-09&limit=2"
            doc = self.admin.get(path + ("&after=" + after if after else "")).json()
            seen += [a["id"] for a in doc["items"]]
            after = doc["next"]
            if after is None:
                break
        self.assertEqual(sorted(seen), sorted(self.bo(lambda a: a["region"] == "MA-09")))
        self.assertEqual(len(seen), len(set(seen)))
        # The default limit is 50 and the answer has a next member.
        doc = self.admin.get("/api/v1/applications?program=BO").json()
        self.assertIsNone(doc["next"])
        self.assertEqual(len(doc["items"]), len(self.bo()))

    def test_bad_filters(self):
        for query, field in (("program=NOSUCH", "program"), ("region=MA-13", "region"),
                             ("region=ma-09", "region"), ("status=bogus", "status"),
                             ("status=SUBMITTED", "status"), ("flag=bogus", "flag"),
                             ("from=2023-02-30", "from"), ("to=2023-13-01", "to"),
                             ("from=01/01/2024", "from"), ("to=yesterday", "to"),
                             ("sort=name", "sort"), ("sort=created_at", "sort"),
                             ("limit=0", None), ("limit=501", None), ("limit=abc", None),
                             ("limit=-1", None), ("after=abc", None), ("after=-5", None)):
            with self.subTest(query=query):
                r = self.admin.get("/api/v1/applications?" + query)
                self.assertError(r, 422, "validation_failed", field)
        self.assertEqual(self.admin.get("/api/v1/applications?limit=500").status, 200)

    # -- detail ------------------------------------------------------------------------

    def test_detail(self):
        x = self.apps["a3"]
        a = self.detail(x["id"])
        self.assertEqual(a["id"], x["id"])
        self.assertEqual(a["reference"], x["reference"])
        self.assertEqual(a["program"], "BO")
        self.assertEqual(a["status"], "eligible")
        self.assertIsNone(a["flag"])
        self.assertRegex(a["created_at"], RFC3339)
        self.assertRegex(a["updated_at"], RFC3339)
        ap = a["applicant"]
        b = x["body"]
        self.assertEqual(ap["cin"], b["cin"])
        self.assertEqual(ap["phone"], "+212" + b["phone"][1:])
        for k in ("first_name", "last_name", "first_name_ar", "last_name_ar", "birth_date",
                  "sex", "region", "province", "commune", "education", "situation",
                  "project_idea"):
            self.assertEqual(ap[k], b[k], k)
        self.assertRegex(ap["consent_at"], RFC3339)
        for bad in ("999999", "0", "-1", "abc", "1.5", "99999999999999999999999"):
            with self.subTest(id=bad):
                self.assertError(self.admin.get("/api/v1/applications/" + bad), 404,
                                 "not_found")
        self.assertError(self.admin.get("/api/v1/applications/999999/history"), 404,
                         "not_found")

    # -- scope ---------------------------------------------------------------------------

    def test_coordinator_sees_only_her_region(self):
        ma09 = self.bo(lambda a: a["region"] == "MA-09")
        self.assertEqual(self.found("program=BO", self.souss), ma09)
        self.assertEqual(self.found("program=BO&region=MA-09", self.souss), ma09)
        self.assertEqual(self.found("program=BO&region=MA-06", self.souss), set())
        self.assertEqual(self.found("program=BO&" + q(q=self.apps["b1"]["reference"]),
                                    self.souss), set())
        self.assertEqual(self.found("program=BO&" + q(q="زين"), self.souss), self.ids("a4"))
        for a in self.list_all("", self.souss):
            self.assertEqual(a["region"] if "region" in a else a["applicant"]["region"], "MA-09")
        self.assertEqual(self.found("program=BO", self.casa), self.ids("b1", "b2", "b3"))
        # An application of another region does not exist for her.
        b1 = self.apps["b1"]["id"]
        self.assertError(self.souss.get("/api/v1/applications/%d" % b1), 404, "not_found")
        self.assertError(self.souss.get("/api/v1/applications/%d/history" % b1), 404,
                         "not_found")
        self.assertError(self.souss.post("/api/v1/applications/%d/transitions" % b1,
                                         {"to": "under_review"}), 404, "not_found")
        self.assertError(self.souss.patch("/api/v1/applications/%d" % b1,
                                          {"commune": "Anfa"}), 404, "not_found")
        self.assertEqual(self.detail(b1)["status"], "submitted")
        self.assertEqual(self.detail(b1)["applicant"]["commune"], "Ouled Teima")
        self.assertEqual(len(self.history(b1)["items"]), 1)
        # Her own region's application is hers.
        self.assertEqual(self.souss.get("/api/v1/applications/%d" % self.apps["a1"]["id"]).status,
                         200)
        self.assertEqual(self.casa.get("/api/v1/applications/%d" % b1).status, 200)

    def test_analyst_and_anonymous_refused(self):
        a1 = self.apps["a1"]["id"]
        anon = self.client()
        for c, status, code in ((self.analyst, 403, "forbidden"),
                                (anon, 401, "unauthenticated")):
            with self.subTest(status=status):
                self.assertError(c.get("/api/v1/applications"), status, code)
                self.assertError(c.get("/api/v1/applications?program=BO"), status, code)
                self.assertError(c.get("/api/v1/applications/%d" % a1), status, code)
                self.assertError(c.get("/api/v1/applications/%d/history" % a1), status, code)
                self.assertError(c.post("/api/v1/applications/%d/transitions" % a1,
                                        {"to": "under_review"}), status, code)
                self.assertError(c.post("/api/v1/applications/transitions",
                                        {"to": "under_review", "ids": [a1]}), status, code)
                self.assertError(c.patch("/api/v1/applications/%d" % a1, {"commune": "X"}),
                                 status, code)
                self.assertError(c.post("/api/v1/applications/%d/duplicate-review" % a1,
                                        {"decision": "not_duplicate"}), status, code)
        self.assertEqual(self.detail(a1)["status"], "submitted")
        # A national officer sees everything.
        self.assertEqual(self.found("program=BO", self.officer), self.bo())

    # -- transitions -----------------------------------------------------------------

    def new_in(self, state, program="TR", region="MA-09"):
        x = self.register_ok(program, region=region, province=PROVINCE[region])
        self.move(x["id"], *PATHS[state])
        self.assertEqual(self.detail(x["id"])["status"], state)
        return x["id"]

    def transition(self, app_id, to, note=None, client=None):
        body = {"to": to}
        if note is not None:
            body["note"] = note
        return (client or self.admin).post("/api/v1/applications/%d/transitions" % app_id, body)

    def test_whole_path_and_history(self):
        x = self.register_ok("TR")
        path = ["under_review", "eligible", "accepted", "in_training", "incubated",
                "enterprise_created"]
        for i, to in enumerate(path):
            r = self.transition(x["id"], to, "étape %d — ملاحظة" % i)
            self.assertEqual(r.status, 200, r)
            self.assertEqual(r.json()["status"], to)
            self.assertEqual(r.json()["id"], x["id"])
        h = self.history(x["id"])
        self.assertIsNone(h["next"])
        items = h["items"]
        self.assertEqual(len(items), 1 + len(path))
        self.assertEqual(items[0]["from"], None)
        self.assertEqual(items[0]["to"], "submitted")
        self.assertEqual(items[0]["actor"], "applicant")
        self.assertIsNone(items[0].get("note"))
        froms = ["submitted"] + path[:-1]
        for i, e in enumerate(items[1:]):
            self.assertEqual((e["from"], e["to"]), (froms[i], path[i]), items)
            self.assertEqual(e["actor"], self.ADMIN)
            self.assertEqual(e["note"], "étape %d — ملاحظة" % i)
        stamps = [e["at"] for e in items]
        for s in stamps:
            self.assertRegex(s, RFC3339)
        self.assertEqual(stamps, sorted(stamps))
        # The final state goes nowhere.
        for to in STATES:
            self.assertError(self.transition(x["id"], to), 409, "invalid_transition")
        self.assertEqual(len(self.history(x["id"])["items"]), 1 + len(path))
        # The applicant sees the status.
        r = self.public.get("/api/v1/applications/status?" + q(reference=x["reference"],
                                                              cin=x["body"]["cin"]))
        self.assertEqual(r.json()["status"], "enterprise_created")

    def test_other_paths(self):
        a = self.register_ok("TR")["id"]
        self.move(a, "under_review", "eligible", "waitlisted", "accepted")
        self.assertEqual([(e["from"], e["to"]) for e in self.history(a)["items"]][-2:],
                         [("eligible", "waitlisted"), ("waitlisted", "accepted")])
        b = self.register_ok("TR")["id"]
        self.move(b, "under_review", "ineligible")
        self.assertEqual(self.detail(b)["status"], "ineligible")
        # A quota-waitlisted registration starts at waitlisted and may be accepted.
        self.set_targets("TR", {"MA-01": 0})
        c = self.register_ok("TR", region="MA-01", province="Tétouan")
        self.assertEqual(c["status"], "waitlisted")
        self.assertError(self.transition(c["id"], "under_review"), 409, "invalid_transition")
        self.assertEqual(self.transition(c["id"], "accepted").status, 200)
        # Transitions by a coordinator carry her name.
        d = self.register_ok("TR")["id"]
        self.assertEqual(self.transition(d, "under_review", "vu", client=self.souss).status, 200)
        last = self.history(d)["items"][-1]
        self.assertEqual(last["actor"], self.souss.user["username"])
        self.assertEqual(last["note"], "vu")

    def test_every_allowed_transition(self):
        for state in STATES:
            for to in sorted(ALLOWED[state]):
                with self.subTest(state=state, to=to):
                    app = self.new_in(state)
                    before = len(self.history(app)["items"])
                    r = self.transition(app, to, "ok")
                    self.assertEqual(r.status, 200, r)
                    self.assertEqual(self.detail(app)["status"], to)
                    h = self.history(app)["items"]
                    self.assertEqual(len(h), before + 1)
                    self.assertEqual((h[-1]["from"], h[-1]["to"], h[-1]["note"]),
                                     (state, to, "ok"))

    def test_every_refused_transition(self):
        for state in STATES:
            app = self.new_in(state)
            detail = self.detail(app)
            history = self.history(app)
            for to in STATES:
                if to in ALLOWED[state]:
                    continue
                with self.subTest(state=state, to=to):
                    r = self.transition(app, to, "no")
                    self.assertError(r, 409, "invalid_transition")
            self.assertEqual(self.detail(app), detail)
            self.assertEqual(self.history(app), history)

    def test_transition_request_validation(self):
        app = self.new_in("submitted")
        for label, body, field in (("unknown state", {"to": "approved"}, "to"),
                                   ("upper case", {"to": "UNDER_REVIEW"}, "to"),
                                   ("state missing", {"note": "x"}, "to"),
                                   ("state null", {"to": None}, "to"),
                                   ("state number", {"to": 1}, "to"),
                                   ("note number", {"to": "under_review", "note": 5}, "note"),
                                   ("note too long", {"to": "under_review", "note": "n" * 5000},
                                    "note"),
                                   ("note control", {"to": "under_review", "note": "a\u0007"},
                                    "note"),
                                   ("unknown field", {"to": "under_review", "actor": "x"},
                                    "actor")):
            with self.subTest(label):
                r = self.admin.post("/api/v1/applications/%d/transitions" % app, body)
                self.assertError(r, 422, "validation_failed", field)
        self.assertEqual(self.detail(app)["status"], "submitted")
        self.assertEqual(len(self.history(app)["items"]), 1)
        self.assertError(self.transition(999999, "under_review"), 404, "not_found")

    # -- bulk ------------------------------------------------------------------------

    def bulk(self, body, query="", client=None):
        path = "/api/v1/applications/transitions" + ("?" + query if query else "")
        return (client or self.admin).post(path, body)

    def test_bulk_by_ids(self):
        m = [self.new_in("submitted", "BK") for _ in range(3)]
        x = self.new_in("under_review", "BK")
        r = self.bulk({"to": "under_review", "note": "lot 1", "ids": m[:2] + [x, 999999]})
        self.assertEqual(r.status, 200, r)
        doc = r.json()
        self.assertEqual(doc["to"], "under_review")
        self.assertEqual(sorted(doc["moved"]), sorted(m[:2]))
        self.assertEqual(doc["moved_count"], 2)
        self.assertEqual(doc["refused"], [{"id": x, "status": "under_review"}])
        for app in m[:2]:
            self.assertEqual(self.detail(app)["status"], "under_review")
            last = self.history(app)["items"][-1]
            self.assertEqual((last["from"], last["to"], last["note"], last["actor"]),
                             ("submitted", "under_review", "lot 1", self.ADMIN))
        self.assertEqual(self.detail(m[2])["status"], "submitted")
        self.assertEqual(len(self.history(x)["items"]), 2)

    def test_bulk_repeated_id(self):
        # An id named twice is one application: moved once, and not also "refused"
        # with the state it had before the move.
        a, b = self.new_in("submitted", "BK"), self.new_in("submitted", "BK")
        r = self.bulk({"to": "under_review", "ids": [a, a, b]})
        self.assertEqual(r.status, 200, r)
        doc = r.json()
        self.assertEqual(sorted(doc["moved"]), sorted([a, b]))
        self.assertEqual(doc["moved_count"], 2)
        self.assertNotIn(a, [x["id"] for x in doc["refused"]], doc)
        self.assertEqual(len(self.history(a)["items"]), 2)

    def test_bulk_by_filters(self):
        self.create_programme("BKF")
        ma09 = [self.new_in("submitted", "BKF") for _ in range(4)]
        ma06 = [self.new_in("submitted", "BKF", "MA-06") for _ in range(2)]
        other = self.new_in("eligible", "BKF")
        r = self.bulk({"to": "under_review", "note": "lot filtré"},
                      "program=BKF&region=MA-09&status=submitted")
        self.assertEqual(r.status, 200, r)
        doc = r.json()
        self.assertEqual(sorted(doc["moved"]), sorted(ma09))
        self.assertEqual(doc["moved_count"], 4)
        self.assertEqual(doc["refused"], [])
        for app in ma09:
            self.assertEqual(self.detail(app)["status"], "under_review")
            self.assertEqual(self.history(app)["items"][-1]["note"], "lot filtré")
        for app in ma06:
            self.assertEqual(self.detail(app)["status"], "submitted")
        self.assertEqual(self.detail(other)["status"], "eligible")
        # A filter that takes in states that cannot move: those are refused.
        r = self.bulk({"to": "eligible"}, "program=BKF&region=MA-09")
        doc = r.json()
        self.assertEqual(sorted(doc["moved"]), sorted(ma09))
        self.assertEqual(doc["refused"], [{"id": other, "status": "eligible"}])
        # Nothing matches: nothing moves.
        r = self.bulk({"to": "under_review"}, "program=BKF&region=MA-01")
        self.assertEqual(r.json(), {"to": "under_review", "moved_count": 0, "moved": [],
                                    "refused": []})

    def test_bulk_coordinator_scope(self):
        self.create_programme("BKC")
        ma09 = [self.new_in("submitted", "BKC") for _ in range(2)]
        ma06 = [self.new_in("submitted", "BKC", "MA-06") for _ in range(2)]
        r = self.bulk({"to": "under_review", "ids": ma09 + ma06}, client=self.souss)
        self.assertEqual(r.status, 200, r)
        doc = r.json()
        self.assertEqual(sorted(doc["moved"]), sorted(ma09))
        self.assertEqual(doc["refused"], [])
        for app in ma06:
            self.assertEqual(self.detail(app)["status"], "submitted")
            self.assertEqual(len(self.history(app)["items"]), 1)
        self.assertEqual(self.history(ma09[0])["items"][-1]["actor"],
                         self.souss.user["username"])
        # By filters, asking for another region moves nothing either.
        r = self.bulk({"to": "under_review"}, "program=BKC&region=MA-06&status=submitted",
                      client=self.souss)
        self.assertEqual(r.json()["moved"], [])
        r = self.bulk({"to": "under_review"}, "program=BKC&status=submitted", client=self.souss)
        self.assertEqual(r.json()["moved"], [])
        for app in ma06:
            self.assertEqual(self.detail(app)["status"], "submitted")

    def test_bulk_validation(self):
        app = self.new_in("submitted", "BK")
        for label, body, query, field in (
                ("unknown state", {"to": "bogus", "ids": [app]}, "", "to"),
                ("state missing", {"ids": [app]}, "", "to"),
                ("empty ids", {"to": "under_review", "ids": []}, "", "ids"),
                ("ids of text", {"to": "under_review", "ids": ["a"]}, "", "ids"),
                ("ids not a list", {"to": "under_review", "ids": app}, "", "ids"),
                ("unknown field", {"to": "under_review", "ids": [app], "force": True}, "",
                 "force"),
                ("bad filter", {"to": "under_review"}, "program=BK&status=bogus", "status"),
                ("bad region filter", {"to": "under_review"}, "program=BK&region=MA-99",
                 "region")):
            with self.subTest(label):
                self.assertError(self.bulk(body, query), 422, "validation_failed", field)
        self.assertEqual(self.detail(app)["status"], "submitted")

    # -- duplicate review ---------------------------------------------------------------

    _births = itertools.count()

    def dup_pair(self, region="MA-09"):
        """Two registrations in DR, the second flagged as a duplicate of the first."""
        n = next(self._births)
        first = self.register_ok("DR", region=region, province=PROVINCE[region],
                                 birth_date="%d-01-%02d" % (1960 + n // 28, 1 + n % 28))
        second = self.register_ok("DR", region=region, province=PROVINCE[region],
                                  phone=first["body"]["phone"], first_name="Autre",
                                  last_name="Personne", first_name_ar=OMIT, last_name_ar=OMIT,
                                  birth_date="1970-01-01")
        a = self.detail(second["id"])
        self.assertEqual(a["flag"], "probable_duplicate", a)
        return first["id"], second["id"]

    def review(self, app, decision, client=None, **extra):
        body = dict(extra)
        if decision is not None:
            body["decision"] = decision
        return (client or self.admin).post("/api/v1/applications/%d/duplicate-review" % app,
                                           body)

    def test_review_not_duplicate(self):
        first, second = self.dup_pair()
        r = self.review(second, "not_duplicate")
        self.assertEqual(r.status, 200, r)
        self.assertIsNone(r.json()["flag"])
        a = self.detail(second)
        self.assertIsNone(a["flag"])
        self.assertEqual(a["status"], "submitted")
        self.assertNotIn(second, self.found("program=DR&flag=probable_duplicate"))
        # Now unflagged: nothing to review.
        self.assertError(self.review(second, "not_duplicate"), 409)
        self.assertError(self.review(second, "withdraw"), 409)
        self.assertEqual(self.detail(second)["status"], "submitted")
        # The first one was never flagged.
        self.assertError(self.review(first, "not_duplicate"), 409)

    def test_review_withdraw(self):
        _, second = self.dup_pair()
        r = self.review(second, "withdraw", note="même personne")
        self.assertEqual(r.status, 200, r)
        a = self.detail(second)
        self.assertEqual(a["status"], "withdrawn")
        self.assertIsNone(a["flag"])
        last = self.history(second)["items"][-1]
        self.assertEqual((last["from"], last["to"], last["actor"]),
                         ("submitted", "withdrawn", self.ADMIN))
        self.assertNotIn(second, self.found("program=DR&flag=probable_duplicate"))

    def test_review_withdraw_refused_by_state_machine(self):
        _, second = self.dup_pair()
        self.move(second, "under_review", "ineligible")
        self.assertError(self.review(second, "withdraw"), 409, "invalid_transition")
        a = self.detail(second)
        self.assertEqual((a["status"], a["flag"]), ("ineligible", "probable_duplicate"))

    def test_review_validation_and_scope(self):
        _, second = self.dup_pair()
        for label, decision, extra, field in (("unknown decision", "merge", {}, "decision"),
                                              ("missing", None, {}, "decision"),
                                              ("number", 1, {}, "decision"),
                                              ("unknown field", "not_duplicate", {"x": 1}, "x")):
            with self.subTest(label):
                self.assertError(self.review(second, decision, **extra), 422,
                                 "validation_failed", field)
        self.assertEqual(self.detail(second)["flag"], "probable_duplicate")
        _, casa = self.dup_pair("MA-06")
        self.assertError(self.review(casa, "not_duplicate", client=self.souss), 404, "not_found")
        self.assertEqual(self.detail(casa)["flag"], "probable_duplicate")
        self.assertEqual(self.review(casa, "not_duplicate", client=self.casa).status, 200)
        self.assertError(self.review(999999, "not_duplicate"), 404, "not_found")

    # -- staff edits ---------------------------------------------------------------------

    def edit(self, app, body, client=None):
        return (client or self.admin).patch("/api/v1/applications/%d" % app, body)

    def edits(self, app, client=None):
        h = self.history(app, client)
        self.assertIn("edits", h, h)
        return h["edits"]

    def test_edit_every_field(self):
        x = self.register_ok("ED")
        before = self.detail(x["id"])["applicant"]
        new_cin = fresh_cin()
        change = {"cin": new_cin[0].lower() + " " + new_cin[1:], "first_name": "Hanane",
                  "last_name": "Aït Taleb", "first_name_ar": "حنان", "last_name_ar": "آيت الطالب",
                  "birth_date": "1991-07-07", "sex": "M", "phone": "07 98 76 54 32",
                  "email": "hanane@example.org", "region": "MA-01", "province": "Tétouan",
                  "commune": "Martil", "education": "higher", "situation": "employed",
                  "project_idea": "Coopérative d'huile d'argan"}
        stored = dict(change, cin=new_cin, phone="+212798765432")
        r = self.edit(x["id"], change)
        if r.status == 405:
            self.fail("PATCH /api/v1/applications/{id} is not there yet (405)")
        self.assertEqual(r.status, 200, r)
        for k, v in stored.items():
            self.assertEqual(r.json()["applicant"][k], v, k)
        a = self.detail(x["id"])
        for k, v in stored.items():
            self.assertEqual(a["applicant"][k], v, k)
        self.assertEqual(a["reference"], x["reference"])     # the reference stays
        self.assertEqual(a["status"], "submitted")
        edits = self.edits(x["id"])
        self.assertEqual(len(edits), 1, edits)
        e = edits[0]
        self.assertEqual(e["actor"], self.ADMIN)
        self.assertRegex(e["at"], RFC3339)
        self.assertEqual(set(e["changes"]), set(stored), e)
        for k, v in stored.items():
            self.assertEqual(e["changes"][k], {"from": before[k], "to": v}, k)
        # The transitions list is unchanged by an edit.
        self.assertEqual(len(self.history(x["id"])["items"]), 1)
        # Search and the status check follow the edit.
        self.assertIn(x["id"], self.found("program=ED&" + q(q="hanan")))
        self.assertIn(x["id"], self.found(q(q=new_cin)))
        self.assertNotIn(x["id"], self.found(q(q=x["body"]["cin"])))
        st = self.public.get("/api/v1/applications/status?" + q(reference=x["reference"],
                                                               cin=new_cin))
        self.assertEqual(st.status, 200, st)
        st = self.public.get("/api/v1/applications/status?" + q(reference=x["reference"],
                                                               cin=x["body"]["cin"]))
        self.assertEqual(st.status, 404, st)

    def test_edit_one_field_and_clear_optional(self):
        x = self.register_ok("ED")
        r = self.edit(x["id"], {"commune": "Aït Iaaza"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["applicant"]["commune"], "Aït Iaaza")
        self.assertEqual(r.json()["applicant"]["first_name"], x["body"]["first_name"])
        r = self.edit(x["id"], {"project_idea": None, "email": "a.b@example.org"})
        self.assertEqual(r.status, 200, r)
        self.assertIsNone(r.json()["applicant"]["project_idea"])
        edits = self.edits(x["id"])
        self.assertEqual(len(edits), 2, edits)
        self.assertEqual(edits[0]["changes"], {"commune": {"from": "Ouled Teima",
                                                           "to": "Aït Iaaza"}})
        self.assertEqual(edits[1]["changes"]["project_idea"],
                         {"from": "Atelier de couture", "to": None})
        self.assertEqual(edits[1]["changes"]["email"], {"from": None, "to": "a.b@example.org"})

    def test_edit_validation(self):
        x = self.register_ok("ED")
        before = self.detail(x["id"])
        for label, body, field, code in (
                ("cin", {"cin": "123"}, "cin", "invalid_format"),
                ("cin emptied", {"cin": ""}, "cin", "required"),
                ("first_name Arabic", {"first_name": "حنان"}, "first_name", "wrong_script"),
                ("first_name HTML", {"first_name": "<b>x</b>"}, "first_name", "invalid_format"),
                ("first_name too long", {"first_name": "a" * 61}, "first_name", "too_long"),
                ("birth_date", {"birth_date": "2023-02-30"}, "birth_date", "invalid_date"),
                ("birth_date month 13", {"birth_date": "2023-13-01"}, "birth_date",
                 "invalid_date"),
                ("sex", {"sex": "X"}, "sex", "invalid_value"),
                ("phone", {"phone": "123"}, "phone", "invalid_format"),
                ("email", {"email": "nope"}, "email", "invalid_format"),
                ("region", {"region": "MA-13"}, "region", "invalid_value"),
                ("province of another region", {"province": "Casablanca"}, "province",
                 "province_not_in_region"),
                ("region without its province", {"region": "MA-06"}, "province",
                 "province_not_in_region"),
                ("education", {"education": "phd"}, "education", "invalid_value"),
                ("wrong type", {"last_name": 5}, "last_name", "invalid_type"),
                ("status is not an applicant field", {"status": "accepted"}, "status",
                 "unknown_field"),
                ("reference", {"reference": "X-MA-09-000001"}, "reference", "unknown_field"),
                ("consent", {"consent": False}, "consent", "unknown_field"),
                ("unknown field", {"nickname": "Fati"}, "nickname", "unknown_field")):
            with self.subTest(label):
                r = self.edit(x["id"], body)
                self.assertError(r, 422, "validation_failed", field, code)
        self.assertEqual(self.detail(x["id"]), before)
        self.assertEqual(self.edits(x["id"]), [])

    def test_edit_cin_taken(self):
        x = self.register_ok("ED")
        y = self.register_ok("ED")
        other = self.register_ok("ED2")
        r = self.edit(x["id"], {"cin": y["body"]["cin"].lower()})
        self.assertError(r, 409, "duplicate", "cin")
        self.assertEqual(self.detail(x["id"])["applicant"]["cin"], x["body"]["cin"])
        self.assertEqual(self.edits(x["id"]), [])
        # A CIN registered in another programme only is free here.
        r = self.edit(x["id"], {"cin": other["body"]["cin"]})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(self.detail(x["id"])["applicant"]["cin"], other["body"]["cin"])

    def test_edit_by_coordinator(self):
        x = self.register_ok("ED")
        y = self.register_ok("ED", region="MA-06", province="Casablanca")
        r = self.edit(x["id"], {"region": "MA-06", "province": "Casablanca"}, self.souss)
        self.assertError(r, 422, "validation_failed", "region")
        a = self.detail(x["id"])["applicant"]
        self.assertEqual((a["region"], a["province"]), ("MA-09", "Taroudant"))
        self.assertEqual(self.edits(x["id"]), [])
        r = self.edit(x["id"], {"province": "Tiznit"}, self.souss)
        self.assertEqual(r.status, 200, r)
        e = self.edits(x["id"])
        self.assertEqual(len(e), 1)
        self.assertEqual(e[0]["actor"], self.souss.user["username"])
        self.assertEqual(e[0]["changes"], {"province": {"from": "Taroudant", "to": "Tiznit"}})
        self.assertError(self.edit(y["id"], {"commune": "Anfa"}, self.souss), 404, "not_found")
        self.assertError(self.edit(999999, {"commune": "Anfa"}), 404, "not_found")
        # A national officer may move it to another region.
        r = self.edit(x["id"], {"region": "MA-06", "province": "Casablanca"}, self.officer)
        self.assertEqual(r.status, 200, r)
        self.assertError(self.souss.get("/api/v1/applications/%d" % x["id"]), 404, "not_found")
        self.assertEqual(self.casa.get("/api/v1/applications/%d" % x["id"]).status, 200)

    def test_edit_names(self):
        x = self.register_ok("ED")
        r = self.edit(x["id"], {"first_name": None, "last_name": ""})
        self.assertEqual(r.status, 200, r)      # the Arabic names remain
        ap = r.json()["applicant"]
        self.assertEqual((ap["first_name"], ap["last_name"]), (None, None))
        self.assertEqual(ap["first_name_ar"], "فاطمة")
        r = self.edit(x["id"], {"first_name_ar": None})
        self.assertError(r, 422, "validation_failed")
        err = r.json()["error"]
        self.assertTrue({f["field"] for f in err["fields"]} & {"first_name", "last_name",
                                                               "first_name_ar", "last_name_ar"},
                        err)
        self.assertEqual(self.detail(x["id"])["applicant"]["first_name_ar"], "فاطمة")
        r = self.edit(x["id"], {"first_name": "ⵜⴰⵎⴰⵣⵉⵖⵜ", "last_name": "Noël"})
        self.assertEqual(r.status, 200, r)
        ap = self.detail(x["id"])["applicant"]
        self.assertEqual((ap["first_name"], ap["last_name"]), ("ⵜⴰⵎⴰⵣⵉⵖⵜ", "Noël"))

    def test_edit_region_moves_the_quota(self):
        self.create_programme("EQ")
        self.set_targets("EQ", {"MA-09": 1, "MA-01": 1})
        x = self.register_ok("EQ")
        y = self.register_ok("EQ")
        self.assertEqual((x["status"], y["status"]), ("submitted", "waitlisted"))
        r = self.edit(x["id"], {"region": "MA-01", "province": "Tétouan"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["reference"], x["reference"])     # references never change
        # MA-01 is now full; its numbering starts at 1 all the same.
        z = self.register_ok("EQ", region="MA-01", province="Larache")
        self.assertEqual((z["reference"], z["status"]), ("EQ-MA-01-000001", "waitlisted"))
        # MA-09 holds only the waitlisted one now; once she withdraws, a place is free.
        self.move(y["id"], "withdrawn")
        w = self.register_ok("EQ")
        self.assertEqual((w["reference"], w["status"]), ("EQ-MA-09-000003", "submitted"))

    # -- audit ---------------------------------------------------------------------------

    def audit(self):
        r = self.admin.get("/api/v1/audit?limit=500")
        self.assertEqual(r.status, 200, r)
        return r.json()["items"]

    def test_audit_of_personal_data(self):
        b = body_with(first_name="Audit", phone=fresh_phone())
        r = self.register("AU", b)
        self.assertEqual(r.status, 201, r)
        app = application_id(r)
        created_rid = r.header("X-Request-Id")
        r = self.souss.get("/api/v1/applications/%d" % app)
        self.assertEqual(r.status, 200, r)
        read_rid = r.header("X-Request-Id")
        r = self.souss.get("/api/v1/applications?program=AU")
        self.assertEqual(r.status, 200, r)
        list_rid = r.header("X-Request-Id")
        r = self.transition(app, "under_review")
        move_rid = r.header("X-Request-Id")
        r = self.edit(app, {"commune": "Tafraout"})
        edit_rid = r.header("X-Request-Id") if r.status == 200 else None
        entries = self.audit()
        by_rid = {}
        for e in entries:
            by_rid.setdefault(e.get("request_id"), []).append(e)

        def one(rid, action):
            found = [e for e in by_rid.get(rid, []) if e["action"] == action]
            self.assertEqual(len(found), 1, (action, by_rid.get(rid), entries[:5]))
            self.assertEqual(found[0]["outcome"], "success")
            self.assertRegex(found[0]["at"], RFC3339)
            return found[0]

        e = one(created_rid, "application.create")
        self.assertEqual(str(e["object_id"]), str(app))
        e = one(read_rid, "application.read")
        self.assertEqual(str(e["object_id"]), str(app))
        self.assertEqual(e["actor"], self.souss.user["username"])
        e = one(list_rid, "application.list")
        self.assertEqual(e["actor"], self.souss.user["username"])
        e = one(move_rid, "application.transition")
        self.assertEqual(str(e["object_id"]), str(app))
        if edit_rid:
            e = one(edit_rid, "application.update")
            self.assertEqual(str(e["object_id"]), str(app))
        # No personal data in clear in the audit log.
        text = repr(entries)
        self.assertNotIn(b["cin"], text)
        self.assertNotIn(b["phone"][1:], text)
        # The chain still checks out.
        v = self.admin.get("/api/v1/audit/verify").json()
        self.assertIs(v["intact"], True, v)
