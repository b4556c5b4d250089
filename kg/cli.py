"""Command line: `kg build`, `kg validate` (and the query/serve commands registered from kg.cli_query)."""
from __future__ import annotations

import os
import signal
from pathlib import Path
from typing import List, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg import ids
from kg.cli_app import EXIT_USAGE, app, console
from kg.graph import _safe_uri
from kg.pipeline import DEFAULT_ARTICLE_TIMEOUT, DEFAULT_CORPUS, DEFAULT_OUT, BuildConfig, BuildSummary, build
from kg.read import DEFAULT_MAX_BYTES
from kg.article import TIMEOUT_REASON
from kg.rules import RuleFileError

# Exit codes of `kg build` (also in README.md; EXIT_USAGE = 2 is in kg.cli_app).
EXIT_OK = 0
EXIT_INVALID = 1  # the graph does not conform to the shapes (and --strict): out/ left untouched
EXIT_SOME_FILES_FAILED = 3  # graph built and written, but some input files could not be read
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT): stopped, previous output untouched
EXIT_TERMINATED = 143  # SIGTERM: stopped, previous output untouched


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main process so the build unwinds like Ctrl-C."""


def _valid_iri(base: str) -> bool:
    return _safe_uri(base + "x") == base + "x"


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
    article_timeout: float = typer.Option(DEFAULT_ARTICLE_TIMEOUT, "--article-timeout",
                                          help="Give up an article after this many seconds and list it as failed "
                                               "(0 = no limit)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
) -> None:
    """Build CORPUS (default seeds/) into OUT/kg.ttl, OUT/kg.trig and OUT/report.json."""
    if not base_iri.endswith(("/", "#")) or not _valid_iri(base_iri):
        console.print("[red]--base-iri must be an absolute IRI ending with '/' or '#'[/red]")
        raise typer.Exit(EXIT_USAGE)
    if article_timeout < 0:
        console.print("[red]--article-timeout must be 0 (no limit) or a positive number of seconds[/red]")
        raise typer.Exit(EXIT_USAGE)
    if max_bytes <= 0:
        console.print("[red]--max-bytes must be a positive number of bytes[/red]")
        raise typer.Exit(EXIT_USAGE)
    missing = [str(p) for p in (corpus or [DEFAULT_CORPUS]) if not os.path.exists(p)]
    if missing:  # a typo must not replace the output with an empty graph
        console.print(f"no such file or folder: {', '.join(missing)}", markup=False, highlight=False,
                      soft_wrap=True)
        raise typer.Exit(EXIT_USAGE)
    config = BuildConfig(inputs=list(corpus or [DEFAULT_CORPUS]), out_dir=out, base_iri=base_iri,
                         strict=strict, max_bytes=max_bytes, jobs=jobs,
                         article_timeout=article_timeout or None)
    main_pid = os.getpid()

    def on_sigterm(signum, frame) -> None:
        if os.getpid() != main_pid:  # a forked worker: die as SIGTERM normally does
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise _Terminated()

    try:
        previous_handler = signal.signal(signal.SIGTERM, on_sigterm)
    except ValueError:  # not the main thread: no handler, SIGTERM keeps its default
        previous_handler = None
    try:
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
    except KeyboardInterrupt as exc:
        terminated = isinstance(exc, _Terminated)
        console.print(f"[red]{'terminated' if terminated else 'interrupted'}: build stopped, "
                      f"{out} left as it was[/red]", highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_TERMINATED if terminated else EXIT_INTERRUPTED) from None
    except RuleFileError as exc:
        console.print(f"error: bad rule file: {exc}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from None
    except OSError as exc:  # the output folder cannot be created or written
        where = f" {exc.filename}" if exc.filename else ""
        console.print(f"error: cannot write the output{where}: {exc.strerror or exc}", markup=False,
                      highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from None
    finally:
        if previous_handler is not None:
            signal.signal(signal.SIGTERM, previous_handler)
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
        console.print(v.describe(), markup=False, highlight=False, soft_wrap=True)
    if report.conforms:
        console.print(f"{file}: conforms")
    else:
        console.print(f"[red]{file}: does not conform ({len(report.violations)} violations)[/red]")
        raise typer.Exit(EXIT_INVALID)


def _report(s: BuildSummary, config: BuildConfig, quiet: bool) -> None:
    for v in s.validation.violations[:50]:
        console.print(v.describe(), markup=False, highlight=False, soft_wrap=True)
    if len(s.validation.violations) > 50:
        console.print(f"… and {len(s.validation.violations) - 50} more violations (see report.json)")
    if s.timing_dependent:  # even when quiet: the output is not a function of the input alone
        late = [f.source_file for f in s.failures if f.reason.startswith(TIMEOUT_REASON)]
        console.print(f"[red]warning: {len(late)} article(s) passed the --article-timeout of "
                      f"{config.article_timeout:g} s and are left out ({', '.join(late[:5])}"
                      f"{' …' if len(late) > 5 else ''}): this output depends on the machine's speed "
                      f"(report.json: timing_dependent)[/red]", highlight=False, soft_wrap=True)
    if quiet:
        return
    if s.skipped:
        console.print(f"{len(s.skipped)} data files (JSON, TSV, CSV) beside the articles skipped (see report.json)")
    for f in s.failures[:50]:
        console.print(f"[yellow]skipped[/yellow] {f.source_file}: {f.reason}", highlight=False, soft_wrap=True)
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
