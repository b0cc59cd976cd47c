"""Exports: the ranked workbook and CSV, safe to open and ready to print.

The workbook has the overall ranking (``排名``, header in row 1), the method
in words, one sheet per unit, the inversion table, the unit flags, the
rejected rows and the scheme with the input hashes.  Every sheet has a frozen
header, an autofilter, widths that fit Chinese text, and a print setup
(landscape A4, fit to width, header row repeated, the title in the page
header, print date and page numbers in the footer).  Grades and flags carry
the dashboard's colours (:data:`appraisal.output.charts.GRADE_COLORS`,
:data:`appraisal.output.charts.FLAG_COLORS`).

Text is always written as text: xlsxwriter is told never to turn strings
into formulas, and CSV cells beginning with ``= + - @``, a tab or a carriage
return get a leading apostrophe (the OWASP rule against formula injection).

Large counties: sheets are written row by row in xlsxwriter's
``constant_memory`` mode, with the per-cell work reduced to one method call.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
import xlsxwriter.worksheet

from .._version import __version__
from ..read import column_letter
from ..scheme import DEFAULT_POST, GRADES, Scheme
from ..scoring import Result
from ..texts import (
    COLUMN_LABELS,
    EXPORT,
    FLAG_LABELS,
    METHOD,
    SHEET_NAMES,
    SOURCE_LABELS,
    TIE_KEY_LABELS,
)
from .charts import FLAG_COLORS, GRADE_COLORS
from .tables import ranked_table, result_tables

__all__ = [
    "write_workbook",
    "workbook_bytes",
    "to_csv",
    "safe_text",
    "report_title",
    "method_sections",
    "unit_sheet_names",
    "UNIT_COLUMNS",
]

_RISKY = ("=", "+", "-", "@", "\t", "\r")
_WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
                     "nan_inf_to_errors": False}

# The columns of a unit's sheet: what a printed page can hold.
UNIT_COLUMNS = ["rank_in_unit", "cadre_id", "name", "post", "grade", "composite", "task_score", "service_score",
                "democratic_score", "leader_score", "workload", "flags", "flag_text"]

_INT_COLUMNS = {"rank_in_unit", "n_tasks", "late_tasks", "service_n", "n_votes", "errors"}
_SHARE_COLUMNS = {"excellent_share", "unfit_share", "approval_share"}
_GRADE_COLUMNS = {"grade", "band_grade"}
_FORMATS = {"number": "0.0", "int": "0", "share": "0.0%", "rate": "0.000", "generic": "0.0###"}
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_SHEET_MAX = 31
_HEADER_MAX = 200  # Excel allows 255 characters in a header, codes included
_NOTES_WIDTH = 60
_SAMPLE_ROWS = 300  # rows looked at to size a column


def safe_text(value: str) -> str:
    """Neutralize text a spreadsheet would run as a formula.

    >>> safe_text("=SUM(A1)"), safe_text("张三"), safe_text("-5 分")
    ("'=SUM(A1)", '张三', "'-5 分")
    """
    return "'" + value if value.startswith(_RISKY) else value


def report_title(county: str | None = None, year: int | None = None) -> str:
    """The title of every export: county and year when known.

    >>> report_title("青山县", 2025), report_title(), report_title(year=2025)
    ('青山县2025年度干部考核结果', '干部考核结果', '2025年度干部考核结果')
    """
    county = (county or "").strip()
    if county and year:
        return EXPORT["title_full"].format(county=county, year=year)
    if county:
        return EXPORT["title_county"].format(county=county)
    if year:
        return EXPORT["title_year"].format(year=year)
    return EXPORT["title_plain"]


def unit_sheet_names(units: Iterable[str], reserved: Iterable[str] = ()) -> dict[str, str]:
    """A valid, unique sheet name for every unit.

    Excel refuses (and offers to "repair") names longer than 31 characters,
    names with ``[ ] : * ? / \\``, names beginning or ending with an apostrophe,
    and names equal up to case; long or clashing names get a ``(2)`` suffix.

    >>> unit_sheet_names(["城关镇", "a/b", "A/B"], reserved=["排名"])
    {'城关镇': '城关镇', 'a/b': 'a_b', 'A/B': 'A_B(2)'}
    """
    used = {name.casefold() for name in reserved} | {"history"}
    out: dict[str, str] = {}
    for unit in units:
        if unit in out:
            continue
        base = _BAD_SHEET_CHARS.sub("_", str(unit)).strip().strip("'").strip() or EXPORT["unit_sheet"]
        name = base[:_SHEET_MAX].rstrip("'")
        i = 2
        while name.casefold() in used:
            suffix = f"({i})"
            name = base[:_SHEET_MAX - len(suffix)].rstrip("'") + suffix
            i += 1
        used.add(name.casefold())
        out[unit] = name
    return out


def method_sections(scheme: Scheme) -> list[tuple[str, str]]:
    """The scoring method in words, as (topic, sentence) pairs, generated from the scheme.

    >>> sections = method_sections(Scheme.default())
    >>> sections[0][0], "20%" in dict(sections)["等次与名额"]
    ('考核方案', True)
    """
    t, s, dem, g, dg = (scheme.section(k) for k in ("tasks", "service", "democratic", "grading", "diagnostics"))
    out: list[tuple[str, str]] = [
        (METHOD["scheme"], METHOD["scheme_text"].format(name=scheme.name, key=scheme.key[:12])),
        (METHOD["composite"], METHOD["composite_text"]),
    ]
    weights = scheme.section("weights")
    posts = [p for p in weights if p != DEFAULT_POST] + [p for p in weights if p == DEFAULT_POST]
    for post in posts:
        label = METHOD["default_post"] if post == DEFAULT_POST else post
        values = {k: float(v) for k, v in weights[post].items()}
        out.append((METHOD["weights"], METHOD["weights_row"].format(post=label, **values)))
    errors = (METHOD["errors_rate"].format(penalty=t["error_penalty_rate"]) if t["error_rule"] == "rate"
              else METHOD["errors_count"].format(penalty=t["error_penalty_count"]))
    out.append((METHOD["task"], METHOD["task_text"].format(**t) + errors))
    words = "、".join(f"{w}{v:g}" for w, v in s["words"].items())
    out.append((METHOD["service"], METHOD["service_text"].format(
        low=s["scale_min"], high=s["scale_max"], words=words, trim=s["trim_above"], m=s["prior_weight"],
        conf=s["confidence"])))
    values = "、".join(METHOD["grade_points"].format(grade=k, points=v) for k, v in dem["values"].items())
    groups = "、".join(f"{k}{v:g}" for k, v in dem["group_weights"].items())
    out.append((METHOD["democratic"], METHOD["democratic_text"].format(
        values=values, groups=groups, other=dem["other_group_weight"], leaders="、".join(dem["leader_groups"]))
        + METHOD["review_text"].format(unfit=dem["review_unfit_share"], approval=dem["review_approval_share"])))
    bands = g["bands"]
    scope = METHOD["scope_unit"] if g["group_by"] == "unit" else METHOD["scope_post"]
    keys = "、".join(TIE_KEY_LABELS.get(k, k) for k in g["tie_break"])
    out.append((METHOD["grading"], METHOD["grading_text"].format(
        scope=scope, excellent=bands[GRADES[0]], competent=bands[GRADES[1]], basic=bands[GRADES[2]],
        quota=g["excellent_quota"]) + METHOD["ties_text"].format(decimals=g["tie_decimals"], keys=keys)))
    out += [
        (METHOD["diagnostics"], METHOD["inversion_text"].format(min_group=dg["min_group_size"], q=dg["fdr_q"],
                                                                quart=dg["workload_quartile"])),
        (METHOD["diagnostics"], METHOD["gap_text"].format(gap=dg["gap_threshold"])),
        (METHOD["diagnostics"], METHOD["few_text"].format(min_ratings=dg["min_ratings"])),
        (METHOD["diagnostics"], METHOD["uniform_text"].format(min_votes=dg["uniform_min_votes"],
                                                              share=dg["uniform_excellent_share"],
                                                              sd=dg["uniform_score_sd"])),
    ]
    return out


# ---------------------------------------------------------------- cells and formats


def _plain(value: Any) -> Any:
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if hasattr(value, "item"):
        value = value.item()
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            return None
    return value


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _column_width(header: str, values: list[Any], number: bool) -> float:
    sample = values[:_SAMPLE_ROWS]
    if number:
        longest = max((len(f"{v:.1f}") if isinstance(v, float) else len(str(v)) for v in sample if v is not None),
                      default=1)
    else:
        longest = max((_width(line) for v in sample if v is not None for line in str(v).split("\n")), default=1)
    # A header wraps onto two lines at most, so it needs half its width.
    return float(min(max(longest + 2, (_width(header) + 1) // 2 + 2, 6), _NOTES_WIDTH))


class _Formats:
    """Every cell format of a workbook, made once."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        base = {"font_name": "Microsoft YaHei", "font_size": 10, "valign": "vcenter"}
        self.book = book
        self.base = base
        self.header = book.add_format({**base, "bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                                       "align": "center"})
        self.text = book.add_format(base)
        self.wrap = book.add_format({**base, "text_wrap": True, "valign": "top"})
        self.numbers = {k: book.add_format({**base, "num_format": v}) for k, v in _FORMATS.items()}
        self.grade = {g: book.add_format({**base, "bold": True, "align": "center", "bg_color": c,
                                          "font_color": "#FFFFFF"}) for g, c in GRADE_COLORS.items()}
        self.flag = {code: book.add_format({**base, "bold": True, "font_color": c}) for code, c in FLAG_COLORS.items()}
        self.title = book.add_format({**base, "bold": True, "font_size": 14})


def _print_setup(sheet, title: str, name: str, header_rows: int = 1) -> None:
    """Landscape A4, fit to width, header row on every page, title above, date and page numbers below."""
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    if header_rows:
        sheet.repeat_rows(0, header_rows - 1)
    sheet.hide_gridlines(0)
    sheet.set_margins(left=0.4, right=0.4, top=0.8, bottom=0.7)
    text = EXPORT["print_header"].format(title=title, sheet=name).replace("&", "&&")[:_HEADER_MAX]
    sheet.set_header('&C&"-,Bold"&14' + text, {"margin": 0.3})
    page = EXPORT["page_of"].format(page="&P", pages="&N")
    sheet.set_footer("&L" + EXPORT["print_date"].replace("&", "&&") + "&D&R" + page, {"margin": 0.3})


_XML_TEXT = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;",
             **{c: f"_x{c:04X}_" for c in range(32) if c not in (9, 10)}}  # CR too: XML reads it as LF
_LITERAL_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_CHUNK_ROWS = 2000
_CELL_MAX = 32767  # characters in one cell


def _xml_text(text: str) -> str:
    """Text as an XML character run, control characters in Excel's ``_xHHHH_`` form."""
    if "_x" in text:
        text = _LITERAL_ESCAPE.sub(r"_x005F\1", text)
    return text.translate(_XML_TEXT)


class _BulkSheet(xlsxwriter.worksheet.Worksheet):
    """A worksheet whose data rows are streamed as ready-made XML when the workbook closes.

    xlsxwriter spends about 15 µs on every cell; a county of 200,000 cadres
    has millions.  This sheet lets xlsxwriter write the header row, the
    column widths, the filter, the frozen pane and the print setup, and
    writes the data rows itself from whole columns (about 1 µs a cell).
    Cells are inline strings and numbers: a string can never become a formula.
    Measured on 2 cores: xlsxwriter's public ``write_*`` calls in constant-memory
    mode took 37 s for the overall sheet alone at 200,000 cadres; the whole
    workbook written this way takes about 15 s of CPU (issue #6 asks < 30 s).
    """

    bulk_rows: Callable[[], Iterable[str]] | None = None

    def _write_sheet_data(self) -> None:
        if self.bulk_rows is None:
            super()._write_sheet_data()
            return
        self._xml_start_tag("sheetData")
        last = self.dim_rowmax
        self.dim_rowmax = 0
        self._write_rows()  # the header row, written by xlsxwriter
        self.dim_rowmax = last
        for chunk in self.bulk_rows():
            self.fh.write(chunk)
        self._xml_end_tag("sheetData")


def _rich_flags(formats: _Formats, codes: tuple[str, ...]) -> str:
    """The inline rich text of a flag list: each label in its flag colour."""
    size, name = f'<sz val="{formats.base["font_size"]}"/>', f'<rFont val="{formats.base["font_name"]}"/>'
    runs = []
    for i, code in enumerate(codes):
        if i:
            runs.append(f"<r><rPr>{size}{name}</rPr><t>、</t></r>")
        color = FLAG_COLORS.get(code, "#000000").lstrip("#").upper()
        # Run properties in the order Excel itself writes them: b, sz, color, rFont.
        runs.append(f'<r><rPr><b/>{size}<color rgb="FF{color}"/>{name}</rPr><t>{_xml_text(FLAG_LABELS[code])}</t></r>')
    return "".join(runs)


_SPECIAL = r"[&<>\x00-\x08\x0b-\x1f]|_x"
_WIDE = r"[^\x00-\u2e7f]"


def _texts(values: pd.Series) -> list[Any]:
    """Strings escaped for XML (None for blank), the escaping skipped for the columns that need none."""
    s = values.astype("str")
    if (s.str.len() > _CELL_MAX).any():  # Excel "repairs" a workbook with a longer cell
        s = s.str.slice(0, _CELL_MAX)
    out = s.tolist()
    special = s.str.contains(_SPECIAL, regex=True, na=False)
    if special.any():
        out = [_xml_text(v) if flag else v for v, flag in zip(out, special.tolist())]
    blank = s.isna() | (s == "")
    if blank.any():
        out = [None if b else v for v, b in zip(out, blank.tolist())]
    return out


def _text_width(values: pd.Series) -> int:
    s = values.astype("str").str.split("\n").explode() if values.astype("str").str.contains("\n", na=False).any() \
        else values.astype("str")
    widths = s.str.len() + s.str.count(_WIDE)
    return int(widths.max()) if len(widths) and widths.notna().any() else 1


def _number_width(values: np.ndarray, kind: str) -> int:
    finite = values[np.isfinite(values)]
    if not len(finite):
        return 1
    big = float(np.abs(finite).max())
    digits = len(str(int(big))) + (1 if (finite < 0).any() else 0)
    return digits + {"int": 0, "number": 2, "share": 4, "rate": 4}.get(kind, 3)


class _Column:
    """One column of the cadre table as cell XML bodies: everything after ``<c r="A2``; "" for blank."""

    def __init__(self, key: str, header: str, kind: str, bodies: list[str], width: float) -> None:
        self.key, self.header, self.kind, self.bodies, self.width = key, header, kind, bodies, width


def _cadre_columns(cadres: pd.DataFrame, keys: list[str], formats: _Formats) -> list[_Column]:
    """The cadre table's columns, prepared once and shared by the overall and the unit sheets."""
    display = ranked_table(cadres, keys)
    text_xf = formats.text._get_xf_index()
    out = []
    for key, header in zip(keys, display.columns):
        series = display[header]
        minimum = (_width(header) + 1) // 2 + 2  # a header wraps onto two lines
        if key == "flags":
            cache: dict[tuple[str, ...], str] = {}
            bodies = []
            for codes in cadres["flags"]:
                codes = tuple(x for x in codes if x in FLAG_LABELS)
                if codes not in cache:
                    if not codes:
                        cache[codes] = ""
                    elif len(codes) == 1:
                        xf = formats.flag[codes[0]]._get_xf_index() if codes[0] in formats.flag else text_xf
                        label = _xml_text(FLAG_LABELS[codes[0]])
                        cache[codes] = f'" s="{xf}" t="inlineStr"><is><t>{label}</t></is></c>'
                    else:
                        cache[codes] = f'" s="{text_xf}" t="inlineStr"><is>{_rich_flags(formats, codes)}</is></c>'
                bodies.append(cache[codes])
            width = max([_width("、".join(FLAG_LABELS[c] for c in codes)) for codes in cache] + [1])
            out.append(_Column(key, header, "flags", bodies, min(max(width + 2, minimum), _NOTES_WIDTH)))
        elif key == "flag_text":
            xf = formats.wrap._get_xf_index()
            notes = _texts(pd.Series(["\n".join(n) for n in cadres["flag_notes"]], dtype="str"))
            bodies = [f'" s="{xf}" t="inlineStr"><is><t xml:space="preserve">{v}</t></is></c>' if v else ""
                      for v in notes]
            out.append(_Column(key, header, "notes", bodies, float(_NOTES_WIDTH)))
        elif key in _GRADE_COLUMNS:
            xfs = {g: f._get_xf_index() for g, f in formats.grade.items()}
            bodies = [f'" s="{xfs.get(v, text_xf)}" t="inlineStr"><is><t>{v}</t></is></c>' if v else ""
                      for v in _texts(series)]
            out.append(_Column(key, header, "grade", bodies, max(8, minimum)))
        elif pd.api.types.is_numeric_dtype(series):
            kind = ("int" if key in _INT_COLUMNS else "share" if key in _SHARE_COLUMNS
                    else "rate" if key == "error_rate" else "number")
            xf = formats.numbers[kind]._get_xf_index()
            arr = series.to_numpy(dtype=float, na_value=float("nan"))
            finite = np.isfinite(arr)
            values = (arr.astype("int64") if kind == "int" and finite.all() else arr).tolist()
            bodies = [f'" s="{xf}"><v>{v!r}</v></c>' if ok else "" for v, ok in zip(values, finite.tolist())]
            width = _number_width(arr, kind)
            out.append(_Column(key, header, kind, bodies, min(max(width + 2, minimum), _NOTES_WIDTH)))
        else:
            preserve = series.astype("str").str.strip() != series.astype("str")
            texts = _texts(series)
            if preserve.any():
                bodies = [(f'" s="{text_xf}" t="inlineStr"><is><t xml:space="preserve">{v}</t></is></c>' if p
                           else f'" s="{text_xf}" t="inlineStr"><is><t>{v}</t></is></c>') if v else ""
                          for v, p in zip(texts, preserve.fillna(False).tolist())]
            else:
                bodies = [f'" s="{text_xf}" t="inlineStr"><is><t>{v}</t></is></c>' if v else "" for v in texts]
            width = _text_width(series)
            out.append(_Column(key, header, "text", bodies, min(max(width + 2, minimum), _NOTES_WIDTH)))
    return out


def _cadre_sheet(book: xlsxwriter.Workbook, formats: _Formats, name: str, title: str, columns: list[_Column],
                 rows: list[int] | None = None) -> None:
    """A sheet of cadres from prepared columns; ``rows`` picks positions (default: all)."""
    sheet = book.add_worksheet(name, worksheet_class=_BulkSheet)
    n = len(columns[0].bodies) if rows is None else len(rows)
    letters = [column_letter(c) for c in range(len(columns))]

    def data() -> Iterable[str]:
        for lo in range(0, n, _CHUNK_ROWS):
            hi = min(lo + _CHUNK_ROWS, n)
            numbers = range(lo + 2, hi + 2)
            cells = []
            for letter, col in zip(letters, columns):
                bodies = col.bodies[lo:hi] if rows is None else [col.bodies[i] for i in rows[lo:hi]]
                cells.append([f'<c r="{letter}{r}{b}' if b else "" for r, b in zip(numbers, bodies)])
            yield "".join(f'<row r="{r}">{"".join(row)}</row>' for r, row in zip(numbers, zip(*cells)))

    sheet.bulk_rows = data
    sheet.write_row(0, 0, [c.header for c in columns], formats.header)
    sheet.set_row(0, 30)
    sheet.dim_rowmax = n  # the data rows are written at close; the dimension must cover them
    for c, col in enumerate(columns):
        sheet.set_column(c, c, col.width)
    _finish(sheet, n, len(columns), title, name)


def _finish(sheet, n_rows: int, n_cols: int, title: str, name: str) -> None:
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(n_rows, 1), max(n_cols - 1, 0))
    _print_setup(sheet, title, name)


def _table_sheet(book: xlsxwriter.Workbook, formats: _Formats, name: str, title: str, frame: pd.DataFrame) -> None:
    """A generic table (inversion groups, unit flags, rejected rows)."""
    sheet = book.add_worksheet(name)
    headers = [str(h) for h in frame.columns]
    sheet.write_row(0, 0, headers, formats.header)
    sheet.set_row(0, 30)
    columns = []
    for c, header in enumerate(headers):
        col = frame.iloc[:, c]
        numeric = pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col)
        values = [_plain(v) for v in col]
        fmt = formats.numbers["share" if "占比" in header else "generic"]
        for r, v in enumerate(values, start=1):
            if v is None or v == "":
                continue
            if isinstance(v, str):
                sheet.write_string(r, c, v, formats.wrap if _width(v) > _NOTES_WIDTH else formats.text)
            elif isinstance(v, bool):
                sheet.write_boolean(r, c, v, formats.text)
            elif isinstance(v, int) and numeric:
                sheet.write_number(r, c, v, formats.numbers["int"])
            elif isinstance(v, float):
                sheet.write_number(r, c, v, fmt)
            else:
                sheet.write_string(r, c, str(v), formats.text)
        columns.append((header, values, numeric))
    for c, (header, values, numeric) in enumerate(columns):
        sheet.set_column(c, c, _column_width(header, values, numeric))
    _finish(sheet, len(frame), len(headers), title, name)


def _method_sheet(book: xlsxwriter.Workbook, formats: _Formats, name: str, title: str, scheme: Scheme) -> None:
    sheet = book.add_worksheet(name)
    sheet.write_row(0, 0, [EXPORT["method_item"], EXPORT["method_text"]], formats.header)
    r = 0
    for r, (topic, text) in enumerate(method_sections(scheme), start=1):
        sheet.write_string(r, 0, topic, formats.wrap)
        sheet.write_string(r, 1, text, formats.wrap)
    # The colour legend: grades and flags as the dashboard draws them.
    r += 1
    sheet.write_string(r, 0, COLUMN_LABELS["grade"], formats.wrap)
    parts: list[Any] = []
    for g in GRADES:
        parts += [formats.grade[g], f" {g} ", "　"]
    sheet.write_rich_string(r, 1, *parts[:-1], formats.wrap)
    r += 1
    sheet.write_string(r, 0, METHOD["flags"], formats.wrap)
    parts = []
    for code, label in FLAG_LABELS.items():
        parts += [formats.flag.get(code, formats.text), label, "　"]
    sheet.write_rich_string(r, 1, *parts[:-1], formats.wrap)
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 110)
    sheet.freeze_panes(1, 0)
    _print_setup(sheet, title, name)


def _provenance(result: Result, title: str) -> list[list[Any]]:
    e = EXPORT
    rows: list[list[Any]] = [[title], [e["version"], __version__],
                             [e["exported_at"], datetime.now().strftime("%Y-%m-%d %H:%M")],
                             [e["scheme_key"], result.scheme.key], []]
    rows.append([e["input_file"], e["sha256"]])
    rows += [[i["file"], i["sha256"]] for i in result.dataset.inputs]
    rows.append([])
    rows.append([e["source"], e["rows_read"], e["rows_accepted"], e["rows_rejected"]])
    rows += [[SOURCE_LABELS[s], v["read"], v["accepted"], v["rejected"]] for s, v in result.dataset.rows.items()]
    rows.append([])
    rows.append([e["scheme_yaml"]])
    rows += [[line] for line in result.scheme.to_yaml().splitlines()]
    return rows


def _provenance_sheet(book: xlsxwriter.Workbook, formats: _Formats, name: str, title: str, result: Result) -> None:
    sheet = book.add_worksheet(name)
    for r, row in enumerate(_provenance(result, title)):
        for c, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(r, c, value, formats.title if r == 0 else formats.text)
            else:
                sheet.write_number(r, c, value, formats.numbers["int"])
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, 1, 70)
    sheet.set_column(2, 3, 12)
    _print_setup(sheet, title, name, header_rows=0)


def write_workbook(result: Result, target: str | Path | io.BytesIO, county: str | None = None,
                   year: int | None = None, extra: dict[str, pd.DataFrame] | None = None) -> None:
    """Write the ranked workbook.

    Sheets, in order: 排名 (every cadre, header in row 1), 方法说明, one sheet
    per unit (columns :data:`UNIT_COLUMNS`), 倒挂分析, 单位标记, 未采用行,
    then each of ``extra`` (sheet name → a table with Chinese headers, e.g. the
    考核结果运用 lists from the archive), 考核方案与来源.  ``county`` and ``year``
    go into the printed title.
    """
    title = report_title(county, year)
    book = xlsxwriter.Workbook(target, _WORKBOOK_OPTIONS)
    book.set_properties({"title": title, "comments": f"appraisal {__version__}"})
    formats = _Formats(book)
    tables = result_tables(result)
    cadres = result.cadres
    columns = _cadre_columns(cadres, [k for k in COLUMN_LABELS if k in cadres.columns], formats)
    _cadre_sheet(book, formats, SHEET_NAMES["ranked"], title, columns)
    _method_sheet(book, formats, SHEET_NAMES["method"], title, result.scheme)
    fixed = [SHEET_NAMES[k] for k in ("ranked", "method", "groups", "units", "ledger", "rejected", "scheme")] + list(
        extra or {})
    names = unit_sheet_names(dict.fromkeys(cadres["unit"]), reserved=fixed)
    by_key = {c.key: c for c in columns}
    unit_columns = [by_key[k] for k in UNIT_COLUMNS if k in by_key]
    for unit, positions in cadres.groupby("unit", sort=False).indices.items():
        _cadre_sheet(book, formats, names[unit], title, unit_columns, positions.tolist())
    for key in ("groups", "units", "ledger", "rejected"):
        _table_sheet(book, formats, SHEET_NAMES[key], title, tables[key])
    for name, frame in (extra or {}).items():
        _table_sheet(book, formats, name, title, frame)
    _provenance_sheet(book, formats, SHEET_NAMES["scheme"], title, result)
    book.close()


def workbook_bytes(result: Result, county: str | None = None, year: int | None = None,
                   extra: dict[str, pd.DataFrame] | None = None) -> bytes:
    """The ranked workbook as bytes (for a download button); ``extra`` as for :func:`write_workbook`."""
    buf = io.BytesIO()
    write_workbook(result, buf, county, year, extra)
    return buf.getvalue()


def to_csv(frame: pd.DataFrame) -> bytes:
    """CSV bytes in UTF-8 with BOM (Excel opens it as Chinese), formula-looking text neutralized."""
    safe = frame.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(lambda v: safe_text(v) if isinstance(v, str) else v)
    # CRLF rows (RFC 4180): a carriage return inside a cell is then quoted, not a row break
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")

