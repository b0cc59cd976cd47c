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

import numpy as np
import pandas as pd
from scipy import stats

from .scheme import Scheme
from .texts import COMPONENT_LABELS, FLAG_EXPLAIN, GROUP_SELF, TIE_KEY_LABELS, UNIT_FLAG_EXPLAIN

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


def spearman_by_group(frame: pd.DataFrame, by: str, x: str, y: str) -> pd.DataFrame:
    """Spearman's rho of x and y within each group, with n and the one-sided p for rho < 0.

    Ranks (average for ties) within the group, then Pearson on the ranks;
    p from the t distribution with n − 2 degrees of freedom — the same as
    ``scipy.stats.spearmanr(x, y, alternative="less")``, without a Python
    loop over groups.

    >>> f = pd.DataFrame({"g": ["a"] * 5, "x": [1, 2, 3, 4, 5], "y": [5, 6, 7, 8, 7]})
    >>> spearman_by_group(f, "g", "x", "y").round(4)
       n     rho       p
    g
    a  5  0.8208  0.9557
    """
    both = frame[[by, x, y]].dropna()
    grp = both.groupby(by, sort=True)
    rx = grp[x].rank()
    ry = grp[y].rank()
    dx = rx - rx.groupby(both[by]).transform("mean")
    dy = ry - ry.groupby(both[by]).transform("mean")
    parts = pd.DataFrame({by: both[by], "xy": dx * dy, "xx": dx * dx, "yy": dy * dy})
    sums = parts.groupby(by, sort=True).sum()
    n = grp.size()
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = sums["xy"] / np.sqrt(sums["xx"] * sums["yy"])
        dof = n - 2
        t = rho * np.sqrt(dof / ((1 - rho) * (1 + rho)))
    p = pd.Series(stats.t.cdf(t, dof.clip(lower=1)), index=n.index).where(dof > 0)
    return pd.DataFrame({"n": n, "rho": rho, "p": p})


def inversion_groups(cadres: pd.DataFrame, scheme: Scheme) -> pd.DataFrame:
    """The inversion table: one row per unit and per post with at least ``min_group_size`` cadres.

    Columns: by, name, n, rho, p, q, inversion, rho_task, rho_service,
    rho_democratic.  ``inversion`` is rho < 0 and q < ``fdr_q``; q is the
    Benjamini–Hochberg adjustment of p across the groups of the same kind.
    """
    d = scheme.data["diagnostics"]
    parts = []
    for by in ("unit", "post"):
        main = spearman_by_group(cadres, by, "workload", "composite")
        main = main[main["n"] >= d["min_group_size"]].copy()
        for comp in ("task", "service", "democratic"):
            side = spearman_by_group(cadres, by, "workload", f"{comp}_score")
            main[f"rho_{comp}"] = side["rho"].where(side["n"] >= d["min_group_size"]).reindex(main.index)
        ok = main["p"].notna()
        main["q"] = np.nan
        if ok.any():
            main.loc[ok, "q"] = stats.false_discovery_control(main.loc[ok, "p"].to_numpy(), method="bh")
        main["inversion"] = (main["rho"] < 0) & (main["q"] < d["fdr_q"])
        main.index.name = "name"
        main = main.reset_index()
        main.insert(0, "by", by)
        parts.append(main)
    cols = ["by", "name", "n", "rho", "p", "q", "inversion", "rho_task", "rho_service", "rho_democratic"]
    out = pd.concat(parts, ignore_index=True)[cols]
    out["n"] = out["n"].astype("int64")
    out["inversion"] = out["inversion"].astype(bool)
    return out


def _zscore(values: pd.Series, groups: pd.Series) -> pd.Series:
    g = values.groupby(groups)
    sd = g.transform("std")
    return (values - g.transform("mean")) / sd.where(sd > 0)


def cadre_flags(cadres: pd.DataFrame, scheme: Scheme) -> pd.DataFrame:
    """Boolean flag columns plus the numbers explanations need.

    Returns a frame aligned with ``cadres``: one bool column per code of
    :data:`CADRE_FLAGS` and helper columns ``z_leader``, ``z_service``,
    ``gap``, ``workload_pct``, ``composite_pct``.
    """
    d = scheme.data["diagnostics"]
    demo = scheme.data["democratic"]
    by = scheme.data["grading"]["group_by"]
    out = pd.DataFrame(index=cadres.index)

    size = cadres.groupby(by)["cadre_id"].transform("size")
    big = size >= d["min_group_size"]
    q = float(d["workload_quartile"])
    work_pct = cadres.groupby(by)["workload"].rank(pct=True)
    comp_pct = cadres.groupby(by)["composite"].rank(pct=True)
    out["workload_pct"] = work_pct
    out["composite_pct"] = comp_pct
    out["workload_inversion"] = big & (work_pct > 1 - q) & (comp_pct <= q)

    out["z_leader"] = _zscore(cadres["leader_score"], cadres["post"])
    out["z_service"] = _zscore(cadres["service_score"], cadres["post"])
    out["gap"] = out["z_leader"] - out["z_service"]
    out["leader_above_mass"] = out["gap"] > d["gap_threshold"]
    out["mass_above_leader"] = out["gap"] < -d["gap_threshold"]

    out["few_ratings"] = (cadres["service_n"] > 0) & (cadres["service_n"] < d["min_ratings"])
    out["unfit_votes"] = cadres["unfit_share"] > demo["review_unfit_share"]
    out["low_approval"] = cadres["approval_share"] < demo["review_approval_share"]
    out["missing_component"] = cadres["missing"] != ""
    out["quota_tie"] = cadres["quota_tie"].astype(bool)
    for code in CADRE_FLAGS:
        out[code] = out[code].fillna(False).astype(bool)
    return out


def explain(cadres: pd.DataFrame, flags: pd.DataFrame, scheme: Scheme) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Per cadre: the list of flag codes, the list of explanation sentences, and the sentences joined.

    Only flagged cadres are formatted, so the cost follows the number of flags.
    """
    d = scheme.data["diagnostics"]
    demo = scheme.data["democratic"]
    by = scheme.data["grading"]["group_by"]
    q = float(d["workload_quartile"])
    tie_rule = "、".join(TIE_KEY_LABELS[k] for k in scheme.data["grading"]["tie_break"]) + "、编号"
    codes_col = pd.Series([[] for _ in range(len(cadres))], index=cadres.index, dtype=object)
    text_col = pd.Series("", index=cadres.index, dtype="str")
    notes_col = pd.Series([[] for _ in range(len(cadres))], index=cadres.index, dtype=object)
    any_flag = flags[list(CADRE_FLAGS)].any(axis=1)
    for idx in cadres.index[any_flag]:
        row = cadres.loc[idx]
        f = flags.loc[idx]
        codes, texts = [], []
        values = {
            "workload": row["workload"], "composite": row["composite"],
            "group": GROUP_SELF[by],
            "top_pct": q * 100, "bottom_pct": q * 100,
            "leader_score": row["leader_score"], "service_score": row["service_score"],
            "z_leader": f["z_leader"], "z_service": f["z_service"], "gap": abs(f["gap"]) if f["gap"] == f["gap"] else 0,
            "service_n": row["service_n"], "min_ratings": d["min_ratings"],
            "unfit_share": row["unfit_share"], "approval_share": row["approval_share"],
            "missing": "、".join(COMPONENT_LABELS[c] for c in str(row["missing"]).split()),
            "weights_used": row["weights_used"], "rule": tie_rule,
        }
        for code in CADRE_FLAGS:
            if not f[code]:
                continue
            threshold = (demo["review_unfit_share"] if code == "unfit_votes"
                         else demo["review_approval_share"] if code == "low_approval" else None)
            codes.append(code)
            texts.append(FLAG_EXPLAIN[code].format(threshold=threshold, **values))
        codes_col.at[idx] = codes
        notes_col.at[idx] = texts
        text_col.at[idx] = "".join(texts)
    return codes_col, notes_col, text_col


def unit_flags(cadres: pd.DataFrame, votes: pd.DataFrame, scheme: Scheme) -> pd.DataFrame:
    """Per unit: n, n_votes, excellent_share, score_sd, uniform_votes, flags, flag_text.

    ``uniform_votes`` when a unit with at least ``uniform_min_votes`` ballots
    gave 优秀 at or above ``uniform_excellent_share`` of them, or its
    cadres' democratic scores hardly differ (sd below ``uniform_score_sd``
    while 优秀 is the majority).
    """
    d = scheme.data["diagnostics"]
    unit_of = cadres.set_index("cadre_id")["unit"]
    v = votes.assign(unit=votes["cadre_id"].map(unit_of))
    counts = v.groupby("unit")[["excellent", "competent", "basic", "unfit"]].sum()
    n_votes = counts.sum(axis=1)
    per = cadres.groupby("unit", sort=True).agg(
        unit_type=("unit_type", "first"), n=("cadre_id", "size"), score_sd=("democratic_score", "std"))
    per["n_votes"] = n_votes.reindex(per.index).fillna(0).astype("int64")
    per["excellent_share"] = (counts["excellent"] / n_votes.where(n_votes > 0)).reindex(per.index)
    enough = per["n_votes"] >= d["uniform_min_votes"]
    per["uniform_votes"] = enough & (
        (per["excellent_share"] >= d["uniform_excellent_share"])
        | ((per["score_sd"] < d["uniform_score_sd"]) & (per["excellent_share"] > 0.5))
    ).fillna(False)
    per = per.reset_index()
    per["flags"] = [["uniform_votes"] if u else [] for u in per["uniform_votes"]]
    per["flag_text"] = [
        UNIT_FLAG_EXPLAIN["uniform_votes"].format(unit=r.unit, n_votes=r.n_votes, excellent_share=r.excellent_share,
                                                   score_sd=r.score_sd if r.score_sd == r.score_sd else 0.0)
        if r.uniform_votes else ""
        for r in per.itertuples()
    ]
    return per
