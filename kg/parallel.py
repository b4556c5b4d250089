"""Worker processes for the per-article stage (read, clean, extract) and for SHACL chunks.

Extraction is a pure function of one file (kg.article.process_file), so files are handed out in
chunks to a process pool and the results merged by source path: the output does not depend on the
number of workers or on the order in which they finish.

Workers are started with the 'forkserver' method, with kg preloaded in the server: each worker starts
in milliseconds, does not inherit the main process's memory (nor a progress-bar thread), and imports
nothing at its first task.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import forkserver
from typing import Callable, Iterator, Sequence

import kg.extract
from kg import article
from kg.article import process_file
from kg.cache import compact
from kg.model import ArticleResult, ReadError

# Below this many files to extract, the pool's start-up costs more than it saves.
MIN_FILES_FOR_POOL = 32
PRELOAD = ["kg.pipeline", "kg.validate"]


def _ignore_interrupts() -> None:
    """Ctrl-C reaches the whole process group: the main process stops the build and the pool, so the
    workers must not die of it on their own (each would print a traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _started(_: int) -> int:
    time.sleep(0.05)  # long enough that each worker, not just the first one up, takes a task
    return os.getpid()


def worker_count(jobs: int) -> int:
    if jobs > 0:
        return jobs
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class Pool:
    """A lazily started process pool shared by the stages of one build (None-like when jobs == 1)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None

    def executor(self) -> Executor:
        if self._executor is None:
            ctx = mp.get_context("forkserver") if "forkserver" in mp.get_all_start_methods() else mp.get_context()
            # The fork server, and the workers it forks, start with Ctrl-C ignored (an ignored signal
            # stays ignored across exec): a Ctrl-C while the server imports kg would otherwise kill it
            # with a traceback. The main process ignores it only for the instant of the spawn.
            previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
            try:
                if ctx.get_start_method() == "forkserver":
                    ctx.set_forkserver_preload(PRELOAD)
                    forkserver.ensure_running()
            finally:
                signal.signal(signal.SIGINT, previous)
            self._executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx,
                                                 initializer=_ignore_interrupts)
            self._wait_until_started()
        return self._executor

    def _wait_until_started(self) -> None:
        """Start every worker before handing out work, holding back a Ctrl-C meanwhile: tearing the
        pool down while a worker is still starting makes that worker print a traceback."""
        interrupted: list[int] = []
        previous = signal.signal(signal.SIGINT, lambda signum, frame: interrupted.append(signum))
        try:
            list(self._executor.map(_started, range(self.workers * 2)))
        finally:
            signal.signal(signal.SIGINT, previous)
        if interrupted:
            raise KeyboardInterrupt

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


@contextmanager
def pool(jobs: int) -> Iterator[Pool]:
    p = Pool(worker_count(jobs))
    try:
        yield p
    finally:
        p.close()


# ---------------------------------------------------------------- per-stage timing inside process_file

STAGE_KEYS = ("read", "clean", "extract")


class _StageTimers:
    """Times kg.read.read_file and kg.clean.clean as called by process_file / extract, by wrapping the
    names those modules look up, so the per-article time splits into read, clean and extract without
    touching their code. Whatever is not read or clean counts as extract."""

    def __init__(self) -> None:
        self.seconds = dict.fromkeys(STAGE_KEYS, 0.0)
        self._saved: list[tuple[object, str, object]] = []

    def install(self) -> None:
        for module, name, key in ((article, "read_file", "read"), (kg.extract, "clean", "clean")):
            fn = getattr(module, name, None)
            if fn is None or getattr(fn, "_kg_timed", False):
                continue
            self._saved.append((module, name, fn))
            setattr(module, name, self._wrap(fn, key))

    def uninstall(self) -> None:
        for module, name, fn in reversed(self._saved):
            setattr(module, name, fn)
        self._saved.clear()

    def _wrap(self, fn: Callable, key: str) -> Callable:
        seconds = self.seconds

        def timed(*args, **kwargs):
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                seconds[key] += time.perf_counter() - t

        timed._kg_timed = True  # type: ignore[attr-defined]
        return timed


def _extract_chunk(items: Sequence, max_bytes: int, timeout: float | None = None) -> tuple[list, dict[str, float]]:
    """Worker: process_file over a chunk; compact results; the chunk's time per stage."""
    timers = _StageTimers()
    timers.install()
    try:
        out = []
        t0 = time.perf_counter()
        for item in items:
            r = process_file(item, max_bytes, timeout)
            out.append(compact(r) if isinstance(r, ArticleResult) else r)
        total = time.perf_counter() - t0
    finally:
        timers.uninstall()
    seconds = dict(timers.seconds)
    seconds["extract"] = max(0.0, total - seconds["read"] - seconds["clean"])
    return out, seconds


def extract_all(items: Sequence, max_bytes: int, pool: Pool,
                progress: Callable[[int], None] | None = None, timeout: float | None = None
                ) -> tuple[list[ArticleResult | ReadError], dict[str, float]]:
    """process_file over every item, in worker processes when there are enough; results in item order,
    and the summed worker seconds per stage (read, clean, extract)."""
    seconds = dict.fromkeys(STAGE_KEYS, 0.0)
    if not items:
        return [], seconds
    if pool.workers <= 1 or len(items) < MIN_FILES_FOR_POOL:
        results: list = []
        step = 16
        for i in range(0, len(items), step):
            out, s = _extract_chunk(items[i:i + step], max_bytes, timeout)
            results += out
            _add(seconds, s)
            if progress:
                progress(len(out))
        return results, seconds
    # Chunks small enough to balance the load and show progress, large enough to keep IPC cheap.
    size = max(1, min(128, len(items) // (pool.workers * 16) or 1))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    results = []
    for out, s in pool.executor().map(_extract_chunk, chunks, [max_bytes] * len(chunks), [timeout] * len(chunks)):
        results += out
        _add(seconds, s)
        if progress:
            progress(len(out))
    return results, seconds


def _add(total: dict[str, float], part: dict[str, float]) -> None:
    for k, v in part.items():
        total[k] = total.get(k, 0.0) + v
