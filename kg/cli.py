"""Command line: `kg build`, `kg validate` (and the query/serve commands registered from kg.cli_query)."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg import ids
from kg.pipeline import DEFAULT_CORPUS, DEFAULT_OUT, BuildConfig, BuildSummary, build
from kg.read import DEFAULT_MAX_BYTES

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Build a validated RDF knowledge graph from articles, and query it.")
console = Console(stderr=True)

# Exit codes of `kg build` (also in README.md).
EXIT_OK = 0
EXIT_INVALID = 1  # the graph does not conform to the shapes (and --strict): out/ left untouched
EXIT_USAGE = 2
EXIT_SOME_FILES_FAILED = 3  # graph built and written, but some input files could not be read
PROGRESS_MIN_FILES = 50


@app.command("build")
def build_cmd(
    corpus: Optional[List[Path]] = typer.Argument(None, help="Corpus folders or files (default: seeds/)."),
    out: Path = typer.Option(DEFAULT_OUT, "-o", "--out", help="Output folder."),
    base_iri: str = typer.Option(ids.DEFAULT_BASE, "--base-iri", help="Base of minted instance IRIs."),
    strict: bool = typer.Option(True, "--strict/--no-strict",
                                help="Exit non-zero and keep the previous output when SHACL validation fails."),
    max_bytes: int = typer.Option(DEFAULT_MAX_BYTES, "--max-bytes", help="Files larger than this are skipped."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes for extraction (0 = all cores)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
) -> None:
    """Build CORPUS (default seeds/) into OUT/kg.ttl, OUT/kg.trig and OUT/report.json."""
    if not base_iri.endswith(("/", "#")):
        console.print("[red]--base-iri must end with '/' or '#'[/red]")
        raise typer.Exit(EXIT_USAGE)
    config = BuildConfig(inputs=list(corpus or [DEFAULT_CORPUS]), out_dir=out, base_iri=base_iri,
                         strict=strict, max_bytes=max_bytes, jobs=jobs)
    if quiet:
        summary = build(config)
    else:
        with Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console, transient=True) as bar:
            task = bar.add_task("build", total=None)

            def tick(done: int, total: int) -> None:
                if total >= PROGRESS_MIN_FILES or done == total:
                    bar.update(task, completed=done, total=total)

            summary = build(config, progress=tick)
    _report(summary, config, quiet)
    if not summary.conforms and strict:
        raise typer.Exit(EXIT_INVALID)
    if summary.failures:
        raise typer.Exit(EXIT_SOME_FILES_FAILED)


@app.command("validate")
def validate_cmd(file: Path = typer.Argument(..., exists=True, dir_okay=False, help="Turtle or TriG file.")) -> None:
    """Re-validate an RDF file against ontology/shapes.ttl."""
    from kg.validate import validate_file

    report = validate_file(file)
    for v in report.violations[:200]:
        console.print(v.describe(), markup=False, highlight=False)
    if report.conforms:
        console.print(f"{file}: conforms")
    else:
        console.print(f"[red]{file}: does not conform ({len(report.violations)} violations)[/red]")
        raise typer.Exit(EXIT_INVALID)


def _report(s: BuildSummary, config: BuildConfig, quiet: bool) -> None:
    for v in s.validation.violations[:50]:
        console.print(v.describe(), markup=False, highlight=False)
    if len(s.validation.violations) > 50:
        console.print(f"… and {len(s.validation.violations) - 50} more violations (see report.json)")
    if quiet:
        return
    for f in s.failures[:50]:
        console.print(f"[yellow]skipped[/yellow] {f.source_file}: {f.reason}", highlight=False)
    if len(s.failures) > 50:
        console.print(f"… and {len(s.failures) - 50} more unreadable files (see {config.out_dir}/report.json)")
    table = Table(title="kg build", show_header=False)
    table.add_row("articles read", str(s.articles_read))
    table.add_row("articles failed", str(s.articles_failed))
    for typ, n in sorted(s.entities.items()):
        table.add_row(f"  {typ}", str(n))
    table.add_row("triples (merged)", str(s.triples))
    table.add_row("quads (named graphs)", str(s.quads))
    table.add_row("conforms", "yes" if s.conforms else f"NO ({len(s.validation.violations)} violations)")
    table.add_row("seconds", f"{s.seconds:.2f}")
    table.add_row("output", str(config.out_dir) + ("" if s.written else " (not written)"))
    console.print(table)


def main() -> None:
    from kg import cli_query  # noqa: F401  (registers query, load, serve and export on `app`)

    app()


if __name__ == "__main__":
    main()
