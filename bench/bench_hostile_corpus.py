#!/usr/bin/env python3
"""Build corpus/dev with the five hostile files of issue 13 (24 MB) beside it: wall time, peak RSS, what failed.

    .venv/bin/python bench/bench_hostile_corpus.py [--jobs 2] [--article-timeout 60]

The corpus is a temporary folder of symlinks to ../shared/corpus/dev/*.md plus the generated files
(tests/hostile_gen.issue_files). Prints the build's wall time and peak RSS (/usr/bin/time -v when
present), the failures with their reasons, and whether every dev article is in the graph.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
DEV = (ROOT / ".." / "shared" / "corpus" / "dev").resolve()


def main() -> None:
    import hostile_gen

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--article-timeout", type=float, default=60.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
        corpus.mkdir()
        dev = sorted(DEV.glob("*.md"))
        for p in dev:
            (corpus / p.name).symlink_to(p)
        hostile = hostile_gen.issue_files(corpus)
        size = sum(p.stat().st_size for p in hostile)
        cmd = [sys.executable, "-m", "kg", "build", str(corpus), "-o", str(out), "--quiet", "--no-strict",
               "--jobs", str(args.jobs), "--article-timeout", str(args.article_timeout)]
        timed = Path("/usr/bin/time").exists()
        t = time.perf_counter()
        proc = subprocess.run((["/usr/bin/time", "-v"] if timed else []) + cmd, capture_output=True, text=True,
                              cwd=ROOT)
        wall = time.perf_counter() - t
        rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
        print(f"{len(dev)} dev articles + {len(hostile)} hostile files ({size / 2**20:.1f} MB), "
              f"--jobs {args.jobs}, --article-timeout {args.article_timeout:g}")
        print(f"wall {wall:.1f} s, exit code {proc.returncode}"
              + (f", peak RSS of the largest process {int(rss.group(1)) / 1024:.0f} MiB" if rss else ""))
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        print(f"articles read {report['articles']['read']}, failed {report['articles']['failed']}, "
              f"timing_dependent {report['timing_dependent']}")
        for f in report["failures"]:
            print(f"  failed: {f['file']}: {f['reason']}")
        failed = {f["file"] for f in report["failures"]}
        built = {p.name for p in hostile} - failed
        print(f"  built: {', '.join(sorted(built)) or '-'}")
        trig = (out / "kg.trig").read_text(encoding="utf-8")
        missing = [p.name for p in dev if f'"{p.name}"' not in trig]
        print(f"dev articles in the graph: {len(dev) - len(missing)}/{len(dev)}" + (f" (missing {missing})" if missing else ""))
        print("stage seconds:", {k: round(v, 1) for k, v in report.get("stage_seconds", {}).items()})


if __name__ == "__main__":
    main()
