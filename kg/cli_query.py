"""Commands over a built graph: query, load, serve, export (registered on kg.cli_app.app)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from kg.cli_app import EXIT_USAGE, app, console
from kg.pipeline import DEFAULT_OUT

EXIT_FAILED = 1  # the query, load or export itself failed (bad SPARQL, endpoint error)


@app.command("query")
def query_cmd(
    query: Optional[str] = typer.Argument(None, help="SPARQL text, a .rq file, or a name from queries/ (e.g. cq1-reports)."),
    graph: Path = typer.Option(DEFAULT_OUT / "kg.ttl", "--graph", "-g",
                               help="Graph file (.ttl, .trig, .nt, .nq); a dataset is queried as the union of its graphs."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv, json, tsv or xml (CONSTRUCT: table=Turtle, nt)."),
    list_: bool = typer.Option(False, "--list", help="List the named queries in queries/ and exit."),
) -> None:
    """Run a SPARQL query over the built graph (embedded pyoxigraph store)."""
    from pyoxigraph import QueryBoolean, QuerySolutions, RdfFormat, serialize

    from kg import query as q

    if list_:
        table = Table(title=f"named queries ({q.QUERIES_DIR})")
        table.add_column("name", no_wrap=True)
        table.add_column("answers")
        for nq in q.list_queries():
            table.add_row(nq.name, nq.description)
        Console().print(table)
        return
    if not query:
        console.print("[red]give a query, a .rq file or a query name (see --list)[/red]")
        raise typer.Exit(EXIT_USAGE)
    if fmt not in ("table", "nt", "ttl", *q.RESULT_FORMATS):
        console.print(f"[red]unknown --format {fmt!r}[/red]")
        raise typer.Exit(EXIT_USAGE)
    try:
        sparql = q.resolve_query(query)
        g = q.load_graph(graph)
    except (OSError, ValueError) as e:
        console.print(f"[red]{e}[/red]", highlight=False)
        raise typer.Exit(EXIT_USAGE)
    try:
        result = g.query(sparql)
    except SyntaxError as e:
        console.print(f"[red]bad query: {e}[/red]", highlight=False)
        raise typer.Exit(EXIT_FAILED)
    out = sys.stdout.buffer
    if isinstance(result, QuerySolutions):
        if fmt in q.RESULT_FORMATS:
            out.write(result.serialize(format=q.RESULT_FORMATS[fmt]))
        elif fmt == "table":
            names, rows = q.rows(result)
            table = Table(caption=f"{len(rows)} rows")
            for n in names:
                table.add_column(n, overflow="fold")
            for r in rows:
                table.add_row(*r)
            Console().print(table)
        else:
            console.print(f"[red]--format {fmt} is for CONSTRUCT/DESCRIBE results[/red]")
            raise typer.Exit(EXIT_USAGE)
    elif isinstance(result, QueryBoolean):
        if fmt in q.RESULT_FORMATS:
            out.write(result.serialize(format=q.RESULT_FORMATS[fmt]))
        else:
            print("true" if bool(result) else "false")
    else:
        if fmt not in ("table", "ttl", "nt"):
            console.print("[red]CONSTRUCT/DESCRIBE results are RDF: use --format ttl or nt[/red]")
            raise typer.Exit(EXIT_USAGE)
        rdf = RdfFormat.N_TRIPLES if fmt == "nt" else RdfFormat.TURTLE
        out.write(serialize(list(result), format=rdf, prefixes=q.PREFIXES if rdf == RdfFormat.TURTLE else None))
    out.flush()


@app.command("serve")
def serve_cmd(
    out: Path = typer.Argument(DEFAULT_OUT, help="Build folder holding kg.ttl (and kg.trig)."),
    port: int = typer.Option(7878, "--port", "-p", help="TCP port (0: any free port, printed on start)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    timeout: float = typer.Option(30.0, "--timeout", help="Seconds a query may run before it is aborted (503)."),
    max_rows: int = typer.Option(10_000, "--max-rows", help="Rows/triples returned per query; more are cut."),
    workers: int = typer.Option(2, "--workers", help="Query worker processes (each holds a copy of the graph)."),
) -> None:
    """Serve OUT read-only over the SPARQL 1.1 Protocol at /sparql, with a query page at /."""
    import signal

    from kg.serve import Limits, serve

    def announce(url: str) -> None:
        # plain print: tests and scripts read the URL from this line, rich would wrap it
        print(f"serving {out} at {url} (SPARQL endpoint {url}sparql); Ctrl-C stops", file=sys.stderr, flush=True)

    # SIGTERM ends serve_forever through SystemExit, so the worker processes are stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        serve(out, host, port, Limits(timeout=timeout, max_rows=max_rows), workers, announce)
    except KeyboardInterrupt:
        pass
    except (OSError, RuntimeError) as e:
        console.print(f"[red]cannot serve {out}: {e}[/red]", highlight=False)
        raise typer.Exit(EXIT_FAILED)


@app.command("load")
def load_cmd(
    out: Path = typer.Argument(DEFAULT_OUT, help="Build folder holding kg.trig and kg.ttl."),
    endpoint: str = typer.Option(..., "--endpoint", "-e",
                                 help="Graph Store Protocol URL, e.g. http://localhost:7878/store."),
    graph_iri: Optional[str] = typer.Option(None, "--graph-iri", help="Load the merged graph into this named graph."),
    merged: bool = typer.Option(False, "--merged", help="Load the merged graph (into the default graph "
                                "unless --graph-iri) instead of one named graph per article."),
    replace: bool = typer.Option(False, "--replace", help="Merged mode: replace the target graph (PUT) "
                                 "instead of adding to it (POST). Per-article graphs are always replaced."),
    batch_size: int = typer.Option(20_000, "--batch-size", help="Triples per request."),
    retries: int = typer.Option(4, "--retries", help="Retries per request on connection errors and 5xx."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing but errors."),
) -> None:
    """Push the built graph into a SPARQL 1.1 Graph Store Protocol endpoint (idempotent)."""
    from kg.load import LoadError, LoadOptions, load

    opts = LoadOptions(endpoint=endpoint, graph_iri=graph_iri, merged=merged, replace=replace,
                       batch_size=max(1, batch_size), retries=max(0, retries))
    try:
        stats = load(out, opts)
    except (LoadError, OSError) as e:
        console.print(f"[red]kg load failed: {e}[/red]", highlight=False)
        raise typer.Exit(EXIT_FAILED)
    if not quiet:
        console.print(f"loaded {stats.triples} triples in {stats.graphs} graphs "
                      f"({stats.requests} requests) into {endpoint}", highlight=False)


@app.command("export")
def export_cmd(
    out: Path = typer.Argument(DEFAULT_OUT, help="Build folder holding kg.ttl and kg.trig."),
    fmt: str = typer.Option(..., "--format", "-f", help="ttl, nt (merged graph), nq, trig (per-article graphs) or jsonld."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default: standard output)."),
) -> None:
    """Write the built graph in another RDF syntax; JSON-LD uses the context in ontology/context.jsonld."""
    from kg.export import FORMATS, export

    if fmt not in FORMATS:
        console.print(f"[red]unknown --format {fmt!r}: use one of {', '.join(FORMATS)}[/red]")
        raise typer.Exit(EXIT_USAGE)
    try:
        data = export(out, fmt)
    except (OSError, ValueError, SyntaxError) as e:
        console.print(f"[red]{e}[/red]", highlight=False)
        raise typer.Exit(EXIT_FAILED)
    if output:
        output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
