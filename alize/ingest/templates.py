"""Empty templates to fill, and every table exported in the importer's own formats."""

from __future__ import annotations

import csv
import io
from typing import Any

from alize.ingest.common import NBSP
from alize.ingest.parse import _fr, _fr_date
from alize.ingest.preview import _load_state
from alize.store.specs import (
    AMOUNT_MAX,
    CHOICE_LABELS,
    DATE_MIN,
    DAYS_MAX,
    ID_MAX,
    IMPORT_TABLES,
    NAME_MAX,
    SPECS,
    Col,
    date_max,
)

# ---- templates and export ----------------------------------------------------------------------

def template_csv(table: str) -> bytes:
    """An empty CSV for `table`: French headers, `;`-separated, UTF-8 with BOM (opens cleanly in Excel)."""
    spec = SPECS[table]
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\r\n").writerow([c.label for c in spec.cols])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def template_name(table: str, ext: str = "csv") -> str:
    return f"{SPECS[table].sheet}.{ext}"


def _help_rows() -> list[list[str]]:
    last = date_max()
    kinds = {"id": f"identifiant (texte, {ID_MAX} caractères au plus)", "text": f"texte ({NAME_MAX} caractères au plus)",
             "date": f"date JJ/MM/AAAA (du {_fr_date(DATE_MIN)} au {_fr_date(last)})", "int": "nombre entier",
             "year": f"année (AAAA, de {DATE_MIN.year} à {last.year})",
             "eur": f"montant en euros (ex. 445 135 €, au plus {_fr(AMOUNT_MAX)} €)",
             "days": f"jours (demi-journées admises : 2,5 ; au plus {DAYS_MAX})", "insee": "code INSEE à 5 caractères",
             "sector": "section NAF (lettre A à U)"}
    out = [["Feuille", "Colonne", "Obligatoire", "Contenu"]]
    for spec in SPECS.values():
        for c in spec.cols:
            what = kinds.get(c.kind, "")
            if c.kind == "int" and c.max is not None:
                what = f"nombre entier (au plus {_fr(c.max)})"
            if c.kind == "choice":
                what = "une valeur parmi : " + ", ".join(CHOICE_LABELS[c.choices].values())
            if c.ref:
                what += f" (renvoie à la feuille « {SPECS[c.ref].sheet} »)"
            out.append([spec.sheet, c.label, "oui" if c.required else "non", what])
    return out


def _workbook(sheets: dict[str, list[list]], help_sheet: bool) -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    if help_sheet:
        ws = wb.create_sheet("Lisez-moi")
        for r in _help_rows():
            ws.append(r)
        ws["A1"].font = ws["B1"].font = ws["C1"].font = ws["D1"].font = Font(bold=True)
        for col, width in zip("ABCD", (16, 26, 12, 70)):
            ws.column_dimensions[col].width = width
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            ws.column_dimensions[cell.column_letter].width = max(12, len(str(cell.value)) + 4)
        ws.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def template_workbook() -> bytes:
    """One .xlsx with a help sheet and an empty sheet (French headers) per table."""
    return _workbook({s.sheet: [[c.label for c in s.cols]] for s in SPECS.values()}, help_sheet=True)


def _french(col: Col, v) -> Any:
    if v is None:
        return None
    if col.kind == "date":
        return v.strftime("%d/%m/%Y")
    if col.kind == "eur":
        return f"{int(v):,}".replace(",", NBSP) + NBSP + "€"
    if col.kind == "days":
        f = float(v)
        return (str(int(f)) if f.is_integer() else f"{f:.1f}").replace(".", ",")
    if col.kind == "choice":
        return CHOICE_LABELS[col.choices][v]
    return v


def export_workbook(con, french_formats: bool = True) -> bytes:
    """Every table of the database in one workbook, French headers; with `french_formats`, values as a
    French user types them (`15/03/2010`, `445 135 €`, `2,5`, `retenu`) — the file imports back as is."""
    state = _load_state(con)
    sheets = {}
    for t in IMPORT_TABLES:
        spec = SPECS[t]
        rows = [[c.label for c in spec.cols]]
        for key in sorted(state[t], key=lambda k: tuple(str(x) for x in k)):
            row = state[t][key]
            rows.append([_french(c, row[c.name]) if french_formats else row[c.name] for c in spec.cols])
        sheets[spec.sheet] = rows
    return _workbook(sheets, help_sheet=False)
