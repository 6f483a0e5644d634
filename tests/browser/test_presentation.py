"""Presentation mode and committee brief in real Chromium: no sidebar, keyboard navigation with the
slide in the URL, the deck download, and a screenshot of every slide at 1440×900."""

import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from tests.browser.conftest import charts_drawn, screenshot, wait_ready

YEAR = "from=2010-01-01&to=2010-12-31"
TITLES = ["Chiffres clés", "alIZé Savoie : avant et après l'extension à Maurienne", "Comité du",
          "Projets étudiés et retenus par année"]


def slide_of(page) -> str:
    return parse_qs(urlparse(page.url).query).get("slide", [""])[0]


def heading(page, text):
    return page.get_by_role("heading", level=1).filter(has_text=text).first


def test_presentation_has_no_visible_sidebar_and_arrows_move_slides(page, app_url):
    page.goto(f"{app_url}/presentation?{YEAR}")
    wait_ready(page)
    expect(heading(page, TITLES[0])).to_be_visible()
    sidebar = page.locator("[data-testid='stSidebar']")
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    box = sidebar.bounding_box()
    assert box is None or box["x"] + box["width"] <= 0, box  # folded away, off screen
    # the figures read from the room: 445 135 € in huge type
    expect(page.locator("[data-testid='stPlotlyChart']").first.get_by_text("445 135 €")).to_be_visible()
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    charts_drawn(page)
    screenshot(page, "presentation-1")
    for n in (2, 3, 4):
        page.mouse.click(700, 110)  # the page has the focus (the title), not a widget
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"() => new URLSearchParams(window.location.search).get('slide') === '{n}'",
                               timeout=15_000)
        wait_ready(page)
        expect(heading(page, TITLES[n - 1])).to_be_visible()
        expect(page.locator("[data-testid='stException']")).to_have_count(0)
        charts_drawn(page)
        screenshot(page, f"presentation-{n}")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => new URLSearchParams(window.location.search).get('slide') === '3'",
                           timeout=15_000)
    wait_ready(page)
    expect(heading(page, "Comité du")).to_be_visible()


def test_a_slide_link_reopens_that_slide_and_committee(page, app_url):
    page.goto(f"{app_url}/presentation?{YEAR}&slide=3&committee=SAV-2010-07")
    wait_ready(page)
    expect(heading(page, re.compile(r"Comité du \d\d/\d\d/2010 — alIZé Savoie"))).to_be_visible()
    assert slide_of(page) == "3"
    page.get_by_role("button", name="Précédent").click()
    wait_ready(page)
    expect(heading(page, TITLES[1])).to_be_visible()
    assert slide_of(page) == "2"


def test_the_deck_downloads_from_the_page(page, app_url):
    from pptx import Presentation

    page.goto(f"{app_url}/presentation?{YEAR}")
    wait_ready(page)
    page.get_by_role("button", name="Options").click()
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Présentation PowerPoint").click()
    download = info.value
    assert download.suggested_filename == "alize-2010.pptx"
    deck = Presentation(io.BytesIO(Path(download.path()).read_bytes()))
    assert len(deck.slides) >= 3
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name="Rapport HTML").click()
    assert info.value.suggested_filename == "alize-2010.html"
    assert "445\u00a0135\u00a0€" in Path(info.value.path()).read_text(encoding="utf-8")


def test_committee_brief_page(page, app_url):
    page.goto(f"{app_url}/fiche-comite?{YEAR}&basin=alIZ%C3%A9+Savoie&committee=SAV-2010-07")
    wait_ready(page)
    expect(page.get_by_role("heading", name="Fiche de comité", exact=True)).to_be_visible()
    expect(page.get_by_role("heading").filter(has_text="Comité du 17/11/2010 — alIZé Savoie")).to_be_visible()
    expect(page.get_by_role("heading").filter(has_text="alIZé Savoie depuis le 1er janvier 2010")).to_be_visible()
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    screenshot(page, "committee-brief")
