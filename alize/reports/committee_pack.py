"""The committee pack: what a committee's members receive before it meets, one PDF.

The agenda as one card per project (aid asked, bank loans, leverage `× 5,3`, jobs at application and
committed, competence days asked), then the basin's figures for the year to date. The figures are the
committee brief's (present.committee_brief); only the layout differs: cards to read before the
meeting, where the brief's table is for the room.
"""

from __future__ import annotations

import datetime as dt

from alize import text
from alize.reports import present
from alize.reports.pdf import _esc, document, render, tiles
from alize.store import db

PACK_CSS = """
.card { border: 0.8pt solid #d9e2ec; border-left: 3pt solid #0072B2; border-radius: 3pt; padding: 5pt 7pt;
        margin: 0 0 6pt; break-inside: avoid; }
.card h3 { font-size: 10.5pt; margin: 0 0 2pt; }
.card dl { display: flex; flex-wrap: wrap; margin: 3pt 0 0; }
.card dl div { flex: 1 0 24%; margin: 0 0 2pt; }
.card dt { color: #52606d; font-size: 7.5pt; }
.card dd { margin: 0; font-weight: 700; }
"""

CARD_FIELDS = (("aid_eur", "pack.aid_asked", "eur"), ("bank_loans_eur", "figure.bank_loans_eur", "eur"),
               ("leverage", "figure.leverage", "leverage"), ("jobs_at_start", "field.jobs_at_start", "int"),
               ("jobs_committed", "figure.jobs_committed", "int"), ("competence_days", "pack.days_asked", "days"))


def _card(rec: dict, lang: str) -> str:
    sub = " · ".join(v for v in (rec["territory"], text.value_label(rec["kind"], lang),
                                 text.sector_label(rec["sector"], lang) if rec.get("sector") else "",
                                 text.value_label(rec["decision"], lang)) if v)
    fields = "".join(f"<div><dt>{_esc(text.t(key, lang))}</dt><dd>{_esc(text.fmt_cell(rec[col], kind, lang))}</dd></div>"
                     for col, key, kind in CARD_FIELDS)
    return (f'<div class="card"><h3>{_esc(rec["company"])}</h3><p class="muted">{_esc(sub)}</p>'
            f"<dl>{fields}</dl></div>")


def committee_pack_html(con, committee_id: str, lang: str = "fr", today: dt.date | None = None) -> str:
    lang = text.check_lang(lang)
    today = today or dt.date.today()
    brief = present.committee_brief(con, committee_id)  # an unknown committee: AlizeError, one line
    info = brief.info
    when = text.fmt_date(info.held_on, lang)
    title = text.t("brief.committee_title", lang, date=when, basin=info.basin)
    place = f'<p class="muted">{_esc(text.t("brief.committee_place", lang, place=info.place))}</p>' if info.place else ""
    cards = "".join(_card(rec, lang) for rec in brief.agenda.to_dict("records")) \
        or f'<p class="muted">{_esc(text.t("brief.no_project", lang))}</p>'
    body = f"""<style>{PACK_CSS}</style>
<header><h1>{_esc(text.t("pack.heading", lang))}</h1>
<p><strong>{_esc(title)}</strong></p>{place}</header>
<h2>{_esc(text.t("brief.committee_figures", lang))}</h2>
{tiles(present.committee_tiles(brief.totals, lang))}
<h2>{_esc(text.plural("brief.agenda", len(brief.agenda), lang))}</h2>
{cards}
<p class="note">{_esc(text.t("pack.aid_note", lang))} {_esc(text.t("brief.leverage_note", lang))}</p>
<h2>{_esc(text.t("brief.ytd_title", lang, basin=info.basin, year=info.held_on.year))}</h2>
<p class="muted">{_esc(text.t("brief.ytd_caption", lang, year=info.held_on.year, date=when))}</p>
{tiles(present.figure_tiles(brief.ytd, lang))}
"""
    generated = text.t("export.generated_on", lang, date=text.fmt_date(today, lang))
    source = text.t("source.demo" if db.is_demo(con) else "source.records", lang)
    return document(title, body, lang=lang, footer=f"{title} · {source} · {generated}", demo=db.is_demo(con))


def committee_pack_pdf(con, committee_id: str, lang: str = "fr", today: dt.date | None = None) -> bytes:
    return render(committee_pack_html(con, committee_id, lang, today))
