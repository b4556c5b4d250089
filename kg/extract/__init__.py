"""Extraction: one article's clean text to mentions and facts, a pure function of the text and the rules.

Each extractor is a module with `run(ctx: Context) -> None` that adds mentions and facts to the
context; they run in the order of EXTRACTORS, later ones seeing what earlier ones found.
"""
from __future__ import annotations

from kg.clean import clean
from kg.extract.context import Context
from kg.extract import (corpus_names, dates, events, gatherings, latin_events, ner_names, org_lists, org_parents,
                        organizations, people, places, posts, relations, reports, title_facts)
from kg.model import ArticleResult, SourceDoc

# Bump when extraction code changes in a way that changes output: part of the cache key.
EXTRACTOR_VERSION = "2"

EXTRACTORS = (dates, organizations, corpus_names, org_lists, reports, events, latin_events, places, title_facts, ner_names, org_parents,
              people, posts, relations, gatherings)


def extract(doc: SourceDoc) -> ArticleResult:
    ctx = Context.for_doc(clean(doc))
    for extractor in EXTRACTORS:
        extractor.run(ctx)
    return ctx.result()
