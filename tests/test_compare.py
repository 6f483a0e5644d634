"""Comparisons against values worked out by hand on tests/builders.extension_network().

Year shares used below: 2000 and 2004 are leap years (366 days), 2001-2003 have 365.
  2002-01-01..2002-06-30 = 181 days, 2002-07-01..2002-12-31 = 184 days, 2004-01-01..2004-06-30 = 182 days.
"""

import dataclasses
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from alize import ScopeError
from alize.cli.compare import parse_window
from alize.ingest import rebuild
from alize.metrics.compare import (
    DiD,
    Window,
    compare,
    compare_extension,
    default_windows,
    did_poisson,
    establishment_years,
    placebo_rank,
    year_fractions,
)
from tests.builders import d, extension_network, make_db

ROOT = Path(__file__).resolve().parent.parent
H1 = 181 / 365  # 2002 up to 30 June
H2 = 184 / 365  # 2002 from 1 July


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    con = make_db(tmp_path_factory.mktemp("cmp") / "t.duckdb", **extension_network())
    yield con
    con.close()


def row(df, group, window):
    col = "group" if "group" in df.columns else "territory"
    return df[(df[col] == group) & (df["window"] == window)].iloc[0]


# ---- building blocks ----------------------------------------------------------------------------

def test_year_fractions():
    assert year_fractions(d("2000-01-01"), d("2001-12-31")) == {2000: 1.0, 2001: 1.0}
    assert year_fractions(d("2002-07-01"), d("2003-12-31")) == pytest.approx({2002: H2, 2003: 1.0})
    assert year_fractions(d("2004-01-01"), d("2004-06-30")) == pytest.approx({2004: 182 / 366})
    assert Window("w", d("2000-01-01"), d("2002-06-30")).years == pytest.approx(2 + H1)


def test_establishment_years_counts_a_territory_only_from_joining(con):
    # B joined 2002-07-01: its 300 establishments of 2000-2001 never count; 2002 counts 184/365 of 365.
    assert establishment_years(con, ["Terre B"], d("2000-01-01"), d("2003-12-31")) == pytest.approx(184 + 400)
    assert establishment_years(con, ["Terre B"], d("2000-01-01"), d("2001-12-31")) == 0
    # A's count changes by year: 1000, 1000, then 1200
    assert establishment_years(con, ["Terre A"], d("2000-01-01"), d("2002-06-30")) == pytest.approx(
        1000 + 1000 + 1200 * H1)


# ---- the general comparison ---------------------------------------------------------------------

def test_unequal_windows_are_annualised(con):
    """2.5 years against 1.5 years: counts differ in length, rates per year compare."""
    before = Window("before", d("2000-01-01"), d("2002-06-30"))
    after = Window("after", d("2002-07-01"), d("2003-12-31"))
    df = compare(con, {"A": ["Terre A"]}, [before, after])
    b, a = row(df, "A", "before"), row(df, "A", "after")
    # before: P1, P2, P3 (rejected), P4 studied; P1, P2, P4 retained
    assert (b.projects_studied, b.projects_retained, b.aid_eur, b.jobs_committed) == (4, 3, 15_000, 6)
    assert b.competence_days == 2
    assert b.years == pytest.approx(2 + H1) and b.active_years == pytest.approx(2 + H1)
    assert b.retained_per_year == pytest.approx(3 / (2 + H1))
    assert b.establishment_years == pytest.approx(2000 + 1200 * H1)
    assert b.retained_per_year_per_1000 == pytest.approx(3 / (2000 + 1200 * H1) * 1000)
    assert b.aid_eur_per_year == pytest.approx(15_000 / (2 + H1))
    assert b.approval_rate == pytest.approx(3 / 4)
    # after: P5 only
    assert (a.projects_studied, a.projects_retained, a.aid_eur, a.competence_days) == (1, 1, 8_000, 1.5)
    assert a.years == pytest.approx(1 + H2)
    assert a.retained_per_year == pytest.approx(1 / (1 + H2))
    assert a.retained_per_year_per_1000 == pytest.approx(1 / (1200 * H2 + 1200) * 1000)
    assert a.establishments == pytest.approx((1200 * H2 + 1200) / (1 + H2))  # = 1200 on average


def test_jobs_created_at_window_end_and_missing_followups(con):
    before = Window("before", d("2000-01-01"), d("2002-06-30"))
    after = Window("after", d("2002-07-01"), d("2003-12-31"))
    df = compare(con, {"A": ["Terre A"], "B": ["Terre B"]}, [before, after])
    b = row(df, "A", "before")
    # at 2002-06-30: P1 4 - 2 = 2; P2 has no follow-up -> 0 and counted missing; P4 3 - 3 = 0
    assert (b.jobs_created, b.missing_followups) == (2, 1)
    assert b.jobs_as_of == d("2002-06-30")
    # at 2003-12-31: P5 1 - 0 = 1 for A; B: P6 3 - 1 = 2, P7 0 - 1: no job created (gross, never negative)
    assert row(df, "A", "after").jobs_created == 1
    assert row(df, "B", "after").jobs_created == 2
    # an explicit date: at 2003-06-30 P5 has no follow-up yet (first visit 2003-09-01)
    df = compare(con, {"A": ["Terre A"]}, [after], as_of=d("2003-06-30"))
    assert (row(df, "A", "after").jobs_created, row(df, "A", "after").missing_followups) == (0, 1)


def test_territory_joining_part_way_through_a_window_counts_pro_rata(con):
    w = Window("2002-2003", d("2002-01-01"), d("2003-12-31"))
    df = compare(con, {"B": ["Terre B"], "Nord": ["Terre A", "Terre B"]}, [w])
    b, n = row(df, "B", "2002-2003"), row(df, "Nord", "2002-2003")
    assert b.active_years == pytest.approx(H2 + 1)           # a member from 1 July 2002
    assert b.establishment_years == pytest.approx(184 + 400)  # 365 × 184/365 + 400
    assert b.projects_retained == 2                           # P6, P7
    assert b.retained_per_year == pytest.approx(2 / (H2 + 1))
    assert b.retained_per_year_per_1000 == pytest.approx(2 / 584 * 1000)
    assert n.active_years == pytest.approx(2)                 # A was there all along
    assert n.establishment_years == pytest.approx(2400 + 584)
    assert n.projects_retained == 4                           # P4, P5, P6, P7
    assert n.retained_per_year_per_1000 == pytest.approx(4 / 2984 * 1000)


def test_a_group_absent_from_a_window_has_zeros_and_no_rates(con):
    df = compare(con, {"B": ["Terre B"]}, [Window("w", d("2000-01-01"), d("2001-12-31"))])
    r = df.iloc[0]
    assert (r.projects_retained, r.establishment_years, r.active_years) == (0, 0, 0)
    assert r.retained_per_year_per_1000 is None and r.retained_per_year is None


def test_missing_establishment_year_borrows_the_nearest(con):
    w = Window("w", d("2003-01-01"), d("2004-06-30"))
    r = compare(con, {"A": ["Terre A"]}, [w]).iloc[0]
    # 2004 has no count for A: 2003's 1200 is used, and the row says so
    assert r.establishment_years == pytest.approx(1200 + 1200 * 182 / 366)
    assert bool(r.establishments_estimated)


def test_any_territory_against_any_other(con):
    w = Window("2002-2003", d("2002-01-01"), d("2003-12-31"))
    df = compare(con, {"A": ["Terre A"], "S": ["Terre S"]}, [w])
    assert row(df, "S", "2002-2003").retained_per_year_per_1000 == pytest.approx(3 / 4000 * 1000)
    assert row(df, "A", "2002-2003").retained_per_year_per_1000 == pytest.approx(2 / 2400 * 1000)


def test_kind_filter(con):
    w = Window("all", d("2000-01-01"), d("2003-12-31"))
    df = compare(con, {"A": ["Terre A"]}, [w], kinds=("creation",))
    assert df.iloc[0].projects_studied == 0


# ---- bad requests -------------------------------------------------------------------------------

def test_bad_windows_and_groups_are_clear_errors(con):
    with pytest.raises(ScopeError, match="vide"):
        Window("w", d("2003-01-01"), d("2002-01-01"))
    with pytest.raises(ScopeError, match="antérieure aux données"):
        compare(con, {"A": ["Terre A"]}, [Window("old", d("1995-01-01"), d("1999-12-31"))])
    with pytest.raises(ScopeError, match="postérieure aux données"):
        compare(con, {"A": ["Terre A"]}, [Window("new", d("2010-01-01"), d("2010-12-31"))])
    with pytest.raises(ScopeError, match="territoire inconnu"):
        compare(con, {"X": ["Atlantide"]}, [Window("w", d("2000-01-01"), d("2000-12-31"))])
    with pytest.raises(ScopeError, match="aucun territoire"):
        compare(con, {"X": []}, [Window("w", d("2000-01-01"), d("2000-12-31"))])
    with pytest.raises(ScopeError, match="en double"):
        w = Window("w", d("2000-01-01"), d("2000-12-31"))
        compare(con, {"A": ["Terre A"]}, [w, w])


def test_extension_errors(con):
    with pytest.raises(ScopeError, match="appartient à Sud"):
        compare_extension(con, "Nord", territory="Terre S")
    with pytest.raises(ScopeError, match="pas d'extension"):
        compare_extension(con, "Sud")
    with pytest.raises(ScopeError, match="depuis son ouverture"):
        compare_extension(con, "Nord", territory="Terre A")
    with pytest.raises(ScopeError, match="bassin inconnu"):
        compare_extension(con, "Ouest")
    with pytest.raises(ScopeError, match="antérieure aux données"):
        compare_extension(con, "Nord", before=(d("1990-01-01"), d("1990-12-31")))


def test_parse_window():
    assert parse_window("2006:2008", "--before") == (d("2006-01-01"), d("2008-12-31"))
    assert parse_window("2006-07-01:31/12/2008", "--before") == (d("2006-07-01"), d("2008-12-31"))
    assert parse_window("2009", "--after") == (d("2009-01-01"), d("2009-12-31"))
    for bad in ("2008:2006", "abc", "2006:", "1:2:3"):
        with pytest.raises(ScopeError):
            parse_window(bad, "--before")


# ---- before / after the extension -----------------------------------------------------------------

def test_default_windows_follow_the_conventions(con):
    newcomer, joined, before, after = default_windows(con, "Nord")
    assert (newcomer, joined) == ("Terre B", d("2002-07-01"))
    assert (before.start, before.end) == (d("2000-01-01"), d("2002-06-30"))
    assert (after.start, after.end) == (d("2002-07-01"), d("2003-12-31"))


def test_default_windows_without_conventions_are_three_years(tmp_path):
    tables = extension_network()
    tables.pop("conventions")
    con = make_db(tmp_path / "nc.duckdb", **tables)
    _, _, before, after = default_windows(con, "nord")  # a basin id works too
    # 3 years before 2002-07-01 would start in 1999, before the basin opened: clipped to 2000-01-01
    assert (before.start, before.end) == (d("2000-01-01"), d("2002-06-30"))
    assert (after.start, after.end) == (d("2002-07-01"), d("2005-06-30"))
    con.close()


def test_extension_rows_share_change_and_did(con):
    res = compare_extension(con, "Nord")
    r = res.rows
    assert list(zip(r.territory, r.window, r.is_total)) == [
        ("Terre A", "before", False), ("Terre B", "before", False), ("Nord", "before", True),
        ("Terre A", "after", False), ("Terre B", "after", False), ("Nord", "after", True)]
    tb, ta = row(r, "Nord", "before"), row(r, "Nord", "after")
    # the total before is A alone (B not yet a member); after, A + B
    assert tb.establishment_years == pytest.approx(2000 + 1200 * H1)
    assert ta.establishment_years == pytest.approx((1200 + 365) * H2 + 1200 + 400)
    assert (ta.projects_studied, ta.projects_retained, ta.aid_eur, ta.jobs_committed) == (4, 3, 18_000, 7)
    assert ta.competence_days == 4.5
    assert ta.jobs_created == 3  # P5 1 + P6 2 + P7 0 (its lost job is no negative creation)
    # the newcomer's share after: 2 of 3 retained, 10 000 of 18 000 €
    assert res.newcomer_share["projects_retained"] == pytest.approx(2 / 3)
    assert res.newcomer_share["aid_eur"] == pytest.approx(10_000 / 18_000)
    # the original perimeter (A) on its own
    ch = res.original_change["retained_per_year_per_1000"]
    assert ch["before"] == pytest.approx(3 / (2000 + 1200 * H1) * 1000)
    assert ch["after"] == pytest.approx(1 / (1200 * H2 + 1200) * 1000)
    assert ch["change"] == pytest.approx(ch["after"] - ch["before"])
    assert res.original == ("Terre A",)
    # DiD: control Sud has Q1, Q2 before and Q3, Q4, Q5 after, 2000 establishments all along
    e_tb, e_ta = 2000 + 1200 * H1, (1200 + 365) * H2 + 1600
    e_cb, e_ca = 2000 * (2 + H1), 2000 * (1 + H2)
    expected = 1000 * ((3 / e_ta - 3 / e_tb) - (3 / e_ca - 2 / e_cb))
    assert res.did.estimate == pytest.approx(expected)
    assert res.did.counts == (3, 3, 2, 3)
    assert res.did.low < res.did.estimate < res.did.high
    assert res.did.includes_zero  # 11 projects in all: noise
    assert "contient zéro" in res.summary("fr") and "bruit" in res.summary("fr")
    assert "Terre B" in res.summary("fr")
    en = res.summary("en")
    assert "includes zero" in en and "Terre B" in en


def test_extension_with_custom_windows_and_no_newcomer(con):
    res = compare_extension(con, "Sud", before=(d("2000-01-01"), d("2001-12-31")),
                            after=(d("2002-01-01"), d("2003-12-31")))
    assert res.newcomer is None and res.newcomer_share == {}
    assert list(res.rows.territory) == ["Terre S", "Sud", "Terre S", "Sud"]
    assert res.did is not None and "extension à" not in res.summary("fr")
    out = res.to_dict()
    assert out["windows"] == {"before": ["2000-01-01", "2001-12-31"], "after": ["2002-01-01", "2003-12-31"]}
    json.dumps(out)  # plain JSON: no NaN, dates or numpy numbers left


def test_only_one_window_given_keeps_the_other_default(con):
    res = compare_extension(con, "Nord", after=(d("2002-07-01"), d("2002-12-31")))
    assert (res.before.start, res.before.end) == (d("2000-01-01"), d("2002-06-30"))
    assert res.after.end == d("2002-12-31")


# ---- the interval -------------------------------------------------------------------------------

def test_did_interval_is_seeded_and_close_to_normal_for_large_counts():
    a = did_poisson([400, 500, 4000, 4100], [100_000, 100_000, 1_000_000, 1_000_000])
    b = did_poisson([400, 500, 4000, 4100], [100_000, 100_000, 1_000_000, 1_000_000])
    assert a == b
    assert a.estimate == pytest.approx(1.0 - 0.1)
    assert a.low == pytest.approx(a.estimate - 1.96 * a.se_normal, abs=0.05)
    assert a.high == pytest.approx(a.estimate + 1.96 * a.se_normal, abs=0.05)
    assert not a.includes_zero


def test_did_interval_handles_zero_counts():
    r = did_poisson([0, 2, 5, 5], [1000, 1000, 5000, 5000])
    assert r.estimate == pytest.approx(2.0)
    assert r.low < r.estimate < r.high and r.high > r.low + 1  # wide: 2 projects prove little


# ---- properties ---------------------------------------------------------------------------------

DAYS = st.integers(min_value=0, max_value=(dt.date(2003, 12, 31) - dt.date(2000, 1, 1)).days)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(a=DAYS, b=DAYS)
def test_territories_add_up_to_the_basin_total(con, a, b):
    start, end = sorted((dt.date(2000, 1, 1) + dt.timedelta(days=a), dt.date(2000, 1, 1) + dt.timedelta(days=b)))
    assume(end >= dt.date(2000, 6, 1) and start <= dt.date(2003, 6, 1))  # committees of Nord: 2000-06..2003-06
    w = Window("w", start, end)
    df = compare(con, {"Terre A": ["Terre A"], "Terre B": ["Terre B"], "Nord": ["Terre A", "Terre B"]}, [w])
    parts, total = df[df.group != "Nord"], df[df.group == "Nord"].iloc[0]
    for col in ("projects_studied", "projects_retained", "aid_eur", "competence_days", "jobs_committed",
                "jobs_created", "missing_followups"):
        assert parts[col].sum() == total[col]
    assert parts["establishment_years"].sum() == pytest.approx(total["establishment_years"])
    assert total["years"] == pytest.approx(sum(year_fractions(start, end).values()))


@given(a=st.integers(0, 20_000), b=st.integers(0, 20_000))
def test_year_fractions_add_up_to_the_days(a, b):
    start, end = sorted((dt.date(1990, 1, 1) + dt.timedelta(days=a), dt.date(1990, 1, 1) + dt.timedelta(days=b)))
    fr = year_fractions(start, end)
    days = sum(f * (366 if y % 4 == 0 and (y % 100 or y % 400 == 0) else 365) for y, f in fr.items())
    assert days == pytest.approx((end - start).days + 1)


# ---- the demo network and the command line ------------------------------------------------------

@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):

    return rebuild.build(tmp_path_factory.mktemp("demo") / "x.duckdb")


def test_demo_savoie_default_windows(demo_db):
    import duckdb

    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        res = compare_extension(con, "alIZé Savoie")
    finally:
        con.close()
    assert res.newcomer == "Maurienne" and res.joined_on == d("2009-01-01")
    assert (res.before.start, res.before.end) == (d("2006-01-01"), d("2008-12-31"))
    assert (res.after.start, res.after.end) == (d("2009-01-01"), d("2011-12-31"))
    total_after = row(res.rows, "alIZé Savoie", "after")
    assert 7_500 < total_after.establishments < 8_500  # Chambéry + Maurienne: about 8,000
    assert 6_000 < row(res.rows, "alIZé Savoie", "before").establishments < 6_600  # Chambéry alone


def test_cli_json_shape(demo_db):
    out = subprocess.run([sys.executable, "-m", "alize", "compare", "--basin", "alIZé Savoie", "--json",
                          "--db", str(demo_db)], cwd=ROOT, capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    assert data["windows"] == {"before": ["2006-01-01", "2008-12-31"], "after": ["2009-01-01", "2011-12-31"]}
    assert {(r["territory"], r["window"], r["is_total"]) for r in data["rows"]} == {
        (t, w, t == "alIZé Savoie") for t in ("Chambéry", "Maurienne", "alIZé Savoie") for w in ("before", "after")}
    for r in data["rows"]:
        for key in ("projects_studied", "projects_retained", "aid_eur", "competence_days", "jobs_committed",
                    "establishments", "retained_per_year_per_1000"):
            assert key in r
    assert set(data["did"]) >= {"estimate", "low", "high"}
    assert data["did"]["low"] <= data["did"]["estimate"] <= data["did"]["high"]
    assert isinstance(data["summary_fr"], str) and "pour 1 000 établissements" in data["summary_fr"]


def test_cli_table_and_bad_input(demo_db):
    ok = subprocess.run([sys.executable, "-m", "alize", "compare", "--basin", "savoie", "--before", "2006:2008",
                         "--after", "2009:2010", "--db", str(demo_db)], cwd=ROOT, capture_output=True, text=True,
                        check=False)
    assert ok.returncode == 0 and "Maurienne" in ok.stdout and "Différence des différences" in ok.stdout
    bad = subprocess.run([sys.executable, "-m", "alize", "compare", "--basin", "alIZé Savoie", "--territory",
                          "Verdun", "--db", str(demo_db)], cwd=ROOT, capture_output=True, text=True,
                         check=False)
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0 and "Verdun" in bad.stderr


def test_a_territory_without_any_establishment_count_is_named(tmp_path):
    net = extension_network()
    net["establishments"] = [e for e in net["establishments"] if e["territory"] != "b"]
    with make_db(tmp_path / "t.duckdb", **net) as c:
        with pytest.raises(ScopeError, match="aucun nombre d'établissements employeurs pour le territoire Terre B"):
            compare(c, {"AB": ["Terre A", "Terre B"]}, [Window("w", d("2003-01-01"), d("2003-12-31"))])
        # before B joined it needs no count
        r = compare(c, {"AB": ["Terre A", "Terre B"]}, [Window("w", d("2000-01-01"), d("2001-12-31"))]).iloc[0]
        assert r.establishment_years == pytest.approx(2000)


# ---- the summary sentences: catalog templates (sentence.extension.*), same words as before them ---------
# Captured from the hand-written French and English functions before the templates replaced them, then
# (issue 17) with the interval labelled as counting noise, the original perimeter's own change and DiD, the
# composition, the newcomer's share of establishments beside its share of projects, and the placebo test.

SAVOIE_FR = (
    'alIZé Savoie (extension à la Maurienne le 01/01/2009) retient 1,45 projet par an pour 1 000 '
    'établissements employeurs en 2006–2008 et 1,62 en 2009–2011 (+0,17), quand le reste du réseau '
    'passe de 1,32 à 1,37 (+0,05) ; la différence des différences vaut +0,12 projet par an pour 1 000'
    ' établissements (intervalle à 95 % : \u22120,71 à 0,91, qui ne couvre que le bruit de comptage). '
    "L'intervalle contient zéro : l'écart ne se distingue pas du bruit statistique. Sur son périmètre"
    " d'origine (Chambéry), le taux passe de 1,45 à 1,26 (\u22120,18) : une différence des différences de "
    '\u22120,24 sur ce seul périmètre. Le changement du total tient donc à la composition du bassin : '
    "La Maurienne l'a rejoint avec un taux de 2,92. La Maurienne compte pour 38,5\xa0% des projets retenus du "
    "bassin en 2009–2011, pour 21,3\xa0% de ses établissements. Test placebo : traités comme s'ils "
    'avaient été étendus à la même date, les 6 autres bassins donnent des différences des différences'
    ' de \u22120,16 à +0,34 ; celle du bassin étendu se classe au rang 4 sur 7 en valeur absolue (p = 0,57'
    ' par permutation). Prudence : peu de projets (27 puis 39 retenus dans le bassin) et comparaison '
    "d'observation, qui ne prouve pas à elle seule un effet de l'extension (conjoncture, équipe et "
    'partenaires ont aussi changé).')
SAVOIE_EN = (
    'alIZé Savoie (extended to Maurienne on 2009-01-01) retained 1.45 projects per year per 1,000 '
    'employer establishments in 2006–2008 and 1.62 in 2009–2011 (+0.17), while the rest of the '
    'network went from 1.32 to 1.37 (+0.05); the difference-in-differences is +0.12 projects per year'
    ' per 1,000 establishments (95% interval: \u22120.71 to 0.91, covering counting noise only). The '
    'interval includes zero: the change is not distinguishable from noise. On its original perimeter '
    '(Chambéry) the rate went from 1.45 to 1.26 (\u22120.18): a difference-in-differences of \u22120.24 on that'
    " perimeter alone. The total's change is therefore one of composition: Maurienne joined with a "
    "rate of 2.92. Maurienne accounts for 38.5% of the basin's retained projects in 2009–2011, "
    'against 21.3% of its establishments. Placebo test: treated as if extended on the same date, the '
    "6 other basins give differences-in-differences from \u22120.16 to +0.34; the extended basin's ranks 4"
    ' of 7 in absolute value (permutation p = 0.57). Caution: few projects (27 then 39 retained in '
    'the basin), and an observational comparison that cannot by itself prove an effect of the '
    'extension (the economy, staff and partners changed too).')


def test_demo_savoie_summary_in_both_languages(demo_db):
    import duckdb

    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        res = compare_extension(con, "alIZé Savoie")
    finally:
        con.close()
    assert res.summary() == res.summary("fr") == SAVOIE_FR
    assert res.summary("en") == SAVOIE_EN
    assert res.to_dict()["summary_fr"] == SAVOIE_FR and res.to_dict()["summary_en"] == SAVOIE_EN


RISE = DiD(1.234, 0.4, 2.05, 1.0, 2.5, 1.2, 1.466, counts=(10, 25, 12, 15), exposures=(1e4, 1e4, 1e4, 1e4))
FALL = DiD(-0.75, -1.5, -0.01, 2.0, 1.0, 1.0, 0.75, counts=(20, 10, 10, 8), exposures=(1e4, 1e4, 1e4, 1e4))
HAND = {
    "rise": ((
        'Nord (extension à Terre B le 01/07/2002) retient 1,00 projet par an pour 1 000 établissements'
        ' employeurs du 01/01/2000 au 30/06/2002 et 2,50 du 01/07/2002 au 31/12/2003 (+1,50), quand le '
        'reste du réseau passe de 1,20 à 1,47 (+0,27) ; la différence des différences vaut +1,23 projet '
        'par an pour 1 000 établissements (intervalle à 95 % : 0,40 à 2,05, qui ne couvre que le bruit de'
        " comptage). L'intervalle exclut zéro : cette hausse relative dépasse le bruit statistique. Sur "
        "son périmètre d'origine (Terre A), le taux passe de 1,16 à 0,55 (\u22120,60) : une différence des "
        'différences de \u22120,87 sur ce seul périmètre. Le changement du total tient donc à la composition '
        "du bassin : Terre B l'a rejoint avec un taux de 3,42. Terre B compte pour 66,7\xa0% des projets "
        'retenus du bassin du 01/07/2002 au 31/12/2003, pour 24,4\xa0% de ses établissements. Prudence : peu'
        " de projets (3 puis 3 retenus dans le bassin) et comparaison d'observation, qui ne prouve pas à "
        "elle seule un effet de l'extension (conjoncture, équipe et partenaires ont aussi changé)."),
        (
            'Nord (extended to Terre B on 2002-07-01) retained 1.00 projects per year per 1,000 employer '
            'establishments from 2000-01-01 to 2002-06-30 and 2.50 from 2002-07-01 to 2003-12-31 (+1.50), '
            'while the rest of the network went from 1.20 to 1.47 (+0.27); the difference-in-differences is '
            '+1.23 projects per year per 1,000 establishments (95% interval: 0.40 to 2.05, covering counting '
            'noise only). The interval excludes zero: this relative rise is larger than statistical noise. On'
            ' its original perimeter (Terre A) the rate went from 1.16 to 0.55 (\u22120.60): a '
            "difference-in-differences of \u22120.87 on that perimeter alone. The total's change is therefore one "
            "of composition: Terre B joined with a rate of 3.42. Terre B accounts for 66.7% of the basin's "
            'retained projects from 2002-07-01 to 2003-12-31, against 24.4% of its establishments. Caution: '
            'few projects (3 then 3 retained in the basin), and an observational comparison that cannot by '
            'itself prove an effect of the extension (the economy, staff and partners changed too).')),
    "fall": ((
        'Nord (extension à Terre B le 01/07/2002) retient 2,00 projets par an pour 1 000 établissements'
        ' employeurs du 01/01/2000 au 30/06/2002 et 1,00 du 01/07/2002 au 31/12/2003 (\u22121,00), quand le '
        'reste du réseau passe de 1,00 à 0,75 (\u22120,25) ; la différence des différences vaut \u22120,75 projet '
        'par an pour 1 000 établissements (intervalle à 95 % : \u22121,50 à \u22120,01, qui ne couvre que le bruit '
        "de comptage). L'intervalle exclut zéro : cette baisse relative dépasse le bruit statistique. Sur"
        " son périmètre d'origine (Terre A), le taux passe de 1,16 à 0,55 (\u22120,60) : une différence des "
        'différences de \u22120,35 sur ce seul périmètre. Le changement du total tient donc à la composition '
        "du bassin : Terre B l'a rejoint avec un taux de 3,42. Prudence : peu de projets (3 puis 3 "
        "retenus dans le bassin) et comparaison d'observation, qui ne prouve pas à elle seule un effet de"
        " l'extension (conjoncture, équipe et partenaires ont aussi changé)."),
        (
            'Nord (extended to Terre B on 2002-07-01) retained 2.00 projects per year per 1,000 employer '
            'establishments from 2000-01-01 to 2002-06-30 and 1.00 from 2002-07-01 to 2003-12-31 (\u22121.00), '
            'while the rest of the network went from 1.00 to 0.75 (\u22120.25); the difference-in-differences is '
            '\u22120.75 projects per year per 1,000 establishments (95% interval: \u22121.50 to \u22120.01, covering '
            'counting noise only). The interval excludes zero: this relative fall is larger than statistical '
            'noise. On its original perimeter (Terre A) the rate went from 1.16 to 0.55 (\u22120.60): a '
            "difference-in-differences of \u22120.35 on that perimeter alone. The total's change is therefore one "
            'of composition: Terre B joined with a rate of 3.42. Caution: few projects (3 then 3 retained in '
            'the basin), and an observational comparison that cannot by itself prove an effect of the '
            'extension (the economy, staff and partners changed too).')),
    "no_did": ((
        'Nord (extension à Terre B le 01/07/2002) retient 1,16 projet par an pour 1 000 établissements'
        ' employeurs du 01/01/2000 au 30/06/2002 et 1,26 du 01/07/2002 au 31/12/2003 ; sans autre bassin '
        "pour témoin, la différence des différences n'est pas calculable. Sur son périmètre d'origine "
        '(Terre A), le taux passe de 1,16 à 0,55 (\u22120,60). Le changement du total tient donc à la '
        "composition du bassin : Terre B l'a rejoint avec un taux de 3,42. Terre B compte pour 66,7\xa0% des"
        ' projets retenus du bassin du 01/07/2002 au 31/12/2003, pour 24,4\xa0% de ses établissements. '
        "Prudence : peu de projets (3 puis 3 retenus dans le bassin) et comparaison d'observation, qui ne"
        " prouve pas à elle seule un effet de l'extension (conjoncture, équipe et partenaires ont aussi "
        'changé).'),
        (
            'Nord (extended to Terre B on 2002-07-01) retained 1.16 projects per year per 1,000 employer '
            'establishments from 2000-01-01 to 2002-06-30 and 1.26 from 2002-07-01 to 2003-12-31; with no '
            'other basin as a control, the difference-in-differences cannot be computed. On its original '
            "perimeter (Terre A) the rate went from 1.16 to 0.55 (\u22120.60). The total's change is therefore one"
            " of composition: Terre B joined with a rate of 3.42. Terre B accounts for 66.7% of the basin's "
            'retained projects from 2002-07-01 to 2003-12-31, against 24.4% of its establishments. Caution: '
            'few projects (3 then 3 retained in the basin), and an observational comparison that cannot by '
            'itself prove an effect of the extension (the economy, staff and partners changed too).')),
}


@pytest.mark.parametrize("case", list(HAND))
def test_summary_branches_on_hand_made_results(con, case):
    """The interval excluding zero (a rise, a fall without a newcomer share) and no control at all."""
    base = compare_extension(con, "Nord")
    changed = {"rise": {"did": RISE}, "fall": {"did": FALL, "newcomer_share": {}},
               "no_did": {"did": None, "control": None}}[case]
    res = dataclasses.replace(base, **changed)
    assert (res.summary("fr"), res.summary("en")) == HAND[case]


# ---- placebo inference and the interval's stability (issue 17) -----------------------------------------

def test_the_placebo_rank_where_the_answer_is_known(tmp_path):
    from tests.builders import placebo_network

    c = make_db(tmp_path / "p.duckdb", **placebo_network())
    try:
        res = compare_extension(c, "Bassin T")
    finally:
        c.close()
    assert res.did.estimate == pytest.approx(1.5)
    assert [(p["basin"], round(p["did"], 6)) for p in res.placebo] == [
        ("Bassin C3", -0.75), ("Bassin C1", 0.0), ("Bassin C2", 0.75)]
    assert (res.placebo_rank, res.placebo_p_value) == (1, pytest.approx(1 / 4))  # the most extreme of four
    # the original perimeter (T1): 2 then 6 retained over 2 000 establishment-years: 1,00 -> 3,00
    assert res.original_change["retained_per_year_per_1000"]["change"] == pytest.approx(2.0)
    data = res.to_dict()
    assert (data["placebo_rank"], data["placebo_p_value"]) == (1, 0.25) and len(data["placebo"]) == 3
    assert "rang 1 sur 4" in res.summary("fr") and "ranks 1 of 4" in res.summary("en")


def test_placebo_ties_count_against_the_real_basin():
    assert placebo_rank(0.5, [-0.5, 0.2, 0.9]) == (3, 0.75)
    assert placebo_rank(-2.0, [0.1, 1.0]) == (1, pytest.approx(1 / 3))


def test_the_interval_moves_less_than_0_005_between_seeds(demo_db):
    import duckdb

    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        d0 = compare_extension(con, "alIZé Savoie").did
    finally:
        con.close()
    bounds = [did_poisson(d0.counts, d0.exposures, seed=seed) for seed in (1, 2, 3)]
    for name in ("low", "high"):
        values = [getattr(b, name) for b in bounds] + [getattr(d0, name)]
        assert max(values) - min(values) < 0.005, (name, values)


def test_compare_json_carries_the_original_perimeter_and_the_placebo(demo_db):
    import json
    import subprocess
    import sys
    from pathlib import Path

    out = subprocess.run([sys.executable, "-m", "alize", "compare", "--basin", "alIZé Savoie", "--json",
                          "--db", str(demo_db)], cwd=Path(__file__).resolve().parent.parent, capture_output=True,
                         text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    rate = data["original_perimeter"]["retained_per_year_per_1000"]
    assert data["original_perimeter"]["territories"] == ["Chambéry"]
    assert (round(rate["before"], 2), round(rate["after"], 2)) == (1.45, 1.26)  # Chambéry's own rate fell
    assert round(data["newcomer_share"]["projects_retained"], 3) == 0.385
    assert round(data["newcomer_share"]["establishments"], 3) == 0.213
    assert len(data["placebo"]) == 6 and {"basin", "did"} == set(data["placebo"][0])
    assert "alIZé Savoie" not in {p["basin"] for p in data["placebo"]}
    assert 1 <= data["placebo_rank"] <= 7 and data["placebo_p_value"] == pytest.approx(data["placebo_rank"] / 7)


def test_the_brief_summary_keeps_the_verdict_the_original_perimeter_the_placebo_and_the_caution(demo_db):
    """The slide's version: no composition and no shares (the territories page has them), the rest as is."""
    from alize.store import db

    con = db.connect(demo_db, read_only=True)
    try:
        res = compare_extension(con, "alIZé Savoie")
    finally:
        con.close()
    brief, full = res.summary("fr", brief=True), res.summary("fr")
    assert brief != full and len(brief) < len(full)
    for kept in ("différence des différences vaut", "L'intervalle contient zéro", "périmètre d'origine",
                 "Test placebo", "Prudence"):
        assert kept in brief, kept
    assert "composition" not in brief and "compte pour" not in brief
