# GET /api/v1/regions: the reference map of Morocco's 12 regions (MA-01..MA-12)
# and 75 prefectures and provinces, with French and Arabic names, the Arabic
# returned exactly as in data/regions.json.
from harness import ServerTestCase

# Copied from /work/shared/data/regions.json.
EXPECTED = {
    "MA-01": ("Tanger-Tétouan-Al Hoceïma", "طنجة تطوان الحسيمة"),
    "MA-06": ("Casablanca-Settat", "الدار البيضاء سطات"),
    "MA-09": ("Souss-Massa", "سوس ماسة"),
}
MA09_PROVINCES = ["Agadir Ida-Outanane", "Inezgane-Aït Melloul", "Chtouka-Aït Baha",
                  "Taroudant", "Tiznit", "Tata"]


class RegionsTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.response = cls.server.client().get("/api/v1/regions")

    def regions(self):
        doc = self.response.json()
        regions = doc["regions"] if isinstance(doc, dict) and "regions" in doc else doc.get("items")
        self.assertIsInstance(regions, list, doc)
        return regions

    def test_status_and_type(self):
        self.assertEqual(self.response.status, 200, self.response)
        self.assertTrue(self.response.header("Content-Type").startswith("application/json"))

    def test_twelve_regions_with_codes(self):
        codes = [r["code"] for r in self.regions()]
        self.assertEqual(sorted(codes), ["MA-%02d" % i for i in range(1, 13)])

    def test_75_provinces(self):
        regions = self.regions()
        self.assertEqual(sum(len(r["provinces"]) for r in regions), 75)
        for r in regions:
            self.assertGreater(len(r["provinces"]), 0, r["code"])

    def test_names_non_empty(self):
        for r in self.regions():
            with self.subTest(code=r["code"]):
                self.assertIsInstance(r["name_fr"], str)
                self.assertIsInstance(r["name_ar"], str)
                self.assertTrue(r["name_fr"].strip())
                self.assertTrue(r["name_ar"].strip())
                # The Arabic name is in Arabic script.
                self.assertTrue(any("\u0600" <= ch <= "\u06ff" for ch in r["name_ar"]))

    def test_names_exact(self):
        by_code = {r["code"]: r for r in self.regions()}
        for code, (fr, ar) in EXPECTED.items():
            with self.subTest(code=code):
                self.assertEqual(by_code[code]["name_fr"], fr)
                self.assertEqual(by_code[code]["name_ar"], ar)
        self.assertEqual(by_code["MA-09"]["provinces"], MA09_PROVINCES)

    def test_arabic_bytes_in_utf8(self):
        # The body is UTF-8: the exact bytes of the name appear (as UTF-8 or escaped).
        raw = self.response.body
        name = EXPECTED["MA-09"][1]
        escaped = "".join("\\u%04x" % ord(ch) if ord(ch) > 127 else ch for ch in name)
        self.assertTrue(name.encode("utf-8") in raw or escaped.encode() in raw.lower())
