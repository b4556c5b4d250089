"""Reports: 《…》 titles that name a report, white/blue book, index or survey."""
from __future__ import annotations

import re

from kg.extract.context import Context

TITLE = re.compile(r"《([^《》\n]{2,80})》")
REPORT_SUFFIX = re.compile(r"(报告|白皮书|蓝皮书|指数|调研|研究)(（\d{4}）|\(\d{4}\)|\d{4})?$")
YEAR = re.compile(r"(?<!\d)(20\d{2}|19\d{2})(?!\d)")


def run(ctx: Context) -> None:
    for m in TITLE.finditer(ctx.text):
        title = m.group(1).strip()
        if not REPORT_SUFFIX.search(title):
            continue
        year = YEAR.search(title)
        mention = ctx.add_mention("Report", title, (m.start(1), m.end(1)))
        if year:
            ctx.add_fact(mention, "year", year.group(1))
