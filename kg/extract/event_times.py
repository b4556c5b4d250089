"""When and where an event took place: X于<date>在<place>举办/开幕/闭幕, '9月3日-4日，X由A主办', and a
town in the event's name (startDate, endDate, location facts)."""
from __future__ import annotations

from functools import lru_cache

from kg import rules
from kg.extract.context import Context
from kg.extract.relation_rules import RelationRules
from kg.extract.sentences import DateSpan, Occurrence, Sentence, last, referred_by_head
from kg.model import DateValue, Mention

# Event id -> (start, end) dates found so far; report release dates are read from it.
EventDates = dict[str, tuple[DateValue | None, DateValue | None]]


def held(ctx: Context, r: RelationRules, s: Sentence, all_occ: list[Occurrence], event_dates: EventDates) -> None:
    text = ctx.text
    for kind, pattern in r.held.items():
        for verb in pattern.finditer(text, s.start, s.end):
            event = last([o for o in s.occ if o.mention.type == "Event" and o.end <= verb.start()])
            between = (event.end, verb.start()) if event else (s.start, verb.start())
            if event is None:  # 于10月23日在上海举办的X: the event the verb describes
                event = _attributive_event(text, r, s.occ, verb.end())
            if event is None:  # 本届大会于9月3日在北京召开: the event named before, else the main one
                event, between = _referred(ctx, r, s, all_occ, verb.start())
            if event is None:
                continue
            _location(ctx, r, s.occ, event, between)
            when = [d for d in s.dates if d[1] <= verb.start()]
            _event_dates(ctx, event.mention, kind, when, event_dates)


def _referred(ctx: Context, r: RelationRules, s: Sentence, all_occ: list[Occurrence],
              verb_start: int) -> tuple[Occurrence | None, tuple[int, int]]:
    """A back-reference (本届大会, 此次论坛) as the subject of a holding verb, with no event named in the
    sentence: the event it refers to, as an occurrence at the reference, and the span after it."""
    ref = None
    for ref in r.event_back_reference.finditer(ctx.text, s.start, verb_start):
        pass
    if ref is None:
        return None, (s.start, verb_start)
    event = referred_by_head(ctx, all_occ, s.start, ref.group("head"))
    if event is None:
        return None, (s.start, verb_start)
    return Occurrence(ref.start(), ref.end(), event), (ref.end(), verb_start)


def opening_dates(ctx: Context, r: RelationRules, s: Sentence, event_dates: EventDates) -> None:
    """'9月3日-4日，X由A主办': a sentence opening with a date, then an organised event, dates that event."""
    text, dates = ctx.text, s.dates
    if not dates or not r.opening_gap.fullmatch(text, s.start, dates[0][0]):
        return
    when = [dates[0]] + [d for d in dates[1:2] if d[0] == dates[0][1]]  # a range's two ends touch
    if not r.opening_comma.match(text, when[-1][1]) or not r.organize.search(text, when[-1][1], s.end):
        return
    event = next((o for o in s.occ if o.mention.type == "Event" and o.start >= when[-1][1]), None)
    if event is None or event.mention.id in event_dates:
        return
    _event_dates(ctx, event.mention, "both", when, event_dates)


def _attributive_event(text: str, r: RelationRules, occ: list[Occurrence], verb_end: int) -> Occurrence | None:
    """The event right after '<verb>的' (举办的X), or None."""
    link = r.held_attributive.match(text, verb_end)
    if link is None:
        return None
    return next((o for o in occ if o.mention.type == "Event" and o.start == link.end()), None)


def _location(ctx: Context, r: RelationRules, occ: list[Occurrence], event: Occurrence,
              between: tuple[int, int]) -> None:
    text = ctx.text
    marker = r.location_marker.search(text, between[0], between[1])
    if not marker:
        return
    places = [o for o in occ if o.mention.type == "Place" and marker.end() <= o.start and o.end <= between[1]]
    for o in places:
        ctx.add_fact(event.mention, "location", o.mention)
    if places:
        return
    # A venue named like an organisation ('在中国信息安全测评中心成功举办') is also a place.
    venues = [o for o in occ if o.mention.type == "Organization" and o.start == marker.end()
              and _only_adverbs(text[o.end:between[1]])]
    for o in venues:
        place = ctx.add_mention("Place", o.mention.label, (o.start, o.end))
        ctx.add_fact(event.mention, "location", place)
    if venues:
        return
    # A venue no other extractor knows, named by its kind ('于布城国际会议中心（PICC）隆重举办').
    venue = r.venue.match(text, marker.end(), between[1])
    if venue and _only_adverbs(r.acronym_aside.sub("", text[venue.end():between[1]])):
        place = ctx.add_mention("Place", venue.group(), venue.span())
        ctx.add_fact(event.mention, "location", place)


def _only_adverbs(gap: str) -> bool:
    return len(gap.strip()) <= 4


def _event_dates(ctx: Context, event: Mention, kind: str, when: list[DateSpan], event_dates: EventDates) -> None:
    if not when:
        return
    start_v, end_v = event_dates.get(event.id, (None, None))
    if len(when) >= 2 and when[-1][0] - when[-2][1] <= 2:  # a range: '7月10日至11日'
        first, last_ = when[-2][2], when[-1][2]
        ctx.add_fact(event, "startDate", first)
        ctx.add_fact(event, "endDate", last_)
        event_dates[event.id] = (first, last_)
        return
    value = when[-1][2]
    if kind in ("both", "start") and start_v is None:
        ctx.add_fact(event, "startDate", value)
        start_v = value
    if kind in ("both", "end") and end_v is None:
        ctx.add_fact(event, "endDate", value)
        end_v = value
    event_dates[event.id] = (start_v, end_v)


def places_in_event_names(ctx: Context, all_occ: list[Occurrence]) -> None:
    """An event with no stated place but a town or city in its name (乌镇峰会) took place there."""
    located = {f.subject for f in ctx.facts if f.prop == "location"}
    countries = _countries()
    for event in ctx.mentions:
        if event.type != "Event" or event.id in located:
            continue
        inside = {o.mention.id: o.mention for o in all_occ
                  if o.mention.type == "Place" and o.mention.label not in countries
                  and any(s <= o.start and o.end <= e for s, e in event.spans)}
        if len(inside) == 1:
            ctx.add_fact(event, "location", next(iter(inside.values())))


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    return frozenset(map(str, rules.require(rules.load("places"), "places", "countries", dict)))
