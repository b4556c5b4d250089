"""People: names introduced with a title and an organisation, and speaker lists.

中国互联网协会副秘书长裴玮 and 中国信息安全测评中心彭涛主任 give a person and a `post` fact (title in
that organisation); a line holding only a name above a line naming an organisation is a speaker.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg import rules
from kg.extract.context import Context
from kg.extract.tokens import is_function_word
from kg.extract.trie import trie_pattern
from kg.model import Mention, PostValue

_CJK = "[\u4e00-\u9fff]"
_FOREIGN_DOT = re.compile("[·・•]")


@dataclass(frozen=True)
class PeopleRules:
    title_then_name: re.Pattern  # right after an organisation: 副秘书长裴玮
    name_then_title: re.Pattern  # right after an organisation: 彭涛主任
    standalone: re.Pattern  # at a clause start: 习近平总书记
    titled: re.Pattern  # anywhere, a title then a name with an unambiguous surname: 安全研究员周吉安
    known: re.Pattern
    speaker_line: re.Pattern
    speaker_org_line: re.Pattern
    min_speaker_lines: int
    stop_chars: frozenset[str]
    not_names: frozenset[str]
    stop_words: tuple[str, ...]
    title_word: re.Pattern  # any job title, to cut one off the front of a foreign name
    not_followed_by: frozenset[str]  # aspect particles: what they follow is a verb (研究员查看了)
    not_given_names: frozenset[str]  # 王老师, 张工: a surname and a form of address
    name_lead_particles: frozenset[str]  # 的 in 局长的詹姆斯·伍尔西: never the start of a foreign name


@lru_cache(maxsize=1)
def people_rules() -> PeopleRules:
    d = rules.load("people")
    single = rules.require(d, "people", "surnames", str).split()
    compound = [str(s) for s in rules.require(d, "people", "surnames_compound", list)]
    ambiguous = set(rules.require(d, "people", "ambiguous_surnames", str).split())
    surname = trie_pattern(single + compound)
    # At a clause start only (after punctuation, a space or the text's start); the check comes after the
    # surname so the regex engine can skip ahead to a surname character (a leading look-behind scans slowly).
    clause_start = "[^，。；：、“”（(\\s]"
    single_first = (f"[{''.join(sorted(set(single)))}](?<!{clause_start}.)"
                    f"|(?:{trie_pattern(compound)})(?<!{clause_start}..)")
    strict = trie_pattern([s for s in single if s not in ambiguous] + compound)
    titles = trie_pattern(map(str, rules.require(d, "people", "titles", list)))
    standalone = trie_pattern(map(str, rules.require(d, "people", "standalone_titles", list)))
    lead = rules.require(d, "people", "title_lead", str)
    foreign = rules.require(d, "people", "foreign_name", str)
    name = f"(?:{foreign}|(?:{surname}){_CJK}{{1,2}})"
    try:
        return PeopleRules(
            title_then_name=re.compile(f"(?:的)?\\s*(?P<title>{lead}(?:{titles}))\\s*(?P<name>{name})"),
            name_then_title=re.compile(f"\\s*(?P<name>(?:{surname}){_CJK}{{1,2}}?)\\s*(?P<title>{standalone})"),
            standalone=re.compile(f"(?P<name>(?:{single_first}){_CJK}{{1,2}}?)(?P<title>{standalone})"),
            titled=re.compile(f"(?P<title>{titles})\\s?(?P<name>{foreign}|(?:{strict}){_CJK}{{1,2}})"),
            known=re.compile(trie_pattern(map(str, rules.require(d, "people", "known_people", list)))),
            speaker_line=re.compile(rules.require(d, "people", "speaker_line", str).replace("SURNAME", surname), re.M),
            speaker_org_line=re.compile(rules.require(d, "people", "speaker_org_line", str)),
            min_speaker_lines=int(d.get("min_speaker_lines", 2)),
            stop_chars=frozenset(re.sub(r"\s", "", rules.require(d, "people", "name_stop_chars", str))) | {" ", "\t"},
            not_names=frozenset(map(str, rules.require(d, "people", "not_names", list))),
            title_word=re.compile(titles),
            not_followed_by=frozenset(map(str, rules.require(d, "people", "not_followed_by", list))),
            stop_words=tuple(map(str, rules.require(d, "people", "name_stop_words", list))),
            not_given_names=frozenset(map(str, rules.require(d, "people", "not_given_names", list))),
            name_lead_particles=frozenset(str(d.get("name_lead_particles", "的之和与及、"))),
        )
    except re.error as exc:
        raise rules.RuleFileError(f"{rules.RULES_DIR / 'people.yaml'}: bad pattern: {exc}") from None


def run(ctx: Context) -> None:
    r = people_rules()
    text = ctx.text
    orgs = [(s, e, m) for m in ctx.mentions if m.type == "Organization" for s, e in m.spans]
    for _, end, org in orgs:
        _introduced_by(ctx, r, org, end)
    for pattern in (r.standalone, r.titled):
        for m in pattern.finditer(text):
            _add(ctx, r, m.group("name"), m.start("name"))
    for m in r.known.finditer(text):
        ctx.add_mention("Person", m.group(), m.span())
    org_starts = {s for s, _, _ in orgs}
    speakers = [m for m in r.speaker_line.finditer(text) if _next_line_starts_org(text, m.end(), org_starts, r)]
    if len(speakers) >= r.min_speaker_lines:  # a list, not one stray short line
        for m in speakers:
            _add(ctx, r, m.group("name"), m.start("name"))


def _introduced_by(ctx: Context, r: PeopleRules, org: Mention, end: int) -> None:
    """ORG + title + name, or ORG + name + title, right after one organisation mention. A coordinated title
    list (党委委员、副部长) is left to the post chains of kg/extract/posts.py, which split it."""
    for pattern in (r.title_then_name, r.name_then_title):
        m = pattern.match(ctx.text, end)
        if m is None or "、" in m.group("title"):
            continue
        person = _add(ctx, r, m.group("name"), m.start("name"), exact=pattern is r.name_then_title)
        if person is not None:
            ctx.add_fact(person, "post", PostValue(title=m.group("title"), org="@" + org.id))
            return


def _add(ctx: Context, r: PeopleRules, raw: str, start: int, exact: bool = False) -> Mention | None:
    """Add a person named `raw` (trimmed of a verb glued to its end unless `exact`), if it is a name."""
    name = re.sub(r"\s", "", raw)
    if _FOREIGN_DOT.search(name):  # 桑达尔·皮查伊: the last part ends before a verb glued to it (马斯克领导)
        last = max(name.rfind(d) for d in "·・•") + 1
        cut = next((i for i in range(last + 1, len(name))
                    if name[i] in r.stop_chars or name.startswith(r.stop_words, i)), len(name))
        if ctx.text[start + len(raw):start + len(raw) + 1] in ("（", "("):
            cut = len(name)  # 保罗·中曾根（Paul Nakasone）: the original name in brackets marks the end
        else:  # 伍尔西承认: the last part ends where a verb token glued to it starts
            cut = min(cut, next((t.start - start for t in ctx.tokens.between(start + last, start + len(name))
                                 if t.start > start + last and len(t.text) >= 2 and is_function_word(t)), cut))
        # A title glued in front (前顾问凯蒂·穆苏里斯) is not part of the name.
        titles = list(r.title_word.finditer(name, 0, last))
        lead = titles[-1].end() if titles else 0
        while lead < last and name[lead] in r.name_lead_particles:  # 局长的詹姆斯·伍尔西
            lead += 1
        if last - lead < 2:
            return None
        return ctx.add_mention("Person", name[lead:cut], (start + lead, start + cut))
    if not exact and len(name) == 3 and (name[2] in r.stop_chars or ctx.text.startswith(r.stop_words, start + len(raw) - 1)):
        name = name[:2]
    if len(name) < 2 or name[1] in r.stop_chars or name in r.not_names or name[:2] in r.not_names \
            or name[1:] in r.not_given_names:
        return None
    surface = _surface(raw, len(name))  # a spaced name (赵 武) keeps its written form as an alt label
    end = start + len(surface)
    if ctx.text[end:end + 1] in r.not_followed_by:
        return None
    if ctx.overlaps("Organization", start, end) or ctx.overlaps("Place", start, end):
        return None
    if any(t.pos in ("nt", "ns") and len(t.text) > 1 for t in ctx.tokens.between(start, end)):
        return None  # 安研院研究员: an organisation word, not a name
    if not ctx.tokens.is_start(start):
        return None  # 主席国期间: the "name" starts inside a word
    return ctx.add_mention("Person", name, (start, end), {surface} - {name})


def _surface(raw: str, n: int) -> str:
    """The shortest start of `raw` holding `n` non-space characters."""
    seen = 0
    for i, ch in enumerate(raw):
        seen += not ch.isspace()
        if seen == n:
            return raw[: i + 1]
    return raw


def _next_line_starts_org(text: str, pos: int, org_starts: set[int], r: PeopleRules) -> bool:
    nl = text.find("\n", pos)
    while nl >= 0:
        line_end = text.find("\n", nl + 1)
        line = text[nl + 1: line_end if line_end >= 0 else len(text)]
        if line.strip():
            lead = r.speaker_org_line.match(line)
            return nl + 1 + (lead.end() if lead else 0) in org_starts
        nl = line_end
    return False
