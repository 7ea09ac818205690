"""`jsc build` over many sources: which files, where their PDFs go, and a pool of worker processes.

Worker design, chosen from measurements (bench/run.py; figures in the README's
performance section). Typst keeps a process-wide memo cache that nothing
evicts, and uses more than one thread per compile. In one long-lived process
compiling distinct documents one after another, memory grew by about 100 MB
per document for the first ten (to 1.1 GB) and kept creeping; compile times
stayed within the noise (one run +7 % over 40 documents, another none). A
fresh process per document keeps a worker near 240 MB but made a batch of 100
about 30 % slower (every new process starts Typst's caches, fonts included,
from nothing). Replacing each worker after `DOCUMENTS_PER_WORKER` = 5
documents was as fast as after 10 or never, with workers near 640 MB instead
of 0.9-1.2 GB: on a 32-core machine, 20 GB rather than 40.

Workers are forked from a server process that has already imported jsc, lark,
Jinja and Typst and built the parser and the templates, so a new worker starts
in milliseconds. ProcessPoolExecutor's own `max_tasks_per_child` deadlocks once
a worker is replaced with jobs queued (CPython gh-115634: 3.11, 3.12, and 3.13
before its fix), so workers are replaced here instead (`_Slot`).
"""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from ..core.fsutil import is_dir
from ..core.paths import inside
from .orphan import worker_setup

#: Documents one worker process builds before it is replaced (see the module docstring).
DOCUMENTS_PER_WORKER = 5
#: The same where workers cannot fork from a preloaded server (Windows): a spawned
#: worker imports everything itself (~0.5 s), so it is kept for more documents.
DOCUMENTS_PER_SPAWNED_WORKER = 10

# A 包含 line: the file it names is a fragment of another source, not a document.
_INCLUDE = re.compile(r'^[ \t\u3000]*包含[ \t\u3000]+"((?:[^"\\\n]|\\.)*)"', re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Options:
    """What every build of a batch shares: the `jsc build` options, and colour for the diagnostics text."""

    root: Path | None = None
    catalogs: tuple[Path, ...] = ()
    font_dirs: tuple[Path, ...] = ()
    pdf_standard: str | None = None
    colour: bool = False
    mode: str = "normal"  # pipeline.Options.mode: normal, final (no 草稿 written) or draft


@dataclass(frozen=True, slots=True)
class Job:
    """One source to build.

    source: the .jsl file (absolute); output: its PDF; typst: where to write the
    Typst source too, or None; cwd: the folder paths are shown relative to.
    """

    source: Path
    output: Path
    typst: Path | None
    cwd: Path


@dataclass(frozen=True, slots=True)
class Outcome:
    """What building one source gave.

    source: the file as shown; ok: the PDF was written; errors, warnings:
    counts (警告 includes 需说明); pages: of the written PDF; seconds: wall
    time in the worker; text: errors, warnings and 需说明 in full, as `jsc build`
    prints them ('' when there are none); cpu_seconds: CPU time of the build
    (all threads); peak_mb: the worker process's peak memory so far, where the
    platform tells. bench/run.py reports the last two. draft: the written PDF is
    marked 草稿 (something is still open).
    """

    source: str
    ok: bool
    errors: int
    warnings: int
    pages: int | None
    seconds: float
    text: str
    cpu_seconds: float = 0.0
    peak_mb: int | None = None
    draft: bool = False


@dataclass(frozen=True, slots=True)
class Plan:
    """The jobs of a batch, in source order, and what was left out.

    fragments: files another source includes; outside: symbolic links in a folder whose target
    lies outside it (never read); clashes: (source, other source, output) where two sources
    would write the same file (an error: nothing is built).
    """

    jobs: tuple[Job, ...]
    fragments: tuple[Path, ...]
    outside: tuple[Path, ...] = ()
    clashes: tuple[tuple[Path, Path, Path], ...] = ()


# --- planning ---------------------------------------------------------------------------


def is_source_name(name: str) -> bool:
    """A name a folder build takes as a source: ending exactly in .jsl, and not hidden, an editor's
    backup or lock file (a.jsl~, #a.jsl#, .#a.jsl, a.jsl.bak, .a.jsl.swp, ~$a.jsl …)."""
    return name.endswith(".jsl") and name[:1] not in (".", "~", "#")


def _walk(folder: Path) -> tuple[list[Path], list[Path]]:
    """The sources under folder, sorted, and the symbolic links there that point outside it.

    Hidden folders (.git, .venv …) are skipped, and symbolic links to folders are not followed
    (one inside the folder leads to files the walk finds anyway). A linked file is a source when
    its target lies inside the folder; one leading out of it is never read.
    """
    found, outside = [], []
    try:
        root = Path(os.path.realpath(folder))
    except (OSError, ValueError):
        return found, outside
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in dirnames:
            if os.path.islink(here / name) and not inside(Path(os.path.realpath(here / name)), root):
                outside.append(here / name)
        for name in sorted(filenames):
            path = here / name
            if not is_source_name(name):
                continue
            if os.path.islink(path) and not inside(Path(os.path.realpath(path)), root):
                outside.append(path)
                continue
            found.append(path)
    return found, outside


def _included(sources: Iterable[Path]) -> set[Path]:
    """Files named by a 包含 line of any of the sources (read as text; unreadable files are skipped)."""
    named: set[Path] = set()
    for source in sources:
        try:
            text = source.read_text(encoding="utf-8-sig", errors="replace")
        except OSError:
            continue
        for match in _INCLUDE.finditer(text):
            target = match.group(1).replace('\\"', '"').replace("\\\\", "\\")
            named.add((source.parent / target).resolve())
    return named


def plan(paths: Sequence[Path], output: Path | None = None, typst: Path | None = None) -> Plan:
    """Jobs for the files and folders given to `jsc build`.

    Folders contribute every .jsl under them, except files that another source
    includes (they are parts of that document), and only names `is_source_name`
    takes (no backups, no hidden files); a symbolic link leading out of the
    folder is left out unread. Named files are always built; two sources that
    would write one file are listed in `clashes`.
    Without `output` each PDF goes beside its source; with it, into `output`,
    mirroring the tree below the folder the sources have in common. `typst`,
    when given, is a folder mirrored the same way for the .typ files.
    """
    cwd = Path.cwd()
    given: list[tuple[Path, bool]] = []  # (source, named on the command line), in argument order
    anchors: list[Path] = []
    outside: list[Path] = []
    for path in paths:
        absolute = Path(os.path.abspath(path))
        if is_dir(absolute):
            found, leading_out = _walk(absolute)
            given.extend((Path(os.path.abspath(p)), False) for p in found)
            outside.extend(leading_out)
            anchors.append(absolute)
        else:
            given.append((absolute, True))
            anchors.append(absolute.parent)
    fragments = _included(source for source, _ in given)
    named = {source for source, by_name in given if by_name}
    left_out = tuple(dict.fromkeys(s for s, by_name in given if not by_name and s not in named and s.resolve() in fragments))
    sources = list(dict.fromkeys(s for s, _ in given if s not in left_out))
    try:
        base = Path(os.path.commonpath(anchors)) if anchors else cwd
    except ValueError:  # sources on different drives (Windows): mirror file names only
        base = cwd

    def target(source: Path, folder: Path | None, suffix: str) -> Path:
        if folder is None:
            return source.with_suffix(suffix)
        try:
            relative = source.relative_to(base)
        except ValueError:  # another drive (Windows): keep the name only
            relative = Path(source.name)
        return Path(os.path.abspath(folder)) / relative.with_suffix(suffix)

    jobs = tuple(
        Job(s, target(s, output, ".pdf"), target(s, typst, ".typ") if typst is not None else None, cwd)
        for s in sources
    )
    return Plan(jobs, left_out, tuple(dict.fromkeys(outside)), _clashes(jobs))


def _clashes(jobs: Sequence[Job]) -> tuple[tuple[Path, Path, Path], ...]:
    """Pairs of sources that would write the same file (a.jsl and a.jsl~ both give a.pdf; a folder
    named twice, once through a link), compared as the files they are."""
    writers: dict[str, Path] = {}
    found = []
    for job in jobs:
        for out in filter(None, (job.output, job.typst)):
            key = os.path.normcase(os.path.realpath(out))
            if key in writers:
                found.append((writers[key], job.source, out))
            else:
                writers[key] = job.source
    return tuple(found)


# --- building one source (in a worker) ------------------------------------------------


def build_one(job: Job, options: Options) -> Outcome:
    """Check, render, compile and write one source; never raises (a bug becomes JSC-E0901)."""
    from ..core import codes
    from ..core.diagnostics import Severity
    from ..outputs.diagnostics import format_diagnostic

    start, cpu = time.perf_counter(), time.process_time()
    if Path.cwd() != job.cwd:
        os.chdir(job.cwd)  # paths in diagnostics are shown relative to where jsc was started
    shown = _shown(job.source, job.cwd)
    sources: dict = {}
    diagnostics: list = []
    pages = None
    ok = draft = False
    unwritten = ""  # as `jsc export` says it: a disk problem is no jsc diagnostic
    try:
        from ..core.fsutil import Refused, write_files
        from ..pipeline import Options as Compile
        from ..pipeline import build_file

        result = build_file(_relative(job.source, job.cwd), Compile(options.root, options.catalogs, True, options.font_dirs, options.pdf_standard, options.mode))
        shown, sources = result.path, result.sources
        diagnostics = list(result.diagnostics)
        if result.compiled is not None:
            typst = [(job.typst, result.typst_source.encode("utf-8"))] if job.typst is not None else []
            try:  # both files or neither, by the rules of core/fsutil.py
                write_files([*typst, (job.output, result.compiled.pdf)], result.inputs, parents=True)
                pages, ok, draft = result.compiled.pages, True, bool(result.draft)
            except Refused as refusal:  # a read-only or full disk: this file fails, the batch goes on
                unwritten = f"错误：{refusal}"
    except Exception as exc:  # a bug in jsc, never the user's fault
        diagnostics.append(codes.make("JSC-E0901", None, detail=f"{type(exc).__name__}: {exc}"))
    shown_diagnostics = [d for d in diagnostics if d.severity is not Severity.INFO]
    text = "\n\n".join([*(format_diagnostic(d, sources, options.colour) for d in shown_diagnostics), *filter(None, [unwritten])])
    errors = sum(d.severity is Severity.ERROR for d in diagnostics) + bool(unwritten)
    warnings = sum(d.severity in (Severity.WARNING, Severity.EXPLAIN) for d in diagnostics)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return Outcome(shown, ok and not errors, errors, warnings, pages, seconds, text, cpu, _peak_mb(), draft)


def _peak_mb() -> int | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // (1024 * 1024) if sys.platform == "darwin" else peak // 1024  # bytes on macOS, KiB elsewhere


def _relative(path: Path, cwd: Path) -> Path:
    """The path as the user would write it from cwd (so diagnostics show short paths)."""
    try:
        return path.relative_to(cwd)
    except ValueError:
        return path


def _shown(path: Path, cwd: Path) -> str:
    try:
        return os.path.relpath(path, cwd)
    except ValueError:  # another drive (Windows)
        return str(path)


def _failed(job: Job, detail: str) -> Outcome:
    """The outcome of a job whose worker process died (out of memory, killed)."""
    from ..core import codes
    from ..outputs.diagnostics import format_diagnostic

    diagnostic = codes.make("JSC-E0901", None, detail=detail)
    return Outcome(_shown(job.source, job.cwd), False, 1, 0, None, 0.0, format_diagnostic(diagnostic, {}))


# --- the pool -----------------------------------------------------------------------


def _context() -> tuple[multiprocessing.context.BaseContext, int]:
    """forkserver where there is one (workers fork from a process that has imported jsc), else spawn;
    and the documents per worker that suits it."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["__main__", "juesuan_dsl.batch.warm"])
        return context, DOCUMENTS_PER_WORKER
    return multiprocessing.get_context("spawn"), DOCUMENTS_PER_SPAWNED_WORKER


def default_workers(jobs: int) -> int:
    """One worker per CPU (as many as the jobs, at least one)."""
    return max(1, min(os.cpu_count() or 1, jobs))


class _Slot:
    """One worker process: a single-worker executor, replaced after `per_worker` documents.

    Each slot is given one job at a time, and its executor is swapped for a
    fresh one here (not with max_tasks_per_child, see the module docstring).
    A slot whose process died is replaced too.
    """

    def __init__(self, context: multiprocessing.context.BaseContext, per_worker: int | None, scratch: Path) -> None:
        self.context = context
        self.per_worker = per_worker
        self.scratch = str(scratch)
        self.executor: ProcessPoolExecutor | None = None
        self.retired: list[ProcessPoolExecutor] = []  # let go of, to be joined at the end
        self.built = 0

    def submit(self, job: Job, options: Options) -> Future:
        if self.executor is None or (self.per_worker is not None and self.built >= self.per_worker):
            self.retire()
            self.executor = ProcessPoolExecutor(
                max_workers=1, mp_context=self.context, initializer=worker_setup, initargs=(self.scratch,)
            )
            self.built = 0
        self.built += 1
        return self.executor.submit(build_one, job, options)

    def retire(self) -> None:
        """Let the current worker go without waiting for it to exit; join the one let go before
        (it has had a whole document's time to exit, so that costs nothing)."""
        for executor in self.retired:
            executor.shutdown(wait=True)
        self.retired.clear()
        if self.executor is not None:
            self.executor.shutdown(wait=False)
            self.retired.append(self.executor)
            self.executor = None

    def close(self) -> None:
        """Stop: cancel what has not started and wait for every worker this slot had to exit."""
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None
        for executor in self.retired:
            executor.shutdown(wait=True)
        self.retired.clear()


def run(
    jobs: Sequence[Job],
    options: Options,
    workers: int | None = None,
    on_done: Callable[[int, Outcome], None] | None = None,
    per_worker: int | None | str = "auto",
) -> list[Outcome]:
    """Build every job; outcomes in job order. on_done(count done, outcome) is called as each finishes.

    A single job is built in this process. per_worker: documents per worker
    process before it is replaced (None: never; "auto": see `_context`). A
    worker that dies fails only its own job; its slot gets a fresh process.
    """
    if len(jobs) == 1:
        outcome = build_one(jobs[0], options)
        if on_done is not None:
            on_done(1, outcome)
        return [outcome]
    from ..core.cleanup import private_folder, remove_stale

    remove_stale()  # what an earlier batch killed by SIGKILL (a CI timeout) could not remove
    with private_folder("jsc-batch-") as scratch:  # the workers' temporary folders, see worker_setup
        return _run_pool(jobs, options, workers, on_done, per_worker, scratch)


def _run_pool(
    jobs: Sequence[Job],
    options: Options,
    workers: int | None,
    on_done: Callable[[int, Outcome], None] | None,
    per_worker: int | None | str,
    scratch: Path,
) -> list[Outcome]:
    """run() with worker processes. Interrupted (Ctrl-C, SIGTERM), it cancels the waiting jobs and lets
    the running ones finish their document (a worker killed mid-write would leave its temporary file
    beside the output); a second Ctrl-C ends jsc at once, and its workers with it (batch/orphan.py)."""
    outcomes: list[Outcome | None] = [None] * len(jobs)
    waiting = deque(enumerate(jobs))
    context, suited = _context()
    per_worker = suited if per_worker == "auto" else per_worker
    count = min(workers or default_workers(len(jobs)), len(jobs))
    slots = [_Slot(context, per_worker, scratch) for _ in range(count)]
    running: dict[Future, tuple[_Slot, int]] = {}

    def feed(slot: _Slot) -> None:
        if waiting:
            index, job = waiting.popleft()
            running[slot.submit(job, options)] = (slot, index)

    done_count = 0
    try:
        for slot in slots:
            feed(slot)
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                slot, index = running.pop(future)
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    outcome = _failed(jobs[index], "构建进程意外退出（可能是内存不足）")
                    slot.retire()
                except Exception as exc:  # pickling and similar: a bug in jsc
                    outcome = _failed(jobs[index], f"{type(exc).__name__}: {exc}")
                outcomes[index] = outcome
                done_count += 1
                if on_done is not None:
                    on_done(done_count, outcome)
                feed(slot)
    finally:
        for slot in slots:
            slot.close()
    return [o for o in outcomes if o is not None]
