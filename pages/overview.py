"""总览: headline cards, the composite distribution, grades by unit type."""

import streamlit as st

import ui
from appraisal.analysis import headline
from appraisal.output import composite_histogram, grades_by_type
from appraisal.scheme import GRADES
from appraisal.texts import UI

ui.route()

result = ui.result()
if result is None:
    st.stop()

h = headline(result)
cards = st.columns(6)
cards[0].metric(UI["cadres"], h["cadres"])
cards[1].metric(UI["units"], h["units"])
cards[2].metric(UI["flagged_cadres"], h["flagged_cadres"])
cards[3].metric(UI["flagged_units"], h["flagged_units"])
cards[4].metric(UI["inverted_groups"], h["inverted_groups"])
cards[5].metric(UI["rejected_rows"], h["rejected_rows"])
grade_cards = st.columns(len(GRADES))
for col, g in zip(grade_cards, GRADES):
    col.metric(g, h[g])

left, right = st.columns(2)
with left:
    ui.chart(composite_histogram(result.cadres), key="hist")
with right:
    ui.chart(grades_by_type(result.cadres), key="types")

flagged = result.units[result.units["flags"].map(bool)]
if not flagged.empty:
    st.subheader(UI["unit_flags"])
    for text in flagged["flag_text"]:
        st.warning(text)
