"""Organisations: suffix and context patterns, acronym pairs, lists, and the gazetteer."""
from __future__ import annotations

from kg.extract.context import Context


def run(ctx: Context) -> None:
    """Not implemented yet."""
