"""The learned name recogniser: a CRF over characters that tags persons, organisations and places.

A signal for the extractors where no suffix or cue names the entity. The model (kg/models/ner.crfsuite)
is trained offline by scripts/train_ner.py from the MSRA NER corpus plus domain gold; the features
below are shared by training and tagging, so changing them (or kg/rules/ner.yaml) needs a retrain.

Features are few (speed matters: this runs inside a build of thousands of articles): the character
and its neighbours, two bigrams, the character class, the character's place in its rjieba word with
that word's POS, and word-level lexicon flags (surname + given-name shape, organisation / place
suffix, person cue to the right, the shape of a Latin-script token). features() builds them for
training; tagging builds the same set through caches (_model_input), restricted to the attributes
the model knows.

Precedence (for the extractors that use it): rules with a cue or suffix and the gazetteers decide
first; a span from this model is the weakest signal, used where neither says anything, and never
overrides or splits a span they found. It reaches about 0.6 span precision on held-out articles,
so a caller should want corroboration (a cue, a second mention, corpus evidence) before keeping one.
"""
from __future__ import annotations

import re
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycrfsuite
import rjieba

from kg import rules
from kg.extract.spans import MAX_SENTENCE, bounded

MODEL_PATH = Path(__file__).resolve().parent.parent / "models" / "ner.crfsuite"
RULES_NAME = "ner"
TYPES = {"PER": "Person", "ORG": "Organization", "LOC": "Place"}
# Context characters each side used as features (1 or 2); part of the model: retrain when changed.
WINDOW = 1

# Every whitespace or control character is one feature value, a plain space: a line break inside an
# attribute would break crfsuite's model dump, which the fast decoder reads.
_SPACES = {c: " " for c in [*range(0x20), 0x7F, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029,
                            0x202F, 0x205F, 0x3000]}

# Sentence padding in the window cache keys (control characters, so never a character of the text:
# those become spaces before features are built).
_BOS, _EOS = "\x02", "\x03"
_WINDOW_CACHE: dict[str, tuple[str, ...]] = {}
_WINDOW_CACHE_SIZE = 500_000

_jieba: rjieba.Jieba | None = None


@dataclass(frozen=True)
class NerLexicon:
    surnames: frozenset[str]
    compound_surnames: frozenset[str]
    org_suffixes: tuple[str, ...]
    place_suffixes: tuple[str, ...]
    person_cues: frozenset[str]
    sentence_end: re.Pattern


@lru_cache(maxsize=1)
def lexicon() -> NerLexicon:
    data = rules.load(RULES_NAME)

    def words(key: str) -> list[str]:
        value = rules.require(data, RULES_NAME, key, (str, list))
        return value.split() if isinstance(value, str) else [str(v) for v in value]

    # Longest suffix first is not needed (any match sets the flag); sorted for a stable order.
    return NerLexicon(
        surnames=frozenset(words("surnames")),
        compound_surnames=frozenset(words("surnames_compound")),
        org_suffixes=tuple(sorted(set(words("org_suffixes")))),
        place_suffixes=tuple(sorted(set(words("place_suffixes")))),
        person_cues=frozenset(words("person_cues")),
        sentence_end=re.compile(rules.require(data, RULES_NAME, "sentence_end", str)),
    )


@lru_cache(maxsize=1)
def _tagger() -> pycrfsuite.Tagger:
    if not MODEL_PATH.exists():
        raise FileNotFoundError(f"{MODEL_PATH}: NER model missing; build it with scripts/train_ner.py")
    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL_PATH))
    return tagger


@lru_cache(maxsize=1)
def _known_attributes() -> frozenset[str]:
    """The attributes the model has weights for, read from its dump.

    Why: crfsuite is about twice as slow per attribute it does not know as per one it knows, and
    most character bigrams of new text are unknown; dropping them first gives the same labels.
    """
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.txt"
        _tagger().dump(str(path))
        lines = path.read_text(encoding="utf-8").split("\n")
    start = lines.index("ATTRIBUTES = {") + 1
    end = lines.index("}", start)
    return frozenset(line.lstrip().partition(": ")[2] for line in lines[start:end])


def _tag_words(sentence: str) -> list[tuple[str, str]]:
    global _jieba
    if _jieba is None:
        _jieba = rjieba.Jieba()
    return _jieba.tag(sentence)


@lru_cache(maxsize=65536)
def _class_feature(c: str) -> str:
    return "t=" + char_class(c)


def char_class(c: str) -> str:
    """H Han, A upper Latin, a lower Latin, D digit, S space, P punctuation, O other."""
    if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf":
        return "H"
    if c.isascii():
        if c.isupper():
            return "A"
        if c.islower():
            return "a"
        if c.isdigit():
            return "D"
        if c.isspace():
            return "S"
        return "P"
    if c.isspace():
        return "S"
    if c.isdigit():
        return "D"
    if c.isalpha():  # full-width or accented Latin, kana, Hangul …
        return "A" if c.isupper() else "a"
    return "P" if unicodedata.category(c).startswith(("P", "S")) else "O"


@lru_cache(maxsize=8192)
def latin_shape(word: str) -> str:
    """The shape of a Latin-script token: Cap (Sentinel), UP (CNNVD), mix (SentinelOne), low, dig."""
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return "dig"
    if all(c.isupper() for c in letters):
        return "UP"
    if letters[0].isupper():
        return "mix" if any(c.isupper() for c in letters[1:]) else "Cap"
    return "mix" if any(c.isupper() for c in letters) else "low"


@lru_cache(maxsize=262144)
def _word_flags(word: str) -> tuple[str, ...]:
    """Lexicon flags of one rjieba word, put on each of its characters."""
    lex = lexicon()
    n = len(word)
    flags: list[str] = []
    if word.isascii() and any(c.isalpha() for c in word):
        flags.append("sh=" + latin_shape(word))
    if 2 <= n <= 4 and (word[:2] in lex.compound_surnames or (n <= 3 and word[0] in lex.surnames)):
        flags.append("gn")  # surname + one or two characters: the shape of a Chinese name
    elif n == 1 and word in lex.surnames:
        flags.append("sn1")
    if word.endswith(lex.org_suffixes):
        flags.append("os")
    if word.endswith(lex.place_suffixes):
        flags.append("ps")
    return tuple(flags)


@lru_cache(maxsize=262144)
def _next_word_flags(word: str) -> tuple[str, ...]:
    """Flags put on the characters of the word BEFORE `word` (a cue to its right)."""
    lex = lexicon()
    flags: list[str] = []
    if word in lex.person_cues:
        flags.append("pc>")
    if word.endswith(lex.org_suffixes):
        flags.append("os>")
    if word.endswith(lex.place_suffixes):
        flags.append("ps>")
    return tuple(flags)


def _aligned_words(sentence: str, words: list[tuple[str, str]] | None) -> list[tuple[str, str]]:
    if words is None or sum(len(w) for w, _ in words) != len(sentence):
        return _tag_words(sentence)
    return words


@lru_cache(maxsize=262144)
def _word_layer(word: str, pos: str, next_word: str) -> tuple[tuple[str, ...], ...]:
    """Per character of `word`: its place in the word with the word's POS, then the word's lexicon
    flags and the flags the next word puts on it. Cached: words repeat, so this is mostly a lookup."""
    flags = _word_flags(word) + _next_word_flags(next_word)
    if "gn" in flags:  # a surname-shaped word: say whether rjieba also thought it a name
        flags = tuple("gn=" + ("nr" if pos.startswith("nr") else "o") if f == "gn" else f for f in flags)
    m = len(word)
    if m == 1:
        return (("p=S" + pos, *flags),)
    inner = ("p=M" + pos, *flags)
    return (("p=B" + pos, *flags), *([inner] * (m - 2)), ("p=E" + pos, *flags))


def features(sentence: str, words: list[tuple[str, str]] | None = None) -> list[list[str]]:
    """Per-character feature lists for one sentence (the CRF's xseq)."""
    words = _aligned_words(sentence, words)
    n = len(sentence)
    chars = list(sentence.translate(_SPACES))
    pad = ["<s>", "<s>", *chars, "</s>", "</s>"]
    layer: list[tuple[str, ...]] = []
    nexts = [w for w, _ in words[1:]] + [""]
    for (word, pos), after in zip(words, nexts):
        layer.extend(_word_layer(word, pos, after))
    near = zip(
        ["c=" + c for c in chars],
        ["l=" + c for c in pad[1:n + 1]],
        ["r=" + c for c in pad[3:n + 3]],
        ["lb=" + a + b for a, b in zip(pad[1:n + 1], chars)],
        ["rb=" + a + b for a, b in zip(chars, pad[3:n + 3])],
        [_class_feature(c) for c in chars],
        layer,
    )
    if WINDOW < 2:
        return [[c, l1, r1, lb, rb, t, *w] for c, l1, r1, lb, rb, t, w in near]
    return [[c, l1, r1, l2, r2, lb, rb, t, *w] for (c, l1, r1, lb, rb, t, w), l2, r2 in zip(
        near, ["ll=" + c for c in pad[:n]], ["rr=" + c for c in pad[4:n + 4]])]


def _context_features(window: str, known: frozenset[str]) -> tuple[str, ...]:
    """The character features of the middle character of `window` (2 * WINDOW + 1 characters of the
    padded sentence), as features() builds them, keeping only those the model knows."""
    chars = ["<s>" if c == _BOS else "</s>" if c == _EOS else c for c in window]
    c, left, right = chars[WINDOW], chars[WINDOW - 1], chars[WINDOW + 1]
    found = ["c=" + c, "l=" + left, "r=" + right, "lb=" + left + c, "rb=" + c + right, _class_feature(c)]
    if WINDOW >= 2:
        found += ["ll=" + chars[0], "rr=" + chars[4]]
    return tuple(f for f in found if f in known)


@lru_cache(maxsize=262144)
def _known_word_layer(word: str, pos: str, next_word: str) -> tuple[tuple[str, ...], ...]:
    known = _known_attributes()
    return tuple(tuple(f for f in char if f in known) for char in _word_layer(word, pos, next_word))


def _model_input(sentence: str, words: list[tuple[str, str]] | None) -> list[list[str]]:
    """features() restricted to the attributes the model knows, built fast for tagging.

    Why: most of the cost is building strings per character; the character features of a position
    depend only on the characters around it, and those windows repeat across a corpus, so they are
    built once and cached (the word layer is cached per word the same way).
    """
    words = _aligned_words(sentence, words)
    known = _known_attributes()
    layer: list[tuple[str, ...]] = []
    nexts = [w for w, _ in words[1:]] + [""]
    for (word, pos), after in zip(words, nexts):
        layer.extend(_known_word_layer(word, pos, after))
    padded = _BOS * WINDOW + sentence.translate(_SPACES) + _EOS * WINDOW
    width = 2 * WINDOW + 1
    cache = _WINDOW_CACHE
    if len(cache) > _WINDOW_CACHE_SIZE:
        cache.clear()
    out: list[list[str]] = []
    for i, word_features in enumerate(layer):
        key = padded[i:i + width]
        char_features = cache.get(key)
        if char_features is None:
            char_features = cache[key] = _context_features(key, known)
        out.append([*char_features, *word_features])
    return out


def decode(labels: list[str]) -> list[tuple[int, int, str]]:
    """BIOES labels (B-PER, I-PER, E-PER, S-PER, O) to (start, end, type) spans; a B without an E
    closes at the last I of its type."""
    spans: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, label in enumerate(labels):
        tag, _, typ = label.partition("-")
        if tag == "S":
            spans.append((i, i + 1, TYPES[typ]))
            start = -1
        elif tag == "B":
            start, kind = i, typ
        elif tag == "I":
            if start < 0 or typ != kind:
                start = -1
        elif tag == "E":
            if start >= 0 and typ == kind:
                spans.append((start, i + 1, TYPES[typ]))
            start = -1
        else:
            start = -1
    return spans


def recognise(sentence: str, words: list[tuple[str, str]] | None = None) -> list[tuple[int, int, str]]:
    """Names in one sentence: (start, end, type) with type Person, Organization or Place; offsets
    into `sentence`. `words` is rjieba's tag() of the sentence when the caller already has it."""
    if not sentence or sentence.isspace():
        return []
    labels = _tagger().tag(_model_input(sentence, words))
    return [(s, e, t) for s, e, t in decode(labels) if not sentence[s:e].isspace()]


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, split at sentence-final punctuation and line breaks, and
    cut to at most MAX_SENTENCE characters."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in lexicon().sentence_end.finditer(text):
        if m.start() > pos:
            out.extend(bounded(pos, m.end(), text, MAX_SENTENCE))
        pos = m.end()
    if pos < len(text):
        out.extend(bounded(pos, len(text), text, MAX_SENTENCE))
    return out


def recognise_text(text: str) -> list[tuple[int, int, str]]:
    """Names in a whole text, sentence by sentence; offsets into `text`."""
    found: list[tuple[int, int, str]] = []
    for start, end in sentences(text):
        found.extend((start + s, start + e, t) for s, e, t in recognise(text[start:end]))
    return found
