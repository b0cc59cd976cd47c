"""Sheets laid out wide, turned into the long rows the checks know.

A vote summary is often kept wide: one row per cadre, and a block of
优秀 称职 基本称职 不称职 columns per voter group, the group named in a
merged cell above its block (or repeated over each of its columns)::

    编号 | 姓名 | 县领导               | 干部职工             | ...
         |      | 优秀 称职 基本称职 不称职 | 优秀 称职 基本称职 不称职 | ...

:func:`tally_blocks` finds the blocks in a recognized two-row header, and
:func:`long_tallies` makes one long row per cadre and group, each keeping
its spreadsheet row and, per row, the column its counts came from, so a
rejection still names the cell.  A group's block left blank in a row is
that group not voting on the cadre: no row is made for it (unless every
block of the row is blank; then one row stands, to be rejected as such).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from ..texts import COLUMN_IN_BLOCK
from .fields import VOTE_FIELDS
from .files import column_letter
from .header import blank_rows

__all__ = ["tally_blocks", "long_tallies"]

Block = tuple[str, dict[str, int]]  # (voter group as labelled, vote field -> column index)


def tally_blocks(fields: list[str | None], labels: list[object]) -> list[Block] | None:
    """The voter-group blocks of a wide tally header, or None if the header is not one.

    ``fields``: the field each column names (the lower header row);
    ``labels``: the upper header row, merged cells filled.  Wide when the
    vote columns fall under two or more distinct labels, each label over a
    block that names every vote field it has once.

    >>> fields = ["cadre_id", "excellent", "unfit", "excellent", "unfit"]
    >>> tally_blocks(fields, ["编号", "县领导", "县领导", "干部", "干部"])
    [('县领导', {'excellent': 1, 'unfit': 2}), ('干部', {'excellent': 3, 'unfit': 4})]
    >>> tally_blocks(["cadre_id", "excellent", "unfit"], ["编号", "票数", "票数"]) is None
    True
    """
    blocks: dict[str, dict[str, int]] = {}
    for i, f in enumerate(fields):
        if f not in VOTE_FIELDS:
            continue
        label = "" if i >= len(labels) or labels[i] is None else str(labels[i]).strip()
        if not label or label == "nan":
            return None
        block = blocks.setdefault(label, {})
        if f in block:
            return None
        block[f] = i
    if len(blocks) < 2:
        return None
    return list(blocks.items())


def long_tallies(body: pd.DataFrame, keep: dict[str, int], blocks: list[Block], texts: list[str],
                 group_of: Callable[[str], str]) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """One row per sheet row and group with votes: the kept fields, ``voter_group``, the counts, ``row``.

    ``body``: the data rows (blank rows gone, index = 0-based sheet row);
    ``keep``: the other fields' columns (ID, name, unit), repeated on each
    row; ``group_of(label)``: the voter group a block's label stands for.
    Returns the frame and, per vote field, each row's column label.
    """
    filled = [~blank_rows(body.iloc[:, list(cols.values())]).to_numpy(dtype=bool) for _, cols in blocks]
    filled_any = np.logical_or.reduce(filled) if filled else np.zeros(len(body), dtype=bool)
    parts, labels = [], {f: [] for f in VOTE_FIELDS}
    for b, (label, cols) in enumerate(blocks):
        take = filled[b] | (~filled_any if b == 0 else False)
        rows = body[take]
        part = {f: rows.iloc[:, i].reset_index(drop=True) for f, i in keep.items()}
        part["voter_group"] = pd.Series([group_of(label)] * len(rows), dtype="str")
        for f in VOTE_FIELDS:
            if f in cols:
                part[f] = rows.iloc[:, cols[f]].reset_index(drop=True)
                at = COLUMN_IN_BLOCK.format(header=texts[cols[f]], block=label, letter=column_letter(cols[f]))
                labels[f].append(np.full(len(rows), at, dtype=object))
            else:
                part[f] = pd.Series([None] * len(rows), dtype=object)
                labels[f].append(np.full(len(rows), "", dtype=object))
        part["row"] = pd.Series(np.asarray(rows.index, dtype="int64") + 1, copy=False)
        part["_order"] = pd.Series(np.asarray(rows.index, dtype="int64") * len(blocks) + b, copy=False)
        parts.append(pd.DataFrame(part))
    frame = pd.concat(parts, ignore_index=True)
    order = np.argsort(frame["_order"].to_numpy(), kind="stable")  # sheet order: a cadre's groups together
    frame = frame.iloc[order].drop(columns="_order").reset_index(drop=True)
    per_row = {f: np.concatenate(v)[order] for f, v in labels.items() if v}
    return frame, per_row
