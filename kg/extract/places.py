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
from kg.extract.spans import Containers
from kg.extract.place_lexicon import place_lexicon
from kg.extract.tokens import tokenize
from kg.extract.trie import trie_pattern


@dataclass(frozen=True)
class PlaceRules:
    abbreviation: re.Pattern
    full_of_abbreviation: dict[str, str]
    not_followed_by: tuple[str, ...]
    venue: re.Pattern
    venue_suffix: re.Pattern
    org_legal_endings: tuple[str, ...]
    venue_national_starts: tuple[str, ...]
    unit_endings: tuple[str, ...]
    district_endings: tuple[str, ...]


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
            unit_endings=tuple(map(str, rules.require(d, "places", "unit_endings", list))),
            district_endings=tuple(map(str, rules.require(d, "places", "district_endings", list))),
            venue_national_starts=tuple(map(str, rules.require(d, "places", "venue_national_starts", list))),
            org_legal_endings=tuple(map(str, rules.require(d, "places", "org_legal_endings", list))),
            venue_suffix=re.compile(f"(?:{trie_pattern(map(str, rules.require(d, 'places', 'venue_suffixes', list)))})$"),
        )
    except re.error as exc:
        raise rules.RuleFileError(f"{rules.RULES_DIR / 'places.yaml'}: bad pattern: {exc}") from None


def run(ctx: Context) -> None:
    lex, r = place_lexicon(), place_rules()
    text = ctx.text
    venues = [v for m in r.venue.finditer(text) if (v := _venue(ctx, m.group("venue"), m.start("venue"),
                                                                 m.group("aside")))]
    in_event = Containers(s for m in ctx.mentions if m.type == "Event" for s in m.spans)
    in_venue = Containers((v.start, v.end) for v in venues)
    org_stems = _org_stems(ctx)
    hits: dict[str, list[tuple[int, int, str]]] = {}
    in_title = title_places(ctx)
    standalone: set[str] = set(in_title)
    for m in lex.pattern.finditer(text):
        s, e = m.span()
        stems = org_stems.get(m.group(), {})
        if not _is_place_word(ctx, text, s, e) or in_venue.covers(s, e) \
                or any(text[s:s + n] in same_length for n, same_length in stems.items()):
            continue
        label = lex.label_of[m.group()]
        hits.setdefault(label, []).append((s, e, m.group()))
        if not in_event.covers(s, e):
            standalone.add(label)
    for v in venues:
        _add_venue(ctx, v, standalone)
    # A place named only inside an event's name (北京 in 北京网络安全大会) is not a place mention.
    for label in sorted(hits, key=lambda k: hits[k][0][0]):
        if label in standalone:
            for s, e, form in hits[label]:
                ctx.add_mention("Place", label, (s, e), {form} - {label})
    for label in sorted(standalone - set(hits)):  # named in the title only: a mention without a span
        ctx.add_mention("Place", label, None, set(in_title[label]) - {label})
    for m in r.abbreviation.finditer(text):
        abbr = m.group("abbr")
        ctx.add_mention("Place", r.full_of_abbreviation[abbr], m.span("abbr"), {abbr})


def _org_stems(ctx: Context) -> dict[str, dict[int, set[str]]]:
    """Organisation names without their legal form, by the place word they start with, then by length
    (so a hit looks up the text after it once per length, however many stems start with its word)."""
    lex, r = place_lexicon(), place_rules()
    out: dict[str, dict[int, set[str]]] = {}
    for m in ctx.mentions:
        if m.type != "Organization":
            continue
        for name in sorted({m.label, *m.alt_labels}):
            stem = next((name[:-len(x)] for x in r.org_legal_endings if name.endswith(x)), None)
            head = lex.pattern.match(stem) if stem else None
            if head and len(stem) - head.end() >= 2:
                out.setdefault(head.group(), {}).setdefault(len(stem), set()).add(stem)
    return out


def _is_place_word(ctx: Context, text: str, s: int, e: int) -> bool:
    """A gazetteer hit is a place word when it is whole words (合法国防 holds no 法国), not a verb (等保定级),
    not the start of 北京时间, and not inside an organisation's name; regions are never places."""
    lex, r = place_lexicon(), place_rules()
    if lex.label_of[text[s:e]] in lex.regions or text.startswith(r.not_followed_by, e):
        return False
    if not ctx.tokens.on_boundaries(s, e):
        return False
    inner = ctx.tokens.between(s, e)
    if len(inner) == 1 and inner[0].pos.startswith("v"):
        return False
    return not ctx.overlaps("Organization", s, e)


def title_places(ctx: Context) -> dict[str, list[str]]:
    """Places the title names on their own (not inside an organisation or event named there): label ->
    forms. Empty when the clean text repeats the title (the body pass sees it then)."""
    title = ctx.title or ""
    if not title or ctx.text.lstrip("# ").startswith(title[:12]):
        return {}
    return _title_places(ctx, title)


def _title_places(ctx: Context, title: str) -> dict[str, list[str]]:
    lex, r = place_lexicon(), place_rules()
    tokens = tokenize(title)
    names = [n for m in ctx.mentions if m.type in ("Organization", "Event") for n in (m.label, *m.alt_labels)]
    inside = [(i, i + len(n)) for n in names if len(n) > 2 for i in _all(title, n)]
    # A quoted phrase in a title is a name (亮相“S创上海2024”): a place inside it is not used on its own.
    inside += [q.span() for q in _QUOTED.finditer(title) if q.group(1) not in lex.label_of]
    # A city written into a venue's name (在杭州国际博览中心举行) is part of that name.
    inside += [v.span("venue") for v in r.venue.finditer(title)
               if r.venue_suffix.search(v.group("venue")) and not any(c in _SEPARATORS for c in v.group("venue"))]
    out: dict[str, list[str]] = {}
    for m in lex.pattern.finditer(title):
        s, e = m.span()
        label = lex.label_of[m.group()]
        if label in lex.regions or title.startswith(r.not_followed_by, e) or not tokens.on_boundaries(s, e):
            continue
        if any(a <= s and e <= b for a, b in inside):
            continue
        out.setdefault(label, []).append(m.group())
    for m in r.abbreviation.finditer(title):
        out.setdefault(r.full_of_abbreviation[m.group("abbr")], []).append(m.group("abbr"))
    return out


def _all(text: str, needle: str) -> list[int]:
    out, i = [], text.find(needle)
    while i >= 0:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


_QUOTED = re.compile(r"[“「『\"]([^”」』\"]{1,30})[”」』\"]")
_SEPARATORS = "·・• "


@dataclass(frozen=True)
class Venue:
    start: int
    end: int
    name: str
    aside: str | None  # an acronym given in brackets after it (ABC)
    address: tuple[tuple[int, int, str], ...]  # places written in front: (start, end, label), in order
    own_name: bool  # the rest is a name by itself (北京·X中心, 北京国家会议中心, 深圳市南山区X体育中心)
    is_org_premises: bool

    @property
    def rest_start(self) -> int:
        return self.address[-1][1] if self.address else self.start


def _venue(ctx: Context, name: str, start: int, aside: str | None = None) -> Venue | None:
    """在X举办: X is a venue if it ends like one or is exactly an organisation named there."""
    r = place_rules()
    cut = max(name.rfind("在"), name.rfind("于"))  # 于10月17日在X酒店: the venue follows the last marker
    if cut >= 0:
        start, name = start + cut + 1, name[cut + 1:]
    end = start + len(name)
    lead = len(name) - len(name.lstrip(_SEPARATORS))
    start, name = start + lead, name[lead:]
    if len(name) < 2 or not ctx.tokens.is_start(start):
        return None
    suffix = r.venue_suffix.search(name)
    org = ctx.covering("Organization", start, end)
    is_org_premises = org is not None and (start, end) in org.spans
    if not is_org_premises and (suffix is None or len(name) - len(suffix.group()) < 2):
        return None
    address, administrative, pos = _address(ctx, start, end - (len(suffix.group()) if suffix else 0) - 2)
    rest = ctx.text[pos:end].lstrip(_SEPARATORS)
    own_name = bool(address) and (administrative or ctx.text[pos:pos + 1] in _SEPARATORS
                                  or rest in place_lexicon().label_of or rest.startswith(r.venue_national_starts))
    if address and len(rest) < 4:
        address = ()
    return Venue(start, end, name, aside, address, own_name, is_org_premises)


def _address(ctx: Context, start: int, limit: int) -> tuple[tuple[tuple[int, int, str], ...], bool, int]:
    """Places written in front of a venue's name (深圳市南山区, 浙江杭州): (parts, whether any is written
    as an administrative unit (市, 省, 区), where the rest starts). Parts never reach `limit`."""
    lex, r = place_lexicon(), place_rules()
    parts: list[tuple[int, int, str]] = []
    administrative, pos = False, start
    while pos < limit:
        m = lex.pattern.match(ctx.text, pos)
        if m and m.end() <= limit:
            parts.append((m.start(), m.end(), lex.label_of[m.group()]))
            administrative |= m.group() != lex.label_of[m.group()] and m.group().endswith(r.unit_endings)
            pos = m.end()
            continue
        tok = ctx.tokens.after(pos)
        if tok is None or tok.start != pos or tok.end > limit or not tok.text.endswith(r.district_endings) \
                or not 2 <= len(tok.text) <= 5 or tok.pos != "ns":
            break
        parts.append((tok.start, tok.end, tok.text))
        administrative, pos = True, tok.end
    return tuple(parts), administrative, pos


def _add_venue(ctx: Context, v: Venue, standalone: set[str]) -> None:
    """The venue keeps a city written into its name (上海五角场凯悦酒店 when 上海 is not used on its own);
    the places in front are places of their own when set off (北京·X会议中心), written as an address
    (深圳市南山区X), in front of a venue with a name of its own (北京国家会议中心), or used on their own
    elsewhere in the article."""
    alts = {v.aside} if v.aside else set()
    if v.address and not v.is_org_premises and (v.own_name or v.address[0][2] in standalone):
        for s, e, label in v.address:
            ctx.add_mention("Place", label, (s, e), {ctx.text[s:e]} - {label})
        rest = ctx.text[v.rest_start:v.end].lstrip(_SEPARATORS)
        ctx.add_mention("Place", rest, (v.end - len(rest), v.end), {v.name, *alts})
    else:
        ctx.add_mention("Place", v.name, (v.start, v.end), alts or None)
