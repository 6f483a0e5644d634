"""What the presentation mode and the committee brief show, independent of Streamlit.

- `committee_brief(con, committee_id)` → one committee's agenda with the figures a committee needs
  (aid, bank loans, leverage, jobs at application and committed, competence days, decision) and its
  basin's key figures for the year to date (1 January of the committee's year → the committee's date).
- `LABELS` / `label()`: the words of these two screens (French, English).
- `escape_plotly()`: text from the records made inert for plotly's pseudo-HTML (`<a href>`, `<b>`...).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from alize import records, text
from alize.figures import KeyFigures, key_figures
from alize.records import CommitteeInfo
from alize.scope import Scope

LABELS: dict[str, tuple[str, str]] = {
    "page_brief": ("Fiche de comité", "Committee brief"),
    "slide_figures": ("Chiffres clés", "Key figures"),
    "slide_territories": ("Avant et après l'extension", "Before and after the extension"),
    "slide_committee": ("Le comité", "The committee"),
    "slide_trend": ("Évolution annuelle", "Yearly trend"),
    "slide": ("Diapositive", "Slide"),
    "previous": ("Précédent", "Previous"),
    "next": ("Suivant", "Next"),
    "options": ("Options", "Options"),
    "keys_hint": (("Flèches ← et → du clavier : diapositive précédente / suivante. Les filtres sont dans le "
                   "volet latéral (bouton en haut à gauche)."),
                  ("Keyboard arrows ← and →: previous / next slide. The filters are in the side panel "
                   "(button at the top left).")),
    "committee": ("Comité", "Committee"),
    "committee_option": ("{date} — {basin}", "{date} — {basin}"),
    "upcoming": ("à venir", "upcoming"),
    "no_committee": ("Aucun comité dans ce périmètre : élargissez la période ou les bassins.",
                     "No committee in this scope: widen the period or the basins."),
    "no_comparison": ("Aucune extension de territoire ne concerne ce périmètre.",
                      "No territory extension concerns this scope."),
    "downloads": ("Télécharger", "Download"),
    "download_deck": ("Présentation PowerPoint", "PowerPoint deck"),
    "download_deck_help": ("Diapositives 16:9 du périmètre, graphiques natifs modifiables",
                           "16:9 slides of the scope, native editable charts"),
    "download_report": ("Rapport HTML", "HTML report"),
    "download_report_help": ("Page autonome, lisible sans réseau, imprimable en A4",
                             "Standalone page, opens with no network, prints to A4"),
    "committee_title": ("Comité du {date} — {basin}", "Committee of {date} — {basin}"),
    "committee_place": ("Lieu : {place}", "Place: {place}"),
    "agenda": ("Projets à l'ordre du jour", "Projects on the agenda"),
    "agenda_count": ("{n} projet(s) à l'ordre du jour", "{n} project(s) on the agenda"),
    "committee_figures": ("Le comité en chiffres", "The committee in figures"),
    "ytd_title": ("{basin} depuis le 1er janvier {year}", "{basin} since 1 January {year}"),
    "ytd_caption": ("Du 01/01/{year} au {date} inclus (date du comité), tous les comités du bassin.",
                    "From 1 January {year} to {date} included (the committee's date), every committee of the basin."),
    "aid_note": ("Les registres ne gardent que l'aide accordée : elle vaut 0 pour un projet ajourné ou refusé.",
                 "The records keep the aid granted only: it is 0 for a deferred or rejected project."),
    "aid_granted": ("Aide accordée", "Aid granted"),
    "bank_loans": ("Prêts bancaires", "Bank loans"),
    "leverage": ("Effet levier", "Leverage"),
    "jobs_at_start": ("Emplois au dépôt", "Jobs at application"),
    "open_brief": ("Fiche de ce comité", "This committee's brief"),
    "brief_file": ("fiche-comite", "committee-brief"),
}


def label(key: str, lang: str = "fr", **fields) -> str:
    pair = LABELS.get(key)
    if pair is None:
        return text.t(key, lang, **fields)
    out = pair[0 if text.check_lang(lang) == "fr" else 1]
    return out.format(**fields) if fields else out


def escape_plotly(value) -> str:
    """Plotly reads `<b>`, `<br>`, `<a href=...>` and entities in any text: a firm's name from the
    records is shown as written, never as markup."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
        return {"projects_studied": len(self.agenda), "projects_retained": len(r), "aid_eur": aid,
                "bank_loans_eur": loans, "leverage": loans / aid if aid else None,
                "jobs_committed": int(r["jobs_committed"].sum()),
                "competence_days": float(r["competence_days"].sum())}

    def is_upcoming(self, today: dt.date) -> bool:
        return self.info.held_on > today


def year_to_date(info: CommitteeInfo) -> Scope:
    return Scope(dt.date(info.held_on.year, 1, 1), info.held_on, basins=(info.basin,))


def committee_brief(con, committee_id: str) -> Brief:
    info = records.committee(con, committee_id)
    agenda = records.committee_projects(con, committee_id)
    agenda["leverage"] = (agenda["bank_loans_eur"] / agenda["aid_eur"].where(agenda["aid_eur"] > 0)).astype("float64")
    ytd_scope = year_to_date(info)
    return Brief(info, agenda, ytd_scope, key_figures(con, ytd_scope))


def committee_option(row, lang: str, today: dt.date) -> str:
    """`17/11/2010 — alIZé Savoie` (plus `· à venir` after today) for a committee selector."""
    held = row["held_on"]
    held = held.date() if isinstance(held, pd.Timestamp) else held
    out = label("committee_option", lang, date=text.fmt_date(held, lang), basin=row["basin"])
    return out + (f" · {label('upcoming', lang)}" if held > today else "")
