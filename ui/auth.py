"""Who may see what: the sign-in gate, roles per page, the database location from secrets,
the ephemeral-disk warning and the check of values read from the URL.

app.py calls, in this order and before anything that reads the records:

    configure_db_from_secrets()       # [alize] db = "..." → ALIZE_DB (ALIZE_DB itself wins)
    nav = st.navigation([... if allowed(page_key)], position=nav_position())
    gate()                            # sign-in screen + st.stop() until signed in (fails closed)
    ephemeral_warning()
    check_query_params(url_allowed_values())
    draw_filters(); nav.run()

Pages that need more than reading call `require_role("editor")` on their first line.

Modes (alize.auth.access_config): `[auth]` in secrets → Streamlit's OIDC sign-in (st.login) with
e-mails mapped to roles by `[alize.roles]`; else `[alize.passwords]` → one password per role;
else no secrets → open local demo mode (every page, said discreetly in the sidebar).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import os
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import streamlit as st

from alize import settings, text
from alize.accounts import auth as core
from alize.accounts import people
from alize.scope import EVERYONE, PARAMS
from alize.store.embedded import StoreError
from ui.common import LANG_KEY, NOBODY, PERMISSION_KEY, lang

log = logging.getLogger("alize.accounts.auth")

ACCOUNT_KEY = "_auth_account"      # password mode: (e-mail, the hash it signed in with)
SEEN_KEY = "_auth_seen"            # time of this session's last run, for the idle timeout
ENDED_KEY = "_auth_ended"          # why the last session ended, said on the sign-in screen
EPHEMERAL_KEY = "_auth_ephemeral_warned"
UPLOAD_KEY = "_auth_may_upload"    # set by gate() on every run: True for editors (and open mode)
FAIL_SLEEP = 0.5                   # seconds added to every wrong password, on top of the limiter's locks

# Pages that need more than the viewer role; every other page key is open to viewers.
PAGE_ROLES: dict[str, str] = {"page.import": "editor", "page.quality": "editor", "page.sending": "admin",
                              "page.accounts": "admin"}


# URL parameter → the key of its filter's label in alize/text.py, for the notice
_PARAM_LABELS = {PARAMS["basins"]: "filter.basins", PARAMS["territories"]: "filter.territories",
                 PARAMS["sectors"]: "filter.sectors", PARAMS["kinds"]: "filter.kinds",
                 PARAMS["start"]: "filter.period_from", PARAMS["end"]: "filter.period_to", LANG_KEY: "app.language"}


def _t(key: str, **fields) -> str:
    """The words of these screens live in the one catalog, alize/text.py."""
    from alize import text

    return text.t(key, lang(), **fields)


def md_escape(value) -> str:
    """Text from users, files or the identity provider, made inert for st.markdown / st.error & co."""
    return text.md_text(value)


# ---- secrets → settings -----------------------------------------------------------------------

def _secrets_file_present() -> bool:
    try:
        from streamlit import config

        return any(Path(p).expanduser().is_file() for p in config.get_option("secrets.files"))
    except Exception:  # noqa: BLE001 - a probe; failing it means "no file"
        return False


def secrets_dict() -> dict:
    """The secrets as a plain dict: {} with no secrets file. A secrets file that exists but cannot be
    read raises AuthConfigError, so a typo in secrets.toml closes the app instead of opening it."""
    try:
        return st.secrets.to_dict()
    except Exception as exc:  # noqa: BLE001 - StreamlitSecretNotFoundError: missing or unparsable
        if _secrets_file_present():
            raise core.AuthConfigError(f"secrets illisibles : {type(exc).__name__}") from None
        return {}


def _alize_section() -> Mapping:
    try:
        section = secrets_dict().get("alize") or {}
    except core.AuthConfigError:
        return {}
    return section if isinstance(section, Mapping) else {}


def configure_db_from_secrets() -> str | None:
    """`[alize] db = "/data/alize.duckdb"` in secrets sets ALIZE_DB, unless ALIZE_DB is already set
    (the environment wins: an operator can always override). Returns the path in use, if any."""
    env = os.environ.get(settings.DB_ENV, "").strip()
    if env:
        return env
    value = str(_alize_section().get("db") or "").strip()
    if value:
        os.environ[settings.DB_ENV] = value
        return value
    return None


SMTP_SECRETS = {"host": "host", "port": "port", "user": "user", "password": "password", "sender": "sender",
                "from": "sender", "security": "security", "timeout": "timeout", "ca_file": "ca_file"}


def configure_smtp_from_secrets() -> None:
    """`[alize.smtp]` (host, port, user, password, sender, security, timeout, ca_file) and `[alize] schedule` /
    `send_log` in secrets set the ALIZE_SMTP_* / ALIZE_SCHEDULE / ALIZE_SEND_LOG variables that
    alize.settings reads, as configure_db_from_secrets does for the records; the environment wins."""
    section = _alize_section()
    smtp = section.get("smtp") or {}
    pairs = [(settings.SMTP_ENV[name], smtp.get(key)) for key, name in SMTP_SECRETS.items()
             if isinstance(smtp, Mapping)]
    pairs += [(settings.SCHEDULE_ENV, section.get("schedule")), (settings.SEND_LOG_ENV, section.get("send_log"))]
    for var, value in pairs:
        if value not in (None, "") and not os.environ.get(var, "").strip():
            os.environ[var] = str(value)


# ---- roles ------------------------------------------------------------------------------------

# One limiter per server process, shared by all sessions. A module-level object on purpose: a
# client may send Streamlit's `clear_cache` message, which empties st.cache_resource/st.cache_data.
_LIMITER = core.LoginLimiter()


def limiter() -> core.LoginLimiter:
    """The process-wide sign-in limiter (see alize.auth.LoginLimiter)."""
    return _LIMITER


limiter.clear = _LIMITER.clear  # tests start from a fresh limiter


_warned: set[str] = set()


def _warn_once(what: str, *args) -> None:
    if what not in _warned:
        _warned.add(what)
        log.error("alIZé: " + what, *args)


def _connection() -> tuple[str | None, list[str]]:
    """(the socket's remote address, the X-Forwarded-For headers) of this session's websocket.

    st.context.ip_address cannot be used: uvicorn, which Streamlit runs, rewrites the client address
    from X-Forwarded-For whenever the peer is loopback (its default `forwarded_allow_ips`), so a
    client on the same host, or behind a local proxy that passes the header through, chooses its
    own address. The socket's peer is kept by uvicorn's protocol object, reached through the
    runtime; if that path changes, the peer is reported unknown (the caller then shares one key)."""
    from streamlit.runtime import Runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    forwarded: list[str] = []
    try:
        ctx = get_script_run_ctx()
        client = Runtime.instance().get_client(ctx.session_id) if ctx and Runtime.exists() else None
    except Exception:  # noqa: BLE001
        client = None
    if client is None:  # AppTest, bare mode: no socket at all
        return None, forwarded
    try:
        headers = client.client_context.headers
        forwarded = [v for k, v in headers if k.lower() == "x-forwarded-for"]
    except Exception:  # noqa: BLE001
        forwarded = []
    try:
        protocol = client._websocket._receive.__self__  # uvicorn's WebSockets*Protocol
        peer = protocol.client[0] if protocol.client else None
    except Exception:  # noqa: BLE001 - internals moved: see below
        peer = None
    if isinstance(peer, str) and peer:
        return peer, forwarded
    try:  # without X-Forwarded-For uvicorn leaves the address alone: it is the peer's
        remote = None if forwarded else client.client_context.remote_ip
    except Exception:  # noqa: BLE001
        remote = None
    if isinstance(remote, str) and remote:
        return remote, forwarded
    _warn_once("cannot read the websocket's peer address; sign-in attempts share one limit")
    return None, forwarded


def _client_key(trusted: tuple = ()) -> str:
    """The limiter's key for this session's source: the socket's peer address, or, when that peer
    is a trusted proxy (`[alize] trusted_proxies`), the address that proxy saw. Never a value the
    client can choose; an unknown peer shares one key (stricter, never looser)."""
    peer, forwarded = _connection()
    ip = core.client_address(peer, forwarded, trusted)
    return f"ip:{ip or 'unknown'}"


def _user() -> dict:
    try:
        return dict(st.user.to_dict())
    except Exception:  # noqa: BLE001
        return {}


def accounts() -> people.Store:
    """The accounts beside the records in use (alize.settings.accounts_location)."""
    return people.store()


def access() -> core.AccessConfig:
    return core.access_config(secrets_dict(), has_accounts=accounts().has_accounts())


def idle_minutes() -> float:
    """`ALIZE_IDLE_MINUTES`, else `[alize] idle_minutes`, else 30."""
    value = settings.idle_minutes()
    if value is None:
        try:
            value = float(_alize_section().get("idle_minutes") or settings.IDLE_MINUTES)
        except (TypeError, ValueError):
            value = settings.IDLE_MINUTES
    return value


def _audit(account: str, action: str, detail: str = "") -> None:
    try:
        accounts().log(account, action, detail)
    except Exception:  # the log must never take the app down; the server log keeps it
        log.exception("alIZé: audit log write failed (%s %s)", account, action)


def audit(action: str, detail: str = "") -> None:
    """Log an action of the signed-in person (a download, an import) in the audit log."""
    _audit(user_name(), action, detail)


def audit_as(who: str, action: str, detail: str = "") -> None:
    """The same for a person named beforehand (a download's file is made after the run drew it)."""
    _audit(who, action, detail)


def _oidc_account(cfg: core.AccessConfig) -> people.Account | None:
    """The account of the e-mail the provider vouched for; an unknown e-mail that a domain rule
    (`[alize.roles]`) covers gets an account of that role with no basin yet (an admin adds them)."""
    user = _user()
    if user.get("is_logged_in") is not True:
        return None
    email = str(user.get("email") or "").strip().lower()
    account = accounts().get(email)
    if account is None:
        role = cfg.role_for_email(email)
        if role is None:
            return None
        try:
            account = accounts().add(email, str(user.get("name") or email), role, (), by="oidc")
        except people.AccountError:
            account = accounts().get(email)
    return account


_RUNS: dict[str, tuple] = {}  # session id -> (this run's cursors dict, account): one look-up per run


def current_account() -> people.Account | None:
    """The signed-in, enabled account; None when signed out, disabled, or its password changed since
    this session signed in (a changed or disabled account ends its open sessions at their next run).
    Looked up once per run (the menu asks for every page)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    marker = getattr(ctx, "cursors", None)
    sid = getattr(ctx, "session_id", None)
    memo = _RUNS.get(sid) if sid else None
    if memo is not None and memo[0] is marker and marker is not None and not st.session_state.get(_DIRTY):
        return memo[1]
    st.session_state.pop(_DIRTY, None)
    account = _look_up_account()
    if sid and marker is not None:
        if len(_RUNS) > 10_000:
            _RUNS.clear()
        _RUNS[sid] = (marker, account)
    return account


_DIRTY = "_auth_dirty"  # set when this run signed in or out: the next look-up reads the store again


def _look_up_account() -> people.Account | None:
    try:
        return _account_now()
    except StoreError:  # the accounts' PostgreSQL never answered this look-up: nobody (fails closed)
        return None


def _account_now() -> people.Account | None:
    try:
        cfg = access()
    except (core.AuthConfigError, StoreError):
        return None
    if cfg.mode == "open":
        return OPEN_ACCOUNT
    if cfg.mode == "oidc":
        account = _oidc_account(cfg)
        return account if account and not account.disabled else None
    granted = st.session_state.get(ACCOUNT_KEY)
    if not (isinstance(granted, tuple) and len(granted) == 2):
        return None
    email, stored = granted
    account = accounts().get(email)
    if account is None or account.disabled or account.password_hash != stored:
        return None
    return account


OPEN_ACCOUNT = people.Account("local", "local", "admin", None)


def current_role() -> str | None:
    """The signed-in role; "admin" in open local mode; None when signed out or misconfigured."""
    account = current_account()
    return account.role if account else None


def user_name() -> str:
    """Who acts, for audit logs (imports, undo, downloads): the account's e-mail, "local" in open mode."""
    account = current_account()
    return account.email if account else "?"


def is_open_mode() -> bool:
    try:
        return access().mode == "open"
    except (core.AuthConfigError, StoreError):
        return False


def allowed(page_key: str) -> bool:
    """May the current user see this page in the navigation? Signed out: viewer pages only
    (their titles, never their content: the gate stops the run before any page runs)."""
    needed = PAGE_ROLES.get(page_key, "viewer")
    role = current_role()
    return core.role_at_least(role, needed) if role else needed == "viewer"


def nav_position() -> str:
    """The page menu stays hidden until sign-in."""
    return "sidebar" if current_role() else "hidden"


def role_label(role: str | None) -> str:
    return _t(f"role.{role}" if role in core.ROLES else "role.none")


def require_role(needed: str) -> str:
    """First line of a page that needs `needed` (e.g. "editor"): a French refusal (« Page réservée
    aux éditeurs ») and st.stop() for anyone below it, signed out included. Returns the role."""
    role = current_role()
    if not core.role_at_least(role, needed):
        st.error(_t(f"auth.reserved_{core.check_role(needed)}") + " " +
                 _t("auth.refused", role=role_label(needed), mine=role_label(role)), icon=":material/block:")
        st.stop()
    return role


def refusal_page(page_key: str) -> Callable[[], None]:
    """What app.py registers, hidden, at the address of a page above the user's role: opening
    /import as a viewer then shows the refusal instead of falling back to another page."""
    def refused() -> None:
        require_role(PAGE_ROLES.get(page_key, "viewer"))

    refused.__name__ = f"refused_{page_key}"
    return refused


# ---- the gate ---------------------------------------------------------------------------------

def _end_session(reason: str) -> None:
    """Forget this session's sign-in; the sign-in screen says why (`reason`: a catalog key)."""
    granted = st.session_state.pop(ACCOUNT_KEY, None)
    st.session_state.pop(SEEN_KEY, None)
    st.session_state[_DIRTY] = True
    st.session_state[ENDED_KEY] = reason
    st.session_state[UPLOAD_KEY] = False
    st.session_state[PERMISSION_KEY] = NOBODY
    if isinstance(granted, tuple) and granted:
        _audit(granted[0], "session_ended", reason)


def _idle_check(cfg: core.AccessConfig) -> bool:
    """False (and the session ended) when this session was idle longer than allowed."""
    now = time.time()
    seen = st.session_state.get(SEEN_KEY)
    limit = idle_minutes() * 60
    if isinstance(seen, float) and limit > 0 and now - seen > limit:
        _end_session("auth.idle_expired")
        if cfg.mode == "oidc":
            st.logout()
        return False
    st.session_state[SEEN_KEY] = now
    return True


def gate() -> str:
    """Run before anything from the records. Returns the role, or draws the sign-in screen and stops.
    Sets, on every run, what the layers below read: the permission (ui.common.permission) and
    whether uploads are allowed (the upload guard)."""
    try:
        cfg = access()
    except StoreError as exc:  # PostgreSQL, which holds the accounts, never answered: closed, its message
        st.session_state[UPLOAD_KEY] = False
        st.session_state[PERMISSION_KEY] = NOBODY
        st.error(exc.translated(lang()), icon=":material/error:")
        st.stop()
    except core.AuthConfigError as exc:
        st.session_state[UPLOAD_KEY] = False
        st.session_state[PERMISSION_KEY] = NOBODY
        # Closed. What is wrong is said to whoever opens the app (it names sections and keys of the
        # secrets, never their values), so that the administrator can fix it; nothing else is drawn.
        log.error("alIZé access settings refused: %s", exc)
        st.error(_t("auth.config_error") + "\n\n" + _t("auth.config_problem", problem=md_escape(exc)),
                 icon=":material/lock:")
        st.stop()
    if cfg.mode == "open":
        st.session_state[UPLOAD_KEY] = True  # open local mode counts as an editor
        st.session_state[PERMISSION_KEY] = EVERYONE
        st.sidebar.caption(_t("auth.open_mode"))
        return "admin"
    account = current_account()
    if account is None and isinstance(st.session_state.get(ACCOUNT_KEY), tuple):
        _end_session("auth.session_ended")  # disabled, removed or its password changed meanwhile
    if account is not None and not _idle_check(cfg):
        account = None
    if account is None:
        st.session_state[UPLOAD_KEY] = False
        st.session_state[PERMISSION_KEY] = NOBODY
        _oidc_screen(cfg) if cfg.mode == "oidc" else _password_screen(cfg)
        st.stop()
    st.session_state[PERMISSION_KEY] = account.permission
    if account.must_change and cfg.mode == "password":
        st.session_state[UPLOAD_KEY] = False
        _title()
        st.info(_t("auth.must_change"), icon=":material/key:")
        _change_password_form(account, "_auth_must_change")
        st.stop()
    st.session_state[UPLOAD_KEY] = core.role_at_least(account.role, "editor")
    _signed_in_box(cfg, account)
    return account.role


def _title() -> None:
    st.title("alIZé")
    st.subheader(_t("auth.signin_title"))
    st.write(_t("auth.signin_intro"))


def _ended_notice() -> None:
    reason = st.session_state.pop(ENDED_KEY, None)
    if reason:
        st.warning(_t(reason, minutes=f"{idle_minutes():g}"), icon=":material/timer_off:")


def _oidc_screen(cfg: core.AccessConfig) -> None:
    _title()
    _ended_notice()
    user = _user()
    if user.get("is_logged_in") is True:  # signed in with the provider, but no (enabled) account here
        email = str(user.get("email") or "?").strip().lower()
        account = accounts().get(email)
        key = "auth.account_disabled" if account and account.disabled else "auth.unknown_account"
        if not st.session_state.get("_auth_refusal_logged"):
            st.session_state["_auth_refusal_logged"] = True
            _audit(email, "sign_in_failed", "oidc: " + ("compte désactivé" if account else "compte inconnu"))
        st.error(_t(key, email=md_escape(email)), icon=":material/block:")
        if st.button(_t("auth.signout"), key="_auth_logout"):
            st.logout()
        return
    if st.button(_t("auth.signin_oidc"), type="primary", key="_auth_login", icon=":material/login:"):
        st.login(cfg.oidc_provider) if cfg.oidc_provider else st.login()


def _wait_message(verdict: core.Verdict) -> str:
    key = "auth.locked" if verdict.reason == "source" else "auth.account_slowed"
    return _t(key, seconds=max(1, math.ceil(verdict.wait)))


def _password_screen(cfg: core.AccessConfig) -> None:
    _title()
    _ended_notice()
    key = _client_key(cfg.trusted_proxies)
    lim = limiter()
    with st.form("_auth_form", clear_on_submit=True, enter_to_submit=True):
        email = st.text_input(_t("auth.email"), max_chars=254, key="_auth_email")
        password = st.text_input(_t("auth.password"), type="password", max_chars=256, key="_auth_password")
        submitted = st.form_submit_button(_t("auth.signin_button"), type="primary")
    email = str(email or "").strip().lower()
    accounts_keys = [f"account:{email}"] if email else []
    if not submitted:
        verdict = lim.waits(key, accounts_keys)
        if not verdict.allowed:
            st.warning(_wait_message(verdict), icon=":material/timer:")
        return
    verdict = lim.reserve(key, accounts_keys)  # atomic: counted before the (slow) check
    if not verdict.allowed:  # must wait: refused without checking the password
        _audit(email or "?", "lockout", f"{verdict.reason} · {key}")
        st.error(_wait_message(verdict), icon=":material/timer:")
        return
    log.warning("alIZé: password check %d (from %s)", lim.checks, key)
    account = accounts().check_password(email, password or "")
    if account is None:
        log.warning("alIZé: failed sign-in from %s (%d in a row)", key, lim.source.failures(key))
        _audit(email or "?", "sign_in_failed", key)
        time.sleep(FAIL_SLEEP)
        st.error(_t("auth.wrong_credentials"), icon=":material/lock:")
        after = lim.waits(key, accounts_keys)
        if not after.allowed:
            st.warning(_wait_message(after), icon=":material/timer:")
        return
    lim.success(key, f"account:{account.email}")
    _audit(account.email, "sign_in", key)
    st.session_state[ACCOUNT_KEY] = (account.email, account.password_hash)
    st.session_state[SEEN_KEY] = time.time()
    st.session_state[_DIRTY] = True
    st.rerun()


MIN_PASSWORD = 12
PASSWORD_BOX = "_auth_password_box"  # the sidebar's « Changer mon mot de passe », open or not


def _change_password_form(account: people.Account, form_key: str) -> None:
    """The person's own password: the current one checked (through the limiter), the new one twice."""
    with st.form(form_key, clear_on_submit=True):
        current = st.text_input(_t("auth.current_password"), type="password", max_chars=256)
        new = st.text_input(_t("auth.new_password"), type="password", max_chars=256)
        again = st.text_input(_t("auth.confirm_password"), type="password", max_chars=256)
        submitted = st.form_submit_button(_t("auth.change_password"))
    if not submitted:
        return
    if new != again:
        st.error(_t("auth.password_mismatch"))
        return
    if len(new or "") < MIN_PASSWORD:
        st.error(_t("auth.password_too_short", n=MIN_PASSWORD))
        return
    key = _client_key(access().trusted_proxies)
    verdict = limiter().reserve(key, [f"account:{account.email}"])
    if not verdict.allowed:
        st.error(_wait_message(verdict), icon=":material/timer:")
        return
    if accounts().check_password(account.email, current or "") is None:
        _audit(account.email, "sign_in_failed", "changement de mot de passe : mot de passe actuel faux")
        st.error(_t("auth.current_wrong"))
        return
    limiter().success(key, f"account:{account.email}")
    updated = accounts().set_password(account.email, new)
    st.session_state[ACCOUNT_KEY] = (updated.email, updated.password_hash)  # this session stays open
    st.session_state[_DIRTY] = True
    st.success(_t("auth.password_changed"))
    if account.must_change:
        st.rerun()


def _signed_in_box(cfg: core.AccessConfig, account: people.Account) -> None:
    sb = st.sidebar
    who = f"{md_escape(account.name)} · {md_escape(account.email)} ({role_label(account.role)})"
    basins = (_t("auth.all_basins") if account.basins is None else
              ", ".join(md_escape(b) for b in account.basins) or _t("auth.no_basin"))
    # one element, two lines: Streamlit's browser renders every element again at each run of each page
    sb.caption(_t("auth.signed_in_as", who=who) + "\n\n" + _t("auth.my_basins", basins=basins))
    if sb.button(_t("auth.signout"), key="_auth_logout", icon=":material/logout:"):
        _audit(account.email, "sign_out")
        if cfg.mode == "oidc":
            st.logout()
        else:
            st.session_state.pop(ACCOUNT_KEY, None)
            st.session_state[UPLOAD_KEY] = False
            st.session_state[PERMISSION_KEY] = NOBODY
            st.session_state[_DIRTY] = True
            st.rerun()
    if cfg.mode == "password":
        # its form (three fields and a button) is drawn only while the section is open, not at every
        # run of every page (docs/benchmark.md, "Feel")
        with sb.expander(_t("auth.change_password"), icon=":material/key:", key=PASSWORD_BOX,
                         on_change="rerun") as box:
            if box.open:
                _change_password_form(account, "_auth_change_form")


# ---- ephemeral disk ---------------------------------------------------------------------------

_flag = settings.flag


def on_community_cloud(root: Path | None = None, env: Mapping[str, str] | None = None) -> bool:
    """Heuristics (no official flag exists): Community Cloud clones the repository under /mount/src/,
    runs as user `appuser` (HOME=/home/appuser) in a container whose hostname is `streamlit`."""
    env = os.environ if env is None else env
    root = Path(__file__).resolve().parent.parent if root is None else root
    if str(root).startswith("/mount/src/"):
        return True
    return env.get("HOSTNAME") == "streamlit" and env.get("HOME") == "/home/appuser"


def storage_is_ephemeral(env: Mapping[str, str] | None = None, root: Path | None = None) -> bool:
    """ALIZE_EPHEMERAL=1/0 (or `[alize] ephemeral_disk`) decides; else Community Cloud is ephemeral,
    unless the database is remote (PostgreSQL, MotherDuck `md:`)."""
    env = os.environ if env is None else env
    forced = settings.ephemeral_disk(env)
    if forced is None:
        forced = _flag(_alize_section().get("ephemeral_disk"))
    if forced is not None:
        return forced
    if env.get(settings.DB_ENV, "").strip().lower().startswith("md:") or settings.is_postgres(env.get(settings.DB_ENV)):
        return False  # the records live on a server, not on this disk
    return on_community_cloud(root, env)


@st.cache_resource(show_spinner=False)
def _log_ephemeral_once() -> bool:
    log.warning("alIZé: the database is on an ephemeral disk; imports will be lost on restart")
    return True


def ephemeral_warning() -> bool:
    """Warn once per session (and once in the server log) when imports would not survive a restart."""
    if not storage_is_ephemeral():
        return False
    _log_ephemeral_once()
    if not st.session_state.get(EPHEMERAL_KEY):
        st.session_state[EPHEMERAL_KEY] = True
        st.warning(_t("auth.ephemeral"), icon=":material/cloud_off:")
    return True


# ---- values read from the URL -----------------------------------------------------------------

Allowed = Iterable[str] | Callable[[str], bool]


def _is_iso_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
        return len(value) == 10
    except ValueError:
        return False


def url_allowed_values() -> dict[str, Allowed]:
    """The values each shared-filter URL parameter may take, as the bound widgets write them."""
    from alize import text
    from alize.scope import KINDS
    from ui.filters import filter_options

    basins, territories, sectors = filter_options()
    return {
        PARAMS["basins"]: basins,
        PARAMS["territories"]: [name for name, _ in territories],
        # codes (?sector=C&kind=creation); French labels too, as links from bound widgets carried them
        PARAMS["sectors"]: set(sectors) | {text.sector_label(c, "fr") for c in sectors},
        PARAMS["kinds"]: set(KINDS) | {text.value_label(k, "fr") for k in KINDS},
        PARAMS["start"]: _is_iso_date,
        PARAMS["end"]: _is_iso_date,
        LANG_KEY: lambda v: v.lower() in ("fr", "en"),
    }


def unknown_query_values(params: Mapping[str, list[str]], allowed: Mapping[str, Allowed]) -> dict[str, int]:
    """How many values of each checked parameter are not allowed (pure: testable without Streamlit)."""
    out: dict[str, int] = {}
    for key, rule in allowed.items():
        values = [v for v in params.get(key, []) if v != ""]  # `?basin=` clears: allowed
        if callable(rule):
            bad = [v for v in values if not rule(v)]
        else:
            options = set(rule)
            bad = [v for v in values if v not in options]
        if bad:
            out[key] = len(bad)
    return out


def check_query_params(allowed: Mapping[str, Allowed]) -> dict[str, int]:
    """Compare the URL with the allowed values before the widgets read it; say what is dropped.

    Bound widgets already ignore unknown values (and Streamlit removes them from the URL), so nothing
    reaches SQL; this adds the notice. The values themselves are never echoed back."""
    qp = st.query_params
    params = {key: qp.get_all(key) for key in allowed if key in qp}
    bad = unknown_query_values(params, allowed)
    for key in bad:
        st.warning(_t("auth.url_dropped", what=_t(_PARAM_LABELS.get(key, key))), icon=":material/link_off:")
    return bad


# ---- imports and undo, per basin ---------------------------------------------------------------

def import_detail(plan) -> str:
    """For the audit log: the files, then per table new / changed / unchanged rows."""
    files = ", ".join(f.name for f in plan.files)
    tables = "; ".join(f"{t.table} {t.new}/{t.changed}/{t.unchanged}" for t in plan.preview.tables
                       if t.new or t.changed or t.unchanged)
    return f"{files} · nouvelles/modifiées/inchangées : {tables}"


def check_undo_allowed(last: Mapping | None) -> None:
    """An editor limited to some basins undoes only an import they made themselves (theirs were
    refused outside their basins); anyone with every basin may undo any import."""
    from alize import AlizeError
    from ui.common import permission

    perm = permission()
    if perm.everything or last is None:
        return
    if str(last.get("user_name") or "") != user_name():
        raise AlizeError(key="error.undo_outside_basins", basins=", ".join(perm.basins) or _t("auth.no_basin"))


# ---- record ids in the URL ---------------------------------------------------------------------

_URL_RECORDS = (("committee", "auth.what_committee", "committee"), ("project", "auth.what_project", "project_card"))


def check_url_records() -> list[str]:
    """`?committee=` / `?project=` naming a record outside the person's basins (or none at all) is
    dropped from the URL with a notice, before any page reads it (`?slide=3` then shows the latest
    committee the person may see). The record itself is never read: the look-up goes through the
    permission (alize.metrics.records' `permitted`), so another basin's record is simply unknown."""
    from alize import AlizeError
    from alize.metrics import records
    from ui.common import permission, query

    if permission().everything:
        return []
    dropped = []
    for param, what, fn_name in _URL_RECORDS:
        value = st.query_params.get(param)
        if not value:
            continue
        try:
            query(getattr(records, fn_name), value)
        except AlizeError:
            del st.query_params[param]
            st.session_state.pop(param, None)
            dropped.append(param)
            st.warning(_t("auth.outside_basins", what=_t(what)), icon=":material/link_off:")
    return dropped


# ---- uploads before sign-in -------------------------------------------------------------------

MAX_SESSION_UPLOAD_MB = 60  # what one session may hold in server memory at once (3 files at the limit)
_GUARD_ATTR = "_alize_upload_guard"
_guard_lock = threading.Lock()


def _session_may_upload(runtime, session_id: str) -> bool:
    """True only when gate() marked this session an editor (or open local mode) on its last run."""
    try:
        session = runtime.get_app_session(session_id)
        if session is None:
            return False
        state = session.session_state
        return UPLOAD_KEY in state and state[UPLOAD_KEY] is True
    except Exception:  # noqa: BLE001 - internals moved: refuse
        _warn_once("upload guard cannot read a session's state: uploads are refused")
        return False


def install_upload_guard() -> bool:
    """Refuse file uploads (HTTP 403) from sessions that are not signed in as editors.

    Why: Streamlit accepts a PUT to /_stcore/upload_file/<session id>/<file id> from any live
    session holding the XSRF cookie (which /_stcore/health hands out), signed in or not, and keeps
    the file in memory; nothing but the sign-in screen may take data before sign-in. Streamlit has
    no hook for this, so this wraps, once per process, the two runtime methods its upload handler
    calls (streamlit/web/server/starlette/starlette_routes.py, `_upload_put`, Streamlit 1.67):

    - `runtime.is_active_session(session_id)`, called first, before the body is read (in 1.67 by
      the upload handler only): a session not marked by gate() (UPLOAD_KEY in its session_state,
      read through `runtime.get_app_session`) gets 403 and its body is never read;
    - `runtime.uploaded_file_mgr.add_file`, which stores the file: refused (403) the same way, as a
      second line, and for editors refused (413) beyond MAX_SESSION_UPLOAD_MB held per session.

    Fails closed: if these internals are not found, uploads are turned off for the process
    (server.maxUploadSize = 0, so every upload gets 413) and the reason is logged once.
    Returns True when the guard is in place (False without a server, e.g. under AppTest)."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return False
    runtime = Runtime.instance()
    with _guard_lock:
        if getattr(runtime, _GUARD_ATTR, False):
            return True
        try:
            from starlette.exceptions import HTTPException
            from streamlit import config

            is_active = runtime.is_active_session
            manager = runtime.uploaded_file_mgr
            add_file = manager.add_file
            storage = manager.file_storage
            limit_mb = min(float(config.get_option("server.maxUploadSize")), MAX_SESSION_UPLOAD_MB)
        except Exception as exc:  # noqa: BLE001
            _warn_once("upload guard not installed (%s): uploads are turned off", exc)
            try:
                from streamlit import config

                config.set_option("server.maxUploadSize", 0, "alize upload guard (fail closed)")
            except Exception:
                log.exception("alIZé: uploads could not be turned off either")
            return False

        def refuse() -> None:
            raise HTTPException(status_code=403, detail="Envoi refusé : connectez-vous avec le rôle édition.")

        def guarded_is_active(session_id: str) -> bool:
            active = is_active(session_id)
            if active and not _session_may_upload(runtime, session_id):
                log.warning("alIZé: upload refused for a session not signed in as an editor")
                refuse()
            return active

        def guarded_add_file(session_id: str, file) -> None:
            if not _session_may_upload(runtime, session_id):
                refuse()
            try:
                held = sum(len(f.data) for fid, f in storage.get(session_id, {}).items() if fid != file.file_id)
            except Exception:  # noqa: BLE001
                _warn_once("upload guard cannot measure a session's files: uploads are refused")
                refuse()
            if held + len(file.data) > MAX_SESSION_UPLOAD_MB * 1024 * 1024:
                raise HTTPException(status_code=413, detail="Trop de données envoyées pour cette session.")
            add_file(session_id, file)

        runtime.is_active_session = guarded_is_active
        manager.add_file = guarded_add_file
        setattr(runtime, _GUARD_ATTR, True)
        log.info("alIZé: upload guard installed (editors only, %s MB per file)", limit_mb)
        return True
