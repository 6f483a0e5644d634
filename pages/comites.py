"""Comités: committees over time, the approval rate per basin, and one committee's agenda."""

import streamlit as st

if st.session_state.pop("_routed", None) is not True:  # run by itself (fresh server): the router instead
    from ui.router import run_in_place
    run_in_place()

from alize import text
from alize.metrics import records
from alize.reports import charts
from alize.scope import data_period
from ui.auth import md_escape
from ui.common import figure, lang, query, scope, tr
from ui.filters import filter_options
from ui.widgets import (
    chart,
    empty,
    filter_on_click,
    filter_year_on_click,
    scope_caption,
    selected_row,
    table,
)

TOP_BASINS = 15  # a national network has hundreds: the bars stay readable
lg, sc = lang(), scope()
st.title(tr("page.committees"))
scope_caption(sc)

held = query(records.committees, sc)
if held.empty:
    empty()
    st.stop()

left, right = st.columns([3, 2])
with left:
    # every year (the scope's other filters kept), the scope's years highlighted: one year alone is one bar
    first, last = query(data_period)
    per_year = records.committees_per_year(query(records.committees, sc.over_all_years(first, last)))
    chart(figure(charts.stacked_by, per_year, "year", "basin", "committees", tr("committees.over_time"), lg,
                 unit_label=tr("committees.unit"), period=(sc.start, sc.end)),
          key="committees_per_year", back="comites", on_select=filter_year_on_click("committees_per_year"))
with right:
    by_basin = records.committees_by_basin(held)
    by_basin = by_basin[by_basin["projects_studied"] > 0]
    total_basins = len(by_basin)
    by_basin = by_basin.nlargest(TOP_BASINS, "projects_studied").sort_values("approval_rate", ascending=False)
    chart(figure(charts.bars, by_basin, "basin", [("approval_rate", tr("figure.approval_rate"))], tr("committees.approval_by_basin"), lg,
                      value_kind="pct", horizontal=True, labels=True),
          key="approval_by_basin",
          back="comites", on_select=filter_on_click("approval_by_basin", "basins", lambda: filter_options()[0]))
    if total_basins > TOP_BASINS:
        st.caption(tr("chart.top_basins", n=TOP_BASINS, total=text.fmt_number(total_basins, 0, lg)))
st.caption(tr("committees.click_to_filter"))

st.subheader(tr("committees.list"))
COLUMNS = {
    "held_on": ("field.committee_date", "date"), "basin": ("field.basin", "text"),
    "projects_studied": ("figure.projects_studied", "int"), "projects_retained": ("figure.projects_retained", "int"),
    "aid_eur": ("figure.aid_eur", "eur"), "jobs_committed": ("figure.jobs_committed", "int"),
    "place": ("field.place", "text"), "competence_days": ("figure.competence_days", "num1"),
}
event = table(held, COLUMNS, key="committees_table", download="comites", select=True)
row = selected_row(event, held)
chosen = row["committee"] if row is not None else st.query_params.get("committee")
if row is not None:
    st.query_params["committee"] = chosen
if chosen not in set(held["committee"]):
    st.caption(tr("committees.pick"))
    st.stop()

info = query(records.committee, chosen)
st.subheader(tr("committees.detail", date=text.fmt_date(info.held_on, lg), basin=md_escape(info.basin)))
agenda = query(records.committee_projects, chosen)
retained = agenda[agenda["decision"] == "retained"]
c1, c2, c3, c4 = st.columns(4)
c1.metric(tr("figure.projects_studied"), text.fmt_number(len(agenda), 0, lg))
c2.metric(tr("figure.projects_retained"), text.fmt_number(len(retained), 0, lg))
c3.metric(tr("figure.aid_eur"), text.fmt_eur(int(retained["aid_eur"].sum()), lg))
c4.metric(tr("figure.jobs_committed"), text.fmt_number(int(retained["jobs_committed"].sum()), 0, lg))
table(agenda, {
    "company": ("field.company", "text"), "decision": ("field.decision", "decision"), "aid_eur": ("figure.aid_eur", "eur"),
    "jobs_committed": ("figure.jobs_committed", "int"), "territory": ("field.territory", "text"),
    "sector": ("field.sector", "sector"), "kind": ("field.kind", "kind"),
    "competence_days": ("figure.competence_days", "num1"), "jobs_at_start": ("field.jobs_at_start", "int"),
}, key="committee_agenda", download="ordre-du-jour")
