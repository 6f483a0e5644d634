"""Vue d'ensemble: the newsletter's key figures for the scope, their change, the yearly trend."""

import streamlit as st

if st.session_state.pop("_routed", None) is not True:  # run by itself (fresh server): the router instead
    from ui.router import run_in_place
    run_in_place()

from alize import text
from alize.metrics import jobs
from alize.metrics.figures import overview
from alize.reports import charts, present
from alize.scope import data_period
from ui.common import figure, lang, query, scope, tr
from ui.widgets import chart, filter_year_on_click, metric_rows, scope_caption

lg, sc = lang(), scope()
st.title(tr("page.overview"))
scope_caption(sc)

cmp, trend = query(overview, sc, query(data_period))
now, before = cmp.current, cmp.previous
if now.is_empty:
    st.info(tr("common.empty_scope"))
    st.stop()

previous_label = text.fmt_period(cmp.previous_scope.start, cmp.previous_scope.end, lg)


st.subheader(tr("figure.title"))
st.caption(tr("overview.deltas_caption", period=previous_label))
metric_rows(present.tiles_with_change(cmp, present.FIGURES, lg))
st.subheader(tr("overview.ratios"))
metric_rows(present.tiles_with_change(cmp, present.RATIOS, lg))  # 3 to a row: no label cut at 1280

st.subheader(tr("overview.funnel_title"))
created = query(jobs.jobs_summary, sc, query(jobs.default_as_of))
left, right = st.columns([3, 2])
with left:
    chart(figure(charts.funnel, [
        (tr("figure.projects_studied"), now.projects_studied, ""),
        (tr("figure.projects_retained"), now.projects_retained, text.fmt_pct(now.approval_rate, lg)),
        (tr("figure.jobs_committed"), now.jobs_committed, ""),
        (tr("field.jobs_created_at", date=text.fmt_date(created.as_of, lg)), created.jobs_created, text.fmt_pct(created.jobs_created / now.jobs_committed if now.jobs_committed else None, lg)),
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
chart(figure(charts.trend_projects, trend, lg, period=(sc.start, sc.end)), key="trend_projects",
      back="vue-ensemble", on_select=filter_year_on_click("trend_projects"))
left, right = st.columns(2)
for col, build, key in ((left, charts.trend_aid, "trend_aid"), (right, charts.trend_jobs, "trend_jobs")):
    with col:
        chart(figure(build, trend, lg, period=(sc.start, sc.end)), key=key, back="vue-ensemble",
              on_select=filter_year_on_click(key))
