"""Loading a source: reading files, resolving 包含 (includes) inside the project, cycles.

Every problem is a diagnostic at the line that names the file; nothing here
raises for bad input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core import codes
from ..core.collector import gc_paused
from ..core.diagnostics import Diagnostic
from ..core.paths import display_path, find_project_root, inside, unusable_path
from ..core.source import SourceFile, Span
from . import parse_cache
from .ast import Document, Statement, Text

MAX_FILE_BYTES = 64 * 1024 * 1024


def read_source(path: Path, shown: str, at: Span | None = None) -> tuple[SourceFile | None, list[Diagnostic]]:
    """Read and decode a file (UTF-8, BOM allowed, CRLF normalised)."""
    try:
        if path.is_dir():
            return None, [codes.make("JSC-E0304", at, path=shown, reason="这是一个目录")]
        if path.exists() and not path.is_file():
            # A named pipe would block for ever and a device may never end: regular files only.
            return None, [codes.make("JSC-E0304", at, path=shown, reason="这不是普通文件")]
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [codes.make("JSC-E0304", at, path=shown, reason=f"文件过大（{size} 字节）")]
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # the size may be wrong (a file still growing): cap the read
        if len(data) > MAX_FILE_BYTES:
            return None, [codes.make("JSC-E0304", at, path=shown, reason=f"文件过大（超过 {MAX_FILE_BYTES} 字节）")]
    except FileNotFoundError:
        return None, [codes.make("JSC-E0301", at, path=shown)]
    except OSError as exc:
        return None, [codes.make("JSC-E0002", at, reason=exc.strerror or str(exc))]
    return decode_source(shown, data)


def decode_source(shown: str, data: bytes) -> tuple[SourceFile | None, list[Diagnostic]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [codes.make("JSC-E0001", Span(shown, 1, 1, 1, 2), offset=1, hint="文件是 UTF-16 编码，请另存为 UTF-8。")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        prefix = SourceFile.from_text(shown, data[: exc.start].decode("utf-8", errors="replace"))
        line, column = prefix.position(len(prefix.text))
        return None, [codes.make("JSC-E0001", Span(shown, line, column, line, column + 1), offset=exc.start + 1)]
    return SourceFile.from_text(shown, text), []


@dataclass
class Loaded:
    """A main file with its includes expanded.

    document: the main file's statements, each 包含 replaced by the included
    statements (their spans name the included file); sources: every file
    read, by display path, for excerpts; diagnostics: syntax, structure and
    include problems of all files; paths: each file read, by display path, as it was opened
    (so that no output replaces one).
    """

    main: str
    document: Document | None
    sources: dict[str, SourceFile] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    paths: dict[str, Path] = field(default_factory=dict)


class _Loader:
    def __init__(self, root: Path):
        self.root = root.resolve()
        self.sources: dict[str, SourceFile] = {}
        self.paths: dict[str, Path] = {}
        self.diagnostics: list[Diagnostic] = []
        self.stack: list[Path] = []
        self.includes = 0  # 包含 lines met so far, in any file

    def load_file(self, path: Path, shown: str, context: str, at: Span | None) -> tuple[Statement, ...] | None:
        source, problems = read_source(path, shown, at)
        self.diagnostics.extend(problems)
        if source is None:
            return None
        self.sources[shown] = source
        self.paths[shown] = path
        cached = parse_cache.lookup(source, context)
        if cached is not None:
            statements, found = cached
            self.diagnostics.extend(found)
            return statements
        # Imported here: a build whose files are all in the parse cache never loads lark.
        from .builder import Builder
        from .parser import parse_raw

        raw = parse_raw(source)
        self.diagnostics.extend(raw.diagnostics)
        self.stack.append(path.resolve())
        includes = self.includes
        try:
            builder = Builder(shown, self.include)
            with gc_paused():  # as in parsing: many small objects that all live on (a 10 MB file: almost 3× faster)
                statements = builder.block(raw.statements, context)
            self.diagnostics.extend(builder.diagnostics)
        finally:
            self.stack.pop()
        if self.includes == includes:  # what an included file says may change on its own: not stored
            parse_cache.store(source, context, statements, [*raw.diagnostics, *builder.diagnostics])
        return statements

    def include(self, statement: Statement, context: str) -> tuple[Statement, ...]:
        self.includes += 1
        target = statement.args[0]
        assert isinstance(target, Text)
        if unusable_path(target.value):
            self.diagnostics.append(codes.make("JSC-E0304", target.span, path=target.value, reason="路径中有控制字符"))
            return ()
        here = Path(self.stack[-1]).parent
        try:
            path = (here / target.value).resolve()
        except (OSError, RuntimeError) as exc:  # a symlink loop (RuntimeError before Python 3.13)
            self.diagnostics.append(codes.make("JSC-E0304", target.span, path=target.value, reason=_why(exc)))
            return ()
        shown = display_path(path)
        if not inside(path, self.root):
            self.diagnostics.append(codes.make("JSC-E0302", target.span, path=target.value, root=display_path(self.root)))
            return ()
        if path in self.stack:
            chain = " → ".join(display_path(p) for p in (*self.stack[self.stack.index(path):], path))
            self.diagnostics.append(codes.make("JSC-E0303", target.span, chain=chain))
            return ()
        try:
            is_file = path.is_file()
        except (OSError, RuntimeError) as exc:  # e.g. a name too long for the file system
            self.diagnostics.append(codes.make("JSC-E0304", target.span, path=target.value, reason=_why(exc)))
            return ()
        if is_file and path.suffix.lower() != ".jsl":
            self.diagnostics.append(codes.make("JSC-E0305", target.span, path=target.value))
            return ()
        return self.load_file(path, shown, context, target.span) or ()


def _why(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return "符号链接循环" if isinstance(exc, RuntimeError) else str(exc)


def load(path: Path, root: Path | None = None, shown: str | None = None) -> Loaded:
    """Load a main .jsl file and everything it includes."""
    shown = shown or display_path(path)
    loader = _Loader(root or find_project_root(path))
    statements = loader.load_file(path, shown, "文件", None)
    document = None if statements is None else Document(shown, statements)
    if document is not None:
        loader.diagnostics.extend(_required_header(document, loader.sources[shown]))
    loaded = Loaded(shown, document, loader.sources, loader.diagnostics, loader.paths)
    loaded.diagnostics.sort(key=lambda d: d.sort_key())
    return loaded


def _required_header(document: Document, source: SourceFile) -> list[Diagnostic]:
    """年度 and 部门 must be written; a line that was written but rejected has its own error already."""
    present = {s.kind for s in document.statements}
    written = {line.split(maxsplit=1)[0] for line in source.text.split("\n") if line.strip()}
    problems = []
    for key, example in (("年度", "年度 2024"), ("部门", '部门 "部门全称"')):
        if key not in present and key not in written:
            problems.append(codes.make("JSC-E0211", source.point(1, 1), key=key, example=example))
    return problems
