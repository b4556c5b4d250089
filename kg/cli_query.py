"""Commands over a built graph: query, load, serve, export (registered on kg.cli.app)."""
from __future__ import annotations

from kg.cli import app  # noqa: F401
