"""The audit log, and undo (the last import's backup made current again)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from alize import AlizeError, settings
from alize.ingest.write import LOG_DDL, _log_id, _logged_backups, default_user
from alize.store import embedded, postgres

# ---- audit log and undo -------------------------------------------------------------------------

LOG_COLUMNS = {"id": "N°", "logged_at": "Date", "user_name": "Utilisateur", "action": "Action",
               "file_names": "Fichiers", "sha256": "SHA-256", "rows_new": "Lignes ajoutées",
               "rows_changed": "Lignes modifiées", "detail": "Détail", "backup": "Copie de sauvegarde"}


def import_log(con, french: bool = False) -> pd.DataFrame:
    """The audit log, most recent first (empty frame when no import was ever made)."""
    cur = con.cursor()
    exists = cur.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'import_log'").fetchone()[0]
    if not exists:
        df = pd.DataFrame(columns=list(LOG_COLUMNS))
    else:
        df = cur.execute("SELECT * FROM import_log ORDER BY logged_at DESC, id DESC").df()
    return df.rename(columns=LOG_COLUMNS) if french else df


@dataclass
class UndoResult:
    undone_id: str
    undone_at: dt.datetime
    file_names: str
    backup: Path | None

    @property
    def message(self) -> str:
        return (f"Import du {self.undone_at.strftime('%d/%m/%Y à %H:%M')} ({self.file_names}) annulé : "
                "la base est revenue à son état d'avant.")


def last_import(source) -> dict | None:
    """The last import that can be undone (a dict of the log row), or None. `source`: a connection
    (the app's snapshot), the database path or a PostgreSQL URL."""
    if settings.is_postgres(source):
        df = pd.DataFrame(postgres.import_log_rows(str(source)), columns=list(LOG_COLUMNS))
    elif isinstance(source, (str, Path)):
        path = Path(source)
        if not embedded.check(path):
            return None
        with embedded.Snapshot(path) as con:
            df = import_log(con)
    else:
        df = import_log(source)
    undone = {json.loads(d).get("undone") for d in df.loc[df["action"] == "undo", "detail"]}
    df = df[(df["action"] == "import") & ~df["id"].isin(undone)]  # PostgreSQL keeps undone imports in its log
    return None if df.empty else df.iloc[0].to_dict()


def undo_last(db_path: Path | str, user: str | None = None) -> UndoResult:
    """Make the copy taken before the last import the current file again, with an 'undo' row in its
    log; swapped in whole like an import, so readers meanwhile see one or the other."""
    if settings.is_postgres(db_path):
        return _undo_postgres(str(db_path), user)
    path = Path(db_path)
    last = last_import(path)
    if last is None:
        raise AlizeError("Aucun import à annuler.")
    backup = Path(last["backup"])
    if not backup.exists():
        raise AlizeError(f"Copie de sauvegarde introuvable : {backup} (seules les {embedded.KEEP_BACKUPS} "
                         "dernières sont gardées)")
    user = (user or default_user()).strip() or "inconnu"
    at = dt.datetime.now()
    with embedded.rewrite(path, source=backup) as rw:
        rw.con.execute(LOG_DDL)
        rw.con.execute("INSERT INTO import_log VALUES (?, ?, ?, 'undo', ?, ?, 0, 0, ?, ?)",
                       [_log_id(at), at, user, last["file_names"],
                        last["sha256"], json.dumps({"undone": last["id"]}), str(backup)])
        referenced = _logged_backups(rw.con)
    embedded.prune_backups(path, referenced)  # the undone import's backup is now the file itself
    at_undone = last["logged_at"]
    if isinstance(at_undone, pd.Timestamp):
        at_undone = at_undone.to_pydatetime()
    return UndoResult(last["id"], at_undone, last["file_names"], backup)


def _undo_postgres(url: str, user: str | None) -> UndoResult:
    """The last import's undo rows played back in one transaction (alize.store.postgres.undo)."""
    last = last_import(url)
    if last is None:
        raise AlizeError("Aucun import à annuler.")
    user = (user or default_user()).strip() or "inconnu"
    at = dt.datetime.now()
    postgres.undo(url, last["id"], [_log_id(at), at, user, last["file_names"], last["sha256"],
                                    json.dumps({"undone": last["id"]})])
    return UndoResult(last["id"], _as_datetime(last["logged_at"]), last["file_names"], None)


def _as_datetime(value) -> dt.datetime:
    return value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
