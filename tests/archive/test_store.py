"""The archive on SQLite and PostgreSQL: saved versions read back exactly, never changed, followed by ID."""

from __future__ import annotations

import copy
import gzip
import json
import os
import stat

import pandas as pd
import pytest
import sqlalchemy as sa

from appraisal import AppraisalError, InputFile, appraise
from appraisal.archive import Period, compare_versions, grade_counts, open_archive, parse_period
from appraisal.output import result_json_bytes
from tests.helpers.workbooks import county, xlsx

BOOK = InputFile("县.xlsx", xlsx(county()))


@pytest.fixture(scope="module")
def small():
    return appraise([BOOK])


def test_a_saved_version_reads_back_exactly(location, small):
    with open_archive(location) as archive:
        assert archive.save(small, Period(2025), saved_by="张科长", files=[BOOK]) == 1
        v = archive.load(Period(2025))
    assert (v.title, v.reason, v.saved_by) == ("2025年度 第1版", "首次保存", "张科长")
    assert v.contract == result_json_bytes(small)  # the --json contract, byte for byte
    assert json.loads(v.contract)["inputs"] == [{"file": "县.xlsx", "sha256": BOOK.sha256}]
    assert v.inputs == [{"name": "县.xlsx", "sha256": BOOK.sha256, "size": len(BOOK.data), "kept": False}]
    want = small.cadres[list(v.cadres.columns)].reset_index(drop=True)
    got = v.cadres.sort_values("cadre_id", ignore_index=True)
    want = want.sort_values("cadre_id", ignore_index=True)
    for column in ("cadre_id", "name", "unit", "post", "grade", "flags", "flag_text"):
        assert got[column].tolist() == want[column].tolist()
    assert got["rank_in_unit"].tolist() == want["rank_in_unit"].tolist()
    pd.testing.assert_series_equal(got["composite"], want["composite"].astype("float64"), check_names=False)
    assert v.scheme_yaml == small.scheme.to_yaml()
    assert v.saved_at.tzinfo is not None


def test_saving_again_makes_a_new_version_and_needs_a_reason(location, small):
    changed = copy.deepcopy(small)
    changed.cadres.loc[changed.cadres["cadre_id"] == "1001", "grade"] = "优秀"
    with open_archive(location) as archive:
        archive.save(small, Period(2025))
        with pytest.raises(AppraisalError, match="这将是第2版：请写明重新保存的原因"):
            archive.save(changed, Period(2025))
        assert archive.save(changed, Period(2025), reason="更正青石镇测评数据") == 2
        first, second = archive.load(Period(2025), 1), archive.load(Period(2025))
        listed = archive.versions()
    assert first.contract == result_json_bytes(small)  # the first version is as it was saved
    assert second.number == 2 and second.reason == "更正青石镇测评数据"
    assert listed[["label", "number", "reason"]].values.tolist() == [
        ["2025年度", 1, "首次保存"], ["2025年度", 2, "更正青石镇测评数据"]]
    diff = compare_versions(first.cadres, second.cadres)
    assert diff.iloc[0][["cadre_id", "grade_b", "change_label"]].tolist() == ["1001", "优秀", "等次变化"]
    assert set(diff["change"].iloc[1:]) <= {"same", "rank"}


def test_a_cadre_is_followed_across_periods_by_id_whatever_unit(location, small):
    moved = copy.deepcopy(small)
    moved.cadres.loc[moved.cadres["cadre_id"] == "1002", ["unit", "post"]] = ["柳河乡", "党政综合"]
    with open_archive(location) as archive:
        archive.save(small, Period(2024))
        archive.save(moved, Period(2025, 1))
        archive.save(moved, Period(2025))
        history = archive.history("1002")
    assert [p.label for p in history["period"]] == ["2024年度", "2025年第一季度", "2025年度"]
    assert history["unit"].tolist() == ["青石镇", "青石镇", "柳河乡"]


def test_files_kept_compressed_come_back_checked(location, small):
    with open_archive(location) as archive:
        archive.save(small, Period(2025), files=[BOOK], keep_files=True)
        archive.save(small, Period(2025), files=[BOOK], reason="只存文件名")
        assert archive.load(Period(2025), 1).inputs[0]["kept"] is True
        assert [f.data for f in archive.input_files(Period(2025), 1)] == [BOOK.data]
        assert archive.input_files(Period(2025), 2) == []


def test_a_version_edited_by_hand_is_found_out(location, small):
    with open_archive(location) as archive:
        archive.save(small, Period(2025))
        forged = gzip.compress(result_json_bytes(small).replace("优秀".encode(), "称职".encode()))
        with archive.engine.begin() as c:
            c.execute(sa.text("UPDATE versions SET result_json = :b"), {"b": forged})
        with pytest.raises(AppraisalError, match="2025年度 第1版的内容与保存时的校验值不符"):
            archive.load(Period(2025))


def test_a_missing_version_says_which(location):
    with open_archive(location) as archive:
        with pytest.raises(AppraisalError, match="没有2025年第二季度的3存档"):
            archive.load(Period(2025, 2), 3)


def test_the_tables_are_those_of_the_newest_migration(location):
    """Opening migrates; the migrated tables match schema.py (no drift between the two)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from appraisal.archive.schema import metadata

    with open_archive(location) as archive, open_archive(location) as again:  # opening twice is harmless
        with archive.engine.connect() as c:
            context = MigrationContext.configure(c)
            assert context.get_current_revision() == "0001"
            assert compare_metadata(context, metadata) == []
        assert again.versions().empty


def test_the_sqlite_file_is_private(tmp_path):
    path = tmp_path / "新建" / "档案.sqlite3"
    open_archive(str(path)).close()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    path.chmod(0o644)
    open_archive(str(path)).close()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_an_archive_that_cannot_be_opened_says_so_in_chinese(tmp_path):
    blocker = tmp_path / "文件"
    blocker.write_text("x")
    with pytest.raises(AppraisalError, match="无法打开考核档案"):
        open_archive(str(blocker / "档案.sqlite3"))
    with pytest.raises(AppraisalError, match="无法打开考核档案.*\\*\\*\\*"):  # the password is never shown
        open_archive("postgresql://kh:secret@127.0.0.1:1/kaohe")


@pytest.mark.parametrize(("text", "period"), [
    ("2025", Period(2025)), ("2025年度", Period(2025)), ("2025年", Period(2025)), ("2025Q1", Period(2025, 1)),
    ("2025-Q4", Period(2025, 4)), ("2025年第二季度", Period(2025, 2)), ("2025年3季度", Period(2025, 3)),
    (" 2025 q2 ", Period(2025, 2)),
])
def test_periods_as_users_write_them(text, period):
    assert parse_period(text) == period


def test_periods_sort_in_time_order_the_year_after_its_quarters():
    periods = [Period(2025), Period(2025, 2), Period(2024), Period(2025, 1)]
    assert [p.label for p in sorted(periods)] == ["2024年度", "2025年第一季度", "2025年第二季度", "2025年度"]


@pytest.mark.parametrize("text", ["25", "2025Q5", "2025年第五季度", "明年", "1900", ""])
def test_a_period_that_is_none_is_refused(text):
    with pytest.raises(AppraisalError, match="考核期"):
        parse_period(text)


def test_compare_lists_grade_changes_first_and_who_came_and_left():
    a = pd.DataFrame({"cadre_id": ["1", "2", "3"], "name": ["张三", "李四", "王五"], "unit": ["青石镇"] * 3,
                      "grade": ["优秀", "称职", "称职"], "rank_in_unit": [1, 2, 3], "composite": [91.0, 80.0, 75.0]})
    b = pd.DataFrame({"cadre_id": ["1", "2", "4"], "name": ["张三", "李四", "赵六"], "unit": ["青石镇", "柳河乡", "青石镇"],
                      "grade": ["称职", "称职", "优秀"], "rank_in_unit": [2, 2, 1], "composite": [85.0, 80.0, 93.0]})
    diff = compare_versions(a, b)
    assert diff[["cadre_id", "change_label"]].values.tolist() == [
        ["1", "等次变化"], ["4", "新出现"], ["3", "不再出现"], ["2", "调整单位"]]
    assert grade_counts(b).to_dict() == {"优秀": 1, "称职": 2, "基本称职": 0, "不称职": 0}


def test_earlier_years_imported_become_versions_of_their_years(location, small):
    from appraisal.archive import annual_grades, consequence_lists
    from appraisal.check import read_history

    rows = [["编号", "姓名", "单位", "年度", "等次", "综合得分"],
            ["1001", "张三", "青石镇", 2023, "优秀", 93], ["1001", "张三", "青石镇", 2024, "优秀", 92],
            ["1002", "李四", "青石镇", 2024, "基本称职", 65]]
    book = InputFile("历年.xlsx", xlsx({"历年": rows}))
    history = read_history([book])
    with open_archive(location) as archive:
        assert archive.import_history(history, saved_by="张科长", files=[book], keep_files=True) == {Period(2023): 1, Period(2024): 1}
        v = archive.load(Period(2024))
        assert v.reason == "导入历年考核结果（历年.xlsx）" and v.saved_by == "张科长"
        assert v.cadres.set_index("cadre_id")["grade"].to_dict() == {"1001": "优秀", "1002": "基本称职"}
        assert json.loads(v.contract)["imported"] is True
        assert [f.data for f in archive.input_files(Period(2024), 1)] == [book.data]
        archive.save(small, Period(2025))  # this year, scored; 1001 is 称职 now
        grades = annual_grades(archive)
    assert sorted(set(grades["year"])) == [2023, 2024, 2025]
    lists = consequence_lists(grades, 2025)
    mine = lists[lists["cadre_id"] == "1002"]["rule"].tolist()
    assert "连续两年基本称职，组织调整或组织处理" in mine  # 2024 imported, 2025 scored
