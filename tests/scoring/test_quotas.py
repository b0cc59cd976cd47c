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
