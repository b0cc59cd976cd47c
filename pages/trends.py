"""历年对比: from the archive, grades year by year (county or one unit), how stable ranks are, who moved most."""

import streamlit as st

import ui
from appraisal.archive import (
    grade_distribution,
    movers,
    movers_table,
    rank_stability,
    stability_table,
)
from appraisal.output import grades_by_year
from appraisal.texts import UI

ui.route()

opened = ui.archive()
if opened is None:
    st.stop()
st.caption(UI["archive_where"].format(location=opened.location))
yearly = ui.cached_yearly(opened)
years = sorted(set(yearly["year"]))
if not years:
    st.info(UI["trends_none"])
    st.stop()

units = sorted(set(yearly["unit"]))
unit = st.selectbox(UI["trends_unit"], ["", *units], format_func=lambda u: u or UI["trends_all_units"], key="tr_unit")
shown = yearly[yearly["unit"] == unit] if unit else yearly
ui.chart(grades_by_year(grade_distribution(shown), title=f"{unit or UI['trends_all_units']} · {UI['page_trends']}"),
         key="tr_grades")

st.subheader(UI["trends_stability"])
if len(years) < 2:
    st.info(UI["trends_stability_one"])
else:
    st.caption(UI["trends_stability_help"].format(n=ui.scheme().get("trends", "min_pairs")))
    stability = rank_stability(yearly, ui.scheme())
    st.dataframe(stability_table(stability if not unit else stability[stability["unit"] == unit]), hide_index=True)

    st.subheader(UI["trends_movers"])
    left, right, top = st.columns(3)
    year_from = left.selectbox(UI["trends_from"], years[:-1], index=len(years) - 2, key="tr_from")
    year_to = right.selectbox(UI["trends_to"], [y for y in years if y > year_from], key="tr_to")
    n = top.selectbox(UI["trends_top"].format(n=""), [20, 50, 100], key="tr_top")
    st.info(UI["trends_movers_caution"])
    moved = movers(shown, int(year_from), int(year_to))
    st.dataframe(movers_table(moved.head(int(n))), hide_index=True)
