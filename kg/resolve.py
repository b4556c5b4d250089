"""Resolution: merge per-article mentions into corpus-level entities, one per real-world thing.

A deterministic step over all ArticleResults (sorted by source file), separate from extraction so
extraction can run anywhere in parallel. The identity rules are documented in ontology/cnkg.ttl.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from kg import ids
from kg.model import ArticleResult, Mention

ACCOUNT_ID = "_account"  # mention id of an article's publishing account
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
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, i: int) -> int:
        self.parent.setdefault(i, i)
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def _names(m: Mention) -> set[str]:
    return {n for n in {norm_name(m.label), *map(norm_name, m.alt_labels)} if n}


def _report_key(m: Mention, publishers: list[str]) -> str:
    return norm_name(m.label) + ("|" + "|".join(sorted(publishers)) if publishers else "")


def resolve(results: list[ArticleResult], base: str) -> Resolution:
    results = sorted(results, key=lambda r: r.doc.source_file)
    # 1. Cluster mentions of each type (reports aside) that share a normalised name.
    mentions: list[tuple[str, Mention]] = []
    for r in results:
        mentions += [(r.doc.source_file, m) for m in r.mentions]
        if r.doc.account:  # the publishing account is an Organization too
            mentions.append((r.doc.source_file, Mention(id=ACCOUNT_ID, type="Organization", label=r.doc.account)))
    uf = _UnionFind()
    first_with_name: dict[tuple[str, str], int] = {}
    for i, (_, m) in enumerate(mentions):
        uf.find(i)
        if m.type == "Report":
            continue
        for n in sorted(_names(m)):
            j = first_with_name.setdefault((m.type, n), i)
            uf.union(i, j)
    # Reports: identity is title + publishers (two reports of one title by different bodies differ).
    publisher_names = _report_publishers(results)
    report_key: dict[int, str] = {}
    for i, (src, m) in enumerate(mentions):
        if m.type == "Report":
            key = _report_key(m, publisher_names.get((src, m.id), []))
            j = first_with_name.setdefault(("Report", key), i)
            uf.union(i, j)
            report_key[i] = key

    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(mentions)):
        clusters[uf.find(i)].append(i)

    entities: dict[str, Entity] = {}
    mention_iri: dict[tuple[str, str], str] = {}
    for members in clusters.values():
        typ = mentions[members[0]][1].type
        label = _preferred_label([mentions[i][1] for i in members])
        key = report_key.get(members[0], norm_name(label)) if typ == "Report" else norm_name(label)
        iri = ids.entity_iri(base, typ, label, key)
        ent = entities.get(iri)
        if ent is None:
            ent = entities[iri] = Entity(iri=iri, type=typ, label=label)
        for i in members:
            src, m = mentions[i]
            ent.alt_labels |= {m.label, *m.alt_labels}
            ent.articles.add(ids.article_iri(base, src))
            mention_iri[(src, m.id)] = iri
        ent.alt_labels.discard(ent.label)
    return Resolution(entities=entities, mention_iri=mention_iri)


def _preferred_label(members: list[Mention]) -> str:
    """The label used most often; ties go to the longer, then to the lexically first."""
    counts = Counter(m.label for m in members)
    return min(counts, key=lambda s: (-counts[s], -len(s), s))


def _report_publishers(results: list[ArticleResult]) -> dict[tuple[str, str], list[str]]:
    """Normalised publisher names of each report mention, from its article's publisher facts."""
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in results:
        by_id = {m.id: m for m in r.mentions}
        for f in r.facts:
            if f.prop == "publisher" and isinstance(f.obj, str) and f.obj.startswith("@"):
                org = by_id.get(f.obj[1:])
                if org is not None:
                    out[(r.doc.source_file, f.subject)].append(norm_name(org.label))
    return out
