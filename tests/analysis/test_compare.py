"""appraisal.analysis.compare: who moves between two results, as codes labelled only for display."""

from __future__ import annotations

import pytest

from appraisal import appraise, score
from appraisal.analysis import EXCELLENT_MOVES, compare_results
from appraisal.demo import write_sample
from appraisal.output import compare_table
from appraisal.scheme import GRADES
from appraisal.texts import CHANGE_LABELS


@pytest.fixture(scope="module")
def two_results(tmp_path_factory):
    paths = write_sample(tmp_path_factory.mktemp("cmp"), n_cadres=120, seed=3)
    before = appraise(paths)
    scheme = before.scheme.updated({"weights": {"默认": {"task": 80, "service": 10, "democratic": 10}}})
    return before, score(before.dataset, scheme)


def test_a_result_against_itself_has_no_move(two_results):
    before, _ = two_results
    assert compare_results(before, before).empty


def test_changes_are_codes_and_each_code_means_what_it_says(two_results):
    before, after = two_results
    moves = compare_results(before, after)
    assert not moves.empty
    assert set(moves["change"]) <= set(CHANGE_LABELS)
    excellent = GRADES[0]
    enter, leave = (moves[moves["change"] == code] for code in EXCELLENT_MOVES)
    assert (enter["grade_after"] == excellent).all() and (enter["grade_before"] != excellent).all()
    assert (leave["grade_before"] == excellent).all() and (leave["grade_after"] != excellent).all()
    regrade = moves[moves["change"] == "regrade"]
    assert (regrade["grade_before"] != regrade["grade_after"]).all()
    rerank = moves[moves["change"] == "rerank"]
    assert (rerank["grade_before"] == rerank["grade_after"]).all() and (rerank["rank_change"] != 0).all()
    assert (moves["rank_change"] == moves["rank_before"] - moves["rank_after"]).all()
    assert moves["rank_change"].abs().is_monotonic_decreasing


def test_the_table_shows_the_words(two_results):
    before, after = two_results
    moves = compare_results(before, after)
    shown = compare_table(moves)
    assert list(shown["变化"]) == [CHANGE_LABELS[c] for c in moves["change"]]
    assert list(moves["change"]) == list(compare_results(before, after)["change"])  # the frame is not changed
