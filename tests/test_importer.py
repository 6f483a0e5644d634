"""Import of the programme's records: each malformed input has its own message and leaves the database
byte-for-byte unchanged; French formats are read; upserts, the audit log, round trip and undo work."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pytest

from alize.cli import main as cli
from alize.demo import CALIBRATION, CALIBRATION_YEAR
from alize.ingest import importer, rebuild, validate
from alize.metrics.figures import key_figures
from alize.scope import Scope
from alize.store import db
from tests.builders import COMMITTEES_HEADER, PROJECT_HEADER, workbook

FIXTURES = Path(__file__).parent / "fixtures"
NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.fixture(scope="module")
def ctx(demo_db) -> dict:
    """Values read from the demo records (data/ may be regenerated: tests never hard-code them)."""
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        cols = db.table_columns(con, "projects")
        row = con.execute(
            """SELECT p.* FROM projects p JOIN committees c ON c.id = p.committee
               WHERE c.basin = 'savoie' AND year(c.held_on) = 2010 AND p.decision = 'retained'
               ORDER BY c.held_on, p.id LIMIT 1""").fetchone()
        project = dict(zip(cols, row))
        com = con.execute("SELECT id, held_on, place FROM committees WHERE id = ?", [project["committee"]]).fetchone()
    finally:
        con.close()
    held = com[1]
    return {"project": project, "committee": com[0], "held": held, "place": com[2],
            "before": (held - dt.timedelta(days=30)).strftime("%d/%m/%Y")}


def project_line(p: dict, **changes) -> str:
    """A full French-header CSV line (PROJECT_HEADER) for a project row, with changes."""
    p = {**p, **changes}
    return (f"{p['id']};{p['company']};{p['sector']};{p['kind']};{p['territory']};{p['submitted_on']:%d/%m/%Y};"
            f"{p['committee']};{p['decision']};{p['aid_eur']} €;{p['jobs_at_start']};{p['jobs_committed']}\n")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def figures(path: Path, year: int = CALIBRATION_YEAR):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return key_figures(con, Scope.year(year))
    finally:
        con.close()


def query(path: Path, sql: str, params=()):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def csv_bytes(text: str, encoding="utf-8") -> bytes:
    return text.replace("\n", "\r\n").encode(encoding)






# ---- malformed inputs: own message, database untouched -------------------------------------------

def _wrong_header(tmp, ctx):
    return [("comités.csv", csv_bytes("Identifiant;Bassin;Date du commité;Lieu\nSAV-2010-99;savoie;20/12/2010;X\n"))]


def _bad_date(tmp, ctx):
    return [("comites.csv", csv_bytes(COMMITTEES_HEADER + "SAV-2010-98;savoie;20/12/2010;X\n"
                                      "SAV-2010-99;savoie;31/02/2010;X\n"))]


def _negative_amount(tmp, ctx):
    return [("projets.csv", csv_bytes(PROJECT_HEADER + f"SAV2010-901;Scierie SARL;C;création;chambery;{ctx['before']};"
                                      f"{ctx['committee']};retenu;-5 000 €;3;4\n"))]


def _unknown_committee(tmp, ctx):
    return [("projects.csv", csv_bytes(PROJECT_HEADER + f"SAV2010-901;Scierie SARL;C;création;chambery;{ctx['before']};"
                                       "SAV-2099-01;retenu;5 000 €;3;4\n"))]


def _duplicate_key(tmp, ctx):
    return [("committees.csv", csv_bytes("id,basin,held_on,place\nSAV-2010-99,savoie,2010-12-20,X\n"
                                         "SAV-2010-99,savoie,2010-12-21,Y\n"))]


def _empty_file(tmp, ctx):
    return [("projets.csv", b"")]


def _huge_file(tmp, ctx):
    path = tmp / "projets.csv"
    with path.open("wb") as f:
        f.write(PROJECT_HEADER.encode())
        f.truncate(50 * 1024 * 1024)  # 50 MB, sparse: made on the fly, never committed
    return [path]


def _binary_csv(tmp, ctx):
    return [("projets.csv", bytes(range(256)) * 64)]


def _missing_sheet(tmp, ctx):
    header = ["Identifiant", "Entreprise", "Secteur (NAF)", "Type de projet", "Territoire", "Date de dépôt",
              "Comité", "Décision", "Aide (€)", "Emplois au dépôt", "Emplois engagés"]
    return [("alize.xlsx", workbook({
        "bassins": [["Identifiant", "Nom", "Date de début"]],
        "projets": [header, ["SAV2010-901", "Scierie SARL", "C", "création", "chambery", "01/12/2010",
                             "SAV-2010-99", "retenu", "5 000 €", 3, 4]],
    }))]


def _no_table_sheet(tmp, ctx):
    return [("classeur.xlsx", workbook({"Feuil1": [["a", "b"], [1, 2]]}))]


MALFORMED = {
    "wrong header": (_wrong_header, "bad_header", "en-tête incorrect", "Date du comité"),
    "bad date": (_bad_date, "bad_date", "date invalide « 31/02/2010 »", None),
    "negative amount": (_negative_amount, "negative_amount", "montant négatif", None),
    "unknown committee": (_unknown_committee, "unknown_reference", "comité inconnu « SAV-2099-01 »", None),
    "duplicate key": (_duplicate_key, "duplicate_key", "clé en double « SAV-2010-99 »", None),
    "empty file": (_empty_file, "empty_file", "fichier vide", None),
    "50 MB file": (_huge_file, "file_too_large", "fichier trop volumineux : 50,0 Mo (limite 20,0 Mo)", None),
    "binary .csv": (_binary_csv, "binary_file", "fichier binaire", None),
    "missing sheet": (_missing_sheet, "missing_sheet", "feuille manquante « comités »", "SAV-2010-99"),
    "no table sheet": (_no_table_sheet, "missing_sheet", "feuille manquante", "Feuil1"),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_input_has_its_message_and_changes_nothing(case, dbp, ctx, tmp_path):
    make, code, text, also = MALFORMED[case]
    before = sha(dbp)
    files = make(tmp_path, ctx)
    outcome = importer.import_files(files, dbp, user="test")
    assert outcome.result is None
    errors = outcome.plan.errors
    assert errors, case
    assert {p.code for p in errors} == {code}, [p.text for p in errors]
    assert any(text in p.text for p in errors), [p.text for p in errors]
    if also:
        assert any(also in p.text for p in errors)
    assert "rien n'a été enregistré" in outcome.plan.summary()
    with pytest.raises(importer.ImportRefused):
        importer.apply(outcome.plan, dbp, "test")
    assert sha(dbp) == before
    assert not (dbp.parent / "backups").exists() or not any((dbp.parent / "backups").iterdir())


def test_problem_locations_name_file_row_and_column(dbp, ctx):
    plan = importer.check(_bad_date(None, ctx), dbp)
    (p,) = plan.errors
    assert (p.file, p.sheet, p.row, p.column) == ("comites.csv", None, 3, "Date du comité")
    assert p.text.startswith("comites.csv, ligne 3, colonne « Date du comité » : date invalide")
    frame = plan.problems_frame()
    assert list(frame.columns) == ["Niveau", "Fichier", "Feuille", "Ligne", "Colonne", "Problème", "Code"]
    assert frame.loc[0, "Ligne"] == 3


def test_workbook_rows_are_reported_with_sheet_and_row(dbp):
    data = workbook({"comités": [["Identifiant", "Bassin", "Date du comité"], [None], ["X-1", "savoie", "bientôt"]]})
    (p,) = importer.check([("import.xlsx", data)], dbp).errors
    assert (p.sheet, p.row, p.code) == ("comités", 3, "bad_date")
    assert "feuille « comités », ligne 3" in p.text


def test_many_errors_are_all_counted(dbp, ctx):
    c = ctx["committee"]
    data = csv_bytes(PROJECT_HEADER
                     + f"P-1;A;C;création;chambery;31/13/2010;{c};retenu;-1;3;4\n"
                     + f"P-2;B;Z;inconnu;nulle-part;{ctx['before']};{c};peut-être;10;x;4\n")
    plan = importer.check([("projets.csv", data)], dbp)
    codes = sorted(p.code for p in plan.errors)
    assert codes == ["bad_date", "bad_number", "bad_value", "bad_value", "bad_value", "negative_amount"]
    assert plan.summary().startswith("6 erreurs")


def test_cli_prints_problems_and_exits_2(dbp, ctx, capsys):
    bad = dbp.parent / "comites.csv"
    bad.write_bytes(_bad_date(None, ctx)[0][1])
    before = sha(dbp)
    assert cli.main(["import", str(bad), "--db", str(dbp)]) == 2
    out = capsys.readouterr().out
    assert "date invalide « 31/02/2010 »" in out and "1 erreur" in out
    assert sha(dbp) == before


# ---- reading ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name,table", [
    ("projets.csv", "projects"), ("Projects.xlsx", "projects"), ("COMITÉS.csv", "committees"),
    ("comites d'agrément", "committees"), ("suivis_2024.csv", "followups"), ("follow-ups", "followups"),
    ("apports", "missions"), ("versements", "contributions"), ("établissements", "establishments"),
    ("remboursements", "repayments"), ("bassins", "basins"), ("Territoires", "territories"),
    ("partenaires", "partners"), ("conventions", "conventions"), ("communes", "communes"),
    ("notes.csv", None),
])
def test_table_names_french_or_english(name, table):
    assert importer.table_for_name(name) == table


@pytest.mark.parametrize("text,value", [
    ("445 135 €", 445135), (f"445{NBSP}135{NBSP}€", 445135), (f"445{NNBSP}135 €", 445135), ("2,5", Decimal("2.5")),
    ("1 234,50", Decimal("1234.50")), ("1,234.50", Decimal("1234.50")), ("12", 12), (12.0, 12), ("15000 EUR", 15000),
])
def test_french_numbers(text, value):
    assert importer.parse_number(text) == value


@pytest.mark.parametrize("text", ["15/03/2010", "2010-03-15", "15-03-2010", "15.03.2010", "2010-03-15 00:00:00",
                                  dt.datetime(2010, 3, 15), 40252])
def test_dates(text):
    assert importer.parse_date(text) == dt.date(2010, 3, 15)


@pytest.mark.parametrize("sep,encoding,bom", [(";", "cp1252", False), (",", "utf-8", True), (";", "utf-8", False),
                                              ("\t", "utf-8", True)])
def test_csv_separators_and_encodings(dbp, sep, encoding, bom):
    text = sep.join(["Identifiant", "Bassin", "Date du comité", "Lieu"]) + "\n" \
        + sep.join(["SAV-2010-99", "savoie", "20/12/2010", '"Hôtel de ville; salle B, 1er étage"']) + "\n"
    data = (b"\xef\xbb\xbf" if bom else b"") + csv_bytes(text, encoding)
    plan = importer.check([("comités.csv", data)], dbp)
    assert plan.ok, [p.text for p in plan.problems]
    (row,) = plan.rows["committees"]
    assert row.values == {"id": "SAV-2010-99", "basin": "savoie", "held_on": dt.date(2010, 12, 20),
                          "place": "Hôtel de ville; salle B, 1er étage"}


def test_english_headers_and_codes_in_any_case(dbp, ctx):
    data = csv_bytes("ID,Company,SECTOR,kind,Territory,Submitted On,committee,Decision,AID,jobs at start\n"
                     f"P-9,Acme,c,Takeover,chambery,{ctx['held']:%Y-%m-%d},{ctx['committee']},Retained,1000,2\n")
    plan = importer.check([("Projects.csv", data)], dbp)
    assert plan.ok, [p.text for p in plan.problems]
    assert plan.rows["projects"][0].values["kind"] == "takeover"
    assert plan.rows["projects"][0].values["sector"] == "C"


def test_names_accepted_for_basin_and_territory(dbp):
    plan = importer.check([FIXTURES / "comites_2010.csv", FIXTURES / "projets_2010.csv"], dbp)
    assert plan.ok, [p.text for p in plan.problems]
    assert plan.rows["committees"][0].values["basin"] == "savoie"
    assert {r.values["territory"] for r in plan.rows["projects"]} == {"maurienne"}


def test_unknown_column_is_a_warning(dbp):
    data = csv_bytes(COMMITTEES_HEADER.strip() + ";Remarques\nSAV-2010-99;savoie;20/12/2010;X;à revoir\n")
    plan = importer.check([("comites.csv", data)], dbp)
    assert plan.ok
    assert [p.code for p in plan.warnings] == ["ignored_column"]


def test_inconsistent_dates_are_refused(dbp, ctx):
    after = ctx["held"] + dt.timedelta(days=10)
    data = csv_bytes(PROJECT_HEADER.strip() + ";Date de cessation\n"
                     f"P-1;A;C;création;chambery;{after:%d/%m/%Y};{ctx['committee']};retenu;10;3;4;{ctx['before']}\n")
    codes = {p.code for p in importer.check([("projets.csv", data)], dbp).errors}
    # submitted after its committee and closed before it was submitted
    assert codes == {"date_order"}
    assert len(importer.check([("projets.csv", data)], dbp).errors) == 2
    follow = csv_bytes(f"Projet;Date du suivi;Emplois\n{ctx['project']['id']};{ctx['before']};3\n")
    (p,) = importer.check([("suivis.csv", follow)], dbp).errors
    assert p.code == "date_order" and "antérieur à son comité" in p.message


def test_a_schedule_imports_and_a_rescheduling_after_its_due_date_is_refused(dbp, ctx):
    pid = ctx["project"]["id"]
    good = csv_bytes(f"Projet;Date d'échéance;Montant (€);Date de rééchelonnement\n{pid};15/03/2030;1 500 €;\n"
                     f"{pid};15/03/2031;1 500 €;01/02/2029\n")
    out = importer.import_files([("échéancier.csv", good)], dbp, user="marie")
    assert out.result is not None, [p.text for p in out.plan.problems]
    assert query(dbp, "SELECT due_on, amount_eur, rescheduled_on FROM instalments WHERE project = ? AND due_on >= ? "
                      "ORDER BY due_on", [pid, dt.date(2030, 1, 1)]) == [
        (dt.date(2030, 3, 15), 1500, None), (dt.date(2031, 3, 15), 1500, dt.date(2029, 2, 1))]
    bad = csv_bytes(f"Projet;Date d'échéance;Montant (€);Date de rééchelonnement\n{pid};15/03/2032;500;01/04/2032\n")
    (p,) = importer.check([("echeances.csv", bad)], dbp).errors
    assert p.code == "date_order" and "rééchelonnement" in p.message


# ---- writing ------------------------------------------------------------------------------------

def test_french_csvs_import_and_change_the_figures(dbp):
    before = figures(dbp)
    out = importer.import_files([FIXTURES / "comites_2010.csv", FIXTURES / "projets_2010.csv"], dbp, user="marie")
    assert out.result is not None, [p.text for p in out.plan.problems]
    after = figures(dbp)
    assert after.committees == before.committees + 1
    assert after.projects_studied == before.projects_studied + 2
    assert after.projects_retained == before.projects_retained + 1
    assert after.aid_eur == before.aid_eur + 12_500
    assert after.jobs_committed == before.jobs_committed + 4
    assert query(dbp, "SELECT bank_loans_eur, kind FROM projects WHERE id = 'SAV2010-901'") == [(85_000, "creation")]
    assert query(dbp, "SELECT value FROM meta WHERE key = 'source'") == [("import",)]
    assert out.result.backup.exists() and out.result.backup.parent == dbp.parent / "backups"


def test_an_import_recomputes_the_stored_extension_comparison(dbp):
    """Savoie's before/after is stored with the records: the 2010 project retained in Maurienne
    shows in the stored comparison the territories page reads, which equals a fresh computation."""
    from alize.metrics import compare
    from tests.builders import assert_same_comparison

    def maurienne_after(con):
        rows = compare.compare_extension(con, "alIZé Savoie", "Maurienne").rows
        return rows[(rows["territory"] == "Maurienne") & (rows["window"] == "after")].iloc[0]

    with duckdb.connect(str(dbp), read_only=True) as con:
        before = maurienne_after(con)
    importer.import_files([FIXTURES / "comites_2010.csv", FIXTURES / "projets_2010.csv"], dbp, user="marie")
    with duckdb.connect(str(dbp), read_only=True) as con:
        after = maurienne_after(con)
        assert_same_comparison(compare.compare_extension(con, "alIZé Savoie", "Maurienne"),
                               compare._compare_extension(con, "alIZé Savoie", "Maurienne", None, None, as_of=None,
                                                          sectors=(), kinds=(), seed=compare.DID_SEED,
                                                          draws=compare.DID_DRAWS))
    assert after["projects_studied"] == before["projects_studied"] + 2
    assert after["projects_retained"] == before["projects_retained"] + 1
    assert after["aid_eur"] == before["aid_eur"] + 12_500


def test_audit_log_records_who_when_file_checksum_and_rows(dbp):
    files = [FIXTURES / "comites_2010.csv", FIXTURES / "projets_2010.csv"]
    result = importer.import_files(files, dbp, user="marie").result
    con = duckdb.connect(str(dbp), read_only=True)
    log = importer.import_log(con)
    con.close()
    assert len(log) == 1
    row = log.iloc[0]
    assert row["user_name"] == "marie" and row["action"] == "import"
    assert row["file_names"] == "comites_2010.csv, projets_2010.csv"
    assert row["sha256"] == ", ".join(hashlib.sha256(f.read_bytes()).hexdigest() for f in files)
    assert (row["rows_new"], row["rows_changed"]) == (3, 0)
    assert abs(row["logged_at"].to_pydatetime() - dt.datetime.now()) < dt.timedelta(minutes=5)
    assert Path(row["backup"]) == result.backup


def test_preview_counts_new_changed_unchanged(dbp, ctx):
    c, held = ctx["committee"], f"{ctx['held']:%d/%m/%Y}"
    other = query(dbp, "SELECT id, basin, held_on, place FROM committees WHERE id <> ? LIMIT 1", [c])[0]
    data = csv_bytes(COMMITTEES_HEADER + f"{c};savoie;{held};Salle du conseil\n"
                     + f'{other[0]};{other[1]};{other[2]:%d/%m/%Y};"{other[3]}"\n'
                     + "SAV-2010-99;savoie;20/12/2010;X\n")
    plan = importer.check([("comites.csv", data)], dbp)
    change = plan.preview.table("committees")
    assert (change.new, change.changed, change.unchanged) == (1, 1, 1)
    assert change.changed_rows.to_dict("records") == [
        {"Clé": c, "Colonne": "Lieu", "Avant": ctx["place"], "Après": "Salle du conseil"}]
    assert change.new_rows.loc[0, "Date du comité"] == "20/12/2010"
    assert plan.preview.frame().loc[0].tolist() == ["Comités d'agrément", 1, 1, 1]


def test_upsert_of_a_referenced_parent(dbp, ctx):
    """DuckDB refuses an UPDATE of an indexed column of a row other rows reference: only changed,
    non-key columns are updated, so a committee's place and date change while projects point to it."""
    c, later = ctx["committee"], ctx["held"] + dt.timedelta(days=1)
    data = csv_bytes(COMMITTEES_HEADER + f"{c};savoie;{later:%d/%m/%Y};Salle du conseil\n")
    out = importer.import_files([("comités.csv", data)], dbp, "test")
    assert out.result is not None, [p.text for p in out.plan.problems]
    assert query(dbp, "SELECT held_on, place FROM committees WHERE id = ?", [c]) == [(later, "Salle du conseil")]
    assert query(dbp, "SELECT count(*) FROM projects WHERE committee = ?", [c])[0][0] > 0
    # basins and territories: dates change; a rename of a referenced row is refused with its message
    basins = csv_bytes("Identifiant;Nom;Date de début\nsavoie;alIZé Savoie;01/02/2006\n")
    assert importer.import_files([("bassins.csv", basins)], dbp, "test").result is not None
    assert query(dbp, "SELECT started_on FROM basins WHERE id = 'savoie'") == [(dt.date(2006, 2, 1),)]
    before = sha(dbp)
    renamed = csv_bytes("Identifiant;Nom;Date de début\nsavoie;alIZé Pays de Savoie;01/02/2006\n")
    (p,) = importer.import_files([("bassins.csv", renamed)], dbp, "test").plan.errors
    assert p.code == "rename_refused" and "ne peut pas être changé" in p.message
    assert sha(dbp) == before


def test_update_of_child_rows_and_partial_columns(dbp, ctx):
    current = ctx["project"]
    pid = current["id"]
    data = csv_bytes(f"Identifiant;Aide (€)\n{pid};10 000 €\n")
    plan = importer.check([("projets.csv", data)], dbp)
    assert [p.code for p in plan.errors] == ["bad_header"]  # required columns are required
    # a file with the required columns and only some optional ones updates those and keeps the others
    header = "Identifiant;Entreprise;Secteur;Type;Territoire;Date de dépôt;Comité;Décision;Emplois au dépôt;Aide\n"
    line = (f"{pid};{current['company']};{current['sector']};{current['kind']};{current['territory']};"
            f"{current['submitted_on']:%d/%m/%Y};{current['committee']};retenu;{current['jobs_at_start']};10 000\n")
    before = figures(dbp)
    out = importer.import_files([("projets.csv", csv_bytes(header + line))], dbp, "test")
    assert out.plan.preview.table("projects").changed == 1
    after = figures(dbp)
    assert after.aid_eur == before.aid_eur - current["aid_eur"] + 10_000
    assert query(dbp, "SELECT bank_loans_eur, commune FROM projects WHERE id = ?", [pid]) == [
        (current["bank_loans_eur"], current["commune"])]


def test_failure_inside_the_transaction_writes_nothing(dbp, ctx, monkeypatch):
    """A row the database refuses after validation (here validation is switched off) rolls everything back."""
    monkeypatch.setattr(validate, "_validate", lambda rows, state, problems: None)
    data = csv_bytes(COMMITTEES_HEADER + "SAV-2010-99;savoie;20/12/2010;X\n")
    bad = csv_bytes(PROJECT_HEADER + f"SAV2010-901;A;C;création;chambery;{ctx['before']};NOPE;retenu;5;3;4\n")
    before = figures(dbp)
    plan = importer.check([("comites.csv", data), ("projets.csv", bad)], dbp)
    with pytest.raises(importer.ImportRefused, match="rien n'a été enregistré"):
        importer.apply(plan, dbp, "test")
    assert figures(dbp) == before
    assert query(dbp, "SELECT count(*) FROM committees WHERE id = 'SAV-2010-99'") == [(0,)]
    assert query(dbp, "SELECT value FROM meta WHERE key = 'source'") == [("demo",)]
    assert not any((dbp.parent / "backups").iterdir())


def test_imported_database_is_never_rebuilt_over(tmp_path):
    csv_dir = tmp_path / "csv"
    shutil.copytree(db.DATA_DIR, csv_dir, ignore=shutil.ignore_patterns("*.duckdb*", "backups"))
    path = rebuild.build(tmp_path / "alize.duckdb", csv_dir)
    importer.import_files([FIXTURES / "comites_2010.csv"], path, "test")
    later = path.stat().st_mtime + 10
    os.utime(csv_dir / "committees.csv", (later, later))
    assert db.needs_build(path, csv_dir)
    rebuild.ensure(path, csv_dir)
    assert query(path, "SELECT count(*) FROM committees WHERE id = 'SAV-2010-99'") == [(1,)]


# ---- round trip and templates -------------------------------------------------------------------

def test_workbook_in_french_formats_round_trips(dbp, tmp_path):
    con = duckdb.connect(str(dbp), read_only=True)
    data = importer.export_workbook(con)
    years = {y: key_figures(con, Scope.year(y)) for y in (2006, 2009, 2010, 2015, 2020)}
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in importer.IMPORT_TABLES}
    con.close()
    wb = openpyxl.load_workbook(io.BytesIO(data))
    projets = wb["projets"]
    assert projets["A1"].value == "Identifiant"
    values = [c.value for c in projets[2]]
    assert any(isinstance(v, str) and v.endswith("\u00a0€") for v in values)  # "15 000 €"
    assert any(isinstance(v, str) and "/" in v for v in values)               # "26/12/2009"
    assert "retenu" in values or "refusé" in values or "ajourné" in values
    # into an empty database: the same figures
    empty = tmp_path / "vide" / "alize.duckdb"
    empty.parent.mkdir()
    con = duckdb.connect(str(empty))
    db.create_schema(con)
    con.close()
    out = importer.import_files([("alize.xlsx", data)], empty, "test")
    assert out.result is not None, [p.text for p in out.plan.problems[:5]]
    assert out.plan.preview.new == sum(counts.values())
    for y, expected in years.items():
        assert figures(empty, y) == expected
    assert {k: getattr(figures(empty), k) for k in CALIBRATION} == CALIBRATION
    # and back into the database it came from: nothing changes
    plan = importer.check([("alize.xlsx", data)], dbp)
    assert plan.ok and plan.preview.new == 0 and plan.preview.changed == 0


def test_templates_for_every_table(dbp):
    for table, spec in importer.SPECS.items():
        data = importer.template_csv(table)
        assert data.startswith(b"\xef\xbb\xbf")
        header = data.decode("utf-8-sig").strip().split(";")
        assert header == [c.label for c in spec.cols]
        plan = importer.check([(importer.template_name(table), data)], dbp)
        assert [p.code for p in plan.errors] == ["empty_file"], table
    wb = openpyxl.load_workbook(io.BytesIO(importer.template_workbook()))
    assert wb.sheetnames == ["Lisez-moi", *[s.sheet for s in importer.SPECS.values()]]
    # the empty template imports as "no rows" ...
    plan = importer.check([("modele.xlsx", importer.template_workbook())], dbp)
    assert [p.code for p in plan.errors] == ["empty_file"]
    # ... and filled in, as a workbook with one sheet per table
    wb["comités"].append(["SAV-2010-99", "savoie", "20/12/2010", "Modane"])
    wb["projets"].append(["SAV2010-901", "Scierie", "C", "création", "maurienne", None, "01/12/2010",
                          "SAV-2010-99", "retenu", "12 500 €", "0", 3, 4, None])
    buf = io.BytesIO()
    wb.save(buf)
    out = importer.import_files([("modele.xlsx", buf.getvalue())], dbp, "test")
    assert out.result is not None, [p.text for p in out.plan.problems]
    assert figures(dbp).aid_eur == CALIBRATION["aid_eur"] + 12_500


# ---- undo ---------------------------------------------------------------------------------------

def test_undo_restores_the_previous_figures(dbp, ctx, capsys):
    before = figures(dbp)
    data = csv_bytes(PROJECT_HEADER + project_line(ctx["project"], aid_eur=ctx["project"]["aid_eur"] + 50_000))
    assert importer.import_files([("projets.csv", data)], dbp, "marie").result is not None
    importer.import_files([FIXTURES / "comites_2010.csv", FIXTURES / "projets_2010.csv"], dbp, "marie")
    changed = figures(dbp)
    assert changed != before
    assert importer.last_import(dbp)["file_names"] == "comites_2010.csv, projets_2010.csv"
    first = importer.undo_last(dbp, "paul")
    assert "annulé" in first.message
    middle = figures(dbp)
    assert middle.committees == before.committees and middle.aid_eur != before.aid_eur
    assert cli.main(["undo", "--db", str(dbp)]) == 0
    assert "annulé" in capsys.readouterr().out
    assert figures(dbp) == before
    assert query(dbp, "SELECT value FROM meta WHERE key = 'source'") == [("demo",)]
    con = duckdb.connect(str(dbp), read_only=True)
    log = importer.import_log(con)
    con.close()
    assert list(log["action"]) == ["undo"]
    with pytest.raises(importer.AlizeError, match="Aucun import à annuler"):
        importer.undo_last(dbp)


def test_cli_dry_run_then_import(dbp, capsys):
    files = [str(FIXTURES / "comites_2010.csv"), str(FIXTURES / "projets_2010.csv")]
    before = sha(dbp)
    assert cli.main(["import", *files, "--db", str(dbp), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Projets : 2 nouvelle(s)" in out and "rien n'a été enregistré" in out
    assert sha(dbp) == before
    assert cli.main(["import", *files, "--db", str(dbp), "--user", "marie"]) == 0
    assert "Import enregistré" in capsys.readouterr().out
    assert query(dbp, "SELECT user_name FROM import_log") == [("marie",)]


def test_an_upcoming_committee_agenda_imports_as_pending(dbp):
    """Projects « à l'étude » with the aid they ask for: on the agenda, in no figure until decided."""
    before = figures(dbp, 2026)
    files = [
        importer.Upload("comites.csv", (COMMITTEES_HEADER + "SAV-2026-01;savoie;15/12/2026;Chambéry\n").encode()),
        importer.Upload("projets.csv", (PROJECT_HEADER +
                                        "SAV2026-001;Atelier des Cimes SAS;C;création;maurienne;02/11/2026;"
                                        "SAV-2026-01;à l'étude;12 000 €;0;5\n").encode()),
    ]
    out = importer.import_files(files, dbp, user="marie")
    assert out.result is not None, [p.text for p in out.plan.problems]
    assert query(dbp, "SELECT decision, aid_eur, jobs_committed FROM projects WHERE id = 'SAV2026-001'") == [
        ("pending", 12_000, 5)]
    after = figures(dbp, 2026)
    assert (after.projects_studied, after.aid_eur) == (before.projects_studied, before.aid_eur) == (0, 0)
    rejected = importer.check([importer.Upload("projets.csv", (PROJECT_HEADER +
                               "SAV2026-002;Atelier des Cimes SAS;C;création;maurienne;02/11/2026;"
                               "SAV-2026-01;refusé;12 000 €;0;5\n").encode())], dbp)
    assert [p.code for p in rejected.errors] == ["inconsistent"]
