"""Interval, sentence and line look-ups over an article in O(log n) each, in place of loops over every
span or scans over a whole line.

Why: a check such as "is this candidate inside a known name?" written as any(...) over all names
costs candidates x names, which a page listing thousands of organisations turns into minutes.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import accumulate
from typing import Iterable


class Containers:
    """Answers whether [start, end) lies inside one of a fixed set of spans."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        # The furthest end among the spans starting at or before each index.
        self._reach = list(accumulate((e for _, e in ordered), max))

    def covers(self, start: int, end: int) -> bool:
        i = bisect_right(self._starts, start) - 1
        return i >= 0 and self._reach[i] >= end


class Occupied:
    """Characters claimed by kept spans, with the start of the span holding each one.

    Spans are bounded in length (names), so marking and checking cost the span's length, not the
    number of spans kept.
    """

    def __init__(self, length: int):
        self._owner = [-1] * (length + 1)

    def clashes(self, start: int, end: int, same_start_ok: bool = False) -> bool:
        """Whether a kept span overlaps [start, end) (one starting at `start` too, unless same_start_ok)."""
        owners = self._owner[start:end]
        if same_start_ok:
            return any(o != -1 and o != start for o in owners)
        return any(o != -1 for o in owners)

    def claim(self, start: int, end: int) -> None:
        self._owner[start:end] = [start] * (end - start)


# The longest run read as one sentence by the relation extractors and the name recogniser.
MAX_SENTENCE = 1000
# Where a sentence too long to read in one piece is cut: after the last of these in the piece's second half.
_SOFT_BREAKS = "，；、,; \t"


def bounded(start: int, end: int, text: str, max_len: int):
    """[start, end) as pieces of at most max_len characters, each cut after a comma-like break when one
    lies in the piece's second half (else exactly at max_len).

    Why: relations are read within a sentence, several of them by pairing what a sentence holds; a
    "sentence" of 100k characters (a list, a code block, text without punctuation) would make that
    quadratic. Real sentences are far shorter (dev: at most 336 characters), so the cap only ever cuts
    such runs, and it cuts them the same way every time.
    """
    while end - start > max_len:
        limit = start + max_len
        cut = max(text.rfind(c, start + max_len // 2, limit) for c in _SOFT_BREAKS) + 1
        if cut <= start + max_len // 2:
            cut = limit
        yield start, cut
        start = cut
    if end > start:
        yield start, end


@lru_cache(maxsize=4)
def _newlines(text: str) -> list[int]:
    return [m.start() for m in re.finditer("\n", text)]


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    """(start, end) of the line holding `pos` (end at its line break or the text's end).

    The line breaks of a text are found once (cached for the article being extracted) and looked up by
    bisection: finding them by scanning from `pos` costs the line's length, and a megabyte-long line
    asked about once per name in it made that quadratic.
    """
    breaks = _newlines(text)
    i = bisect_left(breaks, pos)
    start = breaks[i - 1] + 1 if i > 0 else 0
    return start, breaks[i] if i < len(breaks) else len(text)
