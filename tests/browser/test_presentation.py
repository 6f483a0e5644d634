"""Presentation mode and committee brief in real Chromium: no sidebar, keyboard navigation with the
slide in the URL, the deck download, and a screenshot of every slide at 1440×900."""

import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import charts_drawn, screenshot, wait_ready

YEAR = "from=2010-01-01&to=2010-12-31"
TITLES = ["Chiffres clés", "alIZé Savoie : avant et après l'extension à la Maurienne", "Comité du",
          "Projets étudiés et retenus par année"]


def slide_of(page) -> str:
    return parse_qs(urlparse(page.url).query).get("slide", [""])[0]


def heading(page, text):
    return page.get_by_role("heading", level=1).filter(has_text=text).first


def test_presentation_has_no_visible_sidebar_and_arrows_move_slides(page, app_url):
    page.goto(f"{app_url}/presentation?{YEAR}")
    wait_ready(page)
    expect(heading(page, TITLES[0])).to_be_visible()
    expect(page.locator("[data-testid='stMetric']").filter(has_text="Aide accordée")).to_contain_text("445 135 €")
    sidebar = page.locator("[data-testid='stSidebar']")
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    box = sidebar.bounding_box()
    assert box is None or box["x"] + box["width"] <= 0, box  # folded away, off screen
    # the figures read from the room in large type, with their change against 2009
    value = page.locator("[data-testid='stMetric']").filter(has_text="Aide accordée").locator(
        "[data-testid='stMetricValue']")
    assert float(value.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 48
    expect(page.locator("[data-testid='stMetric']").filter(has_text="Taux d'agrément")).to_contain_text("+7,3\u00a0pts")
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
    expect(page.get_by_role("heading").filter(has_text="Comité du 10/11/2010 — alIZé Savoie")).to_be_visible()
    expect(page.get_by_role("heading").filter(has_text="alIZé Savoie depuis le 1er janvier 2010")).to_be_visible()
    expect(page.locator("[data-testid='stException']")).to_have_count(0)
    screenshot(page, "committee-brief")


# ---- every slide fits the projector's screen -------------------------------------------------------

SIZES = [(1920, 1080), (1440, 900), (1280, 720), (1024, 768)]
CONTENT = ("h1, h3, [data-testid='stMetric'], .alize-plot, [data-testid='stMarkdownContainer'], "
           "[data-testid='stCaptionContainer'], [data-testid='stAlert']")


def overflowing(page) -> list[dict]:
    """Content of the slide that lies outside the viewport or under the control bar, by bounding box,
    once the layout has settled (the same boxes twice in a row: charts resize after they draw)."""
    page.evaluate("() => document.fonts.ready")
    last = None
    for _ in range(20):
        boxes = _boxes(page)
        if boxes == last:
            break
        last = boxes
        page.wait_for_timeout(150)
    return [b for b in last if b["out"]]


def _boxes(page) -> list[dict]:
    return page.evaluate("""(sel) => {
        const bar = document.querySelector("[data-testid='stBottom']").getBoundingClientRect();
        const out = [];
        for (const e of document.querySelectorAll(`.st-key-deck :is(${sel})`)) {
            const r = e.getBoundingClientRect();
            if (r.width === 0 || r.height === 0) continue;
            const away = r.top < 0 || r.bottom > bar.top + 1 || r.right > window.innerWidth + 1 || r.left < 0;
            out.push({what: e.dataset.testid || e.tagName, text: e.innerText.slice(0, 40), out: away,
                      top: Math.round(r.top), bottom: Math.round(r.bottom), bar: Math.round(bar.top)});
        }
        return out;
    }""", CONTENT)


@pytest.mark.parametrize("width, height", SIZES)
def test_every_slide_fits_the_screen(browser, app_url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
    page = context.new_page()
    try:
        for n, extra in ((1, ""), (2, ""), (3, "&committee=SAV-2010-07"), (4, "")):
            page.goto(f"{app_url}/presentation?{YEAR}&slide={n}{extra}")
            wait_ready(page)
            charts_drawn(page)
            expect(page.locator(".st-key-deck h1")).to_be_visible()
            assert overflowing(page) == [], (n, width, height)
            # the years axis, the territories' names and the agenda's firms are on the screen
            if n == 2:
                expect(page.locator(".st-key-deck .xtick text").filter(has_text="Maurienne")).to_be_visible()
            if n == 4:
                expect(page.locator(".st-key-deck .xtick text").filter(has_text="2020")).to_be_visible()
            screenshot(page, f"presentation-{n}-{width}x{height}")
    finally:
        context.close()


def test_a_long_agenda_pages_and_the_arrow_moves_on(browser, app_url):
    """6 projects on the agenda of LOI-2015-01: two parts at 1280×720, → goes to part 2, then to slide 4."""
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(f"{app_url}/presentation?from=2015-01-01&to=2015-12-31&slide=3&committee=LOI-2015-01")
        wait_ready(page)
        charts_drawn(page)
        scope_line = page.locator(".st-key-deck h3").first
        expect(scope_line).to_contain_text("6 projets à l'ordre du jour · 1/2")
        assert overflowing(page) == []
        page.get_by_role("button", name="Suivant").click()  # the button → stands for (shortcut "Right")
        wait_ready(page)
        expect(scope_line).to_contain_text("· 2/2")
        assert slide_of(page) == "3"
        assert overflowing(page) == []
        screenshot(page, "presentation-3-part-2")
        page.mouse.click(700, 90)  # the page has the focus (the title), not a widget
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => new URLSearchParams(window.location.search).get('slide') === '4'",
                               timeout=15_000)
        wait_ready(page)
        page.keyboard.press("ArrowLeft")
        page.wait_for_function("() => new URLSearchParams(window.location.search).get('slide') === '3'",
                               timeout=15_000)
        wait_ready(page)
        expect(scope_line).to_contain_text("· 2/2")  # back from slide 4: the agenda's last part
    finally:
        context.close()


def test_the_comparison_slide_says_what_it_shows(page, app_url):
    page.goto(f"{app_url}/presentation?{YEAR}&slide=2")
    wait_ready(page)
    expect(page.locator(".st-key-deck h3").first).to_contain_text(
        "alIZé Savoie · avant : 2006–2008 · après : 2009–2011 · Données de démonstration")
