"""templates/lib.typ compiled with the bundled fonts: structure, 续表, landscape, determinism."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest
import typst

from juesuan_dsl.render import fonts

pypdf = pytest.importorskip("pypdf")

LIB = Path(__file__).resolve().parents[1] / "templates" / "lib.typ"

# A small document that calls every function of lib.typ, shaped like the seed
# (Hunan layout): cover, 目录, parts, sections, a long 公开02表 with a 3-level
# merged header, a landscape 公开04表, an empty 公开07表, and a 绩效自评表
# whose rowspans meet a page break.
SAMPLE = r"""
#import "lib.typ": *
#show: conf.with(
  title: "2024年度中共株洲市天元区委办公室部门决算公开",
  dept: "中共株洲市天元区委办公室",
  year: 2024,
)

#cover(2024, "中共株洲市天元区委办公室")
#toc()

#part("第一部分", [中共株洲市天元区委办公室概况], toc-title: [中共株洲市天元区委办公室部门概况])
#section[一、部门职责]
#subsection[（一）主要职责]
围绕工委、区委的工作部署，对涉及全区政治、经济、社会发展和党的建设等全局性重大问题开展调查研究，为工委、区委科学决策提出建议、预案和依据。

及时、准确、全面地向中央、省、市和工委、区委报送信息，反映国内外、省内外和市内外的有关动态。*负责全区保密工作的规划*，以及#strong[档案工作的指导]。2024年度收、支总计840.70万元。

#section[二、机构设置及决算单位构成]
（一）内设机构设置。中共株洲市天元区委办公室内设机构包括：综合调研室、督查室、机要室、综合室。

#part("第二部分", [部门决算表], divider: true)

#let money-rows = range(45).map(i => (
  [#(2012601 + i * 7)], [行政运行第#(i)项], [#(100 + i).50], [#(100 + i).50], [#(100 + i).50], [], [], [], [],
))
#fin-table(
  title: [收入决算表],
  toc-title: [二、收入决算表],
  number: [公开02表],
  dept: [区委办],
  columns: (5.6em, 1fr, 4.8em, 4.8em, 4.8em, 4.2em, 3.6em, 3.6em, 3.6em),
  align: (left, left, right, right, right, right, right, right, right),
  header: (
    (table.cell(colspan: 2)[项目], table.cell(rowspan: 3)[本年收入合计], table.cell(colspan: 3)[财政拨款收入],
     table.cell(rowspan: 3)[上级补助收入], table.cell(rowspan: 3)[事业收入], table.cell(rowspan: 3)[其他收入]),
    (table.cell(rowspan: 2)[功能分类科目编码], table.cell(rowspan: 2)[科目名称], table.cell(rowspan: 2)[小计],
     table.cell(colspan: 2)[其中]),
    ([一般公共预算], [政府性基金]),
    (table.cell(colspan: 2)[栏次], [1], [2], [3], [4], [5], [6], [7]),
  ),
  rows: (([合计], [], [5040.00], [5040.00], [5040.00], [], [], [], []),) + money-rows,
  notes: ([1.本表反映部门本年度取得的各项收入情况。], [2.本套报表金额单位转换时可能存在尾数误差。]),
)

#fin-table(
  title: [财政拨款收入支出决算总表],
  toc-title: [四、财政拨款收入支出决算总表],
  number: [公开04表],
  dept: [区委办],
  landscape: true,
  columns: (1fr, 2.6em, 5em, 1fr, 2.6em, 5em, 6em, 6em, 6em),
  align: (left, center, right, left, center, right, right, right, right),
  header: (
    (table.cell(colspan: 3)[收入], table.cell(colspan: 6)[支出]),
    ([项目], [行次], [金额], [项目], [行次], [合计], [一般公共预算财政拨款], [政府性基金预算财政拨款], [国有资本经营预算财政拨款]),
    ([栏次], [], [1], [栏次], [], [2], [3], [4], [5]),
  ),
  rows: (
    ([一、一般公共预算财政拨款], [1], [840.70], [一、一般公共服务支出], [15], [674.75], [674.75], [], []),
    ([二、政府性基金预算财政拨款], [2], [], [六、科学技术支出], [16], [1.96], [1.96], [], []),
    ([本年收入合计], [9], [840.70], [本年支出合计], [23], [840.70], [840.70], [], []),
    ([总计], [14], [840.70], [总计], [28], [840.70], [840.70], [], []),
  ),
  notes: ([本表反映部门本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款的总收支和年末结转结余情况。],),
)

#fin-table(
  title: [政府性基金预算财政拨款收入支出决算表],
  toc-title: [七、政府性基金预算财政拨款收入支出决算表],
  number: [公开07表],
  dept: [区委办],
  new-page: true,
  columns: (5em, 1fr, 4.6em, 4.6em, 4.6em, 4.6em, 4.6em, 4.6em),
  header: (
    (table.cell(colspan: 2)[项目], table.cell(rowspan: 2)[年初结转和结余], table.cell(rowspan: 2)[本年收入],
     table.cell(colspan: 3)[本年支出], table.cell(rowspan: 2)[年末结转和结余]),
    ([科目代码], [科目名称], [小计], [基本支出], [项目支出]),
    (table.cell(colspan: 2)[栏次], [1], [2], [3], [4], [5], [6]),
  ),
  rows: (),
  notes: ([本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。],),
  remark: [我单位没有政府性基金收入，也没有使用政府性基金安排的支出，故本表无数据。],
)

= 第四部分#h(1em)名词解释
1.财政拨款收入：指单位从同级财政部门取得的财政预算资金。

#part("第五部分", [附件])
#let ind(name, target, actual, full, got) = ([#name], [#target], [#actual], [#full], [#got], [])
#let long = "撰写包括会议报告、领导讲话、工作汇报等在内的各类文稿"
#fin-table(
  kicker: [附件7-1],
  title: [2024年度项目支出绩效自评表],
  unit: none,
  columns: (5.4em, 5.4em, 1fr, 1fr, 1fr, 3.2em, 3.2em, 5.4em),
  align: (center, center, left, left, left, center, center, left),
  rows: (
    ([项目支出名称], table.cell(colspan: 7)[“国安机要保密经费”项目]),
    (table.cell(rowspan: 2)[年度总体目标], table.cell(colspan: 4)[预期目标], table.cell(colspan: 3)[实际完成情况]),
    (table.cell(colspan: 4, align: left)[完成全区保密工作的规划、宣传教育、指导协调、技术防范、监督管理和失泄密案件的查处工作，提升天元区密码管理水平。],
     table.cell(colspan: 3, align: left)[在栗雨休闲谷建成国家安全主题公园，集中展示国家安全观基本知识。]),
    subheader([一级指标], [二级指标], [三级指标], [年度指标值], [实际完成值], [分值], [得分], [偏差原因分析及改进措施]),
    (table.cell(rowspan: 15)[产出指标（40分）], table.cell(rowspan: 5, breakable: false)[数量指标])
      + ind("建设国家安全主题公园", "1个", "已完成", 4, 4),
    ..range(4).map(i => ind(long + "（第" + str(i + 1) + "批）", "100余份", "已完成", 4, 4)),
    (table.cell(rowspan: 6, breakable: false)[质量指标],) + ind("推动国家安全宣传教育第1项", long, "已完成", 2, 2),
    ..range(5).map(i => ind("推动国家安全宣传教育第" + str(i + 2) + "项", long, "已完成", 2, 2)),
    (table.cell(rowspan: 4, breakable: false)[时效指标],) + ind("2024年12月底前完成", "按时", "已完成", 2, 2),
    ..range(3).map(i => ind("季度工作第" + str(i + 1) + "季度完成", "按时", "已完成", 2, 2)),
    (table.cell(rowspan: 2)[效益指标（20分）], table.cell(rowspan: 2, breakable: false)[社会效益指标])
      + ind("持续提高群众国家安全保密意识", "持续提高", "已完成", 10, 10),
    ind("持续提升全区密码管理水平", "持续提升", "已完成", 10, 10),
    ([满意度指标（10分）], [服务对象满意度指标]) + ind("服务对象满意度", "≥95%", "≥95%", 10, 9.5),
    (table.cell(colspan: 5)[总分], [100], [98.20], []),
  ),
)
"""


def compile_sample(tmp: Path, source: str = SAMPLE) -> tuple[bytes, list]:
    """Compile `source` next to a copy of lib.typ, with the bundled fonts only."""
    shutil.copy(LIB, tmp / "lib.typ")
    (tmp / "sample.typ").write_text(source, encoding="utf-8")
    pdf, warnings = typst.compile_with_warnings(
        str(tmp / "sample.typ"),
        root=str(tmp),
        font_paths=fonts.font_paths([]),
        ignore_system_fonts=True,
        timestamp=0,
    )
    return pdf, warnings


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("typst-lib")
    start = time.perf_counter()
    pdf, warnings = compile_sample(tmp)
    seconds = time.perf_counter() - start
    (tmp / "sample.pdf").write_bytes(pdf)
    reader = pypdf.PdfReader(tmp / "sample.pdf")
    texts = [page.extract_text() for page in reader.pages]
    return {"pdf": pdf, "warnings": warnings, "reader": reader, "texts": texts,
            "tmp": tmp, "seconds": seconds}


def squash(text: str) -> str:
    """Page text without whitespace: CJK extraction puts spaces in odd places."""
    return re.sub(r"\s+", "", text)


def pages_with(compiled: dict, needle: str) -> list[int]:
    return [i for i, text in enumerate(compiled["texts"]) if needle in squash(text)]


def page_number(text: str) -> int | None:
    """The "— n —" footer of a page, or None."""
    found = re.findall(r"—\s*(\d+)\s*—", text)
    return int(found[-1]) if found else None


def test_compiles_without_warnings(compiled: dict) -> None:
    assert compiled["pdf"].startswith(b"%PDF-")
    assert compiled["warnings"] == []
    assert compiled["seconds"] < 30


def test_chinese_text_is_extractable(compiled: dict) -> None:
    everything = squash("".join(compiled["texts"]))
    for needle in ("2024年度", "中共株洲市天元区委办公室", "部门决算公开", "目录",
                   "第一部分", "一、部门职责", "（一）主要职责", "负责全区保密工作的规划",
                   "档案工作的指导", "收入决算表", "公开02表", "部门：区委办", "单位：万元",
                   "功能分类科目编码", "一般公共预算", "注：", "名词解释", "附件7-1",
                   "2024年度项目支出绩效自评表", "产出指标（40分）"):
        assert needle in everything, needle


def test_cover_and_toc_have_no_page_number_and_body_starts_at_one(compiled: dict) -> None:
    texts = compiled["texts"]
    assert "部门决算公开" in squash(texts[0])
    assert page_number(texts[0]) is None
    assert "目录" in squash(texts[1])
    assert page_number(texts[1]) is None
    numbers = [page_number(t) for t in texts[2:]]
    assert numbers == list(range(1, len(texts) - 1))


def test_toc_lists_parts_and_sections_with_their_page_numbers(compiled: dict) -> None:
    toc = compiled["texts"][1]
    entries = {}
    for line in toc.splitlines():
        m = re.match(r"(.+?)[\s.·]*(\d+)\s*$", line.strip())
        if m:
            entries[squash(m.group(1)).rstrip("·.")] = int(m.group(2))
    first_table = pages_with(compiled, "收入决算表")[1]  # [0] is the 目录
    assert entries["第一部分中共株洲市天元区委办公室部门概况"] == 1
    assert entries["一、部门职责"] == 1
    assert entries["二、收入决算表"] == page_number(compiled["texts"][first_table])
    assert "四、财政拨款收入支出决算总表" in entries
    assert "第四部分名词解释" in entries
    assert "（一）主要职责" not in squash(toc)  # level 3 stays out of the 目录


def test_long_table_repeats_header_and_marks_continuation(compiled: dict) -> None:
    first = pages_with(compiled, "行政运行第0项")
    last = pages_with(compiled, "行政运行第44项")
    assert len(first) == 1 and len(last) == 1 and last[0] > first[0]
    p0, p1 = first[0], last[0]
    assert "（续表）" not in squash(compiled["texts"][p0])
    for page in range(p0 + 1, p1 + 1):
        text = squash(compiled["texts"][page])
        assert text.count("（续表）") == 1
        assert "功能分类科目编码" in text and "栏次" in text  # header repeated
        assert "收入决算表" not in text.replace("（续表）", "")  # title not repeated
    assert "注：" in squash(compiled["texts"][p1])


def test_landscape_table_page_is_landscape(compiled: dict) -> None:
    reader = compiled["reader"]
    (page,) = [i for i in pages_with(compiled, "财政拨款收入支出决算总表") if i > 1]
    box = reader.pages[page].mediabox
    assert box.width > box.height
    for i, other in enumerate(reader.pages):
        if i != page:
            assert other.mediabox.width < other.mediabox.height
    assert page_number(compiled["texts"][page]) is not None


def test_empty_table_shows_wu_and_remark(compiled: dict) -> None:
    (page,) = [i for i in pages_with(compiled, "政府性基金预算财政拨款收入支出决算表") if i > 1]
    text = squash(compiled["texts"][page])
    assert "栏次" in text and "无" in text
    assert "说明：我单位没有政府性基金收入" in text
    assert text.index("注：") < text.index("说明：")


def test_evaluation_table_rowspans_across_a_page_break(compiled: dict) -> None:
    start = pages_with(compiled, "产出指标（40分）")
    assert len(start) == 1
    after = [i for i in pages_with(compiled, "总分") if i > start[0]]
    assert after, "the 绩效自评表 should run onto a second page"
    later = squash(compiled["texts"][after[0]])
    assert "（续表）" in later
    assert "一级指标" in later and "偏差原因分析及改进措施" in later  # subheader repeated
    assert "项目支出名称" not in later  # the upper block is not
    # The 一级指标 rowspan is cut by the page break; its label stays on the first part.
    assert "产出指标（40分）" not in later
    # breakable: false keeps each 二级指标 group with all of its rows.
    for label, names in (("数量指标", ["建设国家安全主题公园"] + [f"（第{k}批）" for k in range(1, 5)]),
                         ("质量指标", [f"推动国家安全宣传教育第{k}项" for k in range(1, 7)]),
                         ("时效指标", ["2024年12月底前完成"] + [f"第{k}季度完成" for k in range(1, 4)])):
        (page,) = pages_with(compiled, label)
        for name in names:
            assert name in squash(compiled["texts"][page]), (label, name)


def test_fake_bold_strokes_the_glyphs(compiled: dict) -> None:
    # Text render mode 2 (fill, then stroke) is what the stroke-based bold produces.
    page = compiled["reader"].pages[2]
    assert b"2 Tr" in page.get_contents().get_data()


def test_only_bundled_fonts_are_embedded(compiled: dict) -> None:
    names = set()
    for page in compiled["reader"].pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]))
    assert names
    assert all("NotoSerifSC" in n or "NotoSansSC" in n for n in names), names


def test_compiling_twice_gives_identical_bytes(compiled: dict, tmp_path: Path) -> None:
    again, _ = compile_sample(tmp_path)
    assert again == compiled["pdf"]


def test_pdf_a_and_ua_standards_accept_the_document(tmp_path: Path) -> None:
    shutil.copy(LIB, tmp_path / "lib.typ")
    (tmp_path / "sample.typ").write_text(SAMPLE, encoding="utf-8")
    pdf = typst.compile(str(tmp_path / "sample.typ"), root=str(tmp_path),
                        font_paths=fonts.font_paths([]), ignore_system_fonts=True,
                        timestamp=0, pdf_standards=["a-2b", "ua-1"])
    assert pdf.startswith(b"%PDF-")


def typst_array(names: tuple[str, ...]) -> str:
    return "(" + "".join(json.dumps(n, ensure_ascii=False) + ", " for n in names) + ")"


def test_resolved_font_lists_compile_without_unknown_family_warnings(tmp_path: Path) -> None:
    roles = fonts.resolve_roles(fonts.font_paths([]))

    def source(r: fonts.FontRoles) -> str:
        return (
            '#import "lib.typ": *\n'
            f"#show: conf.with(body-font: {typst_array(r.body)}, heading-font: {typst_array(r.heading)},"
            f" title-font: {typst_array(r.title)}, table-font: {typst_array(r.table)},"
            f" heading-bold: {str(r.heading_bold).lower()}, title-bold: false)\n"
            "#section[一、部门职责]\n正文*加粗*\n"
            "#fin-table(title: [表], columns: 2, header: ([项目], [金额]), rows: (([合计], [1.00]),))\n"
        )

    _, warnings = compile_sample(tmp_path, source(roles))
    assert warnings == []
    # The unfiltered lists name fonts this machine lacks: Typst warns about each.
    _, warnings = compile_sample(tmp_path, source(fonts.PREFERRED))
    assert any("unknown font family" in w.message for w in warnings)


# fonts.py -------------------------------------------------------------------


def test_font_paths_put_user_folders_first(tmp_path: Path) -> None:
    bundled = fonts.bundled_font_paths()
    assert len(bundled) == 1
    assert (bundled[0] / "NotoSerifSC-Regular.otf").is_file()
    assert (bundled[0] / "NotoSansSC-Regular.otf").is_file()
    paths = fonts.font_paths([tmp_path, tmp_path])
    assert paths == [str(tmp_path.resolve()), str(bundled[0].resolve())]
    assert fonts.font_paths([]) == [str(bundled[0].resolve())]


def test_bundled_families_are_found() -> None:
    available = fonts.available_families(fonts.font_paths([]))
    assert fonts.DEFAULT_SERIF.casefold() in available
    assert fonts.DEFAULT_SANS.casefold() in available


def test_choose_keeps_installed_preferences_and_the_fallback() -> None:
    available = frozenset({"simhei", "noto sans sc"})
    assert fonts.choose(fonts.HEADING_FAMILIES, available) == ("SimHei", "Noto Sans SC")
    assert fonts.choose(fonts.BODY_FAMILIES, available) == ("Noto Serif SC",)
    official = fonts.FontRoles(heading=("SimHei", "Noto Sans SC"),
                               title=("FZXiaoBiaoSong-B05S", "Noto Sans SC"))
    assert not official.heading_bold and not official.title_bold
    assert fonts.FontRoles().heading_bold and fonts.FontRoles().title_bold


def test_resolve_roles_without_official_fonts_uses_the_bundled_ones() -> None:
    roles = fonts.resolve_roles(fonts.font_paths([]))
    assert roles == fonts.FontRoles()
    for preferred in (fonts.BODY_FAMILIES, fonts.TABLE_FAMILIES):
        assert preferred[-1] == fonts.DEFAULT_SERIF
    for preferred in (fonts.HEADING_FAMILIES, fonts.TITLE_FAMILIES):
        assert preferred[-1] == fonts.DEFAULT_SANS
