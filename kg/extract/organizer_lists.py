"""Organiser lists: '主办单位：A、B' on one line, or a heading line followed by one organisation per line
(承办单位：\n1、A：\n<description>\n2、B：…). They name the organisers of the article's main event.

Role headings that are not organisers (指导单位, 支持单位, 协办单位, 媒体支持) end a list; so does any other
short heading line. An item line under an organiser heading names an organisation even when no other
extractor found it: the heading says what it is.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from kg import rules
from kg.extract.context import Context
from kg.model import Mention


@dataclass(frozen=True)
class ListRules:
    head: re.Pattern  # an organiser heading at the start of a line: 主办单位：
    other_head: re.Pattern  # any other role heading (指导单位：), which ends a list
    item: re.Pattern  # one list item line: 1、A： (group 'name')
    separators: re.Pattern  # between names on one line: 、 ， ;
    max_lines: int  # how many lines after a heading may hold its items
    max_item_length: int
    acronym_aside: re.Pattern  # a bracketed acronym after a name (（GitCode）), set aside


@lru_cache(maxsize=1)
def list_rules() -> ListRules:
    data = rules.require(rules.load("relations"), "relations", "organizer_lists", dict)
    need = lambda key, kind=str: rules.require(data, "relations.organizer_lists", key, kind)  # noqa: E731
    return ListRules(head=re.compile(need("head")), other_head=re.compile(need("other_head")),
                     item=re.compile(need("item")), separators=re.compile(need("separators")),
                     max_lines=int(need("max_lines", int)), max_item_length=int(need("max_item_length", int)),
                     acronym_aside=re.compile(need("acronym_aside")))


def organizers(ctx: Context, main_event: Callable[[], Mention | None]) -> set[int]:
    """Add organizer facts from organiser lists; returns the start offsets of the lines used (so the
    sentence-level rules skip them)."""
    r = list_rules()
    used: set[int] = set()
    lines = list(_lines(ctx.text))
    i = 0
    while i < len(lines):
        start, end = lines[i]
        head = r.head.match(ctx.text, start, end)
        if head is None:
            i += 1
            continue
        event = main_event()
        used.add(start)
        rest = (head.end(), end)
        if ctx.text[rest[0]:rest[1]].strip():
            _add(ctx, event, _names_on_line(ctx, r, *rest))
            i += 1
            continue
        i = _items_below(ctx, r, lines, i, event, used)
    return used


def _items_below(ctx: Context, r: ListRules, lines: list[tuple[int, int]], i: int, event: Mention | None,
                 used: set[int]) -> int:
    """A heading on its own line: one organisation per item line below it. Lines between numbered items
    describe the item before; in an unnumbered list, a short line that is no item ends it; another heading
    always does. Returns the index of the first line after the list."""
    numbered: bool | None = None
    j = i + 1
    while j < len(lines) and j <= i + r.max_lines:
        s, e = lines[j]
        line = ctx.text[s:e]
        if r.head.match(ctx.text, s, e) or r.other_head.match(ctx.text, s, e):
            break
        item = r.item.fullmatch(line)
        has_number = item is not None and item.start("name") > 0
        if item is None or (numbered and not has_number):
            if not numbered and len(line) <= r.max_item_length:
                break
            j += 1
            continue
        if numbered is None:
            numbered = has_number
        used.add(s)
        _add(ctx, event, _names_on_line(ctx, r, s + item.start("name"), s + item.end("name")))
        j += 1
    return j


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line, without its surrounding spaces."""
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            yield pos + lead, pos + lead + len(stripped)
        pos += len(line) + 1


def _names_on_line(ctx: Context, r: ListRules, start: int, end: int) -> list[Mention]:
    """The organisations written between start and end, split at separators; a piece that is no known
    organisation becomes one (the heading says it is an organiser)."""
    out: list[Mention] = []
    pos = start
    for piece in [*r.separators.finditer(ctx.text, start, end), None]:
        p_end = piece.start() if piece else end
        name = r.acronym_aside.sub("", ctx.text[pos:p_end]).strip(" ：:*")
        if name:
            n_start = ctx.text.index(name, pos)
            span = (n_start, n_start + len(name))
            known = ctx.covering("Organization", *span)
            if known is not None:
                out.append(known)
            elif 2 <= len(name) <= r.max_item_length:
                out.append(ctx.add_mention("Organization", name, span))
        pos = piece.end() if piece else end
    return out


def _add(ctx: Context, event: Mention | None, orgs: list[Mention]) -> None:
    if event is None:
        return
    for org in orgs:
        ctx.add_fact(event, "organizer", org)
