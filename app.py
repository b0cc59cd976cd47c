"""干部考核分析台 · the dashboard.  Run: ``streamlit run app.py``.

Routing only: page config, session defaults, the page list and the
presentation mode switch.  Pages live in ``pages/``.
"""

from pathlib import Path

import streamlit as st

import ui
from appraisal.output import meeting_slides
from appraisal.texts import ACCESS, UI

ui.freeze_imports()
st.set_page_config(page_title=UI["app_title"], page_icon=str(Path(__file__).parent / "static" / "favicon.png"), layout="wide")
ui.localize()
ui.gate()
ui.init_state()

# Each url_path equals its file's name: a server's first session runs in Streamlit's legacy
# pages/ mode, which finds a deep link's page by file name (see ui.route).
PAGES = {
    UI["nav_data"]: [st.Page("pages/import_data.py", title=UI["page_import"], icon=":material/upload_file:", url_path="import_data")],
    UI["nav_analysis"]: [
        st.Page("pages/overview.py", title=UI["page_overview"], icon=":material/dashboard:", url_path="overview", default=True),
        st.Page("pages/units.py", title=UI["page_units"], icon=":material/location_city:", url_path="units"),
        st.Page("pages/posts.py", title=UI["page_posts"], icon=":material/work:", url_path="posts"),
        st.Page("pages/inversion.py", title=UI["page_inversion"], icon=":material/balance:", url_path="inversion"),
        st.Page("pages/leader_mass.py", title=UI["page_leader"], icon=":material/groups:", url_path="leader_mass"),
        st.Page("pages/robustness.py", title=UI["page_robustness"], icon=":material/verified:", url_path="robustness"),
    ],
    UI["nav_people"]: [
        st.Page("pages/profile.py", title=UI["page_profile"], icon=":material/badge:", url_path="profile"),
        st.Page("pages/ranking.py", title=UI["page_ranking"], icon=":material/leaderboard:", url_path="ranking"),
    ],
    UI["nav_settings"]: [st.Page("pages/scheme.py", title=UI["page_scheme"], icon=":material/tune:", url_path="scheme")],
}

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


def _presentation() -> None:
    """One chart filling the screen, paged with buttons or the arrow keys."""
    st.markdown(_PRESENT_CSS, unsafe_allow_html=True)
    result = ui.result()
    if result is None:
        st.session_state["present"] = False
        return
    slides = meeting_slides(ui.shown(result), present=True)  # only the slide on screen is drawn
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
    ui.chart(fig, key=f"slide-{i}")
    st.html(_KEYS_JS, unsafe_allow_javascript=True)


if st.session_state["present"]:
    st.navigation(PAGES, position="hidden")
    _presentation()
else:
    page = st.navigation(PAGES)
    with st.sidebar:
        # The mode lives in its own key: a widget's state is dropped while the widget is hidden.
        if st.toggle(UI["present_toggle"], value=False, key="present_toggle", help=UI["present_help"]):
            st.session_state["present"] = True
            st.session_state["slide"] = 0
            st.rerun()
        # Like the mode, the masking choice outlives its widget (hidden in presentation mode).
        st.toggle(ACCESS["mask_toggle"], value=ui.masked(), key="mask_toggle", help=ACCESS["mask_help"],
                  on_change=lambda: st.session_state.update(mask=st.session_state["mask_toggle"]))
        if ui.password_hash() and st.button(ACCESS["logout"], key="logout"):
            st.session_state["authenticated"] = False
            st.rerun()
    st.title(page.title)
    ui.banner()
    page.run()
