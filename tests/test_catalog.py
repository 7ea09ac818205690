"""Tests for the classification catalogs: builtin data, lookup, ordinals, user files."""

from __future__ import annotations

import csv
import dataclasses
import io
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

from juesuan_dsl.catalog import (
    CATEGORY,
    EDITION,
    ITEM,
    SECTION,
    Catalog,
    CatalogEntry,
    Classification,
    category_ordinal,
    chinese_numeral,
    economic_catalog,
    function_catalog,
    function_categories,
    level_of,
    lineage_codes,
    load_builtin,
    load_user_csv,
    ordinal_label,
    parent_code,
)

# Every 项 row of the seed's 公开02/03/05表 (the three list the same rows), as printed.
SEED_FUNCTION_ITEMS = [
    ("2012601", "行政运行"),
    ("2012699", "其他档案事务支出"),
    ("2013101", "行政运行"),
    ("2013102", "一般行政管理事务"),
    ("2013105", "专项业务"),
    ("2019999", "其他一般公共服务支出"),
    ("2060199", "其他科学技术管理事务支出"),
    ("2080505", "机关事业单位基本养老保险缴费支出"),
    ("2080506", "机关事业单位职业年金缴费支出"),
    ("2089999", "其他社会保障和就业支出"),
    ("2100717", "计划生育服务"),
    ("2101101", "行政单位医疗"),
    ("2101102", "事业单位医疗"),
    ("2101103", "公务员医疗补助"),
    ("2210201", "住房公积金"),
]

# Every row of the seed's 公开06表, as printed (narrow cells truncate a few names).
SEED_TABLE_06 = [
    ("301", "工资福利支出"), ("30101", "基本工资"), ("30102", "津贴补贴"), ("30103", "奖金"),
    ("30106", "伙食补助费"), ("30107", "绩效工资"), ("30108", "机关事业单位基本养老保险缴"),
    ("30109", "职业年金缴费"), ("30110", "职工基本医疗保险缴费"), ("30111", "公务员医疗补助缴费"),
    ("30112", "其他社会保障缴费"), ("30113", "住房公积金"), ("30114", "医疗费"),
    ("30199", "其他工资福利支出"),
    ("303", "对个人和家庭的补助"), ("30301", "离休费"), ("30302", "退休费"), ("30303", "退职（役）费"),
    ("30304", "抚恤金"), ("30305", "生活补助"), ("30306", "救济费"), ("30307", "医疗费补助"),
    ("30308", "助学金"), ("30309", "奖励金"), ("30310", "个人农业生产补贴"), ("30311", "代缴社会保险费"),
    ("30399", "其他对个人和家庭的补助"),
    ("302", "商品和服务支出"), ("30201", "办公费"), ("30202", "印刷费"), ("30203", "咨询费"),
    ("30204", "手续费"), ("30205", "水费"), ("30206", "电费"), ("30207", "邮电费"), ("30208", "取暖费"),
    ("30209", "物业管理费"), ("30211", "差旅费"), ("30212", "因公出国（境）费用"), ("30213", "维修（护）费"),
    ("30214", "租赁费"), ("30215", "会议费"), ("30216", "培训费"), ("30217", "公务接待费"),
    ("30218", "专用材料费"), ("30224", "被装购置费"), ("30225", "专用燃料费"), ("30226", "劳务费"),
    ("30227", "委托业务费"), ("30228", "工会经费"), ("30229", "福利费"), ("30231", "公务用车运行维护"),
    ("30239", "其他交通费用"), ("30240", "税金及附加费用"), ("30299", "其他商品和服务支"),
    ("307", "债务利息及费用支出"), ("30701", "国内债务付息"), ("30702", "国外债务付息"),
    ("310", "资本性支出"), ("31001", "房屋建筑物购建"), ("31002", "办公设备购置"), ("31003", "专用设备购置"),
    ("31005", "基础设施建设"), ("31006", "大型修缮"), ("31007", "信息网络及软件购置更新"),
    ("31008", "物资储备"), ("31009", "土地补偿"), ("31010", "安置补助"), ("31011", "地上附着物和青苗补偿"),
    ("31012", "拆迁补偿"), ("31013", "公务用车购置"), ("31019", "其他交通工具购置"),
    ("31021", "文物和陈列品购置"), ("31022", "无形资产购置"), ("31099", "其他资本性支出"),
    ("399", "其他支出"), ("39907", "国家赔偿费用支出"), ("39908", "对民间非营利组织和群众性自治组织补"),
    ("39909", "经常性赠与"), ("39910", "资本性赠与"), ("39999", "其他支出"),
]
SEED_TABLE_06_FULL_NAMES = {
    "30108": "机关事业单位基本养老保险缴费",
    "30231": "公务用车运行维护费",
    "30299": "其他商品和服务支出",
    "39908": "对民间非营利组织和群众性自治组织补贴",
}


# Builtin data ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("catalog", "code", "name"),
    [
        (function_catalog, "2013101", "行政运行"),
        (function_catalog, "20131", "党委办公厅（室）及相关机构事务"),
        (function_catalog, "201", "一般公共服务支出"),
        (economic_catalog, "30108", "机关事业单位基本养老保险缴费"),
        (economic_catalog, "30231", "公务用车运行维护费"),
    ],
)
def test_known_names(catalog, code, name):
    assert catalog().name(code) == name


@pytest.mark.parametrize(("code", "name"), SEED_FUNCTION_ITEMS)
def test_every_seed_function_item_has_the_seed_name(code, name):
    entry = function_catalog().get(code)
    assert entry is not None and entry.name == name and entry.level == ITEM


@pytest.mark.parametrize(("code", "printed"), SEED_TABLE_06)
def test_every_seed_table_06_row_has_the_seed_name(code, printed):
    name = economic_catalog().name(code)
    assert name == SEED_TABLE_06_FULL_NAMES.get(code, printed)
    assert name.startswith(printed)


def test_seed_narrative_lineage():
    # 情况说明 (三): 类（类）款（款）项（项) for every 项 of table 05.
    catalog = function_catalog()
    names = [tuple(e.name for e in catalog.lineage(code)) for code, _ in SEED_FUNCTION_ITEMS]
    assert names[2] == ("一般公共服务支出", "党委办公厅（室）及相关机构事务", "行政运行")
    assert names[0] == ("一般公共服务支出", "档案事务", "行政运行")
    assert names[9] == ("社会保障和就业支出", "其他社会保障和就业支出", "其他社会保障和就业支出")
    assert names[14] == ("住房保障支出", "住房改革支出", "住房公积金")


def test_counts_and_sources():
    function = function_catalog()
    assert len(function) == 1433  # every row of function.csv; it now has all 24 类 itself
    assert Counter(e.level for e in function) == {CATEGORY: 24, SECTION: 214, ITEM: 1195}
    assert len(economic_catalog()) == 112
    assert len(load_builtin(Classification.GOVERNMENT_ECONOMIC)) == 77
    assert function.get("2013101").source == "builtin:SEED"
    assert function.get("2070109").source == "builtin:PUB SH"
    assert economic_catalog().get("301").source == "builtin:SEED H"
    assert function.get("213") == CatalogEntry("213", "农林水支出", CATEGORY, "builtin:R")
    assert load_builtin(Classification.GOVERNMENT_ECONOMIC).get("501").source == "builtin:I"


def test_builtin_is_cached_and_immutable():
    assert load_builtin(Classification.FUNCTION) is function_catalog()
    with pytest.raises(dataclasses.FrozenInstanceError):
        function_catalog().entries = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        function_catalog().get("201").name = "x"  # type: ignore[misc]


def test_builtin_entries_are_sorted_in_tree_order():
    codes = [e.code for e in function_catalog()]
    assert codes == sorted(codes)
    assert codes.index("201") < codes.index("20105") < codes.index("2010507") < codes.index("20126")


def test_every_category_name_agrees_with_function_csv():
    catalog = function_catalog()
    for category in function_categories():
        assert catalog.name(category.code) == category.name


def test_data_readme_records_the_edition():
    data = resources.files("juesuan_dsl.catalog").joinpath("data")
    readme = data.joinpath("README.md").read_text(encoding="utf-8")
    assert EDITION in readme
    assert "20899" in readme


def test_packaged_csv_files_have_a_header_and_a_source_column():
    data = resources.files("juesuan_dsl.catalog").joinpath("data")
    for name in ("function.csv", "economic.csv", "economic_gov_partial.csv"):
        rows = list(csv.reader(io.StringIO(data.joinpath(name).read_text(encoding="utf-8"))))
        assert rows[0] == ["code", "name", "level", "source"]
        assert all(len(row) == 4 and row[3] for row in rows[1:])


# Levels and parents -------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "classification", "level"),
    [
        ("201", Classification.FUNCTION, CATEGORY),
        ("20131", Classification.FUNCTION, SECTION),
        ("2013101", Classification.FUNCTION, ITEM),
        ("2013", Classification.FUNCTION, None),
        ("", Classification.FUNCTION, None),
        ("20l31", Classification.FUNCTION, None),
        ("２０１", Classification.FUNCTION, None),  # full-width digits
        ("301", Classification.ECONOMIC, CATEGORY),
        ("30101", Classification.ECONOMIC, SECTION),
        ("3010101", Classification.ECONOMIC, None),
    ],
)
def test_level_of(code, classification, level):
    assert level_of(code, classification) == level


def test_parents_by_prefix():
    assert parent_code("2013101") == "20131"
    assert parent_code("20131") == "201"
    assert parent_code("201") is None
    assert parent_code("30231", Classification.ECONOMIC) == "302"
    assert parent_code("999999") is None
    assert lineage_codes("2013101") == ("201", "20131", "2013101")
    assert function_catalog().parent("2013101").name == "党委办公厅（室）及相关机构事务"
    assert function_catalog().parent("20131").name == "一般公共服务支出"
    assert function_catalog().parent("201") is None
    assert economic_catalog().parent("30231").name == "商品和服务支出"


def test_parent_missing_from_the_catalog():
    # 2219899 is known (PUB), its 款 22198 is not (a known gap): the prefix still works.
    catalog = function_catalog()
    assert parent_code("2219899") == "22198"
    assert catalog.parent("2219899") is None
    assert [e and e.code for e in catalog.lineage("2219899")] == ["221", None, "2219899"]


def test_children():
    assert [e.code for e in economic_catalog().children("307")] == ["30701", "30702"]
    assert [e.code for e in function_catalog().children("20131")] == [
        "2013101", "2013102", "2013103", "2013105", "2013150", "2013199",
    ]
    assert [e.code for e in function_catalog().children("219")][:2] == ["21901", "21902"]
    assert function_catalog().children("2013101") == ()
    assert function_catalog().children("218") == ()


# Ordinals -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("201", "一、一般公共服务支出"),
        ("206", "六、科学技术支出"),
        ("207", "七、文化旅游体育与传媒支出"),
        ("208", "八、社会保障和就业支出"),
        ("210", "九、卫生健康支出"),
        ("221", "十九、住房保障支出"),
    ],
)
def test_ordinal_labels_as_the_seed_prints_them(code, label):
    assert ordinal_label(code) == label


def test_category_ordinals():
    assert category_ordinal("201") == 1
    assert category_ordinal("2013101") == 1  # a 项 numbers as its 类
    assert category_ordinal("221") == 19
    assert category_ordinal("234") == 24
    assert category_ordinal("218") is None
    assert category_ordinal("21") is None
    assert ordinal_label("234") == "二十四、抗疫特别国债安排的支出"
    assert [c.ordinal for c in function_categories()] == list(range(1, 25))


@pytest.mark.parametrize(
    ("n", "text"), [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"), (24, "二十四")]
)
def test_chinese_numeral(n, text):
    assert chinese_numeral(n) == text


# Did you mean ----------------------------------------------------------------


def codes(entries):
    return [e.code for e in entries]


def test_nearest_keeps_the_longest_prefix():
    assert codes(function_catalog().nearest("2013109")) == ["2013101", "2013102", "2013103"]


def test_nearest_finds_a_transposition_within_the_section():
    # 2013110: "01" typed as "10"; 2013101 and 2013150 are one edit away, code order decides.
    assert codes(function_catalog().nearest("2013110", k=2)) == ["2013101", "2013150"]


def test_nearest_never_leaves_the_category():
    catalog = function_catalog()
    # 2031101 was "13" typed as "31" (2013101) once; now 203 国防支出 is known and only it is searched.
    assert all(e.code.startswith("203") for e in catalog.nearest("2031101", k=10))
    # A 类 no catalog entry has: nothing to suggest, not a neighbour 类.
    assert catalog.nearest("2181101") == ()
    assert catalog.nearest("218") == ()
    for code in ("2070191", "2071101", "20711", "2109999", "2299999"):
        suggestions = catalog.nearest(code, k=50)
        assert suggestions and all(e.code[:3] == code[:3] for e in suggestions), code
    assert all(e.code.startswith("302") for e in economic_catalog().nearest("30232", k=20))


def test_nearest_prefers_the_same_section():
    # All of 20701's 项 come before any other 项 of 207.
    suggestions = codes(function_catalog().nearest("2070191", k=20))
    same = [c for c in suggestions if c.startswith("20701")]
    assert suggestions[: len(same)] == same and len(same) == len(function_catalog().children("20701"))
    assert set(codes(function_catalog().nearest("2070191", k=3))) <= {c for c in same}


def test_nearest_only_suggests_the_same_level():
    suggestions = function_catalog().nearest("20132", k=5)
    assert all(e.level == SECTION for e in suggestions)
    assert codes(economic_catalog().nearest("30232", k=2)) == ["30231", "30239"]


def test_nearest_never_suggests_the_code_itself_and_honours_k():
    assert "2013101" not in codes(function_catalog().nearest("2013101"))
    assert len(function_catalog().nearest("2013109", k=1)) == 1
    assert function_catalog().nearest("2013109", k=0) == ()


def test_nearest_for_a_code_of_no_valid_length():
    # A dropped digit: compare with every code of the 类, prefix first.
    assert codes(function_catalog().nearest("201310")) == ["2013101", "2013102", "2013103"]
    assert all(e.code.startswith("201") for e in function_catalog().nearest("2013", k=30))


# Layering ----------------------------------------------------------------


def test_with_entries_wins_and_leaves_the_original_alone():
    base = function_catalog()
    newer = base.with_entries(
        [
            CatalogEntry("2013101", "行政运行（新版）", ITEM, "edition-2027.csv"),
            CatalogEntry("22198", "新设的款", SECTION, "edition-2027.csv"),
        ]
    )
    assert newer.name("2013101") == "行政运行（新版）"
    assert newer.parent("2219899").name == "新设的款"
    assert base.name("2013101") == "行政运行"
    assert "22198" not in base
    assert len(newer) == len(base) + 1


def test_catalog_rejects_bad_entries():
    with pytest.raises(ValueError):
        Catalog.of(Classification.ECONOMIC, [CatalogEntry("2013101", "行政运行", ITEM, "x")])
    with pytest.raises(ValueError):
        Catalog.of(Classification.FUNCTION, [CatalogEntry("201", "a", CATEGORY, "x")] * 2)


# User CSV ----------------------------------------------------------------------


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_user_csv_overrides_a_builtin_name(tmp_path):
    path = write(tmp_path / "mine.csv", "code,name,note\n2013101,行政运行（本地）,ignored\n2239999,新增科目,\n")
    entries, problems = load_user_csv(path)
    assert problems == ()
    assert entries == (
        CatalogEntry("2013101", "行政运行（本地）", ITEM, str(path)),
        CatalogEntry("2239999", "新增科目", ITEM, str(path)),
    )
    catalog = function_catalog().with_entries(entries)
    assert catalog.name("2013101") == "行政运行（本地）"
    assert catalog.get("2013101").source == str(path)
    assert catalog.name("2013102") == "一般行政管理事务"


def test_user_csv_bad_rows_are_problems_with_row_numbers(tmp_path):
    path = write(
        tmp_path / "bad.csv",
        "name,code\n"  # row 1: columns in any order
        "行政运行,2013101\n"  # 2 ok
        "太短,2013\n"  # 3 bad length
        ",2013102\n"  # 4 no name
        ",\n"  # 5 blank: skipped
        "重复,2013101\n"  # 6 duplicate
        "字母,20l3101\n"  # 7 not digits
        "专项业务,2013105\n",  # 8 ok
    )
    entries, problems = load_user_csv(path)
    assert codes(entries) == ["2013101", "2013105"]
    assert entries[0].name == "行政运行"
    assert [(p.row, p.kind) for p in problems] == [(3, "code"), (4, "name"), (6, "duplicate"), (7, "code")]
    assert all(p.source == str(path) and p.message for p in problems)


def test_user_csv_economic_levels(tmp_path):
    path = write(tmp_path / "econ.csv", "code,name\n30232,新款\n3023201,太长\n")
    entries, problems = load_user_csv(path, Classification.ECONOMIC)
    assert entries == (CatalogEntry("30232", "新款", SECTION, str(path)),)
    assert [(p.row, p.kind) for p in problems] == [(3, "code")]


def test_user_csv_in_gbk(tmp_path):
    path = write(tmp_path / "excel.csv", "code,name\r\n20131,党委办公厅（室）及相关机构事务\r\n", "gbk")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    entries, problems = load_user_csv(path)
    assert problems == ()
    assert entries[0].name == "党委办公厅（室）及相关机构事务"


def test_user_csv_with_bom_and_chinese_headers(tmp_path):
    path = write(tmp_path / "bom.csv", "科目编码,科目名称\n2013101,行政运行\n", "utf-8-sig")
    entries, problems = load_user_csv(path)
    assert problems == ()
    assert entries == (CatalogEntry("2013101", "行政运行", ITEM, str(path)),)


def test_user_csv_bom_before_code_header(tmp_path):
    path = write(tmp_path / "bom.csv", "code,name\n201,一般公共服务支出\n", "utf-8-sig")
    assert load_user_csv(path)[1] == ()


@pytest.mark.parametrize(
    ("content", "kind", "row"),
    [
        (b"", "header", None),
        ("2013101,行政运行\n".encode(), "header", 1),
        (b"code,name\n\xff\xfe\xff,x\n", "encoding", None),
        (b'code,name\n2013101,"unterminated\n', "csv", 2),
    ],
)
def test_user_csv_whole_file_problems(tmp_path, content, kind, row):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    entries, problems = load_user_csv(path)
    assert entries == ()
    assert [(p.kind, p.row) for p in problems] == [(kind, row)]


def test_user_csv_missing_file_is_a_problem(tmp_path):
    entries, problems = load_user_csv(tmp_path / "nope.csv")
    assert entries == ()
    assert [(p.kind, p.row) for p in problems] == [("unreadable", None)]
