"""Download buttons: every table shown can leave as CSV or Excel, with the headers the user sees;
the whole scope as the PowerPoint deck or the standalone HTML report (`exports_buttons`); a committee's
brief as a PDF (`brief_pdf`).

The files come from alize.export (French headers, `;` CSV for French Excel, formula injection
neutralised)."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from alize.reports import export, pdf, present
from alize.scope import Scope
from ui.common import lang, query, tr


def _logged(what: str, make):
    """The file maker of a download button, writing "download" and what to the audit log when the
    file is made (on click: the buttons build their file lazily)."""
    from ui import auth

    who = auth.user_name()  # now, in the run: the file may be made outside it, on click

    def made():
        auth.audit_as(who, "download", what)
        return make()

    return made


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "tableau"


def table_downloads(df: pd.DataFrame, name: str, labels: dict[str, str] | None = None, key: str | None = None,
                    pdf=None) -> None:
    """Small buttons under a table: CSV and Excel of exactly its rows and columns; with `pdf`
    (label, bytes function, file name), a third one for the printable document the table belongs to."""
    lg = lang()
    key = key or _slug(name)
    # one row of buttons at their own width: a horizontal container is one element, where columns were
    # four (Streamlit's browser renders every element again at each rerun)
    row = st.container(horizontal=True, gap="small")
    row.download_button("CSV", data=_logged(f"{_slug(name)}.csv", lambda: export.to_csv(df, lg, labels=labels)),
                        file_name=f"{_slug(name)}.csv",
                        mime="text/csv", key=f"{key}_csv", icon=":material/download:", on_click="ignore",
                        help=tr("table.download_csv_help"))
    row.download_button("Excel", data=_logged(f"{_slug(name)}.xlsx", lambda: export.to_xlsx({name[:31]: df}, lg, labels=labels)),
                        file_name=f"{_slug(name)}.xlsx",
                        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        key=f"{key}_xlsx", icon=":material/download:", on_click="ignore",
                        help=tr("table.download_xlsx_help"))
    if pdf:
        label, data, file_name = pdf
        row.download_button(label, data=_logged(file_name, data), file_name=file_name, mime="application/pdf", key=f"{key}_pdf",
                            icon=":material/picture_as_pdf:", on_click="ignore", help=tr("brief.download_pdf_help"))


# ---- the whole scope: deck and report (built on click, cached by scope and language) ---------------

PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def file_stem(scope: Scope) -> str:
    """`alize-2010` / `alize-2009-01-01-2011-12-31`: the period, never user text."""
    whole_years = (scope.start.month, scope.start.day, scope.end.month, scope.end.day) == (1, 1, 12, 31)
    if whole_years:
        years = str(scope.start.year) if scope.start.year == scope.end.year else f"{scope.start.year}-{scope.end.year}"
        return f"alize-{years}"
    return f"alize-{scope.start.isoformat()}-{scope.end.isoformat()}"


def deck_bytes(scope: Scope, lg: str) -> bytes:
    return query(export.deck, scope, lang=lg)


def report_bytes(scope: Scope, lg: str) -> bytes:
    return query(export.report_html, scope, lang=lg).encode("utf-8")


def exports_buttons(scope: Scope, key: str = "exports", width: str = "stretch") -> None:
    """Two buttons: the deck (.pptx) and the HTML report of `scope`, in the interface's language."""
    lg = lang()
    stem = file_stem(scope)
    st.download_button(present.label("slide.download_deck", lg), data=_logged(f"{stem}.pptx", lambda: deck_bytes(scope, lg)),
                       file_name=f"{stem}.pptx", mime=PPTX, key=f"{key}_pptx", on_click="ignore",
                       icon=":material/slideshow:", help=present.label("slide.download_deck_help", lg), width=width)
    st.download_button(present.label("slide.download_report", lg), data=_logged(f"{stem}.html", lambda: report_bytes(scope, lg)),
                       file_name=f"{stem}.html", mime="text/html", key=f"{key}_html", on_click="ignore",
                       icon=":material/article:", help=present.label("slide.download_report_help", lg), width=width)


def brief_pdf(committee_id: str, lg: str, today) -> bytes:
    return query(pdf.committee_brief_pdf, committee_id, lang=lg, today=today)


def partner_report_pdf(partner_id: str, year: int, lg: str, today) -> bytes:
    """One partner's report (alize.reports.partner_report): its basin only, built on click, cached."""
    from alize.reports import partner_report

    return query(partner_report.partner_report_pdf, partner_id, year, lang=lg, today=today)


def partner_report_button(choices: pd.DataFrame, default_year: int, key: str = "partner_report") -> None:
    """A partner, a year, and the download of that partner's report (a download per partner)."""
    from alize.reports import partner_report
    from ui.common import today

    lg = lang()
    names = dict(zip(choices["id"], choices["name"] + " (" + choices["basin"] + ")"))
    c1, c2, c3 = st.columns([3, 1, 2], vertical_alignment="bottom")
    pid = c1.selectbox(tr("preport.partner"), list(names), format_func=names.get, key=f"{key}_partner")
    row = choices[choices["id"] == pid].iloc[0]
    years = list(range(int(row["last_year"]), int(row["first_year"]) - 1, -1))
    year = c2.selectbox(tr("preport.year"), years, index=years.index(default_year) if default_year in years else 0,
                        key=f"{key}_year")
    day = today()
    c3.download_button(tr("preport.download"), data=lambda: partner_report_pdf(pid, year, lg, day),
                       file_name=partner_report.file_name(pid, year, lg), mime="application/pdf", key=f"{key}_pdf",
                       icon=":material/picture_as_pdf:", on_click="ignore", help=tr("preport.download_help"))
