"""Projets: a searchable, sortable list of the scope's projects and the card of the one selected."""

import streamlit as st

if st.session_state.pop("_routed", None) is not True:  # run by itself (fresh server): the router instead
    from ui.router import run_in_place
    run_in_place()

from alize import text
from alize.metrics import records
from alize.reports import charts
from ui.common import figure, lang, query, scope, tr
from ui.widgets import back_link, chart, empty, scope_caption, selected_row, table

lg, sc = lang(), scope()
st.title(tr("page.projects"))
back_link()  # opened from a chart: the way back to it
scope_caption(sc)

search = st.text_input(tr("projects.search"), key="q", bind="query-params", placeholder=tr("projects.search_hint"))
found = query(records.projects, sc, search or "")
if found.empty:
    empty("projects.none_found" if search else "common.empty_scope")
    st.stop()
matches = found.attrs.get("matches", len(found))
if matches > len(found):
    st.caption(tr("projects.found_cut", n=text.fmt_number(matches, 0, lg), shown=text.fmt_number(len(found), 0, lg)))
else:
    st.caption(tr("projects.found", n=text.fmt_number(matches, 0, lg)))

event = table(found, {  # what a reader looks for first: the firm, the decision, the aid, the jobs
    "company": ("field.company", "text"), "decision": ("field.decision", "decision"), "aid_eur": ("figure.aid_eur", "eur"),
    "jobs_committed": ("figure.jobs_committed", "int"), "committee_on": ("field.committee_date", "date"),
    "basin": ("field.basin", "text"), "territory": ("field.territory", "text"), "commune": ("field.commune", "text"),
    "sector": ("field.sector", "sector"), "kind": ("field.kind", "kind"),
    "competence_days": ("figure.competence_days", "num1"),
}, key="projects_table", download="projets", select=True)
row = selected_row(event, found)
chosen = row["project"] if row is not None else st.query_params.get("project")
if row is not None:
    st.query_params["project"] = chosen
if not chosen or chosen not in set(found["project"]):
    st.caption(tr("projects.pick"))
    st.stop()

card = query(records.project_card, chosen)
info = card.info
st.subheader(f"{info['company']} — {text.value_label(info['decision'], lg)}")
st.caption(" · ".join([
    info["project"], info["basin"], info["territory"] + (f" ({info['commune']})" if info["commune"] else ""),
    text.sector_label(info["sector"], lg), text.value_label(info["kind"], lg),
    tr("projects.committee_of", date=text.fmt_date(info["committee_on"].date(), lg)),
]))
cols = st.columns(5)
cols[0].metric(tr("figure.aid_eur"), text.fmt_eur(info["aid_eur"], lg))
cols[1].metric(tr("figure.bank_loans_eur"), text.fmt_eur(info["bank_loans_eur"], lg))
cols[2].metric(tr("field.jobs_at_start"), text.fmt_number(info["jobs_at_start"], 0, lg))
cols[3].metric(tr("figure.jobs_committed"), text.fmt_number(info["jobs_committed"], 0, lg))
cols[4].metric(tr("fund.outstanding_eur"), text.fmt_eur(card.outstanding_eur, lg))
if info["closed_on"] is not None and str(info["closed_on"]) != "NaT":
    st.warning(tr("projects.firm_closed", date=text.fmt_date(info["closed_on"].date(), lg)))

left, right = st.columns(2)
with left:
    if card.followups.empty:
        st.info(tr("projects.no_followup"))
    else:
        chart(figure(charts.lines, card.followups, "observed_on", [("jobs", tr("projects.headcount"))],
                     tr("projects.followup_curve"), lg, unit_label=tr("common.jobs").lower()), key="followup_curve")
with right:
    st.markdown(f"**{tr('projects.missions')}**")
    if card.missions.empty:
        st.caption(tr("projects.no_mission"))
    else:
        table(card.missions, {"started_on": ("field.started_on", "date"), "partner": ("field.partner", "text"),
                              "theme": ("field.theme", "theme"), "days": ("figure.competence_days", "num1")}, key="missions", download="missions")
    st.markdown(f"**{tr('projects.repayments')}**")
    if card.repayments.empty:
        st.caption(tr("projects.no_repayment"))
    else:
        table(card.repayments, {"paid_on": ("field.paid_on", "date"), "kind": ("field.repayment_kind", "decision"),
                                "amount_eur": ("field.amount_eur", "eur")}, key="repayments", download="remboursements")
