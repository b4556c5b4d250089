"""The outputs are accepted by an independent parser: raptor's `rapper` (Debian raptor2-utils)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pyoxigraph import parse
from typer.testing import CliRunner

import kg.cli_query  # noqa: F401  (registers the commands)
from kg.cli import app

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def rapper() -> str:
    found = shutil.which("rapper")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("rapper is missing in CI (apt-get install raptor2-utils)")
    pytest.skip("rapper not installed (apt-get install raptor2-utils)")


@pytest.fixture(scope="module")
def exported(built: Path, tmp_path_factory) -> Path:
    """The build of seeds/ plus its N-Triples and N-Quads exports, in a folder of this module's own."""
    out = tmp_path_factory.mktemp("parsers")
    for name in ("kg.ttl", "kg.trig"):
        shutil.copy(built / name, out / name)
    for fmt in ("nt", "nq"):
        assert CliRunner().invoke(app, ["export", str(built), "-f", fmt, "-o", str(out / f"kg.{fmt}")]).exit_code == 0
    return out


def rapper_count(rapper: str, syntax: str, path: Path) -> int:
    """Statements rapper parsed; fails the test with rapper's message when it rejects the file."""
    r = subprocess.run([rapper, "-i", syntax, "-c", str(path)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, f"rapper rejected {path}: {r.stderr}"
    return int(re.search(r"returned (\d+) (?:triples|statements)", r.stderr).group(1))


@pytest.mark.parametrize("name,syntax", [("kg.ttl", "turtle"), ("kg.trig", "trig"),
                                         ("kg.nt", "ntriples"), ("kg.nq", "nquads")])
def test_rapper_accepts_the_build(rapper: str, exported: Path, name: str, syntax: str):
    assert rapper_count(rapper, syntax, exported / name) == len(set(parse(path=str(exported / name))))


@pytest.mark.parametrize("name,syntax", [("kg.ttl", "turtle"), ("kg.trig", "trig")])
def test_rapper_accepts_out(rapper: str, name: str, syntax: str):
    path = ROOT / "out" / name
    if not path.is_file():
        pytest.skip(f"{path} not built")
    assert rapper_count(rapper, syntax, path) == len(set(parse(path=str(path))))


def test_rapper_does_reject_broken_turtle(rapper: str, tmp_path: Path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    assert subprocess.run([rapper, "-i", "turtle", "-c", str(bad)], capture_output=True, timeout=60).returncode != 0


def test_export_formats_round_trip(built: Path, tmp_path: Path):
    """Every export parses back to the build's graph; JSON-LD also through rdflib's own parser."""
    import json

    import rdflib
    from rdflib.compare import isomorphic

    merged = {q.triple for q in parse(path=str(built / "kg.ttl"))}
    dataset = set(parse(path=str(built / "kg.trig")))
    for fmt in ("ttl", "nt", "nq", "trig", "jsonld"):
        target = tmp_path / f"x.{fmt}"
        r = CliRunner().invoke(app, ["export", str(built), "--format", fmt, "-o", str(target)])
        assert r.exit_code == 0, r.stderr
        got = set(parse(path=str(target)))
        assert (got == dataset) if fmt in ("nq", "trig") else ({q.triple for q in got} == merged), fmt
    doc = json.loads((tmp_path / "x.jsonld").read_text(encoding="utf-8"))
    context = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == context["@context"]
    used = {k for node in doc["@graph"] for k in node} - {"@id", "@type"}
    # contract terms are written with their short names; anything else as a compact IRI
    assert used and all(k in context["@context"] or ":" in k for k in used), used
    assert {"label", "mentionedIn"} <= used
    theirs = rdflib.Graph().parse(tmp_path / "x.jsonld", format="json-ld")
    assert isomorphic(theirs, rdflib.Graph().parse(built / "kg.ttl", format="turtle"))
