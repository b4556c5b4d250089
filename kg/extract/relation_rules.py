"""The cue words and patterns of rules/relations.yaml, compiled once for the relation extractors."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg import rules


@dataclass(frozen=True)
class RelationRules:
    sentence_end: re.Pattern
    publish: re.Pattern
    organize: re.Pattern
    non_organize: re.Pattern
    event_back_reference: re.Pattern
    sentence_continues: re.Pattern
    parent_marker: re.Pattern
    held: dict[str, re.Pattern]
    location_marker: re.Pattern
    event_reference: re.Pattern
    closing: re.Pattern
    opening: re.Pattern
    parent_after: re.Pattern
    parent_whole: re.Pattern
    parent_reference: re.Pattern
    sub_forum_cue: re.Pattern
    sub_event_heads: frozenset[str]
    inherited: frozenset[str]
    venue: re.Pattern
    opening_gap: re.Pattern
    opening_comma: re.Pattern
    release_at_reference: re.Pattern
    coordination_separator: re.Pattern
    organizer_piece: re.Pattern
    name_end_pos: frozenset[str]
    acronym_aside: re.Pattern
    sub_event_verbs: re.Pattern
    held_attributive: re.Pattern
    host_verbs: re.Pattern
    host_object: re.Pattern
    host_gap: re.Pattern
    venue_marker: re.Pattern
    coordination: re.Pattern
    possessive: re.Pattern  # between an organisation and the report it published: X的《R》


def words(items: list[str]) -> re.Pattern:
    # Longest first, so 联合主办 wins over 主办.
    return re.compile("|".join(re.escape(w) for w in sorted(items, key=len, reverse=True)))


@lru_cache(maxsize=1)
def relation_rules() -> RelationRules:
    data = rules.load("relations")
    need = lambda key, kind=list: rules.require(data, "relations", key, kind)  # noqa: E731
    held = need("held_verbs", dict)
    return RelationRules(
        sentence_end=re.compile(need("sentence_end", str)),
        publish=words(need("publish_verbs")),
        organize=words(need("organize_verbs")),
        non_organize=words(need("non_organize_verbs")),
        event_back_reference=re.compile(need("event_back_reference", str)),
        sentence_continues=re.compile(need("sentence_continues", str)),
        parent_marker=words(need("parent_markers")),
        held={kind: words(held[kind]) for kind in ("both", "start", "end")},
        location_marker=words(need("location_markers")),
        event_reference=re.compile("|".join(need("event_references"))),
        closing=words(need("closing_words")),
        opening=words(need("opening_words")),
        parent_after=re.compile(need("parent_after", str)),
        parent_whole=re.compile(need("parent_whole", str)),
        parent_reference=re.compile(need("parent_reference", str)),
        sub_forum_cue=words(need("sub_forum_cues")),
        sub_event_heads=frozenset(map(str, need("sub_event_heads"))),
        inherited=frozenset(map(str, need("inherited_from_parent"))),
        venue=re.compile(need("venue", str)),
        opening_gap=re.compile(need("opening_gap", str)),
        opening_comma=re.compile(need("opening_comma", str)),
        release_at_reference=re.compile(need("release_at_reference", str)),
        coordination_separator=re.compile(need("coordination_separator", str)),
        organizer_piece=re.compile(need("organizer_piece", str)),
        name_end_pos=frozenset(map(str, need("name_end_pos"))),
        acronym_aside=re.compile(need("acronym_aside", str)),
        sub_event_verbs=words(need("sub_event_verbs")),
        held_attributive=re.compile(need("held_attributive", str)),
        host_verbs=words(need("host_verbs")),
        host_object=re.compile(need("host_object", str)),
        host_gap=re.compile(need("host_gap", str)),
        venue_marker=re.compile(need("venue_marker", str)),
        coordination=re.compile(need("coordination", str)),
        possessive=re.compile(need("possessive_publisher", str)),
    )
