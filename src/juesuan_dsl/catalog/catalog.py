"""An immutable classification catalog: lookup by code, parents by prefix, "did you mean"."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Iterable, Iterator, Mapping

from .entry import CatalogEntry, Classification, level_of, lineage_codes, parent_code


@dataclass(frozen=True, slots=True)
class Catalog:
    """The known codes of one classification.

    Build it with `Catalog.of`, which sorts and indexes the entries; a new
    edition or a user's file is layered on with `with_entries`.
    """

    classification: Classification
    """Which classification every entry belongs to."""
    entries: tuple[CatalogEntry, ...]
    """All entries, sorted by code (which is also tree order: 201, 20101, 2010101, 20105 …)."""
    _index: Mapping[str, CatalogEntry] = field(init=False, repr=False, compare=False)
    _codes: tuple[str, ...] = field(init=False, repr=False, compare=False)
    """The codes of `entries`, in the same (sorted) order, for prefix ranges by bisection."""

    def __post_init__(self) -> None:
        index: dict[str, CatalogEntry] = {}
        for entry in self.entries:
            # Bad entries here are programming errors: user input is vetted by load_user_csv.
            if level_of(entry.code, self.classification) != entry.level:
                raise ValueError(f"{entry.code!r} is not a {self.classification.title} {entry.level} code")
            if entry.code in index:
                raise ValueError(f"duplicate code {entry.code!r} in catalog")
            index[entry.code] = entry
        entries = tuple(sorted(self.entries, key=lambda e: e.code))
        object.__setattr__(self, "entries", entries)
        object.__setattr__(self, "_index", MappingProxyType(index))
        object.__setattr__(self, "_codes", tuple(e.code for e in entries))

    @classmethod
    def of(cls, classification: Classification, entries: Iterable[CatalogEntry]) -> Catalog:
        """A catalog of `entries` (codes must be unique and valid for `classification`)."""
        return cls(classification, tuple(entries))

    def with_entries(self, entries: Iterable[CatalogEntry]) -> Catalog:
        """A new catalog where `entries` replace same-code entries (a newer edition, a
        user's file); among `entries` themselves the last one of a code wins."""
        merged = dict(self._index)
        for entry in entries:
            merged[entry.code] = entry
        return Catalog(self.classification, tuple(merged.values()))

    # Lookup ---------------------------------------------------------------

    def get(self, code: str) -> CatalogEntry | None:
        """The entry for `code`, or None if the catalog does not know it."""
        return self._index.get(code)

    def name(self, code: str) -> str | None:
        """The name of `code`, or None if unknown."""
        entry = self._index.get(code)
        return entry.name if entry else None

    def level_of(self, code: str) -> str | None:
        """The level the code's length names in this classification (known or not)."""
        return level_of(code, self.classification)

    def parent(self, code: str) -> CatalogEntry | None:
        """The entry one level up (项 → 款 → 类), or None at the top or when unknown."""
        up = parent_code(code, self.classification)
        return self._index.get(up) if up else None

    def lineage(self, code: str) -> tuple[CatalogEntry | None, ...]:
        """类, 款 (and 项) entries of `code` from the top down; None where unknown.

        This is what the narrative's 类（类）款（款）项（项） wording needs."""
        return tuple(self._index.get(c) for c in lineage_codes(code, self.classification))

    def children(self, code: str) -> tuple[CatalogEntry, ...]:
        """Known entries exactly one level below `code`, in code order."""
        return tuple(e for e in self.under(code) if parent_code(e.code, self.classification) == code)

    def under(self, prefix: str) -> tuple[CatalogEntry, ...]:
        """Known entries whose code starts with `prefix` (the code itself included),
        in code order: under("207") is the whole 类, under("20701") the 款 and its 项."""
        start = bisect_left(self._codes, prefix)
        end = start
        while end < len(self._codes) and self._codes[end].startswith(prefix):
            end += 1
        return self.entries[start:end]

    def __contains__(self, code: object) -> bool:
        return code in self._index

    def __iter__(self) -> Iterator[CatalogEntry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    # "Did you mean" -------------------------------------------------------

    def nearest(self, code: str, k: int = 3) -> tuple[CatalogEntry, ...]:
        """Up to `k` known codes closest to an unknown `code`, best first.

        Only codes of the query's 类 (its first 3 digits) are candidates, never a
        code of another 类: a wrong 类 changes the 类（类）款（款）项（项） wording
        and the table a row is summed into, so it is no typo to paper over. Within
        the 类 only codes of the same level (length) compete; a query of no valid
        length is compared with every code of its 类, and one shorter than a 类
        with every code. Rank: longest common prefix first (so codes of the same
        款 come before the rest of the 类), then edit distance on digits with
        adjacent transpositions costing 1 (2013110 → 2013101), then code order.
        The code itself is never suggested."""
        query = code.strip()
        level = self.level_of(query)
        category_length = min(self.classification.levels)
        pool_source = self.under(query[:category_length]) if len(query) >= category_length else self.entries
        pool = [e for e in pool_source if e.code != query and (level is None or e.level == level)]
        pool.sort(key=lambda e: (-_common_prefix(query, e.code), _osa_distance(query, e.code), e.code))
        return tuple(pool[: max(k, 0)])


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _osa_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: Levenshtein plus adjacent transposition."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]
