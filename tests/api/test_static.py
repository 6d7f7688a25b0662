# The web interface's files served by `sanad serve` from --web-dir: content
# types, gzip when accepted, long caching for hashed assets and none for
# index.html, the application for page paths, and 404 for missing files, while
# API paths keep their own answers.
import gzip
import os
import shutil
import tempfile
import unittest

from harness import Server


class StaticFilesTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="sanad-web-")
        os.makedirs(os.path.join(cls.dir, "assets"))
        cls.index = ("<!doctype html><html lang=fr><head>"
                     "<script type=module src=/assets/app-1a2b3c.js></script></head>"
                     "<body>" + "Sanad " * 400 + "</body></html>").encode()
        cls.script = ("export const greet = () => 'سلام';\n" * 200).encode()
        with open(os.path.join(cls.dir, "index.html"), "wb") as f:
            f.write(cls.index)
        with open(os.path.join(cls.dir, "assets", "app-1a2b3c.js"), "wb") as f:
            f.write(cls.script)
        with open(os.path.join(cls.dir, "assets", "logo-9f8e.png"), "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
        cls.server = Server(args=["--web-dir", cls.dir])
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def get(self, path, **headers):
        return self.server.client().request("GET", path, headers=headers)

    def test_index_is_html_and_revalidated(self):
        for path in ("/", "/index.html"):
            r = self.get(path)
            self.assertEqual(r.status, 200)
            self.assertEqual(r.header("Content-Type"), "text/html; charset=utf-8")
            self.assertEqual(r.header("Cache-Control"), "no-cache")
            self.assertEqual(r.body, self.index)
            self.assertIn("frame-ancestors 'none'", r.header("Content-Security-Policy"))

    def test_hashed_assets_are_cached_long_and_gzipped_when_accepted(self):
        r = self.get("/assets/app-1a2b3c.js", **{"Accept-Encoding": "gzip, deflate"})
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Content-Type"), "text/javascript; charset=utf-8")
        self.assertEqual(r.header("Cache-Control"), "public, max-age=31536000, immutable")
        self.assertEqual(r.header("Content-Encoding"), "gzip")
        self.assertEqual(r.header("Vary"), "Accept-Encoding")
        self.assertLess(len(r.body), len(self.script) // 5)
        self.assertEqual(gzip.decompress(r.body), self.script)
        plain = self.get("/assets/app-1a2b3c.js")
        self.assertIsNone(plain.header("Content-Encoding"))
        self.assertEqual(plain.body, self.script)

    def test_binary_files_keep_their_type_and_are_not_recompressed(self):
        r = self.get("/assets/logo-9f8e.png", **{"Accept-Encoding": "gzip"})
        self.assertEqual(r.status, 200)
        self.assertEqual(r.header("Content-Type"), "image/png")
        self.assertIsNone(r.header("Content-Encoding"))

    def test_page_paths_get_the_application(self):
        r = self.get("/staff/applications/12")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.body, self.index)

    def test_missing_files_and_api_paths_answer_json_404(self):
        for path in ("/assets/missing-123.js", "/favicon.ico", "/api/v1/nothing"):
            r = self.get(path)
            self.assertEqual(r.status, 404, path)
            self.assertEqual(r.json()["error"]["code"], "not_found")

    def test_only_get_and_head(self):
        r = self.server.client().request("POST", "/index.html", body={})
        self.assertEqual(r.status, 404)
        head = self.server.client().request("HEAD", "/")
        self.assertEqual(head.status, 200)
        self.assertEqual(head.body, b"")


if __name__ == "__main__":
    unittest.main()
