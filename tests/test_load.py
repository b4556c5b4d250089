"""`kg load` into a real Oxigraph server (the `oxigraph` package's binary), checked over SPARQL HTTP."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest
from pyoxigraph import RdfFormat, parse
from typer.testing import CliRunner

import kg.cli_query  # noqa: F401  (registers the commands)
from kg.cli import app
from conftest import stop_process

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "queries").glob("*.rq"))


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("the oxigraph server binary is missing in CI (pip package `oxigraph`)")
    pytest.skip("no oxigraph server binary (pip install oxigraph)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def oxigraph(tmp_path):
    """A fresh Oxigraph server on a loopback port, stopped after the test."""
    binary, port = oxigraph_binary(), free_port()
    proc = subprocess.Popen([binary, "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=2).read()
                break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("oxigraph server did not start")
                time.sleep(0.1)
        yield url
    finally:
        stop_process(proc)


def kg(*args: str):
    return CliRunner().invoke(app, list(args))


def sparql(url: str, query: str) -> dict:
    req = urllib.request.Request(f"{url}/query", urlencode({"query": query}).encode(),
                                 {"Accept": "application/sparql-results+json",
                                  "Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def count(url: str, where: str) -> int:
    return int(sparql(url, f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")["results"]["bindings"][0]["n"]["value"])


def rowset(doc: dict) -> list[str]:
    """Rows as comparable strings; GROUP_CONCAT lists are sorted, as their order is unspecified."""
    out = []
    for b in doc["results"]["bindings"]:
        b = {k: ({**v, "value": " ".join(sorted(v["value"].split(" ")))} if k == "articles" else v)
             for k, v in b.items()}
        out.append(json.dumps(b, sort_keys=True, ensure_ascii=False))
    return sorted(out)


def test_per_article_graphs_load_idempotently(built: Path, oxigraph: str):
    quads = list(parse(path=str(built / "kg.trig"), format=RdfFormat.TRIG))
    triples = {q.triple for q in quads}
    for batch in ("20000", "5"):  # the second run also splits graphs into PUT + POST batches
        r = kg("load", str(built), "--endpoint", f"{oxigraph}/store", "--batch-size", batch, "-q")
        assert r.exit_code == 0, r.stderr
    assert count(oxigraph, "GRAPH ?g { ?s ?p ?o }") == len(quads)
    assert count(oxigraph, "SELECT DISTINCT ?s ?p ?o { GRAPH ?g { ?s ?p ?o } }") == len(triples)
    assert count(oxigraph, "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }") == len({q.graph_name for q in quads})
    assert count(oxigraph, "?s ?p ?o") == 0  # nothing in the default graph


def test_merged_graph_loads_and_answers_like_kg_query(built: Path, oxigraph: str):
    triples = {q.triple for q in parse(path=str(built / "kg.ttl"), format=RdfFormat.TURTLE)}
    for extra in ([], ["--replace"]):  # add twice, then replace: still exactly the graph
        for _ in range(2):
            r = kg("load", str(built), "--endpoint", f"{oxigraph}/store", "--merged", *extra)
            assert r.exit_code == 0, r.stderr
    assert count(oxigraph, "?s ?p ?o") == len(triples)
    for rq in QUERIES:
        local = kg("query", rq.stem, "--graph", str(built / "kg.ttl"), "--format", "json")
        assert local.exit_code == 0, local.stderr
        remote = sparql(oxigraph, rq.read_text(encoding="utf-8"))
        assert remote["head"]["vars"] == json.loads(local.stdout)["head"]["vars"]
        assert rowset(remote) == rowset(json.loads(local.stdout)), rq.stem


def test_named_graph_iri(built: Path, oxigraph: str):
    iri = "https://example.org/graph/kg"
    for _ in range(2):
        assert kg("load", str(built), "--endpoint", f"{oxigraph}/store", "--graph-iri", iri, "--replace").exit_code == 0
    n = len({q.triple for q in parse(path=str(built / "kg.ttl"), format=RdfFormat.TURTLE)})
    assert count(oxigraph, f"GRAPH <{iri}> {{ ?s ?p ?o }}") == n


def test_failures_are_clear_and_non_zero(built: Path, oxigraph: str):
    r = kg("load", str(built), "--endpoint", f"http://127.0.0.1:{free_port()}/store", "--retries", "1")
    assert r.exit_code == 1 and "failed after 2 attempts" in r.stderr
    r = kg("load", str(built), "--endpoint", f"{oxigraph}/no-such-path")
    assert r.exit_code == 1 and "HTTP 404" in r.stderr
    r = kg("load", str(built), "--endpoint", "ftp://example.org/")
    assert r.exit_code == 1 and "http(s) URL" in r.stderr
