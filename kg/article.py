"""One input file through the per-article stage (read -> clean -> extract), never raising for bad input.

Its own module because both the build (kg.pipeline, which discovers the files) and the worker
processes (kg.parallel, which run this stage) need it; kg.pipeline re-exports both names.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.extract import extract
from kg.model import ArticleResult, ReadError
from kg.read import read_file
from kg.rules import RuleFileError


@dataclass(frozen=True)
class InputFile:
    path: Path
    source_file: str  # relative to its corpus root, '/'-separated


def process_file(item: InputFile, max_bytes: int) -> ArticleResult | ReadError:
    """Read and extract one file: a pure function of its bytes and the rules.

    Never raises for bad input: an unreadable file, and any unexpected error while reading or
    extracting it (a bug in one extractor), come back as a ReadError so only that file is lost.
    Rule-file errors are not about the file and do propagate (they stop the build).
    """
    stage = "reading"
    try:
        doc = read_file(item.path, item.source_file, max_bytes)
        if isinstance(doc, ReadError):
            return doc
        stage = "extracting"
        return extract(doc)
    except RuleFileError:
        raise
    except RecursionError:
        return ReadError(item.source_file, "internal error: RecursionError (input nested too deeply)")
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the build
        message = " ".join(str(exc).split())[:300]
        return ReadError(item.source_file, f"internal error while {stage}: {type(exc).__name__}: {message}")
