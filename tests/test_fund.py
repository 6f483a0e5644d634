"""The loan fund against values worked out by hand on tests/builders.extension_network()."""

import pytest

from alize import ScopeError
from alize.fund import (
    cohort_rates,
    fund_position,
    fund_series,
    fund_total,
    paid_in_by_partner,
)
from alize.scope import Scope
from tests.builders import d, extension_network, make_db

NORD = Scope.years(2000, 2003, basins=("Nord",))


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    con = make_db(tmp_path_factory.mktemp("fund") / "t.duckdb", **extension_network())
    yield con
    con.close()


def test_position_end_2002(con):
    p = fund_position(con, NORD, d("2002-12-31")).iloc[0]
    assert p.contributions_eur == 20_000 + 10_000 + 15_000
    assert p.disbursed_eur == 10_000 + 5_000 + 0 + 8_000 + 6_000  # P7's committee is in 2003
    assert p.repaid_eur == 4_000 + 4_000 + 1_000
    assert p.written_off_eur == 0
    assert p.outstanding_eur == 29_000 - 9_000
    assert p.available_eur == 45_000 + 9_000 - 29_000


def test_position_end_2003_with_write_offs(con):
    t = fund_total(con, NORD, d("2003-12-31"))
    assert (t.contributions_eur, t.disbursed_eur, t.repaid_eur, t.written_off_eur) == (45_000, 33_000, 11_000, 6_000)
    assert t.outstanding_eur == 33_000 - 11_000 - 6_000
    assert t.available_eur == 45_000 + 11_000 - 33_000  # a write-off never comes back
    assert t.to_dict()["outstanding_eur"] == 16_000


def test_every_basin_by_default(con):
    df = fund_position(con, Scope.years(2000, 2003), d("2003-12-31")).set_index("basin")
    assert list(df.index) == ["Nord", "Sud"]
    assert df.loc["Sud", "contributions_eur"] == 30_000
    assert df.loc["Sud", "disbursed_eur"] == 5 * 7_000
    assert df.loc["Sud", "available_eur"] == 30_000 - 35_000  # lent more than paid in


def test_territory_scope_uses_its_basin(con):
    df = fund_position(con, Scope.years(2000, 2003, territories=("Terre B",)))
    assert list(df.basin) == ["Nord"]
    with pytest.raises(ScopeError, match="bassin inconnu"):
        fund_position(con, Scope.years(2000, 2003, basins=("Ouest",)))


def test_series(con):
    df = fund_series(con, NORD)
    assert list(df.year) == [2000, 2001, 2002, 2003]
    assert list(df.disbursed_eur) == [10_000, 15_000, 29_000, 33_000]
    assert list(df.repaid_eur) == [0, 4_000, 9_000, 11_000]
    assert list(df.written_off_eur) == [0, 0, 0, 6_000]
    assert list(df.contributions_eur) == [20_000, 20_000, 45_000, 45_000]


def test_paid_in_by_partner(con):
    df = paid_in_by_partner(con, NORD, d("2002-06-30")).set_index("partner")
    assert df.loc["Grande Entreprise", "paid_in_eur"] == 30_000
    assert df.loc["Ville de B", "paid_in_eur"] == 0  # pays in September
    assert df.loc["Grande Entreprise", "share"] == 1.0


def test_cohort_rates(con):
    df = cohort_rates(con, NORD, d("2003-12-31")).set_index("cohort")
    assert df.loc[2000, "repayment_rate"] == pytest.approx(8_000 / 10_000)
    assert df.loc[2000, "write_off_rate"] == pytest.approx(2_000 / 10_000)
    assert df.loc[2001, "repayment_rate"] == pytest.approx(1_000 / 5_000)
    assert df.loc[2001, "write_off_rate"] == pytest.approx(4_000 / 5_000)
    assert df.loc[2001, "projects_written_off"] == 1
    assert df.loc[2002, "aid_eur"] == 14_000  # P4 had no aid: not in the denominator
    assert df.loc[2002, "repayment_rate"] == pytest.approx(2_000 / 14_000)
    assert df.loc[2003, "outstanding_eur"] == 4_000
    # earlier date: the 2003 write-offs have not happened
    early = cohort_rates(con, NORD, d("2002-12-31")).set_index("cohort")
    assert early.loc[2000, "write_off_rate"] == 0 and 2003 not in early.index
