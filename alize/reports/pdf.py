"""Printable documents: HTML laid out for A4 and turned into PDF by WeasyPrint (a real CSS paged-media
engine, so page numbers, running footers and repeated table headers come from CSS, not from code).

- `committee_brief_pdf(con, committee_id)`: the "Fiche de comité" a committee's members take into the room.
- `document()` and `render()`: the page frame (A4, French first, demo mark, page numbers) that other
  documents (partner reports, committee packs) share.

Every value from the records is HTML-escaped; nothing is fetched from the network.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable

import pandas as pd

from alize import AlizeError, text
from alize.reports import present
from alize.store import db

CSS = """
@page { size: A4; margin: 16mm 14mm 18mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 9.5pt; color: #1f2933; margin: 0; }
h1 { font-size: 17pt; margin: 0 0 2pt; color: #0b4f80; }
h2 { font-size: 12.5pt; margin: 14pt 0 4pt; break-after: avoid; }
p { margin: 2pt 0 5pt; }
.muted { color: #52606d; }
.demo { display: inline-block; border: 1.2pt solid #b3401a; color: #b3401a; font-weight: 700; padding: 1pt 6pt;
        border-radius: 3pt; font-size: 8.5pt; margin-bottom: 6pt; }
.badge { display: inline-block; background: #dbeafe; color: #0b4f80; padding: 1pt 6pt; border-radius: 3pt; }
header { border-bottom: 2.5pt solid #0072B2; padding-bottom: 6pt; margin-bottom: 8pt; }
.tiles { display: flex; flex-wrap: wrap; gap: 5pt; margin: 4pt 0 6pt; }
.tile { flex: 1 0 30%; border: 0.8pt solid #d9e2ec; background: #eef4fa; border-radius: 4pt; padding: 5pt 6pt;
        break-inside: avoid; }
.tile .value { font-size: 14pt; font-weight: 700; white-space: nowrap; }
.tile .name { color: #52606d; font-size: 8pt; }
table { border-collapse: collapse; width: 100%; font-size: 7.8pt; table-layout: fixed; }
thead { display: table-header-group; }
th { background: #eef4fa; text-align: left; vertical-align: bottom; font-weight: 700; }
td { overflow-wrap: break-word; vertical-align: top; }
th, td { border-bottom: 0.6pt solid #d9e2ec; padding: 3pt 3.5pt; }
tr { break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; }
th.num { text-align: right; }
td.firm { font-weight: 700; }
tr.total td { font-weight: 700; border-top: 1.2pt solid #1f2933; }
.note { font-size: 8pt; color: #52606d; }
"""


def _esc(value) -> str:
    return html.escape(str(value), quote=True)


def _css_string(value: str) -> str:
    """A CSS string literal for the page margins: quotes, backslashes and controls escaped."""
    out = []
    for ch in value:
        out.append(f"\\{ord(ch):x} " if ch in '"\\<>' or ord(ch) < 0x20 or ch == "\x7f" else ch)
    return '"' + "".join(out) + '"'


def tiles(pairs: Iterable[tuple[str, str]]) -> str:
    return '<div class="tiles">' + "".join(
        f'<div class="tile"><div class="value">{_esc(v)}</div><div class="name">{_esc(n)}</div></div>'
        for n, v in pairs) + "</div>"


NUMERIC_KINDS = {"int", "num1", "num2", "days", "eur", "pct", "leverage"}


def table(df: pd.DataFrame, columns: dict[str, tuple[str, str]], lang: str, *, first_bold: bool = True,
          total: dict | None = None, widths: list[int] | None = None) -> str:
    """`columns`: name → (catalog key, cell kind), as for the app's tables; cells read as on screen;
    `widths`: each column's share of the page width, in %."""
    def cls(kind: str) -> str:
        return ' class="num"' if kind in NUMERIC_KINDS else ""

    head = "".join(f"<th{cls(kind)}>{_esc(text.t(key, lang))}</th>" for key, kind in columns.values())
    rows = []
    for rec in df.to_dict("records"):
        cells = []
        for i, (col, (_, kind)) in enumerate(columns.items()):
            klass = "firm" if first_bold and i == 0 else ("num" if kind in NUMERIC_KINDS else "")
            attr = f' class="{klass}"' if klass else ""
            cells.append(f"<td{attr}>{_esc(text.fmt_cell(rec[col], kind, lang))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    if total:
        cells = [f"<td{cls(kind)}>{_esc(total.get(col, ''))}</td>" for col, (_, kind) in columns.items()]
        rows.append('<tr class="total">' + "".join(cells) + "</tr>")
    cols = "".join(f'<col style="width: {w}%">' for w in widths) if widths else ""
    return f"<table><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def document(title: str, body: str, *, lang: str, footer: str, demo: bool) -> str:
    """The page frame: A4, the language on <html>, the footer (left) and `Page n / N` (right) on every
    page, and the demo mark on the first page and in every footer when demo data are loaded."""
    lang = text.check_lang(lang)
    foot = (text.t("app.demo_badge", lang) + " · " if demo else "") + footer
    frame = ("@page { @bottom-left { content: " + _css_string(foot) + "; font-size: 7pt; color: #52606d; font-family: \'DejaVu Sans\', sans-serif; width: 80%; } "
             "@bottom-right { content: " + _css_string(text.t("export.page", lang) + " ")
             + ' counter(page) " / " counter(pages); font-size: 7pt; color: #52606d; '
             "font-family: 'DejaVu Sans', sans-serif; width: 20%; } }")
    mark = f'<div class="demo">{_esc(text.t("app.demo_badge", lang))}</div>' if demo else ""
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{_esc(title)}</title>'
            f"<style>{CSS}{frame}</style></head><body>{mark}{body}</body></html>")


def render(page: str) -> bytes:
    """HTML → PDF bytes. WeasyPrint needs Pango (Debian: libpango-1.0-0, libpangoft2-1.0-0)."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the package is there, its system library is not
        raise AlizeError(key="error.pdf_engine", detail=str(exc).splitlines()[0] if str(exc) else "") from None
    return weasyprint.HTML(string=page).write_pdf()


# ---- the committee brief ---------------------------------------------------------------------------

BRIEF_COLUMNS = {
    "company": ("field.company", "text"), "territory": ("field.territory", "text"),
    "kind": ("field.kind", "kind"), "decision": ("field.decision", "decision"),
    "aid_eur": ("figure.aid_eur", "eur"), "bank_loans_eur": ("figure.bank_loans_eur", "eur"),
    "leverage": ("figure.leverage", "leverage"), "jobs_at_start": ("field.jobs_at_start", "int"),
    "jobs_committed": ("figure.jobs_committed", "int"), "competence_days": ("figure.competence_days", "days"),
}


BRIEF_WIDTHS = [18, 10, 14, 8, 9, 10, 7, 8, 8, 8]


def committee_brief_html(con, committee_id: str, lang: str = "fr", today: dt.date | None = None,
                         permitted: tuple[str, ...] | None = None) -> str:
    """`permitted`: the reader's basins (alize.scope.Permission.basins); another basin's committee is unknown."""
    lang = text.check_lang(lang)
    brief = present.committee_brief(con, committee_id, permitted)
    info = brief.info
    when = text.fmt_date(info.held_on, lang)
    title = text.t("brief.committee_title", lang, date=when, basin=info.basin)
    upcoming = f' <span class="badge">{_esc(text.t("brief.upcoming", lang))}</span>' \
        if brief.is_upcoming(today or dt.date.today()) else ""
    place = f'<p class="muted">{_esc(text.t("brief.committee_place", lang, place=info.place))}</p>' if info.place else ""
    tot = brief.totals
    total_row = {"company": text.t("common.total", lang),
                 "aid_eur": text.fmt_eur(tot["aid_eur"], lang),
                 "bank_loans_eur": text.fmt_eur(tot["bank_loans_eur"], lang),
                 "leverage": text.fmt_leverage(tot["leverage"], lang),
                 "jobs_committed": text.fmt_number(tot["jobs_committed"], 0, lang)}
    agenda = table(brief.agenda, BRIEF_COLUMNS, lang, total=total_row, widths=BRIEF_WIDTHS) \
        if len(brief.agenda) else f'<p class="muted">{_esc(text.t("brief.no_project", lang))}</p>'
    ytd = brief.ytd
    body = f"""
<header><h1>{_esc(text.t("page.brief", lang))}</h1>
<p><strong>{_esc(title)}</strong>{upcoming}</p>{place}</header>
<h2>{_esc(text.t("brief.committee_figures", lang))}</h2>
{tiles(present.committee_tiles(tot, lang))}
<h2>{_esc(text.plural("brief.agenda", len(brief.agenda), lang))}</h2>
{agenda}
<p class="note">{_esc(text.t("brief.aid_note", lang))} {_esc(text.t("brief.leverage_note", lang))}</p>
<h2>{_esc(text.t("brief.ytd_title", lang, basin=info.basin, year=info.held_on.year))}</h2>
<p class="muted">{_esc(text.t("brief.ytd_caption", lang, year=info.held_on.year, date=when))}</p>
{tiles(present.figure_tiles(ytd, lang))}
"""
    generated = text.t("export.generated_on", lang, date=text.fmt_date(today or dt.date.today(), lang))
    source = text.t("source.demo" if db.is_demo(con) else "source.records", lang)
    return document(title, body, lang=lang, footer=f"{title} · {source} · {generated}", demo=db.is_demo(con))


def committee_brief_pdf(con, committee_id: str, lang: str = "fr", today: dt.date | None = None,
                        permitted: tuple[str, ...] | None = None) -> bytes:
    return render(committee_brief_html(con, committee_id, lang, today, permitted))
