"""The dashboard's read-only tables: a Streamlit component (st.components.v2) that writes an HTML table,
sortable by a click on a column's header.

Why not st.dataframe: it draws its grid on a canvas, and draws it again at every script run. On the
fund's page a year change spent 30–45 ms in the browser on its three small tables, against about 7 ms as
HTML tables (docs/benchmark.md, "Feel"). As HTML the cells are also text of the page: the browser's
search (Ctrl+F) finds a firm, a screen reader reads the table, and a printed page shows it.

Tables a reader picks a row from (the committees, the projects) stay st.dataframe, with its selection
(`ui.widgets.table(select=True)`)."""

from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache
from pathlib import Path

import pandas as pd
import streamlit as st

from alize import text

NAME = "alize_table"
_JS = Path(__file__).with_name("table.js").read_text(encoding="utf-8")
# Kinds of alize.text.CELL_FORMATS sorted as numbers and aligned right; dates sort by their ISO text,
# every other kind by what the reader reads (the browser compares it in the page's language).
NUMERIC = frozenset({"int", "num1", "num2", "days", "eur", "pct", "leverage"})


@lru_cache(maxsize=1)
def _component():
    return st.components.v2.component(NAME, js=_JS, isolate_styles=False)


def _number(value) -> float | int | None:
    if text.is_missing(value):
        return None
    number = float(value)
    if not math.isfinite(number):
        return None
    return int(number) if number.is_integer() else number


def _iso_date(value) -> str | None:
    if text.is_missing(value):
        return None
    if isinstance(value, dt.date):  # pd.Timestamp is a datetime, so a date
        return value.isoformat()[:10]
    return str(value)


def table_data(df: pd.DataFrame, columns: dict[str, tuple[str, str]], lang: str, max_height: int) -> dict:
    """What the browser draws: each column's header and alignment, each cell's text (« – » when empty),
    and the value a click on the header sorts by."""
    heads, cells, keys = [], [], []
    for name, (label, kind) in columns.items():
        heads.append({"label": text.t(label, lang), "numeric": kind in NUMERIC})
        shown = [text.fmt_cell(v, kind, lang) for v in df[name]]
        cells.append(shown)
        if kind in NUMERIC:
            keys.append([_number(v) for v in df[name]])
        elif kind == "date":
            keys.append([_iso_date(v) for v in df[name]])
        else:
            keys.append([None if s == text.NO_VALUE else s for s in shown])
    return {"columns": heads, "rows": [list(row) for row in zip(*cells)] if cells else [],
            "keys": [list(row) for row in zip(*keys)] if keys else [], "max_height": max_height,
            "lang": lang, "sort_hint": text.t("table.sort_hint", lang)}


def draw(df: pd.DataFrame, columns: dict[str, tuple[str, str]], key: str, lang: str, max_height: int) -> None:
    _component()(key=key, data=table_data(df, columns, lang, max_height))
