"""The learned recogniser as the last, weakest source of organisation names.

Precedence: gazetteers, the mined lexicon, suffix and cue rules run first and always win; the model
(kg/extract/ner.py) only adds an organisation where none of them found anything, and only when
something corroborates it:
- the same name is tagged twice in the article (one sense per discourse), or
- it is followed by an organisation cue (a job title, 发布, 宣布 … from kg/rules/ner_use.yaml).
It runs only on sentences that hold an organisation cue word, to stay inside the build's time budget.
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from kg import rules
from kg.extract import ner
from kg.extract.context import Context
from kg.extract.lexicons import longest_first
from kg.extract.org_lists import list_rules


_PROPER_POS = frozenset({"nz", "nt", "eng", "j", "nrt"})


@lru_cache(maxsize=1)
def _use_rules() -> dict:
    d = rules.load("ner_use")
    words = lambda key: [str(w) for w in rules.require(d, "ner_use", key, list)]  # noqa: E731
    return {
        "enabled": bool(rules.require(d, "ner_use", "organizations", bool)),
        "sentence_cue": re.compile(longest_first(words("sentence_cues"))),
        "cue_after": re.compile(longest_first(words("cues_after"))),
        "min_len": int(rules.require(d, "ner_use", "min_len", int)),
        "max_len": int(rules.require(d, "ner_use", "max_len", int)),
        "window": int(rules.require(d, "ner_use", "window_tokens", int)),
    }


def _windows(toks, covered: bytearray, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """Token-aligned stretches of about `width` tokens each side of every unclaimed proper-noun word in
    [start, end), overlapping ones joined."""
    inside = toks.between(start, end)
    out: list[tuple[int, int]] = []
    for i, t in enumerate(inside):
        if t.pos not in _PROPER_POS or covered[t.start]:
            continue
        if t.pos == "eng" and t.text.lower() == t.text:
            continue  # lowercase Latin words are code, paths and prose (70 % of the Latin words of wx posts)
        lo, hi = inside[max(0, i - width)].start, inside[min(len(inside) - 1, i + width)].end
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def run(ctx: Context) -> None:
    u = _use_rules()
    if not u["enabled"]:
        return
    text, toks = ctx.text, ctx.tokens
    covered = bytearray(len(text) + 1)  # characters inside a mention found by the rules
    for m in ctx.mentions:
        for s, e in m.spans:
            covered[s:e] = b"\x01" * (e - s)
    found: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for start, end in ner.sentences(text):
        # Only where it can matter: an organisation cue, and a proper-noun word no rule has claimed; the
        # model reads a window of tokens around each such word, not the whole (often long) sentence.
        if not u["sentence_cue"].search(text, start, end):
            continue
        for w_start, w_end in _windows(toks, covered, start, end, u["window"]):
            words = [(t.text, t.pos) for t in toks.between(w_start, w_end)]  # the shared tokens, not a re-tag
            for s, e, typ in ner.recognise(text[w_start:w_end], words):
                s, e = w_start + s, w_start + e
                name = text[s:e].strip()
                if typ != "Organization" or not (u["min_len"] <= len(name) <= u["max_len"]):
                    continue
                if not toks.on_boundaries(s, e) or name in list_rules().generic or name in list_rules().stop:
                    continue
                if covered[s] or covered[e - 1]:
                    continue
                found[name].append((s, e))
    for name in sorted(found):
        spans = found[name]
        cued = any(u["cue_after"].match(text, e) for _, e in spans)
        if len(spans) >= 2 or cued:
            for span in spans:
                ctx.add_mention("Organization", name, span)
