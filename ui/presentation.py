"""Presentation mode: one chart filling the screen for a leadership meeting, paged with buttons or arrow keys."""

from __future__ import annotations

import streamlit as st

from appraisal.output import meeting_slides
from appraisal.texts import UI

from .cache import result as session_result
from .state import shown
from .widgets import chart

_PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"] {display: none !important;}
.block-container {padding-top: 1rem; max-width: 100% !important;}
h1, h2, h3 {font-size: 2.6rem !important;}
p, button, label {font-size: 1.4rem !important;}
</style>
"""

_KEYS_JS = """
<script>
const doc = window.document;
if (!doc.__appraisalKeys) {
  doc.__appraisalKeys = true;
  doc.addEventListener("keydown", (e) => {
    const next = ["ArrowRight", "PageDown", " "].includes(e.key);
    const prev = ["ArrowLeft", "PageUp"].includes(e.key);
    if (!next && !prev) return;
    const label = next ? "%s" : "%s";
    const btn = Array.from(doc.querySelectorAll("button")).find((b) => b.innerText.includes(label));
    if (btn) { e.preventDefault(); btn.click(); }
  });
}
</script>
""" % (UI["next"].replace("→", "").strip(), UI["prev"].replace("←", "").strip())


def presentation() -> None:
    """One chart filling the screen, paged with buttons or the arrow keys."""
    st.markdown(_PRESENT_CSS, unsafe_allow_html=True)
    result = session_result()
    if result is None:
        st.session_state["present"] = False
        return
    slides = meeting_slides(shown(result), present=True)  # only the slide on screen is drawn
    i = min(st.session_state.get("slide", 0), len(slides) - 1)
    left, mid, right, end = st.columns([1, 2, 1, 1])
    if left.button(UI["prev"], disabled=i == 0, width="stretch"):
        st.session_state["slide"] = i - 1
        st.rerun()
    mid.markdown(f"**{UI['slide_of'].format(i=i + 1, n=len(slides))}**")
    if right.button(UI["next"], disabled=i >= len(slides) - 1, width="stretch"):
        st.session_state["slide"] = i + 1
        st.rerun()
    if end.button(UI["present_exit"], width="stretch"):
        st.session_state["present"] = False
        st.rerun()
    _, draw = slides[i]
    fig = draw()
    fig.update_layout(height=760)
    chart(fig, key=f"slide-{i}")
    st.html(_KEYS_JS, unsafe_allow_javascript=True)


def presenting() -> bool:
    """Whether the session is in presentation mode."""
    return bool(st.session_state.get("present"))


def present_switch() -> None:
    """The sidebar's switch into presentation mode (out of it: the slides' own button)."""
    # The mode lives in its own key: a widget's state is dropped while the widget is hidden.
    if st.toggle(UI["present_toggle"], value=False, key="present_toggle", help=UI["present_help"]):
        st.session_state["present"] = True
        st.session_state["slide"] = 0
        st.rerun()
