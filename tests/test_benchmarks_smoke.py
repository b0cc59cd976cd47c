"""The benchmarks run end to end at a tiny scale (200 cadres) in seconds.

Benchmarks never pass or fail on time: this checks that every row of the
table is produced, and that the generated inputs are read by the library
with nothing rejected (so the timings are of real work, not of error paths).
"""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest

import appraisal
from appraisal import InputFile
from tests.helpers import ROOT

BENCH = ROOT / "benchmarks"
N = 200
ROWS = {"roster": N, "tasks": 10 * N, "service": 30 * N, "democratic": 3 * N}  # benchmarks/generate.py SHAPE
EXPECTED_ROWS = {
    "startup", "floor_c", "floor_pyarrow", "floor_command", "score_csv", "score_gbk", "floor_xlsx", "score_xlsx",
    "rescore", "workbook", "read_openpyxl", "read_calamine",
}


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    data = tmp_path_factory.mktemp("bench-data")
    subprocess.run([sys.executable, str(BENCH / "generate.py"), "--out", str(data), "--scales", f"tiny={N}",
                    "--read-rows", "2000"], cwd=ROOT, check=True, capture_output=True)
    out = data / "RESULTS.md"
    done = subprocess.run([sys.executable, str(BENCH / "run.py"), "--quick", "--in-process", "--data", str(data),
                           "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return data, out, json.loads(out.with_suffix(".json").read_text(encoding="utf-8")), done.stdout


def test_generated_files_have_the_documented_shape(bench):
    data, *_ = bench
    manifest = json.loads((data / "tiny" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["rows"] == ROWS
    assert manifest["xlsx_sheets"] == ["roster", "tasks", "service", "democratic"]
    assert (data / "read_2k.xlsx").exists()


@pytest.mark.parametrize("files", ["utf8/*.csv", "gbk/*.csv", "xlsx/*.xlsx"])
def test_generated_files_are_read_with_nothing_rejected(bench, files):
    data, *_ = bench
    paths = sorted((data / "tiny").glob(files))
    dataset = appraisal.ingest([InputFile.from_path(p) for p in paths])
    assert dataset.rejected.empty
    assert {s: v["accepted"] for s, v in dataset.rows.items()} == {**ROWS, "adjustments": 0, "exemptions": 0, "vetoes": 0}
    assert dataset.warnings == []


def test_run_produces_every_row_without_error(bench):
    _, out, raw, stdout = bench
    rows = {r["key"]: r for r in raw["rows"]}
    # the plain re-score row appears when the library's score() takes cached components
    assert set(rows) - {"rescore_plain"} == EXPECTED_ROWS
    for key, row in rows.items():
        assert "error" not in row["raw"], (key, row["raw"].get("error"))
        assert math.isfinite(row["seconds"]) and row["seconds"] >= 0, key
        assert row["peak_mb"] > 0, key
    for key in ("score_csv", "score_gbk", "score_xlsx"):
        assert rows[key]["raw"]["returncode"] == 0
        assert rows[key]["raw"]["rejected"] == 0
        assert rows[key]["raw"]["cadres"] == N
    markdown = out.read_text(encoding="utf-8")
    assert "| scale | what | seconds | peak RSS MB | target | met? |" in markdown
    for row in raw["rows"]:
        assert row["what"] in markdown and row["what"] in stdout


def test_targets_are_stated_not_enforced(bench):
    _, _, raw, _ = bench
    rows = {r["key"]: r for r in raw["rows"]}
    assert "50 ms" in rows["rescore"]["target"]
    assert "5× faster" in rows["read_calamine"]["target"]
    assert rows["read_calamine"]["met"].startswith(("yes", "**no**"))


def test_the_office_shapes_benchmark_runs_small():
    """benchmarks/shapes.py at a tiny scale: both lines printed, every row read, the survey's all linked."""
    proc = subprocess.run([sys.executable, str(BENCH / "shapes.py"), "--cadres", "1000", "--ratings", "3",
                           "--voters", "500", "--survey-cadres", "4"], capture_output=True, text=True, cwd=ROOT,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    hcp, survey = proc.stdout.strip().splitlines()
    assert hcp.startswith("好差评 export, 3,000 rows") and "'read': 3000" in hcp
    assert survey.startswith("survey export, 500 voters × 4 cadres") and "'rejected': 0" in survey
