"""The pages through Streamlit's AppTest: they render, show the right figures and react to filters."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.builders import chart_elements

NBSP = "\u00a0"


@pytest.fixture()
def app(demo_env):
    return AppTest.from_file("../app.py", default_timeout=60)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value.replace(NBSP, " ") for m in at.metric}


def test_overview_shows_the_2010_newsletter_figures(app):
    app.query_params.update({"from": "2010-01-01", "to": "2010-12-31"})
    app.run()
    assert not app.exception
    m = metrics(app)
    assert m["Comités d'agrément"] == "41"
    assert m["Projets étudiés"] == "72"
    assert m["Projets retenus"] == "66"
    assert m["Jours de compétences"] == "225"
    assert m["Aide accordée"] == "445 135 €"
    assert m["Emplois engagés"] == "298"
    assert m["Taux d'agrément"] == "91,7 %"
    assert m["Aide par projet retenu"] == "6 744 €"
    assert m["Aide par emploi engagé"] == "1 494 €"
    assert m["Aide par projet aidé"] == "7 809 €"  # 445 135 € / the 57 retained projects that received aid
    # change against 2009 is shown on the tiles; the demo badge is visible
    deltas = {t.label: t.delta.replace(NBSP, " ") for t in app.metric}
    assert deltas["Taux d'agrément"] == "+7,3 pts"  # 66 / 72 = 91,67 % against 65 / 77 = 84,42 % (not +8,6 %)
    assert deltas["Projets étudiés"] == "\u22126,5 %"  # 72 against 77: counts stay relative
    assert deltas["Aide par projet aidé"] == "\u221218,2 %"  # 7 809 € against 543 850 € / 57 = 9 541 €
    assert any("2009" in c.value for c in app.caption)
    # the demo badge and its note, one element in the sidebar
    assert any(":orange-badge[:material/science: Données de démonstration]" in c.value and "Réseau fictif" in c.value
               for c in app.sidebar.caption)
    assert [c.key for c in chart_elements(app)] == ["funnel", "trend_projects", "trend_aid", "trend_jobs"]


def test_overview_reacts_to_the_basin_filter(app):
    app.query_params.update({"from": "2010-01-01", "to": "2010-12-31"})
    app.run()
    before = metrics(app)["Projets étudiés"]
    app.multiselect(key="basin").select("alIZé Savoie").run()
    assert not app.exception
    after = metrics(app)
    assert after["Projets étudiés"] != before
    assert int(after["Projets étudiés"]) < 72
    assert "alIZé Savoie" in " ".join(c.value for c in app.caption)


def test_overview_reacts_to_the_territory_filter(app):
    app.query_params.update({"from": "2009-01-01", "to": "2011-12-31"})
    app.run()
    app.multiselect(key="basin").select("alIZé Savoie").run()
    savoie = int(metrics(app)["Projets étudiés"])
    app.multiselect(key="territory").select("Maurienne").run()
    maurienne = int(metrics(app)["Projets étudiés"])
    assert 0 < maurienne < savoie


def test_empty_scope_shows_a_message_not_an_error(app, demo_con):
    """A sector and a kind that had no project together in 2010 (read from the records, so a regenerated
    demo still has one):
    the overview says the selection is empty instead of failing or drawing zeros."""
    app.query_params.update({"from": "2010-01-01", "to": "2010-12-31"})
    app.run()
    sector, kind = demo_con.execute(  # a sector and a kind of the records, never together in 2010
        """SELECT s.sector, k.kind FROM (SELECT DISTINCT sector FROM projects) s,
                  (SELECT DISTINCT kind FROM projects) k
           WHERE NOT EXISTS (SELECT 1 FROM project_facts p WHERE p.sector = s.sector AND p.kind = k.kind
                             AND p.held_on BETWEEN '2010-01-01' AND '2010-12-31')
           ORDER BY 1, 2 LIMIT 1""").fetchone()
    app.multiselect(key="sector").select(sector).run()
    app.multiselect(key="kind").select(kind).run()
    assert not app.exception and not app.error
    assert any("Aucun projet" in i.value or "aucun projet" in i.value for i in app.info), [i.value for i in app.info]
    assert len(app.metric) == 0


def test_english_switch(app):
    app.query_params.update({"from": "2010-01-01", "to": "2010-12-31", "lang": "EN"})
    app.run()
    assert not app.exception
    m = metrics(app)
    assert m["Aid granted"] == "445,135 €"
    assert m["Approval rate"] == "91.7%"
    assert {t.label: t.delta.replace(NBSP, " ") for t in app.metric}["Approval rate"] == "+7.3 pts"
