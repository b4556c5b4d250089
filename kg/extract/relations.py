"""Relations between the mentions of one sentence: who published, organised, hosted what, where and when.

Runs last. Works sentence by sentence on mention occurrences (spans) and cue words from
rules/relations.yaml; a relation never crosses a sentence end.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from kg import rules
from kg.extract.context import Context
from kg.model import DateValue, Mention, PostValue
from kg.resolve import norm_name


@dataclass(frozen=True)
class Occurrence:
    start: int
    end: int
    mention: Mention


@dataclass(frozen=True)
class RelationRules:
    sentence_end: re.Pattern
    publish: re.Pattern
    organize: re.Pattern
    non_organize: re.Pattern
    organizer_list_head: re.Pattern
    parent_marker: re.Pattern
    held: dict[str, re.Pattern]
    location_marker: re.Pattern
    event_reference: re.Pattern
    closing: re.Pattern
    opening: re.Pattern


def _words(words: list[str]) -> re.Pattern:
    # Longest first, so 联合主办 wins over 主办.
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


@lru_cache(maxsize=1)
def relation_rules() -> RelationRules:
    data = rules.load("relations")
    need = lambda key, kind=list: rules.require(data, "relations", key, kind)  # noqa: E731
    held = need("held_verbs", dict)
    return RelationRules(
        sentence_end=re.compile(need("sentence_end", str)),
        publish=_words(need("publish_verbs")),
        organize=_words(need("organize_verbs")),
        non_organize=_words(need("non_organize_verbs")),
        organizer_list_head=re.compile(need("organizer_list_head", str)),
        parent_marker=_words(need("parent_markers")),
        held={kind: _words(held[kind]) for kind in ("both", "start", "end")},
        location_marker=_words(need("location_markers")),
        event_reference=re.compile("|".join(need("event_references"))),
        closing=_words(need("closing_words")),
        opening=_words(need("opening_words")),
    )


def run(ctx: Context) -> None:
    r = relation_rules()
    occurrences = sorted((Occurrence(s, e, m) for m in ctx.mentions for s, e in m.spans),
                         key=lambda o: (o.start, -o.end))
    if not occurrences:
        return
    sentences = list(_sentences(ctx.text, r))
    starts = [s for s, _ in sentences]
    # Only sentences holding a mention matter: group occurrences and dates by sentence (bisection).
    occ_in: dict[int, list[Occurrence]] = {}
    for o in occurrences:
        i = bisect_right(starts, o.start) - 1
        if i >= 0 and o.end <= sentences[i][1]:
            occ_in.setdefault(i, []).append(o)
    dates_in: dict[int, list] = {}
    for d in sorted(ctx.dates, key=lambda d: d[0]):
        i = bisect_right(starts, d[0]) - 1
        if i in occ_in and d[1] <= sentences[i][1]:
            dates_in.setdefault(i, []).append(d)

    event_dates: dict[str, tuple[DateValue | None, DateValue | None]] = {}
    for i in sorted(occ_in):
        start, end = sentences[i]
        _organizers(ctx, r, occ_in[i], start, end)
        _held(ctx, r, occ_in[i], dates_in.get(i, []), start, end, event_dates)
    for i in sorted(occ_in):
        if any(o.mention.type == "Report" for o in occ_in[i]):
            start, end = sentences[i]
            _releases(ctx, r, occ_in[i], dates_in.get(i, []), start, end, occurrences, event_dates)
    _places_in_event_names(ctx, occurrences)
    _account_reports(ctx)


def _sentences(text: str, r: RelationRules):
    pos = 0
    for m in r.sentence_end.finditer(text):
        if m.start() > pos:
            yield pos, m.start()
        pos = m.end()
    if pos < len(text):
        yield pos, len(text)


# ---------------------------------------------------------------- events

def _organizers(ctx: Context, r: RelationRules, occ: list[Occurrence], start: int, end: int) -> None:
    text = ctx.text
    head = r.organizer_list_head.match(text, start)
    if head:  # '主办单位：A、B' names the organisers of the article's main event
        main = _main_event(ctx)
        if main:
            for o in occ:
                if o.mention.type == "Organization" and o.start >= head.end():
                    ctx.add_fact(main, "organizer", o.mention)
        return
    for verb in r.organize.finditer(text, start, end):
        window_start = _window_start(text, r, start, verb.start())
        orgs = [o for o in occ if o.mention.type == "Organization"
                and window_start <= o.start and o.end <= verb.start()
                and not r.parent_marker.match(text, o.end)]
        events_after = [o for o in occ if o.mention.type == "Event" and o.start >= verb.end()]
        events_before = [o for o in occ if o.mention.type == "Event" and o.end <= window_start]
        target = events_after[0] if events_after else _last(events_before)
        if target is None:
            continue
        for o in orgs:
            ctx.add_fact(target.mention, "organizer", o.mention)


def _window_start(text: str, r: RelationRules, start: int, verb_start: int) -> int:
    """Organisers sit between '由' (or the end of a previous role verb) and the verb."""
    window = start
    by = text.rfind("由", start, verb_start)
    if by >= 0:
        window = by + 1
    for other in r.non_organize.finditer(text, window, verb_start):
        window = other.end()
    for other in r.organize.finditer(text, window, verb_start):
        window = max(window, other.end())
    return window


def _held(ctx: Context, r: RelationRules, occ: list[Occurrence], dates, start: int, end: int,
          event_dates: dict) -> None:
    text = ctx.text
    for kind, pattern in r.held.items():
        for verb in pattern.finditer(text, start, end):
            event = _last([o for o in occ if o.mention.type == "Event" and o.end <= verb.start()])
            if event is None:
                continue
            between = (event.end, verb.start())
            _location(ctx, r, occ, event, between)
            when = [d for d in dates if d[1] <= verb.start()]
            _event_dates(ctx, event.mention, kind, when, event_dates)


def _last(occ: list[Occurrence]) -> Occurrence | None:
    """The occurrence ending last; of nested ones (a conference inside its forum's name), the outermost."""
    return max(occ, key=lambda o: (o.end, o.end - o.start)) if occ else None


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


def _only_adverbs(gap: str) -> bool:
    return len(gap.strip()) <= 4


def _event_dates(ctx: Context, event: Mention, kind: str, when, event_dates: dict) -> None:
    if not when:
        return
    start_v, end_v = event_dates.get(event.id, (None, None))
    if len(when) >= 2 and when[-1][0] - when[-2][1] <= 2:  # a range: '7月10日至11日'
        first, last = when[-2][2], when[-1][2]
        ctx.add_fact(event, "startDate", first)
        ctx.add_fact(event, "endDate", last)
        event_dates[event.id] = (first, last)
        return
    value = when[-1][2]
    if kind in ("both", "start") and start_v is None:
        ctx.add_fact(event, "startDate", value)
        start_v = value
    if kind in ("both", "end") and end_v is None:
        ctx.add_fact(event, "endDate", value)
        end_v = value
    event_dates[event.id] = (start_v, end_v)


def _main_event(ctx: Context) -> Mention | None:
    events = [m for m in ctx.mentions if m.type == "Event" and m.spans]
    if not events:
        return None
    return max(events, key=lambda m: (len(m.spans), -min(m.spans)[0]))


def _places_in_event_names(ctx: Context, occurrences: list[Occurrence]) -> None:
    """An event with no stated place but a town or city in its name (乌镇峰会) took place there."""
    located = {f.subject for f in ctx.facts if f.prop == "location"}
    countries = _countries()
    for event in ctx.mentions:
        if event.type != "Event" or event.id in located:
            continue
        inside = {o.mention.id: o.mention for o in occurrences
                  if o.mention.type == "Place" and o.mention.label not in countries
                  and any(s <= o.start and o.end <= e for s, e in event.spans)}
        if len(inside) == 1:
            ctx.add_fact(event, "location", next(iter(inside.values())))


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    return frozenset(map(str, rules.require(rules.load("places"), "places", "countries", dict)))


# ---------------------------------------------------------------- reports

def _releases(ctx: Context, r: RelationRules, occ: list[Occurrence], dates, start: int, end: int,
              all_occ: list[Occurrence], event_dates: dict) -> None:
    text = ctx.text
    for verb in r.publish.finditer(text, start, end):
        reports = [o.mention for o in occ if o.mention.type == "Report"]
        if not reports:
            continue
        subject_window = _window_start(text, r, start, verb.start()) if "由" in text[start:verb.start()] else start
        before = [o for o in occ if subject_window <= o.start and o.end <= verb.start()
                  and o.mention.type in ("Organization", "Person")]
        publishers = _publishers(text, r, before, subject_window)
        person = next((o.mention for o in reversed(before) if o.mention.type == "Person"), None)
        if person is not None:
            org = _post_org(ctx, person)
            if org is not None and org not in publishers:
                publishers.append(org)
        event = _release_event(ctx, r, occ, all_occ, start, verb.start())
        release_date = _release_date(dates, verb.start(), event, text[start:end], r, event_dates)
        for report in reports:
            for org in publishers:
                ctx.add_fact(report, "publisher", org)
            if person is not None:
                ctx.add_fact(report, "releasedBy", person)
            if event is not None:
                ctx.add_fact(report, "releasedAt", event)
            if release_date is not None:
                ctx.add_fact(report, "releaseDate", release_date)


def _publishers(text: str, r: RelationRules, before: list[Occurrence], window: int) -> list[Mention]:
    orgs = [o for o in before if o.mention.type == "Organization" and not r.parent_marker.match(text, o.end)]
    if "由" in text[max(0, window - 1):window]:
        return [o.mention for o in orgs]
    # Without '由', the publisher is the subject: the last organisation before the verb.
    return [orgs[-1].mention] if orgs else []


def _post_org(ctx: Context, person: Mention) -> Mention | None:
    by_id = {m.id: m for m in ctx.mentions}
    for f in ctx.facts:
        if f.subject == person.id and isinstance(f.obj, PostValue) and f.obj.org:
            return by_id.get(f.obj.org[1:])
    return None


def _release_event(ctx: Context, r: RelationRules, occ, all_occ, start: int, verb_start: int) -> Mention | None:
    """'在EVENT上发布': a named event, or a back-reference (大会闭幕式) to the last event named before."""
    text = ctx.text
    at = text.rfind("在", start, verb_start)
    if at < 0:
        return None
    named = [o for o in occ if o.mention.type == "Event" and at < o.start and o.end <= verb_start]
    if named:
        return named[0].mention
    if r.event_reference.search(text, at, verb_start):
        earlier = _last([o for o in all_occ if o.mention.type == "Event" and o.end <= at])
        if earlier is not None:
            return earlier.mention
    return None


def _release_date(dates, verb_start: int, event: Mention | None, sentence: str, r: RelationRules,
                  event_dates: dict) -> DateValue | None:
    before = [d for d in dates if d[1] <= verb_start]
    if before:
        return before[-1][2]
    if event is None or event.id not in event_dates:
        return None
    start_v, end_v = event_dates[event.id]
    if r.closing.search(sentence):
        return end_v
    if r.opening.search(sentence):
        return start_v
    return start_v if start_v == end_v else None


def _account_reports(ctx: Context) -> None:
    """A report named in the title with no stated publisher: the account's own organisation.

    The account's organisation is the organisation mention that the account name starts with
    (深信服千里目安全技术中心 -> 深信服), so vendor research posted on a vendor's account is credited.
    """
    account = ctx.clean.doc.account or ""
    if not account:
        return
    owners = [m for m in ctx.mentions if m.type == "Organization" and len(m.label) >= 2
              and account.startswith(m.label)]
    if not owners:
        return
    owner = max(owners, key=lambda m: len(m.label))
    published = {f.subject for f in ctx.facts if f.prop == "publisher"}
    for m in ctx.mentions:
        if m.type == "Report" and m.id not in published and _in_title(ctx, m):
            ctx.add_fact(m, "publisher", owner)


def _in_title(ctx: Context, m: Mention) -> bool:
    title = norm_name(ctx.title)
    return any(norm_name(n) in title for n in {m.label, *m.alt_labels})
