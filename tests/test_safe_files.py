"""Files are never lost (issue 13, items 1-5): an output is never an input, outputs are regular files,
folder builds stay in the folder, the terminal shows what is in the file, and file-system problems
are the user's, said as such, with nothing half-written and no temporary file left behind.

Most cases stand in for the build with a fake `build_file` (a PDF of a few bytes), so that what is
tested, the writing, costs no Typst compile; one real build checks that a build's inputs reach
the writer.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from juesuan_dsl.batch.pool import is_source_name, plan
from juesuan_dsl.cli import main
from juesuan_dsl.core import cleanup, fsutil
from juesuan_dsl.core.terminal import json_safe, shown, shown_name
from juesuan_dsl.pipeline import Compilation, check_file

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SHIYE = EXAMPLES / "shiye-2024.jsl"
INTERNAL = "内部错误"


def jsc(*args: str):
    return CliRunner().invoke(main, list(args), env={"NO_COLOR": "1"})


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A project folder as the working directory, holding the seed and its 上年 file."""
    (tmp_path / "jsc.toml").write_text("", encoding="utf-8")
    for name in ("quweiban-2023.jsl", "quweiban-2024.jsl"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def fake_build(monkeypatch):
    """`build_file` replaced by one that reads nothing and 'compiles' a tiny PDF."""
    def build_file(path, options=None):
        compiled = SimpleNamespace(pdf=b"%PDF-new", pages=1)
        return Compilation(str(path), {}, (), None, typst_source="= typst", compiled=compiled, inputs=((Path(path), "源文件"),))

    monkeypatch.setattr("juesuan_dsl.pipeline.build_file", build_file)


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- 1. an output is never an input -------------------------------------------------------------


@pytest.mark.parametrize("flag", ["-o", "--typst"])
def test_the_source_is_never_an_output(project: Path, flag: str) -> None:
    before = (project / "quweiban-2024.jsl").read_bytes()
    result = jsc("build", "quweiban-2024.jsl", flag, "quweiban-2024.jsl")
    assert result.exit_code == 1
    assert "错误：不能写入“quweiban-2024.jsl”：它是本次读取的源文件，写入会覆盖它；请换一个输出文件名。没有写出任何文件。" in result.output
    assert (project / "quweiban-2024.jsl").read_bytes() == before


def test_the_source_under_another_name_is_never_an_output(project: Path) -> None:
    os.link(project / "quweiban-2024.jsl", project / "same.pdf")  # one file, two names
    result = jsc("build", "./quweiban-2024.jsl", "-o", "same.pdf")
    assert result.exit_code == 1 and "“same.pdf”：它是本次读取的源文件" in result.output


def test_last_years_file_and_any_other_jsl_are_never_outputs(project: Path) -> None:
    result = jsc("build", "quweiban-2024.jsl", "-o", "quweiban-2023.jsl")
    assert result.exit_code == 1
    assert "不能写入“quweiban-2023.jsl”：它是 .jsl 源文件，输出不会覆盖源文件" in result.output
    assert (project / "quweiban-2023.jsl").read_bytes() == (EXAMPLES / "quweiban-2023.jsl").read_bytes()


def test_a_build_knows_every_file_it_read(project: Path) -> None:
    (project / "main.jsl").write_text('包含 "body.jsl"\n科目表 "extra.csv"\n', encoding="utf-8")
    shutil.copy(EXAMPLES / "quweiban-2024.jsl", project / "body.jsl")
    (project / "extra.csv").write_text("code,name\n2019999,其他\n", encoding="utf-8")
    roles = {p.name: role for p, role in check_file(Path("main.jsl")).inputs if p.suffix in (".jsl", ".csv")}
    assert roles == {"main.jsl": "源文件", "body.jsl": "被包含的文件", "extra.csv": "科目表", "quweiban-2023.jsl": "上年文件"}
    os.link(project / "quweiban-2023.jsl", project / "prior.pdf")
    refused = pytest.raises(fsutil.Refused, fsutil.check_outputs, [Path("prior.pdf")], check_file(Path("main.jsl")).inputs)
    assert str(refused.value) == "不能写入“prior.pdf”：它是本次读取的上年文件，写入会覆盖它；请换一个输出文件名"


def test_a_users_layout_files_are_inputs_the_built_in_ones_are_not(project: Path) -> None:
    from juesuan_dsl.layout.load import builtin_root

    shutil.copytree(builtin_root() / "hunan", project / "mine")
    (project / "t.jsl").write_text('年度 2024\n部门 "测试"\n版式 "mine"\n', encoding="utf-8")
    inputs = check_file(Path("t.jsl")).inputs
    assert (project / "mine" / "layout.toml", "版式文件") in [(p.resolve(), role) for p, role in inputs]
    assert [role for _, role in check_file(Path("quweiban-2023.jsl")).inputs] == ["源文件"]


def test_a_real_build_refuses_to_write_over_the_file_it_includes(project: Path) -> None:
    shutil.copy(SHIYE, project / "body.jsl")
    (project / "main.jsl").write_text('包含 "body.jsl"\n', encoding="utf-8")
    os.link(project / "body.jsl", project / "body.pdf")
    result = jsc("build", "main.jsl", "-o", "body.pdf", "--typst", "side.typ")
    assert result.exit_code == 1, result.output
    assert "错误：不能写入“body.pdf”：它是本次读取的被包含的文件" in result.output
    assert (project / "body.jsl").read_bytes() == SHIYE.read_bytes()
    assert not (project / "side.typ").exists() and not list(project.glob(".jsc-*"))


def test_a_catalog_read_is_never_an_output(project: Path, fake_build) -> None:
    (project / "extra.csv").write_text("code,name\n", encoding="utf-8")
    result = jsc("build", "quweiban-2024.jsl", "--catalog", "extra.csv", "-o", "extra.csv")
    assert result.exit_code == 1 and "“extra.csv”：它是本次读取的科目表" in result.output


def test_export_and_new_refuse_their_source(project: Path) -> None:
    result = jsc("export", "quweiban-2024.jsl", "-o", "quweiban-2023.jsl")
    assert result.exit_code == 1 and "“quweiban-2023.jsl”：它是 .jsl 源文件" in result.output
    result = jsc("new", "--from", "quweiban-2024.jsl", "quweiban-2024.jsl", "--force")
    assert result.exit_code == 1 and "“quweiban-2024.jsl”：它是本次读取的上年的源文件" in result.output
    assert (project / "quweiban-2024.jsl").read_bytes() == (EXAMPLES / "quweiban-2024.jsl").read_bytes()


# --- 2. outputs are regular files -----------------------------------------------------------------


def test_a_device_is_refused_not_replaced(project: Path, fake_build) -> None:
    before = os.stat("/dev/null")
    result = jsc("build", "quweiban-2024.jsl", "-o", "/dev/null")
    assert result.exit_code == 1
    assert "错误：不能写入“/dev/null”：它是设备，不是普通文件；jsc 只写普通文件。" in result.output
    after = os.stat("/dev/null")
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)


def test_a_link_to_a_device_and_a_fifo_are_refused(project: Path, fake_build) -> None:
    (project / "null.pdf").symlink_to("/dev/null")
    os.mkfifo(project / "pipe.pdf")
    assert "“null.pdf”：它是设备" in jsc("build", "quweiban-2024.jsl", "-o", "null.pdf").output
    result = jsc("build", "quweiban-2024.jsl", "-o", "pipe.pdf")  # would block for ever if opened
    assert result.exit_code == 1 and "“pipe.pdf”：它是命名管道，不是普通文件" in result.output
    assert (project / "null.pdf").is_symlink() and (project / "pipe.pdf").is_fifo()


def test_a_symlinked_output_is_written_through_and_the_link_stays(project: Path, fake_build) -> None:
    (project / "real").mkdir()
    (project / "real" / "x.pdf").write_bytes(b"%PDF-old")
    (project / "x.pdf").symlink_to("real/x.pdf")
    result = jsc("build", "quweiban-2024.jsl", "-o", "x.pdf")
    assert result.exit_code == 0, result.output
    assert (project / "x.pdf").is_symlink() and (project / "real" / "x.pdf").read_bytes() == b"%PDF-new"
    assert names(project / "real") == ["x.pdf"]


def test_fmt_writes_through_a_symlinked_source(tmp_path: Path) -> None:
    (tmp_path / "real.jsl").write_text('年度 2024\n部门   "x"\n', encoding="utf-8")
    (tmp_path / "link.jsl").symlink_to("real.jsl")
    result = jsc("fmt", str(tmp_path / "link.jsl"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "link.jsl").is_symlink()
    assert (tmp_path / "real.jsl").read_text(encoding="utf-8") == '年度 2024\n部门 "x"\n'


def test_fmt_does_not_rewrite_a_read_only_file(tmp_path: Path) -> None:
    path = tmp_path / "ro.jsl"
    path.write_text('年度 2024\n部门   "x"\n', encoding="utf-8")
    path.chmod(0o444)  # jsc reads the mode bits itself: refused as root too
    result = jsc("fmt", str(path))
    assert result.exit_code == 1
    assert f"错误：不能写入“{path}”：文件是只读的" in result.output
    assert path.read_text(encoding="utf-8") == '年度 2024\n部门   "x"\n'
    assert jsc("fmt", "--check", str(path)).exit_code == 1  # --check only reads: it says so, as before


# --- 3. folder builds stay in the folder ---------------------------------------------------------


def test_editor_backups_and_hidden_files_are_not_sources() -> None:
    taken = [n for n in ("a.jsl", "a.jsl~", "#a.jsl#", ".#a.jsl", "a.jsl.bak", ".a.jsl.swp", "~$a.jsl", ".a.jsl", "a.JSL", "收入.jsl") if is_source_name(n)]
    assert taken == ["a.jsl", "收入.jsl"]


def test_a_folder_build_never_reads_a_link_that_leads_out(tmp_path: Path, monkeypatch) -> None:
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "shadow.jsl").write_text("root:$6$SECRET-HASH:19000:0:99999:7:::\n", encoding="utf-8")
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.jsl").write_text("年度 2024\n", encoding="utf-8")
    (folder / "a.jsl~").write_text("年度 2023\n", encoding="utf-8")
    (folder / "x.jsl").symlink_to(secret / "shadow.jsl")
    (folder / "sub" / "out").symlink_to(secret)
    (folder / "inner.jsl").symlink_to("a.jsl")  # a link inside the folder is a source
    monkeypatch.chdir(tmp_path)
    planned = plan([Path("in")])
    assert [j.source.name for j in planned.jobs] == ["a.jsl", "inner.jsl"]
    assert [p.relative_to(tmp_path).as_posix() for p in planned.outside] == ["in/x.jsl", "in/sub/out"]
    (folder / "inner.jsl").unlink()  # one job: built in this process
    result = jsc("build", "in")
    assert "警告：跳过符号链接“in/x.jsl”：它指向所编译的文件夹之外，没有读取。" in result.output
    assert "警告：跳过符号链接“in/sub/out”" in result.output
    assert "SECRET" not in result.output and "a.jsl~" not in result.output


def test_two_sources_writing_one_pdf_are_an_error_before_any_build(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.jsl").write_text("年度 2024\n", encoding="utf-8")
    (tmp_path / "d" / "a.jsl~").write_text("年度 2023\n", encoding="utf-8")
    (tmp_path / "dl").symlink_to("d")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("juesuan_dsl.batch.pool.run", lambda *a, **k: pytest.fail("nothing may be built"))
    result = jsc("build", "d/a.jsl", "d/a.jsl~")
    assert result.exit_code == 1
    assert "错误：“d/a.jsl”和“d/a.jsl~”都会写出“d/a.pdf”；请把其中一个改名或移走。\n没有编译任何文件。" in result.output
    result = jsc("build", "d", "dl")  # one folder twice, once through a link
    assert result.exit_code == 1 and "“d/a.jsl”和“dl/a.jsl”都会写出“dl/a.pdf”" in result.output
    assert names(tmp_path / "d") == ["a.jsl", "a.jsl~"]


# --- 4. the terminal shows what is in the file ---------------------------------------------------

FORGED = "\x1b[2K\x1b[1A检查了 1 个文件：没有发现问题。"


def test_escape_sequences_in_a_comment_do_not_reach_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "e.jsl"
    path.write_text(f'年度 2024x  # {FORGED}\n部门 "x"\n', encoding="utf-8")
    result = jsc("check", str(path))
    assert result.exit_code == 1
    assert "\x1b" not in result.output
    assert "1 | 年度 2024x  # \\x1b[2K\\x1b[1A检查了 1 个文件：没有发现问题。\n  |          ^\n" in result.output


def test_control_characters_are_escaped_and_the_caret_still_lines_up(tmp_path: Path) -> None:
    path = tmp_path / "c.jsl"
    path.write_text('年度 2024\n部门 "a\x1bb\u202ec"\n', encoding="utf-8")
    result = jsc("check", str(path))
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert '2 | 部门 "a\\x1bb\\u202ec"\n  | ' + " " * 7 + "^^^^\n" in result.output  # the caret under \x1b (JSC-E0003)


def test_file_names_are_escaped(tmp_path: Path) -> None:
    path = tmp_path / "bad\x1b[31m\u202e.jsl"
    path.write_text("年度 2024\n", encoding="utf-8")
    result = jsc("check", str(path))
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert "bad\\x1b[31m\\u202e.jsl:1:1" in result.output


def test_json_escapes_every_control_character(tmp_path: Path) -> None:
    path = tmp_path / "j\x1b\u202e\x85.jsl"  # the name is in the JSON: in files, in each span
    path.write_text("年度 2024\n", encoding="utf-8")
    text = jsc("check", "--format", "json", str(path)).output
    assert not any(ch in text for ch in "\x1b\u202e\x85")
    assert "j\\u001b\\u202e\\u0085.jsl" in text and json.loads(text)["files"][0].endswith(path.name)
    assert json.loads(json_safe(json.dumps({"k": "\u202e\x7f"}, ensure_ascii=False))) == {"k": "\u202e\x7f"}


def test_what_is_escaped() -> None:
    assert shown("a\tb\nc\x00\x1b\x7f\x9b\u200f\u202e\u2066\u2028") == "a\tb\nc\\x00\\x1b\\x7f\\x9b\\u200f\\u202e\\u2066\\u2028"
    assert shown_name("a\tb\nc.jsl") == "a\\x09b\\x0ac.jsl"
    assert shown("中文 text") == "中文 text"


# --- 5. file-system problems are the user's -----------------------------------------------------


def test_a_missing_output_folder_writes_nothing_not_even_the_typst_file(project: Path) -> None:
    result = jsc("build", "quweiban-2024.jsl", "--typst", "side.typ", "-o", "missing/x.pdf")
    assert result.exit_code == 1
    assert "错误：无法写入“missing/x.pdf”：文件夹“missing”不存在。没有写出任何文件。" in result.output
    assert not (project / "side.typ").exists()


@pytest.mark.parametrize(("code", "reason"), [
    (errno.ENOSPC, "磁盘空间不足"), (errno.EROFS, "所在的文件系统是只读的"), (errno.EACCES, "没有写入权限"),
])
def test_a_failing_disk_is_named_and_nothing_is_left(project: Path, fake_build, monkeypatch, code: int, reason: str) -> None:
    real_fsync = os.fsync
    calls = []

    def fsync(fd):  # the Typst file goes through; the PDF, second, meets the problem
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(code, os.strerror(code), str(project / ".jsc-temporary.tmp"))
        real_fsync(fd)

    monkeypatch.setattr(fsutil.os, "fsync", fsync)
    result = jsc("build", "quweiban-2024.jsl", "--typst", "side.typ", "-o", "x.pdf")
    assert result.exit_code == 1
    assert f"错误：无法写入“x.pdf”：{reason}。没有写出任何文件。" in result.output
    assert INTERNAL not in result.output and ".jsc-" not in result.output and "tmp" not in result.output
    assert names(project) == ["jsc.toml", "quweiban-2023.jsl", "quweiban-2024.jsl"]


@pytest.fixture
def second_rename_fails(monkeypatch) -> None:
    """The first output (the Typst file) is renamed over its target; the second one's rename fails."""
    real_replace = os.replace
    renamed = []

    def replace(source, target):
        if str(source).endswith(fsutil.TEMP_SUFFIX):
            renamed.append(target)
            if len(renamed) == 2:
                raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_replace(source, target)

    monkeypatch.setattr(fsutil.os, "replace", replace)


@pytest.mark.parametrize("second_exists", [True, False])
def test_a_rename_that_fails_after_another_gives_the_first_output_back(
    project: Path, fake_build, second_rename_fails, second_exists: bool,
) -> None:
    (project / "side.typ").write_text("last week's Typst\n", encoding="utf-8")
    if second_exists:
        (project / "x.pdf").write_bytes(b"last week's PDF")
    result = jsc("build", "quweiban-2024.jsl", "--typst", "side.typ", "-o", "x.pdf")
    assert result.exit_code == 1
    assert "错误：无法写入“x.pdf”：磁盘读写出错。没有写出任何文件。" in result.output
    assert (project / "side.typ").read_text(encoding="utf-8") == "last week's Typst\n"
    assert ((project / "x.pdf").read_bytes() == b"last week's PDF") if second_exists else not (project / "x.pdf").exists()
    assert names(project) == sorted(["jsc.toml", "quweiban-2023.jsl", "quweiban-2024.jsl", "side.typ", *(["x.pdf"] if second_exists else [])])


def test_a_rename_that_fails_removes_a_first_output_that_did_not_exist_before(project: Path, fake_build, second_rename_fails) -> None:
    result = jsc("build", "quweiban-2024.jsl", "--typst", "side.typ", "-o", "x.pdf")
    assert result.exit_code == 1
    assert names(project) == ["jsc.toml", "quweiban-2023.jsl", "quweiban-2024.jsl"]


def test_a_read_only_folder_is_refused_by_its_mode(project: Path, fake_build) -> None:
    (project / "ro").mkdir(mode=0o555)
    result = jsc("build", "quweiban-2024.jsl", "-o", "ro/x.pdf")
    assert result.exit_code == 1 and "错误：无法写入“ro/x.pdf”：文件夹“ro”是只读的。" in result.output
    assert names(project / "ro") == []


def test_a_read_only_output_is_not_replaced(project: Path, fake_build) -> None:
    (project / "x.pdf").write_bytes(b"%PDF-kept")
    (project / "x.pdf").chmod(0o444)
    result = jsc("build", "quweiban-2024.jsl", "-o", "x.pdf")
    assert result.exit_code == 1 and "“x.pdf”：文件是只读的" in result.output
    assert (project / "x.pdf").read_bytes() == b"%PDF-kept"


def test_a_250_character_name_is_written_and_a_longer_one_is_named(project: Path, fake_build) -> None:
    long = "x" * 246 + ".pdf"
    result = jsc("build", "quweiban-2024.jsl", "-o", long)
    assert result.exit_code == 0, result.output
    assert (project / long).read_bytes() == b"%PDF-new"  # the temporary name is short whatever the target's
    too_long = "y" * 300 + ".pdf"
    result = jsc("build", "quweiban-2024.jsl", "-o", too_long)
    assert result.exit_code == 1 and f"错误：无法写入“{too_long}”：文件名太长。没有写出任何文件。" in result.output
    assert INTERNAL not in result.output and not list(project.glob(".jsc-*"))


def test_a_batch_names_the_problem_for_its_file(tmp_path: Path, monkeypatch) -> None:
    from juesuan_dsl.batch.pool import Job, Options, build_one

    monkeypatch.setattr(fsutil.tempfile, "mkstemp", lambda **k: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space", "/x/.jsc-1.tmp")))
    job = Job(SHIYE, tmp_path / "out" / "s.pdf", None, tmp_path)
    outcome = build_one(job, Options())
    assert not outcome.ok and "错误：无法写入“out/s.pdf”：磁盘空间不足" in outcome.text
    assert INTERNAL not in outcome.text and ".jsc-" not in outcome.text


def test_a_failed_compile_leaves_no_temporary_folder(project: Path, monkeypatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(project / "tmp"))
    (project / "tmp").mkdir()

    def broken(self, *args, **kwargs):
        raise RuntimeError("typst exploded")

    monkeypatch.setattr("juesuan_dsl.render.compile.typst.Compiler.compile", broken)
    result = jsc("build", "quweiban-2024.jsl", "-o", "x.pdf")
    assert result.exit_code == 1
    assert names(project / "tmp") == []


def test_a_folder_left_by_a_thread_is_removed_at_exit(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(cleanup, "_CLOSING", set())  # this process goes on after the pretended exit
    holder = cleanup.private_folder("jsc-typst-")
    folder = holder.__enter__()  # a compile still running when the process ends
    (folder / "main.typ").write_text("the whole text", encoding="utf-8")
    cleanup.remove_all()
    assert not folder.exists()
    holder.__exit__(None, None, None)  # the thread's own cleanup later finds nothing: no error
    with pytest.raises(RuntimeError):  # a thread that starts a compile after the exit handler makes nothing
        cleanup.private_folder("jsc-typst-").__enter__()
    assert names(tmp_path) == []


def test_a_thread_still_writing_cannot_keep_its_folder_at_exit(tmp_path: Path, monkeypatch) -> None:
    import threading

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(cleanup, "_CLOSING", set())
    started, stop = threading.Event(), threading.Event()

    def compile_forever() -> None:  # writes into its folder until a write fails because the folder is gone
        with contextlib.suppress(OSError), cleanup.private_folder("jsc-typst-") as folder:
            started.set()
            for number in itertools.count():
                if stop.is_set():
                    return
                (folder / f"{number % 7}.typ").write_text("text", encoding="utf-8")

    thread = threading.Thread(target=compile_forever, daemon=True)
    thread.start()
    started.wait(5)
    cleanup.remove_all()
    assert names(tmp_path) == []
    stop.set()
    thread.join(5)


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or sys.platform == "win32", reason="POSIX signals")
def test_sigterm_during_a_build_removes_the_temporary_folder(project: Path) -> None:
    scratch = project / "tmp"
    scratch.mkdir()
    env = {**os.environ, "TMPDIR": str(scratch), "NO_COLOR": "1"}
    process = subprocess.Popen(
        [sys.executable, "-c", "from juesuan_dsl.cli import run; run()", "build", "quweiban-2024.jsl", "-o", "x.pdf"],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not list(scratch.glob("jsc-*")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert process.poll() is None, "the build ended before its compile started"
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=30)
    assert process.returncode == 128 + signal.SIGTERM
    assert names(scratch) == [] and not (project / "x.pdf").exists() and not list(project.glob(".jsc-*"))
