"""Row checks that lose nothing: every row is accepted, or rejected with a reason.

One function per source turns recognized tables into a clean typed frame
plus rejected rows.  Each is two steps, so that most of the work can run
while other files are still being read: ``check_*`` (:func:`roster_part`
for the roster) checks one table as far as it can without the roster, and
:meth:`Checked.finish` checks its IDs against the roster and builds its rows.

A rejected row names the file, the sheet, the row as the spreadsheet shows
it, the column (header and letter) and the reason in Chinese
(:data:`appraisal.texts.REASON`).  The first failing check of a row
is the one reported.

Every check runs once per *distinct* value of a column, not once per row:
a column is factorized (its distinct values, and for each row the index of
its value), each distinct value is cleaned and checked, and the verdicts are
spread back to the rows through that index.  Office columns repeat
themselves (a cadre's ID on every one of their ratings, five rating words,
a year of dates), so a province's six million ratings cost about as much to
check as their few hundred thousand distinct values.  Reasons are written
for rejected rows only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..read import COUNT_UNITS, EXCEL_ERRORS, VOTE_FIELDS, Table, normalize_header
from ..scheme import DEFAULT_POST, GRADES, Scheme
from ..texts import REASON
from .linking import link_by_name
from .normalize import (
    as_arrow,
    drop_spaces,
    is_arrow_text,
    is_total_text,
    positions,
    to_date,
    to_id_key,
    to_name,
    to_number,
    to_text,
)

__all__ = [
    "REJECTED_COLUMNS",
    "validate_roster",
    "validate_tasks",
    "validate_service",
    "validate_democratic",
    "roster_part",
    "Checked",
    "check_tasks",
    "check_adjustments",
    "validate_adjustments",
    "check_exemptions",
    "validate_exemptions",
    "check_vetoes",
    "validate_vetoes",
    "check_service",
    "check_democratic",
]

REJECTED_COLUMNS = ["source", "file", "sheet", "row", "column", "reason"]

#: Below this many rows a column is checked row by row: factorizing a handful of cells saves nothing.
MIN_FACTORIZED_ROWS = 64
#: Fields holding nearly one value a row (a rater per rating): checked row by row, as factorizing would cost more.
PER_ROW_FIELDS = frozenset({"rater_id", "voter_id"})

# The cleaning functions themselves, without normalize's own per-distinct-value wrapper: here they are
# handed distinct values (or a per-row column) already.
_text_of = to_text.__wrapped__
_number_of = to_number.__wrapped__
_date_of = to_date.__wrapped__


def _fill(template: str, values: pd.Series, **const: object) -> pd.Series:
    """Format ``template`` with a per-row {value}: vectorized str.format."""
    prefix, suffix = template.format(value="\0", **const).split("\0")
    return prefix + values.astype("str") + suffix


def _factorize(raw: pd.Series) -> tuple[np.ndarray, pd.Series] | None:
    """(codes, distinct values) of a column, blanks (NaN/None) a value of their own; None where not safe.

    Text columns are encoded by Arrow (three times faster than a generic
    factorize); a mixed column holding both True and 1 (equal to a hash) is
    not factorized at all.
    """
    if is_arrow_text(raw):
        encoded = pc.dictionary_encode(as_arrow(raw), null_encoding="encode")
        codes = encoded.indices.to_numpy(zero_copy_only=False)
        return codes, pd.Series(encoded.dictionary.to_pandas(), dtype=raw.dtype)
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    if raw.dtype == object and any(type(u) is not str and u in (0, 1) for u in uniques) \
            and raw.map(type).eq(bool).any():
        return None
    values = pd.Series(uniques, dtype=raw.dtype if raw.dtype != object else object)
    if (codes < 0).any():  # blanks: one more value, at the end
        codes = np.where(codes < 0, len(values), codes)
        values = pd.concat([values, pd.Series([None], dtype=values.dtype)], ignore_index=True)
    return codes, values


class _Distinct:
    """A column as its distinct values and, per row, the index of its value (``codes`` None: one value a row)."""

    def __init__(self, raw: pd.Series, per_row: bool = False) -> None:
        self.codes: np.ndarray | None = None
        self.values = raw.reset_index(drop=True)
        if not per_row and len(raw) >= MIN_FACTORIZED_ROWS:
            found = _factorize(self.values)
            if found is not None:
                self.codes, self.values = found

    @classmethod
    def constant(cls, n: int) -> _Distinct:
        """An absent column: one blank value for every row."""
        col = cls(pd.Series([None], dtype=object))
        col.codes = np.zeros(n, dtype=np.intp)
        return col

    def spread(self, per_value: pd.Series | np.ndarray) -> np.ndarray:
        """A per-value array as a per-row one."""
        values = np.asarray(per_value)
        return values if self.codes is None else values[self.codes]

    def at(self, per_value: pd.Series, rows: np.ndarray) -> pd.Series:
        """A per-value Series at the given row positions (dtype kept, index 0..)."""
        if self.codes is None and len(rows) == len(per_value):  # one value a row, every row kept
            return per_value.reset_index(drop=True)
        where = rows if self.codes is None else self.codes[rows]
        if isinstance(per_value.dtype, np.dtype):  # numbers and dates: a plain NumPy gather
            return pd.Series(per_value.to_numpy()[where], dtype=per_value.dtype, copy=False)
        if is_arrow_text(per_value):  # text: an Arrow gather, wrapped without a copy
            return pd.Series(pd.array(pc.take(as_arrow(per_value), pa.array(where)), dtype=per_value.dtype))
        return per_value.iloc[where].reset_index(drop=True)


class _Checks:
    """Accumulates rejections for one table; ``ok`` marks rows still standing.

    Methods that clean a column (:meth:`text`, :meth:`number`, ...) return
    one value per *distinct* value of that column; :meth:`at` turns such a
    Series into the column of the accepted rows.
    """

    def __init__(self, table: Table, source: str) -> None:
        self.table = table
        self.source = source
        self.n = len(table.data)
        self.ok = np.ones(self.n, dtype=bool)
        self.row = table.data["row"].to_numpy()
        self.parts: list[pd.DataFrame] = []
        self._distinct: dict[str, _Distinct] = {}
        self._text: dict[str, pd.Series] = {}
        #: where the roster check belongs (:meth:`common` sets it): rejections so far, rows standing then
        self._roster_slot: tuple[int, np.ndarray] | None = None
        #: no ID column: rows are linked to the roster by name (and unit), see :mod:`appraisal.check.linking`
        self.by_name = table.by_name
        #: the field that names the cadre: the ID, or the name where the sheet has no ID
        self.ident = "name" if self.by_name else "cadre_id"
        #: units written in this sheet that are not on the roster (rows linked by name): for a unit alias
        self.unknown_units: set[str] = set()

    def distinct(self, field: str) -> _Distinct:
        """The field's column as its distinct values, factorized once (a blank constant if the sheet lacks it)."""
        if field not in self._distinct:
            data = self.table.data
            self._distinct[field] = (_Distinct(data[field], per_row=field in PER_ROW_FIELDS) if field in data
                                    else _Distinct.constant(self.n))
        return self._distinct[field]

    def text(self, field: str) -> pd.Series:
        """The column's distinct values as clean text ('' where blank), computed once."""
        if field not in self._text:
            self._text[field] = _text_of(self.distinct(field).values)
        return self._text[field]

    def at(self, field: str, per_value: pd.Series, rows: np.ndarray) -> pd.Series:
        """The rows' values of a per-distinct-value Series of ``field``."""
        return self.distinct(field).at(per_value, rows)

    def labelled_header(self, field: str) -> str:
        """The header with its column letter, as rejections name the column: "乡镇（街道）（C列）" ("" if absent)."""
        return self.table.columns.get(field, "")

    def _column_of(self, field: str | None, mask: np.ndarray) -> str | np.ndarray:
        """The column the rejected rows' cells are in: one label, or one a row for a reshaped wide sheet."""
        if not field:
            return ""
        per_row = self.table.column_at.get(field)
        return self.labelled_header(field) if per_row is None else per_row[mask]

    def header_text(self, field: str) -> str:
        """The header text alone (without the column letter), for reasons: "乡镇（街道）（C列）" → "乡镇（街道）"."""
        return self.labelled_header(field).rsplit("（", 1)[0]

    def _add(self, mask: np.ndarray, field: str | None, reasons: str | pd.Series | np.ndarray,
             at: int | None = None) -> None:
        """Reject the rows of ``mask`` (a part of the rejected rows, at position ``at`` among the parts or last)."""
        self.parts.insert(len(self.parts) if at is None else at, pd.DataFrame({
            "source": self.source,
            "file": self.table.file,
            "sheet": self.table.sheet,
            "row": self.row[mask],
            "column": self._column_of(field, mask),
            "reason": reasons.to_numpy() if isinstance(reasons, pd.Series) else reasons,
        }))
        self.ok &= ~mask

    def reject(self, mask: np.ndarray, field: str | None, reason: str) -> None:
        """Reject the rows of a per-row ``mask`` still standing, for one reason."""
        mask = np.asarray(mask, dtype=bool) & self.ok
        if mask.any():
            self._add(mask, field, reason)

    def reject_values(self, field: str, bad: pd.Series | np.ndarray, reason: str,
                      value: pd.Series | None = None, **const: object) -> None:
        """Reject the standing rows whose ``field`` holds a ``bad`` value (a mask over distinct values).

        The reason is ``reason`` formatted with ``const`` and, per rejected
        row, ``value`` (a per-distinct-value Series, e.g. the clean text).
        """
        bad = np.asarray(bad, dtype=bool)
        if not bad.any():  # the usual case: no value is bad, nothing to spread over the rows
            return
        self._reject_rows(self.distinct(field).spread(bad) & self.ok, field, reason, value, const)

    def _reject_rows(self, mask: np.ndarray, field: str, reason: str, value: pd.Series | None,
                     const: dict[str, object], at: int | None = None) -> None:
        """Reject the rows of ``mask`` for ``reason`` (see :meth:`reject_values`; ``at``: see :meth:`_add`)."""
        if not mask.any():
            return
        if value is None:
            self._add(mask, field, reason.format(**const) if const else reason, at)
        else:
            self._add(mask, field, _fill(reason, self.at(field, value, np.flatnonzero(mask)), **const), at)

    def _is_own_header(self, field: str) -> np.ndarray:
        """Rows whose cell repeats its column's header text (spaces and a leading * ignored)."""
        folded = drop_spaces(self.text(field)).str.lstrip("*※")
        return self.distinct(field).spread(folded == normalize_header(self.header_text(field)))

    def repeats_header(self) -> np.ndarray:
        """Rows repeating the header (printed again mid-sheet): the ID cell and one more cell say their header."""
        columns = self.table.columns
        if self.ident not in columns:
            return np.zeros(self.n, dtype=bool)
        id_hit = self._is_own_header(self.ident)
        if not id_hit.any():
            return id_hit
        others = np.zeros(self.n, dtype=bool)
        for f in columns:
            if f != self.ident:
                others |= self._is_own_header(f)
        return id_hit & others

    def unusable_cells(self, max_chars: int) -> None:
        """Cells of a used column that hold no usable value: an uncached formula, an Excel error, overlong text.

        Each is rejected by name before any other cell check, so an uncached
        formula is never reported as "为空" and an error is never taken as a name.
        """
        for field in self.table.columns:
            rows = self.table.formulas.get(field)
            if rows:
                reason = REASON["formula_no_value"].format(column=self.header_text(field))
                self.reject(np.isin(self.row, rows), field, reason)
        for field in self.table.columns:
            text = self.text(field)
            self.reject_values(field, text.isin(EXCEL_ERRORS), REASON["excel_error"], text,
                               column=self.header_text(field))
            if is_arrow_text(text) and (pc.max(pc.binary_length(as_arrow(text))).as_py() or 0) <= max_chars:
                continue  # no cell has more bytes than the limit allows characters: none is too long
            length = text.str.len()
            self.reject_values(field, length > max_chars, REASON["too_long"], length,
                               column=self.header_text(field), limit=max_chars)

    def common(self, max_chars: int = 32767) -> pd.Series:
        """Total rows, repeated header rows, unusable cells and blank IDs; returns the ID key per distinct ID value."""
        data = self.table.data
        total = np.zeros(self.n, dtype=bool)
        for probe in dict.fromkeys(("cadre_id", "name", "unit", self.table.first)):
            if probe in data and (found := np.asarray(is_total_text(self.text(probe)), dtype=bool)).any():
                total |= self.distinct(probe).spread(found)
        self.reject(total, None, REASON["total_row"])
        self.reject(self.repeats_header(), None, REASON["repeated_header"])
        self.unusable_cells(max_chars)
        if self.by_name:
            return self._name_and_unit()
        ids = self.text("cadre_id")
        self.reject_values("cadre_id", ids == "", REASON["missing_id"])
        self._roster_slot = (len(self.parts), self.ok.copy())
        return to_id_key(ids)

    def _name_and_unit(self) -> pd.Series:
        """A sheet without IDs: blank names rejected; the (name, unit) pairs become the column the roster links.

        Returns the pairs' distinct values ("name\x1funit"); from here on the
        ``cadre_id`` column of this table is that pair column, so the rows
        are linked, and later read, through it.
        """
        names = to_name(self.distinct("name").values)
        self.reject_values("name", names == "", REASON["missing_value"], column=self.header_text("name"))
        self._roster_slot = (len(self.parts), self.ok.copy())
        name_rows = np.asarray(self.distinct("name").spread(names), dtype=object)
        unit_rows = (np.asarray(self.distinct("unit").spread(self.text("unit")), dtype=object)
                     if "unit" in self.table.columns else np.full(self.n, "", dtype=object))
        pairs = _Distinct(pd.Series(name_rows + "\x1f" + unit_rows, dtype="str"))
        self._distinct["cadre_id"] = pairs
        return pairs.values

    def _reject_at_roster_slot(self, bad: np.ndarray, field: str, reasons: pd.Series | np.ndarray) -> None:
        """Reject the rows whose ``cadre_id`` value is ``bad`` (per distinct value) where the roster check belongs.

        The roster check comes right after :meth:`common`, even when it is
        made after the other checks (which need no roster, so they can run
        while the roster is still being read): a row whose cadre is unknown is
        rejected for that, whatever a later check found in it.  ``reasons``:
        one per distinct value.
        """
        slot, standing = self._roster_slot or (len(self.parts), self.ok)
        ids = self.distinct("cadre_id")
        mask = ids.spread(bad) & standing
        if not mask.any():
            return
        if slot < len(self.parts):  # later checks ran first: the unknown cadre is their rows' reason
            rows = self.row[mask]
            self.parts[slot:] = [p[~np.isin(p["row"].to_numpy(), rows)] for p in self.parts[slot:]]
        self._add(mask, field, np.asarray(ids.spread(np.asarray(reasons, dtype=object)))[mask], at=slot)

    def link_names(self, roster: pd.DataFrame, aliases: dict[str, str] | None = None) -> pd.Series:
        """The roster's cadre_id per (name, unit) pair of a sheet without IDs; unlinkable rows rejected."""
        pairs = self.distinct("cadre_id").values
        parts = pairs.str.split("\x1f", n=1, expand=True)
        links = link_by_name(parts[0].astype("str"), parts[1].astype("str"), roster, aliases)
        self.unknown_units = set(parts[1][(links["field"] == "unit").to_numpy()])
        for field in ("unit", "name"):
            bad = (links["field"] == field).to_numpy()
            if bad.any():
                self._reject_at_roster_slot(bad, field, links["reason"])
        return links["cadre_id"].astype("str").where(links["cadre_id"].notna())

    def on_roster(self, key: pd.Series, roster: pd.DataFrame, aliases: dict[str, str] | None = None) -> pd.Series:
        """Reject cadres not on the roster; returns the roster's own ID per distinct ``cadre_id`` value.

        By ID, or for a sheet without IDs by name and unit (:meth:`link_names`;
        ``aliases``: the mapping's unit aliases).
        """
        if self.by_name:
            return self.link_names(roster, aliases)
        position = positions(roster["key"], key)
        unknown = np.asarray(position < 0)
        if unknown.any():
            reasons = pd.Series("", index=range(len(unknown)), dtype=object)
            written = self.text("cadre_id")[unknown].reset_index(drop=True)
            reasons[unknown] = _fill(REASON["unknown_id"], written).to_numpy()
            self._reject_at_roster_slot(unknown, "cadre_id", reasons)
        return roster["cadre_id"].iloc[np.maximum(position, 0)].reset_index(drop=True).where(position >= 0)

    def required_text(self, field: str) -> pd.Series:
        """A name-like column that must be filled (per distinct value)."""
        text = to_name(self.distinct(field).values)
        self.reject_values(field, text == "", REASON["missing_value"], column=self.header_text(field))
        return text

    def number(self, field: str, *, blank: float | None, positive: bool = False,
               nonnegative: bool = False, units: tuple[str, ...] = ()) -> pd.Series:
        """A numeric column per distinct value; ``blank`` is the value of a blank cell (None: blank rejected).

        ``units``: words a count may be written with ("10票", "2次"), read as the number before them.
        """
        if field not in self.table.data:  # the constant blank column: no cell to reject
            return pd.Series([np.nan if blank is None else blank], dtype="float64")
        text = self.text(field)
        value = _number_of(self.distinct(field).values)
        if units and value.isna().any():
            written = drop_spaces(text)
            bare = written.str.replace(f"(?:{'|'.join(map(re.escape, units))})$", "", regex=True)
            value = value.fillna(_number_of(bare).where((bare != written) & (bare != "")))
        column = self.header_text(field)
        if blank is None:
            self.reject_values(field, text == "", REASON["missing_value"], column=column)
        else:
            value = value.where(text != "", blank)
        self.reject_values(field, (text != "") & value.isna(), REASON["not_number"], text, column=column)
        if positive:
            self.reject_values(field, value <= 0, REASON["not_positive"], text, column=column)
        if nonnegative:
            self.reject_values(field, value < 0, REASON["negative"], text, column=column)
        return value

    def date(self, field: str) -> pd.Series:
        """A date column per distinct value (NaT where blank)."""
        if field not in self.table.data:
            return pd.Series([pd.NaT], dtype="datetime64[ns]")
        text = self.text(field)
        value = _date_of(self.distinct(field).values)
        self.reject_values(field, (text != "") & value.isna(), REASON["not_date"], text, column=self.header_text(field))
        return value

    def kept(self) -> np.ndarray:
        """Positions of the rows that passed every check."""
        return np.flatnonzero(self.ok)

    def rejected(self) -> pd.DataFrame:
        """The table's rejected rows in the sheet's row order (as the user reads the sheet), not check by check."""
        return _concat_rejected(self.parts).sort_values("row", kind="stable", ignore_index=True)


def _empty_rejected() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="int64" if c == "row" else "str") for c in REJECTED_COLUMNS})


def _unit_type(units: pd.Series, given: pd.Series, reading: dict) -> pd.Series:
    """The unit type as written, else inferred from the unit name's ending."""
    inferred = pd.Series(reading["unit_type_default"], index=units.index, dtype="str")
    for suffix, kind in reading["unit_type_by_suffix"].items():
        inferred = inferred.mask(units.str.endswith(suffix), kind)
    return given.where(given != "", inferred)


def _max_chars(scheme: Scheme) -> int:
    return int(scheme.section("reading")["max_cell_chars"])


def roster_part(table: Table, scheme: Scheme) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """One roster table checked: (its cadres, its rejected rows, rows read); IDs repeated across tables are not yet seen."""
    weights = scheme.section("weights")
    checks = _Checks(table, "roster")
    key = checks.common(_max_chars(scheme))
    name = checks.required_text("name")
    unit = checks.required_text("unit")
    post = checks.required_text("post")
    if DEFAULT_POST not in weights:
        checks.reject_values("post", ~post.isin(list(weights)), REASON["post_not_in_scheme"], post)
    keep = checks.kept()
    unit_rows = checks.at("unit", unit, keep)
    frame = pd.DataFrame({
        "cadre_id": checks.at("cadre_id", checks.text("cadre_id"), keep),
        "name": checks.at("name", name, keep), "unit": unit_rows,
        "unit_type": _unit_type(unit_rows, checks.at("unit_type", checks.text("unit_type"), keep),
                                scheme.section("reading")),
        "post": checks.at("post", post, keep), "key": checks.at("cadre_id", key, keep),
        "file": table.file, "sheet": table.sheet, "row": checks.row[keep],
    })
    return frame, checks.rejected(), len(table.data)


def validate_roster(tables: list[Table], scheme: Scheme,
                    parts: list[tuple[pd.DataFrame, pd.DataFrame, int]] | None = None,
                    ) -> tuple[pd.DataFrame, pd.DataFrame, list[int]]:
    """The roster: one row per cadre, IDs unique (a repeated ID keeps the first row).

    Returns (roster, rejected, rows read per table).  Roster columns:
    ``cadre_id, name, unit, unit_type, post, key`` plus the origin
    ``file, sheet, row``.  ``parts``: :func:`roster_part` of each table,
    if already made.
    """
    parts = parts if parts is not None else [roster_part(t, scheme) for t in tables]
    frames = [frame for frame, _, _ in parts]
    rejected = [rej for _, rej, _ in parts]
    reads = [n for _, _, n in parts]
    roster = pd.concat(frames, ignore_index=True) if frames else _empty_roster()
    dup = roster.duplicated("key", keep="first")
    if dup.any():
        first = roster.drop_duplicates("key").set_index("key")
        earlier = first.loc[roster.loc[dup, "key"]]
        where = [REASON["where"].format(file=f, sheet=s, row=r)
                 for f, s, r in zip(earlier["file"], earlier["sheet"], earlier["row"])]
        dups = roster[dup]
        columns = {(t.file, t.sheet): t.columns.get("cadre_id", "") for t in tables}
        rejected.append(pd.DataFrame({
            "source": "roster", "file": dups["file"], "sheet": dups["sheet"], "row": dups["row"],
            "column": [columns[(f, s)] for f, s in zip(dups["file"], dups["sheet"])],
            "reason": [REASON["duplicate_id"].format(value=v, where=w) for v, w in zip(dups["cadre_id"], where)],
        }))
        roster = roster[~dup].reset_index(drop=True)
    return roster, _concat_rejected(rejected), reads


def _empty_roster() -> pd.DataFrame:
    cols = ["cadre_id", "name", "unit", "unit_type", "post", "key", "file", "sheet"]
    frame = pd.DataFrame({c: pd.Series(dtype="str") for c in cols})
    frame["row"] = pd.Series(dtype="int64")
    return frame


def _concat_rejected(parts: list[pd.DataFrame]) -> pd.DataFrame:
    parts = [p for p in parts if not p.empty]
    if not parts:
        return _empty_rejected()
    return pd.concat(parts, ignore_index=True)


class Checked:
    """A table checked as far as it can be without the roster; :meth:`finish` checks its IDs and builds its rows.

    Made by :func:`check_tasks`, :func:`check_service` or
    :func:`check_democratic`, which do most of the work: the roster is
    only needed for the last check, so the rest can run while other files
    are still being read.
    """

    def __init__(self, checks: _Checks, key: pd.Series, build: Callable[[pd.Series, np.ndarray], Any]) -> None:
        self.checks, self.key, self.build = checks, key, build
        #: rows accepted through a link by name (a sheet without IDs), once finished
        self.linked_by_name = 0

    def finish(self, roster: pd.DataFrame, aliases: dict[str, str] | None = None) -> tuple[Any, pd.DataFrame, int]:
        """(the accepted rows as ``build`` makes them, the rejected rows, rows read); once per table.

        ``aliases``: the mapping's unit aliases, for a sheet linked by name.
        """
        ids = self.checks.on_roster(self.key, roster, aliases)
        kept = self.checks.kept()
        if self.checks.by_name:
            self.linked_by_name = len(kept)
        return self.build(ids, kept), self.checks.rejected(), self.checks.n


def _finished(check: Callable[[Table, Scheme], Checked], tables: list[Table], roster: pd.DataFrame, scheme: Scheme,
              checked: list[Checked] | None, aliases: dict[str, str] | None) -> list[tuple[Any, pd.DataFrame, int]]:
    """Each table finished against the roster; checked first, unless ``checked`` holds its checks already."""
    return [c.finish(roster, aliases) for c in (checked if checked is not None else [check(t, scheme) for t in tables])]


def check_tasks(table: Table, scheme: Scheme) -> Checked:
    """Task rows: target > 0, actual ≥ 0, difficulty > 0 (blank = setting), errors ≥ 0 (blank = setting), dates readable.

    An indicator of a points sheet (``max_points``) weighs its full points ÷ ``tasks.points_per_difficulty``.
    A wide sheet's one 差错次数 per cadre (``Table.once``) goes to the first of the cadre's rows accepted, so a
    rejected task does not take the cadre's errors with it; if that cell itself is unusable, the cadre's
    other tasks of the row are rejected too (scored without the errors, the cadre would gain).
    """
    settings = scheme.section("tasks")
    checks = _Checks(table, "tasks")
    key = checks.common(_max_chars(scheme))
    values = {
        "target": checks.number("target", blank=None, positive=True),
        "actual": checks.number("actual", blank=None, nonnegative=True),
        "difficulty": checks.number("difficulty", blank=float(settings["blank_difficulty"]), positive=True),
        "errors": checks.number("errors", blank=float(settings["blank_errors"]), nonnegative=True,
                                units=COUNT_UNITS["errors"]),
        "deadline": checks.date("deadline"),
        "done_on": checks.date("done_on"),
    }
    once = "errors" in table.once and "errors" in table.data
    if once:
        errors = checks.distinct("errors").spread(values["errors"].to_numpy())
        unusable = ~(errors >= 0)  # NaN (not a number) or negative: the row's cell was rejected
        checks.reject(np.isin(checks.row, checks.row[unusable]), "errors",
                      REASON["row_errors_unusable"].format(column=checks.header_text("errors")))
    points = checks.number("max_points", blank=np.nan, positive=True) if "max_points" in table.data else None

    def build(ids: pd.Series, keep: np.ndarray) -> pd.DataFrame:
        frame = pd.DataFrame({
            "cadre_id": checks.at("cadre_id", ids, keep),
            "task": checks.at("task", checks.text("task"), keep),
            **{f: checks.at(f, v, keep) for f, v in values.items()},
        }, copy=False)  # fresh columns: no copy into one block
        if points is not None:
            full = checks.at("max_points", points, keep)
            frame["difficulty"] = frame["difficulty"].where(full.isna(), full / float(settings["points_per_difficulty"]))
        if once:
            row = pd.Series(checks.row)
            total = pd.Series(errors).groupby(row).transform("sum").to_numpy()[keep]
            first = ~pd.Series(checks.row[keep]).duplicated().to_numpy()
            frame["errors"] = np.where(first, total, 0.0)
        return frame
    return Checked(checks, key, build)


def validate_tasks(tables: list[Table], roster: pd.DataFrame, scheme: Scheme,
                   checked: list[Checked] | None = None, aliases: dict[str, str] | None = None,
                   ) -> tuple[pd.DataFrame, pd.DataFrame, list[int]]:
    """Task rows of every table (``checked``: their :func:`check_tasks`, if already made).

    Columns: ``cadre_id, task, target, actual, difficulty, errors, deadline, done_on``.
    """
    return _validated(check_tasks, TASK_COLUMNS, tables, roster, scheme, checked, aliases)


TASK_COLUMNS = {"cadre_id": "str", "task": "str", "target": "float64", "actual": "float64",
                "difficulty": "float64", "errors": "float64", "deadline": "datetime64[ns]",
                "done_on": "datetime64[ns]"}
SERVICE_COLUMNS = {"cadre_id": "str", "rater_id": "str", "rating": "float64", "rated_on": "datetime64[ns]"}
VOTE_COLUMNS = {"cadre_id": "str", "voter_group": "str", **{v: "int64" for v in VOTE_FIELDS}}
BALLOT_COLUMNS = {"cadre_id": "str", "voter_group": "str", "voter_id": "str", "ballot": "str"}
ADJUSTMENT_COLUMNS = {"cadre_id": "str", "item": "str", "points": "float64", "basis": "str", "date": "datetime64[ns]"}
VETO_COLUMNS = {"cadre_id": "str", "veto": "str", "basis": "str", "date": "datetime64[ns]"}
EXEMPTION_COLUMNS = {"cadre_id": "str", "task": "str", "excused": "float64", "basis": "str", "date": "datetime64[ns]"}


def _concat(frames: list[pd.DataFrame], columns: dict[str, str]) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})
    frame = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    return frame.astype(columns)


def rating_values(raw: pd.Series, service: dict) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Scale values of ratings: (value, not-on-scale mask, out-of-range mask).

    Words come from ``service.words``; numbers (``4``, ``4星``, ``四星``, ``4分``,
    ``★★★★☆``) must lie within ``scale_min``–``scale_max``.  Meant for
    distinct values (validation hands it those), but any Series works.

    >>> v, bad, out = rating_values(pd.Series(["满意", "5星", 9, "很好"]), Scheme.default().section("service"))
    >>> v.tolist(), bad.tolist(), out.tolist()
    ([4.0, 5.0, nan, nan], [False, False, False, True], [False, False, True, False])
    """
    text = drop_spaces(to_text(raw))
    stars = text.str.fullmatch(r"[★⭐]+☆*")  # "★★★☆☆": the filled stars are the rating
    text = text.where(~stars, text.str.count(r"[★⭐]").astype("str"))
    spelled = text.str.fullmatch(r"[一二三四五]颗?星")  # "五星", "四颗星"
    text = text.where(~spelled, text.str.translate(str.maketrans("一二三四五", "12345")))
    words = {str(k): float(v) for k, v in service["words"].items()}
    by_word = text.map(words).astype("float64")
    numeric = to_number(text.str.replace(r"(颗星|星|分)$", "", regex=True))
    low, high = float(service["scale_min"]), float(service["scale_max"])
    out_of_range = by_word.isna() & numeric.notna() & ~numeric.between(low, high)
    value = by_word.fillna(numeric.where(numeric.between(low, high)))
    not_on_scale = (text != "") & by_word.isna() & numeric.isna()
    return value, not_on_scale, out_of_range


def check_service(table: Table, scheme: Scheme) -> Checked:
    """Service ratings on the scheme's scale (rating in scale units), checked but for the roster."""
    service = scheme.section("service")
    low, high = f"{service['scale_min']:g}", f"{service['scale_max']:g}"
    scale = REASON["scale"].format(words="、".join(service["words"]), low=low, high=high)
    checks = _Checks(table, "service")
    key = checks.common(_max_chars(scheme))
    text = checks.text("rating")
    value, not_on_scale, out_of_range = rating_values(checks.distinct("rating").values, service)
    checks.reject_values("rating", text == "", REASON["missing_value"], column=checks.header_text("rating"))
    checks.reject_values("rating", not_on_scale, REASON["rating_not_on_scale"], text, scale=scale)
    checks.reject_values("rating", out_of_range, REASON["rating_out_of_range"], text, low=low, high=high)
    rated_on = checks.date("rated_on")

    def build(ids: pd.Series, keep: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame({
            "cadre_id": checks.at("cadre_id", ids, keep),
            "rater_id": checks.at("rater_id", checks.text("rater_id"), keep),
            "rating": checks.at("rating", value, keep),
            "rated_on": checks.at("rated_on", rated_on, keep),
        }, copy=False)
    return Checked(checks, key, build)


def validate_service(tables: list[Table], roster: pd.DataFrame, scheme: Scheme,
                     checked: list[Checked] | None = None, aliases: dict[str, str] | None = None,
                     ) -> tuple[pd.DataFrame, pd.DataFrame, list[int]]:
    """Service ratings of every table (``checked``: their :func:`check_service`, if already made).

    Columns: ``cadre_id, rater_id, rating, rated_on`` (rating in scale units).
    """
    return _validated(check_service, SERVICE_COLUMNS, tables, roster, scheme, checked, aliases)


def _validated(check: Callable[[Table, Scheme], Checked], columns: dict[str, str], tables: list[Table],
               roster: pd.DataFrame, scheme: Scheme, checked: list[Checked] | None,
               aliases: dict[str, str] | None) -> tuple[pd.DataFrame, pd.DataFrame, list[int]]:
    """A source whose tables finish into one frame each: (their rows as ``columns``, rejected rows, rows read per table)."""
    done = _finished(check, tables, roster, scheme, checked, aliases)
    return _concat([f for f, _, _ in done], columns), _concat_rejected([r for _, r, _ in done]), [n for _, _, n in done]


_PLUS, _MINUS = ("加分", "加", "+"), ("扣分", "减分", "扣", "减", "-")


def check_adjustments(table: Table, scheme: Scheme) -> Checked:
    """Approved 加分/扣分 items checked but for the roster: the item named, the points a number (signed, or
    positive with a 加分/扣分 column), not 0, and (``adjustments.require_basis``) a basis or document number."""
    checks = _Checks(table, "adjustments")
    key = checks.common(_max_chars(scheme))
    item = checks.required_text("item")
    points = checks.number("points", blank=None, units=("分",))
    checks.reject_values("points", points == 0, REASON["points_zero"], column=checks.header_text("points"))
    sign = pd.Series([1.0], dtype="float64")
    if "direction" in table.data:
        word = drop_spaces(checks.text("direction"))
        # 加分/扣分 gives the sign; a blank one leaves it to the points (-2 is a penalty)
        sign = pd.Series(np.where(word.isin(_PLUS), 1.0, np.where(word.isin(_MINUS), -1.0,
                                                                   np.where(word == "", 1.0, np.nan))), dtype="float64")
        checks.reject_values("direction", sign.isna(), REASON["direction_bad"], word,
                             column=checks.header_text("direction"))
        negative = checks.distinct("points").spread((points < 0).to_numpy())
        named = checks.distinct("direction").spread((word != "").to_numpy())
        checks._reject_rows(negative & named & checks.ok, "points", REASON["points_signed"], checks.text("points"),
                            {"column": checks.header_text("points")})
    basis = checks.text("basis")
    if scheme.get("adjustments", "require_basis"):
        checks.reject(checks.distinct("basis").spread((basis == "").to_numpy()), "basis", REASON["basis_missing"])
    date = checks.date("date")

    def build(ids: pd.Series, keep: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame({
            "cadre_id": checks.at("cadre_id", ids, keep),
            "item": checks.at("item", item, keep),
            "points": (checks.at("points", points, keep).to_numpy()
                       * checks.at("direction", sign, keep).to_numpy()),
            "basis": checks.at("basis", basis, keep),
            "date": checks.at("date", date, keep),
        }, copy=False)
    return Checked(checks, key, build)


def validate_adjustments(tables: list[Table], roster: pd.DataFrame, scheme: Scheme,
                         checked: list[Checked] | None = None, aliases: dict[str, str] | None = None,
                         ) -> tuple[pd.DataFrame, pd.DataFrame, list[int]]:
    """加分/扣分 items of every table: ``cadre_id, item, points`` (signed: a penalty is negative), ``basis, date``."""
    return _validated(check_adjustments, ADJUSTMENT_COLUMNS, tables, roster, scheme, checked, aliases)


def check_exemptions(table: Table, scheme: Scheme) -> Checked:
    """容错免责 decisions checked but for the roster: excused errors a positive number, the decision's document
    number given; the task (optional) and date kept as written."""
    checks = _Checks(table, "exemptions")
    key = checks.common(_max_chars(scheme))
    excused = checks.number("excused", blank=None, positive=True, units=COUNT_UNITS["errors"])
    basis = checks.text("basis")
    checks.reject(checks.distinct("basis").spread((basis == "").to_numpy()), "basis", REASON["exemption_basis"])
    task = checks.text("task")  # as the task sheet's names are read, to match them
    date = checks.date("date")

    def build(ids: pd.Series, keep: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame({
            "cadre_id": checks.at("cadre_id", ids, keep),
            "task": checks.at("task", task, keep),
            "excused": checks.at("excused", excused, keep),
            "basis": checks.at("basis", basis, keep),
            "date": checks.at("date", date, keep),
            "file": table.file, "sheet": table.sheet, "row": checks.row[keep],
            "column": checks.labelled_header("excused"),
        }, copy=False)
    return Checked(checks, key, build)


def check_vetoes(table: Table, scheme: Scheme) -> Checked:
    """一票否决 records checked but for the roster: the item one of ``vetoes.items``, a basis given."""
    checks = _Checks(table, "vetoes")
    key = checks.common(_max_chars(scheme))
    items = list(scheme.section("vetoes")["items"])
    veto = checks.required_text("veto")
    checks.reject_values("veto", (veto != "") & ~veto.isin(items), REASON["veto_unknown"], veto,
                         column=checks.header_text("veto"), items="、".join(items))
    basis = checks.text("basis")
    checks.reject(checks.distinct("basis").spread((basis == "").to_numpy()), "basis", REASON["veto_basis"])
    date = checks.date("date")

    def build(ids: pd.Series, keep: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame({"cadre_id": checks.at("cadre_id", ids, keep), "veto": checks.at("veto", veto, keep),
                             "basis": checks.at("basis", basis, keep), "date": checks.at("date", date, keep)},
                            copy=False)
    return Checked(checks, key, build)


def validate_vetoes(tables: list[Table], roster: pd.DataFrame, scheme: Scheme,
                    checked: list[Checked] | None = None, aliases: dict[str, str] | None = None,
                    ) -> tuple[pd.DataFrame, pd.DataFrame, list[int]]:
    """一票否决 records of every table: ``cadre_id, veto, basis, date``."""
    return _validated(check_vetoes, VETO_COLUMNS, tables, roster, scheme, checked, aliases)


def validate_exemptions(tables: list[Table], roster: pd.DataFrame, tasks: pd.DataFrame, scheme: Scheme,
                        checked: list[Checked] | None = None, aliases: dict[str, str] | None = None,
                        ) -> tuple[pd.DataFrame, pd.DataFrame, list[int]]:
    """容错免责 decisions of every table, matched to the cadre's tasks: ``cadre_id, task, excused, basis, date``.

    A decision naming a task needs that task among the cadre's (by its name); together, a cadre's decisions
    cannot excuse more errors than the task (or, without a task, all the cadre's tasks) recorded; if they
    would, all of them are rejected (which one stands is for a person to settle, not the order of the rows).
    """
    done = _finished(check_exemptions, tables, roster, scheme, checked, aliases)
    frame = _concat([f for f, _, _ in done], {**EXEMPTION_COLUMNS, "file": "str", "sheet": "str", "row": "int64",
                                               "column": "str"})
    rejected = [r for _, r, _ in done]
    if len(frame):
        errors = tasks.groupby(["cadre_id", "task"])["errors"].sum()
        total = tasks.groupby("cadre_id")["errors"].sum()
        named = frame["task"] != ""
        pairs = pd.MultiIndex.from_arrays([frame["cadre_id"], frame["task"]])
        unknown = named & ~pairs.isin(errors.index)
        # totals, not running sums: decisions that together excuse more than was recorded all go to a person
        # to settle (which of them stands must not depend on the order of the rows)
        used_task = frame.assign(k=np.where(named & ~unknown, frame["excused"], 0.0)).groupby(
            ["cadre_id", "task"])["k"].transform("sum")
        limit_task = errors.reindex(pairs).to_numpy()
        over_task = named & ~unknown & (used_task.to_numpy() > limit_task + 1e-9)
        standing = ~unknown & ~over_task
        used_all = frame.assign(k=np.where(standing, frame["excused"], 0.0)).groupby("cadre_id")["k"].transform("sum")
        limit_all = total.reindex(frame["cadre_id"]).fillna(0).to_numpy()
        over_all = standing & (used_all.to_numpy() > limit_all + 1e-9)
        reasons = np.full(len(frame), "", dtype=object)
        for i in np.flatnonzero(unknown):
            reasons[i] = REASON["exemption_no_task"].format(value=frame["cadre_id"].iat[i], task=frame["task"].iat[i])
        for i in np.flatnonzero(over_task):
            reasons[i] = REASON["exemption_too_many"].format(
                excused=used_task.iat[i], errors=limit_task[i],
                where=REASON["exemption_task_where"].format(task=frame["task"].iat[i]))
        for i in np.flatnonzero(over_all):
            reasons[i] = REASON["exemption_too_many"].format(excused=used_all.iat[i], errors=limit_all[i],
                                                             where=REASON["exemption_all_where"])
        bad = unknown | over_task | over_all
        if bad.any():
            rejected.append(pd.DataFrame({"source": "exemptions", "file": frame["file"][bad], "sheet": frame["sheet"][bad],
                                          "row": frame["row"][bad], "column": frame["column"][bad],
                                          "reason": reasons[bad.to_numpy()]}))
            frame = frame[~bad]
    return (frame[list(EXEMPTION_COLUMNS)].reset_index(drop=True).astype(EXEMPTION_COLUMNS),
            _concat_rejected(rejected), [n for _, _, n in done])


_GRADE_FIELD = dict(zip(GRADES, VOTE_FIELDS))


def check_democratic(table: Table, scheme: Scheme) -> Checked:
    """A tally or ballot sheet checked but for the roster; finished, it gives (tallies, ballots or None)."""
    checks = _Checks(table, "democratic")
    key = checks.common(_max_chars(scheme))
    group = checks.required_text("voter_group")
    if set(VOTE_FIELDS) & set(table.columns):
        present = [v for v in VOTE_FIELDS if v in table.data]
        blank_all = np.ones(checks.n, dtype=bool)
        for v in present:
            blank_all &= checks.distinct(v).spread(checks.text(v) == "")
        checks.reject(blank_all, None, REASON["no_votes"])
        counts = {}
        for v in VOTE_FIELDS:
            n = checks.number(v, blank=0.0, nonnegative=True, units=COUNT_UNITS["votes"])
            if v in table.data:
                checks.reject_values(v, n.notna() & (n != np.floor(n)), REASON["not_number"], checks.text(v),
                                     column=checks.header_text(v))
            counts[v] = n

        def tallies(ids: pd.Series, keep: np.ndarray) -> tuple[pd.DataFrame, None]:
            return pd.DataFrame({
                "cadre_id": checks.at("cadre_id", ids, keep), "voter_group": checks.at("voter_group", group, keep),
                **{v: checks.at(v, n, keep).astype("int64") for v, n in counts.items()},
            }, copy=False), None
        return Checked(checks, key, tallies)

    word = drop_spaces(checks.text("ballot"))
    checks.reject_values("ballot", word == "", REASON["missing_value"], column=checks.header_text("ballot"))
    checks.reject_values("ballot", ~word.isin(GRADES), REASON["ballot_not_grade"], word)

    def ballots(ids: pd.Series, keep: np.ndarray) -> tuple[pd.DataFrame | None, pd.DataFrame]:
        frame = pd.DataFrame({
            "cadre_id": checks.at("cadre_id", ids, keep), "voter_group": checks.at("voter_group", group, keep),
            "voter_id": checks.at("voter_id", checks.text("voter_id"), keep),
            "ballot": checks.at("ballot", word, keep),
        })
        if frame.empty:
            return None, frame
        one_hot = pd.get_dummies(frame["ballot"].map(_GRADE_FIELD)).reindex(columns=list(VOTE_FIELDS), fill_value=0)
        return pd.concat([frame[["cadre_id", "voter_group"]], one_hot.astype("int64")], axis=1), frame
    return Checked(checks, key, ballots)


def validate_democratic(tables: list[Table], roster: pd.DataFrame, scheme: Scheme,
                        checked: list[Checked] | None = None, aliases: dict[str, str] | None = None,
                        ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[int]]:
    """Democratic evaluation as tallies per cadre and voter group, from tally or ballot sheets.

    Returns (votes, ballots, rejected, reads).  ``votes`` columns:
    ``cadre_id, voter_group, excellent, competent, basic, unfit`` (counts);
    ``ballots`` keeps one-ballot-a-row input with ``voter_id`` for rater
    statistics.  ``checked``: the tables' :func:`check_democratic`, if already made.
    """
    done = _finished(check_democratic, tables, roster, scheme, checked, aliases)
    votes = _concat([t for (t, _), _, _ in done if t is not None], VOTE_COLUMNS)
    if not votes.empty:
        votes = votes.groupby(["cadre_id", "voter_group"], as_index=False, sort=True)[list(VOTE_FIELDS)].sum()
    ballots = _concat([b for (_, b), _, _ in done if b is not None], BALLOT_COLUMNS)
    return votes, ballots, _concat_rejected([r for _, r, _ in done]), [n for _, _, n in done]
