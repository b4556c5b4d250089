"""Who organised an event: 由A和B主办的X, X由A主办, 本届论坛由A主办, A举办X (organizer facts)."""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.extract.relation_rules import RelationRules
from kg.extract.sentences import Occurrence, Sentence, last, outermost, referred_by_head
from kg.extract.tokens import is_function_word
from kg.model import Mention


def organizers(ctx: Context, r: RelationRules, s: Sentence, all_occ: list[Occurrence]) -> None:
    text = ctx.text
    for verb in r.organize.finditer(text, s.start, s.end):
        window = window_start(text, r, s.start, verb.start())
        orgs = outermost([o for o in s.occ if o.mention.type == "Organization"
                          and window <= o.start and o.end <= verb.start()
                          and not r.parent_marker.match(text, o.end)])
        events_after = [o for o in s.occ if o.mention.type == "Event" and o.start >= verb.end()]
        events_before = [o for o in s.occ if o.mention.type == "Event" and o.end <= window]
        target = events_after[0] if events_after else last(events_before)
        event = target.mention if target else _referred_event(ctx, r, all_occ, s.start, verb.start())
        if event is None:
            continue
        for org in _slot_organizers(ctx, r, orgs, window, verb.start()):
            ctx.add_fact(event, "organizer", org)


def window_start(text: str, r: RelationRules, start: int, verb_start: int) -> int:
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


def _slot_organizers(ctx: Context, r: RelationRules, orgs: list[Occurrence], window: int,
                     verb_start: int) -> list[Mention]:
    """The organisers in the slot before the verb, split at coordination (由A、B和C主办): each piece is one
    organiser. A piece holding a known organisation stands for it, or for the whole piece when the piece
    is that name with more around it (广东+联通, 百度+安全: the list item is the full name). A piece with
    no known organisation is one too when it reads as a name and the slot is a real list (another piece
    is known) or opens right after 由."""
    text = ctx.text
    out: list[Mention] = []
    after_by = window > 0 and text[window - 1] == "由"
    pos = window
    for sep in [*r.coordination_separator.finditer(text, window, verb_start), None]:
        p_start, p_end = pos, sep.start() if sep else verb_start
        pos = sep.end() if sep else verb_start
        inside = [o for o in orgs if o.start < p_end and p_start < o.end]
        piece = r.organizer_piece.fullmatch(text, p_start, p_end)
        if inside:
            wider = _widened(ctx, r, piece, inside) if piece else None
            out.extend([wider] if wider else [o.mention for o in inside])
        elif piece is not None and (orgs or after_by):
            unknown = _unknown_name(ctx, r, *piece.span("name"))
            if unknown is not None:
                out.append(unknown)
    seen: set[str] = set()
    return [m for m in out if not (m.id in seen or seen.add(m.id))]


def _widened(ctx: Context, r: RelationRules, piece: re.Match, inside: list[Occurrence]) -> Mention | None:
    """The whole piece as an organisation, when it holds exactly one known organisation, wholly, plus
    words that are no function words on token boundaries (广东联通, 中国联合网络通信集团有限公司)."""
    s, e = piece.span("name")
    if len(inside) != 1 or not (s <= inside[0].start and inside[0].end <= e) or (s, e) == (inside[0].start,
                                                                                             inside[0].end):
        return None
    if not ctx.tokens.on_boundaries(s, e):
        return None
    outside = [t for t in ctx.tokens.between(s, e) if t.end <= inside[0].start or t.start >= inside[0].end]
    if not outside or is_function_word(outside[0]) or is_function_word(outside[-1]) \
            or any(t.pos == "x" and not t.text.isalnum() for t in outside):
        return None
    if e > inside[0].end and outside[-1].pos not in r.name_end_pos and outside[-1].pos != "an":
        return None
    known = ctx.covering("Organization", s, e)
    return known if known is not None else ctx.add_mention("Organization", ctx.text[s:e], (s, e))


def _unknown_name(ctx: Context, r: RelationRules, s: int, e: int) -> Mention | None:
    """A piece of the organisers' slot no extractor knows: an organisation when it reads as a name (nouns
    only, ending in a noun token)."""
    inner = ctx.tokens.between(s, e)
    if not inner or inner[-1].pos not in r.name_end_pos or any(is_function_word(t) for t in inner):
        return None
    if ctx.covering("Organization", s, e) is not None:
        return None
    return ctx.add_mention("Organization", ctx.text[s:e], (s, e))


def _referred_event(ctx: Context, r: RelationRules, all_occ: list[Occurrence], start: int,
                    verb_start: int) -> Mention | None:
    """'本届论坛由A、B联合主办': the event named before with the same head, else the article's main event."""
    ref = None
    for ref in r.event_back_reference.finditer(ctx.text, start, verb_start):
        pass
    if ref is None:
        return None
    return referred_by_head(ctx, all_occ, start, ref.group("head"))


def hosts(ctx: Context, r: RelationRules, s: Sentence) -> None:
    """X举办Y, X于<date>在<place>举办的Y: the organisation that is the subject of a holding verb organised
    the event after it. Only dates, places and adverbs may stand between the subject and the verb, and
    a body right after 在/于 is the venue, not the host."""
    text = ctx.text
    for verb in r.host_verbs.finditer(text, s.start, s.end):
        link = r.host_object.match(text, verb.end())
        event = next((o for o in s.occ if o.mention.type == "Event" and link and o.start == link.end()), None)
        subject = last([o for o in s.occ if o.mention.type == "Organization" and s.start <= o.start
                        and o.end <= verb.start()])
        if event is None or subject is None or r.venue_marker.search(text, max(s.start, subject.start - 2),
                                                                      subject.start):
            continue
        gap = [(o.start, o.end) for o in s.occ if o.mention.type == "Place" and subject.end <= o.start]
        gap += [(d[0], d[1]) for d in s.dates if subject.end <= d[0]]
        rest, pos = [], subject.end
        for s_, e_ in sorted(gap):
            if s_ >= pos and e_ <= verb.start():
                rest.append(text[pos:s_])
                pos = e_
        rest.append(text[pos:verb.start()])
        if r.host_gap.fullmatch("".join(rest)):
            ctx.add_fact(event.mention, "organizer", subject.mention)
