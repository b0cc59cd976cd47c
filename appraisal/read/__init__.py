"""Stage 1, read: a file's bytes in, recognized tables out.

In: :class:`InputFile` (a name and bytes) and, optionally, the user's
:class:`ColumnMapping`.  Out: raw :class:`Grid` s of cells per sheet, as the
spreadsheet shows them (:func:`read_grids`), and :class:`Table` s whose
columns are named by field and whose source (roster, tasks, service,
democratic) is recognized from their headers (:func:`read_tables`).

Modules: ``files`` (InputFile, Grid, Table), the formats ``workbook`` (xlsx,
ods, legacy xls), ``markup`` (Excel 2003 XML, HTML saved as .xls) and
``delimited`` (CSV), ``header`` (finding the header row, merged cells),
``reading`` (a file to grids, sheet recognition, duplicates), ``fields``
(fields, header synonyms, sources), ``mapping`` (the user's column mapping).  Nothing here checks a value: that is the next stage, ``check``.
"""

from .fields import (
    COUNT_UNITS,
    EXCEL_ERRORS,
    HEADER_SYNONYMS,
    LAYOUTS,
    REQUIRED,
    SOURCES,
    TOTAL_LABEL,
    VOTE_FIELDS,
    normalize_header,
)
from .files import Grid, InputFile, Table, column_letter
from .header import find_header
from .mapping import ColumnMapping
from .reading import missing_required, read_grids, read_prepared, read_tables

__all__ = [
    "COUNT_UNITS",
    "EXCEL_ERRORS",
    "HEADER_SYNONYMS",
    "LAYOUTS",
    "REQUIRED",
    "SOURCES",
    "TOTAL_LABEL",
    "VOTE_FIELDS",
    "ColumnMapping",
    "Grid",
    "InputFile",
    "Table",
    "column_letter",
    "find_header",
    "missing_required",
    "normalize_header",
    "read_grids",
    "read_prepared",
    "read_tables",
]
