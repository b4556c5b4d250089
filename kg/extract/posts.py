"""Posts as chains over tokens, and person names found next to a cue.

Runs after `people` (which reads ORG + title + name right after an organisation). Here:
- ORG [department tokens] TITLE NAME, the title list possibly a coordination, each title with its own
  organisation (A公司副总裁、B协会理事长王明 -> two posts) or sharing the one before (公安部党委委员、副部长);
- NAME（ORG TITLE） and NAME，ORG TITLE (the name first, its post in brackets or after a comma);
- a title with no organisation before it gives a title-only post (马来西亚总理X -> 总理, org null);
- names with no title: before a quote verb (王明表示), after a caption cue (图为/左起), before an
  honorific (王明先生); Latin names (Mark Olsen) after a title or before a quote verb.
A title never swallows an organisation: the title phrase stops at an organisation or place mention.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from kg import rules
from kg.extract.context import Context
from kg.extract.people import PeopleRules, people_rules
from kg.extract.spans import line_bounds
from kg.extract.tokens import Token, Tokens, is_function_word
from kg.extract.trie import trie_pattern
from kg.model import Mention, PostValue

_SPACES = " \t\u3000\xa0"
_CLAUSE_END = "，,。；;：:！？!?\n）)"
# Token tags a department word in front of a title may carry (网络安全处, 技术, 首席); verbs only between nouns.
_DEPT_POS = ("n", "nz", "nt", "vn", "b", "j", "l", "an", "ng", "nrt", "ns")


@dataclass(frozen=True)
class PostRules:
    title: re.Pattern
    latin_name: re.Pattern
    dot_name: re.Pattern
    surnames: frozenset[str]
    compound_surnames: frozenset[str]
    joiners: tuple[str, ...]
    coordinators: tuple[str, ...]
    max_title_chars: int
    separators: tuple[str, ...]
    quote_verbs: frozenset[str]
    caption_cues: frozenset[str]
    honorifics: frozenset[str]
    not_latin_names: frozenset[str]
    org_like_endings: tuple[str, ...]
    ambiguous_surnames: frozenset[str]
    department_endings: tuple[str, ...]
    unit_endings: tuple[str, ...]
    bio_post_ends: frozenset[str]
    org_heads: tuple[str, ...]
    use_model: bool
    cue_word: re.Pattern  # quote verbs, honorifics and caption cues in one trie


@lru_cache(maxsize=1)
def post_rules() -> PostRules:
    d = rules.load("people")
    titles = [*map(str, rules.require(d, "people", "titles", list)), *map(str, rules.require(d, "people", "post_titles", list))]
    words = lambda key: tuple(map(str, rules.require(d, "people", key, list)))  # noqa: E731
    return PostRules(
        title=re.compile(trie_pattern(titles)),
        latin_name=re.compile(rules.require(d, "people", "latin_name", str)),
        dot_name=re.compile(rules.require(d, "people", "foreign_name", str)),
        surnames=frozenset(rules.require(d, "people", "surnames", str).split()),
        compound_surnames=frozenset(words("surnames_compound")),
        joiners=tuple(sorted(words("title_joiners"), key=len, reverse=True)),
        coordinators=words("title_coordinators"),
        max_title_chars=int(rules.require(d, "people", "max_title_chars", int)),
        separators=tuple(sorted(words("name_post_separators"), key=len, reverse=True)),
        quote_verbs=frozenset(words("quote_verbs")),
        caption_cues=frozenset(words("caption_cues")),
        honorifics=frozenset(words("honorifics")),
        not_latin_names=frozenset(words("not_latin_names")),
        org_like_endings=words("org_like_endings"),
        department_endings=words("department_endings"),
        unit_endings=words("unit_endings"),
        bio_post_ends=frozenset(words("bio_post_ends")),
        org_heads=tuple(sorted(words("org_heads"), key=len, reverse=True)),
        use_model=bool(d.get("use_ner_model", True)),
        cue_word=re.compile(trie_pattern([*words("quote_verbs"), *words("honorifics"), *words("caption_cues")])),
        ambiguous_surnames=frozenset(rules.require(d, "people", "ambiguous_surnames", str).split()),
    )


@dataclass(frozen=True)
class Name:
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class NewOrg:
    """An organisation a title chain found that no mention holds yet; made a mention only when a post uses it."""
    start: int
    end: int
    label: str


# A post at an organisation the text names elsewhere (该公司首席执行官): no post is made, the name is kept.
ANAPHORIC = NewOrg(-1, -1, "")


@dataclass
class Scan:
    """One article's look-ups, all by offset: organisation ends, blocked spans, title words by end."""

    ctx: Context
    pr: PostRules
    r: PeopleRules
    org_by_end: dict[int, tuple[int, Mention]]
    blocked_starts: list[int]
    blocked: list[tuple[int, int]]
    title_by_end: dict[int, int]
    # Cues the rules found no name at, for the learned recogniser: (offset, "after" a title | "before" a
    # quote verb, start of that title or -1).
    cues: list[tuple[int, str, int]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.ctx.text

    @property
    def tokens(self) -> Tokens:
        return self.ctx.tokens

    def is_blocked(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps an organisation or place mention."""
        i = bisect_right(self.blocked_starts, end - 1) - 1
        while i >= 0 and self.blocked_starts[i] > start - 200:  # spans are short; look a little back
            s, e = self.blocked[i]
            if s < end and start < e:
                return True
            i -= 1
        return False


def run(ctx: Context) -> None:
    scan = _scan(ctx)
    for end, start in sorted(scan.title_by_end.items()):
        _title_then_name(scan, start, end)
        _name_then_bracketed_post(scan, start, end)
        _name_then_post(scan, start, end)
        _name_then_title(scan, start, end)
        _speaker_card(scan, start, end)
    _bios(scan)
    _one_reading_per_post(ctx, scan.pr.unit_endings)
    _cued_names(scan)
    if scan.pr.use_model and scan.cues:
        _model_names(scan)


def _scan(ctx: Context) -> Scan:
    pr, r = post_rules(), people_rules()
    org_by_end: dict[int, tuple[int, Mention]] = {}
    blocked: list[tuple[int, int]] = []
    for m in ctx.mentions:
        if m.type in ("Organization", "Place"):
            for s, e in m.spans:
                blocked.append((s, e))
                if m.type == "Organization" and (e not in org_by_end or s < org_by_end[e][0]):
                    org_by_end[e] = (s, m)  # the longest organisation ending here
    blocked.sort()
    scan = Scan(ctx, pr, r, org_by_end, [s for s, _ in blocked], blocked, {})
    # A title word ends where a token ends (委员 in 委员会 is no title).
    for m in pr.title.finditer(ctx.text):
        if ctx.tokens.is_end(m.end()):
            scan.title_by_end[m.end()] = _title_start(scan, m.start(), m.end())
    return scan


def _title_start(scan: Scan, start: int, end: int) -> int:
    """Where a title match starts once an organisation it overlaps is taken off its front (某研究院|院长 was
    matched as 研究院院长)."""
    i = bisect_right(scan.blocked_starts, start) - 1
    while i >= 0 and scan.blocked_starts[i] > start - 60:
        e = scan.blocked[i][1]
        if start < e < end and scan.pr.title.fullmatch(scan.text, e, end):
            return e
        i -= 1
    return start


# --- chains ---------------------------------------------------------------------------------------------

def _title_then_name(scan: Scan, start: int, end: int) -> None:
    """[ORG] [department] TITLE NAME, with coordinated titles before it."""
    at = _skip(scan.text, end, _SPACES, 2)
    name = _name_at(scan, at)
    if name is None or name.start != at:  # 总统候选人加里·乔治斯库: a word between the title and the name
        if name is None:
            scan.cues.append((end, "after", start))
        return
    groups = _chain_back(scan, start, end)
    if groups:
        _add_posts(scan, name, groups)


def _name_then_bracketed_post(scan: Scan, start: int, end: int) -> None:
    """NAME（ORG TITLE） or NAME（TITLE）."""
    text = scan.text
    close = _skip(text, end, _SPACES, 2)
    if text[close:close + 1] not in ("）", ")"):
        return
    groups = _chain_back(scan, start, end)
    if not groups:
        return
    first = groups[-1][2]
    if text[first - 1:first] not in ("（", "("):
        return
    name = _name_before(scan, first - 1)
    if name is not None:
        _add_posts(scan, name, groups)


def _name_then_post(scan: Scan, start: int, end: int) -> None:
    """NAME，ORG TITLE at a clause start: the name, a separator, an organisation and a title ending a clause."""
    text = scan.text
    after = _skip(text, end, _SPACES, 2)
    if after < len(text) and text[after] not in _CLAUSE_END:
        return
    groups = _chain_back(scan, start, end)
    if not groups or all(org is None for _, org, _ in groups):
        return
    first = _skip_back(text, groups[-1][2], _SPACES, 2)
    sep = next((s for s in scan.pr.separators if text.endswith(s, 0, first)), None)
    if sep is None:
        return
    name = _name_before(scan, _skip_back(text, first - len(sep), _SPACES, 2))
    if name is None or name.start > 0 and text[name.start - 1] not in "\n。；;！？*#>":
        return
    _add_posts(scan, name, groups)


def _name_then_title(scan: Scan, start: int, end: int) -> None:
    """NAME TITLE (某国王明将军, Dr. 王明教授): a name the segmenter tags as a person, then a bare title word."""
    text = scan.text
    if not scan.tokens.is_start(start) or (end < len(text) and text[end] not in _CLAUSE_END and
                                            not _is_verb_at(scan, end)):
        return
    name = _name_before(scan, start)
    if name is None or not _strong(scan, name) or not _starts_word(scan, name.start):
        return
    org_at = _skip_back(text, name.start, _SPACES + "的", 3)
    org = scan.org_by_end.get(org_at)
    _add_posts(scan, name, [(text[start:end], org[1] if org else None, name.start)])


def _speaker_card(scan: Scan, start: int, end: int) -> None:
    """A speaker card: a line holding a name (王明 先生), then a line holding an organisation, then a line
    holding the title, blank lines and bold marks between them."""
    text = scan.text
    line = _line_content(text, start)
    if line is None or line[1] != end or _extend_title(scan, start) != line[0]:
        return  # the title phrase must fill its line
    org_line = _previous_line(text, line[0])
    if org_line is None or org_line[1] not in scan.org_by_end or scan.org_by_end[org_line[1]][0] != org_line[0]:
        return
    name_line = _previous_line(text, org_line[0])
    if name_line is None:
        return
    n_end = name_line[1]
    for word in sorted(scan.pr.honorifics, key=len, reverse=True):  # 潘某某 先生
        if text.endswith(word, name_line[0], n_end):
            n_end = _skip_back(text, n_end - len(word), _SPACES, 2)
            break
    name = _name_before(scan, n_end)
    if name is not None and name.start == name_line[0]:
        _add_posts(scan, name, [(text[line[0]:end], scan.org_by_end[org_line[1]][1], name.start)])


def _bios(scan: Scan) -> None:
    """A speaker's biography: a line holding only a name (**王明** or 王明 先生), then within a few lines a
    paragraph listing posts (曾任A公司副总裁，B协会理事长). Each organisation + title there that ends a
    clause is a post of that person; the name needs at least one such post to be taken."""
    text, pr = scan.text, scan.pr
    ends = sorted(scan.title_by_end)
    ls = 0
    while ls < len(text):
        le = text.find("\n", ls)
        le = len(text) if le < 0 else le
        line = _line_content(text, ls) if le - ls <= 24 else None
        ls = le + 1
        if line is None or line[1] - line[0] > 10:
            continue
        n_end = line[1]
        for word in sorted(pr.honorifics, key=len, reverse=True):
            if text.endswith(word, line[0], n_end):
                n_end = _skip_back(text, n_end - len(word), _SPACES, 2)
                break
        name = _chinese_name(scan, line[0], forward=True)
        if name is None or name.end != n_end:
            continue
        bio = _bio_paragraph(text, le)
        if bio is None:
            continue
        groups = []
        for i in range(bisect_right(ends, bio[0]), bisect_right(ends, bio[1])):
            end = ends[i]
            after = _skip(text, end, _SPACES, 2)
            if after < bio[1] and text[after] not in pr.bio_post_ends:
                continue  # a title followed by a name or a verb is someone else's or no post
            groups += [g for g in _chain_back(scan, scan.title_by_end[end], end) if g[1] is not None]
        same_name = scan.ctx.find("Person", name.label)
        held = {f.obj.title for f in (scan.ctx.facts_about(same_name) if same_name else ())
                if isinstance(f.obj, PostValue)}
        groups = [g for g in groups if g[0] not in held]  # the card already gave this title (at its full name)
        if groups:
            _add_posts(scan, name, groups)


def _bio_paragraph(text: str, pos: int, most: int = 4) -> tuple[int, int] | None:
    """The first long line among the next `most` non-empty lines after `pos`."""
    while most > 0 and pos < len(text):
        ls = pos + 1
        le = text.find("\n", ls)
        le = len(text) if le < 0 else le
        content = _line_content(text, ls) if le > ls else None
        if content is not None:
            if content[1] - content[0] >= 30:
                return content
            most -= 1
        pos = le
    return None


def _line_content(text: str, pos: int) -> tuple[int, int] | None:
    """(start, end) of the line around `pos` without blanks and bold marks, or None for an empty line."""
    ls, le = line_bounds(text, pos)
    s = _skip(text, ls, _SPACES + "*#>", le - ls)
    e = _skip_back(text, le, _SPACES + "*", le - s)
    return (s, e) if s < e else None


def _previous_line(text: str, pos: int, most: int = 4) -> tuple[int, int] | None:
    """The content of the nearest non-empty line before the line starting around `pos`."""
    ls = line_bounds(text, pos)[0]
    while most > 0 and ls > 0:
        prev_end = ls - 1
        content = _line_content(text, max(0, prev_end - 1)) if prev_end > 0 else None
        if content is not None and content[0] <= prev_end:
            return content
        ls = line_bounds(text, prev_end)[0]
        most -= 1
    return None


def _is_verb_at(scan: Scan, pos: int) -> bool:
    tok = scan.tokens.after(pos)
    return tok is not None and tok.start == pos and (tok.pos.startswith("v") or tok.pos in ("p", "d", "c", "u", "uj"))


def _chain_back(scan: Scan, start: int, end: int) -> list[tuple[str, Mention | NewOrg | None, int]]:
    """(title, organisation or None, start of the group) for the title ending at `end`, then each title
    coordinated before it, nearest first. A bare title with no organisation shares the next one's."""
    text, pr = scan.text, scan.pr
    groups: list[tuple[str, Mention | NewOrg | None, int]] = []
    while len(groups) < 4:
        phrase_start = _extend_title(scan, start)
        title = text[phrase_start:end].strip(_SPACES)
        org_at = _skip_back(text, phrase_start, _SPACES + "的", 3)
        head = next((h for h in pr.org_heads if text.startswith(h, phrase_start) and phrase_start + len(h) <= start), None)
        if head is not None:  # Acme 公司首席执行官: the generic head word belongs to the organisation, not the title
            phrase_start = _skip(text, phrase_start + len(head), _SPACES + "的", 2)
            title = text[phrase_start:end].strip(_SPACES)
        else:
            head = None if org_at in scan.org_by_end else \
                next((h for h in pr.org_heads if text.endswith(h, 0, org_at)), None)
            if head is not None:  # Acme 公司的研究员
                org_at = _skip_back(text, org_at - len(head), _SPACES, 2)
        org = _org_ending_at(scan, org_at) or _latin_org(scan, org_at, head is not None)
        if org is None and head is not None:
            org = (org_at, ANAPHORIC)  # 该公司首席执行官: an organisation named elsewhere
        if org is not None:
            unit = _unit_end(scan, phrase_start, start)
            if unit is not None:  # 山石网科安研院研究员: the unit is an organisation of its own
                org = (org[0], NewOrg(org[0], unit, text[org[0]:unit]))
                phrase_start = _skip(text, unit, _SPACES, 2)
                title = text[phrase_start:end].strip(_SPACES)
        group_start = org[0] if org else phrase_start
        if not title or scan.title_by_end.get(end) is None:
            break
        groups.append((title, org[1] if org else None, group_start))
        k = _skip_back(text, group_start, _SPACES, 2)
        coord = next((c for c in pr.coordinators if text.endswith(c, 0, k)), None)
        if coord is None:
            break
        end = _skip_back(text, k - len(coord), _SPACES, 2)
        if end not in scan.title_by_end:
            break
        start = scan.title_by_end[end]
    # 公安部党委委员、副部长X: the bare 副部长 has the organisation of the title before it.
    shared: list[tuple[str, Mention | NewOrg | None, int]] = []
    for i, (title, org, s) in enumerate(groups):
        if org is None and i + 1 < len(groups) and (scan.title_by_end.get(s + len(title)) == s or
                                                    not _holds_org(scan, s, s + len(title))):
            org = groups[i + 1][1]  # 副总裁、渠道部负责人: a department of the same organisation
        shared.append((title, org, s))
    return shared


def _org_ending_at(scan: Scan, at: int) -> tuple[int, Mention] | None:
    """The organisation ending at `at`, or the one in brackets closing there (奇虎(Qihoo) 副总裁)."""
    org = scan.org_by_end.get(at)
    text = scan.text
    if org is None and text[at - 1:at] in (")", "）"):
        org = scan.org_by_end.get(at - 1)
        if org is not None and text[org[0] - 1:org[0]] not in ("(", "（"):
            org = None
        if org is None:  # 安恒信息(DAS) 副总裁: the organisation before the brackets
            opening = max(text.rfind("(", max(0, at - 24), at - 1), text.rfind("（", max(0, at - 24), at - 1))
            org = scan.org_by_end.get(opening) if opening > 0 else None
    return org


def _unit_end(scan: Scan, phrase_start: int, title_start: int) -> int | None:
    """End of an organisational unit (研究院, 实验室, 中心) opening a title phrase right after its organisation,
    when a title remains after it; the unit's own words must all be department words."""
    end = None
    for tok in scan.tokens.between(phrase_start, title_start):
        if tok.end <= title_start and len(tok.text) >= 2 and tok.text.endswith(scan.pr.unit_endings):
            end = tok.end
    return end


def _latin_org(scan: Scan, at: int, headed: bool = False) -> tuple[int, NewOrg] | None:
    """An organisation the organisation extractor missed, written in Latin letters right before a title
    (TokenPocket Co-Founder, Acme 的 COO): one to three capitalised words, none a title or a common word,
    not part of a person's name. Only called for a title chain, so the title vouches for it."""
    toks, text, pr = scan.tokens, scan.text, scan.pr
    words: list[Token] = []
    pos = at
    while len(words) < 3:
        tok = toks.before(pos)
        if tok is None or tok.end != pos or tok.pos != "eng" or len(tok.text) < 3 \
                or not (tok.text[:1].isupper() or headed and any(c.isupper() for c in tok.text)) \
                or pr.title.fullmatch(tok.text) or tok.text in pr.not_latin_names:
            break
        words.append(tok)
        pos = tok.start
        if text[pos - 1:pos] != " " or not text[pos - 2:pos - 1].isalpha() or not text[pos - 2:pos - 1].isascii():
            break
        pos -= 1
    if not words or len(words) > 1 and not headed and not any(any(c.isupper() for c in w.text[1:]) for w in words):
        return None  # two plain capitalised words are more likely a person's name (Tony Chen)
    start, end = words[-1].start, words[0].end
    if scan.ctx.overlaps("Person", start, end) or scan.is_blocked(start, end):
        return None
    lead = toks.before(_skip_back(text, start, _SPACES, 1))
    if lead is not None and lead.end < start and lead.text.strip() and not is_function_word(lead):
        return None  # 小宇宙 App CEO, CM Alliance CEO: the Latin words end a longer name the rules cannot bound
    return start, NewOrg(start, end, text[start:end])


def _extend_title(scan: Scan, start: int) -> int:
    """Start of the title phrase whose title word starts at `start`: department words and joined titles
    before it, stopping at an organisation or place, a function word, punctuation or a space."""
    text, toks, pr = scan.text, scan.tokens, scan.pr
    limit = start - pr.max_title_chars
    i = toks.index_at(start)
    if toks[i].start < start and not scan.is_blocked(toks[i].start, start):  # 第一副|总理: the word's own token
        start = toks[i].start
    while start > max(0, limit):
        joiner = next((j for j in pr.joiners if text.endswith(j, 0, _skip_back(text, start, _SPACES, 2))), None)
        if joiner is not None:
            prev_end = _skip_back(text, _skip_back(text, start, _SPACES, 2) - len(joiner), _SPACES, 2)
            if prev_end in scan.title_by_end and scan.title_by_end[prev_end] >= limit:
                start = scan.title_by_end[prev_end]
                continue
            break
        tok = toks.before(start)
        if tok is None or tok.end != start or not _dept_word(scan, tok):
            break
        if pr.title.fullmatch(tok.text) and tok.pos != "b":
            break  # 创始人团队包括CEO: an unjoined earlier title belongs to another phrase
        if tok.pos.startswith("v") and tok.pos != "vn" and not _is_cjk(text[start:start + 1]):
            break  # 包括CEO: a verb before a Latin title is no department word
        start = tok.start
    return start


def _dept_word(scan: Scan, tok: Token) -> bool:
    if tok.pos == "eng" or scan.is_blocked(tok.start, tok.end) or not tok.text.strip():
        return False
    if len(tok.text) >= 2 and tok.text.endswith(scan.pr.department_endings):
        return True
    if tok.pos == "vn":  # a verbal noun: 威胁研究员, 安全运营总监
        return True
    if tok.pos.startswith("v"):  # a verb only between nouns: 漏洞挖掘工程师
        prev = scan.tokens.before(tok.start)
        return prev is not None and prev.pos in ("n", "nz", "vn", "b") and not scan.is_blocked(prev.start, prev.end)
    return tok.pos in _DEPT_POS and not is_function_word(tok)


def _add_posts(scan: Scan, name: Name, groups: list[tuple[str, Mention | NewOrg | None, int]]) -> None:
    person = _add_person(scan, name)
    if person is None:
        return
    have = {f.obj.org for f in scan.ctx.facts_about(person) if isinstance(f.obj, PostValue)}
    for title, org, start in groups:
        if org is ANAPHORIC:
            continue
        if isinstance(org, NewOrg):
            org = scan.ctx.add_mention("Organization", org.label, (org.start, org.end))
        org_ref = "@" + org.id if org is not None else None
        if org_ref in have or (org_ref is None and have):
            continue  # `people` already gave this person a post at this organisation
        if org is None and _holds_org(scan, start, start + len(title)):
            continue
        scan.ctx.add_fact(person, "post", PostValue(title=title, org=org_ref))


def _one_reading_per_post(ctx: Context, unit_endings: tuple[str, ...]) -> None:
    """Keep one reading of a post found with two splits between organisation and title (A大学计算机学院|院长
    against A大学|计算机学院院长, one from `people`, one from the chains): the one with the unit as
    organisation when the extra part is an organisational unit (研究院, 实验室), else the one keeping the
    department in the title (宣传部副部长)."""
    org_label = {m.id: m.label for m in ctx.mentions if m.type == "Organization"}
    by_person: dict[str, list] = {}
    for fact in ctx.facts:
        if isinstance(fact.obj, PostValue) and fact.obj.org and fact.obj.org[1:] in org_label:
            by_person.setdefault(fact.subject, []).append(fact)
    drop = set()
    for facts in by_person.values():
        for a in facts:
            for b in facts:
                la, lb = org_label[a.obj.org[1:]], org_label[b.obj.org[1:]]
                if not (len(la) < len(lb) and lb.startswith(la)):
                    continue
                extra = lb[len(la):].strip(_SPACES)
                if a.obj.title.replace(" ", "") != (extra + b.obj.title).replace(" ", ""):
                    continue
                drop.add(id(a) if extra.endswith(unit_endings) else id(b))
    if drop:
        ctx.drop_facts(lambda f: id(f) not in drop)


def _holds_org(scan: Scan, start: int, end: int) -> bool:
    """Whether a title phrase with no organisation before it seems to hold one (光明网副总编辑), or to follow
    one the organisation extractor did not find (Sectigo 研究员, 某某(Brand) 创始人, 德勤合伙人)."""
    before = scan.tokens.before(_skip_back(scan.text, start, _SPACES + "的", 3))
    if before is not None and not scan.is_blocked(before.start, before.end):
        if before.text in (")", "）") or before.pos == "eng" and not scan.pr.title.fullmatch(before.text):
            return True
        if before.end == start and before.pos in ("n", "nr", "nz", "nt", "j", "l", "nrt") and \
                not scan.pr.title.fullmatch(before.text):
            return True
    return any(t.pos == "nt" or t.text.endswith(scan.pr.org_like_endings)
               for t in scan.tokens.between(start, end)
               if not scan.pr.title.fullmatch(t.text) and not t.text.endswith(scan.pr.department_endings))


# --- names ----------------------------------------------------------------------------------------------

def _name_at(scan: Scan, pos: int) -> Name | None:
    """A person's name starting at `pos`: Latin, dotted foreign or Chinese."""
    text = scan.text
    m = scan.pr.latin_name.match(text, pos)
    if m is not None and not _latin_glued(text, m.end()) and _latin_ok(scan, m.group()):
        return Name(m.start(), m.end(), m.group())
    dot = _dot_name_at(scan, pos)
    if dot is not None:
        return dot
    return _chinese_name(scan, pos, forward=True)


def _name_before(scan: Scan, end: int) -> Name | None:
    """A person's name ending at `end`."""
    text = scan.text
    window = text[max(0, end - 40):end]
    for m in scan.pr.latin_name.finditer(window):
        if m.end() == len(window):
            s = end - len(window) + m.start()
            if (s == 0 or not _latin_glued(text, s - 1)) and _latin_ok(scan, m.group()):
                return Name(s, end, m.group())
    return _chinese_name(scan, end, forward=False)


def _dot_name_at(scan: Scan, pos: int) -> Name | None:
    m = scan.pr.dot_name.match(scan.text, pos)
    if m is None:
        return None
    dot = next(i for i in range(pos, m.end()) if scan.text[i] in "·・•")
    # 候选人加里·乔治斯库: a common word in front of the first part is not part of the name.
    for tok in scan.tokens.between(pos, dot):
        if tok.end < dot and (len(tok.text) >= 2 and tok.pos in ("n", "v", "vn", "nt", "ns", "a") or
                              tok.start == pos and tok.pos[:1] in ("u", "p", "c")):  # 局长的詹姆斯·伍尔西
            pos = tok.end
    # The last part may run into a verb glued to it (哈米德莅临): end where a verb token starts.
    end = m.end()
    for tok in scan.tokens.between(pos, m.end()):
        if tok.start > pos and tok.text not in "·・•" and (is_function_word(tok) or tok.text in scan.pr.quote_verbs):
            end = tok.start
            break
    label = scan.text[pos:end]
    if scan.pr.title.search(label, 0, label.find("·") if "·" in label else len(label)):
        return None  # 前顾问凯蒂·穆苏里斯: a title word in the first part, not a name
    return Name(pos, end, label) if "·" in label or "・" in label or "•" in label else None


def _chinese_name(scan: Scan, at: int, forward: bool) -> Name | None:
    """A Chinese name of 2-4 characters starting (forward) or ending (backward) at `at`, on token
    boundaries, starting with a surname, made of no function word."""
    text, toks = scan.text, scan.tokens
    for n in (3, 2, 4):
        s, e = (at, at + n) if forward else (at - n, at)
        if s < 0 or e > len(text) or not toks.on_boundaries(s, e):
            continue
        name = text[s:e]
        inner = toks.between(s, e)
        single = len(inner) == 1 and inner[0].pos.startswith("nr")
        surname_len = 2 if name[:2] in scan.pr.compound_surnames else 1 if name[0] in scan.pr.surnames else 0
        if not surname_len or len(name) - surname_len not in (1, 2):
            continue
        # A one-character surname may carry any noun tag (郑 as ns); longer words must not be names of places.
        if not single and any(is_function_word(t) or t.pos in ("ns", "nt", "eng") and len(t.text) > 1 for t in inner):
            continue
        if not single and (n == 4 or name[0] in scan.pr.ambiguous_surnames):
            continue
        if _bad_name(scan, s, e, trusted=single):
            continue
        return Name(s, e, name)
    return None


def _bad_name(scan: Scan, s: int, e: int, trusted: bool) -> bool:
    """Whether text[s:e] cannot be a name; `trusted` (one token the segmenter tags as a person) skips the
    check for verb-like characters, which names do contain (王建军)."""
    name, r = scan.text[s:e], scan.r
    if not trusted and any(ch in r.stop_chars for ch in name[1:]) or name in r.not_names or name[:2] in r.not_names \
            or name[1:] in r.not_given_names or name[2:] in r.not_given_names:
        return True
    if scan.pr.title.fullmatch(name) or scan.pr.title.match(name, 1):
        return True
    return scan.text[e:e + 1] in r.not_followed_by or scan.is_blocked(s, e)


def _add_person(scan: Scan, name: Name) -> Mention | None:
    if scan.is_blocked(name.start, name.end):
        return None
    return scan.ctx.add_mention("Person", name.label, (name.start, name.end))


# --- names next to a cue --------------------------------------------------------------------------------

def _cued_names(scan: Scan) -> None:
    """Names before a quote verb or an honorific, and after a caption cue. The cue words are found by one
    regex pass and kept only when the segmenter made them a whole token (说 inside 小说 is no cue)."""
    toks, pr, text = scan.tokens, scan.pr, scan.text
    for m in pr.cue_word.finditer(text):
        i = toks.index_at(m.start())
        tok = toks[i]
        if tok.start != m.start() or tok.end != m.end():
            continue
        if tok.text in pr.caption_cues:
            _caption(scan, i + 1)
            continue
        end = _skip_back(text, tok.start, _SPACES, 1)
        name = _name_before(scan, end)
        if name is not None and _strong(scan, name) and _starts_word(scan, name.start):
            _add_person(scan, name)
        elif name is None and tok.text in pr.quote_verbs:
            scan.cues.append((end, "before", -1))


def _caption(scan: Scan, i: int) -> None:
    """图为左起王明、李华: names separated by 、 or spaces after a caption cue."""
    toks = scan.tokens
    while i < len(toks) and i < 40:
        tok = toks[i]
        if tok.text in ("、", "，", "和", " ") or tok.text in scan.pr.caption_cues:
            i += 1
            continue
        name = _chinese_name(scan, tok.start, forward=True)
        if name is None or not _strong(scan, name):
            return
        _add_person(scan, name)
        i = toks.index_at(name.end)
        if toks[i].start < name.end:
            i += 1


def _starts_word(scan: Scan, start: int) -> bool:
    """Whether a name starting here is not the tail of a longer word (巴尔苏姆表示 is not 苏姆)."""
    if scan.text[start - 1:start] in ("·", "・", "•"):
        return False  # 亚历克斯·罗比指出: the last part of a dotted name
    prev = scan.tokens.before(start)
    return prev is None or not prev.text.strip() or is_function_word(prev) or prev.pos in ("n", "vn", "nt", "nz") \
        or prev.pos == "ns" and scan.is_blocked(prev.start, prev.end) \
        or prev.text in scan.pr.caption_cues


def _strong(scan: Scan, name: Name) -> bool:
    """Without a title, only a name the segmenter tags as a person, or a Latin two-word name."""
    if name.label[:1].isascii():
        return " " in name.label
    inner = scan.tokens.between(name.start, name.end)
    return bool(inner) and all(t.pos.startswith("nr") for t in inner)


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _latin_glued(text: str, i: int) -> bool:
    """Whether text[i] continues a Latin word (a letter, digit, or a dot/@/_ before one: Neilson.lei)."""
    ch = text[i:i + 1]
    if ch in (".", "@", "_") and text[i + 1:i + 2].isascii():
        return text[i + 1:i + 2].isalnum()
    return ch.isalnum() and (ch.isascii() or "\u00c0" <= ch <= "\u024f")


def _latin_ok(scan: Scan, name: str) -> bool:
    """No word of a Latin name is a job title (Marketing Director Chloe is a title and a name)."""
    return not any(scan.pr.title.fullmatch(w) or w in scan.pr.not_latin_names for w in name.split())


# --- the learned recogniser, after the rules -------------------------------------------------------------

def _model_names(scan: Scan) -> None:
    """Person names from kg/extract/ner.py, only in sentences holding a cue the rules found no name at, and
    only right at that cue (after the title, before the quote verb). Precedence: rules > model: a model name
    never overlaps a mention the rules made, and is only looked for where the rules found none."""
    from kg.extract import ner  # the model costs time to load: only when there is a cue

    if not ner.MODEL_PATH.exists():
        return
    text = scan.text
    bounds = ner.sentences(text)
    starts = [s for s, _ in bounds]
    by_sentence: dict[int, list[tuple[int, str, int]]] = {}
    for cue in scan.cues:
        i = bisect_right(starts, cue[0] - 1) - 1
        if i >= 0:
            by_sentence.setdefault(i, []).append(cue)
    for i, cues in sorted(by_sentence.items()):
        s0, e0 = bounds[i]
        found = {(s0 + s, s0 + e) for s, e, t in ner.recognise(text[s0:e0]) if t == "Person"}
        for offset, side, title_start in cues:
            for s, e in sorted(found):
                at = _skip(text, offset, _SPACES, 2) if side == "after" else _skip_back(text, offset, _SPACES, 2)
                if (s if side == "after" else e) != at or _taken(scan, s, e):
                    continue
                name = Name(s, e, text[s:e].strip())
                if side == "after":
                    groups = _chain_back(scan, title_start, offset)
                    if groups:
                        _add_posts(scan, name, groups)
                else:
                    _add_person(scan, name)


def _taken(scan: Scan, start: int, end: int) -> bool:
    """Whether [start, end) overlaps any mention already made (rules win over the model)."""
    return scan.is_blocked(start, end) or scan.ctx.overlaps("Person", start, end)


# --- small helpers --------------------------------------------------------------------------------------

def _skip(text: str, pos: int, chars: str, most: int) -> int:
    while most > 0 and pos < len(text) and text[pos] in chars:
        pos += 1
        most -= 1
    return pos


def _skip_back(text: str, pos: int, chars: str, most: int) -> int:
    while most > 0 and pos > 0 and text[pos - 1] in chars:
        pos -= 1
        most -= 1
    return pos
