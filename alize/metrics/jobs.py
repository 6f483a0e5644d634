"""Jobs and firms: jobs created, maintained and the net change at a date; realisation and survival at
fixed horizons (3 and 5 years after the committee) by cohort; job curves.

Definitions (docs/definitions.md). A retained project's headcount at a date T is 0 from its firm's
`closed_on` on (whether or not a visit recorded the closure), else its latest follow-up on or before
T; with neither it is unknown: a *missing follow-up*. From the headcount h and the headcount at
application s: jobs created (gross) = max(h − s, 0), jobs maintained = min(h, s), net change = h − s.
A missing follow-up counts no job in these sums, is left out of the denominators of realisation and
survival, and is counted beside them. Realisation and survival at h years look at each project at its
committee + h years, over the projects that have reached it by D: every cohort is judged at the same age.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import pandas as pd

from alize.scope import Scope
from alize.store.tables import COMMITTEE_FACTS, CURVE_FACTS, PROJECT_FACTS
from alize.store.where import scope_where

MATURITY_YEARS = 3
HORIZONS = (3, 5)  # years after the committee at which realisation and survival are read
# INSEE's published survival of French firms (created in the first half of 2010, excluding
# auto-entrepreneurs; SINE survey): 71 % at 3 years (Insee Première n° 1543, April 2015) and 60 % at
# 5 years (Insee Première n° 1639, March 2017). docs/definitions.md, "Référence nationale".
NATIONAL_SURVIVAL = {3: 0.71, 5: 0.60}
NATIONAL_SURVIVAL_SOURCE = "Insee Première n° 1543 (2015) et n° 1639 (2017), entreprises créées en 2010"


def add_years(day: dt.date, years: int) -> dt.date:
    """Same day `years` later; 29 February becomes 28 February (as DuckDB's date + INTERVAL does)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def default_as_of(con) -> dt.date:
    """'To date' means as far as the records go: the latest follow-up visit or closure, both of which
    set a headcount (today if neither). It is then on or after every project's last known state, so
    db.committee_facts answers for it."""
    row = con.cursor().execute("""SELECT greatest((SELECT max(observed_on) FROM followups),
                                                  (SELECT max(closed_on) FROM projects WHERE decision = 'retained'))""").fetchone()
    return row[0] if row and row[0] else dt.date.today()


def _ratio(a, b):
    return None if not b else a / b


def _horizon_sql(h: int) -> str:
    """A retained project's figures at committee + h years (columns of `heads`, see _jobs_cte)."""
    return f"""committee_on <= ? AS reached_{h}y,
               committee_on <= ? AND head_{h}y IS NOT NULL AS followed_{h}y,
               committee_on <= ? AND head_{h}y IS NULL AS missing_{h}y,
               CASE WHEN committee_on <= ? AND head_{h}y IS NOT NULL THEN greatest(head_{h}y - jobs_at_start, 0) END
                   AS created_{h}y,
               CASE WHEN committee_on <= ? AND head_{h}y IS NOT NULL
                    THEN closed_on IS NULL OR closed_on > (committee_on + INTERVAL {h} YEAR)::DATE END AS survived_{h}y"""


def _jobs_cte(scope: Scope, as_of: dt.date) -> tuple[str, list]:
    """`pj`: one row per retained project of the scope with its jobs at `as_of` and at each horizon
    (db.project_facts holds each project's follow-ups as date-sorted lists: the n of them on or before
    a date, the n-th). Horizons are fixed ints from HORIZONS, the only values spliced in."""
    where, params = scope_where(scope, PROJECT_FACTS, decided_only=True)
    counted = ",\n".join(
        f"coalesce(len(list_filter(f.fu_on, lambda x: x <= (f.held_on + INTERVAL {h} YEAR)::DATE)), 0) AS n_{h}y, "
        f"f.closed_on <= (f.held_on + INTERVAL {h} YEAR)::DATE AS closed_{h}y" for h in HORIZONS)
    heads = ",\n".join(f"CASE WHEN s.closed_{h}y THEN 0 WHEN s.n_{h}y > 0 THEN s.fu_jobs[s.n_{h}y] END AS head_{h}y"
                       for h in HORIZONS)
    horizons = ",\n".join(_horizon_sql(h) for h in HORIZONS)
    sql = f"""
    scoped AS (
        SELECT f.id AS project, f.basin_name AS basin, f.territory_name AS territory, f.held_on AS committee_on,
               f.aid_eur, f.bank_loans_eur, f.jobs_at_start, f.jobs_committed, f.closed_on, f.fu_on, f.fu_jobs,
               coalesce(len(list_filter(f.fu_on, lambda x: x <= ?)), 0) AS n,
               coalesce(f.closed_on <= ?, false) AS closed,
               {counted}
        FROM project_facts f
        WHERE {where} AND f.decision = 'retained'
    ),
    heads AS (
        SELECT s.project, s.basin, s.territory, s.committee_on, s.aid_eur, s.bank_loans_eur, s.jobs_at_start,
               s.jobs_committed, s.closed_on, s.n, s.fu_on, s.fu_jobs,
               CASE WHEN s.closed THEN 0 WHEN s.n > 0 THEN s.fu_jobs[s.n] END AS head,
               {heads}
        FROM scoped s
    ),
    pj AS (
        SELECT project, basin, territory, committee_on, year(committee_on)::BIGINT AS cohort,
               aid_eur::BIGINT AS aid_eur, bank_loans_eur::BIGINT AS bank_loans_eur,
               jobs_at_start::BIGINT AS jobs_at_start, jobs_committed::BIGINT AS jobs_committed,
               closed_on, CASE WHEN n > 0 THEN fu_on[n] END AS last_observed_on,
               (CASE WHEN n > 0 THEN fu_jobs[n] END)::BIGINT AS last_jobs, n > 0 AS has_followup,
               head::BIGINT AS headcount,
               (CASE WHEN head IS NOT NULL THEN greatest(head - jobs_at_start, 0) ELSE 0 END)::BIGINT AS jobs_created,
               (CASE WHEN head IS NOT NULL THEN least(head, jobs_at_start) ELSE 0 END)::BIGINT AS jobs_maintained,
               (CASE WHEN head IS NOT NULL THEN head - jobs_at_start ELSE 0 END)::BIGINT AS jobs_net_change,
               committee_on <= ? AND head IS NULL AS missing_followup,
               {horizons},
               committee_on <= ? AS mature
        FROM heads
    )"""
    reached = [add_years(as_of, -h) for h in HORIZONS for _ in range(5)]
    return sql, [as_of, as_of, *params, as_of, *reached, add_years(as_of, -MATURITY_YEARS)]


# The sums every jobs figure is made of, as (name, SQL over `pj`): the summary and each cohort row.
_SUMS = (
    ("projects_retained", "count(*)"),
    ("jobs_committed", "sum(jobs_committed)"),
    ("jobs_created", "sum(jobs_created)"),
    ("jobs_maintained", "sum(jobs_maintained)"),
    ("jobs_net_change", "sum(jobs_net_change)"),
    ("missing_followups", "count(*) FILTER (WHERE missing_followup)"),
    ("aid_eur", "sum(aid_eur)"),
    ("bank_loans_eur", "sum(bank_loans_eur) FILTER (WHERE aid_eur > 0)"),
    *[pair for h in HORIZONS for pair in (
        (f"projects_{h}y", f"count(*) FILTER (WHERE reached_{h}y)"),
        (f"followed_{h}y", f"count(*) FILTER (WHERE followed_{h}y)"),
        (f"missing_{h}y", f"count(*) FILTER (WHERE missing_{h}y)"),
        (f"jobs_committed_{h}y", f"sum(jobs_committed) FILTER (WHERE followed_{h}y)"),
        (f"jobs_created_{h}y", f"sum(created_{h}y) FILTER (WHERE followed_{h}y)"),
        (f"survivors_{h}y", f"count(*) FILTER (WHERE survived_{h}y)"))],
)
SUM_NAMES = tuple(name for name, _ in _SUMS)
_SUMS_SQL = ", ".join(f"coalesce({expr}, 0)::BIGINT AS {name}" for name, expr in _SUMS)


@dataclass(frozen=True)
class JobsSummary:
    """The jobs figures of a scope at `as_of`. Fields: the sums of _SUMS, for every retained project
    (`jobs_*` at as_of) and, per horizon h, over the projects whose committee + h years is on or before
    as_of (`projects_hy`), of which `followed_hy` had a known headcount then and `missing_hy` had not."""

    as_of: dt.date
    projects_retained: int
    jobs_committed: int
    jobs_created: int             # gross: new jobs above the headcount at application, never negative
    jobs_maintained: int          # the headcount at application still there (capped at it)
    jobs_net_change: int          # headcount − headcount at application, losses and closures included
    missing_followups: int
    aid_eur: int
    bank_loans_eur: int           # of the projects that received aid: what leverage divides
    projects_3y: int
    followed_3y: int
    missing_3y: int
    jobs_committed_3y: int
    jobs_created_3y: int
    survivors_3y: int
    projects_5y: int
    followed_5y: int
    missing_5y: int
    jobs_committed_5y: int
    jobs_created_5y: int
    survivors_5y: int

    @property
    def realisation_rate_3y(self) -> float | None:
        """Jobs created 3 years after the committee / jobs committed, over the projects followed then."""
        return _ratio(self.jobs_created_3y, self.jobs_committed_3y)

    @property
    def realisation_rate_5y(self) -> float | None:
        return _ratio(self.jobs_created_5y, self.jobs_committed_5y)

    @property
    def survival_rate_3y(self) -> float | None:
        """Firms still active 3 years after the committee / projects followed then (closures included)."""
        return _ratio(self.survivors_3y, self.followed_3y)

    @property
    def survival_rate_5y(self) -> float | None:
        return _ratio(self.survivors_5y, self.followed_5y)

    @property
    def leverage(self) -> float | None:
        """Bank loans mobilised per euro of alIZé aid, over the projects that received aid (bank_loans_eur
        counts only theirs, as the networks define leverage)."""
        return _ratio(self.bank_loans_eur, self.aid_eur)

    @property
    def average_aid(self) -> float | None:
        return _ratio(self.aid_eur, self.projects_retained)

    @property
    def aid_per_job_committed(self) -> float | None:
        return _ratio(self.aid_eur, self.jobs_committed)

    @property
    def aid_per_job_created(self) -> float | None:
        return _ratio(self.aid_eur, self.jobs_created) if self.jobs_created > 0 else None

    def to_dict(self) -> dict:
        out = asdict(self)
        out["as_of"] = self.as_of.isoformat()
        for name in RATIOS:
            out[name] = getattr(self, name)
        out["national_survival"] = {f"{h}y": NATIONAL_SURVIVAL[h] for h in HORIZONS}
        return out


RATIOS = ("realisation_rate_3y", "realisation_rate_5y", "survival_rate_3y", "survival_rate_5y", "leverage",
          "average_aid", "aid_per_job_committed", "aid_per_job_created")


def jobs_summary(con, scope: Scope, as_of: dt.date | None = None) -> JobsSummary:
    """The jobs-and-firms figures of a scope at one date (default: default_as_of, the records' last date)."""
    as_of = as_of or default_as_of(con)
    cells = _cells_jobs(con, scope, as_of, group=None)
    return _summary_from_lists(con, scope, as_of) if cells is None else _summary(as_of, cells)


def jobs_and_cohorts(con, scope: Scope, as_of: dt.date | None = None) -> tuple[JobsSummary, pd.DataFrame]:
    """jobs_summary() and realisation_by_cohort() from one query: the jobs page shows both."""
    as_of = as_of or default_as_of(con)
    cells = _cells_jobs(con, scope, as_of, group="cohort")
    if cells is None:
        return _summary_from_lists(con, scope, as_of), _cohort_frame(_realisation_by_cohort(con, scope, as_of))
    return _summary(as_of, cells), _cohort_frame(_cohorts(cells))


def _summary_from_lists(con, scope: Scope, as_of: dt.date) -> JobsSummary:
    cte, params = _jobs_cte(scope, as_of)
    row = con.cursor().execute(f"WITH {cte} SELECT {_SUMS_SQL} FROM pj", params).fetchone()
    return JobsSummary(as_of, *[int(v) for v in row])


def _summary(as_of: dt.date, cells: dict) -> JobsSummary:
    return JobsSummary(as_of, *(sum(c[k] for c in cells.values()) for k in SUM_NAMES))


def _cohorts(cells: dict) -> list[tuple]:
    """A cohort none of whose projects has reached 3 years is left out (its firms are too young to judge)."""
    return [(key, *(c[k] for k in SUM_NAMES)) for key, c in sorted(cells.items()) if c["projects_3y"] > 0]


_COHORT_COLUMNS = ["cohort", *SUM_NAMES]
_COHORT_RATIOS = {
    "realisation_rate_3y": ("jobs_created_3y", "jobs_committed_3y"),
    "realisation_rate_5y": ("jobs_created_5y", "jobs_committed_5y"),
    "survival_rate_3y": ("survivors_3y", "followed_3y"), "survival_rate_5y": ("survivors_5y", "followed_5y"),
    "leverage": ("bank_loans_eur", "aid_eur"), "aid_per_job_committed": ("aid_eur", "jobs_committed"),
}


def _cohort_frame(rows: list[tuple]) -> pd.DataFrame:
    """Built once from plain rows, the ratios included: a pandas operation costs ~0.2 ms even on ten rows."""
    cols = dict(zip(_COHORT_COLUMNS, zip(*rows))) if rows else {c: () for c in _COHORT_COLUMNS}
    frame = {c: pd.array([int(v) for v in cols[c]], dtype="int64") for c in _COHORT_COLUMNS}
    for name, (num, den) in _COHORT_RATIOS.items():
        frame[name] = pd.array([a / b if b > 0 else float("nan") for a, b in zip(cols[num], cols[den])],
                               dtype="float64")
    return pd.DataFrame(frame)


# committee_facts' column for each sum; per horizon, the sum counts only where the committee reached it
_CELL_COLUMNS = {
    "projects_retained": "retained", "jobs_committed": "jobs_committed", "jobs_created": "jobs_created_last",
    "jobs_maintained": "jobs_maintained_last", "jobs_net_change": "jobs_net_last",
    "missing_followups": "without_followup", "aid_eur": "aid_eur", "bank_loans_eur": "aided_bank_loans_eur",
    **{k: v for h in HORIZONS for k, v in (
        (f"projects_{h}y", "retained"), (f"followed_{h}y", f"followed_{h}y"), (f"missing_{h}y", f"missing_{h}y"),
        (f"jobs_committed_{h}y", f"committed_{h}y"), (f"jobs_created_{h}y", f"created_{h}y"),
        (f"survivors_{h}y", f"survivors_{h}y"))},
}


def _cells_jobs(con, scope: Scope, as_of: dt.date, group: str | None) -> dict | None:
    """{key: sums} per `group` (None: one key; "cohort": the committee year) from db.committee_facts, or
    None when it cannot answer: a sector or kind filter, or a follow-up or closure after `as_of` in scope
    (its columns hold each project's last known state, which is its state at as_of only then).
    Rows come grouped by horizon reached and are summed here: plain sums plan faster than FILTER clauses."""
    if not COMMITTEE_FACTS.answers(scope):
        return None
    where, params = scope_where(scope, COMMITTEE_FACTS)
    grp = "year(cf.held_on)::BIGINT" if group == "cohort" else "NULL"
    columns = list(dict.fromkeys(_CELL_COLUMNS.values()))
    sums = ", ".join(f"sum(cf.{c})" for c in columns)
    reached = ", ".join("cf.held_on <= ?" for _ in HORIZONS)
    rows = con.cursor().execute(f"""
        SELECT {grp}, cf.held_on <= ?, {reached}, max(cf.last_event_on), {sums}
        FROM committee_facts cf
        WHERE {where} AND cf.retained > 0
        GROUP BY ALL""", [as_of, *[add_years(as_of, -h) for h in HORIZONS], *params]).fetchall()
    n = len(HORIZONS)
    if any(r[2 + n] is not None and r[2 + n] > as_of for r in rows):
        return None
    out: dict = {}
    for key, held, *rest in rows:
        flags, values = dict(zip(HORIZONS, rest[:n])), dict(zip(columns, rest[n + 1:]))
        acc = out.setdefault(key, dict.fromkeys(SUM_NAMES, 0))
        for name, column in _CELL_COLUMNS.items():
            h = next((h for h in HORIZONS if name.endswith(f"_{h}y")), None)
            if (h is not None and not flags[h]) or (name == "missing_followups" and not held):
                continue  # a horizon not reached; a committee after as_of has no missing follow-up yet
            acc[name] += int(values[column] or 0)
    return out


def realisation_by_cohort(con, scope: Scope, as_of: dt.date | None = None) -> pd.DataFrame:
    """Per committee year: the sums of _SUMS (all the cohort's retained projects, and per horizon those
    that reached it by as_of) and the ratios of _COHORT_RATIOS. A cohort none of whose projects has
    reached 3 years is left out (its firms are too young to judge)."""
    as_of = as_of or default_as_of(con)
    cells = _cells_jobs(con, scope, as_of, group="cohort")
    return _cohort_frame(_realisation_by_cohort(con, scope, as_of) if cells is None else _cohorts(cells))


def _realisation_by_cohort(con, scope: Scope, as_of: dt.date) -> list[tuple]:
    cte, params = _jobs_cte(scope, as_of)
    return con.cursor().execute(f"""WITH {cte}, c AS (SELECT cohort, {_SUMS_SQL} FROM pj GROUP BY cohort)
        SELECT * FROM c WHERE projects_3y > 0 ORDER BY cohort""", params).fetchall()


def jobs_curves(con, scope: Scope, as_of: dt.date | None = None) -> pd.DataFrame:
    """Jobs created k whole years after the committee, per cohort: one line per cohort in a chart.

    For each retained project and k = 0, 1, 2...: its jobs created (gross) at committee + k years:
    0 once its firm has closed, else the latest headcount on or before then above the headcount at
    application (0 without a follow-up by then). A point (cohort, k)
    is shown only once every project of the cohort has reached k years (31 December of cohort + k
    on or before as_of), so a line never drops because half a cohort is not yet observed.
    Columns: cohort, years_since_committee, projects, jobs_committed, jobs_created, realisation_rate.
    """
    as_of = as_of or default_as_of(con)
    df = _cells_curves(con, scope, as_of)
    if df is None:
        df = _curves(con, scope, as_of)
    df["realisation_rate"] = df["jobs_created"] / df["jobs_committed"].where(df["jobs_committed"] > 0)
    return df


def _cells_curves(con, scope: Scope, as_of: dt.date) -> pd.DataFrame | None:
    """jobs_curves from db.curve_facts, or None when it cannot answer (a sector or kind filter, or a
    point after its horizon, the last year of the records)."""
    if not CURVE_FACTS.answers(scope):
        return None
    where, params = scope_where(scope, CURVE_FACTS)
    last_year = as_of.year if as_of >= dt.date(as_of.year, 12, 31) else as_of.year - 1  # whole years seen
    rows = con.cursor().execute(f"""
        SELECT year(cf.held_on)::BIGINT, cf.k, sum(cf.projects)::BIGINT, sum(cf.jobs_committed)::BIGINT,
               sum(cf.jobs_created)::BIGINT, min(cf.horizon)
        FROM curve_facts cf
        WHERE {where} AND year(cf.held_on) + cf.k <= ?
        GROUP BY 1, 2 ORDER BY 1, 2""", [*params, last_year]).fetchall()
    if rows and rows[0][5] < last_year:
        return None
    cols = ["cohort", "years_since_committee", "projects", "jobs_committed", "jobs_created"]
    return pd.DataFrame({c: pd.array([r[i] for r in rows], dtype="int64") for i, c in enumerate(cols)})


def _curves(con, scope: Scope, as_of: dt.date) -> pd.DataFrame:
    where, params = scope_where(scope, PROJECT_FACTS, decided_only=True)
    horizon = max(0, as_of.year - scope.start.year) + 1
    sql = f"""
    WITH scoped AS (
        SELECT year(f.held_on) AS cohort, f.held_on AS committee_on, f.jobs_at_start, f.jobs_committed,
               f.closed_on, f.fu_on, f.fu_jobs
        FROM project_facts f
        WHERE {where} AND f.decision = 'retained'
    ),
    grid AS (
        SELECT s.cohort, s.jobs_at_start, s.jobs_committed, s.closed_on, s.fu_on, s.fu_jobs, r.k,
               (s.committee_on + to_years(r.k::INTEGER))::DATE AS target
        FROM scoped s CROSS JOIN range(0, ?) r(k)
        WHERE make_date((s.cohort + r.k)::INTEGER, 12, 31) <= ?
    ),
    obs AS (
        SELECT cohort, k, jobs_committed, jobs_at_start, fu_jobs, coalesce(closed_on <= target, false) AS closed,
               coalesce(len(list_filter(fu_on, lambda x: x <= target)), 0) AS n
        FROM grid
    )
    SELECT cohort::BIGINT AS cohort, k::BIGINT AS years_since_committee, count(*)::BIGINT AS projects,
           sum(jobs_committed)::BIGINT AS jobs_committed,
           sum(CASE WHEN NOT closed AND n > 0 THEN greatest(fu_jobs[n] - jobs_at_start, 0) ELSE 0 END)::BIGINT
               AS jobs_created
    FROM obs
    GROUP BY 1, 2 ORDER BY 1, 2"""
    return con.cursor().execute(sql, [*params, horizon, as_of]).df()


PROJECT_JOB_COLUMNS = ("project", "jobs_at_start", "jobs_committed", "headcount", "jobs_created", "jobs_maintained",
                       "jobs_net_change", "missing_followup")


def project_jobs(con, scope: Scope, as_of: dt.date | None = None) -> pd.DataFrame:
    """Each retained project of the scope at `as_of` with the same definitions as jobs_summary(): what a
    report per firm (the partner report's firms supported) shows. Columns: PROJECT_JOB_COLUMNS."""
    as_of = as_of or default_as_of(con)
    cte, params = _jobs_cte(scope, as_of)
    return con.cursor().execute(f"WITH {cte} SELECT {', '.join(PROJECT_JOB_COLUMNS)} FROM pj ORDER BY project",
                                params).df()
