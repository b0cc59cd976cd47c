"""排名与导出: the ranked table filtered by unit, post, grade and flag; Excel and CSV downloads."""

import streamlit as st

import ui
from appraisal.export import to_csv
from appraisal.overview import filter_cadres
from appraisal.scheme import GRADES
from appraisal.tables import ranked_table
from appraisal.texts import FLAG_LABELS, UI

ui.route()

result = ui.result()
if result is None:
    st.stop()

c = result.cadres
a, b, g, f = st.columns(4)
units = a.multiselect(UI["filters_unit"], sorted(c["unit"].unique()), key="rk_units")
posts = b.multiselect(UI["filters_post"], sorted(c["post"].unique()), key="rk_posts")
grades = g.multiselect(UI["filters_grade"], list(GRADES), key="rk_grades")
flags = f.multiselect(UI["filters_flag"], list(FLAG_LABELS), format_func=FLAG_LABELS.get, key="rk_flags")
shown = filter_cadres(c, units, posts, grades, flags)
if shown.empty:
    st.info(UI["empty_table"])
else:
    st.dataframe(ranked_table(shown), hide_index=True)

left, right = st.columns(2)
left.download_button(UI["download_xlsx"], data=ui.workbook(result), file_name="干部考核排名.xlsx",
                     mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="dl_xlsx")
right.download_button(UI["download_csv"], data=to_csv(ranked_table(shown)), file_name="干部考核排名.csv",
                      mime="text/csv", key="dl_csv")
