"""A long fuzzing campaign against jsc (not a test): hostile edits of real sources through check,
fmt and (on a sample) build, until the time is up; each distinct failure is minimised and saved.

Usage:
    python bench/fuzz.py --minutes 22 [--engine atheris|random] [--out DIR] [--build-every 40]

The mutations and the oracle are those of tests/test_hostile.py (tests/hostile_support.py).
With atheris installed (pip install atheris) libFuzzer's coverage feedback steers the choices;
without it a seeded random engine draws them. See docs/fuzzing.md.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import os
import pkgutil
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]
sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))


def _import_targets() -> None:
    """Import every jsc module now, so that atheris instruments all of them (cli imports lazily)."""
    import juesuan_dsl

    for info in pkgutil.walk_packages(juesuan_dsl.__path__, "juesuan_dsl."):
        importlib.import_module(info.name)
    import hostile_support  # noqa: F401


def _bases() -> list[tuple[str, bytes]]:
    """The sources to mutate: the two examples (half of the draws), then every test case."""
    examples = sorted((ROOT / "examples").glob("*.jsl"))
    cases = sorted((ROOT / "tests" / "cases").rglob("*.jsl"))
    bases = [(str(p.relative_to(ROOT)), p.read_bytes()) for p in cases]
    weight = max(1, len(bases) // max(1, len(examples)))
    return [(str(p.relative_to(ROOT)), p.read_bytes()) for p in examples] * weight + bases


class Campaign:
    """Runs inputs through the oracle, keeps counts, and saves each new failure minimised."""

    def __init__(self, out: Path, minutes: float, build_every: int, max_mutations: int, minimise_seconds: float):
        import hostile_support as hs

        self.hs = hs
        self.out = out
        self.deadline = time.monotonic() + minutes * 60
        self.started = time.monotonic()
        self.build_every = build_every
        self.max_mutations = max_mutations
        self.minimise_seconds = minimise_seconds
        self.runs = 0
        self.commands: Counter = Counter()
        self.kinds: Counter = Counter()
        self.failures: dict[str, dict] = {}
        self.hits: Counter = Counter()
        self.slowest = (0.0, "")
        self.bytes_total = 0
        self.bases = _bases()
        self.work = Path(tempfile.mkdtemp(prefix="jsc-fuzz-"))
        hs.make_project(self.work)
        os.chdir(self.work)
        self.last_progress = time.monotonic()
        out.mkdir(parents=True, exist_ok=True)

    # --- one input ----------------------------------------------------------------------

    def draw(self, ch) -> tuple[bytes, str, list[str]]:
        mode = ch.integer(0, 19)
        if mode == 0:
            return ch.raw(400), "random bytes", ["raw"]
        name, base = ch.choice(self.bases)
        params = getattr(ch, "params", None)  # atheris: positions and payloads from its seeded generator
        data, kinds = self.hs.mutate(base, ch, ch.integer(1, self.max_mutations), params=params)
        return data, name, kinds

    def one(self, ch) -> None:
        data, base, kinds = self.draw(ch)
        build = self.build_every > 0 and self.runs % self.build_every == 0
        start = time.perf_counter()
        problems = self.hs.examine(self.work, data, build=build)
        took = time.perf_counter() - start
        self.hs.reset_project(self.work)
        self.runs += 1
        self.bytes_total += len(data)
        self.commands.update(["check", "fmt", *(["build"] if build else [])])
        self.kinds.update(kinds)
        if took > self.slowest[0]:
            self.slowest = (took, f"{len(data)} bytes from {base} via {'+'.join(kinds)}")
            (self.out / "slowest.jsl").write_bytes(data)  # to profile later
        for problem in problems:
            self.hits[problem.signature] += 1
            if problem.signature not in self.failures:
                self.save(problem, data, base, kinds, build)
        if time.monotonic() - self.last_progress > 60:
            self.last_progress = time.monotonic()
            self.progress()

    def done(self) -> bool:
        return time.monotonic() >= self.deadline

    # --- failures -------------------------------------------------------------------------

    def save(self, problem, data: bytes, base: str, kinds: list[str], build: bool) -> None:
        digest = hashlib.sha1(problem.signature.encode()).hexdigest()[:10]
        folder = self.out / f"{len(self.failures) + 1:02d}-{problem.command}-{problem.kind}-{digest}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "original.jsl").write_bytes(data)
        print(f"[{self.elapsed()}] NEW {problem.signature} ({len(data)} bytes, {base} via {'+'.join(kinds)})", flush=True)
        small = data if problem.kind == "slow" else self.minimise(data, problem.signature, build or problem.command == "build")
        self.hs.make_project(folder)  # the files its 包含 lines may name
        (folder / self.hs.MAIN).write_bytes(small)
        (folder / "report.txt").write_text(
            f"signature: {problem.signature}\nbase: {base}\nmutations: {' + '.join(kinds)}\n"
            f"original: {len(data)} bytes, minimised: {len(small)} bytes\n"
            f"reproduce: cd {folder} && jsc {'build main.jsl -o OUT.pdf' if problem.command == 'build' else problem.command + ' main.jsl'}\n\n"
            f"{problem.detail}\n",
            encoding="utf-8",
        )
        self.failures[problem.signature] = {
            "signature": problem.signature,
            "folder": str(folder),
            "first_seen_s": round(time.monotonic() - self.started, 1),
            "original_bytes": len(data),
            "minimised_bytes": len(small),
            "base": base,
            "mutations": kinds,
            "detail": problem.detail[:1500],
        }
        self.write_summary()

    def minimise(self, data: bytes, signature: str, build: bool) -> bytes:
        """Delta debugging: drop chunks of lines, then chunks of bytes, while the failure stays."""
        stop = time.monotonic() + self.minimise_seconds

        def fails(candidate: bytes) -> bool:
            found = self.hs.examine(self.work, candidate, build=build)
            self.hs.reset_project(self.work)
            return any(p.signature == signature for p in found)

        def reduce(units: list[bytes], joiner: bytes) -> list[bytes]:
            chunk = max(1, len(units) // 2)
            while chunk >= 1 and time.monotonic() < stop:
                i, shrunk = 0, False
                while i < len(units) and time.monotonic() < stop:
                    candidate = units[:i] + units[i + chunk :]
                    if candidate != units and fails(joiner.join(candidate)):
                        units, shrunk = candidate, True
                    else:
                        i += chunk
                if not shrunk:
                    chunk //= 2
            return units

        if not fails(data):
            return data  # flaky (or depends on state): keep it whole
        lines = reduce(data.split(b"\n"), b"\n")
        smaller = b"\n".join(lines)
        if len(smaller) <= 4000:
            smaller = b"".join(reduce([smaller[i : i + 1] for i in range(len(smaller))], b""))
        return smaller

    # --- reporting ----------------------------------------------------------------------------

    def elapsed(self) -> str:
        seconds = int(time.monotonic() - self.started)
        return f"{seconds // 60:02d}:{seconds % 60:02d}"

    def progress(self) -> None:
        rate = self.runs / max(1e-9, time.monotonic() - self.started)
        print(f"[{self.elapsed()}] {self.runs} inputs ({rate:.1f}/s), {self.commands['build']} builds, "
              f"{len(self.failures)} distinct failures", flush=True)
        self.write_summary()

    def write_summary(self) -> None:
        summary = {
            "seconds": round(time.monotonic() - self.started, 1),
            "inputs": self.runs,
            "commands": dict(self.commands),
            "mutations": dict(self.kinds),
            "input_megabytes": round(self.bytes_total / 1e6, 1),
            "slowest_input": {"seconds": round(self.slowest[0], 2), "what": self.slowest[1], "saved_as": "slowest.jsl"},
            "distinct_failures": len(self.failures),
            "failures": [{**f, "hits": self.hits[s]} for s, f in self.failures.items()],
        }
        (self.out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")

    def finish(self) -> None:
        self.write_summary()
        os.chdir(self.out)
        shutil.rmtree(self.work, ignore_errors=True)  # the scratch project (failures are saved in out)
        minutes = (time.monotonic() - self.started) / 60
        print()
        print(f"campaign: {minutes:.1f} minutes, {self.runs} inputs "
              f"({self.commands['check']} check, {self.commands['fmt']} fmt, {self.commands['build']} build), "
              f"{self.bytes_total / 1e6:.1f} MB of input")
        print(f"slowest input: {self.slowest[0]:.2f} s ({self.slowest[1]})")
        print(f"mutations used: {dict(self.kinds.most_common())}")
        print(f"distinct failures: {len(self.failures)}")
        for signature, failure in self.failures.items():
            print(f"  {signature}  hits={self.hits[signature]}  minimised {failure['original_bytes']} -> "
                  f"{failure['minimised_bytes']} bytes  {failure['folder']}")
        print(f"summary: {self.out / 'summary.json'}", flush=True)


def run_random(campaign: Campaign, seed: int) -> None:
    import hostile_support as hs

    rng = random.Random(seed)
    while not campaign.done():
        campaign.one(hs.RandomChooser(rng))
    campaign.finish()


def run_atheris(campaign: Campaign, out: Path, minutes: float) -> None:
    import atheris
    import hostile_support as hs

    corpus = out / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    if not any(corpus.iterdir()):
        # Seeds of random bytes: libFuzzer's first inputs are short and mostly zero, which would
        # pick the first base and the first mutation kind again and again.
        rng = random.Random(0)
        for index in range(150):
            (corpus / f"seed-{index:03d}").write_bytes(bytes(rng.randrange(256) for _ in range(24)))

    def one_input(data: bytes) -> None:
        if campaign.done():
            campaign.finish()
            os._exit(0)  # libFuzzer never returns from Fuzz(): end here, summary written
        campaign.one(hs.AtherisChooser(atheris.FuzzedDataProvider(data), data))

    atheris.Setup(
        [sys.argv[0], str(corpus), f"-max_total_time={int(minutes * 60) + 600}", "-timeout=300",
         "-rss_limit_mb=8192", f"-artifact_prefix={out}/libfuzzer-", "-print_final_stats=1", "-max_len=2048", "-len_control=0"],
        one_input,
    )
    atheris.Fuzz()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10, help="how long to run (default 10)")
    parser.add_argument("--engine", choices=["auto", "atheris", "random"], default="auto",
                        help="atheris (coverage-guided, if installed) or random; auto picks atheris when it imports")
    parser.add_argument("--out", type=Path, default=Path("jsc-fuzz-results"), help="where failures and summary.json go")
    parser.add_argument("--build-every", type=int, default=40, help="also run `jsc build` on every Nth input (0: never)")
    parser.add_argument("--max-mutations", type=int, default=4, help="mutations stacked on one base source")
    parser.add_argument("--minimise-seconds", type=float, default=90, help="time spent shrinking each new failure")
    parser.add_argument("--seed", type=int, default=None, help="seed of the random engine")
    args = parser.parse_args()

    engine = args.engine
    if engine in ("auto", "atheris"):
        try:
            import atheris
        except ImportError:
            if engine == "atheris":
                raise
            engine = "random"
        else:
            engine = "atheris"
    out = args.out.resolve()
    if engine == "atheris":
        with atheris.instrument_imports(include=["juesuan_dsl", "lark"]):
            _import_targets()
    else:
        _import_targets()
    seed = args.seed if args.seed is not None else random.randrange(1 << 32)
    print(f"jsc fuzz: engine {engine}{'' if engine == 'atheris' else f', seed {seed}'}, {args.minutes} minutes, "
          f"results in {out}", flush=True)
    campaign = Campaign(out, args.minutes, args.build_every, args.max_mutations, args.minimise_seconds)
    if engine == "atheris":
        run_atheris(campaign, out, args.minutes)
    else:
        run_random(campaign, seed)


if __name__ == "__main__":
    main()
