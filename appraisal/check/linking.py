"""Linking rows that carry no ID to the roster, by name and unit.

The 好差评 platform names the person who handled a case by 承办人 and
承办部门, survey tools name the cadre in a column header, and many task
sheets have only 姓名: no HR number.  Such a row is linked to the roster
by its name, within its unit where the sheet gives one, and only when
exactly one cadre fits.  Everything else is refused with the reason, never
guessed: a name not on the roster, a unit not on the roster, two namesakes
in one unit, or namesakes in several units and no unit to tell them apart.

Names and units match after :func:`~appraisal.check.normalize.link_key`
(spaces and full-width forms folded, one middle dot); a unit written
otherwise (青石镇人民政府 for 青石镇) is named in the mapping's ``units``.

>>> roster = pd.DataFrame({"cadre_id": ["1", "2", "3", "4"], "name": ["张三", "李军", "李军", "王五"],
...                        "unit": ["青石镇", "青石镇", "青石镇", "柳河乡"]})
>>> links = link_by_name(pd.Series(["张 三", "李军", "王五", "赵六"]), pd.Series(["青石镇人民政府", "青石镇", "", ""]),
...                      roster, {"青石镇人民政府": "青石镇"})
>>> links["cadre_id"].tolist(), links["field"].tolist()
(['1', nan, '4', nan], ['', 'name', '', 'name'])
>>> links["reason"].tolist()[1]
'名册中青石镇有2名“李军”，无法确定是哪一位'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..texts import REASON
from .normalize import link_key

__all__ = ["link_by_name", "unit_keys"]


def unit_keys(aliases: dict[str, str] | None) -> dict[str, str]:
    """A mapping's unit aliases (as written → the roster's unit), both sides as link keys."""
    if not aliases:
        return {}
    written = link_key(pd.Series(list(aliases), dtype="str"))
    meant = link_key(pd.Series(list(aliases.values()), dtype="str"))
    return dict(zip(written, meant))


def link_by_name(names: pd.Series, units: pd.Series, roster: pd.DataFrame,
                 aliases: dict[str, str] | None = None) -> pd.DataFrame:
    """For each (name, unit) pair, the roster's cadre_id, or why there is none.

    ``names`` and ``units`` are clean text of the same length ('' where the
    sheet has no unit, or the cell is blank); ``roster`` has ``cadre_id``,
    ``name`` and ``unit``.  Returns one row per pair: ``cadre_id`` (NaN when
    not linked), ``field`` ("name" or "unit": the column the reason is
    about; "" when linked or the name is blank) and ``reason``.
    """
    name = link_key(names.reset_index(drop=True))
    written = link_key(units.reset_index(drop=True))
    unit = written.replace(unit_keys(aliases)) if aliases else written
    r_name, r_unit = link_key(roster["name"]).reset_index(drop=True), link_key(roster["unit"]).reset_index(drop=True)
    ids = roster["cadre_id"].reset_index(drop=True)

    by_name = r_name.value_counts()
    r_pair = r_name + "\x1f" + r_unit
    by_pair = r_pair.value_counts()
    first_of_name = pd.Series(ids.to_numpy(), index=r_name).groupby(level=0).first()
    first_of_pair = pd.Series(ids.to_numpy(), index=r_pair).groupby(level=0).first()
    pair = name + "\x1f" + unit

    n_name = name.map(by_name).fillna(0).astype("int64").to_numpy()
    n_pair = pair.map(by_pair).fillna(0).astype("int64").to_numpy()
    blank = (name == "").to_numpy()
    has_unit = (unit != "").to_numpy()
    known_unit = unit.isin(set(r_unit)).to_numpy()
    by_unit = ~blank & has_unit & known_unit & (n_pair == 1)
    alone = ~blank & ~has_unit & (n_name == 1)

    linked = pd.Series(np.nan, index=name.index, dtype=object)
    linked[by_unit] = pair[by_unit].map(first_of_pair)
    linked[alone] = name[alone].map(first_of_name)

    field = np.full(len(name), "", dtype=object)
    reason = np.full(len(name), "", dtype=object)
    cases = {
        "unit_not_on_roster": ~blank & has_unit & ~known_unit,
        "namesakes_in_unit": ~blank & has_unit & known_unit & (n_pair > 1),
        "name_not_in_unit": ~blank & has_unit & known_unit & (n_pair == 0) & (n_name > 0),
        "name_not_on_roster": ~blank & (n_name == 0) & ~(has_unit & ~known_unit),
        "namesakes": ~blank & ~has_unit & (n_name > 1),
    }
    units_of = r_unit.groupby(r_name).agg(lambda u: "、".join(dict.fromkeys(u)))
    for code, mask in cases.items():
        for i in np.flatnonzero(mask):
            n, u = name.iat[i], written.iat[i]
            reason[i] = REASON[code].format(name=n, unit=u, n=int(n_pair[i] if has_unit[i] else n_name[i]),
                                            units=units_of.get(n, ""))
            field[i] = "unit" if code == "unit_not_on_roster" else "name"
    return pd.DataFrame({"cadre_id": linked, "field": field, "reason": reason})
