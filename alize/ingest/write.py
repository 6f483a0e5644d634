"""Writing a checked plan: a new version of the store swapped in whole, with its audit log row."""

from __future__ import annotations

import contextlib
import datetime as dt
import getpass
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import psycopg

from alize import AlizeError, settings
from alize.ingest import rebuild
from alize.ingest.common import DEFAULT_MAX_BYTES, ImportRefused
from alize.ingest.preview import Preview, _diff, _load_state
from alize.ingest.validate import ImportPlan, check
from alize.store import db, embedded, postgres
from alize.store.specs import (
    IMPORT_TABLES,
    SPECS,
)

# ---- writing -------------------------------------------------------------------------------------

LOG_DDL = db.LOG_DDL  # the audit log lives in the store (both stores create it)


@dataclass
class ImportResult:
    log_id: str
    at: dt.datetime
    user: str
    backup: Path | None           # None on PostgreSQL: the undo rows are kept in the database
    preview: Preview

    @property
    def message(self) -> str:
        if self.backup is None:
            return f"Import enregistré ({self.preview.summary()}). Il peut être annulé (« python -m alize undo »)."
        return f"Import enregistré ({self.preview.summary()}). Copie de la base avant import : {self.backup.name}"


def _log_id(at: dt.datetime) -> str:
    """Sortable and unique: 20240315-142501-123456-a1b2."""
    return at.strftime("%Y%m%d-%H%M%S-%f-") + uuid.uuid4().hex[:4]


backups_dir = embedded.backups_dir


def default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "inconnu"


def _arrow(table: str, rows: list[dict], cols: list[str]):
    import pyarrow as pa

    types = {"date": pa.date32(), "int": pa.int64(), "year": pa.int64(), "eur": pa.int64(), "days": pa.float64()}
    spec = SPECS[table]
    return pa.table({c: pa.array([r.get(c) for r in rows], types.get(spec.col(c).kind, pa.string()))
                     for c in cols})


def _write(con, changes: dict[str, tuple[list[dict], list]]) -> None:
    for t in IMPORT_TABLES:
        if t not in changes:
            continue
        new, changed = changes[t]
        spec = SPECS[t]
        if new:
            cols = [c.name for c in spec.cols]
            con.register("_staged", _arrow(t, new, cols))
            try:
                con.execute(f"INSERT INTO {t} ({', '.join(cols)}) SELECT {', '.join(cols)} FROM _staged")
            finally:
                con.unregister("_staged")
        groups: dict[tuple, list[dict]] = {}
        for key, diff in changed:
            groups.setdefault(tuple(sorted(diff)), []).append({**dict(zip(spec.key, key)), **diff})
        for cols, rows in groups.items():
            con.register("_staged", _arrow(t, rows, [*spec.key, *cols]))
            try:
                sets = ", ".join(f"{c} = s.{c}" for c in cols)
                match = " AND ".join(f"{t}.{k} = s.{k}" for k in spec.key)
                con.execute(f"UPDATE {t} SET {sets} FROM _staged s WHERE {match}")
            finally:
                con.unregister("_staged")


def _logged_backups(con) -> list[str]:
    """The backups the log names, newest import first."""
    con.execute(LOG_DDL)
    return [r[0] for r in con.execute("SELECT backup FROM import_log WHERE action = 'import' AND backup IS NOT NULL "
                                      "ORDER BY logged_at DESC, id DESC").fetchall()]


def apply(plan: ImportPlan, db_path: Path | str, user: str | None = None) -> ImportResult:
    """Write a validated plan in one step that lands whole or not at all, with the meta source and the
    audit log row: embedded, a new version of the file swapped in (the replaced one kept as the
    import's backup); PostgreSQL, one transaction that also keeps the undo rows and notifies the
    replicas. Readers keep reading meanwhile; on any failure the store is left as it was."""
    if plan.errors:
        raise ImportRefused(plan.summary())
    if not any(plan.rows.values()):
        raise ImportRefused("Aucune ligne à importer.")
    user = (user or default_user()).strip() or "inconnu"
    at = dt.datetime.now()
    log_id = _log_id(at)
    where = db_path if settings.is_postgres(db_path) else Path(db_path)
    try:
        with _writer(where, log_id) as w:
            state = _load_state(w.con)
            preview, changes = _diff(plan.rows, state)
            w.write(changes, SPECS)
            db.check_consistency(w.con)
            w.set_meta("source", "import")
            detail = {t.table: {"new": t.new, "changed": t.changed, "unchanged": t.unchanged}
                      for t in preview.tables}
            w.finish([log_id, at, user, ", ".join(f.name for f in plan.files),
                      ", ".join(f.sha256 for f in plan.files), preview.new, preview.changed,
                      json.dumps(detail, ensure_ascii=False), str(w.backup) if w.backup else None])
    except embedded.StoreError:
        raise
    except AlizeError as exc:
        raise ImportRefused(f"Import annulé, rien n'a été enregistré : {exc}") from exc
    except (duckdb.Error, psycopg.errors.IntegrityError, psycopg.errors.DataError) as exc:
        raise ImportRefused(f"Import annulé, rien n'a été enregistré : la base a refusé une ligne "
                            f"({str(exc).splitlines()[0]})") from exc
    return ImportResult(log_id, at, user, w.backup, preview)


class _EmbeddedWriter:
    """The embedded file's side of `apply` (alize.store.postgres.Writer is PostgreSQL's): a rewritten
    copy in one DuckDB transaction, the derived tables refreshed before the log row."""

    def __init__(self, path: Path, rw: embedded.Rewrite):
        self.path, self.con, self.backup = path, rw.con, rw.backup

    def write(self, changes, specs) -> None:
        _write(self.con, changes)

    def set_meta(self, key: str, value: str) -> None:
        self.con.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])

    def finish(self, log_row: list) -> None:
        rebuild.refresh(self.con)  # the precomputed tables the figures read
        self.con.execute(LOG_DDL)
        self.con.execute("INSERT INTO import_log VALUES (?, ?, ?, 'import', ?, ?, ?, ?, ?, ?)", log_row)


@contextlib.contextmanager
def _writer(where: Path | str, log_id: str):
    """The one transaction of an import, on either store: committed when the block ends."""
    if isinstance(where, str):
        with postgres.writing(where, log_id) as w:
            yield w
        return
    with embedded.rewrite(where, backup_tag=log_id) as rw:
        w = _EmbeddedWriter(where, rw)
        rw.con.execute("BEGIN TRANSACTION")
        try:
            yield w
            rw.con.execute("COMMIT")
        except BaseException:
            rw.con.execute("ROLLBACK")
            raise
        referenced = _logged_backups(rw.con)
    embedded.prune_backups(where, referenced)  # once the new version is in


@dataclass
class ImportOutcome:
    plan: ImportPlan
    result: ImportResult | None   # None: dry run, or refused (see plan.problems)


def import_files(files: Iterable, db_path: Path | str, user: str | None = None, *, dry_run: bool = False,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> ImportOutcome:
    """check + apply in one call; with errors (or dry_run) nothing is written."""
    plan = check(files, db_path, max_bytes=max_bytes)
    if dry_run or not plan.ok:
        return ImportOutcome(plan, None)
    return ImportOutcome(plan, apply(plan, db_path, user))
