"""People: names introduced with a title and an organisation, and speaker lists."""
from __future__ import annotations

from kg.extract.context import Context


def run(ctx: Context) -> None:
    """Not implemented yet."""
