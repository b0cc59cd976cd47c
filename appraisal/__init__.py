"""干部考核分析台 · the appraisal library.

Read office spreadsheets, validate every row, score cadres on three sources
(quantified tasks, service-object ratings, democratic evaluation), grade them
within their unit under the 优秀 quota, and flag what is unfair.

>>> import appraisal
>>> appraisal.Scheme.default().get("grading", "excellent_quota")
0.2
"""

from ._version import __version__
from .check import Dataset, ingest  # noqa: E402
from .errors import AppraisalError  # noqa: E402
from .read import (
    ColumnMapping,  # noqa: E402
    InputFile,  # noqa: E402
)
from .scheme import Scheme, validate_scheme  # noqa: E402
from .scoring import CADRE_COLUMNS, Result, appraise, score  # noqa: E402

__all__ = [
    "__version__",
    "AppraisalError",
    "CADRE_COLUMNS",
    "ColumnMapping",
    "Dataset",
    "InputFile",
    "Result",
    "Scheme",
    "appraise",
    "ingest",
    "score",
    "validate_scheme",
]
