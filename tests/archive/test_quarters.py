"""平时考核: the 优秀 rule by its boundary cases, the 好 quota, quarters imported and saved, the CLI."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import openpyxl
import pandas as pd
import pytest

from appraisal import InputFile, Scheme, appraise
from appraisal.archive import (
    Period,
    good_shares,
    open_archive,
    over_quota,
    quarter_check,
    quarterly_grades,
)
from appraisal.check import read_history
from appraisal.cli import main
from appraisal.demo.sample import write_sample
from appraisal.scoring import as_quarter
from tests.helpers.workbooks import county, xlsx


def _check(grades: dict[int, str], annual: str = "优秀", scheme: Scheme | None = None) -> pd.Series:
    a = pd.DataFrame({"cadre_id": ["1001"], "name": ["张三"], "unit": ["青石镇"], "grade": [annual]})
    q = pd.DataFrame({"cadre_id": "1001", "year": 2025, "quarter": list(grades), "grade": list(grades.values()),
                      "name": "张三", "unit": "青石镇"})
    return quarter_check(a, q, 2025, scheme).iloc[0]


@pytest.mark.parametrize(("quarters", "meets"), [
    ({1: "好", 2: "好", 3: "好", 4: "好"}, True),
    ({1: "好", 2: "好", 3: "较好", 4: "较好"}, True),  # exactly half
    ({1: "好", 2: "较好", 3: "较好", 4: "较好"}, False),  # one of four
    ({1: "好", 2: "好", 3: "好", 4: "一般"}, False),  # a 一般 bars 优秀 whatever the rest
    ({1: "好", 2: "好", 3: "好", 4: "较差"}, False),
    ({1: "好", 2: "较好", 3: "好"}, True),  # three quarters held: 2 of 3 ≥ ceil(1.5)
    ({1: "好", 2: "较好", 3: "较好"}, False),  # 1 of 3 < 2
    ({1: "好"}, True),
    ({1: "较好"}, False),
])
def test_the_excellent_rule(quarters, meets):
    row = _check(quarters)
    assert bool(row["meets"]) is meets
    assert (row["sentence"] == "") is meets


def test_a_quarter_without_the_cadre_counts_as_no_good_and_is_named():
    a = pd.DataFrame({"cadre_id": ["1001", "1002"], "name": ["张三", "李四"], "unit": "青石镇", "grade": "优秀"})
    q = pd.DataFrame({"cadre_id": ["1001", "1001", "1001", "1001", "1002", "1002"], "year": 2025,
                      "quarter": [1, 2, 3, 4, 1, 2], "grade": "好", "name": "", "unit": "青石镇"})
    out = quarter_check(a, q, 2025).set_index("cadre_id")
    assert out.loc["1001", "meets"] and out.loc["1002", "meets"]  # 2 of 4 for 李四: half, enough
    out = quarter_check(a, q.drop(index=5), 2025).set_index("cadre_id")  # 李四 has only Q1 now
    assert out.loc["1001", "meets"] and not out.loc["1002", "meets"]
    assert "第二、第三、第四季度无平时考核记录" in out.loc["1002", "sentence"]
    assert out.loc["1002", ["q1", "q2", "q3", "q4"]].tolist() == ["好", "", "", ""]


def test_only_excellent_is_checked_and_the_rule_can_be_off():
    assert _check({1: "较差", 2: "较差"}, annual="称职")["meets"]
    off = Scheme.from_dict({"quarterly": {"excellent_rule": False}})
    assert _check({1: "较差", 2: "较差"}, scheme=off)["meets"]
    stricter = Scheme.from_dict({"quarterly": {"excellent_min_good_share": 0.75, "excellent_bars": ["较差"]}})
    assert not _check({1: "好", 2: "好", 3: "较好", 4: "较好"}, scheme=stricter)["meets"]
    assert _check({1: "好", 2: "好", 3: "好", 4: "一般"}, scheme=stricter)["meets"]  # 一般 is no bar here


def test_without_quarters_of_the_year_nobody_is_flagged():
    a = pd.DataFrame({"cadre_id": ["1001"], "name": ["张三"], "unit": ["青石镇"], "grade": ["优秀"]})
    q = pd.DataFrame({"cadre_id": "1001", "year": 2024, "quarter": [1], "grade": ["较差"], "name": "", "unit": ""})
    assert quarter_check(a, q, 2025)["meets"].all()


def test_the_sentence_names_the_quarters_and_the_rule():
    row = _check({1: "好", 2: "较好", 3: "一般", 4: "较好"})
    assert row["sentence"] == ("2025年度考核为优秀，但平时考核第二、第四季度为较好，第三季度为一般"
                               "（档案中该年有4个季度，为“好”的1个；优秀要求至少2个季度为“好”，且没有一般、较差）")


@pytest.mark.parametrize(("n", "good", "over"), [(5, 2, False), (5, 3, True), (10, 4, False), (10, 5, True),
                                                 (2, 0, False), (2, 1, True), (3, 1, False)])
def test_the_good_quota_floor_of_forty_percent(n, good, over):
    q = pd.DataFrame({"year": 2025, "quarter": 2, "unit": "甲", "grade": ["好"] * good + ["较好"] * (n - good)})
    row = good_shares(q).iloc[0]
    assert row["places"] == int(np.floor(0.4 * n + 1e-9)) and bool(row["over"]) is over
    assert (len(over_quota(q)) == 1) is over


def test_a_scored_quarter_never_exceeds_the_good_quota_and_keeps_the_scores():
    result = appraise([InputFile("县.xlsx", xlsx(county()))])
    quarter = as_quarter(result)
    assert quarter.quarterly and not result.quarterly
    assert set(quarter.cadres["grade"]) <= {"好", "较好", "一般", "较差"}
    merged = result.cadres.merge(quarter.cadres, on="cadre_id", suffixes=("", "_q"))
    assert np.allclose(merged["composite"], merged["composite_q"]) and len(merged) == len(result.cadres)
    shares = good_shares(quarter.cadres.assign(year=2025, quarter=1))
    assert not shares["over"].any()
    assert as_quarter(quarter) is quarter


HISTORY = [["编号", "姓名", "单位", "季度", "等次", "单位内名次"],
           ["1001", "张三", "青石镇", "2025年第一季度", "好", 1],
           ["1002", "李四", "青石镇", "2025年第一季度", "好", 2],
           ["1003", "王五", "青石镇", "2025年第一季度", "较好", 3],
           ["1001", "张三", "青石镇", "2025年第二季度", "一般", 3],
           ["1002", "李四", "青石镇", "2025年第二季度", "优秀", 1],  # an annual word in a quarter: rejected
           ["1003", "王五", "青石镇", "Q2", "好", 1],  # no year in the cell and no 年度 column: rejected
           ["1001", "张三", "青石镇", "2025年第一季度", "好", 1],  # the same quarter twice: rejected
           ["1002", "李四", "青石镇", "第五季度", "好", "一"]]  # neither a quarter nor a rank


def test_quarter_grades_imported_become_versions_of_their_quarters(location):
    book = InputFile("平时考核.xlsx", xlsx({"平时": HISTORY}))
    history = read_history([book])
    assert history.rows == {"read": 8, "accepted": 4, "rejected": 4}
    reasons = history.rejected.set_index("row")["reason"]
    assert "不是考核方案认可的等次（好、较好、一般、较差）" in reasons[6]
    assert "没有“年度”列" in reasons[7]
    assert "2025年第一季度等次已在" in reasons[8]
    assert "不是有效的季度" in reasons[9]
    assert history.grades[["quarter", "rank_in_unit"]].values.tolist() == [[1, 1], [1, 2], [1, 3], [2, 3]]
    assert over_quota(history.grades) == [
        "2025年第一季度 青石镇：“好”等次2人（3人中占67%），超过名额1人（40%）；按原样导入。"]
    with open_archive(location) as archive:
        numbers = archive.import_history(history, saved_by="张科长", files=[book])
        assert numbers == {Period(2025, 1): 1, Period(2025, 2): 1}
        quarters = quarterly_grades(archive)
        q1 = archive.load(Period(2025, 1)).cadres
    assert quarters[["cadre_id", "quarter", "grade"]].values.tolist() == [
        ["1001", 1, "好"], ["1002", 1, "好"], ["1003", 1, "较好"], ["1001", 2, "一般"]]
    assert q1["rank_in_unit"].tolist() == [1, 2, 3]


def test_a_rank_is_kept_for_imported_years_and_read_back_from_our_workbook(tmp_path):
    book, out = tmp_path / "县.xlsx", tmp_path / "2024年排名.xlsx"
    book.write_bytes(xlsx(county()))
    assert main(["score", str(book), "--out", str(out), "--year", "2024"]) == 0
    history = read_history([InputFile.from_path(out)])
    scored = appraise([InputFile.from_path(book)]).cadres.set_index("cadre_id")
    got = history.grades.set_index("cadre_id")
    assert len(got) == len(scored) and set(got["quarter"]) == {0}
    assert got["rank_in_unit"].astype("int64").to_dict() == scored.loc[got.index, "rank_in_unit"].to_dict()


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.fixture(scope="module")
def sample_files(tmp_path_factory) -> list[str]:
    """A sample county of 60 cadres with 优秀 in it (the small county's units are too small for a place)."""
    return [str(p) for p in write_sample(tmp_path_factory.mktemp("county"), n_cadres=60, seed=1)]


def test_three_years_and_four_quarters_from_the_command_line(capsys, location, tmp_path, sample_files):
    """Done means: 2023, 2024, 2025 and 2025's four quarters saved; each cadre's history, the lists, the quarters."""
    for period in ("2023", "2024", "2025Q1", "2025Q2", "2025Q3", "2025Q4", "2025"):
        code, out, _ = _run(capsys, "archive", "save", *sample_files, "--period", period, "--db", location)
        assert code == 0, out
    result = appraise(sample_files).cadres
    excellent = result.loc[result["grade"] == "优秀", "cadre_id"].tolist()
    assert excellent
    code, out, _ = _run(capsys, "archive", "history", excellent[0], "--db", location)
    assert code == 0
    assert [line.split()[0] for line in out.splitlines() if line.strip()[:4].isdigit()] == [
        "2023年度", "2024年度", "2025年第一季度", "2025年第二季度", "2025年第三季度", "2025年第四季度", "2025年度"]
    code, out, _ = _run(capsys, "archive", "consequences", "2025", "--db", location)
    assert code == 0 and f"记三等功：{len(excellent)}人" in out
    csv_path = tmp_path / "平时考核.csv"
    code, out, _ = _run(capsys, "archive", "quarters", "2025", "--db", location, "--csv", str(csv_path))
    assert code == 0 and "2025年第四季度" in out and "不符合方案要求的：0人" in out
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text("utf-8-sig"))))
    assert len(rows) == len(result)
    for cadre_id in excellent:
        mine = next(r for r in rows if r["编号"] == cadre_id)
        # the same data each quarter: an annual 优秀 (band 优秀, within 20%) is 好 in every quarter (40%)
        assert [mine[f"第{w}季度"] for w in "一二三四"] == ["好"] * 4 and mine["符合优秀对平时考核的要求"] == "是"


def test_an_excellent_year_with_a_poor_quarter_is_flagged_in_the_workbook_and_json(capsys, location, tmp_path, sample_files):
    result = appraise(sample_files).cadres
    star = result.loc[result["grade"] == "优秀"].iloc[0]
    rows = [["编号", "姓名", "单位", "年度", "季度", "等次"]]
    rows += [[star["cadre_id"], star["name"], star["unit"], 2025, q, g]
             for q, g in ((1, "好"), (2, "一般"), (3, "好"), (4, "较好"))]
    (tmp_path / "平时.xlsx").write_bytes(xlsx({"平时考核": rows}))
    assert _run(capsys, "archive", "import", str(tmp_path / "平时.xlsx"), "--db", location)[0] == 0
    out, js = tmp_path / "2025.xlsx", tmp_path / "2025.json"
    code, _, _ = _run(capsys, "score", *sample_files, "--db", location, "--year", "2025", "--out", str(out),
                      "--json", str(js))
    assert code == 0
    sheet = openpyxl.load_workbook(out)["平时考核"]
    table = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(r for r in table if r and r[0] == "编号")
    line = dict(zip(header, next(r for r in table if r and r[0] == star["cadre_id"])))
    assert line["第二季度"] == "一般" and line["符合优秀对平时考核的要求"] == "否"
    assert "第二季度为一般" in line["说明"] and "第四季度为较好" in line["说明"]
    flagged = {q["cadre_id"]: q for q in json.loads(js.read_text("utf-8"))["quarters"] if not q["meets"]}
    # every 优秀 is flagged: the star for 一般, the others as the archive has no quarter of theirs
    assert set(flagged) == set(result.loc[result["grade"] == "优秀", "cadre_id"])
    assert "第二季度为一般" in flagged.pop(star["cadre_id"])["sentence"]
    assert all("第一、第二、第三、第四季度无平时考核记录" in q["sentence"] for q in flagged.values())


def test_quarters_before_the_year_is_saved_list_their_cadres_without_an_annual_grade(capsys, location, tmp_path):
    rows = [["编号", "姓名", "单位", "季度", "等次"], ["1001", "张三", "青石镇", "2025年第一季度", "好"],
            ["1002", "李四", "青石镇", "2025年第一季度", "较好"], ["1002", "李四", "柳河乡", "2025年第二季度", "好"]]
    (tmp_path / "平时.xlsx").write_bytes(xlsx({"平时考核": rows}))
    assert _run(capsys, "archive", "import", str(tmp_path / "平时.xlsx"), "--db", location)[0] == 0
    csv_path = tmp_path / "q.csv"
    code, out, _ = _run(capsys, "archive", "quarters", "2025", "--db", location, "--csv", str(csv_path))
    assert code == 0 and "2025年度考核尚未存档" in out
    got = list(csv.DictReader(io.StringIO(csv_path.read_text("utf-8-sig"))))
    assert [(r["编号"], r["单位"], r["年度等次"], r["第一季度"], r["第二季度"]) for r in got] == [
        ("1002", "柳河乡", "", "较好", "好"), ("1001", "青石镇", "", "好", "")]  # 李四 as last seen: 柳河乡
    code, _, err = _run(capsys, "archive", "quarters", "2024", "--db", location)
    assert code != 0 and "没有2024年的季度" in err
