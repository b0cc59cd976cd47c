"""Tables as people read them: Chinese headers, flags as words, numbers rounded.

One place for the display form of every table, shared by the dashboard and
the exports, so a column is called the same everywhere.
"""

from __future__ import annotations

import pandas as pd

from ..scoring import Result
from ..texts import (
    CHANGE_LABELS,
    COLUMN_LABELS,
    FLAG_LABELS,
    GROUP_BY_LABELS,
    GROUP_COLUMN_LABELS,
    REJECTED_COLUMN_LABELS,
    SOURCE_LABELS,
    UNIT_FLAG_LABELS,
)

__all__ = [
    "ranked_table",
    "cadre_table",
    "summary_table",
    "groups_table",
    "units_table",
    "rejected_table",
    "compare_table",
    "SHORT_COLUMNS",
]

_SCORES = ("composite", "task_score", "service_score", "democratic_score", "leader_score",
           "service_raw", "service_ci_low", "service_ci_high", "error_rate", "workload")

# The columns a compact cadre list shows.
SHORT_COLUMNS = ["cadre_id", "name", "unit", "post", "rank_in_unit", "grade", "composite", "task_score",
                 "service_score", "democratic_score", "workload", "flags"]


def _flag_words(codes: list[str]) -> str:
    return "、".join(FLAG_LABELS.get(c, c) for c in codes)


def ranked_table(cadres: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """Cadres with Chinese headers, flags as labels, scores rounded to 2 places.

    ``columns`` picks and orders the fields (default: every labelled column).
    """
    c = cadres.copy()
    if "flags" in c:
        c["flags"] = c["flags"].map(_flag_words)
    if "missing" in c:
        c["missing"] = c["missing"].map(lambda s: "、".join(s.split()))
    cols = [k for k in (columns or list(COLUMN_LABELS)) if k in c.columns]
    for col in _SCORES:
        if col in c:
            c[col] = c[col].round(2)
    return c[cols].rename(columns=COLUMN_LABELS)


def cadre_table(cadres: pd.DataFrame) -> pd.DataFrame:
    """The compact cadre list of drill-downs."""
    return ranked_table(cadres, SHORT_COLUMNS)


def summary_table(summary: pd.DataFrame, by: str) -> pd.DataFrame:
    """A :func:`appraisal.analysis.overview.group_summary` frame with Chinese headers."""
    labels = {by: GROUP_BY_LABELS[by], "n": "人数", "median": "中位数", "mean": "平均", "min": "最低",
              "max": "最高", "excellent": "优秀人数"}
    return summary.round(2).rename(columns=labels)


def groups_table(groups: pd.DataFrame) -> pd.DataFrame:
    """The inversion table with Chinese headers."""
    g = groups.copy()
    g["by"] = g["by"].map(GROUP_BY_LABELS)
    g["inversion"] = g["inversion"].map({True: "是", False: "否"})
    for col in ("rho", "rho_task", "rho_service", "rho_democratic"):
        g[col] = g[col].round(3)
    g["p"] = g["p"].round(4)
    g["q"] = g["q"].round(4)
    return g.rename(columns=GROUP_COLUMN_LABELS)


def units_table(units: pd.DataFrame) -> pd.DataFrame:
    """Per-unit flags with Chinese headers."""
    u = units.copy()
    u["flags"] = u["flags"].map(lambda codes: "、".join(UNIT_FLAG_LABELS[x] for x in codes))
    u["excellent_share"] = u["excellent_share"].round(3)
    u["score_sd"] = u["score_sd"].round(2)
    return u[["unit", "unit_type", "n", "n_votes", "excellent_share", "score_sd", "flags", "flag_text"]].rename(
        columns={"unit": "单位", "unit_type": "单位类型", "n": "人数", "n_votes": "测评票数",
                 "excellent_share": "优秀票占比", "score_sd": "民主测评得分标准差", "flags": "标记",
                 "flag_text": "标记说明"})


def rejected_table(rejected: pd.DataFrame) -> pd.DataFrame:
    """Rejected rows with Chinese headers."""
    r = rejected.copy()
    r["source"] = r["source"].map(SOURCE_LABELS)
    return r.rename(columns={"source": "数据类别", **REJECTED_COLUMN_LABELS})


def compare_table(changes: pd.DataFrame) -> pd.DataFrame:
    """A :func:`appraisal.analysis.compare.compare_results` frame with Chinese headers."""
    labels = {"cadre_id": "编号", "name": "姓名", "unit": "单位", "post": "岗位",
              "composite_before": "原综合得分", "composite_after": "新综合得分", "rank_before": "原名次",
              "rank_after": "新名次", "rank_change": "名次上升", "grade_before": "原等次",
              "grade_after": "新等次", "change": "变化"}
    return changes.round(2).assign(change=changes["change"].map(CHANGE_LABELS)).rename(columns=labels)


def result_tables(result: Result) -> dict[str, pd.DataFrame]:
    """Every table of a result in display form, keyed by the workbook's sheet keys."""
    return {
        "ranked": ranked_table(result.cadres),
        "groups": groups_table(result.groups),
        "units": units_table(result.units),
        "rejected": rejected_table(result.dataset.rejected),
    }
