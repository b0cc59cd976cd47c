"""Stage 5, output: a result in, what people and machines read out.

In: a :class:`~appraisal.scoring.Result` and the analysis tables.  Out: the
``--json`` contract (``json_contract``); tables with Chinese headers
(``tables``); the ranked workbook and CSV, with the method in words
(``export``); plotly figures and their colours (``charts``,
``robustness_charts``); chart images (``images``); the meeting deck
(``deck``) and its PDF (``report``); names and ID numbers masked
(``privacy``).

Names are imported on first use: plotly, python-pptx and xlsxwriter cost a
second of start-up that ``score --json`` never needs.
"""

from .._lazy import lazy_names

__all__ = [
    "FLAG_COLORS",
    "GRADE_COLORS",
    "JSON_CADRE_FIELDS",
    "cadre_table",
    "chart_images",
    "chart_zip",
    "compare_table",
    "composite_histogram",
    "deck_bytes",
    "distribution",
    "download_options",
    "grades_by_type",
    "grades_by_year",
    "groups_table",
    "heatmap",
    "inversion_scatter",
    "leader_mass_scatter",
    "mask_names",
    "mask_result",
    "meeting_figures",
    "meeting_slides",
    "office_to_pdf",
    "profile_cards",
    "composite_sentence",
    "exemption_table",
    "exemption_sentence",
    "ledger_table",
    "EXEMPTED_COLUMNS",
    "rank_interval_figure",
    "ranked_table",
    "rating_bars",
    "rejected_table",
    "report_pdf",
    "result_dict",
    "result_json",
    "result_json_bytes",
    "rows_table",
    "soffice_path",
    "standing_bars",
    "summary_table",
    "to_csv",
    "vote_bars",
    "workbook_bytes",
    "write_workbook",
]

__getattr__ = lazy_names(__name__, {
    "json_contract": ("JSON_CADRE_FIELDS", "result_dict", "result_json", "result_json_bytes"),
    "tables": ("EXEMPTED_COLUMNS", "cadre_table", "compare_table", "composite_sentence", "exemption_sentence",
               "exemption_table", "ledger_table", "groups_table", "profile_cards", "ranked_table",
               "rejected_table", "rows_table", "summary_table"),
    "export": ("to_csv", "workbook_bytes", "write_workbook"),
    "charts": ("FLAG_COLORS", "GRADE_COLORS", "composite_histogram", "distribution", "grades_by_type", "grades_by_year",
               "heatmap",
               "inversion_scatter", "leader_mass_scatter", "meeting_figures", "meeting_slides", "rating_bars",
               "standing_bars", "vote_bars"),
    "robustness_charts": ("rank_interval_figure",),
    "images": ("chart_images", "chart_zip", "download_options"),
    "deck": ("deck_bytes",),
    "report": ("office_to_pdf", "report_pdf", "soffice_path"),
    "privacy": ("mask_names", "mask_result"),
})
