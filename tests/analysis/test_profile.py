"""appraisal.analysis.profile: one cadre's file, worked out by hand on the five-cadre county of ``workbooks.py``.

The county (``tests/helpers/workbooks.py``): 青石镇 has 1001, 1002, 1003 and
柳河乡 has 2001, 2002; 1001 and 2002 share the post 便民服务窗口.  With the
defaults of ``appraisal/default_scheme.yaml``:

- task scores: 1001 100/100 on time → 100; 1003 80/80 → 100; 1002 40/50 = 0.8,
  late (×0.9) → 0.72, 1 error over workload 2 → 20 × 0.5 = 10 off → 62;
- service scores: 1001 rated 5 and 4 → (100 + 75)/2 = 87.5, 1002 rated 3 → 50,
  1003 has no rating; the post means equal the cadres' own, so shrinking moves nothing;
- workloads (the difficulty sums): 1001 1.0, 1003 1.5, 1002 2.0;
- 1003 alone has 县领导 votes (2/1/0/0): leader score (2·100 + 1·80)/3 = 93.33.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from appraisal import InputFile, appraise
from appraisal.analysis import cadre_profile
from appraisal.demo import write_sample
from appraisal.texts import FLAG_LABELS
from tests.helpers.workbooks import county, xlsx

COMPONENTS = ["综合得分", "任务得分", "服务对象评价得分", "民主测评得分", "领导评价得分", "工作量"]


@pytest.fixture(scope="module")
def small():
    return appraise([InputFile("县.xlsx", xlsx(county()))])


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """A generated county of 60 cadres, for the properties."""
    return appraise(write_sample(tmp_path_factory.mktemp("county"), n_cadres=60, seed=7))


def test_an_unknown_id_has_no_profile(small):
    assert cadre_profile(small, "9999") is None
    assert cadre_profile(small, "") is None


def test_standing_percentiles_and_medians_by_hand(small):
    """Percentile = share of the unit (or post) at or below the cadre, the cadre counted; blanks left out."""
    c = small.cadres.set_index("cadre_id")["composite"]
    assert c["1003"] > c["1001"] > c["1002"] and c["1001"] > c["2002"]  # the ranks the numbers below rest on
    s = cadre_profile(small, "1001").standing
    assert list(s.columns) == ["component", "score", "pct_unit", "pct_post", "median_unit", "median_post"]
    assert s["component"].tolist() == COMPONENTS
    s = s.set_index("component")
    # composite: 2 of the 3 in 青石镇 at or below; first of the 2 in 便民服务窗口, whose median is their mean
    assert s.at["综合得分", "score"] == c["1001"]
    assert s.at["综合得分", "pct_unit"] == pytest.approx(200 / 3) and s.at["综合得分", "pct_post"] == 100
    assert s.at["综合得分", "median_unit"] == c["1001"]
    assert s.at["综合得分", "median_post"] == pytest.approx((c["1001"] + c["2002"]) / 2)
    # task: 100, 100, 62 in the unit -> all three at or below 100; median 100
    assert (s.at["任务得分", "score"], s.at["任务得分", "pct_unit"], s.at["任务得分", "median_unit"]) == (100, 100, 100)
    # service: 1003 has none, so the unit is 87.5 and 50: top of two, median 68.75
    assert s.at["服务对象评价得分", "score"] == 87.5
    assert s.at["服务对象评价得分", "pct_unit"] == 100 and s.at["服务对象评价得分", "median_unit"] == 68.75
    # leader: 1001 has no leader votes -> no percentile; the unit's median is 1003's 93.33; the post has none
    assert np.isnan(s.at["领导评价得分", "score"]) and np.isnan(s.at["领导评价得分", "pct_unit"])
    assert s.at["领导评价得分", "median_unit"] == pytest.approx(280 / 3)
    assert np.isnan(s.at["领导评价得分", "median_post"])
    # workload 1.0 of 1.0, 1.5, 2.0: one of three at or below; the post's two both have 1.0
    assert s.at["工作量", "pct_unit"] == pytest.approx(100 / 3) and s.at["工作量", "median_unit"] == 1.5
    assert s.at["工作量", "pct_post"] == 100 and s.at["工作量", "median_post"] == 1.0


def test_tasks_ratings_and_votes_are_the_cadres_own_rows(small):
    one = cadre_profile(small, "1001")
    assert one.row["cadre_id"] == "1001" and one.row["name"] == "张三"
    assert one.tasks[["cadre_id", "task", "target", "actual"]].to_dict("records") == [
        {"cadre_id": "1001", "task": "企业开办", "target": 100.0, "actual": 100.0}]
    # ratings: highest first, as the scale's words
    assert one.ratings.to_dict("list") == {"level": ["非常满意", "满意"], "value": [5.0, 4.0], "count": [1, 1]}
    assert one.votes.to_dict("records") == [
        {"voter_group": "干部职工", "优秀": 10, "称职": 5, "基本称职": 1, "不称职": 0}]
    # 2002 was rated "5星" and 4: the profile shows the same words
    assert cadre_profile(small, "2002").ratings["level"].tolist() == ["非常满意", "满意"]
    # 1003 has no rating: an empty table, not an error
    none = cadre_profile(small, "1003")
    assert none.ratings.empty and list(none.ratings.columns) == ["level", "value", "count"]
    assert none.votes.to_dict("records") == [
        {"voter_group": "县领导", "优秀": 2, "称职": 1, "基本称职": 0, "不称职": 0}]


def test_flags_are_labels_with_their_explanations(small):
    assert cadre_profile(small, "1003").flags == [
        (FLAG_LABELS["missing_component"], "缺少服务对象评价，综合得分按其余考核项重新分配权重（58.3/0/41.7）计算。")]
    assert cadre_profile(small, "1001").flags == [
        (FLAG_LABELS["few_ratings"], "仅有2条服务对象评价（少于10条），服务得分已向同岗位均值收缩，可信度有限。")]


def test_every_cadre_has_one_profile_and_no_row_is_lost(sample):
    """Over all cadres, the profiles hold every task, rating and vote row once."""
    ds = sample.dataset
    tasks = ratings = votes = 0
    for cid in sample.cadres["cadre_id"]:
        p = cadre_profile(sample, cid)
        assert p.row["cadre_id"] == cid
        assert (p.tasks["cadre_id"] == cid).all()
        tasks, ratings, votes = tasks + len(p.tasks), ratings + int(p.ratings["count"].sum()), votes + len(p.votes)
        pct = p.standing[["pct_unit", "pct_post"]].stack().dropna()
        assert pct.between(0, 100).all() and (pct > 0).all()  # the cadre itself is always counted
    assert (tasks, ratings, votes) == (len(ds.tasks), len(ds.service), len(ds.votes))
    # the best composite of each unit is at the 100th percentile of it
    for _, unit in sample.cadres.groupby("unit"):
        best = unit.loc[unit["composite"].idxmax(), "cadre_id"]
        assert cadre_profile(sample, best).standing.at[0, "pct_unit"] == 100


def test_row_order_changes_no_profile(sample):
    ds = sample.dataset
    shuffle = {name: getattr(ds, name).sample(frac=1, random_state=3) for name in ("tasks", "service", "votes")}
    mixed = dataclasses.replace(sample, cadres=sample.cadres.sample(frac=1, random_state=4),
                                dataset=dataclasses.replace(ds, **shuffle))
    for cid in sample.cadres["cadre_id"]:
        a, b = cadre_profile(sample, cid), cadre_profile(mixed, cid)
        pd.testing.assert_frame_equal(a.standing, b.standing)
        pd.testing.assert_frame_equal(a.ratings, b.ratings)
        for part in ("tasks", "votes"):
            x, y = getattr(a, part), getattr(b, part)
            pd.testing.assert_frame_equal(x.sort_values(list(x.columns)).reset_index(drop=True),
                                          y.sort_values(list(y.columns)).reset_index(drop=True))
        assert a.flags == b.flags and a.row.equals(b.row)


def test_the_result_is_not_changed(small):
    before = {k: getattr(small.dataset, k).copy() for k in ("tasks", "service", "votes")}
    cadres = small.cadres.copy()
    for cid in cadres["cadre_id"]:
        cadre_profile(small, cid)
    pd.testing.assert_frame_equal(small.cadres, cadres)
    for k, v in before.items():
        pd.testing.assert_frame_equal(getattr(small.dataset, k), v)
