"""Text from the records is shown as text everywhere: no Markdown image or link, no bare URL made a link,
no plotly <a href>, on every page and in the HTML report. The records name outside hosts; the browser
must never ask them for anything."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

from alize.ingest import rebuild
from alize.store import db
from tests.browser.conftest import (
    charts_drawn,
    screenshot,
    start_server,
    stop_server,
    wait_ready,
)

HOSTILE = ("{name} ![b](http://127.0.0.2:9/p.png) www.evil-example.org http://127.0.0.3:9/x "
           "<img src=http://127.0.0.4:9/i.png> <a href=\"http://127.0.0.5:9/\">lien</a> [clic](http://127.0.0.6:9/)")
PAGES = ["", "territoires", "territoires?view=extension", "territoires?view=free&cmp_a=Chamb%C3%A9ry", "comites", "projets", "emplois", "partenaires", "partenaires?view=contributions", "fonds", "fonds?view=basins", "fiche-comite",
         "presentation", "presentation?slide=2", "presentation?slide=3", "presentation?slide=4", "qualite"]
ALL_YEARS = "from=2006-01-01&to=2011-12-31"


def _rewrite(csv_dir: Path, table: str, column: str, where=lambda row: True) -> None:
    path = csv_dir / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        if where(row):
            row[column] = HOSTILE.format(name=row[column])
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.DictWriter(f, fieldnames=list(rows[0]))
        out.writeheader()
        out.writerows(rows)


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    """The demo with a basin, territories, partners, firms and committee places named with markup."""
    tmp = tmp_path_factory.mktemp("hostile")
    csv_dir = tmp / "csv"
    shutil.copytree(db.DATA_DIR, csv_dir, ignore=shutil.ignore_patterns("*.duckdb*", "backups"))
    _rewrite(csv_dir, "basins", "name", lambda r: r["id"] == "savoie")
    _rewrite(csv_dir, "territories", "name", lambda r: r["basin"] == "savoie")
    _rewrite(csv_dir, "partners", "name", lambda r: r["basin"] == "savoie")
    _rewrite(csv_dir, "projects", "company", lambda r: r["committee"].startswith("SAV"))
    _rewrite(csv_dir, "committees", "place", lambda r: r["basin"] == "savoie")
    _rewrite(csv_dir, "communes", "name", lambda r: r["territory"] in ("chambery", "maurienne"))
    return rebuild.build(tmp / "alize.duckdb", csv_dir)


@pytest.fixture(scope="module")
def hostile_app(hostile_db, tmp_path_factory):
    proc, url = start_server(hostile_db, tmp_path_factory.mktemp("hostile-server") / "streamlit.log")
    yield url
    stop_server(proc)


def test_record_text_never_becomes_markup_on_any_page(page, hostile_app):
    own = urlparse(hostile_app).netloc
    outside = []
    page.on("request", lambda r: outside.append(r.url) if urlparse(r.url).netloc not in (own, "") else None)
    for path in PAGES:
        sep = "&" if "?" in path else "?"
        page.goto(f"{hostile_app}/{path}{sep}{ALL_YEARS}")
        wait_ready(page)
        charts_drawn(page)
        hrefs = page.evaluate("""() => [...document.querySelectorAll('a')].map(
            a => a.getAttribute('href') || a.getAttribute('xlink:href') || '')""")
        foreign = [h for h in hrefs if h and urlparse(h).netloc not in ("", own)]
        assert foreign == [], (path, foreign)
        assert page.locator("img[src*='127.0.0.']").count() == 0, path
        assert page.get_by_text("Traceback").count() == 0, path
        screenshot(page, f"hostile-{path.replace('?', '-').replace('=', '') or 'overview'}")
    assert outside == [], outside


def test_record_text_is_escaped_in_the_html_report(hostile_db):
    from alize.reports import export
    from alize.scope import Scope

    con = db.connect(hostile_db, read_only=True)
    html = export.report_html(con, Scope.year(2010))
    con.close()
    for bad in ("<img src=http://127.0.0.4", '<a href="http://127.0.0.5', "<a href=\\\"http://127.0.0.5"):
        assert bad not in html, bad
    assert "![b](http://127.0.0.2" not in html or "&lt;img" in html
