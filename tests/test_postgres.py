"""The PostgreSQL store: the schema's rules in Postgres, byte-identical figures, imports as one transaction
(undo, refusal, rollback, a killed importer), replicas that follow the data version, and connection
errors in French. A throwaway cluster per session (tests/pg.py); without PostgreSQL these skip, in CI
they fail."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psycopg
import pytest

from alize.cli import main as cli
from alize.ingest import importer, rebuild
from alize.store import db, postgres, replica
from alize.store.embedded import StoreError
from tests.builders import tables
from tests.pg import PASSWORD, PASSWORD_ROLE

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
BOTH = [FIXTURES / "comites_2010.csv", FIXTURES / "projets_2010.csv"]
RENAMED_PLACE = importer.Upload("comites.csv", "Identifiant;Bassin;Date du comité;Lieu\n"
                                "SAV-2006-01;savoie;09/02/2006;Salle des fêtes de Cognin\n".encode())
SUPPORT = ("alize_version", "import_undo", "import_log")


def dump(url: str, tables=None) -> dict[str, list[tuple]]:
    """Every row of every table (sorted): what "as it was" means."""
    with postgres.transaction(url, repeatable_read=True, read_only=True) as con:
        names = tables or postgres.existing_tables(con)
        return {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in names}


def records(url: str) -> dict[str, list[tuple]]:
    return dump(url, db.schema_tables())


def pg_count(url: str, sql: str) -> int:
    with postgres.transaction(url, read_only=True) as con:
        return con.execute(sql).fetchone()[0]


def cli_out(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


# ---- the schema in PostgreSQL ------------------------------------------------------------------

def test_the_ddl_translation_and_the_table_list_need_no_postgres():
    assert postgres.pg_ddl("CHECK (regexp_full_match(insee_code, '[0-9][0-9AB][0-9]{3}'))") == \
        "CHECK ((insee_code ~ '^(?:[0-9][0-9AB][0-9]{3})$'))"
    assert postgres.pg_ddl("x DOUBLE NOT NULL, y DOUBLE PRECISION") == "x DOUBLE PRECISION NOT NULL, y DOUBLE PRECISION"
    assert set(db.schema_tables()) == set(db.TABLES)  # what Postgres creates and copies is what the build loads


def test_settings_decide_the_store_from_one_value():
    from alize import settings

    assert settings.db_location({"ALIZE_DB": " postgresql://alize@db/alize "}) == "postgresql://alize@db/alize"
    assert settings.db_location({"ALIZE_DB": "postgres://alize@db/alize"}) == "postgres://alize@db/alize"
    assert settings.db_location({"ALIZE_DB": "/data/alize.duckdb"}) == Path("/data/alize.duckdb")
    assert settings.db_location({}) == settings.DEFAULT_DB
    assert postgres.describe("postgresql://alize:secret@db.example.org:5433/alize") == \
        "postgresql://alize@db.example.org:5433/alize"  # messages never show the password


def test_keys_checks_and_foreign_keys_live_in_postgres(pg_demo):
    bad = {
        "INSERT INTO communes VALUES ('ABCDE', 'Nulle part', 'chambery')": psycopg.errors.CheckViolation,
        "INSERT INTO projects (id, company, sector, kind, territory, submitted_on, committee, decision, "
        "jobs_at_start) VALUES ('X1', 'Y', 'C', 'creation', 'nowhere', '2010-01-01', 'SAV-2006-01', 'retained', 1)":
            psycopg.errors.ForeignKeyViolation,
        "INSERT INTO basins VALUES ('savoie', 'Doublon', '2006-01-01')": psycopg.errors.UniqueViolation,
        "UPDATE projects SET aid_eur = -1 WHERE id = 'SAV2006-001'": psycopg.errors.CheckViolation,
    }
    for statement, error in bad.items():
        with pytest.raises(error), postgres.transaction(pg_demo) as con:
            con.execute(statement)
    assert pg_count(pg_demo, "SELECT count(*) FROM communes WHERE insee_code = 'ABCDE'") == 0


# ---- the demo in PostgreSQL gives the embedded figures, byte for byte ------------------------------

@pytest.mark.parametrize("argv", [
    ["figures", "--json"],
    ["figures", "--from", "2010-01-01", "--to", "2010-12-31", "--json"],
    ["figures", "--basin", "alIZé Savoie", "--territory", "Maurienne", "--from", "2009-01-01", "--to",
     "2011-12-31", "--json"],
    ["compare", "--basin", "alIZé Savoie", "--json"],
    ["compare", "--basin", "savoie", "--before", "2006-01-01:2008-12-31", "--after", "2009-01-01:2011-12-31", "--json"],
])
def test_the_demo_loaded_into_postgres_gives_byte_identical_json(pg_demo, demo_db, capsys, argv):
    code_e, embedded_json, _ = cli_out(capsys, *argv, "--db", str(demo_db))
    code_p, postgres_json, err = cli_out(capsys, *argv, "--db", pg_demo)
    assert code_e == code_p == 0, err
    assert postgres_json == embedded_json
    if argv[0] == "figures" and "2010-12-31" in argv and "--basin" not in argv:
        assert '"committees": 41, "projects_studied": 72, "projects_retained": 66' in postgres_json


def test_init_fills_an_empty_database_and_refuses_a_non_empty_one(pg_url, capsys):
    code, out, _ = cli_out(capsys, "init", "--to", pg_url)
    assert code == 0 and "initialisée" in out
    assert pg_count(pg_url, "SELECT count(*) FROM committees WHERE extract(year FROM held_on) = 2010") == 41
    assert pg_count(pg_url, "SELECT value FROM meta WHERE key = 'source'") == "demo"
    before = dump(pg_url)
    code, _, err = cli_out(capsys, "init", "--to", pg_url)
    assert code == 2
    assert "n'est pas vide" in err and "rien n'a été modifié" in err and "Traceback" not in err
    assert dump(pg_url) == before


def test_export_db_writes_every_table_and_round_trips(pg_demo, demo_db, pg_cluster, tmp_path, capsys):
    assert cli_out(capsys, "export-db", "--db", str(demo_db), "--out", str(tmp_path / "e"))[0] == 0
    assert cli_out(capsys, "export-db", "--db", pg_demo, "--out", str(tmp_path / "p"))[0] == 0
    names = sorted(p.name for p in (tmp_path / "e").glob("*.csv"))
    assert names == sorted(p.name for p in (tmp_path / "p").glob("*.csv"))
    assert names == sorted([f"{t}.csv" for t in db.schema_tables()] + ["import_log.csv"])
    for table in db.schema_tables():  # both stores write the same bytes
        assert (tmp_path / "e" / f"{table}.csv").read_bytes() == (tmp_path / "p" / f"{table}.csv").read_bytes(), table
    again = pg_cluster.new_database()
    assert cli_out(capsys, "init", "--to", again, "--data", str(tmp_path / "p"))[0] == 0
    assert records(again) == records(pg_demo)


# ---- an import is one transaction ------------------------------------------------------------------

def test_an_import_then_undo_restores_the_exact_previous_state(pg_demo):
    before = records(pg_demo)
    files = [*BOTH, RENAMED_PLACE]
    result = importer.import_files(files, pg_demo, user="marie").result
    assert result is not None and result.backup is None
    assert pg_count(pg_demo, "SELECT count(*) FROM projects WHERE id IN ('SAV2010-901', 'SAV2010-902')") == 2
    assert pg_count(pg_demo, "SELECT place FROM committees WHERE id = 'SAV-2006-01'") == "Salle des fêtes de Cognin"
    assert pg_count(pg_demo, "SELECT value FROM meta WHERE key = 'source'") == "import"
    assert pg_count(pg_demo, "SELECT version FROM alize_version") == 2
    assert pg_count(pg_demo, "SELECT count(*) FROM import_undo") == 5  # 3 new rows, 1 changed, meta's source
    undone = importer.undo_last(pg_demo, "marie")
    assert undone.undone_id == result.log_id
    assert records(pg_demo) == before
    assert pg_count(pg_demo, "SELECT version FROM alize_version") == 3
    assert [r[0] for r in dump(pg_demo, ["import_log"])["import_log"]] and \
        pg_count(pg_demo, "SELECT count(*) FROM import_log WHERE action = 'undo'") == 1
    with pytest.raises(importer.AlizeError, match="Aucun import à annuler"):
        importer.undo_last(pg_demo, "marie")


def test_undo_goes_back_one_import_at_a_time(pg_demo):
    start = records(pg_demo)
    importer.import_files(BOTH, pg_demo, user="a")
    after_first = records(pg_demo)
    importer.import_files([RENAMED_PLACE], pg_demo, user="b")
    importer.undo_last(pg_demo)
    assert records(pg_demo) == after_first
    importer.undo_last(pg_demo)
    assert records(pg_demo) == start


def test_a_refused_import_leaves_every_table_as_it_was(pg_demo):
    before = dump(pg_demo)
    plan = importer.check(BOTH, pg_demo)
    assert plan.ok
    plan.rows["projects"][0].values["aid_eur"] = -5  # past validation, the database's CHECK refuses it
    with pytest.raises(importer.ImportRefused, match="rien n'a été enregistré : la base a refusé une ligne"):
        importer.apply(plan, pg_demo, "marie")
    assert dump(pg_demo) == before


def test_a_rolled_back_import_changes_nothing_and_notifies_nothing(pg_demo, monkeypatch):
    before = dump(pg_demo)
    listener = psycopg.connect(pg_demo, autocommit=True)
    listener.execute(f"LISTEN {postgres.CHANNEL}")
    real = postgres.bump_and_notify

    def notify_then_fail(con, url):
        real(con, url)                       # NOTIFY sent inside the transaction...
        raise RuntimeError("arrêt simulé")  # ... which then rolls back

    monkeypatch.setattr(postgres, "bump_and_notify", notify_then_fail)
    with pytest.raises(RuntimeError):
        importer.import_files(BOTH, pg_demo, "marie")
    assert list(listener.notifies(timeout=1.0)) == []
    assert dump(pg_demo) == before
    monkeypatch.setattr(postgres, "bump_and_notify", real)
    importer.import_files(BOTH, pg_demo, "marie")
    assert [n.payload for n in listener.notifies(timeout=5.0, stop_after=1)] == ["2"]
    listener.close()


def test_two_imports_at_once_queue_and_each_lands_whole(pg_demo):
    import threading

    def committees(tag: str) -> list[importer.Upload]:
        lines = "".join(f"SAV-{tag}-{i};savoie;{10 + i:02d}/03/2010;Chambéry\n" for i in range(3))
        return [importer.Upload("comites.csv", ("Identifiant;Bassin;Date du comité;Lieu\n" + lines).encode())]

    results, errors = [], []

    def run(tag):
        try:
            results.append(importer.import_files(committees(tag), pg_demo, tag).result)
        except Exception as exc:  # noqa: BLE001 -- any error is the failure we look for
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(tag,)) for tag in ("A", "B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(results) == 2
    assert pg_count(pg_demo, "SELECT count(*) FROM committees WHERE id LIKE 'SAV-A-%' OR id LIKE 'SAV-B-%'") == 6
    assert pg_count(pg_demo, "SELECT version FROM alize_version") == 3
    assert pg_count(pg_demo, "SELECT count(*) FROM import_log WHERE action = 'import'") == 2


# ---- replicas --------------------------------------------------------------------------------------

class ReplicaProcess:
    def __init__(self, url: str):
        self.proc = subprocess.Popen([sys.executable, "-m", "tests.pg_replica", url], cwd=ROOT, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self.proc.stdout.readline().strip() == "ready"

    def ask(self) -> tuple[int, int, int]:
        self.proc.stdin.write("q\n")
        self.proc.stdin.flush()
        version, committees, online = self.proc.stdout.readline().split()
        return int(version), int(committees), int(online)

    def wait_for(self, version: int, within_s: float) -> tuple[int, int, int]:
        deadline = time.monotonic() + within_s
        while True:
            got = self.ask()
            if got[0] >= version or time.monotonic() > deadline:
                return got
            time.sleep(0.05)

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()


IMPORTER = textwrap.dedent("""
    import sys, time
    from alize.ingest import importer
    from alize.store import postgres
    def hang(con, url):
        print("in transaction", flush=True)
        time.sleep(60)
    postgres.bump_and_notify = hang
    importer.import_files([sys.argv[2], sys.argv[3]], sys.argv[1], "tueur")
""")


def test_two_replicas_follow_an_import_and_survive_a_killed_one(pg_demo):
    replicas = [ReplicaProcess(pg_demo), ReplicaProcess(pg_demo)]
    try:
        assert [r.ask() for r in replicas] == [(1, 41, 1), (1, 41, 1)]
        before = dump(pg_demo)
        # an importer killed mid-transaction (rows written, not committed): Postgres stays as it was
        killed = subprocess.Popen([sys.executable, "-c", IMPORTER, pg_demo, *map(str, BOTH)], cwd=ROOT,
                                  stdout=subprocess.PIPE, text=True)
        assert killed.stdout.readline().strip() == "in transaction"
        os.kill(killed.pid, signal.SIGKILL)
        killed.wait()
        assert [r.ask() for r in replicas] == [(1, 41, 1), (1, 41, 1)]  # both keep serving
        deadline = time.monotonic() + 10
        while dump(pg_demo) != before and time.monotonic() < deadline:  # the server notices the dead client
            time.sleep(0.1)
        assert dump(pg_demo) == before
        # the next import commits; the second replica serves it within 5 s of the commit
        importer.import_files([BOTH[0]], pg_demo, "marie")
        committed = time.monotonic()
        assert replicas[1].wait_for(2, within_s=5.0) == (2, 42, 1)
        assert time.monotonic() - committed < 5.0
        assert replicas[0].wait_for(2, within_s=5.0) == (2, 42, 1)
    finally:
        for r in replicas:
            r.close()


def test_a_killed_listen_connection_is_detected_and_the_replica_catches_up(pg_demo, pg_cluster):
    rep = replica.Replica(pg_demo, derive=rebuild.derive)
    try:
        assert rep.version == 1 and rep.online
        first_pid = rep.listen_pid
        assert pg_count(pg_demo, f"SELECT pg_terminate_backend({first_pid})") is True
        importer.import_files([BOTH[0]], pg_demo, "marie")   # committed while the replica is not listening
        deadline = time.monotonic() + 10
        while rep.version < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert rep.version == 2 and rep.reconnects >= 1 and rep.listen_pid != first_pid
        assert rep.current().execute("SELECT count(*) FROM committees WHERE id = 'SAV-2010-99'").fetchone()[0] == 1
    finally:
        rep.close()


def test_a_rerun_after_an_own_import_reads_it(pg_demo):
    """Read your own writes: after this process commits version 2, its replica serves 2 before answering."""
    rep = replica.Replica(pg_demo, derive=rebuild.derive)
    try:
        importer.import_files([BOTH[0]], pg_demo, "marie")
        assert rep.current().pg_version == 2
    finally:
        rep.close()


# ---- connection errors: one French message, never a traceback ------------------------------------------

def test_connection_errors_say_what_is_wrong_in_french(pg_cluster, pg_demo, tmp_path, capsys):
    name = pg_cluster.dbname(pg_demo)
    cases = {
        pg_cluster.url(name, PASSWORD_ROLE, "faux"): "identifiant ou mot de passe incorrect",
        pg_cluster.url("nulle_part"): "n'existe pas sur le serveur de données",
        f"postgresql://postgres@/{name}?host={tmp_path}": "injoignable",
    }
    for url, expected in cases.items():
        code, out, err = cli_out(capsys, "figures", "--json", "--db", url)
        assert code == 2 and out == ""
        assert expected in err and "Traceback" not in err and len(err.strip().splitlines()) == 1, err
        assert "faux" not in err  # never the password
        with pytest.raises(StoreError, match=expected):
            importer.check(BOTH, url)
    right = pg_cluster.url(name, PASSWORD_ROLE, PASSWORD)
    code, _, err = cli_out(capsys, "figures", "--json", "--db", right)
    assert code == 2 and "n'a pas les droits" in err and "Traceback" not in err
    pg_cluster.sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {PASSWORD_ROLE}", name)
    assert cli_out(capsys, "figures", "--json", "--db", right)[0] == 0


def test_an_empty_database_says_how_to_fill_it(pg_url, capsys):
    code, _, err = cli_out(capsys, "figures", "--db", pg_url)
    assert code == 2 and "ne contient pas les données alIZé" in err and "init --to" in err


# ---- the app ---------------------------------------------------------------------------------------

def app(url: str, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("ALIZE_DB", url)
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params.update({"from": "2010-01-01", "to": "2010-12-31"})
    at.run()
    return at


def wait_until(condition, within_s: float = 15.0) -> bool:
    deadline = time.monotonic() + within_s
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


def test_the_app_reads_postgres_and_shows_a_banner_while_the_server_is_down(pg_demo, pg_cluster, monkeypatch):
    at = app(pg_demo, monkeypatch)
    try:
        assert not at.exception and not at.warning
        figures = [m.value for m in at.metric][:6]
        assert figures == ["41", "72", "66", "225", "445\u00a0135\u00a0€", "298"]
        rep = replica.for_url(pg_demo, derive=rebuild.derive)
        pg_cluster.stop()
        try:
            assert wait_until(lambda: not rep.online)
            at.run()
            assert not at.exception and not at.error
            assert [w.value for w in at.warning if "injoignable" in w.value and "version 1" in w.value]
            assert [m.value for m in at.metric][:6] == figures  # the last copy, said to be possibly old
        finally:
            pg_cluster.start()
        assert wait_until(lambda: rep.online)
        at.run()
        assert not at.exception and not at.warning and [m.value for m in at.metric][:6] == figures
        importer.import_files([BOTH[0]], pg_demo, "marie")  # nothing lost: imports work again
        at.run()
        assert next(m.value for m in at.metric) == "42"
    finally:
        replica.forget(pg_demo)


def test_the_app_started_with_the_server_unreachable_says_so(tmp_path, monkeypatch):
    url = f"postgresql://postgres@/alize?host={tmp_path}"
    copies = tmp_path / "copies"
    monkeypatch.setenv("ALIZE_REPLICA_DIR", str(copies))
    at = app(url, monkeypatch)
    assert not at.exception and len(at.metric) == 0
    assert [e.value for e in at.error if "injoignable" in e.value]
    at.run()  # every run tries again, and leaves nothing behind while it cannot
    assert [e.value for e in at.error if "injoignable" in e.value]
    # nothing left behind (since issue 16 the gate, which reads the accounts there, stops first)
    assert not copies.exists() or list(copies.iterdir()) == []


def test_the_import_page_shows_the_postgres_log_and_undoes_through_it(pg_demo, monkeypatch):
    importer.import_files(BOTH, pg_demo, user="marie")
    at = app(pg_demo, monkeypatch)
    try:
        at.switch_page("pages/import.py").run()
        assert not at.exception and not at.error
        assert [t for t in tables(at) if "marie" in t.value.to_string()]  # the audit log, from the copy
        at.button(key="do_undo").click().run()
        assert not at.exception
        assert [s.value for s in at.success if "annulé" in s.value]
        assert pg_count(pg_demo, "SELECT count(*) FROM committees WHERE id = 'SAV-2010-99'") == 0
        at.switch_page("pages/vue-ensemble.py").run()
        assert next(m.value for m in at.metric) == "41"  # this run reads the version without the import
    finally:
        replica.forget(pg_demo)


def test_without_postgres_the_tests_skip_locally_and_fail_in_ci(monkeypatch):
    from tests import pg

    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        pg.missing("PostgreSQL (initdb, pg_ctl) is not installed")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI: PostgreSQL is required"):
        pg.missing("PostgreSQL (initdb, pg_ctl) is not installed")


def test_a_table_added_to_the_schema_needs_no_other_edit(pg_url, tmp_path, monkeypatch, capsys):
    """Another table in schema.sql (and the build's list): created, loaded, copied and exported as is."""
    import shutil

    extra = ("\nCREATE TABLE schedule_test (\n    project VARCHAR NOT NULL REFERENCES projects (id),\n"
             "    due_on DATE NOT NULL,\n    amount_eur BIGINT NOT NULL CHECK (amount_eur > 0),\n"
             "    PRIMARY KEY (project, due_on)\n);\n")
    schema = db.schema_sql() + extra
    monkeypatch.setattr(db, "schema_sql", lambda: schema)
    monkeypatch.setattr(db, "TABLES", (*db.TABLES, "schedule_test"))
    data = tmp_path / "data"
    shutil.copytree(db.DATA_DIR, data, ignore=shutil.ignore_patterns("*.duckdb*", "backups", "*.geojson"))
    (data / "schedule_test.csv").write_text("project,due_on,amount_eur\nSAV2006-001,2007-01-31,1000\n"
                                            "SAV2006-001,2008-01-31,1500\n", encoding="utf-8")
    postgres.init(pg_url, data)
    assert pg_count(pg_url, "SELECT sum(amount_eur) FROM schedule_test") == 2500
    with pytest.raises(psycopg.errors.CheckViolation), postgres.transaction(pg_url) as con:
        con.execute("INSERT INTO schedule_test VALUES ('SAV2006-001', '2009-01-31', 0)")
    with replica.one_copy(pg_url, derive=rebuild.derive) as copy:
        assert copy.execute("SELECT sum(amount_eur) FROM schedule_test").fetchone()[0] == 2500
    assert cli_out(capsys, "export-db", "--db", pg_url, "--out", str(tmp_path / "out"))[0] == 0
    assert (tmp_path / "out" / "schedule_test.csv").read_text(encoding="utf-8") == \
        (data / "schedule_test.csv").read_text(encoding="utf-8")


def test_a_postgres_url_in_secrets_selects_postgres(pg_demo, monkeypatch):
    """`[alize] db = "postgresql://…"` in secrets: settings decides the PostgreSQL store; no disk warning."""
    import os

    from streamlit.testing.v1 import AppTest

    monkeypatch.delenv("ALIZE_DB", raising=False)
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.secrets["alize"] = {"db": pg_demo}
    at.query_params.update({"from": "2010-01-01", "to": "2010-12-31"})
    try:
        at.run()
        assert not at.exception and not at.error and not at.warning
        assert os.environ["ALIZE_DB"] == pg_demo and db.location() == pg_demo
        assert next(m.value for m in at.metric) == "41"
        assert pg_demo in replica._replicas  # read through this process's replica
    finally:
        monkeypatch.delenv("ALIZE_DB", raising=False)
        replica.forget(pg_demo)
