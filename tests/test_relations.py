"""Relations on short sentences, with mentions placed by hand so only kg.extract.relations is tested."""
from __future__ import annotations

from kg.clean import clean
from kg.extract import relations
from kg.extract.context import Context
from kg.model import DateValue, PostValue, SourceDoc


def context(body: str, account: str | None = None, title: str = "标题", published: str = "2024-07-13") -> Context:
    doc = SourceDoc(source_file="t.md", shape="wechat-md", title=title, body=body, account=account,
                    date_published=published)
    return Context.for_doc(clean(doc))


def mention(ctx: Context, type_: str, name: str, nth: int = 0, label: str | None = None):
    start = -1
    for _ in range(nth + 1):
        start = ctx.text.index(name, start + 1)
    return ctx.add_mention(type_, label or name, (start, start + len(name)))


def date(ctx: Context, surface: str, value: str, precision: str = "day") -> DateValue:
    start = ctx.text.index(surface)
    dv = DateValue(value, precision)
    ctx.dates.append((start, start + len(surface), dv))
    ctx.dates.sort(key=lambda d: d[0])
    return dv


def facts(ctx: Context) -> set[tuple]:
    names = {m.id: m.label for m in ctx.mentions}
    out = set()
    for f in ctx.facts:
        obj = names[f.obj[1:]] if isinstance(f.obj, str) and f.obj.startswith("@") else f.obj
        out.add((names[f.subject], f.prop, obj.value if isinstance(obj, DateValue) else obj))
    return out


def test_organizer_location_and_end_date_of_a_closing_event():
    ctx = context("3月9日，由甲乙协会主办的第五届丙丁大会在杭州闭幕。\n")
    mention(ctx, "Organization", "甲乙协会")
    mention(ctx, "Event", "第五届丙丁大会")
    mention(ctx, "Place", "杭州")
    date(ctx, "3月9日", "2024-03-09")
    relations.run(ctx)
    got = facts(ctx)
    assert ("第五届丙丁大会", "organizer", "甲乙协会") in got
    assert ("第五届丙丁大会", "location", "杭州") in got
    assert ("第五届丙丁大会", "endDate", "2024-03-09") in got
    assert not any(p == "startDate" for _, p, _ in got)  # 闭幕 says when it ended, not when it began


def test_guiding_and_supporting_bodies_are_not_organizers():
    ctx = context("由甲委员会指导，乙中心下属丙杂志社主办、丁公司支持的戊论坛在上海成功召开。\n")
    for name in ("甲委员会", "乙中心", "丙杂志社", "丁公司"):
        mention(ctx, "Organization", name)
    mention(ctx, "Event", "戊论坛")
    mention(ctx, "Place", "上海")
    relations.run(ctx)
    organizers = {o for s, p, o in facts(ctx) if p == "organizer"}
    assert organizers == {"丙杂志社"}


def test_one_day_event_gets_equal_start_and_end_and_venue_named_like_an_org_is_a_place():
    ctx = context("2025年5月16日下午，甲年度大会在乙测评中心成功举办。\n")
    mention(ctx, "Event", "甲年度大会")
    mention(ctx, "Organization", "乙测评中心")
    date(ctx, "2025年5月16日", "2025-05-16")
    relations.run(ctx)
    got = facts(ctx)
    assert ("甲年度大会", "startDate", "2025-05-16") in got
    assert ("甲年度大会", "endDate", "2025-05-16") in got
    assert ("甲年度大会", "location", "乙测评中心") in got
    assert any(m.type == "Place" and m.label == "乙测评中心" for m in ctx.mentions)


def test_report_released_by_a_person_at_the_closing_ceremony_inherits_the_event_end_date():
    body = ("7月11日，由甲协会主办的丙大会在京闭幕。甲协会副秘书长张三在大会闭幕式上发布《丁报告（2024）》。\n")
    ctx = context(body)
    org = mention(ctx, "Organization", "甲协会")
    mention(ctx, "Organization", "甲协会", nth=1)
    mention(ctx, "Event", "丙大会")
    mention(ctx, "Place", "京", label="北京")
    person = mention(ctx, "Person", "张三")
    mention(ctx, "Report", "丁报告（2024）")
    ctx.add_fact(person, "post", PostValue("副秘书长", f"@{org.id}"))
    date(ctx, "7月11日", "2024-07-11")
    relations.run(ctx)
    got = facts(ctx)
    assert ("丁报告（2024）", "publisher", "甲协会") in got
    assert ("丁报告（2024）", "releasedBy", "张三") in got
    assert ("丁报告（2024）", "releasedAt", "丙大会") in got
    assert ("丁报告（2024）", "releaseDate", "2024-07-11") in got
    assert ("丙大会", "location", "北京") in got


def test_compiled_by_one_body_released_at_a_named_event():
    ctx = context("11月21日，由甲研究院编写、多家机构支持参与的《乙报告2024》在2024年丙峰会上正式发布。\n")
    mention(ctx, "Organization", "甲研究院")
    mention(ctx, "Report", "乙报告2024")
    mention(ctx, "Event", "2024年丙峰会")
    date(ctx, "11月21日", "2024-11-21")
    relations.run(ctx)
    got = facts(ctx)
    assert ("乙报告2024", "publisher", "甲研究院") in got
    assert ("乙报告2024", "releasedAt", "2024年丙峰会") in got
    assert ("乙报告2024", "releaseDate", "2024-11-21") in got


def test_report_in_title_credited_to_the_account_organisation_only_without_stated_publisher():
    ctx = context("甲公司监测数据显示，漏洞数量上升。《乙分析报告》带你揭秘。\n", account="甲公司安全中心",
                  title="《乙分析报告》复盘趋势")
    mention(ctx, "Organization", "甲公司")
    mention(ctx, "Report", "乙分析报告")
    relations.run(ctx)
    assert ("乙分析报告", "publisher", "甲公司") in facts(ctx)


def test_no_relation_crosses_a_sentence_end():
    ctx = context("甲协会成立十周年。丙大会在上海召开。\n")
    mention(ctx, "Organization", "甲协会")
    mention(ctx, "Event", "丙大会")
    mention(ctx, "Place", "上海")
    relations.run(ctx)
    got = facts(ctx)
    assert not any(p == "organizer" for _, p, _ in got)
    assert ("丙大会", "location", "上海") in got


def test_town_in_an_event_name_is_its_location_when_no_place_is_stated():
    ctx = context("甲报告在2024年世界互联网大会乌镇峰会上发布。\n")
    mention(ctx, "Event", "2024年世界互联网大会乌镇峰会")
    mention(ctx, "Place", "乌镇")
    relations.run(ctx)
    assert ("2024年世界互联网大会乌镇峰会", "location", "乌镇") in facts(ctx)


def test_country_in_an_event_name_is_not_a_location():
    ctx = context("第五届美国网络安全大会开幕。\n")
    mention(ctx, "Event", "第五届美国网络安全大会")
    mention(ctx, "Place", "美国")
    relations.run(ctx)
    assert not any(p == "location" for _, p, _ in facts(ctx))
