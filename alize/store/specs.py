"""What each table of the records accepts: its columns with their French labels, kinds, references,
choices and plausible limits. The importer validates against it, the quality checks and the
templates name tables and columns from it; the schema (schema.sql) enforces the same keys."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from alize.store import db

# ---- plausible values (docs/import.md, « Limits ») ----------------------------------------------
# Anything outside is refused (`out_of_range`, `too_long`...) before a row reaches the database:
# a committee dated 31/12/9999 made the derived tables explode, 01/01/0001 broke the overview, 10^20 €
# overflowed the BIGINT columns.
DATE_MIN = dt.date(1990, 1, 1)         # every date column: on or after this day...
DATE_YEARS_AHEAD = 10                  # ... and on or before 31 December of the year ten years from today
AMOUNT_MAX = 100_000_000               # € in any amount column
AID_WARN = 500_000                     # € of aid (or repayment) above which a row gets a warning
BANK_LOANS_WARN = 5_000_000            # € of bank loans above which a row gets a warning
CONTRIBUTION_WARN = 1_000_000          # € paid into a loan fund at once above which a row gets a warning
JOBS_MAX = 100_000                     # jobs or headcount of one firm
JOBS_WARN = 1_000                      # ... above which a row gets a warning
ESTABLISHMENTS_MAX = 10_000_000        # employer establishments of one territory
CONVENTION_MAX = 99                    # convention numbers of a basin
DAYS_MAX = 365                         # competence days of one mission
ID_MAX = 40                            # characters of an identifier (the schema's CHECK)
NAME_MAX = 200                         # characters of a name, a company or a place
VALUE_MAX = 200                        # characters of any other cell (date, number, code, choice)
MAX_ROWS = 200_000                     # rows after the header in one CSV file or one sheet
XLSX_MAX_UNZIPPED = 200 * 1024 * 1024  # bytes of a workbook once unzipped (all its parts)
XLSX_MAX_RATIO = 100                   # unzipped / zipped size of one part of a workbook ...
XLSX_RATIO_FROM = 10 * 1024 * 1024     # ... checked for parts larger than this once unzipped
XLSX_MAX_PARTS = 10_000                # files inside one workbook


def date_max(today: dt.date | None = None) -> dt.date:
    """The latest date accepted: 31 December of the year DATE_YEARS_AHEAD years from today."""
    return dt.date((today or dt.date.today()).year + DATE_YEARS_AHEAD, 12, 31)


# ---- what each table accepts -------------------------------------------------------------------

@dataclass(frozen=True)
class Col:
    name: str                 # schema column
    label: str                # French header, as in the templates
    kind: str                 # id, text, date, int, eur, days, year, insee, choice
    required: bool = True
    default: Any = None       # value of an absent column in a new row
    aliases: tuple[str, ...] = ()
    ref: str | None = None    # referenced table
    choices: str | None = None
    min: float | None = None
    max: float | None = None  # larger is refused (`out_of_range`)
    warn: float | None = None  # larger is accepted with a warning (`unusual_value`)
    max_len: int | None = None  # characters, for text and identifiers


@dataclass(frozen=True)
class TableSpec:
    name: str
    label: str                # "Projets"
    sheet: str                # sheet / file name in templates: "projets"
    names: tuple[str, ...]    # accepted file and sheet names (normalised on use)
    key: tuple[str, ...]
    cols: tuple[Col, ...]
    noun: str                 # "comité inconnu" ...: the word used in reference messages
    unique: tuple[str, ...] = ()

    def col(self, name: str) -> Col:
        return next(c for c in self.cols if c.name == name)


CHOICES: dict[str, dict[str, str]] = {
    "decision": {"retenu": "retained", "retenue": "retained", "accepte": "retained", "accorde": "retained",
                 "agree": "retained", "retained": "retained",
                 "ajourne": "deferred", "ajournee": "deferred", "reporte": "deferred", "deferred": "deferred",
                 "refuse": "rejected", "refusee": "rejected", "rejete": "rejected", "rejected": "rejected",
                 "a l etude": "pending", "en attente": "pending", "a venir": "pending", "pending": "pending"},
    "kind": {"creation": "creation", "developpement": "development", "development": "development",
             "reprise": "takeover", "transmission": "takeover", "takeover": "takeover"},
    "partner_kind": {"grande entreprise": "large_company", "entreprise": "large_company",
                     "large company": "large_company", "large_company": "large_company",
                     "collectivite": "local_authority", "collectivite territoriale": "local_authority",
                     "collectivite locale": "local_authority", "local authority": "local_authority",
                     "local_authority": "local_authority",
                     "organisme public": "public_body", "etablissement public": "public_body",
                     "public body": "public_body", "public_body": "public_body",
                     "banque": "bank", "bank": "bank", "autre": "other", "other": "other"},
    "theme": {"finance": "finance", "finances": "finance", "rh": "hr", "ressources humaines": "hr", "hr": "hr",
              "qualite": "quality", "quality": "quality", "export": "export", "international": "export",
              "production": "production", "marketing": "marketing", "commercial": "marketing",
              "strategie": "strategy", "strategy": "strategy", "informatique": "it", "numerique": "it",
              "it": "it", "juridique": "legal", "droit": "legal", "legal": "legal"},
    "repayment_kind": {"remboursement": "repayment", "repayment": "repayment", "passage en perte": "write_off",
                       "perte": "write_off", "abandon de creance": "write_off", "creance irrecouvrable": "write_off",
                       "write off": "write_off", "write_off": "write_off"},
}
# French word written for a code (templates' help sheet, exports in French formats)
CHOICE_LABELS: dict[str, dict[str, str]] = {
    "decision": {"retained": "retenu", "deferred": "ajourné", "rejected": "refusé", "pending": "à l'étude"},
    "kind": {"creation": "création", "development": "développement", "takeover": "reprise"},
    "partner_kind": {"large_company": "grande entreprise", "local_authority": "collectivité territoriale",
                     "public_body": "organisme public", "bank": "banque", "other": "autre"},
    "theme": {"finance": "finance", "hr": "ressources humaines", "quality": "qualité", "export": "export",
              "production": "production", "marketing": "marketing", "strategy": "stratégie",
              "it": "informatique", "legal": "juridique"},
    "repayment_kind": {"repayment": "remboursement", "write_off": "passage en perte"},
}


# Long: a table, one entry per table of the records and one line per column, not logic.
def _specs() -> dict[str, TableSpec]:
    C = Col
    specs = [
        TableSpec("basins", "Bassins", "bassins", ("bassins", "bassin", "basins", "basin"), ("id",), (
            C("id", "Identifiant", "id", aliases=("code", "identifiant du bassin")),
            C("name", "Nom", "text", max_len=NAME_MAX, aliases=("nom du bassin", "libelle")),
            C("started_on", "Date de début", "date", aliases=("debut", "date de creation", "demarrage")),
        ), "bassin inconnu", unique=("name",)),
        TableSpec("territories", "Territoires", "territoires", ("territoires", "territoire", "territories",
                                                               "territory"), ("id",), (
            C("id", "Identifiant", "id", aliases=("code",)),
            C("basin", "Bassin", "id", ref="basins"),
            C("name", "Nom", "text", max_len=NAME_MAX, aliases=("nom du territoire", "libelle")),
            C("joined_on", "Date d'adhésion", "date", aliases=("adhesion", "date d entree", "joined")),
        ), "territoire inconnu", unique=("name",)),
        TableSpec("establishments", "Établissements employeurs", "établissements",
                  ("etablissements", "etablissements employeurs", "establishments"), ("territory", "year"), (
            C("territory", "Territoire", "id", ref="territories"),
            C("year", "Année", "year", aliases=("annee", "an")),
            C("count", "Établissements employeurs", "int", min=1, max=ESTABLISHMENTS_MAX,
              aliases=("etablissements", "nombre", "nombre d etablissements", "nombre d etablissements employeurs")),
        ), "établissement inconnu"),
        TableSpec("conventions", "Conventions", "conventions", ("conventions", "convention"), ("basin", "number"), (
            C("basin", "Bassin", "id", ref="basins"),
            C("number", "Numéro", "int", min=1, max=CONVENTION_MAX, aliases=("numero de convention", "n", "no", "num")),
            C("starts_on", "Date de début", "date", aliases=("debut",)),
            C("ends_on", "Date de fin", "date", aliases=("fin",)),
        ), "convention inconnue"),
        TableSpec("communes", "Communes", "communes", ("communes", "commune"), ("insee_code",), (
            C("insee_code", "Code INSEE", "insee", aliases=("insee", "code commune", "code")),
            C("name", "Nom", "text", max_len=NAME_MAX, aliases=("commune", "nom de la commune")),
            C("territory", "Territoire", "id", ref="territories"),
        ), "commune inconnue"),
        TableSpec("partners", "Partenaires", "partenaires", ("partenaires", "partenaire", "partners", "partner",
                                                             "entreprises partenaires"), ("id",), (
            C("id", "Identifiant", "id", aliases=("code",)),
            C("name", "Nom", "text", max_len=NAME_MAX, aliases=("raison sociale", "nom du partenaire")),
            C("kind", "Type", "choice", choices="partner_kind", aliases=("type de partenaire", "nature", "categorie")),
            C("basin", "Bassin", "id", ref="basins"),
            C("joined_on", "Date d'adhésion", "date", aliases=("adhesion", "date d entree", "joined")),
            C("left_on", "Date de départ", "date", required=False, aliases=("depart", "date de sortie", "left")),
        ), "partenaire inconnu"),
        TableSpec("contributions", "Versements au fonds de prêts", "versements",
                  ("versements", "versement", "contributions", "contribution", "abondements"), ("partner", "paid_on"), (
            C("partner", "Partenaire", "id", ref="partners"),
            C("paid_on", "Date de versement", "date", aliases=("date", "paid")),
            C("amount_eur", "Montant (€)", "eur", min=1, max=AMOUNT_MAX, warn=CONTRIBUTION_WARN,
              aliases=("montant", "amount", "montant verse")),
        ), "versement inconnu"),
        TableSpec("committees", "Comités d'agrément", "comités", ("comites", "comite", "comites d agrement",
                                                                 "committees", "committee"), ("id",), (
            C("id", "Identifiant", "id", aliases=("code", "identifiant du comite")),
            C("basin", "Bassin", "id", ref="basins"),
            C("held_on", "Date du comité", "date", aliases=("date", "date de comite", "held", "date de reunion")),
            C("place", "Lieu", "text", required=False, max_len=NAME_MAX, aliases=("adresse",)),
        ), "comité inconnu"),
        TableSpec("projects", "Projets", "projets", ("projets", "projet", "dossiers", "projects", "project"), ("id",), (
            C("id", "Identifiant", "id", aliases=("dossier", "numero de dossier", "code")),
            C("company", "Entreprise", "text", max_len=NAME_MAX,
              aliases=("raison sociale", "societe", "porteur", "porteur de projet")),
            C("sector", "Secteur (NAF)", "sector", aliases=("secteur", "section naf", "naf")),
            C("kind", "Type de projet", "choice", choices="kind", aliases=("type", "nature du projet")),
            C("territory", "Territoire", "id", ref="territories"),
            C("commune", "Commune (code INSEE)", "insee", required=False, ref="communes",
              aliases=("commune", "code insee")),
            C("submitted_on", "Date de dépôt", "date", aliases=("depot", "date de depot du dossier", "submitted")),
            C("committee", "Comité", "id", ref="committees", aliases=("comite d agrement",)),
            C("decision", "Décision", "choice", choices="decision"),
            C("aid_eur", "Aide (€)", "eur", required=False, default=0, min=0, max=AMOUNT_MAX, warn=AID_WARN,
              aliases=("aide", "aide accordee", "avance remboursable", "pret d honneur", "montant de l aide", "aid")),
            C("bank_loans_eur", "Prêts bancaires (€)", "eur", required=False, default=0, min=0, max=AMOUNT_MAX,
              warn=BANK_LOANS_WARN, aliases=("prets bancaires", "prets bancaires mobilises", "bank loans")),
            C("jobs_at_start", "Emplois au dépôt", "int", min=0, max=JOBS_MAX, warn=JOBS_WARN,
              aliases=("effectif", "effectif au depot", "emplois initiaux")),
            C("jobs_committed", "Emplois engagés", "int", required=False, default=0, min=0, max=JOBS_MAX, warn=JOBS_WARN,
              aliases=("emplois promis", "engagement emplois")),
            C("closed_on", "Date de cessation", "date", required=False, aliases=("cessation", "date de fermeture")),
        ), "projet inconnu"),
        TableSpec("missions", "Apports en compétence", "missions",
                  ("missions", "mission", "apports", "apports en competence"), ("id",), (
            C("id", "Identifiant", "id", aliases=("code",)),
            C("project", "Projet", "id", ref="projects", aliases=("dossier",)),
            C("partner", "Partenaire", "id", ref="partners"),
            C("days", "Jours", "days", max=DAYS_MAX, aliases=("nombre de jours", "jours de competence")),
            C("theme", "Thème", "choice", choices="theme", aliases=("domaine",)),
            C("started_on", "Date de début", "date", aliases=("debut",)),
        ), "mission inconnue"),
        TableSpec("followups", "Suivis d'emplois", "suivis",
                  ("suivis", "suivi", "suivis d emplois", "followups", "follow ups", "followup"),
                  ("project", "observed_on"), (
            C("project", "Projet", "id", ref="projects", aliases=("dossier",)),
            C("observed_on", "Date du suivi", "date", aliases=("date", "date d observation", "observed")),
            C("jobs", "Emplois", "int", min=0, max=JOBS_MAX, warn=JOBS_WARN, aliases=("effectif",)),
        ), "suivi inconnu"),
        TableSpec("repayments", "Remboursements", "remboursements",
                  ("remboursements", "remboursement", "repayments", "repayment"), ("project", "paid_on", "kind"), (
            C("project", "Projet", "id", ref="projects", aliases=("dossier",)),
            C("paid_on", "Date", "date", aliases=("date de remboursement", "paid")),
            C("amount_eur", "Montant (€)", "eur", min=1, max=AMOUNT_MAX, warn=AID_WARN, aliases=("montant", "amount")),
            C("kind", "Type", "choice", choices="repayment_kind", aliases=("nature",)),
        ), "remboursement inconnu"),
        TableSpec("instalments", "Échéancier", "échéances",
                  ("echeances", "echeance", "echeancier", "instalments", "installments", "instalment", "schedule"),
                  ("project", "due_on"), (
            C("project", "Projet", "id", ref="projects", aliases=("dossier",)),
            C("due_on", "Date d'échéance", "date", aliases=("echeance", "date", "due")),
            C("amount_eur", "Montant (€)", "eur", min=1, max=AMOUNT_MAX, warn=AID_WARN, aliases=("montant", "amount")),
            C("rescheduled_on", "Date de rééchelonnement", "date", required=False,
              aliases=("reechelonnement", "reechelonne le", "rescheduled")),
        ), "échéance inconnue"),
    ]
    return {s.name: s for s in specs}


SPECS: dict[str, TableSpec] = _specs()
IMPORT_TABLES = tuple(t for t in db.TABLES if t in SPECS)  # load order, meta excluded
