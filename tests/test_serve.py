"""`kg serve` over HTTP on loopback: result formats, errors, refusals, the timeout and the size cap."""
from __future__ import annotations

import csv
import io
import json
import queue
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from conftest import stop_process
from pyoxigraph import QueryResultsFormat, RdfFormat, Store, parse, parse_query_results

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 2.0  # the server's query timeout
MAX_ROWS = 7
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
    f"VALUES ?v{i} {{ 1 2 3 4 5 6 7 8 9 10 }}" for i in range(9)) + " }"  # 10^9 rows, no graph needed
LABELS = "SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?s ?label LIMIT 5"


def start_server(out: Path, *args: str) -> tuple[subprocess.Popen, str]:
    """`kg serve OUT --port 0`, and the URL it prints once its workers have loaded the graph."""
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(out), "--port", "0", *args],
                            cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stderr], daemon=True).start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            if proc.poll() is not None:
                break
            continue
        if line.startswith("serving "):
            return proc, line.split(" at ")[1].split()[0]
    stop_process(proc)
    raise RuntimeError("kg serve did not start")


@pytest.fixture(scope="module")
def server(built: Path):
    proc, url = start_server(built, "--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS), "--workers", "2")
    yield url
    stop_process(proc)


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, headers, body) without raising on 4xx/5xx."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def get(server: str, query: str, accept: str = "*/*", **params):
    return http(f"{server}sparql?{urlencode({'query': query, **params})}", headers={"Accept": accept})


def post_form(server: str, **params):
    return http(f"{server}sparql", urlencode(params).encode(),
                {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})


@pytest.fixture(scope="module")
def local(built: Path) -> Store:
    store = Store()
    store.load(path=str(built / "kg.ttl"), format=RdfFormat.TURTLE)
    return store


def test_select_in_every_results_format(server: str, local: Store):
    expected = len(list(local.query(LABELS, prefixes={"rdfs": "http://www.w3.org/2000/01/rdf-schema#"})))
    assert expected > 0
    for accept, fmt in (("application/sparql-results+json", QueryResultsFormat.JSON),
                        ("application/sparql-results+xml", QueryResultsFormat.XML),
                        ("text/tab-separated-values", QueryResultsFormat.TSV)):
        status, headers, body = get(server, LABELS, accept)
        assert status == 200 and headers["Content-Type"].startswith(accept), (accept, body[:200])
        assert len(list(parse_query_results(body, format=fmt))) == expected
    status, headers, body = get(server, LABELS, "text/csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body.decode())))
    assert rows[0] == ["s", "label"] and len(rows) == expected + 1
    # q-values, the default for */* and the format= parameter
    assert get(server, LABELS, "text/csv;q=0.5, application/sparql-results+xml")[1]["Content-Type"].startswith(
        "application/sparql-results+xml")
    assert get(server, LABELS)[1]["Content-Type"].startswith("application/sparql-results+json")
    assert get(server, LABELS, format="tsv")[1]["Content-Type"].startswith("text/tab-separated-values")
    assert get(server, LABELS, "image/png")[0] == 406


def test_post_forms_and_ask(server: str):
    status, _, body = post_form(server, query=LABELS)
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) > 0
    status, _, body = http(f"{server}sparql", LABELS.encode(), {"Content-Type": "application/sparql-query",
                                                                "Accept": "application/sparql-results+json"})
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) > 0
    status, _, body = get(server, "ASK { ?s a cnkg:Article }", "application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True
    status, _, body = get(server, "ASK { ?s a cnkg:Article }", "application/sparql-results+xml")
    assert status == 200 and b"<boolean>true</boolean>" in body


def test_construct_as_turtle_and_ntriples(server: str, local: Store):
    q = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t FILTER(?t = cnkg:Article) }"
    expected = {t for t in local.query(q, prefixes={"cnkg": "https://w3id.org/cnkg/ontology#"})}
    for accept, fmt in (("text/turtle", RdfFormat.TURTLE), ("application/n-triples", RdfFormat.N_TRIPLES)):
        status, headers, body = get(server, q, accept)
        assert status == 200 and headers["Content-Type"].startswith(accept)
        assert {x.triple for x in parse(body, format=fmt)} == expected
    assert get(server, q)[1]["Content-Type"].startswith("text/turtle")


def test_bad_query_is_400_with_the_parser_message(server: str, local: Store):
    bad = "SELECT * WHERE { ?s ?p }"
    with pytest.raises(SyntaxError) as parser:
        local.query(bad)
    status, _, body = get(server, bad)
    assert status == 400 and str(parser.value) in body.decode()
    assert get(server, "")[0] == 400


def test_update_is_refused(server: str):
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    assert http(f"{server}sparql", update.encode(), {"Content-Type": "application/sparql-update"})[0] == 403
    assert post_form(server, update=update)[0] == 403
    assert get(server, "PREFIX x: <urn:x#> DELETE WHERE { ?s ?p ?o }")[0] == 403
    assert http(f"{server}sparql", b"", method="PUT")[0] == 405
    assert get(server, "SELECT * { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")[0] == 403
    status, _, body = get(server, "SELECT (COUNT(*) AS ?n) { <urn:a> <urn:b> <urn:c> }", "application/sparql-results+json")
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "0"  # nothing was written


def test_size_cap_cuts_and_says_so(server: str, local: Store):
    assert len(list(local.query("SELECT * { ?s ?p ?o }"))) > MAX_ROWS
    status, headers, body = get(server, "SELECT * { ?s ?p ?o }", "application/sparql-results+json")
    assert status == 200 and headers["X-KG-Truncated"] == "true" and headers["X-KG-Max-Rows"] == str(MAX_ROWS)
    assert len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    status, headers, body = get(server, "CONSTRUCT WHERE { ?s ?p ?o }", "application/n-triples")
    assert headers["X-KG-Truncated"] == "true" and len(list(parse(body, format=RdfFormat.N_TRIPLES))) == MAX_ROWS


def test_slow_query_times_out_and_the_server_recovers(server: str):
    started = time.monotonic()
    status, _, body = get(server, SLOW)
    assert status == 503 and b"timed out" in body
    assert time.monotonic() - started < TIMEOUT + 5
    status, _, body = get(server, LABELS, "application/sparql-results+json")  # the other worker answers
    assert status == 200 and json.loads(body)["results"]["bindings"]


def test_page_lists_the_competency_queries(server: str):
    status, headers, body = http(server)
    page = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<textarea" in page and 'id="run"' in page and "cq1-reports" in page and "cq5-timeline" in page
    assert "src=" not in page and 'href="http' not in page and "@import" not in page  # no external assets
