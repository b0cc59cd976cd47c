"""考核结果运用: each rule of the scheme by its boundary cases, and the grades taken from the archive."""

from __future__ import annotations

import copy

import pandas as pd
import pytest

from appraisal import InputFile, Scheme, appraise
from appraisal.archive import Period, annual_grades, consequence_lists, consequence_table, open_archive
from tests.helpers.workbooks import county, xlsx


def _grades(by_year: dict[int, str]) -> pd.DataFrame:
    return pd.DataFrame({"cadre_id": "1001", "year": list(by_year), "grade": list(by_year.values()),
                         "name": "张三", "unit": "青石镇"})


@pytest.mark.parametrize(("history", "listed"), [
    ({2025: "优秀"}, ["嘉奖"]),
    ({2023: "优秀", 2024: "优秀", 2025: "优秀"}, ["嘉奖", "记三等功"]),
    ({2023: "优秀", 2025: "优秀"}, ["嘉奖", "晋升一个工资档次"]),  # 2024 not in the archive: no run of three
    ({2022: "优秀", 2023: "优秀", 2024: "优秀", 2025: "优秀"}, ["嘉奖", "记三等功", "晋升一个工资档次"]),
    ({2024: "称职", 2025: "优秀"}, ["嘉奖", "晋升一个工资档次"]),
    ({2023: "称职", 2024: "称职", 2025: "称职"}, []),  # three years: the step came in 2024
    ({2021: "称职", 2022: "称职", 2023: "称职", 2024: "称职", 2025: "称职"}, ["晋升一个级别"]),
    ({2025: "基本称职"}, ["诫勉，当年不计晋升职务职级年限"]),
    ({2024: "基本称职", 2025: "基本称职"}, ["诫勉，当年不计晋升职务职级年限", "连续两年基本称职，组织调整或组织处理"]),
    ({2024: "不称职", 2025: "基本称职"}, ["诫勉，当年不计晋升职务职级年限"]),
    ({2024: "不称职", 2025: "不称职"}, ["降低一个职务或者职级层次任职", "连续两年不称职，予以辞退"]),
    ({2023: "不称职", 2025: "不称职"}, ["降低一个职务或者职级层次任职"]),  # not consecutive
    ({2024: "不合格", 2025: "不合格"}, ["连续两年不合格，可解除聘用合同"]),
    ({2024: "优秀"}, []),  # nothing for a year the archive does not have
])
def test_the_default_rules(history, listed):
    out = consequence_lists(_grades(history), 2025)
    assert out["rule"].tolist() == listed


def test_each_entry_says_which_years_caused_it_and_the_basis():
    out = consequence_lists(_grades({2021: "称职", 2022: "优秀", 2023: "基本称职", 2024: "称职", 2025: "优秀"}), 2025)
    out = out.set_index("rule")
    assert out.at["晋升一个工资档次", "years"] == "2024、2025"
    assert out.at["晋升一个工资档次", "sentence"] == ("2024、2025年度为优秀或称职（档案中累计4年，每满2年一次），"
                                                   "晋升一个工资档次（《公务员考核规定》（2020）第十九条）")
    assert out.at["嘉奖", "basis"] == "《公务员考核规定》（2020）第二十条"
    table = consequence_table(out.reset_index())
    assert list(table.columns) == ["名单", "编号", "姓名", "单位", "当年等次", "依据的年度", "依据", "说明"]


def test_local_rules_are_data_in_the_scheme():
    scheme = Scheme.default().updated({"consequences": {"rules": {
        "连续两年优秀，优先推荐": {"grades": ["优秀"], "consecutive": 2, "basis": "本县实施办法第八条"}}}})
    out = consequence_lists(_grades({2024: "优秀", 2025: "优秀"}), 2025, scheme)
    assert out["rule"].tolist() == ["连续两年优秀，优先推荐"]  # the rules table is replaced whole
    assert out["sentence"].iloc[0] == "2024、2025年度连续2年为优秀，连续两年优秀，优先推荐（本县实施办法第八条）"


def test_many_cadres_at_once_each_with_their_own_years():
    g = pd.concat([_grades({2024: "优秀", 2025: "优秀"}),
                   _grades({2024: "不称职", 2025: "不称职"}).assign(cadre_id="1002", name="李四")], ignore_index=True)
    out = consequence_lists(g, 2025)
    assert out[["rule", "cadre_id"]].values.tolist() == [
        ["嘉奖", "1001"], ["晋升一个工资档次", "1001"], ["降低一个职务或者职级层次任职", "1002"],
        ["连续两年不称职，予以辞退", "1002"]]


def test_the_grades_come_from_each_years_latest_annual_version(location):
    book = appraise([InputFile("县.xlsx", xlsx(county()))])
    corrected = copy.deepcopy(book)
    corrected.cadres.loc[corrected.cadres["cadre_id"] == "1001", "grade"] = "优秀"
    with open_archive(location) as archive:
        archive.save(book, Period(2024))
        archive.save(book, Period(2025, 1))  # a quarter: not an annual grade
        archive.save(book, Period(2025))
        archive.save(corrected, Period(2025), reason="复核后改为优秀")
        grades = annual_grades(archive)
    assert sorted(set(grades["year"])) == [2024, 2025]
    mine = grades[grades["cadre_id"] == "1001"].set_index("year")["grade"].to_dict()
    assert mine == {2024: "称职", 2025: "优秀"}
    out = consequence_lists(grades, 2025)
    assert "1001" in set(out.loc[out["rule"] == "嘉奖", "cadre_id"])
