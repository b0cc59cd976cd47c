"""Widgets drawn the house way: the data banner, charts, long tables, clicks on charts."""

from __future__ import annotations

import streamlit as st

from appraisal.texts import UI

from .state import using_sample


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
