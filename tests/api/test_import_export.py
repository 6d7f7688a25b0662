# Import of registrations from CSV and XLSX files
# (POST /api/v1/programs/{code}/applications/import[?dry_run=1]) and export of the
# filtered staff list (GET /api/v1/applications/export?format=csv|xlsx): a dry run
# reports every bad row (row number, field, code, message) and stores nothing; a
# file with any bad row is refused whole (422 import_rejected, same report); a good
# file is registered in one go with references, source "import" and audit entries;
# duplicates within the file and against the database, eligibility, unknown and
# missing columns; XLSX files with shared strings, date cells and numbers; broken
# files refused with 4xx; 415 for other media types, 413 past --max-upload; exports
# in CSV (byte order mark, Arabic intact, filters respected, file name) and XLSX (a
# zip with the sheet); a regional coordinator imports and exports her region only.
import csv
import datetime
import io
import re
import secrets
import xml.etree.ElementTree as ET
import zipfile

from harness import ServerTestCase, parse_raw_response, raw_request

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD = 1 << 20

HEADER = ["cin", "first_name", "last_name", "first_name_ar", "last_name_ar", "birth_date",
          "sex", "phone", "email", "region", "province", "commune", "education", "situation",
          "project_idea", "consent"]

_serial = iter(range(secrets.randbelow(400000) + 100000, 10 ** 6))


def fresh_cin():
    n = next(_serial)
    return "%s%06d" % ("JKLMNPQRSTUV"[n % 12], n)


def fresh_phone():
    return "06%08d" % next(_serial)


def years_ago(n):
    t = datetime.date.today()
    return t.replace(year=t.year - n, day=min(t.day, 28)).isoformat()


def person(**changes):
    """One valid registration row as a dict of the import columns."""
    row = {"cin": fresh_cin(), "first_name": "Fatima", "last_name": "El Idrissi",
           "first_name_ar": "فاطمة", "last_name_ar": "الإدريسي", "birth_date": years_ago(30),
           "sex": "F", "phone": fresh_phone(), "email": "", "region": "MA-09",
           "province": "Taroudant", "commune": "Ouled Teima", "education": "secondary",
           "situation": "unemployed", "project_idea": "Atelier de couture", "consent": "oui"}
    row.update(changes)
    return row


def csv_bytes(rows, header=HEADER, sep=",", bom=True):
    out = io.StringIO()
    w = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    w.writerow(header)
    for row in rows:
        w.writerow([row.get(h, "") for h in header] if isinstance(row, dict) else row)
    return (b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8")


def column_letter(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def xlsx_bytes(rows):
    """A small workbook built here, as spreadsheet programs write them: text in
    shared strings, dates as serial numbers in a date-formatted cell, numbers and
    booleans as such. `rows`: lists of str, int, float, bool, datetime.date, None."""
    strings, index = [], {}
    sheet_rows = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, v in enumerate(row):
            ref = "%s%d" % (column_letter(c), r)
            if v is None:
                continue
            if isinstance(v, bool):
                cells.append('<c r="%s" t="b"><v>%d</v></c>' % (ref, v))
            elif isinstance(v, datetime.date):
                serial = (v - datetime.date(1899, 12, 30)).days
                cells.append('<c r="%s" s="1"><v>%d</v></c>' % (ref, serial))
            elif isinstance(v, (int, float)):
                cells.append('<c r="%s"><v>%r</v></c>' % (ref, v))
            else:
                if v not in index:
                    index[v] = len(strings)
                    strings.append(v)
                cells.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, index[v]))
        sheet_rows.append('<row r="%d">%s</row>' % (r, "".join(cells)))
    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    parts = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/></Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
            'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml":
            '<?xml version="1.0" encoding="UTF-8"?><workbook %s %s><sheets><sheet name="Feuil1" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>' % (ns, rns),
        "xl/_rels/workbook.xml.rels":
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/sharedStrings" Target="sharedStrings.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml":
            '<?xml version="1.0" encoding="UTF-8"?><styleSheet %s><cellXfs count="2">'
            '<xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>'
            % ns,
        "xl/sharedStrings.xml":
            '<?xml version="1.0" encoding="UTF-8"?><sst %s>%s</sst>'
            % (ns, "".join('<si><t xml:space="preserve">%s</t></si>' % esc(s) for s in strings)),
        "xl/worksheets/sheet1.xml":
            '<?xml version="1.0" encoding="UTF-8"?><worksheet %s><sheetData>%s</sheetData>'
            '</worksheet>' % (ns, "".join(sheet_rows)),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode("utf-8"))
    return out.getvalue()


def sheet_rows(xlsx):
    """The rows of the first worksheet of an XLSX file, read with the standard
    library: lists of cell texts (shared and inline strings, values)."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns):
                shared.append("".join(t.text or "" for t in si.iter("{%s}t" % ns["m"])))
        root = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in root.iter("{%s}row" % ns["m"]):
        cells = {}
        for c in row.findall("m:c", ns):
            col = re.match(r"[A-Z]+", c.get("r")).group(0)
            index = 0
            for ch in col:
                index = index * 26 + ord(ch) - 64
            t = c.get("t")
            if t == "inlineStr":
                text = "".join(x.text or "" for x in c.iter("{%s}t" % ns["m"]))
            else:
                v = c.find("m:v", ns)
                text = v.text if v is not None else ""
                if t == "s":
                    text = shared[int(text)]
            cells[index - 1] = text
        rows.append([cells.get(i, "") for i in range(max(cells) + 1)] if cells else [])
    return rows


class ImportExportTest(ServerTestCase):
    SERVER_ARGS = ["--rate-limit", "0", "--max-upload", str(MAX_UPLOAD)]

    # helpers

    def program(self, **eligibility):
        code = "I" + secrets.token_hex(4).upper()
        rules = {"age_min": 18, "age_max": 45, "sexes": ["F"]}
        rules.update(eligibility)
        r = self.admin.post("/api/v1/programs", {
            "code": code, "name_fr": "Programme %s" % code, "name_ar": "برنامج",
            "starts_on": "2024-01-01", "ends_on": "2030-12-31", "registration_open": True,
            "eligibility": rules})
        self.assertEqual(r.status, 201, r)
        return code

    def upload(self, client, code, data, content_type="text/csv", dry_run=False, **kw):
        path = "/api/v1/programs/%s/applications/import%s" % (code, "?dry_run=1" if dry_run else "")
        return client.post(path, raw=data, content_type=content_type, **kw)

    def listed(self, code, client=None, query=""):
        r = (client or self.admin).get("/api/v1/applications?limit=500&program=%s%s" % (code, query))
        self.assertEqual(r.status, 200, r)
        return r.json()["items"]

    def assertReport(self, doc, rows, valid, invalid, imported, dry_run):
        self.assertEqual((doc["rows"], doc["valid"], doc["invalid"], doc["imported"],
                          doc["dry_run"]), (rows, valid, invalid, imported, dry_run), doc)
        self.assertIsInstance(doc["errors"], list)
        for e in doc["errors"]:
            self.assertIsInstance(e["row"], int)
            self.assertIsInstance(e["field"], str)
            self.assertIsInstance(e["code"], str)
            self.assertTrue(isinstance(e["message"], str) and e["message"], e)

    def errors_of(self, doc):
        return {(e["row"], e["field"], e["code"]) for e in doc["errors"]}

    def audit(self, action):
        r = self.admin.get("/api/v1/audit?limit=500")
        self.assertEqual(r.status, 200, r)
        return [e for e in r.json()["items"] if e["action"] == action]

    # import: dry runs and refusals store nothing

    def test_dry_run_reports_bad_rows_and_stores_nothing(self):
        code = self.program()
        rows = [person(), person(cin="12AB"), person(phone="12345", birth_date=years_ago(60)),
                person()]
        r = self.upload(self.admin, code, csv_bytes(rows, sep=";"), dry_run=True)
        self.assertEqual(r.status, 200, r)
        doc = r.json()
        self.assertReport(doc, 4, 2, 2, 0, True)
        self.assertNotIn("results", doc)
        errors = self.errors_of(doc)
        self.assertIn((3, "cin", "invalid_format"), errors)
        self.assertIn((4, "phone", "invalid_format"), errors)
        bad = [e for e in doc["errors"] if e["row"] == 3][0]
        self.assertEqual(bad["message"], "Format invalide.")   # French by default
        self.assertEqual(self.listed(code), [])

    def test_messages_follow_accept_language(self):
        code = self.program()
        r = self.upload(self.admin, code, csv_bytes([person(cin="??")]), dry_run=True,
                        lang="ar")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["errors"][0]["message"], "صيغة غير صالحة.")

    def test_import_with_a_bad_row_is_refused_whole(self):
        code = self.program()
        rows = [person(), person(sex="X"), person()]
        r = self.upload(self.admin, code, csv_bytes(rows))
        err = self.assertError(r, 422, "import_rejected")
        self.assertReport(err, 3, 2, 1, 0, False)
        self.assertEqual(self.errors_of(err), {(3, "sex", "invalid_value")})
        self.assertEqual(self.listed(code), [])

    # import: a good file

    def test_valid_csv_is_imported(self):
        code = self.program()
        rows = [person(), person(first_name="Khadija", last_name="Ben Ali", consent="1",
                                 project_idea="Coopérative d'argan,\r\nvente en ligne"),
                person(first_name="", last_name="", first_name_ar="خديجة",
                       last_name_ar="بنعلي", birth_date="02/03/1994", consent="نعم",
                       region="MA-01", province="Larache")]
        r = self.upload(self.admin, code, csv_bytes(rows))
        self.assertEqual(r.status, 200, r)
        doc = r.json()
        self.assertReport(doc, 3, 3, 0, 3, False)
        self.assertEqual([x["row"] for x in doc["results"]], [2, 3, 4])
        for x in doc["results"]:
            self.assertRegex(x["reference"], r"^%s-MA-(09|01)-\d{6}$" % code)
            self.assertEqual(x["status"], "submitted")
        items = self.listed(code)
        self.assertEqual(len(items), 3)
        by_cin = {a["applicant"]["cin"]: a for a in items}
        self.assertEqual({a["source"] for a in items}, {"import"})
        arabic = by_cin[rows[2]["cin"]]
        self.assertEqual(arabic["applicant"]["first_name_ar"], "خديجة")
        self.assertEqual(arabic["applicant"]["birth_date"], "1994-03-02")
        self.assertEqual(arabic["reference"], doc["results"][2]["reference"])
        idea = by_cin[rows[1]["cin"]]["applicant"]["project_idea"]
        self.assertEqual(idea, "Coopérative d'argan,\r\nvente en ligne")
        # The staff member is the actor; each application and the import are audited.
        one = by_cin[rows[0]["cin"]]
        h = self.admin.get("/api/v1/applications/%d/history" % one["id"]).json()["items"]
        self.assertEqual(h[0]["actor"], self.ADMIN)
        imports = [e for e in self.audit("application.import") if e["object_id"] == code]
        self.assertEqual(len(imports), 1)
        self.assertEqual(imports[0]["outcome"], "success")
        self.assertEqual(imports[0]["details"]["imported"], 3)
        created = {e["object_id"] for e in self.audit("application.create")}
        self.assertTrue({str(a["id"]) for a in items} <= created)
        r = self.admin.get("/api/v1/audit/verify")
        self.assertTrue(r.json()["intact"], r)

    def test_duplicates_in_file_and_in_database(self):
        code = self.program()
        first = person()
        r = self.upload(self.admin, code, csv_bytes([first]))
        self.assertEqual(r.status, 200, r)
        again = person(cin=first["cin"].lower())
        twin = person()
        rows = [again, twin, dict(twin, phone=fresh_phone())]
        r = self.upload(self.admin, code, csv_bytes(rows), dry_run=True)
        doc = r.json()
        self.assertReport(doc, 3, 1, 2, 0, True)
        self.assertIn((2, "cin", "duplicate"), self.errors_of(doc))
        dup = [e for e in doc["errors"] if e["code"] == "duplicate_in_file"]
        self.assertEqual(len(dup), 1)
        self.assertEqual((dup[0]["row"], dup[0]["field"], dup[0]["other_row"]), (4, "cin", 3))

    def test_eligibility_is_checked(self):
        code = self.program(regions=["MA-09"])
        rows = [person(birth_date=years_ago(50)), person(sex="M"),
                person(region="MA-01", province="Larache"), person()]
        doc = self.upload(self.admin, code, csv_bytes(rows), dry_run=True).json()
        self.assertReport(doc, 4, 1, 3, 0, True)
        rules = {(e["row"], e["field"], e["code"], e.get("rule")) for e in doc["errors"]}
        self.assertEqual(rules, {(2, "birth_date", "not_eligible", "age_max"),
                                 (3, "sex", "not_eligible", "sexes"),
                                 (4, "region", "not_eligible", "regions")})

    def test_unknown_and_missing_columns(self):
        code = self.program()
        header = ["CIN", "first_name", "last_name", "nom_complet", "birth_date", "sex", "phone",
                  "region", "province"]
        r = self.upload(self.admin, code, csv_bytes([], header=header))
        err = self.assertError(r, 422, "validation_failed", "nom_complet", "unknown_column")
        self.assertIn(("consent", "missing_column"),
                      {(f["field"], f["code"]) for f in err["fields"]})
        r = self.upload(self.admin, code, b"")
        self.assertError(r, 422, "validation_failed", "cin", "missing_column")

    def test_empty_rows_and_row_numbers(self):
        code = self.program()
        data = csv_bytes([person(), ["", ""], person(cin="bad!")])
        doc = self.upload(self.admin, code, data, dry_run=True).json()
        self.assertReport(doc, 2, 1, 1, 0, True)
        self.assertEqual(doc["errors"][0]["row"], 4)

    def test_malformed_csv_names_the_row(self):
        code = self.program()
        data = csv_bytes([person()]) + b'AB1,"unterminated\r\n'
        r = self.upload(self.admin, code, data)
        err = self.assertError(r, 422, "invalid_file")
        self.assertEqual(err["row"], 3)

    # import: XLSX

    def test_import_keeps_totals_and_numbers(self):
        # The import writes its running totals once at the end: the bilan, the
        # next reference numbers and the quota must read as if each row had been
        # registered alone.
        code = self.program()
        r = self.admin.request("PUT", "/api/v1/programs/%s/targets" % code,
                               body={"targets": [{"region": "MA-09", "beneficiaries": 4}]})
        self.assertEqual(r.status, 200, r)
        rows = [person() for _ in range(6)] + \
               [person(region="MA-01", province="Larache") for _ in range(3)]
        r = self.upload(self.admin, code, csv_bytes(rows))
        self.assertEqual(r.status, 200, r)
        results = r.json()["results"]
        self.assertEqual([x["status"] for x in results],
                         ["submitted"] * 4 + ["waitlisted"] * 2 + ["submitted"] * 3)
        self.assertEqual([x["reference"][-6:] for x in results],
                         ["%06d" % i for i in (1, 2, 3, 4, 5, 6, 1, 2, 3)])
        bilan = self.admin.get("/api/v1/reports/programs/%s/bilan" % code).json()
        souss = next(x for x in bilan["regions"] if x["region"] == "MA-09")
        self.assertEqual((souss["registered"], souss["by_status"]["submitted"],
                          souss["by_status"]["waitlisted"]), (6, 4, 2))
        self.assertEqual(bilan["over_time"][-1]["registrations"], 9)
        # A second import and a public registration continue the numbering.
        r = self.upload(self.admin, code, csv_bytes([person(region="MA-01", province="Larache")]))
        self.assertEqual(r.json()["results"][0]["reference"][-6:], "000004")
        body = {k: v for k, v in person(region="MA-09", province="Tiznit").items() if v}
        body["consent"] = True
        r = self.server.client().post("/api/v1/programs/%s/applications" % code, body)
        self.assertEqual(r.status, 201, r)
        self.assertEqual((r.json()["reference"][-6:], r.json()["status"]),
                         ("000007", "waitlisted"))

    def test_xlsx_import(self):
        code = self.program()
        p = person()
        header = ["cin", "first_name", "last_name", "first_name_ar", "last_name_ar",
                  "birth_date", "sex", "phone", "region", "province", "consent"]
        rows = [header,
                [p["cin"], "Fatima", "El Idrissi", "فاطمة", "الإدريسي",
                 datetime.date(1994, 3, 2), "F", int(p["phone"][1:]), "MA-09", "Taroudant", True],
                [],
                [fresh_cin(), "Nadia", "Amrani", None, None, 34395, "F", "0612000000", "MA-04",
                 "Rabat", "oui"]]
        r = self.upload(self.admin, code, xlsx_bytes(rows), content_type=XLSX)
        self.assertEqual(r.status, 200, r)
        doc = r.json()
        self.assertReport(doc, 2, 2, 0, 2, False)
        self.assertEqual([x["row"] for x in doc["results"]], [2, 4])
        by_cin = {a["applicant"]["cin"]: a["applicant"] for a in self.listed(code)}
        a = by_cin[p["cin"]]
        self.assertEqual(a["birth_date"], "1994-03-02")
        self.assertEqual(a["phone"], "+212" + p["phone"][1:])
        self.assertEqual(a["last_name_ar"], "الإدريسي")

    def test_xlsx_made_by_openpyxl(self):
        try:
            import openpyxl
        except ImportError:
            self.skipTest("python3-openpyxl is not installed")
        code = self.program()
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(HEADER)
        p = person()
        ws.append([p[h] for h in HEADER])
        ws.cell(row=2, column=HEADER.index("birth_date") + 1).value = datetime.date(1990, 5, 17)
        out = io.BytesIO()
        wb.save(out)
        r = self.upload(self.admin, code, out.getvalue(), content_type=XLSX)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["imported"], 1)
        self.assertEqual(self.listed(code)[0]["applicant"]["birth_date"], "1990-05-17")

    def test_broken_xlsx_refused(self):
        code = self.program()
        good = xlsx_bytes([HEADER, [person()[h] for h in HEADER]])
        for data in (good[: len(good) // 2], b"PK\x03\x04garbage", b"not a zip at all", b""):
            r = self.upload(self.admin, code, data, content_type=XLSX)
            self.assertError(r, 422, "invalid_file")
        # A CSV sent as XLSX, and the other way round.
        self.assertError(self.upload(self.admin, code, csv_bytes([person()]), content_type=XLSX),
                         422, "invalid_file")
        r = self.upload(self.admin, code, good, content_type="text/csv")
        self.assertEqual(r.status // 100, 4, r)
        self.assertEqual(self.listed(code), [])

    def test_xlsx_bomb_refused(self):
        code = self.program()
        # 600 MB of spaces in the sheet compress to some 600 KB, under the upload
        # limit; unpacked they pass the 512 MiB the import reads.
        out = io.BytesIO()
        good = zipfile.ZipFile(io.BytesIO(xlsx_bytes([HEADER])))
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
            for name in good.namelist():
                if name != "xl/worksheets/sheet1.xml":
                    z.writestr(name, good.read(name))
            with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
                f.write(b"<worksheet><sheetData>")
                chunk = b" " * (1 << 20)
                for _ in range(600):
                    f.write(chunk)
                f.write(b"</sheetData></worksheet>")
        data = out.getvalue()
        self.assertLess(len(data), MAX_UPLOAD)
        r = self.upload(self.admin, code, data, content_type=XLSX)
        self.assertError(r, 422, "file_too_large")

    # import: media types, size, rights, scope

    def test_other_media_types_refused(self):
        code = self.program()
        data = csv_bytes([person()])
        for ct in ("application/json", "text/plain", "multipart/form-data; boundary=x", None):
            r = self.upload(self.admin, code, data, content_type=ct)
            self.assertError(r, 415, "unsupported_media_type")
        r = self.upload(self.admin, code, data, content_type="Text/CSV; charset=utf-8")
        self.assertEqual(r.status, 200, r)

    def test_over_max_upload_is_413(self):
        code = self.program()
        token = self.server.create_token(self.ADMIN)
        body = csv_bytes([person()]) + b"x" * MAX_UPLOAD
        head = ("POST /api/v1/programs/%s/applications/import HTTP/1.1\r\nHost: t\r\n"
                "Authorization: Bearer %s\r\nContent-Type: text/csv\r\nContent-Length: %d\r\n"
                "Connection: close\r\n\r\n" % (code, token, len(body))).encode()
        status, _, payload = parse_raw_response(raw_request(self.server.port, head + body))
        self.assertEqual(status, 413, payload)
        self.assertIn(b"payload_too_large", payload)
        self.assertEqual(self.listed(code), [])

    def test_unknown_programme_and_rights(self):
        r = self.upload(self.admin, "NOPE99", csv_bytes([person()]))
        self.assertError(r, 404, "not_found")
        code = self.program()
        _, analyst = self.signed_in("analyst")
        self.assertError(self.upload(analyst, code, csv_bytes([person()])), 403, "forbidden")
        self.assertError(analyst.get("/api/v1/applications/export"), 403, "forbidden")
        anonymous = self.client()
        self.assertError(self.upload(anonymous, code, csv_bytes([person()])), 401)
        r = self.upload(self.admin, code, csv_bytes([person()]), dry_run=False,
                        headers={"X-CSRF-Token": "wrong"})
        self.assertError(r, 403, "invalid_csrf")
        r = self.admin.post("/api/v1/programs/%s/applications/import?dry_run=maybe" % code,
                            raw=csv_bytes([person()]), content_type="text/csv")
        self.assertError(r, 422, "validation_failed", "dry_run", "invalid_value")

    def test_regional_coordinator_imports_her_region_only(self):
        code = self.program()
        _, coord = self.signed_in("regional_coordinator", region="MA-09")
        rows = [person(), person(region="MA-01", province="Larache")]
        r = self.upload(coord, code, csv_bytes(rows))
        err = self.assertError(r, 422, "import_rejected")
        self.assertEqual(self.errors_of(err), {(3, "region", "out_of_scope")})
        r = self.upload(coord, code, csv_bytes(rows[:1]))
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["imported"], 1)

    # export

    def imported(self, rows):
        code = self.program()
        r = self.upload(self.admin, code, csv_bytes(rows))
        self.assertEqual(r.status, 200, r)
        return code

    def test_export_csv(self):
        rows = [person(), person(region="MA-01", province="Larache", first_name_ar="خديجة",
                                 commune="=HYPERLINK(\"http://x\")"),
                person(region="MA-01", province="Tétouan")]
        code = self.imported(rows)
        r = self.admin.get("/api/v1/applications/export?format=csv&program=%s" % code)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.header("Content-Type"), "text/csv; charset=utf-8")
        today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
        self.assertEqual(r.header("Content-Disposition"),
                         'attachment; filename="applications-%s-%s.csv"' % (code, today))
        self.assertTrue(r.body.startswith(b"\xef\xbb\xbf"), r.body[:10])
        table = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"), newline="")))
        self.assertEqual(table[0], ["reference", "program", "status", "flag", "cin",
                                    "first_name", "last_name", "first_name_ar", "last_name_ar",
                                    "birth_date", "sex", "phone", "email", "region", "province",
                                    "commune", "education", "situation", "created_at"])
        self.assertEqual(len(table), 4)
        self.assertTrue(r.body.endswith(b"\r\n"))
        by_cin = {line[4]: dict(zip(table[0], line)) for line in table[1:]}
        self.assertEqual(by_cin[rows[1]["cin"]]["first_name_ar"], "خديجة")
        self.assertEqual(by_cin[rows[1]["cin"]]["last_name_ar"], "الإدريسي")
        self.assertEqual(by_cin[rows[0]["cin"]]["phone"], "+212" + rows[0]["phone"][1:])
        # A spreadsheet must not run a commune as a formula.
        self.assertEqual(by_cin[rows[1]["cin"]]["commune"], "'=HYPERLINK(\"http://x\")")
        # Filters are those of the list.
        r = self.admin.get("/api/v1/applications/export?program=%s&region=MA-01&province=Larache"
                           % code)
        table = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"), newline="")))
        self.assertEqual([line[4] for line in table[1:]], [rows[1]["cin"]])
        r = self.admin.get("/api/v1/applications/export?program=%s&status=accepted" % code)
        self.assertEqual(r.body.decode("utf-8-sig").count("\r\n"), 1)   # the header alone
        audit = self.audit("application.export")[0]
        self.assertEqual(audit["details"]["count"], 0)
        self.assertEqual(audit["details"]["filter"]["status"], "accepted")
        self.assertEqual(audit["details"]["format"], "csv")

    def test_export_xlsx(self):
        rows = [person(), person(first_name_ar="ⵜⴰⵎⵖⴰⵔⵜ", last_name_ar="أمازيغ")]
        code = self.imported(rows)
        r = self.admin.get("/api/v1/applications/export?format=xlsx&program=%s&sort=created"
                           % code)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.header("Content-Type"), XLSX)
        self.assertRegex(r.header("Content-Disposition"),
                         r'^attachment; filename="applications-%s-\d{4}-\d\d-\d\d\.xlsx"$' % code)
        self.assertTrue(zipfile.is_zipfile(io.BytesIO(r.body)))
        table = sheet_rows(r.body)
        self.assertEqual(table[0][:5], ["reference", "program", "status", "flag", "cin"])
        self.assertEqual(len(table), 3)
        self.assertEqual([line[4] for line in table[1:]], [rows[0]["cin"], rows[1]["cin"]])
        self.assertEqual(table[2][7], "ⵜⴰⵎⵖⴰⵔⵜ")
        self.assertEqual(table[2][8], "أمازيغ")
        try:
            import openpyxl
        except ImportError:
            return
        ws = openpyxl.load_workbook(io.BytesIO(r.body)).active
        self.assertEqual(ws.cell(row=1, column=1).value, "reference")
        self.assertTrue(ws.cell(row=1, column=1).font.b)
        self.assertEqual(ws.cell(row=3, column=9).value, "أمازيغ")

    def test_export_bad_requests(self):
        self.assertError(self.admin.get("/api/v1/applications/export?format=pdf"), 422,
                         "validation_failed", "format", "invalid_value")
        self.assertError(self.admin.get("/api/v1/applications/export?region=MA-99"), 422,
                         "validation_failed", "region", "invalid_value")

    def test_regional_coordinator_exports_her_region_only(self):
        rows = [person(), person(region="MA-01", province="Larache")]
        code = self.imported(rows)
        _, coord = self.signed_in("regional_coordinator", region="MA-09")
        for query, expected in (("", [rows[0]["cin"]]), ("&region=MA-01", []),
                                ("&region=MA-09", [rows[0]["cin"]])):
            r = coord.get("/api/v1/applications/export?program=%s%s" % (code, query))
            self.assertEqual(r.status, 200, r)
            table = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"), newline="")))
            self.assertEqual([line[4] for line in table[1:]], expected, query)
            r = coord.get("/api/v1/applications/export?format=xlsx&program=%s%s" % (code, query))
            self.assertEqual([line[4] for line in sheet_rows(r.body)[1:]], expected, query)

    def test_import_of_an_export_round_trip(self):
        """What the export writes, with the import's columns, imports again."""
        rows = [person(first_name_ar="خديجة"), person(project_idea="")]
        code = self.imported(rows)
        r = self.admin.get("/api/v1/applications/export?program=%s&sort=created" % code)
        table = list(csv.reader(io.StringIO(r.body.decode("utf-8-sig"), newline="")))
        keep = [h for h in table[0] if h in HEADER]
        records = [dict(zip(table[0], line)) for line in table[1:]]
        again = [dict({h: rec[h] for h in keep}, consent="oui") for rec in records]
        code2 = self.program()
        r = self.upload(self.admin, code2, csv_bytes(again, header=keep + ["consent"]))
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["imported"], 2)
        first = {a["applicant"]["cin"]: a["applicant"] for a in self.listed(code2)}
        self.assertEqual(first[rows[0]["cin"]]["first_name_ar"], "خديجة")
