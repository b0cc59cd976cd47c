"""Survey-tool ballot exports (问卷星, 腾讯问卷, 金数据 …): one voter a row, one column per cadre.

Democratic evaluation is mostly collected online now.  The export has the
tool's own columns (序号, 提交答卷时间, 所用时间, 来源, 来自IP …), an
identity question (``您的身份是：``) whose answer is the voter's group, and
one column per cadre, the cadre named in the header
(``2、请对以下同志作出评价—张三（青石镇）``, or ``2(张三)`` for a matrix
question) holding 优秀/称职/基本称职/不称职 (or, with ``options`` in the
mapping, the option numbers).

:func:`survey_table` recognizes such a sheet and makes one ballot row per
voter and cadre, named by the header's name (and unit), with the voter's
group and serial number; every row keeps its spreadsheet row and the
column of its cadre, so a rejection names the cell.  A blank cell is no
vote: no row (a voter who left every cadre blank keeps one row, to be
rejected as such).  The tool's other columns are not read, and the report
names them.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from ..scheme import GRADES
from ..texts import COLUMN_AT, FIELD_LABELS, WARNING
from .fields import field_of, normalize_header
from .files import Grid, Table, column_letter
from .header import blank_rows, row_texts

__all__ = ["survey_table", "cadre_of_header", "IDENTITY_HEADER", "SERIAL_HEADERS"]

# The identity question: "您的身份是：", "测评人身份", "您属于", "投票人类别".
IDENTITY_HEADER = re.compile(r"身份|类别|您是|您属于")
# Columns that number the answers, used as the voter's ID (straight-lining checks need one).
SERIAL_HEADERS: tuple[str, ...] = ("序号", "答卷编号", "答卷序号", "编号", "ID")
# The cadres' columns are those with grades among their filled cells (in the first rows); together at least
# this share of their filled cells must be grades.  The rest (弃权, a typo) are rejected by name, never
# dropped with the column; a sheet below the share (a second header row of 优秀 称职 … over counts) is no survey.
_BALLOT_SHARE = 0.8
_SAMPLE_ROWS = 200

_QNUM = re.compile(r"^\s*(?:第\s*)?\d+\s*(?:题)?\s*[、.．:：)）\s]\s*")
_MATRIX = re.compile(r"^\s*\d+\s*[（(](.+)[）)]\s*$")  # 问卷星's matrix rows: "2(张三（青石镇）)"
_SEPARATOR = re.compile(r"[—–－\-:：_|｜→]+")
_NAME_UNIT = re.compile(r"(.+?)\s*[（(\[【]\s*(.+?)\s*[）)\]】]\s*")


def cadre_of_header(text: object) -> tuple[str, str, str]:
    """The cadre a survey column is about, as (name, unit, ID); '' where the header does not say.

    >>> cadre_of_header("2、请对以下同志作出评价—张三（青石镇）")
    ('张三', '青石镇', '')
    >>> cadre_of_header("2(李 四)"), cadre_of_header("第3题：王五(1003)")
    (('李四', '', ''), ('王五', '', '1003'))
    """
    s = unicodedata.normalize("NFKC", str(text)).strip()
    matrix = _MATRIX.match(s)
    s = matrix.group(1) if matrix else _QNUM.sub("", s)
    s = _SEPARATOR.split(s)[-1].strip()
    name, inner = s, ""
    found = _NAME_UNIT.fullmatch(s)
    if found:
        name, inner = found.groups()
    name = re.sub(r"\s+", "", name)
    inner = re.sub(r"\s+", "", inner)
    if inner and re.fullmatch(r"[A-Za-z]*\d+", inner):
        return name, "", inner
    return name, inner, ""


def _clean_one(v: object) -> str:
    if v is None or (isinstance(v, float) and (v != v)):
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(v)))


def _clean(values: np.ndarray | pd.Series) -> np.ndarray:
    """Cells as stripped text ('' for blanks), spaces inside removed: '优 秀' → '优秀'.

    Cleaned once per distinct value: a cadre's column holds a handful of grades over many voters.
    """
    codes, uniques = pd.factorize(pd.Series(values, dtype=object) if isinstance(values, np.ndarray) else values)
    clean = np.array([_clean_one(v) for v in uniques] + [""], dtype=object)  # code -1 (blank): the last, ""
    return clean[codes]


def _ballot_columns(cells: pd.DataFrame, start: int, headers: list[str], skip: set[int], allowed: set[str],
                    extra: dict[str, str] | None) -> list[int]:
    """Columns whose filled cells (in the first rows) are mostly grades: one per cadre.

    A column whose header names a known field (测评等次 of a ballot sheet, 上年度等次 mapped) is not a cadre's.
    """
    sample = cells.iloc[start:start + _SAMPLE_ROWS]
    found, grades, filled_cells = [], 0, 0
    for c in range(cells.shape[1]):
        if c in skip or not headers[c] or field_of(headers[c], extra):
            continue
        values = _clean(sample.iloc[:, c])
        filled = values[values != ""]
        hits = int(np.isin(filled, list(allowed)).sum())
        if hits:
            found.append(c)
            grades, filled_cells = grades + hits, filled_cells + len(filled)
    return found if found and grades >= _BALLOT_SHARE * filled_cells else []


def survey_table(grid: Grid, scan_rows: int, options: dict[str, str] | None = None,
                 extra: dict[str, str] | None = None) -> Table | None:
    """The sheet as ballot rows if it is a survey export (see the module docstring), else None.

    ``extra``: the mapping's headers → fields; a column mapped to
    ``voter_group`` is the identity question whatever it is called.
    """
    cells = grid.cells
    options = {str(k).strip(): str(v).strip() for k, v in (options or {}).items()}
    allowed = set(GRADES) | set(options)
    for h in range(min(scan_rows, len(cells) - 1)):
        headers = row_texts(cells, h)
        identity = next((c for c, t in enumerate(headers) if t and field_of(t, extra) == "voter_group"), None)
        if identity is None:
            identity = next((c for c, t in enumerate(headers) if t and IDENTITY_HEADER.search(t)), None)
        if identity is None:
            continue
        ballots = _ballot_columns(cells, h + 1, headers, {identity}, allowed, extra)
        if ballots:
            return _ballot_rows(grid, h, headers, identity, ballots, options)
    return None


def _ballot_rows(grid: Grid, h: int, headers: list[str], identity: int, ballots: list[int],
                 options: dict[str, str]) -> Table:
    body = grid.cells.iloc[h + 1:]
    cadres = [cadre_of_header(headers[c]) for c in ballots]
    values = np.column_stack([_clean(body.iloc[:, c]) for c in ballots])
    filled_cells = values != ""
    group = _clean(body.iloc[:, identity])
    voter_filled = ~blank_rows(body).to_numpy(dtype=bool)  # an answer sheet with anything on it is a voter
    keep = filled_cells.copy()
    keep[voter_filled & ~filled_cells.any(axis=1), 0] = True  # a voter who voted on nobody: one row, rejected
    rows, cols = np.nonzero(keep)  # row-major: a voter's ballots together, in column order
    serial = next((c for c, t in enumerate(headers) if normalize_header(t) in SERIAL_HEADERS), None)
    sheet_rows = np.asarray(body.index, dtype="int64") + 1
    voter_ids = (_clean(body.iloc[:, serial]) if serial is not None
                 else sheet_rows.astype(str).astype(object))
    ballot = values[rows, cols]
    if options:
        ballot = pd.Series(ballot, dtype=object).replace(options).to_numpy(dtype=object)
    by_id = all(cid for _, _, cid in cadres)
    labels = np.array([COLUMN_AT.format(header=headers[c], letter=column_letter(c)) for c in ballots], dtype=object)
    data = {}
    if by_id:
        data["cadre_id"] = pd.Series(np.array([cid for _, _, cid in cadres], dtype=object)[cols], dtype="str")
    else:
        data["name"] = pd.Series(np.array([n for n, _, _ in cadres], dtype=object)[cols], dtype="str")
        if any(u for _, u, _ in cadres):
            data["unit"] = pd.Series(np.array([u for _, u, _ in cadres], dtype=object)[cols], dtype="str")
    data["voter_group"] = pd.Series(group[rows], dtype="str")
    data["voter_id"] = pd.Series(np.asarray(voter_ids, dtype=object)[rows], dtype="str")
    data["ballot"] = pd.Series(ballot, dtype="str")
    data["row"] = pd.Series(sheet_rows[rows], dtype="int64")
    frame = pd.DataFrame(data)
    per_row = labels[cols]
    column_at = {f: per_row for f in ("cadre_id", "name", "unit", "ballot") if f in frame}
    columns = {f: FIELD_LABELS[f] for f in column_at}
    columns["voter_group"] = COLUMN_AT.format(header=headers[identity], letter=column_letter(identity))
    columns["voter_id"] = (COLUMN_AT.format(header=headers[serial], letter=column_letter(serial)) if serial is not None
                           else FIELD_LABELS["voter_id"])
    used = {identity, *ballots, *([serial] if serial is not None else [])}
    unread = [COLUMN_AT.format(header=t, letter=column_letter(c)) for c, t in enumerate(headers) if c not in used and t]
    note = WARNING["survey"].format(file=grid.file, sheet=grid.sheet, n=len(ballots), identity=headers[identity],
                                    unread="、".join(unread) or WARNING["survey_none_unread"])
    return Table(grid.file, grid.sheet, "democratic", h + 1, frame, columns, [t for t in headers if t],
                 n_blank=int((~voter_filled).sum()), first="voter_group", shape="survey", column_at=column_at,
                 notes=[note])
