"""历年对比 from the archive: grade distributions, rank stability by hand, movers with their standing."""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest

from appraisal import InputFile, Scheme, appraise
from appraisal.archive import (
    Period,
    grade_distribution,
    movers,
    open_archive,
    rank_stability,
    stability_table,
    yearly_results,
)
from tests.helpers.workbooks import county, xlsx


def _year(year: int, unit: str, composites: list[float], start: int = 1) -> pd.DataFrame:
    n = len(composites)
    return pd.DataFrame({"year": year, "cadre_id": [str(i) for i in range(start, start + n)],
                         "name": [f"干部{i}" for i in range(start, start + n)], "unit": unit,
                         "composite": composites, "grade": ["称职"] * n})


def test_rank_stability_by_hand():
    same = [90.0, 85, 80, 75, 70]
    yearly = pd.concat([
        _year(2024, "甲", same), _year(2025, "甲", [c + 1 for c in same]),            # the same order: rho 1
        _year(2024, "乙", same, 10), _year(2025, "乙", same[::-1], 10),              # reversed: rho −1
        _year(2024, "丙", same[:4], 20), _year(2025, "丙", same[:4], 20),            # 4 < min_pairs 5: not computed
    ], ignore_index=True)
    out = rank_stability(yearly).set_index("unit")
    assert out.loc["甲", ["year_from", "year_to", "n"]].tolist() == [2024, 2025, 5]
    assert out.at["甲", "rho"] == pytest.approx(1.0) and out.at["乙", "rho"] == pytest.approx(-1.0)
    assert np.isnan(out.at["丙", "rho"]) and out.at["丙", "n"] == 4
    lower = rank_stability(yearly, Scheme.default().updated({"trends": {"min_pairs": 4}})).set_index("unit")
    assert lower.at["丙", "rho"] == pytest.approx(1.0)
    assert list(stability_table(out.reset_index()).columns) == ["单位", "年度", "两年都在的人数", "名次相关（Spearman）", "p 值"]


def test_a_cadre_who_moved_unit_counts_in_neither_units_stability():
    a = _year(2024, "甲", [90.0, 85, 80, 75, 70])
    b = a.assign(year=2025)
    b.loc[0, "unit"] = "乙"
    out = rank_stability(pd.concat([a, b], ignore_index=True)).set_index("unit")
    assert out.at["甲", "n"] == 4 and "乙" not in out.index


def test_movers_largest_change_first_with_where_they_stood():
    a = _year(2024, "甲", [95.0, 80, 70, 60])
    b = _year(2025, "甲", [85.0, 81, 71, 75])
    out = movers(pd.concat([a, b], ignore_index=True), 2024, 2025)
    assert out["cadre_id"].tolist() == ["4", "1", "2", "3"]
    assert out["change"].tolist() == [15.0, -10.0, 1.0, 1.0]
    assert out.set_index("cadre_id")["percentile_from"].to_dict() == {"4": 25.0, "1": 100.0, "2": 75.0, "3": 50.0}


def test_grade_distribution_by_year_and_unit():
    y = pd.DataFrame({"year": [2024, 2024, 2024, 2025], "unit": ["甲", "甲", "乙", "甲"],
                      "grade": ["优秀", "称职", "不称职", "称职"]})
    by_unit = grade_distribution(y, by_unit=True)
    assert by_unit.values.tolist() == [[2024, "乙", 0, 0, 0, 1, 1], [2024, "甲", 1, 1, 0, 0, 2], [2025, "甲", 0, 1, 0, 0, 1]]


def test_yearly_results_take_each_years_latest_annual_version(location):
    result = appraise([InputFile("县.xlsx", xlsx(county()))])
    later = copy.deepcopy(result)
    later.cadres["composite"] = later.cadres["composite"] + 1
    with open_archive(location) as archive:
        archive.save(result, Period(2024))
        archive.save(result, Period(2025, 2))
        archive.save(result, Period(2025))
        archive.save(later, Period(2025), reason="更正")
        yearly = yearly_results(archive)
    assert yearly["year"].value_counts().sort_index().to_dict() == {2024: 5, 2025: 5}
    mine = yearly[yearly["cadre_id"] == "1001"].set_index("year")["composite"]
    assert mine[2025] == pytest.approx(mine[2024] + 1)
