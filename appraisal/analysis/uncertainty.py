"""How certain is a rank: bootstrap of the ratings and votes, and sensitivity to the weights.

**Bootstrap** (:func:`bootstrap_ranks`).  Each resample redraws, for every
cadre,

- the service ratings: n ratings drawn with replacement from the cadre's
  own n ratings, then the same trimmed mean and shrinkage toward the post's
  mean as :func:`appraisal.scoring.component_scores.service_scores`;
- the democratic votes: each voter group's tally drawn from the multinomial
  distribution with the group's total and observed shares
  (the vectorized form of redrawing ballots), then the same group weights
  as :func:`appraisal.scoring.component_scores.democratic_scores`;

task scores are measurements, not samples, and stay fixed.  The composite,
the rank within the comparison group (``grading.group_by``) and the grade
under the 优秀 quota follow exactly the rules of :mod:`appraisal.scoring.grading`
(ties in a resample are broken by the observed order).  Per cadre we report
the percentile interval of the composite and of the rank at
``robustness.interval_level`` and the share of resamples graded 优秀
(``p_excellent``).  A cadre with ``uncertain_low`` ≤ p_excellent ≤
``uncertain_high`` is flagged ``uncertain_grade``: the committee should
decide, not the arithmetic.

**Weight sensitivity** (:func:`weight_sensitivity`).  Each draw replaces
every post's weights w (shares summing to 1) by a draw from
Dirichlet(α₀·w), α₀ = ``robustness.dirichlet_concentration``: the mean is
the chosen weights, the spread of a weight is √(w(1 − w)/(α₀ + 1)).
Components with weight 0 stay 0.  Scores stay as observed; ranks and
grades are recomputed.

Both take a :class:`~appraisal.scoring.pipeline.Result` and never change it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..read import VOTE_FIELDS
from ..scheme import COMPONENTS, DEFAULT_POST, GRADES, Scheme
from ..scoring import COMPONENT_COLUMNS
from ..texts import (
    CHANGE_EXPLAIN,
    COLUMN_LABELS,
    FLAG_EXPLAIN,
    ROBUST_COLUMN_LABELS,
    ROBUST_FLAG_LABELS,
    YES_NO,
)

__all__ = [
    "bootstrap_ranks",
    "weight_sensitivity",
    "committee_list",
    "weight_changes",
    "rank_and_grade",
    "display_table",
    "BOOTSTRAP_COLUMNS",
    "SENSITIVITY_COLUMNS",
]

Progress = Callable[[float], None] | None

_ID_COLUMNS = ["cadre_id", "name", "unit", "post", "group", "rank_in_unit", "grade", "composite", "quota"]

BOOTSTRAP_COLUMNS: list[str] = [
    *_ID_COLUMNS, "composite_low", "composite_high", "rank_low", "rank_median", "rank_high",
    "p_excellent", "uncertain_grade", "flag_text",
]

SENSITIVITY_COLUMNS: list[str] = [
    *_ID_COLUMNS, "rank_min", "rank_low", "rank_high", "rank_max", "p_excellent", "change", "change_text",
]

# Elements per chunk of resamples (keeps memory near 50 MB per array).
_CHUNK_ELEMENTS = 2_000_000


@dataclass(frozen=True)
class _Layout:
    """Arrays aligned with the result's cadre order (group, then observed rank)."""

    cadres: pd.DataFrame
    group: np.ndarray        # group code per cadre (contiguous, ascending)
    slot_rank: np.ndarray    # 1-based rank a sorted position stands for
    quota: np.ndarray
    scores: np.ndarray       # (n, 3) observed task, service, democratic (NaN where absent)
    post: np.ndarray         # post code per cadre
    posts: list[str]


def _layout(result) -> _Layout:
    scheme = result.scheme
    by = scheme.section("grading")["group_by"]
    cadres = result.cadres.sort_values([by, "rank_in_unit"], kind="mergesort").reset_index(drop=True)
    group = pd.factorize(cadres[by], sort=True)[0]
    sizes = np.bincount(group)
    start = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    slot_rank = np.arange(len(cadres)) - start[group] + 1
    scores = np.column_stack([cadres[COMPONENT_COLUMNS[c]].to_numpy(dtype="float64") for c in COMPONENTS])
    post, posts = pd.factorize(cadres["post"])
    return _Layout(cadres=cadres, group=group, slot_rank=slot_rank,
                   quota=cadres["quota"].to_numpy(dtype="int64"), scores=scores,
                   post=post, posts=list(posts))


def _post_weights(scheme: Scheme, posts: list[str]) -> np.ndarray:
    """(n_posts, 3) weights of each post (the default's where not listed; NaN where neither)."""
    weights = scheme.section("weights")
    default = weights.get(DEFAULT_POST)
    rows = []
    for p in posts:
        w = weights.get(p, default)
        rows.append([np.nan] * 3 if w is None else [float(w[c]) for c in COMPONENTS])
    return np.array(rows, dtype="float64").reshape(len(posts), 3)


def _shares(weights: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Weights spread over the components present, summing to 1 (NaN row when none); any leading shape."""
    used = np.where(present, np.nan_to_num(weights), 0.0)
    total = used.sum(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, used / total, np.nan)


def rank_and_grade(composite: np.ndarray, group: np.ndarray, quota: np.ndarray, excellent_band: float,
                   decimals: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """Ranks within group and the 优秀 indicator for each row of a (draws, cadres) score array.

    Cadres must be ordered by group (codes ascending) and, within the group,
    by the order that breaks ties (the observed rank).  A cadre is 优秀 when
    its composite is at or above ``excellent_band`` and its rank is within
    the group's ``quota`` (the rule of :func:`appraisal.scoring.grading.grade`);
    a missing composite ranks last and is never 优秀.

    >>> c = np.array([[80.0, 95.0, 91.0, 70.0], [96.0, 95.0, 91.0, 70.0]])
    >>> ranks, excellent = rank_and_grade(c, np.array([0, 0, 0, 1]), np.array([1, 1, 1, 0]), 90)
    >>> ranks.tolist(), excellent.tolist()
    ([[3, 1, 2, 1], [1, 2, 3, 1]], [[False, True, False, False], [True, False, False, False]])
    """
    composite = np.atleast_2d(composite)
    rounded = np.round(composite, decimals)
    missing = np.isnan(rounded)
    scale = 10.0 ** 6
    key = group[None, :] * 10.0 * scale + np.where(missing, 5.0 * scale, scale - rounded)
    order = np.argsort(key, axis=1, kind="stable")
    sizes = np.bincount(group)
    start = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    slot_rank = np.arange(composite.shape[1]) - start[group] + 1
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.broadcast_to(slot_rank, order.shape), axis=1)
    excellent = ~missing & (composite >= excellent_band) & (ranks <= quota[None, :])
    return ranks, excellent


def _chunks(total: int, per_draw: int) -> list[int]:
    size = max(1, min(total, _CHUNK_ELEMENTS // max(per_draw, 1)))
    return [min(size, total - i) for i in range(0, total, size)]


def _service_model(result, lay: _Layout):
    """Ratings in points sorted by cadre position, with segment starts and counts."""
    s = result.scheme.section("service")
    svc = result.dataset.service
    pos = pd.Series(np.arange(len(lay.cadres)), index=lay.cadres["cadre_id"])
    where = svc["cadre_id"].map(pos)
    keep = where.notna().to_numpy()
    where = where.to_numpy()[keep].astype("int64")
    low, high = float(s["scale_min"]), float(s["scale_max"])
    points = ((svc["rating"].to_numpy(dtype="float64")[keep] - low) / (high - low) * 100)
    order = np.argsort(where, kind="stable")
    where, points = where[order], points[order]
    counts = np.bincount(where, minlength=len(lay.cadres))
    rated = np.flatnonzero(counts)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    return points, where, counts, rated, starts[rated]


def _service_scores(sample: np.ndarray, seg: np.ndarray, n: np.ndarray, post: np.ndarray, n_posts: int,
                    trim_above: float, prior_weight: float) -> np.ndarray:
    """Shrunk service scores (draws, rated cadres) from resampled points (draws, ratings)."""
    sums = np.add.reduceat(sample, seg, axis=1)
    maxs = np.maximum.reduceat(sample, seg, axis=1)
    mins = np.minimum.reduceat(sample, seg, axis=1)
    trim = n > trim_above
    with np.errstate(invalid="ignore", divide="ignore"):
        raw = np.where(trim, (sums - maxs - mins) / np.where(trim, n - 2, 1), sums / n)
    onehot = np.zeros((len(post), n_posts))
    onehot[np.arange(len(post)), post] = 1.0
    with np.errstate(invalid="ignore", divide="ignore"):
        prior = (raw @ onehot) / onehot.sum(axis=0)
    prior = prior[:, post]
    return (n * raw + prior_weight * prior) / (n + prior_weight)


def _vote_model(result, lay: _Layout):
    """Voted tally rows sorted by cadre position: counts, shares, weights and segments."""
    d = result.scheme.section("democratic")
    votes = result.dataset.votes
    pos = pd.Series(np.arange(len(lay.cadres)), index=lay.cadres["cadre_id"])
    where = votes["cadre_id"].map(pos).to_numpy()
    counts = votes[list(VOTE_FIELDS)].to_numpy(dtype="int64")
    total = counts.sum(axis=1)
    keep = ~pd.isna(where) & (total > 0)
    where = where[keep].astype("int64")
    counts, total = counts[keep], total[keep]
    weight = votes["voter_group"].map(d["group_weights"]).fillna(d["other_group_weight"]).to_numpy(dtype="float64")[keep]
    order = np.argsort(where, kind="stable")
    where, counts, total, weight = where[order], counts[order], total[order], weight[order]
    values = np.array([float(d["values"][g]) for g in GRADES])
    voted = np.flatnonzero(np.bincount(where, minlength=len(lay.cadres)))
    seg = np.searchsorted(where, voted)
    return counts, total, weight, values, voted, seg


def _democratic_scores(counts: np.ndarray, total: np.ndarray, weight: np.ndarray, values: np.ndarray,
                       seg: np.ndarray) -> np.ndarray:
    """Weighted democratic scores (draws, voted cadres) from tallies (draws, rows, 4)."""
    group_score = (counts @ values) / total
    num = np.add.reduceat(group_score * weight, seg, axis=1)
    den = np.add.reduceat(np.broadcast_to(weight, group_score.shape), seg, axis=1)
    return num / den


def _settings(scheme: Scheme, **given):
    r = scheme.section("robustness")
    return {k: (r[k] if v is None else v) for k, v in given.items()}


def _interval(values: np.ndarray, level: float, method: str = "linear") -> tuple[np.ndarray, np.ndarray]:
    a = (1 - level) / 2
    missing = np.isnan(values).any(axis=0)
    q = np.quantile(np.nan_to_num(values), [a, 1 - a], axis=0, method=method).astype("float64")
    q[:, missing] = np.nan
    return q[0], q[1]


def _frame(lay: _Layout, by: str) -> pd.DataFrame:
    c = lay.cadres
    out = c[["cadre_id", "name", "unit", "post", "rank_in_unit", "grade", "composite", "quota"]].copy()
    out.insert(4, "group", c[by])
    return out


def bootstrap_ranks(result, *, resamples: int | None = None, seed: int | None = None,
                    level: float | None = None, progress: Progress = None) -> pd.DataFrame:
    """Bootstrap intervals of every cadre's composite and rank, and the probability of 优秀.

    Parameters
    ----------
    result : a scored :class:`~appraisal.scoring.pipeline.Result` (not changed)
    resamples, seed, level : override ``robustness.bootstrap_resamples``,
        ``robustness.seed`` and ``robustness.interval_level``
    progress : called with the share done (0–1) after each chunk of resamples

    Returns
    -------
    pd.DataFrame
        One row per cadre in the result's order (group, then rank), columns
        :data:`BOOTSTRAP_COLUMNS`:

        - ``cadre_id``, ``name``, ``unit``, ``post``, ``group`` (the
          ``grading.group_by`` value), ``rank_in_unit``, ``grade``,
          ``composite``, ``quota``: as in the result
        - ``composite_low``, ``composite_high``: percentile interval of the composite
        - ``rank_low``, ``rank_median``, ``rank_high``: the rank's interval
          (best, median, worst; integers)
        - ``p_excellent``: share of resamples in which the cadre is graded 优秀
        - ``uncertain_grade``: ``uncertain_low`` ≤ p_excellent ≤ ``uncertain_high``
        - ``flag_text``: the committee sentence for flagged cadres, else ""

    Examples
    --------
    >>> from appraisal.demo.sample import write_sample
    >>> import tempfile, appraisal
    >>> result = appraisal.appraise(write_sample(tempfile.mkdtemp(), n_cadres=60, seed=1))
    >>> boot = bootstrap_ranks(result, resamples=100)
    >>> bool((boot["rank_low"] <= boot["rank_high"]).all()), bool(boot["p_excellent"].between(0, 1).all())
    (True, True)
    """
    scheme = result.scheme
    st = _settings(scheme, bootstrap_resamples=resamples, seed=seed, interval_level=level)
    b_total, level = int(st["bootstrap_resamples"]), float(st["interval_level"])
    rng = np.random.default_rng(int(st["seed"]))
    g = scheme.section("grading")
    s = scheme.section("service")
    lay = _layout(result)
    n = len(lay.cadres)
    present = ~np.isnan(lay.scores)
    shares = _shares(_post_weights(scheme, lay.posts)[lay.post], present)

    points, _, n_rating, rated, svc_seg = _service_model(result, lay)
    n_r = n_rating[rated].astype("float64")
    seg_of_rating = np.repeat(svc_seg, n_rating[rated])
    len_of_rating = np.repeat(n_rating[rated], n_rating[rated])
    counts, total, weight, values, voted, vote_seg = _vote_model(result, lay)
    p_hat = counts / total[:, None]

    composite = np.empty((b_total, n))
    fixed = np.nan_to_num(lay.scores)
    done = 0
    for size in _chunks(b_total, max(len(points), 4 * len(counts), 1)):
        comp = np.broadcast_to(fixed, (size, n, 3)).copy()
        if len(points):
            pick = seg_of_rating + (rng.random((size, len(points))) * len_of_rating).astype("int64")
            comp[:, rated, 1] = _service_scores(points[pick], svc_seg, n_r, lay.post[rated], len(lay.posts),
                                                float(s["trim_above"]), float(s["prior_weight"]))
        if len(counts):
            draw = rng.multinomial(np.broadcast_to(total, (size, len(total))), p_hat).astype("float64")
            comp[:, voted, 2] = _democratic_scores(draw, total, weight, values, vote_seg)
        composite[done:done + size] = np.where(np.isnan(shares).all(axis=1), np.nan,
                                               (np.nan_to_num(shares) * np.nan_to_num(comp)).sum(axis=2))
        done += size
        if progress is not None:
            progress(done / b_total)

    ranks, excellent = rank_and_grade(composite, lay.group, lay.quota, float(g["bands"][GRADES[0]]),
                                      int(g["tie_decimals"]))
    out = _frame(lay, g["group_by"])
    out["composite_low"], out["composite_high"] = _interval(composite, level)
    low, high = _interval(ranks, level, method="inverted_cdf")
    out["rank_low"] = low.astype("int64")
    out["rank_median"] = np.quantile(ranks, 0.5, axis=0, method="inverted_cdf").astype("int64")
    out["rank_high"] = high.astype("int64")
    out["p_excellent"] = excellent.mean(axis=0)
    r = scheme.section("robustness")
    out["uncertain_grade"] = out["p_excellent"].between(float(r["uncertain_low"]), float(r["uncertain_high"]))
    out["flag_text"] = ""
    flagged = out.index[out["uncertain_grade"]]
    out.loc[flagged, "flag_text"] = [
        FLAG_EXPLAIN["uncertain_grade"].format(p=row.p_excellent, resamples=b_total, level=level,
                                               low=row.rank_low, high=row.rank_high, quota=row.quota)
        for row in out.loc[flagged].itertuples()
    ]
    return out[BOOTSTRAP_COLUMNS]


def committee_list(boot: pd.DataFrame) -> pd.DataFrame:
    """The cadres whose grade is not clear at the quota line, for the appraisal committee.

    The rows of :func:`bootstrap_ranks` with ``uncertain_grade``, ordered by
    group and rank; same columns.
    """
    out = boot[boot["uncertain_grade"]]
    return out.sort_values(["group", "rank_in_unit"], kind="mergesort").reset_index(drop=True)


def weight_sensitivity(result, *, draws: int | None = None, concentration: float | None = None,
                       seed: int | None = None, level: float | None = None,
                       progress: Progress = None) -> pd.DataFrame:
    """Ranks and grades under post weights drawn around the chosen ones (Dirichlet).

    Parameters
    ----------
    result : a scored :class:`~appraisal.scoring.pipeline.Result` (not changed)
    draws, concentration, seed, level : override ``robustness.weight_draws``,
        ``robustness.dirichlet_concentration``, ``robustness.seed`` and
        ``robustness.interval_level``
    progress : called with the share done (0–1) after each chunk of draws

    Returns
    -------
    pd.DataFrame
        One row per cadre in the result's order, columns :data:`SENSITIVITY_COLUMNS`:

        - ``cadre_id`` … ``quota``: as in :func:`bootstrap_ranks`
        - ``rank_min``, ``rank_max``: best and worst rank over the draws
        - ``rank_low``, ``rank_high``: the rank's interval at ``interval_level``
        - ``p_excellent``: share of draws graded 优秀
        - ``change``: "enter" (not 优秀 now, 优秀 in at least
          ``enter_leave_share`` of draws), "leave" (优秀 now, not 优秀 in at
          least that share), else ""
        - ``change_text``: the sentence for a change, else ""

    Examples
    --------
    >>> from appraisal.demo.sample import write_sample
    >>> import tempfile, appraisal
    >>> result = appraisal.appraise(write_sample(tempfile.mkdtemp(), n_cadres=60, seed=1))
    >>> sens = weight_sensitivity(result, draws=50)
    >>> bool((sens["rank_min"] <= sens["rank_in_unit"]).all() and (sens["rank_in_unit"] <= sens["rank_max"]).all())
    True
    """
    scheme = result.scheme
    st = _settings(scheme, weight_draws=draws, dirichlet_concentration=concentration, seed=seed,
                   interval_level=level)
    d_total, alpha0 = int(st["weight_draws"]), float(st["dirichlet_concentration"])
    level = float(st["interval_level"])
    rng = np.random.default_rng(int(st["seed"]))
    g = scheme.section("grading")
    lay = _layout(result)
    n = len(lay.cadres)
    present = ~np.isnan(lay.scores)
    base = _post_weights(scheme, lay.posts)
    scores = np.nan_to_num(lay.scores)

    composite = np.empty((d_total + 1, n))
    composite[0] = np.where(present.any(axis=1), (np.nan_to_num(_shares(base[lay.post], present)) * scores).sum(1),
                            np.nan)
    done = 0
    for size in _chunks(d_total, 3 * n):
        w = np.empty((size, *base.shape))
        for j, row in enumerate(base):  # a handful of posts
            pos = np.nan_to_num(row) > 0
            w[:, j] = 0.0
            if pos.any():
                w[:, j][:, pos] = rng.dirichlet(alpha0 * row[pos] / row[pos].sum(), size=size)
            if np.isnan(row).all():
                w[:, j] = np.nan
        sh = _shares(w[:, lay.post], present[None])
        composite[1 + done:1 + done + size] = np.where(np.isnan(sh).all(axis=2), np.nan,
                                                       (np.nan_to_num(sh) * scores[None]).sum(axis=2))
        done += size
        if progress is not None:
            progress(done / d_total)
    ranks, excellent = rank_and_grade(composite, lay.group, lay.quota, float(g["bands"][GRADES[0]]),
                                      int(g["tie_decimals"]))
    ranks, excellent = ranks[1:], excellent[1:]
    out = _frame(lay, g["group_by"])
    out["rank_min"] = ranks.min(axis=0)
    low, high = _interval(ranks, level, method="inverted_cdf")
    out["rank_low"] = low.astype("int64")
    out["rank_high"] = high.astype("int64")
    out["rank_max"] = ranks.max(axis=0)
    out["p_excellent"] = excellent.mean(axis=0)
    share = float(scheme.section("robustness")["enter_leave_share"])
    now = (out["grade"] == GRADES[0]).to_numpy()
    p = out["p_excellent"].to_numpy()
    out["change"] = np.where(~now & (p >= share) & (p > 0), "enter", np.where(now & (1 - p >= share) & (p < 1),
                                                                             "leave", ""))
    out["change"] = out["change"].astype("str")
    out["change_text"] = ""
    moved = out.index[out["change"] != ""]
    out.loc[moved, "change_text"] = [
        CHANGE_EXPLAIN[row.change].format(p=row.p_excellent if row.change == "enter" else 1 - row.p_excellent,
                                          draws=d_total, low=row.rank_min, high=row.rank_max, quota=row.quota)
        for row in out.loc[moved].itertuples()
    ]
    return out[SENSITIVITY_COLUMNS]


def weight_changes(sens: pd.DataFrame) -> pd.DataFrame:
    """Who could enter or leave 优秀 when the weights move: the rows of :func:`weight_sensitivity` with a change,
    leavers first, then by group and rank; same columns."""
    out = sens[sens["change"] != ""]
    return out.sort_values(["change", "group", "rank_in_unit"], ascending=[False, True, True],
                           kind="mergesort").reset_index(drop=True)


def display_table(frame: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """The display form of a robustness table (this module's, :mod:`appraisal.analysis.bias`'s, :mod:`appraisal.analysis.stats`'s).

    Works on a copy: flags and changes become words, shares percentages
    (one decimal), other floats 2 decimals, booleans 是/否, headers Chinese
    (:data:`appraisal.texts.ROBUST_COLUMN_LABELS`).

    >>> display_table(pd.DataFrame({"p_excellent": [0.4567], "uncertain_grade": [True]}))
       进入优秀的概率 等次不确定
    0        45.7%     是
    """
    out = frame.copy()
    cols = [c for c in (columns or list(out.columns)) if c in out.columns]
    out = out[cols]
    for c in cols:
        col = out[c]
        if c in ("flags",):
            out[c] = col.map(lambda codes: "、".join(ROBUST_FLAG_LABELS.get(x, x) for x in codes))
        elif c == "change":
            out[c] = col.map(lambda x: ROBUST_FLAG_LABELS.get(x, x))
        elif col.dtype == bool:
            out[c] = col.map(YES_NO)
        elif pd.api.types.is_float_dtype(col) and (c.startswith("p_") or c.endswith("_share") or c == "pooled_share"):
            out[c] = col.map(lambda v: "" if v != v else f"{v:.1%}")
        elif pd.api.types.is_float_dtype(col):
            out[c] = col.round(2 if c not in ("p", "q", "chi2_p") else 4)
    labels = dict(ROBUST_COLUMN_LABELS)
    if "cadre_id" in frame.columns:
        labels["name"] = COLUMN_LABELS["name"]  # a cadre's name, as in every other table
    return out.rename(columns=labels)
