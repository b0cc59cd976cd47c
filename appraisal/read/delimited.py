"""Delimited text: CSV (and TSV) in UTF-8, UTF-8 with BOM, GBK/GB18030, UTF-16, line by line.

The encoding is found per line (a file may mix UTF-8 and GBK lines); the
bytes are parsed by pandas' C parser into text columns; the shape is checked
against the limits before any cell is used.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

import pandas as pd

from ..errors import AppraisalError
from ..texts import ERROR, WARNING
from .files import Grid, InputFile, check_extent

__all__ = ["csv_grid"]


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

    The file's size is bounded already (``max_csv_mb``); its rows and cells
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
    check_extent(f, Path(f.name).stem, len(lines) - (1 if data.endswith(b"\n") else 0), width, limits, delimited=True)
    return _parse_csv(data, encoding, sep, width)


def csv_grid(f: InputFile, limits: dict) -> Grid:
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
    check_extent(f, sheet, *cells.shape, limits, delimited=True)
    return Grid(f.name, sheet, cells, notes=[note] if note else [])
