"""Sign-in building blocks, free of Streamlit: roles, password hashes, a failed-attempt limiter,
the e-mail → role mapping and the access settings read from secrets.

Passwords are never stored: secrets hold `scrypt$N$r$p$salt$hash` strings (salt per hash,
base64), made by `python -m alize hash-password`. Checks recompute the hash and compare it with
`hmac.compare_digest`, and every configured hash is checked on every attempt, so the time taken
says nothing about which role (if any) matched.

The limiter counts failed attempts per key (the client's address) in process memory: after
`free_attempts` failures each further failure locks the key for `base_delay * 2**k` seconds
(capped), and attempts during a lock are refused without being checked.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
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


# ---- access settings from secrets -------------------------------------------------------------

@dataclass(frozen=True)
class AccessConfig:
    """What the secrets say about access. mode: "oidc", "password" or "open"."""

    mode: str
    passwords: Mapping[str, str] = field(default_factory=dict)   # role -> hash
    emails: Mapping[str, str] = field(default_factory=dict)      # lower-case e-mail -> role
    domains: Mapping[str, str] = field(default_factory=dict)     # "@domain" -> role
    oidc_provider: str | None = None                              # None: the [auth] section itself

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
                raise AuthConfigError(f"[alize.roles] : adresse invalide « {address} »")
            target = domains if address.startswith("@") else emails
            if address.startswith("@") and len(address) < 4:
                raise AuthConfigError(f"[alize.roles] : domaine invalide « {address} »")
            if not role_at_least(target.get(address), role):
                target[address] = role
    return emails, domains


def parse_passwords(section: Mapping | None) -> dict[str, str]:
    """`[alize.passwords]` as role = "scrypt$…"; every value must be a hash we can check."""
    out: dict[str, str] = {}
    for role, stored in (section or {}).items():
        check_role(role)
        parse_hash(str(stored))
        out[role] = str(stored).strip()
    return out


def access_config(secrets: Mapping | None) -> AccessConfig:
    """Decide the mode from the secrets (a plain mapping): OIDC wins over passwords; none → open."""
    secrets = secrets or {}
    alize = secrets.get("alize") or {}
    if not isinstance(alize, Mapping):
        raise AuthConfigError("[alize] doit être une section")
    auth = secrets.get("auth")
    if auth:
        emails, domains = parse_role_map(alize.get("roles"))
        if not emails and not domains:
            raise AuthConfigError("[auth] est configuré mais [alize.roles] n'attribue aucun rôle")
        provider = alize.get("oidc_provider")
        return AccessConfig("oidc", emails=emails, domains=domains,
                            oidc_provider=str(provider) if provider else None)
    passwords = parse_passwords(alize.get("passwords"))
    if passwords:
        return AccessConfig("password", passwords=passwords)
    if alize.get("roles") or alize.get("require_auth"):
        raise AuthConfigError("des rôles sont demandés mais ni [auth] ni [alize.passwords] n'est configuré")
    return AccessConfig("open")


# ---- command line -----------------------------------------------------------------------------

def cmd_hash_password(args) -> int:
    import getpass
    import sys

    if args.stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Mot de passe : ")
        if getpass.getpass("Confirmer : ") != password:
            raise AuthConfigError("les deux saisies diffèrent")
    if len(password) < args.min_length:
        raise AuthConfigError(f"mot de passe trop court (au moins {args.min_length} caractères)")
    stored = hash_password(password)
    role = check_role(args.role) if args.role else None
    print(f'{role} = "{stored}"' if role else stored)
    return 0


def register_cli(sub) -> None:
    p = sub.add_parser("hash-password",
                       help="empreinte d'un mot de passe de rôle, à coller dans [alize.passwords] des secrets")
    p.add_argument("--role", choices=ROLES, help="écrire la ligne TOML complète pour ce rôle")
    p.add_argument("--stdin", action="store_true", help="lire le mot de passe sur l'entrée standard (scripts)")
    p.add_argument("--min-length", type=int, default=12, help="longueur minimale (12 par défaut)")
    p.set_defaults(func=cmd_hash_password)
