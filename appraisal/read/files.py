"""What a file is once read: :class:`InputFile` (name and bytes), :class:`Grid` (a sheet's cells as
the spreadsheet shows them) and :class:`Table` (a recognized sheet); the checks every format shares
(:func:`corrupt`, :func:`check_extent`)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from ..errors import AppraisalError
from ..texts import ERROR

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


def corrupt(f: InputFile) -> AppraisalError:
    return AppraisalError(ERROR["corrupt"].format(file=f.name, kind=_KINDS.get(f.suffix, "Excel")))


def check_extent(f: InputFile, sheet: str, rows: int, columns: int, limits: dict) -> None:
    if rows > limits.get("max_rows", _EXCEL_ROWS):
        raise AppraisalError(ERROR["too_many_rows"].format(file=f.name, sheet=sheet, rows=rows,
                                                           limit=limits.get("max_rows", _EXCEL_ROWS)))
    limit = limits.get("max_cells", 10_000_000)
    if rows * columns > limit:
        raise AppraisalError(ERROR["too_many_cells"].format(file=f.name, sheet=sheet, rows=rows, columns=columns,
                                                            limit=limit))
