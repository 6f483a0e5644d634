"""Partners against values worked out by hand on tests/builders.extension_network()."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alize.figures import key_figures
from alize.partners import (
    active_by_year,
    contributions_by_partner,
    days_by_partner,
    days_by_partner_and_theme,
    days_by_theme,
    partners_list,
)
from alize.scope import Scope
from tests.builders import extension_network, make_db

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
