"""Open the records database, building it from the CSV files in data/ when needed.

The database file is a cache of the CSVs (the demo) or of imports: it is rebuilt when missing,
or older than the CSVs or the schema, into a temporary file that replaces the old one only once
complete, so a failed build never leaves a half-written database behind.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import duckdb

from alize import AlizeError, settings
from alize.store import embedded

ROOT, DATA_DIR = settings.ROOT, settings.DATA_DIR
SCHEMA_FILE = Path(__file__).resolve().parent / "schema.sql"
DEFAULT_DB = settings.DEFAULT_DB

# Load order: every table after the tables it references.
TABLES = (
    "meta",
    "basins",
    "territories",
    "establishments",
    "conventions",
    "communes",
    "partners",
    "contributions",
    "committees",
    "projects",
    "missions",
    "followups",
    "repayments",
    "instalments",
)

_build_lock = threading.Lock()

# The audit log of imports and undos: beside the records in both stores (alize.ingest writes it; the
# PostgreSQL store translates it like the schema, and copies it to every replica).
LOG_DDL = """CREATE TABLE IF NOT EXISTS import_log (
    id          VARCHAR PRIMARY KEY,
    logged_at   TIMESTAMP NOT NULL,
    user_name   VARCHAR NOT NULL,
    action      VARCHAR NOT NULL CHECK (action IN ('import', 'undo')),
    file_names  VARCHAR NOT NULL,
    sha256      VARCHAR NOT NULL,
    rows_new    INTEGER NOT NULL,
    rows_changed INTEGER NOT NULL,
    detail      VARCHAR NOT NULL,
    backup      VARCHAR
)"""


def db_path() -> Path:
    return settings.db_path()


def location() -> Path | str:
    """The records' store: a DuckDB file (Path) or a PostgreSQL URL (str); settings decides."""
    return settings.db_location()


def schema_tables() -> list[str]:
    """The records' tables in schema.sql's order (each after the tables it references): what the
    PostgreSQL store creates, copies and exports, so a table added to the schema needs no other edit."""
    return re.findall(r"^\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)", schema_sql(), re.IGNORECASE | re.MULTILINE)


def schema_sql() -> str:
    return SCHEMA_FILE.read_text(encoding="utf-8")


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(schema_sql())
    create_derived(con, materialise=False)


# ---- derived tables: what the queries read, precomputed from the records ---------------------------
#
# project_facts: one row per project with its committee date, basin, territory and commune names, its mission
# days and, as lists sorted by date, its follow-ups and repayments; mission_facts: one row per mission
# with its project's filter columns and its partner; fund_flows: money in and out of each basin's
# fund per day; committee_facts: one row per committee and territory with the sums of its decided
# projects there (a committee that decided nothing has one row, territory NULL), so figures without
# a sector or kind filter read ~5x fewer rows than project_facts and skip the join to committees;
# aided / aided_bank_loans_eur: the retained projects that received aid (aid_eur > 0) and their bank
# loans, what leverage divides (README, "Definitions"); its *_last jobs columns hold each retained
# project's last known headcount (0 once closed), exact for any date on or after last_event_on (its
# latest follow-up or closure: alize.jobs checks, and falls back to project_facts otherwise), and its
# *_3y / *_5y columns the headcount 3 and 5 years after the committee, fixed once reached; committee_count is 1
# on one row of each committee, so sum() counts committees without a costly count(DISTINCT);
# curve_facts: per committee, territory and k = 0, 1, 2... years after the committee, the jobs its
# retained projects had created by that anniversary (gross; latest follow-up on or before it, 0 once
# closed), for every k up
# to `horizon`, the last year of the records, so the job curves read sums instead of follow-up lists;
# yearend_facts: the same on each 31 December from the committee's year to the horizon, for jobs
# created at a window's end (the comparisons' windows are conventions, which end on a 31 December);
# sorted by year first, so asking for one 31 December reads that year's rows only.
# They hold nothing the records don't: a fresh schema (tests' hand-made networks) has
# them as views, always current; db.build() materialises them as tables sorted by date (so a period
# filter skips most of a large file), and every writer (build, the importer) calls refresh_derived()
# after its writes. DERIVED_MARK tells tables of this shape apart.
# With the tables, create_derived stores what Python computes from them and a page reads whole:
# each extension's default before/after comparison and commune map (compare.store_results).

DERIVED_MARK = "alize-derived 6"
# The retained projects with their committee (r), and the records' last year (h.horizon: the later of
# the last committee and the last follow-up): what curve_facts and yearend_facts fill in, year by year.
_RETAINED_AND_HORIZON = """r AS (
            SELECT p.id, p.committee, p.territory, c.held_on, c.basin, p.jobs_at_start, p.jobs_committed, p.closed_on
            FROM projects p JOIN committees c ON c.id = p.committee WHERE p.decision = 'retained'
        ),
        h AS (SELECT year(greatest(max(c.held_on), (SELECT max(observed_on) FROM followups))) AS horizon
              FROM committees c)"""

def _horizon_sums(h: int) -> str:
    """committee_facts' figures `h` years after the committee (3 and 5): the retained projects followed
    and missing there, the jobs committed and created by those followed, and those still open."""
    followed = f"retained AND head_{h}y IS NOT NULL"
    return f"""count(*) FILTER (WHERE {followed}) AS followed_{h}y,
                   count(*) FILTER (WHERE retained AND head_{h}y IS NULL) AS missing_{h}y,
                   sum(jobs_committed) FILTER (WHERE {followed}) AS committed_{h}y,
                   sum(greatest(head_{h}y - jobs_at_start, 0)) FILTER (WHERE {followed}) AS created_{h}y,
                   count(*) FILTER (WHERE {followed} AND (closed_on IS NULL OR closed_on > t{h})) AS survivors_{h}y"""


def _horizon_columns(h: int) -> str:
    return ", ".join(f"coalesce(x.{name}_{h}y, 0)::BIGINT AS {name}_{h}y"
                     for name in ("followed", "missing", "committed", "created", "survivors"))


DERIVED = {
    "project_facts": ("""
        WITH d AS (SELECT project, sum(days) AS days FROM missions GROUP BY project),
        f AS (SELECT project, list(observed_on ORDER BY observed_on) AS fu_on,
                     list(jobs ORDER BY observed_on) AS fu_jobs
              FROM followups GROUP BY project),
        r AS (SELECT project, list(paid_on ORDER BY paid_on, kind) AS rp_on,
                     list(amount_eur ORDER BY paid_on, kind) AS rp_amount,
                     list(kind = 'write_off' ORDER BY paid_on, kind) AS rp_write_off
              FROM repayments GROUP BY project)
        SELECT p.id, p.company, p.committee, c.held_on, c.basin, b.name AS basin_name, p.territory,
               t.name AS territory_name, p.commune, m.name AS commune_name, p.sector, p.kind, p.decision, p.aid_eur, p.bank_loans_eur,
               p.jobs_at_start, p.jobs_committed, p.closed_on, d.days, f.fu_on, f.fu_jobs,
               r.rp_on, r.rp_amount, r.rp_write_off
        FROM projects p JOIN committees c ON c.id = p.committee JOIN basins b ON b.id = c.basin
             JOIN territories t ON t.id = p.territory LEFT JOIN communes m ON m.insee_code = p.commune
             LEFT JOIN d ON d.project = p.id LEFT JOIN f ON f.project = p.id LEFT JOIN r ON r.project = p.id""",
                      "held_on, id"),
    # first_for_partner / first_for_theme: the mission is its project's first for that partner (name and
    # kind) or theme; a project's missions share its filters, so counting flags counts distinct projects
    "mission_facts": ("""
        SELECT m.id, m.project, m.partner, pa.name AS partner_name, pa.kind AS partner_kind, m.theme, m.days,
               c.held_on, b.name AS basin_name, t.name AS territory_name, p.sector, p.kind, p.decision,
               row_number() OVER (PARTITION BY m.project, pa.name, pa.kind ORDER BY m.id) = 1 AS first_for_partner,
               row_number() OVER (PARTITION BY m.project, m.theme ORDER BY m.id) = 1 AS first_for_theme
        FROM missions m JOIN partners pa ON pa.id = m.partner JOIN projects p ON p.id = m.project
             JOIN committees c ON c.id = p.committee JOIN basins b ON b.id = c.basin
             JOIN territories t ON t.id = p.territory""", "held_on, id"),
    "committee_facts": (f"""
        WITH last AS (
            SELECT project, max(observed_on) AS observed_on, arg_max(jobs, observed_on) AS jobs
            FROM followups GROUP BY project
        ),
        d AS (SELECT project, sum(days) AS days FROM missions GROUP BY project),
        hz AS (  -- each retained project's headcount 3 and 5 years after its committee (NULL: unknown)
            SELECT q.id, q.t3, q.t5, CASE WHEN q.closed_on <= q.t3 THEN 0 ELSE f3.jobs END AS head_3y,
                   CASE WHEN q.closed_on <= q.t5 THEN 0 ELSE f5.jobs END AS head_5y
            FROM (SELECT p.id, p.closed_on, (c.held_on + INTERVAL 3 YEAR)::DATE AS t3,
                         (c.held_on + INTERVAL 5 YEAR)::DATE AS t5
                  FROM projects p JOIN committees c ON c.id = p.committee WHERE p.decision = 'retained') q
                 ASOF LEFT JOIN followups f3 ON f3.project = q.id AND f3.observed_on <= q.t3
                 ASOF LEFT JOIN followups f5 ON f5.project = q.id AND f5.observed_on <= q.t5
        ),
        pp AS (  -- head: the last known headcount (0 once closed, whether or not a visit recorded it)
            SELECT p.committee, p.territory, p.decision = 'retained' AS retained, p.aid_eur, p.bank_loans_eur,
                   p.jobs_at_start, p.jobs_committed, p.closed_on, d.days, last.observed_on AS last_observed_on,
                   greatest(last.observed_on, p.closed_on) AS last_event_on,
                   CASE WHEN p.closed_on IS NOT NULL THEN 0 ELSE last.jobs END AS head,
                   hz.head_3y, hz.head_5y, hz.t3, hz.t5
            FROM projects p LEFT JOIN last ON last.project = p.id LEFT JOIN d ON d.project = p.id
                 LEFT JOIN hz ON hz.id = p.id
            WHERE p.decision <> 'pending'
        ),
        x AS (
            SELECT committee, territory,
                   count(*) AS studied,
                   count(*) FILTER (WHERE retained) AS retained,
                   sum(aid_eur) FILTER (WHERE retained) AS aid_eur,
                   sum(days) FILTER (WHERE retained) AS days,
                   sum(jobs_committed) FILTER (WHERE retained) AS jobs_committed,
                   sum(bank_loans_eur) FILTER (WHERE retained) AS bank_loans_eur,
                   count(*) FILTER (WHERE retained AND aid_eur > 0) AS aided,
                   sum(bank_loans_eur) FILTER (WHERE retained AND aid_eur > 0) AS aided_bank_loans_eur,
                   sum(greatest(head - jobs_at_start, 0)) FILTER (WHERE retained AND head IS NOT NULL)
                       AS jobs_created_last,
                   sum(least(head, jobs_at_start)) FILTER (WHERE retained AND head IS NOT NULL) AS jobs_maintained_last,
                   sum(head - jobs_at_start) FILTER (WHERE retained AND head IS NOT NULL) AS jobs_net_last,
                   count(*) FILTER (WHERE retained AND head IS NULL) AS without_followup,
                   {_horizon_sums(3)},
                   {_horizon_sums(5)},
                   max(last_event_on) FILTER (WHERE retained) AS last_event_on
            FROM pp
            GROUP BY committee, territory
        )
        SELECT c.id AS committee, c.held_on, c.place, c.basin, b.name AS basin_name, x.territory,
               t.name AS territory_name, coalesce(x.studied, 0)::BIGINT AS studied,
               coalesce(x.retained, 0)::BIGINT AS retained, coalesce(x.aid_eur, 0)::BIGINT AS aid_eur,
               coalesce(x.days, 0)::DOUBLE AS days, coalesce(x.jobs_committed, 0)::BIGINT AS jobs_committed,
               coalesce(x.bank_loans_eur, 0)::BIGINT AS bank_loans_eur,
               coalesce(x.aided, 0)::BIGINT AS aided, coalesce(x.aided_bank_loans_eur, 0)::BIGINT AS aided_bank_loans_eur,
               coalesce(x.jobs_created_last, 0)::BIGINT AS jobs_created_last,
               coalesce(x.jobs_maintained_last, 0)::BIGINT AS jobs_maintained_last,
               coalesce(x.jobs_net_last, 0)::BIGINT AS jobs_net_last,
               coalesce(x.without_followup, 0)::BIGINT AS without_followup,
               {_horizon_columns(3)},
               {_horizon_columns(5)}, x.last_event_on,
               (row_number() OVER (PARTITION BY c.id ORDER BY x.territory NULLS FIRST) = 1)::INTEGER AS committee_count
        FROM committees c JOIN basins b ON b.id = c.basin LEFT JOIN x ON x.committee = c.id
             LEFT JOIN territories t ON t.id = x.territory""", "held_on, committee, territory"),
    "curve_facts": (f"""
        WITH {_RETAINED_AND_HORIZON},
        grid AS (
            SELECT r.*, h.horizon, unnest(range(0, h.horizon - year(r.held_on) + 1)) AS k
            FROM r CROSS JOIN h
        ),
        at_k AS (
            SELECT g.*, (g.held_on + to_years(g.k::INTEGER))::DATE AS target FROM grid g
        ),
        jobs_k AS (
            SELECT a.committee, a.territory, a.held_on, a.basin, a.horizon, a.k, a.jobs_committed,
                   CASE WHEN a.closed_on <= a.target THEN 0 ELSE coalesce(greatest(f.jobs - a.jobs_at_start, 0), 0) END
                       AS created
            FROM at_k a ASOF LEFT JOIN followups f ON f.project = a.id AND f.observed_on <= a.target
        )
        SELECT j.committee, j.held_on, b.name AS basin_name, t.name AS territory_name, j.k::BIGINT AS k,
               j.horizon::BIGINT AS horizon, count(*)::BIGINT AS projects,
               sum(j.jobs_committed)::BIGINT AS jobs_committed, sum(j.created)::BIGINT AS jobs_created
        FROM jobs_k j JOIN basins b ON b.id = j.basin JOIN territories t ON t.id = j.territory
        GROUP BY j.committee, j.held_on, b.name, t.name, j.k, j.horizon""", "held_on, committee, territory_name, k"),
    "yearend_facts": (f"""
        WITH {_RETAINED_AND_HORIZON},
        grid AS (
            SELECT r.*, h.horizon, unnest(range(year(r.held_on), h.horizon + 1)) AS year FROM r CROSS JOIN h
        ),
        at_y AS (SELECT g.*, make_date(g.year::INTEGER, 12, 31) AS target FROM grid g),
        jobs_y AS (
            SELECT a.committee, a.territory, a.held_on, a.basin, a.horizon, a.year,
                   CASE WHEN a.closed_on <= a.target THEN 0 ELSE coalesce(greatest(f.jobs - a.jobs_at_start, 0), 0) END
                       AS created, f.project IS NULL AND coalesce(a.closed_on > a.target, true) AS missing
            FROM at_y a ASOF LEFT JOIN followups f ON f.project = a.id AND f.observed_on <= a.target
        )
        SELECT j.committee, j.held_on, b.name AS basin_name, t.name AS territory_name, j.year::BIGINT AS year,
               j.horizon::BIGINT AS horizon, sum(j.created)::BIGINT AS jobs_created,
               sum(j.missing::INTEGER)::BIGINT AS missing_followups
        FROM jobs_y j JOIN basins b ON b.id = j.basin JOIN territories t ON t.id = j.territory
        GROUP BY j.committee, j.held_on, b.name, t.name, j.year, j.horizon""", "year, held_on, committee, territory_name"),
    "fund_flows": ("""
        SELECT basin, day, sum(disbursed)::BIGINT AS disbursed, sum(repaid)::BIGINT AS repaid,
               sum(written_off)::BIGINT AS written_off, sum(paid_in)::BIGINT AS paid_in
        FROM (
            SELECT c.basin, c.held_on AS day, p.aid_eur AS disbursed, 0 AS repaid, 0 AS written_off, 0 AS paid_in
            FROM projects p JOIN committees c ON c.id = p.committee WHERE p.decision = 'retained'
            UNION ALL
            SELECT c.basin, r.paid_on, 0, CASE WHEN r.kind = 'repayment' THEN r.amount_eur ELSE 0 END,
                   CASE WHEN r.kind = 'write_off' THEN r.amount_eur ELSE 0 END, 0
            FROM repayments r JOIN projects p ON p.id = r.project JOIN committees c ON c.id = p.committee
            UNION ALL  -- the partners' payments into their basin's fund
            SELECT pa.basin, co.paid_on, 0, 0, 0, co.amount_eur
            FROM contributions co JOIN partners pa ON pa.id = co.partner
        ) GROUP BY basin, day""", "day, basin"),
    # fund_flows per calendar year: a position at D is the years before D's plus D's year's days
    "fund_years": ("""
        SELECT basin, year(day) AS year, sum(paid_in)::BIGINT AS paid_in, sum(disbursed)::BIGINT AS disbursed,
               sum(repaid)::BIGINT AS repaid, sum(written_off)::BIGINT AS written_off
        FROM fund_flows GROUP BY basin, year(day)""", "basin, year"),
    # the loans (retained projects with aid) per basin, committee year (cohort) and day: counted and lent
    # on their committee's day, repaid, written off and first written off on the payment's day, never
    # before the committee's, so that the rows with `day <= D` are the loans granted by D and what they
    # had repaid by D (alize.fund.cohort_rates)
    "cohort_flows": ("""
        WITH loans AS (
            SELECT p.id, p.aid_eur, c.basin, c.held_on FROM projects p JOIN committees c ON c.id = p.committee
            WHERE p.decision = 'retained' AND p.aid_eur > 0
        ),
        paid AS (
            SELECT project, paid_on, amount_eur, kind,
                   kind = 'write_off' AND row_number() OVER (PARTITION BY project, kind ORDER BY paid_on) = 1
                       AS first_write_off
            FROM repayments
        )
        SELECT basin, year(held_on) AS cohort, day, sum(loans)::BIGINT AS loans, sum(lent)::BIGINT AS lent,
               sum(repaid)::BIGINT AS repaid, sum(written_off)::BIGINT AS written_off,
               sum(written_off_loans)::BIGINT AS written_off_loans
        FROM (
            SELECT basin, held_on, held_on AS day, 1 AS loans, aid_eur AS lent, 0 AS repaid, 0 AS written_off,
                   0 AS written_off_loans
            FROM loans
            UNION ALL
            SELECT l.basin, l.held_on, greatest(r.paid_on, l.held_on), 0, 0,
                   CASE WHEN r.kind = 'repayment' THEN r.amount_eur ELSE 0 END,
                   CASE WHEN r.kind = 'write_off' THEN r.amount_eur ELSE 0 END, r.first_write_off::INTEGER
            FROM paid r JOIN loans l ON l.id = r.project
        ) GROUP BY basin, cohort, day""", "basin, day, cohort"),
    # the partners with their basin's name and their payments into its fund (lists sorted by date): the
    # partners page reads them without a join
    "partner_facts": ("""
        WITH co AS (SELECT partner, list(paid_on ORDER BY paid_on) AS paid_on,
                           list(amount_eur ORDER BY paid_on) AS amount_eur
                    FROM contributions GROUP BY partner)
        SELECT pa.id, pa.name, pa.kind, pa.basin, b.name AS basin_name, pa.joined_on, pa.left_on, co.paid_on,
               co.amount_eur
        FROM partners pa JOIN basins b ON b.id = pa.basin LEFT JOIN co ON co.partner = pa.id""",
                      "basin_name, joined_on, name"),
}


def _derived_kinds(con) -> dict[str, str]:
    """{name: 'table' | 'view'} of the derived objects present (tables only when of this version)."""
    out = {}
    names = list(DERIVED)
    marks = ", ".join("?" for _ in names)
    for name, comment in con.execute(
            f"SELECT table_name, comment FROM duckdb_tables() WHERE database_name = current_database() "
            f"AND schema_name = 'main' AND table_name IN ({marks})", names).fetchall():
        out[name] = "table" if comment == DERIVED_MARK else "stale"
    for (name,) in con.execute(
            f"SELECT view_name FROM duckdb_views() WHERE database_name = current_database() "
            f"AND schema_name = 'main' AND view_name IN ({marks})", names).fetchall():
        out[name] = "view"
    return out


# Results computed in Python from the derived tables (metrics.compare stores each extension's comparison
# and commune map): the store keeps their tables, a writer's `derive` fills them (see alize.ingest.rebuild).
STORED_RESULT_TABLES = ("extension_results", "extension_communes")


def create_derived(con, materialise: bool = True, *, derive=None) -> None:
    """(Re)create the derived objects: sorted tables (materialise, then `derive(con)` stores what is
    computed from them) or plain views."""
    if materialise and derive is None:
        raise TypeError("materialised derived tables need derive= (alize.ingest.rebuild)")
    present = _derived_kinds(con)
    for name, (sql, order) in DERIVED.items():  # names and SQL are this module's constants
        kind = present.get(name)
        if kind == "view":
            con.execute(f"DROP VIEW {name}")
        elif kind is not None:
            con.execute(f"DROP TABLE {name}")
        if materialise:
            con.execute(f"CREATE TABLE {name} AS {sql} ORDER BY {order}")
            con.execute(f"COMMENT ON TABLE {name} IS '{DERIVED_MARK}'")
        else:
            con.execute(f"CREATE VIEW {name} AS {sql}")
    if materialise:
        derive(same_connection(con))
    else:  # views are always current; stored results would not be
        for table in STORED_RESULT_TABLES:
            con.execute(f"DROP TABLE IF EXISTS {table}")


class same_connection:
    """A connection whose cursor() is itself, for code that takes a cursor per query: inside a
    writer's transaction it then reads its own uncommitted rows (a DuckDB cursor is another
    connection, outside the transaction)."""

    def __init__(self, con):
        self._con = con

    def cursor(self):
        return self._con

    def __getattr__(self, name):
        return getattr(self._con, name)


def _read_only(con) -> bool:
    row = con.execute("SELECT readonly FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    return bool(row and row[0])


def refresh_derived(con, *, derive) -> None:
    """Bring materialised derived tables up to date after a write (views need nothing)."""
    if _read_only(con):
        return
    kinds = _derived_kinds(con)
    if any(kinds.get(n) != "view" for n in DERIVED):
        create_derived(con, materialise=True, derive=derive)


def derived_ok(path: Path) -> bool:
    with embedded.Snapshot(path) as con:
        kinds = _derived_kinds(con)
        return all(kinds.get(n) in ("table", "view") for n in DERIVED)


def upgrade_derived(path: Path, *, derive) -> None:
    """A database built before the derived tables existed (or of an older shape) gets them, in a new
    version of the file swapped in whole (readers keep reading the old one meanwhile)."""
    if derived_ok(path):
        return
    try:
        with embedded.rewrite(path) as rw:
            rw.con.execute("BEGIN TRANSACTION")
            create_derived(rw.con, materialise=True, derive=derive)
            rw.con.execute("COMMIT")
    except embedded.StoreError:
        pass  # a read-only folder, or a writer at work (it upgrades the file itself): left as it is


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [r[0] for r in rows]


def primary_key(con, table: str) -> list[str]:
    row = con.execute("SELECT constraint_column_names FROM duckdb_constraints() WHERE database_name = "
                      "current_database() AND table_name = ? AND constraint_type = 'PRIMARY KEY'", [table]).fetchone()
    return list(row[0]) if row else []


def csv_files(csv_dir: Path) -> dict[str, Path]:
    return {t: csv_dir / f"{t}.csv" for t in TABLES}


def needs_build(path: Path, csv_dir: Path = DATA_DIR) -> bool:
    """Missing, or older than any source CSV or the schema."""
    if not path.exists():
        return True
    built = path.stat().st_mtime
    sources = [SCHEMA_FILE, *[p for p in csv_files(csv_dir).values() if p.exists()]]
    return any(src.stat().st_mtime > built for src in sources)


def load_csvs(con: duckdb.DuckDBPyConnection, csv_dir: Path) -> None:
    """Insert every table's CSV; the schema's constraints reject bad rows."""
    missing = [p.name for p in csv_files(csv_dir).values() if not p.exists()]
    if missing:
        raise AlizeError(key="error.csv_missing", folder=str(csv_dir), files=", ".join(missing))
    for table, path in csv_files(csv_dir).items():
        cols = table_columns(con, table)
        header = path.open(encoding="utf-8-sig").readline().strip().split(",")
        if header != cols:
            raise AlizeError(key="error.csv_header", name=path.name, header=header, expected=cols)
        col_list = ", ".join(f'"{c}"' for c in cols)  # identifiers from the schema itself
        try:
            con.execute(
                f"INSERT INTO {table} ({col_list}) SELECT {col_list} "
                "FROM read_csv(?, header = true, all_varchar = true, quote = '\"', escape = '\"')",
                [str(path)],
            )
        except duckdb.Error as exc:
            raise AlizeError(key="error.csv_load", name=path.name, detail=exc) from exc
    check_consistency(con)


CONSISTENCY_CHECKS = (
    (
        "un projet est rattaché à un comité d'un autre bassin que son territoire",
        """SELECT p.id FROM projects p JOIN committees c ON c.id = p.committee
           JOIN territories t ON t.id = p.territory WHERE t.basin <> c.basin""",
    ),
    (
        "un projet est déposé après la date de son comité",
        "SELECT p.id FROM projects p JOIN committees c ON c.id = p.committee WHERE p.submitted_on > c.held_on",
    ),
    (
        "la commune d'un projet n'appartient pas à son territoire",
        """SELECT p.id FROM projects p JOIN communes m ON m.insee_code = p.commune
           WHERE m.territory <> p.territory""",
    ),
    (
        "un suivi d'emplois est antérieur au comité du projet",
        """SELECT f.project FROM followups f JOIN projects p ON p.id = f.project
           JOIN committees c ON c.id = p.committee WHERE f.observed_on < c.held_on""",
    ),
    (
        "une mission de compétence concerne un projet non retenu",
        "SELECT m.project FROM missions m JOIN projects p ON p.id = m.project WHERE p.decision <> 'retained'",
    ),
)


def check_consistency(con: duckdb.DuckDBPyConnection) -> None:
    """Rules that span tables, which CHECK constraints cannot express. Writers call it after their
    writes, then refresh_derived()."""
    for message, sql in CONSISTENCY_CHECKS:
        bad = con.execute(sql + " LIMIT 3").fetchall()
        if bad:
            ids = ", ".join(str(r[0]) for r in bad)
            raise AlizeError(key="error.inconsistent", rule=message, ids=ids)


def build(path: Path | None = None, csv_dir: Path = DATA_DIR, *, derive) -> Path:
    """Build the database from the CSVs into a temporary file, then swap it in."""
    path = Path(path or db_path())
    if path.is_dir():
        embedded.check(path)  # says it is a directory
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".building")
    for leftover in (tmp, Path(str(tmp) + ".wal")):
        leftover.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        con.execute("SET enable_progress_bar = false")
        create_schema(con)
        load_csvs(con, csv_dir)
        create_derived(con, materialise=True, derive=derive)
        con.execute("CHECKPOINT")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        Path(str(tmp) + ".wal").unlink(missing_ok=True)
        raise
    con.close()
    os.replace(tmp, path)
    return path


def is_default(path: Path) -> bool:
    return Path(path).expanduser().resolve() == settings.DEFAULT_DB.resolve()


def _fresh_checkout(path: Path) -> bool:
    """The default file of a checkout that never held imports (no backup beside it): the demo's place."""
    bdir = embedded.backups_dir(path)
    return is_default(path) and not (bdir.is_dir() and any(bdir.iterdir()))


def ensure(path: Path | None = None, csv_dir: Path = DATA_DIR, *, derive) -> Path:
    """Make sure `path` holds records, building the demo only where that cannot lose any.

    The demo is built at the default path of a fresh checkout, and rebuilt over a file that is
    known to be demo data when the CSVs are newer. A file that exists but cannot be read is never
    written (StoreError says what is wrong); a configured path with no file is an error that says
    how to create it."""
    path = Path(path or db_path())
    with _build_lock:
        if not embedded.check(path):
            if not _fresh_checkout(path):
                raise embedded.StoreError(missing_message(path))
            build(path, csv_dir, derive=derive)
        elif needs_build(path, csv_dir) and source_of(path) == "demo":
            build(path, csv_dir, derive=derive)
        else:
            upgrade_derived(path, derive=derive)
    return path


def missing_message(path: Path) -> str:
    if is_default(path):
        return (f"La base {path} a disparu alors que des imports y avaient été faits (voir "
                f"{embedded.backups_dir(path)}) : restaurez la dernière copie, ou reconstruisez la démonstration "
                "avec « python -m alize init ».")
    return (f"La base configurée {path} n'existe pas (ALIZE_DB ou [alize] db dans les secrets). Vérifiez le "
            f"chemin (un volume non monté ?), ou créez-la : « ALIZE_DB={path} python -m alize init » (données "
            "de démonstration) ou « … init --csv-dir DOSSIER » (vos CSV), puis importez vos fichiers.")


def source_of(path: Path) -> str | None:
    """meta's `source` (demo, import, scaled-demo...), None when not recorded or the file is busy."""
    try:
        with embedded.Snapshot(path) as con:
            row = con.execute("SELECT value FROM meta WHERE key = 'source'").fetchone()
    except (embedded.StoreError, duckdb.Error):
        return None
    return row[0] if row else None


def connect(path: Path | None = None, read_only: bool = True):
    """A connection for one process (the CLI, tests); callers take a .cursor() per query. It never
    builds (alize.ingest.rebuild.ensure does). Writers never open the file itself for writing: see
    embedded.rewrite."""
    path = Path(path or db_path())
    if not embedded.check(path):
        raise embedded.StoreError(missing_message(path))
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        if embedded._is_lock_error(exc):
            raise AlizeError(key="error.store_locked_detail", path=str(path), detail=exc) from exc
        embedded.check(path)
        raise embedded.StoreError(f"La base {path} ne peut pas être ouverte : {embedded._first_line(exc)}") from exc


def snapshot(path: Path | None = None) -> embedded.Snapshot:
    """What a long-lived reader (the app) holds: one version of the file, however many imports follow."""
    path = Path(path or db_path())
    if not embedded.check(path):
        raise embedded.StoreError(missing_message(path))
    return embedded.Snapshot(path)


def is_demo(con) -> bool:
    row = con.cursor().execute("SELECT value FROM meta WHERE key = 'source'").fetchone()
    return bool(row) and row[0] == "demo"
