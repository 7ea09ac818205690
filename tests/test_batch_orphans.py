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


def _all_gone(workers: set[int]) -> None:
    """Within 10 s no process of the batch is alive (the kernel kills them once their parent is gone)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(map(_alive, workers)):
        time.sleep(0.05)
    assert [pid for pid in workers if _alive(pid)] == []


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
    _all_gone(workers)
    process.stdout.read()  # returns: EOF, nothing else holds the write end
    process.stdout.close()


# --- Ctrl-C: one line, exit 130, nothing left behind ------------------------------------------

INTERRUPTED = "jsc：已中断（Ctrl-C）\n"
SEED = REPO / "examples" / "quweiban-2024.jsl"


def _jsc(args: list[str], cwd: Path, scratch: Path) -> subprocess.Popen:
    env = {**os.environ, "TMPDIR": str(scratch), "NO_COLOR": "1", "JSC_CACHE_DIR": ""}
    return subprocess.Popen(
        [sys.executable, "-m", "juesuan_dsl", *args], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _interrupted_project(tmp_path: Path) -> tuple[Path, Path]:
    for name in ("quweiban-2024.jsl", "quweiban-2023.jsl"):
        (tmp_path / name).write_bytes((REPO / "examples" / name).read_bytes())
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    return tmp_path, scratch


@pytest.mark.parametrize("moment", ["imports", "compile"])
def test_ctrl_c_at_any_moment_is_one_line_and_exit_130(tmp_path: Path, moment: str) -> None:
    project, scratch = _interrupted_project(tmp_path)
    process = _jsc(["build", "quweiban-2024.jsl", "-o", "x.pdf"], project, scratch)
    if moment == "imports":
        time.sleep(0.2)  # jsc's modules are being imported (the interpreter's own start takes ~15 ms)
    else:
        deadline = time.monotonic() + 60
        while not list(scratch.glob("jsc-*")) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
    assert process.poll() is None, "the build ended before it was interrupted"
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert (process.returncode, err.decode()) == (130, INTERRUPTED)
    assert list(scratch.iterdir()) == [] and not (project / "x.pdf").exists()


def test_ctrl_c_mid_batch_stops_it_and_leaves_no_worker_nor_temporary_folder(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    for index in range(6):
        (tmp_path / "src" / f"d{index}.jsl").write_bytes(SHIYE.read_bytes())
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    process = _jsc(["build", "src", "-j", "2"], tmp_path, scratch)
    deadline = time.monotonic() + 30
    workers: set[int] = set()
    while time.monotonic() < deadline and not list(scratch.glob("jsc-batch-*/jsc-typst-*")):
        workers |= _descendants(process.pid)
        time.sleep(0.01)
    workers |= _descendants(process.pid)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130 and err.decode().endswith(INTERRUPTED) and "Traceback" not in err.decode()
    _all_gone(workers)
    assert list(scratch.iterdir()) == []
    assert len(list((tmp_path / "src").glob("*.pdf"))) < 6  # stopped: the waiting documents were not built


def test_a_worker_killed_mid_compile_leaves_nothing_once_the_batch_ends(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    for index in range(3):
        (tmp_path / "src" / f"d{index}.jsl").write_bytes(SHIYE.read_bytes())
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    process = _jsc(["build", "src", "-j", "2"], tmp_path, scratch)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not list(scratch.glob("jsc-batch-*/jsc-typst-*")):
        time.sleep(0.005)
    workers = _descendants(process.pid) - set(_children().get(process.pid, []))  # not the forkserver
    assert workers, "no worker is building"
    for pid in workers:  # one of them is mid-compile, its folder in the batch's scratch folder
        os.kill(pid, signal.SIGKILL)
    process.communicate(timeout=60)
    assert process.returncode == 1  # the killed worker's document failed, the others were built
    assert list(scratch.iterdir()) == []



def test_the_folder_of_a_batch_killed_by_sigkill_is_removed_by_the_next_batch(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    for index in range(4):
        (tmp_path / "src" / f"d{index}.jsl").write_bytes(SHIYE.read_bytes())
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    process = _jsc(["build", "src", "-j", "2"], tmp_path, scratch)
    deadline = time.monotonic() + 30
    workers: set[int] = set()
    while time.monotonic() < deadline and not list(scratch.glob("jsc-batch-*/jsc-typst-*")):
        workers |= _descendants(process.pid)
        time.sleep(0.005)
    process.kill()  # nothing of jsc runs after this: its batch folder stays
    process.communicate(timeout=10)
    _all_gone(workers)
    left = [path.name for path in scratch.glob("jsc-*")]  # (and multiprocessing's pymp-* socket folder)
    assert len(left) == 1 and left[0].startswith("jsc-batch-"), left
    alive = scratch / f"jsc-batch-{os.stat('/proc/self/ns/pid').st_ino}-{os.getpid()}-kept"  # a live process's
    foreign = scratch / f"jsc-batch-1-{process.pid}-kept"  # another pid namespace's (a container sharing /tmp)
    alive.mkdir()
    foreign.mkdir()
    (tmp_path / "src" / "d3.jsl").unlink()
    again = _jsc(["build", "src", "-j", "2"], tmp_path, scratch)
    again.communicate(timeout=120)
    assert again.returncode == 0
    assert sorted(path.name for path in scratch.glob("jsc-*")) == sorted([alive.name, foreign.name])
