"""The embedded records store: one DuckDB file that is never written in place.

Why: readers (the app's sessions, the CLI) must keep reading while an editor imports, and an
import must either land whole or leave the file byte-identical, even when the disk fills or the
process is killed. So a writer copies the file beside it, writes the copy, and swaps it in with
one `os.replace`; the file it replaced becomes the import's backup (a hard link, no copy). Readers
open a *snapshot*: a private in-memory DuckDB instance with the file attached read-only. DuckDB
caches one instance per file path in a process, so a plain `duckdb.connect(path)` made after a
swap would still see the old file while any connection to it lives; an attached snapshot is its
own instance, pinned to the inode it opened, and the next snapshot sees the new file.

Writers take an exclusive lock (`flock` on `<file>.lock`, released by the kernel when a writer
dies), so two imports never interleave; whatever a killed writer left (its copy, a stray backup)
is removed by the next one.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from alize import AlizeError, settings

DUCKDB_MAGIC = b"DUCK"          # bytes 8-12 of every DuckDB file
KEEP_BACKUPS = settings.KEEP_BACKUPS
LOCK_WAIT_S = settings.WRITER_WAIT_S
ALIAS = "records"               # the attached file's name inside a snapshot


class StoreError(AlizeError):
    """The records store cannot be used as it is. Never followed by a write to it."""


# ---- what the path holds ---------------------------------------------------------------------

def _mb(n: float) -> str:
    return f"{n / 1024 / 1024:.1f}".replace(".", ",") + " Mo"


def check(path: Path) -> bool:
    """True when `path` is a DuckDB file this process can read, False when nothing is there.
    Anything else (a directory, no permission, not a DuckDB file, a damaged one) raises StoreError
    with what is wrong; the file is never touched."""
    path = Path(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        return False
    except PermissionError:
        raise StoreError(key="error.store_folder_denied", path=str(path)) from None
    except OSError as exc:
        raise StoreError(key="error.store_unreachable", path=str(path), detail=exc.strerror or exc) from None
    if path.is_dir():
        raise StoreError(key="error.store_is_folder", path=str(path))
    try:
        with path.open("rb") as f:
            head = f.read(12)
    except PermissionError:
        raise StoreError(key="error.store_read_denied", path=str(path)) from None
    except OSError as exc:
        raise StoreError(key="error.store_unreadable", path=str(path), detail=exc.strerror or exc) from None
    if st.st_size == 0:
        raise StoreError(key="error.store_empty_file", path=str(path))
    if head[8:12] != DUCKDB_MAGIC:
        raise StoreError(key="error.store_not_duckdb", path=str(path))
    probe = duckdb.connect(":memory:")
    try:
        probe.execute(f"ATTACH {_quote(path)} AS probe (READ_ONLY)")
    except duckdb.Error as exc:
        if _is_lock_error(exc):
            return True  # held for writing by another program: it is there; readers will say so
        raise StoreError(key="error.store_damaged", path=str(path), detail=_first_line(exc),
                         backups=str(path.parent / "backups")) from None
    finally:
        probe.close()
    return True


def _quote(path: Path) -> str:
    """A path as an SQL string literal (ATTACH takes no bound parameter)."""
    return "'" + str(path).replace("'", "''") + "'"


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _is_lock_error(exc: BaseException) -> bool:
    """Another process holds the file for writing ("Could not set lock on file … Conflicting lock")."""
    text = str(exc).lower()
    return "could not set lock" in text or "conflicting lock" in text


def version(path: Path) -> str:
    """Changes whenever a writer swaps in a new file (or anyone touches it): the readers' and the
    caches' key. '' when there is no file."""
    try:
        st = Path(path).stat()
    except OSError:
        return ""
    return f"{st.st_ino}-{st.st_mtime_ns}-{st.st_size}"


# ---- readers -----------------------------------------------------------------------------------

class Snapshot:
    """A read-only view of one version of the file, for the life of this object.

    Use it like a DuckDB connection: `cursor()` per query (each cursor reads the attached file),
    or `execute` directly from one thread."""

    def __init__(self, path: Path):
        self.path = Path(path)
        for _ in range(5):
            before = version(self.path)
            con = duckdb.connect(":memory:")
            try:
                con.execute(f"ATTACH {_quote(self.path)} AS {ALIAS} (READ_ONLY)")
                con.execute(f"USE {ALIAS}")
            except duckdb.Error as exc:
                con.close()
                if _is_lock_error(exc):
                    raise StoreError(key="error.store_locked", path=str(self.path)) from None
                check(self.path)  # says what is wrong, if it can
                raise StoreError(key="error.store_cannot_open", path=str(self.path), detail=_first_line(exc)) from None
            if version(self.path) == before:  # no swap while attaching: this is `before`'s content
                self._con, self.version = con, before
                return
            con.close()
        raise StoreError(key="error.store_keeps_changing", path=str(self.path))

    def cursor(self):
        cur = self._con.cursor()
        cur.execute(f"USE {ALIAS}")
        return cur

    def close(self) -> None:
        with contextlib.suppress(duckdb.Error):
            self._con.close()

    def __getattr__(self, name):  # execute, sql, table...: the attached file is the default catalog
        return getattr(self._con, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# ---- writers -----------------------------------------------------------------------------------

def backups_dir(path: Path) -> Path:
    """`backups/` beside the database file."""
    return Path(path).resolve().parent / "backups"


def backup_name(path: Path, tag: str) -> Path:
    path = Path(path)
    return backups_dir(path) / f"{path.stem}-{tag}{path.suffix or '.duckdb'}"


def _lock_file(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _leftovers(path: Path) -> list[Path]:
    """What a killed writer or build can leave beside the file: its copy and that copy's WAL."""
    return [p for pattern in (f".{path.name}.*.tmp", f".{path.name}.*.tmp.wal", f"{path.name}.building",
                              f"{path.name}.building.wal")
            for p in path.parent.glob(pattern)]


@contextlib.contextmanager
def _exclusive(path: Path, wait_s: float):
    lock = _lock_file(path)
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o664)
    except OSError as exc:
        raise StoreError(key="error.store_folder_read_only", folder=str(path.parent), detail=exc.strerror or exc) from None
    try:
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreError(key="error.store_busy") from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)  # releases the lock


def _no_space(exc: OSError) -> bool:
    return exc.errno in (errno.ENOSPC, errno.EDQUOT)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass
class Rewrite:
    """What a writer's block gets: a read-write connection to the new version, and the path its
    backup will have (None when the write keeps no backup)."""
    con: duckdb.DuckDBPyConnection
    backup: Path | None


def _space_needed(size: int) -> int:
    """The copy and its growth (derived tables rebuilt, WAL before the checkpoint); the backup is a hard
    link (where links are refused, its copy may still fill the disk: that is caught like any ENOSPC)."""
    return int(size * 1.5) + 16 * 1024 * 1024


@contextlib.contextmanager
def rewrite(path: Path, *, source: Path | None = None, backup_tag: str | None = None,
            wait_s: float = LOCK_WAIT_S):
    """Write a new version of the file and swap it in whole, or leave the file as it was.

    `source` (default: the file itself) is what the new version starts from (undo starts from a
    backup). With `backup_tag`, the replaced file is kept as `backups/<stem>-<tag>.duckdb`. The
    block writes through `rw.con` and must leave no transaction open; an exception discards the
    copy and the backup, and the file stays byte-identical."""
    path = Path(path)
    source = Path(source or path)
    if not check(path):
        raise StoreError(key="error.store_missing", path=str(path))
    check(source)
    with _exclusive(path, wait_s):
        for leftover in _leftovers(path):
            leftover.unlink(missing_ok=True)
        _wal_must_be_empty(source)
        size = source.stat().st_size
        backup = backup_name(path, backup_tag) if backup_tag else None
        if backup is not None:
            backup.parent.mkdir(parents=True, exist_ok=True)
        free = shutil.disk_usage(path.parent).free
        needed = _space_needed(size)
        if free < needed:
            raise StoreError(key="error.store_no_space", free=_mb(free), needed=_mb(needed))
        tmp = path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
        made_backup = False
        try:
            shutil.copyfile(source, tmp)
            con = duckdb.connect(str(tmp))
            try:
                con.execute("SET enable_progress_bar = false")
                yield Rewrite(con, backup)
                con.execute("CHECKPOINT")
            finally:
                con.close()
            _fsync(tmp)
            if backup is not None:
                try:
                    os.link(path, backup)
                except OSError:  # another file system, or links refused: a copy
                    shutil.copyfile(path, backup)
                made_backup = True
            os.replace(tmp, path)
        except BaseException as exc:
            for p in (tmp, Path(str(tmp) + ".wal")):
                p.unlink(missing_ok=True)
            if made_backup:
                backup.unlink(missing_ok=True)
            if isinstance(exc, OSError) and _no_space(exc):
                raise StoreError(key="error.store_disk_full") from None
            if isinstance(exc, duckdb.Error) and "space" in str(exc).lower():
                raise StoreError(key="error.store_disk_full_detail", detail=_first_line(exc)) from None
            raise
        with contextlib.suppress(OSError):
            _fsync(path.parent)


def _wal_must_be_empty(path: Path) -> None:
    """A WAL beside the file holds changes its copy would lose (a program wrote the file in place):
    fold it in first, or refuse."""
    wal = Path(str(path) + ".wal")
    if not wal.exists() or wal.stat().st_size == 0:
        return
    try:
        con = duckdb.connect(str(path))
        con.execute("CHECKPOINT")
        con.close()
    except duckdb.Error as exc:
        raise StoreError(key="error.store_pending_writes", name=path.name, wal=wal.name, detail=_first_line(exc)) from None


def prune_backups(path: Path, referenced: list[str], keep: int | None = None) -> list[Path]:
    """Keep the backups of the `keep` latest imports of `referenced` (newest first, as the log lists
    them); remove the others and any backup no log row names (a writer killed before its swap).
    Returns what was removed."""
    keep = KEEP_BACKUPS if keep is None else keep
    bdir = backups_dir(path)
    if not bdir.is_dir():
        return []
    kept = {Path(p).name for p in referenced[:keep] if p}
    stem, suffix = Path(path).stem, Path(path).suffix or ".duckdb"
    removed = []
    for f in bdir.glob(f"{stem}-*{suffix}"):
        if f.name not in kept:
            f.unlink(missing_ok=True)
            removed.append(f)
    for f in bdir.glob(f"{stem}-*{suffix}.tmp"):
        f.unlink(missing_ok=True)
        removed.append(f)
    return removed
