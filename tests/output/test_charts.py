"""Figures for the dashboard and the meeting: what each trace holds, checked against plain pandas."""

from __future__ import annotations

import numpy as np
import plotly.io as pio
import pytest

from appraisal import appraise
from appraisal.analysis.overview import group_summary
from appraisal.demo.sample import write_sample
from appraisal.output import charts


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return appraise(write_sample(tmp_path_factory.mktemp("county"), n_cadres=300, seed=3))


@pytest.mark.parametrize("by, metric", [("unit", "composite"), ("post", "service_score"), ("unit", "workload")])
def test_distribution_has_one_box_per_group_holding_exactly_its_cadres(result, by, metric):
    c = result.cadres
    fig = charts.distribution(c, by, metric)
    data = c[c[metric].notna()]
    # reference: groups ordered by median, each box the group's cadres in table order
    order = data.groupby(by)[metric].median().sort_values().index
    assert [t.name for t in fig.data] == [str(n) for n in order]
    for trace in fig.data:
        part = data[data[by] == trace.name]
        assert np.array_equal(trace.x, part[metric].to_numpy())
        assert list(trace.customdata) == part["cadre_id"].tolist()
        assert list(trace.hovertext) == charts._hover(part, metric)


def test_every_figure_has_the_house_template(result):
    for _, fig in charts.meeting_figures(result):
        assert fig.layout.template == pio.templates[charts.TEMPLATE]


def test_meeting_slides_draw_the_meeting_figures_one_at_a_time(result):
    slides = charts.meeting_slides(result)
    figures = charts.meeting_figures(result)
    assert [t for t, _ in slides] == [t for t, _ in figures]
    i = len(slides) // 2
    assert slides[i][1]().to_json() == figures[i][1].to_json()


def test_group_summary_counts_excellent_by_hand(result):
    c = result.cadres
    summary = group_summary(c, "unit", "composite").set_index("unit")
    for unit, part in c.groupby("unit"):
        assert summary.at[unit, "excellent"] == int((part["grade"] == "优秀").sum())
        assert summary.at[unit, "n"] == len(part)
    assert summary["median"].is_monotonic_decreasing
