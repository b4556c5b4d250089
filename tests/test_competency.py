"""The five competency questions of the data model, answered on the committed build of seeds/ (out/).

Expected rows were read off the two seed articles by hand: seed 000 reports that 中国互联网协会副秘书长
裴玮 released 《中国互联网发展报告（2024）》 at the closing of 2024（第二十三届）中国互联网大会, hosted by
中国互联网协会, which closed in Beijing (在京闭幕) on 7月11日; seed 001 reports that 中国网络空间研究院
compiled 《中国互联网发展报告2024》 and 《世界互联网发展报告2024》, released on 11月21日 at the
2024年世界互联网大会乌镇峰会.
"""
from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GRAPH = ROOT / "out" / "kg.ttl"


def ask(name: str) -> list[dict[str, str]]:
    if not GRAPH.is_file():
        pytest.fail("out/kg.ttl is missing: run `kg build` and commit out/")
    run = subprocess.run([sys.executable, "-m", "kg", "query", name, "--graph", str(GRAPH), "--format", "csv"],
                         capture_output=True, check=True, cwd=ROOT)
    return list(csv.DictReader(io.StringIO(run.stdout.decode("utf-8"))))


def test_cq1_two_reports_of_one_title_with_their_own_publishers_dates_and_events():
    rows = ask("cq1-reports")
    got = {(r["title"], r["publisher"], r["releaseDate"], r["event"]) for r in rows}
    assert ("中国互联网发展报告（2024）", "中国互联网协会", "2024-07-11", "2024（第二十三届）中国互联网大会") in got
    assert ("中国互联网发展报告2024", "中国网络空间研究院", "2024-11-21", "2024年世界互联网大会乌镇峰会") in got
    assert ("世界互联网发展报告2024", "中国网络空间研究院", "2024-11-21", "2024年世界互联网大会乌镇峰会") in got
    china_reports = {r["report"] for r in rows if r["title"].startswith("中国互联网发展报告")}
    assert len(china_reports) == 2  # same title, different publishers: two nodes


def test_cq2_the_conference_with_edition_end_date_place_and_organiser():
    rows = [r for r in ask("cq2-events") if r["name"] == "2024（第二十三届）中国互联网大会"]
    assert rows, "the conference of seed 000 is missing"
    assert {(r["edition"], r["endDate"], r["place"], r["organizer"]) for r in rows} == \
           {("23", "2024-07-11", "北京", "中国互联网协会")}
    assert all(r["startDate"] == "" for r in rows)  # 闭幕 tells when it ended, not when it began


def test_cq3_who_holds_which_post_and_which_article_says_so():
    rows = [r for r in ask("cq3-posts") if r["name"] == "裴玮"]
    assert {(r["title"], r["organization"]) for r in rows} == {("副秘书长", "中国互联网协会")}
    assert all("中国互联网发展报告（2024）" in r["articleTitle"] for r in rows)


def test_cq4_everything_about_one_organisation_with_its_articles():
    rows = ask("cq4-organization")
    published = {r["valueLabel"] for r in rows if r["property"].endswith("publisher")}
    assert published == {"中国互联网发展报告2024", "世界互联网发展报告2024"}
    assert all(r["articles"] for r in rows)


def test_cq5_timeline_in_date_order():
    rows = ask("cq5-timeline")
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates) and len(dates) >= 5
    assert ("2024-07-11", "2024（第二十三届）中国互联网大会") in {(r["date"], r["label"]) for r in rows}
