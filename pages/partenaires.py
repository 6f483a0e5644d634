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
from ui.widgets import chart, empty, scope_caption, table

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

left, right = st.columns(2)
with left:
    if by_partner.empty:
        st.caption(tr("projects.no_mission"))
    else:
        top = by_partner.head(15)
        chart(figure(charts.bars, top, "partner", [("days", tr("figure.competence_days"))], tr("partners.days_by_partner"), lg,
                          horizontal=True, unit_label=tr("common.days"), height=420), key="days_by_partner")
with right:
    themes = page.by_theme
    if not themes.empty:
        themes = themes.assign(theme_label=themes["theme"].map(lambda v: text.theme_label(v, lg)))
        chart(figure(charts.bars, themes, "theme_label", [("days", tr("figure.competence_days"))], tr("partners.days_by_theme"), lg,
                          horizontal=True, unit_label=tr("common.days"), height=420), key="days_by_theme")

if not contrib.empty and contrib["amount_eur"].sum() > 0:
    paying = contrib[contrib["amount_eur"] > 0].head(15)
    chart(figure(charts.bars, paying, "partner", [("amount_eur", tr("partners.contributions_period"))], tr("partners.contributions_by_partner"),
                      lg, value_kind="eur", horizontal=True, height=420), key="contributions_by_partner")

st.subheader(tr("partners.list"))
table(listing, {
    "partner": ("field.partner", "text"), "kind": ("field.partner_kind", "partner_kind"), "basin": ("field.basin", "text"),
    "joined_on": ("field.joined_on", "date"), "left_on": ("field.left_on", "date"),
}, key="partners_table", download="partenaires")

st.subheader(tr("preport.section"))
choices = query(partners.partner_choices, sc)
if not choices.empty:
    partner_report_button(choices, sc.end.year)
