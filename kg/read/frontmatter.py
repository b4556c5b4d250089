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
# One `key: value` per line, as the crawl writes it (a value may be empty).
KEY_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(?:[ \t]+(.*))?")
LENIENT_NOTE = "front matter read leniently (one 'key: value' per line)"


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
    notes: tuple[str, ...] = ()
    try:
        meta = _load(block)
    except _SyntaxError as exc:
        # Titles with an unquoted ': ', a leading '[' or '@' are not YAML, yet the crawl writes one
        # key per line: read them line by line rather than lose the article.
        meta = _lenient(block)
        if meta is None:
            raise UnreadableFile(str(exc)) from None
        notes = (f"{LENIENT_NOTE}: {exc}",)
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
        "read_notes": notes,
    }


class _SyntaxError(UnreadableFile):
    """The front matter is not YAML syntax (as opposed to YAML that constructs to something refused)."""


def _lenient(block: str) -> dict | None:
    """One `key: value` per line, split at the first ': ', matching quotes stripped; None when a
    non-blank line is not of that shape (then the front matter really is malformed)."""
    meta: dict[str, str] = {}
    for line in block.split("\n"):
        line = line.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = KEY_LINE.fullmatch(line.rstrip())
        if not m:
            return None
        value = (m.group(2) or "").strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        meta.setdefault(m.group(1), value)
    return meta or None


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
        # Scanner/parser errors are syntax (a lenient reading may recover); a refused tag is not.
        syntax = isinstance(exc, (yaml.scanner.ScannerError, yaml.parser.ParserError))
        raise (_SyntaxError if syntax else UnreadableFile)(f"malformed YAML front matter: {problem}{where}") from None
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
