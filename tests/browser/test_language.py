"""Every page, as a French user sees it, holds no English word from Streamlit or the code; the English
interface holds no French word from the catalog. The page's <html lang> follows the language."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import charts_drawn, wait_ready
from ui import navigation

YEAR = "from=2010-01-01&to=2010-12-31"
ENGLISH = ["Choose an option", "Choose options", "Select all", "Upload", "per file", "None", "NaN", "Page not found",
           "Browse files", "Drag and drop", "January", "Monday", "Sunday", "Running", "Total aid", "undefined",
           "View more", "View 3 more", "View less", "Show more"]
FRENCH = ["Périmètre", "Comités d'agrément", "Projets retenus", "Aide accordée", "Choisissez", "Données de démonstration",
          "tous les bassins", "Filtres", "Emplois engagés", "Télécharger", "Fiche de comité", "projets à l'ordre"]


# every page, and the territories page's other tabs (only the open one is in the page)
VIEWS = navigation.slugs() + ["territoires?view=extension", "territoires?view=free&cmp_a=Chamb%C3%A9ry",
                               "partenaires?view=themes", "partenaires?view=contributions",
                               "fonds?view=recovery", "fonds?view=basins"]


def url(app_url: str, view: str, query: str) -> str:
    return f"{app_url}/{view}{'&' if '?' in view else '?'}{query}"


def visible_text(page) -> str:
    return page.locator("[data-testid='stApp']").inner_text()


def found(words: list[str], body: str) -> list[str]:
    return [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", body)]


@pytest.mark.parametrize("slug", VIEWS)
def test_every_page_in_french_has_no_english_word(page, app_url, slug):
    page.goto(url(app_url, slug, YEAR))
    wait_ready(page)
    charts_drawn(page)
    page.wait_for_function("document.documentElement.lang === 'fr'", timeout=10_000)  # set once the page has drawn
    assert found(ENGLISH, visible_text(page)) == [], slug
    expect(page.get_by_role("dialog")).to_have_count(0)


@pytest.mark.parametrize("slug", VIEWS)
def test_every_page_in_english_has_no_french_word(page, app_url, slug):
    page.goto(url(app_url, slug, YEAR + "&lang=EN"))
    wait_ready(page)
    charts_drawn(page)
    page.wait_for_function("document.documentElement.lang === 'en'", timeout=10_000)
    assert found(FRENCH, visible_text(page)) == [], slug


def test_the_filters_speak_french_when_opened(page, app_url):
    page.goto(f"{app_url}/?{YEAR}")
    wait_ready(page)
    box = page.locator("[data-testid='stMultiSelect']").filter(has_text="Bassins")
    expect(box.locator("input").first).to_have_attribute("placeholder", "Tous")
    box.locator("input").first.click()
    box.locator("input").first.fill("alIZé")  # the list is virtualised: filter it to the basins
    options = page.get_by_role("option")
    expect(options).to_have_count(7)  # the seven basins, no "Select all"
    assert found(ENGLISH, " ".join(options.all_inner_texts())) == []
    page.keyboard.press("Escape")
    # the date picker follows the browser's language: French month and weekday names, Monday first
    page.locator("[data-testid='stDateInputField']").first.click(position={"x": 5, "y": 5})
    page.keyboard.press("Alt+ArrowDown")
    calendar = page.get_by_role("dialog").or_(page.get_by_role("grid")).first
    expect(calendar).to_contain_text("janvier")
    assert found(ENGLISH, calendar.inner_text()) == []
