"""Fiche de comité: for one committee of the scope, past or upcoming (`?committee=` in the URL), the
projects on its agenda with the figures the committee needs, and its basin's figures for the year to
date (1 January → the committee's date). Downloads: the agenda as CSV or Excel."""

import streamlit as st

if st.session_state.pop("_routed", None) is not True:  # run by itself (fresh server): the router instead
    from ui.router import run_in_place
    run_in_place()

from alize import text
from alize.metrics import records
from alize.reports import present
from alize.scope import PARAMS
from ui.auth import md_escape
from ui.common import lang, query, scope, today
from ui.downloads import brief_pdf
from ui.presenting import committee_picker
from ui.widgets import empty, metric_rows, scope_caption, table

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
st.subheader(L("brief.committee_figures"), anchor=False)
metric_rows(present.committee_tiles(brief.totals, lg))

st.subheader(text.plural("brief.agenda", len(brief.agenda), lg), anchor=False)
COLUMNS = {  # the firm, the decision, the aid and the jobs first: in view at 1280 pixels
    "company": ("field.company", "text"), "decision": ("field.decision", "decision"), "aid_eur": ("figure.aid_eur", "eur"),
    "jobs_committed": ("figure.jobs_committed", "int"), "bank_loans_eur": ("figure.bank_loans_eur", "eur"),
    "leverage": ("figure.leverage", "leverage"), "jobs_at_start": ("field.jobs_at_start", "int"),
    "competence_days": ("figure.competence_days", "num1"), "territory": ("field.territory", "text"),
    "sector": ("field.sector", "sector"), "kind": ("field.kind", "kind"),
}
stem = f"{L('brief.file')}-{info.held_on.isoformat()}"
table(brief.agenda, COLUMNS, key="brief_agenda", download=stem,
      pdf=(L("brief.download_pdf"), lambda: brief_pdf(chosen, lg, today()), f"{stem}.pdf"))
st.caption(L("brief.aid_note"))

# ---- the basin, year to date -----------------------------------------------------------------------
ytd = brief.ytd
st.subheader(md_escape(L("brief.ytd_title", basin=info.basin, year=info.held_on.year)), anchor=False)
st.caption(L("brief.ytd_caption", year=info.held_on.year, date=text.fmt_date(info.held_on, lg)))
metric_rows(present.figure_tiles(ytd, lg))

# Open the same committee in the presentation (slide 3), keeping the shared filters.
link = {k: st.query_params.get_all(k) for k in PARAMS.values() if st.query_params.get_all(k)}
st.page_link("pages/presentation.py", label=text.t("page.presentation", lg), icon=":material/slideshow:",
             query_params={**link, "committee": chosen, "slide": "3"})
