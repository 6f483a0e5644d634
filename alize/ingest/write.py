"""Writing a checked plan: a new version of the store swapped in whole, with its audit log row."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from alize import AlizeError
from alize.ingest import rebuild
from alize.ingest.common import DEFAULT_MAX_BYTES, ImportRefused
from alize.ingest.preview import Preview, _diff, _load_state
from alize.ingest.validate import ImportPlan, check
from alize.store import db, embedded
from alize.store.specs import (
    IMPORT_TABLES,
    SPECS,
)

# ---- writing -------------------------------------------------------------------------------------

LOG_DDL = """CREATE TABLE IF NOT EXISTS import_log (
    id          VARCHAR PRIMARY KEY,
    logged_at   TIMESTAMP NOT NULL,
    user_name   VARCHAR NOT NULL,
    action      VARCHAR NOT NULL CHECK (action IN ('import', 'undo')),
    file_names  VARCHAR NOT NULL,
    sha256      VARCHAR NOT NULL,
    rows_new    INTEGER NOT NULL,
    rows_changed INTEGER NOT NULL,
    detail      VARCHAR NOT NULL,
    backup      VARCHAR
)"""


@dataclass
class ImportResult:
    log_id: str
    at: dt.datetime
    user: str
    backup: Path
    preview: Preview

    @property
    def message(self) -> str:
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
    """Write a validated plan: a new version of the file with the rows, meta source and the audit log
    row, swapped in whole; the version it replaces is kept as the import's backup. Readers keep
    reading meanwhile; on any failure the file is left byte-identical."""
    if plan.errors:
        raise ImportRefused(plan.summary())
    if not any(plan.rows.values()):
        raise ImportRefused("Aucune ligne à importer.")
    path = Path(db_path)
    user = (user or default_user()).strip() or "inconnu"
    at = dt.datetime.now()
    log_id = _log_id(at)
    try:
        with embedded.rewrite(path, backup_tag=log_id) as rw:
            con = rw.con
            con.execute("BEGIN TRANSACTION")
            try:
                state = _load_state(con)
                preview, changes = _diff(plan.rows, state)
                _write(con, changes)
                db.check_consistency(con)
                rebuild.refresh(con)  # the precomputed tables the figures read
                con.execute(LOG_DDL)
                con.execute("INSERT INTO meta (key, value) VALUES ('source', 'import') "
                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
                detail = {t.table: {"new": t.new, "changed": t.changed, "unchanged": t.unchanged}
                          for t in preview.tables}
                con.execute("INSERT INTO import_log VALUES (?, ?, ?, 'import', ?, ?, ?, ?, ?, ?)",
                            [log_id, at, user, ", ".join(f.name for f in plan.files),
                             ", ".join(f.sha256 for f in plan.files), preview.new, preview.changed,
                             json.dumps(detail, ensure_ascii=False), str(rw.backup)])
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            referenced = _logged_backups(con)
    except embedded.StoreError:
        raise
    except AlizeError as exc:
        raise ImportRefused(f"Import annulé, rien n'a été enregistré : {exc}") from exc
    except duckdb.Error as exc:
        raise ImportRefused(f"Import annulé, rien n'a été enregistré : la base a refusé une ligne "
                            f"({str(exc).splitlines()[0]})") from exc
    embedded.prune_backups(path, referenced)
    return ImportResult(log_id, at, user, rw.backup, preview)


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
