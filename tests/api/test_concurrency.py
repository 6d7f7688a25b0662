# Registrations at the same moment (threads, each on its own connection, released
# together by a barrier, server with --rate-limit 0): 64 clients into one programme
# and region and 16 more into a second region → all 201, references unique and
# gap-free per region (000001 … 000064, no hole, no repeat); 64 clients with the
# SAME CIN (in two regions) → exactly one 201 and 63 × 409 duplicate, and the
# numbering of both regions goes on with no gap; refusals mixed with acceptances
# undo only themselves; with a target of 10 in a region, 40 concurrent
# registrations → exactly 10 submitted and 30 waitlisted; 16 staff moving one
# application at once → one 200, fifteen 409, and the quota count changes once.
# Run on both backends.
import threading

from harness import Client
from test_registration import RegistrationTestCase, body_with


class ConcurrentRegistrationTest(RegistrationTestCase):

    def storm(self, code, bodies, timeout=60):
        """POSTs every registration body at once, each from its own thread and
        connection; returns the responses in the order of `bodies`."""
        return self.at_once([("/api/v1/programs/%s/applications" % code, b) for b in bodies],
                            timeout=timeout)

    def at_once(self, requests, staff=False, timeout=60):
        """POSTs every (path, body) at once, each from its own thread and connection
        (as the signed-in admin when `staff`); returns the responses in order."""
        results = [None] * len(requests)
        barrier = threading.Barrier(len(requests))

        def one(i):
            c = Client(self.server.port, timeout=timeout)
            if staff:
                c.cookies = dict(self.admin.cookies)
                c.csrf = self.admin.csrf
            try:
                barrier.wait(timeout=timeout)
                results[i] = c.post(*requests[i])
            except Exception as e:            # reported below
                results[i] = e

        threads = [threading.Thread(target=one, args=(i,)) for i in range(len(requests))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout + 10)
        self.assertFalse([t for t in threads if t.is_alive()], "clients still waiting")
        errors = [r for r in results if isinstance(r, Exception)]
        self.assertEqual(errors, [], "requests failed: %r" % errors[:3])
        return results

    def test_references_unique_and_gap_free(self):
        self.create_programme("CONC")
        bodies = [body_with() for _ in range(64)]
        bodies += [body_with(region="MA-06", province="Casablanca") for _ in range(16)]
        results = self.storm("CONC", bodies)
        self.assertEqual([r.status for r in results].count(201), len(bodies),
                         [r for r in results if r.status != 201][:3])
        refs = [r.json()["reference"] for r in results]
        self.assertEqual(len(set(refs)), len(refs), "a reference given twice")
        ma09 = sorted(x for x in refs if x.startswith("CONC-MA-09-"))
        ma06 = sorted(x for x in refs if x.startswith("CONC-MA-06-"))
        self.assertEqual(ma09, ["CONC-MA-09-%06d" % i for i in range(1, 65)])
        self.assertEqual(ma06, ["CONC-MA-06-%06d" % i for i in range(1, 17)])
        self.assertEqual({r.json()["status"] for r in results}, {"submitted"})
        # What is stored agrees with what was answered.
        stored = self.list_all("program=CONC")
        self.assertEqual(sorted(a["reference"] for a in stored), sorted(refs))
        by_ref = {a["reference"]: a for a in stored}
        for b, r in zip(bodies, results):
            self.assertEqual(by_ref[r.json()["reference"]]["applicant"]["cin"], b["cin"])
        # The next one follows on.
        self.assertEqual(self.register_ok("CONC")["reference"], "CONC-MA-09-000065")

    def test_same_cin_registered_once(self):
        self.create_programme("SAME")
        # One CIN, written two ways, with everything else different (half of them in
        # another region).
        bodies = [body_with(cin="SM 424242" if i % 2 else "sm424242") for i in range(64)]
        for b in bodies[::2]:
            b.update(region="MA-06", province="Casablanca")
        results = self.storm("SAME", bodies)
        statuses = [r.status for r in results]
        self.assertEqual(statuses.count(201), 1, statuses)
        self.assertEqual(statuses.count(409), 63, statuses)
        for r in results:
            if r.status == 409:
                self.assertError(r, 409, "duplicate", "cin", "duplicate")
        winner = [r for r in results if r.status == 201][0].json()["reference"]
        self.assertIn(winner, ("SAME-MA-09-000001", "SAME-MA-06-000001"))
        stored = self.list_all("program=SAME")
        self.assertEqual(len(stored), 1, stored)
        self.assertEqual(stored[0]["applicant"]["cin"], "SM424242")
        self.assertEqual(stored[0]["reference"], winner)
        # The 63 refusals took no number, in either region.
        won, lost = ("MA-09", "MA-06") if "MA-09" in winner else ("MA-06", "MA-09")
        province = {"MA-09": "Tiznit", "MA-06": "Casablanca"}
        self.assertEqual(self.register_ok("SAME", region=won, province=province[won])["reference"],
                         "SAME-%s-000002" % won)
        self.assertEqual(self.register_ok("SAME", region=lost,
                                          province=province[lost])["reference"],
                         "SAME-%s-000001" % lost)

    def test_refusals_mixed_with_acceptances(self):
        # Registrations that fail (a repeated CIN) among ones that succeed, all at
        # once: the failures undo only themselves, and take no number.
        self.create_programme("MIX")
        bodies = []
        for i in range(64):
            bodies.append(body_with(cin="MX 777777") if i % 2 else body_with())
        results = self.storm("MIX", bodies)
        statuses = [r.status for r in results]
        self.assertEqual(statuses.count(201), 33, statuses)
        self.assertEqual(statuses.count(409), 31, statuses)
        refs = sorted(r.json()["reference"] for r in results if r.status == 201)
        self.assertEqual(refs, ["MIX-MA-09-%06d" % i for i in range(1, 34)])
        for b, r in zip(bodies, results):
            if b["cin"] != "MX 777777":
                self.assertEqual(r.status, 201, (b, r))
        self.assertEqual(len(self.list_all("program=MIX")), 33)
        # The refusals, undone inside the batches they shared with acceptances, left
        # no entry and no break in the audit chain; each acceptance left one.
        p, entries = self.server.audit_verify()
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        r = self.admin.get("/api/v1/audit?limit=500")
        self.assertEqual(r.status, 200, r)
        created = [e for e in r.json()["items"] if e["action"] == "application.create"
                   and e["object_id"] in {str(a["id"]) for a in self.list_all("program=MIX")}]
        self.assertEqual(len(created), 33)

    def test_same_transition_at_once(self):
        # 16 staff clients move one application at the same moment: one wins.
        self.create_programme("MOVE")
        self.set_targets("MOVE", {"MA-09": 3})
        apps = [self.register_ok("MOVE") for _ in range(3)]
        target = apps[0]["id"]
        path = "/api/v1/applications/%d/transitions" % target
        results = self.at_once([(path, {"to": "withdrawn", "note": "n%d" % i})
                                for i in range(16)], staff=True)
        statuses = [r.status for r in results]
        self.assertEqual(statuses.count(200), 1, results)
        self.assertEqual(statuses.count(409), 15, results)
        h = self.history(target)["items"]
        self.assertEqual([(e["from"], e["to"]) for e in h],
                         [(None, "submitted"), ("submitted", "withdrawn")])
        # The quota count went down once only: one place is free, not sixteen.
        self.assertEqual(self.register_ok("MOVE")["status"], "submitted")
        self.assertEqual(self.register_ok("MOVE")["status"], "waitlisted")

    def test_quota_under_concurrency(self):
        self.create_programme("CQ")
        self.set_targets("CQ", {"MA-09": 10})
        results = self.storm("CQ", [body_with() for _ in range(40)])
        self.assertEqual([r.status for r in results].count(201), 40,
                         [r for r in results if r.status != 201][:3])
        statuses = [r.json()["status"] for r in results]
        self.assertEqual(statuses.count("submitted"), 10, statuses)
        self.assertEqual(statuses.count("waitlisted"), 30, statuses)
        refs = sorted(r.json()["reference"] for r in results)
        self.assertEqual(refs, ["CQ-MA-09-%06d" % i for i in range(1, 41)])
        # The places went to the first ten numbers, in order of arrival.
        submitted = sorted(r.json()["reference"] for r in results
                           if r.json()["status"] == "submitted")
        self.assertEqual(submitted, ["CQ-MA-09-%06d" % i for i in range(1, 11)])
        self.assertEqual(len(self.list_all("program=CQ&status=submitted")), 10)
        self.assertEqual(len(self.list_all("program=CQ&status=waitlisted")), 30)
        self.assertEqual(self.register_ok("CQ")["status"], "waitlisted")
