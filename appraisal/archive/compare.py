"""Two saved versions side by side: who moved grade or rank, who came and who left.

Pure pandas over :class:`~appraisal.archive.store.ArchivedVersion` cadre tables, so it compares two
versions of one period (what a re-save changed) or two periods (last year and this), cadres matched
by ID whatever unit or post they hold now.
"""

from __future__ import annotations

import pandas as pd

from ..scheme import GRADES, Scheme
from ..texts import ARCHIVE_CHANGES, ARCHIVE_COMPARE_COLUMNS

__all__ = ["compare_versions", "comparison_table", "grade_counts", "CHANGE_ORDER"]

#: How a cadre's row changed, in the order a comparison lists them (the meeting looks at grades first).
CHANGE_ORDER: tuple[str, ...] = ("grade", "rank", "joined", "left", "unit", "same")


def compare_versions(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Per cadre in either table: name, unit_a, unit_b, grade_a, grade_b, rank_a, rank_b, composite_a,
    composite_b, change (a code of :data:`CHANGE_ORDER`) and change_label (Chinese), grade changes first.

    ``a`` and ``b`` are cadre tables with cadre_id, name, unit, grade, rank_in_unit, composite.

    >>> a = pd.DataFrame({"cadre_id": ["1", "2"], "name": ["张三", "李四"], "unit": ["青石镇", "青石镇"],
    ...                   "grade": ["优秀", "称职"], "rank_in_unit": [1, 2], "composite": [91.0, 80.0]})
    >>> b = a.assign(grade=["称职", "称职"], composite=[89.0, 80.0])
    >>> compare_versions(a, b)[["cadre_id", "grade_a", "grade_b", "change"]].values.tolist()
    [['1', '优秀', '称职', 'grade'], ['2', '称职', '称职', 'same']]
    """
    keep = ["cadre_id", "name", "unit", "grade", "rank_in_unit", "composite"]
    both = a[keep].merge(b[keep], on="cadre_id", how="outer", suffixes=("_a", "_b"), indicator=True)
    both["name"] = both["name_b"].fillna(both["name_a"])
    change = pd.Series("same", index=both.index, dtype="str")
    change = change.where(both["unit_a"] == both["unit_b"], "unit")
    change = change.where(both["rank_in_unit_a"] == both["rank_in_unit_b"], "rank")
    change = change.where(both["grade_a"] == both["grade_b"], "grade")
    change = change.where(both["_merge"] != "right_only", "joined")
    change = change.where(both["_merge"] != "left_only", "left")
    both["change"] = change
    both["change_label"] = change.map(ARCHIVE_CHANGES)
    both = both.rename(columns={"rank_in_unit_a": "rank_a", "rank_in_unit_b": "rank_b"})
    order = both["change"].map({c: i for i, c in enumerate(CHANGE_ORDER)})
    both = both.assign(_order=order).sort_values(["_order", "cadre_id"], kind="stable", ignore_index=True)
    return both[["cadre_id", "name", "unit_a", "unit_b", "grade_a", "grade_b", "rank_a", "rank_b",
                 "composite_a", "composite_b", "change", "change_label"]]


def grade_counts(cadres: pd.DataFrame, scheme: Scheme | None = None) -> pd.Series:
    """How many cadres hold each grade, in the grades' order (0 where none): 优秀 … 不称职, or a quarter's
    好 … 较差 when all its grades are on that scale; any other grade (合格, 不定等次 …) after them.

    >>> grade_counts(pd.DataFrame({"grade": ["好", "较好", "好"]})).to_dict()
    {'好': 2, '较好': 1, '一般': 0, '较差': 0}
    """
    scheme = scheme or Scheme.default()
    counts = cadres.loc[cadres["grade"] != "", "grade"].value_counts()
    quarterly = [str(g) for g in scheme.section("quarterly")["grades"]]
    scale = quarterly if len(counts) and counts.index.isin(quarterly).all() else list(GRADES)
    known = [*scale, *(g for g in scheme.section("history")["grades"] if g not in scale)]
    others = [g for g in known if g not in scale and g in counts.index]
    others += [g for g in counts.index if g not in scale and g not in others]
    return counts.reindex([*scale, *others], fill_value=0).rename_axis(None).rename("count")


def comparison_table(diff: pd.DataFrame, a: str = "", b: str = "") -> pd.DataFrame:
    """A :func:`compare_versions` frame with Chinese headers, the two versions' titles (``a``, ``b``) in them."""
    labels = {k: v.format(a=a or ARCHIVE_COMPARE_COLUMNS["a"], b=b or ARCHIVE_COMPARE_COLUMNS["b"])
              for k, v in ARCHIVE_COMPARE_COLUMNS.items() if k not in ("a", "b")}
    return diff.drop(columns="change").round({"composite_a": 2, "composite_b": 2}).rename(columns=labels)
