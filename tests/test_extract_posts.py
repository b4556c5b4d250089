"""Post chains and cued person names (kg/extract/posts.py) on sentences written for the test."""
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


def persons(ctx: Context) -> set[str]:
    return {m.label for m in ctx.mentions if m.type == "Person"}


def posts(ctx: Context) -> set[tuple[str, str, str | None]]:
    label = {m.id: m.label for m in ctx.mentions}
    return {(label[f.subject], f.obj.title, label[f.obj.org[1:]] if f.obj.org else None) for f in ctx.facts
            if f.prop == "post" and isinstance(f.obj, PostValue)}


def test_coordinated_titles_share_the_organisation_and_are_split():
    ctx = run("公安部党委委员、副部长李明出席会议。")
    assert posts(ctx) == {("李明", "党委委员", "公安部"), ("李明", "副部长", "公安部")}


def test_coordinated_titles_with_their_own_organisations():
    ctx = run("奇安信集团副总裁、中国网络空间安全协会理事长王海涛作报告。")
    got = posts(ctx)
    assert ("王海涛", "理事长", "中国网络空间安全协会") in got
    assert any(p[0] == "王海涛" and p[1] == "副总裁" and p[2] is not None for p in got)


def test_joined_titles_stay_one_written_title():
    ctx = run("微软公司副总裁兼首席安全官 Charlie Bell 表示，风险正在上升。")
    assert posts(ctx) == {("Charlie Bell", "副总裁兼首席安全官", "微软公司")}


def test_name_then_bracketed_post():
    ctx = run("孙立军（华为技术有限公司安全专家）介绍了进展。")
    assert posts(ctx) == {("孙立军", "安全专家", "华为技术有限公司")}


def test_name_then_comma_organisation_title():
    ctx = run("周小川——清华大学网络研究院副院长，长期研究密码学。")
    assert ("周小川", "副院长", "清华大学网络研究院") in posts(ctx)


def test_title_only_post_when_no_organisation():
    ctx = run("印度尼西亚第一副总理苏哈托莅临会场。")
    assert posts(ctx) == {("苏哈托", "第一副总理", None)}


def test_title_never_swallows_an_unrecognised_organisation():
    # No organisation mention for 某某网, and the phrase looks like one: the person, but no title-only post.
    ctx = run("星辰网副总编辑郑凯文出席会议。")
    assert "郑凯文" in persons(ctx)
    assert not any(p[2] is None and "星辰网" in p[1] for p in posts(ctx))


def test_department_words_stay_in_the_title():
    ctx = run("北京大学计算机学院网络安全实验室副主任许文博发言。")
    assert any(p[0] == "许文博" and p[1].endswith("网络安全实验室副主任") or p[1] == "副主任" for p in posts(ctx))


def test_quote_caption_and_honorific_names():
    ctx = run("王建军表示，今年增长很快。图为左起张伟、李娜、赵小刚。钱晓峰先生出席。")
    assert {"王建军", "张伟", "李娜", "赵小刚", "钱晓峰"} <= persons(ctx)


def test_tail_of_a_transliterated_name_is_not_a_name():
    assert not persons(run("巴尔苏姆解释说，合同将到期。"))


def test_latin_names_after_a_title():
    ctx = run("某厂商首席安全官 Sam Curry 表示，安全投入会增加。研究员Nadir Izrael认为风险加剧。")
    assert {"Sam Curry", "Nadir Izrael"} <= persons(ctx)


def test_latin_title_words_are_not_names():
    ctx = run("圆桌由 Daily Wire 的 Marketing Director Chloe 主持。")
    assert not any("Marketing" in n or "Director" in n for n in persons(ctx))


def test_dotted_foreign_name_after_a_title_stops_at_the_verb():
    ctx = run("马来西亚总理安华・易卜拉欣亲自出席。")
    assert "安华・易卜拉欣" in persons(ctx)
    assert ("安华・易卜拉欣", "总理", None) in posts(ctx)


def test_title_word_inside_a_longer_word_is_no_title():
    ctx = run("审查委员会前顾问凯蒂·穆苏里斯表示，风险很高。")
    assert "凯蒂·穆苏里斯" in persons(ctx)
    assert not any("会前" in n for n in persons(ctx))


def test_ambiguous_surname_after_a_title_needs_a_person_tag():
    assert not persons(run("作为东盟轮值主席国期间的重要活动，展会如期举行。"))


def test_model_names_only_at_a_cue_the_rules_left_empty(monkeypatch, tmp_path):
    from kg.extract import ner

    model = tmp_path / "ner.crfsuite"
    model.write_text("stub")
    seen: list[str] = []

    def fake_recognise(sentence: str, words=None):
        seen.append(sentence)
        i = sentence.find("扎克")
        j = sentence.find("云图")
        return [(i, i + 2, "Person")] * (i >= 0) + [(j, j + 2, "Person")] * (j >= 0)

    import dataclasses

    switched_on = dataclasses.replace(post_chains.post_rules(), use_model=True)
    monkeypatch.setattr(post_chains, "post_rules", lambda: switched_on)
    monkeypatch.setattr(ner, "MODEL_PATH", model)
    monkeypatch.setattr(ner, "recognise", fake_recognise)
    ctx = run("星河安全首席执行官扎克说，增长很快。\n云图出现在天空中。\n")
    assert "扎克" in persons(ctx)
    assert "云图" not in persons(ctx)  # no cue next to it: the model is not asked to decide
    assert all("云图" not in s for s in seen)  # a sentence without a cue is never tagged


def test_common_word_before_a_dotted_name_is_cut():
    ctx = run("宣传总统候选人加里·乔治斯库的选举内容。")
    assert not any("候选人" in n for n in persons(ctx))


def test_last_part_of_a_dotted_name_before_a_quote_verb_is_not_a_name():
    assert "罗比" not in persons(run("研究的第一作者亚历克斯·罗比指出，问题很多。"))


def test_name_then_bare_title_gives_a_title_only_post():
    ctx = run("印度尼西亚苏哈托将军莅临展台。")
    assert ("苏哈托", "将军", None) in posts(ctx)


def test_latin_word_before_a_title_chain_is_its_organisation():
    # Was "no title-only post here"; the Latin word is now read as the organisation the chain names.
    ctx = run("Zentrix 高级研究员 Mark Olsen 表示，风险很高。")
    assert "Mark Olsen" in persons(ctx)
    assert posts(ctx) == {("Mark Olsen", "高级研究员", "Zentrix")}


def test_latin_organisation_before_the_and_a_joined_title_with_wide_spaces():
    ctx = run("嘉宾包括 Quorvia 的 COO Dana Wells，以及 ByteHaven Co-Founder\xa0\xa0& CTO Lee Grant。")
    got = posts(ctx)
    assert ("Dana Wells", "COO", "Quorvia") in got
    assert any(p[0] == "Lee Grant" and p[1].startswith("Co-Founder") and p[1].endswith("CTO") and p[2] == "ByteHaven"
               for p in got)


def test_a_plain_latin_name_before_a_title_is_no_organisation():
    ctx = run("Tom Baker CTO 表示，风险很高。")
    assert not any(p[2] == "Tom Baker" for p in posts(ctx))


def test_a_unit_after_the_organisation_is_the_post_organisation():
    ctx = run("奇安信集团安全研究院副院长刘明辉介绍了成果。")
    assert ("刘明辉", "副院长", "奇安信集团安全研究院") in posts(ctx)


def test_a_department_stays_in_the_title():
    ctx = run("奇安信集团宣传部副部长刘明辉介绍了成果。")
    assert any(p[:2] == ("刘明辉", "宣传部副部长") and p[2].startswith("奇安信") for p in posts(ctx))


def test_organisation_in_brackets_before_a_title():
    ctx = run("安恒信息(DAS) 副总裁 & CTO 吴明远介绍了产品。")
    assert any(p[0] == "吴明远" and p[2] in ("DAS", "安恒信息", "安恒信息(DAS)") for p in posts(ctx))


def test_speaker_biography_after_a_name_line():
    ctx = run("**授课老师**\n\n**钟志远**\n\n曾任中国网络空间安全协会副秘书长，奇安信集团安全研究院院长，"
              "长期从事漏洞研究工作，发表论文多篇。\n")
    got = posts(ctx)
    assert ("钟志远", "副秘书长", "中国网络空间安全协会") in got
    assert ("钟志远", "院长", "奇安信集团安全研究院") in got


def test_a_name_line_without_a_biography_of_posts_is_not_taken():
    ctx = run("**钟志远**\n\n今天的会议讨论了数据安全与个人信息保护的诸多问题，与会者发言踊跃。\n")
    assert "钟志远" not in persons(ctx)


def test_government_department_stays_in_a_title_only_post():
    ctx = run("新加坡财政司司长黄志明宣布预算。")
    assert any(p[:2] == ("黄志明", "财政司司长") for p in posts(ctx))


def test_a_title_phrase_stops_at_an_earlier_unjoined_title_and_a_verb():
    ctx = run("公司创始人团队包括CEO Mark Olsen，他曾任职多家公司。")
    assert all("包括" not in p[1] and "创始人" not in p[1] for p in posts(ctx))


def test_speaker_card_lines():
    ctx = run("**演讲嘉宾**\n\n**钟志远 先生**\n\n**中国网络空间安全协会**\n\n**副秘书长**\n\n**个人简介**\n")
    assert ("钟志远", "副秘书长", "中国网络空间安全协会") in posts(ctx)


def test_latin_names_with_accents_and_a_middle_initial():
    ctx = run("安全研究员 István Kovács 发现了漏洞。某研究所首席研究员Rob T. Mills指出，风险很高。")
    assert {"István Kovács", "Rob T. Mills"} <= persons(ctx)


def test_forms_of_address_are_not_names():
    ctx = run("王老师表示，课程很好。张工指出，系统已修复。")
    assert not persons(ctx)


def test_generic_head_between_a_latin_organisation_and_the_title():
    ctx = run("Quorvia 公司的首席执行官 Dana Wells 表示，补丁已发布。")
    assert ("Dana Wells", "首席执行官", "Quorvia") in posts(ctx)


def test_a_title_on_an_organisation_named_elsewhere_gives_no_post():
    ctx = run("该公司首席执行官 Dana Wells 表示，补丁已发布。")
    assert "Dana Wells" in persons(ctx)
    assert not posts(ctx)


def test_a_department_title_in_a_list_shares_the_organisation_before_it():
    ctx = run("奇安信集团副总裁、渠道部负责人刘明辉致辞。")
    got = posts(ctx)
    assert any(p[:2] == ("刘明辉", "渠道部负责人") and p[2] is not None for p in got)


def test_a_unit_reading_replaces_the_department_reading():
    ctx = run("清华大学网络研究院副院长刘明辉介绍了成果。")
    got = {p for p in posts(ctx) if p[0] == "刘明辉"}
    assert len(got) == 1


def test_a_verb_tagged_first_syllable_stays_in_a_dotted_name():
    assert "扎希德·哈米德" in persons(run("马来西亚第一副总理扎希德·哈米德莅临展会。"))


def test_a_latin_word_ending_a_longer_name_is_no_organisation():
    ctx = run("小宇宙 App CEO Dana Wells 表示，产品已上线。")
    assert not any(p[2] == "App" for p in posts(ctx))


def test_a_word_between_title_and_dotted_name_gives_no_post():
    ctx = run("网红宣传总统候选人加里·乔治斯库的内容。")
    assert not any(p[0] == "加里·乔治斯库" and p[1].endswith("总统") for p in posts(ctx))
