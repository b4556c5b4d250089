"""Chrome detector for crawled news pages: per outlet, the cleaned lines that repeat across pages.

A line that recurs in more than `--share` of an outlet's cleaned pages is almost always site chrome
(menu, footer, sidebar) that kg.clean let through. Also prints, per outlet, the share of body
characters kept and the pages that cleaning emptied.

    .venv/bin/python bench/check_news_chrome.py /work/shared/corpus/news [--per-outlet 300] [--share 0.05]
"""
from __future__ import annotations

import argparse
import random
from collections import Counter, defaultdict
from pathlib import Path

from kg.clean import clean
from kg.model import ReadError
from kg.read import read_file

EMPTY_CHARS = 50  # a cleaned page shorter than this has lost its article
MIN_ARTICLE = 300  # ... when its raw body had at least this much text


def outlets(root: Path) -> dict[str, list[str]]:
    """SOURCES.tsv: file -> outlet (the last column)."""
    by: dict[str, list[str]] = defaultdict(list)
    rows = (root / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()[1:]
    for row in rows:
        cols = row.split("\t")
        by[cols[-1]].append(cols[0])
    return {k: sorted(v) for k, v in sorted(by.items())}


def check_outlet(root: Path, files: list[str], share: float, top: int) -> dict:
    pages: Counter[str] = Counter()
    raw = kept = emptied = read = 0
    examples: list[str] = []
    for rel in files:
        doc = read_file(root / rel, rel)
        if isinstance(doc, ReadError):
            continue
        read += 1
        text = clean(doc).text
        raw += len(doc.body)
        kept += len(text)
        if len(text.strip()) < EMPTY_CHARS and len(doc.body) >= MIN_ARTICLE:
            emptied += 1
            examples.append(rel)
        pages.update({line.strip() for line in text.splitlines() if line.strip()})
    limit = share * max(read, 1)
    repeated = [(n, line) for line, n in pages.items() if n > limit]
    repeated.sort(key=lambda x: (-x[0], x[1]))
    return {"read": read, "kept_share": kept / max(raw, 1), "emptied": emptied,
            "emptied_examples": examples[:3], "repeated": repeated[:top], "repeated_total": len(repeated)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--per-outlet", type=int, default=300, help="pages sampled per outlet (0 = all)")
    ap.add_argument("--share", type=float, default=0.05, help="report lines in more than this share of pages")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    total_repeated = 0
    for outlet, files in outlets(args.corpus).items():
        if args.per_outlet and len(files) > args.per_outlet:
            files = sorted(rng.sample(files, args.per_outlet))
        res = check_outlet(args.corpus, files, args.share, args.top)
        total_repeated += res["repeated_total"]
        print(f"== {outlet}: {res['read']} pages, body chars kept {res['kept_share']:.1%}, "
              f"emptied {res['emptied']}, lines repeating in >{args.share:.0%} of pages: {res['repeated_total']}")
        for rel in res["emptied_examples"]:
            print(f"   emptied: {rel}")
        for n, line in res["repeated"]:
            print(f"   {n:5d}  {line[:100]}")
    print(f"total repeating lines: {total_repeated}")


if __name__ == "__main__":
    main()
