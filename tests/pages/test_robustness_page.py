"""The 稳健性 page (pages/robustness.py) driven with streamlit.testing.v1.AppTest.

The page runs alone (AppTest.from_file) with the session seeded as app.py's
``ui.init_state`` does; the lead wires it into app.py's navigation.
"""

from __future__ import annotations

import sys

import pytest
from streamlit.testing.v1 import AppTest

import appraisal
from appraisal.analysis.uncertainty import bootstrap_ranks, committee_list
from appraisal.texts import ROBUST_UI
from tests.helpers import ROOT


@pytest.fixture(scope="module")
def sample(sample_result):
    return sample_result


@pytest.fixture(scope="module")
def page() -> AppTest:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    at = AppTest.from_file(str(ROOT / "pages" / "robustness.py"), default_timeout=120)
    at.session_state["files"] = None
    at.session_state["scheme_yaml"] = appraisal.Scheme.default().to_yaml()
    at.session_state["mapping_yaml"] = ""
    return at.run()


def test_page_runs_on_sample_without_error(page):
    assert not page.exception, page.exception
    assert not page.error, [e.value for e in page.error]
    headers = [h.value for h in page.subheader]
    assert ROBUST_UI["bootstrap"] in headers and ROBUST_UI["agreement"] in headers and ROBUST_UI["bias"] in headers


def test_committee_table_matches_library(page, sample):
    expected = committee_list(bootstrap_ranks(sample))
    tables = [d.value for d in page.dataframe]
    committee = [t for t in tables if "说明" in t.columns and "进入优秀的概率" in t.columns and "变化" not in t.columns]
    assert committee and len(committee[0]) == len(expected)
    assert committee[0]["编号"].tolist() == expected["cadre_id"].tolist()


def test_sample_has_no_single_ballots_and_says_so(page):
    assert ROBUST_UI["no_ballots"] in [i.value for i in page.info]


def test_switching_group_redraws(page, sample):
    groups = page.selectbox(key="rb_group").options
    page.selectbox(key="rb_group").set_value(groups[-1]).run()
    assert not page.exception
    assert set(page.dataframe[0].value["编号"]) == set(sample.cadres.loc[sample.cadres["unit"] == groups[-1], "cadre_id"])
