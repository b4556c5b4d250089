"""Typed records passed between pipeline stages.

read -> SourceDoc -> clean -> CleanDoc -> extract -> ArticleResult -> resolve -> graph -> validate -> write

Every record is a plain, picklable dataclass so that one article's extraction is a pure
function that can run in a worker process (or a cluster task) and be cached.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

# Entity classes of the contract (cnkg:<name>), Post excluded: posts are built from person facts.
ENTITY_TYPES = ("Report", "Organization", "Event", "Person", "Place")


@dataclass(frozen=True)
class SourceDoc:
    """One input document as read from disk, before cleaning."""

    source_file: str  # path relative to the corpus root, '/'-separated
    shape: str  # "frontmatter" | "wechat-md" | "html"
    title: str
    body: str  # the article text (Markdown, or text extracted from HTML)
    url: str | None = None
    account: str | None = None  # the publishing account / outlet
    date_published: str | None = None  # ISO date YYYY-MM-DD
    retrieved_at: str | None = None  # ISO dateTime
    content_hash: str = ""  # sha256 of the file bytes
    account_aliases: tuple[str, ...] = ()  # other names of the account (feed title, site domain), sorted
    read_notes: tuple[str, ...] = ()  # how the file was read when not plainly (e.g. lenient front matter)


@dataclass(frozen=True)
class ReadError:
    """A file that could not be read, with the reason shown to the user."""

    source_file: str
    reason: str


@dataclass(frozen=True)
class CleanDoc:
    """Body text with chrome, images and link targets removed.

    `segments` holds one (clean offset, source offset) pair per kept run of the body, so every
    extracted span maps back to the original text (kg.clean.to_source).
    """

    doc: SourceDoc
    text: str
    segments: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class DateValue:
    """A date with the precision the text gives: 'day' (YYYY-MM-DD), 'month' (YYYY-MM) or 'year'."""

    value: str
    precision: str

    @property
    def xsd(self) -> str:
        return {"day": "date", "month": "gYearMonth", "year": "gYear"}[self.precision]


@dataclass
class Mention:
    """One entity found in one article, with every surface form seen for it there."""

    id: str  # local id inside the article, e.g. "o3"
    type: str  # one of ENTITY_TYPES
    label: str  # preferred name
    alt_labels: set[str] = field(default_factory=set)
    spans: list[tuple[int, int]] = field(default_factory=list)  # offsets in CleanDoc.text
    attrs: dict[str, str] = field(default_factory=dict)  # e.g. {"year": "2024"}


# Object of a fact: a mention id ("@o3"), a date, a plain string or an integer.
FactObject = Union[str, int, DateValue]


@dataclass(frozen=True)
class Fact:
    """A relation stated by one article: subject mention id, contract property, object.

    Entity-valued objects are mention ids prefixed with '@'. A `post` fact's object is a
    `PostValue`.
    """

    subject: str
    prop: str
    obj: object


@dataclass(frozen=True)
class PostValue:
    title: str
    org: str | None  # mention id of the organisation ("@o1") or None


@dataclass
class ArticleResult:
    """Everything extracted from one article: the unit cached and merged across the corpus."""

    doc: SourceDoc
    mentions: list[Mention] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
