"""Sheets laid out wide, turned into the long rows the checks know.

Two wide layouts are common in county offices:

- a vote summary: one row per cadre, and a block of 优秀 称职 基本称职 不称职
  columns per voter group, the group named in a merged cell above its block
  (or repeated over each of its columns)::

      编号 | 姓名 | 县领导                   | 干部职工                 | ...
           |      | 优秀 称职 基本称职 不称职 | 优秀 称职 基本称职 不称职 | ...

- a task sheet: one row per cadre, a pair of columns per task, named in one
  header cell each (``招商引资（目标）``, ``招商引资（完成）``) or under a merged
  task label (``招商引资`` over ``目标值 | 完成值``), and perhaps one 差错次数
  column for the cadre;
- an indicator-points sheet (指标得分表): one column per indicator holding the
  points earned, its full points in the header (``招商引资（20分）``), or a
  pair ``招商引资（满分）`` | ``招商引资（得分）``.  Each indicator is read as a
  task with target = full points and actual = points earned, and keeps its
  full points (``max_points``), from which the checks take its difficulty.

:func:`field_blocks` finds the blocks of a two-row header, :func:`task_pairs`
the pairs of a one-row task header, and :func:`long_rows` makes one long row
per cadre and block, each keeping its spreadsheet row and, per row, the
column each value came from, so a rejection still names the cell.  A block
left blank in a row is that group not voting, or that task not the cadre's:
no row is made for it (unless every block of the row is blank; then one row
stands, to be rejected as such).  A 合计 row is one row too, rejected once.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import pandas as pd

from ..texts import COLUMN_AT, COLUMN_IN_BLOCK
from .fields import TOTAL_LABEL, VOTE_FIELDS, field_of
from .files import column_letter
from .header import blank_rows

__all__ = ["field_blocks", "tally_blocks", "task_pairs", "task_points", "is_points_total", "long_rows", "TASK_BLOCK_FIELDS"]

Block = tuple[str, dict[str, int]]  # (the block's label: a voter group or a task, field -> column index)

#: The fields a task's block may have; 差错次数 outside any block is the cadre's, over all tasks.
TASK_BLOCK_FIELDS: tuple[str, ...] = ("target", "actual", "difficulty", "deadline", "done_on", "errors", "max_points")

# "招商引资（目标）", "招商引资-完成值", "项目建设计划": a task's name, then the word saying which of its values.
_TASK_WORDS: tuple[tuple[str, str], ...] = tuple(sorted((
    ("目标值", "target"), ("目标", "target"), ("计划值", "target"), ("计划数", "target"), ("计划", "target"),
    ("任务数", "target"), ("实际完成", "actual"), ("完成值", "actual"), ("完成数", "actual"), ("完成", "actual"),
    ("实际", "actual"), ("难度系数", "difficulty"), ("难度", "difficulty"), ("差错次数", "errors"), ("差错", "errors"),
    ("满分", "max_points"), ("满分值", "max_points"), ("得分", "actual"),
), key=lambda item: -len(item[0])))
_OPEN, _CLOSE = "（(【[-—_·:：", "）)】]"
# "招商引资（20分）", "招商引资(满分20)", "招商引资（满分：20分）", "招商引资20分": an indicator and its full points.
_POINTS = re.compile(r"^(?P<task>.+?)(?:[（(【\[](?:满分|分值)?[:：]?(?P<a>\d+(?:\.\d+)?)分?[）)】\]]"
                     r"|(?P<b>\d+(?:\.\d+)?)分)$")
# Columns of a points sheet that sum the indicators: not an indicator themselves (recomputed from the indicators).
_POINTS_TOTALS = ("合计", "总分", "总计", "小计", "得分合计", "总得分", "综合得分", "考核得分")


def _task_and_kind(text: str) -> tuple[str, str] | None:
    """("招商引资", "target") for "招商引资（目标）"; None for a header that is not a task's value."""
    s = re.sub(r"\s+", "", text).rstrip(_CLOSE)
    for word, kind in _TASK_WORDS:
        if s.endswith(word):
            task = s[:-len(word)].rstrip(_OPEN)
            return (task, kind) if task else None
    return None


def field_blocks(fields: list[str | None], labels: list[object], block_fields: tuple[str, ...]) -> list[Block] | None:
    """The blocks of a two-row header, or None if it is not one.

    ``fields``: the field each column names (the lower header row);
    ``labels``: the upper header row, merged cells filled.  Wide when the
    ``block_fields`` columns fall under two or more distinct labels, each
    label over a block that names each field at most once.  A column whose
    upper cell is its own header (merged down) belongs to no block.

    >>> fields = ["cadre_id", "excellent", "unfit", "excellent", "unfit"]
    >>> field_blocks(fields, ["编号", "县领导", "县领导", "干部", "干部"], VOTE_FIELDS)
    [('县领导', {'excellent': 1, 'unfit': 2}), ('干部', {'excellent': 3, 'unfit': 4})]
    >>> field_blocks(["cadre_id", "excellent", "unfit"], ["编号", "票数", "票数"], VOTE_FIELDS) is None
    True
    """
    blocks: dict[str, dict[str, int]] = {}
    for i, f in enumerate(fields):
        if f not in block_fields:
            continue
        label = "" if i >= len(labels) or labels[i] is None else str(labels[i]).strip()
        if field_of(label) == f:
            continue  # its own header merged down both rows (差错次数): the row's, not a block's
        if not label or label == "nan":
            return None
        block = blocks.setdefault(label, {})
        if f in block:
            return None
        block[f] = i
    if len(blocks) < 2:
        return None
    return list(blocks.items())


def tally_blocks(fields: list[str | None], labels: list[object]) -> list[Block] | None:
    """The voter-group blocks of a wide vote summary (see :func:`field_blocks`)."""
    return field_blocks(fields, labels, VOTE_FIELDS)


def task_pairs(headers: list[str]) -> list[Block] | None:
    """The tasks of a one-row wide task header: each task's target and actual (and difficulty, errors) columns.

    None unless at least one task has both a target and an actual column.

    >>> task_pairs(["编号", "招商引资（目标）", "招商引资（完成）", "项目建设目标值", "项目建设完成值", "差错次数"])
    [('招商引资', {'target': 1, 'actual': 2}), ('项目建设', {'target': 3, 'actual': 4})]
    """
    blocks: dict[str, dict[str, int]] = {}
    for i, text in enumerate(headers):
        if not text or field_of(text):
            continue  # a known header (编号, 差错次数): not a task's
        found = _task_and_kind(str(text))
        if found is None or found[1] in blocks.get(found[0], {}):
            continue
        blocks.setdefault(found[0], {})[found[1]] = i
    pairs = []
    for task, cols in blocks.items():
        if "max_points" in cols and "target" not in cols:
            cols = {**cols, "target": cols["max_points"]}  # 满分 | 得分: the full points are the target
        if {"target", "actual"} <= set(cols):
            pairs.append((task, cols))
    return pairs or None


def is_points_total(text: str) -> bool:
    """Whether a header sums a points sheet's indicators ("合计", "总分（100分）"), rather than being one."""
    s = re.sub(r"\s+", "", str(text))
    found = _POINTS.match(s)
    name = found.group("task").rstrip(_OPEN) if found else s
    return name in _POINTS_TOTALS or bool(TOTAL_LABEL.search(name))


def task_points(headers: list[str]) -> tuple[list[Block], dict[str, float]] | None:
    """The indicators of a points sheet: each one's column of points earned, and its full points from the header.

    None unless at least one header names an indicator with its points.
    A column summing the indicators (合计, 总分) is none of them.

    >>> task_points(["姓名", "招商引资（20分）", "项目建设(满分30)", "合计（100分）"])
    ([('招商引资', {'actual': 1}), ('项目建设', {'actual': 2})], {'招商引资': 20.0, '项目建设': 30.0})
    """
    blocks: list[Block] = []
    full: dict[str, float] = {}
    for i, text in enumerate(headers):
        if not text or field_of(text):
            continue
        found = _POINTS.match(re.sub(r"\s+", "", str(text)))
        if found is None:
            continue
        task = found.group("task").rstrip(_OPEN)
        if not task or task in full or is_points_total(task):
            continue
        blocks.append((task, {"actual": i}))
        full[task] = float(found.group("a") or found.group("b"))
    return (blocks, full) if blocks else None


def long_rows(body: pd.DataFrame, keep: dict[str, int], blocks: list[Block], texts: list[str],
              label_field: str, label_of: Callable[[str], str], block_fields: tuple[str, ...],
              once: dict[str, int] | None = None, labelled: bool = True) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """One row per sheet row and filled block: the kept fields, ``label_field``, the block's fields, ``row``.

    ``body``: the data rows (blank rows gone, index = 0-based sheet row);
    ``keep``: the columns repeated on each row (ID, name, unit);
    ``label_of(label)``: the value of ``label_field`` a block's label stands
    for; ``once``: columns of the sheet row as a whole (a cadre's 差错次数 over
    all tasks), given to the row's first long row and 0 on the others;
    ``labelled``: the block's label is a header row of its own (a rejection
    names it beside the column), not already in each column's header.
    Returns the frame and, per block field, each row's column label.
    """
    once = once or {}
    block_fields = tuple(f for f in block_fields if any(f in cols for _, cols in blocks))  # those the sheet has
    # A total row (合计 under the ID or name) is one row, not one a block: it is rejected once, as what it is.
    total = np.zeros(len(body), dtype=bool)
    for i in keep.values():
        text = body.iloc[:, i].astype("str").str.replace(r"\s+", "", regex=True)
        total |= text.str.contains(TOTAL_LABEL.pattern, regex=True).fillna(False).to_numpy(dtype=bool)
    filled = [~blank_rows(body.iloc[:, list(cols.values())]).to_numpy(dtype=bool) & ~total for _, cols in blocks]
    filled_any = np.logical_or.reduce(filled) if filled else np.zeros(len(body), dtype=bool)
    parts, labels = [], {f: [] for f in (*block_fields, *once)}
    for b, (label, cols) in enumerate(blocks):
        take = filled[b] | (~filled_any if b == 0 else False)
        rows = body[take]
        part = {f: rows.iloc[:, i].reset_index(drop=True) for f, i in keep.items()}
        part[label_field] = pd.Series([label_of(label)] * len(rows), dtype="str")
        for f in block_fields:
            if f in cols:
                part[f] = rows.iloc[:, cols[f]].reset_index(drop=True)
                at = (COLUMN_IN_BLOCK.format(header=texts[cols[f]], block=label, letter=column_letter(cols[f]))
                      if labelled else COLUMN_AT.format(header=texts[cols[f]], letter=column_letter(cols[f])))
                labels[f].append(np.full(len(rows), at, dtype=object))
            elif f not in once:
                part[f] = pd.Series([None] * len(rows), dtype=object)
                labels[f].append(np.full(len(rows), "", dtype=object))
        for f, i in once.items():
            part[f] = rows.iloc[:, i].reset_index(drop=True)
            labels[f].append(np.full(len(rows), COLUMN_AT.format(header=texts[i], letter=column_letter(i)),
                                     dtype=object))
        part["row"] = pd.Series(np.asarray(rows.index, dtype="int64") + 1, copy=False)
        part["_order"] = pd.Series(np.asarray(rows.index, dtype="int64") * len(blocks) + b, copy=False)
        parts.append(pd.DataFrame(part))
    frame = pd.concat(parts, ignore_index=True)
    order = np.argsort(frame["_order"].to_numpy(), kind="stable")  # sheet order: a cadre's blocks together
    frame = frame.iloc[order].drop(columns="_order").reset_index(drop=True)
    if once:
        later = frame["row"].duplicated(keep="first").to_numpy()  # the row's value counts once, on its first row
        for f in once:
            frame[f] = frame[f].astype(object).where(~later, 0)
    per_row = {f: np.concatenate(v)[order] for f, v in labels.items() if v}
    return frame, per_row
