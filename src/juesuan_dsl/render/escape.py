"""The only way source text reaches Typst: as a Typst string literal, never as markup.

A string literal cannot contain markup, code or a path that Typst would read,
so `#read(...)`, `$x$`, `]` or `<label>` typed by a clerk print as themselves.
"""

from __future__ import annotations

import re

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
# What needs an escape: the characters above, C0 and C1 controls, DEL, and the line and
# paragraph separators. One regex pass instead of a loop per character (a third of rendering).
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f-\x9f\u2028\u2029]')


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    return _ESCAPES.get(ch) or f"\\u{{{ord(ch):x}}}"


def typst_string(text: str) -> str:
    """A Typst string literal ("…") holding exactly `text`, for code positions."""
    return '"' + _NEEDS_ESCAPE.sub(_escape, str(text)) + '"'


def typst_text(text: str) -> str:
    """`text` in markup position: an embedded string literal, ended by ';' so nothing after it joins it."""
    return "#" + typst_string(text) + ";"
