"""考核结果运用: the lists that follow from several years' grades, by the rules in the scheme.

The rules (``consequences.rules``) are data: each names grades and either ``consecutive`` years
(ending in the year asked for: 连续三年优秀 → 记三等功) or ``cumulative`` years (every N-th year
with such a grade: 累计两年称职以上 → 晋升一个工资档次, listed in the year that completes the count),
with its basis.  The grades come from the archive: each year's annual appraisal, its latest version.
A year not in the archive breaks a run of consecutive years: a list says only what the archive shows.
"""

from __future__ import annotations

import pandas as pd

from ..scheme import Scheme
from ..texts import CONSEQUENCE_COLUMNS, CONSEQUENCES
from .store import Archive
from .trends import yearly_results

__all__ = ["annual_grades", "with_this_year", "consequence_lists", "consequence_table"]

#: The columns of :func:`consequence_lists`, and of :func:`annual_grades`.
COLUMNS = ["rule", "cadre_id", "name", "unit", "grade", "years", "basis", "sentence"]
GRADE_COLUMNS = ["cadre_id", "year", "grade", "name", "unit"]


def annual_grades(archive: Archive) -> pd.DataFrame:
    """Each cadre's grade of each year's annual appraisal (the latest version): cadre_id, year, grade, name,
    unit (as that year's version has them).  :func:`~appraisal.archive.trends.yearly_results` does the reading;
    its frame serves :func:`consequence_lists` as it is."""
    return yearly_results(archive)[GRADE_COLUMNS]


def with_this_year(grades: pd.DataFrame, cadres: pd.DataFrame, year: int) -> pd.DataFrame:
    """The archive's grades with ``year`` taken from a result not yet saved (its cadre table) instead:
    the lists of the year being appraised, before anything is archived."""
    now = cadres[["cadre_id", "grade", "name", "unit"]].assign(year=int(year))[GRADE_COLUMNS]
    return pd.concat([grades[grades["year"] != year], now], ignore_index=True)


def consequence_lists(grades: pd.DataFrame, year: int, scheme: Scheme | None = None) -> pd.DataFrame:
    """Who each rule lists in ``year``, with the years that caused it: rule, cadre_id, name, unit, grade,
    years ("2023、2024、2025"), basis, sentence; by rule in the scheme's order, then by ID.

    ``grades``: cadre_id, year, grade, name, unit (see :func:`annual_grades`).

    >>> g = pd.DataFrame({"cadre_id": ["1"] * 3, "year": [2023, 2024, 2025], "grade": ["优秀"] * 3,
    ...                   "name": ["张三"] * 3, "unit": ["青石镇"] * 3})
    >>> out = consequence_lists(g, 2025)
    >>> out["rule"].tolist()
    ['嘉奖', '记三等功']
    >>> out["sentence"].iloc[1]
    '2023、2024、2025年度连续3年为优秀，记三等功（《公务员考核规定》（2020）第二十条）'
    """
    rules = (scheme or Scheme.default()).section("consequences")["rules"]
    upto = grades[grades["year"] <= year]
    # One row per cadre, one column per year (ascending): the grade, '' where the archive has none.
    table = upto.pivot_table(index="cadre_id", columns="year", values="grade", aggfunc="first").fillna("")
    if year not in table.columns:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in COLUMNS})
    now = upto[upto["year"] == year].drop_duplicates("cadre_id").set_index("cadre_id")
    years = list(table.columns)
    parts = []
    for rule, spec in rules.items():
        allowed = table.isin(list(spec["grades"])).to_numpy()
        this = allowed[:, years.index(year)]
        if "consecutive" in spec:
            n = int(spec["consecutive"])
            span = list(range(year - n + 1, year + 1))
            listed = this & (table.reindex(columns=span, fill_value="").isin(list(spec["grades"])).all(axis=1).to_numpy())
            shown = ["、".join(map(str, span))] * int(listed.sum())
            text = CONSEQUENCES["consecutive" if n > 1 else "this_year"]
            totals = [n] * int(listed.sum())
        else:
            n = int(spec["cumulative"])
            count = allowed.sum(axis=1)
            listed = this & (count % n == 0)
            # the years that make up this count: the last n with such a grade
            shown = ["、".join([str(y) for y, ok in zip(years, row) if ok][-n:]) for row in allowed[listed]]
            text = CONSEQUENCES["cumulative"]
            totals = count[listed].tolist()
        ids = table.index[listed]
        if not len(ids):
            continue
        basis = str(spec.get("basis", ""))
        words = "或".join(spec["grades"])
        tail = CONSEQUENCES["basis"].format(basis=basis) if basis else ""
        parts.append(pd.DataFrame({
            "rule": rule, "cadre_id": ids, "name": now.loc[ids, "name"].to_numpy(),
            "unit": now.loc[ids, "unit"].to_numpy(), "grade": now.loc[ids, "grade"].to_numpy(), "years": shown,
            "basis": basis,
            "sentence": [text.format(years=y, n=n, grades=words, rule=rule, total=t) + tail
                         for y, t in zip(shown, totals)],
        }))
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in COLUMNS})
    return pd.concat(parts, ignore_index=True)[COLUMNS].astype({c: "str" for c in COLUMNS})


def consequence_table(lists: pd.DataFrame) -> pd.DataFrame:
    """:func:`consequence_lists` with Chinese headers."""
    return lists.rename(columns=CONSEQUENCE_COLUMNS)
