"""News-site pages: lenient front matter, outlet names from feed titles, site chrome removed."""
from __future__ import annotations

import pytest

from kg.clean import clean, to_source
from kg.model import SourceDoc
from kg.read import read_bytes
from kg.read.decode import UnreadableFile
from kg.read.outlet import outlet, short_name


def page(front: str, body: str = "正文第一句。\n") -> bytes:
    return f"---\n{front}\n---\n\n{body}".encode()


# --- lenient front matter -------------------------------------------------------------------------

@pytest.mark.parametrize("title", [
    "漏洞通告: 某路由器存在远程执行漏洞",  # an unquoted ': '
    "[周报] 本周安全事件回顾",  # a leading '['
    "@所有人 年度大会报名开启",  # a leading '@'
    "[CTF] 赛题: 简单登录 [Easy]",
])
def test_one_key_per_line_front_matter_is_read_leniently(title):
    doc = read_bytes(page(f"title: {title}\nurl: https://news.example.cn/a/1\nsource: 示例安全网\n"
                          "date: 2024-05-06\nfetch_date: 2025-01-02T03:04:05.5"), "x.md")
    assert doc.title == title
    assert doc.url == "https://news.example.cn/a/1" and doc.account == "示例安全网"
    assert doc.date_published == "2024-05-06" and doc.retrieved_at == "2025-01-02T03:04:05.500000"
    assert doc.read_notes and "leniently" in doc.read_notes[0]


def test_lenient_reading_strips_matching_quotes_only():
    doc = read_bytes(page("title: \"引号: 标题\" \nsource: '它's 站'"), "x.md")
    assert doc.title == "引号: 标题" and doc.account == "它's 站"


def test_plain_yaml_has_no_note():
    assert read_bytes(page("title: 普通标题\nsource: 示例"), "x.md").read_notes == ()


@pytest.mark.parametrize("front, reason", [
    ("title: a: b\n  indented: x", "malformed YAML"),  # not one key per line
    ("title: !!python/object/apply:os.system ['echo hi']", "malformed YAML"),  # refused tag, not syntax
    ("title: ok\ndate: 2024-13-45", "malformed YAML"),
    ("- a: b\n- c", "not a mapping"),
    ("url: a: b", "no title"),
])
def test_real_failures_stay_failures(front, reason):
    with pytest.raises(UnreadableFile, match=reason):
        read_bytes(page(front), "x.md")


def test_lenient_articles_are_listed_in_the_report(tmp_path):
    import json

    from kg.pipeline import BuildConfig, build
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.md").write_bytes(page("title: 分析: 某组织的新型攻击\nsource: 示例安全网",
                                       "某公司发布了报告。\n"))
    summary = build(BuildConfig(inputs=[corpus], out_dir=tmp_path / "out", jobs=1))
    assert summary.articles_failed == 0 and summary.articles_read == 1
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [w["file"] for w in report["warnings"]] == ["a.md"]
    assert "leniently" in report["warnings"][0]["note"]


# --- outlet names ---------------------------------------------------------------------------------

@pytest.mark.parametrize("feed, name", [
    ("示例网-专注网络安全的新媒体", "示例网"),  # name - tagline
    ("AcmeSec网络安全资讯门户", "AcmeSec"),  # Latin name run into a Chinese tagline
    ("AcmeSec安全", "AcmeSec安全"),  # ... but not when the Chinese part is part of the name
    ("晨光 MorningSec – 领先的安全资讯平台,example.cn", "晨光"),  # English rendering and domain dropped
    ("一站式服务平台 | 蓝盾周刊", "蓝盾周刊"),  # the tagline first
    ("360数字安全", "360数字安全"),
    ("安全周刊_最新安全情报", "安全周刊"),
    ("门户平台", "门户平台"),  # nothing looks like a name: the whole title
])
def test_short_names(feed, name):
    assert short_name(feed) == name


def test_outlet_aliases_are_the_feed_title_and_the_site():
    name, aliases = outlet("晨光 MorningSec – 领先的安全资讯平台,example.cn", "https://www.morning.example.org/p/1")
    assert name == "晨光"
    assert aliases == tuple(sorted({"晨光 MorningSec – 领先的安全资讯平台,example.cn", "example.cn",
                                    "morning.example.org"}))


def test_platform_hosts_name_no_outlet():
    assert outlet("某公众号", "https://mp.weixin.qq.com/s?__biz=x") == ("某公众号", ())


def test_known_outlets_take_their_preferred_name():
    name, aliases = outlet("安全客-有思想的安全新媒体", "https://www.anquanke.com/post/id/1")
    assert name == "安全客" and "安全客-有思想的安全新媒体" in aliases and "anquanke.com" in aliases


def test_front_matter_account_is_the_short_name():
    doc = read_bytes(page("title: t\nurl: https://www.example.cn/a\nsource: 示例网-有思想的安全新媒体"), "x.md")
    assert doc.account == "示例网"
    assert doc.account_aliases == ("example.cn", "示例网-有思想的安全新媒体")


# --- site chrome ----------------------------------------------------------------------------------

PAGE = """\
# 某市发布数据安全条例

某市发布数据安全条例 - 示例网

[![](https://www.example.cn/logo.png)](https://www.example.cn)

* [首页](https://www.example.cn)
* [新闻](https://www.example.cn/news)
* [漏洞](https://www.example.cn/vul)

[登录](https://www.example.cn/login)
  |
[注册](https://www.example.cn/register)

# 某市发布数据安全条例

张三
2024-03-02 10:00:00

阅读量 1234

近日，某市人大常委会表决通过了《某市数据安全条例》，条例共七章五十条，将于今年七月一日起正式施行。
条例要求数据处理者建立数据分类分级保护制度，明确了网信部门的统筹协调职责和各行业主管部门的监管职责。
详见[条例全文](https://www.example.cn/law/1)，以及起草说明。

分享到：

* [微信](https://share.example.cn/wx)

### 相关文章

* [另一篇文章的标题](https://www.example.cn/a/2)
* [第三篇文章](https://www.example.cn/a/3)

©2024 示例文化传媒有限公司 京ICP备00000000号-1
"""


def test_site_chrome_is_removed_and_the_body_kept():
    doc = read_bytes(page("title: 某市发布数据安全条例\nsource: 示例网", PAGE), "x.md")
    cd = clean(doc)
    assert "近日，某市人大常委会表决通过了《某市数据安全条例》" in cd.text
    assert "详见条例全文，以及起草说明。" in cd.text
    for chrome in ("首页", "登录", "注册", "阅读量", "分享到", "相关文章", "另一篇文章", "ICP备", "传媒有限公司"):
        assert chrome not in cd.text, chrome
    assert cd.text.count("某市发布数据安全条例") == 1  # the article's own heading, not the page header
    for i, ch in enumerate(cd.text):  # every kept character maps back to itself
        assert doc.body[to_source(cd, i)] == ch


def test_wechat_markdown_is_not_treated_as_a_page():
    body = "#  某公司发布年度报告\n 某公众号   2024-01-01 10:00\n\n* [首页](https://x.cn)\n\n某公司今天发布了年度报告。\n"
    doc = SourceDoc(source_file="x.md", shape="wechat-md", title="某公司发布年度报告", body=body)
    text = clean(doc).text
    assert "首页" in text and "某公司今天发布了年度报告。" in text


def test_footer_marker_does_not_cut_before_the_article():
    body = "# 标题一二三四\n\n相关文章\n\n" + "正文句子，内容充实，说明事实。\n" * 20
    doc = SourceDoc(source_file="x.md", shape="frontmatter", title="标题一二三四", body=body)
    assert "正文句子" in clean(doc).text
