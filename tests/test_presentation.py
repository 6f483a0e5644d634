"""Presentation mode and committee brief through AppTest: the slides show the domain's figures for a
known scope, the buttons and `?slide=` move between slides, the brief shows a committee's agenda and
its basin's year-to-date figures (checked against a hand-written query), the deck is a valid pptx."""

import datetime as dt
import io

import pytest

from alize import text
from alize.metrics import records
from alize.metrics.figures import key_figures
from alize.reports import present
from alize.scope import Scope
from alize.store import db
from tests.builders import chart_elements, open_page, shown, tables

NBSP = "\u00a0"
YEAR_2010 = {"from": "2010-01-01", "to": "2010-12-31"}


def metrics(at) -> dict[str, str]:
    """The slide's figures as shown: label → value."""
    return {m.label: m.value for m in at.metric}


def qp(at, key: str) -> str:
    value = at.query_params[key]
    return value[0] if isinstance(value, list) else value


def title(at) -> str:
    """The slide's title as shown (the Markdown source escapes names from the records)."""
    return shown(at.title[0].value)


@pytest.fixture()
def con(demo_env):
    c = db.connect(demo_env, read_only=True)
    yield c
    c.close()


def test_key_figures_slide_shows_the_newsletter_figures(demo_env):
    at = open_page("pages/presentation.py", **YEAR_2010)
    assert title(at) == "Chiffres clés"
    shown = metrics(at)
    for value, label in [("41", "Comités d'agrément"), ("72", "Projets étudiés"), ("66", "Projets retenus"),
                         ("225", "Jours de compétences"), (f"445{NBSP}135{NBSP}€", "Aide accordée"),
                         ("298", "Emplois engagés")]:
        assert shown[label] == value
    assert shown["Taux d'agrément"] == f"91,7{NBSP}%"
    # each against 2009: the approval rate in points, counts in %
    deltas = {m.label: m.delta for m in at.metric}
    assert deltas["Taux d'agrément"] == f"+7,3{NBSP}pts" and deltas["Comités d'agrément"].endswith("%")
    assert "Données de démonstration" in at.subheader[0].value  # the demo mark on the slide
    assert qp(at, "slide") == "1"


def test_next_and_previous_change_the_slide_and_the_url(demo_env):
    at = open_page("pages/presentation.py", **YEAR_2010)
    assert at.button(key="slide_prev").disabled
    at.button(key="slide_next").click().run()
    assert not at.exception
    assert title(at) == "alIZé Savoie : avant et après l'extension à la Maurienne"
    assert qp(at, "slide") == "2"
    assert any("différence des différences" in m.value for m in at.markdown)
    at.button(key="slide_next").click().run()
    assert title(at).startswith("Comité du")
    at.button(key="slide_next").click().run()
    assert title(at) == "Projets étudiés et retenus par année"
    assert at.button(key="slide_next").disabled
    at.button(key="slide_prev").click().run()
    assert title(at).startswith("Comité du") and qp(at, "slide") == "3"


@pytest.mark.parametrize("slide,expected", [("2", "avant et après"), ("4", "par année"), ("9", "Chiffres clés"),
                                            ("<script>", "Chiffres clés")])
def test_the_slide_in_the_url_opens_that_slide(demo_env, slide, expected):
    at = open_page("pages/presentation.py", **YEAR_2010, slide=slide)
    assert expected in title(at)


def test_committee_slide_defaults_to_the_latest_and_follows_the_url(demo_env, con):
    held = records.committees(con, Scope.year(2010))
    at = open_page("pages/presentation.py", **YEAR_2010, slide="3")
    latest = held.iloc[0]
    assert title(at) == f"Comité du {text.fmt_date(latest['held_on'].date())} — {latest['basin']}"
    chosen = held[held["basin"] == "alIZé Savoie"].iloc[0]
    at = open_page("pages/presentation.py", **YEAR_2010, slide="3", committee=chosen["committee"])
    assert title(at) == f"Comité du {text.fmt_date(chosen['held_on'].date())} — alIZé Savoie"
    agenda = records.committee_projects(con, chosen["committee"])
    table = chart_elements(at)[0].figure["data"][0]  # the agenda
    assert table["cells"]["values"][0] == list(agenda["company"])
    big = metrics(at)
    assert big["Projets étudiés"] == str(len(agenda))
    assert big["Aide accordée"] == text.fmt_eur(int(agenda.loc[agenda.decision == "retained", "aid_eur"].sum()))
    assert qp(at, "committee") == chosen["committee"]


def test_an_unknown_committee_in_the_url_falls_back_to_the_latest(demo_env, con):
    at = open_page("pages/presentation.py", **YEAR_2010, slide="3", committee="' OR 1=1 --")
    assert qp(at, "committee") == records.committees(con, Scope.year(2010)).iloc[0]["committee"]


def test_the_brief_shows_the_agenda_and_the_basin_year_to_date(demo_env, con):
    held = records.committees(con, Scope.year(2010, basins=("alIZé Savoie",)))
    chosen = held.iloc[0]
    at = open_page("pages/fiche-comite.py", **YEAR_2010, basin="alIZé Savoie", committee=chosen["committee"])
    agenda = records.committee_projects(con, chosen["committee"])
    assert tables(at)[0].value.shape[0] == len(agenda) == chosen["projects_studied"]
    word = "projet" if len(agenda) == 1 else "projets"
    assert any(s.value == f"{len(agenda)} {word} à l'ordre du jour" for s in at.subheader)
    # the printable brief sits beside the CSV and Excel downloads
    assert "Fiche PDF (A4)" in [b.proto.label for b in at.get("download_button")]
    # the basin's figures from 1 January to the committee's date, by hand
    held_on = chosen["held_on"].date()
    cur = con.cursor()
    n_committees = cur.execute(
        "SELECT count(*) FROM committees c JOIN basins b ON b.id = c.basin "
        "WHERE b.name = 'alIZé Savoie' AND c.held_on BETWEEN ? AND ?", [dt.date(held_on.year, 1, 1), held_on]
    ).fetchone()[0]
    studied, retained, aid, jobs = cur.execute(
        "SELECT count(*), count(*) FILTER (WHERE decision = 'retained'), "
        "sum(aid_eur) FILTER (WHERE decision = 'retained'), sum(jobs_committed) FILTER (WHERE decision = 'retained') "
        "FROM projects p JOIN committees c ON c.id = p.committee JOIN basins b ON b.id = c.basin "
        "WHERE b.name = 'alIZé Savoie' AND c.held_on BETWEEN ? AND ?", [dt.date(held_on.year, 1, 1), held_on]
    ).fetchone()
    ytd = key_figures(con, present.year_to_date(records.committee(con, chosen["committee"])))
    assert (ytd.committees, ytd.projects_studied, ytd.projects_retained, ytd.aid_eur, ytd.jobs_committed) == \
        (n_committees, studied, retained, aid, jobs)
    metrics = [(m.label, m.value) for m in at.metric]
    ytd_metrics = dict(metrics[6:])  # after the committee's own six tiles
    assert ytd_metrics["Comités d'agrément"] == str(n_committees)
    assert ytd_metrics["Projets étudiés"] == str(studied)
    assert ytd_metrics["Aide accordée"] == text.fmt_eur(aid)
    assert ytd_metrics["Emplois engagés"] == str(jobs)
    mine = dict(metrics[:6])
    retained_rows = agenda[agenda.decision == "retained"]
    assert mine["Aide accordée"] == text.fmt_eur(int(retained_rows["aid_eur"].sum()))
    assert mine["Prêts bancaires"] == text.fmt_eur(int(retained_rows["bank_loans_eur"].sum()))
    assert any(f"depuis le 1er janvier {held_on.year}" in s.value for s in at.subheader)


def test_the_brief_defaults_to_the_latest_committee_and_says_when_there_is_none(demo_env, con):
    at = open_page("pages/fiche-comite.py", **YEAR_2010)
    assert at.selectbox(key="committee").value == records.committees(con, Scope.year(2010)).iloc[0]["committee"]
    at = open_page("pages/fiche-comite.py", **{"from": "2010-01-01", "to": "2010-01-02"})
    assert at.info


def test_the_deck_download_is_a_valid_pptx(demo_env):
    from pptx import Presentation

    from ui.downloads import deck_bytes, file_stem, report_bytes

    at = open_page("pages/presentation.py", **YEAR_2010)
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Présentation PowerPoint" in labels and "Rapport HTML" in labels
    deck = Presentation(io.BytesIO(deck_bytes(Scope.year(2010), "fr")))
    assert len(deck.slides) >= 3
    texts = " ".join(s.text_frame.text for slide in deck.slides for s in slide.shapes if s.has_text_frame)
    assert f"445{NBSP}135{NBSP}€" in texts
    assert f"445{NBSP}135{NBSP}€" in report_bytes(Scope.year(2010), "fr").decode("utf-8")
    assert file_stem(Scope.year(2010)) == "alize-2010"
    assert file_stem(Scope.years(2009, 2011)) == "alize-2009-2011"


def test_english_presentation(demo_env):
    at = open_page("pages/presentation.py", **YEAR_2010, lang="EN")
    assert title(at) == "Key figures"
    assert metrics(at)["Aid granted"] == "445,135\u00a0€"


def test_plotly_markup_in_the_records_is_shown_as_text():
    assert present.escape_plotly('<a href="javascript:x">Evil</a> & co') == \
        '&lt;a href="javascript:x"&gt;Evil&lt;/a&gt; &amp; co'


def test_the_shared_filters_still_define_the_scope(demo_env, con):
    at = open_page("pages/presentation.py", **YEAR_2010, basin="alIZé Savoie")
    f = key_figures(con, Scope.year(2010, basins=("alIZé Savoie",)))
    shown = metrics(at)
    assert shown["Aide accordée"] == text.fmt_eur(f.aid_eur) and shown["Projets étudiés"] == str(f.projects_studied)
    assert "alIZé Savoie" in at.subheader[0].value
