"""Places on short sentences written for the test."""
from __future__ import annotations

from kg.clean import clean
from kg.extract import organizations, places
from kg.extract.context import Context
from kg.model import SourceDoc


def found(body: str) -> dict[str, set[str]]:
    ctx = Context.for_doc(clean(SourceDoc(source_file="t.md", shape="wechat-md", title="标题", body=body)))
    organizations.run(ctx)
    places.run(ctx)
    return {m.label: m.alt_labels for m in ctx.mentions if m.type == "Place"}


def test_city_province_country_and_town():
    assert set(found("峰会在杭州召开，来自浙江省和新加坡的代表前往乌镇参观。")) == {"杭州", "浙江", "新加坡", "乌镇"}


def test_abbreviation_only_between_context_words():
    assert found("论坛8日在京开幕。") == {"北京": {"京"}}
    assert found("京东发布财报。") == {}


def test_place_inside_an_organisation_name_is_not_a_place():
    assert found("深圳星火信息技术有限公司发布新品。") == {}


def test_venue_with_its_city():
    got = found("大会在杭州未来科技城会展中心隆重举行。")
    assert "杭州" in got
    assert got["未来科技城会展中心"] == {"杭州未来科技城会展中心"}


def test_event_held_at_an_organisations_premises():
    assert "中国网络空间研究院" in found("研讨会在中国网络空间研究院成功举办。")


def test_generic_country_words_and_time_are_skipped():
    assert found("我国网络安全产业发展迅速，北京时间今晨发布。") == {}


def test_urls_give_no_places():
    assert found("详见 https://beijing.example.com/上海/ 页面") == {}
