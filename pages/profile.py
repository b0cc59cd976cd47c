"""个人档案: one cadre against the group, tasks, ratings, votes, flags in plain words; their saved years and quarters."""

import streamlit as st

import ui
from appraisal.analysis import cadre_profile, find_cadres
from appraisal.archive import history_table
from appraisal.output import (
    composite_sentence,
    exemption_sentence,
    profile_cards,
    ranked_table,
    rating_bars,
    standing_bars,
    vote_bars,
)
from appraisal.texts import COLUMN_LABELS, FIELD_LABELS, UI

ui.route()

result = ui.result()
if result is None:
    st.stop()

query = st.text_input(UI["search"], key="profile_query")
matches = find_cadres(result.cadres, query) if query else result.cadres.head(0)
if query and matches.empty:
    st.info(UI["no_match"])
    st.stop()
options = matches if query else result.cadres
labels = dict(zip(options["cadre_id"], options["name"] + "（" + options["cadre_id"] + "，" + options["unit"] + "）"))
cadre_id = st.selectbox(UI["pick_cadre"], list(labels), format_func=labels.get, key="profile_pick")
profile = cadre_profile(result, cadre_id) if cadre_id else None
if profile is None:
    st.info(UI["no_match"])
    st.stop()

row = profile.row
st.markdown(f"### {row['name']} · {row['unit']} · {row['post']}")
cards = profile_cards(row)
for column, (label, value) in zip(st.columns(len(cards)), cards):
    column.metric(label, value)

st.caption(f"{COLUMN_LABELS['grade_basis']}：{row['grade_basis']}")  # band, quota, 一票否决 or a place passed on
if sentence := composite_sentence(row):  # 加分/扣分: their own line, never mixed into a component
    st.info(sentence)
if sentence := exemption_sentence(row):  # 容错免责: the score with and without
    st.info(sentence)
if profile.flags:
    for label, note in profile.flags:
        st.warning(f"**{label}**：{note}")
else:
    st.success(UI["flags_none"])

left, right = st.columns(2)
with left:
    ui.chart(standing_bars(profile.standing), key="pf_standing")
with right:
    ui.chart(rating_bars(profile.ratings), key="pf_ratings")
ui.chart(vote_bars(profile.votes), key="pf_votes")

st.subheader(UI["tasks"])
if profile.tasks.empty:
    st.info(UI["empty_table"])
else:
    st.dataframe(profile.tasks.drop(columns="cadre_id").rename(columns=FIELD_LABELS), hide_index=True)
st.dataframe(ranked_table(profile.row.to_frame().T), hide_index=True)

# The cadre's saved years and quarters, followed by ID whatever unit or post they held.
st.subheader(UI["profile_history"])
opened = ui.archive()
if opened is not None:
    history = opened.history(cadre_id)
    if history.empty:
        st.caption(UI["profile_history_none"].format(location=opened.location))
    else:
        st.dataframe(history_table(history), hide_index=True)
