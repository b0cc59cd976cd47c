"""Hostile and broken files: each ends in one Chinese message or in rejected rows, in bounded time and memory.

Every file is built here, byte by byte where the damage needs it.  The
worst inputs (decompression bomb, sparse "one far cell" bomb, a million
rows) run in a subprocess that reports its wall time and peak memory
(``resource.getrusage``), so a regression shows as a failed assertion, not
as a crashed test run: a reader that allocates the whole grid of a sparse
sheet aborts the process (Rust ``handle_alloc_error``), which no ``except``
can catch.

References: PKWARE APPNOTE 6.3.10 (zip local header §4.3.7, central
directory §4.3.12, end record §4.3.16); ECMA-376 Part 1 §18.3.1 (sheet XML:
``<c r>``, ``<f>``, ``<v>``, ``t="e"``); MS-OFFCRYPTO §2.3.4 (the
``EncryptionInfo`` stream of an encrypted OOXML file).
"""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import textwrap
import time
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlsxwriter

from appraisal import AppraisalError, InputFile, Scheme, appraise, ingest
from appraisal.output.json_contract import result_json
from appraisal.output.report import soffice_path
from appraisal.read import read_grids, read_tables
from appraisal.texts import ERROR, REASON, WARNING
from tests.helpers import ROOT as REPO
from tests.helpers.workbooks import (
    ROSTER,
    ROSTER_HEADER,
    SERVICE_HEADER,
    TASK_HEADER,
    county,
    csv_bytes,
    ods,
    table,
    xlsx,
)

LIMITS = Scheme.default().section("reading")
ROSTER_CSV = InputFile("名册.csv", csv_bytes([ROSTER_HEADER, *ROSTER]))


def _error(files: list[InputFile], scheme: Scheme | None = None) -> str:
    with pytest.raises(AppraisalError) as err:
        appraise(files, scheme)
    return err.value.message


def _rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The same archive with some members' bytes replaced."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
    return out.getvalue()


def _roster_xlsx() -> bytes:
    return xlsx({"名册": table(ROSTER_HEADER, ROSTER)})


SHEET1 = "xl/worksheets/sheet1.xml"


def _with_cells(xml: bytes, data: bytes = _roster_xlsx()) -> bytes:
    """The roster workbook with ``xml`` appended to its sheet's data (extra rows and cells)."""
    sheet = zipfile.ZipFile(io.BytesIO(data)).read(SHEET1)
    return _rezip(data, {SHEET1: sheet.replace(b"</sheetData>", xml + b"</sheetData>")})


# ------------------------------------------------------------------ measured in a subprocess

_CHILD = textwrap.dedent("""
    import json, resource, sys, time
    from appraisal import AppraisalError, InputFile, Scheme, appraise
    from appraisal.read import read_tables
    mode, paths = sys.argv[1], sys.argv[2:]
    batches = [[p] for p in paths] if mode == "read-each" else [paths]
    outs = []
    def _peak_mb():
        # VmHWM: this process's own peak.  (getrusage's ru_maxrss survives execve, so a child of a
        # large pytest process would report the parent's peak.)
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    for batch in batches:
        files = [InputFile.from_path(p) for p in batch]
        start = time.perf_counter()
        out = {}
        try:
            if mode.startswith("read"):
                tables, _ = read_tables(files, Scheme.default().section("reading"), check=False)
                out["rows"] = [len(t.data) for t in tables]
            else:
                result = appraise(files)
                out["rows"] = result.dataset.rows
                out["cadres"] = len(result.cadres)
        except AppraisalError as exc:
            out["error"] = exc.message
        out["seconds"] = time.perf_counter() - start
        out["peak_mb"] = _peak_mb()
        outs.append(out)
    print(json.dumps(outs if mode == "read-each" else outs[0], ensure_ascii=False))
""")


def _measured(mode: str, *paths: Path, timeout: int = 120):
    """Run ``read``, ``appraise`` (all files together) or ``read-each`` (one at a time, a list of outcomes) in a
    fresh interpreter; the outcome, wall time and peak RSS (MB, since the interpreter started)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([sys.executable, "-c", _CHILD, mode, *map(str, paths)], cwd=REPO, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    print(proc.stdout)  # shown with -s: the measured time and memory
    return json.loads(proc.stdout)


# ------------------------------------------------------------------ truncated and corrupt archives

@pytest.mark.parametrize("fraction", [0.05, 0.5, 0.9, 0.99])
def test_xlsx_cut_anywhere_is_corrupt(fraction):
    data = xlsx(county())
    cut = InputFile("截断.xlsx", data[: int(len(data) * fraction)])
    assert _error([cut]) == ERROR["corrupt"].format(file="截断.xlsx", kind="Excel")


def _break(data: bytes, how: str) -> bytes:
    out = bytearray(data)
    central = data.rindex(b"PK\x01\x02")
    end = data.rindex(b"PK\x05\x06")
    if how == "central_signature":  # the last central directory entry no longer starts with its signature
        out[central:central + 4] = b"XX\x01\x02"
    elif how == "central_offset":  # the end record points the directory into the middle of the data
        out[end + 16:end + 20] = (len(data) // 3).to_bytes(4, "little")
    elif how == "entry_count":  # the end record claims more entries than there are
        out[end + 10:end + 12] = (0xFFFF).to_bytes(2, "little")
    elif how == "no_end_record":
        del out[end:]
    elif how == "flipped_data":  # the compressed sheet damaged inside its deflate stream
        start = data.index(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml")
        for i in range(start + 8, start + 40):
            out[i] ^= 0x5A
    elif how == "local_offset":  # a directory entry pointing at no local header
        for i in range(len(data)):
            if data[i:i + 4] == b"PK\x01\x02":
                out[i + 42:i + 46] = (len(data) - 100).to_bytes(4, "little")
    return bytes(out)


@pytest.mark.parametrize("how", ["central_signature", "central_offset", "entry_count", "no_end_record",
                                 "flipped_data", "local_offset"])
def test_zip_with_broken_directory_or_data_is_corrupt(how):
    message = _error([InputFile("坏.xlsx", _break(xlsx(county()), how))])
    assert message == ERROR["corrupt"].format(file="坏.xlsx", kind="Excel")


@pytest.mark.parametrize("member", [SHEET1, "xl/sharedStrings.xml"])
def test_a_member_that_unpacks_to_more_than_it_declares_is_corrupt(member):
    """The directory says a few hundred bytes; the stream holds 10 MB more (a reader trusting the stream reads them)."""
    src = zipfile.ZipFile(io.BytesIO(_roster_xlsx()))
    if member not in src.namelist():
        pytest.skip(f"{member} not written")
    sheet = src.read(member)
    end = b"</sheetData>" if member == SHEET1 else b"</sst>"
    padded = sheet.replace(end, end + b" " * 10 * 2**20)
    data = bytearray(_rezip(_roster_xlsx(), {member: padded}))
    name = member.encode()
    for sig, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        i = 0
        while (i := data.find(sig, i)) >= 0:
            name_at = i + (30 if sig == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                data[i + size_at:i + size_at + 4] = len(sheet).to_bytes(4, "little")
            i += 4
    assert _error([InputFile("谎报.xlsx", bytes(data))]) == ERROR["corrupt"].format(file="谎报.xlsx", kind="Excel")


# ------------------------------------------------------------------ empty, disguised, encrypted, garbage

@pytest.mark.parametrize("name", ["空.xlsx", "空.xls", "空.ods", "空.csv", "空.txt"])
@pytest.mark.parametrize("data", [b"", b"   ", b"\r\n\r\n", b"\t \n"])
def test_empty_files(name, data):
    assert _error([InputFile(name, data)]) == ERROR["empty_file"].format(file=name)


def test_a_workbook_with_only_empty_sheets_names_what_it_saw():
    data = xlsx({"Sheet1": [], "Sheet2": [[None]]})
    assert _error([InputFile("空表.xlsx", data)]).startswith(ERROR["no_sheet"].split("{")[0])


@pytest.mark.parametrize(("name", "kind"), [("名册.xlsx", "Excel"), ("名册.xls", "Excel"), ("名册.ods", "ODS")])
@pytest.mark.parametrize("data", [
    "编号,姓名,单位,岗位\n1001,张三,青石镇,经济发展\n".encode(),
    # a web system's login or error page saved as "Excel": HTML without a table
    "<html><body><p>登录超时，请重新登录</p></body></html>".encode(),
])
def test_text_named_like_a_workbook_is_corrupt(name, kind, data):
    assert _error([InputFile(name, data)]) == ERROR["corrupt"].format(file=name, kind=kind)


def _html_export(encoding: str) -> bytes:
    """What web systems export as "Excel": an HTML table named .xls, with a title row, a unit merged down
    its cadres (rowspan), IDs with leading zeros and a 合计 row."""
    rows = "".join(f"<tr><td>{i}</td><td>{n}</td>{u}<td>党政综合</td></tr>" for i, n, u in
                   [("0012", "张三", '<td rowspan="2">青石镇</td>'), ("0013", "李 四", ""), ("0014", "王五", "<td>白沙镇</td>")])
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={encoding}"></head><body>'
            '<table border="1"><tr><td colspan="4">青山县干部名册（2025年度）</td></tr>'
            '<thead><tr><th>编号</th><th>姓名</th><th>单位</th><th>岗位</th></tr></thead>'
            f'<tbody>{rows}<tr><td>合计</td><td colspan="3">3人</td></tr></tbody></table></body></html>').encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
@pytest.mark.parametrize("name", ["名册.xls", "名册.xlsx", "名册.html"])
def test_an_html_table_named_like_a_workbook_is_read_as_its_table(name, encoding):
    ds = ingest([InputFile(name, _html_export(encoding))])
    assert ds.roster[["cadre_id", "name", "unit"]].values.tolist() == [
        ["0012", "张三", "青石镇"], ["0013", "李四", "青石镇"], ["0014", "王五", "白沙镇"]]
    assert ds.rejected["reason"].tolist() == [REASON["total_row"]] and ds.rejected["row"].tolist() == [6]


@pytest.mark.parametrize("name", ["加密.xlsx", "加密.xls", "加密.csv"])
def test_password_protected_workbook(name):
    """A real ECMA-376 agile-encrypted workbook (MS-OFFCRYPTO), as Excel's "用密码进行加密" saves it."""
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml")
    out = io.BytesIO()
    ooxml.OOXMLFile(io.BytesIO(xlsx(county()))).encrypt("秘密123", out)
    data = out.getvalue()
    assert data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    assert _error([ROSTER_CSV, InputFile(name, data)]) == ERROR["password"].format(file=name)


def _garbage(seed: int, size: int, nul: bool) -> bytes:
    rnd = random.Random(seed)
    data = bytes(rnd.randrange(256) for _ in range(size))
    return data if nul else data.replace(b"\x00", b"\x01")


@pytest.mark.parametrize(("seed", "nul"), [(1, True), (2, False), (3, False)])
def test_binary_garbage_named_csv(seed, nul):
    message = _error([InputFile("数据.csv", _garbage(seed, 20_000, nul))])
    assert message == ERROR["unknown_format"].format(file="数据.csv")


def test_a_zip_or_ole_named_csv_is_read_by_its_bytes():
    """Named .csv but a real workbook: read as what the bytes are."""
    ds = ingest([InputFile("名册.csv", xlsx({"名册": table(ROSTER_HEADER, ROSTER)}))])
    assert len(ds.roster) == len(ROSTER)


# ------------------------------------------------------------------ encodings

def test_csv_mixing_utf8_and_gbk_lines_reads_every_name_and_warns():
    """Two offices' CSVs pasted into one file: the UTF-8 half and the GBK half both read correctly."""
    lines = [",".join(ROSTER_HEADER).encode("utf-8")]
    lines += [",".join(r).encode("utf-8") for r in ROSTER[:3]]
    lines += [",".join(r).encode("gbk") for r in ROSTER[3:]]  # spreadsheet rows 5 and 6
    ds = ingest([InputFile("名册.csv", b"\r\n".join(lines) + b"\r\n")])
    assert ds.roster["name"].tolist() == [r[1] for r in ROSTER]
    assert ds.roster["unit"].tolist() == [r[2] for r in ROSTER]
    assert WARNING["mixed_encoding"].format(file="名册.csv", rows="5、6") in ds.warnings


def test_csv_line_that_is_neither_utf8_nor_gbk_is_one_message():
    lines = [",".join(ROSTER_HEADER).encode("utf-8"), "1001,张三,青石镇,经济发展".encode("utf-8"),
             b"1002,\xff\xfe\xff,\x80\x80,x"]
    assert _error([InputFile("名册.csv", b"\n".join(lines))]) == ERROR["encoding"].format(file="名册.csv")


# ------------------------------------------------------------------ NaN, infinity and Excel errors

BAD_NUMBERS = ["nan", "NaN", "inf", "-inf", "Infinity", "1e400", "-1e400", "#NUM!", "#DIV/0!", "#N/A", "#VALUE!"]


def _rejected(ds, source: str) -> pd.DataFrame:
    return ds.rejected[ds.rejected["source"] == source].sort_values("row").reset_index(drop=True)


@pytest.mark.parametrize("column", ["target", "actual", "difficulty", "errors"])
def test_nan_infinity_and_error_text_in_a_csv_are_rejected_by_value(column):
    index = {"target": 2, "actual": 3, "difficulty": 4, "errors": 7}[column]
    rows = []
    for value in BAD_NUMBERS:
        row = ["1001", "任务", 10, 9, 1, None, None, 0]
        row[index] = value
        rows.append(row)
    ds = ingest([ROSTER_CSV, InputFile("任务.csv", csv_bytes([TASK_HEADER, *rows]))])
    assert ds.tasks.empty and ds.rows["tasks"] == {"read": len(rows), "accepted": 0, "rejected": len(rows)}
    reasons = _rejected(ds, "tasks")["reason"].tolist()
    header = TASK_HEADER[index]
    for value, reason in zip(BAD_NUMBERS, reasons):
        assert f"“{value}”" in reason or f"{value}" in reason, reason
        expected = (REASON["excel_error"].format(column=header, value=value) if value.startswith("#")
                    else REASON["not_number"].format(column=header, value=value))
        assert reason == expected


def _error_cells_xlsx() -> bytes:
    """Task rows whose numbers are Excel error cells: NaN and ±inf become #NUM!/#DIV/0! (xlsxwriter's
    ``nan_inf_to_errors``), and formulas that failed with their cached error values."""
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"nan_inf_to_errors": True, "strings_to_numbers": False})
    sheet = book.add_worksheet("任务")
    sheet.write_row(0, 0, TASK_HEADER)
    values = [float("nan"), float("inf"), float("-inf")]
    for r, value in enumerate(values, start=1):
        sheet.write_row(r, 0, ["1001", "任务", value, 9, 1])
    sheet.write_row(4, 0, ["1001", "任务", 10, 9])
    sheet.write_formula(4, 4, "=1/0", None, "#DIV/0!")  # difficulty: blank would mean 1
    sheet.write_row(5, 0, ["1001", "任务", 10])
    sheet.write_formula(5, 3, "=NA()", None, "#N/A")
    book.close()
    return buf.getvalue()


def test_excel_error_cells_are_rejected_not_read_as_blank():
    ds = ingest([ROSTER_CSV, InputFile("任务.xlsx", _error_cells_xlsx())])
    rejected = _rejected(ds, "tasks")
    assert ds.tasks.empty and rejected["row"].tolist() == [2, 3, 4, 5, 6]
    assert rejected["reason"].tolist() == [
        REASON["excel_error"].format(column="目标值", value="#NUM!"),
        REASON["excel_error"].format(column="目标值", value="#DIV/0!"),
        REASON["excel_error"].format(column="目标值", value="#DIV/0!"),
        REASON["excel_error"].format(column="难度系数", value="#DIV/0!"),
        REASON["excel_error"].format(column="完成值", value="#N/A"),
    ]
    assert rejected["column"].tolist()[3] == "难度系数（E列）"


def _error_cells_xls() -> bytes:
    """A legacy .xls with error cells typed in (BIFF BOOLERR records), written by xlwt."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("任务")
    for c, text in enumerate(TASK_HEADER):
        sheet.write(0, c, text)
    for r, (target, done, difficulty) in enumerate([("#DIV/0!", 9, 1), (10, "#N/A", 1), (10, 9, "#VALUE!"),
                                                     (10, 9, 2)], start=1):
        for c, value in enumerate(["1001", "任务", target, done, difficulty]):
            if isinstance(value, str) and value.startswith("#"):  # by BIFF code: xlwt's own names are off
                sheet.row(r).set_cell_error(c, {"#DIV/0!": 0x07, "#N/A": 0x2A, "#VALUE!": 0x0F}[value])
            else:
                sheet.write(r, c, value)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_xls_error_cells_are_rejected_not_read_as_blank():
    """The .xls reader shows an error cell as blank: a blank 难度系数 would silently count as 1."""
    ds = ingest([ROSTER_CSV, InputFile("任务.xls", _error_cells_xls())])
    rejected = _rejected(ds, "tasks")
    assert rejected["row"].tolist() == [2, 3, 4] and len(ds.tasks) == 1
    assert rejected["reason"].tolist() == [
        REASON["excel_error"].format(column="目标值", value="#DIV/0!"),
        REASON["excel_error"].format(column="完成值", value="#N/A"),
        REASON["excel_error"].format(column="难度系数", value="#VALUE!"),
    ]


@pytest.mark.skipif(not soffice_path(), reason="LibreOffice is not installed")
def test_xls_formula_errors_saved_by_an_office_suite_are_rejected(tmp_path):
    """Failed formulas in an .xls as LibreOffice (or Excel) saves them: the cached result is the error."""
    source = tmp_path / "任务.xlsx"
    source.write_bytes(_error_cells_xlsx())
    profile = (tmp_path / "profile").as_uri()
    subprocess.run([soffice_path(), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xls",
                    "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=120)
    ds = ingest([ROSTER_CSV, InputFile("任务.xls", (tmp_path / "任务.xls").read_bytes())])
    reasons = _rejected(ds, "tasks")["reason"].tolist()
    assert ds.tasks.empty
    assert REASON["excel_error"].format(column="难度系数", value="#DIV/0!") in reasons
    assert REASON["excel_error"].format(column="完成值", value="#N/A") in reasons


def test_special_float_cells_written_into_the_xml():
    """Numbers Excel never writes but a hostile file can: <v>INF</v>, <v>NaN</v>, <v>1e400</v>."""
    cells = b"".join(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>1001</t></is></c><c r="B{r}" t="inlineStr"><is><t>t</t>'
        f'</is></c><c r="C{r}"><v>{v}</v></c><c r="D{r}"><v>1</v></c></row>'.encode()
        for r, v in ((2, "INF"), (3, "-inf"), (4, "1e400"), (5, "NaN")))
    data = _with_cells(cells, xlsx({"任务": [TASK_HEADER]}))
    ds = ingest([ROSTER_CSV, InputFile("任务.xlsx", data)])
    assert ds.tasks.empty and ds.rows["tasks"]["rejected"] == 4
    result = appraise([ROSTER_CSV, InputFile("任务.xlsx", data)])
    json.loads(result_json(result))  # no NaN or Infinity leaks into the JSON (allow_nan=False)


# ------------------------------------------------------------------ long cells

def _inline_row(r: int, values: list[str]) -> bytes:
    cells = "".join(f'<c r="{"ABCDE"[i]}{r}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values))
    return f'<row r="{r}">{cells}</row>'.encode()


def test_cells_of_100000_characters():
    """A 100,000-character cell in a used column rejects its row and says why; in an unused column it is harmless.

    The xlsx is written by hand: openpyxl and xlsxwriter cut text at Excel's
    32,767 characters, but a file from elsewhere can hold more.
    """
    long = "长" * 100_000
    rows = [ROSTER_HEADER + ["备注"]] + [r + [long] for r in ROSTER]
    rows[1][1] = long          # a name
    rows[2][2] = "x" * 100_000  # a unit
    rows.append([long, "某", "青石镇", "经济发展", ""])  # an ID
    expected = [
        REASON["too_long"].format(column="姓名", value=100_000, limit=32767),
        REASON["too_long"].format(column="单位", value=100_000, limit=32767),
        REASON["too_long"].format(column="编号", value=100_000, limit=32767),
    ]
    start = time.perf_counter()
    ds = ingest([InputFile("名册.csv", csv_bytes(rows))])
    rejected = _rejected(ds, "roster")
    assert rejected["row"].tolist() == [2, 3, 7] and rejected["reason"].tolist() == expected
    assert ds.roster["cadre_id"].tolist() == [r[0] for r in ROSTER[2:]]

    data = _with_cells(b"".join(_inline_row(r + 1, row) for r, row in enumerate(rows[1:], start=1)),
                       xlsx({"名册": [ROSTER_HEADER + ["备注"]]}))
    ds = ingest([InputFile("名册.xlsx", data)])
    rejected = _rejected(ds, "roster")
    assert rejected["row"].tolist() == [2, 3, 7] and rejected["reason"].tolist() == expected
    assert time.perf_counter() - start < 10


def test_long_cell_limit_is_a_setting():
    scheme = Scheme.default().updated({"reading": {"max_cell_chars": 5}})
    ds = ingest([ROSTER_CSV], scheme)
    rejected = _rejected(ds, "roster")
    assert rejected["row"].tolist() == [2, 6]  # 便民服务窗口 has six characters
    assert rejected["reason"].tolist() == [REASON["too_long"].format(column="岗位", value=6, limit=5)] * 2


def test_a_header_of_100000_characters_is_just_an_unknown_column():
    rows = [ROSTER_HEADER + ["表头" * 50_000]] + [r + ["x"] for r in ROSTER]
    ds = ingest([InputFile("名册.csv", csv_bytes(rows))])
    assert len(ds.roster) == len(ROSTER) and ds.rejected.empty


# ------------------------------------------------------------------ duplicated sheets and files

def test_the_same_roster_twice_in_one_workbook_is_read_once():
    sheets = county()
    sheets["名册（副本）"] = sheets["名册"]
    ds = ingest([InputFile("县.xlsx", xlsx(sheets))])
    assert len(ds.roster) == len(ROSTER) and ds.rejected.empty
    assert WARNING["duplicate_sheet"].format(file="县.xlsx", sheet="名册（副本）", first_file="县.xlsx",
                                             first_sheet="名册") in ds.warnings


def test_a_task_sheet_pasted_twice_does_not_double_the_workload():
    once = appraise([InputFile("县.xlsx", xlsx(county()))])
    sheets = county()
    sheets["任务2"] = sheets["任务"]
    twice = appraise([InputFile("县.xlsx", xlsx(sheets))])
    pd.testing.assert_frame_equal(twice.cadres, once.cadres)
    assert twice.dataset.rows == once.dataset.rows


def test_the_same_file_uploaded_twice_is_read_once():
    data = xlsx(county())
    once = appraise([InputFile("县.xlsx", data)])
    twice = appraise([InputFile("县.xlsx", data), InputFile("县(1).xlsx", data)])
    pd.testing.assert_frame_equal(twice.cadres, once.cadres)
    assert twice.dataset.rows == once.dataset.rows
    assert WARNING["duplicate_file"].format(file="县(1).xlsx", first="县.xlsx") in twice.dataset.warnings


def test_sheets_that_differ_in_one_cell_are_both_read():
    sheets = county()
    copy = [list(r) for r in sheets["任务"]]
    copy[1][3] = 99
    sheets["任务2"] = copy
    ds = ingest([InputFile("县.xlsx", xlsx(sheets))])
    assert ds.rows["tasks"]["read"] == 2 * (len(copy) - 1)


# ------------------------------------------------------------------ formulas without cached values

def _uncached_formulas() -> bytes:
    """openpyxl writes formulas with no cached value (a file never opened in Excel)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    roster = book.create_sheet("名册")
    for row in [ROSTER_HEADER, *ROSTER]:
        roster.append(row)
    roster["B3"] = '=CONCATENATE("李","四")'  # a required name: row 3
    tasks = book.create_sheet("任务")
    tasks.append(TASK_HEADER)
    tasks.append(["1001", "企业开办", 100, 100, 1, None, None, 0])
    tasks.append(["1003", "低保审核", 80, "=A1*2", "=1+1", None, None, 0])  # actual, difficulty: row 3
    tasks.append(["2001", "文件起草", 10, 12, "=0.5*3", None, None, 0])        # difficulty only: row 4
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_uncached_formulas_warn_and_reject_by_name_not_as_blank():
    ds = ingest([InputFile("公式.xlsx", _uncached_formulas())])
    assert WARNING["formula_no_value"].format(file="公式.xlsx", sheet="名册") in ds.warnings
    assert WARNING["formula_no_value"].format(file="公式.xlsx", sheet="任务") in ds.warnings
    rejected = ds.rejected.sort_values(["source", "row"])
    assert rejected[["source", "row", "column", "reason"]].to_numpy().tolist() == [
        ["roster", 3, "姓名（B列）", REASON["formula_no_value"].format(column="姓名")],
        ["tasks", 3, "完成值（D列）", REASON["formula_no_value"].format(column="完成值")],
        # an optional column too: a blank difficulty would silently count as 1
        ["tasks", 4, "难度系数（E列）", REASON["formula_no_value"].format(column="难度系数")],
    ]
    assert "为空" not in " ".join(ds.rejected["reason"])


def test_formulas_with_cached_values_read_normally():
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf)
    sheet = book.add_worksheet("名册")
    sheet.write_row(0, 0, ROSTER_HEADER)
    sheet.write_row(1, 0, ["1001", None, "青石镇", "经济发展"])
    sheet.write_formula(1, 1, '="张"&"三"', None, "张三")
    book.close()
    ds = ingest([InputFile("公式.xlsx", buf.getvalue())])
    assert ds.roster["name"].tolist() == ["张三"] and not ds.warnings


# ------------------------------------------------------------------ bombs: bounded time and memory

def _spaces_bomb(path: Path, gib: float = 1.0) -> None:
    """A valid workbook whose sheet XML is the roster plus ``gib`` GiB of spaces (about 1 MB compressed).

    Built without compressing a gigabyte: after a full flush the deflate
    stream of a repeated chunk repeats (RFC 1951 §3.2.3, stored-block
    alignment), so one compressed chunk is written many times.
    """
    sheet = zipfile.ZipFile(io.BytesIO(_roster_xlsx())).read(SHEET1)
    head, tail = sheet.split(b"</sheetData>")
    head += b"</sheetData>"
    chunk = b" " * 2**20
    n = int(gib * 1024)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = comp.compress(head) + comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    again = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    assert again == block
    last = comp.compress(tail) + comp.flush()
    crc = zlib.crc32(head)
    for _ in range(n):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + n * len(chunk) + len(tail)
    body = first + block * n + last
    src = zipfile.ZipFile(io.BytesIO(_roster_xlsx()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != SHEET1:
                dst.writestr(info.filename, src.read(info.filename))
    # append the sheet by hand: local header, data, then rebuild the directory with zipfile's own writer
    with zipfile.ZipFile(path, "a") as dst:
        zinfo = zipfile.ZipInfo(SHEET1, date_time=(2025, 1, 1, 0, 0, 0))
        zinfo.compress_type = zipfile.ZIP_DEFLATED
        zinfo.CRC, zinfo.compress_size, zinfo.file_size = crc, len(body), size
        dst.fp.seek(dst.start_dir)
        zinfo.header_offset = dst.fp.tell()
        dst.fp.write(zinfo.FileHeader(False))
        dst.fp.write(body)
        dst.start_dir = dst.fp.tell()
        dst.filelist.append(zinfo)
        dst.NameToInfo[zinfo.filename] = zinfo
        dst._didModify = True


def test_decompression_bomb_of_spaces_is_refused_fast_and_small(tmp_path):
    path = tmp_path / "炸弹.xlsx"
    _spaces_bomb(path, gib=1.0)
    assert path.stat().st_size < 3 * 2**20
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo(SHEET1).file_size > 2**30  # a gigabyte unpacked
    out = _measured("appraise", path)
    assert out.get("error") == ERROR["bomb"].format(file="炸弹.xlsx", limit_mb=2000)
    assert out["seconds"] < 5 and out["peak_mb"] < 600, out


def test_bomb_below_the_ratio_but_over_the_unpacked_limit(tmp_path):
    path = tmp_path / "大.xlsx"
    _spaces_bomb(path, gib=0.04)  # 41 MiB: under the ratio rule's 50 MiB floor
    scheme = Scheme.default().updated({"reading": {"max_unpacked_mb": 20}})
    assert _error([InputFile.from_path(path)], scheme) == ERROR["bomb"].format(file="大.xlsx", limit_mb=20)
    # within the limits the spaces are only spaces: the roster reads
    assert len(appraise([InputFile.from_path(path)]).cadres) == len(ROSTER)


FAR_CELLS = [
    (b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>', 1048576, 16384),
    # the cell claims a row far below its own <row>
    (b'<row r="7"><c r="ZZ900000" t="inlineStr"><is><t>x</t></is></c></row>', 900000, 702),
    # another attribute before r hides nothing
    (b'<row r="8"><c s="0" r="XFD5000"><v>1</v></c></row>', 5000, 16384),
]


def test_one_far_cell_is_refused_before_the_grid_is_allocated(tmp_path):
    """A 6 KB file with one cell at XFD1048576: loading it would allocate the full grid and abort the process."""
    paths = []
    for i, (cells, _, _) in enumerate(FAR_CELLS):
        paths.append(tmp_path / f"稀疏{i}.xlsx")
        paths[-1].write_bytes(_with_cells(cells))
        assert paths[-1].stat().st_size < 10_000
    outs = _measured("read-each", *paths)
    for i, ((_, rows, columns), out) in enumerate(zip(FAR_CELLS, outs)):
        assert out.get("error") == ERROR["too_many_cells"].format(file=f"稀疏{i}.xlsx", sheet="名册", rows=rows,
                                                                   columns=columns, limit=10_000_000)
        assert out["seconds"] < 10 and out["peak_mb"] < 600, out  # a 512 GB grid would be neither


def test_legacy_xls_with_one_far_cell_is_refused_within_the_formats_bound(tmp_path):
    """.xls (BIFF8) holds at most 65,536 × 256 cells: the reader loads that grid (about 1 GB, measured 1.2 GB
    peak), then the limit refuses it before it becomes a table.  Not scanned beforehand: bounded by the format."""
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook()
    sheet = book.add_sheet("名册")
    for c, header in enumerate(ROSTER_HEADER):
        sheet.write(0, c, header)
    sheet.write(65535, 255, "x")
    path = tmp_path / "稀疏.xls"
    book.save(str(path))
    out = _measured("read", path)
    assert out.get("error") == ERROR["too_many_cells"].format(file="稀疏.xls", sheet="名册", rows=65536, columns=256,
                                                               limit=10_000_000)
    assert out["seconds"] < 15 and out["peak_mb"] < 2500, out


def test_cells_without_references_are_bounded_too(tmp_path):
    """Cells without ``r`` are placed one after another: one wide row and many short rows still make a big grid."""
    wide = b"<row>" + b'<c t="inlineStr"><is><t>x</t></is></c>' * 5000 + b"</row>"
    many = b'<row><c t="inlineStr"><is><t>y</t></is></c></row>' * 5000
    data = _with_cells(wide + many)
    assert len(data) < 20_000
    message = _error([InputFile("无引用.xlsx", data)])
    assert message.startswith("文件“无引用.xlsx”的“名册”数据区域有")


def test_ods_with_a_cell_repeated_millions_of_times():
    data = ods({"名册": table(ROSTER_HEADER, ROSTER)})
    content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml")
    repeated = (b'<table:table-row table:number-rows-repeated="100000"><table:table-cell '
                b'table:number-columns-repeated="1000" office:value-type="float" office:value="1">'
                b'<text:p>1</text:p></table:table-cell></table:table-row>')
    bomb = _rezip(data, {"content.xml": content.replace(b"</table:table>", repeated + b"</table:table>", 1)})
    assert len(bomb) < 5000
    start = time.perf_counter()
    message = _error([InputFile("重复.ods", bomb)])
    assert message in (ERROR["corrupt"].format(file="重复.ods", kind="ODS"),
                       ERROR["too_many_cells"].format(file="重复.ods", sheet="名册", rows=100_007, columns=1000,
                                                      limit=10_000_000))
    assert time.perf_counter() - start < 5


def test_csv_with_one_line_of_a_million_separators_is_refused():
    lines = ["编号,姓名,单位,岗位", "," * 1_000_000] + ["1001,张三,青石镇,经济发展"] * 20
    start = time.perf_counter()
    message = _error([InputFile("宽.csv", "\n".join(lines).encode())])
    assert message == ERROR["too_many_columns_csv"].format(file="宽.csv", columns=1_000_001, limit=16_384)
    assert time.perf_counter() - start < 5


# ------------------------------------------------------------------ a million rows

N_MILLION = 1_048_575  # data rows under one header: Excel's 1,048,576 rows in all


def _million_xlsx(path: Path, rows: int = N_MILLION) -> None:
    """A service sheet of ``rows`` ratings, its XML written directly (xlsxwriter takes ~35 s for this)."""
    parts = [b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxml'
             b'formats.org/spreadsheetml/2006/main"><sheetData><row r="1">']
    parts += [f'<c r="{c}1" t="inlineStr"><is><t>{h}</t></is></c>'.encode() for c, h in zip("ABC", SERVICE_HEADER)]
    parts.append(b"</row>")
    ids = [r[0] for r in ROSTER]
    parts += [f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{ids[r % 5]}</t></is></c><c r="B{r}" t="inlineStr">'
              f'<is><t>P{r % 997}</t></is></c><c r="C{r}"><v>{1 + r % 5}</v></c></row>'.encode()
              for r in range(2, rows + 2)]
    parts.append(b"</sheetData></worksheet>")
    src = zipfile.ZipFile(io.BytesIO(xlsx({"评价": [SERVICE_HEADER]})))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, b"".join(parts) if info.filename == SHEET1 else src.read(info.filename))


def test_a_million_row_csv_is_scored_in_bounded_time_and_memory(tmp_path):
    roster = tmp_path / "名册.csv"
    roster.write_bytes(ROSTER_CSV.data)
    ratings = tmp_path / "评价.csv"
    ids = [r[0] for r in ROSTER]
    lines = [",".join(SERVICE_HEADER)] + [f"{ids[i % 5]},P{i % 997},{1 + i % 5}" for i in range(N_MILLION)]
    ratings.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = _measured("appraise", roster, ratings)
    assert "error" not in out, out
    assert out["rows"]["service"] == {"read": N_MILLION, "accepted": N_MILLION, "rejected": 0}
    assert out["cadres"] == len(ROSTER)
    assert out["seconds"] < 60 and out["peak_mb"] < 2500, out


def test_a_million_row_xlsx_is_read_in_bounded_time_and_memory(tmp_path):
    path = tmp_path / "评价.xlsx"
    _million_xlsx(path)
    out = _measured("read", path)
    assert "error" not in out, out
    assert out["rows"] == [N_MILLION]
    assert out["seconds"] < 60 and out["peak_mb"] < 2500, out


def test_more_rows_than_the_csv_limit_is_refused_quickly():
    """Text files are bounded by their own limit, not Excel's sheet size (a province's 好差评 export is longer)."""
    lines = ",".join(SERVICE_HEADER) + "\n" + "1001,P,4\n" * (N_MILLION + 1)
    scheme = Scheme.default().updated({"reading": {"max_csv_rows": N_MILLION}})
    start = time.perf_counter()
    message = _error([ROSTER_CSV, InputFile("评价.csv", lines.encode())], scheme)
    assert message == ERROR["too_many_rows_csv"].format(file="评价.csv", rows=N_MILLION + 2, limit=N_MILLION)
    assert time.perf_counter() - start < 5


def test_a_csv_longer_than_excel_allows_is_read_by_default():
    lines = ",".join(SERVICE_HEADER) + "\n" + "1001,P,4\n" * (N_MILLION + 10)
    ds = ingest([ROSTER_CSV, InputFile("评价.csv", lines.encode())])
    assert ds.rows["service"]["accepted"] == N_MILLION + 10


def test_row_limit_is_a_setting():
    scheme = Scheme.default().updated({"reading": {"max_rows": 3}})
    message = _error([InputFile("县.xlsx", xlsx(county()))], scheme)
    assert message == ERROR["too_many_rows"].format(file="县.xlsx", sheet="名册", rows=6, limit=3)
    message = _error([ROSTER_CSV], Scheme.default().updated({"reading": {"max_csv_rows": 3}}))
    assert message == ERROR["too_many_rows_csv"].format(file="名册.csv", rows=6, limit=3)


def test_read_grids_honours_the_cell_limit_for_every_format():
    limits = {**LIMITS, "max_cells": 10, "max_csv_cells": 10}
    sheets = {"名册": table(ROSTER_HEADER, ROSTER)}  # 6 rows x 4 columns
    for name, data in (("a.xlsx", xlsx(sheets)), ("a.ods", ods(sheets)), ("a.csv", csv_bytes(sheets["名册"]))):
        with pytest.raises(AppraisalError) as err:
            read_grids(InputFile(name, data), limits)
        assert "6行×4列" in err.value.message, name


def test_every_hostile_file_together_is_still_one_message():
    """Many files, one broken: the message names the broken one and nothing is half-read."""
    files = [ROSTER_CSV, InputFile("任务.xlsx", xlsx({"任务": table(TASK_HEADER, [])})),
             InputFile("坏.xlsx", _break(xlsx(county()), "central_signature"))]
    assert _error(files) == ERROR["corrupt"].format(file="坏.xlsx", kind="Excel")
    tables, _ = read_tables(files[:2], LIMITS)
    assert [t.source for t in tables] == ["roster", "tasks"]


def test_readme_list_of_bad_inputs_names_only_tests_that_exist():
    """README.md "已测试的错误输入和故障": every test it cites exists, and every test of this file is cited."""
    import re

    readme = (REPO / "README.md").read_text("utf-8")
    section = readme.split("## 已测试的错误输入和故障", 1)[1].split("\n## ", 1)[0].split("\n---", 1)[0]
    cited = set(re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", section))
    assert len(cited) > 50
    for path, name in cited:
        assert re.search(rf"^def {name}\(", (REPO / path).read_text("utf-8"), re.M), f"{path}::{name}"
    mine = re.findall(r"^def (test_\w+)\(", Path(__file__).read_text("utf-8"), re.M)
    missing = [n for n in mine if ("tests/system/test_hostile.py", n) not in cited and "readme" not in n]
    assert not missing, missing


def test_libreoffice_error_codes_are_rejected_even_in_text_columns():
    """A name or unit cell showing LibreOffice's "Err:502" is a failed formula, not a name."""
    rows = [["1001", "张三", "青石镇", "党政综合"], ["1002", "Err:502", "青石镇", "党政综合"],
            ["1003", "王五", "Err:522", "党政综合"]]
    ds = ingest([InputFile("名册.csv", csv_bytes([["编号", "姓名", "单位", "岗位"], *rows]))])
    assert ds.roster["cadre_id"].tolist() == ["1001"]
    assert _rejected(ds, "roster")["reason"].tolist() == [
        REASON["excel_error"].format(column="姓名", value="Err:502"),
        REASON["excel_error"].format(column="单位", value="Err:522")]


def _xml2003(rows: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n'
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
            f'<Worksheet ss:Name="任务"><Table>{rows}</Table></Worksheet></Workbook>').encode()


def test_an_excel_2003_xml_spreadsheet_named_xls_is_read():
    """Excel 2003's "XML 表格" (.xls or .xml): title merged across, cells placed by ss:Index, an ID as text with
    its zeros, a date, a unit merged down, an error cell rejected by name."""
    def cell(v, t="String", extra=""):
        return f'<Cell{extra}><Data ss:Type="{t}">{v}</Data></Cell>'
    header = "".join(cell(h) for h in ["编号", "任务名称", "目标值", "完成值", "难度系数", "截止日期"])
    title = cell("2025年任务完成情况", extra=' ss:MergeAcross="5"')
    task = cell("招商", extra=' ss:MergeDown="1"')
    failed = cell("#DIV/0!", "Error", ' ss:Formula="=1/0"')
    numbers = cell(10, "Number") + cell(9, "Number") + cell(2, "Number")
    day = cell("2025-03-05T00:00:00.000", "DateTime")
    rows = (f"<Row>{title}</Row>"
            f'<Row ss:Index="3">{header}</Row>'
            f"<Row>{cell('1001')}{task}{numbers}{day}</Row>"
            f'<Row>{cell("1002")}<Cell ss:Index="3"><Data ss:Type="Number">10</Data></Cell>{failed}</Row>')
    roster = InputFile("名册.csv", csv_bytes([["编号", "姓名", "单位", "岗位"], ["1001", "张三", "青石镇", "党政综合"],
                                               ["1002", "李四", "青石镇", "党政综合"]]))
    ds = ingest([roster, InputFile("任务.xls", _xml2003(rows))])
    assert ds.tasks[["cadre_id", "task", "target", "actual", "difficulty"]].values.tolist() == [
        ["1001", "招商", 10.0, 9.0, 2.0]]
    assert str(ds.tasks["deadline"].iloc[0].date()) == "2025-03-05"
    rejected = _rejected(ds, "tasks")
    assert rejected["row"].tolist() == [5]
    assert rejected["reason"].tolist() == [REASON["excel_error"].format(column="完成值", value="#DIV/0!")]


def test_an_excel_2003_xml_spreadsheet_is_parsed_without_entities_or_far_cells():
    entity = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
              '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
              'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="名册"><Table>'
              '<Row><Cell><Data ss:Type="String">编号</Data></Cell><Cell><Data ss:Type="String">&x;</Data></Cell>'
              '</Row></Table></Worksheet></Workbook>').encode()
    grids = read_grids(InputFile("名册.xls", entity), Scheme.default().section("reading"))
    assert "root:" not in " ".join(grids[0].cells.iloc[0].tolist())
    far = _xml2003('<Row ss:Index="1048576"><Cell ss:Index="16384"><Data ss:Type="String">x</Data></Cell></Row>')
    assert _error([InputFile("远.xls", far)]) == ERROR["too_many_cells"].format(
        file="远.xls", sheet="任务", rows=1048576, columns=16384, limit=10_000_000)


def test_a_huge_merged_cell_in_an_html_export_is_refused_not_drawn():
    """27 KB of HTML: one cell spanning 16,384 columns down 3,000 rows would be 49 million cells (the reader
    once drew them all before checking; the suite's timeout catches a return of that)."""
    html = "<table><tr><td colspan=16384 rowspan=3000>x</td></tr>" + "<tr></tr>" * 2999 + "</table>"
    assert _error([InputFile("炸弹.xls", html.encode())]) == ERROR["too_many_cells"].format(
        file="炸弹.xls", sheet="炸弹", rows=3000, columns=16384, limit=10_000_000)
