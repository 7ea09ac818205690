"""Shared helpers for the language tests: paths, running jsc on .jsl text, and a source generator.

The generator (`jsl_sources`) writes valid .jsl text from the vocabulary in
juesuan_dsl.syntax.schema, with the freedom a clerk has: any spacing, tabs,
blank lines, comments anywhere, one-line or expanded blocks, texts with quotes,
backslashes, # and braces, and multi-line \"\"\" texts.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import strategies as st

# Each test session has a jsc cache of its own (parser tables, templates, parse results), empty
# at the start: no test depends on what an earlier run, or the user's jsc, left in a cache.
_CACHE = tempfile.TemporaryDirectory(prefix="jsc-test-cache-")
os.environ["JSC_CACHE_DIR"] = _CACHE.name

from juesuan_dsl.cli import main
from juesuan_dsl.core.diagnostics import Severity
from juesuan_dsl.core.source import SourceFile
from juesuan_dsl.pipeline import check_file
from juesuan_dsl.syntax import schema
from juesuan_dsl.syntax.ast import without_spans
from juesuan_dsl.syntax.parse import ParseResult, parse
from juesuan_dsl.tools.fmt import format_source

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
CASES = TESTS / "cases"
EXAMPLES = REPO / "examples"
EXAMPLE_NAMES = ("quweiban-2024.jsl", "shiye-2024.jsl")

HEADER = '年度 2024\n部门 "测试部门"\n'


# --- running jsc -------------------------------------------------------------


def parse_text(text: str, path: str = "t.jsl") -> ParseResult:
    """The syntax stage on text (no includes, no catalogs)."""
    return parse(SourceFile.from_text(path, text))


def fmt_text(text: str, path: str = "t.jsl") -> str | None:
    """`jsc fmt` on text: the canonical text, or None when the text has syntax errors."""
    return format_source(SourceFile.from_text(path, text))


def ast_of(text: str) -> object:
    """The span-free AST of text, for comparing two layouts of one source."""
    return without_spans(parse_text(text).document)


def comment_texts(text: str) -> list[str]:
    """The comments of text in order, as fmt writes them (trailing blanks dropped)."""
    return [c.text.rstrip() for c in parse_text(text).comments]


def error_keys(diagnostics) -> Counter:
    """The multiset of (code, line, column) of the error diagnostics."""
    return Counter(
        (d.code, d.span.line if d.span else 0, d.span.column if d.span else 0)
        for d in diagnostics
        if d.severity is Severity.ERROR
    )


def check_text(tmp_path: Path, text: str, name: str = "t.jsl"):
    """`jsc check` on text written to a file in tmp_path (the project root)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return check_file(path, root=tmp_path)


def run_cli(args: list[str], env: dict[str, str] | None = None):
    """Invoke the jsc command in-process; returns click's Result."""
    return CliRunner().invoke(main, args, env=env, catch_exceptions=True)


def example_path(name: str) -> Path:
    return EXAMPLES / name


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """An empty working directory, so that jsc shows file names as written."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write_file(folder: Path, data: bytes | str, name: str = "t.jsl") -> Path:
    """Write bytes as they are, or text as UTF-8 with \n line ends."""
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


# --- generating valid sources ------------------------------------------------

_SEP = st.sampled_from([" ", " ", "  ", "\t", " \t", "   ", "\u3000", "\f "])
_INDENT = st.sampled_from(["", "", "  ", "    ", "\t", "\t\t", " ", "\u3000", "   \t"])
_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_ASCII = st.characters(min_codepoint=0x20, max_codepoint=0x7E, blacklist_characters='"\\')
_SPECIAL = st.sampled_from(list("#{}$%，。：；（）“”、《》 \t\u3000") + ["#{}", "{", "}", "$x"])
_ANY = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters='"\\\n\r\u2028\u2029\x85')
_PLAIN = st.one_of(_CJK, _CJK, _ASCII, _SPECIAL, _ANY)
_ESCAPES = st.sampled_from(['\\"', "\\\\", "\\n", "\\t", "\\#", "\\中"])


def _chars(plain: st.SearchStrategy[str], quotes: bool) -> st.SearchStrategy[str]:
    """Written text between the quotes: plain characters, escapes, and (in \"\"\" texts) lone quotes."""
    pieces = [plain, plain, plain, _ESCAPES]
    if quotes:
        pieces.append(st.builds(lambda q, c: q + c, st.sampled_from(['"', '""']), plain))
    return st.lists(st.one_of(*pieces), max_size=12).map("".join)


_STRING = _chars(_PLAIN, quotes=False).map(lambda body: f'"{body}"')
# An empty name beside an unknown code crashes `jsc check` (see test_robustness's xfail).
_NAME = _STRING.filter(lambda s: s != '""')


@st.composite
def _text_block(draw) -> str:
    """A \"\"\" text: maybe starting on the opening line, lines with any indentation, blank lines."""
    line = _chars(_PLAIN, quotes=True)
    first = draw(st.sampled_from(["", "", "inline"]))
    lines = [draw(line) if first else ""]
    for _ in range(draw(st.integers(0, 4))):
        blank = draw(st.integers(0, 4)) == 0
        lines.append("" if blank else draw(_INDENT) + draw(st.sampled_from(["", "  ", "\u3000\u3000"])) + draw(line))
    if draw(st.booleans()):
        lines.append(draw(_INDENT))  # the closing quotes on their own line
    return '"""' + "\n".join(lines) + '"""'


_NUMBER = st.builds(
    lambda sign, whole, frac: sign + whole + frac,
    st.sampled_from(["", "", "-"]),
    st.from_regex(r"[0-9]{1,7}", fullmatch=True),
    st.sampled_from(["", "", ".0", ".00", ".5", ".09", ".123"]),
)
_COUNT = st.from_regex(r"[0-9]{1,4}", fullmatch=True)
_PERCENT = st.builds(lambda n: n + "%", _NUMBER)
_TEXT = st.one_of(_STRING, _STRING, _text_block(), _NUMBER)
_CHECK_ID = st.from_regex(r"[A-Z][0-9]{2}-[0-9]{2}", fullmatch=True)
_ASSERT_WORDS = st.sampled_from(["表02", "合计", "基本支出", "占比", "三公", "完成率", "增减率", "201", "2012601"])


def _value(arg: schema.Arg) -> st.SearchStrategy[str]:
    if arg.type == schema.AMOUNT:
        return _NUMBER
    if arg.type == schema.COUNT:
        return _COUNT
    if arg.type == schema.YEAR:
        return st.integers(1990, 2100).map(str)
    if arg.type == schema.TEXT:
        return _TEXT
    if arg.type == schema.PATH:
        return _STRING
    if arg.type == schema.WORD:
        return st.sampled_from(arg.choices)
    if arg.type == schema.FIGURE:
        return st.one_of(_NUMBER, _PERCENT)
    if arg.type == schema.CHECK_ID:
        return _CHECK_ID
    if arg.type == schema.LAYOUT:
        return st.one_of(st.sampled_from(("湖南", "上海")), _STRING)
    raise AssertionError(arg.type)


@st.composite
def _comment(draw) -> str:
    return "#" + "".join(draw(st.lists(_PLAIN, max_size=8)))


# Codes in the built-in catalogs, so that generated files also get through the later passes.
_ITEMS = st.sampled_from(["2012601", "2012699", "2013101", "2013102", "2080505", "2101101", "2120199", "2210201"])
_SECTIONS = st.sampled_from(["30101", "30102", "30103", "30201", "30211", "30301"])


def _head(draw, spec: schema.Spec) -> str:
    if spec.key == schema.CODE_ROW:
        return draw(st.one_of(_ITEMS, st.from_regex(r"[0-9]{7}", fullmatch=True)))
    if spec.key == schema.ECON_ROW:
        return draw(st.one_of(_SECTIONS, st.from_regex(r"[0-9]{5}", fullmatch=True)))
    if spec.key == schema.TEXT_ROW:
        return draw(st.one_of(_STRING, _text_block()))
    return spec.key


def _atoms(draw, spec: schema.Spec) -> list[str]:
    """The values after the head: positional args, then name-value pairs in any order."""
    if spec is schema.ASSERTION:
        words = draw(st.lists(_ASSERT_WORDS, min_size=1, max_size=3))
        atoms = [*words, draw(_value(schema.Arg("数值", schema.FIGURE)))]
        if draw(st.booleans()):
            atoms += ["说明", draw(_STRING)]
        return atoms
    atoms = []
    for arg in spec.args:
        if arg.optional and draw(st.booleans()):
            continue
        # An optional name is taken only when written as quoted text.
        optional_name = arg.optional and arg.type == schema.TEXT
        atoms.append(draw(_NAME if optional_name else _value(arg)))
    names = draw(st.lists(st.sampled_from(sorted(spec.props)), unique=True, max_size=4)) if spec.props else []
    names += [name for name in spec.required if name not in names]  # a line without them is an error
    for name in names:
        atoms += [name, draw(_value(spec.props[name]))]
    return atoms


@st.composite
def _statement(draw, context: str, spec: schema.Spec, depth: int) -> str:
    """One statement with its block, written at `depth`; lines after the first carry their indent."""
    sep = draw(_SEP)
    text = sep.join([_head(draw, spec), *_atoms(draw, spec)])
    if spec.block is None:
        return text
    return text + draw(_SEP) + draw(_block(spec.block, depth + 1))


@st.composite
def _block(draw, context: str, depth: int) -> str:
    """{ … } in one of the layouts: empty, one line, or expanded with comments and blank lines."""
    children = draw(_statements(context, depth, max_size=0 if depth > 4 else 3))
    style = draw(st.sampled_from(["expanded", "expanded", "inline"]))
    if not children:
        # No trailing comment after an empty "{": see test_fmt's xfail for the comment it loses.
        return draw(st.sampled_from(["{}", "{ }", "{\n}", "{\n" + draw(_INDENT) + draw(_comment()) + "\n}"]))
    if style == "inline" and len(children) == 1:
        return "{" + draw(_SEP) + children[0] + draw(_SEP) + "}"
    lines = ["{" + draw(_trailing())]
    for child in children:
        lines += draw(_filler())
        lines.append(draw(_INDENT) + child + draw(_trailing()))
    lines += draw(_filler())
    return "\n".join(lines) + "\n" + draw(_INDENT) + "}"


@st.composite
def _trailing(draw) -> str:
    return draw(st.sampled_from(["", "", "", draw(_SEP) + draw(_comment())]))


@st.composite
def _filler(draw) -> list[str]:
    """Blank lines and own-line comments between statements."""
    kinds = draw(st.lists(st.sampled_from(["blank", "comment", "space"]), max_size=2))
    return ["" if k == "blank" else draw(_INDENT) if k == "space" else draw(_INDENT) + draw(_comment()) for k in kinds]


@st.composite
def _statements(draw, context: str, depth: int, max_size: int) -> list[str]:
    table = schema.CONTEXTS[context]
    specs = [s for s in table.values() if depth < 4 or s.block is None]
    chosen = draw(st.lists(st.sampled_from(specs), max_size=max_size))
    used: set[str] = set()
    result = []
    for spec in chosen:
        if spec.unique and spec.key in used:
            continue
        used.add(spec.key)
        result.append(draw(_statement(context, spec, depth)))
    return result


@st.composite
def jsl_sources(draw) -> str:
    """A whole valid .jsl source text (header, random statements, comments, blank lines)."""
    lines = draw(_filler())
    header = [f"年度{draw(_SEP)}{draw(st.integers(1990, 2100))}", f"部门{draw(_SEP)}{draw(_STRING)}"]
    body = draw(_statements("文件", 0, max_size=6))
    for statement in [*header, *[s for s in body if not s.startswith(("年度", "部门"))]]:
        lines += draw(_filler())
        lines.append(draw(_INDENT) + statement + draw(_trailing()))
    lines += draw(_filler())
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


def pytest_addoption(parser):
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite tests/cases/fmt/*.expected.jsl from the current formatter (review the diff)",
    )
