"""The newsletter's key figures for any scope, and their derived ratios.

Definitions (README, "Definitions"): committees held in the period in the scope's basins (with a
territory, sector or kind filter, only those that studied a project in scope); projects studied =
examined by a committee of the period; aid, competence days and jobs committed are summed over
the retained projects of the scope.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from alize.scope import Scope

# Dimensions a figure can be broken down by: (SQL on projects, SQL on committees or None when
# the dimension belongs to projects only). Fixed list: these are the only identifiers spliced in.
GROUPS = {
    None: ("NULL", "NULL"),
    "year": ("year(c.held_on)", "year(c.held_on)"),
    "basin": ("b.name", "b.name"),
    "territory": ("t.name", None),
    "sector": ("p.sector", None),
    "kind": ("p.kind", None),
    "committee": ("c.id", "c.id"),
}

FROM_PROJECTS = """projects p
    JOIN committees c ON c.id = p.committee
    JOIN basins b ON b.id = c.basin
    JOIN territories t ON t.id = p.territory"""


@dataclass(frozen=True)
class KeyFigures:
    committees: int
    projects_studied: int
    projects_retained: int
    competence_days: float
    aid_eur: int
    jobs_committed: int
    bank_loans_eur: int

    @property
    def approval_rate(self) -> float | None:
        return _ratio(self.projects_retained, self.projects_studied)

    @property
    def aid_per_project(self) -> float | None:
        return _ratio(self.aid_eur, self.projects_retained)

    @property
    def aid_per_job(self) -> float | None:
        return _ratio(self.aid_eur, self.jobs_committed)

    @property
    def days_per_project(self) -> float | None:
        return _ratio(self.competence_days, self.projects_retained)

    @property
    def jobs_per_project(self) -> float | None:
        return _ratio(self.jobs_committed, self.projects_retained)

    @property
    def projects_per_committee(self) -> float | None:
        return _ratio(self.projects_studied, self.committees)

    @property
    def leverage(self) -> float | None:
        return _ratio(self.bank_loans_eur, self.aid_eur)

    @property
    def is_empty(self) -> bool:
        return self.projects_studied == 0 and self.committees == 0

    def to_dict(self) -> dict:
        out = asdict(self)
        if float(self.competence_days).is_integer():
            out["competence_days"] = int(self.competence_days)
        for name in DERIVED:
            value = getattr(self, name)
            out[name] = None if value is None else round(value, 4)
        return out


DERIVED = ("approval_rate", "aid_per_project", "aid_per_job", "days_per_project",
           "jobs_per_project", "projects_per_committee", "leverage")
BASE = ("committees", "projects_studied", "projects_retained", "competence_days", "aid_eur",
        "jobs_committed", "bank_loans_eur")


def _ratio(a, b):
    return None if not b else a / b


# The same dimensions on db.project_facts (alias f), which holds each project's committee date, basin
# and territory names and mission days already joined.
FACT_GROUPS = {
    None: ("NULL", "NULL"),
    "year": ("year(f.held_on)", "year(c.held_on)"),
    "basin": ("f.basin_name", "b.name"),
    "territory": ("f.territory_name", None),
    "sector": ("f.sector", None),
    "kind": ("f.kind", None),
    "committee": ("f.committee", "c.id"),
}


def facts_where(scope: Scope, f: str = "f", decided_only: bool = True) -> tuple[str, list]:
    """Scope.project_where() on db.project_facts (or db.mission_facts): the same filters, bound values.
    A pending project (on an agenda, not decided yet) has not been studied: figures leave it out."""
    parts = [f"{f}.held_on BETWEEN ? AND ?"]
    if decided_only:
        parts.append(f"{f}.decision <> 'pending'")
    params: list = [scope.start, scope.end]
    for values, column in ((scope.basins, "basin_name"), (scope.territories, "territory_name"),
                           (scope.sectors, "sector"), (scope.kinds, "kind")):
        if values:
            parts.append(f"{f}.{column} IN ({', '.join('?' for _ in values)})")
            params.extend(values)
    return " AND ".join(parts), params


def _figures_sql(scope: Scope, group: str | None) -> tuple[str, list]:
    if group not in GROUPS:
        raise ValueError(f"unknown group {group!r}")
    g_project, g_committee = FACT_GROUPS[group]
    where_p, params_p = facts_where(scope)
    projects_cte = f"""
    per_project AS (
        SELECT {g_project} AS grp,
               count(*) AS projects_studied,
               count(*) FILTER (WHERE f.decision = 'retained') AS projects_retained,
               coalesce(sum(f.days) FILTER (WHERE f.decision = 'retained'), 0) AS competence_days,
               coalesce(sum(f.aid_eur) FILTER (WHERE f.decision = 'retained'), 0) AS aid_eur,
               coalesce(sum(f.jobs_committed) FILTER (WHERE f.decision = 'retained'), 0) AS jobs_committed,
               coalesce(sum(f.bank_loans_eur) FILTER (WHERE f.decision = 'retained'), 0) AS bank_loans_eur,
               count(DISTINCT f.committee) AS committees_with_projects
        FROM project_facts f
        WHERE {where_p}
        GROUP BY 1
    )"""
    params = list(params_p)
    if scope.has_project_filters or g_committee is None:
        # committees that studied at least one project in scope
        sql = f"""WITH {projects_cte}
        SELECT grp, committees_with_projects AS committees, projects_studied, projects_retained,
               competence_days, aid_eur, jobs_committed, bank_loans_eur
        FROM per_project"""
    else:
        where_c, params_c = scope.committee_where()
        sql = f"""WITH {projects_cte},
        held AS (
            SELECT {g_committee} AS grp, count(*) AS committees
            FROM committees c JOIN basins b ON b.id = c.basin
            WHERE {where_c}
            GROUP BY 1
        )
        SELECT coalesce(h.grp, pp.grp) AS grp, coalesce(h.committees, 0) AS committees,
               coalesce(pp.projects_studied, 0) AS projects_studied,
               coalesce(pp.projects_retained, 0) AS projects_retained,
               coalesce(pp.competence_days, 0) AS competence_days,
               coalesce(pp.aid_eur, 0) AS aid_eur,
               coalesce(pp.jobs_committed, 0) AS jobs_committed,
               coalesce(pp.bank_loans_eur, 0) AS bank_loans_eur
        FROM held h FULL OUTER JOIN per_project pp ON h.grp IS NOT DISTINCT FROM pp.grp"""
        params += params_c
    typed = f"""SELECT grp, committees::BIGINT AS committees, projects_studied::BIGINT AS projects_studied,
        projects_retained::BIGINT AS projects_retained, competence_days::DOUBLE AS competence_days,
        aid_eur::BIGINT AS aid_eur, jobs_committed::BIGINT AS jobs_committed,
        bank_loans_eur::BIGINT AS bank_loans_eur
        FROM ({sql}) ORDER BY grp"""
    return typed, params


def key_figures(con, scope: Scope) -> KeyFigures:
    sql, params = _figures_sql(scope, None)
    row = con.cursor().execute(sql, params).fetchone()
    if row is None:
        return KeyFigures(0, 0, 0, 0.0, 0, 0, 0)
    return KeyFigures(*[int(v) if i != 3 else float(v) for i, v in enumerate(row[1:])])


def figures_by(con, scope: Scope, group: str) -> pd.DataFrame:
    """One row per value of `group` (year, basin, territory, sector, kind, committee), with ratios."""
    sql, params = _figures_sql(scope, group)
    df = con.cursor().execute(sql, params).df().rename(columns={"grp": group})
    df["approval_rate"] = df["projects_retained"] / df["projects_studied"].where(df["projects_studied"] > 0)
    return df


def yearly(con, scope: Scope) -> pd.DataFrame:
    """Figures per calendar year over the scope, every year of the period present (zeros included)."""
    df = figures_by(con, scope, "year")
    years = pd.DataFrame({"year": range(scope.start.year, scope.end.year + 1)})
    df["year"] = df["year"].astype("int64")
    out = years.merge(df, on="year", how="left")
    for col in BASE:
        out[col] = out[col].fillna(0)
        out[col] = out[col].astype("float64" if col == "competence_days" else "int64")
    out["approval_rate"] = out["projects_retained"] / out["projects_studied"].where(out["projects_studied"] > 0)
    return out


@dataclass(frozen=True)
class Comparison:
    current: KeyFigures
    previous: KeyFigures
    previous_scope: Scope

    def change(self, name: str) -> float | None:
        """Relative change of a figure against the previous period; None when it had no base."""
        now, before = getattr(self.current, name), getattr(self.previous, name)
        if now is None or before is None or before == 0:
            return None
        return (now - before) / before


def compare_previous(con, scope: Scope) -> Comparison:
    prev = scope.previous()
    return Comparison(key_figures(con, scope), key_figures(con, prev), prev)
