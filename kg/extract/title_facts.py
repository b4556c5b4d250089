"""Facts stated in the article title: '<event>在京召开' locates the event named there in 北京.

Title events carry no span (events.py `_title_events`), so these facts are found on the title string:
a place (or its one-character abbreviation, or a venue) right after 在/于 and right before a holding verb
is where the event the title names before it took place.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg import rules
from kg.extract.context import Context
from kg.extract.place_lexicon import place_lexicon
from kg.extract.places import place_rules
from kg.model import Mention


@dataclass(frozen=True)
class TitleRules:
    slot: re.Pattern  # 在<place words>召开: the place words in group "where"


@lru_cache(maxsize=1)
def title_rules() -> TitleRules:
    d = rules.load("places")
    before, after = (rules.require(d, "places", k, str) for k in ("title_location_before", "title_location_after"))
    chars = rules.require(d, "places", "venue_name_chars", str)
    try:
        return TitleRules(slot=re.compile(f"{before}(?P<where>{chars}{{1,24}}?)(?={after})"))
    except re.error as exc:
        raise rules.RuleFileError(f"{rules.RULES_DIR / 'places.yaml'}: bad pattern: {exc}") from None


def run(ctx: Context) -> None:
    title = ctx.title or ""
    if not title:
        return
    for m in title_rules().slot.finditer(title):
        event = _event_before(ctx, title, m.start())
        if event is None:
            continue
        for place in _places(ctx, m.group("where")):
            ctx.add_fact(event, "location", place)


def _event_before(ctx: Context, title: str, pos: int) -> Mention | None:
    """The event the title names before `pos` (its longest name there), or None."""
    best: tuple[int, Mention] | None = None
    for m in ctx.mentions:
        if m.type != "Event":
            continue
        for name in (m.label, *sorted(m.alt_labels)):
            i = title.rfind(name, 0, pos)
            if i >= 0 and (best is None or len(name) > best[0]):
                best = (len(name), m)
    return best[1] if best else None


def _places(ctx: Context, where: str) -> list[Mention]:
    """The place words between 在 and the verb: a city (or 京), a venue, or a city and a venue."""
    lex, r = place_lexicon(), place_rules()
    if where in r.full_of_abbreviation:
        label = r.full_of_abbreviation[where]
        return [ctx.add_mention("Place", label, None, {where})]
    city = lex.pattern.match(where)
    out: list[Mention] = []
    if city and lex.label_of[city.group()] not in lex.regions:
        label = lex.label_of[city.group()]
        rest = where[city.end():].lstrip("·・• ")
        if not rest:
            return [ctx.find("Place", label) or ctx.add_mention("Place", label, None, {city.group()} - {label})]
        if where[city.end():city.end() + 1] in "·・• ":
            out.append(ctx.find("Place", label) or ctx.add_mention("Place", label, None, {city.group()} - {label}))
            where = rest
    suffix = r.venue_suffix.search(where)
    if suffix and len(where) - len(suffix.group()) >= 2:
        out.append(ctx.find("Place", where) or ctx.add_mention("Place", where))
    return out
