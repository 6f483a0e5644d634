"""The scope: the previous period's month rule, and the one translator from a scope to SQL, against
values written by hand; the extension that applies to a scope."""

import datetime as dt

import pytest

from alize.metrics import compare
from alize.scope import PARAMS, Scope
from alize.store import tables
from alize.store.where import Where, placeholders, scope_where
from tests.builders import extension_network, make_db

d = dt.date


# ---- the previous period -------------------------------------------------------------------------

@pytest.mark.parametrize(("start", "end", "prev_start", "prev_end"), [
    # a calendar year: the year before
    (d(2010, 1, 1), d(2010, 12, 31), d(2009, 1, 1), d(2009, 12, 31)),
    # whole months shift by as many months, across a year and into February
    (d(2010, 3, 1), d(2010, 5, 31), d(2009, 12, 1), d(2010, 2, 28)),
    (d(2012, 3, 1), d(2012, 3, 31), d(2012, 2, 1), d(2012, 2, 29)),  # a leap February ends on the 29th
    (d(2010, 1, 1), d(2011, 6, 30), d(2008, 7, 1), d(2009, 12, 31)),  # 18 months
    # any other range: as many days just before
    (d(2010, 3, 10), d(2010, 3, 19), d(2010, 2, 28), d(2010, 3, 9)),  # 10 days
    (d(2010, 1, 1), d(2010, 1, 15), d(2009, 12, 17), d(2009, 12, 31)),  # from the 1st, not to a month's end
    (d(2010, 1, 2), d(2010, 1, 31), d(2009, 12, 3), d(2010, 1, 1)),  # to a month's end, not from the 1st
])
def test_previous_period(start, end, prev_start, prev_end):
    prev = Scope(start, end, basins=("Nord",), sectors=("C",)).previous()
    assert (prev.start, prev.end) == (prev_start, prev_end)
    assert (prev.basins, prev.sectors) == (("Nord",), ("C",))  # the filters stay


# ---- the translator ------------------------------------------------------------------------------

FULL = Scope(d(2010, 1, 1), d(2010, 12, 31), basins=("Nord", "Sud"), territories=("Terre A",),
             sectors=("C", "J"), kinds=("creation",))
EMPTY = Scope(d(2010, 1, 1), d(2010, 12, 31))


def test_the_scope_on_project_facts():
    assert scope_where(FULL, tables.PROJECT_FACTS, decided_only=True) == (
        ("f.held_on BETWEEN ? AND ? AND f.decision <> 'pending' AND f.basin_name IN (?, ?)"
        " AND f.territory_name IN (?) AND f.sector IN (?, ?) AND f.kind IN (?)"),
        [d(2010, 1, 1), d(2010, 12, 31), "Nord", "Sud", "Terre A", "C", "J", "creation"])
    # another alias (the same columns on db.mission_facts), agendas not decided yet included
    assert scope_where(FULL, tables.MISSION_FACTS, "x") == (
        ("x.held_on BETWEEN ? AND ? AND x.basin_name IN (?, ?) AND x.territory_name IN (?)"
        " AND x.sector IN (?, ?) AND x.kind IN (?)"),
        [d(2010, 1, 1), d(2010, 12, 31), "Nord", "Sud", "Terre A", "C", "J", "creation"])


def test_the_scope_on_the_records():
    assert scope_where(FULL, tables.PROJECTS, decided_only=True) == (
        ("c.held_on BETWEEN ? AND ? AND p.decision <> 'pending' AND b.name IN (?, ?) AND t.name IN (?)"
        " AND p.sector IN (?, ?) AND p.kind IN (?)"),
        [d(2010, 1, 1), d(2010, 12, 31), "Nord", "Sud", "Terre A", "C", "J", "creation"])
    # the committees held: the project filters do not concern them
    assert scope_where(FULL, tables.COMMITTEES) == (
        "c.held_on BETWEEN ? AND ? AND b.name IN (?, ?)", [d(2010, 1, 1), d(2010, 12, 31), "Nord", "Sud"])


def test_an_empty_scope_is_only_its_period():
    for table, column in ((tables.PROJECT_FACTS, "f.held_on"), (tables.COMMITTEE_FACTS, "cf.held_on"),
                          (tables.COMMITTEES, "c.held_on"), (tables.PROJECTS, "c.held_on")):
        assert scope_where(EMPTY, table) == (f"{column} BETWEEN ? AND ?", [d(2010, 1, 1), d(2010, 12, 31)])
    assert scope_where(EMPTY, tables.BASINS) == ("TRUE", [])  # not dated: no condition at all


def test_a_summary_table_refuses_what_it_cannot_filter():
    assert tables.COMMITTEE_FACTS.answers(EMPTY.narrowed(basins=("Nord",), territories=("Terre A",)))
    assert not tables.COMMITTEE_FACTS.answers(EMPTY.narrowed(kinds=("creation",)))
    with pytest.raises(ValueError, match="sectors"):
        scope_where(FULL, tables.COMMITTEE_FACTS)
    with pytest.raises(ValueError, match="decision"):
        scope_where(EMPTY, tables.COMMITTEE_FACTS, decided_only=True)


def test_the_basins_of_a_scope_ignore_its_period_sectors_and_kinds():
    assert scope_where(FULL, tables.BASINS) == ("b.name IN (?, ?) AND t.name IN (?)", ["Nord", "Sud", "Terre A"])


def test_where_binds_every_value():
    w = Where().between("a", 1, 2).any_of("b", ["x'; DROP TABLE t; --", "y"]).add("c <> 'pending'")
    assert w.pair() == ("a BETWEEN ? AND ? AND b IN (?, ?) AND c <> 'pending'", [1, 2, "x'; DROP TABLE t; --", "y"])
    assert placeholders("abc") == "?, ?, ?"


def test_the_fragment_runs(tmp_path):
    con = make_db(tmp_path / "n.duckdb", **extension_network())
    for scope in (Scope.years(2000, 2004), Scope.years(2000, 2004, basins=("Nord",), territories=("Terre B",))):
        where, params = scope_where(scope, tables.PROJECT_FACTS, decided_only=True)
        got = con.cursor().execute(f"SELECT count(*) FROM project_facts f WHERE {where}", params).fetchone()[0]
        facts = con.cursor().execute(
            "SELECT basin_name, territory_name, held_on, decision FROM project_facts").fetchall()
        expected = sum(1 for b, t, held, decision in facts if scope.start <= held <= scope.end
                       and decision != "pending" and (not scope.basins or b in scope.basins)
                       and (not scope.territories or t in scope.territories))
        assert got == expected > 0


# ---- the URL -------------------------------------------------------------------------------------

def test_a_link_to_a_scope_uses_the_shared_parameter_names():
    assert FULL.to_query_params() == {
        PARAMS["start"]: "2010-01-01", PARAMS["end"]: "2010-12-31", PARAMS["basins"]: ["Nord", "Sud"],
        PARAMS["territories"]: ["Terre A"], PARAMS["sectors"]: ["C", "J"], PARAMS["kinds"]: ["creation"]}
    assert EMPTY.to_query_params() == {"from": "2010-01-01", "to": "2010-12-31"}


# ---- the extension that applies ------------------------------------------------------------------

@pytest.fixture
def two_extensions(tmp_path):
    """extension_network() with a second extension: Terre C joins Sud on 2003-01-01."""
    net = extension_network()
    net["territories"] = [*net["territories"],
                          {"id": "c", "basin": "south", "name": "Terre C", "joined_on": d(2003, 1, 1)}]
    return make_db(tmp_path / "two.duckdb", **net)


@pytest.mark.parametrize(("filters", "offered", "applies"), [
    ({}, ["Terre B", "Terre C"], "Terre C"),                          # every basin: the latest to join
    ({"basins": ("Nord",)}, ["Terre B"], "Terre B"),                  # the scope's basins
    ({"territories": ("Terre S",)}, ["Terre C"], "Terre C"),          # its territories' basins
    ({"territories": ("Terre B", "Terre C")}, ["Terre B", "Terre C"], "Terre B"),  # a newcomer it names
    ({"basins": ("Nord", "Sud"), "territories": ("Terre A",)}, ["Terre B"], "Terre B"),
])
def test_the_extension_for_a_scope(two_extensions, filters, offered, applies):
    scope = Scope.years(2000, 2004, **filters)
    ext = compare.extensions_for(two_extensions, scope)
    assert list(ext["territory"]) == offered
    assert list(ext.loc[ext["applies"], "territory"]) == [applies]
    assert compare.extension_for(two_extensions, scope)["territory"] == applies


def test_no_extension_for_a_basin_that_never_grew(two_extensions):
    con = two_extensions
    con.execute("DELETE FROM territories WHERE id = 'c'")
    assert compare.extension_for(con, Scope.years(2000, 2004, basins=("Sud",))) is None


def test_a_trend_s_scope_spans_every_year_of_the_data_and_the_scope_s_own():
    sc = Scope.year(2010, basins=("alIZé Savoie",))
    wide = sc.over_all_years(dt.date(2006, 1, 10), dt.date(2020, 12, 18))
    assert (wide.start, wide.end, wide.basins) == (dt.date(2006, 1, 10), dt.date(2020, 12, 18), ("alIZé Savoie",))
    beyond = Scope(dt.date(2004, 1, 1), dt.date(2022, 12, 31)).over_all_years(dt.date(2006, 1, 10), dt.date(2020, 12, 18))
    assert (beyond.start, beyond.end) == (dt.date(2004, 1, 1), dt.date(2022, 12, 31))  # a wider scope stays
