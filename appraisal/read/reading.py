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
import html
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import python_calamine

from ..errors import AppraisalError
from .fields import REQUIRED, detect_source, field_of, synonym_rank
from .mapping import ColumnMapping
from ..texts import ERROR, FIELD_LABELS, SHEET_NAMES, SOURCE_LABELS, WARNING
from ..threads import BYTES_PER_ROW, workers

__all__ = [
    "InputFile",
    "Grid",
    "Table",
    "read_grids",
    "find_header",
    "recognize",
    "read_tables",
    "read_prepared",
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


_CHUNK = 8 * 2**20
_PIECE_MAX = 64 * 2**20
_EXCEL_ROWS = 1_048_576
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


def _corrupt(f: InputFile) -> AppraisalError:
    return AppraisalError(ERROR["corrupt"].format(file=f.name, kind=_KINDS.get(f.suffix, "Excel")))


def _check_zip(f: InputFile, limits: dict) -> zipfile.ZipFile:
    """The open archive, once its declared sizes pass the limits; corrupt or bomb otherwise."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(f.data))
        unpacked = sum(i.file_size for i in zf.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, struct.error):
        raise _corrupt(f) from None
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
        raise _corrupt(f)
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    start = offset + 30 + name_len + extra_len
    raw = memoryview(f.data)[start:start + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        if len(raw) != info.file_size:
            raise _corrupt(f)
        for i in range(0, len(raw), _CHUNK):
            yield bytes(raw[i:i + _CHUNK])
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise _corrupt(f)
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
                raise _corrupt(f)
            if out:
                yield out
    except zlib.error:
        raise _corrupt(f) from None
    if not inflater.eof or produced != info.file_size:
        raise _corrupt(f)


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


def _check_extent(f: InputFile, sheet: str, rows: int, columns: int, limits: dict) -> None:
    if rows > limits.get("max_rows", _EXCEL_ROWS):
        raise AppraisalError(ERROR["too_many_rows"].format(file=f.name, sheet=sheet, rows=rows,
                                                           limit=limits.get("max_rows", _EXCEL_ROWS)))
    limit = limits.get("max_cells", 10_000_000)
    if rows * columns > limit:
        raise AppraisalError(ERROR["too_many_cells"].format(file=f.name, sheet=sheet, rows=rows, columns=columns,
                                                            limit=limit))


def _scan_xlsx(f: InputFile, zf: zipfile.ZipFile, limits: dict) -> dict[str, _SheetScan]:
    """Every worksheet of an xlsx scanned and checked against the limits before any is loaded."""
    scans = {}
    parts = _xlsx_sheet_parts(zf)
    named = {info.filename for info in parts.values()}
    # a worksheet the relationships do not name is scanned too: the reader may still find it
    others = {i.filename: i for i in zf.infolist() if i.filename.startswith("xl/worksheets/")
              and i.filename.endswith(".xml") and i.filename not in named}
    for sheet, member in {**parts, **others}.items():
        scan = _scan_sheet(f, member)
        _check_extent(f, sheet, scan.rows, scan.columns, limits)
        scans[sheet] = scan
    # every other part (shared strings above all) must unpack to no more than it declares
    scanned = {m.filename for m in (*parts.values(), *others.values())}
    for info in zf.infolist():
        if info.filename not in scanned and not info.is_dir():
            for _ in _inflate(f, info):
                pass
    return scans


def _scan_xls(f: InputFile) -> dict[str, _SheetScan]:
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


_SPREADSHEET_2003 = b"urn:schemas-microsoft-com:office:spreadsheet"
_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"


def _xml2003_grids(f: InputFile, limits: dict) -> list[Grid]:
    """Each Worksheet of an Excel 2003 XML spreadsheet as a grid, every cell as its text.

    Cells are placed by ``ss:Index`` (rows and cells may skip ahead) and a
    merged cell (``ss:MergeAcross``, ``ss:MergeDown``) fills every cell it
    covers; the extent is checked against the limits before the grid is
    made.  A number is its text as saved, a date its day (2025-03-05), an
    error cell its error text (#DIV/0!), rejected later by name.  The XML
    is parsed without entities or network access.
    """
    from lxml import etree  # only for these files (lxml's imports cost every command 25 ms otherwise)

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(f.data, parser)
    except etree.XMLSyntaxError:
        raise _corrupt(f) from None
    grids = []
    for sheet in root.iter(f"{_SS}Worksheet"):
        name = sheet.get(f"{_SS}Name") or Path(f.name).stem
        cells: dict[tuple[int, int], str] = {}
        merged = []
        r = -1
        for row in sheet.iter(f"{_SS}Row"):
            r = _ss_index(row, r + 1)
            c = -1
            for cell in row.iter(f"{_SS}Cell"):
                c = _ss_index(cell, c + 1)
                data = cell.find(f"{_SS}Data")
                text = "" if data is None else "".join(data.itertext())
                if data is not None and data.get(f"{_SS}Type") == "DateTime":
                    text = text[:10]
                across, down = (max(0, _span(cell.get(f"{_SS}Merge{k}") or "0")) for k in ("Across", "Down"))
                cells[(r, c)] = text
                if across or down:
                    merged.append(((r, c), (r + down, c + across)))
                c += across
        grids.append(_sparse_grid(f, name, cells, merged, limits))
    if not grids:
        raise _corrupt(f)
    return grids


def _sparse_grid(f: InputFile, sheet: str, cells: dict[tuple[int, int], str],
                 merged: list[tuple[tuple[int, int], tuple[int, int]]], limits: dict) -> Grid:
    """A grid from the cells a file places by position (XML 2003, HTML), text in each, blank elsewhere.

    Merged ranges stay ranges (filled when the sheet is recognized, as for
    a workbook), and the extent is checked against the limits before the
    dense grid is made: a tiny file can name a far cell or a huge span.
    """
    rows = 1 + max([r for r, _ in cells] + [end[0] for _, end in merged], default=-1)
    columns = 1 + max([c for _, c in cells] + [end[1] for _, end in merged], default=-1)
    _check_extent(f, sheet, rows, columns, limits)
    grid = np.full((rows, columns), "", dtype=object)
    for (r, c), text in cells.items():
        grid[r, c] = text
    return Grid(f.name, sheet, pd.DataFrame(grid, dtype="str"), merged)


def _ss_index(element, default: int) -> int:
    """A Row's or Cell's 0-based position: its ``ss:Index`` (1-based) when given, else the next one."""
    index = element.get(f"{_SS}Index")
    return max(default, _span(index) - 1) if index is not None else default  # never back over a filled cell


_HTML = re.compile(rb"<(?:!doctype\s+html|html|table)\b", re.I)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


def _html_text(f: InputFile) -> str:
    """An HTML file's text: in the charset its <meta> names, else UTF-8, else GBK (GB18030)."""
    named = _CHARSET.search(f.data[:4096])
    for encoding in ([named.group(1).decode("ascii")] if named else []) + ["utf-8", "gb18030"]:
        try:
            return f.data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    raise AppraisalError(ERROR["encoding"].format(file=f.name))


def _html_grids(f: InputFile, limits: dict) -> list[Grid]:
    """Each <table> of an HTML page as a grid, every cell as its text.

    Web systems export "Excel" files that are HTML tables named .xls; Excel
    and WPS open them.  A merged cell (rowspan, colspan) fills every cell it
    covers, as a workbook's merged cells do here.  The first table is named
    after the file, others "（表2）", "（表3）"...
    """
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(_html_text(f))
    except (etree.ParserError, ValueError):
        raise _corrupt(f) from None
    stem = Path(f.name).stem
    tables = [t for t in root.iter("table") if not any(a.tag == "table" for a in t.iterancestors())]
    if not tables:  # a login or error page saved as .xls
        raise _corrupt(f)
    return [_sparse_grid(f, stem if n == 1 else f"{stem}（表{n}）", *_html_cells(table), limits)
            for n, table in enumerate(tables, start=1)]


def _html_cells(table) -> tuple[dict[tuple[int, int], str], list[tuple[tuple[int, int], tuple[int, int]]]]:
    """A table's cell texts by position, and its merged ranges (rowspan, colspan).

    A cell goes to the first column of its row not covered by a rowspan
    from above; a span reaching past the table's last row ends there.
    """
    cells: dict[tuple[int, int], str] = {}
    merged = []
    below: dict[int, tuple[int, int]] = {}  # column -> (last row, width) of a rowspan from above
    trs = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
    for r, tr in enumerate(trs):
        c = 0
        for cell in tr.xpath("./td|./th"):
            while c in below and below[c][0] >= r:
                c += below[c][1]
            across, down = (max(_span(cell.get(a)), 1) for a in ("colspan", "rowspan"))
            down = min(down, len(trs) - r)
            cells[(r, c)] = cell.text_content()
            if across > 1 or down > 1:
                merged.append(((r, c), (r + down - 1, c + across - 1)))
            if down > 1:
                below[c] = (r + down - 1, across)
            c += across
    return cells, merged


def _span(value: str | None) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        return 1


def _split_lines(data: bytes) -> pd.Series:
    return pd.Series(data.split(b"\n"), dtype=object)


# A line (decoded with surrogateescape: bytes UTF-8 rejects become U+DC80-U+DCFF) that is valid UTF-8 and not ASCII.
_UTF8_ONLY_LINE = re.compile("^[^\n\udc80-\udcff]*[^\x00-\x7f\udc80-\udcff][^\n\udc80-\udcff]*$", re.M)


def _csv_bytes(f: InputFile) -> tuple[bytes, str, str | None]:
    """The CSV's bytes to parse, their encoding, and a warning naming GBK lines in a mixed file.

    UTF-8 (with or without BOM) is parsed as it is: the parser rejects a
    byte that is not UTF-8 and only then is the file looked at line by line.
    A file that is neither UTF-8 nor GBK-only is decoded line by line:
    decoding UTF-8 lines as GBK would garble them silently.
    """
    if f.data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):  # Excel's "Unicode 文本" export
        try:
            text = f.data.decode("utf-16")
        except UnicodeDecodeError:
            raise AppraisalError(ERROR["encoding"].format(file=f.name)) from None
        if "\x00" in text[:4096]:
            raise AppraisalError(ERROR["unknown_format"].format(file=f.name))
        return text.encode("utf-8"), "utf-8", None
    data = f.data.removeprefix(codecs.BOM_UTF8)
    # One scan for a line that only UTF-8 explains (non-ASCII, no byte UTF-8 rejects); none: the file is GBK.
    if not _UTF8_ONLY_LINE.search(data.decode("utf-8", errors="surrogateescape")):
        return data, "gb18030", None
    lines = _split_lines(data)
    as_utf8 = lines.str.decode("utf-8", errors="replace")
    written = lines.str.decode("latin-1").str.contains("\xef\xbf\xbd", regex=False)  # a real U+FFFD
    bad = (as_utf8.str.contains("\ufffd", regex=False) & ~written).to_numpy(dtype=bool)
    try:
        as_gbk = lines[bad].str.decode("gb18030", errors="strict")
    except UnicodeDecodeError:
        raise AppraisalError(ERROR["encoding"].format(file=f.name)) from None
    as_utf8[bad] = as_gbk
    rows = (pd.Series(range(1, len(lines) + 1))[bad]).astype("str").tolist()
    shown = "、".join(rows[:10]) + ("等" if len(rows) > 10 else "")
    return "\n".join(as_utf8.tolist()).encode("utf-8"), "utf-8", WARNING["mixed_encoding"].format(file=f.name, rows=shown)


_TEXT_BYTES = bytes(b for b in range(256) if b >= 32 or b in b"\t\n\r\f\x1a")


def _parse_csv(data: bytes, encoding: str, sep: str, width: int | None) -> pd.DataFrame:
    """Every cell as text ('' where blank); ``width`` None takes the first line's width.

    No NA parsing and no chunked type guessing (``low_memory=False``): a
    column is text unless every cell in it, header included, is a number.
    """
    return pd.read_csv(
        io.BytesIO(data), sep=sep, header=None, names=range(width) if width else None, encoding=encoding,
        na_filter=False, skip_blank_lines=False, quotechar='"', engine="c", low_memory=False,
    )


def _parse_csv_grid(f: InputFile, data: bytes, encoding: str, sep: str, limits: dict) -> pd.DataFrame:
    """Parse at the first line's width; a later, wider line (a title row above the header) makes the lines be counted.

    The file's size is bounded already (``max_file_mb``); its rows and cells
    are checked against the limits once parsed, or before the second parse.
    """
    try:
        return _parse_csv(data, encoding, sep, None)
    except pd.errors.ParserError as exc:
        if "Expected" not in str(exc):
            raise
    lines = data.split(b"\n")
    sep_byte = sep.encode()
    width = 1 + max(line.count(sep_byte) for line in lines)
    _check_extent(f, Path(f.name).stem, len(lines) - (1 if data.endswith(b"\n") else 0), width, limits)
    return _parse_csv(data, encoding, sep, width)


def _csv_grid(f: InputFile, limits: dict) -> Grid:
    """A CSV (UTF-8, GBK, UTF-16 or UTF-8 with some GBK lines) as one grid, parsed from bytes into text columns."""
    head = f.data[:4096]
    utf16 = f.data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    if not utf16 and (b"\x00" in head or len(head.translate(None, _TEXT_BYTES)) > len(head) // 20):  # binary, not text
        raise AppraisalError(ERROR["unknown_format"].format(file=f.name))
    sheet = Path(f.name).stem
    data, encoding, note = (f.data, "utf-8", None) if not utf16 else _csv_bytes(f)
    sample = data[:65536].decode(encoding, errors="replace").splitlines()[:50]
    try:
        sep = csv.Sniffer().sniff("\n".join(sample), delimiters=",\t;|").delimiter
    except csv.Error:
        sep = ","
    try:
        try:
            cells = _parse_csv_grid(f, data, encoding, sep, limits)
        except UnicodeDecodeError:
            if utf16:
                raise
            data, encoding, note = _csv_bytes(f)
            cells = _parse_csv_grid(f, data, encoding, sep, limits)
    except UnicodeDecodeError:
        raise AppraisalError(ERROR["encoding"].format(file=f.name)) from None
    except (pd.errors.ParserError, ValueError) as exc:
        raise AppraisalError(ERROR["read_failed"].format(file=f.name, details=exc)) from None
    _check_extent(f, sheet, *cells.shape, limits)
    return Grid(f.name, sheet, cells, notes=[note] if note else [])


def _load_sheets(f: InputFile, limits: dict, scans: dict[str, _SheetScan]) -> list[Grid]:
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(f.data))
    except python_calamine.PasswordError:
        raise AppraisalError(ERROR["password"].format(file=f.name)) from None
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException:  # calamine raises several types for damaged files, a Rust panic among them
        raise _corrupt(f) from None
    grids = []
    try:
        for meta in book.sheets_metadata:
            if str(meta.typ) not in ("SheetTypeEnum.WorkSheet", "WorkSheet") and "WorkSheet" not in str(meta.typ):
                continue
            sheet = book.get_sheet_by_name(meta.name)
            # the grid starts at A1: its extent is where the last cell ends
            end = sheet.end or (0, 0)
            rows, columns = (end[0] + 1, end[1] + 1) if sheet.height else (0, 0)
            _check_extent(f, meta.name, rows, columns, limits)
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
        raise _corrupt(f) from None
    return grids


def read_grids(f: InputFile, limits: dict) -> list[Grid]:
    """Every sheet of one file as a :class:`Grid`.

    ``limits`` is the scheme's ``reading`` section.  Raises AppraisalError
    with a Chinese message for an empty, oversized, corrupt, encrypted,
    unreadable or unknown file, and for a sheet beyond ``max_rows`` or
    ``max_cells`` (checked before the sheet is loaded: for xlsx by scanning
    its XML, for CSV by counting lines and separators).
    """
    if not f.data or f.data.isspace():  # (isspace stops at the first other byte; strip() would copy the file)
        raise AppraisalError(ERROR["empty_file"].format(file=f.name))
    size_mb = len(f.data) / 2**20
    if size_mb > limits["max_file_mb"]:
        raise AppraisalError(ERROR["too_large"].format(file=f.name, size_mb=size_mb, limit_mb=limits["max_file_mb"]))
    head = f.data[:8]
    if head.startswith(_ZIP):
        zf = _check_zip(f, limits)
        return _load_sheets(f, limits, _scan_xlsx(f, zf, limits))
    if head.startswith(_OLE):
        if "EncryptionInfo".encode("utf-16-le") in f.data:
            raise AppraisalError(ERROR["password"].format(file=f.name))
        return _load_sheets(f, limits, _scan_xls(f))
    if f.suffix in (".xlsx", ".xlsm", ".xls", ".xml") and _SPREADSHEET_2003 in f.data[:4096]:
        return _xml2003_grids(f, limits)  # Excel 2003's "XML 表格", still written by older systems
    if f.suffix in (".xlsx", ".xlsm", ".xls", ".ods", ".htm", ".html") and _HTML.search(f.data[:4096]):
        return _html_grids(f, limits)  # a web system's "导出Excel": an HTML page named .xls
    if f.suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        raise _corrupt(f)
    if f.suffix not in (".csv", ".txt", ".tsv", ""):
        raise AppraisalError(ERROR["unknown_format"].format(file=f.name))
    return [_csv_grid(f, limits)]


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
        if isinstance(col.dtype, pd.StringDtype):  # text: blank when every character is a space
            empty |= col.str.isspace().fillna(False)
        elif not empty.all():
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


# "县领导测评", "干部职工民主测评票": the words around a voter group's name in a sheet's name.
_GROUP_SHEET = re.compile(r"^\s*(?:\d+[.、\s-]*)?(.+?)(?:民主)?(?:测评)?(?:票|表|结果|汇总|情况)?\s*$")


def group_of_sheet(sheet: str, groups: Iterable[str]) -> str | None:
    """The voter group a sheet's name stands for, if it names one of ``groups``; else None.

    >>> group_of_sheet("县领导测评", ["县领导", "干部职工"]), group_of_sheet("2.干部职工", ["干部职工"])
    ('县领导', '干部职工')
    >>> group_of_sheet("民主测评", ["县领导"]) is None
    True
    """
    found = _GROUP_SHEET.match(sheet)
    name = found.group(1).strip() if found else ""
    return name if name in set(groups) else None


def recognize(grid: Grid, mapping: ColumnMapping | None, scan_rows: int, voter_groups: Iterable[str] = ()) -> Table:
    """Find the header and name the source of one grid (source None if unknown).

    A tally sheet without a 测评人类别 column, named after one of
    ``voter_groups`` ("县领导", "干部职工测评"), takes that group for every row.
    """
    extra = mapping.header_fields() if mapping else None
    # A merged cell belongs to every cell it covers: a unit merged down its cadres' rows fills them all.
    formulas = grid.formulas
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
    kept = body[~blank] if blank.any() else body
    by_field = {f: kept.iloc[:, i].reset_index(drop=True) for f, i in chosen.items()}
    # Rows with content only outside the recognized columns still count: keep a probe of the first cell.
    first = next((f for f, i in chosen.items() if i == 0), "_first")
    if first == "_first":
        by_field["_first"] = kept.iloc[:, 0].reset_index(drop=True) if not kept.empty else pd.Series(dtype=object)
    by_field["row"] = pd.Series(np.asarray(kept.index, dtype="int64") + 1, copy=False)
    columns = {f: f"{texts[i]}（{column_letter(i)}列）" for f, i in chosen.items()}
    group = group_of_sheet(grid.sheet, voter_groups) if source == "democratic" and "voter_group" not in chosen else None
    if group is not None:
        by_field["voter_group"] = pd.Series([group] * len(kept), dtype="str")
        columns["voter_group"] = FIELD_LABELS["voter_group"]
    data = pd.DataFrame(by_field)
    unused = {f: [f"{texts[i]}（{column_letter(i)}列）" for i in cols if i != chosen[f]
                  and not _blank_rows(kept.iloc[:, [i]]).all()] for f, cols in candidates.items()}
    by_column = {}
    for r, c in formulas:
        if r >= first_data:
            by_column.setdefault(c, []).append(r + 1)
    uncached = {f: sorted(by_column[i]) for f, i in chosen.items() if i in by_column}
    return Table(grid.file, grid.sheet, source, header_row + 1, data, columns, [t for t in texts if t],
                 n_blank=int(blank.sum()), unused={f: u for f, u in unused.items() if u}, formulas=uncached,
                 first=first, from_sheet={"voter_group": group} if group is not None else {})


def read_tables(files: list[InputFile], limits: dict, mapping: ColumnMapping | None = None,
                check: bool = True, voter_groups: Iterable[str] = ()) -> tuple[list[Table], list[str]]:
    """Read and recognize every sheet of every file (``voter_groups``: see :func:`recognize`).

    Returns the tables (recognized or not, so the caller can offer a
    mapping step) and warnings about ignored sheets.  Raises AppraisalError
    if a file cannot be read or, with ``check``, a recognized sheet lacks a
    required column.
    """
    prepared, warnings = read_prepared(files, limits, None, mapping, check, voter_groups)
    return [table for table, _ in prepared], warnings


def read_prepared(files: list[InputFile], limits: dict, prepare: Callable[[Table], Any] | None,
                  mapping: ColumnMapping | None = None, check: bool = True,
                  voter_groups: Iterable[str] = ()) -> tuple[list[tuple[Table, Any]], list[str]]:
    """:func:`read_tables`, each table paired with ``prepare(table)`` (None without ``prepare``).

    ``prepare`` runs on the pool right after its file is read, beside the
    reading of the other files (the validation's checks that need no other
    table); it sees tables a later step may still drop (a repeated sheet)
    or refuse (a required column missing), and must not fail on them.
    Files are read largest first, so the longest piece of work starts
    first; results are taken in the files' order.
    """
    tables: list[tuple[Table, Any]] = []
    warnings: list[str] = []
    scan_rows = int(limits["header_scan_rows"])

    def read(f: InputFile) -> list[tuple[Grid, Table, Any]]:
        recognized = [(grid, recognize(grid, mapping, scan_rows, voter_groups)) for grid in read_grids(f, limits)]
        return [(grid, table, prepare(table) if prepare else None) for grid, table in recognized]

    with workers(sum(len(f.data) for f in files) // BYTES_PER_ROW) as pool:
        list(pool.map(lambda f: f.sha256, files))  # hashlib runs without the GIL
        first_of: dict[str, InputFile] = {}
        for f in files:
            first_of.setdefault(f.sha256, f)
        # Every distinct file is read on the pool; results are taken in the files' order below.
        read_files = {id(f): pool.submit(read, f) for f in sorted(first_of.values(), key=lambda f: -len(f.data))}
        seen_sheets: dict[tuple[int, int], list[list]] = {}
        for f in files:
            if first_of[f.sha256] is not f:  # the same file uploaded twice: its rows would count twice
                warnings.append(WARNING["duplicate_file"].format(file=f.name, first=first_of[f.sha256].name))
                continue
            tables.extend(_recognized(f, read_files[id(f)].result(), seen_sheets, warnings, check))
    return tables, warnings


def _recognized(f: InputFile, grids: list[tuple[Grid, Table, Any]], seen_sheets: dict[tuple[int, int], list[list]],
                warnings: list[str], check: bool) -> list[tuple[Table, Any]]:
    """One file's tables (each with what was prepared of it) in sheet order, minus repeated sheets.

    Its warnings are appended to ``warnings``.
    """
    tables: list[tuple[Table, Any]] = []
    for grid, table, prepared in grids:
        warnings.extend(grid.notes)
        if table.source is not None:
            first = _same_sheet(grid, seen_sheets)
            if first is not None:
                warnings.append(WARNING["duplicate_sheet"].format(file=f.name, sheet=grid.sheet,
                                                                  first_file=first.file, first_sheet=first.sheet))
                continue
        tables.append((table, prepared))
        if table.source is None:
            why = (WARNING["sheet_unrecognized"].format(headers="、".join(table.headers[:12]))
                   if table.headers else WARNING["sheet_empty"])
            if not grid.cells.empty and grid.sheet != SHEET_NAMES["notes"]:  # the template's own notes
                warnings.append(WARNING["sheet_ignored"].format(file=f.name, sheet=grid.sheet, why=why))
        else:
            for name, value in table.from_sheet.items():
                warnings.append(WARNING["field_from_sheet"].format(file=f.name, sheet=grid.sheet,
                                                                   field=FIELD_LABELS[name], value=value))
            for name, cols in table.unused.items():
                warnings.append(WARNING["duplicate_column"].format(
                    file=f.name, sheet=grid.sheet, field=FIELD_LABELS[name], used=table.columns[name],
                    unused="、".join(cols)))
            if check:
                check_required(table)
    return tables


def _digest(grid: Grid) -> str:
    """A hash of a sheet's rows as a set: the same rows in another order are the same sheet."""
    rows = pd.util.hash_pandas_object(grid.cells.astype("str"), index=False).to_numpy()
    return hashlib.sha256(np.sort(rows).tobytes()).hexdigest()


def _same_sheet(grid: Grid, seen: dict[tuple[int, int], list[list]]) -> Grid | None:
    """An earlier sheet with the same rows (the same roster pasted twice, maybe sorted otherwise), else None.

    Only sheets of the same shape are compared, by a hash of every cell's
    text; this one is recorded for the sheets that follow.
    """
    others = seen.setdefault(grid.cells.shape, [])
    if others:
        digest = _digest(grid)
        for other in others:
            if other[1] is None:
                other[1] = _digest(other[0])
            if other[1] == digest:
                return other[0]
        others.append([grid, digest])
    else:
        others.append([grid, None])
    return None


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
