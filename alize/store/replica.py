"""A replica: the app's (or a command's) own DuckDB copy of the PostgreSQL records, kept current.

Why: the pages' queries are analytic (DuckDB, derived tables, stored comparisons); PostgreSQL is the
system of record. A copy is loaded from ONE consistent snapshot (REPEATABLE READ READ ONLY, COPY to
CSV), built like the embedded file (db.build with the caller's `derive`, so the derived tables and the
stored comparisons are the same code) into a new file beside the current one, then swapped in: a run
holds the Snapshot it started with, so a page never mixes two versions.

A listener thread LISTENs on the version channel; on a notification, and after every (re)connection,
it re-checks the version and loads a new copy when it changed. While the server is unreachable the
last copy keeps serving and `online` is False: the app shows a banner saying the data may be old.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import duckdb
import psycopg

from alize import settings
from alize.store import db, embedded, postgres
from alize.store.embedded import StoreError

log = logging.getLogger(__name__)


def _workdir(base: Path | None) -> Path:
    base = base or settings.replica_dir()
    if base is None:
        return Path(tempfile.mkdtemp(prefix="alize-replica-"))
    base.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="replica-", dir=base))


def load_copy(url: str, workdir: Path, *, derive: Callable) -> tuple[Path, int]:
    """One consistent snapshot of PostgreSQL as a new DuckDB file in `workdir`: (file, version)."""
    stage = workdir / f"csv-{uuid.uuid4().hex[:8]}"
    try:
        v = postgres.snapshot_to_csv(url, stage)
        path = workdir / f"copy-v{v}-{uuid.uuid4().hex[:8]}.duckdb"
        db.build(path, stage, derive=derive)
        con = duckdb.connect(str(path))
        try:
            con.execute(db.LOG_DDL)
            con.execute("INSERT INTO import_log SELECT * FROM read_csv(?, header = true, all_varchar = true, "
                        "quote = '\"', escape = '\"')", [str(stage / "import_log.csv")])
            con.execute("CHECKPOINT")
        finally:
            con.close()
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return path, v


def open_copy(path: Path, v: int) -> embedded.Snapshot:
    snap = embedded.Snapshot(path)
    snap.version = f"pg-{v}"
    snap.pg_version = v
    return snap


class Replica:
    """The current copy of one PostgreSQL database for this process, and the thread that keeps it."""

    def __init__(self, url: str, *, derive: Callable, workdir: Path | None = None, listen: bool = True):
        self.url, self.derive = url, derive
        self.workdir = _workdir(workdir)
        self._lock = threading.Condition()
        self._snap: embedded.Snapshot | None = None
        self._path: Path | None = None
        self.online = False
        self.error: StoreError | None = None
        self.loaded_at: float | None = None
        self.listen_pid: int | None = None
        self.reconnects = 0
        self._stop = threading.Event()
        self._listening = threading.Event()
        try:
            self._refresh()                   # the first copy, or the error that says why not
        except BaseException:
            shutil.rmtree(self.workdir, ignore_errors=True)  # a server down at start leaves no folder behind
            raise
        self.online = True
        self._thread = None
        if listen:
            self._thread = threading.Thread(target=self._listen, name="alize-replica-listen", daemon=True)
            self._thread.start()
            self._listening.wait(settings.PG_CONNECT_TIMEOUT_S)  # no notification missed after we return

    # -- reading --
    @property
    def version(self) -> int:
        return self._snap.pg_version if self._snap is not None else 0

    def current(self, wait_s: float = settings.PG_OWN_WRITE_WAIT_S) -> embedded.Snapshot:
        """The copy to read now. After an import made by this process, wait until it is served."""
        wanted = postgres.own_version(self.url)
        if wanted > self.version:
            if self._thread is None:
                self._refresh()
            else:
                with self._lock:
                    self._lock.wait_for(lambda: self.version >= wanted or not self.online, timeout=wait_s)
        return self._snap

    # -- loading --
    def _refresh(self) -> bool:
        """Load a new copy if PostgreSQL's version differs from ours; True when one was swapped in."""
        v = postgres.current_version(self.url)
        if self._snap is not None and v == self.version:
            return False
        path, v = load_copy(self.url, self.workdir, derive=self.derive)
        snap = open_copy(path, v)
        with self._lock:
            old = self._path
            self._snap, self._path, self.loaded_at = snap, path, time.time()
            self._lock.notify_all()
        if old is not None:  # runs that hold the old Snapshot keep reading it (the inode lives on)
            old.unlink(missing_ok=True)
        log.info("alIZé replica: now serving version %s", v)
        return True

    def _listen(self) -> None:
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.url, autocommit=True, application_name="alize-listen",
                                     connect_timeout=settings.PG_CONNECT_TIMEOUT_S) as con:
                    con.execute(f"LISTEN {postgres.CHANNEL}")
                    self.listen_pid = con.info.backend_pid
                    self._catch_up()           # what changed while we were not listening
                    self._set_online(True)
                    self._listening.set()
                    while not self._stop.is_set():
                        if list(con.notifies(timeout=settings.PG_RETRY_S, stop_after=1)):
                            self._catch_up()
                        else:
                            con.execute("SELECT 1")  # a killed connection shows here within a second
            except (psycopg.Error, StoreError, duckdb.Error, OSError) as exc:
                if self._stop.is_set():
                    break
                self.error = exc if isinstance(exc, StoreError) else postgres.connection_error(self.url, exc)
                self._set_online(False)
                self.reconnects += 1
                self._stop.wait(settings.PG_RETRY_S)

    def _catch_up(self) -> None:
        while self._refresh():  # until the version stops moving
            pass

    def _set_online(self, value: bool) -> None:
        with self._lock:
            self.online = value
            self._lock.notify_all()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._snap is not None:
            self._snap.close()
        shutil.rmtree(self.workdir, ignore_errors=True)


_replicas: dict[str, Replica] = {}
_replicas_lock = threading.Lock()


def for_url(url: str, *, derive: Callable) -> Replica:
    """This process's replica of `url` (one per process; a module-level object, so that a client's
    `clear_cache` cannot drop it). A first copy that cannot be loaded raises StoreError, and the next
    call tries again."""
    with _replicas_lock:
        rep = _replicas.get(url)
        if rep is None:
            rep = _replicas[url] = Replica(url, derive=derive)
        return rep


@atexit.register
def _close_all() -> None:
    """The copies are the process's own: removed when it ends."""
    for url in list(_replicas):
        forget(url)


def forget(url: str) -> None:
    with _replicas_lock:
        rep = _replicas.pop(url, None)
    if rep is not None:
        with contextlib.suppress(Exception):
            rep.close()


@contextlib.contextmanager
def one_copy(url: str, *, derive: Callable):
    """A copy for one command (the CLI): loaded once, removed at the end."""
    workdir = _workdir(None)
    try:
        path, v = load_copy(url, workdir, derive=derive)
        snap = open_copy(path, v)
        try:
            yield snap
        finally:
            snap.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
