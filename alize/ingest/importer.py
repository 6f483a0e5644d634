"""Bring in the programme's own records: read CSV/Excel files, validate, preview, write, undo.

The flow a page or the CLI follows:

    plan = check(files, db_path)          # read + validate + preview; opens the db read-only
    if plan.ok:
        result = apply(plan, db_path, user="marie")   # backup copy, one transaction, audit log
    undo_last(db_path, user="marie")      # restore the copy taken before the last import

`files` items may be paths, `(name, bytes)` pairs, `Upload` objects or anything with `.name`
and `.getvalue()` (a Streamlit UploadedFile). Nothing is written by `check`; `apply` refuses a
plan with errors. `apply` and `undo_last` take the database *path*: the caller closes its own
connection to that file first and reopens it afterwards (DuckDB shares one instance per file in a
process, so a connection left open would keep seeing the file as it was before an undo).

Why updates touch only the columns that changed: DuckDB implements an UPDATE of an indexed column
(a primary key or a UNIQUE name) as delete + insert, which a foreign key referencing the row
forbids even inside one transaction. Non-indexed columns update in place, so changing a committee's
place or date while projects point to it works; renaming a basin or territory that other rows
reference is refused at validation with its own message.
"""

from __future__ import annotations

import csv
import datetime as dt
import getpass
import hashlib
import io
import json
import math
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from alize import AlizeError
from alize.ingest import rebuild
from alize.store import db, embedded
from alize.store.specs import (  # noqa: F401 -- the limits are the importer's too (tests, docs read them here)
    AMOUNT_MAX,
    CHOICE_LABELS,
    CHOICES,
    CONVENTION_MAX,
    DATE_MIN,
    DATE_YEARS_AHEAD,
    DAYS_MAX,
    ESTABLISHMENTS_MAX,
    ID_MAX,
    IMPORT_TABLES,
    JOBS_MAX,
    MAX_ROWS,
    NAME_MAX,
    SPECS,
    VALUE_MAX,
    XLSX_MAX_PARTS,
    XLSX_MAX_RATIO,
    XLSX_MAX_UNZIPPED,
    XLSX_RATIO_FROM,
    Col,
    TableSpec,
    date_max,
)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
SAMPLE_ROWS = 5
NBSP, NNBSP, THIN = "\u00a0", "\u202f", "\u2009"

class ImportRefused(AlizeError):
    """An import that cannot be written (validation errors, database problem)."""


IGNORED_SHEETS = {"lisez moi", "lisezmoi", "readme", "notice", "aide", "mode d emploi", "sommaire"}


def norm(text: Any) -> str:
    """Case-, accent- and punctuation-insensitive form: `Date du Comité (€)` -> `date du comite`."""
    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().casefold()
    s = s.replace("n°", "n ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", s).split())


_TABLE_NAMES = {norm(n): t for t, s in SPECS.items() for n in (*s.names, s.sheet, s.label, t)}


def table_for_name(name: str) -> str | None:
    """`Projets`, `projects.csv`, `alize_comités_2024` -> table name, or None."""
    stem = norm(re.sub(r"\.(csv|txt|xlsx|xlsm)$", "", str(name), flags=re.IGNORECASE))
    if stem in _TABLE_NAMES:
        return _TABLE_NAMES[stem]
    words = stem.split()
    found = set()
    for n, t in _TABLE_NAMES.items():
        parts = n.split()
        if any(words[i:i + len(parts)] == parts for i in range(len(words))):
            found.add(t)
    return found.pop() if len(found) == 1 else None


def _header_lookup(spec: TableSpec) -> dict[str, str]:
    out = {}
    for c in spec.cols:
        for alias in (c.name, c.label, *c.aliases):
            out.setdefault(norm(alias), c.name)
        out.setdefault(norm(c.name.replace("_eur", "")), c.name)
    return out


_HEADERS = {t: _header_lookup(s) for t, s in SPECS.items()}


def _skeleton(text: str) -> str:
    """A header with each run of non-ASCII characters (or `?`, `�`) as one wildcard: `Date du comité`,
    `Date du comitÃ©` (UTF-8 read as Windows-1252), `Date du comitŽ` (Mac Roman) and `Date du comit?`
    share one."""
    return re.sub(r"[^\x00-\x3e\x40-\x7f]+", "\x00", " ".join(text.casefold().split()))


def _misread_headers(unknown: list[str], spec: TableSpec) -> list[tuple[str, str]]:
    """Unrecognised headers that are a label of `spec` with its accents misread (the file's encoding),
    as (header, label)."""
    labels = {_skeleton(c.label): c.label for c in spec.cols if not c.label.isascii()}
    return [(h, labels[_skeleton(h)]) for h in unknown if _skeleton(h) in labels]


# ---- problems ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    code: str            # stable code for tests and pages: bad_header, bad_date, negative_amount...
    message: str         # French
    file: str = ""
    sheet: str | None = None
    row: int | None = None       # as the user sees it: spreadsheet row number, header = 1
    column: str | None = None    # the header as written in the file
    level: str = "erreur"        # "erreur" blocks the import; "avertissement" does not

    @property
    def is_error(self) -> bool:
        return self.level == "erreur"

    @property
    def text(self) -> str:
        where = [self.file] if self.file else []
        if self.sheet:
            where.append(f"feuille « {self.sheet} »")
        if self.row is not None:
            where.append(f"ligne {self.row}")
        if self.column:
            where.append(f"colonne « {self.column} »")
        prefix = ", ".join(where)
        tag = "" if self.is_error else "avertissement : "
        return f"{prefix} : {tag}{self.message}" if prefix else f"{tag}{self.message}"


PROBLEM_COLUMNS = {"level": "Niveau", "file": "Fichier", "sheet": "Feuille", "row": "Ligne",
                   "column": "Colonne", "message": "Problème", "code": "Code"}


def problems_frame(problems: Iterable[Problem], french: bool = True) -> pd.DataFrame:
    rows = [{"level": p.level, "file": p.file, "sheet": p.sheet or "", "row": p.row, "column": p.column or "",
             "message": p.message, "code": p.code} for p in problems]
    df = pd.DataFrame(rows, columns=list(PROBLEM_COLUMNS))
    df["row"] = df["row"].astype("Int64")
    return df.rename(columns=PROBLEM_COLUMNS) if french else df


# ---- reading files -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


@dataclass
class _Input:
    name: str
    path: Path | None
    data: bytes | None
    size: int

    def read(self) -> bytes:
        if self.data is None:
            self.data = self.path.read_bytes()
        return self.data


def _as_input(item) -> _Input:
    if isinstance(item, (str, Path)):
        p = Path(item)
        if not p.is_file():
            raise AlizeError(f"fichier introuvable : {p}")
        return _Input(p.name, p, None, p.stat().st_size)
    if isinstance(item, tuple) and len(item) == 2:
        name, data = item
        return _Input(str(name), None, bytes(data), len(data))
    if isinstance(item, Upload):
        return _Input(item.name, None, item.data, len(item.data))
    if hasattr(item, "getvalue") and hasattr(item, "name"):
        data = item.getvalue()
        return _Input(Path(str(item.name)).name, None, data, len(data))
    raise TypeError(f"unsupported file item {item!r}")


@dataclass
class FileInfo:
    name: str
    size: int
    sha256: str
    tables: list[str] = field(default_factory=list)   # tables found (French sheet names)


@dataclass
class _Sheet:
    file: str
    sheet: str | None
    table: str
    rows: list[tuple[int, list]]      # (row number as seen, cells); first entry is the header
    workbook: bool = False            # one sheet of a workbook holding several tables


def _size_text(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}".replace(".", ",") + " Mo"


class _MixedEncoding(Exception):
    def __init__(self, line: int):
        super().__init__(line)
        self.line = line


# Characters a French file holds that UTF-8 writes as 2 or 3 bytes (accented letters, no-break spaces,
# « », typographic quotes and dashes, €, a BOM). Bytes of a Windows-1252 file practically never form
# these sequences by chance (it would take `Ã©` or `â€™` in the text), so finding one in a file that is
# not valid UTF-8 means that the file mixes the two encodings.
_UTF8_EVIDENCE = re.compile("[\u00a0-\u017f\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u202f\u20ac\ufeff]")
_NOT_UTF8 = re.compile("[\udc80-\udcff]")  # bytes that are not UTF-8, as surrogateescape decodes them


def _first_non_utf8_line(data: bytes) -> int | None:
    """For bytes that fail UTF-8: the first line that is not UTF-8 when other parts of the file are
    UTF-8 for accented letters (two encodings mixed); None for a file in one 8-bit encoding."""
    text = data.decode("utf-8", errors="surrogateescape")
    bad = _NOT_UTF8.search(text)
    if bad is None or not _UTF8_EVIDENCE.search(text):
        return None
    return text.count("\n", 0, bad.start()) + 1


def _decode(data: bytes) -> str | None:
    """The text of a CSV: UTF-16 with BOM, UTF-8 (with or without BOM) or else Windows-1252; None for
    a binary file. Raises _MixedEncoding for a file partly in UTF-8 and partly not."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in data[:65536]:
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        line = _first_non_utf8_line(data)
        if line is not None:
            raise _MixedEncoding(line) from None
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            return None
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\r\n\t\f")
    return None if controls else text


def _read_csv(inp: _Input, data: bytes, problems: list[Problem]) -> list[_Sheet]:
    if data.startswith(b"PK\x03\x04"):
        problems.append(Problem("binary_file", "fichier binaire : ce n'est pas un fichier texte CSV "
                                "(un classeur Excel renommé ? enregistrez-le avec l'extension .xlsx)", inp.name))
        return []
    try:
        text = _decode(data)
    except _MixedEncoding as exc:
        problems.append(Problem(
            "mixed_encoding", "fichier mêlant deux encodages, UTF-8 et Windows-1252 : la ligne "
            f"{exc.line} est la première qui n'est pas en UTF-8 alors que d'autres lettres accentuées du fichier "
            "le sont (des lignes collées depuis un autre fichier ?). Les accents seraient mal enregistrés : "
            "ouvrez le fichier dans votre tableur ou un éditeur de texte, vérifiez les accents de cette ligne et "
            "des suivantes, enregistrez-le en « CSV UTF-8 » puis importez-le à nouveau", inp.name, row=exc.line))
        return []
    if text is None:
        problems.append(Problem("binary_file", "fichier binaire ou illisible : ce n'est pas un fichier texte CSV "
                                "(enregistrez-le au format CSV, UTF-8 ou Windows-1252)", inp.name))
        return []
    if not text.strip():
        problems.append(Problem("empty_file", "fichier vide : aucune ligne", inp.name))
        return []
    table = table_for_name(inp.name)
    if table is None:
        problems.append(Problem("unknown_table", "table non reconnue d'après le nom du fichier (noms attendus : "
                                + ", ".join(s.sheet for s in SPECS.values()) + ")", inp.name))
        return []
    first = text.lstrip("\ufeff").splitlines()[0]
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    delim = max(counts, key=lambda d: (counts[d], d == ","))
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delim)
    rows = []
    try:
        for n, row in enumerate(reader, start=1):
            if n - 1 > MAX_ROWS:
                problems.append(_too_many_rows(inp.name, None))
                return []
            rows.append((n, row))
    except csv.Error as exc:
        line = reader.line_num
        if "field larger than field limit" in str(exc):
            problems.append(Problem("too_long", f"valeur trop longue : plus de {_fr(csv.field_size_limit())} "
                                    "caractères dans une seule cellule (un guillemet non fermé ?)", inp.name,
                                    row=len(rows) + 1))
        else:
            problems.append(Problem("bad_csv", f"CSV illisible à partir de la ligne {line} du fichier (guillemets "
                                    "mal placés ?) : enregistrez-le à nouveau au format CSV depuis votre tableur",
                                    inp.name, row=len(rows) + 1))
        return []
    return [_Sheet(inp.name, None, table, rows)]


def _too_many_rows(file: str, sheet: str | None, count: int | None = None) -> Problem:
    where = "par fichier CSV" if sheet is None else "par feuille"
    what = (f"{_fr(count)} lignes de données d'après les dimensions de la feuille" if count is not None
            else f"plus de {_fr(MAX_ROWS)} lignes de données")
    return Problem("too_many_rows", f"trop de lignes : {what} (limite {_fr(MAX_ROWS)} {where}) ; découpez le "
                   "fichier, par année par exemple, et importez les morceaux l'un après l'autre", file, sheet)


def _bytes_text(n: int) -> str:
    return _size_text(n) if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} Ko"


def _zip_problem(inp: _Input, zf: zipfile.ZipFile) -> Problem | None:
    """A workbook whose parts, once unzipped, would be too large or suspiciously compressed (a
    decompression bomb), judged from the zip directory before anything is decompressed. The sizes
    it declares bound what zipfile reads (a part longer than declared fails its CRC check)."""
    infos = zf.infolist()
    if len(infos) > XLSX_MAX_PARTS:
        return Problem("unzipped_too_large", f"classeur anormal : {_fr(len(infos))} fichiers à l'intérieur (limite "
                       f"{_fr(XLSX_MAX_PARTS)}) ; enregistrez-le à nouveau depuis Excel ou LibreOffice", inp.name)
    total = sum(i.file_size for i in infos)
    if total > XLSX_MAX_UNZIPPED:
        biggest = max(infos, key=lambda i: i.file_size)
        return Problem("unzipped_too_large", f"classeur trop volumineux une fois décompressé : {_size_text(total)} "
                       f"(limite {_size_text(XLSX_MAX_UNZIPPED)}), dont {_size_text(biggest.file_size)} pour "
                       f"« {biggest.filename} » ; découpez-le par table ou par année, ou importez des fichiers CSV",
                       inp.name)
    for i in infos:
        if i.file_size > XLSX_RATIO_FROM and i.file_size > XLSX_MAX_RATIO * max(i.compress_size, 1):
            ratio = i.file_size // max(i.compress_size, 1)
            return Problem("unzipped_too_large", f"classeur anormalement comprimé : « {i.filename} » passe de "
                           f"{_bytes_text(i.compress_size)} à {_size_text(i.file_size)} une fois décompressé "
                           f"({_fr(ratio)} fois, limite {XLSX_MAX_RATIO} fois au-delà de {_size_text(XLSX_RATIO_FROM)}) : "
                           "ce fichier ressemble à une « bombe de décompression ». Enregistrez à nouveau le classeur "
                           "depuis Excel ou LibreOffice, ou importez des fichiers CSV", inp.name)
    return None


_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")


def _has_formula(zf: zipfile.ZipFile, member: str) -> bool:
    """Whether a sheet's XML holds a formula (streamed, no parsing)."""
    tail = b""
    with zf.open(member) as src:
        while chunk := src.read(1 << 20):
            if _FORMULA_TAG.search(tail + chunk):
                return True
            tail = chunk[-40:]
    return False


def _uncached_formulas(zf: zipfile.ZipFile, member: str) -> dict[int, list[tuple[int, str, str]]]:
    """Cells of a sheet holding a formula with no computed value: {row: [(column index from 0, formula,
    cell reference)]}. A workbook written by a program (openpyxl...) and never opened in Excel or
    LibreOffice has those; reading it `data_only` gives None, which would be stored as 0 or empty."""
    from openpyxl.formula.translate import Translator
    from openpyxl.utils.cell import (
        column_index_from_string,
        coordinate_from_string,
        get_column_letter,
    )
    from openpyxl.xml.functions import iterparse

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    out: dict[int, list[tuple[int, str, str]]] = {}
    shared: dict[str, tuple[str, str]] = {}
    row_n, col_n = 0, 0
    with zf.open(member) as src:
        for event, el in iterparse(src, events=("start", "end")):
            tag = local(el.tag)
            if event == "start":
                if tag == "row":
                    row_n = int(el.get("r") or row_n + 1)
                    col_n = 0
                continue
            if tag == "c":
                ref = el.get("r")
                if ref:
                    letters, row_n = coordinate_from_string(ref)
                    col_n = column_index_from_string(letters)
                else:
                    col_n += 1
                    ref = f"{get_column_letter(col_n)}{row_n}"
                f = v = None
                for child in el:
                    name = local(child.tag)
                    if name == "f":
                        f = child
                    elif name == "v":
                        v = child
                if f is not None:
                    text = "=" + (f.text or "")
                    if f.get("t") == "shared" and f.get("si") is not None:
                        if f.text:
                            shared[f.get("si")] = (text, ref)
                        elif f.get("si") in shared:
                            origin, at = shared[f.get("si")]
                            try:
                                text = Translator(origin, origin=at).translate_formula(ref)
                            except Exception:  # noqa: BLE001 -- a formula openpyxl cannot shift: show the original
                                text = origin
                    computed = v is not None and (bool(v.text) or el.get("t") == "str")  # "" computed is fine
                    if not computed:
                        out.setdefault(row_n, []).append((col_n - 1, text, ref))
                el.clear()
            elif tag == "row":
                el.clear()
    return out


def _read_xlsx(inp: _Input, data: bytes, problems: list[Problem]) -> list[_Sheet]:
    """Checks the zip first (unzipped size, compression ratio), then reads in openpyxl's read-only
    mode (rows streamed from the sheet XML), refusing sheets past MAX_ROWS and formulas without value."""
    import openpyxl

    if not data.startswith(b"PK"):
        problems.append(Problem("bad_workbook", "ce fichier n'est pas un classeur Excel .xlsx valide", inp.name))
        return []
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        problems.append(Problem("bad_workbook", f"classeur Excel illisible ({type(exc).__name__})", inp.name))
        return []
    with zf:
        bomb = _zip_problem(inp, zf)
        if bomb is not None:
            problems.append(bomb)
            return []
        try:
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 -- openpyxl raises many kinds on a damaged file
            problems.append(Problem("bad_workbook", f"classeur Excel illisible ({type(exc).__name__})", inp.name))
            return []
        try:
            return _read_sheets(inp, zf, wb, problems)
        finally:
            wb.close()


def _read_sheets(inp: _Input, zf: zipfile.ZipFile, wb, problems: list[Problem]) -> list[_Sheet]:
    if not wb.worksheets:
        problems.append(Problem("bad_workbook", "classeur Excel sans aucune feuille de calcul", inp.name))
        return []
    sheets = {ws.title: table_for_name(ws.title) for ws in wb.worksheets}
    matched = [title for title, t in sheets.items() if t]
    out = []
    if matched:
        chosen = [(title, sheets[title]) for title in matched]
        many = True
    else:
        table = table_for_name(inp.name)
        if table is None:
            problems.append(Problem(
                "missing_sheet", "feuille manquante : aucune feuille ne porte le nom d'une table (noms attendus : "
                + ", ".join(s.sheet for s in SPECS.values()) + " ; feuilles trouvées : "
                + ", ".join(f"« {t} »" for t in sheets) + ")", inp.name))
            return []
        chosen = [(wb.worksheets[0].title, table)]
        many = False
    for title, t in sheets.items():
        if (title, t) not in chosen and t is None and norm(title) not in IGNORED_SHEETS:
            problems.append(Problem("ignored_sheet", "feuille ignorée : son nom ne correspond à aucune table",
                                    inp.name, title, level="avertissement"))
    for title, table in chosen:
        ws = wb[title]
        if ws.max_row is not None and ws.max_row - 1 > MAX_ROWS:  # from the sheet's <dimension ref="A1:N…">
            problems.append(_too_many_rows(inp.name, title, ws.max_row - 1))
            continue
        ws.reset_dimensions()  # a wrong <dimension> (too small) would otherwise cut rows silently
        member = ws._worksheet_path
        try:
            formulas = _uncached_formulas(zf, member) if _has_formula(zf, member) else {}
            rows = []
            for n, r in enumerate(ws.iter_rows(values_only=True), start=1):
                if n - 1 > MAX_ROWS:
                    problems.append(_too_many_rows(inp.name, title))
                    rows = None
                    break
                cells = list(r)
                for i, text, ref in formulas.get(n, ()):
                    if i < len(cells) and cells[i] is None:
                        cells[i] = _Formula(text, ref)
                rows.append((n, cells))
        except Exception as exc:  # noqa: BLE001 -- a damaged sheet (a cell openpyxl cannot convert...)
            problems.append(Problem("bad_workbook", f"feuille illisible ({type(exc).__name__}) : enregistrez à "
                                    "nouveau le classeur depuis Excel ou LibreOffice", inp.name, title))
            continue
        if rows is not None:
            out.append(_Sheet(inp.name, title, table, rows, workbook=many))
    return out


def read_files(files: Iterable, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[_Sheet], list[FileInfo], list[Problem]]:
    sheets: list[_Sheet] = []
    infos: list[FileInfo] = []
    problems: list[Problem] = []
    for item in files:
        inp = _as_input(item)
        if inp.size > max_bytes:
            problems.append(Problem("file_too_large", f"fichier trop volumineux : {_size_text(inp.size)} "
                                    f"(limite {_size_text(max_bytes)}) ; découpez-le par table ou par année",
                                    inp.name))
            infos.append(FileInfo(inp.name, inp.size, ""))
            continue
        data = inp.read()
        info = FileInfo(inp.name, inp.size, hashlib.sha256(data).hexdigest())
        infos.append(info)
        if not data.strip():
            problems.append(Problem("empty_file", "fichier vide : aucune ligne", inp.name))
            continue
        suffix = Path(inp.name).suffix.lower()
        if suffix in (".xlsx", ".xlsm"):
            found = _read_xlsx(inp, data, problems)
        elif suffix in (".csv", ".txt", ""):
            found = _read_csv(inp, data, problems)
        elif suffix == ".xls":
            problems.append(Problem("unsupported_format", "ancien format Excel .xls : enregistrez le classeur "
                                    "au format .xlsx", inp.name))
            continue
        else:
            problems.append(Problem("unsupported_format", f"format non pris en charge ({suffix}) : "
                                    "fichiers .csv ou .xlsx attendus", inp.name))
            continue
        info.tables = [SPECS[s.table].sheet for s in found]
        sheets.extend(found)
    return sheets, infos, problems


# ---- cell parsing ------------------------------------------------------------------------------

class _Bad(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class _Formula:
    """An .xlsx cell holding a formula that was never computed (no cached value): refused when read."""
    text: str      # "=2500*2"
    cell: str      # "I3"

    def __str__(self) -> str:
        return self.text


def _blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip(NBSP + NNBSP + THIN + " \t\r\n"))


def _show(v, limit: int = 60) -> str:
    """A cell as quoted in a message (dates the French way, long values cut)."""
    if isinstance(v, (dt.datetime, dt.date)):
        return f"{v.day:02d}/{v.month:02d}/{v.year:04d}"
    if isinstance(v, int) and not isinstance(v, bool) and v.bit_length() > 160:
        return f"{Decimal(v):.3E}"  # str() of a 5 000-digit int raises
    s = str(v).strip()
    return s if len(s) <= limit else s[:limit - 1] + "…"


def _fr(n) -> str:
    """3000000000 -> `3 000 000 000` (messages)."""
    return f"{int(n):,}".replace(",", " ")


def _fr_date(d: dt.date) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


# What a number typed in a text cell may look like once spaces, `€` and the thousands separators are
# gone: ASCII digits, one decimal point, a sign. No exponent (`1e3`), no other digits (`٥٠٠٠`), no
# `Infinity`, `NaN` or `1_000` (all of which Decimal() would take).
_PLAIN_NUMBER = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def parse_number(v) -> Decimal:
    """`445 135 €`, `2,5`, `1 234,50`, `1,234.50`, 12, 12.0 (a numeric cell) -> Decimal.

    Text must be written the French or English way of docs/import.md: `1e3` or `٥٠٠٠` are refused
    (`bad_number`); a numeric cell of a workbook is taken as it is (it may be a float).
    """
    if isinstance(v, bool):
        raise _Bad("bad_number", f"nombre attendu, lu « {v} »")
    if isinstance(v, int):
        return Decimal(v)
    if isinstance(v, float):
        if not math.isfinite(v):
            raise _Bad("bad_number", f"nombre attendu, lu « {_show(v)} »")
        return Decimal(repr(v))
    s = str(v).strip()
    if len(s) > VALUE_MAX:
        raise _Bad("bad_number", f"nombre attendu, lu un texte de {_fr(len(s))} caractères « {_show(v)} »")
    for ch in (NBSP, NNBSP, THIN, " ", "'"):
        s = s.replace(ch, "")
    s = re.sub(r"(?i)(€|eur(os?)?)$", "", s).replace("−", "-")
    if "," in s and "." in s:
        s = s.replace(".", "").replace(",", ".") if s.rfind(",") > s.rfind(".") else s.replace(",", "")
    elif s.count(",") == 1:
        s = s.replace(",", ".")
    elif s.count(",") > 1:
        s = s.replace(",", "")
    elif s.count(".") > 1:
        s = s.replace(".", "")
    if not _PLAIN_NUMBER.fullmatch(s):
        hint = ""
        if re.fullmatch(r"[-+]?[0-9.]+[eE][-+]?[0-9]+", s):
            hint = " (notation scientifique non admise : écrivez le nombre en entier, par ex. 1000)"
        elif any(ch.isdigit() and not ch.isascii() for ch in s):
            hint = " (chiffres non latins : écrivez le nombre avec les chiffres 0 à 9)"
        raise _Bad("bad_number", f"nombre attendu, lu « {_show(v)} »{hint}")
    return Decimal(s)


def parse_date(v) -> dt.date:
    """ISO `2010-03-15`, French `15/03/2010` (also `15-03-2010`, `15.03.2010`), Excel dates."""
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, (int, float)) and not isinstance(v, bool) and 20000 <= v <= 80000 and float(v).is_integer():
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(v))  # an Excel serial left unformatted
    s = str(v).strip()
    s = re.sub(r"[T ]00:00(:00(\.0+)?)?$", "", s)
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(s, fmt).date()
        except ValueError:
            continue
    raise _Bad("bad_date", f"date invalide « {_show(v)} » (attendu JJ/MM/AAAA, par ex. 15/03/2010, ou AAAA-MM-JJ)")


def _bounded(col: Col, n: Decimal, v, what: str, unit: str = "") -> None:
    """Refuse a number above the column's maximum, before anything converts it (int() of 10^5000,
    quantize() of 1E+300, an INTEGER column of 3 000 000 000: none of them is reached)."""
    if col.max is not None and n > col.max:
        raise _Bad("out_of_range", f"{what} hors limites « {_show(v)} » (au plus {_fr(col.max)}{unit})")


NUMERIC_KINDS = ("eur", "int", "year", "days")


def parse_cell(col: Col, v) -> Any:
    """One cell -> the value stored; raises _Bad with a French message."""
    k = col.kind
    if isinstance(v, _Formula):
        raise _Bad("formula_without_value",
                   f"formule sans valeur calculée « {_show(v.text)} » (cellule {v.cell}) : ouvrez le classeur dans "
                   "Excel ou LibreOffice, enregistrez-le, puis importez-le à nouveau (ou remplacez la formule par "
                   "sa valeur)")
    if isinstance(v, int) and not isinstance(v, bool) and v.bit_length() > 160 and k not in NUMERIC_KINDS:
        # str() of such a number may raise (more than 4 300 digits): no date, code or name looks like it
        code = {"date": "bad_date", "id": "too_long", "text": "too_long"}.get(k, "bad_value")
        raise _Bad(code, f"nombre démesuré « {_show(v)} » : ce n'est pas une valeur possible pour cette colonne")
    if k in ("id", "text"):
        if isinstance(v, float) and v.is_integer():
            v = int(v)
        limit = col.max_len or (ID_MAX if k == "id" else NAME_MAX)
        raw = str(v)
        what = "identifiant" if k == "id" else "texte"
        if len(raw) > 4 * limit + 100:  # too long whatever its spaces: not worth normalising
            raise _Bad("too_long", f"{what} trop long : {_fr(len(raw.strip()))} caractères ({limit} au plus)")
        s = " ".join(raw.replace(NBSP, " ").split()) if k == "text" else raw.strip()
        if len(s) > limit:
            raise _Bad("too_long", f"{what} trop long : {_fr(len(s))} caractères ({limit} au plus)")
        return s
    if isinstance(v, str) and len(v.strip()) > VALUE_MAX:
        raise _Bad("too_long", f"valeur trop longue : {_fr(len(v.strip()))} caractères ({VALUE_MAX} au plus) "
                   f"« {_show(v)} »")
    if k == "date":
        d = parse_date(v)
        last = date_max()
        if not DATE_MIN <= d <= last:
            raise _Bad("out_of_range", f"date hors limites « {_show(v)} » (entre le {_fr_date(DATE_MIN)} et le "
                       f"{_fr_date(last)})")
        return d
    if k == "eur":
        n = parse_number(v)
        if n < 0:
            raise _Bad("negative_amount", f"montant négatif « {_show(v)} » : un montant est positif")
        _bounded(col, n, v, "montant", " €")
        if n != n.to_integral_value():
            raise _Bad("bad_number", f"montant en euros entiers attendu, lu « {_show(v)} »")
        if col.min is not None and n < col.min:
            raise _Bad("out_of_range", f"montant nul : un {col.label.lower()} est supérieur à 0")
        return int(n)
    if k == "year":
        n = parse_number(v)
        last = date_max().year
        if not DATE_MIN.year <= n <= last:
            raise _Bad("out_of_range", f"année hors limites « {_show(v)} » (entre {DATE_MIN.year} et {last})")
        if n != n.to_integral_value():
            raise _Bad("bad_number", f"année entière attendue, lu « {_show(v)} »")
        return int(n)
    if k == "int":
        n = parse_number(v)
        if n < 0 and col.min is not None and col.min >= 0:
            raise _Bad("negative_value", f"nombre négatif « {_show(v)} » : la valeur doit être positive")
        _bounded(col, n, v, "nombre")
        if n != n.to_integral_value():
            raise _Bad("bad_number", f"nombre entier attendu, lu « {_show(v)} »")
        if col.min is not None and n < col.min:
            raise _Bad("out_of_range", f"valeur « {_show(v)} » trop petite (au moins {int(col.min)})")
        return int(n)
    if k == "days":
        n = parse_number(v)
        top = col.max if col.max is not None else DAYS_MAX
        if n <= 0 or n > top:
            raise _Bad("out_of_range", f"nombre de jours hors limites « {_show(v)} » (plus de 0 et au plus {_fr(top)})")
        if n != n.quantize(Decimal("0.1")):
            raise _Bad("bad_number", f"au plus une décimale pour les jours (demi-journées), lu « {_show(v)} »")
        return float(n)
    if k == "insee":
        if isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer() and 0 <= v < 100000:
            v = f"{int(v):05d}"
        s = str(v).strip().upper()
        if not re.fullmatch(r"[0-9][0-9AB][0-9]{3}", s):
            raise _Bad("bad_value", f"code INSEE invalide « {_show(v)} » (5 caractères, par ex. 73065 ou 2A004)")
        return s
    if k == "sector":
        s = str(v).strip().upper()
        if re.fullmatch(r"[A-U]", s) or re.match(r"[A-U]\b", s):
            return s[0]
        raise _Bad("bad_value", f"section NAF inconnue « {_show(v)} » (une lettre de A à U)")
    if k == "choice":
        mapping = CHOICES[col.choices]
        code = mapping.get(norm(v)) or mapping.get(str(v).strip())
        if code is None:
            allowed = ", ".join(dict.fromkeys(CHOICE_LABELS[col.choices].values()))
            raise _Bad("bad_value", f"valeur non reconnue « {_show(v)} » (valeurs admises : {allowed})")
        return code
    raise ValueError(k)


def unusual(col: Col, value) -> str | None:
    """The warning for a value accepted but unusual (an aid above 500 000 €, 1 000 jobs...), or None."""
    if col.warn is None or value is None or value <= col.warn:
        return None
    if col.kind == "eur":
        return (f"montant inhabituel : {_fr(value)} € (plus de {_fr(col.warn)} €) ; vérifiez-le avant "
                "d'importer")
    return f"nombre inhabituel : {_fr(value)} (plus de {_fr(col.warn)}) ; vérifiez-le avant d'importer"


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


def _stage(sheet: _Sheet, problems: list[Problem]) -> list[Row]:
    spec = SPECS[sheet.table]
    lookup = _HEADERS[sheet.table]
    rows = [(n, r) for n, r in sheet.rows if not all(_blank(v) for v in r)]
    if not rows:
        if not sheet.workbook:
            problems.append(Problem("empty_file", "fichier vide : aucune ligne (ni en-tête ni données)",
                                    sheet.file, sheet.sheet))
        return []
    header_row, header = rows[0]
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
            return []
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
        return []
    missing = [c for c in spec.cols if c.required and c.name not in headers]
    if missing:
        names = ", ".join(f"« {c.label} »" for c in missing)
        extra = (" ; colonnes non reconnues : " + ", ".join(f"« {h} »" for _, h in unknown)) if unknown else ""
        problems.append(Problem("bad_header", f"en-tête incorrect : colonne{'s' if len(missing) > 1 else ''} "
                                f"obligatoire{'s' if len(missing) > 1 else ''} absente{'s' if len(missing) > 1 else ''}"
                                f" : {names}{extra} (table « {spec.sheet} »)", sheet.file, sheet.sheet, header_row))
        return []
    for _, h in unknown:
        problems.append(Problem("ignored_column", "colonne non reconnue, ignorée", sheet.file, sheet.sheet,
                                header_row, h, level="avertissement"))
    out = []
    for n, cells in rows[1:]:
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
        if len(cells) > len(header) and any(not _blank(v) for v in cells[len(header):]):
            problems.append(row.where(None, "extra_cells", "valeurs au-delà de la dernière colonne de l'en-tête",
                                      level="avertissement"))
        if not bad:
            out.append(row)
    if len(rows) == 1 and not sheet.workbook:
        problems.append(Problem("empty_file", "fichier vide : l'en-tête est là mais aucune ligne de données",
                                sheet.file, sheet.sheet))
    return out


# ---- database state ----------------------------------------------------------------------------

def _key_of(table: str, row: dict) -> tuple:
    return tuple(row[k] for k in SPECS[table].key)


def _same(a, b) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal) or isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is b
        return round(float(a), 1) == round(float(b), 1)
    return a == b


def _load_state(con) -> dict[str, dict[tuple, dict]]:
    state = {}
    cur = con.cursor()
    for t in IMPORT_TABLES:
        cols = [c.name for c in SPECS[t].cols]
        df_rows = cur.execute(f"SELECT {', '.join(cols)} FROM {t}").fetchall()  # names from SPECS
        state[t] = {}
        for r in df_rows:
            d = dict(zip(cols, r))
            if t == "missions":
                d["days"] = float(d["days"])
            state[t][_key_of(t, d)] = d
    return state


def _empty_state() -> dict[str, dict[tuple, dict]]:
    return {t: {} for t in IMPORT_TABLES}


# ---- preview ------------------------------------------------------------------------------------

@dataclass
class TableChange:
    table: str
    label: str
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    new_rows: pd.DataFrame = field(default_factory=pd.DataFrame)       # sample, French headers
    changed_rows: pd.DataFrame = field(default_factory=pd.DataFrame)   # sample: key, column, before, after


@dataclass
class Preview:
    tables: list[TableChange]

    @property
    def new(self) -> int:
        return sum(t.new for t in self.tables)

    @property
    def changed(self) -> int:
        return sum(t.changed for t in self.tables)

    @property
    def unchanged(self) -> int:
        return sum(t.unchanged for t in self.tables)

    def table(self, name: str) -> TableChange | None:
        return next((t for t in self.tables if t.table == name), None)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"Table": t.label, "Nouvelles lignes": t.new, "Lignes modifiées": t.changed,
                              "Lignes inchangées": t.unchanged} for t in self.tables],
                            columns=["Table", "Nouvelles lignes", "Lignes modifiées", "Lignes inchangées"])

    def summary(self) -> str:
        return (f"{self.new} nouvelle{'s' if self.new > 1 else ''} ligne{'s' if self.new > 1 else ''}, "
                f"{self.changed} modifiée{'s' if self.changed > 1 else ''}, "
                f"{self.unchanged} inchangée{'s' if self.unchanged > 1 else ''}")


def _display(v) -> Any:
    if isinstance(v, dt.date):
        return v.strftime("%d/%m/%Y")
    return v


def _diff(rows_by_table: dict[str, list[Row]], state) -> tuple[Preview, dict[str, tuple[list[dict], list]]]:
    """Per table: (new full rows, [(key, {changed column: new value})]) and the preview."""
    changes = {}
    preview = []
    for t in IMPORT_TABLES:
        rows = rows_by_table.get(t) or []
        if not rows:
            continue
        spec = SPECS[t]
        new, changed, unchanged = [], [], 0
        samples = []
        for r in rows:
            old = state[t].get(r.key())
            if old is None:
                full = {c.name: r.values.get(c.name, c.default) for c in spec.cols}
                new.append(full)
                continue
            diff = {c: v for c, v in r.values.items() if not _same(old.get(c), v)}
            if diff:
                changed.append((r.key(), diff))
                for c, v in diff.items():
                    if len(samples) < 2 * SAMPLE_ROWS:
                        samples.append({"Clé": " / ".join(str(_display(k)) for k in r.key()),
                                        "Colonne": spec.col(c).label, "Avant": _display(old.get(c)),
                                        "Après": _display(v)})
            else:
                unchanged += 1
        new_df = pd.DataFrame([{spec.col(c).label: _display(v) for c, v in row.items()}
                               for row in new[:SAMPLE_ROWS]])
        preview.append(TableChange(t, spec.label, len(new), len(changed), unchanged, new_df,
                                   pd.DataFrame(samples, columns=["Clé", "Colonne", "Avant", "Après"])))
        changes[t] = (new, changed)
    return Preview(preview), changes


# ---- validation ---------------------------------------------------------------------------------

@dataclass
class ImportPlan:
    files: list[FileInfo]
    problems: list[Problem]
    preview: Preview
    rows: dict[str, list[Row]]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def error_count(self) -> int:
        return len(self.errors)

    @property
    def ok(self) -> bool:
        return not self.errors and any(self.rows.values())

    def problems_frame(self, french: bool = True) -> pd.DataFrame:
        return problems_frame(self.problems, french)

    def summary(self) -> str:
        n, w = self.error_count, len(self.warnings)
        if n:
            return (f"{n} erreur{'s' if n > 1 else ''}"
                    + (f" et {w} avertissement{'s' if w > 1 else ''}" if w else "")
                    + " : rien n'a été enregistré. Corrigez les fichiers puis recommencez.")
        if not any(self.rows.values()):
            return "Aucune ligne à importer."
        return f"Aucune erreur{f' ({w} avertissement' + ('s' if w > 1 else '') + ')' if w else ''} : " \
               f"{self.preview.summary()}."


def _resolve_refs(rows_by_table: dict[str, list[Row]], state) -> None:
    """A basin, territory or partner given by its name instead of its identifier: use the identifier."""
    names: dict[str, dict[str, str]] = {}
    for t in ("basins", "territories", "partners"):
        index = {}
        for key, row in state[t].items():
            index.setdefault(norm(row["name"]), key[0])
        for r in rows_by_table.get(t, []):
            if "name" in r.values and r.values.get("id"):
                index[norm(r.values["name"])] = r.values["id"]
        names[t] = index
    ids = {t: {k[0] for k in state[t]} | {r.values.get("id") for r in rows_by_table.get(t, [])} for t in names}
    for t, rows in rows_by_table.items():
        for c in SPECS[t].cols:
            if c.ref in names:
                for r in rows:
                    v = r.values.get(c.name)
                    if v is not None and v not in ids[c.ref] and norm(v) in names[c.ref]:
                        r.values[c.name] = names[c.ref][norm(v)]


def _validate(rows_by_table: dict[str, list[Row]], state, problems: list[Problem]) -> None:
    _resolve_refs(rows_by_table, state)
    # duplicates within the files
    for t, rows in rows_by_table.items():
        seen: dict[tuple, Row] = {}
        keep = []
        for r in rows:
            k = r.key()
            if k in seen:
                first = seen[k]
                where = f"ligne {first.row}" + (f" de {first.file}" if first.file != r.file else "")
                cols = SPECS[t].key
                problems.append(r.where(cols[0], "duplicate_key",
                                        f"clé en double « {' / '.join(str(_display(x)) for x in k)} » : "
                                        f"déjà présente {where}"))
            else:
                seen[k] = r
                keep.append(r)
        rows_by_table[t] = keep

    # merged view: the database with the files' rows laid over it
    merged = {t: dict(state[t]) for t in IMPORT_TABLES}
    where_of: dict[tuple[str, tuple], Row] = {}
    for t, rows in rows_by_table.items():
        spec = SPECS[t]
        for r in rows:
            old = merged[t].get(r.key())
            merged[t][r.key()] = ({**old, **r.values} if old else
                                  {c.name: r.values.get(c.name, c.default) for c in spec.cols})
            where_of[(t, r.key())] = r

    # row rules
    for t, rows in rows_by_table.items():
        for r in rows:
            v = merged[t][r.key()]
            if t == "conventions" and v["ends_on"] <= v["starts_on"]:
                problems.append(r.where("ends_on", "date_order", "la date de fin doit suivre la date de début"))
            if t == "partners" and v["left_on"] is not None and v["left_on"] <= v["joined_on"]:
                problems.append(r.where("left_on", "date_order",
                                        "la date de départ doit suivre la date d'adhésion"))
            if t == "projects":
                if v["closed_on"] is not None and v["closed_on"] < v["submitted_on"]:
                    problems.append(r.where("closed_on", "date_order",
                                            "la date de cessation précède la date de dépôt"))
                if v["decision"] not in ("retained", "pending") and (v["aid_eur"] or v["jobs_committed"]):
                    problems.append(r.where("decision", "inconsistent",
                                            "seul un projet retenu (ou à l'étude : montants demandés) a une aide "
                                            "ou des emplois engagés"))

    # references
    missing_sheets: dict[tuple[str, str], list] = {}
    for t, rows in rows_by_table.items():
        for c in SPECS[t].cols:
            if not c.ref:
                continue
            known = {k[0] for k in merged[c.ref]}
            for r in rows:
                v = r.values.get(c.name)
                if v is None or v in known:
                    continue
                if r.workbook and not rows_by_table.get(c.ref):
                    missing_sheets.setdefault((r.file, c.ref), []).append((r, v))
                else:
                    problems.append(r.where(c.name, "unknown_reference",
                                            f"{SPECS[c.ref].noun} « {v} » : absent des fichiers importés "
                                            "et de la base"))
    for (file, ref), bad in missing_sheets.items():
        spec = SPECS[ref]
        examples = ", ".join(dict.fromkeys(f"« {v} »" for _, v in bad))
        sources = ", ".join(dict.fromkeys(f"« {r.sheet} »" for r, _ in bad))
        problems.append(Problem("missing_sheet",
                                f"feuille manquante « {spec.sheet} » : {len(bad)} ligne{'s' if len(bad) > 1 else ''} "
                                f"de la feuille {sources} y renvoie{'nt' if len(bad) > 1 else ''} et la base ne "
                                f"contient pas {examples[:300]}", file))

    # unique names
    for t in ("basins", "territories"):
        by_name: dict[str, list[tuple]] = {}
        for key, v in merged[t].items():
            by_name.setdefault(v["name"], []).append(key)
        for name, keys in by_name.items():
            if len(keys) > 1:
                for key in keys:
                    r = where_of.get((t, key))
                    if r is not None and "name" in r.values:
                        others = ", ".join(f"« {k[0]} »" for k in keys if k != key)
                        problems.append(r.where("name", "duplicate_key",
                                                f"nom « {name} » déjà utilisé par {others} (les noms sont uniques)"))
    # renaming a referenced basin or territory (DuckDB cannot update an indexed column of such a row)
    for t, child_refs in (("basins", (("territories", "basin"), ("conventions", "basin"), ("partners", "basin"),
                                      ("committees", "basin"))),
                          ("territories", (("establishments", "territory"), ("communes", "territory"),
                                           ("projects", "territory")))):
        for r in rows_by_table.get(t, []):
            old = state[t].get(r.key())
            renamed = old and "name" in r.values and old["name"] != r.values["name"]
            if renamed and any(row[col] == r.key()[0] for ct, col in child_refs for row in state[ct].values()):
                problems.append(r.where("name", "rename_refused",
                                        f"le nom « {old['name']} » ne peut pas être changé en « {r.values['name']} » "
                                        "par import : d'autres lignes de la base y renvoient (reconstruisez "
                                        "la base depuis des fichiers complets pour renommer)"))

    # dates in order and consistency across tables
    def parent(table, key):
        return merged[table].get((key,)) if key is not None else None

    staged_keys = {t: {r.key() for r in rows} for t, rows in rows_by_table.items()}

    def locate(child_table, child_key, parent_table, parent_key, column):
        r = where_of.get((child_table, child_key))
        if r is not None:
            return r, column
        return where_of.get((parent_table, (parent_key,))), None

    def touched(child_table, child_key, parent_table, parent_key):
        return child_key in staged_keys.get(child_table, ()) or (parent_key,) in staged_keys.get(parent_table, ())

    for key, p in merged["projects"].items():
        com = parent("committees", p["committee"])
        if com is None:
            continue
        if touched("projects", key, "committees", p["committee"]) and p["submitted_on"] > com["held_on"]:
            r, col = locate("projects", key, "committees", p["committee"], "submitted_on")
            if r is not None:
                problems.append(r.where(col, "date_order",
                                        f"projet « {key[0]} » déposé le {_display(p['submitted_on'])}, après son "
                                        f"comité « {p['committee']} » du {_display(com['held_on'])}"))
        terr = parent("territories", p["territory"])
        if terr and (touched("projects", key, "committees", p["committee"])
                     or touched("projects", key, "territories", p["territory"])) and terr["basin"] != com["basin"]:
            r, col = locate("projects", key, "committees", p["committee"], "committee")
            if r is not None:
                problems.append(r.where(col, "inconsistent",
                                        f"projet « {key[0]} » : le comité « {p['committee']} » (bassin "
                                        f"{com['basin']}) n'est pas du bassin de son territoire ({terr['basin']})"))
        if p["commune"] is not None and touched("projects", key, "communes", p["commune"]):
            m = parent("communes", p["commune"])
            if m and m["territory"] != p["territory"]:
                r, col = locate("projects", key, "communes", p["commune"], "commune")
                if r is not None:
                    problems.append(r.where(col, "inconsistent",
                                            f"projet « {key[0]} » : la commune {p['commune']} n'appartient pas au "
                                            f"territoire « {p['territory']} »"))
    for key, f in merged["followups"].items():
        p = parent("projects", f["project"])
        com = parent("committees", p["committee"]) if p else None
        if com and (touched("followups", key, "projects", f["project"])
                    or (p["committee"],) in staged_keys.get("committees", ())) and f["observed_on"] < com["held_on"]:
            r = where_of.get(("followups", key)) or where_of.get(("projects", (f["project"],))) \
                or where_of.get(("committees", (p["committee"],)))
            if r is not None:
                problems.append(r.where("observed_on" if r.table == "followups" else None, "date_order",
                                        f"suivi du {_display(f['observed_on'])} du projet « {f['project']} » antérieur "
                                        f"à son comité du {_display(com['held_on'])}"))
    for key, m in merged["missions"].items():
        p = parent("projects", m["project"])
        if p and touched("missions", key, "projects", m["project"]) and p["decision"] != "retained":
            r, col = locate("missions", key, "projects", m["project"], "project")
            if r is not None:
                problems.append(r.where(col, "inconsistent",
                                        f"mission « {key[0]} » pour le projet « {m['project']} », qui n'est pas retenu"))


def check(files: Iterable, db_path: Path | str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ImportPlan:
    """Read and validate `files` against the database at `db_path` (opened read-only, never written)."""
    sheets, infos, problems = read_files(files, max_bytes)
    rows_by_table: dict[str, list[Row]] = {}
    for sheet in sheets:
        rows_by_table.setdefault(sheet.table, []).extend(_stage(sheet, problems))
    if sheets and not any(p.is_error for p in problems) and not any(rows_by_table.values()):
        problems.append(Problem("empty_file", "aucune ligne de données dans les fichiers", infos[0].name))
    state = _read_state(db_path)
    _validate(rows_by_table, state, problems)
    preview, _ = _diff(rows_by_table, state)
    problems.sort(key=lambda p: (not p.is_error, [i.name for i in infos].index(p.file)
                                 if p.file in [i.name for i in infos] else 99, p.sheet or "", p.row or 0))
    return ImportPlan(infos, problems, preview, rows_by_table)


def _read_state(db_path) -> dict:
    if db_path is None:
        return _empty_state()
    path = Path(db_path)
    if not embedded.check(path):
        raise AlizeError(f"Base introuvable : {path}")
    with embedded.Snapshot(path) as con:
        return _load_state(con)


# ---- writing -------------------------------------------------------------------------------------

LOG_DDL = """CREATE TABLE IF NOT EXISTS import_log (
    id          VARCHAR PRIMARY KEY,
    logged_at   TIMESTAMP NOT NULL,
    user_name   VARCHAR NOT NULL,
    action      VARCHAR NOT NULL CHECK (action IN ('import', 'undo')),
    file_names  VARCHAR NOT NULL,
    sha256      VARCHAR NOT NULL,
    rows_new    INTEGER NOT NULL,
    rows_changed INTEGER NOT NULL,
    detail      VARCHAR NOT NULL,
    backup      VARCHAR
)"""


@dataclass
class ImportResult:
    log_id: str
    at: dt.datetime
    user: str
    backup: Path
    preview: Preview

    @property
    def message(self) -> str:
        return f"Import enregistré ({self.preview.summary()}). Copie de la base avant import : {self.backup.name}"


def _log_id(at: dt.datetime) -> str:
    """Sortable and unique: 20240315-142501-123456-a1b2."""
    return at.strftime("%Y%m%d-%H%M%S-%f-") + uuid.uuid4().hex[:4]


backups_dir = embedded.backups_dir


def default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "inconnu"


def _arrow(table: str, rows: list[dict], cols: list[str]):
    import pyarrow as pa

    types = {"date": pa.date32(), "int": pa.int64(), "year": pa.int64(), "eur": pa.int64(), "days": pa.float64()}
    spec = SPECS[table]
    return pa.table({c: pa.array([r.get(c) for r in rows], types.get(spec.col(c).kind, pa.string()))
                     for c in cols})


def _write(con, changes: dict[str, tuple[list[dict], list]]) -> None:
    for t in IMPORT_TABLES:
        if t not in changes:
            continue
        new, changed = changes[t]
        spec = SPECS[t]
        if new:
            cols = [c.name for c in spec.cols]
            con.register("_staged", _arrow(t, new, cols))
            try:
                con.execute(f"INSERT INTO {t} ({', '.join(cols)}) SELECT {', '.join(cols)} FROM _staged")
            finally:
                con.unregister("_staged")
        groups: dict[tuple, list[dict]] = {}
        for key, diff in changed:
            groups.setdefault(tuple(sorted(diff)), []).append({**dict(zip(spec.key, key)), **diff})
        for cols, rows in groups.items():
            con.register("_staged", _arrow(t, rows, [*spec.key, *cols]))
            try:
                sets = ", ".join(f"{c} = s.{c}" for c in cols)
                match = " AND ".join(f"{t}.{k} = s.{k}" for k in spec.key)
                con.execute(f"UPDATE {t} SET {sets} FROM _staged s WHERE {match}")
            finally:
                con.unregister("_staged")


def _logged_backups(con) -> list[str]:
    """The backups the log names, newest import first."""
    con.execute(LOG_DDL)
    return [r[0] for r in con.execute("SELECT backup FROM import_log WHERE action = 'import' AND backup IS NOT NULL "
                                      "ORDER BY logged_at DESC, id DESC").fetchall()]


def apply(plan: ImportPlan, db_path: Path | str, user: str | None = None) -> ImportResult:
    """Write a validated plan: a new version of the file with the rows, meta source and the audit log
    row, swapped in whole; the version it replaces is kept as the import's backup. Readers keep
    reading meanwhile; on any failure the file is left byte-identical."""
    if plan.errors:
        raise ImportRefused(plan.summary())
    if not any(plan.rows.values()):
        raise ImportRefused("Aucune ligne à importer.")
    path = Path(db_path)
    user = (user or default_user()).strip() or "inconnu"
    at = dt.datetime.now()
    log_id = _log_id(at)
    try:
        with embedded.rewrite(path, backup_tag=log_id) as rw:
            con = rw.con
            con.execute("BEGIN TRANSACTION")
            try:
                state = _load_state(con)
                preview, changes = _diff(plan.rows, state)
                _write(con, changes)
                db.check_consistency(con)
                rebuild.refresh(con)  # the precomputed tables the figures read
                con.execute(LOG_DDL)
                con.execute("INSERT INTO meta (key, value) VALUES ('source', 'import') "
                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                detail = {t.table: {"new": t.new, "changed": t.changed, "unchanged": t.unchanged}
                          for t in preview.tables}
                con.execute("INSERT INTO import_log VALUES (?, ?, ?, 'import', ?, ?, ?, ?, ?, ?)",
                            [log_id, at, user, ", ".join(f.name for f in plan.files),
                             ", ".join(f.sha256 for f in plan.files), preview.new, preview.changed,
                             json.dumps(detail, ensure_ascii=False), str(rw.backup)])
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            referenced = _logged_backups(con)
    except embedded.StoreError:
        raise
    except AlizeError as exc:
        raise ImportRefused(f"Import annulé, rien n'a été enregistré : {exc}") from exc
    except duckdb.Error as exc:
        raise ImportRefused(f"Import annulé, rien n'a été enregistré : la base a refusé une ligne "
                            f"({str(exc).splitlines()[0]})") from exc
    embedded.prune_backups(path, referenced)
    return ImportResult(log_id, at, user, rw.backup, preview)


@dataclass
class ImportOutcome:
    plan: ImportPlan
    result: ImportResult | None   # None: dry run, or refused (see plan.problems)


def import_files(files: Iterable, db_path: Path | str, user: str | None = None, *, dry_run: bool = False,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> ImportOutcome:
    """check + apply in one call; with errors (or dry_run) nothing is written."""
    plan = check(files, db_path, max_bytes=max_bytes)
    if dry_run or not plan.ok:
        return ImportOutcome(plan, None)
    return ImportOutcome(plan, apply(plan, db_path, user))


# ---- audit log and undo -------------------------------------------------------------------------

LOG_COLUMNS = {"id": "N°", "logged_at": "Date", "user_name": "Utilisateur", "action": "Action",
               "file_names": "Fichiers", "sha256": "SHA-256", "rows_new": "Lignes ajoutées",
               "rows_changed": "Lignes modifiées", "detail": "Détail", "backup": "Copie de sauvegarde"}


def import_log(con, french: bool = False) -> pd.DataFrame:
    """The audit log, most recent first (empty frame when no import was ever made)."""
    cur = con.cursor()
    exists = cur.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'import_log'").fetchone()[0]
    if not exists:
        df = pd.DataFrame(columns=list(LOG_COLUMNS))
    else:
        df = cur.execute("SELECT * FROM import_log ORDER BY logged_at DESC, id DESC").df()
    return df.rename(columns=LOG_COLUMNS) if french else df


@dataclass
class UndoResult:
    undone_id: str
    undone_at: dt.datetime
    file_names: str
    backup: Path

    @property
    def message(self) -> str:
        return (f"Import du {self.undone_at.strftime('%d/%m/%Y à %H:%M')} ({self.file_names}) annulé : "
                "la base est revenue à son état d'avant.")


def last_import(source) -> dict | None:
    """The last import that can be undone (a dict of the log row), or None. `source`: a connection
    (the app's snapshot) or the database path."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not embedded.check(path):
            return None
        with embedded.Snapshot(path) as con:
            df = import_log(con)
    else:
        df = import_log(source)
    df = df[df["action"] == "import"]
    return None if df.empty else df.iloc[0].to_dict()


def undo_last(db_path: Path | str, user: str | None = None) -> UndoResult:
    """Make the copy taken before the last import the current file again, with an 'undo' row in its
    log; swapped in whole like an import, so readers meanwhile see one or the other."""
    path = Path(db_path)
    last = last_import(path)
    if last is None:
        raise AlizeError("Aucun import à annuler.")
    backup = Path(last["backup"])
    if not backup.exists():
        raise AlizeError(f"Copie de sauvegarde introuvable : {backup} (seules les {embedded.KEEP_BACKUPS} "
                         "dernières sont gardées)")
    user = (user or default_user()).strip() or "inconnu"
    at = dt.datetime.now()
    with embedded.rewrite(path, source=backup) as rw:
        rw.con.execute(LOG_DDL)
        rw.con.execute("INSERT INTO import_log VALUES (?, ?, ?, 'undo', ?, ?, 0, 0, ?, ?)",
                       [_log_id(at), at, user, last["file_names"],
                        last["sha256"], json.dumps({"undone": last["id"]}), str(backup)])
        referenced = _logged_backups(rw.con)
    embedded.prune_backups(path, referenced)  # the undone import's backup is now the file itself
    at_undone = last["logged_at"]
    if isinstance(at_undone, pd.Timestamp):
        at_undone = at_undone.to_pydatetime()
    return UndoResult(last["id"], at_undone, last["file_names"], backup)


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
