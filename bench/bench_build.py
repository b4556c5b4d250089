#!/usr/bin/env python3
"""Benchmark `kg build` on a corpus: prints figures, asserts nothing timed (see bench/README.md).

Every build runs as its own process (`python -m kg build ... --quiet --no-strict`), timed on the wall
clock; its peak memory is read two ways: the largest single process (getrusage of the waited child,
what /usr/bin/time -v reports) and the whole process tree (main process + workers, sampled from /proc
every 0.1 s).

    .venv/bin/python bench/bench_build.py                      # every mode on ../shared/corpus/wx
    .venv/bin/python bench/bench_build.py --modes full --runs 5
    .venv/bin/python bench/bench_build.py --corpus seeds --modes full,nochange,onechange,jobs,rss
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = (ROOT / ".." / "shared" / "corpus" / "wx").resolve()
STAGES = ("discover", "cache", "read", "clean", "extract", "resolve", "graph", "merge", "validate", "write")
MODES = ("full", "nochange", "onechange", "jobs", "rss")


# ---------------------------------------------------------------- running one build


def _tree_rss(root_pid: int) -> int:
    """Resident bytes of a process and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)  # field 4: ppid
        rss[pid] = int(fields[21]) * page  # field 24: rss in pages
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack += children.get(pid, [])
    return total


def run_build(corpus: Path | list[Path], out: Path, jobs: int) -> dict:
    corpora = corpus if isinstance(corpus, list) else [corpus]
    cmd = [sys.executable, "-m", "kg", "build", *map(str, corpora), "-o", str(out), "--quiet", "--no-strict",
           "--jobs", str(jobs)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak_tree = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not stop.is_set():
            peak_tree = max(peak_tree, _tree_rss(proc.pid))
            stop.wait(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    stop.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode not in (0, 3):
        raise SystemExit(f"build failed ({proc.returncode}): {' '.join(cmd)}\n{err[-3000:]}")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return {"wall": wall, "rss_max": usage.ru_maxrss * 1024, "rss_tree": peak_tree, "report": report}


def same_output(a: Path, b: Path) -> bool:
    return all((a / f).read_bytes() == (b / f).read_bytes() for f in ("kg.ttl", "kg.trig"))


# ---------------------------------------------------------------- printing


def mib(n: float) -> str:
    return f"{n / 2**20:,.0f} MiB"


def spread(values: list[float], unit: str = "s") -> str:
    return (f"median {statistics.median(values):.2f}{unit}  min {min(values):.2f}{unit}  "
            f"max {max(values):.2f}{unit}  (n={len(values)})")


def corpus_files(corpus: Path) -> list[Path]:
    """The files kg reads: hidden folders skipped, files with any name kept."""
    out = []
    for dirpath, dirnames, filenames in os.walk(corpus, followlinks=True):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        out += [Path(dirpath) / f for f in filenames]
    return sorted(out)


def corpus_size(corpus: Path) -> tuple[int, int]:
    n = size = 0
    for dirpath, dirnames, filenames in os.walk(corpus, followlinks=True):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for f in filenames:
            n += 1
            size += os.stat(os.path.join(dirpath, f)).st_size
    return n, size


# ---------------------------------------------------------------- modes


def mode_full(args, work: Path) -> Path:
    files, size = corpus_size(args.corpus)
    print(f"\n== full build (cold: no cache), {args.runs} runs, --jobs {args.jobs}: {args.corpus} "
          f"({files:,} files, {size / 1e6:.0f} MB)")
    runs = []
    out = work / "full"
    for i in range(args.runs):
        shutil.rmtree(out, ignore_errors=True)
        r = run_build(args.corpus, out, args.jobs)
        runs.append(r)
        print(f"  run {i + 1}: {r['wall']:.2f}s  peak RSS {mib(r['rss_max'])} (tree {mib(r['rss_tree'])})")
    walls = [r["wall"] for r in runs]
    rep = runs[-1]["report"]
    med = statistics.median(walls)
    articles = rep["articles"]["read"] + rep["articles"]["failed"]
    print(f"  wall: {spread(walls)}")
    print(f"  throughput: {articles / med:,.0f} articles/s, {size / 1e6 / med:.1f} MB/s (median run)")
    print(f"  articles read {rep['articles']['read']:,}, failed {rep['articles']['failed']:,}; "
          f"triples {rep['triples']:,}, quads {rep['quads']:,}; conforms {rep['conforms']} "
          f"({len(rep['violations'])} violations)")
    print(f"  peak RSS: largest process {mib(max(r['rss_max'] for r in runs))}, "
          f"process tree {mib(max(r['rss_tree'] for r in runs))}")
    stage_med = {s: statistics.median(r["report"]["stage_seconds"].get(s, 0.0) for r in runs) for s in STAGES}
    total = sum(stage_med.values()) or 1.0
    print("  stage (median s, share of the build's own time; startup and imports not included):")
    for s in STAGES:
        print(f"    {s:<9} {stage_med[s]:7.2f}s  {100 * stage_med[s] / total:5.1f}%")
    return out


def mode_nochange(args, work: Path, reference: Path | None) -> None:
    print(f"\n== no-change rebuild (warm cache), {args.runs} runs")
    out = work / "nochange"
    shutil.rmtree(out, ignore_errors=True)
    run_build(args.corpus, out, args.jobs)  # fills the cache
    runs = [run_build(args.corpus, out, args.jobs) for _ in range(args.runs)]
    print(f"  wall: {spread([r['wall'] for r in runs])}")
    c = runs[-1]["report"].get("cache", {})
    print(f"  cache: {c}")
    if reference is not None:
        print(f"  byte-identical to a clean build: {same_output(out, reference)}")


def mode_onechange(args, work: Path) -> None:
    print(f"\n== one-file-changed rebuild, {args.runs} runs (corpus copied to a temp folder)")
    corpus = work / "corpus-copy"
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.copytree(args.corpus, corpus)
    files = corpus_files(corpus)
    out = work / "onechange"
    shutil.rmtree(out, ignore_errors=True)
    run_build(corpus, out, args.jobs)  # fills the cache
    runs = []
    for i in range(args.runs):
        victim = files[(i + 1) * len(files) // (args.runs + 1)]
        with open(victim, "a", encoding="utf-8") as fh:  # a new paragraph naming a report and an organisation
            fh.write(f"\n\n中国信息通信研究院发布《基准测试报告{i}（2025）》。\n")
        r = run_build(corpus, out, args.jobs)
        runs.append(r)
        print(f"  run {i + 1}: {r['wall']:.2f}s  changed {victim.relative_to(corpus)}  cache {r['report'].get('cache')}")
    print(f"  wall: {spread([r['wall'] for r in runs])}")
    clean = work / "onechange-clean"
    shutil.rmtree(clean, ignore_errors=True)
    run_build(corpus, clean, args.jobs)
    print(f"  byte-identical to a clean build of the changed corpus: {same_output(out, clean)}")
    shutil.rmtree(corpus, ignore_errors=True)


def mode_jobs(args, work: Path, reference: Path | None) -> None:
    print("\n== --jobs 1 vs --jobs 2 (cold builds)")
    outs = {}
    for jobs in (1, 2):
        out = work / f"jobs{jobs}"
        shutil.rmtree(out, ignore_errors=True)
        r = run_build(args.corpus, out, jobs)
        outs[jobs] = out
        print(f"  --jobs {jobs}: {r['wall']:.2f}s  peak RSS {mib(r['rss_max'])} (tree {mib(r['rss_tree'])})")
    print(f"  byte-identical: {same_output(outs[1], outs[2])}")


def mode_rss(args, work: Path) -> None:
    print(f"\n== peak RSS by corpus size (cold builds, --jobs {args.jobs}; subsets spread over the corpus)")
    files = corpus_files(args.corpus)
    for n in sorted({min(n, len(files)) for n in (1000, 5000, len(files))}):
        subset = work / f"subset-{n}"
        shutil.rmtree(subset, ignore_errors=True)
        for i in range(n if n < len(files) else 0):
            src = files[i * len(files) // n]
            dst = subset / src.relative_to(args.corpus)
            dst.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(src, dst)
        out = work / f"rss-{n}"
        shutil.rmtree(out, ignore_errors=True)
        r = run_build(subset if n < len(files) else args.corpus, out, args.jobs)
        print(f"  {n:>6,} articles: {r['wall']:6.2f}s  largest process {mib(r['rss_max'])}, "
              f"process tree {mib(r['rss_tree'])}, triples {r['report']['triples']:,}")
        shutil.rmtree(subset, ignore_errors=True)


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--modes", default=",".join(MODES), help=f"comma-separated, of {', '.join(MODES)}")
    ap.add_argument("--workdir", type=Path, default=None, help="scratch folder (default: a temp folder)")
    args = ap.parse_args()
    args.corpus = args.corpus.resolve()
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    unknown = set(modes) - set(MODES)
    if unknown:
        ap.error(f"unknown modes: {', '.join(sorted(unknown))}")
    work = args.workdir or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"kg bench: {os.cpu_count()} CPUs, python {sys.version.split()[0]}, load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}, scratch {work}")
    reference = None
    try:
        if "full" in modes:
            reference = mode_full(args, work)
        if "nochange" in modes:
            mode_nochange(args, work, reference)
        if "onechange" in modes:
            mode_onechange(args, work)
        if "jobs" in modes:
            mode_jobs(args, work, reference)
        if "rss" in modes:
            mode_rss(args, work)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
