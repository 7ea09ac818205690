"""jsc benchmark (not a test): the process ratio, stage medians on the seed example, scale, and a batch.

Usage: python bench/run.py [--quick | --ratio]

The headline, printed first, is the process ratio: `jsc build` of the seed
example (quweiban-2024.jsl, with its 上年 file) as a whole process, over a bare
Python process that only compiles jsc's own generated Typst source of the seed
with typst-py (same fonts, same private root holding lib.typ and main.typ) and
writes the PDF; both run alternately, each figure is a median (7 runs; --quick
and --ratio: 5), and `jsc --help` start-up is printed beside it. --ratio prints
only that.

Then one line per measurement:

- in-process medians for parse, semantic passes and template rendering of the
  seed example (quweiban-2024.jsl), and for its Typst compile;
- `jsc build` of the seed as a whole process with Typst timed inside it, and the
  line `overhead ratio: R` with R = (time outside Typst) / (Typst compile time)
  in that process;
- parse and check time of synthetic departments of growing size (bench/synth.py),
  to show linear growth, up to 2,000 项 rows and 200 projects;
- time and memory per document when one process compiles distinct documents one
  after another (what the worker design of batch.py is chosen from);
- `jsc build` of a batch of departments (100; --quick: 10): documents per second.

Honest Typst timing: Typst memoizes inside a process, so a recompile of the same
source is ~10x faster. Every Typst figure here is the first compile of that
document in its process (a fresh process per run), except in the series, which
compiles distinct documents on purpose. --quick does all of it with fewer runs
and a batch of 10, in under a minute.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from juesuan_dsl.core.source import SourceFile  # noqa: E402
from juesuan_dsl.syntax.parse import parse  # noqa: E402

SEED = ROOT / "examples" / "quweiban-2024.jsl"


def median_time(func, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def synthetic(text: str, factor: int) -> str:
    """The seed repeated `factor` times: header once, every other statement repeated (valid syntax)."""
    body = text.split("\n", 0)[0]
    return "\n".join([body] * factor)


# --- machine -------------------------------------------------------------------------------


def machine_line() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = " load average %.2f %.2f %.2f" % os.getloadavg()
    except OSError:
        load = ""
    return f"machine: nproc {os.cpu_count()}, {cpu}, Python {platform.python_version()}, {platform.system()} {platform.release()};{load}"


# --- in-process stages (the existing sections first) ---------------------------------------


def bench_parse(runs: int, factors: list[int]) -> None:
    text = SEED.read_text(encoding="utf-8")
    lines = text.count("\n") + 1
    print(f"seed example: {lines} lines, {len(text)} characters")
    source = SourceFile.from_text(str(SEED), text)
    parse(source)  # warm the cached parser
    seed_time = median_time(lambda: parse(source), runs)
    print(f"parse seed: median of {runs}: {seed_time * 1000:.1f} ms")
    for factor in factors:
        big = SourceFile.from_text("synthetic.jsl", synthetic(text, factor))
        t = median_time(lambda: parse(big), max(1, runs // 10))
        print(
            f"parse synthetic x{factor}: {big.line_count} lines: {t * 1000:.0f} ms "
            f"({t / seed_time / factor:.2f} x linear)"
        )


def bench_semantics(runs: int) -> None:
    """Resolve + derive + audit checks + assertions on the already-parsed seed."""
    from juesuan_dsl.syntax.includes import load
    from juesuan_dsl.rules.registry import run as run_checks
    from juesuan_dsl.derive import derive
    from juesuan_dsl.resolve.resolve import resolve

    loaded = load(SEED)

    def semantic() -> None:
        report, found = resolve(loaded.document)
        derived = derive(report)
        run_checks(report, found, derived.figures)

    semantic()
    t = median_time(semantic, runs)
    print(f"semantic passes (resolve, derive, checks, 核对) on seed: median of {runs}: {t * 1000:.1f} ms")


def bench_pipeline(runs: int, work: Path) -> float:
    """Everything `jsc build` does for one document outside Typst, in this process; returns its sum.

    check_file (parse and passes of the seed and of its 2023 上年 file), template
    rendering, the self-check of the printed figures, and the atomic write.
    """
    from juesuan_dsl.pipeline import check_file
    from juesuan_dsl.core.fsutil import atomic_write
    from juesuan_dsl.render.typeset import render_typst, self_check
    from juesuan_dsl.render.compile import compile_pdf

    result = check_file(SEED)
    check = median_time(lambda: check_file(SEED), runs)
    print(f"check_file on seed (parse, passes, and the 2023 上年 file): median of {runs}: {check * 1000:.1f} ms")
    source = render_typst(result.report, result.derived)  # templates compiled (or read from the cache) once per process
    render = median_time(lambda: render_typst(result.report, result.derived), runs)
    print(f"template rendering (context + Jinja → Typst source) of seed: median of {runs}: {render * 1000:.1f} ms")
    compiled = compile_pdf(source)  # only to have a PDF to check and write; not timed (see the fresh compiles below)
    check_printed = median_time(lambda: self_check(compiled, result.derived), runs)
    target = work / "pipeline.pdf"
    write = median_time(lambda: atomic_write(target, compiled.pdf), runs)
    print(f"self-check of printed figures {check_printed * 1000:.1f} ms, atomic write of the PDF {write * 1000:.1f} ms (medians of {runs})")
    return check + render + check_printed + write


# --- child processes -----------------------------------------------------------------------


def child_env(cache: Path) -> dict[str, str]:
    """The environment of every measured process: this checkout, bytecode kept, a private jsc cache.

    Bytecode: an installed package has .pyc files (pip compiles them); a sandbox
    that sets PYTHONDONTWRITEBYTECODE would make every process recompile jsc, so
    the children keep theirs in a private PYTHONPYCACHEPREFIX instead.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache / "pycache")
    env["JSC_CACHE_DIR"] = str(cache / "jsc")
    env["NO_COLOR"] = "1"
    return env


JSC = [sys.executable, "-c", "from juesuan_dsl.__main__ import main\nmain()"]  # what the `jsc` script runs

# `jsc build` with the Typst calls timed from inside (render.build calls compile_pdf).
TIMED_BUILD = textwrap.dedent(
    """
    import atexit, sys, time
    import juesuan_dsl.render.typeset as build
    spent = [0.0]
    real = build.compile_pdf
    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start
    build.compile_pdf = timed
    atexit.register(lambda: sys.stderr.write("\\nTYPST_SECONDS %.6f\\n" % spent[0]))
    from juesuan_dsl.__main__ import main
    main()
    """
)

# The baseline of the process ratio: a bare Python process that compiles a Typst source with
# typst-py in the given root (lib.typ and main.typ), with the given fonts, and writes the PDF.
BARE_COMPILE = textwrap.dedent(
    """
    import sys, typst
    root, out, *fonts = sys.argv[1:]
    compiler = typst.Compiler(root + "/main.typ", root=root, font_paths=fonts, ignore_system_fonts=True)
    pdf = compiler.compile(format="pdf", timestamp=0)
    with open(out, "wb") as handle:
        handle.write(pdf)
    """
)

# One fresh compile of a Typst source, then the same source again (memoized).
FRESH_COMPILE = textwrap.dedent(
    """
    import json, sys, time
    from juesuan_dsl.render.compile import compile_pdf
    source = open(sys.argv[1], encoding="utf-8").read()
    start = time.perf_counter(); compiled = compile_pdf(source); first = time.perf_counter() - start
    start = time.perf_counter(); compile_pdf(source); again = time.perf_counter() - start
    print(json.dumps({"first": first, "again": again, "pages": compiled.pages}))
    """
)

# Distinct documents, one after another in one process: per document the time
# outside Typst (check + render + write) and inside it, and the process's memory.
SERIES = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from juesuan_dsl.pipeline import check_file
    from juesuan_dsl.render.typeset import render_typst, self_check
    from juesuan_dsl.render.compile import compile_pdf
    from juesuan_dsl.core.fsutil import atomic_write
    def rss_mb():
        try:
            for line in open("/proc/self/status"):
                if line.startswith("VmRSS"):
                    return int(line.split()[1]) // 1024
        except OSError:
            return None
    out = Path(sys.argv[1])
    for name in sys.argv[2:]:
        t0 = time.perf_counter()
        result = check_file(Path(name))
        source = render_typst(result.report, result.derived)
        t1 = time.perf_counter()
        compiled = compile_pdf(source)
        t2 = time.perf_counter()
        self_check(compiled, result.derived)
        atomic_write(out / (Path(name).stem + ".pdf"), compiled.pdf)
        t3 = time.perf_counter()
        print(json.dumps({"outside": (t1 - t0) + (t3 - t2), "typst": t2 - t1, "rss": rss_mb()}), flush=True)
    """
)


def run_child(args: list[str], env: dict[str, str], cwd: Path | None = None) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, encoding="utf-8")
    return time.perf_counter() - start, done


def typst_seconds(stderr: str) -> float:
    for line in reversed(stderr.splitlines()):
        if line.startswith("TYPST_SECONDS "):
            return float(line.split()[1])
    raise RuntimeError("no Typst timing in the child's output:\n" + stderr[-2000:])


def bench_typst(runs: int, env: dict[str, str], work: Path) -> float:
    """The seed's Typst compile, each run in a fresh process (a document Typst has not seen)."""
    from juesuan_dsl.pipeline import check_file
    from juesuan_dsl.render.typeset import render_typst

    result = check_file(SEED)
    source = work / "seed.typ"
    source.write_text(render_typst(result.report, result.derived), encoding="utf-8")
    firsts, agains, pages = [], [], 0
    for _ in range(runs):
        _, done = run_child([sys.executable, "-c", FRESH_COMPILE, str(source)], env)
        data = json.loads(done.stdout.strip().splitlines()[-1])
        firsts.append(data["first"])
        agains.append(data["again"])
        pages = data["pages"]
    first = statistics.median(firsts)
    print(f"Typst compile of seed ({pages} pages), first compile in a fresh process: median of {runs}: {first:.3f} s")
    print(f"Typst compile of the same source again in that process (memoized, not used below): {statistics.median(agains):.3f} s")
    return first


def bench_ratio(runs: int, env: dict[str, str], work: Path) -> None:
    """The headline: `jsc build` of the seed as a process over a bare Typst compile of its source as a process.

    The two alternate (build, bare, bare, build, …) so that a change of machine
    load hits both alike; each side's figure is a median.
    """
    from juesuan_dsl.render import fonts

    folder = work / "ratio"
    root = folder / "root"
    root.mkdir(parents=True)
    pdf, typ = folder / "jsc.pdf", folder / "jsc.typ"
    build = [*JSC, "build", str(SEED), "-o", str(pdf), "--typst", str(typ)]
    cold, done = run_child(build, env)  # fills the bytecode and jsc caches, as a first run after install does
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    (root / "main.typ").write_bytes(typ.read_bytes())
    (root / "lib.typ").write_bytes((ROOT / "templates" / "lib.typ").read_bytes())
    bare_pdf = folder / "bare.pdf"
    bare = [sys.executable, "-c", BARE_COMPILE, str(root), str(bare_pdf), *fonts.font_paths()]
    build = [*JSC, "build", str(SEED), "-o", str(pdf)]
    _, done = run_child(bare, env)
    if done.returncode != 0 or bare_pdf.read_bytes() != pdf.read_bytes():
        raise RuntimeError("the bare compile does not make jsc's PDF:\n" + done.stderr[-3000:])
    builds, bares = [], []
    for turn in range(runs):
        pair = [(build, builds), (bare, bares)]
        for command, times in (pair if turn % 2 == 0 else pair[::-1]):
            wall, done = run_child(command, env)
            if done.returncode != 0:
                raise RuntimeError(done.stderr[-3000:])
            times.append(wall)
    helps = [run_child([*JSC, "--help"], env)[0] for _ in range(max(runs, 5))]
    build_t, bare_t = statistics.median(builds), statistics.median(bares)
    print(
        f"process ratio: {build_t / bare_t:.3f} (jsc build of seed {build_t:.3f} s / bare typst-py compile of its "
        f"source {bare_t:.3f} s; medians of {runs}, alternating; target ≤ 1.15)"
    )
    print(f"  jsc build: {' '.join(f'{t:.3f}' for t in builds)}; bare: {' '.join(f'{t:.3f}' for t in bares)}; first build after install {cold:.3f} s")
    print(f"jsc --help start-up: median of {len(helps)}: {statistics.median(helps):.3f} s (target ≤ 0.1 s)")


def bench_process(runs: int, env: dict[str, str], work: Path, pipeline: float, typst_first: float) -> None:
    """`jsc build` of the seed and `jsc --help` as whole processes; the overhead ratio."""
    out = work / "seed.pdf"
    build = [sys.executable, "-c", TIMED_BUILD, "build", str(SEED), "-o", str(out)]
    cold_wall, done = run_child(build, env)  # fills the bytecode and jsc caches, as a first run after install does
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    print(f"jsc build of seed, first run after install (bytecode and jsc cache empty): {cold_wall:.3f} s")
    walls, inside = [], []
    for _ in range(runs):
        wall, done = run_child(build, env)
        walls.append(wall)
        inside.append(typst_seconds(done.stderr))
    ratios = [(w - t) / t for w, t in zip(walls, inside)]
    wall, typst_time = statistics.median(walls), statistics.median(inside)
    print(f"jsc build of seed as a process: median of {runs}: {wall:.3f} s, of which Typst {typst_time:.3f} s, outside Typst {wall - typst_time:.3f} s")
    print(f"overhead ratio: {pipeline / typst_first:.3f}")
    print(
        f"  (R = the seed's work outside Typst, {pipeline * 1000:.0f} ms: check, rendering, self-check, write, "
        f"over its first Typst compile, {typst_first:.3f} s; target ≤ 0.25)"
    )
    print(
        f"overhead ratio of the whole jsc build process: {statistics.median(ratios):.3f} "
        "(process wall time − Typst time in it, over that Typst time: adds Python start-up and imports)"
    )


# --- scale -----------------------------------------------------------------------------------


def bench_scale(sizes: list[int], runs: int, work: Path, build_big: bool) -> None:
    """Parse and check time of synthetic departments: size × 2 should take time × 2."""
    import synth
    from juesuan_dsl.pipeline import check_file

    base = None
    for rows in sizes:
        folder = work / f"scale-{rows}"
        path = synth.write_big(folder, rows=rows, projects=rows // 10)
        text = path.read_text(encoding="utf-8")
        source = SourceFile.from_text(str(path), text)
        parse_t = median_time(lambda: parse(source), runs)
        check_t = median_time(lambda: check_file(path), runs)
        lines = source.line_count
        per_parse, per_check = parse_t / lines * 1000, check_t / lines * 1000
        base = base or (per_parse, per_check)
        print(
            f"scale {rows} 项 rows, {rows // 10} projects ({lines} lines): parse {parse_t * 1000:.0f} ms, "
            f"check {check_t * 1000:.0f} ms; per 1000 lines parse {per_parse * 1000:.1f} ms "
            f"({per_parse / base[0]:.2f} x), check {per_check * 1000:.1f} ms ({per_check / base[1]:.2f} x)"
        )
    big = work / f"scale-{sizes[-1]}" / "big.jsl"
    result = check_file(big)
    errors = sum(d.severity.value == "error" for d in result.diagnostics)
    print(f"check of 2,000 项 rows / 200 projects: median {check_t:.2f} s, {errors} errors (target < 2 s)")
    if build_big:
        from juesuan_dsl.batch.pool import Job, Options, build_one

        outcome = build_one(Job(big, work / "big.pdf", None, work), Options())
        print(f"build of 2,000 项 rows / 200 projects: {'ok' if outcome.ok else 'FAILED'}, {outcome.pages} pages in {outcome.seconds:.1f} s")


# --- the long-lived process, and the batch ----------------------------------------------------


def bench_series(docs: list[Path], env: dict[str, str], work: Path) -> None:
    """Distinct documents compiled one after another in one process: time and memory per document."""
    out = work / "series"
    out.mkdir()
    done = subprocess.run([sys.executable, "-c", SERIES, str(out), *map(str, docs)], env=env, capture_output=True, text=True)
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    if len(rows) != len(docs):
        raise RuntimeError(done.stderr[-3000:])
    typst = [r["typst"] for r in rows]
    print("one process compiling distinct documents one after another (document: Typst s / RSS MB after it):")
    for start in range(0, len(rows), 10):
        chunk = rows[start:start + 10]
        print("  " + "  ".join(f"{start + i + 1}: {r['typst']:.2f}/{r['rss']}" for i, r in enumerate(chunk)))
    # The examples alternate (quweiban-like, shiye-like): compare like with like,
    # leaving out document 1, which also pays for the cold process (fonts, lib.typ).
    print(f"  document 1 (cold process): {typst[0]:.2f} s")
    for parity, name in ((0, "quweiban-like"), (1, "shiye-like")):
        numbered = [(i + 1, t) for i, t in enumerate(typst) if i % 2 == parity and i > 0]
        if len(numbered) >= 4:
            half = len(numbered) // 2
            early, late = numbered[:half], numbered[half:]
            print(
                f"  {name}: mean {statistics.mean(t for _, t in early):.2f} s over documents {early[0][0]}–{early[-1][0]}, "
                f"{statistics.mean(t for _, t in late):.2f} s over documents {late[0][0]}–{late[-1][0]}"
            )
    outside = statistics.mean(r["outside"] for r in rows[1:]) if len(rows) > 1 else rows[0]["outside"]
    inside = statistics.mean(typst[1:]) if len(rows) > 1 else typst[0]
    print(f"  per document in a warm process: outside Typst {outside:.3f} s, Typst {inside:.3f} s (ratio {outside / inside:.3f})")


def bench_batch(count: int, env: dict[str, str], work: Path, designs: bool) -> None:
    """`jsc build DIR -o OUT` over `count` generated departments, as a process."""
    import synth

    folder = work / "batch"
    synth.write_batch(folder, count)
    wall, done = run_child([*JSC, "build", str(folder / "depts"), "-o", str(work / "batch-out")], env)
    tail = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-500:]
    failed = done.returncode != 0
    print(f"batch of {count} departments: jsc build DIR as a process: {wall:.1f} s, {count / wall:.2f} documents per second{' — FAILED' if failed else ''}")
    print(f"  {tail}")
    if designs:
        from juesuan_dsl.batch.pool import DOCUMENTS_PER_WORKER, Options, default_workers, plan, run

        jobs = plan([folder / "depts"], work / "design-out").jobs
        choices = [(1, "a fresh worker per document"), (5, "5 documents per worker"), (10, "10 documents per worker"), (None, "workers never replaced")]
        for per_worker, label in choices:
            label += " (the default)" if per_worker == DOCUMENTS_PER_WORKER else ""
            start = time.perf_counter()
            outcomes = run(jobs, Options(), default_workers(len(jobs)), per_worker=per_worker)
            seconds = time.perf_counter() - start
            peak = max((o.peak_mb or 0) for o in outcomes)
            ok = sum(o.ok for o in outcomes)
            cpu = sum(o.cpu_seconds for o in outcomes)
            print(
                f"  design {label}: {seconds:.1f} s wall, {cpu:.1f} s CPU in the workers "
                f"({ok}/{len(jobs)} built), peak worker memory {peak} MB"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer runs and smaller inputs (under a minute)")
    parser.add_argument("--ratio", action="store_true", help="only the headline: the process ratio and jsc --help")
    args = parser.parse_args()
    quick = args.quick
    runs = 5 if quick else 20
    began = time.perf_counter()
    print(machine_line())
    with tempfile.TemporaryDirectory(prefix="jsc-bench-") as temp:
        bench_ratio(5 if quick or args.ratio else 7, child_env(Path(temp) / "cache"), Path(temp))
    if args.ratio:
        print(f"{machine_line()} (at the end)")
        return
    bench_parse(runs, [10] if quick else [10, 100])
    bench_semantics(runs)
    with tempfile.TemporaryDirectory(prefix="jsc-bench-") as temp:
        work = Path(temp)
        pipeline = bench_pipeline(runs, work)
        env = child_env(work / "cache")
        process_runs = 3 if quick else 7
        typst_first = bench_typst(process_runs, env, work)
        bench_process(process_runs, env, work, pipeline, typst_first)
        bench_scale([500, 1000, 2000] if quick else [250, 500, 1000, 2000], 1 if quick else 3, work, build_big=not quick)
        import synth

        series_docs = synth.write_batch(work / "series-src", 8 if quick else 40)
        bench_series(series_docs, env, work)
        bench_batch(10 if quick else 100, env, work, designs=not quick)
    print(f"{machine_line()} (at the end); benchmark took {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
