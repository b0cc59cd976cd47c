"""Year to year, from the archive: grade distributions, how stable ranks are, who moved most.

Each year is its annual appraisal's latest version.  A rank correlation between consecutive years per
unit (Spearman, over the cadres in the unit both years) says how much a ranking carries over: near 1,
the same order again; near 0, a reshuffle, which may be the cadres or the measurement.  Movers are
listed with a caution: the extremes of one year regress toward the mean the next (Galton), so the
year's best falling and its worst rising is expected without any change in the cadres.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..scheme import GRADES, Scheme
from .store import RESULT_FIELDS, Archive

__all__ = ["latest_results", "yearly_results", "grade_distribution", "rank_stability", "movers"]


def latest_results(archive: Archive, quarterly: bool = False) -> pd.DataFrame:
    """Every cadre row of every annual appraisal (or, ``quarterly``, every quarter of 平时考核), each period's
    latest version: year, quarter, then :data:`RESULT_FIELDS`; in time order."""
    listed = archive.versions()
    found = sorted({p for p in listed["period"] if bool(p.quarter) == quarterly})
    frames = [archive.load(p).cadres.assign(year=p.year, quarter=p.quarter) for p in found]
    if not frames:
        empty = {f: pd.Series(dtype="str") for f in RESULT_FIELDS}
        return pd.DataFrame({"year": pd.Series(dtype="int64"), "quarter": pd.Series(dtype="int64"), **empty})
    frame = pd.concat(frames, ignore_index=True)
    return frame[["year", "quarter", *RESULT_FIELDS]]


def yearly_results(archive: Archive) -> pd.DataFrame:
    """Every cadre row of every year's annual appraisal (its latest version): year, then :data:`RESULT_FIELDS`."""
    return latest_results(archive).drop(columns="quarter")


def grade_distribution(yearly: pd.DataFrame, by_unit: bool = False) -> pd.DataFrame:
    """Cadres per grade and year (and unit): a row per year (year, unit), a column per grade, then n.

    >>> y = pd.DataFrame({"year": [2024, 2024, 2025], "unit": ["甲", "甲", "甲"], "grade": ["优秀", "称职", "称职"]})
    >>> grade_distribution(y).values.tolist()
    [[2024, 1, 1, 0, 0, 2], [2025, 0, 1, 0, 0, 1]]
    """
    keys = ["year", "unit"] if by_unit else ["year"]
    counts = yearly.groupby([*keys, "grade"]).size().unstack("grade", fill_value=0)
    counts = counts.reindex(columns=list(GRADES), fill_value=0)
    counts["n"] = counts.sum(axis=1)
    return counts.reset_index().rename_axis(columns=None)


def rank_stability(yearly: pd.DataFrame, scheme: Scheme | None = None) -> pd.DataFrame:
    """Per unit and pair of consecutive archived years: unit, year_from, year_to, n (cadres in the unit both
    years), rho (Spearman of their composites), p (two-sided); rho NaN below ``trends.min_pairs`` cadres."""
    from scipy import stats

    min_pairs = int((scheme or Scheme.default()).get("trends", "min_pairs"))
    years = sorted(set(yearly["year"]))
    rows = []
    for y0, y1 in zip(years, years[1:]):
        a = yearly[yearly["year"] == y0][["cadre_id", "unit", "composite"]]
        b = yearly[yearly["year"] == y1][["cadre_id", "unit", "composite"]]
        both = a.merge(b, on=["cadre_id", "unit"], suffixes=("_a", "_b")).dropna(subset=["composite_a", "composite_b"])
        for unit, g in both.groupby("unit", sort=True):
            rho = p = np.nan
            if len(g) >= min_pairs and g["composite_a"].nunique() > 1 and g["composite_b"].nunique() > 1:
                found = stats.spearmanr(g["composite_a"], g["composite_b"])
                rho, p = float(found.statistic), float(found.pvalue)
            rows.append({"unit": unit, "year_from": y0, "year_to": y1, "n": len(g), "rho": rho, "p": p})
    return pd.DataFrame(rows, columns=["unit", "year_from", "year_to", "n", "rho", "p"])


def movers(yearly: pd.DataFrame, year_from: int, year_to: int) -> pd.DataFrame:
    """Cadres in both years, the largest composite changes first: cadre_id, name, unit_from, unit_to,
    composite_from, composite_to, change, grade_from, grade_to, percentile_from (where the cadre stood
    the first year, 0–100, to read the change against regression toward the mean)."""
    a = yearly[yearly["year"] == year_from]
    b = yearly[yearly["year"] == year_to]
    both = a.merge(b, on="cadre_id", suffixes=("_from", "_to"))
    both = both.dropna(subset=["composite_from", "composite_to"])
    both["change"] = both["composite_to"] - both["composite_from"]
    standing = a.set_index("cadre_id")["composite"].rank(pct=True) * 100  # among all of the first year's cadres
    both["percentile_from"] = both["cadre_id"].map(standing)
    both["name"] = both["name_to"]
    order = both["change"].abs().sort_values(ascending=False, kind="stable").index
    return both.loc[order, ["cadre_id", "name", "unit_from", "unit_to", "composite_from", "composite_to", "change",
                            "grade_from", "grade_to", "percentile_from"]].reset_index(drop=True)
