"""Tables as people read them: Chinese headers, flags as words, numbers rounded.

One place for the display form of every table, shared by the dashboard and
the exports, so a column is called the same everywhere.
"""

from __future__ import annotations

import pandas as pd

from ..check import Dataset
from ..scoring import Result
from ..texts import (
    ADJUST_TEXT,
    CHANGE_LABELS,
    COLUMN_LABELS,
    COMPARE_COLUMN_LABELS,
    FLAG_LABELS,
    GROUP_BY_LABELS,
    GROUP_COLUMN_LABELS,
    LEDGER_COLUMNS,
    NO_VALUE,
    REJECTED_COLUMN_LABELS,
    ROW_COUNT_LABELS,
    SOURCE_LABELS,
    SUMMARY_COLUMN_LABELS,
    UNIT_COLUMN_LABELS,
    UNIT_FLAG_LABELS,
    YES_NO,
)

__all__ = [
    "ranked_table",
    "cadre_table",
    "summary_table",
    "groups_table",
    "units_table",
    "rejected_table",
    "compare_table",
    "profile_cards",
    "composite_sentence",
    "exemption_table",
    "exemption_sentence",
    "ledger_table",
    "EXEMPTED_COLUMNS",
    "rows_table",
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
    return summary.round(2).rename(columns={by: GROUP_BY_LABELS[by], **SUMMARY_COLUMN_LABELS})


def groups_table(groups: pd.DataFrame) -> pd.DataFrame:
    """The inversion table with Chinese headers."""
    g = groups.copy()
    g["by"] = g["by"].map(GROUP_BY_LABELS)
    g["inversion"] = g["inversion"].map(YES_NO)
    for col in ("rho", "rho_task", "rho_service", "rho_democratic"):
        g[col] = g[col].round(3)
    g["p"] = g["p"].round(4)
    g["q"] = g["q"].round(4)
    return g.rename(columns=GROUP_COLUMN_LABELS)


def exemption_table(effect: pd.DataFrame) -> pd.DataFrame:
    """:func:`~appraisal.analysis.exemption_groups` with Chinese headers."""
    g = effect.assign(by=effect["by"].map(GROUP_BY_LABELS), rho=effect["rho"].round(3),
                      rho_unexcused=effect["rho_unexcused"].round(3))
    for col in ("inversion", "inversion_unexcused", "changed"):
        g[col] = g[col].map(YES_NO)
    return g.rename(columns=GROUP_COLUMN_LABELS)


#: The columns a table of cadres with errors excused shows.
EXEMPTED_COLUMNS = ["cadre_id", "name", "unit", "post", "excused_errors", "excused_note", "task_score", "composite",
                    "composite_unexcused", "grade", "grade_unexcused"]


def units_table(units: pd.DataFrame) -> pd.DataFrame:
    """Per-unit flags with Chinese headers."""
    u = units.copy()
    u["flags"] = u["flags"].map(lambda codes: "、".join(UNIT_FLAG_LABELS[x] for x in codes))
    u["excellent_share"] = u["excellent_share"].round(3)
    u["score_sd"] = u["score_sd"].round(2)
    return u[list(UNIT_COLUMN_LABELS)].rename(columns=UNIT_COLUMN_LABELS)


def rejected_table(rejected: pd.DataFrame) -> pd.DataFrame:
    """Rejected rows with Chinese headers."""
    r = rejected.copy()
    r["source"] = r["source"].map(SOURCE_LABELS)
    return r.rename(columns=REJECTED_COLUMN_LABELS)


def compare_table(changes: pd.DataFrame) -> pd.DataFrame:
    """A :func:`appraisal.analysis.compare.compare_results` frame with Chinese headers."""
    return changes.round(2).assign(change=changes["change"].map(CHANGE_LABELS)).rename(columns=COMPARE_COLUMN_LABELS)


def rows_table(dataset: Dataset) -> pd.DataFrame:
    """Rows read, accepted and rejected per source, and of the accepted those linked by name (数据导入).

    The by-name column shows only when some sheet had no IDs; an optional source only when a sheet of it was read.
    """
    frame = pd.DataFrame(dataset.reported_rows).T
    if any(dataset.linked_by_name.values()):
        frame["by_name"] = [dataset.linked_by_name.get(s, 0) for s in frame.index]
    return frame.rename(index=SOURCE_LABELS, columns=ROW_COUNT_LABELS)


def _number(value: float) -> str:
    return NO_VALUE if value != value else f"{value:.1f}"


def profile_cards(row: pd.Series) -> list[tuple[str, str]]:
    """The headline numbers of one cadre (a row of ``Result.cadres``), as (label, text) for metric cards.

    >>> profile_cards(pd.Series({"composite": 81.234, "rank_in_unit": 3, "grade": "", "workload": float("nan"),
    ...                          "service_n": 12}))
    [('综合得分', '81.2'), ('单位内排名', '3'), ('等次', '—'), ('工作量', '—'), ('服务评价条数', '12')]
    """
    return [
        (COLUMN_LABELS["composite"], _number(row["composite"])),
        (COLUMN_LABELS["rank_in_unit"], str(int(row["rank_in_unit"]))),
        (COLUMN_LABELS["grade"], row["grade"] or NO_VALUE),
        (COLUMN_LABELS["workload"], _number(row["workload"])),
        (COLUMN_LABELS["service_n"], str(int(row["service_n"]))),
    ]


def composite_sentence(row: pd.Series) -> str:
    """How a cadre's 加分/扣分 make the composite, item by item ('' for a cadre without any).

    >>> composite_sentence(pd.Series({"composite": 88.5, "weighted_score": 87.5, "bonus": 2.0, "penalty": 1.0,
    ...                               "adjust_note": "招商引资 +2（县委〔2025〕1号）；迟报信息 −1（通报3号）"}))
    '综合得分 88.50 = 三项加权得分 87.50 + 加分 2 − 扣分 1。加扣分事项：招商引资 +2（县委〔2025〕1号）；迟报信息 −1（通报3号）'
    """
    if not row.get("adjust_note"):
        return ""
    return ADJUST_TEXT["sentence"].format(composite=row["composite"], weighted=row["weighted_score"],
                                          bonus=f"{row['bonus']:g}", penalty=f"{row['penalty']:g}",
                                          note=row["adjust_note"])


def exemption_sentence(row: pd.Series) -> str:
    """What 容错免责 changed for a cadre ('' for a cadre without a decision).

    >>> exemption_sentence(pd.Series({"excused_errors": 1.0, "excused_note": "防汛免责1次（县纪委〔2025〕9号）",
    ...     "composite": 88.0, "composite_unexcused": 84.5, "grade": "称职", "grade_unexcused": "称职"}))
    '经容错免责认定，1次差错不计入差错率：防汛免责1次（县纪委〔2025〕9号）。综合得分 88.00（不计免责为 84.50），等次 称职（不计免责为 称职）。'
    """
    if not row.get("excused_errors"):
        return ""
    return ADJUST_TEXT["excused_sentence"].format(n=row["excused_errors"], note=row["excused_note"],
                                                  composite=row["composite"], unexcused=row["composite_unexcused"],
                                                  grade=row["grade"] or NO_VALUE,
                                                  grade_unexcused=row["grade_unexcused"] or NO_VALUE)


def result_tables(result: Result) -> dict[str, pd.DataFrame]:
    """Every table of a result in display form, keyed by the workbook's sheet keys."""
    return {
        "ranked": ranked_table(result.cadres),
        "groups": groups_table(result.groups),
        "units": units_table(result.units),
        "ledger": ledger_table(result.ledger),
        "rejected": rejected_table(result.dataset.rejected),
    }


def ledger_table(ledger: pd.DataFrame) -> pd.DataFrame:
    """The quota place ledger (:func:`appraisal.scoring.grading.quota_ledger`) with Chinese headers, the share in %."""
    return ledger.assign(share=(ledger["share"] * 100).round(2)).rename(columns=LEDGER_COLUMNS)
