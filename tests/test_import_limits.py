"""Values the importer must refuse (found by an attack run): implausible dates, amounts and counts that
overflowed, numbers in formats docs/import.md does not list, texts of any length, files mixing two
encodings, decompression bombs, formulas never computed. Each is refused with a French message naming
the file, row and column, and the database file stays byte-for-byte the same."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from pathlib import Path

import duckdb
import pytest

from alize.ingest import importer, read
from alize.ingest.importer import SPECS
from alize.store import specs
from tests.builders import COMMITTEES_HEADER, PROJECT_HEADER, workbook

PROJECT_LABELS = PROJECT_HEADER.strip().split(";")




@pytest.fixture(scope="module")
def committee(demo_db) -> tuple[str, dt.date]:
    """A Savoie committee of 2010 that has projects (the demo records may be regenerated)."""
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        return con.execute("""SELECT c.id, c.held_on FROM committees c JOIN projects p ON p.committee = c.id
                              WHERE c.basin = 'savoie' AND year(c.held_on) = 2010 ORDER BY c.held_on LIMIT 1""").fetchone()
    finally:
        con.close()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def csv_bytes(text: str, encoding="utf-8") -> bytes:
    return text.replace("\n", "\r\n").encode(encoding)


def project_row(committee, aid="5 000 €", start="3", committed="4", company="Scierie SARL", pid="SAV2010-901") -> str:
    com, held = committee
    return (f"{pid};{company};C;création;chambery;{held - dt.timedelta(days=30):%d/%m/%Y};{com};retenu;{aid};"
            f"{start};{committed}\n")


def rewrite(data: bytes, member: str, change) -> bytes:
    """The .xlsx `data` with one part's XML replaced by change(xml) (cells openpyxl would not write)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = src.read(info.filename)
            if info.filename == member:
                changed = change(part.decode()).encode()
                assert changed != part, "the test's rewrite matched nothing"
                part = changed
            dst.writestr(info.filename, part)
    return out.getvalue()


SHEET1 = "xl/worksheets/sheet1.xml"




def refused(files, dbp) -> list[importer.Problem]:
    """Import `files`; assert nothing was written (same sha256, no backup) and return the errors."""
    before = sha(dbp)
    outcome = importer.import_files(files, dbp, user="test")
    assert outcome.result is None
    assert outcome.plan.errors
    assert "rien n'a été enregistré" in outcome.plan.summary()
    with pytest.raises(importer.ImportRefused):
        importer.apply(outcome.plan, dbp, "test")
    assert sha(dbp) == before
    assert not (dbp.parent / "backups").exists() or not any((dbp.parent / "backups").iterdir())
    return outcome.plan.errors


def cols(*kinds):
    return [(t, c) for t, s in SPECS.items() for c in s.cols if c.kind in kinds]


# ---- dates ---------------------------------------------------------------------------------------

def test_date_limits_are_1990_to_ten_years_ahead():
    assert specs.DATE_MIN == dt.date(1990, 1, 1)
    assert specs.date_max(dt.date(2026, 12, 1)) == dt.date(2036, 12, 31)
    assert specs.date_max() == dt.date(dt.date.today().year + 10, 12, 31)


@pytest.mark.parametrize("text", ["31/12/9999", "01/01/0001", "31/12/1989"])
def test_an_implausible_committee_date_is_refused(dbp, text):
    last = specs.date_max().strftime("%d/%m/%Y")
    data = csv_bytes(COMMITTEES_HEADER + f"SAV-2010-98;savoie;20/12/2010;X\nSAV-2010-99;savoie;{text};X\n")
    (p,) = refused([("comites.csv", data)], dbp)
    assert (p.code, p.file, p.row, p.column) == ("out_of_range", "comites.csv", 3, "Date du comité")
    assert p.message == f"date hors limites « {text} » (entre le 01/01/1990 et le {last})"


def test_the_day_after_the_last_date_is_refused_and_the_limits_themselves_accepted(dbp):
    last = specs.date_max()
    data = csv_bytes(COMMITTEES_HEADER + f"SAV-A;savoie;{specs.DATE_MIN:%d/%m/%Y};X\n"
                     f"SAV-B;savoie;{last:%d/%m/%Y};X\nSAV-C;savoie;{last + dt.timedelta(days=1):%d/%m/%Y};X\n")
    (p,) = importer.check([("comites.csv", data)], dbp).errors
    assert (p.code, p.row) == ("out_of_range", 4)


@pytest.mark.parametrize("table,col", cols("date"), ids=lambda x: getattr(x, "name", x))
def test_every_date_column_is_bounded(table, col):
    for value in ("31/12/9999", "0001-01-01", dt.datetime(9999, 12, 31), dt.date(1, 1, 1)):
        with pytest.raises(importer._Bad) as exc:
            importer.parse_cell(col, value)
        assert exc.value.code == "out_of_range", (table, col.name, value)


def test_a_native_excel_date_out_of_range_is_refused_by_sheet_row_and_column(dbp):
    data = workbook({"comités": [["Identifiant", "Bassin", "Date du comité"], ["SAV-X", "savoie",
                                                                                  dt.datetime(9999, 12, 31)]]})
    (p,) = refused([("import.xlsx", data)], dbp)
    assert (p.code, p.sheet, p.row, p.column) == ("out_of_range", "comités", 2, "Date du comité")
    assert "date hors limites « 31/12/9999 »" in p.message


# ---- amounts and counts --------------------------------------------------------------------------

def test_every_amount_and_count_has_a_maximum_and_every_text_a_length():
    assert {c.max for _, c in cols("eur")} == {specs.AMOUNT_MAX} == {100_000_000}
    assert all(c.max is not None for _, c in cols("eur", "int", "days"))
    assert SPECS["conventions"].col("number").max == 99
    assert SPECS["establishments"].col("count").max == 10_000_000
    assert {SPECS[t].col(c).max for t, c in (("projects", "jobs_at_start"), ("projects", "jobs_committed"),
                                             ("followups", "jobs"))} == {100_000}
    assert all(c.max_len == 200 for _, c in cols("text"))


HUGE = [10**20, "100000000000000000000", "100 000 000 000 000 000 000 €", 1e300, -1e300, float("inf"),
        float("-inf"), float("nan"), 10**5000, "9" * 5000, "1e300", "1E999999999", "-1e999999999", "Infinity",
        "NaN", "1_000", "٥٠٠٠", "1" * 100_000]


@pytest.mark.parametrize("table,col", cols("eur", "int", "days", "year", "insee", "date"),
                         ids=lambda x: getattr(x, "name", x))
def test_no_value_raises_anything_but_a_refusal(table, col):
    for value in HUGE:
        try:
            importer.parse_cell(col, value)
        except importer._Bad as exc:
            assert exc.code in ("out_of_range", "bad_number", "bad_date", "bad_value", "negative_amount",
                                "negative_value", "too_long"), (col.name, exc.code)
            assert len(exc.message) < 300
        else:
            raise AssertionError(f"{table}.{col.name} accepted {str(value)[:30]!r}")


@pytest.mark.parametrize("aid,shown", [("100000000000000000000", "100000000000000000000"),
                                       ("100 000 001 €", "100 000 001 €")])
def test_an_aid_above_100_million_is_refused(dbp, committee, aid, shown):
    (p,) = refused([("projets.csv", csv_bytes(PROJECT_HEADER + project_row(committee, aid=aid)))], dbp)
    assert (p.code, p.row, p.column) == ("out_of_range", 2, "Aide (€)")
    assert p.message == f"montant hors limites « {shown} » (au plus 100 000 000 €)"


def test_three_billion_jobs_are_refused(dbp, committee):
    (p,) = refused([("projets.csv", csv_bytes(PROJECT_HEADER + project_row(committee, start="3 000 000 000")))],
                   dbp)
    assert (p.code, p.row, p.column) == ("out_of_range", 2, "Emplois au dépôt")
    assert p.message == "nombre hors limites « 3 000 000 000 » (au plus 100 000)"


def test_a_native_1e300_cell_is_refused(dbp, committee):
    com, held = committee
    row = ["SAV2010-901", "Scierie", "C", "création", "chambery", held - dt.timedelta(days=30), com, "retenu",
           1e300, 3, 4]
    (p,) = refused([("projets.xlsx", workbook({"projets": [PROJECT_LABELS, row]}))], dbp)
    assert (p.code, p.sheet, p.row, p.column) == ("out_of_range", "projets", 2, "Aide (€)")
    assert "au plus 100 000 000 €" in p.message


def test_limits_of_convention_numbers_establishment_counts_and_years(dbp):
    files = [("conventions.csv", csv_bytes("Bassin;Numéro;Date de début;Date de fin\nsavoie;100;01/01/2021;"
                                           "31/12/2023\n")),
             ("etablissements.csv", csv_bytes("Territoire;Année;Établissements employeurs\nchambery;2021;"
                                              "10 000 001\nchambery;2100;5\n"))]
    problems = refused(files, dbp)
    assert sorted((p.file, p.row, p.column, p.code) for p in problems) == [
        ("conventions.csv", 2, "Numéro", "out_of_range"),
        ("etablissements.csv", 2, "Établissements employeurs", "out_of_range"),
        ("etablissements.csv", 3, "Année", "out_of_range")]
    assert any("au plus 99)" in p.message for p in problems)
    assert any("au plus 10 000 000)" in p.message for p in problems)


def test_unusual_aid_and_jobs_are_accepted_with_a_warning(dbp, committee):
    data = csv_bytes(PROJECT_HEADER + project_row(committee, aid="750 000 €", committed="1 500"))
    out = importer.import_files([("projets.csv", data)], dbp, user="test")
    assert out.result is not None, [p.text for p in out.plan.problems]
    warnings = sorted((p.column, p.code, p.level, p.message) for p in out.plan.warnings)
    assert warnings == [
        ("Aide (€)", "unusual_value", "avertissement",
         "montant inhabituel : 750 000 € (plus de 500 000 €) ; vérifiez-le avant d'importer"),
        ("Emplois engagés", "unusual_value", "avertissement",
         "nombre inhabituel : 1 500 (plus de 1 000) ; vérifiez-le avant d'importer")]
    frame = out.plan.problems_frame()
    assert set(frame["Niveau"]) == {"avertissement"} and set(frame["Ligne"]) == {2}
    con = duckdb.connect(str(dbp), read_only=True)
    try:
        assert con.execute("SELECT aid_eur, jobs_committed FROM projects WHERE id = 'SAV2010-901'").fetchall() == [
            (750_000, 1_500)]
    finally:
        con.close()


# ---- number formats ------------------------------------------------------------------------------

@pytest.mark.parametrize("aid", ["1e3", "1E3", "2.5e4 €", "٥٠٠٠", "１０００", "Infinity", "1_000", "0x10"])
def test_numbers_in_formats_not_documented_are_refused(dbp, committee, aid):
    (p,) = refused([("projets.csv", csv_bytes(PROJECT_HEADER + project_row(committee, aid=aid)))], dbp)
    assert (p.code, p.row, p.column) == ("bad_number", 2, "Aide (€)")
    assert p.message.startswith(f"nombre attendu, lu « {aid} »")


def test_the_documented_formats_and_native_cells_still_read(dbp, committee):
    com, held = committee
    rows = [["SAV2010-90" + str(i), "Scierie", "C", "création", "chambery", held - dt.timedelta(days=30), com,
             "retenu", aid, 3, 4] for i, aid in enumerate(["445 135 €", "1 234", "1,234.00", "2500", 1000.0, 1e3, 7])]
    plan = importer.check([("projets.xlsx", workbook({"projets": [PROJECT_LABELS, *rows]}))], dbp)
    assert not plan.errors, [p.text for p in plan.errors]
    assert [r.values["aid_eur"] for r in plan.rows["projects"]] == [445_135, 1234, 1234, 2500, 1000, 1000, 7]


# ---- text lengths --------------------------------------------------------------------------------

def test_a_120000_character_company_name_is_refused(dbp, committee):
    data = csv_bytes(PROJECT_HEADER + project_row(committee, company="A" * 120_000))
    (p,) = refused([("projets.csv", data)], dbp)
    assert (p.code, p.row, p.column) == ("too_long", 2, "Entreprise")
    assert p.message == "texte trop long : 120 000 caractères (200 au plus)"


def test_a_201_character_place_is_refused_and_200_accepted(dbp):
    data = csv_bytes(COMMITTEES_HEADER + f"SAV-A;savoie;20/12/2010;{'x' * 200}\nSAV-B;savoie;20/12/2010;{'é' * 201}\n")
    (p,) = importer.check([("comites.csv", data)], dbp).errors
    assert (p.code, p.row, p.column) == ("too_long", 3, "Lieu")
    assert p.message == "texte trop long : 201 caractères (200 au plus)"


def test_a_41_character_identifier_is_refused(dbp):
    data = csv_bytes(COMMITTEES_HEADER + f"{'S' * 41};savoie;20/12/2010;X\n")
    (p,) = refused([("comites.csv", data)], dbp)
    assert (p.code, p.column, p.message) == ("too_long", "Identifiant",
                                             "identifiant trop long : 41 caractères (40 au plus)")


def test_a_huge_xlsx_cell_is_refused(dbp):
    data = workbook({"comités": [["Identifiant", "Bassin", "Date du comité", "Lieu"],
                                 ["SAV-X", "savoie", "20/12/2010", "PLACE"]]})
    data = rewrite(data, SHEET1, lambda xml: xml.replace("PLACE", "L" * 2_000_000))  # openpyxl cuts at 32 767
    (p,) = refused([("import.xlsx", data)], dbp)
    assert (p.code, p.sheet, p.row, p.column) == ("too_long", "comités", 2, "Lieu")
    assert p.message == "texte trop long : 2 000 000 caractères (200 au plus)"


def test_a_csv_field_past_the_csv_module_limit_is_refused_in_french(dbp):
    data = csv_bytes(COMMITTEES_HEADER + "SAV-A;savoie;20/12/2010;X\n" + f'SAV-B;savoie;20/12/2010;"{"x" * 200_000}"\n')
    (p,) = refused([("comites.csv", data)], dbp)
    assert (p.code, p.file, p.row) == ("too_long", "comites.csv", 3)
    assert "131 072 caractères" in p.message and "field" not in p.message


# ---- encodings -----------------------------------------------------------------------------------

def committee_lines(*places) -> list[str]:
    return [COMMITTEES_HEADER.strip(), *(f"SAV-E{i};savoie;20/12/2010;{p}" for i, p in enumerate(places))]


def encoded(lines: list[str], encodings: list[str]) -> bytes:
    return b"".join((line + "\r\n").encode(enc) for line, enc in zip(lines, encodings))


def test_a_csv_mixing_utf8_and_windows_1252_rows_is_refused(dbp):
    lines = committee_lines("Société Générale", "Hôtel de région", "Mairie")
    data = encoded(lines, ["utf-8", "utf-8", "cp1252", "cp1252"])
    (p,) = refused([("comites.csv", data)], dbp)
    assert (p.code, p.file, p.row) == ("mixed_encoding", "comites.csv", 3)
    assert "fichier mêlant deux encodages, UTF-8 et Windows-1252" in p.message
    assert "la ligne 3 est la première qui n'est pas en UTF-8" in p.message
    assert "enregistrez-le en « CSV UTF-8 »" in p.message
    assert "en-tête" not in p.message


def test_a_windows_1252_header_above_utf8_rows_is_refused_not_stored_as_mojibake(dbp):
    lines = committee_lines("Société Générale")
    (p,) = refused([("comites.csv", encoded(lines, ["cp1252", "utf-8"]))], dbp)
    assert (p.code, p.row) == ("mixed_encoding", 1)


def test_a_utf8_bom_file_with_windows_1252_lines_appended_is_refused(dbp):
    lines = committee_lines("Mairie", "Salle des fêtes")
    data = b"\xef\xbb\xbf" + encoded(lines, ["utf-8", "utf-8", "cp1252"])
    (p,) = refused([("comites.csv", data)], dbp)
    assert (p.code, p.row) == ("mixed_encoding", 3)


@pytest.mark.parametrize("encoding,bom", [("cp1252", b""), ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf")])
def test_a_file_in_one_encoding_is_read(dbp, encoding, bom):
    lines = committee_lines("Société Générale", "Hôtel de région – salle « B »" if encoding == "utf-8" else "Hôtel")
    plan = importer.check([("comites.csv", bom + encoded(lines, [encoding] * 3))], dbp)
    assert plan.ok, [p.text for p in plan.problems]
    assert plan.rows["committees"][0].values["place"] == "Société Générale"


@pytest.mark.parametrize("header,encoding", [("Date du comité", "mac_roman"), ("Date du comitÃ©", "utf-8"),
                                             ("Date du comit?", "ascii")])
def test_headers_refused_because_of_the_encoding_blame_the_encoding(dbp, header, encoding):
    data = f"Identifiant;Bassin;{header};Lieu\r\nSAV-E1;savoie;20/12/2010;Mairie\r\n".encode(encoding)
    (p,) = refused([("comites.csv", data)], dbp)
    assert (p.code, p.row) == ("bad_encoding", 1)
    assert p.message.startswith("encodage du fichier non reconnu : les lettres accentuées de l'en-tête ont été "
                                "mal lues")
    assert "(pour « Date du comité » ?)" in p.message and "CSV UTF-8" in p.message
    assert "en-tête incorrect" not in p.message


# ---- workbooks: decompression bombs, row counts, formulas ----------------------------------------

COMMITTEE_LABELS = ["Identifiant", "Bassin", "Date du comité", "Lieu"]
ROW_XML = ('<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>SAV-B</t></is></c><c r="B{n}" t="inlineStr"><is><t>savoie'
           '</t></is></c><c r="C{n}" t="inlineStr"><is><t>20/12/2010</t></is></c></row>')


def streamed_workbook(unzipped: int, dimension: str | None = None) -> bytes:
    """A real workbook (sheet « comités ») whose sheet XML is padded, written in streaming fashion, with
    identical rows up to `unzipped` bytes: 300 MB unzipped take ~1 MB zipped and no memory."""
    base = workbook({"comités": [COMMITTEE_LABELS]})
    chunk = ROW_XML.format(n=2).encode() * 4000
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            if info.filename != SHEET1:
                dst.writestr(info.filename, src.read(info.filename))
                continue
            head, tail = src.read(SHEET1).decode().split("</sheetData>")
            head = head.replace('<dimension ref="A1:D1"/>', f'<dimension ref="{dimension}"/>' if dimension else "")
            with dst.open(SHEET1, "w") as f:
                f.write(head.encode())
                written = 0
                while written < unzipped:
                    f.write(chunk)
                    written += len(chunk)
                f.write(("</sheetData>" + tail).encode())
    return out.getvalue()


def test_a_decompression_bomb_is_refused_before_it_is_parsed(dbp):
    import tracemalloc

    data = streamed_workbook(300 * 1024 * 1024)
    assert len(data) < 2 * 1024 * 1024
    tracemalloc.start()
    try:
        (p,) = refused([("bombe.xlsx", data)], dbp)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (p.code, p.file) == ("unzipped_too_large", "bombe.xlsx")
    assert p.message.startswith("classeur trop volumineux une fois décompressé : 300,")
    assert "(limite 200,0 Mo), dont 300," in p.message and "« xl/worksheets/sheet1.xml »" in p.message
    assert peak < 64 * 1024 * 1024  # nothing was unzipped


def test_a_part_compressed_more_than_100_times_is_refused(dbp):
    data = streamed_workbook(30 * 1024 * 1024)
    (p,) = refused([("bombe.xlsx", data)], dbp)
    assert p.code == "unzipped_too_large"
    assert p.message.startswith("classeur anormalement comprimé : « xl/worksheets/sheet1.xml » passe de ")
    assert "limite 100 fois au-delà de 10,0 Mo" in p.message and "bombe de décompression" in p.message


def test_a_sheet_whose_dimension_exceeds_the_row_limit_is_refused_unread(dbp):
    data = streamed_workbook(100_000, dimension="A1:D2000001")
    (p,) = refused([("import.xlsx", data)], dbp)
    assert (p.code, p.sheet) == ("too_many_rows", "comités")
    assert p.message.startswith("trop de lignes : 2 000 000 lignes de données d'après les dimensions de la feuille "
                                "(limite 200 000 par feuille)")


def test_rows_past_the_limit_stop_the_reading_of_a_sheet_without_dimension(dbp, monkeypatch):
    monkeypatch.setattr(read, "MAX_ROWS", 50)
    rows = [COMMITTEE_LABELS, *([f"SAV-{n}", "savoie", "20/12/2010", "X"] for n in range(60))]
    data = rewrite(workbook({"comités": rows}), SHEET1, lambda xml: xml.replace('<dimension ref="A1:D61"/>', ""))
    (p,) = refused([("import.xlsx", data)], dbp)
    assert (p.code, p.sheet) == ("too_many_rows", "comités")
    assert p.message.startswith("trop de lignes : plus de 50 lignes de données (limite 50 par feuille)")
    monkeypatch.setattr(read, "MAX_ROWS", 60)
    assert importer.check([("import.xlsx", data)], dbp).ok


def test_a_csv_past_the_row_limit_is_refused(dbp):
    data = (COMMITTEES_HEADER + "SAV-X;savoie;20/12/2010;X\n" * 200_001).encode()
    (p,) = refused([("comites.csv", data)], dbp)
    assert (p.code, p.file) == ("too_many_rows", "comites.csv")
    assert p.message.startswith("trop de lignes : plus de 200 000 lignes de données (limite 200 000 par fichier CSV)")


def test_a_wrong_dimension_does_not_cut_rows(dbp):
    rows = [COMMITTEE_LABELS, *([f"SAV-{n}", "savoie", "20/12/2010", "X"] for n in range(5))]
    data = rewrite(workbook({"comités": rows}), SHEET1, lambda xml: xml.replace('ref="A1:D6"', 'ref="A1:D2"'))
    plan = importer.check([("import.xlsx", data)], dbp)
    assert plan.ok and len(plan.rows["committees"]) == 5


def test_a_cell_openpyxl_cannot_read_is_a_damaged_sheet(dbp):
    data = workbook({"comités": [COMMITTEE_LABELS, ["SAV-X", "savoie", "20/12/2010", 7]]})
    data = rewrite(data, SHEET1, lambda xml: xml.replace("<v>7</v>", f"<v>{'9' * 5000}</v>"))
    (p,) = refused([("import.xlsx", data)], dbp)
    assert (p.code, p.sheet) == ("bad_workbook", "comités")
    assert p.message.startswith("feuille illisible (ValueError)")


def formula_workbook(committee, aid="=2500*2") -> bytes:
    com, held = committee
    return workbook({"projets": [PROJECT_LABELS, ["SAV2010-901", "Scierie", "C", "création", "chambery",
                                                  held - dt.timedelta(days=30), com, "retenu", aid, 3, 4]]})


def test_a_formula_never_computed_is_refused(dbp, committee):
    (p,) = refused([("projets.xlsx", formula_workbook(committee))], dbp)
    assert (p.code, p.file, p.sheet, p.row, p.column) == ("formula_without_value", "projets.xlsx", "projets", 2,
                                                          "Aide (€)")
    assert p.message == ("formule sans valeur calculée « =2500*2 » (cellule I2) : ouvrez le classeur dans Excel ou "
                         "LibreOffice, enregistrez-le, puis importez-le à nouveau (ou remplacez la formule par sa "
                         "valeur)")


def test_a_formula_with_its_computed_value_is_read(dbp, committee):
    data = rewrite(formula_workbook(committee), SHEET1,
                   lambda xml: xml.replace("<f>2500*2</f><v></v>", "<f>2500*2</f><v>5000</v>"))
    plan = importer.check([("projets.xlsx", data)], dbp)
    assert plan.ok, [p.text for p in plan.problems]
    assert plan.rows["projects"][0].values["aid_eur"] == 5000


def test_a_formula_computed_to_an_empty_text_is_an_empty_cell(dbp):
    data = workbook({"comités": [COMMITTEE_LABELS, ["SAV-X", "savoie", "20/12/2010", '=""']]})
    data = rewrite(data, SHEET1, lambda xml: xml.replace('<c r="D2"><f>""</f><v></v></c>',
                                                         '<c r="D2" t="str"><f>""</f><v></v></c>'))
    plan = importer.check([("import.xlsx", data)], dbp)
    assert plan.ok, [p.text for p in plan.problems]
    assert plan.rows["committees"][0].values["place"] is None


def test_shared_formulas_never_computed_are_refused_cell_by_cell(dbp):
    rows = [COMMITTEE_LABELS, ["SAV-X", "savoie", "20/12/2010", "=A2"], ["SAV-Y", "savoie", "20/12/2010", "=A3"]]

    def share(xml):
        xml = xml.replace('<c r="D2"><f>A2</f><v></v></c>', '<c r="D2"><f t="shared" ref="D2:D3" si="0">A2</f></c>')
        return xml.replace('<c r="D3"><f>A3</f><v></v></c>', '<c r="D3"><f t="shared" si="0"/></c>')

    data = rewrite(workbook({"comités": rows}), SHEET1, share)
    problems = refused([("import.xlsx", data)], dbp)
    assert [(p.code, p.row, p.column) for p in problems] == [("formula_without_value", 2, "Lieu"),
                                                             ("formula_without_value", 3, "Lieu")]
    assert "« =A2 » (cellule D2)" in problems[0].message and "« =A3 » (cellule D3)" in problems[1].message
