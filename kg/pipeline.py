"""The build: discover -> read -> clean+extract (per article, pure) -> resolve -> graph -> validate -> write."""
from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import pyoxigraph as ox
from rdflib import Graph

from kg import __version__, ids
from kg.article import TIMEOUT_REASON, InputFile, cyclic_gc_paused, process_file  # noqa: F401  (process_file: public name of the build)
from kg.graph import build_graph, instance_prefixes
from kg.model import ArticleResult, ReadError
from kg.read import DEFAULT_MAX_BYTES
from kg.resolve import resolve
from kg import parallel
from kg.cache import BuildCache, file_hash, output_fingerprint
from kg.validate import ValidationReport, Violation, validate_triples
from kg.atomic import atomic_output_dir, recover
from kg.write import merged_triples, write_json, write_trig, write_turtle

OUTPUT_FILES = ("kg.ttl", "kg.trig")
DEFAULT_ARTICLE_TIMEOUT = 60.0
DEFAULT_CORPUS = Path("seeds")
DEFAULT_OUT = Path("out")


@dataclass
class BuildConfig:
    inputs: list[Path] = field(default_factory=lambda: [DEFAULT_CORPUS])
    out_dir: Path = DEFAULT_OUT
    base_iri: str = ids.DEFAULT_BASE
    strict: bool = True
    max_bytes: int = DEFAULT_MAX_BYTES
    jobs: int = 0  # worker processes for extraction; 0 = all cores
    article_timeout: float | None = DEFAULT_ARTICLE_TIMEOUT  # seconds per article; None or 0 = no limit


@dataclass
class BuildSummary:
    articles_read: int
    articles_failed: int
    failures: list[ReadError]
    entities: dict[str, int]
    triples: int
    quads: int
    conforms: bool
    validation: ValidationReport
    seconds: float
    stage_seconds: dict[str, float]
    written: bool
    cache: dict[str, int] = field(default_factory=dict)  # cache hits and misses (articles, SHACL nodes)
    skipped: list[str] = field(default_factory=list)  # data files beside the articles (not failures)
    warnings: list[dict] = field(default_factory=list)  # articles kept but read with a fallback (file, note)

    @property
    def timing_dependent(self) -> bool:
        return any(f.reason.startswith(TIMEOUT_REASON) for f in self.failures)

    def to_json(self) -> dict:
        return {
            "kg_version": __version__,
            "articles": {"read": self.articles_read, "failed": self.articles_failed},
            # True when an article hit the per-article time limit: a faster machine may build it, so
            # this output depends on timing, not only on the input.
            "timing_dependent": self.timing_dependent,
            "failures": [{"file": f.source_file, "reason": f.reason} for f in self.failures],
            "skipped": self.skipped,
            "warnings": self.warnings,
            "entities": dict(sorted(self.entities.items())),
            "triples": self.triples,
            "quads": self.quads,
            "conforms": self.conforms,
            "violations": [v.to_json() for v in self.validation.violations],
            # Timings are the only part of the output that differs between two builds of one input.
            "seconds": round(self.seconds, 2),
            "stage_seconds": {k: round(v, 2) for k, v in self.stage_seconds.items()},
            "cache": dict(sorted(self.cache.items())),
        }


Progress = Callable[[int, int], None]


# Operating-system and tool litter skipped silently (hidden *folders* such as .git or .cache are skipped
# too); every other file is read, hidden or not (".NET 反序列化.md" is an article).
SKIPPED_FILES = re.compile(r"\.DS_Store|\._.*|\.git(ignore|keep|attributes|modules)|Thumbs\.db|desktop\.ini|"
                           r"\..*\.sw[op]|.*~", re.I)


# Annotation and index files kept beside articles (gold/*.json, SOURCES.tsv): data, not articles and not
# failures; listed under `skipped` in report.json.
DATA_FILES = re.compile(r".*\.(json|jsonl|tsv|csv)", re.I)


def discover(inputs: list[Path]) -> tuple[list[InputFile], list[ReadError]]:
    """Every regular file under the inputs (hidden folders and OS litter skipped), sorted by source path.

    Never raises for a bad path: missing inputs, unlistable folders, broken symlinks and symlink loops
    come back as ReadErrors, each path once.
    """
    files: list[InputFile] = []
    errors: list[ReadError] = []
    prefix_roots = len(inputs) > 1
    for root in inputs:
        label = root.name if prefix_roots else ""
        try:
            if root.is_file():
                files.append(InputFile(root, root.name))
                continue
            if not root.is_dir():
                errors.append(ReadError(str(root), "no such file or folder"))
                continue
        except OSError as exc:  # e.g. a symlink loop given as the input itself
            errors.append(ReadError(str(root), f"cannot open: {exc.strerror or exc}"))
            continue
        for path, rel in _walk(root, errors, label):
            files.append(InputFile(path, rel))
    files.sort(key=lambda f: f.source_file)
    unique: dict[str, ReadError] = {}
    for e in errors:
        unique.setdefault(e.source_file, e)
    return files, sorted(unique.values(), key=lambda e: e.source_file)


def _walk(root: Path, errors: list[ReadError], label: str) -> Iterator[tuple[Path, str]]:
    seen_dirs = {os.path.realpath(root)}
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            errors.append(ReadError(_rel(Path(folder), root, label) + "/",
                                    f"cannot list folder: {exc.strerror or exc}"))
            continue
        for entry in entries:
            path = Path(entry.path)
            rel = _rel(path, root, label)
            try:
                if entry.is_dir(follow_symlinks=True):
                    if entry.name.startswith("."):
                        continue
                    real = os.path.realpath(path)
                    if real in seen_dirs:
                        errors.append(ReadError(rel + "/", "symlink loop (folder already visited)"))
                        continue
                    seen_dirs.add(real)
                    stack.append(path)
                elif SKIPPED_FILES.fullmatch(entry.name):
                    continue
                elif entry.is_file(follow_symlinks=True):
                    yield path, rel
                elif entry.is_symlink():
                    target = "symlink loop" if _is_loop(path) else "broken symlink"
                    errors.append(ReadError(rel, target))
                else:
                    errors.append(ReadError(rel, "not a regular file (device, pipe or socket)"))
            except OSError as exc:
                reason = "symlink loop" if exc.errno == errno.ELOOP else f"cannot stat: {exc.strerror or exc}"
                errors.append(ReadError(rel, reason))


def _is_loop(path: Path) -> bool:
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def _rel(path: Path, root: Path, label: str) -> str:
    rel = path.relative_to(root).as_posix()
    if rel == ".":
        rel = ""
    return "/".join(x for x in (label, rel) if x) or "."


def build(config: BuildConfig, progress: Progress | None = None) -> BuildSummary:
    """discover -> (cache lookup) -> read/clean/extract in worker processes -> resolve -> graph ->
    validate (chunked, in workers, cached per node) -> write, atomically, with the updated cache.

    stage_seconds: wall seconds per stage; the per-article stages (read, clean, extract) run in the
    workers, so their wall time is split in proportion to the workers' summed seconds per stage.
    """
    t0 = time.perf_counter()
    stages: dict[str, float] = {}

    def lap(name: str, since: float) -> float:
        now = time.perf_counter()
        stages[name] = stages.get(name, 0.0) + now - since
        return now

    files, failures = discover(config.inputs)
    skipped = [f.source_file for f in files if DATA_FILES.fullmatch(f.path.name)]
    files = [f for f in files if not DATA_FILES.fullmatch(f.path.name)]
    t = lap("discover", t0)
    recover(config.out_dir)  # a killed build's leftovers, before the cache and output are read
    cache = BuildCache(config.out_dir)
    results: list[ArticleResult] = []
    todo: list[InputFile] = []
    for item in files:  # an empty cache (first build, rules changed) needs no hashing
        hit = cache.get(item.source_file, file_hash(item.path, config.max_bytes)) if cache.articles else None
        if hit is None:
            todo.append(item)
        else:
            results.append(hit)
    cache.stats["hits"], cache.stats["misses"] = len(results), len(todo)
    if not todo and (summary := _reuse_output(
            config, cache, _output_key(config, cache, results, failures, skipped), failures, t0, stages)):
        lap("cache", t)
        return summary
    done = len(results)
    if progress:
        progress(done, len(files))
    t = lap("cache", t)

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, len(files))

    with parallel.pool(config.jobs) as workers:
        fresh, worker_seconds = parallel.extract_all(todo, config.max_bytes, workers, tick, config.article_timeout)
        for out in fresh:
            if isinstance(out, ReadError):
                failures.append(out)
            else:
                results.append(out)
                cache.put(out)
        now = time.perf_counter()
        busy = sum(worker_seconds.values())
        for name, secs in worker_seconds.items():  # the phase's wall time, split by worker seconds
            stages[name] = (now - t) * secs / busy if busy > 0 else 0.0
        t = now
        results.sort(key=lambda r: r.doc.source_file)
        output_key = _output_key(config, cache, results, failures, skipped)
        with cyclic_gc_paused():  # millions of small objects, almost no cycles (see kg.article)
            resolution = resolve(results, config.base_iri)
            t = lap("resolve", t)
            built = build_graph(results, resolution, config.base_iri)
            del resolution
            t = lap("graph", t)
            triples = merged_triples(built.quads)
            t = lap("merge", t)
        report = validate_triples(triples, workers, cache)
        t = lap("validate", t)
    failures.sort(key=lambda f: f.source_file)
    summary = BuildSummary(
        articles_read=len(results), articles_failed=len(failures), failures=failures,
        entities=built.counts, triples=0, quads=len(built.quads), conforms=report.conforms,
        validation=report, seconds=0.0, stage_seconds=stages, written=False, cache=cache.stats,
        skipped=skipped, warnings=_read_warnings(results))
    del results
    if report.conforms or not config.strict:
        prefixes = instance_prefixes(config.base_iri)
        with atomic_output_dir(config.out_dir) as staging:
            summary.triples = write_turtle(built.quads, staging / "kg.ttl", prefixes, triples=triples)
            write_trig(built.quads, staging / "kg.trig", prefixes, presorted=True)
            cache.new_meta["output"] = json.dumps({"key": output_key, **_digests(staging)})
            t = lap("write", t)
            # The existing cache is updated in place (kg.atomic carries it over), else a new one is made.
            cache.save(config.out_dir if cache.path.exists() else staging, (f.source_file for f in files))
            t = lap("cache", t)
            summary.seconds = time.perf_counter() - t0
            write_json(summary.to_json(), staging / "report.json")
        summary.written = True
    summary.seconds = time.perf_counter() - t0
    return summary


def _output_key(config: BuildConfig, cache: BuildCache, results: list[ArticleResult],
                failures: list[ReadError], skipped: list[str]) -> str:
    """Everything the output depends on: code, shapes, options, each file's bytes, discovery errors
    and skipped data files."""
    h = hashlib.sha256()
    for part in (output_fingerprint(), cache.namespace, config.base_iri, str(config.strict)):
        h.update(part.encode() + b"\0")
    for r in sorted(results, key=lambda r: r.doc.source_file):
        h.update(f"{r.doc.source_file}\0{r.doc.content_hash}\0".encode())
    for f in sorted(failures, key=lambda f: f.source_file):
        h.update(f"!{f.source_file}\0{f.reason}\0".encode())
    for name in sorted(skipped):
        h.update(f"-{name}\0".encode())
    return h.hexdigest()


def _read_warnings(results: list[ArticleResult]) -> list[dict]:
    """Articles read with a fallback (e.g. lenient front matter), sorted by file."""
    return [{"file": r.doc.source_file, "note": note}
            for r in sorted(results, key=lambda r: r.doc.source_file) for note in r.doc.read_notes]


def _digests(folder: Path) -> dict[str, str]:
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in OUTPUT_FILES}


def _reuse_output(config: BuildConfig, cache: BuildCache, key: str, failures: list[ReadError],
                  t0: float, stages: dict[str, float]) -> BuildSummary | None:
    """Nothing changed since the last build (same key, output files untouched): its output, report.json
    included, is this build's output, so nothing is resolved, validated or written again."""
    try:
        last = json.loads(cache.meta.get("output", "{}"))
        if last.get("key") != key or _digests(config.out_dir) != {n: last.get(n) for n in OUTPUT_FILES}:
            return None
        old = json.loads((config.out_dir / "report.json").read_text(encoding="utf-8"))
        violations = tuple(Violation(**{**v, "source_files": tuple(v["source_files"])}) for v in old["violations"])
        summary = BuildSummary(
            articles_read=old["articles"]["read"], articles_failed=len(failures), failures=failures,
            entities=old["entities"], triples=old["triples"], quads=old["quads"], conforms=old["conforms"],
            validation=ValidationReport(old["conforms"], violations), seconds=0.0, stage_seconds=stages,
            written=True, cache={**cache.stats, "output_reused": 1}, skipped=old.get("skipped", []),
            warnings=old.get("warnings", []))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    summary.seconds = time.perf_counter() - t0
    return summary


def _to_rdflib(quads: list[ox.Quad]) -> Graph:
    """The merged graph as an rdflib Graph (for whole-graph validation: kg.validate.validate_graph)."""
    data = ox.serialize(merged_triples(quads), format=ox.RdfFormat.N_TRIPLES)
    g = Graph()
    g.parse(io.BytesIO(data), format="nt")
    return g
