"""db.committee_facts is an optimisation: what it answers must equal what project_facts answers.

Selecting every sector (or every kind) keeps exactly the same projects but sends a figure down the
project_facts path, so each case compares the two paths on the demo network (materialised derived
tables) and on a hand-made network (derived views).
"""

import datetime as dt

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alize.ingest import rebuild
from alize.metrics import figures, jobs
from alize.scope import KINDS, SECTORS, Scope
from tests.builders import (
    assert_same_comparison,
    extension_network,
    make_db,
    small_network,
)

SAVOIE = "alIZé Savoie"
PROJECT_FIGURES = ("projects_studied", "projects_retained", "competence_days", "aid_eur", "jobs_committed",
                   "bank_loans_eur", "projects_aided", "aided_bank_loans_eur")


@pytest.fixture(scope="module")
def con(demo_con):
    return demo_con


def general(sc: Scope) -> Scope:
    """The same projects, through project_facts."""
    return sc.narrowed(sectors=SECTORS, kinds=KINDS)


def names(con, table):
    return [r[0] for r in con.execute(f"SELECT name FROM {table} ORDER BY name").fetchall()]  # fixed names


def test_the_demo_database_has_committee_facts_as_a_table(con):
    kind = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'committee_facts'").fetchone()[0]
    assert kind == 1
    # every committee has a row; the rows add up to the projects decided
    assert con.execute("SELECT count(DISTINCT committee) FROM committee_facts").fetchone() == \
        con.execute("SELECT count(*) FROM committees").fetchone()
    assert con.execute("SELECT sum(studied)::BIGINT FROM committee_facts").fetchone() == \
        con.execute("SELECT count(*) FROM projects WHERE decision <> 'pending'").fetchone()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.dates(dt.date(2005, 6, 1), dt.date(2020, 6, 1)), days=st.integers(0, 2000),
       basin_pick=st.lists(st.integers(0, 6), max_size=2), territory_pick=st.lists(st.integers(0, 15), max_size=2))
def test_key_figures_and_jobs_agree_on_both_paths(con, first, days, basin_pick, territory_pick):
    basins, territories = names(con, "basins"), names(con, "territories")
    sc = Scope(first, first + dt.timedelta(days=days), basins=[basins[i % len(basins)] for i in basin_pick],
               territories=[territories[i % len(territories)] for i in territory_pick])
    fast, slow = figures.key_figures(con, sc), figures.key_figures(con, general(sc))
    for name in PROJECT_FIGURES:
        assert getattr(fast, name) == pytest.approx(getattr(slow, name)), name
    if sc.territories:  # both count the committees that studied a project in scope
        assert fast.committees == slow.committees
    as_of = jobs.default_as_of(con)
    assert jobs.jobs_summary(con, sc, as_of) == jobs.jobs_summary(con, general(sc), as_of)
    pd.testing.assert_frame_equal(jobs.realisation_by_cohort(con, sc, as_of),
                                  jobs.realisation_by_cohort(con, general(sc), as_of))


@pytest.mark.parametrize("group", ["year", "basin", "territory", "committee"])
def test_figures_by_agree_on_both_paths(con, group):
    sc = Scope(dt.date(2008, 1, 1), dt.date(2012, 12, 31))
    fast = figures.figures_by(con, sc, group).set_index(group)
    slow = figures.figures_by(con, general(sc), group).set_index(group)
    slow = slow[slow["projects_studied"] > 0]
    assert list(fast[fast["projects_studied"] > 0].index) == list(slow.index)
    for name in PROJECT_FIGURES:
        assert fast.loc[slow.index, name].tolist() == pytest.approx(slow[name].tolist()), name
    if group == "territory":
        assert fast["committees"].tolist() == slow["committees"].tolist()


def test_committees_without_projects_count_as_held(con):
    """The 2010 network figure: 41 committees, some of which studied nothing decided."""
    kf = figures.key_figures(con, Scope.year(2010))
    assert (kf.committees, kf.projects_studied, kf.projects_retained, kf.aid_eur) == (41, 72, 66, 445_135)


def test_the_2010_leverage_counts_only_aided_projects_on_both_paths(con):
    """Direct SQL on the records: 57 of the 66 retained projects received aid; 9 without aid have bank
    loans, which leverage leaves out (8,25 over aided projects, 9,04 when they were counted)."""
    aided, loans, all_loans = con.execute("""
        SELECT count(*) FILTER (WHERE p.aid_eur > 0), sum(p.bank_loans_eur) FILTER (WHERE p.aid_eur > 0),
               sum(p.bank_loans_eur)
        FROM projects p JOIN committees c ON c.id = p.committee
        WHERE p.decision = 'retained' AND year(c.held_on) = 2010""").fetchone()
    fast, slow = figures.key_figures(con, Scope.year(2010)), figures.key_figures(con, general(Scope.year(2010)))
    for kf in (fast, slow):
        assert (kf.projects_aided, kf.aided_bank_loans_eur, kf.bank_loans_eur) == (aided, loans, all_loans) == \
            (57, loans, all_loans)
        assert kf.leverage == pytest.approx(loans / 445_135) == pytest.approx(8.2492, abs=1e-4)
        assert kf.aid_per_aided_project == pytest.approx(445_135 / 57)
    assert all_loans / 445_135 == pytest.approx(9.0400, abs=1e-4)  # the old definition's value


def test_previous_period_in_the_same_query_equals_its_own(con):
    sc = Scope(dt.date(2010, 3, 1), dt.date(2011, 2, 28), basins=[SAVOIE])
    both = figures.compare_previous(con, sc)
    assert both.current == figures.key_figures(con, sc)
    assert both.previous == figures.key_figures(con, sc.previous())
    assert both.previous_scope.start == dt.date(2009, 3, 1)


def test_jobs_at_an_earlier_date_fall_back_to_the_follow_up_lists(con):
    """committee_facts holds each project's latest follow-up: at an earlier date the other path answers."""
    sc = Scope(dt.date(2008, 1, 1), dt.date(2010, 12, 31), basins=[SAVOIE])
    as_of = dt.date(2012, 6, 30)
    earlier = jobs.jobs_summary(con, sc, as_of)
    assert earlier == jobs.jobs_summary(con, general(sc), as_of)
    assert earlier.jobs_created != jobs.jobs_summary(con, sc, jobs.default_as_of(con)).jobs_created


def test_hand_made_network_agrees_through_the_views(tmp_path):
    """Test databases keep the derived objects as views: the same figures, always current."""
    c = make_db(tmp_path / "n.duckdb", **small_network())
    try:
        assert c.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = 'committee_facts'").fetchone()[0] == 1
        first, last = c.execute("SELECT min(held_on), max(held_on) FROM committees").fetchone()
        sc = Scope(first, last)
        fast, slow = figures.key_figures(c, sc), figures.key_figures(c, general(sc))
        for name in PROJECT_FIGURES:
            assert getattr(fast, name) == pytest.approx(getattr(slow, name)), name
        as_of = jobs.default_as_of(c)
        assert jobs.jobs_summary(c, sc, as_of) == jobs.jobs_summary(c, general(sc), as_of)
    finally:
        c.close()


@pytest.mark.parametrize("filters", [{}, {"basins": [SAVOIE]}, {"territories": ["Maurienne"]}])
def test_committee_list_agrees_on_both_paths(con, filters):
    from alize.metrics import records

    sc = Scope(dt.date(2009, 1, 1), dt.date(2011, 12, 31), **filters)
    fast, slow = records.committees(con, sc), records.committees(con, general(sc))
    if not sc.territories:  # without a project filter the committees that studied nothing are listed too
        fast = fast[fast["projects_studied"] > 0].reset_index(drop=True)
    assert len(fast) > 0
    assert fast.to_dict("records") == slow.to_dict("records")


@pytest.mark.parametrize("filters", [{}, {"basins": [SAVOIE]}, {"territories": ["Maurienne", "Chambéry"]}])
@pytest.mark.parametrize("as_of", [None, dt.date(2012, 6, 30), dt.date(2015, 12, 31)])
def test_job_curves_agree_on_both_paths(con, filters, as_of):
    sc = Scope(dt.date(2006, 1, 1), dt.date(2016, 12, 31), **filters)
    as_of = as_of or jobs.default_as_of(con)
    fast, slow = jobs.jobs_curves(con, sc, as_of), jobs.jobs_curves(con, general(sc), as_of)
    assert len(fast) > 10
    pd.testing.assert_frame_equal(fast, slow)


def test_job_curves_past_the_records_fall_back(con):
    """curve_facts stops at the last year of the records: a later date goes through the lists."""
    sc = Scope(dt.date(2010, 1, 1), dt.date(2012, 12, 31), basins=[SAVOIE])
    later = jobs.jobs_curves(con, sc, dt.date(2030, 12, 31))
    pd.testing.assert_frame_equal(later, jobs.jobs_curves(con, general(sc), dt.date(2030, 12, 31)))
    assert later["years_since_committee"].max() >= 18


def test_a_cut_project_list_says_how_many_matched(con):
    from alize.metrics import records

    sc = Scope(dt.date(2006, 1, 1), dt.date(2020, 12, 31))
    total = con.execute("SELECT count(*) FROM projects").fetchone()[0]
    everything = records.projects(con, sc, limit=100_000)
    assert everything.attrs["matches"] == len(everything) == total  # pending ones are listed too
    cut = records.projects(con, sc, limit=10)
    assert len(cut) == 10 and cut.attrs["matches"] == total
    assert cut.to_dict("records") == everything.head(10).to_dict("records")  # the 10 newest, communes joined
    assert cut["commune"].notna().all()
    found = records.projects(con, sc, "usinage", limit=2)
    assert found.attrs["matches"] == len(records.projects(con, sc, "usinage")) > 2


@pytest.mark.parametrize("as_of", [None, dt.date(2014, 12, 31), dt.date(2014, 6, 30)])
def test_comparisons_agree_on_both_paths(con, as_of):
    """compare() reads committee_facts and yearend_facts on 31 December ends, project_facts otherwise."""
    from alize.metrics import compare
    from alize.metrics.compare import Window

    territories = names(con, "territories")
    groups = {"A": territories[:3], "B": territories[2:12], "all": territories}
    windows = [Window("w1", dt.date(2008, 1, 1), dt.date(2010, 12, 31)),
               Window("w2", dt.date(2010, 1, 1), dt.date(2012, 12, 31))]  # overlapping windows are allowed
    fast = compare.compare(con, groups, windows, as_of=as_of)
    slow = compare.compare(con, groups, windows, as_of=as_of, sectors=SECTORS)
    assert fast["jobs_created"].sum() > 0
    pd.testing.assert_frame_equal(fast, slow)


def test_an_older_database_gets_the_current_derived_tables(tmp_path, demo_db):
    """A file built before these tables (an imported database, never rebuilt from CSV) is upgraded in place."""
    import shutil

    from alize.store import db

    path = tmp_path / "old.duckdb"
    shutil.copy(demo_db, path)
    with duckdb.connect(str(path)) as c:  # as a previous version left it
        c.execute("DROP TABLE committee_facts")
        c.execute("DROP TABLE project_facts")
        c.execute("CREATE TABLE project_facts AS SELECT 1 AS id")
        c.execute("COMMENT ON TABLE project_facts IS 'alize-derived 1'")
        c.execute("UPDATE meta SET value = 'import' WHERE key = 'source'")
    assert not db.derived_ok(path)
    rebuild.ensure(path)
    assert db.derived_ok(path)
    with duckdb.connect(str(path), read_only=True) as c:
        assert figures.key_figures(c, Scope.year(2010)).aid_eur == 445_135
        assert c.execute("SELECT count(*) FROM project_facts WHERE commune_name IS NOT NULL").fetchone()[0] > 0
        assert c.execute("SELECT newcomer FROM extension_results").fetchall() == [("Maurienne",)]


@pytest.mark.parametrize("filters", [{}, {"basins": [SAVOIE]}, {"kinds": ["creation"]}])
def test_jobs_and_cohorts_together_equal_each_alone(con, filters):
    sc = Scope(dt.date(2006, 1, 1), dt.date(2016, 12, 31), **filters)
    as_of = jobs.default_as_of(con)
    summary, cohorts = jobs.jobs_and_cohorts(con, sc, as_of)
    assert summary == jobs.jobs_summary(con, sc, as_of)
    pd.testing.assert_frame_equal(cohorts, jobs.realisation_by_cohort(con, sc, as_of))
    assert summary.projects_3y == cohorts["projects_3y"].sum() > 0


@pytest.mark.parametrize("filters", [{}, {"basins": [SAVOIE]}, {"territories": ["Maurienne"]}, {"sectors": ["C"]}])
@pytest.mark.parametrize("period", [(dt.date(2010, 1, 1), dt.date(2010, 12, 31)),
                                    (dt.date(2006, 3, 15), dt.date(2007, 2, 10))])
def test_overview_in_one_query_equals_its_parts(con, filters, period):
    sc = Scope(*period, **filters)
    trend = (dt.date(2006, 1, 1), dt.date(2020, 12, 31))
    cmp, yearly = figures.overview(con, sc, trend)
    assert cmp == figures.compare_previous(con, sc)
    pd.testing.assert_frame_equal(yearly, figures.yearly(con, sc.with_period(*trend)))
    assert list(yearly["year"]) == list(range(2006, 2021))


@pytest.mark.parametrize("filters", [{}, {"territories": ["Maurienne"]}, {"sectors": ["C", "F"]}])
def test_approval_by_basin_from_the_committee_list_equals_the_figures(con, filters):
    from alize.metrics import records

    sc = Scope(dt.date(2009, 1, 1), dt.date(2012, 12, 31), **filters)
    mine = records.committees_by_basin(records.committees(con, sc)).set_index("basin")
    ref = figures.figures_by(con, sc, "basin").set_index("basin")
    ref = ref[ref["committees"] > 0]
    assert list(mine.index) == list(ref.index)
    for col in ("committees", "projects_studied", "projects_retained", "approval_rate"):
        assert mine[col].tolist() == pytest.approx(ref[col].tolist(), nan_ok=True), col


# ---- stored extension comparisons (compare.store_results) ----------------------------------------

def computed(con, basin, territory=None, before=None, after=None, **filters):
    """compare_extension without the stored results."""
    from alize.metrics import compare

    return compare._compare_extension(con, basin, territory, before, after, as_of=filters.get("as_of"),
                                      sectors=filters.get("sectors", ()), kinds=filters.get("kinds", ()),
                                      seed=compare.DID_SEED, draws=compare.DID_DRAWS)


def test_the_demo_stores_its_extension_comparison_and_map(con):
    from alize.metrics import compare, geo

    (ext,) = compare.extensions(con).itertuples(index=False)
    assert (ext.basin, ext.territory, ext.joined_on) == (SAVOIE, "Maurienne", dt.date(2009, 1, 1))
    # the page's windows come with the extension: the conventions before and from the joining
    assert (ext.before_start, ext.before_end, ext.after_start, ext.after_end) == (
        dt.date(2006, 1, 1), dt.date(2008, 12, 31), dt.date(2009, 1, 1), dt.date(2011, 12, 31))
    assert con.execute("SELECT basin, newcomer, latest FROM extension_results").fetchall() == [
        (SAVOIE, "Maurienne", True)]
    stored = compare.compare_extension(con, SAVOIE, "Maurienne", (ext.before_start, ext.before_end),
                                       (ext.after_start, ext.after_end))
    assert_same_comparison(stored, computed(con, SAVOIE, "Maurienne"))
    for args in ((SAVOIE,), ("savoie",), (SAVOIE, "maurienne")):  # default newcomer, the basin's id
        assert_same_comparison(compare.compare_extension(con, *args), stored)
    assert stored.did is not None and stored.rows["projects_retained"].sum() > 0

    communes = geo.commune_activity(con, SAVOIE, ext.after_start, ext.after_end)
    live = con.execute(f"SELECT * FROM ({geo.ACTIVITY_SQL}) ORDER BY {geo.ACTIVITY_ORDER}",
                       [ext.after_start, ext.after_end, *[SAVOIE] * 4]).df()
    pd.testing.assert_frame_equal(communes, live)
    assert communes["projects_retained"].sum() > 0
    # another window is counted, not looked up
    other = geo.commune_activity(con, SAVOIE, dt.date(2010, 1, 1), dt.date(2010, 12, 31))
    assert 0 < other["projects_retained"].sum() < communes["projects_retained"].sum()


@pytest.mark.parametrize("ask", [
    {"before": (dt.date(2007, 1, 1), dt.date(2008, 12, 31))},
    {"after": (dt.date(2009, 1, 1), dt.date(2009, 12, 31))},
    {"sectors": ("C",)}, {"kinds": ("creation",)}, {"as_of": dt.date(2014, 12, 31)},
])
def test_other_windows_or_filters_are_computed(con, ask):
    from alize.metrics import compare

    got = compare.compare_extension(con, SAVOIE, "Maurienne", **ask)
    assert_same_comparison(got, computed(con, SAVOIE, "Maurienne", **ask))
    assert not got.rows.equals(compare.compare_extension(con, SAVOIE, "Maurienne").rows)  # not the stored one


def test_a_materialised_hand_made_network_stores_what_it_computes(tmp_path):
    """Nord grows with Terre B on 2002-07-01: the stored comparison is the computed one, over the
    conventions' windows."""
    from alize.metrics import compare

    c = make_db(tmp_path / "x.duckdb", **extension_network())
    try:
        rebuild.create(c)
        ext = compare.extensions(c)
        assert ext[["basin", "territory"]].values.tolist() == [["Nord", "Terre B"]]
        assert ext.iloc[0][["before_start", "before_end", "after_start", "after_end"]].tolist() == [
            dt.date(2000, 1, 1), dt.date(2002, 6, 30), dt.date(2002, 7, 1), dt.date(2003, 12, 31)]
        assert c.execute("SELECT newcomer_id, latest FROM extension_results").fetchall() == [("b", True)]
        stored = compare.compare_extension(c, "Nord")
        assert_same_comparison(stored, computed(c, "Nord", "Terre B"))
        after = stored.rows[stored.rows["is_total"] & (stored.rows["window"] == "after")].iloc[0]
        # N4 and N5: P5, P6, P7 retained, P8 deferred
        assert (after["projects_studied"], after["projects_retained"], after["aid_eur"]) == (4, 3, 18_000)
    finally:
        c.close()


def test_an_extension_that_cannot_be_computed_is_not_stored(tmp_path):
    """Terre B without any establishment count: nothing stored, and asking gives the computed error."""
    from alize import ScopeError
    from alize.metrics import compare

    tables = extension_network()
    tables["establishments"] = [e for e in tables["establishments"] if e["territory"] != "b"]
    c = make_db(tmp_path / "x.duckdb", **tables)
    try:
        rebuild.create(c)
        assert c.execute("SELECT count(*) FROM extension_results").fetchone() == (0,)
        with pytest.raises(ScopeError, match="aucun nombre d'établissements employeurs pour le territoire Terre B"):
            compare.compare_extension(c, "Nord")
    finally:
        c.close()


def test_views_drop_stored_results(tmp_path):
    """Switching a database to views (always current) leaves no stored result to go stale."""
    from alize.metrics import compare
    from alize.store import db

    c = make_db(tmp_path / "x.duckdb", **extension_network())
    try:
        rebuild.create(c)
        db.create_derived(c, materialise=False)
        assert c.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'extension_%'").fetchone() == (0,)
        assert_same_comparison(compare.compare_extension(c, "Nord"), computed(c, "Nord", "Terre B"))
    finally:
        c.close()
