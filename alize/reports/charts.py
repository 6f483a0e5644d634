"""Plotly figure builders and the one theme every chart shares.

Palette: Okabe & Ito's colour-blind-safe set. French separators come from `layout.separators`
plus explicit tick and hover formats, so `445 135 €` reads the same in a tile and a hover.
"""

from __future__ import annotations

import math
import numbers

import pandas as pd
import plotly.graph_objects as go

from alize.text import t

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
FONT = "Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif"


TITLE_FONT = '"Source Sans", sans-serif'  # the webfont Streamlit's pages load
TICK_GREY, GRID, TITLE_INK = "#808495", "#e6eaf1", "#2F2D2B"

# The house template. The app draws charts without Streamlit's theme (its own element, ui/plot.py; the
# fallback to st.plotly_chart passes theme=None): that theme is merged into every figure in the browser
# at every redraw, about 10 ms a chart, and plotly's own default template adds 7 KB of JSON to each. This one holds what the look needs and
# nothing else: it reads the same as the Streamlit theme did (grey ticks, bold titles, room made for
# tick labels), in 1 KB.
TEMPLATE = go.layout.Template(layout={
    "title": {"font": {"family": TITLE_FONT, "size": 16, "color": TITLE_INK, "weight": 700}, "pad": {"l": 4}},
    "xaxis": {"automargin": True, "zeroline": False, "tickcolor": GRID, "tickfont": {"color": TICK_GREY, "size": 12},
              "title": {"font": {"color": TICK_GREY, "size": 14}, "standoff": 20}},
    "yaxis": {"automargin": True, "ticklabelposition": "outside", "tickcolor": GRID,
              "tickfont": {"color": TICK_GREY, "size": 12}, "title": {"font": {"color": TICK_GREY, "size": 14}, "standoff": 24}},
    "legend": {"font": {"size": 12, "color": "#262730"}, "borderwidth": 0, "valign": "top"},
    "hoverlabel": {"bgcolor": "#FFFFFF", "bordercolor": "rgba(47, 45, 43, 0.2)", "font": {"color": TICK_GREY, "size": 12}},
    "margin": {"pad": 8},
})


def separators(lang: str) -> str:
    """Plotly's decimal then thousands characters."""
    return ", " if lang == "fr" else ".,"


def theme(fig: go.Figure, title: str, lang: str = "fr", height: int = 360) -> go.Figure:
    """The one look of every chart. A legend of more than three entries goes under the plot, where
    it can wrap onto several rows without covering the title."""
    many = sum(1 for trace in fig.data if trace.showlegend is not False) > 3
    legend = ({"orientation": "h", "yanchor": "top", "y": -0.12, "xanchor": "left", "x": 0, "title": None}
              if many else
              {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1, "title": None})
    fig.update_layout(
        overwrite=True,  # set, not merged key by key: 2 ms instead of 10 (theme comes first)
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 16}},
        separators=separators(lang),
        colorway=PALETTE,
        font={"family": FONT, "size": 13, "color": "#1f2933"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend=legend,
        hoverlabel={"font": {"family": FONT}},
        template=TEMPLATE,
    )
    fig.update_xaxes(showgrid=False, linecolor="#9aa5b1")
    fig.update_yaxes(gridcolor="#e4e7eb", zerolinecolor="#9aa5b1", rangemode="tozero")
    return inert(fig)


# Where plotly shows data as text, reading its pseudo-HTML (<a href>, <b>, <br>, entities): category
# axes, bar/point text, hover text, legend names, and the customdata a hover template prints.
_TEXT_FIELDS = ("x", "y", "text", "hovertext", "customdata", "labels", "name")


CHAR_PX = 7.2  # a 12 px tick label's character, a little more than Source Sans needs (digits, € and spaces)


def _numbers(values) -> list[float]:
    out = []
    for v in values if values is not None else ():
        try:
            f = float(v)
        except (TypeError, ValueError):
            continue
        if not math.isnan(f):
            out.append(abs(f))
    return out


def _value_label_chars(fig: go.Figure, field: str) -> int:
    """How long the longest tick label of the value axis (`field`: "x" or "y") will be: the largest
    value (stacked bars: the largest stack), a fifth more for the tick plotly rounds up to, with its
    separators and unit."""
    axis = fig.layout.xaxis if field == "x" else fig.layout.yaxis
    fmt, suffix = axis.tickformat or "", axis.ticksuffix or ""
    if fmt.endswith("%"):
        return 5 + len(suffix)  # "100 %"
    stacks: dict = {}
    top = 0.0
    for trace in fig.data:
        values = _numbers(getattr(trace, field, None))
        top = max([top, *values])
        if fig.layout.barmode == "stack" and trace.type == "bar":
            for key, value in zip(trace.x if field == "y" else trace.y, values):
                stacks[key] = stacks.get(key, 0.0) + value
    top = max([top, *stacks.values()]) * 1.2
    decimals = 1 if fmt.endswith(".1f") else 2 if fmt.endswith(".2f") else 0
    return len(f"{top:,.{decimals}f}") + len(suffix) + 1  # a minus sign's room too


def _category_label_chars(fig: go.Figure, field: str) -> int:
    labels = [str(v) for trace in fig.data
              for v in (() if getattr(trace, field, None) is None else getattr(trace, field))]
    return max((max(len(part) for part in label.split("<br>")) for label in labels), default=0)


def presized(fig: go.Figure) -> go.Figure:
    """Margins set wide enough for the tick labels before the browser measures them. Plotly's
    automargin (kept, in TEMPLATE, as the safety net) otherwise finds the margins too narrow after a
    first draw and draws the whole chart again: a third of a chart's drawing time in the dashboard.
    An estimate on the wide side costs a few pixels; on the narrow side, the second draw as before."""
    legend_below = fig.layout.legend.y is not None and fig.layout.legend.y < 0
    if not fig.data or fig.data[0].type not in ("bar", "scatter") or legend_below:
        return fig  # a legend under the plot sits among the tick labels: automargin places them both
    horizontal = getattr(fig.data[0], "orientation", None) == "h"
    margin = fig.layout.margin
    years = fig.layout.xaxis.tickformat == "d" or fig.layout.xaxis.dtick == 1
    if horizontal:  # categories on the left, values under the plot
        left = _category_label_chars(fig, "y") * CHAR_PX + 12
        bottom = 28
    else:
        left = _value_label_chars(fig, "y") * CHAR_PX + 12
        chars = 4 if years else _category_label_chars(fig, "x")
        bottom = 24 + (chars * CHAR_PX * 0.5 if years or fig.layout.xaxis.type == "category" else 0)  # room for labels at 30°
    right = 30 if not horizontal and years else 0  # the last year's label, slanted, past the last bar
    if horizontal and any(t.texttemplate and t.textposition == "outside" for t in fig.data):
        # each bar's value printed past its end: room for the longest (automargin does not count them)
        right = (7 if (fig.layout.xaxis.tickformat or "").endswith("%") else _value_label_chars(fig, "x")) \
            * CHAR_PX + 10
    fig.update_layout(margin={"l": max(margin.l or 0, round(min(left, 320))),
                              "b": max(margin.b or 0, round(min(bottom, 160))), "r": max(margin.r or 0, round(right))})
    return fig


def _has_text(values) -> bool:
    if isinstance(values, str):
        return True
    if isinstance(values, (bytes, dict)) or not hasattr(values, "__iter__"):
        return False
    return any(_has_text(v) for v in values)


def _escaped(values):
    if isinstance(values, str):
        return present_text(values)
    if isinstance(values, (bytes, dict)) or not hasattr(values, "__iter__"):
        return values
    return [_escaped(v) for v in values]


def present_text(value: str) -> str:
    """Record text as plotly shows it: as written, never as markup (a line break `<br>` is kept: the
    charts put it in long labels, and it asks nothing of anyone)."""
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("&lt;br&gt;", "<br>"))


def inert(fig: go.Figure) -> go.Figure:
    """Every record string in the figure's traces escaped once, whatever chart built it."""
    for trace in fig.data:
        for field in _TEXT_FIELDS:
            if field in trace and trace[field] is not None and _has_text(trace[field]):
                trace[field] = _escaped(trace[field])
    return fig


def _unit(value_kind: str, lang: str) -> tuple[str, str]:
    """(tick format, hover suffix) per kind of value."""
    if value_kind == "eur":
        return ",.0f", "\u00a0€"
    if value_kind == "pct":
        return ".0%", ""
    if value_kind == "rate":
        return ",.1f", ""
    return ",.0f", ""


LABEL_FORMATS = {"eur": ",.0f", "pct": ".1%", "rate": ",.2f", "count": ",.0f"}


def bars_by_year(df: pd.DataFrame, series: list[tuple[str, str]], title: str, lang: str = "fr",
                 value_kind: str = "count", unit_label: str = "", barmode: str = "group") -> go.Figure:
    """Bars per year; `series` is [(column, label)]. Hover reads e.g. `2010 · Projets retenus : 66 projets`."""
    tickformat, suffix = _unit(value_kind, lang)
    fig = go.Figure()
    for i, (column, label) in enumerate(series):
        fig.add_bar(
            x=df["year"], y=df[column], name=label, marker_color=PALETTE[i % len(PALETTE)],
            customdata=df["year"],
            hovertemplate=f"%{{x}} · {label} : %{{y:{tickformat}}}{suffix} {unit_label}<extra></extra>",
        )
    theme(fig, title, lang)
    fig.update_layout(barmode=barmode, bargap=0.25)
    fig.update_xaxes(tickmode="linear", dtick=1, tickformat="d", title=None)
    fig.update_yaxes(tickformat=tickformat, ticksuffix=suffix if value_kind == "eur" else "", title=None)
    return fig


def trend_projects(df: pd.DataFrame, lang: str = "fr") -> go.Figure:
    return bars_by_year(df, [("projects_studied", t("figure.projects_studied", lang)),
                             ("projects_retained", t("figure.projects_retained", lang))],
                        t("chart.trend_projects", lang), lang, unit_label=t("common.projects", lang).lower())


def trend_aid(df: pd.DataFrame, lang: str = "fr") -> go.Figure:
    return bars_by_year(df, [("aid_eur", t("figure.aid_eur", lang))], t("chart.trend_aid", lang), lang, value_kind="eur")


def trend_jobs(df: pd.DataFrame, lang: str = "fr") -> go.Figure:
    return bars_by_year(df, [("jobs_committed", t("figure.jobs_committed", lang))], t("chart.trend_jobs", lang), lang,
                        unit_label=t("common.jobs", lang).lower())


FADE = 0.35  # the years outside the period read as if their bars were drawn at this opacity


def highlight_period(fig: go.Figure, start, end, fade: float = FADE) -> go.Figure:
    """Shade the chosen years on a yearly chart and veil the others (white, over their bars, as if these
    were drawn at `fade` opacity). Only shapes differ from one period to the next: the browser redraws
    them alone in about a millisecond (ui/plot.js), where fading the bars themselves redrew the chart."""
    x0, x1 = start.year - 0.5, end.year + 0.5
    years = [x for trace in fig.data for x in (() if trace.x is None else trace.x) if isinstance(x, numbers.Real)]
    # a shape of its own rather than add_vrect, which costs 4 ms finding the axes it spans
    shapes = [go.layout.Shape(type="rect", xref="x", yref="y domain", x0=x0, x1=x1, y0=0, y1=1,
                              fillcolor="#0072B2", opacity=0.06, line_width=0, layer="below")]
    if years:
        first, last = float(min(years)) - 0.5, float(max(years)) + 0.5  # the bars' own extent: the axis range stays
        for left, right in ((first, min(x0, last)), (max(x1, first), last)):
            if right > left:
                shapes.append(go.layout.Shape(type="rect", xref="x", yref="y domain", x0=left, x1=right, y0=0, y1=1,
                                              fillcolor="white", opacity=round(1 - fade, 2), line_width=0,
                                              layer="above"))
    fig.layout.shapes = (*fig.layout.shapes, *shapes)
    return fig


def copy_of(fig: go.Figure) -> go.Figure:
    """A copy to change: 2 ms, where building it again costs 5 to 20. From the figure itself, not its
    JSON: that holds arrays as base64 ({"dtype", "bdata"}), which highlight_period cannot read."""
    return go.Figure(fig)


def _hover(label: str, value_kind: str, unit_label: str, axis: str = "y") -> str:
    tickformat, suffix = _unit(value_kind, "fr")
    fmt = ".1%" if value_kind == "pct" else tickformat
    return f"%{{{'x' if axis == 'y' else 'y'}}} · {label} : %{{{axis}:{fmt}}}{suffix} {unit_label}<extra></extra>"


def bars(df: pd.DataFrame, x: str, series: list[tuple[str, str]], title: str, lang: str = "fr",
         value_kind: str = "count", unit_label: str = "", stacked: bool = False, horizontal: bool = False,
         height: int = 360, category_order: list | None = None, labels: bool = False) -> go.Figure:
    """Bars of one or more value columns against a category column (territory, basin, theme, year...);
    `labels`: each bar's value printed at its end."""
    tickformat, suffix = _unit(value_kind, lang)
    fig = go.Figure()
    for i, (column, label) in enumerate(series):
        cats, values = df[x], df[column]
        fig.add_bar(
            x=values if horizontal else cats, y=cats if horizontal else values, name=label,
            orientation="h" if horizontal else "v", marker_color=PALETTE[i % len(PALETTE)],
            customdata=cats,
            hovertemplate=_hover(label, value_kind, unit_label, axis="x" if horizontal else "y"),
        )
    theme(fig, title, lang, height=height)
    fig.update_layout(barmode="stack" if stacked else "group", bargap=0.25, showlegend=len(series) > 1)
    value_axis = fig.update_xaxes if horizontal else fig.update_yaxes
    cat_axis = fig.update_yaxes if horizontal else fig.update_xaxes
    value_axis(tickformat=tickformat, ticksuffix=suffix if value_kind == "eur" else "", title=None,
               showgrid=True, gridcolor="#e4e7eb")
    cat_axis(title=None, showgrid=False, type="category",
             categoryorder="array" if category_order else "trace", categoryarray=category_order)
    if horizontal:
        fig.update_yaxes(autorange="reversed")
    if labels:
        axis = "x" if horizontal else "y"
        unit = "\u00a0€" if value_kind == "eur" else ""
        fig.update_traces(texttemplate=f"%{{{axis}:{LABEL_FORMATS.get(value_kind, ',.0f')}}}{unit}",
                          textposition="outside", cliponaxis=False)
    return fig


def fold_smallest(df: pd.DataFrame, category: str, value: str, by: str | None = None, keep: int = 7,
                  other: str = "Autres") -> pd.DataFrame:
    """Keep the `keep` categories with the largest total `value`, sum the others into `other`
    (per `by` when given); categories come back ordered by size, `other` last."""
    totals = df.groupby(category)[value].sum().sort_values(ascending=False)
    if len(totals) <= keep + 1:
        order = list(totals.index)
        return df.assign(_order=df[category].map({c: i for i, c in enumerate(order)})).sort_values(
            ["_order"] + ([by] if by else [])).drop(columns="_order")
    top = list(totals.index[:keep])
    kept = df[df[category].isin(top)]
    rest = df[~df[category].isin(top)]
    keys = [by] if by else []
    folded = (rest.groupby(keys, as_index=False)[value].sum() if keys
              else pd.DataFrame({value: [rest[value].sum()]}))
    folded[category] = other
    out = pd.concat([kept, folded], ignore_index=True)
    order = {c: i for i, c in enumerate([*top, other])}
    return out.assign(_order=out[category].map(order)).sort_values(["_order", *keys]).drop(columns="_order")


def stacked_by(df: pd.DataFrame, x: str, color: str, value: str, title: str, lang: str = "fr",
               value_kind: str = "count", unit_label: str = "") -> go.Figure:
    """Stacked bars of `value` per `x`, one colour per value of `color` (e.g. committees per year by basin).
    Past seven colours the smaller ones fold into "Autres": a national network has hundreds of basins."""
    tickformat, suffix = _unit(value_kind, lang)
    df = fold_smallest(df, color, value, x, other=t("chart.others", lang))
    fig = go.Figure()
    for i, (name, part) in enumerate(df.groupby(color, sort=False)):
        fig.add_bar(x=part[x], y=part[value], name=str(name), marker_color=PALETTE[i % len(PALETTE)],
                    customdata=part[x],
                    hovertemplate=f"%{{x}} · {name} : %{{y:{tickformat}}}{suffix} {unit_label}<extra></extra>")
    theme(fig, title, lang)
    fig.update_layout(barmode="stack", bargap=0.25)
    fig.update_xaxes(tickmode="linear", dtick=1, tickformat="d", title=None)
    fig.update_yaxes(tickformat=tickformat, title=None)
    return fig


def lines(df: pd.DataFrame, x: str, series: list[tuple[str, str]], title: str, lang: str = "fr",
          value_kind: str = "count", unit_label: str = "", x_title: str | None = None,
          markers: bool = True, height: int = 360) -> go.Figure:
    tickformat, suffix = _unit(value_kind, lang)
    fig = go.Figure()
    for i, (column, label) in enumerate(series):
        fig.add_scatter(x=df[x], y=df[column], name=label, mode="lines+markers" if markers else "lines",
                        line={"color": PALETTE[i % len(PALETTE)], "width": 2.5},
                        hovertemplate=_hover(label, value_kind, unit_label))
    theme(fig, title, lang, height=height)
    fig.update_layout(showlegend=len(series) > 1)
    fig.update_yaxes(tickformat=tickformat, ticksuffix=suffix if value_kind == "eur" else "", title=None)
    fig.update_xaxes(title=x_title)
    if x in ("year", "cohort"):  # whole years, never 2 009,5; every other year from the last, which always shows
        years = pd.to_numeric(df[x], errors="coerce").dropna()
        step = 2 if len(years) > 10 else 1
        fig.update_xaxes(tickmode="linear", dtick=step, tick0=int(years.max()) if len(years) else None,
                         tickformat="d", tickangle=0)
    return fig


GREY = "#c3cad3"


def lines_by(df: pd.DataFrame, x: str, color: str, value: str, title: str, lang: str = "fr",
             value_kind: str = "count", unit_label: str = "", x_title: str | None = None,
             highlight: set | None = None, others: str = "") -> go.Figure:
    """One line per value of `color` (e.g. jobs created per year since committee, one line per cohort).
    With `highlight`, those lines in colour and every other one in thin grey under one legend entry
    (`others`): 15 cohorts cannot share 8 colours."""
    tickformat, suffix = _unit(value_kind, lang)
    fmt = ".1%" if value_kind == "pct" else tickformat
    fig = go.Figure()
    groups = list(df.groupby(color, sort=True))
    if highlight is not None:  # the grey ones first, drawn under the highlighted ones
        groups.sort(key=lambda g: g[0] in highlight)
    first_grey = True
    for i, (name, part) in enumerate(groups):
        lit = highlight is None or name in highlight
        if lit:
            n = i if highlight is None else sorted(highlight).index(name)
            line = {"color": PALETTE[n % len(PALETTE)] if highlight is not None or len(groups) <= len(PALETTE) else None}
        else:
            line = {"color": GREY, "width": 1.2}
        fig.add_scatter(x=part[x], y=part[value], name=str(name) if lit else others, mode="lines+markers" if lit else "lines",
                        line=line, legendgroup=None if lit else "others", showlegend=lit or first_grey,
                        hovertemplate=f"{name} · %{{x}} : %{{y:{fmt}}}{suffix} {unit_label}<extra></extra>")
        first_grey = first_grey and lit
    theme(fig, title, lang)
    fig.update_yaxes(tickformat=tickformat, title=None)
    fig.update_xaxes(title=x_title, dtick=1)
    if x_title and fig.layout.legend.y is not None and fig.layout.legend.y < 0:
        fig.update_layout(legend_y=-0.24)  # under the axis title, not on it
    return fig


def funnel(stages: list[tuple[str, float, str]], title: str, lang: str = "fr") -> go.Figure:
    """Studied → retained → jobs committed → jobs created. Projects and jobs are different units, so
    each stage carries its own note (approval rate, realisation rate) rather than a share of the first."""
    from alize.text import fmt_number

    fig = go.Figure(go.Funnel(
        y=[label for label, _, _ in stages], x=[value for _, value, _ in stages],
        text=[fmt_number(v, 0, lang) + (f" ({note})" if note else "") for _, v, note in stages],
        textinfo="text", marker={"color": PALETTE[: len(stages)]},
        hovertemplate="%{y} : %{text}<extra></extra>", connector={"line": {"color": "#cbd2d9"}},
    ))
    theme(fig, title, lang)
    return fig


def grouped(df: pd.DataFrame, x: str, series_col: str, value: str, title: str, lang: str = "fr",
            value_kind: str = "count", unit_label: str = "") -> go.Figure:
    """Side-by-side bars: one group per `x` (territory), one bar per value of `series_col` (window)."""
    tickformat, suffix = _unit(value_kind, lang)
    fmt = ",.2f" if value_kind == "rate" else tickformat
    fig = go.Figure()
    order = list(dict.fromkeys(df[x]))
    for i, name in enumerate(dict.fromkeys(df[series_col])):
        part = df[df[series_col] == name]
        fig.add_bar(x=part[x], y=part[value], name=str(name), marker_color=PALETTE[i % len(PALETTE)],
                    customdata=part[x],
                    hovertemplate=f"%{{x}} · {name} : %{{y:{fmt}}}{suffix} {unit_label}<extra></extra>")
    theme(fig, title, lang)
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=order, title=None)
    fig.update_yaxes(tickformat=",.1f" if value_kind == "rate" else tickformat,
                     ticksuffix=suffix if value_kind == "eur" else "", title=None)
    return fig


def placebo(placebos: list[dict], real: float, real_label: str, title: str, lang: str = "fr") -> go.Figure:
    """The placebo distribution: each other basin's DiD as a grey bar, sorted, the real basin's among them
    in colour, and a line at the real value (compare.ExtensionComparison.placebo)."""
    rows = sorted([(p["basin"], p["did"], False) for p in placebos] + [(real_label, real, True)], key=lambda r: r[1])
    fig = go.Figure()
    fig.add_bar(x=[r[0] for r in rows], y=[r[1] for r in rows], marker_color=[PALETTE[3] if r[2] else "#9aa5b1"
                                                                              for r in rows],
                showlegend=False, hovertemplate="%{x} : %{y:+,.2f}<extra></extra>")
    theme(fig, title, lang)
    fig.add_hline(y=real, line_dash="dot", line_color=PALETTE[3])
    fig.update_xaxes(type="category", title=None)
    fig.update_yaxes(tickformat="+,.2f", title=None, rangemode="normal")
    return inert(fig)


def _ring_points(feature) -> list[tuple[float, float]]:
    geom = feature["geometry"]
    polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
    return [tuple(pt) for poly in polys for pt in poly[0]]


BACKDROP_FILL, BACKDROP_LINE = "#eceef1", "#c3c9d1"  # quiet greys: the basin's hues stay the only colour


def backdrop_collection(backdrop: dict | None, wanted: set[str]) -> dict:
    """The surrounding communes to draw under a map: not the basin's own (`wanted`), and only their
    geometry and code."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"insee_code": f["properties"].get("insee_code")}, "geometry": f["geometry"]}
        for f in (backdrop or {}).get("features", []) if f["properties"].get("insee_code") not in wanted]}


def _backdrop_layers(backdrop: dict | str | None, wanted: set[str]) -> list[dict]:
    """The surrounding communes as one MapLibre fill layer under the traces (its 1 px outline is the
    fill's own, so the outlines go to the browser once): no hover, no legend entry, no effect on the
    view. `backdrop` is a FeatureCollection (geo.basin_context), or the address of the same collection
    (backdrop_collection, served by the app: the browser fetches it once, not with every figure)."""
    if isinstance(backdrop, str):
        source = backdrop
    else:
        source = backdrop_collection(backdrop, wanted)
        if not source["features"]:
            return []
    return [{"sourcetype": "geojson", "source": source, "type": "fill", "below": "traces", "color": BACKDROP_FILL,
             "fill": {"outlinecolor": BACKDROP_LINE}}]


def commune_map(geojson: dict, df: pd.DataFrame, title: str, lang: str = "fr",
                backdrop: dict | str | None = None) -> go.Figure:
    """The basin's communes, one hue per territory (Chambéry and the Maurienne told apart at a glance),
    darker with more projects retained, each territory named in the legend beside its hue; a commune's
    name, territory, projects and aid on hover. MapLibre on a white background: offline, no tile server
    (map text would need a glyph server, hence the legend). Only the shown communes' outlines go into
    the figure (tens, not every commune). `backdrop` (geo.basin_context, or its address: _backdrop_layers) draws the
    surrounding communes in grey under them, so the reader sees where the basin lies; the view stays on
    the basin."""
    wanted = set(df["insee_code"])
    features = [f for f in geojson.get("features", []) if f["properties"].get("insee_code") in wanted]
    by_code = {f["properties"]["insee_code"]: f for f in features}
    points = [pt for f in features for pt in _ring_points(f)]
    lats, lons = [p[1] for p in points], [p[0] for p in points]
    center = {"lat": (min(lats) + max(lats)) / 2, "lon": (min(lons) + max(lons)) / 2} if lats else None
    span = max(max(lats) - min(lats), (max(lons) - min(lons)) * 0.7) if lats else 1
    zoom = 8.2 if span < 1.2 else 7.4
    projects = "projets retenus" if lang == "fr" else "projects retained"
    top = max(1, int(df["projects_retained"].max() or 0))
    fig = go.Figure()
    for i, (territory, sub) in enumerate(df.groupby("territory", sort=False)):
        colour = PALETTE[i % len(PALETTE)]
        fig.add_trace(go.Choroplethmap(
            geojson={"type": "FeatureCollection", "features": [by_code[c] for c in sub["insee_code"] if c in by_code]},
            featureidkey="properties.insee_code", locations=sub["insee_code"], z=sub["projects_retained"],
            zmin=0, zmax=top, colorscale=[[0, "#eef1f4"], [1, colour]], showscale=False, name=str(territory),
            showlegend=True, text=sub["commune"], customdata=sub[["territory", "projects_retained", "aid_eur"]].to_numpy(),
            marker={"opacity": 0.85, "line": {"color": colour, "width": 1.4}},
            hovertemplate=f"<b>%{{text}}</b> (%{{customdata[0]}})<br>%{{customdata[1]}} {projects}"
                          "<br>%{customdata[2]:,.0f} €<extra></extra>"))
    fig.update_layout(map={"style": "white-bg", "center": center, "zoom": zoom,
                           "layers": _backdrop_layers(backdrop, wanted)}, showlegend=True)
    return theme(fig, title, lang, height=520)


# ---- presentation mode: the same charts, readable from the back of a room --------------------------

INK = "#1f2933"
MUTED = "#3e4c59"  # darker than the dashboard's grey: high contrast on a projector


def presentation(fig: go.Figure, height: int | None = 520, font_size: int = 22) -> go.Figure:
    """Any figure of this module with large type, thick lines and no title (the slide has one);
    `height=None` leaves it to the page (the presentation sizes it from the viewport)."""
    fig.update_layout(
        title=None, height=height, autosize=True, font={"size": font_size, "color": INK},
        legend={"font": {"size": font_size}}, hoverlabel={"font": {"size": font_size}},
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
    )
    fig.update_xaxes(tickfont={"size": font_size, "color": INK}, linecolor=INK, linewidth=2, tickangle=0)
    fig.update_yaxes(tickfont={"size": font_size - 2, "color": INK})
    fig.update_traces(selector={"type": "bar"}, textfont={"size": font_size})
    fig.update_traces(selector={"type": "scatter"}, line={"width": 5}, marker={"size": 12})
    return fig


def big_numbers(tiles: list[tuple[str, str]], columns: int = 3, height: int = 480,
                value_size: int = 88, label_size: int = 30) -> go.Figure:
    """Formatted figures in huge type on a grid, each over its label: `[(label, "445 135 €"), ...]`.
    Text goes to plotly as given: escape anything that comes from the records (alize.present)."""
    fig = go.Figure()
    rows = max(1, -(-len(tiles) // columns))
    for i, (label, value) in enumerate(tiles):
        r, c = divmod(i, columns)
        x = (c + 0.5) / columns
        y = 1 - (r + 0.5) / rows
        fig.add_annotation(x=x, y=y, yanchor="bottom", text=f"<b>{value}</b>", showarrow=False,
                           font={"size": value_size, "color": INK})
        fig.add_annotation(x=x, y=y, yanchor="top", yshift=-4, text=label, showarrow=False,
                           font={"size": label_size, "color": MUTED})
    fig.update_layout(
        height=height, paper_bgcolor="white", plot_bgcolor="white", font={"family": FONT},
        margin={"l": 0, "r": 0, "t": 0, "b": 0}, showlegend=False,
        xaxis={"visible": False, "range": [0, 1], "fixedrange": True},
        yaxis={"visible": False, "range": [0, 1], "fixedrange": True},
    )
    return fig


def big_table(headers: list[str], columns: list[list[str]], align: list[str], font_size: int = 22,
              widths: list[float] | None = None, height: int | None = None) -> go.Figure:
    """A table in large type: `columns` are lists of already formatted (and escaped) cells."""
    n = len(columns[0]) if columns else 0
    row_h = font_size * 2 + 4
    fig = go.Figure(go.Table(
        columnwidth=widths,
        header={"values": [f"<b>{h}</b>" for h in headers], "fill_color": PALETTE[0], "align": align,
                "font": {"size": font_size, "color": "white", "family": FONT}, "height": row_h,
                "line_color": "white"},
        cells={"values": columns, "align": align, "height": row_h,
               "font": {"size": font_size, "color": INK, "family": FONT},
               "fill_color": [["#eef4fa" if i % 2 else "white" for i in range(n)]],
               "line_color": "#d9e2ec"},
    ))
    # room for a firm's name on two lines in every row: a table taller than its frame would scroll
    fig.update_layout(height=height or (row_h + font_size // 2 + 4) * (n + 1) + 24, margin={"l": 0, "r": 0, "t": 0, "b": 0},
                      paper_bgcolor="white")
    return fig
