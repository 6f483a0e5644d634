"""The router: page config, language, shared filters bound to the URL, navigation."""

import streamlit as st

from alize.store import db
from ui import auth, style
from ui.common import LANG_KEY, lang, records_or_stop, run_page, tr
from ui.filters import draw_filters
from ui.navigation import PAGES
from ui.router import HOME_ALIAS, home_by_its_name, run_routed

st.set_page_config(page_title="alIZé", page_icon="🌬️", layout="wide")
auth.configure_db_from_secrets()  # [alize] db in secrets → ALIZE_DB, before the first connection
auth.configure_smtp_from_secrets()  # [alize.smtp] → ALIZE_SMTP_* (the Envois page's test message)
auth.install_upload_guard()  # once per process: uploads refused (403) unless gate() marked the session an editor


# Pages above the user's role (auth.PAGE_ROLES) are not registered: at their address, hidden from the
# menu, stands a refusal (« Page réservée aux éditeurs »). The menu stays hidden until sign-in.
DENIED = {slug for _, key, slug, _ in PAGES if not auth.allowed(key)}
nav = st.navigation(
    [st.Page(path, title=tr(key), url_path=slug if i else HOME_ALIAS, icon=icon, default=(i == 0))
     if slug not in DENIED else st.Page(auth.refusal_page(key), title=tr(key), url_path=slug, visibility="hidden")
     for i, (path, key, slug, icon) in enumerate(PAGES)] + [home_by_its_name(tr(PAGES[0][1]))],
    position=auth.nav_position(), expanded=True,  # every page listed: no English "View 3 more"
)
# Drawn after st.navigation: Streamlit ties a URL-bound widget to the page it was drawn under, and a
# fresh server's first run (its legacy pages/ mode) would otherwise drop ?lang on the next page change.
st.sidebar.segmented_control(
    "Langue / Language", ["fr", "en"], key=LANG_KEY, default="fr", bind="query-params",
    format_func=str.upper, required=True,  # the URL reads ?lang=EN
)
style.language(lang())  # <html lang>, and Streamlit's own words in French
# Presentation mode: full width, sidebar folded away (the filters stay in it, bound to the URL).
st.set_page_config(initial_sidebar_state="collapsed" if nav.url_path == "presentation" else "auto")
auth.gate()  # signed out: the sign-in screen, then st.stop() — nothing below reads the records before
if nav.url_path in DENIED:  # a page above the role, opened by its address: the refusal and nothing else
    run_routed(nav)
    st.stop()
auth.ephemeral_warning()
records = records_or_stop()  # this run's version of the records; a broken store: its message, nothing else

if db.is_demo(records):
    # the badge and its note as one element (docs/benchmark.md, "Feel": each is rendered again at every run)
    st.sidebar.caption(f":orange-badge[:material/science: {tr('app.demo_badge')}]\n\n{tr('app.demo_note')}")
auth.check_query_params(auth.url_allowed_values())  # unknown URL values: a notice (widgets drop them)
auth.check_url_records()  # ?committee= / ?project= of another basin: dropped, with a notice
draw_filters()
run_page(nav)
