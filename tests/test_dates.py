import datetime as dt

from kg.extract.dates import parse_dates
from kg.model import DateValue

PUB = dt.date(2024, 7, 13)


def values(text, published=PUB):
    return [(v.value, v.precision) for _, _, v in parse_dates(text, published)]


def test_full_and_yearless_days():
    assert values("2024年7月11日，大会闭幕") == [("2024-07-11", "day")]
    assert values("7月11日，大会在京闭幕") == [("2024-07-11", "day")]
    assert values("2025年5月16日下午，大会举办") == [("2025-05-16", "day")]
    assert values("5月16日（周四）上午") == [("2024-05-16", "day")]


def test_year_nearest_to_publication():
    assert values("12月30日", dt.date(2025, 1, 3)) == [("2024-12-30", "day")]
    assert values("1月2日", dt.date(2024, 12, 28)) == [("2025-01-02", "day")]
    assert values("7月11日", None) == []  # no publication date: no guessed year


def test_numeric_forms():
    assert values("时间：2025-06-19") == [("2025-06-19", "day")]
    assert values("2024/06/19 发布") == [("2024-06-19", "day")]
    assert values("6.11上午在京举行") == [("2024-06-11", "day")]


def test_ranges_give_both_ends_with_touching_spans():
    found = parse_dates("7月10日至11日在北京举行", PUB)
    assert [v.value for _, _, v in found] == ["2024-07-10", "2024-07-11"]
    assert found[0][1] == found[1][0]
    assert values("7月10-11日") == [("2024-07-10", "day"), ("2024-07-11", "day")]
    assert values("2024年12月30日至1月2日") == [("2024-12-30", "day"), ("2025-01-02", "day")]


def test_month_and_year_precision():
    assert values("2024年7月，报告发布") == [("2024-07", "month")]
    assert values("该中心于2024年，成立") == [("2024", "year")]
    assert values("自2017年起连续发布") == [("2017", "year")]


def test_not_dates():
    assert values("《2024年度报告》") == []
    assert values("在2024年世界互联网大会上") == []
    assert values("近日，某公司发布") == []
    assert values("CVSS评分为9.8，漏洞级别高危") == []
    assert values("CVE-2024-12-1") == []
    assert values("今天的网络安全形势") == []
    assert values("2月30日") == []


def test_relative_days_only_in_clause_opening_use():
    assert values("昨日，大会开幕") == [("2024-07-12", "day")]
    assert values("昨日，大会开幕", None) == []


def test_context_pairs_ranges_again():
    from kg.clean import clean
    from kg.extract import dates
    from kg.extract.context import Context
    from kg.model import SourceDoc

    doc = SourceDoc(source_file="t.md", shape="wechat-md", title="t", body="7月10日至11日举行，7月20日闭幕",
                    date_published="2024-07-13")
    ctx = Context.for_doc(clean(doc))
    dates.run(ctx)
    ranges = ctx.date_ranges()
    assert [(a.value, b.value) for _, _, a, b in ranges] == [("2024-07-10", "2024-07-11"),
                                                             ("2024-07-20", "2024-07-20")]
    assert ranges[0][2] == DateValue("2024-07-10", "day")
