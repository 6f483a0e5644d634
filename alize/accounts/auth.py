"""Sign-in building blocks, free of Streamlit: roles, password hashes, a failed-attempt limiter,
the e-mail → role mapping and the access settings read from secrets.

Passwords are never stored: secrets hold `scrypt$N$r$p$salt$hash` strings (salt per hash,
base64), made by `python -m alize hash-password`. Checks recompute the hash and compare it with
`hmac.compare_digest`, and every configured hash is checked on every attempt, so the time taken
says nothing about which role (if any) matched.

The limiter counts failed attempts per key in process memory: after `free_attempts` failures each
further failure makes the key wait `base_delay * 2**k` seconds (capped), and attempts during a wait
are refused without being checked. `LoginLimiter` combines two of them: one per source address
(steep, up to a minute) and one per account (gentle, up to 10 s, so that an attacker elsewhere can
only slow the real user down, never lock them out), and reserves each attempt atomically before
the expensive hash check, so concurrent sessions cannot slip past the count.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets as _secrets
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from alize import AlizeError

ROLES = ("viewer", "editor", "admin")
_RANK = {role: i for i, role in enumerate(ROLES)}


class AuthConfigError(AlizeError):
    """The access settings in secrets are unusable: the app must refuse to open (fail closed)."""


def check_role(role: str) -> str:
    if role not in _RANK:
        raise AuthConfigError(f"rôle inconnu : « {role} » (attendu : {', '.join(ROLES)})")
    return role


def role_at_least(role: str | None, needed: str) -> bool:
    """True when `role` grants what `needed` grants (admin ⊇ editor ⊇ viewer); None grants nothing."""
    return role in _RANK and _RANK[role] >= _RANK[check_role(needed)]


# ---- password hashes --------------------------------------------------------------------------

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
PBKDF2_ITERATIONS = 600_000
_MAX_PASSWORD = 1024  # longer input is refused before hashing (no hashing-cost abuse)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def hash_password(password: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P,
                  salt: bytes | None = None) -> str:
    """`scrypt$N$r$p$salt$hash`, with a fresh 16-byte random salt unless one is given."""
    if not password:
        raise AuthConfigError("mot de passe vide")
    if len(password) > _MAX_PASSWORD:
        raise AuthConfigError("mot de passe trop long")
    salt = salt if salt is not None else _secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32,
                            maxmem=256 * 1024 * 1024)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def parse_hash(stored: str) -> tuple:
    """Split a stored hash; raises AuthConfigError for anything that is not a hash we make."""
    parts = str(stored).strip().split("$")
    try:
        if parts[0] == "scrypt" and len(parts) == 6:
            n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
            if n < 2**10 or n & (n - 1) or not 1 <= r <= 64 or not 1 <= p <= 16:
                raise ValueError
            return ("scrypt", n, r, p, _unb64(parts[4]), _unb64(parts[5]))
        if parts[0] == "pbkdf2_sha256" and len(parts) == 4:
            iterations = int(parts[1])
            if iterations < 100_000:
                raise ValueError
            return ("pbkdf2_sha256", iterations, _unb64(parts[2]), _unb64(parts[3]))
    except (ValueError, TypeError):
        pass
    raise AuthConfigError(
        "empreinte de mot de passe invalide (attendu « scrypt$… », produite par "
        "`python -m alize hash-password` ; un mot de passe en clair n'est pas accepté)"
    )


def verify_password(password: str, stored: str) -> bool:
    """Recompute and compare in constant time. A malformed stored hash never matches."""
    try:
        parsed = parse_hash(stored)
    except AuthConfigError:
        return False
    candidate = str(password or "").encode("utf-8")[:_MAX_PASSWORD * 4]
    if parsed[0] == "scrypt":
        _, n, r, p, salt, expected = parsed
        got = hashlib.scrypt(candidate, salt=salt, n=n, r=r, p=p, dklen=len(expected),
                             maxmem=256 * 1024 * 1024)
    else:
        _, iterations, salt, expected = parsed
        got = hashlib.pbkdf2_hmac("sha256", candidate, salt, iterations, dklen=len(expected))
    return hmac.compare_digest(got, expected)


def role_for_password(password: str, hashes: Mapping[str, str]) -> str | None:
    """The highest role whose hash matches. Every hash is checked, whatever matched before."""
    matched = [role for role, stored in hashes.items() if verify_password(password, stored)]
    return max(matched, key=_RANK.__getitem__) if matched else None


# ---- failed-attempt limiter -------------------------------------------------------------------

@dataclass
class _Entry:
    failures: int = 0
    locked_until: float = 0.0
    last_seen: float = 0.0


@dataclass
class RateLimiter:
    """Exponential back-off per key. `clock` is injectable so tests never sleep."""

    free_attempts: int = 3
    base_delay: float = 2.0
    max_delay: float = 15 * 60.0
    forget_after: float = 60 * 60.0  # a quiet hour clears a key's failures
    max_keys: int = 10_000
    clock: Callable[[], float] = time.monotonic
    _entries: dict = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _entry(self, key: str, now: float) -> _Entry:
        entry = self._entries.get(key)
        if entry and entry.locked_until <= now and now - entry.last_seen > self.forget_after:
            entry = None
        if entry is None:
            if len(self._entries) >= self.max_keys:  # drop the stalest key, bounded memory
                oldest = min(self._entries, key=lambda k: self._entries[k].last_seen)
                del self._entries[oldest]
            entry = self._entries[key] = _Entry(last_seen=now)
        return entry

    def wait_time(self, key: str) -> float:
        """Seconds before `key` may try again (0 when it may try now)."""
        with self._lock:
            now = self.clock()
            entry = self._entries.get(key)
            return max(0.0, entry.locked_until - now) if entry else 0.0

    def delay_after(self, failures: int) -> float:
        """The lock imposed after the `failures`-th consecutive failure."""
        if failures <= self.free_attempts:
            return 0.0
        return min(self.max_delay, self.base_delay * 2 ** (failures - self.free_attempts - 1))

    def failure(self, key: str) -> float:
        """Record a failed attempt; returns the lock (seconds) it now imposes."""
        with self._lock:
            now = self.clock()
            entry = self._entry(key, now)
            entry.failures += 1
            entry.last_seen = now
            delay = self.delay_after(entry.failures)
            entry.locked_until = now + delay if delay else 0.0
            return delay

    def success(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def failures(self, key: str) -> int:
        entry = self._entries.get(key)
        return entry.failures if entry else 0

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


@dataclass(frozen=True)
class Verdict:
    """What `LoginLimiter.reserve` decided: `allowed` (the attempt is counted, check the password), or
    the seconds to wait and whose wait it is ("source": this address; "account": the account)."""

    allowed: bool
    wait: float = 0.0
    reason: str = ""


class LoginLimiter:
    """Growing delays per source address and, more gently, per account, shared by every session of
    the process (keep one instance per process, at module level: never in st.cache_*, which a
    client's `clear_cache` message empties).

    `reserve()` holds one lock while it reads both waits and, when both are zero, records the
    attempt as a failure *before* the password is checked: twelve sessions submitting at once get
    `free_attempts` checks, not twelve. `success()` then forgets the source and the matched account.
    `checks` counts the password checks granted (what tests and the server log read)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, *,
                 source: RateLimiter | None = None, account: RateLimiter | None = None):
        self.clock = clock
        self.source = source or RateLimiter(free_attempts=3, base_delay=1.0, max_delay=60.0, clock=clock)
        self.account = account or RateLimiter(free_attempts=5, base_delay=0.5, max_delay=10.0, clock=clock)
        self.checks = 0
        self._lock = threading.Lock()

    def waits(self, source: str, accounts: Iterable[str]) -> Verdict:
        """The current wait, without reserving anything (for the screen before a submission)."""
        w_source = self.source.wait_time(source)
        w_account = max((self.account.wait_time(a) for a in accounts), default=0.0)
        if w_source <= 0 and w_account <= 0:
            return Verdict(True)
        if w_source >= w_account:
            return Verdict(False, w_source, "source")
        return Verdict(False, w_account, "account")

    def reserve(self, source: str, accounts: Iterable[str]) -> Verdict:
        """Atomically: refuse while `source` or any of `accounts` must wait; else count the attempt
        as a failure of each (undone by `success`) and allow one password check."""
        accounts = list(accounts)
        with self._lock:
            verdict = self.waits(source, accounts)
            if not verdict.allowed:
                return verdict
            self.source.failure(source)
            for account in accounts:
                self.account.failure(account)
            self.checks += 1
            return verdict

    def success(self, source: str, account: str | None = None) -> None:
        with self._lock:
            self.source.success(source)
            if account:
                self.account.success(account)

    def clear(self) -> None:
        with self._lock:
            self.source.clear()
            self.account.clear()
            self.checks = 0


# ---- the client's address -----------------------------------------------------------------------

def parse_proxies(value) -> tuple:
    """`[alize] trusted_proxies = ["127.0.0.1", "10.0.0.0/8"]` → networks; AuthConfigError if malformed."""
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, Iterable) or isinstance(items, Mapping):
        raise AuthConfigError("[alize] trusted_proxies : une liste d'adresses IP est attendue")
    out = []
    for item in items:
        try:
            out.append(ipaddress.ip_network(str(item).strip(), strict=False))
        except ValueError:
            raise AuthConfigError("[alize] trusted_proxies : une adresse IP ou un réseau n'est pas valide") from None
    return tuple(out)


def _ip(text: str):
    text = str(text or "").strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_address(peer: str | None, forwarded_for: Iterable[str] = (), trusted: Iterable = ()) -> str | None:
    """The address to key the limiter on. `peer` is the socket's remote address, which the client
    cannot choose; `X-Forwarded-For` is believed only when that peer is a trusted proxy, and then
    its right-most address that is not itself a trusted proxy is the client (what the nearest
    proxy saw; anything to its left was written by the client). Returns None when the peer is
    unknown."""
    trusted = tuple(trusted)
    peer_ip = _ip(peer) if peer else None
    if peer_ip is None:
        return None

    def is_trusted(ip) -> bool:
        return any(ip.version == net.version and ip in net for net in trusted)

    if not is_trusted(peer_ip):
        return str(peer_ip)
    hops = [h for value in forwarded_for for h in str(value).split(",") if h.strip()]
    last = peer_ip
    for hop in reversed(hops):
        ip = _ip(hop)
        if ip is None:  # a hop our proxy did not write cleanly: stop at the last proxy
            return str(last)
        if not is_trusted(ip):
            return str(ip)
        last = ip
    return str(last)  # only proxies: the farthest one


# ---- access settings from secrets -------------------------------------------------------------

@dataclass(frozen=True)
class AccessConfig:
    """What the secrets say about access. mode: "oidc", "password" or "open"."""

    mode: str
    passwords: Mapping[str, str] = field(default_factory=dict)   # role -> hash
    emails: Mapping[str, str] = field(default_factory=dict)      # lower-case e-mail -> role
    domains: Mapping[str, str] = field(default_factory=dict)     # "@domain" -> role
    oidc_provider: str | None = None                              # None: the [auth] section itself
    trusted_proxies: tuple = ()                                   # ip networks whose X-Forwarded-For counts

    def role_for_email(self, email: str | None) -> str | None:
        """Exact address first, then its domain (`@cci-savoie.fr`); unknown addresses get no role."""
        email = str(email or "").strip().lower()
        if "@" not in email:
            return None
        if email in self.emails:
            return self.emails[email]
        return self.domains.get("@" + email.rsplit("@", 1)[1])


def _as_list(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable) and not isinstance(value, Mapping):
        return [str(v) for v in value]
    raise AuthConfigError("[alize.roles] : chaque rôle prend une adresse ou une liste d'adresses")


def parse_role_map(section: Mapping | None) -> tuple[dict[str, str], dict[str, str]]:
    """`[alize.roles]` as role = ["a@x.fr", "@domain.fr"] → (e-mails, domains); highest role wins."""
    emails: dict[str, str] = {}
    domains: dict[str, str] = {}
    for role, addresses in (section or {}).items():
        check_role(role)
        for address in _as_list(addresses):
            address = address.strip().lower()
            if address.count("@") != 1 or any(c.isspace() for c in address):
                raise AuthConfigError(f"[alize.roles] {role} : une adresse n'est pas valide")
            target = domains if address.startswith("@") else emails
            if address.startswith("@") and len(address) < 4:
                raise AuthConfigError(f"[alize.roles] {role} : un domaine n'est pas valide")
            if not role_at_least(target.get(address), role):
                target[address] = role
    return emails, domains


def parse_passwords(section: Mapping | None) -> dict[str, str]:
    """`[alize.passwords]` as role = "scrypt$…"; every value must be a hash we can check."""
    if section is not None and not isinstance(section, Mapping):
        raise AuthConfigError("[alize.passwords] doit être une section (rôle = \"scrypt$…\")")
    out: dict[str, str] = {}
    for role, stored in (section or {}).items():
        check_role(role)
        try:
            parse_hash(str(stored))
        except AuthConfigError as exc:
            raise AuthConfigError(f"[alize.passwords] {role} : {exc}") from None
        out[role] = str(stored).strip()
    return out


# What st.login needs in [auth] (streamlit.auth_util.validate_auth_credentials), and per provider.
AUTH_KEYS = ("redirect_uri", "cookie_secret")
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")


def check_auth_section(auth: Mapping, provider: str | None) -> None:
    """`[auth]` must hold what st.login needs, else the sign-in button could only fail: refuse it
    here, with the missing keys named (never their values)."""
    if not isinstance(auth, Mapping) or not auth:
        raise AuthConfigError("[auth] est présent mais vide : complétez-le (voir docs/deploy.md) "
                              "ou retirez-le")
    missing = [key for key in AUTH_KEYS if not str(auth.get(key) or "").strip()]
    if provider:
        section = auth.get(provider)
        where = f"[auth.{provider}]"
        if not isinstance(section, Mapping):
            raise AuthConfigError(f"{where} est absent alors que [alize] oidc_provider = « {provider} »")
    else:
        section, where = auth, "[auth]"
    missing += [key for key in PROVIDER_KEYS if not str(section.get(key) or "").strip()]
    if missing:
        raise AuthConfigError(f"{where} : clés manquantes pour st.login : {', '.join(missing)}")


def access_config(secrets: Mapping | None, has_accounts: bool = False) -> AccessConfig:
    """Decide the mode from the secrets (a plain mapping) and whether accounts exist: OIDC (`[auth]`)
    wins; else accounts with their own passwords ("password"); none of them → open local mode.

    Fails closed: a sign-in section that is present but unusable (`[auth]` without the keys st.login
    needs, a malformed `[alize.roles]`) raises AuthConfigError, and so do the former one-password-per-
    role `[alize.passwords]` (replaced by accounts: docs/deploy.md, "Migrating") and `require_auth`
    (or `[alize.roles]`) without any account or `[auth]`. Only no sign-in settings and no account is open."""
    secrets = secrets or {}
    alize = secrets.get("alize") or {}
    if not isinstance(alize, Mapping):
        raise AuthConfigError("[alize] doit être une section")
    proxies = parse_proxies(alize.get("trusted_proxies"))
    if "passwords" in alize:
        raise AuthConfigError("[alize.passwords] (un mot de passe par rôle) n'est plus lu : chaque personne a "
                              "désormais son compte. Créez le premier administrateur avec `python -m alize add-user "
                              "--role admin --basins all --password-stdin`, puis retirez la section (docs/deploy.md)")
    if "auth" in secrets:
        provider = alize.get("oidc_provider")
        provider = str(provider) if provider else None
        check_auth_section(secrets.get("auth"), provider)
        emails, domains = parse_role_map(alize.get("roles"))
        return AccessConfig("oidc", emails=emails, domains=domains, oidc_provider=provider,
                            trusted_proxies=proxies)
    if has_accounts:
        return AccessConfig("password", trusted_proxies=proxies)
    if "roles" in alize or alize.get("require_auth"):
        raise AuthConfigError("la connexion est exigée mais aucun compte n'existe : créez le premier administrateur "
                              "avec `python -m alize add-user --email … --role admin --basins all --password-stdin`")
    return AccessConfig("open", trusted_proxies=proxies)
