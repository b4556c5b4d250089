"""Events: conferences, summits, forums, ceremonies, competitions with a proper name.

A name is read leftwards from its head word (大会, 论坛, 仪式, …) over name characters, and starts after
the last stop word or date before the head (由…主办的 | 2024（第二十三届）中国互联网大会). A name that
continues past an inner head is a sub-event of the part before it (2025年全球数字经济大会 | 大数据创新应用
论坛), and X暨Y names one event known by both parts. Each event mention carries in `attrs`:
  head (the head word), series (name without year and edition), year and edition when written;
and the facts `edition` (int) and `partOf` (the parent event's mention).
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from kg.extract import event_names as names
from kg.extract.context import Context
from kg.resolve import norm_name

COMPOUND = "暨"  # X暨Y: one event with two names
OPEN_QUOTES = {"“": "”", "「": "」", '"': '"'}


@dataclass
class Found:
    label: str
    span: tuple[int, int]
    alts: set[str] = field(default_factory=set)
    parent: str | None = None  # label of the event it is part of


def run(ctx: Context) -> None:
    found: list[Found] = []
    for start, end in _candidate_spans(ctx):
        found += _plan(ctx.text[start:end], start)
    found = _merge_brand_short_forms(found)
    _drop_ambiguous_alts(found)
    for f in found:
        label = f.label
        attrs = {"head": names.head_of(label) or "", "series": names.series(label)}
        edition, year = names.edition(label), names.year(label)
        if edition:
            attrs["edition"] = str(edition)
        if year:
            attrs["year"] = year
        mention = ctx.add_mention("Event", label, f.span, f.alts, **attrs)
        if edition:
            ctx.add_fact(mention, "edition", edition)
        parent = ctx.find("Event", f.parent) if f.parent else None
        if parent is not None and parent is not mention:
            ctx.add_fact(mention, "partOf", parent)


def _candidate_spans(ctx: Context) -> list[tuple[int, int]]:
    """(start, end) of each maximal name ending in a head; a name that is the start of a longer one
    (2024年世界互联网大会 in 2024年世界互联网大会乌镇峰会) is left to the longer one to split off."""
    r = names.event_rules()
    text = ctx.text
    # A name never starts before the end of a day or month date inside its run (7月2日2025年…大会).
    date_ends = sorted(end for _, end, value in ctx.dates if value.precision != "year")
    longest: dict[int, int] = {}
    for head in r.head.finditer(text):
        if r.right_blockers.match(text, head.end()):
            continue
        start = _name_start(text, head.start(), head.end(), date_ends)
        if start is None or names.is_web_forum(text[start:head.end()], text[head.end():head.end() + 8]):
            continue
        longest[start] = max(longest.get(start, 0), head.end())
    return sorted(longest.items())


def _name_start(text: str, head_start: int, head_end: int, date_ends: list[int]) -> int | None:
    r = names.event_rules()
    run = r.name_run.search(text, max(0, head_start - r.max_name_length), head_start)
    if run is None:
        return None
    start, end = run.start(), head_start
    if start > 0 and text[start - 1] in OPEN_QUOTES and text[head_end:head_end + 1] == OPEN_QUOTES[text[start - 1]]:
        # A quoted name is trusted whole; only what precedes the quote (青马红客“精英训练营”) is cut.
        end = start - 1
        outer = r.name_run.search(text, max(0, end - r.max_name_length), end)
        start = outer.start() if outer else end
    for stop in r.stops.finditer(text, start, end):
        start = stop.end()
    i = bisect_right(date_ends, end)
    if i and date_ends[i - 1] > start:
        start = date_ends[i - 1]
    if start >= end and end < head_start:  # nothing kept before the quote: the name is the quoted part
        start = end + 1
    # No name starts with a separator, or with the day of a dotted date (4.19上海…研讨会).
    start = r.leading_junk.match(text, start).end() if start < head_start else start
    return start if start < head_start else None


def _plan(raw: str, start: int) -> list[Found]:
    """The events one maximal name gives: itself, and the event it is part of (recursively), parents first."""
    label = names.clean_label(raw)
    if not names.is_proper(label):
        return []
    event = Found(label, (start, start + len(raw)), names.variants(label))
    parts = raw.split(COMPOUND)
    if len(parts) > 1:  # 大数据创新应用论坛暨北京数据先行区发展大会: both parts name it
        for part in parts:
            part_label = names.clean_label(part)
            if names.is_proper(part_label):
                event.alts |= {part_label, *names.variants(part_label)}
    out: list[Found] = []
    split = _parent_end(parts[0])
    if split:
        parent_raw, rest = parts[0][:split], names.clean_label(parts[0][split:]).lstrip("·•・")
        out = _plan(parent_raw, start)
        event.parent = names.clean_label(parent_raw)
        if names.is_proper(rest):
            event.alts.add(rest)
    event.alts.discard(label)
    return out + [event]


def _parent_end(raw: str) -> int | None:
    """Where the parent event's name ends inside `raw` (the last inner head after which a sub-event is
    named), or None."""
    r = names.event_rules()
    for head in reversed(list(r.head.finditer(raw))):
        end = head.end()
        if end < len(raw) and names.head_of(raw[end:]) and names.is_proper(names.clean_label(raw[:end])):
            return end
    return None


def _merge_brand_short_forms(found: list[Found]) -> list[Found]:
    """看雪峰会 is 看雪·第八届安全开发者峰会 when the article names both: brand + the same head."""
    full = {}
    for f in found:
        brand = names.brand(f.label)
        if brand:
            full.setdefault(brand + (names.head_of(f.label) or ""), f)
    out = []
    for f in found:
        target = full.get(f.label)
        if target is not None and target is not f:
            target.alts.add(f.label)
            # keep the short form's own span in text order by emitting it as an alias of the full name
            out.append(Found(target.label, f.span, set(target.alts), target.parent))
        else:
            out.append(f)
    return out


def _drop_ambiguous_alts(found: list[Found]) -> None:
    """A derived name (中国互联网大会) shared by events of different years, editions or series in one
    article would merge them: drop it from all of them."""
    owners: dict[str, set[tuple[str, str | None, int | None]]] = {}
    for f in found:
        key = (norm_name(names.series(f.label)), names.year(f.label), names.edition(f.label))
        for alt in f.alts:
            owners.setdefault(norm_name(alt), set()).add(key)
    ambiguous = {alt for alt, keys in owners.items() if _conflict(keys)}
    for f in found:
        f.alts = {a for a in f.alts if norm_name(a) not in ambiguous}


def _conflict(keys: set[tuple[str, str | None, int | None]]) -> bool:
    series = {k[0] for k in keys}
    years = {k[1] for k in keys if k[1]}
    editions = {k[2] for k in keys if k[2]}
    return len(series) > 1 or len(years) > 1 or len(editions) > 1
