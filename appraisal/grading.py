"""Ranks and grades within the comparison group, under the 优秀 quota.

The rule, in the order applied:

1. Rank within the group (the unit by default, or the post across units) by
   composite, rounded to ``tie_decimals``, highest first.  Equal rounded
   scores are ordered by ``tie_break`` (democratic, task, then service score
   by default, each highest first), then by ID — so ranks are unique and
   reproducible.
2. The band grade follows from the composite: 优秀 ≥ 90, 称职 ≥ 70,
   基本称职 ≥ 60, else 不称职 (``grading.bands``).
3. At most floor(quota × group size) cadres are 优秀: the band-优秀 cadres
   take the places in rank order, and a band-优秀 cadre beyond the last place
   is graded 称职.  Places are counted among band-优秀 cadres, so a cadre
   ranked inside the quota but below the 优秀 band does not use up a place.
4. Cadres whose rounded score equals the last 优秀 cadre's score while
   others with that score are not 优秀 are *tied at the quota line*: the
   tie-break decided, and the result reports them (``quota_tie``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .scheme import GRADES, Scheme

__all__ = ["band_grade", "grade", "quota_of"]


def quota_of(n: pd.Series | int, share: float) -> pd.Series | int:
    """The 优秀 quota: floor(share × n), guarded against float error.

    >>> quota_of(10, 0.2), quota_of(14, 0.2), quota_of(4, 0.2)
    (2, 2, 0)
    """
    return np.floor(np.asarray(n) * share + 1e-9).astype("int64") if not isinstance(n, int) \
        else int(np.floor(n * share + 1e-9))


def band_grade(score: pd.Series, bands: dict[str, float]) -> pd.Series:
    """The grade a score's band gives; '' where there is no score.

    >>> band_grade(pd.Series([95, 90, 89.9, 60, 59.9, np.nan]), {"优秀": 90, "称职": 70, "基本称职": 60}).tolist()
    ['优秀', '优秀', '称职', '基本称职', '不称职', '']
    """
    edges = [bands["基本称职"], bands["称职"], bands["优秀"]]
    idx = np.searchsorted(edges, score.to_numpy(dtype="float64"), side="right")
    words = np.array([GRADES[3], GRADES[2], GRADES[1], GRADES[0]])
    out = pd.Series(words[idx], index=score.index, dtype="str")
    return out.where(score.notna(), "")


def grade(frame: pd.DataFrame, scheme: Scheme) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add ``rank_in_unit``, ``band_grade``, ``grade``, ``quota`` and ``quota_tie``; also return the ties.

    ``frame`` needs the group column (``unit`` or ``post``), ``composite``
    and the tie-break columns.  Cadres without a composite rank last and get
    no grade.  The ties frame has one row per tied cadre: group, cadre_id,
    composite (rounded), rank, quota, and whether the cadre got 优秀.
    """
    g = scheme.data["grading"]
    by = g["group_by"]
    out = frame.copy()
    out["_rounded"] = out["composite"].round(int(g["tie_decimals"]))
    keys = ["_rounded", *g["tie_break"], "cadre_id"]
    ascending = [False] * (len(keys) - 1) + [True]
    ordered = out.sort_values([by, *keys], ascending=[True, *ascending], na_position="last", kind="mergesort")
    ordered["rank_in_unit"] = ordered.groupby(by, sort=False).cumcount() + 1
    size = ordered.groupby(by, sort=False)["cadre_id"].transform("size")
    ordered["quota"] = quota_of(size, float(g["excellent_quota"]))
    ordered["band_grade"] = band_grade(ordered["composite"], g["bands"])
    in_band = ordered["band_grade"] == GRADES[0]
    place = in_band.astype("int64").groupby(ordered[by], sort=False).cumsum()
    excellent = in_band & (place <= ordered["quota"])
    ordered["grade"] = ordered["band_grade"].mask(in_band & ~excellent, GRADES[1])

    # Tie at the quota line: the last 优秀 cadre shares its rounded score with someone not 优秀.
    line_score = ordered.loc[excellent].groupby(by, sort=False)["_rounded"].last()
    same = ordered["_rounded"].eq(ordered[by].map(line_score)) & ordered["_rounded"].notna()
    has_outside = (same & ~excellent).groupby(ordered[by]).transform("any")
    ordered["quota_tie"] = same & has_outside
    ties = ordered.loc[ordered["quota_tie"], [by, "cadre_id", "name", "_rounded", "rank_in_unit", "quota", "grade"]]
    ties = ties.rename(columns={by: "group", "_rounded": "composite"}).reset_index(drop=True)
    return ordered.drop(columns="_rounded").sort_index(), ties
