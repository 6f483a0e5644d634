"""The Overview in real Chromium: tiles, filters and deep links."""

from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from tests.browser.conftest import pick, screenshot, wait_ready


def tile(page, label: str):
    return page.locator("[data-testid='stMetric']").filter(has_text=label).locator("[data-testid='stMetricValue']")


def test_tiles_show_the_2010_figures(page, app_url):
    page.goto(f"{app_url}/?from=2010-01-01&to=2010-12-31")
    wait_ready(page)
    expect(page.get_by_role("heading", name="Vue d'ensemble")).to_be_visible()
    expect(tile(page, "Comités d'agrément")).to_have_text("41")
    expect(tile(page, "Projets étudiés")).to_have_text("72")
    expect(tile(page, "Projets retenus")).to_have_text("66")
    expect(tile(page, "Jours de compétences")).to_have_text("225")
    expect(tile(page, "Aide accordée")).to_have_text("445\u00a0135\u00a0€")
    expect(tile(page, "Emplois engagés")).to_have_text("298")
    expect(tile(page, "Taux d'agrément")).to_have_text("91,7\u00a0%")
    expect(page.get_by_text("Données de démonstration")).to_be_visible()
    screenshot(page, "overview")


def test_deep_link_reopens_the_filters(page, app_url):
    page.goto(f"{app_url}/?from=2009-01-01&to=2011-12-31&basin=alIZ%C3%A9+Savoie&territory=Maurienne")
    wait_ready(page)
    sidebar = page.locator("[data-testid='stSidebar']")
    expect(sidebar.get_by_text("alIZé Savoie", exact=True)).to_be_visible()
    expect(sidebar.get_by_text("Maurienne", exact=True)).to_be_visible()
    expect(page.get_by_text("2009–2011 · alIZé Savoie · Maurienne")).to_be_visible()
    studied = int(tile(page, "Projets étudiés").inner_text())
    assert 0 < studied < 72
    # the same link in a fresh page (a colleague opening it) gives the same figure
    other = page.context.new_page()
    other.goto(page.url)
    wait_ready(other)
    expect(tile(other, "Projets étudiés")).to_have_text(str(studied))


def test_changing_a_filter_updates_the_url(page, app_url):
    page.goto(f"{app_url}/?from=2010-01-01&to=2010-12-31")
    wait_ready(page)
    pick(page, "Bassins", "alIZé Meuse")
    page.wait_for_function("() => window.location.search.includes('basin=')")
    query = parse_qs(urlparse(page.url).query)
    assert query["basin"] == ["alIZé Meuse"]
    assert query["from"] == ["2010-01-01"]
    assert int(tile(page, "Projets étudiés").inner_text()) < 72
