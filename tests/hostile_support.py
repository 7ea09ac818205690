"""Hostile input for jsc: mutations of real sources, a tiny project to include from, and the oracle.

Shared by tests/test_hostile.py (hypothesis draws the mutations) and bench/fuzz.py (the long
campaign; random or atheris draws them). A mutation is drawn through a `Chooser`, so one
description of "what a hostile edit is" serves every engine, and hypothesis can still shrink.

The oracle (`examine`) runs `jsc check --format json`, `jsc fmt` (write mode, on a copy) and
optionally `jsc build -o OUT.pdf` through click's CliRunner and returns the broken promises as
`Problem`s (an empty list is a pass):

* no exception escapes and no traceback is printed; exit code 0 or 1; no internal error JSC-E0901;
* every JSON diagnostic (and related span) lies inside the file it names;
* check's exit code agrees with its error count; build agrees with check;
* fmt either refuses (exit 1, file untouched) or writes a fixed point with the same AST;
* build with errors leaves a pre-existing OUT.pdf byte for byte; no temporary file is left behind.
"""

from __future__ import annotations

import json
import os
import re
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, Sequence

from click.testing import CliRunner

from juesuan_dsl.cli import main as jsc_main

MAIN = "main.jsl"
PDF_SENTINEL = b"%PDF-1.7\n% a PDF that was here before: a failed build must not touch it\n"

# --- the choices behind a mutation ------------------------------------------------------------


class Chooser(Protocol):
    """Where a mutation's parameters come from: hypothesis, random.Random or atheris."""

    def integer(self, lo: int, hi: int) -> int: ...

    def choice(self, options: Sequence): ...

    def raw(self, max_size: int) -> bytes: ...


class RandomChooser:
    def __init__(self, rng):
        self.rng = rng

    def integer(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)

    def choice(self, options: Sequence):
        return options[self.rng.randrange(len(options))]

    def raw(self, max_size: int) -> bytes:
        return bytes(self.rng.randrange(256) for _ in range(self.rng.randint(1, max_size)))


class HypothesisChooser:
    """Draws from `st.data()`: every choice shows in the falsifying example and shrinks."""

    def __init__(self, data):
        from hypothesis import strategies as st

        self.data, self.st = data, st

    def integer(self, lo: int, hi: int) -> int:
        return self.data.draw(self.st.integers(lo, hi))

    def choice(self, options: Sequence):
        return self.data.draw(self.st.sampled_from(list(options)))

    def raw(self, max_size: int) -> bytes:
        return self.data.draw(self.st.binary(min_size=1, max_size=max_size))


class AtherisChooser(RandomChooser):
    """Structural choices (which base, how many mutations, which kinds) from libFuzzer's bytes
    (atheris.FuzzedDataProvider), so coverage steers them; every other choice from a generator
    seeded by those bytes (the same input, the same file). Once the bytes run out, the generator
    decides the structural choices too."""

    def __init__(self, provider, data: bytes):
        import hashlib
        import random

        super().__init__(random.Random(hashlib.sha256(data).digest()))
        self.fdp = provider

    def integer(self, lo: int, hi: int) -> int:
        if self.fdp.remaining_bytes():
            return self.fdp.ConsumeIntInRange(lo, hi)
        return self.rng.randint(lo, hi)

    def choice(self, options: Sequence):
        return options[self.integer(0, len(options) - 1)]

    @property
    def params(self) -> RandomChooser:
        return RandomChooser(self.rng)


# --- mutations ---------------------------------------------------------------------------------
#
# Work on text decoded with surrogateescape, so that bytes which are not UTF-8 (inserted by an
# earlier mutation) survive every later one and come back out exactly.

_ESC = "surrogateescape"
ASCII_TO_FULLWIDTH = {
    ",": "，", ":": "：", "(": "（", ")": "）", '"': "＂", "{": "｛", "}": "｝", "#": "＃", ";": "；",
    "%": "％", ".": "．", "-": "－", "=": "＝", "+": "＋", "'": "’", "0": "０", "5": "５", " ": "\u3000",
}
_QUOTES = {'"': ["“", "”", "＂"]}
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?%?")
_NUMBER_FORMS = (
    "1" + "0" * 40,                      # 10^40
    "-" + "9" * 40,
    "0." + "0" * 29 + "1",               # 30 decimals
    "123.123456789012345678901234567890",
    "9" * 400,
    "-0", "-0.00", "00000000000000000001", "1" + "0" * 40 + "%", "-1e40", "1.", ".5", "1..2", "1,000",
    "18446744073709551616", "99999999999999999999.99", "nan", "inf",
)
_SOUP = (
    "{", "}", "{}", '"', '"""', "\\", "#", "，", "：", "“", "”", "｛", "｝", "０", "\u3000", "\t",
    "\x00", "\x01", "\x7f", "\x85", "\u2028", "\ufeff", "\U0001f600", "é", "\u200b",
    "年度 2024", '部门 "x"', "包含", "核对 合计 1", "概况 {", "支出 一般公共预算 {", "2012601 基本 1",
    "30101 1", "项目 \"p\" {", "绩效指标 {", "产出指标 40 {", "数量指标 {", "金额单位 元", "已知差异 A02-02 \"x\"",
    "上年 \"main.jsl\"", "科目表 \"bin.dat\"", "-", "%", "1.2.3", "1,234", "1e5",
)
INCLUDE_TARGETS = (
    MAIN, "loop_a.jsl", "self_loop.jsl", "back.jsl", "dir.jsl", "bin.jsl", "bin.dat", "good.jsl",
    "missing.jsl", "../outside.jsl", "", ".", "..", "sub/", "sub", "/", "/etc/passwd", "/dev/zero",
    "/proc/self/mem", "C:\\x.jsl", "\\\\server\\share\\x.jsl", "a" * 300 + ".jsl", ("a" * 100 + "/") * 50 + "x.jsl",
    "fifo.jsl", "link_loop.jsl", "empty.jsl", "bom.jsl", "gbk.jsl", "utf16.jsl", "deep.jsl", "*.jsl", "~/x.jsl",
    "good.JSL", "a\\\"b.jsl", "包含.jsl",
)
INCLUDE_KEYWORDS = ("包含", "上年", "科目表")
NESTING_HEADS = ("概况 {", "{", "项目 \"深\" {", "绩效指标 {", "产出指标 {", "支出 一般公共预算 {", "\"x\" {", "2012601 {")


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _pick_line(ch: Chooser, lines: list[str]) -> int:
    return ch.integer(0, 10_000_000) % max(1, len(lines))


def _insert_line(text: str, ch: Chooser, new: str) -> str:
    lines = _lines(text)
    at = ch.integer(0, 10_000_000) % (len(lines) + 1)
    indent = ch.choice(["", "  ", "\t", "    "])
    return "\n".join([*lines[:at], indent + new, *lines[at:]])


def m_delete_lines(text: str, ch: Chooser) -> str:
    lines = _lines(text)
    at, count = _pick_line(ch, lines), ch.integer(1, 40)
    return "\n".join(lines[:at] + lines[at + count :])


def m_duplicate_lines(text: str, ch: Chooser) -> str:
    lines = _lines(text)
    at, count, times = _pick_line(ch, lines), ch.integer(1, 20), ch.integer(1, 30)
    return "\n".join(lines[: at + count] + lines[at : at + count] * times + lines[at + count :])


def m_swap_lines(text: str, ch: Chooser) -> str:
    lines = _lines(text)
    i, j = _pick_line(ch, lines), _pick_line(ch, lines)
    if lines:
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def m_move_block(text: str, ch: Chooser) -> str:
    """Cut some lines and paste them elsewhere (a block pasted into the wrong block)."""
    lines = _lines(text)
    at, count = _pick_line(ch, lines), ch.integer(1, 60)
    piece, rest = lines[at : at + count], lines[:at] + lines[at + count :]
    to = ch.integer(0, 10_000_000) % (len(rest) + 1)
    return "\n".join(rest[:to] + piece + rest[to:])


def m_insert_bytes(text: str, ch: Chooser) -> str:
    at = ch.integer(0, 10_000_000) % (len(text) + 1)
    data = ch.choice([b"", b"\xff", b"\xc3", b"\xe4\xb8", b"\xed\xa0\x80", b"\xc0\x80", b"\x00", b"\xfe\xff"])
    data = data or ch.raw(16)
    return text[:at] + data.decode("utf-8", _ESC) + text[at:]


def m_insert_soup(text: str, ch: Chooser) -> str:
    at = ch.integer(0, 10_000_000) % (len(text) + 1)
    return text[:at] + ch.choice(_SOUP) + text[at:]


def m_fullwidth(text: str, ch: Chooser) -> str:
    """Full-width punctuation where ASCII is needed: one mark, a whole line, or the whole file."""
    scope = ch.choice(["one", "line", "all"])
    lines = _lines(text)
    which = _pick_line(ch, lines)

    def swap(s: str, only_one: bool) -> str:
        out, done = [], False
        for c in s:
            if c in ASCII_TO_FULLWIDTH and not (only_one and done):
                alt = _QUOTES.get(c, [ASCII_TO_FULLWIDTH[c]])
                out.append(alt[len(out) % len(alt)])
                done = True
            else:
                out.append(c)
        return "".join(out)

    if scope == "all":
        return swap(text, False)
    lines[which] = swap(lines[which], scope == "one")
    return "\n".join(lines)


def m_numbers(text: str, ch: Chooser) -> str:
    """One number (or every number) becomes 10^40, negative, 30 decimals, 400 digits, ..."""
    matches = list(_NUMBER.finditer(text))
    if not matches:
        return text
    form = ch.choice(_NUMBER_FORMS + ("negate", "decimals"))

    def new(m: re.Match) -> str:
        if form == "negate":
            return m.group()[1:] if m.group().startswith("-") else "-" + m.group()
        if form == "decimals":
            body = m.group().rstrip("%")
            return body + ("" if "." in body else ".") + "123456789012345678901234567890"[: 30 - len(body.partition(".")[2]) or 1]
        return form

    if ch.choice(["one", "one", "all"]) == "all":
        return _NUMBER.sub(new, text)
    m = matches[ch.integer(0, 10_000_000) % len(matches)]
    return text[: m.start()] + new(m) + text[m.end() :]


def m_deep_nesting(text: str, ch: Chooser) -> str:
    depth = ch.choice([2, 10, 50, 200, 1000, 3000])
    head = ch.choice(NESTING_HEADS)
    style = ch.choice(["lines", "inline", "unclosed", "closers"])
    if style == "lines":
        nest = "\n".join([head] * depth + ["}"] * depth)
    elif style == "inline":
        nest = (head + " ") * depth + "}" * depth
    elif style == "unclosed":
        nest = "\n".join([head] * depth)
    else:
        nest = "\n".join(["}"] * depth)
    return _insert_line(text, ch, nest)


def m_long_line(text: str, ch: Chooser) -> str:
    size = ch.choice([1_000, 20_000, 200_000])
    unit = ch.choice(["决", "a", "1", " ", "，", '"', "{", "# ", "核对 ", "年度 2024 ", "\\"])
    shape = ch.choice(["bare", "string", "comment", "textblock", "append"])
    body = (unit * (size // len(unit) + 1))[:size]
    if shape == "append":
        lines = _lines(text)
        which = _pick_line(ch, lines)
        lines[which] += body
        return "\n".join(lines)
    line = {"bare": body, "string": f'简称 "{body}"', "comment": "# " + body, "textblock": f'简称 """{body}"""'}[shape]
    return _insert_line(text, ch, line)


def m_truncate(text: str, ch: Chooser) -> str:
    data = text.encode("utf-8", _ESC)
    cut = ch.integer(0, 10_000_000) % (len(data) + 1)
    return data[:cut].decode("utf-8", _ESC)


def m_line_ends(text: str, ch: Chooser) -> str:
    kind = ch.choice(["crlf", "cr", "mixed", "bom", "bom-middle", "double-bom", "u2028", "nel", "no-final"])
    if kind == "crlf":
        return text.replace("\n", "\r\n")
    if kind == "cr":
        return text.replace("\n", "\r")
    if kind == "mixed":
        lines = _lines(text)
        return "".join(line + ("\r\n", "\n", "\r")[i % 3] for i, line in enumerate(lines))
    if kind == "bom":
        return "\ufeff" + text
    if kind == "double-bom":
        return "\ufeff\ufeff" + text
    if kind == "bom-middle":
        return _insert_line(text, ch, "\ufeff" + ch.choice(["年度 2024", "", "# c"]))
    if kind == "u2028":
        return text.replace("\n", "\u2028", ch.integer(1, 5))
    if kind == "nel":
        return text.replace("\n", "\x85", ch.integer(1, 5))
    return text.rstrip("\n")


def m_encoding(text: str, ch: Chooser) -> str:
    """The whole file in another encoding (what a clerk's editor might save)."""
    enc = ch.choice(["gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "big5", "latin-1", "utf-8-sig", "cp1252"])
    clean = text.encode("utf-8", _ESC).decode("utf-8", "replace")
    data = clean.encode(enc, "replace")
    return data.decode("utf-8", _ESC)


# Paths that still crash jsc after 科目表 (passes/resolve_catalogs.py, not the loading stage):
# pinned as strict xfails in test_hostile.py. The tests' "include-tested" mutation writes 包含
# instead for these; the campaign's "include" does not.
KNOWN_CRASHES: frozenset[tuple[str, str]] = frozenset()  # none open


def m_include(text: str, ch: Chooser, avoid_known: bool = False) -> str:
    """包含 / 上年 / 科目表 of a loop, a directory, a binary file, a missing or outside path..."""
    keyword = ch.choice(INCLUDE_KEYWORDS)
    target = ch.choice(INCLUDE_TARGETS)
    if avoid_known and (keyword, target) in KNOWN_CRASHES:
        keyword = "包含"
    target = target.replace("\\", "\\\\").replace('"', '\\"')
    return _insert_line(text, ch, f'{keyword} "{target}"')


def m_include_tested(text: str, ch: Chooser) -> str:
    return m_include(text, ch, avoid_known=True)


MUTATIONS = {
    "delete": m_delete_lines,
    "duplicate": m_duplicate_lines,
    "swap": m_swap_lines,
    "move": m_move_block,
    "bytes": m_insert_bytes,
    "soup": m_insert_soup,
    "fullwidth": m_fullwidth,
    "numbers": m_numbers,
    "nesting": m_deep_nesting,
    "long-line": m_long_line,
    "truncate": m_truncate,
    "line-ends": m_line_ends,
    "encoding": m_encoding,
    "include": m_include,
    "include-tested": m_include_tested,
}
# What the tests stack: everything quick, includes without the known crashes.
CHEAP = tuple(k for k in MUTATIONS if k not in ("long-line", "nesting", "include"))


def mutate(
    data: bytes, ch: Chooser, count: int, kinds: Sequence[str] = tuple(MUTATIONS), params: Chooser | None = None
) -> tuple[bytes, list[str]]:
    """Apply `count` mutations whose kinds are drawn through `ch` and their parameters (lines,
    positions, payloads) through `params` (default: `ch` too); return the bytes and the kinds."""
    text = data.decode("utf-8", _ESC)
    applied = []
    for _ in range(count):
        kind = ch.choice(list(kinds))
        text = MUTATIONS[kind](text, params or ch)
        applied.append(kind)
    return text.encode("utf-8", _ESC), applied


# --- the project around the hostile file -------------------------------------------------------


def make_project(folder: Path) -> None:
    """The files that INCLUDE_TARGETS name: loops, a directory, binary files, odd encodings."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "jsc.toml").write_text("")  # the project root: nothing above it is reachable
    files = {
        "loop_a.jsl": '包含 "loop_b.jsl"\n',
        "loop_b.jsl": '包含 "loop_a.jsl"\n',
        "self_loop.jsl": '包含 "self_loop.jsl"\n',
        "back.jsl": f'包含 "{MAIN}"\n',
        "good.jsl": "# 一个好的片段\n",
        "empty.jsl": "",
        "bom.jsl": "\ufeff# bom\r\n",
        "deep.jsl": "概况 {\n" * 300 + "}\n" * 300,
        "包含.jsl": '包含 "包含.jsl"\n',
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8", newline="")
    (folder / "gbk.jsl").write_bytes("# 国库\n".encode("gbk"))
    (folder / "utf16.jsl").write_bytes("# 国库\n".encode("utf-16"))
    binary = bytes(range(256)) * 4 + b"\x00\xff\xfe" * 100
    (folder / "bin.jsl").write_bytes(binary)
    (folder / "bin.dat").write_bytes(binary)
    (folder / "dir.jsl").mkdir(exist_ok=True)
    (folder / "sub").mkdir(exist_ok=True)
    link = folder / "link_loop.jsl"
    if not link.is_symlink():
        try:
            link.symlink_to("link_loop.jsl")  # a symlink to itself: ELOOP when opened
        except OSError:
            pass
    fifo = folder / "fifo.jsl"
    if not fifo.exists() and hasattr(os, "mkfifo"):
        try:
            os.mkfifo(fifo)  # a named pipe: reading it would block forever
        except OSError:
            pass


def project_entries(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


# --- the oracle --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One broken promise. `signature` names the bug (for de-duplication), `detail` shows it."""

    command: str
    kind: str
    where: str
    detail: str = field(compare=False)

    @property
    def signature(self) -> str:
        return f"{self.command}:{self.kind}:{self.where}"


def _lines_of(path: Path) -> list[str]:
    """The file's lines as jsc numbers them (BOM dropped, CRLF and lone CR end a line)."""
    text = path.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _frame_of(text: str) -> str:
    """The innermost jsc frame of a traceback (file:line function), for de-duplication."""
    frames = re.findall(r'File "([^"]*juesuan_dsl[^"]*)", line (\d+), in (\S+)', text)
    if not frames:
        frames = re.findall(r'File "([^"]*)", line (\d+), in (\S+)', text)
    if not frames:
        return "?"
    file, line, func = frames[-1]
    return f"{Path(file).name}:{func}"


def _invoke(args: list[str], command: str, problems: list[Problem], budget: float):
    start = time.perf_counter()
    result = CliRunner().invoke(jsc_main, args, catch_exceptions=True, env={"JSC_DEBUG": "1", "NO_COLOR": "1"})
    took = time.perf_counter() - start
    output = result.stdout + result.stderr
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        problems.append(Problem(command, f"exception-{type(exc).__name__}", _frame_of(tb), tb[-3000:]))
    elif result.exit_code not in (0, 1):
        problems.append(Problem(command, f"exit-{result.exit_code}", "", output[-2000:]))
    if "JSC-E0901" in output:
        message = re.search(r"jsc 内部错误：[^\n\"]*", output)
        problems.append(Problem(command, "internal-error", _frame_of(result.stderr), (message.group() if message else "JSC-E0901") + "\n" + result.stderr[-3000:]))
    elif "Traceback" in output:
        problems.append(Problem(command, "traceback", _frame_of(output), output[-3000:]))
    if took > budget:
        problems.append(Problem(command, "slow", "", f"{took:.1f} s (budget {budget:.0f} s)"))
    return result


def _check_spans(payload: dict, folder: Path, problems: list[Problem]) -> None:
    cache: dict[str, list[str] | None] = {}

    def bad(span: dict, code: str, why: str) -> None:
        problems.append(Problem("check", "span-outside-file", code, f"{why}: {json.dumps(span, ensure_ascii=False)}"))

    def inspect(span: dict | None, code: str, severity: str) -> None:
        if span is None:
            if severity != "info" and code not in ("JSC-E0304", "JSC-E0901"):
                problems.append(Problem("check", "no-span", code, f"{severity} {code} without a place"))
            return
        name = span["file"]
        if name not in cache:
            path = folder / name
            cache[name] = _lines_of(path) if path.is_file() else None
        lines = cache[name]
        if lines is None:
            bad(span, code, "names a file that is not there")
            return
        if not 1 <= span["line"] <= len(lines) + 1:
            bad(span, code, f"line outside 1..{len(lines) + 1}")
            return
        width = len(lines[span["line"] - 1]) if span["line"] <= len(lines) else 0
        if not 1 <= span["column"] <= width + 1:
            bad(span, code, f"column outside 1..{width + 1}")
        elif (span["end_line"], span["end_column"]) < (span["line"], span["column"]):
            bad(span, code, "ends before it starts")

    for diagnostic in payload["diagnostics"]:
        inspect(diagnostic["span"], diagnostic["code"], diagnostic["severity"])
        for related in diagnostic.get("related", ()):
            inspect(related["span"], diagnostic["code"] + "/related", "related")


def _temp_files(folder: Path, before: set[str]) -> list[str]:
    return sorted(n for n in project_entries(folder) - before if n.endswith(".tmp") or n.startswith("."))


def examine(folder: Path, data: bytes, *, build: bool = False, fmt: bool = True, budget: float = 60.0) -> list[Problem]:
    """Write `data` as folder/main.jsl (folder from make_project, and the working directory)
    and run check, fmt and optionally build on it; return what went wrong."""
    problems: list[Problem] = []
    main = folder / MAIN
    main.write_bytes(data)
    before = project_entries(folder)

    checked = _invoke(["check", "--format", "json", MAIN], "check", problems, budget)
    errors = None
    try:
        payload = json.loads(checked.stdout)
    except ValueError:
        if checked.exit_code in (0, 1):
            problems.append(Problem("check", "json-unreadable", "", checked.stdout[:2000]))
    else:
        _check_spans(payload, folder, problems)
        errors = payload["summary"]["error"]
        if (errors > 0) != (checked.exit_code == 1):
            problems.append(Problem("check", "exit-code-disagrees", "", f"exit {checked.exit_code}, {errors} errors"))
    if _temp_files(folder, before):
        problems.append(Problem("check", "stray-files", "", str(_temp_files(folder, before))))

    if fmt:
        _fmt_round(folder, data, problems, budget)
    if build:
        _build_round(folder, data, errors, problems, budget)
    main.write_bytes(data)
    return problems


def _fmt_round(folder: Path, data: bytes, problems: list[Problem], budget: float) -> None:
    from juesuan_dsl.syntax.ast import without_spans
    from juesuan_dsl.syntax.includes import decode_source
    from juesuan_dsl.syntax.parse import parse

    copy = folder / "copy.jsl"
    copy.write_bytes(data)
    before = project_entries(folder)
    result = _invoke(["fmt", "copy.jsl"], "fmt", problems, budget)
    after = copy.read_bytes()
    stray = _temp_files(folder, before)
    if stray:
        problems.append(Problem("fmt", "stray-files", "", str(stray)))
    if result.exit_code != 0:
        if after != data:
            problems.append(Problem("fmt", "refused-but-rewrote", "", repr(after[:300])))
    elif after != data:
        again = _invoke(["fmt", "--check", "copy.jsl"], "fmt", problems, budget)
        if again.exit_code != 0:
            problems.append(Problem("fmt", "not-idempotent", "", again.output[-1000:]))
        old, _ = decode_source("copy.jsl", data)
        new, _ = decode_source("copy.jsl", after)
        if old is None or new is None:
            problems.append(Problem("fmt", "rewrote-undecodable", "", repr(after[:300])))
        else:
            first, second = parse(old), parse(new)
            if not second.syntax_ok:
                problems.append(Problem("fmt", "output-has-syntax-errors", second.diagnostics[0].code, repr(after[:300])))
            elif without_spans(first.document) != without_spans(second.document):
                problems.append(Problem("fmt", "changed-meaning", "", repr(after[:500])))
            elif [c.text.rstrip() for c in first.comments] != [c.text.rstrip() for c in second.comments]:
                problems.append(Problem("fmt", "lost-comments", "", repr(after[:500])))
    copy.unlink()


def _build_round(folder: Path, data: bytes, check_errors: int | None, problems: list[Problem], budget: float) -> None:
    out = folder / "OUT.pdf"
    out.write_bytes(PDF_SENTINEL)
    before = project_entries(folder)
    result = _invoke(["build", MAIN, "-o", "OUT.pdf"], "build", problems, budget * 2)
    stray = _temp_files(folder, before)
    if stray:
        problems.append(Problem("build", "stray-files", "", str(stray)))
    now = out.read_bytes() if out.is_file() else None
    if result.exit_code == 1 and now != PDF_SENTINEL:
        problems.append(Problem("build", "touched-output-on-failure", "", repr((now or b"<gone>")[:100])))
    if result.exit_code == 0 and not (now or b"").startswith(b"%PDF-") or now == PDF_SENTINEL and result.exit_code == 0:
        problems.append(Problem("build", "exit-0-without-pdf", "", result.output[-1000:]))
    if check_errors == 0 and result.exit_code == 1 and "JSC-E0901" not in result.output:
        problems.append(Problem("build", "refused-a-clean-check", _first_code(result.output), result.output[-2000:]))
    if check_errors and result.exit_code == 0:
        problems.append(Problem("build", "built-despite-errors", "", result.output[-1000:]))
    for name in ("OUT.pdf",):
        (folder / name).unlink(missing_ok=True)


def _first_code(output: str) -> str:
    found = re.search(r"\[(JSC-[EW]\d{4})\]", output)
    return found.group(1) if found else ""


def reset_project(folder: Path) -> None:
    """Remove what a run may have left (outputs, copies) so the next run starts clean."""
    for name in ("OUT.pdf", "copy.jsl"):
        (folder / name).unlink(missing_ok=True)
    for path in folder.iterdir():
        if path.name.endswith(".tmp"):
            path.unlink()
