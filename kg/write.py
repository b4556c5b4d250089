"""Writing: Turtle (merged graph), TriG (one named graph per article) and the JSON build report."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from kg.graph import quad_sort_key


def write_turtle(quads: Iterable[ox.Quad], path: Path, prefixes: dict[str, str]) -> int:
    """The merged graph: every quad's triple once, sorted, so the same input gives the same bytes."""
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads},
                     key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    _write_with_sorted_prefixes(ox.serialize(triples, None, ox.RdfFormat.TURTLE, prefixes=prefixes), path)
    return len(triples)


def write_trig(quads: list[ox.Quad], path: Path, prefixes: dict[str, str]) -> None:
    """One named graph per article, quads already sorted by graph then triple."""
    _write_with_sorted_prefixes(
        ox.serialize(sorted(quads, key=quad_sort_key), None, ox.RdfFormat.TRIG, prefixes=prefixes), path)


def _write_with_sorted_prefixes(data: bytes, path: Path) -> None:
    """The serialiser keeps prefixes in a hash map; sort the header so the bytes never depend on it."""
    lines = data.split(b"\n")
    n = 0
    while n < len(lines) and lines[n].startswith(b"@prefix "):
        n += 1
    with open(path, "wb") as fh:
        fh.write(b"\n".join(sorted(lines[:n]) + lines[n:]))


def write_json(data: dict, path: Path) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
