"""Writing: Turtle (merged graph), TriG (one named graph per article) and the JSON build report.

Serialisation is pyoxigraph's (Rust); the only Python work is the sort that makes the bytes
independent of input order, done once per build (`merged_triples`, and quads come sorted from
kg.graph).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Sequence

import pyoxigraph as ox

from kg.graph import quad_sort_key


def merged_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """Every quad's triple once, sorted by (subject, predicate, object) as strings: the merged graph, as
    written to kg.ttl and validated. The key is the triple's N-Triples text `s p o`, which orders the same
    as the tuple of the three (no IRI or blank node label is a proper prefix of another one followed by
    a space or a character below it) at half the cost."""
    return sorted({q.triple for q in quads}, key=str)


def write_turtle(quads: Iterable[ox.Quad], path: Path, prefixes: dict[str, str],
                 triples: Sequence[ox.Triple] | None = None) -> int:
    """The merged graph: every quad's triple once, sorted, so the same input gives the same bytes.
    `triples`, when given, is `merged_triples(quads)` already computed."""
    if triples is None:
        triples = merged_triples(quads)
    _write_with_sorted_prefixes(ox.serialize(triples, None, ox.RdfFormat.TURTLE, prefixes=prefixes), path)
    return len(triples)


def write_trig(quads: list[ox.Quad], path: Path, prefixes: dict[str, str], presorted: bool = False) -> None:
    """One named graph per article, quads sorted by graph then triple (`presorted`: already so)."""
    if not presorted:
        quads = sorted(quads, key=quad_sort_key)
    _write_with_sorted_prefixes(ox.serialize(quads, None, ox.RdfFormat.TRIG, prefixes=prefixes), path)


def _write_with_sorted_prefixes(data: bytes, path: Path) -> None:
    """The serialiser keeps prefixes in a hash map; sort the header so the bytes never depend on it."""
    header: list[bytes] = []
    pos = 0
    while data.startswith(b"@prefix ", pos):
        end = data.find(b"\n", pos)
        if end < 0:
            end = len(data)
        header.append(data[pos:end])
        pos = end + 1
    with open(path, "wb") as fh:
        if header:
            fh.write(b"\n".join(sorted(header)))
            if pos <= len(data):
                fh.write(b"\n")
        fh.write(memoryview(data)[pos:])


def write_json(data: dict, path: Path) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
