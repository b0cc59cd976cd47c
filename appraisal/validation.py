"""Row checks that lose nothing: every row is accepted, or rejected with a reason.

One function per source turns recognized tables into a clean typed frame
plus rejected rows.  A rejected row names the file, the sheet, the row as
the spreadsheet shows it, the column (header and letter) and the reason in
Chinese (:data:`appraisal.texts.REASON`).  The first failing check of a row
is the one reported.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .fields import EXCEL_ERRORS, VOTE_FIELDS, normalize_header
from .normalize import is_total_row, to_date, to_id_key, to_name, to_number, to_text
from .reading import Table
from .scheme import DEFAULT_POST, GRADES, Scheme
from .texts import REASON

__all__ = [
    "REJECTED_COLUMNS",
    "validate_roster",
    "validate_tasks",
    "validate_service",
    "validate_democratic",
]

REJECTED_COLUMNS = ["source", "file", "sheet", "row", "column", "reason"]


def _fill(template: str, values: pd.Series, **const: object) -> pd.Series:
    """Format ``template`` with a per-row {value}: vectorized str.format."""
    prefix, suffix = template.format(value="\0", **const).split("\0")
    return prefix + values.astype("str") + suffix


class _Checks:
    """Accumulates rejections for one table; ``ok`` marks rows still standing."""

    def __init__(self, table: Table, source: str) -> None:
        self.table = table
        self.source = source
        self.ok = pd.Series(True, index=table.data.index)
        self.parts: list[pd.DataFrame] = []
        self._text: dict[str, pd.Series] = {}

    def text(self, field: str) -> pd.Series:
        """The column as clean text ('' where blank or absent), computed once."""
        if field not in self._text:
            data = self.table.data
            self._text[field] = to_text(data[field]) if field in data else pd.Series("", index=data.index, dtype="str")
        return self._text[field]

    def col(self, field: str) -> str:
        return self.table.columns.get(field, "")

    def header(self, field: str) -> str:
        """The header text alone (without the column letter), for reasons: "乡镇（街道）（C列）" → "乡镇（街道）"."""
        return self.col(field).rsplit("（", 1)[0]

    def reject(self, mask: pd.Series, field: str | None, reason: str | pd.Series) -> None:
        mask = mask & self.ok
        if not mask.any():
            return
        reasons = reason[mask] if isinstance(reason, pd.Series) else reason
        self.parts.append(pd.DataFrame({
            "source": self.source,
            "file": self.table.file,
            "sheet": self.table.sheet,
            "row": self.table.data.loc[mask, "row"],
            "column": self.col(field) if field else "",
            "reason": reasons,
        }))
        self.ok = self.ok & ~mask

    def _is_own_header(self, field: str) -> pd.Series:
        """Cells that repeat their column's header text (spaces and a leading * ignored), per distinct value."""
        codes, uniques = pd.factorize(self.text(field))
        folded = pd.Series(uniques, dtype="str").str.replace(r"\s", "", regex=True).str.lstrip("*※")
        same = np.flatnonzero((folded == normalize_header(self.header(field))).to_numpy())
        return pd.Series(np.isin(codes, same), index=self.ok.index)

    def repeats_header(self) -> pd.Series:
        """Rows repeating the header (printed again mid-sheet): the ID cell and one more cell say their header."""
        columns = self.table.columns
        if "cadre_id" not in columns:
            return pd.Series(False, index=self.ok.index)
        id_hit = self._is_own_header("cadre_id")
        if not id_hit.any():
            return id_hit
        others = pd.concat([self._is_own_header(f) for f in columns if f != "cadre_id"] or [~id_hit], axis=1)
        return id_hit & others.any(axis=1)

    def unusable_cells(self, max_chars: int) -> None:
        """Cells of a used column that hold no usable value: an uncached formula, an Excel error, overlong text.

        Each is rejected by name before any other cell check, so an uncached
        formula is never reported as "为空" and an error is never taken as a name.
        """
        data = self.table.data
        for field in self.table.columns:
            rows = self.table.formulas.get(field)
            if rows:
                self.reject(data["row"].isin(rows), field, REASON["formula_no_value"].format(column=self.header(field)))
        for field in self.table.columns:
            text = self.text(field)
            self.reject(text.isin(EXCEL_ERRORS), field, _fill(REASON["excel_error"], text, column=self.header(field)))
            length = text.str.len()
            self.reject(length > max_chars, field,
                        _fill(REASON["too_long"], length, column=self.header(field), limit=max_chars))

    def common(self, known_keys: pd.Index | None, max_chars: int = 32767) -> pd.Series:
        """Total rows, repeated header rows, unusable cells, blank IDs and IDs not on the roster; returns the ID key."""
        data = self.table.data
        probes = [data[c] for c in ("cadre_id", "name", "unit", "_first") if c in data]
        self.reject(is_total_row(*probes), None, REASON["total_row"])
        self.reject(self.repeats_header(), None, REASON["repeated_header"])
        self.unusable_cells(max_chars)
        ids = self.text("cadre_id")
        self.reject(ids == "", "cadre_id", REASON["missing_id"])
        key = to_id_key(ids)
        if known_keys is not None:
            self.reject(~key.isin(known_keys), "cadre_id", _fill(REASON["unknown_id"], ids))
        return key

    def required_text(self, field: str) -> pd.Series:
        text = to_name(self.table.data[field]) if field in self.table.data else pd.Series("", index=self.ok.index)
        self.reject(text == "", field, REASON["missing_value"].format(column=self.header(field)))
        return text

    def number(self, field: str, *, blank: float | None, positive: bool = False,
               nonnegative: bool = False) -> pd.Series:
        """A numeric column; ``blank`` is the value of a blank cell (None: blank rejected)."""
        data = self.table.data
        if field not in data:
            return pd.Series(np.nan if blank is None else blank, index=self.ok.index, dtype="float64")
        raw = data[field]
        text = self.text(field)
        value = to_number(raw)
        column = self.header(field)
        if blank is None:
            self.reject(text == "", field, REASON["missing_value"].format(column=column))
        else:
            value = value.where(text != "", blank)
        self.reject((text != "") & value.isna(), field, _fill(REASON["not_number"], text, column=column))
        if positive:
            self.reject(value <= 0, field, _fill(REASON["not_positive"], text, column=column))
        if nonnegative:
            self.reject(value < 0, field, _fill(REASON["negative"], text, column=column))
        return value

    def date(self, field: str) -> pd.Series:
        data = self.table.data
        if field not in data:
            return pd.Series(pd.NaT, index=self.ok.index, dtype="datetime64[ns]")
        text = self.text(field)
        value = to_date(data[field])
        self.reject((text != "") & value.isna(), field,
                    _fill(REASON["not_date"], text, column=self.header(field)))
        return value

    def rejected(self) -> pd.DataFrame:
        return _concat_rejected(self.parts)


def _empty_rejected() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="int64" if c == "row" else "str") for c in REJECTED_COLUMNS})


def _unit_type(units: pd.Series, given: pd.Series, reading: dict) -> pd.Series:
    """The unit type as written, else inferred from the unit name's ending."""
    inferred = pd.Series(reading["unit_type_default"], index=units.index, dtype="str")
    for suffix, kind in reading["unit_type_by_suffix"].items():
        inferred = inferred.mask(units.str.endswith(suffix), kind)
    return given.where(given != "", inferred)


def validate_roster(tables: list[Table], scheme: Scheme) -> tuple[pd.DataFrame, pd.DataFrame, list[int]]:
    """The roster: one row per cadre, IDs unique (a repeated ID keeps the first row).

    Returns (roster, rejected, rows read per table).  Roster columns:
    ``cadre_id, name, unit, unit_type, post, key`` plus the origin
    ``file, sheet, row``.
    """
    frames, rejected, reads = [], [], []
    weights = scheme.data["weights"]
    for table in tables:
        checks = _Checks(table, "roster")
        key = checks.common(None, int(scheme.data["reading"]["max_cell_chars"]))
        name = checks.required_text("name")
        unit = checks.required_text("unit")
        post = checks.required_text("post")
        if DEFAULT_POST not in weights:
            checks.reject(~post.isin(list(weights)), "post", _fill(REASON["post_not_in_scheme"], post))
        given = checks.text("unit_type")
        frame = pd.DataFrame({
            "cadre_id": checks.text("cadre_id"),
            "name": name, "unit": unit,
            "unit_type": _unit_type(unit, given, scheme.data["reading"]),
            "post": post, "key": key,
            "file": table.file, "sheet": table.sheet, "row": table.data["row"],
        })
        frames.append(frame[checks.ok])
        rejected.append(checks.rejected())
        reads.append(len(table.data))
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


def _ids(key: pd.Series, roster: pd.DataFrame) -> pd.Series:
    """The roster's own spelling of each matched ID."""
    return key.map(pd.Series(roster["cadre_id"].to_numpy(), index=roster["key"].to_numpy()))


def validate_tasks(tables: list[Table], roster: pd.DataFrame, scheme: Scheme) -> tuple[pd.DataFrame, pd.DataFrame, list[int]]:
    """Task rows: target > 0, actual ≥ 0, difficulty > 0 (blank = setting), errors ≥ 0 (blank = setting), dates readable.

    Columns: ``cadre_id, task, target, actual, difficulty, errors, deadline, done_on``.
    """
    settings = scheme.data["tasks"]
    known = pd.Index(roster["key"])
    frames, rejected, reads = [], [], []
    for table in tables:
        checks = _Checks(table, "tasks")
        key = checks.common(known, int(scheme.data["reading"]["max_cell_chars"]))
        target = checks.number("target", blank=None, positive=True)
        actual = checks.number("actual", blank=None, nonnegative=True)
        difficulty = checks.number("difficulty", blank=float(settings["blank_difficulty"]), positive=True)
        errors = checks.number("errors", blank=float(settings["blank_errors"]), nonnegative=True)
        deadline = checks.date("deadline")
        done_on = checks.date("done_on")
        task = checks.text("task")
        frame = pd.DataFrame({
            "cadre_id": _ids(key, roster), "task": task, "target": target, "actual": actual,
            "difficulty": difficulty, "errors": errors, "deadline": deadline, "done_on": done_on,
        })
        frames.append(frame[checks.ok])
        rejected.append(checks.rejected())
        reads.append(len(table.data))
    return _concat(frames, TASK_COLUMNS), _concat_rejected(rejected), reads


TASK_COLUMNS = {"cadre_id": "str", "task": "str", "target": "float64", "actual": "float64",
                "difficulty": "float64", "errors": "float64", "deadline": "datetime64[ns]",
                "done_on": "datetime64[ns]"}
SERVICE_COLUMNS = {"cadre_id": "str", "rater_id": "str", "rating": "float64", "rated_on": "datetime64[ns]"}
VOTE_COLUMNS = {"cadre_id": "str", "voter_group": "str", **{v: "int64" for v in VOTE_FIELDS}}
BALLOT_COLUMNS = {"cadre_id": "str", "voter_group": "str", "voter_id": "str", "ballot": "str"}


def _concat(frames: list[pd.DataFrame], columns: dict[str, str]) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in columns.items()})
    return pd.concat(frames, ignore_index=True).astype(columns)


def rating_values(raw: pd.Series, service: dict) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Scale values of ratings: (value, not-on-scale mask, out-of-range mask).

    Words come from ``service.words``; numbers (``4``, ``4星``, ``四星``, ``4分``,
    ``★★★★☆``) must lie within ``scale_min``–``scale_max``.

    >>> v, bad, out = rating_values(pd.Series(["满意", "5星", 9, "很好"]), Scheme.default().section("service"))
    >>> v.tolist(), bad.tolist(), out.tolist()
    ([4.0, 5.0, nan, nan], [False, False, False, True], [False, False, True, False])
    """
    text = to_text(raw).str.replace(r"\s", "", regex=True)
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


def validate_service(tables: list[Table], roster: pd.DataFrame, scheme: Scheme) -> tuple[pd.DataFrame, pd.DataFrame, list[int]]:
    """Service ratings on the scheme's scale.  Columns: ``cadre_id, rater_id, rating, rated_on`` (rating in scale units)."""
    service = scheme.data["service"]
    scale = REASON["scale"].format(words="、".join(service["words"]), low=f"{service['scale_min']:g}",
                                   high=f"{service['scale_max']:g}")
    known = pd.Index(roster["key"])
    frames, rejected, reads = [], [], []
    for table in tables:
        checks = _Checks(table, "service")
        key = checks.common(known, int(scheme.data["reading"]["max_cell_chars"]))
        text = checks.text("rating")
        value, not_on_scale, out_of_range = rating_values(table.data["rating"], service)
        checks.reject(text == "", "rating", REASON["missing_value"].format(column=checks.header("rating")))
        checks.reject(not_on_scale, "rating", _fill(REASON["rating_not_on_scale"], text, scale=scale))
        checks.reject(out_of_range, "rating", _fill(REASON["rating_out_of_range"], text,
                                                    low=f"{service['scale_min']:g}", high=f"{service['scale_max']:g}"))
        rated_on = checks.date("rated_on")
        rater = checks.text("rater_id")
        frame = pd.DataFrame({"cadre_id": _ids(key, roster), "rater_id": rater, "rating": value, "rated_on": rated_on})
        frames.append(frame[checks.ok])
        rejected.append(checks.rejected())
        reads.append(len(table.data))
    return _concat(frames, SERVICE_COLUMNS), _concat_rejected(rejected), reads


def validate_democratic(tables: list[Table], roster: pd.DataFrame, scheme: Scheme) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[int]]:
    """Democratic evaluation as tallies per cadre and voter group, from tally or ballot sheets.

    Returns (votes, ballots, rejected, reads).  ``votes`` columns:
    ``cadre_id, voter_group, excellent, competent, basic, unfit`` (counts);
    ``ballots`` keeps one-ballot-a-row input with ``voter_id`` for rater statistics.
    """
    known = pd.Index(roster["key"])
    grade_field = dict(zip(GRADES, VOTE_FIELDS))
    tallies, ballots, rejected, reads = [], [], [], []
    for table in tables:
        checks = _Checks(table, "democratic")
        key = checks.common(known, int(scheme.data["reading"]["max_cell_chars"]))
        group = checks.required_text("voter_group")
        ids = _ids(key, roster)
        if set(VOTE_FIELDS) & set(table.columns):
            present = [v for v in VOTE_FIELDS if v in table.data]
            blank_all = pd.concat([checks.text(v) == "" for v in present], axis=1).all(axis=1)
            checks.reject(blank_all, None, REASON["no_votes"])
            counts = {}
            for v in VOTE_FIELDS:
                n = checks.number(v, blank=0.0, nonnegative=True)
                text = checks.text(v)
                checks.reject(n.notna() & (n != np.floor(n)), v, _fill(REASON["not_number"], text, column=checks.header(v)))
                counts[v] = n
            frame = pd.DataFrame({"cadre_id": ids, "voter_group": group, **counts})
            tallies.append(frame[checks.ok].astype({v: "int64" for v in VOTE_FIELDS}))
        else:
            word = checks.text("ballot").str.replace(r"\s", "", regex=True)
            checks.reject(word == "", "ballot", REASON["missing_value"].format(column=checks.header("ballot")))
            checks.reject(~word.isin(GRADES), "ballot", _fill(REASON["ballot_not_grade"], word))
            voter = checks.text("voter_id")
            frame = pd.DataFrame({"cadre_id": ids, "voter_group": group, "voter_id": voter, "ballot": word})[checks.ok]
            ballots.append(frame)
            if not frame.empty:
                one_hot = pd.get_dummies(frame["ballot"].map(grade_field)).reindex(columns=list(VOTE_FIELDS), fill_value=0)
                tallies.append(pd.concat([frame[["cadre_id", "voter_group"]], one_hot.astype("int64")], axis=1))
        rejected.append(checks.rejected())
        reads.append(len(table.data))
    votes = _concat(tallies, VOTE_COLUMNS)
    if not votes.empty:
        votes = votes.groupby(["cadre_id", "voter_group"], as_index=False, sort=True)[list(VOTE_FIELDS)].sum()
    return votes, _concat(ballots, BALLOT_COLUMNS), _concat_rejected(rejected), reads
