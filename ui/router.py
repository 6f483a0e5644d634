"""For a fresh server's first request: Streamlit then runs the pages/ file named like the address by
itself (its legacy multipage mode, until a script calls st.navigation), past app.py and its gate.

The pages' guard calls `run_in_place()`: the router runs within this same run, so the gate applies,
st.navigation takes over and resolves the address the user asked for (the deep link and its query
string stay; no "Page not found"). Page files are named like their addresses so that this mode
always finds them: a file named otherwise makes Streamlit answer "Page not found" first."""

from __future__ import annotations

import runpy
from pathlib import Path

import streamlit as st

APP = Path(__file__).resolve().parent.parent / "app.py"


ROUTED = "_routed"


def run_routed(nav) -> None:
    """Run the page chosen by st.navigation, with the one-run pass its guard takes (`pop`): set here,
    after the gate, so a page file run by itself in a later run never finds one left over."""
    st.session_state[ROUTED] = True
    nav.run()


def run_in_place() -> None:
    runpy.run_path(str(APP), run_name="__main__")
    st.stop()


# The default page is served at "/", and Streamlit no longer finds it by its own name ("Page not
# found" at /vue-ensemble). It is registered under a name nobody types, and its own address gets a
# hidden page running the same script. (A redirect to "/" is not possible: st.switch_page clears the
# query string, which the shared filters' URL binding forbids.)
HOME_ALIAS = "accueil"


def home_by_its_name(title: str):
    from ui.navigation import PAGES

    path, _, slug, icon = PAGES[0]
    return st.Page(path, title=title, url_path=slug, icon=icon, visibility="hidden")
