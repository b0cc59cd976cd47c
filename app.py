"""干部考核分析台 · the dashboard.  Run: ``streamlit run app.py``.

Routing only: page config, the password gate, session defaults, the page
list, and which of the pages or the presentation mode is on screen.  Pages
live in ``pages/``; what they share lives in ``ui/``.
"""

from pathlib import Path

import streamlit as st

import ui
from appraisal.texts import UI

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
    UI["nav_archive"]: [
        st.Page("pages/archive.py", title=UI["page_archive"], icon=":material/inventory_2:", url_path="archive"),
        st.Page("pages/trends.py", title=UI["page_trends"], icon=":material/timeline:", url_path="trends"),
    ],
    UI["nav_settings"]: [st.Page("pages/scheme.py", title=UI["page_scheme"], icon=":material/tune:", url_path="scheme")],
}

if ui.presenting():
    st.navigation(PAGES, position="hidden")
    ui.presentation()
else:
    page = st.navigation(PAGES)
    with st.sidebar:
        ui.present_switch()
        ui.mask_switch()
        ui.logout_button()
    st.title(page.title)
    if page.url_path not in ("archive", "trends"):  # saved periods, whatever data is on screen
        ui.banner()
    page.run()
