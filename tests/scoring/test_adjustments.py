"""加分/扣分: read with every row accounted for, capped per cadre and kind, added beside the three components."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from appraisal import InputFile, Scheme, appraise
from appraisal.scoring.component_scores import adjustment_scores
from tests.helpers.workbooks import county, xlsx

HEADER = ["编号", "姓名", "加扣分事项", "加扣分类别", "加扣分", "依据/文号", "日期"]


def _items(points: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"cadre_id": "1001", "item": [f"事项{i}" for i in range(len(points))],
                         "points": points, "basis": "文号"})


@pytest.mark.parametrize(("points", "bonus", "penalty"), [
    ([2.0], 2.0, 0.0),
    ([2.0, 3.0], 5.0, 0.0),  # exactly at the cap: all of it
    ([2.0, 3.5], 5.0, 0.0),  # over: the cap
    ([-4.0, -6.0], 0.0, 10.0),  # penalty exactly at its cap
    ([-4.0, -7.0], 0.0, 10.0),
    ([6.0, -1.0], 5.0, 1.0),  # each kind capped on its own, never netted first
])
def test_caps_per_kind(points, bonus, penalty):
    row = adjustment_scores(_items(points), Scheme.default()).iloc[0]
    assert (row["bonus"], row["penalty"]) == (bonus, penalty)
    capped = sum(p for p in points if p > 0) > 5 or -sum(p for p in points if p < 0) > 10
    assert ("超过上限" in row["adjust_note"]) is capped


def _county(rows: list[list[object]]) -> pd.DataFrame:
    book = {**county(), "加扣分": [HEADER, *rows]}
    return appraise([InputFile("县.xlsx", xlsx(book))])


def test_the_composite_is_the_weighted_score_plus_bonus_minus_penalty_by_hand():
    plain = appraise([InputFile("县.xlsx", xlsx(county()))]).cadres.set_index("cadre_id")
    result = _county([["1001", "张三", "防汛抢险", "加分", 3, "县委办〔2025〕12号", "2025-07-15"],
                      ["1001", "张三", "招商引资", "加分", 4, "县委〔2025〕3号", ""],
                      ["1002", "李四", "迟报信息", "扣分", 1.5, "通报〔2025〕3号", "2025/8/1"],
                      ["1003", "王五", "信访化解", "", -2, "县纪委〔2025〕9号", ""]])
    got = result.cadres.set_index("cadre_id")
    assert result.dataset.rejected.empty and result.dataset.rows["adjustments"]["accepted"] == 4
    # the three components do not move; the weighted score is the plain composite
    for col in ("task_score", "service_score", "democratic_score"):
        pd.testing.assert_series_equal(got[col], plain.loc[got.index, col])
    np.testing.assert_allclose(got["weighted_score"], plain.loc[got.index, "composite"])
    expected = plain["composite"].copy()
    expected["1001"] += 5  # 3 + 4 capped at 5
    expected["1002"] -= 1.5
    expected["1003"] -= 2
    np.testing.assert_allclose(got["composite"], expected[got.index])
    assert got.at["1001", "adjust_note"] == ("防汛抢险 +3（县委办〔2025〕12号）；招商引资 +4（县委〔2025〕3号）；"
                                             "加分合计7分，超过上限5分，按5分计")
    untouched = got.index.difference(["1001", "1002", "1003"])
    assert (got.loc[untouched, ["bonus", "penalty"]] == 0).all().all()
    assert (got.loc[untouched, "adjust_note"] == "").all()


def test_bad_items_are_rejected_with_their_reason_and_cell():
    result = _county([["1001", "张三", "防汛抢险", "加分", 3, "", ""],  # no basis
                      ["1001", "张三", "", "加分", 1, "文号1", ""],  # no item
                      ["1002", "李四", "迟报信息", "扣分", -1, "文号2", ""],  # 扣分 and a negative number
                      ["1002", "李四", "迟报信息", "奖励", 1, "文号3", ""],  # neither 加分 nor 扣分
                      ["1003", "王五", "信访化解", "加分", 0, "文号4", ""],  # 0
                      ["1003", "王五", "信访化解", "加分", "两分", "文号5", ""],
                      ["9999", "无名", "信访化解", "加分", 1, "文号6", ""],  # not on the roster
                      ["1004", "赵六", "信访化解", "加分", "1分", "文号7", "2025-02-30"]])  # not a date
    rejected = result.dataset.rejected
    assert result.dataset.rows["adjustments"] == {"read": 8, "accepted": 0, "rejected": 8}
    reasons = rejected[rejected["source"] == "adjustments"].set_index("row")["reason"]
    assert "依据或文号" in reasons[2]
    assert "不能为空" in reasons[3] or "为空" in reasons[3]
    assert "应为正数" in reasons[4]
    assert "应为“加分”或“扣分”" in reasons[5]
    assert "不加不减" in reasons[6]
    assert "9999" in reasons[8]
    assert len(reasons) == 8
    assert (result.cadres["bonus"] == 0).all() and (result.cadres["penalty"] == 0).all()


def test_row_order_does_not_matter():
    rows = [["1001", "张三", "防汛抢险", "加分", 3, "文号1", ""], ["1001", "张三", "招商引资", "加分", 4, "文号2", ""],
            ["1002", "李四", "迟报信息", "扣分", 1.5, "文号3", ""]]
    a = _county(rows).cadres.set_index("cadre_id").sort_index()
    b = _county(rows[::-1]).cadres.set_index("cadre_id").sort_index()
    pd.testing.assert_series_equal(a["composite"], b["composite"])
    assert a.at["1001", "bonus"] == b.at["1001", "bonus"] == 5


def test_the_caps_are_settings():
    scheme = Scheme.from_dict({"adjustments": {"bonus_cap": 2, "require_basis": False}})
    row = adjustment_scores(_items([3.0]), scheme).iloc[0]
    assert row["bonus"] == 2
    result = appraise([InputFile("县.xlsx", xlsx({**county(), "加扣分": [HEADER, ["1001", "张三", "防汛", "加分", 3, "", ""]]}))],
                      scheme)
    assert result.dataset.rejected.empty
    assert result.cadres.set_index("cadre_id").at["1001", "bonus"] == 2
