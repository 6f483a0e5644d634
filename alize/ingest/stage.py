"""A sheet's rows matched to its table's columns by their headers, each cell parsed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from alize.ingest.common import _HEADERS, _misread_headers, norm
from alize.ingest.parse import _Bad, _blank, parse_cell, unusual
from alize.ingest.problems import Problem
from alize.ingest.read import _Sheet
from alize.store.specs import (
    SPECS,
)

# ---- staging ----------------------------------------------------------------------------------

@dataclass
class Row:
    table: str
    file: str
    sheet: str | None
    row: int
    values: dict[str, Any]       # columns present in the file only
    headers: dict[str, str]      # schema column -> header as written
    workbook: bool = False       # from a workbook holding a sheet per table

    def key(self) -> tuple:
        return tuple(self.values.get(k) for k in SPECS[self.table].key)

    def where(self, column: str | None = None, code: str = "", message: str = "", level="erreur") -> Problem:
        label = self.headers.get(column) if column else None
        if column and label is None:
            label = SPECS[self.table].col(column).label
        return Problem(code, message, self.file, self.sheet, self.row, label, level)


def _columns(sheet: _Sheet, header_row: int, header: list, problems: list[Problem]):
    """The header read: {cell index: column}, {column: header as written}, unknown headers; None (with
    its problem) when the header cannot be used."""
    spec, lookup = SPECS[sheet.table], _HEADERS[sheet.table]
    mapping: dict[int, str] = {}
    headers: dict[str, str] = {}
    unknown = []
    for i, h in enumerate(header):
        if _blank(h):
            continue
        name = lookup.get(norm(h))
        if name is None:
            unknown.append((i, str(h).strip()))
        elif name in headers:
            problems.append(Problem("bad_header", f"en-tête incorrect : colonne « {str(h).strip()} » en double "
                                    f"(déjà « {headers[name]} »)", sheet.file, sheet.sheet, header_row,
                                    str(h).strip()))
            return None
        else:
            mapping[i] = name
            headers[name] = str(h).strip()
    misread = _misread_headers([h for _, h in unknown], spec) if sheet.sheet is None else []
    if misread:
        shown = ", ".join(f"« {h} » (pour « {label} » ?)" for h, label in misread)
        problems.append(Problem(
            "bad_encoding", f"encodage du fichier non reconnu : les lettres accentuées de l'en-tête ont été mal "
            f"lues ({shown}) ; le fichier n'est enregistré ni en UTF-8 ni en Windows-1252. Enregistrez-le en "
            "« CSV UTF-8 » depuis votre tableur puis importez-le à nouveau", sheet.file, sheet.sheet, header_row))
        return None
    missing = [c for c in spec.cols if c.required and c.name not in headers]
    if missing:
        names = ", ".join(f"« {c.label} »" for c in missing)
        extra = (" ; colonnes non reconnues : " + ", ".join(f"« {h} »" for _, h in unknown)) if unknown else ""
        problems.append(Problem("bad_header", f"en-tête incorrect : colonne{'s' if len(missing) > 1 else ''} "
                                f"obligatoire{'s' if len(missing) > 1 else ''} absente{'s' if len(missing) > 1 else ''}"
                                f" : {names}{extra} (table « {spec.sheet} »)", sheet.file, sheet.sheet, header_row))
        return None
    return mapping, headers, unknown


def _row(sheet: _Sheet, n: int, cells: list, mapping: dict[int, str], headers: dict[str, str], width: int,
         problems: list[Problem]) -> Row | None:
    """One data row parsed cell by cell; None when a cell is refused (its problem said)."""
    spec = SPECS[sheet.table]
    values: dict[str, Any] = {}
    row = Row(sheet.table, sheet.file, sheet.sheet, n, values, headers, sheet.workbook)
    bad = False
    for i, name in mapping.items():
        col = spec.col(name)
        v = cells[i] if i < len(cells) else None
        if _blank(v):
            if col.required:
                problems.append(row.where(name, "missing_value", "valeur obligatoire manquante"))
                bad = True
            values[name] = col.default
            continue
        try:
            values[name] = parse_cell(col, v)
        except _Bad as exc:
            problems.append(row.where(name, exc.code, exc.message))
            bad = True
            continue
        warning = unusual(col, values[name])
        if warning:
            problems.append(row.where(name, "unusual_value", warning, level="avertissement"))
    if len(cells) > width and any(not _blank(v) for v in cells[width:]):
        problems.append(row.where(None, "extra_cells", "valeurs au-delà de la dernière colonne de l'en-tête",
                                  level="avertissement"))
    return None if bad else row


def _stage(sheet: _Sheet, problems: list[Problem]) -> list[Row]:
    rows = [(n, r) for n, r in sheet.rows if not all(_blank(v) for v in r)]
    if not rows:
        if not sheet.workbook:
            problems.append(Problem("empty_file", "fichier vide : aucune ligne (ni en-tête ni données)",
                                    sheet.file, sheet.sheet))
        return []
    header_row, header = rows[0]
    read = _columns(sheet, header_row, header, problems)
    if read is None:
        return []
    mapping, headers, unknown = read
    for _, h in unknown:
        problems.append(Problem("ignored_column", "colonne non reconnue, ignorée", sheet.file, sheet.sheet,
                                header_row, h, level="avertissement"))
    out = [r for n, cells in rows[1:]
           if (r := _row(sheet, n, cells, mapping, headers, len(header), problems)) is not None]
    if len(rows) == 1 and not sheet.workbook:
        problems.append(Problem("empty_file", "fichier vide : l'en-tête est là mais aucune ligne de données",
                                sheet.file, sheet.sheet))
    return out
