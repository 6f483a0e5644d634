"""Fonds de prêts: the fund's position at the end of the period, over time, and repayments by cohort."""

import streamlit as st

if st.session_state.pop("_routed", None) is not True:  # run by itself (fresh server): the router instead
    from ui.router import run_in_place
    run_in_place()

from alize import text
from alize.metrics import fund
from alize.reports import charts
from alize.scope import data_period
from ui.common import figure, lang, query, scope, tr
from ui.widgets import chart, chart_beside_table, empty, scope_caption, table, views

lg, sc = lang(), scope()
st.title(tr("page.fund"))
scope_caption(sc)

first, last = query(data_period)
page = query(fund.fund_page, sc, first)  # every figure below, in one query
position = page.total
if position.contributions_eur == 0 and position.disbursed_eur == 0:
    empty()
    st.stop()
st.caption(tr("fund.as_of", date=text.fmt_date(position.as_of, lg)))
for row in (("contributions_eur", "disbursed_eur", "repaid_eur"),
            ("written_off_eur", "outstanding_eur", "available_eur")):
    for col, key in zip(st.columns(3), row):
        col.metric(tr(f"fund.{key}"), text.fmt_eur(getattr(position, key), lg), border=True,
                  help=tr(f"fund.{key}_help"))

if position.available_eur < 0:
    st.warning(tr("fund.overcommitted", amount=text.fmt_eur(-position.available_eur, lg)))

st.subheader(tr("fund.risk_title"))
risk = query(fund.portfolio_risk, sc)
c = st.columns(4)
c[0].metric(tr("fund.par30"), text.fmt_pct(risk.par30, lg), border=True, help=tr("fund.par30_help"))
c[1].metric(tr("fund.par90"), text.fmt_pct(risk.par90, lg), border=True, help=tr("fund.par90_help"))
c[2].metric(tr("fund.arrears_eur"), text.fmt_eur(risk.arrears_eur, lg), border=True, help=tr("fund.arrears_help"))
c[3].metric(tr("fund.rescheduled_loans"), text.fmt_number(risk.rescheduled_loans, 0, lg), border=True,
            help=tr("fund.rescheduled_help"))
st.caption(tr("fund.risk_caption", loans=text.fmt_number(risk.loans, 0, lg),
              outstanding=text.fmt_eur(risk.outstanding_eur, lg)))

# The position over time reads every year (the scope's other filters kept), the scope's own shaded, as
# the jobs' trends: a year change then moves the shading only
history = query(fund.fund_page, sc.over_all_years(first, last), first).by_year
lines = [(k, tr(f"fund.{k}")) for k in ("contributions_eur", "disbursed_eur", "repaid_eur", "outstanding_eur", "available_eur")]
chart(figure(charts.lines, history, "year", lines, tr("fund.over_time"), lg, value_kind="eur", height=420,
             period=(sc.start, sc.end)), key="fund_over_time")

# One breakdown at a time, in tabs of which only the open one runs: a year change redraws its table
# and chart, not the three (docs/benchmark.md, "Feel")
tab = views({"cohorts": "fund.view_cohorts", "recovery": "fund.recovery_title", "basins": "fund.by_basin"},
            key="fund_view")
if tab["cohorts"].open:
    with tab["cohorts"]:
        cohorts = page.cohorts
        if cohorts.empty:
            st.caption(tr("fund.no_cohort"))
        else:
            cohorts = cohorts.rename(columns={"cohort": "year"})
            chart_beside_table(
                figure(charts.bars_by_year, cohorts, [("repayment_rate", tr("fund.repayment_rate")),
                                                      ("write_off_rate", tr("fund.write_off_rate"))],
                       tr("fund.repayment_by_cohort"), lg, value_kind="pct"), "repayment_by_cohort",
                cohorts, {"year": ("field.cohort", "text"), "projects": ("figure.projects_retained", "int"),
                          "aid_eur": ("figure.aid_eur", "eur"), "repaid_eur": ("fund.repaid_eur", "eur"),
                          "written_off_eur": ("fund.written_off_eur", "eur"),
                          "repayment_rate": ("fund.repayment_rate", "pct"), "write_off_rate": ("fund.write_off_rate", "pct")},
                "cohort_rates", download="remboursements-par-cohorte")
if tab["recovery"].open:
    with tab["recovery"]:
        recovery = query(fund.recovery_by_cohort, sc.with_period(min(first, sc.start), sc.end))  # cohorts as above
        if recovery.empty:  # cohorts there may be, none yet 3 years old
            st.caption(tr("fund.no_recovery"))
        else:
            recovery = recovery.rename(columns={"cohort": "year"})
            chart_beside_table(
                figure(charts.bars_by_year, recovery, [("recovery_rate", tr("fund.recovery_rate"))],
                       tr("fund.recovery_chart"), lg, value_kind="pct"), "recovery_by_cohort",
                recovery, {"year": ("field.cohort", "text"), "loans": ("fund.loans", "int"), "due_eur": ("fund.due_eur", "eur"),
                           "recovered_eur": ("fund.recovered_eur", "eur"), "recovery_rate": ("fund.recovery_rate", "pct")},
                "recovery_table", download="recouvrement-a-3-ans")
if tab["basins"].open:
    with tab["basins"]:
        table(page.position, {
            "basin": ("field.basin", "text"), "contributions_eur": ("fund.contributions_eur", "eur"),
            "disbursed_eur": ("fund.disbursed_eur", "eur"), "repaid_eur": ("fund.repaid_eur", "eur"),
            "written_off_eur": ("fund.written_off_eur", "eur"), "outstanding_eur": ("fund.outstanding_eur", "eur"),
            "available_eur": ("fund.available_eur", "eur"),
        }, key="fund_by_basin", download="fonds-par-bassin")
