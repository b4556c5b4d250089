"""Pattern functions of scripts/mine_lexicon.py, on sentences written for these tests."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import rjieba

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "mine_lexicon.py"


@pytest.fixture(scope="module")
def ml():
    spec = importlib.util.spec_from_file_location("mine_lexicon", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["mine_lexicon"] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rules(ml):
    return ml.load_rules()


@pytest.fixture(scope="module")
def jieba():
    return rjieba.Jieba()


def names(ml, jieba, rules, text: str, kind: str = "orgs") -> set[str]:
    finds = ml.mine_text(text, jieba, rules)
    return {hit.name for hit in getattr(finds, kind)}


def test_tokens_carry_offsets(ml, jieba):
    text = "清华大学发布了新报告。"
    tokens = ml.tokenize(jieba, text)
    assert all(text[start:start + len(word)] == word for word, _, start in tokens)


def test_suffix_name_stops_at_verbs(ml, jieba, rules):
    found = names(ml, jieba, rules, "专家昨天前往上海市通信管理局调研，随后莅临上海谋乐网络科技有限公司。")
    assert "上海市通信管理局" in found
    assert "上海谋乐网络科技有限公司" in found
    assert not any(n.startswith(("前往", "莅临", "调研")) for n in found)


def test_suffix_name_needs_a_specific_prefix(ml, jieba, rules):
    found = names(ml, jieba, rules, "这家网络安全公司成立了数据中心和研究院。")
    assert found == set()


def test_generic_front_is_stripped(ml, jieba, rules):
    found = names(ml, jieba, rules, "网络安全企业深信服科技股份有限公司今天公布财报。")
    assert "深信服科技股份有限公司" in found


def test_latin_names_with_cues(ml, jieba, rules):
    text = ("安全公司Acmeshield的研究人员发现了漏洞，Zentrix公司随后证实。"
            "据Daily Wire报道，Norvex Labs和Ostrava 集团也参与了调查。")
    found = names(ml, jieba, rules, text)
    assert {"Acmeshield", "Zentrix", "Daily Wire", "Norvex Labs", "Ostrava 集团"} <= found


def test_latin_product_run_is_not_an_org(ml, jieba, rules):
    found = names(ml, jieba, rules, "用户可以在 10 for x64-based Systems 上安装补丁。")
    assert found == set()


def test_weak_cue_is_marked(ml, jieba, rules):
    finds = ml.mine_text("Quillon发布了新版本。", jieba, rules)
    assert [(h.name, h.cue) for h in finds.orgs] == [("Quillon", "latin-weak")]


def test_acronym_pairs(ml, jieba, rules):
    text = ("国家互联网应急中心（CNCERT）与Federal Cyber Defense Agency (FCDA)签署协议，"
            "Windows Defender Application Control (WDAC)不算。")
    finds = ml.mine_text(text, jieba, rules)
    assert ("CNCERT", "国家互联网应急中心") in finds.aliases
    assert ("FCDA", "Federal Cyber Defense Agency") in finds.aliases
    assert all(short != "WDAC" for short, _ in finds.aliases)


def test_brand_before_company(ml, jieba, rules):
    finds = ml.mine_text("比亚迪公司宣布扩产，这家科技公司很有名。", jieba, rules)
    assert {h.name for h in finds.brands} == {"比亚迪"}


def test_brand_of_any_tag_and_after_a_common_noun(ml, jieba, rules):
    finds = ml.mine_text("行业巨头谷歌公司和滴滴公司都表态了，联想集团也是。", jieba, rules)
    assert {"谷歌", "滴滴", "联想"} <= {h.name for h in finds.brands}


def test_brand_tail_of_longer_name_is_no_brand(ml, jieba, rules):
    finds = ml.mine_text("奇安信公司发布了报告。", jieba, rules)
    assert "安信" not in {h.name for h in finds.brands}


def test_cut_off_tails(ml, jieba):
    kept = {"联网科技有限公司": 3, "利时信息安全研究院": 3, "哈佛大学": 3, "清华大学": 3}
    longer = {"杭州互联网科技有限公司": 2, "深圳互联网科技有限公司": 1, "比利时信息安全研究院": 5, "美国哈佛大学": 9,
              "北京清华大学": 1}
    assert ml.cut_off_tails(kept, longer, jieba) == {"联网科技有限公司", "利时信息安全研究院"}
    # A tail found by itself more often than inside the longer names stays.
    assert ml.cut_off_tails({"联网科技有限公司": 9}, longer, jieba) == set()


def test_latin_products_and_short_words(ml, rules):
    strong = ml.Evidence(10, True, None, 10)
    weak = ml.Evidence(3, True, None, 3)
    orgs = {"Zentrix", "Quillon", "Apache"}
    assert ml.latin_drop_reason("Zentrix Browser", strong, orgs, rules) == "latin-product"
    assert ml.latin_drop_reason("Apache Vaultbox", strong, orgs, rules) == "latin-brand-product"
    assert ml.latin_drop_reason("Quillon Vaultbox", strong, orgs, rules) is None
    assert ml.latin_drop_reason("Apache Labs", strong, orgs, rules) is None
    assert ml.latin_drop_reason("Hacking Group", strong, orgs, rules) == "latin-generic"
    assert ml.latin_drop_reason("CTF 团队", strong, orgs, rules) == "latin-generic"
    assert ml.latin_drop_reason("SOC团队", strong, orgs, rules) == "latin-generic"
    assert ml.latin_drop_reason("Zentrix 团队", strong, orgs, rules) is None
    assert ml.latin_drop_reason("Zorb", weak, orgs, rules) == "latin-short"  # only seen as a bracketed acronym
    assert ml.latin_drop_reason("Zorb", ml.Evidence(3, True, None, 3, True), orgs, rules) is None
    assert ml.latin_drop_reason("Zorb", strong, orgs, rules) is None
    assert ml.latin_drop_reason("Steam", strong, orgs, rules) == "latin-product"


def test_foreign_given_names(ml, rules):
    assert ml.foreign_given_name("汤姆", rules)
    assert ml.foreign_given_name("罗斯", rules)
    assert not ml.foreign_given_name("张卓", rules)
    assert not ml.foreign_given_name("李娜", rules)


def test_standalone_brand_words(ml, jieba, rules):
    finds = ml.mine_text("比亚迪今年销量很高。", jieba, rules)
    assert "比亚迪" in finds.alone


def test_people_after_titles(ml, jieba, rules):
    found = names(ml, jieba, rules, "该公司副总裁张卓表示，CEO Marta Lindqvist 称。创始人马克·吐温说。",
                  kind="people")
    assert "张卓" in found
    assert "Marta Lindqvist" in found
    assert "马克" not in found


def test_mostly_generic(ml, jieba, rules):
    assert ml.mostly_generic("美国数据中心", jieba, rules)
    assert ml.mostly_generic("集团股份有限公司", jieba, rules)
    assert not ml.mostly_generic("英国国家网络安全中心", jieba, rules)
    assert ml.mostly_generic("中央委员会", jieba, rules)
    assert ml.mostly_generic("国家实验室", jieba, rules)
    assert not ml.mostly_generic("国家数据局", jieba, rules)


def test_chrome_hits_do_not_count(ml, rules):
    # Five articles of one outlet repeat the name in the same words (a sidebar): one piece of evidence.
    entries = {a: [False, {"suffix"}, {123}] for a in range(5)}
    outlets = ["站点"] * 100
    ev = ml.evidence(entries, outlets, {"站点": 100}, rules, frozenset({"suffix"}))
    assert ev.articles == 1
    footer = {a: [True, {"suffix"}, {a}] for a in range(5)}
    assert ml.evidence(footer, outlets, {"站点": 100}, rules, frozenset({"suffix"})).dropped_as == "footer"


def test_latin_names_mostly_written_as_software_are_products(ml, rules):
    # Made-up names: Zorblat is followed by software words (插件, 镜像) in three articles, Quuxsec by a
    # company's words only; a vendor followed by 漏洞 is not counted as software.
    articles = [
        ("a", "x", "安装 Zorblat 插件后扫描。Quuxsec公司表示。"),
        ("b", "x", "拉取Zorblat镜像。Quuxsec 漏洞已修复。"),
        ("c", "x", "Zorblat 服务器被攻陷。"),
        ("d", "x", "Zorblat公司发布公告。"),
    ]
    tally = ml.Tally()
    for i, (_, _, text) in enumerate(articles):
        tally.add([ml.Hit("Zorblat", text.find("Zorblat"), "latin"), ml.Hit("Quuxsec", max(0, text.find("Quuxsec")), "latin")],
                  i, text, rules)
    counts = ml.product_articles(articles, tally, rules)
    assert counts["Zorblat"] == 3
    assert counts["Quuxsec"] == 0
