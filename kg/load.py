"""`kg load`: push a built graph into a SPARQL 1.1 Graph Store Protocol endpoint (stdlib urllib only).

Per-article mode (default) PUTs each named graph of kg.trig to ?graph=<article IRI>: an article's graph
belongs to that article, so re-running replaces it and never duplicates. Merged mode sends kg.ttl to
--graph-iri or the default graph, appending (POST) unless --replace (PUT) because that graph may be
shared with other data. A graph larger than the batch size goes as one PUT/POST then POSTs of the rest.
Connection errors, timeouts, 408/429 and 5xx are retried with exponential backoff.
"""
from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Optional
from urllib.parse import quote

from pyoxigraph import RdfFormat, Triple, parse, serialize

RETRYABLE = {408, 429}


class LoadError(Exception):
    """The endpoint refused or kept failing; the message says which request and why."""


@dataclass
class LoadOptions:
    endpoint: str
    graph_iri: Optional[str] = None  # merged mode: the target graph (None: the default graph)
    merged: bool = False
    replace: bool = False
    batch_size: int = 20_000  # triples per request
    retries: int = 4
    backoff: float = 0.5  # seconds before the first retry, doubled each time
    timeout: float = 60.0  # seconds per request


@dataclass
class LoadStats:
    graphs: int = 0
    triples: int = 0
    requests: int = 0


def graph_url(endpoint: str, graph: Optional[str]) -> str:
    sep = "&" if "?" in endpoint else "?"
    return f"{endpoint}{sep}default" if graph is None else f"{endpoint}{sep}graph={quote(graph, safe='')}"


def graphs_to_load(out_dir: Path, opts: LoadOptions) -> Iterator[tuple[Optional[str], list[Triple]]]:
    """(graph IRI or None for the default graph, its triples), in a stable order."""
    if opts.merged or opts.graph_iri:
        triples = [q.triple for q in parse(path=str(out_dir / "kg.ttl"), format=RdfFormat.TURTLE)]
        yield opts.graph_iri, triples
        return
    by_graph: dict[Optional[str], list[Triple]] = {}
    for q in parse(path=str(out_dir / "kg.trig"), format=RdfFormat.TRIG):
        name = getattr(q.graph_name, "value", None) or None
        by_graph.setdefault(name, []).append(q.triple)
    for name in sorted(by_graph, key=lambda n: n or ""):
        yield name, by_graph[name]


def load(out_dir: Path, opts: LoadOptions, progress: Callable[[LoadStats], None] = lambda s: None) -> LoadStats:
    if not opts.endpoint.startswith(("http://", "https://")):
        raise LoadError(f"--endpoint must be an http(s) URL, got {opts.endpoint!r}")
    stats = LoadStats()
    per_article = not (opts.merged or opts.graph_iri)
    for name, triples in graphs_to_load(out_dir, opts):
        url = graph_url(opts.endpoint, name)
        first = "PUT" if (per_article or opts.replace) else "POST"
        batches = [triples[i:i + opts.batch_size] for i in range(0, len(triples), opts.batch_size)] or [[]]
        for i, batch in enumerate(batches):
            body = serialize(batch, format=RdfFormat.N_TRIPLES) or b""
            send(first if i == 0 else "POST", url, body, opts)
            stats.requests += 1
        stats.graphs += 1
        stats.triples += len(triples)
        progress(stats)
    return stats


def send(method: str, url: str, body: bytes, opts: LoadOptions) -> None:
    problem = ""
    for attempt in range(opts.retries + 1):
        req = urllib.request.Request(url, data=body, method=method,
                                     headers={"Content-Type": "application/n-triples"})
        try:
            with urllib.request.urlopen(req, timeout=opts.timeout) as resp:
                resp.read()
            return
        except urllib.error.HTTPError as e:
            detail = e.read()[:300].decode("utf-8", errors="replace").strip()
            problem = f"HTTP {e.code} {e.reason}" + (f": {detail}" if detail else "")
            if e.code < 500 and e.code not in RETRYABLE:
                raise LoadError(f"{method} {url}: {problem}") from None
        except (urllib.error.URLError, http.client.HTTPException, OSError) as e:
            problem = str(getattr(e, "reason", None) or e) or type(e).__name__
        if attempt < opts.retries:
            time.sleep(opts.backoff * 2 ** attempt)
    raise LoadError(f"{method} {url} failed after {opts.retries + 1} attempts: {problem}")
