"""Places and location facts stated in the article title, on titles written for the test."""
from __future__ import annotations

from kg.clean import clean
from kg.extract import dates, events, organizations, places, title_facts
from kg.extract.context import Context
from kg.model import SourceDoc


def run(title: str, body: str) -> Context:
    ctx = Context.for_doc(clean(SourceDoc(source_file="t.md", shape="wechat-md", title=title, body=body)))
    for extractor in (dates, organizations, events, places, title_facts):
        extractor.run(ctx)
    return ctx


def locations(ctx: Context) -> set[tuple[str, str]]:
    by_id = {m.id: m for m in ctx.mentions}
    return {(by_id[f.subject].label, by_id[f.obj[1:]].label) for f in ctx.facts if f.prop == "location"}


def test_abbreviation_in_the_title_locates_the_title_event():
    ctx = run("第五届数字安全创新峰会在京召开", "本届峰会聚焦人工智能安全。")
    assert locations(ctx) == {("第五届数字安全创新峰会", "北京")}
    place = ctx.find("Place", "北京")
    assert place is not None and place.alt_labels == {"京"} and place.spans == []


def test_city_and_venue_in_the_title():
    ctx = run("2025智能网联安全论坛在杭州·云栖国际会展中心开幕", "论坛为期两天。")
    assert locations(ctx) == {("2025智能网联安全论坛", "杭州"), ("2025智能网联安全论坛", "云栖国际会展中心")}


def test_place_in_a_quoted_name_in_the_title_is_not_a_place():
    ctx = run("某公司亮相“创新长沙2025”", "展会上发布了新品。")
    assert ctx.find("Place", "长沙") is None


def test_title_place_used_on_its_own():
    ctx = run("安全大咖齐聚成都", "活动吸引了众多观众。")
    assert ctx.find("Place", "成都") is not None
    assert locations(ctx) == set()


def test_gathering_in_a_city_locates_the_event_nearby():
    from kg.extract import gatherings
    ctx = run("标题", "第三届星河安全大会将于秋季开幕，届时数百位专家将齐聚韩国首尔。")
    gatherings.run(ctx)
    assert ("第三届星河安全大会", "首尔") in locations(ctx)
    assert ("第三届星河安全大会", "韩国") not in locations(ctx)


def test_gathering_far_from_any_event_locates_nothing():
    from kg.extract import gatherings
    ctx = run("标题", "第三届星河安全大会发布了议程。\n另一个组织创立于2006年，每年吸引各国黑客齐聚东京。\n")
    gatherings.run(ctx)
    assert locations(ctx) == set()


def test_city_inside_a_venue_name_in_the_title():
    ctx = run("2025星海安全峰会在杭州国际博览中心举行", "峰会吸引了众多嘉宾。")
    assert ctx.find("Place", "杭州") is None
    assert locations(ctx) == {("2025星海安全峰会", "杭州国际博览中心")}
