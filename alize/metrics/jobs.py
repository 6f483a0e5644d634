"""Jobs and firms: jobs created at a date, realisation by cohort, job curves, 3-year survival.

Definitions (docs/definitions.md): jobs created at D by a retained project = its latest followed-up
headcount on or before D minus its headcount at application. A retained project with no follow-up
on or before D contributes 0 jobs created and is counted in `missing_followups`, so a gap in the
follow-up visits shows instead of silently lowering the figure. Realisation and survival only look
at projects whose committee is at least 3 years before D: younger firms have not had time to hire.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import pandas as pd

from alize.scope import Scope
from alize.store.tables import COMMITTEE_FACTS, CURVE_FACTS, PROJECT_FACTS
from alize.store.where import scope_where

MATURITY_YEARS = 3


def add_years(day: dt.date, years: int) -> dt.date:
    """Same day `years` later; 29 February becomes 28 February (as DuckDB's date + INTERVAL does)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def default_as_of(con) -> dt.date:
    """'To date' means as far as the records go: the latest follow-up visit (today if none)."""
    row = con.cursor().execute("SELECT max(observed_on) FROM followups").fetchone()
    return row[0] if row and row[0] else dt.date.today()


def _ratio(a, b):
    return None if not b else a / b


def _jobs_cte(scope: Scope, as_of: dt.date) -> tuple[str, list]:
    """`pj`: one row per retained project of the scope with its jobs created at `as_of` (db.project_facts
    holds each project's follow-ups as date-sorted lists: the n of them on or before as_of, the n-th)."""
    where, params = scope_where(scope, PROJECT_FACTS, decided_only=True)
    mature_before = add_years(as_of, -MATURITY_YEARS)
    sql = f"""
    scoped AS (
        SELECT f.id AS project, f.basin_name AS basin, f.territory_name AS territory, f.held_on AS committee_on,
               f.aid_eur, f.bank_loans_eur, f.jobs_at_start, f.jobs_committed, f.closed_on, f.fu_on, f.fu_jobs,
               coalesce(len(list_filter(f.fu_on, lambda x: x <= ?)), 0) AS n
        FROM project_facts f
        WHERE {where} AND f.decision = 'retained'
    ),
    pj AS (
        SELECT s.project, s.basin, s.territory, s.committee_on, year(s.committee_on)::BIGINT AS cohort,
               s.aid_eur::BIGINT AS aid_eur, s.bank_loans_eur::BIGINT AS bank_loans_eur,
               s.jobs_at_start::BIGINT AS jobs_at_start, s.jobs_committed::BIGINT AS jobs_committed,
               s.closed_on, CASE WHEN s.n > 0 THEN s.fu_on[s.n] END AS last_observed_on,
               (CASE WHEN s.n > 0 THEN s.fu_jobs[s.n] END)::BIGINT AS last_jobs,
               s.n > 0 AS has_followup,
               coalesce(CASE WHEN s.n > 0 THEN s.fu_jobs[s.n] - s.jobs_at_start END, 0)::BIGINT AS jobs_created,
               s.committee_on <= ? AS mature,
               CASE WHEN s.committee_on <= ?
                    THEN s.closed_on IS NULL OR s.closed_on > (s.committee_on + INTERVAL 3 YEAR)::DATE END
                   AS survived_3y,
               s.committee_on <= ? AND s.n = 0 AS missing_followup
        FROM scoped s
    )"""
    return sql, [as_of, *params, mature_before, mature_before, as_of]


@dataclass(frozen=True)
class JobsSummary:
    as_of: dt.date
    projects_retained: int
    jobs_committed: int
    jobs_created: int
    missing_followups: int
    aid_eur: int
    bank_loans_eur: int
    mature_projects: int          # retained, committee at least 3 years before as_of
    mature_jobs_committed: int
    mature_jobs_created: int
    survivors_3y: int

    @property
    def realisation_rate(self) -> float | None:
        """Jobs created / jobs committed, over mature projects only."""
        return _ratio(self.mature_jobs_created, self.mature_jobs_committed)

    @property
    def survival_rate_3y(self) -> float | None:
        return _ratio(self.survivors_3y, self.mature_projects)

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
        for name in ("realisation_rate", "survival_rate_3y", "leverage", "average_aid",
                     "aid_per_job_committed", "aid_per_job_created"):
            out[name] = getattr(self, name)
        return out


def jobs_summary(con, scope: Scope, as_of: dt.date | None = None) -> JobsSummary:
    """The jobs-and-firms figures of a scope at one date (default: the latest follow-up)."""
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
    row = con.cursor().execute(f"""WITH {cte}
        SELECT count(*), coalesce(sum(jobs_committed), 0), coalesce(sum(jobs_created), 0),
               count(*) FILTER (WHERE missing_followup), coalesce(sum(aid_eur), 0),
               coalesce(sum(bank_loans_eur) FILTER (WHERE aid_eur > 0), 0), count(*) FILTER (WHERE mature),
               coalesce(sum(jobs_committed) FILTER (WHERE mature), 0),
               coalesce(sum(jobs_created) FILTER (WHERE mature), 0),
               count(*) FILTER (WHERE mature AND survived_3y)
        FROM pj""", params).fetchone()
    return JobsSummary(as_of, *[int(v) for v in row])


# committee_facts sums per key: all retained projects, then the mature ones (committee <= as_of - 3 years)
_ALL = ("retained", "committed", "created", "missing", "aid", "bank")
_MATURE = ("m_retained", "m_committed", "m_created", "m_missing", "m_aid", "m_bank", "m_survivors")


def _summary(as_of: dt.date, cells: dict) -> JobsSummary:
    total = {k: sum(c[k] for c in cells.values()) for k in (*_ALL, *_MATURE)}
    return JobsSummary(as_of, *(total[k] for k in (*_ALL, "m_retained", "m_committed", "m_created", "m_survivors")))


def _cohorts(cells: dict) -> list[tuple]:
    """A cohort with no mature project is left out (its firms are too young to judge)."""
    return [(key, c["m_retained"], c["m_committed"], c["m_created"], c["m_missing"], c["m_survivors"], c["m_aid"],
             c["m_bank"]) for key, c in sorted(cells.items()) if c["m_retained"] > 0]


_COHORT_COLUMNS = ["cohort", "projects", "jobs_committed", "jobs_created", "missing_followups", "survivors_3y",
                   "aid_eur", "bank_loans_eur"]


def _cohort_frame(rows: list[tuple]) -> pd.DataFrame:
    """Built once from plain rows, the ratios included: a pandas operation costs ~0.2 ms even on ten rows."""
    cols = dict(zip(_COHORT_COLUMNS, zip(*rows))) if rows else {c: () for c in _COHORT_COLUMNS}
    ratios = {"realisation_rate": ("jobs_created", "jobs_committed"), "survival_rate_3y": ("survivors_3y", "projects"),
              "leverage": ("bank_loans_eur", "aid_eur"), "aid_per_job_committed": ("aid_eur", "jobs_committed")}
    frame = {c: pd.array([int(v) for v in cols[c]], dtype="int64") for c in _COHORT_COLUMNS}
    for name, (num, den) in ratios.items():
        frame[name] = pd.array([a / b if b > 0 else float("nan") for a, b in zip(cols[num], cols[den])],
                               dtype="float64")
    return pd.DataFrame(frame)


def _cells_jobs(con, scope: Scope, as_of: dt.date, group: str | None) -> dict | None:
    """{key: sums} per `group` (None: one key; "cohort": the committee year) from db.committee_facts, or
    None when it cannot answer: a sector or kind filter, or a follow-up after `as_of` in scope (its jobs
    columns hold each project's latest follow-up, which is the one on or before as_of only then).
    Rows come grouped by maturity and are summed here: plain sums plan faster than FILTER clauses."""
    if not COMMITTEE_FACTS.answers(scope):
        return None
    where, params = scope_where(scope, COMMITTEE_FACTS)
    grp = "year(cf.held_on)::BIGINT" if group == "cohort" else "NULL"
    rows = con.cursor().execute(f"""
        SELECT {grp}, cf.held_on <= ?, cf.held_on <= ?, sum(cf.retained), sum(cf.jobs_committed),
               sum(cf.jobs_created_last), sum(cf.without_followup), sum(cf.aid_eur), sum(cf.aided_bank_loans_eur),
               sum(cf.survivors_3y), max(cf.last_observed_on)
        FROM committee_facts cf
        WHERE {where} AND cf.retained > 0
        GROUP BY 1, 2, 3""", [add_years(as_of, -MATURITY_YEARS), as_of, *params]).fetchall()
    if any(r[10] is not None and r[10] > as_of for r in rows):
        return None
    out: dict = {}
    for key, mature, held, retained, committed, created, without, aid, bank, survivors, _ in rows:
        acc = out.setdefault(key, dict.fromkeys((*_ALL, *_MATURE), 0))
        values = dict(zip(_ALL, (retained, committed, created, without if held else 0, aid, bank)))
        for k, v in values.items():
            acc[k] += int(v)
        if mature:  # a mature committee is before as_of: its missing follow-ups count
            for k, v in values.items():
                acc["m_" + k] += int(v)
            acc["m_survivors"] += int(survivors)
    return out


def realisation_by_cohort(con, scope: Scope, as_of: dt.date | None = None) -> pd.DataFrame:
    """Per committee year, over mature projects only (committee at least 3 years before as_of).

    Columns: cohort, projects, jobs_committed, jobs_created, realisation_rate, missing_followups,
    survivors_3y, survival_rate_3y, aid_eur, bank_loans_eur, leverage, aid_per_job_committed.
    A cohort with no mature project is left out (its firms are too young to judge).
    """
    as_of = as_of or default_as_of(con)
    cells = _cells_jobs(con, scope, as_of, group="cohort")
    return _cohort_frame(_realisation_by_cohort(con, scope, as_of) if cells is None else _cohorts(cells))


def _realisation_by_cohort(con, scope: Scope, as_of: dt.date) -> list[tuple]:
    cte, params = _jobs_cte(scope, as_of)
    return con.cursor().execute(f"""WITH {cte}
        SELECT cohort, count(*) AS projects, sum(jobs_committed) AS jobs_committed,
               sum(jobs_created) AS jobs_created, count(*) FILTER (WHERE missing_followup) AS missing_followups,
               count(*) FILTER (WHERE survived_3y) AS survivors_3y, sum(aid_eur) AS aid_eur,
               coalesce(sum(bank_loans_eur) FILTER (WHERE aid_eur > 0), 0) AS bank_loans_eur
        FROM pj WHERE mature GROUP BY cohort ORDER BY cohort""", params).fetchall()


def jobs_curves(con, scope: Scope, as_of: dt.date | None = None) -> pd.DataFrame:
    """Jobs created k whole years after the committee, per cohort: one line per cohort in a chart.

    For each retained project and k = 0, 1, 2...: the latest headcount on or before committee + k
    years, minus the headcount at application (0 without a follow-up by then). A point (cohort, k)
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
               f.fu_on, f.fu_jobs
        FROM project_facts f
        WHERE {where} AND f.decision = 'retained'
    ),
    grid AS (
        SELECT s.cohort, s.jobs_at_start, s.jobs_committed, s.fu_on, s.fu_jobs, r.k,
               (s.committee_on + to_years(r.k::INTEGER))::DATE AS target
        FROM scoped s CROSS JOIN range(0, ?) r(k)
        WHERE make_date((s.cohort + r.k)::INTEGER, 12, 31) <= ?
    ),
    obs AS (
        SELECT cohort, k, jobs_committed, jobs_at_start, fu_jobs,
               coalesce(len(list_filter(fu_on, lambda x: x <= target)), 0) AS n
        FROM grid
    )
    SELECT cohort::BIGINT AS cohort, k::BIGINT AS years_since_committee, count(*)::BIGINT AS projects,
           sum(jobs_committed)::BIGINT AS jobs_committed,
           sum(CASE WHEN n > 0 THEN fu_jobs[n] - jobs_at_start ELSE 0 END)::BIGINT AS jobs_created
    FROM obs
    GROUP BY 1, 2 ORDER BY 1, 2"""
    return con.cursor().execute(sql, [*params, horizon, as_of]).df()
