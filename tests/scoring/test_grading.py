"""Ranks, the 优秀 quota, score bands and ties at the quota line.

Default rule (``appraisal/default_scheme.yaml``): rank within the unit by the
composite rounded to 2 places; ties broken by democratic, task, service score
(highest first), then ID; bands 优秀 ≥ 90, 称职 ≥ 70, 基本称职 ≥ 60; at most
floor(20 % × n) 优秀 per unit.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appraisal import Dataset, Scheme, score
from appraisal.check.validation import REJECTED_COLUMNS, SERVICE_COLUMNS, TASK_COLUMNS, VOTE_COLUMNS
from appraisal.scoring.grading import band_grade, grade, quota_of

SCHEME = Scheme.default()
GRADES = ("优秀", "称职", "基本称职", "不称职")


def frame(rows, unit="青石镇"):
    """rows: (cadre_id, composite[, democratic, task, service[, unit[, post]]])."""
    out = []
    for r in rows:
        cid, comp = r[0], r[1]
        dem, task, serv = (r[2], r[3], r[4]) if len(r) > 2 else (70.0, 70.0, 70.0)
        u = r[5] if len(r) > 5 else unit
        post = r[6] if len(r) > 6 else "党政综合"
        out.append({"cadre_id": cid, "name": f"干部{cid}", "unit": u, "post": post, "composite": comp,
                    "democratic_score": dem, "task_score": task, "service_score": serv})
    return pd.DataFrame(out)


def graded(rows, scheme=SCHEME, **kw):
    g, ties = grade(frame(rows, **kw), scheme)
    return g.set_index("cadre_id"), ties


# --------------------------------------------------------------------- ranks

def test_ranks_within_each_unit():
    rows = [("a1", 80.0, 0, 0, 0, "甲镇"), ("a2", 95.0, 0, 0, 0, "甲镇"), ("a3", 60.0, 0, 0, 0, "甲镇"),
            ("b1", 70.0, 0, 0, 0, "乙镇"), ("b2", 99.0, 0, 0, 0, "乙镇")]
    g, _ = graded(rows)
    assert g["rank_in_unit"].to_dict() == {"a1": 2, "a2": 1, "a3": 3, "b1": 2, "b2": 1}
    # 3 and 2 cadres → quota floor(0.6) = floor(0.4) = 0
    assert g["quota"].to_dict() == {"a1": 0, "a2": 0, "a3": 0, "b1": 0, "b2": 0}
    # the input order is kept
    assert grade(frame(rows), SCHEME)[0]["cadre_id"].tolist() == ["a1", "a2", "a3", "b1", "b2"]


@pytest.mark.parametrize(("n", "share", "quota"), [
    (1, 0.2, 0), (4, 0.2, 0), (5, 0.2, 1), (9, 0.2, 1), (10, 0.2, 2), (14, 0.2, 2), (15, 0.2, 3),
    (20, 0.15, 3), (7, 0.15, 1), (6, 0.15, 0), (4, 0.25, 1), (100, 0.2, 20),
    (10, 0.3, 3),  # 0.3 × 10 = 2.9999999999999996 in floats: still 3
])
def test_quota_is_floor_of_share_times_n(n, share, quota):
    assert quota_of(n, share) == quota
    assert quota_of(pd.Series([n]), share).tolist() == [quota]


def test_quota_caps_excellent_in_a_unit_of_ten():
    # 10 cadres all ≥ 90 → quota floor(0.2 × 10) = 2: the two best are 优秀, the rest 称职 (band 优秀)
    rows = [(f"c{i:02d}", 99.0 - i) for i in range(10)]
    g, ties = graded(rows)
    assert g.loc[g["grade"] == "优秀"].index.tolist() == ["c00", "c01"]
    assert (g.loc[[f"c{i:02d}" for i in range(2, 10)], "grade"] == "称职").all()
    assert (g["band_grade"] == "优秀").all()
    assert ties.empty


def test_quota_zero_in_a_small_unit():
    g, _ = graded([("a", 99.0), ("b", 95.0), ("c", 91.0), ("d", 50.0)])
    # 4 cadres → floor(0.8) = 0: nobody is 优秀, band 优秀 becomes 称职, band 不称职 stays
    assert g["grade"].to_dict() == {"a": "称职", "b": "称职", "c": "称职", "d": "不称职"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sizes=st.lists(st.integers(1, 30), min_size=1, max_size=5),
    share=st.sampled_from([0.1, 0.15, 0.2, 0.25, 0.3]),
    data=st.data(),
)
def test_quota_never_exceeded(sizes, share, data):
    rows = []
    for u, n in enumerate(sizes):
        scores = data.draw(st.lists(
            st.one_of(st.floats(0, 100, allow_nan=False), st.sampled_from([90.0, 95.0, 100.0, np.nan])),
            min_size=n, max_size=n))
        for i, s in enumerate(scores):
            rows.append((f"u{u}c{i:02d}", s, 80.0, 80.0, 80.0, f"单位{u}"))
    scheme = SCHEME.updated({"grading": {"excellent_quota": share}})
    g, _ = graded(rows, scheme)
    for unit, part in g.groupby("unit"):
        n = len(part)
        cap = math.floor(share * n + 1e-9)
        excellent = part["grade"] == "优秀"
        assert excellent.sum() <= cap
        # every 优秀 has a band-优秀 score; ranks are 1..n
        assert (part.loc[excellent, "composite"] >= 90).all()
        assert sorted(part["rank_in_unit"]) == list(range(1, n + 1))
        # the quota is filled whenever enough cadres reach the band
        assert excellent.sum() == min(cap, int((part["composite"] >= 90).sum()))
        # unscored cadres rank after every scored one and get no grade
        unscored = part["composite"].isna()
        if unscored.any() and (~unscored).any():
            assert part.loc[unscored, "rank_in_unit"].min() > part.loc[~unscored, "rank_in_unit"].max()
        assert (part.loc[unscored, "grade"] == "").all()


# --------------------------------------------------------------------- bands

@pytest.mark.parametrize(("score", "band"), [
    (100.0, "优秀"), (90.0, "优秀"), (89.99, "称职"), (89.999999, "称职"),
    (70.0, "称职"), (69.99, "基本称职"),
    (60.0, "基本称职"), (59.99, "不称职"), (0.0, "不称职"),
])
def test_band_grades_at_boundaries(score, band):
    bands = SCHEME.get("grading", "bands")
    assert band_grade(pd.Series([score]), bands).tolist() == [band]
    # through grade() with a quota that does not bind (one cadre, quota share 1.0)
    g, _ = graded([("a", score)], SCHEME.updated({"grading": {"excellent_quota": 1.0}}))
    assert g.loc["a", "grade"] == band
    assert g.loc["a", "band_grade"] == band


@pytest.mark.parametrize(("bands", "score", "band"), [
    ({"优秀": 85, "称职": 75, "基本称职": 65}, 85.0, "优秀"),
    ({"优秀": 85, "称职": 75, "基本称职": 65}, 84.99, "称职"),
    ({"优秀": 85, "称职": 75, "基本称职": 65}, 75.0, "称职"),
    ({"优秀": 85, "称职": 75, "基本称职": 65}, 65.0, "基本称职"),
    ({"优秀": 85, "称职": 75, "基本称职": 65}, 64.99, "不称职"),
])
def test_band_setting(bands, score, band):
    assert band_grade(pd.Series([score]), bands).tolist() == [band]


def test_no_score_no_grade():
    assert band_grade(pd.Series([np.nan]), SCHEME.get("grading", "bands")).tolist() == [""]


# ---------------------------------------------------------------- quota ties

# A unit of 10 (quota 2): a 95 is first; b and c share 92.00 at the quota line (ranks 2 and 3).
_REST = [(f"z{i}", 80.0 - i) for i in range(7)]


@pytest.mark.parametrize(("b", "c", "winner"), [
    # (democratic, task, service) of b and c; who takes place 2
    ((80.0, 70.0, 70.0), (85.0, 60.0, 60.0), "c"),   # democratic decides (85 > 80), task/service ignored
    ((85.0, 90.0, 60.0), (85.0, 70.0, 99.0), "b"),   # democratic equal → task (90 > 70)
    ((85.0, 70.0, 60.0), (85.0, 70.0, 61.0), "c"),   # democratic, task equal → service (61 > 60)
    ((85.0, 70.0, 60.0), (85.0, 70.0, 60.0), "b"),   # all equal → ID ("b" < "c")
])
def test_tie_at_quota_line_broken_and_reported(b, c, winner):
    loser = "c" if winner == "b" else "b"
    rows = [("a", 95.0), ("b", 92.0, *b), ("c", 92.0, *c), *_REST]
    g, ties = graded(rows)
    assert g.loc["a", "grade"] == "优秀"
    assert g.loc[winner, "rank_in_unit"] == 2
    assert g.loc[loser, "rank_in_unit"] == 3
    assert g.loc[winner, "grade"] == "优秀"
    assert g.loc[loser, "grade"] == "称职"
    assert g.loc[loser, "band_grade"] == "优秀"
    assert g["quota_tie"].to_dict() == {k: k in ("b", "c") for k in g.index}
    assert sorted(ties["cadre_id"]) == ["b", "c"]
    t = ties.set_index("cadre_id")
    assert t.loc[winner, "grade"] == "优秀" and t.loc[loser, "grade"] == "称职"
    assert t["composite"].tolist() == [92.0, 92.0]
    assert t["quota"].tolist() == [2, 2]
    assert t["group"].tolist() == ["青石镇", "青石镇"]
    assert (g["grade"] == "优秀").sum() == 2


def test_tie_within_rounding_is_a_tie():
    # 92.004 and 91.996 both round to 92.00 (tie_decimals 2): the tie-break decides, not the third decimal
    rows = [("a", 95.0), ("b", 92.004, 70.0, 70.0, 70.0), ("c", 91.996, 90.0, 70.0, 70.0), *_REST]
    g, ties = graded(rows)
    assert g.loc["c", "rank_in_unit"] == 2 and g.loc["c", "grade"] == "优秀"
    assert g.loc["b", "rank_in_unit"] == 3 and g.loc["b", "grade"] == "称职"
    assert sorted(ties["cadre_id"]) == ["b", "c"]
    # with 3 decimals they are not tied: b ranks first by score
    g3, ties3 = graded(rows, SCHEME.updated({"grading": {"tie_decimals": 3}}))
    assert g3.loc["b", "rank_in_unit"] == 2
    assert ties3.empty


def test_tie_away_from_quota_line_not_reported():
    # tie at ranks 5 and 6 of a unit of 10: broken by the same rule but not a quota tie
    rows = [("a", 99.0), ("b", 98.0), ("c", 85.0), ("d", 84.0), ("e", 80.0, 60.0, 0, 0),
            ("f", 80.0, 70.0, 0, 0), ("g", 70.0), ("h", 65.0), ("i", 60.0), ("j", 50.0)]
    g, ties = graded(rows)
    assert g.loc["f", "rank_in_unit"] == 5 and g.loc["e", "rank_in_unit"] == 6
    assert not g["quota_tie"].any()
    assert ties.empty


def test_tie_when_both_inside_quota_not_reported():
    # a and b share 95 at ranks 1 and 2 with a quota of 2: both 优秀, no one left out
    rows = [("a", 95.0), ("b", 95.0), *[(f"z{i}", 80.0 - i) for i in range(8)]]
    g, ties = graded(rows)
    assert g.loc["a", "grade"] == g.loc["b", "grade"] == "优秀"
    assert ties.empty


def test_three_way_tie_at_line():
    # a 95; b, c, d all 92 and equal on every tie key → IDs decide: b wins place 2
    rows = [("a", 95.0), ("b", 92.0), ("c", 92.0), ("d", 92.0), *[(f"z{i}", 80.0 - i) for i in range(6)]]
    g, ties = graded(rows)
    assert g.loc[["b", "c", "d"], "rank_in_unit"].tolist() == [2, 3, 4]
    assert g.loc[["b", "c", "d"], "grade"].tolist() == ["优秀", "称职", "称职"]
    assert sorted(ties["cadre_id"]) == ["b", "c", "d"]


def test_quota_slot_not_wasted_by_rounded_tie_across_band_edge():
    # Unit of 10, quota 2.  a 95; b 90.004 (band 优秀); c 89.996 (band 称职); both round to 90.00.
    # The tie-break (democratic 90 > 70) puts c at place 2 — but c is not 优秀 by band, so place 2
    # goes unused and b, at place 3, loses 优秀 to the quota.  Two cadres reach 90, two places exist:
    # either b (unrounded) or c (rounded 90.00) should take place 2 — two 优秀 in all.
    rows = [("a", 95.0), ("b", 90.004, 70.0, 70.0, 70.0), ("c", 89.996, 90.0, 70.0, 70.0),
            *[(f"z{i}", 80.0 - i) for i in range(7)]]
    g, ties = graded(rows)
    assert (g["grade"] == "优秀").sum() == 2
    # c keeps place 2 by the tie-break but is below the band; b, the second cadre in the band, is 优秀
    assert g.loc["c", "rank_in_unit"] == 2 and g.loc["c", "grade"] == "称职"
    assert g.loc["b", "rank_in_unit"] == 3 and g.loc["b", "grade"] == "优秀"
    # both show 90.00: the committee sees them as tied at the line
    assert sorted(ties["cadre_id"]) == ["b", "c"]


# ----------------------------------------------------------------- unscored

def test_cadres_without_score_rank_last_and_get_no_grade():
    rows = [("x2", np.nan), ("a", 75.0), ("x1", np.nan), ("b", 85.0), ("c", 55.0)]
    g, ties = graded(rows)
    assert g["rank_in_unit"].to_dict() == {"b": 1, "a": 2, "c": 3, "x1": 4, "x2": 5}
    assert g["grade"].to_dict() == {"b": "称职", "a": "称职", "c": "不称职", "x1": "", "x2": ""}
    assert g.loc[["x1", "x2"], "band_grade"].tolist() == ["", ""]
    assert ties.empty


def test_unscored_cadre_through_score():
    # a roster cadre with no data at all: no composite, no grade, ranked last, flagged missing
    roster = pd.DataFrame({"cadre_id": ["a", "b", "x"], "name": ["甲", "乙", "无"], "unit": ["青石镇"] * 3,
                           "unit_type": ["乡镇"] * 3, "post": ["党政综合"] * 3}).astype("str")
    tasks = pd.DataFrame({"cadre_id": ["a", "b"], "task": ["t", "t"], "target": [10.0, 10.0],
                          "actual": [8.0, 10.0], "difficulty": [1.0, 1.0], "errors": [0.0, 0.0],
                          "deadline": pd.NaT, "done_on": pd.NaT}).astype(TASK_COLUMNS)
    empty = {c: pd.Series(dtype=t) for c, t in SERVICE_COLUMNS.items()}
    ds = Dataset(
        roster=roster, tasks=tasks, service=pd.DataFrame(empty),
        votes=pd.DataFrame({c: pd.Series(dtype=t) for c, t in VOTE_COLUMNS.items()}),
        ballots=pd.DataFrame({c: pd.Series(dtype="str") for c in ("cadre_id", "voter_group", "voter_id", "ballot")}),
        rejected=pd.DataFrame({c: pd.Series(dtype="int64" if c == "row" else "str") for c in REJECTED_COLUMNS}),
        rows={}, sheets=pd.DataFrame(), inputs=[])
    c = score(ds).cadres
    assert c["cadre_id"].tolist() == ["b", "a", "x"]           # 100, 80, none
    assert c["rank_in_unit"].tolist() == [1, 2, 3]
    assert c["grade"].tolist() == ["称职", "称职", ""]            # quota floor(0.6) = 0 → 100 is 称职
    assert math.isnan(c["composite"].iloc[2])
    assert "missing_component" in c["flags"].iloc[2]


# ---------------------------------------------------------------- group_by

def test_group_by_post_ranks_across_units():
    rows = [("a", 91.0, 0, 0, 0, "甲镇", "窗口"), ("b", 95.0, 0, 0, 0, "乙镇", "窗口"),
            ("c", 85.0, 0, 0, 0, "甲镇", "窗口"), ("d", 80.0, 0, 0, 0, "丙镇", "窗口"),
            ("e", 92.0, 0, 0, 0, "乙镇", "窗口"),
            ("f", 70.0, 0, 0, 0, "甲镇", "党政"), ("g", 99.0, 0, 0, 0, "乙镇", "党政")]
    scheme = SCHEME.updated({"grading": {"group_by": "post"}})
    g, _ = graded(rows, scheme)
    # 窗口: b 95, e 92, a 91, c 85, d 80 across three units; 5 cadres → quota 1
    assert g.loc[["b", "e", "a", "c", "d"], "rank_in_unit"].tolist() == [1, 2, 3, 4, 5]
    assert g.loc[["b", "e", "a"], "grade"].tolist() == ["优秀", "称职", "称职"]
    # 党政: g 99, f 70; 2 cadres → quota 0
    assert g.loc[["g", "f"], "rank_in_unit"].tolist() == [1, 2]
    assert g.loc["g", "grade"] == "称职"
    # by unit instead: 乙镇 has b, e, g → g first
    g_unit, _ = graded(rows)
    assert g_unit.loc["g", "rank_in_unit"] == 1 and g_unit.loc["b", "rank_in_unit"] == 2


def test_group_by_post_tie_reports_post_as_group():
    rows = [("a", 95.0, 0, 0, 0, "甲镇", "窗口"), ("b", 92.0, 0, 0, 0, "乙镇", "窗口"),
            ("c", 92.0, 0, 0, 0, "丙镇", "窗口"),
            *[(f"z{i}", 80.0 - i, 0, 0, 0, f"镇{i}", "窗口") for i in range(7)]]
    g, ties = graded(rows, SCHEME.updated({"grading": {"group_by": "post"}}))
    assert sorted(ties["cadre_id"]) == ["b", "c"]
    assert set(ties["group"]) == {"窗口"}
    assert g.loc["b", "grade"] == "优秀" and g.loc["c", "grade"] == "称职"   # ID decides


def test_quota_tie_through_score_flags_and_explains():
    # 10 cadres of one unit with identical data except two leaders; a and b identical → tie at place 2?
    # Build: a best (task 10/10); b, c identical (task 9/10); 7 others 5/10.  Tasks only → composite = task.
    # a 100; b, c 90; rest 50 → quota 2: b (ID) takes place 2, c place 3.
    ids = ["a", "b", "c", *[f"z{i}" for i in range(7)]]
    actual = [10.0, 9.0, 9.0, *[5.0] * 7]
    roster = pd.DataFrame({"cadre_id": ids, "name": ids, "unit": "青石镇", "unit_type": "乡镇",
                           "post": "党政综合"}).astype("str")
    tasks = pd.DataFrame({"cadre_id": ids, "task": "t", "target": 10.0, "actual": actual, "difficulty": 1.0,
                          "errors": 0.0, "deadline": pd.NaT, "done_on": pd.NaT}).astype(TASK_COLUMNS)
    ds = Dataset(
        roster=roster, tasks=tasks,
        service=pd.DataFrame({c: pd.Series(dtype=t) for c, t in SERVICE_COLUMNS.items()}),
        votes=pd.DataFrame({c: pd.Series(dtype=t) for c, t in VOTE_COLUMNS.items()}),
        ballots=pd.DataFrame({c: pd.Series(dtype="str") for c in ("cadre_id", "voter_group", "voter_id", "ballot")}),
        rejected=pd.DataFrame({c: pd.Series(dtype="int64" if c == "row" else "str") for c in REJECTED_COLUMNS}),
        rows={}, sheets=pd.DataFrame(), inputs=[])
    res = score(ds)
    c = res.cadres.set_index("cadre_id")
    assert c.loc[["a", "b", "c"], "grade"].tolist() == ["优秀", "优秀", "称职"]
    assert "quota_tie" in c.loc["b", "flags"] and "quota_tie" in c.loc["c", "flags"]
    assert "quota_tie" not in c.loc["a", "flags"]
    assert sorted(res.ties["cadre_id"]) == ["b", "c"]
    text = c.loc["c", "flag_text"]
    assert "90.00" in text and "编号" in text and "民主测评得分" in text
