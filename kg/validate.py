"""Validation: pySHACL against ontology/shapes.ttl, with violations reported for people to read."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import pyshacl
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDFS, SH

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
CNKG = Namespace("https://w3id.org/cnkg/ontology#")


@dataclass(frozen=True)
class Violation:
    focus: str
    label: str
    source_files: tuple[str, ...]
    path: str
    message: str
    severity: str

    def describe(self) -> str:
        where = ", ".join(self.source_files) or "no source file"
        return f"{self.severity}: {self.label or self.focus} <{self.focus}> [{where}] {self.path}: {self.message}"

    def to_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    violations: tuple[Violation, ...]


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    g = Graph()
    g.parse(SHAPES_FILE, format="turtle")
    return g


def validate_graph(data: Graph) -> ValidationReport:
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes_graph(), inference="none",
                                            advanced=False, allow_warnings=True)
    violations = []
    for result in results.subjects(SH.resultSeverity, None):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        severity = results.value(result, SH.resultSeverity)
        violations.append(Violation(
            focus=str(focus), label=str(data.value(focus, RDFS.label) or ""),
            source_files=_source_files(data, focus), path=_short(path), message=str(message or ""),
            severity=_short(severity)))
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return ValidationReport(conforms=bool(conforms), violations=tuple(violations))


def validate_file(path: Path) -> ValidationReport:
    g = Graph()
    fmt = "trig" if path.suffix == ".trig" else None
    if fmt:
        from rdflib import Dataset
        ds = Dataset()
        ds.parse(path, format=fmt)
        for s, p, o, _ in ds.quads((None, None, None, None)):
            g.add((s, p, o))
    else:
        g.parse(path)
    return validate_graph(g)


def _source_files(data: Graph, focus) -> tuple[str, ...]:
    if not isinstance(focus, URIRef):
        return ()
    own = [str(o) for o in data.objects(focus, CNKG.sourceFile)]
    via = [str(o) for art in data.objects(focus, CNKG.mentionedIn) for o in data.objects(art, CNKG.sourceFile)]
    return tuple(sorted(set(own + via)))


def _short(term) -> str:
    if term is None:
        return ""
    text = str(term)
    for prefix, ns in (("sh:", str(SH)), ("cnkg:", str(CNKG)), ("rdfs:", str(RDFS)),
                       ("skos:", "http://www.w3.org/2004/02/skos/core#")):
        if text.startswith(ns):
            return prefix + text[len(ns):]
    return text
