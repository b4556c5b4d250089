"""Mine organisation and person lexicons from the unlabelled corpora (corpus/wx + corpus/news).

Only strong cues count: a name ending in an organisation suffix with a specific prefix, a full name with
its acronym in brackets, a Latin name next to a cue word (X公司, 安全公司X, 据X报道, X Labs), a brand
before 公司 that also occurs alone, and a person's name after a job title. A name is kept when it is
found so in at least --min-articles distinct articles, outside page chrome (footers and an outlet's
boilerplate). Patterns and stop lists: kg/rules/mining.yaml (people: kg/rules/people.yaml).

    nice -n 10 .venv/bin/python scripts/mine_lexicon.py            # rebuild kg/rules/lexicon_*.yaml
"""
from __future__ import annotations

import argparse
import pickle
import random
import re
import sys
import time
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import rjieba
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg import rules as kg_rules  # noqa: E402
from kg.clean import clean  # noqa: E402
from kg.model import ReadError  # noqa: E402
from kg.read import read_file  # noqa: E402
from kg.extract.trie import trie_pattern  # noqa: E402

DEFAULT_CORPORA = (Path("/work/shared/corpus/wx"), Path("/work/shared/corpus/news"))
ORGS_OUT = ROOT / "kg/rules/lexicon_orgs.yaml"
PEOPLE_OUT = ROOT / "kg/rules/lexicon_people.yaml"
CJK = re.compile(r"^[\u4e00-\u9fff]+$")
PUNCT_POS = "x"

Token = tuple[str, str, int]  # (word, part of speech, start offset in the text)


@dataclass(frozen=True)
class Rules:
    suffixes: tuple[str, ...]
    suffix_last_chars: frozenset[str]
    boundary_words: frozenset[str]
    boundary_pos: frozenset[str]
    long_boundary_pos: frozenset[str]
    proper_pos: frozenset[str]
    max_name_tokens: int
    max_name_chars: int
    specific_words: frozenset[str]
    generic_words: frozenset[str]
    stop_names: frozenset[str]
    specific_word_suffixes: frozenset[str]
    latin_products: frozenset[str]
    latin_product_words: frozenset[str]
    latin_product_brands: frozenset[str]
    product_after: frozenset[str]
    latin_product_share: float
    latin_generic_words: frozenset[str]
    short_latin_max_chars: int
    short_latin_min_articles: int
    latin_word: re.Pattern
    latin_name_shape: re.Pattern
    max_latin_words: int
    max_org_word_run: int
    latin_stop_words: frozenset[str]
    latin_after: frozenset[str]
    latin_after_keep_suffix: frozenset[str]
    latin_after_weak: frozenset[str]
    latin_before: frozenset[str]
    latin_around: tuple[tuple[str, str], ...]
    latin_org_words: frozenset[str]
    latin_org_words_weak: frozenset[str]
    latin_body_words: frozenset[str]
    acronym: re.Pattern
    acronym_min_capitals: int
    open_brackets: frozenset[str]
    close_brackets: frozenset[str]
    latin_connectors: frozenset[str]
    brand_stop_pos: frozenset[str]
    brand_company_words: frozenset[str]
    brand_prev_pos: frozenset[str]
    brand_min_standalone_articles: int
    brand_kind_before: frozenset[str]
    brand_kind_pos: frozenset[str]
    brand_max_kind_share: float
    brand_word_pos: frozenset[str]
    brand_bad_first_chars: frozenset[str]
    brand_common_pos: frozenset[str]
    brand_subject_verbs: frozenset[str]
    brand_min_subject_articles: int
    generic_heads: frozenset[str]
    tail_fraction: float
    tail_max_share: float
    outlet_max_share: float
    outlet_min_pages: int
    surnames: frozenset[str]
    compound_surnames: tuple[str, ...]
    ambiguous_surnames: frozenset[str]
    titles: frozenset[str]
    not_names: frozenset[str]
    person_name_pos: frozenset[str]
    person_after_stop_pos: frozenset[str]
    latin_person: re.Pattern
    latin_person_titles: frozenset[str]
    name_dots: frozenset[str]
    foreign_name_chars: frozenset[str]
    person_min_share: float
    context_chars: int


def load_rules() -> Rules:
    m = kg_rules.load("mining")
    p = kg_rules.load("people")

    def words(data: dict, name: str, key: str) -> frozenset[str]:
        value = kg_rules.require(data, name, key, (list, str))
        return frozenset(value.split() if isinstance(value, str) else map(str, value))

    def mining(key: str, kind: type = list):
        return kg_rules.require(m, "mining", key, kind)

    return Rules(
        suffixes=tuple(sorted(mining("suffixes"), key=lambda s: (-len(s), s))),
        suffix_last_chars=frozenset(s[-1] for s in mining("suffixes")),
        boundary_words=words(m, "mining", "boundary_words"),
        boundary_pos=words(m, "mining", "boundary_pos"),
        long_boundary_pos=words(m, "mining", "long_boundary_pos"),
        proper_pos=words(m, "mining", "proper_pos"),
        max_name_tokens=mining("max_name_tokens", int),
        max_name_chars=mining("max_name_chars", int),
        specific_words=words(m, "mining", "specific_words"),
        generic_words=words(m, "mining", "generic_words"),
        stop_names=words(m, "mining", "stop_names"),
        specific_word_suffixes=words(m, "mining", "specific_word_suffixes"),
        latin_products=frozenset(map(str, mining("latin_products"))),
        latin_product_words=words(m, "mining", "latin_product_words"),
        latin_product_brands=words(m, "mining", "latin_product_brands"),
        product_after=words(m, "mining", "product_after"),
        latin_product_share=float(mining("latin_product_share", float)),
        latin_generic_words=words(m, "mining", "latin_generic_words"),
        short_latin_max_chars=mining("short_latin_max_chars", int),
        short_latin_min_articles=mining("short_latin_min_articles", int),
        latin_word=re.compile(mining("latin_word", str)),
        latin_name_shape=re.compile(mining("latin_name_shape", str)),
        max_latin_words=mining("max_latin_words", int),
        max_org_word_run=mining("max_org_word_run", int),
        latin_stop_words=words(m, "mining", "latin_stop_words"),
        latin_after=words(m, "mining", "latin_after"),
        latin_after_keep_suffix=words(m, "mining", "latin_after_keep_suffix"),
        latin_after_weak=words(m, "mining", "latin_after_weak"),
        latin_before=words(m, "mining", "latin_before"),
        latin_around=tuple((str(a), str(b)) for a, b in mining("latin_around")),
        latin_org_words=words(m, "mining", "latin_org_words"),
        latin_org_words_weak=words(m, "mining", "latin_org_words_weak"),
        latin_body_words=words(m, "mining", "latin_body_words"),
        acronym=re.compile(mining("acronym", str)),
        acronym_min_capitals=mining("acronym_min_capitals", int),
        open_brackets=words(m, "mining", "open_brackets"),
        close_brackets=words(m, "mining", "close_brackets"),
        latin_connectors=words(m, "mining", "latin_connectors"),
        brand_stop_pos=words(m, "mining", "brand_stop_pos"),
        brand_company_words=words(m, "mining", "brand_company_words"),
        brand_prev_pos=words(m, "mining", "brand_prev_pos"),
        brand_min_standalone_articles=mining("brand_min_standalone_articles", int),
        brand_kind_before=words(m, "mining", "brand_kind_before"),
        brand_kind_pos=words(m, "mining", "brand_kind_pos"),
        brand_max_kind_share=float(mining("brand_max_kind_share", float)),
        brand_word_pos=words(m, "mining", "brand_word_pos"),
        brand_bad_first_chars=frozenset(mining("brand_bad_first_chars", str)),
        brand_common_pos=words(m, "mining", "brand_common_pos"),
        brand_subject_verbs=words(m, "mining", "brand_subject_verbs"),
        brand_min_subject_articles=mining("brand_min_subject_articles", int),
        generic_heads=words(m, "mining", "generic_heads"),
        tail_fraction=float(mining("tail_fraction", float)),
        tail_max_share=float(mining("tail_max_share", float)),
        outlet_max_share=float(mining("outlet_max_share", float)),
        outlet_min_pages=mining("outlet_min_pages", int),
        surnames=words(p, "people", "surnames"),
        compound_surnames=tuple(sorted(words(p, "people", "surnames_compound"))),
        ambiguous_surnames=words(p, "people", "ambiguous_surnames"),
        titles=words(p, "people", "titles"),
        not_names=words(p, "people", "not_names"),
        person_name_pos=words(m, "mining", "person_name_pos"),
        person_after_stop_pos=words(m, "mining", "person_after_stop_pos"),
        latin_person=re.compile(mining("latin_person", str)),
        latin_person_titles=words(m, "mining", "latin_person_titles"),
        name_dots=words(m, "mining", "name_dots"),
        foreign_name_chars=frozenset(mining("foreign_name_chars", str)) - frozenset(" \n"),
        person_min_share=float(mining("person_min_share", float)),
        context_chars=mining("context_chars", int),
    )


# ---------------------------------------------------------------- tokens

def tokenize(jieba: rjieba.Jieba, text: str) -> list[Token]:
    """jieba words with their parts of speech and start offsets (accumulated word lengths)."""
    tokens: list[Token] = []
    offset = 0
    for word, pos in jieba.tag(text):
        tokens.append((word, pos, offset))
        offset += len(word)
    return tokens


def is_latin(word: str, r: Rules) -> bool:
    first = word[:1]
    return first.isascii() and first.isalnum() and bool(r.latin_word.match(word))


def is_left_boundary(word: str, pos: str, r: Rules) -> bool:
    """True when this token cannot be part of a Chinese name, so the name starts after it."""
    if word in r.boundary_words:
        return True
    if pos == PUNCT_POS or pos == "eng" and not is_latin(word, r):
        return not is_latin(word, r)
    if pos in r.boundary_pos:
        return not (pos == "m" and is_latin(word, r) and not word.isdigit())
    return pos in r.long_boundary_pos and len(word) > 1


def suffix_of(word: str, r: Rules) -> str | None:
    """The longest organisation suffix `word` ends with (the last-character check keeps this fast)."""
    if not word or word[-1] not in r.suffix_last_chars:
        return None
    for suffix in r.suffixes:
        if word.endswith(suffix):
            return suffix
    return None


# ---------------------------------------------------------------- organisation patterns

@dataclass(frozen=True)
class Hit:
    name: str
    start: int  # offset in the clean text
    cue: str  # which pattern found it: suffix, acronym, latin, latin-weak, brand, person


def _strip_generic_front(words: list[tuple[str, str]], r: Rules) -> list[tuple[str, str]]:
    while len(words) > 1 and (words[0][0] in r.generic_words or words[0][0] in r.stop_names):
        words = words[1:]
    return words


def _is_specific(words: list[tuple[str, str]], r: Rules) -> bool:
    """A prefix is specific when it has a proper noun, a Latin word, a word like 国家, or a one-character
    piece of an unknown name (奇 in 奇安信), or one token holds the whole name (华中科技大学 tagged nt)."""
    for word, pos in words:
        if is_latin(word, r):
            if word not in r.latin_stop_words:
                return True
            continue
        if pos in r.proper_pos or word in r.specific_words:
            return True
        if len(word) == 1 and not pos.startswith("n") and word not in r.generic_words and CJK.match(word):
            return True
    return False


def suffix_name_at(tokens: list[Token], end: int, r: Rules) -> tuple[str, int] | None:
    """The Chinese organisation name ending with tokens[end] (whose word ends in a suffix): extended left
    over name-like tokens, generic words stripped from its front; with its start offset."""
    word, pos, _ = tokens[end]
    suffix = suffix_of(word, r)
    if suffix is None:
        return None
    words = [(word[: -len(suffix)], pos), (suffix, "suffix")] if word != suffix else [(suffix, "suffix")]
    i = end - 1
    while i >= 0 and end - i < r.max_name_tokens:
        w, p, _ = tokens[i]
        if is_left_boundary(w, p, r) or w in r.stop_names:
            break
        words.insert(0, (w, p))
        i -= 1
    words = [(w, p) for w, p in words if w]
    words = _strip_generic_front(words, r)
    name = "".join(w for w, _ in words)
    if len(words) < 2 or name in r.stop_names or len(name) > r.max_name_chars or len(name) - len(suffix) < 2:
        return None
    if not _is_specific(words[:-1], r):
        return None
    return name, tokens[end][2] + len(tokens[end][0]) - len(name)


def chinese_suffix_names(tokens: list[Token], r: Rules) -> list[Hit]:
    hits = []
    for i, (word, pos, _) in enumerate(tokens):
        if pos == PUNCT_POS or suffix_of(word, r) is None:
            continue
        found = suffix_name_at(tokens, i, r)
        if found:
            hits.append(Hit(found[0], found[1], "suffix"))
    return hits


def latin_runs(tokens: list[Token], r: Rules) -> list[tuple[int, int]]:
    """Maximal runs of Latin words joined by single spaces, as (first, last) token indexes."""
    runs = []
    i, n = 0, len(tokens)
    while i < n:
        if not is_latin(tokens[i][0], r):
            i += 1
            continue
        j = i
        while j + 2 < n and tokens[j + 1][0] == " " and is_latin(tokens[j + 2][0], r):
            j += 2
        runs.append((i, j))
        i = j + 1
    return runs


def latin_run_name(tokens: list[Token], first: int, last: int, r: Rules) -> str | None:
    words = [tokens[k][0] for k in range(first, last + 1, 2)]
    while words and words[0] in r.latin_stop_words:
        words = words[1:]
    if not words or len(words) > r.max_latin_words or all(w in r.latin_stop_words for w in words):
        return None
    name = " ".join(words).rstrip(".")
    if not r.latin_name_shape.search(name) or len(name) < 2 or name.isdigit():
        return None
    if len(words) == 1 and words[0] in r.latin_org_words | r.latin_org_words_weak | r.latin_body_words:
        return None
    return name


def _neighbour(tokens: list[Token], index: int, step: int) -> str:
    """The word next to tokens[index] in direction step, skipping one space."""
    k = index + step
    if 0 <= k < len(tokens) and tokens[k][0] == " ":
        k += step
    return tokens[k][0] if 0 <= k < len(tokens) else ""


def _joined_before(tokens: list[Token], index: int) -> set[str]:
    """The one and two words before tokens[index], joined (安全 + 公司 -> 安全公司)."""
    one = _neighbour(tokens, index, -1)
    k = index - 1 if index - 1 >= 0 and tokens[index - 1][0] != " " else index - 2
    two = tokens[k - 1][0] + one if k - 1 >= 0 else one
    return {one, two}


def _joined_after(tokens: list[Token], index: int) -> set[str]:
    one = _neighbour(tokens, index, 1)
    k = index + 1 if index + 1 < len(tokens) and tokens[index + 1][0] != " " else index + 2
    two = one + tokens[k + 1][0] if k + 1 < len(tokens) else one
    return {one, two}


def _org_shaped(name: str, r: Rules) -> bool:
    """Few words, each capitalised or starting with a digit, the first not a bare number (not 10 for x64 Systems)."""
    words = name.split()
    return (len(words) <= r.max_org_word_run and not words[0].isdigit()
            and all(w[0].isupper() or w[0].isdigit() for w in words))


def latin_names(tokens: list[Token], r: Rules) -> list[Hit]:
    hits = []
    for first, last in latin_runs(tokens, r):
        name = latin_run_name(tokens, first, last, r)
        if name is None:
            continue
        start = tokens[first][2]
        before, after = _joined_before(tokens, first), _joined_after(tokens, last)
        keep = sorted(after & r.latin_after_keep_suffix)
        last_word = tokens[last][0]
        if keep and last_word not in r.latin_org_words:
            sep = " " if last + 1 < len(tokens) and tokens[last + 1][0] == " " else ""
            hits.append(Hit(f"{name}{sep}{keep[0]}", start, "latin"))
        elif (after & r.latin_after or before & r.latin_before
              or any(a in before and b in after for a, b in r.latin_around)):
            hits.append(Hit(name, start, "latin"))
        elif first != last and _org_shaped(name, r) and last_word in r.latin_org_words:
            hits.append(Hit(name, start, "latin"))
        elif (after & r.latin_after_weak
              or first != last and _org_shaped(name, r) and last_word in r.latin_org_words_weak):
            hits.append(Hit(name, start, "latin-weak"))
    return hits


def _initials_match(full: str, acronym: str, r: Rules) -> bool:
    words = [w for w in full.split() if w not in r.latin_connectors]
    ends = r.latin_org_words | r.latin_org_words_weak | r.latin_body_words
    return (len(words) >= 2 and words[-1] in ends and words[0] not in r.latin_stop_words
            and "".join(w[0] for w in words).upper() == acronym.upper())


def acronym_pairs(tokens: list[Token], r: Rules) -> list[tuple[Hit, Hit]]:
    """Full name（ACRONYM）: a Chinese suffix name, or a Latin name whose initials give the acronym."""
    pairs = []
    for i in range(1, len(tokens) - 2):
        word = tokens[i + 1][0]
        if tokens[i][0] not in r.open_brackets or tokens[i + 2][0] not in r.close_brackets:
            continue
        if not r.acronym.match(word) or sum(c.isupper() for c in word) < r.acronym_min_capitals:
            continue
        full = suffix_name_at(tokens, i - 1, r)
        end = i - 2 if tokens[i - 1][0] == " " else i - 1
        if full is None and end >= 0 and is_latin(tokens[end][0], r):
            first = end
            while first >= 2 and tokens[first - 1][0] == " " and is_latin(tokens[first - 2][0], r):
                first -= 2
            latin = " ".join(tokens[k][0] for k in range(first, end + 1, 2))
            full = (latin, tokens[first][2]) if _initials_match(latin, word, r) else None
        if full and full[0] != word:
            pairs.append((Hit(full[0], full[1], "acronym"), Hit(word, tokens[i + 1][2], "acronym")))
    return pairs


def _brand_word(word: str, pos: str, r: Rules) -> bool:
    return (bool(CJK.match(word)) and 2 <= len(word) <= 4 and pos not in r.brand_stop_pos
            and word not in r.generic_words and word not in r.boundary_words and word not in r.stop_names
            and word not in r.specific_words and word[0] not in r.brand_bad_first_chars)


def _company_word(word: str, r: Rules) -> str | None:
    """The company word (公司, 集团) `word` ends with, if any."""
    return next((c for c in sorted(r.brand_company_words) if word.endswith(c)), None)


def brand_names(tokens: list[Token], r: Rules) -> list[Hit]:
    """Brand used as the company: 微软公司 / 联想集团 (one token) or 谷歌 + 公司, the brand at a name boundary."""
    hits = []
    for i, (word, pos, start) in enumerate(tokens):
        brand = None
        company = _company_word(word, r)
        if company and word != company and pos.startswith("n"):
            brand = word[: -len(company)]
        elif i + 1 < len(tokens) and tokens[i + 1][0] in r.brand_company_words:
            brand = word
        if not brand or not _brand_word(brand, pos if brand == word else "n", r):
            continue
        cue = "brand"
        if i > 0:
            prev, prev_pos, _ = tokens[i - 1]
            if prev in r.brand_kind_before or prev_pos in r.brand_kind_pos:
                cue = "brand-kind"  # 一家物流公司: a kind of company
            elif not (is_left_boundary(prev, prev_pos, r) or prev_pos in r.brand_prev_pos and len(prev) > 1
                      and prev not in r.specific_words):
                continue  # the tail of a longer name (奇 + 安信公司)
        hits.append(Hit(brand, start, cue))
    return hits


def standalone_words(tokens: list[Token], r: Rules) -> tuple[set[str], set[str]]:
    """2-4 character Chinese words of the article: (all of them, those not followed by a company word)."""
    seen, alone = set(), set()
    for i, (word, _, _) in enumerate(tokens):
        if 2 <= len(word) <= 4 and CJK.match(word):
            seen.add(word)
            if i + 1 >= len(tokens) or tokens[i + 1][0] not in r.brand_company_words:
                alone.add(word)
    return seen, alone


# ---------------------------------------------------------------- person pattern

def _surname_ok(name: str, r: Rules) -> bool:
    if any(name.startswith(s) for s in r.compound_surnames):
        return 3 <= len(name) <= 4
    return name[0] in r.surnames and name[0] not in r.ambiguous_surnames and 2 <= len(name) <= 3


def person_names(tokens: list[Token], r: Rules) -> list[Hit]:
    """A Chinese name right after a job title (副总裁张三表示), or a Latin Firstname Lastname after one."""
    hits = []
    n = len(tokens)
    for i, (word, _, _) in enumerate(tokens[:-1]):
        if word not in r.titles and word not in r.latin_person_titles:
            continue
        name, pos, start = tokens[i + 1]
        if (pos in r.person_name_pos and CJK.match(name) and _surname_ok(name, r) and name not in r.not_names
                and (i + 2 >= n or tokens[i + 2][1] not in r.person_after_stop_pos
                     and tokens[i + 2][0] not in r.name_dots)):
            hits.append(Hit(name, start, "person"))
            continue
        k = i + 1 if name != " " else i + 2
        if (word in r.latin_person_titles and k + 2 < n and tokens[k + 1][0] == " "
                and r.latin_person.match(tokens[k][0]) and r.latin_person.match(tokens[k + 2][0])
                and not (k + 4 < n and tokens[k + 3][0] == " " and is_latin(tokens[k + 4][0], r))):
            if tokens[k][0] not in r.latin_stop_words and tokens[k + 2][0] not in r.latin_stop_words:
                hits.append(Hit(f"{tokens[k][0]} {tokens[k + 2][0]}", tokens[k][2], "person"))
    return hits


# ---------------------------------------------------------------- one article

@dataclass
class ArticleFinds:
    orgs: list[Hit] = field(default_factory=list)
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (acronym, full name)
    brands: list[Hit] = field(default_factory=list)
    alone: set[str] = field(default_factory=set)
    seen: set[str] = field(default_factory=set)
    people: list[Hit] = field(default_factory=list)


def mine_text(text: str, jieba: rjieba.Jieba, r: Rules) -> ArticleFinds:
    tokens = tokenize(jieba, text)
    finds = ArticleFinds()
    finds.orgs = chinese_suffix_names(tokens, r) + latin_names(tokens, r)
    for full, short in acronym_pairs(tokens, r):
        finds.orgs += [full, short]
        finds.aliases.append((short.name, full.name))
    finds.brands = brand_names(tokens, r)
    finds.seen, finds.alone = standalone_words(tokens, r)
    finds.people = person_names(tokens, r)
    return finds


# ---------------------------------------------------------------- corpus tally

@dataclass
class Tally:
    """Per name, the articles it was found in: (article index, only-in-the-tail flag, cue kinds)."""

    articles: dict[str, dict[int, list]] = field(default_factory=lambda: defaultdict(dict))

    def add(self, hits: Iterable[Hit], article: int, text: str, r: Rules) -> None:
        tail_start = len(text) * (1 - r.tail_fraction)
        for hit in hits:
            if hit.name in r.stop_names:
                continue
            entry = self.articles[hit.name].setdefault(article, [True, set(), set()])
            entry[0] = entry[0] and hit.start >= tail_start
            entry[1].add(hit.cue)
            # The text around the hit: a sidebar or a reposted article repeats it word for word.
            # crc32, not hash(): the same on every run (hash() of a str is salted per process).
            window = text[max(0, hit.start - r.context_chars): hit.start + len(hit.name) + r.context_chars]
            entry[2].add(zlib.crc32(window.encode("utf-8")))


def iter_articles(roots: Iterable[Path]) -> Iterator[tuple[str, str, str]]:
    """(source file, outlet, clean text) for every readable file; unreadable files are skipped."""
    for root in roots:
        for path in sorted(root.rglob("*.md")):
            rel = f"{root.name}/{path.relative_to(root).as_posix()}"
            try:
                doc = read_file(path, rel)
                if isinstance(doc, ReadError):
                    continue
                yield rel, doc.account or root.name, clean(doc).text
            except Exception:  # noqa: BLE001 - one bad file must not stop the mining
                continue


def load_articles(roots: list[Path], cache: Path | None) -> list[tuple[str, str, str]]:
    """Read and clean the corpora; with --cache, reuse (or write) a pickle of the result (development)."""
    if cache and cache.exists():
        with cache.open("rb") as f:
            return pickle.load(f)
    articles = list(iter_articles(roots))
    if cache:
        with cache.open("wb") as f:
            pickle.dump(articles, f)
    return articles


@dataclass
class Evidence:
    """What the corpus says about one name after chrome removal."""

    articles: int
    strong: bool
    dropped_as: str | None = None
    strong_articles: int = 0  # distinct articles with a strong cue
    has_latin_cue: bool = False  # a Latin name found next to a cue word (not only as a bracketed acronym)


def evidence(entries: dict[int, list], outlets: list[str], outlet_pages: Counter, r: Rules,
             strong_cues: frozenset[str]) -> Evidence:
    """Articles that support a name: not only-in-the-footer hits, not an outlet's boilerplate."""
    if sum(1 for tail, _, _ in entries.values() if tail) > r.tail_max_share * len(entries):
        return Evidence(0, False, "footer")
    per_outlet = Counter(outlets[a] for a in entries)
    boiler = {o for o, c in per_outlet.items()
              if outlet_pages[o] >= r.outlet_min_pages and c > r.outlet_max_share * outlet_pages[o]}
    kept = [(cues, contexts) for a, (tail, cues, contexts) in entries.items() if outlets[a] not in boiler and not tail]
    strong_kept = [contexts for cues, contexts in kept if cues & strong_cues]
    # Articles that repeat one another's text around the name (chrome, reposts) count once.
    distinct = len(set().union(*(contexts for _, contexts in kept))) if kept else 0
    strong_distinct = len(set().union(*strong_kept)) if strong_kept else 0
    return Evidence(min(len(kept), distinct), bool(strong_kept), "boilerplate" if boiler and not kept else None,
                    min(len(strong_kept), strong_distinct), any("latin" in cues for cues, _ in kept))


def mostly_generic(name: str, jieba: rjieba.Jieba, r: Rules) -> bool:
    """A Chinese name whose words, but for its suffix, are all generic words is a description."""
    if not re.search(r"[\u4e00-\u9fff]", name):
        return False
    if name in r.suffixes:  # a bare suffix (集团股份有限公司) names nothing
        return True
    tagged = jieba.tag(name)
    suffix = suffix_of(name, r) or ""
    last = tagged[-1][0][: len(tagged[-1][0]) - len(suffix)] if tagged[-1][0].endswith(suffix) else tagged[-1][0]
    head = [(w, p) for w, p in tagged[:-1] + [(last, tagged[-1][1])] if w and p != "ns"]
    if not head or all(w in r.generic_words or w in r.stop_names or w in r.latin_stop_words for w, _ in head):
        return True
    # 中央委员会, 国家实验室: nothing but 国家/中央/全国 before a suffix that does not name one body by itself.
    # A place (英国国家网络安全中心) makes it specific; 中国 and 全国 are specific words, not places, here.
    whole = [w for w, _ in tagged[:-1]] + [last]
    return suffix not in r.specific_word_suffixes and all(w in r.generic_heads for w in whole if w)


class _Dropped(Counter):
    """Counts per reason, and optionally the reason per name (for --report)."""

    def __init__(self, why: dict[str, str] | None) -> None:
        super().__init__()
        self.why = why

    def drop(self, reason: str, name: str) -> None:
        self[reason] += 1
        if self.why is not None:
            self.why[name] = reason


def is_kind_word(name: str, entries: dict[int, list], subject: int, jieba: rjieba.Jieba, r: Rules) -> bool:
    """A brand candidate that names a kind of company (物流, 航空: often after 一家/多家) or is no word of its own
    (由谷歌, 使该: jieba splits it when it stands alone)."""
    kind = sum(1 for _, cues, _ in entries.values() if "brand-kind" in cues)
    tagged = jieba.tag(name)
    if kind > r.brand_max_kind_share * len(entries) or len(tagged) > 1 or tagged[0][1] not in r.brand_word_pos:
        return True  # 使用公司, 帮助公司: a verb before 公司 is no brand
    # A common noun (苹果, 供水) must also be the subject of a company's act (苹果宣布) in some articles.
    return tagged[0][1] in r.brand_common_pos and subject < r.brand_min_subject_articles


def cut_off_tails(names: dict[str, int], candidates: dict[str, int], jieba: rjieba.Jieba) -> set[str]:
    """Chinese names that are the tail of a longer candidate in which a word runs across the cut and ends inside
    the name (互联网 in 互联网科技有限公司 cuts 联网科技有限公司; 比利时 cuts 利时信息安全研究院): the shorter
    one begins with a mis-split word, unless it is found by itself in more articles than all such longer names
    (美国联邦 + 通信委员会 does not cut 联邦通信委员会). A longer name that is one word (美国哈佛大学) cuts nothing.
    Both arguments map a name to its number of articles."""
    names_cjk = {n for n in names if CJK.match(n)}
    against: Counter = Counter()
    for longer in sorted(set(candidates)):
        if not CJK.match(longer):
            continue
        tails = [k for k in range(1, len(longer) - 1) if longer[k:] in names_cjk]
        if not tails:
            continue
        spans, offset = [], 0
        for word, _ in jieba.tag(longer):
            spans.append((offset, offset + len(word)))
            offset += len(word)
        for k in tails:
            if any(a < k < b < len(longer) for a, b in spans):
                against[longer[k:]] += candidates[longer]
    return {n for n, c in against.items() if c >= names[n]}


def latin_drop_reason(name: str, ev: Evidence, latin_orgs: set[str], r: Rules) -> str | None:
    """Why a Latin name is no organisation: a product, a generic phrase, or a short word with too little evidence
    (fewer than short_latin_min_articles articles and only found as a bracketed acronym)."""
    words = name.split()
    if not words or not words[0][:1].isascii():
        return None
    if name in r.latin_products:
        return "latin-product"
    last = words[-1]
    if len(words) > 1 and (last in r.latin_product_words or any(w in r.latin_product_words for w in words[1:])):
        return "latin-product"
    unit_words = r.latin_org_words | r.latin_org_words_weak | r.latin_body_words
    # Brand + product: Apache Tomcat, Google Play — the first word is an organisation of its own and the rest
    # ends in no organisation word (Fortinet FortiGuard Labs, Apache 基金会 stay).
    if (len(words) > 1 and words[0] in r.latin_product_brands and words[0] in latin_orgs
            and last not in unit_words and last.isascii()):
        return "latin-brand-product"
    # CTF 团队, SOC 团队: a generic word before a Chinese unit word is no name either.
    latin = [w[: len(w) - len(k)] if k else w for w in words
             for k in [next((k for k in r.latin_after_keep_suffix if w.endswith(k)), "")]]
    latin = [w for w in latin if w]
    if latin and all(w.isascii() and (w in r.latin_generic_words or w in r.latin_connectors) for w in latin):
        return "latin-generic"
    if (len(words) == 1 and len(name) <= r.short_latin_max_chars and ev.articles < r.short_latin_min_articles
            and not ev.has_latin_cue):
        return "latin-short"
    return None


def foreign_given_name(name: str, r: Rules) -> bool:
    """罗斯, 汤姆: two characters, both transliteration characters — a foreign given name, no Chinese full name
    (three such characters are mostly a foreign surname: 马斯克)."""
    return bool(CJK.match(name)) and len(name) == 2 and all(c in r.foreign_name_chars for c in name)


def subject_articles(articles: list[tuple[str, str, str]], brands: Tally, jieba: rjieba.Jieba, r: Rules) -> Counter:
    """For brand candidates that are common nouns when tagged alone (苹果, 供水), the articles in which the word alone
    is the subject of a company's act (苹果宣布, 小米发布): a kind of business (供水, 航运) never is."""
    common = sorted((n for n, e in brands.articles.items() if len(e) >= 2 and CJK.match(n)
                     and jieba.tag(n)[0][1] in r.brand_common_pos), key=lambda n: (-len(n), n))
    counts: Counter = Counter()
    if not common:
        return counts
    verbs = sorted(r.brand_subject_verbs, key=lambda v: (-len(v), v))
    pattern = re.compile("(" + "|".join(map(re.escape, common)) + ")(?:" + "|".join(map(re.escape, verbs)) + ")")
    for _, _, text in articles:
        counts.update(set(pattern.findall(text)))
    return counts


def product_articles(articles: list[tuple[str, str, str]], orgs: Tally, r: Rules) -> Counter:
    """For Latin candidates, the articles in which the name is followed by a word only software takes (X 插件,
    X 镜像, X 服务器): Nuclei, Docker, Ubuntu are mostly written so, a company rarely. (Not a version number:
    ransomware gangs version their code, LockBit 3.0.)"""
    names = sorted(n for n, e in orgs.articles.items() if len(e) >= 2 and n[:1].isascii() and n.isascii())
    counts: Counter = Counter()
    if not names:
        return counts
    pattern = re.compile(f"(?<![A-Za-z0-9._-])({trie_pattern(names)})(?![A-Za-z0-9_-]) ?"
                         f"(?:{trie_pattern(r.product_after)})")
    for _, _, text in articles:
        counts.update(set(pattern.findall(text)))
    return counts


def mine(articles: list[tuple[str, str, str]], r: Rules) -> dict:
    jieba = rjieba.Jieba()
    orgs, brands, people = Tally(), Tally(), Tally()
    alone: Counter = Counter()
    seen: Counter = Counter()
    alias_votes: dict[str, Counter] = defaultdict(Counter)
    outlets = [outlet for _, outlet, _ in articles]
    for index, (_, _, text) in enumerate(articles):
        finds = mine_text(text, jieba, r)
        orgs.add(finds.orgs, index, text, r)
        brands.add(finds.brands, index, text, r)
        people.add(finds.people, index, text, r)
        alone.update(finds.alone)
        seen.update(finds.seen)
        for short, full in set(finds.aliases):
            alias_votes[short][full] += 1
    subject = subject_articles(articles, brands, jieba, r)
    products = product_articles(articles, orgs, r)
    return {"orgs": orgs, "brands": brands, "people": people, "alone": alone, "seen": seen, "subject": subject,
            "products": products,
            "alias_votes": alias_votes,
            "outlets": outlets, "outlet_pages": Counter(outlets), "jieba": jieba}


def select(m: dict, r: Rules, min_articles: int, why: dict[str, str] | None = None
           ) -> tuple[dict[str, int], dict[str, str], dict[str, int], Counter]:
    """Kept org names (with article counts), aliases, kept people, and why candidates were dropped (counts per
    reason; per name in `why` when given)."""
    dropped = _Dropped(why)
    counts: dict[str, int] = {}
    evidences: dict[str, Evidence] = {}
    org_cues = frozenset({"suffix", "acronym", "latin"})
    for tally, cues in ((m["orgs"], org_cues), (m["brands"], frozenset({"brand"}))):
        for name, entries in tally.articles.items():
            if len(entries) < min_articles:
                continue
            ev = evidence(entries, m["outlets"], m["outlet_pages"], r, cues)
            if ev.dropped_as:
                dropped.drop(ev.dropped_as, name)
            elif ev.articles < min_articles:
                dropped.drop("few-articles-after-chrome", name)
            elif not ev.strong:
                dropped.drop("weak-cue-only", name)
            elif cues == {"brand"} and m["alone"][name] < r.brand_min_standalone_articles:
                dropped.drop("brand-never-alone", name)
            elif cues == {"brand"} and is_kind_word(name, entries, m["subject"][name], m["jieba"], r):
                dropped.drop("brand-kind-of-company", name)
            elif mostly_generic(name, m["jieba"], r):
                dropped.drop("generic", name)
            else:
                counts[name] = max(counts.get(name, 0), ev.articles)
                if name not in evidences or evidences[name].strong_articles < ev.strong_articles:
                    evidences[name] = ev
    latin_orgs = {n for n in counts if " " not in n and n.isascii()}
    for name in sorted(counts):
        reason = latin_drop_reason(name, evidences[name], latin_orgs, r)
        if reason is None and m["products"][name] > r.latin_product_share * evidences[name].articles:
            reason = "latin-product-contexts"
        if reason:
            dropped.drop(reason, name)
            del counts[name]
    candidates = {n: len(e) for n, e in m["orgs"].articles.items()}
    for name in sorted(cut_off_tails(counts, candidates, m["jieba"])):
        dropped.drop("cut-off-tail", name)
        del counts[name]
    aliases = {}
    for short, votes in sorted(m["alias_votes"].items()):
        full = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        if short in counts and full in counts:
            aliases[short] = full
    people = {}
    for name, entries in m["people"].articles.items():
        if len(entries) < min_articles or name in counts:
            continue
        ev = evidence(entries, m["outlets"], m["outlet_pages"], r, frozenset({"person"}))
        if ev.dropped_as or ev.articles < min_articles:
            continue
        if CJK.match(name) and foreign_given_name(name, r):
            dropped.drop("person-foreign-given-name", name)
        elif CJK.match(name) and ev.articles < r.person_min_share * m["seen"][name]:
            dropped.drop("person-common-word", name)
        elif not CJK.match(name) and len(name.split()) < 2:
            dropped.drop("person-one-word", name)
        else:
            people[name] = ev.articles
    return counts, aliases, people, Counter(dict(dropped))


def threshold_table(m: dict, r: Rules, thresholds: list[int]) -> dict[int, tuple[int, int]]:
    table = {}
    for t in thresholds:
        counts, _, people, _ = select(m, r, t)
        table[t] = (len(counts), len(people))
    return table


HEADER = """\
# Mined by scripts/mine_lexicon.py from corpus/wx + corpus/news (unlabelled corpora): {what} found by a
# strong pattern (kg/rules/mining.yaml) in at least {min_articles} distinct articles, outside page chrome.
# Rebuild: nice -n 10 .venv/bin/python scripts/mine_lexicon.py
# Articles read: {articles}. Names kept: {kept}.{extra}
# Names kept per threshold (min articles -> names): {table}
"""


def write_yaml(path: Path, header: str, data: dict) -> None:
    body = yaml.dump(data, allow_unicode=True, sort_keys=True, width=1000)
    path.write_text(header + body, encoding="utf-8")


def report(counts: dict[str, int], title: str, seed: int = 7, n: int = 100) -> None:
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    print(f"== top {n} {title}:", " ".join(f"{k}({v})" for k, v in top))
    names = sorted(counts)
    sample = sorted(random.Random(seed).sample(names, min(n, len(names))))
    print(f"== random {n} {title}:", " | ".join(sample))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpora", nargs="*", type=Path, default=list(DEFAULT_CORPORA))
    ap.add_argument("--min-articles", type=int, default=3)
    ap.add_argument("--orgs-out", type=Path, default=ORGS_OUT)
    ap.add_argument("--people-out", type=Path, default=PEOPLE_OUT)
    ap.add_argument("--cache", type=Path, help="pickle of the read+cleaned articles (development reruns)")
    ap.add_argument("--report", action="store_true", help="print top and random samples of kept names")
    args = ap.parse_args(argv)
    t0 = time.time()
    r = load_rules()
    articles = load_articles(args.corpora, args.cache)
    t1 = time.time()
    m = mine(articles, r)
    t2 = time.time()
    counts, aliases, people, dropped = select(m, r, args.min_articles)
    table = threshold_table(m, r, [2, 3, 4, 5, 8])
    org_table = ", ".join(f"{t}->{o}" for t, (o, _) in sorted(table.items()))
    people_table = ", ".join(f"{t}->{p}" for t, (_, p) in sorted(table.items()))
    write_yaml(args.orgs_out, HEADER.format(
        what="organisation names", min_articles=args.min_articles, articles=len(articles), kept=len(counts),
        extra=f" Aliases: {len(aliases)} (ACRONYM: full name).", table=org_table),
        {"names": sorted(counts), "aliases": aliases})
    write_yaml(args.people_out, HEADER.format(
        what="person names after a job title", min_articles=args.min_articles, articles=len(articles),
        kept=len(people), extra="", table=people_table), {"names": sorted(people)})
    print(f"articles {len(articles)}; read+clean {t1 - t0:.0f}s, mine {t2 - t1:.0f}s, "
          f"total {time.time() - t0:.0f}s")
    print(f"orgs {len(counts)}, aliases {len(aliases)}, people {len(people)}; dropped {dict(sorted(dropped.items()))}")
    print(f"thresholds orgs: {org_table}; people: {people_table}")
    if args.report:
        report(counts, "orgs")
        report(people, "people")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
