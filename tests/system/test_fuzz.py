"""Fuzzing: random workbooks, CSVs and damaged bytes through reading, validation and scoring.

hypothesis builds sheets whose headers are drawn from the known synonyms
(:data:`appraisal.read.fields.HEADER_SYNONYMS`) and from junk, whose cells mix
plausible values with junk of every type (blanks, numbers, NaN and
infinity, dates, booleans, Excel error text, right-to-left text, emoji,
control characters), in random row counts, written as xlsx or CSV.

Invariants, for every input:

- only :class:`~appraisal.AppraisalError` escapes (no other exception, no traceback);
- every row read is accepted or rejected, once: per source
  ``read == accepted + rejected``, the accepted rows are the rows of the clean
  frames, and no spreadsheet row is rejected twice;
- shuffling the data rows of every sheet changes no score, rank or grade and
  no rejection reason.

Example counts are small (the machine is shared); ``derandomize`` keeps CI
runs repeatable.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import random
import zipfile

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from appraisal import AppraisalError, InputFile, Scheme, appraise
from appraisal.output.json_contract import result_json
from appraisal.read import read_grids
from appraisal.read.fields import HEADER_SYNONYMS, SOURCES
from tests.helpers.workbooks import county, csv_bytes, xlsx

SCHEME = Scheme.default()
LIMITS = SCHEME.section("reading")
FUZZ = settings(max_examples=20, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

IDS = [str(1001 + i) for i in range(12)]
POSTS = list(SCHEME.section("posts"))
UNITS = ["青石镇", "柳河乡", "城关街道", "县财政局"]
WEIRD = [
    "", " ", "\u3000", "مرحبا", "\u202eabc", "שלום", "👍🏽", "👨\u200d👩\u200d👧", "\x07", "\x1b[31m", "a\tb",
    "line\nbreak", "cr\rcr", '"quoted"', "a,b", "=1+1", "+1", "-1", "@SUM(A1)", "合计", "小计", "编号", "姓名",
    "#DIV/0!", "#N/A", "nan", "inf", "-inf", "1e400", "１２０", "1,200", "2025年3月5日", "9999-12-31", "优秀",
    "非常满意", "5星", "★★★☆☆", "\ufeff", "\u0000x", "_x0041_", "a&b<c>",
]


def _junk():
    """Any cell at all."""
    return st.one_of(
        st.none(),
        st.sampled_from(WEIRD),
        st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12),
        st.integers(-10**12, 10**12),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
        st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    )


PLAUSIBLE = {
    "cadre_id": st.sampled_from(IDS + [int(i) for i in IDS[:3]] + ["00" + IDS[0]]),
    "name": st.sampled_from(["张三", "李 四", "王五", "赵六", "欧阳 娜娜"]),
    "unit": st.sampled_from(UNITS),
    "unit_type": st.sampled_from(["乡镇", "街道", "县直部门", ""]),
    "post": st.sampled_from(POSTS + ["其他岗位"]),
    "task": st.sampled_from(["企业开办", "招商引资", ""]),
    "target": st.one_of(st.integers(1, 500), st.sampled_from(["１００", "1,200", "0"])),
    "actual": st.one_of(st.integers(0, 600), st.floats(0, 600)),
    "difficulty": st.sampled_from([None, 0.5, 1, 1.5, 2, "2"]),
    "deadline": st.sampled_from([None, "2025-06-30", "2025年6月30日", dt.date(2025, 6, 30), 45838]),
    "done_on": st.sampled_from([None, "2025-06-01", "2025/7/15", dt.date(2025, 7, 1)]),
    "errors": st.sampled_from([None, 0, 1, 3, "2"]),
    "rating": st.sampled_from(["非常满意", "满意", "基本满意", "不满意", "非常不满意", 5, 4, 3, "4星", "★★★★☆"]),
    "rater_id": st.sampled_from(["P1", "P2", "P3", ""]),
    "rated_on": st.sampled_from([None, "2025-03-05"]),
    "voter_group": st.sampled_from(["干部职工", "县领导", "班子成员", "服务对象代表", "群众"]),
    "voter_id": st.sampled_from(["V1", "V2", "V3"]),
    "ballot": st.sampled_from(["优秀", "称职", "基本称职", "不称职"]),
    **{v: st.integers(0, 20) for v in ("excellent", "competent", "basic", "unfit")},
    "year": st.sampled_from([2023, 2024, "2024年度", "２０２５", "去年"]),
    "quarter": st.sampled_from(["", 1, "第二季度", "2025年第三季度", "Q4", "年度", "第五季度"]),
    "grade": st.sampled_from(["优秀", "称职", "基本称职", "不称职", "合格", "良好", "好", "一般"]),
    "score": st.one_of(st.floats(0, 100), st.sampled_from(["", "九十"])),
    "rank_in_unit": st.one_of(st.integers(-1, 30), st.sampled_from(["", "第3名", "3名", 2.5])),
    "item": st.sampled_from(["防汛抢险", "", "招商引资"]),
    "direction": st.sampled_from(["加分", "扣分", "", "奖励"]),
    "points": st.one_of(st.floats(-10, 10), st.sampled_from(["", "2分", "两分", 0])),
    "basis": st.sampled_from(["县委〔2025〕1号", ""]),
    "date": st.sampled_from([None, "2025-03-05", "2025-02-30"]),
    "veto": st.sampled_from(["安全生产责任事故", "", "迟到"]),
    "excused": st.one_of(st.integers(-1, 3), st.sampled_from(["", "1次", "一次"])),
}


@st.composite
def sheets(draw, source: str | None = None) -> list[list[object]]:
    """One sheet: maybe title rows, a header of synonyms and junk in random order, then rows."""
    source = source or draw(st.sampled_from([*SOURCES, "junk"]))
    fields = list(SOURCES.get(source, ()))
    if source == "democratic":  # tallies or ballots, not both
        fields = [f for f in fields if f not in (("ballot", "voter_id") if draw(st.booleans()) else
                                                 ("excellent", "competent", "basic", "unfit"))]
    kept = [f for f in fields if draw(st.integers(0, 19)) > 0]  # now and then a required column is missing
    columns: list[tuple[str | None, object]] = [(f, draw(st.sampled_from(HEADER_SYNONYMS[f]))) for f in kept]
    columns += [(None, h) for h in draw(st.lists(_junk(), max_size=2))]
    columns = draw(st.permutations(columns))
    n = draw(st.integers(0, 12))
    rows = []
    for _ in range(n):
        if draw(st.integers(0, 9)) == 0:
            rows.append([None] * len(columns))
            continue
        rows.append([draw(_junk()) if (f is None or draw(st.integers(0, 7)) == 0) else draw(PLAUSIBLE[f])
                     for f, _ in columns])
    titles = [[draw(st.sampled_from(["2025年度考核", "", "单位：青石镇"]))] for _ in range(draw(st.integers(0, 2)))]
    return titles + [[h for _, h in columns]] + rows


def _roster(draw_rows: list[list[object]]) -> list[list[object]]:
    return [["编号", "姓名", "单位", "岗位"], *draw_rows]


@st.composite
def counties(draw) -> dict[str, list[list[object]]]:
    """A plausible roster (so scoring is reached often) plus 0–4 random sheets."""
    roster = [[cid, draw(PLAUSIBLE["name"]), draw(PLAUSIBLE["unit"]),
               draw(st.one_of(PLAUSIBLE["post"], _junk())) if draw(st.integers(0, 5)) == 0 else draw(PLAUSIBLE["post"])]
              for cid in draw(st.lists(st.sampled_from(IDS), min_size=1, max_size=10, unique=True))]
    out = {"名册": _roster(roster)}
    for i in range(draw(st.integers(0, 4))):
        out[f"表{i}"] = draw(sheets())
    return out


def _cell_for_xlsx(value: object) -> object:
    """xlsxwriter refuses NaN and infinity without an option the offices' software never sets: write their text."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return dt.datetime(value.year, value.month, value.day)
    return value


def _files(book: dict[str, list[list[object]]], fmt: str) -> list[InputFile]:
    if fmt == "xlsx":
        return [InputFile("县.xlsx", xlsx({k: [[_cell_for_xlsx(v) for v in r] for r in rows] for k, rows in book.items()}))]
    encoding = "utf-8-sig" if fmt == "csv-bom" else "utf-8"
    return [InputFile(f"{name}.csv", csv_bytes(rows, encoding)) for name, rows in book.items()]


def _run(files: list[InputFile]):
    """appraise, letting only AppraisalError through (returned as None)."""
    try:
        return appraise(files, SCHEME)
    except AppraisalError as exc:
        assert exc.message and "Traceback" not in exc.message
        return None


def _check_accounting(result) -> None:
    ds = result.dataset
    for source, n in ds.rows.items():
        assert n["read"] == n["accepted"] + n["rejected"] and min(n.values()) >= 0, (source, n)
        mine = ds.rejected[ds.rejected["source"] == source]
        assert not mine.duplicated(["file", "sheet", "row"]).any(), mine
        assert len(mine) == n["rejected"]
        sheets = ds.sheets[ds.sheets["source"] == source]
        assert int(sheets["rows"].sum()) == n["read"]
    assert ds.rows["roster"]["accepted"] == len(ds.roster) == len(result.cadres)
    assert ds.rows["tasks"]["accepted"] == len(ds.tasks)
    assert ds.rows["service"]["accepted"] == len(ds.service)
    numbers = result.cadres[["composite", "task_score", "service_score", "democratic_score"]].to_numpy(dtype=float)
    assert not np.isinf(numbers).any()
    json.loads(result_json(result))  # allow_nan=False: no NaN or infinity leaks into the JSON


def _shuffled(book: dict[str, list[list[object]]], seed: int) -> dict[str, list[list[object]]]:
    """Every sheet with its data rows (those below the header) in another order."""
    rnd = random.Random(seed)
    out = {}
    for name, rows in book.items():
        header = next((i for i, r in enumerate(rows) if len([v for v in r if v not in (None, "")]) >= 2), len(rows))
        body = rows[header + 1:]
        out[name] = rows[:header + 1] + rnd.sample(body, len(body))
    return out


@FUZZ
@given(book=counties(), fmt=st.sampled_from(["xlsx", "csv", "csv-bom"]))
def test_random_workbooks_raise_only_appraisal_error_and_lose_no_row(book, fmt):
    result = _run(_files(book, fmt))
    if result is not None:
        _check_accounting(result)


KEY = ["cadre_id", "composite", "task_score", "service_score", "democratic_score", "rank_in_unit", "grade"]


@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(book=counties(), fmt=st.sampled_from(["xlsx", "csv"]), seed=st.integers(0, 2**16))
def test_row_order_changes_no_result(book, fmt, seed):
    first = _run(_files(book, fmt))
    second = _run(_files(_shuffled(book, seed), fmt))
    assert (first is None) == (second is None)
    if first is None:
        return
    # a repeated ID keeps its first row: there the order matters by design
    assume(not first.dataset.rejected["reason"].str.contains("重复").any())
    a = first.cadres[KEY].sort_values("cadre_id").reset_index(drop=True)
    b = second.cadres[KEY].sort_values("cadre_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-9, atol=1e-9)
    cols = ["source", "file", "sheet", "column", "reason"]
    ra = first.dataset.rejected[cols].sort_values(cols).reset_index(drop=True)
    rb = second.dataset.rejected[cols].sort_values(cols).reset_index(drop=True)
    pd.testing.assert_frame_equal(ra, rb)
    assert first.dataset.rows == second.dataset.rows


def _valid_xlsx() -> bytes:
    return xlsx(county())


VALID = _valid_xlsx()


@settings(max_examples=40, deadline=None, derandomize=True)
@given(edits=st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), min_size=1, max_size=8),
       cut=st.one_of(st.none(), st.integers(1, len(VALID))))
def test_damaged_workbook_bytes_raise_only_appraisal_error(edits, cut):
    """Flip bytes of a valid workbook (and maybe cut it): a clear message or a result, never anything else."""
    data = bytearray(VALID)
    for pos, value in edits:
        data[pos] = value
    _run([InputFile("县.xlsx", bytes(data[:cut]))])


@settings(max_examples=60, deadline=None, derandomize=True)
@given(data=st.binary(max_size=3000), name=st.sampled_from(["a.xlsx", "a.xls", "a.ods", "a.csv", "a", "a.txt"]),
       head=st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xef\xbb\xbf", b"\xff\xfe"]))
def test_random_bytes_raise_only_appraisal_error(data, name, head):
    try:
        read_grids(InputFile(name, head + data), LIMITS)
    except AppraisalError as exc:
        assert exc.message


@settings(max_examples=20, deadline=None, derandomize=True)
@given(members=st.lists(st.sampled_from(["[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                         "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml"]),
                        unique=True),
       junk=st.binary(max_size=200))
def test_workbook_with_members_missing_or_replaced_raises_only_appraisal_error(members, junk):
    """An xlsx whose parts are deleted or replaced with junk: the zip is fine, the workbook is not."""
    src = zipfile.ZipFile(io.BytesIO(VALID))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in members[:len(members) // 2]:
                continue
            dst.writestr(info.filename, junk if info.filename in members else src.read(info.filename))
    _run([InputFile("县.xlsx", out.getvalue())])
