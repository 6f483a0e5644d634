"""Download buttons: every table shown can leave as CSV or Excel, with the headers the user sees.

The files come from alize.export (French headers, `;` CSV for French Excel, formula injection
neutralised)."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from alize import export
from ui.common import lang, tr


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "tableau"


def table_downloads(df: pd.DataFrame, name: str, labels: dict[str, str] | None = None, key: str | None = None) -> None:
    """Two small buttons under a table: CSV and Excel of exactly its rows and columns."""
    lg = lang()
    key = key or _slug(name)
    c1, c2, _ = st.columns([1, 1, 6])
    c1.download_button("CSV", data=lambda: export.to_csv(df, lg, labels=labels), file_name=f"{_slug(name)}.csv",
                       mime="text/csv", key=f"{key}_csv", icon=":material/download:", on_click="ignore",
                       help=tr("download_csv_help"))
    c2.download_button("Excel", data=lambda: export.to_xlsx({name[:31]: df}, lg, labels=labels),
                       file_name=f"{_slug(name)}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key=f"{key}_xlsx", icon=":material/download:", on_click="ignore",
                       help=tr("download_xlsx_help"))
