"""What the presentation mode and the committee brief show, independent of Streamlit.

- `committee_brief(con, committee_id)` → one committee's agenda with the figures a committee needs
  (aid, bank loans, leverage, jobs at application and committed, competence days, decision) and its
  basin's key figures for the year to date (1 January of the committee's year → the committee's date).
- `label()`: the words of these two screens, from alize/text.py's catalog.
- `escape_plotly()`: text from the records made inert for plotly's pseudo-HTML (`<a href>`, `<b>`...).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from alize import text
from alize.metrics import records
from alize.metrics.figures import RATES, Comparison, KeyFigures, key_figures
from alize.metrics.records import CommitteeInfo
from alize.reports import charts
from alize.scope import Scope


def label(key: str, lang: str = "fr", **fields) -> str:
    """The words of these screens live in the one catalog, alize/text.py."""
    return text.t(key, lang, **fields)


def escape_plotly(value) -> str:
    """Plotly reads `<b>`, `<a href=...>` and entities in any text: a firm's name from the records is
    shown as written, never as markup. (Figures built through charts.theme are escaped there; this is
    for what plotly shows outside traces' data, such as table cells.)"""
    return charts.present_text(str(value))


@dataclass(frozen=True)
class Brief:
    info: CommitteeInfo
    agenda: pd.DataFrame        # records.committee_projects + leverage (bank loans / aid, retained only)
    ytd_scope: Scope            # the basin, 1 January of the committee's year → its date
    ytd: KeyFigures

    @property
    def retained(self) -> pd.DataFrame:
        return self.agenda[self.agenda["decision"] == "retained"]

    @property
    def totals(self) -> dict:
        """The committee's own figures: studied, retained, and sums over the retained projects."""
        r = self.retained
        aid = int(r["aid_eur"].sum())
        loans = int(r["bank_loans_eur"].sum())
        aided_loans = int(r.loc[r["aid_eur"] > 0, "bank_loans_eur"].sum())  # leverage: over the aided projects
        return {"projects_studied": len(self.agenda), "projects_retained": len(r), "aid_eur": aid,
                "bank_loans_eur": loans, "leverage": aided_loans / aid if aid else None,
                "jobs_committed": int(r["jobs_committed"].sum()),
                "competence_days": float(r["competence_days"].sum())}

    def is_upcoming(self, today: dt.date) -> bool:
        return self.info.held_on > today


def change_text(cmp: Comparison, name: str, lang: str = "fr") -> str | None:
    """A figure's change against the previous period: a rate's in points (`+7,3 pts`), a count's or a
    sum's in % (`+12,5 %`); None without a base."""
    if name in RATES:
        points = cmp.change_points(name)
        return None if points is None else text.fmt_points(points, lang)
    change = cmp.change(name)
    return None if change is None else text.fmt_delta_pct(change, lang)


FIGURES = ("committees", "projects_studied", "projects_retained", "competence_days", "aid_eur", "jobs_committed")
RATIOS = ("approval_rate", "aid_per_project", "aid_per_aided_project", "aid_per_job", "days_per_project",
          "jobs_per_project")
RATIO_KINDS = {"approval_rate": "pct", "aid_per_project": "eur", "aid_per_aided_project": "eur",
               "aid_per_job": "eur", "days_per_project": "num1", "jobs_per_project": "num1"}


def figure_value(f: KeyFigures, name: str, lang: str = "fr") -> str:
    value = getattr(f, name)
    if name == "aid_eur":
        return text.fmt_eur(value, lang)
    if name == "competence_days":
        return text.fmt_cell(value, "days", lang)
    if name in RATIO_KINDS:
        return text.fmt_cell(value, RATIO_KINDS[name], lang)
    return text.fmt_number(value, 0, lang)


def tiles_with_change(cmp: Comparison, names, lang: str = "fr") -> list[tuple[str, str, str | None, str]]:
    """(name, label, value, change) for the overview's tiles and the first slide."""
    return [(name, text.t(f"figure.{name}", lang), figure_value(cmp.current, name, lang), change_text(cmp, name, lang))
            for name in names]


def committee_tiles(totals: dict, lang: str = "fr") -> list[tuple[str, str]]:
    """The committee's own figures, as the brief's page and its PDF show them: (label, value)."""
    return [
        (text.t("figure.projects_studied", lang), text.fmt_number(totals["projects_studied"], 0, lang)),
        (text.t("figure.projects_retained", lang), text.fmt_number(totals["projects_retained"], 0, lang)),
        (text.t("figure.aid_eur", lang), text.fmt_eur(totals["aid_eur"], lang)),
        (text.t("figure.bank_loans", lang), text.fmt_eur(totals["bank_loans_eur"], lang)),
        (text.t("figure.leverage", lang), text.fmt_leverage(totals["leverage"], lang)),
        (text.t("figure.jobs_committed", lang), text.fmt_number(totals["jobs_committed"], 0, lang))]


def figure_tiles(f: KeyFigures, lang: str = "fr") -> list[tuple[str, str]]:
    """The newsletter's six figures, in its order: (label, formatted value) — the overview's, the slides',
    the deck's and the report's, and a committee's basin from 1 January to its date."""
    return [(text.t(f"figure.{name}", lang), figure_value(f, name, lang)) for name in FIGURES]


def year_to_date(info: CommitteeInfo) -> Scope:
    return Scope(dt.date(info.held_on.year, 1, 1), info.held_on, basins=(info.basin,))


def committee_brief(con, committee_id: str, permitted: tuple[str, ...] | None = None) -> Brief:
    """`permitted`: the reader's basins (alize.scope.Permission.basins); another basin's committee is unknown."""
    info = records.committee(con, committee_id, permitted)
    agenda = records.committee_projects(con, committee_id, permitted)
    agenda["leverage"] = (agenda["bank_loans_eur"] / agenda["aid_eur"].where(agenda["aid_eur"] > 0)).astype("float64")
    ytd_scope = year_to_date(info)
    return Brief(info, agenda, ytd_scope, key_figures(con, ytd_scope))


def committee_option(row, lang: str, today: dt.date) -> str:
    """`17/11/2010 — alIZé Savoie` (plus `· à venir` after today) for a committee selector."""
    held = row["held_on"]
    held = held.date() if isinstance(held, pd.Timestamp) else held
    out = label("brief.committee_option", lang, date=text.fmt_date(held, lang), basin=row["basin"])
    return out + (f" · {label('brief.upcoming', lang)}" if held > today else "")
