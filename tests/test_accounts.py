"""Accounts and basin permissions (issue 16): people with their own passwords, a Meuse viewer who never
reads a Savoie firm (pages, files, deck, report, brief) while the 2010 network totals still read
41 / 72 / 66 / 225 / 445 135 € / 298, hostile URLs, the cache keyed on the permission, imports refused
outside the editor's basins, disabled accounts, lockout, the admin page and the audit log."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import sys
import time

import pytest
from streamlit.testing.v1 import AppTest

from alize.accounts import people
from alize.cli.main import main as cli_main
from alize.ingest import importer
from alize.scope import Permission, Scope
from alize.store import db
from tests.builders import tables
from tests.test_auth import rendered_text

MEUSE, SAVOIE = "alIZé Meuse", "alIZé Savoie"
PW = {"meuse@cci-meuse.fr": "meuse-lecture-2010", "savoie@cci-savoie.fr": "savoie-lecture-2010",
      "saisie@cci-meuse.fr": "meuse-edition-2010", "chef@alize.fr": "national-admin-2010"}
NETWORK_2010 = {"Comités d'agrément": "41", "Projets étudiés": "72", "Projets retenus": "66",
                "Jours de compétences": "225", "Aide accordée": "445\u00a0135\u00a0€", "Emplois engagés": "298"}


def _companies() -> dict[str, set[str]]:
    """Company names of data/projects.csv by basin name."""
    def rows(name):
        with (db.DATA_DIR / f"{name}.csv").open(encoding="utf-8-sig") as f:
            return list(csv.DictReader(f))
    basin = {r["id"]: r["name"] for r in rows("basins")}
    committee = {r["id"]: basin[r["basin"]] for r in rows("committees")}
    out: dict[str, set[str]] = {}
    for p in rows("projects"):
        out.setdefault(committee[p["committee"]], set()).add(p["company"])
    return out


COMPANIES = _companies()
# Every Savoie company name (a handful of generated names also exist in Meuse: those a Meuse viewer may read)
SAVOIE_ONLY = sorted(COMPANIES[SAVOIE] - COMPANIES[MEUSE])


def leaked(text: str) -> list[str]:
    """The Savoie names in `text`, as whole names ("Messagerie Baudin SA" is not in Meuse's
    "Messagerie Baudin SASU"), across line breaks (a PDF wraps its table cells)."""
    text = " ".join(text.split())
    return [name for name in SAVOIE_ONLY if re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text)]


@pytest.fixture()
def store(demo_env):
    s = people.store()
    s.add("meuse@cci-meuse.fr", "Équipe Meuse", "viewer", (MEUSE,), PW["meuse@cci-meuse.fr"])
    s.add("savoie@cci-savoie.fr", "Équipe Savoie", "viewer", (SAVOIE,), PW["savoie@cci-savoie.fr"])
    s.add("saisie@cci-meuse.fr", "Saisie Meuse", "editor", (MEUSE,), PW["saisie@cci-meuse.fr"])
    s.add("chef@alize.fr", "Coordination nationale", "admin", None, PW["chef@alize.fr"])
    return s


@pytest.fixture(autouse=True)
def _fresh_limiter(monkeypatch):
    from ui import auth as ui_auth

    monkeypatch.setattr(ui_auth, "FAIL_SLEEP", 0)
    ui_auth.limiter.clear()
    yield
    ui_auth.limiter.clear()


def app(**query) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=90)
    at.query_params.update(query)
    return at.run()


def sign_in(at: AppTest, email: str, password: str | None = None) -> AppTest:
    at.text_input(key="_auth_email").input(email)
    at.text_input(key="_auth_password").input(PW[email] if password is None else password)
    at.button(key="FormSubmitter:_auth_form-Se connecter").click().run()
    assert not at.exception, at.exception
    return at


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def company_column(at) -> set[str]:
    out: set[str] = set()
    for t in tables(at):
        frame = t.value
        for col in ("Entreprise", "Company"):
            if col in frame.columns:
                out |= set(frame[col])
    return out


# ---- a Meuse viewer: network figures yes, Savoie firms never -----------------------------------

VIEWER_PAGES = ["pages/vue-ensemble.py", "pages/territoires.py", "pages/comites.py", "pages/projets.py",
                "pages/emplois.py", "pages/partenaires.py", "pages/fonds.py", "pages/fiche-comite.py",
                "pages/presentation.py"]


def test_the_savoie_names_are_real_and_many():
    assert len(SAVOIE_ONLY) > 150 and "Matériaux Gauthier SARL" in SAVOIE_ONLY


def test_a_meuse_viewer_keeps_the_2010_network_totals(store):
    at = sign_in(app(**{"from": "2010-01-01", "to": "2010-12-31"}), "meuse@cci-meuse.fr")
    shown = metrics(at)
    assert {k: shown[k] for k in NETWORK_2010} == NETWORK_2010
    assert any("Dossiers : alIZé Meuse" in c.value for c in at.sidebar.caption)


@pytest.mark.parametrize("page", VIEWER_PAGES)
def test_a_meuse_viewer_never_sees_a_savoie_firm_on_any_page(store, page):
    at = sign_in(app(**{"from": "2006-01-01", "to": "2020-12-31"}), "meuse@cci-meuse.fr")
    at.switch_page(page).run()
    assert not at.exception, at.exception
    page_text = rendered_text(at)
    assert leaked(page_text) == []
    assert SAVOIE not in [o for m in at.multiselect for o in m.options]
    if page == "pages/projets.py":  # the list is there, with Meuse's own firms
        assert company_column(at) and company_column(at) <= COMPANIES[MEUSE]


HOSTILE = [
    ("pages/vue-ensemble.py", {"basin": SAVOIE}),
    ("pages/comites.py", {"committee": "SAV-2010-07"}),
    ("pages/projets.py", {"project": "SAV2006-001"}),
    ("pages/fiche-comite.py", {"committee": "SAV-2010-07"}),
    ("pages/presentation.py", {"slide": "3", "committee": "SAV-2010-07"}),
]


@pytest.mark.parametrize("page,params", HOSTILE, ids=[f"{p}?{next(iter(q))}" for p, q in HOSTILE])
def test_hostile_urls_show_nothing_of_savoie(store, page, params):
    at = AppTest.from_file("../app.py", default_timeout=90)
    at.query_params.update({"from": "2006-01-01", "to": "2020-12-31", **params})
    at.run()
    sign_in(at, "meuse@cci-meuse.fr")  # the first run signed in meets the link: dropped, with a notice
    notices = " ".join(w.value for w in at.warning)
    assert "hors de vos droits" in notices or "valeur inconnue pour « Bassins »" in notices
    assert leaked(rendered_text(at)) == []
    at.switch_page(page).run()
    assert not at.exception
    page_text = rendered_text(at)
    assert leaked(page_text) == [] and "Matériaux Gauthier SARL" not in page_text
    assert "SAV-2010-07" not in str(at.query_params.get("committee"))


def test_the_savoie_committee_brief_is_unknown_to_the_meuse_viewer_in_the_app(store):
    """The permission is put by ui.common.query itself: a page cannot forget it."""
    at = sign_in(app(committee="SAV-2010-07"), "meuse@cci-meuse.fr")
    assert at.query_params.get("committee") in (None, [], "")
    assert any("comité d'un bassin hors de vos droits" in w.value for w in at.warning)


def test_two_people_one_after_the_other_on_one_server_get_their_own_rows(store):
    """The cache test: the same scope, the same page, the same process (st.cache_data shared)."""
    scope = {"from": "2010-01-01", "to": "2010-12-31"}
    meuse = sign_in(app(**scope), "meuse@cci-meuse.fr")
    meuse.switch_page("pages/projets.py").run()
    savoie = sign_in(app(**scope), "savoie@cci-savoie.fr")
    savoie.switch_page("pages/projets.py").run()
    meuse.run()  # the first person again, after the second filled the cache
    seen_meuse, seen_savoie = company_column(meuse), company_column(savoie)
    assert seen_meuse and seen_meuse <= COMPANIES[MEUSE] and not (seen_meuse & set(SAVOIE_ONLY))
    assert seen_savoie and seen_savoie <= COMPANIES[SAVOIE]
    assert not (seen_savoie & (COMPANIES[MEUSE] - COMPANIES[SAVOIE]))


# ---- files: deck, report, brief, figures through the CLI's --as (the same permission path) ------

def test_cli_files_as_the_meuse_viewer_name_no_savoie_firm(store, demo_env, tmp_path, capsys):
    from pptx import Presentation
    from pypdf import PdfReader

    common = ["--db", str(demo_env), "--from", "2006-01-01", "--to", "2020-12-31", "--as", "meuse@cci-meuse.fr"]
    assert cli_main(["report", *common, "--out", str(tmp_path / "r.html")]) == 0
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert leaked(html) == []
    assert cli_main(["deck", *common, "--out", str(tmp_path / "d.pptx")]) == 0
    deck = " ".join(shape.text_frame.text for slide in Presentation(str(tmp_path / "d.pptx")).slides
                    for shape in slide.shapes if shape.has_text_frame)
    assert leaked(deck) == []
    # a Meuse committee's brief: fine; a Savoie one: unknown, exit 2, no file
    with db.snapshot(demo_env) as con:
        meuse_committee = con.execute("SELECT id FROM committees WHERE basin = 'meuse' ORDER BY held_on DESC LIMIT 1"
                                      ).fetchone()[0]
    assert cli_main(["brief", "--db", str(demo_env), "--committee", meuse_committee, "--as", "meuse@cci-meuse.fr",
                     "--out", str(tmp_path / "m.pdf")]) == 0
    brief = " ".join(p.extract_text() for p in PdfReader(str(tmp_path / "m.pdf")).pages)
    assert leaked(brief) == [] and any(name.split()[0] in brief for name in COMPANIES[MEUSE])
    # the search would see them: the same Savoie brief for the national admin names its firms
    assert cli_main(["brief", "--db", str(demo_env), "--committee", "SAV-2010-07", "--as", "chef@alize.fr",
                     "--out", str(tmp_path / "n.pdf")]) == 0
    assert leaked(" ".join(p.extract_text() for p in PdfReader(str(tmp_path / "n.pdf")).pages))
    assert cli_main(["brief", "--db", str(demo_env), "--committee", "SAV-2010-07", "--as", "meuse@cci-meuse.fr",
                     "--out", str(tmp_path / "s.pdf")]) == 2
    assert not (tmp_path / "s.pdf").exists()
    capsys.readouterr()
    assert cli_main(["figures", "--db", str(demo_env), "--from", "2010-01-01", "--to", "2010-12-31",
                     "--as", "meuse@cci-meuse.fr", "--json"]) == 0
    import json

    out = json.loads(capsys.readouterr().out)
    assert (out["committees"], out["projects_studied"], out["projects_retained"], out["competence_days"],
            out["aid_eur"], out["jobs_committed"]) == (41, 72, 66, 225, 445135, 298)
    assert cli_main(["figures", "--db", str(demo_env), "--basin", SAVOIE, "--as", "meuse@cci-meuse.fr"]) == 2
    assert "hors des bassins de ce compte" in capsys.readouterr().err


def test_record_lists_follow_the_permission_and_aggregates_do_not(demo_con):
    from alize.metrics import records
    from alize.metrics.figures import key_figures

    scope = Permission((MEUSE,)).apply(Scope.year(2010))
    listed = records.projects(demo_con, scope)
    assert set(listed["basin"]) == {MEUSE}
    assert key_figures(demo_con, scope).projects_studied == 72  # the network, as before
    assert records.projects(demo_con, Permission(()).apply(Scope.year(2010))).empty  # no basin: no record
    with pytest.raises(Exception, match="SAV2006-001"):
        records.project_card(demo_con, "SAV2006-001", permitted=(MEUSE,))
    with pytest.raises(Exception, match="SAV-2010-07"):
        records.committee(demo_con, "SAV-2010-07", permitted=(MEUSE,))


# ---- editors import only for their basins --------------------------------------------------------

def test_a_meuse_editors_import_with_one_savoie_row_is_refused_and_writes_nothing(demo_db, tmp_path):
    import shutil

    path = tmp_path / "alize.duckdb"
    shutil.copy(demo_db, path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    header = "id,company,sector,kind,territory,commune,submitted_on,committee,decision,aid_eur,bank_loans_eur," \
             "jobs_at_start,jobs_committed,closed_on\n"
    body = ("MEU-T-001,Scierie de l'Aire SARL,C,creation,verdun,,2010-01-04,MEU-2010-02,pending,0,0,2,3,\n"
            "SAV-T-001,Fromagerie du Test SAS,C,creation,chambery,,2010-01-04,SAV-2010-07,pending,0,0,2,3,\n")
    with db.snapshot(path) as con:  # use real ids of this demo
        meuse_committee, meuse_territory = con.execute(
            "SELECT c.id, t.id FROM committees c JOIN territories t ON t.basin = c.basin WHERE c.basin = 'meuse' "
            "AND c.held_on > DATE '2010-02-01' ORDER BY c.held_on LIMIT 1").fetchone()
        savoie_committee = con.execute("SELECT id FROM committees WHERE basin = 'savoie' "
                                       "AND held_on > DATE '2010-02-01' ORDER BY held_on LIMIT 1").fetchone()[0]
    body = body.replace("MEU-2010-02", meuse_committee).replace("verdun", meuse_territory) \
               .replace("SAV-2010-07", savoie_committee)
    files = [("projets.csv", (header + body).encode("utf-8"))]
    plan = importer.check(files, path, permitted=(MEUSE,))
    assert not plan.ok
    [problem] = [p for p in plan.errors if p.code == "outside_basins"]
    assert problem.row == 3 and "alIZé Savoie" in problem.text and "SAV-T-001" in problem.text
    with pytest.raises(importer.AlizeError):
        importer.apply(plan, path, user="saisie@cci-meuse.fr")
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    # the same file without its Savoie line passes, and the log names the person
    ok = importer.check([("projets.csv", (header + body.splitlines(True)[0]).encode("utf-8"))], path,
                        permitted=(MEUSE,))
    assert ok.ok, ok.problems
    importer.apply(ok, path, user="saisie@cci-meuse.fr")
    with db.snapshot(path) as con:
        assert importer.last_import(con)["user_name"] == "saisie@cci-meuse.fr"
    importer.undo_last(path, user="saisie@cci-meuse.fr")
    with db.snapshot(path) as con:
        log = importer.import_log(con, french=False)
    # the embedded undo restores the copy taken before the import, then logs who undid it
    assert (log.iloc[0]["action"], log.iloc[0]["user_name"]) == ("undo", "saisie@cci-meuse.fr")


# ---- accounts: disabled, lockout, the admin page, the audit log -----------------------------------

def test_a_disabled_account_cannot_sign_in_and_its_open_session_ends(store):
    at = sign_in(app(**{"from": "2010-01-01", "to": "2010-12-31"}), "meuse@cci-meuse.fr")
    assert metrics(at)
    store.set_disabled("meuse@cci-meuse.fr", True, by="chef@alize.fr")
    at.run()  # its next rerun
    assert not metrics(at) and at.text_input(key="_auth_password")
    assert any("Votre session a pris fin" in w.value for w in at.warning)
    sign_in(at, "meuse@cci-meuse.fr")
    assert not metrics(at) and "Adresse ou mot de passe incorrect." in [e.value for e in at.error]
    actions = [(a, act) for _, a, act, _ in store.audit()]
    assert ("chef@alize.fr", "account_disabled") in actions
    assert ("meuse@cci-meuse.fr", "session_ended") in actions
    assert ("meuse@cci-meuse.fr", "sign_in_failed") in actions


def test_lockout_per_account_and_the_log_names_the_person(store):
    at = app()
    for attempt in range(3):
        sign_in(at, "savoie@cci-savoie.fr", f"faux-{attempt}")
        assert "Adresse ou mot de passe incorrect." in [e.value for e in at.error]
    sign_in(at, "savoie@cci-savoie.fr", "faux-3")
    sign_in(at, "savoie@cci-savoie.fr")  # locked: even the right password is refused unchecked
    assert not metrics(at) and any("Trop de tentatives" in e.value for e in at.error)
    log = [(a, act) for _, a, act, _ in store.audit()]
    assert log.count(("savoie@cci-savoie.fr", "sign_in_failed")) == 4
    assert ("savoie@cci-savoie.fr", "lockout") in log


def test_the_account_limit_holds_across_sources():
    from alize.accounts.auth import LoginLimiter

    now = [0.0]
    lim = LoginLimiter(clock=lambda: now[0])
    for i in range(5):  # five failures, each from a new address
        assert lim.reserve(f"ip:10.0.0.{i}", ["account:meuse@cci-meuse.fr"]).allowed
    verdict = lim.reserve("ip:10.0.0.99", ["account:meuse@cci-meuse.fr"])
    assert verdict.allowed  # the 6th is counted, then the account waits
    refused = lim.reserve("ip:10.0.0.100", ["account:meuse@cci-meuse.fr"])
    assert not refused.allowed and refused.reason == "account"
    assert lim.reserve("ip:10.0.0.100", ["account:savoie@cci-savoie.fr"]).allowed  # another account: not locked


def test_a_viewer_cannot_reach_the_admin_page_by_url(store):
    at = sign_in(app(), "meuse@cci-meuse.fr")
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/comptes.py")
    assert "Comptes et journal" not in rendered_text(at)


def test_the_admin_page_creates_an_account_with_a_one_time_password(store):
    at = sign_in(app(), "chef@alize.fr")
    at.switch_page("pages/comptes.py").run()
    assert not at.exception
    assert "meuse@cci-meuse.fr" in rendered_text(at)
    form_inputs = [t for t in at.text_input if t.label in ("Adresse e-mail", "Nom affiché")]
    form_inputs[0].input("gard@cci-gard.fr")
    form_inputs[1].input("Équipe Gard")
    at.multiselect(key="_admin_new_basins").select("alIZé Gard Cévennes")
    at.button(key="FormSubmitter:_admin_create-Créer").click().run()
    assert not at.exception
    [done] = [s.value for s in at.success]
    password = done.rsplit(" : ", 1)[1]
    account = store.get("gard@cci-gard.fr")
    assert account.basins == ("alIZé Gard Cévennes",) and account.must_change
    at.run()
    assert password not in rendered_text(at)  # shown once
    assert ("chef@alize.fr", "account_created") in [(a, act) for _, a, act, _ in store.audit()]


def test_a_one_time_password_must_be_changed_first(store):
    otp = store.reset_password("meuse@cci-meuse.fr", by="chef@alize.fr")
    at = sign_in(app(), "meuse@cci-meuse.fr", otp)
    assert not metrics(at) and any("usage unique" in i.value for i in at.info)
    boxes = at.text_input
    boxes[0].input(otp)
    boxes[1].input("nouveau-mot-de-passe-meuse")
    boxes[2].input("nouveau-mot-de-passe-meuse")
    at.button(key="FormSubmitter:_auth_must_change-Changer mon mot de passe").click().run()
    assert metrics(at)
    assert store.check_password("meuse@cci-meuse.fr", "nouveau-mot-de-passe-meuse")


def test_the_sidebar_password_form_is_drawn_only_while_its_section_is_open(store):
    """Closed, « Changer mon mot de passe » draws no field (every page's run would render them again);
    opened, its three fields change the password. Who is signed in, and their basins, are one caption."""
    at = sign_in(app(), "meuse@cci-meuse.fr")
    assert [e.label for e in at.sidebar.expander] == ["Changer mon mot de passe"]
    assert not [t for t in at.sidebar.text_input if t.proto.type == t.proto.PASSWORD]
    [who] = [c.value for c in at.sidebar.caption if c.value.startswith("Connecté")]
    assert "Équipe Meuse" in who and "Dossiers : alIZé Meuse" in who
    at.session_state["_auth_password_box"] = True
    at.run()
    boxes = [t for t in at.sidebar.text_input if t.proto.type == t.proto.PASSWORD]
    assert [b.label for b in boxes] == ["Mot de passe actuel", "Nouveau mot de passe", "Confirmer le nouveau mot de passe"]
    boxes[0].input(PW["meuse@cci-meuse.fr"])
    boxes[1].input("encore-un-mot-de-passe-meuse")
    boxes[2].input("encore-un-mot-de-passe-meuse")
    at.button(key="FormSubmitter:_auth_change_form-Changer mon mot de passe").click().run()
    assert not at.exception
    assert [s.value for s in at.sidebar.success] == ["Mot de passe changé."]
    assert store.check_password("meuse@cci-meuse.fr", "encore-un-mot-de-passe-meuse")
    assert metrics(at)  # still signed in, the page drawn


def test_an_idle_session_expires(store, monkeypatch):
    monkeypatch.setenv("ALIZE_IDLE_MINUTES", "5")
    at = sign_in(app(), "meuse@cci-meuse.fr")
    assert metrics(at)
    at.session_state["_auth_seen"] = time.time() - 6 * 60
    at.run()
    assert not metrics(at) and any("5 min d'inactivité" in w.value for w in at.warning)


def test_a_forged_session_is_not_trusted(store):
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.session_state["_auth_account"] = ("chef@alize.fr", "scrypt$forged")
    at.run()
    assert not metrics(at) and at.text_input(key="_auth_password")


# ---- OIDC: the provider's e-mail looked up in the accounts ---------------------------------------

OIDC = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32, "client_id": "id",
        "client_secret": "secret", "server_metadata_url": "https://accounts.example.org/.well-known/openid-configuration"}


def oidc_app(user: dict, roles: dict | None = None, **query) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=90)
    at.secrets["auth"] = OIDC
    if roles:
        at.secrets["alize"] = {"roles": roles}
    at.user = user
    at.query_params.update(query)
    return at.run()


def test_oidc_known_account_gets_its_basins(store):
    at = oidc_app({"is_logged_in": True, "email": "Meuse@CCI-Meuse.fr"}, **{"from": "2010-01-01", "to": "2010-12-31"})
    assert metrics(at)["Projets étudiés"] == "72"
    at.switch_page("pages/projets.py").run()
    assert company_column(at) <= COMPANIES[MEUSE]


def test_oidc_unknown_email_is_refused_with_a_clear_message(store):
    at = oidc_app({"is_logged_in": True, "email": "inconnu@example.org"})
    assert not metrics(at)
    assert any("Aucun compte n'existe pour" in e.value for e in at.error)
    assert ("inconnu@example.org", "sign_in_failed") in [(a, act) for _, a, act, _ in store.audit()]


def test_oidc_domain_rule_creates_an_account_with_no_basin_yet(store):
    at = oidc_app({"is_logged_in": True, "email": "nouveau@cci-indre.fr", "name": "Nouveau"},
                  roles={"viewer": ["@cci-indre.fr"]}, **{"from": "2010-01-01", "to": "2010-12-31"})
    assert metrics(at)["Projets étudiés"] == "72"  # network figures
    account = store.get("nouveau@cci-indre.fr")
    assert account.role == "viewer" and account.basins == ()
    at.switch_page("pages/projets.py").run()
    assert not company_column(at)


def test_oidc_disabled_account_is_refused(store):
    store.set_disabled("savoie@cci-savoie.fr", True)
    at = oidc_app({"is_logged_in": True, "email": "savoie@cci-savoie.fr"})
    assert not metrics(at) and any("est désactivé" in e.value for e in at.error)


# ---- the command line ---------------------------------------------------------------------------

def test_cli_manages_accounts(demo_env, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("premier-admin-long\n"))
    assert cli_main(["add-user", "--email", "Admin@Alize.fr", "--name", "Première", "--role", "admin",
                     "--basins", "all", "--password-stdin"]) == 0
    assert cli_main(["add-user", "--email", "m@cci-meuse.fr", "--name", "M", "--role", "viewer",
                     "--basins", f"{MEUSE},alIZé Longwy"]) == 0
    assert cli_main(["add-user", "--email", "x@y.fr", "--role", "viewer", "--basins", "alIZé Mars"]) == 2
    assert "bassin inconnu : alIZé Mars" in capsys.readouterr().err
    assert cli_main(["users"]) == 0
    out = capsys.readouterr().out
    assert "admin@alize.fr\tPremière\tadmin\ttous\tactif" in out
    assert "m@cci-meuse.fr\tM\tviewer\talIZé Meuse, alIZé Longwy\tactif" in out
    assert cli_main(["disable-user", "--email", "m@cci-meuse.fr"]) == 0
    assert people.store().get("m@cci-meuse.fr").disabled
    assert cli_main(["figures", "--as", "m@cci-meuse.fr"]) == 2
    assert "ce compte est désactivé" in capsys.readouterr().err
    assert cli_main(["enable-user", "--email", "m@cci-meuse.fr"]) == 0
    assert not people.store().get("m@cci-meuse.fr").disabled
    assert people.store().check_password("admin@alize.fr", "premier-admin-long")


def test_a_download_is_logged_with_the_person_and_the_file(demo_env):
    from ui import downloads

    made = downloads._logged("projets.csv", lambda: b"id;entreprise\n")  # the button's file maker
    assert made() == b"id;entreprise\n"
    [(_at, who, action, detail)] = people.store().audit()
    assert (who, action, detail) == ("local", "download", "projets.csv")  # open local mode: "local"


def test_the_import_line_of_the_audit_log_says_files_and_counts_per_table(demo_db):
    from ui import auth

    header = "Identifiant,Bassin,Date du comité,Lieu\n"
    plan = importer.check([("comites.csv", (header + "SAV-2010-99,savoie,2010-12-01,Chambéry\n").encode())], demo_db)
    assert plan.ok, plan.problems
    assert auth.import_detail(plan) == "comites.csv · nouvelles/modifiées/inchangées : committees 1/0/0"
