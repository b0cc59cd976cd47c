"""容错免责: decisions matched to the tasks with nothing lost, errors excused, the score shown both ways."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appraisal import InputFile, Scheme, appraise
from appraisal.scoring.component_scores import excuse, task_scores
from tests.helpers.workbooks import county, xlsx

HEADER = ["编号", "姓名", "任务名称", "免责差错次数", "认定文号"]


def _county(rows: list[list[object]]):
    return appraise([InputFile("县.xlsx", xlsx({**county(), "容错免责": [HEADER, *rows]}))])


def test_excused_errors_leave_the_error_rate_and_both_scores_are_shown():
    plain = appraise([InputFile("县.xlsx", xlsx(county()))]).cadres.set_index("cadre_id")
    result = _county([["2001", "", "文件起草", 1, "县纪委〔2025〕9号"]])
    got = result.cadres.set_index("cadre_id")
    assert result.dataset.rejected.empty
    # 2001: 2 errors on 1 unit of work → 1; completion 1.2 → task score 120 − 20·1 = 100 (was 120 − 40 = 80)
    assert got.at["2001", "errors"] == 1 and got.at["2001", "task_score"] == pytest.approx(100)
    assert plain.at["2001", "task_score"] == pytest.approx(80)
    assert got.at["2001", "composite_unexcused"] == pytest.approx(plain.at["2001", "composite"])
    assert got.at["2001", "composite"] > got.at["2001", "composite_unexcused"]
    assert got.at["2001", "excused_errors"] == 1
    assert got.at["2001", "excused_note"] == "文件起草免责1次（县纪委〔2025〕9号）"
    others = got.index != "2001"
    np.testing.assert_allclose(got.loc[others, "composite"], plain.loc[got.index[others], "composite"])
    assert (got.loc[others, "composite_unexcused"] == got.loc[others, "composite"]).all()
    assert (got.loc[others, "grade_unexcused"] == got.loc[others, "grade"]).all()
    assert result.groups_unexcused is not None
    assert appraise([InputFile("县.xlsx", xlsx(county()))]).groups_unexcused is None


def test_decisions_that_do_not_match_the_tasks_are_rejected_whole_with_reasons():
    result = _county([["2001", "", "文件起草", 1, "文号1"],
                      ["2001", "", "文件起草", 2, "文号2"],  # 1 + 2 > the task's 2 errors
                      ["1001", "", "招商引资", 1, "文号3"],  # not 1001's task
                      ["1002", "", "", 2, "文号4"],  # 1002 has 1 error in all
                      ["2002", "", "窗口办件", 1, ""],  # no document
                      ["2002", "", "窗口办件", 0, "文号6"],  # not positive
                      ["9999", "", "窗口办件", 1, "文号7"]])  # not on the roster
    rows = result.dataset.rows["exemptions"]
    assert rows == {"read": 7, "accepted": 0, "rejected": 7}
    reasons = result.dataset.rejected.query("source == 'exemptions'").set_index("row")["reason"]
    # together 1 + 2 > the task's 2 errors: both go back, whichever came first
    assert reasons[2] == reasons[3] == "免责差错次数合计3，超过任务“文件起草”记录的差错次数2"
    assert reasons[4] == "编号“1001”没有名为“招商引资”的任务（见任务完成表），无法免责"
    assert reasons[5] == "免责差错次数合计2，超过该干部各项任务记录的差错次数1"
    assert "认定文号" in reasons[6]
    assert "9999" in reasons[8]
    assert (result.cadres["excused_errors"] == 0).all()


@settings(max_examples=60, deadline=None)
@given(errors=st.lists(st.integers(0, 4), min_size=1, max_size=5),
       excused=st.lists(st.tuples(st.integers(0, 4), st.integers(1, 3)), max_size=4))
def test_an_exemption_never_lowers_a_score_and_never_goes_below_zero(errors, excused):
    tasks = pd.DataFrame({"cadre_id": "a", "task": [f"任务{i}" for i in range(len(errors))],
                          "target": 10.0, "actual": 8.0, "difficulty": 1.0, "errors": [float(e) for e in errors],
                          "deadline": pd.NaT, "done_on": pd.NaT})
    decisions = pd.DataFrame({"cadre_id": "a",
                              "task": [f"任务{t}" if t < len(errors) else "" for t, _ in excused],
                              "excused": [float(n) for _, n in excused]})
    after = excuse(tasks, decisions)
    assert (after["errors"] >= 0).all() and (after["errors"] <= tasks["errors"]).all()
    scheme = Scheme.default()
    assert task_scores(after, scheme)["task_score"].iloc[0] >= task_scores(tasks, scheme)["task_score"].iloc[0]


def test_the_order_of_decisions_does_not_matter():
    rows = [["2001", "", "文件起草", 1, "文号1"], ["2001", "", "", 1, "文号2"], ["1002", "", "招商引资", 1, "文号3"]]
    a = _county(rows).cadres.set_index("cadre_id").sort_index()
    b = _county(rows[::-1]).cadres.set_index("cadre_id").sort_index()
    pd.testing.assert_series_equal(a["composite"], b["composite"])
    assert a.at["2001", "errors"] == b.at["2001", "errors"] == 0
    over = [["2001", "", "文件起草", 1, "文号1"], ["2001", "", "文件起草", 2, "文号2"]]
    a, b = _county(over), _county(over[::-1])
    pd.testing.assert_series_equal(a.cadres.set_index("cadre_id").sort_index()["composite"],
                                   b.cadres.set_index("cadre_id").sort_index()["composite"])
