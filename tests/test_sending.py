"""Scheduled sending against a real SMTP server (aiosmtpd on 127.0.0.1): the messages' subject,
recipients and PDF (its text holding the partner's figures worked out by hand), the schedule's rules
(a yearly date, 7 days before each committee, catching up after a missed day, nothing sent twice), a
refused recipient, a server that is down, a wrong host and a refused login: each logged, and retried
on the next run when it may succeed then."""

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from pypdf import PdfReader

from alize import AlizeError
from alize.reports import mail, schedule
from alize.store import sendlog
from tests.builders import make_db
from tests.smtp_server import Server, self_signed
from tests.test_partner_report import flat, partner_network
from tools.bench.server import free_port

ROOT = Path(__file__).resolve().parent.parent

SCHEDULE = """
[[send]]
id = "big-yearly"
report = "partner"
partner = "big"
every = "15/01"
to = ["directeur@grande.example"]

[[send]]
id = "nord-packs"
report = "committee-pack"
basin = "Nord"
days_before = 7
to = ["membre@comite.example", "absent@comite.example"]
"""


@pytest.fixture()
def setup(tmp_path):
    path = tmp_path / "net.duckdb"
    make_db(path, **partner_network()).close()
    (tmp_path / "envois.toml").write_text(SCHEDULE, encoding="utf-8")
    con = duckdb.connect(str(path), read_only=True)
    rules = schedule.load(con, tmp_path / "envois.toml")
    yield con, rules, tmp_path / "envois.sqlite3", tmp_path
    con.close()


def smtp_to(port: int, host: str = "127.0.0.1", user: str = "", password: str = "") -> mail.Smtp:
    return mail.Smtp(host, port, user, password, "alize@cci.example", "none", 5.0)


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text().replace("\u00a0", " ").replace("\u202f", " ").split())
                    for p in PdfReader(io.BytesIO(data)).pages)


def log_rows(log: Path):
    return sendlog.recent(log).iloc[::-1].reset_index(drop=True)  # oldest first


def test_each_15_january_the_partner_gets_last_years_report(setup):
    con, rules, log, _ = setup
    with Server() as server:
        result = schedule.run(con, rules, log, dt.date(2003, 1, 15), smtp=smtp_to(server.port))
    assert result.ok and [a.outcome for a in result.attempts] == ["sent"]
    [msg] = server.messages
    assert msg.subject == "alIZé — Grande Entreprise : rapport partenaire 2002"
    assert msg.recipients == ["directeur@grande.example"] and msg.sender == "alize@cci.example"
    [(name, data)] = msg.attachments()
    assert name == "rapport-partenaire-big-2002.pdf" and data.startswith(b"%PDF-")
    text = pdf_text(data)  # big's figures of 2002, worked out by hand in tests/test_partner_report.py
    assert flat("10 000 € Versé au fonds en 2002") in flat(text)
    assert flat("6 Jours de compétences 3 Missions 2 Entreprises accompagnées") in flat(text)
    assert "Firme P2" in text and "Firme P5" not in text
    rows = log_rows(log)
    assert list(rows[["rule", "due_on", "recipient", "outcome"]].itertuples(index=False, name=None)) == [
        ("big-yearly", "2003-01-15", "directeur@grande.example", "sent")]


def test_a_rerun_sends_nothing_twice(setup):
    con, rules, log, _ = setup
    with Server() as server:
        schedule.run(con, rules, log, dt.date(2003, 1, 15), smtp=smtp_to(server.port))
        again = schedule.run(con, rules, log, dt.date(2003, 1, 15), smtp=smtp_to(server.port))
        later = schedule.run(con, rules, log, dt.date(2003, 1, 16), smtp=smtp_to(server.port))
    assert again.attempts == [] and later.attempts == [] and len(server.messages) == 1
    assert len(log_rows(log)) == 1


def test_seven_days_before_a_committee_its_members_get_the_pack_and_a_refused_recipient_is_logged(setup):
    con, rules, log, _ = setup
    with Server(refused={"absent@comite.example"}) as server:
        early = schedule.run(con, rules, log, dt.date(2002, 10, 24), smtp=smtp_to(server.port))
        due = schedule.run(con, rules, log, dt.date(2002, 10, 25), smtp=smtp_to(server.port))  # N3: 01/11/2002
        after = schedule.run(con, rules, log, dt.date(2002, 10, 26), smtp=smtp_to(server.port))
    assert early.attempts == [] and after.attempts == []  # a refusal for good is not tried again
    assert {(a.item.recipient, a.outcome) for a in due.attempts} == {("membre@comite.example", "sent"),
                                                                     ("absent@comite.example", "refused")}
    assert not due.ok
    refused = next(a for a in due.attempts if a.outcome == "refused")
    assert "destinataire refusé par 127.0.0.1 : absent@comite.example (550 5.1.1 Unknown user)" in refused.detail
    [msg] = server.messages
    assert msg.subject == "alIZé — dossier du comité du 01/11/2002 (Nord)" and msg.recipients == ["membre@comite.example"]
    [(name, data)] = msg.attachments()
    assert name == "dossier-comite-2002-11-01.pdf"
    assert "Dossier de comité" in pdf_text(data) and "0 projet à l'ordre du jour" in pdf_text(data)
    assert set(log_rows(log)["outcome"]) == {"sent", "refused"} and len(log_rows(log)) == 2


def test_a_missed_day_catches_up(setup):
    con, rules, log, _ = setup
    with Server() as server:
        schedule.run(con, rules, log, dt.date(2002, 10, 20), smtp=smtp_to(server.port))  # nothing due
        catch_up = schedule.run(con, rules, log, dt.date(2002, 10, 28), smtp=smtp_to(server.port))
    # the runs of 21..27 October were missed: N3's pack, due on the 25th, goes on the 28th
    assert [(a.item.due_on, a.item.subject_id, a.outcome) for a in catch_up.attempts] == [
        (dt.date(2002, 10, 25), "N3", "sent")] * 2
    assert sorted(m.recipients[0] for m in server.messages) == ["absent@comite.example", "membre@comite.example"]


def test_a_server_down_is_logged_and_retried_next_run_nothing_lost(setup):
    con, rules, log, _ = setup
    port = free_port()  # nothing listens there yet
    down = schedule.run(con, rules, log, dt.date(2003, 1, 15), smtp=smtp_to(port))
    [attempt] = down.attempts
    assert attempt.outcome == "temporary" and not down.ok
    assert "serveur d'envoi 127.0.0.1:" in attempt.detail and "nouvel essai au prochain passage" in attempt.detail
    with Server() as server:
        retried = schedule.run(con, rules, log, dt.date(2003, 1, 16), smtp=smtp_to(server.port))
        again = schedule.run(con, rules, log, dt.date(2003, 1, 17), smtp=smtp_to(server.port))
    assert [(a.item.due_on, a.outcome) for a in retried.attempts] == [(dt.date(2003, 1, 15), "sent")]
    assert again.attempts == [] and len(server.messages) == 1
    assert list(log_rows(log)["outcome"]) == ["temporary", "sent"]


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_a_refused_login_and_a_wrong_host_say_so_in_french_and_are_retried(setup):
    con, rules, log, _ = setup
    with Server(user="alize", password="secret") as server:
        refused = schedule.run(con, rules, log, dt.date(2003, 1, 15), smtp=smtp_to(server.port, user="alize",
                                                                                  password="wrong"))
        assert refused.attempts[0].outcome == "failed"
        assert "identifiant ou mot de passe refusé par 127.0.0.1 pour alize" in refused.attempts[0].detail
        fixed = schedule.run(con, rules, log, dt.date(2003, 1, 16), smtp=smtp_to(server.port, user="alize",
                                                                                password="secret"))
    assert [a.outcome for a in fixed.attempts] == ["sent"] and len(server.messages) == 1
    with pytest.raises(mail.SendError) as err:
        mail.send(smtp_to(25, host="no-such-host.invalid"),
                  mail.message(smtp_to(25), "a@b.example", "s", "b"))
    assert err.value.outcome == "failed" and "serveur d'envoi introuvable : no-such-host.invalid" in str(err.value)


def test_a_dry_run_lists_and_writes_nothing(setup):
    con, rules, log, _ = setup
    result = schedule.run(con, rules, log, dt.date(2003, 1, 15), dry_run=True, smtp=smtp_to(free_port()))
    assert [(a.item.rule.id, a.outcome) for a in result.attempts] == [("big-yearly", "dry-run")]
    assert sendlog.last_run(log) is None and log_rows(log).empty
    assert not log.exists() and not Path(f"{log}.lock").exists()


@pytest.mark.parametrize("entry, message", [
    ('report = "partner"\npartner = "nope"\nevery = "15/01"\nto = ["a@b.example"]',
     "envoi n° 1 : partenaire inconnu : nope"),
    ('report = "partner"\npartner = "big"\nevery = "31/02"\nto = ["a@b.example"]', "every = 31/02 : un jour JJ/MM"),
    ('report = "partner"\npartner = "big"\nevery = "15/01"\nto = ["pas une adresse"]',
     "adresse électronique invalide : pas une adresse"),
    ('report = "committee-pack"\nbasin = "Ouest"\ndays_before = 7\nto = ["a@b.example"]', "Ouest"),
    ('report = "bulletin"\nto = ["a@b.example"]', "report = bulletin"),
    ('report = "partner"\npartner = "big"\nevry = "15/01"\nto = ["a@b.example"]', "clés inconnues : evry"),
])
def test_a_wrong_schedule_is_one_french_line(setup, entry, message):
    con, _, _, tmp = setup
    (tmp / "bad.toml").write_text(f"[[send]]\n{entry}\n", encoding="utf-8")
    with pytest.raises(AlizeError) as err:
        schedule.load(con, tmp / "bad.toml")
    assert message in str(err.value)


def test_the_cli_sends_from_the_secrets_environment(setup):
    con, _, log, tmp = setup
    con.close()
    with Server() as server:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "ALIZE_SMTP_HOST": "127.0.0.1",
               "ALIZE_SMTP_PORT": str(server.port), "ALIZE_SMTP_SECURITY": "none",
               "ALIZE_SMTP_FROM": "alize@cci.example"}
        env.pop("ALIZE_SEND_LOG", None)
        cmd = [sys.executable, "-m", "alize", "send", "--schedule", str(tmp / "envois.toml"), "--today", "2003-01-15",
               "--db", str(tmp / "net.duckdb")]
        first = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env, check=False)
        second = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env, check=False)
        bad = subprocess.run([*cmd[:-4], "--today", "2003-13-01", *cmd[-2:]], capture_output=True, text=True,
                             timeout=120, env=env, check=False)
    assert first.returncode == 0, first.stderr
    assert "envoyé : big-yearly → directeur@grande.example (dû le 2003-01-15)" in first.stdout
    assert second.returncode == 0 and "Rien à envoyer au 2003-01-15." in second.stdout
    assert len(server.messages) == 1 and log.exists()  # the log sits beside the records given by --db
    assert bad.returncode == 2 and "2003-13-01" in bad.stderr and "Traceback" not in bad.stderr


def test_the_recipients_seam_refuses_a_person_without_the_basin(setup, monkeypatch):
    con, rules, log, _ = setup
    from alize.reports import recipients

    monkeypatch.setattr(recipients, "PERMITTED_BASINS", lambda email: {"Sud"} if email.startswith("dir") else None)
    with Server() as server:
        result = schedule.run(con, rules, log, dt.date(2003, 1, 15), smtp=smtp_to(server.port))
    assert [a.outcome for a in result.attempts] == ["refused"] and server.messages == []
    assert "n'a pas accès au bassin Nord" in result.attempts[0].detail


def _pack_message(smtp: mail.Smtp):
    return mail.message(smtp, "membre@comite.example", "Essai TLS", "Corps", ("essai.pdf", b"%PDF-1.7 essai"))


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_starttls_and_tls_deliver_with_a_checked_certificate(tmp_path, security):
    cert = self_signed(tmp_path)
    with Server(tls=security, cert=cert) as server:
        smtp = mail.Smtp("127.0.0.1", server.port, "", "", "alize@cci.example", security, 5.0, str(cert[0]))
        mail.send(smtp, _pack_message(smtp))
    [msg] = server.messages
    assert msg.subject == "Essai TLS" and msg.attachments() == [("essai.pdf", b"%PDF-1.7 essai")]


def test_an_untrusted_certificate_or_no_starttls_is_a_french_error_never_a_plain_send(tmp_path):
    cert = self_signed(tmp_path)
    with Server(tls="starttls", cert=cert) as server:  # a certificate the system does not trust
        smtp = mail.Smtp("127.0.0.1", server.port, "", "", "alize@cci.example", "starttls", 5.0)
        with pytest.raises(mail.SendError) as err:
            mail.send(smtp, _pack_message(smtp))
    assert err.value.outcome == "failed" and "échec du chiffrement starttls avec 127.0.0.1" in str(err.value)
    with Server() as plain:  # a server that does not offer STARTTLS: nothing goes in clear
        smtp = mail.Smtp("127.0.0.1", plain.port, "", "", "alize@cci.example", "starttls", 5.0)
        with pytest.raises(mail.SendError) as err:
            mail.send(smtp, _pack_message(smtp))
    assert "échec du chiffrement starttls" in str(err.value) and plain.messages == []


@pytest.mark.parametrize("raw, message", [
    ({"host": ""}, "serveur d'envoi non configuré"),
    ({"security": "ssl3"}, "security = ssl3 : starttls, tls ou none attendu"),
    ({"port": "vingt-cinq"}, "port / timeout invalides : vingt-cinq"),
])
def test_wrong_smtp_settings_are_french_lines(raw, message):
    settings = {"host": "smtp.example.org", "port": "587", "user": "u", "password": "p", "sender": "a@b.example",
                "security": "starttls", "timeout": "30", "ca_file": "", **raw}
    with pytest.raises(mail.SendError) as err:
        mail.Smtp.from_settings(settings)
    assert message in str(err.value)
