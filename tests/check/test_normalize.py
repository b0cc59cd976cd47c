"""Cell cleaning: every way an office writes a number, an ID, a name or a date.

Each rule is a parametrize table (the datasette habit): the raw cell as a
spreadsheet reader hands it over, and the clean value worked out by hand.
Every case also runs in a long column (≥ 64 cells), where the functions
clean distinct values once and spread them back, to prove both paths agree.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest
from openpyxl.utils.datetime import from_excel

from appraisal.check.normalize import is_blank, is_total_row, to_date, to_id_key, to_name, to_number, to_text


def _both_paths(func, values: list) -> list:
    """Clean ``values`` alone and inside a long repetitive column; both must agree."""
    short = func(pd.Series(values, dtype=object)).tolist()
    long = func(pd.Series(values * (1 + 64 // max(len(values), 1)) + [values[0]] * 64, dtype=object))
    assert long.iloc[: len(values)].tolist() == short or _same_nan(long.iloc[: len(values)].tolist(), short)
    return short


def _same_nan(a: list, b: list) -> bool:
    return all((x == y) or (pd.isna(x) and pd.isna(y)) for x, y in zip(a, b))


# ------------------------------------------------------------------ numbers

@pytest.mark.parametrize(("raw", "expected"), [
    ("１２０", 120.0),            # full-width digits
    ("1,200", 1200.0),           # thousands separator
    ("1，200", 1200.0),          # full-width comma as separator
    ("1 200", 1200.0),           # space as separator
    (" 12.5 ", 12.5),            # padding
    ("１２.５", 12.5),
    ("-3", -3.0),
    (3, 3.0),
    (3.5, 3.5),
    (np.int64(7), 7.0),
    ("0", 0.0),
    ("", None),
    ("   ", None),
    (None, None),
    (float("nan"), None),
    ("abc", None),
    ("十二", None),              # Chinese numerals are not read (rejected later, not guessed)
    (float("inf"), None),
])
def test_to_number(raw, expected):
    got = _both_paths(to_number, [raw, 1.0])[0]
    if expected is None:
        assert math.isnan(got)
    else:
        assert got == expected


def test_to_number_mixed_column_keeps_positions():
    s = pd.Series(["１２０", 5, "", "x", 2.5, None], index=[10, 11, 12, 13, 14, 15], dtype=object)
    out = to_number(s)
    assert out.index.tolist() == [10, 11, 12, 13, 14, 15]
    assert out.dtype == "float64"
    assert _same_nan(out.tolist(), [120.0, 5.0, np.nan, np.nan, 2.5, np.nan])


# ------------------------------------------------------------------ text and IDs

@pytest.mark.parametrize(("raw", "expected"), [
    (1001, "1001"),
    (1001.0, "1001"),            # an ID typed as a number comes back from Excel as a float
    ("1001", "1001"),
    (" 1001 ", "1001"),
    ("１００１", "1001"),         # full-width digits
    ("ＧＢ０１", "GB01"),
    ("\u3000张三\u3000", "张三"),  # full-width spaces around
    (12.5, "12.5"),
    (None, ""),
    (float("nan"), ""),
    ("", ""),
    (dt.date(2025, 3, 5), "2025-03-05"),
])
def test_to_text(raw, expected):
    assert _both_paths(to_text, [raw, "x"])[0] == expected


@pytest.mark.parametrize(("raw", "expected"), [
    ("张　三 ", "张三"),          # full-width space inside, trailing space
    ("张 三", "张三"),
    (" 李四\u3000", "李四"),
    ("欧阳  小 明", "欧阳小明"),
    ("Li Ming", "Li Ming"),      # spaces between Latin letters stay
    ("买买提·艾力", "买买提·艾力"),
])
def test_to_name(raw, expected):
    assert _both_paths(to_name, [raw, "x"])[0] == expected


@pytest.mark.parametrize("raw", [1001, 1001.0, "1001", " 1001", "１００１", "001001"])
def test_to_id_key_matches_number_and_text_spellings(raw):
    assert to_id_key(to_text(pd.Series([raw], dtype=object))).tolist() == ["1001"]


def test_to_id_key_upper_cases_letters_and_keeps_zero():
    assert to_id_key(pd.Series(["gb7x", "0", "000", "A0001"])).tolist() == ["GB7X", "0", "0", "A0001"]


def test_is_blank():
    s = pd.Series([None, np.nan, "", "  ", "\u3000", 0, "0", "x"], dtype=object)
    assert is_blank(s).tolist() == [True, True, True, True, True, False, False, False]


# ------------------------------------------------------------------ dates

# Excel's serial for 2025-03-05 is 45721 (=DATE(2025,3,5) in Excel; openpyxl.utils.datetime.from_excel agrees).
SERIAL_2025_03_05 = 45721


def test_serial_reference():
    assert from_excel(SERIAL_2025_03_05) == dt.datetime(2025, 3, 5)


@pytest.mark.parametrize("raw", [
    "2025年3月5日",
    "2025年03月05日",
    "２０２５年３月５日",
    "2025 年 3 月 5 日",
    "2025/3/5",
    "2025/03/05",
    "2025-03-05",
    "2025-3-5",
    "2025.3.5",
    "20250305",
    "2025-03-05 10:30:00",
    "2025/3/5 8:00",
    "2025年3月5日 10:30",
    "2025-03-05T10:30:00",
    SERIAL_2025_03_05,
    float(SERIAL_2025_03_05),
    SERIAL_2025_03_05 + 0.75,     # a serial with a time of day
    str(SERIAL_2025_03_05),
    dt.date(2025, 3, 5),
    dt.datetime(2025, 3, 5, 16, 45),
    pd.Timestamp("2025-03-05 09:00"),
])
def test_to_date_reads_every_spelling(raw):
    got = _both_paths(to_date, [raw, "2024-01-01"])[0]
    assert got == pd.Timestamp("2025-03-05")


@pytest.mark.parametrize("raw", ["明天", "2025年13月1日", "2025-02-30", "下月底", "0", "abc123",
                                 # outside what datetime64[ns] holds (1677–2262): unreadable, never a crash
                                 "9999-12-31", "1000-01-01", "0001/1/1", dt.datetime(9999, 12, 31), dt.date(1000, 1, 1)])
def test_to_date_unreadable_is_nat(raw):
    assert pd.isna(_both_paths(to_date, [raw, "2024-01-01"])[0])


def test_to_date_blank_is_nat_and_dtype_is_datetime():
    out = to_date(pd.Series([None, "", "2025-03-05"], dtype=object))
    assert str(out.dtype) == "datetime64[ns]"
    assert pd.isna(out.iloc[0]) and pd.isna(out.iloc[1])


def test_to_date_all_real_dates_column():
    out = to_date(pd.Series([dt.datetime(2025, 3, 5, 8), dt.datetime(2025, 6, 30, 23, 59)]))
    assert out.tolist() == [pd.Timestamp("2025-03-05"), pd.Timestamp("2025-06-30")]


# ------------------------------------------------------------------ total rows

@pytest.mark.parametrize(("raw", "expected"), [
    ("合计", True),
    ("小计", True),
    ("总计", True),
    ("合 计", True),
    ("合　计", True),
    ("总计：", True),
    ("共计", True),
    ("青石镇小计", True),          # a unit's subtotal row, common in county workbooks
    ("柳河乡合计", True),
    ("合作社", False),
    ("张小计", False),           # a three-character name is a person, not a subtotal
    ("张合", False),
    ("计划科", False),
    ("", False),
    (None, False),
    (1001, False),
])
def test_is_total_row(raw, expected):
    assert is_total_row(pd.Series([raw], dtype=object)).tolist() == [expected]


def test_is_total_row_any_of_several_columns():
    ids = pd.Series(["1001", None, "1003"], dtype=object)
    names = pd.Series(["张三", "小计", "王五"], dtype=object)
    assert is_total_row(ids, names).tolist() == [False, True, False]


def test_functions_do_not_change_their_input():
    s = pd.Series(["１２０", " 1001 ", "2025年3月5日", None], dtype=object)
    before = s.copy()
    for func in (to_number, to_text, to_name, to_date, is_blank, is_total_row):
        func(s)
    pd.testing.assert_series_equal(s, before)


def test_long_column_mixing_true_and_1_keeps_them_apart():
    # True == 1 in Python, so cleaning distinct values once must not merge a TRUE cell with the number 1
    s = pd.Series([True, 1, 1.0, "1", False, 0] * 20, dtype=object)
    assert to_text(s).iloc[:6].tolist() == ["True", "1", "1", "1", "False", "0"]
    assert _same_nan(to_number(s).iloc[:6].tolist(), [np.nan, 1.0, 1.0, 1.0, np.nan, 0.0])


@pytest.mark.parametrize("func", [to_text, to_number, to_date, to_name, is_blank])
def test_long_all_blank_column(func):
    out = func(pd.Series([None] * 100, dtype=object))
    assert len(out) == 100 and (out.isna() | (out == "") | (out == True)).all()  # noqa: E712


def test_arrow_nfkc_folds_every_assigned_character_as_python_does():
    """The fast path folds with Arrow's Unicode tables; on every character Python knows, it agrees with Python."""
    import unicodedata

    from appraisal.check.normalize import _nfkc

    chars = [chr(c) for c in range(0x80, 0x30000)
             if not 0xD800 <= c <= 0xDFFF and unicodedata.category(chr(c)) != "Cn"]
    text = pd.Series([f"张{c}三" for c in chars], dtype="str")
    expected = [unicodedata.normalize("NFKC", t) for t in text]
    assert _nfkc(text).tolist() == expected
    assert _nfkc(pd.Series(["ＡＢ１２　张三", "plain"], dtype="str")).tolist() == ["AB12 张三", "plain"]
