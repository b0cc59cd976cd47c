"""appraisal.analysis.bias: leniency (chi-square with adjusted residuals), straight-lining, vote entropy.

References: Agresti, A. (2013), Categorical Data Analysis, 3rd ed., sec. 2.4.5 (adjusted residuals
(O - E)/sqrt(E(1 - row/N)(1 - col/N))); scipy.stats.chi2_contingency for the test statistic;
Benjamini & Hochberg (1995) via scipy.stats.false_discovery_control; Shannon entropy via scipy.stats.entropy.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from appraisal import Scheme
from appraisal.analysis.bias import (
    LENIENCY_COLUMNS,
    group_bias,
    leniency,
    straight_lining,
    unit_bias,
    vote_entropy,
)

GRADES = np.array(["优秀", "称职", "基本称职", "不称职"])


def _ds(votes: pd.DataFrame, roster: pd.DataFrame, ballots: pd.DataFrame | None = None):
    return SimpleNamespace(votes=votes, roster=roster, ballots=ballots if ballots is not None else pd.DataFrame(
        columns=["cadre_id", "voter_group", "voter_id", "ballot"]))


def test_adjusted_residual_by_hand_and_chi2_from_scipy():
    votes = pd.DataFrame({"cadre_id": ["a"] * 3, "voter_group": ["甲", "乙", "丙"],
                          "excellent": [30, 10, 20], "competent": [10, 30, 20], "basic": 0, "unfit": 0})
    ds = _ds(votes, pd.DataFrame({"cadre_id": ["a"], "unit": ["镇"]}))
    out = leniency(ds, Scheme.default()).set_index("name")
    assert list(leniency(ds).columns) == LENIENCY_COLUMNS
    # By hand: N=120, pooled 60/120 = 0.5, E = 20 per row, row share 1/3:
    # r = (30 - 20) / sqrt(20 * (1 - 1/3) * (1 - 1/2)) = 10 / sqrt(20/3) = 3.873
    assert np.isclose(out.at["甲", "residual"], 10 / np.sqrt(20 / 3))
    assert np.isclose(out.at["丙", "residual"], 0)
    chi2 = stats.chi2_contingency(np.array([[30, 10], [10, 30], [20, 20]]), correction=False)
    assert np.isclose(out.at["甲", "chi2"], chi2.statistic) and out.at["甲", "dof"] == 2
    assert out.at["甲", "lenient"] and out.at["乙", "harsh"] and not out.at["丙", "lenient"]


def test_minimum_expected_count_guard():
    votes = pd.DataFrame({"cadre_id": ["a"] * 3, "voter_group": ["甲", "乙", "小"],
                          "excellent": [30, 10, 3], "competent": [10, 30, 0], "basic": 0, "unfit": 0})
    out = leniency(_ds(votes, pd.DataFrame({"cadre_id": ["a"], "unit": ["镇"]})), Scheme.default()).set_index("name")
    # 3 votes: expected 优秀 ≈ 1.6 < 5, so the group is not tested and not flagged though all 3 are 优秀
    assert not out.at["小", "testable"] and np.isnan(out.at["小", "residual"]) and not out.at["小", "lenient"]


def _county_votes(seed: int, lenient_group: str | None, n_units: int = 20, per_unit: int = 12):
    rng = np.random.default_rng(seed)
    roster, rows = [], []
    for u in range(n_units):
        for c in range(per_unit):
            cid = f"{u:02d}{c:02d}"
            roster.append((cid, f"单位{u:02d}"))
            base = np.array([0.3, 0.5, 0.15, 0.05])
            for group, size in (("县领导", 5), ("班子成员", 7), ("干部职工", 25), ("服务对象代表", 8)):
                p = np.array([0.7, 0.25, 0.04, 0.01]) if group == lenient_group else base
                rows.append((cid, group, *rng.multinomial(size, p)))
    votes = pd.DataFrame(rows, columns=["cadre_id", "voter_group", "excellent", "competent", "basic", "unfit"])
    return _ds(votes, pd.DataFrame(roster, columns=["cadre_id", "unit"]))


def test_planted_lenient_group_is_flagged_and_others_rarely():
    false_flags = 0
    for seed in range(10):
        out = group_bias(_county_votes(seed, "县领导"), Scheme.default()).set_index("name")
        assert out.at["县领导", "lenient"] and out.at["县领导", "flags"] == ["lenient_group"]
        assert "县领导" in out.at["县领导", "flag_text"]
        false_flags += int(out.drop(index="县领导")["lenient"].sum())
        clean = group_bias(_county_votes(100 + seed, None), Scheme.default())
        false_flags += int((clean["lenient"] | clean["harsh"]).sum())
    assert false_flags == 0


def test_planted_lenient_unit_is_flagged_and_others_rarely():
    ds = _county_votes(7, None)
    v = ds.votes.copy()
    in_unit = v["cadre_id"].str.startswith("03")
    v.loc[in_unit, "excellent"] += v.loc[in_unit, "competent"]
    v.loc[in_unit, "competent"] = 0
    out = unit_bias(_ds(v, ds.roster), Scheme.default()).set_index("unit")
    assert "lenient_unit" in out.at["单位03", "flags"]
    assert sum(bool(f) for f in out.drop(index="单位03")["flags"]) == 0


def _ballots(seed: int, straight: dict[str, str], n_cadres: int = 10, n_voters: int = 30):
    rng = np.random.default_rng(seed)
    p = np.array([0.35, 0.45, 0.15, 0.05])
    rows = []
    for v in range(n_voters):
        vid = f"v{v:02d}"
        for c in range(n_cadres):
            grade = straight.get(vid) or GRADES[rng.choice(4, p=p)]
            rows.append((f"c{c}", "干部职工", vid, grade))
    ballots = pd.DataFrame(rows, columns=["cadre_id", "voter_group", "voter_id", "ballot"])
    roster = pd.DataFrame({"cadre_id": [f"c{c}" for c in range(n_cadres)], "unit": "甲镇"})
    return _ds(pd.DataFrame(columns=["cadre_id", "voter_group", "excellent", "competent", "basic", "unfit"]),
               roster, ballots)


def test_planted_straight_liner_is_flagged_and_honest_voters_rarely():
    flagged_honest = 0
    for seed in range(10):
        out = straight_lining(_ballots(seed, {"v07": "优秀"}), Scheme.default()).set_index("voter_id")
        assert out.at["v07", "straight_lining"] and out.at["v07", "grade"] == "优秀"
        assert "v07" in out.at["v07", "flag_text"] and "10名干部" in out.at["v07", "flag_text"]
        flagged_honest += int(out.drop(index="v07")["straight_lining"].sum())
    assert flagged_honest == 0


@pytest.mark.parametrize("n_rated, same, flagged", [(4, True, False), (5, True, True), (5, False, False)])
def test_straight_lining_minimum_count_boundary(n_rated, same, flagged):
    grades = ["称职"] * n_rated if same else ["称职"] * (n_rated - 1) + ["优秀"]
    b = pd.DataFrame({"cadre_id": [f"c{i}" for i in range(n_rated)], "voter_group": "班子成员", "voter_id": "v1",
                      "ballot": grades})
    ds = _ds(pd.DataFrame(), pd.DataFrame({"cadre_id": b["cadre_id"], "unit": "甲镇"}), b)
    out = straight_lining(ds, Scheme.default())
    assert bool(out.at[0, "straight_lining"]) is flagged
    # p_chance by hand: a lone voter's own distribution; all one grade -> 1.0, else 0.8^5 + 0.2^5
    assert np.isclose(out.at[0, "p_chance"], 1.0 if same else 0.8 ** 5 + 0.2 ** 5)


def test_straight_lining_without_ballots_is_empty():
    ds = _ds(pd.DataFrame(), pd.DataFrame({"cadre_id": ["a"], "unit": ["甲镇"]}))
    out = straight_lining(ds)
    assert out.empty and "straight_lining" in out.columns


def test_entropy_by_hand_and_flag():
    votes = pd.DataFrame({"cadre_id": ["a", "b", "c"], "voter_group": "干部职工",
                          "excellent": [50, 40, 20], "competent": [50, 0, 0], "basic": [0, 0, 0], "unfit": [0, 0, 0]})
    ds = _ds(votes, pd.DataFrame({"cadre_id": ["a", "b", "c"], "unit": ["甲", "乙", "丙"]}))
    out = vote_entropy(ds, Scheme.default()).set_index("unit")
    # By hand: 甲 half 优秀 half 称职: H = 1 bit, normalized 1/2; 乙 one grade: 0; 丙 too few votes (20 < 30)
    assert np.isclose(out.at["甲", "entropy"], 1.0) and np.isclose(out.at["甲", "entropy_norm"], 0.5)
    assert out.at["乙", "low_information"] and not out.at["甲", "low_information"]
    assert out.at["丙", "entropy_norm"] == 0 and not out.at["丙", "low_information"]


def test_functions_do_not_mutate_inputs():
    ds = _ballots(1, {"v01": "称职"})
    ds.votes = _county_votes(2, "县领导").votes
    ds.roster = pd.concat([ds.roster, _county_votes(2, None).roster], ignore_index=True)
    before = {k: getattr(ds, k).copy() for k in ("votes", "roster", "ballots")}
    for f in (group_bias, unit_bias, vote_entropy, straight_lining):
        f(ds, Scheme.default())
    leniency(ds, Scheme.default(), by="unit")
    for k, v in before.items():
        pd.testing.assert_frame_equal(getattr(ds, k), v)


def test_sample_county_flags_only_the_planted_uniform_unit(sample_result):
    from appraisal.demo.sample import PLANTED_UNIFORM_UNIT
    result = sample_result
    out = unit_bias(result.dataset, result.scheme)
    flagged = out[out["flags"].map(bool)]
    assert flagged["unit"].tolist() == [PLANTED_UNIFORM_UNIT]
    assert set(flagged["flags"].iloc[0]) == {"lenient_unit", "low_information"}
