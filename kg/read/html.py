"""A saved WeChat article page (mp.weixin.qq.com/s?...): metadata from meta tags and inline JS, body from #js_content."""
from __future__ import annotations

import datetime as dt
import html
import re

from bs4 import BeautifulSoup, CData, NavigableString, Tag

from kg.read.decode import UnreadableFile

CHINA_TZ = dt.timezone(dt.timedelta(hours=8))
# var NAME = "…" (or '…', or htmlDecode("…")); group 2 is the literal's body, escapes included.
JS_VAR = r"\bvar\s+{name}\s*=\s*(?:htmlDecode\()?\s*([\"'])((?:\\.|(?!\1)[^\\\n])*)\1"
# The most elements a page may have (a saved WeChat article has a few thousand): see _check_size.
MAX_ELEMENTS = 100_000
_START_TAG = re.compile(r"<[A-Za-z]")
SKIPPED_TAGS = {"script", "style"}
BLOCK_TAGS = {"p", "div", "section", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "blockquote", "pre"}


def detect(text: str) -> bool:
    """A page starts with markup ('<!DOCTYPE html>', '<html', a comment...) and has an html/head/body tag.

    Markdown that merely quotes HTML in its body (code samples) does not start with '<'.
    """
    head = text[:4096].lstrip("\ufeff \t\r\n").lower()
    return head.startswith("<") and any(tag in head for tag in ("<!doctype html", "<html", "<head", "<body"))


def parse(text: str) -> dict:
    _check_size(text)
    soup = BeautifulSoup(text, "lxml")
    title = (_meta(soup, "og:title") or _element_text(soup, id="activity-name")
             or _js_var(text, "msg_title") or (soup.title.get_text(strip=True) if soup.title else None))
    if not title:
        raise UnreadableFile("HTML page without a title")
    account = (_element_text(soup, id="js_name") or _element_text(soup, class_="profile_nickname")
               or _js_var(text, "nickname"))
    content = soup.find(id="js_content") or soup.find(class_="rich_media_content") or soup.body
    return {
        "title": title,
        "url": _meta(soup, "og:url") or _js_var(text, "msg_link"),
        "account": account,
        "date_published": _publish_date(text, soup),
        "retrieved_at": None,
        "body": _block_text(content) if content is not None else "",
    }


def _check_size(text: str) -> None:
    """Refuse a page with more elements than MAX_ELEMENTS before building its tree.

    Why: BeautifulSoup builds about 10-15k elements a second, so a 20 MB page of tags (flat or nested
    a million deep) would hold a worker for minutes; a saved article page has a few thousand. Start tags
    are counted by a regex that stops as soon as the limit is passed.
    """
    for n, _ in enumerate(_START_TAG.finditer(text), 1):
        if n > MAX_ELEMENTS:
            raise UnreadableFile(f"HTML page with more than {MAX_ELEMENTS:,} elements (the reader's limit)")


def _meta(soup: BeautifulSoup, prop: str) -> str | None:
    tag = soup.find("meta", attrs={"property": prop}) or soup.find("meta", attrs={"name": prop})
    value = tag.get("content", "").strip() if tag else ""
    return value or None


def _element_text(soup: BeautifulSoup, **attrs) -> str | None:
    tag = soup.find(**attrs)
    value = tag.get_text(" ", strip=True) if tag else ""
    return value or None


def _js_var(text: str, name: str) -> str | None:
    m = re.search(JS_VAR.format(name=re.escape(name)), text)
    if not m:
        return None
    value = html.unescape(_js_unescape(m.group(2))).strip()
    return value or None


def _js_unescape(raw: str) -> str:
    """The escapes of a JS string literal: \\xHH, \\uHHHH, \\n and friends, \\<char>."""
    def one(m: re.Match) -> str:
        esc = m.group(1)
        if esc[0] in "xu":
            return chr(int(esc[1:], 16))
        return {"n": "\n", "t": "\t", "r": "", "b": "", "f": "", "v": "", "0": ""}.get(esc, esc)
    text = re.sub(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)", one, raw, flags=re.S)
    # "\ud83d\ude00" is one emoji: join surrogate pairs, replace lone surrogates by U+FFFD.
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _publish_date(text: str, soup: BeautifulSoup) -> str | None:
    for name in ("ct", "create_time"):
        value = _js_var(text, name)
        if value and value.isdigit() and len(value) <= 11:
            try:
                return dt.datetime.fromtimestamp(int(value), CHINA_TZ).date().isoformat()
            except (OverflowError, OSError, ValueError):
                pass
    shown = _element_text(soup, id="publish_time")
    m = re.search(r"(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})", shown or "")
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
        except ValueError:
            return None
    return None


def _block_text(node) -> str:
    """Text of a body element with one line per block, without scripts, styles and images.

    One pass over the element's descendants in document order, keeping the stack of open elements
    (each pushed and popped once): linear in the page, however deep it nests. (Inserting line breaks
    into the tree, as before, cost the depth of the subtree per block: minutes on deep pages.)
    """
    pieces: list[str] = []
    open_tags: list = [node]  # the ancestors of the current element, `node` first
    skipping = 0  # how many of them are script/style (their text is not the article's)
    for item in node.descendants:
        while len(open_tags) > 1 and item.parent is not open_tags[-1]:
            closed = open_tags.pop()
            skipping -= closed.name in SKIPPED_TAGS
            if closed.name in BLOCK_TAGS:
                pieces.append("\n")
        if isinstance(item, Tag):
            if item.name in BLOCK_TAGS:
                pieces.append("\n")
            open_tags.append(item)
            skipping += item.name in SKIPPED_TAGS
        elif not skipping and type(item) in (NavigableString, CData):
            pieces.append(str(item))
    text = "".join(pieces)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line) + "\n"
