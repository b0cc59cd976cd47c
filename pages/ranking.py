"""排名与导出: the ranked table filtered by unit, post, grade and flag; Excel and CSV downloads;
the meeting materials (PowerPoint deck, PDF report, chart images), each built on request; saving the
result to the archive as a new version of its period."""

import datetime

import streamlit as st

import ui
from appraisal import AppraisalError
from appraisal.analysis import filter_cadres
from appraisal.archive import Period, this_year_sheets
from appraisal.demo import COUNTY, YEAR
from appraisal.output import ledger_table, ranked_table, to_csv
from appraisal.scheme import GRADES
from appraisal.texts import FILE_NAMES, FLAG_LABELS, UI

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


ui.route()

result = ui.result()
if result is None:
    st.stop()

c = result.cadres
a, b, g, f = st.columns(4)
units = a.multiselect(UI["filters_unit"], sorted(c["unit"].unique()), key="rk_units", placeholder=UI["choose_many"])
posts = b.multiselect(UI["filters_post"], sorted(c["post"].unique()), key="rk_posts", placeholder=UI["choose_many"])
grades = g.multiselect(UI["filters_grade"], list(GRADES), key="rk_grades", placeholder=UI["choose_many"])
flags = f.multiselect(UI["filters_flag"], list(FLAG_LABELS), format_func=FLAG_LABELS.get, key="rk_flags", placeholder=UI["choose_many"])
shown = filter_cadres(c, units, posts, grades, flags)
if shown.empty:
    st.info(UI["empty_table"])
else:  # a county's cadres all fit; a city's or a province's are filtered or downloaded
    ui.table_head(shown, rows=5000, display=ranked_table)

if result.ledger is not None:  # the 优秀 places: headcount, share, places, used, per unit or pool
    with st.expander(UI["ledger"]):
        st.dataframe(ledger_table(result.ledger), hide_index=True)

sample = ui.using_sample()
left, mid, right = st.columns([2, 1, 1])
county = left.text_input(UI["county"], value=COUNTY if sample else "", key="rk_county").strip()
year = mid.number_input(UI["year"], min_value=1949, max_value=2100, value=YEAR if sample else None, step=1,
                        key="rk_year")
year = int(year) if year else None
# What leaves the office is masked when the user asked for it (names, ID card numbers).
out = ui.shown(result)
key = (ui.content_key(out), county, year)  # what a built file is for: another key hides its download

# The archive's word on this year, nothing saved: 考核结果运用 (earlier years with this result as the year) and
# the quarters of 平时考核 beside it; both go into the ranked workbook as sheets.
extra = None
opened = ui.archive()
if year and opened is not None:
    lists, checked = ui.cached_this_year(opened, out, year)
    if not lists.empty or checked is not None:
        extra = this_year_sheets(lists, checked)
        failing = 0 if checked is None else int((~checked["meets"]).sum())
        with st.expander(UI["this_year"].format(year=year, n=len(lists), failing=failing)):
            for name, table in extra.items():
                st.markdown(f"**{name}**")
                st.dataframe(table, hide_index=True)

# Both files are built when their button is clicked (a callable), not on every run of the page.
left, right = st.columns(2)
left.download_button(UI["download_xlsx"], data=ui.workbook_file(out, county, year, extra), file_name=FILE_NAMES["ranking_xlsx"],
                     mime=XLSX, key="dl_xlsx")
right.download_button(UI["download_csv"],
                      data=lambda: to_csv(ranked_table(filter_cadres(out.cadres, units, posts, grades, flags))),
                      file_name=FILE_NAMES["ranking_csv"], mime="text/csv", key="dl_csv")

st.subheader(UI["meeting"])
built = st.session_state.setdefault("rk_built", {})
cols = st.columns(3)
items = [
    ("deck", UI["build_deck"], UI["download_deck"], ui.deck_file(out, county, year), FILE_NAMES["deck"], PPTX),
    ("pdf", UI["build_pdf"], UI["download_pdf"], ui.pdf_file(out, county, year), FILE_NAMES["pdf"], "application/pdf"),
    ("charts", UI["build_charts"], UI["download_charts"], ui.charts_file(out), FILE_NAMES["charts"],
     "application/zip"),
]
for col, (name, build, download, make, file_name, mime) in zip(cols, items):
    if col.button(build, key=f"rk_build_{name}"):
        built[name] = key
    if built.get(name) == key:
        try:
            with col, st.spinner(UI["building"]):
                data = make()
        except AppraisalError as exc:
            col.error(exc.message)
        else:
            col.download_button(download, data=data, file_name=file_name, mime=mime, key=f"dl_{name}")

# The archive: an explicit save, never automatic; each save is a new version of its period.
st.subheader(UI["archive_save"])
if opened is not None:
    st.caption(UI["archive_where"].format(location=opened.location))
    if ui.using_sample():
        st.info(UI["archive_no_sample"])
    else:
        p_year, p_quarter, p_by = st.columns(3)
        save_year = p_year.number_input(UI["archive_year"], min_value=1949, max_value=2200, step=1, key="ar_year",
                                        value=year or datetime.date.today().year)
        quarters = UI["archive_quarters"].split("|")
        quarter = p_quarter.selectbox(UI["archive_quarter"], range(5), format_func=quarters.__getitem__, key="ar_quarter")
        saved_by = p_by.text_input(UI["archive_by"], key="ar_by")
        if quarter:
            q = ui.scheme().section("quarterly")
            st.caption(UI["archive_quarter_note"].format(grades="、".join(q["grades"]), top=q["grades"][0],
                                                          quota=f"{float(q['good_quota']):.0%}"))
        reason = st.text_input(UI["archive_reason"], help=UI["archive_reason_help"], key="ar_reason")
        keep = st.checkbox(UI["archive_keep_files"], key="ar_keep")
        if st.button(UI["archive_save_button"], key="ar_save", type="primary"):
            period = Period(int(save_year), int(quarter))
            try:
                number = ui.save_result(result, period, reason, saved_by, keep)
            except AppraisalError as exc:
                st.error(exc.message)
            else:
                st.success(UI["archive_saved"].format(title=period.version_title(number)))
