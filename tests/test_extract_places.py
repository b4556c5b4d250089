"""Places on short sentences written for the test."""
from __future__ import annotations

from kg.clean import clean
from kg.extract import dates, events, organizations, places
from kg.extract.context import Context
from kg.model import SourceDoc


def found(body: str, title: str = "标题") -> dict[str, set[str]]:
    ctx = Context.for_doc(clean(SourceDoc(source_file="t.md", shape="wechat-md", title=title, body=body)))
    for extractor in (dates, organizations, events, places):
        extractor.run(ctx)
    return {m.label: m.alt_labels for m in ctx.mentions if m.type == "Place"}


def test_city_province_country_and_town():
    assert set(found("峰会在杭州召开，来自浙江省和新加坡的代表前往乌镇参观。")) == {"杭州", "浙江", "新加坡", "乌镇"}


def test_abbreviation_only_between_context_words():
    assert found("论坛8日在京开幕。") == {"北京": {"京"}}
    assert found("京东发布财报。") == {}


def test_place_inside_an_organisation_name_is_not_a_place():
    assert found("深圳星火信息技术有限公司发布新品。") == {}


def test_venue_keeps_the_city_written_into_its_name():
    # The city is part of the venue's name here, not used on its own (annotation guide).
    assert found("大会在杭州未来科技城会展中心隆重举行。") == {"杭州未来科技城会展中心": set()}


def test_city_set_off_from_the_venue_is_a_place_of_its_own():
    got = found("峰会在广州·琶洲国际会展中心隆重举行。")
    assert "广州" in got
    assert got["琶洲国际会展中心"] == {"广州·琶洲国际会展中心"}


def test_venue_after_yu_and_a_date():
    got = found("年会将于9月5日在深圳湾万丽酒店举办。")
    assert got == {"深圳湾万丽酒店": set()}


def test_words_that_merely_contain_a_place_name_are_not_places():
    assert found("他们参加了一场合法国防会议。") == {}
    assert found("等保定级新规发布。") == {}


def test_place_only_inside_an_event_name_is_not_listed():
    assert found("他曾是北京网络安全大会的嘉宾。") == {}
    assert set(found("北京网络安全大会在北京举行。")) == {"北京"}


def test_regions_are_not_places_but_foreign_cities_are():
    assert set(found("欧洲多国代表齐聚首尔和基辅，弗吉尼亚州也有代表。")) == {"首尔", "基辅", "弗吉尼亚州"}


def test_prefecture_level_cities():
    assert set(found("山东临沂警方破获一案，衢州市也有类似案例。")) == {"山东", "临沂", "衢州"}


def test_event_held_at_an_organisations_premises():
    assert "中国网络空间研究院" in found("研讨会在中国网络空间研究院成功举办。")


def test_generic_country_words_and_time_are_skipped():
    assert found("我国网络安全产业发展迅速，北京时间今晨发布。") == {}


def test_urls_give_no_places():
    assert found("详见 https://beijing.example.com/上海/ 页面") == {}


def test_city_in_front_of_a_venue_with_its_own_name():
    got = found("论坛在北京国家会议中心举行。")
    assert set(got) == {"北京", "国家会议中心"}


def test_city_used_on_its_own_elsewhere_is_split_from_the_venue():
    got = found("大会在杭州未来科技城会展中心隆重举行。杭州是数字经济高地。")
    assert got["杭州"] == set()
    assert got["未来科技城会展中心"] == {"杭州未来科技城会展中心"}


def test_address_in_front_of_a_venue_gives_places_of_their_own():
    got = found("运动会在深圳市南山区深圳湾体育中心隆重开幕。")
    assert {"深圳", "南山区", "深圳湾体育中心"} <= set(got)


def test_generic_venue_kind_after_a_city_keeps_the_city():
    assert found("展会在青岛国际会展中心开幕。") == {"青岛国际会展中心": set()}
