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
from .texts import (
    COLUMN_LABELS,
    FLAG_LABELS,
    GROUP_BY_LABELS,
    GROUP_COLUMN_LABELS,
    REJECTED_COLUMN_LABELS,
    SHEET_NAMES,
    SOURCE_LABELS,
    UNIT_FLAG_LABELS,
)

__all__ = ["ranked_table", "write_workbook", "workbook_bytes", "to_csv", "safe_text"]

_RISKY = ("=", "+", "-", "@", "\t", "\r")
_WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
                     "nan_inf_to_errors": False}


def safe_text(value: str) -> str:
    """Neutralize text a spreadsheet would run as a formula.

    >>> safe_text("=SUM(A1)"), safe_text("张三"), safe_text("-5 分")
    ("'=SUM(A1)", '张三', "'-5 分")
    """
    return "'" + value if value.startswith(_RISKY) else value


def ranked_table(result: Result) -> pd.DataFrame:
    """The ranked table with Chinese headers, flags as labels: what the workbook and CSV show."""
    c = result.cadres.copy()
    c["flags"] = c["flags"].map(lambda codes: "、".join(FLAG_LABELS[x] for x in codes))
    c["missing"] = c["missing"].map(lambda s: "、".join(s.split()))
    cols = [k for k in COLUMN_LABELS if k in c.columns]
    out = c[cols].rename(columns=COLUMN_LABELS)
    for col in ("composite", "task_score", "service_score", "democratic_score", "leader_score",
                "service_raw", "service_ci_low", "service_ci_high"):
        if COLUMN_LABELS[col] in out:
            out[COLUMN_LABELS[col]] = out[COLUMN_LABELS[col]].round(2)
    return out


def _groups_table(result: Result) -> pd.DataFrame:
    g = result.groups.copy()
    g["by"] = g["by"].map(GROUP_BY_LABELS)
    g["inversion"] = g["inversion"].map({True: "是", False: "否"})
    return g.rename(columns=GROUP_COLUMN_LABELS)


def _units_table(result: Result) -> pd.DataFrame:
    u = result.units.copy()
    u["flags"] = u["flags"].map(lambda codes: "、".join(UNIT_FLAG_LABELS[x] for x in codes))
    return u[["unit", "unit_type", "n", "n_votes", "excellent_share", "score_sd", "flags", "flag_text"]].rename(
        columns={"unit": "单位", "unit_type": "单位类型", "n": "人数", "n_votes": "测评票数",
                 "excellent_share": "优秀票占比", "score_sd": "民主测评得分标准差", "flags": "标记",
                 "flag_text": "标记说明"})


def _rejected_table(result: Result) -> pd.DataFrame:
    r = result.dataset.rejected.copy()
    r["source"] = r["source"].map(SOURCE_LABELS)
    return r.rename(columns={"source": "数据类别", **REJECTED_COLUMN_LABELS})


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
    _write_sheet(book, SHEET_NAMES["ranked"], ranked_table(result), formats)
    _write_sheet(book, SHEET_NAMES["groups"], _groups_table(result), formats)
    _write_sheet(book, SHEET_NAMES["units"], _units_table(result), formats)
    _write_sheet(book, SHEET_NAMES["rejected"], _rejected_table(result), formats)
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
