# Public registration (POST /api/v1/programs/{code}/applications) and the public
# status check (GET /api/v1/applications/status): the API.md example gives
# JISR-MA-09-000001; references run gap-free per programme and region; CIN and
# phone are normalised; a second registration of one CIN in a programme is 409
# duplicate; every field is validated (422 validation_failed naming the field and
# a code, messages in ar/fr/en, nothing stored); names in Arabic, accented French
# and Tifinagh come back exactly; eligibility rules (422 not_eligible naming the
# rule); closed (409) and unknown (404) programmes; region quotas (waitlisted, a
# withdrawal frees a place); probable duplicates flagged for staff (spellings,
# same phone, Arabic-only vs Latin-only names); the status check answers 404 with
# one same body unless both reference and CIN match; and the public rate limit
# (429 with Retry-After) on registration and status check.
#
# RegistrationTestCase and the helpers at the top are shared with test_applications.py
# and test_concurrency.py.
import datetime
import itertools
import random
import re
import time
import urllib.parse

from harness import DEFAULT_PASSWORD, Server, ServerTestCase, add_user, unique

OMIT = object()     # in body changes: leave the member out

EXAMPLE = {"cin": "AB123456", "first_name": "Fatima", "last_name": "El Idrissi",
           "first_name_ar": "فاطمة", "last_name_ar": "الإدريسي", "birth_date": "1994-03-02",
           "sex": "F", "phone": "0612345678", "email": None, "region": "MA-09",
           "province": "Taroudant", "commune": "Ouled Teima", "education": "secondary",
           "situation": "unemployed", "project_idea": "Atelier de couture", "consent": True}

JISR = {"code": "JISR", "name_fr": "Programme Jisr pour l'autonomisation et le leadership",
        "name_ar": "برنامج جسر للتمكين والريادة", "starts_on": "2024-01-01",
        "ends_on": "2026-12-31", "registration_open": True,
        "eligibility": {"age_min": 18, "age_max": 45, "sexes": ["F"], "regions": []}}

NAME_FIELDS = ("first_name", "last_name", "first_name_ar", "last_name_ar")

RFC3339 = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$"

_serial = itertools.count(random.randrange(100000, 400000))


def fresh_cin():
    n = next(_serial)
    return "%s%06d" % ("QRSTUVWXYZ"[n % 10], n)


def fresh_phone():
    return "06%08d" % next(_serial)


def today_utc():
    return datetime.datetime.now(datetime.timezone.utc).date()


def years_ago(n, days=0):
    """The date n years before today (UTC), shifted by `days`."""
    t = today_utc()
    try:
        d = t.replace(year=t.year - n)
    except ValueError:          # 29 February
        d = t.replace(year=t.year - n, day=28)
    return (d + datetime.timedelta(days=days)).isoformat()


def body_with(base=None, **changes):
    """The API.md example (or `base`) with a fresh CIN and phone, then `changes`
    (OMIT removes a member)."""
    b = dict(EXAMPLE if base is None else base)
    b["cin"] = fresh_cin()
    b["phone"] = fresh_phone()
    for k, v in changes.items():
        if v is OMIT:
            b.pop(k, None)
        else:
            b[k] = v
    return b


def application_id(r):
    """The id from the Location header of a 201 registration."""
    loc = r.header("Location")
    assert loc and re.match(r"^/api/v1/applications/\d+$", loc), r.headers
    return int(loc.rsplit("/", 1)[1])


def q(**params):
    return urllib.parse.urlencode(params)


class RegistrationTestCase(ServerTestCase):
    """One server per class on a fresh database (with --rate-limit 0), cls.admin
    signed in as an admin, cls.public an anonymous client, and the helpers below.
    No tests of its own."""

    SERVER_ARGS = ["--rate-limit", "0"]

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        try:
            cls.public = cls.server.client()
            cls.prepare()
        except BaseException:
            cls.server.stop()
            raise

    @classmethod
    def prepare(cls):
        """Class fixtures, once the server runs."""

    @classmethod
    def staff_client(cls, role, region=None, lang=None):
        """A new account of `role` (made through the API) and a client signed in."""
        body = {"username": unique(role[:5] + "."), "password": DEFAULT_PASSWORD, "role": role}
        if region:
            body["region"] = region
        r = cls.admin.post("/api/v1/users", body)
        assert r.status == 201, r
        c = cls.server.client(lang=lang)
        c.login(body["username"])
        return c

    @classmethod
    def create_programme(cls, code, **fields):
        body = {"code": code, "name_fr": "Programme %s" % code, "name_ar": "برنامج %s" % code,
                "starts_on": "2024-01-01", "ends_on": "2030-12-31", "registration_open": True,
                "eligibility": {}}
        body.update(fields)
        r = cls.admin.post("/api/v1/programs", body)
        assert r.status == 201, r
        return r.json()

    @classmethod
    def set_targets(cls, code, targets):
        r = cls.admin.request("PUT", "/api/v1/programs/%s/targets" % code,
                              body={"targets": [{"region": k, "beneficiaries": v}
                                                for k, v in targets.items()]})
        assert r.status == 200, r
        return r.json()

    @classmethod
    def register(cls, code, body, lang=None):
        return cls.public.post("/api/v1/programs/%s/applications" % code, body, lang=lang)

    @classmethod
    def register_ok(cls, code, body=None, **changes):
        """Registers (body_with(body, **changes)); returns {"id","reference","status",
        "body"}."""
        b = body_with(body, **changes)
        r = cls.register(code, b)
        assert r.status == 201, (r, b)
        doc = r.json()
        return {"id": application_id(r), "reference": doc["reference"], "status": doc["status"],
                "body": b}

    @classmethod
    def move(cls, app_id, *states, client=None, note=None):
        c = client or cls.admin
        for s in states:
            body = {"to": s}
            if note is not None:
                body["note"] = note
            r = c.post("/api/v1/applications/%d/transitions" % app_id, body)
            assert r.status == 200, (s, r)
        return r.json() if states else None

    def detail(self, app_id, client=None):
        r = (client or self.admin).get("/api/v1/applications/%d" % app_id)
        self.assertEqual(r.status, 200, r)
        return r.json()

    def history(self, app_id, client=None):
        r = (client or self.admin).get("/api/v1/applications/%d/history" % app_id)
        self.assertEqual(r.status, 200, r)
        return r.json()

    def list_all(self, query="", client=None, limit=500):
        """Every item of the staff list for `query`, following the cursor."""
        items, after = [], None
        for _ in range(200):
            path = "/api/v1/applications?limit=%d" % limit
            if query:
                path += "&" + query
            if after:
                path += "&after=" + urllib.parse.quote(after)
            r = (client or self.admin).get(path)
            self.assertEqual(r.status, 200, r)
            doc = r.json()
            items += doc["items"]
            after = doc["next"]
            if after is None:
                return items
        self.fail("list paging does not end")

    def list_ids(self, query="", client=None):
        return [a["id"] for a in self.list_all(query, client)]


# ---------------------------------------------------------------------------


class RegistrationTest(RegistrationTestCase):

    @classmethod
    def prepare(cls):
        # The programme and the registration of API.md, first of all.
        cls.jisr_response = cls.admin.post("/api/v1/programs", JISR)
        cls.example_response = cls.register("JISR", dict(EXAMPLE))
        cls.create_programme("OPEN")                 # no eligibility rule
        cls.create_programme("CLOSED", registration_open=False)
        cls.create_programme("SOUSS", eligibility={"regions": ["MA-09"]})
        cls.create_programme("DOCS", eligibility={"required_fields": ["education"]})

    # -- the example, references -------------------------------------------------

    def test_api_example(self):
        self.assertEqual(self.jisr_response.status, 201, self.jisr_response)
        r = self.example_response
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json(), {"reference": "JISR-MA-09-000001", "status": "submitted"})
        self.assertTrue(r.header("Content-Type", "").startswith("application/json"))
        a = self.detail(application_id(r))
        self.assertEqual(a["reference"], "JISR-MA-09-000001")
        self.assertEqual(a["program"], "JISR")
        self.assertEqual(a["status"], "submitted")
        self.assertIsNone(a["flag"])
        self.assertRegex(a["created_at"], RFC3339)
        ap = a["applicant"]
        for k in ("first_name", "last_name", "first_name_ar", "last_name_ar", "birth_date",
                  "sex", "region", "province", "commune", "education", "situation",
                  "project_idea"):
            self.assertEqual(ap[k], EXAMPLE[k], k)
        self.assertEqual(ap["cin"], "AB123456")
        self.assertEqual(ap["phone"], "+212612345678")
        self.assertIsNone(ap["email"])
        self.assertRegex(ap["consent_at"], RFC3339)

    def test_references_sequence_per_region(self):
        self.create_programme("SEQ")
        regions = ["MA-09", "MA-06", "MA-09", "MA-09", "MA-06", "MA-01", "MA-09"]
        provinces = {"MA-09": "Tiznit", "MA-06": "Casablanca", "MA-01": "Tétouan"}
        got = [self.register_ok("SEQ", region=reg, province=provinces[reg])["reference"]
               for reg in regions]
        self.assertEqual(got, ["SEQ-MA-09-000001", "SEQ-MA-06-000001", "SEQ-MA-09-000002",
                               "SEQ-MA-09-000003", "SEQ-MA-06-000002", "SEQ-MA-01-000001",
                               "SEQ-MA-09-000004"])
        # Refused registrations take no number.
        self.assertEqual(self.register("SEQ", body_with(cin="bad")).status, 422)
        dup = body_with(province="Tiznit")
        self.assertEqual(self.register("SEQ", dup).status, 201)
        self.assertEqual(self.register("SEQ", dict(dup, phone=fresh_phone())).status, 409)
        self.assertEqual(self.register_ok("SEQ", province="Tiznit")["reference"],
                         "SEQ-MA-09-000006")

    # -- CIN and phone -------------------------------------------------------------

    def test_cin_normalised_and_duplicate_refused(self):
        self.create_programme("CINS")
        b = body_with(cin="ab 123456")
        r = self.register("CINS", b)
        self.assertEqual(r.status, 201, r)
        first = application_id(r)
        self.assertEqual(self.detail(first)["applicant"]["cin"], "AB123456")
        for spelling in ("AB123456", "ab123456", " Ab 123 456 "):
            with self.subTest(cin=spelling):
                again = body_with(first_name="Nadia", last_name="Amrani", birth_date="1980-01-01",
                                  cin=spelling)
                r = self.register("CINS", again)
                self.assertError(r, 409, "duplicate", "cin", "duplicate")
        self.assertEqual(len(self.list_all("program=CINS")), 1)
        # The same CIN in another programme is another registration.
        r = self.register("OPEN", body_with(cin="AB123456"))
        self.assertEqual(r.status, 201, r)

    def test_cin_shapes(self):
        for cin, stored in (("A1", "A1"), ("z 9", "Z9"), ("CS987654", "CS987654"),
                            ("j654321", "J654321"), ("Hh 000001", "HH000001")):
            with self.subTest(cin=cin):
                r = self.register("OPEN", body_with(cin=cin))
                self.assertEqual(r.status, 201, r)
                self.assertEqual(self.detail(application_id(r))["applicant"]["cin"], stored)

    def test_phone_normalised(self):
        for phone in ("0612345678", "+212612345678", "00212 6 12 34 56 78", "06.12.34.56.78",
                      "06-12-34-56-78"):
            with self.subTest(phone=phone):
                r = self.register("OPEN", body_with(phone=phone))
                self.assertEqual(r.status, 201, r)
                self.assertEqual(self.detail(application_id(r))["applicant"]["phone"],
                                 "+212612345678")
        for phone, stored in (("0712345678", "+212712345678"), ("0522123456", "+212522123456")):
            with self.subTest(phone=phone):
                r = self.register("OPEN", body_with(phone=phone))
                self.assertEqual(r.status, 201, r)
                self.assertEqual(self.detail(application_id(r))["applicant"]["phone"], stored)

    # -- validation ------------------------------------------------------------------

    VALIDATION_CASES = [
        # (label, changes, field, acceptable codes)
        ("cin missing", {"cin": OMIT}, "cin", ("required",)),
        ("cin empty", {"cin": ""}, "cin", ("required",)),
        ("cin null", {"cin": None}, "cin", ("required",)),
        ("cin digits only", {"cin": "123456"}, "cin", ("invalid_format",)),
        ("cin three letters", {"cin": "ABC12345"}, "cin", ("invalid_format",)),
        ("cin seven digits", {"cin": "AB1234567"}, "cin", ("invalid_format",)),
        ("cin Arabic digits", {"cin": "AB١٢٣٤٥٦"}, "cin", ("invalid_format",)),
        ("cin number", {"cin": 123456}, "cin", ("invalid_type",)),
        ("cin too long", {"cin": "AB" + "1" * 5000}, "cin", ("too_long", "invalid_format")),
        ("cin SQL", {"cin": "AB1' OR '1'='1"}, "cin", ("invalid_format",)),
        ("first_name Arabic letters", {"first_name": "فاطمة"}, "first_name", ("wrong_script",)),
        ("last_name Arabic letters", {"last_name": "الإدريسي"}, "last_name", ("wrong_script",)),
        ("first_name_ar Latin letters", {"first_name_ar": "Fatima"}, "first_name_ar",
         ("wrong_script",)),
        ("last_name_ar Latin letters", {"last_name_ar": "Idrissi"}, "last_name_ar",
         ("wrong_script",)),
        ("first_name 61 characters", {"first_name": "a" * 61}, "first_name", ("too_long",)),
        ("last_name 61 Arabic letters", {"last_name_ar": "ب" * 61}, "last_name_ar",
         ("too_long",)),
        ("first_name number", {"first_name": 42}, "first_name", ("invalid_type",)),
        ("last_name list", {"last_name": ["El", "Idrissi"]}, "last_name", ("invalid_type",)),
        ("first_name with digits", {"first_name": "Fatima2"}, "first_name", ("invalid_format",)),
        ("first_name with newline", {"first_name": "Fat\nima"}, "first_name",
         ("invalid_format",)),
        ("last_name with tab", {"last_name": "El\tIdrissi"}, "last_name", ("invalid_format",)),
        ("first_name with C1 control", {"first_name": "Fat\u0085ima"}, "first_name",
         ("invalid_format",)),
        ("first_name with ESC", {"first_name": "Fat\u001bima"}, "first_name",
         ("invalid_format",)),
        ("last_name SQL", {"last_name": "Robert'); DROP TABLE applications;--"}, "last_name",
         ("invalid_format",)),
        ("first_name SQL quote", {"first_name": "x' OR '1'='1"}, "first_name",
         ("invalid_format",)),
        ("first_name HTML", {"first_name": "<script>alert(1)</script>"}, "first_name",
         ("invalid_format",)),
        ("last_name HTML", {"last_name": "<b>Idrissi</b>"}, "last_name", ("invalid_format",)),
        ("first_name_ar HTML", {"first_name_ar": "<img src=x onerror=alert(1)>"},
         "first_name_ar", ("invalid_format", "wrong_script")),
        ("last_name_ar with digits", {"last_name_ar": "الإدريسي٣"}, "last_name_ar",
         ("invalid_format",)),
        ("no name at all", {"first_name": OMIT, "last_name": OMIT, "first_name_ar": OMIT,
                            "last_name_ar": OMIT}, NAME_FIELDS, ("required",)),
        ("only half of each pair", {"last_name": OMIT, "first_name_ar": OMIT},
         ("last_name", "first_name_ar"), ("required",)),
        ("birth_date missing", {"birth_date": OMIT}, "birth_date", ("required",)),
        ("birth_date 30 February", {"birth_date": "2023-02-30"}, "birth_date",
         ("invalid_date",)),
        ("birth_date month 13", {"birth_date": "2023-13-01"}, "birth_date", ("invalid_date",)),
        ("birth_date 29 February 1995", {"birth_date": "1995-02-29"}, "birth_date",
         ("invalid_date",)),
        ("birth_date French order", {"birth_date": "02/03/1994"}, "birth_date",
         ("invalid_date",)),
        ("birth_date with time", {"birth_date": "1994-03-02T00:00:00Z"}, "birth_date",
         ("invalid_date",)),
        ("birth_date number", {"birth_date": 19940302}, "birth_date", ("invalid_type",)),
        ("birth_date tomorrow", {"birth_date": years_ago(0, 1)}, "birth_date",
         ("out_of_range",)),
        ("birth_date 121 years ago", {"birth_date": years_ago(121)}, "birth_date",
         ("out_of_range",)),
        ("birth_date 9 years ago", {"birth_date": years_ago(9)}, "birth_date",
         ("out_of_range",)),
        ("birth_date in the year 2999", {"birth_date": "2999-01-01"}, "birth_date",
         ("out_of_range", "invalid_date")),
        ("birth_date 1850", {"birth_date": "1850-01-01"}, "birth_date",
         ("out_of_range", "invalid_date")),
        ("sex missing", {"sex": OMIT}, "sex", ("required",)),
        ("sex lower case", {"sex": "f"}, "sex", ("invalid_value",)),
        ("sex other", {"sex": "X"}, "sex", ("invalid_value",)),
        ("sex boolean", {"sex": True}, "sex", ("invalid_type",)),
        ("phone missing", {"phone": OMIT}, "phone", ("required",)),
        ("phone too short", {"phone": "06123"}, "phone", ("invalid_format",)),
        ("phone 08", {"phone": "0812345678"}, "phone", ("invalid_format",)),
        ("phone foreign", {"phone": "+33612345678"}, "phone", ("invalid_format",)),
        ("phone letters", {"phone": "06-CALL-ME"}, "phone", ("invalid_format",)),
        ("phone number", {"phone": 612345678}, "phone", ("invalid_type",)),
        ("email without at", {"email": "fatima.example.org"}, "email", ("invalid_format",)),
        ("email too long", {"email": "a" * 250 + "@example.org"}, "email", ("too_long",)),
        ("email number", {"email": 5}, "email", ("invalid_type",)),
        ("region missing", {"region": OMIT}, "region", ("required",)),
        ("region MA-13", {"region": "MA-13"}, "region", ("invalid_value",)),
        ("region lower case", {"region": "ma-09"}, "region", ("invalid_value",)),
        ("region number", {"region": 9}, "region", ("invalid_type",)),
        ("province missing", {"province": OMIT}, "province", ("required",)),
        ("province unknown", {"province": "Atlantis"}, "province", ("invalid_value",)),
        ("province of another region", {"province": "Casablanca"}, "province",
         ("province_not_in_region",)),
        ("province of another region (MA-06)", {"region": "MA-06", "province": "Tiznit"},
         "province", ("province_not_in_region",)),
        ("commune too long", {"commune": "c" * 81}, "commune", ("too_long",)),
        ("commune control", {"commune": "Ouled\u0007Teima"}, "commune", ("invalid_format",)),
        ("education unknown", {"education": "phd"}, "education", ("invalid_value",)),
        ("situation unknown", {"situation": "rich"}, "situation", ("invalid_value",)),
        ("situation number", {"situation": 1}, "situation", ("invalid_type",)),
        ("project_idea too long", {"project_idea": "p" * 1001}, "project_idea", ("too_long",)),
        ("project_idea control", {"project_idea": "Atelier\u0007"}, "project_idea",
         ("invalid_format",)),
        ("consent false", {"consent": False}, "consent", ("consent_required",)),
        ("consent absent", {"consent": OMIT}, "consent", ("consent_required",)),
        ("consent null", {"consent": None}, "consent", ("consent_required",)),
        ("consent as text", {"consent": "true"}, "consent", ("invalid_type", "consent_required")),
        ("consent as 1", {"consent": 1}, "consent", ("invalid_type", "consent_required")),
        ("unknown field", {"is_admin": True}, "is_admin", ("unknown_field",)),
        ("unknown field status", {"status": "accepted"}, "status", ("unknown_field",)),
        ("unknown field reference", {"reference": "VAL-MA-09-999999"}, "reference",
         ("unknown_field",)),
    ]

    def test_validation(self):
        self.create_programme("VAL")
        first = self.register_ok("VAL")
        self.assertEqual(first["reference"], "VAL-MA-09-000001")
        seq_before = self.last_audit_seq()
        for label, changes, field, codes in self.VALIDATION_CASES:
            with self.subTest(label):
                r = self.register("VAL", body_with(**changes))
                err = self.assertError(r, 422, "validation_failed")
                fields = field if isinstance(field, tuple) else (field,)
                got = [f["code"] for f in err.get("fields", []) if f.get("field") in fields]
                self.assertTrue(set(got) & set(codes), (label, err))
                for f in err["fields"]:
                    self.assertIsInstance(f.get("code"), str, err)
                    self.assertTrue(f.get("message"), err)
        # Nothing was stored by the refusals, nor audited as a creation, and the
        # numbering goes on without a gap.
        self.assertEqual(self.list_ids("program=VAL"), [first["id"]])
        self.assertEqual(self.audit_actions_since(seq_before).count("application.create"), 0)
        self.assertEqual(self.register_ok("VAL")["reference"], "VAL-MA-09-000002")

    def last_audit_seq(self):
        r = self.admin.get("/api/v1/audit?limit=1")
        self.assertEqual(r.status, 200, r)
        return r.json()["items"][0]["seq"]

    def audit_actions_since(self, seq):
        r = self.admin.get("/api/v1/audit?limit=500")
        self.assertEqual(r.status, 200, r)
        return [e["action"] for e in r.json()["items"] if e["seq"] > seq]

    def test_nul_in_a_name_refused(self):
        # JSON may carry U+0000; it is refused (as bad JSON or as a field error).
        self.create_programme("NUL")
        for field in ("first_name", "last_name_ar", "cin", "project_idea", "commune"):
            with self.subTest(field=field):
                b = body_with()
                b[field] = b.get(field) or "x"
                b[field] = b[field][:2] + "\u0000" + b[field][2:]
                r = self.register("NUL", b)
                self.assertIn(r.status, (400, 422), r)
                self.assertEqual(r.json()["error"]["code"],
                                 "bad_json" if r.status == 400 else "validation_failed")
        self.assertEqual(self.list_all("program=NUL"), [])

    def test_several_fields_reported_together(self):
        b = body_with(cin="1", first_name="فاطمة", birth_date="2023-02-30", sex="W", phone="1",
                      region="MA-09", province="Casablanca", consent=False, education="x")
        err = self.assertError(self.register("OPEN", b), 422, "validation_failed")
        codes = {f["field"]: f["code"] for f in err["fields"]}
        for field, code in (("cin", "invalid_format"), ("first_name", "wrong_script"),
                            ("birth_date", "invalid_date"), ("sex", "invalid_value"),
                            ("phone", "invalid_format"), ("province", "province_not_in_region"),
                            ("consent", "consent_required"), ("education", "invalid_value")):
            self.assertEqual(codes.get(field), code, err)

    def test_messages_follow_accept_language(self):
        b = body_with(consent=False, province="Casablanca")
        msgs = {}
        for lang in ("ar", "fr", "en"):
            err = self.assertError(self.register("OPEN", b, lang=lang), 422,
                                   "validation_failed", "consent", "consent_required")
            fields = {f["field"]: f["message"] for f in err["fields"]}
            msgs[lang] = (err["message"], fields["consent"], fields["province"])
        for i in range(3):
            self.assertEqual(len({m[i] for m in msgs.values()}), 3, msgs)
        arabic = lambda s: any("\u0600" <= ch <= "\u06ff" for ch in s)   # noqa: E731
        self.assertTrue(all(arabic(m) for m in msgs["ar"]), msgs)
        self.assertFalse(any(arabic(m) for m in msgs["fr"] + msgs["en"]), msgs)
        # French is the default; browsers' headers with regions and weights work.
        err = self.assertError(self.register("OPEN", b), 422, "validation_failed")
        self.assertEqual(err["message"], msgs["fr"][0])
        for header, lang in (("ar-MA,ar;q=0.9,fr;q=0.8", "ar"), ("en-US,en;q=0.9", "en"),
                             ("fr-FR", "fr"), ("de", "fr")):
            with self.subTest(header=header):
                err = self.assertError(self.register("OPEN", b, lang=header), 422,
                                       "validation_failed")
                self.assertEqual(err["message"], msgs[lang][0])
        # Other answers follow it too.
        seen = set()
        for lang in ("ar", "fr", "en"):
            seen.add(self.assertError(self.register("NOSUCH", body_with(), lang=lang), 404,
                                      "not_found")["message"])
        self.assertEqual(len(seen), 3)

    def test_accepted_boundaries_and_optional_fields(self):
        cases = [
            ("60-character first name", {"first_name": "a" * 60}),
            ("hyphen and apostrophe", {"first_name": "Lalla-Aicha", "last_name": "N'Ait Ali"}),
            ("Latin names only", {"first_name_ar": OMIT, "last_name_ar": OMIT}),
            ("Arabic names only", {"first_name": OMIT, "last_name": OMIT}),
            ("nulls for the Latin names", {"first_name": None, "last_name": None}),
            ("optional fields absent", {"email": OMIT, "commune": OMIT, "education": OMIT,
                                        "situation": OMIT, "project_idea": OMIT}),
            ("optional fields empty", {"email": "", "commune": "", "project_idea": ""}),
            ("an e-mail", {"email": "fatima.idrissi@example.org"}),
            ("project idea on several lines", {"project_idea": "Atelier\n\tde couture\r\n"}),
            ("project idea of 1000 characters", {"project_idea": "é" * 1000}),
            ("commune of 80 characters", {"commune": "c" * 80}),
            ("HTML in the project idea is text", {"project_idea": "<b>couture</b> & 'broderie'"}),
            ("surrounding spaces", {"first_name": "  Fatima  "}),
        ]
        for label, changes in cases:
            with self.subTest(label):
                r = self.register("OPEN", body_with(**changes))
                self.assertEqual(r.status, 201, r)
        a = self.detail(application_id(self.register("OPEN", body_with(first_name="  Fatima  ",
                                                                      project_idea="<b>x</b>"))))
        self.assertEqual(a["applicant"]["first_name"], "Fatima")
        self.assertEqual(a["applicant"]["project_idea"], "<b>x</b>")

    # -- names in every script ---------------------------------------------------

    def test_names_returned_exactly(self):
        cases = [
            {"first_name": "Hélène", "last_name": "Aït Oufella",
             "first_name_ar": "هيلين", "last_name_ar": "آيت أوفلة"},
            {"first_name": "Anaïs", "last_name": "Noël-Benoît",
             "first_name_ar": "أنائيس", "last_name_ar": "نويل"},
            {"first_name": "ⵜⴰⵎⴰⵣⵉⵖⵜ", "last_name": "ⵜⵉⴼⵉⵏⴰⵖ",
             "first_name_ar": "ⵜⴰⵎⴰⵣⵉⵖⵜ", "last_name_ar": "ⴰⵢⵜ ⵄⵍⵉ"},
            {"first_name": OMIT, "last_name": OMIT,
             "first_name_ar": "فَاطِمَة", "last_name_ar": "الإدريسيّ"},
            {"first_name": "He\u0301le\u0300ne", "last_name": "Noe\u0308l",
             "first_name_ar": "هيلين", "last_name_ar": "نويل"},
            {"first_name": "Taɣribt", "last_name": "Ɛli Ouḥmad",
             "first_name_ar": "فـاطمة", "last_name_ar": "بن مؤمن"},
        ]
        for names in cases:
            with self.subTest(names=names):
                r = self.register("OPEN", body_with(**names))
                self.assertEqual(r.status, 201, r)
                a = self.detail(application_id(r))
                for k in ("first_name", "last_name", "first_name_ar", "last_name_ar"):
                    expected = names.get(k, EXAMPLE[k])
                    expected = None if expected is OMIT else expected
                    self.assertEqual(a["applicant"][k], expected, k)
                # The raw answer carries UTF-8 (or escapes that decode to the same).
                self.assertEqual(self.admin.get("/api/v1/applications/%d" % a["id"]).json(), a)

    # -- eligibility -----------------------------------------------------------------

    def assertNotEligible(self, r, rule, lang="en", words=()):
        err = self.assertError(r, 422, "not_eligible")
        self.assertEqual(err.get("rule"), rule, err)
        for w in words:
            self.assertIn(w, err["message"].lower(), err)
        return err

    def test_eligibility_age(self):
        base = body_with()
        msgs = set()
        for label, birth, rule in (("46 today", years_ago(46), "age_max"),
                                   ("60", years_ago(60), "age_max"),
                                   ("17, 18 tomorrow", years_ago(18, 1), "age_min"),
                                   ("12", years_ago(12), "age_min")):
            with self.subTest(label):
                r = self.register("JISR", dict(base, birth_date=birth, cin=fresh_cin()),
                                  lang="en")
                words = ("maximum", "age") if rule == "age_max" else ("minimum", "age")
                msgs.add(self.assertNotEligible(r, rule, words=words)["message"])
        self.assertEqual(len(msgs), 2)
        for label, birth in (("45 today", years_ago(45)), ("46 tomorrow", years_ago(46, 1)),
                             ("18 today", years_ago(18))):
            with self.subTest(label):
                r = self.register("JISR", dict(base, birth_date=birth, cin=fresh_cin(),
                                               phone=fresh_phone()))
                self.assertEqual(r.status, 201, r)
        # Nothing was stored for the refused ones.
        births = {a["applicant"]["birth_date"] for a in self.list_all("program=JISR")}
        self.assertNotIn(years_ago(46), births)
        self.assertNotIn(years_ago(60), births)

    def test_eligibility_sex_and_region(self):
        err = self.assertNotEligible(self.register("JISR", body_with(sex="M"), lang="en"),
                                     "sexes", words=("sex",))
        fr = self.assertNotEligible(self.register("JISR", body_with(sex="M"), lang="fr"), "sexes")
        ar = self.assertNotEligible(self.register("JISR", body_with(sex="M"), lang="ar"), "sexes")
        self.assertEqual(len({err["message"], fr["message"], ar["message"]}), 3)
        self.assertNotEligible(self.register("SOUSS", body_with(region="MA-06",
                                                                province="Casablanca"),
                                             lang="en"), "regions", words=("region",))
        self.assertEqual(self.register("SOUSS", body_with()).status, 201)
        self.assertEqual(self.list_all("program=SOUSS&region=MA-06"), [])
        # Men may register where the programme admits them.
        self.assertEqual(self.register("OPEN", body_with(sex="M", first_name="Youssef")).status,
                         201)

    def test_eligibility_required_fields(self):
        err = self.assertNotEligible(self.register("DOCS", body_with(education=OMIT), lang="en"),
                                     "required_fields")
        self.assertIn("education", [f["field"] for f in err.get("fields", [])], err)
        self.assertEqual(self.register("DOCS", body_with()).status, 201)

    def test_validation_comes_before_eligibility(self):
        # A man with a bad phone: the field error is what he can fix.
        r = self.register("JISR", body_with(sex="M", phone="123"))
        self.assertError(r, 422, "validation_failed", "phone")

    # -- closed and unknown programmes -------------------------------------------------

    def test_closed_programme(self):
        r = self.register("CLOSED", body_with())
        self.assertError(r, 409, "registration_closed")
        self.assertEqual(self.list_all("program=CLOSED"), [])
        # Closing and reopening an open programme.
        self.create_programme("TOGGLE")
        self.assertEqual(self.admin.patch("/api/v1/programs/TOGGLE",
                                          {"registration_open": False}).status, 200)
        self.assertError(self.register("TOGGLE", body_with()), 409, "registration_closed")
        self.assertEqual(self.admin.patch("/api/v1/programs/TOGGLE",
                                          {"registration_open": True}).status, 200)
        self.assertEqual(self.register_ok("TOGGLE")["reference"], "TOGGLE-MA-09-000001")

    def test_unknown_programme(self):
        for code in ("NOSUCH", "jisr", "J", "A" * 40, "JISR%20"):
            with self.subTest(code=code):
                self.assertError(self.register(code, body_with()), 404, "not_found")

    # -- quotas -----------------------------------------------------------------------

    def test_quota_waitlist_and_freed_place(self):
        self.create_programme("QUO")
        self.set_targets("QUO", {"MA-09": 2, "MA-01": 0})
        a = self.register_ok("QUO")
        b = self.register_ok("QUO")
        c = self.register_ok("QUO")
        self.assertEqual([x["status"] for x in (a, b, c)], ["submitted", "submitted",
                                                            "waitlisted"])
        self.assertEqual(c["reference"], "QUO-MA-09-000003")
        self.assertEqual(self.detail(c["id"])["status"], "waitlisted")
        h = self.history(c["id"])["items"]
        self.assertEqual([(e["from"], e["to"]) for e in h], [(None, "waitlisted")])
        # The waitlisted one counts against the target too (API.md): withdrawing it
        # leaves the two submitted ones, the target is still reached.
        self.move(c["id"], "withdrawn")
        d = self.register_ok("QUO")
        self.assertEqual(d["status"], "waitlisted")
        # Withdrawing the fourth and one of the first two frees a place.
        self.move(d["id"], "withdrawn")
        self.move(a["id"], "withdrawn")
        e = self.register_ok("QUO")
        self.assertEqual(e["status"], "submitted")
        # An ineligible application frees its place too.
        self.move(b["id"], "under_review", "ineligible")
        self.assertEqual(self.register_ok("QUO")["status"], "submitted")
        self.assertEqual(self.register_ok("QUO")["status"], "waitlisted")
        # A region without a target has no quota; a target of 0 waitlists everyone.
        for _ in range(3):
            self.assertEqual(self.register_ok("QUO", region="MA-06",
                                              province="Casablanca")["status"], "submitted")
        self.assertEqual(self.register_ok("QUO", region="MA-01",
                                          province="Larache")["status"], "waitlisted")
        # The status check agrees.
        r = self.public.get("/api/v1/applications/status?" + q(reference=d["reference"],
                                                              cin=d["body"]["cin"]))
        self.assertEqual(r.json()["status"], "withdrawn")

    def test_quota_target_lowered_after_registrations(self):
        self.create_programme("QUO2")
        for _ in range(3):
            self.register_ok("QUO2")
        self.set_targets("QUO2", {"MA-09": 2})
        self.assertEqual(self.register_ok("QUO2")["status"], "waitlisted")
        self.set_targets("QUO2", {"MA-09": 10})
        self.assertEqual(self.register_ok("QUO2")["status"], "submitted")
        self.set_targets("QUO2", {})
        self.assertEqual(self.register_ok("QUO2")["status"], "submitted")

    # -- probable duplicates -------------------------------------------------------------

    def flagged(self, code):
        return {a["id"]: a for a in self.list_all("program=%s&flag=probable_duplicate" % code)}

    def test_probable_duplicates(self):
        self.create_programme("DUP")
        latin = {"first_name_ar": OMIT, "last_name_ar": OMIT, "sex": "M"}
        m1 = self.register_ok("DUP", first_name="Mohammed", last_name="El Idrissi",
                              birth_date="1985-05-05", **latin)
        self.assertEqual(m1["status"], "submitted")
        cases = [
            # (label, changes, flagged?)
            ("another spelling", dict(first_name="Mohamed", last_name="Elidrissi",
                                      birth_date="1985-05-05", **latin), True),
            ("spelling and case", dict(first_name="MOHAMMAD", last_name="el-idrissi",
                                       birth_date="1985-05-05", **latin), True),
            ("names swapped", dict(first_name="El Idrissi", last_name="Mohammed",
                                   birth_date="1985-05-05", **latin), True),
            ("same names, another birth date", dict(first_name="Mohammed",
                                                    last_name="El Idrissi",
                                                    birth_date="1985-05-06", **latin), False),
            ("another person, same birth date", dict(first_name="Youssef", last_name="Alami",
                                                     birth_date="1985-05-05", **latin), False),
        ]
        for label, changes, expected in cases:
            with self.subTest(label):
                x = self.register_ok("DUP", **changes)
                self.assertEqual(x["status"], "submitted")   # accepted, never merged
                a = self.detail(x["id"])
                if expected:
                    self.assertEqual(a["flag"], "probable_duplicate", a)
                    self.assertEqual(a["duplicate_of"], m1["id"], a)
                    self.assertIn(x["id"], self.flagged("DUP"))
                else:
                    self.assertIsNone(a["flag"], a)
                    self.assertIsNone(a["duplicate_of"], a)
                    self.assertNotIn(x["id"], self.flagged("DUP"))
        # The first one stays unflagged; the flag filter lists only flagged ones.
        self.assertIsNone(self.detail(m1["id"])["flag"])
        self.assertNotIn(m1["id"], self.flagged("DUP"))
        self.assertTrue(all(a["flag"] == "probable_duplicate"
                            for a in self.flagged("DUP").values()))

    def test_probable_duplicate_same_phone(self):
        self.create_programme("DUPP")
        p1 = self.register_ok("DUPP", first_name="Salma", last_name="Bennani",
                              first_name_ar=OMIT, last_name_ar=OMIT, birth_date="1990-01-01")
        for phone in (p1["body"]["phone"], "+212" + p1["body"]["phone"][1:]):
            with self.subTest(phone=phone):
                p2 = self.register_ok("DUPP", first_name="Hajar", last_name="Chraibi",
                                      first_name_ar=OMIT, last_name_ar=OMIT,
                                      birth_date="1970-07-07", phone=phone)
                a = self.detail(p2["id"])
                self.assertEqual(a["flag"], "probable_duplicate", a)
                self.assertEqual(a["duplicate_of"], p1["id"])
        # The same phone in another programme is no duplicate there.
        r = self.register("OPEN", body_with(phone=p1["body"]["phone"], first_name="Hajar",
                                            last_name="Chraibi", first_name_ar=OMIT,
                                            last_name_ar=OMIT, birth_date="1971-07-07"))
        self.assertEqual(r.status, 201)

    def test_probable_duplicate_across_scripts(self):
        # The same woman, once with her names in Arabic only, once in Latin only.
        self.create_programme("DUPX")
        pairs = [
            ({"first_name_ar": "فاطمة", "last_name_ar": "الإدريسي"},
             {"first_name": "Fatima", "last_name": "El Idrissi"}, "1992-04-04"),
            ({"first_name": "Khadija", "last_name": "Benali"},
             {"first_name_ar": "خديجة", "last_name_ar": "بنعلي"}, "1988-08-08"),
        ]
        for ar_first, other, birth in pairs:
            with self.subTest(first=ar_first, then=other):
                one = dict(first_name=OMIT, last_name=OMIT, first_name_ar=OMIT,
                           last_name_ar=OMIT, birth_date=birth)
                x = self.register_ok("DUPX", **dict(one, **ar_first))
                y = self.register_ok("DUPX", **dict(one, **other))
                a = self.detail(y["id"])
                self.assertEqual(a["flag"], "probable_duplicate",
                                 "cross-script duplicate not flagged: %r" % a)
                self.assertEqual(a["duplicate_of"], x["id"])

    # -- status check ----------------------------------------------------------------

    def status(self, **params):
        return self.public.get("/api/v1/applications/status" + ("?" + q(**params)
                                                                 if params else ""))

    def test_status_check(self):
        x = self.register_ok("OPEN", cin="ST 123456")
        for cin in ("ST123456", "st123456", "st 123456", " St 12 34 56 "):
            with self.subTest(cin=cin):
                r = self.status(reference=x["reference"], cin=cin)
                self.assertEqual(r.status, 200, r)
                doc = r.json()
                self.assertEqual(doc["reference"], x["reference"])
                self.assertEqual(doc["status"], "submitted")
                self.assertRegex(doc["updated_at"], RFC3339)
                self.assertFalse(set(doc) - {"reference", "status", "updated_at"}, doc)
        self.move(x["id"], "under_review")
        r = self.status(reference=x["reference"], cin="ST123456")
        self.assertEqual(r.json()["status"], "under_review")
        self.assertGreaterEqual(r.json()["updated_at"], doc["updated_at"])
        # Staff may use it too; it is the same answer.
        r2 = self.admin.get("/api/v1/applications/status?" + q(reference=x["reference"],
                                                               cin="ST123456"))
        self.assertEqual(r2.json(), r.json())

    def test_status_check_reveals_nothing(self):
        x = self.register_ok("OPEN", cin="SR 654321")
        y = self.register_ok("OPEN")
        wrong = [
            ("CIN wrong", dict(reference=x["reference"], cin="SR654322")),
            ("CIN of another application", dict(reference=x["reference"], cin=y["body"]["cin"])),
            ("reference of another application", dict(reference=y["reference"], cin="SR654321")),
            ("reference wrong", dict(reference="OPEN-MA-09-999999", cin="SR654321")),
            ("reference of another region", dict(reference=x["reference"].replace("MA-09",
                                                                                  "MA-06"),
                                                 cin="SR654321")),
            ("reference missing", dict(cin="SR654321")),
            ("CIN missing", dict(reference=x["reference"])),
            ("both missing", {}),
            ("both empty", dict(reference="", cin="")),
            ("CIN malformed", dict(reference=x["reference"], cin="%%%")),
            ("CIN SQL", dict(reference=x["reference"], cin="' OR 1=1 --")),
            ("reference SQL", dict(reference="' OR '1'='1", cin="SR654321")),
            ("reference pattern", dict(reference="OPEN-MA-09-%", cin="SR654321")),
            ("very long reference", dict(reference="R" * 5000, cin="SR654321")),
        ]
        bodies = set()
        for label, params in wrong:
            with self.subTest(label):
                r = self.status(**params)
                self.assertError(r, 404, "not_found")
                bodies.add((r.status, r.header("Content-Type"), r.body))
        self.assertEqual(len(bodies), 1, bodies)
        # The right pair still answers.
        self.assertEqual(self.status(reference=x["reference"], cin="SR654321").status, 200)


class RateLimitTest(ServerTestCase):
    """A server with --rate-limit 3: the fourth public request of a minute is 429."""

    SERVER_ARGS = ["--rate-limit", "3"]
    LIMIT = 3

    @classmethod
    def setUpClass(cls):
        cls.server = Server(args=cls.SERVER_ARGS)
        try:
            add_user(cls.server.db.url, "rl.admin", "admin")
            cls.server.start()
            # A bearer token: a login would use up the public budget.
            cls.admin = cls.server.client(bearer=cls.server.create_token("rl.admin"))
            r = cls.admin.post("/api/v1/programs", {
                "code": "RATE", "name_fr": "Limite", "name_ar": "حد", "starts_on": "2024-01-01",
                "ends_on": "2030-12-31", "registration_open": True, "eligibility": {}})
            assert r.status == 201, r
        except BaseException:
            cls.server.stop()
            raise

    def assert429(self, r):
        self.assertError(r, 429, "rate_limited")
        retry = r.header("Retry-After")
        self.assertIsNotNone(retry, r.headers)
        self.assertRegex(retry, r"^\d+$")
        self.assertTrue(1 <= int(retry) <= 60, retry)

    def test_registration_and_status_limited(self):
        c = self.server.client()
        made = []
        for _ in range(self.LIMIT):
            b = body_with()
            r = c.post("/api/v1/programs/RATE/applications", b)
            self.assertEqual(r.status, 201, r)
            made.append((r.json()["reference"], b["cin"]))
        r = c.post("/api/v1/programs/RATE/applications", body_with())
        self.assert429(r)
        # The refused one was not stored.
        items = self.admin.get("/api/v1/applications?program=RATE").json()["items"]
        self.assertEqual(len(items), self.LIMIT)
        # The status check is a public endpoint of the same budget: limited too
        # (if it had a budget of its own, it is used up within LIMIT + 1 requests).
        ref, cin = made[0]
        statuses = []
        for _ in range(self.LIMIT + 1):
            r = c.get("/api/v1/applications/status?" + q(reference=ref, cin=cin))
            statuses.append(r.status)
            if r.status == 429:
                self.assert429(r)
                break
            self.assertEqual(r.status, 200, r)
        self.assertEqual(statuses[-1], 429, statuses)
        # Staff endpoints and the public programme list are not limited.
        self.assertEqual(self.admin.get("/api/v1/applications?program=RATE").status, 200)
        self.assertEqual(c.get("/api/v1/programs").status, 200)
        self.assertEqual(c.get("/healthz").status, 200)
        # Still limited a moment later.
        time.sleep(0.2)
        self.assert429(c.post("/api/v1/programs/RATE/applications", body_with()))
