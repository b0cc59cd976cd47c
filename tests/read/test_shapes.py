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
