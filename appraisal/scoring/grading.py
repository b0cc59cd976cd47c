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

from ..scheme import GRADES, Scheme

__all__ = ["band_grade", "grade", "quota_of", "scale_of"]


def quota_of(n: pd.Series | int, share: float) -> pd.Series | int:
    """The 优秀 quota: floor(share × n), guarded against float error.

    >>> quota_of(10, 0.2), quota_of(14, 0.2), quota_of(4, 0.2)
    (2, 2, 0)
    """
    return np.floor(np.asarray(n) * share + 1e-9).astype("int64") if not isinstance(n, int) \
        else int(np.floor(n * share + 1e-9))


_NO_SCORE, _EXCELLENT, _COMPETENT = 4, 3, 2


def _band_words(grades: tuple[str, ...] | list[str] = GRADES) -> pd.api.extensions.ExtensionArray:
    """Grade words by band index (0 below the third band … 3 the top one), and "" (index 4) for no score."""
    return pd.array([grades[3], grades[2], grades[1], grades[0], ""], dtype="str")


def scale_of(scheme: Scheme, quarterly: bool = False) -> tuple[list[str], float]:
    """The grade words, best first, and the top grade's quota share: the annual scale, or 平时考核's.

    >>> scale_of(Scheme.default()), scale_of(Scheme.default(), quarterly=True)
    ((['优秀', '称职', '基本称职', '不称职'], 0.2), (['好', '较好', '一般', '较差'], 0.4))
    """
    if quarterly:
        q = scheme.section("quarterly")
        return [str(g) for g in q["grades"]], float(q["good_quota"])
    return list(GRADES), float(scheme.get("grading", "excellent_quota"))


def _band_index(score: np.ndarray, bands: dict[str, float]) -> np.ndarray:
    """Index into :func:`_band_words` of each score's band."""
    edges = [bands[GRADES[2]], bands[GRADES[1]], bands[GRADES[0]]]
    idx = np.searchsorted(edges, score, side="right")
    return np.where(np.isnan(score), _NO_SCORE, idx)


def band_grade(score: pd.Series, bands: dict[str, float], grades: tuple[str, ...] | list[str] = GRADES) -> pd.Series:
    """The grade a score's band gives; '' where there is no score.

    >>> band_grade(pd.Series([95, 90, 89.9, 60, 59.9, np.nan]), {"优秀": 90, "称职": 70, "基本称职": 60}).tolist()
    ['优秀', '优秀', '称职', '基本称职', '不称职', '']
    """
    idx = _band_index(score.to_numpy(dtype="float64"), bands)
    return pd.Series(_band_words(grades).take(idx), index=score.index)


def _ascending_codes(values: pd.Series) -> np.ndarray:
    """Sort codes of a key, ascending, missing last."""
    codes, uniques = values.factorize(sort=True)
    return np.where(codes < 0, len(uniques), codes)


def _rank_order(group: pd.Series, descending: list[pd.Series], last: pd.Series) -> np.ndarray:
    """Row positions by group (ascending), then each of ``descending`` highest first, then ``last`` ascending.

    Missing values go last within every key, and equal keys keep the row
    order (a stable sort): ``sort_values(..., na_position="last", kind="mergesort")``.
    """
    keys = [_ascending_codes(group)]  # most significant first
    for values in descending:
        v = values.to_numpy(dtype="float64")
        missing = np.isnan(v)
        keys += [missing, np.where(missing, 0.0, -v)]
    keys.append(_ascending_codes(last))
    return np.lexsort(keys[::-1])


def grade(frame: pd.DataFrame, scheme: Scheme, quarterly: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add ``rank_in_unit``, ``band_grade``, ``grade``, ``quota`` and ``quota_tie``; also return the ties.

    ``frame`` needs the group column (``unit`` or ``post``, never missing),
    ``composite`` and the tie-break columns; it is not changed, and the
    result keeps its rows in index order.  Cadres without a composite rank
    last and get no grade.  The ties frame has one row per tied cadre:
    group, cadre_id, name, composite (rounded), rank_in_unit, quota, grade —
    in group then rank order.  ``quarterly``: on 平时考核's scale and quota (see the module docstring).
    """
    g = scheme.section("grading")
    words, share = scale_of(scheme, quarterly)
    band_words = _band_words(words)
    by = g["group_by"]
    rounded = frame["composite"].round(int(g["tie_decimals"]))
    order = _rank_order(frame[by], [rounded, *(frame[k] for k in g["tie_break"])], frame["cadre_id"])

    # Everything below is in rank order: groups are contiguous runs.
    codes = frame[by].factorize()[0][order]
    n = len(order)
    first = np.ones(n, dtype=bool)
    first[1:] = codes[1:] != codes[:-1]
    group = np.cumsum(first) - 1
    start = np.flatnonzero(first)
    rank = np.arange(n) - start[group] + 1
    size = np.bincount(group)[group] if n else np.zeros(0, dtype="int64")
    quota = quota_of(size, share)
    band = _band_index(frame["composite"].to_numpy(dtype="float64"), g["bands"])[order]
    in_band = band == _EXCELLENT
    seen = np.cumsum(in_band)
    place = seen - (seen[start] - in_band[start])[group]
    excellent = in_band & (place <= quota)
    grades = np.where(in_band & ~excellent, _COMPETENT, band)

    # Tie at the quota line: the last 优秀 cadre shares its rounded score with someone not 优秀.
    r = rounded.to_numpy(dtype="float64")[order]
    line = np.full(len(start), np.nan)
    top = np.flatnonzero(excellent)
    last = np.ones(len(top), dtype=bool)
    last[:-1] = group[top][1:] != group[top][:-1]
    line[group[top][last]] = r[top][last]
    same = r == line[group]  # False where either is NaN
    has_outside = np.bincount(group, same & ~excellent, minlength=len(start)) > 0
    tie = same & has_outside[group]

    def back(values: np.ndarray) -> np.ndarray:  # rank order -> the frame's row order
        out = np.empty_like(values)
        out[order] = values
        return out

    out = frame.assign(rank_in_unit=back(rank.astype("int64")), quota=back(quota),
                       band_grade=pd.Series(band_words.take(back(band)), index=frame.index),
                       grade=pd.Series(band_words.take(back(grades)), index=frame.index),
                       quota_tie=back(tie))
    if not out.index.is_monotonic_increasing:
        out = out.sort_index()
    ties = frame[[by, "cadre_id", "name"]].iloc[order[tie]].rename(columns={by: "group"}).reset_index(drop=True)
    ties = ties.assign(composite=r[tie], rank_in_unit=rank[tie].astype("int64"), quota=quota[tie],
                       grade=pd.Series(band_words.take(grades[tie])))
    return out, ties
