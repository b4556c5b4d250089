"""The working state of one article's extraction, shared by the extractors."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kg.extract.tokens import Tokens, tokenize
from kg.model import ArticleResult, CleanDoc, DateValue, Fact, Mention
from kg.resolve import norm_name


class SpanIndex:
    """The spans of one mention type, in buckets by start, for overlap and containment look-ups.

    A query reads only the buckets from the longest span's length before it, so it costs the spans
    there instead of a pass over every mention of the article; adding a span is O(1) (a sorted list
    would move half of it on each insertion).
    """

    BUCKET = 64  # characters of text per bucket

    def __init__(self) -> None:
        self._buckets: dict[int, list[tuple[int, int, int]]] = {}  # start // BUCKET -> (start, end, order)
        self._mentions: list[Mention] = []
        self._longest = 0

    def add(self, start: int, end: int, mention: Mention) -> None:
        self._buckets.setdefault(start // self.BUCKET, []).append((start, end, len(self._mentions)))
        self._mentions.append(mention)
        self._longest = max(self._longest, end - start)

    def _near(self, start: int, end: int):
        """Every span starting in [start - longest, end), and maybe a few more around (callers check)."""
        buckets = self._buckets
        for b in range((start - self._longest) // self.BUCKET, (end - 1) // self.BUCKET + 1):
            yield from buckets.get(b, ())

    def overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e, _ in self._near(start, end))

    def covering(self, start: int, end: int) -> Mention | None:
        # The earliest mention (ids number mentions in creation order) among those containing the span.
        found = [self._mentions[order] for s, e, order in self._near(start, end + 1) if s <= start and end <= e]
        return min(found, key=lambda m: int(m.id[1:])) if found else None


@dataclass
class Context:
    clean: CleanDoc
    text: str
    published: dt.date | None
    tokens: Tokens  # the shared token layer over `text`: every extractor reads these
    mentions: list[Mention] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    # Dates found in the text, in text order: (start, end, value); filled by the dates extractor.
    dates: list[tuple[int, int, DateValue]] = field(default_factory=list)
    _by_name: dict[tuple[str, str], Mention] = field(default_factory=dict)
    # Every span added through add_mention / add_span, per type, for overlap look-ups in O(log n).
    _spans: dict[str, SpanIndex] = field(default_factory=dict)
    _fact_set: set[Fact] = field(default_factory=set)
    _facts_by_subject: dict[str, list[Fact]] = field(default_factory=dict)

    @classmethod
    def for_doc(cls, clean_doc: CleanDoc) -> "Context":
        pub = clean_doc.doc.date_published
        return cls(clean=clean_doc, text=clean_doc.text,
                   published=dt.date.fromisoformat(pub) if pub else None, tokens=tokenize(clean_doc.text))

    def add_mention(self, type_: str, label: str, span: tuple[int, int] | None = None,
                    alt_labels: set[str] | None = None, **attrs: str) -> Mention:
        """Add a mention, or merge into the mention of this type with the same (normalised) name."""
        # The label first, then the alt labels sorted: never a set's order, which changes with the
        # process's hash seed and would make extraction (and the output) differ between runs.
        names = [label, *sorted(set(alt_labels or ()) - {label})]
        existing = next((self._by_name[(type_, norm_name(n))] for n in names
                         if (type_, norm_name(n)) in self._by_name), None)
        if existing is None:
            prefix = {"Report": "r", "Organization": "o", "Event": "e", "Person": "p", "Place": "l"}[type_]
            existing = Mention(id=f"{prefix}{len(self.mentions) + 1}", type=type_, label=label)
            self.mentions.append(existing)
        existing.alt_labels |= set(names) - {existing.label}
        if span is not None:
            self.add_span(existing, span)
        existing.attrs.update(attrs)
        for n in names:
            self._by_name[(type_, norm_name(n))] = existing
        return existing

    @property
    def title(self) -> str:
        return self.clean.doc.title

    def date_ranges(self) -> list[tuple[int, int, DateValue, DateValue]]:
        """`dates` with each range joined again: (start, end, first day, last day); a single date has first == last.

        The dates extractor writes a range (7月10日至11日) as two entries whose spans touch.
        """
        out: list[tuple[int, int, DateValue, DateValue]] = []
        for start, end, value in self.dates:
            if out and out[-1][1] == start and out[-1][2] == out[-1][3]:
                prev = out.pop()
                out.append((prev[0], end, prev[2], value))
            else:
                out.append((start, end, value, value))
        return out

    def find(self, type_: str, name: str) -> Mention | None:
        return self._by_name.get((type_, norm_name(name)))

    def add_span(self, mention: Mention, span: tuple[int, int]) -> None:
        """Record one more place the mention is named (always through here: the span index must see it)."""
        mention.spans.append(span)
        self._spans.setdefault(mention.type, SpanIndex()).add(span[0], span[1], mention)

    def covering(self, type_: str, start: int, end: int) -> Mention | None:
        """The first-found mention of this type one of whose spans contains [start, end), if any."""
        index = self._spans.get(type_)
        return index.covering(start, end) if index else None

    def overlaps(self, type_: str | None, start: int, end: int) -> bool:
        """Whether any span of a mention of this type (of any type for None) overlaps [start, end)."""
        indexes = self._spans.values() if type_ is None else [self._spans.get(type_)]
        return any(index is not None and index.overlaps(start, end) for index in indexes)

    def add_fact(self, subject: Mention, prop: str, obj: object) -> None:
        fact = Fact(subject.id, prop, f"@{obj.id}" if isinstance(obj, Mention) else obj)
        if fact not in self._fact_set:
            self._fact_set.add(fact)
            self.facts.append(fact)
            self._facts_by_subject.setdefault(fact.subject, []).append(fact)

    def facts_about(self, subject: Mention) -> list[Fact]:
        """The facts whose subject is this mention, in the order they were added."""
        return self._facts_by_subject.get(subject.id, [])

    def drop_facts(self, keep) -> None:
        """Keep only the facts for which keep(fact) is true."""
        self.facts[:] = [f for f in self.facts if keep(f)]
        self._fact_set = set(self.facts)
        self._facts_by_subject = {}
        for f in self.facts:
            self._facts_by_subject.setdefault(f.subject, []).append(f)

    def result(self) -> ArticleResult:
        return ArticleResult(doc=self.clean.doc, mentions=self.mentions, facts=self.facts)
