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
