"""`kg query` over a graph built from seeds/ into a temporary folder, and the competency queries."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from pyoxigraph import QueryResultsFormat, parse, parse_query_results
from typer.testing import CliRunner

import kg.cli_query  # noqa: F401  (registers the commands)
from kg.cli import app

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
CONTRACT = ["cnkg:publisher", "cnkg:releaseDate", "cnkg:releasedAt", "cnkg:startDate", "cnkg:endDate",
            "cnkg:location", "cnkg:organizer", "cnkg:edition", "cnkg:partOf", "cnkg:holds", "cnkg:title",
            "cnkg:postIn", "cnkg:mentionedIn", "rdfs:label"]


class Run:
    def __init__(self, code: int, stdout: bytes, stderr: bytes) -> None:
        self.returncode, self.stdout, self.stderr = code, stdout, stderr


def kg(*args: str) -> Run:
    """The real CLI, in process (a `kg` process costs a second of imports, most of them the builder's)."""
    r = CliRunner().invoke(app, list(args))
    return Run(r.exit_code, r.stdout_bytes, r.stderr_bytes)


def kg_process(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=ROOT, capture_output=True, timeout=timeout)


def query_json(graph: Path, query: str) -> dict:
    r = kg("query", query, "--graph", str(graph), "--format", "json")
    assert r.returncode == 0, r.stderr.decode()
    return json.loads(r.stdout)


def rowset(doc: dict) -> list[str]:
    return sorted(json.dumps(b, sort_keys=True, ensure_ascii=False) for b in doc["results"]["bindings"])


def test_five_competency_queries_are_there_and_commented():
    assert [q.stem for q in QUERIES] == ["cq1-reports", "cq2-events", "cq3-posts", "cq4-organization",
                                         "cq5-timeline"]
    used = "\n".join(q.read_text(encoding="utf-8") for q in QUERIES)
    for q in QUERIES:
        text = q.read_text(encoding="utf-8")
        assert text.startswith(f"# CQ{q.stem[2]}:"), q.name
        assert "OPTIONAL" in text, q.name
    for term in CONTRACT:
        assert term in used, term


def test_list_shows_the_named_queries():
    r = kg_process("query", "--list")
    assert r.returncode == 0, r.stderr.decode()
    for q in QUERIES:
        assert q.stem in r.stdout.decode()


@pytest.mark.parametrize("rq", QUERIES, ids=lambda p: p.stem)
def test_each_query_runs_by_name_path_and_short_name(built: Path, rq: Path):
    by_name = query_json(built / "kg.ttl", rq.stem)
    assert by_name["head"]["vars"], rq.name
    assert rowset(query_json(built / "kg.ttl", str(rq))) == rowset(by_name)
    assert rowset(query_json(built / "kg.ttl", rq.stem.split("-")[0])) == rowset(by_name)
    # the per-article dataset, queried as the union of its graphs, answers the same
    assert rowset(query_json(built / "kg.trig", rq.stem)) == rowset(by_name)


def test_result_formats_agree(built: Path):
    q = "SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?s ?label"
    local = {(q_.triple.subject.value) for q_ in parse(path=str(built / "kg.ttl"))}
    doc = query_json(built / "kg.ttl", q)
    n = len(doc["results"]["bindings"])
    assert n > 0 and {b["s"]["value"] for b in doc["results"]["bindings"]} <= local
    outputs = {f: kg("query", q, "--graph", str(built / "kg.ttl"), "--format", f) for f in ("csv", "tsv", "xml", "table")}
    assert all(r.returncode == 0 for r in outputs.values())
    rows = list(csv.reader(io.StringIO(outputs["csv"].stdout.decode())))
    assert rows[0] == ["s", "label"] and len(rows) == n + 1
    tsv = outputs["tsv"].stdout.decode().splitlines()
    assert tsv[0] == "?s\t?label" and len(tsv) == n + 1
    for f, fmt in (("tsv", QueryResultsFormat.TSV), ("xml", QueryResultsFormat.XML)):
        assert len(list(parse_query_results(outputs[f].stdout, format=fmt))) == n
    table = outputs["table"].stdout.decode()
    assert f"{n} rows" in table and "label" in table


def test_ask_construct_and_errors(built: Path):
    g = str(built / "kg.ttl")
    assert kg("query", "ASK { ?s a cnkg:Article }", "-g", g).stdout.decode().strip() == "true"
    r = kg("query", "CONSTRUCT { ?s a cnkg:Article } WHERE { ?s a cnkg:Article }", "-g", g, "-f", "nt")
    assert r.returncode == 0 and r.stdout.count(b"\n") >= 1
    bad = kg("query", "SELECT * WHERE {", "-g", g)
    assert bad.returncode == 1 and b"bad query" in bad.stderr
    assert kg("query", "no-such-query", "-g", g).returncode == 2
    assert kg("query", "cq1", "-g", str(built / "missing.ttl")).returncode == 2


def test_competency_results_on_out():
    """Shows (pytest -s) what the five questions answer on the committed build in out/."""
    graph = ROOT / "out" / "kg.ttl"
    if not graph.is_file():
        pytest.skip("out/kg.ttl not built (run `kg build`)")
    for rq in QUERIES:
        r = kg("query", rq.stem, "--graph", str(graph))
        assert r.returncode == 0, r.stderr.decode()
        print(f"\n{rq.stem}\n{r.stdout.decode()}")
