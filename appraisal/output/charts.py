"""Plotly figures for the dashboard, the exports and the meeting deck.

Every function returns a figure and never shows it.  Colours are fixed per
grade (:data:`GRADE_COLORS`) and per flag (:data:`FLAG_COLORS`) so a grade
looks the same on every page; ``present=True`` gives the large-font,
high-contrast style for a projector.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from ..analysis import METRICS, median_pivot
from ..scheme import GRADES
from ..texts import CHART, COLUMN_LABELS, FLAG_LABELS, NO_VALUE

__all__ = [
    "GRADE_COLORS",
    "FLAG_COLORS",
    "FONT_FAMILY",
    "style",
    "empty_figure",
    "composite_histogram",
    "grades_by_type",
    "grades_by_year",
    "distribution",
    "heatmap",
    "inversion_scatter",
    "leader_mass_scatter",
    "standing_bars",
    "rating_bars",
    "vote_bars",
    "meeting_slides",
    "meeting_figures",
]

GRADE_COLORS: dict[str, str] = dict(zip(GRADES, ("#1a9850", "#4575b4", "#f39c12", "#d73027")))
FLAG_COLORS: dict[str, str] = {
    "workload_inversion": "#c0392b", "leader_above_mass": "#8e44ad", "mass_above_leader": "#16a085",
    "few_ratings": "#7f8c8d", "unfit_votes": "#e74c3c", "low_approval": "#d35400",
    "missing_component": "#95a5a6", "quota_tie": "#f1c40f", "uncertain_grade": "#2c3e50",
}
NEUTRAL = "#34495e"
FONT_FAMILY = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, SimHei, PingFang SC, sans-serif"


TEMPLATE = "plotly_white"
# Every figure starts in the house template: plotly gives a new figure its default template without
# checking it again, while setting one on a figure checks and copies all of it (11 ms a figure).
pio.templates.default = TEMPLATE


def style(fig: go.Figure, present: bool = False, height: int | None = None) -> go.Figure:
    """Apply the house style; ``present`` for a projector (large type, thick lines, white ground)."""
    size = 22 if present else 13
    if pio.templates.default != TEMPLATE:  # someone changed plotly's default since: set ours on the figure
        fig.update_layout(template=TEMPLATE)
    fig.update_layout(
        font={"family": FONT_FAMILY, "size": size, "color": "#000000" if present else "#222222"},
        # The title on its own line at the top, the legend on the next, just above the plot: side by side
        # they overlapped in a half-width column.
        title={"font": {"size": size + (10 if present else 4)}, "y": 0.98, "yanchor": "top"},
        margin={"l": 10, "r": 10, "t": 110 if present else 80, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "right", "x": 1},
        hoverlabel={"font_family": FONT_FAMILY},
        **({"height": height} if height else {}),
    )
    if present:
        fig.update_xaxes(showgrid=True, gridcolor="#bbbbbb", linecolor="#000000", tickfont={"size": size})
        fig.update_yaxes(showgrid=True, gridcolor="#bbbbbb", linecolor="#000000", tickfont={"size": size})
    return fig


def empty_figure(message: str, present: bool = False) -> go.Figure:
    """A figure that says in words there is nothing to show."""
    fig = go.Figure()
    fig.add_annotation(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                       font={"size": 24 if present else 16})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return style(fig, present)


def _hover(frame: pd.DataFrame, metric: str) -> list[str]:
    label = METRICS.get(metric, COLUMN_LABELS.get(metric, metric))
    values = frame[metric].map(lambda v: NO_VALUE if v != v else f"{v:.1f}")
    return (frame["name"] + "（" + frame["cadre_id"] + "）<br>" + frame["unit"] + " · " + frame["post"]
            + "<br>" + label + "：" + values + "<br>" + CHART["hover_grade"] + frame["grade"]).tolist()


def composite_histogram(cadres: pd.DataFrame, present: bool = False) -> go.Figure:
    """Distribution of the composite, stacked by grade."""
    if cadres["composite"].notna().sum() == 0:
        return empty_figure(CHART["empty"], present)
    grade, composite = cadres["grade"].to_numpy(), cadres["composite"].to_numpy()
    fig = go.Figure([go.Histogram(x=composite[grade == g], name=g, marker_color=GRADE_COLORS[g], xbins={"size": 2})
                     for g in GRADES])
    fig.update_layout(barmode="stack", title=CHART["composite_hist"], xaxis_title=COLUMN_LABELS["composite"],
                      yaxis_title=CHART["people"])
    return style(fig, present)


def grades_by_type(cadres: pd.DataFrame, present: bool = False) -> go.Figure:
    """Grade counts per unit type, stacked."""
    if cadres.empty:
        return empty_figure(CHART["empty"], present)
    counts = pd.crosstab(cadres["unit_type"], cadres["grade"]).reindex(columns=list(GRADES), fill_value=0)
    fig = go.Figure([go.Bar(x=counts.index, y=counts[g], name=g, marker_color=GRADE_COLORS[g],
                            text=counts[g], textposition="inside") for g in GRADES])
    fig.update_layout(barmode="stack", title=CHART["grades_by_type"], yaxis_title=CHART["people"])
    return style(fig, present)


def grades_by_year(distribution: pd.DataFrame, title: str = "", present: bool = False) -> go.Figure:
    """Grade shares per year, stacked to 100% (the counts in the hover): year-to-year on one scale.

    ``distribution``: a row per year, a column per grade and ``n`` (see
    :func:`appraisal.archive.grade_distribution`).
    """
    if distribution.empty:
        return empty_figure(CHART["empty"], present)
    years = distribution["year"].astype(str) + CHART["year_suffix"]
    share = distribution[list(GRADES)].div(distribution["n"].where(distribution["n"] > 0), axis=0) * 100
    fig = go.Figure([go.Bar(x=years, y=share[g], name=g, marker_color=GRADE_COLORS[g],
                            customdata=distribution[g], text=share[g].round(1).astype(str) + "%",
                            textposition="inside",
                            hovertemplate=CHART["year_grade_hover"].format(grade=g)) for g in GRADES])
    fig.update_layout(barmode="stack", title=title or CHART["grades_by_year"], yaxis_title=CHART["share_percent"],
                      yaxis={"range": [0, 100]})
    return style(fig, present)


def distribution(cadres: pd.DataFrame, by: str, metric: str = "composite", present: bool = False) -> go.Figure:
    """Box plot of a metric per unit or post, sorted by median, every cadre a point with hover."""
    data = cadres[cadres[metric].notna()]
    if data.empty:
        return empty_figure(CHART["empty"], present)
    groups = data.groupby(by)
    order = groups[metric].median().sort_values().index
    rows = groups.indices  # each group's row positions, in table order
    # Columns taken once and cut per group by position (a boolean filter per group cost 2-3 ms each).
    x, ids = data[metric].to_numpy(), data["cadre_id"].to_numpy()
    hover = np.array(_hover(data, metric), dtype=object)
    # Traces as dicts: plotly checks them once, in the figure (a go.Box is checked, then copied and checked again).
    fig = go.Figure([dict(
        type="box", x=x[rows[name]], name=str(name), orientation="h", boxpoints="all", jitter=0.5, pointpos=0,
        marker={"size": 8 if present else 4, "opacity": 0.6, "color": NEUTRAL},
        line={"color": "#2c3e50", "width": 2 if present else 1}, fillcolor="rgba(52,152,219,0.25)",
        hovertext=hover[rows[name]].tolist(), hoverinfo="text", showlegend=False,
        customdata=ids[rows[name]],
    ) for name in order])
    label = METRICS.get(metric, metric)
    title = (CHART["by_unit"] if by == "unit" else CHART["by_post"]).format(metric=label)
    fig.update_layout(title=title, xaxis_title=label)
    return style(fig, present, height=max(400, 26 * len(order) + 120) if not present else None)


def heatmap(cadres: pd.DataFrame, metric: str = "composite", present: bool = False) -> go.Figure:
    """Median of a metric per unit × post."""
    if cadres[metric].notna().sum() == 0:
        return empty_figure(CHART["empty"], present)
    pivot = median_pivot(cadres, metric)
    label = METRICS.get(metric, metric)
    text = pivot.map(lambda v: "" if v != v else f"{v:.1f}")
    fig = go.Figure(go.Heatmap(
        z=pivot.to_numpy(), x=list(pivot.columns), y=list(pivot.index), colorscale="RdYlGn",
        text=text.to_numpy(), texttemplate="%{text}", hovertemplate="%{y} · %{x}<br>" + CHART["hover_median"].format(label=label)
        + "%{z:.1f}<extra></extra>",
        colorbar={"title": label},
    ))
    fig.update_layout(title=CHART["heatmap"].format(metric=label))
    fig.update_yaxes(autorange="reversed")
    return style(fig, present, height=max(400, 22 * len(pivot) + 140) if not present else None)


def inversion_scatter(cadres: pd.DataFrame, metric: str = "composite", rho: float | None = None,
                      title: str = "", present: bool = False) -> go.Figure:
    """Workload against a metric, coloured by grade, with a least-squares trend line and rho in the title."""
    data = cadres[cadres["workload"].notna() & cadres[metric].notna()]
    if len(data) < 3:
        return empty_figure(CHART["too_few"], present)
    traces = []
    for g in GRADES:
        part = data[data["grade"] == g]
        if part.empty:
            continue
        traces.append(dict(type="scatter", x=part["workload"].to_numpy(), y=part[metric].to_numpy(), mode="markers",
                           name=g, marker={"color": GRADE_COLORS[g], "size": 12 if present else 8},
                           hovertext=_hover(part, metric), hoverinfo="text", customdata=part["cadre_id"].to_numpy()))
    slope, intercept = np.polyfit(data["workload"].to_numpy(float), data[metric].to_numpy(float), 1)
    xs = np.array([data["workload"].min(), data["workload"].max()])
    traces.append(dict(type="scatter", x=xs, y=intercept + slope * xs, mode="lines", name=CHART["trend"],
                       line={"color": "#000000", "dash": "dash", "width": 3 if present else 2}))
    fig = go.Figure(traces)  # traces as dicts, checked once in the figure (see distribution)
    label = METRICS.get(metric, metric)
    rho_text = "" if rho is None or rho != rho else f"（Spearman rho = {rho:.2f}）"
    fig.update_layout(title=f"{title}{CHART['inversion'].format(metric=label)}{rho_text}",
                      xaxis_title=COLUMN_LABELS["workload"], yaxis_title=label)
    return style(fig, present)


def leader_mass_scatter(cadres: pd.DataFrame, present: bool = False) -> go.Figure:
    """Leader view against service score, the diagonal, flagged gaps coloured."""
    data = cadres[cadres["leader_score"].notna() & cadres["service_score"].notna()]
    if data.empty:
        return empty_figure(CHART["empty"], present)
    kind = data["flags"].map(lambda f: "leader_above_mass" if "leader_above_mass" in f
                             else "mass_above_leader" if "mass_above_leader" in f else "")
    traces = []
    for code, name, color in (("", CHART["no_gap"], "#bdc3c7"),
                              ("leader_above_mass", FLAG_LABELS["leader_above_mass"], FLAG_COLORS["leader_above_mass"]),
                              ("mass_above_leader", FLAG_LABELS["mass_above_leader"], FLAG_COLORS["mass_above_leader"])):
        part = data[kind == code]
        if part.empty:
            continue
        traces.append(dict(type="scatter", x=part["service_score"].to_numpy(), y=part["leader_score"].to_numpy(),
                           mode="markers", name=name, marker={"color": color, "size": 12 if present else 7},
                           hovertext=_hover(part, "leader_score"), hoverinfo="text",
                           customdata=part["cadre_id"].to_numpy()))
    lo = float(min(data["service_score"].min(), data["leader_score"].min()))
    traces.append(dict(type="scatter", x=[lo, 100], y=[lo, 100], mode="lines", name=CHART["diagonal"],
                       line={"color": "#000000", "dash": "dot"}))
    fig = go.Figure(traces)  # traces as dicts, checked once in the figure (see distribution)
    fig.update_layout(title=CHART["leader_mass"], xaxis_title=COLUMN_LABELS["service_score"],
                      yaxis_title=COLUMN_LABELS["leader_score"])
    return style(fig, present)


def standing_bars(standing: pd.DataFrame, present: bool = False) -> go.Figure:
    """A cadre's percentile within unit and post for each component."""
    fig = go.Figure([
        go.Bar(y=standing["component"], x=standing["pct_unit"], name=CHART["pct_unit"], orientation="h",
               marker_color="#2980b9"),
        go.Bar(y=standing["component"], x=standing["pct_post"], name=CHART["pct_post"], orientation="h",
               marker_color="#95a5a6"),
    ])
    fig.update_layout(barmode="group", title=CHART["standing"], xaxis={"range": [0, 100], "title": CHART["percentile"]})
    fig.update_yaxes(autorange="reversed")
    return style(fig, present)


def rating_bars(ratings: pd.DataFrame, present: bool = False) -> go.Figure:
    """How a cadre's service ratings fall on the scale."""
    if ratings.empty:
        return empty_figure(CHART["no_ratings"], present)
    fig = go.Figure(go.Bar(x=ratings["level"], y=ratings["count"], marker_color="#16a085", text=ratings["count"]))
    fig.update_layout(title=CHART["ratings"], yaxis_title=CHART["count"])
    return style(fig, present)


def vote_bars(votes: pd.DataFrame, present: bool = False) -> go.Figure:
    """A cadre's votes per voter group, stacked by grade."""
    if votes.empty:
        return empty_figure(CHART["no_votes"], present)
    fig = go.Figure([go.Bar(x=votes["voter_group"], y=votes[g], name=g, marker_color=GRADE_COLORS[g])
                     for g in GRADES])
    fig.update_layout(barmode="stack", title=CHART["votes"], yaxis_title=CHART["votes_count"])
    return style(fig, present)


def meeting_slides(result, present: bool = True, max_units: int = 3) -> list[tuple[str, Callable[[], go.Figure]]]:
    """The meeting's charts as (title, a function drawing the figure), in the order of :func:`meeting_figures`.

    For showing one slide at a time: the titles and their number are known
    without drawing every figure.
    """
    c = result.cadres
    slides = [
        (CHART["composite_hist"], partial(composite_histogram, c, present)),
        (CHART["grades_by_type"], partial(grades_by_type, c, present)),
        (CHART["by_unit"].format(metric=METRICS["composite"]), partial(distribution, c, "unit", present=present)),
        (CHART["by_post"].format(metric=METRICS["composite"]), partial(distribution, c, "post", present=present)),
        (CHART["heatmap"].format(metric=METRICS["composite"]), partial(heatmap, c, present=present)),
    ]
    groups = result.groups
    worst = groups[(groups["by"] == "unit") & groups["inversion"]].sort_values("rho").head(max_units)
    for row in worst.itertuples():
        title = f"{row.name}："
        draw = partial(inversion_scatter, c[c["unit"] == row.name], rho=row.rho, title=title, present=present)
        slides.append((title + CHART["inversion"].format(metric=METRICS["composite"]), draw))
    slides.append((CHART["leader_mass"], partial(leader_mass_scatter, c, present)))
    return slides


def meeting_figures(result, present: bool = True, max_units: int = 3) -> list[tuple[str, go.Figure]]:
    """The charts a leadership meeting walks through, in order, as (title, figure).

    Overview distribution, grades by unit type, per-township and per-post
    distributions, the unit × post heatmap, the strongest inverted units and
    the leader/mass comparison.
    """
    return [(title, draw()) for title, draw in meeting_slides(result, present, max_units)]
