"""Events: conferences, summits, forums, ceremonies, competitions with a proper name.

A name is read leftwards from its head word (大会, 论坛, 仪式, …) over name characters, and starts after
the last stop word or date before the head (由…主办的 | 2024（第二十三届）中国互联网大会). A name that
continues past an inner head is a sub-event of the part before it (2025年全球数字经济大会 | 大数据创新应用
论坛), and X暨Y names one event known by both parts. Each event mention carries in `attrs`:
  head (the head word), series (name without year and edition), year and edition when written;
and the facts `edition` (int) and `partOf` (the parent event's mention).
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from kg.extract import event_names as names
from kg.extract.context import Context
from kg.extract.dates import parse_dates
from kg.extract.tokens import Token, Tokens, tokenize
from kg.resolve import norm_name

COMPOUND = "暨"  # X暨Y: one event with two names
OPEN_QUOTES = {"“": "”", "「": "」", '"': '"'}


@dataclass
class Found:
    label: str
    span: tuple[int, int] | None  # None for a name read in the article title
    alts: set[str] = field(default_factory=set)
    parent: str | None = None  # label of the event it is part of


def run(ctx: Context) -> None:
    found: list[Found] = []
    for start, end in _candidate_spans(ctx.text, ctx.tokens, _day_ends(ctx.dates)):
        planned = _plan(ctx.text[start:end], start)
        found += planned + _coordinated_editions(ctx.text, start, planned)
    found += _title_events(ctx)
    found = _merge_brand_short_forms(found)
    found = _merge_suffix_short_forms(found)
    _drop_ambiguous_alts(found)
    for f in found:
        label = f.label
        attrs = {"head": names.head_of(label) or "", "series": names.series(label)}
        edition, year = names.edition(label), names.year(label)
        if edition:
            attrs["edition"] = str(edition)
        if year:
            attrs["year"] = year
        mention = ctx.add_mention("Event", label, f.span, f.alts, **attrs)
        if edition:
            ctx.add_fact(mention, "edition", edition)
        parent = ctx.find("Event", f.parent) if f.parent else None
        if parent is not None and parent is not mention:
            ctx.add_fact(mention, "partOf", parent)


def _day_ends(dates) -> list[int]:
    """Ends of the day and month dates: a name never starts before one inside its run (7月2日2025年…大会)."""
    return sorted(end for _, end, value in dates if value.precision != "year")


def _coordinated_editions(text: str, start: int, planned: list[Found]) -> list[Found]:
    """第十四届及第十六届X赛: the name found is 第十六届X赛; the edition before 及 names 第十四届X赛 too."""
    r = names.event_rules()
    other = r.coordinated_edition.search(text, max(0, start - 16), start)
    if other is None or not planned:
        return []
    event = planned[-1]
    own = r.edition.match(event.label)
    if own is None:
        return []
    label = other.group("ed") + event.label[own.end():]
    return [Found(label, None, names.variants(label))] if names.is_proper(label) else []


def _title_events(ctx: Context) -> list[Found]:
    """Events named in the article title (正在报名中 | “X杯”攻防大赛): the article's subject even when the
    body only says 本次大赛. They carry no span: spans are offsets into the body."""
    title = ctx.title or ""
    if not title:
        return []
    out: list[Found] = []
    for start, end in _candidate_spans(title, tokenize(title), _day_ends(parse_dates(title, ctx.published))):
        for f in _plan(title[start:end], start):
            f.span = None
            out.append(f)
    return out


def _candidate_spans(text: str, tokens: Tokens, date_ends: list[int]) -> list[tuple[int, int]]:
    """(start, end) of each maximal name ending in a head; a name that is the start of a longer one
    (2024年世界互联网大会 in 2024年世界互联网大会乌镇峰会) is left to the longer one to split off."""
    r = names.event_rules()
    longest: dict[int, int] = {}
    for head in r.head.finditer(text):
        if r.right_blockers.match(text, head.end()):
            continue
        start = _name_start(text, tokens, head.start(), head.end(), date_ends)
        if start is None or names.is_web_forum(text[start:head.end()], text[head.end():head.end() + 8]):
            continue
        suffix = r.edition_suffix.match(text, head.end())
        longest[start] = max(longest.get(start, 0), suffix.end() if suffix else head.end())
    return sorted(longest.items())


def _name_start(text: str, tokens: Tokens, head_start: int, head_end: int, date_ends: list[int]) -> int | None:
    r = names.event_rules()
    run = r.name_run.search(text, max(0, head_start - r.max_name_length), head_start)
    if run is None:
        return None
    start, end = run.start(), head_start
    if start > 0 and text[start - 1] in OPEN_QUOTES and text[head_end:head_end + 1] == OPEN_QUOTES[text[start - 1]]:
        # A quoted name is trusted whole; only what precedes the quote (青马红客“精英训练营”) is cut.
        end = start - 1
        outer = r.name_run.search(text, max(0, end - r.max_name_length), end)
        start = outer.start() if outer else end
    for stop in r.stops.finditer(text, start, end):
        start = stop.end()
    i = bisect_right(date_ends, end)
    if i and date_ends[i - 1] > start:
        start = date_ends[i - 1]
    if start >= end and end < head_start:  # nothing kept before the quote: the name is the quoted part
        start = end + 1
    start = _skip_leading_function_tokens(tokens, start, head_start)
    start = _start_at_year_after_verb(text, tokens, start, head_start)
    # No name starts with a separator, or with the day of a dotted date (4.19上海…研讨会).
    start = r.leading_junk.match(text, start).end() if start < head_start else start
    return start if start < head_start else None


def _skip_leading_function_tokens(tokens: Tokens, start: int, end: int) -> int:
    """A name never starts with an adverb, preposition, pronoun, count (3场) or a verb governing what follows
    (分别以X论坛, 设置1场高峰论坛, 参加X峰会 → X论坛, 高峰论坛, X峰会). Years and editions (2024年,
    第一期) stay; a verb stays when a noun follows it (创新创业大赛), unless it is a light verb (有X大赛).
    Only whole tokens at the start are read."""
    r = names.event_rules()
    for tok in tokens.between(start, end):  # 特色论坛分别以X论坛: an adverb or preposition inside ends a phrase
        if tok.pos in r.inner_cut_pos and tok.text not in r.inner_keep and not _quoted(tokens, tok):
            start = tok.end
    i = tokens.index_at(start)
    while i < len(tokens) and tokens[i].start == start and tokens[i].end < end:
        tok, nxt = tokens[i], tokens[i + 1] if i + 1 < len(tokens) else None
        if not _leading_junk_token(r, tok, nxt):
            break
        start, i = tok.end, i + 1
    return start


def _start_at_year_after_verb(text: str, tokens: Tokens, start: int, end: int) -> int:
    """A verb before the first year or edition of the run ends the clause before the name, which starts
    after the verb (目光回退到|2020年看雪SDC沙龙会议, 十强黑马挺进|ISC 2023创新独角兽沙盒). A name that
    already has a year or edition before the verb is left whole (2022数字金融创新发布周暨…); a verbal noun
    (vn) is part of names."""
    r = names.event_rules()
    after_verb = None  # where the text after the last verb so far starts
    for tok in tokens.between(start, end):
        if r.year_or_edition.match(text, tok.start, end):
            if after_verb is None:
                return start
            between = text[after_verb:tok.start].replace(" ", "")
            # Words between the verb and the year (ISC 2023…) stay; punctuation there closes a phrase.
            return after_verb if between.isalnum() or not between else tok.start
        if tok.pos in r.lead_verb_pos and tok.pos != "vn":
            after_verb = tok.end
    return start


def _quoted(tokens: Tokens, tok: Token) -> bool:
    """Whether the token lies inside a quote or bracket opened within a few tokens before it."""
    i = tokens.index_at(tok.start)
    for prev in tokens.tokens[max(0, i - 6):i][::-1]:
        if prev.text in "”」）)":
            return False
        if prev.text in "“「（(":
            return True
    return False


def _leading_junk_token(r: names.EventRules, tok: Token, nxt: Token | None) -> bool:
    if r.year_or_edition.fullmatch(tok.text):
        return False
    if tok.pos in r.lead_strip_pos:
        return True
    if tok.text in r.lead_light_verbs:
        return True
    return tok.pos in r.lead_verb_pos and nxt is not None and (
        nxt.pos in r.lead_strip_pos or nxt.pos in r.lead_verb_follow_pos)


_EVENT_JOINERS = ("和", "与", "及", "、")


def _plan(raw: str, start: int) -> list[Found]:
    """The events one maximal name gives: itself, and the event it is part of (recursively), parents first."""
    for joiner in _EVENT_JOINERS:  # 甲论坛和乙峰会: two events, not one
        i = raw.find(joiner)
        if i > 0 and names.head_of(names.clean_label(raw[:i])):
            after = i + len(joiner)
            return _plan(raw[:i], start) + _plan(raw[after:], start + after)
    label = names.clean_label(raw)
    if not names.is_proper(label):
        return []
    event = Found(label, (start, start + len(raw)), names.variants(label))
    parts = raw.split(COMPOUND)
    if len(parts) > 1:  # 大数据创新应用论坛暨北京数据先行区发展大会: both parts name it
        for part in parts:
            part_label = names.clean_label(part)
            if names.is_proper(part_label):
                event.alts |= {part_label, *names.variants(part_label)}
    out: list[Found] = []
    split = _parent_end(parts[0])
    if split:
        parent_raw, rest = parts[0][:split], names.clean_label(parts[0][split:]).lstrip("·•・")
        out = _plan(parent_raw, start)
        event.parent = names.clean_label(parent_raw)
        if names.is_proper(rest):
            event.alts.add(rest)
    event.alts.discard(label)
    return out + [event]


def _parent_end(raw: str) -> int | None:
    """Where the parent event's name ends inside `raw` (the last inner head after which a sub-event is
    named), or None."""
    r = names.event_rules()
    for head in reversed(list(r.head.finditer(raw))):
        end = head.end()
        if r.right_blockers.match(raw, end):  # 安全展|览会: not a head here
            continue
        if end < len(raw) and names.head_of(raw[end:]) and names.is_proper(names.clean_label(raw[:end])):
            return end
    return None


def _merge_brand_short_forms(found: list[Found]) -> list[Found]:
    """看雪峰会 is 看雪·第八届安全开发者峰会 when the article names both: brand + the same head."""
    full = {}
    for f in found:
        brand = names.brand(f.label)
        if brand:
            full.setdefault(brand + (names.head_of(f.label) or ""), f)
    out = []
    for f in found:
        target = full.get(f.label)
        if target is not None and target is not f:
            target.alts.add(f.label)
            # keep the short form's own span in text order by emitting it as an alias of the full name
            out.append(Found(target.label, f.span, set(target.alts), target.parent))
        else:
            out.append(f)
    return out


def _merge_suffix_short_forms(found: list[Found]) -> list[Found]:
    """白帽大会 is 2024补天白帽大会 when the article names exactly one event whose series ends with it (a
    short form keeps the head and drops the leading words); a short form with a year or edition is its own."""
    series = sorted({names.series(f.label): f for f in found if f.parent is None}.items())
    out = []
    for f in found:
        targets = {id(g): g for key, g in series if key != f.label and key.endswith(f.label)
                   and names.series(g.label) != names.series(f.label)}
        plain = names.year(f.label) is None and names.edition(f.label) is None and f.parent is None
        if plain and len(targets) == 1:
            (target,) = targets.values()
            target.alts.add(f.label)
            out.append(Found(target.label, f.span, set(target.alts), target.parent))
        else:
            out.append(f)
    return out


def _drop_ambiguous_alts(found: list[Found]) -> None:
    """A derived name (中国互联网大会) shared by events of different years, editions or series in one
    article would merge them: drop it from all of them."""
    owners: dict[str, set[tuple[str, str | None, int | None]]] = {}
    for f in found:
        key = (norm_name(names.series(f.label)), names.year(f.label), names.edition(f.label))
        for alt in f.alts:
            owners.setdefault(norm_name(alt), set()).add(key)
    ambiguous = {alt for alt, keys in owners.items() if _conflict(keys)}
    for f in found:
        f.alts = {a for a in f.alts if norm_name(a) not in ambiguous}


def _conflict(keys: set[tuple[str, str | None, int | None]]) -> bool:
    series = {k[0] for k in keys}
    years = {k[1] for k in keys if k[1]}
    editions = {k[2] for k in keys if k[2]}
    return len(series) > 1 or len(years) > 1 or len(editions) > 1
