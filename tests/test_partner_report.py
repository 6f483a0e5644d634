"""The partner report and the committee pack: real PDFs (WeasyPrint) read back with pypdf, holding the
partner's figures worked out by hand on the small network, nothing of another basin, and the CLI's
one-line French refusals."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from alize import AlizeError
from alize.reports import committee_pack, partner_report
from tests.builders import d, make_db, small_network
from tests.test_pdf import pdf_text

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 12, 1)


def flat(value: str) -> str:
    """Text without spaces: a tile's value and its name come out of the PDF glued together."""
    return value.replace(" ", "")


def partner_network() -> dict:
    """small_network() plus what a partner report reads. Partner big (Nord) paid 5 000 € on 2001-06-30
    and 10 000 € on 2002-03-31. Its missions of 2002 (committee N2): P2 hr 3 + export 1, P4 quality 2,
    and 4 days on P5, a firm of the basin Sud (never in its report). Follow-ups on 2003-06-01: P2 5
    (start 2: 3 created, 2 maintained), P4 1 (start 2: 0 created, 1 maintained, net -1)."""
    tables = small_network()
    tables["contributions"] = [{"partner": "big", "paid_on": d("2001-06-30"), "amount_eur": 5_000},
                               {"partner": "big", "paid_on": d("2002-03-31"), "amount_eur": 10_000},
                               {"partner": "bank", "paid_on": d("2002-03-31"), "amount_eur": 70_000}]
    tables["missions"].append({"id": "M5", "project": "P5", "partner": "big", "days": 4, "theme": "finance",
                               "started_on": d("2002-06-01")})
    tables["followups"] = [{"project": "P2", "observed_on": d("2003-06-01"), "jobs": 5},
                           {"project": "P4", "observed_on": d("2003-06-01"), "jobs": 1}]
    return tables


@pytest.fixture()
def network(tmp_path):
    path = tmp_path / "net.duckdb"
    make_db(path, **partner_network()).close()
    con = duckdb.connect(str(path), read_only=True)
    yield con, path
    con.close()


def test_the_partner_report_holds_its_figures_worked_out_by_hand(network):
    con, _ = network
    r = partner_report.partner_report(con, "big", 2002)
    assert r.paid_year == (1, 10_000) and r.paid_total_eur == 15_000
    # Nord's fund on 31/12/2002: paid 15 000 (bank pays Sud's), lent P1 10 000 + P2 5 000
    assert (r.fund.contributions_eur, r.fund.disbursed_eur, r.fund.available_eur) == (15_000, 15_000, 0)
    assert r.days == 6.0 and len(r.missions) == 3 and list(r.by_firm["company"]) == ["Firme P2", "Firme P4"]
    assert dict(zip(r.by_theme["theme"], r.by_theme["days"])) == {"hr": 3.0, "quality": 2.0, "export": 1.0}
    assert (r.firms_total("jobs_created"), r.firms_total("jobs_maintained")) == (3, 3)
    assert r.jobs_as_of == dt.date(2003, 6, 1)
    assert (r.basin_jobs.jobs_committed, r.basin_jobs.jobs_created, r.basin_jobs.jobs_net_change) == (3, 3, 2)

    pages = pdf_text(partner_report.partner_report_pdf(con, "big", 2002, "fr", TODAY))
    assert 2 <= len(pages) <= 4
    text = " ".join(pages)
    assert "Rapport partenaire" in text and "Grande Entreprise — année 2002" in text
    assert flat("10 000 € Versé au fonds en 2002") in flat(text) and flat("15 000 € Versé depuis votre entrée") in flat(text)
    assert flat("6 Jours de compétences 3 Missions 2 Entreprises accompagnées") in flat(text)
    assert "Ressources humaines 3 1 1" in text and "Qualité 2 1 1" in text
    assert "Firme P2 01/06/2002 Export, Ressources humaines 4 2 2 5 3 2" in text
    assert "Firme P4 01/06/2002 Qualité 2 2 1 1 0 1" in text
    assert "Emplois au 01/06/2003" in text
    assert flat("3 Emplois engagés 3 Emplois créés 3 Emplois maintenus") in flat(text)
    assert flat("2 Variation nette des effectifs") in flat(text)
    assert "ne disent pas qui siège à chaque comité" in text  # not recorded: said, not invented
    # the basin's key figures of 2002: N2 and N3 held, 3 studied, 2 retained, 6 days, 5 000 € aid, 3 jobs
    assert flat("2 Comités d'agrément 3 Projets étudiés 2 Projets retenus 6 Jours de compétences 5 000 € Aide") in flat(text)
    # nothing of another basin: the mission on P5 (Sud), its firm, its territory, the bank's payment
    assert "Firme P5" not in text and "Terre S" not in text and "70 000" not in text and "Finance" not in text
    assert all(f"Page {i} / {len(pages)}" in p for i, p in enumerate(pages, start=1))


def test_the_partner_report_in_english_and_its_default_year(network):
    con, _ = network
    assert partner_report.default_year(con, partner_report.partners.partner(con, "big"), dt.date(2003, 1, 15)) == 2002
    text = " ".join(pdf_text(partner_report.partner_report_pdf(con, "big", None, "en", dt.date(2003, 1, 15))))
    assert "Partner report" in text and "Grande Entreprise — year 2002" in text and "10,000 €" in text
    assert "Export, Human resources" in text and "Ressources humaines" not in text


def test_unknown_partner_and_year_are_french_errors(network):
    con, _ = network
    with pytest.raises(AlizeError, match="partenaire inconnu : nope"):
        partner_report.partner_report(con, "nope", 2002)
    with pytest.raises(AlizeError, match="le bassin Nord a des comités de 2001 à 2002 seulement"):
        partner_report.partner_report(con, "big", 1999)


def test_the_committee_pack_has_a_card_per_project_and_the_year_to_date(network):
    con, _ = network
    pages = pdf_text(committee_pack.committee_pack_pdf(con, "N2", "fr", TODAY))
    text = " ".join(pages)
    assert "Dossier de comité" in text and "Comité du 01/06/2002 — Nord" in text
    assert "3 projets à l'ordre du jour" in text
    assert "Firme P2" in text and "Firme P3" in text and "Firme P4" in text
    assert "Aide demandée 5 000 €" in text and "Jours de compétences demandés 4" in text
    assert "Nord depuis le 1er janvier 2002" in text


def _cli(args, db_path, cwd):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "alize", *args, "--db", str(db_path)], cwd=cwd,
                          capture_output=True, text=True, timeout=120, env=env, check=False)


def test_the_cli_writes_the_partner_report_and_the_pack(network, tmp_path):
    _, path = network
    run = _cli(["partner-report", "--partner", "big", "--year", "2002", "--out", "r.pdf"], path, tmp_path)
    assert run.returncode == 0, run.stderr
    assert flat("10 000 € Versé au fonds en 2002") in flat(" ".join(pdf_text((tmp_path / "r.pdf").read_bytes())))
    run = _cli(["committee-pack", "--committee", "N2", "--out", "p.pdf"], path, tmp_path)
    assert run.returncode == 0, run.stderr
    assert "Firme P4" in " ".join(pdf_text((tmp_path / "p.pdf").read_bytes()))


@pytest.mark.parametrize("args, message", [
    (["partner-report", "--partner", "NOPE", "--year", "2002", "--out", "x.pdf"], "partenaire inconnu : NOPE"),
    (["partner-report", "--partner", "big", "--year", "1999", "--out", "x.pdf"], "a des comités de 2001 à 2002"),
    (["partner-report", "--partner", "big", "--year", "deux", "--out", "x.pdf"], "une année sur quatre chiffres"),
    (["partner-report", "--partner", "big", "--out", "x.txt"], "extension attendue .pdf"),
    (["partner-report", "--partner", "big", "--out", "no/dir/x.pdf"], "n'existe pas"),
    (["committee-pack", "--committee", "NOPE", "--out", "x.pdf"], "comité inconnu : NOPE"),
])
def test_the_cli_refuses_bad_input_in_one_french_line(network, tmp_path, args, message):
    _, path = network
    run = _cli(args, path, tmp_path)
    assert run.returncode == 2
    assert message in run.stderr and "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()
