"""乡镇分布: a metric per township / unit, the unit × post heatmap, drill into a unit."""

import streamlit as st

import ui
from appraisal.analysis import METRICS, group_summary
from appraisal.output import cadre_table, distribution, heatmap
from appraisal.texts import GROUP_BY_LABELS, UI

ui.route()

result = ui.result()
if result is None:
    st.stop()

metric = st.selectbox(UI["metric"], list(METRICS), format_func=METRICS.get, key="units_metric")
st.caption(UI["click_to_drill"].format(group=GROUP_BY_LABELS["unit"]))
event = ui.chart(distribution(result.cadres, "unit", metric), key="units_dist",
                 on_select="rerun", selection_mode="points")
ui.drill_from_chart(event, result.cadres, "unit", "units_pick")
ui.chart(heatmap(result.cadres, metric), key="units_heat")

summary = group_summary(result.cadres, "unit", metric)
unit = st.selectbox(UI["pick_unit"], summary["unit"].tolist(), key="units_pick")
if unit:
    st.dataframe(cadre_table(result.cadres[result.cadres["unit"] == unit]), hide_index=True)
