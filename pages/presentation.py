"""Mode présentation: one message per screen, in large type, for a committee room with a projector.

Slides: the key figures, the before/after of the extension that concerns the scope, the
committee's projects (the scope's latest committee, or `?committee=`), the yearly trend. The slide
is in the URL (`?slide=2`), so every slide has a link; ← and → on the keyboard, or the buttons at
the bottom, move between slides. app.py collapses the sidebar on this page (the shared filters stay
there and still define the scope, from the URL).
"""

import re

import pandas as pd
import streamlit as st

if st.session_state.pop("_routed", None) is not True:  # run by itself (fresh server): the router instead
    from ui.router import run_in_place
    run_in_place()

from alize import text
from alize.metrics import records
from alize.metrics.figures import yearly
from alize.reports import charts, export, present
from alize.scope import data_period
from ui.auth import md_escape
from ui.common import lang, query, scope, today
from ui.downloads import exports_buttons
from ui.presenting import committee_picker, seed_from_url, sync_url
from ui.widgets import chart

lg, sc = lang(), scope()
SLIDES = ["slide.figures", "slide.territories", "slide.committee", "slide.trend"]
NUMBERS = list(range(1, len(SLIDES) + 1))


def L(key: str, **fields) -> str:
    return present.label(key, lg, **fields)


def _step(delta: int) -> None:
    current = st.session_state.get("slide") or 1
    st.session_state["slide"] = min(max(current + delta, 1), len(SLIDES))


held = query(records.committees, sc)
seed_from_url("slide", NUMBERS, 1)

# The control bar, pinned at the bottom of the screen. Drawn first: the slide comes from its widget.
with st.bottom:
    prev_col, slides_col, next_col, opt_col = st.columns([1.3, 6, 1.3, 1.3], vertical_alignment="center")
    with slides_col:
        slide = st.segmented_control(
            L("slide.slide"), NUMBERS, key="slide", required=True, label_visibility="collapsed", width="stretch",
            format_func=lambda i: f"{i}. {L(SLIDES[i - 1])}")
    slide = slide if slide in NUMBERS else 1
    sync_url("slide", slide)
    prev_col.button(L("slide.previous"), key="slide_prev", shortcut="Left",
                    on_click=_step, args=(-1,), disabled=slide == 1, width="stretch")
    next_col.button(L("slide.next"), key="slide_next", shortcut="Right",
                    on_click=_step, args=(1,), disabled=slide == len(SLIDES), width="stretch")
    with opt_col.popover(L("slide.options"), icon=":material/tune:", width="stretch"):
        chosen = committee_picker(held)
        st.caption(L("slide.downloads"))
        exports_buttons(sc, key="presentation")
        st.caption(L("slide.keys_hint"))

scope_line = export.scope_text(sc, lg)


def heading(key: str, title: str | None = None) -> None:
    """The slide's title (names from the records made inert for Markdown) over the scope."""
    st.title(md_escape(title or L(key)), anchor=False)
    st.subheader(md_escape(scope_line), anchor=False, divider="blue")


# ---- 1. key figures -------------------------------------------------------------------------------
if slide == 1:
    heading("slide.figures")
    f = query(export.content, sc, lg).figures
    if f.is_empty:
        st.info(text.t("common.empty_scope", lg))
    else:
        chart(charts.big_numbers(export.figure_tiles(f, lg), columns=3, height=400, value_size=84),
              key="big_figures")
        ratios = export.ratio_tiles(f, lg)
        chart(charts.big_numbers([ratios[0], ratios[1], ratios[4]], columns=3, height=100, value_size=40,
                                 label_size=22), key="big_ratios")

# ---- 2. territory comparison ---------------------------------------------------------------------
elif slide == 2:
    c = query(export.content, sc, lg)
    cmp = c.comparison
    spec = next((s for s in export.chart_specs(c) if s.key == "comparison"), None)
    if cmp is None or spec is None:
        heading("slide.territories")
        st.info(L("slide.no_comparison"))
    else:
        heading("slide.territories", spec.title)
        # categories come from the records: broken before "(total)"; charts.theme escapes the rest
        df = pd.DataFrame({"category": [str(x).replace(" (", "<br>(") for x in spec.categories]})
        cols = []
        for i, (name, values) in enumerate(spec.series):
            df[f"s{i}"] = pd.Series(values, dtype="float64")
            cols.append((f"s{i}", name))
        fig = charts.bars(df, "category", cols, spec.title, lg, unit_label=text.t("territories.per_1000_unit", lg))
        fig.update_yaxes(tickformat=",.1f")
        fig.update_traces(texttemplate="%{y:,.2f}", textposition="outside", cliponaxis=False)
        left, right = st.columns([3, 2], gap="large")
        with left:
            st.markdown(f"**{export.label('export.compare_axis', lg)}**")
            chart(charts.presentation(fig, height=440, font_size=20), key="big_comparison")
        with right:
            sentence = cmp.summary(lg)
            # one short block per sentence, in heading type (20 px, dark): names from the records escaped
            for part in re.split(r"(?<=[.)]) (?=[A-ZÉÀ])", sentence):
                st.markdown(f"##### {md_escape(part)}", anchors=False)

# ---- 3. the committee's projects -----------------------------------------------------------------
elif slide == 3:
    if not chosen:
        heading("slide.committee")
        st.info(L("brief.no_committee"))
    else:
        brief = query(present.committee_brief, chosen)
        info = brief.info
        title = L("brief.committee_title", date=text.fmt_date(info.held_on, lg), basin=info.basin)
        if brief.is_upcoming(today()):
            title += f" ({L('brief.upcoming')})"
        heading("slide.committee", title)
        tot = brief.totals
        chart(charts.big_numbers([
            (text.t("figure.projects_studied", lg), text.fmt_number(tot["projects_studied"], 0, lg)),
            (text.t("figure.projects_retained", lg), text.fmt_number(tot["projects_retained"], 0, lg)),
            (text.t("figure.aid_eur", lg), text.fmt_eur(tot["aid_eur"], lg)),
            (text.t("figure.jobs_committed", lg), text.fmt_number(tot["jobs_committed"], 0, lg)),
        ], columns=4, height=170, value_size=60, label_size=24), key="big_committee")
        a = brief.agenda
        chart(charts.big_table(
            [text.t("field.company", lg), text.t("field.territory", lg), text.t("field.kind", lg), text.t("field.decision", lg),
             text.t("figure.aid_eur", lg), text.t("figure.jobs_committed", lg)],
            [[present.escape_plotly(v) for v in a["company"]], [present.escape_plotly(v) for v in a["territory"]],
             [text.value_label(v, lg) for v in a["kind"]], [text.value_label(v, lg) for v in a["decision"]],
             [text.fmt_eur(v, lg) for v in a["aid_eur"]], [text.fmt_number(v, 0, lg) for v in a["jobs_committed"]]],
            ["left", "left", "left", "left", "right", "right"], font_size=24, widths=[3.2, 1.8, 1.8, 1.3, 1.4, 1.4]),
            key="big_agenda")

# ---- 4. yearly trend -----------------------------------------------------------------------------
else:
    heading("slide.trend", text.t("chart.trend_projects", lg))
    first, last = query(data_period)
    trend = query(yearly, sc.with_period(min(first, sc.start), max(last, sc.end)))
    fig = charts.highlight_period(charts.trend_projects(trend, lg), sc.start, sc.end)
    for trace in fig.data:  # the years outside the scope stay legible on a projector
        trace.marker.opacity = [max(o, 0.5) for o in trace.marker.opacity]
    chart(charts.presentation(fig, height=470), key="big_trend")
