"""Reports: 《…》 titles that name a report, white/blue book, index or survey (see rules/reports.yaml).

A title is a report when it ends with a report head (报告, 白皮书, 指数, …) once trailing qualifiers such
as （2024） or V1.0 are set aside, or when a report word follows the closing mark (《…》蓝皮书). Laws,
plans, standards, notices and periodicals end otherwise, and talk titles are caught by their context.
The label keeps the title as written; a bracketed year also gives an alt label without the brackets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg import rules
from kg.extract.context import Context
from kg.model import Mention


@dataclass(frozen=True)
class ReportRules:
    title: re.Pattern
    quoted_title: re.Pattern
    trailing_qualifier: re.Pattern
    strong_heads: tuple[str, ...]
    weak_heads: tuple[str, ...]
    after_mark_heads: tuple[str, ...]
    not_after: re.Pattern
    not_before: re.Pattern
    back_references: frozenset[str]
    year: re.Pattern
    bracketed_year: re.Pattern
    filler: re.Pattern


@lru_cache(maxsize=1)
def report_rules() -> ReportRules:
    data = rules.load("reports")

    def pattern(key: str) -> re.Pattern:
        try:
            return re.compile(rules.require(data, "reports", key, str))
        except re.error as exc:
            raise rules.RuleFileError(f"{rules.RULES_DIR / 'reports.yaml'}: bad pattern '{key}': {exc}") from None

    def words(key: str) -> tuple[str, ...]:  # longest first, so 研究报告 is tried before 报告
        return tuple(sorted(map(str, rules.require(data, "reports", key, list)), key=len, reverse=True))

    return ReportRules(
        title=pattern("title"), quoted_title=pattern("quoted_title"),
        trailing_qualifier=pattern("trailing_qualifier"), strong_heads=words("strong_heads"),
        weak_heads=words("weak_heads"), after_mark_heads=words("after_mark_heads"),
        not_after=pattern("not_report_after"), not_before=pattern("not_report_before"),
        back_references=frozenset(words("back_references")), year=pattern("year"),
        bracketed_year=pattern("bracketed_year"), filler=pattern("filler"))


def run(ctx: Context) -> None:
    r = report_rules()
    text = ctx.text
    last: Mention | None = None  # the report 《报告》 refers back to
    for m in r.title.finditer(text):
        title = m.group(1).strip()
        if title in r.back_references:
            if last is not None:
                ctx.add_span(last, (m.start(1), m.end(1)))
            continue
        before, after = text[max(0, m.start() - 8):m.start()], text[m.end():m.end() + 8]
        if r.not_before.search(before) or r.not_after.search(after):
            continue
        suffix = next((h for h in r.after_mark_heads if after.startswith(h)), None)
        kind = _classify(title, suffix, strong_only=False)
        if kind is not None:
            last = _add(ctx, title, (m.start(1), m.end(1)), suffix if kind == "suffix" else None)
    for m in r.quoted_title.finditer(text):  # “2024年度网络安全白皮书”: strong heads only
        title = m.group(1).strip()
        if is_report(title, None, strong_only=True):
            _add(ctx, title, (m.start(1), m.end(1)), None)
    _title_reports(ctx)
    _bare_mentions(ctx, [(m.start(), m.end()) for m in r.title.finditer(text)])


def is_report(title: str, suffix: str | None, strong_only: bool) -> bool:
    """Whether a title (without its marks) names a report; `suffix` is a report word written after 》."""
    return _classify(title, suffix, strong_only) is not None


def _classify(title: str, suffix: str | None, strong_only: bool) -> str | None:
    """'title' when the title itself ends as a report, 'suffix' when only the word after 》 makes it one."""
    r = report_rules()
    core = title
    for _ in range(3):  # （2024） V1.0 can stack: 《…报告（2024）V2.0》
        stripped = r.trailing_qualifier.sub("", core)
        if stripped == core:
            break
        core = stripped
    head = next((h for h in r.strong_heads if core.endswith(h)), None)
    if head is None and not strong_only:
        head = next((h for h in r.weak_heads if core.endswith(h)), None)
        if head is not None and not (suffix or r.year.search(title)):
            return None
    if head is not None:
        return "title" if _names_something(r, core[: -len(head)]) else None
    return "suffix" if suffix and not strong_only and _names_something(r, core) else None


def _names_something(r: ReportRules, rest: str) -> bool:
    return len(r.filler.sub("", rest)) >= 2


def _add(ctx: Context, title: str, span: tuple[int, int] | None, suffix: str | None) -> Mention:
    r = report_rules()
    alts = {r.bracketed_year.sub(r"\1", title)}
    if suffix:
        alts.add(title + suffix)  # 《软件安全状况》报告 → also 软件安全状况报告
    mention = ctx.add_mention("Report", title, span, alts - {title})
    years = r.year.findall(title)
    if years:
        ctx.add_fact(mention, "year", years[-1])  # the edition year when a title spans years
    return mention


def _title_reports(ctx: Context) -> None:
    """A report named in the article title is its subject even when the body only says 该报告."""
    r = report_rules()
    for m in r.title.finditer(ctx.title or ""):
        title = m.group(1).strip()
        suffix = next((h for h in r.after_mark_heads if ctx.title[m.end():].startswith(h)), None)
        kind = None if title in r.back_references else _classify(title, suffix, strong_only=False)
        if kind is not None and ctx.find("Report", title) is None:
            _add(ctx, title, None, suffix if kind == "suffix" else None)


def _bare_mentions(ctx: Context, titles: list[tuple[int, int]]) -> None:
    """Spans of reports written again without marks (报告全称 on its own line, 中国互联网发展报告2024显示)."""
    text = ctx.text
    in_title = bytearray(len(text) + 1)  # characters inside a marked title 《…》
    for s, e in titles:
        in_title[s:e] = b"\x01" * (e - s)
    for mention in [m for m in ctx.mentions if m.type == "Report"]:
        own = {i for s, e in mention.spans for i in range(s, e)}  # characters of its known spans
        for name in sorted({mention.label, *mention.alt_labels}):
            start = text.find(name)
            while start != -1:
                span = (start, start + len(name))
                if not in_title[start] and start not in own:
                    ctx.add_span(mention, span)
                    own.update(range(*span))
                start = text.find(name, span[1])
