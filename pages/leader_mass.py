"""领导与群众: the leader view against the service score, gaps named."""

import streamlit as st

import ui
from appraisal.analysis import filter_cadres
from appraisal.output import leader_mass_scatter, ranked_table
from appraisal.texts import UI

ui.route()

result = ui.result()
if result is None:
    st.stop()

ui.chart(leader_mass_scatter(result.cadres), key="lm_scatter")
st.subheader(UI["gaps"])
gaps = filter_cadres(result.cadres, flags=["leader_above_mass", "mass_above_leader"])
if gaps.empty:
    st.info(UI["empty_table"])
else:
    st.dataframe(ranked_table(gaps, ["cadre_id", "name", "unit", "post", "leader_score", "service_score",
                                     "service_n", "flags", "flag_text"]), hide_index=True)
