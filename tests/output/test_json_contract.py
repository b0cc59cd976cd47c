"""The ``--json`` contract: :func:`result_dict` and :func:`result_json`.

Issue #6 made both column-wise.  The reference is the code they replaced, a
cell at a time: ``{c: _plain(v)}`` per row of ``itertuples`` and
``json.dumps(..., ensure_ascii=False, indent=1, allow_nan=False)`` of the
whole dict.  The text must stay the same, byte for byte.
"""

from __future__ import annotations

import json
import tempfile

import numpy as np
import pandas as pd
import pytest

from appraisal import appraise
from appraisal.demo.sample import write_sample
from appraisal.output.json_contract import JSON_CADRE_FIELDS, _plain, _records, _records_json, result_dict, result_json


def _records_ref(frame: pd.DataFrame) -> list[dict]:
    """The old per-cell way (before issue #6)."""
    cols = list(frame.columns)
    return [{c: _plain(v) for c, v in zip(cols, row)} for row in frame.itertuples(index=False, name=None)]


def _dumps_ref(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, allow_nan=False)


EVIL = ['a"b', "back\\slash", "tab\tnew\nline\r", "\x00\x1f\x7f", "%s %d %%", "=1+1", "\u2028\u2029",
        "😀 干部", "", " "]

FRAMES = {
    "floats": pd.DataFrame({"x": [0.0, -0.0, 1e16, 1e-7, 5e-324, 0.1 + 0.2, np.nan, np.inf, -np.inf, 96.0, -3.5],
                            "f32": np.array([0.1, 1, 2, 3, np.nan, 5, 6, 7, 8, 9, 10], dtype="float32")}),
    "ints and bools": pd.DataFrame({"i": [0, -1, 2**62, 7], "u": np.array([0, 1, 2, 2**63], dtype="uint64"),
                                    "b": [True, False, True, True]}),
    "text": pd.DataFrame({"s": pd.Series(EVIL + [None, np.nan], dtype="str"),
                          "o": pd.Series(EVIL + ["\ud800", np.nan], dtype="object"),  # a lone surrogate
                          "%key\"é": pd.Series(range(12))}),
    "flags": pd.DataFrame({"unit": pd.Series(["甲", "乙", "丙", "丁", "戊"], dtype="str"),
                           "flags": [[], ["few_ratings"], [], ["few_ratings", "unfit_votes"], ["few_ratings"]]}),
    "odd cells": pd.DataFrame({"o": [(1, 2), np.array([1.5, np.nan]), [np.int64(3), [np.float64(np.inf)]],
                                     pd.Timestamp("2025-01-02 03:04"), pd.NaT, None, np.bool_(True), {"k": 1}]}),
    "dates": pd.DataFrame({"d": pd.to_datetime(["2025-01-02 00:00:00", None, "2024-12-31 23:59:59"])}),
    "nullable": pd.DataFrame({"i": pd.array([1, 2], dtype="Int64"), "c": pd.Categorical(["x", "y"])}),
    "empty": pd.DataFrame({"a": pd.Series([], dtype="float64"), "b": pd.Series([], dtype="str")}),
    "no columns": pd.DataFrame(index=range(2)),
}


@pytest.mark.parametrize("name", FRAMES)
def test_records_match_the_per_cell_way(name):
    frame = FRAMES[name]
    assert _records(frame) == _records_ref(frame)
    assert _dumps_ref(_records(frame)) == _dumps_ref(_records_ref(frame))


@pytest.mark.parametrize("name", FRAMES)
@pytest.mark.parametrize("pad", ["", " ", "   "])
def test_records_json_is_json_dumps_of_the_records(name, pad):
    frame = FRAMES[name]
    # A lone surrogate has no UTF-8: it is written as its JSON escape, which reads back as the same string.
    expected = _dumps_ref(_records_ref(frame)).replace("\n", "\n" + pad).replace("\ud800", "\\ud800")
    text = _records_json(frame, pad).decode("utf-8")
    assert text == expected
    assert json.loads(text.encode("utf-8")) == json.loads(_dumps_ref(_records_ref(frame)))


def test_records_do_not_change_the_frame():
    frame = FRAMES["odd cells"].copy()
    before = frame.copy()
    _records(frame), _records_json(frame)
    pd.testing.assert_frame_equal(frame, before)


@pytest.fixture(scope="module")
def result():
    paths = write_sample(tempfile.mkdtemp(), n_cadres=120, seed=3)
    return appraise(paths)


def test_result_json_is_the_old_text_byte_for_byte(result):
    old = {
        "cadres": _records_ref(result.cadres[JSON_CADRE_FIELDS]),
        "groups": _records_ref(result.groups[["by", "name", "n", "rho", "p", "q", "inversion"]]),
        "units": _records_ref(result.units[["unit", "flags"]]),
        "rows": result.dataset.rows,
        "linked_by_name": result.dataset.linked_by_name,
        "rejected": _records_ref(result.dataset.rejected[["file", "sheet", "row", "column", "reason"]]),
        "scheme": result.scheme.to_dict(),
        "inputs": result.dataset.inputs,
        "version": result_dict(result)["version"],
    }
    assert result.cadres["flags"].map(len).gt(0).any()  # flags present, so the list cells are exercised
    assert result_dict(result) == old
    assert list(result_dict(result)) == list(old)
    assert result_json(result).encode("utf-8") == _dumps_ref(old).encode("utf-8")


def test_to_json_writes_the_file(result, tmp_path):
    text = result_json(result, tmp_path / "r.json")
    assert (tmp_path / "r.json").read_text(encoding="utf-8") == text
    assert json.loads(text)["cadres"][0]["cadre_id"] == result.cadres["cadre_id"].iloc[0]
