"""The chart element (ui/plot.py) in real Chromium: a filter change redraws a chart in place, and a chart
far below the screen is drawn when the reader scrolls to it."""

import pytest

from tests.browser.conftest import (
    chart_in_view,
    charts_drawn,
    pick,
    screenshot,
    wait_ready,
)

pytestmark = pytest.mark.browser

FUNNEL = ".st-key-funnel .alize-plot"


def test_a_filter_change_redraws_the_chart_in_place(page, app_url):
    page.goto(f"{app_url}/?from=2010-01-01&to=2010-12-31")
    wait_ready(page)
    chart_in_view(page, FUNNEL)
    before = page.evaluate(f"""() => {{
        const div = document.querySelector("{FUNNEL}");
        div.__kept = true;  // a mark on the element itself: gone if the chart were mounted anew
        return Array.from(div.data[0].x);
    }}""")
    pick(page, "Bassins", "alIZé Savoie")
    chart_in_view(page, FUNNEL)
    after = page.evaluate(f"""() => {{
        const div = document.querySelector("{FUNNEL}");
        return {{kept: div.__kept === true, x: Array.from(div.data[0].x), svg: !!div.querySelector('.main-svg')}};
    }}""")
    assert after["kept"] and after["svg"]
    assert after["x"] != before and max(after["x"]) < max(before)  # Savoie's funnel, not the network's


def test_a_chart_below_the_screen_is_drawn_when_scrolled_to(page, app_url):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(f"{app_url}/?from=2010-01-01&to=2010-12-31")
    wait_ready(page)
    charts_drawn(page)
    page.wait_for_function("""() => {  // the element is there and knows where it stands
        const div = document.querySelector('.st-key-trend_jobs .alize-plot');
        return div && div.dataset.near;
    }""")
    last = page.locator(".st-key-trend_jobs .alize-plot")
    assert last.get_attribute("data-near") == "false" and last.locator(".main-svg").count() == 0
    chart_in_view(page, ".st-key-trend_jobs .alize-plot")
    assert page.locator(".st-key-trend_jobs .alize-plot g.point").count() == 15  # 2006..2020
    screenshot(page, "overview-jobs-chart-scrolled-to")


def test_a_year_change_moves_the_highlight_without_redrawing_the_bars(page, app_url):
    page.goto(f"{app_url}/?from=2010-01-01&to=2010-12-31")
    wait_ready(page)
    chart = chart_in_view(page, ".st-key-trend_projects")
    page.evaluate("() => { document.querySelector('.st-key-trend_projects .alize-plot').__kept = true; }")
    bar = chart.locator("g.trace.bars").first.locator("g.point path").nth(6).bounding_box()  # 2012
    page.mouse.click(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)
    page.wait_for_function("() => window.location.search.includes('from=2012-01-01')", timeout=15_000)
    wait_ready(page)
    chart_in_view(page, ".st-key-trend_projects")
    state = page.evaluate("""() => {
        const div = document.querySelector('.st-key-trend_projects .alize-plot');
        return {kept: div.__kept === true, redraw: div.dataset.redraw,
                band: [div.layout.shapes[0].x0, div.layout.shapes[0].x1],
                veils: div.layout.shapes.slice(1).map(s => [s.x0, s.x1, s.fillcolor])};
    }""")
    assert state["kept"] and state["redraw"] == "shapes"
    assert state["band"] == [2011.5, 2012.5]
    assert state["veils"] == [[2005.5, 2011.5, "white"], [2012.5, 2020.5, "white"]]  # 2006..2011, 2013..2020
    screenshot(page, "overview-2012-highlighted")


@pytest.mark.parametrize("lang,words", [
    ("FR", ["Télécharger le graphique en PNG", "Zoom", "Déplacer", "Sélection rectangulaire", "Sélection au lasso",
            "Zoom avant", "Zoom arrière", "Échelle automatique", "Réinitialiser les axes"]),
    ("EN", ["Download plot as a PNG", "Zoom", "Pan", "Box Select", "Lasso Select", "Zoom in", "Zoom out", "Autoscale",
            "Reset axes"]),
])
def test_the_mode_bar_speaks_the_page_s_language_and_cannot_upload_the_chart(page, app_url, lang, words):
    page.goto(f"{app_url}/?from=2010-01-01&to=2010-12-31&lang={lang}")
    wait_ready(page)
    chart_in_view(page, ".st-key-trend_projects").hover()
    page.wait_for_selector(".st-key-trend_projects .modebar-btn", state="attached")
    titles = page.evaluate("[...document.querySelectorAll('.st-key-trend_projects .modebar-btn')]"
                           ".map(b => b.getAttribute('data-title'))")
    assert titles == words  # no "Share chart...": it would send the firms' figures to Plotly Cloud


def test_a_chart_that_cannot_load_plotly_says_so_in_french(page, app_url):
    page.route("**/app/static/plotly-*.js", lambda route: route.abort())  # a proxy blocking the static files
    page.goto(f"{app_url}/comites?from=2010-01-01&to=2010-12-31")
    wait_ready(page)
    note = page.locator(".st-key-committees_per_year .alize-plot-failed")
    note.wait_for(timeout=20_000)
    assert note.inner_text().startswith("Le graphique n'a pas pu être affiché : la bibliothèque de graphiques")
    screenshot(page, "chart-failed-to-load")
