"""The place gazetteer (kg/rules/places.yaml) as one compiled pattern, shared by places and organisations."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg import rules
from kg.extract.trie import trie_pattern

_SECTIONS = ("provinces", "cities", "countries", "areas")


@dataclass(frozen=True)
class PlaceLexicon:
    label_of: dict[str, str]  # surface form -> preferred label
    forms_of: dict[str, frozenset[str]]  # label -> every form
    pattern: re.Pattern  # any surface form, longest first


@lru_cache(maxsize=1)
def place_lexicon() -> PlaceLexicon:
    data = rules.load("places")
    skip = set(rules.require(data, "places", "skip", list))
    label_of: dict[str, str] = {}
    forms_of: dict[str, frozenset[str]] = {}
    for section in _SECTIONS:
        for label, others in rules.require(data, "places", section, dict).items():
            forms = {str(label), *map(str, others or ())} - skip
            forms_of[str(label)] = frozenset(forms)
            for f in forms:
                label_of[f] = str(label)
    return PlaceLexicon(label_of=label_of, forms_of=forms_of, pattern=re.compile(trie_pattern(label_of)))
