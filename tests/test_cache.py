"""The incremental cache (out/.cache): rebuilds re-extract only changed files and give clean-build bytes."""
from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from kg import rules
from kg.cache import CACHE_DIR, CACHE_FILE
from kg.pipeline import BuildConfig, build

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ORGS = ["中国信息通信研究院", "中国互联网协会", "国家互联网应急中心", "奇安信集团", "中国网络空间安全协会"]


def make_corpus(root: Path, n: int = 8) -> Path:
    root.mkdir(parents=True)
    for f in SEEDS.iterdir():
        if f.is_file():
            shutil.copy(f, root / f.name)
    for i in range(n):
        org = ORGS[i % len(ORGS)]
        (root / f"gen_{i:02d}.md").write_text(
            f"# {org}发布《网络安全观察报告（202{i % 5}）》\n中国信息安全  2024-0{1 + i % 9}-1{i % 10} 10:00\n\n"
            f"{org}于今日在北京发布《网络安全观察报告（202{i % 5}）》，同时发布《数据安全白皮书》。\n"
            f"报告由{ORGS[(i + 1) % len(ORGS)]}参与编写。\n", encoding="utf-8")
    return root


def run(corpus: Path, out: Path, jobs: int = 1) -> dict:
    summary = build(BuildConfig(inputs=[corpus], out_dir=out, jobs=jobs, strict=False))
    assert summary.written
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def outputs(out: Path) -> tuple[bytes, bytes]:
    return (out / "kg.ttl").read_bytes(), (out / "kg.trig").read_bytes()


def cached_files(out: Path) -> list[str]:
    con = sqlite3.connect(out / CACHE_DIR / CACHE_FILE)
    try:
        return sorted(r[0] for r in con.execute("SELECT source_file FROM articles"))
    finally:
        con.close()


def test_rebuild_uses_cache_and_gives_same_bytes(tmp_path):
    corpus = make_corpus(tmp_path / "corpus")
    n = len(list(corpus.iterdir()))
    out = tmp_path / "out"
    first = run(corpus, out)
    assert first["cache"]["misses"] == n and first["cache"]["hits"] == 0
    clean = outputs(out)
    report_before = (out / "report.json").read_bytes()
    second = build(BuildConfig(inputs=[corpus], out_dir=out, jobs=1, strict=False)).cache
    assert second["hits"] == n and second["misses"] == 0
    assert second.get("output_reused") == 1  # nothing changed: the output is kept as it is, untouched
    assert outputs(out) == clean and (out / "report.json").read_bytes() == report_before
    assert len(cached_files(out)) == n
    # An output file changed by hand is rebuilt (from cached extractions and node validations).
    (out / "kg.ttl").write_bytes(b"")
    third = run(corpus, out)
    assert "output_reused" not in third["cache"] and third["cache"]["hits"] == n
    assert third["cache"]["shacl_misses"] == 0 and third["cache"]["shacl_hits"] > 0
    assert outputs(out) == clean


def test_one_changed_file_is_the_only_one_extracted(tmp_path):
    corpus = make_corpus(tmp_path / "corpus")
    n = len(list(corpus.iterdir()))
    out = tmp_path / "out"
    run(corpus, out)
    changed = corpus / "gen_03.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n奇安信集团发布《终端安全报告（2025）》。\n",
                       encoding="utf-8")
    report = run(corpus, out)
    assert report["cache"] == {**report["cache"], "hits": n - 1, "misses": 1}
    assert 0 < report["cache"]["shacl_misses"] < report["cache"]["shacl_hits"]
    fresh = tmp_path / "fresh"
    run(corpus, fresh)
    assert outputs(out) == outputs(fresh)


def test_removed_file_leaves_the_cache_and_the_graph(tmp_path):
    corpus = make_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    run(corpus, out)
    (corpus / "gen_05.md").unlink()
    report = run(corpus, out)
    assert report["cache"]["misses"] == 0
    assert "gen_05.md" not in cached_files(out)
    fresh = tmp_path / "fresh"
    run(corpus, fresh)
    assert outputs(out) == outputs(fresh)


def test_rule_change_invalidates_everything(tmp_path, monkeypatch):
    corpus = make_corpus(tmp_path / "corpus")
    n = len(list(corpus.iterdir()))
    out = tmp_path / "out"
    run(corpus, out)
    monkeypatch.setattr(rules, "fingerprint", lambda: "a different rule set")
    report = run(corpus, out)
    assert report["cache"]["misses"] == n and report["cache"]["hits"] == 0


def test_damaged_cache_is_rebuilt(tmp_path):
    corpus = make_corpus(tmp_path / "corpus")
    n = len(list(corpus.iterdir()))
    out = tmp_path / "out"
    run(corpus, out)
    clean = outputs(out)
    (out / CACHE_DIR / CACHE_FILE).write_bytes(b"not a database" * 100)
    report = run(corpus, out)
    assert report["cache"]["misses"] == n
    assert outputs(out) == clean
    assert build(BuildConfig(inputs=[corpus], out_dir=out, jobs=1, strict=False)).cache["hits"] == n


@pytest.mark.parametrize("strict", [True])
def test_failed_build_writes_no_cache(tmp_path, strict, monkeypatch):
    from kg import validate
    from kg.validate import ValidationReport

    corpus = make_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    monkeypatch.setattr("kg.pipeline.validate_triples",
                        lambda *a, **k: ValidationReport(conforms=False, violations=()))
    summary = build(BuildConfig(inputs=[corpus], out_dir=out, jobs=1, strict=strict))
    assert not summary.written and not out.exists()
    assert validate  # imported for the monkeypatch target's module


def test_an_option_change_rebuilds_the_output_even_with_every_file_cached(tmp_path):
    corpus = make_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    run(corpus, out)
    summary = build(BuildConfig(inputs=[corpus], out_dir=out, jobs=1, strict=False,
                                base_iri="https://example.org/other/"))
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert summary.written and "output_reused" not in report["cache"]
    assert b"https://example.org/other/" in (out / "kg.ttl").read_bytes()
