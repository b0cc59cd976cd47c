"""Spreadsheets that are markup: Excel 2003's "XML 表格" and the HTML tables web systems save as .xls.

Both become a grid through one builder (:func:`_sparse_grid`): cells by
position plus merged ranges, the extent checked before the dense grid is
drawn.  XML is parsed without entities or network access.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import AppraisalError
from ..texts import ERROR
from .files import Grid, InputFile, check_extent, corrupt

__all__ = ["xml2003_grids", "html_grids", "HTML_START", "SPREADSHEET_2003"]


SPREADSHEET_2003 = b"urn:schemas-microsoft-com:office:spreadsheet"
_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"


def xml2003_grids(f: InputFile, limits: dict) -> list[Grid]:
    """Each Worksheet of an Excel 2003 XML spreadsheet as a grid, every cell as its text.

    Cells are placed by ``ss:Index`` (rows and cells may skip ahead) and a
    merged cell (``ss:MergeAcross``, ``ss:MergeDown``) fills every cell it
    covers; the extent is checked against the limits before the grid is
    made.  A number is its text as saved, a date its day (2025-03-05), an
    error cell its error text (#DIV/0!), rejected later by name.  The XML
    is parsed without entities or network access.
    """
    from lxml import (
        etree,  # only for these files (lxml's imports cost every command 25 ms otherwise)
    )

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(f.data, parser)
    except etree.XMLSyntaxError:
        raise corrupt(f) from None
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
        raise corrupt(f)
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
    check_extent(f, sheet, rows, columns, limits)
    grid = np.full((rows, columns), "", dtype=object)
    for (r, c), text in cells.items():
        grid[r, c] = text
    return Grid(f.name, sheet, pd.DataFrame(grid, dtype="str"), merged)


def _ss_index(element, default: int) -> int:
    """A Row's or Cell's 0-based position: its ``ss:Index`` (1-based) when given, else the next one."""
    index = element.get(f"{_SS}Index")
    return max(default, _span(index) - 1) if index is not None else default  # never back over a filled cell


HTML_START = re.compile(rb"<(?:!doctype\s+html|html|table)\b", re.I)
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


def html_grids(f: InputFile, limits: dict) -> list[Grid]:
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
        raise corrupt(f) from None
    stem = Path(f.name).stem
    tables = [t for t in root.iter("table") if not any(a.tag == "table" for a in t.iterancestors())]
    if not tables:  # a login or error page saved as .xls
        raise corrupt(f)
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
