"""Event names: rules (rules/events.yaml), label clean-up, editions and the name variants of one event.

Kept apart from the finder (events.py) so the naming rules can be tested and reused on their own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg import rules
from kg.extract.numerals import parse_number


@dataclass(frozen=True)
class EventRules:
    head: re.Pattern  # any head, longest first
    final_head: re.Pattern  # the head a name ends with; searched, the leftmost start is the longest head
    strong_heads: frozenset[str]
    name_run: re.Pattern  # a maximal run of name units ending where the search ends
    max_name_length: int
    stops: re.Pattern
    right_blockers: re.Pattern
    leading_junk: re.Pattern
    year: re.Pattern
    edition: re.Pattern
    edition_suffix: re.Pattern
    coordinated_edition: re.Pattern
    year_or_edition: re.Pattern
    drop_parenthetical: re.Pattern
    acronym_parenthetical: re.Pattern
    quotes: re.Pattern
    brand: re.Pattern
    leading_year: re.Pattern
    generic: re.Pattern  # a whole core made of generic words
    not_events: tuple[str, ...]
    site_heads: frozenset[str]
    site_core: re.Pattern  # a web forum's core ends with one of these
    site_right_context: re.Pattern
    lead_strip_pos: frozenset[str]  # POS tags of tokens a name never starts with
    lead_verb_pos: frozenset[str]  # verbs: dropped at the start when followed by lead_verb_follow_pos
    lead_verb_follow_pos: frozenset[str]
    lead_light_verbs: frozenset[str]  # verb tokens a name never starts with, whatever follows
    inner_cut_pos: frozenset[str]  # POS tags of tokens after which a name starts, wherever they stand
    inner_keep: frozenset[str]  # such tokens that join parts of a name (与, 和)


@lru_cache(maxsize=1)
def event_rules() -> EventRules:
    data = rules.load("events")

    def get(key: str, kind: type = str):
        return rules.require(data, "events", key, kind)

    def compile_(pattern: str, key: str) -> re.Pattern:
        try:  # verbose: long patterns are folded over lines in the YAML; spaces are written \x20
            return re.compile(pattern, re.X)
        except re.error as exc:
            raise rules.RuleFileError(f"{rules.RULES_DIR / 'events.yaml'}: bad pattern '{key}': {exc}") from None

    def alternation(words) -> str:
        return "|".join(re.escape(str(w)) for w in sorted(words, key=len, reverse=True))

    heads, weak = get("heads", list), get("weak_heads", list)
    return EventRules(
        head=compile_(alternation([*heads, *weak]), "heads"),
        final_head=compile_(f"(?:{alternation([*heads, *weak])})\\Z", "heads"),
        strong_heads=frozenset(map(str, heads)),
        name_run=compile_(f"(?:{get('name_unit')})+\\Z", "name_unit"),
        max_name_length=int(get("max_name_length", int)),
        # longest first, so 各类 wins over 各
        stops=compile_("|".join(sorted(map(str, get("stops", list)), key=len, reverse=True)), "stops"),
        right_blockers=compile_(get("right_blockers"), "right_blockers"),
        leading_junk=compile_(get("leading_junk"), "leading_junk"),
        year=compile_(get("year"), "year"),
        edition=compile_(get("edition"), "edition"),
        edition_suffix=compile_(get("edition_suffix"), "edition_suffix"),
        coordinated_edition=compile_(get("coordinated_edition"), "coordinated_edition"),
        year_or_edition=compile_(get("year_or_edition"), "year_or_edition"),
        drop_parenthetical=compile_(get("drop_parenthetical"), "drop_parenthetical"),
        acronym_parenthetical=compile_(get("acronym_parenthetical"), "acronym_parenthetical"),
        quotes=compile_(get("quotes"), "quotes"),
        brand=compile_(get("brand"), "brand"),
        leading_year=compile_(get("leading_year"), "leading_year"),
        generic=compile_("(?:" + "|".join([*map(str, get("generic_patterns", list)), alternation(
            [*get("generic_words", list), *get("generic_domain_words", list)])]) + ")*", "generic_words"),
        not_events=tuple(map(str, get("not_events", list))),
        site_heads=frozenset(map(str, get("site_heads", list))),
        site_core=compile_(f"(?:{alternation(get('site_core_words', list))})\\Z", "site_core_words"),
        site_right_context=compile_(get("site_right_context"), "site_right_context"),
        lead_strip_pos=frozenset(map(str, get("lead_strip_pos", list))),
        lead_verb_pos=frozenset(map(str, get("lead_verb_pos", list))),
        lead_verb_follow_pos=frozenset(map(str, get("lead_verb_follow_pos", list))),
        inner_cut_pos=frozenset(map(str, get("inner_cut_pos", list))),
        lead_light_verbs=frozenset(map(str, get("lead_light_verbs", list))),
        inner_keep=frozenset(map(str, get("inner_keep", list))),
    )


def clean_label(raw: str) -> str:
    """The label of a name as written, without quotes and 以下简称 asides."""
    r = event_rules()
    return r.quotes.sub("", r.drop_parenthetical.sub("", raw)).strip()


def head_of(name: str) -> str | None:
    """The head word the name ends with (the longest), or None."""
    r = event_rules()
    m = r.final_head.search(_without_edition_suffix(name))
    return m.group(0) if m else None


def _without_edition_suffix(name: str) -> str:
    """网安大讲堂（一期） → 网安大讲堂: the bracketed edition after the head."""
    m = re.search(f"(?:{event_rules().edition_suffix.pattern})\\Z", name, re.X)
    return name[: m.start()] if m else name


def edition(name: str) -> int | None:
    m = event_rules().edition.search(name)
    if m is None:
        return None
    return 1 if m.group("first") else parse_number(m.group("num") or m.group("bare"))


def year(name: str) -> str | None:
    m = event_rules().year.search(name)
    return m.group(0)[:4] if m else None


def series(label: str) -> str:
    """The name without its year and edition: 2024（第二十三届）中国互联网大会 → 中国互联网大会."""
    return _tidy(event_rules().year_or_edition.sub("", label))


def is_web_forum(name: str, after: str) -> bool:
    """地下论坛, 黑客论坛, XX论坛上出售: a web forum, not an event. `after` is the text after the name."""
    r = event_rules()
    head = head_of(name)
    if head not in r.site_heads:
        return False
    return bool(r.site_core.search(_without_edition_suffix(name)[: -len(head)]) or r.site_right_context.match(after))


def is_proper(name: str) -> bool:
    """Whether a candidate names one event rather than a kind of event (本次大会, 分论坛, 新闻发布会)."""
    r = event_rules()
    head = head_of(name)
    if head is None or any(name.endswith(x) for x in r.not_events):
        return False
    core = _tidy(r.year_or_edition.sub("", r.acronym_parenthetical.sub("", _without_edition_suffix(clean_label(name))[: -len(head)])))
    if len(core) < 2 or r.generic.fullmatch(core):
        return False
    if head not in r.strong_heads:  # 会议, 座谈会: only with a year, an edition or a quoted brand
        return bool(r.year.search(name) or r.edition.search(name) or r.quotes.search(name))
    return True


def variants(label: str) -> set[str]:
    """Other names of the event a label names: without edition, without year, the series, 2024 ↔ 2024年,
    without a bracketed acronym. Only forms that still name something are kept."""
    r = event_rules()
    out = {_tidy(r.acronym_parenthetical.sub("", label))}
    no_edition = _tidy(re.sub(r.edition.pattern, "", _unwrap_editions(label)))
    no_year = _tidy(r.year.sub("", _unwrap_editions(label)))
    out |= {no_edition, no_year, series(label)}
    lead = r.leading_year.match(no_edition)
    if lead:  # 2024中国互联网大会 and 2024年中国互联网大会 are both written
        out.add(lead.group(1) + ("" if lead.group(2) else "年") + no_edition[lead.end():])
    return {v for v in out if v and v != label and is_proper(v)}


def brand(label: str) -> str | None:
    m = event_rules().brand.match(label)
    return m.group(1) if m else None


def _unwrap_editions(label: str) -> str:
    """（第二十三届） → 第二十三届, so removing the year leaves 第二十三届中国互联网大会."""
    return re.sub(r"[（(]\s*(" + event_rules().edition.pattern + r")\s*[）)]", r"\1", label, flags=re.X)


def _tidy(name: str) -> str:
    """What removing a year or edition leaves behind: empty brackets, doubled spaces, dangling separators."""
    name = re.sub(r"[（(]\s*[）)]", "", name).replace("  ", " ")
    return name.strip(" ·•・-－—")
