"""The territories page's parts this module owns (one call each from the page): the placebo test and the
all-sectors note under the free comparison."""

from __future__ import annotations

import streamlit as st

from alize import text
from alize.reports import charts
from ui.common import figure, tr
from ui.widgets import chart


def all_sectors_note(scope) -> None:
    """With a sector or kind filter, say that a rate per 1 000 establishments still divides by all of them."""
    if scope.sectors or scope.kinds:
        st.caption(tr("territories.per_1000_all_sectors"))


def placebo_section(result, lang: str) -> None:
    """Where the real DiD falls among the other basins' placebo DiDs: the chart and its rank and p-value
    (nothing without a placebo: no control, or a single basin); first, with a sector or kind filter, the
    label saying the rates are per 1 000 establishments of every sector."""
    if result.filtered:  # the rates above divide by every employer establishment, whatever the filter
        st.caption(tr("territories.per_1000_all_sectors"))
    if result.did is None or not result.placebo:
        return
    st.subheader(tr("territories.placebo_title"))
    chart(figure(charts.placebo, list(result.placebo), result.did.estimate,
                 tr("territories.placebo_real", basin=result.basin), tr("territories.placebo_chart"), lang),
          key="placebo")
    st.caption(tr("territories.placebo_caption", rank=result.placebo_rank, total=len(result.placebo) + 1,
                  p=text.fmt_number(result.placebo_p_value, 2, lang)))
