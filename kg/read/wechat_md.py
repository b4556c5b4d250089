"""Plain WeChat Markdown export: optional '> **原文链接**: URL', '# title', then '  ACCOUNT   YYYY-MM-DD HH:MM'."""
from __future__ import annotations

import re

from kg.read.decode import UnreadableFile

LINK_LINE = re.compile(r"^>\s*\*\*原文链接\*\*\s*[:：]\s*(\S+)\s*$")
TITLE_LINE = re.compile(r"^#\s+(.*?)\s*$")
ACCOUNT_LINE = re.compile(r"^\s*(.*?)\s+(\d{4}-\d{2}-\d{2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$")
HEADER_LINES = 8


def detect(text: str) -> bool:
    for line in text.lstrip("\ufeff").splitlines()[:HEADER_LINES]:
        if TITLE_LINE.match(line):
            return True
    return False


def parse(text: str) -> dict:
    lines = text.splitlines(keepends=True)
    url = None
    title = None
    account = None
    date = None
    pos = 0
    body_start = 0
    for i, line in enumerate(lines[:HEADER_LINES]):
        stripped = line.rstrip("\r\n")
        if url is None and (m := LINK_LINE.match(stripped)):
            url = m.group(1)
        elif title is None and (m := TITLE_LINE.match(stripped)):
            title = m.group(1).strip()
            body_start = pos + len(line)
            nxt = lines[i + 1].rstrip("\r\n") if i + 1 < len(lines) else ""
            if (m2 := ACCOUNT_LINE.match(nxt)) is not None:
                account = _account(m2.group(1))
                date = m2.group(2)
                body_start += len(lines[i + 1])
            break
        pos += len(line)
    if not title:
        raise UnreadableFile("no '# title' line in the header")
    return {"title": title, "url": url, "account": account, "date_published": date,
            "retrieved_at": None, "body": text[body_start:]}


def _account(names: str) -> str | None:
    """'AUTHOR  ACCOUNT' lists the author first when one is named; the account is the last name."""
    parts = [p for p in re.split(r"\s{2,}|\t", names.strip()) if p]
    return parts[-1].strip() if parts else None
