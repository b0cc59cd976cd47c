"""Masking names and resident ID numbers for projection and exports."""

from __future__ import annotations

import copy

import pandas as pd
import pytest

from appraisal.output.privacy import mask_ids, mask_names, mask_result
from tests.helpers import SAMPLE_DATA


@pytest.mark.parametrize(("name", "masked"), [
    ("张三", "张*"), ("张小三", "张*三"), ("欧阳小峰", "欧**峰"), ("司马相如云", "司***云"), ("王", "王"), ("", ""),
])
def test_names(name, masked):
    assert mask_names(pd.Series([name])).tolist() == [masked]


@pytest.mark.parametrize(("cid", "masked"), [
    ("11010119900307123X", "110101********123X"),   # 18 characters: first 6 and last 4 kept
    ("110101199003071234", "110101********1234"),
    ("110101900307123", "110101*****7123"),          # the old 15-digit form
    ("GB01638", "GB01638"),                          # a staff number is not personal data
    ("1101011990030712", "1101011990030712"),        # 16 digits: not an ID card number
])
def test_ids(cid, masked):
    assert mask_ids(pd.Series([cid])).tolist() == [masked]


def test_mask_result_hides_names_keeps_numbers_and_leaves_input_alone(sample_result):
    result = sample_result
    before = result.cadres.copy()
    shown = mask_result(result)
    pd.testing.assert_frame_equal(result.cadres, before)  # the input is not changed
    assert (shown.cadres["name"] == mask_names(before["name"])).all()
    assert not set(shown.cadres["name"]) & set(before["name"].str.len().gt(2).pipe(lambda m: before["name"][m]))
    cols = ["composite", "rank_in_unit", "grade", "unit", "post"]
    pd.testing.assert_frame_equal(shown.cadres[cols], before[cols])
    assert len(shown.dataset.service) == len(result.dataset.service)


def test_ids_quoted_in_rejection_reasons_are_masked(sample_result):
    result = copy.deepcopy(sample_result)  # its rejected rows are replaced below
    rejected = pd.DataFrame({"source": ["tasks"], "file": ["f.xlsx"], "sheet": ["任务"], "row": [3],
                             "column": ["编号（A列）"], "reason": ["编号“11010119900307123X”不在干部名册中"]})
    result.dataset.rejected = rejected
    shown = mask_result(result)
    assert shown.dataset.rejected["reason"].tolist() == ["编号“110101********123X”不在干部名册中"]


def test_command_line_mask_hides_names_in_the_json_and_the_workbook(tmp_path, sample_result):
    import json

    import openpyxl

    from appraisal.cli import main

    files = [str(p) for p in sorted(SAMPLE_DATA.iterdir())]
    plain = sample_result.cadres
    name = plain.loc[plain["name"].str.len() == 3, "name"].iloc[0]
    assert main(["score", *files, "--mask", "--json", str(tmp_path / "r.json"), "--out", str(tmp_path / "r.xlsx")]) == 0
    names = {c["name"] for c in json.loads((tmp_path / "r.json").read_text("utf-8"))["cadres"]}
    assert name not in names and name[0] + "*" + name[-1] in names
    book = openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True)
    cells = {v for row in book["排名"].iter_rows(values_only=True) for v in row if isinstance(v, str)}
    assert name not in cells and name[0] + "*" + name[-1] in cells
