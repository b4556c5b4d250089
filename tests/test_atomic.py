"""Atomic output: out/ is the previous complete build or the new complete build, never anything else,
whether the build fails, is interrupted (SIGINT, SIGTERM) or is killed (SIGKILL) at any moment."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.atomic import atomic_output_dir

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
KG = [sys.executable, "-m", "kg"]
OUTPUTS = ("kg.ttl", "kg.trig", "report.json")


def snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def loadable(out: Path) -> None:
    """The output folder is whole: the graph files parse and the report is JSON."""
    ttl = list(ox.parse(path=str(out / "kg.ttl"), format=ox.RdfFormat.TURTLE))
    trig = list(ox.parse(path=str(out / "kg.trig"), format=ox.RdfFormat.TRIG))
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert ttl and trig and report["triples"] == len({(q.subject, q.predicate, q.object) for q in ttl})


def staging_dirs(out: Path) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}.staging-*"))


# ---------------------------------------------------------------- the context manager

def test_failure_inside_leaves_previous_output(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "kg.ttl").write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_output_dir(out) as staging:
            (staging / "kg.ttl").write_text("half")
            raise RuntimeError("boom")
    assert (out / "kg.ttl").read_text() == "old"
    assert not staging_dirs(out)
    with pytest.raises(KeyboardInterrupt):
        with atomic_output_dir(out) as staging:
            (staging / "kg.ttl").write_text("half")
            raise KeyboardInterrupt
    assert (out / "kg.ttl").read_text() == "old" and not staging_dirs(out)


def test_success_replaces_whole_folder_and_keeps_cache(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "kg.ttl").write_text("old")
    (out / "stale.txt").write_text("from the previous build")
    (out / ".cache").mkdir()
    (out / ".cache" / "x").write_text("cached")
    with atomic_output_dir(out) as staging:
        (staging / "kg.ttl").write_text("new")
    assert (out / "kg.ttl").read_text() == "new"
    assert not (out / "stale.txt").exists()
    assert (out / ".cache" / "x").read_text() == "cached"
    assert not staging_dirs(out)


def test_output_path_that_is_a_file_is_refused(tmp_path):
    out = tmp_path / "out"
    out.write_text("a file")
    with pytest.raises(NotADirectoryError):
        with atomic_output_dir(out):
            pass
    assert out.read_text() == "a file"


KILL_SCRIPT = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    import kg.atomic as atomic

    out, point = Path(sys.argv[1]), sys.argv[2]
    die = lambda: os.kill(os.getpid(), signal.SIGKILL)
    if point == "fallback-between-renames":
        atomic._rename_exchange = lambda a, b: False
        real_rename = Path.rename
        def rename(self, target):
            result = real_rename(self, target)
            if Path(target).name.endswith(".previous"):
                die()
            return result
        Path.rename = rename
    if point == "before-swap":
        atomic._swap_in = lambda staging, out_dir: die()
    if point == "after-exchange":
        real = atomic._rename_exchange
        def exchange(a, b):
            ok = real(a, b)
            die()
        atomic._rename_exchange = exchange
    with atomic.atomic_output_dir(out) as staging:
        (staging / "kg.ttl").write_text("new ttl")
        if point == "while-writing":
            with open(staging / "kg.trig", "w") as fh:
                fh.write("half a fi")
                fh.flush()
                die()
        (staging / "kg.trig").write_text("new trig")
""")


@pytest.mark.parametrize("point, result", [
    ("while-writing", "old"),
    ("before-swap", "old"),
    ("fallback-between-renames", "old"),  # recovered by the next build
    ("after-exchange", "new"),  # the swap is one step: once done, the new output is whole
])
def test_sigkill_inside_the_swap(tmp_path, point, result):
    out = tmp_path / "out"
    out.mkdir()
    (out / "kg.ttl").write_text("old ttl")
    (out / "kg.trig").write_text("old trig")
    proc = subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(out), point], cwd=REPO)
    assert proc.returncode == -signal.SIGKILL
    with atomic_output_dir(out):  # the next build (here: one that fails) recovers and cleans up
        if result == "old":
            assert (out / "kg.ttl").read_text() == "old ttl" and (out / "kg.trig").read_text() == "old trig"
        else:
            assert (out / "kg.ttl").read_text() == "new ttl" and (out / "kg.trig").read_text() == "new trig"
        assert len(staging_dirs(out)) == 1  # only this build's own
        assert not (tmp_path / ".out.previous").exists()


# ---------------------------------------------------------------- killing real builds

@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    """A small corpus (the previous build) and a big one that takes a few seconds to build."""
    root = tmp_path_factory.mktemp("kill")
    small = REPO / "seeds"
    big = root / "big"
    big.mkdir()
    sources = sorted((SHARED / "corpus" / "dev").glob("*.md")) or sorted(small.iterdir())
    for i in range(200 // len(sources) + 1):
        for src in sources:
            (big / f"{i:03d}_{src.stem}.md").write_bytes(src.read_bytes())
    return small, big


def start_build(corpus: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen(KG + ["build", str(corpus), "-o", str(out), "-q"], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def kill_group(proc: subprocess.Popen, sig: int) -> None:
    try:
        os.killpg(proc.pid, sig)  # the build and its worker processes
    except ProcessLookupError:
        pass


def test_sigkill_at_several_points_leaves_previous_build(tmp_path, corpora):
    small, big = corpora
    out = tmp_path / "out"
    assert subprocess.run(KG + ["build", str(small), "-o", str(out), "-q"], cwd=REPO).returncode == 0
    before = snapshot(out)
    loadable(out)

    # Kill points spread over the time an uninterrupted build of the big corpus takes on this machine.
    started = time.monotonic()
    assert subprocess.run(KG + ["build", str(big), "-o", str(tmp_path / "probe"), "-q"], cwd=REPO).returncode == 0
    duration = time.monotonic() - started
    for delay in (0.2, duration * 0.15, duration * 0.3, duration * 0.45, duration * 0.6):
        proc = start_build(big, out)
        time.sleep(delay)
        kill_group(proc, signal.SIGKILL)
        proc.wait()
        assert snapshot(out) == before, f"out/ changed by a build killed after {delay} s"
        loadable(out)

    # killed the moment it starts writing, and a little later: previous build or new complete build
    for after in (0.0, 0.05):
        proc = start_build(big, out)
        while not staging_dirs(out) and proc.poll() is None:
            time.sleep(0.002)
        time.sleep(after)
        kill_group(proc, signal.SIGKILL)
        proc.wait()
        if snapshot(out) != before:
            assert proc.returncode == 0 or json.loads((out / "report.json").read_text())["articles"]["read"] > 100
        loadable(out)
        if snapshot(out) != before:  # the swap had happened: rebuild the previous state for the next round
            assert subprocess.run(KG + ["build", str(small), "-o", str(out), "-q"], cwd=REPO).returncode == 0
            before = snapshot(out)

    # the next build completes and removes what the killed ones left behind
    assert subprocess.run(KG + ["build", str(small), "-o", str(out), "-q"], cwd=REPO).returncode == 0
    after = snapshot(out)
    assert after["kg.ttl"] == before["kg.ttl"] and after["kg.trig"] == before["kg.trig"]
    assert not staging_dirs(out)


@pytest.mark.parametrize("sig, code, word", [(signal.SIGINT, 130, "interrupted"),
                                             (signal.SIGTERM, 143, "terminated")])
def test_interrupt_stops_cleanly_with_a_message(tmp_path, corpora, sig, code, word):
    small, big = corpora
    out = tmp_path / "out"
    started = time.monotonic()
    assert subprocess.run(KG + ["build", str(small), "-o", str(out), "-q"], cwd=REPO).returncode == 0
    startup = time.monotonic() - started  # start-up plus two articles: past it, the big build is extracting
    before = snapshot(out)
    proc = start_build(big, out)
    time.sleep(max(1.8, startup * 1.2))  # past start-up (slower on a loaded machine), in the middle of extraction
    kill_group(proc, sig)  # as Ctrl-C does: the whole process group
    _, err = proc.communicate(timeout=60)
    message = err.decode("utf-8", "replace")
    assert proc.returncode == code, message
    assert f"{word}: build stopped" in message and "Traceback" not in message
    assert snapshot(out) == before
    assert not staging_dirs(out)
