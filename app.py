"""The router: page config, language, shared filters bound to the URL, navigation."""

import streamlit as st

from alize import db
from ui.common import LANG_KEY, connection, lang, tr
from ui.filters import draw_filters

st.set_page_config(page_title="alIZé", page_icon="🌬️", layout="wide")

st.sidebar.segmented_control(
    "Langue / Language", ["fr", "en"], key=LANG_KEY, default="fr", bind="query-params",
    format_func=str.upper, required=True,  # the URL reads ?lang=EN
)

PAGES = [
    ("pages/overview.py", "page_overview", "vue-ensemble", ":material/dashboard:"),
    ("pages/committees.py", "page_committees", "comites", ":material/groups:"),
    ("pages/projects.py", "page_projects", "projets", ":material/work:"),
]
nav = st.navigation(
    [st.Page(path, title=tr(key), url_path=slug, icon=icon, default=(i == 0))
     for i, (path, key, slug, icon) in enumerate(PAGES)]
)

if db.is_demo(connection()):
    st.sidebar.badge(tr("demo_badge"), icon=":material/science:", color="orange")
    st.sidebar.caption(tr("demo_note"))
draw_filters()
nav.run()
