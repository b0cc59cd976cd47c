"""倒挂分析: workload against scores per unit or post, the group table, who to review, rate vs count."""

import streamlit as st

import ui
from appraisal.analysis import METRICS, compare_results, exempted_cadres, exemption_groups, review_list
from appraisal.output import (
    EXEMPTED_COLUMNS,
    cadre_table,
    compare_table,
    exemption_table,
    groups_table,
    inversion_scatter,
    ranked_table,
)
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

# 容错免责: the inversion test both ways, and whose scores the decisions changed.
effect = exemption_groups(result)
if not effect.empty:
    st.subheader(UI["exemption_head"])
    changed = int(effect["changed"].sum())
    st.caption(UI["exemption_help"].format(n=len(exempted_cadres(result)), changed=changed))
    st.dataframe(exemption_table(effect[effect["by"] == by]), hide_index=True)
    st.dataframe(ranked_table(exempted_cadres(result), EXEMPTED_COLUMNS), hide_index=True)

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
