"""Part four 名词解释: the layout's standard terms, with the source's own.

A source's 名词解释 block replaces the text of a term the layout lists and
appends new terms, in the order it writes them.
"""

from __future__ import annotations


def glossary(standard: tuple[tuple[str, str], ...], overrides: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """The standard entries with the source's replacements, then the source's new terms."""
    given = dict(overrides)
    merged = [(term, given.pop(term, text)) for term, text in standard]
    merged.extend((term, text) for term, text in overrides if term in given)
    return tuple(merged)
