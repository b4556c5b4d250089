"""The working state of one article's extraction, shared by the extractors."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kg.extract.tokens import Tokens, tokenize
from kg.model import ArticleResult, CleanDoc, DateValue, Fact, Mention
from kg.resolve import norm_name


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
            existing.spans.append(span)
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

    def covering(self, type_: str, start: int, end: int) -> Mention | None:
        """The mention of this type one of whose spans contains [start, end), if any."""
        for m in self.mentions:
            if m.type == type_ and any(s <= start and end <= e for s, e in m.spans):
                return m
        return None

    def overlaps(self, type_: str | None, start: int, end: int) -> bool:
        """Whether any span of a mention of this type (of any type for None) overlaps [start, end)."""
        return any((type_ is None or m.type == type_) and any(s < end and start < e for s, e in m.spans)
                   for m in self.mentions)

    def add_fact(self, subject: Mention, prop: str, obj: object) -> None:
        fact = Fact(subject.id, prop, f"@{obj.id}" if isinstance(obj, Mention) else obj)
        if fact not in self.facts:
            self.facts.append(fact)

    def result(self) -> ArticleResult:
        return ArticleResult(doc=self.clean.doc, mentions=self.mentions, facts=self.facts)
