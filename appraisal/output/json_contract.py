"""The ``--json`` contract: a :class:`~appraisal.scoring.pipeline.Result` as JSON.

In: a scored result.  Out: :func:`result_dict` (plain Python values) and
:func:`result_json_bytes` / :func:`result_json` (the text the command line
writes, indent 1, Chinese kept, no NaN).  The tables are written a column at
a time through Arrow, byte for byte what ``json.dumps(result_dict(r),
ensure_ascii=False, indent=1)`` gives, so a province's 90 MB is built once.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .._version import __version__
from ..scoring import Result

__all__ = ["JSON_CADRE_FIELDS", "result_dict", "result_json", "result_json_bytes"]

# The cadre fields of the contract, in order.
JSON_CADRE_FIELDS: list[str] = [
    "cadre_id", "name", "unit", "unit_type", "post", "workload", "task_score", "error_rate",
    "service_score", "service_n", "democratic_score", "leader_score", "weighted_score", "bonus", "penalty",
    "adjust_note", "composite", "excused_errors", "composite_unexcused", "grade_unexcused", "excused_note",
    "rank_in_unit", "grade", "grade_basis", "flags",
]


def _json_members(result: Result) -> dict[str, Any]:
    """The top-level members of the JSON contract; tables still as frames."""
    return {
        "cadres": result.cadres[JSON_CADRE_FIELDS],
        "groups": result.groups[["by", "name", "n", "rho", "p", "q", "inversion"]],
        "units": result.units[["unit", "flags"]],
        "rows": result.dataset.rows,
        "linked_by_name": result.dataset.linked_by_name,
        "rejected": result.dataset.rejected[["file", "sheet", "row", "column", "reason"]],
        "scheme": result.scheme.to_dict(),
        "inputs": result.dataset.inputs,
        "version": __version__,
    }


def result_dict(result: Result) -> dict[str, Any]:
    """The JSON contract of the command line's ``--json``, as plain Python values."""
    return {key: _records(value) if isinstance(value, pd.DataFrame) else value
            for key, value in _json_members(result).items()}


def result_json(result: Result, path: str | Path | None = None, extra: dict[str, Any] | None = None) -> str:
    """The JSON text (UTF-8, Chinese kept readable); written to ``path`` when given.

    The same text as ``json.dumps(result_dict(result), ensure_ascii=False, indent=1)``,
    with the tables written a column at a time (see :func:`result_json_bytes`).
    """
    data = result_json_bytes(result, extra)
    if path is not None:
        Path(path).write_bytes(data)
    return data.decode("utf-8")


def result_json_bytes(result: Result, extra: dict[str, Any] | None = None) -> bytes:
    """:func:`result_json`'s text encoded as UTF-8, built as bytes: a province's 90 MB is copied once, not decoded.

    ``extra``: further members after the contract's own (``consequences``, the 考核结果运用 lists, when the
    command line is given the archive).
    """
    members = [f" {_json_str(key)}: ".encode("utf-8") + _member_json(value)
               for key, value in {**_json_members(result), **(extra or {})}.items()]
    return b"{\n" + b",\n".join(members) + b"\n}"


# What json.dumps(..., ensure_ascii=False) writes for a str (the C version when there is one).
_json_str = json.encoder.encode_basestring


def _dumps(value: Any) -> str:
    """``json.dumps`` as ``--json`` writes: indent 1, Chinese kept, no NaN."""
    return json.dumps(value, ensure_ascii=False, indent=1, allow_nan=False)


def _plain(value: Any) -> Any:
    """One cell as a JSON-ready Python value: NaN, NaT and infinities as None, numpy scalars as Python's."""
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if math.isnan(value) or math.isinf(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(v) for v in value]
    if value is pd.NaT or value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value


def _numpy_kind(column: pd.Series) -> str:
    """The numpy dtype kind ("b", "i", "u", "f", ...), or "" for a pandas extension dtype."""
    return column.dtype.kind if isinstance(column.dtype, np.dtype) else ""


def _set(values: list[Any], where: np.ndarray, value: Any) -> list[Any]:
    """``values`` with the positions where ``where`` is true set to ``value`` (in place)."""
    for i in np.flatnonzero(where):
        values[i] = value
    return values


def _column_values(column: pd.Series) -> list[Any]:
    """``[_plain(v) for v in column]``, a column at a time where the dtype allows."""
    kind = _numpy_kind(column)
    if kind in ("b", "i", "u"):
        return column.tolist()  # Python bool / int
    if kind == "f":
        return _set(column.tolist(), ~np.isfinite(column.to_numpy()), None)
    if isinstance(column.dtype, pd.StringDtype):
        return _set(column.tolist(), column.isna().to_numpy(), None)
    return [_plain(v) for v in column.tolist()]


def _column_json(column: pd.Series, indent: str) -> pa.Array:
    """Each cell's JSON text, as :func:`_dumps` writes ``_plain(cell)`` nested ``indent`` deep.

    Numbers and strings: each distinct value is written once (units, grades
    and many scores repeat), then spread by its codes; code -1 (missing) is null.
    """
    kind = _numpy_kind(column)
    if kind == "b":
        codes, texts = column.to_numpy().astype(np.intp), ["false", "true"]
    elif kind in ("i", "u"):
        codes, uniques = pd.factorize(column.to_numpy())
        texts = list(map(int.__repr__, uniques.tolist()))
    elif kind == "f":  # distinct by bit pattern, so -0.0 is not written as 0.0
        values = column.to_numpy()
        codes, bits = pd.factorize(values.view(f"i{values.itemsize}"))
        uniques = bits.view(values.dtype)
        texts = _set(list(map(float.__repr__, uniques.tolist())), ~np.isfinite(uniques), "null")
    elif isinstance(column.dtype, pd.StringDtype):
        codes, uniques = pd.factorize(column)
        texts = list(map(_json_str, uniques.tolist()))
    else:
        return _arrow_texts(_object_json(column.tolist(), indent))
    return _arrow_texts(texts + ["null"]).take(np.where(codes < 0, len(texts), codes))


_SURROGATE = re.compile("[\ud800-\udfff]")


def _utf8(text: str) -> bytes:
    """JSON text as UTF-8; a lone surrogate (say, from a file name that was not UTF-8) has no UTF-8 form
    and is written as its JSON escape, ``\\udXXX``, which reads back as the same string."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode("utf-8")


def _arrow_texts(texts: list[str]) -> pa.Array:
    """JSON texts as an Arrow array (UTF-8; lone surrogates escaped as in :func:`_utf8`)."""
    try:
        return pa.array(texts, type=pa.large_string())
    except UnicodeEncodeError:
        return pa.array([_utf8(t) for t in texts], type=pa.large_string())


def _object_json(values: list[Any], indent: str) -> list[str]:
    """Cell by cell, for what is neither a number nor a string (lists of flag codes, timestamps).

    Most cadres have no flag (``[]``); each distinct list of strings is written once.
    """
    written: dict[tuple[str, ...], str] = {}

    def text(value: Any) -> str:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            key = tuple(value)
            if key not in written:
                written[key] = _dumps(value).replace("\n", "\n" + indent)
            return written[key]
        return _dumps(_plain(value)).replace("\n", "\n" + indent)

    return ["[]" if type(v) is list and not v else text(v) for v in values]


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as dicts of plain Python values (see :func:`_plain`)."""
    cols = list(frame.columns)
    if not cols:
        return [{} for _ in range(len(frame))]
    columns = [_column_values(frame[c]) for c in cols]
    return [dict(zip(cols, row)) for row in zip(*columns)]


def _records_json(frame: pd.DataFrame, pad: str = "") -> bytes:
    """``_dumps(_records(frame))`` with ``pad`` after each newline, as UTF-8, built a column at a time.

    Each row is ``{pad} {\n{pad}  "key": value,\n ...\n{pad} }``: the keys and
    the cells' texts are joined row by row by Arrow, and the rows are one
    buffer of text, so no Python string is made per row.
    """
    if frame.empty:  # no rows, or rows without columns
        return _utf8(_dumps(_records(frame)).replace("\n", "\n" + pad))
    parts: list[pa.Array | pa.Scalar] = []
    for i, c in enumerate(frame.columns):
        before = f"{pad} {{\n" if i == 0 else ",\n"
        parts += [pa.scalar(f"{before}{pad}  {_json_str(c)}: ", pa.large_string()),
                  _column_json(frame[c], indent=pad + "  ")]
    parts.append(pa.scalar(f"\n{pad} }},\n", pa.large_string()))
    rows = pc.binary_join_element_wise(*parts, pa.scalar("", pa.large_string()))
    offsets = np.frombuffer(rows.buffers()[1], dtype=np.int64)[rows.offset:rows.offset + len(rows) + 1]
    text = memoryview(rows.buffers()[2])[offsets[0]:offsets[-1] - 2]  # the last row's ",\n" dropped
    return b"".join([b"[\n", text, f"\n{pad}]".encode("utf-8")])


def _member_json(value: Any) -> bytes:
    """A top-level member's JSON as UTF-8, one level deep (strings hold no raw newline)."""
    if isinstance(value, pd.DataFrame):
        return _records_json(value, pad=" ")
    return _utf8(_dumps(value).replace("\n", "\n "))
