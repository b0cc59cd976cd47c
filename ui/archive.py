"""The archive as the dashboard uses it: where it is (shown, changeable), opened once per location.

Saving is always a click (排名与导出 → 保存到考核档案), never automatic; the 考核档案 page lists
and compares what was saved.  The archive keeps the unmasked result: it is the office's record.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from appraisal import AppraisalError, InputFile, Result
from appraisal.archive import Archive, Period, default_location, open_archive
from appraisal.texts import UI

from .state import current_files

#: A SQLite archive chosen in the dashboard is a file of one of these kinds (a URL for PostgreSQL).
ARCHIVE_SUFFIXES = (".sqlite3", ".sqlite", ".db")


def archive_location() -> str:
    """The session's archive location: the one chosen on the 考核档案 page, else the default."""
    return st.session_state.get("archive_location") or default_location()


def set_archive_location(text: str) -> str | None:
    """Choose another archive for this session; returns why not (Chinese) or None."""
    text = text.strip()
    if not text:
        st.session_state.pop("archive_location", None)
        return None
    if "://" not in text and Path(text).suffix.lower() not in ARCHIVE_SUFFIXES:
        return UI["archive_location_bad"].format(suffixes="、".join(ARCHIVE_SUFFIXES))
    try:
        _open(text)
    except AppraisalError as exc:
        return exc.message
    st.session_state["archive_location"] = text
    return None


@st.cache_resource(show_spinner=False, max_entries=4)
def _open(location: str) -> Archive:
    return open_archive(location)


def archive() -> Archive | None:
    """The session's archive, opened (and migrated) once per location; None after showing why not."""
    try:
        return _open(archive_location())
    except AppraisalError as exc:
        st.error(exc.message)
        return None


def _marker(opened: Archive) -> tuple:
    """The archive's state: its list of versions (a save adds one; nothing is ever changed in place)."""
    listed = opened.versions()
    return tuple(zip(map(str, listed["period"]), listed["number"]))


def cached_yearly(opened: Archive):
    """Every year's annual results from ``opened`` (:func:`appraisal.archive.yearly_results`), read once per
    state of the archive (its list of versions), not on every run of a page."""
    return _latest(opened.location, _marker(opened), False, opened).drop(columns="quarter")


def cached_quarterly(opened: Archive):
    """Every archived quarter's grades (:func:`appraisal.archive.quarterly_grades`), read once per state of
    the archive."""
    from appraisal.archive import QUARTER_GRADE_COLUMNS

    return _latest(opened.location, _marker(opened), True, opened)[QUARTER_GRADE_COLUMNS]


@st.cache_data(show_spinner=False, max_entries=8)
def _latest(location: str, marker: tuple, quarterly: bool, _opened: Archive):
    from appraisal.archive import latest_results

    return latest_results(_opened, quarterly=quarterly)


def cached_this_year(opened: Archive, result: Result, year: int):
    """:func:`appraisal.archive.this_year` for the session's result as ``year``: worked out once per state of the
    archive and of the result (about 30 ms for the 2000-cadre sample), not on every run of 排名与导出."""
    from .cache import content_key

    return _this_year(opened.location, _marker(opened), content_key(result), int(year), result, opened)


@st.cache_data(show_spinner=False, max_entries=8)
def _this_year(location: str, marker: tuple, rkey: tuple, year: int, _result: Result, _opened: Archive):
    from appraisal.archive import this_year

    return this_year(cached_yearly(_opened), cached_quarterly(_opened), _result.cadres, year, _result.scheme)


def cached_version(opened: Archive, period: Period, number: int):
    """One saved version (:meth:`Archive.load`), read once: a saved version never changes.  Raises AppraisalError."""
    return _version(opened.location, period, number, opened)


@st.cache_data(show_spinner=False, max_entries=16)
def _version(location: str, period: Period, number: int, _opened: Archive):
    return _opened.load(period, number)


@st.cache_data(show_spinner=False, max_entries=4)
def _history(files: tuple[tuple[str, bytes], ...], year: int | None, scheme_yaml: str):
    from appraisal import Scheme
    from appraisal.check import read_history

    return read_history([InputFile(name, data) for name, data in files], Scheme.from_yaml(scheme_yaml), year=year)


def history_of(files: tuple[tuple[str, bytes], ...], year: int | None):
    """Earlier years' grades read from uploaded files (:func:`appraisal.check.read_history`), cached on their
    bytes; None after showing why not."""
    from .state import scheme

    try:
        return _history(files, year, scheme().to_yaml())
    except AppraisalError as exc:
        st.error(exc.message)
        return None


def save_result(result: Result, period: Period, reason: str, saved_by: str, keep_files: bool) -> int:
    """Save the session's result as the next version of ``period``; its number.  Raises AppraisalError."""
    opened = _open(archive_location())
    files = [InputFile(name, data) for name, data in current_files()]
    return opened.save(result, period, reason=reason, saved_by=saved_by, files=files, keep_files=keep_files,
                       mapping_yaml=st.session_state.get("mapping_yaml", ""))
