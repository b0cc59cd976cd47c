"""The command line: exit codes, one Chinese sentence when nothing can be scored, and its outputs.

Most cases call :func:`appraisal.cli.main` in-process (fast, output captured
by pytest); two run ``python -m appraisal`` in a subprocess to prove a real
invocation shows no traceback.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from appraisal.check import SOURCE_ORDER
from appraisal.cli import main
from appraisal.output.json_contract import JSON_CADRE_FIELDS
from appraisal.texts import ERROR, SHEET_NAMES, SOURCE_LABELS
from tests.helpers import ROOT as REPO
from tests.helpers.workbooks import ROSTER_HEADER, county, csv_bytes, xlsx

CADRE_FIELDS = ["cadre_id", "name", "unit", "unit_type", "post", "workload", "task_score", "error_rate",
                "service_score", "service_n", "democratic_score", "leader_score", "weighted_score", "bonus",
                "penalty", "adjust_note", "composite", "excused_errors", "composite_unexcused", "grade_unexcused",
                "excused_note", "rank_in_unit",
                "grade", "grade_basis", "flags"]


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _one_error(err: str) -> str:
    """stderr holds exactly one line: the Chinese message, never a traceback."""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("错误：") and "Traceback" not in err
    return lines[0].removeprefix("错误：")


# ------------------------------------------------------------------ scoring works

@pytest.fixture(scope="module")
def county_file(tmp_path_factory) -> str:
    sheets = county(title="2025年度考核")
    sheets["任务"].append(["9999", "多余", 1, 1, 1, None, None, 0])   # one rejected row: still exit 0
    path = tmp_path_factory.mktemp("county") / "县.xlsx"
    path.write_bytes(xlsx(sheets))
    return str(path)


def test_score_exits_0_and_reports_rows(capsys, county_file):
    code, out, err = _run(capsys, "score", county_file)
    assert code == 0, err
    assert "任务完成：读取6行，采用5行，未采用1行" in out
    assert "县.xlsx“任务”第9行【编号（A列）】：编号“9999”不在干部名册中" in out
    assert "共5名干部，2个单位" in out


def test_json_follows_the_contract(capsys, county_file, tmp_path):
    target = tmp_path / "结果.json"
    code, _, err = _run(capsys, "score", county_file, "--json", str(target))
    assert code == 0, err
    data = json.loads(target.read_text(encoding="utf-8"))
    assert {"cadres", "groups", "units", "rows", "rejected", "scheme", "inputs"} <= set(data)
    assert JSON_CADRE_FIELDS == CADRE_FIELDS
    assert [list(c) for c in data["cadres"]] == [CADRE_FIELDS] * 5
    assert sorted(c["cadre_id"] for c in data["cadres"]) == ["1001", "1002", "1003", "2001", "2002"]
    assert data["inputs"] == [{"file": "县.xlsx", "sha256": hashlib.sha256(Path(county_file).read_bytes()).hexdigest()}]
    assert data["rows"]["tasks"] == {"read": 6, "accepted": 5, "rejected": 1}
    assert data["rejected"] == [{"file": "县.xlsx", "sheet": "任务", "row": 9, "column": "编号（A列）",
                                 "reason": "编号“9999”不在干部名册中"}]
    assert data["scheme"]["grading"]["excellent_quota"] == 0.2


def test_json_to_stdout_is_pure_json(capsys, county_file):
    code, out, err = _run(capsys, "score", county_file, "--json", "-")
    assert code == 0
    assert len(json.loads(out)["cadres"]) == 5
    assert "任务完成：读取6行" in err            # the report moved to stderr


def test_out_workbook_writes_formula_looking_text_as_text(capsys, tmp_path):
    names = ["=HYPERLINK(\"http://example.invalid\",\"点我\")", "+张三", "-李四", "@王五", "=1+1"]
    roster = [ROSTER_HEADER] + [[f"10{i}", n, "青石镇", "便民服务窗口"] for i, n in enumerate(names)]
    tasks = [["编号", "目标值", "完成值"]] + [[f"10{i}", 10, 10] for i in range(len(names))] + [["=9999", 1, 1]]
    path = _write(tmp_path, "a.xlsx", xlsx({"名册": roster, "任务": tasks}))
    out_path = tmp_path / "排名.xlsx"
    code, _, err = _run(capsys, "score", path, "--out", str(out_path))
    assert code == 0, err
    book = openpyxl.load_workbook(out_path)
    assert SHEET_NAMES["ranked"] in book.sheetnames and SHEET_NAMES["rejected"] in book.sheetnames
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    risky = {c.value: c.data_type for c in cells if isinstance(c.value, str) and c.value[:1] in "=+-@"}
    assert set(names) <= set(risky)
    assert set(risky.values()) == {"s"}
    ranked = book[SHEET_NAMES["ranked"]]
    assert set(names) <= {c.value for row in ranked.iter_rows() for c in row}


def test_validate_lists_every_rejected_row(capsys, tmp_path):
    tasks = [["编号", "目标值", "完成值"]] + [["9999", 1, 1]] * 25
    path = _write(tmp_path, "a.xlsx", xlsx({"名册": [ROSTER_HEADER, ["1001", "张三", "青石镇", "经济发展"]], "任务": tasks}))
    code, out, _ = _run(capsys, "validate", path)
    assert code == 0
    assert "任务完成：读取25行，采用0行，未采用25行" in out
    assert sum("不在干部名册中" in line for line in out.splitlines()) == 25
    assert "a.xlsx“任务”第26行【编号（A列）】" in out
    assert "另有" not in out  # all of them under one heading, none "in the output file"


def test_validate_with_few_rejected_rows_lists_them_once(capsys, tmp_path):
    tasks = [["编号", "目标值", "完成值"], ["9999", 1, 1], ["1001", 0, 1]]
    path = _write(tmp_path, "a.xlsx", xlsx({"名册": [ROSTER_HEADER, ["1001", "张三", "青石镇", "经济发展"]], "任务": tasks}))
    code, out, _ = _run(capsys, "validate", path)
    assert code == 0
    listed = [line for line in out.splitlines() if line.startswith("  a.xlsx“任务”第")]
    assert listed == ["  a.xlsx“任务”第2行【编号（A列）】：编号“9999”不在干部名册中",
                      "  a.xlsx“任务”第3行【目标值（B列）】：“目标值”必须大于0，实为“0”"]
    assert out.rstrip().splitlines()[-1] == listed[-1]  # nothing after the list: no empty heading


def test_mapping_file_on_the_command_line(capsys, tmp_path):
    mapping = _write(tmp_path, "对照.yaml", "columns: {考核对象编号: cadre_id}\n".encode())
    roster = [["考核对象编号", "姓名", "单位", "岗位"], ["1001", "张三", "青石镇", "经济发展"]]
    path = _write(tmp_path, "a.xlsx", xlsx({"名册": roster}))
    code, out, err = _run(capsys, "validate", path, "--map", mapping)
    assert code == 0, err
    assert "干部名册：读取1行，采用1行，未采用0行" in out


def test_template_has_four_sheets_and_notes_and_reads_back(capsys, tmp_path):
    target = tmp_path / "sub" / "模板.xlsx"
    code, out, _ = _run(capsys, "template", "--out", str(target))
    assert code == 0 and str(target) in out
    book = openpyxl.load_workbook(target)
    scored = [SOURCE_LABELS[s] for s in SOURCE_ORDER]  # this year's sources (历年考核结果 goes to the archive)
    assert book.sheetnames == [*scored, SHEET_NAMES["notes"]]
    code, out, err = _run(capsys, "validate", str(target))
    assert code == 0, err
    for label in scored:
        assert f"{label}：读取1行，采用1行，未采用0行" in out
    assert "未采用的行" not in out and "提示" not in out


def test_sample_then_score(capsys, tmp_path):
    code, out, err = _run(capsys, "sample", "--out", str(tmp_path / "县"), "--cadres", "60")
    assert code == 0, err
    files = sorted(str(p) for p in (tmp_path / "县").iterdir())
    assert files and all(f in out for f in files)
    code, out, err = _run(capsys, "score", *files, "--json", "-")
    assert code == 0, err
    assert len(json.loads(out)["cadres"]) == 60


def test_sample_too_small(capsys, tmp_path):
    code, _, err = _run(capsys, "sample", "--out", str(tmp_path), "--cadres", "5")
    assert code == 2
    assert _one_error(err) == "示例县至少需要20名干部（--cadres）。"


# ------------------------------------------------------------------ nothing can be scored: exit 2, one sentence

def _truncated() -> bytes:
    data = xlsx(county())
    return data[: len(data) // 2]


def _zip_claiming(size: int = 0xFFFFFFF0) -> bytes:
    """A tiny zip whose directory claims ``size`` unpacked bytes (PKWARE APPNOTE 4.3.7 / 4.3.12 offsets)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"<x/>" * 10)
    data = bytearray(buf.getvalue())
    central = data.index(b"PK\x01\x02")
    data[central + 24:central + 28] = size.to_bytes(4, "little")
    data[22:26] = size.to_bytes(4, "little")
    return bytes(data)


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("空.xlsx", b"", ERROR["empty_file"].format(file="空.xlsx")),
    ("空.csv", b"\r\n  \r\n", ERROR["empty_file"].format(file="空.csv")),
    ("截断.xlsx", None, ERROR["corrupt"].format(file="截断.xlsx", kind="Excel")),
    ("文本.xlsx", "编号,姓名\n1001,张三\n".encode(), ERROR["corrupt"].format(file="文本.xlsx", kind="Excel")),
    ("照片.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), ERROR["unknown_format"].format(file="照片.png")),
    ("炸弹.xlsx", "bomb", ERROR["bomb"].format(file="炸弹.xlsx", limit_mb=2000)),
    ("统计.xlsx", "stats", ERROR["no_sheet"].format(details="统计.xlsx“汇总”未识别为任何数据表，已跳过（表头为：乡镇数、人数）。")),
    ("缺列.xlsx", "missing", ERROR["missing_column"].format(file="缺列.xlsx", sheet="名册", source="干部名册",
                                                           column="岗位", row=1)),
])
def test_exit_2_with_one_message(capsys, tmp_path, name, data, expected):
    data = {None: _truncated(), "bomb": _zip_claiming(),
            "stats": xlsx({"汇总": [["乡镇数", "人数"], [2, 5]]}),
            "missing": xlsx({"名册": [["编号", "姓名", "单位"], ["1001", "张三", "青石镇"]]})}.get(data, data)
    path = _write(tmp_path, name, data)
    start = time.perf_counter()
    code, out, err = _run(capsys, "score", path)
    assert code == 2
    assert _one_error(err) == expected
    assert out == ""
    assert time.perf_counter() - start < 5


def test_missing_column_message_names_the_column(capsys, tmp_path):
    path = _write(tmp_path, "缺列.csv", csv_bytes([["编号", "姓名", "岗位"], ["1001", "张三", "经济发展"]]))
    code, _, err = _run(capsys, "score", path)
    assert code == 2
    assert "缺少必需的列“单位”" in _one_error(err)


def test_missing_file(capsys, tmp_path):
    code, _, err = _run(capsys, "score", str(tmp_path / "没有.xlsx"))
    assert code == 2
    assert _one_error(err).startswith("读取文件“没有.xlsx”失败：")


def test_oversized_file_refused_quickly(capsys, tmp_path):
    scheme = _write(tmp_path, "方案.yaml", "reading: {max_file_mb: 0.01}\n".encode())
    rows = [ROSTER_HEADER] + [[str(1000 + i), "张三", "青石镇", "经济发展"] for i in range(2000)]
    data = xlsx({"名册": rows})
    assert len(data) > 0.01 * 2**20
    path = _write(tmp_path, "大.xlsx", data)
    start = time.perf_counter()
    code, _, err = _run(capsys, "score", path, "--scheme", scheme)
    assert time.perf_counter() - start < 1.0
    assert code == 2
    assert _one_error(err) == ERROR["too_large"].format(file="大.xlsx", size_mb=len(data) / 2**20, limit_mb=0.01)


def test_decompression_bomb_refused_quickly(capsys, tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("xl/sharedStrings.xml", "w") as member:
        chunk = bytes(2**20)
        for _ in range(60):  # 60 MiB of zeros deflate to about 60 KiB
            member.write(chunk)
    path = _write(tmp_path, "炸弹.xlsx", buf.getvalue())
    start = time.perf_counter()
    code, _, err = _run(capsys, "score", path)
    assert time.perf_counter() - start < 1.0
    assert code == 2
    assert _one_error(err) == ERROR["bomb"].format(file="炸弹.xlsx", limit_mb=2000)


def test_lower_unpacked_limit_from_the_scheme(capsys, tmp_path):
    scheme = _write(tmp_path, "方案.yaml", "reading: {max_unpacked_mb: 0.001}\n".encode())
    path = _write(tmp_path, "a.xlsx", xlsx(county()))
    code, _, err = _run(capsys, "score", path, "--scheme", scheme)
    assert code == 2
    assert _one_error(err) == ERROR["bomb"].format(file="a.xlsx", limit_mb=0.001)


def test_bad_scheme_is_one_message(capsys, tmp_path):
    scheme = _write(tmp_path, "方案.yaml", "grading: {excellent_quota: 2}\n".encode())
    path = _write(tmp_path, "a.xlsx", xlsx(county()))
    code, _, err = _run(capsys, "score", path, "--scheme", scheme)
    assert code == 2
    assert "excellent_quota" in _one_error(err)


# ------------------------------------------------------------------ a real process

def _subprocess(*argv: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "appraisal", *argv], cwd=REPO, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_subprocess_bad_file_exits_2_without_traceback(tmp_path):
    path = _write(tmp_path, "坏.xlsx", b"PK\x03\x04 not really a zip")
    proc = _subprocess("score", path)
    assert proc.returncode == 2
    assert _one_error(proc.stderr) == ERROR["corrupt"].format(file="坏.xlsx", kind="Excel")
    assert proc.stdout == ""


def test_subprocess_scores(tmp_path, county_file):
    proc = _subprocess("score", county_file, "--json", "-")
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)["cadres"]) == 5


def test_score_to_json_loads_no_stats_charts_or_workbook_code(county_file, tmp_path):
    """Start-up (issue #6): scipy.stats (about a second), plotly, the workbook writer and the readers of other
    formats (lxml for HTML and XML 2003 files, xlrd for .xls) are not imported for an xlsx."""
    code = ("import sys; from appraisal.cli import main; "
            f"main(['score', {county_file!r}, '--json', {str(tmp_path / 'r.json')!r}]); "
            "print(sorted(m for m in ('scipy.stats', 'plotly', 'appraisal.output.export', 'appraisal.output.charts', 'lxml', "
            "'xlrd') if m in sys.modules))")
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[-1] == "[]"


def test_out_into_a_missing_folder_is_one_message_not_an_internal_error(capsys, county_file, tmp_path):
    target = tmp_path / "没有的目录" / "排名.xlsx"
    code, _, err = _run(capsys, "score", county_file, "--out", str(target))
    assert code == 2
    assert _one_error(err).startswith(f"无法读写“{target}”：")


@pytest.mark.parametrize("argv", [[], ["score"], ["bogus"], ["score", "a.csv", "--year", "x"], ["score", "a.csv", "--nope"],
                                  ["template"], ["score", "--help"], ["--help"]])
def test_usage_and_usage_errors_speak_chinese(argv, capsys):
    """argparse's own words (usage:, options, required, invalid choice…) come out in Chinese."""
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    out = capsys.readouterr()
    text = out.out + out.err
    assert exit_.value.code == (0 if "--help" in argv else 2)
    assert "用法：" in text
    for english in ("usage:", "error:", "required", "invalid", "unrecognized", "options:", "positional", "expected"):
        assert english not in text, (english, text)
    if "--help" not in argv:
        assert "错误：命令行参数有误：" in out.err
