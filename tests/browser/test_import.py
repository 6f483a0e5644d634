"""The import page in Chromium, on its own copy of the demo database: a bad file is refused with
its problems listed, a good one previews then imports, the figures change, and undo restores them."""

import shutil

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot, start_server, stop_server, wait_ready

FIGURES_2010 = "from=2010-01-01&to=2010-12-31"


@pytest.fixture()
def own_app(demo_db, tmp_path):
    db_copy = tmp_path / "alize.duckdb"
    shutil.copy(demo_db, db_copy)
    proc, url = start_server(db_copy, tmp_path / "streamlit.log")
    yield url
    stop_server(proc)


def tile(page, label):
    return page.locator("[data-testid='stMetric']").filter(has_text=label).locator("[data-testid='stMetricValue']")


def test_import_then_undo(page, own_app, tmp_path):
    bad = tmp_path / "comites.csv"
    bad.write_text("identifiant;bassin;date du comité;lieu\nX-1;savoie;31/02/2010;Chambéry\n", encoding="utf-8")
    good = tmp_path / "comites.csv"

    page.goto(f"{own_app}/import?{FIGURES_2010}")
    wait_ready(page)
    expect(page.get_by_role("heading", name="Import des données")).to_be_visible()
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(bad))
    wait_ready(page)
    expect(page.get_by_text("Rien n'a été écrit")).to_be_visible()
    expect(page.get_by_text("31/02/2010").first).to_be_visible()  # the problem names the bad value
    screenshot(page, "import-refused")

    good.write_text("identifiant;bassin;date du comité;lieu\nSAV-2010-99;savoie;15/12/2010;Modane\n",
                    encoding="utf-8")
    page.goto(f"{own_app}/import?{FIGURES_2010}")
    wait_ready(page)
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(good))
    wait_ready(page)
    expect(page.get_by_text("1 nouvelle ligne").first).to_be_visible()
    page.get_by_role("button", name="Importer", exact=True).click()
    wait_ready(page)
    expect(page.get_by_text("Import enregistré")).to_be_visible()
    screenshot(page, "import-done")

    page.goto(f"{own_app}/?{FIGURES_2010}")
    wait_ready(page)
    expect(tile(page, "Comités d'agrément")).to_have_text("42")  # the imported committee counts
    expect(page.get_by_text("Données de démonstration")).to_have_count(0)

    page.goto(f"{own_app}/import?{FIGURES_2010}")
    wait_ready(page)
    page.get_by_role("button", name="Annuler cet import").click()
    wait_ready(page)
    expect(page.get_by_text("Import annulé")).to_be_visible()
    page.goto(f"{own_app}/?{FIGURES_2010}")
    wait_ready(page)
    expect(tile(page, "Comités d'agrément")).to_have_text("41")
