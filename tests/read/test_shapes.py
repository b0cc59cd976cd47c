"""Wide vote summaries (a block of counts per voter group) read as the long tallies (appraisal.read.shapes)."""

from __future__ import annotations

import pandas as pd
import pytest

from appraisal import InputFile, appraise, ingest
from tests.helpers.workbooks import csv_bytes, xlsx

ROSTER = [["编号", "姓名", "单位", "岗位"], ["1001", "张三", "青石镇", "便民服务窗口"],
          ["1002", "李四", "青石镇", "便民服务窗口"], ["1003", "王五", "青石镇", "社会事务"],
          ["2001", "赵六", "柳河乡", "社会事务"]]
G = ["优秀", "称职", "基本称职", "不称职"]
GROUPS = ["县领导", "干部职工", "服务对象代表"]
COUNTS = {  # cadre -> group -> the four counts ("" where that group did not vote on the cadre)
    "1001": {"县领导": [3, 1, 0, 0], "干部职工": [10, 5, 1, 0], "服务对象代表": ["", "", "", ""]},
    "1002": {"县领导": [2, 2, 0, 0], "干部职工": ["８", "7票", 0, 0], "服务对象代表": [4, 1, 0, 0]},
    "2001": {"县领导": [1, 3, 0, 0], "干部职工": [6, 9, 2, 1], "服务对象代表": [2, 3, 1, 0]},
}


def _wide(merged: bool, ident: str = "编号") -> tuple[list[list], list]:
    """The summary as offices keep it: a title, the group row over the count row, a 合计 row."""
    top = [ident, "姓名", *(g if merged and i % 4 else g for g in GROUPS for i in range(4))]
    if merged:
        top = [ident, "姓名", *[g if i == 0 else None for g in GROUPS for i in range(4)]]
    rows = [["2025年度民主测评结果汇总表"], top, [None, None, *G * 3]]
    for cid, by_group in COUNTS.items():
        name = {r[0]: r[1] for r in ROSTER[1:]}[cid]
        rows.append([cid if ident == "编号" else name, name, *[c for g in GROUPS for c in by_group[g]]])
    rows.append(["合计", "", *[""] * 12])
    merges = [(1, 2 + 4 * i, 1, 5 + 4 * i) for i in range(3)] + [(1, 0, 2, 0), (1, 1, 2, 1)] if merged else []
    return rows, merges


def _long() -> list[list]:
    rows = [["编号", "测评人类别", *G]]
    for cid, by_group in COUNTS.items():
        for g in GROUPS:
            if by_group[g][0] != "":
                rows.append([cid, g, *[int(str(c).rstrip("票").translate(str.maketrans("８", "8"))) for c in by_group[g]]])
    return rows


@pytest.mark.parametrize("merged", [True, False], ids=["merged group cells", "group repeated over each column"])
def test_a_wide_summary_scores_as_the_long_tallies(merged):
    rows, merges = _wide(merged)
    wide = appraise([InputFile("县.xlsx", xlsx({"名册": ROSTER, "测评": rows}, {"测评": merges}))])
    long = appraise([InputFile("县.xlsx", xlsx({"名册": ROSTER, "测评": _long()}))])
    pd.testing.assert_frame_equal(wide.dataset.votes, long.dataset.votes)
    cols = ["cadre_id", "democratic_score", "leader_score", "composite", "rank_in_unit", "grade"]
    pd.testing.assert_frame_equal(wide.cadres[cols], long.cadres[cols])
    ds = wide.dataset
    assert ds.sheets.set_index("sheet").at["测评", "source"] == "democratic"
    # 8 tallies with votes, and the 合计 row (its counts blank: one row, rejected as the total it is)
    assert ds.rows["democratic"] == {"read": 8 + 1, "accepted": 8, "rejected": 1}
    assert set(ds.rejected["reason"]) == {"合计/小计行，不作为干部数据"} and set(ds.rejected["row"]) == {7}


def test_a_bad_count_names_its_group_and_column():
    rows, merges = _wide(True)
    rows[4][8] = "x"  # 1002, 干部职工's 基本称职 (column I)
    ds = ingest([InputFile("县.xlsx", xlsx({"名册": ROSTER, "测评": rows}, {"测评": merges}))])
    bad = ds.rejected[ds.rejected["reason"].str.contains("不是数字")]
    assert bad[["row", "column", "reason"]].values.tolist() == [[5, "基本称职（干部职工，I列）", "“基本称职”的值“x”不是数字"]]
    # the other groups' tallies of that row are still used
    assert set(ds.votes.loc[ds.votes["cadre_id"] == "1002", "voter_group"]) == {"县领导", "服务对象代表"}


def test_a_row_with_every_block_blank_is_rejected_once():
    rows, merges = _wide(True)
    rows.insert(6, ["1003", "王五", *[""] * 12])
    ds = ingest([InputFile("县.xlsx", xlsx({"名册": ROSTER, "测评": rows}, {"测评": merges}))])
    assert ds.rejected.loc[ds.rejected["row"] == 7, "reason"].tolist() == ["各等次票数都为空"]


def test_a_wide_summary_by_name_links_to_the_roster():
    rows, merges = _wide(True, ident="姓名")
    rows = [r if i != 1 else ["姓名", "单位", *r[2:]] for i, r in enumerate(rows)]
    for r in rows[3:-1]:
        r[1] = "柳河乡" if r[0] == "赵六" else "青石镇"
    ds = ingest([InputFile("县.xlsx", xlsx({"名册": ROSTER, "测评": rows}, {"测评": merges}))])
    long = ingest([InputFile("县.xlsx", xlsx({"名册": ROSTER, "测评": _long()}))])
    pd.testing.assert_frame_equal(ds.votes, long.votes)
    assert ds.linked_by_name["democratic"] == 8


def test_a_wide_summary_in_a_csv():
    rows, _ = _wide(False)
    ds = ingest([InputFile("名册.csv", csv_bytes(ROSTER)), InputFile("测评.csv", csv_bytes(rows))])
    long = ingest([InputFile("县.xlsx", xlsx({"名册": ROSTER, "测评": _long()}))])
    pd.testing.assert_frame_equal(ds.votes, long.votes)


def test_one_block_is_not_a_wide_sheet():
    """A single 优秀…不称职 block under one label stays the ordinary tally (it needs its 测评人类别)."""
    rows = [["编号", "测评人类别", "票数", None, None, None], [None, None, *G], ["1001", "干部职工", 3, 1, 0, 0]]
    ds = ingest([InputFile("县.xlsx", xlsx({"名册": ROSTER, "测评": rows}, {"测评": [(0, 2, 0, 5)]}))])
    assert ds.votes[["cadre_id", "voter_group", "excellent"]].values.tolist() == [["1001", "干部职工", 3]]


# ---- wide task sheets: a pair of columns per task

TASKS = {  # cadre -> task -> (target, actual); a task a cadre does not have is left out
    "1001": {"招商引资": (100, 90), "项目建设": (50, 50)},
    "1002": {"招商引资": (80, 96)},
    "2001": {"项目建设": (40, 30), "信访化解": (12, 12)},
}
ERRORS = {"1001": 2, "1002": 0, "2001": 1}
TASK_NAMES = ["招商引资", "项目建设", "信访化解"]


def _long_tasks() -> list[list]:
    rows = [["编号", "任务名称", "目标值", "完成值", "差错次数"]]
    for cid, tasks in TASKS.items():
        for i, (task, (target, actual)) in enumerate(tasks.items()):
            rows.append([cid, task, target, actual, ERRORS[cid] if i == 0 else 0])
    return rows


def _wide_tasks(merged: bool) -> tuple[list[list], list]:
    if merged:  # 招商引资 merged over 目标值 | 完成值, 编号/姓名/差错次数 merged down both header rows
        top = ["编号", "姓名", *[t if k == 0 else None for t in TASK_NAMES for k in range(2)], "差错次数"]
        rows = [["2025年度重点任务完成情况"], top, [None, None, *["目标值", "完成值"] * 3, None]]
        merges = [(1, 2 + 2 * i, 1, 3 + 2 * i) for i in range(3)] + [(1, c, 2, c) for c in (0, 1, 8)]
    else:
        rows = [["2025年度重点任务完成情况"],
                ["编号", "姓名", *[f"{t}（{w}）" for t in TASK_NAMES for w in ("目标", "完成")], "差错次数"]]
        merges = []
    names = {r[0]: r[1] for r in ROSTER[1:]}
    for cid, tasks in TASKS.items():
        cells = [c for t in TASK_NAMES for c in (tasks.get(t, ("", "")))]
        rows.append([cid, names[cid], *cells, ERRORS[cid]])
    rows.append(["合计", "", *[""] * 6, ""])
    return rows, merges


@pytest.mark.parametrize("merged", [False, True], ids=["招商引资（目标） headers", "task merged over 目标值 完成值"])
def test_a_wide_task_sheet_scores_as_the_long_task_rows(merged):
    rows, merges = _wide_tasks(merged)
    wide = appraise([InputFile("县.xlsx", xlsx({"名册": ROSTER, "任务": rows}, {"任务": merges}))])
    long = appraise([InputFile("县.xlsx", xlsx({"名册": ROSTER, "任务": _long_tasks()}))])
    pd.testing.assert_frame_equal(wide.dataset.tasks, long.dataset.tasks)
    cols = ["cadre_id", "task_score", "workload", "error_rate", "composite", "rank_in_unit", "grade"]
    pd.testing.assert_frame_equal(wide.cadres[cols], long.cadres[cols])
    ds = wide.dataset
    assert ds.sheets.set_index("sheet").at["任务", "shape"] == "wide_tasks"
    assert ds.rows["tasks"] == {"read": 5 + 1, "accepted": 5, "rejected": 1}  # the 合计 row, once
    assert any("横排的任务表：3项任务（招商引资、项目建设、信访化解）" in w for w in ds.warnings)


def test_a_bad_cell_of_a_wide_task_sheet_names_its_column():
    rows, _ = _wide_tasks(False)
    rows[2][3] = "九十"  # 1001 招商引资（完成）, column D
    ds = ingest([InputFile("县.xlsx", xlsx({"名册": ROSTER, "任务": rows}))])
    bad = ds.rejected[ds.rejected["reason"].str.contains("不是数字")]
    assert bad[["row", "column"]].values.tolist() == [[3, "招商引资（完成）（D列）"]]
    assert ds.tasks.loc[ds.tasks["cadre_id"] == "1001", "task"].tolist() == ["项目建设"]
    # the cadre's one 差错次数 (2) is not lost with the rejected first task: it goes to the task accepted
    assert ds.tasks.loc[ds.tasks["cadre_id"] == "1001", "errors"].tolist() == [2.0]


def test_an_unusable_errors_cell_of_a_wide_task_sheet_rejects_the_cadres_row():
    """Scored without the errors the cadre would gain: every task of the row is listed, the cell named."""
    rows, _ = _wide_tasks(False)
    rows[2][-1] = "两次多"  # 1001's 差错次数, column I
    ds = ingest([InputFile("县.xlsx", xlsx({"名册": ROSTER, "任务": rows}))])
    assert "1001" not in set(ds.tasks["cadre_id"])
    mine = ds.rejected[ds.rejected["row"] == 3]
    assert len(mine) == 2 and set(mine["column"]) == {"差错次数（I列）"}
    assert mine["reason"].str.contains("不是数字").sum() == 1
    assert mine["reason"].str.contains("同一行的“差错次数”无法使用").sum() == 1
    assert ds.rows["tasks"]["read"] == ds.rows["tasks"]["accepted"] + ds.rows["tasks"]["rejected"]


POINTS = {  # indicator -> full points; cadre -> points earned ("" where the indicator is not the cadre's)
    "招商引资": 40, "项目建设": 35, "信访化解": 25,
}
EARNED = {"1001": [36, 30, ""], "1002": [20, "３３", 25], "2001": ["", 28.5, 20]}


def _points_sheet(header: str) -> list[list]:
    names = {r[0]: r[1] for r in ROSTER[1:]}
    heads = {"（N分）": [f"{t}（{n}分）" for t, n in POINTS.items()],
             "(满分N)": [f"{t}(满分{n})" for t, n in POINTS.items()],
             "N分": [f"{t}{n}分" for t, n in POINTS.items()]}[header]
    rows = [["2025年度量化考核指标得分表"], ["编号", "姓名", *heads, "合计（100分）", "差错次数"]]
    for cid, earned in EARNED.items():
        rows.append([cid, names[cid], *earned, "", ERRORS[cid]])
    rows.append(["合计", "", "", "", "", "", ""])
    return rows


def _points_long() -> list[list]:
    rows = [["编号", "任务名称", "目标值", "完成值", "难度系数", "差错次数"]]
    for cid, earned in EARNED.items():
        first = True
        for (task, full), got in zip(POINTS.items(), earned):
            if got != "":
                rows.append([cid, task, full, float(str(got).replace("３", "3")), full / 10, ERRORS[cid] if first else 0])
                first = False
    return rows


@pytest.mark.parametrize("header", ["（N分）", "(满分N)", "N分"])
def test_a_points_sheet_scores_as_tasks_of_their_full_points(header):
    """指标得分表: each indicator a task (target = full points, actual = points, difficulty = full ÷ 10)."""
    wide = appraise([InputFile("县.xlsx", xlsx({"名册": ROSTER, "得分": _points_sheet(header)}))])
    long = appraise([InputFile("县.xlsx", xlsx({"名册": ROSTER, "任务": _points_long()}))])
    pd.testing.assert_frame_equal(wide.dataset.tasks, long.dataset.tasks)
    cols = ["cadre_id", "task_score", "workload", "error_rate", "composite", "rank_in_unit", "grade"]
    pd.testing.assert_frame_equal(wide.cadres[cols], long.cadres[cols])
    ds = wide.dataset
    assert ds.sheets.set_index("sheet").at["得分", "shape"] == "points_tasks"
    assert ds.rows["tasks"] == {"read": 7 + 1, "accepted": 7, "rejected": 1}  # the 合计 row, once
    note = next(w for w in ds.warnings if "指标得分表" in w)
    assert "3项指标（招商引资、项目建设、信访化解）" in note and "合计列（合计（100分）（F列））未采用" in note
    # by hand: 1001 earned 36 + 30 of 40 + 35 points (workload 7.5) with 2 errors → 100 × 66/75 − 20 × 2/7.5
    by_id = wide.cadres.set_index("cadre_id")
    assert by_id.at["1001", "task_score"] == pytest.approx(88 - 40 / 7.5)
    assert by_id.at["1002", "task_score"] == pytest.approx(78)  # 20 + 33 + 25 of 100, no errors


def test_the_points_per_difficulty_setting_weighs_the_indicators():
    from appraisal import Scheme

    scheme = Scheme.default().updated({"tasks": {"points_per_difficulty": 5}})
    ds = ingest([InputFile("县.xlsx", xlsx({"名册": ROSTER, "得分": _points_sheet("（N分）")}))], scheme)
    assert ds.tasks.groupby("task")["difficulty"].first().to_dict() == {"招商引资": 8.0, "信访化解": 5.0, "项目建设": 7.0}


def test_a_full_points_and_points_pair_reads_the_full_points_per_row():
    heads = ["编号", "招商引资（满分）", "招商引资（得分）", "项目建设（满分）", "项目建设（得分）"]
    rows = [heads, ["1001", 40, 36, 60, 30], ["1002", 50, 20, "", ""]]
    ds = ingest([InputFile("县.xlsx", xlsx({"名册": ROSTER, "得分": rows}))])
    got = ds.tasks[["cadre_id", "task", "target", "actual", "difficulty"]].values.tolist()
    assert got == [["1001", "招商引资", 40.0, 36.0, 4.0], ["1001", "项目建设", 60.0, 30.0, 6.0],
                   ["1002", "招商引资", 50.0, 20.0, 5.0]]


def test_a_points_value_that_is_not_a_number_names_its_column():
    rows = _points_sheet("（N分）")
    rows[3][3] = "优"  # 1002 项目建设（35分）, column D
    ds = ingest([InputFile("县.xlsx", xlsx({"名册": ROSTER, "得分": rows}))])
    bad = ds.rejected[ds.rejected["reason"].str.contains("不是数字")]
    assert bad[["row", "column"]].values.tolist() == [[4, "项目建设（35分）（D列）"]]


@pytest.mark.parametrize(("header", "found"), [
    (["姓名", "招商引资（20分）", "合计"], ([("招商引资", {"actual": 1})], {"招商引资": 20.0})),
    (["姓名", "招商引资（满分：20分）", "总分（100分）"], ([("招商引资", {"actual": 1})], {"招商引资": 20.0})),
    (["姓名", "考核得分（100分）"], None),
    (["姓名", "备注"], None),
])
def test_task_points_in_one_header_row(header, found):
    from appraisal.read.shapes import task_points

    assert task_points(header) == found


@pytest.mark.parametrize(("header", "found"), [
    (["编号", "招商引资（目标）", "招商引资（完成）"], [("招商引资", {"target": 1, "actual": 2})]),
    (["编号", "项目建设计划值", "项目建设实际完成", "项目建设难度系数"],
     [("项目建设", {"target": 1, "actual": 2, "difficulty": 3})]),
    (["编号", "招商引资-目标", "招商引资-完成数", "差错次数"], [("招商引资", {"target": 1, "actual": 2})]),
    (["编号", "姓名", "完成率"], None),
    (["编号", "招商引资（目标）", "备注"], None),  # a target alone is no task
])
def test_task_pairs_in_one_header_row(header, found):
    from appraisal.read.shapes import task_pairs

    assert task_pairs(header) == found


def test_a_total_row_with_counts_in_every_block_is_rejected_once():
    """A 合计 row sums every group's block: one row, one rejection, not one per group."""
    rows, merges = _wide(True)
    rows[-1] = ["合计", "", *[9] * 12]
    ds = ingest([InputFile("县.xlsx", xlsx({"名册": ROSTER, "测评": rows}, {"测评": merges}))])
    assert ds.rejected[["row", "reason"]].values.tolist() == [[7, "合计/小计行，不作为干部数据"]]
    assert ds.rows["democratic"] == {"read": 9, "accepted": 8, "rejected": 1}
