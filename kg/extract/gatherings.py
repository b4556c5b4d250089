"""'齐聚上海', '相聚韩国首尔': a gathering in a city locates the event named nearby, when nothing else did.

Runs after the relation extractors, so an event that a 在X举办 sentence already placed keeps that place.
Countries are too coarse (齐聚中国); the city after a country (韩国首尔) is taken.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from kg import rules
from kg.extract.context import Context
from kg.extract.place_lexicon import place_lexicon
from kg.extract.trie import trie_pattern
from kg.model import Mention


@dataclass(frozen=True)
class GatheringRules:
    cue: re.Pattern
    countries: frozenset[str]


@lru_cache(maxsize=1)
def gathering_rules() -> GatheringRules:
    d = rules.load("places")
    cues = map(str, rules.require(d, "places", "gathering_cues", list))
    return GatheringRules(cue=re.compile(trie_pattern(cues)),
                          countries=frozenset(map(str, rules.require(d, "places", "countries", dict))))


def run(ctx: Context) -> None:
    r = gathering_rules()
    cues = list(r.cue.finditer(ctx.text))
    events = sorted(((s, e, m) for m in ctx.mentions if m.type == "Event" for s, e in m.spans),
                    key=lambda t: (t[0], t[1], t[2].id))
    if not cues or not events:
        return
    located = {f.subject for f in ctx.facts if f.prop == "location"}
    places = {s: (e, m) for m in ctx.mentions if m.type == "Place" for s, e in m.spans}
    ends = [m.end() for m in _SENTENCE_END.finditer(ctx.text)] + [len(ctx.text)]
    for cue in cues:
        place = _place_at(places, r, cue.end())
        event = _event_near(events, ends, cue.start()) if place is not None else None
        if event is not None and event.id not in located:
            ctx.add_fact(event, "location", place)
            located.add(event.id)


_SENTENCE_END = re.compile(r"[。！？!?\n]")


def _event_near(events: list[tuple[int, int, Mention]], ends: list[int], pos: int) -> Mention | None:
    """The event named in the cue's sentence (nearest the cue), else the first one in the next sentence."""
    i = bisect_left(ends, pos + 1)
    start = ends[i - 1] if i > 0 else 0
    same = [(abs(pos - (e if e <= pos else s)), m) for s, e, m in events if start <= s and e <= ends[i]]
    if same:
        return min(same, key=lambda t: t[0])[1]
    j = i + 1
    while j < len(ends) and not ends[j] - ends[j - 1] > 1:  # skip empty lines
        j += 1
    after = [m for s, e, m in events if ends[i] <= s and j < len(ends) and e <= ends[j]]
    return after[0] if after else None


def _place_at(places: dict[int, tuple[int, Mention]], r: GatheringRules, pos: int) -> Mention | None:
    """The city (or venue) starting at `pos`, after a country if one comes first."""
    if pos not in places:
        return None
    end, place = places[pos]
    if place.label in r.countries:
        nxt = places.get(end)
        return nxt[1] if nxt and nxt[1].label not in r.countries else None
    return place if place.label not in place_lexicon().regions else None
