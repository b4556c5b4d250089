"""Bad input never crashes a build or breaks its output (issue 7).

* the per-file error policy: every kind of unreadable file is reported once, with its path and reason;
* hostile text (controls, quotes, backslashes, huge titles) keeps the Turtle valid;
* property-based tests: random and mutated articles through the whole pipeline;
* a generated corpus of >= 1,000 mutated dev articles.
"""
from __future__ import annotations

import json
import os
import random
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from kg import rules
from kg.cli import app
from kg.graph import _safe_uri, name_literal, safe_text
from kg.model import ReadError
from kg.pipeline import BuildConfig, InputFile, build, discover, process_file

sys.path.insert(0, str(Path(__file__).parent))
import corpus_gen  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
needs_shared = pytest.mark.skipif(not (SHARED / "corpus" / "dev").is_dir(), reason="../shared is not available")

ARTICLE = """\
#  聚焦 | 2024年网络安全宣传周在南沙开幕   
原创 记者  中国信息安全   2024-09-09 10:00  
  
9月9日，2024年国家网络安全宣传周在广州南沙开幕。中国网络空间研究院发布《网络安全人才实战能力白皮书》。  
"""


def parse_everywhere(out: Path) -> Graph:
    """The output parses with rdflib and with pyoxigraph (Turtle and TriG); returns the rdflib graph."""
    g = Graph()
    g.parse(out / "kg.ttl", format="turtle")
    ds = Dataset()
    ds.parse(out / "kg.trig", format="trig")
    ttl = {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=str(out / "kg.ttl"),
                                                                          format=ox.RdfFormat.TURTLE)}
    trig = list(ox.parse(path=str(out / "kg.trig"), format=ox.RdfFormat.TRIG))
    assert len(ttl) == len(g)
    assert all(isinstance(q.graph_name, ox.NamedNode) for q in trig)  # one named graph per article
    assert {ox.Triple(q.subject, q.predicate, q.object) for q in trig} == ttl
    return g


# ---------------------------------------------------------------- the per-file error policy

def test_every_bad_file_reported_once_with_its_reason(tmp_path):
    c = tmp_path / "c"
    (c / "sub").mkdir(parents=True)
    files = {
        "good.md": ARTICLE.encode(),
        "sub/good.html": (Path(__file__).parent / "fixtures" / "wechat_page.html").read_bytes(),
        ".NET 反序列化.md": ARTICLE.replace("聚焦", "点网").encode(),  # hidden-looking name, real article
        "empty.md": b"",
        "nul.md": ARTICLE.encode()[:40] + b"\x00" + ARTICLE.encode()[40:],
        "binary.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 2,
        "undecodable.md": b"# \xff\xfe\xfd title\n" + bytes(range(0x80, 0x100)) * 3,
        "bomb.md": b"---\na: &a [x, x]\nb: [*a, *a]\ntitle: t\n---\nbody\n",
        "tag.md": b"---\ntitle: !!python/object/apply:os.system ['true']\n---\nbody\n",
        "list.md": b"---\n- a\n- b\n---\nbody\n",
        "huge.md": ARTICLE.encode() + b"x" * 5000,
        "notes.txt": b"no header at all\n",
    }
    for rel, data in files.items():
        (c / rel).write_bytes(data)
    (c / ".git").mkdir()
    (c / ".git" / "HEAD").write_bytes(b"\x00ref")  # hidden folders are skipped
    (c / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")  # OS litter is skipped
    (c / "loop").symlink_to(c / "loop")  # a symlink to itself
    (c / "sub" / "up").symlink_to(c)  # a folder cycle
    (c / "dangling.md").symlink_to(c / "missing.md")
    locked = c / "locked.md"
    locked.write_bytes(ARTICLE.encode())
    locked.chmod(0)

    out = tmp_path / "out"
    summary = build(BuildConfig(inputs=[c], out_dir=out, max_bytes=4000))
    reasons = {f.source_file: f.reason for f in summary.failures}
    assert len(reasons) == len(summary.failures)  # each reported once
    expected = {
        "empty.md": "empty file",
        "nul.md": "NUL",
        "binary.png": "NUL",
        "undecodable.md": "undecodable",
        "bomb.md": "anchors/aliases",
        "tag.md": "malformed YAML",
        "list.md": "not a mapping",
        "huge.md": "too large",
        "notes.txt": "unknown format",
        "loop": "symlink loop",
        "sub/up/": "symlink loop",
        "dangling.md": "broken symlink",
    }
    if os.geteuid() != 0:  # root reads anything
        expected["locked.md"] = "permission denied"
    for rel, reason in expected.items():
        assert reason in reasons.get(rel, ""), (rel, reasons.get(rel))
    assert set(reasons) == set(expected)
    assert summary.articles_read == 3 + (os.geteuid() == 0)
    assert summary.conforms and summary.written
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert {f["file"]: f["reason"] for f in report["failures"]} == reasons
    assert report["articles"]["failed"] == len(reasons)
    parse_everywhere(out)
    locked.chmod(0o644)


def test_process_file_turns_an_extractor_crash_into_a_failure(tmp_path, monkeypatch):
    from kg import article

    path = tmp_path / "a.md"
    path.write_text(ARTICLE, encoding="utf-8")

    def boom(doc):
        raise ZeroDivisionError("bad\nmessage")

    monkeypatch.setattr(article, "extract", boom)
    out = process_file(InputFile(path, "a.md"), 10_000)
    assert isinstance(out, ReadError) and out.source_file == "a.md"
    assert out.reason == "internal error while extracting: ZeroDivisionError: bad message"


def test_process_file_lets_rule_file_errors_through(tmp_path, monkeypatch):
    from kg import article

    path = tmp_path / "a.md"
    path.write_text(ARTICLE, encoding="utf-8")

    def bad_rules(doc):
        raise rules.RuleFileError("cleaning.yaml: key 'x' must be a list")

    monkeypatch.setattr(article, "extract", bad_rules)
    with pytest.raises(rules.RuleFileError):
        process_file(InputFile(path, "a.md"), 10_000)


def test_discover_reports_missing_inputs_and_sorts(tmp_path):
    (tmp_path / "b.md").write_text("x")
    (tmp_path / "a.md").write_text("x")
    files, errors = discover([tmp_path, tmp_path / "nope"])
    assert [f.source_file for f in files] == [f"{tmp_path.name}/a.md", f"{tmp_path.name}/b.md"]
    assert [(e.source_file, e.reason) for e in errors] == [(str(tmp_path / "nope"), "no such file or folder")]


# ---------------------------------------------------------------- rule files

@pytest.fixture()
def rules_dir(tmp_path, monkeypatch):
    """A copy of kg/rules in a temporary folder, with the loaders' caches cleared around the test."""
    import shutil

    from kg import clean

    d = tmp_path / "rules"
    shutil.copytree(rules.RULES_DIR, d, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    monkeypatch.setattr(rules, "RULES_DIR", d)
    monkeypatch.setattr(clean, "RULES_FILE", d / "cleaning.yaml")
    rules.load.cache_clear()
    clean.cleaning_rules.cache_clear()
    yield d
    rules.load.cache_clear()
    clean.cleaning_rules.cache_clear()


@pytest.mark.parametrize("yaml_text, message", [
    ("delete_inline: [unclosed\n", "malformed YAML: line 2"),
    ("- just\n- a list\n", "top level must be a mapping"),
    ("chrome_lines: []\nchrome_line_patterns: []\nfooter_markers: []\n", "missing key 'delete_inline'"),
    ("delete_inline: 'x'\nchrome_lines: []\nchrome_line_patterns: []\nfooter_markers: []\n",
     "key 'delete_inline' must be a list, not a string"),
    ("delete_inline: ['(unclosed']\nchrome_lines: []\nchrome_line_patterns: []\nfooter_markers: []\n",
     "key 'delete_inline' entry 0 '(unclosed': bad pattern"),
    ("delete_inline: []\nchrome_lines: [ok, {a: b}]\nchrome_line_patterns: []\nfooter_markers: []\n",
     "key 'chrome_lines' entry 1 must be a string, not a mapping"),
    ("delete_inline: []\nchrome_lines: []\nchrome_line_patterns: []\nfooter_markers: []\nfooter_min_fraction: 3\n",
     "footer_min_fraction"),
])
def test_bad_rule_file_gives_one_clean_line(rules_dir, tmp_path, yaml_text, message):
    (rules_dir / "cleaning.yaml").write_text(yaml_text, encoding="utf-8")
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.md").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(corpus), "-o", str(out), "-q", "--jobs", "1"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    said = " ".join(result.output.split())
    assert said.startswith("error: bad rule file:") and "cleaning.yaml" in said and message in said
    assert not out.exists()


def test_rule_file_loader_names_file_and_key(rules_dir):
    (rules_dir / "x.yaml").write_text("a: 1\nb: [1, 2]\n", encoding="utf-8")
    data = rules.load("x")
    with pytest.raises(rules.RuleFileError, match=r"x\.yaml: key 'a' must be a list, not an integer"):
        rules.require(data, "x", "a", list)
    with pytest.raises(rules.RuleFileError, match=r"x\.yaml: key 'b' entry 0 must be a string"):
        rules.require(data, "x", "b", list, str)
    with pytest.raises(rules.RuleFileError, match=r"nope\.yaml: rule file not found"):
        rules.load("nope")


# ---------------------------------------------------------------- hostile text in the output

HOSTILE = ['"""', "\\", '"', "'''", "\\u0000", "\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\u2028", "\ud800",
           "\udfff", "\ufffe", "\uffff", "<>", "@prefix", "\n", "\r", "\t", "🐉", "𠀀", "\u202e", " "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=5)), max_size=30))
def test_safe_text_literals_always_serialise_and_round_trip(parts):
    text = "".join(parts)
    lit = name_literal(text)
    s = ox.NamedNode("https://w3id.org/cnkg/id/x")
    p = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    data = ox.serialize([ox.Triple(s, p, lit)], format=ox.RdfFormat.TURTLE)
    [back] = list(ox.parse(data, format=ox.RdfFormat.TURTLE))
    assert back.object == lit
    g = Graph()
    g.parse(data=data.decode("utf-8"), format="turtle")
    assert str(next(iter(g.objects()))) == lit.value
    assert len(safe_text(text)) <= 501 and "\n" not in safe_text(text)


@given(st.text(max_size=60))
@settings(max_examples=300, deadline=None)
def test_safe_uri_gives_valid_iris_or_none(text):
    for url in (text, "https://" + text):
        ok = _safe_uri(url)
        if ok is not None:
            ox.NamedNode(ok)  # raises for an invalid IRI


def test_long_and_nasty_titles_keep_turtle_valid(tmp_path):
    c = tmp_path / "c"
    c.mkdir()
    titles = ['含"""三引号"""的标题', "反斜杠\\结尾\\", "控制\x01字符\x1b[0m", "很长" * 5000, "换行\u2028分隔"]
    for i, t in enumerate(titles):
        (c / f"{i}.md").write_text(f"---\ntitle: {corpus_gen._yaml_quote(t)}\nsource: 源\\\n---\n正文。\n",
                                   encoding="utf-8")
    out = tmp_path / "out"
    summary = build(BuildConfig(inputs=[c], out_dir=out))
    assert summary.articles_read == len(titles) and summary.conforms
    g = parse_everywhere(out)
    from rdflib.namespace import RDFS
    labels = {str(o) for o in g.objects(None, RDFS.label)}
    assert '含"""三引号"""的标题' in labels and "反斜杠\\结尾\\" in labels
    assert "控制 字符 [0m" in labels or "控制字符[0m" in labels or any(x.startswith("控制") for x in labels)
    assert max(len(x) for x in labels) <= 501


# ---------------------------------------------------------------- property-based: the whole pipeline

def _dev_lines() -> list[str]:
    lines = []
    for _, text in corpus_gen.source_articles():
        lines += [ln for ln in text.splitlines() if ln.strip()][3:60]
    return lines or [ARTICLE]


DEV_LINES = _dev_lines()
FRAGMENT = st.one_of(st.sampled_from(DEV_LINES), st.sampled_from(HOSTILE), st.text(max_size=30),
                     st.sampled_from(["2024年7月11日", "第二十三届", "《中国互联网发展报告（2024）》", "中国互联网协会",
                                      "主办", "在北京举行", "副秘书长", "![x](http://a/b.png)", "[a](b)", "```"]))


@st.composite
def article_bytes(draw) -> bytes:
    title = "".join(draw(st.lists(FRAGMENT, min_size=1, max_size=3)))
    body = "\n".join("".join(draw(st.lists(FRAGMENT, max_size=4))) for _ in range(draw(st.integers(0, 12))))
    shape = draw(st.sampled_from(["fm", "md", "md-link", "html"]))
    if shape == "fm":
        text = (f"---\ntitle: {corpus_gen._yaml_quote(title)}\nsource: {corpus_gen._yaml_quote(draw(FRAGMENT))}\n"
                f"date: 2024-0{draw(st.integers(1, 9))}-1{draw(st.integers(0, 9))}\n---\n{body}")
    elif shape.startswith("md"):
        link = "> **原文链接**: https://mp.weixin.qq.com/s?x=1\n\n" if shape == "md-link" else ""
        text = f"{link}#  {title}\n{draw(FRAGMENT)}  {draw(FRAGMENT)}   2024-07-13 10:00\n{body}"
    else:
        text = (f'<!DOCTYPE html><html><head><meta property="og:title" content="{title}"></head><body>'
                f'<a id="js_name">{draw(FRAGMENT)}</a><div id="js_content"><p>{body}</p></div></body></html>')
    data = bytearray(text.encode("utf-8", "surrogatepass"))
    for _ in range(draw(st.integers(0, 3))):  # mutations
        if not data:
            break
        op = draw(st.sampled_from(["flip", "cut", "insert"]))
        i = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "cut":
            del data[i:]
        else:
            data[i:i] = draw(st.binary(max_size=4))
    return bytes(data)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.lists(article_bytes(), min_size=1, max_size=5))
def test_random_articles_through_the_whole_pipeline(tmp_path_factory, articles):
    root = tmp_path_factory.mktemp("prop")
    c = root / "c"
    c.mkdir()
    for i, data in enumerate(articles):
        (c / f"{i}.md").write_bytes(data)
    out = root / "out"
    summary = build(BuildConfig(inputs=[c], out_dir=out, jobs=1))
    assert summary.articles_read + summary.articles_failed == len(articles)
    assert not [f for f in summary.failures if f.reason.startswith("internal error")], summary.failures
    assert summary.conforms, [v.describe() for v in summary.validation.violations]
    assert summary.written
    parse_everywhere(out)


# ---------------------------------------------------------------- the generated corpus (>= 1,000 files)

@needs_shared
def test_generated_corpus_of_mutated_articles(tmp_path):
    corpus = tmp_path / "mutated"
    manifest = corpus_gen.generate(corpus, count=1000, seed=7, huge_bytes=200_000, max_chars=2500)
    assert len(manifest) >= 1000 and len(list(corpus.rglob("*.md"))) == len(manifest)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["build", str(corpus), "-o", str(out), "-q", "--max-bytes", "200000"])
    assert result.exit_code == 3, result.output  # built, but some files failed
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    reasons = {f["file"]: f["reason"] for f in report["failures"]}
    assert len(reasons) == len(report["failures"])  # once each
    assert report["articles"]["read"] + report["articles"]["failed"] == len(manifest)
    assert report["conforms"] is True and report["violations"] == []
    internal = {k: v for k, v in reasons.items() if v.startswith("internal error")}
    assert not internal, internal
    for rel, (kind, expected) in manifest.items():
        if expected == "ok":
            assert rel not in reasons, (kind, rel, reasons.get(rel))
        elif expected.startswith("fail:"):
            assert rel in reasons and expected[5:] in reasons[rel], (kind, rel, reasons.get(rel))
    assert all(r.strip() for r in reasons.values())
    assert report["articles"]["read"] >= 500
    g = parse_everywhere(out)
    assert len(g) == report["triples"]


def test_generator_is_deterministic(tmp_path):
    a = corpus_gen.generate(tmp_path / "a", count=60, seed=3)
    b = corpus_gen.generate(tmp_path / "b", count=60, seed=3)
    assert a == b
    for rel in a:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()
    assert {k for k, _ in a.values()} == set(corpus_gen.MUTATIONS)  # every mutation kind is used


def test_reversed_file_order_gives_identical_output(tmp_path, monkeypatch):
    """A mutated corpus, built twice and with the files handed over in reverse: byte-identical output."""
    import kg.pipeline as pipeline

    corpus = tmp_path / "c"
    corpus_gen.generate(corpus, count=80, seed=11)
    outs = []
    for i, reverse in enumerate((False, False, True)):
        if reverse:
            real = pipeline.discover
            monkeypatch.setattr(pipeline, "discover",
                                lambda inputs: tuple(list(reversed(x)) for x in real(inputs)))
        out = tmp_path / f"out{i}"
        build(BuildConfig(inputs=[corpus], out_dir=out, jobs=1))
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        report.pop("seconds"), report.pop("stage_seconds")
        report.pop("cache", None)
        outs.append(((out / "kg.ttl").read_bytes(), (out / "kg.trig").read_bytes(), report))
    assert outs[0] == outs[1] == outs[2]
    random.Random(0)  # keep the import used when the corpus is small
