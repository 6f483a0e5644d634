"""Partenaires: who was active when, what they paid into the fund, and the competence days they lent."""

import streamlit as st

if st.session_state.pop("_routed", None) is not True:  # run by itself (fresh server): the router instead
    from ui.router import run_in_place
    run_in_place()

from alize import text
from alize.metrics import partners
from alize.reports import charts
from alize.scope import data_period
from ui.common import figure, lang, query, scope, tr
from ui.downloads import partner_report_button
from ui.widgets import chart, empty, scope_caption, table, views

lg, sc = lang(), scope()
st.title(tr("page.partners"))
scope_caption(sc)

first, last = query(data_period)
page = query(partners.partners_page, sc, first)  # every figure below, in one query
listing = page.listing
if listing.empty:
    empty()
    st.stop()

active = listing[listing["active_in_period"]]
c = st.columns(3)
c[0].metric(tr("partners.active"), text.fmt_number(len(active), 0, lg), border=True)
by_partner = page.by_partner
c[1].metric(tr("figure.competence_days"), text.fmt_number(float(by_partner["days"].sum()) if not by_partner.empty else 0,
                                                   0, lg), border=True)
contrib = page.contributions
c[2].metric(tr("partners.contributions_period"), text.fmt_eur(int(contrib["amount_eur"].sum()) if not contrib.empty else 0,
                                                     lg), border=True)

# every year (the scope's other filters kept), the scope's own shaded: a year change moves the shading only
per_year = query(partners.partners_page, sc.over_all_years(first, last), first).per_year
if not per_year.empty:
    chart(figure(charts.stacked_by, per_year, "year", "basin", "active", tr("partners.over_time"), lg,
                 unit_label=tr("partners.unit"), period=(sc.start, sc.end)), key="partners_over_time")

# One breakdown at a time, in tabs of which only the open one is drawn: a year change redraws one
# chart, not three (docs/benchmark.md, "Feel")
tab = views({"days": "partners.view_days", "themes": "partners.view_themes",
             "contributions": "partners.view_contributions"}, key="partners_view")
if tab["days"].open:
    with tab["days"]:
        if by_partner.empty:
            st.caption(tr("projects.no_mission"))
        else:
            chart(figure(charts.bars, by_partner.head(15), "partner", [("days", tr("figure.competence_days"))],
                         tr("partners.days_by_partner"), lg, horizontal=True, unit_label=tr("common.days"), height=420),
                  key="days_by_partner")
if tab["themes"].open:
    with tab["themes"]:
        themes = page.by_theme
        if themes.empty:
            st.caption(tr("projects.no_mission"))
        else:
            themes = themes.assign(theme_label=themes["theme"].map(lambda v: text.theme_label(v, lg)))
            chart(figure(charts.bars, themes, "theme_label", [("days", tr("figure.competence_days"))],
                         tr("partners.days_by_theme"), lg, horizontal=True, unit_label=tr("common.days"), height=420),
                  key="days_by_theme")
if tab["contributions"].open:
    with tab["contributions"]:
        paying = contrib[contrib["amount_eur"] > 0].head(15) if not contrib.empty else contrib
        if paying.empty:
            st.caption(tr("partners.no_contribution"))
        else:
            chart(figure(charts.bars, paying, "partner", [("amount_eur", tr("partners.contributions_period"))],
                         tr("partners.contributions_by_partner"), lg, value_kind="eur", horizontal=True, height=420),
                  key="contributions_by_partner")

st.subheader(tr("partners.list"))
table(listing, {
    "partner": ("field.partner", "text"), "kind": ("field.partner_kind", "partner_kind"), "basin": ("field.basin", "text"),
    "joined_on": ("field.joined_on", "date"), "left_on": ("field.left_on", "date"),
}, key="partners_table", download="partenaires")

# A form more than a figure: collapsed, and run only when opened (its two pickers cost a year change
# about as much as a chart)
with st.expander(tr("preport.section"), key="partners_report", on_change="rerun", icon=":material/picture_as_pdf:") as report:
    if report.open:
        choices = query(partners.partner_choices, sc)
        if choices.empty:
            st.caption(tr("preport.no_partner"))
        else:
            partner_report_button(choices, sc.end.year)
