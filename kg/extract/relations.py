"""Relations between mentions: publisher, releasedAt, organizer, location, dates, posts, partOf."""
from __future__ import annotations

from kg.extract.context import Context


def run(ctx: Context) -> None:
    """Not implemented yet."""
