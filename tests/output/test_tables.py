"""appraisal.output.tables: every table as people read it (Chinese headers, flags as words, numbers rounded).

The county is the five cadres of ``tests/helpers/workbooks.py`` plus a task row
for 9999, who is not on the roster (one rejected row, spreadsheet row 7).  By
hand, with the default weights of ``appraisal/default_scheme.yaml``:

- 2002 (便民服务窗口, 30/45/25): task 150/200 → 75, service (100 + 75)/2 = 87.5,
  democratic 干部职工 9/6/1/0 → (900 + 480 + 60)/16 = 90, composite
  0.3·75 + 0.45·87.5 + 0.25·90 = 84.375;
- 1001 (便民服务窗口): 100, 87.5, (1000 + 400 + 60)/16 = 91.25 → 92.1875.

Rounding is numpy's (half to even on the binary value): 84.375 is exact in
binary, so it shows as 84.38; 92.1875 as 92.19.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from appraisal import InputFile, appraise
from appraisal.analysis.overview import group_summary
from appraisal.demo import write_sample
from appraisal.output.tables import (
    SHORT_COLUMNS,
    cadre_table,
    compare_table,
    groups_table,
    ranked_table,
    rejected_table,
    result_tables,
    summary_table,
    units_table,
)
from appraisal.texts import COLUMN_LABELS, FLAG_LABELS
from tests.helpers.workbooks import county, xlsx

SHORT_HEADERS = ["编号", "姓名", "单位", "岗位", "单位内排名", "等次", "综合得分", "任务得分", "服务对象评价得分",
                 "民主测评得分", "工作量", "标记"]
GROUP_HEADERS = ["分组方式", "分组", "人数", "相关系数rho(工作量~综合)", "单侧p值", "BH校正q值", "倒挂",
                 "rho(工作量~任务)", "rho(工作量~服务)", "rho(工作量~民主)"]


@pytest.fixture(scope="module")
def small():
    sheets = county()
    sheets["任务"].append(["9999", "无名任务", 10, 10, 1, None, None, 0])
    return appraise([InputFile("县.xlsx", xlsx(sheets))])


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """A generated county of 60 cadres, for the properties."""
    return appraise(write_sample(tmp_path_factory.mktemp("county"), n_cadres=60, seed=5))


def test_ranked_table_has_every_labelled_column_in_order_and_every_row(small):
    shown = ranked_table(small.cadres)
    assert list(shown.columns) == list(COLUMN_LABELS.values())
    assert list(shown.columns[:8]) == ["编号", "姓名", "单位", "单位类型", "岗位", "单位内排名", "等次", "综合得分"]
    assert shown["编号"].tolist() == small.cadres["cadre_id"].tolist()


def test_scores_are_rounded_to_two_places_by_hand(small):
    raw = small.cadres.set_index("cadre_id")
    assert raw.at["2002", "composite"] == pytest.approx(84.375)
    assert raw.at["1001", "composite"] == pytest.approx(92.1875)
    shown = ranked_table(small.cadres).set_index("编号")
    assert shown.at["2002", "综合得分"] == 84.38 and shown.at["1001", "综合得分"] == 92.19
    assert shown.at["1003", "民主测评得分"] == 93.33 and shown.at["1003", "领导评价得分"] == 93.33  # 280/3
    assert shown.at["1002", "任务得分"] == 62.0 and np.isnan(shown.at["1003", "服务对象评价得分"])
    # counts and ranks are not touched
    assert shown.at["1001", "测评票数"] == 16
    assert shown.at["1002", "单位内排名"] == 3 and shown.at["1002", "等次"] == "基本称职"


def test_flags_become_words_and_missing_parts_are_listed():
    frame = pd.DataFrame({"cadre_id": ["a", "b", "c"],
                          "flags": [["few_ratings", "missing_component"], [], ["not_a_code"]],
                          "missing": ["service democratic", "", "task"], "composite": [70.126, np.nan, 80.0]})
    shown = ranked_table(frame, ["cadre_id", "flags", "missing", "composite"])
    assert list(shown.columns) == ["编号", "标记", "missing", "综合得分"]  # a field without a label keeps its name
    assert shown["标记"].tolist() == [f"{FLAG_LABELS['few_ratings']}、{FLAG_LABELS['missing_component']}", "",
                                    "not_a_code"]
    assert shown["missing"].tolist() == ["service、democratic", "", "task"]
    assert shown["综合得分"].iloc[0] == 70.13 and np.isnan(shown["综合得分"].iloc[1])
    assert frame["flags"].iloc[0] == ["few_ratings", "missing_component"]  # the input keeps its codes


def test_columns_pick_and_order_and_unknown_fields_are_skipped(small):
    shown = ranked_table(small.cadres, ["grade", "cadre_id", "no_such_field"])
    assert list(shown.columns) == ["等次", "编号"]
    assert list(cadre_table(small.cadres).columns) == SHORT_HEADERS
    assert [COLUMN_LABELS[k] for k in SHORT_COLUMNS] == SHORT_HEADERS


def test_summary_table_by_hand(small):
    c = small.cadres.set_index("cadre_id")["composite"]
    shown = summary_table(group_summary(small.cadres, "unit", "composite"), "unit")
    assert list(shown.columns) == ["单位", "人数", "中位数", "平均", "最低", "最高", "优秀人数"]
    row = shown.set_index("单位").loc["青石镇"]
    assert row["人数"] == 3 and row["优秀人数"] == 0
    assert row["中位数"] == 92.19 and row["最低"] == 66.5 and row["最高"] == round(c["1003"], 2)
    assert row["平均"] == round((c["1001"] + c["1002"] + c["1003"]) / 3, 2)


def test_groups_table_words_and_rounding():
    groups = pd.DataFrame({"by": ["unit", "post"], "name": ["甲镇", "便民服务窗口"], "n": [9, 12],
                           "rho": [-0.61234, 0.1], "p": [0.012345, 0.4], "q": [0.049999, 0.4],
                           "inversion": [True, False], "rho_task": [-0.5555, 0.0], "rho_service": [0.1234, 0.0],
                           "rho_democratic": [np.nan, 0.0]})
    shown = groups_table(groups)
    assert list(shown.columns) == GROUP_HEADERS
    assert shown["分组方式"].tolist() == ["单位", "岗位"] and shown["倒挂"].tolist() == ["是", "否"]
    assert shown.iloc[0, 3:6].tolist() == [-0.612, 0.0123, 0.05]  # rho to 3 places, p and q to 4
    assert shown.iloc[0, 7] == -0.556 and np.isnan(shown.iloc[0, 9])
    assert groups["inversion"].tolist() == [True, False]  # the input is not changed


def test_groups_table_of_a_county_too_small_for_groups_is_empty_with_its_headers(small):
    assert small.groups.empty  # groups need 8 cadres
    shown = groups_table(small.groups)
    assert shown.empty and list(shown.columns) == GROUP_HEADERS


def test_units_table_by_hand(small):
    shown = units_table(small.units)
    assert list(shown.columns) == ["单位", "单位类型", "人数", "测评票数", "优秀票占比", "民主测评得分标准差", "标记",
                                   "标记说明"]
    u = shown.set_index("单位")
    # 柳河乡: 2001 12+3+0+1 and 2002 9+6+1+0 ballots = 32, 优秀 21/32 = 0.65625; both democratic scores 90
    assert (u.at["柳河乡", "人数"], u.at["柳河乡", "测评票数"], u.at["柳河乡", "优秀票占比"]) == (2, 32, 0.656)
    assert u.at["柳河乡", "民主测评得分标准差"] == 0 and u.at["柳河乡", "标记"] == "测评趋同"
    # 青石镇: 16 + 16 + 3 = 35 ballots, 优秀 10+6+2 = 18/35 = 0.514; SD of 91.25, 85, 93.33 (n-1) = 4.34
    assert (u.at["青石镇", "测评票数"], u.at["青石镇", "优秀票占比"]) == (35, 0.514)
    assert u.at["青石镇", "民主测评得分标准差"] == 4.34
    assert u.at["青石镇", "标记"] == "" and u.at["青石镇", "标记说明"] == ""


def test_rejected_table_by_hand(small):
    shown = rejected_table(small.dataset.rejected)
    assert shown.to_dict("records") == [{"数据类别": "任务完成", "文件": "县.xlsx", "工作表": "任务", "行号": 7,
                                         "列": "编号（A列）", "原因": "编号“9999”不在干部名册中"}]


def test_compare_table_words_and_rounding():
    changes = pd.DataFrame({
        "cadre_id": ["1001", "1002"], "name": ["张三", "李四"], "unit": ["青石镇"] * 2,
        "post": ["便民服务窗口", "经济发展"],
        "composite_before": [92.1875, 66.5], "composite_after": [84.375, 70.004], "rank_before": [2, 3],
        "rank_after": [3, 2], "rank_change": [-1, 1], "grade_before": ["优秀", "称职"], "grade_after": ["称职", "称职"],
        "change": ["leave", "rerank"]})
    shown = compare_table(changes)
    assert list(shown.columns) == ["编号", "姓名", "单位", "岗位", "原综合得分", "新综合得分", "原名次", "新名次",
                                   "名次上升", "原等次", "新等次", "变化"]
    assert shown["变化"].tolist() == ["退出优秀", "名次变化"]
    assert shown["原综合得分"].tolist() == [92.19, 66.5] and shown["新综合得分"].tolist() == [84.38, 70.0]
    assert changes["change"].tolist() == ["leave", "rerank"]  # the input keeps its codes


def test_result_tables_are_the_sheets(small):
    tables = result_tables(small)
    assert list(tables) == ["ranked", "groups", "units", "ledger", "rejected"]
    pd.testing.assert_frame_equal(tables["ranked"], ranked_table(small.cadres))
    pd.testing.assert_frame_equal(tables["groups"], groups_table(small.groups))
    pd.testing.assert_frame_equal(tables["units"], units_table(small.units))
    pd.testing.assert_frame_equal(tables["rejected"], rejected_table(small.dataset.rejected))


def test_every_cadre_appears_once_and_row_order_only_reorders_the_rows(sample):
    c = sample.cadres
    shown = ranked_table(c)
    assert shown["编号"].is_unique and set(shown["编号"]) == set(c["cadre_id"]) and len(shown) == len(c)
    mixed = c.sample(frac=1, random_state=2)
    pd.testing.assert_frame_equal(ranked_table(mixed), shown.loc[mixed.index])
    pd.testing.assert_frame_equal(cadre_table(mixed), cadre_table(c).loc[mixed.index])
    units = sample.units.sample(frac=1, random_state=2)
    pd.testing.assert_frame_equal(units_table(units), units_table(sample.units).loc[units.index])
    assert len(units_table(sample.units)) == c["unit"].nunique()


def test_no_table_changes_its_input(small):
    before = {"cadres": small.cadres.copy(), "groups": small.groups.copy(), "units": small.units.copy(),
              "rejected": small.dataset.rejected.copy()}
    result_tables(small)
    cadre_table(small.cadres)
    summary_table(group_summary(small.cadres, "post", "composite"), "post")
    for name, frame in before.items():
        now = small.dataset.rejected if name == "rejected" else getattr(small, name)
        pd.testing.assert_frame_equal(now, frame)
