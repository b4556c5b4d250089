"""The `kg` Typer app and what every command module shares: kg.cli (build, validate) and kg.cli_query
(query, serve, load, export) register their commands on `app`; neither imports the other's internals."""
from __future__ import annotations

import typer
from rich.console import Console

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Build a validated RDF knowledge graph from articles, and query it.")
console = Console(stderr=True)

EXIT_USAGE = 2  # a bad option or argument, for every command (also in README.md)
