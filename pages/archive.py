"""考核档案: where the archive is, every saved period and version, two versions compared, one cadre's record,
the 考核结果运用 lists of a year, and a year's 平时考核 beside its annual grades."""

import pandas as pd
import streamlit as st

import ui
from appraisal import AppraisalError, InputFile
from appraisal.archive import (
    compare_versions,
    comparison_table,
    consequence_lists,
    consequence_table,
    good_shares,
    grade_counts,
    history_table,
    inputs_table,
    over_quota,
    quarter_check,
    quarter_table,
    share_table,
    versions_table,
    year_cadres,
)
from appraisal.archive import (
    history_rows_table as rows_table_of,
)
from appraisal.output import rejected_table, to_csv
from appraisal.texts import FILE_NAMES, UI

ui.route()

where, use = st.columns([4, 1], vertical_alignment="bottom")
chosen = where.text_input(UI["archive_location"], value=ui.archive_location(), help=UI["archive_location_help"],
                          key="ar_location")
if use.button(UI["archive_location_apply"], key="ar_location_apply"):
    why = ui.set_archive_location(chosen)
    if why:
        st.error(why)
opened = ui.archive()
if opened is None:
    st.stop()

# Earlier years' grades (a department's spreadsheets, or our own ranked workbooks): checked, then imported.
with st.expander(UI["archive_import"]):
    st.caption(UI["archive_import_help"])
    uploads = st.file_uploader(UI["archive_import_files"], type=["xlsx", "xls", "ods", "csv"],
                               accept_multiple_files=True, key="ar_import_files")
    given = st.number_input(UI["archive_import_year"], min_value=1949, max_value=2200, value=None, step=1,
                            help=UI["archive_import_year_help"], key="ar_import_year")
    if uploads:
        files = tuple((f.name, f.getvalue()) for f in uploads)
        history = ui.history_of(files, int(given) if given else None)
        if history is not None:
            st.dataframe(rows_table_of(history), hide_index=True)
            for w in [*history.warnings, *over_quota(history.grades, ui.scheme())]:
                st.warning(w)
            if not history.rejected.empty:
                ui.table_head(rejected_table(history.rejected))
            by = st.text_input(UI["archive_by"], key="ar_import_by")
            if st.button(UI["archive_import_button"], key="ar_import", disabled=history.grades.empty):
                try:
                    numbers = opened.import_history(history, saved_by=by,
                                                    files=[InputFile(n, d) for n, d in files])
                except AppraisalError as exc:
                    st.error(exc.message)
                else:
                    st.success(UI["archive_imported"].format(titles="、".join(
                        p.version_title(n) for p, n in numbers.items())))

listed = opened.versions()
st.subheader(UI["archive_versions"])
if listed.empty:
    st.info(UI["archive_none"])
    st.stop()
st.dataframe(versions_table(listed), hide_index=True)

titles = [p.version_title(n) for p, n in zip(listed["period"], listed["number"])]
refs = list(zip(listed["period"], listed["number"]))
st.subheader(UI["archive_compare"])
st.caption(UI["archive_compare_help"])
left, right = st.columns(2)
# By default the latest version against the latest of the period before it (last year), else its previous version.
earlier = [i for i, (p, _) in enumerate(refs) if p != refs[-1][0]]
a = left.selectbox(UI["archive_pick_a"], range(len(refs)), index=earlier[-1] if earlier else max(len(refs) - 2, 0),
                   format_func=titles.__getitem__, key="ar_a")
b = right.selectbox(UI["archive_pick_b"], range(len(refs)), index=len(refs) - 1, format_func=titles.__getitem__,
                    key="ar_b")
try:
    first, second = ui.cached_version(opened, *refs[a]), ui.cached_version(opened, *refs[b])
except AppraisalError as exc:
    st.error(exc.message)
    st.stop()
grades = pd.concat([grade_counts(first.cadres).rename(first.title), grade_counts(second.cadres).rename(second.title)],
                   axis=1).fillna(0).astype("int64")
st.markdown(f"**{UI['archive_grades']}**")
st.dataframe(grades.T)
diff = compare_versions(first.cadres, second.cadres)
changed = diff[diff["change"] != "same"]
if changed.empty:
    st.success(UI["archive_no_changes"])
else:
    table = comparison_table(changed, first.title, second.title)
    st.markdown(f"**{UI['archive_changes'].format(n=len(changed))}**")
    ui.table_head(table)
    st.download_button(UI["archive_download_compare"], data=lambda: to_csv(table), file_name=FILE_NAMES["archive_compare"],
                       mime="text/csv", key="ar_dl_compare")
for v in (first, second) if a != b else (first,):
    with st.expander(UI["archive_inputs"].format(title=v.title)):
        st.dataframe(inputs_table(v), hide_index=True)

st.subheader(UI["archive_history"])
cadre_id = st.text_input(UI["archive_history_id"], key="ar_cadre").strip()
if cadre_id:
    history = opened.history(cadre_id)
    if history.empty:
        st.info(UI["archive_history_none"].format(cadre_id=cadre_id))
    else:
        st.dataframe(history_table(history), hide_index=True)

# 考核结果运用: the lists several years' grades lead to, by the session scheme's rules.
st.subheader(UI["archive_consequences"])
grades = ui.cached_yearly(opened)  # read once per state of the archive, shared with 历年对比
years = sorted(set(grades["year"]))
if not years:
    st.info(UI["archive_consequences_none"])
else:
    st.caption(UI["archive_consequences_help"].format(years="、".join(map(str, years))))
    year = st.selectbox(UI["archive_consequences_year"], years[::-1], key="ar_cons_year")
    lists = consequence_lists(grades, int(year), ui.scheme())
    counts = lists["rule"].value_counts()
    rules = list(ui.scheme().section("consequences")["rules"])
    st.dataframe({UI["archive_consequences_rule"]: rules,
                  UI["archive_consequences_n"]: [int(counts.get(r, 0)) for r in rules]}, hide_index=True)
    if not lists.empty:
        table = consequence_table(lists)
        ui.table_head(table)
        st.download_button(UI["archive_download_consequences"], data=lambda: to_csv(table),
                           file_name=FILE_NAMES["consequences"], mime="text/csv", key="ar_dl_consequences")

# 平时考核: a year's quarters beside its annual grades, the 好 share per unit, what 优秀 asks of the quarters.
st.subheader(UI["archive_quarters_head"])
quarters = ui.cached_quarterly(opened)
q_years = sorted(set(quarters["year"]))
if not q_years:
    st.info(UI["archive_quarters_none"])
else:
    q_year = int(st.selectbox(UI["archive_quarters_year"], q_years[::-1], key="ar_q_year"))
    annual, saved = year_cadres(grades, quarters, q_year)
    if not saved:  # the year's annual appraisal is not saved yet: its quarters' cadres, no annual grade
        st.caption(UI["archive_quarters_no_annual"].format(year=q_year))
    checked = quarter_check(annual, quarters, q_year, ui.scheme())
    failing = checked[~checked["meets"]]
    if failing.empty:
        st.success(UI["archive_quarters_all_meet"].format(year=q_year))
    else:
        st.warning(UI["archive_quarters_failing"].format(year=q_year, n=len(failing)))
        st.dataframe(quarter_table(failing), hide_index=True)
    shares = good_shares(quarters[quarters["year"] == q_year], ui.scheme())
    over = shares[shares["over"]]
    if not over.empty:
        st.warning(UI["archive_quarters_over"].format(n=len(over)))
    with st.expander(UI["archive_quarters_shares"]):
        st.dataframe(share_table(shares), hide_index=True)
    table = quarter_table(checked)
    ui.table_head(table)
    st.download_button(UI["archive_download_quarters"], data=lambda: to_csv(table), file_name=FILE_NAMES["quarters"],
                       mime="text/csv", key="ar_dl_quarters")
