"""Accounts in the PostgreSQL store (issue 16): the people and the audit log in its tables, a Meuse
editor's import with one Savoie row refused with nothing written, and --as through a PostgreSQL copy."""

from __future__ import annotations

import json

import pytest

from alize import settings
from alize.accounts import people
from alize.cli.main import main as cli_main
from alize.ingest import importer
from alize.store import postgres

pytestmark = pytest.mark.postgres

MEUSE = "alIZé Meuse"


def test_accounts_live_in_postgres_tables(pg_demo):
    assert settings.accounts_location({settings.DB_ENV: pg_demo}) == pg_demo
    store = people.store(pg_demo)
    store.add("meuse@cci-meuse.fr", "Équipe Meuse", "viewer", (MEUSE,), "meuse-lecture-2010", by="cli")
    assert store.check_password("meuse@cci-meuse.fr", "meuse-lecture-2010").basins == (MEUSE,)
    store.set_disabled("meuse@cci-meuse.fr", True, by="chef@alize.fr")
    assert store.check_password("meuse@cci-meuse.fr", "meuse-lecture-2010") is None
    store.log("meuse@cci-meuse.fr", "sign_in_failed", "ip:127.0.0.1")
    with postgres.transaction(pg_demo) as con:
        rows = con.execute("SELECT account, action FROM alize_audit ORDER BY at").fetchall()
        assert con.execute("SELECT disabled FROM alize_accounts WHERE email = 'meuse@cci-meuse.fr'").fetchone()[0] == 1
    assert ("cli", "account_created") in rows and ("chef@alize.fr", "account_disabled") in rows
    assert ("meuse@cci-meuse.fr", "sign_in_failed") in rows


def test_a_meuse_editors_savoie_row_is_refused_and_postgres_is_unchanged(pg_demo):
    header = ("id,company,sector,kind,territory,commune,submitted_on,committee,decision,aid_eur,bank_loans_eur,"
              "jobs_at_start,jobs_committed,closed_on\n")
    row = "SAV-T-001,Fromagerie du Test SAS,C,creation,chambery,,2010-01-04,SAV-2010-02,pending,0,0,2,3,\n"
    version = postgres.current_version(pg_demo)
    with postgres.transaction(pg_demo) as con:
        before = con.execute("SELECT count(*), sum(aid_eur) FROM projects").fetchone()
    plan = importer.check([("projets.csv", (header + row).encode("utf-8"))], pg_demo, permitted=(MEUSE,))
    [problem] = [p for p in plan.errors if p.code == "outside_basins"]
    assert problem.row == 2 and "alIZé Savoie" in problem.text
    with pytest.raises(importer.AlizeError):
        importer.apply(plan, pg_demo, user="saisie@cci-meuse.fr")
    with postgres.transaction(pg_demo) as con:
        assert con.execute("SELECT count(*), sum(aid_eur) FROM projects").fetchone() == before
    assert postgres.current_version(pg_demo) == version


def test_cli_as_reads_postgres_through_the_same_permission(pg_demo, capsys, tmp_path):
    people.store(pg_demo).add("meuse@cci-meuse.fr", "Équipe Meuse", "viewer", (MEUSE,))
    assert cli_main(["figures", "--db", pg_demo, "--from", "2010-01-01", "--to", "2010-12-31",
                     "--as", "meuse@cci-meuse.fr", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["committees"], out["projects_studied"], out["aid_eur"], out["jobs_committed"]) == (41, 72, 445135, 298)
    assert cli_main(["brief", "--db", pg_demo, "--committee", "SAV-2010-07", "--as", "meuse@cci-meuse.fr",
                     "--out", str(tmp_path / "s.pdf")]) == 2
    assert not (tmp_path / "s.pdf").exists()
