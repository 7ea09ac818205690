"""Text shown on a terminal shows what is in the file: control characters are escaped visibly.

A source, a file name or a message quoting either may hold characters a
terminal obeys instead of showing: ESC sequences (a comment holding
`\\x1b[2K\\x1b[1A` erased jsc's error and printed a fake 「没有发现问题」), other C0
and C1 controls, DEL, and the bidirectional overrides that reorder what is read
(U+202E). `shown` writes each as `\\x1b` or `\\u202e`; tab and newline stay
unless they are in a file name. JSON output escapes C0 itself; `json_safe`
escapes the rest there too.
"""

from __future__ import annotations

import re

# C0 but tab and newline; DEL and C1; the bidi marks, embeddings, overrides and isolates; line and paragraph separators.
_OTHERS = "\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f{_OTHERS}]")
_UNSAFE_IN_NAME = re.compile(f"[\x00-\x1f{_OTHERS}]")
_UNSAFE_IN_JSON = re.compile(f"[{_OTHERS}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: str) -> str:
    """Text for a terminal: control characters escaped, tabs and newlines kept."""
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def shown_name(text: object) -> str:
    """A file name for a terminal: as `shown`, and a tab or newline in it escaped too."""
    text = str(text)
    return _UNSAFE_IN_NAME.sub(_escape, text) if _UNSAFE_IN_NAME.search(text) else text


def json_safe(text: str) -> str:
    """JSON text with DEL, C1 and the bidi controls written as \\u escapes (json.dumps escapes only C0)."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
