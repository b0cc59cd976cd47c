"""优秀 quotas by unit type, pools of small units, and the place ledger."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appraisal import Scheme
from appraisal.scoring.grading import grade, quota_ledger


def _frame(units: dict[str, tuple[str, list[float]]]) -> pd.DataFrame:
    rows = [(u, t, s) for u, (t, scores) in units.items() for s in scores]
    return pd.DataFrame({"unit": [u for u, _, _ in rows], "unit_type": [t for _, t, _ in rows],
                         "composite": [s for _, _, s in rows], "cadre_id": [f"{i:03d}" for i in range(len(rows))],
                         "name": "", "democratic_score": 0.0, "task_score": 0.0, "service_score": 0.0})


@pytest.mark.parametrize(("n", "share", "places"), [
    (10, 0.2, 2), (14, 0.2, 2), (15, 0.2, 3), (20, 0.15, 3),  # 3.0 exactly, not 2.999…
    (19, 0.15, 2), (100, 0.07, 7), (4, 0.2, 0)])
def test_the_share_of_a_unit_type_with_its_boundaries(n, share, places):
    scheme = Scheme.default().updated({"quotas": {"by_unit_type": {"事业单位": share}}})
    graded, _ = grade(_frame({"中心": ("事业单位", [95.0] * n)}), scheme)
    assert (graded["grade"] == "优秀").sum() == places
    ledger = quota_ledger(graded, scheme).iloc[0]
    assert (ledger["places"], ledger["used"], ledger["share"]) == (places, places, share)


def test_types_not_listed_keep_the_general_share():
    scheme = Scheme.default().updated({"quotas": {"by_unit_type": {"事业单位": 0.1}}})
    graded, _ = grade(_frame({"中心": ("事业单位", [95.0] * 10), "镇": ("乡镇", [95.0] * 10)}), scheme)
    assert graded.groupby("unit")["grade"].apply(lambda g: (g == "优秀").sum()).to_dict() == {"中心": 1, "镇": 2}


def test_small_units_share_a_pool_and_the_best_of_the_pool_take_its_places():
    scheme = Scheme.default().updated({"quotas": {"pool_below": 5}})
    units = {"甲": ("县直部门", [96.0, 91.0, 80.0]), "乙": ("县直部门", [94.0, 93.0, 70.0, 60.0]),
             "丙": ("县直部门", [92.0, 80.0, 80.0])}
    graded, _ = grade(_frame(units), scheme)
    # alone, each unit has ⌊0.2 × 3 or 4⌋ = 0 places; pooled, 10 cadres have 2: 96 (甲) and 94 (乙)
    excellent = graded.loc[graded["grade"] == "优秀", "composite"].tolist()
    assert sorted(excellent) == [94.0, 96.0]
    assert graded.loc[graded["composite"] == 93.0, "rank_in_unit"].item() == 2  # the rank stays within the unit
    ledger = quota_ledger(graded, scheme)
    assert ledger[["group", "units", "n", "places", "band", "used"]].values.tolist() == [
        ["综合名额池（县直部门，不足5人的单位）", "甲、乙、丙", 10, 2, 5, 2]]
    plain, _ = grade(_frame(units), Scheme.default())
    assert (plain["grade"] == "优秀").sum() == 0


def test_a_pool_is_per_unit_type_and_large_units_keep_their_own():
    scheme = Scheme.default().updated({"quotas": {"pool_below": 5}})
    units = {"甲": ("乡镇", [95.0] * 3), "乙": ("街道", [95.0] * 3), "丙": ("乡镇", [95.0] * 10)}
    ledger = quota_ledger(grade(_frame(units), scheme)[0], scheme).set_index("group")
    assert ledger.loc["丙", "places"] == 2
    assert ledger.loc["综合名额池（乡镇，不足5人的单位）", "n"] == 3
    assert ledger.loc["综合名额池（街道，不足5人的单位）", "n"] == 3


@settings(max_examples=50, deadline=None)
@given(sizes=st.lists(st.integers(1, 12), min_size=1, max_size=6), below=st.integers(0, 8),
       share=st.sampled_from([0.1, 0.15, 0.2, 0.3]), seed=st.integers(0, 1000))
def test_places_used_never_exceed_places_and_nobody_is_lost(sizes, below, share, seed):
    rng = np.random.default_rng(seed)
    units = {f"单位{i}": ("乡镇" if i % 2 else "事业单位", rng.uniform(80, 100, n).round(1).tolist())
             for i, n in enumerate(sizes)}
    scheme = Scheme.default().updated({"quotas": {"pool_below": below, "by_unit_type": {"事业单位": share}}})
    frame = _frame(units)
    graded, _ = grade(frame, scheme)
    ledger = quota_ledger(graded, scheme)
    assert (ledger["used"] <= ledger["places"]).all() and (ledger["used"] <= ledger["band"]).all()
    assert ledger["n"].sum() == len(frame) and ledger["used"].sum() == (graded["grade"] == "优秀").sum()
    shuffled, _ = grade(frame.sample(frac=1, random_state=seed), scheme)
    assert shuffled.sort_values("cadre_id")["grade"].tolist() == graded.sort_values("cadre_id")["grade"].tolist()


def _vetoes(*rows: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"cadre_id": [c for c, _ in rows], "veto": [v for _, v in rows], "basis": "县安委〔2025〕2号"})


def test_a_veto_sets_the_grade_and_its_place_goes_to_the_next_in_the_band():
    # 10 cadres, 2 places; the top one is vetoed: the third in the band moves up and says why
    frame = _frame({"镇": ("乡镇", [98.0, 96.0, 94.0, 92.0, 85.0, 80.0, 80.0, 75.0, 70.0, 65.0])}).assign(
        name=[f"干部{i}" for i in range(10)])
    graded, _ = grade(frame, Scheme.default(), vetoes=_vetoes(("000", "安全生产责任事故")))
    by_id = graded.set_index("cadre_id")
    assert by_id.loc["000", ["grade", "rank_in_unit"]].tolist() == ["不称职", 1]  # keeps score and rank
    assert by_id.loc["000", "grade_basis"] == "一票否决：安全生产责任事故（县安委〔2025〕2号），定为不称职（不论得分）"
    assert by_id.loc[["001", "002"], "grade"].tolist() == ["优秀", "优秀"]
    assert by_id.loc["002", "grade_basis"] == "因干部0一票否决，名额顺延，定为优秀"
    assert by_id.loc["003", "grade_basis"] == "分数达到优秀段，超出名额（第3位，名额2个），定为称职"
    assert by_id.loc["004", "grade_basis"] == "按分数段"
    ledger = quota_ledger(graded, Scheme.default()).iloc[0]
    assert (ledger["places"], ledger["used"]) == (2, 2)


@pytest.mark.parametrize(("items", "expected"), [
    (["违反中央八项规定精神"], "基本称职"),
    (["违反中央八项规定精神", "安全生产责任事故"], "不称职"),  # the lowest of several
])
def test_the_grade_a_veto_gives_is_the_schemes(items, expected):
    frame = _frame({"镇": ("乡镇", [98.0] + [80.0] * 9)})
    graded, _ = grade(frame, Scheme.default(), vetoes=_vetoes(*[("000", v) for v in items]))
    assert graded.set_index("cadre_id").at["000", "grade"] == expected


@settings(max_examples=40, deadline=None)
@given(n=st.integers(5, 30), vetoed=st.lists(st.integers(0, 29), max_size=5), seed=st.integers(0, 100))
def test_a_vetoed_cadre_never_holds_a_place(n, vetoed, seed):
    rng = np.random.default_rng(seed)
    frame = _frame({"镇": ("乡镇", rng.uniform(85, 100, n).round(1).tolist())})
    ids = [f"{i:03d}" for i in vetoed if i < n]
    graded, _ = grade(frame, Scheme.default(), vetoes=_vetoes(*[(c, "安全生产责任事故") for c in ids]))
    assert not (graded["cadre_id"].isin(ids) & (graded["grade"] == "优秀")).any()
    ledger = quota_ledger(graded, Scheme.default()).iloc[0]
    in_band_free = ((graded["composite"] >= 90) & ~graded["cadre_id"].isin(ids)).sum()
    assert ledger["used"] == min(ledger["places"], in_band_free)  # every place still used when it can be


def test_vetoes_read_from_a_sheet_are_checked():
    from appraisal import InputFile, appraise
    from tests.helpers.workbooks import county, xlsx

    rows = [["编号", "一票否决事项", "依据/文号"], ["1001", "安全生产责任事故", "县安委〔2025〕2号"],
            ["1002", "迟到早退", "文号"], ["1003", "安全生产责任事故", ""]]
    result = appraise([InputFile("县.xlsx", xlsx({**county(), "否决": rows}))])
    assert result.dataset.rows["vetoes"] == {"read": 3, "accepted": 1, "rejected": 2}
    reasons = result.dataset.rejected.query("source == 'vetoes'")["reason"].tolist()
    assert "不是考核方案中的一票否决事项" in reasons[0] and "依据或文号" in reasons[1]
    assert result.cadres.set_index("cadre_id").at["1001", "grade"] == "不称职"
