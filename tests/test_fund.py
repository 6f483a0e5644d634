"""The loan fund against values worked out by hand on tests/builders.extension_network()."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from alize import ScopeError
from alize.metrics import fund
from alize.metrics.fund import (
    POSITION_COLUMNS,
    cohort_rates,
    fund_page,
    fund_position,
    fund_series,
    fund_total,
)
from alize.scope import Scope, data_period
from tests.builders import d, extension_network, make_db, project
from tests.reference import paid_in_by_partner

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


# ---- fund_page(): the page's figures in one query, equal to the figures' own functions -----------

SCOPES = [
    NORD,
    Scope.years(2000, 2003),
    Scope(d("2001-03-15"), d("2002-08-31"), basins=("Nord",)),  # neither starts nor ends a year
    Scope(d("2002-01-01"), d("2003-06-01"), basins=("Nord", "Sud")),
    Scope.years(2000, 2003, territories=("Terre B",)),
    Scope.years(2001, 2003, sectors=("C",)),
    Scope.year(1998),  # before the first committee
    Scope.years(2003, 2010),  # after the last one
]


def page_reference(con, scope):
    """What pages/fonds.py drew before fund_page(): one function per figure."""
    since = scope.with_period(min(data_period(con)[0], scope.start), scope.end)
    by_year = fund_series(con, since).groupby("year", as_index=False)[list(POSITION_COLUMNS)].sum()
    return fund_total(con, scope), fund_position(con, scope), by_year, cohort_rates(con, since)


def assert_page_is_reference(con, scope):
    total, position, by_year, cohorts = page_reference(con, scope)
    page = fund_page(con, scope, data_period(con)[0])
    assert page.total == total
    assert_frame_equal(page.position, position)
    assert_frame_equal(page.by_year, by_year)
    assert_frame_equal(page.cohorts, cohorts)


@pytest.mark.parametrize("scope", SCOPES, ids=str)
def test_fund_page_is_the_figures(con, scope):
    assert_page_is_reference(con, scope)


def test_fund_page_refuses_an_unknown_basin_or_territory(con):
    with pytest.raises(ScopeError, match="bassin inconnu"):
        fund_page(con, Scope.years(2000, 2003, basins=("Nord", "Ouest")), d("2000-06-01"))
    with pytest.raises(ScopeError, match="territoire inconnu"):
        fund_page(con, Scope.years(2000, 2003, territories=("Terre Z",)), d("2000-06-01"))


def position_from_records(con, basin: str, day) -> tuple[int, int, int, int]:
    """The fund's definition straight on the records (docs/definitions.md), for one basin at `day`."""
    return con.execute("""
        SELECT (SELECT coalesce(sum(co.amount_eur), 0) FROM contributions co JOIN partners pa ON pa.id = co.partner
                JOIN basins b ON b.id = pa.basin WHERE b.name = $1 AND co.paid_on <= $2),
               (SELECT coalesce(sum(p.aid_eur), 0) FROM projects p JOIN committees c ON c.id = p.committee
                JOIN basins b ON b.id = c.basin WHERE b.name = $1 AND p.decision = 'retained' AND c.held_on <= $2),
               (SELECT coalesce(sum(r.amount_eur) FILTER (WHERE r.kind = 'repayment'), 0) FROM repayments r
                JOIN projects p ON p.id = r.project JOIN committees c ON c.id = p.committee
                JOIN basins b ON b.id = c.basin WHERE b.name = $1 AND r.paid_on <= $2),
               (SELECT coalesce(sum(r.amount_eur) FILTER (WHERE r.kind = 'write_off'), 0) FROM repayments r
                JOIN projects p ON p.id = r.project JOIN committees c ON c.id = p.committee
                JOIN basins b ON b.id = c.basin WHERE b.name = $1 AND r.paid_on <= $2)""", [basin, day]).fetchone()


def cohorts_from_projects(con, scope, as_of=None):
    """cohort_rates() the long way, over each project's repayments (project_facts' lists)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(fund, "_cohorts_add_up", lambda *_: False)
        return cohort_rates(con, scope, as_of)


@pytest.fixture(scope="module")
def odd(tmp_path_factory):
    """extension_network() plus what the records allow and the demo never does: a repayment dated
    before its committee, repayments of a pending project, of a project without aid."""
    tables = extension_network()
    tables["projects"].append(project("P9", "N5", "b", decision="pending", aid=3_000))
    tables["repayments"] += [
        {"project": "P7", "paid_on": d("2003-01-15"), "amount_eur": 500, "kind": "repayment"},  # N5: 2003-06-01
        {"project": "P9", "paid_on": d("2003-08-01"), "amount_eur": 700, "kind": "repayment"},
        {"project": "P4", "paid_on": d("2002-12-01"), "amount_eur": 300, "kind": "write_off"},
        {"project": "P6", "paid_on": d("2003-02-01"), "amount_eur": 1_000, "kind": "write_off"},
        {"project": "P6", "paid_on": d("2003-10-01"), "amount_eur": 2_000, "kind": "write_off"},
    ]
    con = make_db(tmp_path_factory.mktemp("odd") / "t.duckdb", **tables)
    yield con
    con.close()


DAYS = st.dates(dt.date(1999, 6, 1), dt.date(2004, 12, 31))


@settings(max_examples=60, deadline=None)
@given(first=DAYS, length=st.integers(0, 1500), as_of=DAYS, basins=st.sampled_from([(), ("Nord",), ("Sud",)]))
def test_positions_and_cohorts_hold_on_odd_records(odd, first, length, as_of, basins):
    scope = Scope(first, first + dt.timedelta(days=length), basins=basins)
    for row in fund_position(odd, scope, as_of).itertuples():
        assert (row.contributions_eur, row.disbursed_eur, row.repaid_eur, row.written_off_eur) == \
            position_from_records(odd, row.basin, as_of)
    series = fund_series(odd, scope)
    for row in series.itertuples():
        assert (row.contributions_eur, row.disbursed_eur, row.repaid_eur, row.written_off_eur) == \
            position_from_records(odd, row.basin, row.as_of)
    assert list(series.as_of.unique()) == [min(d(f"{y}-12-31"), scope.end)
                                           for y in range(scope.start.year, scope.end.year + 1)]
    whole_years = Scope.years(first.year, first.year + length // 365, basins=basins)
    for sc in (scope, whole_years):
        assert_frame_equal(cohort_rates(odd, sc, as_of), cohorts_from_projects(odd, sc, as_of))
        assert_frame_equal(cohort_rates(odd, sc), cohorts_from_projects(odd, sc))
    assert_page_is_reference(odd, scope)


@pytest.fixture(scope="module")
def demo(demo_con):
    return demo_con


DEMO_SCOPES = [Scope.year(2010), Scope.years(2014, 2016, basins=("alIZé Savoie",)),
               Scope(d("2012-04-01"), d("2015-09-30"), basins=("alIZé Meuse", "alIZé Savoie")),
               Scope.years(2008, 2012, territories=("Maurienne",)), Scope.years(2006, 2020, kinds=("creation",))]


@pytest.mark.parametrize("scope", DEMO_SCOPES, ids=str)
def test_fund_page_on_the_demo(demo, scope):
    """The built database (materialised derived tables) gives the page the figures' own values, and
    the cohorts their long way's."""
    assert_page_is_reference(demo, scope)
    since = scope.with_period(Scope.year(2000).start, scope.end)
    assert_frame_equal(cohort_rates(demo, since), cohorts_from_projects(demo, since))
    for row in fund_position(demo, scope).itertuples():
        assert (row.contributions_eur, row.disbursed_eur, row.repaid_eur, row.written_off_eur) == \
            position_from_records(demo, row.basin, scope.end)


def test_fund_page_without_any_record(tmp_path):
    con = make_db(tmp_path / "empty.duckdb")
    page = fund_page(con, Scope.year(2010), data_period(con)[0])
    assert page.total == fund_total(con, Scope.year(2010)) and page.position.empty and page.cohorts.empty
    assert list(page.by_year.columns) == ["year", *POSITION_COLUMNS] and page.by_year.empty


# ---- the schedule: arrears, PAR30 / PAR90, recovery, over-commitment (tests/builders.loans_network) ----

@pytest.fixture(scope="module")
def lcon(tmp_path_factory):
    from tests.builders import loans_network

    con = make_db(tmp_path_factory.mktemp("loans") / "l.duckdb", **loans_network())
    yield con
    con.close()


def test_par30_par90_with_a_late_instalment_a_write_off_and_a_reschedule(lcon):
    r = fund.portfolio_risk(lcon, Scope.years(2010, 2013), d("2013-06-30"))
    # in the portfolio: L2 6 000, L3 6 000, L5 8 000, L6 5 000 (L1 repaid, L4 written off: balance 0)
    assert (r.loans, r.outstanding_eur) == (4, 25_000)
    assert r.arrears_eur == 3_000 + 2_000             # L2's 2013-01-01 instalment, L3's of 2013-05-15
    # PAR30: L2 (180 days late), L3 (46 days), L5 (rescheduled, on time) - whole balances, not instalments
    assert (r.par30_eur, r.par30) == (20_000, pytest.approx(20_000 / 25_000))
    assert (r.par90_eur, r.par90) == (14_000, pytest.approx(14_000 / 25_000))  # L2 and L5
    assert (r.loans_at_risk_30, r.loans_at_risk_90, r.rescheduled_loans) == (3, 2, 1)


def test_a_write_off_stays_in_the_denominator_until_written_off(lcon):
    r = fund.portfolio_risk(lcon, Scope.years(2010, 2013), d("2013-02-15"))
    # L4 still owes 4 000, 45 days late; L3's first instalment is not due yet
    assert r.outstanding_eur == 6_000 + 6_000 + 4_000 + 8_000 + 5_000
    assert r.par30_eur == 6_000 + 4_000 + 8_000 and r.par30 == pytest.approx(18 / 29)
    assert r.par90_eur == 8_000  # only the rescheduled L5
    # before L5's rescheduling (2012-12-01) it was an ordinary loan on time
    assert fund.portfolio_risk(lcon, Scope.years(2010, 2012), d("2012-06-30")).rescheduled_loans == 0


def test_recovery_rate_at_3_years_per_cohort(lcon):
    df = fund.recovery_by_cohort(lcon, Scope.years(2010, 2013), d("2013-08-30")).set_index("cohort")
    # due by 2013-06-01 (3 years on): L1 10 000, L2 6 000, L3 2 000, L4 8 000, L5 4 000, L6 0;
    # repaid by 2013-08-30 (90 days' grace): 10 000, 3 000, 0, 4 000 (the write-off recovers nothing), 4 000, 0
    assert (df.loc[2010, "loans"], df.loc[2010, "due_eur"], df.loc[2010, "recovered_eur"]) == (6, 30_000, 21_000)
    assert df.loc[2010, "recovery_rate"] == pytest.approx(0.7)
    assert fund.recovery_by_cohort(lcon, Scope.years(2010, 2013), d("2013-08-29")).empty  # grace not over yet


def test_overdue_instalments_and_over_commitment(lcon):
    late = fund.overdue_instalments(lcon, d("2013-06-30"), days=90)
    assert list(zip(late.project, late.due_on.astype(str), late.unpaid_eur, late.days_late)) == [
        ("L2", "2013-01-01", 3_000, 180)]
    # 30 000 paid in, 50 000 lent in 2010: -20 000 at the end of 2010, -15 000 after L1's first instalment
    over = fund.overcommitted_years(lcon, Scope.years(2010, 2013))
    assert list(zip(over.year, over.available_eur)) == [(2010, -20_000), (2011, -15_000)]
