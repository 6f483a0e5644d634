"""Key figures against values worked out by hand on tests/builders.small_network()."""

import pytest

from alize import ScopeError
from alize.metrics.figures import (
    RATES,
    Comparison,
    KeyFigures,
    compare_previous,
    figures_by,
    key_figures,
    yearly,
)
from alize.scope import Scope
from tests.builders import d, make_db, small_network


@pytest.fixture()
def con(tmp_path):
    con = make_db(tmp_path / "t.duckdb", **small_network())
    yield con
    con.close()


def test_whole_network_2002(con):
    f = key_figures(con, Scope.year(2002))
    # committees held in 2002: N2, N3, S1 -> 3 (N3 studied nothing but was held)
    assert f.committees == 3
    # studied: P2, P3, P4, P5; retained: P2, P4, P5
    assert (f.projects_studied, f.projects_retained) == (4, 3)
    assert f.aid_eur == 5_000 + 0 + 8_000
    assert f.jobs_committed == 2 + 1 + 4
    assert f.competence_days == 3 + 1 + 2
    assert f.approval_rate == pytest.approx(3 / 4)
    assert f.aid_per_project == pytest.approx(13_000 / 3)
    assert f.aid_per_job == pytest.approx(13_000 / 7)
    assert f.days_per_project == pytest.approx(6 / 3)


def test_basin_filter(con):
    f = key_figures(con, Scope.years(2000, 2002, basins=("Nord",)))
    assert f.committees == 3  # N1, N2, N3
    assert (f.projects_studied, f.projects_retained) == (4, 3)
    assert f.aid_eur == 15_000
    assert f.competence_days == 8


def test_territory_filter_counts_only_committees_that_studied_it(con):
    f = key_figures(con, Scope.year(2002, territories=("Terre B",)))
    assert f.committees == 1  # N2 only; N3 held but studied no project of B
    assert (f.projects_studied, f.projects_retained) == (2, 1)  # P3 rejected, P4 retained
    assert f.aid_eur == 0
    assert f.jobs_committed == 1
    assert f.competence_days == 2
    assert f.aid_per_job == 0
    assert f.aid_per_project == 0


def test_sector_and_kind_filters(con):
    f = key_figures(con, Scope.years(2000, 2002, kinds=("creation",)))
    assert (f.projects_studied, f.projects_retained, f.jobs_committed) == (1, 1, 1)
    f = key_figures(con, Scope.years(2000, 2002, sectors=("C",)))
    assert (f.projects_studied, f.projects_retained, f.aid_eur) == (4, 3, 23_000)


def test_empty_scope_gives_zeros_and_no_ratio(con):
    f = key_figures(con, Scope.year(1999))
    assert f.is_empty
    assert (f.committees, f.projects_studied, f.aid_eur, f.competence_days) == (0, 0, 0, 0)
    assert f.approval_rate is None and f.aid_per_job is None


def test_period_bounds_are_inclusive(con):
    f = key_figures(con, Scope(d("2001-03-01"), d("2001-03-01")))
    assert (f.committees, f.projects_studied) == (1, 1)


def test_yearly_has_every_year(con):
    df = yearly(con, Scope.years(2000, 2002))
    assert list(df["year"]) == [2000, 2001, 2002]
    assert list(df["projects_studied"]) == [0, 1, 4]
    assert list(df["aid_eur"]) == [0, 10_000, 13_000]
    assert list(df["committees"]) == [0, 1, 3]


def test_by_territory(con):
    df = figures_by(con, Scope.years(2000, 2002), "territory").set_index("territory")
    assert df.loc["Terre A", "projects_retained"] == 2
    assert df.loc["Terre A", "aid_eur"] == 15_000
    assert df.loc["Terre S", "competence_days"] == 0


def test_previous_period(con):
    cmp = compare_previous(con, Scope.year(2002))
    assert cmp.previous_scope == Scope.year(2001)
    assert cmp.previous.projects_studied == 1
    assert cmp.change("projects_studied") == pytest.approx((4 - 1) / 1)
    assert cmp.change("committees") == pytest.approx((3 - 1) / 1)


def _with_loans():
    """small_network with bank loans: P2 (aided) 20 000, P4 (retained, no aid) 30 000, P5 (aided) 40 000."""
    net = small_network()
    loans = {"P2": 20_000, "P4": 30_000, "P5": 40_000}
    for p in net["projects"]:
        p["bank_loans_eur"] = loans.get(p["id"], 0)
    return net


def test_leverage_counts_only_projects_that_received_aid(tmp_path):
    c = make_db(tmp_path / "l.duckdb", **_with_loans())
    try:
        fast = key_figures(c, Scope.year(2002))
        slow = key_figures(c, Scope.year(2002, sectors=("C", "F")))  # the same projects, through project_facts
        for f in (fast, slow):
            # retained in 2002: P2 (5 000 €), P4 (no aid), P5 (8 000 €); P4's 30 000 € of loans are left out
            assert f.bank_loans_eur == 90_000
            assert (f.projects_aided, f.aided_bank_loans_eur) == (2, 60_000)
            assert f.leverage == pytest.approx(60_000 / 13_000)  # 4,6 (not 90 000 / 13 000 = 6,9)
            assert f.aid_per_project == pytest.approx(13_000 / 3)
            assert f.aid_per_aided_project == pytest.approx(13_000 / 2)
        assert fast.committees == 3 and slow.committees == 2  # N3 studied nothing in scope
        by_sector = figures_by(c, Scope.year(2002), "sector").set_index("sector")
        assert by_sector.loc["F", ["projects_aided", "aided_bank_loans_eur", "bank_loans_eur"]].tolist() == [0, 0, 30_000]
        assert by_sector.loc["C", ["projects_aided", "aided_bank_loans_eur"]].tolist() == [2, 60_000]
        only_p4 = key_figures(c, Scope.year(2002, sectors=("F",)))
        assert only_p4.leverage is None and only_p4.aid_per_aided_project is None
    finally:
        c.close()


def test_a_rate_changes_in_points(con):
    before = KeyFigures(2, 8, 5, 0.0, 0, 0, 0)   # 5 / 8 = 62,5 %
    now = KeyFigures(3, 10, 7, 0.0, 0, 0, 0)     # 7 / 10 = 70 %
    cmp = Comparison(now, before, Scope.year(2001))
    assert cmp.change_points("approval_rate") == pytest.approx(7.5)       # 70 - 62,5 points
    assert cmp.change("approval_rate") == pytest.approx(0.7 / 0.625 - 1)  # +12 %: what a rate is not shown as
    assert cmp.change("projects_studied") == pytest.approx(0.25)          # counts stay relative
    assert "approval_rate" in RATES and "projects_studied" not in RATES
    empty = compare_previous(con, Scope.year(2003))  # nothing studied in 2003: no rate, no change
    assert empty.change_points("approval_rate") is None


def test_bad_period_is_refused():
    with pytest.raises(ScopeError, match="période vide"):
        Scope(d("2002-01-01"), d("2001-01-01"))


def test_a_pending_project_is_on_the_agenda_but_not_studied(tmp_path):
    """An upcoming committee's agenda: its projects are listed but count in no figure until decided."""
    from alize.metrics import records
    from tests.builders import project

    net = small_network()
    net["committees"].append({"id": "N9", "basin": "north", "held_on": d("2003-02-01"), "place": "Nordville"})
    net["projects"].append(project("P9", "N9", "a", decision="pending", aid=7_000, jobs=3))
    con = make_db(tmp_path / "p.duckdb", **net)
    f = key_figures(con, Scope.year(2003))
    assert (f.committees, f.projects_studied, f.projects_retained, f.aid_eur, f.jobs_committed) == (1, 0, 0, 0, 0)
    assert key_figures(con, Scope.year(2002)).projects_studied == 4  # unchanged
    agenda = records.committee_projects(con, "N9")
    assert agenda[["project", "decision", "aid_eur", "jobs_committed"]].values.tolist() == [["P9", "pending", 7_000, 3]]
    assert list(records.projects(con, Scope.year(2003))["project"]) == ["P9"]


def test_the_schema_refuses_aid_on_a_rejected_project_but_not_on_a_pending_one(tmp_path):
    import duckdb

    from tests.builders import insert, project

    con = make_db(tmp_path / "s.duckdb", **small_network())
    insert(con, "projects", [project("P10", "N2", "a", decision="pending", aid=5_000, jobs=2)])
    with pytest.raises(duckdb.ConstraintException):
        insert(con, "projects", [project("P11", "N2", "a", decision="rejected", aid=5_000)])
    with pytest.raises(duckdb.ConstraintException):
        insert(con, "projects", [project("P12", "N2", "a", decision="undecided")])


def test_committee_list_and_its_yearly_counts(con):
    from alize.metrics import records

    held = records.committees(con, Scope.years(2000, 2002))
    # N1 (2001), N2, N3 (2002) in Nord, S1 (2002) in Sud; newest first
    assert set(held["committee"]) == {"N1", "N2", "N3", "S1"}
    assert held.set_index("committee").loc["N3", "projects_studied"] == 0
    per_year = records.committees_per_year(held)
    assert per_year.to_dict("records") == [
        {"year": 2001, "basin": "Nord", "committees": 1, "projects_studied": 1},
        {"year": 2002, "basin": "Nord", "committees": 2, "projects_studied": 3},
        {"year": 2002, "basin": "Sud", "committees": 1, "projects_studied": 1},
    ]
    assert records.committees_per_year(held.iloc[0:0]).empty


def test_the_jobs_page_and_the_committee_brief_use_the_same_leverage(tmp_path):
    """Leverage is one definition everywhere: the jobs summary (both paths) and a committee's brief leave
    out the loans of a retained project without aid, as the key figures do."""
    from alize.metrics.jobs import jobs_summary
    from alize.reports import present

    c = make_db(tmp_path / "l.duckdb", **_with_loans())
    try:
        for scope in (Scope.year(2002), Scope.year(2002, sectors=("C", "F"))):
            assert jobs_summary(c, scope).leverage == pytest.approx(60_000 / 13_000), scope
        # committee N2 retained P2 (5 000 € aid, 20 000 € loans) and P4 (no aid, 30 000 € loans)
        n2 = present.committee_brief(c, "N2").totals
        assert (n2["aid_eur"], n2["bank_loans_eur"]) == (5_000, 50_000)
        assert n2["leverage"] == pytest.approx(20_000 / 5_000)     # 4, not 50 000 / 5 000 = 10
        assert present.committee_brief(c, "S1").totals["leverage"] == pytest.approx(40_000 / 8_000)
    finally:
        c.close()
