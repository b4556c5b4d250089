"""Every name list the segmenter should know as one word: gazetteers, the mined lexicon, suffixes."""
from __future__ import annotations

import re
from functools import lru_cache

from kg import rules
from kg.extract.org_rules import gazetteer
from kg.extract.place_lexicon import place_lexicon


@lru_cache(maxsize=1)
def mined_org_names() -> frozenset[str]:
    """Organisation names mined from the unlabelled corpora (scripts/mine_lexicon.py); empty if not shipped."""
    if not (rules.RULES_DIR / "lexicon_orgs.yaml").exists():
        return frozenset()
    data = rules.load("lexicon_orgs")
    return frozenset(map(str, rules.require(data, "lexicon_orgs", "names", list)))


@lru_cache(maxsize=1)
def job_titles() -> frozenset[str]:
    """Every job title the people rules know (kg/rules/people.yaml `titles` and `post_titles`)."""
    people = rules.load("people")
    return frozenset(str(t) for key in ("titles", "post_titles") for t in rules.require(people, "people", key, list))


def longest_first(words) -> str:
    """A regex alternation of the words, longest first (so 副总裁 wins over 总裁), ties in order."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def user_words() -> tuple[tuple[str, str], ...]:
    """(word, POS tag) pairs, sorted: known organisations as nt, places as ns, the token words as tagged."""
    words: dict[str, str] = {}
    for name in mined_org_names():
        words[name] = "nt"
    for name in gazetteer().label_of:
        words[name] = "nt"
    for name in place_lexicon().label_of:
        if len(name) >= 2:
            words[name] = "ns"
    plain = rules.require(rules.load("tokens"), "tokens", "user_words", dict)  # suffixes, titles
    words.update({str(k): str(v) for k, v in plain.items()})
    # Names with spaces or of one character would only confuse the segmenter.
    return tuple(sorted((w, t) for w, t in words.items() if len(w) >= 2 and " " not in w))
