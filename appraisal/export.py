"""Exports: the ranked workbook and CSV, safe to open.

Text is always written as text: xlsxwriter is told never to turn strings
into formulas, and CSV cells beginning with ``= + - @``, a tab or a carriage
return get a leading apostrophe (the OWASP rule against formula injection).
"""

from __future__ import annotations

import io
import math
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from . import __version__
from .pipeline import Result
from .tables import result_tables
from .texts import SHEET_NAMES, SOURCE_LABELS

__all__ = ["write_workbook", "workbook_bytes", "to_csv", "safe_text"]

_RISKY = ("=", "+", "-", "@", "\t", "\r")
_WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
                     "nan_inf_to_errors": False}


def safe_text(value: str) -> str:
    """Neutralize text a spreadsheet would run as a formula.

    >>> safe_text("=SUM(A1)"), safe_text("张三"), safe_text("-5 分")
    ("'=SUM(A1)", '张三', "'-5 分")
    """
    return "'" + value if value.startswith(_RISKY) else value


def _provenance(result: Result) -> list[list[Any]]:
    rows: list[list[Any]] = [["软件版本", __version__], ["导出时间", datetime.now().strftime("%Y-%m-%d %H:%M")], []]
    rows.append(["输入文件", "SHA-256"])
    rows += [[i["file"], i["sha256"]] for i in result.dataset.inputs]
    rows.append([])
    rows.append(["数据类别", "读取行数", "采用行数", "未采用行数"])
    rows += [[SOURCE_LABELS[s], v["read"], v["accepted"], v["rejected"]] for s, v in result.dataset.rows.items()]
    rows.append([])
    rows.append(["考核方案（YAML）"])
    rows += [[line] for line in result.scheme.to_yaml().splitlines()]
    return rows


def _cell(value: Any) -> Any:
    if value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        return None
    if value is pd.NaT:
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _write_sheet(book: xlsxwriter.Workbook, name: str, frame: pd.DataFrame, formats: dict) -> None:
    sheet = book.add_worksheet(name)
    headers = list(frame.columns)
    sheet.write_row(0, 0, headers, formats["header"])
    for r, row in enumerate(frame.itertuples(index=False, name=None), start=1):
        for c, value in enumerate(row):
            value = _cell(value)
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            elif isinstance(value, float):
                sheet.write_number(r, c, value, formats["number"])
            elif isinstance(value, (bool, int)):
                sheet.write(r, c, value)
            else:
                sheet.write_string(r, c, str(value))
    for c, header in enumerate(headers):
        width = max([_width(header)] + [_width(str(v)) for v in frame.iloc[:200, c]])
        sheet.set_column(c, c, min(max(width + 2, 8), 60))
    sheet.freeze_panes(1, 0)
    if len(frame):
        sheet.autofilter(0, 0, len(frame), max(len(headers) - 1, 0))


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def write_workbook(result: Result, target: str | Path | io.BytesIO) -> None:
    """Write the ranked workbook: 排名, 倒挂分析, 单位标记, 未采用行, 考核方案与来源."""
    book = xlsxwriter.Workbook(target, {**_WORKBOOK_OPTIONS, "in_memory": True})
    formats = {"header": book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True}),
               "number": book.add_format({"num_format": "0.00"})}
    for key, frame in result_tables(result).items():
        _write_sheet(book, SHEET_NAMES[key], frame, formats)
    sheet = book.add_worksheet(SHEET_NAMES["scheme"])
    for r, row in enumerate(_provenance(result)):
        for c, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            else:
                sheet.write(r, c, value)
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 1, 70)
    book.close()


def workbook_bytes(result: Result) -> bytes:
    """The ranked workbook as bytes (for a download button)."""
    buf = io.BytesIO()
    write_workbook(result, buf)
    return buf.getvalue()


def to_csv(frame: pd.DataFrame) -> bytes:
    """CSV bytes in UTF-8 with BOM (Excel opens it as Chinese), formula-looking text neutralized."""
    safe = frame.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(lambda v: safe_text(v) if isinstance(v, str) else v)
    return safe.to_csv(index=False).encode("utf-8-sig")
