"""数据导入: upload, what each sheet was taken as, the column mapping step, the validation report."""

import pandas as pd
import streamlit as st

import ui
from appraisal import AppraisalError, ColumnMapping
from appraisal.demo import template_bytes
from appraisal.output import rejected_table, rows_table, to_csv
from appraisal.read import HEADER_SYNONYMS, SOURCES
from appraisal.texts import (
    FIELD_LABELS,
    FILE_NAMES,
    LAYOUT_LABELS,
    SHEET_COLUMN_LABELS,
    SOURCE_LABELS,
    TEMPLATE_LAYOUTS,
    UI,
)

ui.route()

UPLOAD_KEY = f"uploads_{st.session_state.get('uploader_round', 0)}"


def _store_uploads() -> None:
    """Keep the uploaded bytes in this session (runs before the script, so every part sees them)."""
    files = st.session_state.get(UPLOAD_KEY) or []
    st.session_state["files"] = tuple((f.name, f.getvalue()) for f in files) or None
    st.session_state["mapping_yaml"] = ""


def _current_mapping() -> ColumnMapping:
    """The session's column mapping (empty until one is applied or uploaded)."""
    text = st.session_state["mapping_yaml"]
    return ColumnMapping.from_yaml(text) if text else ColumnMapping()


def _load_mapping() -> None:
    """Apply an uploaded mapping once, before the script runs, so the whole page already uses it."""
    uploaded = st.session_state.get("map_up")
    st.session_state["mapping_error"] = ""
    if uploaded is None:
        return
    try:
        st.session_state["mapping_yaml"] = ColumnMapping.from_yaml(uploaded.getvalue()).to_yaml()
    except AppraisalError as exc:
        st.session_state["mapping_error"] = exc.message


st.file_uploader(UI["upload"], type=["xlsx", "xls", "ods", "csv"], accept_multiple_files=True,
                 help=UI["upload_help"], key=UPLOAD_KEY, on_change=_store_uploads)
left, right = st.columns(2)
if left.button(UI["use_sample"], disabled=ui.using_sample(), key="use_sample"):
    st.session_state["files"] = None
    st.session_state["mapping_yaml"] = ""
    st.session_state["uploader_round"] = st.session_state.get("uploader_round", 0) + 1
    st.rerun()
# Built when clicked (a callable), not on every run of the page.
layout = right.selectbox(UI["template_layout"], list(TEMPLATE_LAYOUTS), format_func=TEMPLATE_LAYOUTS.get,
                         key="template_layout")
right.download_button(UI["template"], data=lambda: template_bytes(layout), file_name=FILE_NAMES["template"],
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="dl_template")

sheets = ui.sheets()
if sheets is None:
    st.stop()

st.subheader(UI["sheets"])
shown = sheets.assign(
    missing=sheets["missing"].map("、".join),
    headers=sheets["headers"].map(lambda h: "、".join(h[:12])),
)[list(SHEET_COLUMN_LABELS)]
st.dataframe(shown.rename(columns=SHEET_COLUMN_LABELS), hide_index=True)
# A sheet laid out otherwise (a survey export, a wide summary): what it was understood as, before it is checked.
for row in sheets[sheets["shape"] != ""].itertuples():
    st.caption(UI["shape_preview"].format(file=row.file, sheet=row.sheet, shape=row.shape_label, n=len(row.preview)))
    st.dataframe(row.preview, hide_index=True)

# The mapping step: for sheets not recognized or missing a required column, and for those read from another
# layout (a survey export, a wide sheet), whose reading the user may want to correct.
needs = sheets[(sheets["source"] == "") | sheets["missing"].map(bool)]
listed = sheets[(sheets["source"] == "") | sheets["missing"].map(bool) | (sheets["shape"] != "")]
field_names = {f: f"{FIELD_LABELS[f]}（{f}）" for f in HEADER_SYNONYMS}
with st.expander(UI["mapping"], expanded=not needs.empty):
    st.caption(UI["mapping_help"])
    current = _current_mapping()
    columns = dict(current.columns)
    sources = dict(current.sheets)
    layouts = dict(current.layouts)
    for row in listed.itertuples():
        st.markdown(f"**{row.file}“{row.sheet}”**")
        raw = ui.preview(row.file, row.sheet)
        if raw is not None and not raw.empty:
            st.caption(UI["mapping_preview"])
            st.dataframe(raw)
        here = f"{row.file}:{row.sheet}"
        pick, shape = st.columns(2)
        source = pick.selectbox(UI["mapping_source"], ["", *SOURCES], key=f"map_src_{row.Index}",
                                index=["", *SOURCES].index(current.source_of(row.file, row.sheet) or ""),
                                format_func=lambda s: SOURCE_LABELS.get(s, UI["ignore"]))
        layout = shape.selectbox(UI["mapping_layout"], list(LAYOUT_LABELS), key=f"map_layout_{row.Index}",
                                 index=list(LAYOUT_LABELS).index(current.layout_of(row.file, row.sheet) or ""),
                                 format_func=LAYOUT_LABELS.get)
        for chosen, parts in ((source, sources), (layout, layouts)):
            parts.pop(row.sheet, None)  # the sheet's own choice, made here, replaces one for every file's sheet
            if chosen:
                parts[here] = chosen
            else:
                parts.pop(here, None)
        editor = pd.DataFrame({UI["mapping_column"]: row.headers,
                               UI["mapping_field"]: [columns.get(h, "") for h in row.headers]})
        edited = st.data_editor(editor, hide_index=True, key=f"map_cols_{row.Index}", disabled=[UI["mapping_column"]],
                                column_config={UI["mapping_field"]: st.column_config.SelectboxColumn(
                                    options=["", *HEADER_SYNONYMS], help="、".join(field_names.values()))})
        for header, field in zip(edited[UI["mapping_column"]], edited[UI["mapping_field"]]):
            if field:
                columns[str(header)] = str(field)
            else:
                columns.pop(str(header), None)
    try:
        proposed = current.with_(columns=columns, sheets=sources, layouts=layouts)
    except AppraisalError as exc:
        st.error(exc.message)
        proposed = current
    # Before it is applied: what the sheets would be read as under the choices made above.
    if proposed != current and not listed.empty:
        under = ui.sheets_under(proposed.to_yaml())
        if under is not None:
            for row in under.merge(listed[["file", "sheet"]], on=["file", "sheet"]).itertuples():
                if row.preview is None:
                    st.warning(UI["mapping_proposed_none"].format(sheet=row.sheet, why=row.why))
                else:
                    what = row.shape_label or row.source_label
                    st.caption(UI["mapping_proposed"].format(sheet=row.sheet, what=what, n=len(row.preview)))
                    st.dataframe(row.preview, hide_index=True)
    a, b, c = st.columns(3)
    if a.button(UI["mapping_apply"], key="map_apply"):
        st.session_state["mapping_yaml"] = proposed.to_yaml()
        st.rerun()
    b.download_button(UI["mapping_download"], data=proposed.to_yaml().encode("utf-8"), file_name=FILE_NAMES["mapping"],
                      key="map_dl")
    c.file_uploader(UI["mapping_upload"], type=["yaml", "yml"], key="map_up", on_change=_load_mapping)
    if st.session_state.get("mapping_error"):
        st.error(st.session_state["mapping_error"])

dataset = ui.dataset()
if dataset is None:
    st.stop()

st.subheader(UI["rows"])
st.dataframe(rows_table(dataset))

# Units a sheet without IDs writes otherwise than the roster (青石镇人民政府 for 青石镇): say which they are.
if dataset.unknown_units:
    st.subheader(UI["unit_aliases"])
    st.caption(UI["unit_aliases_help"])
    current = _current_mapping()
    unknown = dataset.unknown_units
    aliases = st.data_editor(
        pd.DataFrame({UI["unit_written"]: unknown, UI["unit_on_roster"]: [""] * len(unknown)}), hide_index=True,
        key="unit_aliases", disabled=[UI["unit_written"]],
        column_config={UI["unit_on_roster"]: st.column_config.SelectboxColumn(
            options=sorted(dataset.roster["unit"].unique()))})
    chosen = {str(w): str(u) for w, u in zip(aliases[UI["unit_written"]], aliases[UI["unit_on_roster"]]) if u}
    if st.button(UI["unit_aliases_apply"], key="unit_aliases_apply", disabled=not chosen):
        st.session_state["mapping_yaml"] = current.with_(units={**current.units, **chosen}).to_yaml()
        st.rerun()

for w in dataset.warnings:
    st.warning(w)

st.subheader(UI["rejected"])
if dataset.rejected.empty:
    st.success(UI["no_rejected"])
else:
    table = rejected_table(dataset.rejected)
    ui.table_head(table)
    st.download_button(UI["download_rejected"], data=lambda: to_csv(table), file_name=FILE_NAMES["rejected"], mime="text/csv",
                       key="dl_rejected")
