#!/usr/bin/env python3
"""Writes the data file of the wrk scripts (bench/lua/common.lua): the id range of
the benchmark programme, a random sample of (id, reference, CIN), the regions with
their provinces, and name prefixes drawn by frequency. Reads SQLite with the
sqlite3 module and PostgreSQL through psql.

  make_data.py --db URL --program MASAR --out data.lua [--sample 20000]
"""
import argparse
import json
import os
import random
import sqlite3
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def query(url, sql):
    if url.startswith("sqlite:"):
        con = sqlite3.connect(url[len("sqlite:"):], timeout=30)
        try:
            return [tuple(str(v) for v in row) for row in con.execute(sql)]
        finally:
            con.close()
    out = subprocess.run(["psql", "-X", "-q", "-At", "-F", "\t", "-d", url, "-c", sql],
                         check=True, capture_output=True, text=True).stdout
    return [tuple(line.split("\t")) for line in out.splitlines() if line]


def lua_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--program", default="MASAR")
    ap.add_argument("--out", required=True)
    ap.add_argument("--sample", type=int, default=20000)
    a = ap.parse_args()
    prog = a.program.replace("'", "")
    rng = query(a.db, f"SELECT MIN(a.id), MAX(a.id), COUNT(*) FROM applications a "
                      f"JOIN programs p ON p.id = a.program_id WHERE p.code = '{prog}'")
    lo, hi, count = (int(v) for v in rng[0])
    # A uniform sample of ids, then their references and CINs.
    ids = sorted(random.Random(7).sample(range(lo, hi + 1), min(a.sample, hi - lo + 1)))
    apps = []
    for i in range(0, len(ids), 5000):
        chunk = ",".join(str(x) for x in ids[i:i + 5000])
        apps += query(a.db, f"SELECT id, reference, cin FROM applications WHERE id IN ({chunk})")
    with open(os.path.join(ROOT, "data", "regions.json"), encoding="utf-8") as f:
        regions = json.load(f)["regions"]
    with open(os.path.join(ROOT, "data", "names.json"), encoding="utf-8") as f:
        names = json.load(f)
    # Prefixes of 3 letters (as staff type them) of first and family names, with
    # repetitions in proportion to the names' frequencies.
    prefixes = []
    for key in ("first_names", "family_names"):
        for latin, _arabic, weight in names[key]:
            word = latin.split()[-1].lower()
            if word.isascii() and len(word) >= 3:
                prefixes += [word[:3]] * max(1, int(weight) // 5)
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("return {\n")
        f.write(f"  min_id = {lo}, max_id = {hi}, count = {count},\n")
        f.write("  apps = {\n")
        for row in apps:
            f.write("    {%s, %s, %s},\n" % (row[0], lua_str(row[1]), lua_str(row[2])))
        f.write("  },\n  regions = {\n")
        for r in regions:
            provs = ", ".join(lua_str(p) for p in r["provinces"])
            f.write("    {code = %s, provinces = {%s}},\n" % (lua_str(r["code"]), provs))
        f.write("  },\n  prefixes = {%s},\n}\n" % ", ".join(lua_str(p) for p in prefixes))
    print(f"{a.out}: ids {lo}..{hi} ({count} applications), {len(apps)} sampled, "
          f"{len(set(prefixes))} prefixes", file=sys.stderr)


if __name__ == "__main__":
    main()
