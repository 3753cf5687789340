#!/usr/bin/env python3
"""Run trafilatura on the benchmark pages; write what it extracted (main text and date) to trafilatura_results.json,
which is committed, so `cargo bench` compares without Python. Scoring is done by the Rust bench for both tools.

    pip install trafilatura
    python3 benches/extraction/trafilatura_run.py
"""
import json
import os

import trafilatura

HERE = os.path.dirname(os.path.abspath(__file__))


def main():
    gold = json.load(open(os.path.join(HERE, "gold.json"), encoding="utf-8"))
    out = {"trafilatura_version": trafilatura.__version__, "pages": {}}
    for g in gold:
        page = open(os.path.join(HERE, "pages", g["page"]), encoding="utf-8").read()
        text = trafilatura.extract(page, url=g["url"], include_comments=False, include_tables=False,
                                   favor_precision=False) or ""
        meta = trafilatura.extract_metadata(page, default_url=g["url"])
        out["pages"][g["page"]] = {"main_text": text, "published": meta.date if meta else None}
    with open(os.path.join(HERE, "trafilatura_results.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
    print(f"{len(gold)} pages, trafilatura {trafilatura.__version__}")


if __name__ == "__main__":
    main()
