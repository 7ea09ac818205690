"""A draft looks like a draft (issue 12, second part): 草稿 on every page and a first page of what is
open; `jsc build --final` writes nothing while anything is open; `--draft` writes a marked PDF
even with errors; a finished document has no mark."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pypdf
from conftest import EXAMPLES, run_cli

CASES = Path(__file__).parent / "cases" / "checks"

def _pages(pdf: Path) -> list[str]:
    return [re.sub(r"\s+", "", p.extract_text()) for p in pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages]


def _source(tmp_path: Path, edit=lambda text: text) -> Path:
    """The checks' clean source (no finding at all), its money part edited."""
    for part in CASES.glob("_part_*.jsl"):
        shutil.copyfile(part, tmp_path / part.name)
    money = tmp_path / "_part_money.jsl"
    money.write_text(edit(money.read_text(encoding="utf-8")), encoding="utf-8")
    path = tmp_path / "dept.jsl"
    shutil.copyfile(CASES / "_clean.jsl", path)
    return path


def _with_open_variance(text: str) -> str:
    return text.replace("2013102 项目 20 预算 20", "2013102 项目 20 预算 10")


def test_a_build_with_open_items_is_marked_on_every_page_and_lists_them(tmp_path):
    source = _source(tmp_path, _with_open_variance)
    result = run_cli(["build", str(source), "-o", str(tmp_path / "out.pdf")])
    assert result.exit_code == 0, result.output
    assert "已生成草稿" in result.output and "1 项待处理" in result.output
    pages = _pages(tmp_path / "out.pdf")
    assert all("草稿" in page for page in pages), [i for i, p in enumerate(pages, 1) if "草稿" not in p]
    first = pages[0]
    assert "本文件尚未完成，不能公开。以下1项仍待处理：" in first
    assert re.search(r"1\._part_money\.jsl第\d+行：需说明：\[B05-01\]2013102", first)


def test_final_writes_nothing_while_anything_is_open(tmp_path):
    source = _source(tmp_path, _with_open_variance)
    out = tmp_path / "out.pdf"
    result = run_cli(["build", "--final", str(source), "-o", str(out)])
    assert result.exit_code == 1
    assert "--final 要求完成的文件，还有 1 项待处理" in result.output and "B05-01" in result.output
    assert not out.exists()


def test_a_finished_document_has_no_mark_and_final_writes_it(tmp_path):
    source = _source(tmp_path)
    out = tmp_path / "out.pdf"
    result = run_cli(["build", "--final", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "草稿" not in result.output
    assert not any("草稿" in page for page in _pages(out))


def test_draft_writes_a_marked_pdf_even_with_errors(tmp_path):
    source = _source(tmp_path, lambda text: text.replace("2013102 一般公共预算 20", "2013102 一般公共预算 25"))
    out = tmp_path / "out.pdf"
    plain = run_cli(["build", str(source), "-o", str(out)])
    assert plain.exit_code == 1 and not out.exists()  # an error: no PDF …
    result = run_cli(["build", "--draft", str(source), "-o", str(out)])
    assert result.exit_code == 1  # … unless a reviewer asks for the draft; the error still fails
    pages = _pages(out)
    assert all("草稿" in page for page in pages)
    assert "错误：[A02-01]" in pages[0]


def test_the_examples_are_finished_documents():
    from juesuan_dsl.pipeline import Options, build_file

    for name in ("shiye-2024.jsl", "putuo-wenlv-2025.jsl"):
        built = build_file(EXAMPLES / name, Options(mode="final"))
        assert built.compiled is not None and built.draft == ()


def test_a_folder_build_shows_draft_finished_and_failed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for part in CASES.glob("_part_*.jsl"):
        shutil.copyfile(part, folder / part.name)
    (folder / "_part_open.jsl").write_text(
        (CASES / "_part_money.jsl").read_text(encoding="utf-8").replace("2013102 项目 20 预算 20", "2013102 项目 20 预算 10"),
        encoding="utf-8",
    )
    clean = (CASES / "_clean.jsl").read_text(encoding="utf-8")
    (folder / "done.jsl").write_text(clean, encoding="utf-8")
    (folder / "open.jsl").write_text(clean.replace('包含 "_part_money.jsl"', '包含 "_part_open.jsl"'), encoding="utf-8")
    (folder / "bad.jsl").write_text(clean.replace("年度 2024", "年度 二〇二四"), encoding="utf-8")
    result = run_cli(["build", str(folder), "-o", str(tmp_path / "out"), "-j", "1"])
    rows = {line.split()[0]: line.split()[1] for line in result.output.splitlines() if line.endswith("s") and ".jsl" in line}
    assert {Path(k).name: v for k, v in rows.items()} == {"bad.jsl": "失败", "done.jsl": "完成", "open.jsl": "草稿"}
    assert "完成 1 个，草稿 1 个，失败 1 个" in result.output
