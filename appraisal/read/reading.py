"""Reading what offices send: spreadsheets and CSV into recognized tables.

Three steps, each a function (the formats themselves are in ``workbook``,
``markup`` and ``delimited``; the header in ``header``):

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

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from ..errors import AppraisalError
from ..texts import COLUMN_AT, ERROR, FIELD_LABELS, SHEET_NAMES, SOURCE_LABELS, WARNING
from ..threads import BYTES_PER_ROW, workers
from .delimited import csv_grid
from .fields import (
    LAYOUTS,
    REQUIRED,
    VOTE_FIELDS,
    detect_source,
    field_of,
    synonym_rank,
)
from .files import OLE_MAGIC, ZIP_MAGIC, Grid, InputFile, Table, column_letter, corrupt
from .header import (
    blank_rows,
    fill_merged,
    find_header,
    first_filled_row,
    first_text,
    row_texts,
)
from .mapping import ColumnMapping
from .markup import HTML_START, SPREADSHEET_2003, html_grids, xml2003_grids
from .shapes import (
    TASK_BLOCK_FIELDS,
    field_blocks,
    is_points_total,
    long_rows,
    tally_blocks,
    task_pairs,
    task_points,
)
from .survey import survey_table
from .workbook import check_zip, load_sheets, scan_xls, scan_xlsx

__all__ = ["read_grids", "recognize", "group_of_sheet", "read_tables", "read_prepared", "missing_required", "check_required"]


#: Names of delimited text files (no extension: read as text too).
DELIMITED_SUFFIXES = (".csv", ".txt", ".tsv", "")


def read_grids(f: InputFile, limits: dict) -> list[Grid]:
    """Every sheet of one file as a :class:`Grid`.

    ``limits`` is the scheme's ``reading`` section.  Raises AppraisalError
    with a Chinese message for an empty, oversized, corrupt, encrypted,
    unreadable or unknown file, and for a sheet beyond ``max_rows`` or
    ``max_cells`` (checked before the sheet is loaded: for xlsx by scanning
    its XML, for CSV by counting lines and separators).  Delimited text has
    its own limits (``max_csv_mb``, ``max_csv_rows``, ``max_csv_cells``).
    """
    if not f.data or f.data.isspace():  # (isspace stops at the first other byte; strip() would copy the file)
        raise AppraisalError(ERROR["empty_file"].format(file=f.name))
    size_mb = len(f.data) / 2**20
    head = f.data[:8]
    # Delimited text has its own size limit: a province's 好差评 export is far larger than any workbook.
    text = f.suffix in DELIMITED_SUFFIXES and not head.startswith((ZIP_MAGIC, OLE_MAGIC))
    limit_mb = limits.get("max_csv_mb", limits["max_file_mb"]) if text else limits["max_file_mb"]
    if size_mb > limit_mb:
        raise AppraisalError(ERROR["too_large"].format(file=f.name, size_mb=size_mb, limit_mb=limit_mb))
    if head.startswith(ZIP_MAGIC):
        zf = check_zip(f, limits)
        return load_sheets(f, limits, scan_xlsx(f, zf, limits))
    if head.startswith(OLE_MAGIC):
        if "EncryptionInfo".encode("utf-16-le") in f.data:
            raise AppraisalError(ERROR["password"].format(file=f.name))
        return load_sheets(f, limits, scan_xls(f))
    if f.suffix in (".xlsx", ".xlsm", ".xls", ".xml") and SPREADSHEET_2003 in f.data[:4096]:
        return xml2003_grids(f, limits)  # Excel 2003's "XML 表格", still written by older systems
    if f.suffix in (".xlsx", ".xlsm", ".xls", ".ods", ".htm", ".html") and HTML_START.search(f.data[:4096]):
        return html_grids(f, limits)  # a web system's "导出Excel": an HTML page named .xls
    if f.suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        raise corrupt(f)
    if f.suffix not in DELIMITED_SUFFIXES:
        raise AppraisalError(ERROR["unknown_format"].format(file=f.name))
    return [csv_grid(f, limits)]


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
    grid = Grid(grid.file, grid.sheet, fill_merged(grid.cells, grid.merged), [])
    found = find_header(grid, scan_rows, extra)
    # The mapping may say what the sheet is (its source) and how it is laid out; a layout implies its source.
    layout = mapping.layout_of(grid.file, grid.sheet) if mapping else None
    forced = (mapping.source_of(grid.file, grid.sheet) if mapping else None) or LAYOUTS.get(layout or "long")
    # A sheet whose header makes up no source as it stands may be a survey export or a wide task sheet
    # (also when the mapping names its source: it says what the sheet is, not how it is laid out).  A
    # survey's answers are grade words, which may pass for a header: any sheet not clearly another
    # source is offered to the survey reader, which wants an identity question and columns of grades.
    detected = None if found is None else detect_source({f for f in found[2] if f})
    if layout == "survey" or (layout is None and forced in (None, "democratic") and detected in (None, "democratic")):
        survey = survey_table(grid, scan_rows, mapping.options if mapping else None, extra)
        if survey is not None:
            return survey
        if layout == "survey":
            return _not_laid_out(grid, found, scan_rows, layout)
    if layout == "wide_tasks" or (layout is None and forced in (None, "tasks") and detected is None):
        wide = _wide_tasks(grid, scan_rows, extra, formulas)
        if wide is not None:
            return wide
    if found is None:
        if layout not in (None, "long"):
            return _not_laid_out(grid, found, scan_rows, layout)
        headers = first_filled_row(grid, scan_rows)
        empty = pd.DataFrame({"row": pd.Series(dtype="int64")})
        return Table(grid.file, grid.sheet, None, 0, empty, {}, headers, title=first_text(grid, scan_rows))
    header_row, first_data, fields, texts = found
    # Several columns naming one field (职务 and 岗位; a second 优秀 block): the plainest header wins, then the first.
    candidates: dict[str, list[int]] = {}
    for i, f in enumerate(fields):
        if f:
            candidates.setdefault(f, []).append(i)
    best = {f: min(cols, key=lambda i, f=f: (synonym_rank(texts[i], f, extra), i)) for f, cols in candidates.items()}
    chosen = dict(sorted(best.items(), key=lambda item: item[1]))
    source = forced or detect_source(set(chosen))
    body = grid.cells.iloc[first_data:]
    blank = blank_rows(body)
    kept = body[~blank] if blank.any() else body
    two_rows = first_data - header_row >= 2 and layout != "long"
    blocks = (tally_blocks(fields, list(grid.cells.iloc[header_row]))
              if source == "democratic" and "voter_group" not in chosen and two_rows else None)
    if blocks:
        return _wide_tally(grid, kept, blocks, chosen, texts, header_row, int(blank.sum()), formulas, first_data,
                           voter_groups)
    task_blocks = (field_blocks(fields, list(grid.cells.iloc[header_row]), TASK_BLOCK_FIELDS)
                   if source == "tasks" and "task" not in chosen and two_rows else None)
    if task_blocks:
        return _long_tasks(grid, kept, task_blocks, fields, texts, header_row, int(blank.sum()), formulas, first_data)
    if layout in ("wide_tally", "wide_tasks"):
        return _not_laid_out(grid, found, scan_rows, layout)
    by_field = {f: kept.iloc[:, i].reset_index(drop=True) for f, i in chosen.items()}
    # Rows with content only outside the recognized columns still count: keep a probe of the first cell.
    first = next((f for f, i in chosen.items() if i == 0), "_first")
    if first == "_first":
        by_field["_first"] = kept.iloc[:, 0].reset_index(drop=True) if not kept.empty else pd.Series(dtype=object)
    by_field["row"] = pd.Series(np.asarray(kept.index, dtype="int64") + 1, copy=False)
    columns = {f: COLUMN_AT.format(header=texts[i], letter=column_letter(i)) for f, i in chosen.items()}
    group = group_of_sheet(grid.sheet, voter_groups) if source == "democratic" and "voter_group" not in chosen else None
    if group is not None:
        by_field["voter_group"] = pd.Series([group] * len(kept), dtype="str")
        columns["voter_group"] = FIELD_LABELS["voter_group"]
    data = pd.DataFrame(by_field)
    unused = {f: [COLUMN_AT.format(header=texts[i], letter=column_letter(i)) for i in cols if i != chosen[f]
                  and not blank_rows(kept.iloc[:, [i]]).all()] for f, cols in candidates.items()}
    uncached = _uncached(formulas, first_data, {f: [i] for f, i in chosen.items()})
    return Table(grid.file, grid.sheet, source, header_row + 1, data, columns, [t for t in texts if t],
                 n_blank=int(blank.sum()), unused={f: u for f, u in unused.items() if u}, formulas=uncached,
                 first=first, from_sheet={"voter_group": group} if group is not None else {})


def _not_laid_out(grid: Grid, found: tuple | None, scan_rows: int, layout: str) -> Table:
    """The unrecognized table of a sheet the mapping says is laid out in a way it is not: the note says why."""
    headers = [t for t in found[3] if t] if found is not None else first_filled_row(grid, scan_rows)
    empty = pd.DataFrame({"row": pd.Series(dtype="int64")})
    return Table(grid.file, grid.sheet, None, 0, empty, {}, headers, notes=[WARNING["layout_not_found"][layout]])


def _wide_tasks(grid: Grid, scan_rows: int, extra: dict[str, str] | None, formulas: list) -> Table | None:
    """A task sheet with a pair of columns per task in one header row (``招商引资（目标）``), or a column of
    points per indicator (``招商引资（20分）``), as long task rows."""
    for h in range(min(scan_rows, len(grid.cells))):
        texts = row_texts(grid.cells, h)
        blocks = task_pairs(texts)
        points = None if blocks else task_points(texts)
        if not blocks and not points:
            continue
        fields = [field_of(t, extra) if t else None for t in texts]
        if not {"cadre_id", "name"} & set(fields):
            continue  # no one to give the tasks to
        for _, cols in blocks or points[0]:
            for f, i in cols.items():
                fields[i] = f
        body = grid.cells.iloc[h + 1:]
        blank = blank_rows(body)
        kept = body[~blank] if blank.any() else body
        if points:
            return _points_tasks(grid, kept, points, fields, texts, h, int(blank.sum()), formulas)
        return _long_tasks(grid, kept, blocks, fields, texts, h, int(blank.sum()), formulas, h + 1, labelled=False)
    return None


def _points_tasks(grid: Grid, kept: pd.DataFrame, points: tuple[list, dict[str, float]], fields: list[str | None],
                  texts: list[str], header_row: int, n_blank: int, formulas: list) -> Table:
    """An indicator-points sheet as long task rows: target and ``max_points`` = the header's full points."""
    blocks, full = points
    table = _long_tasks(grid, kept, blocks, fields, texts, header_row, n_blank, formulas, header_row + 1,
                        labelled=False, shape="points_tasks")
    data = table.data.copy()
    data["target"] = data["max_points"] = data["task"].map(full).astype("float64")
    # The full points are in the header of the points' own column: a rejection names that column.
    at = {f: table.column_at["actual"] for f in ("target", "max_points")}
    named = {f: table.columns["actual"] for f in ("target", "max_points")}
    return replace(table, data=data, columns={**table.columns, **named}, column_at={**table.column_at, **at})


def _long_tasks(grid: Grid, kept: pd.DataFrame, blocks: list, fields: list[str | None], texts: list[str],
                header_row: int, n_blank: int, formulas: list, first_data: int, labelled: bool = True,
                shape: str = "wide_tasks") -> Table:
    """A wide task sheet (a block of columns per task) as the long task rows of one table.

    A 差错次数 column outside the blocks is the cadre's, over all their tasks: counted once
    (``Table.once``; the checks give it to the first of the cadre's rows they accept).
    """
    in_blocks = {i for _, cols in blocks for i in cols.values()}
    keep: dict[str, int] = {}
    for i, f in enumerate(fields):
        if f in ("cadre_id", "name", "unit") and f not in keep and i not in in_blocks:
            keep[f] = i
    once = next(({f: i} for i, f in enumerate(fields) if f == "errors" and i not in in_blocks), {})
    tasks = "、".join(task for task, _ in blocks[:8]) + ("等" if len(blocks) > 8 else "")
    if shape == "points_tasks":
        totals = [COLUMN_AT.format(header=t, letter=column_letter(i)) for i, t in enumerate(texts)
                  if t and i not in in_blocks and is_points_total(t)]
        note = WARNING["points_tasks"].format(
            file=grid.file, sheet=grid.sheet, n=len(blocks), tasks=tasks,
            totals=WARNING["points_totals"].format(columns="、".join(totals)) if totals else "")
    else:
        note = WARNING["wide_tasks"].format(file=grid.file, sheet=grid.sheet, n=len(blocks), tasks=tasks)
    return _reshaped(grid, kept, blocks, keep, texts, header_row, n_blank, formulas, first_data, "tasks", shape,
                     "task", str, TASK_BLOCK_FIELDS, note, once, labelled)


def _wide_tally(grid: Grid, kept: pd.DataFrame, blocks: list, chosen: dict[str, int], texts: list[str],
                header_row: int, n_blank: int, formulas: list, first_data: int, voter_groups: Iterable[str]) -> Table:
    """A wide vote summary (a block of counts per voter group) as the long tally rows of one table."""
    keep = {f: i for f, i in chosen.items() if f not in VOTE_FIELDS}
    groups = list(voter_groups)
    note = WARNING["wide_tally"].format(file=grid.file, sheet=grid.sheet, groups="、".join(label for label, _ in blocks))
    return _reshaped(grid, kept, blocks, keep, texts, header_row, n_blank, formulas, first_data, "democratic",
                     "wide_tally", "voter_group", lambda label: group_of_sheet(label, groups) or label, VOTE_FIELDS, note)


def _reshaped(grid: Grid, kept: pd.DataFrame, blocks: list, keep: dict[str, int], texts: list[str], header_row: int,
              n_blank: int, formulas: list, first_data: int, source: str, shape: str, label_field: str,
              label_of: Callable[[str], str], block_fields: tuple[str, ...], note: str,
              once: dict[str, int] | None = None, labelled: bool = True) -> Table:
    """The table of a wide sheet's long rows (:func:`appraisal.read.shapes.long_rows`): its columns as the user
    names them (the first block's, for messages without a row), per-row column labels, formulas, the note."""
    once = once or {}
    first = next((f for f, i in keep.items() if i == 0), "_first")
    if first == "_first":
        keep = {**keep, "_first": 0}  # a probe of the sheet's first cell, for total rows
    data, per_row = long_rows(kept, keep, blocks, texts, label_field, label_of, block_fields, once, labelled)
    named = {**{f: i for f, i in keep.items() if f != "_first"}, **blocks[0][1], **once}
    columns = {f: COLUMN_AT.format(header=texts[i], letter=column_letter(i)) for f, i in named.items()}
    columns[label_field] = FIELD_LABELS[label_field]
    cols_of = {f: [i] for f, i in {**keep, **once}.items()}
    for _, cols in blocks:
        for f, i in cols.items():
            cols_of.setdefault(f, []).append(i)
    return Table(grid.file, grid.sheet, source, header_row + 1, data, columns, [t for t in texts if t],
                 n_blank=n_blank, formulas=_uncached(formulas, first_data, cols_of), first=first, shape=shape,
                 column_at=per_row, notes=[note], once=tuple(once))


def _uncached(formulas: list, first_data: int, cols_of: dict[str, list[int]]) -> dict[str, list[int]]:
    """Per field, the sheet rows whose cell (in any of the field's columns) is a formula saved without its value."""
    by_column: dict[int, list[int]] = {}
    for r, c in formulas:
        if r >= first_data:
            by_column.setdefault(c, []).append(r + 1)
    return {f: sorted(r for i in cols if i in by_column for r in by_column[i]) for f, cols in cols_of.items()
            if f != "_first" and any(i in by_column for i in cols)}


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
            why = (table.notes[0] if table.notes
                   else WARNING["sheet_unrecognized"].format(headers="、".join(table.headers[:12]))
                   if table.headers else WARNING["sheet_empty"])
            if not grid.cells.empty and grid.sheet != SHEET_NAMES["notes"]:  # the template's own notes
                warnings.append(WARNING["sheet_ignored"].format(file=f.name, sheet=grid.sheet, why=why))
        else:
            for name, value in table.from_sheet.items():
                warnings.append(WARNING["field_from_sheet"].format(file=f.name, sheet=grid.sheet,
                                                                   field=FIELD_LABELS[name], value=value))
            warnings.extend(table.notes)
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
    missing = [FIELD_LABELS[req] for req in REQUIRED.get(table.source or "", ())
               if req not in table.columns and not (req == "cadre_id" and table.by_name)]
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
