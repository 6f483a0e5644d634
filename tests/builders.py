"""A tiny hand-made network for tests whose expected values are worked out by hand.

`make_db(path, **tables)` creates the real schema and inserts the given rows (dicts with the
schema's column names; omitted nullable/defaulted columns take their defaults).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
from streamlit.testing.v1 import AppTest

from alize.store import db


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


def extension_network() -> dict[str, list[dict]]:
    """A basin that grows, and a control basin; every value chosen so tests can work it out by hand.

    Nord (opens 2000-01-01): territory A from the start, territory B joins on 2002-07-01.
    Conventions of Nord: 1st 2000-01-01..2002-06-30 (2.5 years), 2nd 2002-07-01..2003-12-31 (1.5 years).
    Establishments change by year: A 1000, 1000, 1200, 1200 (2000..2003, none for 2004);
    B 300, 300 (before it joined: never counted), 365, 400; S 2000 every year.
    Committees: Nord N1 2000-06-01, N2 2001-06-01, N3 2002-03-01, N4 2002-09-01, N5 2003-06-01;
                Sud  S1 2000-06-01, S2 2001-06-01, S3 2002-09-01, S4 2003-06-01.
    Projects (start = headcount at application, followups as date: headcount):
      P1 N1 A retained 10 000 € 3 jobs, start 2, loans 50 000; 2001-06-01: 4, 2003-06-01: 6; 2 days (big, finance)
      P2 N2 A retained  5 000 € 2 jobs, start 1; NO follow-up; closed 2003-01-01
      P3 N3 A rejected
      P4 N3 A retained      0 € 1 job,  start 3; 2002-05-01: 3; closed 2005-03-01 (exactly 3 years on)
      P5 N4 A retained  8 000 € 2 jobs, start 0, loans 16 000; 2003-09-01: 1; 1.5 days (big, finance)
      P6 N4 B retained  6 000 € 4 jobs, start 1; 2003-06-01: 3; 3 days (town, hr)
      P7 N5 B retained  4 000 € 1 job,  start 1; 2003-12-01: 0 (a job lost)
      P8 N5 B deferred
      Q1 S1, Q2 S2, Q3 S3, Q4 S4, Q5 S4: S retained, 7 000 € and 2 jobs each, no follow-up
    Partners: big (Nord, 2000-01-01), town (Nord, 2002-07-01 to 2003-12-31), bank (Sud, 2000-01-01).
    Contributions: big 2000-03-31 20 000, 2002-03-31 10 000; town 2002-09-30 15 000; bank 2000-03-31 30 000.
    Repayments: P1 2001-06-01 4 000, 2002-06-01 4 000, write-off 2003-06-01 2 000;
                P2 2002-06-01 1 000, write-off 2003-01-01 4 000; P5 2003-09-01 2 000.
    """
    counts = {"a": {2000: 1000, 2001: 1000, 2002: 1200, 2003: 1200},
              "b": {2000: 300, 2001: 300, 2002: 365, 2003: 400},
              "s": {2000: 2000, 2001: 2000, 2002: 2000, 2003: 2000}}
    committees = {"N1": ("north", "2000-06-01"), "N2": ("north", "2001-06-01"), "N3": ("north", "2002-03-01"),
                  "N4": ("north", "2002-09-01"), "N5": ("north", "2003-06-01"),
                  "S1": ("south", "2000-06-01"), "S2": ("south", "2001-06-01"), "S3": ("south", "2002-09-01"),
                  "S4": ("south", "2003-06-01")}
    return {
        "basins": [{"id": "north", "name": "Nord", "started_on": d("2000-01-01")},
                   {"id": "south", "name": "Sud", "started_on": d("2000-01-01")}],
        "territories": [
            {"id": "a", "basin": "north", "name": "Terre A", "joined_on": d("2000-01-01")},
            {"id": "b", "basin": "north", "name": "Terre B", "joined_on": d("2002-07-01")},
            {"id": "s", "basin": "south", "name": "Terre S", "joined_on": d("2000-01-01")},
        ],
        "establishments": [{"territory": t, "year": y, "count": c} for t, by in counts.items() for y, c in by.items()],
        "conventions": [
            {"basin": "north", "number": 1, "starts_on": d("2000-01-01"), "ends_on": d("2002-06-30")},
            {"basin": "north", "number": 2, "starts_on": d("2002-07-01"), "ends_on": d("2003-12-31")},
        ],
        "partners": [
            {"id": "big", "name": "Grande Entreprise", "kind": "large_company", "basin": "north",
             "joined_on": d("2000-01-01")},
            {"id": "town", "name": "Ville de B", "kind": "local_authority", "basin": "north",
             "joined_on": d("2002-07-01"), "left_on": d("2003-12-31")},
            {"id": "bank", "name": "Banque Sud", "kind": "bank", "basin": "south", "joined_on": d("2000-01-01")},
        ],
        "contributions": [
            {"partner": "big", "paid_on": d("2000-03-31"), "amount_eur": 20_000},
            {"partner": "big", "paid_on": d("2002-03-31"), "amount_eur": 10_000},
            {"partner": "town", "paid_on": d("2002-09-30"), "amount_eur": 15_000},
            {"partner": "bank", "paid_on": d("2000-03-31"), "amount_eur": 30_000},
        ],
        "committees": [{"id": k, "basin": b, "held_on": d(day), "place": None} for k, (b, day) in committees.items()],
        "projects": [
            project("P1", "N1", "a", aid=10_000, jobs=3, start_jobs=2, loans=50_000),
            project("P2", "N2", "a", aid=5_000, jobs=2, start_jobs=1, closed="2003-01-01"),
            project("P3", "N3", "a", decision="rejected"),
            project("P4", "N3", "a", aid=0, jobs=1, start_jobs=3, closed="2005-03-01"),
            project("P5", "N4", "a", aid=8_000, jobs=2, start_jobs=0, loans=16_000),
            project("P6", "N4", "b", aid=6_000, jobs=4, start_jobs=1),
            project("P7", "N5", "b", aid=4_000, jobs=1, start_jobs=1),
            project("P8", "N5", "b", decision="deferred"),
            *[project(q, c, "s", aid=7_000, jobs=2) for q, c in
              (("Q1", "S1"), ("Q2", "S2"), ("Q3", "S3"), ("Q4", "S4"), ("Q5", "S4"))],
        ],
        "missions": [
            {"id": "M1", "project": "P1", "partner": "big", "days": 2, "theme": "finance", "started_on": d("2000-07-01")},
            {"id": "M2", "project": "P5", "partner": "big", "days": 1.5, "theme": "finance",
             "started_on": d("2002-10-01")},
            {"id": "M3", "project": "P6", "partner": "town", "days": 3, "theme": "hr", "started_on": d("2002-10-01")},
        ],
        "followups": [
            {"project": p, "observed_on": d(day), "jobs": n} for p, day, n in (
                ("P1", "2001-06-01", 4), ("P1", "2003-06-01", 6), ("P4", "2002-05-01", 3),
                ("P5", "2003-09-01", 1), ("P6", "2003-06-01", 3), ("P7", "2003-12-01", 0))
        ],
        "repayments": [
            {"project": p, "paid_on": d(day), "amount_eur": amount, "kind": kind} for p, day, amount, kind in (
                ("P1", "2001-06-01", 4_000, "repayment"), ("P1", "2002-06-01", 4_000, "repayment"),
                ("P1", "2003-06-01", 2_000, "write_off"), ("P2", "2002-06-01", 1_000, "repayment"),
                ("P2", "2003-01-01", 4_000, "write_off"), ("P5", "2003-09-01", 2_000, "repayment"))
        ],
    }


@dataclass(frozen=True)
class Chart:
    """A chart an AppTest run drew, as the browser receives it."""
    key: str
    figure: dict  # the plotly figure's JSON, parsed
    clickable: bool  # a click on a bar or point filters (cross-filtering)
    element: str  # "alize_plot" (ui/plot.py's component) or "plotly_chart" (its fallback)


def chart_elements(at) -> list[Chart]:
    """The run's charts in page order: ui/plot.py's component, or st.plotly_chart where it falls back."""
    out = []
    for node in at.get("bidi_component"):
        if node.proto.component_name == "alize_plot":
            data = json.loads(node.proto.json)
            out.append(Chart(node.proto.id.split("-", 2)[-1],
                             json.loads(data["figure"]), data["clickable"], "alize_plot"))
    for node in at.get("plotly_chart"):
        out.append(Chart(node.key, json.loads(node.proto.spec), bool(node.proto.selection_mode), "plotly_chart"))
    return out


@dataclass(frozen=True)
class Table:
    """A table an AppTest run drew: ui/table.py's HTML table, or st.dataframe (a table one picks a row of)."""
    key: str
    value: pd.DataFrame  # what the table sorts by: numbers, ISO dates, the text of the other columns
    text: pd.DataFrame | None  # each cell as the reader reads it (None for st.dataframe: the browser formats)
    element: str  # "alize_table" or "dataframe"


def tables(at) -> list[Table]:
    """The run's tables in page order (the main area's)."""
    out = []
    for node in at.main:
        if node.type == "bidi_component" and node.proto.component_name == "alize_table":
            data = json.loads(node.proto.json)
            labels = [c["label"] for c in data["columns"]]
            out.append(Table(node.proto.id.split("-", 2)[-1], pd.DataFrame(data["keys"], columns=labels),
                             pd.DataFrame(data["rows"], columns=labels), "alize_table"))
        elif node.type == "dataframe":
            frame = node.value
            out.append(Table(node.key, getattr(frame, "data", frame), None, "dataframe"))
    return out


def open_page(page: str, timeout: float = 90, **params) -> AppTest:
    """app.py with these URL parameters, switched to `page` (a pages/ script); no exception allowed."""
    at = AppTest.from_file("../app.py", default_timeout=timeout)
    at.query_params.update(params)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def assert_same_comparison(a, b) -> None:
    """Two compare.ExtensionComparison are equal: frames cell for cell, everything else by ==."""
    import pandas as pd

    for name in ("basin", "newcomer", "joined_on", "before", "after", "territories", "original", "newcomer_share",
                 "original_change", "did"):
        assert getattr(a, name) == getattr(b, name), name
    assert a.summary("fr") == b.summary("fr") and a.summary("en") == b.summary("en")
    pd.testing.assert_frame_equal(a.rows, b.rows)
    assert (a.control is None) == (b.control is None)
    if a.control is not None:
        pd.testing.assert_frame_equal(a.control, b.control)


def shown(markdown: str) -> str:
    """Markdown source as the reader sees it: ui.auth.md_escape's character references decoded and its
    word joiners (which stop autolinks) removed."""
    import html

    return html.unescape(markdown).replace("\u2060", "")


COMMITTEES_HEADER = "Identifiant;Bassin;Date du comité;Lieu\n"
PROJECT_HEADER = ("Identifiant;Entreprise;Secteur (NAF);Type de projet;Territoire;Date de dépôt;Comité;Décision;"
                  "Aide (€);Emplois au dépôt;Emplois engagés\n")


def workbook(sheets: dict[str, list[list]]) -> bytes:
    """An .xlsx with these sheets and rows, as a user would save it."""
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def jobs_network() -> dict[str, list[dict]]:
    """One basin, for jobs at fixed horizons. Committee C1 2010-03-01 (3 years on: 2013-03-01, 5 years:
    2015-03-01), C2 2014-06-01. Projects (start = headcount at application; follow-ups date: headcount):
      J1 C1 start 2, 3 committed; 2011-03-01: 4, 2013-03-01: 5, 2015-02-15: 7          (grows)
      J2 C1 start 5, 2 committed; 2011-03-01: 6, 2013-02-20: 3, 2015-03-01: 3          (shrinks)
      J3 C1 start 3, 2 committed; 2011-03-01: 4, 2012-03-01: 4; closed 2012-09-01, no visit after
      J4 C1 start 1, 2 committed; no follow-up at all, not closed                     (missing)
      J5 C1 start 10, 0 committed, takeover; 2013-03-01: 10, 2015-03-01: 11            (maintains)
      J6 C2 start 0, 3 committed; 2015-06-01: 2                                        (too young)
    """
    return {
        "basins": [{"id": "b", "name": "Bassin", "started_on": d("2009-01-01")}],
        "territories": [{"id": "t", "basin": "b", "name": "Terre", "joined_on": d("2009-01-01")}],
        "committees": [{"id": "C1", "basin": "b", "held_on": d("2010-03-01"), "place": None},
                       {"id": "C2", "basin": "b", "held_on": d("2014-06-01"), "place": None}],
        "projects": [
            project("J1", "C1", "t", start_jobs=2, jobs=3),
            project("J2", "C1", "t", start_jobs=5, jobs=2),
            project("J3", "C1", "t", start_jobs=3, jobs=2, closed="2012-09-01"),
            project("J4", "C1", "t", start_jobs=1, jobs=2),
            project("J5", "C1", "t", start_jobs=10, jobs=0, kind="takeover"),
            project("J6", "C2", "t", start_jobs=0, jobs=3),
        ],
        "followups": [
            {"project": p, "observed_on": d(day), "jobs": n} for p, day, n in (
                ("J1", "2011-03-01", 4), ("J1", "2013-03-01", 5), ("J1", "2015-02-15", 7),
                ("J2", "2011-03-01", 6), ("J2", "2013-02-20", 3), ("J2", "2015-03-01", 3),
                ("J3", "2011-03-01", 4), ("J3", "2012-03-01", 4),
                ("J5", "2013-03-01", 10), ("J5", "2015-03-01", 11), ("J6", "2015-06-01", 2))
        ],
    }


def loans_network() -> dict[str, list[dict]]:
    """One basin's loan fund, for the schedule's figures. Committee N1 2010-06-01 grants six loans:
      L1 10 000 €: due 2011-01-01 5 000, 2012-01-01 5 000; both paid on time         (repaid)
      L2  9 000 €: due 2012-01-01, 2013-01-01, 2014-01-01 3 000 each; the first paid only   (late)
      L3  6 000 €: due 2013-05-15, 2014-05-15, 2015-05-15 2 000 each; nothing paid          (late since May)
      L4  8 000 €: due 2012-01-01, 2013-01-01 4 000 each; the first paid, 4 000 written off 2013-03-01
      L5 12 000 €: due 2012-01-01 4 000 (paid); rescheduled on 2012-12-01 to 2014-01-01 and 2015-01-01,
                   4 000 each                                                           (rescheduled)
      L6  5 000 €: due 2014-01-01 5 000                                                 (not due yet)
    The partner paid 30 000 € in on 2010-01-01: the fund lent 50 000 € in 2010 (over-committed).
    """
    loans = {"L1": 10_000, "L2": 9_000, "L3": 6_000, "L4": 8_000, "L5": 12_000, "L6": 5_000}
    schedule = (("L1", "2011-01-01", 5_000, None), ("L1", "2012-01-01", 5_000, None),
                ("L2", "2012-01-01", 3_000, None), ("L2", "2013-01-01", 3_000, None), ("L2", "2014-01-01", 3_000, None),
                ("L3", "2013-05-15", 2_000, None), ("L3", "2014-05-15", 2_000, None), ("L3", "2015-05-15", 2_000, None),
                ("L4", "2012-01-01", 4_000, None), ("L4", "2013-01-01", 4_000, None),
                ("L5", "2012-01-01", 4_000, None), ("L5", "2014-01-01", 4_000, "2012-12-01"),
                ("L5", "2015-01-01", 4_000, "2012-12-01"), ("L6", "2014-01-01", 5_000, None))
    paid = (("L1", "2011-01-01", 5_000, "repayment"), ("L1", "2012-01-01", 5_000, "repayment"),
            ("L2", "2012-01-01", 3_000, "repayment"), ("L4", "2012-01-01", 4_000, "repayment"),
            ("L4", "2013-03-01", 4_000, "write_off"), ("L5", "2012-01-01", 4_000, "repayment"))
    return {
        "basins": [{"id": "north", "name": "Nord", "started_on": d("2010-01-01")}],
        "territories": [{"id": "a", "basin": "north", "name": "Terre A", "joined_on": d("2010-01-01")}],
        "partners": [{"id": "big", "name": "Grande Entreprise", "kind": "large_company", "basin": "north",
                      "joined_on": d("2010-01-01")}],
        "contributions": [{"partner": "big", "paid_on": d("2010-01-01"), "amount_eur": 30_000}],
        "committees": [{"id": "N1", "basin": "north", "held_on": d("2010-06-01"), "place": None}],
        "projects": [project(pid, "N1", "a", aid=aid, jobs=1) for pid, aid in loans.items()],
        "repayments": [{"project": p, "paid_on": d(day), "amount_eur": a, "kind": k} for p, day, a, k in paid],
        "instalments": [{"project": p, "due_on": d(day), "amount_eur": a, "rescheduled_on": d(r) if r else None}
                        for p, day, a, r in schedule],
    }


def placebo_network() -> dict[str, list[dict]]:
    """Four basins of 1 000 establishments a territory (every year 2000-2003), for the placebo test.
    Treated T: territory T1, and T2 joining on 2002-01-01 (conventions 2000-2001, 2002-2003); retained
    projects 2 before (T1), 10 after (6 in T1, 4 in T2): 1,00 then 2,50 per year per 1 000.
    Controls, one territory each, retained before / after: C1 2 / 2 (1,00 -> 1,00), C2 2 / 3 (-> 1,50),
    C3 2 / 1 (-> 0,50). The real DiD: +1,50 - 0 = +1,50; the placebos (each against the two other
    controls): C1 0 - 0 = 0, C2 +0,50 - (-0,25) = +0,75, C3 -0,50 - (+0,25) = -0,75."""
    basins = ("T", "C1", "C2", "C3")
    terr = {"t1": "T", "t2": "T", "c1": "C1", "c2": "C2", "c3": "C3"}
    retained = {("t1", 2000): 1, ("t1", 2001): 1, ("t1", 2002): 3, ("t1", 2003): 3, ("t2", 2002): 2, ("t2", 2003): 2,
                ("c1", 2000): 1, ("c1", 2001): 1, ("c1", 2002): 1, ("c1", 2003): 1,
                ("c2", 2000): 1, ("c2", 2001): 1, ("c2", 2002): 2, ("c2", 2003): 1,
                ("c3", 2000): 1, ("c3", 2001): 1, ("c3", 2002): 1}
    projects = [project(f"{t}-{y}-{k}", f"{terr[t]}-{y}", t, aid=1_000, jobs=1)
                for (t, y), n in retained.items() for k in range(n)]
    return {
        "basins": [{"id": b, "name": f"Bassin {b}", "started_on": d("2000-01-01")} for b in basins],
        "territories": [{"id": t, "basin": b, "name": t.upper(), "joined_on": d("2002-01-01" if t == "t2" else "2000-01-01")}
                        for t, b in terr.items()],
        "establishments": [{"territory": t, "year": y, "count": 1000} for t in terr for y in range(2000, 2004)],
        "conventions": [{"basin": "T", "number": 1, "starts_on": d("2000-01-01"), "ends_on": d("2001-12-31")},
                        {"basin": "T", "number": 2, "starts_on": d("2002-01-01"), "ends_on": d("2003-12-31")}],
        "committees": [{"id": f"{b}-{y}", "basin": b, "held_on": d(f"{y}-06-01"), "place": None}
                       for b in basins for y in range(2000, 2004)],
        "projects": projects,
    }
