"""Markdown with a YAML front matter block (title, url, source, date, fetch_date)."""
from __future__ import annotations

import datetime as dt
import re

import yaml

from kg.read.decode import UnreadableFile

FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
MAX_FRONT_MATTER = 16 * 1024  # characters; real front matter is a few hundred
MAX_FLOW_DEPTH = 16  # PyYAML is quadratic in the nesting of [ and {: "[" * 5000 takes seconds


OPENING = re.compile(r"\A---[ \t]*\r?\n")


def detect(text: str) -> bool:
    """Starts with a '---' line: front matter (parse() says so when it is never closed)."""
    return OPENING.match(text) is not None


def parse(text: str) -> dict:
    m = FRONT_MATTER.match(text)
    if not m:
        raise UnreadableFile("front matter not closed by '---'")
    block = m.group(1)
    if len(block) > MAX_FRONT_MATTER:
        raise UnreadableFile(f"front matter larger than {MAX_FRONT_MATTER} bytes")
    if _flow_depth(block) > MAX_FLOW_DEPTH:
        raise UnreadableFile(f"malformed YAML front matter: nested deeper than {MAX_FLOW_DEPTH} levels")
    meta = _load(block)
    if not isinstance(meta, dict):
        kind = "empty" if meta is None else f"a {type(meta).__name__}"
        raise UnreadableFile(f"front matter is not a mapping (it is {kind})")
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


def _flow_depth(block: str) -> int:
    """Deepest nesting of [ and { (an upper bound: brackets inside strings count too)."""
    depth = deepest = 0
    for ch in re.findall(r"[\[\]{}]", block):
        depth = depth + 1 if ch in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


def _load(block: str):
    """yaml.safe_load, refusing anchors and aliases (no use in article metadata, and they can expand
    exponentially) and turning every failure into a one-line reason."""
    try:
        for event in yaml.parse(block, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise UnreadableFile("front matter uses YAML anchors/aliases")
        return yaml.safe_load(block)
    except UnreadableFile:
        raise
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1} of the front matter)" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise UnreadableFile(f"malformed YAML front matter: {problem}{where}") from None
    except RecursionError:
        raise UnreadableFile("malformed YAML front matter: nested too deeply") from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. date: 2024-13-45
        raise UnreadableFile(f"malformed YAML front matter: {type(exc).__name__}: {exc}") from None


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
