"""Fonts for the Typst layer: bundled Noto fonts, --font-path folders, family lists."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pylopdf_fonts_zh_cn
import typst

#: Bundled fallbacks (pylopdf-fonts-zh-cn, SIL OFL, Regular weight only).
DEFAULT_SERIF = "Noto Serif SC"
DEFAULT_SANS = "Noto Sans SC"
_BUNDLED = frozenset({DEFAULT_SERIF, DEFAULT_SANS})

# Preferred families per role, best first, as Typst names them (the English
# family name of the font file; the Chinese spellings are kept for fonts that
# carry only those). A bureau's own fonts win when they are installed or given
# with --font-path; the bundled Noto font always ends the list.

#: Running text: 仿宋.
BODY_FAMILIES: tuple[str, ...] = (
    "FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋", "STFangsong", DEFAULT_SERIF,
)
#: Section headings 一、…: 黑体.
HEADING_FAMILIES: tuple[str, ...] = ("SimHei", "黑体", "STHeiti", DEFAULT_SANS)
#: Cover, part and table titles: 方正小标宋, else 黑体.
TITLE_FAMILIES: tuple[str, ...] = (
    "方正小标宋简体", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05", "SimHei", "黑体", DEFAULT_SANS,
)
#: Text inside the tables: 宋体.
TABLE_FAMILIES: tuple[str, ...] = ("SimSun", "宋体", "NSimSun", "STSong", DEFAULT_SERIF)


@dataclass(frozen=True, slots=True)
class FontRoles:
    """Family lists handed to lib.typ's `conf` (each best first, never empty).

    body: running text (`body-font`); heading: 一、 headings (`heading-font`);
    title: cover, part and table titles (`title-font`); table: table text
    (`table-font`).
    """

    body: tuple[str, ...] = (DEFAULT_SERIF,)
    heading: tuple[str, ...] = (DEFAULT_SANS,)
    title: tuple[str, ...] = (DEFAULT_SANS,)
    table: tuple[str, ...] = (DEFAULT_SERIF,)

    @property
    def heading_bold(self) -> bool:
        """Whether lib.typ should embolden headings (`conf(heading-bold:)`).

        Only the Regular-only bundled fallback needs it; a real 黑体 is heavy already.
        """
        return self.heading[0] in _BUNDLED

    @property
    def title_bold(self) -> bool:
        """Whether lib.typ should embolden titles (`conf(title-bold:)`); not with 小标宋."""
        return self.title[0] in _BUNDLED


#: The preferred lists, before filtering by what is installed.
PREFERRED = FontRoles(
    body=BODY_FAMILIES, heading=HEADING_FAMILIES, title=TITLE_FAMILIES, table=TABLE_FAMILIES
)


def bundled_font_paths() -> list[Path]:
    """The folder holding the bundled Noto Serif SC / Noto Sans SC .otf files."""
    return [pylopdf_fonts_zh_cn.serif_path().parent]


def font_paths(extra: Sequence[Path | str] = ()) -> list[str]:
    """Font folders for `typst.compile(font_paths=...)`: the user's first, then the bundled one.

    Typst takes the first font it finds for a family, so a bureau's own copy of
    a family overrides ours. Duplicates are dropped, order kept.
    """
    seen: set[str] = set()
    out: list[str] = []
    for path in [*extra, *bundled_font_paths()]:
        text = str(Path(path).expanduser().resolve())
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


@cache
def typst_fonts(paths: tuple[str, ...], include_system: bool) -> typst.Fonts:
    """The fonts Typst finds in `paths`, scanned once per process: the family lists of the
    render and every compile share them (a compiler given folders scans them again, 5 ms).
    Both arguments always positional: the cache tells (p, False) from (p,)."""
    return typst.Fonts(include_system_fonts=include_system, font_paths=list(paths))


@cache
def _families(paths: tuple[str, ...], include_system: bool) -> frozenset[str]:
    return frozenset(name.casefold() for name in typst_fonts(paths, include_system).families())


def available_families(paths: Iterable[str], *, include_system: bool = False) -> frozenset[str]:
    """Family names (casefolded, as Typst matches them) that Typst finds in `paths`."""
    return _families(tuple(paths), include_system)


def choose(preferred: Sequence[str], available: frozenset[str]) -> tuple[str, ...]:
    """The preferred families that are available, in order; the last entry is kept anyway.

    Naming only installed families keeps Typst free of "unknown font family"
    warnings; the last entry is the bundled fallback, so the list is never empty.
    """
    kept = [name for name in preferred[:-1] if name.casefold() in available]
    return (*kept, preferred[-1])


def resolve_roles(
    paths: Iterable[str], *, include_system: bool = False, preferred: FontRoles = PREFERRED
) -> FontRoles:
    """The family list of every role, restricted to the fonts Typst will see."""
    available = available_families(paths, include_system=include_system)
    return FontRoles(
        body=choose(preferred.body, available),
        heading=choose(preferred.heading, available),
        title=choose(preferred.title, available),
        table=choose(preferred.table, available),
    )
