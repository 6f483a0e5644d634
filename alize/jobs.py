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

from alize.figures import FROM_PROJECTS
from alize.scope import Scope

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


def project_jobs(con, scope: Scope, as_of: dt.date | None = None) -> pd.DataFrame:
    """One row per retained project of the scope, with its jobs created at `as_of`.

    Columns: project, basin, territory, committee_on, cohort, aid_eur, bank_loans_eur, jobs_at_start,
    jobs_committed, closed_on, last_observed_on, last_jobs, has_followup, jobs_created, mature
    (committee <= as_of - 3 years), survived_3y (mature and still active 3 years after the committee;
    null when not mature), missing_followup (committee <= as_of and no follow-up on or before as_of).
    """
    as_of = as_of or default_as_of(con)
    where, params = scope.project_where()
    sql = f"""
    WITH scoped AS (
        SELECT p.id AS project, b.name AS basin, t.name AS territory, c.held_on AS committee_on,
               p.aid_eur, p.bank_loans_eur, p.jobs_at_start, p.jobs_committed, p.closed_on
        FROM {FROM_PROJECTS}
        WHERE {where} AND p.decision = 'retained'
    ),
    last AS (
        SELECT f.project, max(f.observed_on) AS last_observed_on, arg_max(f.jobs, f.observed_on) AS last_jobs
        FROM followups f JOIN scoped s ON s.project = f.project
        WHERE f.observed_on <= ?
        GROUP BY f.project
    )
    SELECT s.project, s.basin, s.territory, s.committee_on, year(s.committee_on)::BIGINT AS cohort,
           s.aid_eur::BIGINT AS aid_eur, s.bank_loans_eur::BIGINT AS bank_loans_eur,
           s.jobs_at_start::BIGINT AS jobs_at_start, s.jobs_committed::BIGINT AS jobs_committed,
           s.closed_on, l.last_observed_on, l.last_jobs::BIGINT AS last_jobs,
           l.project IS NOT NULL AS has_followup,
           coalesce(l.last_jobs - s.jobs_at_start, 0)::BIGINT AS jobs_created,
           s.committee_on <= ? AS mature,
           CASE WHEN s.committee_on <= ?
                THEN s.closed_on IS NULL OR s.closed_on > (s.committee_on + INTERVAL 3 YEAR)::DATE END
               AS survived_3y,
           s.committee_on <= ? AND l.project IS NULL AS missing_followup
    FROM scoped s LEFT JOIN last l ON l.project = s.project
    ORDER BY s.committee_on, s.project"""
    mature_before = add_years(as_of, -MATURITY_YEARS)
    return con.cursor().execute(sql, [*params, as_of, mature_before, mature_before, as_of]).df()


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
        """Bank loans mobilised per euro of alIZé aid."""
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
    df = project_jobs(con, scope, as_of)
    mature = df[df["mature"]]
    return JobsSummary(
        as_of=as_of,
        projects_retained=len(df),
        jobs_committed=int(df["jobs_committed"].sum()),
        jobs_created=int(df["jobs_created"].sum()),
        missing_followups=int(df["missing_followup"].sum()),
        aid_eur=int(df["aid_eur"].sum()),
        bank_loans_eur=int(df["bank_loans_eur"].sum()),
        mature_projects=len(mature),
        mature_jobs_committed=int(mature["jobs_committed"].sum()),
        mature_jobs_created=int(mature["jobs_created"].sum()),
        survivors_3y=int(mature["survived_3y"].astype(bool).sum()),
    )


def jobs_created_by(con, scope: Scope, group: str = "territory", as_of: dt.date | None = None) -> pd.DataFrame:
    """Jobs committed and created at `as_of` per territory, basin or cohort (committee year)."""
    if group not in ("territory", "basin", "cohort"):
        raise ValueError(f"unknown group {group!r}")
    df = project_jobs(con, scope, as_of)
    out = df.groupby(group, as_index=False).agg(
        projects_retained=("project", "size"), jobs_committed=("jobs_committed", "sum"),
        jobs_created=("jobs_created", "sum"), missing_followups=("missing_followup", "sum"))
    for col in ("projects_retained", "jobs_committed", "jobs_created", "missing_followups"):
        out[col] = out[col].astype("int64")
    return out


def realisation_by_cohort(con, scope: Scope, as_of: dt.date | None = None) -> pd.DataFrame:
    """Per committee year, over mature projects only (committee at least 3 years before as_of).

    Columns: cohort, projects, jobs_committed, jobs_created, realisation_rate, missing_followups,
    survivors_3y, survival_rate_3y, aid_eur, bank_loans_eur, leverage, aid_per_job_committed.
    A cohort with no mature project is left out (its firms are too young to judge).
    """
    df = project_jobs(con, scope, as_of)
    df = df[df["mature"]].copy()
    df["survived_3y"] = df["survived_3y"].astype(bool)
    cols = ["cohort", "projects", "jobs_committed", "jobs_created", "missing_followups", "survivors_3y",
            "aid_eur", "bank_loans_eur"]
    if df.empty:
        out = pd.DataFrame({c: pd.Series(dtype="int64") for c in cols})
    else:
        out = df.groupby("cohort", as_index=False).agg(
            projects=("project", "size"), jobs_committed=("jobs_committed", "sum"),
            jobs_created=("jobs_created", "sum"), missing_followups=("missing_followup", "sum"),
            survivors_3y=("survived_3y", "sum"), aid_eur=("aid_eur", "sum"),
            bank_loans_eur=("bank_loans_eur", "sum"))
        out = out.astype({c: "int64" for c in cols})
    out["realisation_rate"] = out["jobs_created"] / out["jobs_committed"].where(out["jobs_committed"] > 0)
    out["survival_rate_3y"] = out["survivors_3y"] / out["projects"].where(out["projects"] > 0)
    out["leverage"] = out["bank_loans_eur"] / out["aid_eur"].where(out["aid_eur"] > 0)
    out["aid_per_job_committed"] = out["aid_eur"] / out["jobs_committed"].where(out["jobs_committed"] > 0)
    return out


def jobs_curves(con, scope: Scope, as_of: dt.date | None = None) -> pd.DataFrame:
    """Jobs created k whole years after the committee, per cohort: one line per cohort in a chart.

    For each retained project and k = 0, 1, 2...: the latest headcount on or before committee + k
    years, minus the headcount at application (0 without a follow-up by then). A point (cohort, k)
    is shown only once every project of the cohort has reached k years (31 December of cohort + k
    on or before as_of), so a line never drops because half a cohort is not yet observed.
    Columns: cohort, years_since_committee, projects, jobs_committed, jobs_created, realisation_rate.
    """
    as_of = as_of or default_as_of(con)
    where, params = scope.project_where()
    horizon = max(0, as_of.year - scope.start.year) + 1
    sql = f"""
    WITH scoped AS (
        SELECT p.id, year(c.held_on) AS cohort, c.held_on AS committee_on, p.jobs_at_start, p.jobs_committed
        FROM {FROM_PROJECTS}
        WHERE {where} AND p.decision = 'retained'
    ),
    grid AS (
        SELECT s.id, s.cohort, s.jobs_at_start, s.jobs_committed, r.k,
               (s.committee_on + to_years(r.k::INTEGER))::DATE AS target
        FROM scoped s CROSS JOIN range(0, ?) r(k)
        WHERE make_date((s.cohort + r.k)::INTEGER, 12, 31) <= ?
    ),
    obs AS (
        SELECT g.id, g.k, arg_max(f.jobs, f.observed_on) AS headcount
        FROM grid g JOIN followups f ON f.project = g.id AND f.observed_on <= g.target
        GROUP BY g.id, g.k
    )
    SELECT g.cohort::BIGINT AS cohort, g.k::BIGINT AS years_since_committee, count(*)::BIGINT AS projects,
           sum(g.jobs_committed)::BIGINT AS jobs_committed,
           sum(coalesce(o.headcount - g.jobs_at_start, 0))::BIGINT AS jobs_created
    FROM grid g LEFT JOIN obs o ON o.id = g.id AND o.k = g.k
    GROUP BY 1, 2 ORDER BY 1, 2"""
    df = con.cursor().execute(sql, [*params, horizon, as_of]).df()
    df["realisation_rate"] = df["jobs_created"] / df["jobs_committed"].where(df["jobs_committed"] > 0)
    return df
