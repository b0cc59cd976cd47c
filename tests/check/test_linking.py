"""Rows without an ID linked to the roster by name and unit (appraisal.check.linking), never by a guess."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from appraisal import ColumnMapping, InputFile, appraise, ingest
from appraisal.check.linking import link_by_name
from appraisal.cli import main
from tests.helpers.workbooks import xlsx

ROSTER = [
    ["编号", "姓名", "单位", "岗位"],
    ["1001", "张三", "青石镇", "便民服务窗口"],
    ["1002", "李军", "青石镇", "便民服务窗口"],
    ["1003", "李军", "青石镇", "社会事务"],
    ["1004", "阿依古丽·买买提", "青石镇", "社会事务"],
    ["2001", "王五", "柳河乡", "便民服务窗口"],
    ["2002", "李军", "柳河乡", "社会事务"],
    ["2003", "钱七", "柳河乡", "社会事务"],
]

# A 好差评 platform export: a title row, no HR number, the person by 承办人 and 承办部门.
HCP_HEADER = ["评价编号", "事项名称", "办件编号", "承办部门", "承办人", "评价渠道", "评价时间", "评价等级", "差评原因"]
HCP = [
    ["P01", "企业开办", "B01", "青石镇人民政府", "张　三", "PC端", "2025-03-01", "非常满意", ""],  # alias, full-width space
    ["P02", "企业开办", "B02", "青石镇", "张三", "APP", "2025-03-02", "满意", ""],
    ["P03", "企业开办", "B03", "青石镇", "李军", "APP", "2025-03-02", "满意", ""],           # namesakes in one unit
    ["P04", "社保登记", "B04", "柳河乡", "李军", "APP", "2025-03-03", "不满意", "等待时间长"],  # namesake linked by unit
    ["P05", "社保登记", "B05", "", "王五", "窗口", "2025-03-04", "基本满意", ""],           # no unit, unique name
    ["P06", "社保登记", "B06", "", "李军", "窗口", "2025-03-04", "满意", ""],               # no unit, three namesakes
    ["P07", "社保登记", "B07", "白沙镇", "赵六", "APP", "2025-03-05", "满意", ""],          # unit not on the roster
    ["P08", "社保登记", "B08", "青石镇", "赵六", "APP", "2025-03-05", "满意", ""],          # name not on the roster
    ["P09", "社保登记", "B09", "青石镇", "王五", "APP", "2025-03-05", "满意", ""],          # on the roster, other unit
    ["P10", "社保登记", "B10", "青石镇", "", "APP", "2025-03-05", "满意", ""],              # no name
    ["P11", "社保登记", "B11", "青石镇", "阿依古丽•买买提", "APP", "2025-03-06", "非常满意", ""],  # another dot
    ["P12", "社保登记", "B12", "柳河乡", "钱七", "APP", "2025-03-06", "满意", ""],
    ["合计", "", "", "", "", "", "", "", ""],
]
MAPPING = ColumnMapping(units={"青石镇人民政府": "青石镇"})

# What each unlinkable row of HCP gets: (spreadsheet row, column, reason); the header is row 2.
REFUSED = [
    (5, "承办人（E列）", "名册中青石镇有2名“李军”，无法确定是哪一位"),
    (8, "承办人（E列）", "名册中有3名“李军”（青石镇、柳河乡），表中没有写单位，无法确定是哪一位"),
    (9, "承办部门（D列）", "单位“白沙镇”不在名册中（可在列名对照的 units 中写明它是名册中的哪个单位）"),
    (10, "承办人（E列）", "名册中没有“赵六”"),
    (11, "承办人（E列）", "名册中青石镇没有“王五”（名册中的“王五”在柳河乡）"),
    (12, "承办人（E列）", "“承办人”为空"),
    (15, "-", "合计/小计行，不作为干部数据"),
]
# The rows that link, as a tidy sheet with IDs would have them.
LINKED = [("1001", "2025-03-01", "非常满意"), ("1001", "2025-03-02", "满意"), ("2002", "2025-03-03", "不满意"),
          ("2001", "2025-03-04", "基本满意"), ("1004", "2025-03-06", "非常满意"), ("2003", "2025-03-06", "满意")]


def _hcp_book(rows=HCP, **more) -> bytes:
    return xlsx({"名册": ROSTER, "好差评": [["政务服务“好差评”评价数据导出"], HCP_HEADER, *rows], **more})


def _rejected(ds, sheet: str) -> list[tuple[int, str, str]]:
    r = ds.rejected[ds.rejected["sheet"] == sheet]
    return [(int(row), col or "-", reason) for row, col, reason in zip(r["row"], r["column"], r["reason"])]


def test_a_platform_export_links_by_name_and_unit_and_refuses_the_rest_with_reasons():
    ds = ingest([InputFile("县.xlsx", _hcp_book())], mapping=MAPPING)
    assert _rejected(ds, "好差评") == REFUSED
    assert ds.service["cadre_id"].tolist() == [cid for cid, _, _ in LINKED]
    assert ds.service["rating"].tolist() == [5.0, 4.0, 2.0, 3.0, 5.0, 4.0]
    assert ds.rows["service"] == {"read": len(HCP), "accepted": len(LINKED), "rejected": len(REFUSED)}
    assert ds.linked_by_name == {"tasks": 0, "service": len(LINKED), "democratic": 0, "adjustments": 0,
                                 "exemptions": 0, "vetoes": 0}


def test_without_the_alias_the_unit_as_written_is_refused():
    ds = ingest([InputFile("县.xlsx", _hcp_book())])
    assert (2 + 1, "承办部门（D列）", "单位“青石镇人民政府”不在名册中（可在列名对照的 units 中写明它是名册中的哪个单位）") \
        in _rejected(ds, "好差评")


def test_the_same_ratings_with_ids_give_the_same_scores():
    """Side by side: the platform export linked by name scores every cadre exactly as a tidy sheet with IDs."""
    by_name = appraise([InputFile("县.xlsx", _hcp_book())], mapping=MAPPING)
    tidy = [["编号", "评价时间", "评价等级"], *map(list, LINKED)]
    by_id = appraise([InputFile("县.xlsx", xlsx({"名册": ROSTER, "评价": tidy}))])
    cols = ["cadre_id", "service_score", "service_n", "composite", "rank_in_unit", "grade"]
    pd.testing.assert_frame_equal(by_name.cadres[cols], by_id.cadres[cols])


def test_tasks_and_tallies_by_name_score_as_with_ids():
    tasks_by_name = [["姓名", "单位", "任务名称", "目标值", "完成值", "差错次数"],
                     ["张三", "青石镇", "审批", 100, 90, 1], ["王五", "柳河乡", "调解", 50, 50, 0],
                     ["李军", "柳河乡", "调解", 40, 30, 2]]
    votes_by_name = [["2025年度民主测评汇总"], ["姓名", "单位", "测评人类别", "优秀", "称职", "基本称职", "不称职"],
                     ["张三", "青石镇", "干部职工", 10, 5, 1, 0], ["钱七", "柳河乡", "干部职工", 3, 9, 2, 1]]
    tasks_by_id = [["编号", "任务名称", "目标值", "完成值", "差错次数"],
                   ["1001", "审批", 100, 90, 1], ["2001", "调解", 50, 50, 0], ["2002", "调解", 40, 30, 2]]
    votes_by_id = [["编号", "测评人类别", "优秀", "称职", "基本称职", "不称职"],
                   ["1001", "干部职工", 10, 5, 1, 0], ["2003", "干部职工", 3, 9, 2, 1]]
    a = appraise([InputFile("县.xlsx", xlsx({"名册": ROSTER, "任务": tasks_by_name, "测评": votes_by_name}))])
    b = appraise([InputFile("县.xlsx", xlsx({"名册": ROSTER, "任务": tasks_by_id, "测评": votes_by_id}))])
    assert a.dataset.rejected.empty and a.dataset.linked_by_name == {"tasks": 3, "service": 0, "democratic": 2,
                                                                      "adjustments": 0, "exemptions": 0,
                                                                      "vetoes": 0}
    cols = ["cadre_id", "task_score", "workload", "democratic_score", "composite", "grade"]
    pd.testing.assert_frame_equal(a.cadres[cols], b.cadres[cols])


def test_row_order_does_not_change_who_is_linked():
    rows = HCP[:-1]
    order = np.random.default_rng(3).permutation(len(rows))
    shuffled = [rows[i] for i in order]
    a = ingest([InputFile("县.xlsx", _hcp_book(rows))], mapping=MAPPING)
    b = ingest([InputFile("县.xlsx", _hcp_book(shuffled))], mapping=MAPPING)
    key = ["cadre_id", "rated_on", "rating"]
    pd.testing.assert_frame_equal(a.service.sort_values(key, ignore_index=True),
                                  b.service.sort_values(key, ignore_index=True))
    assert sorted(a.rejected["reason"]) == sorted(b.rejected["reason"])


def test_a_sheet_with_ids_is_linked_by_its_ids_not_its_names():
    """Where a sheet has an ID column, names are not looked at: 李军 is fine under an ID."""
    tidy = [["编号", "姓名", "评价等级"], ["1002", "李军", "满意"], ["1003", "李军", "满意"]]
    ds = ingest([InputFile("县.xlsx", xlsx({"名册": ROSTER, "评价": tidy}))])
    assert ds.service["cadre_id"].tolist() == ["1002", "1003"]
    assert ds.linked_by_name["service"] == 0


def test_link_by_name_alone_on_distinct_pairs():
    roster = pd.DataFrame({"cadre_id": ["1", "2"], "name": ["张三", "张三"], "unit": ["甲镇", "乙镇"]})
    links = link_by_name(pd.Series(["张三", "张三", "张三"]), pd.Series(["乙镇", "", "丙镇"]), roster)
    assert links["cadre_id"].tolist()[0] == "2"
    assert links["field"].tolist() == ["", "name", "unit"]


def test_the_mapping_keeps_its_unit_aliases():
    m = ColumnMapping.from_yaml("units: {青石镇人民政府: 青石镇}")
    assert m.units == {"青石镇人民政府": "青石镇"}
    assert ColumnMapping.from_yaml(m.to_yaml()) == m
    assert "units" not in ColumnMapping(columns={"工号": "cadre_id"}).to_yaml()


def test_the_command_line_counts_rows_linked_by_name(tmp_path, capsys):
    book = tmp_path / "县.xlsx"
    book.write_bytes(_hcp_book())
    mapping = tmp_path / "对照.yaml"
    mapping.write_text(MAPPING.to_yaml(), encoding="utf-8")
    out = tmp_path / "r.json"
    assert main(["score", str(book), "--map", str(mapping), "--json", str(out)]) == 0
    text = capsys.readouterr().out
    assert f"服务对象评价：读取{len(HCP)}行，采用{len(LINKED)}行，未采用{len(REFUSED)}行（其中{len(LINKED)}行没有编号" in text
    data = json.loads(out.read_text("utf-8"))
    assert data["linked_by_name"]["service"] == len(LINKED)
    assert {(r["row"], r["reason"]) for r in data["rejected"] if r["sheet"] == "好差评"} == {
        (row, reason) for row, _, reason in REFUSED}


@pytest.mark.parametrize("blank_unit_column", [True, False])
def test_a_unit_column_left_blank_or_absent_links_unique_names(blank_unit_column):
    header = ["姓名", "单位", "评价等级"] if blank_unit_column else ["姓名", "评价等级"]
    rows = [["王五", "", "满意"], ["钱七", "", "满意"]] if blank_unit_column else [["王五", "满意"], ["钱七", "满意"]]
    ds = ingest([InputFile("县.xlsx", xlsx({"名册": ROSTER, "评价": [header, *rows]}))])
    assert ds.service["cadre_id"].tolist() == ["2001", "2003"] and ds.rejected.empty


def test_the_dataset_lists_the_units_it_could_not_find():
    """Units written otherwise than the roster, for the mapping step to ask about (and none once aliased)."""
    assert ingest([InputFile("县.xlsx", _hcp_book())]).unknown_units == ["白沙镇", "青石镇人民政府"]
    assert ingest([InputFile("县.xlsx", _hcp_book())], mapping=MAPPING).unknown_units == ["白沙镇"]
