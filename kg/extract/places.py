"""Places: cities, provinces, countries, towns and venues (在京 -> 北京)."""
from __future__ import annotations

from kg.extract.context import Context


def run(ctx: Context) -> None:
    """Not implemented yet."""
