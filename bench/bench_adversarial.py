#!/usr/bin/env python3
"""Time every stage on hostile inputs at 1x, 4x and 16x size: growth per 4x size should stay <= 5x.

    .venv/bin/python bench/bench_adversarial.py                    # every generator, scales 1 4 16
    .venv/bin/python bench/bench_adversarial.py --only org_list --scales 1 4 16 64

Each (generator, scale) runs --repeat times, each in its own subprocess (killed after --timeout seconds), which reads,
cleans, tokenises and extracts the file stage by stage (one timer per extractor), then resolves and
builds the graph of the one article. Prints seconds per stage (the fastest of --repeat runs) and, per
stage, the growth per 4x size over the whole range of sizes (the figure judged) and at the worst step
between consecutive sizes; stages under 50 ms at the largest size are not judged. Asserts nothing.
"""
from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

NOISE_SECONDS = 0.05


def run_stages(path: str) -> dict[str, float]:
    """Child process: seconds per stage for one file."""
    from kg.clean import clean
    from kg.extract import EXTRACTORS, ner
    from kg.extract.context import Context
    from kg.graph import build_graph
    from kg.model import ReadError
    from kg.read import read_file
    from kg.resolve import resolve

    # Warm up on a small article first: rule files, the segmenter's dictionary and the model load
    # lazily on first use, which would otherwise count against the smallest size.
    warm = Path(path).with_name("warm-up.md")
    warm.write_text("---\ntitle: 预热\n---\n\n2024年7月11日，中国互联网协会在北京发布《中国互联网发展报告2024》。\n",
                    encoding="utf-8")
    ctx = Context.for_doc(clean(read_file(warm, warm.name)))
    for extractor in EXTRACTORS:
        extractor.run(ctx)
    resolve([ctx.result()], "https://example.org/")
    ner.recognise("奇安信集团的研究人员发现了漏洞。")  # the model and its attribute list load on first use

    seconds: dict[str, float] = {}

    def timed(name, fn, *args):
        t = time.perf_counter()
        value = fn(*args)
        seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - t
        return value

    # As in the build: the cyclic collector is paused per article (kg.article.process_file) and over
    # resolve, graph and merge (kg.pipeline.build).
    gc.disable()
    doc = timed("read", read_file, Path(path), Path(path).name, 64 * 1024 * 1024)
    if isinstance(doc, ReadError):
        seconds["refused"] = 1.0
        return seconds
    ctx = timed("tokens", Context.for_doc, timed("clean", clean, doc))
    for extractor in EXTRACTORS:
        timed(extractor.__name__.rsplit(".", 1)[-1], extractor.run, ctx)
    result = timed("result", ctx.result)
    resolution = timed("resolve", resolve, [result], "https://example.org/")
    timed("graph", build_graph, [result], resolution, "https://example.org/")
    return seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", help="generator names (default: all)")
    ap.add_argument("--scales", nargs="*", type=int, default=[1, 4, 16])
    ap.add_argument("--timeout", type=float, default=300.0)
    ap.add_argument("--repeat", type=int, default=3, help="runs per size; each stage's fastest run is kept")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(run_stages(args.child)))
        return

    import hostile_gen

    names = args.only or list(hostile_gen.GENERATORS)
    worst_overall = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            rows: list[tuple[int, int, dict[str, float] | None, float]] = []
            for scale in args.scales:
                path = hostile_gen.generate(Path(tmp), scale, names=[name])[0]
                t = time.perf_counter()
                stages = _fastest([_child(path, args.timeout) for _ in range(args.repeat)])
                rows.append((scale, path.stat().st_size, stages, time.perf_counter() - t))
            worst_overall = max(worst_overall, _report(name, rows))
    print(f"\nworst growth per 4x size over all generators and stages: {worst_overall:.1f}x")


def _child(path: Path, timeout: float) -> dict[str, float] | None:
    try:
        out = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True,
                             text=True, timeout=timeout, check=True).stdout
        return json.loads(out)
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as exc:
        print(exc.stderr[-2000:], file=sys.stderr)
        return None


def _fastest(runs: list[dict[str, float] | None]) -> dict[str, float] | None:
    """Per stage, the fastest of the runs (the machine's noise only ever adds time); None if any timed out."""
    if any(r is None for r in runs):
        return None
    return {k: min(r[k] for r in runs) for k in runs[0]}


def _report(name: str, rows) -> float:
    print(f"\n== {name}")
    stages: list[str] = []
    for _, _, s, _ in rows:
        for k in s or {}:
            if k not in stages:
                stages.append(k)
    scales = [sc for sc, _, _, _ in rows]
    print(f"{'stage':16s}" + "".join(f"{f'x{sc} ({size // 1024} KB)':>18s}" for sc, size, _, _ in rows)
          + "   per 4x: overall (worst step)")
    worst = 0.0
    for stage in [*stages, "total"]:
        if stage == "total":
            values = [None if s is None else sum(s.values()) for _, _, s, _ in rows]
        else:
            values = [(s or {}).get(stage) for _, _, s, _ in rows]
        overall, step = _growth(scales, values)
        if overall is not None:
            worst = max(worst, overall)
        cells = "".join(f"{'TIMEOUT' if v is None else f'{v:.3f}':>18s}" for v in values)
        judged = "" if overall is None else f"{overall:.1f}x ({step:.1f}x)"
        print(f"{stage:16s}{cells}   {judged}")
    return float("inf") if any(s is None for _, _, s, _ in rows) else worst


def _growth(scales: list[int], values: list[float | None]) -> tuple[float | None, float | None]:
    """Growth per 4x size: over the whole range (the figure judged: noise in one small timing cannot
    dominate it, while a quadratic stage still shows ~16x), and the worst step between consecutive
    sizes. None for a stage under NOISE_SECONDS at the largest size (too fast to matter or to time)."""
    if any(v is None for v in values) or values[-1] < NOISE_SECONDS:
        return None, None
    floor = NOISE_SECONDS / 10

    def per4(a: int, va: float, b: int, vb: float) -> float:
        return (vb / max(va, floor)) ** (1 / _log4(b / a))

    steps = [per4(a, va, b, vb) for a, va, b, vb in zip(scales, values, scales[1:], values[1:])]
    return per4(scales[0], values[0], scales[-1], values[-1]), max(steps)


def _log4(x: float) -> float:
    import math
    return math.log(x, 4)


if __name__ == "__main__":
    main()
