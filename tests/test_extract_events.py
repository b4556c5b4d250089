from kg.extract import events
from kg.extract.event_names import is_proper, series, variants
from extract_helpers import context, mentions


def run(body):
    ctx = context(body)
    events.run(ctx)
    return ctx


def facts(ctx):
    label = {m.id: m.label for m in ctx.mentions}
    return {(label[f.subject], f.prop, label.get(str(f.obj)[1:], f.obj)) for f in ctx.facts}


def test_year_and_edition_forms():
    ctx = run("7月11日，由中国互联网协会主办的2024（第二十三届）中国互联网大会在京闭幕。")
    found = mentions(ctx, "Event")
    assert set(found) == {"2024（第二十三届）中国互联网大会"}
    assert {"2024中国互联网大会", "中国互联网大会", "第二十三届中国互联网大会"} <= found["2024（第二十三届）中国互联网大会"]
    (mention,) = ctx.mentions
    assert mention.attrs == {"head": "大会", "series": "中国互联网大会", "edition": "23", "year": "2024"}
    assert facts(ctx) == {("2024（第二十三届）中国互联网大会", "edition", 23)}


def test_first_edition_and_periods():
    ctx = run("首届数字安全大会开幕。主办了第四期移动互联网App产品安全漏洞技术沙龙。")
    assert {(m.label, m.attrs.get("edition")) for m in ctx.mentions} == {
        ("首届数字安全大会", "1"), ("第四期移动互联网App产品安全漏洞技术沙龙", "4")}


def test_brand_forms_and_short_form():
    ctx = run("2024年10月23日，备受瞩目的看雪·第八届安全开发者峰会在上海落幕。看雪峰会是重要盛会。")
    assert set(mentions(ctx, "Event")) == {"看雪·第八届安全开发者峰会"}
    assert "看雪峰会" in mentions(ctx, "Event")["看雪·第八届安全开发者峰会"]


def test_sub_event_named_after_its_parent():
    ctx = run("7月2日，2025年全球数字经济大会大数据创新应用论坛暨北京数据先行区发展大会在北京召开。")
    found = mentions(ctx, "Event")
    sub = "2025年全球数字经济大会大数据创新应用论坛暨北京数据先行区发展大会"
    assert set(found) == {"2025年全球数字经济大会", sub}
    assert {"大数据创新应用论坛", "北京数据先行区发展大会"} <= found[sub]
    assert (sub, "partOf", "2025年全球数字经济大会") in facts(ctx)


def test_ceremonies_and_quoted_names():
    ctx = run("国家信息安全漏洞库漏洞技术研究联盟（以下简称“联盟”）成立仪式于8月15日在广州举办。"
              "联盟通过联合青马红客“精英训练营”组织实训，参加“长城杯”信息安全铁人三项赛。")
    assert set(mentions(ctx, "Event")) == {"国家信息安全漏洞库漏洞技术研究联盟成立仪式", "青马红客精英训练营",
                                           "长城杯信息安全铁人三项赛"}


def test_generic_words_are_not_events():
    body = ("本次大会上，嘉宾在分论坛发言。会议期间举行了新闻发布会和签约仪式。大会闭幕式上，公司年会和成立仪式"
            "也在会场举行。在人民大会堂，他参加了各类安全竞赛和CTF竞赛。")
    assert mentions(run(body), "Event") == {}


def test_web_forums_are_not_events():
    assert mentions(run("该数据在地下论坛上出售，卖家在黑客论坛发帖。本文为看雪论坛精华文章。"), "Event") == {}


def test_names_stop_at_verbs_and_titles():
    ctx = run("中国信息安全测评中心彭涛主任为大会致辞。灰度安全首次亮相2024年电信和互联网行业网络安全年会。")
    assert set(mentions(ctx, "Event")) == {"2024年电信和互联网行业网络安全年会"}


def test_weak_heads_need_a_year_or_edition():
    assert mentions(run("召开专题工作会议和座谈会。"), "Event") == {}
    assert set(mentions(run("出席2024年全国网信办主任会议。"), "Event")) == {"2024年全国网信办主任会议"}


def test_name_helpers():
    assert series("2024年（第十三届）电信和互联网行业网络安全年会") == "电信和互联网行业网络安全年会"
    assert "2024电信和互联网行业网络安全年会" in variants("2024年（第十三届）电信和互联网行业网络安全年会")
    assert not is_proper("本次大会") and not is_proper("分论坛") and is_proper("云栖大会")


def test_series_alt_dropped_when_two_years_in_one_article():
    ctx = run("2023中国互联网大会和2024中国互联网大会都在北京举行。")
    found = mentions(ctx, "Event")
    assert set(found) == {"2023中国互联网大会", "2024中国互联网大会"}
    assert all("中国互联网大会" not in alts for alts in found.values())


def test_domain_word_inside_a_name_is_not_a_stop_word():
    from kg.clean import clean
    from kg.extract import dates, events
    from kg.extract.context import Context
    from kg.model import SourceDoc
    body = "第四届网络空间内生安全学术大会在南京举办。\n"
    ctx = Context.for_doc(clean(SourceDoc("t.md", "wechat-md", "t", body, date_published="2024-01-01")))
    dates.run(ctx)
    events.run(ctx)
    assert [m.label for m in ctx.mentions if m.type == "Event"] == ["第四届网络空间内生安全学术大会"]


def test_names_never_start_with_function_tokens_or_counts():
    body = ("会议设置2场高峰论坛。欢迎使用论坛。活动分别以星辰出海论坛为题。特别感谢GeekPwn国际极客安全大赛。"
            "一张门票立享5场大会。公司开办第二期漏洞挖掘与利用高级培训班。")
    assert set(mentions(run(body), "Event")) == {"星辰出海论坛", "GeekPwn国际极客安全大赛",
                                                 "第二期漏洞挖掘与利用高级培训班"}


def test_more_event_heads():
    body = "甲方参加“天鹰杯”网络安全公开赛，并观摩“护网2023”网络安全演练。他也参加过攻防演练。"
    assert set(mentions(run(body), "Event")) == {"天鹰杯网络安全公开赛", "护网2023网络安全演练"}


def test_event_named_in_the_title_only():
    ctx = context("本次大赛面向高校学生。", title="火热报名中 | “星河杯”数据安全攻防大赛")
    events.run(ctx)
    (mention,) = [m for m in ctx.mentions if m.type == "Event"]
    assert mention.label == "星河杯数据安全攻防大赛" and mention.spans == []


def test_short_form_ending_a_longer_name_is_the_same_event():
    ctx = run("2024星河白帽大会将在上海举办。今年的白帽大会将继续引领新风向。")
    assert set(mentions(ctx, "Event")) == {"2024星河白帽大会"}
    assert "白帽大会" in mentions(ctx, "Event")["2024星河白帽大会"]


def test_latin_event_names_from_their_frame_or_english_head():
    from kg.extract import latin_events
    ctx = context("研究员在Blue Harbor Europe上发表演讲。他在GitHub上披露了代码。团队参加了NightCon 2024和"
                  "Open Security Conference。在ZED CON 31上演示了攻击。Red Hat大会开幕。")
    events.run(ctx)
    latin_events.run(ctx)
    assert set(mentions(ctx, "Event")) == {"Blue Harbor Europe", "NightCon 2024", "Open Security Conference",
                                           "ZED CON 31", "Red Hat大会"}


def test_quoted_title_after_a_holding_verb_names_an_event():
    from kg.extract import latin_events
    ctx = context("4月9日下午，由星云科技主办的「Night Talk: Chain Safety Now」在香港举行。")
    events.run(ctx)
    latin_events.run(ctx)
    assert set(mentions(ctx, "Event")) == {"Night Talk: Chain Safety Now"}


def test_bracketed_and_coordinated_editions():
    ctx = run("协会承办有星河安全沙龙（二期），以及第十二届及第十三届全国青年密码竞赛华东区分赛。")
    found = mentions(ctx, "Event")
    assert {"星河安全沙龙（二期）", "第十三届全国青年密码竞赛华东区分赛", "第十二届全国青年密码竞赛华东区分赛"} <= set(found)
    editions = {(m.label, m.attrs.get("edition")) for m in ctx.mentions}
    assert {("星河安全沙龙（二期）", "2"), ("第十二届全国青年密码竞赛华东区分赛", "12")} <= editions


def test_two_events_joined_by_a_conjunction_are_two():
    ctx = run("大会期间还举办了星河零信任论坛和银湖开源治理峰会。")
    found = set(mentions(ctx, "Event"))
    assert {"星河零信任论坛", "银湖开源治理峰会"} <= found
    assert not any("和" in n for n in found)


def test_a_verb_before_the_year_ends_the_clause_before_the_name():
    assert set(mentions(run("网友一图读懂第十届创客中国网络安全创新创业大赛。"), "Event")) == {
        "第十届创客中国网络安全创新创业大赛"}
    # Words between the verb and the year belong to the name; punctuation there closes a phrase.
    assert set(mentions(run("十强黑马挺进ISC 2023创新独角兽沙盒大赛。"), "Event")) == {"ISC 2023创新独角兽沙盒大赛"}
    assert set(mentions(run("「纵深防护·极智运营」第十期天枢安全技术沙龙举行。"), "Event")) == {"第十期天枢安全技术沙龙"}
