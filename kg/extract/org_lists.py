"""Organisations without a suffix, found from the tokens around them.

- Coordination: in a list (A、B和C) that holds a known organisation, or that ends in 等 + a class noun
  (…等公司), every other name-like item is an organisation too.
- Latin-script names with a cue: 安全公司SentinelOne, Cybereason的研究人员, NCC 集团, FortiGuard Labs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg import rules
from kg.extract.context import Context
from kg.extract.lexicons import job_titles, longest_first
from kg.extract.place_lexicon import place_lexicon
from kg.extract.tokens import Token, is_function_word

# A Latin name: capitalised words (or acronyms, digits) joined by single spaces, '&', '-' or '.'.
_LATIN_NAME = re.compile(r"[A-Z][A-Za-z0-9]*(?:[&.\-]?[A-Za-z0-9]+)*(?:[ ][A-Z0-9][A-Za-z0-9]*(?:[&.\-]?[A-Za-z0-9]+)*){0,3}")
_NAME_POS = frozenset({"nz", "nt", "nr", "nrt", "nrfg", "eng", "j", "n", "vn"})


@dataclass(frozen=True)
class ListRules:
    coordinators: frozenset[str]
    class_nouns: frozenset[str]
    cue_before: re.Pattern  # matches at the end of the text before a name
    cue_after: re.Pattern  # matches at the start of the text after a name
    suffix_kept: tuple[str, ...]
    name_suffixes: frozenset[str]
    stop: frozenset[str]
    generic: frozenset[str]
    actor_id: re.Pattern
    product_nouns: tuple[str, ...]


@lru_cache(maxsize=1)
def list_rules() -> ListRules:
    d = rules.load("organizations")
    words = lambda key: [str(w) for w in rules.require(d, "organizations", key, list)]  # noqa: E731
    return ListRules(
        coordinators=frozenset(words("coordinators")),
        class_nouns=frozenset(words("class_nouns")),
        cue_before=re.compile(f"(?:{longest_first(words('latin_cue_before'))})$"),
        # A job title right after a Latin name makes it the employer (Zentrix首席执行官…, Orvex 高级研究员).
        cue_after=re.compile(longest_first(set(words("latin_cue_after")) | _title_words())),
        suffix_kept=tuple(sorted(words("latin_suffix_kept"), key=len, reverse=True)),
        name_suffixes=frozenset(words("latin_name_suffixes")),
        stop=frozenset(words("latin_stop")),
        generic=frozenset(words("generic_names")) | frozenset(words("generic_brand_heads")),
        actor_id=re.compile(rules.require(d, "organizations", "actor_ids", str)),
        product_nouns=tuple(words("product_nouns")),
    )


def _title_words() -> set[str]:
    return {t for t in job_titles() if len(t) >= 2 and not t.isascii()}


def run(ctx: Context) -> None:
    r = list_rules()
    _actor_ids(ctx, r)
    _latin_names(ctx, r)
    _coordinated(ctx, r)


def _add(ctx: Context, name: str, start: int) -> None:
    if not ctx.overlaps("Organization", start, start + len(name)) and not ctx.overlaps("Person", start, start + len(name)):
        ctx.add_mention("Organization", name, (start, start + len(name)))


def _latin_names(ctx: Context, r: ListRules) -> None:
    text = ctx.text
    for m in _LATIN_NAME.finditer(text):
        start, end = m.span()
        if start > 0 and (text[start - 1].isascii() and text[start - 1].isalnum() or text[start - 1] in "-_/@.#"):
            continue
        if end < len(text) and text[end] in "-_/@":
            continue
        # A piece of a longer Latin phrase (Google Analytics, Low-Power and Lossy Networks) is no name.
        if _latin_word_beside(text, start - 1, -1) or _latin_word_beside(text, end, 1):
            continue
        name = m.group()
        words = name.split(" ")
        if name in r.stop or all(w in r.stop for w in words) or len(name) < 2 or name.isdigit():
            continue
        after = text[end:end + 12].lstrip(" ")
        if after.startswith("的"):
            after = after[1:]
        gap = len(text[end:end + 12]) - len(after)
        kept = next((s for s in r.suffix_kept if after.startswith(s)), None)
        if kept and gap <= 1:
            _add(ctx, text[start:end + gap + len(kept)], start)
            continue
        before = text[max(0, start - 10):start].rstrip(" ")
        cued = (words[-1] in r.name_suffixes and len(words) >= 2) \
            or r.cue_before.search(before) is not None \
            or r.cue_after.match(after) is not None
        if cued:
            _add(ctx, name, start)


def _actor_ids(ctx: Context, r: ListRules) -> None:
    """Threat-actor designations (APT28, APT-C-60, UAC-0185, UNC2452, FIN7, Storm-0558) name groups."""
    for m in r.actor_id.finditer(ctx.text):
        _add(ctx, m.group(), m.start())


def _latin_word_beside(text: str, i: int, step: int) -> bool:
    """Whether a Latin word stands one space away from position i (going by `step`)."""
    return 0 <= i < len(text) and text[i] == " " and 0 <= i + step < len(text) \
        and text[i + step].isascii() and text[i + step].isalpha()


def _coordinated(ctx: Context, r: ListRules) -> None:
    """Items of a list holding a known organisation (or closed by 等+class noun) are organisations."""
    toks = ctx.tokens
    tokens = toks.tokens
    org_spans = {(s, e) for m in ctx.mentions if m.type == "Organization" for s, e in m.spans}
    org_end = {s: e for s, e in sorted(org_spans)}  # the longest known name starting at an offset wins below
    for s, e in org_spans:
        org_end[s] = max(org_end[s], e)
    start_of_end = {e: s for s, e in sorted(org_spans, key=lambda sp: (sp[1], -sp[0]))}
    n = len(tokens)
    covered = 0
    # Lists are found from their coordinators (、 和 与 …): the item before each one opens the list.
    for c in [k for k, t in enumerate(tokens) if t.text in r.coordinators]:
        if c < covered:
            continue
        first = _item_start(toks, c, start_of_end)
        if first is None or first < covered:
            continue
        items, j = _list_at(toks, first, r, org_end)
        covered = max(j, c + 1)
        if len(items) < 2:
            continue
        if _about_products(tokens, first, j, r):
            continue
        closed = j + 1 < n and tokens[j].text == "等" and tokens[j + 1].text in r.class_nouns
        known = sum((it[0].start, it[-1].end) in org_spans for it in items)
        if not (closed or known >= 1):
            continue
        for it in items:
            span = (it[0].start, it[-1].end)
            # A person's name tagged nr joins an organisation list only when the list is closed by
            # a class noun (张三、腾讯 is a person and a company; 腾讯、京东等公司 are companies).
            if it[0].pos.startswith("nr") and not closed:
                continue
            if span not in org_spans and _name_like(it, r):
                _add(ctx, ctx.text[span[0]:span[1]], span[0])


def _about_products(tokens: list[Token], first: int, after: int, r: ListRules) -> bool:
    """A list introduced by a product noun (浏览器如A、B, 包括A、B在内的模型) or closed by one (A、B等浏览器)
    names products, even when a company's name sits among them."""
    nxt = [t.text for t in tokens[after:after + 3] if t.text.strip()]
    if nxt[:1] == ["等"] and len(nxt) > 1 and any(nxt[1].endswith(p) for p in r.product_nouns):
        return True
    if nxt and any(nxt[0].endswith(p) for p in r.product_nouns):
        return True
    before = "".join(t.text for t in tokens[max(0, first - 6):first])
    return any(p in before for p in r.product_nouns)


def _item_start(toks, c: int, start_of_end: dict[int, int]) -> int | None:
    """Index of the first token of the item just before coordinator token c."""
    tokens = toks.tokens
    j = c - 1
    while j >= 0 and tokens[j].text == " ":
        j -= 1
    if j < 0:
        return None
    start = start_of_end.get(tokens[j].end)
    if start is not None and toks.is_start(start):
        return toks.index_at(start)
    while j >= 2 and tokens[j].pos == "eng" and tokens[j - 1].text in (" ", "-", "&", ".") and tokens[j - 2].pos == "eng":
        j -= 2
    return j


def _list_at(toks, i: int, r: ListRules, org_end: dict[int, int]) -> tuple[list[list[Token]], int]:
    """The list of items (a name-like token, a Latin name, or a known organisation) starting at token i,
    and the index of the token after it."""
    tokens = toks.tokens
    items: list[list[Token]] = []
    j = i
    while j < len(tokens):
        item = _item_at(toks, j, org_end)
        if not item:
            break
        items.append(item)
        j += len(item)
        k = j
        while k < len(tokens) and tokens[k].text == " ":
            k += 1
        if k < len(tokens) and tokens[k].text in r.coordinators:
            j = k + 1
            while j < len(tokens) and tokens[j].text == " ":
                j += 1
            continue
        break
    return items, j


def _item_at(toks, j: int, org_end: dict[int, int]) -> list[Token]:
    tokens = toks.tokens
    t = tokens[j]
    end = org_end.get(t.start)
    if end is not None and toks.is_end(end):  # a known organisation may span several tokens: take it whole
        k = toks.index_at(end - 1)
        return tokens[j:k + 1]
    if t.pos == "eng":  # a Latin name of several words (Red Hat, D-Link) is one item
        k = j + 1
        while k + 1 < len(tokens) and tokens[k].text in (" ", "-", "&", ".") and tokens[k + 1].pos == "eng":
            k += 2
        return tokens[j:k]
    if t.pos in _NAME_POS and not is_function_word(t) and t.text.strip():
        return [t]
    return []


def _name_like(item: list[Token], r: ListRules) -> bool:
    text = "".join(t.text for t in item)
    if len(text) < 2 or len(text) > 24 or text in r.generic or text in r.stop:
        return False
    tok = item[0]
    if tok.pos == "eng":
        return text[0].isupper() or text[0].isdigit()
    if len(item) != 1:
        return False
    if text in place_lexicon().label_of:
        return False
    # A plain noun is a name only when the segmenter does not know it as a common word of the language:
    # the proper-noun tags (nz, nt, nr, eng, j) carry that.
    return tok.pos in {"nz", "nt", "nr", "nrt", "nrfg", "eng", "j"}
