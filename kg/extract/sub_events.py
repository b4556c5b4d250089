"""Sub-events (partOf): 在X上举办Y, X期间举行Y, Y作为X的一部分, 设置3场分论坛：A论坛、B论坛; and the dates a
sub-event with none of its own takes from its parent."""
from __future__ import annotations

from kg.extract.context import Context
from kg.extract.relation_rules import RelationRules
from kg.extract.sentences import Occurrence, Sentence, main_event, referred_by_head
from kg.model import Mention

JOINT = "暨"  # W暨X: one event known by two names


def sub_events(ctx: Context, r: RelationRules, s: Sentence, all_occ: list[Occurrence]) -> None:
    """在X上举办Y, X期间举行Y → Y partOf X; Y作为X的一部分 / Y是X的分论坛 → Y partOf X."""
    text, start, end = ctx.text, s.start, s.end
    events = [o for o in s.occ if o.mention.type == "Event"]
    if not events:
        return
    ref = r.parent_reference.search(text, start, end)
    if ref:  # 大会期间将举办Y: the conference the article named before
        parent = referred_by_head(ctx, all_occ, start, ref.group("head"))
        verb = r.sub_event_verbs.search(text, ref.end(), end)
        for y in events:
            if parent is not None and verb and y.start >= verb.start():
                _part_of(ctx, y.mention, parent)
    if r.sub_forum_cue.search(text, start, end):  # 设置3场分论坛：A论坛、B论坛: sub-events of the main event
        main = main_event(ctx)
        for y in events:
            if main is not None and y.mention.attrs.get("head") in r.sub_event_heads and not _has_parent(ctx, y.mention) \
                    and main.attrs.get("head") not in r.sub_event_heads:
                _part_of(ctx, y.mention, main)
    for x in events:
        after = r.parent_after.match(text, x.end)
        if after and (after.group("at") is None or text[:x.start].rstrip().endswith(("在", "于"))):
            verb = r.sub_event_verbs.search(text, after.end(), end)
            for y in events:
                if verb and y.start >= verb.start() and not _nested(x, y):
                    _part_of(ctx, y.mention, x.mention)
        whole = r.parent_whole.match(text, x.end)
        if whole:
            for y in events:
                if y.end <= x.start and not _nested(x, y):
                    _part_of(ctx, y.mention, x.mention)


def joint_parents(ctx: Context, all_occ: list[Occurrence]) -> None:
    """W暨X“Y”分论坛: the joint event W暨X holds the sub-event, so Y, named part of X, is part of W too."""
    ends = {o.end: o.mention for o in all_occ if o.mention.type == "Event"}
    starts = {}
    for o in all_occ:
        if o.mention.type == "Event":
            starts.setdefault(o.mention.id, []).append(o.start)
    by_id = {m.id: m for m in ctx.mentions}
    for f in list(ctx.facts):
        if f.prop != "partOf" or not isinstance(f.obj, str) or f.obj[1:] not in by_id or f.subject not in by_id:
            continue
        for p in starts.get(f.obj[1:], []):
            other = ends.get(p - len(JOINT)) if ctx.text[p - len(JOINT):p] == JOINT else None
            if other is not None and other.id not in (f.subject, f.obj[1:]):
                _part_of(ctx, by_id[f.subject], other)


def _has_parent(ctx: Context, event: Mention) -> bool:
    return any(f.prop == "partOf" for f in ctx.facts_about(event))


def _nested(a: Occurrence, b: Occurrence) -> bool:
    return a.start <= b.start < a.end or b.start <= a.start < b.end


def _part_of(ctx: Context, child: Mention, parent: Mention) -> None:
    if child is parent or any(f.prop == "partOf" and f.obj == f"@{child.id}"
                              for f in ctx.facts_about(parent)):
        return
    ctx.add_fact(child, "partOf", parent)


def inherit_from_parents(ctx: Context, props: frozenset[str]) -> None:
    """A sub-event with no date (or place) of its own took place when (and where) its parent did; which
    facts are inherited is set in rules/relations.yaml (inherited_from_parent). Dates only from a one-day
    parent: a sub-forum of a two-day conference is held on one of the days, not over both."""
    by_id = {m.id: m for m in ctx.mentions}
    for f in list(ctx.facts):
        if f.prop != "partOf" or not isinstance(f.obj, str) or f.obj[1:] not in by_id:
            continue
        child, parent = by_id[f.subject], by_id[f.obj[1:]]
        own = {g.prop for g in ctx.facts_about(child)}
        parent_facts = [g for g in ctx.facts_about(parent) if g.prop in props]
        days = {g.obj for g in parent_facts if g.prop in ("startDate", "endDate")}
        if len(days) > 1:
            parent_facts = [g for g in parent_facts if g.prop not in ("startDate", "endDate")]
        for g in parent_facts:
            if g.prop not in own and not ({"startDate", "endDate"} & own and g.prop != "location"):
                ctx.add_fact(child, g.prop, by_id[g.obj[1:]] if isinstance(g.obj, str) and g.obj.startswith("@")
                             else g.obj)
