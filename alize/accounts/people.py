"""People: one account per person (e-mail, display name, role, basins, scrypt hash, disabled), and the
audit log of what they did (sign-ins, account changes, imports, undo, downloads).

Where they live (alize.settings.accounts_location): with PostgreSQL records, in two tables of the same
database (`alize_accounts`, `alize_audit`); with the embedded DuckDB file, which the app never writes
in place, in a small SQLite file beside it (`alize-accounts.sqlite`, its path in ALIZE_ACCOUNTS). SQLite
serialises concurrent writers itself, so two sessions signing in at once never lose a line.

A basin list of None means "every basin" (stored as `*`). Basins are names, as the Scope uses them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import secrets as _secrets
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from alize import AlizeError, settings
from alize.accounts.auth import ROLES, hash_password, verify_password
from alize.scope import Permission

ALL = "*"

DDL = [
    """CREATE TABLE IF NOT EXISTS alize_accounts (
        email TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL, basins TEXT NOT NULL,
        password_hash TEXT, disabled INTEGER NOT NULL DEFAULT 0, must_change INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL, changed_at TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS alize_audit (
        at TEXT NOT NULL, account TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '')""",
]

# What the audit log records (action codes; the admin page shows them through the catalog, audit.<code>).
ACTIONS = ("sign_in", "sign_in_failed", "lockout", "sign_out", "session_ended", "account_created",
           "account_changed", "account_disabled", "account_enabled", "password_reset", "password_changed",
           "import", "undo", "download")


class AccountError(AlizeError):
    """A bad account request (unknown role, basin, e-mail): one French line, nothing written."""


@dataclass(frozen=True)
class Account:
    email: str
    name: str
    role: str
    basins: tuple[str, ...] | None      # None: every basin
    password_hash: str | None = None
    disabled: bool = False
    must_change: bool = False

    @property
    def permission(self) -> Permission:
        return Permission(self.basins)

    def basins_label(self) -> str:
        return "tous" if self.basins is None else ", ".join(self.basins) or "aucun"


def normalise_email(email: str) -> str:
    email = str(email or "").strip().lower()
    if email.count("@") != 1 or email.startswith("@") or email.endswith("@") or any(c.isspace() for c in email):
        raise AccountError(f"adresse e-mail invalide : « {email} »")
    return email


def parse_basins(value: str | Iterable[str] | None) -> tuple[str, ...] | None:
    """`all` / `tous` / `*` → None (every basin); "alIZé Meuse, alIZé Savoie" → the names."""
    if value is None:
        return None
    items = [v.strip() for v in (value.split(",") if isinstance(value, str) else value) if str(v).strip()]
    if len(items) == 1 and items[0].lower() in ("all", "tous", ALL):
        return None
    return tuple(dict.fromkeys(items))


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def one_time_password() -> str:
    """A password shown once to the admin who reset it; the person changes it at first sign-in."""
    return _secrets.token_urlsafe(12)


class Store:
    """The accounts and the audit log, in SQLite (embedded mode) or PostgreSQL. One short
    connection per call: the app's sessions and the CLI share the store safely."""

    def __init__(self, where: Path | str):
        self.where = where
        self.pg = settings.is_postgres(where)
        self._ready = False
        self._last: dict[tuple, list[tuple]] = {}  # PostgreSQL: the last answer to each read, for an outage
        self._seen_accounts = False

    # ---- plumbing -------------------------------------------------------------------------
    @contextlib.contextmanager
    def _con(self) -> Iterator:
        if self.pg:
            from alize.store import postgres

            with postgres.transaction(str(self.where)) as con:
                yield _PgAdapter(con)
            return
        path = Path(self.where)
        path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(path, timeout=30)
        try:
            with con:
                yield con
        finally:
            con.close()

    def ensure(self) -> Store:
        if not self._ready:
            with self._con() as con:
                for ddl in DDL:
                    con.execute(ddl)
            self._ready = True
        return self

    def _rows(self, sql: str, params: list | tuple = ()) -> list[tuple]:
        """A read. While PostgreSQL is unreachable, the last answer to the same read (the replica
        serves its last copy of the records meanwhile); never answered before: the StoreError."""
        from alize.store.embedded import StoreError

        try:
            self.ensure()
            with self._con() as con:
                rows = list(con.execute(sql, list(params)).fetchall())
        except StoreError:
            key = (sql, tuple(params))
            if self.pg and key in self._last:
                return self._last[key]
            raise
        if self.pg:
            if len(self._last) > 10_000:
                self._last.clear()
            self._last[(sql, tuple(params))] = rows
        return rows

    def _write(self, sql: str, params: list | tuple, audit: tuple[str, str, str] | None = None) -> None:
        self.ensure()
        with self._con() as con:
            con.execute(sql, list(params))
            if audit:
                con.execute("INSERT INTO alize_audit VALUES (?, ?, ?, ?)", [_now(), *audit])

    # ---- accounts -------------------------------------------------------------------------
    _COLS = "email, name, role, basins, password_hash, disabled, must_change"

    @staticmethod
    def _account(row) -> Account:
        email, name, role, basins, stored, disabled, must_change = row
        return Account(email, name, role, None if basins == ALL else tuple(json.loads(basins)), stored,
                       bool(disabled), bool(must_change))

    def get(self, email: str | None) -> Account | None:
        try:
            email = normalise_email(email or "")
        except AccountError:
            return None
        rows = self._rows(f"SELECT {self._COLS} FROM alize_accounts WHERE email = ?", [email])
        return self._account(rows[0]) if rows else None

    def accounts(self) -> list[Account]:
        return [self._account(r) for r in self._rows(f"SELECT {self._COLS} FROM alize_accounts ORDER BY email")]

    def count(self) -> int:
        return int(self._rows("SELECT count(*) FROM alize_accounts")[0][0])

    def has_accounts(self) -> bool:
        """Whether any account exists; once seen true, it stays true in this process (an emptied
        store then keeps the app closed rather than open), and costs no more queries."""
        if not self._seen_accounts:
            self._seen_accounts = self.count() > 0
        return self._seen_accounts

    def add(self, email: str, name: str, role: str, basins: tuple[str, ...] | None, password: str | None = None,
            *, by: str = "cli", known_basins: Iterable[str] | None = None, must_change: bool = False) -> Account:
        email = normalise_email(email)
        self._check(role, basins, known_basins)
        if self.get(email):
            raise AccountError(f"un compte existe déjà pour {email}")
        name = str(name or "").strip() or email
        stored = hash_password(password) if password else None
        now = _now()
        self._write("INSERT INTO alize_accounts VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)",
                    [email, name, role, _basins_text(basins), stored, int(must_change), now, now],
                    (by, "account_created", f"{email} · {role} · {_basins_label(basins)}"))
        return self.get(email)

    @staticmethod
    def _check(role: str, basins, known_basins) -> None:
        if role not in ROLES:
            raise AccountError(f"rôle inconnu : « {role} » (attendu : {', '.join(ROLES)})")
        if basins is not None and known_basins is not None:
            known = set(known_basins)
            unknown = [b for b in basins if b not in known]
            if unknown:
                raise AccountError(f"bassin inconnu : {', '.join(unknown)} (connus : {', '.join(sorted(known))})")

    def _must(self, email: str) -> Account:
        account = self.get(email)
        if account is None:
            raise AccountError(f"aucun compte pour « {str(email).strip().lower()} »")
        return account

    def set_disabled(self, email: str, disabled: bool, *, by: str = "cli") -> Account:
        account = self._must(email)
        self._write("UPDATE alize_accounts SET disabled = ?, changed_at = ? WHERE email = ?",
                    [int(disabled), _now(), account.email],
                    (by, "account_disabled" if disabled else "account_enabled", account.email))
        return self._must(email)

    def update(self, email: str, *, role: str | None = None, basins=False, name: str | None = None,
               by: str = "cli", known_basins: Iterable[str] | None = None) -> Account:
        """Change the role, the basins (False: unchanged; None: every basin) or the name."""
        account = self._must(email)
        role = role or account.role
        basins = account.basins if basins is False else basins
        self._check(role, basins, known_basins)
        name = (name or "").strip() or account.name
        self._write("UPDATE alize_accounts SET role = ?, basins = ?, name = ?, changed_at = ? WHERE email = ?",
                    [role, _basins_text(basins), name, _now(), account.email],
                    (by, "account_changed", f"{account.email} · {role} · {_basins_label(basins)}"))
        return self._must(email)

    def set_password(self, email: str, password: str, *, by: str | None = None, reset: bool = False) -> Account:
        """A new hash; `reset` (an admin's one-time password) obliges a change at next sign-in. A new
        hash ends the sessions opened with the old one (the gate compares hashes on every run)."""
        account = self._must(email)
        self._write("UPDATE alize_accounts SET password_hash = ?, must_change = ?, changed_at = ? WHERE email = ?",
                    [hash_password(password), int(reset), _now(), account.email],
                    (by or account.email, "password_reset" if reset else "password_changed", account.email))
        return self._must(email)

    def reset_password(self, email: str, *, by: str) -> str:
        """A one-time password, returned once (to show once) and stored only as its hash."""
        password = one_time_password()
        self.set_password(email, password, by=by, reset=True)
        return password

    def check_password(self, email: str, password: str) -> Account | None:
        """The account when the password is its own and it is enabled; None otherwise. An unknown
        e-mail still costs one hash, so the time taken says nothing about which e-mails exist."""
        account = self.get(email)
        stored = account.password_hash if account and account.password_hash else _DUMMY_HASH()
        ok = verify_password(password, stored)
        return account if ok and account and account.password_hash and not account.disabled else None

    # ---- audit ----------------------------------------------------------------------------
    def log(self, account: str, action: str, detail: str = "") -> None:
        if action not in ACTIONS:
            raise ValueError(action)
        self._write("INSERT INTO alize_audit VALUES (?, ?, ?, ?)", [_now(), account or "?", action, str(detail)])

    def audit(self, account: str | None = None, start: dt.date | None = None, end: dt.date | None = None,
              limit: int = 5000) -> list[tuple]:
        """(at, account, action, detail), newest first, for one person and a date range if asked."""
        sql, params = "SELECT at, account, action, detail FROM alize_audit WHERE 1 = 1", []
        if account:
            sql += " AND account = ?"
            params.append(account)
        if start:
            sql += " AND at >= ?"
            params.append(start.isoformat())
        if end:
            sql += " AND at < ?"
            params.append((end + dt.timedelta(days=1)).isoformat())
        return self._rows(sql + " ORDER BY at DESC, rowid DESC LIMIT ?" if not self.pg else
                          sql + " ORDER BY at DESC LIMIT ?", [*params, limit])


def _basins_text(basins) -> str:
    return ALL if basins is None else json.dumps(list(basins), ensure_ascii=False)


def _basins_label(basins) -> str:
    return "tous les bassins" if basins is None else ", ".join(basins) or "aucun bassin"


_dummy: list[str] = []


def _DUMMY_HASH() -> str:
    if not _dummy:
        _dummy.append(hash_password(_secrets.token_urlsafe(16)))
    return _dummy[0]


class _PgAdapter:
    """sqlite3's `execute(sql with ?, params)` over a psycopg connection."""

    def __init__(self, con):
        self.con = con

    def execute(self, sql: str, params: list | tuple = ()):
        return self.con.execute(sql.replace("?", "%s"), list(params))


_stores: dict[str, Store] = {}


def store(where: Path | str | None = None) -> Store:
    """The accounts of the records at `where` (default: settings.accounts_location())."""
    where = settings.accounts_location() if where is None else where
    key = str(where)
    if key not in _stores:
        _stores[key] = Store(where)
    return _stores[key]
