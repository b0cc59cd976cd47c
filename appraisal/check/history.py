"""历年考核结果: earlier years' grades, read and checked like the other sources, for the archive.

A department keeps its earlier years in spreadsheets (编号, 姓名, 年度, 等次, perhaps 单位, 岗位, 得分),
or has our own ranked workbooks of those years.  :func:`read_history` reads either: every row is used
or listed as rejected with its reason (a blank ID, a grade not on the scheme's list, a year that is
none, the same cadre twice in one period).  A 季度 column makes a row a quarter of 平时考核 (its grade one
of ``quarterly.grades``); a 单位内名次 column is kept as the rank.  Our ranked workbook is known by its 考核方案与来源 sheet: only
its 排名 sheet is read (the unit sheets repeat it), and its year comes from that sheet's title.
No roster is needed: these rows are the record of their year as it stood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import AppraisalError
from ..read import ColumnMapping, InputFile, Table, missing_required, read_tables
from ..scheme import Scheme
from ..texts import ERROR, REASON, SHEET_NAMES, WARNING
from .normalize import drop_spaces
from .validation import REJECTED_COLUMNS, _Checks, _concat_rejected, _max_chars

__all__ = ["History", "read_history", "check_history", "HISTORY_COLUMNS"]

#: The columns of :attr:`History.grades`.
HISTORY_COLUMNS = ["cadre_id", "name", "unit", "post", "year", "quarter", "grade", "score", "rank_in_unit"]
_TITLE_YEAR = re.compile(r"(\d{4})\s*年度")
# A 季度 cell: 1–4, 第一季度, 一季度, Q1, 2025年第一季度, 2025Q1; blank, 0, 年度 or 全年 is the annual appraisal.
_QUARTER = re.compile(r"^(?:(?P<year>\d{4})\s*年?)?\s*(?:第?(?P<q>[一二三四1-4])(?:季度|季)?|[Qq](?P<qq>[1-4]))$")
_ANNUAL = re.compile(r"^(?:(?P<year>\d{4})\s*)?(?:0|年度|全年|年度考核|)$")
_QUARTER_WORDS = "一二三四"
_YEARS = (1949, 2200)


@dataclass
class History:
    """Earlier years' grades as read: the rows used, those rejected and why, and the accounting."""

    #: one row per cadre and period: cadre_id, name, unit, post, year (int), quarter (0 for the annual appraisal,
    #: 1–4 a quarter of 平时考核), grade, score and rank_in_unit (NaN where none)
    grades: pd.DataFrame
    #: source, file, sheet, row, column, reason
    rejected: pd.DataFrame
    #: read, accepted, rejected
    rows: dict[str, int]
    #: the sheets read as 历年考核结果: file, sheet, header_row, rows, year_from (the year a sheet took from
    #: outside its rows, 0 if its rows carry their own)
    sheets: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    #: the files' names and SHA-256
    inputs: list[dict[str, str]] = field(default_factory=list)


def parse_quarter(text: str) -> tuple[int | None, int | None]:
    """A 季度 cell as (year or None, quarter: 0 for the annual appraisal, 1–4, or None if it is none).

    >>> [parse_quarter(t) for t in ["第一季度", "2", "2025年第三季度", "Q4", "", "年度", "第五季度"]]
    [(None, 1), (None, 2), (2025, 3), (None, 4), (None, 0), (None, 0), (None, None)]
    """
    text = re.sub(r"\s+", "", text)
    if (m := _ANNUAL.match(text)) is not None:
        return (int(m["year"]) if m["year"] else None), 0
    if (m := _QUARTER.match(text)) is None:
        return None, None
    q = m["q"] or m["qq"]
    return (int(m["year"]) if m["year"] else None), (_QUARTER_WORDS.index(q) + 1 if q in _QUARTER_WORDS else int(q))


def check_history(table: Table, scheme: Scheme, year: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """One 历年考核结果 table checked: (its rows, with file/sheet/row; its rejected rows; rows read).

    ``year``: the year of rows without a 年度 column (the sheet's own, or the one the user gave).
    """
    checks = _Checks(table, "history")
    key = checks.common(_max_chars(scheme))
    allowed = [str(g) for g in scheme.section("history")["grades"]]
    in_quarter = [str(g) for g in scheme.section("quarterly")["grades"]]
    quarter_year = pd.Series([np.nan], dtype="float64")
    if "quarter" in table.data:
        parsed = [parse_quarter(t) for t in checks.text("quarter")]
        quarter = pd.Series([np.nan if q is None else float(q) for _, q in parsed], dtype="float64")
        quarter_year = pd.Series([np.nan if y is None else float(y) for y, _ in parsed], dtype="float64")
        checks.reject_values("quarter", quarter.isna(), REASON["quarter_bad"], checks.text("quarter"),
                             column=checks.header_text("quarter"))
    else:
        quarter = pd.Series([0.0], dtype="float64")
    quarter_row = checks.distinct("quarter").spread(quarter.fillna(0).to_numpy())
    grade = drop_spaces(checks.text("grade"))
    checks.reject_values("grade", grade == "", REASON["missing_value"], column=checks.header_text("grade"))
    grade_row = checks.distinct("grade").spread(grade.to_numpy(dtype="str"))
    for rows, grades in ((quarter_row == 0, allowed), (quarter_row > 0, in_quarter)):
        bad = rows & (grade_row != "") & ~np.isin(grade_row, grades) & checks.ok
        checks._reject_rows(bad, "grade", REASON["grade_unknown"], grade, {"column": checks.header_text("grade"),
                                                                             "grades": "、".join(grades)})
    if "year" in table.data:
        years = checks.number("year", blank=None, units=("年度", "年"))
        bad = years.notna() & ((years != years.round()) | ~years.between(*_YEARS))
        checks.reject_values("year", bad, REASON["year_bad"], checks.text("year"), column=checks.header_text("year"))
        year_field = "year"
    elif quarter_year.notna().any():  # 2025年第一季度 in the 季度 column: its year, else the one given
        years = quarter_year.fillna(np.nan if year is None else float(year))
        checks.reject_values("quarter", years.isna(), REASON["year_missing"])
        year_field = "quarter"
    else:
        years = pd.Series([np.nan if year is None else float(year)], dtype="float64")
        if year is None:
            checks.reject(np.ones(checks.n, dtype=bool), None, REASON["year_missing"])
        year_field = "year"
    score = checks.number("score", blank=np.nan)
    rank = checks.number("rank_in_unit", blank=np.nan, positive=True, units=("名",))
    checks.reject_values("rank_in_unit", rank.notna() & (rank != rank.round()), REASON["rank_bad"],
                         checks.text("rank_in_unit"), column=checks.header_text("rank_in_unit"))
    keep = checks.kept()
    frame = pd.DataFrame({
        "cadre_id": checks.at("cadre_id", checks.text("cadre_id"), keep),
        "name": checks.at("name", checks.text("name"), keep),
        "unit": checks.at("unit", checks.text("unit"), keep),
        "post": checks.at("post", checks.text("post"), keep),
        "year": checks.at(year_field, years, keep).astype("int64") if len(keep) else pd.Series(dtype="int64"),
        "quarter": checks.at("quarter", quarter, keep).astype("int64") if len(keep) else pd.Series(dtype="int64"),
        "grade": checks.at("grade", grade, keep),
        "score": checks.at("score", score, keep).astype("float64"),
        "rank_in_unit": checks.at("rank_in_unit", rank, keep).astype("float64"),
        "key": checks.at("cadre_id", key, keep),
        "file": table.file, "sheet": table.sheet, "row": checks.row[keep],
    })
    return frame, checks.rejected(), len(table.data)


def _period_words(year: int, quarter: int) -> str:
    """2024年度, or 2024年第一季度: a period as a reason names it."""
    if quarter:
        return REASON["quarter_period"].format(year=year, quarter=_QUARTER_WORDS[quarter - 1])
    return REASON["year_period"].format(year=year)


def _own_workbooks(tables: list[Table]) -> dict[str, int | None]:
    """Files that are our ranked workbook (they have the 考核方案与来源 sheet): file → the year in its title."""
    found: dict[str, int | None] = {}
    for t in tables:
        if t.sheet == SHEET_NAMES["scheme"]:
            match = _TITLE_YEAR.search(t.title)
            found[t.file] = int(match.group(1)) if match else None
    return found


def read_history(files: list[InputFile], scheme: Scheme | None = None, mapping: ColumnMapping | None = None,
                 year: int | None = None) -> History:
    """Read earlier years' grades from ``files`` (see the module docstring).

    ``year``: for sheets without a 年度 column (a workbook of one year); our ranked workbook's own year
    wins.  Raises AppraisalError (Chinese) when no sheet of 历年考核结果 is found.
    """
    scheme = scheme or Scheme.default()
    tables, warnings = read_tables(files, scheme.section("reading"), mapping, check=False)
    own = _own_workbooks(tables)
    # Our workbook's other sheets (方法说明, 倒挂分析 …) are ours, not the user's to worry about: one note says so.
    warnings = [w for w in warnings if not any(w.startswith(f"{f}“") for f in own)]
    used, sheets = [], []
    for t in tables:
        if t.source != "history":
            continue
        if t.file in own and t.sheet != SHEET_NAMES["ranked"]:
            continue  # a unit sheet of our ranked workbook: the 排名 sheet has its rows already
        if missing_required(t):
            warnings.append(WARNING["history_missing"].format(file=t.file, sheet=t.sheet,
                                                              columns="、".join(missing_required(t))))
            continue
        sheet_year = own.get(t.file) or year if "year" not in t.columns else None
        used.append((t, sheet_year))
        sheets.append({"file": t.file, "sheet": t.sheet, "header_row": t.header_row, "rows": len(t.data),
                       "year_from": sheet_year or 0})
    for f, y in own.items():
        warnings.append(WARNING["history_own_workbook"].format(file=f, sheet=SHEET_NAMES["ranked"],
                                                               year=y or (year or "?")))
    if not used:
        raise AppraisalError(ERROR["no_history"].format(files="、".join(f.name for f in files)))
    parts = [check_history(t, scheme, y) for t, y in used]
    grades = pd.concat([p for p, _, _ in parts], ignore_index=True)
    rejected = [r for _, r, _ in parts]
    dup = grades.duplicated(["key", "year", "quarter"], keep="first")
    if dup.any():
        first = grades.drop_duplicates(["key", "year", "quarter"]).set_index(["key", "year", "quarter"])
        dups = grades[dup]
        earlier = first.loc[list(zip(dups["key"], dups["year"], dups["quarter"]))]
        rejected.append(pd.DataFrame({
            "source": "history", "file": dups["file"].to_numpy(), "sheet": dups["sheet"].to_numpy(),
            "row": dups["row"].to_numpy(), "column": "",
            "reason": [REASON["duplicate_year"].format(value=v, period=_period_words(y, q),
                                                       where=REASON["where"].format(file=f, sheet=s, row=r))
                       for v, y, q, f, s, r in zip(dups["cadre_id"], dups["year"], dups["quarter"], earlier["file"],
                                                   earlier["sheet"], earlier["row"])],
        }))
        grades = grades[~dup]
    rejected_frame = _concat_rejected(rejected)[REJECTED_COLUMNS]
    read = sum(n for _, _, n in parts)
    grades = grades.sort_values(["year", "quarter", "cadre_id"], kind="stable", ignore_index=True)[HISTORY_COLUMNS]
    return History(grades=grades, rejected=rejected_frame,
                   rows={"read": read, "accepted": len(grades), "rejected": len(rejected_frame)},
                   sheets=pd.DataFrame(sheets, columns=["file", "sheet", "header_row", "rows", "year_from"]),
                   warnings=warnings, inputs=[{"file": f.name, "sha256": f.sha256} for f in files])
