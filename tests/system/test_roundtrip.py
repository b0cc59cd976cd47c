"""Nothing lost, nothing run: input → scores → exported workbook and CSV → read back.

- Every cadre comes back (ID, name, unit, post, grade, composite) and every
  rejected row (file, sheet, row, column, reason), from every sheet that
  holds them, per-unit sheets included.
- The same inputs and scheme give byte-identical JSON and identical
  workbook cells (the export time apart).
- The workbook records the scheme, the inputs' SHA-256 and the version;
  the scheme YAML read back from 考核方案与来源 re-scores the inputs to the
  same composites, a year later.
- Text a spreadsheet would run (``= + - @``, tab, carriage return at the
  start: the OWASP "CSV injection" list) in names, units, posts, task
  names, file and sheet names and rejected cells is never a formula in the
  xlsx (openpyxl ``data_type != "f"``) and starts with ``'`` in the CSV.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io

import openpyxl
import pandas as pd
import pytest

from appraisal import InputFile, Scheme, __version__, appraise
from appraisal.output.export import UNIT_COLUMNS, to_csv, unit_sheet_names, write_workbook
from appraisal.output.json_contract import result_json
from appraisal.output.tables import ranked_table, rejected_table
from appraisal.texts import COLUMN_LABELS, REASON, REJECTED_COLUMN_LABELS, SHEET_NAMES, SOURCE_LABELS
from tests.helpers.workbooks import SERVICE, SERVICE_HEADER, TASK_HEADER, TASKS, VOTE_HEADER, VOTES, csv_bytes, xlsx

RISKY = ("=", "+", "-", "@", "\t", "\r")
EVIL = ['=HYPERLINK("http://example.invalid","点我")', "+1+1", "-2+3", "@SUM(A1:A9)", "=cmd|' /C calc'!A0"]

ROSTER = [
    ["1001", EVIL[0], "青石镇", "便民服务窗口"],
    ["1002", "李四", "=1+1镇", "经济发展"],          # a unit: its own sheet, its name in the print header
    ["1003", "王五", "青石镇", "-岗位"],              # a post outside the scheme: default weights
    ["2001", EVIL[2], "@柳河乡", "党政综合"],
    ["2002", "钱七", "@柳河乡", "+窗口"],
    ["2003", "周八", "=1+1镇", "社会事务"],
    ["1001", "重复", "青石镇", "经济发展"],           # rejected: repeated ID
    ["3001", EVIL[3], "", "经济发展"],                # rejected: blank unit
]
EVIL_TASKS = [
    ["1001", EVIL[4], 100, 90, 1, None, None, 0],
    ["2003", "+任务", 10, 10, 2, None, None, 1],
    ["1002", "-任务", "=1+1", 9, 1, None, None, 0],   # rejected: the target is formula-looking text
    ["=2+3", "@任务", 10, 9, 1, None, None, 0],        # rejected: unknown ID
]


def _build_county() -> list[InputFile]:
    book = {
        "名册": [["编号", "姓名", "单位", "岗位"], *ROSTER],
        "@任务": [TASK_HEADER, *TASKS, *EVIL_TASKS],
        "测评": [VOTE_HEADER, *VOTES, ["2003", "干部职工", 3, 2, 0, 0], ["2003", "县领导", "-1", 0, 0, 0]],
    }
    service = [SERVICE_HEADER, *SERVICE, ["2003", "P9", "满意"], ["1003", "P8", "@很好"]]
    return [InputFile("县.xlsx", xlsx(book)), InputFile("=HYPERLINK(1)评价.csv", csv_bytes(service))]


_COUNTY = _build_county()  # built once: xlsxwriter stamps the creation time into the file


def _county() -> list[InputFile]:
    """The same bytes every time, as a user keeps the files they scored."""
    return [InputFile(f.name, f.data) for f in _COUNTY]


SCHEME = Scheme.default().updated({"grading": {"excellent_quota": 0.5},
                                   "weights": {"默认": {"task": 50, "service": 20, "democratic": 30}}})


@pytest.fixture(scope="module")
def result():
    return appraise(_county(), SCHEME)


@pytest.fixture(scope="module")
def workbook(result, tmp_path_factory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("out") / "排名.xlsx"
    write_workbook(result, path, county="=青山县", year=2025)
    return openpyxl.load_workbook(path)


def _rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def _frame(sheet) -> pd.DataFrame:
    rows = _rows(sheet)
    return pd.DataFrame(rows[1:], columns=rows[0], dtype=object)


def test_the_county_has_evil_text_everywhere(result):
    """The fixture itself: formula-looking text reached the result and the rejected rows."""
    c = result.cadres
    assert {EVIL[0], EVIL[2]} <= set(c["name"]) and {"=1+1镇", "@柳河乡"} <= set(c["unit"])
    assert {"-岗位", "+窗口"} <= set(c["post"])
    rejected = result.dataset.rejected
    assert "=HYPERLINK(1)评价.csv" in set(rejected["file"]) and "@任务" in set(rejected["sheet"])
    reasons = set(rejected["reason"])
    assert REASON["not_number"].format(column="目标值", value="=1+1") in reasons
    assert REASON["unknown_id"].format(value="=2+3") in reasons
    assert len(rejected) >= 6


# ------------------------------------------------------------------ every cadre and rejected row comes back

def test_every_cadre_comes_back_from_the_ranked_sheet(result, workbook):
    back = _frame(workbook[SHEET_NAMES["ranked"]])
    assert len(back) == len(result.cadres) == 6
    c = result.cadres
    for key in ("cadre_id", "name", "unit", "post", "grade"):
        assert back[COLUMN_LABELS[key]].tolist() == c[key].tolist(), key
    # the sheet shows one decimal (format 0.0) of a value kept to two decimals
    stored = back[COLUMN_LABELS["composite"]].astype(float)
    assert stored.round(1).tolist() == c["composite"].round(1).tolist()
    assert ((stored - c["composite"]).abs() <= 0.005 + 1e-9).all()


def test_every_cadre_is_on_exactly_one_unit_sheet(result, workbook):
    fixed = [SHEET_NAMES[k] for k in ("ranked", "method", "groups", "units", "rejected", "scheme")]
    names = unit_sheet_names(dict.fromkeys(result.cadres["unit"]), reserved=fixed)
    seen = []
    for unit, sheet in names.items():
        back = _frame(workbook[sheet])
        assert list(back.columns) == [COLUMN_LABELS[k] for k in UNIT_COLUMNS]
        mine = result.cadres[result.cadres["unit"] == unit]
        assert sorted(back[COLUMN_LABELS["cadre_id"]]) == sorted(mine["cadre_id"])
        assert sorted(back[COLUMN_LABELS["name"]]) == sorted(mine["name"])
        seen += back[COLUMN_LABELS["cadre_id"]].tolist()
    assert sorted(seen) == sorted(result.cadres["cadre_id"])


def test_every_rejected_row_comes_back(result, workbook):
    back = _frame(workbook[SHEET_NAMES["rejected"]])
    expected = rejected_table(result.dataset.rejected)
    assert len(back) == len(expected)
    for label in ("数据类别", *REJECTED_COLUMN_LABELS.values()):
        got = back[label].map(lambda v: "" if v is None else v).tolist()
        assert got == expected[label].tolist(), label
    assert set(back["数据类别"]) <= set(SOURCE_LABELS.values())


def test_pandas_reads_the_ranked_sheet_back(result, tmp_path):
    path = tmp_path / "排名.xlsx"
    write_workbook(result, path)
    back = pd.read_excel(path, engine="openpyxl", sheet_name=SHEET_NAMES["ranked"], dtype={COLUMN_LABELS["cadre_id"]: str})
    assert back[COLUMN_LABELS["cadre_id"]].tolist() == result.cadres["cadre_id"].tolist()
    assert back[COLUMN_LABELS["name"]].tolist() == result.cadres["name"].tolist()


# ------------------------------------------------------------------ the same inputs, the same outputs

def _cells(data: bytes) -> dict[str, list[tuple]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    out = {}
    for sheet in book.worksheets:
        rows = _rows(sheet)
        # the export time is the only thing allowed to change
        out[sheet.title] = [r for r in rows if not (r and r[0] == "导出时间")]
    return out


def test_same_inputs_same_json_bytes_and_same_cells():
    a, b = appraise(_county(), SCHEME), appraise(_county(), SCHEME)
    assert result_json(a).encode() == result_json(b).encode()
    buf_a, buf_b = io.BytesIO(), io.BytesIO()
    write_workbook(a, buf_a, county="青山县", year=2025)
    write_workbook(b, buf_b, county="青山县", year=2025)
    cells_a, cells_b = _cells(buf_a.getvalue()), _cells(buf_b.getvalue())
    assert list(cells_a) == list(cells_b)
    for name in cells_a:
        assert cells_a[name] == cells_b[name], name


def _provenance(workbook) -> dict:
    rows = _rows(workbook[SHEET_NAMES["scheme"]])
    values = {r[0]: r[1] for r in rows if r and r[0] and len(r) > 1 and r[1] is not None}
    start = next(i for i, r in enumerate(rows) if r and r[0] == "考核方案（YAML）")
    yaml_text = "\n".join("" if r[0] is None else str(r[0]) for r in rows[start + 1:])
    return {"values": values, "yaml": yaml_text}


def test_export_records_version_inputs_and_scheme(result, workbook):
    prov = _provenance(workbook)
    assert prov["values"]["软件版本"] == __version__
    assert prov["values"]["方案编号"] == result.scheme.key
    for f in _county():
        assert prov["values"][f.name] == hashlib.sha256(f.data).hexdigest() == f.sha256


def test_the_recorded_scheme_reproduces_the_composites(result, workbook):
    """A year later: the inputs (checked by SHA-256) and the scheme YAML from the workbook give the same scores."""
    prov = _provenance(workbook)
    scheme = Scheme.from_yaml(prov["yaml"])
    assert scheme.key == result.scheme.key and scheme == SCHEME
    files = _county()
    assert all(prov["values"][f.name] == f.sha256 for f in files)
    again = appraise(files, scheme)
    pd.testing.assert_frame_equal(again.cadres[["cadre_id", "composite", "grade"]],
                                  result.cadres[["cadre_id", "composite", "grade"]])
    assert result_json(again) == result_json(result)
    # and the recorded scheme mattered: the default one scores differently
    default = appraise(files)
    assert not default.cadres["composite"].equals(result.cadres["composite"])


# ------------------------------------------------------------------ never a formula

def test_no_cell_of_any_sheet_is_a_formula_and_evil_text_is_kept_verbatim(result, workbook):
    texts = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.add(cell.value)
    # verbatim, without an added apostrophe: xlsx cells are typed as text, not guessed
    for value in [EVIL[0], EVIL[2], "=1+1镇", "@柳河乡", "-岗位", "+窗口", "=HYPERLINK(1)评价.csv", "@任务"]:
        assert value in texts, value
    assert REASON["not_number"].format(column="目标值", value="=1+1") in texts
    # the unit sheets exist under their (risky) names too
    assert {"=1+1镇", "@柳河乡"} <= set(workbook.sheetnames)


def test_text_starting_with_tab_or_carriage_return_is_not_a_formula(result, tmp_path):
    c = result.cadres.copy()
    c.loc[0, "name"], c.loc[1, "unit"], c.loc[2, "post"] = "\t=1+1", "\r=SUM(A1)", "\t@x"
    tricky = dataclasses.replace(result, cadres=c)
    path = tmp_path / "tricky.xlsx"
    write_workbook(tricky, path)
    book = openpyxl.load_workbook(path)
    assert all(cell.data_type != "f" for s in book.worksheets for row in s.iter_rows() for cell in row)


def _csv_cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("table", ["ranked", "rejected"])
def test_csv_neutralizes_every_risky_cell(result, table):
    frame = ranked_table(result.cadres) if table == "ranked" else rejected_table(result.dataset.rejected)
    c = frame.copy()
    text_cols = [col for col in c.columns if c[col].dtype == object or pd.api.types.is_string_dtype(c[col])]
    c.loc[0, text_cols[0]] = "\t=1+1"
    c.loc[0, text_cols[-1]] = "\r@SUM(A1)"
    rows = _csv_cells(to_csv(c))
    assert rows[0] == [str(h) for h in c.columns]
    assert len(rows) == len(c) + 1
    positions = [list(c.columns).index(col) for col in text_cols]
    originals = c[text_cols].astype("str").to_numpy().tolist()
    for row, original in zip(rows[1:], originals):
        for i, value in zip(positions, original):
            cell = row[i]
            assert not cell.startswith(RISKY), cell
            if value.startswith(RISKY):
                assert cell == "'" + value  # neutralized, nothing else changed
    flat = {cell for row in rows for cell in row}
    assert "'" + EVIL[0] in flat or table == "rejected"
    if table == "rejected":
        assert "'=HYPERLINK(1)评价.csv" in flat and "'@任务" in flat
