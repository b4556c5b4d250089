"""Organisations: suffix and context patterns, acronym pairs, lists, and the gazetteer."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from kg import rules
from kg.extract.context import Context
from kg.extract.spans import Containers, Occupied
from kg.extract.lexicons import job_titles, longest_first
from kg.extract.org_lists import list_rules
from kg.extract.org_names import Candidate, is_department, suffix_candidates
from kg.extract.org_rules import OrgRules, gazetteer, org_rules
from kg.extract.trie import trie_pattern
from kg.model import Mention


_LATIN_BRAND = re.compile(r"[A-Za-z][A-Za-z0-9&.\- ]*[A-Za-z0-9] ?")


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    label: str
    surface: str


def run(ctx: Context) -> None:
    r = org_rules()
    known = _known_hits(ctx)
    names, parents = _suffix_names(ctx, r, [h for h in known if h.label != ctx.clean.doc.account])
    for h in known:  # a known name inside a longer one is not mentioned on its own, unless it is a parent
        if h in parents.values() or not any(c.start <= h.start and h.end <= c.end for c in names):
            _add(ctx, h.label, (h.start, h.end), h.surface)
    for c in names:
        brand = c.name[: -len(c.suffix)]
        if c.suffix == "公司" and _LATIN_BRAND.fullmatch(brand) and brand.strip() not in list_rules().stop \
                and len(brand.strip()) >= 3:  # Orvex公司: the company is Orvex
            ctx.add_mention("Organization", brand.strip(), (c.start, c.start + len(brand.strip())), {c.name})
        else:
            _add(ctx, c.name, (c.start, c.end), c.name)
    for child, parent in parents.items():
        ctx.add_fact(ctx.find("Organization", child.name), "parentOrganization", ctx.find("Organization", parent.label))
    _outlets(ctx, r)
    _context_names(ctx, r)
    _brand_clauses(ctx, r)
    _acronyms(ctx, r)
    _parent_links(ctx, r)


def _add(ctx: Context, label: str, span: tuple[int, int], surface: str) -> Mention:
    return ctx.add_mention("Organization", label, span, {surface} - {label})


@lru_cache(maxsize=1)
def _foreign_country_before() -> re.Pattern:
    """A country other than China ending right where a match starts."""
    countries = [str(c) for c in rules.require(rules.load("places"), "places", "countries", dict) if c != "中国"]
    return re.compile(f"(?:{trie_pattern(countries)})$")


@lru_cache(maxsize=1)
def _title_pattern() -> re.Pattern:
    return re.compile(longest_first(job_titles()))


def _title_after(text: str, end: int) -> bool:
    return _title_pattern().match(text, end) is not None or text.startswith(("副", "常务副"), end)


def _known_hits(ctx: Context) -> list[Hit]:
    """Gazetteer names and the publishing account's name, the longer winning where they overlap."""
    gz = gazetteer()
    text = ctx.text
    hits = []
    foreign = _foreign_country_before()
    for m in gz.pattern.finditer(text):
        if text.startswith(gz.not_followed_by.get(m.group(), ()), m.end()):
            continue
        # 美国国家漏洞库 is the NVD, not China's 国家漏洞库; 美国财政部 is not China's 财政部: a gazetteer
        # name right after a foreign country names that country's body.
        country = foreign.search(text, max(0, m.start() - 8), m.start())
        if country:
            if not m.group().startswith("国家"):
                hits.append(Hit(country.start(), m.end(), text[country.start():m.end()], text[country.start():m.end()]))
            continue
        hits.append(Hit(m.start(), m.end(), gz.label_of[m.group()], m.group()))
    account = ctx.clean.doc.account
    if account and len(account) >= 2:
        i = text.find(account)
        while i >= 0:
            hits.append(Hit(i, i + len(account), account, account))
            i = text.find(account, i + len(account))
    kept: list[Hit] = []
    taken = bytearray(len(text) + 1)  # characters already covered by a kept (longer) hit
    for h in sorted(hits, key=lambda h: (h.start - h.end, h.start)):
        if not any(taken[h.start:h.end]):
            kept.append(h)
            taken[h.start:h.end] = b"\x01" * (h.end - h.start)
    return sorted(kept, key=lambda h: h.start)


def _suffix_names(ctx: Context, r: OrgRules, known: list[Hit]) -> tuple[list[Candidate], dict[Candidate, Hit]]:
    """Suffix-ended names; where one extends a shorter name at the same start, the tail decides:
    a department is dropped (it belongs to a job title), a named unit gets the shorter one as parent."""
    text = ctx.text
    known_at = {h.start: h for h in known}
    by_start: dict[int, list[Candidate]] = defaultdict(list)
    inside_known = Containers((h.start, h.end) for h in known)
    for c in suffix_candidates(text, r, set(known_at), ctx.tokens, frozenset(h.end for h in known)):
        if not inside_known.covers(c.start, c.end):  # 基础设施安全局 in CISA's name
            by_start[c.start].append(c)
    names: list[Candidate] = []
    parents: dict[Candidate, Hit] = {}
    for start, group in by_start.items():
        base = known_at.get(start)
        base = Hit(base.start, base.end, base.label, base.surface) if base else None
        for c in sorted(group, key=lambda c: c.end):
            if base is not None and base.end >= c.end:
                continue
            tail = text[base.end:c.end] if base is not None else ""
            # A short unit right after its body is a department when a job title follows (国家信息中心
            # 办公室副主任); standing alone it is a body of its own (…委员会办公室).
            department = is_department(tail, r) and _title_after(text, c.end)
            if tail and (department or r.bad_tail_start.search(tail)):
                continue
            names.append(c)
            if base is not None and c.suffix in r.unit and c.end - base.end - len(c.suffix) >= 2:
                parents[c] = base
            base = Hit(c.start, c.end, c.name, c.name)
    # Different starts can still overlap (a boundary word missed in one window): keep the longer.
    names.sort(key=lambda c: (c.start - c.end, c.start))
    kept: list[Candidate] = []
    occupied = Occupied(len(text))
    for c in names:
        if not occupied.clashes(c.start, c.end, same_start_ok=True):
            kept.append(c)
            occupied.claim(c.start, c.end)
    return sorted(kept, key=lambda c: c.start), {c: p for c, p in parents.items() if c in kept}


def _outlets(ctx: Context, r: OrgRules) -> None:
    for m in r.outlet.finditer(ctx.text):
        _add(ctx, m.group(), m.span(), m.group())


def _context_names(ctx: Context, r: OrgRules) -> None:
    """Names introduced by what they do (由X主办) or in lists after 主办单位：…, split into items."""
    for pattern in r.context:
        for m in pattern.finditer(ctx.text):
            offset = m.start("name")
            for item, start in _items(m.group("name"), r):
                if ctx.overlaps("Organization", offset + start, offset + start + len(item)):
                    continue
                if len(item) > r.context_item_max_len or not r.item_chars.search(item):
                    continue
                head = r.brand_ending.sub("", item)
                if not r.brand_ending.search(item) or len(head) < 2 or r.generic_head.search(head):
                    continue
                if r.bad_start.search(item):
                    continue
                _add(ctx, item, (offset + start, offset + start + len(item)), item)


def _items(names: str, r: OrgRules):
    pos = 0
    for sep in r.list_separator.finditer(names + "、"):
        item = names[pos:sep.start()]
        stripped = item.strip()
        if stripped:
            yield stripped, pos + item.index(stripped)
        pos = sep.end()


def _brand_clauses(ctx: Context, r: OrgRules) -> None:
    """A company brand opening a clause before an action (灰度安全受邀出席)."""
    for m in r.brand_clause.finditer(ctx.text):
        name = m.group("name")
        head = name[: -len(m.group("ending"))]
        if r.generic_head.search(head) or r.bad_start.search(name) or name in r.generic_names:
            continue
        if ctx.overlaps("Organization", m.start("name"), m.end("name")):
            continue
        _add(ctx, name, m.span("name"), name)


def _acronyms(ctx: Context, r: OrgRules) -> None:
    """国家信息安全漏洞库（CNNVD）: the acronym becomes an alt label of the name before it."""
    text = ctx.text
    for mention in [m for m in ctx.mentions if m.type == "Organization"]:
        for _, end in list(mention.spans):
            m = r.acronym_after.match(text, end) or r.short_name_after.match(text, end)
            if m is None:
                continue
            # An acronym the gazetteer knows for another body is a slip of the writer's
            # (国家信息安全漏洞库（CNVD）): it must not fuse two bodies into one mention.
            known_as = gazetteer().label_of.get(m.group(1))
            if known_as is not None and known_as != mention.label:
                continue
            ctx.add_mention("Organization", mention.label, None, {m.group(1)})


def _parent_links(ctx: Context, r: OrgRules) -> None:
    """X旗下Y, X下属Y, X的Y: Y belongs to X."""
    spans = sorted((s, e, m) for m in ctx.mentions if m.type == "Organization" for s, e in m.spans)
    for (_, end, parent), (start, _, child) in zip(spans, spans[1:]):
        if parent is not child and 0 < start - end <= 4 and r.parent_link.search(ctx.text[end:start]):
            ctx.add_fact(child, "parentOrganization", parent)
