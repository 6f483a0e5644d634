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


@pytest.fixture()
def demo_env(demo_db, monkeypatch):
    """Point ALIZE_DB at the session's demo database (AppTest reads it through ui.common)."""
    monkeypatch.setenv("ALIZE_DB", str(demo_db))
    return demo_db


def pytest_collection_modifyitems(config, items):
    """In CI the browser tests must run: a missing Chromium fails instead of skipping."""
    if os.environ.get("CI") and not Path("/usr/bin/chromium").exists():
        raise pytest.UsageError("CI: /usr/bin/chromium is missing; .ci/run must install Debian's chromium")
