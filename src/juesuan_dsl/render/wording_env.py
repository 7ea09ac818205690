"""The plain-text Jinja environment of a layout's wording.j2, and `say`: its macros as sentence functions.

A layout's sentence patterns are macros of one file in its folder (layout.toml
`wording`, by default wording.j2), so that a province's wording is changed in
its layout folder and never in Python. The Typst templates call them through
the context's `say` (`<< say.overview(doc.year, d.overview) >>`); a macro returns
plain text, which the Typst environment then escapes like every other value, so
a reason or a 开支内容 from the source never becomes Typst markup.

How a wording file reads (the same delimiters as the Typst templates):
- a line break in the file's own text, with the blanks around it, is not part
  of a sentence: a pattern may be written over several indented lines (Chinese
  text needs no space where two lines meet). The values a macro prints keep
  their own line breaks; a wanted line break is written << "\\n" >>;
- `say` strips what surrounds a macro's body, so a sentence is exactly its text;
- None prints as nothing; an undefined name is an error (StrictUndefined).
The helpers of render/wording.py (end, clause, wan, sentence …) are its globals
and filters. A user's layout folder is someone else's code: its wording file
runs in Jinja's sandbox, as its Typst templates do.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

import jinja2
import jinja2.ext
from jinja2.lexer import Token, TokenStream
from jinja2.runtime import Macro

from ..core.money import chinese_numeral, paren_ordinal
from ..layout.model import Layout
from . import wording
from .environment import layout_environment

# The helpers every layout's wording may call: name -> function (each is also a filter).
HELPERS: dict[str, Callable[..., object]] = {
    "end": wording.end,
    "clause": wording.clause,
    "wan": wording.wan,
    "defined": wording.defined,
    "sentence": wording.sentence,
    "paragraphs": wording.paragraphs,
    "without_lead": wording.without_lead,
    "comma_of": wording.comma_of,
    "keyed": wording.keyed,
    "chinese_numeral": chinese_numeral,
    "paren_ordinal": paren_ordinal,
}

_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")


class JoinedLines(jinja2.ext.Extension):
    """The template's own text loses its line breaks (and the blanks around them, such as indentation).

    Only the text written in the file is touched (the lexer's data tokens), never
    a value printed with << >>, so a source text keeps its line breaks.
    """

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        line = 0  # where the previous token (a tag's end) is
        for token in stream:
            if token.type == "data":
                text = _LINE_BREAK.sub("", token.value)
                if token.lineno > line:  # the text begins a line: the tag before it took the line break
                    text = text.lstrip(" \t")
                line = token.lineno + token.value.count("\n")
                token = Token(token.lineno, token.type, text)
            else:
                line = token.lineno
            yield token


def _finalize(value: object) -> object:
    return "" if value is None else value


@cache
def wording_environment(folder: Path, builtin: bool = True) -> jinja2.Environment:
    """The plain-text environment of the layout folder `folder` (sandboxed unless built in)."""
    env = layout_environment(folder, builtin, "jinja-wording", finalize=_finalize, extensions=[JoinedLines])
    env.globals.update(HELPERS)
    env.filters.update(HELPERS)
    return env


class Say:
    """The sentences of one layout: `say.name(...)` calls the macro `name` of its wording file.

    The result is a plain `str`, stripped of what surrounds the macro's body,
    and is escaped by the Typst environment when printed. A name that is no
    macro of the file is an AttributeError (an undefined value in a template).
    """

    __slots__ = ("_module",)

    def __init__(self, module: object) -> None:
        self._module = module

    def __getattr__(self, name: str) -> Callable[..., str]:
        macro = getattr(self._module, name, None) if not name.startswith("_") else None
        if not isinstance(macro, Macro):
            raise AttributeError(f"版式的措辞文件中没有宏“{name}”")  # noqa: TRY004 (getattr's protocol)

        def said(*args: object, **kwargs: object) -> str:
            return str(macro(*args, **kwargs)).strip()

        said.__name__ = name
        return said

    def __dir__(self) -> list[str]:
        return [n for n in dir(self._module) if isinstance(getattr(self._module, n, None), Macro)]


def say(layout: Layout) -> Say:
    """The layout's sentences. Jinja keeps the compiled file (and its macros) while the
    file is unchanged, as it does for the Typst templates."""
    return Say(wording_environment(layout.folder, layout.builtin).get_template(layout.wording).module)
