"""The charts as the browser gets them: the house template, margins presized for one draw, figures
built once per data and shared, the territories' extension chart one measure at a time."""

import datetime as dt
import json

import pandas as pd
import plotly.graph_objects as go

from alize.reports import charts
from tests.builders import chart_elements, open_page

YEARS = pd.DataFrame({"year": [2009, 2010, 2011], "aid_eur": [412_000, 540_000, 433_500]})


def test_every_chart_carries_the_small_house_template_not_plotly_s_default():
    fig = charts.bars_by_year(YEARS, [("aid_eur", "Aide accordée")], "Aide", "fr", value_kind="eur")
    template = json.dumps(fig.to_dict()["layout"]["template"])
    assert len(template) < 1500  # plotly's own default template is 7 KB of JSON in every chart
    layout = fig.layout.template.layout
    assert layout.xaxis.automargin and layout.yaxis.automargin  # kept as the safety net of presized()
    assert layout.title.font.weight == 700 and layout.yaxis.tickfont.color == "#808495"


def test_margins_are_presized_from_the_longest_tick_label():
    fig = charts.presized(charts.bars_by_year(YEARS, [("aid_eur", "Aide accordée")], "Aide", "fr", value_kind="eur"))
    # 540 000 € and a fifth more: "648,000" (7 characters) + " €" + a sign's room = 10 → 10 × 7.2 + 12
    assert fig.layout.margin.l == 84
    assert fig.layout.margin.b == 38  # 24 + "2010" slanted at 30°: 4 × 7.2 × 0.5
    assert fig.layout.margin.r == 30  # the last year's label, slanted, past the last bar
    basins = pd.DataFrame({"basin": ["alIZé Loire-Atlantique", "alIZé Savoie"], "approval_rate": [0.9, 0.8]})
    fig = charts.presized(charts.bars(basins, "basin", [("approval_rate", "Taux")], "Taux", "fr",
                                      value_kind="pct", horizontal=True))
    assert fig.layout.margin.l == 170  # 22 characters × 7.2 + 12
    pct = charts.presized(charts.bars_by_year(YEARS.assign(rate=[0.5, 0.6, 0.7]), [("rate", "Taux")], "T", "fr",
                                              value_kind="pct"))
    assert pct.layout.margin.l == 48  # "100 %" (5) + a sign's room → 6 × 7.2 + 12, whatever the values


def test_a_stack_is_measured_whole():
    df = pd.DataFrame({"year": [2010, 2010], "basin": ["A", "B"], "committees": [600, 500]})
    fig = charts.presized(charts.stacked_by(df, "year", "basin", "committees", "Comités", "fr"))
    assert fig.layout.margin.l == round((len("1,320") + 1) * 7.2 + 12)  # 1 100 stacked, a fifth more


def test_a_figure_is_built_once_and_a_period_shades_a_copy():
    from ui.common import figure

    first = figure(charts.trend_aid, YEARS.rename(columns={}), "fr")
    again = figure(charts.trend_aid, YEARS.copy(), "fr")  # the same data in another frame: the same figure
    assert again is first and first.layout.margin.l == 84
    shaded = figure(charts.trend_aid, YEARS.copy(), "fr", period=(dt.date(2010, 1, 1), dt.date(2010, 12, 31)))
    assert shaded is not first
    # the band over 2010, and white veils over 2009 and 2011 (their bars read as at 0.35 opacity)
    assert [(s.x0, s.x1, s.fillcolor, s.layer) for s in shaded.layout.shapes] == [
        (2009.5, 2010.5, "#0072B2", "below"), (2008.5, 2009.5, "white", "above"), (2010.5, 2011.5, "white", "above")]
    assert [s.opacity for s in shaded.layout.shapes[1:]] == [0.65, 0.65]
    assert shaded.data[0].marker.opacity is None  # the bars themselves stay: a year change moves shapes only
    assert not first.layout.shapes  # the shared figure is untouched
    other = figure(charts.trend_aid, YEARS.assign(aid_eur=[1, 2, 3]), "fr")
    assert other is not first  # other data, another figure
    # keyed by the frame's pickle (ui.common._frame_key): the same values of another type are other data
    assert figure(charts.trend_aid, YEARS.astype({"aid_eur": "float64"}), "fr") is not first
    assert figure(charts.trend_aid, YEARS.iloc[::-1].reset_index(drop=True), "fr") is not first  # another order


def test_the_dashboard_draws_its_charts_in_its_own_element_with_the_house_template(demo_env):
    at = open_page("pages/vue-ensemble.py", **{"from": "2010-01-01", "to": "2010-12-31"})
    drawn = chart_elements(at)
    assert [(c.key, c.element) for c in drawn] == [("funnel", "alize_plot"), ("trend_projects", "alize_plot"),
                                                   ("trend_aid", "alize_plot"), ("trend_jobs", "alize_plot")]
    assert [c.clickable for c in drawn] == [False, True, True, True]  # a year's bar narrows the period
    spec = drawn[1].figure
    assert spec["layout"]["margin"]["l"] > 10 and len(json.dumps(spec["layout"]["template"])) < 1500


def test_the_extension_chart_shows_one_measure_chosen_above_it(demo_env):
    url = {"from": "2010-01-01", "to": "2010-12-31", "basin": "alIZé Savoie", "view": "extension"}
    at = open_page("pages/territoires.py", **url)
    keys = [c.key for c in chart_elements(at)]
    assert "terr_measure" in keys and not {"terr_retained", "terr_aid", "terr_jobs"} & set(keys)
    spec = next(c for c in chart_elements(at) if c.key == "terr_measure").figure
    assert spec["layout"]["title"]["text"] == "Projets retenus par an pour 1 000 établissements employeurs"
    assert "Total alIZé Savoie" in spec["data"][0]["x"]  # the rate is drawn for the basin as a whole too
    at.segmented_control(key="measure").set_value("aid_eur").run()
    spec = next(c for c in chart_elements(at) if c.key == "terr_measure").figure
    assert spec["layout"]["title"]["text"] == "Aide accordée par territoire, avant et après (€)"
    assert sorted(spec["data"][0]["x"]) == ["Chambéry", "Maurienne"]  # amounts per territory, no total
    assert not at.exception


def test_a_period_covering_the_first_or_every_year_veils_only_what_lies_outside():
    fig = charts.highlight_period(charts.trend_aid(YEARS.copy(), "fr"), dt.date(2009, 1, 1), dt.date(2010, 12, 31))
    assert [(s.x0, s.x1) for s in fig.layout.shapes[1:]] == [(2010.5, 2011.5)]  # nothing before 2009
    every = charts.highlight_period(charts.trend_aid(YEARS.copy(), "fr"), dt.date(2006, 1, 1), dt.date(2020, 12, 31))
    assert len(every.layout.shapes) == 1  # the band only
    slide = charts.highlight_period(charts.trend_aid(YEARS.copy(), "fr"), dt.date(2010, 1, 1), dt.date(2010, 12, 31), fade=0.5)
    assert [s.opacity for s in slide.layout.shapes[1:]] == [0.5, 0.5]  # the projector's lighter veil


def test_the_house_template_validates_as_plotly_s():
    go.Figure(layout={"template": charts.TEMPLATE})  # a wrong property would raise here


def test_values_printed_past_horizontal_bars_get_room_on_the_right():
    basins = pd.DataFrame({"basin": ["alIZé Longwy", "alIZé Savoie"], "approval_rate": [1.0, 0.929]})
    fig = charts.presized(charts.bars(basins, "basin", [("approval_rate", "Taux")], "Taux", "fr",
                                      value_kind="pct", horizontal=True, labels=True))
    assert fig.layout.margin.r == round(7 * 7.2 + 10)  # "100,0 %": 7 characters


def test_a_legend_under_the_plot_leaves_the_margins_to_plotly():
    df = pd.DataFrame({"year": [2010] * 5, "basin": list("ABCDE"), "committees": [1, 2, 3, 4, 5]})
    fig = charts.stacked_by(df, "year", "basin", "committees", "Comités", "fr")
    before = fig.layout.margin.to_plotly_json()
    assert fig.layout.legend.y < 0 and charts.presized(fig).layout.margin.to_plotly_json() == before


def test_a_project_card_draws_its_headcount_curve_through_the_same_chart(demo_env, demo_con):
    at = open_page("pages/projets.py", **{"from": "2010-01-01", "to": "2010-12-31"}, project="ANG2010-001")
    curve = next(c for c in chart_elements(at) if c.key == "followup_curve")
    assert curve.element == "alize_plot"  # drawn by ui.widgets.chart, like every other chart
    observed = demo_con.execute("SELECT count(*) FROM followups WHERE project = 'ANG2010-001'").fetchone()[0]
    assert len(curve.figure["data"][0]["x"]) == observed == 5
