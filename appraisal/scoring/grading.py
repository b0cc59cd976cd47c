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
from ..texts import QUOTA_TEXT

__all__ = ["band_grade", "grade", "quota_of", "scale_of", "quota_groups", "quota_ledger"]


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


def grade(frame: pd.DataFrame, scheme: Scheme, quarterly: bool = False,
          vetoes: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add ``rank_in_unit``, ``band_grade``, ``grade``, ``quota``, ``quota_tie`` and ``grade_basis`` (what decided
    the grade, in words); also return the ties.

    ``vetoes`` (cadre_id, veto, basis: 一票否决 records) set a cadre's grade to the one ``vetoes.items`` gives
    (the lowest, if several), whatever the score; the cadre keeps score and rank, takes no 优秀 place, and the
    place goes to the next in the band, whose grade_basis says so.

    ``frame`` needs the group column (``unit`` or ``post``, never missing),
    ``composite`` and the tie-break columns; it is not changed, and the
    result keeps its rows in index order.  Cadres without a composite rank
    last and get no grade.  The ties frame has one row per tied cadre:
    group, cadre_id, name, composite (rounded), rank_in_unit, quota, grade —
    in group then rank order.  ``quarterly``: on 平时考核's scale and quota (see the module docstring).
    """
    g = scheme.section("grading")
    words, _ = scale_of(scheme, quarterly)
    band_words = _band_words(words)
    by = g["group_by"]
    rounded = frame["composite"].round(int(g["tie_decimals"]))
    keys = [rounded, *(frame[k] for k in g["tie_break"])]
    order = _rank_order(frame[by], keys, frame["cadre_id"])
    group, start = _runs(frame[by].factorize()[0][order])
    rank = np.arange(len(order)) - start[group] + 1

    # The 优秀 places, in the order of the quota groups (the unit, or a pool of small units): contiguous runs.
    label, shares = quota_groups(frame, scheme, quarterly)
    qorder = order if label is None else _rank_order(label, keys, frame["cadre_id"])
    label = frame[by] if label is None else label
    qgroup, qstart = _runs(label.factorize()[0][qorder])
    size = np.bincount(qgroup)[qgroup] if len(qorder) else np.zeros(0, dtype="int64")
    quota = quota_of(size, shares[qorder]) if len(qorder) else np.zeros(0, dtype="int64")
    band = _band_index(frame["composite"].to_numpy(dtype="float64"), g["bands"])[qorder]
    fixed, records = _vetoed(frame, scheme, vetoes)
    fixed, records = fixed[qorder], records[qorder]
    vetoed = fixed >= 0

    def places_of(in_band: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        seen = np.cumsum(in_band)
        place = seen - (seen[qstart] - in_band[qstart])[qgroup]
        return in_band & (place <= quota), place

    in_band = (band == _EXCELLENT) & ~vetoed  # a vetoed cadre takes no place: it goes to the next
    excellent, place = places_of(in_band)
    grades = np.where(vetoed, fixed, np.where(in_band & ~excellent, _COMPETENT, band))
    basis = _basis(words, band, grades, in_band, excellent, place, quota, vetoed, records,
                   places_of(band == _EXCELLENT)[0], qgroup, frame["name"].to_numpy(dtype="str")[qorder])

    # Tie at the quota line: the last 优秀 cadre shares its rounded score with someone not 优秀.
    r = rounded.to_numpy(dtype="float64")[qorder]
    line = np.full(len(qstart), np.nan)
    top = np.flatnonzero(excellent)
    last = np.ones(len(top), dtype=bool)
    last[:-1] = qgroup[top][1:] != qgroup[top][:-1]
    line[qgroup[top][last]] = r[top][last]
    same = r == line[qgroup]  # False where either is NaN
    has_outside = np.bincount(qgroup, same & ~excellent, minlength=len(qstart)) > 0
    tie = same & has_outside[qgroup]

    def back(values: np.ndarray, at: np.ndarray) -> np.ndarray:  # rank (or quota) order -> the frame's row order
        out = np.empty_like(values)
        out[at] = values
        return out

    ranks = back(rank.astype("int64"), order)
    out = frame.assign(rank_in_unit=ranks, quota=back(quota, qorder),
                       band_grade=pd.Series(band_words.take(back(band, qorder)), index=frame.index),
                       grade=pd.Series(band_words.take(back(grades, qorder)), index=frame.index),
                       quota_tie=back(tie, qorder),
                       grade_basis=pd.Series(back(basis, qorder), index=frame.index, dtype="str"))
    if not out.index.is_monotonic_increasing:
        out = out.sort_index()
    rows = qorder[tie]
    ties = pd.DataFrame({"group": label.iloc[rows].to_numpy(), "cadre_id": frame["cadre_id"].iloc[rows].to_numpy(),
                         "name": frame["name"].iloc[rows].to_numpy()})
    ties = ties.assign(composite=r[tie], rank_in_unit=ranks[rows], quota=quota[tie],
                       grade=pd.Series(band_words.take(grades[tie])))
    return out, ties


def _vetoed(frame: pd.DataFrame, scheme: Scheme, vetoes: pd.DataFrame | None) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the band index a 一票否决 sets (-1 where none; the lowest grade if several) and its records' words."""
    fixed = np.full(len(frame), -1, dtype="int64")
    records = np.full(len(frame), "", dtype=object)
    if vetoes is None or vetoes.empty:
        return fixed, records
    items = scheme.section("vetoes")["items"]
    level = vetoes["veto"].map(lambda v: 3 - GRADES.index(items[v]))  # band index: 3 优秀 … 0 不称职
    text = [QUOTA_TEXT["veto_record"].format(veto=v, basis=b) for v, b in zip(vetoes["veto"], vetoes["basis"])]
    per = vetoes.assign(level=level, text=text).groupby("cadre_id").agg(level=("level", "min"),
                                                                        text=("text", "；".join))
    at = pd.Index(frame["cadre_id"])
    found = per.reindex(at)
    has = found["level"].notna().to_numpy()
    fixed[has] = found["level"].to_numpy()[has].astype("int64")
    records[has] = found["text"].to_numpy()[has]
    return fixed, records


def _basis(words: list[str], band: np.ndarray, grades: np.ndarray, in_band: np.ndarray, excellent: np.ndarray,
           place: np.ndarray, quota: np.ndarray, vetoed: np.ndarray, records: np.ndarray, excellent_before: np.ndarray,
           group: np.ndarray, names: np.ndarray) -> np.ndarray:
    """What decided each grade (rows in quota order): the band, the quota, a 一票否决, or a place passed on by one."""
    shown = _band_words(words)
    out = np.full(len(band), QUOTA_TEXT["basis_band"], dtype=object)
    for i in np.flatnonzero(in_band & ~excellent):
        out[i] = QUOTA_TEXT["basis_quota"].format(top=words[0], place=int(place[i]), places=int(quota[i]),
                                                  grade=shown[grades[i]])
    for i in np.flatnonzero(vetoed):
        out[i] = QUOTA_TEXT["basis_veto"].format(records=records[i], grade=shown[grades[i]])
    lost = vetoed & excellent_before
    for i in np.flatnonzero(excellent & ~excellent_before):
        who = "、".join(names[lost & (group == group[i])])
        out[i] = QUOTA_TEXT["basis_moved_up"].format(names=who, grade=shown[grades[i]])
    return out


def _runs(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For group codes in sorted order: each row's run number, and where each run starts."""
    first = np.ones(len(codes), dtype=bool)
    first[1:] = codes[1:] != codes[:-1]
    return np.cumsum(first) - 1, np.flatnonzero(first)


def quota_groups(frame: pd.DataFrame, scheme: Scheme, quarterly: bool = False) -> tuple[pd.Series | None, np.ndarray]:
    """Who shares a quota, and each row's quota share: (the quota group of each row, or None where it is the
    ranking group itself; the share).

    Graded by unit, a unit's share is ``quotas.by_unit_type`` of its type (else ``grading.excellent_quota``);
    units with fewer than ``quotas.pool_below`` cadres share one pool per unit type (综合名额池).  Graded by post,
    and for a quarter, everyone has the scale's share in their group.

    >>> f = pd.DataFrame({"unit": ["甲", "甲", "乙"], "unit_type": ["乡镇", "乡镇", "事业单位"]})
    >>> s = Scheme.default().updated({"quotas": {"by_unit_type": {"事业单位": 0.15}, "pool_below": 2}})
    >>> label, share = quota_groups(f, s)
    >>> label.tolist(), share.tolist()
    (['甲', '甲', '综合名额池（事业单位，不足2人的单位）'], [0.2, 0.2, 0.15])
    """
    _, share = scale_of(scheme, quarterly)
    shares = np.full(len(frame), share, dtype="float64")
    if quarterly or scheme.get("grading", "group_by") != "unit":
        return None, shares
    q = scheme.section("quotas")
    types = frame["unit_type"] if "unit_type" in frame else pd.Series("", index=frame.index, dtype="str")
    if q["by_unit_type"]:
        shares = types.map({k: float(v) for k, v in q["by_unit_type"].items()}).fillna(share).to_numpy(dtype="float64")
    below = int(q["pool_below"])
    if below <= 0:
        return None, shares
    unit = frame["unit"]
    small = unit.map(unit.value_counts()).to_numpy() < below
    if not small.any():
        return None, shares
    pools = pd.Series([QUOTA_TEXT["pool"].format(type=t or QUOTA_TEXT["no_type"], n=below) for t in types],
                      index=frame.index, dtype="str")
    return unit.where(~small, pools).astype("str"), shares


def quota_ledger(graded: pd.DataFrame, scheme: Scheme, quarterly: bool = False) -> pd.DataFrame:
    """The place ledger: per quota group (a unit, or a pool), group, units, n, share, exact (n × share), places
    (rounded down), band (cadres in the top band), used (cadres given the top grade) and rule.
    ``graded``: :func:`grade`'s frame.  Places used never exceed places.

    >>> f = pd.DataFrame({"unit": ["甲"] * 10, "composite": [95.0] * 3 + [80.0] * 7})
    >>> graded, _ = grade(f.assign(cadre_id=[str(i) for i in range(10)], name="", democratic_score=0.0,
    ...                            task_score=0.0, service_score=0.0), Scheme.default())
    >>> quota_ledger(graded, Scheme.default())[["group", "n", "exact", "places", "band", "used"]].values.tolist()
    [['甲', 10, 2.0, 2, 3, 2]]
    """
    words, _ = scale_of(scheme, quarterly)
    label, shares = quota_groups(graded, scheme, quarterly)
    by = scheme.get("grading", "group_by")
    label = graded[by] if label is None else label
    codes, groups = pd.factorize(label.to_numpy(dtype="str"), sort=True)
    units = graded[by].to_numpy(dtype="str")
    k = len(groups)
    first = np.unique(codes, return_index=True)[1]
    pooled = np.flatnonzero(np.bincount(codes, units != groups[codes], minlength=k) > 0)  # pools: name their units
    shown = groups.astype(object)
    for g in pooled:
        shown[g] = "、".join(dict.fromkeys(units[codes == g]))
    out = pd.DataFrame({
        "group": groups, "units": shown, "n": np.bincount(codes, minlength=k), "share": shares[first],
        "band": np.bincount(codes, (graded["band_grade"] == words[0]).to_numpy(), minlength=k).astype("int64"),
        "used": np.bincount(codes, (graded["grade"] == words[0]).to_numpy(), minlength=k).astype("int64"),
    })
    out["exact"] = (out["n"] * out["share"]).round(4)
    out["places"] = quota_of(out["n"].to_numpy(), out["share"].to_numpy())
    out["rule"] = QUOTA_TEXT["rule"]
    return out[["group", "units", "n", "share", "exact", "places", "band", "used", "rule"]].astype(
        {"n": "int64", "band": "int64", "used": "int64", "places": "int64"})
