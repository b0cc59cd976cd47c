"""Survey-tool ballot exports (问卷星 and the like) read as one ballot a row (appraisal.read.survey)."""

from __future__ import annotations

import pandas as pd
import pytest

from appraisal import ColumnMapping, InputFile, appraise, ingest
from appraisal.read.survey import cadre_of_header
from tests.helpers.workbooks import csv_bytes, xlsx

ROSTER = [["编号", "姓名", "单位", "岗位"], ["1001", "张三", "青石镇", "便民服务窗口"],
          ["1002", "李四", "青石镇", "便民服务窗口"], ["1003", "王五", "柳河乡", "社会事务"],
          ["1004", "李军", "青石镇", "社会事务"], ["2004", "李军", "柳河乡", "社会事务"]]
TOOL = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", "1、您的身份是："]
CADRES = ["2、请对以下同志作出评价—张三（青石镇）", "3、请对以下同志作出评价—李四（青石镇）",
          "4、请对以下同志作出评价—王五（柳河乡）", "5、请对以下同志作出评价—李军（柳河乡）"]
# voter -> (group, ballots per cadre column; "" = left blank)
VOTERS = [
    ("县领导", ["优秀", "称职", "优秀", "称职"]),
    ("干部职工", ["优秀", "", "基本称职", "优秀"]),
    ("干部职工", ["称职", "不称职", "称职", ""]),
    ("服务对象代表", ["优 秀", "称职", "称职", "称职"]),
    ("干部职工", ["", "", "", ""]),  # answered the identity question only: no vote on anyone
]
IDS = ["1001", "1002", "1003", "2004"]


def _export(voters=VOTERS, headers=CADRES, cell=lambda b: b) -> list[list]:
    rows = [TOOL + headers]
    for i, (group, ballots) in enumerate(voters, start=1):
        rows.append([i, f"2025/12/1 10:0{i}:00", "35秒", "手机提交", "直接访问", f"10.0.0.{i}(贵州)", group,
                     *[cell(b) for b in ballots]])
    return rows


def _long(voters=VOTERS) -> list[list]:
    rows = [["编号", "测评人类别", "测评人编号", "测评等次"]]
    for i, (group, ballots) in enumerate(voters, start=1):
        rows += [[cid, group, str(i), b.replace(" ", "")] for cid, b in zip(IDS, ballots) if b]
    return rows


def test_a_survey_export_scores_as_the_long_ballots():
    survey = appraise([InputFile("县.xlsx", xlsx({"名册": ROSTER, "问卷": _export()}))])
    long = appraise([InputFile("县.xlsx", xlsx({"名册": ROSTER, "测评": _long()}))])
    pd.testing.assert_frame_equal(survey.dataset.votes, long.dataset.votes)
    pd.testing.assert_frame_equal(survey.dataset.ballots, long.dataset.ballots)
    cols = ["cadre_id", "democratic_score", "leader_score", "composite", "rank_in_unit", "grade"]
    pd.testing.assert_frame_equal(survey.cadres[cols], long.cadres[cols])
    ds = survey.dataset
    # 14 ballots; the voter who left every cadre blank is one row, rejected as having no vote
    assert ds.rows["democratic"] == {"read": 15, "accepted": 14, "rejected": 1}
    assert ds.rejected[["row", "reason"]].values.tolist() == [[6, "“测评等次”为空"]]
    assert ds.linked_by_name["democratic"] == 14


def test_the_report_says_what_was_understood_and_which_columns_were_not_read():
    ds = ingest([InputFile("县.xlsx", xlsx({"名册": ROSTER, "问卷": _export()}))])
    note = next(w for w in ds.warnings if "问卷导出" in w)
    assert "4列各是一名干部的测评" in note and "以“1、您的身份是：”的回答为测评人类别" in note
    for col in ("提交答卷时间（B列）", "所用时间（C列）", "来源（D列）", "来源详情（E列）", "来自IP（F列）"):
        assert col in note
    assert "序号（A列）" not in note  # read: the voter's number, for the straight-lining check
    assert ds.ballots["voter_id"].tolist()[:4] == ["1", "1", "1", "1"]
    assert ds.sheets.set_index("sheet").at["问卷", "source"] == "democratic"


def test_an_answer_that_is_no_grade_is_rejected_by_its_cell():
    voters = [("县领导", ["优秀", "弃权", "称职", "优秀"]), ("干部职工", ["称职", "称职", "称职", "称职"])]
    ds = ingest([InputFile("县.xlsx", xlsx({"名册": ROSTER, "问卷": _export(voters)}))])
    assert ds.rejected[["row", "column", "reason"]].values.tolist() == [
        [2, "3、请对以下同志作出评价—李四（青石镇）（I列）", "测评等次“弃权”不是优秀/称职/基本称职/不称职之一"]]


def test_option_numbers_with_a_legend_in_the_mapping():
    legend = {"1": "优秀", "2": "称职", "3": "基本称职", "4": "不称职"}
    number = {v: k for k, v in legend.items()}
    rows = _export(cell=lambda b: int(number[b.replace(" ", "")]) if b else "")
    mapping = ColumnMapping(options=legend)
    survey = ingest([InputFile("县.xlsx", xlsx({"名册": ROSTER, "问卷": rows}))], mapping=mapping)
    long = ingest([InputFile("县.xlsx", xlsx({"名册": ROSTER, "测评": _long()}))])
    pd.testing.assert_frame_equal(survey.votes, long.votes)
    assert ColumnMapping.from_yaml(mapping.to_yaml()) == mapping


def test_matrix_headers_and_a_csv_export():
    headers = ["2(张三（青石镇）)", "2(李四（青石镇）)", "2(王五（柳河乡）)", "2(李军（柳河乡）)"]
    files = [InputFile("名册.csv", csv_bytes(ROSTER)), InputFile("问卷星导出.csv", csv_bytes(_export(headers=headers)))]
    ds = ingest(files)
    long = ingest([InputFile("县.xlsx", xlsx({"名册": ROSTER, "测评": _long()}))])
    pd.testing.assert_frame_equal(ds.votes, long.votes)


def test_cadres_the_roster_cannot_tell_apart_are_refused_with_the_reason():
    headers = [*CADRES[:3], "5、请对以下同志作出评价—李军", ]
    ds = ingest([InputFile("县.xlsx", xlsx({"名册": ROSTER, "问卷": _export(headers=headers)}))])
    refused = ds.rejected[ds.rejected["column"].str.startswith("5、")]
    assert set(refused["reason"]) == {"名册中有2名“李军”（青石镇、柳河乡），表中没有写单位，无法确定是哪一位"}
    assert len(refused) == 3  # each of the three ballots on 李军
    assert ds.rows["democratic"]["read"] == ds.rows["democratic"]["accepted"] + ds.rows["democratic"]["rejected"]


@pytest.mark.parametrize(("header", "cadre"), [
    ("2、请对以下同志作出评价—张三（青石镇）", ("张三", "青石镇", "")),
    ("2(张三)", ("张三", "", "")),
    ("3.民主测评：王 五", ("王五", "", "")),
    ("第4题_李四(1002)", ("李四", "", "1002")),
    ("阿依古丽·买买提（柳河乡）", ("阿依古丽·买买提", "柳河乡", "")),
])
def test_the_cadre_named_in_a_header(header, cadre):
    assert cadre_of_header(header) == cadre


def test_headers_with_ids_link_by_id():
    headers = ["张三(1001)", "李四(1002)", "王五(1003)", "李军(2004)"]
    ds = ingest([InputFile("县.xlsx", xlsx({"名册": ROSTER, "问卷": _export(headers=headers)}))])
    long = ingest([InputFile("县.xlsx", xlsx({"名册": ROSTER, "测评": _long()}))])
    pd.testing.assert_frame_equal(ds.votes, long.votes)
    assert ds.linked_by_name["democratic"] == 0


def test_an_identity_question_the_reader_does_not_know_is_named_in_the_mapping():
    """The mapping step: a column mapped to 测评人类别 is the voter group, and the sheet reads as a survey."""
    rows = _export()
    rows[0][6] = "您所在的群体"
    files = [InputFile("县.xlsx", xlsx({"名册": ROSTER, "问卷": rows}))]
    assert ingest(files).sheets.set_index("sheet").at["问卷", "source"] == ""  # not recognized as it stands
    mapping = ColumnMapping.from_yaml("columns: {您所在的群体: voter_group}\nsheets: {问卷: democratic}")
    ds = ingest(files, mapping=mapping)
    long = ingest([InputFile("县.xlsx", xlsx({"名册": ROSTER, "测评": _long()}))])
    pd.testing.assert_frame_equal(ds.votes, long.votes)


def test_sheets_of_other_kinds_with_grade_words_are_not_taken_for_surveys():
    """A roster with last year's grades, a ballot sheet (测评等次), a tally with a 票数 label: not surveys."""
    roster = [["编号", "姓名", "单位", "单位类别", "岗位", "上年度等次"], ["1001", "张三", "青石镇", "乡镇", "便民服务窗口", "优秀"],
              ["1002", "李四", "青石镇", "乡镇", "便民服务窗口", "称职"]]
    ballots = [["编号", "测评人类别", "测评等次"], ["1001", "干部职工", "优秀"], ["1002", "县领导", "称职"]]
    ds = ingest([InputFile("县.xlsx", xlsx({"名册": roster, "测评": ballots}))])
    assert set(ds.sheets["shape"]) == {""}
    assert ds.roster["cadre_id"].tolist() == ["1001", "1002"] and len(ds.ballots) == 2
