# Trainings (cohorts) through the API: creation and its validation, list with
# filters and cursor paging, reading and changing, enrolment of beneficiaries (and
# the move of an accepted application to in_training it causes, with history and
# audit), capacity, attendance per day, completion, and the regional scope of
# coordinators (another region's training answers 404).
#
# The helpers at the top (programme, registration, moves through the states) are
# also used by test_enterprises.py.
import datetime
import secrets
import threading

from harness import ServerTestCase



def _word():
    """A random name word: letters only, as names must be."""
    return "".join(secrets.choice("bcdfghklmnrstz") + secrets.choice("aeiou")
                   for _ in range(3)).capitalize()


def iso(d):
    return d.isoformat()


def today():
    return datetime.datetime.now(datetime.timezone.utc).date()


def make_program(client, code=None):
    """A programme open to registration with no eligibility rule; returns its code."""
    code = code or "T" + secrets.token_hex(4).upper()
    r = client.post("/api/v1/programs", {
        "code": code, "name_fr": "Programme %s" % code, "name_ar": "برنامج",
        "starts_on": "2020-01-01", "ends_on": "2030-12-31", "registration_open": True,
        "eligibility": {}})
    assert r.status == 201, r
    return code


def register(client, program, region="MA-09", province="Taroudant"):
    """Registers a new applicant through the public endpoint; returns the application id."""
    letters = "".join(secrets.choice("ABCDEFGHJKLMNPRSTVWXYZ") for _ in range(2))
    body = {"cin": "%s%06d" % (letters, secrets.randbelow(900000) + 100000),
            "first_name": "Fatima " + _word(), "last_name": "Idrissi " + _word(),
            "birth_date": "1994-03-02", "sex": "F",
            "phone": "06%08d" % secrets.randbelow(10 ** 8), "region": region,
            "province": province, "education": "secondary", "situation": "unemployed",
            "project_idea": "Atelier de couture", "consent": True}
    r = client.post("/api/v1/programs/%s/applications" % program, body)
    assert r.status == 201, r
    return int(r.header("Location").rsplit("/", 1)[1])


PATH_TO = {
    "under_review": ["under_review"],
    "eligible": ["under_review", "eligible"],
    "accepted": ["under_review", "eligible", "accepted"],
    "in_training": ["under_review", "eligible", "accepted", "in_training"],
    "incubated": ["under_review", "eligible", "accepted", "in_training", "incubated"],
    "enterprise_created": ["under_review", "eligible", "accepted", "in_training", "incubated",
                           "enterprise_created"],
}


def move_to(client, app_id, state):
    for s in PATH_TO[state]:
        r = client.post("/api/v1/applications/%d/transitions" % app_id, {"to": s})
        assert r.status == 200, r


def beneficiary(client, program, state, region="MA-09", province="Taroudant"):
    app_id = register(client, program, region, province)
    if state != "submitted":
        move_to(client, app_id, state)
    return app_id


def audit_of(admin, response):
    """The audit entries written while answering `response` (by its request id)."""
    rid = response.header("X-Request-Id")
    r = admin.get("/api/v1/audit?limit=100")
    assert r.status == 200, r
    return [e for e in r.json()["items"] if e.get("request_id") == rid]


class TrainingsTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.program = make_program(cls.admin)
        cls.other_program = make_program(cls.admin)
        cls.start = today() - datetime.timedelta(days=120)
        cls.end = today() - datetime.timedelta(days=30)
        cls.token = cls.server.create_token(cls.ADMIN)

    def training_body(self, **over):
        body = {"program": self.program, "title": "Gestion de projet",
                "venue": "Incubateur de Taroudant", "region": "MA-09",
                "province": "Taroudant", "starts_on": iso(self.start), "ends_on": iso(self.end),
                "trainers": ["Amina Berrada", "Karim Alaoui"], "capacity": 20}
        body.update(over)
        return body

    def create(self, client=None, **over):
        r = (client or self.admin).post("/api/v1/trainings", self.training_body(**over))
        self.assertEqual(r.status, 201, r)
        return r.json()

    def enrol(self, training, app_id, client=None, **extra):
        body = {"application_id": app_id}
        body.update(extra)
        return (client or self.admin).post("/api/v1/trainings/%d/enrolments" % training["id"],
                                           body)

    def status_of(self, app_id):
        r = self.admin.get("/api/v1/applications/%d" % app_id)
        self.assertEqual(r.status, 200, r)
        return r.json()["status"]

    # --- creation -------------------------------------------------------------

    def test_create(self):
        r = self.admin.post("/api/v1/trainings", self.training_body())
        self.assertEqual(r.status, 201, r)
        t = r.json()
        self.assertEqual(r.header("Location"), "/api/v1/trainings/%d" % t["id"])
        for k, v in self.training_body().items():
            self.assertEqual(t[k], v, k)
        self.assertEqual(t["enrolled"], 0)
        self.assertRegex(t["created_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        entries = audit_of(self.admin, r)
        self.assertEqual([e["action"] for e in entries], ["training.create"])
        self.assertEqual(entries[0]["object_id"], str(t["id"]))
        self.assertEqual(entries[0]["actor"], self.ADMIN)
        # trainers are optional
        body = self.training_body()
        del body["trainers"]
        r = self.admin.post("/api/v1/trainings", body)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["trainers"], [])

    def test_create_validation(self):
        r = self.admin.post("/api/v1/trainings", {})
        err = self.assertError(r, 422, "validation_failed")
        fields = {f["field"]: f["code"] for f in err["fields"]}
        for name in ("program", "title", "venue", "region", "province", "starts_on", "ends_on",
                     "capacity"):
            self.assertEqual(fields.get(name), "required", (name, fields))
        cases = [
            ({"program": "NOPE"}, "program", "invalid_value"),
            ({"region": "MA-13"}, "region", "invalid_value"),
            ({"province": "Casablanca"}, "province", "province_not_in_region"),
            ({"title": "   "}, "title", "required"),
            ({"title": 12}, "title", "invalid_type"),
            ({"venue": "x" * 201}, "venue", "too_long"),
            ({"starts_on": "2025-02-30"}, "starts_on", "invalid_date"),
            ({"ends_on": iso(self.start - datetime.timedelta(days=1))}, "ends_on",
             "out_of_range"),
            ({"ends_on": iso(self.start + datetime.timedelta(days=400))}, "ends_on",
             "out_of_range"),
            ({"capacity": 0}, "capacity", "out_of_range"),
            ({"capacity": 1001}, "capacity", "out_of_range"),
            ({"capacity": "20"}, "capacity", "invalid_type"),
            ({"capacity": 2.5}, "capacity", "invalid_type"),
            ({"trainers": "Amina"}, "trainers", "invalid_type"),
            ({"trainers": ["Amina", ""]}, "trainers[1]", "required"),
            ({"trainers": ["Amina", 3]}, "trainers[1]", "invalid_type"),
            ({"trainers": ["x"] * 21}, "trainers", "too_long"),
            ({"colour": "blue"}, "colour", "unknown_field"),
        ]
        for over, field, code in cases:
            with self.subTest(field=field, code=code):
                r = self.admin.post("/api/v1/trainings", self.training_body(**over))
                self.assertError(r, 422, "validation_failed", field, code)
        r = self.admin.post("/api/v1/trainings", raw=b"[1]")
        self.assertError(r, 422)
        # A one-day training is fine.
        self.create(starts_on=iso(self.start), ends_on=iso(self.start))

    def test_messages_follow_language(self):
        r = self.admin.post("/api/v1/trainings", self.training_body(capacity=0), lang="en")
        err = self.assertError(r, 422, "validation_failed", "capacity", "out_of_range")
        r2 = self.admin.post("/api/v1/trainings", self.training_body(capacity=0), lang="ar")
        err2 = self.assertError(r2, 422)
        self.assertNotEqual(err["message"], err2["message"])

    # --- list, get, patch -----------------------------------------------------

    def test_list_filters_and_paging(self):
        program = make_program(self.admin)
        made = [self.create(program=program, title="Cohorte %d" % i) for i in range(5)]
        made.append(self.create(program=program, region="MA-01", province="Tanger-Assilah"))
        r = self.admin.get("/api/v1/trainings?program=%s" % program)
        self.assertEqual(r.status, 200, r)
        doc = r.json()
        self.assertEqual([t["id"] for t in doc["items"]], [t["id"] for t in reversed(made)])
        self.assertIsNone(doc["next"])
        r = self.admin.get("/api/v1/trainings?program=%s&region=MA-01" % program)
        self.assertEqual([t["id"] for t in r.json()["items"]], [made[-1]["id"]])
        # Cursor paging: two at a time, every one once, in order.
        seen, after = [], None
        for _ in range(10):
            path = "/api/v1/trainings?program=%s&limit=2" % program
            if after:
                path += "&after=" + after
            doc = self.admin.get(path).json()
            self.assertLessEqual(len(doc["items"]), 2)
            seen += [t["id"] for t in doc["items"]]
            after = doc["next"]
            if after is None:
                break
        self.assertEqual(seen, [t["id"] for t in reversed(made)])
        # The largest cursor is still a cursor, not a server error.
        r = self.admin.get("/api/v1/trainings?program=%s&after=9223372036854775807" % program)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(len(r.json()["items"]), len(made))
        for q, field in (("program=NOPE", "program"), ("region=XX", "region"),
                         ("limit=0", "limit"), ("after=abc", "after"),
                         ("after=9223372036854775808", "after")):
            with self.subTest(q=q):
                self.assertError(self.admin.get("/api/v1/trainings?" + q), 422,
                                 "validation_failed", field)

    def test_get_and_patch(self):
        t = self.create()
        r = self.admin.get("/api/v1/trainings/%d" % t["id"])
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), t)
        r = self.admin.patch("/api/v1/trainings/%d" % t["id"],
                             {"title": "Gestion financière", "capacity": 25,
                              "trainers": ["Nadia"]})
        self.assertEqual(r.status, 200, r)
        u = r.json()
        self.assertEqual((u["title"], u["capacity"], u["trainers"]),
                         ("Gestion financière", 25, ["Nadia"]))
        self.assertEqual(u["venue"], t["venue"])
        self.assertEqual([e["action"] for e in audit_of(self.admin, r)], ["training.update"])
        # Moving to another region needs a province of it.
        r = self.admin.patch("/api/v1/trainings/%d" % t["id"], {"region": "MA-01"})
        self.assertError(r, 422, "validation_failed", "province", "province_not_in_region")
        r = self.admin.patch("/api/v1/trainings/%d" % t["id"],
                             {"region": "MA-01", "province": "Tétouan"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual((r.json()["region"], r.json()["province"]), ("MA-01", "Tétouan"))
        for body, field, code in (({"program": self.other_program}, "program", "invalid_value"),
                                  ({"ends_on": "2000-01-01"}, "ends_on", "out_of_range"),
                                  ({"title": None}, "title", "required"),
                                  ({"capacity": -1}, "capacity", "out_of_range"),
                                  ({"id": 3}, "id", "unknown_field")):
            with self.subTest(field=field):
                r = self.admin.patch("/api/v1/trainings/%d" % t["id"], body)
                self.assertError(r, 422, "validation_failed", field, code)
        self.assertError(self.admin.get("/api/v1/trainings/999999"), 404, "not_found")
        self.assertError(self.admin.get("/api/v1/trainings/abc"), 404, "not_found")
        self.assertError(self.admin.patch("/api/v1/trainings/999999", {"title": "x"}), 404)

    # --- enrolment ------------------------------------------------------------

    def test_enrolling_accepted_moves_to_in_training(self):
        t = self.create()
        app_id = beneficiary(self.admin, self.program, "accepted")
        r = self.enrol(t, app_id)
        self.assertEqual(r.status, 201, r)
        e = r.json()
        self.assertEqual(r.header("Location"),
                         "/api/v1/trainings/%d/enrolments/%d" % (t["id"], app_id))
        self.assertEqual(e["application_id"], app_id)
        self.assertEqual(e["status"], "in_training")
        self.assertIsNone(e["completed"])
        self.assertEqual(e["attendance"], {"present": 0, "absent": 0, "excused": 0})
        self.assertEqual(self.status_of(app_id), "in_training")
        history = self.admin.get("/api/v1/applications/%d/history" % app_id).json()["items"]
        last = history[-1]
        self.assertEqual((last["from"], last["to"], last["actor"]),
                         ("accepted", "in_training", self.ADMIN))
        self.assertIn(str(t["id"]), last["note"])
        actions = sorted(e["action"] for e in audit_of(self.admin, r))
        self.assertEqual(actions, ["application.transition", "training.enrol"])
        self.assertEqual(self.admin.get("/api/v1/trainings/%d" % t["id"]).json()["enrolled"], 1)

    def test_enrolling_in_training_keeps_state(self):
        t1, t2 = self.create(), self.create(title="Marketing")
        app_id = beneficiary(self.admin, self.program, "accepted")
        self.assertEqual(self.enrol(t1, app_id).status, 201)
        before = self.admin.get("/api/v1/applications/%d/history" % app_id).json()["items"]
        r = self.enrol(t2, app_id, note="second module")
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["status"], "in_training")
        after = self.admin.get("/api/v1/applications/%d/history" % app_id).json()["items"]
        self.assertEqual(len(after), len(before))
        self.assertEqual([e["action"] for e in audit_of(self.admin, r)], ["training.enrol"])

    def test_enrol_without_starting_training(self):
        t = self.create()
        app_id = beneficiary(self.admin, self.program, "accepted")
        r = self.enrol(t, app_id, start_training=False)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(self.status_of(app_id), "accepted")
        self.assertError(self.enrol(t, app_id, start_training="yes"), 422, "validation_failed",
                         "start_training", "invalid_type")

    def test_enrolment_refusals(self):
        t = self.create()
        for state in ("submitted", "eligible", "incubated"):
            with self.subTest(state=state):
                app_id = beneficiary(self.admin, self.program, state)
                r = self.enrol(t, app_id)
                self.assertError(r, 409, "invalid_transition")
                self.assertEqual(self.status_of(app_id), state)
        withdrawn = beneficiary(self.admin, self.program, "accepted")
        self.admin.post("/api/v1/applications/%d/transitions" % withdrawn, {"to": "withdrawn"})
        self.assertError(self.enrol(t, withdrawn), 409, "invalid_transition")
        other = beneficiary(self.admin, self.other_program, "accepted")
        self.assertError(self.enrol(t, other), 422, "validation_failed", "application_id",
                         "not_in_program")
        self.assertEqual(self.status_of(other), "accepted")
        for missing in (99999999, 9223372036854775807):
            self.assertError(self.enrol(t, missing), 422, "validation_failed",
                             "application_id", "not_found")
        # Beyond 64 bits the JSON decoder refuses the body itself.
        self.assertError(self.enrol(t, 9223372036854775808), 400, "bad_json")
        r = self.admin.post("/api/v1/trainings/%d/enrolments" % t["id"], {})
        self.assertError(r, 422, "validation_failed", "application_id", "required")
        r = self.admin.post("/api/v1/trainings/%d/enrolments" % t["id"], {"application_id": "1"})
        self.assertError(r, 422, "validation_failed", "application_id", "invalid_type")
        ok = beneficiary(self.admin, self.program, "accepted")
        self.assertEqual(self.enrol(t, ok).status, 201)
        r = self.enrol(t, ok)
        self.assertError(r, 409, "duplicate", "application_id", "duplicate")
        self.assertEqual(self.admin.get("/api/v1/trainings/%d" % t["id"]).json()["enrolled"], 1)
        self.assertError(self.admin.post("/api/v1/trainings/999999/enrolments",
                                         {"application_id": ok}), 404)

    def test_capacity(self):
        t = self.create(capacity=2)
        apps = [beneficiary(self.admin, self.program, "accepted") for _ in range(3)]
        self.assertEqual(self.enrol(t, apps[0]).status, 201)
        self.assertEqual(self.enrol(t, apps[1]).status, 201)
        r = self.enrol(t, apps[2])
        self.assertError(r, 409, "capacity_reached")
        # Nothing half-written: the third stays accepted and is not enrolled.
        self.assertEqual(self.status_of(apps[2]), "accepted")
        doc = self.admin.get("/api/v1/trainings/%d/enrolments" % t["id"]).json()
        self.assertEqual([e["application_id"] for e in doc["items"]], apps[:2])
        # A full training's duplicate is still a duplicate.
        self.assertError(self.enrol(t, apps[0]), 409, "duplicate")
        # Capacity cannot go below the enrolled.
        r = self.admin.patch("/api/v1/trainings/%d" % t["id"], {"capacity": 1})
        self.assertError(r, 422, "validation_failed", "capacity", "out_of_range")
        r = self.admin.patch("/api/v1/trainings/%d" % t["id"], {"capacity": 3})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(self.enrol(t, apps[2]).status, 201)

    def test_last_place_taken_once(self):
        # Concurrent enrolments for one free place: exactly one gets it, on either
        # backend, and the others' applications stay accepted.
        t = self.create(capacity=1)
        apps = [beneficiary(self.admin, self.program, "accepted") for _ in range(8)]
        results = {}

        def go(app_id):
            c = self.client(bearer=self.token)
            results[app_id] = c.post("/api/v1/trainings/%d/enrolments" % t["id"],
                                     {"application_id": app_id}).status

        threads = [threading.Thread(target=go, args=(a,)) for a in apps]
        for th in threads:
            th.start()
        for th in threads:
            th.join(30)
        self.assertEqual(sorted(results.values()), [201] + [409] * 7, results)
        winner = [a for a, s in results.items() if s == 201][0]
        self.assertEqual(self.admin.get("/api/v1/trainings/%d" % t["id"]).json()["enrolled"], 1)
        for a in apps:
            self.assertEqual(self.status_of(a), "in_training" if a == winner else "accepted")

    def test_enrolments_list_and_paging(self):
        t = self.create()
        apps = sorted(beneficiary(self.admin, self.program, "accepted") for _ in range(5))
        for a in apps:
            self.assertEqual(self.enrol(t, a).status, 201)
        r = self.admin.get("/api/v1/trainings/%d/enrolments" % t["id"])
        self.assertEqual(r.status, 200, r)
        items = r.json()["items"]
        self.assertEqual([e["application_id"] for e in items], apps)
        self.assertTrue(items[0]["first_name"].startswith("Fatima"))
        self.assertRegex(items[0]["reference"], r"-MA-09-\d{6}$")
        audited = audit_of(self.admin, r)
        self.assertEqual([e["action"] for e in audited], ["training.enrolments.read"])
        seen, after = [], None
        for _ in range(10):
            path = "/api/v1/trainings/%d/enrolments?limit=2" % t["id"]
            if after:
                path += "&after=" + after
            doc = self.admin.get(path).json()
            seen += [e["application_id"] for e in doc["items"]]
            after = doc["next"]
            if after is None:
                break
        self.assertEqual(seen, apps)
        r = self.admin.get("/api/v1/trainings/%d/enrolments/%d" % (t["id"], apps[0]))
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["application_id"], apps[0])
        self.assertEqual([e["action"] for e in audit_of(self.admin, r)],
                         ["training.enrolment.read"])
        other = beneficiary(self.admin, self.program, "accepted")
        self.assertError(self.admin.get("/api/v1/trainings/%d/enrolments/%d"
                                        % (t["id"], other)), 404)

    # --- attendance and completion --------------------------------------------

    def test_attendance(self):
        t = self.create()
        a, b, c = (beneficiary(self.admin, self.program, "accepted") for _ in range(3))
        for x in (a, b):
            self.assertEqual(self.enrol(t, x).status, 201)
        d1 = iso(self.start)
        d2 = iso(self.start + datetime.timedelta(days=1))
        base = "/api/v1/trainings/%d/attendance" % t["id"]
        r = self.admin.request("PUT", base + "/" + d1, body={"records": [
            {"application_id": a, "status": "present"},
            {"application_id": b, "status": "absent"}]})
        self.assertEqual(r.status, 200, r)
        doc = r.json()
        self.assertEqual(doc["day"], d1)
        self.assertEqual([(m["application_id"], m["status"]) for m in doc["items"]],
                         sorted([(a, "present"), (b, "absent")]))
        self.assertEqual([e["action"] for e in audit_of(self.admin, r)], ["training.attendance"])
        # Correcting one mark leaves the other.
        r = self.admin.request("PUT", base + "/" + d1, body={"records": [
            {"application_id": b, "status": "excused"}]})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(dict((m["application_id"], m["status"]) for m in r.json()["items"]),
                         {a: "present", b: "excused"})
        r = self.admin.request("PUT", base + "/" + d2, body={"records": [
            {"application_id": a, "status": "present"},
            {"application_id": b, "status": "present"}]})
        self.assertEqual(r.status, 200, r)
        r = self.admin.get(base + "/" + d1)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(len(r.json()["items"]), 2)
        self.assertEqual([e["action"] for e in audit_of(self.admin, r)],
                         ["training.attendance.read"])
        r = self.admin.get(base)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["items"], [
            {"day": d1, "present": 1, "absent": 0, "excused": 1},
            {"day": d2, "present": 2, "absent": 0, "excused": 0}])
        enrolments = self.admin.get("/api/v1/trainings/%d/enrolments" % t["id"]).json()["items"]
        by_id = dict((e["application_id"], e["attendance"]) for e in enrolments)
        self.assertEqual(by_id[a], {"present": 2, "absent": 0, "excused": 0})
        self.assertEqual(by_id[b], {"present": 1, "absent": 0, "excused": 1})

        def put(day, records):
            return self.admin.request("PUT", base + "/" + day, body={"records": records})

        ok = [{"application_id": a, "status": "present"}]
        self.assertError(put(iso(self.start - datetime.timedelta(days=1)), ok), 422,
                         "validation_failed", "day", "out_of_range")
        self.assertError(put(iso(self.end + datetime.timedelta(days=1)), ok), 422,
                         "validation_failed", "day", "out_of_range")
        self.assertError(put("2025-02-30", ok), 422, "validation_failed", "day", "invalid_date")
        self.assertError(put(d1, [{"application_id": c, "status": "present"}]), 422,
                         "validation_failed", "records[0].application_id", "not_enrolled")
        self.assertError(put(d1, [{"application_id": a, "status": "late"}]), 422,
                         "validation_failed", "records[0].status", "invalid_value")
        self.assertError(put(d1, [{"application_id": a}]), 422, "validation_failed",
                         "records[0].status", "required")
        self.assertError(put(d1, ok + ok), 422, "validation_failed",
                         "records[1].application_id", "duplicate_value")
        self.assertError(put(d1, []), 422, "validation_failed", "records", "required")
        self.assertError(put(d1, [{"application_id": a, "status": "present", "x": 1}]), 422,
                         "validation_failed", "records[0]", "unknown_field")
        self.assertError(put(d1, ["a"]), 422, "validation_failed", "records[0]", "invalid_type")
        r = self.admin.request("PUT", base + "/" + d1, body={"records": "all"})
        self.assertError(r, 422, "validation_failed", "records", "invalid_type")
        # Nothing of a refused list was written.
        self.assertEqual(self.admin.get(base).json()["items"][0],
                         {"day": d1, "present": 1, "absent": 0, "excused": 1})
        # The training's dates cannot move past the recorded days.
        r = self.admin.patch("/api/v1/trainings/%d" % t["id"], {"starts_on": d2})
        self.assertError(r, 422, "validation_failed", "starts_on", "out_of_range")
        r = self.admin.patch("/api/v1/trainings/%d" % t["id"], {"ends_on": d1})
        self.assertError(r, 422, "validation_failed", "ends_on", "out_of_range")

    def test_no_attendance_in_the_future(self):
        t = self.create(starts_on=iso(today() - datetime.timedelta(days=5)),
                        ends_on=iso(today() + datetime.timedelta(days=30)))
        a = beneficiary(self.admin, self.program, "accepted")
        self.enrol(t, a)
        base = "/api/v1/trainings/%d/attendance/" % t["id"]
        rec = {"records": [{"application_id": a, "status": "present"}]}
        r = self.admin.request("PUT", base + iso(today() + datetime.timedelta(days=1)), body=rec)
        self.assertError(r, 422, "validation_failed", "day", "out_of_range")
        r = self.admin.request("PUT", base + iso(today() - datetime.timedelta(days=1)), body=rec)
        self.assertEqual(r.status, 200, r)

    def test_completion(self):
        t = self.create()
        a, b = (beneficiary(self.admin, self.program, "accepted") for _ in range(2))
        self.enrol(t, a)
        path = "/api/v1/trainings/%d/enrolments/%d" % (t["id"], a)
        r = self.admin.patch(path, {"completed": True, "completed_on": iso(self.end)})
        self.assertEqual(r.status, 200, r)
        self.assertEqual((r.json()["completed"], r.json()["completed_on"]), (True, iso(self.end)))
        self.assertEqual([e["action"] for e in audit_of(self.admin, r)], ["training.completion"])
        r = self.admin.patch(path, {"completed": False, "completed_on": iso(self.start)})
        self.assertEqual(r.status, 200, r)
        self.assertEqual((r.json()["completed"], r.json()["completed_on"]),
                         (False, iso(self.start)))
        for body, field, code in (
                ({"completed_on": iso(self.end)}, "completed", "required"),
                ({"completed": True}, "completed_on", "required"),
                ({"completed": "yes", "completed_on": iso(self.end)}, "completed",
                 "invalid_type"),
                ({"completed": True, "completed_on": iso(self.start - datetime.timedelta(days=1))},
                 "completed_on", "out_of_range"),
                ({"completed": True, "completed_on": iso(today() + datetime.timedelta(days=1))},
                 "completed_on", "out_of_range"),
                ({"completed": True, "completed_on": "31/12/2025"}, "completed_on",
                 "invalid_date")):
            with self.subTest(body=body):
                self.assertError(self.admin.patch(path, body), 422, "validation_failed", field,
                                 code)
        # A certificate dated after the last day does not pin the training's end.
        r = self.admin.patch(path, {"completed": True, "completed_on": iso(today())})
        self.assertEqual(r.status, 200, r)
        r = self.admin.patch("/api/v1/trainings/%d" % t["id"], {"title": "Renamed"})
        self.assertEqual(r.status, 200, r)
        # But a completion bounds the start.
        r = self.admin.patch("/api/v1/trainings/%d" % t["id"],
                             {"starts_on": iso(self.start), "ends_on": iso(today())})
        self.assertEqual(r.status, 200, r)
        r = self.admin.patch("/api/v1/trainings/%d" % t["id"],
                             {"starts_on": iso(today() - datetime.timedelta(days=1)),
                              "ends_on": iso(today() + datetime.timedelta(days=1))})
        self.assertEqual(r.status, 200, r)
        r = self.admin.patch("/api/v1/trainings/%d" % t["id"],
                             {"starts_on": iso(today() + datetime.timedelta(days=1))})
        self.assertError(r, 422, "validation_failed", "starts_on", "out_of_range")
        r = self.admin.patch("/api/v1/trainings/%d/enrolments/%d" % (t["id"], b),
                             {"completed": True, "completed_on": iso(self.end)})
        self.assertError(r, 404, "not_found")

    # --- who may do what ------------------------------------------------------

    def test_regional_scope(self):
        _, coord = self.signed_in("regional_coordinator", region="MA-09")
        mine = self.create(client=coord)
        theirs = self.create(region="MA-01", province="Tanger-Assilah")
        r = coord.post("/api/v1/trainings",
                       self.training_body(region="MA-01", province="Tanger-Assilah"))
        self.assertError(r, 403, "forbidden")
        self.assertEqual(coord.get("/api/v1/trainings/%d" % mine["id"]).status, 200)
        for method, path, body in (
                ("GET", "/api/v1/trainings/%d" % theirs["id"], None),
                ("PATCH", "/api/v1/trainings/%d" % theirs["id"], {"title": "x"}),
                ("GET", "/api/v1/trainings/%d/enrolments" % theirs["id"], None),
                ("POST", "/api/v1/trainings/%d/enrolments" % theirs["id"],
                 {"application_id": 1}),
                ("GET", "/api/v1/trainings/%d/attendance" % theirs["id"], None),
                ("PUT", "/api/v1/trainings/%d/attendance/%s" % (theirs["id"], iso(self.start)),
                 {"records": [{"application_id": 1, "status": "present"}]})):
            with self.subTest(method=method, path=path):
                self.assertError(coord.request(method, path, body=body), 404, "not_found")
        # She cannot move her training out of her region.
        r = coord.patch("/api/v1/trainings/%d" % mine["id"],
                        {"region": "MA-01", "province": "Tanger-Assilah"})
        self.assertError(r, 403, "forbidden")
        # Her list is her region's, whatever she asks.
        ids = [t["id"] for t in coord.get("/api/v1/trainings?limit=500").json()["items"]]
        self.assertIn(mine["id"], ids)
        self.assertNotIn(theirs["id"], ids)
        self.assertEqual(coord.get("/api/v1/trainings?region=MA-01").json()["items"], [])
        # She enrols beneficiaries of her region, not others.
        local = beneficiary(self.admin, self.program, "accepted")
        far = beneficiary(self.admin, self.program, "accepted", "MA-01", "Tanger-Assilah")
        self.assertEqual(self.enrol(mine, local, client=coord).status, 201)
        self.assertError(self.enrol(mine, far, client=coord), 422, "validation_failed",
                         "application_id", "not_found")
        self.assertEqual(self.status_of(far), "accepted")

    def test_roles(self):
        _, analyst = self.signed_in("analyst")
        t = self.create()
        self.assertError(analyst.get("/api/v1/trainings"), 403, "forbidden")
        self.assertError(analyst.get("/api/v1/trainings/%d" % t["id"]), 403, "forbidden")
        self.assertError(analyst.post("/api/v1/trainings", self.training_body()), 403)
        anonymous = self.client()
        self.assertError(anonymous.get("/api/v1/trainings"), 401, "unauthenticated")
        _, officer = self.signed_in("national_officer")
        self.assertEqual(officer.post("/api/v1/trainings",
                                      self.training_body(region="MA-01",
                                                         province="Tétouan")).status, 201)

    def test_documented(self):
        paths = self.client().get("/api/v1/openapi.json").json()["paths"]
        for method, path in (("post", "/api/v1/trainings"), ("get", "/api/v1/trainings"),
                             ("get", "/api/v1/trainings/{id}"),
                             ("patch", "/api/v1/trainings/{id}"),
                             ("post", "/api/v1/trainings/{id}/enrolments"),
                             ("get", "/api/v1/trainings/{id}/enrolments"),
                             ("patch", "/api/v1/trainings/{id}/enrolments/{application_id}"),
                             ("get", "/api/v1/trainings/{id}/attendance"),
                             ("put", "/api/v1/trainings/{id}/attendance/{day}")):
            with self.subTest(path=path):
                self.assertIn(method, paths.get(path, {}))
