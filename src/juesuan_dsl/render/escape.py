"""The only way source text reaches Typst: as a Typst string literal, never as markup.

A string literal cannot contain markup, code or a path that Typst would read,
so `#read(...)`, `$x$`, `]` or `<label>` typed by a clerk print as themselves.
"""

from __future__ import annotations

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def typst_string(text: str) -> str:
    """A Typst string literal ("…") holding exactly `text`, for code positions."""
    out = []
    for ch in str(text):
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 or ch in "\u2028\u2029":
            out.append(f"\\u{{{ord(ch):x}}}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def typst_text(text: str) -> str:
    """`text` in markup position: an embedded string literal, ended by ';' so nothing after it joins it."""
    return "#" + typst_string(text) + ";"
