"""The ranked workbook: sheets, headers, colours, number formats, print setup, formula safety, size.

Every workbook is opened with openpyxl and read back; one is converted by
LibreOffice headless (which refuses or "repairs" a malformed file).
"""

from __future__ import annotations

import dataclasses
import io
import re
import time

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils.escape import unescape

import appraisal
from appraisal.demo.sample import write_sample
from appraisal.output.charts import FLAG_COLORS, GRADE_COLORS
from appraisal.output.export import (
    UNIT_COLUMNS,
    method_sections,
    report_title,
    to_csv,
    unit_sheet_names,
    workbook_bytes,
)
from appraisal.output.report import office_to_pdf, soffice_path
from appraisal.texts import COLUMN_LABELS, FLAG_LABELS, SHEET_NAMES

FIXED = [SHEET_NAMES[k] for k in ("ranked", "method", "groups", "units", "rejected", "scheme")]


@pytest.fixture(scope="module")
def result(sample_result):
    return sample_result


@pytest.fixture(scope="module")
def book(result):
    data = workbook_bytes(result, county="青山县", year=2025)
    return openpyxl.load_workbook(io.BytesIO(data), rich_text=True)


def _argb(hex_color: str) -> str:
    return "FF" + hex_color.lstrip("#").upper()


def _column(sheet, header: str) -> int:
    return [c.value for c in sheet[1]].index(header) + 1


@pytest.mark.parametrize(("county", "year", "title"), [
    ("青山县", 2025, "青山县2025年度干部考核结果"),
    (None, None, "干部考核结果"),
    ("青山县", None, "青山县干部考核结果"),
    (None, 2025, "2025年度干部考核结果"),
    ("  ", None, "干部考核结果"),
])
def test_report_title(county, year, title):
    assert report_title(county, year) == title


@pytest.mark.parametrize(("units", "expected"), [
    (["城关镇"], ["城关镇"]),
    (["a[b]:c*d?e/f\\g"], ["a_b__c_d_e_f_g"]),
    (["排名"], ["排名(2)"]),  # would clash with the overall sheet
    (["方法说明", "方法说明 "], ["方法说明(2)", "方法说明(3)"]),  # stripped: same name
    (["'引号'"], ["引号"]),  # Excel refuses a leading or trailing apostrophe
    (["History"], ["History(2)"]),  # reserved by Excel
    (["ABC", "abc"], ["ABC", "abc(2)"]),  # unique regardless of case
    (["县" * 40, "县" * 40 + "甲"], ["县" * 31, "县" * 28 + "(2)"]),  # equal after truncation
    ([""], ["单位"]),
])
def test_unit_sheet_names_are_valid_and_unique(units, expected):
    names = unit_sheet_names(units, reserved=FIXED)
    assert [names[u] for u in units] == expected
    for name in names.values():
        assert 0 < len(name) <= 31
        assert not re.search(r"[\[\]:*?/\\]", name)
        assert not name.startswith("'") and not name.endswith("'")


def test_sheets_and_headers(result, book):
    units = list(dict.fromkeys(result.cadres["unit"]))
    assert book.sheetnames[:2] == ["排名", "方法说明"]
    assert book.sheetnames[-5:] == ["倒挂分析", "单位标记", "名额台账", "未采用行", "考核方案与来源"]
    assert book.sheetnames[2:-5] == units  # sample unit names need no change
    rows = list(book["排名"].iter_rows(values_only=True))
    assert rows[0][:3] == ("编号", "姓名", "单位")
    assert len(rows) == len(result.cadres) + 1 == 2001
    assert [r[0] for r in rows[1:4]] == list(result.cadres["cadre_id"][:3])
    unit = units[5]
    sheet = list(book[unit].iter_rows(values_only=True))
    assert list(sheet[0]) == [COLUMN_LABELS[k] for k in UNIT_COLUMNS]
    assert len(sheet) == int((result.cadres["unit"] == unit).sum()) + 1
    assert [r[0] for r in sheet[1:]] == sorted(r[0] for r in sheet[1:])  # by rank in unit


def test_no_cell_is_a_formula(book):
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            assert all(c.data_type != "f" for c in row), sheet.title


@pytest.mark.parametrize("sheet", ["排名", "双溪镇", "倒挂分析", "方法说明"])
def test_print_setup(book, sheet):
    ws = book[sheet]
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) in ((1, 0), (None, 0))
    assert ws.print_title_rows == "$1:$1"
    assert "青山县2025年度干部考核结果" in ws.oddHeader.center.text
    assert sheet in ws.oddHeader.center.text
    assert "&D" in ws.oddFooter.left.text
    assert "&P" in ws.oddFooter.right.text and "&N" in ws.oddFooter.right.text
    assert ws.freeze_panes == "A2"


def _width(ws, col: int) -> float:
    """A column's width; xlsxwriter writes equal neighbours as one <col min max> range."""
    return next(d.width for d in ws.column_dimensions.values() if d.min <= col <= d.max)


def test_filters_and_widths(book):
    ws = book["排名"]
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
    assert 6 <= _width(ws, _column(ws, "姓名")) <= 12  # 2-4 Chinese characters
    assert 20 <= _width(ws, _column(ws, "单位")) <= 40  # 县人力资源和社会保障局: 11 characters
    assert _width(ws, _column(ws, "标记说明")) >= 50


def test_grades_and_flags_coloured_like_the_dashboard(result, book):
    ws = book["排名"]
    g = _column(ws, "等次")
    seen = set()
    for row in ws.iter_rows(min_row=2, min_col=g, max_col=g):
        cell = row[0]
        assert cell.fill.fgColor.rgb == _argb(GRADE_COLORS[cell.value])
        seen.add(cell.value)
    assert seen == set(result.cadres["grade"])
    f = _column(ws, "标记")
    singles, multis = 0, 0
    for codes, row in zip(result.cadres["flags"], ws.iter_rows(min_row=2, min_col=f, max_col=f)):
        value = row[0].value
        if len(codes) == 1:
            assert value == FLAG_LABELS[codes[0]]
            assert row[0].font.color.rgb == _argb(FLAG_COLORS[codes[0]])
            singles += 1
        elif len(codes) > 1:  # rich text: each label in its own colour
            blocks = [b for b in value if b.text != "、"]
            assert [b.text for b in blocks] == [FLAG_LABELS[x] for x in codes]
            assert [b.font.color.rgb for b in blocks] == [_argb(FLAG_COLORS[x]) for x in codes]
            multis += 1
        else:
            assert value is None
    assert singles and multis


def test_flag_explanations_one_per_line(result, book):
    ws = book["排名"]
    col = _column(ws, "标记说明")
    i = next(i for i, notes in enumerate(result.cadres["flag_notes"]) if len(notes) > 1)
    cell = ws.cell(i + 2, col)
    assert cell.value.split("\n") == list(result.cadres["flag_notes"][i])
    assert cell.alignment.wrap_text


@pytest.mark.parametrize(("header", "fmt"), [
    ("综合得分", "0.0"), ("任务得分", "0.0"), ("单位内排名", "0"), ("服务评价条数", "0"), ("优秀票占比", "0.0%"),
])
def test_number_formats(book, header, fmt):
    ws = book["排名"]
    cell = ws.cell(2, _column(ws, header))
    assert isinstance(cell.value, (int, float)) and cell.number_format == fmt


def test_method_sheet_is_generated_from_the_scheme(result):
    scheme = result.scheme.updated({"grading": {"excellent_quota": 0.15, "bands": {"优秀": 92, "称职": 75, "基本称职": 60}},
                                    "weights": {"默认": {"task": 50, "service": 25, "democratic": 25}}})
    rescored = appraisal.score(result.dataset, scheme)
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(rescored)))
    text = "\n".join(f"{a}：{b}" for a, b in book["方法说明"].iter_rows(min_row=2, values_only=True) if isinstance(b, str))
    assert "15%" in text and "92分及以上为优秀" in text and "75～92分" in text
    assert "其他岗位（默认）：量化任务50%，服务对象评价25%，民主测评25%" in text
    assert "便民服务窗口" not in text  # the replaced weights table no longer lists it
    assert scheme.key[:12] in text
    assert dict(method_sections(scheme))["等次与名额"].startswith("在本单位内")


def test_default_title_and_provenance(result):
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(result)))
    assert "干部考核结果" in book["排名"].oddHeader.center.text
    assert "None" not in book["排名"].oddHeader.center.text
    values = [v for row in book["考核方案与来源"].iter_rows(values_only=True) for v in row if v is not None]
    for item in result.dataset.inputs:
        assert item["file"] in values and item["sha256"] in values
    assert appraisal.__version__ in values
    assert result.scheme.key in values


def _tricky(result):
    """The sample with formula-looking names and long, clashing, illegal unit names."""
    c = result.cadres.copy()
    risky = ["=HYPERLINK(\"http://x\",\"点我\")", "+1+1", "-2", "@SUM(A1)", "\t制表", "\r回车", "a & <b>", "_x0041_"]
    c.loc[: len(risky) - 1, "name"] = risky
    first, second = c["unit"].unique()[:2]
    c.loc[c["unit"] == first, "unit"] = "青山县" + "人力资源和社会保障局" * 3 + "甲"
    c.loc[c["unit"] == second, "unit"] = "青山县" + "人力资源和社会保障局" * 3 + "乙"
    return dataclasses.replace(result, cadres=c), risky


def test_formula_looking_text_stays_text(result):
    tricky, risky = _tricky(result)
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes(tricky)))
    names = [r[1] for r in book["排名"].iter_rows(min_row=2, max_row=len(risky) + 1, values_only=True)]
    # Control characters are stored in Excel's _xHHHH_ form (as xlsxwriter does), which Excel decodes
    # and openpyxl leaves to openpyxl.utils.escape.unescape.
    assert [unescape(n) for n in names] == risky
    assert len(book.sheetnames) == len({n.casefold() for n in book.sheetnames})
    assert all(len(n) <= 31 for n in book.sheetnames)
    csv = pd.read_csv(io.BytesIO(to_csv(pd.DataFrame({"姓名": risky}))), encoding="utf-8-sig")
    assert all(v.startswith("'") for v in csv["姓名"][:6])


def test_workbook_converts_in_libreoffice(result, tmp_path):
    """LibreOffice opens the workbook (tricky names included) and prints it to PDF."""
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    small = appraisal.appraise(write_sample(tmp_path, n_cadres=80, seed=7))
    tricky, _ = _tricky(small)
    pdf = office_to_pdf(workbook_bytes(tricky, county="青山县", year=2025), ".xlsx")
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= len(tricky.cadres["unit"].unique())


def test_twenty_thousand_cadres(result):
    """Ten copies of the sample county: written in well under the 30 s budget for 200,000 (scales linearly)."""
    copies = []
    for i in range(10):
        c = result.cadres.copy()
        c["cadre_id"] = c["cadre_id"] + f"-{i}"
        c["unit"] = c["unit"] + f"{i}"
        copies.append(c)
    big = dataclasses.replace(result, cadres=pd.concat(copies, ignore_index=True))
    start = time.perf_counter()
    data = workbook_bytes(big)
    seconds = time.perf_counter() - start
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert book["排名"].max_row == 20_001
    assert len(book.sheetnames) == 7 + 480
    assert seconds < 15, f"{seconds:.1f} s for 20,000 cadres"
