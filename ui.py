"""The dashboard's shared state: which files, which scheme, cached results, presentation mode.

Only layout helpers and caching live here; every number comes from
``appraisal``.  Uploaded bytes stay in ``st.session_state`` (one user's
session) and are never written to disk.
"""

from __future__ import annotations

import gc
import hashlib
import os
import time
from pathlib import Path

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
from appraisal.access import ENV_VAR, Throttle, verify_password
from appraisal.check import ingest_key
from appraisal.output import mask_result
from appraisal.texts import ACCESS, UI

SAMPLE_DIR = Path(__file__).parent / "sample_data"

Files = tuple[tuple[str, bytes], ...]


_FROZEN = False


def freeze_imports() -> None:
    """Keep the imported libraries' objects out of later garbage collections (once per process).

    Streamlit collects garbage in full after every script run (``runner.postScriptGC``); with
    pandas, plotly, scipy and Streamlit loaded that walked some 150,000 objects, 0.1-0.17 s
    holding the interpreter lock, while the browser waited for the run's last messages.  Those
    objects live as long as the server, so :func:`gc.freeze` moves them out of the collector's
    sight; what a run creates is still collected as before.
    """
    global _FROZEN
    if not _FROZEN:
        _FROZEN = True
        gc.collect()
        gc.freeze()


def init_state() -> None:
    """Session defaults: the sample county, the default scheme, normal (not presentation) mode."""
    ss = st.session_state
    ss.setdefault("files", None)
    if "scheme_yaml" not in ss:  # not setdefault: dumping the YAML on every run costs 20 ms
        ss["scheme_yaml"] = Scheme.default().to_yaml()
    ss.setdefault("baseline_yaml", ss["scheme_yaml"])
    ss.setdefault("mapping_yaml", "")
    ss.setdefault("present", False)
    ss.setdefault("slide", 0)
    ss.setdefault("mask", False)


@st.cache_resource(show_spinner=False)
def sample_files() -> Files:
    """The bundled sample county's files (one shared tuple of bytes, never changed)."""
    return tuple((p.name, p.read_bytes()) for p in sorted(SAMPLE_DIR.iterdir()) if p.is_file())


def current_files() -> Files:
    """The user's uploads, or the sample county when nothing is uploaded."""
    return st.session_state.get("files") or sample_files()


def using_sample() -> bool:
    return not st.session_state.get("files")


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


@st.cache_data(show_spinner=False)
def scheme_from_yaml(text: str) -> Scheme:
    return Scheme.from_yaml(text)


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


def scheme() -> Scheme:
    """The session's scheme (the default until edited or uploaded)."""
    text = st.session_state["scheme_yaml"]
    memo = st.session_state.get("_scheme")
    if memo is not None and memo[0] == text:
        return memo[1]
    try:
        s = scheme_from_yaml(text)
    except AppraisalError:
        return Scheme.default()
    st.session_state["_scheme"] = (text, s)
    return s


def set_scheme(s: Scheme) -> None:
    """Make ``s`` the session's scheme (kept as its YAML; the object is remembered, not parsed again)."""
    text = s.to_yaml()
    st.session_state["scheme_yaml"] = text
    st.session_state["_scheme"] = (text, s)


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


def banner() -> None:
    """Say whose data is on screen."""
    if using_sample():
        st.info(UI["sample_banner"], icon=":material/info:")
    else:
        names = "、".join(name for name, _ in st.session_state["files"])
        st.caption(UI["own_banner"].format(files=names))


def chart(fig, key: str | None = None, **selection):
    """Draw a plotly figure the house way (no mode bar links out, no logo).

    ``selection`` passes ``on_select``/``selection_mode`` to ``st.plotly_chart``;
    the selection event is returned (None without it).
    """
    from appraisal.output import download_options

    config = {"displaylogo": False, "modeBarButtonsToRemove": ["sendDataToCloud"],
              "toImageButtonOptions": download_options(fig)}
    return st.plotly_chart(fig, key=key, config=config, **selection)


# Rows a table sends to the browser at most; a longer one shows its head and points to the download.
TABLE_ROWS = 1000


def table_head(frame, rows: int = TABLE_ROWS, display=None) -> None:
    """Draw ``frame`` (without its index), or its first ``rows`` rows and a line saying so when longer.

    Every row of a table goes to the browser: tens of thousands make the page slow to draw and to
    scroll, and nobody reads them there.  The page offers the whole table as a download.
    ``display`` (e.g. :func:`appraisal.output.tables.ranked_table`) formats the rows shown, after the cut.
    """
    total = len(frame)
    if total > rows:
        st.caption(UI["table_head"].format(total=total, shown=rows))
        frame = frame.head(rows)
    st.dataframe(frame if display is None else display(frame), hide_index=True)


def drill_from_chart(event, cadres, by: str, pick_key: str) -> None:
    """Point the drill-down selectbox ``pick_key`` at the unit/post of a cadre clicked in a chart.

    Applied once per new click, so choosing in the selectbox afterwards still works.
    """
    ids = selected_ids(event)
    last_key = f"{pick_key}_last_click"
    if ids and ids != st.session_state.get(last_key):
        st.session_state[last_key] = ids
        hit = cadres.loc[cadres["cadre_id"] == ids[0], by]
        if not hit.empty:
            st.session_state[pick_key] = hit.iloc[0]


def selected_ids(event) -> list[str]:
    """Cadre IDs (the figures' customdata) of the points a user clicked or lassoed."""
    if not event:
        return []
    return [str(p["customdata"]) for p in event.selection.points if p.get("customdata") is not None]


@st.cache_data(show_spinner=False, max_entries=8)
def _inspect(fkey: str, ikey: str, mapping_yaml: str, _files: Files, _scheme: Scheme):
    from appraisal.check import inspect

    mapping = ColumnMapping.from_yaml(mapping_yaml) if mapping_yaml.strip() else None
    return inspect([InputFile(name, data) for name, data in _files], _scheme, mapping)


@st.cache_data(show_spinner=False, max_entries=8)
def _previews(fkey: str, ikey: str, _files: Files, _scheme: Scheme, rows: int) -> dict[tuple[str, str], object]:
    from appraisal.read import column_letter, read_grids

    def shown(cells):  # as the spreadsheet shows it: column letters, rows numbered from 1
        head = cells.head(rows).fillna("").astype("str").rename(columns=column_letter)
        return head.set_axis(head.index + 1, axis=0)

    limits = _scheme.section("reading")
    return {(g.file, g.sheet): shown(g.cells) for name, data in _files for g in read_grids(InputFile(name, data), limits)}


def preview(file: str, sheet: str, rows: int = 8):
    """The first rows of a sheet exactly as the file has them (title rows included), for the mapping step."""
    s = scheme()
    files = current_files()
    try:
        return _previews(files_key(files), ingest_key(s), files, s, rows).get((file, sheet))
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


def route() -> None:
    """Make sure a page runs inside app.py's navigation.

    With a ``pages/`` folder beside app.py, a server that has not yet run
    ``st.navigation`` serves a deep link (``/units``) in Streamlit's legacy
    multipage mode, running the page file alone.  Clear that legacy flag and
    rerun, so app.py routes the request as it does for every later one.
    Every page calls this first.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def password_hash() -> str | None:
    """The configured access-password hash: env ``APPRAISAL_PASSWORD_HASH``, else ``[access] password_hash`` in secrets."""
    if os.environ.get(ENV_VAR, "").strip():
        return os.environ[ENV_VAR].strip()
    try:
        return str(st.secrets["access"]["password_hash"]).strip() or None
    except Exception:  # no secrets.toml, or no [access] section: no password, local use
        return None


@st.cache_resource
def _throttle() -> Throttle:
    """One failure counter for every session of this server."""
    return Throttle()


def gate() -> None:
    """Stop the script behind a password form when an access password is configured and not yet given."""
    stored = password_hash()
    if stored is None or st.session_state.get("authenticated"):
        return
    st.title(ACCESS["title"])
    st.caption(ACCESS["prompt"])
    with st.form("login"):
        guess = st.text_input(ACCESS["password"], type="password", key="login_password")
        sent = st.form_submit_button(ACCESS["submit"])
    if sent:
        throttle = _throttle()
        time.sleep(throttle.delay())  # every guess waits out the recent failures
        try:
            ok = verify_password(guess, stored)
        except AppraisalError as exc:
            st.error(exc.message)
            st.stop()
        if ok:
            st.session_state["authenticated"] = True
            st.rerun()
        st.error(ACCESS["wrong"] + ACCESS["wait"].format(seconds=throttle.fail()))
    st.stop()


def masked() -> bool:
    """Whether names and ID numbers are to be masked (presentation mode and exports)."""
    return bool(st.session_state.get("mask"))


def shown(result: Result) -> Result:
    """The result as it may leave the screen: masked when the user asked for it."""
    return mask_result(result) if masked() else result


_LOCALIZE_CSS = """
<style>
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p {font-size: 0;}
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p::after {
  content: "%(button)s"; font-size: 1rem;}
[data-testid="stFileUploaderDropzoneInstructions"] span {font-size: 0;}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {content: "%(hint)s"; font-size: 0.875rem;}
</style>
"""


def localize() -> None:
    """Put Chinese words on the file uploader, whose own words Streamlit does not let us set."""
    st.markdown(_LOCALIZE_CSS % {"button": UI["uploader_button"], "hint": UI["uploader_hint"]},
                unsafe_allow_html=True)
