"""Events whose name has no Chinese head word: Latin names (Black Hat Europe, Pwn2Own Berlin, OffensiveCon
2024, RSA Conference) and quoted titles (由X主办的「Hacking Night: Web3 Safety」).

Such a name is read from its frame instead: 在<name>上发表/演讲/展示 (a talk given at it), an English event
word ending the name (Conference, Summit, …Con), or a quoted title right after 主办的/举办的. Platforms where
things are also posted (在GitHub上披露) are excluded by name (rules/events.yaml, latin_events).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg import rules
from kg.extract.context import Context


@dataclass(frozen=True)
class LatinRules:
    in_frame: re.Pattern  # 在<name>上<talk verb>: group 'name'
    english_head: re.Pattern  # a Latin phrase ending with an event word: group 'name'
    chinese_head: re.Pattern  # a head right after the name: the Chinese-head finder names it
    platforms: frozenset[str]
    held_quote: re.Pattern  # 主办的「<name>」: group 'name'


@lru_cache(maxsize=1)
def latin_rules() -> LatinRules:
    data = rules.require(rules.load("events"), "events", "latin_events", dict)
    need = lambda key, kind=str: rules.require(data, "events.latin_events", key, kind)  # noqa: E731
    name = need("name")
    return LatinRules(
        in_frame=re.compile(need("before") + f"(?P<name>{name})" + f"(?={need('after')})"),
        english_head=re.compile(f"(?<![A-Za-z0-9])(?P<name>{name}?{need('english_heads')})"
                                f"(?:\\x20(?P<year>(?:19|20)\\d{{2}}))?(?![A-Za-z0-9])"),
        chinese_head=re.compile(need("chinese_head")),
        platforms=frozenset(p.lower() for p in map(str, need("platforms", list))),
        held_quote=re.compile(need("held_quote")),
    )


def run(ctx: Context) -> None:
    r = latin_rules()
    text = ctx.text
    found: list[tuple[int, int]] = []
    for m in r.in_frame.finditer(text):
        found.append((m.start("name"), m.end("name")))
    for m in r.english_head.finditer(text):
        found.append((m.start("name"), m.end()))
    for m in r.held_quote.finditer(text):
        found.append((m.start("name"), m.end("name")))
    for start, end in sorted(set(found), key=lambda span: (span[0], -span[1])):
        label = text[start:end].strip()
        start = text.index(label, start)
        if not label or label.lower() in r.platforms or label.split(" ")[0].lower() in r.platforms:
            continue
        if r.chinese_head.match(text, start + len(label)) or ctx.overlaps("Event", start, start + len(label)):
            continue
        ctx.add_mention("Event", label, (start, start + len(label)), head="", series=label)
