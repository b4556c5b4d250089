"""Organisations on short sentences written for the test."""
from __future__ import annotations

from kg.clean import clean
from kg.extract import organizations
from kg.extract.context import Context
from kg.model import SourceDoc


def orgs(body: str, account: str | None = None) -> tuple[Context, dict[str, set[str]]]:
    doc = SourceDoc(source_file="t.md", shape="wechat-md", title="标题", body=body, account=account)
    ctx = Context.for_doc(clean(doc))
    organizations.run(ctx)
    return ctx, {m.label: m.alt_labels for m in ctx.mentions if m.type == "Organization"}


def parents(ctx: Context) -> set[tuple[str, str]]:
    label = {m.id: m.label for m in ctx.mentions}
    return {(label[f.subject], label[f.obj[1:]]) for f in ctx.facts if f.prop == "parentOrganization"}


def test_company_suffix_and_front_cut_at_a_boundary_word():
    _, found = orgs("本次活动由南京星河数据科技有限公司和西湖未来研究院联合主办。")
    assert {"南京星河数据科技有限公司", "西湖未来研究院"} <= set(found)


def test_boundary_character_inside_a_company_name_is_not_a_cut():
    _, found = orgs("获奖单位：\n成都云和智能科技有限公司\n")
    assert "成都云和智能科技有限公司" in found


def test_acronym_in_brackets_becomes_an_alt_label():
    _, found = orgs("据国家信息安全漏洞库（CNNVD）统计，漏洞数量上升。")
    assert found == {"国家信息安全漏洞库": {"CNNVD"}}


def test_unit_of_a_university_has_it_as_parent():
    ctx, found = orgs("报告由浙江大学计算机科学与技术学院编写。")
    assert "浙江大学计算机科学与技术学院" in found
    assert ("浙江大学计算机科学与技术学院", "浙江大学") in parents(ctx)


def test_explicit_subsidiary_link():
    ctx, _ = orgs("腾讯旗下玄武实验室发布了研究成果。")
    assert ("玄武实验室", "腾讯") in parents(ctx) or ("腾讯玄武实验室", "腾讯") in parents(ctx)


def test_department_before_a_job_title_is_not_an_organisation():
    _, found = orgs("国家信息中心办公室副主任王明出席。")
    assert set(found) == {"国家信息中心"}


def test_brand_opening_a_clause_and_account_name():
    _, found = orgs("星河安全受邀出席大会。海鸥科技发布公告。", account="海鸥科技")
    assert {"星河安全", "海鸥科技"} <= set(found)


def test_generic_descriptions_are_not_names():
    _, found = orgs("某互联网公司的安全运营中心发现异常，该公司联合多家科技公司成立了数据中心。AI公司纷纷跟进。")
    assert found == {}


def test_chrome_urls_emails_and_cve_ids_give_nothing():
    body = ("![某某有限公司](https://example.com/a.png)\n扫码关注我们的公众号\n"
            "联系 admin@lab-center.com 获取 CVE-2024-12345 详情：https://example.org/研究院\n")
    _, found = orgs(body)
    assert found == {}


def test_product_name_is_not_the_vendor_company():
    _, found = orgs("用户可使用360安全卫士查杀病毒，360度保护终端。")
    assert "360" not in found


def test_acronym_of_another_known_body_does_not_fuse_two_bodies():
    from kg.clean import clean
    from kg.extract import organizations
    from kg.extract.context import Context
    from kg.model import SourceDoc
    body = "国家信息安全漏洞库（CNVD）和国家信息安全漏洞共享平台（CNVD）发布通报。\n"
    ctx = Context.for_doc(clean(SourceDoc(source_file="t.md", shape="wechat-md", title="t", body=body)))
    organizations.run(ctx)
    orgs = {m.label: m.alt_labels for m in ctx.mentions if m.type == "Organization"}
    assert "国家信息安全漏洞库" in orgs and "国家信息安全漏洞共享平台" in orgs
    assert "CNVD" not in orgs["国家信息安全漏洞库"]


def test_national_body_named_after_a_foreign_country_is_not_the_chinese_one():
    from kg.clean import clean
    from kg.extract import organizations
    from kg.extract.context import Context
    from kg.model import SourceDoc
    body = "该漏洞已被美国国家漏洞库收录，国家漏洞库也已发布预警。\n"
    ctx = Context.for_doc(clean(SourceDoc(source_file="t.md", shape="wechat-md", title="t", body=body)))
    organizations.run(ctx)
    cnnvd = [m for m in ctx.mentions if m.label == "国家信息安全漏洞库"]
    assert len(cnnvd) == 1 and len(cnnvd[0].spans) == 1
    assert body.index("国家漏洞库也") == cnnvd[0].spans[0][0]
