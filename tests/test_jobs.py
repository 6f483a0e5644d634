"""Jobs and firms against values worked out by hand on tests/builders.extension_network()."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alize.metrics.figures import key_figures
from alize.metrics.jobs import (
    add_years,
    default_as_of,
    jobs_curves,
    jobs_summary,
    realisation_by_cohort,
)
from alize.scope import Scope
from tests.builders import d, extension_network, jobs_network, make_db
from tests.reference import jobs_created_by, project_jobs

NORD = Scope.years(2000, 2003, basins=("Nord",))


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    con = make_db(tmp_path_factory.mktemp("jobs") / "t.duckdb", **extension_network())
    yield con
    con.close()


def test_add_years_handles_29_february():
    assert add_years(d("2004-02-29"), 3) == d("2007-02-28")
    assert add_years(d("2004-03-01"), -3) == d("2001-03-01")


def test_jobs_created_per_project(con):
    df = project_jobs(con, NORD, d("2003-12-31")).set_index("project")
    assert list(df.index) == ["P1", "P2", "P4", "P5", "P6", "P7"]  # retained only
    assert df.loc["P1", "jobs_created"] == 6 - 2  # latest visit 2003-06-01
    # P2 was never visited but closed on 2003-01-01: 0 jobs from then on, a known headcount (not missing)
    assert (df.loc["P2", "headcount"], df.loc["P2", "jobs_created"], df.loc["P2", "jobs_net_change"]) == (0, 0, -1)
    assert not bool(df.loc["P2", "missing_followup"])
    assert df.loc["P4", "jobs_created"] == 0 and df.loc["P4", "jobs_maintained"] == 3
    # P7 fell from 1 to 0: no job created (gross), the loss shows in the net change
    assert (df.loc["P7", "jobs_created"], df.loc["P7", "jobs_maintained"], df.loc["P7", "jobs_net_change"]) == (0, 0, -1)
    # a visit after the date is ignored: at 2003-01-01 P1's latest is 2001-06-01 (4)
    assert project_jobs(con, NORD, d("2003-01-01")).set_index("project").loc["P1", "jobs_created"] == 2


def test_summary_at_end_2004(con):
    s = jobs_summary(con, NORD, d("2004-12-31"))
    # headcounts P1 6, P2 0 (closed), P4 3, P5 1, P6 3, P7 0 against 2, 1, 3, 0, 1, 1 at application:
    # created 4+0+0+1+2+0 = 7, maintained 2+0+3+0+1+0 = 6, net 4-1+0+1+2-1 = 5; committed 3+2+1+2+4+1 = 13
    assert (s.projects_retained, s.jobs_committed, s.jobs_created, s.missing_followups) == (6, 13, 7, 0)
    assert (s.jobs_maintained, s.jobs_net_change) == (6, 5)
    # 3 years on (committee on or before 2001-12-31): P1 at 2003-06-01 (6: +4), P2 closed (0: +0)
    assert (s.projects_3y, s.followed_3y, s.jobs_committed_3y, s.jobs_created_3y) == (2, 2, 5, 4)
    assert s.realisation_rate_3y == pytest.approx(4 / 5)
    # P1 still open; P2 closed 2003-01-01, before 2004-06-01 (3 years after its committee)
    assert s.survival_rate_3y == pytest.approx(1 / 2)
    assert s.projects_5y == 0 and s.realisation_rate_5y is None  # no committee before 2000
    # aid 10 000 + 5 000 + 0 + 8 000 + 6 000 + 4 000 = 33 000; loans 50 000 + 16 000
    assert s.aid_eur == 33_000 and s.leverage == pytest.approx(66_000 / 33_000)
    assert s.average_aid == pytest.approx(33_000 / 6)
    assert s.aid_per_job_committed == pytest.approx(33_000 / 13)
    assert s.aid_per_job_created == pytest.approx(33_000 / 7)
    assert s.to_dict()["realisation_rate_3y"] == pytest.approx(0.8)


def test_survival_closing_on_the_third_anniversary_is_not_survival(con):
    s = jobs_summary(con, NORD, d("2005-12-31"))
    # 3 years on: P1, P2, P4, P5, P6 (committees up to 2002-12-31); P4 closed 2005-03-01, its 3rd anniversary
    assert s.projects_3y == s.followed_3y == 5
    assert s.survivors_3y == 3  # P1, P5, P6
    assert s.survival_rate_3y == pytest.approx(3 / 5)
    # 5 years on: P1 alone (committee 2000-06-01), 6 at 2005-06-01: 4 created for 3 committed
    assert (s.projects_5y, s.survivors_5y, s.realisation_rate_5y) == (1, 1, pytest.approx(4 / 3))


def test_realisation_by_cohort_at_fixed_horizons(con):
    df = realisation_by_cohort(con, NORD, d("2004-12-31")).set_index("cohort")
    assert list(df.index) == [2000, 2001]  # 2002 and 2003 cohorts are too young
    assert (df.loc[2000, "jobs_committed_3y"], df.loc[2000, "jobs_created_3y"]) == (3, 4)
    assert df.loc[2000, "realisation_rate_3y"] == pytest.approx(4 / 3)
    assert df.loc[2001, "realisation_rate_3y"] == 0 and df.loc[2001, "missing_3y"] == 0  # P2: closed, known
    assert df.loc[2001, "survival_rate_3y"] == 0
    assert df.loc[2000, "leverage"] == pytest.approx(5.0)
    assert realisation_by_cohort(con, NORD, d("2002-01-01")).empty


def test_jobs_curves(con):
    df = jobs_curves(con, NORD, d("2003-12-31"))
    c2000 = df[df.cohort == 2000]
    # P1 (committee 2000-06-01): k=0 no visit yet, k=1 4-2, k=2 still 4-2, k=3 6-2; k=4 not yet reached
    assert list(c2000.years_since_committee) == [0, 1, 2, 3]
    assert list(c2000.jobs_created) == [0, 2, 2, 4]
    assert list(df[df.cohort == 2001].jobs_created) == [0, 0, 0]  # P2 never visited
    # cohort 2002 (P4, P5, P6): k=1 is 2003-03-01/2003-09-01 -> P4 0, P5 1, P6 2 (visit 2003-06-01 <= 2003-09-01)
    c2002 = df[df.cohort == 2002].set_index("years_since_committee")
    assert c2002.loc[1, "jobs_created"] == 0 + 1 + 2 and c2002.loc[1, "projects"] == 3
    assert 2 not in c2002.index


def test_jobs_created_by_territory(con):
    df = jobs_created_by(con, NORD, "territory", d("2003-12-31")).set_index("territory")
    assert df.loc["Terre A", "jobs_created"] == 4 + 0 + 0 + 1
    assert df.loc["Terre B", "jobs_created"] == 2 + 0  # P7's lost job is no negative creation


def test_default_as_of_is_the_latest_visit_or_closure(con):
    # the latest visit is P7's of 2003-12-01, but P4's closure on 2005-03-01 is recorded too
    assert default_as_of(con) == d("2005-03-01")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.integers(2000, 2003), span=st.integers(0, 3))
def test_summary_agrees_with_key_figures(con, first, span):
    scope = Scope.years(first, min(first + span, 2003))
    s, k = jobs_summary(con, scope, d("2005-12-31")), key_figures(con, scope)
    assert (s.projects_retained, s.jobs_committed, s.aid_eur) == (k.projects_retained, k.jobs_committed, k.aid_eur)
    by = jobs_created_by(con, scope, "territory", d("2005-12-31"))
    assert by["jobs_created"].sum() == s.jobs_created


# ---- gross, maintained and net jobs at fixed horizons, on tests/builders.jobs_network() --------------

AT = d("2016-12-31")
EVERY_PATH = [Scope.years(2010, 2014), Scope.years(2010, 2014, sectors=("C",))]  # committee_facts, then the lists


@pytest.fixture(scope="module")
def jcon(tmp_path_factory):
    con = make_db(tmp_path_factory.mktemp("jobs_h") / "j.duckdb", **jobs_network())
    yield con
    con.close()


@pytest.mark.parametrize("scope", EVERY_PATH)
def test_gross_maintained_and_net_jobs(jcon, scope):
    s = jobs_summary(jcon, scope, AT)
    # headcounts at 2016-12-31: J1 7, J2 3, J3 0 (closed), J4 unknown, J5 11, J6 2
    assert s.jobs_created == 5 + 0 + 0 + 0 + 1 + 2        # gross: J2's and J3's losses subtract nothing
    assert s.jobs_maintained == 2 + 3 + 0 + 0 + 10 + 0    # capped at the headcount at application
    assert s.jobs_net_change == 5 - 2 - 3 + 0 + 1 + 2     # the net change keeps the losses
    assert s.missing_followups == 1                       # J4


@pytest.mark.parametrize("scope", EVERY_PATH)
def test_a_closure_between_two_visits_counts_zero_from_closed_on(jcon, scope):
    # J3 was last seen with 4 on 2012-03-01 and closed on 2012-09-01 with no visit after: 0 from then on
    before = project_jobs(jcon, scope, d("2012-08-31")).set_index("project").loc["J3"]
    after = project_jobs(jcon, scope, d("2012-09-01")).set_index("project").loc["J3"]
    assert (before.headcount, before.jobs_created, before.jobs_maintained) == (4, 1, 3)
    assert (after.headcount, after.jobs_created, after.jobs_maintained, after.jobs_net_change) == (0, 0, 0, -3)
    assert jobs_summary(jcon, scope, d("2012-08-31")).jobs_created - jobs_summary(jcon, scope, d("2012-09-01")).jobs_created == 1


@pytest.mark.parametrize("scope", EVERY_PATH)
def test_realisation_and_survival_at_3_and_5_years(jcon, scope):
    s = jobs_summary(jcon, scope, AT)
    # 3 years on (2013-03-01), C1 only: J1 5 (+3), J2 3 (+0), J3 closed (+0), J5 10 (+0); J4 missing, left out
    assert (s.projects_3y, s.followed_3y, s.missing_3y) == (5, 4, 1)
    assert (s.jobs_committed_3y, s.jobs_created_3y) == (3 + 2 + 2 + 0, 3)
    assert s.realisation_rate_3y == pytest.approx(3 / 7)
    assert s.survival_rate_3y == pytest.approx(3 / 4)     # J3 closed; J4 not in the denominator
    # 5 years on (2015-03-01): J1 7 (visit of 2015-02-15: +5), J2 3, J3 closed, J5 11 (+1)
    assert (s.projects_5y, s.followed_5y, s.missing_5y, s.jobs_created_5y) == (5, 4, 1, 6)
    assert s.realisation_rate_5y == pytest.approx(6 / 7)
    assert s.survival_rate_5y == pytest.approx(3 / 4)
    cohorts = realisation_by_cohort(jcon, scope, AT).set_index("cohort")
    assert list(cohorts.index) == [2010]                  # 2014 has not reached 3 years by the end of 2016
    assert cohorts.loc[2010, "realisation_rate_3y"] == pytest.approx(3 / 7)
    assert cohorts.loc[2010, "realisation_rate_5y"] == pytest.approx(6 / 7)
    assert cohorts.loc[2010, "missing_3y"] == 1


def test_a_missing_follow_up_leaves_the_denominators(jcon):
    s = jobs_summary(jcon, EVERY_PATH[0], d("2013-12-31"))
    # at the end of 2013 only the 3-year horizon is reached: J4 is counted apart, not as 0 jobs created
    assert (s.missing_3y, s.followed_3y, s.jobs_committed_3y) == (1, 4, 7)
    assert s.realisation_rate_3y == pytest.approx(3 / 7)  # with J4 in the denominator it would be 3 / 9
    assert s.projects_5y == 0 and s.survival_rate_5y is None


def test_the_summary_table_answers_at_the_default_date(con):
    """A closure after the last visit (P4, 2005-03-01) is the records' last date: committee_facts holds
    every project's state then, so the quick path answers, and agrees with the follow-up lists."""
    from alize.metrics.jobs import _cells_jobs

    as_of = default_as_of(con)
    assert _cells_jobs(con, NORD, as_of, None) is not None
    assert _cells_jobs(con, NORD, d("2004-12-31"), None) is None  # before P4's closure: the lists answer
    assert jobs_summary(con, NORD, as_of) == jobs_summary(con, Scope.years(2000, 2003, basins=("Nord",),
                                                                            sectors=("C", "F")), as_of)
