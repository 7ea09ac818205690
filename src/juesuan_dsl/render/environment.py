"""The Jinja environment of a layout's Typst templates: Typst-friendly delimiters and escaping by default.

One environment per layout folder. A built-in layout's templates are jsc's
own; a user's layout folder is someone else's code, so its templates run in
Jinja's sandbox (no attribute access to Python internals, no imports).
Delimiters are <% %> (statements), << >> (values) and <# #> (comments), because
Typst itself uses { } and #. Every value printed with << >> is escaped as Typst
text unless it is `Code` (Typst source built by jsc itself, never from user text).
The sentences come from the layout's wording.j2 (render/wording_env.py), which
the context hands in as `say`: << say.overview(doc.year, d.overview) >> prints
the sentence escaped like any other text.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2
import jinja2.sandbox

from ..core.money import paren_ordinal
from ..layout.model import Layout
from .escape import typst_string, typst_text
from .wording import paragraphs, with_tail


class Code(str):
    """Typst source produced by jsc (not user text): printed as is."""


def _finalize(value: object) -> str:
    if isinstance(value, Code):
        return value
    if value is None:
        return ""
    return typst_text(str(value))


def _literal(value: object) -> Code:
    """A value as a Typst string literal, for arguments: << x | s >>."""
    return Code(typst_string("" if value is None else str(value)))


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, where a file that cannot be read or written is a miss.

    Compiling the sixteen templates took about 80 ms of every `jsc build`
    process; Jinja checks each cached entry against the template's checksum.
    """

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a truncated or foreign file: compile afresh
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def bytecode_cache(kind: str = "jinja") -> jinja2.BytecodeCache | None:
    """The compiled-template cache of one kind of environment (None when caching is off).

    Each kind of environment has its own folder: an entry is checked against
    its template's source only, not against the environment that compiled it.
    """
    from ..core.cache import cache_dir

    folder = cache_dir(kind)
    return _BytecodeCache(str(folder)) if folder is not None else None


def layout_environment(folder: Path, builtin: bool, cache_kind: str, **options: object) -> jinja2.Environment:
    """A Jinja environment over a layout folder with the layouts' syntax: <% %>, << >>, <# #>,
    blocks trimmed, undefined names an error, no HTML escaping. A user's folder
    (`builtin` false) runs in the sandbox. `options` add the kind's own settings."""
    kind = jinja2.Environment if builtin else jinja2.sandbox.SandboxedEnvironment
    return kind(
        loader=jinja2.FileSystemLoader(str(folder)),
        bytecode_cache=bytecode_cache(cache_kind),
        block_start_string="<%",
        block_end_string="%>",
        variable_start_string="<<",
        variable_end_string=">>",
        comment_start_string="<#",
        comment_end_string="#>",
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        **options,
    )


@cache
def environment(folder: Path, builtin: bool = True) -> jinja2.Environment:
    """The Typst environment of the layout folder `folder` (sandboxed unless built in)."""
    env = layout_environment(folder, builtin, "jinja", finalize=_finalize, keep_trailing_newline=True)
    env.filters["s"] = _literal
    env.filters["code"] = Code
    # Layout-independent text helpers: a source text's paragraphs, a generated tail on the last one, "（一）".
    env.filters["paragraphs"] = paragraphs
    env.filters["with_tail"] = with_tail
    env.filters["paren_ordinal"] = paren_ordinal
    return env


def render_template(layout: Layout, name: str, context: dict[str, object]) -> str:
    return environment(layout.folder, layout.builtin).get_template(name).render(**context)
