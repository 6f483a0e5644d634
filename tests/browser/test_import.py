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


def import_committee(page, url, path, line: str, preview: str | None = None) -> None:
    """Upload a committees CSV with this one line on the import page, check the preview, import it."""
    path.write_text("identifiant;bassin;date du comité;lieu\n" + line + "\n", encoding="utf-8")
    page.goto(f"{url}/import?{FIGURES_2010}")
    wait_ready(page)
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(path))
    wait_ready(page)
    if preview:
        expect(page.get_by_text(preview).first).to_be_visible()
    page.get_by_role("button", name="Importer", exact=True).click()
    wait_ready(page)
    expect(page.get_by_text("Import enregistré")).to_be_visible()


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

    import_committee(page, own_app, good, "SAV-2010-99;savoie;15/12/2010;Modane", preview="1 nouvelle ligne")
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


def test_imports_land_while_colleagues_read(page, browser, own_app, tmp_path, demo_db):
    """Was: with 3 readers the in-app import and undo failed (« La base est encore ouverte en lecture… »),
    and a CLI import while the app ran was always refused. Both land; each reader sees the figures
    before, then after at its next run, never an error."""
    import subprocess
    import sys

    from tests.browser.conftest import ROOT

    colleagues = [browser.new_context(viewport={"width": 1280, "height": 720}).new_page() for _ in range(3)]
    for other in colleagues:
        other.goto(f"{own_app}/?{FIGURES_2010}")
        wait_ready(other)
        expect(tile(other, "Comités d'agrément")).to_have_text("41")

    import_committee(page, own_app, tmp_path / "comites.csv", "SAV-2010-98;savoie;14/12/2010;Modane")
    for other in colleagues:
        other.reload()
        wait_ready(other)
        expect(tile(other, "Comités d'agrément")).to_have_text("42")
        expect(other.get_by_text("Traceback")).to_have_count(0)

    # a command-line import while the app serves them
    cli_file = tmp_path / "cli" / "comites.csv"
    cli_file.parent.mkdir()
    cli_file.write_text("identifiant;bassin;date du comité;lieu\nSAV-2010-97;savoie;13/12/2010;Albertville\n",
                        encoding="utf-8")
    db_copy = tmp_path / "alize.duckdb"
    done = subprocess.run([sys.executable, "-m", "alize", "import", str(cli_file), "--db", str(db_copy)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    colleagues[0].reload()
    wait_ready(colleagues[0])
    expect(tile(colleagues[0], "Comités d'agrément")).to_have_text("43")
    screenshot(colleagues[0], "import-while-reading")

    page.goto(f"{own_app}/import?{FIGURES_2010}")
    wait_ready(page)
    page.get_by_role("button", name="Annuler cet import").click()
    wait_ready(page)
    expect(page.get_by_text("Import annulé")).to_be_visible()
    colleagues[1].reload()
    wait_ready(colleagues[1])
    expect(tile(colleagues[1], "Comités d'agrément")).to_have_text("42")
    for other in colleagues:
        other.context.close()
