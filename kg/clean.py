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

CODE_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class CleaningRules:
    inline: re.Pattern
    chrome_lines: frozenset[str]
    chrome_line: re.Pattern
    footer: re.Pattern
    footer_min_fraction: float
    drop_code_blocks: bool


@lru_cache(maxsize=1)
def cleaning_rules() -> CleaningRules:
    data = rules.load("cleaning")
    inline = rules.require(data, "cleaning", "delete_inline", list)
    try:
        return CleaningRules(
            inline=re.compile("|".join(f"(?:{p})" for p in inline)),
            chrome_lines=frozenset(map(str, rules.require(data, "cleaning", "chrome_lines", list))),
            chrome_line=re.compile("|".join(f"(?:{p})" for p in rules.require(data, "cleaning", "chrome_line_patterns", list))),
            footer=re.compile("|".join(f"(?:{p})" for p in rules.require(data, "cleaning", "footer_markers", list))),
            footer_min_fraction=float(data.get("footer_min_fraction", 0.4)),
            drop_code_blocks=bool(data.get("drop_code_blocks", True)),
        )
    except re.error as exc:
        raise rules.RuleFileError(f"{rules.RULES_DIR / 'cleaning.yaml'}: bad pattern: {exc}") from None


def clean(doc: SourceDoc) -> CleanDoc:
    r = cleaning_rules()
    body = doc.body
    pieces: list[str] = []
    segments: list[tuple[int, int]] = []  # (clean offset, source offset) at the start of each kept run
    out_len = 0
    in_code = False
    pos = 0
    total = max(len(body), 1)
    for line in body.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        content = line.rstrip("\r\n")
        if r.drop_code_blocks and CODE_FENCE.match(content):
            in_code = not in_code
            continue
        if in_code:
            continue
        bare = content.strip().replace("**", "").strip()
        if r.footer.search(bare) and start / total >= r.footer_min_fraction:
            break
        if bare in r.chrome_lines or r.chrome_line.search(bare):
            continue
        # Keep the runs between inline deletions, then the line break.
        cursor = 0
        for m in r.inline.finditer(content):
            if m.start() > cursor:
                segments.append((out_len, start + cursor))
                pieces.append(content[cursor:m.start()])
                out_len += m.start() - cursor
            cursor = m.end()
        tail = content[cursor:] + "\n"
        segments.append((out_len, start + cursor))
        pieces.append(tail)
        out_len += len(tail)
    return CleanDoc(doc=doc, text="".join(pieces), segments=tuple(segments))


def to_source(clean_doc: CleanDoc, index: int) -> int:
    """Offset in the original body of character `index` of the clean text."""
    segs = clean_doc.segments
    i = bisect_right(segs, (index, float("inf"))) - 1
    if i < 0:
        return 0
    clean_start, source_start = segs[i]
    return source_start + (index - clean_start)
