"""Hand-computed cases for the three component scores and the composite.

Every expected number is worked out in a comment beside it, from the method
in ``../shared/domain.md`` and the defaults of ``appraisal/default_scheme.yaml``:
ratio clipped to [0, 1.2], late factor 0.9, error penalty 20 per error per
unit of workload (rate rule) or 2 per error (count rule), service scale 1–5
mapped to 0–100, trim above 5 ratings, prior weight m = 5, vote values
100/80/60/0, group weights 县领导 20 / 干部职工 40 / other 20.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from appraisal import Dataset, Scheme, score
from appraisal.check.validation import REJECTED_COLUMNS, SERVICE_COLUMNS, TASK_COLUMNS, VOTE_COLUMNS
from appraisal.scoring.component_scores import components, composite, democratic_scores, service_scores, task_scores

SCHEME = Scheme.default()


# --------------------------------------------------------------- builders

def _tasks(rows):
    """rows: (cadre_id, target, actual, difficulty, errors[, deadline, done_on])."""
    full = [(r[0], f"任务{i}", r[1], r[2], r[3], r[4], *(r[5:] if len(r) > 5 else (None, None)))
            for i, r in enumerate(rows)]
    frame = pd.DataFrame(full, columns=list(TASK_COLUMNS))
    frame["deadline"] = pd.to_datetime(frame["deadline"])
    frame["done_on"] = pd.to_datetime(frame["done_on"])
    return frame.astype(TASK_COLUMNS)


def _service(pairs):
    """pairs: (cadre_id, rating on the scheme's scale)."""
    frame = pd.DataFrame({"cadre_id": [p[0] for p in pairs],
                          "rater_id": [f"P{i}" for i in range(len(pairs))],
                          "rating": [float(p[1]) for p in pairs],
                          "rated_on": pd.NaT})
    return frame.astype(SERVICE_COLUMNS)


def _votes(rows):
    """rows: (cadre_id, voter_group, excellent, competent, basic, unfit)."""
    return pd.DataFrame(rows, columns=list(VOTE_COLUMNS)).astype(VOTE_COLUMNS)


def make_dataset(roster, tasks=(), service=(), votes=()):
    """A Dataset built directly from small tables (no files)."""
    r = pd.DataFrame(roster, columns=["cadre_id", "name", "unit", "unit_type", "post"]).astype("str")
    rejected = pd.DataFrame({c: pd.Series(dtype="int64" if c == "row" else "str") for c in REJECTED_COLUMNS})
    t, s, v = _tasks(tasks), _service(service), _votes(votes)
    rows = {k: {"read": n, "accepted": n, "rejected": 0}
            for k, n in (("roster", len(r)), ("tasks", len(t)), ("service", len(s)), ("democratic", len(v)))}
    ballots = pd.DataFrame({c: pd.Series(dtype="str") for c in ("cadre_id", "voter_group", "voter_id", "ballot")})
    return Dataset(roster=r, tasks=t, service=s, votes=v, ballots=ballots, rejected=rejected, rows=rows,
                   sheets=pd.DataFrame(), inputs=[])


# ------------------------------------------------------------------ task score

class TestTaskScore:
    def test_completion_ratio_is_clipped_to_0_and_1_2(self):
        t = _tasks([("over", 10, 13, 1, 0),    # 13/10 = 1.3 → clipped to 1.2 → 120
                    ("exact", 10, 10, 1, 0),   # 1.0 → 100
                    ("half", 10, 5, 1, 0),     # 0.5 → 50
                    ("none", 10, 0, 1, 0)])    # 0.0 → 0
        out = task_scores(t, SCHEME)
        assert out.loc["over", "completion"] == pytest.approx(1.2)
        assert out["task_score"].to_dict() == pytest.approx(
            {"exact": 100.0, "half": 50.0, "none": 0.0, "over": 120.0})

    def test_difficulty_weights_and_workload(self):
        # a: difficulty 1 at ratio 1.0 and difficulty 3 at ratio 0.5
        #    completion = (1·1.0 + 3·0.5) / (1 + 3) = 2.5 / 4 = 0.625 → 62.5; workload = 1 + 3 = 4
        # b: difficulty 0.8, 1.2, 2 at ratios 1.0, 1.2 (clipped from 1.5), 0.25
        #    completion = (0.8 + 1.44 + 0.5) / 4.0 = 2.74 / 4 = 0.685 → 68.5; workload = 4.0
        t = _tasks([("a", 10, 10, 1, 0), ("a", 10, 5, 3, 0),
                    ("b", 4, 4, 0.8, 0), ("b", 2, 3, 1.2, 0), ("b", 8, 2, 2, 0)])
        out = task_scores(t, SCHEME)
        assert out.loc["a", "workload"] == pytest.approx(4.0)
        assert out.loc["a", "task_score"] == pytest.approx(62.5)
        assert out.loc["b", "workload"] == pytest.approx(4.0)
        assert out.loc["b", "task_score"] == pytest.approx(68.5)
        assert out["n_tasks"].to_dict() == {"a": 2, "b": 3}

    def test_late_factor_only_when_done_after_deadline(self):
        t = _tasks([
            ("late", 10, 10, 1, 0, "2025-06-30", "2025-07-01"),     # late: 1.0 × 0.9 → 90
            ("ontime", 10, 10, 1, 0, "2025-06-30", "2025-06-30"),   # done on the deadline: not late → 100
            ("early", 10, 10, 1, 0, "2025-06-30", "2025-06-01"),    # → 100
            ("nodate", 10, 10, 1, 0, None, "2025-07-01"),           # blank deadline: no check → 100
            ("lateover", 10, 15, 1, 0, "2025-06-30", "2025-08-01"),  # clip(1.5)=1.2, × 0.9 = 1.08 → 108
        ])
        out = task_scores(t, SCHEME)
        assert out["task_score"].to_dict() == pytest.approx(
            {"late": 90.0, "ontime": 100.0, "early": 100.0, "nodate": 100.0, "lateover": 108.0})
        assert out["late_tasks"].to_dict() == {"late": 1, "ontime": 0, "early": 0, "nodate": 0, "lateover": 1}

    def test_late_factor_weighted_with_difficulty(self):
        # difficulty 2 on time at 1.0, difficulty 1 late at 1.0 → (2·1.0 + 1·0.9) / 3 = 2.9 / 3 → 96.667
        t = _tasks([("a", 10, 10, 2, 0, "2025-06-30", "2025-06-29"),
                    ("a", 10, 10, 1, 0, "2025-06-30", "2025-07-02")])
        assert task_scores(t, SCHEME).loc["a", "task_score"] == pytest.approx(290 / 3)

    def test_error_penalty_is_a_rate_per_unit_of_workload(self):
        # workload 1 + 3 = 4, errors 1 + 1 = 2 → rate 2/4 = 0.5; penalty 20 × 0.5 = 10
        # completion (1·1.0 + 3·1.0)/4 = 1.0 → 100 − 10 = 90
        t = _tasks([("a", 10, 10, 1, 1), ("a", 10, 10, 3, 1)])
        out = task_scores(t, SCHEME)
        assert out.loc["a", "errors"] == 2
        assert out.loc["a", "error_rate"] == pytest.approx(0.5)
        assert out.loc["a", "task_score"] == pytest.approx(90.0)

    def test_error_penalty_count_rule(self):
        # the same cadre under error_rule="count": 2 errors × 2 points = 4 → 100 − 4 = 96
        t = _tasks([("a", 10, 10, 1, 1), ("a", 10, 10, 3, 1)])
        assert task_scores(t, SCHEME, error_rule="count").loc["a", "task_score"] == pytest.approx(96.0)
        count_scheme = SCHEME.updated({"tasks": {"error_rule": "count"}})
        assert task_scores(t, count_scheme).loc["a", "task_score"] == pytest.approx(96.0)

    def test_task_score_never_below_zero(self):
        # completion 0.1 → 10; rate 5/1 = 5 → penalty 100 → 10 − 100 = −90 → 0
        t = _tasks([("a", 10, 1, 1, 5)])
        assert task_scores(t, SCHEME).loc["a", "task_score"] == 0.0

    def test_rate_and_count_rules_rank_differently(self):
        # H (heavy): 10 tasks of difficulty 2, all done → workload 20, completion 1.0; 4 errors
        #    rate:  4/20 = 0.2 → 20 × 0.2 = 4  → 96
        #    count: 4 × 2 = 8                   → 92
        # L (light): 1 task of difficulty 1, done → workload 1, completion 1.0; 1 error
        #    rate:  1/1 = 1   → 20 × 1 = 20    → 80
        #    count: 1 × 2 = 2                   → 98
        # More raw errors but a lower rate: H ranks first by rate, L by count.
        rows = [("H", 10, 10, 2, 1 if i < 4 else 0) for i in range(10)] + [("L", 10, 10, 1, 1)]
        t = _tasks(rows)
        rate = task_scores(t, SCHEME)
        count = task_scores(t, SCHEME, error_rule="count")
        assert rate.loc["H", "errors"] > rate.loc["L", "errors"]
        assert rate.loc["H", "error_rate"] < rate.loc["L", "error_rate"]
        assert rate["task_score"].to_dict() == pytest.approx({"H": 96.0, "L": 80.0})
        assert count["task_score"].to_dict() == pytest.approx({"H": 92.0, "L": 98.0})
        assert rate["task_score"].idxmax() == "H"
        assert count["task_score"].idxmax() == "L"

    def test_rate_and_count_rules_through_score(self):
        roster = [("H", "重", "青石镇", "乡镇", "党政综合"), ("L", "轻", "青石镇", "乡镇", "党政综合")]
        rows = [("H", 10, 10, 2, 1 if i < 4 else 0) for i in range(10)] + [("L", 10, 10, 1, 1)]
        ds = make_dataset(roster, tasks=rows)
        by_rate = score(ds).cadres.set_index("cadre_id")
        by_count = score(ds, error_rule="count").cadres.set_index("cadre_id")
        # only tasks present → composite = task score
        assert by_rate["composite"].to_dict() == pytest.approx({"H": 96.0, "L": 80.0})
        assert by_rate["rank_in_unit"].to_dict() == {"H": 1, "L": 2}
        assert by_count["rank_in_unit"].to_dict() == {"H": 2, "L": 1}


# --------------------------------------------------------------- service score

class TestServiceScore:
    def test_scale_is_mapped_to_0_100(self):
        # (r − 1)/(5 − 1) × 100: 1→0, 2→25, 3→50, 4→75, 5→100; one rating each, one post each so
        # the prior is the cadre's own mean and shrinkage changes nothing.
        s = _service([("r1", 1), ("r2", 2), ("r3", 3), ("r4", 4), ("r5", 5)])
        posts = pd.Series({f"r{i}": f"岗{i}" for i in range(1, 6)})
        out = service_scores(s, posts, SCHEME)
        assert out["service_raw"].to_dict() == pytest.approx({"r1": 0, "r2": 25, "r3": 50, "r4": 75, "r5": 100})
        assert out["service_score"].to_dict() == pytest.approx({"r1": 0, "r2": 25, "r3": 50, "r4": 75, "r5": 100})

    def test_no_trim_with_five_ratings(self):
        # 5 ratings [5,5,5,5,1] → [100,100,100,100,0]; 5 is not more than 5 → plain mean 400/5 = 80
        s = _service([("a", r) for r in (5, 5, 5, 5, 1)])
        out = service_scores(s, pd.Series({"a": "x"}), SCHEME)
        assert out.loc["a", "service_raw"] == pytest.approx(80.0)
        assert out.loc["a", "service_n"] == 5

    def test_trim_with_six_ratings(self):
        # 6 ratings [5,5,5,5,4,1] → [100,100,100,100,75,0]; drop one 100 and the 0:
        # (100+100+100+75)/4 = 375/4 = 93.75   (untrimmed would be 475/6 = 79.17)
        s = _service([("a", r) for r in (5, 5, 5, 5, 4, 1)])
        out = service_scores(s, pd.Series({"a": "x"}), SCHEME)
        assert out.loc["a", "service_raw"] == pytest.approx(93.75)
        assert out.loc["a", "service_n"] == 6

    def test_bayesian_shrinkage_toward_post_mean_of_cadre_means(self):
        # post x: a = 93.75 (n 6, trimmed as above); b = [3,3,3] → 50 (n 3)
        #   C = mean of cadre means = (93.75 + 50)/2 = 71.875
        #   (the pooled mean of all 9 ratings, 625/9 = 69.44, is NOT the prior)
        #   a: (6·93.75 + 5·71.875)/(6 + 5) = (562.5 + 359.375)/11 = 921.875/11 = 83.8068…
        #   b: (3·50 + 5·71.875)/(3 + 5) = (150 + 359.375)/8 = 509.375/8 = 63.671875
        # post y: c = [5] → 100; its own post's mean is 100 → stays 100
        s = _service([("a", r) for r in (5, 5, 5, 5, 4, 1)] + [("b", 3)] * 3 + [("c", 5)])
        out = service_scores(s, pd.Series({"a": "x", "b": "x", "c": "y"}), SCHEME)
        assert out.loc["a", "service_score"] == pytest.approx(921.875 / 11)
        assert out.loc["b", "service_score"] == pytest.approx(63.671875)
        assert out.loc["c", "service_score"] == pytest.approx(100.0)
        assert out["service_n"].to_dict() == {"a": 6, "b": 3, "c": 1}

    def test_prior_weight_setting(self):
        # m = 0: no shrinkage, score = raw; m = 3: b = (3·50 + 3·71.875)/6 = 60.9375
        s = _service([("a", r) for r in (5, 5, 5, 5, 4, 1)] + [("b", 3)] * 3)
        posts = pd.Series({"a": "x", "b": "x"})
        none = service_scores(s, posts, SCHEME.updated({"service": {"prior_weight": 0}}))
        assert none["service_score"].to_dict() == pytest.approx({"a": 93.75, "b": 50.0})
        three = service_scores(s, posts, SCHEME.updated({"service": {"prior_weight": 3}}))
        assert three.loc["b", "service_score"] == pytest.approx(60.9375)

    def test_95_percent_t_interval(self):
        # [3,3,4,4] → [50,50,75,75]; mean 62.5, sd = sqrt(4·12.5²/3) = 14.4338, n 4
        # half = t(0.975, 3) · sd/√4 = 3.182446 · 7.21688 = 22.9676 → [39.532, 85.468]
        # reference: scipy.stats.t.interval(0.95, 3, loc=62.5, scale=sem)
        s = _service([("a", r) for r in (3, 3, 4, 4)])
        out = service_scores(s, pd.Series({"a": "x"}), SCHEME)
        pts = np.array([50.0, 50, 75, 75])
        low, high = stats.t.interval(0.95, 3, loc=pts.mean(), scale=stats.sem(pts))
        assert out.loc["a", "service_ci_low"] == pytest.approx(low)
        assert out.loc["a", "service_ci_high"] == pytest.approx(high)
        assert low == pytest.approx(39.5324, abs=1e-3)
        assert high == pytest.approx(85.4676, abs=1e-3)

    @pytest.mark.parametrize("confidence", [0.5, 0.9, 0.95, 0.999])
    def test_t_quantile_is_scipy_stats_exactly(self, confidence):
        # scoring calls scipy.special.stdtrit, which scipy.stats.t.ppf calls: the same bits
        rng = np.random.default_rng(5)
        pairs = [(f"c{i}", r) for i in range(40) for r in rng.integers(1, 6, size=i + 2)]
        out = service_scores(_service(pairs), pd.Series("x", index=[f"c{i}" for i in range(40)]),
                             SCHEME.updated({"service": {"confidence": confidence}}))
        pts = pd.DataFrame(pairs, columns=["c", "r"]).assign(r=lambda d: (d["r"] - 1) / 4 * 100).groupby("c")["r"]
        n, mean, sd = pts.count(), pts.mean(), pts.std()
        half = stats.t.ppf(0.5 + confidence / 2, n - 1) * sd / np.sqrt(n)
        assert np.array_equal(out["service_ci_low"], np.clip(mean - half, 0, 100).reindex(out.index))
        assert np.array_equal(out["service_ci_high"], np.clip(mean + half, 0, 100).reindex(out.index))

    def test_interval_is_clipped_to_0_100_and_undefined_for_one_rating(self):
        s = _service([("a", 1), ("a", 5), ("b", 4)])
        out = service_scores(s, pd.Series({"a": "x", "b": "x"}), SCHEME)
        # a: [0, 100], mean 50, sd 70.71, t(0.975,1) = 12.706 → half ≈ 635 → clipped to [0, 100]
        assert out.loc["a", "service_ci_low"] == 0.0
        assert out.loc["a", "service_ci_high"] == 100.0
        # b: a single rating has no spread → no interval
        assert math.isnan(out.loc["b", "service_ci_low"])

    def test_service_rescaled_scale(self):
        # a 0–100 scale: 75 → (75 − 0)/100 × 100 = 75
        scheme = SCHEME.updated({"service": {"scale_min": 0, "scale_max": 100,
                                             "words": {"非常满意": 100, "满意": 75, "基本满意": 50,
                                                       "不满意": 25, "非常不满意": 0}}})
        s = _service([("a", 75), ("a", 25)])
        assert service_scores(s, pd.Series({"a": "x"}), scheme).loc["a", "service_raw"] == pytest.approx(50.0)


# ------------------------------------------------------------ democratic score

class TestDemocraticScore:
    def test_vote_values_per_group(self):
        # 干部职工 (2,1,1,1): (2·100 + 1·80 + 1·60 + 1·0)/5 = 340/5 = 68
        out = democratic_scores(_votes([("a", "干部职工", 2, 1, 1, 1)]), SCHEME)
        assert out.loc["a", "democratic_score"] == pytest.approx(68.0)
        assert out.loc["a", "n_votes"] == 5
        assert out.loc["a", "unfit_share"] == pytest.approx(0.2)       # 1/5
        assert out.loc["a", "approval_share"] == pytest.approx(0.6)    # (2+1)/5
        assert out.loc["a", "excellent_share"] == pytest.approx(0.4)   # 2/5

    def test_group_weights_renormalized_over_present_groups(self):
        # 县领导 (3,1,0,0): (300+80)/4 = 95, weight 20; 干部职工 (10,10,0,0): 1800/20 = 90, weight 40
        # (20·95 + 40·90)/(20 + 40) = (1900 + 3600)/60 = 91.667 — the absent groups (班子成员, 考核组…)
        # take no weight.  A vote-weighted pool would give (380+1800)/24 = 90.83 instead.
        out = democratic_scores(_votes([("a", "县领导", 3, 1, 0, 0), ("a", "干部职工", 10, 10, 0, 0)]), SCHEME)
        assert out.loc["a", "democratic_score"] == pytest.approx(5500 / 60)
        assert out.loc["a", "leader_score"] == pytest.approx(95.0)

    def test_unknown_group_gets_other_group_weight(self):
        # add 群众代表 (not in the scheme) (0,0,0,2) → 0 with other_group_weight 20:
        # (1900 + 3600 + 20·0)/(20 + 40 + 20) = 5500/80 = 68.75
        v = _votes([("a", "县领导", 3, 1, 0, 0), ("a", "干部职工", 10, 10, 0, 0), ("a", "群众代表", 0, 0, 0, 2)])
        assert democratic_scores(v, SCHEME).loc["a", "democratic_score"] == pytest.approx(68.75)
        # other_group_weight 60: (1900 + 3600 + 0)/(20 + 40 + 60) = 5500/120 = 45.833
        heavy = SCHEME.updated({"democratic": {"other_group_weight": 60}})
        assert democratic_scores(v, heavy).loc["a", "democratic_score"] == pytest.approx(5500 / 120)

    def test_leader_view_from_leader_groups_only(self):
        # leader groups 县领导 95 (w 20) and 班子成员 (0,1,0,0) = 80 (w 20) → (95 + 80)/2 = 87.5
        # 干部职工 stays out of the leader view
        v = _votes([("a", "县领导", 3, 1, 0, 0), ("a", "班子成员", 0, 1, 0, 0), ("a", "干部职工", 0, 0, 0, 5),
                    ("b", "干部职工", 5, 0, 0, 0)])
        out = democratic_scores(v, SCHEME)
        assert out.loc["a", "leader_score"] == pytest.approx(87.5)
        # democratic: (20·95 + 20·80 + 40·0)/80 = 3500/80 = 43.75
        assert out.loc["a", "democratic_score"] == pytest.approx(43.75)
        # b has no leader ballots → no leader view
        assert math.isnan(out.loc["b", "leader_score"])
        assert out.loc["b", "democratic_score"] == pytest.approx(100.0)

    def test_group_without_votes_takes_no_weight(self):
        # 县领导 row with all zeros: no ballot, so neither the score nor the leader view uses it
        v = _votes([("a", "县领导", 0, 0, 0, 0), ("a", "干部职工", 0, 5, 0, 0)])
        out = democratic_scores(v, SCHEME)
        assert out.loc["a", "democratic_score"] == pytest.approx(80.0)
        assert math.isnan(out.loc["a", "leader_score"])

    def test_vote_values_setting(self):
        # 不称职 worth 40 (a rule seen in practice): (1·100 + 1·40)/2 = 70
        scheme = SCHEME.updated({"democratic": {"values": {"优秀": 100, "称职": 80, "基本称职": 60, "不称职": 40}}})
        v = _votes([("a", "干部职工", 1, 0, 0, 1)])
        assert democratic_scores(v, scheme).loc["a", "democratic_score"] == pytest.approx(70.0)


# ------------------------------------------------------------------ composite

def _frame(rows):
    return pd.DataFrame(rows, columns=["cadre_id", "post", "task_score", "service_score", "democratic_score"])


class TestComposite:
    def test_post_weights(self):
        # 党政综合 40/20/40: 0.4·80 + 0.2·90 + 0.4·70 = 32 + 18 + 28 = 78
        # 便民服务窗口 30/45/25: 0.3·80 + 0.45·90 + 0.25·70 = 24 + 40.5 + 17.5 = 82
        out = composite(_frame([("a", "党政综合", 80.0, 90.0, 70.0), ("b", "便民服务窗口", 80.0, 90.0, 70.0)]), SCHEME)
        assert out["composite"].tolist() == pytest.approx([78.0, 82.0])
        assert out["weights_used"].tolist() == ["40/20/40", "30/45/25"]
        assert out["missing"].tolist() == ["", ""]

    def test_default_weights_for_unlisted_posts(self):
        # 综治维稳 is a post without its own weights, 临时岗位 is not even in the post list:
        # both take 默认 40/30/30: 0.4·80 + 0.3·90 + 0.3·70 = 32 + 27 + 21 = 80
        out = composite(_frame([("a", "综治维稳", 80.0, 90.0, 70.0), ("b", "临时岗位", 80.0, 90.0, 70.0)]), SCHEME)
        assert out["composite"].tolist() == pytest.approx([80.0, 80.0])
        assert out["weights_used"].tolist() == ["40/30/30", "40/30/30"]

    def test_missing_component_reweights_over_present(self):
        # 党政综合 without service: 40/(40+40) = 0.5 each → 0.5·80 + 0.5·70 = 75
        # 默认 without democratic: 40/70 and 30/70 → (40·80 + 30·90)/70 = (3200 + 2700)/70 = 84.2857
        # nothing at all: no composite, every component listed
        out = composite(_frame([("a", "党政综合", 80.0, np.nan, 70.0),
                                ("b", "综治维稳", 80.0, 90.0, np.nan),
                                ("c", "党政综合", np.nan, np.nan, np.nan)]), SCHEME)
        assert out["composite"].iloc[0] == pytest.approx(75.0)
        assert out["composite"].iloc[1] == pytest.approx(5900 / 70)
        assert math.isnan(out["composite"].iloc[2])
        assert out["missing"].tolist() == ["service", "democratic", "task service democratic"]
        # 40/70 = 57.14 %, 30/70 = 42.86 % → "57.1/42.9/0"
        assert out["weights_used"].tolist() == ["50/0/50", "57.1/42.9/0", ""]

    def test_zero_weight_component_is_not_missing(self):
        scheme = SCHEME.updated({"weights": {"默认": {"task": 50, "service": 0, "democratic": 50}}})
        out = composite(_frame([("a", "党政综合", 80.0, np.nan, 60.0)]), scheme)
        assert out["composite"].iloc[0] == pytest.approx(70.0)  # (80 + 60)/2
        assert out["missing"].iloc[0] == ""

    def test_components_and_missing_flag_through_score(self):
        # a: tasks only → composite = task score 100 (one task, done), flagged missing_component
        # b: all three sources; 默认 post 40/30/30
        #    task 10/10 → 100; service [4] → 75 (alone in post 临时岗位, prior = 75) ;
        #    votes 干部职工 (0,1,0,0) → 80 → 0.4·100 + 0.3·75 + 0.3·80 = 40 + 22.5 + 24 = 86.5
        roster = [("a", "甲", "青石镇", "乡镇", "党政综合"), ("b", "乙", "青石镇", "乡镇", "临时岗位")]
        ds = make_dataset(roster, tasks=[("a", 10, 10, 1, 0), ("b", 10, 10, 1, 0)],
                          service=[("b", 4)], votes=[("b", "干部职工", 0, 1, 0, 0)])
        comp = components(ds, SCHEME).set_index("cadre_id")
        assert comp.loc["a", "service_n"] == 0
        assert math.isnan(comp.loc["a", "service_score"])
        res = score(ds).cadres.set_index("cadre_id")
        assert res.loc["a", "composite"] == pytest.approx(100.0)
        assert res.loc["a", "missing"] == "service democratic"
        assert "missing_component" in res.loc["a", "flags"]
        assert res.loc["b", "composite"] == pytest.approx(86.5)
        assert res.loc["b", "missing"] == ""
        assert "missing_component" not in res.loc["b", "flags"]
