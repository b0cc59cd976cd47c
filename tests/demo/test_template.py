"""appraisal.demo.template: the blank template, read back with openpyxl and through the library's own readers.

The headers and the example rows are spelled out here in full, so a change to
the template is a visible change of this file.  The example scored by hand,
with the defaults of ``appraisal/default_scheme.yaml``: task 126/120 = 1.05 on
time, 1 error over workload 1.2 → 105 − 20 × 1/1.2 = 88.33; democratic
干部职工 20/8/1/0 → (2000 + 640 + 60)/29 = 93.10; one rating 非常满意 → 100.
"""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest

from appraisal import InputFile, Scheme, appraise, ingest
from appraisal.demo import template_bytes, write_template
from appraisal.demo.template import TEMPLATE_EXAMPLES
from appraisal.read import read_tables
from appraisal.texts import TEMPLATE_NOTES
from tests.helpers.workbooks import csv_bytes

SOURCES = ["roster", "tasks", "service", "democratic", "adjustments", "exemptions", "vetoes"]
SHEETS = ["干部名册", "任务完成", "服务对象评价", "民主测评", "加扣分事项", "容错免责认定", "一票否决事项"]
HEADERS = {
    "干部名册": ["编号", "姓名", "单位", "单位类型", "岗位"],
    "任务完成": ["编号", "姓名", "任务名称", "目标值", "完成值", "难度系数", "截止日期", "完成日期", "差错次数"],
    "服务对象评价": ["编号", "姓名", "评价人编号", "评价等级", "评价时间"],
    "民主测评": ["编号", "姓名", "测评人类别", "优秀", "称职", "基本称职", "不称职"],
    "加扣分事项": ["编号", "姓名", "加扣分事项", "加扣分类别", "加扣分", "依据/文号", "日期"],
    "容错免责认定": ["编号", "姓名", "任务名称", "日期", "免责差错次数", "依据/文号"],
    "一票否决事项": ["编号", "姓名", "一票否决事项", "依据/文号", "日期"],
}
EXAMPLES = {
    "干部名册": ["A0001", "张三", "青石镇", "乡镇", "便民服务窗口"],
    "任务完成": ["A0001", "张三", "企业开办审批", 120, 126, 1.2, "2025-06-30", "2025-06-20", 1],
    "服务对象评价": ["A0001", "张三", "P0001", "非常满意", "2025-03-05"],
    "民主测评": ["A0001", "张三", "干部职工", 20, 8, 1, 0],
    "加扣分事项": ["A0001", "张三", "防汛抢险表现突出", "加分", 1, "县委办〔2025〕12号", "2025-07-15"],
    "容错免责认定": ["A0001", "张三", "企业开办审批", "2025-06-20", 1, "县纪委〔2025〕5号"],
    "一票否决事项": ["A0001", "张三", "安全生产责任事故", "县安委〔2025〕2号", "2025-09-01"],
}
# More rows, as an office fills the template in below the example.
MORE = {
    "干部名册": [["A0002", "李四", "柳河乡", "", "社会事务"], ["A0003", "王五", "城关街道", "街道", "党政综合"]],
    "任务完成": [["A0002", "", "低保审核", 80, 72, "", "2025-09-30", "2025-10-08", ""],
                ["A0003", "王五", "文件起草", 10, 10, 1, "", "", 2]],
    "服务对象评价": [["A0002", "李四", "P0002", "满意", "2025/4/1"], ["A0003", "", "P0003", 3, ""]],
    "民主测评": [["A0002", "李四", "县领导", 3, 2, 0, 0], ["A0003", "王五", "干部职工", 5, 20, 3, 1]],
    "加扣分事项": [["A0002", "李四", "迟报信息", "扣分", 0.5, "通报〔2025〕3号", "2025/8/1"],
                ["A0003", "", "信访化解", "", -2, "县纪委〔2025〕9号", ""]],  # no 类别: the sign says 扣分
    "容错免责认定": [["A0003", "王五", "文件起草", "", 1, "县纪委〔2025〕6号"],
                 ["A0003", "王五", "", "", "1次", "县纪委〔2025〕7号"]],  # no task: the cadre's tasks as a whole
    "一票否决事项": [["A0002", "李四", "违反中央八项规定精神", "县纪委〔2025〕8号", ""],
                 ["A0003", "王五", "生态环境重大责任事件", "县环委〔2025〕1号", "2025/5/6"]],
}


@pytest.fixture(scope="module")
def book():
    return openpyxl.load_workbook(io.BytesIO(template_bytes()))


def _rows(sheet) -> list[list[object]]:
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_a_sheet_per_source_and_the_notes_in_order(book):
    assert book.sheetnames == [*SHEETS, "填表说明"]


@pytest.mark.parametrize("sheet", SHEETS)
def test_each_sheet_is_its_header_and_one_example_row(book, sheet):
    ws = book[sheet]
    assert _rows(ws) == [HEADERS[sheet], EXAMPLES[sheet]]
    assert ws.freeze_panes == "A2"  # the header stays in view while filling in
    assert all(cell.font.b for cell in ws[1])


def test_the_examples_are_the_modules_examples(book):
    """TEMPLATE_EXAMPLES (also used by the ingest tests) is what the sheets hold, field by field."""
    for source, sheet in zip(SOURCES, SHEETS):
        assert list(TEMPLATE_EXAMPLES[source].values()) == EXAMPLES[sheet]


def test_numbers_are_number_cells_ids_and_dates_are_text_and_nothing_is_a_formula(book):
    for sheet in SHEETS:
        for cell in book[sheet][2]:
            assert cell.data_type == ("n" if isinstance(cell.value, (int, float)) else "s"), (sheet, cell.coordinate)
    assert book["干部名册"]["A2"].data_type == "s"  # an ID like 0012 would lose its zeros as a number
    assert not [c.coordinate for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]


def test_the_notes_sheet_has_every_note_and_one_for_each_source(book):
    rows = _rows(book["填表说明"])
    assert rows[0] == ["项目", "说明"]
    assert [tuple(r) for r in rows[1:]] == list(TEMPLATE_NOTES)
    assert set(SHEETS) <= {topic for topic, _ in TEMPLATE_NOTES}


def test_written_to_a_path_it_holds_what_the_bytes_hold(tmp_path, book):
    target = tmp_path / "模板.xlsx"
    write_template(target)
    again = openpyxl.load_workbook(target)
    assert again.sheetnames == book.sheetnames
    for name in book.sheetnames:
        assert _rows(again[name]) == _rows(book[name])


def test_the_readers_recognize_every_sheet_and_ignore_the_notes_quietly():
    tables, warnings = read_tables([InputFile("模板.xlsx", template_bytes())], Scheme.default().section("reading"))
    assert warnings == []
    assert {t.sheet: t.source for t in tables} == {**dict(zip(SHEETS, SOURCES)), "填表说明": None}
    for t in tables:
        if t.source:
            assert t.header_row == 1 and t.data["row"].tolist() == [2]
            assert [t.columns[f].split("（")[0] for f in t.data.columns if f != "row"] == HEADERS[t.sheet]


def test_the_example_rows_are_accepted_and_scored_by_hand():
    result = appraise([InputFile("模板.xlsx", template_bytes())])
    assert result.dataset.rejected.empty and result.dataset.warnings == []
    assert result.dataset.rows == {s: {"read": 1, "accepted": 1, "rejected": 0} for s in SOURCES}
    cadre = result.cadres.iloc[0]
    assert cadre[["cadre_id", "name", "unit", "post"]].tolist() == ["A0001", "张三", "青石镇", "便民服务窗口"]
    assert cadre["task_score"] == pytest.approx(105)  # its one error excused (县纪委〔2025〕5号)
    assert cadre["excused_errors"] == 1 and cadre["excused_note"] == "企业开办审批免责1次（县纪委〔2025〕5号）"
    assert cadre["democratic_score"] == pytest.approx(2700 / 29)
    assert cadre["service_score"] == 100
    w = Scheme.default().weights_of("便民服务窗口")
    expected = (w["task"] * 105 + w["service"] * 100 + w["democratic"] * 2700 / 29) / 100
    unexcused = (w["task"] * (105 - 20 / 1.2) + w["service"] * 100 + w["democratic"] * 2700 / 29) / 100
    assert cadre["weighted_score"] == pytest.approx(expected)
    assert cadre["composite_unexcused"] == pytest.approx(unexcused + 1)
    assert cadre["grade"] == "不称职"  # the example's 一票否决, whatever the score
    assert cadre["grade_basis"] == "一票否决：安全生产责任事故（县安委〔2025〕2号），定为不称职（不论得分）"
    assert (cadre["bonus"], cadre["penalty"]) == (1, 0)
    assert cadre["composite"] == pytest.approx(expected + 1)  # 加分 1, its own column
    assert cadre["adjust_note"] == "防汛抢险表现突出 +1（县委办〔2025〕12号）"


def test_a_filled_in_template_reads_every_row(tmp_path):
    """Rows typed below the example (blanks where the notes allow them) are all accepted."""
    book = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    for sheet, rows in MORE.items():
        for row in rows:
            book[sheet].append([None if v == "" else v for v in row])
    target = tmp_path / "填好的模板.xlsx"
    book.save(target)
    ds = ingest([InputFile.from_path(target)])
    assert ds.rejected.empty, ds.rejected.to_dict("records")
    assert ds.rows == {s: {"read": 3, "accepted": 3, "rejected": 0} for s in SOURCES}
    assert ds.roster["cadre_id"].tolist() == ["A0001", "A0002", "A0003"]
    assert ds.roster["unit_type"].tolist() == ["乡镇", "乡镇", "街道"]  # a blank unit type comes from the name
    t = ds.tasks.set_index("cadre_id")
    assert (t.at["A0002", "difficulty"], t.at["A0002", "errors"]) == (1, 0)  # blanks count as 1 and 0
    assert t.at["A0002", "done_on"] == pd.Timestamp("2025-10-08")
    assert ds.service["rating"].tolist() == [5.0, 4.0, 3.0]
    assert ds.adjustments["points"].tolist() == [1.0, -0.5, -2.0]


def test_each_sheet_sent_as_its_own_csv_is_read_the_same():
    """The notes allow one file per source: the sheets saved as CSV give the same dataset."""
    book = openpyxl.load_workbook(io.BytesIO(template_bytes()))
    files = [InputFile(f"{sheet}.csv", csv_bytes([["" if v is None else v for v in r] for r in _rows(book[sheet])]))
             for sheet in SHEETS]
    from_csv, from_book = ingest(files), ingest([InputFile("模板.xlsx", template_bytes())])
    assert from_csv.rejected.empty and from_csv.rows == from_book.rows
    for part in ("roster", "tasks", "service", "votes", "adjustments"):
        pd.testing.assert_frame_equal(getattr(from_csv, part), getattr(from_book, part))


# ---- the other layouts: wide sheets and the survey export, which offices keep using

@pytest.mark.parametrize(("layout", "shapes"), [
    ("wide", {"任务完成": "wide_tasks", "民主测评": "wide_tally"}),
    ("survey", {"民主测评": "survey"}),
])
def test_each_layout_reads_back_with_its_shape_and_nothing_rejected(layout, shapes):
    ds = ingest([InputFile("模板.xlsx", template_bytes(layout))])
    assert ds.rejected.empty and all(ds.rows[s]["accepted"] >= 1 for s in SOURCES)
    got = dict(zip(ds.sheets["sheet"], ds.sheets["shape"]))
    assert {sheet: got[sheet] for sheet in SHEETS if got[sheet]} == shapes
    notes = openpyxl.load_workbook(io.BytesIO(template_bytes(layout)))["填表说明"]
    assert len(list(notes.iter_rows(values_only=True))) > len(TEMPLATE_NOTES) + 1  # the layout's own notes


def test_the_wide_layout_scores_its_example_as_the_standard_one():
    """The wide template holds the same example (one task, 干部职工 20/8/1/0): the same scores."""
    cols = ["cadre_id", "task_score", "workload", "democratic_score", "service_score", "composite"]
    wide = appraise([InputFile("模板.xlsx", template_bytes("wide"))])
    long = appraise([InputFile("模板.xlsx", template_bytes("long"))])
    pd.testing.assert_frame_equal(wide.cadres[cols], long.cadres[cols])


def test_the_command_line_writes_each_layout(tmp_path):
    from appraisal.cli import main

    for layout in ("long", "wide", "survey"):
        out = tmp_path / f"{layout}.xlsx"
        assert main(["template", "--out", str(out), "--layout", layout]) == 0
        assert out.read_bytes()[:2] == b"PK"
    assert main(["validate", str(tmp_path / "survey.xlsx")]) == 0
