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
from tests.builders import d, extension_network, make_db
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
    assert df.loc["P2", "jobs_created"] == 0 and bool(df.loc["P2", "missing_followup"])  # never visited
    assert df.loc["P4", "jobs_created"] == 0
    assert df.loc["P7", "jobs_created"] == -1  # fell from 1 to 0: a loss counts
    # a visit after the date is ignored: at 2003-01-01 P1's latest is 2001-06-01 (4)
    assert project_jobs(con, NORD, d("2003-01-01")).set_index("project").loc["P1", "jobs_created"] == 2


def test_summary_at_end_2004(con):
    s = jobs_summary(con, NORD, d("2004-12-31"))
    # created: P1 4, P2 0, P4 0, P5 1, P6 2, P7 -1 = 6; committed 3+2+1+2+4+1 = 13
    assert (s.projects_retained, s.jobs_committed, s.jobs_created, s.missing_followups) == (6, 13, 6, 1)
    # mature = committee on or before 2001-12-31: P1 and P2
    assert (s.mature_projects, s.mature_jobs_committed, s.mature_jobs_created) == (2, 5, 4)
    assert s.realisation_rate == pytest.approx(4 / 5)
    # P1 still open; P2 closed 2003-01-01, before 2004-06-01 (3 years after its committee)
    assert s.survival_rate_3y == pytest.approx(1 / 2)
    # aid 10 000 + 5 000 + 0 + 8 000 + 6 000 + 4 000 = 33 000; loans 50 000 + 16 000
    assert s.aid_eur == 33_000 and s.leverage == pytest.approx(66_000 / 33_000)
    assert s.average_aid == pytest.approx(33_000 / 6)
    assert s.aid_per_job_committed == pytest.approx(33_000 / 13)
    assert s.aid_per_job_created == pytest.approx(33_000 / 6)
    assert s.to_dict()["realisation_rate"] == pytest.approx(0.8)


def test_survival_closing_on_the_third_anniversary_is_not_survival(con):
    s = jobs_summary(con, NORD, d("2005-12-31"))
    # mature: P1, P2, P4, P5, P6 (committees up to 2002-12-31); P4 closed 2005-03-01, its 3rd anniversary
    assert s.mature_projects == 5
    assert s.survivors_3y == 3  # P1, P5, P6
    assert s.survival_rate_3y == pytest.approx(3 / 5)


def test_realisation_by_cohort_only_mature_projects(con):
    df = realisation_by_cohort(con, NORD, d("2004-12-31")).set_index("cohort")
    assert list(df.index) == [2000, 2001]  # 2002 and 2003 cohorts are too young
    assert (df.loc[2000, "jobs_committed"], df.loc[2000, "jobs_created"]) == (3, 4)
    assert df.loc[2000, "realisation_rate"] == pytest.approx(4 / 3)
    assert df.loc[2001, "realisation_rate"] == 0 and df.loc[2001, "missing_followups"] == 1
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
    assert df.loc["Terre B", "jobs_created"] == 2 - 1


def test_default_as_of_is_the_latest_visit(con):
    assert default_as_of(con) == d("2003-12-01")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.integers(2000, 2003), span=st.integers(0, 3))
def test_summary_agrees_with_key_figures(con, first, span):
    scope = Scope.years(first, min(first + span, 2003))
    s, k = jobs_summary(con, scope, d("2005-12-31")), key_figures(con, scope)
    assert (s.projects_retained, s.jobs_committed, s.aid_eur) == (k.projects_retained, k.jobs_committed, k.aid_eur)
    by = jobs_created_by(con, scope, "territory", d("2005-12-31"))
    assert by["jobs_created"].sum() == s.jobs_created
