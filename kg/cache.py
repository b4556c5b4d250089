"""Incremental build cache: per-article extraction results and per-node SHACL results, in out/.cache.

One SQLite file (`out/.cache/kg-cache.sqlite`) rather than thousands of small files: it is in the
standard library, one open and one transaction read or update 14k rows in well under a second, an
update touches only the rows that changed, and a killed build leaves it consistent (transactions).

Articles are keyed by source path and the sha256 of the file's bytes, within a namespace made of the
kg version, kg.extract.EXTRACTOR_VERSION, the rules fingerprint (kg.rules.fingerprint()) and a hash
of the extraction code itself (readers, cleaner, extractors): a change to any of them invalidates
every cached extraction, so nobody gets a stale result because a version number was not bumped.
Values are pickled ArticleResults, compacted (the article body is dropped: nothing after extraction
reads it), the same compaction a fresh extraction goes through, so cached and fresh builds agree.

SHACL: the keys of node descriptions found conforming (a hash of one node's triples and the rdf:type
triples of the nodes it points to, the shapes and the pySHACL version; see kg.validate).

The cache is read at the start of a build and written only when the build writes its output, inside
the atomic output swap (kg.atomic carries `.cache` across builds).
"""
from __future__ import annotations

import dataclasses
import hashlib
import pickle
import sqlite3
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from kg.model import ArticleResult

CACHE_DIR = ".cache"
CACHE_FILE = "kg-cache.sqlite"
SCHEMA_VERSION = "1"
KG_DIR = Path(__file__).resolve().parent
# The code an article's extraction depends on (kg.article.process_file -> read -> clean -> extract).
EXTRACTION_CODE = ("article.py", "read", "extract", "clean.py", "model.py", "resolve.py", "ids.py")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    h = hashlib.sha256()
    for name in EXTRACTION_CODE:
        path = KG_DIR / name
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for f in files:
            h.update(f.relative_to(KG_DIR).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def extraction_namespace() -> str:
    """Everything an extraction depends on besides the file's bytes and path."""
    from kg import __version__, rules
    from kg.extract import EXTRACTOR_VERSION

    return "|".join((SCHEMA_VERSION, __version__, EXTRACTOR_VERSION, rules.fingerprint(), code_fingerprint()))


# Code and data the output depends on besides the extractions (kept in the output key).
OUTPUT_CODE = ("resolve.py", "ids.py", "graph.py", "write.py", "validate.py", "pipeline.py")
SHAPES = KG_DIR.parent / "ontology" / "shapes.ttl"


@lru_cache(maxsize=1)
def output_fingerprint() -> str:
    h = hashlib.sha256(code_fingerprint().encode())
    for name in OUTPUT_CODE:
        h.update((KG_DIR / name).read_bytes())
    h.update(SHAPES.read_bytes() if SHAPES.is_file() else b"")
    return h.hexdigest()


def compact(result: ArticleResult) -> ArticleResult:
    """The part of an ArticleResult the later stages use: the body text is dropped."""
    if not result.doc.body:
        return result
    return dataclasses.replace(result, doc=dataclasses.replace(result.doc, body=""))


def file_hash(path: Path, max_bytes: int) -> str | None:
    """sha256 of a file's bytes (what kg.read puts in SourceDoc.content_hash), None when unreadable
    or too large (such files are always handed to process_file, which reports why)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError:
        return None
    if len(data) > max_bytes:
        return None
    return hashlib.sha256(data).hexdigest()


class BuildCache:
    """The cache of one output folder. Reads are done at open; writes are buffered until `save`."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.namespace = extraction_namespace()
        self.articles: dict[str, tuple[str, bytes]] = {}  # source_file -> (content hash, pickled result)
        self.shacl: dict[bytes, bytes] = {}  # keys of node descriptions that conformed (values empty)
        self._new_articles: dict[str, tuple[str, bytes]] = {}
        self._new_shacl: dict[bytes, bytes] = {}
        self._used_shacl: set[bytes] = set()
        self.stats = {"hits": 0, "misses": 0, "shacl_hits": 0, "shacl_misses": 0}
        self.meta: dict[str, str] = {}  # e.g. 'output': the key and digests of the last output written
        self.new_meta: dict[str, str] = {}
        self._load()

    @property
    def path(self) -> Path:
        return self.out_dir / CACHE_DIR / CACHE_FILE

    def _load(self) -> None:
        if not self.path.is_file():
            return
        try:
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            try:
                meta = dict(con.execute("SELECT key, value FROM meta"))
                self.meta = meta
                if meta.get("namespace") == self.namespace:
                    self.articles = {s: (h, r) for s, h, r in con.execute(
                        "SELECT source_file, hash, result FROM articles")}
                self.shacl = dict(con.execute("SELECT key, violations FROM shacl"))
            finally:
                con.close()
        except sqlite3.Error:  # unreadable or foreign file: start afresh
            self.articles, self.shacl = {}, {}

    # ---------------------------------------------------------------- articles

    def get(self, source_file: str, content_hash: str | None) -> ArticleResult | None:
        entry = self.articles.get(source_file)
        if content_hash is None or entry is None or entry[0] != content_hash:
            return None
        try:
            return pickle.loads(entry[1])
        except Exception:  # noqa: BLE001 - a damaged entry is just a miss
            return None

    def put(self, result: ArticleResult) -> None:
        self._new_articles[result.doc.source_file] = (
            result.doc.content_hash, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))

    # ---------------------------------------------------------------- SHACL

    def conforming(self, key: bytes) -> bool:
        """Whether a node description with this key was validated before and conformed."""
        if key in self.shacl:
            self._used_shacl.add(key)
            return True
        return False

    def add_conforming(self, keys: Iterable[bytes]) -> None:
        for key in keys:
            self._used_shacl.add(key)
            self._new_shacl[key] = b""

    # ---------------------------------------------------------------- writing

    def save(self, target_dir: Path, current_files: Iterable[str]) -> None:
        """Write the changes into `target_dir/.cache` (the existing cache updated in place, or a new
        one), dropping entries of files no longer in the corpus and node results not used by this build."""
        path = target_dir / CACHE_DIR / CACHE_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        current = set(current_files)
        try:
            self._save(path, current)
        except sqlite3.DatabaseError:  # a damaged file: replace it
            path.unlink(missing_ok=True)
            self.articles, self.shacl = {}, {}
            self._save(path, current)

    def _save(self, path: Path, current: set[str]) -> None:
        con = sqlite3.connect(path)
        try:
            con.execute("PRAGMA journal_mode=DELETE")
            con.execute("PRAGMA synchronous=NORMAL")
            with con:
                con.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
                con.execute("CREATE TABLE IF NOT EXISTS articles "
                            "(source_file TEXT PRIMARY KEY, hash TEXT NOT NULL, result BLOB NOT NULL)")
                con.execute("CREATE TABLE IF NOT EXISTS shacl (key BLOB PRIMARY KEY, violations BLOB NOT NULL)")
                old_ns = con.execute("SELECT value FROM meta WHERE key = 'namespace'").fetchone()
                if old_ns is None or old_ns[0] != self.namespace:
                    con.execute("DELETE FROM articles")
                    self.articles = {}
                    con.execute("INSERT OR REPLACE INTO meta VALUES ('namespace', ?)", (self.namespace,))
                if self.new_meta:
                    con.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", sorted(self.new_meta.items()))
                stale = [(s,) for s in self.articles if s not in current]
                if stale:
                    con.executemany("DELETE FROM articles WHERE source_file = ?", stale)
                if self._new_articles:
                    con.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?, ?)",
                                    [(s, h, r) for s, (h, r) in self._new_articles.items()])
                unused = [(k,) for k in self.shacl if k not in self._used_shacl]
                if unused:
                    con.executemany("DELETE FROM shacl WHERE key = ?", unused)
                if self._new_shacl:
                    con.executemany("INSERT OR REPLACE INTO shacl VALUES (?, ?)", list(self._new_shacl.items()))
        finally:
            con.close()
