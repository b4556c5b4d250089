"""Events: conferences, summits, forums, ceremonies, competitions with a proper name."""
from __future__ import annotations

from kg.extract.context import Context


def run(ctx: Context) -> None:
    """Not implemented yet."""
