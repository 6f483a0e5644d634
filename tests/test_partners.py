"""Partners against values worked out by hand on tests/builders.extension_network()."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from alize import ScopeError
from alize.metrics.figures import key_figures
from alize.metrics.partners import (
    active_by_year,
    contributions_by_partner,
    days_by_partner,
    days_by_theme,
    partners_list,
    partners_page,
)
from alize.scope import Scope, data_period
from alize.store.tables import MISSION_FACTS
from alize.store.where import scope_where
from tests.builders import extension_network, make_db, small_network
from tests.reference import days_by_partner_and_theme

NORD = Scope.years(2000, 2004, basins=("Nord",))


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    con = make_db(tmp_path_factory.mktemp("partners") / "t.duckdb", **extension_network())
    yield con
    con.close()


def test_partners_list(con):
    df = partners_list(con, Scope.years(2000, 2001, basins=("Nord",))).set_index("partner")
    assert list(df.index) == ["Grande Entreprise", "Ville de B"]
    assert bool(df.loc["Grande Entreprise", "active_in_period"])
    assert not bool(df.loc["Ville de B", "active_in_period"])  # joined 2002-07-01
    df = partners_list(con, Scope.year(2003, basins=("Nord",))).set_index("partner")
    assert bool(df.loc["Ville de B", "active_at_end"])  # left_on 2003-12-31 is its last day


def test_active_by_year(con):
    df = active_by_year(con, NORD)
    assert list(df.year) == [2000, 2001, 2002, 2003, 2004]
    assert list(df.active) == [1, 1, 2, 2, 1]
    assert list(df.joined) == [1, 0, 1, 0, 0]
    assert list(df["left"]) == [0, 0, 0, 1, 0]


def test_days_by_partner_and_theme(con):
    df = days_by_partner(con, NORD).set_index("partner")
    assert df.loc["Grande Entreprise", "days"] == 2 + 1.5 and df.loc["Grande Entreprise", "projects"] == 2
    assert df.loc["Ville de B", "days"] == 3
    assert df["share"].sum() == pytest.approx(1)
    th = days_by_theme(con, NORD).set_index("theme")
    assert (th.loc["finance", "days"], th.loc["hr", "days"]) == (3.5, 3)
    both = days_by_partner_and_theme(con, NORD)
    assert len(both) == 2 and both["days"].sum() == 6.5
    # a territory filter: B's projects only
    b = days_by_partner(con, Scope.years(2000, 2004, territories=("Terre B",)))
    assert list(b.partner) == ["Ville de B"]


def test_contributions_by_partner(con):
    df = contributions_by_partner(con, Scope.year(2002, basins=("Nord",))).set_index("partner")
    assert df.loc["Grande Entreprise", "amount_eur"] == 10_000
    assert df.loc["Ville de B", "amount_eur"] == 15_000
    assert df.loc["Ville de B", "share"] == pytest.approx(15 / 25)
    assert contributions_by_partner(con, Scope.year(2001, basins=("Nord",))).empty
    everyone = contributions_by_partner(con, Scope.years(2000, 2003))
    assert everyone["amount_eur"].sum() == 75_000


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.integers(2000, 2003), span=st.integers(0, 3))
def test_days_add_up_to_the_key_figure(con, first, span):
    scope = Scope.years(first, first + span)
    total = key_figures(con, scope).competence_days
    assert days_by_partner(con, scope)["days"].sum() == pytest.approx(total)
    assert days_by_theme(con, scope)["days"].sum() == pytest.approx(total)
    assert_page_is_reference(con, scope)


# ---- partners_page(): the page's figures in one query, equal to the figures' own functions -------

SCOPES = [
    NORD,
    Scope.years(2000, 2004),
    Scope(dt.date(2001, 3, 15), dt.date(2003, 8, 31), basins=("Nord",)),
    Scope.years(2002, 2003, basins=("Nord", "Sud")),
    Scope.years(2000, 2004, territories=("Terre B",)),
    Scope.years(2000, 2004, sectors=("C",), kinds=("development",)),
    Scope.year(1997),
    Scope.years(2003, 2009),
]


def assert_page_is_reference(con, scope):
    """What pages/partenaires.py drew before partners_page(): one function per figure."""
    first, _ = data_period(con)
    page = partners_page(con, scope, first)
    assert_frame_equal(page.listing, partners_list(con, scope))
    assert_frame_equal(page.by_partner, days_by_partner(con, scope))
    assert_frame_equal(page.contributions, contributions_by_partner(con, scope))
    assert_frame_equal(page.per_year, active_by_year(con, scope.with_period(min(first, scope.start), scope.end)))
    assert_frame_equal(page.by_theme, days_by_theme(con, scope))


@pytest.mark.parametrize("scope", SCOPES, ids=str)
def test_partners_page_is_the_figures(con, scope):
    assert_page_is_reference(con, scope)


def test_partners_page_refuses_an_unknown_basin_or_territory(con):
    with pytest.raises(ScopeError, match="bassin inconnu"):
        partners_page(con, Scope.years(2000, 2003, basins=("Ouest",)), dt.date(2000, 6, 1))
    with pytest.raises(ScopeError, match="territoire inconnu"):
        partners_page(con, Scope.years(2000, 2003, territories=("Terre Z",)), dt.date(2000, 6, 1))


def distinct_projects(con, scope, group: str) -> dict:
    """Projects per group counted the plain way (count distinct), for the flags' count to match."""
    where, params = scope_where(scope, MISSION_FACTS, decided_only=True)
    rows = con.execute(f"SELECT {group}, count(DISTINCT m.project) FROM mission_facts m "
                       f"WHERE {where} AND m.decision = 'retained' GROUP BY ALL", params).fetchall()
    return {tuple(r[:-1]): r[-1] for r in rows}


def test_projects_count_once_per_partner_and_theme(tmp_path):
    """small_network(): P2 has two missions of the same partner, on two themes."""
    con = make_db(tmp_path / "small.duckdb", **small_network())
    scope = Scope.years(2001, 2002)
    by_partner = days_by_partner(con, scope).set_index("partner")
    assert by_partner.loc["Grande Entreprise", "missions"] == 4
    assert by_partner.loc["Grande Entreprise", "projects"] == 3
    assert days_by_theme(con, scope).set_index("theme")["projects"].to_dict() == {
        "finance": 1, "hr": 1, "export": 1, "quality": 1}
    assert_page_is_reference(con, scope)


@pytest.fixture(scope="module")
def demo(demo_con):
    return demo_con


DEMO_SCOPES = [Scope.year(2010), Scope.years(2014, 2016, basins=("alIZé Savoie",)),
               Scope(dt.date(2012, 4, 1), dt.date(2015, 9, 30), basins=("alIZé Meuse", "alIZé Savoie")),
               Scope.years(2008, 2012, territories=("Maurienne",)), Scope.years(2006, 2020, kinds=("creation",)),
               Scope.years(2006, 2020, sectors=("C", "F"))]


@pytest.mark.parametrize("scope", DEMO_SCOPES, ids=str)
def test_partners_page_on_the_demo(demo, scope):
    """The built database (materialised derived tables): the page has the figures' own values, and a
    count of first-mission flags is a count of distinct projects."""
    assert_page_is_reference(demo, scope)
    by_partner = days_by_partner(demo, scope)
    assert dict(zip(zip(by_partner.basin, by_partner.partner, by_partner.kind), by_partner.projects)) == \
        distinct_projects(demo, scope, "m.basin_name, m.partner_name, m.partner_kind")
    by_theme = days_by_theme(demo, scope)
    assert dict(zip(zip(by_theme.theme), by_theme.projects)) == distinct_projects(demo, scope, "m.theme")


def test_partners_page_without_any_record(tmp_path):
    con = make_db(tmp_path / "empty.duckdb")
    page = partners_page(con, Scope.year(2010), data_period(con)[0])
    assert page.listing.empty and page.per_year.empty and page.contributions.empty and page.by_partner.empty
    assert list(page.contributions.columns) == list(contributions_by_partner(con, Scope.year(2010)).columns)
