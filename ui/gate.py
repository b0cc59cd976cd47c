"""The access password: the form in front of the dashboard when a hash is configured (see SECURITY.md)."""

from __future__ import annotations

import os
import time

import streamlit as st

from appraisal import AppraisalError
from appraisal.access import ENV_VAR, Throttle, verify_password
from appraisal.texts import ACCESS


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


def logout_button() -> None:
    """A logout button, when a password is configured."""
    if password_hash() and st.button(ACCESS["logout"], key="logout"):
        st.session_state["authenticated"] = False
        st.rerun()
