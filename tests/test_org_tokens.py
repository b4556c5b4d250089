"""Organisation names cut on token boundaries, lists, Latin names with cues, '<parent><unit>' names."""
from __future__ import annotations

from kg.clean import clean
from kg.extract import org_lists, organizations
from kg.extract.context import Context
from kg.model import SourceDoc


def orgs(body: str) -> tuple[Context, set[str]]:
    doc = SourceDoc(source_file="t.md", shape="wechat-md", title="标题", body=body)
    ctx = Context.for_doc(clean(doc))
    organizations.run(ctx)
    org_lists.run(ctx)
    return ctx, {m.label for m in ctx.mentions if m.type == "Organization"}


def parents(ctx: Context) -> set[tuple[str, str]]:
    label = {m.id: m.label for m in ctx.mentions}
    return {(label[f.subject], label[f.obj[1:]]) for f in ctx.facts if f.prop == "parentOrganization"}


def test_a_leading_verb_is_not_part_of_the_name():
    _, found = orgs("专家解读南湖市数据管理局最新规定。")
    assert "南湖市数据管理局" in found
    assert not any("解读" in n for n in found)


def test_a_clause_before_a_company_is_cut_at_its_verb():
    _, found = orgs("某市通信管理局领导一行莅临杭州星云网络科技有限公司调研。")
    assert "杭州星云网络科技有限公司" in found
    assert not any("莅临" in n for n in found)


def test_a_name_starts_on_a_word_start():
    _, found = orgs("近日，贵港市网信办对一家公司作出处罚。")
    assert "贵港市网信办" in found


def test_a_title_word_is_not_cut_into_an_organisation():
    _, found = orgs("会上，公安部党委委员、副部长作了讲话。")
    assert "公安部党委" not in found


def test_list_with_a_known_company_makes_its_items_companies():
    _, found = orgs("比亚迪、华为和腾讯等企业参加了活动。")
    assert {"比亚迪", "华为", "腾讯"} <= found


def test_latin_names_with_cues():
    _, found = orgs("安全公司Zentrix发现了漏洞。Blue Harbor Labs 发布报告，Orvex公司的研究人员称。")
    assert {"Zentrix", "Blue Harbor Labs", "Orvex"} <= found


def test_latin_name_with_a_kept_suffix():
    _, found = orgs("英国的 QRS 集团 发布了年度报告。")
    assert "QRS 集团" in found


def test_latin_product_words_are_not_organisations():
    _, found = orgs("公司Windows系统存在漏洞。")
    assert "Windows" not in found


def test_a_unit_named_after_its_parent_belongs_to_it():
    ctx, found = orgs("奇安信发布报告。奇安信代码安全实验室负责研究。")
    assert ("奇安信代码安全实验室", "奇安信") in parents(ctx) or ("奇安信代码安全实验室", "奇安信集团") in parents(ctx)


def test_a_legal_form_after_a_brand_is_no_unit():
    ctx, _ = orgs("星河科技发布公告。星河科技股份有限公司表示。")
    assert not any(child == "星河科技股份有限公司" for child, _ in parents(ctx))


def test_threat_actor_designations_are_groups():
    _, found = orgs("研究人员将此次攻击归因于APT41，另一起与UAC-0099有关。")
    assert {"APT41", "UAC-0099"} <= found


def test_latin_names_of_several_words_in_a_list_with_a_known_company():
    _, found = orgs("微软、Blue Canyon 和 Orvex 都修复了漏洞。")
    assert {"Blue Canyon", "Orvex"} <= found


def test_a_latin_name_before_a_job_title_is_the_employer():
    _, found = orgs("Zentrix 高级研究员李明表示，Orvex的首席执行官也出席了。")
    assert {"Zentrix", "Orvex"} <= found


def test_a_list_of_products_is_not_a_list_of_companies():
    _, found = orgs("微软发布更新。基于该内核的浏览器如Zentra、Orvex和Quill都受影响。")
    assert not {"Zentra", "Orvex", "Quill"} & found


def test_a_piece_of_a_longer_latin_phrase_is_no_name():
    _, found = orgs("该协议全称 Routing for Low-Power and Lossy Networks 公司无关。研究团队使用 Google Analytics 工具。")
    assert "Lossy Networks" not in found and "Analytics" not in found


def test_descriptions_with_some_or_a_count_are_not_names():
    _, found = orgs("浙江省某科技公司和全球多所大学参与了测试，中国电子科技集团公司第十五研究所也参加了。")
    assert not any("某" in n or "多所" in n for n in found)
    assert "中国电子科技集团公司第十五研究所" in found


def test_a_parent_company_named_after_its_subsidiary():
    from kg.extract import org_parents

    ctx, _ = orgs("微软及其母公司 Orvex Holdings 发布声明。")
    org_parents.run(ctx)
    assert ("微软", "Orvex Holdings") in parents(ctx)


def test_a_list_item_after_the_enumeration_comma_keeps_its_verb_tagged_first_word():
    # 中移 is an unknown brand the segmenter tags as a verb; after 、 a list item starts, not a predicate.
    _, found = orgs("研究员李明、中移互联网有限公司副总经理王强出席。")
    assert "中移互联网有限公司" in found
    # A verb after a plain comma still opens a predicate: 发布 is no part of the name.
    _, found = orgs("会议结束后，发布南湖市数据管理局的新规定。")
    assert "南湖市数据管理局" in found and not any(name.startswith("发布") for name in found)


def test_news_media_are_organisations_by_general_knowledge():
    ctx, found = orgs("据新华社报道，人民网总编辑王强表示，人民网络安全意识需要提高。")
    assert {"新华通讯社", "人民网"} <= found
    assert "新华社" in next(m for m in ctx.mentions if m.label == "新华通讯社").alt_labels
    assert len([s for m in ctx.mentions if m.label == "人民网" for s in m.spans]) == 1  # not 人民网|络
