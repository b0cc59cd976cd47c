"""From files to a validated :class:`Dataset`: the sources, clean, plus every rejected row.

>>> from appraisal.demo.sample import make_sample
>>> import io
>>> buf = io.BytesIO()
>>> with pd.ExcelWriter(buf, engine="xlsxwriter") as w:
...     for name, frame in make_sample(60, seed=1).items():
...         frame.to_excel(w, sheet_name=name, index=False)
>>> ds = ingest([InputFile("county.xlsx", buf.getvalue())])
>>> len(ds.roster), ds.rows["roster"]["rejected"]
(60, 0)
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

import pandas as pd

from ..errors import AppraisalError
from ..read import (
    ColumnMapping,
    InputFile,
    Table,
    column_letter,
    missing_required,
    read_grids,
    read_prepared,
    read_tables,
)
from ..scheme import DEFAULT_POST, Scheme
from ..texts import (
    ERROR,
    FIELD_LABELS,
    REJECTED_COLUMN_LABELS,
    SHAPE_LABELS,
    SOURCE_LABELS,
    UNRECOGNIZED_SOURCE,
    WARNING,
)
from ..threads import workers
from .normalize import to_text
from .validation import (
    ADJUSTMENT_COLUMNS,
    EXEMPTION_COLUMNS,
    REJECTED_COLUMNS,
    VETO_COLUMNS,
    check_adjustments,
    check_democratic,
    check_exemptions,
    check_service,
    check_tasks,
    check_vetoes,
    roster_part,
    validate_adjustments,
    validate_democratic,
    validate_exemptions,
    validate_roster,
    validate_service,
    validate_tasks,
    validate_vetoes,
)

__all__ = ["Dataset", "ingest", "inspect", "ingest_key", "SOURCE_ORDER", "OPTIONAL_SOURCES", "INGEST_SECTIONS"]

SOURCE_ORDER = ("roster", "tasks", "service", "democratic", "adjustments", "exemptions", "vetoes")
#: Sources a county may not have at all (加分/扣分, 容错免责, 一票否决): reported only when a sheet of them was read.
OPTIONAL_SOURCES = ("adjustments", "exemptions", "vetoes")

# The scheme sections reading and validation depend on; of the weights, only which posts have one.
INGEST_SECTIONS: tuple[str, ...] = ("reading", "tasks", "service", "democratic", "adjustments", "vetoes")


def ingest_key(scheme: Scheme) -> str:
    """A key naming what :func:`ingest` depends on in a scheme (the twin of ``scoring.components_key``).

    The reading limits, the task, service and democratic settings (blank
    values, rating words, voter groups), and which posts the weights name
    (a post without weights is rejected unless there is a 默认 row).  Two
    schemes with the same key give the same dataset for the same files, so
    a change of weights, grading or diagnostics does not read them again.

    >>> s = Scheme.default()
    >>> ingest_key(s) == ingest_key(s.updated({"grading": {"excellent_quota": 0.1}}))
    True
    >>> ingest_key(s) == ingest_key(s.updated({"reading": {"max_rows": 10}}))
    False
    """
    parts: dict[str, object] = {section: scheme.section(section) for section in INGEST_SECTIONS}
    weights = scheme.section("weights")
    parts["posts_weighted"] = sorted(weights)
    parts["default_weighted"] = DEFAULT_POST in weights
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class Dataset:
    """The validated input: clean sources, rejected rows and the accounting.

    Attributes
    ----------
    roster : cadre_id, name, unit, unit_type, post (one row per cadre)
    tasks : cadre_id, task, target, actual, difficulty, errors, deadline, done_on
    service : cadre_id, rater_id, rating (scale units), rated_on
    votes : cadre_id, voter_group, excellent, competent, basic, unfit (counts)
    ballots : cadre_id, voter_group, voter_id, ballot (one-ballot-a-row input only)
    adjustments : cadre_id, item, points (signed: a penalty is negative), basis, date (加分/扣分 items)
    exemptions : cadre_id, task ('' for the cadre's tasks as a whole), excused (errors), basis, date (容错免责)
    vetoes : cadre_id, veto (an item of the scheme's ``vetoes.items``), basis, date (一票否决)
    rejected : source, file, sheet, row, column, reason
    rows : per source, ``{"read", "accepted", "rejected"}``
    sheets : file, sheet, source, header_row, rows (what each sheet was taken as)
    inputs : ``[{"file", "sha256"}]``
    warnings : sentences about sheets skipped and settings applied
    linked_by_name : per source (tasks, service, democratic), the accepted rows of sheets without IDs,
        linked to the roster by name and unit (see :mod:`appraisal.check.linking`)
    unknown_units : units written in such sheets that are not on the roster (their rows are rejected;
        a unit alias in the mapping links them)
    """

    roster: pd.DataFrame
    tasks: pd.DataFrame
    service: pd.DataFrame
    votes: pd.DataFrame
    ballots: pd.DataFrame
    rejected: pd.DataFrame
    rows: dict[str, dict[str, int]]
    sheets: pd.DataFrame
    inputs: list[dict[str, str]]
    warnings: list[str] = field(default_factory=list)
    linked_by_name: dict[str, int] = field(default_factory=dict)
    unknown_units: list[str] = field(default_factory=list)

    adjustments: pd.DataFrame = field(default_factory=lambda: _empty(ADJUSTMENT_COLUMNS))
    exemptions: pd.DataFrame = field(default_factory=lambda: _empty(EXEMPTION_COLUMNS))
    vetoes: pd.DataFrame = field(default_factory=lambda: _empty(VETO_COLUMNS))

    @property
    def reported_rows(self) -> dict[str, dict[str, int]]:
        """:attr:`rows` as a report shows them: the optional sources only where a sheet of them was read."""
        return {s: n for s, n in self.rows.items() if s not in OPTIONAL_SOURCES or n["read"]}


def _empty(columns: dict[str, str]) -> pd.DataFrame:
    """A source with no rows: its columns and their types."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})


def _sheets_frame(tables: list[Table]) -> pd.DataFrame:
    """One row per sheet: file, sheet, source, source_label, shape, shape_label, header_row, rows,
    headers (list), missing (list), preview (the first rows as they will be read, None for a sheet not taken),
    why (why a sheet is not taken, '' if it is)."""
    return pd.DataFrame({
        "file": [t.file for t in tables],
        "sheet": [t.sheet for t in tables],
        "source": [t.source or "" for t in tables],
        "source_label": [SOURCE_LABELS.get(t.source or "", UNRECOGNIZED_SOURCE) for t in tables],
        "shape": [t.shape for t in tables],
        "shape_label": [SHAPE_LABELS[t.shape] for t in tables],
        "header_row": [t.header_row for t in tables],
        "rows": [len(t.data) for t in tables],
        "headers": [list(t.headers) for t in tables],
        "missing": [missing_required(t) for t in tables],
        "preview": [_preview(t) if t.source else None for t in tables],
        "why": [_why_not(t) for t in tables],
    })


def _why_not(table: Table) -> str:
    """Why a sheet is not taken ('' if it is): the layout the mapping set not found, its headers, missing columns."""
    if table.source is None:
        if table.notes:
            return table.notes[0]
        return (WARNING["sheet_unrecognized"].format(headers="、".join(table.headers[:12])) if table.headers
                else WARNING["sheet_empty"])
    missing = missing_required(table)
    return ERROR["missing_columns"].format(columns="、".join(missing)) if missing else ""


#: Rows of a sheet shown as they will be read (the mapping step: a reshaped sheet's long rows), before any check.
PREVIEW_ROWS = 5


def _preview(table: Table) -> pd.DataFrame:
    """The first rows a sheet is read as (a reshaped sheet's long rows), with Chinese headers and the sheet's row
    numbers."""
    fields = [f for f in table.data.columns if f in FIELD_LABELS]
    head = table.data.head(PREVIEW_ROWS)
    # Cells as clean text (a raw column mixes numbers and text, which a table on screen cannot hold).
    cells = pd.DataFrame({FIELD_LABELS[f]: to_text(head[f]) for f in fields})
    return pd.concat([head["row"].rename(REJECTED_COLUMN_LABELS["row"]), cells], axis=1)


def raw_previews(files: list[InputFile], scheme: Scheme, rows: int = 8) -> dict[tuple[str, str], pd.DataFrame]:
    """The first ``rows`` rows of every sheet as the spreadsheet shows them, for a mapping step: title rows
    included, columns by letter, rows numbered from 1, cells as clean text (1.0 as 1).

    Raises AppraisalError for a file that cannot be read.
    """
    def shown(cells: pd.DataFrame) -> pd.DataFrame:
        head = cells.head(rows)
        head = pd.DataFrame({column_letter(c): to_text(head[c]) for c in head.columns})
        return head.set_axis(cells.index[:len(head)] + 1, axis=0)

    limits = scheme.section("reading")
    return {(g.file, g.sheet): shown(g.cells) for f in files for g in read_grids(f, limits)}


def _voter_groups(scheme: Scheme) -> list[str]:
    """The voter groups a tally sheet may be named after: those the scheme weighs."""
    return list(scheme.section("democratic")["group_weights"])


_CHECKS = {"roster": roster_part, "tasks": check_tasks, "service": check_service, "democratic": check_democratic,
           "adjustments": check_adjustments, "exemptions": check_exemptions, "vetoes": check_vetoes}


def _check(table: Table, scheme: Scheme) -> object:
    """What validation can do with one table before the roster is known (None: a table it will not take)."""
    if table.source not in _CHECKS or missing_required(table):
        return None
    return _CHECKS[table.source](table, scheme)


def inspect(files: list[InputFile], scheme: Scheme | None = None,
            mapping: ColumnMapping | None = None) -> pd.DataFrame:
    """What each sheet was recognized as, without validating rows (for a mapping step).

    Raises AppraisalError only for files that cannot be read at all.
    """
    scheme = scheme or Scheme.default()
    tables, _ = read_tables(files, scheme.section("reading"), mapping, check=False, voter_groups=_voter_groups(scheme))
    return _sheets_frame(tables)


def ingest(files: list[InputFile], scheme: Scheme | None = None,
           mapping: ColumnMapping | None = None) -> Dataset:
    """Read, recognize and validate files into a :class:`Dataset`.

    Raises AppraisalError (Chinese message) when nothing can be used: no
    files, an unreadable file, no recognizable sheet, no roster, a required
    column missing, or a roster with no usable row.
    """
    scheme = scheme or Scheme.default()
    if not files:
        raise AppraisalError(ERROR["no_files"])
    # Each table is checked as far as it can be without the roster right after its file is read, beside the others.
    prepared, warnings = read_prepared(files, scheme.section("reading"), lambda table: _check(table, scheme), mapping,
                                       voter_groups=_voter_groups(scheme))
    tables = [table for table, _ in prepared]
    # Earlier years' grades go to the archive, not into this year's scores: said, not dropped.
    warnings.extend(WARNING["history_not_scored"].format(file=t.file, sheet=t.sheet, rows=len(t.data))
                    for t in tables if t.source == "history")
    by_source = {s: [t for t in tables if t.source == s] for s in SOURCE_ORDER}
    checked = {s: [c for t, c in prepared if t.source == s] for s in SOURCE_ORDER}
    if not any(by_source.values()):
        details = "；".join(warnings) or "、".join(f.name for f in files)
        raise AppraisalError(ERROR["no_sheet"].format(details=details))
    if not by_source["roster"]:
        raise AppraisalError(ERROR["no_roster"])

    roster, rej_roster, read_roster = validate_roster(by_source["roster"], scheme, checked["roster"])
    if roster.empty:
        raise AppraisalError(ERROR["no_cadre"])
    with workers(sum(len(t.data) for t in tables)) as pool:  # what is left needs only the roster: side by side
        aliases = mapping.units if mapping is not None else None
        finished = [pool.submit(validate, by_source[source], roster, scheme, checked[source], aliases)
                    for validate, source in ((validate_tasks, "tasks"), (validate_service, "service"),
                                             (validate_democratic, "democratic"),
                                             (validate_adjustments, "adjustments"), (validate_vetoes, "vetoes"))]
        ((tasks, rej_tasks, read_tasks), (service, rej_service, read_service), (votes, ballots, rej_demo, read_demo),
         (adjustments, rej_adjust, read_adjust), (vetoes, rej_veto, read_veto)) = (f.result() for f in finished)
    # 容错免责 decisions are matched to the cadre's tasks: after the tasks are known.
    exemptions, rej_exempt, read_exempt = validate_exemptions(by_source["exemptions"], roster, tasks, scheme,
                                                              checked["exemptions"], aliases)

    rejected = pd.concat([r for r in (rej_roster, rej_tasks, rej_service, rej_demo, rej_adjust, rej_exempt, rej_veto)
                          if not r.empty]
                         or [rej_roster], ignore_index=True)[REJECTED_COLUMNS]
    reads = {"roster": read_roster, "tasks": read_tasks, "service": read_service, "democratic": read_demo,
             "adjustments": read_adjust, "exemptions": read_exempt, "vetoes": read_veto}
    counts = rejected["source"].value_counts()
    rows = {}
    for source in SOURCE_ORDER:
        read = int(sum(reads[source]))
        n_rejected = int(counts.get(source, 0))
        rows[source] = {"read": read, "accepted": read - n_rejected, "rejected": n_rejected}
    linked_by_name = {s: sum(c.linked_by_name for c in checked[s] if c is not None) for s in SOURCE_ORDER[1:]}
    unknown_units = sorted({u for s in SOURCE_ORDER[1:] for c in checked[s] if c is not None
                            for u in c.checks.unknown_units})

    known = set(scheme.section("democratic")["group_weights"])
    other = sorted(set(votes["voter_group"].unique()) - known)
    if other:
        warnings.append(WARNING["other_group"].format(
            groups="、".join(f"“{g}”" for g in other), weight=scheme.section("democratic")["other_group_weight"]))

    roster = roster.drop(columns=["key", "file", "sheet", "row"]).reset_index(drop=True)
    return Dataset(
        roster=roster, tasks=tasks, service=service, votes=votes, ballots=ballots,
        rejected=rejected, rows=rows, sheets=_sheets_frame(tables), linked_by_name=linked_by_name,
        unknown_units=unknown_units, adjustments=adjustments, exemptions=exemptions,
        vetoes=vetoes,
        inputs=[{"file": f.name, "sha256": f.sha256} for f in files], warnings=warnings,
    )
