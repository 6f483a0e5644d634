"""The embedded records store: never rebuilt over, never written in place, imports while others read.

Each test names the defect it guards (an attack run found them): a damaged or foreign file replaced by
the demo, a missing configured file silently created, a disk that fills mid-import, imports refused
while colleagues read, backups and log rows that disagree, leftovers of killed imports."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import duckdb
import pytest

from alize import settings
from alize.cli import main as cli
from alize.ingest import importer, rebuild
from alize.store import db, embedded
from alize.store.embedded import StoreError
from tests.builders import tables

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
COMMITTEES = [FIXTURES / "comites_2010.csv"]
BOTH = [FIXTURES / "comites_2010.csv", FIXTURES / "projets_2010.csv"]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def count(path_or_con, sql: str) -> int:
    if isinstance(path_or_con, Path):
        with embedded.Snapshot(path_or_con) as con:
            return con.execute(sql).fetchone()[0]
    return path_or_con.cursor().execute(sql).fetchone()[0]




def committee_rows(n: int) -> list[importer.Upload]:
    """A committees CSV with `n` new Savoie committees (ids unique per call)."""
    tag = f"{time.monotonic_ns() % 10**9}"
    lines = "".join(f"SAV-T{tag}-{i};savoie;{10 + i:02d}/03/2010;Chambéry\n" for i in range(n))
    return [importer.Upload("comites.csv", ("Identifiant;Bassin;Date du comité;Lieu\n" + lines).encode())]


def leftovers(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name != path.name and p.name != "backups"
                  and not p.name.endswith(".lock"))


# ---- a file that cannot be read is never written -------------------------------------------------

def damage(path: Path, at: int, data: bytes) -> None:
    with path.open("r+b") as f:
        f.seek(at)
        f.write(data)


@pytest.mark.parametrize("case, expected", [
    ("damaged_header", "endommagée"),
    ("text_file", "n'est pas une base DuckDB"),
    ("empty_file", "fichier vide"),
])
def test_an_unreadable_file_is_never_rebuilt_over(dbp, case, expected, capsys, monkeypatch):
    if case == "damaged_header":
        damage(dbp, 4096, os.urandom(8192))   # both database headers
    elif case == "text_file":
        dbp.write_text("identifiant;nom\nsavoie;alIZé Savoie\n", encoding="utf-8")
    else:
        dbp.write_bytes(b"")
    before = sha(dbp)
    with pytest.raises(StoreError, match=expected):
        rebuild.ensure(dbp)
    with pytest.raises(StoreError, match=expected):
        db.connect(dbp)
    monkeypatch.setenv("ALIZE_DB", str(dbp))
    assert cli.main(["figures", "--json"]) == 2
    err = capsys.readouterr().err
    assert expected in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert cli.main(["undo"]) == 2
    assert sha(dbp) == before
    assert leftovers(dbp) == []


def test_a_directory_as_the_database_is_an_error_not_a_traceback(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "alize.duckdb"
    folder.mkdir()
    monkeypatch.setenv("ALIZE_DB", str(folder))
    for command in (["figures"], ["undo"], ["compare", "--json"], ["import", str(COMMITTEES[0])]):
        assert cli.main(command) == 2, command
        err = capsys.readouterr().err
        assert "est un dossier" in err and "Traceback" not in err, (command, err)
    assert list(folder.iterdir()) == []


def test_a_file_that_cannot_be_read_says_permission(dbp, monkeypatch):
    real_open = Path.open

    def refuse(self, *args, **kwargs):
        if self == dbp:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    before = embedded.version(dbp)
    with pytest.raises(StoreError, match="permission refusée"):
        rebuild.ensure(dbp)
    assert embedded.version(dbp) == before


def test_a_missing_configured_database_is_an_error_that_says_how_to_create_it(tmp_path, monkeypatch, capsys):
    target = tmp_path / "volume" / "alize.duckdb"   # a volume that failed to mount
    monkeypatch.setenv("ALIZE_DB", str(target))
    with pytest.raises(StoreError, match="python -m alize init"):
        rebuild.ensure()
    assert cli.main(["figures"]) == 2
    assert "n'existe pas" in capsys.readouterr().err
    assert not target.exists() and not target.parent.exists()
    assert cli.main(["init"]) == 0           # what the message says to do
    assert count(target, "SELECT count(*) FROM basins") == 7


def test_the_demo_is_built_at_the_default_path_of_a_fresh_checkout_only(tmp_path, monkeypatch):
    default = tmp_path / "data" / "alize.duckdb"
    default.parent.mkdir()
    monkeypatch.setattr(settings, "DEFAULT_DB", default)
    monkeypatch.delenv("ALIZE_DB", raising=False)
    rebuild.ensure()
    assert db.source_of(default) == "demo"
    importer.import_files(COMMITTEES, default, "marie")   # now it holds imports, with their backups
    default.unlink()                                        # then it is lost
    with pytest.raises(StoreError, match="restaurez la dernière copie"):
        rebuild.ensure()
    assert not default.exists()


def test_only_demo_data_is_rebuilt_when_the_csvs_are_newer(tmp_path):
    csv_dir = tmp_path / "csv"
    shutil.copytree(db.DATA_DIR, csv_dir, ignore=shutil.ignore_patterns("*.duckdb*", "backups"))
    path = rebuild.build(tmp_path / "x.duckdb", csv_dir)
    with duckdb.connect(str(path)) as con:   # a file of the user's own records, built elsewhere
        con.execute("DELETE FROM meta WHERE key = 'source'")
    later = path.stat().st_mtime + 10
    os.utime(csv_dir / "committees.csv", (later, later))
    before = sha(path)
    rebuild.ensure(path, csv_dir)
    assert sha(path) == before


# ---- imports while others read -------------------------------------------------------------------

def test_an_import_lands_while_readers_in_this_process_read(dbp):
    """Was: « La base est encore ouverte en lecture dans ce programme… » with 3 readers."""
    readers = [embedded.Snapshot(dbp) for _ in range(3)]
    plain = duckdb.connect(str(dbp), read_only=True)
    before = count(readers[0], "SELECT count(*) FROM committees")
    result = importer.import_files(committee_rows(2), dbp, "marie").result
    assert result is not None
    assert [count(r, "SELECT count(*) FROM committees") for r in readers] == [before] * 3  # their version
    assert plain.execute("SELECT count(*) FROM committees").fetchone()[0] == before
    assert count(dbp, "SELECT count(*) FROM committees") == before + 2                   # a new reader: after
    undone = importer.undo_last(dbp, "marie")
    assert undone.undone_id == result.log_id
    assert count(dbp, "SELECT count(*) FROM committees") == before
    assert count(readers[1], "SELECT count(*) FROM committees") == before
    for r in readers:
        r.close()
    plain.close()


READER = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    n = con.execute("SELECT count(*) FROM committees").fetchone()[0]
    print(n, flush=True)
    time.sleep(30)
""")


def test_a_cli_import_lands_while_another_process_holds_the_file_open(dbp, capsys):
    """Was: always refused while the app held its read-only connection."""
    proc = subprocess.Popen([sys.executable, "-c", READER, str(dbp)], stdout=subprocess.PIPE, text=True)
    try:
        before = int(proc.stdout.readline())
        assert cli.main(["import", str(COMMITTEES[0]), "--db", str(dbp), "--user", "paul"]) == 0
        assert "Import enregistré" in capsys.readouterr().out
        assert count(dbp, "SELECT count(*) FROM committees") == before + 1
        assert cli.main(["undo", "--db", str(dbp)]) == 0
        assert count(dbp, "SELECT count(*) FROM committees") == before
    finally:
        proc.kill()
        proc.wait()


def test_readers_see_before_or_after_never_a_mix(dbp):
    """Committees and their projects imported together: a reader counts both from one version."""
    stop = threading.Event()
    seen, errors = set(), []

    def read():
        while not stop.is_set():
            try:
                with embedded.Snapshot(dbp) as con:
                    seen.add(con.execute("SELECT (SELECT count(*) FROM committees), "
                                         "(SELECT count(*) FROM projects)").fetchone())
            except Exception as exc:  # noqa: BLE001 -- any error is the failure we look for
                errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(2)]
    for t in threads:
        t.start()
    try:
        first = importer.import_files(BOTH, dbp, "marie").result
        importer.undo_last(dbp, "marie")
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert first is not None and not errors
    before = count(dbp, "SELECT count(*) FROM committees"), count(dbp, "SELECT count(*) FROM projects")
    assert seen <= {before, (before[0] + 1, before[1] + 2)}, seen


def test_two_imports_at_once_each_land_whole_and_log_rows_match_backups(dbp):
    results, errors = [], []

    def run(files):
        try:
            results.append(importer.import_files(files, dbp, "marie").result)
        except StoreError as exc:
            errors.append(str(exc))

    before = count(dbp, "SELECT count(*) FROM committees")
    threads = [threading.Thread(target=run, args=(committee_rows(3),)) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    landed = [r for r in results if r is not None]
    assert all("Un autre import" in e for e in errors)
    assert len(landed) + len(errors) == 3
    assert count(dbp, "SELECT count(*) FROM committees") == before + 3 * len(landed)  # none lost
    logged = count(dbp, "SELECT count(*) FROM import_log WHERE action = 'import'")
    backups = list(embedded.backups_dir(dbp).iterdir())
    assert logged == len(landed) == len(backups)


# ---- the disk fills ------------------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path, demo_db):
    """A tmpfs of `size` MB holding a copy of the demo (root only: skipped elsewhere, never in CI)."""
    mounts = []

    def make(size_mb: int) -> Path:
        where = tmp_path / f"disk{len(mounts)}"
        where.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(where)],
                              capture_output=True, check=False)
        if done.returncode != 0:
            if os.environ.get("CI"):
                pytest.fail(f"CI: tmpfs mount refused: {done.stderr!r}")
            pytest.skip("mounting a tmpfs needs root")
        mounts.append(where)
        path = where / "alize.duckdb"
        shutil.copyfile(demo_db, path)
        return path

    yield make
    for m in mounts:
        subprocess.run(["umount", "-l", str(m)], check=False)


def test_too_little_free_space_is_refused_before_starting(small_disk):
    path = small_disk(24)                      # the demo is ~20 MB: ~4 MB left
    before = sha(path)
    with pytest.raises(StoreError, match="Espace disque insuffisant"):
        importer.import_files(COMMITTEES, path, "marie")
    assert sha(path) == before
    assert leftovers(path) == [] and list(embedded.backups_dir(path).iterdir()) == []


@pytest.mark.parametrize("size_mb", [26, 44])
def test_a_disk_that_fills_mid_import_leaves_the_file_byte_identical(small_disk, monkeypatch, size_mb):
    """The free-space check passes (it is told so), then the disk fills: while copying (26 MB) or
    while DuckDB writes the new version (44 MB)."""
    path = small_disk(size_mb)
    monkeypatch.setattr(embedded, "_space_needed", lambda size: 0)
    filler = path.parent / "filler"
    free = shutil.disk_usage(path.parent).free
    if size_mb == 44:
        filler.write_bytes(b"\0" * max(0, free - 21 * 1024 * 1024))   # room for the copy, not for more
    before = sha(path)
    with pytest.raises(StoreError, match="Disque plein|Espace disque"):
        importer.import_files(BOTH, path, "marie")
    assert sha(path) == before
    assert [n for n in leftovers(path) if n != "filler"] == []
    assert list(embedded.backups_dir(path).iterdir()) == []
    assert count(path, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'import_log'") == 0


# ---- what interrupted writers leave --------------------------------------------------------------

KILLED = textwrap.dedent("""
    import os, sys, time
    from alize.store import embedded
    from alize.ingest import importer
    real = embedded.shutil.copyfile
    def slow(src, dst, *a, **k):
        real(src, dst, *a, **k)
        if str(dst).endswith(".tmp"):
            print("copied", flush=True)
            time.sleep(60)
    embedded.shutil.copyfile = slow
    importer.import_files([sys.argv[2]], sys.argv[1], "killed")
""")


def test_a_killed_import_leaves_the_file_whole_and_the_next_one_cleans_up(dbp):
    before = sha(dbp)
    proc = subprocess.Popen([sys.executable, "-c", KILLED, str(dbp), str(COMMITTEES[0])], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "copied"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert sha(dbp) == before
    assert any(n.endswith(".tmp") for n in leftovers(dbp))        # what it left
    orphan = embedded.backup_name(dbp, "20100101-000000-000000-dead")
    orphan.parent.mkdir(exist_ok=True)
    orphan.write_bytes(b"x")                                       # a backup no log row names
    assert importer.import_files(COMMITTEES, dbp, "marie").result is not None
    assert leftovers(dbp) == []
    assert [p.name for p in embedded.backups_dir(dbp).iterdir()] != [] and not orphan.exists()


def test_backups_are_bounded_and_agree_with_the_log(dbp, monkeypatch):
    monkeypatch.setattr(embedded, "KEEP_BACKUPS", 2)
    ids = [importer.import_files(committee_rows(1), dbp, "marie").result.log_id for _ in range(3)]
    kept = sorted(p.name for p in embedded.backups_dir(dbp).iterdir())
    assert kept == sorted(embedded.backup_name(dbp, i).name for i in ids[1:])
    importer.undo_last(dbp, "marie")                 # the last import's backup becomes the file
    assert sorted(p.name for p in embedded.backups_dir(dbp).iterdir()) == [embedded.backup_name(dbp, ids[1]).name]
    importer.undo_last(dbp, "marie")
    with pytest.raises(importer.AlizeError, match="introuvable"):  # pruned: said, not a traceback
        importer.undo_last(dbp, "marie")


# ---- the app on a store that breaks -------------------------------------------------------------

APP_PAGES = ["pages/vue-ensemble.py", "pages/territoires.py", "pages/comites.py", "pages/projets.py",
             "pages/emplois.py", "pages/partenaires.py", "pages/fonds.py", "pages/fiche-comite.py", "pages/presentation.py",
             "pages/import.py", "pages/qualite.py", "pages/envois.py"]


def app(page: str | None = None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params.update({"from": "2010-01-01", "to": "2010-12-31"})
    at.run()
    if page:
        at.switch_page(page).run()
    return at


@pytest.mark.parametrize("script", APP_PAGES)
def test_every_page_shows_one_message_on_a_damaged_database(dbp, monkeypatch, script):
    damage(dbp, 4096, os.urandom(8192))
    before = sha(dbp)
    monkeypatch.setenv("ALIZE_DB", str(dbp))
    at = app(script)
    assert not at.exception
    assert [e.value for e in at.error if "endommagée" in e.value] and len(at.error) == 1
    assert len(at.metric) == 0 and not tables(at)
    assert sha(dbp) == before


def test_a_database_removed_or_damaged_while_the_app_runs(dbp, monkeypatch):
    monkeypatch.setenv("ALIZE_DB", str(dbp))
    at = app()
    assert not at.exception and len(at.metric) > 0
    saved = dbp.read_bytes()
    dbp.unlink()                      # deleted under the running app: never replaced by the demo
    at.run()
    assert not at.exception and len(at.metric) == 0
    assert "n'existe pas" in at.error[0].value and not dbp.exists()
    dbp.write_bytes(saved)
    at.run()
    assert not at.exception and not at.error and len(at.metric) > 0
    damage(dbp, 4096, os.urandom(8192))   # damaged in place under the running app
    at.run()
    assert not at.exception and len(at.metric) == 0
    assert "endommagée" in at.error[0].value


def test_a_cli_import_while_the_app_serves_readers_shows_on_the_next_rerun(dbp, monkeypatch):
    """Embedded mode: the app holds a snapshot, a separate process imports, the app's next run reads it."""
    monkeypatch.setenv("ALIZE_DB", str(dbp))
    at = app()
    assert not at.exception and [m.value for m in at.metric][:3] == ["41", "72", "66"]
    done = subprocess.run([sys.executable, "-m", "alize", "import", *map(str, BOTH), "--db", str(dbp), "--user", "paul"],
                          check=False, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "Import enregistré" in done.stdout, done.stderr
    at.run()
    assert not at.exception and [m.value for m in at.metric][:3] == ["42", "74", "67"]
