"""The schema refuses bad rows by itself (keys, NOT NULL, CHECKs, foreign keys), and building the
database from CSVs is all-or-nothing."""

import shutil

import duckdb
import pytest

from alize import AlizeError
from alize.ingest import rebuild
from alize.store import db
from tests.builders import d, insert, make_db, project, small_network


@pytest.fixture()
def con(tmp_path):
    c = make_db(tmp_path / "s.duckdb", **small_network())
    yield c
    c.close()


BAD_ROWS = [
    ("negative aid", "projects", project("X1", "N1", "a", aid=-5)),
    ("negative bank loans", "projects", project("X2", "N1", "a", loans=-1)),
    ("unknown decision", "projects", project("X3", "N1", "a", decision="accepted")),
    ("unknown kind", "projects", project("X4", "N1", "a", kind="spin-off")),
    ("unknown NAF section", "projects", project("X5", "N1", "a", sector="Z")),
    ("closed before submitted", "projects", project("X6", "N1", "a", submitted="2001-02-01", closed="2001-01-01")),
    ("aid on a rejected project", "projects", project("X7", "N1", "a", decision="rejected", aid=1000)),
    ("unknown committee", "projects", project("X8", "NOPE", "a")),
    ("unknown territory", "projects", project("X9", "N1", "nope")),
    ("duplicate project id", "projects", project("P1", "N1", "a")),
    ("no company", "projects", {**project("X10", "N1", "a"), "company": None}),
    ("blank company", "projects", {**project("X11", "N1", "a"), "company": "  "}),
    ("negative headcount", "projects", project("X12", "N1", "a", start_jobs=-1)),
    ("convention ending before it starts", "conventions",
     {"basin": "north", "number": 9, "starts_on": d("2005-01-01"), "ends_on": d("2004-12-31")}),
    ("partner leaving before joining", "partners",
     {"id": "x", "name": "X", "kind": "bank", "basin": "north", "joined_on": d("2005-01-01"),
      "left_on": d("2004-01-01")}),
    ("unknown partner kind", "partners",
     {"id": "y", "name": "Y", "kind": "charity", "basin": "north", "joined_on": d("2005-01-01")}),
    ("zero establishments", "establishments", {"territory": "a", "year": 2003, "count": 0}),
    ("establishments of an unknown territory", "establishments", {"territory": "zz", "year": 2003, "count": 5}),
    ("malformed INSEE code", "communes", {"insee_code": "7306", "name": "Chambéry", "territory": "a"}),
    ("mission of zero days", "missions",
     {"id": "MX", "project": "P1", "partner": "big", "days": 0, "theme": "finance", "started_on": d("2001-04-01")}),
    ("unknown mission theme", "missions",
     {"id": "MY", "project": "P1", "partner": "big", "days": 1, "theme": "golf", "started_on": d("2001-04-01")}),
    ("negative follow-up headcount", "followups", {"project": "P1", "observed_on": d("2002-03-01"), "jobs": -2}),
    ("unknown repayment kind", "repayments",
     {"project": "P1", "paid_on": d("2003-03-01"), "amount_eur": 100, "kind": "gift"}),
    ("zero repayment", "repayments", {"project": "P1", "paid_on": d("2003-03-01"), "amount_eur": 0, "kind": "repayment"}),
    ("zero contribution", "contributions", {"partner": "big", "paid_on": d("2001-03-31"), "amount_eur": 0}),
    ("committee of an unknown basin", "committees", {"id": "Z1", "basin": "east", "held_on": d("2001-01-01")}),
    ("committee without a date", "committees", {"id": "Z2", "basin": "north", "held_on": None}),
]


@pytest.mark.parametrize("what,table,row", BAD_ROWS, ids=[b[0] for b in BAD_ROWS])
def test_the_schema_refuses(con, what, table, row):
    before = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    with pytest.raises(duckdb.Error):
        insert(con, table, [row])
    assert con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == before


def test_a_good_row_goes_in(con):
    insert(con, "projects", [project("OK1", "N1", "a", aid=3_000, jobs=1)])
    assert con.execute("SELECT aid_eur FROM projects WHERE id = 'OK1'").fetchone() == (3_000,)


def _demo_copy(tmp_path):
    folder = tmp_path / "csv"
    shutil.copytree(db.DATA_DIR, folder, ignore=shutil.ignore_patterns("*.duckdb*", "backups"))
    return folder


def test_a_rule_across_tables_stops_the_build_and_keeps_the_old_database(tmp_path):
    folder = _demo_copy(tmp_path)
    target = rebuild.build(tmp_path / "alize.duckdb", folder)
    good = target.read_bytes()
    # a Chambéry project put on a Meuse committee
    lines = (folder / "projects.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    i_committee, i_territory = header.index("committee"), header.index("territory")
    for n, line in enumerate(lines[1:], start=1):
        cells = line.split(",")
        if cells[i_territory] == "chambery" and len(cells) == len(header):
            meuse = next(row.split(",")[0] for row in (folder / "committees.csv").read_text().splitlines()[1:]
                         if row.split(",")[1] == "meuse")
            cells[i_committee] = meuse
            lines[n] = ",".join(cells)
            break
    (folder / "projects.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(AlizeError, match="autre bassin"):
        rebuild.build(target, folder)
    assert target.read_bytes() == good  # the failed build swapped nothing in
    assert not (tmp_path / "alize.duckdb.building").exists()


def test_a_bad_csv_value_names_its_file(tmp_path):
    folder = _demo_copy(tmp_path)
    text = (folder / "basins.csv").read_text(encoding="utf-8")
    (folder / "basins.csv").write_text(text.replace("2006-01-01", "2006-13-01", 1), encoding="utf-8")
    with pytest.raises(AlizeError, match="basins.csv"):
        rebuild.build(tmp_path / "x.duckdb", folder)


def test_the_demo_builds_and_its_2010_figures_are_the_newsletters(demo_db):
    from alize.metrics.figures import key_figures
    from alize.scope import Scope

    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        f = key_figures(con, Scope.year(2010))
    finally:
        con.close()
    assert (f.committees, f.projects_studied, f.projects_retained, f.competence_days, f.aid_eur,
            f.jobs_committed) == (41, 72, 66, 225, 445_135, 298)
    assert round(f.approval_rate * 100, 1) == 91.7
