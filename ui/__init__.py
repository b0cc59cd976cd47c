"""The dashboard's helpers, one job a module; pages call ``ui.<name>`` and the library for every number.

- ``state``: the session's files, scheme and masking choice (uploads stay in the session, never on disk);
- ``archive``: the archive of saved periods (where it is, saving a result);
- ``cache``: the cached dataset, result, sheet previews, exports and robustness analyses, keyed on content;
- ``widgets``: the data banner, charts, long tables, clicks on charts;
- ``gate``: the access password;
- ``presentation``: the full-screen meeting mode;
- ``page``: what every run does around its pages (routing, Chinese words for Streamlit's uploader, GC).
"""

from .archive import (
    archive,
    archive_location,
    cached_quarterly,
    cached_this_year,
    cached_version,
    cached_yearly,
    history_of,
    save_result,
    set_archive_location,
)
from .cache import (
    agreement,
    charts_file,
    content_key,
    dataset,
    deck_file,
    files_key,
    pdf_file,
    preview,
    rank_uncertainty,
    rater_bias,
    result,
    sheets,
    sheets_under,
    weight_robustness,
    workbook_file,
)
from .gate import gate, logout_button, password_hash
from .page import freeze_imports, localize, route
from .presentation import present_switch, presentation, presenting
from .state import (
    Files,
    current_files,
    init_state,
    mask_switch,
    masked,
    sample_files,
    scheme,
    scheme_from_yaml,
    set_scheme,
    shown,
    using_sample,
)
from .widgets import (
    TABLE_ROWS,
    banner,
    chart,
    drill_from_chart,
    selected_ids,
    table_head,
)

__all__ = [
    "Files",
    "TABLE_ROWS",
    "agreement",
    "archive",
    "archive_location",
    "banner",
    "cached_quarterly",
    "cached_this_year",
    "cached_version",
    "cached_yearly",
    "chart",
    "charts_file",
    "content_key",
    "current_files",
    "dataset",
    "deck_file",
    "drill_from_chart",
    "files_key",
    "freeze_imports",
    "history_of",
    "gate",
    "init_state",
    "localize",
    "logout_button",
    "mask_switch",
    "masked",
    "password_hash",
    "pdf_file",
    "present_switch",
    "presentation",
    "presenting",
    "preview",
    "rank_uncertainty",
    "rater_bias",
    "result",
    "route",
    "sample_files",
    "save_result",
    "scheme",
    "scheme_from_yaml",
    "selected_ids",
    "set_archive_location",
    "set_scheme",
    "sheets",
    "sheets_under",
    "shown",
    "table_head",
    "using_sample",
    "weight_robustness",
    "workbook_file",
]
