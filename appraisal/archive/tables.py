"""The archive's frames with Chinese headers, for the 考核档案 page and downloads."""

from __future__ import annotations

import pandas as pd

from ..check import History
from ..texts import ARCHIVE, ARCHIVE_COLUMNS, TREND_COLUMNS, YES_NO
from .periods import Period
from .store import ArchivedVersion

__all__ = ["history_rows_table", "versions_table", "history_table", "inputs_table", "local_time", "stability_table", "movers_table"]


def local_time(t: pd.Series) -> pd.Series:
    """Saved times (UTC) as the machine's clock shows them: "2026-12-03 19:20"."""
    return pd.Series([x.to_pydatetime().astimezone().strftime("%Y-%m-%d %H:%M") for x in pd.to_datetime(t, utc=True)],
                     index=t.index, dtype="str")


def versions_table(listed: pd.DataFrame) -> pd.DataFrame:
    """:meth:`~appraisal.archive.store.Archive.versions` as shown: 存档, 保存时间, 保存人, 原因, 干部人数, 软件版本."""
    titles = [p.version_title(n) for p, n in zip(listed["period"], listed["number"])]
    shown = pd.DataFrame({"title": pd.Series(titles, index=listed.index, dtype="str"),
                          "saved_at": local_time(listed["saved_at"])})
    shown = pd.concat([shown, listed[["saved_by", "reason", "n_cadres", "software_version"]]], axis=1)
    return shown.rename(columns=ARCHIVE_COLUMNS).reset_index(drop=True)


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """:meth:`~appraisal.archive.store.Archive.history` as shown: one row per period, the latest version's."""
    titles = [p.version_title(n) for p, n in zip(history["period"], history["number"])]
    shown = history[["name", "unit", "post", "grade", "rank_in_unit", "composite", "flag_text"]].copy()
    shown.insert(0, "title", titles)
    shown["composite"] = shown["composite"].round(2)
    return shown.rename(columns={**ARCHIVE_COLUMNS, "name": ARCHIVE_COLUMNS["person"]}).reset_index(drop=True)


def inputs_table(version: ArchivedVersion) -> pd.DataFrame:
    """A version's input files: 文件, 字节数, SHA-256, 文件已保留 (是/否)."""
    rows = pd.DataFrame(version.inputs, columns=["name", "size", "sha256", "kept"])
    rows["kept"] = rows["kept"].map(YES_NO)
    return rows.rename(columns=ARCHIVE_COLUMNS)


def stability_table(stability: pd.DataFrame) -> pd.DataFrame:
    """:func:`~appraisal.archive.trends.rank_stability` as shown: 单位, 年度, 人数, 名次相关, p 值."""
    shown = stability.assign(years=stability["year_from"].astype(str) + "→" + stability["year_to"].astype(str),
                             rho=stability["rho"].round(2), p=stability["p"].round(3))
    return shown[["unit", "years", "n", "rho", "p"]].rename(columns=TREND_COLUMNS)


def movers_table(moved: pd.DataFrame) -> pd.DataFrame:
    """:func:`~appraisal.archive.trends.movers` as shown, scores to 2 decimals and the standing to whole percent."""
    shown = moved.round({"composite_from": 2, "composite_to": 2, "change": 2, "percentile_from": 0})
    return shown.rename(columns=TREND_COLUMNS)


def history_rows_table(history: History) -> pd.DataFrame:
    """What an import of earlier years read: per period (year, or quarter), the cadres; and the rows read,
    accepted, rejected."""
    per_period = history.grades.groupby(["year", "quarter"]).size()
    rows = pd.DataFrame({ARCHIVE_COLUMNS["label"]: [Period(int(y), int(q)).label for y, q in per_period.index],
                         ARCHIVE_COLUMNS["n_cadres"]: per_period.to_numpy()})
    counts = ARCHIVE["import_counts"].format(**history.rows)
    return pd.concat([rows, pd.DataFrame({ARCHIVE_COLUMNS["label"]: [counts], ARCHIVE_COLUMNS["n_cadres"]: [None]})],
                     ignore_index=True)
