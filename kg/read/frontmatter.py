"""Markdown with a YAML front matter block (title, url, source, date, fetch_date)."""
from __future__ import annotations

import datetime as dt
import re

import yaml

from kg.read.decode import UnreadableFile

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
MAX_FRONT_MATTER = 64 * 1024


def detect(text: str) -> bool:
    return text.startswith("---") and FRONT_MATTER.match(text) is not None


def parse(text: str) -> dict:
    m = FRONT_MATTER.match(text)
    if not m:
        raise UnreadableFile("front matter not closed by '---'")
    block = m.group(1)
    if len(block) > MAX_FRONT_MATTER:
        raise UnreadableFile(f"front matter larger than {MAX_FRONT_MATTER} bytes")
    if "&" in block and "*" in block and re.search(r"(^|[\s:\[{,])&\w", block):
        # Anchors/aliases have no use in article metadata and can expand exponentially.
        raise UnreadableFile("front matter uses YAML anchors/aliases")
    try:
        meta = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        reason = str(exc).splitlines()[0]
        raise UnreadableFile(f"malformed YAML front matter: {reason}") from None
    if not isinstance(meta, dict):
        raise UnreadableFile("front matter is not a mapping")
    title = _text(meta.get("title"))
    if not title:
        raise UnreadableFile("front matter has no title")
    return {
        "title": title,
        "url": _text(meta.get("url")),
        "account": _text(meta.get("source")),
        "date_published": _date(meta.get("date")),
        "retrieved_at": _datetime(meta.get("fetch_date")),
        "body": text[m.end():],
    }


def _text(value) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    value = str(value).strip()
    return value or None


def _date(value) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _text(value)
    if text and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text[:10]):
        try:
            return dt.date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            return None
    return None


def _datetime(value) -> str | None:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None).isoformat()
    text = _text(value)
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text).replace(tzinfo=None).isoformat()
    except ValueError:
        return None
