"""The PostgreSQL records store: the system of record when the app is hosted (ALIZE_DB=postgresql://…).

Why: several app replicas and a scheduled import must share the records, and a hosted disk may vanish.
PostgreSQL holds the records with the keys, CHECKs and foreign keys of schema.sql (translated in one
function, `pg_ddl`); an import or an undo is ONE transaction that also writes the audit log, the undo
rows (each changed row as it was, each new row's key), bumps the data version and sends NOTIFY, so a
refused or killed import leaves every table as it was and notifies nobody. Readers never query it
for pages: each replica reads its own DuckDB copy (alize.store.replica).

`transaction()` is the one connection helper (French errors, never a traceback); other stores of the
app (accounts) can reuse it.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

import psycopg
from psycopg import sql

from alize import settings
from alize.store import db
from alize.store.embedded import StoreError

CHANNEL = "alize_data_version"          # NOTIFY channel; the payload is the new version
APP_NAME = "alize"

# What the PostgreSQL store keeps beside the records (the audit log is db.LOG_DDL, translated).
SUPPORT_DDL = """
CREATE TABLE alize_version (
    one         BOOLEAN PRIMARY KEY DEFAULT true CHECK (one),
    version     BIGINT NOT NULL CHECK (version >= 1),
    changed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE import_undo (
    id          BIGSERIAL PRIMARY KEY,
    import_id   VARCHAR NOT NULL REFERENCES import_log (id),
    table_name  VARCHAR NOT NULL,
    op          VARCHAR NOT NULL CHECK (op IN ('inserted', 'changed')),
    row_data    JSONB NOT NULL
);
CREATE INDEX import_undo_by_import ON import_undo (import_id);
"""
SUPPORT_TABLES = ("import_log", "alize_version", "import_undo")

_committed: dict[str, int] = {}   # url -> the latest version this process committed (read your own writes)
_committed_lock = threading.Lock()


# ---- connections and their errors ---------------------------------------------------------------

def describe(url: str) -> str:
    """The server and database of a URL, without its password: what messages show."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "PostgreSQL"
    host = info.get("host") or "localhost"
    port = f":{info['port']}" if info.get("port") else ""
    user = f"{info['user']}@" if info.get("user") else ""
    return f"postgresql://{user}{host}{port}/{info.get('dbname', '')}"


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def connection_error(url: str, exc: BaseException) -> StoreError:
    """What went wrong, in French, from psycopg's message: server down, wrong password, no database."""
    text = str(exc).lower()
    where = describe(url)
    if "password authentication failed" in text or "no password supplied" in text \
            or "authentication failed" in text:
        return StoreError(key="error.pg_auth", where=where)
    if "database" in text and "does not exist" in text:
        return StoreError(key="error.pg_no_database", where=where)
    if "role" in text and "does not exist" in text:
        return StoreError(key="error.pg_no_role", where=where)
    if any(w in text for w in ("connection refused", "no such file", "could not connect", "timeout expired",
                               "could not translate host", "server closed the connection", "terminating connection",
                               "connection is lost", "the database system is", "connection timed out",
                               "the connection is closed", "consuming input failed")):
        return StoreError(key="error.pg_unreachable", where=where)
    return StoreError(key="error.pg_failed", where=where, detail=_first_line(exc))


def connect(url: str, *, autocommit: bool = False, app_name: str = APP_NAME) -> psycopg.Connection:
    try:
        return psycopg.connect(url, autocommit=autocommit, connect_timeout=settings.PG_CONNECT_TIMEOUT_S,
                               application_name=app_name)
    except psycopg.Error as exc:
        raise connection_error(url, exc) from None


@contextlib.contextmanager
def transaction(url: str, *, repeatable_read: bool = False, read_only: bool = False,
                app_name: str = APP_NAME) -> Iterator[psycopg.Connection]:
    """One PostgreSQL transaction: committed when the block ends, rolled back on any exception (the
    server rolls back too when this process dies). A lost server is a StoreError in French."""
    con = connect(url, app_name=app_name)
    try:
        if repeatable_read or read_only:
            con.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ if repeatable_read else None
            con.read_only = read_only
        with con.transaction():
            yield con
    except psycopg.OperationalError as exc:
        raise connection_error(url, exc) from None
    except psycopg.errors.InsufficientPrivilege as exc:
        raise StoreError(key="error.pg_denied", where=describe(url), detail=_first_line(exc)) from None
    finally:
        con.close()


# ---- the schema ----------------------------------------------------------------------------------

def pg_ddl(duckdb_sql: str) -> str:
    """schema.sql (DuckDB's dialect) as PostgreSQL DDL: the only place the two dialects differ."""
    out = re.sub(r"regexp_full_match\(\s*(\w+)\s*,\s*'((?:[^']|'')*)'\s*\)", r"(\1 ~ '^(?:\2)$')", duckdb_sql)
    out = re.sub(r"\bDOUBLE\b(?!\s+PRECISION)", "DOUBLE PRECISION", out)
    out = re.sub(r"\bUBIGINT\b", "NUMERIC(20)", out)
    out = re.sub(r"\bHUGEINT\b", "NUMERIC(39)", out)
    return out


def ddl() -> str:
    return pg_ddl(db.schema_sql()) + ";\n" + pg_ddl(db.LOG_DDL) + ";\n" + SUPPORT_DDL


def existing_tables(con) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "ORDER BY table_name").fetchall()]


def primary_key(con, table: str) -> list[str]:
    rows = con.execute(
        """SELECT a.attname FROM pg_index i
           JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
           WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)""",
        [table]).fetchall()
    return [r[0] for r in rows]


def columns(con, table: str) -> list[str]:
    return [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = %s ORDER BY ordinal_position", [table]).fetchall()]


def version(con) -> int:
    row = con.execute("SELECT version FROM alize_version").fetchone()
    if row is None:
        raise StoreError(key="error.pg_not_initialised")
    return int(row[0])


def current_version(url: str) -> int:
    try:
        with transaction(url, read_only=True) as con:
            return version(con)
    except psycopg.errors.UndefinedTable:
        raise StoreError(key="error.pg_not_initialised_at", where=describe(url)) from None


def bump_and_notify(con, url: str) -> int:
    """The last step of every write: the new data version, announced on commit (NOTIFY inside a
    transaction is delivered only if it commits)."""
    new = con.execute("UPDATE alize_version SET version = version + 1, changed_at = now() "
                      "RETURNING version").fetchone()[0]
    con.execute("SELECT pg_notify(%s, %s)", [CHANNEL, str(new)])
    return int(new)


def committed(url: str, new_version: int) -> None:
    """Called after a commit: this process's replica waits for this version before its next read."""
    with _committed_lock:
        _committed[url] = max(_committed.get(url, 0), new_version)


def own_version(url: str) -> int:
    with _committed_lock:
        return _committed.get(url, 0)


def lock_writers(con) -> int:
    """Writers queue on the version row: one import or undo at a time, each reading the latest state."""
    con.execute(sql.SQL("SET LOCAL lock_timeout = {}").format(sql.Literal(f"{int(settings.WRITER_WAIT_S * 1000)}ms")))
    try:
        row = con.execute("SELECT version FROM alize_version FOR UPDATE").fetchone()
    except psycopg.errors.LockNotAvailable:
        raise StoreError(key="error.store_busy") from None
    except psycopg.errors.UndefinedTable:
        raise StoreError(key="error.pg_not_initialised") from None
    if row is None:
        raise StoreError(key="error.pg_not_initialised")
    return int(row[0])


# ---- init: the records into an empty database -----------------------------------------------------

def init(url: str, csv_dir: Path) -> int:
    """Create the schema in an EMPTY database and load every table's CSV in one transaction; the
    cross-table rules are checked as in the embedded build. A database with tables is refused."""
    csv_dir = Path(csv_dir)
    tables = db.schema_tables()
    missing = [f"{t}.csv" for t in tables if not (csv_dir / f"{t}.csv").exists()]
    if missing:
        raise StoreError(key="error.csv_missing", folder=str(csv_dir), files=", ".join(missing))
    with transaction(url) as con:
        present = existing_tables(con)
        if present:
            raise StoreError(key="error.pg_not_empty", where=describe(url), tables=", ".join(present[:8]))
        con.execute(ddl())
        for table in tables:
            _copy_in(con, table, csv_dir / f"{table}.csv")
        db.check_consistency(con)
        con.execute("INSERT INTO alize_version (version) VALUES (1)")
        con.execute("SELECT pg_notify(%s, '1')", [CHANNEL])
    return 1


def _copy_in(con, table: str, path: Path) -> None:
    cols = columns(con, table)
    header = path.open(encoding="utf-8-sig").readline().strip().split(",")
    if header != cols:
        raise StoreError(key="error.csv_header", name=path.name, header=header, expected=cols)
    stmt = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT csv, HEADER true)").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, cols)))
    try:
        with con.cursor().copy(stmt) as copy, path.open("rb") as f:
            while chunk := f.read(1 << 20):
                copy.write(chunk)
    except psycopg.errors.DataError as exc:
        raise StoreError(key="error.csv_load", name=path.name, detail=_first_line(exc)) from None
    except psycopg.errors.IntegrityError as exc:
        raise StoreError(key="error.csv_load", name=path.name, detail=_first_line(exc)) from None


# ---- reading whole tables (replica copies, export) ----------------------------------------------------

def copy_out(con, table: str, out: Path) -> Path:
    """One table as CSV (the shape of data/*.csv: header, ISO dates, empty for NULL), rows by key."""
    key = primary_key(con, table) or columns(con, table)
    stmt = sql.SQL("COPY (SELECT * FROM {} ORDER BY {}) TO STDOUT (FORMAT csv, HEADER true)").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, key)))
    with con.cursor().copy(stmt) as copy, Path(out).open("wb") as f:
        f.writelines(copy)
    return Path(out)


def snapshot_to_csv(url: str, out_dir: Path, tables: Iterable[str] | None = None) -> int:
    """Every table of one consistent snapshot (REPEATABLE READ READ ONLY) as CSV files in out_dir;
    returns the data version they are."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with transaction(url, repeatable_read=True, read_only=True, app_name="alize-copy") as con:
        try:
            v = version(con)
        except psycopg.errors.UndefinedTable:
            raise StoreError(key="error.pg_not_initialised_at", where=describe(url)) from None
        for table in (tables or [*db.schema_tables(), "import_log"]):
            copy_out(con, table, out_dir / f"{table}.csv")
    return v


# ---- writing an import: rows, undo rows, log, version, NOTIFY ------------------------------------------

def _json(value):
    return value if value is None or isinstance(value, (int, float, str, bool)) else str(value)


class Writer:
    """What an import (alize.ingest.write) writes through inside the one transaction: `con` reads (the
    state, the consistency checks), `write` stores the changes and their undo rows, `finish` logs,
    bumps the version and notifies. The transaction commits after the block, or nothing happened."""

    backup = None  # no backup file: the undo rows are the way back

    def __init__(self, url: str, con: psycopg.Connection, log_id: str):
        self.url, self.con, self.log_id = url, con, log_id
        self._undo: list[tuple[str, str, dict]] = []
        self.version: int | None = None

    def write(self, changes: dict[str, tuple[list[dict], list]], specs: dict) -> None:
        for table, (new, changed) in changes.items():
            spec = specs[table]
            if new:
                cols = [c.name for c in spec.cols]
                stmt = sql.SQL("COPY {} ({}) FROM STDIN").format(
                    sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, cols)))
                with self.con.cursor().copy(stmt) as copy:
                    for row in new:
                        copy.write_row([row.get(c) for c in cols])
                self._undo += [(table, "inserted", {k: _json(row[k]) for k in spec.key}) for row in new]
            for key, diff in changed:
                where = dict(zip(spec.key, key))
                self._undo.append((table, "changed", self._row(table, where)))
                self._update(table, diff, where)

    def _row(self, table: str, where: dict) -> dict:
        cond = sql.SQL(" AND ").join(sql.SQL("{} = %s").format(sql.Identifier(k)) for k in where)
        row = self.con.execute(sql.SQL("SELECT to_jsonb(t) FROM {} t WHERE {}").format(sql.Identifier(table), cond),
                               list(where.values())).fetchone()
        return row[0]

    def _update(self, table: str, values: dict, where: dict) -> None:
        sets = sql.SQL(", ").join(sql.SQL("{} = %s").format(sql.Identifier(c)) for c in values)
        cond = sql.SQL(" AND ").join(sql.SQL("{} = %s").format(sql.Identifier(k)) for k in where)
        self.con.execute(sql.SQL("UPDATE {} SET {} WHERE {}").format(sql.Identifier(table), sets, cond),
                         [*values.values(), *where.values()])

    def set_meta(self, key: str, value: str) -> None:
        row = self.con.execute("SELECT to_jsonb(m) FROM meta m WHERE key = %s", [key]).fetchone()
        if row is None:
            self.con.execute("INSERT INTO meta (key, value) VALUES (%s, %s)", [key, value])
            self._undo.append(("meta", "inserted", {"key": key}))
        elif row[0]["value"] != value:
            self._undo.append(("meta", "changed", row[0]))
            self.con.execute("UPDATE meta SET value = %s WHERE key = %s", [value, key])

    def finish(self, log_row: list) -> int:
        """The log row, then its undo rows (they reference it), then the version and NOTIFY."""
        log_row = [*log_row[:-1], None]  # no backup file: the undo rows are the way back
        self.con.execute("INSERT INTO import_log VALUES (%s, %s, %s, 'import', %s, %s, %s, %s, %s, %s)", log_row)
        with self.con.cursor().copy("COPY import_undo (import_id, table_name, op, row_data) FROM STDIN") as copy:
            for table, op, data in self._undo:
                copy.write_row([self.log_id, table, op, json.dumps(data, ensure_ascii=False)])
        self.version = bump_and_notify(self.con, self.url)
        return self.version


@contextlib.contextmanager
def writing(url: str, log_id: str) -> Iterator[Writer]:
    """An import's transaction: writers queue on the version row; commit at the end of the block."""
    with transaction(url, app_name="alize-import") as con:
        lock_writers(con)
        w = Writer(url, con, log_id)
        yield w
    if w.version is not None:
        committed(url, w.version)


def undo(url: str, import_id: str, log_row: list) -> int:
    """Undo one import in one transaction: changed rows back to what they were, then its new rows removed
    (children first), an 'undo' log row, the version bumped and notified."""
    order = {t: i for i, t in enumerate(db.schema_tables())}
    with transaction(url, app_name="alize-undo") as con:
        lock_writers(con)
        undone = con.execute("SELECT 1 FROM import_log WHERE action = 'undo' AND detail::jsonb ->> 'undone' = %s",
                             [import_id]).fetchone()
        if undone:
            raise StoreError(key="error.pg_already_undone")
        rows = con.execute("SELECT table_name, op, row_data FROM import_undo WHERE import_id = %s ORDER BY id",
                           [import_id]).fetchall()
        for table, op, data in reversed(rows):
            if op != "changed":
                continue
            key = primary_key(con, table)
            cols = columns(con, table)
            sets = sql.SQL(", ").join(sql.SQL("{c} = r.{c}").format(c=sql.Identifier(c)) for c in cols if c not in key)
            match = sql.SQL(" AND ").join(sql.SQL("t.{c} = r.{c}").format(c=sql.Identifier(c)) for c in key)
            con.execute(sql.SQL("UPDATE {t} AS t SET {sets} FROM jsonb_populate_record(NULL::{t}, %s::jsonb) r "
                                "WHERE {match}").format(t=sql.Identifier(table), sets=sets, match=match),
                        [json.dumps(data)])
        inserted = sorted((r for r in rows if r[1] == "inserted"), key=lambda r: -order.get(r[0], -1))
        for table, _, data in inserted:
            key = list(data)
            match = sql.SQL(" AND ").join(sql.SQL("t.{c} = r.{c}").format(c=sql.Identifier(c)) for c in key)
            con.execute(sql.SQL("DELETE FROM {t} AS t USING jsonb_populate_record(NULL::{t}, %s::jsonb) r "
                                "WHERE {match}").format(t=sql.Identifier(table), match=match), [json.dumps(data)])
        db.check_consistency(con)
        con.execute("INSERT INTO import_log VALUES (%s, %s, %s, 'undo', %s, %s, 0, 0, %s, NULL)", log_row)
        new = bump_and_notify(con, url)
    committed(url, new)
    return new


def import_log_rows(url: str) -> list[dict]:
    with transaction(url, read_only=True) as con:
        cur = con.cursor(row_factory=psycopg.rows.dict_row)
        return cur.execute("SELECT * FROM import_log ORDER BY logged_at DESC, id DESC").fetchall()
