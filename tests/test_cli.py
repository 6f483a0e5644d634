"""`python -m alize figures`: the JSON, the French table, and one-line errors with exit status 2."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(demo_db, *args):
    return subprocess.run([sys.executable, "-m", "alize", *args, "--db", str(demo_db)], cwd=ROOT, check=False,
                          capture_output=True, text=True, timeout=120)


def test_figures_json_for_2010(demo_db):
    out = run(demo_db, "figures", "--from", "2010-01-01", "--to", "2010-12-31", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {k: data[k] for k in ("committees", "projects_studied", "projects_retained", "competence_days",
                                  "aid_eur", "jobs_committed")} == {
        "committees": 41, "projects_studied": 72, "projects_retained": 66, "competence_days": 225,
        "aid_eur": 445135, "jobs_committed": 298}
    assert data["approval_rate"] == pytest.approx(66 / 72, abs=1e-4)
    # over the 57 retained projects that received aid (9 retained without aid have bank loans: left out)
    assert data["projects_aided"] == 57
    assert data["leverage"] == pytest.approx(8.2492, abs=1e-4)
    assert data["aid_per_aided_project"] == pytest.approx(445_135 / 57, abs=1e-4)
    assert data["aid_per_project"] == pytest.approx(445_135 / 66, abs=1e-4)


def test_basin_and_territory_narrow_the_scope(demo_db):
    whole = json.loads(run(demo_db, "figures", "--from", "2009-01-01", "--to", "2011-12-31", "--json",
                           "--basin", "alIZé Savoie").stdout)
    parts = [json.loads(run(demo_db, "figures", "--from", "2009-01-01", "--to", "2011-12-31", "--json",
                            "--basin", "savoie", "--territory", t).stdout) for t in ("Chambéry", "maurienne")]
    assert whole["projects_studied"] == sum(p["projects_studied"] for p in parts) > 0
    assert whole["aid_eur"] == sum(p["aid_eur"] for p in parts)
    both = json.loads(run(demo_db, "figures", "--from", "2009-01-01", "--to", "2011-12-31", "--json",
                          "--territory", "Chambéry", "--territory", "Maurienne").stdout)
    assert both["projects_studied"] == whole["projects_studied"]


def test_readable_french_table(demo_db):
    out = run(demo_db, "figures", "--from", "2010-01-01", "--to", "2010-12-31")
    assert out.returncode == 0
    text = out.stdout.replace("\u00a0", " ")
    assert "Chiffres clés — 2010 · tous les bassins" in text
    assert "445 135 €" in text and "91,7 %" in text and "Comités d'agrément" in text
    assert "Aide par projet aidé" in text and "7 809 €" in text


@pytest.mark.parametrize("args,message", [
    (["--from", "2010-13-01"], "date --from invalide : « 2010-13-01 »"),
    (["--to", "31/02/2010"], "date --to invalide"),
    (["--basin", "Atlantide"], "bassin inconnu : Atlantide"),
    (["--territory", "Nulle-Part"], "territoire inconnu : Nulle-Part"),
    (["--from", "2011-01-01", "--to", "2010-01-01"], "--from (2011-01-01) est postérieure à --to (2010-01-01)"),
    (["--basin", "alIZé Meuse", "--territory", "Maurienne"], "territoire hors des bassins choisis : Maurienne"),
    (["--kind", "spin-off"], "type de projet inconnu : spin-off"),
])
def test_bad_input_is_one_line_and_exit_2(demo_db, args, message):
    out = run(demo_db, "figures", *args)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], out.stderr
    assert out.stdout == ""


def test_figures_json_carries_the_jobs_with_their_date(demo_db):
    import duckdb

    from alize.metrics import jobs
    from alize.scope import Scope

    data = json.loads(run(demo_db, "figures", "--from", "2010-01-01", "--to", "2010-12-31", "--json").stdout)
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        s = jobs.jobs_summary(con, Scope.year(2010))
        assert data["jobs_measured_on"] == jobs.default_as_of(con).isoformat() == s.as_of.isoformat()
    finally:
        con.close()
    assert (data["jobs_created"], data["jobs_maintained"], data["jobs_net_change"]) == (
        s.jobs_created, s.jobs_maintained, s.jobs_net_change)
    # gross creation never subtracts a loss: it is at least the net change
    assert data["jobs_created"] >= data["jobs_net_change"] and data["jobs_maintained"] > 0
    assert data["survival_rate_3y"] == pytest.approx(s.survival_rate_3y)


def test_fund_json_carries_par30_and_par90(demo_db):
    import duckdb

    from alize.metrics import fund
    from alize.scope import Scope

    out = run(demo_db, "fund", "--from", "2020-01-01", "--to", "2020-12-31", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        risk = fund.portfolio_risk(con, Scope.year(2020))
    finally:
        con.close()
    assert data["as_of"] == "2020-12-31"
    assert data["par30"] == pytest.approx(risk.par30_eur / risk.outstanding_eur)
    assert data["par90"] == pytest.approx(risk.par90_eur / risk.outstanding_eur)
    assert data["outstanding_eur"] == data["disbursed_eur"] - data["repaid_eur"] - data["written_off_eur"]
    assert data["overcommitted"] is (data["available_eur"] < 0)
    table = run(demo_db, "fund", "--from", "2020-01-01", "--to", "2020-12-31").stdout.replace("\u00a0", " ")
    assert "PAR30" in table and "Impayés" in table


def test_compare_table_says_counting_noise_placebo_and_all_sectors(demo_db):
    out = run(demo_db, "compare", "--basin", "alIZé Savoie", "--sector", "C")
    assert out.returncode == 0, out.stderr
    text = out.stdout.replace("\u00a0", " ")
    assert "bruit de comptage seul" in text and "Placebo : rang" in text
    assert "pour 1 000 établissements, tous secteurs" in text
    assert "tous secteurs" not in run(demo_db, "compare", "--basin", "alIZé Savoie").stdout
