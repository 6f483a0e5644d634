"""The chart element (ui/plot.py): plotly.js served from the app's static files, figures written to
JSON once, and st.plotly_chart where plotly.js cannot be served."""

import datetime as dt

import plotly
from streamlit import config

from alize.reports import charts
from tests.builders import chart_elements, open_page
from tests.test_charts import YEARS
from ui import plot

YEARS_2010 = (dt.date(2010, 1, 1), dt.date(2010, 12, 31))


def test_the_bundle_is_the_plotly_package_s_own_under_its_version(tmp_path):
    static = tmp_path / "static"
    assert plot.ensure_bundle(static)
    copied = static / f"plotly-{plotly.__version__}.min.js"
    assert copied.read_bytes() == plot.bundle_source().read_bytes()
    stamp = copied.stat().st_mtime_ns
    assert plot.ensure_bundle(static) and copied.stat().st_mtime_ns == stamp  # already there: not copied again
    assert [p.name for p in static.iterdir()] == [copied.name]  # no temporary file left


def test_a_folder_that_cannot_be_written_says_so_instead_of_failing(tmp_path):
    blocked = tmp_path / "static"
    blocked.write_text("a file where the folder should be")
    assert plot.ensure_bundle(blocked) is False


def test_a_figure_s_json_is_written_once_and_a_copy_gets_its_own():
    fig = charts.presized(charts.trend_aid(YEARS.copy(), "fr"))
    text = plot.figure_json(fig)
    assert text == plotly.io.to_json(fig, validate=False)
    assert plot.figure_json(fig) is text  # kept on the figure: a cached figure is drawn at every rerun
    shaded = charts.highlight_period(charts.copy_of(fig), *YEARS_2010)
    assert plot.figure_json(shaded) != text and '"x0":2009.5' in plot.figure_json(shaded)


def test_without_static_serving_the_charts_fall_back_to_streamlit_s_element(demo_env):
    config.set_option("server.enableStaticServing", False)
    try:
        at = open_page("pages/vue-ensemble.py", **{"from": "2010-01-01", "to": "2010-12-31"})
    finally:
        config.set_option("server.enableStaticServing", True)
    drawn = chart_elements(at)
    assert [(c.key, c.element) for c in drawn] == [("funnel", "plotly_chart"), ("trend_projects", "plotly_chart"),
                                                   ("trend_aid", "plotly_chart"), ("trend_jobs", "plotly_chart")]
    assert [c.clickable for c in drawn] == [False, True, True, True]
    assert not at.exception


def test_plotly_s_own_words_come_from_the_catalog_in_french():
    words = plot.plotly_locale("fr")["dictionary"]
    assert words["Download plot as a PNG"] == "Télécharger le graphique en PNG"
    assert words["Reset axes"] == "Réinitialiser les axes" and len(words) == len(plot.PLOTLY_WORDS)
    assert plot.plotly_locale("en") is None  # plotly.js's own language
