# A programme's bilan (targets vs achieved by region, by status, over time) and the
# public statistics, whose counts under 5 are suppressed: checked against
# registrations and transitions made by the test itself.
import datetime

from harness import ServerTestCase, unique


def applicant(cin, region="MA-09", province="Taroudant", first="Fatima", last="Ouali"):
    return {"cin": cin, "first_name": first, "last_name": last, "birth_date": "1994-03-02",
            "sex": "F", "phone": "06%08d" % int(cin[2:]), "region": region,
            "province": province, "education": "secondary", "situation": "unemployed",
            "consent": True}


class ReportsTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        admin = cls.admin
        cls.code = "REP" + unique("x")[1:6].upper()
        r = admin.post("/api/v1/programs", {
            "code": cls.code, "name_fr": "Programme de test", "name_ar": "برنامج تجريبي",
            "registration_open": True, "eligibility": {"sexes": ["F"]}})
        assert r.status == 201, r
        admin.request("PUT", "/api/v1/programs/%s/targets" % cls.code,
                      body={"targets": [{"region": "MA-09", "beneficiaries": 100},
                                        {"region": "MA-06", "beneficiaries": 50}]})
        public = cls.server.client()
        cls.ids = []
        for i in range(7):
            r = public.post("/api/v1/programs/%s/applications" % cls.code,
                            applicant("RP%06d" % (i + 1), first="Amina%s" % "abcdefg"[i]))
            assert r.status == 201, r
        for i in range(3):
            r = public.post("/api/v1/programs/%s/applications" % cls.code,
                            applicant("RC%06d" % (i + 1), "MA-06", "Casablanca",
                                      first="Salma%s" % "abc"[i]))
            assert r.status == 201, r
        listed = admin.get("/api/v1/applications?program=%s&region=MA-09&sort=created"
                           % cls.code).json()["items"]
        # One withdrawn and one under review in MA-09.
        admin.post("/api/v1/applications/%d/transitions" % listed[0]["id"], {"to": "withdrawn"})
        admin.post("/api/v1/applications/%d/transitions" % listed[1]["id"],
                   {"to": "under_review"})

    def region(self, body, code):
        return next(x for x in body["regions"] if x["region"] == code)

    def test_bilan_counts_targets_and_states(self):
        _, analyst = self.signed_in("analyst")
        r = analyst.get("/api/v1/reports/programs/%s/bilan" % self.code)
        self.assertEqual(r.status, 200, r)
        body = r.json()
        self.assertEqual(len(body["regions"]), 12)
        souss = self.region(body, "MA-09")
        self.assertEqual(souss["target"], 100)
        self.assertEqual(souss["registered"], 6)          # 7 minus the withdrawn one
        self.assertAlmostEqual(souss["attainment"], 0.06)
        self.assertEqual(souss["by_status"]["submitted"], 5)
        self.assertEqual(souss["by_status"]["under_review"], 1)
        self.assertEqual(souss["by_status"]["withdrawn"], 1)
        casa = self.region(body, "MA-06")
        self.assertEqual((casa["target"], casa["registered"]), (50, 3))
        self.assertIsNone(self.region(body, "MA-01")["target"])
        self.assertEqual(body["totals"]["target"], 150)
        self.assertEqual(body["totals"]["registered"], 9)
        today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
        self.assertEqual(body["over_time"][-1], {"date": today, "registrations": 10})

    def test_bilan_needs_reporting_rights_and_a_known_programme(self):
        self.assertEqual(self.client().get(
            "/api/v1/reports/programs/%s/bilan" % self.code).status, 401)
        _, worker = self.signed_in("partner_agent", organisation=self.organisation_id())
        self.assertEqual(worker.get("/api/v1/reports/programs/%s/bilan" % self.code).status, 403)
        self.assertEqual(self.admin.get("/api/v1/reports/programs/NOPE/bilan").status, 404)
        self.assertError(self.admin.get("/api/v1/reports/programs/%s/bilan?format=doc"
                                        % self.code), 422, "validation_failed", "format")

    def organisation_id(self):
        r = self.admin.post("/api/v1/organisations",
                            {"name": unique("Agence "), "kind": "partner_agency"})
        return r.json()["id"]

    def test_public_statistics_suppress_small_cells(self):
        r = self.client().get("/api/v1/stats/public?program=%s" % self.code)
        self.assertEqual(r.status, 200, r)
        body = r.json()
        self.assertEqual(body["suppressed_below"], 5)
        self.assertEqual(self.region(body, "MA-09")["registered"], 6)
        self.assertIsNone(self.region(body, "MA-06")["registered"])   # 3 < 5
        self.assertEqual(self.region(body, "MA-01")["registered"], 0)
        self.assertEqual(body["registered"], 9)
        self.assertNotIn("cin", r.text)
        self.assertEqual(self.client().get("/api/v1/stats/public?program=NOPE").status, 404)
        self.assertEqual(self.client().get("/api/v1/stats/public").status, 404)
