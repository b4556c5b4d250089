"""Extraction: one article's clean text to mentions and facts, a pure function of the text and the rules.

Each extractor is a module with `run(ctx: Context) -> None` that adds mentions and facts to the
context; they run in the order of EXTRACTORS, later ones seeing what earlier ones found.
"""
from __future__ import annotations

from kg.clean import clean
from kg.extract.context import Context
from kg.extract import dates, events, organizations, people, places, relations, reports
from kg.model import ArticleResult, SourceDoc

# Bump when extraction code changes in a way that changes output: part of the cache key.
EXTRACTOR_VERSION = "1"

EXTRACTORS = (dates, organizations, reports, events, places, people, relations)


def extract(doc: SourceDoc) -> ArticleResult:
    ctx = Context.for_doc(clean(doc))
    for extractor in EXTRACTORS:
        extractor.run(ctx)
    return ctx.result()
