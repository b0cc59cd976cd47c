"""What every run of the dashboard does around its pages: routing, Chinese words Streamlit lacks, GC."""

from __future__ import annotations

import gc

import streamlit as st

from appraisal.texts import UI

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
