"""Workbooks: xlsx and ods (zip) and legacy xls (OLE), checked before they are loaded.

A zip's directory and every member are checked (:func:`check_zip`): sizes,
compression ratio, a member that unpacks to more than it declares.  Each
xlsx sheet's XML is scanned (:func:`scan_xlsx`) for its extent, formulas
without a cached value and error cells before the grid is allocated; a
legacy .xls is scanned by xlrd for error cells (:func:`scan_xls`).  Then
python-calamine loads the sheets (:func:`load_sheets`).
"""

from __future__ import annotations

import html
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

import pandas as pd
import python_calamine

from ..errors import AppraisalError
from ..texts import ERROR, WARNING
from .files import Grid, InputFile, check_extent, corrupt

__all__ = ["check_zip", "scan_xlsx", "scan_xls", "load_sheets"]


_CHUNK = 8 * 2**20
_PIECE_MAX = 64 * 2**20


# Cells of a worksheet's XML (ECMA-376 Part 1, §18.3.1.4): a content cell is a <c> that is not self-closing.
_REF = re.compile(rb'<c r="([A-Z]{1,7})')
_REF_ROW = re.compile(rb'<c r="[A-Z]{1,7}(\d{1,12})"[^>]*(?<!/)>')
# the same when some cell puts another attribute before r, or has no r (slower; used only then)
_REF_ANY = re.compile(rb'<c\b[^>]*?\sr="([A-Z]{1,7})')
_REF_ROW_ANY = re.compile(rb'<c\b[^>]*?\sr="[A-Z]{1,7}(\d{1,12})"[^>]*(?<!/)>')
_ATTR_BEFORE_R = re.compile(rb'<c (?!r=")')  # a cell whose first attribute is not r
_NO_REF = re.compile(rb'<c(?=[\s>])(?![^>]*\sr=")[^>]*(?<!/)>')
_ROW_TAG = re.compile(rb'<row[\s>]')
_FORMULA_ONLY = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,9})"[^>]*>(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)(?:<v\s*/>|<v>\s*</v>)?</c>')
_ERROR_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,9})"[^>]*\st="e"[^>]*>(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)?<v>([^<]{1,20})</v></c>')
_SHEET_TAG = re.compile(rb'<sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"')
_REL_TAG = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"|<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"')


def check_zip(f: InputFile, limits: dict) -> zipfile.ZipFile:
    """The open archive, once its declared sizes pass the limits; corrupt or bomb otherwise."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(f.data))
        unpacked = sum(i.file_size for i in zf.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, struct.error):
        raise corrupt(f) from None
    limit = limits["max_unpacked_mb"] * 2**20
    ratio = unpacked / max(len(f.data), 1)
    if unpacked > limit or (ratio > limits["max_ratio"] and unpacked > 50 * 2**20):
        raise AppraisalError(ERROR["bomb"].format(file=f.name, limit_mb=limits["max_unpacked_mb"]))
    return zf


def _inflate(f: InputFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A member's bytes in chunks, never more than its declared size (a lying size is a corrupt file).

    The raw stream is inflated here rather than through :mod:`zipfile`, which
    stops at the declared size without checking that the stream ends there
    (a reader that trusts the stream would unpack more than was checked).
    """
    offset = info.header_offset
    header = f.data[offset:offset + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise corrupt(f)
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    start = offset + 30 + name_len + extra_len
    raw = memoryview(f.data)[start:start + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        if len(raw) != info.file_size:
            raise corrupt(f)
        for i in range(0, len(raw), _CHUNK):
            yield bytes(raw[i:i + _CHUNK])
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise corrupt(f)
    inflater = zlib.decompressobj(-15)
    produced, pos = 0, 0
    try:
        while not inflater.eof:
            if inflater.unconsumed_tail:
                out = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
            elif pos < len(raw):
                out = inflater.decompress(raw[pos:pos + _CHUNK], _CHUNK)
                pos += _CHUNK
            else:
                break
            produced += len(out)
            if produced > info.file_size:
                raise corrupt(f)
            if out:
                yield out
    except zlib.error:
        raise corrupt(f) from None
    if not inflater.eof or produced != info.file_size:
        raise corrupt(f)


def _pieces(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Chunks re-cut at row ends, so no cell is split between two pieces."""
    carry = b""
    for chunk in chunks:
        carry += chunk
        cut = carry.rfind(b"</row>")
        if cut < 0:
            if len(carry) < _PIECE_MAX:
                continue
            cut = len(carry) - 6
        yield carry[:cut + 6]
        carry = carry[cut + 6:]
    if carry:
        yield carry


def _column_index(letters: bytes) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ch - 64
    return index - 1


@dataclass
class _SheetScan:
    """What the XML of one worksheet holds, found before the sheet is loaded."""

    rows: int = 0
    columns: int = 0
    formulas: set[tuple[int, int]] = field(default_factory=set)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)


def _scan_sheet(f: InputFile, info: zipfile.ZipInfo) -> _SheetScan:
    """The extent of a worksheet's content cells, its uncached formulas and its error cells.

    The extent bounds the dense grid the spreadsheet reader will allocate
    (``rows × columns``): a tiny file with one cell at XFD1048576 would ask
    for hundreds of gigabytes.  Cells without an ``r`` reference are placed
    one after another, so they are bounded by their count per row.  About
    1.5 s for the 150 MB of XML of a million-row sheet.
    """
    scan = _SheetScan()
    max_row, max_col, unreferenced_rows, unreferenced_cols = 0, 0, 0, 0
    for piece in _pieces(_inflate(f, info)):
        plain = b"<c>" not in piece and _ATTR_BEFORE_R.search(piece) is None
        letters = set((_REF if plain else _REF_ANY).findall(piece))
        if letters:
            max_col = max(max_col, 1 + _column_index(max(letters, key=lambda x: (len(x), x))))
        rows = (_REF_ROW if plain else _REF_ROW_ANY).findall(piece)
        if rows:
            max_row = max(max_row, max(map(int, rows)))
        if not plain and _NO_REF.search(piece):
            unreferenced_rows += len(_ROW_TAG.findall(piece))
            per_row = pd.Series(piece.split(b"</row>"), dtype=object).str.decode("latin-1")
            unreferenced_cols = max(unreferenced_cols, int(per_row.str.count(_NO_REF.pattern.decode("latin-1")).max()))
        if b"<f" in piece:
            scan.formulas.update((int(r) - 1, _column_index(c)) for c, r in _FORMULA_ONLY.findall(piece))
        if b't="e"' in piece:
            scan.errors.update(((int(r) - 1, _column_index(c)), html.unescape(v.decode("utf-8", "replace")))
                               for c, r, v in _ERROR_CELL.findall(piece))
    scan.rows = max_row + unreferenced_rows
    scan.columns = max_col + unreferenced_cols
    return scan


def _xlsx_sheet_parts(zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Sheet name → the archive member holding its XML (from the workbook and its relationships)."""
    try:
        book = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except (KeyError, zipfile.BadZipFile, zlib.error, OSError, EOFError):
        return {}
    targets = {}
    for a, b, c, d in _REL_TAG.findall(rels):
        rid, target = (a, b) if a else (d, c)
        target = target.decode("utf-8", "replace")
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[rid] = re.sub(r"[^/]+/\.\./", "", path)
    members = {i.filename: i for i in zf.infolist()}
    out = {}
    for name, rid in _SHEET_TAG.findall(book):
        member = members.get(targets.get(rid, ""))
        if member is not None:
            out[html.unescape(name.decode("utf-8", "replace"))] = member
    return out


def scan_xlsx(f: InputFile, zf: zipfile.ZipFile, limits: dict) -> dict[str, _SheetScan]:
    """Every worksheet of an xlsx scanned and checked against the limits before any is loaded."""
    scans = {}
    parts = _xlsx_sheet_parts(zf)
    named = {info.filename for info in parts.values()}
    # a worksheet the relationships do not name is scanned too: the reader may still find it
    others = {i.filename: i for i in zf.infolist() if i.filename.startswith("xl/worksheets/")
              and i.filename.endswith(".xml") and i.filename not in named}
    for sheet, member in {**parts, **others}.items():
        scan = _scan_sheet(f, member)
        check_extent(f, sheet, scan.rows, scan.columns, limits)
        scans[sheet] = scan
    # every other part (shared strings above all) must unpack to no more than it declares
    scanned = {m.filename for m in (*parts.values(), *others.values())}
    for info in zf.infolist():
        if info.filename not in scanned and not info.is_dir():
            for _ in _inflate(f, info):
                pass
    return scans


def scan_xls(f: InputFile) -> dict[str, _SheetScan]:
    """The error cells of a legacy .xls, by sheet: the spreadsheet reader (calamine) shows them as blank.

    A blank 难度系数 or 差错次数 would take its default silently, so each
    error cell (#DIV/0!, #N/A, ... as a literal value or a formula's result)
    is found with xlrd, which knows every cell's type, and rejected by name
    like an xlsx one.  A file xlrd cannot open is left to calamine to read
    or to call corrupt.
    """
    import xlrd  # only for legacy .xls (13 ms to import)

    try:
        book = xlrd.open_workbook(file_contents=f.data, on_demand=True, ragged_rows=True, logfile=io.StringIO())
    except Exception:  # xlrd raises many types for files it does not understand
        return {}
    scans: dict[str, _SheetScan] = {}
    with book:
        for name in book.sheet_names():
            sheet = book.sheet_by_name(name)
            errors = {(r, c): xlrd.error_text_from_code.get(sheet.cell_value(r, c), "#VALUE!")
                      for r in range(sheet.nrows) if xlrd.XL_CELL_ERROR in (types := sheet.row_types(r))
                      for c, t in enumerate(types) if t == xlrd.XL_CELL_ERROR}
            if errors:
                scans[name] = _SheetScan(errors=errors)
            book.unload_sheet(name)
    return scans


def load_sheets(f: InputFile, limits: dict, scans: dict[str, _SheetScan]) -> list[Grid]:
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(f.data))
    except python_calamine.PasswordError:
        raise AppraisalError(ERROR["password"].format(file=f.name)) from None
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException:  # calamine raises several types for damaged files, a Rust panic among them
        raise corrupt(f) from None
    grids = []
    try:
        for meta in book.sheets_metadata:
            if str(meta.typ) not in ("SheetTypeEnum.WorkSheet", "WorkSheet") and "WorkSheet" not in str(meta.typ):
                continue
            sheet = book.get_sheet_by_name(meta.name)
            # the grid starts at A1: its extent is where the last cell ends
            end = sheet.end or (0, 0)
            rows, columns = (end[0] + 1, end[1] + 1) if sheet.height else (0, 0)
            check_extent(f, meta.name, rows, columns, limits)
            data = sheet.to_python(skip_empty_area=False)
            cells = pd.DataFrame(data, dtype=object) if data else pd.DataFrame(dtype=object)
            merged = [tuple(map(tuple, m)) for m in (sheet.merged_cell_ranges or [])]
            scan = scans.get(meta.name, _SheetScan())
            for (r, c), value in scan.errors.items():  # the reader shows an error cell as blank
                if r < cells.shape[0] and c < cells.shape[1]:
                    cells.iat[r, c] = value
            notes = [WARNING["formula_no_value"].format(file=f.name, sheet=meta.name)] if scan.formulas else []
            grids.append(Grid(f.name, meta.name, cells, merged, formulas=scan.formulas, notes=notes))
    except AppraisalError:
        raise
    except python_calamine.PasswordError:
        raise AppraisalError(ERROR["password"].format(file=f.name)) from None
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException:
        raise corrupt(f) from None
    return grids
