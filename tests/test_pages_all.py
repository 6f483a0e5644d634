"""Every page through AppTest: renders without an exception, shows the figures the domain computes
for a known scope, and reacts to each shared filter."""

import base64
import datetime as dt
import json

import numpy as np
import pytest

from alize import text
from alize.metrics import compare, fund, jobs, partners, records
from alize.scope import Scope
from alize.store import db
from tests.builders import chart_elements, open_page, shown, tables

PAGES = ["pages/vue-ensemble.py", "pages/territoires.py", "pages/comites.py", "pages/projets.py",
         "pages/emplois.py", "pages/partenaires.py", "pages/fonds.py"]
# every page as it opens, and the territories page's other tabs (only the open one runs)
VIEWS = [(p, {}) for p in PAGES] + [("pages/territoires.py", {"view": "extension"}),
                                    ("pages/territoires.py", {"view": "free", "cmp_a": "Chambéry"}),
                                    ("pages/partenaires.py", {"view": "themes"}),
                                    ("pages/partenaires.py", {"view": "contributions"}),
                                    ("pages/fonds.py", {"view": "recovery"}), ("pages/fonds.py", {"view": "basins"})]
NBSP = "\u00a0"


def signature(at) -> tuple:
    """What a user sees change: tiles, table sizes, captions, messages and the charts' data."""
    drawn = tuple(json.dumps(c.figure)[:4000] for c in chart_elements(at))
    return (tuple((m.label, m.value) for m in at.metric),
            tuple(str(t.value.shape) for t in tables(at)),
            tuple(c.value for c in at.caption), tuple(i.value for i in at.info), drawn)


@pytest.fixture()
def con(demo_env):
    c = db.connect(demo_env, read_only=True)
    yield c
    c.close()


@pytest.mark.parametrize("page,view", VIEWS)
def test_every_page_renders(demo_env, page, view):
    at = open_page(page, **{"from": "2006-01-01", "to": "2020-12-31"}, **view)
    assert at.title, "every page has a title"


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("widget,value", [("basin", "alIZé Meuse"), ("territory", "Maurienne"),
                                          ("sector", "C"), ("kind", "creation")])
def test_every_page_reacts_to_each_filter(demo_env, page, widget, value):
    at = open_page(page, **{"from": "2009-01-01", "to": "2011-12-31"})
    before = signature(at)
    at.multiselect(key=widget).select(value).run()
    assert not at.exception
    assert signature(at) != before, f"{page} ignores the {widget} filter"


@pytest.mark.parametrize("page", [p for p in PAGES if p != "pages/territoires.py"])
def test_every_page_reacts_to_the_period(demo_env, page):
    at = open_page(page, **{"from": "2009-01-01", "to": "2011-12-31"})
    before = signature(at)
    at.date_input(key="from").set_value(__import__("datetime").date(2010, 1, 1)).run()
    assert not at.exception
    assert signature(at) != before


def test_territories_page_shows_the_maurienne_comparison(demo_env, con):
    at = open_page("pages/territoires.py", view="extension")
    expected = compare.compare_extension(con, "alIZé Savoie")
    metrics = {m.label: m.value for m in at.metric}
    share = text.fmt_pct(expected.newcomer_share["projects_retained"])
    assert metrics["Part de la Maurienne (retenus, après)"] == share
    assert metrics["Différence des différences"] == text.fmt_number(expected.did.estimate, 2)
    assert any(text.md_text(expected.summary("fr")) == i.value for i in at.info)  # shown as text, never markup
    # default windows: the conventions around 2009-01-01
    assert "01/01/2009" in " ".join(c.value for c in at.caption)
    # the placebo test: its chart, and the rank and p-value under it
    assert "placebo" in [c.key for c in chart_elements(at)]
    assert any(f"{expected.placebo_rank} sur 7" in c.value and text.fmt_number(expected.placebo_p_value, 2) in c.value
               for c in at.caption)
    assert "tous secteurs" not in " ".join(c.value for c in at.caption)  # no sector filter


def test_territories_page_says_the_rate_divides_by_every_sector(demo_env):
    # under the scope's territories, the extension's figures and the free comparison: one tab each
    for view in ("scope", "extension", "free"):
        at = open_page("pages/territoires.py", sector="C", cmp_a="Chambéry", view=view)
        notes = [c.value for c in at.caption if "pour 1 000 établissements, tous secteurs" in c.value]
        assert len(notes) == 1, view
        if view == "extension":
            assert any("tous secteurs" in i.value for i in at.info)  # the sentence says it too


TERRITORY_TABS = ["Par territoire", "Avant et après une extension", "Comparaison libre"]


@pytest.mark.parametrize("params,opened", [
    ({}, "scope"), ({"view": "extension"}, "extension"), ({"view": "free"}, "free"),
    ({"view": "nowhere"}, "scope"),  # a mistyped name: the first tab
    ({"newcomer": "Maurienne"}, "extension"), ({"cmp_a": "Chambéry"}, "free"),  # links from before the tabs
])
def test_territories_page_runs_only_its_open_tab(demo_env, params, opened):
    at = open_page("pages/territoires.py", **params)
    assert [t.label for t in at.tabs] == TERRITORY_TABS
    keys = {c.key for c in chart_elements(at)}
    subheaders = [shown(s.value) for s in at.subheader]
    # each tab's own content, and nothing of the others: they did not run
    assert ("scope_rates" in keys and "map" in keys) == (opened == "scope")
    assert ("Les territoires du périmètre" in subheaders) == (opened == "scope")
    assert ("Différence des différences" in [m.label for m in at.metric]) == (opened == "extension")
    assert ("cmp_a" in [w.key for w in at.multiselect]) == (opened == "free")


def test_territories_page_switches_tab_and_language(demo_env):
    at = open_page("pages/territoires.py")
    at.session_state["territories_view"] = "Comparaison libre"
    at.run()
    assert "cmp_a" in [w.key for w in at.multiselect]
    at.query_params["view"] = "free"  # what the tab's callback writes in the browser (tested there)
    at.button_group(key="lang").set_value("EN").run()
    assert not at.exception
    assert [t.label for t in at.tabs] == ["By territory", "Before and after an extension", "Free comparison"]
    assert "cmp_a" in [w.key for w in at.multiselect]  # still the free comparison, in English


def test_committees_page_lists_the_41_committees_of_2010_and_opens_one(demo_env, con):
    at = open_page("pages/comites.py", **{"from": "2010-01-01", "to": "2010-12-31"})
    assert tables(at)[0].value.shape[0] == 41
    first = records.committees(con, Scope.year(2010)).iloc[0]
    at = open_page("pages/comites.py", **{"from": "2010-01-01", "to": "2010-12-31",
                                             "committee": first["committee"]})
    agenda = records.committee_projects(con, first["committee"])
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Projets étudiés"] == str(len(agenda))
    assert metrics["Aide accordée"] == text.fmt_eur(int(agenda.loc[agenda.decision == "retained", "aid_eur"].sum()))
    assert tables(at)[1].value.shape[0] == len(agenda)


def test_projects_page_searches_and_opens_a_card(demo_env, con):
    at = open_page("pages/projets.py", **{"from": "2010-01-01", "to": "2010-12-31"})
    assert "72 projets" in [c.value for c in at.caption]
    at.text_input(key="q").input("usinage").run()
    found = records.projects(con, Scope.year(2010), "usinage")
    assert tables(at)[0].value.shape[0] == len(found) < 72
    chosen = found.iloc[0]["project"]
    at = open_page("pages/projets.py", **{"from": "2010-01-01", "to": "2010-12-31", "project": chosen})
    card = records.project_card(con, chosen)
    assert any(card.info["company"] in s.value for s in at.subheader)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Aide accordée"] == text.fmt_eur(card.info["aid_eur"])


def test_jobs_page_figures(demo_env, con):
    at = open_page("pages/emplois.py", **{"from": "2006-01-01", "to": "2020-12-31"})
    s = jobs.jobs_summary(con, Scope.years(2006, 2020), jobs.default_as_of(con))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Emplois créés"] == text.fmt_number(s.jobs_created)
    assert metrics["Emplois maintenus"] == text.fmt_number(s.jobs_maintained)
    assert metrics["Variation nette des effectifs"] == text.fmt_number(s.jobs_net_change)
    assert metrics["Réalisation à 3 ans"] == text.fmt_pct(s.realisation_rate_3y)
    assert metrics["Réalisation à 5 ans"] == text.fmt_pct(s.realisation_rate_5y)
    assert metrics["Pérennité à 3 ans"] == text.fmt_pct(s.survival_rate_3y)
    assert metrics["Pérennité à 5 ans"] == text.fmt_pct(s.survival_rate_5y)
    assert any("Insee Première n° 1543" in c.value for c in at.caption)


def test_partners_page_figures(demo_env, con):
    at = open_page("pages/partenaires.py", **{"from": "2010-01-01", "to": "2010-12-31"})
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Jours de compétences"] == "225"  # the newsletter's 225 days, by partner
    contrib = partners.contributions_by_partner(con, Scope.year(2010))
    assert metrics["Versements au fonds sur la période"] == text.fmt_eur(int(contrib["amount_eur"].sum()))


PARTNER_TABS = ["Jours par partenaire", "Jours par thème", "Versements par partenaire"]


@pytest.mark.parametrize("view,drawn", [(None, "days_by_partner"), ("themes", "days_by_theme"),
                                        ("contributions", "contributions_by_partner"), ("nowhere", "days_by_partner")])
def test_partners_page_draws_only_its_open_breakdown(demo_env, con, view, drawn):
    """One breakdown at a time: the open tab's chart, drawn from the scope's figures; the others did not run."""
    at = open_page("pages/partenaires.py", **{"from": "2010-01-01", "to": "2010-12-31", **({"view": view} if view else {})})
    assert [t.label for t in at.tabs] == PARTNER_TABS
    charts = {c.key: c for c in chart_elements(at)}
    assert set(charts) == {"partners_over_time", drawn}
    bars = charts[drawn].figure["data"][0]
    if drawn == "contributions_by_partner":
        paying = partners.contributions_by_partner(con, Scope.year(2010)).query("amount_eur > 0").head(15)
        assert sum(_values(bars["x"])) == int(paying["amount_eur"].sum())
    else:
        assert sum(_values(bars["x"])) == pytest.approx(225 if drawn == "days_by_theme" else
                                               partners.days_by_partner(con, Scope.year(2010)).head(15)["days"].sum())


def test_fund_page_figures(demo_env, con):
    at = open_page("pages/fonds.py", **{"from": "2010-01-01", "to": "2010-12-31"})
    pos = fund.fund_total(con, Scope.year(2010))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Encours"] == text.fmt_eur(pos.outstanding_eur)
    assert metrics["Disponible"] == text.fmt_eur(pos.available_eur)
    assert pos.outstanding_eur == pos.disbursed_eur - pos.repaid_eur - pos.written_off_eur
    risk = fund.portfolio_risk(con, Scope.year(2010))
    assert metrics["PAR30"] == text.fmt_pct(risk.par30) and metrics["PAR90"] == text.fmt_pct(risk.par90)
    assert metrics["Impayés"] == text.fmt_eur(risk.arrears_eur)
    assert [t.label for t in at.tabs] == FUND_TABS


FUND_TABS = ["Remboursements par cohorte", "Recouvrement à 3 ans par cohorte", "Par bassin"]


@pytest.mark.parametrize("view,drawn", [(None, ("cohort_rates", "repayment_by_cohort")),
                                        ("recovery", ("recovery_table", "recovery_by_cohort")),
                                        ("basins", ("fund_by_basin", None)), ("nowhere", ("cohort_rates", "repayment_by_cohort"))])
def test_fund_page_draws_only_its_open_breakdown(demo_env, con, view, drawn):
    """The position and its trend on top; under them one breakdown at a time, the others not run."""
    at = open_page("pages/fonds.py", **{"from": "2010-01-01", "to": "2010-12-31", **({"view": view} if view else {})})
    assert [t.label for t in at.tabs] == FUND_TABS
    assert [t.key for t in tables(at)] == [drawn[0]]
    assert {c.key for c in chart_elements(at)} == {"fund_over_time", *([drawn[1]] if drawn[1] else [])}
    shown = tables(at)[0].value
    if view == "recovery":
        expected = fund.recovery_by_cohort(con, Scope.years(2006, 2010))
        assert shown["Prêts"].tolist() == expected["loans"].tolist()
    elif view == "basins":
        assert len(shown) == 7 and shown["Bassin"].tolist()[-1] == "alIZé Savoie"
    else:  # every cohort from the data's first year to the scope's end
        expected = fund.fund_page(con, Scope.year(2010), __import__("datetime").date(2006, 1, 1)).cohorts
        assert shown["Projets retenus"].tolist() == expected["projects"].tolist() and len(expected) == 5


def test_fund_recovery_tab_says_no_cohort_is_3_years_old_yet(demo_env):
    """2006 alone: its cohort exists (the first tab draws it) but none is 3 years old by the period's end."""
    at = open_page("pages/fonds.py", **{"from": "2006-01-01", "to": "2006-12-31", "view": "recovery"})
    assert "Aucune cohorte n'a encore 3 ans d'échéances à la fin de la période." in [c.value for c in at.caption]
    assert not tables(at)
    at = open_page("pages/fonds.py", **{"from": "2006-01-01", "to": "2006-12-31"})
    assert [t.key for t in tables(at)] == ["cohort_rates"]


@pytest.mark.parametrize("page", PAGES)
def test_empty_selection_shows_a_message(demo_env, page):
    """Meuse has no Maurienne: a basin + foreign territory leaves nothing, and says so."""
    at = open_page(page, **{"from": "2010-01-01", "to": "2010-01-02"})
    assert not at.exception
    assert at.info or at.caption, "an empty scope explains itself"


def test_import_and_quality_pages_render_for_an_editor(demo_env):
    """Open mode (no secrets) is the local admin: both data pages render their sections."""
    at = open_page("pages/import.py")
    assert [t.value for t in at.title] == ["Import des données"]
    assert "Journal des imports" in [s.value for s in at.subheader]
    at = open_page("pages/qualite.py")
    labels = [e.label for e in at.expander]
    assert any(label.startswith("Écarts avec les chiffres publiés (2010) — 0") for label in labels)
    assert any(label.startswith("Comités sans projet") for label in labels)


def test_search_ignores_accents_and_case(tmp_path):
    """"chambery" finds the firm in Chambéry, "ELISE" finds « Atelier Élise », "é" alone matches "e"."""
    import duckdb

    from alize.ingest import rebuild
    from tests.builders import make_db, small_network

    tables = small_network()
    tables["territories"][0]["name"] = "Chambéry"
    tables["projects"][0]["company"] = "Atelier Élise"
    path = tmp_path / "net.duckdb"
    make_db(path, **tables).close()
    with duckdb.connect(str(path)) as c:
        rebuild.create(c)
    with duckdb.connect(str(path), read_only=True) as c:
        sc = Scope(dt.date(2000, 1, 1), dt.date(2003, 12, 31))
        assert list(records.projects(c, sc, "chambery")["project"]) == ["P2", "P1"]  # both in Chambéry (Terre A)
        assert list(records.projects(c, sc, "ELISE")["project"]) == ["P1"]
        assert list(records.projects(c, sc, "atelier élise")["project"]) == ["P1"]
        assert records.projects(c, sc, "zzz").empty


def test_tables_put_the_firm_the_decision_the_aid_and_the_jobs_first(demo_env):
    first = ["Entreprise", "Décision", "Aide accordée", "Emplois engagés"]
    at = open_page("pages/projets.py", **{"from": "2010-01-01", "to": "2010-12-31"})
    assert list(tables(at)[0].value.columns[:4]) == first
    at = open_page("pages/fiche-comite.py", **{"from": "2010-01-01", "to": "2010-12-31"})
    assert list(tables(at)[0].value.columns[:4]) == first
    at = open_page("pages/comites.py", **{"from": "2010-01-01", "to": "2010-12-31"})
    assert list(tables(at)[0].value.columns[:6]) == ["Date du comité", "Bassin", "Projets étudiés",
                                                        "Projets retenus", "Aide accordée", "Emplois engagés"]


def test_a_table_is_as_tall_as_its_rows():
    from ui.widgets import table_height

    assert table_height(2) == 38 + 2 * 35 + 2
    assert table_height(0) == table_height(1)
    assert table_height(500) == 420


def test_the_territories_page_serves_a_basin_without_extension(demo_env, con):
    """alIZé Meuse has no extension: its territories' figures, its map and the free comparison still show."""
    at = open_page("pages/territoires.py", **{"from": "2010-01-01", "to": "2010-12-31"}, basin="alIZé Meuse")
    table = tables(at)[0].value
    assert sorted(table["Territoire"]) == ["Bar-le-Duc", "Verdun"]
    f = key_figures_of(con, "alIZé Meuse")
    assert int(table["Projets retenus"].sum()) == f.projects_retained
    assert "Les communes d'alIZé Meuse" in [shown(s.value) for s in at.subheader]
    assert "map" in [c.key for c in chart_elements(at)]
    assert [t.label for t in at.tabs] == ["Par territoire", "Comparaison libre"]  # no extension tab
    assert any("rien à comparer avant/après" in c.value for c in at.caption)
    assert not at.exception
    at = open_page("pages/territoires.py", **{"from": "2010-01-01", "to": "2010-12-31"}, basin="alIZé Meuse",
                   view="free", cmp_a="Verdun")
    assert any("N'importe quels territoires" in c.value for c in at.caption)
    assert tables(at)[0].value.shape[0] == 2  # Verdun over 2010 and over 2009


def key_figures_of(con, basin):
    from alize.metrics.figures import key_figures
    return key_figures(con, Scope.year(2010, basins=(basin,)))


def _values(v) -> list:
    """A figure's array as the browser gets it: a list, or plotly's base64 typed array."""
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"]).tolist()
    return list(v)


@pytest.mark.parametrize("page,key,last", [("pages/fonds.py", "fund_over_time", 2020),
                                           ("pages/partenaires.py", "partners_over_time", 2020),
                                           ("pages/emplois.py", "jobs_by_cohort", 2020)])
def test_a_trend_reads_every_year_with_the_scope_s_own_shaded(demo_env, page, key, last):
    at = open_page(page, **{"from": "2010-01-01", "to": "2010-12-31"})
    fig = next(c for c in chart_elements(at) if c.key == key).figure
    years = sorted({x for trace in fig["data"] for x in _values(trace["x"])})
    assert (years[0], years[-1]) == (2006, last)  # not the scope's year alone
    shapes = [(s["x0"], s["x1"], s["fillcolor"]) for s in fig["layout"]["shapes"]]
    assert shapes == [(2009.5, 2010.5, "#0072B2"), (2005.5, 2009.5, "white"), (2010.5, last + 0.5, "white")]
    assert not at.exception


@pytest.mark.parametrize("page,view", VIEWS)
def test_every_table_shows_a_dash_for_no_value(demo_env, page, view):
    """Streamlit draws a missing cell as « None » whatever the Styler says: st.dataframe is given its text
    (placeholder), and ui/table.py writes « – » for every empty cell, never None, nan or NaT."""
    at = open_page(page, **{"from": "2010-01-01", "to": "2010-12-31"}, **view)
    assert all(d.proto.placeholder == "–" for d in at.dataframe)
    for t in tables(at):
        if t.element == "alize_table":
            cells = t.text.to_numpy().ravel().tolist()
            assert not {"None", "nan", "NaN", "NaT", "<NA>", ""} & set(cells), t.key
            assert all(c == "–" for c, v in zip(cells, t.value.to_numpy().ravel().tolist()) if v is None), t.key
    assert tables(at) or page == "pages/vue-ensemble.py"  # every page but the overview has tables


def test_no_table_of_the_app_is_drawn_without_the_dash():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    calls = [(path.name, call) for folder in ("ui", "pages") for path in sorted((root / folder).glob("*.py"))
             for call in re.findall(r"st\.(?:dataframe|data_editor)\((?:[^()]|\([^()]*\))*\)", path.read_text())]
    assert calls and all("placeholder=text.NO_VALUE" in call for _, call in calls), [
        name for name, call in calls if "placeholder=text.NO_VALUE" not in call]
