"""The partner report: what one partner's contribution did in one year, as a 2-4 page A4 PDF.

A partner (Rio Tinto, a local authority...) belongs to one basin. The report is built for a Scope
limited to that basin, so nothing about the firms of another basin is ever read: the partner's
missions are those pledged to the basin's retained projects of the year (the key figures' competence
days, for this partner), and the firms' outcomes use issue 17's definitions (jobs created gross,
maintained, net) at the records' latest follow-up. The records do not say who sat on which committee:
the report says so instead of guessing. Definitions: docs/definitions.md; the report: docs/reports.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from alize import AlizeError, text
from alize.metrics import jobs, partners
from alize.metrics.figures import KeyFigures, key_figures
from alize.metrics.fund import FundPosition, PortfolioRisk, fund_total, portfolio_risk
from alize.reports import present
from alize.reports.pdf import _esc, document, render, table, tiles
from alize.scope import Scope
from alize.store import db


def default_year(con, partner: partners.Partner, today: dt.date | None = None) -> int:
    """The last calendar year with committees in the partner's basin, before the current year (a year
    still running is not reported); the latest one with committees if all are this year or later."""
    today = today or dt.date.today()
    row = con.cursor().execute("""SELECT max(year(held_on)) FILTER (WHERE year(held_on) < ?), max(year(held_on))
        FROM committees WHERE basin = ?""", [today.year, partner.basin_id]).fetchone()
    year = row[0] if row[0] is not None else row[1]
    if year is None:
        raise AlizeError(key="error.partner_no_committee", partner=partner.name)
    return int(year)


def check_year(con, partner: partners.Partner, year: int) -> int:
    """A year the records can speak of for this basin: between its first and last committee's years."""
    row = con.cursor().execute("SELECT min(year(held_on)), max(year(held_on)) FROM committees WHERE basin = ?",
                               [partner.basin_id]).fetchone()
    if row[0] is None:
        raise AlizeError(key="error.partner_no_committee", partner=partner.name)
    if not (row[0] <= year <= row[1]):
        raise AlizeError(key="error.partner_year", year=year, basin=partner.basin, first=row[0], last=row[1])
    return year


@dataclass(frozen=True)
class PartnerReport:
    partner: partners.Partner
    year: int
    scope: Scope                  # the partner's basin, 1 January → 31 December of the year
    paid_year: tuple[int, int]    # (payments, €) in the year
    paid_total_eur: int           # since it joined, to the year's end
    fund: FundPosition            # the basin's fund on 31 December
    risk: PortfolioRisk
    missions: pd.DataFrame        # partners.partner_missions
    by_theme: pd.DataFrame        # theme, days, missions, firms
    by_firm: pd.DataFrame         # company, held_on, themes (codes, comma-separated), days + its jobs at jobs_as_of
    jobs_as_of: dt.date
    basin_figures: KeyFigures
    basin_jobs: jobs.JobsSummary

    @property
    def days(self) -> float:
        return float(self.missions["days"].sum()) if len(self.missions) else 0.0

    def firms_total(self, column: str) -> int:
        return int(self.by_firm[column].sum()) if len(self.by_firm) else 0


def partner_report(con, partner_id: str, year: int | None = None, today: dt.date | None = None) -> PartnerReport:
    p = partners.partner(con, partner_id)
    year = check_year(con, p, year) if year is not None else default_year(con, p, today)
    scope = Scope.year(year, basins=(p.basin,))
    end = scope.end
    missions = partners.partner_missions(con, p.id, scope)
    by_theme = (missions.groupby("theme", as_index=False)
                .agg(days=("days", "sum"), missions=("days", "size"), firms=("project", "nunique"))
                .sort_values(["days", "theme"], ascending=[False, True], kind="stable")
                if len(missions) else pd.DataFrame(columns=["theme", "days", "missions", "firms"]))
    as_of = jobs.default_as_of(con)
    per_project = jobs.project_jobs(con, scope, as_of)
    if len(missions):
        firms = (missions.groupby(["project", "company", "held_on"], as_index=False)
                 .agg(days=("days", "sum"),
                      themes=("theme", lambda s: ",".join(sorted(set(s))))))  # codes: labelled per language
        by_firm = firms.merge(per_project, on="project", how="left").sort_values(["held_on", "company", "project"])
    else:
        by_firm = pd.DataFrame(columns=["project", "company", "held_on", "days", "themes", *jobs.PROJECT_JOB_COLUMNS[1:]])
    return PartnerReport(
        partner=p, year=year, scope=scope, paid_year=partners.partner_payments(con, p.id, scope.start, end),
        paid_total_eur=partners.partner_payments(con, p.id, dt.date(1900, 1, 1), end)[1],
        fund=fund_total(con, scope, end), risk=portfolio_risk(con, scope, end), missions=missions,
        by_theme=by_theme, by_firm=by_firm.reset_index(drop=True), jobs_as_of=as_of,
        basin_figures=key_figures(con, scope), basin_jobs=jobs.jobs_summary(con, scope, as_of))


THEME_COLUMNS = {"theme": ("field.theme", "theme"), "days": ("figure.competence_days", "days"),
                 "missions": ("preport.missions", "int"), "firms": ("preport.firms", "int")}
FIRM_COLUMNS = {"company": ("field.company", "text"), "held_on": ("field.committee_date", "date"),
                "themes": ("field.theme", "text"), "days": ("figure.competence_days", "days"),
                "jobs_at_start": ("field.jobs_at_start", "int"), "jobs_committed": ("figure.jobs_committed", "int"),
                "headcount": ("preport.headcount", "int"), "jobs_created": ("figure.jobs_created", "int"),
                "jobs_maintained": ("figure.jobs_maintained", "int")}
FIRM_WIDTHS = [20, 11, 17, 8, 9, 9, 9, 8, 9]


def _bars_svg(df: pd.DataFrame, lang: str) -> str:
    """Days per theme as plain horizontal bars (inline SVG: WeasyPrint draws it, no script)."""
    if not len(df):
        return ""
    top = float(df["days"].max()) or 1.0
    rows, h = [], 16
    for i, rec in enumerate(df.to_dict("records")):
        y = i * h
        w = 300 * float(rec["days"]) / top
        rows.append(f'<text x="0" y="{y + 11}" font-size="8">{_esc(text.theme_label(rec["theme"], lang))}</text>'
                    f'<rect x="130" y="{y + 2}" width="{w:.1f}" height="11" fill="#0072B2"/>'
                    f'<text x="{134 + w:.1f}" y="{y + 11}" font-size="8">{_esc(text.fmt_cell(rec["days"], "days", lang))}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="480" height="{len(df) * h + 4}" '
            f'font-family="DejaVu Sans, sans-serif">{"".join(rows)}</svg>')


def _section_fund(r: PartnerReport, lang: str) -> str:
    n, paid = r.paid_year
    f, risk = r.fund, r.risk
    year_end = text.fmt_date(r.scope.end, lang)
    return f"""<h2>{_esc(text.t("preport.fund_title", lang))}</h2>
{tiles([(text.t("preport.paid_year", lang, year=r.year), text.fmt_eur(paid, lang)),
        (text.t("preport.payments", lang), text.fmt_number(n, 0, lang)),
        (text.t("preport.paid_total", lang, date=year_end), text.fmt_eur(r.paid_total_eur, lang))])}
<p class="muted">{_esc(text.t("preport.fund_caption", lang, basin=r.partner.basin, date=year_end))}</p>
{tiles([(text.t("fund.contributions_eur", lang), text.fmt_eur(f.contributions_eur, lang)),
        (text.t("fund.disbursed_eur", lang), text.fmt_eur(f.disbursed_eur, lang)),
        (text.t("fund.repaid_eur", lang), text.fmt_eur(f.repaid_eur, lang)),
        (text.t("fund.written_off_eur", lang), text.fmt_eur(f.written_off_eur, lang)),
        (text.t("fund.outstanding_eur", lang), text.fmt_eur(f.outstanding_eur, lang)),
        (text.t("fund.available_eur", lang), text.fmt_eur(f.available_eur, lang)),
        (text.t("fund.par30", lang), text.fmt_pct(risk.par30, lang)),
        (text.t("fund.par90", lang), text.fmt_pct(risk.par90, lang)),
        (text.t("fund.rescheduled_loans", lang), text.fmt_number(risk.rescheduled_loans, 0, lang))])}
<p class="note">{_esc(text.t("fund.par30_help", lang))}</p>"""


def _labelled_themes(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The firms' theme codes (`export,hr`) as words of the report's language, in their order."""
    labels = [", ".join(sorted(text.theme_label(c, lang) for c in str(v).split(",") if c)) for v in df["themes"]]
    return df.assign(themes=labels)


def _section_days(r: PartnerReport, lang: str) -> str:
    firms = len(r.by_firm)
    head = f"""<h2>{_esc(text.t("preport.days_title", lang))}</h2>
{tiles([(text.t("figure.competence_days", lang), text.fmt_cell(r.days, "days", lang)),
        (text.t("preport.missions", lang), text.fmt_number(len(r.missions), 0, lang)),
        (text.t("preport.firms", lang), text.fmt_number(firms, 0, lang))])}"""
    if not firms:
        return head + f'<p class="muted">{_esc(text.t("preport.no_mission", lang, year=r.year))}</p>'
    total = {"company": text.t("common.total", lang), "days": text.fmt_cell(r.days, "days", lang),
             **{c: text.fmt_number(r.firms_total(c), 0, lang)
                for c in ("jobs_at_start", "jobs_committed", "jobs_created", "jobs_maintained")}}
    return head + f"""<h3>{_esc(text.t("partners.days_by_theme", lang))}</h3>
{_bars_svg(r.by_theme, lang)}
{table(r.by_theme, THEME_COLUMNS, lang, first_bold=False)}
<h3>{_esc(text.t("preport.by_firm", lang))}</h3>
{table(_labelled_themes(r.by_firm, lang), FIRM_COLUMNS, lang, total=total, widths=FIRM_WIDTHS)}
<p class="note">{_esc(text.t("preport.jobs_note", lang, date=text.fmt_date(r.jobs_as_of, lang)))}</p>"""


def _section_jobs(r: PartnerReport, lang: str) -> str:
    j = r.basin_jobs
    return f"""<h2>{_esc(text.t("preport.jobs_title", lang))}</h2>
<p class="muted">{_esc(text.t("preport.jobs_firms", lang))}</p>
{tiles([(text.t("figure.jobs_committed", lang), text.fmt_number(r.firms_total("jobs_committed"), 0, lang)),
        (text.t("figure.jobs_created", lang), text.fmt_number(r.firms_total("jobs_created"), 0, lang)),
        (text.t("figure.jobs_maintained", lang), text.fmt_number(r.firms_total("jobs_maintained"), 0, lang))])}
<p class="muted">{_esc(text.t("preport.jobs_basin", lang, basin=r.partner.basin, year=r.year))}</p>
{tiles([(text.t("figure.jobs_committed", lang), text.fmt_number(j.jobs_committed, 0, lang)),
        (text.t("figure.jobs_created", lang), text.fmt_number(j.jobs_created, 0, lang)),
        (text.t("figure.jobs_maintained", lang), text.fmt_number(j.jobs_maintained, 0, lang)),
        (text.t("figure.jobs_net_change", lang), text.fmt_number(j.jobs_net_change, 0, lang))])}
<p class="note">{_esc(text.t("preport.jobs_note", lang, date=text.fmt_date(r.jobs_as_of, lang)))}</p>"""


def partner_report_html(con, partner_id: str, year: int | None = None, lang: str = "fr",
                        today: dt.date | None = None) -> str:
    lang = text.check_lang(lang)
    today = today or dt.date.today()
    r = partner_report(con, partner_id, year, today)
    p = r.partner
    title = text.t("preport.title", lang, partner=p.name, year=r.year)
    kf = r.basin_figures
    body = f"""
<header><h1>{_esc(text.t("preport.heading", lang))}</h1>
<p><strong>{_esc(title)}</strong></p>
<p class="muted">{_esc(text.t("preport.partner_line", lang, kind=text.partner_kind_label(p.kind, lang),
                              basin=p.basin, date=text.fmt_date(p.joined_on, lang)))}</p></header>
{_section_fund(r, lang)}
{_section_days(r, lang)}
<h2>{_esc(text.t("preport.committees_title", lang))}</h2>
<p class="muted">{_esc(text.t("preport.committees_not_recorded", lang))}</p>
{_section_jobs(r, lang)}
<h2>{_esc(text.t("preport.basin_title", lang, basin=p.basin, year=r.year))}</h2>
{tiles([(text.t(f"figure.{name}", lang), present.figure_value(kf, name, lang)) for name in present.FIGURES])}
<p class="note">{_esc(text.t("preport.scope_note", lang, basin=p.basin))}</p>
"""
    generated = text.t("export.generated_on", lang, date=text.fmt_date(today, lang))
    source = text.t("source.demo" if db.is_demo(con) else "source.records", lang)
    return document(title, body, lang=lang, footer=f"{title} · {source} · {generated}", demo=db.is_demo(con))


def partner_report_pdf(con, partner_id: str, year: int | None = None, lang: str = "fr",
                       today: dt.date | None = None) -> bytes:
    return render(partner_report_html(con, partner_id, year, lang, today))


def file_name(partner_id: str, year: int, lang: str = "fr") -> str:
    """`rapport-partenaire-big-2010.pdf`: ids and a year, never free text."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in str(partner_id))
    return f"{text.t('preport.file', lang)}-{safe}-{year}.pdf"
