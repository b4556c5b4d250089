"""Dates: a Chinese date grammar resolved against the article's publication date (see spec)."""
from __future__ import annotations

from kg.extract.context import Context


def run(ctx: Context) -> None:
    """Not implemented yet."""
