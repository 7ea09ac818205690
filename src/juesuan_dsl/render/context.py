"""The Jinja context: the one plain dict of the pipeline, built from the model and derived figures.

The figures and texts go in as they are; the layout's wording.j2 words them
(`say`, render/wording_env.py), so templates only lay out and call sentences.
"""

from __future__ import annotations

from ..core.money import chinese_numeral, paren_ordinal
from ..model.derived import Derived
from ..model.report import Report
from .glossary import glossary
from .wording_env import say


def _paragraphs(text: str) -> list[str]:
    return [p.replace("\n", "") for p in text.split("\n\n") if p.strip()]


def profile_context(report: Report) -> dict[str, object]:
    """Part one: the duties (numbered), the text after them, and the lists its sentences name;
    units_note replaces a layout's lead sentence of 部门决算单位构成 (None: the layout's own),
    unit_remarks is each unit's 备注 by name (a unit without one is not in it)."""
    profile = report.profile
    return {
        "duties": [{"ordinal": paren_ordinal(i), "text": text} for i, text in enumerate(profile.duties, 1)],
        "extra": _paragraphs(profile.duties_extra),
        "offices": profile.offices,
        "units": profile.units,
        "units_note": profile.units_note,
        "unit_remarks": dict(profile.unit_remarks),
    }


def glossary_context(report: Report) -> list[dict[str, str]]:
    return [
        {"ordinal": f"{chinese_numeral(i)}、", "term": term, "text": text}
        for i, (term, text) in enumerate(glossary(report.layout.glossary, report.glossary), 1)
    ]


def build_context(
    report: Report, fonts: dict[str, list[str]], derived: "Derived | None" = None, draft: tuple[str, ...] = (),
) -> dict[str, object]:
    """The context of document.typ.j2. Parts two, three and five need the derived figures;
    draft: the open items of an unfinished document (printed as its first page, with 草稿 on every page)."""
    parts: dict[str, object] = {"tables": None, "part3": None, "part5": None}
    if derived is not None:
        from .context_part3 import part_three_context
        from .context_part5 import part_five_context
        from .context_tables import tables_context

        parts = {
            "tables": tables_context(report, derived),
            "part3": part_three_context(report, derived),
            "part5": part_five_context(report, derived),
        }
    return parts | {
        "doc": {
            "title": f"{report.year}年度{report.department}部门决算公开",
            "department": report.department,
            "short_name": report.short_name,
            "year": str(report.year),
        },
        "fonts": fonts,
        "draft": list(draft),
        "say": say(report.layout),
        "profile": profile_context(report),
        "glossary": glossary_context(report),
    }
