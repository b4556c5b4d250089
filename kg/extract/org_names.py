"""Organisation names ending in a suffix: find where each starts, and judge whether it is a name."""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.org_rules import OrgRules
from kg.extract.place_lexicon import place_lexicon


_LATIN = re.compile(r"[A-Za-z]{1,4}(?![A-Za-z])")
_LEADING_DIGITS = re.compile(r"\d{1,4}(?=\D)")


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    name: str
    suffix: str


def suffix_candidates(text: str, r: OrgRules, known_starts: set[int]) -> list[Candidate]:
    """Every '<name><suffix>' in the text that passes is_name.

    The front is cut after the last boundary word (由, 在, 和 …) or at a known name's start; when that
    leaves no name because the cut fell inside one (北京安华金和科技有限公司 cut at 和), the cut may move
    left past a soft boundary only.
    """
    out = []
    for m in r.suffix.finditer(text):
        w0 = max(0, m.start() - r.max_name_len)
        run = r.name_run.search(text, w0, m.start())
        if run is None:
            continue
        # A run filling the whole window was cut short: its own start is no name start.
        truncated = run.start() == w0 and w0 > 0 and r.name_run.match(text[w0 - 1])
        crossed_soft = False
        for cut_at, soft in _cuts(run.group(), run.start(), r, known_starts, not truncated):
            prefix = text[cut_at:m.start()]
            c = Candidate(cut_at, m.end(), prefix + m.group(), m.group())
            known = cut_at in known_starts or bool(r.specific_after.search(text, 0, cut_at))
            # Reaching past a soft boundary needs a clearly specific start (北京安华金和…, not BAS系统与…).
            if crossed_soft and not (known or r.specific_start.match(prefix) or place_lexicon().pattern.match(prefix)):
                break
            if is_name(c, r, known):
                out.append(c)
                break
            crossed_soft = True
            # Only a cut after a soft boundary (北京安华金和|科技有限公司) looks further left.
            if not soft or c.name in r.generic_names:
                break
    return out


def _cuts(run: str, offset: int, r: OrgRules, known_starts: set[int], run_start_ok: bool):
    """(text offset, whether the boundary there is soft) for each place the name may start, rightmost first.
    Boundaries inside protected words (在线, 工业和信息化) don't count."""
    protected = [(p.start(), p.end()) for p in r.protected.finditer(run)]
    cuts: dict[int, bool] = {0: False} if run_start_ok else {}
    for b in r.left_boundary.finditer(run):
        if not any(ps <= b.start() and b.end() <= pe for ps, pe in protected):
            cuts[b.end()] = b.group() in r.soft_boundaries
    # A known name's start is a fallback only, left of the first boundary cut (委托|美国国家标准与技术研究院).
    first = max(cuts, default=0)
    for k in known_starts:
        if offset < k < offset + first:
            cuts.setdefault(k - offset, True)
    if len(run) in cuts:  # a boundary right before the suffix (Zimperium的团队): no name here
        return []
    # Leading digits before a place or a Latin name are a list number (217北京…, 3Mozilla…).
    digits = _LEADING_DIGITS.match(run)
    if digits and 0 in cuts and (place_lexicon().pattern.match(run, digits.end()) or run[digits.end()].isascii()):
        cuts[digits.end()] = cuts.pop(0)
    return [(offset + c, cuts[c]) for c in sorted(cuts, reverse=True)]


def is_name(c: Candidate, r: OrgRules, known_prefix: bool) -> bool:
    """Whether a candidate is specific enough to be a name rather than a description."""
    prefix = c.name[: len(c.name) - len(c.suffix)]
    if len(prefix) < r.min_prefix_len or c.name in r.generic_names or r.venue_suffix.search(c.name):
        return False
    if r.bad_start.search(prefix):
        return False
    if known_prefix or r.specific_start.match(prefix):
        return True
    place = place_lexicon().pattern.match(prefix) or _LATIN.match(prefix)
    if place:  # 以色列公司, AI公司, 美国顶尖大学: a place or acronym plus generic words is a description
        core = prefix[place.end():]  # (but 广州大学 is a name: a strong suffix may follow the place alone)
        return (bool(core) or c.suffix in r.strong) and not r.generic_head.search(core)
    # Without a specific start, a strong suffix still needs a head that is more than generic words.
    return (c.suffix in r.strong and len(prefix) <= r.max_unspecific_prefix_len
            and not r.generic_head.search(prefix))


def is_department(tail: str, r: OrgRules) -> bool:
    """A short unit written after its organisation (办公室, 产品中心): part of a job title, not a body."""
    return bool(r.department_tail.search(tail))
