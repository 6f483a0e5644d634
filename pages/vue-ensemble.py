"""Vue d'ensemble: the newsletter's key figures for the scope, their change, the yearly trend."""

import streamlit as st

if st.session_state.pop("_routed", None) is not True:  # run by itself (fresh server): the router instead
    from ui.router import run_in_place
    run_in_place()

from alize import text
from alize.metrics import jobs
from alize.metrics.figures import RATES, overview
from alize.reports import charts
from alize.scope import data_period
from ui.common import lang, query, scope, tr
from ui.widgets import chart, filter_year_on_click, scope_caption

lg, sc = lang(), scope()
st.title(tr("page.overview"))
scope_caption(sc)

cmp, trend = query(overview, sc, query(data_period))
now, before = cmp.current, cmp.previous
if now.is_empty:
    st.info(tr("common.empty_scope"))
    st.stop()

previous_label = text.fmt_period(cmp.previous_scope.start, cmp.previous_scope.end, lg)


def delta(name: str) -> str | None:
    """A rate's change in points, a count's or a sum's in % (README, "Definitions")."""
    if name in RATES:
        points = cmp.change_points(name)
        return None if points is None else text.fmt_points(points, lg)
    change = cmp.change(name)
    return None if change is None else text.fmt_delta_pct(change, lg)


TILES = [
    ("committees", text.fmt_number(now.committees, 0, lg)),
    ("projects_studied", text.fmt_number(now.projects_studied, 0, lg)),
    ("projects_retained", text.fmt_number(now.projects_retained, 0, lg)),
    ("competence_days", text.fmt_number(now.competence_days, 0 if float(now.competence_days).is_integer() else 1, lg)),
    ("aid_eur", text.fmt_eur(now.aid_eur, lg)),
    ("jobs_committed", text.fmt_number(now.jobs_committed, 0, lg)),
]
st.subheader(tr("figure.title"))
st.caption(tr("overview.deltas_caption", period=previous_label))
for row in (TILES[:3], TILES[3:]):
    for col, (name, value) in zip(st.columns(3), row):
        col.metric(tr(f"figure.{name}"), value, delta(name), border=True)

RATIOS = [
    ("approval_rate", text.fmt_pct(now.approval_rate, lg)),
    ("aid_per_project", text.fmt_eur(now.aid_per_project, lg)),
    ("aid_per_aided_project", text.fmt_eur(now.aid_per_aided_project, lg)),
    ("aid_per_job", text.fmt_eur(now.aid_per_job, lg)),
    ("days_per_project", text.fmt_number(now.days_per_project, 1, lg)),
    ("jobs_per_project", text.fmt_number(now.jobs_per_project, 1, lg)),
]
st.subheader(tr("overview.ratios"))
for col, (name, value) in zip(st.columns(len(RATIOS)), RATIOS):
    col.metric(tr(f"figure.{name}"), value, delta(name), border=True, delta_color="off" if name == "aid_per_job" else "normal")

st.subheader(tr("overview.funnel_title"))
created = query(jobs.jobs_summary, sc, query(jobs.default_as_of))
left, right = st.columns([3, 2])
with left:
    chart(charts.funnel([
        (tr("figure.projects_studied"), now.projects_studied, ""),
        (tr("figure.projects_retained"), now.projects_retained, text.fmt_pct(now.approval_rate, lg)),
        (tr("figure.jobs_committed"), now.jobs_committed, ""),
        (tr("figure.jobs_created"), created.jobs_created, text.fmt_pct(created.jobs_created / now.jobs_committed if now.jobs_committed else None, lg)),
    ], tr("overview.funnel_chart"), lg), key="funnel")
with right:
    st.markdown(tr("overview.funnel_text", studied=text.fmt_number(now.projects_studied, 0, lg),
                   retained=text.fmt_number(now.projects_retained, 0, lg),
                   rate=text.fmt_pct(now.approval_rate, lg),
                   committed=text.fmt_number(now.jobs_committed, 0, lg),
                   created=text.fmt_number(created.jobs_created, 0, lg),
                   date=text.fmt_date(created.as_of, lg)))

st.subheader(tr("overview.trend_title"))
st.caption(tr("overview.trend_caption") + " " + tr("overview.click_year"))
chart(charts.highlight_period(charts.trend_projects(trend, lg), sc.start, sc.end), key="trend_projects",
      on_select=filter_year_on_click("trend_projects"))
left, right = st.columns(2)
for col, build, key in ((left, charts.trend_aid, "trend_aid"), (right, charts.trend_jobs, "trend_jobs")):
    with col:
        chart(charts.highlight_period(build(trend, lg), sc.start, sc.end), key=key, on_select=filter_year_on_click(key))
