"""What the archive adds to the year being appraised, before anything is saved: its 考核结果运用 lists (the
archive's earlier years with this result as the year) and its cadres' quarters beside the result."""

from __future__ import annotations

import pandas as pd

from ..scheme import Scheme
from ..texts import SHEET_NAMES
from .consequences import consequence_lists, consequence_table, with_this_year
from .quarters import quarter_check, quarter_table

__all__ = ["this_year", "this_year_sheets"]


def this_year(grades: pd.DataFrame, quarters: pd.DataFrame, cadres: pd.DataFrame, year: int,
              scheme: Scheme | None = None) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """(the 考核结果运用 lists of ``year`` with ``cadres`` as its grades, each cadre's quarters of ``year`` with the
    优秀 rule — None when the archive holds no quarter of that year).

    ``grades``: the archive's annual grades (:func:`~appraisal.archive.annual_grades`, or the yearly results);
    ``quarters``: :func:`~appraisal.archive.quarterly_grades`; ``cadres``: the unsaved result's cadre table.
    """
    lists = consequence_lists(with_this_year(grades, cadres, year), year, scheme)
    held = (quarters["year"] == year).any()
    return lists, (quarter_check(cadres, quarters, year, scheme) if held else None)


def this_year_sheets(lists: pd.DataFrame, checked: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    """The extra sheets of the year's ranked workbook: 考核结果运用, and 平时考核 when there are quarters."""
    sheets = {SHEET_NAMES["consequences"]: consequence_table(lists)}
    if checked is not None:
        sheets[SHEET_NAMES["quarters"]] = quarter_table(checked)
    return sheets
