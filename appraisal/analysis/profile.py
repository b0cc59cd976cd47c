"""One cadre's file: components against the group, tasks, ratings, votes and flags explained."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..read import VOTE_FIELDS
from ..scheme import GRADES
from ..scoring import Result
from ..texts import COLUMN_LABELS, FLAG_LABELS

__all__ = ["CadreProfile", "cadre_profile"]

_COMPONENTS = ("composite", "task_score", "service_score", "democratic_score", "leader_score", "workload")


@dataclass
class CadreProfile:
    """Everything the 个人档案 page shows about one cadre.

    Attributes
    ----------
    row : the cadre's row of the result table
    standing : per component: label, score, percentile in unit and in post (0–100), unit and post medians
    tasks : the cadre's accepted task rows
    ratings : count per rating value on the scheme's scale (words where the scale has them)
    votes : the cadre's vote tallies per voter group
    flags : (label, explanation) per flag
    """

    row: pd.Series
    standing: pd.DataFrame
    tasks: pd.DataFrame
    ratings: pd.DataFrame
    votes: pd.DataFrame
    flags: list[tuple[str, str]]


def _percentile(values: pd.Series, value: float) -> float:
    """Share of the group at or below the value, in percent (the cadre included)."""
    v = values.dropna()
    if v.empty or value != value:
        return float("nan")
    return float((v <= value).mean() * 100)


def cadre_profile(result: Result, cadre_id: str) -> CadreProfile | None:
    """The profile of one cadre, or None if the ID is not in the result."""
    c = result.cadres
    hit = c.index[c["cadre_id"] == cadre_id]
    if len(hit) == 0:
        return None
    row = c.loc[hit[0]]
    unit = c[c["unit"] == row["unit"]]
    post = c[c["post"] == row["post"]]
    standing = pd.DataFrame([
        {
            "component": COLUMN_LABELS[k], "score": row[k],
            "pct_unit": _percentile(unit[k], row[k]), "pct_post": _percentile(post[k], row[k]),
            "median_unit": unit[k].median(), "median_post": post[k].median(),
        }
        for k in _COMPONENTS
    ])
    ds = result.dataset
    tasks = ds.tasks[ds.tasks["cadre_id"] == cadre_id].reset_index(drop=True)
    service = result.scheme.section("service")
    word_of = {float(v): str(w) for w, v in service["words"].items()}
    mine = ds.service.loc[ds.service["cadre_id"] == cadre_id, "rating"]
    counts = mine.value_counts().sort_index(ascending=False)
    ratings = pd.DataFrame({"level": [word_of.get(float(v), f"{v:g}") for v in counts.index],
                            "value": counts.index.astype("float64"), "count": counts.to_numpy()})
    votes = ds.votes[ds.votes["cadre_id"] == cadre_id][["voter_group", *VOTE_FIELDS]]
    votes = votes.rename(columns=dict(zip(VOTE_FIELDS, GRADES))).reset_index(drop=True)
    flags = [(FLAG_LABELS[code], note) for code, note in zip(row["flags"], row["flag_notes"])]
    return CadreProfile(row=row, standing=standing, tasks=tasks, ratings=ratings, votes=votes, flags=flags)
