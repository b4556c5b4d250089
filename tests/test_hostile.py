"""Hostile inputs (issue 13): every generator's file is built or refused with a reason, the per-article
time limit gives up a slow article and says so, and the linear-time helpers agree with brute force.

Timings are measured by bench/bench_adversarial.py, never here.
"""
from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest

import hostile_gen
from kg import article
from kg.article import TIMEOUT_REASON, InputFile, process_file
from kg.extract.context import SpanIndex
from kg.extract.sentences import line_start
from kg.extract.spans import Containers, Occupied, bounded
from kg.model import ArticleResult, Mention, ReadError
from kg.pipeline import BuildConfig, build


@pytest.mark.parametrize("name", sorted(hostile_gen.GENERATORS))
def test_every_hostile_file_is_built_or_refused_with_a_reason(tmp_path, name):
    path = hostile_gen.generate(tmp_path, 1, names=[name])[0]
    out = process_file(InputFile(path, path.name), 20 * 1024 * 1024, timeout=120)
    if isinstance(out, ReadError):
        assert out.reason and not out.reason.startswith(TIMEOUT_REASON)
    else:
        assert out.doc.source_file == path.name


def test_a_long_list_of_companies_is_read_item_by_item(tmp_path):
    path = hostile_gen.generate(tmp_path, 1, names=["named_list"])[0]
    out = process_file(InputFile(path, path.name), 20 * 1024 * 1024)
    assert isinstance(out, ArticleResult)
    orgs = [m for m in out.mentions if m.type == "Organization"]
    assert len(orgs) > 1000  # 2,000 distinct names generated; none fused into one giant name
    assert max(len(m.label) for m in orgs) < 30


def test_deeply_nested_html_is_read_without_recursion(tmp_path):
    path = tmp_path / "deep.html"
    path.write_bytes(hostile_gen.nested_tags(20))  # 40,000 nested <div>s
    out = process_file(InputFile(path, path.name), 20 * 1024 * 1024)
    assert isinstance(out, ArticleResult), out
    assert "中国互联网协会发布《中国互联网发展报告2024》" in out.doc.body


def test_an_article_past_the_time_limit_is_a_failure_with_that_reason(tmp_path, monkeypatch):
    path = tmp_path / "slow.md"
    path.write_text("---\ntitle: 慢\n---\n\n正文。\n", encoding="utf-8")
    monkeypatch.setattr(article, "extract", lambda doc: time.sleep(5))
    out = process_file(InputFile(path, "slow.md"), 10_000, timeout=0.2)
    assert isinstance(out, ReadError)
    assert out.reason.startswith(TIMEOUT_REASON) and "--article-timeout" in out.reason


def test_the_time_limit_is_lifted_after_each_article(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: 快\n---\n\n中国互联网协会发布了报告。\n", encoding="utf-8")
    assert isinstance(process_file(InputFile(path, "a.md"), 10_000, timeout=0.5), ArticleResult)
    time.sleep(0.7)  # an alarm left armed would fire here and kill the test process


def test_a_build_goes_on_past_a_slow_article_and_reports_timing(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.md").write_text("---\ntitle: 好\n---\n\n2024年7月11日，中国互联网协会在北京发布了报告。\n",
                                    encoding="utf-8")
    (corpus / "slow.md").write_text("---\ntitle: 慢\n---\n\n正文。\n", encoding="utf-8")
    real_extract = article.extract

    def slow_on_one(doc):
        if doc.source_file == "slow.md":
            time.sleep(5)
        return real_extract(doc)

    monkeypatch.setattr(article, "extract", slow_on_one)
    summary = build(BuildConfig(inputs=[corpus], out_dir=tmp_path / "out", jobs=1, article_timeout=0.5))
    assert [f.source_file for f in summary.failures] == ["slow.md"]
    assert summary.articles_read == 1
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["timing_dependent"] is True
    assert report["failures"][0]["reason"].startswith(TIMEOUT_REASON)


def test_without_a_timeout_the_report_is_not_timing_dependent(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.md").write_text("---\ntitle: 好\n---\n\n中国互联网协会发布了报告。\n", encoding="utf-8")
    build(BuildConfig(inputs=[corpus], out_dir=tmp_path / "out", jobs=1))
    assert json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))["timing_dependent"] is False


# ---------------------------------------------------------------- linear-time helpers against brute force


def _random_spans(rng: random.Random, n: int, length: int = 200) -> list[tuple[int, int]]:
    out = []
    for _ in range(n):
        s = rng.randrange(length)
        out.append((s, min(length, s + rng.randint(1, 12))))
    return out


def test_containers_agree_with_a_scan():
    rng = random.Random(1)
    for _ in range(200):
        spans = _random_spans(rng, rng.randint(0, 30))
        index = Containers(spans)
        for s, e in _random_spans(rng, 30):
            assert index.covers(s, e) == any(a <= s and e <= b for a, b in spans)


def test_span_index_agrees_with_a_scan():
    rng = random.Random(2)
    for _ in range(200):
        index, added = SpanIndex(), []
        for i, (s, e) in enumerate(_random_spans(rng, rng.randint(0, 30))):
            m = Mention(id=f"o{rng.randint(1, 9)}{i}", type="Organization", label=str(i))
            index.add(s, e, m)
            added.append((s, e, m))
        for s, e in _random_spans(rng, 30):
            assert index.overlaps(s, e) == any(a < e and s < b for a, b, _ in added)
            holding = [m for a, b, m in added if a <= s and e <= b]
            expected = min(holding, key=lambda m: int(m.id[1:])) if holding else None
            assert index.covering(s, e) is expected


def test_occupied_keeps_the_first_of_overlapping_spans():
    occupied = Occupied(20)
    occupied.claim(2, 8)
    assert occupied.clashes(5, 10) and occupied.clashes(0, 3)
    assert not occupied.clashes(8, 12)
    assert occupied.clashes(2, 5) and not occupied.clashes(2, 5, same_start_ok=True)


def test_long_sentences_are_cut_at_a_comma_into_bounded_pieces():
    text = "甲" * 700 + "，" + "乙" * 900 + "丙" * 600
    pieces = list(bounded(0, len(text), text, 1000))
    assert pieces[0] == (0, 701)  # after the comma in the second half of the first 1,000 characters
    assert all(e - s <= 1000 for s, e in pieces)
    assert pieces[-1][1] == len(text) and all(a[1] == b[0] for a, b in zip(pieces, pieces[1:]))
    assert list(bounded(5, 300, text, 1000)) == [(5, 300)]


def test_line_starts_agree_with_a_scan_back():
    def scan_back(text: str, offset: int) -> int:
        line = text.rfind("\n", 0, offset) + 1
        return line + len(text[line:offset]) - len(text[line:offset].lstrip())

    rng = random.Random(3)
    for _ in range(500):
        text = "".join(rng.choice("ab \n\t\u3000") for _ in range(rng.randint(0, 30)))
        assert all(line_start(text, o) == scan_back(text, o) for o in range(len(text) + 1))


def test_an_html_page_with_too_many_elements_is_refused_with_a_reason(tmp_path, monkeypatch):
    from kg.read import html

    monkeypatch.setattr(html, "MAX_ELEMENTS", 1000)
    path = tmp_path / "huge.html"
    path.write_bytes(hostile_gen.nested_tags(1))  # 2,000 nested <div>s
    out = process_file(InputFile(path, path.name), 20 * 1024 * 1024)
    assert isinstance(out, ReadError) and "more than 1,000 elements" in out.reason
