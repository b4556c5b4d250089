"""Resolution: merge per-article mentions into corpus-level entities, one per real-world thing.

A deterministic step over all ArticleResults (sorted by source file), separate from extraction so
extraction can run anywhere in parallel. The identity rules (documented in ontology/cnkg.ttl):

1. Organisations, places and people merge when they share a normalised preferred name, or when one's
   alternative name stands, across the corpus, for the other's name alone (an alias used for two
   different names links nothing). A short organisation name merges with the one longer name it abbreviates by a generic
   suffix (深信服 / 深信服科技股份有限公司, 安恒信息 / 杭州安恒信息技术股份有限公司: a leading region
   is allowed) when exactly one such longer name exists in the corpus.
2. Events sharing a name merge unless their year or edition differ; an undated mention joins the single
   dated event of its name when there is exactly one.
3. Reports are qualified by their publishers: same title and same publishers merge; two reports with
   one title and different publishers stay apart. A report mention without a publisher joins the
   single published report of its title when there is exactly one, else the unpublished mentions of
   that title form one entity.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from kg import ids, rules
from kg.model import ArticleResult, Mention

ACCOUNT_ID = "_account"  # mention id of an article's publishing account
QUALIFIED_TYPES = ("Report",)
ALIAS_DOMINANCE = 2 / 3
ACRONYM = re.compile(r"[a-z][a-z0-9&.\-/]{1,15}")
EVENT_FACETS = ("year", "edition")  # mention attrs that tell two editions of one event series apart
_STRIP = re.compile(r"[\s\u200b-\u200d\ufeff《》〈〉“”‘’\"'「」『』·•]+")


def norm_name(name: str) -> str:
    """Matching form of a name: NFKC, no spaces, quotes or title marks, Latin lower case."""
    return _STRIP.sub("", unicodedata.normalize("NFKC", name)).lower()


@dataclass
class Entity:
    """One corpus-level entity and everything known about its names and sources."""

    iri: str
    type: str
    label: str
    alt_labels: set[str] = field(default_factory=set)
    articles: set[str] = field(default_factory=set)  # article IRIs


@dataclass
class Resolution:
    entities: dict[str, Entity]  # by IRI
    mention_iri: dict[tuple[str, str], str]  # (source_file, mention id) -> entity IRI


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


@dataclass(frozen=True)
class _Item:
    source_file: str
    mention: Mention


@lru_cache(maxsize=1)
def _short_name_suffix() -> re.Pattern:
    data = rules.load("identity")
    generic = rules.require(data, "identity", "generic_descriptors", list)
    legal = rules.require(data, "identity", "legal_suffixes", list)
    alt = lambda words: "|".join(map(re.escape, sorted(words, key=len, reverse=True)))  # noqa: E731
    return re.compile(rf"(?:[(（][^()（）]{{2,8}}[)）])?(?:{alt(generic)})*(?:{alt(legal)})")


def _names(m: Mention) -> list[str]:
    return sorted({n for n in {norm_name(m.label), *map(norm_name, m.alt_labels)} if n})


def resolve(results: list[ArticleResult], base: str) -> Resolution:
    results = sorted(results, key=lambda r: r.doc.source_file)
    items: list[_Item] = []
    for r in results:
        items += [_Item(r.doc.source_file, m) for m in r.mentions]
        if r.doc.account:  # the publishing account is an Organization too
            account = Mention(id=ACCOUNT_ID, type="Organization", label=r.doc.account,
                              alt_labels=set(r.doc.account_aliases))  # feed title, site domain
            items.append(_Item(r.doc.source_file, account))
    index = {(it.source_file, it.mention.id): i for i, it in enumerate(items)}
    uf = _UnionFind(len(items))

    plain = [i for i, it in enumerate(items) if it.mention.type not in QUALIFIED_TYPES + ("Event",)]
    _merge_by_name(uf, items, plain)
    _merge_events(uf, items, [i for i, it in enumerate(items) if it.mention.type == "Event"])
    _merge_short_names(uf, items, plain)
    qualifiers = _qualifiers(results, index, uf)
    for typ in QUALIFIED_TYPES:
        _merge_qualified(uf, items, [i for i, it in enumerate(items) if it.mention.type == typ], qualifiers)

    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        clusters[uf.find(i)].append(i)
    entities: dict[str, Entity] = {}
    mention_iri: dict[tuple[str, str], str] = {}
    for members in clusters.values():
        ms = [items[i].mention for i in members]
        typ = ms[0].type
        label = _preferred_label(ms)
        key = norm_name(label)
        quals = qualifiers.get(members[0])
        if typ in QUALIFIED_TYPES and quals:
            key += "|" + "|".join(sorted(norm_name(items[q].mention.label) for q in quals))
        iri = ids.entity_iri(base, typ, label, key)
        ent = entities.setdefault(iri, Entity(iri=iri, type=typ, label=label))
        for i in members:
            it = items[i]
            ent.alt_labels |= {it.mention.label, *it.mention.alt_labels}
            ent.articles.add(ids.article_iri(base, it.source_file))
            mention_iri[(it.source_file, it.mention.id)] = iri
        ent.alt_labels.discard(ent.label)
    return Resolution(entities=entities, mention_iri=mention_iri)


def _merge_by_name(uf: _UnionFind, items: list[_Item], members: list[int]) -> None:
    """Mentions with one preferred name merge. An alternative name links a mention to another name only
    when it is an acronym or short form (a full name never bridges two names: 国家信息安全漏洞库 written
    by mistake beside CNVD must not join CNNVD and CNVD) and when, across the corpus, it stands for one
    name in at least ALIAS_DOMINANCE of the articles that use it as an alias, so a stray misuse is outvoted
    and an alias shared by two bodies links neither."""
    first: dict[tuple[str, str], int] = {}
    alias_use: dict[tuple[str, str], Counter] = defaultdict(Counter)  # (type, alias) -> label -> articles
    for i in members:
        m = items[i].mention
        label = norm_name(m.label)
        uf.union(i, first.setdefault((m.type, label), i))
        for n in _names(m):
            if n != label and _bridging(n):
                alias_use[(m.type, n)][label] += 1
    for (typ, alias), uses in sorted(alias_use.items()):
        label, count = min(uses.items(), key=lambda kv: (-kv[1], kv[0]))
        # Mentions named by the alias alone (CNNVD) join the name it dominantly stands for.
        if count >= ALIAS_DOMINANCE * sum(uses.values()) and (typ, alias) in first:
            uf.union(first[(typ, alias)], first[(typ, label)])


def _bridging(name: str) -> bool:
    """Acronyms (CNNVD, ISC2) and short forms of up to four characters may link names; full names may not."""
    return bool(ACRONYM.fullmatch(name)) or len(name) <= 4


def _merge_events(uf: _UnionFind, items: list[_Item], members: list[int]) -> None:
    """Events sharing a name merge unless their year or edition differ (2023 and 2024 editions of one
    conference share the series name but are two events); an event named without year or edition
    joins the single dated event of its name, if there is exactly one."""
    facets: dict[int, dict[str, str]] = {}  # cluster root -> year/edition known for it
    by_name: dict[str, list[int]] = defaultdict(list)
    undated: list[int] = []
    for i in members:
        own = {k: items[i].mention.attrs[k] for k in EVENT_FACETS if k in items[i].mention.attrs}
        if not own:
            undated.append(i)
            continue
        facets[i] = own
        for n in _names(items[i].mention):
            for root in {uf.find(j) for j in by_name[n]}:
                mine = uf.find(i)
                if root != mine and _compatible(facets[mine], facets[root]):
                    merged = {**facets[mine], **facets[root]}
                    uf.union(mine, root)
                    facets[uf.find(mine)] = merged
            by_name[n].append(i)
    first_undated: dict[str, int] = {}
    for i in undated:
        names = _names(items[i].mention)
        roots = {uf.find(j) for n in names for j in by_name.get(n, ())}
        if len(roots) == 1:
            uf.union(i, roots.pop())
        else:
            for n in names:
                uf.union(i, first_undated.setdefault(n, i))


def _compatible(a: dict[str, str], b: dict[str, str]) -> bool:
    return all(a[k] == b[k] for k in a.keys() & b.keys())


def _merge_short_names(uf: _UnionFind, items: list[_Item], members: list[int]) -> None:
    """深信服 + 深信服科技股份有限公司: merge when the short name abbreviates exactly one longer name."""
    suffix = _short_name_suffix()
    orgs = [i for i in members if items[i].mention.type == "Organization"]
    by_name: dict[str, int] = {}
    for i in orgs:
        for n in _names(items[i].mention):
            by_name.setdefault(n, i)
    longer_of: dict[str, set[int]] = defaultdict(set)
    for name, i in by_name.items():
        for core in _without_region(name):
            for cut in range(2, len(core) - 1):
                short = core[:cut]
                if short in by_name and suffix.fullmatch(core[cut:]):
                    longer_of[short].add(uf.find(i))
    for short, roots in sorted(longer_of.items()):
        if len({uf.find(r) for r in roots}) == 1:
            uf.union(by_name[short], next(iter(roots)))


def _without_region(name: str) -> list[str]:
    """The name, and the name without a leading province or city (杭州安恒信息… -> 安恒信息…)."""
    from kg.extract.place_lexicon import place_lexicon

    forms = place_lexicon().label_of
    out = [name]
    for k in range(2, min(len(name) - 2, 7)):
        if name[:k] in forms:
            out.append(name[k:])
    return out


def _qualifiers(results: list[ArticleResult], index: dict, uf: _UnionFind) -> dict[int, frozenset[int]]:
    """Resolved organisation roots that qualify each report: its publishers."""
    out: dict[int, set[int]] = defaultdict(set)
    for r in results:
        src = r.doc.source_file
        for f in r.facts:
            subject = index.get((src, f.subject))
            if subject is None:
                continue
            if f.prop != "publisher" or not (isinstance(f.obj, str) and f.obj.startswith("@")):
                continue
            org = index.get((src, f.obj[1:]))
            if org is not None:
                out[subject].add(uf.find(org))
    return {k: frozenset(v) for k, v in out.items()}


def _merge_qualified(uf: _UnionFind, items: list[_Item], members: list[int],
                     qualifiers: dict[int, frozenset[int]]) -> None:
    first: dict[tuple[str, frozenset[int]], int] = {}
    qualified_by_name: dict[str, set[frozenset[int]]] = defaultdict(set)
    for i in members:
        q = qualifiers.get(i)
        if q:
            for n in _names(items[i].mention):
                uf.union(i, first.setdefault((n, q), i))
                qualified_by_name[n].add(q)
    for i in members:
        if qualifiers.get(i):
            continue
        names = _names(items[i].mention)
        candidates = {q for n in names for q in qualified_by_name.get(n, ())}
        if len(candidates) == 1:
            q = next(iter(candidates))
            n = next(n for n in names if (n, q) in first)
            uf.union(i, first[(n, q)])
        else:
            for n in names:
                uf.union(i, first.setdefault((n, frozenset()), i))


def _preferred_label(members: list[Mention]) -> str:
    """The label used most often; ties go to the longer, then to the lexically first."""
    counts = Counter(m.label for m in members if m.id != ACCOUNT_ID) or Counter(m.label for m in members)
    return min(counts, key=lambda s: (-counts[s], -len(s), s))
