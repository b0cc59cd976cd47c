"""Stage 6, archive: every saved appraisal period, in a real database.

In: a scored :class:`~appraisal.scoring.Result`, the period it is for (:class:`Period`: 年度, or a
quarter of 平时考核) and who saves it why.  Out: versions read back, compared, followed cadre by cadre.
SQLite by default (a file in the user's data folder, mode 0600), PostgreSQL by a URL; the tables are
SQLAlchemy Core (``schema``) migrated by Alembic (``migrations``), the same code on both.

Modules: ``periods`` (periods and how users write them), ``schema`` (the tables), ``store`` (open,
save, read), ``compare`` (two versions side by side), ``consequences`` (考核结果运用: the lists several years' grades lead to), ``quarters`` (平时考核: the quarters beside the year, the 好 share, what 优秀 asks of them), ``trends`` (year to
year: grades, rank stability, movers), ``tables`` (Chinese headers).
"""

from .compare import CHANGE_ORDER, compare_versions, comparison_table, grade_counts
from .consequences import annual_grades, consequence_lists, consequence_table, with_this_year
from .periods import Period, parse_period, parse_version_ref
from .quarters import (
    QUARTER_GRADE_COLUMNS,
    good_shares,
    over_quota,
    quarter_check,
    quarter_table,
    quarterly_grades,
    share_table,
    year_cadres,
)
from .store import (
    ENV_ARCHIVE,
    RESULT_FIELDS,
    Archive,
    ArchivedVersion,
    archive_url,
    default_location,
    open_archive,
)
from .tables import (
    history_rows_table,
    history_table,
    inputs_table,
    local_time,
    movers_table,
    stability_table,
    versions_table,
)
from .this_year import this_year, this_year_sheets
from .trends import grade_distribution, latest_results, movers, rank_stability, yearly_results

__all__ = [
    "Archive",
    "ArchivedVersion",
    "CHANGE_ORDER",
    "ENV_ARCHIVE",
    "Period",
    "QUARTER_GRADE_COLUMNS",
    "RESULT_FIELDS",
    "annual_grades",
    "archive_url",
    "compare_versions",
    "comparison_table",
    "consequence_table",
    "consequence_lists",
    "default_location",
    "grade_counts",
    "good_shares",
    "grade_distribution",
    "history_rows_table",
    "history_table",
    "inputs_table",
    "latest_results",
    "local_time",
    "movers",
    "movers_table",
    "open_archive",
    "over_quota",
    "parse_period",
    "parse_version_ref",
    "quarter_check",
    "quarter_table",
    "quarterly_grades",
    "rank_stability",
    "share_table",
    "stability_table",
    "this_year",
    "this_year_sheets",
    "versions_table",
    "with_this_year",
    "year_cadres",
    "yearly_results",
]
