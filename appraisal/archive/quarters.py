"""平时考核: each cadre's quarters beside the year, the 好 share per unit, and what 优秀 asks of the quarters.

A quarter is an archived period of its own (scored with :func:`~appraisal.scoring.as_quarter`, or
imported as grades).  Its grades are ``quarterly.grades`` (好/较好/一般/较差 by default).  Under 公务员法
art. 36 the annual appraisal rests on the regular one; many local rules ask, for 优秀, that 好 be the
quarter's grade in at least half of the year's quarters (``quarterly.excellent_min_good_share``) and
that none be 一般 or 较差 (``quarterly.excellent_bars``).  A cadre graded 优秀 who fails it is listed
with a sentence naming the quarters (``quarterly.excellent_rule`` turns the check off).  Nothing is
changed: the committee decides.

The quarters counted are those the archive holds for the year; a cadre without a grade in one of them
has no 好 there, and the sentence says so.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..scheme import GRADES, Scheme
from ..scoring import quota_of
from ..texts import QUARTER_COLUMNS, QUARTERS, YES_NO
from .periods import QUARTER_WORDS, Period
from .store import Archive
from .trends import latest_results

__all__ = ["quarterly_grades", "good_shares", "quarter_check", "quarter_table", "share_table", "over_quota",
           "year_cadres", "COLUMNS", "QUARTER_GRADE_COLUMNS"]

#: The columns of :func:`quarterly_grades`.
QUARTER_GRADE_COLUMNS = ["cadre_id", "year", "quarter", "grade", "name", "unit"]
#: The columns of :func:`quarter_check`: q1–q4 are the quarters' grades ('' where none).
COLUMNS = ["cadre_id", "name", "unit", "grade", "q1", "q2", "q3", "q4", "meets", "sentence"]


def quarterly_grades(archive: Archive) -> pd.DataFrame:
    """Each cadre's grade in each archived quarter (its latest version): cadre_id, year, quarter, grade, name, unit."""
    return latest_results(archive, quarterly=True)[QUARTER_GRADE_COLUMNS]


def good_shares(quarters: pd.DataFrame, scheme: Scheme | None = None) -> pd.DataFrame:
    """Per quarter and unit: year, quarter, unit, n, good (cadres graded 好), places (the 好 quota,
    floor(``quarterly.good_quota`` × n)), share (good ÷ n) and over (more 好 than places).

    A scored quarter never goes over (the quota is applied); imported grades may, and are shown so.

    >>> q = pd.DataFrame({"year": 2025, "quarter": 1, "unit": "甲", "grade": ["好", "好", "较好", "较好", "一般"]})
    >>> print(good_shares(q).to_string(index=False))
     year  quarter unit  n  good  places  share  over
     2025        1    甲  5     2       2    0.4 False
    """
    s = (scheme or Scheme.default()).section("quarterly")
    top = str(s["grades"][0])
    counted = quarters.assign(good=quarters["grade"] == top)
    out = counted.groupby(["year", "quarter", "unit"], sort=True).agg(n=("good", "size"), good=("good", "sum"))
    out = out.reset_index()
    out["places"] = quota_of(out["n"].to_numpy(), float(s["good_quota"]))
    out["share"] = out["good"] / out["n"]
    out["over"] = out["good"] > out["places"]
    return out.astype({"n": "int64", "good": "int64", "places": "int64", "over": "bool"})


def over_quota(quarters: pd.DataFrame, scheme: Scheme | None = None) -> list[str]:
    """A sentence per quarter and unit with more 好 than the quota allows (imported grades are kept as they
    are; the sentence says so).  Rows of the annual appraisal (quarter 0) and rows without a unit are not counted.

    >>> q = pd.DataFrame({"year": 2025, "quarter": 1, "unit": "甲", "grade": ["好", "好", "较好", "一般"]})
    >>> over_quota(q)
    ['2025年第一季度 甲：“好”等次2人（4人中占50%），超过名额1人（40%）；按原样导入。']
    """
    s = (scheme or Scheme.default()).section("quarterly")
    rows = quarters[(quarters["quarter"] > 0) & (quarters["unit"] != "")]
    shares = good_shares(rows, scheme)
    return [QUARTERS["over"].format(period=Period(int(r.year), int(r.quarter)).label, unit=r.unit, top=s["grades"][0],
                                    good=r.good, n=r.n, share=f"{r.share:.0%}", places=r.places,
                                    quota=f"{float(s['good_quota']):.0%}")
            for r in shares[shares["over"]].itertuples()]


def _quarter_list(numbers: list[int]) -> str:
    """第一、第三季度: quarters named as a user writes them."""
    return "、".join(f"第{QUARTER_WORDS[q - 1]}" for q in numbers) + "季度"


def year_cadres(yearly: pd.DataFrame, quarters: pd.DataFrame, year: int) -> tuple[pd.DataFrame, bool]:
    """The cadres of ``year`` to set beside their quarters: (the year's annual results, True), or, before the
    annual appraisal is saved, (each cadre of the year's quarters, as last seen, with no grade; False).

    ``yearly``: :func:`~appraisal.archive.yearly_results`; ``quarters``: :func:`quarterly_grades`.
    """
    annual = yearly[yearly["year"] == year]
    if not annual.empty:
        return annual, True
    mine = quarters[quarters["year"] == year].sort_values("quarter", kind="stable")
    return mine.drop_duplicates("cadre_id", keep="last").assign(grade="").sort_values(["unit", "cadre_id"]), False


def quarter_check(annual: pd.DataFrame, quarters: pd.DataFrame, year: int,
                  scheme: Scheme | None = None) -> pd.DataFrame:
    """The year's cadres with their quarters and the 优秀 rule: one row per cadre of ``annual``
    (cadre_id, name, unit, grade: the year's result) — cadre_id, name, unit, grade, q1–q4 (the quarter's
    grade, '' where the archive has none), meets (False for a 优秀 cadre failing the rule, else True) and
    sentence (why, for those failing).  ``quarters``: :func:`quarterly_grades`.  Without quarters of
    ``year`` in the archive, or with the rule off, every cadre meets it.

    >>> a = pd.DataFrame({"cadre_id": ["1", "2"], "name": ["张三", "李四"], "unit": "甲", "grade": ["优秀", "优秀"]})
    >>> q = pd.DataFrame({"cadre_id": ["1", "1", "2", "2"], "year": 2025, "quarter": [1, 2, 1, 2],
    ...                   "grade": ["好", "较好", "好", "一般"], "name": "", "unit": "甲"})
    >>> out = quarter_check(a, q, 2025)
    >>> out["meets"].tolist()
    [True, False]
    >>> out["sentence"].iloc[1]
    '2025年度考核为优秀，但平时考核第二季度为一般（档案中该年有2个季度，为“好”的1个；优秀要求至少1个季度为“好”，且没有一般、较差）'
    """
    s = (scheme or Scheme.default()).section("quarterly")
    words = [str(g) for g in s["grades"]]
    bars = [str(b) for b in s["excellent_bars"]]
    mine = quarters[quarters["year"] == year]
    held = sorted(int(q) for q in mine["quarter"].unique())
    wide = (mine.pivot_table(index="cadre_id", columns="quarter", values="grade", aggfunc="first")
            .reindex(index=annual["cadre_id"], columns=[1, 2, 3, 4]).astype(object).fillna(""))
    out = annual[["cadre_id", "name", "unit", "grade"]].reset_index(drop=True)
    for q in (1, 2, 3, 4):
        out[f"q{q}"] = wide[q].to_numpy(dtype="str")
    grid = wide[held].to_numpy(dtype="str") if held else np.empty((len(out), 0), dtype="str")
    good = (grid == words[0]).sum(axis=1)
    needed = math.ceil(float(s["excellent_min_good_share"]) * len(held) - 1e-9)
    barred = np.isin(grid, bars).any(axis=1) if bars else np.zeros(len(out), dtype=bool)
    checked = bool(s["excellent_rule"]) and bool(held)
    failing = checked & (out["grade"].to_numpy(dtype="str") == GRADES[0]) & ((good < needed) | barred)
    out["meets"] = ~failing
    sentences = np.full(len(out), "", dtype=object)
    for i in np.flatnonzero(failing):
        row = dict(zip(held, grid[i]))
        parts = []
        for word in [*words[1:], ""]:  # 较好, 一般, 较差, then quarters with no grade
            qs = [q for q in held if row[q] == word]
            if qs:
                parts.append(QUARTERS["was" if word else "none"].format(quarters=_quarter_list(qs), grade=word))
        sentences[i] = QUARTERS["sentence"].format(
            year=year, grade=GRADES[0], parts="，".join(parts), n=len(held), good=int(good[i]), top=words[0],
            needed=needed, bars="、".join(bars) or QUARTERS["no_bars"])
    out["sentence"] = pd.array(sentences.tolist(), dtype="str")
    return out[COLUMNS]


def quarter_table(checked: pd.DataFrame) -> pd.DataFrame:
    """:func:`quarter_check` with Chinese headers (the quarters as 第一季度 … 第四季度, 符合 as 是/否)."""
    return checked.assign(meets=checked["meets"].map(YES_NO)).rename(columns=QUARTER_COLUMNS)


def share_table(shares: pd.DataFrame) -> pd.DataFrame:
    """:func:`good_shares` with Chinese headers and the period as 2025年第一季度."""
    label = [Period(int(y), int(q)).label for y, q in zip(shares["year"], shares["quarter"])]
    out = shares.drop(columns=["year", "quarter"]).assign(share=(shares["share"] * 100).round(1),
                                                          over=shares["over"].map(YES_NO))
    out.insert(0, "period", label)
    return out.rename(columns=QUARTER_COLUMNS)
