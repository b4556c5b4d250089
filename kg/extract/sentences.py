"""Sentences and the mention occurrences in them, shared by the relation extractors.

A relation never crosses a sentence end. Occurrences (one per span of a mention) and dates are grouped by
sentence with bisection over sorted offsets, so the cost is linear in the mentions, not the text.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from kg.extract.context import Context
from kg.extract.spans import MAX_SENTENCE, bounded, line_bounds
from kg.model import DateValue, Mention
from kg.resolve import norm_name

DateSpan = tuple[int, int, DateValue]


@dataclass(frozen=True)
class Occurrence:
    start: int
    end: int
    mention: Mention


@dataclass
class Sentence:
    start: int
    end: int
    occ: list[Occurrence] = field(default_factory=list)  # the occurrences inside, by start
    dates: list[DateSpan] = field(default_factory=list)  # the dates inside, by start


def occurrences(ctx: Context) -> list[Occurrence]:
    """Every span of every mention, by start (of nested ones, the outer first)."""
    return sorted((Occurrence(s, e, m) for m in ctx.mentions for s, e in m.spans),
                  key=lambda o: (o.start, -o.end))


def sentence_spans(text: str, end: re.Pattern, continues: re.Pattern,
                   max_len: int = MAX_SENTENCE) -> Iterator[tuple[int, int]]:
    """Sentences ending at `end`, none longer than max_len (longer runs are cut: spans.bounded)."""
    pos = 0
    for m in end.finditer(text):
        if m.group() == "\n" and continues.search(text, max(pos, m.start() - 8), m.start()):
            continue  # a line wrapped after 、 or ，: the sentence goes on on the next line
        if m.start() > pos:
            yield from bounded(pos, m.start(), text, max_len)
        pos = m.end()
    if pos < len(text):
        yield from bounded(pos, len(text), text, max_len)


def sentences_with_mentions(ctx: Context, all_occ: list[Occurrence], end: re.Pattern,
                            continues: re.Pattern) -> list[Sentence]:
    """The sentences holding at least one occurrence, in text order, with their occurrences and dates."""
    spans = list(sentence_spans(ctx.text, end, continues))
    starts = [s for s, _ in spans]
    found: dict[int, Sentence] = {}
    for o in all_occ:
        i = bisect_right(starts, o.start) - 1
        if i >= 0 and o.end <= spans[i][1]:
            found.setdefault(i, Sentence(*spans[i])).occ.append(o)
    for d in sorted(ctx.dates, key=lambda d: d[0]):
        i = bisect_right(starts, d[0]) - 1
        if i in found and d[1] <= spans[i][1]:
            found[i].dates.append(d)
    return [found[i] for i in sorted(found)]


_LEADING_SPACE = re.compile(r"\s*")


def line_start(text: str, offset: int) -> int:
    """Where the line holding `offset` starts, leading spaces skipped (as organizer_lists counts lines).
    The line is found by spans.line_bounds (bisection), never by scanning back over a long line."""
    return _LEADING_SPACE.match(text, line_bounds(text, offset)[0], offset).end()


def last(occ: list[Occurrence]) -> Occurrence | None:
    """The occurrence ending last; of nested ones (a conference inside its forum's name), the outermost."""
    return max(occ, key=lambda o: (o.end, o.end - o.start)) if occ else None


def outermost(occ: list[Occurrence]) -> list[Occurrence]:
    """Drop occurrences lying inside another one (清华大学 inside 清华大学网络科学与网络空间研究院)."""
    return [o for o in occ if not any(p is not o and p.start <= o.start and o.end <= p.end
                                      and (p.start, p.end) != (o.start, o.end) for p in occ)]


def in_title(ctx: Context, m: Mention) -> bool:
    title = norm_name(ctx.title)
    return any(norm_name(n) in title for n in {m.label, *m.alt_labels})


def main_event(ctx: Context) -> Mention | None:
    """The article's subject event: one named in the title, else the one named most often (first wins)."""
    events = [m for m in ctx.mentions if m.type == "Event"]
    titled = [m for m in events if in_title(ctx, m)]
    if titled:
        return max(titled, key=lambda m: (len(m.label), len(m.spans)))
    events = [m for m in events if m.spans]
    if not events:
        return None
    return max(events, key=lambda m: (len(m.spans), -min(m.spans)[0]))


def referred_by_head(ctx: Context, all_occ: list[Occurrence], before: int, head: str) -> Mention | None:
    """The last event named before `before` whose head is `head` (大会 → …白帽大会), else the main event."""
    earlier = [o for o in all_occ if o.mention.type == "Event" and o.end <= before
               and o.mention.attrs.get("head", "").endswith(head)]
    found = last(earlier)
    return found.mention if found else main_event(ctx)
