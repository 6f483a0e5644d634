"""What every page shares: the connection, the language, the scope from the shared filters,
cached queries, and small display helpers. Pages call these and stay thin."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib
import inspect
import pickle
from pathlib import Path

import duckdb
import orjson
import pandas as pd
import streamlit as st

from alize import settings, text
from alize.ingest import rebuild
from alize.reports.charts import copy_of, highlight_period, presized
from alize.scope import Permission, Scope
from alize.store import db, replica
from ui.router import run_routed

LANG_KEY = "lang"
SCOPE_KEY = "_scope"


PERMISSION_KEY = "_permission"  # set by ui.auth.gate() on every run: the signed-in person's basins
NOBODY = Permission(())          # before the gate has said who this is: no basin's records


def permission() -> Permission:
    """This run's permission (alize.scope.Permission); none at all until the gate has set it."""
    value = st.session_state.get(PERMISSION_KEY)
    return value if isinstance(value, Permission) else NOBODY


SNAPSHOT_KEY = "_snapshot"
STALE_KEY = "_stale"  # (version, loaded at) while this run reads a copy PostgreSQL could not confirm


@st.cache_resource(show_spinner=False, max_entries=4)
def _snapshot(path: str, version: str) -> db.embedded.Snapshot:
    """One read-only snapshot per version of the file, shared by the sessions; an import swaps in a
    new file (a new version), and sessions move to it at their next run. An old snapshot lives on
    while a session still holds it, so a run never mixes two versions."""
    return db.snapshot(Path(path))


_checked: dict[str, str] = {}  # path -> the version db.ensure last accepted (checks cost ms; a rerun µs)


def open_records() -> db.embedded.Snapshot:
    """Pin this run to the current version of the records (app.py calls it before any page reads).
    Raises StoreError (its message in French, translated() in the user's language) when the store cannot be read."""
    where = db.location()
    if settings.is_postgres(where):
        return _open_replica(where)
    path = Path(where)
    st.session_state[STALE_KEY] = None
    version = db.embedded.version(path)
    if not version or _checked.get(str(path)) != version:
        rebuild.ensure(path)
        version = db.embedded.version(path)
        _checked[str(path)] = version
    snap = _snapshot(str(path), version)  # its .version is what it opened, should a swap have come between
    st.session_state[SNAPSHOT_KEY] = snap
    return snap


def _open_replica(url: str) -> db.embedded.Snapshot:
    """PostgreSQL: this process's replica serves its current copy (after this process's own import,
    the copy that includes it); while the server is unreachable, the last copy, marked stale."""
    rep = replica.for_url(url, derive=rebuild.derive)
    snap = rep.current()
    st.session_state[STALE_KEY] = None if rep.online else (snap.pg_version, rep.loaded_at)
    st.session_state[SNAPSHOT_KEY] = snap
    return snap


def records_or_stop() -> db.embedded.Snapshot:
    """open_records, or the store's one message (in the user's language) and nothing else on the page;
    a replica cut off from PostgreSQL serves its last copy under a banner saying so."""
    try:
        snap = open_records()
    except db.embedded.StoreError as exc:
        st.error(exc.translated(lang()), icon=":material/error:")
        st.stop()
    stale = st.session_state.get(STALE_KEY)
    if stale:
        version, loaded_at = stale
        at = dt.datetime.fromtimestamp(loaded_at).strftime("%H:%M:%S") if loaded_at else "?"
        st.warning(tr("app.stale_banner", version=version, at=at), icon=":material/cloud_off:")
    return snap


def connection() -> db.embedded.Snapshot:
    """The records as this run sees them."""
    snap = st.session_state.get(SNAPSHOT_KEY)
    return snap if snap is not None else open_records()


def data_version() -> str:
    """The version this run reads: cached results are keyed on it, so an import expires them."""
    return connection().version


@st.cache_data(show_spinner=False, max_entries=2000, ttl=6 * 3600)
def _cached(module: str, name: str, version: str, permitted, args: tuple, kwargs: tuple):
    fn = getattr(importlib.import_module(module), name)
    return fn(connection(), *args, **dict(kwargs))


@functools.lru_cache(maxsize=512)
def _takes_permitted(fn) -> bool:
    try:
        return "permitted" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def query(fn, *args, **kwargs):
    """Call an alize/ function `fn(con, *args)`, cached by its arguments (the scope), the data version
    and the person's permission. The permission is put here, so no page can forget it: every Scope
    argument is narrowed to it (Permission.apply) and a function taking `permitted` (the id lookups:
    a committee, a project card, a brief) gets the person's basins."""
    perm = permission()
    args = tuple(perm.apply(a) if isinstance(a, Scope) else a for a in args)
    if _takes_permitted(fn):
        kwargs["permitted"] = perm.basins
    return _cached(fn.__module__, fn.__qualname__, data_version(), perm.basins, args, tuple(sorted(kwargs.items())))


def _dict_key(value: dict) -> bytes:
    # a map's outlines are hundreds of nested dicts: one JSON dump (1 ms) keys them, where Streamlit's
    # hasher walks every one (tens of ms)
    return orjson.dumps(value, default=str, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)


def _frame_key(frame: pd.DataFrame) -> bytes:
    # Streamlit's hasher hashes a frame column by column (about 1 ms for a chart's fifteen rows, 5 to
    # 9 ms of a page's rerun); its pickle is the same values in 50 µs. Two equal frames pickled apart
    # (an object shared in one, copied in the other) only miss the cache, never meet a wrong figure.
    return hashlib.blake2b(pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL), digest_size=20).digest()


_FIGURE_KEYS = {dict: _dict_key, pd.DataFrame: _frame_key}


@st.cache_resource(show_spinner=False, max_entries=1000, ttl=6 * 3600, hash_funcs=_FIGURE_KEYS)
def _figure(module: str, name: str, args: tuple, kwargs: tuple):
    return presized(getattr(importlib.import_module(module), name)(*args, **dict(kwargs)))


@st.cache_resource(show_spinner=False, max_entries=1000, ttl=6 * 3600, hash_funcs=_FIGURE_KEYS)
def _highlighted(module: str, name: str, args: tuple, kwargs: tuple, period: tuple):
    return highlight_period(copy_of(_figure(module, name, args, kwargs)), *period)


def figure(build, *args, period: tuple | None = None, **kwargs):
    """A chart of alize.reports.charts, built once for its arguments (the data it draws included) and
    shared by the reruns and sessions that draw the same: building a plotly figure costs 5 to 20 ms,
    most of a cached page's run; its margins presized (charts.presized) for a single draw in the
    browser. `period` (start, end) shades the scope's years on a copy of the figure built for the
    data (2 ms instead of a new build: a year change changes only the highlight). Kept as the object
    itself (not a pickled copy), so it must not be changed after: the chart element reads it and keeps
    its JSON on it (ui.plot.figure_json).
    Sets in the arguments must come sorted (a tuple)."""
    key = (build.__module__, build.__qualname__, args, tuple(sorted(kwargs.items())))
    return _highlighted(*key, tuple(period)) if period else _figure(*key)


def is_demo() -> bool:
    """Demo data loaded: every screen that leaves the app (slides, files) says so."""
    return db.is_demo(connection())


def lang() -> str:
    """The language picker's value; before the picker is drawn in a session's first run (the menu's
    titles come first), what the URL asks for."""
    value = st.session_state.get(LANG_KEY) or st.query_params.get(LANG_KEY, "fr")
    return text.check_lang(str(value).lower())


def tr(key: str, **fields) -> str:
    return text.t(key, lang(), **fields)


def scope() -> Scope:
    """The scope the shared filters in app.py built for this run."""
    return st.session_state[SCOPE_KEY]


def set_scope(value: Scope) -> None:
    st.session_state[SCOPE_KEY] = value


def today() -> dt.date:
    return dt.date.today()


def run_page(nav) -> None:
    """Run the chosen page; a store that fails under it (damaged or removed while the app runs) gives
    one message instead of a traceback."""
    try:
        run_routed(nav)
    except (duckdb.Error, db.embedded.StoreError, OSError) as exc:
        detail = exc.translated(lang()) if isinstance(exc, db.embedded.StoreError) else type(exc).__name__
        st.error(tr("error.store_read_failed", detail=detail), icon=":material/error:")
