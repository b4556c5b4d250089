"""Dates: a Chinese date grammar resolved against the article's publication date (see spec).

Every date found goes into `ctx.dates` as (start, end, DateValue), in text order. A range (7月10日至11日)
becomes two entries whose spans touch (the first ends where the second starts, at the connector), so
`Context.date_ranges()` can pair them again. A date without a year takes the year that puts it nearest
to the publication date; without a publication date such a date is dropped rather than guessed.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from kg import rules
from kg.extract.context import Context
from kg.model import DateValue

Found = tuple[int, int, DateValue]


@dataclass(frozen=True)
class DateGrammar:
    forms: re.Pattern  # every form in one alternation (one scan), each wrapped in a group named f<i>
    relative: re.Pattern
    offsets: dict[str, int]


@lru_cache(maxsize=1)
def grammar() -> DateGrammar:
    data = rules.load("dates")
    fragments = rules.require(data, "dates", "fragments", dict)
    forms = rules.require(data, "dates", "forms", dict)
    try:
        return DateGrammar(
            # Verbose mode: the YAML folds long patterns over lines.
            # Every form starts with a digit: one lookahead in front lets the scan skip other text fast.
            forms=re.compile("(?=\\d)(?:" + "|".join(_prefixed(f"f{i}", str(p).format(**fragments))
                                                    for i, p in enumerate(forms.values())) + ")", re.X),
            relative=re.compile(rules.require(data, "dates", "relative", str)),
            offsets={str(k): int(v) for k, v in rules.require(data, "dates", "relative_offsets", dict).items()},
        )
    except (re.error, KeyError) as exc:
        raise rules.RuleFileError(f"{rules.RULES_DIR / 'dates.yaml'}: bad pattern: {exc}") from None


def _prefixed(prefix: str, pattern: str) -> str:
    """One form as a named alternative, its groups renamed <prefix>_<name> so forms can share names."""
    pattern = re.sub(r"\(\?P<(\w+)>", rf"(?P<{prefix}_\1>", pattern)
    pattern = re.sub(r"\(\?P=(\w+)\)", rf"(?P={prefix}_\1)", pattern)
    return f"(?P<{prefix}>{pattern})"


def run(ctx: Context) -> None:
    ctx.dates.extend(parse_dates(ctx.text, ctx.published))


def parse_dates(text: str, published: dt.date | None) -> list[Found]:
    """All dates in `text`, in order; a range gives two entries with touching spans."""
    g = grammar()
    out: list[Found] = []
    for m in g.forms.finditer(text):  # forms are ordered in the YAML so the fuller one is tried first
        prefix = m.lastgroup + "_"
        groups = {k[len(prefix):]: v for k, v in m.groupdict().items() if k.startswith(prefix)}
        out += _values(m, groups, prefix, published)
    if published is not None:
        for m in g.relative.finditer(text):
            day = published + dt.timedelta(days=g.offsets[m.group("w")])
            out.append((m.start(), m.end(), DateValue(day.isoformat(), "day")))
        out.sort(key=lambda f: f[0])
    return out


def _values(m: re.Match, groups: dict[str, str | None], prefix: str, published: dt.date | None) -> list[Found]:
    year = int(groups["y"]) if groups.get("y") else None
    month = int(groups["m"]) if groups.get("m") else None
    if groups.get("d") is None:  # month or year precision: no year guessing here, the form requires one
        if month is None:
            return [(m.start(), m.end(), DateValue(f"{year:04d}", "year"))]
        return [(m.start(), m.end(), DateValue(f"{year:04d}-{month:02d}", "month"))]
    day = int(groups["d"])
    first = _day(year, month, day, published)
    if first is None:
        return []
    d2 = groups.get("d2") or groups.get("d2b")
    if d2 is None:
        return [(m.start(), m.end(), DateValue(first.isoformat(), "day"))]
    # A range: the other end inherits the year and month it does not write.
    month2 = int(groups["m2"]) if groups.get("m2") else first.month
    year2 = int(groups["y2"]) if groups.get("y2") else first.year + (1 if month2 < first.month else 0)
    second = _valid(year2, month2, int(d2))
    sep = m.start(prefix + ("sep" if groups.get("sep") is not None else "sep_b"))
    if second is None or second < first:
        return [(m.start(), sep, DateValue(first.isoformat(), "day"))]
    return [(m.start(), sep, DateValue(first.isoformat(), "day")),
            (sep, m.end(), DateValue(second.isoformat(), "day"))]


def _day(year: int | None, month: int, day: int, published: dt.date | None) -> dt.date | None:
    if year is not None:
        return _valid(year, month, day)
    if published is None:
        return None
    candidates = [d for y in (published.year - 1, published.year, published.year + 1)
                  if (d := _valid(y, month, day)) is not None]
    return min(candidates, key=lambda d: abs((d - published).days), default=None)


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
