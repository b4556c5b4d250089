"""Relations between the mentions of one sentence: who published, organised, hosted what, where and when.

Runs last. Works sentence by sentence (kg/extract/sentences.py) on mention occurrences and cue words from
rules/relations.yaml; a relation never crosses a sentence end. The relations themselves live in
event_relations (organisers), event_times (dates, places), sub_events (partOf) and report_relations
(publisher, release); this module runs them in order, events before the reports released at them.
"""
from __future__ import annotations

from kg.extract import organizer_lists
from kg.extract.context import Context
from kg.extract.event_relations import hosts, organizers
from kg.extract.event_times import EventDates, held, opening_dates, places_in_event_names
from kg.extract.relation_rules import relation_rules
from kg.extract.report_relations import account_reports, possessive_publishers, releases
from kg.extract.sentences import line_start, main_event, occurrences, sentences_with_mentions
from kg.extract.sub_events import inherit_from_parents, joint_parents, sub_events


def run(ctx: Context) -> None:
    r = relation_rules()
    all_occ = occurrences(ctx)
    if not all_occ:
        return
    sentences = sentences_with_mentions(ctx, all_occ, r.sentence_end, r.sentence_continues)
    event_dates: EventDates = {}
    list_lines = organizer_lists.organizers(ctx, lambda: main_event(ctx))
    for s in sentences:
        if line_start(ctx.text, s.start) not in list_lines:
            organizers(ctx, r, s, all_occ)
        held(ctx, r, s, all_occ, event_dates)
        hosts(ctx, r, s)
        opening_dates(ctx, r, s, event_dates)
        sub_events(ctx, r, s, all_occ)
    joint_parents(ctx, all_occ)
    inherit_from_parents(ctx, r.inherited)
    for s in sentences:
        if any(o.mention.type == "Report" for o in s.occ):
            releases(ctx, r, s, all_occ, event_dates)
            possessive_publishers(ctx, r, s)
    places_in_event_names(ctx, all_occ)
    account_reports(ctx)
