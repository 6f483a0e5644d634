"""Sign-in limits and uploads against a REAL `streamlit run app.py` on 127.0.0.1, through its
websocket and HTTP (no browser needed): a burst with a new X-Forwarded-For per attempt and a
`clear_cache` message before each, twelve sessions at once, and uploads before sign-in.

Each test starts its own server (the limiter lives in the server process) and stays under ~30 s."""

from __future__ import annotations

import threading
import time

import pytest
import requests

from alize.accounts import people
from tests.browser.conftest import start_server, stop_server
from tests.streamlit_ws import Session

pytestmark = pytest.mark.slow

PASSWORDS = {"viewer": "lecture-serveur-2010", "editor": "edition-serveur-2010"}
EMAILS = {role: f"{role}@cci-savoie.fr" for role in PASSWORDS}
WRONG = "Adresse ou mot de passe incorrect."


def _server(demo_db, tmp_path, extra_toml: str = ""):
    """A server whose accounts file (one account per role) turns password sign-in on."""
    accounts = tmp_path / "accounts.sqlite"
    store = people.Store(accounts)
    for role, password in PASSWORDS.items():
        store.add(EMAILS[role], role, role, None, password)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(extra_toml + "\n", encoding="utf-8")
    log = tmp_path / "streamlit.log"
    proc, url = start_server(demo_db, log, env_extra={"ALIZE_ACCOUNTS": str(accounts)},
                             extra_args=("--secrets.files", str(secrets)))
    return proc, url, log


@pytest.fixture()
def server(demo_db, tmp_path):
    proc, url, log = _server(demo_db, tmp_path)
    yield url, log
    stop_server(proc)


def _checks_logged(log) -> int:
    return sum("alIZé: password check" in line for line in log.read_text(encoding="utf-8", errors="replace").splitlines())


def _attempt(url: str, password: str, forwarded: str | None = None, clear_cache: bool = False,
             email: str = "viewer@cci-savoie.fr") -> str:
    """One sign-in attempt in a fresh session; returns the alerts the attempt drew."""
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    with Session(url, headers=headers) as s:
        first = s.run()
        if clear_cache:
            s.clear_cache()
        return s.submit(first, password, email).text


def test_a_burst_with_forged_forwarded_for_and_clear_cache_gets_the_allowed_checks(server):
    """4 workers, each attempt from a new session with a new X-Forwarded-For and after a
    `clear_cache` message, for 10 s. The peer is 127.0.0.1 (not a trusted proxy), so all share one
    source: checks at t≈0 (×4, then 1 s), 1 (then 2 s), 3 (then 4 s), 7 (then 8 s): 7 checks."""
    url, log = server
    window = 10.0
    results: list[str] = []
    lock = threading.Lock()
    counter = iter(range(1, 100_000))
    start = time.monotonic()

    def worker():
        while time.monotonic() - start < window:
            with lock:
                n = next(counter)
            text = _attempt(url, "pas-le-bon", forwarded=f"10.{n // 250}.{n % 250}.7", clear_cache=True,
                            email=f"inconnu{n}@example.org")  # a new account each time: the source limit alone
            if time.monotonic() - start < window:
                with lock:
                    results.append(text)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    checked = sum(WRONG in text for text in results)
    waited = sum("réessayez dans" in text and WRONG not in text for text in results)
    assert len(results) > 20  # a real burst
    assert checked == 7, (checked, len(results))
    assert waited == len(results) - checked  # every other attempt was told how long to wait
    assert _checks_logged(log) == 7


def _at_once(url: str, forwarded: list[str], password: str = "pas-le-bon") -> list[str]:
    """One session per X-Forwarded-For value, all submitting at the same moment."""
    sessions = [Session(url, headers={"X-Forwarded-For": f}) for f in forwarded]
    try:
        firsts = [s.run() for s in sessions]
        results: list[str] = [""] * len(sessions)
        barrier = threading.Barrier(len(sessions))

        def go(i):
            barrier.wait()
            results[i] = sessions[i].submit(firsts[i], password, f"inconnu{i}@example.org").text

        threads = [threading.Thread(target=go, args=(i,)) for i in range(len(sessions))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
    finally:
        for s in sessions:
            s.close()
    return results


def test_twelve_sessions_at_once_get_the_free_attempts_only(server):
    url, log = server
    results = _at_once(url, [f"192.0.2.{i}" for i in range(12)])
    # 3 free failures, the 4th is checked and imposes the first wait: 4 checks, 8 told to wait
    assert sum(WRONG in r for r in results) == 4, results
    assert sum("réessayez dans" in r and WRONG not in r for r in results) == 8
    assert _checks_logged(log) == 4


def test_forwarded_for_counts_only_from_a_trusted_proxy(demo_db, tmp_path):
    """With `trusted_proxies = ["127.0.0.1"]`, the address the proxy saw is the source: distinct
    clients each get their free attempts, one client alone is slowed after 4."""
    proc, url, _log = _server(demo_db, tmp_path, extra_toml='[alize]\ntrusted_proxies = ["127.0.0.1"]')
    try:
        # the right-most address is the one our proxy appended; the left-most is the client's claim
        one_client = _at_once(url, [f"6.6.6.{i}, 198.51.100.9" for i in range(5)], "faux")
        assert sum(WRONG in r for r in one_client) == 4, one_client
        others = _at_once(url, [f"198.51.100.{20 + i}" for i in range(2)], "faux")
        assert all(WRONG in r for r in others), others
    finally:
        stop_server(proc)


# ---- uploads ----------------------------------------------------------------------------------

def _xsrf(url: str) -> tuple[dict, dict]:
    response = requests.get(url + "/_stcore/health", timeout=10)
    token = response.cookies.get("_streamlit_xsrf")
    assert token
    return {"_streamlit_xsrf": token}, {"X-Xsrftoken": token}


def _put(url: str, session_id: str, size: int, cookies: dict, headers: dict) -> int:
    files = {"file": ("projets.csv", b"x" * size, "text/csv")}
    try:
        response = requests.put(f"{url}/_stcore/upload_file/{session_id}/f{size}", files=files,
                                cookies=cookies, headers=headers, timeout=30)
    except requests.ConnectionError:  # refused before the body was read: the server closed on us
        return -1
    return response.status_code


def test_uploads_are_refused_before_an_editor_signs_in(server):
    url, _log = server
    cookies, headers = _xsrf(url)
    with Session(url) as anonymous, Session(url) as viewer, Session(url) as editor:
        anonymous.run()
        assert anonymous.session_id
        # never signed in: refused, small or large (the large one is not even read)
        assert _put(url, anonymous.session_id, 1024, cookies, headers) == 403
        assert _put(url, anonymous.session_id, 45 * 1024 * 1024, cookies, headers) in (403, -1)

        signed = viewer.submit(viewer.run(), PASSWORDS["viewer"], EMAILS["viewer"])
        assert "(lecture)" in signed.text or not signed.widgets.get("text_input")
        assert _put(url, viewer.session_id, 1024, cookies, headers) == 403

        editor.submit(editor.run(), PASSWORDS["editor"], EMAILS["editor"])
        assert _put(url, editor.session_id, 1024, cookies, headers) == 204
        # the server's limit is the importer's, 20 MB per file
        assert _put(url, editor.session_id, 21 * 1024 * 1024, cookies, headers) in (413, -1)
        assert _put(url, editor.session_id, 19 * 1024 * 1024, cookies, headers) == 204


def test_open_local_mode_still_accepts_uploads(demo_db, tmp_path):
    """No secrets at all: the local demo mode counts as an editor, so the importer keeps working."""
    proc, url = start_server(demo_db, tmp_path / "streamlit.log",
                             env_extra={"ALIZE_ACCOUNTS": str(tmp_path / "no-accounts.sqlite")},
                             extra_args=("--secrets.files", str(tmp_path / "none.toml")))
    try:
        cookies, headers = _xsrf(url)
        with Session(url) as local:
            assert "Accès libre" in local.run().text
            assert _put(url, local.session_id, 1024, cookies, headers) == 204
    finally:
        stop_server(proc)


PAGE_PATHS = ["", "vue-ensemble", "territoires", "comites", "projets", "emplois", "partenaires", "fonds",
              "fiche-comite", "presentation", "import", "qualite", "comptes", "page-inconnue"]


def test_a_huge_query_string_gets_the_same_answer_on_every_page(server):
    """~100 KB of query string: whatever the server answers, it answers it on every page alike."""
    url, _ = server
    query = "basin=" + "x" * 100_000
    statuses = {path: requests.get(f"{url}/{path}?{query}", timeout=10).status_code for path in PAGE_PATHS}
    assert len(set(statuses.values())) == 1, statuses
