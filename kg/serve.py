"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint over a built graph, and a query page at `/`.

pyoxigraph cannot cancel a running query, so queries run in a small pool of worker processes, each
holding its own in-memory copy of the store (kg.ttl as the default graph, kg.trig's per-article named
graphs). A query that outlives the timeout is aborted by killing its worker (503 to the client) and a
fresh worker is started in the background. Workers are spawned, not forked: the server is threaded.
"""
from __future__ import annotations

import multiprocessing as mp
import queue
import re
import signal
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Optional
from urllib.parse import parse_qs, urlsplit

MAX_BODY = 1_000_000  # bytes of a POSTed query
STARTUP_TIMEOUT = 300.0  # seconds a worker may take to load the graph
RESULT_TYPES = {  # media type → pyoxigraph QueryResultsFormat name (SELECT, ASK)
    "application/sparql-results+json": "JSON", "application/json": "JSON",
    "application/sparql-results+xml": "XML", "application/xml": "XML", "text/xml": "XML",
    "text/csv": "CSV", "text/tab-separated-values": "TSV"}
RDF_TYPES = {  # media type → pyoxigraph RdfFormat name (CONSTRUCT, DESCRIBE)
    "text/turtle": "TURTLE", "application/n-triples": "N_TRIPLES", "application/rdf+xml": "RDF_XML",
    "application/ld+json": "JSON_LD"}
SHORT_FORMATS = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                 "csv": "text/csv", "tsv": "text/tab-separated-values", "ttl": "text/turtle",
                 "turtle": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json"}
CANONICAL = {"JSON": "application/sparql-results+json", "XML": "application/sparql-results+xml",
             "CSV": "text/csv", "TSV": "text/tab-separated-values"}
# Comments, strings and IRIs, removed before looking for keywords in a query.
_NOISE = re.compile(r"#[^\n]*|\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'"
                    r"|<[^<>\"{}|^`\\\s]*>")
_UPDATE = re.compile(r"^\s*(?:(?:PREFIX\s+[^\s:]*:|BASE)\s*)*"
                     r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.I)
_SERVICE = re.compile(r"(?<![\w:?$.-])SERVICE\b", re.I)


@dataclass
class Limits:
    timeout: float = 30.0  # seconds per query, then the worker is killed and the client gets 503
    max_rows: int = 10_000  # rows (SELECT) or triples (CONSTRUCT) returned; more are cut, see X-KG-Truncated


@dataclass
class Request:
    query: str
    accept: str
    max_rows: int
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def text(status: int, message: str) -> Response:
    return Response(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode("utf-8"))


def refusal(query: str) -> Optional[Response]:
    """Updates are refused outright (the store is never updated anyway: workers only call query());
    SERVICE is refused so the endpoint cannot be made to fetch other addresses."""
    bare = _NOISE.sub(" ", query)
    if _UPDATE.match(bare):
        return text(403, "this endpoint is read-only: SPARQL Update is refused")
    if _SERVICE.search(bare):
        return text(403, "SERVICE (federated query) is disabled on this endpoint")
    return None


def negotiate(accept: str, kinds: dict[str, str]) -> Optional[str]:
    """The best media type in `kinds` for an Accept header; wildcards get the first (default) one."""
    ranked = []
    for i, part in enumerate(x for x in (accept or "*/*").split(",") if x.strip()):
        media, *params = [p.strip() for p in part.split(";")]
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        ranked.append((-q, i, media.lower()))
    for negq, _, media in sorted(ranked):
        if negq >= 0:
            break
        if media in kinds:
            return media
        if media == "*/*" or (media.endswith("/*") and any(k.startswith(media[:-1]) for k in kinds)):
            return next(k for k in kinds if media == "*/*" or k.startswith(media[:-1]))
    return None


def execute(graph, req: Request) -> Response:
    """Run one query on a loaded kg.query.Graph and serialise it as negotiated (in a worker)."""
    from pyoxigraph import NamedNode, QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat, serialize

    from kg import query as q

    kw = {}
    if req.default_graphs:
        kw["default_graph"] = [NamedNode(g) for g in req.default_graphs]
    if req.named_graphs:
        kw["named_graphs"] = [NamedNode(g) for g in req.named_graphs]
    try:
        result = graph.query(req.query, **kw)
        rdf = not isinstance(result, (QuerySolutions, QueryBoolean))
        kinds = RDF_TYPES if rdf else RESULT_TYPES
        media = negotiate(req.accept, kinds)
        if media is None:
            return text(406, "not acceptable; this query can return: " + ", ".join(kinds))
        truncated = False
        if isinstance(result, QuerySolutions):
            fmt = getattr(QueryResultsFormat, kinds[media])
            doc, truncated = q.solutions_json(result, req.max_rows)
            body = q.results_bytes(doc, fmt)
        elif isinstance(result, QueryBoolean):
            body = result.serialize(format=getattr(QueryResultsFormat, kinds[media]))
        else:
            triples, truncated = q.triples_of(result, req.max_rows)
            fmt = getattr(RdfFormat, kinds[media])
            body = serialize(triples, format=fmt, prefixes=q.PREFIXES if fmt == RdfFormat.TURTLE else None)
    except SyntaxError as e:
        return text(400, f"bad query: {e}")
    except Exception as e:  # evaluation errors (pyoxigraph raises OSError/ValueError)
        return text(500, f"query failed: {e}")
    ctype = CANONICAL.get(kinds[media], media) if not rdf else media
    headers = {"X-KG-Truncated": "true", "X-KG-Max-Rows": str(req.max_rows)} if truncated else {}
    return Response(200, f"{ctype}; charset=utf-8", body, headers)


def _worker_main(conn, out_dir: str) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    from kg.query import load_out_dir

    try:
        graph = load_out_dir(Path(out_dir))
    except Exception as e:
        conn.send(("error", f"{type(e).__name__}: {e}"))
        return
    conn.send(("ready", ""))
    while True:
        try:
            req = conn.recv()
        except (EOFError, OSError):  # the server went away
            return
        conn.send(execute(graph, req))


class Worker:
    def __init__(self, ctx, out_dir: Path) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, str(out_dir)), daemon=True)
        self.proc.start()
        child.close()

    def wait_ready(self, timeout: float) -> str:
        """'' when the worker has loaded the graph, else why not."""
        try:
            if not self.conn.poll(timeout):
                return f"worker did not load the graph within {timeout:.0f}s"
            status, message = self.conn.recv()
        except (EOFError, OSError):
            return "worker died while loading the graph"
        return "" if status == "ready" else message

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join(5)
        self.conn.close()


class Pool:
    """Worker processes; a query takes an idle one, a timed-out one is killed and replaced."""

    def __init__(self, out_dir: Path, size: int) -> None:
        self.out_dir, self.closed = out_dir, False
        self.ctx = mp.get_context("spawn")
        self.idle: queue.Queue[Worker] = queue.Queue()
        self.all: set[Worker] = set()
        self.lock = threading.Lock()
        started = [self._start() for _ in range(max(1, size))]
        for w in started:
            if problem := w.wait_ready(STARTUP_TIMEOUT):
                self.close()
                raise RuntimeError(problem)
            self.idle.put(w)

    def _start(self) -> Worker:
        w = Worker(self.ctx, self.out_dir)
        with self.lock:
            self.all.add(w)
        return w

    def _retire(self, w: Worker) -> None:
        with self.lock:
            self.all.discard(w)
        w.kill()

    def _replace(self) -> None:
        def start() -> None:
            w = self._start()
            if w.wait_ready(STARTUP_TIMEOUT) or self.closed:
                self._retire(w)
            else:
                self.idle.put(w)

        if not self.closed:
            threading.Thread(target=start, daemon=True).start()

    def run(self, req: Request, timeout: float) -> Response:
        try:
            w = self.idle.get(timeout=timeout)
        except queue.Empty:
            return text(503, f"all workers busy for {timeout:g}s; try again")
        try:
            w.conn.send(req)
            if w.conn.poll(timeout):
                resp = w.conn.recv()
                self.idle.put(w)
                return resp
            message = f"query timed out after {timeout:g}s and was aborted"
        except (EOFError, OSError):
            message = "query worker died"
        self._retire(w)
        self._replace()
        return text(503, message)

    def close(self) -> None:
        self.closed = True
        with self.lock:
            workers = list(self.all)
            self.all.clear()
        for w in workers:
            w.kill()


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, addr, pool: Pool, limits: Limits, page: bytes) -> None:
        super().__init__(addr, Handler)
        self.pool, self.limits, self.page = pool, limits, page


class Handler(BaseHTTPRequestHandler):
    server: Server
    server_version = "kg-serve"

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path == "/" and not ({"query", "update"} & params.keys()):
            self._send(Response(200, "text/html; charset=utf-8", self.server.page))
        elif url.path in ("/", "/sparql"):
            self._sparql(params)
        else:
            self._send(text(404, "not found; the SPARQL endpoint is /sparql"))

    do_HEAD = do_GET

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path not in ("/", "/sparql"):
            return self._send(text(404, "not found; the SPARQL endpoint is /sparql"))
        params = parse_qs(url.query, keep_blank_values=True)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return self._send(text(413, f"request body over {MAX_BODY} bytes"))
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        if ctype == "application/sparql-update":
            return self._send(text(403, "this endpoint is read-only: SPARQL Update is refused"))
        if ctype == "application/x-www-form-urlencoded":
            for k, v in parse_qs(body, keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
        elif ctype == "application/sparql-query":
            params["query"] = [body]
        else:
            return self._send(text(415, "POST application/sparql-query or application/x-www-form-urlencoded"))
        self._sparql(params)

    def do_PUT(self) -> None:
        self._send(Response(405, "text/plain; charset=utf-8", b"read-only endpoint\n", {"Allow": "GET, POST"}))

    do_DELETE = do_PATCH = do_PUT

    def _sparql(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            return self._send(text(403, "this endpoint is read-only: SPARQL Update is refused"))
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            return self._send(text(400, "give exactly one query parameter"))
        if refused := refusal(queries[0]):
            return self._send(refused)
        accept = self.headers.get("Accept") or "*/*"
        if fmt := (params.get("format") or [""])[0]:
            accept = SHORT_FORMATS.get(fmt, fmt)
        limits = self.server.limits
        req = Request(queries[0], accept, limits.max_rows,
                      params.get("default-graph-uri", []), params.get("named-graph-uri", []))
        self._send(self.server.pool.run(req, limits.timeout))

    def _send(self, r: Response) -> None:
        self.send_response(r.status)
        self.send_header("Content-Type", r.content_type)
        self.send_header("Content-Length", str(len(r.body)))
        self.send_header("Vary", "Accept")
        for k, v in r.headers.items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(r.body)


def serve(out_dir: Path, host: str, port: int, limits: Limits, workers: int = 2,
          announce: Callable[[str], None] = print) -> None:
    """Load OUT_DIR into the workers, then serve until interrupted (port 0: any free port)."""
    from kg.query import PREFIXES, list_queries
    from kg.serve_page import render

    examples = [{"name": q.name, "about": q.description, "query": q.path.read_text(encoding="utf-8")}
                for q in list_queries()]
    page = render(examples, PREFIXES)
    pool = Pool(out_dir, workers)
    try:
        httpd = Server((host, port), pool, limits, page)
    except OSError:
        pool.close()
        raise
    try:
        bound_host, bound_port = httpd.server_address[:2]
        announce(f"http://{bound_host}:{bound_port}/")
        httpd.serve_forever(poll_interval=0.2)
    finally:
        httpd.server_close()
        pool.close()
