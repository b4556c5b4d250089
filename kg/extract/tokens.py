"""The shared token layer: one segmentation of an article's clean text, read by every extractor.

Tokens come from jieba-rs (rjieba) with part-of-speech tags, the segmenter's dictionary extended once per
process with the names we know (the organisation gazetteer, the mined organisation lexicon, the place
lexicon and the words in kg/rules/tokens.yaml), so a known name is one token and names start and end on
token boundaries. Offsets are code points into the clean text.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

import rjieba

from kg import rules
from kg.extract.lexicons import user_words


class Token(NamedTuple):  # a tuple: an article has tens of thousands, built fast
    start: int
    end: int
    text: str
    pos: str  # jieba's tag set: n noun, nr person, ns place, nt organisation, nz proper noun, v verb, p
    # preposition, c conjunction, u* particle, d adverb, r pronoun, m numeral, q classifier, eng Latin, x other


class Tokens:
    """An article's tokens with offset look-ups (all by bisection)."""

    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.starts = [t.start for t in tokens]
        self.ends = [t.end for t in tokens]
        self._start_set = frozenset(self.starts)
        self._end_set = frozenset(self.ends)

    def __len__(self) -> int:
        return len(self.tokens)

    def __getitem__(self, i: int) -> Token:
        return self.tokens[i]

    def is_start(self, offset: int) -> bool:
        return offset in self._start_set

    def is_end(self, offset: int) -> bool:
        return offset in self._end_set

    def on_boundaries(self, start: int, end: int) -> bool:
        """Whether [start, end) begins and ends on token boundaries (cuts no word in two)."""
        return self.is_start(start) and self.is_end(end)

    def index_at(self, offset: int) -> int:
        """Index of the token containing `offset` (or starting after it, at a gap)."""
        return max(0, bisect_right(self.starts, offset) - 1)

    def between(self, start: int, end: int) -> list[Token]:
        """Tokens lying wholly inside [start, end)."""
        i = bisect_left(self.starts, start)
        j = bisect_right(self.ends, end)
        return self.tokens[i:j] if i < j else []

    def before(self, offset: int) -> Token | None:
        """The token ending at or before `offset`, nearest first."""
        j = bisect_right(self.ends, offset) - 1
        return self.tokens[j] if j >= 0 else None

    def after(self, offset: int) -> Token | None:
        """The token starting at or after `offset`, nearest first."""
        i = bisect_left(self.starts, offset)
        return self.tokens[i] if i < len(self.tokens) else None


@lru_cache(maxsize=1)
def token_rules() -> dict:
    data = rules.load("tokens")
    return {
        "function_pos": frozenset(map(str, rules.require(data, "tokens", "function_pos", list))),
        "verb_pos": frozenset(map(str, rules.require(data, "tokens", "verb_pos", list))),
        "user_word_freq": int(rules.require(data, "tokens", "user_word_freq", int)),
    }


@lru_cache(maxsize=1)
def segmenter() -> rjieba.Jieba:
    """A jieba-rs segmenter with every known name loaded as a user word (once per process)."""
    jieba = rjieba.Jieba()
    freq = token_rules()["user_word_freq"]
    for word, tag in user_words():
        jieba.add_word(word, freq, tag)
    return jieba


def tokenize(text: str) -> Tokens:
    """Segment `text`; the tokens cover it exactly, in order."""
    tagged = segmenter().tag(text)
    words = [w for w, _ in tagged]
    ends = list(accumulate(map(len, words)))
    starts = [0, *ends[:-1]]
    make = tuple.__new__  # Token's fields in order, without the Python-level constructor
    return Tokens([make(Token, t) for t in zip(starts, ends, words, [tag for _, tag in tagged])])


def is_function_word(token: Token) -> bool:
    """Verbs, prepositions, conjunctions, particles, adverbs, pronouns, numerals, punctuation: never in a name."""
    r = token_rules()
    return token.pos in r["function_pos"] or token.pos in r["verb_pos"] or (token.pos == "x" and not token.text.isalnum())
