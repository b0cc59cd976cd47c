"""历年考核结果: earlier years' grades read like the other sources, nothing lost, our own workbook read back."""

from __future__ import annotations

import pytest

from appraisal import AppraisalError, InputFile, Scheme, appraise, ingest
from appraisal.check import read_history
from appraisal.output import workbook_bytes
from tests.helpers.workbooks import county, csv_bytes, xlsx

HEADER = ["编号", "姓名", "单位", "年度", "考核等次", "综合得分"]
ROWS = [
    ["1001", "张三", "青石镇", "2023年度", "优秀", 92.5],
    ["1001", "张三", "青石镇", 2024, "称职", 85],
    ["1002", "李四", "青石镇", "２０２４", "基本 称职", None],
    ["1003", "王五", "柳河乡", 2024, "良好", 80],          # not a grade on the scheme's list
    ["", "赵六", "柳河乡", 2024, "称职", 81],               # no ID
    ["1004", "钱七", "柳河乡", "去年", "称职", 79],          # not a year
    ["1001", "张三", "青石镇", 2024, "优秀", 90],           # 1001's 2024 a second time
    ["合计", "", "", "", "", ""],
]


def _book(rows=ROWS, title: str | None = "历年年度考核结果") -> InputFile:
    sheet = ([[title]] if title else []) + [HEADER, *rows]
    return InputFile("历年.xlsx", xlsx({"历年考核结果": sheet}))


def test_every_row_is_used_or_rejected_with_its_reason():
    h = read_history([_book()])
    assert h.rows == {"read": 8, "accepted": 3, "rejected": 5}
    assert h.grades[["cadre_id", "year", "grade"]].values.tolist() == [
        ["1001", 2023, "优秀"], ["1001", 2024, "称职"], ["1002", 2024, "基本称职"]]
    assert h.grades["score"].tolist()[:2] == [92.5, 85.0]
    reasons = dict(zip(h.rejected["row"], h.rejected["reason"]))
    assert "不是考核方案认可的等次" in reasons[6] and "良好" in reasons[6]
    assert "编号" in reasons[7] and reasons[8] == "“年度”的值“去年”不是数字"
    assert "1001”的2024年度等次已在历年.xlsx“历年考核结果”第4行出现" in reasons[9]
    assert "合计" in reasons[10]
    assert set(h.rejected.loc[h.rejected["row"] == 6, "column"]) == {"考核等次（E列）"}


def test_a_sheet_without_a_year_takes_the_year_given_or_is_refused_row_by_row():
    rows = [["1001", "张三", "青石镇", "优秀"], ["1002", "李四", "青石镇", "称职"]]
    book = InputFile("2022.csv", csv_bytes([["编号", "姓名", "单位", "等次"], *rows]))
    assert read_history([book], year=2022).grades["year"].tolist() == [2022, 2022]
    h = read_history([book])
    assert h.rows["accepted"] == 0 and set(h.rejected["reason"]) == {
        "这张表没有“年度”列，也没有指定年度：请加上年度列，或在导入时写明是哪一年"}


def test_our_ranked_workbook_reads_back_as_its_year():
    result = appraise([InputFile("县.xlsx", xlsx(county()))])
    ranked = InputFile("排名.xlsx", workbook_bytes(result, "青山县", 2024))
    h = read_history([ranked])
    assert h.rows == {"read": 5, "accepted": 5, "rejected": 0}  # the 排名 sheet only, not the unit sheets again
    assert set(h.grades["year"]) == {2024}
    by_id = h.grades.set_index("cadre_id")
    want = result.cadres.set_index("cadre_id")
    assert by_id["grade"].to_dict() == want["grade"].to_dict()
    assert by_id["score"].round(2).to_dict() == want["composite"].round(2).to_dict()
    assert any("本系统导出的排名表" in w and "2024" in w for w in h.warnings)


def test_the_accepted_grades_are_data_in_the_scheme():
    scheme = Scheme.default().updated({"history": {"grades": ["优秀", "称职", "良好"]}})
    h = read_history([_book()], scheme)
    assert "1003" in set(h.grades["cadre_id"])


def test_files_without_history_say_what_is_needed():
    with pytest.raises(AppraisalError, match="需要有“编号”和“等次”两列"):
        read_history([InputFile("县.xlsx", xlsx(county()))])


def test_a_history_sheet_beside_this_years_data_is_said_not_scored():
    sheets = county()
    sheets["历年"] = [HEADER, *ROWS[:2]]
    ds = ingest([InputFile("县.xlsx", xlsx(sheets))])
    assert ds.sheets.set_index("sheet").at["历年", "source"] == "history"
    assert any("“历年”是历年考核结果（2行），不参与本次计分" in w for w in ds.warnings)
    assert ds.rows["roster"]["accepted"] == 5  # this year's data as before


def test_a_year_out_of_range_or_not_whole_is_rejected():
    rows = [["1001", "张三", "青石镇", 1900, "优秀", 90], ["1002", "李四", "青石镇", 2024.5, "称职", 80]]
    h = read_history([_book(rows)])
    assert h.rows["accepted"] == 0
    assert all("不是有效的年度" in r for r in h.rejected["reason"])
