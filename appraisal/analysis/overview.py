"""Headline numbers, filters and per-group summaries: what the dashboard's tables show.

>>> METRICS["composite"]
'综合得分'
"""

from __future__ import annotations

import pandas as pd

from ..scheme import GRADES
from ..scoring import Result
from ..texts import COLUMN_LABELS

__all__ = ["METRICS", "headline", "filter_cadres", "group_summary", "median_pivot", "review_list", "find_cadres"]

# Metrics a user can pick in distribution charts, with their labels.
METRICS: dict[str, str] = {
    key: COLUMN_LABELS[key]
    for key in ("composite", "task_score", "service_score", "democratic_score", "leader_score", "workload", "error_rate")
}


def headline(result: Result) -> dict[str, int]:
    """Headline counts: cadres, units, each grade, flagged cadres, inverted groups, flagged units.

    Keys: ``cadres, units, 优秀, 称职, 基本称职, 不称职, flagged_cadres, inverted_groups,
    flagged_units, rejected_rows``.
    """
    c = result.cadres
    grades = c["grade"].value_counts()
    inverted_units = set(result.groups.loc[(result.groups["by"] == "unit") & result.groups["inversion"], "name"])
    uniform_units = set(result.units.loc[result.units["uniform_votes"], "unit"])
    out: dict[str, int] = {"cadres": len(c), "units": int(c["unit"].nunique())}
    out.update({g: int(grades.get(g, 0)) for g in GRADES})
    out["flagged_cadres"] = int(c["flags"].map(bool).sum())
    out["inverted_groups"] = int(result.groups["inversion"].sum())
    out["flagged_units"] = len(inverted_units | uniform_units)
    out["rejected_rows"] = len(result.dataset.rejected)
    return out


def filter_cadres(cadres: pd.DataFrame, units: list[str] | None = None, posts: list[str] | None = None,
                  grades: list[str] | None = None, flags: list[str] | None = None) -> pd.DataFrame:
    """Cadres matching every non-empty filter (a cadre matches ``flags`` if it has any of them)."""
    keep = pd.Series(True, index=cadres.index)
    if units:
        keep &= cadres["unit"].isin(units)
    if posts:
        keep &= cadres["post"].isin(posts)
    if grades:
        keep &= cadres["grade"].isin(grades)
    if flags:
        wanted = set(flags)
        keep &= cadres["flags"].map(lambda codes: bool(wanted.intersection(codes)))
    return cadres[keep]


def group_summary(cadres: pd.DataFrame, by: str, metric: str) -> pd.DataFrame:
    """Per group: n, median, mean, min, max of a metric, and the 优秀 count; sorted by median, highest first."""
    g = cadres.groupby(by, sort=False)
    out = pd.DataFrame({
        "n": g.size(),
        "median": g[metric].median(),
        "mean": g[metric].mean(),
        "min": g[metric].min(),
        "max": g[metric].max(),
        "excellent": (cadres["grade"] == GRADES[0]).groupby(cadres[by], sort=False).sum(),
    })
    return out.sort_values("median", ascending=False).reset_index()


def median_pivot(cadres: pd.DataFrame, metric: str) -> pd.DataFrame:
    """Median of a metric per unit (rows) × post (columns); units ordered by their overall median."""
    pivot = cadres.pivot_table(index="unit", columns="post", values=metric, aggfunc="median", observed=True)
    order = cadres.groupby("unit")[metric].median().sort_values(ascending=False).index
    return pivot.reindex(order)


def review_list(result: Result) -> pd.DataFrame:
    """Cadres to review for inversion: flagged ``workload_inversion``, those in inverted units first."""
    c = result.cadres
    inverted = set(result.groups.loc[(result.groups["by"] == "unit") & result.groups["inversion"], "name"])
    flagged = c[c["flags"].map(lambda codes: "workload_inversion" in codes)].copy()
    flagged["in_inverted_unit"] = flagged["unit"].isin(inverted)
    return flagged.sort_values(["in_inverted_unit", "unit", "workload"], ascending=[False, True, False])


def find_cadres(cadres: pd.DataFrame, query: str) -> pd.DataFrame:
    """Cadres whose name or ID contains the query (blank query: none)."""
    q = query.strip()
    if not q:
        return cadres.iloc[0:0]
    hit = cadres["name"].str.contains(q, regex=False) | cadres["cadre_id"].str.contains(q, regex=False, case=False)
    return cadres[hit]
