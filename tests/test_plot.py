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


def test_a_document_is_served_under_its_content_s_hash(tmp_path, caplog):
    """The map's backdrop as a static file: one address per content, written once, whole."""
    import orjson

    static = tmp_path / "static"
    doc = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"insee_code": "73160"}}]}
    address = plot.served_json(doc, "backdrop", static)
    assert address.startswith("./app/static/backdrop-") and address.endswith(".json")
    written = static / address.rsplit("/", 1)[1]
    assert orjson.loads(written.read_bytes()) == doc
    stamp = written.stat().st_mtime_ns
    assert plot.served_json(dict(doc), "backdrop", static) == address and written.stat().st_mtime_ns == stamp
    other = plot.served_json({**doc, "features": []}, "backdrop", static)
    assert other != address  # a changed document: a new address, never the browser's old copy
    assert sorted(p.name for p in static.iterdir()) == sorted([written.name, other.rsplit("/", 1)[1]])  # no temporary file
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be")
    with caplog.at_level("WARNING", logger="ui.plot"):
        assert plot.served_json(doc, "backdrop", blocked) is None  # the figure then holds the document itself
        assert plot.served_json({**doc, "features": []}, "backdrop", blocked) is None
    assert len([r for r in caplog.records if "cannot be written" in r.getMessage()]) == 1  # said once, not at every rerun
    config.set_option("server.enableStaticServing", False)
    try:
        assert plot.served_json(doc, "backdrop", static) is None
    finally:
        config.set_option("server.enableStaticServing", True)


def test_the_territories_map_names_its_backdrop_by_address_not_by_content(demo_env, demo_con):
    """The surrounding communes are fetched once by the browser (tests/browser/test_map.py draws them):
    the map's figure, sent at every rerun, holds their address, not their 127 KB."""
    import json

    from alize.metrics import geo

    at = open_page("pages/territoires.py", **{"from": "2010-01-01", "to": "2010-12-31", "basin": "alIZé Savoie"})
    fig = next(c for c in chart_elements(at) if c.key == "map").figure
    (layer,) = fig["layout"]["map"]["layers"]
    assert layer["sourcetype"] == "geojson" and layer["source"].startswith("./app/static/backdrop-")
    served = json.loads((plot.STATIC / layer["source"].rsplit("/", 1)[1]).read_text())
    expected = charts.backdrop_collection(geo.basin_context(demo_con, "alIZé Savoie"),
                                          set(geo.commune_activity(demo_con, "alIZé Savoie", *YEARS_2010)["insee_code"]))
    assert served == expected and len(served["features"]) > 300
    assert len(json.dumps(fig)) < 40_000  # about 28 KB: the basin's own outlines and values (155 KB with the backdrop)


def test_plotly_s_own_words_come_from_the_catalog_in_french():
    words = plot.plotly_locale("fr")["dictionary"]
    assert words["Download plot as a PNG"] == "Télécharger le graphique en PNG"
    assert words["Reset axes"] == "Réinitialiser les axes" and len(words) == len(plot.PLOTLY_WORDS)
    assert plot.plotly_locale("en") is None  # plotly.js's own language
