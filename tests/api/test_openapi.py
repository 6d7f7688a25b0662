# The OpenAPI document at /api/v1/openapi.json: an OpenAPI 3 document that lists
# every route this test knows from the contract (API.md) and from the features
# built so far. The list is written here, independent of the server, so that a
# route that goes missing from the document (or from the server) fails the test.
from harness import ServerTestCase

# (method, path) pairs that must be in the document.
KNOWN_ROUTES = [
    ("get", "/healthz"),
    ("get", "/readyz"),
    ("get", "/metrics"),
    ("get", "/api/v1/openapi.json"),
    ("get", "/api/v1/regions"),
    ("post", "/api/v1/auth/login"),
    ("post", "/api/v1/auth/logout"),
    ("get", "/api/v1/auth/me"),
    ("get", "/api/v1/users"),
    ("post", "/api/v1/users"),
    ("get", "/api/v1/users/{id}"),
    ("patch", "/api/v1/users/{id}"),
    ("get", "/api/v1/organisations"),
    ("post", "/api/v1/organisations"),
    ("get", "/api/v1/audit"),
    ("get", "/api/v1/audit/verify"),
    ("get", "/api/v1/programs"),
    ("post", "/api/v1/programs"),
    ("get", "/api/v1/programs/{code}"),
    ("patch", "/api/v1/programs/{code}"),
    ("put", "/api/v1/programs/{code}/targets"),
    ("post", "/api/v1/programs/{code}/applications"),
    ("get", "/api/v1/applications/status"),
    ("get", "/api/v1/applications"),
    ("get", "/api/v1/applications/{id}"),
    ("post", "/api/v1/applications/{id}/transitions"),
    ("get", "/api/v1/applications/{id}/history"),
]

HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


class OpenApiTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.response = cls.server.client().get("/api/v1/openapi.json")

    def test_is_openapi_3_json(self):
        r = self.response
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.header("Content-Type").startswith("application/json"))
        doc = r.json()
        self.assertRegex(doc.get("openapi", ""), r"^3\.\d+\.\d+$")
        self.assertIsInstance(doc.get("info", {}).get("title"), str)
        self.assertIsInstance(doc.get("info", {}).get("version"), str)
        self.assertIsInstance(doc.get("paths"), dict)

    def test_every_known_route_is_documented(self):
        paths = self.response.json()["paths"]
        for method, path in KNOWN_ROUTES:
            with self.subTest(route="%s %s" % (method.upper(), path)):
                self.assertIn(path, paths)
                self.assertIn(method, paths[path])
                op = paths[path][method]
                self.assertIsInstance(op.get("responses"), dict)
                self.assertTrue(op["responses"])

    def test_operations_are_well_formed(self):
        paths = self.response.json()["paths"]
        ids = []
        for path, item in paths.items():
            self.assertTrue(path.startswith("/"), path)
            for method, op in item.items():
                if method not in HTTP_METHODS:
                    continue
                with self.subTest(route="%s %s" % (method.upper(), path)):
                    self.assertIn("responses", op)
                    if "operationId" in op:
                        ids.append(op["operationId"])
                    # Path templates declare their parameters.
                    for name in [seg[1:-1] for seg in path.split("/")
                                 if seg.startswith("{") and seg.endswith("}")]:
                        params = op.get("parameters", []) + item.get("parameters", [])
                        self.assertIn(name, [p.get("name") for p in params if p.get("in") == "path"])
        self.assertEqual(len(ids), len(set(ids)), "operationId values must be unique")

    # Routes that answer 404 by design when their query names nothing.
    NOT_FOUND_WITHOUT_QUERY = {"/api/v1/applications/status", "/api/v1/stats/public"}

    def test_documented_routes_exist(self):
        # The known GET routes without parameters answer something other than 404.
        c = self.client()
        for method, path in KNOWN_ROUTES:
            if method == "get" and "{" not in path and path not in self.NOT_FOUND_WITHOUT_QUERY:
                with self.subTest(path=path):
                    self.assertNotEqual(c.get(path).status, 404)
