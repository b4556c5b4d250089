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


def test_organiser_list_under_a_heading_line_names_the_main_event_organisers():
    ctx = context("甲乙大赛报名开始。\n承办单位：\n1、丙丁测试平台：\n是一家提供众包测试服务的平台，聚集了大量安全人才，"
                  "为企业提供渗透测试服务，效果良好。\n2、戊己科技有限公司：\n庚辛咨询\n3、子丑科技有限公司（ZC）：\n"
                  "指导单位：\n壬癸中心\n")
    mention(ctx, "Event", "甲乙大赛")
    mention(ctx, "Organization", "戊己科技有限公司")
    mention(ctx, "Organization", "壬癸中心")
    relations.run(ctx)
    organizers = {o for s, p, o in facts(ctx) if p == "organizer"}
    assert organizers == {"丙丁测试平台", "戊己科技有限公司", "子丑科技有限公司"}


def test_organisers_of_a_back_referenced_event_and_a_wrapped_line():
    ctx = context("甲乙论坛在杭州成功举办。本届论坛由丙公司、丁公司联合主办。\n由戊大学、\n己集团主办的庚辛大赛开幕。\n")
    for name in ("丙公司", "丁公司", "戊大学", "己集团"):
        mention(ctx, "Organization", name)
    mention(ctx, "Event", "甲乙论坛")
    mention(ctx, "Event", "庚辛大赛")
    mention(ctx, "Place", "杭州")
    relations.run(ctx)
    got = facts(ctx)
    assert {("甲乙论坛", "organizer", "丙公司"), ("甲乙论坛", "organizer", "丁公司"),
            ("庚辛大赛", "organizer", "戊大学"), ("庚辛大赛", "organizer", "己集团")} <= got


def test_sub_event_held_during_its_parent_inherits_its_dates():
    ctx = context("5月6日，甲乙大会在杭州开幕。甲乙大会期间将举办丙丁挑战赛。大会期间还将举行戊论坛。\n")
    mention(ctx, "Event", "甲乙大会")
    mention(ctx, "Event", "甲乙大会", nth=1)
    mention(ctx, "Event", "丙丁挑战赛")
    mention(ctx, "Event", "戊论坛")
    mention(ctx, "Place", "杭州")
    date(ctx, "5月6日", "2024-05-06")
    relations.run(ctx)
    got = facts(ctx)
    assert ("丙丁挑战赛", "partOf", "甲乙大会") in got
    assert ("戊论坛", "partOf", "甲乙大会") in got
    assert ("丙丁挑战赛", "location", "杭州") not in got  # places are not inherited (rules)
    assert ("丙丁挑战赛", "startDate", "2024-05-06") in got


def test_coordinated_publishers_are_each_credited():
    ctx = context("会上，甲研究院、乙公司和丙大学联合发布《丁戊安全报告》。\n")
    for name in ("甲研究院", "乙公司", "丙大学"):
        mention(ctx, "Organization", name)
    mention(ctx, "Report", "丁戊安全报告")
    relations.run(ctx)
    assert {o for s, p, o in facts(ctx) if p == "publisher"} == {"甲研究院", "乙公司", "丙大学"}


def test_date_and_place_before_an_attributive_held_verb():
    ctx = context("甲公司于10月23日在上海举办的第二届乙丙峰会吸引了众多嘉宾。\n")
    mention(ctx, "Organization", "甲公司")
    mention(ctx, "Place", "上海")
    mention(ctx, "Event", "第二届乙丙峰会")
    date(ctx, "10月23日", "2024-10-23")
    relations.run(ctx)
    got = facts(ctx)
    assert {("第二届乙丙峰会", "location", "上海"), ("第二届乙丙峰会", "startDate", "2024-10-23"),
            ("第二届乙丙峰会", "endDate", "2024-10-23")} <= got


def test_subject_of_a_holding_verb_organises_the_event_after_it():
    ctx = context("甲公司于10月23日在上海举办的第二届乙丙峰会开幕。丁协会举办了戊己大赛。在庚中心举办的辛壬论坛结束。\n")
    for name in ("甲公司", "丁协会", "庚中心"):
        mention(ctx, "Organization", name)
    mention(ctx, "Place", "上海")
    for name in ("第二届乙丙峰会", "戊己大赛", "辛壬论坛"):
        mention(ctx, "Event", name)
    date(ctx, "10月23日", "2024-10-23")
    relations.run(ctx)
    organizers = {(s, o) for s, p, o in facts(ctx) if p == "organizer"}
    assert organizers == {("第二届乙丙峰会", "甲公司"), ("戊己大赛", "丁协会")}


def test_forums_listed_as_sub_forums_are_part_of_the_main_event():
    ctx = context("甲乙安全周在上海举行。本届活动设置3场分论坛，分别为丙丁论坛、戊己论坛。\n", title="甲乙安全周开幕")
    mention(ctx, "Event", "甲乙安全周").attrs["head"] = "安全周"
    for name in ("丙丁论坛", "戊己论坛"):
        mention(ctx, "Event", name).attrs["head"] = "论坛"
    relations.run(ctx)
    got = facts(ctx)
    assert {("丙丁论坛", "partOf", "甲乙安全周"), ("戊己论坛", "partOf", "甲乙安全周")} <= got


def test_venue_named_by_its_kind_is_a_place():
    ctx = context("第三届甲乙会议于丙丁国际会议中心（BICC）隆重举办。\n")
    mention(ctx, "Event", "第三届甲乙会议")
    relations.run(ctx)
    assert ("第三届甲乙会议", "location", "丙丁国际会议中心") in facts(ctx)


def test_a_sentence_opening_with_a_date_range_dates_the_organised_event():
    ctx = context("9月3日-4日，「甲乙安全周」由丙实验室主办。\n")
    mention(ctx, "Event", "甲乙安全周")
    mention(ctx, "Organization", "丙实验室")
    ctx.dates.extend([(0, 4, DateValue("2024-09-03", "day")), (4, 7, DateValue("2024-09-04", "day"))])
    relations.run(ctx)
    got = facts(ctx)
    assert {("甲乙安全周", "startDate", "2024-09-03"), ("甲乙安全周", "endDate", "2024-09-04"),
            ("甲乙安全周", "organizer", "丙实验室")} <= got


def test_sub_event_of_a_multi_day_event_does_not_take_its_dates():
    ctx = context("5月6日至7日，甲乙大会在杭州召开。甲乙大会期间将举办丙丁挑战赛。\n")
    mention(ctx, "Event", "甲乙大会")
    mention(ctx, "Event", "甲乙大会", nth=1)
    mention(ctx, "Event", "丙丁挑战赛")
    ctx.dates.extend([(0, 4, DateValue("2024-05-06", "day")), (4, 7, DateValue("2024-05-07", "day"))])
    relations.run(ctx)
    got = facts(ctx)
    assert ("丙丁挑战赛", "partOf", "甲乙大会") in got and ("甲乙大会", "endDate", "2024-05-07") in got
    assert not any(s == "丙丁挑战赛" and p in ("startDate", "endDate") for s, p, _ in got)


def test_report_released_at_the_event_spoken_of_before():
    ctx = context("6月5日，甲乙大会在北京召开。会上，丙研究院发布了《丁戊发展报告》。\n")
    mention(ctx, "Event", "甲乙大会")
    mention(ctx, "Organization", "丙研究院")
    mention(ctx, "Report", "丁戊发展报告")
    date(ctx, "6月5日", "2024-06-05")
    relations.run(ctx)
    got = facts(ctx)
    assert {("丁戊发展报告", "releasedAt", "甲乙大会"), ("丁戊发展报告", "publisher", "丙研究院"),
            ("丁戊发展报告", "releaseDate", "2024-06-05")} <= got


def test_unknown_organiser_coordinated_with_a_known_one():
    ctx = context("「甲乙安全周」由丙丁实验室和丙丁汽车主办。\n")
    mention(ctx, "Event", "甲乙安全周")
    mention(ctx, "Organization", "丙丁实验室")
    relations.run(ctx)
    assert {o for s, p, o in facts(ctx) if p == "organizer"} == {"丙丁实验室", "丙丁汽车"}


def test_event_held_in_several_cities_over_a_date_range():
    ctx = context("7月10日至12日，甲乙大赛在北京、上海两地同时举行。\n")
    mention(ctx, "Event", "甲乙大赛")
    mention(ctx, "Place", "北京")
    mention(ctx, "Place", "上海")
    ctx.dates.extend([(0, 5, DateValue("2024-07-10", "day")), (5, 8, DateValue("2024-07-12", "day"))])
    relations.run(ctx)
    got = facts(ctx)
    assert {("甲乙大赛", "location", "北京"), ("甲乙大赛", "location", "上海"),
            ("甲乙大赛", "startDate", "2024-07-10"), ("甲乙大赛", "endDate", "2024-07-12")} <= got


def test_a_coordinated_piece_around_a_known_organisation_is_the_whole_name():
    ctx = context("由甲乙集团、江苏丙丁、戊己科技主办的第三届庚辛大会在南京召开。\n")
    for name in ("甲乙集团", "丙丁", "戊己科技"):
        mention(ctx, "Organization", name)
    mention(ctx, "Event", "第三届庚辛大会")
    relations.run(ctx)
    got = facts(ctx)
    assert ("第三届庚辛大会", "organizer", "江苏丙丁") in got
    assert ("第三届庚辛大会", "organizer", "丙丁") not in got
    assert ("第三届庚辛大会", "organizer", "甲乙集团") in got


def test_an_unknown_body_right_after_you_is_an_organizer():
    ctx = context("本届会议由新加坡政府主办、甲乙管理局牵头组织，第二届丙丁博览会吸引众多展商。\n")
    mention(ctx, "Organization", "甲乙管理局")
    mention(ctx, "Event", "第二届丙丁博览会")
    relations.run(ctx)
    got = facts(ctx)
    assert ("第二届丙丁博览会", "organizer", "新加坡政府") in got
    assert ("第二届丙丁博览会", "organizer", "甲乙管理局") in got


def test_a_sub_forum_of_a_joint_event_is_part_of_both_names():
    ctx = context("甲乙协会2024年年会暨第五届丙丁大会戊己分论坛在杭州召开。\n")
    annual = mention(ctx, "Event", "甲乙协会2024年年会")
    conference = mention(ctx, "Event", "第五届丙丁大会")
    forum = mention(ctx, "Event", "第五届丙丁大会戊己分论坛")
    ctx.add_fact(forum, "partOf", conference)
    relations.run(ctx)
    got = facts(ctx)
    assert ("第五届丙丁大会戊己分论坛", "partOf", "甲乙协会2024年年会") in got
    assert annual is not conference


def test_a_back_reference_holding_an_event_dates_the_event_named_before():
    ctx = context("第六届甲乙峰会即将开幕。\n本届峰会于5月20日在成都举办。\n")
    mention(ctx, "Event", "第六届甲乙峰会", label="第六届甲乙峰会")
    ctx.mentions[-1].attrs["head"] = "峰会"
    mention(ctx, "Place", "成都")
    date(ctx, "5月20日", "2024-05-20")
    relations.run(ctx)
    got = facts(ctx)
    assert ("第六届甲乙峰会", "startDate", "2024-05-20") in got
    assert ("第六届甲乙峰会", "location", "成都") in got


def test_an_organisation_before_its_report_joined_by_de_published_it():
    ctx = context("根据星河安全公司的《2030年云安全态势报告》，勒索攻击增加。乙协会最新发布的《丙指数》显示。\n")
    mention(ctx, "Organization", "星河安全公司")
    mention(ctx, "Report", "2030年云安全态势报告")
    mention(ctx, "Organization", "乙协会")
    mention(ctx, "Report", "丙指数")
    relations.run(ctx)
    got = facts(ctx)
    assert ("2030年云安全态势报告", "publisher", "星河安全公司") in got
    assert ("丙指数", "publisher", "乙协会") in got
