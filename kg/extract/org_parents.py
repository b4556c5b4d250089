"""Units of organisations by their names: '<parent><unit>' (百度安全 -> 百度, 山石网科研究院 -> 山石网科).

Runs after every organisation extractor, so the parent may come from any of them.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg import rules
from kg.extract.context import Context


def run(ctx: Context) -> None:
    prefix_parents(ctx)
    linked_parents(ctx)


@lru_cache(maxsize=1)
def _links() -> tuple[re.Pattern, re.Pattern]:
    d = rules.load("organizations")
    return (re.compile(rules.require(d, "organizations", "parent_links", str)),
            re.compile(rules.require(d, "organizations", "parent_after_links", str)))


def linked_parents(ctx: Context) -> None:
    """Two organisations joined by a link word, over every organisation found so far: X旗下Y, X下属Y
    (Y belongs to X) and Y及其母公司X (Y belongs to X)."""
    child_after, parent_after = _links()
    spans = sorted((s, e, m.id, m) for m in ctx.mentions if m.type == "Organization" for s, e in m.spans)
    for (_, end, _, a), (start, _, _, b) in zip(spans, spans[1:]):
        if a is b or not 0 < start - end <= 8:
            continue
        gap = ctx.text[end:start].replace(" ", "")
        if child_after.match(gap):
            ctx.add_fact(b, "parentOrganization", a)
        elif parent_after.match(gap):
            ctx.add_fact(a, "parentOrganization", b)


@lru_cache(maxsize=1)
def _legal() -> tuple[re.Pattern, tuple[str, ...]]:
    d = rules.load("organizations")
    heads = tuple(sorted(map(str, rules.require(d, "organizations", "legal_heads", list)), key=len, reverse=True))
    return re.compile(rules.require(d, "organizations", "legal_forms", str)), heads


def prefix_parents(ctx: Context) -> None:
    """'<parent><unit>': an organisation whose name starts with another's (or its brand's) belongs to it."""
    legal, heads = _legal()
    orgs = sorted((m for m in ctx.mentions if m.type == "Organization"), key=lambda m: m.id)
    # Every form (label, alt label, brand before a legal head) of every organisation, by its text, in
    # the order the old pairwise scan met them: a child looks up its own prefixes (a name is short)
    # instead of scanning every form of the article.
    forms: dict[str, list[tuple[int, object]]] = {}
    order = 0
    for m in orgs:
        for f in sorted({m.label, *m.alt_labels}):
            brand = next((f[: -len(h)] for h in heads if f.endswith(h) and len(f) - len(h) >= 2), None)
            for form in (f, brand) if brand else (f,):
                forms.setdefault(form, []).append((order, m))
                order += 1
    for child in orgs:
        label = child.label
        found = []
        for k in range(2, len(label) - 1):  # the rest is two characters or more
            rest = label[k:]
            # A rest ending in a legal form is the same body or a subsidiary company: the text must say which.
            if legal.fullmatch(rest) or rest.startswith(("（", "(")) or rest.endswith(heads):
                continue
            found.extend(hit for hit in forms.get(label[:k], ()) if hit[1] is not child)
        if found:
            ctx.add_fact(child, "parentOrganization", min(found, key=lambda hit: hit[0])[1])
