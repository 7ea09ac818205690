"""jsc benchmark (not a test): in-process medians of the stages on the seed example.

Usage: python bench/run.py [--quick]
Prints one line per measurement. Parse time is measured on the seed example and
on synthetic sources built by repeating its money blocks, to show linear growth.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from juesuan_dsl.source import SourceFile  # noqa: E402
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
    from juesuan_dsl.load import load
    from juesuan_dsl.passes.checks import run as run_checks
    from juesuan_dsl.passes.derive import derive
    from juesuan_dsl.passes.resolve import resolve

    loaded = load(SEED)

    def semantic() -> None:
        report, found = resolve(loaded.document)
        derived = derive(report)
        run_checks(report, found, derived.figures)

    semantic()
    t = median_time(semantic, runs)
    print(f"semantic passes (resolve, derive, checks, 核对) on seed: median of {runs}: {t * 1000:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs and smaller inputs (under a minute)")
    args = parser.parse_args()
    runs = 5 if args.quick else 20
    bench_parse(runs, [10] if args.quick else [10, 100])
    bench_semantics(runs)


if __name__ == "__main__":
    main()
