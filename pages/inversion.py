"""倒挂分析: workload against scores per unit or post, the group table, who to review, rate vs count."""

import streamlit as st

import ui
from appraisal.analysis import METRICS, compare_results, review_list
from appraisal.output import cadre_table, compare_table, groups_table, inversion_scatter
from appraisal.texts import GROUP_BY_LABELS, UI

ui.route()

rule = st.radio(UI["error_rule"], ["rate", "count"], horizontal=True, key="inv_rule",
                index=["rate", "count"].index(ui.scheme().get("tasks", "error_rule")),
                format_func={"rate": UI["error_rate"], "count": UI["error_count"]}.get)
result = ui.result(error_rule=rule)
if result is None:
    st.stop()

groups = result.groups
left, mid, right = st.columns(3)
by = left.radio(UI["group_kind"], ["unit", "post"], format_func=GROUP_BY_LABELS.get, horizontal=True, key="inv_by")
candidates = groups[groups["by"] == by].sort_values("rho")
if candidates.empty:
    st.info(UI["no_data"])
    st.stop()
inverted = dict(zip(candidates["name"], candidates["inversion"]))
name = mid.selectbox(UI["group"], candidates["name"].tolist(), key="inv_group",
                     format_func=lambda n: n + (UI["inverted_suffix"] if inverted[n] else ""))
metric = right.selectbox(UI["metric"], ["composite", "task_score", "service_score", "democratic_score"],
                         format_func=METRICS.get, key="inv_metric")
row = candidates.set_index("name").loc[name]
rho = row["rho"] if metric == "composite" else row[f"rho_{metric.removesuffix('_score')}"]
members = result.cadres[result.cadres[by] == name]
ui.chart(inversion_scatter(members, metric, rho=rho, title=f"{name}："), key="inv_scatter")

st.subheader(UI["inversion_table"])
st.dataframe(groups_table(groups), hide_index=True)

st.subheader(UI["review"])
review = review_list(result)
if review.empty:
    st.info(UI["empty_table"])
else:
    st.dataframe(cadre_table(review), hide_index=True)

st.subheader(UI["rule_switch"])
by_rate, counted = ui.result(error_rule="rate"), ui.result(error_rule="count")
if by_rate is not None and counted is not None:
    moves = compare_results(by_rate, counted)
    if moves.empty:
        st.info(UI["no_moves"])
    else:
        st.dataframe(compare_table(moves), hide_index=True)
