"""The blank template: a sheet per source with its headers, an example row each, and 填表说明.

Three layouts (:data:`LAYOUTS`), since offices keep using the ones they have:
``long`` (one record a row, the standard), ``wide`` (tasks as a pair of
目标/完成 columns each, votes as a block of counts per voter group under a
merged label), and ``survey`` (民主测评 as a survey tool exports it: one
voter a row, one column per cadre).  Every layout reads back as the same
kind of data.
"""

from __future__ import annotations

import io
from pathlib import Path

import xlsxwriter

from ..read import SOURCES, VOTE_FIELDS
from ..scheme import GRADES
from ..texts import (
    EXPORT,
    FIELD_LABELS,
    SHEET_NAMES,
    SOURCE_LABELS,
    TEMPLATE_LAYOUT_NOTES,
    TEMPLATE_NOTES,
)

__all__ = ["template_bytes", "write_template", "TEMPLATE_EXAMPLES", "LAYOUTS"]

#: The template's layouts: the standard long one, the wide one, the survey export.
LAYOUTS: tuple[str, ...] = ("long", "wide", "survey")

# One example row per source, keyed by field (fields left out stay blank).
TEMPLATE_EXAMPLES: dict[str, dict[str, object]] = {
    "roster": {"cadre_id": "A0001", "name": "张三", "unit": "青石镇", "unit_type": "乡镇", "post": "便民服务窗口"},
    "tasks": {"cadre_id": "A0001", "name": "张三", "task": "企业开办审批", "target": 120, "actual": 126,
              "difficulty": 1.2, "deadline": "2025-06-30", "done_on": "2025-06-20", "errors": 1},
    "service": {"cadre_id": "A0001", "name": "张三", "rater_id": "P0001", "rating": "非常满意", "rated_on": "2025-03-05"},
    "democratic": {"cadre_id": "A0001", "name": "张三", "voter_group": "干部职工",
                   "excellent": 20, "competent": 8, "basic": 1, "unfit": 0},
    "adjustments": {"cadre_id": "A0001", "name": "张三", "item": "防汛抢险表现突出", "direction": "加分", "points": 1,
                    "basis": "县委办〔2025〕12号", "date": "2025-07-15"},
    "exemptions": {"cadre_id": "A0001", "name": "张三", "task": "企业开办审批", "date": "2025-06-20", "excused": 1,
                   "basis": "县纪委〔2025〕5号"},
    "vetoes": {"cadre_id": "A0001", "name": "张三", "veto": "安全生产责任事故", "basis": "县安委〔2025〕2号",
               "date": "2025-09-01"},
}

# The template's columns: each source's fields, without the unit of rows that carry an ID (the roster has it).
_TEMPLATE_FIELDS: dict[str, tuple[str, ...]] = {
    **{source: tuple(f for f in fields if source == "roster" or f != "unit") for source, fields in SOURCES.items()},
    "democratic": ("cadre_id", "name", "voter_group", "excellent", "competent", "basic", "unfit"),
}

# The wide layouts' voter groups (one block each) and the survey's identity question.
_WIDE_GROUPS = ("县领导", "干部职工", "服务对象代表")
_IDENTITY = "1、您的身份是："
_SURVEY_COLUMN = "2、请对以下同志作出评价—{name}（{unit}）"


def _write(sheet, r: int, c: int, value: object) -> None:
    if isinstance(value, str):
        sheet.write_string(r, c, value)
    elif value is not None:
        sheet.write_number(r, c, value)


def _long_sheet(book, header, source: str) -> None:
    sheet = book.add_worksheet(SOURCE_LABELS[source])
    for c, f in enumerate(_TEMPLATE_FIELDS[source]):
        sheet.write_string(0, c, FIELD_LABELS[f], header)
        _write(sheet, 1, c, TEMPLATE_EXAMPLES[source].get(f))
        sheet.set_column(c, c, 14)
    sheet.freeze_panes(1, 0)


def _wide_tasks(book, header) -> None:
    """任务完成 with a 目标/完成/难度系数 column per task, and one 差错次数 for the cadre."""
    ex = TEMPLATE_EXAMPLES["tasks"]
    task = str(ex["task"])
    heads = [FIELD_LABELS["cadre_id"], FIELD_LABELS["name"], f"{task}（目标）", f"{task}（完成）", f"{task}（难度系数）",
             FIELD_LABELS["errors"]]
    values = [ex["cadre_id"], ex["name"], ex["target"], ex["actual"], ex["difficulty"], ex["errors"]]
    sheet = book.add_worksheet(SOURCE_LABELS["tasks"])
    for c, (h, v) in enumerate(zip(heads, values)):
        sheet.write_string(0, c, h, header)
        _write(sheet, 1, c, v)
        sheet.set_column(c, c, 16)
    sheet.freeze_panes(1, 0)


def _wide_votes(book, header) -> None:
    """民主测评 with a block of 优秀 称职 基本称职 不称职 per voter group, the group merged above its block."""
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "align": "center", "valign": "vcenter"})
    ex = TEMPLATE_EXAMPLES["democratic"]
    sheet = book.add_worksheet(SOURCE_LABELS["democratic"])
    for c, f in enumerate(("cadre_id", "name")):
        sheet.merge_range(0, c, 1, c, FIELD_LABELS[f], header)
        _write(sheet, 2, c, ex[f])
    for b, group in enumerate(_WIDE_GROUPS):
        first = 2 + 4 * b
        sheet.merge_range(0, first, 0, first + 3, group, header)
        for k, (grade, field) in enumerate(zip(GRADES, VOTE_FIELDS)):
            sheet.write_string(1, first + k, grade, header)
            if group == ex["voter_group"]:
                _write(sheet, 2, first + k, ex[field])
    sheet.set_column(0, 1, 12)
    sheet.set_column(2, 1 + 4 * len(_WIDE_GROUPS), 9)
    sheet.freeze_panes(2, 2)


def _survey_votes(book, header) -> None:
    """民主测评 as a survey tool exports it: 序号, the identity question, a column per cadre."""
    roster = TEMPLATE_EXAMPLES["roster"]
    sheet = book.add_worksheet(SOURCE_LABELS["democratic"])
    heads = ["序号", _IDENTITY, _SURVEY_COLUMN.format(name=roster["name"], unit=roster["unit"])]
    for c, h in enumerate(heads):
        sheet.write_string(0, c, h, header)
    for r, (group, grade) in enumerate((("干部职工", GRADES[0]), ("县领导", GRADES[1])), start=1):
        sheet.write_number(r, 0, r)
        sheet.write_string(r, 1, group)
        sheet.write_string(r, 2, grade)
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 16)
    sheet.set_column(2, 2, 40)
    sheet.freeze_panes(1, 0)


def write_template(target: str | Path | io.BytesIO, layout: str = "long") -> None:
    """Write the template workbook to a path or buffer, in one of :data:`LAYOUTS`."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, not {layout!r}")
    book = xlsxwriter.Workbook(target, {"strings_to_formulas": False, "in_memory": True})
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    _long_sheet(book, header, "roster")
    if layout == "wide":
        _wide_tasks(book, header)
    else:
        _long_sheet(book, header, "tasks")
    _long_sheet(book, header, "service")
    if layout == "wide":
        _wide_votes(book, header)
    elif layout == "survey":
        _survey_votes(book, header)
    else:
        _long_sheet(book, header, "democratic")
    _long_sheet(book, header, "adjustments")
    _long_sheet(book, header, "exemptions")
    _long_sheet(book, header, "vetoes")
    notes = book.add_worksheet(SHEET_NAMES["notes"])
    notes.write_row(0, 0, [EXPORT["method_item"], EXPORT["method_text"]], header)
    rows = [*TEMPLATE_NOTES, *TEMPLATE_LAYOUT_NOTES.get(layout, [])]
    for r, (topic, text) in enumerate(rows, start=1):
        notes.write_string(r, 0, topic)
        notes.write_string(r, 1, text)
    notes.set_column(0, 0, 14)
    notes.set_column(1, 1, 100)
    book.close()


def template_bytes(layout: str = "long") -> bytes:
    """The template workbook as bytes (for a download button)."""
    buf = io.BytesIO()
    write_template(buf, layout)
    return buf.getvalue()
