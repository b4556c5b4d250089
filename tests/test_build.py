"""The whole build: IRIs, order independence, readable violations, the CLI, and the committed out/."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS
from typer.testing import CliRunner

import kg.pipeline as pipeline
from kg import ids
from kg.cli import app
from kg.pipeline import BuildConfig, build
from kg.validate import validate_graph

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).parent / "fixtures"
CNKG = Namespace("https://w3id.org/cnkg/ontology#")
BASE = ids.DEFAULT_BASE

WECHAT_MD = """\
#  聚焦 | 2024年网络安全宣传周在南沙开幕   
原创 记者  中国信息安全   2024-09-09 10:00  
  
9月9日，2024年国家网络安全宣传周在广州南沙开幕。中国网络空间研究院发布《网络安全人才实战能力白皮书》。  
"""


def corpus_files() -> dict[str, bytes]:
    """A small mixed corpus: the seeds, the dev articles when ../shared is there, WeChat Markdown and HTML."""
    files = {f"seeds/{p.name}": p.read_bytes() for p in sorted((REPO / "seeds").iterdir())}
    for p in sorted((SHARED / "corpus" / "dev").glob("*.md")):
        files[f"dev/{p.name}"] = p.read_bytes()
    files["wx/2024/聚焦.md"] = WECHAT_MD.encode()
    files["html/page.html"] = (FIXTURES / "wechat_page.html").read_bytes()
    return files


def write_corpus(root: Path, files: dict[str, bytes], reverse: bool = False) -> Path:
    for rel in sorted(files, reverse=reverse):  # creation order shows in directory listing order
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[rel])
    return root


def run(args: list[str]):
    return CliRunner().invoke(app, args)


def squash(text: str) -> str:
    return "".join(text.split())


# ---------------------------------------------------------------- identity

def test_entity_iris_are_deterministic_and_readable():
    iri = ids.entity_iri(BASE, "Organization", "中国网络空间研究院")
    assert iri == BASE + "org/中国网络空间研究院"
    assert ids.entity_iri(BASE, "Organization", "中国网络空间研究院") == iri
    # the same title from two publishers: two IRIs, both starting with the readable slug
    a = ids.entity_iri(BASE, "Report", "年度报告", key="年度报告|甲")
    b = ids.entity_iri(BASE, "Report", "年度报告", key="年度报告|乙")
    assert a != b and a.startswith(BASE + "report/年度报告-") and b.startswith(BASE + "report/年度报告-")
    # names that had to be escaped get a hash so "A/B" and "A B" never collide
    ab, a_b = ids.entity_iri(BASE, "Organization", "A/B"), ids.entity_iri(BASE, "Organization", "A B")
    assert ab != a_b and ab.startswith(BASE + "org/A_B-")
    assert ids.article_iri(BASE, "x/y.md") == ids.article_iri(BASE, "x/y.md") != ids.article_iri(BASE, "x/z.md")
    assert ids.entity_iri("http://ex.org/kg#", "Place", "北京") == "http://ex.org/kg#place/北京"


def test_iris_of_hostile_names_are_valid():
    for name in ("<script>", 'a"b', "a\\b", "\x00\x1f", "空 格", "#?&=", "x" * 500, "", "\u2028{}|^`"):
        ox.NamedNode(ids.entity_iri(BASE, "Organization", name))  # raises on an invalid IRI


# ---------------------------------------------------------------- order independence

def build_bytes(inputs: list[Path], out: Path) -> tuple[bytes, bytes, dict]:
    summary = build(BuildConfig(inputs=inputs, out_dir=out))
    assert summary.written and summary.conforms
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return (out / "kg.ttl").read_bytes(), (out / "kg.trig").read_bytes(), report


def strip_timings(report: dict) -> dict:
    return {k: v for k, v in report.items() if k not in ("seconds", "stage_seconds", "cache")}


def test_output_independent_of_file_order(tmp_path, monkeypatch):
    files = corpus_files()
    a = write_corpus(tmp_path / "a" / "corpus", files)
    b = write_corpus(tmp_path / "b" / "corpus", files, reverse=True)
    ttl_a, trig_a, rep_a = build_bytes([a], tmp_path / "out_a")
    ttl_b, trig_b, rep_b = build_bytes([b], tmp_path / "out_b")
    assert ttl_a == ttl_b and trig_a == trig_b
    assert strip_timings(rep_a) == strip_timings(rep_b)
    assert rep_a["articles"]["read"] == len(files)

    # files handed to the extraction in reverse order
    real_discover = pipeline.discover

    def reversed_discover(inputs):
        found, errors = real_discover(inputs)
        return list(reversed(found)), list(reversed(errors))

    monkeypatch.setattr(pipeline, "discover", reversed_discover)
    ttl_c, trig_c, _ = build_bytes([a], tmp_path / "out_c")
    assert ttl_c == ttl_a and trig_c == trig_a


def test_output_independent_of_input_folder_order(tmp_path):
    files = corpus_files()
    one = write_corpus(tmp_path / "one", {k: v for k, v in files.items() if k.startswith("seeds/")})
    two = write_corpus(tmp_path / "two", {k: v for k, v in files.items() if not k.startswith("seeds/")})
    ttl_a, trig_a, _ = build_bytes([one, two], tmp_path / "out_a")
    ttl_b, trig_b, _ = build_bytes([two, one], tmp_path / "out_b")
    assert ttl_a == ttl_b and trig_a == trig_b
    assert b'"one/seeds/' in ttl_a and b'"two/wx/2024/' in ttl_a  # source files named by their folder


def test_same_corpus_built_twice_is_byte_identical(tmp_path):
    corpus = write_corpus(tmp_path / "c", corpus_files())
    first = build_bytes([corpus], tmp_path / "out")
    second = build_bytes([corpus], tmp_path / "out")
    assert first[:2] == second[:2]


# ---------------------------------------------------------------- validation reports

def test_violation_names_focus_label_source_file_and_message():
    g = Graph()
    art, org = URIRef(BASE + "article/a1"), URIRef(BASE + "org/甲")
    g.add((art, RDF.type, CNKG.Article))
    g.add((art, RDFS.label, Literal("文章", lang="zh")))
    g.add((art, CNKG.sourceFile, Literal("dir/file.md")))
    g.add((org, RDF.type, CNKG.Organization))
    g.add((org, RDFS.label, Literal("甲公司", lang="zh")))
    g.add((org, RDFS.label, Literal("乙公司", lang="zh")))
    g.add((org, CNKG.mentionedIn, art))
    report = validate_graph(g)
    assert not report.conforms
    [v] = [v for v in report.violations if v.focus == str(org)]
    assert v.label in ("甲公司", "乙公司")
    assert v.source_files == ("dir/file.md",)
    assert v.path == "rdfs:label" and "exactly one" in v.message
    text = v.describe()
    assert str(org) in text and "dir/file.md" in text and "exactly one" in text and v.label in text


@pytest.fixture()
def second_label_on_articles(monkeypatch):
    """Make the graph stage give every article a second rdfs:label: a shape violation per article."""
    real = pipeline.build_graph

    def broken(results, resolution, base):
        built = real(results, resolution, base)
        extra = [ox.Quad(q.subject, q.predicate, ox.Literal("第二个标题"), q.graph_name) for q in built.quads
                 if q.predicate.value == str(RDF.type) and q.object.value == str(CNKG.Article)]
        built.quads = sorted(built.quads + [ox.Quad(q.subject, ox.NamedNode(str(RDFS.label)), q.object, q.graph_name)
                                            for q in extra], key=lambda q: str(q))
        return built

    monkeypatch.setattr(pipeline, "build_graph", broken)


def test_cli_reports_violations_and_keeps_previous_output(tmp_path, second_label_on_articles, monkeypatch):
    corpus = write_corpus(tmp_path / "c", {"wx/聚焦.md": WECHAT_MD.encode()})
    out = tmp_path / "out"
    out.mkdir()
    (out / "kg.ttl").write_text("# previous build\n")
    result = run(["build", str(corpus), "-o", str(out), "--quiet"])
    assert result.exit_code == 1, result.output
    said = squash(result.output)
    assert "rdfs:label" in said and squash("needs exactly one non-empty rdfs:label") in said
    assert "wx/聚焦.md" in said  # the source file
    assert BASE + "article/" in said  # the focus node
    assert "聚焦|2024年网络安全宣传周在南沙开幕" in said or "第二个标题" in said  # its label
    assert (out / "kg.ttl").read_text() == "# previous build\n"
    assert sorted(p.name for p in out.iterdir()) == ["kg.ttl"]
    assert not list(tmp_path.glob(".out.staging-*"))

    result = run(["build", str(corpus), "-o", str(out), "--quiet", "--no-strict"])
    assert result.exit_code == 0, result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["conforms"] is False
    [v] = report["violations"]
    assert v["source_files"] == ["wx/聚焦.md"] and v["path"] == "rdfs:label"


# ---------------------------------------------------------------- the CLI

def test_cli_build_and_validate_on_a_temporary_corpus(tmp_path):
    corpus = write_corpus(tmp_path / "c", {
        "a/聚焦.md": WECHAT_MD.encode(),
        "b/page.html": (FIXTURES / "wechat_page.html").read_bytes(),
        "b/seed.txt": (REPO / "seeds" / "000_d0c621d1421c4aa5.txt").read_bytes(),
    })
    out = tmp_path / "out"
    result = run(["build", str(corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "articles read" in result.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["articles"] == {"read": 3, "failed": 0}
    assert report["failures"] == [] and report["conforms"] is True and report["violations"] == []
    assert report["entities"]["Article"] == 3 and report["entities"]["Organization"] >= 1
    assert report["triples"] > 0 and report["quads"] >= report["triples"]

    g = Graph()
    g.parse(out / "kg.ttl", format="turtle")
    assert len(g) == report["triples"]
    titles = {str(o) for s in g.subjects(RDF.type, CNKG.Article) for o in g.objects(s, RDFS.label)}
    assert "聚焦 | 2024年网络安全宣传周在南沙开幕" in titles
    assert "发布 | 《网络安全产业报告（2024）》&白皮书正式发布" in titles
    files = {str(o) for o in g.objects(None, CNKG.sourceFile)}
    assert files == {"a/聚焦.md", "b/page.html", "b/seed.txt"}
    # the account is an Organization that published the article
    acc = {str(o) for s in g.subjects(CNKG.sourceFile, Literal("a/聚焦.md"))
           for org in g.objects(s, CNKG.publishedBy) for o in g.objects(org, RDFS.label)}
    assert acc == {"中国信息安全"}
    ds = Dataset()
    ds.parse(out / "kg.trig", format="trig")
    assert len({c for _, _, _, c in ds.quads((None, None, None, None)) if c is not None}) >= 3

    assert run(["validate", str(out / "kg.ttl")]).exit_code == 0
    assert run(["validate", str(out / "kg.trig")]).exit_code == 0
    bad = tmp_path / "bad.ttl"
    bad.write_text(f"<{BASE}org/x> a <https://w3id.org/cnkg/ontology#Organization> .\n")
    result = run(["validate", str(bad)])
    assert result.exit_code == 1 and "doesnotconform" in squash(result.output)


def test_cli_exit_3_when_some_files_fail(tmp_path):
    corpus = write_corpus(tmp_path / "c", {"good.md": WECHAT_MD.encode(), "bad.bin": b"\x00\x01\x02",
                                           "empty.md": b""})
    out = tmp_path / "out"
    result = run(["build", str(corpus), "-o", str(out)])
    assert result.exit_code == 3, result.output
    said = squash(result.output)
    assert "bad.bin" in said and "NULbytes" in said and "empty.md" in said
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["articles"] == {"read": 1, "failed": 2}
    assert report["failures"] == [{"file": "bad.bin", "reason": "binary file (contains NUL bytes)"},
                                  {"file": "empty.md", "reason": "empty file"}]


@pytest.mark.parametrize("args", [
    ["build", "--base-iri", "https://example.org/no-slash"],
    ["build", "--base-iri", "not an iri/"],
    ["build", "--max-bytes", "0"],
    ["build", "--no-such-option"],
    ["build", "no/such/corpus"],
])
def test_cli_usage_errors_exit_2(tmp_path, args):
    result = run(args + ["-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert not (tmp_path / "out").exists()


def test_cli_output_path_that_is_a_file(tmp_path):
    corpus = write_corpus(tmp_path / "c", {"good.md": WECHAT_MD.encode()})
    target = tmp_path / "out"
    target.write_text("not a folder")
    result = run(["build", str(corpus), "-o", str(target), "-q"])
    assert result.exit_code == 2 and "cannot write the output" in result.output
    assert target.read_text() == "not a folder"


# ---------------------------------------------------------------- the committed out/

def test_committed_out_is_the_build_of_seeds(tmp_path):
    """out/ in the repository is exactly what `kg build` makes of seeds/ (rebuild and commit both)."""
    out = tmp_path / "out"
    summary = build(BuildConfig(inputs=[REPO / "seeds"], out_dir=out))
    assert summary.conforms and summary.written
    for name in ("kg.ttl", "kg.trig"):
        assert (out / name).read_bytes() == (REPO / "out" / name).read_bytes(), (
            f"out/{name} is stale: run `kg build` and commit out/")
    fresh = json.loads((out / "report.json").read_text(encoding="utf-8"))
    committed = json.loads((REPO / "out" / "report.json").read_text(encoding="utf-8"))
    assert strip_timings(fresh) == strip_timings(committed)


def test_data_files_beside_articles_are_skipped_not_failures(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "gold").mkdir(parents=True)
    shutil.copy(REPO / "seeds" / sorted(p.name for p in (REPO / "seeds").iterdir())[0], corpus / "a.txt")
    (corpus / "gold" / "a.json").write_text('{"file": "a.txt"}', encoding="utf-8")
    (corpus / "SOURCES.tsv").write_text("a.txt\tsomewhere\n", encoding="utf-8")
    (corpus / "broken.md").write_bytes(b"\x00\x01binary")
    out = tmp_path / "out"
    summary = build(BuildConfig(inputs=[corpus], out_dir=out))
    assert summary.skipped == ["SOURCES.tsv", "gold/a.json"]
    assert [f.source_file for f in summary.failures] == ["broken.md"]  # a bad article is still a failure
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["skipped"] == summary.skipped
