"""One input file through the per-article stage (read -> clean -> extract), never raising for bad input.

Its own module because both the build (kg.pipeline, which discovers the files) and the worker
processes (kg.parallel, which run this stage) need it; kg.pipeline re-exports both names.
"""
from __future__ import annotations

import gc
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from kg.extract import extract
from kg.model import ArticleResult, ReadError
from kg.read import read_file
from kg.rules import RuleFileError


# Where the per-article time limit is the reason for a failure (report.json and the console look for it).
TIMEOUT_REASON = "timed out"


class ArticleTimeout(BaseException):
    """Raised inside extraction when an article passes its time limit (a BaseException, so that no
    `except Exception` in an extractor swallows it)."""


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise ArticleTimeout in this thread after `seconds` of wall-clock time (None or 0: no limit).

    SIGALRM, so only in a process's main thread (the worker processes and a one-process build run
    there); elsewhere there is no limit. Python checks signals between bytecodes, so a single long
    C call (one regex search) finishes before the limit takes effect; the linear-time stages keep
    such calls short.
    """
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise ArticleTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while one article is extracted.

    Why: an article of a million tokens allocates millions of tuples, and each full collection the
    allocations trigger walks all of them again: tokenising grew ~9x per 4x size with the collector
    on, ~4.5x with it paused. Extraction makes few reference cycles; reference counting frees the
    rest as usual, and the collector runs again once the article is done.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class InputFile:
    path: Path
    source_file: str  # relative to its corpus root, '/'-separated


def process_file(item: InputFile, max_bytes: int, timeout: float | None = None) -> ArticleResult | ReadError:
    """Read and extract one file: a pure function of its bytes and the rules.

    Never raises for bad input: an unreadable file, and any unexpected error while reading or
    extracting it (a bug in one extractor), come back as a ReadError so only that file is lost.
    Rule-file errors are not about the file and do propagate (they stop the build).
    An article still being read or extracted after `timeout` seconds is given up (a ReadError whose
    reason starts with TIMEOUT_REASON): the last safety net, should some input still be slow.
    """
    stage = "reading"
    try:
        with deadline(timeout), cyclic_gc_paused():
            doc = read_file(item.path, item.source_file, max_bytes)
            if isinstance(doc, ReadError):
                return doc
            stage = "extracting"
            return extract(doc)
    except ArticleTimeout:
        return ReadError(item.source_file, f"{TIMEOUT_REASON} after {timeout:g} s while {stage} (--article-timeout);"
                                           " whether this file is built depends on the machine's speed")
    except RuleFileError:
        raise
    except RecursionError:
        return ReadError(item.source_file, "internal error: RecursionError (input nested too deeply)")
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the build
        message = " ".join(str(exc).split())[:300]
        return ReadError(item.source_file, f"internal error while {stage}: {type(exc).__name__}: {message}")
