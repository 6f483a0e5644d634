"""A tiny hand-made network for tests whose expected values are worked out by hand.

`make_db(path, **tables)` creates the real schema and inserts the given rows (dicts with the
schema's column names; omitted nullable/defaulted columns take their defaults).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from alize import db


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def insert(con, table: str, rows: list[dict]) -> None:
    for row in rows:
        cols = list(row)
        con.execute(
            f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
            [row[c] for c in cols],
        )


def make_db(path: Path, **tables: list[dict]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    db.create_schema(con)
    for table in db.TABLES:
        if table in tables:
            insert(con, table, tables[table])
    unknown = set(tables) - set(db.TABLES)
    assert not unknown, unknown
    return con


def project(pid, committee, territory, decision="retained", aid=0, jobs=0, start_jobs=2, kind="development",
            sector="C", submitted="2000-01-01", loans=0, closed=None, company=None):
    """A project row with sensible defaults; only what a test cares about needs saying."""
    return {"id": pid, "company": company or f"Firme {pid}", "sector": sector, "kind": kind,
            "territory": territory, "commune": None, "submitted_on": d(submitted), "committee": committee,
            "decision": decision, "aid_eur": aid, "bank_loans_eur": loans, "jobs_at_start": start_jobs,
            "jobs_committed": jobs, "closed_on": d(closed) if closed else None}


def small_network() -> dict[str, list[dict]]:
    """Two basins. North: territories A (from 2000) and B (joins 2002-01-01). South: territory S.

    Committees: N1 2001-03-01, N2 2002-06-01, N3 2002-11-01 (no project), S1 2002-05-01.
    Projects:  P1 N1 A retained 10 000 € 3 jobs (2 days of missions)
               P2 N2 A retained  5 000 € 2 jobs (3 + 1 days)
               P3 N2 B rejected
               P4 N2 B retained      0 € 1 job  (2 days)   sector F, kind creation
               P5 S1 S retained  8 000 € 4 jobs (no mission)
    """
    return {
        "basins": [{"id": "north", "name": "Nord", "started_on": d("2000-01-01")},
                   {"id": "south", "name": "Sud", "started_on": d("2000-01-01")}],
        "territories": [
            {"id": "a", "basin": "north", "name": "Terre A", "joined_on": d("2000-01-01")},
            {"id": "b", "basin": "north", "name": "Terre B", "joined_on": d("2002-01-01")},
            {"id": "s", "basin": "south", "name": "Terre S", "joined_on": d("2000-01-01")},
        ],
        "establishments": [
            {"territory": t, "year": y, "count": c}
            for t, counts in {"a": (1000, 1000, 1200), "b": (500, 500, 500), "s": (2000, 2000, 2000)}.items()
            for y, c in zip((2000, 2001, 2002), counts)
        ],
        "partners": [
            {"id": "big", "name": "Grande Entreprise", "kind": "large_company", "basin": "north",
             "joined_on": d("2000-01-01")},
            {"id": "bank", "name": "Banque Sud", "kind": "bank", "basin": "south", "joined_on": d("2000-01-01")},
        ],
        "committees": [
            {"id": "N1", "basin": "north", "held_on": d("2001-03-01"), "place": "Nordville"},
            {"id": "N2", "basin": "north", "held_on": d("2002-06-01"), "place": "Nordville"},
            {"id": "N3", "basin": "north", "held_on": d("2002-11-01"), "place": "Nordville"},
            {"id": "S1", "basin": "south", "held_on": d("2002-05-01"), "place": "Sudville"},
        ],
        "projects": [
            project("P1", "N1", "a", aid=10_000, jobs=3),
            project("P2", "N2", "a", aid=5_000, jobs=2),
            project("P3", "N2", "b", decision="rejected"),
            project("P4", "N2", "b", aid=0, jobs=1, sector="F", kind="creation"),
            project("P5", "S1", "s", aid=8_000, jobs=4),
        ],
        "missions": [
            {"id": "M1", "project": "P1", "partner": "big", "days": 2, "theme": "finance",
             "started_on": d("2001-04-01")},
            {"id": "M2", "project": "P2", "partner": "big", "days": 3, "theme": "hr", "started_on": d("2002-07-01")},
            {"id": "M3", "project": "P2", "partner": "big", "days": 1, "theme": "export",
             "started_on": d("2002-08-01")},
            {"id": "M4", "project": "P4", "partner": "big", "days": 2, "theme": "quality",
             "started_on": d("2002-07-01")},
        ],
    }
