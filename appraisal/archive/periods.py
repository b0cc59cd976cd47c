"""Appraisal periods: a year's annual appraisal (年度) or one quarter of 平时考核.

>>> parse_period("2025"), parse_period("2025Q1"), parse_period("2025年第三季度")
(Period(year=2025, quarter=0), Period(year=2025, quarter=1), Period(year=2025, quarter=3))
>>> parse_period("2025年第一季度").label, Period(2025).label
('2025年第一季度', '2025年度')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import AppraisalError
from ..texts import ARCHIVE

__all__ = ["Period", "parse_period", "parse_version_ref", "QUARTER_WORDS"]

QUARTER_WORDS = ("一", "二", "三", "四")

_PERIOD = re.compile(
    r"^\s*(?P<year>\d{4})\s*(?:年度?)?\s*"
    r"(?:(?:[-_/\s]*[Qq](?P<q>[1-4]))|(?:第?(?P<qz>[一二三四1-4])季度?))?\s*$")


@dataclass(frozen=True)
class Period:
    """A period: ``quarter`` 0 is the year's annual appraisal, 1–4 a quarter of 平时考核.

    Periods sort in time order: a year's quarters, then its annual appraisal (which rests on them).
    """

    year: int
    quarter: int = 0

    def __lt__(self, other: Period) -> bool:
        return (self.year, self.quarter or 5) < (other.year, other.quarter or 5)

    @property
    def label(self) -> str:
        """How the period is written in Chinese: 2025年度, 2025年第一季度."""
        if self.quarter:
            return ARCHIVE["quarter_label"].format(year=self.year, quarter=QUARTER_WORDS[self.quarter - 1])
        return ARCHIVE["year_label"].format(year=self.year)

    def version_title(self, number: int) -> str:
        """How a saved version of the period is named: "2025年度 第2版"."""
        return ARCHIVE["version_title"].format(period=self.label, number=number)

    @property
    def kind(self) -> str:
        """"annual" or "quarterly"."""
        return "quarterly" if self.quarter else "annual"

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter}" if self.quarter else str(self.year)


def parse_period(text: str) -> Period:
    """A period from how a user writes it: ``2025``, ``2025年度``, ``2025Q1``, ``2025年第一季度``, ``2025年1季度``.

    Raises AppraisalError (Chinese) for anything else, or a year outside 1949–2200.
    """
    found = _PERIOD.match(str(text))
    if not found:
        raise AppraisalError(ARCHIVE["bad_period"].format(text=text))
    year = int(found.group("year"))
    if not 1949 <= year <= 2200:
        raise AppraisalError(ARCHIVE["bad_period"].format(text=text))
    q = found.group("q") or found.group("qz")
    quarter = 0 if q is None else (QUARTER_WORDS.index(q) + 1 if q in QUARTER_WORDS else int(q))
    return Period(year, quarter)


_REF = re.compile(r"^(?P<period>.+?)(?:\s*[:：#]\s*(?P<n>\d+)|\s*第\s*(?P<z>\d+)\s*版)?\s*$")


def parse_version_ref(text: str) -> tuple[Period, int | None]:
    """A saved version as a user names it: a period, then ``:2`` or ``第2版`` (none: the latest).

    >>> parse_version_ref("2025:2"), parse_version_ref("2025年第一季度第1版"), parse_version_ref("2024")
    ((Period(year=2025, quarter=0), 2), (Period(year=2025, quarter=1), 1), (Period(year=2024, quarter=0), None))
    """
    found = _REF.match(str(text))
    if not found:
        raise AppraisalError(ARCHIVE["bad_period"].format(text=text))
    number = found.group("n") or found.group("z")
    return parse_period(found.group("period")), None if number is None else int(number)
