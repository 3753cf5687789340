#!/usr/bin/env python3
"""Run dateparser.search_dates on benches/dates/eval.tsv (each sentence with its DCT as RELATIVE_BASE, day-month-year order as in Indian news) and write
what it finds to benches/dates/dateparser_results.json, which `cargo bench --bench khabar` (group `dates`) reads to
print dateparser's scores beside Khabar's. Needs `pip install dateparser` (only for this script; never for tests).
"""

import csv
import datetime as dt
import json
import sys
import time
from pathlib import Path

import dateparser
from dateparser.search import search_dates

here = Path(__file__).parent
rows = list(csv.DictReader((here / "eval.tsv").open(encoding="utf-8"), delimiter="\t"))
out = {}
started = time.perf_counter()
for r in rows:
    dct = dt.datetime.fromisoformat(r["dct"])
    found = search_dates(
        r["sentence"],
        languages=["hi", "en"],
        settings={"RELATIVE_BASE": dct, "PREFER_DATES_FROM": "past", "DATE_ORDER": "DMY",
                  "RETURN_AS_TIMEZONE_AWARE": False},
    ) or []
    out[r["id"]] = [{"text": text, "value": value.isoformat()} for text, value in found]
elapsed = time.perf_counter() - started
result = {
    "dateparser_version": dateparser.__version__,
    "sentences": len(rows),
    "seconds": round(elapsed, 3),
    "found": out,
}
(here / "dateparser_results.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
print(f"dateparser {dateparser.__version__}: {len(rows)} sentences in {elapsed:.2f} s", file=sys.stderr)
