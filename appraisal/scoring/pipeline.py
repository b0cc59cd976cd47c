"""Files in, a ranked, graded, flagged :class:`Result` out.

:func:`appraise` is the whole way; :func:`score` starts from an ingested
:class:`~appraisal.check.ingest.Dataset`, so a change of weights does not read the
files again.

The cadre table's columns are a contract (:data:`CADRE_COLUMNS`), shared by
the JSON output (:mod:`appraisal.output.json_contract`), the exports and the dashboard.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..check import Dataset, ingest
from ..read import ColumnMapping, InputFile
from ..scheme import Scheme
from . import component_scores as scoring
from .component_scores import components, composite
from .diagnostics import cadre_flags, explain, inversion_groups, unit_flags
from .grading import grade, quota_ledger

__all__ = ["Result", "score", "as_quarter", "appraise", "components", "components_key", "CADRE_COLUMNS"]

# The result table, in display order.
CADRE_COLUMNS: list[str] = [
    "cadre_id", "name", "unit", "unit_type", "post", "rank_in_unit", "grade", "composite",
    "task_score", "service_score", "democratic_score", "leader_score", "weighted_score", "bonus", "penalty",
    "excused_errors", "composite_unexcused", "grade_unexcused",
    "workload", "n_tasks", "errors", "error_rate", "late_tasks",
    "service_raw", "service_n", "service_ci_low", "service_ci_high",
    "n_votes", "excellent_share", "unfit_share", "approval_share",
    "band_grade", "weights_used", "missing", "quota", "grade_basis", "adjust_note", "excused_note", "flags", "flag_notes", "flag_text",
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
    groups_unexcused : the inversion table as it would be without 容错免责 (None without any decision)
    ledger : the 优秀 place ledger per quota group (:func:`~appraisal.scoring.grading.quota_ledger`)
    dataset : the validated input (with rejected rows and counts)
    scheme : the scheme used
    quarterly : graded as a quarter of 平时考核 (好/较好/一般/较差, the 好 quota), not the annual appraisal
    """

    cadres: pd.DataFrame
    flags: pd.DataFrame
    groups: pd.DataFrame
    units: pd.DataFrame
    ties: pd.DataFrame
    dataset: Dataset
    scheme: Scheme
    quarterly: bool = False
    groups_unexcused: pd.DataFrame | None = None
    ledger: pd.DataFrame | None = None


# The scheme sections the component scores depend on (not weights, grading or diagnostics).
COMPONENT_SECTIONS: tuple[str, ...] = ("tasks", "service", "democratic", "adjustments")


def components_key(scheme: Scheme, error_rule: str | None = None) -> str:
    """A key naming what :func:`~appraisal.scoring.component_scores.components` depends on in a scheme.

    The ``tasks``, ``service`` and ``democratic`` sections and the error
    rule in force (``error_rule``, else the scheme's).  Two schemes with the
    same key give the same components frame for the same dataset, so a
    change of weights, grading or diagnostics can reuse it
    (``score(..., components=...)``).

    >>> s = Scheme.default()
    >>> components_key(s) == components_key(s.updated({"weights": {"默认": {"task": 50, "service": 25,
    ...                                                                  "democratic": 25}}}))
    True
    >>> components_key(s) == components_key(s, "rate"), components_key(s) == components_key(s, "count")
    (True, False)
    """
    parts = {section: scheme.section(section) for section in COMPONENT_SECTIONS}
    parts["error_rule"] = error_rule or scheme.get("tasks", "error_rule")
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def score(dataset: Dataset, scheme: Scheme | None = None, error_rule: str | None = None,
          components: pd.DataFrame | None = None, quarterly: bool = False) -> Result:
    """Score, grade and diagnose a validated dataset.

    ``error_rule`` ("rate" or "count") overrides the scheme's, to show what
    counting raw errors would change.

    ``components`` is the frame :func:`~appraisal.scoring.component_scores.components` gives
    for this dataset under a scheme with the same :func:`components_key`
    (for example before a change of weights); passing it skips that step.
    It is not changed.  It must be for this dataset's roster (same cadres,
    same order), else a ``ValueError``.

    ``quarterly``: grade as a quarter of 平时考核, on its scale and 好 quota (the scheme's ``quarterly``).
    """
    scheme = scheme or Scheme.default()
    if components is None:
        components = scoring.components(dataset, scheme, error_rule)
    elif not np.array_equal(components["cadre_id"].to_numpy(), dataset.roster["cadre_id"].to_numpy()):
        raise ValueError("components frame is not this dataset's roster")
    frame = composite(components, scheme)
    frame, ties = grade(frame, scheme, quarterly, dataset.vetoes)
    ledger = quota_ledger(frame, scheme, quarterly)
    frame, groups_unexcused = _unexcused(frame, dataset, scheme, error_rule, quarterly)
    flags = cadre_flags(frame, scheme)
    codes, notes, text = explain(frame, flags, scheme)
    frame = frame.assign(flags=codes, flag_notes=notes, flag_text=text)
    groups = inversion_groups(frame, scheme)
    units = unit_flags(frame, dataset.votes, scheme)
    by = scheme.section("grading")["group_by"]
    group, names = frame[by].factorize(sort=True)  # codes in sorted order of the names
    group = np.where(group < 0, len(names), group)  # no group: last, as sort_values puts NaN
    order = np.lexsort((frame["rank_in_unit"].to_numpy(), group))  # by group, then rank (stable)
    cadres = frame[CADRE_COLUMNS].take(order).reset_index(drop=True)
    flags = flags.take(order).reset_index(drop=True)
    return Result(cadres=cadres, flags=flags, groups=groups, units=units, ties=ties,
                  dataset=dataset, scheme=scheme, quarterly=quarterly, groups_unexcused=groups_unexcused,
                  ledger=ledger)


def _unexcused(frame: pd.DataFrame, dataset: Dataset, scheme: Scheme, error_rule: str | None,
               quarterly: bool) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """``frame`` with composite_unexcused and grade_unexcused (what they would be without 容错免责), and the
    inversion table without it (None when there is no decision: the same as with).  Only the task scores
    change: they are scored again from the tasks as recorded, then composited and graded as they are."""
    if dataset.exemptions.empty:
        return frame.assign(composite_unexcused=frame["composite"], grade_unexcused=frame["grade"]), None
    plain = scoring.task_scores(dataset.tasks, scheme, error_rule).reindex(pd.Index(frame["cadre_id"]))
    columns = ["errors", "error_rate", "task_score"]
    again = frame.drop(columns=["composite", "weighted_score", "rank_in_unit", "band_grade", "grade", "quota",
                                "quota_tie", "grade_basis"]).assign(**{c: plain[c].to_numpy() for c in columns})
    again, _ = grade(composite(again, scheme), scheme, quarterly, dataset.vetoes)
    return (frame.assign(composite_unexcused=again["composite"].to_numpy(), grade_unexcused=again["grade"].to_numpy()),
            inversion_groups(again, scheme))


def as_quarter(result: Result) -> Result:
    """``result`` graded as a quarter of 平时考核 instead (the same scores; 好/较好/一般/较差 under the 好 quota).

    The archive saves a quarter's result this way, whatever the dashboard showed.
    """
    return result if result.quarterly else score(result.dataset, result.scheme, quarterly=True)


def appraise(files: list[InputFile | str | Path], scheme: Scheme | None = None,
             mapping: ColumnMapping | None = None) -> Result:
    """Read, validate and score files in one call.

    >>> from appraisal.demo.sample import write_sample
    >>> import tempfile
    >>> paths = write_sample(tempfile.mkdtemp(), n_cadres=60, seed=1)
    >>> result = appraise(paths)
    >>> len(result.cadres), sorted(result.dataset.rows)
    (60, ['adjustments', 'democratic', 'exemptions', 'roster', 'service', 'tasks', 'vetoes'])
    """
    inputs = [f if isinstance(f, InputFile) else InputFile.from_path(f) for f in files]
    scheme = scheme or Scheme.default()
    return score(ingest(inputs, scheme, mapping), scheme)
