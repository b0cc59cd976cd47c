"""Finding the header of a grid: title rows above it, a two-row header, merged cells, blank rows.

:func:`find_header` looks in the first rows for the one whose cells name the
most known fields (joining a two-row header); :func:`fill_merged` fills a
merged range with its value, in the header and the body alike.
"""

from __future__ import annotations

import pandas as pd

from .fields import field_of
from .files import Grid

__all__ = ["find_header", "fill_merged", "blank_rows", "first_filled_row", "row_texts"]


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    if isinstance(value, str):
        return not value.strip()
    return False


def row_texts(cells: pd.DataFrame, r: int) -> list[str]:
    """One row's cells as stripped text, '' where blank: a candidate header row."""
    return ["" if _is_blank(v) else str(v).strip() for v in cells.iloc[r]]


def blank_rows(body: pd.DataFrame) -> pd.Series:
    """True for rows whose every cell is None, NaN, empty or spaces.

    Column by column, looking only at rows still blank so far: after the
    first column, few rows are left to check.
    """
    blank = pd.Series(True, index=body.index, dtype=bool)
    for c in range(body.shape[1]):
        col = body.iloc[:, c][blank]
        if col.empty:
            break
        empty = col.isna() | col.eq("")
        if isinstance(col.dtype, pd.StringDtype):  # text: blank when every character is a space
            empty |= col.str.isspace().fillna(False)
        elif not empty.all():
            rest = col[~empty]
            empty[~empty] = rest.astype("str").str.strip().eq("").fillna(False).to_numpy(dtype=bool)
        blank[blank] = empty.to_numpy(dtype=bool)
    return blank


def fill_merged(cells: pd.DataFrame, merged: list) -> pd.DataFrame:
    """Copy each merged range's top-left value into the range's other cells (on a copy)."""
    if not merged:
        return cells
    cells = cells.copy()
    n_rows, n_cols = cells.shape
    for (r0, c0), (r1, c1) in merged:
        if r0 >= n_rows or c0 >= n_cols:
            continue
        value = cells.iat[r0, c0]
        cells.iloc[r0:min(r1, n_rows - 1) + 1, c0:min(c1, n_cols - 1) + 1] = value
    return cells


def find_header(grid: Grid, scan_rows: int, extra: dict[str, str] | None = None) -> tuple[int, int, list[str | None], list[str]] | None:
    """Locate the header: (first header row, first data row, field per column, header texts).

    Rows are 0-based here.  The header is the row among the first
    ``scan_rows`` naming the most known fields (at least two).  A two-row
    header under merged cells is joined: the row above or below joins when
    it names further fields in columns the header row left blank or
    unknown, the row above also when a merged cell spans both; a joining
    row below wins over a group label above it.  A row below that holds a
    value under a column the header names is data, not header, even when
    another of its cells is a word like 优秀.
    """
    cells = grid.cells
    if cells.empty:
        return None
    top = fill_merged(cells.iloc[:scan_rows + 1], grid.merged)

    def fields_of(r: int) -> list[str | None]:
        return [field_of(v, extra) if not _is_blank(v) else None for v in top.iloc[r]]

    best, best_count, best_fields = -1, 1, []
    for r in range(min(scan_rows, len(top))):
        fields = fields_of(r)
        count = len({f for f in fields if f})
        if count > best_count:
            best, best_count, best_fields = r, count, fields
    if best < 0:
        return None
    texts = row_texts(top, best)
    start, first_data = best, best + 1
    for other in (best - 1, best + 1):
        if not 0 <= other < len(top):
            continue
        near = fields_of(other)
        if other > best and any(b and not _is_blank(top.iat[other, i]) and near[i] is None
                                for i, b in enumerate(best_fields)):
            continue  # a value under a named column (1001 under 编号): a data row, whatever else it holds
        new = {f for f in near if f} - set(best_fields)
        added = [i for i, f in enumerate(near) if f in new and not best_fields[i]]
        if added and other > best:  # the lower row is the specific half: "目标值" under a "任务" label wins
            added = [i for i, f in enumerate(near) if f and f != best_fields[i]]
        spanned = any(f and f == b for f, b in zip(near, best_fields)) and other < best
        for i in added:
            best_fields[i] = near[i]
            texts[i] = str(top.iat[other, i]).strip()
        if added or spanned:
            start, first_data = min(start, other), max(first_data, other + 1)
    return start, first_data, best_fields, texts


def first_text(grid: Grid, scan_rows: int) -> str:
    """The first filled cell of a sheet's first rows, as text: an unknown sheet's title ("青山县2025年度干部考核结果")."""
    for _, row in grid.cells.iloc[:scan_rows].iterrows():
        for v in row:
            if not _is_blank(v):
                return str(v).strip()
    return ""


def first_filled_row(grid: Grid, scan_rows: int) -> list[str]:
    """The first row with two or more filled cells: the likely header of an unknown sheet."""
    for _, row in grid.cells.iloc[:scan_rows].iterrows():
        cells = [str(v).strip() for v in row if not _is_blank(v)]
        if len(cells) >= 2:
            return cells
    return []
