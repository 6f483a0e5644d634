"""What the presentation page and the committee brief share: choices kept in the URL as codes
(`?slide=2&committee=SAV-2010-07`, never a translated label) and the committee selector.

A widget bound with `bind="query-params"` writes its *formatted* label to the URL, which would put
`2. Chiffres clés` or `17/11/2010 — alIZé Savoie` in the link and change it with the language; these
widgets are synced by hand instead, as ui.filters does for sectors and kinds."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from alize import text
from alize.reports import charts, present
from ui.common import lang, today


def seed_from_url(key: str, options: list, default) -> None:
    """Give the widget `key` its value: the URL's on a session's first run (a known option only),
    else keep the current one while it is still offered, else `default`."""
    by_code = {str(o): o for o in options}
    if key not in st.session_state:
        st.session_state[key] = by_code.get(st.query_params.get(key, ""), default)
    elif st.session_state[key] not in options:
        st.session_state[key] = default


def sync_url(key: str, value) -> None:
    """Write the chosen code back to the URL on every run (a page change drops unbound parameters)."""
    if value is None:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != str(value):
        st.query_params[key] = str(value)


def committee_picker(held, key: str = "committee", on_change=None) -> str | None:
    """A selector of the scope's committees (`held` = records.committees, newest first), bound to
    `?committee=` by id; the latest committee when the URL names none (or one outside the scope)."""
    lg = lang()
    ids = list(held["committee"])
    labels = {r["committee"]: present.committee_option(r, lg, today()) for _, r in held.iterrows()}
    seed_from_url(key, ids, ids[0] if ids else None)
    chosen = st.selectbox(present.label("field.committee", lg), ids, key=key, format_func=lambda c: labels.get(c, c),
                          on_change=on_change, placeholder=present.label("widget.choose_option", lg))
    sync_url(key, chosen)
    return chosen


# ---- the presentation's moves: slides, and the parts of a long agenda ----------------------------

PART, PARTS = "agenda_part", "agenda_parts"


def agenda_part() -> int:
    return int(st.session_state.get(PART) or 1)


def agenda_part_reset() -> None:
    st.session_state[PART] = 1


def set_agenda_parts(parts: int) -> int:
    """The agenda shown has `parts` parts: keep the current one within them and return it."""
    st.session_state[PARTS] = parts
    part = min(max(agenda_part(), 1), parts)
    st.session_state[PART] = part
    return part


def step(delta: int, slides: int) -> None:
    """← / →: within the committee slide, through its agenda's parts first, then to the next slide."""
    slide = st.session_state.get("slide") or 1
    part, parts = agenda_part(), int(st.session_state.get(PARTS) or 1)
    if slide == 3 and 1 <= part + delta <= parts:
        st.session_state[PART] = part + delta
        return
    new = min(max(slide + delta, 1), slides)
    if new != slide:
        st.session_state["slide"] = new
        st.session_state[PART] = parts if (new == 3 and delta < 0) else 1


def slide_comparison_chart(spec, lg: str):
    """The before/after bars of slide 2 in large type, the height left to the browser (ui/style.py)."""
    # categories come from the records: broken before "(total)"; charts.theme escapes the rest
    df = pd.DataFrame({"category": [str(x).replace(" (", "<br>(") for x in spec.categories]})
    cols = []
    for i, (name, values) in enumerate(spec.series):
        df[f"s{i}"] = pd.Series(values, dtype="float64")
        cols.append((f"s{i}", name))
    fig = charts.bars(df, "category", cols, spec.title, lg, unit_label=text.t("territories.per_1000_unit", lg))
    fig.update_yaxes(tickformat=",.1f", title=None)
    fig.update_traces(texttemplate="%{y:,.2f}", textposition="outside", cliponaxis=False)
    fig = charts.presentation(fig, height=None, font_size=20)
    fig.update_layout(margin={"l": 10, "r": 10, "t": 40, "b": 10})
    fig.update_xaxes(tickfont={"size": 17})  # four territories side by side on a 1024-pixel screen
    return fig
