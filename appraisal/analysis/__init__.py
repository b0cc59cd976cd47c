"""Stage 4, analysis: a scored result in, the tables that question and explain it out.

In: a :class:`~appraisal.scoring.Result` (and its dataset and scheme).  Out:
plain frames: how certain each rank is (bootstrap intervals, P(优秀), the
committee list) and how it moves with the weights (``uncertainty``); rater
agreement, ICC (``stats``); rater bias: leniency, straight-lining, vote
entropy (``bias``); what changed between two results (``compare``); headline
numbers, filters and group summaries (``overview``); one cadre's file
(``profile``).  Nothing here changes a score.

Names are imported on first use (scipy.stats is heavy and most commands
never need it).
"""

from .._lazy import lazy_names

__all__ = [
    "EXCELLENT_MOVES",
    "METRICS",
    "bootstrap_ranks",
    "cadre_profile",
    "committee_list",
    "compare_results",
    "display_table",
    "exempted_cadres",
    "exemption_groups",
    "filter_cadres",
    "find_cadres",
    "group_bias",
    "group_summary",
    "headline",
    "median_pivot",
    "rater_agreement",
    "review_list",
    "straight_lining",
    "unit_bias",
    "weight_changes",
    "weight_sensitivity",
]

__getattr__ = lazy_names(__name__, {
    "uncertainty": ("bootstrap_ranks", "committee_list", "display_table", "weight_changes", "weight_sensitivity"),
    "stats": ("rater_agreement",),
    "bias": ("group_bias", "straight_lining", "unit_bias"),
    "compare": ("EXCELLENT_MOVES", "compare_results", "exempted_cadres", "exemption_groups"),
    "overview": ("METRICS", "filter_cadres", "find_cadres", "group_summary", "headline", "median_pivot", "review_list"),
    "profile": ("cadre_profile",),
})
