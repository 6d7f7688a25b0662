#!/usr/bin/env python3
"""Writes a CSV file of N registrations for the import benchmark: the header of the
import (formats/import_rows.h), women aged 20 to 44, every region, new CINs
"Q" + a letter + 6 digits (the generator's CINs never have a Q, the wrk
registrations have one letter), so that every row is valid and new.

  make_csv.py --rows 100000 --out import.csv [--letter A] [--seed 1]
"""
import argparse
import datetime
import json
import os
import random

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--letter", default="A")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    with open(os.path.join(ROOT, "data", "regions.json"), encoding="utf-8") as f:
        regions = json.load(f)["regions"]
    with open(os.path.join(ROOT, "data", "names.json"), encoding="utf-8") as f:
        names = json.load(f)
    firsts, lasts = names["first_names"], names["family_names"]
    fw = [int(n[2]) for n in firsts]
    lw = [int(n[2]) for n in lasts]
    year = datetime.date.today().year
    with open(a.out, "w", encoding="utf-8", newline="") as f:
        f.write("cin,first_name,last_name,first_name_ar,last_name_ar,birth_date,sex,phone,"
                "region,province,commune,education,situation,project_idea,consent\r\n")
        for i in range(a.rows):
            fn = rnd.choices(firsts, fw)[0]
            ln = rnd.choices(lasts, lw)[0]
            r = rnd.choice(regions)
            prov = rnd.choice(r["provinces"])
            birth = "%04d-%02d-%02d" % (year - rnd.randint(20, 44), rnd.randint(1, 12),
                                        rnd.randint(1, 28))
            f.write('Q%s%06d,%s,%s,%s,%s,%s,F,07%08d,%s,"%s",,secondary,unemployed,'
                    'Atelier de couture,oui\r\n'
                    % (a.letter, i, fn[0], ln[0], fn[1], ln[1], birth, rnd.randint(0, 99999999),
                       r["code"], prov.replace('"', '""')))


if __name__ == "__main__":
    main()
