"""Stage 2, check: recognized tables in, a validated :class:`Dataset` out.

In: the files (read by stage 1), the scheme and the user's mapping.  Out: a
:class:`Dataset` holding the four sources as clean typed frames (roster,
tasks, service ratings, democratic votes), every rejected row with its file,
sheet, row, column and reason, the rows read/used/rejected per source, the
warnings, and the inputs' SHA-256.  Every input row is either used or
rejected; nothing is dropped.

Modules: ``normalize`` (cell values as offices write them: full-width digits,
thousands separators, Chinese dates), ``validation`` (the row checks, one
per source), ``history`` (earlier years' grades for the archive: :func:`read_history`), ``ingest`` (the whole stage: :func:`ingest`, :func:`inspect`, and
and :func:`raw_previews` for a mapping step; :func:`ingest_key`, what of a scheme the stage depends on, for caches).
"""

from .history import History, read_history
from .ingest import SOURCE_ORDER, Dataset, ingest, ingest_key, inspect, raw_previews
from .normalize import positions
from .validation import REJECTED_COLUMNS

__all__ = ["Dataset", "History", "read_history", "REJECTED_COLUMNS", "SOURCE_ORDER", "ingest", "ingest_key", "inspect", "positions", "raw_previews"]
