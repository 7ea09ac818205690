"""The Jinja environment for Typst templates: Typst-friendly delimiters and escaping by default.

Delimiters are <% %> (statements), << >> (values) and <# #> (comments), because
Typst itself uses { } and #. Every value printed with << >> is escaped as Typst
text unless it is `Code` (Typst source built by jsc itself, never from user text).
"""

from __future__ import annotations

from functools import cache

import jinja2

from ..core.resources import resource_dir
from .escape import typst_string, typst_text


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


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    from ..core.cache import cache_dir

    folder = cache_dir("jinja")
    return _BytecodeCache(str(folder)) if folder is not None else None


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resource_dir("templates"))),
        bytecode_cache=_bytecode_cache(),
        block_start_string="<%",
        block_end_string="%>",
        variable_start_string="<<",
        variable_end_string=">>",
        comment_start_string="<#",
        comment_end_string="#>",
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["s"] = _literal
    env.filters["code"] = Code
    return env


def render_template(name: str, context: dict[str, object]) -> str:
    return environment().get_template(name).render(**context)
