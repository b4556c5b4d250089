"""Validation: pySHACL against ontology/shapes.ttl, with violations reported for people to read.

Two entry points with the same results:

* `validate_graph(rdflib.Graph)`: one pySHACL run over the whole graph (`kg validate FILE`).
* `validate_triples(triples, pool, cache)`: what `kg build` uses. Every shape in ontology/shapes.ttl
  looks only at the focus node's own triples and at the rdf:type of the nodes they point to (by
  design, stated in shapes.ttl), so each subject is validated from its *description*: its own
  triples plus the rdf:type triples of its IRI objects. Descriptions are grouped into chunks that
  run in worker processes; in each chunk the shapes' targets are restricted to the chunk's own
  subjects, so the typed objects a description points to are not validated there (each node is
  validated in the one chunk that holds its whole description).
  Conforming descriptions are remembered (kg.cache) under a hash of the description, the shapes and
  the pySHACL version, so a rebuild re-validates only the nodes whose description changed.
  tests/test_validate_chunks.py checks both give identical reports.
"""
from __future__ import annotations

import contextvars
import hashlib
import io
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

import pyoxigraph as ox
import pyshacl
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH

if TYPE_CHECKING:
    from kg.cache import BuildCache
    from kg.parallel import Pool

ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
CNKG = Namespace("https://w3id.org/cnkg/ontology#")
_NT_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_NT_SUBCLASS = b"<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
_NT_LABEL = b"<http://www.w3.org/2000/01/rdf-schema#label>"
_NT_MENTIONED_IN = f"<{CNKG}mentionedIn>".encode()
_NT_SOURCE_FILE = f"<{CNKG}sourceFile>".encode()
# A chunk of descriptions sent to one pySHACL run: big enough that pySHACL's per-run set-up is small
# against the work, small enough to spread over the workers and keep each worker's graph small.
CHUNK_LINES = 6000
# Fewer lines than this to validate: run in this process (starting workers would cost more).
MIN_LINES_FOR_POOL = 8000


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


@lru_cache(maxsize=1)
def shapes_fingerprint() -> bytes:
    """Part of every cached node result: the shapes and the engine that checked them."""
    return hashlib.sha256(b"kg-shacl-1|" + pyshacl.__version__.encode() + b"|" + SHAPES_FILE.read_bytes()).digest()


# ---------------------------------------------------------------- whole graph


def _raw_results(data: Graph) -> list[tuple[str, str, str, str]]:
    """(focus, path, message, severity) of every pySHACL result on `data`."""
    _, results, _ = pyshacl.validate(data, shacl_graph=shapes_graph(), inference="none",
                                     advanced=False, allow_warnings=True)
    return _results(results)


def _results(results: Graph) -> list[tuple[str, str, str, str]]:
    out = []
    for result in results.subjects(SH.resultSeverity, None):
        out.append((str(results.value(result, SH.focusNode)), _short(results.value(result, SH.resultPath)),
                    str(results.value(result, SH.resultMessage) or ""),
                    _short(results.value(result, SH.resultSeverity))))
    return out


@lru_cache(maxsize=1)
def class_targets() -> dict[str, tuple[URIRef, ...]] | None:
    """Shape IRI -> its sh:targetClass classes, when every shape is targeted by class only (then the
    build validates node by node); None when some shape uses another kind of target."""
    g = shapes_graph()
    other = (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
    if any(True for p in other for _ in g.subject_objects(p)):
        return None
    implicit = [URIRef("http://www.w3.org/2000/01/rdf-schema#Class"), URIRef("http://www.w3.org/2002/07/owl#Class")]
    if any(True for c in implicit for s in g.subjects(RDF.type, c) if (s, RDF.type, SH.NodeShape) in g
           or (s, RDF.type, SH.PropertyShape) in g):
        return None
    out: dict[str, list[URIRef]] = {}
    for shape, cls in g.subject_objects(SH.targetClass):
        if not isinstance(shape, URIRef) or not isinstance(cls, URIRef):
            return None
        out.setdefault(str(shape), []).append(cls)
    return {k: tuple(sorted(v)) for k, v in sorted(out.items())}


def _report(raw: list[tuple[str, str, str, str]], label_of, files_of) -> ValidationReport:
    violations = sorted(
        (Violation(focus=f, label=label_of(f), source_files=files_of(f), path=p, message=m, severity=s)
         for f, p, m, s in raw),
        key=lambda v: (v.focus, v.path, v.message, v.severity, v.label, v.source_files))
    # allow_warnings: only results of severity sh:Violation make the graph non-conforming.
    conforms = not any(v.severity == "sh:Violation" for v in violations)
    return ValidationReport(conforms=conforms, violations=tuple(violations))


def validate_graph(data: Graph) -> ValidationReport:
    """One pySHACL run over the whole graph."""
    def label_of(focus: str) -> str:
        labels = sorted(str(o) for o in data.objects(URIRef(focus), RDFS.label))
        return labels[0] if labels else ""

    return _report(_raw_results(data), label_of, lambda f: _source_files(data, URIRef(f)))


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


# ---------------------------------------------------------------- by node description, in chunks


class _Descriptions:
    """The N-Triples lines of a set of triples, grouped by subject, with the rdf:type lines of each IRI."""

    def __init__(self, triples: Sequence[ox.Triple]) -> None:
        data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        self.by_subject: dict[bytes, list[bytes]] = {}
        self.types: dict[bytes, list[bytes]] = {}
        self.has_blank = False
        self.has_subclass = False
        for line in data.split(b"\n"):
            if not line:
                continue
            s, p, rest = line.split(b" ", 2)
            self.by_subject.setdefault(s, []).append(line)
            if p == _NT_TYPE:
                self.types.setdefault(s, []).append(line)
            if s[:2] == b"_:" or rest[:2] == b"_:":
                self.has_blank = True
            if p == _NT_SUBCLASS:
                self.has_subclass = True

    def description(self, subject: bytes) -> list[bytes]:
        """The subject's own lines and the rdf:type lines of the IRIs it points to, sorted, unique."""
        own = self.by_subject[subject]
        lines = set(own)
        for line in own:
            obj = line[line.index(b" ", len(subject) + 1) + 1:-2]
            if obj[:1] == b"<":
                lines.update(self.types.get(obj, ()))
        return sorted(lines)

    def objects(self, subject: bytes, predicate: bytes) -> list:
        lines = [ln for ln in self.by_subject.get(subject, ()) if ln.split(b" ", 2)[1] == predicate]
        if not lines:
            return []
        return [t.object for t in ox.parse(b"\n".join(lines), format=ox.RdfFormat.N_TRIPLES)]


def _nt_iri(subject: bytes) -> str:
    return subject[1:-1].decode("utf-8") if subject[:1] == b"<" else subject.decode("utf-8")


def _validate_chunk(payload: bytes, focus: Sequence[str]) -> list[tuple[str, str, str, str]]:
    """Worker: pySHACL over a chunk of descriptions, the chunk's foreign nodes (objects present only
    with their rdf:type, for sh:class) not targeted: each node is validated in the one chunk that
    holds its whole description. Value nodes reached through sh:node are targeted as usual."""
    g = Graph()
    g.parse(io.BytesIO(payload), format="nt")
    foreign = frozenset(g.subjects(unique=True)) - {URIRef(f) for f in focus}
    if not _install_target_hook():  # validate the foreign nodes too, and drop their results
        names = {str(n) for n in foreign}
        return [r for r in _raw_results(g) if r[0] not in names]
    token = _FOREIGN.set(foreign)
    try:
        return _raw_results(g)
    finally:
        _FOREIGN.reset(token)


# Nodes that the shapes must not target in the pySHACL run under way in this process (see
# _validate_chunk), read by the target-selection hook installed on pyshacl's Shape class.
_FOREIGN: contextvars.ContextVar[frozenset | None] = contextvars.ContextVar("kg_shacl_foreign", default=None)


@lru_cache(maxsize=1)
def _install_target_hook() -> bool:
    """Wrap pyshacl.shape.Shape.focus_nodes (target selection of a top-level shape) so that, while
    _FOREIGN is set, the nodes in it are not targeted. Outside _validate_chunk it changes nothing.
    pySHACL's own `focus_nodes` option cannot be used: it also filters the value nodes handed to
    nested shapes (sh:node, sh:or), which then always conform."""
    try:
        from pyshacl.shape import Shape
    except ImportError:
        return False
    original = getattr(Shape, "focus_nodes", None)
    if original is None:
        return False
    if getattr(original, "_kg_hook", False):
        return True

    def focus_nodes(self, data_graph, debug=False):
        found = original(self, data_graph, debug=debug)
        foreign = _FOREIGN.get()
        return found if foreign is None else {n for n in found if n not in foreign}

    focus_nodes._kg_hook = True  # type: ignore[attr-defined]
    Shape.focus_nodes = focus_nodes
    return True


def validate_triples(triples: Sequence[ox.Triple], pool: "Pool | None" = None,
                     cache: "BuildCache | None" = None) -> ValidationReport:
    """Validate the merged graph node by node (see the module doc): same report as validate_graph.

    A node whose description was found conforming before (same description, shapes and pySHACL) is
    not validated again. Only conforming descriptions are cached: a chunk with any result is cached
    not at all, so a result is never attributed to the wrong node.
    """
    desc = _Descriptions(triples)
    if desc.has_blank or desc.has_subclass or class_targets() is None:
        # A blank node's description cannot be cut out of the graph, subclass axioms in the data make
        # targets depend on other nodes, and other target kinds are not per node: whole-graph run.
        return validate_graph(_rdflib_graph(triples))
    salt = shapes_fingerprint()
    todo: list[tuple[bytes, bytes, list[bytes]]] = []  # (subject, cache key, description)
    for subject in desc.by_subject:
        lines = desc.description(subject)
        h = hashlib.blake2b(salt, digest_size=20)
        for line in lines:
            h.update(line)
            h.update(b"\n")
        key = h.digest()
        if cache is None or not cache.conforming(key):
            todo.append((subject, key, lines))
    if cache is not None:
        cache.stats["shacl_hits"] = len(desc.by_subject) - len(todo)
        cache.stats["shacl_misses"] = len(todo)

    chunks: list[tuple[bytes, list[str], list[bytes]]] = []  # (N-Triples, focus IRIs, cache keys)
    lines_out: list[bytes] = []
    members: list[tuple[bytes, bytes]] = []

    def close_chunk() -> None:
        chunks.append((b"\n".join(lines_out) + b"\n", [_nt_iri(s) for s, _ in members], [k for _, k in members]))

    for subject, key, lines in todo:
        lines_out += lines
        members.append((subject, key))
        if len(lines_out) >= CHUNK_LINES:
            close_chunk()
            lines_out, members = [], []
    if members:
        close_chunk()

    total_lines = sum(len(lines) for _, _, lines in todo)
    if pool is not None and pool.workers > 1 and len(chunks) > 1 and total_lines >= MIN_LINES_FOR_POOL:
        outputs = pool.executor().map(_validate_chunk, [c[0] for c in chunks], [c[1] for c in chunks])
    else:
        outputs = (_validate_chunk(c[0], c[1]) for c in chunks)
    raw: list[tuple[str, str, str, str]] = []
    for (_, _, keys), out in zip(chunks, outputs):
        raw += out
        if cache is not None and not out:
            cache.add_conforming(keys)

    def label_of(focus: str) -> str:
        labels = sorted(str(o.value) for o in desc.objects(f"<{focus}>".encode(), _NT_LABEL))
        return labels[0] if labels else ""

    def files_of(focus: str) -> tuple[str, ...]:
        s = f"<{focus}>".encode()
        own = [o.value for o in desc.objects(s, _NT_SOURCE_FILE)]
        via = [o.value for art in desc.objects(s, _NT_MENTIONED_IN) if isinstance(art, ox.NamedNode)
               for o in desc.objects(f"<{art.value}>".encode(), _NT_SOURCE_FILE)]
        return tuple(sorted(set(own + via)))

    return _report(raw, label_of, files_of)


def _rdflib_graph(triples: Sequence[ox.Triple]) -> Graph:
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    g = Graph()
    g.parse(io.BytesIO(data), format="nt")
    return g


def _short(term) -> str:
    if term is None:
        return ""
    text = str(term)
    for prefix, ns in (("sh:", str(SH)), ("cnkg:", str(CNKG)), ("rdfs:", str(RDFS)),
                       ("skos:", "http://www.w3.org/2004/02/skos/core#")):
        if text.startswith(ns):
            return prefix + text[len(ns):]
    return text
