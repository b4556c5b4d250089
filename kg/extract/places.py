"""Places: cities, provinces, countries, towns and venues (在京 -> 北京).

A gazetteer name inside an organisation's name (北京 in 北京微步在线科技有限公司) is not a place
mention; a venue is what an event is held in (在X举办), including a body's own premises.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg import rules
from kg.extract.context import Context
from kg.extract.place_lexicon import place_lexicon
from kg.extract.trie import trie_pattern


@dataclass(frozen=True)
class PlaceRules:
    abbreviation: re.Pattern
    full_of_abbreviation: dict[str, str]
    not_followed_by: tuple[str, ...]
    venue: re.Pattern
    venue_suffix: re.Pattern


@lru_cache(maxsize=1)
def place_rules() -> PlaceRules:
    d = rules.load("places")
    abbr = {str(k): str(v) for k, v in rules.require(d, "places", "abbreviations", dict).items()}
    before, after = (rules.require(d, "places", k, str) for k in ("abbreviation_before", "abbreviation_after"))
    chars = rules.require(d, "places", "venue_name_chars", str)
    longest = int(d.get("venue_max_len", 24))
    try:
        return PlaceRules(
            abbreviation=re.compile(f"{before}(?P<abbr>{trie_pattern(abbr)})(?={after})"),
            full_of_abbreviation=abbr,
            not_followed_by=tuple(map(str, rules.require(d, "places", "not_followed_by", list))),
            venue=re.compile(f"{rules.require(d, 'places', 'venue_context_before', str)}"
                             f"(?P<venue>{chars}{{2,{longest}}}?)"
                             f"(?={rules.require(d, 'places', 'venue_context_after', str)})"),
            venue_suffix=re.compile(f"(?:{trie_pattern(map(str, rules.require(d, 'places', 'venue_suffixes', list)))})$"),
        )
    except re.error as exc:
        raise rules.RuleFileError(f"{rules.RULES_DIR / 'places.yaml'}: bad pattern: {exc}") from None


def run(ctx: Context) -> None:
    lex, r = place_lexicon(), place_rules()
    text = ctx.text
    for m in lex.pattern.finditer(text):
        if text.startswith(r.not_followed_by, m.end()) or ctx.overlaps("Organization", m.start(), m.end()):
            continue
        label = lex.label_of[m.group()]
        ctx.add_mention("Place", label, m.span(), {m.group()} - {label})
    for m in r.abbreviation.finditer(text):
        abbr = m.group("abbr")
        ctx.add_mention("Place", r.full_of_abbreviation[abbr], m.span("abbr"), {abbr})
    for m in r.venue.finditer(text):
        _venue(ctx, m.group("venue"), m.start("venue"))


def _venue(ctx: Context, name: str, start: int) -> None:
    """在X举办: X is a venue if it ends like one or is exactly an organisation named there."""
    r, lex = place_rules(), place_lexicon()
    end = start + len(name)
    suffix = r.venue_suffix.search(name)
    org = ctx.covering("Organization", start, end)
    is_org_premises = org is not None and (start, end) in org.spans
    if not is_org_premises and (suffix is None or len(name) - len(suffix.group()) < 2):
        return
    # 北京国家会议中心: the city is a place of its own, the venue keeps the full form as an alt label.
    city = lex.pattern.match(name)
    rest = name[city.end():] if city else name
    if city and (is_org_premises or len(rest) - (len(suffix.group()) if suffix else 0) >= 2):
        ctx.add_mention("Place", lex.label_of[city.group()], (start, start + city.end()), {city.group()} - {lex.label_of[city.group()]})
        ctx.add_mention("Place", rest, (start + city.end(), end), {name})
    else:
        ctx.add_mention("Place", name, (start, end))
