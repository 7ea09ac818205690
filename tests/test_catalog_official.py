"""The grown catalog against the published documents: names, tree shape, sources, hints."""

from __future__ import annotations

import csv
import io
import re
from importlib import resources
from pathlib import Path

import pytest

from juesuan_dsl.catalog import (
    CATEGORY,
    ITEM,
    SECTION,
    UNVERIFIED_TAGS,
    CatalogEntry,
    Classification,
    economic_catalog,
    function_catalog,
    function_categories,
    lineage_codes,
    load_builtin,
    load_user_csv,
    unknown_code_hint,
)

REPO = Path(__file__).resolve().parents[1]
SEED_DIR = REPO.parent / "shared" / "seed"  # CI lays shared/ beside the clone, as on a developer's machine
DATA = resources.files("juesuan_dsl.catalog").joinpath("data")
FILES = {
    "function.csv": Classification.FUNCTION,
    "economic.csv": Classification.ECONOMIC,
    "economic_gov_partial.csv": Classification.GOVERNMENT_ECONOMIC,
}

# Code → name exactly as the two published documents print them (tables and the
# 类（类）款（款）项（项） wording of their 情况说明): the 湖南 seed
# (000_f16b9cd1552d1230.txt, 2024 决算) and the 上海 reference
# (shanghai-putuo-wenlv-2025.txt, 2025 决算). Long 上海 names wrap in the PDF
# text; the ones here are joined back as its 情况说明 writes them.
PUBLISHED = {
    # 湖南 seed
    "201": "一般公共服务支出",
    "20126": "档案事务",
    "2012601": "行政运行",
    "2012699": "其他档案事务支出",
    "20131": "党委办公厅（室）及相关机构事务",
    "2013101": "行政运行",
    "2013102": "一般行政管理事务",
    "2013105": "专项业务",
    "2019999": "其他一般公共服务支出",
    "2060199": "其他科学技术管理事务支出",
    "20899": "其他社会保障和就业支出",
    "2089999": "其他社会保障和就业支出",
    "2100717": "计划生育服务",
    "2101103": "公务员医疗补助",
    "22102": "住房改革支出",
    # 上海 reference
    "207": "文化旅游体育与传媒支出",
    "20701": "文化和旅游",
    "2070101": "行政运行",
    "2070104": "图书馆",
    "2070105": "文化展示及纪念机构",
    "2070109": "群众文化",
    "2070112": "文化和旅游市场管理",
    "2070114": "文化和旅游管理事务",
    "2070199": "其他文化和旅游支出",
    "20709": "旅游发展基金支出",
    "2070904": "地方旅游开发项目补助",
    "20799": "其他文化旅游体育与传媒支出",
    "2079903": "文化产业发展专项支出",
    "208": "社会保障和就业支出",
    "20805": "行政事业单位养老支出",
    "2080501": "行政单位离退休",
    "2080502": "事业单位离退休",
    "2080505": "机关事业单位基本养老保险缴费支出",
    "2080506": "机关事业单位职业年金缴费支出",
    "2080599": "其他行政事业单位养老支出",
    "20808": "抚恤",
    "2080801": "死亡抚恤",
    "210": "卫生健康支出",
    "21011": "行政事业单位医疗",
    "2101101": "行政单位医疗",
    "2101102": "事业单位医疗",
    "212": "城乡社区支出",
    "21219": "国有土地使用权出让收入对应专项债务收入安排的支出",
    "2121999": "其他国有土地使用权出让收入对应专项债务收入安排的支出",
    "215": "资源勘探工业信息等支出",
    "21508": "支持中小企业发展和管理支出",
    "2150899": "其他支持中小企业发展和管理支出",
    "221": "住房保障支出",
    "2210201": "住房公积金",
    "2210203": "购房补贴",
}

# 项 whose 款 no source here names (data/SOURCES.md, "Known gaps"): kept because a
# published document prints the 项, not given an invented 款.
ORPHANS = {"2219899": "22198"}


def rows(name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(DATA.joinpath(name).read_text(encoding="utf-8"), newline="")))


@pytest.mark.parametrize(("code", "name"), sorted(PUBLISHED.items()))
def test_published_names(code, name):
    entry = function_catalog().get(code)
    assert entry is not None and entry.name == name
    assert entry.verified  # a published document backs it


@pytest.mark.parametrize("name", sorted(FILES))
def test_data_file_shape(name):
    raw = DATA.joinpath(name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw  # UTF-8 without BOM, LF
    table = rows(name)
    assert table[0] == ["code", "name", "level", "source"]
    codes = [row[0] for row in table[1:]]
    assert codes == sorted(codes), "sorted by code (= tree order)"
    assert len(codes) == len(set(codes)), "one row, so one name, per code"
    assert all(len(row) == 4 and all(cell.strip() == cell and cell for cell in row) for row in table[1:])


@pytest.mark.parametrize(("name", "classification"), sorted(FILES.items()))
def test_every_code_has_its_parents(name, classification):
    catalog = load_builtin(classification)
    for entry in catalog:
        for up in lineage_codes(entry.code, classification)[:-1]:
            if ORPHANS.get(entry.code) == up:
                assert up not in catalog  # still a gap; drop it from ORPHANS once named
                continue
            assert up in catalog, f"{entry.code} {entry.name}: {up} missing"


def test_names_unique_within_a_parent():
    # Siblings never share a name (行政运行 recurs, but once per 款).
    for classification in FILES.values():
        catalog = load_builtin(classification)
        seen: dict[tuple[str, str], str] = {}
        for entry in catalog:
            key = (entry.code[:-2], entry.name)
            assert key not in seen, f"{entry.code} and {seen[key]} are both {entry.name}"
            seen[key] = entry.code


def test_all_24_categories_in_function_csv_in_official_order():
    in_csv = {row[0]: row[1] for row in rows("function.csv")[1:] if len(row[0]) == 3}
    assert [(c.code, c.name) for c in function_categories()] == sorted(in_csv.items())


def test_levels_per_file():
    function = function_catalog()
    assert {e.level for e in function} == {CATEGORY, SECTION, ITEM}
    assert {e.level for e in economic_catalog()} == {CATEGORY, SECTION}
    # 部门预算 (table 06) 类 and 政府预算 类 of the 2024/2025 editions
    assert [e.code for e in economic_catalog() if e.level == CATEGORY] == [
        "301", "302", "303", "307", "309", "310", "311", "312", "313", "399",
    ]
    government = load_builtin(Classification.GOVERNMENT_ECONOMIC)
    assert [e.code for e in government if e.level == CATEGORY] == [
        "501", "502", "503", "504", "505", "506", "507", "508", "509", "510", "511", "512", "513", "514", "599",
    ]


def test_sources_note_names_every_tag():
    sources = DATA.joinpath("SOURCES.md").read_text(encoding="utf-8")
    tags = {tag for name in FILES for row in rows(name)[1:] for tag in row[3].split()}
    tags |= {row[3] for row in rows("function_categories.csv")[1:]}
    for tag in sorted(tags):
        for part in tag.split("/"):
            assert f"**{part}**" in sources, f"SOURCES.md does not describe source tag {part}"


def test_verified_flag():
    function = function_catalog()
    assert UNVERIFIED_TAGS == {"R"}
    assert not function.get("2010102").verified  # recalled only
    assert function.get("2010101").verified  # M1 (mock data) is weak, but it is a document
    assert function.get("2070109").verified
    assert CatalogEntry("2010102", "x", ITEM, "mine.csv").verified
    recalled = [e for e in function if not e.verified]
    assert recalled and all(e.tags == ("R",) for e in recalled)


# Examples and seed documents ----------------------------------------------


def example_items() -> list[tuple[str, str, str | None]]:
    """(file, code, written name or None) for every row that starts with a 项 code."""
    found = []
    for path in sorted((REPO / "examples").glob("*.jsl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            m = re.match(r'^\s+(2\d{6})(?:\s+"([^"]*)")?\s', line)
            if m:
                found.append((path.name, m.group(1), m.group(2)))
    return found


def test_every_example_code_is_known_with_the_name_written():
    items = example_items()
    assert len({code for _, code, _ in items}) >= 25
    catalog = function_catalog()
    for file, code, written in items:
        entry = catalog.get(code)
        assert entry is not None, f"{file}: {code}"
        if written:
            assert entry.name == written, f"{file}: {code} is {entry.name} in the catalog, {written} in the file"
        for up in lineage_codes(code)[:-1]:
            assert up in catalog, f"{file}: {code}'s {up}"


def seed_pairs(path: Path) -> list[tuple[str, str]]:
    """Code and name where a table row prints both on one line. A long name that the
    PDF text wraps leaves a fragment on the code's line ("21219 收入对应专项债务收")."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(2\d{2}(?:\d{2}){0,2})[ \t]+([^\d\s,.][^\t ]*)[ \t]+[\d,.]+", line)
        if m:
            pairs.append(m.groups())
    return pairs


@pytest.mark.parametrize("name", ["000_f16b9cd1552d1230.txt", "shanghai-putuo-wenlv-2025.txt"])
def test_seed_document_codes_are_known_with_their_printed_names(name):
    path = SEED_DIR / name
    if not path.exists():
        pytest.skip(f"{path} not present")
    pairs = seed_pairs(path)
    assert len(pairs) >= 15
    catalog = function_catalog()
    whole = 0
    for code, printed in pairs:
        name = catalog.name(code)
        assert name is not None and printed in name, (code, printed, name)
        whole += name == printed
    assert whole >= 0.9 * len(pairs)
    codes = set(re.findall(r"(?<!\d)2\d{6}(?!\d)", path.read_text(encoding="utf-8")))
    assert codes and all(code in catalog for code in codes)


# Hints -------------------------------------------------------------------------


SUFFIX = "若是新增科目，请在编码后写上名称：{code} \"科目名称\" …，或用“科目表”引入补充科目表。"


def test_hint_offers_the_same_section_first():
    hint = unknown_code_hint("2070191", function_catalog())
    assert hint == (
        "是否想写同款（20701 文化和旅游）的 2070199 其他文化和旅游支出、2070101 行政运行、2070111 文化创作与保护？"
        + SUFFIX.format(code="2070191")
    )


def test_hint_falls_back_to_the_category_and_says_why():
    hint = unknown_code_hint("2071101", function_catalog())
    assert hint.startswith("科目表中没有 20711 款；是否想写同类（207 文化旅游体育与传媒支出）的 2070101 行政运行、")
    assert hint.endswith(SUFFIX.format(code="2071101"))
    assert unknown_code_hint("20711", function_catalog()).startswith("是否想写同类（207 文化旅游体育与传媒支出）的 20701 文化和旅游、")


def test_hint_never_crosses_the_category():
    catalog = function_catalog()
    assert unknown_code_hint("2181101", catalog) == "科目表中没有 218 类的科目。" + SUFFIX.format(code="2181101")
    assert unknown_code_hint("218", catalog) == SUFFIX.format(code="218")
    for code in ("2031101", "2109999", "2299999"):
        named = re.findall(r"(?<!\d)(\d{5,7})(?= )", unknown_code_hint(code, catalog).split("若是")[0])
        assert named and all(c.startswith(code[:3]) for c in named), code


def test_hint_for_an_unnamed_section_and_other_classifications():
    catalog = function_catalog().with_entries([CatalogEntry("2219801", "x", ITEM, "t.csv")])
    assert unknown_code_hint("2219802", catalog).startswith("是否想写同款（22198）的 2219801 x、2219899 ")
    economic = economic_catalog()
    assert unknown_code_hint("30232", economic).startswith("是否想写同类（302 商品和服务支出）的 30231 公务用车运行维护费、")
    assert unknown_code_hint("30432", economic).startswith("科目表中没有 304 类的科目。")


def test_hint_sees_a_users_file(tmp_path):
    path = tmp_path / "local.csv"
    path.write_text("code,name\n2070198,本地文化项目\n", encoding="utf-8")
    entries, problems = load_user_csv(path)
    assert problems == ()
    hint = unknown_code_hint("2070197", function_catalog().with_entries(entries))
    assert "2070198 本地文化项目" in hint
