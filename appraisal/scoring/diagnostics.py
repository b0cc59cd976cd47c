"""What is unfair, flagged with the numbers behind it.

- Inversion (倒挂) per unit and per post: Spearman's rho between workload and
  the composite (and each component), one-sided p for rho < 0, and
  Benjamini–Hochberg q across the groups of each kind.
- Per cadre: ``workload_inversion``, ``leader_above_mass`` /
  ``mass_above_leader``, ``few_ratings``, ``unfit_votes``, ``low_approval``,
  ``missing_component`` (and ``quota_tie`` from grading).
- Per unit: ``uniform_votes``.
Every flag carries a one-sentence explanation (:data:`appraisal.texts.FLAG_EXPLAIN`).
"""

from __future__ import annotations

import re
import string

import numpy as np
import pandas as pd

from ..check import positions
from ..scheme import Scheme
from ..texts import (
    COMPONENT_LABELS,
    FLAG_EXPLAIN,
    GROUP_SELF,
    TIE_KEY_LABELS,
    TIE_LAST_KEY,
    UNIT_FLAG_EXPLAIN,
)

__all__ = [
    "CADRE_FLAGS",
    "spearman_by_group",
    "inversion_groups",
    "cadre_flags",
    "unit_flags",
    "explain",
]

CADRE_FLAGS: tuple[str, ...] = (
    "workload_inversion", "leader_above_mass", "mass_above_leader", "few_ratings",
    "unfit_votes", "low_approval", "missing_component", "quota_tie",
)


def _group_ranks(codes: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Average ranks (1 = smallest, ties share the mean rank) within each group code, and each row's group count.

    Rows with a NaN value or a negative code get NaN and are not counted —
    ``groupby(...).rank()`` with ``na_option="keep"``, as numpy.
    """
    rank = np.full(len(values), np.nan)
    count = np.zeros(len(values), dtype="int64")
    use = np.flatnonzero((codes >= 0) & ~np.isnan(values))
    if not len(use):
        return rank, count
    # Sorted by value, then stably by group (a radix sort on small codes): np.lexsort, faster.
    o = use[np.argsort(values[use])]
    c = codes[o]
    o = o[np.argsort(c.astype(np.int16) if c.max() < 2 ** 15 else c, kind="stable")]
    c, v = codes[o], values[o]
    new_group = np.ones(len(o), dtype=bool)
    new_group[1:] = c[1:] != c[:-1]
    new_run = new_group.copy()
    new_run[1:] |= v[1:] != v[:-1]
    pos = np.arange(len(o))
    group_start = pos[new_group][np.cumsum(new_group) - 1]
    run = np.cumsum(new_run) - 1
    run_first = pos[new_run]
    run_last = np.append(run_first[1:], len(o)) - 1
    first = run_first[run] - group_start + 1
    last = run_last[run] - group_start + 1
    rank[o] = (first + last) / 2
    sizes = np.diff(np.append(pos[new_group], len(o)))
    count[o] = sizes[np.cumsum(new_group) - 1]
    return rank, count


def _spearman_many(frame: pd.DataFrame, by: str, x: str, ys: list[str]) -> tuple[pd.Index, np.ndarray, np.ndarray,
                                                                                 np.ndarray]:
    """Spearman's rho of x with each of ``ys`` within each group of ``by``.

    Returns the groups (sorted) and three (groups, len(ys)) arrays: n (rows
    with x, y and the group present), rho and the one-sided p for rho < 0
    (NaN where n < 3).  A row missing y is left out of that pair only.
    """
    codes, groups = frame[by].factorize(sort=True)
    xv = frame[x].to_numpy(dtype="float64")
    n_groups = len(groups)
    n = np.empty((n_groups, len(ys)), dtype="int64")
    rho = np.empty((n_groups, len(ys)))
    last_both, rx = None, None
    for j, y in enumerate(ys):
        yv = frame[y].to_numpy(dtype="float64")
        both = (codes >= 0) & ~np.isnan(xv) & ~np.isnan(yv)
        g = codes[both]
        if last_both is None or not np.array_equal(both, last_both):  # same rows: same ranks of x
            rx, _ = _group_ranks(g, xv[both])
            last_both = both
        ry, _ = _group_ranks(g, yv[both])
        count = np.bincount(g, minlength=n_groups)
        # Ranks are multiples of 1/2, so these means ((n+1)/2) and sums of products are exact:
        # the same numbers as pandas' compensated group sums.
        with np.errstate(invalid="ignore", divide="ignore"):
            dx = rx - (np.bincount(g, rx, n_groups) / count)[g]
            dy = ry - (np.bincount(g, ry, n_groups) / count)[g]
            rho[:, j] = np.bincount(g, dx * dy, n_groups) / np.sqrt(
                np.bincount(g, dx * dx, n_groups) * np.bincount(g, dy * dy, n_groups))
        n[:, j] = count
    dof = n - 2
    with np.errstate(invalid="ignore", divide="ignore"):
        t = rho * np.sqrt(dof / ((1 - rho) * (1 + rho)))
    p = np.where(dof > 0, _t_cdf(t, dof.clip(min=1)), np.nan)
    return pd.Index(groups, name=by), n, rho, p


def _t_cdf(t: np.ndarray, dof: np.ndarray) -> np.ndarray:
    """Student's t CDF: ``scipy.stats.t.cdf(t, dof)``, by the function it calls.

    ``scipy.special`` is imported here, not ``scipy.stats``: the same numbers,
    and the command line's start no longer pays for all of scipy.stats.
    """
    from scipy import special

    return special.stdtr(dof, t)


def _bh(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p (q), in the order of ``p``.

    The steps of ``scipy.stats.false_discovery_control(p, method="bh")``, so
    the same numbers: sort, p·m/i, running minimum from the largest, clip to [0, 1].

    >>> _bh(np.array([0.01, 0.04, 0.03, 0.5])).round(4)
    array([0.04  , 0.0533, 0.0533, 0.5   ])
    """
    m = len(p)
    if m <= 1:
        return p.copy()
    order = np.argsort(p)
    q = p[order] * (m / np.arange(1, m + 1, dtype=p.dtype))
    np.minimum.accumulate(q[::-1], out=q[::-1])
    out = np.empty_like(q)
    out[order] = q
    return np.clip(out, 0.0, 1.0)


def spearman_by_group(frame: pd.DataFrame, by: str, x: str, y: str) -> pd.DataFrame:
    """Spearman's rho of x and y within each group, with n and the one-sided p for rho < 0.

    Ranks (average for ties) within the group, then Pearson on the ranks;
    p from the t distribution with n − 2 degrees of freedom — the same as
    ``scipy.stats.spearmanr(x, y, alternative="less")``, without a Python
    loop over groups.  Rows missing x, y or the group are left out; groups
    with no complete row are not listed.

    >>> f = pd.DataFrame({"g": ["a"] * 5, "x": [1, 2, 3, 4, 5], "y": [5, 6, 7, 8, 7]})
    >>> spearman_by_group(f, "g", "x", "y").round(4)
       n     rho       p
    g
    a  5  0.8208  0.9557
    """
    groups, n, rho, p = _spearman_many(frame, by, x, [y])
    out = pd.DataFrame({"n": n[:, 0], "rho": rho[:, 0], "p": p[:, 0]}, index=groups)
    return out[out["n"] > 0]


_INVERSION_METRICS = ("composite", "task_score", "service_score", "democratic_score")


def inversion_groups(cadres: pd.DataFrame, scheme: Scheme) -> pd.DataFrame:
    """The inversion table: one row per unit and per post with at least ``min_group_size`` cadres.

    Columns: by, name, n, rho, p, q, inversion, rho_task, rho_service,
    rho_democratic.  ``inversion`` is rho < 0 and q < ``fdr_q``; q is the
    Benjamini–Hochberg adjustment of p across the groups of the same kind.
    rho and n are those of workload against the composite; the ``rho_*``
    columns need the same group size for that component.
    """
    d = scheme.section("diagnostics")
    least = d["min_group_size"]
    comps = ("task", "service", "democratic")
    by_col, names, cols = [], [], {k: [] for k in ("n", "rho", "p", "q", "inversion", *[f"rho_{c}" for c in comps])}
    for by in ("unit", "post"):
        groups, n, rho, p = _spearman_many(cadres, by, "workload", list(_INVERSION_METRICS))
        keep = n[:, 0] >= least
        rho, p = rho[keep], p[keep, 0]
        q = np.full(len(p), np.nan)
        ok = ~np.isnan(p)
        if ok.any():
            q[ok] = _bh(p[ok])
        by_col += [by] * int(keep.sum())
        names.append(groups[keep])
        for key, value in (("n", n[keep, 0]), ("rho", rho[:, 0]), ("p", p), ("q", q),
                           ("inversion", (rho[:, 0] < 0) & (q < d["fdr_q"]))):
            cols[key].append(value)
        for j, comp in enumerate(comps, start=1):
            cols[f"rho_{comp}"].append(np.where(n[keep, j] >= least, rho[:, j], np.nan))
    return pd.DataFrame({"by": pd.Series(by_col, dtype="str"),
                         "name": pd.Series(names[0].append(names[1]), dtype="str"),
                         **{k: np.concatenate(v) for k, v in cols.items()}})


def _zscore(values: pd.DataFrame, groups: pd.Series) -> np.ndarray:
    """Each column standardized within its group (NaN where the group's sd is 0 or undefined, or no group)."""
    codes, uniques = groups.factorize()
    keyed = codes >= 0
    grouped = (values if keyed.all() else values[keyed]).groupby(codes[keyed])  # groups 0..k-1, in order
    nan_row = np.full((1, values.shape[1]), np.nan)  # for code -1
    mean = np.vstack([grouped.mean().to_numpy(dtype="float64"), nan_row])
    sd = np.vstack([grouped.std().to_numpy(dtype="float64"), nan_row])
    sd = np.where(sd > 0, sd, np.nan)
    return (values.to_numpy(dtype="float64") - mean[codes]) / sd[codes]


def _pct_rank(values: pd.Series, codes: np.ndarray) -> np.ndarray:
    """The rank within the group divided by the group's count of values (``rank(pct=True)``)."""
    rank, count = _group_ranks(codes, values.to_numpy(dtype="float64"))
    with np.errstate(invalid="ignore", divide="ignore"):
        return rank / np.where(count > 0, count, np.nan)


def cadre_flags(cadres: pd.DataFrame, scheme: Scheme) -> pd.DataFrame:
    """Boolean flag columns plus the numbers explanations need.

    Returns a frame aligned with ``cadres``: one bool column per code of
    :data:`CADRE_FLAGS` and helper columns ``z_leader``, ``z_service``,
    ``gap``, ``workload_pct``, ``composite_pct``.

    The leader/mass gap standardizes both views within the post over the
    cadres who have both; vote shares are compared with the review
    thresholds at 6 decimals, so the default 0.333333 means "above 1/3".
    """
    d = scheme.section("diagnostics")
    demo = scheme.section("democratic")
    by = scheme.section("grading")["group_by"]

    codes, _ = cadres[by].factorize()
    size = np.append(np.bincount(codes[codes >= 0]), 0)[codes]  # code -1 (no group): size 0
    big = size >= d["min_group_size"]
    q = float(d["workload_quartile"])
    work_pct = _pct_rank(cadres["workload"], codes)
    comp_pct = _pct_rank(cadres["composite"], codes)

    # Both views are standardized over the same people: the post's cadres who have both.
    views = cadres[["leader_score", "service_score"]]
    z = _zscore(views.where(views.notna().all(axis=1)), cadres["post"])
    z_leader = z[:, 0]
    z_service = z[:, 1]
    gap = z_leader - z_service
    service_n = cadres["service_n"].to_numpy()
    out = pd.DataFrame({
        "workload_pct": work_pct,
        "composite_pct": comp_pct,
        "workload_inversion": big & (work_pct > 1 - q) & (comp_pct <= q),
        "z_leader": z_leader,
        "z_service": z_service,
        "gap": gap,
        "leader_above_mass": gap > d["gap_threshold"],
        "mass_above_leader": gap < -d["gap_threshold"],
        "few_ratings": (service_n > 0) & (service_n < d["min_ratings"]),
        # Shares are compared at the 6 decimals the thresholds are written in (0.333333 for 1/3),
        # so exactly 1/3 不称职 is not "above 1/3" and exactly 2/3 approval is not "below 2/3".
        "unfit_votes": np.round(cadres["unfit_share"].to_numpy(dtype="float64"), 6) > demo["review_unfit_share"],
        "low_approval": np.round(cadres["approval_share"].to_numpy(dtype="float64"), 6)
        < demo["review_approval_share"],
        "missing_component": (cadres["missing"] != "").to_numpy(dtype=bool),
        "quota_tie": cadres["quota_tie"].to_numpy(dtype=bool),
    }, index=cadres.index)
    return out


# Explanation fields that are the same for every cadre of a run, and those read from a column.
_CADRE_VALUES = ("workload", "composite", "leader_score", "service_score", "service_n", "unfit_share",
                 "approval_share", "weights_used")
_FLAG_VALUES = ("z_leader", "z_service")


def _fields(template: str) -> set[str]:
    """The names a format template uses ("{gap:.1f}" -> "gap")."""
    return {re.split(r"[.\[]", name, maxsplit=1)[0]
            for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _explain_column(name: str, cadres: pd.DataFrame, flags: pd.DataFrame, pos: np.ndarray) -> list:
    """One explanation field for the cadres at positions ``pos``, as plain Python values."""
    if name in _CADRE_VALUES:
        return cadres[name].to_numpy()[pos].tolist()
    if name in _FLAG_VALUES:
        return flags[name].to_numpy()[pos].tolist()
    if name == "gap":
        return [abs(g) if g == g else 0 for g in flags["gap"].to_numpy()[pos].tolist()]
    if name == "missing":
        return ["、".join(COMPONENT_LABELS[c] for c in str(m).split()) for m in cadres["missing"].to_numpy()[pos]]
    raise KeyError(name)


def explain(cadres: pd.DataFrame, flags: pd.DataFrame, scheme: Scheme) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Per cadre: the list of flag codes, the list of explanation sentences, and the sentences joined.

    Codes come in :data:`CADRE_FLAGS` order; a cadre without flags gets
    ``[]``, ``[]`` and ``""``.  Each code's sentences are formatted only for
    the cadres it flags, from plain values, so the cost follows the number of
    flags.

    >>> c = pd.DataFrame({"workload": [1.0, 2.0], "composite": [80.0, 90.0], "leader_score": [70.0, 80.0],
    ...                   "service_score": [60.0, 75.0], "service_n": [3, 20], "unfit_share": [0.0, 0.0],
    ...                   "approval_share": [1.0, 1.0], "weights_used": ["40/30/30"] * 2, "missing": ["", ""]})
    >>> f = pd.DataFrame({code: [False, False] for code in CADRE_FLAGS}).assign(
    ...     few_ratings=[True, False], z_leader=np.nan, z_service=np.nan, gap=np.nan)
    >>> codes, notes, text = explain(c, f, Scheme.default())
    >>> codes.tolist(), text.tolist()
    ([['few_ratings'], []], ['仅有3条服务对象评价（少于10条），服务得分已向同岗位均值收缩，可信度有限。', ''])
    """
    d = scheme.section("diagnostics")
    demo = scheme.section("democratic")
    by = scheme.section("grading")["group_by"]
    q = float(d["workload_quartile"])
    tie_rule = "、".join([*(TIE_KEY_LABELS[k] for k in scheme.section("grading")["tie_break"]), TIE_LAST_KEY])
    fixed = {"group": GROUP_SELF[by], "top_pct": q * 100, "bottom_pct": q * 100,
             "min_ratings": d["min_ratings"], "rule": tie_rule}
    if not flags.index.equals(cadres.index):
        flags = flags.loc[cadres.index]
    n = len(cadres)
    codes: list[list[str]] = [[] for _ in range(n)]
    notes: list[list[str]] = [[] for _ in range(n)]
    for code in CADRE_FLAGS:
        pos = np.flatnonzero(flags[code].to_numpy(dtype=bool))
        if not len(pos):
            continue
        template = FLAG_EXPLAIN[code]
        threshold = (demo["review_unfit_share"] if code == "unfit_votes"
                     else demo["review_approval_share"] if code == "low_approval" else None)
        names = sorted(_fields(template) - set(fixed) - {"threshold"})
        columns = [_explain_column(name, cadres, flags, pos) for name in names]
        kw = {**fixed, "threshold": threshold}
        texts = [template.format(**kw, **dict(zip(names, row))) for row in zip(*columns)] if names \
            else [template.format(**kw)] * len(pos)
        for i, text in zip(pos.tolist(), texts):
            codes[i].append(code)
            notes[i].append(text)
    text_col = pd.Series(["".join(t) for t in notes], index=cadres.index, dtype="str")
    return (pd.Series(codes, index=cadres.index, dtype=object), pd.Series(notes, index=cadres.index, dtype=object),
            text_col)


def unit_flags(cadres: pd.DataFrame, votes: pd.DataFrame, scheme: Scheme) -> pd.DataFrame:
    """Per unit: n, n_votes, excellent_share, score_sd, uniform_votes, flags, flag_text.

    ``uniform_votes`` when a unit with at least ``uniform_min_votes`` ballots
    gave 优秀 at or above ``uniform_excellent_share`` of them, or its
    cadres' democratic scores hardly differ (sd below ``uniform_score_sd``
    while 优秀 is the majority).
    """
    d = scheme.section("diagnostics")
    unit_code, units = cadres["unit"].factorize(sort=True)
    keyed = unit_code >= 0
    grouped = (cadres if keyed.all() else cadres[keyed]).groupby(unit_code[keyed])  # groups 0..k-1, in order
    sd = grouped["democratic_score"].std().to_numpy(dtype="float64")
    # Ballots per unit: each vote row goes to its cadre's unit (rows of unknown cadres are left out).
    row = positions(cadres["cadre_id"], votes["cadre_id"])
    known = row >= 0
    code = unit_code[row[known]]
    known_code = code >= 0
    code = code[known_code]
    counts = {v: np.bincount(code, votes[v].to_numpy(dtype="float64")[known][known_code], len(units))
              for v in ("excellent", "competent", "basic", "unfit")}
    n_votes = counts["excellent"] + counts["competent"] + counts["basic"] + counts["unfit"]
    with np.errstate(invalid="ignore", divide="ignore"):
        share = counts["excellent"] / np.where(n_votes > 0, n_votes, np.nan)
    enough = n_votes >= d["uniform_min_votes"]
    uniform = enough & ((share >= d["uniform_excellent_share"]) | ((sd < d["uniform_score_sd"]) & (share > 0.5)))
    template = UNIT_FLAG_EXPLAIN["uniform_votes"]
    text = [template.format(unit=unit, n_votes=int(n), excellent_share=e, score_sd=s if s == s else 0.0) if u else ""
            for unit, n, e, s, u in zip(units, n_votes.tolist(), share.tolist(), sd.tolist(), uniform.tolist())]
    return pd.DataFrame({
        "unit": units, "unit_type": grouped["unit_type"].first().to_numpy(), "n": grouped.size().to_numpy(),
        "score_sd": sd, "n_votes": n_votes.astype("int64"), "excellent_share": share, "uniform_votes": uniform,
        "flags": pd.Series([["uniform_votes"] if u else [] for u in uniform.tolist()], dtype=object),
        "flag_text": pd.Series(text, dtype="str"),
    })
