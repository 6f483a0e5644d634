"""Every page in real Chromium: deep links, URL updates, the language switch, drill-downs, screenshots."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    chart_in_view,
    charts_drawn,
    pick,
    screenshot,
    wait_ready,
)
from tools.bench import feel

PAGES = {  # url path → French title
    "": "Vue d'ensemble",
    "territoires": "Territoires",
    "comites": "Comités",
    "projets": "Projets",
    "emplois": "Emplois",
    "partenaires": "Partenaires",
    "fonds": "Fonds de prêts",
}
DEEP = "from=2009-01-01&to=2011-12-31&basin=alIZ%C3%A9+Savoie&sector=C"


def query_of(page) -> dict:
    return parse_qs(urlparse(page.url).query)


def choose_year_shortcut(page, year: str) -> None:
    """The sidebar's year shortcut set to `year`, and the run that follows finished (its list opens
    only once the box is in view)."""
    box = page.locator("[data-testid='stSelectbox']").filter(has_text="Année (raccourci)")
    box.scroll_into_view_if_needed()
    box.click()
    page.get_by_role("option", name=year, exact=True).click()
    page.wait_for_function(f"() => window.location.search.includes('from={year}-01-01')", timeout=15_000)
    wait_ready(page)


@pytest.mark.parametrize("slug,title", PAGES.items())
def test_deep_link_reopens_page_and_filters(page, app_url, slug, title):
    page.goto(f"{app_url}/{slug}?{DEEP}")
    wait_ready(page)
    expect(page.get_by_role("heading", name=title, exact=True).first).to_be_visible()
    sidebar = page.locator("[data-testid='stSidebar']")
    expect(sidebar.get_by_text("alIZé Savoie", exact=True)).to_be_visible()
    expect(sidebar.get_by_text("C – Industrie manufacturière", exact=True)).to_be_visible()
    dates = sidebar.locator("[data-testid='stDateInput'] input[type='date']")
    expect(dates.nth(0)).to_have_value("2009-01-01")
    expect(dates.nth(1)).to_have_value("2011-12-31")
    assert query_of(page)["basin"] == ["alIZé Savoie"]
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    screenshot(page, f"page-{slug or 'vue-ensemble'}")


def test_filters_survive_a_page_change(page, app_url):
    page.goto(f"{app_url}/?from=2010-01-01&to=2010-12-31")
    wait_ready(page)
    pick(page, "Bassins", "alIZé Savoie")
    page.locator("[data-testid='stSidebarNav']").get_by_text("Comités", exact=True).click()
    wait_ready(page)
    page.wait_for_url(re.compile(r".*/comites\?.*"))
    assert query_of(page)["basin"] == ["alIZé Savoie"]
    expect(page.get_by_text("2010 · alIZé Savoie")).to_be_visible()


def test_language_switch(page, app_url):
    page.goto(f"{app_url}/?from=2010-01-01&to=2010-12-31")
    wait_ready(page)
    page.locator("[data-testid='stSidebar']").get_by_text("EN", exact=True).click()
    wait_ready(page)
    expect(page.get_by_role("heading", name="Overview", exact=True)).to_be_visible()
    tile = page.locator("[data-testid='stMetric']").filter(has_text="Aid granted")
    expect(tile.locator("[data-testid='stMetricValue']")).to_have_text("445,135\u00a0€")
    page.wait_for_function("() => window.location.search.includes('lang=EN')")
    # the English link reopens in English
    other = page.context.new_page()
    other.goto(page.url)
    wait_ready(other)
    expect(other.get_by_role("heading", name="Overview", exact=True)).to_be_visible()
    screenshot(other, "overview-en")


def test_drill_down_from_a_committee_to_its_projects(page, app_url):
    page.goto(f"{app_url}/comites?from=2010-01-01&to=2010-12-31&basin=alIZ%C3%A9+Savoie")
    wait_ready(page)
    expect(page.get_by_text("Sélectionnez un comité")).to_be_visible()
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    # the selection checkbox of the first data row (header row ~35 px, rows ~35 px)
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    wait_ready(page)
    expect(page.get_by_role("heading").filter(has_text=re.compile(r"Comité du \d\d/\d\d/2010 — alIZé Savoie"))
           ).to_be_visible()
    page.wait_for_function("() => window.location.search.includes('committee=')")
    committee = query_of(page)["committee"][0]
    screenshot(page, "committee-drill-down")
    # the drill-down is a link too
    other = page.context.new_page()
    other.goto(page.url)
    wait_ready(other)
    expect(other.get_by_role("heading").filter(has_text="Comité du")).to_be_visible()
    assert query_of(other)["committee"] == [committee]


def test_clicking_a_year_bar_filters_the_period(page, app_url):
    page.goto(f"{app_url}/?from=2010-01-01&to=2010-12-31")
    wait_ready(page)
    chart = chart_in_view(page, ".st-key-trend_projects")  # after the funnel: projects per year
    bars = chart.locator("g.trace.bars").first.locator("g.point path")
    expect(bars).to_have_count(15)  # 2006..2020
    bar = bars.nth(6).bounding_box()  # 2012; plotly's drag layer sits on top, so click by position
    entries = page.evaluate("history.length")
    page.mouse.click(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)
    page.wait_for_function("() => window.location.search.includes('from=2012-01-01')", timeout=15_000)
    wait_ready(page)
    assert query_of(page)["to"] == ["2012-12-31"]
    assert page.evaluate("history.length") == entries + 1  # both ends at once (ui.filters.set_period)
    expect(page.get_by_text("Périmètre : 2012 · tous les bassins")).to_be_visible()
    # the projects behind the bar, on the Projects page with the same filters, and the way back
    page.locator("[data-testid='stMain'] a").filter(has_text="Voir les projets : 2012").click()
    page.wait_for_function("() => window.location.pathname === '/projets'", timeout=15_000)
    wait_ready(page)
    assert query_of(page)["from"] == ["2012-01-01"] and query_of(page)["back"] == ["vue-ensemble"]
    expect(page.get_by_text("Périmètre : 2012 · tous les bassins")).to_be_visible()
    page.locator("[data-testid='stMain'] a").filter(has_text="Retour : Vue d'ensemble").click()
    page.wait_for_function("() => window.location.pathname === '/'", timeout=15_000)  # the overview's address
    wait_ready(page)
    expect(page.get_by_text("Périmètre : 2012 · tous les bassins")).to_be_visible()


def test_a_year_shortcut_changes_the_address_once_and_back_returns(page, app_url):
    """Both ends of the period change in one step: one message, one history entry; « Retour » lands
    on the previous period, not on a half-changed one (from=2012-01-01&to=2010-12-31 before)."""
    sent = feel.Runs(page).addresses  # the query strings the server sends, as they come
    page.goto(f"{app_url}/fonds?from=2010-01-01&to=2010-12-31&basin=alIZ%C3%A9+Savoie")
    wait_ready(page)
    expect(page.get_by_text("Périmètre : 2010 · alIZé Savoie")).to_be_visible()
    entries = page.evaluate("history.length")
    sent.clear()
    choose_year_shortcut(page, "2012")
    assert query_of(page)["to"] == ["2012-12-31"]
    expect(page.get_by_text("Périmètre : 2012 · alIZé Savoie")).to_be_visible()
    assert len(sent) == 1 and "from=2012-01-01" in sent[0] and "to=2012-12-31" in sent[0], sent
    assert page.evaluate("history.length") == entries + 1
    page.go_back()
    page.wait_for_function("() => window.location.search.includes('from=2010-01-01')", timeout=15_000)
    wait_ready(page)
    assert query_of(page)["to"] == ["2010-12-31"]
    expect(page.get_by_text("Périmètre : 2010 · alIZé Savoie")).to_be_visible()


def test_clear_all_filters_and_the_link_to_this_view(page, app_url):
    page.goto(f"{app_url}/comites?from=2009-01-01&to=2011-12-31&basin=alIZ%C3%A9+Savoie")
    wait_ready(page)
    page.get_by_role("button", name="Lien").click()
    code = page.locator("[data-testid='stCode']").first
    expect(code).to_contain_text("/comites?")
    expect(code).to_contain_text("from=2009-01-01")
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Effacer").click()
    wait_ready(page)
    page.wait_for_function("() => !window.location.search.includes('basin=')", timeout=15_000)
    expect(page.get_by_text("tous les bassins").first).to_be_visible()


@pytest.mark.parametrize("slug", [s for s in PAGES if s != "projets"])  # the projects page: a list, no chart
def test_no_chart_title_is_cut_at_1280(browser, app_url, slug):
    """On a 1280-wide projector every chart's title fits in its chart, half-width ones included."""
    page = browser.new_page(viewport={"width": 1280, "height": 720}, locale="fr-FR")
    try:
        page.goto(f"{app_url}/{slug}?from=2010-01-01&to=2010-12-31")
        wait_ready(page)
        expect(page.locator("[data-testid='stException']")).to_have_count(0)
        charts_drawn(page)  # every element of ours written
        charts = page.locator(".alize-plot")
        assert charts.count() >= 1, slug
        for i in range(charts.count()):
            charts.nth(i).evaluate("e => e.dataset.probe = 'yes'")
            chart_in_view(page, ".alize-plot[data-probe='yes']")
            cut = charts.nth(i).evaluate("""e => {
                const box = e.getBoundingClientRect(), title = e.querySelector('.gtitle');
                if (!title) return null;
                const t = title.getBoundingClientRect();
                return (t.left < box.left - 1 || t.right > box.right + 1) ? title.textContent : null;
            }""")
            charts.nth(i).evaluate("e => delete e.dataset.probe")
            assert cut is None, (slug, cut)
    finally:
        page.close()


def test_territories_tabs_run_the_open_one_and_keep_it_in_the_address(page, app_url):
    """Only the open tab is in the page (a year change redraws it alone); the open tab is in the
    address by its name, the same in English, and a tab's own choices are there when it opens again."""
    page.goto(f"{app_url}/territoires?from=2010-01-01&to=2010-12-31&basin=alIZ%C3%A9+Savoie")
    wait_ready(page)
    main = page.locator("[data-testid='stMain']")
    expect(main.get_by_role("heading", name="Les territoires du périmètre")).to_be_visible()
    expect(main.get_by_text("Différence des différences", exact=True)).to_have_count(0)  # not run, not sent
    page.get_by_role("tab", name="Avant et après une extension").click()
    wait_ready(page)
    page.wait_for_function("() => window.location.search.includes('view=extension')", timeout=15_000)
    expect(main.get_by_text("Différence des différences", exact=True)).to_be_visible()
    expect(main.get_by_role("heading", name="Les territoires du périmètre")).to_have_count(0)
    choose_year_shortcut(page, "2012")  # a year change
    assert query_of(page)["view"] == ["extension"]
    expect(page.get_by_role("tab", name="Avant et après une extension")).to_have_attribute("aria-selected", "true")
    # the link opens the same tab, and so does the English interface
    other = page.context.new_page()
    other.goto(page.url + "&lang=EN")
    wait_ready(other)
    expect(other.get_by_role("tab", name="Before and after an extension")).to_have_attribute("aria-selected", "true")
    expect(other.get_by_text("Difference-in-differences", exact=True)).to_be_visible()
    other.close()
    # the free comparison's territories are kept while another tab is open
    page.get_by_role("tab", name="Comparaison libre").click()
    wait_ready(page)
    pick(page, "Territoires A", "Chambéry")
    expect(main.get_by_role("columnheader", name="Fenêtre")).to_be_visible()
    page.get_by_role("tab", name="Par territoire").click()
    wait_ready(page)
    page.wait_for_function("() => !window.location.search.includes('view=')", timeout=15_000)
    page.get_by_role("tab", name="Comparaison libre").click()
    wait_ready(page)
    box = page.locator("[data-testid='stMultiSelect']").filter(has_text="Territoires A")
    expect(box.get_by_text("Chambéry", exact=True)).to_be_visible()
    assert query_of(page)["view"] == ["free"]
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
