"""Shared fixtures: every test gets a database built from the shipped demo CSVs, never data/alize.duckdb."""

import os
from pathlib import Path

import pytest

from alize.ingest import rebuild


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    """The demo network built once per test session into a temporary file."""
    path = tmp_path_factory.mktemp("demo") / "alize.duckdb"
    rebuild.build(path)
    return path


@pytest.fixture(scope="session")
def demo_con(demo_db):
    """A read-only connection to the session's demo database, shared by the tests that only read."""
    import duckdb

    con = duckdb.connect(str(demo_db), read_only=True)
    yield con
    con.close()


@pytest.fixture()
def dbp(demo_db, tmp_path) -> Path:
    """A private copy of the demo database in its own data/ folder, for tests that write."""
    import shutil

    path = tmp_path / "data" / "alize.duckdb"
    path.parent.mkdir()
    shutil.copyfile(demo_db, path)
    return path


@pytest.fixture(autouse=True)
def _store_env_restored():
    """The app writes `[alize] db` from secrets into ALIZE_DB (ui.auth.configure_db_from_secrets): put
    the store's variables back after each test, so that no test's store (or accounts) leaks into the next."""
    import os

    saved = {k: os.environ.get(k) for k in ("ALIZE_DB", "ALIZE_ACCOUNTS")}
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture()
def demo_env(demo_db, monkeypatch, tmp_path):
    """Point ALIZE_DB at the session's demo database (AppTest reads it through ui.common), with a
    fresh, empty accounts file of this test's own (no account: open local mode)."""
    monkeypatch.setenv("ALIZE_DB", str(demo_db))
    monkeypatch.setenv("ALIZE_ACCOUNTS", str(tmp_path / "accounts.sqlite"))
    return demo_db


@pytest.fixture(scope="session")
def pg_cluster():
    """A throwaway PostgreSQL cluster (tests/pg.py), started once per session and stopped at the end."""
    from tests import pg

    cluster = pg.start_cluster()
    yield cluster
    cluster.close()


@pytest.fixture()
def pg_url(pg_cluster) -> str:
    """An empty database of its own on the session's cluster."""
    return pg_cluster.new_database()


@pytest.fixture(scope="session")
def pg_demo_template(pg_cluster) -> str:
    """The demo loaded once (python -m alize init --to …) into a database used as a template."""
    from alize.store import postgres

    url = pg_cluster.new_database()
    postgres.init(url, rebuild.db.DATA_DIR)
    return pg_cluster.dbname(url)


@pytest.fixture()
def pg_demo(pg_cluster, pg_demo_template) -> str:
    """A private copy of the demo in PostgreSQL (CREATE DATABASE … TEMPLATE: a file copy, fast)."""
    import uuid

    name = f"d_{uuid.uuid4().hex[:10]}"
    pg_cluster.sql(f"CREATE DATABASE {name} TEMPLATE {pg_demo_template}")
    return pg_cluster.url(name)


def pytest_collection_modifyitems(config, items):
    """In CI the browser and PostgreSQL tests must run: a missing Chromium or PostgreSQL fails instead of skipping."""
    if os.environ.get("CI") and not Path("/usr/bin/chromium").exists():
        raise pytest.UsageError("CI: /usr/bin/chromium is missing; .ci/run must install Debian's chromium")
    from tests import pg

    if os.environ.get("CI") and pg.bin_dir() is None and any(i.get_closest_marker("postgres") for i in items):
        raise pytest.UsageError("CI: PostgreSQL (initdb, pg_ctl) is missing; .ci/run must install Debian's postgresql")
