"""The dashboard's caches: one dataset, one set of component scores and one result per content.

Every cached function is keyed on content (the files' key, the scheme's
keys, the mapping), never on the objects, so a rerun or another session
with the same content hits the cache.  The keys of what ingest and the
component scores depend on come from the library (``ingest_key``,
``components_key``), beside the functions they name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import streamlit as st

from appraisal import (
    AppraisalError,
    ColumnMapping,
    Dataset,
    InputFile,
    Result,
    Scheme,
    ingest,
    score,
)
from appraisal.check import ingest_key
from appraisal.texts import UI

from .state import Files, current_files, scheme, scheme_from_yaml


def _key(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else p.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def files_key(files: Files) -> str:
    """A content key for a set of files (names and bytes).

    Remembered for the session's current files (the same tuple object until
    the next upload), so a rerun does not hash megabytes again.
    """
    memo = st.session_state.get("_files_key")
    if memo is not None and memo[0] is files:
        return memo[1]
    key = _key(*[x for name, data in files for x in (name, hashlib.sha256(data).hexdigest())])
    st.session_state["_files_key"] = (files, key)
    return key


# The dataset, its component scores and the results are cached as resources: one object shared by
# every rerun and session with the same content (files key, scheme key), never pickled or copied.  A
# cache_data hit unpickles a copy (7 ms for a county's result) and every stored result would carry
# its own copy of the dataset (tens of MB for a city).  Nothing changes these objects: the library's
# functions return new frames, and the pages only read them.
@st.cache_resource(show_spinner=False, max_entries=8)
def _dataset(fkey: str, ikey: str, mapping_yaml: str, _files: Files, _scheme: Scheme) -> Dataset:
    mapping = ColumnMapping.from_yaml(mapping_yaml) if mapping_yaml.strip() else None
    return ingest([InputFile(name, data) for name, data in _files], _scheme, mapping)


@st.cache_resource(show_spinner=False, max_entries=8)
def _components(fkey: str, ikey: str, mapping_yaml: str, ckey: str, _files: Files, _scheme: Scheme,
                _error_rule: str | None):
    """The component scores, cached on the dataset and ``ckey`` (:func:`appraisal.scoring.pipeline.components_key`).

    They do not depend on weights, grading or diagnostics, so a change of
    those re-scores from here.
    """
    from appraisal.scoring import components

    return components(_dataset(fkey, ikey, mapping_yaml, _files, _scheme), _scheme, _error_rule)


@st.cache_resource(show_spinner=False, max_entries=16)
def _result(fkey: str, ikey: str, mapping_yaml: str, skey: str, error_rule: str | None,
            _files: Files, _scheme: Scheme) -> Result:
    from appraisal.scoring import components_key

    dataset = _dataset(fkey, ikey, mapping_yaml, _files, _scheme)
    parts = _components(fkey, ikey, mapping_yaml, components_key(_scheme, error_rule), _files, _scheme, error_rule)
    return score(dataset, _scheme, error_rule, components=parts)


def dataset() -> Dataset | None:
    """The session's validated dataset, or None after showing why not."""
    s = scheme()
    files = current_files()
    try:
        with st.spinner(UI["loading"]):
            return _dataset(files_key(files), ingest_key(s), st.session_state["mapping_yaml"], files, s)
    except AppraisalError as exc:
        st.error(exc.message)
        return None


def result(error_rule: str | None = None, scheme_yaml: str | None = None) -> Result | None:
    """The session's scored result (cached on file contents and scheme), or None after showing why not."""
    s = scheme() if scheme_yaml is None else scheme_from_yaml(scheme_yaml)
    if error_rule == s.get("tasks", "error_rule"):
        error_rule = None  # the scheme's own rule: one cache entry, not two
    files = current_files()
    try:
        with st.spinner(UI["loading"]):
            return _result(files_key(files), ingest_key(s), st.session_state["mapping_yaml"], s.key,
                           error_rule, files, s)
    except AppraisalError as exc:
        st.error(exc.message)
        return None


@st.cache_data(show_spinner=False, max_entries=8)
def _inspect(fkey: str, ikey: str, mapping_yaml: str, _files: Files, _scheme: Scheme):
    from appraisal.check import inspect

    mapping = ColumnMapping.from_yaml(mapping_yaml) if mapping_yaml.strip() else None
    return inspect([InputFile(name, data) for name, data in _files], _scheme, mapping)


@st.cache_data(show_spinner=False, max_entries=8)
def _previews(fkey: str, ikey: str, _files: Files, _scheme: Scheme, rows: int) -> dict[tuple[str, str], object]:
    from appraisal.check import raw_previews

    return raw_previews([InputFile(name, data) for name, data in _files], _scheme, rows)


def preview(file: str, sheet: str, rows: int = 8):
    """The first rows of a sheet exactly as the file has them (title rows included), for the mapping step."""
    s = scheme()
    files = current_files()
    try:
        return _previews(files_key(files), ingest_key(s), files, s, rows).get((file, sheet))
    except AppraisalError:
        return None


def sheets_under(mapping_yaml: str):
    """What each sheet would be taken as under a proposed mapping (not yet applied), or None if unreadable."""
    s = scheme()
    files = current_files()
    try:
        with st.spinner(UI["loading"]):
            return _inspect(files_key(files), ingest_key(s), mapping_yaml, files, s)
    except AppraisalError:
        return None


def sheets():
    """What each sheet of the session's files was taken as (a DataFrame), or None after showing why not."""
    s = scheme()
    files = current_files()
    keys = (files_key(files), ingest_key(s), st.session_state["mapping_yaml"], files, s)
    try:  # the dataset, read once and cached, already says what each sheet was taken as
        with st.spinner(UI["loading"]):
            return _dataset(*keys).sheets
    except AppraisalError:
        pass  # nothing usable yet (e.g. a sheet needs mapping): recognize sheets without validating rows
    try:
        return _inspect(*keys)
    except AppraisalError as exc:
        st.error(exc.message)
        return None


# ---- what the pages build from a result: exports and the robustness analyses, cached on content.
# The result itself is not hashed (an underscore argument); the content key names it.


def content_key(result: Result) -> tuple[str, str, str]:
    """(files, scheme, mapping) naming what ``result`` was computed from; masked results apart.

    A page keeps it to know whether something it built is still for the data on screen.
    """
    fkey = files_key(current_files()) + (":masked" if st.session_state.get("mask") else "")
    return fkey, result.scheme.key, st.session_state.get("mapping_yaml", "")


@st.cache_data(show_spinner=False, max_entries=4)
def _workbook(fkey: str, skey: str, mapping: str, county: str, year: int | None, extra: dict | None,
              _result: Result) -> bytes:
    from appraisal.output import workbook_bytes

    return workbook_bytes(_result, county or None, year, extra)


@st.cache_data(show_spinner=False, max_entries=4)
def _deck(fkey: str, skey: str, mapping: str, county: str, year: int | None, _result: Result) -> bytes:
    from appraisal.output import deck_bytes

    return deck_bytes(_result, county or None, year)


@st.cache_data(show_spinner=False, max_entries=4)
def _pdf(fkey: str, skey: str, mapping: str, county: str, year: int | None, _result: Result) -> bytes:
    from appraisal.output import report_pdf

    return report_pdf(_result, county or None, year, deck=_deck(fkey, skey, mapping, county, year, _result))


@st.cache_data(show_spinner=False, max_entries=4)
def _charts(fkey: str, skey: str, mapping: str, _result: Result) -> bytes:
    from appraisal.output import chart_zip, meeting_figures

    return chart_zip(meeting_figures(_result, present=True))


def workbook_file(result: Result, county: str, year: int | None, extra: dict | None = None) -> Callable[[], bytes]:
    """The ranked workbook, built when called (a download button's ``data``: on click, not every run);
    ``extra``: further sheets (the year's 考核结果运用 and 平时考核 from the archive)."""
    key = content_key(result)
    return lambda: _workbook(*key, county, year, extra, result)


def deck_file(result: Result, county: str, year: int | None) -> Callable[[], bytes]:
    """The meeting deck (.pptx), built when called."""
    key = content_key(result)
    return lambda: _deck(*key, county, year, result)


def pdf_file(result: Result, county: str, year: int | None) -> Callable[[], bytes]:
    """The meeting report (PDF of the deck), built when called."""
    key = content_key(result)
    return lambda: _pdf(*key, county, year, result)


def charts_file(result: Result) -> Callable[[], bytes]:
    """The meeting charts as a zip of images, built when called."""
    key = content_key(result)
    return lambda: _charts(*key, result)


@st.cache_data(show_spinner=False, max_entries=4)
def _bootstrap(fkey: str, skey: str, mapping_yaml: str, _result: Result):
    from appraisal.analysis import bootstrap_ranks
    from appraisal.texts import ROBUST_UI

    # The bar lives inside the cached function, so a cache hit replays it (already full, then removed).
    bar = st.progress(0.0, text=ROBUST_UI["running"])
    boot = bootstrap_ranks(
        _result, progress=lambda x: bar.progress(min(float(x), 1.0), text=ROBUST_UI["running"]))
    bar.empty()
    return boot


@st.cache_data(show_spinner=False, max_entries=4)
def _sensitivity(fkey: str, skey: str, mapping_yaml: str, _result: Result):
    from appraisal.analysis import weight_sensitivity

    return weight_sensitivity(_result)


@st.cache_data(show_spinner=False, max_entries=4)
def _agreement(fkey: str, skey: str, mapping_yaml: str, _result: Result):
    from appraisal.analysis import rater_agreement

    return rater_agreement(_result.dataset, _result.scheme)


@st.cache_data(show_spinner=False, max_entries=4)
def _bias(fkey: str, skey: str, mapping_yaml: str, _result: Result):
    from appraisal.analysis import group_bias, straight_lining, unit_bias

    d, s = _result.dataset, _result.scheme
    return group_bias(d, s), unit_bias(d, s), straight_lining(d, s)


def rank_uncertainty(result: Result):
    """:func:`appraisal.analysis.bootstrap_ranks` of the result, with a progress bar the first time."""
    return _bootstrap(*content_key(result), result)


def weight_robustness(result: Result):
    """:func:`appraisal.analysis.weight_sensitivity` of the result."""
    return _sensitivity(*content_key(result), result)


def agreement(result: Result):
    """:func:`appraisal.analysis.rater_agreement` of the result's dataset."""
    return _agreement(*content_key(result), result)


def rater_bias(result: Result):
    """(group bias, unit bias, straight-lining) of the result's dataset."""
    return _bias(*content_key(result), result)
