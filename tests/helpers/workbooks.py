"""Builders for the spreadsheets offices send, written by the tests themselves.

A sheet is a list of rows; row 0 is spreadsheet row 1 and ``None`` is an
empty cell, so a test controls every row number a message will show.
Writers return bytes (nothing touches the disk unless a test writes them):

- :func:`xlsx` (xlsxwriter) and :func:`xlsx_openpyxl`, with merged ranges;
- :func:`xls` (xlwt, the legacy format WPS still saves);
- :func:`ods` (pandas ``to_excel(engine="odf")``, as LibreOffice saves);
- :func:`csv_bytes` in any encoding;
- :func:`messy_workbook`, one whole messy upload (the dashboard and browser tests).

A small county (:data:`ROSTER` …) gives every source a valid sheet to start from.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence

import openpyxl
import pandas as pd
import xlsxwriter
import xlwt

Rows = Sequence[Sequence[object]]
# (first_row, first_col, last_row, last_col), 0-based as xlsxwriter counts.
Merge = tuple[int, int, int, int]

ROSTER_HEADER = ["编号", "姓名", "单位", "岗位"]
ROSTER = [
    ["1001", "张三", "青石镇", "便民服务窗口"],
    ["1002", "李四", "青石镇", "经济发展"],
    ["1003", "王五", "青石镇", "社会事务"],
    ["2001", "赵六", "柳河乡", "党政综合"],
    ["2002", "钱七", "柳河乡", "便民服务窗口"],
]
TASK_HEADER = ["编号", "任务名称", "目标值", "完成值", "难度系数", "截止日期", "完成日期", "差错次数"]
TASKS = [
    ["1001", "企业开办", 100, 100, 1, "2025-06-30", "2025-06-20", 0],
    ["1002", "招商引资", 50, 40, 2, "2025-06-30", "2025-07-10", 1],
    ["1003", "低保审核", 80, 80, 1.5, None, None, 0],
    ["2001", "文件起草", 10, 12, 1, None, None, 2],
    ["2002", "窗口办件", 200, 150, 1, None, None, 0],
]
SERVICE_HEADER = ["编号", "评价人编号", "评价等级"]
SERVICE = [
    ["1001", "P1", "非常满意"],
    ["1001", "P2", "满意"],
    ["1002", "P3", "基本满意"],
    ["2002", "P4", "5星"],
    ["2002", "P5", 4],
]
VOTE_HEADER = ["编号", "测评人类别", "优秀", "称职", "基本称职", "不称职"]
VOTES = [
    ["1001", "干部职工", 10, 5, 1, 0],
    ["1002", "干部职工", 6, 8, 2, 0],
    ["1003", "县领导", 2, 1, 0, 0],
    ["2001", "干部职工", 12, 3, 0, 1],
    ["2002", "干部职工", 9, 6, 1, 0],
]


def table(header: Sequence[object], rows: Rows, title: str | None = None, blank_after_title: int = 1) -> list[list[object]]:
    """A sheet: optional title row (and blank rows after it), the header, then the rows."""
    out: list[list[object]] = []
    if title is not None:
        out.append([title])
        out += [[] for _ in range(blank_after_title)]
    out.append(list(header))
    out += [list(r) for r in rows]
    return out


def county(title: str | None = None) -> dict[str, list[list[object]]]:
    """The four sources of the small county as sheets of one workbook."""
    return {
        "名册": table(ROSTER_HEADER, ROSTER, title),
        "任务": table(TASK_HEADER, TASKS, title),
        "评价": table(SERVICE_HEADER, SERVICE, title),
        "测评": table(VOTE_HEADER, VOTES, title),
    }


def xlsx(sheets: dict[str, Rows], merges: dict[str, list[Merge]] | None = None) -> bytes:
    """An .xlsx written by xlsxwriter; dates get a date format, strings stay strings."""
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False,
                                     "strings_to_formulas": False, "default_date_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, str):
                    sheet.write_string(r, c, value)
                else:
                    sheet.write(r, c, value)
        for r0, c0, r1, c1 in (merges or {}).get(name, []):
            first = rows[r0][c0] if r0 < len(rows) and c0 < len(rows[r0]) else None
            sheet.merge_range(r0, c0, r1, c1, "" if first is None else first)
    book.close()
    return buf.getvalue()


def xlsx_openpyxl(sheets: dict[str, Rows], merges: dict[str, list[Merge]] | None = None) -> bytes:
    """An .xlsx written by openpyxl (as another program would)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    cell = sheet.cell(row=r, column=c, value=value)
                    if isinstance(value, str) and value.startswith("="):
                        cell.data_type = "s"
        for r0, c0, r1, c1 in (merges or {}).get(name, []):
            sheet.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def xls(sheets: dict[str, Rows], merges: dict[str, list[Merge]] | None = None) -> bytes:
    """A legacy .xls written by xlwt."""
    book = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        merged = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in (merges or {}).get(name, [])}
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if (r, c) in merged:
                    r1, c1 = merged[(r, c)]
                    sheet.write_merge(r, r1, c, c1, value if value is not None else "")
                elif value is None:
                    continue
                elif isinstance(value, (dt.date, dt.datetime)):
                    sheet.write(r, c, value, date_style)
                else:
                    sheet.write(r, c, value)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def ods(sheets: dict[str, Rows]) -> bytes:
    """An .ods written by pandas with the odf engine (LibreOffice's format)."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="odf") as writer:
        for name, rows in sheets.items():
            width = max((len(r) for r in rows), default=1)
            frame = pd.DataFrame([list(r) + [None] * (width - len(r)) for r in rows], dtype=object)
            frame.to_excel(writer, sheet_name=name, header=False, index=False)
    return buf.getvalue()


def csv_bytes(rows: Rows, encoding: str = "utf-8", sep: str = ",") -> bytes:
    """CSV text in an encoding; cells holding the separator or a quote are quoted."""
    def cell(v: object) -> str:
        s = "" if v is None else str(v)
        return f'"{s.replace(chr(34), chr(34) * 2)}"' if (sep in s or '"' in s) else s
    return ("\r\n".join(sep.join(cell(v) for v in r) for r in rows) + "\r\n").encode(encoding)


WRITERS = {"xlsx": xlsx, "xlsx_openpyxl": xlsx_openpyxl, "xls": xls, "ods": ods}
SUFFIX = {"xlsx": ".xlsx", "xlsx_openpyxl": ".xlsx", "xls": ".xls", "ods": ".ods"}


def messy_workbook() -> bytes:
    """A workbook as an office sends it: title row, blank row, a 合计 row, a bad target, full-width digits."""
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    roster = book.add_worksheet("名册")
    roster.merge_range(0, 0, 0, 4, "2025年度干部考核名册")
    roster.write_row(2, 0, ["工号", "姓名", "所在单位", "岗位类别", "单位类别"])
    people = [("1001", "张　三 ", "青石镇"), ("1002", "李四", "青石镇"), ("1003", "王五", "青石镇"),
              ("2001", "赵六", "柳河乡"), ("2002", "钱七", "柳河乡")]
    for r, (cid, name, unit) in enumerate(people, start=3):
        roster.write_row(r, 0, [cid, name, unit, "便民服务窗口", "乡镇"])
    roster.write_row(8, 0, ["合计", "", "", "", ""])
    tasks = book.add_worksheet("任务")
    tasks.write_row(0, 0, ["人员编号", "任务名称", "计划值", "实际完成", "难度系数", "差错次数"])
    rows = [(1001, "审批", "１２０", "1,200", 1, 0), (1002, "审批", 100, 90, 1.5, 2), (1003, "审批", 0, 5, 1, 0),
            (2001, "调解", 50, 50, "", ""), (2002, "调解", 40, 38, 2, 1), (9999, "调解", 10, 10, 1, 0)]
    for r, row in enumerate(rows, start=1):
        tasks.write_row(r, 0, row)
    service = book.add_worksheet("评价")
    service.write_row(0, 0, ["编号", "评价等级"])
    words = ["非常满意", "满意", "基本满意", "很好"]
    for r in range(1, 21):
        service.write_row(r, 0, [[1001, 1002, 2001, 2002][r % 4], words[r % 4] if r != 7 else "满意"])
    votes = book.add_worksheet("测评")
    votes.write_row(0, 0, ["编号", "测评人类别", "优秀", "称职", "基本称职", "不称职"])
    for r, cid in enumerate(["1001", "1002", "1003", "2001", "2002"], start=1):
        votes.write_row(r, 0, [cid, "干部职工", 10, 5, 1, -1 if cid == "2002" else 0])
    book.close()
    return buf.getvalue()
