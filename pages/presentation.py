"""Mode présentation: one message per screen, in large type, for a committee room with a projector.

Slides: the key figures, the before/after of the extension that concerns the scope, the
committee's projects (the scope's latest committee, or `?committee=`), the yearly trend. The slide
is in the URL (`?slide=2`), so every slide has a link; ← and → on the keyboard, or the buttons at
the bottom, move between slides. app.py collapses the sidebar on this page (the shared filters stay
there and still define the scope, from the URL).
"""

import re

import streamlit as st

if st.session_state.pop("_routed", None) is not True:  # run by itself (fresh server): the router instead
    from ui.router import run_in_place
    run_in_place()

from alize import text
from alize.metrics import records
from alize.metrics.figures import overview, yearly
from alize.reports import charts, export, present
from alize.scope import data_period
from ui import style
from ui.auth import md_escape
from ui.common import is_demo, lang, query, scope, today
from ui.downloads import exports_buttons
from ui.presenting import (
    agenda_part_reset,
    committee_picker,
    seed_from_url,
    set_agenda_parts,
    slide_comparison_chart,
    step,
    sync_url,
)
from ui.widgets import chart, metric_rows

lg, sc = lang(), scope()
SLIDES = ["slide.figures", "slide.territories", "slide.committee", "slide.trend"]
NUMBERS = list(range(1, len(SLIDES) + 1))
AGENDA_ROWS = 5  # projects per agenda part: what fits at 1280×720 and 1024×768 in large type


def L(key: str, **fields) -> str:
    return present.label(key, lg, **fields)


held = query(records.committees, sc)
seed_from_url("slide", NUMBERS, 1)
style.presentation()

# The control bar, pinned at the bottom of the screen. Drawn first: the slide comes from its widget.
with st.bottom:
    prev_col, slides_col, next_col, opt_col = st.columns([1.3, 6, 1.3, 1.3], vertical_alignment="center")
    with slides_col:
        slide = st.segmented_control(
            L("slide.slide"), NUMBERS, key="slide", required=True, label_visibility="collapsed", width="stretch",
            format_func=lambda i: f"{i}. {L(SLIDES[i - 1])}", on_change=agenda_part_reset)
    slide = slide if slide in NUMBERS else 1
    sync_url("slide", slide)
    prev_col.button(L("slide.previous"), key="slide_prev", shortcut="Left", on_click=step, args=(-1, len(SLIDES)),
                    disabled=slide == 1, width="stretch")
    next_col.button(L("slide.next"), key="slide_next", shortcut="Right", on_click=step, args=(1, len(SLIDES)),
                    disabled=slide == len(SLIDES), width="stretch")
    with opt_col.popover(L("slide.options"), icon=":material/tune:", width="stretch"):
        chosen = committee_picker(held, on_change=agenda_part_reset)
        st.caption(L("slide.downloads"))
        exports_buttons(sc, key="presentation")
        st.caption(L("slide.keys_hint"))

demo = is_demo()


def heading(title: str, scope_line: str) -> None:
    """The slide's title (names from the records made inert for Markdown) over what it covers."""
    st.title(md_escape(title), anchor=False)
    mark = f" · {L('app.demo_badge')}" if demo else ""
    st.subheader(md_escape(scope_line + mark), anchor=False, divider="blue")


slide_box = st.container(key="deck")
with slide_box:
    # ---- 1. key figures, and their change against the previous period of the same length ------------
    if slide == 1:
        cmp, _ = query(overview, sc, query(data_period))
        heading(L("slide.figures"), export.scope_text(sc, lg))
        if cmp.current.is_empty:
            st.info(text.t("common.empty_scope", lg))
        else:
            metric_rows(present.tiles_with_change(cmp, present.FIGURES, lg))
            with st.container(key="deck_small"):
                metric_rows(present.tiles_with_change(cmp, ("approval_rate", "aid_per_project", "jobs_per_project"), lg))
            st.caption(L("overview.deltas_caption", period=text.fmt_period(cmp.previous_scope.start,
                                                                           cmp.previous_scope.end, lg)))

    # ---- 2. territory comparison: the basin and its two windows -------------------------------------
    elif slide == 2:
        c = query(export.content, sc, lg)
        cmp = c.comparison
        spec = next((s for s in export.chart_specs(c) if s.key == "comparison"), None)
        if cmp is None or spec is None:
            heading(L("slide.territories"), export.scope_text(sc, lg))
            st.info(L("slide.no_comparison"))
        else:
            heading(spec.title, L("slide.comparison_scope", basin=cmp.basin,
                                  before=text.fmt_period(cmp.before.start, cmp.before.end, lg),
                                  after=text.fmt_period(cmp.after.start, cmp.after.end, lg)))
            left, right = st.columns([3, 2], gap="large")
            with left, st.container(key="deck_chart"):
                chart(slide_comparison_chart(spec, lg), key="big_comparison")
            with right, st.container(key="deck_sentence"):
                # one short block per sentence, in heading type: names from the records escaped
                for part in re.split(r"(?<=[.)]) (?=[A-ZÉÀ])", cmp.summary(lg, brief=True)):
                    st.markdown(f"##### {md_escape(part)}", anchors=False)

    # ---- 3. the committee's projects, in parts of AGENDA_ROWS -------------------------------------
    elif slide == 3:
        if not chosen:
            heading(L("slide.committee"), export.scope_text(sc, lg))
            st.info(L("brief.no_committee"))
        else:
            brief = query(present.committee_brief, chosen)
            info = brief.info
            title = L("brief.committee_title", date=text.fmt_date(info.held_on, lg), basin=info.basin)
            if brief.is_upcoming(today()):
                title += f" ({L('brief.upcoming')})"
            parts = max(1, -(-len(brief.agenda) // AGENDA_ROWS))
            part = set_agenda_parts(parts)
            line = text.plural("brief.agenda", len(brief.agenda), lg)
            heading(title, line + (f" · {part}/{parts}" if parts > 1 else ""))
            with st.container(key="deck_small"):
                metric_rows([t for t in present.committee_tiles(brief.totals, lg)
                             if t[0] != text.t("figure.bank_loans", lg)], per_row=5)
            a = brief.agenda.iloc[(part - 1) * AGENDA_ROWS: part * AGENDA_ROWS]
            with st.container(key="deck_agenda"):
                chart(charts.big_table(
                    [text.t(k, lg) for k in ("field.company", "field.territory", "field.kind", "field.decision",
                                              "figure.aid_eur", "figure.jobs_committed")],
                    [[present.escape_plotly(v) for v in a["company"]], [present.escape_plotly(v) for v in a["territory"]],
                     [text.value_label(v, lg) for v in a["kind"]], [text.value_label(v, lg) for v in a["decision"]],
                     [text.fmt_eur(v, lg) for v in a["aid_eur"]], [text.fmt_number(v, 0, lg) for v in a["jobs_committed"]]],
                    ["left", "left", "left", "left", "right", "right"], font_size=20,
                    widths=[3.2, 1.8, 1.8, 1.3, 1.4, 1.4]), key="big_agenda")

    # ---- 4. yearly trend -------------------------------------------------------------------------
    else:
        heading(text.t("chart.trend_projects", lg), export.scope_text(sc, lg))
        first, last = query(data_period)
        trend = query(yearly, sc.over_all_years(first, last))
        # the years outside the scope stay legible on a projector
        fig = charts.highlight_period(charts.trend_projects(trend, lg), sc.start, sc.end, fade=0.5)
        fig = charts.presentation(fig, height=None)
        fig.update_layout(margin={"l": 10, "r": 10, "t": 50, "b": 10})
        fig.update_xaxes(automargin=True, tickfont={"size": 18})
        with st.container(key="deck_chart"):
            chart(fig, key="big_trend")
