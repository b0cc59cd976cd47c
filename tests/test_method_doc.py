"""docs/method.md documents every scheme setting and every flag code (a test fails when one is missing).

Reference: the datasette habit "a test fails when a setting is not documented" (../shared/style.md).
"""

from __future__ import annotations

import pytest

from appraisal.analysis.bias import RATER_FLAGS, UNIT_BIAS_FLAGS
from appraisal.scheme import _FREE_KEYS, _default_data
from appraisal.scoring.diagnostics import CADRE_FLAGS
from appraisal.texts import ROBUST_FLAG_LABELS, UNIT_FLAG_LABELS
from tests.helpers import ROOT

DOC = ROOT / "docs" / "method.md"


def _leaf_paths(data: dict, path: tuple[str, ...] = ()) -> list[str]:
    """Every setting's dotted path; free-form maps (posts, words, groups as keys) are one setting each."""
    out = []
    for key, value in data.items():
        sub = (*path, str(key))
        if isinstance(value, dict) and sub not in _FREE_KEYS:
            out.extend(_leaf_paths(value, sub))
        else:
            out.append(".".join(sub))
    return out


SETTINGS = _leaf_paths(_default_data())
FLAGS = sorted({*CADRE_FLAGS, "uncertain_grade", *UNIT_FLAG_LABELS, *UNIT_BIAS_FLAGS, *RATER_FLAGS,
                *ROBUST_FLAG_LABELS} - {"enter", "leave"})


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text("utf-8")


def test_leaf_paths_walk_the_scheme():
    assert "diagnostics.min_group_size" in SETTINGS and "grading.bands.优秀" in SETTINGS
    assert "robustness.bootstrap_resamples" in SETTINGS and "weights" in SETTINGS
    assert not any(s.startswith("weights.") for s in SETTINGS)


@pytest.mark.parametrize("setting", SETTINGS)
def test_every_setting_is_documented(doc, setting):
    assert f"`{setting}`" in doc, f"docs/method.md does not document `{setting}`"


@pytest.mark.parametrize("code", FLAGS)
def test_every_flag_is_documented(doc, code):
    assert f"`{code}`" in doc, f"docs/method.md does not document the flag `{code}`"


def test_references_and_english_summary(doc):
    for ref in ("Shrout", "McGraw", "Benjamini", "国办发〔2019〕51号", "公务员考核规定", "党政领导干部考核工作条例"):
        assert ref in doc
    assert "## English summary" in doc
