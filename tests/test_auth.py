"""Sign-in and roles: hashes, the failed-attempt limiter (injected clock, no sleeping), the secrets
format, and the app through AppTest with accounts or secrets set (fails closed, roles, refusals).

Since issue 16 each person has an account (alize.accounts.people) instead of one shared password per
role: the tests below make one account per role (`ROLE_EMAILS`) and keep every protection the per-role
passwords had (gate before any record, slowing down, refusal pages, a changed password ends sessions)."""

from __future__ import annotations

import csv
import io
import sys
import threading

import pytest
from streamlit.testing.v1 import AppTest

from alize.accounts import auth
from alize.cli.main import main as cli_main
from alize.store import db
from tests.builders import chart_elements, shown

FAST = {"n": 2**10}  # cheap scrypt cost for tests; production hashes use 2**14
PASSWORDS = {"viewer": "lecture-2010-savoie", "editor": "edition-2010-savoie", "admin": "admin-2010-savoie"}
HASHES = {role: auth.hash_password(pw, **FAST) for role, pw in PASSWORDS.items()}
PASSWORD_SECRETS: dict = {}  # accounts, not secrets, now turn password sign-in on
ROLE_EMAILS = {role: f"{role}@cci-savoie.fr" for role in PASSWORDS}
LEGACY_SECRETS = {"alize": {"passwords": HASHES}}  # the former one-password-per-role section: refused


@pytest.fixture()
def accounts_env(demo_env):
    """One account per role (every basin), in this test's own accounts file: password mode."""
    from alize.accounts import people

    store = people.store()
    for role, password in PASSWORDS.items():
        store.add(ROLE_EMAILS[role], role.title(), role, None, password)
    return demo_env
OIDC_SECRETS = {
    "auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
             "client_id": "id", "client_secret": "secret",
             "server_metadata_url": "https://accounts.example.org/.well-known/openid-configuration"},
    "alize": {"roles": {"admin": ["chef@cci-savoie.fr"], "editor": ["saisie@cci-savoie.fr"],
                        "viewer": ["@cci-savoie.fr"]}},
}


# ---- hashes -----------------------------------------------------------------------------------

def test_hash_is_salted_and_verifies():
    a, b = auth.hash_password("secret-phrase", **FAST), auth.hash_password("secret-phrase", **FAST)
    assert a != b and a.startswith("scrypt$1024$8$1$")
    assert "secret-phrase" not in a
    assert auth.verify_password("secret-phrase", a) and auth.verify_password("secret-phrase", b)
    assert not auth.verify_password("secret-phrasE", a)
    assert not auth.verify_password("", a)


def test_default_cost_and_pbkdf2_hashes_verify():
    stored = auth.hash_password("une phrase assez longue")
    assert stored.startswith(f"scrypt${2**14}$8$1$")
    assert auth.verify_password("une phrase assez longue", stored)
    import base64
    import hashlib

    salt = b"0123456789abcdef"
    digest = hashlib.pbkdf2_hmac("sha256", b"pw-pbkdf2", salt, 100_000)
    pb = f"pbkdf2_sha256$100000${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"
    assert auth.verify_password("pw-pbkdf2", pb) and not auth.verify_password("pw", pb)


@pytest.mark.parametrize("bad", ["motdepasse", "scrypt$16384$8$1$???$abc", "scrypt$1000$8$1$AA==$AA==",
                                 "pbkdf2_sha256$10$AA==$AA==", ""])
def test_plain_or_malformed_hashes_never_match_and_are_refused_in_config(bad):
    assert not auth.verify_password(bad, bad)
    with pytest.raises(auth.AuthConfigError):
        auth.parse_passwords({"viewer": bad})


def test_comparison_is_constant_time(monkeypatch):
    calls = []
    real = auth.hmac.compare_digest
    monkeypatch.setattr(auth.hmac, "compare_digest", lambda a, b: calls.append(1) or real(a, b))
    assert auth.role_for_password(PASSWORDS["viewer"], HASHES) == "viewer"
    # every configured hash was checked, whichever matched
    assert len(calls) == 3


def test_role_for_password_gives_the_highest_matching_role():
    assert auth.role_for_password(PASSWORDS["editor"], HASHES) == "editor"
    assert auth.role_for_password("nope", HASHES) is None
    same = {"viewer": HASHES["admin"], "admin": HASHES["admin"]}
    assert auth.role_for_password(PASSWORDS["admin"], same) == "admin"


def test_roles_are_ordered():
    assert auth.role_at_least("admin", "editor") and auth.role_at_least("editor", "editor")
    assert not auth.role_at_least("viewer", "editor") and not auth.role_at_least(None, "viewer")
    with pytest.raises(auth.AuthConfigError):
        auth.role_at_least("viewer", "superuser")


# ---- limiter ----------------------------------------------------------------------------------

class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_limiter_backs_off_exponentially_per_client():
    clock = Clock()
    lim = auth.RateLimiter(free_attempts=3, base_delay=2, max_delay=60, clock=clock)
    delays = [lim.failure("ip:a") for _ in range(3)]
    assert delays == [0, 0, 0] and lim.wait_time("ip:a") == 0
    assert lim.failure("ip:a") == 2 and lim.wait_time("ip:a") == 2
    clock.now += 2
    assert lim.failure("ip:a") == 4
    clock.now += 4
    assert lim.failure("ip:a") == 8
    clock.now += 8
    growing = [lim.failure("ip:a") for _ in range(5)]
    assert growing == [16, 32, 60, 60, 60]  # capped
    # another client is not slowed down by the first one
    assert lim.wait_time("ip:b") == 0
    clock.now += 30
    assert lim.wait_time("ip:a") == 30


def test_limiter_success_resets_and_quiet_hour_forgets():
    clock = Clock()
    lim = auth.RateLimiter(free_attempts=1, base_delay=1, clock=clock, forget_after=3600)
    lim.failure("k")
    assert lim.failure("k") == 1
    lim.success("k")
    assert lim.failures("k") == 0 and lim.wait_time("k") == 0
    lim.failure("k")
    clock.now += 3601
    assert lim.failure("k") == 0  # the old failure was forgotten


def test_limiter_memory_is_bounded():
    clock = Clock()
    lim = auth.RateLimiter(max_keys=10, clock=clock)
    for i in range(50):
        clock.now += 1
        lim.failure(f"ip:{i}")
    assert len(lim._entries) == 10


# ---- secrets format ---------------------------------------------------------------------------

def test_modes_from_secrets():
    assert auth.access_config({}).mode == "open"
    assert auth.access_config({"alize": {"db": "/data/alize.duckdb"}}).mode == "open"
    cfg = auth.access_config({}, has_accounts=True)
    assert cfg.mode == "password"
    assert auth.access_config({"auth": OIDC_SECRETS["auth"]}).mode == "oidc"  # accounts only, no domain rule
    cfg = auth.access_config(OIDC_SECRETS)
    assert cfg.mode == "oidc"
    assert cfg.role_for_email("Chef@CCI-Savoie.fr") == "admin"
    assert cfg.role_for_email("saisie@cci-savoie.fr") == "editor"
    assert cfg.role_for_email("autre@cci-savoie.fr") == "viewer"
    assert cfg.role_for_email("x@evil.example") is None
    assert cfg.role_for_email("cci-savoie.fr") is None and cfg.role_for_email(None) is None


@pytest.mark.parametrize("secrets", [
    LEGACY_SECRETS,                                                    # one password per role: migrate
    {"alize": {"passwords": {"viewer": "en clair"}}},                  # plain-text password
    {"alize": {"passwords": {"superuser": HASHES["admin"]}}},          # unknown role
    {"alize": {"roles": {"viewer": ["a@b.fr"]}}},                      # roles without any sign-in
    {"auth": OIDC_SECRETS["auth"], "alize": {"roles": {"viewer": ["pas-une-adresse"]}}},
])
def test_unusable_access_settings_are_refused(secrets):
    with pytest.raises(auth.AuthConfigError):
        auth.access_config(secrets)


def test_hash_password_command(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO("une-phrase-de-passe-longue\n"))
    assert cli_main(["hash-password", "--stdin", "--role", "editor"]) == 0
    line = capsys.readouterr().out.strip()
    role, _, value = line.partition(" = ")
    assert role == "editor" and auth.verify_password("une-phrase-de-passe-longue", value.strip('"'))
    monkeypatch.setattr(sys, "stdin", io.StringIO("court\n"))
    assert cli_main(["hash-password", "--stdin"]) == 2


# ---- the app with secrets ---------------------------------------------------------------------

@pytest.fixture(autouse=True)
def _fresh_limiter(monkeypatch):
    from ui import auth as ui_auth

    monkeypatch.setattr(ui_auth, "FAIL_SLEEP", 0)
    ui_auth.limiter.clear()
    yield
    ui_auth.limiter.clear()


def record_names(_db_path=None) -> list[str]:
    """Basin and territory names of the demo network (the CSVs the session's database is built from)."""
    names = []
    for table in ("basins", "territories"):
        with (db.DATA_DIR / f"{table}.csv").open(encoding="utf-8-sig") as f:
            names += [row["name"] for row in csv.DictReader(f)]
    assert len(names) > 10
    return names


def rendered_text(at) -> str:
    """Every element of the run (main, sidebar, everything), as its protobuf text."""
    out = []

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None:
            out.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(out)


def app_with(secrets: dict, **query) -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60)
    for key, value in secrets.items():
        at.secrets[key] = value
    at.query_params.update(query)
    return at


def submit(at: AppTest, password: str, email: str | None = None) -> AppTest:
    """Sign in with `password` as the account of the role it is (or as `email`)."""
    role = next((r for r, pw in PASSWORDS.items() if pw == password), "viewer")
    at.text_input(key="_auth_email").input(email or ROLE_EMAILS[role])
    at.text_input(key="_auth_password").input(password)
    return at.button(key="FormSubmitter:_auth_form-" + _submit_label(at)).click().run()


def _submit_label(at) -> str:
    return "Se connecter"


def test_password_mode_shows_only_the_sign_in_screen(accounts_env):
    demo_env = accounts_env
    at = app_with(PASSWORD_SECRETS, **{"from": "2010-01-01", "to": "2010-12-31", "basin": "alIZé Savoie"})
    at.run()
    assert not at.exception
    assert [t.value for t in at.title] == ["alIZé"]
    assert len(at.metric) == 0 and len(chart_elements(at)) == 0 and len(at.multiselect) == 0
    page = rendered_text(at)
    for name in record_names(demo_env):
        assert name not in page, name
    assert "Données de démonstration" not in page
    assert "Accès libre" not in page
    assert at.text_input(key="_auth_password").proto.type == at.text_input(key="_auth_password").proto.PASSWORD


def test_wrong_password_is_refused_then_slowed_down(accounts_env):
    at = app_with(PASSWORD_SECRETS, **{"from": "2010-01-01", "to": "2010-12-31"})
    at.run()
    for attempt in range(3):
        submit(at, f"faux-{attempt}")
        assert "Adresse ou mot de passe incorrect." in [e.value for e in at.error]
        assert len(at.metric) == 0
    submit(at, "faux-3")  # the 4th failure locks this client
    assert any("Trop de tentatives" in w.value for w in at.warning)
    # while locked, even the right password is refused without being checked
    submit(at, PASSWORDS["viewer"])
    assert any("Trop de tentatives" in e.value for e in at.error)
    assert len(at.metric) == 0


def test_right_password_opens_the_dashboard_with_its_role(accounts_env):
    at = app_with(PASSWORD_SECRETS, **{"from": "2010-01-01", "to": "2010-12-31"})
    at.run()
    submit(at, PASSWORDS["viewer"])
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Projets étudiés"] == "72"
    assert any(c.value.startswith("Connecté : Viewer") and "(lecture)" in c.value for c in at.sidebar.caption)
    # signing out closes it again
    at.sidebar.button(key="_auth_logout").click().run()
    assert len(at.metric) == 0 and at.text_input(key="_auth_password")


def test_rotating_a_password_ends_the_sessions_it_opened(accounts_env):
    from alize.accounts import people

    at = app_with(PASSWORD_SECRETS, **{"from": "2010-01-01", "to": "2010-12-31"})
    at.run()
    submit(at, PASSWORDS["editor"])
    assert len(at.metric) > 0
    people.store().set_password(ROLE_EMAILS["editor"], "nouveau-mot-de-passe", by="admin@cci-savoie.fr")
    at.run()
    assert len(at.metric) == 0


def test_open_mode_says_so(demo_env):
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.run()
    assert any(c.value == "Accès libre (mode local, sans authentification)" for c in at.sidebar.caption)


def test_invalid_secrets_keep_the_app_closed(demo_env):
    at = app_with({"alize": {"passwords": {"viewer": "mot de passe en clair"}}})
    at.run()
    assert not at.exception
    assert any("configuration d'accès" in e.value for e in at.error)
    assert len(at.metric) == 0 and not at.get("text_input")


def test_oidc_signed_out_shows_only_a_sign_in_button(demo_env):
    at = app_with(OIDC_SECRETS)
    at.user = {"is_logged_in": False}
    at.run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Se connecter avec le compte de l'organisation"]
    page = rendered_text(at)
    assert len(at.metric) == 0
    for name in record_names(demo_env):
        assert name not in page


def test_oidc_needs_is_logged_in_not_just_an_email(demo_env):
    at = app_with(OIDC_SECRETS)
    at.user = {"email": "chef@cci-savoie.fr"}  # what a host may put in st.user without a sign-in
    at.run()
    assert len(at.metric) == 0


def test_oidc_user_gets_the_role_of_their_address(demo_env):
    at = app_with(OIDC_SECRETS, **{"from": "2010-01-01", "to": "2010-12-31"})
    at.user = {"is_logged_in": True, "email": "autre@cci-savoie.fr", "name": "Autre"}
    at.run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Projets étudiés"] == "72"
    assert any("lecture" in c.value for c in at.sidebar.caption)


def test_oidc_user_without_a_role_is_refused(demo_env):
    at = app_with(OIDC_SECRETS)
    at.user = {"is_logged_in": True, "email": "[x](https://evil.example)@evil.example"}
    at.run()
    assert len(at.metric) == 0
    [err] = at.error
    assert "Aucun compte n'existe pour" in err.value
    assert "[x](https" not in err.value  # the address is escaped, never a live link


# ---- require_role and the pages a role may see ------------------------------------------------

@pytest.fixture()
def _probe_accounts(monkeypatch, tmp_path):
    """The probe's accounts, one per role, in a file of the test's own."""
    from alize.accounts import people

    monkeypatch.setenv("ALIZE_ACCOUNTS", str(tmp_path / "accounts.sqlite"))
    store = people.store()
    for role in PASSWORDS:
        store.add(ROLE_EMAILS[role], role, role, None)
        store._write("UPDATE alize_accounts SET password_hash = ? WHERE email = ?", [HASHES[role], ROLE_EMAILS[role]])
    return store


def probe(secrets: dict, role: str | None, need: str) -> AppTest:
    at = AppTest.from_file("fixtures/auth_probe.py", default_timeout=30)
    for key, value in secrets.items():
        at.secrets[key] = value
    if role:
        at.session_state["_auth_account"] = (ROLE_EMAILS[role], HASHES[role])
    at.query_params["need"] = need
    return at.run()


def test_a_viewer_is_refused_the_import_page(_probe_accounts):
    at = probe(PASSWORD_SECRETS, "viewer", "editor")
    assert not at.exception
    assert "role=viewer import=False quality=False overview=True" in at.text[0].value
    [err] = at.error
    assert "réservée au rôle « édition »" in err.value and "votre rôle : « lecture »" in err.value
    assert "contenu réservé" not in [t.value for t in at.text]


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_editors_and_admins_reach_the_import_page(role, _probe_accounts):
    at = probe(PASSWORD_SECRETS, role, "editor")
    assert f"role={role} import=True" in at.text[0].value
    assert not at.error and at.text[-1].value == "contenu réservé"


def test_signed_out_is_refused_everything(_probe_accounts):
    at = probe(PASSWORD_SECRETS, None, "viewer")
    assert "role=None import=False" in at.text[0].value
    assert at.error and "contenu réservé" not in [t.value for t in at.text]


def test_a_forged_session_role_is_not_trusted(_probe_accounts):
    at = AppTest.from_file("fixtures/auth_probe.py", default_timeout=30)
    at.session_state["_auth_account"] = (ROLE_EMAILS["admin"], "scrypt$forged")
    at.query_params["need"] = "viewer"
    at.run()
    assert "role=None" in at.text[0].value and at.error


def test_open_local_mode_grants_everything(monkeypatch, tmp_path):
    monkeypatch.setenv("ALIZE_ACCOUNTS", str(tmp_path / "none.sqlite"))
    at = AppTest.from_file("fixtures/auth_probe.py", default_timeout=30)
    at.query_params["need"] = "admin"
    at.run()
    assert "role=admin import=True" in at.text[0].value and at.text[-1].value == "contenu réservé"


def test_viewer_cannot_reach_the_import_page_in_the_app(accounts_env):
    from pathlib import Path

    assert (Path(__file__).resolve().parent.parent / "pages" / "import.py").exists()
    at = app_with(PASSWORD_SECRETS)
    at.run()
    submit(at, PASSWORDS["viewer"])
    assert not at.exception
    # the page is not even registered for a viewer: its URL leads to the overview, never to the uploader
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/import.py")
    assert not at.get("file_uploader")


# ---- sign-in settings that are present but unusable keep the app closed ----------------------

BROKEN_SETTINGS = {
    "passwords all commented out": ({"alize": {"passwords": {}}}, "[alize.passwords] (un mot de passe par rôle) n'est plus lu"),
    "empty [auth]": ({"auth": {}}, "[auth] est présent mais vide"),
    "[auth] without client keys": (
        {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32},
         "alize": {"roles": {"viewer": ["@cci-savoie.fr"]}}},
        "clés manquantes pour st.login : client_id, client_secret, server_metadata_url"),
    "[auth] without cookie_secret": (
        {"auth": {k: v for k, v in OIDC_SECRETS["auth"].items() if k != "cookie_secret"},
         "alize": OIDC_SECRETS["alize"]}, "cookie_secret"),
    "named provider missing": ({"auth": OIDC_SECRETS["auth"], "alize": {**OIDC_SECRETS["alize"],
                                                                       "oidc_provider": "microsoft"}},
                               "[auth.microsoft] est absent"),
    "hash that does not parse": ({"alize": {"passwords": {"editor": "scrypt$16384$8$1$???$abc"}}},
                                 "[alize.passwords] (un mot de passe par rôle) n'est plus lu"),
    "empty [alize.roles] without sign-in": ({"alize": {"roles": {}}}, "aucun compte n'existe"),
    "require_auth without any account": ({"alize": {"require_auth": True}}, "créez le premier administrateur"),
    "bad trusted proxy": ({"alize": {"require_auth": True, "trusted_proxies": ["proxy.local"]}},
                          "trusted_proxies"),
}


@pytest.mark.parametrize("secrets,reason", BROKEN_SETTINGS.values(), ids=BROKEN_SETTINGS.keys())
def test_present_but_unusable_sign_in_settings_are_refused(secrets, reason):
    with pytest.raises(auth.AuthConfigError) as exc:
        auth.access_config(secrets)
    assert reason in str(exc.value)
    for value in ("x" * 32, "localhost:8501", "accounts.example.org", "???$abc", "proxy.local", "@cci"):
        assert value not in str(exc.value)  # names sections and keys, never values from the secrets


def test_settings_that_are_not_sign_in_leave_open_mode():
    assert auth.access_config({"alize": {"db": "/data/x.duckdb", "ephemeral_disk": False}}).mode == "open"
    cfg = auth.access_config({"alize": {"trusted_proxies": ["127.0.0.1", "10.0.0.0/8"]}}, has_accounts=True)
    assert cfg.mode == "password" and [str(n) for n in cfg.trusted_proxies] == ["127.0.0.1/32", "10.0.0.0/8"]


@pytest.mark.parametrize("secrets,reason", [BROKEN_SETTINGS["passwords all commented out"],
                                            BROKEN_SETTINGS["empty [auth]"]],
                         ids=["passwords all commented out", "empty [auth]"])
def test_the_app_stays_closed_and_tells_the_administrator_why(demo_env, secrets, reason):
    at = app_with(secrets, **{"from": "2010-01-01", "to": "2010-12-31"})
    at.run()
    assert not at.exception
    [err] = at.error
    assert "configuration d'accès" in err.value and "À corriger dans les secrets" in err.value
    assert shown(err.value).count(reason) == 1
    assert len(at.metric) == 0 and not at.get("text_input") and not at.get("multiselect")
    page = rendered_text(at)
    for name in record_names(demo_env):
        assert name not in page, name
    assert "Accès libre" not in page


# ---- the sign-in limiter: delays per source and per account (hand-computed, injected clock) ---

def test_source_delays_grow_from_the_fourth_failure_and_cap_at_a_minute():
    clock = Clock()
    lim = auth.LoginLimiter(clock)
    waits = []
    for _ in range(12):
        verdict = lim.reserve("ip:a", [])
        assert verdict.allowed
        waits.append(lim.source.wait_time("ip:a"))
        clock.now += waits[-1]  # try again as soon as allowed
    # failures 1-3 are free, then 1 s, 2, 4, 8, 16, 32, then 60 s (the cap)
    assert waits == [0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert lim.checks == 12


def test_a_refused_attempt_is_not_checked_and_says_how_long_to_wait():
    clock = Clock()
    lim = auth.LoginLimiter(clock)
    for _ in range(4):
        assert lim.reserve("ip:a", ["role:viewer"]).allowed
    clock.now += 0.25
    assert lim.reserve("ip:a", ["role:viewer"]) == auth.Verdict(False, 0.75, "source")
    assert lim.checks == 4 and lim.source.failures("ip:a") == 4  # the refusal counted nothing


def test_an_account_is_slowed_not_locked_and_the_real_user_gets_in_from_elsewhere():
    clock = Clock()
    lim = auth.LoginLimiter(clock)
    account = ["role:viewer", "role:editor"]
    # an attacker from one address, trying again each time the limiter allows
    account_waits = []
    for i in range(12):
        if i:
            clock.now += max(lim.source.wait_time("ip:attacker"), account_waits[-1])
        assert lim.reserve("ip:attacker", account).allowed
        account_waits.append(max(lim.account.wait_time(a) for a in account))
    # failures 1-5 free, then 0.5 s, 1, 2, 4, 8, then 10 s (the cap)
    assert account_waits == [0, 0, 0, 0, 0, 0.5, 1, 2, 4, 8, 10, 10]
    # the attacker just failed: the account waits 10 s, the attacker's address a minute
    assert lim.source.wait_time("ip:attacker") == 60
    assert lim.reserve("ip:user", account) == auth.Verdict(False, 10, "account")
    clock.now += 10  # ... and no longer: the real user, from another address, may try
    assert lim.reserve("ip:user", account).allowed
    lim.success("ip:user", "role:viewer")  # right password: the user's address and account forgiven
    assert lim.source.failures("ip:user") == 0 and lim.account.failures("role:viewer") == 0
    assert lim.reserve("ip:attacker", account) == auth.Verdict(False, 50, "source")


def test_a_burst_from_one_source_gets_eight_checks_in_twenty_seconds():
    clock = Clock()
    lim = auth.LoginLimiter(clock)
    start, checked = clock.now, 0
    while clock.now - start < 20:  # an attempt every 0.1 s
        checked += lim.reserve("ip:a", ["role:viewer"]).allowed
        clock.now += 0.1
    # checks at t = 0, 0.1, 0.2, 0.3 (then 1 s), 1.3 (then 2), 3.3 (then 4), 7.3 (then 8), 15.3
    assert checked == 8


def test_concurrent_sessions_reserve_attempts_atomically():
    lim = auth.LoginLimiter(Clock())
    barrier = threading.Barrier(12)
    verdicts = []

    def attempt():
        barrier.wait()
        verdicts.append(lim.reserve("ip:a", ["role:viewer"]))

    threads = [threading.Thread(target=attempt) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(v.allowed for v in verdicts) == 4 and lim.checks == 4


def test_clearing_streamlits_caches_does_not_reset_the_limiter():
    import streamlit as st

    from ui import auth as ui_auth

    lim = ui_auth.limiter()
    for _ in range(4):
        lim.reserve("ip:test-cache", [])
    st.cache_resource.clear()
    st.cache_data.clear()
    assert ui_auth.limiter() is lim and lim.source.wait_time("ip:test-cache") > 0


# ---- the client's address -----------------------------------------------------------------------

PROXIES = auth.parse_proxies(["127.0.0.1", "10.0.0.0/8", "::1"])


@pytest.mark.parametrize("peer,forwarded,expected", [
    ("203.0.113.5", ["1.2.3.4"], "203.0.113.5"),               # not a proxy: its header is ignored
    ("127.0.0.1", [], "127.0.0.1"),                              # a proxy without header: itself
    ("127.0.0.1", ["6.6.6.6, 198.51.100.9"], "198.51.100.9"),   # right-most: what our proxy saw
    ("127.0.0.1", ["6.6.6.6", "198.51.100.9, 10.1.2.3"], "198.51.100.9"),  # proxies skipped
    ("10.0.0.2", ["10.0.0.3, 127.0.0.1"], "10.0.0.3"),          # only proxies: the left-most
    ("127.0.0.1", ["evil, garbage"], "127.0.0.1"),              # unreadable hop: stop at the proxy
    ("127.0.0.1", ["[2001:db8::1]:443"], "2001:db8::1"),
    ("::1", ["198.51.100.9:5000"], "198.51.100.9"),
    (None, ["1.2.3.4"], None),
])
def test_client_address_believes_forwarded_for_only_from_trusted_proxies(peer, forwarded, expected):
    assert auth.client_address(peer, forwarded, PROXIES) == expected


def test_without_trusted_proxies_forwarded_for_is_never_believed():
    assert auth.client_address("127.0.0.1", ["9.9.9.9"]) == "127.0.0.1"
