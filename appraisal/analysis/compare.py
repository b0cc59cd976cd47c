"""What changes between two results: the error rule, or an edited scheme.

Used for the switch between errors as a rate and as a raw count (who moves
and by how much) and for live re-ranking when weights change (who entered
and who left 优秀).
"""

from __future__ import annotations

import pandas as pd

from ..scheme import GRADES
from ..scoring import Result

__all__ = ["compare_results", "exemption_groups", "exempted_cadres", "EXCELLENT_MOVES"]

# The change codes of a move into or out of 优秀.
EXCELLENT_MOVES: tuple[str, ...] = ("enter", "leave")


def compare_results(before: Result, after: Result) -> pd.DataFrame:
    """One row per cadre whose rank or grade differs, with the change.

    Columns: cadre_id, name, unit, post, composite_before, composite_after,
    rank_before, rank_after, rank_change (positive = moved up), grade_before,
    grade_after, change (a code: ``enter`` 优秀, ``leave`` 优秀, ``regrade``
    or ``rerank``; its words are :data:`appraisal.texts.CHANGE_LABELS`).
    Sorted by the size of the move.
    """
    keys = ["cadre_id", "name", "unit", "post"]
    a = before.cadres.set_index("cadre_id")
    b = after.cadres.set_index("cadre_id").reindex(a.index)
    out = a[keys[1:]].copy()
    out["composite_before"] = a["composite"]
    out["composite_after"] = b["composite"]
    out["rank_before"] = a["rank_in_unit"]
    out["rank_after"] = b["rank_in_unit"]
    out["rank_change"] = a["rank_in_unit"] - b["rank_in_unit"]
    out["grade_before"] = a["grade"]
    out["grade_after"] = b["grade"]
    entered = (b["grade"] == GRADES[0]) & (a["grade"] != GRADES[0])
    left = (a["grade"] == GRADES[0]) & (b["grade"] != GRADES[0])
    regraded = a["grade"] != b["grade"]
    out["change"] = "rerank"
    out.loc[regraded, "change"] = "regrade"
    out.loc[left, "change"] = "leave"
    out.loc[entered, "change"] = "enter"
    moved = (out["rank_change"] != 0) | regraded
    out = out[moved].reset_index()
    order = out["rank_change"].abs().sort_values(ascending=False, kind="mergesort").index
    return out.loc[order].reset_index(drop=True)


def exemption_groups(result: Result) -> pd.DataFrame:
    """The inversion test with and without 容错免责, per group: by, name, n, rho, inversion, rho_unexcused,
    inversion_unexcused, changed (the inversion verdict differs).  Empty without any decision.

    What a meeting asks of the policy: does excusing the errors of those who took on the hard work undo the
    "more work, more errors, worse score" pattern in a township or post?
    """
    if result.groups_unexcused is None:
        return pd.DataFrame(columns=["by", "name", "n", "rho", "inversion", "rho_unexcused", "inversion_unexcused",
                                     "changed"])
    keys = ["by", "name"]
    without = result.groups_unexcused[[*keys, "rho", "inversion"]].rename(
        columns={"rho": "rho_unexcused", "inversion": "inversion_unexcused"})
    out = result.groups[[*keys, "n", "rho", "inversion"]].merge(without, on=keys, how="left")
    return out.assign(changed=out["inversion"] != out["inversion_unexcused"])


def exempted_cadres(result: Result) -> pd.DataFrame:
    """The cadres with errors excused: their result row, the composite and grade with and without."""
    c = result.cadres
    return c[c["excused_errors"] > 0]
