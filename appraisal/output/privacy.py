"""Masking names and ID numbers for projection and for exports that leave the office.

A name keeps its first and last character (张*三, 欧阳**锋; a two-character
name keeps its surname: 张*); a resident ID number (身份证号, 15 or 18
characters) keeps its first 6 and last 4 (110101********1234).  Other IDs
(staff numbers) are not personal data and stay as they are.

>>> mask_names(pd.Series(["张三", "张小三", "欧阳小峰", "", "Li"])).tolist()
['张*', '张*三', '欧**峰', '', 'L*']
>>> mask_ids(pd.Series(["11010119900307123X", "GB01638"])).tolist()
['110101********123X', 'GB01638']
"""

from __future__ import annotations

import dataclasses

import pandas as pd

__all__ = ["mask_names", "mask_ids", "mask_result"]

_ID_CARD = r"\d{17}[\dXx]|\d{15}"


def _stars(counts: pd.Series) -> pd.Series:
    """'*' repeated per row, as text (also for an empty series)."""
    return pd.Series("*", index=counts.index, dtype="str").str.repeat(counts.astype("int64"))


def mask_names(names: pd.Series) -> pd.Series:
    """Names with every character but the first and last starred (two characters: the second)."""
    s = names.astype("str")
    n = s.str.len()
    middle = (n - 2).clip(lower=0)
    long = s.str.slice(0, 1) + _stars(middle) + s.str.slice(-1)
    short = s.str.slice(0, 1) + "*"
    return long.where(n > 2, short.where(n == 2, s))


def mask_ids(ids: pd.Series) -> pd.Series:
    """Resident ID numbers with the middle digits starred; other IDs unchanged."""
    s = ids.astype("str")
    card = s.str.fullmatch(_ID_CARD)
    masked = s.str.slice(0, 6) + _stars(s.str.len().sub(10).clip(lower=0)) + s.str.slice(-4)
    return masked.where(card, s)


def _mask_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    if "name" in out:
        out["name"] = mask_names(out["name"])
    if "cadre_id" in out:
        out["cadre_id"] = mask_ids(out["cadre_id"])
    return out


def mask_result(result):
    """A copy of a :class:`~appraisal.scoring.pipeline.Result` whose cadre tables show masked names and IDs.

    The cadre table, the quota ties and every table of the dataset keyed by
    cadre are masked; scores, ranks and flags are untouched (the flag
    sentences carry no names).  The input is not changed.
    """
    ds = result.dataset
    dataset = dataclasses.replace(
        ds, roster=_mask_frame(ds.roster), tasks=_mask_frame(ds.tasks), service=_mask_frame(ds.service),
        votes=_mask_frame(ds.votes), ballots=_mask_frame(ds.ballots),
        rejected=ds.rejected.assign(reason=_mask_reason(ds.rejected["reason"])))
    return dataclasses.replace(result, cadres=_mask_frame(result.cadres), ties=_mask_frame(result.ties),
                               dataset=dataset)


def _mask_reason(reasons: pd.Series) -> pd.Series:
    """Resident ID numbers quoted inside rejection reasons, masked."""
    return reasons.astype("str").str.replace(
        rf"(?<![\dXx])({_ID_CARD})(?![\dXx])",
        lambda m: m.group(1)[:6] + "*" * (len(m.group(1)) - 10) + m.group(1)[-4:], regex=True)
