"""Cleaning: drop page chrome, images, link targets, code and markup so extractors see only the body.

Cleaning only deletes; the kept runs are recorded so any offset in the clean text maps back to the
original body (CleanDoc.source_span).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from kg import rules
from kg.model import CleanDoc, SourceDoc

RULES_FILE = rules.RULES_DIR / "cleaning.yaml"
CODE_FENCE = re.compile(r"^\s*(```|~~~)")
LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")
MD_LINK = re.compile(r"(!?)\[([^\[\]\n]{0,500})\]\([^)\n]{0,2000}\)")
LIST_MARK = re.compile(r"^\s*(?:[*+-]|\d+[.)])\s+|^#+\s*")
HEADING_MARKUP = re.compile(r"[#*_`\s]+")
PROSE_PUNCT = re.compile(r"[，。；！？]")
PROSE_MIN_CHARS = 50
PAGE_TRIM = " \t\\*>#\ufeff\u200b\u200d"  # escapes, emphasis and invisible marks around a page line


class LineMatcher:
    """`search` over a list of patterns, fast: those anchored with '^' are tried once at the start of
    the line (one alternation, `match`), the others one by one (an alternation of unanchored patterns
    makes the engine try every branch at every position: 8x slower on the wx corpus)."""

    def __init__(self, patterns: list[str]) -> None:
        anchored = [p[1:] for p in patterns if p.startswith("^") and not _top_level_bar(p)]
        self.anchored = re.compile("|".join(f"(?:{p})" for p in anchored)) if anchored else None
        self.anywhere = [re.compile(p) for p in patterns if not (p.startswith("^") and not _top_level_bar(p))]

    def search(self, text: str) -> bool:
        if self.anchored is not None and self.anchored.match(text):
            return True
        return any(p.search(text) for p in self.anywhere)


def _top_level_bar(pattern: str) -> bool:
    """Whether the pattern has a '|' outside any group (then '^' anchors only its first branch)."""
    depth, escaped, in_class = 0, False, False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
    return False


@dataclass(frozen=True)
class CleaningRules:
    inline: re.Pattern
    chrome_lines: frozenset[str]
    chrome_line: LineMatcher
    footer: LineMatcher
    footer_min_fraction: float
    drop_code_blocks: bool
    page: PageRules


@dataclass(frozen=True)
class PageRules:
    """Chrome of crawled web pages (site header, menus, sidebars, related lists, footer)."""

    shapes: frozenset[str]
    start_max_fraction: float
    link_line_min_share: float
    chrome_line: LineMatcher
    footer: LineMatcher
    footer_min_kept: int


@lru_cache(maxsize=1)
def cleaning_rules() -> CleaningRules:
    """kg/rules/cleaning.yaml, checked: every key present with the right type, every pattern compiles."""
    data = rules.load("cleaning")
    fraction = data.get("footer_min_fraction", 0.4)
    if isinstance(fraction, bool) or not isinstance(fraction, (int, float)) or not 0 <= fraction <= 1:
        raise rules.RuleFileError(f"{RULES_FILE}: key 'footer_min_fraction' must be a number between 0 and 1")
    drop_code = data.get("drop_code_blocks", True)
    if not isinstance(drop_code, bool):
        raise rules.RuleFileError(f"{RULES_FILE}: key 'drop_code_blocks' must be true or false")
    return CleaningRules(
        inline=_patterns(data, "delete_inline"),
        chrome_lines=frozenset(rules.require(data, "cleaning", "chrome_lines", list, str)),
        chrome_line=LineMatcher(_checked_patterns(data, "chrome_line_patterns")),
        footer=LineMatcher(_checked_patterns(data, "footer_markers")),
        footer_min_fraction=float(fraction),
        drop_code_blocks=drop_code,
        page=PageRules(
            shapes=frozenset(rules.require(data, "cleaning", "page_shapes", list, str)),
            start_max_fraction=_fraction(data, "page_start_max_fraction"),
            link_line_min_share=_fraction(data, "link_line_min_share"),
            chrome_line=LineMatcher(_checked_patterns(data, "page_chrome_line_patterns")),
            footer=LineMatcher(_checked_patterns(data, "page_footer_markers")),
            footer_min_kept=rules.require(data, "cleaning", "page_footer_min_kept", int),
        ),
    )


def _fraction(data: dict, key: str) -> float:
    value = rules.require(data, "cleaning", key, (int, float))
    if not 0 <= value <= 1:
        raise rules.RuleFileError(f"{RULES_FILE}: key '{key}' must be a number between 0 and 1")
    return float(value)


def _patterns(data: dict, key: str) -> re.Pattern:
    """One alternation of the list's regular expressions (an empty list never matches)."""
    return re.compile("|".join(f"(?:{p})" for p in _checked_patterns(data, key)) or r"(?!)")


def _checked_patterns(data: dict, key: str) -> list[str]:
    """The list of regular expressions under `key`; a bad one is named with its key and index."""
    patterns = rules.require(data, "cleaning", key, list, str)
    for i, p in enumerate(patterns):
        try:
            re.compile(p)
        except re.error as exc:
            raise rules.RuleFileError(f"{RULES_FILE}: key '{key}' entry {i} {p!r}: bad pattern: {exc}") from None
    return patterns


def clean(doc: SourceDoc) -> CleanDoc:
    r = cleaning_rules()
    body = doc.body
    pieces: list[str] = []
    segments: list[tuple[int, int]] = []  # (clean offset, source offset) at the start of each kept run
    out_len = 0
    in_code = False
    pos = 0
    total = max(len(body), 1)
    # Lines end at '\n' only (not at the other characters str.splitlines breaks on), so every character
    # of the clean text, line breaks included, is the character at to_source() in the body.
    lines = LINE.findall(body)
    page = r.page if doc.shape in r.page.shapes else None
    first = _article_start(lines, doc.title, page.start_max_fraction) if page else 0
    prose_seen = False
    for line_no, line in enumerate(lines):
        start, pos = pos, pos + len(line)
        content = line[:-1] if line.endswith("\n") else line
        if line_no < first:  # the site's header and menus, above the article's own title
            continue
        if r.drop_code_blocks and CODE_FENCE.match(content):
            in_code = not in_code
            continue
        if in_code:
            continue
        bare = content.strip().replace("**", "").strip()
        # Past the fraction by characters or by lines: one huge line of HTML must not hide a footer.
        if r.footer.search(bare) and max(start / total, line_no / len(lines)) >= r.footer_min_fraction:
            break
        if bare in r.chrome_lines or r.chrome_line.search(bare):
            continue
        if page is not None:
            item = LIST_MARK.sub("", bare).strip(PAGE_TRIM)
            # A footer marker ends the article once some of it was kept (a sidebar can come first).
            if page.footer.search(item) and (out_len >= page.footer_min_kept or prose_seen):
                break
            if page.chrome_line.search(item) or _is_link_line(content, page.link_line_min_share):
                continue
        # Keep the runs between inline deletions, then the line break (if the line has one).
        cursor = 0
        for m in r.inline.finditer(content):
            if m.start() > cursor:
                segments.append((out_len, start + cursor))
                pieces.append(content[cursor:m.start()])
                out_len += m.start() - cursor
            cursor = m.end()
        tail = line[cursor:]
        prose_seen = prose_seen or _is_prose(content)
        segments.append((out_len, start + cursor))
        pieces.append(tail)
        out_len += len(tail)
    return CleanDoc(doc=doc, text="".join(pieces), segments=tuple(segments))


def _article_start(lines: list[str], title: str, max_fraction: float) -> int:
    """Index of the last line repeating the title (the article's own heading below the site's menus),
    looking no further than the first prose line or `max_fraction` of the lines; 0 when none."""
    want = HEADING_MARKUP.sub("", title)
    if len(want) < 4:
        return 0
    last = 0
    for i, line in enumerate(lines[:max(1, int(len(lines) * max_fraction))]):
        if not i:
            continue
        if len(line) < 3 * len(want) + 20 and HEADING_MARKUP.sub("", line) == want:
            last = i
        elif _is_prose(line):
            break  # the article has begun: a later repeat of the title is its closing line
    return last


def _is_prose(line: str) -> bool:
    """A sentence or more of running text (not a menu, caption or heading)."""
    return len(line) >= PROSE_MIN_CHARS and len(PROSE_PUNCT.findall(line)) >= 2


def _is_link_line(content: str, min_share: float) -> bool:
    """A line made (mostly) of Markdown links: a menu entry or a related-article list item."""
    links = [m for m in MD_LINK.finditer(content) if not m.group(1)]
    if not links:
        return False
    linked = sum(len(HEADING_MARKUP.sub("", m.group(2))) for m in links)
    visible = len(HEADING_MARKUP.sub("", LIST_MARK.sub("", MD_LINK.sub(
        lambda m: "" if m.group(1) else m.group(2), content))))
    return visible == 0 or linked >= min_share * visible


def to_source(clean_doc: CleanDoc, index: int) -> int:
    """Offset in the original body of character `index` of the clean text."""
    segs = clean_doc.segments
    i = bisect_right(segs, (index, float("inf"))) - 1
    if i < 0:
        return 0
    clean_start, source_start = segs[i]
    return source_start + (index - clean_start)
