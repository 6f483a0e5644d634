"""The Envois page (admins): it lists the schedule and the send log, and sends a test message to a
real SMTP server; the Partenaires page offers a partner report per partner."""

import pytest

from alize.store import sendlog
from tests.builders import open_page, tables
from tests.smtp_server import Server
from ui import auth

SCHEDULE = """
[[send]]
id = "rio-tinto-annuel"
report = "partner"
partner = "rio-tinto"
every = "15/01"
to = ["direction@riotinto.example"]

[[send]]
id = "savoie-comites"
report = "committee-pack"
basin = "alIZé Savoie"
days_before = 7
to = ["membres@comite.example"]
"""


@pytest.fixture()
def sending_env(demo_env, tmp_path, monkeypatch):
    (tmp_path / "envois.toml").write_text(SCHEDULE, encoding="utf-8")
    monkeypatch.setenv("ALIZE_SCHEDULE", str(tmp_path / "envois.toml"))
    monkeypatch.setenv("ALIZE_SEND_LOG", str(tmp_path / "envois.sqlite3"))
    return tmp_path


def test_the_sending_page_is_for_admins_only():
    assert auth.PAGE_ROLES["page.sending"] == "admin"


def test_an_admin_sees_the_schedule_and_the_latest_sends(sending_env):
    import datetime as dt

    sendlog.record(sending_env / "envois.sqlite3", rule="savoie-comites", report="committee-pack",
                   subject_id="SAV-2010-05", period="", due_on=dt.date(2010, 6, 1),
                   recipient="membres@comite.example", outcome="refused", detail="destinataire refusé")
    at = open_page("pages/envois.py")  # open local mode: the admin
    assert [t.value for t in at.title] == ["Envois"]
    assert [s.value for s in at.subheader][:3] == ["Calendrier d'envoi", "Derniers envois", "Envoyer un message d'essai"]
    schedule = tables(at)[0].value
    assert list(schedule.iloc[:, 0]) == ["rio-tinto-annuel", "savoie-comites"]
    assert "chaque 15/01 (rapport de la dernière année civile)" in list(schedule.iloc[:, 2])
    assert "7 jours avant chaque comité de alIZé Savoie" in list(schedule.iloc[:, 2])
    log = tables(at)[1].value
    assert list(log.iloc[:, 4]) == ["refusé"] and list(log.iloc[:, 3]) == ["membres@comite.example"]


def test_a_missing_schedule_says_so(demo_env, tmp_path, monkeypatch):
    monkeypatch.setenv("ALIZE_SCHEDULE", str(tmp_path / "absent.toml"))
    monkeypatch.setenv("ALIZE_SEND_LOG", str(tmp_path / "envois.sqlite3"))
    at = open_page("pages/envois.py")
    assert any("calendrier d'envoi introuvable" in i.value for i in at.info)
    assert "Aucun envoi pour l'instant." in [c.value for c in at.caption]


def test_the_test_message_reaches_the_server(sending_env, monkeypatch):
    with Server() as server:
        for var, value in {"ALIZE_SMTP_HOST": "127.0.0.1", "ALIZE_SMTP_PORT": str(server.port),
                           "ALIZE_SMTP_SECURITY": "none", "ALIZE_SMTP_FROM": "alize@cci.example"}.items():
            monkeypatch.setenv(var, value)
        at = open_page("pages/envois.py")
        at.text_input(key="send_test_to").input("moi@cci.example")
        at.button[0].click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Message d'essai envoyé à moi@cci.example par 127.0.0.1."]
    [msg] = server.messages
    assert msg.subject == "alIZé — message d'essai" and msg.recipients == ["moi@cci.example"]
    assert sendlog.recent(sending_env / "envois.sqlite3")["outcome"].tolist() == ["sent"]


def test_a_test_message_to_a_server_down_is_a_french_error(sending_env, monkeypatch):
    from tools.bench.server import free_port

    for var, value in {"ALIZE_SMTP_HOST": "127.0.0.1", "ALIZE_SMTP_PORT": str(free_port()),
                       "ALIZE_SMTP_SECURITY": "none", "ALIZE_SMTP_FROM": "alize@cci.example"}.items():
        monkeypatch.setenv(var, value)
    at = open_page("pages/envois.py")
    at.text_input(key="send_test_to").input("moi@cci.example")
    at.button[0].click().run()
    assert any("injoignable" in e.value for e in at.error)


def test_the_partners_page_offers_a_report_per_partner(demo_env):
    """Collapsed, the report's form does not run (no picker in the page); opened, it offers the scope's
    partners and the scope's year."""
    at = open_page("pages/partenaires.py", **{"from": "2010-01-01", "to": "2010-12-31", "basin": "alIZé Savoie"})
    assert [e.label for e in at.expander] == ["Rapport annuel d'un partenaire (PDF)"]
    assert "partner_report_partner" not in [s.key for s in at.selectbox]
    at.session_state["partners_report"] = True
    at.run()
    partner = at.selectbox(key="partner_report_partner")
    assert "rio-tinto" in partner.options or any("Rio Tinto" in o for o in partner.options)
    assert at.selectbox(key="partner_report_year").value == 2010


def test_an_editor_is_not_given_the_page_and_an_admin_sends_through_the_secrets_smtp(sending_env, monkeypatch):
    """With accounts (issue 16): the page is not registered for an editor; an admin reaches it, and
    the test message goes through the server named in [alize.smtp] (copied into ALIZE_SMTP_*)."""
    from alize.accounts import people
    from tests.test_auth import (
        PASSWORD_SECRETS,
        PASSWORDS,
        ROLE_EMAILS,
        app_with,
        submit,
    )

    for role, password in PASSWORDS.items():  # one account per role: password sign-in
        people.store().add(ROLE_EMAILS[role], role, role, None, password)
    for var in ("ALIZE_SMTP_HOST", "ALIZE_SMTP_PORT", "ALIZE_SMTP_SECURITY", "ALIZE_SMTP_FROM", "ALIZE_SMTP_USER",
                "ALIZE_SMTP_PASSWORD"):
        monkeypatch.delenv(var, raising=False)
    at = app_with(PASSWORD_SECRETS)
    at.run()
    submit(at, PASSWORDS["editor"])
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/envois.py")
    with Server() as server:
        secrets = {"alize": {**PASSWORD_SECRETS.get("alize", {}),
                             "smtp": {"host": "127.0.0.1", "port": server.port, "security": "none",
                                      "from": "alize@cci.example"}}}
        at = app_with(secrets)
        at.run()
        submit(at, PASSWORDS["admin"])
        at.switch_page("pages/envois.py").run()
        assert [t.value for t in at.title] == ["Envois"]
        at.text_input(key="send_test_to").input("admin@cci.example")
        at.button(key="FormSubmitter:send_test-Envoyer l'essai").click().run()
    assert not at.exception and [s.value for s in at.success] == [
        "Message d'essai envoyé à admin@cci.example par 127.0.0.1."]
    assert [m.recipients for m in server.messages] == [["admin@cci.example"]]
