"""Cleaning cell values the way offices write them.

Each function takes a Series of raw cells (strings, numbers, dates, blanks
mixed) and returns a clean Series of one type, with ``NaN``/``NaT``/``""``
where the cell was blank.  Callers compare the clean value with the raw one
to find cells that were written but could not be read.

>>> to_number(pd.Series(["１２０", "1,200", 3.0, "", "abc"])).tolist()
[120.0, 1200.0, 3.0, nan, nan]
>>> to_text(pd.Series([1001.0, " 1001 ", "ＧＢ０１"])).tolist()
['1001', '1001', 'GB01']
>>> [d.strftime("%Y-%m-%d") for d in to_date(pd.Series(["2025年3月5日", "2025/3/5", 45721]))]
['2025-03-05', '2025-03-05', '2025-03-05']
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..read import TOTAL_LABEL

__all__ = ["is_blank", "to_text", "to_name", "to_id_key", "to_number", "to_date", "is_total_row", "is_total_text", "drop_spaces",
           "link_key",
           "is_arrow_text", "as_arrow", "positions"]

_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")
# Python's whitespace (str.isspace) as a class of literal characters: the same set as re's \s, spelled so
# that pandas hands it to Arrow's regex engine instead of falling back to Python row by row.
SPACE = "[" + "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + "]"


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:
            return ""
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()[:10]
    return unicodedata.normalize("NFKC", str(value)).strip()


def is_arrow_text(s: pd.Series) -> bool:
    """True for pandas' Arrow-backed text (the ``str`` dtype): Arrow's kernels can work on it in place."""
    return isinstance(s.dtype, pd.StringDtype) and s.dtype.storage == "pyarrow"


def as_arrow(text: pd.Series) -> pa.Array:
    """A text Series as one Arrow array (no copy when it is Arrow-backed in one chunk already)."""
    if is_arrow_text(text):
        arr = pa.array(text.array)
        return arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    return pa.array(text.to_numpy(dtype=object), type=pa.large_string(), from_pandas=True)


def positions(values: pd.Series, lookups: pd.Series) -> np.ndarray:
    """The position in ``values`` (unique) of each lookup, -1 where absent: ``Index.get_indexer``.

    Text is looked up by Arrow's hash join (``index_in``), 3-5 times faster
    than pandas' at a province's 600,000 tallies.

    >>> positions(pd.Series(["a", "b"], dtype="str"), pd.Series(["b", "x", "a"], dtype="str")).tolist()
    [1, -1, 0]
    """
    if is_arrow_text(values) and is_arrow_text(lookups):
        found = pc.index_in(as_arrow(lookups), value_set=as_arrow(values))
        return pc.fill_null(found, -1).to_numpy(zero_copy_only=False).astype(np.intp)
    return pd.Index(values).get_indexer(lookups)


def _nfkc(text: pd.Series) -> pd.Series:
    """NFKC-folded text (full-width letters and digits to half-width); ASCII, already folded, is left alone.

    Arrow-backed text is folded by Arrow (utf8proc), 4× faster than pandas'
    per-value Python call.  Its Unicode tables are newer than Python 3.11's
    (14.0): it folds every character Python knows the same way (tested on
    each); only 167 characters assigned since then, none Chinese, differ.
    """
    if len(text) < 64:
        return text.str.normalize("NFKC")
    wide = ~text.str.isascii()
    if not wide.any():
        return text
    some = text[wide]
    if is_arrow_text(some):
        folded = pd.Series(pd.array(pc.utf8_normalize(as_arrow(some), form="NFKC"), dtype=some.dtype),
                           index=some.index, copy=False)
    else:
        folded = some.str.normalize("NFKC")
    return text.mask(wide, folded)


def _by_unique(func):
    """Run a cleaning function on a column's distinct values only, then spread the result back.

    Office columns repeat themselves (dates, units, rating words), so this
    turns most of the work from per-row into per-distinct-value.
    """

    def wrapper(s: pd.Series) -> pd.Series:
        if len(s) < 64:
            return func(s)
        codes, uniques = pd.factorize(s, use_na_sentinel=True)
        if not 0 < len(uniques) <= len(s) // 2:  # nothing repeats, or nothing at all (an all-blank column)
            return func(s)
        # True == 1 and False == 0 share a hash: a column mixing them is cleaned cell by cell
        if any(type(u) is not str and u in (0, 1) for u in uniques) and s.map(type).eq(bool).any():
            return func(s)
        clean = func(pd.Series(uniques, dtype=object))
        blank = func(pd.Series([None], dtype=object)).iloc[0]
        values = clean.to_numpy()
        out = np.where(codes >= 0, values[np.maximum(codes, 0)], blank)
        return pd.Series(out, index=s.index).astype(clean.dtype)

    wrapper.__doc__ = func.__doc__
    wrapper.__name__ = func.__name__
    wrapper.__wrapped__ = func
    return wrapper


def is_blank(s: pd.Series) -> pd.Series:
    """True where a cell holds nothing (None, NaN, empty or spaces)."""
    return to_text(s) == ""


@_by_unique
def to_text(s: pd.Series) -> pd.Series:
    """Cells as trimmed text: full-width folded (NFKC), 1001.0 as '1001', blanks as ''."""
    kind = pd.api.types.infer_dtype(s, skipna=True)
    if kind in ("string", "empty"):
        text = s.astype("str").where(s.notna(), "")
        return _nfkc(text).str.strip().astype("str")
    if kind in ("floating", "integer", "mixed-integer-float"):
        values = pd.to_numeric(s, errors="coerce").astype("float64")
        whole = values.notna() & (values == np.floor(values)) & (values.abs() < 1e16)
        out = pd.Series("", index=s.index, dtype="str")
        out[whole] = values[whole].astype("int64").astype("str")
        frac = values.notna() & ~whole
        out[frac] = values[frac].map(repr)
        return out
    return s.map(_cell_text).astype("str")


def drop_spaces(text: pd.Series) -> pd.Series:
    """Text with every whitespace character removed: '合 计' → '合计'."""
    return text.str.replace(SPACE, "", regex=True)


def to_name(s: pd.Series) -> pd.Series:
    """Names with padding spaces between Chinese characters removed: '张　三' → '张三'."""
    text = to_text(s)
    spaced = text.str.contains(SPACE, regex=True)  # the gap rule needs Python's regex: run it where it can apply
    if not spaced.any():
        return text
    return text.mask(spaced, text[spaced].str.replace(_CJK_GAP, "", regex=True))


# The middle dots written in minority names (阿依古丽·买买提): one spelling for matching.
_DOTS = re.compile("[·•‧・･∙⋅]")


def link_key(text: pd.Series) -> pd.Series:
    """Clean text (a name or a unit) as it is matched across sheets: no spaces at all, one middle dot.

    >>> link_key(pd.Series(["张 三", "阿依古丽•买买提", "青石镇 "])).tolist()
    ['张三', '阿依古丽·买买提', '青石镇']
    """
    return drop_spaces(text).str.replace(_DOTS, "·", regex=True)


def to_id_key(ids: pd.Series) -> pd.Series:
    """A key that matches the same ID written as a number or as text.

    Upper-cased, and all-digit IDs lose leading zeros, so ``"001001"``,
    ``1001`` and ``1001.0`` all match.

    >>> to_id_key(pd.Series(["001001", "1001", "gb7x"])).tolist()
    ['1001', '1001', 'GB7X']
    """
    text = ids.str.upper()
    digits = text.str.fullmatch(r"\d+")
    stripped = text.str.lstrip("0").replace("", "0")
    return text.where(~digits, stripped)


@_by_unique
def to_number(s: pd.Series) -> pd.Series:
    """Numbers from cells: full-width digits, thousands separators and spaces handled.

    Unreadable text becomes NaN; compare with :func:`is_blank` to tell it
    from a blank cell.
    """
    kind = pd.api.types.infer_dtype(s, skipna=True)
    if kind in ("floating", "integer", "mixed-integer-float"):
        out = pd.to_numeric(s, errors="coerce").astype("float64")
        return out.where(np.isfinite(out))
    if kind in ("string", "empty"):
        values = pd.Series(np.nan, index=s.index)
    else:
        values = pd.to_numeric(s.where(s.map(lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)),
                                         np.nan), errors="coerce")
    text = drop_spaces(to_text(s).str.replace(r"[,，]", "", regex=True))
    parsed = pd.to_numeric(text.where(text != ""), errors="coerce")
    out = values.fillna(parsed).astype("float64")
    return out.where(np.isfinite(out))


def _as_ns(dates: pd.Series) -> pd.Series:
    """Dates as datetime64[ns]; one that type cannot hold (9999-12-31 for "no deadline", year 1000) becomes NaT."""
    inside = (dates >= pd.Timestamp.min) & (dates <= pd.Timestamp.max)
    return dates.where(inside).astype("datetime64[ns]")


@_by_unique
def to_date(s: pd.Series) -> pd.Series:
    """Dates from cells: real dates, Excel serial numbers, 2025-03-05, 2025/3/5, 2025.3.5, 2025年3月5日, 20250305."""
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    kind = pd.api.types.infer_dtype(s, skipna=True)
    if kind in ("datetime", "date", "datetime64"):
        return _as_ns(pd.to_datetime(s, errors="coerce").dt.normalize())
    if kind in ("string", "empty", "floating", "integer", "mixed-integer-float"):
        is_date = pd.Series(False, index=s.index)
    else:
        is_date = s.map(lambda v: isinstance(v, (dt.datetime, dt.date)))
    if is_date.any():
        out[is_date] = _as_ns(pd.to_datetime(s[is_date].map(lambda v: pd.Timestamp(v).normalize())))
    text = to_text(s)
    serial = pd.to_numeric(text.where(~is_date & text.str.fullmatch(r"\d{1,5}(\.\d+)?")), errors="coerce")
    ok_serial = serial.between(1, 2958465)
    if ok_serial.any():
        out[ok_serial] = _EXCEL_EPOCH + pd.to_timedelta(np.floor(serial[ok_serial]), unit="D")
    rest = ~is_date & ~ok_serial & (text != "")
    if rest.any():
        # drop a time of day ("10:30", "T08:00:00"), then every space ("2025 年 3 月 5 日")
        t = (text[rest].str.replace(r"[T\s]*\d{1,2}:\d{1,2}(?::\d{1,2}(?:\.\d*)?)?$", "", regex=True)
             .str.replace(SPACE, "", regex=True)
             .str.replace(r"[年月/.]", "-", regex=True).str.replace("日", "", regex=False))
        compact = t.str.fullmatch(r"\d{8}")
        t = t.where(~compact, t.str.slice(0, 4) + "-" + t.str.slice(4, 6) + "-" + t.str.slice(6, 8))
        out[rest] = _as_ns(pd.to_datetime(t, format="%Y-%m-%d", errors="coerce"))
    return out


def is_total_text(text: pd.Series) -> pd.Series:
    """True where clean text (see :func:`to_text`) is a total label: "合 计", "总计：", "青石镇小计"."""
    return drop_spaces(text).str.contains(TOTAL_LABEL.pattern, regex=True)


def is_total_row(*columns: pd.Series) -> pd.Series:
    """True where any of the given cells starts with 合计/小计/总计 or ends with one ("青石镇小计").

    >>> is_total_row(pd.Series(["合 计", "青石镇小计", "合作社"])).tolist()
    [True, True, False]
    """
    result = None
    for col in columns:
        hit = is_total_text(to_text(col))
        result = hit if result is None else result | hit
    return result
