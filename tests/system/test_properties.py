"""Properties of reading and scoring, checked on generated counties with hypothesis.

- Row order, sheet order and file order change nothing in the result.
- Every row written is accounted for: accepted, or rejected exactly when it is junk.
- A linear rescaling of the service rating scale (1–5 → 0–100, the scheme's
  scale and words changed with it) keeps every rank and grade.

Example counts are small on purpose: each example reads and scores real
files (about a second), and the machine is shared.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appraisal import InputFile, Scheme, ingest, score
from appraisal.check.normalize import to_date, to_number, to_text
from tests.helpers.workbooks import ROSTER_HEADER, SERVICE_HEADER, TASK_HEADER, VOTE_HEADER, csv_bytes, table, xlsx

SCHEME = Scheme.default()
UNITS = ["青石镇", "柳河乡"]
POSTS = ["便民服务窗口", "经济发展", "社会事务", "党政综合"]
SLOW = settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def counties(draw) -> dict[str, list[list[object]]]:
    """Data rows (no headers) of the four sources for 3–8 cadres."""
    n = draw(st.integers(3, 8))
    ids = [str(1001 + i) for i in range(n)]
    roster = [[cid, f"干部{i}", draw(st.sampled_from(UNITS)), draw(st.sampled_from(POSTS))] for i, cid in enumerate(ids)]
    tasks, service, votes = [], [], []
    for cid in ids:
        for k in range(draw(st.integers(0, 3))):
            tasks.append([cid, f"任务{k}", draw(st.integers(1, 200)), draw(st.integers(0, 250)),
                          draw(st.sampled_from([None, 0.5, 1, 1.5, 2])), draw(st.sampled_from([None, "2025-06-30"])),
                          draw(st.sampled_from([None, "2025-06-01", "2025-07-15"])), draw(st.sampled_from([None, 0, 1, 3]))])
        for k in range(draw(st.integers(0, 7))):
            service.append([cid, f"P{k}", draw(st.integers(1, 5))])
        for group in draw(st.sets(st.sampled_from(["干部职工", "县领导", "班子成员"]), max_size=2)):
            votes.append([cid, group, *draw(st.lists(st.integers(0, 12), min_size=4, max_size=4))])
    return {"roster": roster, "tasks": tasks, "service": service, "votes": votes}


HEADERS = {"roster": ROSTER_HEADER, "tasks": TASK_HEADER, "service": SERVICE_HEADER, "votes": VOTE_HEADER}


def _files(data: dict[str, list[list[object]]], layout: str) -> list[InputFile]:
    sheets = {name: table(HEADERS[name], rows, title=f"{name}表") for name, rows in data.items()}
    if layout == "workbook":
        return [InputFile("县.xlsx", xlsx(sheets))]
    return [InputFile(f"{name}.csv", csv_bytes(rows)) for name, rows in sheets.items()]


def _ranked(files: list[InputFile], scheme: Scheme = SCHEME) -> pd.DataFrame:
    result = score(ingest(files, scheme), scheme)
    cols = ["cadre_id", "composite", "task_score", "service_score", "democratic_score", "rank_in_unit", "grade"]
    return result.cadres[cols].sort_values("cadre_id").reset_index(drop=True)


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-9, atol=1e-9)


# ------------------------------------------------------------------ order changes nothing

@SLOW
@given(data=counties(), rnd=st.randoms(use_true_random=False), layout=st.sampled_from(["workbook", "files"]))
def test_row_sheet_and_file_order_change_nothing(data, rnd, layout):
    reference = _ranked(_files(data, "workbook"))
    shuffled = {name: rnd.sample(rows, len(rows)) for name, rows in data.items()}
    order = rnd.sample(list(shuffled), len(shuffled))
    files = _files({name: shuffled[name] for name in order}, layout)
    _same(_ranked(rnd.sample(files, len(files))), reference)


# ------------------------------------------------------------------ nothing is lost

JUNK = {
    # kind: (cells of a tasks row, accepted?)
    "ok": (lambda cid: [cid, "a", 10, 9, 1, None, None, 0], True),
    "ok_messy": (lambda cid: [f" {cid} ", "a", "１０", "1,000", "", "2025年6月30日", "2025/7/1", ""], True),
    "total": (lambda cid: ["合计", None, 30, 27, None, None, None, None], False),
    "no_id": (lambda cid: [None, "a", 10, 9, 1, None, None, 0], False),
    "unknown": (lambda cid: ["999999", "a", 10, 9, 1, None, None, 0], False),
    "zero_target": (lambda cid: [cid, "a", 0, 9, 1, None, None, 0], False),
    "text_actual": (lambda cid: [cid, "a", 10, "九", 1, None, None, 0], False),
    "bad_date": (lambda cid: [cid, "a", 10, 9, 1, "年底", None, 0], False),
    "negative_errors": (lambda cid: [cid, "a", 10, 9, 1, None, None, -2], False),
    "blank": (lambda cid: [None] * 8, None),   # not a data row at all
}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kinds=st.lists(st.sampled_from(sorted(JUNK)), min_size=1, max_size=25), title_rows=st.integers(0, 3),
       fmt=st.sampled_from(["xlsx", "csv"]))
def test_every_row_is_accounted_for(kinds, title_rows, fmt):
    roster = [["1001", "张三", "青石镇", "经济发展"], ["1002", "李四", "柳河乡", "党政综合"]]
    rows = [JUNK[k][0](roster[i % 2][0]) for i, k in enumerate(kinds)]
    sheet = [[f"标题{i}"] for i in range(title_rows)] + [TASK_HEADER] + rows
    first = title_rows + 2  # spreadsheet row of the first data row
    tasks = InputFile("任务.xlsx", xlsx({"任务": sheet})) if fmt == "xlsx" else InputFile("任务.csv", csv_bytes(sheet, "gbk"))
    ds = ingest([InputFile("名册.csv", csv_bytes([ROSTER_HEADER, *roster])), tasks], SCHEME)

    data_rows = {first + i for i, k in enumerate(kinds) if k != "blank"}
    junk_rows = {first + i for i, k in enumerate(kinds) if JUNK[k][1] is False}
    n = ds.rows["tasks"]
    assert n["read"] == len(data_rows)
    assert n["read"] == n["accepted"] + n["rejected"]
    assert n["accepted"] == len(ds.tasks) == len(data_rows - junk_rows)
    rejected = ds.rejected[ds.rejected["source"] == "tasks"]
    assert rejected["row"].is_unique
    assert set(rejected["row"]) == junk_rows
    assert (rejected["reason"] != "").all() and (rejected["file"] == tasks.name).all()


# ------------------------------------------------------------------ rescaling the rating scale

def _rescaled_scheme(low: float, high: float) -> Scheme:
    """The default scheme with the 1–5 scale mapped linearly onto low–high."""
    f = (lambda x: low + (x - 1) * (high - low) / 4)
    words = {w: f(v) for w, v in SCHEME.section("service")["words"].items()}
    return SCHEME.updated({"service": {"scale_min": low, "scale_max": high, "words": words}})


@SLOW
@given(data=counties(), scale=st.sampled_from([(0, 100), (0, 10), (10, 50)]))
def test_linear_rescaling_of_the_rating_scale_keeps_ranks(data, scale):
    low, high = scale
    reference = _ranked(_files(data, "files"))
    stars = {1: "非常不满意", 2: "不满意", 3: "基本满意", 4: "满意", 5: "非常满意"}
    # numbers rescaled; every other rating written as its word, which the scheme's words rescale
    rescaled = [[cid, rater, stars[r] if i % 2 else low + (r - 1) * (high - low) / 4]
                for i, (cid, rater, r) in enumerate(data["service"])]
    got = _ranked(_files({**data, "service": rescaled}, "files"), _rescaled_scheme(low, high))
    _same(got, reference)


@pytest.mark.parametrize("scale", [(0, 100), (10, 50)])
def test_rescaled_scheme_is_valid(scale):
    scheme = _rescaled_scheme(*scale)
    assert scheme.section("service")["words"]["非常满意"] == scale[1]
    assert scheme.section("service")["words"]["非常不满意"] == scale[0]


# ------------------------------------------------------------------ cleaning a long column = cleaning each cell

CELLS = st.one_of(
    st.none(), st.integers(-5000, 50000), st.floats(-1e6, 1e6), st.just(float("nan")), st.booleans(),
    st.sampled_from(["", " ", "１２０", "1,200", "2025年3月5日", "2025/3/5", "45721", "满意", "合计", "张　三 ", "1001", "9999-12-31"]),
    st.text(alphabet="0123456789０１２,. 年月日/-", max_size=10),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31)),
)


@settings(max_examples=40, deadline=None)
@given(values=st.lists(CELLS, min_size=6, max_size=12), repeat=st.integers(11, 14))
def test_long_columns_clean_like_single_cells(values, repeat):
    # columns of 64+ cells (6+ values × 11+) are cleaned per distinct value; the result must equal cleaning each cell alone
    column = pd.Series(values * repeat, dtype=object)
    for func in (to_text, to_number, to_date):
        whole = func(column)
        alone = pd.concat([func.__wrapped__(pd.Series([v], dtype=object)) for v in values] * repeat, ignore_index=True)
        pd.testing.assert_series_equal(whole.reset_index(drop=True), alone.astype(whole.dtype), check_names=False)
