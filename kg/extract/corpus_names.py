"""Names established elsewhere in the corpora, recognised wherever they stand (one sense per corpus).

The lexicons are mined offline from the unlabelled corpora by scripts/mine_lexicon.py: an organisation
or person named with a strong cue (a suffix, an acronym pair, 安全公司X, a job title) in at least three
articles. Here a mention of such a name counts even with no cue around it. Precedence: what the
gazetteer, suffix and cue rules found first wins; a lexicon name never splits or extends one of their
spans, and a name glued to the end of a longer proper name (北京|理工大学) is left alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg import rules
from kg.extract.context import Context
from kg.extract.lexicons import mined_org_names
from kg.extract.tokens import tokenize
from kg.extract.trie import trie_pattern

_GLUE_POS = frozenset({"ns", "nz", "nt", "nr", "j"})


@dataclass(frozen=True)
class CorpusLexicon:
    pattern: re.Pattern
    label_of: dict[str, str]  # surface -> preferred name (an acronym -> its full name)
    type_of: dict[str, str]
    first_words: frozenset[str]  # first token of each name of several tokens


@lru_cache(maxsize=1)
def corpus_lexicon() -> CorpusLexicon:
    label_of: dict[str, str] = {}
    type_of: dict[str, str] = {}
    people = rules.RULES_DIR / "lexicon_people.yaml"
    if people.exists():
        for name in rules.require(rules.load("lexicon_people"), "lexicon_people", "names", list):
            label_of[str(name)] = str(name)
            type_of[str(name)] = "Person"
    for name in sorted(mined_org_names()):
        label_of[name] = name
        type_of[name] = "Organization"
    if (rules.RULES_DIR / "lexicon_orgs.yaml").exists():
        aliases = rules.require(rules.load("lexicon_orgs"), "lexicon_orgs", "aliases", dict)
        for short, full in sorted(aliases.items()):
            label_of[str(short)] = str(full)
            type_of[str(short)] = "Organization"
    # Latin and digit names stand as whole words (Kakao, not Kakaotalk).
    # Most names are one token (the segmenter knows them); names of several tokens (Latin names with
    # spaces, names the segmenter splits) go through one trie-shaped pattern, tried only where a first
    # word of one of them occurs.
    multi = sorted(n for n in label_of if len(_segments(n)) > 1)
    pattern = re.compile(f"(?<![A-Za-z0-9])(?:{trie_pattern(multi)})(?![A-Za-z0-9])")
    return CorpusLexicon(pattern=pattern, label_of=label_of, type_of=type_of,
                         first_words=frozenset(_segments(n)[0] for n in multi))


def _segments(name: str) -> list[str]:
    return [t.text for t in tokenize(name).tokens]


def _latin_glued(text: str, i: int = 0) -> bool:
    """Whether position i holds a Latin letter or digit (a Latin name next to one is part of a longer word)."""
    return 0 <= i < len(text) and text[i].isascii() and text[i].isalnum()


def _occurrences(text: str, toks, lex: CorpusLexicon):
    """(start, end) of every lexicon name standing on token boundaries, in text order."""
    out = []
    for t in toks.tokens:
        w = t.text
        if w in lex.label_of and not (_latin_glued(w[0]) and _latin_glued(text, t.start - 1)
                                      or _latin_glued(w[-1]) and _latin_glued(text, t.end)):
            out.append((t.start, t.end))
        if t.text in lex.first_words:
            m = lex.pattern.match(text, t.start)
            if m and m.end() > t.end and toks.is_end(m.end()) and (t.start == 0 or not text[t.start - 1].isalnum()
                                                                    or not text[t.start - 1].isascii()):
                out.append(m.span())
    return sorted(set(out), key=lambda span: (span[0], -span[1]))  # the longer name first


def run(ctx: Context) -> None:
    lex = corpus_lexicon()
    text, toks = ctx.text, ctx.tokens
    for start, end in _occurrences(text, toks, lex):
        if ctx.overlaps(None, start, end):
            continue
        surface = text[start:end]
        before = toks.before(start)
        if before is not None and before.end == start and before.pos in _GLUE_POS and not surface.isascii():
            continue
        typ = lex.type_of[surface]
        label = lex.label_of[surface]
        ctx.add_mention(typ, label, (start, end), {surface} - {label})
