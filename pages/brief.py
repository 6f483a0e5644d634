"""Fiche de comité: for one committee of the scope, past or upcoming (`?committee=` in the URL), the
projects on its agenda with the figures the committee needs, and its basin's figures for the year to
date (1 January → the committee's date). Downloads: the agenda as CSV or Excel."""

import streamlit as st

if st.session_state.get("_routed") is not True:  # a first request straight to this page: through app.py and its gate
    st.switch_page("app.py")

from alize import text
from alize.metrics import records
from alize.reports import present
from alize.scope import PARAMS
from ui.auth import md_escape
from ui.common import lang, query, scope, today
from ui.downloads import table_downloads
from ui.presenting import committee_picker
from ui.widgets import empty, scope_caption, table

lg, sc = lang(), scope()


def L(key: str, **fields) -> str:
    return present.label(key, lg, **fields)


st.title(L("page.brief"))
scope_caption(sc)

held = query(records.committees, sc)
if held.empty:
    empty()
    st.stop()
chosen = committee_picker(held)
if not chosen:
    st.stop()

brief = query(present.committee_brief, chosen)
info = brief.info
title = L("brief.committee_title", date=text.fmt_date(info.held_on, lg), basin=info.basin)
st.header(md_escape(title), anchor=False)
if brief.is_upcoming(today()):
    st.badge(L("brief.upcoming"), icon=":material/event_upcoming:", color="blue")
if info.place:
    st.caption(md_escape(L("brief.committee_place", place=info.place)))

# ---- the committee ---------------------------------------------------------------------------------
tot = brief.totals
st.subheader(L("brief.committee_figures"), anchor=False)
COMMITTEE = [
    (text.t("figure.projects_studied", lg), text.fmt_number(tot["projects_studied"], 0, lg)),
    (text.t("figure.projects_retained", lg), text.fmt_number(tot["projects_retained"], 0, lg)),
    (L("figure.aid_granted"), text.fmt_eur(tot["aid_eur"], lg)),
    (L("figure.bank_loans"), text.fmt_eur(tot["bank_loans_eur"], lg)),
    (L("figure.leverage"), text.fmt_number(tot["leverage"], 1, lg)),
    (text.t("figure.jobs_committed", lg), text.fmt_number(tot["jobs_committed"], 0, lg))]
for row in (COMMITTEE[:3], COMMITTEE[3:]):
    for col, (name, value) in zip(st.columns(3), row):
        col.metric(name, value, border=True)

st.subheader(L("brief.agenda_count", n=len(brief.agenda)), anchor=False)
COLUMNS = {
    "company": ("field.company", "text"), "territory": ("field.territory", "text"), "sector": ("field.sector", "sector"),
    "kind": ("field.kind", "kind"), "decision": ("field.decision", "decision"), "aid_eur": ("figure.aid_eur", "eur"),
    "bank_loans_eur": ("figure.bank_loans_eur", "eur"), "leverage": ("figure.leverage", "num1"),
    "jobs_at_start": ("field.jobs_at_start", "int"), "jobs_committed": ("figure.jobs_committed", "int"),
    "competence_days": ("figure.competence_days", "num1"),
}
table(brief.agenda, COLUMNS, key="brief_agenda")
st.caption(L("brief.aid_note"))
labels = {c: text.t(k, lg) for c, (k, _) in COLUMNS.items()}
table_downloads(brief.agenda[list(COLUMNS)], f"{L('brief.file')}-{info.held_on.isoformat()}", labels=labels,
                key="brief_agenda_dl")

# ---- the basin, year to date -----------------------------------------------------------------------
ytd = brief.ytd
st.subheader(md_escape(L("brief.ytd_title", basin=info.basin, year=info.held_on.year)), anchor=False)
st.caption(L("brief.ytd_caption", year=info.held_on.year, date=text.fmt_date(info.held_on, lg)))
days = ytd.competence_days
YTD = [
    (text.t("figure.committees", lg), text.fmt_number(ytd.committees, 0, lg)),
    (text.t("figure.projects_studied", lg), text.fmt_number(ytd.projects_studied, 0, lg)),
    (text.t("figure.projects_retained", lg), text.fmt_number(ytd.projects_retained, 0, lg)),
    (text.t("figure.competence_days", lg), text.fmt_number(days, 0 if float(days).is_integer() else 1, lg)),
    (text.t("figure.aid_eur", lg), text.fmt_eur(ytd.aid_eur, lg)),
    (text.t("figure.jobs_committed", lg), text.fmt_number(ytd.jobs_committed, 0, lg))]
for row in (YTD[:3], YTD[3:]):
    for col, (name, value) in zip(st.columns(3), row):
        col.metric(name, value, border=True)

# Open the same committee in the presentation (slide 3), keeping the shared filters.
link = {k: st.query_params.get_all(k) for k in PARAMS.values() if st.query_params.get_all(k)}
st.page_link("pages/slides.py", label=text.t("page.presentation", lg), icon=":material/slideshow:",
             query_params={**link, "committee": chosen, "slide": "3"})
