"""Organisation rules (kg/rules/organizations.yaml, gazetteer_orgs.yaml), loaded and compiled once."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg import rules
from kg.extract.trie import trie_pattern


def _words(data: dict, key: str, name: str = "organizations") -> list[str]:
    return [str(w) for w in rules.require(data, name, key, list)]


def _compile(source: str, name: str) -> re.Pattern:
    try:
        return re.compile(source)
    except re.error as exc:
        raise rules.RuleFileError(f"{rules.RULES_DIR / (name + '.yaml')}: bad pattern: {exc}") from None


@dataclass(frozen=True)
class Gazetteer:
    label_of: dict[str, str]  # surface form -> canonical name
    pattern: re.Pattern
    not_followed_by: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class OrgRules:
    suffix: re.Pattern  # any suffix, longest first, not followed by a word-continuing character
    name_run: re.Pattern  # the run of name units ending where a suffix starts
    max_name_len: int
    strong: frozenset[str]
    all_suffixes: tuple[str, ...]
    unit: frozenset[str]
    department_tail: re.Pattern
    left_boundary: re.Pattern
    soft_boundaries: frozenset[str]
    protected: re.Pattern
    bad_start: re.Pattern
    bad_tail_start: re.Pattern  # after a known name: 谷歌|其他情报团队 is no unit of it
    specific_start: re.Pattern
    generic_names: frozenset[str]
    generic_head: re.Pattern  # a prefix made only of generic words
    min_prefix_len: int
    max_unspecific_prefix_len: int
    acronym_after: re.Pattern
    short_name_after: re.Pattern
    outlet: re.Pattern
    context: tuple[re.Pattern, ...]
    list_separator: re.Pattern
    context_item_max_len: int
    brand_ending: re.Pattern
    brand_clause: re.Pattern
    parent_link: re.Pattern
    specific_after: re.Pattern  # a name right after 旗下 needs no specific start (腾讯旗下玄武实验室)
    item_chars: re.Pattern
    venue_suffix: re.Pattern  # names of venues are places (国家会议中心)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    data = rules.load("gazetteer_orgs")
    label_of: dict[str, str] = {}
    for section, entries in data.items():
        if section == "not_followed_by":
            continue
        if not isinstance(entries, dict):
            raise rules.RuleFileError(f"gazetteer_orgs.yaml: section '{section}' must be a mapping")
        for label, aliases in entries.items():
            for form in (str(label), *map(str, aliases or ())):
                label_of[form] = str(label)
    nfb = {str(k): tuple(map(str, v)) for k, v in (data.get("not_followed_by") or {}).items()}
    # Latin and digit forms must stand as whole words (CNNVD, not CNNVDX; 360, not 3600).
    pattern = _compile(f"(?<![A-Za-z0-9])(?:{trie_pattern(label_of)})(?![A-Za-z0-9])", "gazetteer_orgs")
    return Gazetteer(label_of=label_of, pattern=pattern, not_followed_by=nfb)


def _suffix_src(suffix: str, not_after: dict) -> str:
    tails = [t for end, ts in not_after.items() if suffix.endswith(str(end)) for t in ts]
    return re.escape(suffix) + (f"(?!{trie_pattern(map(str, tails))})" if tails else "")


@lru_cache(maxsize=1)
def org_rules() -> OrgRules:
    d = rules.load("organizations")
    strong, weak, unit = (_words(d, k) for k in ("strong_suffixes", "weak_suffixes", "unit_suffixes"))
    unit_src = rules.require(d, "organizations", "name_unit", str)
    not_after = rules.require(d, "organizations", "suffix_not_followed_by", dict)
    # Each suffix with its own lookahead, so 中心化 is no 中心 but 公司内部 still ends a 公司.
    suffixes = sorted(strong + weak, key=len, reverse=True)
    suffix_src = "|".join(_suffix_src(s, not_after) for s in suffixes)
    generic_heads = trie_pattern(_words(d, "generic_brand_heads"))
    c = lambda src: _compile(src, "organizations")  # noqa: E731
    return OrgRules(
        suffix=c(suffix_src),
        name_run=c(f"{unit_src}+$"),
        max_name_len=int(d.get("max_name_len", 30)),
        strong=frozenset(strong),
        all_suffixes=tuple(suffixes),
        unit=frozenset(unit),
        department_tail=c(rules.require(d, "organizations", "department_tail", str)),
        left_boundary=c("|".join(f"(?:{b})" for b in _words(d, "left_boundaries"))),
        soft_boundaries=frozenset(_words(d, "soft_boundaries")),
        protected=c(trie_pattern(_words(d, "protected_words"))),
        bad_start=c(f"^(?:{trie_pattern(_words(d, 'bad_starts'))})"),
        bad_tail_start=c(f"^(?:{trie_pattern(_words(d, 'bad_tail_starts'))})"),
        specific_start=c(f"^(?:{trie_pattern(_words(d, 'specific_starts'))}|[A-Za-z]{{5}}|[0-9])"),
        generic_names=frozenset(_words(d, "generic_names")),
        generic_head=c(f"^(?:{generic_heads})+$"),
        min_prefix_len=int(d.get("min_prefix_len", 2)),
        max_unspecific_prefix_len=int(d.get("max_unspecific_prefix_len", 12)),
        acronym_after=c(rules.require(d, "organizations", "acronym_after", str)),
        short_name_after=c(rules.require(d, "organizations", "short_name_after", str)),
        outlet=c(rules.require(d, "organizations", "outlet", str)),
        context=tuple(c(p) for p in _words(d, "context_patterns")),
        list_separator=c(rules.require(d, "organizations", "list_separators", str)),
        context_item_max_len=int(d.get("context_item_max_len", 16)),
        brand_ending=c(f"(?:{trie_pattern(_words(d, 'brand_endings'))})$"),
        brand_clause=c(rules.require(d, "organizations", "brand_clause", str)),
        specific_after=c(rules.require(d, "organizations", "specific_after", str)),
        parent_link=c(rules.require(d, "organizations", "parent_links", str)),
        item_chars=c(r"^[\u4e00-\u9fffA-Za-z0-9·&（）()]+$"),
        venue_suffix=c(f"(?:{trie_pattern(_words(rules.load('places'), 'venue_suffixes', 'places'))})$"),
    )
