"""Files in, a ranked, graded, flagged :class:`Result` out.

:func:`appraise` is the whole way; :func:`score` starts from an ingested
:class:`~appraisal.ingest.Dataset`, so a change of weights does not read the
files again.

The cadre table's columns are a contract (:data:`CADRE_COLUMNS`), shared by
the JSON output, the exports and the dashboard.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import __version__
from .diagnostics import cadre_flags, explain, inversion_groups, unit_flags
from .grading import grade
from .ingest import Dataset, ingest
from .mapping import ColumnMapping
from .reading import InputFile
from .scheme import Scheme
from .scoring import components, composite

__all__ = ["Result", "score", "appraise", "CADRE_COLUMNS", "JSON_CADRE_FIELDS"]

# The result table, in display order.
CADRE_COLUMNS: list[str] = [
    "cadre_id", "name", "unit", "unit_type", "post", "rank_in_unit", "grade", "composite",
    "task_score", "service_score", "democratic_score", "leader_score",
    "workload", "n_tasks", "errors", "error_rate", "late_tasks",
    "service_raw", "service_n", "service_ci_low", "service_ci_high",
    "n_votes", "excellent_share", "unfit_share", "approval_share",
    "band_grade", "weights_used", "missing", "quota", "flags", "flag_notes", "flag_text",
]

JSON_CADRE_FIELDS: list[str] = [
    "cadre_id", "name", "unit", "unit_type", "post", "workload", "task_score", "error_rate",
    "service_score", "service_n", "democratic_score", "leader_score", "composite",
    "rank_in_unit", "grade", "flags",
]


@dataclass
class Result:
    """Everything one appraisal run produced.

    Attributes
    ----------
    cadres : one row per cadre, columns :data:`CADRE_COLUMNS`, sorted by unit then rank
    flags : one bool column per cadre flag code plus the standardized numbers behind them
    groups : inversion table (by, name, n, rho, p, q, inversion, rho_task, rho_service, rho_democratic)
    units : per unit: unit, unit_type, n, n_votes, excellent_share, score_sd, uniform_votes, flags, flag_text
    ties : cadres tied at a quota line (group, cadre_id, name, composite, rank_in_unit, quota, grade)
    dataset : the validated input (with rejected rows and counts)
    scheme : the scheme used
    """

    cadres: pd.DataFrame
    flags: pd.DataFrame
    groups: pd.DataFrame
    units: pd.DataFrame
    ties: pd.DataFrame
    dataset: Dataset
    scheme: Scheme

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of the command line's ``--json``."""
        return {
            "cadres": _records(self.cadres[JSON_CADRE_FIELDS]),
            "groups": _records(self.groups[["by", "name", "n", "rho", "p", "q", "inversion"]]),
            "units": _records(self.units[["unit", "flags"]]),
            "rows": self.dataset.rows,
            "rejected": _records(self.dataset.rejected[["file", "sheet", "row", "column", "reason"]]),
            "scheme": self.scheme.to_dict(),
            "inputs": self.dataset.inputs,
            "version": __version__,
        }

    def to_json(self, path: str | Path | None = None) -> str:
        """The JSON text (UTF-8, Chinese kept readable); written to ``path`` when given."""
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=1, allow_nan=False)
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text


def _plain(value: Any) -> Any:
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if math.isnan(value) or math.isinf(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(v) for v in value]
    if value is pd.NaT or value is None:
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    cols = list(frame.columns)
    return [{c: _plain(v) for c, v in zip(cols, row)} for row in frame.itertuples(index=False, name=None)]


def score(dataset: Dataset, scheme: Scheme | None = None, error_rule: str | None = None) -> Result:
    """Score, grade and diagnose a validated dataset.

    ``error_rule`` ("rate" or "count") overrides the scheme's, to show what
    counting raw errors would change.
    """
    scheme = scheme or Scheme.default()
    frame = composite(components(dataset, scheme, error_rule), scheme)
    frame, ties = grade(frame, scheme)
    flags = cadre_flags(frame, scheme)
    frame["flags"], frame["flag_notes"], frame["flag_text"] = explain(frame, flags, scheme)
    groups = inversion_groups(frame, scheme)
    units = unit_flags(frame, dataset.votes, scheme)
    by = scheme.data["grading"]["group_by"]
    order = frame.sort_values([by, "rank_in_unit"], kind="mergesort").index
    cadres = frame.loc[order, CADRE_COLUMNS].reset_index(drop=True)
    flags = flags.loc[order].reset_index(drop=True)
    return Result(cadres=cadres, flags=flags, groups=groups, units=units, ties=ties,
                  dataset=dataset, scheme=scheme)


def appraise(files: list[InputFile | str | Path], scheme: Scheme | None = None,
             mapping: ColumnMapping | None = None) -> Result:
    """Read, validate and score files in one call.

    >>> from appraisal.sample import write_sample
    >>> import tempfile
    >>> paths = write_sample(tempfile.mkdtemp(), n_cadres=60, seed=1)
    >>> result = appraise(paths)
    >>> len(result.cadres), sorted(result.dataset.rows)
    (60, ['democratic', 'roster', 'service', 'tasks'])
    """
    inputs = [f if isinstance(f, InputFile) else InputFile.from_path(f) for f in files]
    scheme = scheme or Scheme.default()
    return score(ingest(inputs, scheme, mapping), scheme)
