"""`jsc build`: text is data, atomic and deterministic output, PDF/A, and failures write nothing."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from juesuan_dsl.cli import main
from juesuan_dsl.render import compile as compile_module

pypdf = pytest.importorskip("pypdf")

ROOT = Path(__file__).resolve().parents[1]
SHIYE = ROOT / "examples" / "shiye-2024.jsl"

# Lines whose texts are never printed (paths, fonts, notes on known differences).
NOT_PRINTED = ("已知差异", "核对", '上年 "', "包含", "科目表", "正文字体", "标题字体", "表格字体")
TOKEN = re.compile(r'"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*')
ATTACK = '#read("/etc/passwd") #include "x" ] $x$ <l> @r *b* _u_ \\ //c'


def _payload(n: int) -> str:
    return f"P{n:03d}{ATTACK}"


def _literal(text: str, block: bool) -> str:
    body = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"""\n  {body}\n  """' if block else f'"{body}"'


def hostile_source() -> tuple[str, list[str]]:
    """The invented example with every printed text replaced by Typst-looking attack text.

    A name written beside a code gets one payload per code (the same code may
    be named in several blocks)."""
    src = SHIYE.read_text(encoding="utf-8")
    out, payloads, by_code, pos = [], [], {}, 0
    for match in TOKEN.finditer(src):
        out.append(src[pos : match.start()])
        pos = match.end()
        token = match.group()
        line_start = src.rfind("\n", 0, match.start()) + 1
        line = src[line_start : src.find("\n", match.start())]
        if token.startswith("#") or line.strip().startswith(NOT_PRINTED):
            out.append(token)
            continue
        code = re.match(r"\s*(\d{5,7})\s", line)
        if code and code.group(1) in by_code:
            out.append(by_code[code.group(1)])
            continue
        text = _payload(len(payloads) + 1)
        payloads.append(text)
        literal = _literal(text, token.startswith('"""'))
        if code:
            by_code[code.group(1)] = literal
        out.append(literal)
    out.append(src[pos:])
    return "".join(out), payloads


def build(args: list[str]):
    return CliRunner().invoke(main, ["build", *args], env={"NO_COLOR": "1"})


def pdf_text(path: Path) -> str:
    """The document's text, page footers ("— 20 —") removed so a text broken across pages reads on."""
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return "".join(re.sub(r"—\s*\d+\s*—", "", page.extract_text()) for page in reader.pages)


def test_every_printed_text_field_prints_literally_and_nothing_else_is_read(tmp_path: Path) -> None:
    source, payloads = hostile_source()
    assert len(payloads) > 150  # every text of the invented example, from 部门 to 偏差原因
    path = tmp_path / "hostile.jsl"
    path.write_text(source, encoding="utf-8")
    result = build([str(path), "-o", str(tmp_path / "h.pdf")])
    assert result.exit_code == 0, result.output
    text = re.sub(r"\s+", "", pdf_text(tmp_path / "h.pdf"))
    missing = [p for p in payloads if re.sub(r"\s+", "", p) not in text]
    assert missing == []
    assert "root:x:" not in text  # /etc/passwd was not read


def test_the_compile_root_holds_only_the_library_and_the_document(monkeypatch, tmp_path: Path) -> None:
    seen: list[list[str]] = []
    real = compile_module.typst.Compiler

    def spy(main_file, root, **kwargs):
        seen.append(sorted(p.name for p in Path(root).iterdir()))
        return real(main_file, root=root, **kwargs)

    monkeypatch.setattr(compile_module.typst, "Compiler", spy)
    result = build([str(SHIYE), "-o", str(tmp_path / "s.pdf")])
    assert result.exit_code == 0, result.output
    assert seen == [["lib.typ", "main.typ"]]


def test_a_failed_build_leaves_the_earlier_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    out.write_bytes(b"%PDF-earlier")
    bad = tmp_path / "bad.jsl"
    bad.write_text(SHIYE.read_text(encoding="utf-8").replace("年度 2024", "年度 ２０２４"), encoding="utf-8")
    result = build([str(bad), "-o", str(out), "--typst", str(tmp_path / "out.typ")])
    assert result.exit_code == 1
    assert "JSC-E0109" in result.output
    assert out.read_bytes() == b"%PDF-earlier"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsl", "out.pdf"]


def test_a_typst_failure_is_an_internal_error_and_writes_nothing(monkeypatch, tmp_path: Path) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("typst exploded")

    monkeypatch.setattr("juesuan_dsl.render.typeset.compile_pdf", broken)
    out = tmp_path / "out.pdf"
    out.write_bytes(b"%PDF-earlier")
    result = build([str(SHIYE), "-o", str(out)])
    assert result.exit_code == 1
    assert "JSC-E0901" in result.output and "Traceback" not in result.output
    assert out.read_bytes() == b"%PDF-earlier"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf"]


def test_identical_input_gives_identical_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert build([str(SHIYE), "-o", str(first)]).exit_code == 0
    assert build([str(SHIYE), "-o", str(second)]).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_pdf_a_2b_for_archival_copies(tmp_path: Path) -> None:
    out = tmp_path / "a.pdf"
    result = build([str(SHIYE), "-o", str(out), "--pdf-standard", "a-2b"])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert b"<pdfaid:part>2</pdfaid:part>" in data and b"<pdfaid:conformance>B</pdfaid:conformance>" in data


def test_typst_source_is_written_on_request_and_text_stays_in_string_literals(tmp_path: Path) -> None:
    out, typ = tmp_path / "s.pdf", tmp_path / "s.typ"
    assert build([str(SHIYE), "-o", str(out), "--typst", str(typ)]).exit_code == 0
    source = typ.read_text(encoding="utf-8")
    assert source.startswith('#import "lib.typ": *')
    assert '#"城建中心";' in source or '"城建中心"' in source
