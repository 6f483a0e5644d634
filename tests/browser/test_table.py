"""The read-only tables (ui/table.py) in Chromium: a click on a header sorts by its values, empty cells
stay last, the order holds across a filter change, and the cells are text of the page."""

from playwright.sync_api import expect

from tests.browser.conftest import pick, wait_ready

YEAR_2010 = "from=2010-01-01&to=2010-12-31"


def _amount(cell: str) -> int:
    """« −55 239 € » → -55239."""
    return int(cell.replace("€", "").replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("−", "-"))


def test_a_click_on_a_header_sorts_and_the_order_holds_across_a_rerun(page, app_url):
    page.goto(f"{app_url}/fonds?{YEAR_2010}&view=basins")
    wait_ready(page)
    box = page.locator(".st-key-fund_by_basin .alize-table")
    box.scroll_into_view_if_needed()
    rows = box.locator("tbody tr")
    expect(rows).to_have_count(7)
    column = box.locator("tbody td:nth-child(7)")  # Disponible
    unsorted = [_amount(c) for c in column.all_inner_texts()]
    header = box.get_by_role("button", name="Disponible", exact=True)
    header.click()
    ascending = [_amount(c) for c in column.all_inner_texts()]
    assert ascending == sorted(unsorted) and ascending != unsorted
    expect(box.locator("th").nth(6)).to_have_attribute("aria-sort", "ascending")
    header.click()
    descending = [_amount(c) for c in column.all_inner_texts()]
    assert descending == sorted(unsorted, reverse=True)
    expect(box.locator("th").nth(6)).to_have_attribute("aria-sort", "descending")
    # a year change reruns the page: new figures, the reader's order kept
    year = page.locator("[data-testid='stSelectbox']").filter(has_text="Année (raccourci)")
    year.scroll_into_view_if_needed()
    year.click()
    page.get_by_role("option", name="2012", exact=True).click()
    wait_ready(page)
    expect(page.get_by_text("Périmètre : 2012 · tous les bassins")).to_be_visible()
    expect(box.locator("th").nth(6)).to_have_attribute("aria-sort", "descending")
    now = [_amount(c) for c in column.all_inner_texts()]
    assert now == sorted(now, reverse=True) and now != descending  # 2012's figures, still in that order


def test_empty_cells_stay_last_in_either_order_and_read_a_dash(page, app_url):
    page.goto(f"{app_url}/partenaires?{YEAR_2010}")
    wait_ready(page)
    box = page.locator(".st-key-partners_table .alize-table")
    box.scroll_into_view_if_needed()
    header = box.get_by_role("button", name="Date de sortie", exact=True)
    cells = box.locator("tbody td:nth-child(5)")
    for _ in range(2):  # ascending, then descending
        header.click()
        shown = cells.all_inner_texts()
        dates = [c for c in shown if c != "–"]
        assert dates and "–" in shown and shown == dates + ["–"] * (len(shown) - len(dates))
        assert "None" not in box.inner_text()
    as_iso = ["-".join(reversed(d.split("/"))) for d in dates]
    assert as_iso == sorted(as_iso, reverse=True)


def test_a_table_s_cells_are_text_that_the_page_search_finds(page, app_url):
    page.goto(f"{app_url}/fonds?{YEAR_2010}&view=basins")
    wait_ready(page)
    pick(page, "Bassins", "alIZé Savoie")
    box = page.locator(".st-key-fund_by_basin .alize-table")
    expect(box.locator("tbody tr")).to_have_count(1)
    expect(box.get_by_role("cell", name="alIZé Savoie", exact=True)).to_be_visible()
    assert page.evaluate("() => window.find('alIZé Savoie')")  # what Ctrl+F does
