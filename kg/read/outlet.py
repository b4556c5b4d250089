"""The publishing outlet's short name from a feed title, with the other names it goes by.

Feed titles name the outlet and advertise it: "安全客-有思想的安全新媒体", "FreeBuf网络安全行业门户",
"嘶吼 RoarTalk – 网络安全行业综合服务平台,4hou.com". The name is the first segment that is not a tagline
or a domain; taglines, domains and a trailing English translation are dropped from it. The rules and
the known outlets live in kg/rules/outlets.yaml.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from kg import rules

DOMAIN = re.compile(r"(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}")
CJK = r"\u3400-\u9fff"
# "FreeBuf网络安全行业门户": a Latin name run straight into Chinese text.
LATIN_THEN_CJK = re.compile(rf"([A-Za-z0-9][A-Za-z0-9 .&+-]*?)\s*([{CJK}].*)")
# "嘶吼 RoarTalk": a Chinese name followed, after a space, by its English rendering.
CJK_THEN_LATIN = re.compile(rf"([{CJK}][^ ]*?)\s+([A-Za-z][A-Za-z0-9 .&+-]*)")


@dataclass(frozen=True)
class OutletRules:
    separators: re.Pattern
    tagline_words: tuple[str, ...]
    platform_hosts: frozenset[str]
    known: dict[str, tuple[str, ...]]  # preferred name -> aliases
    alias_of: dict[str, str]  # every known name (casefolded) -> preferred name


@lru_cache(maxsize=1)
def outlet_rules() -> OutletRules:
    data = rules.load("outlets")
    seps = rules.require(data, "outlets", "separators", list, str)
    known_raw = rules.require(data, "outlets", "known", dict, list)
    known = {name: tuple(str(a) for a in aliases) for name, aliases in sorted(known_raw.items())}
    alias_of: dict[str, str] = {}
    for name, aliases in known.items():
        for alias in (name, *aliases):
            alias_of.setdefault(alias.casefold(), name)
    return OutletRules(
        separators=re.compile("|".join(map(re.escape, sorted(seps, key=len, reverse=True)))),
        tagline_words=tuple(rules.require(data, "outlets", "tagline_words", list, str)),
        platform_hosts=frozenset(rules.require(data, "outlets", "platform_hosts", list, str)),
        known=known, alias_of=alias_of)


def site_domain(url: str | None) -> str | None:
    """The url's host without 'www.', unless it is a platform shared by many outlets."""
    if not url:
        return None
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return None
    host = host.removeprefix("www.")
    r = outlet_rules()
    if not DOMAIN.fullmatch(host) or any(host == p or host.endswith("." + p) for p in r.platform_hosts):
        return None
    return host


def outlet(feed_title: str | None, url: str | None = None) -> tuple[str | None, tuple[str, ...]]:
    """(short name, sorted other names: the feed title, the site's domain, known aliases)."""
    if not feed_title:
        return None, ()
    r = outlet_rules()
    name = short_name(feed_title)
    name = r.alias_of.get(name.casefold(), name)
    aliases = {feed_title, *r.known.get(name, ())}
    aliases |= {s for s in _segments(feed_title) if DOMAIN.fullmatch(s)}
    if domain := site_domain(url):
        aliases.add(domain)
    aliases.discard(name)
    return name, tuple(sorted(aliases))


def short_name(feed_title: str) -> str:
    """The outlet's name in a feed title (the whole title when no part of it looks like a name)."""
    for segment in _segments(feed_title):
        if (m := LATIN_THEN_CJK.fullmatch(segment)) and _is_tagline(m.group(2)):
            return m.group(1).strip()
        if DOMAIN.fullmatch(segment) or _is_tagline(segment):
            continue
        if m := CJK_THEN_LATIN.fullmatch(segment):
            return m.group(1)
        return segment
    return feed_title.strip()


def _segments(title: str) -> list[str]:
    return [s for s in (p.strip() for p in outlet_rules().separators.split(title)) if s]


def _is_tagline(text: str) -> bool:
    return any(w in text for w in outlet_rules().tagline_words)
