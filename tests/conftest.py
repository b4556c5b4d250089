"""Fixtures shared by the tests that work on a built graph or start servers."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """seeds/ built once into a temporary output folder (tests must not modify it)."""
    out = tmp_path_factory.mktemp("kg") / "out"
    r = subprocess.run([sys.executable, "-m", "kg", "build", "seeds", "-o", str(out), "-q"],
                       cwd=ROOT, capture_output=True, timeout=120)
    assert r.returncode in (0, 3), r.stderr.decode()
    return out


def stop_process(proc: subprocess.Popen) -> None:
    """Terminate a server started by a test, killing it if it does not stop in time."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)
