"""The place gazetteer (kg/rules/places.yaml) as one compiled pattern, shared by places and organisations."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg import rules
from kg.extract.trie import trie_pattern

# Sections of "label: [other forms]"; `regions` are known names but never Place mentions (see places.yaml).
_SECTIONS = ("provinces", "cities", "world_cities", "countries", "areas", "regions")
# Sections that are plain lists of city names, each also written with 市.
_CITY_LISTS = ("more_cities",)


@dataclass(frozen=True)
class PlaceLexicon:
    label_of: dict[str, str]  # surface form -> preferred label
    forms_of: dict[str, frozenset[str]]  # label -> every form
    pattern: re.Pattern  # any surface form, longest first
    regions: frozenset[str]  # labels of continents and macro-regions: names, not Place mentions


@lru_cache(maxsize=1)
def place_lexicon() -> PlaceLexicon:
    data = rules.load("places")
    skip = set(rules.require(data, "places", "skip", list))
    entries: list[tuple[str, list[str]]] = []
    for section in _SECTIONS:
        for label, others in rules.require(data, "places", section, dict).items():
            entries.append((str(label), [str(o) for o in others or ()]))
    for section in _CITY_LISTS:
        entries += [(str(city), [f"{city}市"]) for city in rules.require(data, "places", section, list)]
    label_of: dict[str, str] = {}
    forms_of: dict[str, frozenset[str]] = {}
    for label, others in entries:
        if label in forms_of:  # the first section naming a place wins (a province before a city list)
            continue
        forms = {label, *others} - skip
        forms_of[label] = frozenset(forms)
        for f in sorted(forms):
            label_of.setdefault(f, label)
    regions = frozenset(map(str, rules.require(data, "places", "regions", dict)))
    return PlaceLexicon(label_of=label_of, forms_of=forms_of, pattern=re.compile(trie_pattern(label_of)),
                        regions=regions)
