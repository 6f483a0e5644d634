"""Display helpers the pages share: formatted tables, charts that cross-filter, empty-scope messages."""

from __future__ import annotations

import datetime as dt
import html

import pandas as pd
import streamlit as st

from alize import text
from alize.scope import PARAMS
from ui import table as html_table
from ui.common import lang, query, tr
from ui.downloads import table_downloads
from ui.filters import set_period
from ui.plot import plot, served_json


def _fmt(kind: str, lg: str):
    return lambda v: text.fmt_cell(v, kind, lg)


def labelled(df: pd.DataFrame, columns: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """Keep `columns` (name → (label key, kind)) in order, with translated headers."""
    lg = lang()
    out = df[list(columns)].copy()
    return out.rename(columns={c: text.t(label, lg) for c, (label, _) in columns.items()})


MAX_ROWS = 1000


ROW_PX, HEAD_PX, MAX_TABLE_PX = 35, 38, 420


def table_height(rows: int) -> int:
    """A table as tall as its rows (no empty box under three rows), scrolling beyond about 11."""
    return min(HEAD_PX + ROW_PX * max(rows, 1) + 2, MAX_TABLE_PX)


def table(df: pd.DataFrame, columns: dict[str, tuple[str, str]], key: str, select: bool = False,
          download: str | None = None, pdf=None):
    """A sortable table with the interface's headers and formats (sorting uses the values, not their
    text), followed by CSV and Excel downloads of the same rows and columns (`download` names the file).
    With `select`, a click on a row selects it (st.dataframe); otherwise the table is HTML (ui.table)."""
    lg = lang()
    full = df
    if len(df) > MAX_ROWS:  # formatting every cell of a national table costs seconds: show the first rows
        df = df.head(MAX_ROWS)
        st.caption(tr("table.rows_cut", shown=text.fmt_number(MAX_ROWS, 0, lg), total=text.fmt_number(len(full), 0, lg)))
    event = None
    if select:
        shown = labelled(df, columns)
        # a missing cell is Streamlit's to draw (placeholder): a Styler's text for it is never shown
        styler = shown.style.format({text.t(label, lg): _fmt(kind, lg) for _, (label, kind) in columns.items()})
        event = st.dataframe(styler, hide_index=True, placeholder=text.NO_VALUE, width="stretch",
                             height=table_height(len(shown)), key=key, on_select="rerun", selection_mode="single-row")
    else:
        html_table.draw(df, columns, key, lg, MAX_TABLE_PX)
    table_downloads(full[list(columns)], download or key,
                    labels={c: text.t(label, lg) for c, (label, _) in columns.items()}, key=f"dl_{key}", pdf=pdf)
    return event


def selected_row(event, df: pd.DataFrame):
    """The row the user clicked in a selectable table, or None."""
    try:
        rows = event.selection.rows
    except AttributeError:
        return None
    return df.iloc[rows[0]] if rows else None


DRILL = "_drill"  # (chart key, what was clicked): the projects behind it are one click away


def chart(fig, key: str, on_select=None, back: str | None = None):
    """A plotly chart; with `on_select`, clicking a bar or point calls it (cross-filtering), and then a
    link opens the projects behind the bar on the Projects page, with the way back (`back`: this page)."""
    event = plot(fig, key, lang(), on_select)
    if on_select is None:
        return event
    drill = st.session_state.get(DRILL)
    if back and drill and drill[0] == key:
        projects_link(drill[1], back)
    return event


def map_backdrop(basin: str, communes: pd.DataFrame):
    """The surrounding communes under a basin's map (alize.reports.charts.commune_map), by address
    (ui.plot.served_json): held in the figure, their 127 KB went to the browser again at every rerun of
    the page (docs/benchmark.md, "Feel"). In the figure where the app cannot serve them."""
    from alize.metrics import geo
    from alize.reports import charts

    collection = charts.backdrop_collection(query(geo.basin_context, basin), set(communes["insee_code"]))
    if not collection["features"]:
        return None
    return served_json(collection, "backdrop") or collection


def chart_beside_table(fig, chart_key: str, df: pd.DataFrame, columns: dict[str, tuple[str, str]], table_key: str,
                       download: str) -> None:
    """A chart on the left and the table of its figures on the right (the fund's cohorts)."""
    left, right = st.columns(2)
    with left:
        chart(fig, key=chart_key)
    with right:
        table(df, columns, key=table_key, download=download)


def projects_link(what: str, back: str) -> None:
    # the shared filters go along by themselves (bound to the URL, drawn on every page)
    st.page_link("pages/projets.py", label=tr("widget.see_projects", what=what), icon=":material/list_alt:",
                 query_params={"back": back})


def back_link() -> None:
    """On the Projects page opened from a chart: the way back to that page, kept in the address (?back=)."""
    from ui.navigation import PAGES

    back = st.query_params.get("back")
    page = next(((path, key) for path, key, slug, _ in PAGES if slug == back), None)
    if page is None:
        return
    st.page_link(page[0], label=tr("widget.back_to", page=tr(page[1])), icon=":material/arrow_back:")


def _clicked(chart_key: str):
    state = st.session_state.get(chart_key)
    try:
        points = state["selection"]["points"]
    except (KeyError, TypeError):
        return None
    if not points:
        return None
    point = points[0]
    value = point.get("customdata")
    if isinstance(value, list):
        value = value[0] if value else None
    return value if value is not None else point.get("x")


def filter_year_on_click(chart_key: str):
    """Callback: a click on a year narrows the shared period to that year."""
    def callback():
        year = _clicked(chart_key)
        try:
            year = int(year)
        except (TypeError, ValueError):
            return
        set_period(dt.date(year, 1, 1), dt.date(year, 12, 31))
        st.session_state[DRILL] = (chart_key, str(year))
    return callback


def filter_on_click(chart_key: str, param: str, allowed):
    """Callback: a click on a category (territory, basin...) sets that shared filter to it."""
    def callback():
        value = _clicked(chart_key)
        value = None if value is None else html.unescape(str(value))  # the chart shows escaped names
        if value is None or value not in allowed():
            return
        st.session_state[PARAMS[param]] = [value]
        st.session_state[DRILL] = (chart_key, value)
    return callback


VIEW_PARAM = "view"


def views(names: dict[str, str], key: str, implied: dict[str, tuple[str, ...]] | None = None) -> dict[str, object]:
    """A page's parts as tabs (name → catalog key of its label), of which only the open one runs: a
    filter change reruns and redraws what is on screen, not the other tabs. The open tab is in the
    address by its name (`?view=free`), so a link opens it in French as in English; the first tab
    leaves the address clean. A link without it opens the tab whose own parameters it carries
    (`implied`: name → its widgets' parameters), as links did before the tabs. Returns name → tab
    (each with `.open`)."""
    labels = {name: tr(label) for name, label in names.items()}
    wanted = st.query_params.get(VIEW_PARAM)
    if wanted is not None and wanted not in labels:  # a name from another version, or mistyped
        st.query_params.pop(VIEW_PARAM, None)
        wanted = None
    if wanted is None:
        wanted = next((n for n, params in (implied or {}).items() if n in labels
                       and any(p in st.query_params for p in params)), None)
    default = labels.get(wanted, next(iter(labels.values())))
    name_of = {label: name for name, label in labels.items()}
    if st.session_state.get(key) not in name_of:  # first run, or labels of the other language
        st.session_state.pop(key, None)

    def remember() -> None:
        name = name_of.get(st.session_state.get(key))
        if name is None or name == next(iter(labels)):
            st.query_params.pop(VIEW_PARAM, None)
        else:
            st.query_params[VIEW_PARAM] = name

    tabs = st.tabs(list(labels.values()), key=key, default=default, on_change=remember)
    return dict(zip(labels, tabs))


def empty(message_key: str = "common.empty_scope") -> None:
    st.info(tr(message_key), icon=":material/filter_alt_off:")


def scope_caption(scope) -> None:
    st.caption(text.md_text(text.scope_line(scope, lang())))


def delta_style(change: str | None, coloured: bool = True) -> dict:
    """st.metric reads a change's sign from an ASCII '-'; the app writes a true minus (U+2212), so the
    arrow and the colour are given: up and green for a rise, down and red for a fall."""
    if not change or change.lstrip("+" + text.MINUS).strip("0,." + text.NBSP + "%ptsPTS ") == "":
        return {"delta_arrow": "off", "delta_color": "off"}
    fall = change.startswith(text.MINUS)
    colour = ("red" if fall else "green") if coloured else "off"
    return {"delta_arrow": "down" if fall else "up", "delta_color": colour}


def metric_rows(tiles: list[tuple], per_row: int = 3) -> None:
    """Figures as bordered tiles, `per_row` to a row: (label, value) or (name, label, value, change);
    a change of aid per job committed is not coloured (less is neither better nor worse)."""
    for i in range(0, len(tiles), per_row):
        for col, tile in zip(st.columns(per_row), tiles[i:i + per_row]):
            if len(tile) == 2:
                col.metric(tile[0], tile[1], border=True)
            else:
                name, label, value, change = tile
                col.metric(label, value, change, border=True, **delta_style(change, coloured=name != "aid_per_job"))
