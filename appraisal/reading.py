"""Reading what offices send: spreadsheets and CSV into recognized tables.

Three steps, each a function:

1. :func:`read_grids` turns one file's bytes into raw grids of cells, one per
   sheet, positioned exactly as the spreadsheet shows them (row 1 is the
   first row, title rows included).  Formats are told apart by their bytes,
   not their names; limits on size and unpacked size are checked first.
2. :func:`find_header` finds the header row among the first rows and joins
   a two-row header; merged cells are filled first, in the header and in
   the body alike (a unit merged down its cadres' rows).
3. :func:`recognize` names each sheet's source from its fields.

:func:`read_tables` runs all three over many files.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import python_calamine

from .errors import AppraisalError
from .fields import REQUIRED, detect_source, field_of, synonym_rank
from .mapping import ColumnMapping
from .texts import ERROR, FIELD_LABELS, SHEET_NAMES, SOURCE_LABELS, WARNING

__all__ = [
    "InputFile",
    "Grid",
    "Table",
    "read_grids",
    "find_header",
    "recognize",
    "read_tables",
    "column_letter",
    "missing_required",
]

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
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

    @property
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


@dataclass
class Table:
    """A recognized sheet: its source, header position and data in field columns.

    ``data`` holds one column per recognized field (raw cell values) plus
    ``row``, the spreadsheet row number; fully blank rows are already gone.
    ``columns`` maps each field to the header text and column letter as the
    user sees them, for messages; ``unused`` lists, per field, the other
    columns with data that name it too (reported, not read).
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


def _check_zip(f: InputFile, limits: dict) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(f.data)) as zf:
            unpacked = sum(i.file_size for i in zf.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise AppraisalError(ERROR["corrupt"].format(file=f.name, kind=_KINDS.get(f.suffix, "Excel"))) from None
    limit = limits["max_unpacked_mb"] * 2**20
    ratio = unpacked / max(len(f.data), 1)
    if unpacked > limit or (ratio > limits["max_ratio"] and unpacked > 50 * 2**20):
        raise AppraisalError(ERROR["bomb"].format(file=f.name, limit_mb=limits["max_unpacked_mb"]))


def _decode(f: InputFile) -> str:
    if f.data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):  # Excel's "Unicode 文本" export
        try:
            return f.data.decode("utf-16")
        except UnicodeDecodeError:
            raise AppraisalError(ERROR["encoding"].format(file=f.name)) from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return f.data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AppraisalError(ERROR["encoding"].format(file=f.name))


def _csv_grid(f: InputFile) -> Grid:
    text = _decode(f)
    if "\x00" in text[:4096]:
        raise AppraisalError(ERROR["unknown_format"].format(file=f.name))
    lines = text.splitlines()
    head = "\n".join(lines[:50])
    try:
        sep = csv.Sniffer().sniff(head, delimiters=",\t;|").delimiter
    except csv.Error:
        sep = ","
    width = 1 + max((line.count(sep) for line in lines), default=0)
    try:
        cells = pd.read_csv(
            io.StringIO(text), sep=sep, header=None, names=range(width), dtype=object,
            keep_default_na=False, na_values=[], skip_blank_lines=False, quotechar='"',
            engine="c",
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise AppraisalError(ERROR["read_failed"].format(file=f.name, details=exc)) from None
    return Grid(f.name, Path(f.name).stem, cells)


def _workbook_grids(f: InputFile) -> list[Grid]:
    kind = _KINDS.get(f.suffix, "Excel")
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(f.data))
    except python_calamine.PasswordError:
        raise AppraisalError(ERROR["password"].format(file=f.name)) from None
    except Exception:  # calamine raises several types for damaged files
        raise AppraisalError(ERROR["corrupt"].format(file=f.name, kind=kind)) from None
    grids = []
    try:
        for meta in book.sheets_metadata:
            if str(meta.typ) not in ("SheetTypeEnum.WorkSheet", "WorkSheet") and "WorkSheet" not in str(meta.typ):
                continue
            sheet = book.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            cells = pd.DataFrame(rows, dtype=object) if rows else pd.DataFrame(dtype=object)
            merged = [tuple(map(tuple, m)) for m in (sheet.merged_cell_ranges or [])]
            grids.append(Grid(f.name, meta.name, cells, merged))
    except python_calamine.PasswordError:
        raise AppraisalError(ERROR["password"].format(file=f.name)) from None
    except Exception:
        raise AppraisalError(ERROR["corrupt"].format(file=f.name, kind=kind)) from None
    return grids


def read_grids(f: InputFile, limits: dict) -> list[Grid]:
    """Every sheet of one file as a :class:`Grid`.

    ``limits`` is the scheme's ``reading`` section.  Raises AppraisalError
    with a Chinese message for an empty, oversized, corrupt, encrypted,
    unreadable or unknown file.
    """
    if not f.data.strip():
        raise AppraisalError(ERROR["empty_file"].format(file=f.name))
    size_mb = len(f.data) / 2**20
    if size_mb > limits["max_file_mb"]:
        raise AppraisalError(ERROR["too_large"].format(file=f.name, size_mb=size_mb, limit_mb=limits["max_file_mb"]))
    head = f.data[:8]
    if head.startswith(_ZIP):
        _check_zip(f, limits)
        return _workbook_grids(f)
    if head.startswith(_OLE):
        if "EncryptionInfo".encode("utf-16-le") in f.data:
            raise AppraisalError(ERROR["password"].format(file=f.name))
        return _workbook_grids(f)
    if f.suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        raise AppraisalError(ERROR["corrupt"].format(file=f.name, kind=_KINDS[f.suffix]))
    if f.suffix not in (".csv", ".txt", ".tsv", ""):
        raise AppraisalError(ERROR["unknown_format"].format(file=f.name))
    return [_csv_grid(f)]


def _is_blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    if isinstance(value, str):
        return not value.strip()
    return False


def _blank_rows(body: pd.DataFrame) -> pd.Series:
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
        if not empty.all():
            rest = col[~empty]
            empty[~empty] = rest.astype("str").str.strip().eq("").fillna(False).to_numpy(dtype=bool)
        blank[blank] = empty.to_numpy(dtype=bool)
    return blank


def _fill_merged(cells: pd.DataFrame, merged: list) -> pd.DataFrame:
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
    row below wins over a group label above it.
    """
    cells = grid.cells
    if cells.empty:
        return None
    top = _fill_merged(cells.iloc[:scan_rows + 1], grid.merged)

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
    texts = ["" if _is_blank(v) else str(v).strip() for v in top.iloc[best]]
    start, first_data = best, best + 1
    for other in (best - 1, best + 1):
        if not 0 <= other < len(top):
            continue
        near = fields_of(other)
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


def _first_filled_row(grid: Grid, scan_rows: int) -> list[str]:
    """The first row with two or more filled cells: the likely header of an unknown sheet."""
    for _, row in grid.cells.iloc[:scan_rows].iterrows():
        cells = [str(v).strip() for v in row if not _is_blank(v)]
        if len(cells) >= 2:
            return cells
    return []


def recognize(grid: Grid, mapping: ColumnMapping | None, scan_rows: int) -> Table:
    """Find the header and name the source of one grid (source None if unknown)."""
    extra = mapping.header_fields() if mapping else None
    # A merged cell belongs to every cell it covers: a unit merged down its cadres' rows fills them all.
    grid = Grid(grid.file, grid.sheet, _fill_merged(grid.cells, grid.merged), [])
    found = find_header(grid, scan_rows, extra)
    if found is None:
        headers = _first_filled_row(grid, scan_rows)
        empty = pd.DataFrame({"row": pd.Series(dtype="int64")})
        return Table(grid.file, grid.sheet, None, 0, empty, {}, headers)
    header_row, first_data, fields, texts = found
    # Several columns naming one field (职务 and 岗位; a second 优秀 block): the plainest header wins, then the first.
    candidates: dict[str, list[int]] = {}
    for i, f in enumerate(fields):
        if f:
            candidates.setdefault(f, []).append(i)
    best = {f: min(cols, key=lambda i, f=f: (synonym_rank(texts[i], f, extra), i)) for f, cols in candidates.items()}
    chosen = dict(sorted(best.items(), key=lambda item: item[1]))
    source = (mapping.source_of(grid.file, grid.sheet) if mapping else None) or detect_source(set(chosen))
    body = grid.cells.iloc[first_data:]
    blank = _blank_rows(body)
    kept = body[~blank]
    data = pd.DataFrame({f: kept.iloc[:, i] for f, i in chosen.items()}, index=kept.index)
    # Rows with content only outside the recognized columns still count: keep a probe of the first cell.
    data["_first"] = kept.iloc[:, 0] if not kept.empty else pd.Series(dtype=object)
    data["row"] = (kept.index + 1).astype("int64")
    data = data.reset_index(drop=True)
    columns = {f: f"{texts[i]}（{column_letter(i)}列）" for f, i in chosen.items()}
    unused = {f: [f"{texts[i]}（{column_letter(i)}列）" for i in cols if i != chosen[f]
                  and not _blank_rows(kept.iloc[:, [i]]).all()] for f, cols in candidates.items()}
    return Table(grid.file, grid.sheet, source, header_row + 1, data, columns, [t for t in texts if t],
                 n_blank=int(blank.sum()), unused={f: u for f, u in unused.items() if u})


def read_tables(files: list[InputFile], limits: dict, mapping: ColumnMapping | None = None,
                check: bool = True) -> tuple[list[Table], list[str]]:
    """Read and recognize every sheet of every file.

    Returns the tables (recognized or not, so the caller can offer a
    mapping step) and warnings about ignored sheets.  Raises AppraisalError
    if a file cannot be read or, with ``check``, a recognized sheet lacks a
    required column.
    """
    tables: list[Table] = []
    warnings: list[str] = []
    for f in files:
        for grid in read_grids(f, limits):
            table = recognize(grid, mapping, int(limits["header_scan_rows"]))
            tables.append(table)
            if table.source is None:
                why = (WARNING["sheet_unrecognized"].format(headers="、".join(table.headers[:12]))
                       if table.headers else WARNING["sheet_empty"])
                if not grid.cells.empty and grid.sheet != SHEET_NAMES["notes"]:  # the template's own notes
                    warnings.append(WARNING["sheet_ignored"].format(file=f.name, sheet=grid.sheet, why=why))
            else:
                for name, cols in table.unused.items():
                    warnings.append(WARNING["duplicate_column"].format(
                        file=f.name, sheet=grid.sheet, field=FIELD_LABELS[name], used=table.columns[name],
                        unused="、".join(cols)))
                if check:
                    check_required(table)
    return tables, warnings


def missing_required(table: Table) -> list[str]:
    """Chinese names of the required columns a recognized table lacks."""
    missing = [FIELD_LABELS[req] for req in REQUIRED.get(table.source or "", ()) if req not in table.columns]
    if table.source == "democratic" and not ({"ballot", "excellent", "competent", "basic", "unfit"} & set(table.columns)):
        missing.append(ERROR["missing_votes"])
    return missing


def check_required(table: Table) -> None:
    """Raise AppraisalError naming the first required column a recognized table lacks."""
    missing = missing_required(table)
    if missing:
        raise AppraisalError(ERROR["missing_column"].format(
            file=table.file, sheet=table.sheet, source=SOURCE_LABELS[table.source],
            column=missing[0], row=table.header_row))
