"""What every page shares: the connection, the language, the scope from the shared filters,
cached queries, and small display helpers. Pages call these and stay thin."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import threading
from pathlib import Path

import duckdb
import streamlit as st

from alize import db, text
from alize.scope import Scope

LANG_KEY = "lang"
SCOPE_KEY = "_scope"


_write_lock = threading.Lock()


@st.cache_resource(show_spinner=False)
def _connection(path: str):
    """One read-only DuckDB connection per process; every query takes its own cursor."""
    return db.connect(Path(path), read_only=True)


def connection():
    return _connection(str(db.db_path()))


@contextlib.contextmanager
def writable():
    """Hand the database file to a writer (an import, an undo): close the shared read-only
    connection (DuckDB allows one configuration per file and process), yield the path, and let
    the next reader reopen it. Cached query results expire with the file's new mtime."""
    path = db.db_path()
    with _write_lock:
        with contextlib.suppress(duckdb.Error):  # already closed
            _connection(str(path)).close()
        _connection.clear()
        try:
            yield path
        finally:
            _connection.clear()
            _cached.clear()


def data_version() -> float:
    """Changes when the database file changes (an import), so cached results expire with it."""
    try:
        return db.db_path().stat().st_mtime
    except OSError:
        return 0.0


@st.cache_data(show_spinner=False, max_entries=2000, ttl=6 * 3600)
def _cached(module: str, name: str, version: float, args: tuple, kwargs: tuple):
    fn = getattr(importlib.import_module(module), name)
    return fn(connection(), *args, **dict(kwargs))


def query(fn, *args, **kwargs):
    """Call an alize/ function `fn(con, *args)`, cached by its arguments (the scope) and the data version."""
    return _cached(fn.__module__, fn.__qualname__, data_version(), args, tuple(sorted(kwargs.items())))


def lang() -> str:
    return text.check_lang(st.session_state.get(LANG_KEY) or "fr")


def tr(key: str, **fields) -> str:
    return text.t(key, lang(), **fields)


def scope() -> Scope:
    """The scope the shared filters in app.py built for this run."""
    return st.session_state[SCOPE_KEY]


def set_scope(value: Scope) -> None:
    st.session_state[SCOPE_KEY] = value


def today() -> dt.date:
    return dt.date.today()
