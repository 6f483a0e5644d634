"""Data-quality checks on a hand-made network (tests/builders.small_network, with additions)."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from alize.demo import CALIBRATION, CALIBRATION_YEAR
from alize.ingest import rebuild
from alize.metrics import quality
from alize.store import db
from tests.builders import d, make_db, project, small_network

AS_OF = dt.date(2005, 1, 1)  # 18 months before: 2003-07-01


@pytest.fixture
def con(tmp_path):
    net = small_network()
    net["committees"].append({"id": "S2", "basin": "south", "held_on": d("2004-12-01"), "place": "Sudville"})
    net["projects"] += [
        project("P6", "S1", "s", aid=0, jobs=1),                     # retained, no aid, no mission
        project("P7", "S2", "s", aid=1_000, jobs=1),                 # too recent to need a follow-up
        project("P8", "S1", "s", decision="rejected"),               # rejected: never flagged
    ]
    net["projects"][4] = project("P5", "S1", "s", aid=8_000, jobs=4, closed="2003-01-01")
    net["followups"] = [
        {"project": "P1", "observed_on": d("2002-03-01"), "jobs": 4},   # last follow-up too old, firm active
        {"project": "P2", "observed_on": d("2004-06-01"), "jobs": 3},   # recent enough
        {"project": "P5", "observed_on": d("2002-12-01"), "jobs": 5},   # old, but the firm closed in 2003
        {"project": "P7", "observed_on": d("2006-01-01"), "jobs": 2},   # after the reference date: ignored
    ]
    # territory B (joined 2002) has no 2002 count; the south basin's last committee is in 2004
    net["establishments"] = [e for e in net["establishments"] if (e["territory"], e["year"]) != ("b", 2002)]
    c = make_db(tmp_path / "q.duckdb", **net)
    yield c
    c.close()


def test_counts_per_table(con):
    counts = quality.table_counts(con).set_index("table")["rows"].to_dict()
    assert counts == {"basins": 2, "territories": 3, "establishments": 8, "conventions": 0, "communes": 0,
                      "partners": 2, "contributions": 0, "committees": 5, "projects": 8, "missions": 4,
                      "followups": 4, "repayments": 0, "instalments": 0}
    assert quality.french(quality.table_counts(con)).columns.tolist() == ["Table", "Libellé", "Lignes"]


def test_missing_followups(con):
    df = quality.missing_followups(con, AS_OF)
    assert dict(zip(df["project"], df["reason"])) == {
        "P1": "aucun suivi depuis 18 mois (entreprise active)",
        "P4": "aucun suivi",
        "P6": "aucun suivi",
    }
    assert df.set_index("project").loc["P1", "last_followup"] == pd.Timestamp("2002-03-01")
    # a later reference date: P2's 2004 follow-up is stale too, and P7 is now due (its 2006 one counts)
    later = quality.missing_followups(con, dt.date(2006, 6, 1))
    assert set(later["project"]) == {"P1", "P2", "P4", "P6"}
    # a shorter window
    assert set(quality.missing_followups(con, AS_OF, months=6)["project"]) == {"P1", "P2", "P4", "P6"}


def test_default_reference_date_is_the_latest_followup(con):
    assert quality.reference_date(con) == dt.date(2006, 1, 1)


def test_retained_projects_with_neither_aid_nor_days(con):
    df = quality.unsupported_projects(con)
    assert df["project"].tolist() == ["P6"]  # P4 has no aid but 2 days; P3 and P8 were not retained


def test_committees_with_no_project(con):
    df = quality.idle_committees(con)
    assert df["committee"].tolist() == ["N3"]
    assert df.loc[0, "basin"] == "Nord"


def test_years_with_no_establishment_count(con):
    df = quality.missing_establishment_years(con)
    assert sorted(zip(df["territory"], df["year"])) == [("b", 2002), ("s", 2003), ("s", 2004)]


def test_published_figures_differ_on_a_network_without_that_year(con):
    df = quality.published_differences(con)
    assert df["figure"].tolist() == list(CALIBRATION)
    assert (df["computed"] == 0).all() and not df["matches"].any()
    assert df.set_index("figure").loc["aid_eur", "difference"] == -CALIBRATION["aid_eur"]
    assert df.loc[0, "label"] == "Comités d'agrément"


def test_published_figures_match_on_the_demo(tmp_path):
    path = rebuild.build(tmp_path / "demo.duckdb", db.DATA_DIR)
    c = duckdb.connect(str(path), read_only=True)
    try:
        df = quality.published_differences(c)
        assert df["matches"].all()
        assert quality.published_differences(c, only_differences=True).empty
        assert set(df["year"]) == {CALIBRATION_YEAR}
        assert quality.report(c).check("published").ok
    finally:
        c.close()


def test_report_gathers_every_check(con):
    rep = quality.report(con, AS_OF)
    counts = {c.key: c.count for c in rep.checks}
    # no contribution recorded: Nord's fund is over-committed at the end of 2001-2004 and on 2005-01-01
    # (-10 000 then -15 000), Sud's from 2002 (-8 000, then -9 000 after P7): 9 year ends
    assert counts == {"missing_followups": 3, "unsupported_projects": 1, "idle_committees": 1,
                      "missing_establishments": 3, "overdue_instalments": 0, "fund_overcommitted": 9,
                      "missions_after_partner_left": 0, "published": 6}
    assert rep.issues == 14 + 9
    summary = rep.summary()
    assert summary.columns.tolist() == ["Contrôle", "Nombre", "Statut"]
    assert summary.loc[0].tolist() == ["Suivis d'emplois manquants", 3, "À vérifier"]
    assert "01/01/2005" in rep.check("missing_followups").description
    french = rep.check("idle_committees").french()
    assert french.columns.tolist() == ["Comité", "Bassin", "Date du comité", "Lieu"]


def test_a_mission_after_its_partner_left_is_flagged(tmp_path):
    from tests.builders import extension_network

    net = extension_network()  # partner "town" left on 2003-12-31
    net["missions"].append({"id": "M9", "project": "P6", "partner": "town", "days": 1, "theme": "hr",
                            "started_on": d("2004-02-01")})
    c = make_db(tmp_path / "m.duckdb", **net)
    try:
        df = quality.missions_after_partner_left(c)
        assert list(zip(df.mission, df.partner, df.left_on.astype(str))) == [("M9", "Ville de B", "2003-12-31")]
        assert quality.report(c).check("missions_after_partner_left").count == 1
    finally:
        c.close()
