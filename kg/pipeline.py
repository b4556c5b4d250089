"""The build: discover -> read -> clean+extract (per article, pure) -> resolve -> graph -> validate -> write."""
from __future__ import annotations

import io
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import pyoxigraph as ox
from rdflib import Graph

from kg import __version__, ids
from kg.extract import extract
from kg.graph import build_graph, instance_prefixes
from kg.model import ArticleResult, ReadError
from kg.read import DEFAULT_MAX_BYTES, read_file
from kg.resolve import resolve
from kg.validate import ValidationReport, validate_graph
from kg.atomic import atomic_output_dir
from kg.write import write_json, write_trig, write_turtle

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

    def to_json(self) -> dict:
        return {
            "kg_version": __version__,
            "articles": {"read": self.articles_read, "failed": self.articles_failed},
            "failures": [{"file": f.source_file, "reason": f.reason} for f in self.failures],
            "entities": dict(sorted(self.entities.items())),
            "triples": self.triples,
            "quads": self.quads,
            "conforms": self.conforms,
            "violations": [v.to_json() for v in self.validation.violations],
            # Timings are the only part of the output that differs between two builds of one input.
            "seconds": round(self.seconds, 2),
            "stage_seconds": {k: round(v, 2) for k, v in self.stage_seconds.items()},
        }


@dataclass(frozen=True)
class InputFile:
    path: Path
    source_file: str  # relative to its corpus root, '/'-separated


Progress = Callable[[int, int], None]


def discover(inputs: list[Path]) -> tuple[list[InputFile], list[ReadError]]:
    """Every regular file under the inputs (hidden ones skipped), sorted by source path."""
    files: list[InputFile] = []
    errors: list[ReadError] = []
    prefix_roots = len(inputs) > 1
    for root in inputs:
        label = root.name if prefix_roots else ""
        if root.is_file():
            files.append(InputFile(root, root.name))
            continue
        if not root.is_dir():
            errors.append(ReadError(str(root), "no such file or folder"))
            continue
        for path, rel in _walk(root, errors, label):
            files.append(InputFile(path, rel))
    files.sort(key=lambda f: f.source_file)
    return files, errors


def _walk(root: Path, errors: list[ReadError], label: str) -> Iterator[tuple[Path, str]]:
    seen_dirs = {os.path.realpath(root)}
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            errors.append(ReadError(_rel(Path(folder), root, label), f"cannot list folder: {exc.strerror}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            rel = _rel(path, root, label)
            try:
                if entry.is_dir(follow_symlinks=True):
                    real = os.path.realpath(path)
                    if real in seen_dirs:
                        errors.append(ReadError(rel, "symlink loop (folder already visited)"))
                        continue
                    seen_dirs.add(real)
                    stack.append(path)
                elif entry.is_file(follow_symlinks=True):
                    yield path, rel
                elif entry.is_symlink():
                    errors.append(ReadError(rel, "broken symlink"))
            except OSError as exc:
                errors.append(ReadError(rel, f"cannot stat: {exc.strerror}"))


def _rel(path: Path, root: Path, label: str) -> str:
    rel = path.relative_to(root).as_posix()
    return f"{label}/{rel}" if label else rel


def process_file(item: InputFile, max_bytes: int) -> ArticleResult | ReadError:
    """Read and extract one file: a pure function of its bytes and the rules."""
    doc = read_file(item.path, item.source_file, max_bytes)
    if isinstance(doc, ReadError):
        return doc
    return extract(doc)


def build(config: BuildConfig, progress: Progress | None = None) -> BuildSummary:
    t0 = time.perf_counter()
    stages: dict[str, float] = {}

    def lap(name: str, since: float) -> float:
        now = time.perf_counter()
        stages[name] = stages.get(name, 0.0) + now - since
        return now

    files, failures = discover(config.inputs)
    t = lap("discover", t0)
    results: list[ArticleResult] = []
    for i, item in enumerate(files):
        out = process_file(item, config.max_bytes)
        if isinstance(out, ReadError):
            failures.append(out)
        else:
            results.append(out)
        if progress:
            progress(i + 1, len(files))
    t = lap("read+extract", t)
    resolution = resolve(results, config.base_iri)
    t = lap("resolve", t)
    built = build_graph(results, resolution, config.base_iri)
    t = lap("graph", t)
    report = validate_graph(_to_rdflib(built.quads))
    t = lap("validate", t)
    failures.sort(key=lambda f: f.source_file)
    summary = BuildSummary(
        articles_read=len(results), articles_failed=len(failures), failures=failures,
        entities=built.counts, triples=0, quads=len(built.quads), conforms=report.conforms,
        validation=report, seconds=0.0, stage_seconds=stages, written=False)
    if report.conforms or not config.strict:
        prefixes = instance_prefixes(config.base_iri)
        with atomic_output_dir(config.out_dir) as staging:
            summary.triples = write_turtle(built.quads, staging / "kg.ttl", prefixes)
            write_trig(built.quads, staging / "kg.trig", prefixes)
            t = lap("write", t)
            summary.seconds = time.perf_counter() - t0
            write_json(summary.to_json(), staging / "report.json")
        summary.written = True
    summary.seconds = time.perf_counter() - t0
    return summary


def _to_rdflib(quads: list[ox.Quad]) -> Graph:
    triples = {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    g = Graph()
    g.parse(io.BytesIO(data), format="nt")
    return g
