"""The settings, in one place: where the records live, whether the disk outlives the app, how large an
upload may be, how many backups are kept. Read from the environment; the app copies `[alize]` secrets
into it at start-up (ui.auth.configure_db_from_secrets), so the CLI and the app agree."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
DEFAULT_DB = DATA_DIR / "alize.duckdb"   # a fresh checkout's records: the demo is built here

DB_ENV = "ALIZE_DB"                      # or `[alize] db = "…"` in secrets
EPHEMERAL_ENV = "ALIZE_EPHEMERAL"        # 1 / 0, or `[alize] ephemeral_disk`: does the disk vanish on restart?

UPLOAD_MAX_MB = 20                       # one uploaded or imported file; .streamlit/config.toml says the same
UPLOAD_MAX_BYTES = UPLOAD_MAX_MB * 1024 * 1024
KEEP_BACKUPS = 10                        # backups kept beside the records (undo reaches back this many imports)
WRITER_WAIT_S = 30.0                     # how long an import waits for another one to finish


PG_SCHEMES = ("postgresql://", "postgres://")  # ALIZE_DB=postgresql://… : the PostgreSQL store
REPLICA_DIR_ENV = "ALIZE_REPLICA_DIR"    # where a replica keeps its local DuckDB copies (default: a temp folder)
PG_CONNECT_TIMEOUT_S = 5                 # a server that does not answer in this time is unreachable
PG_RETRY_S = 1.0                         # how often a replica that lost the server tries again
PG_OWN_WRITE_WAIT_S = 30.0               # how long a run waits for its replica to serve its own import


def is_postgres(value) -> bool:
    """A PostgreSQL URL, as opposed to a DuckDB file path."""
    return str(value or "").strip().lower().startswith(PG_SCHEMES)


def db_location(env: Mapping[str, str] | None = None) -> Path | str:
    """Which store holds the records, decided here only: a postgresql:// URL (str) selects PostgreSQL,
    anything else is the embedded DuckDB file (ALIZE_DB, else data/alize.duckdb)."""
    value = (os.environ if env is None else env).get(DB_ENV, "").strip()
    if is_postgres(value):
        return value
    return Path(value).expanduser() if value else DEFAULT_DB


def db_path(env: Mapping[str, str] | None = None) -> Path:
    """ALIZE_DB wins over the default data/alize.duckdb (the embedded store's file)."""
    value = (os.environ if env is None else env).get(DB_ENV, "").strip()
    return Path(value).expanduser() if value else DEFAULT_DB


ACCOUNTS_ENV = "ALIZE_ACCOUNTS"           # the embedded mode's accounts file (default: alize-accounts.sqlite beside the records)
IDLE_ENV = "ALIZE_IDLE_MINUTES"          # or `[alize] idle_minutes`: a session unused this long must sign in again
IDLE_MINUTES = 30


def accounts_location(env: Mapping[str, str] | None = None) -> Path | str:
    """Where the accounts and the audit log live: the PostgreSQL database itself, or, beside the
    embedded DuckDB file (which the app never writes in place), a small SQLite file."""
    env = os.environ if env is None else env
    where = db_location(env)
    if isinstance(where, str):
        return where
    value = env.get(ACCOUNTS_ENV, "").strip()
    return Path(value).expanduser() if value else where.with_name("alize-accounts.sqlite")


def idle_minutes(env: Mapping[str, str] | None = None) -> float | None:
    value = (os.environ if env is None else env).get(IDLE_ENV, "").strip()
    try:
        return float(value) if value else None
    except ValueError:
        return None


def replica_dir(env: Mapping[str, str] | None = None) -> Path | None:
    value = (os.environ if env is None else env).get(REPLICA_DIR_ENV, "").strip()
    return Path(value).expanduser() if value else None


def flag(value) -> bool | None:
    """`1`, `true`, `yes`, `oui` → True; other text → False; unset → None."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "oui")


def ephemeral_disk(env: Mapping[str, str] | None = None) -> bool | None:
    """What ALIZE_EPHEMERAL says, if anything (the app then also reads secrets and guesses the host)."""
    return flag((os.environ if env is None else env).get(EPHEMERAL_ENV))


# ---- sending reports (issue 19): the schedule, the send log, the SMTP server ---------------------------

SCHEDULE_ENV = "ALIZE_SCHEDULE"          # or `[alize] schedule`: the schedule file the Envois page shows
SEND_LOG_ENV = "ALIZE_SEND_LOG"          # or `[alize] send_log`: the send log (SQLite), beside the records by default
SEND_LOG_NAME = "envois.sqlite3"
SMTP_ENV = {"host": "ALIZE_SMTP_HOST", "port": "ALIZE_SMTP_PORT", "user": "ALIZE_SMTP_USER",
            "password": "ALIZE_SMTP_PASSWORD", "sender": "ALIZE_SMTP_FROM", "security": "ALIZE_SMTP_SECURITY",
            "timeout": "ALIZE_SMTP_TIMEOUT", "ca_file": "ALIZE_SMTP_CA_FILE"}  # the app copies [alize.smtp] here
SMTP_SECURITY = ("starttls", "tls", "none")  # none: only for a relay on the same machine (and the tests)
SMTP_PORTS = {"starttls": 587, "tls": 465, "none": 25}
SMTP_TIMEOUT_S = 30.0


def schedule_path(env: Mapping[str, str] | None = None) -> Path:
    value = (os.environ if env is None else env).get(SCHEDULE_ENV, "").strip()
    return Path(value).expanduser() if value else DATA_DIR / "envois.toml"


def send_log_path(env: Mapping[str, str] | None = None) -> Path:
    """ALIZE_SEND_LOG, else `envois.sqlite3` in the embedded records' folder (data/ with the PostgreSQL
    store); docs/reports.md says why it is not in the records."""
    env = os.environ if env is None else env
    value = env.get(SEND_LOG_ENV, "").strip()
    if value:
        return Path(value).expanduser()
    where = db_location(env)
    return (DATA_DIR if is_postgres(where) else Path(where).parent) / SEND_LOG_NAME


def smtp_settings(env: Mapping[str, str] | None = None) -> dict:
    """The SMTP server's settings from the environment: host ('' when not configured), port, user,
    password, sender, security (starttls by default), timeout, ca_file (a CA bundle to trust besides the
    system's: a relay with a private certificate). Checked where they are used (alize.reports.mail)."""
    env = os.environ if env is None else env
    raw = {name: str(env.get(var, "")).strip() for name, var in SMTP_ENV.items()}
    security = raw["security"].lower() or "starttls"
    return {"host": raw["host"], "port": raw["port"] or str(SMTP_PORTS.get(security, 587)), "user": raw["user"],
            "password": str(env.get(SMTP_ENV["password"], "")), "sender": raw["sender"] or raw["user"],
            "security": security, "timeout": raw["timeout"] or str(SMTP_TIMEOUT_S), "ca_file": raw["ca_file"]}
