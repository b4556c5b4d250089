"""People and their posts on short sentences written for the test."""
from __future__ import annotations

from kg.clean import clean
from kg.extract import organizations, people, places
from kg.extract import posts as post_chains
from kg.extract.context import Context
from kg.model import PostValue, SourceDoc


def run(body: str) -> Context:
    ctx = Context.for_doc(clean(SourceDoc(source_file="t.md", shape="wechat-md", title="标题", body=body)))
    for extractor in (organizations, places, people, post_chains):
        extractor.run(ctx)
    return ctx


def persons(ctx: Context) -> dict[str, set[str]]:
    return {m.label: m.alt_labels for m in ctx.mentions if m.type == "Person"}


def posts(ctx: Context) -> set[tuple[str, str, str]]:
    label = {m.id: m.label for m in ctx.mentions}
    return {(label[f.subject], f.obj.title, label[f.obj.org[1:]] if f.obj.org else None) for f in ctx.facts
            if f.prop == "post" and isinstance(f.obj, PostValue)}


def test_organisation_title_name():
    ctx = run("中国网络空间安全协会副秘书长林晓东在会上致辞。")
    assert persons(ctx) == {"林晓东": set()}
    assert posts(ctx) == {("林晓东", "副秘书长", "中国网络空间安全协会")}


def test_organisation_name_title():
    ctx = run("国家信息安全漏洞库杜明处长介绍了工作规划。")
    assert posts(ctx) == {("杜明", "处长", "国家信息安全漏洞库")}


def test_department_stays_in_the_title_and_compound_titles():
    ctx = run("共青团浙江省委宣传部副部长黄思远、星河安全创始人兼CEO韩立表示欢迎。")
    assert ("黄思远", "宣传部副部长", "共青团浙江省委") in posts(ctx)
    assert {"黄思远", "韩立"} <= set(persons(ctx))


def test_two_character_name_before_a_verb():
    ctx = run("清华大学教授吴刚指出，风险在上升。")
    assert persons(ctx) == {"吴刚": set()}


def test_speaker_list_with_spaced_names():
    ctx = run("发言嘉宾\n\n钱 涛\n南京大学\n\n冯晓雨\n[浙江大学网络空间安全学院]\n")
    assert persons(ctx) == {"钱涛": {"钱 涛"}, "冯晓雨": set()}


def test_titles_and_generic_words_are_not_names():
    ctx = run("公司副总裁高级工程师出席。安全专家表示，相关负责人已到场。点击上方\n蓝字\nCISA\n")
    assert persons(ctx) == {}


def test_foreign_name_after_a_title():
    ctx = run("微软首席执行官萨提亚·纳德拉宣布了新计划。")
    assert "萨提亚·纳德拉" in persons(ctx)



def test_verbs_after_a_title_are_not_names():
    for sentence in ("安全研究员查看了日志。\n", "长亭科技安全研究员经过分析后确认。\n"):
        assert not persons(run(sentence)), sentence


def test_foreign_name_loses_a_glued_title_and_verb():
    names = set(persons(run("审查委员会前顾问凯蒂·穆苏里斯表示，风险很高。公司CEO科比·尼桑评论称，此事件是警示。\n")))
    assert {"凯蒂·穆苏里斯", "科比·尼桑"} <= names
    assert not any("顾问" in n or "评论" in n for n in names)


def test_hyphenated_department_title_is_not_a_foreign_name():
    assert not any("-" in n for n in persons(run("陈迎澳，小米集团技术委员会-高级安全工程师。\n")))


def test_foreign_name_ends_at_its_bracketed_original_and_drops_a_leading_particle():
    ctx = run("美国网络司令部司令兼国家安全局局长保罗·中曾根（Paul Nakasone）出席。曾任中央情报局局长的詹姆斯·伍尔西承认此事。")
    names = set(persons(ctx))
    assert "保罗·中曾根" in names and "保罗·中" not in names
    assert "詹姆斯·伍尔西" in names and not any(n.startswith("的") or n.endswith("承") for n in names)
