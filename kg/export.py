"""`kg export`: the built graph as Turtle, N-Triples, N-Quads, TriG or compact JSON-LD.

ttl, nt and jsonld carry the merged graph (kg.ttl); nq and trig the per-article named graphs (kg.trig).
JSON-LD is compacted here, not by a generic processor: the published context (ontology/context.jsonld)
is embedded as "@context" and every triple is written under its short term when the value fits the
term's coercion (an IRI for "@type": "@id", the term's datatype), else under the compact IRI of the
predicate with an explicit value object, so the document always expands back to exactly the graph.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, parse, serialize

from kg.query import PREFIXES

CONTEXT_FILE = Path(__file__).resolve().parent.parent / "ontology" / "context.jsonld"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
FORMATS = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "nq": RdfFormat.N_QUADS,
           "trig": RdfFormat.TRIG, "jsonld": RdfFormat.JSON_LD}
DATASET_FORMATS = {"nq", "trig"}


def export(out_dir: Path, fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    source = out_dir / ("kg.trig" if fmt in DATASET_FORMATS else "kg.ttl")
    if not source.is_file():
        raise FileNotFoundError(f"{source} not found (run `kg build` first)")
    quads = list(parse(path=str(source)))
    if fmt == "jsonld":
        return (json.dumps(to_jsonld([q.triple for q in quads]), ensure_ascii=False, indent=1) + "\n").encode()
    if fmt in DATASET_FORMATS:
        return serialize(quads, format=FORMATS[fmt], prefixes=PREFIXES if fmt == "trig" else None)
    return serialize([q.triple for q in quads], format=FORMATS[fmt], prefixes=PREFIXES if fmt == "ttl" else None)


class Context:
    """The published context, read back: prefixes, class terms and property terms with their coercion."""

    def __init__(self, path: Path = CONTEXT_FILE) -> None:
        self.document = json.loads(path.read_text(encoding="utf-8"))
        ctx: dict[str, Any] = self.document["@context"]
        self.prefixes = {k: v for k, v in ctx.items() if isinstance(v, str) and v.endswith(("/", "#"))}
        self.classes: dict[str, str] = {}
        self.props: dict[str, tuple[str, Optional[str]]] = {}  # predicate IRI → (term, coercion IRI or @id)
        for term, value in ctx.items():
            if isinstance(value, str) and term not in self.prefixes:
                self.classes[self.expand(value)] = term
            elif isinstance(value, dict):
                coerce = value.get("@type")
                self.props[self.expand(value["@id"])] = (term, coerce if coerce == "@id" else
                                                         (self.expand(coerce) if coerce else None))

    def expand(self, name: str) -> str:
        prefix, _, local = name.partition(":")
        return self.prefixes[prefix] + local if prefix in self.prefixes and not local.startswith("//") else name

    def compact(self, iri: str) -> str:
        best = max((p for p, ns in self.prefixes.items() if iri.startswith(ns) and len(iri) > len(ns)
                    and not iri[len(ns):].startswith("//")), key=lambda p: len(self.prefixes[p]), default=None)
        return f"{best}:{iri[len(self.prefixes[best]):]}" if best else iri


def _node_ref(term, ctx: Context) -> str:
    return f"_:{term.value}" if isinstance(term, BlankNode) else ctx.compact(term.value)


def _value_object(term, ctx: Context) -> Any:
    """A value with no coercion: a plain string for xsd:string, else an explicit value/node object."""
    if isinstance(term, Literal):
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == XSD_STRING:
            return term.value
        return {"@value": term.value, "@type": ctx.compact(term.datatype.value)}
    return {"@id": _node_ref(term, ctx)}


def to_jsonld(triples, ctx: Optional[Context] = None) -> dict:
    ctx = ctx or Context()
    nodes: dict[str, dict[str, list]] = {}
    for t in triples:
        node = nodes.setdefault(_node_ref(t.subject, ctx), {})
        p, o = t.predicate.value, t.object
        if p == RDF_TYPE and isinstance(o, NamedNode):
            node.setdefault("@type", []).append(ctx.classes.get(o.value) or ctx.compact(o.value))
            continue
        term, coerce = ctx.props.get(p, (None, None))
        if term and coerce == "@id" and isinstance(o, (NamedNode, BlankNode)):
            node.setdefault(term, []).append(_node_ref(o, ctx))
        elif term and coerce and isinstance(o, Literal) and not o.language and o.datatype.value == coerce:
            node.setdefault(term, []).append(o.value)
        elif term and not coerce:
            node.setdefault(term, []).append(_value_object(o, ctx))
        else:  # the value does not fit the term's coercion: the compact IRI key takes it as is
            node.setdefault(ctx.compact(p), []).append(_value_object(o, ctx))
    graph = []
    for ref in sorted(nodes):
        props = nodes[ref]
        out: dict[str, Any] = {"@id": ref}
        for key in sorted(props, key=lambda k: (k != "@type", k)):
            values = sorted(props[key], key=lambda v: json.dumps(v, ensure_ascii=False))
            out[key] = values[0] if len(values) == 1 else values
        graph.append(out)
    return {"@context": ctx.document["@context"], "@graph": graph}
