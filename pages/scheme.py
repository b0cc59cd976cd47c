"""考核方案: edit weights, bands, quota and thresholds; validation as you type; live re-ranking."""

import pandas as pd
import streamlit as st

import ui
from appraisal import AppraisalError, Scheme
from appraisal.analysis import (
    EXCELLENT_MOVES,
    compare_results,
    display_table,
    weight_changes,
    weight_sensitivity,
)
from appraisal.output import compare_table
from appraisal.scheme import COMPONENTS, GRADES, is_count, number_range
from appraisal.texts import (
    COMPONENT_LABELS,
    FILE_NAMES,
    ROBUST_SETTING_LABELS,
    ROBUST_UI,
    UI,
)

ui.route()

scheme = ui.scheme()

st.subheader(UI["weights"])
# The editor's data stays the same while the user edits (the edits live in the widget), else
# Streamlit would reset the widget and drop them; it is taken afresh from the scheme on each visit.
# Its key changes when the scheme is reset or uploaded: the browser keeps a widget's edits under its
# key, and would otherwise lay the old edits over the new scheme's table at the next interaction.
ROUND = st.session_state.get("scheme_round", 0)
EDITOR_KEY = f"sc_weights_{ROUND}" if ROUND else "sc_weights"
if EDITOR_KEY not in st.session_state or "sc_weights_seed" not in st.session_state:
    weights = pd.DataFrame.from_dict(scheme.section("weights"), orient="index")[list(COMPONENTS)]
    weights.index.name = UI["post"]
    st.session_state["sc_weights_seed"] = weights.reset_index()
edited = st.data_editor(
    st.session_state["sc_weights_seed"], num_rows="dynamic", hide_index=True, key=EDITOR_KEY,
    column_config={c: st.column_config.NumberColumn(COMPONENT_LABELS[c], min_value=0, max_value=100, step=5)
                   for c in COMPONENTS},
)

st.subheader(UI["bands"])
g = scheme.section("grading")
cols = st.columns(5)
quota = cols[0].number_input(UI["quota"], 0.0, 1.0, float(g["excellent_quota"]), 0.01, key="sc_quota")
b_exc = cols[1].number_input(UI["band_excellent"], 0.0, 150.0, float(g["bands"][GRADES[0]]), 1.0, key="sc_b1")
b_comp = cols[2].number_input(UI["band_competent"], 0.0, 150.0, float(g["bands"][GRADES[1]]), 1.0, key="sc_b2")
b_basic = cols[3].number_input(UI["band_basic"], 0.0, 150.0, float(g["bands"][GRADES[2]]), 1.0, key="sc_b3")
group_by = cols[4].radio(UI["group_by"], ["unit", "post"], index=["unit", "post"].index(g["group_by"]),
                         format_func={"unit": UI["group_by_unit"], "post": UI["group_by_post"]}.get, key="sc_by")

st.subheader(UI["thresholds"])
d = scheme.section("diagnostics")
cols = st.columns(4)
min_group = cols[0].number_input(UI["min_group"], 3, 1000, int(d["min_group_size"]), 1, key="sc_min_group")
fdr = cols[1].number_input(UI["fdr"], 0.001, 0.5, float(d["fdr_q"]), 0.01, key="sc_fdr")
gap = cols[2].number_input(UI["gap"], 0.1, 5.0, float(d["gap_threshold"]), 0.1, key="sc_gap")
min_ratings = cols[3].number_input(UI["min_ratings"], 0, 1000, int(d["min_ratings"]), 1, key="sc_min_ratings")

robustness: dict[str, float] = {}
with st.expander(ROBUST_UI["settings"]):
    st.caption(ROBUST_UI["settings_help"])
    cols = st.columns(4)
    for i, (key, label) in enumerate(ROBUST_SETTING_LABELS.items()):
        low, high = number_range("robustness", key)
        value = scheme.get("robustness", key)
        if is_count("robustness", key):
            robustness[key] = int(cols[i % 4].number_input(
                label, None if low is None else int(low), None if high is None else int(high), int(value), 1,
                key=f"sc_rb_{key}"))
        else:
            robustness[key] = float(cols[i % 4].number_input(
                label, None if low is None else float(low), None if high is None else float(high), float(value),
                0.01, format="%.3f", key=f"sc_rb_{key}"))

rows = edited.dropna(subset=[UI["post"]])
try:
    edited_scheme = scheme.edited(
        weights=dict(zip(rows[UI["post"]].astype(str), rows[list(COMPONENTS)].to_dict("records"))),
        bands=(b_exc, b_comp, b_basic),
        grading={"excellent_quota": quota, "group_by": group_by},
        diagnostics={"min_group_size": int(min_group), "fdr_q": fdr, "gap_threshold": gap,
                     "min_ratings": int(min_ratings)},
        robustness=robustness)
except AppraisalError as exc:
    for problem in exc.message.splitlines():
        st.error(problem)
else:
    if edited_scheme != scheme:
        ui.set_scheme(edited_scheme)
    st.success(UI["scheme_valid"])

st.subheader(UI["changes"])
before = ui.result(scheme_yaml=st.session_state["baseline_yaml"])
after = ui.result()
if before is not None and after is not None:
    moves = compare_results(before, after)
    moves = moves[moves["change"].isin(EXCELLENT_MOVES)]
    if moves.empty:
        st.info(UI["no_changes"])
    else:
        st.dataframe(compare_table(moves), hide_index=True)

st.subheader(ROBUST_UI["sensitivity"])
st.caption(ROBUST_UI["sensitivity_help"].format(draws=scheme.get("robustness", "weight_draws"),
                                                concentration=scheme.get("robustness", "dirichlet_concentration")))
if after is not None and st.button(UI["sensitivity_run"], key="sc_sens"):
    with st.spinner(UI["loading"]):
        changes = weight_changes(weight_sensitivity(after))
    if changes.empty:
        st.info(ROBUST_UI["no_changes"])
    else:
        st.dataframe(display_table(changes, ["cadre_id", "name", "group", "rank_in_unit", "grade", "rank_min",
                                             "rank_max", "p_excellent", "change", "change_text"]), hide_index=True)

left, mid, right = st.columns(3)
left.download_button(UI["scheme_download"], data=st.session_state["scheme_yaml"].encode("utf-8"),
                     file_name=FILE_NAMES["scheme"], key="sc_dl")
uploaded = mid.file_uploader(UI["scheme_upload"], type=["yaml", "yml"], key="sc_up")
if uploaded is not None:
    try:
        text = Scheme.from_yaml(uploaded.getvalue()).to_yaml()
        if text != st.session_state.get("sc_uploaded"):
            st.session_state["sc_uploaded"] = text
            st.session_state["scheme_yaml"] = text
            for key in [k for k in st.session_state if str(k).startswith("sc_") and k not in ("sc_up", "sc_uploaded")]:
                del st.session_state[key]
            st.session_state["scheme_round"] = ROUND + 1
            st.rerun()
    except AppraisalError as exc:
        st.error(exc.message)
if right.button(UI["scheme_reset"], key="sc_reset"):
    st.session_state["scheme_yaml"] = st.session_state["baseline_yaml"]
    for key in [k for k in st.session_state if str(k).startswith("sc_")]:
        del st.session_state[key]
    st.session_state["scheme_round"] = ROUND + 1
    st.rerun()
