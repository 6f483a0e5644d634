"""Exports of a scope for committee meetings: a PowerPoint deck with native charts, a standalone
HTML report, and CSV / Excel downloads of any table. Never imports streamlit.

- `deck(con, scope, lang)` → .pptx bytes (16:9): title, key figures, then one native, editable chart
  per slide (yearly projects, aid, jobs; projects and aid by basin; the before/after comparison of a
  basin's extension when alize.compare can give one). Scope and data source in every slide's footer.
- `report_html(con, scope, lang)` → one self-contained HTML page: plotly.js inlined once, no network
  (no CDN, web font or external image), prints to A4.
- `to_csv(df, lang)` / `to_xlsx(df or {sheet: df}, lang)` → bytes with French (or English) headers,
  neutralised against formula injection.

Formats and choices are described in docs/exports.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import html
import io
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from alize import AlizeError, text
from alize.metrics.figures import KeyFigures, figures_by, key_figures, yearly
from alize.reports import charts, present
from alize.scope import Scope, data_period
from alize.store import db
from alize.text import format_value

NBSP = text.NBSP

# ---- labels -------------------------------------------------------------------------------------

# Column headers for CSV / Excel downloads are the catalog's column.<name> (alize/text.py); unknown
# columns fall back to field.*, figure.* and common.*, then to the column name itself (so a new column
# is visible, never lost).
# Short names used by alize.compare in `<x>_per_year` and `<x>_per_year_per_1000` columns.
_RATE_BASES = {"studied": "projects_studied", "retained": "projects_retained", "aid_eur": "aid_eur",
               "competence_days": "competence_days", "jobs_committed": "jobs_committed",
               "jobs_created": "jobs_created"}

# Coded values shown in words (decisions, project kinds, partner kinds, mission themes, windows): value.*.
CODED_COLUMNS = ("decision", "kind", "theme", "window")


def label(key: str, lang: str = "fr", **fields) -> str:
    """The words of the exports live in the one catalog, alize/text.py."""
    return text.t(key, lang, **fields)


def column_label(column: str, lang: str = "fr") -> str:
    """The header of a column in downloads: `aid_eur` → `Aide accordée (€)`."""
    col = str(column)
    if f"column.{col}" in text.CATALOG:
        return text.t(f"column.{col}", lang)
    for suffix in ("_per_year_per_1000", "_per_year"):
        if col.endswith(suffix) and col[: -len(suffix)] in _RATE_BASES:
            base = column_label(_RATE_BASES[col[: -len(suffix)]], lang)
            return text.t(f"export{suffix.replace('_', '.', 1)}", lang, column=base)
    header = text.column_header(col, lang)
    return col if header is None else header


# ---- formula injection ----------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what an .xlsx cannot hold (tab, CR, LF can)


def neutralise(value: str) -> str:
    """A text cell that a spreadsheet would read as a formula gets a leading `'` (shown as text)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


# ---- column kinds (shared by CSV, Excel) ----------------------------------------------------------

def _column_kind(name: str, series: pd.Series) -> str:
    """eur, pct, int, dec, date, bool or text: how a column's values are written and formatted."""
    name = str(name)
    if pd.api.types.is_bool_dtype(series):
        return "bool"
    if pd.api.types.is_datetime64_any_dtype(series):
        return "date"
    if pd.api.types.is_numeric_dtype(series):
        if name.endswith(("_eur", "_eur_per_year")) or name in ("aid_per_project", "aid_per_aided_project", "aid_per_job"):
            return "eur"
        if name.endswith("_rate") or name == "share":
            return "pct"
        if pd.api.types.is_integer_dtype(series) or name in ("year", "cohort"):
            return "int"
        return "dec"
    non_null = series.dropna()
    if len(non_null) and all(isinstance(v, (int, float, decimal.Decimal, np.number)) and not isinstance(v, bool)
                             for v in non_null):
        return "dec"
    if len(non_null) and all(isinstance(v, (dt.date, pd.Timestamp)) for v in non_null):
        return "date"
    if len(non_null) and all(isinstance(v, (bool, np.bool_)) for v in non_null):
        return "bool"
    return "text"


def _is_missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(isinstance(value, (float, np.floating)) and math.isnan(value))
    except TypeError:
        return False


def _plain(value):
    """numpy scalars → Python; Decimal → float; Timestamp → date or datetime."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, decimal.Decimal):
        value = float(value)
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
        if value.hour == value.minute == value.second == value.microsecond == 0:
            value = value.date()
    return value


def _text_value(value, column: str, lang: str) -> str:
    s = ILLEGAL_XML.sub("", str(value))  # control characters first, so none hides a leading `=`
    if column in CODED_COLUMNS and f"value.{s}" in text.CATALOG:
        s = text.value_label(s, lang)
    return neutralise(s)


def _frame(df: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise AlizeError("export : un tableau (DataFrame) est attendu")
    if isinstance(df.index, pd.MultiIndex) or df.index.name is not None:
        df = df.reset_index()
    return df


# ---- CSV ------------------------------------------------------------------------------------------

def _csv_number(value, decimal_sep: str) -> str:
    if isinstance(value, (int, np.integer)) or (isinstance(value, float) and value.is_integer() and abs(value) < 1e15):
        return str(int(value))
    s = repr(float(value))
    if "e" in s or "E" in s:
        s = f"{float(value):.15f}".rstrip("0").rstrip(".")
    return s.replace(".", decimal_sep)


def to_csv(df: pd.DataFrame, lang: str = "fr", labels: Mapping[str, str] | None = None) -> bytes:
    """The table as CSV bytes for a spreadsheet.

    French: UTF-8 with BOM, `;` separator, decimal comma, dates `15/03/2010` (what Excel in French
    opens correctly with a double click). English: UTF-8 with BOM, `,`, decimal point, ISO dates.
    Numbers carry no thousands separator (so they stay numbers); booleans read oui/non; coded values
    (decision, kind...) are in words; text that starts like a formula gets a leading `'`.
    `labels` overrides headers by column name.
    """
    lang = text.check_lang(lang)
    df = _frame(df)
    sep, sep_decimal = (";", ",") if lang == "fr" else (",", ".")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise((labels or {}).get(c) or column_label(c, lang)) for c in df.columns])
    for row in df.itertuples(index=False, name=None):
        cells = []
        for col, value in zip(df.columns, row):
            value = _plain(value)
            if _is_missing(value):
                cells.append("")
            elif isinstance(value, (bool, np.bool_)):
                cells.append(label("common.yes" if value else "common.no", lang))
            elif isinstance(value, (int, float)):
                cells.append(_csv_number(value, sep_decimal))
            elif isinstance(value, dt.datetime):
                cells.append(value.strftime("%d/%m/%Y %H:%M") if lang == "fr" else value.isoformat(" "))
            elif isinstance(value, dt.date):
                cells.append(text.fmt_date(value, lang))
            else:
                cells.append(_text_value(value, str(col), lang))
        writer.writerow(cells)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# ---- Excel ----------------------------------------------------------------------------------------

XLSX_FORMATS = {
    "eur": '#,##0 "€"',
    "int": "#,##0",
    "dec": "#,##0.00",
    "pct": "0.0%",
    "date": "dd/mm/yyyy",
}
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(name: str, used: set[str]) -> str:
    base = _SHEET_BAD.sub(" ", str(name)).strip().strip("'") or "Feuille"
    base = base[:31]
    candidate, n = base, 2
    while candidate.casefold() in used:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.casefold())
    return candidate


def to_xlsx(tables: pd.DataFrame | Mapping[str, pd.DataFrame], lang: str = "fr",
            labels: Mapping[str, str] | None = None) -> bytes:
    """One sheet per table (a single DataFrame gives one sheet), French headers in bold, header row
    frozen, real numbers and dates with number formats (`#,##0 "€"`, `0.0%`, `dd/mm/yyyy`: Excel
    shows them with the reader's own separators, `445 135 €` in French). Text that starts like a
    formula is stored as text with a leading `'` (data type 's'); numbers, negative ones included,
    stay numbers.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    lang = text.check_lang(lang)
    if isinstance(tables, pd.DataFrame):
        tables = {("Données" if lang == "fr" else "Data"): tables}
    if not tables:
        raise AlizeError("export : aucun tableau à écrire")
    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="0072B2")
    for name, df in tables.items():
        df = _frame(df)
        ws = wb.create_sheet(_sheet_name(name, used))
        kinds = {c: _column_kind(c, df[c]) for c in df.columns}
        headers = [neutralise((labels or {}).get(c) or column_label(c, lang)) for c in df.columns]
        for j, head in enumerate(headers, start=1):
            cell = ws.cell(row=1, column=j)
            cell.value = head
            cell.data_type = "s"
            cell.font, cell.fill = header_font, header_fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        widths = [min(max(len(h), 8), 40) for h in headers]
        for i, row in enumerate(df.itertuples(index=False, name=None), start=2):
            for j, (col, value) in enumerate(zip(df.columns, row), start=1):
                value = _plain(value)
                if _is_missing(value):
                    continue
                kind = kinds[col]
                cell = ws.cell(row=i, column=j)
                if isinstance(value, (bool, np.bool_)):
                    cell.value = label("common.yes" if value else "common.no", lang)
                    cell.data_type = "s"
                elif isinstance(value, (int, float)):
                    if isinstance(value, float) and math.isinf(value):
                        continue
                    cell.value = value
                    cell.number_format = XLSX_FORMATS.get(kind, "General")
                elif isinstance(value, (dt.date, dt.datetime)):
                    cell.value = value
                    cell.number_format = XLSX_FORMATS["date"] if not isinstance(value, dt.datetime) \
                        or value.time() == dt.time() else "dd/mm/yyyy hh:mm"
                else:
                    s = _text_value(value, str(col), lang)[:32767]
                    cell.value = s
                    cell.data_type = "s"  # never a formula, whatever openpyxl guessed
                    widths[j - 1] = min(max(widths[j - 1], len(s) + 1), 60)
                if kind in ("eur", "int", "dec"):
                    widths[j - 1] = max(widths[j - 1], 12)
        for j, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(j)].width = w + 2
        ws.freeze_panes = "A2"
        if len(df.columns):
            ws.auto_filter.ref = f"A1:{get_column_letter(len(df.columns))}{max(len(df) + 1, 1)}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---- the content shared by the deck and the report -------------------------------------------------

@dataclass(frozen=True)
class Content:
    scope: Scope
    lang: str
    scope_text: str
    source_text: str
    generated_on: dt.date
    figures: KeyFigures
    trend: pd.DataFrame          # alize.figures.yearly over every year with data (and the scope's)
    by_basin: pd.DataFrame       # alize.figures.figures_by(scope, "basin")
    comparison: object | None    # alize.compare.ExtensionComparison, when one applies to the scope

    @property
    def is_empty(self) -> bool:
        return self.figures.is_empty


scope_text = text.scope_line


def source_text(con, lang: str = "fr") -> str:
    return text.t("source.demo" if db.is_demo(con) else "source.records", lang)


def _comparison(con, scope: Scope):
    """The before/after of the extension that concerns the scope (compare.extension_for; None if none
    or not available), with the scope's sector and kind filters. Its windows are the conventions
    around the joining date, whatever the scope's period: it is the territory's story.
    """
    try:
        from alize.metrics import compare
        extension_for = compare.extension_for
        compare_extension = compare.compare_extension
    except (ImportError, AttributeError):
        return None
    try:
        chosen = extension_for(con, scope)
        if chosen is None:
            return None
        return compare_extension(con, str(chosen["basin"]), str(chosen["territory"]),
                                 sectors=scope.sectors, kinds=scope.kinds)
    except AlizeError:
        return None  # e.g. a window with no committee: no comparison to show


def content(con, scope: Scope, lang: str = "fr", today: dt.date | None = None) -> Content:
    lang = text.check_lang(lang)
    first, last = data_period(con)
    trend = yearly(con, scope.over_all_years(first, last))
    return Content(
        scope=scope, lang=lang, scope_text=scope_text(scope, lang), source_text=source_text(con, lang),
        generated_on=today or dt.date.today(), figures=key_figures(con, scope), trend=trend,
        by_basin=figures_by(con, scope, "basin"), comparison=_comparison(con, scope))


figure_tiles = present.figure_tiles  # the one list of the six figures


def ratio_tiles(f: KeyFigures, lang: str) -> list[tuple[str, str]]:
    """The approval rate first, then the per-project ratios."""
    return [
        (text.t("figure.approval_rate", lang), text.fmt_pct(f.approval_rate, lang)),
        (text.t("figure.aid_per_project", lang), text.fmt_eur(f.aid_per_project, lang)),
        (text.t("figure.aid_per_aided_project", lang), text.fmt_eur(f.aid_per_aided_project, lang)),
        (text.t("figure.aid_per_job", lang), text.fmt_eur(f.aid_per_job, lang)),
        (text.t("figure.jobs_per_project", lang), text.fmt_number(f.jobs_per_project, 1, lang)),
        (text.t("figure.days_per_project", lang), text.fmt_number(f.days_per_project, 1, lang)),
    ]


@dataclass(frozen=True)
class ChartSpec:
    """One chart of the deck and the report, independent of the drawing library."""

    key: str
    title: str
    note: str
    kind: str                          # "column", "bar" (horizontal) or "line"
    categories: list[str]
    series: list[tuple[str, list]]     # (name, values; None for no value)
    value_kind: str                    # "count", "eur" or "rate" (2 decimals)
    highlight: list[bool] | None = None  # per category: inside the scope's period
    footnote: str = ""


def _values(s: pd.Series) -> list:
    return [None if _is_missing(v) else _plain(v) for v in s]


def chart_specs(c: Content) -> list[ChartSpec]:
    lg = c.lang
    t = c.trend
    years = [str(int(y)) for y in t["year"]]
    inside = [c.scope.start.year <= int(y) <= c.scope.end.year for y in t["year"]]
    specs = [
        ChartSpec("trend_projects", text.t("chart.trend_projects", lg), label("export.trend_note", lg), "column", years,
                  [(text.t("figure.projects_studied", lg), _values(t["projects_studied"])),
                   (text.t("figure.projects_retained", lg), _values(t["projects_retained"]))], "count", inside),
        ChartSpec("trend_aid", text.t("chart.trend_aid", lg), label("export.trend_note", lg), "column", years,
                  [(text.t("figure.aid_eur", lg), _values(t["aid_eur"]))], "eur", inside),
        ChartSpec("trend_jobs", text.t("chart.trend_jobs", lg), label("export.trend_note", lg), "line", years,
                  [(text.t("figure.jobs_committed", lg), _values(t["jobs_committed"]))], "count", inside),
    ]
    b = c.by_basin
    basins = [str(x) for x in b["basin"]]
    specs += [
        ChartSpec("basin_projects", label("export.by_basin_projects", lg), label("export.by_basin_note", lg), "bar", basins,
                  [(text.t("figure.projects_studied", lg), _values(b["projects_studied"])),
                   (text.t("figure.projects_retained", lg), _values(b["projects_retained"]))], "count"),
        ChartSpec("basin_aid", label("export.by_basin_aid", lg), label("export.by_basin_note", lg), "bar", basins,
                  [(text.t("figure.aid_eur", lg), _values(b["aid_eur"]))], "eur"),
    ]
    cmp = c.comparison
    if cmp is not None:
        rows = cmp.rows
        cats, before, after = [], [], []
        for name in cmp.territories:
            cats.append(name)
            before.append(_rate(rows, name, "before"))
            after.append(_rate(rows, name, "after"))
        cats.append(label("export.compare_total", lg, basin=cmp.basin))
        before.append(_rate(rows, cmp.basin, "before"))
        after.append(_rate(rows, cmp.basin, "after"))
        if cmp.control is not None and len(cmp.control):
            ctrl = cmp.control
            cats.append(label("export.network_rest", lg))
            for target, window in ((before, "before"), (after, "after")):
                v = ctrl.loc[ctrl["window"] == window, "retained_per_year_per_1000"]
                target.append(None if v.empty or _is_missing(v.iloc[0]) else float(v.iloc[0]))
        title = (label("export.compare_title", lg, basin=cmp.basin, to_territory=text.place(cmp.newcomer, lg, "à"))
                 if cmp.newcomer
                 else label("export.compare_title_plain", lg, basin=cmp.basin))
        footnote = ""
        if lg == "fr":
            footnote = cmp.summary("fr")
        elif cmp.did is not None:
            footnote = label("export.did_line", lg, estimate=text.fmt_number(cmp.did.estimate, 2, lg),
                             low=text.fmt_number(cmp.did.low, 2, lg), high=text.fmt_number(cmp.did.high, 2, lg))
        specs.append(ChartSpec(
            "comparison", title, label("export.compare_axis", lg) + ". " + label("export.compare_note", lg), "column", cats,
            [(label("export.compare_before", lg, period=cmp.before.describe(lg)), before),
             (label("export.compare_after", lg, period=cmp.after.describe(lg)), after)], "rate", footnote=footnote))
    return specs


def _rate(rows: pd.DataFrame, territory: str, window: str):
    v = rows.loc[(rows["territory"] == territory) & (rows["window"] == window), "retained_per_year_per_1000"]
    return None if v.empty or _is_missing(v.iloc[0]) else float(v.iloc[0])


# ---- PowerPoint -----------------------------------------------------------------------------------

# Number formats of the native charts. French integers use literal no-break-space groups under
# conditions, so `445 135 €` reads the same whatever the viewer's Office locale (a `#,##0` code would
# follow the viewer's locale: `445,135` on an English system). Decimals cannot be written that way:
# `0.00` is shown with the viewer's decimal separator (a comma on a French system).
_G = '"\u00a0"'


def pptx_number_format(value_kind: str, lang: str = "fr") -> str:
    if value_kind == "rate":
        return "0.00"
    suffix = '"\u00a0€"' if value_kind == "eur" else ""
    if text.check_lang(lang) == "fr":
        return (f"[>=1000000]#{_G}###{_G}##0{suffix};[>=1000]#{_G}##0{suffix};0{suffix}")
    return f"#,##0{suffix}"


SLIDE_W_IN, SLIDE_H_IN = 13.333, 7.5
INK = "1F2933"
MUTED = "52606D"
TILE_FILL = "EEF4FA"
ACCENT = "0072B2"
FOOTER_NAME = "alize-footer"


def _rgb(hex6: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex6.lstrip("#").upper())


def _faded(hex6: str, keep: float = 0.35) -> str:
    """The colour blended with white (bars outside the scope's period)."""
    h = hex6.lstrip("#")
    rgb = [int(h[i:i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(255 - (255 - v) * keep):02X}" for v in rgb)


def _textbox(slide, x, y, w, h, value: str, size: int, *, bold=False, color=INK, align=None, name=None,
             wrap=True):
    from pptx.util import Pt

    box = slide.shapes.add_textbox(x, y, w, h)
    if name:
        box.name = name
    tf = box.text_frame
    tf.word_wrap = wrap
    p = tf.paragraphs[0]
    run = p.add_run()
    run.text = value
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = _rgb(color)
    if align is not None:
        p.alignment = align
    return box


def _slide(prs, c: Content, title: str | None, number: int, total: int, note: str = ""):
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches

    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    if title:
        _textbox(slide, Inches(0.5), Inches(0.3), Inches(12.3), Inches(0.7), title, 28, bold=True)
    if note:
        _textbox(slide, Inches(0.5), Inches(0.95), Inches(12.3), Inches(0.4), note, 13, color=MUTED)
    footer = f"{c.scope_text}  ·  {c.source_text}  ·  {label('export.generated_on', c.lang, date=text.fmt_date(c.generated_on, c.lang))}"
    _textbox(slide, Inches(0.5), Inches(7.0), Inches(11.3), Inches(0.35), footer, 10, color=MUTED,
             name=FOOTER_NAME)
    _textbox(slide, Inches(11.8), Inches(7.0), Inches(1.0), Inches(0.35), f"{number} / {total}", 10,
             color=MUTED, align=PP_ALIGN.RIGHT, name="alize-page-number")
    slide.notes_slide.notes_text_frame.text = f"{c.scope_text}\n{c.source_text}"
    return slide


def _tile(slide, x, y, w, h, name: str, value: str, value_size: int, fill: str = TILE_FILL, strong=False):
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.util import Pt

    shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, x, y, w, h)
    shape.adjustments[0] = 0.08
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(fill)
    shape.line.color.rgb = _rgb(ACCENT if strong else "C9D6E3")
    shape.shadow.inherit = False
    tf = shape.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = MSO_ANCHOR.MIDDLE
    p = tf.paragraphs[0]
    p.alignment = PP_ALIGN.CENTER
    r = p.add_run()
    r.text = value
    r.font.size, r.font.bold, r.font.color.rgb = Pt(value_size), True, _rgb(ACCENT if strong else INK)
    p2 = tf.add_paragraph()
    p2.alignment = PP_ALIGN.CENTER
    r2 = p2.add_run()
    r2.text = name
    r2.font.size, r2.font.color.rgb = Pt(14 if value_size >= 30 else 12), _rgb(MUTED)
    return shape


XL_TYPES = {"column": "COLUMN_CLUSTERED", "bar": "BAR_CLUSTERED", "line": "LINE_MARKERS"}


def _add_chart(slide, spec: ChartSpec, lang: str, x, y, w, h):
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import (
        XL_CHART_TYPE,
        XL_LABEL_POSITION,
        XL_LEGEND_POSITION,
        XL_TICK_LABEL_POSITION,
    )
    from pptx.util import Pt

    fmt = pptx_number_format(spec.value_kind, lang)
    data = CategoryChartData(number_format=fmt)
    data.categories = spec.categories
    for name, values in spec.series:
        data.add_series(name, values, number_format=fmt)
    frame = slide.shapes.add_chart(getattr(XL_CHART_TYPE, XL_TYPES[spec.kind]), x, y, w, h, data)
    frame.name = f"chart-{spec.key}"
    chart = frame.chart
    chart.font.size = Pt(12)
    chart.font.color.rgb = _rgb(INK)
    chart.has_title = False
    chart.has_legend = len(spec.series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(12)
    va = chart.value_axis
    va.has_major_gridlines = True
    va.major_gridlines.format.line.color.rgb = _rgb("E4E7EB")
    va.format.line.fill.background()
    va.tick_labels.number_format = fmt
    va.tick_labels.number_format_is_linked = False
    va.tick_labels.font.size = Pt(11)
    va.minimum_scale = 0
    ca = chart.category_axis
    ca.tick_labels.font.size = Pt(11 if len(spec.categories) <= 16 else 9)
    ca.format.line.color.rgb = _rgb("9AA5B1")
    ca.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    if spec.kind == "bar":
        ca.reverse_order = True  # first category on top, as in the table
    plot = chart.plots[0]
    if spec.kind != "line":
        plot.gap_width = 60
        plot.overlap = -10 if len(spec.series) > 1 else 0
    # Data labels when they fit: few enough points.
    if len(spec.categories) * len(spec.series) <= (30 if spec.kind == "bar" else 24):
        plot.has_data_labels = True
        dl = plot.data_labels
        dl.number_format = fmt
        dl.number_format_is_linked = False
        dl.font.size = Pt(10 if len(spec.categories) * len(spec.series) > 12 else 12)
        dl.position = XL_LABEL_POSITION.ABOVE if spec.kind == "line" else XL_LABEL_POSITION.OUTSIDE_END
    for i, series in enumerate(plot.series):
        colour = charts.PALETTE[i % len(charts.PALETTE)].lstrip("#")
        if spec.kind == "line":
            series.format.line.color.rgb = _rgb(colour)
            series.format.line.width = Pt(2.5)
            series.smooth = False
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = _rgb(colour)
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = _rgb(colour)
        if spec.highlight is not None and not all(spec.highlight):
            for j, inside in enumerate(spec.highlight):
                if inside:
                    continue
                point = series.points[j]
                faded = _faded(colour)
                if spec.kind == "line":
                    point.marker.format.fill.solid()
                    point.marker.format.fill.fore_color.rgb = _rgb(faded)
                    point.marker.format.line.color.rgb = _rgb(faded)
                else:
                    point.format.fill.solid()
                    point.format.fill.fore_color.rgb = _rgb(faded)
    return frame


def deck(con, scope: Scope, lang: str = "fr", today: dt.date | None = None) -> bytes:
    """The scope as a 16:9 PowerPoint deck (bytes): title, key figures, one native chart per slide.

    Every slide's footer (shape named `alize-footer`) holds the scope and the data source.
    """
    from pptx import Presentation
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Inches

    c = content(con, scope, lang, today)
    lg = c.lang
    specs = chart_specs(c)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W_IN), Inches(SLIDE_H_IN)
    props = prs.core_properties
    props.title = f"{label('export.deck_title', lg)} — {c.scope_text}"
    props.author = "alIZé"
    props.subject = c.source_text
    props.language = "fr-FR" if lg == "fr" else "en-GB"
    total = 2 + len(specs)

    # 1. title
    s = _slide(prs, c, None, 1, total)
    band = s.shapes.add_shape(1, 0, Inches(2.3), prs.slide_width, Inches(2.6))  # 1 = rectangle
    band.fill.solid()
    band.fill.fore_color.rgb = _rgb(ACCENT)
    band.line.fill.background()
    band.shadow.inherit = False
    _textbox(s, Inches(0.8), Inches(2.55), Inches(11.7), Inches(1.0), label("export.deck_title", lg), 44, bold=True,
             color="FFFFFF")
    _textbox(s, Inches(0.8), Inches(3.55), Inches(11.7), Inches(0.6), label("export.deck_subtitle", lg), 24,
             color="FFFFFF")
    _textbox(s, Inches(0.8), Inches(4.1), Inches(11.7), Inches(0.6), c.scope_text, 20, color="FFFFFF")
    _textbox(s, Inches(0.8), Inches(5.3), Inches(11.7), Inches(0.5), c.source_text, 16, color=MUTED)

    # 2. key figures
    s = _slide(prs, c, text.t("figure.title", lg), 2, total, c.scope_text)
    w, h, gap = Inches(3.95), Inches(1.55), Inches(0.22)
    for i, (name, value) in enumerate(figure_tiles(c.figures, lg)):
        row, col = divmod(i, 3)
        _tile(s, Inches(0.5) + col * (w + gap), Inches(1.55) + row * (h + gap), w, h, name, value, 36)
    ratios = ratio_tiles(c.figures, lg)
    gap2 = Inches(0.195)
    w2 = int((Inches(12.3) - gap2 * (len(ratios) - 1)) / len(ratios))  # the row spans the 12.3 in of the key figures
    for i, (name, value) in enumerate(ratios):
        _tile(s, Inches(0.5) + i * (w2 + gap2), Inches(5.2), w2, Inches(1.45), name, value, 22,
              fill="FFFFFF" if i else TILE_FILL, strong=(i == 0))
    if c.is_empty:
        _textbox(s, Inches(0.5), Inches(6.65), Inches(12.3), Inches(0.35), text.t("common.empty_scope", lg), 12,
                 color="D55E00")

    # 3... one chart per slide
    for n, spec in enumerate(specs, start=3):
        s = _slide(prs, c, spec.title, n, total, spec.note)
        has_foot = bool(spec.footnote)
        chart_h = Inches(4.3 if has_foot else 5.5)
        if not spec.categories or all(v is None for _, vals in spec.series for v in vals):
            _textbox(s, Inches(0.5), Inches(3.0), Inches(12.3), Inches(1.0), label("export.no_data", lg), 24,
                     color=MUTED, align=PP_ALIGN.CENTER)
            continue
        _add_chart(s, spec, lg, Inches(0.5), Inches(1.4), Inches(12.3), chart_h)
        if has_foot:
            _textbox(s, Inches(0.5), Inches(5.8), Inches(12.3), Inches(1.15), spec.footnote, 12, color=INK)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


# ---- standalone HTML report -----------------------------------------------------------------------

REPORT_CHART_WIDTH = 680   # px: A4 width minus 15 mm margins at 96 dpi, so charts print unscaled
REPORT_CHART_HEIGHT = 330
PLOTLY_CONFIG = {"displaylogo": False, "responsive": False,
                 "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"]}


def _esc(value) -> str:
    return html.escape(str(value), quote=True)


def _css_string(value: str) -> str:
    """A CSS string literal (for @page margin boxes): quotes, backslashes, `<` and controls escaped."""
    out = []
    for ch in value:
        if ch in '"\\<>' or ord(ch) < 0x20 or ch == "\x7f":
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _plotly_figure(spec: ChartSpec, c: Content):
    lg = c.lang
    if spec.key == "trend_projects":
        fig = charts.trend_projects(c.trend, lg)
    elif spec.key == "trend_aid":
        fig = charts.trend_aid(c.trend, lg)
    elif spec.key == "trend_jobs":
        fig = charts.trend_jobs(c.trend, lg)
    else:
        df = pd.DataFrame({"category": spec.categories})
        cols = []
        for i, (name, values) in enumerate(spec.series):
            df[f"s{i}"] = pd.Series(values, dtype="float64")
            cols.append((f"s{i}", name))
        kind = "eur" if spec.value_kind == "eur" else "count"
        fig = charts.bars(df, "category", cols, spec.title, lg, value_kind=kind, horizontal=(spec.kind == "bar"),
                          height=max(REPORT_CHART_HEIGHT, 60 + 34 * len(spec.categories) * len(cols))
                          if spec.kind == "bar" else REPORT_CHART_HEIGHT)
        if spec.value_kind == "rate":
            fig.update_yaxes(tickformat=",.2f")
            for trace in fig.data:
                trace.hovertemplate = f"%{{x}} · {trace.name} : %{{y:,.2f}}<extra></extra>"
        if spec.kind == "bar" and len(spec.categories) * len(cols) <= 30:
            fig.update_traces(texttemplate="%{x:,.0f}" + (NBSP + "€" if kind == "eur" else ""),
                              textposition="outside", cliponaxis=False)
        elif spec.kind == "column" and len(spec.categories) * len(cols) <= 24:
            fig.update_traces(texttemplate="%{y:,.2f}" if spec.value_kind == "rate" else "%{y:,.0f}",
                              textposition="outside", cliponaxis=False)
    if spec.highlight is not None:
        fig = charts.highlight_period(fig, c.scope.start, c.scope.end)
    fig.update_layout(width=REPORT_CHART_WIDTH, autosize=False, title=None,
                      margin={"l": 10, "r": 30, "t": 40, "b": 10})
    if fig.layout.height is None or fig.layout.height < 200:
        fig.update_layout(height=REPORT_CHART_HEIGHT)
    return fig


def _tiles_html(tiles: list[tuple[str, str]], cls: str) -> str:
    return "".join(f'<div class="tile {cls}"><div class="value">{_esc(v)}</div><div class="name">{_esc(n)}</div></div>'
                   for n, v in tiles)


def _basin_table(c: Content) -> str:
    lg = c.lang
    cols = [("basin", None), ("committees", "int"), ("projects_studied", "int"), ("projects_retained", "int"),
            ("approval_rate", "pct"), ("competence_days", "num1"), ("aid_eur", "eur"), ("jobs_committed", "int")]

    head = "".join(f"<th>{_esc(column_label(k, lg) if k != 'aid_eur' else text.t('figure.aid_eur', lg))}</th>"
                   for k, _ in cols)
    body = []
    rows = list(c.by_basin.itertuples(index=False))
    for r in rows:
        cells = []
        for k, kind in cols:
            v = getattr(r, k)
            v = None if _is_missing(v) else _plain(v)
            cells.append(f"<td>{_esc(v)}</td>" if kind is None else f'<td class="num">{_esc(format_value(v, kind, lg))}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    if len(rows) > 1:
        f = c.figures
        total = {"committees": f.committees, "projects_studied": f.projects_studied,
                 "projects_retained": f.projects_retained, "approval_rate": f.approval_rate,
                 "competence_days": f.competence_days, "aid_eur": f.aid_eur, "jobs_committed": f.jobs_committed}
        cells = [f"<td>{_esc('Total')}</td>"] + [f'<td class="num">{_esc(format_value(total[k], kind, lg))}</td>'
                                                  for k, kind in cols[1:]]
        body.append('<tr class="total">' + "".join(cells) + "</tr>")
    return f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


REPORT_CSS = """
:root { --ink: #1f2933; --muted: #52606d; --accent: #0072B2; --tile: #eef4fa; --line: #d9e2ec; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #f5f7fa; color: var(--ink);
       font-family: "Segoe UI", "Helvetica Neue", Helvetica, Arial, "DejaVu Sans", sans-serif; font-size: 14px; }
main { width: 760px; margin: 24px auto; background: white; padding: 32px 40px; }
header.cover { border-bottom: 4px solid var(--accent); margin-bottom: 20px; padding-bottom: 12px; }
h1 { font-size: 28px; margin: 0 0 6px; }
h2 { font-size: 20px; margin: 28px 0 4px; }
.scope { font-size: 16px; font-weight: 600; margin: 0; }
.meta, .note { color: var(--muted); margin: 2px 0 8px; }
.tiles { display: grid; grid-template-columns: repeat(3, 1fr); gap: 10px; margin: 12px 0; }
.tiles.ratios { grid-template-columns: repeat(6, 1fr); }
.tile { background: var(--tile); border: 1px solid var(--line); border-radius: 8px; padding: 10px 6px;
        text-align: center; }
.tile .value { font-size: 26px; font-weight: 700; white-space: nowrap; }
.tile.small .value { font-size: 18px; }
.tile.strong { border-color: var(--accent); } .tile.strong .value { color: var(--accent); }
.tile .name { color: var(--muted); font-size: 12px; margin-top: 2px; }
figure.chart { margin: 8px 0 18px; break-inside: avoid; page-break-inside: avoid; }
figure.chart figcaption { font-weight: 600; font-size: 16px; margin-bottom: 2px; }
figure.chart .note { font-size: 12px; }
.footnote { font-size: 12px; margin: 4px 0 0; }
table.data { border-collapse: collapse; width: 100%; font-size: 12px; break-inside: avoid; }
table.data th, table.data td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: left; }
table.data th { background: var(--tile); }
table.data td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
table.data tr.total td { font-weight: 700; border-top: 2px solid var(--ink); }
footer.source { margin-top: 24px; border-top: 1px solid var(--line); padding-top: 8px; color: var(--muted);
                font-size: 12px; }
.empty { color: #b3401a; font-weight: 600; }
@page { size: A4; margin: 15mm 15mm 18mm; }
@media print {
  body { background: white; }
  main { width: auto; margin: 0; padding: 0; }
  .modebar-container, .modebar { display: none !important; }
  h2 { break-after: avoid; page-break-after: avoid; }
  section.charts { break-before: page; page-break-before: always; }
  footer.source { display: none; }
}
"""


def report_html(con, scope: Scope, lang: str = "fr", today: dt.date | None = None) -> str:
    """The deck's content as one standalone HTML page (str): plotly.js inlined once in <head>, no
    network use (no CDN, web font or external image), A4 print layout with the scope, source and page
    number in every printed page's margin. Every text value is HTML-escaped."""
    import plotly.io as pio
    from plotly.offline import get_plotlyjs

    c = content(con, scope, lang, today)
    lg = c.lang
    generated = label("export.generated_on", lg, date=text.fmt_date(c.generated_on, lg))
    parts = []
    for spec in chart_specs(c):
        note = f'<p class="note">{_esc(spec.note)}</p>' if spec.note else ""
        foot = f'<p class="footnote">{_esc(spec.footnote)}</p>' if spec.footnote else ""
        if not spec.categories:
            body = f'<p class="note">{_esc(label("export.no_data", lg))}</p>'
        else:
            fig = _plotly_figure(spec, c)
            body = pio.to_html(fig, full_html=False, include_plotlyjs=False, config=PLOTLY_CONFIG,
                               div_id=f"chart-{spec.key}", validate=True)
        parts.append(f'<figure class="chart" id="fig-{spec.key}"><figcaption>{_esc(spec.title)}</figcaption>'
                     f"{note}{body}{foot}</figure>")
    margin_left = _css_string(f"{c.scope_text} · {c.source_text}")
    page_word = _css_string(label("export.page", lg) + " ")
    page_css = ("@page { @bottom-left { content: " + margin_left + "; font-size: 8pt; color: #52606d; } "
                "@bottom-right { content: " + page_word + ' counter(page) " / " counter(pages); '
                "font-size: 8pt; color: #52606d; } }")
    empty = f'<p class="empty">{_esc(text.t("common.empty_scope", lg))}</p>' if c.is_empty else ""
    title = f"{label('export.report_title', lg)} — {c.scope_text}"
    plotly_js = get_plotlyjs()
    return f"""<!DOCTYPE html>
<html lang="{lg}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="alIZé">
<title>{_esc(title)}</title>
<style>{REPORT_CSS}
{page_css}</style>
<script type="text/javascript">{plotly_js}</script>
</head>
<body>
<main>
<header class="cover">
<h1>{_esc(label("export.deck_title", lg))}</h1>
<p class="scope">{_esc(c.scope_text)}</p>
<p class="meta">{_esc(c.source_text)} · {_esc(generated)}</p>
</header>
<section class="figures">
<h2>{_esc(text.t("figure.title", lg))}</h2>
{empty}
<div class="tiles">{_tiles_html(figure_tiles(c.figures, lg), "")}</div>
<div class="tiles ratios">{"".join(_tiles_html([tile], "small strong" if i == 0 else "small")
                                   for i, tile in enumerate(ratio_tiles(c.figures, lg)))}</div>
<h2>{_esc(label("export.figures_by_basin", lg))}</h2>
<p class="note">{_esc(label("export.by_basin_note", lg))}</p>
{_basin_table(c)}
</section>
<section class="charts">
{"".join(parts)}
</section>
<footer class="source">{_esc(c.scope_text)} · {_esc(c.source_text)} · {_esc(generated)}</footer>
</main>
</body>
</html>
"""
