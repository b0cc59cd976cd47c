"""A mapping that says how a sheet is laid out (``layouts``), when recognition is not wanted or not enough."""

from __future__ import annotations

import pandas as pd
import pytest

from appraisal import AppraisalError, ColumnMapping, InputFile, ingest
from appraisal.check import inspect
from tests.helpers.workbooks import xlsx
from tests.read.test_shapes import ROSTER as TALLY_ROSTER
from tests.read.test_shapes import _wide, _wide_tasks
from tests.read.test_survey import ROSTER, TOOL, _export


def test_layouts_round_trip_through_yaml_and_unknown_ones_are_refused():
    mapping = ColumnMapping(layouts={"问卷结果": "survey", "县.xlsx:任务": "wide_tasks"})
    assert ColumnMapping.from_yaml(mapping.to_yaml()) == mapping
    assert mapping.layout_of("县.xlsx", "任务") == "wide_tasks" and mapping.layout_of("乡.xlsx", "问卷结果") == "survey"
    assert mapping.layout_of("县.xlsx", "名册") is None
    with pytest.raises(AppraisalError, match="“问卷结果”→“matrix”"):
        ColumnMapping.from_yaml("layouts: {问卷结果: matrix}")


def test_a_survey_whose_identity_question_is_unknown_is_read_once_the_mapping_names_both():
    """An identity question the reader does not know ("您来自") makes the sheet unreadable as a survey;
    the mapping names the layout and the column, and the ballots are read."""
    rows = _export()
    rows[0] = [*TOOL[:-1], "1、您来自：", *rows[0][len(TOOL):]]
    book = [InputFile("县.xlsx", xlsx({"名册": ROSTER, "问卷": rows}))]
    assert inspect(book).set_index("sheet").at["问卷", "source"] == ""
    mapping = ColumnMapping(columns={"1、您来自：": "voter_group"}, layouts={"问卷": "survey"})
    ds = ingest(book, mapping=mapping)
    assert ds.sheets.set_index("sheet").at["问卷", "shape"] == "survey"
    assert ds.rows["democratic"] == {"read": 15, "accepted": 14, "rejected": 1}


def test_a_layout_not_found_in_the_sheet_says_why():
    rows = [["编号", "姓名", "备注"], ["1001", "张三", "无"]]
    book = [InputFile("县.xlsx", xlsx({"名册": ROSTER, "其他": rows}))]
    for layout, words in [("survey", "未找到身份题列"), ("wide_tally", "表头不是两行"), ("wide_tasks", "没有成对的任务列")]:
        sheets = inspect(book, mapping=ColumnMapping(layouts={"其他": layout})).set_index("sheet")
        assert sheets.at["其他", "source"] == "" and words in sheets.at["其他", "why"]
        ds = ingest(book, mapping=ColumnMapping(layouts={"其他": layout}))
        assert any("“其他”未识别为任何数据表" in w and words in w for w in ds.warnings)


def test_long_keeps_a_two_row_header_as_one_record_a_row():
    """``long`` turns the wide reading off: a two-row vote header is then a tally sheet missing its group."""
    rows, merges = _wide(True)
    book = [InputFile("县.xlsx", xlsx({"名册": TALLY_ROSTER, "测评": rows}, {"测评": merges}))]
    assert inspect(book).set_index("sheet").at["测评", "shape"] == "wide_tally"
    sheets = inspect(book, mapping=ColumnMapping(layouts={"测评": "long"})).set_index("sheet")
    assert sheets.at["测评", "shape"] == "" and "测评人类别" in sheets.at["测评", "why"]


def test_a_layout_implies_its_source_and_preview_shows_the_long_rows():
    rows, _ = _wide_tasks(False)
    book = [InputFile("县.xlsx", xlsx({"名册": TALLY_ROSTER, "任务": rows}))]
    sheets = inspect(book, mapping=ColumnMapping(layouts={"任务": "wide_tasks"})).set_index("sheet")
    assert sheets.at["任务", "source"] == "tasks" and sheets.at["任务", "shape"] == "wide_tasks"
    preview = sheets.at["任务", "preview"]
    assert list(preview.columns[:3]) == ["行号", "编号", "姓名"]
    assert preview[["编号", "任务名称"]].values.tolist()[:2] == [["1001", "招商引资"], ["1001", "项目建设"]]
    # a plain sheet is previewed as it will be read too
    roster_preview = sheets.at["名册", "preview"]
    assert isinstance(roster_preview, pd.DataFrame) and roster_preview["姓名"].tolist()[:2] == ["张三", "李四"]


def _survey_with_a_rating_question() -> list[list]:
    """A 问卷星 export that also asks for a satisfaction rating: its 满意度 column makes it look like ratings."""
    rows = _export()
    rows[0] = [*rows[0][:len(TOOL)], "满意度", *rows[0][len(TOOL):]]
    for r in rows[1:]:
        r.insert(len(TOOL), "满意")
    return rows


def test_a_survey_that_looks_like_ratings_is_read_as_one_by_its_layout():
    book = [InputFile("县.xlsx", xlsx({"名册": ROSTER, "问卷": _survey_with_a_rating_question()}))]
    sheets = inspect(book).set_index("sheet")
    assert sheets.at["问卷", "source"] == "service" and sheets.at["问卷", "missing"]  # taken for ratings, no ID
    ds = ingest(book, mapping=ColumnMapping(layouts={"问卷": "survey"}))
    assert ds.sheets.set_index("sheet").at["问卷", "shape"] == "survey"
    assert ds.rows["democratic"] == {"read": 15, "accepted": 14, "rejected": 1}
    assert any("是问卷导出" in w and "满意度（H列）" in w for w in ds.warnings)  # named among the columns not read
