"""``python -m appraisal archive save|list|show|compare|export`` on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json

import pytest

from appraisal.cli import main
from tests.helpers.workbooks import county, xlsx


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _error(err: str) -> str:
    """The one error line (after the archive's location), never a traceback."""
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("错误：")]
    assert len(errors) == 1, err
    return errors[0].removeprefix("错误：")


@pytest.fixture
def books(tmp_path) -> tuple[str, str]:
    """This year's county and the same county with one cadre's votes lowered (a correction)."""
    first = tmp_path / "县.xlsx"
    first.write_bytes(xlsx(county()))
    sheets = county()
    sheets["测评"][1] = ["1001", "干部职工", 0, 4, 8, 4]  # 1001's votes: from 10 优秀 to mostly 基本称职
    second = tmp_path / "县_更正.xlsx"
    second.write_bytes(xlsx(sheets))
    return str(first), str(second)


def test_save_list_show_compare_export(capsys, location, books, tmp_path):
    first, second = books
    code, out, err = _run(capsys, "archive", "save", first, "--period", "2025", "--by", "张科长", "--keep-files",
                          "--db", location)
    assert code == 0 and out.strip() == "已保存为 2025年度 第1版（5名干部）。"
    assert err.startswith("考核档案：") and "采用" in err  # where, and what was read
    code, _, err = _run(capsys, "archive", "save", second, "--period", "2025", "--db", location)
    assert code == 2 and "请写明重新保存的原因" in _error(err)
    code, out, _ = _run(capsys, "archive", "save", second, "--period", "2025", "--reason", "更正1001测评票",
                        "--by", "李科长", "--db", location)
    assert code == 0 and "第2版" in out

    code, out, _ = _run(capsys, "archive", "list", "--db", location)
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == 2
    assert "2025年度 第1版" in lines[0] and "张科长" in lines[0] and "首次保存" in lines[0]
    assert "2025年度 第2版" in lines[1] and "李科长" in lines[1] and "更正1001测评票" in lines[1]

    code, out, _ = _run(capsys, "archive", "show", "2025:1", "--db", location)
    assert code == 0 and "保存人：张科长" in out and "干部：5名；优秀" in out
    assert "县.xlsx" in out and "文件已保留" in out

    code, out, _ = _run(capsys, "archive", "compare", "2025:1", "2025", "--db", location,
                        "--csv", str(tmp_path / "比较.csv"))
    assert code == 0 and out.startswith("2025年度 第1版 → 2025年度 第2版：")
    table = list(csv.DictReader(io.StringIO((tmp_path / "比较.csv").read_text(encoding="utf-8-sig"))))
    assert len(table) == 5 and "等次（2025年度 第1版）" in table[0]
    moved = next(r for r in table if r["编号"] == "1001")
    assert moved["综合得分（2025年度 第1版）"] != moved["综合得分（2025年度 第2版）"]

    out_json = tmp_path / "v1.json"
    code, _, _ = _run(capsys, "archive", "export", "2025:1", "--json", str(out_json), "--files",
                      str(tmp_path / "原件"), "--db", location)
    assert code == 0
    assert json.loads(out_json.read_bytes())["inputs"][0]["file"] == "县.xlsx"
    assert (tmp_path / "原件" / "县.xlsx").read_bytes() == (tmp_path / "县.xlsx").read_bytes()
    code, _, err = _run(capsys, "archive", "export", "2025:2", "--files", str(tmp_path / "无"), "--db", location)
    assert code == 2 and "未保留输入文件" in _error(err)


def test_exported_json_is_what_score_wrote(capsys, location, books, tmp_path):
    """The archive keeps the --json contract byte for byte: export gives back what score gives."""
    first, _ = books
    _run(capsys, "archive", "save", first, "--period", "2025", "--db", location)
    _run(capsys, "score", first, "--json", str(tmp_path / "score.json"))
    _run(capsys, "archive", "export", "2025年度", "--json", str(tmp_path / "export.json"), "--db", location)
    assert (tmp_path / "export.json").read_bytes() == (tmp_path / "score.json").read_bytes()


def test_a_quarter_is_saved_on_the_quarterly_scale(capsys, location, books, tmp_path):
    """The same scores, graded 好/较好/一般/较差 with at most 40% 好 per unit (floor), level for level."""
    first, _ = books
    _run(capsys, "archive", "save", first, "--period", "2025Q1", "--db", location)
    _run(capsys, "score", first, "--json", str(tmp_path / "score.json"))
    _run(capsys, "archive", "export", "2025Q1", "--json", str(tmp_path / "q1.json"), "--db", location)
    annual = {c["cadre_id"]: c for c in json.loads((tmp_path / "score.json").read_text("utf-8"))["cadres"]}
    quarter = {c["cadre_id"]: c for c in json.loads((tmp_path / "q1.json").read_text("utf-8"))["cadres"]}
    assert annual.keys() == quarter.keys()
    level = {"优秀": "好", "称职": "较好", "基本称职": "一般", "不称职": "较差"}
    for cadre_id, q in quarter.items():
        a = annual[cadre_id]
        assert q["composite"] == a["composite"] and q["rank_in_unit"] == a["rank_in_unit"]
        assert q["grade"] in level.values()
        if a["composite"] < 90:  # below the top band, the levels are the same
            assert q["grade"] == level[a["grade"]]
    units = {c["unit"] for c in quarter.values()}
    for unit in units:
        mine = [c for c in quarter.values() if c["unit"] == unit]
        good = [c for c in mine if c["grade"] == "好"]
        assert len(good) <= int(len(mine) * 0.4 + 1e-9)
        in_band = [c for c in mine if c["composite"] >= 90]
        assert all(c["composite"] >= 90 for c in good)  # 好 only inside its band
        # the quota is 40%, not the annual 20%: the band's cadres fill the 40% places
        assert len(good) == min(len(in_band), int(len(mine) * 0.4 + 1e-9))
    assert sum(c["grade"] == "好" for c in quarter.values()) > sum(c["grade"] == "优秀" for c in annual.values())


@pytest.mark.parametrize(("argv", "words"), [
    (["archive", "show", "2026"], "没有2026年度的任何存档"),
    (["archive", "show", "明年"], "考核期“明年”无法识别"),
    (["archive", "export", "2025"], "请用 --json 或 --files"),
])
def test_archive_errors_are_one_chinese_line(capsys, location, argv, words):
    code, _, err = _run(capsys, *argv, "--db", location)
    assert code == 2 and words in _error(err)


def test_a_database_that_cannot_be_reached_is_one_line_without_the_password(capsys):
    code, _, err = _run(capsys, "archive", "list", "--db", "postgresql://kh:secret@127.0.0.1:1/kaohe")
    message = _error(err)
    assert code == 2 and "无法打开考核档案" in message and "secret" not in err


def test_a_bad_period_is_refused_before_the_files_are_read(capsys, location, tmp_path):
    code, _, err = _run(capsys, "archive", "save", str(tmp_path / "不存在.xlsx"), "--period", "2025Q5",
                        "--db", location)
    assert code == 2 and "考核期“2025Q5”无法识别" in _error(err)


def test_consequences_of_a_year(capsys, location, books, tmp_path):
    first, _ = books
    for year in ("2024", "2025"):
        _run(capsys, "archive", "save", first, "--period", year, "--db", location)
    code, out, _ = _run(capsys, "archive", "consequences", "2025", "--db", location, "--csv", str(tmp_path / "名单.csv"))
    assert code == 0 and out.startswith("2025年度考核结果运用（依据档案中2024、2025年度的等次")
    assert "连续两年基本称职，组织调整或组织处理：1人" in out
    assert "1002 李四（青石镇）：2024、2025年度连续2年为基本称职" in out
    table = list(csv.DictReader(io.StringIO((tmp_path / "名单.csv").read_text(encoding="utf-8-sig"))))
    assert {r["名单"] for r in table} >= {"诫勉，当年不计晋升职务职级年限"}
    code, _, err = _run(capsys, "archive", "consequences", "2023", "--db", location)
    assert code == 2 and "没有2023年度的年度考核存档" in _error(err)


def test_import_earlier_years_from_our_ranked_workbook(capsys, location, books, tmp_path):
    first, _ = books
    ranked = tmp_path / "2024排名.xlsx"
    _run(capsys, "score", first, "--out", str(ranked), "--county", "青山县", "--year", "2024")
    code, out, err = _run(capsys, "archive", "import", str(ranked), "--db", location, "--by", "张科长")
    assert code == 0 and out.strip() == "已保存为 2024年度 第1版（5名干部）。"
    assert "历年考核结果：读取5行，采用5行，未采用0行" in err and "本系统导出的排名表" in err
    code, out, _ = _run(capsys, "archive", "list", "--db", location)
    assert "导入历年考核结果（2024排名.xlsx）" in out


def test_import_without_a_year_lists_every_row_and_saves_nothing(capsys, location, tmp_path):
    from tests.helpers.workbooks import csv_bytes

    path = tmp_path / "往年.csv"
    path.write_bytes(csv_bytes([["编号", "姓名", "等次"], ["1001", "张三", "优秀"]]))
    code, _, err = _run(capsys, "archive", "import", str(path), "--db", location)
    assert code == 2 and "没有可导入的行" in _error(err) and "没有“年度”列" in err
    code, _, _ = _run(capsys, "archive", "import", str(path), "--year", "2022", "--db", location)
    assert code == 0


def test_a_cadres_history_over_years_and_quarters(capsys, location, books):
    first, _ = books
    for period in ("2024", "2025Q1", "2025"):
        _run(capsys, "archive", "save", first, "--period", period, "--db", location)
    code, out, _ = _run(capsys, "archive", "history", "1001", "--db", location)
    lines = out.strip().splitlines()
    assert code == 0 and [line.split()[0] for line in lines] == ["2024年度", "2025年第一季度", "2025年度"]
    assert "张三" in lines[0] and "青石镇" in lines[0] and "综合得分" in lines[0]
    code, _, err = _run(capsys, "archive", "history", "9999", "--db", location)
    assert code == 2 and "没有编号为“9999”的干部" in _error(err)


def test_score_with_the_archive_adds_this_years_consequences(capsys, location, books, tmp_path):
    """score --db --year: the archive's earlier years with this (unsaved) result as the year: a sheet in the
    ranked workbook and a member of the JSON; nothing is saved."""
    import openpyxl

    first, _ = books
    _run(capsys, "archive", "save", first, "--period", "2024", "--db", location)
    out_xlsx, out_json = tmp_path / "排名.xlsx", tmp_path / "结果.json"
    code, _, _ = _run(capsys, "score", first, "--db", location, "--year", "2025", "--out", str(out_xlsx),
                      "--json", str(out_json))
    assert code == 0
    lists = json.loads(out_json.read_bytes())["consequences"]
    mine = [r for r in lists if r["cadre_id"] == "1002"]
    assert {r["rule"] for r in mine} == {"诫勉，当年不计晋升职务职级年限", "连续两年基本称职，组织调整或组织处理"}
    assert next(r for r in mine if r["rule"].startswith("连续"))["years"] == "2024、2025"
    book = openpyxl.load_workbook(out_xlsx, read_only=True)
    assert "考核结果运用" in book.sheetnames
    rows = list(book["考核结果运用"].iter_rows(values_only=True))
    header = next(r for r in rows if r and "名单" in r)
    assert list(header[:3]) == ["名单", "编号", "姓名"]
    code, out, _ = _run(capsys, "archive", "list", "--db", location)
    assert "2025" not in out  # nothing saved
    code, _, err = _run(capsys, "score", first, "--db", location, "--json", str(out_json))
    assert code == 2 and "--year" in err
