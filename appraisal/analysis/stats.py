"""Rater agreement: intraclass correlation (ICC) from the ANOVA mean squares.

Two-way layout of ``n`` targets (cadres) each rated by the same ``k`` raters
(Shrout & Fleiss 1979; McGraw & Wong 1996):

- MSR (between targets) = SSR / (n − 1), SSR = k Σ_i (x̄_i· − x̄)²
- MSC (between raters)  = SSC / (k − 1), SSC = n Σ_j (x̄_·j − x̄)²
- MSE (residual)        = SSE / ((n − 1)(k − 1)), SSE = SST − SSR − SSC
- MSW (within targets)  = (SSC + SSE) / (n (k − 1))

and the six forms (Shrout & Fleiss 1979, Table 1; McGraw & Wong 1996,
Table 4):

- ICC1  = (MSR − MSW) / (MSR + (k − 1) MSW)          one-way random, single rater
- ICC2  = (MSR − MSE) / (MSR + (k − 1) MSE + k (MSC − MSE) / n)   two-way random, absolute agreement
- ICC3  = (MSR − MSE) / (MSR + (k − 1) MSE)          two-way mixed, consistency
- ICC1k = (MSR − MSW) / MSR
- ICC2k = (MSR − MSE) / (MSR + (MSC − MSE) / n)
- ICC3k = (MSR − MSE) / MSR

F tests: F = MSR/MSW on (n − 1, n(k − 1)) for ICC1/ICC1k, F = MSR/MSE on
(n − 1, (n − 1)(k − 1)) for the others; confidence intervals from the F
distribution (McGraw & Wong 1996, Table 7; ICC2 with Satterthwaite's
degrees of freedom), as in R ``psych::ICC`` and pingouin's
``intraclass_corr``.

Where raters are not crossed with targets (service ratings: each citizen
rates a few cadres), :func:`icc_oneway` gives ICC1 of the one-way ANOVA
with unequal group sizes (k replaced by n₀ = (N − Σ nᵢ²/N)/(n − 1)).
:func:`rater_agreement` applies both to a dataset's ballots and service
ratings, unit by unit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from ..scheme import Scheme
from ..texts import ICC_DESCRIPTION

__all__ = ["icc", "icc_oneway", "complete_block", "rater_agreement", "ICC_TYPES"]

ICC_TYPES: tuple[str, ...] = ("ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k")

_ICC_COLUMNS = ["description", "ICC", "F", "df1", "df2", "p", "ci_low", "ci_high"]


def _wide(data: pd.DataFrame, targets: str, raters: str, ratings: str, nan_policy: str) -> pd.DataFrame:
    wide = data.pivot_table(index=targets, columns=raters, values=ratings, aggfunc="mean", observed=True)
    if wide.isna().to_numpy().any():
        if nan_policy == "raise":
            raise ValueError("every rater must rate every target (use nan_policy='omit' to drop incomplete targets)")
        wide = wide.dropna(axis=0, how="any")
    return wide


def icc(data: pd.DataFrame, targets: str, raters: str, ratings: str, *,
        nan_policy: str = "raise", confidence: float = 0.95) -> pd.DataFrame:
    """Intraclass correlation coefficients of a long table (one rating a row).

    Parameters
    ----------
    data : long table with a target, a rater and a numeric rating column (not changed)
    targets, raters, ratings : the column names
    nan_policy : "raise" (default) when a rater did not rate every target,
        or "omit" to drop targets with a missing rating
    confidence : level of the confidence interval (0.95)

    Returns
    -------
    pd.DataFrame
        Indexed by ``type`` (ICC1, ICC2, ICC3, ICC1k, ICC2k, ICC3k), columns:

        - ``description``: the model in Chinese (one-way / two-way random / two-way mixed, single / average)
        - ``ICC``: the coefficient
        - ``F``, ``df1``, ``df2``, ``p``: the F test of ICC = 0
        - ``ci_low``, ``ci_high``: the confidence interval

    Examples
    --------
    Shrout & Fleiss (1979), Table 2: six targets, four judges.

    >>> x = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    >>> long = pd.DataFrame([(t, j, x[t][j]) for t in range(6) for j in range(4)], columns=["t", "j", "x"])
    >>> icc(long, "t", "j", "x")[["ICC", "F", "df1", "df2"]].round(2)
              ICC      F  df1  df2
    type
    ICC1   0.17   1.79    5   18
    ICC2   0.29  11.03    5   15
    ICC3   0.71  11.03    5   15
    ICC1k  0.44   1.79    5   18
    ICC2k  0.62  11.03    5   15
    ICC3k  0.91  11.03    5   15
    """
    if nan_policy not in ("raise", "omit"):
        raise ValueError("nan_policy must be 'raise' or 'omit'")
    wide = _wide(data, targets, raters, ratings, nan_policy)
    x = wide.to_numpy(dtype="float64")
    n, k = x.shape
    if n < 2 or k < 2:
        raise ValueError("ICC needs at least 2 targets and 2 raters with complete ratings")
    grand = x.mean()
    if np.ptp(x) == 0:
        raise ValueError("ICC is undefined when every rating is the same")
    ssr = k * ((x.mean(axis=1) - grand) ** 2).sum()
    ssc = n * ((x.mean(axis=0) - grand) ** 2).sum()
    sst = ((x - grand) ** 2).sum()
    sse = sst - ssr - ssc
    df_r, df_c, df_e, df_w = n - 1, k - 1, (n - 1) * (k - 1), n * (k - 1)
    msr, msc, mse, msw = ssr / df_r, ssc / df_c, sse / df_e, (ssc + sse) / df_w

    with np.errstate(divide="ignore", invalid="ignore"):
        icc1 = (msr - msw) / (msr + (k - 1) * msw)
        icc2 = (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n)
        icc3 = (msr - mse) / (msr + (k - 1) * mse)
        icc1k = (msr - msw) / msr
        icc2k = (msr - mse) / (msr + (msc - mse) / n)
        icc3k = (msr - mse) / msr
        f1, f3 = msr / msw, msr / mse

        # Confidence intervals: McGraw & Wong (1996), Table 7.
        a = 1 - confidence
        f1l = f1 / stats.f.ppf(1 - a / 2, df_r, df_w)
        f1u = f1 * stats.f.ppf(1 - a / 2, df_w, df_r)
        f3l = f3 / stats.f.ppf(1 - a / 2, df_r, df_e)
        f3u = f3 * stats.f.ppf(1 - a / 2, df_e, df_r)
        fc = msc / mse
        vn = df_e * (k * icc2 * fc + n * (1 + (k - 1) * icc2) - k * icc2) ** 2
        vd = df_r * k ** 2 * icc2 ** 2 * fc ** 2 + (n * (1 + (k - 1) * icc2) - k * icc2) ** 2
        v = vn / vd
        f2u = stats.f.ppf(1 - a / 2, df_r, v)
        f2l = stats.f.ppf(1 - a / 2, v, df_r)
        lb2 = n * (msr - f2u * mse) / (f2u * (k * msc + (k * n - k - n) * mse) + n * msr)
        ub2 = n * (f2l * msr - mse) / (k * msc + (k * n - k - n) * mse + n * f2l * msr)
        ci = {
            "ICC1": ((f1l - 1) / (f1l + k - 1), (f1u - 1) / (f1u + k - 1)),
            "ICC2": (lb2, ub2),
            "ICC3": ((f3l - 1) / (f3l + k - 1), (f3u - 1) / (f3u + k - 1)),
            "ICC1k": (1 - 1 / f1l, 1 - 1 / f1u),
            "ICC2k": (lb2 * k / (1 + lb2 * (k - 1)), ub2 * k / (1 + ub2 * (k - 1))),
            "ICC3k": (1 - 1 / f3l, 1 - 1 / f3u),
        }
        p1, p3 = stats.f.sf(f1, df_r, df_w), stats.f.sf(f3, df_r, df_e)
    values = {"ICC1": icc1, "ICC2": icc2, "ICC3": icc3, "ICC1k": icc1k, "ICC2k": icc2k, "ICC3k": icc3k}
    one = {"ICC1", "ICC1k"}
    out = pd.DataFrame({
        "description": [ICC_DESCRIPTION[t] for t in ICC_TYPES],
        "ICC": [float(values[t]) for t in ICC_TYPES],
        "F": [float(f1 if t in one else f3) for t in ICC_TYPES],
        "df1": [df_r] * 6,
        "df2": [df_w if t in one else df_e for t in ICC_TYPES],
        "p": [float(p1 if t in one else p3) for t in ICC_TYPES],
        "ci_low": [float(ci[t][0]) for t in ICC_TYPES],
        "ci_high": [float(ci[t][1]) for t in ICC_TYPES],
    }, index=pd.Index(list(ICC_TYPES), name="type"))
    out["df1"] = out["df1"].astype("int64")
    out["df2"] = out["df2"].astype("int64")
    return out


def icc_oneway(data: pd.DataFrame, targets: str, ratings: str, *, confidence: float = 0.95) -> pd.DataFrame:
    """ICC1 of the one-way random model when targets have different numbers of ratings.

    One-way ANOVA with unequal group sizes: MSB and MSW as usual, and
    n₀ = (N − Σ nᵢ² / N) / (n − 1) in place of k (Shrout & Fleiss 1979,
    case 1; the unbalanced form as in Donner 1986).  ICC1k is the
    reliability of a target's mean over n₀ ratings.  Targets with a single
    rating add nothing to MSW and are still counted in MSB.

    Returns
    -------
    pd.DataFrame
        Indexed by ``type`` (ICC1, ICC1k), columns ``description``,
        ``ICC``, ``F``, ``df1``, ``df2``, ``p``, ``ci_low``, ``ci_high`` and
        ``k`` (n₀, the effective ratings per target).

    Examples
    --------
    >>> d = pd.DataFrame({"t": list("aaabbbccc"), "x": [5, 6, 5, 2, 3, 2, 4, 4, 3]})
    >>> icc_oneway(d, "t", "x")[["ICC", "F", "df1", "df2"]].round(3)
             ICC       F  df1  df2
    type
    ICC1   0.866  20.333    2    6
    ICC1k  0.951  20.333    2    6
    """
    x = data[ratings].to_numpy(dtype="float64")
    codes, uniques = pd.factorize(data[targets])
    n = len(uniques)
    big_n = len(x)
    if n < 2 or big_n - n < 1:
        raise ValueError("one-way ICC needs at least 2 targets and a target with 2 ratings")
    counts = np.bincount(codes, minlength=n).astype("float64")
    means = np.bincount(codes, weights=x, minlength=n) / counts
    grand = x.mean()
    ssb = (counts * (means - grand) ** 2).sum()
    ssw = ((x - means[codes]) ** 2).sum()
    df1, df2 = n - 1, big_n - n
    msb, msw = ssb / df1, ssw / df2
    n0 = (big_n - (counts ** 2).sum() / big_n) / df1
    with np.errstate(divide="ignore", invalid="ignore"):
        f = msb / msw
        a = 1 - confidence
        fl = f / stats.f.ppf(1 - a / 2, df1, df2)
        fu = f * stats.f.ppf(1 - a / 2, df2, df1)
        icc1 = (msb - msw) / (msb + (n0 - 1) * msw)
        icc1k = (msb - msw) / msb
    p = stats.f.sf(f, df1, df2)
    return pd.DataFrame({
        "description": [ICC_DESCRIPTION["ICC1"], ICC_DESCRIPTION["ICC1k"]],
        "ICC": [float(icc1), float(icc1k)],
        "F": [float(f)] * 2,
        "df1": [df1] * 2,
        "df2": [df2] * 2,
        "p": [float(p)] * 2,
        "ci_low": [float((fl - 1) / (fl + n0 - 1)), float(1 - 1 / fl)],
        "ci_high": [float((fu - 1) / (fu + n0 - 1)), float(1 - 1 / fu)],
        "k": [float(n0)] * 2,
    }, index=pd.Index(["ICC1", "ICC1k"], name="type"))


def complete_block(data: pd.DataFrame, targets: str, raters: str, min_targets: int = 3,
                   min_raters: int = 2) -> pd.DataFrame:
    """The rows of a long table that form a complete targets × raters block (every rater rated every target).

    Greedy: raters with fewer than ``min_targets`` targets and targets with
    fewer than ``min_raters`` raters go first; then, while a cell is empty,
    the target or rater with the lowest share of filled cells goes.  The
    block is large, not necessarily the largest.  Returns an empty frame
    (same columns) when no block of the minimum size is left.

    >>> d = pd.DataFrame({"t": list("aabbbcc"), "r": ["x", "y", "x", "y", "z", "x", "y"], "v": range(7)})
    >>> sorted(set(complete_block(d, "t", "r")["r"]))
    ['x', 'y']
    """
    cells = data[[targets, raters]].drop_duplicates()
    t_codes, t_uniq = pd.factorize(cells[targets])
    r_codes, r_uniq = pd.factorize(cells[raters])
    filled = np.zeros((len(t_uniq), len(r_uniq)), dtype=bool)
    filled[t_codes, r_codes] = True
    rows = np.ones(len(t_uniq), dtype=bool)
    cols = np.ones(len(r_uniq), dtype=bool)
    while True:
        sub = filled[np.ix_(rows, cols)]
        if sub.size == 0:
            break
        per_col = sub.sum(axis=0)
        per_row = sub.sum(axis=1)
        weak_c = per_col < min_targets
        weak_r = per_row < min_raters
        if weak_c.any() or weak_r.any():
            cols[np.flatnonzero(cols)[weak_c]] = False
            rows[np.flatnonzero(rows)[weak_r]] = False
            continue
        if sub.all():
            break
        fill_c = per_col / sub.shape[0]
        fill_r = per_row / sub.shape[1]
        if fill_c.min() <= fill_r.min():
            cols[np.flatnonzero(cols)[np.argmin(fill_c)]] = False
        else:
            rows[np.flatnonzero(rows)[np.argmin(fill_r)]] = False
    if rows.sum() < min_targets or cols.sum() < min_raters:
        return data.iloc[0:0]
    keep = data[targets].isin(t_uniq[rows]) & data[raters].isin(r_uniq[cols])
    return data[keep]


_AGREEMENT_COLUMNS = ["source", "unit", "design", "type", "description", "ICC", "ci_low", "ci_high",
                      "F", "df1", "df2", "p", "n_targets", "n_raters"]


def rater_agreement(dataset, scheme: Scheme | None = None) -> pd.DataFrame:
    """ICC of the dataset's ballots and service ratings, per unit.

    - ``ballots`` (one-ballot-a-row input): voter_id as rater, the ballot's
      vote value (``democratic.values``: 优秀 100 … 不称职 0) as rating;
      two-way ICCs on the largest complete voter × cadre block found by
      :func:`complete_block`.
    - ``service``: rater_id as rater, the rating on the scheme's scale;
      two-way ICCs on a complete block where raters rated several cadres,
      and the one-way ICC1/ICC1k of :func:`icc_oneway` on all ratings
      (raters need not overlap).

    A unit is left out of a design when it has fewer than
    ``robustness.icc_min_targets`` cadres or ``icc_min_raters`` raters.

    Returns
    -------
    pd.DataFrame
        One row per source, unit, design and ICC type: ``source``
        ("ballots"/"service"), ``unit``, ``design`` ("two_way" on a complete
        block, "one_way" for unbalanced ratings), ``type``, ``description``,
        ``ICC``, ``ci_low``, ``ci_high`` (95%), ``F``, ``df1``, ``df2``, ``p``,
        ``n_targets``, ``n_raters`` (for one_way: n₀, ratings per cadre).
    """
    scheme = scheme or Scheme.default()
    r = scheme.section("robustness")
    min_t, min_r = int(r["icc_min_targets"]), int(r["icc_min_raters"])
    unit_of = dataset.roster.set_index("cadre_id")["unit"]
    values = {g: float(v) for g, v in scheme.section("democratic")["values"].items()}
    sources = []
    if not dataset.ballots.empty:
        b = dataset.ballots
        sources.append(("ballots", pd.DataFrame({
            "cadre_id": b["cadre_id"], "rater": b["voter_id"], "value": b["ballot"].map(values),
            "unit": b["cadre_id"].map(unit_of)}).dropna(subset=["value", "rater"])))
    if not dataset.service.empty:
        s = dataset.service
        sources.append(("service", pd.DataFrame({
            "cadre_id": s["cadre_id"], "rater": s["rater_id"], "value": s["rating"],
            "unit": s["cadre_id"].map(unit_of)})))
    parts = []
    for source, frame in sources:
        for unit, sub in frame.groupby("unit", sort=True):
            rated = sub[sub["rater"].notna() & (sub["rater"] != "")]
            block = complete_block(rated, "cadre_id", "rater", min_t, min_r) if len(rated) else rated
            if len(block) and block["value"].nunique() > 1:
                out = icc(block, "cadre_id", "rater", "value").reset_index()
                out["design"] = "two_way"
                out["n_targets"] = block["cadre_id"].nunique()
                out["n_raters"] = float(block["rater"].nunique())
                parts.append(out.assign(source=source, unit=unit))
            if source == "service" and sub["cadre_id"].nunique() >= min_t and sub["value"].nunique() > 1 \
                    and (sub.groupby("cadre_id").size() >= min_r).any():
                out = icc_oneway(sub, "cadre_id", "value").reset_index()
                out["design"] = "one_way"
                out["n_targets"] = sub["cadre_id"].nunique()
                out["n_raters"] = out.pop("k")
                parts.append(out.assign(source=source, unit=unit))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="float64" if c in ("ICC", "ci_low", "ci_high", "F", "p", "n_raters")
                                          else "int64" if c in ("df1", "df2", "n_targets") else "str")
                             for c in _AGREEMENT_COLUMNS})
    return pd.concat(parts, ignore_index=True)[_AGREEMENT_COLUMNS]

