"""The standalone HTML report in real Chromium with every network request blocked: the plotly charts
render from the inlined plotly.js, the figures are visible, and it prints to A4."""

import re

import pytest
from playwright.sync_api import expect

from alize.reports import export
from alize.scope import Scope
from alize.store import db
from tests.browser.conftest import charts_drawn, screenshot

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def report_file(demo_db, tmp_path_factory):
    con = db.connect(demo_db, read_only=True)
    try:
        page = export.report_html(con, Scope.year(2010), "fr")
    finally:
        con.close()
    path = tmp_path_factory.mktemp("report") / "rapport.html"
    path.write_text(page, encoding="utf-8")
    return path


def open_offline(page, path):
    """Load the file with anything but file:// aborted; return the blocked URLs and console errors."""
    blocked, errors = [], []

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("requestfailed", lambda req: errors.append(f"failed: {req.url}"))
    page.goto(path.as_uri())
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=20_000)
    charts_drawn(page)
    return blocked, errors


def test_report_renders_offline(page, report_file):
    blocked, errors = open_offline(page, report_file)
    assert blocked == []
    assert errors == []
    expect(page.locator(".js-plotly-plot")).to_have_count(6)
    # every chart has drawn its bars (one SVG `.point` per bar)
    for key in ("trend_projects", "trend_aid", "trend_jobs", "basin_projects", "basin_aid", "comparison"):
        assert page.locator(f"#chart-{key} .point").count() > 0, key
    expect(page.locator(".tile").filter(has_text="Aide accordée").first).to_contain_text(f"445{NBSP}135{NBSP}€")
    expect(page.locator(".tile").filter(has_text="Taux d'agrément")).to_contain_text(f"91,7{NBSP}%")
    expect(page.get_by_text("Périmètre : 2010 · tous les bassins").first).to_be_visible()
    expect(page.get_by_text("alIZé Savoie : avant et après l'extension à la Maurienne")).to_be_visible()
    # French separators in the plotly axis too (alize.charts' theme: a space between thousands)
    ticks = page.locator("#chart-trend_aid .ytick text").all_text_contents()
    assert any(re.fullmatch(rf"\d{{3}}[ {NBSP}]000{NBSP}€", t) for t in ticks), ticks
    screenshot(page, "report")


def test_report_prints_to_a4(page, report_file):
    open_offline(page, report_file)
    page.emulate_media(media="print")
    expect(page.locator(".modebar-container").first).to_be_hidden()
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 2 <= pages <= 8, pages
    # A4 media box: 595 x 842 points
    assert re.search(rb"/MediaBox\s*\[\s*0\s+0\s+595(\.\d+)?\s+841\.\d+|/MediaBox\s*\[\s*0\s+0\s+595(\.\d+)?\s+842", pdf)
