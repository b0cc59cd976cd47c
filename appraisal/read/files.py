"""What a file is once read: :class:`InputFile` (name and bytes), :class:`Grid` (a sheet's cells as
the spreadsheet shows them) and :class:`Table` (a recognized sheet); the checks every format shares
(:func:`corrupt`, :func:`check_extent`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import AppraisalError
from ..texts import ERROR
from .fields import BY_NAME

__all__ = ["InputFile", "Grid", "Table", "column_letter", "corrupt", "check_extent", "ZIP_MAGIC", "OLE_MAGIC"]


ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_KINDS = {".xlsx": "Excel", ".xlsm": "Excel", ".xls": "Excel", ".ods": "ODS", ".csv": "CSV"}


@dataclass(frozen=True)
class InputFile:
    """One uploaded or named file: its name and its bytes (never written to disk)."""

    name: str
    data: bytes = field(repr=False)

    @classmethod
    def from_path(cls, path: str | Path) -> InputFile:
        """Read a file from disk."""
        p = Path(path)
        try:
            return cls(p.name, p.read_bytes())
        except OSError as exc:
            raise AppraisalError(ERROR["read_failed"].format(file=p.name, details=exc.strerror or exc)) from None

    @cached_property
    def sha256(self) -> str:
        """Hex SHA-256 of the bytes, recorded with every result."""
        return hashlib.sha256(self.data).hexdigest()

    @property
    def suffix(self) -> str:
        return Path(self.name).suffix.lower()


@dataclass
class Grid:
    """A sheet's cells as an object DataFrame; index i is spreadsheet row i + 1."""

    file: str
    sheet: str
    cells: pd.DataFrame
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    #: 0-based (row, column) of formula cells saved without a computed value (xlsx only)
    formulas: set[tuple[int, int]] = field(default_factory=set)
    #: warnings about the file or sheet (mixed encodings, uncached formulas)
    notes: list[str] = field(default_factory=list)


@dataclass
class Table:
    """A recognized sheet: its source, header position and data in field columns.

    ``data`` holds one column per recognized field (raw cell values) plus
    ``row``, the spreadsheet row number; fully blank rows are already gone.
    ``columns`` maps each field to the header text and column letter as the
    user sees them, for messages; ``unused`` lists, per field, the other
    columns with data that name it too (reported, not read); ``formulas``
    lists, per field, the spreadsheet rows whose cell is a formula saved
    without its value (read as blank, so validation rejects them by name);
    ``first`` names the column that holds the sheet's first column, a probe
    for total rows.
    """

    file: str
    sheet: str
    source: str | None
    header_row: int
    data: pd.DataFrame
    columns: dict[str, str]
    headers: list[str]
    n_blank: int = 0
    unused: dict[str, list[str]] = field(default_factory=dict)
    formulas: dict[str, list[int]] = field(default_factory=dict)
    #: the data column holding the sheet's first column (a field, or ``_first`` when no field is there)
    first: str = "_first"
    #: fields without a column whose value comes from the sheet's name (a tally sheet per voter group)
    from_sheet: dict[str, str] = field(default_factory=dict)
    #: a sheet reshaped from a wide layout (see :mod:`appraisal.read.shapes`): its shape ("wide_tally")
    shape: str = ""
    #: per field, each data row's column label, where a reshaped sheet's field comes from several columns
    column_at: dict[str, np.ndarray] = field(default_factory=dict)
    #: sentences saying how the sheet was understood (a reshaped layout, columns left out), for the report
    notes: list[str] = field(default_factory=list)
    #: fields of a wide sheet's row as a whole (a cadre's one 差错次数 over all tasks), on the row's first long row
    once: tuple[str, ...] = ()
    #: an unrecognized sheet's first filled cell (its title, if it has one)
    title: str = ""

    @property
    def by_name(self) -> bool:
        """No ID column but a name: the rows are linked to the roster by name, and unit where given."""
        return self.source in BY_NAME and "cadre_id" not in self.columns and "name" in self.columns


def column_letter(index: int) -> str:
    """Spreadsheet column letters of a 0-based index.

    >>> column_letter(0), column_letter(25), column_letter(27)
    ('A', 'Z', 'AB')
    """
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


_EXCEL_ROWS = 1_048_576
_EXCEL_COLUMNS = 16_384


def corrupt(f: InputFile) -> AppraisalError:
    return AppraisalError(ERROR["corrupt"].format(file=f.name, kind=_KINDS.get(f.suffix, "Excel")))


def check_extent(f: InputFile, sheet: str, rows: int, columns: int, limits: dict, delimited: bool = False) -> None:
    """Refuse a sheet beyond the row or cell limit: a workbook's (``max_rows``, ``max_cells``), or for
    delimited text its own (``max_csv_rows``, ``max_csv_cells``), which no spreadsheet program bounds."""
    if delimited:
        limit = limits.get("max_csv_columns", _EXCEL_COLUMNS)
        if columns > limit:
            raise AppraisalError(ERROR["too_many_columns_csv"].format(file=f.name, columns=columns, limit=limit))
    row_key, cell_key = ("max_csv_rows", "max_csv_cells") if delimited else ("max_rows", "max_cells")
    suffix = "_csv" if delimited else ""
    row_limit = limits.get(row_key, limits.get("max_rows", _EXCEL_ROWS))
    if rows > row_limit:
        raise AppraisalError(ERROR["too_many_rows" + suffix].format(file=f.name, sheet=sheet, rows=rows,
                                                                    limit=row_limit))
    limit = limits.get(cell_key, limits.get("max_cells", 10_000_000))
    if rows * columns > limit:
        raise AppraisalError(ERROR["too_many_cells" + suffix].format(file=f.name, sheet=sheet, rows=rows,
                                                                     columns=columns, limit=limit))
