"""Graph building: resolved entities and per-article facts to RDF quads, one named graph per article.

Terms are pyoxigraph terms (fast to build and serialise); each article's graph holds the article node,
the entities it mentions (with their corpus-level label) and the facts it states, so a fact can be
traced to, and retracted with, the document that said it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass

from pyoxigraph import Literal, NamedNode, Quad

from kg import ids
from kg.model import ArticleResult, DateValue, PostValue
from kg.resolve import ACCOUNT_ID, Entity, Resolution

CNKG = "https://w3id.org/cnkg/ontology#"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SKOS_ALT = NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
XSD = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = {
    "cnkg": CNKG,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": XSD,
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
}
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Characters no label should carry: C0/C1 controls (but tab and newline), lone surrogates, non-characters.
UNSAFE_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
MAX_LABEL = 500


@lru_cache(maxsize=None)
def cnkg(name: str) -> NamedNode:
    return NamedNode(CNKG + name)


def instance_prefixes(base: str) -> dict[str, str]:
    """Prefixes for the merged Turtle: the contract's, plus one per kind of instance IRI."""
    out = dict(PREFIXES)
    out["id"] = base
    for kind in ids.KIND.values():
        out[kind] = f"{base}{kind}/"
    return out


LINE_BREAKS = re.compile(r"[\t\n\r\u2028\u2029]+")


@lru_cache(maxsize=1 << 16)
def safe_text(text: str) -> str:
    """Text safe for a literal: no controls, lone surrogates or non-characters, line breaks turned into
    spaces, at most MAX_LABEL characters. Every literal built from input text goes through here."""
    text = LINE_BREAKS.sub(" ", UNSAFE_TEXT.sub("", text)).strip()
    return text if len(text) <= MAX_LABEL else text[:MAX_LABEL].rstrip() + "…"


@lru_cache(maxsize=1 << 16)
def name_literal(text: str) -> Literal:
    """A name: tagged @zh when it is Chinese, a plain string otherwise (CNNVD, ISC)."""
    text = safe_text(text)
    return Literal(text, language="zh") if CJK.search(text) else Literal(text)


def typed(value: str, datatype: str) -> Literal:
    return Literal(value, datatype=NamedNode(XSD + datatype))


@dataclass
class BuiltGraph:
    """All quads of the build, and the entity count per class for the summary."""

    quads: list[Quad]
    counts: dict[str, int]


def build_graph(results: list[ArticleResult], resolution: Resolution, base: str) -> BuiltGraph:
    quads: set[Quad] = set()
    posts: set[NamedNode] = set()
    for r in sorted(results, key=lambda r: r.doc.source_file):
        quads |= _article_quads(r, resolution, base, posts)
    counts = {typ: 0 for typ in ("Report", "Organization", "Event", "Person", "Place")}
    counts.update(_entity_counts(resolution.entities.values()))
    counts["Post"] = len(posts)
    counts["Article"] = len(results)
    return BuiltGraph(quads=sorted(quads, key=quad_sort_key), counts=counts)


def quad_sort_key(q: Quad) -> tuple[str, str, str, str]:
    return (_term_str(q.graph_name), _term_str(q.subject), _term_str(q.predicate), _term_str(q.object))


# Terms repeat a lot (predicates, articles, entities, labels): their N-Triples form is computed once.
_term_str = lru_cache(maxsize=1 << 20)(str)


def _entity_counts(entities) -> dict[str, int]:
    out: dict[str, int] = {}
    for e in entities:
        out[e.type] = out.get(e.type, 0) + 1
    return out


def _article_quads(r: ArticleResult, res: Resolution, base: str, posts: set[NamedNode]) -> set[Quad]:
    doc = r.doc
    art = NamedNode(ids.article_iri(base, doc.source_file))
    triples: list[tuple] = [
        (art, RDF_TYPE, cnkg("Article")),
        (art, RDFS_LABEL, name_literal(doc.title)),
        (art, cnkg("sourceFile"), Literal(safe_text(doc.source_file))),
    ]
    if doc.url and (url := _safe_uri(doc.url)):
        triples.append((art, cnkg("url"), typed(url, "anyURI")))
    if doc.date_published:
        triples.append((art, cnkg("datePublished"), typed(doc.date_published, "date")))
    if doc.retrieved_at:
        triples.append((art, cnkg("retrievedAt"), typed(doc.retrieved_at, "dateTime")))
    account_iri = res.mention_iri.get((doc.source_file, ACCOUNT_ID))
    if account_iri and safe_text(doc.account or ""):
        triples += _entity_triples(res.entities[account_iri], art, {doc.account, *doc.account_aliases})
        triples.append((art, cnkg("publishedBy"), NamedNode(account_iri)))

    iri_of = {m.id: res.mention_iri[(doc.source_file, m.id)] for m in r.mentions}
    for m in r.mentions:
        ent = res.entities[iri_of[m.id]]
        triples += _entity_triples(ent, art, {m.label, *m.alt_labels})
        triples.append((art, cnkg("mentions"), NamedNode(ent.iri)))
    for f in r.facts:
        if f.subject not in iri_of:
            continue
        subj = NamedNode(iri_of[f.subject])
        if isinstance(f.obj, PostValue):
            post = _post_triples(subj, f.obj, iri_of, res, art, base)
            posts.update(t[2] for t in post[:1])  # the first triple is (person, holds, post)
            triples += post
            continue
        obj = _object(f.prop, f.obj, iri_of)
        if obj is not None:
            triples.append((subj, cnkg(f.prop), obj))
    return {Quad(s, p, o, art) for s, p, o in triples}


def _entity_triples(ent: Entity, art: NamedNode, seen: set[str]) -> list[tuple]:
    node = NamedNode(ent.iri)
    out = [(node, RDF_TYPE, cnkg(ent.type)), (node, RDFS_LABEL, name_literal(ent.label)),
           (node, cnkg("mentionedIn"), art)]
    label_norm = safe_text(ent.label)
    for alt in sorted(seen):
        if safe_text(alt) and safe_text(alt) != label_norm:
            out.append((node, SKOS_ALT, name_literal(alt)))
    return out


def _post_triples(person: NamedNode, post: PostValue, iri_of: dict[str, str], res: Resolution,
                  art: NamedNode, base: str) -> list[tuple]:
    title = safe_text(post.title)
    if not title:
        return []
    org_iri = iri_of.get(post.org[1:]) if post.org else None
    key = f"{person.value}|{title}|{org_iri or ''}"
    node = NamedNode(f"{base}post/{ids.short_hash(key, 16)}")
    person_label = res.entities[person.value].label
    org_label = res.entities[org_iri].label if org_iri else ""
    label = "，".join(x for x in (person_label, org_label, title) if x)
    out = [(person, cnkg("holds"), node), (node, RDF_TYPE, cnkg("Post")),
           (node, RDFS_LABEL, name_literal(label)), (node, cnkg("title"), Literal(title, language="zh")),
           (node, cnkg("mentionedIn"), art)]
    if org_iri:
        out.append((node, cnkg("postIn"), NamedNode(org_iri)))
    return out


def _object(prop: str, obj, iri_of: dict[str, str]):
    if isinstance(obj, str) and obj.startswith("@"):
        target = iri_of.get(obj[1:])
        return NamedNode(target) if target else None
    if isinstance(obj, DateValue):
        return typed(obj.value, obj.xsd)
    if prop == "year":
        return typed(str(obj), "gYear")
    if prop == "edition":
        return typed(str(int(obj)), "positiveInteger") if int(obj) > 0 else None
    return Literal(safe_text(str(obj)))


SAFE_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`\x00-\x20\x7f-\x9f\ud800-\udfff\ufffe\uffff]+")


def _safe_uri(url: str) -> str | None:
    """The URL when it is a well-formed absolute IRI (RFC 3987, as pyoxigraph checks it), else None."""
    url = url.strip()
    if len(url) > 4096 or not SAFE_URI.fullmatch(url):
        return None
    try:
        NamedNode(url)
    except ValueError:
        return None
    return url
