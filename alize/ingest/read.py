"""Files to sheets of rows: CSV (encodings, separators) and .xlsx (bombs, formulas), with their limits."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from alize import AlizeError
from alize.ingest.common import DEFAULT_MAX_BYTES, IGNORED_SHEETS, norm, table_for_name
from alize.ingest.parse import _Formula, _fr
from alize.ingest.problems import Problem
from alize.store.specs import (
    MAX_ROWS,
    SPECS,
    XLSX_MAX_PARTS,
    XLSX_MAX_RATIO,
    XLSX_MAX_UNZIPPED,
    XLSX_RATIO_FROM,
)

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


def _formula_text(f, ref: str, shared: dict[str, tuple[str, str]]) -> str:
    """A cell's formula as Excel shows it; a shared formula's followers are shifted from its first cell."""
    from openpyxl.formula.translate import Translator

    text = "=" + (f.text or "")
    si = f.get("si")
    if f.get("t") != "shared" or si is None:
        return text
    if f.text:
        shared[si] = (text, ref)
        return text
    if si not in shared:
        return text
    origin, at = shared[si]
    try:
        return Translator(origin, origin=at).translate_formula(ref)
    except Exception:  # noqa: BLE001 -- a formula openpyxl cannot shift: show the original
        return origin


def _uncached_formulas(zf: zipfile.ZipFile, member: str) -> dict[int, list[tuple[int, str, str]]]:
    """Cells of a sheet holding a formula with no computed value: {row: [(column index from 0, formula,
    cell reference)]}. A workbook written by a program (openpyxl...) and never opened in Excel or
    LibreOffice has those; reading it `data_only` gives None, which would be stored as 0 or empty."""
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
                    text = _formula_text(f, ref, shared)
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
