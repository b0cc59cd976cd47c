"""稳健性: how certain each rank is, weight sensitivity, rater agreement and rater bias.

Layout only: every number comes from :mod:`appraisal.analysis` (uncertainty, stats, bias).
"""

import streamlit as st

import ui
from appraisal.analysis import committee_list, display_table, weight_changes
from appraisal.output import rank_interval_figure
from appraisal.texts import ROBUST_UI

ui.route()

result = ui.result()
if result is None:
    st.stop()
r = result.scheme.section("robustness")
st.caption(ROBUST_UI["intro"])

# ---- rank uncertainty
st.subheader(ROBUST_UI["bootstrap"])
st.caption(ROBUST_UI["bootstrap_help"].format(resamples=r["bootstrap_resamples"], level=r["interval_level"]))
boot = ui.rank_uncertainty(result)
groups = sorted(boot["group"].unique())
group = st.selectbox(ROBUST_UI["pick_group"], groups, key="rb_group")
ui.chart(rank_interval_figure(boot, group), key="rb_rank_chart")
st.dataframe(display_table(boot[boot["group"] == group],
                                       ["cadre_id", "name", "post", "rank_in_unit", "grade", "composite",
                                        "composite_low", "composite_high", "rank_low", "rank_median", "rank_high",
                                        "p_excellent", "uncertain_grade"]), hide_index=True)

st.subheader(ROBUST_UI["committee"].format(low=r["uncertain_low"], high=r["uncertain_high"]))
committee = committee_list(boot)
if committee.empty:
    st.info(ROBUST_UI["no_committee"])
else:
    st.dataframe(display_table(committee, ["cadre_id", "name", "group", "rank_in_unit", "grade",
                                                       "composite", "quota", "p_excellent", "flag_text"]),
                 hide_index=True)

# ---- weight sensitivity
st.subheader(ROBUST_UI["sensitivity"])
st.caption(ROBUST_UI["sensitivity_help"].format(draws=r["weight_draws"], concentration=r["dirichlet_concentration"]))
sens = ui.weight_robustness(result)
changes = weight_changes(sens)
if changes.empty:
    st.info(ROBUST_UI["no_changes"])
else:
    st.dataframe(display_table(changes, ["cadre_id", "name", "group", "rank_in_unit", "grade",
                                                     "rank_min", "rank_max", "p_excellent", "change", "change_text"]),
                 hide_index=True)
ui.chart(rank_interval_figure(sens, group, low="rank_min", high="rank_max",
                              title=ROBUST_UI["chart_sens"].format(group=group)), key="rb_sens_chart")

# ---- rater agreement
st.subheader(ROBUST_UI["agreement"])
st.caption(ROBUST_UI["agreement_help"])
agreement = ui.agreement(result)
if agreement.empty:
    st.info(ROBUST_UI["no_agreement"])
else:
    shown = agreement.assign(source=agreement["source"].map(lambda s: ROBUST_UI[f"source_{s}"]),
                             design=agreement["design"].map(lambda s: ROBUST_UI[f"design_{s}"]))
    st.dataframe(display_table(shown), hide_index=True)

# ---- rater bias
st.subheader(ROBUST_UI["bias"])
by_group, by_unit, straight = ui.rater_bias(result)
st.markdown(f"**{ROBUST_UI['group_bias']}**")
if not by_group.empty and by_group["chi2"].notna().any():
    row = by_group.iloc[0]
    st.caption(ROBUST_UI["chi2_line"].format(chi2=row["chi2"], dof=int(row["dof"]), p=row["chi2_p"]))
st.dataframe(display_table(by_group, ["name", "n_votes", "share", "pooled_share", "residual", "q",
                                                    "testable", "flags", "flag_text"]), hide_index=True)
st.markdown(f"**{ROBUST_UI['unit_bias']}**")
st.dataframe(display_table(by_unit), hide_index=True)
st.markdown(f"**{ROBUST_UI['straight']}**")
if straight.empty:
    st.info(ROBUST_UI["no_ballots"])
elif not straight["straight_lining"].any():
    st.info(ROBUST_UI["no_straight"])
else:
    st.dataframe(display_table(straight[straight["straight_lining"]]), hide_index=True)
