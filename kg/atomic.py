"""Atomic replacement of the output folder.

Files are written into a staging folder beside the output folder, which is then swapped in with one
atomic rename exchange (Linux renameat2), so a build killed at any moment leaves the previous output
whole. Where the exchange is not available, two renames are used (a crash between them leaves the old
output in the sibling folder named `.<out>.previous`).
"""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
from pathlib import Path
from typing import Iterator

KEEP_ACROSS_BUILDS = (".cache",)
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


@contextlib.contextmanager
def atomic_output_dir(out_dir: Path) -> Iterator[Path]:
    """Yield a staging folder; on success it replaces `out_dir` in one step, on failure it is removed.

    Whatever happens inside the block (an exception, Ctrl-C, SIGTERM turned into an exception, or
    SIGKILL, after which the next build removes the orphaned staging folder), `out_dir` is either the
    previous output, untouched, or the complete new one.
    """
    out_dir = Path(os.path.abspath(out_dir))
    if out_dir.is_symlink():
        out_dir = out_dir.resolve()
    if out_dir.exists() and not out_dir.is_dir():
        raise NotADirectoryError(f"output path {out_dir} exists and is not a folder")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _recover(out_dir)
    staging = out_dir.parent / f".{out_dir.name}.staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        yield staging
        _sync_tree(staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    for name in KEEP_ACROSS_BUILDS:  # carry the cache over unless the build wrote a new one
        old, new = out_dir / name, staging / name
        if old.exists() and not new.exists():
            old.rename(new)
    _swap_in(staging, out_dir)


def _sync_tree(folder: Path) -> None:
    """Flush the staged files to disk before the swap, so a power cut cannot swap in empty files."""
    for path in sorted(folder.iterdir()):
        if path.is_file():
            with open(path, "rb") as fh:
                os.fsync(fh.fileno())
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _swap_in(staging: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    if _rename_exchange(staging, out_dir):
        _fsync_dir(out_dir.parent)
        shutil.rmtree(staging, ignore_errors=True)  # now holds the previous output
        return
    previous = out_dir.parent / f".{out_dir.name}.previous"
    shutil.rmtree(previous, ignore_errors=True)
    out_dir.rename(previous)
    staging.rename(out_dir)
    shutil.rmtree(previous, ignore_errors=True)


def _rename_exchange(a: Path, b: Path) -> bool:
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    rc = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return rc == 0


def recover(out_dir: Path) -> None:
    """Clean up after killed builds before anything reads `out_dir` (see _recover)."""
    out_dir = Path(os.path.abspath(out_dir))
    if out_dir.parent.is_dir():
        _recover(out_dir.resolve() if out_dir.is_symlink() else out_dir)


def _recover(out_dir: Path) -> None:
    """Undo what killed builds left: a fallback swap interrupted between its two renames (the output
    is then only in `.<out>.previous`), and staging folders whose process is gone."""
    previous = out_dir.parent / f".{out_dir.name}.previous"
    if previous.is_dir():
        if not out_dir.exists():
            previous.rename(out_dir)
        else:
            shutil.rmtree(previous, ignore_errors=True)
    for path in out_dir.parent.glob(f".{out_dir.name}.staging-*"):
        pid = path.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
