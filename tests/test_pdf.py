"""The printable committee brief: a real PDF (WeasyPrint), read back with pypdf, holding the agenda's
firms and amounts worked out by hand, page numbers, the demo mark, and the same file from the CLI."""

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from alize.reports import pdf
from tests.builders import make_db, project, small_network

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 12, 1)


def pdf_text(data: bytes) -> list[str]:
    """Each page's text with every run of white space (NBSPs included) as one space."""
    reader = PdfReader(io.BytesIO(data))
    return [" ".join(page.extract_text().replace("\u00a0", " ").replace("\u202f", " ").split())
            for page in reader.pages]


@pytest.fixture()
def network(tmp_path):
    """Committee N2 of the small network with bank loans: P2 retained 5 000 € aid, 40 000 € loans; P3
    rejected; P4 retained without aid, 12 000 € loans (left out of leverage)."""
    tables = small_network()
    projects = {p["id"]: p for p in tables["projects"]}
    projects["P2"].update(bank_loans_eur=40_000, company='Nord <b>& "Co"</b>')
    projects["P4"].update(bank_loans_eur=12_000, company="Atelier Élise")
    path = tmp_path / "net.duckdb"
    make_db(path, **tables).close()
    import duckdb
    con = duckdb.connect(str(path), read_only=True)
    yield con, path
    con.close()


def test_the_brief_pdf_holds_the_agenda_firms_and_amounts(network):
    con, _ = network
    data = pdf.committee_brief_pdf(con, "N2", "fr", TODAY)
    assert data.startswith(b"%PDF-")
    pages = pdf_text(data)
    assert len(pages) == 1
    page = pages[0]
    assert "Fiche de comité" in page and "Comité du 01/06/2002 — Nord" in page
    assert "3 projets à l'ordre du jour" in page
    # the firm's name is shown as written, never read as markup (the cell may wrap it: compare without spaces)
    assert 'Nord<b>&"Co"</b>' in page.replace(" ", "") and "Atelier Élise" in page and "Firme P3" in page
    # sums over the retained projects (P2, P4): aid 5 000 €, loans 52 000 €; leverage over the aided one: 40 000 / 5 000
    assert "5 000 €" in page and "52 000 €" in page and "40 000 €" in page and "12 000 €" in page
    assert "× 8,0" in page
    assert "refusé" in page and "retenu" in page
    assert "Page 1 / 1" in page
    assert "Données de démonstration" not in page  # not demo data
    # the year to date of the basin Nord: 1 January 2002 → 1 June 2002: one committee, N2
    assert "Nord depuis le 1er janvier 2002" in page


def test_the_brief_pdf_in_english(network):
    con, _ = network
    page = pdf_text(pdf.committee_brief_pdf(con, "N2", "en", TODAY))[0]
    assert "Committee brief" in page and "3 projects on the agenda" in page
    assert "52,000 €" in page and "× 8.0" in page and "Page 1 / 1" in page


def test_a_long_agenda_runs_over_pages_numbered_n_of_total(tmp_path):
    tables = small_network()
    tables["projects"] += [project(f"Q{i:02d}", "N2", "a", aid=1_000, jobs=1, company=f"Entreprise numéro {i:02d}")
                           for i in range(60)]
    path = tmp_path / "long.duckdb"
    make_db(path, **tables).close()
    import duckdb
    with duckdb.connect(str(path), read_only=True) as con:
        pages = pdf_text(pdf.committee_brief_pdf(con, "N2", "fr", TODAY))
    assert len(pages) >= 2
    assert all(f"Page {i} / {len(pages)}" in p for i, p in enumerate(pages, start=1))
    assert "63 projets à l'ordre du jour" in pages[0]
    text = " ".join(pages)
    assert all(f"Entreprise numéro {i:02d}" in text for i in range(60))
    assert "Entreprise" in pages[1].split("Page")[0]  # the header row repeats on the next page


def test_the_demo_brief_carries_the_demo_mark_on_every_page(demo_con):
    committee = demo_con.execute("SELECT committee FROM projects GROUP BY committee ORDER BY count(*) DESC, committee "
                                 "LIMIT 1").fetchone()[0]
    pages = pdf_text(pdf.committee_brief_pdf(demo_con, committee, "fr", TODAY))
    assert pages[0].startswith("Données de démonstration")
    assert all("Données de démonstration" in p for p in pages)


def test_one_project_reads_singular(tmp_path):
    tables = small_network()
    path = tmp_path / "one.duckdb"
    make_db(path, **tables).close()
    import duckdb
    with duckdb.connect(str(path), read_only=True) as con:
        page = pdf_text(pdf.committee_brief_pdf(con, "N1", "fr", TODAY))[0]
        none = pdf_text(pdf.committee_brief_pdf(con, "N3", "fr", TODAY))[0]
    assert "1 projet à l'ordre du jour" in page and "Firme P1" in page and "10 000 €" in page
    assert "0 projet à l'ordre du jour" in none and "Aucun projet à l'ordre du jour de ce comité." in none


def test_the_cli_writes_the_same_brief(network, tmp_path):
    _, path = network
    out = tmp_path / "brief.pdf"
    run = subprocess.run([sys.executable, "-m", "alize", "brief", "--committee", "N2", "--out", str(out),
                          "--db", str(path)], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 0, run.stderr
    assert "Fiche de comité écrite" in run.stdout
    page = pdf_text(out.read_bytes())[0]
    assert 'Nord<b>&"Co"</b>' in page.replace(" ", "") and "52 000 €" in page


@pytest.mark.parametrize("args, message", [
    (["--committee", "NOPE", "--out", "x.pdf"], "comité inconnu : NOPE"),
    (["--committee", "N2", "--out", "x.txt"], "extension attendue .pdf"),
    (["--committee", "N2", "--out", "no/such/dir/x.pdf"], "n'existe pas"),
])
def test_the_cli_refuses_bad_input_in_one_french_line(network, tmp_path, args, message):
    _, path = network
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "alize", "brief", *args, "--db", str(path)], cwd=tmp_path,
                         capture_output=True, text=True, timeout=120, env=env, check=False)
    assert run.returncode == 2
    assert message in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_a_missing_pdf_engine_is_a_french_error(monkeypatch):
    import builtins

    real = builtins.__import__

    def no_weasyprint(name, *a, **k):
        if name == "weasyprint":
            raise OSError("cannot load library 'libpango-1.0-0'")
        return real(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    from alize import AlizeError
    with pytest.raises(AlizeError) as err:
        pdf.render("<p>x</p>")
    assert "WeasyPrint" in str(err.value) and "libpango-1.0-0" in str(err.value)
