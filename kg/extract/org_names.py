"""Organisation names ending in a suffix: find where each starts, and judge whether it is a name."""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.org_rules import OrgRules
from kg.extract.place_lexicon import place_lexicon
from kg.extract.tokens import Tokens, is_function_word


# `$`-anchored patterns are searched over this many characters before a position, never over the whole
# text before it (which made every candidate cost the length of the article).
LOOKBACK = 16
_LATIN = re.compile(r"[A-Za-z]{1,4}(?![A-Za-z])")
_LEADING_DIGITS = re.compile(r"\d{1,4}(?=\D)")


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    name: str
    suffix: str


def suffix_candidates(text: str, r: OrgRules, known_starts: set[int], tokens: Tokens,
                      known_ends: frozenset[int] = frozenset()) -> list[Candidate]:
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
            if not tokens.is_end(m.end()):  # the suffix is the start of a longer word (党委|委员)
                break
            known_here = lambda at: at in known_starts or bool(r.specific_after.search(text, max(0, at - LOOKBACK), at))  # noqa: E731
            cut_at = fit_start(cut_at, m.start(), tokens, text,
                               lambda at: is_name(Candidate(at, m.end(), text[at:m.end()], m.group()), r, known_here(at), tokens),
                               lambda at: at in known_starts or bool(r.specific_start.match(text, at)))
            if cut_at is None:
                break
            if soft and not _closes_a_name(text, run.start(), cut_at, r, known_ends):
                crossed_soft = True  # 上海市网络与|信息安全…中心: the 与 is inside one name
                continue
            prefix = text[cut_at:m.start()]
            c = Candidate(cut_at, m.end(), prefix + m.group(), m.group())
            known = cut_at in known_starts or bool(r.specific_after.search(text, max(0, cut_at - LOOKBACK), cut_at))
            # Reaching past a soft boundary needs a clearly specific start (北京安华金和…, not BAS系统与…).
            if crossed_soft and not (known or r.specific_start.match(prefix) or place_lexicon().pattern.match(prefix)):
                break
            if is_name(c, r, known, tokens):
                out.append(c)
                break
            crossed_soft = True
            # Only a cut after a soft boundary (北京安华金和|科技有限公司) looks further left.
            if not soft or c.name in r.generic_names:
                break
    return out


def _closes_a_name(text: str, run_start: int, cut_at: int, r: OrgRules, known_ends: frozenset[int]) -> bool:
    """Whether the words before the soft boundary (和, 与 …) ending at `cut_at` end a name of their own,
    as in 南京星河科技有限公司和|西湖研究院; otherwise the boundary joins words inside one name."""
    word = next((w for w in sorted(r.soft_boundaries, key=len, reverse=True) if text.endswith(w, 0, cut_at)), "")
    left_end = cut_at - len(word)
    if left_end in known_ends:
        return True
    left = text[run_start:left_end]
    return any(left.endswith(s) for s in r.all_suffixes)


def fit_start(start: int, suffix_start: int, tokens: Tokens, text: str, ok, strong) -> int | None:
    """Move a name's start onto a token boundary, past verbs and function words.

    A start inside a proper-noun token moves back to the token's start (贵|港市 -> 贵港市); leading verbs and
    function words are dropped (解读|市场监管总局); a verb of two or more characters inside the name ends
    what is before it when what follows is a name by itself (…一行莅临|上海谋乐网络科技有限公司). The
    segmenter tags many name words as verbs (创新中心, 等级保护), hence `ok`, the name test, decides.
    """
    if not tokens.is_start(start):
        first = tokens[tokens.index_at(start)]
        if first.pos in _NAME_POS and first.start < start:
            start = first.start
    inner = [t for t in tokens.between(start, suffix_start)]
    while inner and is_function_word(inner[0]) and inner[0].text not in place_lexicon().label_of \
            and not _list_item_word(inner[0], text):
        start = inner.pop(0).end
    # Common words before a place start no name (运营主体|南昌某某科技有限公司, 罚款|河北保定…网信办).
    place_at = next((i for i, t in enumerate(inner) if t.pos == "ns" or t.text in place_lexicon().label_of), 0)
    if place_at and all(t.pos in ("n", "vn", "v") and t.pos not in _NAME_POS for t in inner[:place_at]):
        start = inner[place_at].start
        inner = inner[place_at:]
    for i, tok in enumerate(inner):
        # The verb must close what stands before it (一行|莅临, 研究院|联合): inside a name (中国|联合|网络)
        # the segmenter's verb is the name's own word.
        after = inner[i + 1] if i + 1 < len(inner) else None
        closes = i > 0 and (is_function_word(inner[i - 1]) or bool(_ENDS_IN_SUFFIX.search(text, max(0, tok.start - LOOKBACK), tok.start))
                            or (after is not None and (after.pos == "ns" or after.text in place_lexicon().label_of))
                            or strong(tok.end))
        if tok.pos == "v" and len(tok.text) >= 2 and closes and tok.text not in place_lexicon().label_of \
                and tok.end < suffix_start and text[tok.end] not in "（(" and ok(tok.end):
            start = tok.end
    return start if start < suffix_start else None


def _list_item_word(tok, text: str) -> bool:
    """A verb-tagged word right after the enumeration comma 、 opens a list item, a noun phrase (冯登国、
    中移|互联网有限公司: the segmenter tags the unknown brand 中移 as a verb); a predicate never follows 、."""
    return tok.pos.startswith("v") and tok.start > 0 and text[tok.start - 1] == "、"


_NAME_POS = frozenset({"ns", "nr", "nz", "nt", "eng", "j"})
_ENDS_IN_SUFFIX = re.compile(r"(?:公司|集团|研究院|研究所|大学|学院|协会|中心|实验室|委员会|局|部|厅|办)$")


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


def is_name(c: Candidate, r: OrgRules, known_prefix: bool, tokens: Tokens | None = None) -> bool:
    """Whether a candidate is specific enough to be a name rather than a description."""
    prefix = c.name[: len(c.name) - len(c.suffix)]
    if len(prefix) < r.min_prefix_len or c.name in r.generic_names or r.venue_suffix.search(c.name):
        return False
    if tokens is not None and _describes(tokens.between(c.start, c.end - len(c.suffix))):
        return False
    bad = r.bad_start.search(prefix)
    # A bad start counts only as a whole word: 贵港市 is a city, not 贵 (your); 市场监管 is not 市 (city).
    if bad and (tokens is None or tokens.is_end(c.start + bad.end())):
        return False
    if known_prefix or r.specific_start.match(prefix) or _proper_start(c, tokens):
        return True
    place = place_lexicon().pattern.match(prefix) or _LATIN.match(prefix)
    if place:  # 以色列公司, AI公司, 美国顶尖大学: a place or acronym plus generic words is a description
        core = prefix[place.end():]  # (but 广州大学 is a name: a strong suffix may follow the place alone)
        return (bool(core) or c.suffix in r.strong) and not r.generic_head.search(core)
    # Without a specific start, a strong suffix still needs a head that is more than generic words.
    return (c.suffix in r.strong and len(prefix) <= r.max_unspecific_prefix_len
            and not r.generic_head.search(prefix))


def _describes(words) -> bool:
    """A description, not a name: 某 (some) or a count (多所, 两家, 一批) among its words (广东省某科技公司,
    全球多所大学). Ordinals (第三十研究所) are part of names."""
    return any(t.text.startswith("某") or (t.pos in ("m", "mq") and not t.text.startswith("第")
                                          and not t.text.isascii()) for t in words)


def _proper_start(c: Candidate, tokens: Tokens | None) -> bool:
    """The name opens with a proper noun the segmenter knows (a brand, an organisation), not a common word."""
    if tokens is None or not tokens.is_start(c.start):
        return False
    first = tokens[tokens.index_at(c.start)]
    if first.pos == "eng" and (len(first.text) < 3 or first.text.isupper() and len(first.text) < 4):
        return False  # AI公司, IT公司: a field, not a brand
    return first.pos in _PROPER_POS and first.end <= c.end - len(c.suffix) and len(first.text) >= 2


_PROPER_POS = frozenset({"nz", "nt", "nr", "nrt", "nrfg", "eng"})


def is_department(tail: str, r: OrgRules) -> bool:
    """A short unit written after its organisation (办公室, 产品中心): part of a job title, not a body."""
    return bool(r.department_tail.search(tail))
