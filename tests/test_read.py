"""Readers: front matter, plain WeChat Markdown and saved WeChat HTML, chosen by content."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from kg.model import ReadError, SourceDoc
from kg.read import read_bytes, read_file
from kg.read.decode import UnreadableFile, decode_text

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parents[1]

FRONT_MATTER = """---
title: 发布 | 《中国互联网发展报告（2024）》正式发布
url: https://mp.weixin.qq.com/s?__biz=MzA5&mid=266&idx=4#rd
source: 中国信息安全
date: 2024-07-13
fetch_date: 2025-10-06T17:43:24.923252
---

# 发布 | 《中国互联网发展报告（2024）》正式发布

7月11日，中国互联网协会在京发布报告。
"""

WECHAT_MD = """> **原文链接**: https://mp.weixin.qq.com/s?__biz=MzU4&mid=22&idx=1&sn=d6

#  威胁情报：Solana 开源机器人盗币分析  
原创 慢雾安全团队  慢雾科技   2025-07-21 10:10  
  
正文第一段。  
"""


def test_front_matter_fields():
    doc = read_bytes(FRONT_MATTER.encode(), "a/seed.txt")
    assert doc.shape == "frontmatter"
    assert doc.title == "发布 | 《中国互联网发展报告（2024）》正式发布"
    assert doc.url == "https://mp.weixin.qq.com/s?__biz=MzA5&mid=266&idx=4#rd"
    assert doc.account == "中国信息安全"
    assert doc.date_published == "2024-07-13"
    assert doc.retrieved_at == "2025-10-06T17:43:24.923252"
    assert doc.source_file == "a/seed.txt"
    assert doc.body.startswith("\n# 发布")
    assert "7月11日，中国互联网协会在京发布报告。" in doc.body
    assert "fetch_date" not in doc.body


def test_front_matter_of_the_committed_seeds():
    for path in sorted((REPO / "seeds").iterdir()):
        doc = read_file(path, path.name)
        assert isinstance(doc, SourceDoc), doc
        assert doc.shape == "frontmatter" and doc.account == "中国信息安全"
        assert doc.date_published in ("2024-07-13", "2024-11-22")


def test_wechat_markdown_with_link_line_and_author():
    doc = read_bytes(WECHAT_MD.encode(), "x.md")
    assert doc.shape == "wechat-md"
    assert doc.title == "威胁情报：Solana 开源机器人盗币分析"
    assert doc.url == "https://mp.weixin.qq.com/s?__biz=MzU4&mid=22&idx=1&sn=d6"
    # "原创 AUTHOR  ACCOUNT": the account is the last name, not the author
    assert doc.account == "慢雾科技"
    assert doc.date_published == "2025-07-21"
    assert doc.body.lstrip().startswith("正文第一段。")
    assert "慢雾安全团队" not in doc.body and "原文链接" not in doc.body


@pytest.mark.parametrize("header, account, date", [
    ("Sergiu Gatlan  代码卫士   2023-05-15 17:27  ", "代码卫士", "2023-05-15"),
    (" Z2O安全攻防   2024-03-20 21:35  ", "Z2O安全攻防", "2024-03-20"),
    ("原创 QAX CERT  奇安信 CERT   2022-04-20 14:01  ", "奇安信 CERT", "2022-04-20"),
    (" 奇安信 CERT   2023-02-22 17:13  ", "奇安信 CERT", "2023-02-22"),
    ("长亭技术沙盒  CT Stack 安全社区   2023-04-14 13:59", "CT Stack 安全社区", "2023-04-14"),
    (" 中国信息安全   2025-05-16", "中国信息安全", "2025-05-16"),
])
def test_wechat_markdown_header_variants_without_link(header, account, date):
    text = f"#  通达OA <12.4 反序列化漏洞分析   \n{header}\n  \n正文。\n"
    doc = read_bytes(text.encode(), "x.md")
    assert doc.shape == "wechat-md"
    assert doc.title == "通达OA <12.4 反序列化漏洞分析"
    assert doc.url is None
    assert (doc.account, doc.date_published) == (account, date)
    assert doc.body.strip() == "正文。"


def test_wechat_markdown_without_account_line_keeps_body():
    doc = read_bytes("# 只有标题\n\n第一段。\n".encode(), "x.md")
    assert (doc.title, doc.account, doc.date_published) == ("只有标题", None, None)
    assert "第一段。" in doc.body


def test_wechat_markdown_impossible_date_is_dropped():
    doc = read_bytes("# 标题\n 某公众号   2024-02-30 10:00\n正文\n".encode(), "x.md")
    assert doc.account == "某公众号" and doc.date_published is None


def test_markdown_quoting_html_in_its_body_is_not_html():
    # Real wx articles hold '<head>' in code samples; the format is chosen by how the file starts.
    text = "#  XXE 漏洞原理\n 某公众号   2024-08-01 10:00\n\n```\n<html><head><title>x</title></head>\n```\n"
    doc = read_bytes(text.encode(), "x.md")
    assert doc.shape == "wechat-md" and doc.title == "XXE 漏洞原理"


def test_html_page_metadata_and_body():
    doc = read_file(FIXTURES / "wechat_page.html", "wechat_page.html")
    assert isinstance(doc, SourceDoc), doc
    assert doc.shape == "html"
    assert doc.title == "发布 | 《网络安全产业报告（2024）》&白皮书正式发布"
    assert doc.url == "https://mp.weixin.qq.com/s?__biz=MzA5MzE5MDAzOA==&mid=2664219805&idx=4"
    assert doc.account == "中国信息安全"  # #js_name, not og:article:author (the author)
    assert doc.date_published == "2024-07-13"  # ct 1720857600 = 2024-07-13 16:00 China time
    assert "7月11日，中国网络空间研究院在北京发布《网络安全产业报告（2024）》。" in doc.body
    assert "报告由中国网络空间研究院编写。" in doc.body  # inline tags do not split the sentence
    for chrome in ("阅读原文", "微信扫一扫", "扫码关注", "脚本不是正文", "封面图片说明", "摘要不是正文", "mmbiz", "张三"):
        assert chrome not in doc.body, chrome


def test_html_page_from_inline_js_only():
    doc = read_file(FIXTURES / "wechat_page_js_only.html", "p.html")
    assert isinstance(doc, SourceDoc), doc
    assert doc.title == '漏洞"预警" & 通告'  # \x22 and \x26 escapes
    assert doc.account == "安全&技术"  # \x26amp; -> &amp; -> &
    # create_time 1704038400 is 2023-12-31 16:00 UTC, already 2024-01-01 in China
    assert doc.date_published == "2024-01-01"
    assert doc.body.strip() == "正文第一段。"


def test_format_is_chosen_by_content_not_file_name(tmp_path):
    html = tmp_path / "page.md"
    html.write_bytes((FIXTURES / "wechat_page.html").read_bytes())
    md = tmp_path / "article.html"
    md.write_text(WECHAT_MD, encoding="utf-8")
    fm = tmp_path / "noext"
    fm.write_text(FRONT_MATTER, encoding="utf-8")
    assert read_file(html, "page.md").shape == "html"
    assert read_file(md, "article.html").shape == "wechat-md"
    assert read_file(fm, "noext").shape == "frontmatter"


def test_encodings_utf8_bom_gb18030_utf16():
    text = FRONT_MATTER
    for data in (codecs.BOM_UTF8 + text.encode(), text.encode("gb18030"), text.encode("utf-16"),
                 text.replace("\n", "\r\n").encode()):
        doc = read_bytes(data, "x")
        assert doc.title == "发布 | 《中国互联网发展报告（2024）》正式发布"
        assert doc.account == "中国信息安全"
        assert "\r" not in doc.body


def test_utf8_with_one_damaged_byte_is_not_read_as_gb18030():
    data = bytearray(WECHAT_MD.encode())
    i = data.index("正文".encode())
    data[i] = 0xFF  # one broken sequence in otherwise valid UTF-8
    doc = read_bytes(bytes(data), "x")
    assert doc.title == "威胁情报：Solana 开源机器人盗币分析" and doc.account == "慢雾科技"
    assert "\ufffd" in doc.body


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b" \n\t\n", "empty file"),
    (b"# title\n\x00\x01\x02binary", "NUL"),
    (bytes(range(1, 32)) * 50, "binary"),
    (b"just some text with no header\n", "unknown format"),
    (b"\x81\x30\xff\xfe\x80\x80" * 10, "undecodable"),
])
def test_unreadable_bytes_have_a_reason(data, reason):
    with pytest.raises(UnreadableFile, match=reason):
        read_bytes(data, "x")


@pytest.mark.parametrize("front, reason", [
    ("a: &a [x, x]\nb: &b [*a, *a]\ntitle: t\n", "anchors/aliases"),
    ("title: !!python/object/apply:os.system ['echo hi']\n", "malformed YAML"),
    ("- a list\n- not a mapping\n", "not a mapping"),
    ("just a string", "not a mapping"),
    ("title: [unclosed\n  more: x\n", "malformed YAML"),  # not one `key: value` per line either
    ("title: ok\ndate: 2024-13-45\n", "malformed YAML"),
    ("url: x\n", "no title"),
    ("title: \"\\x01\\x02\"\n", "title is empty"),
    ("title: " + "[" * 5000 + "\n", "nested deeper"),
    ("title: t\nbody: " + "x" * 70000 + "\n", "larger than"),
    ("title: t\nkeys: {" + ", ".join(f"k{i}: v" for i in range(3000)) + "}\n", "larger than"),
])
def test_hostile_front_matter_is_refused(front, reason):
    with pytest.raises(UnreadableFile, match=reason):
        read_bytes(f"---\n{front}\n---\n\n# body\n".encode(), "x")


def test_unclosed_front_matter():
    with pytest.raises(UnreadableFile, match="not closed"):
        read_bytes(b"---\ntitle: x\n\n# body\n", "x")


def test_front_matter_odd_but_harmless_values():
    doc = read_bytes("---\ntitle: 2024\nurl: 'javascript: alert(1) <x>'\nsource: [a, b]\n"
                     "date: not a date\n---\nbody\n".encode(), "x")
    assert doc.title == "2024" and doc.url is None and doc.account is None and doc.date_published is None


def test_header_fields_lose_control_characters_and_line_breaks():
    doc = read_bytes("---\ntitle: \"A\\x07B\\u2028C\\tD\"\nsource: \"acc\\x1b[31m\"\n---\nx\n".encode(), "x")
    assert doc.title == "A B C D" and doc.account == "acc [31m"


def test_read_file_errors(tmp_path):
    big = tmp_path / "big.md"
    big.write_bytes(b"# t\n" + b"x" * 2000)
    err = read_file(big, "big.md", max_bytes=1000)
    assert isinstance(err, ReadError) and "too large" in err.reason and "1000" in err.reason
    assert isinstance(read_file(big, "big.md", max_bytes=5000), SourceDoc)
    missing = read_file(tmp_path / "nope", "nope")
    assert isinstance(missing, ReadError) and "cannot read" in missing.reason


def test_decode_prefers_utf8_then_gb18030():
    assert decode_text("中文".encode("utf-8")) == "中文"
    assert decode_text("中文标题，正文".encode("gb18030")) == "中文标题，正文"
