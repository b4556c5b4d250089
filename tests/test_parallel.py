"""Extraction and validation in worker processes give the bytes of a one-process build."""
from __future__ import annotations


from kg import parallel, validate
from kg.model import ArticleResult
from kg.pipeline import BuildConfig, InputFile, build, process_file
from kg.cache import compact

from test_cache import make_corpus, outputs


def test_jobs_1_and_2_give_identical_bytes(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_FILES_FOR_POOL", 0)  # use the pool even for a small corpus
    monkeypatch.setattr(validate, "MIN_LINES_FOR_POOL", 0)
    monkeypatch.setattr(validate, "CHUNK_LINES", 20)
    corpus = make_corpus(tmp_path / "corpus", n=24)
    one, two = tmp_path / "one", tmp_path / "two"
    s1 = build(BuildConfig(inputs=[corpus], out_dir=one, jobs=1, strict=False))
    s2 = build(BuildConfig(inputs=[corpus], out_dir=two, jobs=2, strict=False))
    assert s1.articles_read == s2.articles_read > 20
    assert outputs(one) == outputs(two)
    assert s1.validation == s2.validation


def test_extract_all_keeps_item_order_and_compacts(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_FILES_FOR_POOL", 0)
    corpus = make_corpus(tmp_path / "corpus", n=12)
    (corpus / "broken.md").write_bytes(b"\x00\x01 not an article")
    items = [InputFile(p, p.name) for p in sorted(corpus.iterdir(), reverse=True)]
    with parallel.pool(2) as workers:
        results, seconds = parallel.extract_all(items, 10**6, workers)
    assert [r.source_file if not isinstance(r, ArticleResult) else r.doc.source_file for r in results] == \
        [i.source_file for i in items]
    expected = [process_file(i, 10**6) for i in items]
    assert results == [compact(r) if isinstance(r, ArticleResult) else r for r in expected]
    assert all(r.doc.body == "" for r in results if isinstance(r, ArticleResult))
    assert set(seconds) == {"read", "clean", "extract"}


def test_worker_count():
    assert parallel.worker_count(3) == 3
    assert parallel.worker_count(0) >= 1
