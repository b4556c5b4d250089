"""Chunked, per-node SHACL validation (what `kg build` runs) gives the whole-graph pySHACL report."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg import validate
from kg.cache import BuildCache
from kg.pipeline import _to_rdflib
from kg.validate import validate_graph, validate_triples
from kg.write import merged_triples

C = "https://w3id.org/cnkg/ontology#"
I = "https://w3id.org/cnkg/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
XSD = "http://www.w3.org/2001/XMLSchema#"


def n(x: str) -> ox.NamedNode:
    return ox.NamedNode(x if x.startswith("http") else (C + x if x[0].isupper() or x[0] == "_" else I + x))


def lit(v: str, lang: str | None = None, dt: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(v, language=lang)
    return ox.Literal(v, datatype=ox.NamedNode(XSD + dt)) if dt else ox.Literal(v)


def graph_with_violations() -> list[ox.Quad]:
    art, art2 = n("article/a1"), n("article/a2")
    t = [
        # two good articles, one without sourceFile and with two labels
        (art, n(RDF_TYPE), n("Article")), (art, n(LABEL), lit("文章一", "zh")),
        (art, n(C + "sourceFile"), lit("a1.md")), (art, n(C + "datePublished"), lit("2024-01-02", dt="date")),
        (art2, n(RDF_TYPE), n("Article")), (art2, n(LABEL), lit("文章二", "zh")), (art2, n(LABEL), lit("second")),
        (art2, n(C + "url"), lit("http://x", dt="string")),
        # a good organisation; one whose label is an integer; one with no label and an empty altLabel
        (n("org/good"), n(RDF_TYPE), n("Organization")), (n("org/good"), n(LABEL), lit("好组织", "zh")),
        (n("org/good"), n(C + "mentionedIn"), art),
        (n("org/int"), n(RDF_TYPE), n("Organization")), (n("org/int"), n(LABEL), lit("5", dt="integer")),
        (n("org/int"), n(C + "mentionedIn"), art),
        (n("org/nolabel"), n(RDF_TYPE), n("Organization")), (n("org/nolabel"), n(ALT), lit("")),
        (n("org/nolabel"), n(C + "mentionedIn"), art2),
        # a report published by a Place, mentioned in something that is not an Article, bad year
        (n("report/r"), n(RDF_TYPE), n("Report")), (n("report/r"), n(LABEL), lit("报告", "zh")),
        (n("report/r"), n(C + "mentionedIn"), n("org/good")), (n("report/r"), n(C + "publisher"), n("place/p")),
        (n("report/r"), n(C + "year"), lit("2024")), (n("report/r"), n(C + "releaseDate"), lit("soon")),
        (n("place/p"), n(RDF_TYPE), n("Place")), (n("place/p"), n(LABEL), lit("北京", "zh")),
        (n("place/p"), n(C + "mentionedIn"), art), (n("place/p"), n(C + "locatedIn"), n("org/good")),
        # events: a bad start date (nested sh:node result), an edition of 0, organiser untyped
        (n("event/e"), n(RDF_TYPE), n("Event")), (n("event/e"), n(LABEL), lit("大会", "zh")),
        (n("event/e"), n(C + "mentionedIn"), art), (n("event/e"), n(C + "startDate"), lit("x")),
        (n("event/e"), n(C + "edition"), lit("0", dt="integer")), (n("event/e"), n(C + "organizer"), n("org/ghost")),
        (n("event/f"), n(RDF_TYPE), n("Event")), (n("event/f"), n(LABEL), lit("会", "zh")),
        (n("event/f"), n(C + "mentionedIn"), art2), (n("event/f"), n(C + "startDate"), lit("x")),
        (n("event/f"), n(C + "startDate"), lit("2024-05", dt="gYearMonth")),
        # a person holding a post without a language-tagged title, and a post with no title
        (n("person/p"), n(RDF_TYPE), n("Person")), (n("person/p"), n(LABEL), lit("张三", "zh")),
        (n("person/p"), n(C + "mentionedIn"), art), (n("person/p"), n(C + "holds"), n("post/x")),
        (n("person/p"), n(C + "holds"), n("org/good")),
        (n("post/x"), n(RDF_TYPE), n("Post")), (n("post/x"), n(LABEL), lit("张三，总裁", "zh")),
        (n("post/x"), n(C + "mentionedIn"), art), (n("post/x"), n(C + "title"), lit("总裁")),
        (n("post/x"), n(C + "postIn"), n("org/good")), (n("post/x"), n(C + "postIn"), n("org/int")),
    ]
    return [ox.Quad(s, p, o, art) for s, p, o in t]


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(validate, "CHUNK_LINES", 5)  # many chunks, each with typed objects of others


def test_chunked_equals_whole_graph(small_chunks):
    quads = graph_with_violations()
    whole = validate_graph(_to_rdflib(quads))
    assert not whole.conforms and len(whole.violations) >= 12
    chunked = validate_triples(merged_triples(quads))
    assert chunked == whole
    foci = {v.focus for v in whole.violations}
    assert I + "org/good" not in foci and I + "event/e" in foci and I + "post/x" in foci


def test_chunked_in_workers_equals_whole_graph(small_chunks, monkeypatch):
    from kg import parallel

    monkeypatch.setattr(validate, "MIN_LINES_FOR_POOL", 0)
    quads = graph_with_violations()
    with parallel.pool(2) as workers:
        assert validate_triples(merged_triples(quads), workers) == validate_graph(_to_rdflib(quads))


def test_conforming_graph_and_cache(tmp_path, small_chunks):
    bad = {I + "org/int", I + "org/nolabel", I + "report/r", I + "event/e", I + "event/f", I + "person/p",
           I + "post/x", I + "article/a2", I + "place/p"}
    quads = [q for q in graph_with_violations() if q.subject.value not in bad]
    cache = BuildCache(tmp_path)
    first = validate_triples(merged_triples(quads), cache=cache)
    assert first.conforms and first == validate_graph(_to_rdflib(quads))
    assert cache.stats["shacl_misses"] == 2 and cache.stats["shacl_hits"] == 0
    cache.save(tmp_path, [])
    again = BuildCache(tmp_path)
    assert validate_triples(merged_triples(quads), cache=again) == first
    assert again.stats == {"hits": 0, "misses": 0, "shacl_hits": 2, "shacl_misses": 0}
    # A changed description is validated again, and a violation is never cached as conforming.
    broken = quads + [ox.Quad(n("org/good"), n(LABEL), lit("又一个", "zh"), n("article/a1"))]
    third = BuildCache(tmp_path)
    report = validate_triples(merged_triples(broken), cache=third)
    assert not report.conforms and third.stats["shacl_misses"] == 1
    third.save(tmp_path, [])
    assert validate_triples(merged_triples(broken), cache=BuildCache(tmp_path)) == report
