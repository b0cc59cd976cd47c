"""岗位分布: a metric per post, posts side by side, drill into a post."""

import streamlit as st

import ui
from appraisal.analysis import METRICS, group_summary
from appraisal.output import cadre_table, distribution, summary_table
from appraisal.texts import GROUP_BY_LABELS, UI

ui.route()

result = ui.result()
if result is None:
    st.stop()

metric = st.selectbox(UI["metric"], list(METRICS), format_func=METRICS.get, key="posts_metric")
st.caption(UI["click_to_drill"].format(group=GROUP_BY_LABELS["post"]))
event = ui.chart(distribution(result.cadres, "post", metric), key="posts_dist",
                 on_select="rerun", selection_mode="points")
ui.drill_from_chart(event, result.cadres, "post", "posts_pick")
summary = group_summary(result.cadres, "post", metric)
st.dataframe(summary_table(summary, "post"), hide_index=True)

post = st.selectbox(UI["pick_post"], summary["post"].tolist(), key="posts_pick")
if post:
    st.dataframe(cadre_table(result.cadres[result.cadres["post"] == post]), hide_index=True)
