"""The session's state: which files, which scheme, whether names are masked.

Uploaded bytes stay in ``st.session_state`` (one user's session) and are
never written to disk.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from appraisal import AppraisalError, Result, Scheme
from appraisal.output import mask_result
from appraisal.texts import ACCESS

SAMPLE_DIR = Path(__file__).resolve().parent.parent / "sample_data"

Files = tuple[tuple[str, bytes], ...]


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


@st.cache_data(show_spinner=False)
def scheme_from_yaml(text: str) -> Scheme:
    return Scheme.from_yaml(text)


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


def masked() -> bool:
    """Whether names and ID numbers are to be masked (presentation mode and exports)."""
    return bool(st.session_state.get("mask"))


def shown(result: Result) -> Result:
    """The result as it may leave the screen: masked when the user asked for it."""
    return mask_result(result) if masked() else result


def mask_switch() -> None:
    """The sidebar's switch for masking names and ID numbers on screen and in exports."""
    # Like presentation mode, the choice outlives its widget (hidden in presentation mode).
    st.toggle(ACCESS["mask_toggle"], value=masked(), key="mask_toggle", help=ACCESS["mask_help"],
              on_change=lambda: st.session_state.update(mask=st.session_state["mask_toggle"]))
