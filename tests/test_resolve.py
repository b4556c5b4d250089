"""Cross-corpus identity: one node per real thing, never one node for two things."""
from __future__ import annotations

from kg.model import ArticleResult, Fact, Mention, PostValue, SourceDoc
from kg.resolve import resolve

BASE = "https://example.org/id/"


def article(name: str, mentions: list[Mention], facts: list[Fact] = (), account: str | None = None) -> ArticleResult:
    doc = SourceDoc(source_file=name, shape="wechat-md", title=name, body="", account=account)
    return ArticleResult(doc=doc, mentions=mentions, facts=list(facts))


def m(id_: str, type_: str, label: str, *alts: str) -> Mention:
    return Mention(id=id_, type=type_, label=label, alt_labels=set(alts))


def iri(res, source: str, mention_id: str) -> str:
    return res.mention_iri[(source, mention_id)]


def test_same_title_by_different_publishers_gives_two_reports():
    a = article("a.md", [m("r1", "Report", "中国互联网发展报告（2024）", "中国互联网发展报告2024"),
                         m("o1", "Organization", "中国互联网协会")], [Fact("r1", "publisher", "@o1")])
    b = article("b.md", [m("r1", "Report", "中国互联网发展报告2024"), m("o1", "Organization", "中国网络空间研究院")],
                [Fact("r1", "publisher", "@o1")])
    res = resolve([a, b], BASE)
    assert iri(res, "a.md", "r1") != iri(res, "b.md", "r1")
    assert len([e for e in res.entities.values() if e.type == "Report"]) == 2


def test_unqualified_report_joins_the_single_published_report_of_its_title():
    a = article("a.md", [m("r1", "Report", "甲报告2024"), m("o1", "Organization", "乙研究院")],
                [Fact("r1", "publisher", "@o1")])
    b = article("b.md", [m("r1", "Report", "甲报告2024")])
    res = resolve([a, b], BASE)
    assert iri(res, "a.md", "r1") == iri(res, "b.md", "r1")


def test_unqualified_report_stays_apart_when_its_title_is_ambiguous():
    a = article("a.md", [m("r1", "Report", "甲报告"), m("o1", "Organization", "乙")], [Fact("r1", "publisher", "@o1")])
    b = article("b.md", [m("r1", "Report", "甲报告"), m("o1", "Organization", "丙")], [Fact("r1", "publisher", "@o1")])
    c = article("c.md", [m("r1", "Report", "甲报告")])
    res = resolve([a, b, c], BASE)
    assert len({iri(res, s, "r1") for s in ("a.md", "b.md", "c.md")}) == 3


def test_organisation_in_many_articles_is_one_node_with_every_surface_form():
    arts = [article(f"{i}.md", [m("o1", "Organization", "国家信息安全漏洞库", "CNNVD")]) for i in range(5)]
    arts.append(article("x.md", [m("o1", "Organization", "CNNVD")]))
    res = resolve(arts, BASE)
    nodes = {iri(res, a.doc.source_file, "o1") for a in arts}
    assert len(nodes) == 1
    ent = res.entities[nodes.pop()]
    assert ent.label == "国家信息安全漏洞库" and "CNNVD" in ent.alt_labels and len(ent.articles) == 6


def test_short_name_merges_with_the_one_full_company_name():
    a = article("a.md", [m("o1", "Organization", "深信服")])
    b = article("b.md", [m("o1", "Organization", "深信服科技股份有限公司")])
    c = article("c.md", [m("o1", "Organization", "深信服千里目安全技术中心")])
    res = resolve([a, b, c], BASE)
    assert iri(res, "a.md", "o1") == iri(res, "b.md", "o1")
    assert iri(res, "a.md", "o1") != iri(res, "c.md", "o1")


def test_short_name_merges_with_a_full_name_that_starts_with_its_city():
    a = article("a.md", [m("o1", "Organization", "安恒信息")])
    b = article("b.md", [m("o1", "Organization", "杭州安恒信息技术股份有限公司")])
    res = resolve([a, b], BASE)
    assert iri(res, "a.md", "o1") == iri(res, "b.md", "o1")


def test_short_name_with_two_possible_full_names_is_not_merged():
    a = article("a.md", [m("o1", "Organization", "甲乙")])
    b = article("b.md", [m("o1", "Organization", "甲乙科技有限公司")])
    c = article("c.md", [m("o1", "Organization", "甲乙集团")])
    res = resolve([a, b, c], BASE)
    assert len({iri(res, s, "o1") for s in ("a.md", "b.md", "c.md")}) == 3


def test_people_merge_by_name_across_articles_whatever_their_posts():
    def person_in(src, org):
        return article(src, [m("p1", "Person", "王伟"), m("o1", "Organization", org)],
                       [Fact("p1", "post", PostValue("处长", "@o1"))])
    res = resolve([person_in("a.md", "甲中心"), person_in("b.md", "乙中心")], BASE)
    assert iri(res, "a.md", "p1") == iri(res, "b.md", "p1")


def test_account_is_an_organisation_shared_with_mentions_of_it():
    a = article("a.md", [m("o1", "Organization", "中国信息安全")], account="中国信息安全")
    b = article("b.md", [], account="中国信息安全")
    res = resolve([a, b], BASE)
    assert iri(res, "a.md", "o1") == iri(res, "a.md", "_account") == iri(res, "b.md", "_account")


def test_resolution_does_not_depend_on_input_order():
    arts = [article(f"{i}.md", [m("o1", "Organization", n)]) for i, n in enumerate(["甲", "甲集团", "乙", "乙公司"])]
    forward = resolve(arts, BASE)
    backward = resolve(list(reversed(arts)), BASE)
    assert forward.mention_iri == backward.mention_iri
    assert {k: (e.label, e.alt_labels) for k, e in forward.entities.items()} == \
           {k: (e.label, e.alt_labels) for k, e in backward.entities.items()}


def event(id_: str, label: str, *alts: str, **attrs: str) -> Mention:
    return Mention(id=id_, type="Event", label=label, alt_labels=set(alts), attrs=dict(attrs))


def test_two_editions_of_one_series_stay_apart_and_compatible_forms_merge():
    a = article("a.md", [event("e1", "2024（第二十三届）中国互联网大会", "中国互联网大会", year="2024", edition="23")])
    b = article("b.md", [event("e1", "2024中国互联网大会", "中国互联网大会", year="2024")])
    c = article("c.md", [event("e1", "2023（第二十二届）中国互联网大会", "中国互联网大会", year="2023", edition="22")])
    res = resolve([a, b, c], BASE)
    assert iri(res, "a.md", "e1") == iri(res, "b.md", "e1") != iri(res, "c.md", "e1")


def test_undated_event_joins_the_single_dated_event_of_its_name_only():
    a = article("a.md", [event("e1", "2024年甲峰会", "甲峰会", year="2024")])
    b = article("b.md", [event("e1", "甲峰会")])
    res = resolve([a, b], BASE)
    assert iri(res, "a.md", "e1") == iri(res, "b.md", "e1")
    c = article("c.md", [event("e1", "2023年甲峰会", "甲峰会", year="2023")])
    res = resolve([a, b, c], BASE)
    assert len({iri(res, s, "e1") for s in ("a.md", "b.md", "c.md")}) == 3


def test_an_alias_used_for_two_different_bodies_links_neither():
    a = article("a.md", [m("o1", "Organization", "国家信息安全漏洞库", "国家漏洞库")])
    b = article("b.md", [m("o1", "Organization", "美国国家漏洞数据库", "国家漏洞库", "NVD")])
    c = article("c.md", [m("o1", "Organization", "国家漏洞库")])
    d = article("d.md", [m("o1", "Organization", "NVD")])
    res = resolve([a, b, c, d], BASE)
    assert iri(res, "a.md", "o1") != iri(res, "b.md", "o1")
    assert iri(res, "c.md", "o1") not in {iri(res, "a.md", "o1"), iri(res, "b.md", "o1")}
    assert iri(res, "d.md", "o1") == iri(res, "b.md", "o1")  # NVD stands for one body only
