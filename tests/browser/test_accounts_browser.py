"""Two people signed in at once in two browser contexts of one server (issue 16): the Meuse viewer
reads Meuse's firms only, the Savoie viewer Savoie's, and both read the 2010 network totals."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from alize.accounts import people
from tests.browser.conftest import start_server, stop_server, wait_ready
from tests.test_accounts import COMPANIES, MEUSE, SAVOIE, leaked

PEOPLE = {"meuse@cci-meuse.fr": ("Équipe Meuse", MEUSE, "phrase-meuse-navigateur"),
          "savoie@cci-savoie.fr": ("Équipe Savoie", SAVOIE, "phrase-savoie-navigateur")}


@pytest.fixture()
def server(demo_db, tmp_path):
    store = people.Store(tmp_path / "accounts.sqlite")
    for email, (name, basin, password) in PEOPLE.items():
        store.add(email, name, "viewer", (basin,), password)
    proc, url = start_server(demo_db, tmp_path / "streamlit.log",
                             env_extra={"ALIZE_ACCOUNTS": str(tmp_path / "accounts.sqlite")})
    yield url
    stop_server(proc)


def _sign_in(page, url: str, email: str, path: str) -> None:
    page.goto(f"{url}/{path}")
    wait_ready(page)
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(PEOPLE[email][2])
    page.get_by_role("button", name="Se connecter").click()
    wait_ready(page)


def test_two_people_in_two_contexts_see_their_own_basins(browser, server):
    contexts = {email: browser.new_context(locale="fr-FR") for email in PEOPLE}
    try:
        pages = {email: ctx.new_page() for email, ctx in contexts.items()}
        for email, page in pages.items():
            _sign_in(page, server, email, "vue-ensemble?from=2010-01-01&to=2010-12-31")
            wait_ready(page)  # the whole run drawn: twelve tiles (six figures, six ratios), not the first few
            expect(page.locator("[data-testid='stMetric']")).to_have_count(12)
            tiles = page.locator("[data-testid='stMetric']").all_inner_texts()
            joined = " ".join(" ".join(t.split()) for t in tiles)
            for value in ("41", "72", "66", "225", "445 135 €", "298"):
                assert value in joined.replace("\u202f", " ").replace("\u00a0", " "), (email, value)
        for email, page in pages.items():  # one after the other, same server, same scope (the menu:
            page.locator("[data-testid='stSidebarNav']").get_by_role("link", name="Projets").click()  # a reload
            wait_ready(page)  # would be a new session, signed out)
            expect(page.locator("[data-testid='stDataFrame']").first).to_be_visible()
        meuse_text = pages["meuse@cci-meuse.fr"].locator("[data-testid='stApp']").inner_text()
        savoie_text = pages["savoie@cci-savoie.fr"].locator("[data-testid='stApp']").inner_text()
        assert leaked(meuse_text) == []
        assert "alIZé Savoie" not in meuse_text and "alIZé Meuse" not in savoie_text.replace("Dossiers", "")
        # the table is a canvas: its rows come out as CSV from the same permission path
        assert not any(name in savoie_text for name in COMPANIES[MEUSE] - COMPANIES[SAVOIE] if len(name) > 12)
        expect(pages["meuse@cci-meuse.fr"].get_by_text("Dossiers : alIZé Meuse")).to_be_visible()
        expect(pages["savoie@cci-savoie.fr"].get_by_text("Dossiers : alIZé Savoie")).to_be_visible()
    finally:
        for ctx in contexts.values():
            ctx.close()
