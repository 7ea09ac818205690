"""Text helpers of the wording templates: punctuation and amounts, the same for every layout.

The sentence patterns themselves are the layout's (its wording.j2, read by
render/wording_env.py); these functions only end a sentence, join clauses,
write an amount with its unit and split a source text into paragraphs. Every
function takes and returns plain text: the Typst environment escapes it later.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ..model.figures import Figure

_FINAL = "。！？!?"
_SOFT_END = "。；;，,、 \u3000\n"
_ZERO = re.compile(r"-?0(\.0+)?")


def end(text: str) -> str:
    """A text as the end of a sentence: it keeps a final 。！？ (also before a closing quote);
    otherwise a trailing ；，、 is dropped and "。" added."""
    text = text.strip()
    if not text or text[-1] in _FINAL or (len(text) > 1 and text[-1] in "”’\"" and text[-2] in _FINAL):
        return text
    text = clause(text)
    return text + "。" if text else ""


def clause(text: str) -> str:
    """A text inside a sentence: trailing 。；，、 removed (a clause goes on with "，")."""
    return text.strip().rstrip(_SOFT_END)


def wan(figure: Figure | str) -> str:
    """An amount with its unit: "840.69万元". A table cell's zero ("0.00") reads "0" in a
    sentence, as in the seed's narrative ("上级补助收入0万元")."""
    shown = figure.shown if isinstance(figure, Figure) else figure
    return f"{'0' if _ZERO.fullmatch(shown) else shown}万元"


def defined(figure: Figure | None) -> bool:
    """Whether a percentage exists (a share of a zero total or a rate on a zero base does not)."""
    return figure is not None and figure.value is not None and figure.shown != ""


def sentence(clauses: Iterable[str | None]) -> str:
    """Clauses joined with "，" into one sentence ending in "。" (empty clauses dropped)."""
    return end("，".join(c for c in clauses if c))


def paragraphs(text: str | None) -> list[str]:
    """A source text split into paragraphs at blank lines; line breaks inside one are dropped."""
    if not text:
        return []
    return [p.replace("\n", "").strip() for p in text.split("\n\n") if p.strip()]


def with_tail(paragraphs: list[str], tail: str | None) -> list[str]:
    """Paragraphs with a generated tail sentence going on the last one (ended first), or alone."""
    if not tail:
        return paragraphs
    if not paragraphs:
        return [tail]
    return [*paragraphs[:-1], end(paragraphs[-1]) + tail]


def without_lead(text: str) -> str:
    """A 开支内容 that already starts with 主要是 is not prefixed twice."""
    return clause(text).removeprefix("主要是")


def comma_of(text: str | None) -> str:
    """The comma a department's own text uses: "," when it writes only half-width commas, else "，"."""
    text = text or ""
    return "," if "," in text and "，" not in text else "，"


def keyed(lines: Iterable[Any]) -> Mapping[str, Any]:
    """Lines (三公 items …) by their stable `key`, for a pattern that names one of them."""
    return {line.key: line for line in lines}
