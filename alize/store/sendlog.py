"""The send log: one row per attempt to send a scheduled report, in a small SQLite file beside the records.

Why not a table of the records' store (docs/reports.md, "The send log"): the embedded store is never
written in place, each write copies the whole file and swaps it in (1.2 GB at a national network's
size), which is a lot for one line per e-mail; and an `undo` makes a backup taken before the last
import current again, which would erase every send logged since and send it all a second time. The
log is the memory of what left the building: it must outlive both. SQLite writes a row in a
transaction of its own (readers, the Envois page, keep reading meanwhile) and ships with Python.

An item is (rule, due_on, recipient): it is *done* once an attempt was `sent`, or `refused` for good
(a 5xx for that recipient, or the permissions seam said no); `temporary` and `failed` attempts are
tried again on the next run, so nothing is lost.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

import pandas as pd

from alize import AlizeError

OUTCOMES = ("sent", "temporary", "refused", "failed")
DONE = ("sent", "refused")

DDL = """
CREATE TABLE IF NOT EXISTS send_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    attempted_at TEXT NOT NULL,                 -- ISO timestamp, UTC
    rule         TEXT NOT NULL,                 -- the schedule entry's id ('test' for a test message)
    report       TEXT NOT NULL,                 -- partner | committee-pack | test
    subject_id   TEXT NOT NULL,                 -- the partner's or the committee's id
    period       TEXT NOT NULL DEFAULT '',      -- the partner report's year
    due_on       TEXT NOT NULL,                 -- ISO date the schedule made it due
    recipient    TEXT NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('sent', 'temporary', 'refused', 'failed')),
    detail       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS send_log_item ON send_log (rule, due_on, recipient);
CREATE TABLE IF NOT EXISTS send_runs (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    ran_at  TEXT NOT NULL,
    today   TEXT NOT NULL                       -- the day the run covered up to (--today)
);
"""


def _connect(path: Path) -> sqlite3.Connection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = sqlite3.connect(str(path), timeout=30)
        con.executescript(DDL)
        return con
    except (OSError, sqlite3.Error) as exc:
        raise AlizeError(key="error.send_log", path=str(path), detail=str(exc).splitlines()[0]) from None


@contextlib.contextmanager
def opened(path: Path):
    con = _connect(Path(path))
    try:
        yield con
    finally:
        con.close()


def record(path: Path, *, rule: str, report: str, subject_id: str, period: str, due_on: dt.date, recipient: str,
           outcome: str, detail: str = "", at: dt.datetime | None = None) -> None:
    """One attempt, committed at once: a crash later in the run keeps it."""
    at = at or dt.datetime.now(dt.UTC)
    with opened(path) as con, con:
        con.execute("INSERT INTO send_log (attempted_at, rule, report, subject_id, period, due_on, recipient, outcome, "
                    "detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [at.isoformat(timespec="seconds"), rule, report, subject_id, period, due_on.isoformat(),
                     recipient, outcome, detail])


def record_run(path: Path, today: dt.date) -> None:
    with opened(path) as con, con:
        con.execute("INSERT INTO send_runs (ran_at, today) VALUES (?, ?)",
                    [dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), today.isoformat()])


def last_run(path: Path) -> dt.date | None:
    """The latest day a (non dry) run covered; None before the first run."""
    if not Path(path).exists():
        return None
    with opened(path) as con:
        row = con.execute("SELECT max(today) FROM send_runs").fetchone()
    return dt.date.fromisoformat(row[0]) if row and row[0] else None


def done(path: Path) -> set[tuple[str, str, str]]:
    """(rule, due_on ISO, recipient) of every item sent or refused for good."""
    if not Path(path).exists():
        return set()
    with opened(path) as con:
        rows = con.execute(f"SELECT DISTINCT rule, due_on, recipient FROM send_log WHERE outcome IN "
                           f"({', '.join('?' for _ in DONE)})", DONE).fetchall()
    return {tuple(r) for r in rows}


def pending(path: Path) -> list[dict]:
    """Items attempted but not done (a temporary failure, a server down...): tried again next run."""
    if not Path(path).exists():
        return []
    with opened(path) as con:
        rows = con.execute(f"""SELECT rule, report, subject_id, period, due_on, recipient FROM send_log l
            WHERE NOT EXISTS (SELECT 1 FROM send_log d WHERE d.rule = l.rule AND d.due_on = l.due_on
                              AND d.recipient = l.recipient AND d.outcome IN ({', '.join('?' for _ in DONE)}))
            GROUP BY rule, report, subject_id, period, due_on, recipient ORDER BY due_on, rule, recipient""",
                           DONE).fetchall()
    cols = ("rule", "report", "subject_id", "period", "due_on", "recipient")
    return [dict(zip(cols, r)) for r in rows]


LOG_COLUMNS = ("attempted_at", "rule", "report", "subject_id", "period", "due_on", "recipient", "outcome", "detail")


def recent(path: Path, limit: int = 200) -> pd.DataFrame:
    """The latest attempts, newest first (the Envois page)."""
    if not Path(path).exists():
        return pd.DataFrame(columns=list(LOG_COLUMNS))
    with opened(path) as con:
        rows = con.execute(f"SELECT {', '.join(LOG_COLUMNS)} FROM send_log ORDER BY id DESC LIMIT ?",
                           [int(limit)]).fetchall()
    return pd.DataFrame(rows, columns=list(LOG_COLUMNS))


@contextlib.contextmanager
def run_lock(path: Path):
    """One run at a time: a second `send` started while one is sending stops with a French line
    instead of sending the same items twice."""
    import fcntl

    lock = Path(f"{path}.lock")
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock, "a+")  # noqa: SIM115 - held for the run
    except OSError as exc:
        raise AlizeError(key="error.send_log", path=str(lock), detail=exc.strerror or str(exc)) from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AlizeError(key="error.send_running", path=str(lock)) from None
        yield
    finally:
        handle.close()
