"""The blank template: the four sheets with their headers, an example row each, and 填表说明."""

from __future__ import annotations

import io
from pathlib import Path

import xlsxwriter

from ..read import SOURCES
from ..texts import FIELD_LABELS, SHEET_NAMES, SOURCE_LABELS, TEMPLATE_NOTES

__all__ = ["template_bytes", "write_template", "TEMPLATE_EXAMPLES"]

# One example row per source, keyed by field (fields left out stay blank).
TEMPLATE_EXAMPLES: dict[str, dict[str, object]] = {
    "roster": {"cadre_id": "A0001", "name": "张三", "unit": "青石镇", "unit_type": "乡镇", "post": "便民服务窗口"},
    "tasks": {"cadre_id": "A0001", "name": "张三", "task": "企业开办审批", "target": 120, "actual": 126,
              "difficulty": 1.2, "deadline": "2025-06-30", "done_on": "2025-06-20", "errors": 1},
    "service": {"cadre_id": "A0001", "name": "张三", "rater_id": "P0001", "rating": "非常满意", "rated_on": "2025-03-05"},
    "democratic": {"cadre_id": "A0001", "name": "张三", "voter_group": "干部职工",
                   "excellent": 20, "competent": 8, "basic": 1, "unfit": 0},
}

# The template's columns: each source's fields, without the unit of rows that carry an ID (the roster has it).
_TEMPLATE_FIELDS: dict[str, tuple[str, ...]] = {
    **{source: tuple(f for f in fields if source == "roster" or f != "unit") for source, fields in SOURCES.items()},
    "democratic": ("cadre_id", "name", "voter_group", "excellent", "competent", "basic", "unfit"),
}


def write_template(target: str | Path | io.BytesIO) -> None:
    """Write the template workbook to a path or buffer."""
    book = xlsxwriter.Workbook(target, {"strings_to_formulas": False, "in_memory": True})
    header = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    for source, fields in _TEMPLATE_FIELDS.items():
        sheet = book.add_worksheet(SOURCE_LABELS[source])
        for c, f in enumerate(fields):
            sheet.write_string(0, c, FIELD_LABELS[f], header)
            value = TEMPLATE_EXAMPLES[source].get(f)
            if isinstance(value, str):
                sheet.write_string(1, c, value)
            elif value is not None:
                sheet.write_number(1, c, value)
            sheet.set_column(c, c, 14)
        sheet.freeze_panes(1, 0)
    notes = book.add_worksheet(SHEET_NAMES["notes"])
    notes.write_row(0, 0, ["项目", "说明"], header)
    for r, (topic, text) in enumerate(TEMPLATE_NOTES, start=1):
        notes.write_string(r, 0, topic)
        notes.write_string(r, 1, text)
    notes.set_column(0, 0, 14)
    notes.set_column(1, 1, 100)
    book.close()


def template_bytes() -> bytes:
    """The template workbook as bytes (for a download button)."""
    buf = io.BytesIO()
    write_template(buf)
    return buf.getvalue()
