"""Plotly figures of the robustness analysis (returned, never shown).

Same house style as :mod:`appraisal.output.charts` (:func:`appraisal.output.charts.style`).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..texts import CHART, ROBUST_UI
from .charts import empty_figure, style

__all__ = ["rank_interval_figure"]


def rank_interval_figure(frame: pd.DataFrame, group: str, low: str = "rank_low", high: str = "rank_high",
                         title: str | None = None, present: bool = False) -> go.Figure:
    """One group's cadres as rank ranges (best to worst), coloured by the probability of 优秀.

    ``frame`` is :func:`appraisal.analysis.uncertainty.bootstrap_ranks` (``low`` /
    ``high`` = rank_low / rank_high) or
    :func:`appraisal.analysis.uncertainty.weight_sensitivity` (rank_min / rank_max);
    the rows of ``group`` are drawn, the observed rank as a dot, the quota
    line dashed.

    >>> f = pd.DataFrame({"group": "甲", "name": ["张", "李"], "cadre_id": ["1", "2"], "rank_in_unit": [1, 2],
    ...                   "rank_low": [1, 1], "rank_high": [2, 2], "p_excellent": [0.7, 0.3], "quota": [1, 1]})
    >>> len(rank_interval_figure(f, "甲").data)
    2
    """
    rows = frame[frame["group"] == group].sort_values("rank_in_unit")
    if rows.empty:
        return empty_figure(CHART["empty"], present)
    labels = (rows["rank_in_unit"].astype("str") + ". " + rows["name"] + "（" + rows["cadre_id"] + "）").tolist()
    p = rows["p_excellent"]
    hover = [f"{lab}<br>{ROBUST_UI['chart_p']}：{v:.0%}<br>{int(a)}～{int(b)}"
             for lab, v, a, b in zip(labels, p, rows[low], rows[high])]
    fig = go.Figure()
    fig.add_trace(go.Bar(
        y=labels, x=(rows[high] - rows[low] + 0.6).tolist(), base=(rows[low] - 0.3).tolist(), orientation="h",
        marker={"color": p.tolist(), "colorscale": "RdYlGn", "cmin": 0, "cmax": 1,
                "colorbar": {"title": {"text": ROBUST_UI["chart_p"]}, "tickformat": ".0%"}},
        hovertext=hover, hoverinfo="text", showlegend=False))
    fig.add_trace(go.Scatter(y=labels, x=rows["rank_in_unit"].tolist(), mode="markers",
                             marker={"color": "#000000", "size": 7}, name=ROBUST_UI["chart_observed"]))
    quota = int(rows["quota"].iloc[0])
    if quota > 0:
        fig.add_vline(x=quota + 0.5, line_dash="dash", line_color="#c0392b",
                      annotation_text=ROBUST_UI["chart_quota"], annotation_position="top")
    fig.update_yaxes(autorange="reversed", type="category")
    fig.update_xaxes(title=ROBUST_UI["chart_x"], range=[0.3, len(rows) + 0.7])
    fig.update_layout(title=title or ROBUST_UI["chart_rank"].format(group=group), bargap=0.35)
    return style(fig, present, height=max(320, 22 * len(rows) + 140))
