"""Hand-computed cases for every diagnostic: inversion per group, each cadre flag, the unit flag.

Defaults (``appraisal/default_scheme.yaml``): groups need 8 cadres; inversion is rho < 0 with
Benjamini–Hochberg q < 0.05; the workload quartile is 25 %; the leader/mass gap threshold is
1.5 standard deviations (sample SD within the post); fewer than 10 ratings is few; 不称职 above
1/3 and 优秀+称职 below 2/3 go to review; a unit with at least 30 ballots votes uniformly when
优秀 is 90 % or more of them, or its democratic scores have SD below 3 with 优秀 the majority.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from appraisal import Scheme
from appraisal.scoring.diagnostics import CADRE_FLAGS, cadre_flags, inversion_groups, spearman_by_group, unit_flags

SCHEME = Scheme.default()


def cadres(**columns) -> pd.DataFrame:
    """A cadre table with neutral defaults for every column the diagnostics read."""
    n = len(next(iter(columns.values())))
    base = {
        "cadre_id": [f"c{i:02d}" for i in range(n)], "name": [f"干部{i}" for i in range(n)],
        "unit": ["青石镇"] * n, "unit_type": ["乡镇"] * n, "post": ["党政综合"] * n,
        "workload": np.arange(1.0, n + 1), "composite": np.full(n, 80.0),
        "task_score": np.full(n, 80.0), "service_score": np.full(n, 80.0), "democratic_score": np.full(n, 80.0),
        "leader_score": np.full(n, 80.0), "service_n": [20] * n, "unfit_share": [0.0] * n,
        "approval_share": [1.0] * n, "missing": [""] * n, "quota_tie": [False] * n,
    }
    base.update(columns)
    return pd.DataFrame(base)


# ------------------------------------------------------------------ Spearman per group

def test_spearman_by_group_matches_scipy_with_ties():
    rng = np.random.default_rng(7)
    frame = pd.DataFrame({"g": np.repeat(["a", "b", "c"], 12),
                          "x": rng.integers(0, 5, 36).astype(float),       # many ties
                          "y": rng.normal(size=36)})
    out = spearman_by_group(frame, "g", "x", "y")
    for g, part in frame.groupby("g"):
        ref = stats.spearmanr(part["x"], part["y"], alternative="less")  # scipy: the reference
        assert out.loc[g, "rho"] == pytest.approx(ref.statistic, abs=1e-12)
        assert out.loc[g, "p"] == pytest.approx(ref.pvalue, abs=1e-12)
        assert out.loc[g, "n"] == 12


def test_spearman_ignores_rows_with_a_missing_value():
    frame = pd.DataFrame({"g": ["a"] * 6, "x": [1.0, 2, 3, 4, 5, np.nan], "y": [5.0, 4, 3, 2, 1, 0]})
    out = spearman_by_group(frame, "g", "x", "y")
    assert out.loc["a", "n"] == 5
    assert out.loc["a", "rho"] == pytest.approx(-1.0)


@pytest.mark.parametrize("seed", range(20))
def test_p_and_q_are_scipy_stats_exactly(seed):
    """The inversion p and q come from scipy.special (scipy.stats is not imported to score), bit for bit."""
    from appraisal.scoring.diagnostics import _bh, _t_cdf

    rng = np.random.default_rng(seed)
    m = int(rng.integers(1, 200))
    p = rng.random(m)
    p[: m // 5] = np.round(p[: m // 5], 1)  # ties
    p[rng.random(m) < 0.1] = 1.0
    # scipy: the reference
    assert np.array_equal(_bh(p), stats.false_discovery_control(p, method="bh"))
    rho = np.append(rng.uniform(-1, 1, (m, 4)), [[-1.0, 1.0, 0.0, np.nan]], axis=0)
    dof = np.append(rng.integers(-2, 300, (m, 4)), [[5, 5, 5, 5]], axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = rho * np.sqrt(dof / ((1 - rho) * (1 + rho)))
    assert np.array_equal(_t_cdf(t, dof.clip(min=1)), stats.t.cdf(t, dof.clip(min=1)), equal_nan=True)


# --------------------------------------------------------------------- inversion table

def _three_units() -> pd.DataFrame:
    """甲镇: composite falls as workload rises (rho = −1); 乙镇: rises (rho = +1); 丙镇: 5 cadres only."""
    work = np.arange(1.0, 11)
    down = cadres(workload=work, composite=100 - work, unit=["甲镇"] * 10, post=["党政综合"] * 10)
    up = cadres(workload=work, composite=80 + work, unit=["乙镇"] * 10, post=["经济发展"] * 10)
    small = cadres(workload=np.arange(1.0, 6), composite=np.full(5, 80.0), unit=["丙镇"] * 5, post=["社会事务"] * 5)
    frame = pd.concat([down, up, small], ignore_index=True)
    frame["cadre_id"] = [f"c{i:02d}" for i in range(len(frame))]
    return frame


def test_inversion_groups_by_unit_and_post():
    g = inversion_groups(_three_units(), SCHEME)
    units = g[g["by"] == "unit"].set_index("name")
    assert sorted(units.index) == ["乙镇", "甲镇"]                       # 丙镇 has 5 < 8 cadres
    assert units.loc["甲镇", "rho"] == pytest.approx(-1.0)
    assert units.loc["乙镇", "rho"] == pytest.approx(1.0)
    assert units.loc["甲镇", "inversion"] and not units.loc["乙镇", "inversion"]
    assert units.loc["甲镇", "p"] == pytest.approx(0.0, abs=1e-12)      # t = −∞ on 8 degrees of freedom
    assert units.loc["乙镇", "p"] == pytest.approx(1.0)
    assert set(g["by"]) == {"unit", "post"}                               # the same groups again, by post
    assert set(g["n"]) == {10}


def test_benjamini_hochberg_q_by_hand():
    # Four units of 10 whose composite is a fixed permutation of workload, giving four one-sided p.
    # BH: sort p ascending, q_(i) = min over j ≥ i of p_(j) · m / j, with m = 4.
    perms = {"甲镇": [10, 9, 8, 7, 6, 5, 4, 3, 2, 1], "乙镇": [3, 1, 2, 6, 5, 4, 10, 8, 9, 7],
             "丙镇": [10, 8, 9, 6, 7, 5, 3, 4, 1, 2], "丁镇": [5, 6, 4, 7, 3, 8, 2, 9, 1, 10]}
    parts = [cadres(workload=np.arange(1.0, 11), composite=np.array(v, float), unit=[u] * 10,
                    post=[f"岗{i}" for i in range(10)]) for u, v in perms.items()]
    frame = pd.concat(parts, ignore_index=True)
    frame["cadre_id"] = [f"c{i:02d}" for i in range(len(frame))]
    g = inversion_groups(frame, SCHEME).query("by == 'unit'").set_index("name")
    p = {u: stats.spearmanr(np.arange(10), v, alternative="less").pvalue for u, v in perms.items()}
    order = sorted(p, key=p.get)
    m = len(order)
    q, running = {}, 1.0
    for i in range(m, 0, -1):                                              # step up from the largest p
        running = min(running, p[order[i - 1]] * m / i)
        q[order[i - 1]] = running
    for u in perms:
        assert g.loc[u, "p"] == pytest.approx(p[u], abs=1e-12)
        assert g.loc[u, "q"] == pytest.approx(q[u], abs=1e-12)
        assert g.loc[u, "inversion"] == (g.loc[u, "rho"] < 0 and q[u] < 0.05)


def test_component_rhos_are_reported():
    frame = _three_units()
    frame["task_score"] = 50 + frame["workload"]          # rises with workload everywhere
    frame["service_score"] = 50 - frame["workload"]       # falls with workload everywhere
    g = inversion_groups(frame, SCHEME).query("by == 'unit'").set_index("name")
    assert g.loc["甲镇", "rho_task"] == pytest.approx(1.0)
    assert g.loc["甲镇", "rho_service"] == pytest.approx(-1.0)
    assert math.isnan(g.loc["甲镇", "rho_democratic"])   # a constant score has no rank correlation


# ------------------------------------------------------------------------ cadre flags

def test_workload_inversion_top_quartile_of_work_and_bottom_quartile_of_score():
    # 8 cadres: workload 1..8; composite highest for the least work.  Percentile ranks (rank/8):
    # workload 8 → 1.0 and 7 → 0.875 are above 0.75; their composites 60, 61 rank 1/8 and 2/8 ≤ 0.25.
    frame = cadres(workload=np.arange(1.0, 9), composite=np.array([90, 85, 80, 75, 70, 65, 61, 60], float))
    f = cadre_flags(frame, SCHEME)
    assert f["workload_inversion"].tolist() == [False] * 6 + [True, True]
    assert f["workload_pct"].tolist() == pytest.approx([i / 8 for i in range(1, 9)])
    # workload 6 (0.75) is not above 0.75 even with a low score
    frame.loc[5, "composite"] = 50.0
    assert not cadre_flags(frame, SCHEME)["workload_inversion"].iloc[5]


def test_workload_inversion_needs_a_group_of_eight():
    frame = cadres(workload=np.arange(1.0, 8), composite=np.array([90, 85, 80, 75, 70, 61, 60], float))
    assert not cadre_flags(frame, SCHEME)["workload_inversion"].any()


def test_leader_mass_gap_in_standard_deviations_within_the_post():
    # leader 70, 80, 90, 100 and service 100, 90, 80, 70 within one post:
    # mean 85, sample SD √(500/3) = 12.910; z_leader = ∓1.162, ∓0.387; z_service the reverse.
    # gap = z_leader − z_service = −2.324, −0.775, +0.775, +2.324 → beyond 1.5 at the ends only.
    frame = cadres(leader_score=np.array([70.0, 80, 90, 100]), service_score=np.array([100.0, 90, 80, 70]))
    f = cadre_flags(frame, SCHEME)
    sd = math.sqrt(500 / 3)
    assert f["z_leader"].tolist() == pytest.approx([-15 / sd, -5 / sd, 5 / sd, 15 / sd])
    assert f["gap"].tolist() == pytest.approx([-30 / sd, -10 / sd, 10 / sd, 30 / sd])
    assert f["mass_above_leader"].tolist() == [True, False, False, False]
    assert f["leader_above_mass"].tolist() == [False, False, False, True]


def test_leader_mass_gap_is_computed_per_post_and_needs_both_views():
    frame = cadres(leader_score=np.array([70.0, 100, 70, 100, np.nan]),
                   service_score=np.array([100.0, 70, 100, 70, 50]),
                   post=["窗口", "窗口", "党政", "党政", "党政"])
    f = cadre_flags(frame, SCHEME)
    # two cadres per post: z = ±1/√2·… ; gap = ±2·(15/√450) = ±1.414 < 1.5 → no flag in either post
    assert not f["leader_above_mass"].any() and not f["mass_above_leader"].any()
    assert math.isnan(f["gap"].iloc[4])


@pytest.mark.parametrize(("service_n", "flagged"), [(0, False), (1, True), (9, True), (10, False), (50, False)])
def test_few_ratings(service_n, flagged):
    # no rating at all is a missing component, not "few"
    assert cadre_flags(cadres(service_n=[service_n]), SCHEME)["few_ratings"].tolist() == [flagged]


@pytest.mark.parametrize(("unfit", "n", "flagged"), [
    (1, 3, False),    # exactly 1/3 is not above 1/3
    (2, 6, False),
    (4, 10, True),    # 0.4
    (34, 100, True),  # 0.34
    (0, 10, False),
])
def test_unfit_votes_above_one_third(unfit, n, flagged):
    assert cadre_flags(cadres(unfit_share=[unfit / n]), SCHEME)["unfit_votes"].tolist() == [flagged]


@pytest.mark.parametrize(("approve", "n", "flagged"), [
    (2, 3, False),    # exactly 2/3 is not below 2/3
    (4, 6, False),
    (6, 10, True),    # 0.6
    (66, 100, True),  # 0.66
    (10, 10, False),
])
def test_low_approval_below_two_thirds(approve, n, flagged):
    assert cadre_flags(cadres(approval_share=[approve / n]), SCHEME)["low_approval"].tolist() == [flagged]


def test_missing_component_and_quota_tie_and_no_votes():
    frame = cadres(missing=["", "service", "task service democratic"], quota_tie=[False, True, False],
                   unfit_share=[np.nan, 0.0, np.nan], approval_share=[np.nan, 1.0, np.nan])
    f = cadre_flags(frame, SCHEME)
    assert f["missing_component"].tolist() == [False, True, True]
    assert f["quota_tie"].tolist() == [False, True, False]
    assert not f["unfit_votes"].any() and not f["low_approval"].any()   # no ballots: nothing to review
    assert set(CADRE_FLAGS) <= set(f.columns)
    assert all(f[c].dtype == bool for c in CADRE_FLAGS)


# -------------------------------------------------------------------------- unit flag

def _votes(unit_counts: dict[str, list[tuple[int, int, int, int]]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows, people = [], []
    for unit, tallies in unit_counts.items():
        for i, t in enumerate(tallies):
            cid = f"{unit}{i}"
            people.append({"cadre_id": cid, "unit": unit, "unit_type": "乡镇",
                           "democratic_score": (t[0] * 100 + t[1] * 80 + t[2] * 60) / sum(t)})
            rows.append({"cadre_id": cid, "voter_group": "干部职工", "excellent": t[0], "competent": t[1],
                         "basic": t[2], "unfit": t[3]})
    return pd.DataFrame(people), pd.DataFrame(rows)


def test_uniform_votes():
    people, votes = _votes({
        "甲镇": [(10, 0, 0, 0)] * 3,                         # 30 ballots, 100 % 优秀 → uniform
        "乙镇": [(9, 1, 0, 0)] * 3,                          # 27 + 3: exactly 90 % → uniform (at or above)
        "丙镇": [(10, 0, 0, 0)] * 2,                         # only 20 ballots: too few to judge
        "丁镇": [(6, 4, 0, 0), (2, 8, 0, 0), (8, 1, 1, 0)],  # 16/30 优秀, scores 92, 84, 95 (SD 5.6) → not
        "戊镇": [(6, 4, 0, 0), (6, 4, 0, 0), (7, 3, 0, 0)],  # 19/30 = 63 % 优秀, scores 92, 92, 94: SD 1.15 < 3 → uniform
    })
    u = unit_flags(people, votes, SCHEME).set_index("unit")
    assert u["uniform_votes"].to_dict() == {"丁镇": False, "丙镇": False, "乙镇": True, "戊镇": True, "甲镇": True}
    assert u.loc["乙镇", "excellent_share"] == pytest.approx(0.9)
    assert u.loc["戊镇", "score_sd"] == pytest.approx(np.std([92, 92, 94], ddof=1))
    assert u.loc["甲镇", "flags"] == ["uniform_votes"] and u.loc["丁镇", "flags"] == []
    assert "100%" in u.loc["甲镇", "flag_text"] and "30" in u.loc["甲镇", "flag_text"]
    assert u.loc["丁镇", "flag_text"] == ""
