# Staff search by name prefix when a prefix is frequent. Below 256 matching words
# the server sorts the matches; above, it walks an index in id order: the words
# sharing their first three letters within a region for a query of three letters
# or more; for a shorter query or a search across regions it sorts up to 4,096
# matches and beyond walks the applications themselves. Each way must give exactly the applications whose first or last name
# starts with the query, each once (also when both names match), in id order,
# page after page in both directions, combined with the other filters and within
# a regional coordinator's scope.
import itertools
import urllib.parse

from test_import_export import csv_bytes, person
from test_registration import RegistrationTestCase, q

PROGRAM = "NSRCH"

# (region, province, first name, last name, how many)
PEOPLE = [
    ("MA-06", "Casablanca", "Fatima", "Benali", 130),
    ("MA-06", "Casablanca", "Fatima", "Alaoui", 130),
    ("MA-06", "Casablanca", "Fatima", "Fatihi", 10),    # two words in the "fat" bucket
    ("MA-06", "Casablanca", "Fatiha", "Zahra", 30),
    ("MA-06", "Casablanca", "Salma", "Bennani", 40),
    ("MA-09", "Taroudant", "Fatna", "Ouali", 260),
    ("MA-09", "Taroudant", "Nadia", "Fassi", 20),
    ("MA-09", "Taroudant", "Farah", "Filali", 3900),   # 7,800 words starting with "f"
]


class NameSearchTest(RegistrationTestCase):

    @classmethod
    def prepare(cls):
        cls.create_programme(PROGRAM)
        rows = []
        for region, province, first, last, count in PEOPLE:
            rows += [person(region=region, province=province, first_name=first, last_name=last,
                            first_name_ar="", last_name_ar="") for _ in range(count)]
        path = "/api/v1/programs/%s/applications/import" % PROGRAM
        r = cls.admin.post(path, raw=csv_bytes(rows), content_type="text/csv")
        assert r.status in (200, 201), r
        cls.people = {}   # id -> (region, first, last)
        path = "/api/v1/applications?limit=500&program=" + PROGRAM
        after = None
        while True:
            r = cls.admin.get(path + ("&after=" + after if after else ""))
            assert r.status == 200, r
            for a in r.json()["items"]:
                who = a["applicant"]
                cls.people[a["id"]] = (who["region"], who["first_name"], who["last_name"])
            after = r.json()["next"]
            if not after:
                break
        assert len(cls.people) == len(rows), len(cls.people)
        cls.casablanca = cls.staff_client("regional_coordinator", region="MA-06")

    def expected(self, prefix, region=None):
        return {i for i, (reg, first, last) in self.people.items()
                if (region is None or reg == region)
                and (first.lower().startswith(prefix) or last.lower().startswith(prefix))}

    def pages(self, query, limit, sort, client=None):
        """Every page of the search, checking each page's size and order."""
        seen, after = [], None
        for _ in range(1000):
            path = "/api/v1/applications?limit=%d&sort=%s&%s" % (limit, sort, query)
            if after:
                path += "&after=" + urllib.parse.quote(after)
            r = (client or self.admin).get(path)
            self.assertEqual(r.status, 200, r)
            doc = r.json()
            ids = [a["id"] for a in doc["items"]]
            self.assertLessEqual(len(ids), limit)
            self.assertEqual(ids, sorted(ids, reverse=sort == "-created"))
            seen += ids
            after = doc["next"]
            if not after:
                return seen
        self.fail("the cursor never ended")

    def assertSearch(self, prefix, region=None, client=None, extra="", limits=(7, 50, 500)):
        expected = self.expected(prefix.lower(), region)
        query = "program=%s&%s%s%s" % (PROGRAM, q(q=prefix),
                                       "&region=" + region if region else "", extra)
        for limit, sort in itertools.product(limits, ("-created", "created")):
            with self.subTest(q=prefix, region=region, limit=limit, sort=sort):
                seen = self.pages(query, limit, sort, client)
                self.assertEqual(len(seen), len(set(seen)))
                self.assertEqual(set(seen), expected)
                self.assertEqual(seen, sorted(seen, reverse=sort == "-created"))
        return expected

    def test_frequent_prefix_in_a_region(self):
        # 300 words start with "fat" in Casablanca: the bucket walk.
        self.assertEqual(len(self.assertSearch("fat", "MA-06")), 300)
        self.assertEqual(len(self.assertSearch("FATIMA", "MA-06")), 270)
        self.assertEqual(len(self.assertSearch("Fatn", "MA-09")), 260)

    def test_rare_prefix_in_a_frequent_bucket(self):
        # "fatih" (Fatiha, Fatihi): 40 matches among 300 words of the bucket, sorted.
        self.assertEqual(len(self.assertSearch("fatih", "MA-06")), 40)
        self.assertEqual(len(self.assertSearch("fatx", "MA-06")), 0)

    def test_short_prefix(self):
        # 300 matches: sorted, the page cut among the matches.
        self.assertEqual(len(self.assertSearch("fa", "MA-06")), 300)
        self.assertSearch("fa", "MA-06", extra="&province=Casablanca", limits=(50,))
        # 7,800 words: the walk of the region's applications.
        self.assertEqual(len(self.assertSearch("f", "MA-09", limits=(50, 500))), 4180)

    def test_across_regions(self):
        self.assertEqual(len(self.assertSearch("fat")), 560)
        self.assertEqual(len(self.assertSearch("fatih")), 40)
        self.assertEqual(len(self.assertSearch("fa", limits=(500,))), 4480)

    def test_with_other_filters(self):
        self.assertSearch("fat", "MA-06", extra="&province=Casablanca")
        query = "program=%s&region=MA-06&status=withdrawn&%s" % (PROGRAM, q(q="fat"))
        self.assertEqual(self.pages(query, 50, "-created"), [])

    def test_coordinator_scope(self):
        # Her region is implied: the bucket walk of Casablanca only.
        seen = self.pages("program=%s&%s" % (PROGRAM, q(q="fat")), 50, "-created",
                          client=self.casablanca)
        self.assertEqual(set(seen), self.expected("fat", "MA-06"))
