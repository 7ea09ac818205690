"""Issue 13 item 6: batch workers and the forkserver end with the jsc process, whatever kills it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHIYE = REPO / "examples" / "shiye-2024.jsl"

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            tree.setdefault(parent, []).append(int(entry))
    return tree


def _descendants(pid: int) -> set[int]:
    tree, found, todo = _children(), set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP])
def test_killing_jsc_mid_batch_leaves_no_worker_and_closes_its_pipe(tmp_path: Path, sig: int) -> None:
    text = SHIYE.read_text(encoding="utf-8")
    for index in range(12):
        (tmp_path / "src" / f"d{index}.jsl").parent.mkdir(exist_ok=True)
        (tmp_path / "src" / f"d{index}.jsl").write_text(text, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "juesuan_dsl", "build", str(tmp_path / "src"), "-j", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=tmp_path,
    )
    deadline = time.monotonic() + 20
    workers: set[int] = set()
    while time.monotonic() < deadline and len(workers) < 3:  # the forkserver and two workers
        workers = _descendants(process.pid)
        time.sleep(0.05)
    assert len(workers) >= 3, workers
    os.kill(process.pid, sig)
    process.wait(timeout=10)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(map(_alive, workers)):
        time.sleep(0.05)
    assert [pid for pid in workers if _alive(pid)] == []
    process.stdout.read()  # returns: EOF, nothing else holds the write end
    process.stdout.close()
