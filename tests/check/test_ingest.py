"""From files to a Dataset: the contract, the accounting, the quirks end to end, and what stops everything.

Values are worked out by hand beside each assertion, from the defaults of
``appraisal/default_scheme.yaml`` (blank difficulty 1, blank errors 0, late
factor 0.9, error penalty 20 per error per unit of workload).
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pandas as pd
import pytest

from appraisal import AppraisalError, ColumnMapping, Dataset, InputFile, Scheme, ingest
from appraisal.check.ingest import inspect
from appraisal.check.validation import BALLOT_COLUMNS, SERVICE_COLUMNS, TASK_COLUMNS, VOTE_COLUMNS
from appraisal.demo.template import TEMPLATE_EXAMPLES, template_bytes
from appraisal.scoring.component_scores import task_scores
from appraisal.texts import ERROR, REASON, WARNING
from tests.helpers.workbooks import (
    ROSTER,
    ROSTER_HEADER,
    SERVICE_HEADER,
    TASK_HEADER,
    VOTE_HEADER,
    VOTES,
    WRITERS,
    county,
    csv_bytes,
    ods,
    xls,
    xlsx,
)

SCHEME = Scheme.default()


def _roster_file(rows=ROSTER) -> InputFile:
    return InputFile("名册.xlsx", xlsx({"名册": [ROSTER_HEADER, *rows]}))


def _accounted(ds: Dataset) -> None:
    for source, n in ds.rows.items():
        assert n["read"] == n["accepted"] + n["rejected"], source
        assert n["rejected"] == int((ds.rejected["source"] == source).sum()), source


# ------------------------------------------------------------------ the contract

def test_dataset_columns_and_types():
    ds = ingest([InputFile("county.xlsx", xlsx(county()))], SCHEME)
    assert list(ds.roster.columns) == ["cadre_id", "name", "unit", "unit_type", "post"]
    assert ds.tasks.dtypes.astype(str).to_dict() == TASK_COLUMNS
    assert ds.service.dtypes.astype(str).to_dict() == SERVICE_COLUMNS
    assert ds.votes.dtypes.astype(str).to_dict() == VOTE_COLUMNS
    assert list(ds.ballots.columns) == list(BALLOT_COLUMNS)
    assert list(ds.sheets.columns) == ["file", "sheet", "source", "source_label", "shape", "shape_label",
                                       "header_row", "rows", "headers", "missing", "preview", "why"]
    assert ds.rows == {**{s: {"read": 5, "accepted": 5, "rejected": 0}
                          for s in ("roster", "tasks", "service", "democratic")},
                       "adjustments": {"read": 0, "accepted": 0, "rejected": 0},
                       "exemptions": {"read": 0, "accepted": 0, "rejected": 0},
                       "vetoes": {"read": 0, "accepted": 0, "rejected": 0}}
    # unit type inferred from the name: 镇 → 乡镇, 乡 → 乡镇 (reading.unit_type_by_suffix)
    assert ds.roster["unit_type"].tolist() == ["乡镇"] * 5


def test_inputs_carry_sha256_of_the_bytes():
    data = xlsx(county())
    ds = ingest([InputFile("county.xlsx", data)], SCHEME)
    assert ds.inputs == [{"file": "county.xlsx", "sha256": hashlib.sha256(data).hexdigest()}]


def test_unit_type_as_written_wins_and_default_applies():
    rows = [ROSTER_HEADER + ["单位类型"], ["1", "甲", "青石镇", "党政综合", "县直部门"], ["2", "乙", "城关街道", "党政综合", None],
            ["3", "丙", "县财政局", "党政综合", ""], ["4", "丁", "柳河乡", "党政综合", None]]
    ds = ingest([InputFile("a.xlsx", xlsx({"名册": rows}))], SCHEME)
    assert ds.roster["unit_type"].tolist() == ["县直部门", "街道", "县直部门", "乡镇"]


# ------------------------------------------------------------------ quirks end to end

def test_ids_as_numbers_in_one_sheet_and_text_in_another():
    # roster IDs typed as numbers (Excel returns 1001.0), tasks as text, service as numbers in .xls,
    # votes as full-width text in .ods
    roster = [ROSTER_HEADER, [1001, "张三 ", "青石镇", "经济发展"], [1002, "李\u3000四", "青石镇", "经济发展"]]
    tasks = [["编号", "目标值", "完成值"], ["1001", 10, 10], [" 1002", 10, 5]]
    service = [SERVICE_HEADER, [1001.0, "P1", "满意"], [1002, "P2", "满意"]]
    votes = [VOTE_HEADER, ["１００１", "干部职工", 1, 0, 0, 0], ["1002", "干部职工", 0, 1, 0, 0]]
    ds = ingest([InputFile("名册.xlsx", xlsx({"名册": roster})), InputFile("任务.csv", csv_bytes(tasks, "gbk")),
                 InputFile("评价.xls", xls({"评价": service})), InputFile("测评.ods", ods({"测评": votes}))], SCHEME)
    assert ds.rejected.empty
    assert ds.roster[["cadre_id", "name"]].to_numpy().tolist() == [["1001", "张三"], ["1002", "李四"]]
    assert ds.tasks["cadre_id"].tolist() == ["1001", "1002"]
    assert ds.service["cadre_id"].tolist() == ["1001", "1002"]
    assert ds.votes["cadre_id"].tolist() == ["1001", "1002"]


def test_blank_optional_columns_take_their_defaults():
    tasks = [TASK_HEADER,
             ["1001", "a", 100, 100, None, "2025-06-30", None, None],           # no done_on: no late check
             ["1001", "b", 100, 100, 2, None, "2025-07-30", 1],                  # no deadline: no late check
             ["1002", "c", 100, 100, None, "2025年6月30日", "2025/7/1", None],    # late: done after deadline
             ["1002", "d", 50, 50, "", 45838, 45838, ""]]                       # serials: 2025-06-30 both
    ds = ingest([_roster_file(), InputFile("任务.xlsx", xlsx({"任务": tasks}))], SCHEME)
    assert ds.tasks["difficulty"].tolist() == [1.0, 2.0, 1.0, 1.0]
    assert ds.tasks["errors"].tolist() == [0.0, 1.0, 0.0, 0.0]
    assert ds.tasks["deadline"].tolist()[2:] == [pd.Timestamp("2025-06-30")] * 2
    out = task_scores(ds.tasks, SCHEME)
    # 1001: workload 1 + 2 = 3, ratios 1.0 and 1.0, none late → 100; errors 1 / 3 → −20/3 → 93.333
    assert out.loc["1001", "workload"] == 3
    assert out.loc["1001", "task_score"] == pytest.approx(100 - 20 / 3)
    assert out.loc["1001", "late_tasks"] == 0
    # 1002: task c late (0.9), task d on its deadline → (0.9 + 1.0) / 2 = 0.95 → 95
    assert out.loc["1002", "late_tasks"] == 1
    assert out.loc["1002", "task_score"] == pytest.approx(95.0)


def test_blank_difficulty_and_errors_follow_the_scheme():
    scheme = SCHEME.updated({"tasks": {"blank_difficulty": 2, "blank_errors": 1}})
    tasks = [["编号", "目标值", "完成值", "难度系数", "差错次数"], ["1001", 10, 10, None, None]]
    ds = ingest([_roster_file(), InputFile("任务.xlsx", xlsx({"任务": tasks}))], scheme)
    assert ds.tasks[["difficulty", "errors"]].to_numpy().tolist() == [[2.0, 1.0]]


def test_task_sheet_without_optional_columns():
    ds = ingest([_roster_file(), InputFile("任务.csv", csv_bytes([["工号", "计划值", "完成数"], ["1001", "１２０", "1,200"]]))],
                SCHEME)
    row = ds.tasks.iloc[0]
    assert (row["task"], row["target"], row["actual"], row["difficulty"], row["errors"]) == ("", 120, 1200, 1, 0)
    assert pd.isna(row["deadline"]) and pd.isna(row["done_on"])


@pytest.mark.parametrize("writer", list(WRITERS))
def test_chinese_slashed_and_serial_dates_in_every_format(writer):
    tasks = [["编号", "目标值", "完成值", "截止日期", "完成日期"],
             ["1001", 1, 1, "2025年3月5日", "2025/3/5"],
             ["1001", 1, 1, 45721, dt.datetime(2025, 3, 5)],          # Excel serial and a real date
             ["1001", 1, 1, "2025.3.5", "20250305"]]
    f = InputFile("任务" + {"xls": ".xls", "ods": ".ods"}.get(writer, ".xlsx"), WRITERS[writer]({"任务": tasks}))
    ds = ingest([_roster_file(), f], SCHEME)
    assert ds.rejected.empty
    assert set(ds.tasks["deadline"]) == set(ds.tasks["done_on"]) == {pd.Timestamp("2025-03-05")}


def test_ratings_words_and_stars_end_to_end():
    service = [["编号", "满意度"], ["1001", "非常满意"], ["1001", "满意"], ["1001", "基本满意"], ["1001", "不满意"],
               ["1001", "非常不满意"], ["1001", "5星"], ["1001", 4], ["1001", "★★★"], ["1001", "２"]]
    ds = ingest([_roster_file(), InputFile("评价.xlsx", xlsx({"评价": service}))], SCHEME)
    assert ds.service["rating"].tolist() == [5.0, 4.0, 3.0, 2.0, 1.0, 5.0, 4.0, 3.0, 2.0]


def test_one_workbook_and_files_per_source_at_once():
    sheets = county(title="2025年度考核")
    files = [InputFile("名册任务.xlsx", xlsx({"名册": sheets["名册"], "任务": sheets["任务"]})),
             InputFile("评价.csv", csv_bytes(sheets["评价"], "utf-8-sig")),
             InputFile("测评.xls", xls({"测评": sheets["测评"]}))]
    ds = ingest(files, SCHEME)
    assert ds.rejected.empty
    assert ds.sheets[["file", "sheet", "source", "header_row", "rows"]].to_numpy().tolist() == [
        ["名册任务.xlsx", "名册", "roster", 3, 5], ["名册任务.xlsx", "任务", "tasks", 3, 5],
        ["评价.csv", "评价", "service", 3, 5], ["测评.xls", "测评", "democratic", 3, 5]]
    assert [i["file"] for i in ds.inputs] == ["名册任务.xlsx", "评价.csv", "测评.xls"]


def test_unknown_voter_group_is_counted_and_warned():
    votes = [VOTE_HEADER, *VOTES[:2], ["1003", "退休干部", 1, 0, 0, 0]]
    ds = ingest([_roster_file(), InputFile("测评.xlsx", xlsx({"测评": votes}))], SCHEME)
    assert "退休干部" in set(ds.votes["voter_group"])
    assert ds.warnings == [WARNING["other_group"].format(groups="“退休干部”", weight=20)]


def test_ballots_one_a_row_become_tallies():
    ballots = [["编号", "测评人类别", "测评人编号", "测评等次"],
               ["1001", "干部职工", "V1", "优秀"], ["1001", "干部职工", "V2", "优秀"], ["1001", "干部职工", "V3", "不称职"],
               ["1001", "县领导", "L1", "称职"], ["1002", "干部职工", "V1", "基本称职"]]
    ds = ingest([_roster_file(), InputFile("票.xlsx", xlsx({"票": ballots}))], SCHEME)
    assert ds.votes.to_numpy().tolist() == [["1001", "县领导", 0, 1, 0, 0], ["1001", "干部职工", 2, 0, 0, 1],
                                            ["1002", "干部职工", 0, 0, 1, 0]]
    assert len(ds.ballots) == 5 and ds.rows["democratic"]["accepted"] == 5


def test_mapping_through_ingest():
    mapping = ColumnMapping.from_yaml("columns: {考核对象编号: cadre_id, 办件评价: rating}")
    service = [["考核对象编号", "办件评价"], ["1001", "满意"], ["1002", "很满意"]]
    ds = ingest([_roster_file(), InputFile("评价.xlsx", xlsx({"评价": service}))], SCHEME, mapping)
    assert ds.service["rating"].tolist() == [4.0]
    assert ds.rejected[["row", "column"]].to_numpy().tolist() == [[3, "办件评价（B列）"]]


def test_accounting_with_blank_rows_and_junk():
    tasks = [["编号", "目标值", "完成值"], ["1001", 1, 1], [], ["合计", 2, 2], ["1001", "x", 1], [None, None, None],
             ["1002", 1, 1]]
    ds = ingest([_roster_file(), InputFile("任务.xlsx", xlsx({"任务": tasks}))], SCHEME)
    _accounted(ds)
    assert ds.rows["tasks"] == {"read": 4, "accepted": 2, "rejected": 2}   # two blank rows are not data
    assert sorted(ds.rejected["row"].tolist()) == [4, 5]


def test_the_template_ingests_cleanly():
    ds = ingest([InputFile("模板.xlsx", template_bytes())], SCHEME)
    assert ds.rejected.empty and ds.warnings == []
    assert ds.rows == {s: {"read": 1, "accepted": 1, "rejected": 0}
                       for s in ("roster", "tasks", "service", "democratic", "adjustments", "exemptions", "vetoes")}
    ex = TEMPLATE_EXAMPLES
    assert ds.roster.iloc[0].to_dict() == {k: ex["roster"][k] for k in ("cadre_id", "name", "unit", "unit_type", "post")}
    t = ds.tasks.iloc[0]
    assert (t["target"], t["actual"], t["difficulty"], t["errors"]) == (120, 126, 1.2, 1)
    assert (t["deadline"], t["done_on"]) == (pd.Timestamp("2025-06-30"), pd.Timestamp("2025-06-20"))
    assert ds.service["rating"].tolist() == [5.0]
    assert ds.votes.iloc[0, 2:].tolist() == [20, 8, 1, 0]


# ------------------------------------------------------------------ what stops everything

def _error(files, scheme=SCHEME, mapping=None) -> str:
    with pytest.raises(AppraisalError) as err:
        ingest(files, scheme, mapping)
    return err.value.message


def test_no_files():
    assert _error([]) == ERROR["no_files"]


def test_no_recognizable_sheet_lists_what_was_seen():
    msg = _error([InputFile("统计.xlsx", xlsx({"汇总": [["乡镇数", "人数"], [2, 5]], "空表": []}))])
    assert msg == ERROR["no_sheet"].format(details=WARNING["sheet_ignored"].format(
        file="统计.xlsx", sheet="汇总", why=WARNING["sheet_unrecognized"].format(headers="乡镇数、人数")))


def test_no_roster():
    sheets = county()
    assert _error([InputFile("a.xlsx", xlsx({"任务": sheets["任务"]}))]) == ERROR["no_roster"]


def test_roster_without_a_usable_row():
    assert _error([_roster_file([["合计", None, None, None], [None, "张三", "青石镇", "经济发展"]])]) == ERROR["no_cadre"]


def test_missing_required_column_names_it_and_the_header_row():
    tasks = [["任务表"], ["编号", "任务名称", "完成值"], ["1001", "a", 1]]
    msg = _error([_roster_file(), InputFile("任务.xlsx", xlsx({"任务": tasks}))])
    assert msg == ERROR["missing_column"].format(file="任务.xlsx", sheet="任务", source="任务完成", column="目标值", row=2)


def test_inspect_lists_sheets_without_validating():
    tasks = [["编号", "完成值"], ["1001", 1]]
    sheets = inspect([_roster_file(), InputFile("任务.xlsx", xlsx({"任务": tasks, "说明": [["备注"]]}))], SCHEME)
    assert sheets[["sheet", "source", "rows"]].to_numpy().tolist() == [["名册", "roster", 5], ["任务", "tasks", 1],
                                                                       ["说明", "", 0]]
    assert sheets["missing"].tolist() == [[], ["目标值"], []]


def test_a_tally_sheet_per_voter_group_takes_the_group_from_the_sheet_name():
    """Offices often keep one sheet per voter group and no 测评人类别 column: the sheet's name is the group."""
    header = ["编号", "优秀", "称职", "基本称职", "不称职"]
    book = xlsx({"名册": [ROSTER_HEADER, *ROSTER],
                 "县领导测评": [header, ["1001", 3, 1, 0, 0], ["1002", 1, 3, 0, 0]],
                 "2.干部职工": [header, ["1001", 10, 10, 0, 0]]})
    ds = ingest([InputFile("测评.xlsx", book)], SCHEME)
    votes = ds.votes.set_index(["cadre_id", "voter_group"])
    assert votes.loc[("1001", "县领导"), "excellent"] == 3 and votes.loc[("1002", "县领导"), "competent"] == 3
    assert votes.loc[("1001", "干部职工"), "excellent"] == 10 and len(votes) == 3
    assert WARNING["field_from_sheet"].format(file="测评.xlsx", sheet="县领导测评", field="测评人类别",
                                              value="县领导") in ds.warnings
    assert set(inspect([InputFile("测评.xlsx", book)], SCHEME)["source"]) == {"roster", "democratic"}


def test_a_tally_sheet_without_group_column_or_group_name_is_still_refused():
    header = ["编号", "优秀", "称职", "基本称职", "不称职"]
    book = xlsx({"名册": [ROSTER_HEADER, *ROSTER], "民主测评": [header, ["1001", 3, 1, 0, 0]]})
    with pytest.raises(AppraisalError, match="测评人类别"):
        ingest([InputFile("测评.xlsx", book)], SCHEME)


def test_counts_written_with_their_unit_are_read_as_numbers():
    """"10票", "2 票", "3人" in a tally and "2次" in 差错次数 are the numbers; a unit alone or after text is not."""
    votes = [VOTE_HEADER, ["1001", "县领导", "10票", "2 票", "0", ""], ["1002", "县领导", "3人", "x票", "票", "1"],
             ["1003", "干部职工", "5", "票", "", ""]]
    tasks = [TASK_HEADER, ["1001", "t", 10, 9, 1, None, None, "2次"], ["1002", "t", 10, 9, 1, None, None, "两次"]]
    ds = ingest([_roster_file(), InputFile("测评.csv", csv_bytes(votes)), InputFile("任务.csv", csv_bytes(tasks))],
                SCHEME)
    assert ds.votes[["cadre_id", "excellent", "competent", "basic", "unfit"]].values.tolist() == [["1001", 10, 2, 0, 0]]
    assert ds.tasks["errors"].tolist() == [2.0]
    reasons = ds.rejected.set_index(["source", "row"])["reason"]
    assert reasons[("democratic", 3)] == REASON["not_number"].format(column="称职", value="x票")
    assert reasons[("democratic", 4)] == REASON["not_number"].format(column="称职", value="票")
    assert reasons[("tasks", 3)] == REASON["not_number"].format(column="差错次数", value="两次")
