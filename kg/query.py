"""SPARQL over a built graph through an embedded store (pyoxigraph), and the named competency queries.

Shared by `kg query`, `kg serve` and the tests: loading a graph file or an output folder into a Store,
finding a query by name in queries/, rendering terms compactly, and writing SPARQL results JSON (used
when a result must be capped, since pyoxigraph can only serialise a whole, unconsumed result).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Union

from pyoxigraph import (BlankNode, Literal, NamedNode, QueryBoolean, QueryResultsFormat, QuerySolutions,
                        QueryTriples, RdfFormat, Store, Triple, parse_query_results)

from kg import ids
from kg.graph import instance_prefixes

ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = ROOT / "queries"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
# Prefixes every query may use without declaring them (the contract's and the default instance kinds).
PREFIXES = instance_prefixes(ids.DEFAULT_BASE)
RDF_FORMATS = {".ttl": RdfFormat.TURTLE, ".trig": RdfFormat.TRIG, ".nt": RdfFormat.N_TRIPLES,
               ".nq": RdfFormat.N_QUADS, ".jsonld": RdfFormat.JSON_LD, ".rdf": RdfFormat.RDF_XML}
QUAD_SUFFIXES = {".trig", ".nq"}
RESULT_FORMATS = {"json": QueryResultsFormat.JSON, "csv": QueryResultsFormat.CSV,
                  "tsv": QueryResultsFormat.TSV, "xml": QueryResultsFormat.XML}
Result = Union[QuerySolutions, QueryBoolean, QueryTriples]


@dataclass
class Graph:
    """A loaded store; `union` makes the default graph the union of the named graphs (TriG, N-Quads)."""

    store: Store
    union: bool = False

    def query(self, sparql: str, **kw) -> Result:
        return self.store.query(sparql, use_default_graph_as_union=self.union, prefixes=PREFIXES, **kw)


def load_graph(path: Path) -> Graph:
    """One RDF file (a dataset, TriG/N-Quads, is queried as the union of its graphs, like kg.ttl),
    or a build folder (see load_out_dir)."""
    if path.is_dir():
        return load_out_dir(path)
    fmt = RDF_FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ValueError(f"{path}: unknown RDF format (expected one of {', '.join(RDF_FORMATS)})")
    store = Store()
    store.bulk_load(path=str(path), format=fmt)
    return Graph(store, union=path.suffix.lower() in QUAD_SUFFIXES)


def load_out_dir(out: Path) -> Graph:
    """A build folder: kg.ttl as the default graph, kg.trig's per-article graphs as named graphs, so
    plain queries see the merged graph and `GRAPH ?article {…}` reaches provenance."""
    store = Store()
    ttl, trig = out / "kg.ttl", out / "kg.trig"
    if not ttl.is_file():
        raise FileNotFoundError(f"{ttl} not found (run `kg build` first)")
    store.bulk_load(path=str(ttl), format=RdfFormat.TURTLE)
    if trig.is_file():
        store.bulk_load(path=str(trig), format=RdfFormat.TRIG)
    return Graph(store)


@dataclass
class NamedQuery:
    name: str
    path: Path
    description: str


def list_queries(folder: Path = QUERIES_DIR) -> list[NamedQuery]:
    return [NamedQuery(p.stem, p, describe(p.read_text(encoding="utf-8")))
            for p in sorted(folder.glob("*.rq"))]


def describe(text: str) -> str:
    """What a query answers: the first line of its leading `#` comment."""
    first = text.lstrip().splitlines()[0] if text.strip() else ""
    return first.lstrip("#").strip() if first.startswith("#") else ""


def resolve_query(arg: str, folder: Path = QUERIES_DIR) -> str:
    """QUERY_OR_FILE: a file path, a query name from queries/ (`cq1-reports` or just `cq1`), or SPARQL text."""
    path = Path(arg)
    if "\n" not in arg and len(arg) < 500:
        if path.is_file():
            return path.read_text(encoding="utf-8")
        named = [q for q in list_queries(folder) if q.name == arg.removesuffix(".rq")]
        named = named or [q for q in list_queries(folder) if q.name.startswith(arg + "-")]
        if len(named) == 1:
            return named[0].path.read_text(encoding="utf-8")
        if path.suffix in (".rq", ".sparql") or (" " not in arg.strip() and "{" not in arg):
            raise FileNotFoundError(f"no query file or named query {arg!r} (see `kg query --list`)")
    return arg


def compact(iri: str) -> str:
    """prefix:local for display, using the longest matching namespace."""
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None or len(iri) == len(best):
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best):]}"


def show(term) -> str:
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        return compact(term.value)
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if isinstance(term, Literal):
        return term.value
    return str(term)


def term_json(term) -> dict:
    """One RDF term as SPARQL 1.1 results JSON."""
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, Triple):
        return {"type": "triple", "value": {"subject": term_json(term.subject),
                                             "predicate": term_json(term.predicate),
                                             "object": term_json(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")


def solutions_json(results: QuerySolutions, max_rows: int | None = None) -> tuple[dict, bool]:
    """SELECT results as a results-JSON document, stopping after max_rows; returns (doc, truncated)."""
    names = [v.value for v in results.variables]
    rows, truncated = [], False
    for solution in results:
        if max_rows is not None and len(rows) >= max_rows:
            truncated = True
            break
        rows.append({n: term_json(solution[n]) for n in names if solution[n] is not None})
    return {"head": {"vars": names}, "results": {"bindings": rows}}, truncated


def results_bytes(doc: dict, fmt: QueryResultsFormat) -> bytes:
    """A results-JSON document in any results format (pyoxigraph converts JSON to XML/CSV/TSV)."""
    data = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if fmt == QueryResultsFormat.JSON:
        return data
    return parse_query_results(data, format=QueryResultsFormat.JSON).serialize(format=fmt)


def rows(results: QuerySolutions) -> tuple[list[str], list[list[str]]]:
    """Variables and displayed rows, for tables."""
    names = [v.value for v in results.variables]
    return names, [[show(s[n]) for n in names] for s in results]


def triples_of(results: Iterable[Triple], max_triples: int | None = None) -> tuple[list[Triple], bool]:
    out: list[Triple] = []
    for t in results:
        if max_triples is not None and len(out) >= max_triples:
            return out, True
        out.append(t)
    return out, False
