"""Emplois: jobs committed against jobs created by cohort, the realisation rate, survival."""

import streamlit as st

if st.session_state.pop("_routed", None) is not True:  # run by itself (fresh server): the router instead
    from ui.router import run_in_place
    run_in_place()

from alize import text
from alize.metrics import jobs
from alize.reports import charts
from alize.scope import data_period
from ui.common import figure, lang, query, scope, tr
from ui.widgets import chart, empty, filter_year_on_click, scope_caption, table

lg, sc = lang(), scope()
st.title(tr("page.jobs"))
scope_caption(sc)

as_of = query(jobs.default_as_of)
summary, cohorts = query(jobs.jobs_and_cohorts, sc, as_of)
if summary.projects_retained == 0:
    empty()
    st.stop()
st.caption(tr("jobs.as_of", date=text.fmt_date(as_of, lg)))

national = ", ".join(tr("jobs.national_at", rate=text.fmt_pct(rate, lg, 0), h=h) for h, rate in jobs.NATIONAL_SURVIVAL.items())
c = st.columns(4)
c[0].metric(tr("figure.jobs_committed"), text.fmt_number(summary.jobs_committed, 0, lg), border=True)
c[1].metric(tr("figure.jobs_created"), text.fmt_number(summary.jobs_created, 0, lg), border=True,
            help=tr("jobs.jobs_created_help"))
c[2].metric(tr("figure.jobs_maintained"), text.fmt_number(summary.jobs_maintained, 0, lg), border=True,
            help=tr("jobs.jobs_maintained_help"))
c[3].metric(tr("figure.jobs_net_change"), text.fmt_number(summary.jobs_net_change, 0, lg), border=True,
            help=tr("jobs.jobs_net_help"))
c = st.columns(3)  # three to a row: no label cut at 1280 pixels
for col, key, rate in ((c[0], "figure.realisation_rate_3y", summary.realisation_rate_3y),
                       (c[1], "figure.realisation_rate_5y", summary.realisation_rate_5y)):
    col.metric(tr(key), text.fmt_pct(rate, lg), border=True, help=tr("jobs.realisation_help"))
c = [*c, *st.columns(3)]
for col, key, rate, h in ((c[3], "figure.survival_3y", summary.survival_rate_3y, 3),
                          (c[4], "figure.survival_5y", summary.survival_rate_5y, 5)):
    col.metric(tr(key), text.fmt_pct(rate, lg), border=True, help=tr("jobs.survival_help", national=national),
               delta=tr("jobs.national_delta", rate=text.fmt_pct(jobs.NATIONAL_SURVIVAL[h], lg, 0)), delta_color="off")
c[2].metric(tr("figure.leverage"), text.fmt_leverage(summary.leverage, lg), border=True, help=tr("jobs.leverage_help"))
st.caption(tr("jobs.national_source"))
if summary.missing_followups or summary.missing_3y or summary.missing_5y:
    st.warning(tr("jobs.missing_followups", n=summary.missing_followups, n3=summary.missing_3y, n5=summary.missing_5y))

# The trends read every cohort (the scope's other filters kept), the scope's own highlighted: a single
# year's scope would otherwise draw one bar and one dot.
first, last = query(data_period)
wide = sc.over_all_years(first, last)
_, all_cohorts = query(jobs.jobs_and_cohorts, wide, as_of)
if all_cohorts.empty:
    st.info(tr("jobs.no_mature_cohort"))
else:
    all_cohorts = all_cohorts.rename(columns={"cohort": "year"})
    left, right = st.columns(2)
    with left:
        chart(figure(charts.bars_by_year, all_cohorts, [("jobs_committed", tr("figure.jobs_committed")),
                                                        ("jobs_created", tr("figure.jobs_created"))],
                     tr("jobs.jobs_by_cohort"), lg, unit_label=tr("common.jobs").lower(), period=(sc.start, sc.end)),
              key="jobs_by_cohort", back="emplois", on_select=filter_year_on_click("jobs_by_cohort"))
    with right:
        chart(figure(charts.lines, all_cohorts, "year", [(col, tr(key)) for col, key in (
            ("realisation_rate_3y", "figure.realisation_rate_3y"), ("realisation_rate_5y", "figure.realisation_rate_5y"),
            ("survival_rate_3y", "figure.survival_3y"), ("survival_rate_5y", "figure.survival_5y"))],
                           tr("jobs.rates_by_cohort"), lg, value_kind="pct"), key="rates_by_cohort")
    st.caption(tr("jobs.cohort_caption"))

curves = query(jobs.jobs_curves, wide, as_of)
if not curves.empty:
    mine = tuple(sorted({c for c in curves["cohort"].unique() if sc.start.year <= int(c) <= sc.end.year}))
    chart(figure(charts.lines_by, curves, "years_since_committee", "cohort", "jobs_created", tr("jobs.jobs_curves"), lg,
                          unit_label=tr("common.jobs").lower(), x_title=tr("field.years_since_committee"),
                          highlight=mine, others=tr("jobs.other_cohorts")), key="jobs_curves")

if not cohorts.empty:
    cohorts = cohorts.rename(columns={"cohort": "year"})
    st.subheader(tr("jobs.cohort_table"))
    table(cohorts, {
        "year": ("field.cohort", "text"), "projects_retained": ("figure.projects_retained", "int"),
        "jobs_committed": ("figure.jobs_committed", "int"), "jobs_created": ("figure.jobs_created", "int"),
        "jobs_maintained": ("figure.jobs_maintained", "int"),
        "realisation_rate_3y": ("figure.realisation_rate_3y", "pct"),
        "realisation_rate_5y": ("figure.realisation_rate_5y", "pct"),
        "survival_rate_3y": ("figure.survival_3y", "pct"), "survival_rate_5y": ("figure.survival_5y", "pct"),
        "missing_3y": ("column.missing_3y", "int"),
        "aid_per_job_committed": ("figure.aid_per_job", "eur"), "leverage": ("figure.leverage", "leverage"),
    }, key="cohort_table", download="emplois-par-cohorte")
