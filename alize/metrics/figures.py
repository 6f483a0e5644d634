"""The newsletter's key figures for any scope, and their derived ratios.

Definitions (README, "Definitions"): committees held in the period in the scope's basins (with a
territory, sector or kind filter, only those that studied a project in scope); projects studied =
examined by a committee of the period; aid, competence days and jobs committed are summed over
the retained projects of the scope; leverage divides the bank loans of the retained projects that
received aid (aid_eur > 0) by their aid, as loan networks define it.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import asdict, dataclass

import pandas as pd

from alize.scope import Scope
from alize.store.tables import COMMITTEE_FACTS, COMMITTEES, PROJECT_FACTS, PROJECTS
from alize.store.where import scope_where

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

FROM_PROJECTS = PROJECTS.source


@dataclass(frozen=True)
class KeyFigures:
    committees: int
    projects_studied: int
    projects_retained: int
    competence_days: float
    aid_eur: int
    jobs_committed: int
    bank_loans_eur: int
    projects_aided: int = 0          # retained projects with aid_eur > 0
    aided_bank_loans_eur: int = 0    # their bank loans: what leverage divides

    @classmethod
    def from_row(cls, values) -> KeyFigures:
        """From the figures query's columns, in BASE order (days may be fractional)."""
        return cls(*[float(v) if i == 3 else int(v) for i, v in enumerate(values)])

    @property
    def approval_rate(self) -> float | None:
        return _ratio(self.projects_retained, self.projects_studied)

    @property
    def aid_per_project(self) -> float | None:
        return _ratio(self.aid_eur, self.projects_retained)

    @property
    def aid_per_aided_project(self) -> float | None:
        return _ratio(self.aid_eur, self.projects_aided)

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
        """Bank loans ÷ aid over the retained projects that received aid: a retained project without
        aid brings its loans without any lever from the network, so it is left out."""
        return _ratio(self.aided_bank_loans_eur, self.aid_eur)

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


DERIVED = ("approval_rate", "aid_per_project", "aid_per_aided_project", "aid_per_job", "days_per_project",
           "jobs_per_project", "projects_per_committee", "leverage")
BASE = ("committees", "projects_studied", "projects_retained", "competence_days", "aid_eur",
        "jobs_committed", "bank_loans_eur", "projects_aided", "aided_bank_loans_eur")
# Ratios of two counts of projects: their change is a difference in percentage points, not a relative %.
RATES = ("approval_rate",)


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


def _periods_sql(column: str, periods: list[tuple]) -> tuple[str, str, list, list]:
    """(window expression, WHERE on the date, their params) for non-overlapping periods: one scan
    and one query answer several periods (the scope and its previous period) at once."""
    ordered = sorted(periods)
    for (_, end), (start, _) in itertools.pairwise(ordered):
        if start <= end:
            raise ValueError("periods overlap")
    if len(periods) == 1:
        return "0", f"{column} BETWEEN ? AND ?", [], list(periods[0])
    case = "CASE " + " ".join(f"WHEN {column} BETWEEN ? AND ? THEN {i}" for i in range(len(periods))) + " END"
    case_params = [d for period in periods for d in period]
    return case, f"{column} BETWEEN ? AND ?", case_params, [ordered[0][0], ordered[-1][1]]


def _fast(scope: Scope, group: str | None) -> bool:
    """db.committee_facts answers every figure unless a sector or kind filter (or group) is asked."""
    return COMMITTEE_FACTS.answers(scope) and group not in ("sector", "kind")


def _figures_sql(scope: Scope, group: str | None, periods: list[tuple] | None = None) -> tuple[str, list]:
    """Rows (win, grp, figures), sorted: `win` indexes `periods` (default: the scope's own period)."""
    if group not in GROUPS:
        raise ValueError(f"unknown group {group!r}")
    periods = periods or [(scope.start, scope.end)]
    if _fast(scope, group):
        return _cells_sql(scope, group, periods)
    sql, params = _facts_sql(scope, group, periods)
    typed = f"""SELECT win, grp, committees::BIGINT AS committees, projects_studied::BIGINT AS projects_studied,
        projects_retained::BIGINT AS projects_retained, competence_days::DOUBLE AS competence_days,
        aid_eur::BIGINT AS aid_eur, jobs_committed::BIGINT AS jobs_committed,
        bank_loans_eur::BIGINT AS bank_loans_eur, projects_aided::BIGINT AS projects_aided,
        aided_bank_loans_eur::BIGINT AS aided_bank_loans_eur
        FROM ({sql}) WHERE win IS NOT NULL ORDER BY win, grp"""
    return typed, params


# The dimensions on db.committee_facts (alias cf): one row per committee and territory.
CELL_GROUPS = {None: "NULL", "year": "year(cf.held_on)", "basin": "cf.basin_name",
               "territory": "cf.territory_name", "committee": "cf.committee"}


def _cells_sql(scope: Scope, group: str | None, periods: list[tuple]) -> tuple[str, list]:
    """Figures from db.committee_facts. Its rows already sum each committee's decided projects per
    territory and every committee has a row, so committees are counted there too: all those held,
    or (territory filter, or by territory) those that studied a project in scope. The SQL is kept
    plain: at a basin's size, planning a query costs more than running it."""
    win, _, win_params, (first, last) = _periods_sql("cf.held_on", periods)
    where, params = scope_where(scope.over_all_years(first, last), COMMITTEE_FACTS,
                                aggregate=True)
    if group == "territory":  # one row per committee and territory
        where += " AND cf.territory IS NOT NULL"
        committees = "count(*) FILTER (WHERE cf.studied > 0)"
    elif len(scope.territories) > 1:
        committees = "count(DISTINCT cf.committee) FILTER (WHERE cf.studied > 0)"
    elif scope.territories:
        committees = "count(*) FILTER (WHERE cf.studied > 0)"
    else:
        committees = "sum(cf.committee_count)"
    sql = f"""
        SELECT {win} AS win, {CELL_GROUPS[group]} AS grp, {committees}::BIGINT AS committees,
               sum(cf.studied)::BIGINT AS projects_studied, sum(cf.retained)::BIGINT AS projects_retained,
               sum(cf.days)::DOUBLE AS competence_days, sum(cf.aid_eur)::BIGINT AS aid_eur,
               sum(cf.jobs_committed)::BIGINT AS jobs_committed, sum(cf.bank_loans_eur)::BIGINT AS bank_loans_eur,
               sum(cf.aided)::BIGINT AS projects_aided, sum(cf.aided_bank_loans_eur)::BIGINT AS aided_bank_loans_eur
        FROM committee_facts cf
        WHERE {where}
        GROUP BY 1, 2 ORDER BY 1, 2"""
    return sql, [*win_params, *params]


def _facts_sql(scope: Scope, group: str | None, periods: list[tuple]) -> tuple[str, list]:
    """Figures from db.project_facts, for the sector and kind filters committee_facts cannot answer."""
    g_project, g_committee = FACT_GROUPS[group]
    win_p, _, win_params, _ = _periods_sql("f.held_on", periods)
    first, last = min(p[0] for p in periods), max(p[1] for p in periods)
    where_p, params_p = scope_where(scope.with_period(first, last), PROJECT_FACTS, decided_only=True, aggregate=True)
    projects_cte = f"""
    per_project AS (
        SELECT {win_p} AS win, {g_project} AS grp,
               count(*) AS projects_studied,
               count(*) FILTER (WHERE f.decision = 'retained') AS projects_retained,
               coalesce(sum(f.days) FILTER (WHERE f.decision = 'retained'), 0) AS competence_days,
               coalesce(sum(f.aid_eur) FILTER (WHERE f.decision = 'retained'), 0) AS aid_eur,
               coalesce(sum(f.jobs_committed) FILTER (WHERE f.decision = 'retained'), 0) AS jobs_committed,
               coalesce(sum(f.bank_loans_eur) FILTER (WHERE f.decision = 'retained'), 0) AS bank_loans_eur,
               count(*) FILTER (WHERE f.decision = 'retained' AND f.aid_eur > 0) AS projects_aided,
               coalesce(sum(f.bank_loans_eur) FILTER (WHERE f.decision = 'retained' AND f.aid_eur > 0), 0)
                   AS aided_bank_loans_eur,
               count(DISTINCT f.committee) AS committees_with_projects
        FROM project_facts f
        WHERE {where_p}
        GROUP BY 1, 2
    )"""
    params = [*win_params, *params_p]
    if scope.has_project_filters or g_committee is None:
        # committees that studied at least one project in scope
        return f"""WITH {projects_cte}
        SELECT win, grp, committees_with_projects AS committees, projects_studied, projects_retained,
               competence_days, aid_eur, jobs_committed, bank_loans_eur, projects_aided, aided_bank_loans_eur
        FROM per_project""", params
    win_c, _, win_params_c, _ = _periods_sql("c.held_on", periods)
    where_c, params_c = scope_where(scope.with_period(first, last), COMMITTEES, aggregate=True)
    return f"""WITH {projects_cte},
        held AS (
            SELECT {win_c} AS win, {g_committee} AS grp, count(*) AS committees
            FROM committees c JOIN basins b ON b.id = c.basin
            WHERE {where_c}
            GROUP BY 1, 2
        )
        SELECT coalesce(h.win, pp.win) AS win, coalesce(h.grp, pp.grp) AS grp, coalesce(h.committees, 0) AS committees,
               coalesce(pp.projects_studied, 0) AS projects_studied,
               coalesce(pp.projects_retained, 0) AS projects_retained,
               coalesce(pp.competence_days, 0) AS competence_days,
               coalesce(pp.aid_eur, 0) AS aid_eur,
               coalesce(pp.jobs_committed, 0) AS jobs_committed,
               coalesce(pp.bank_loans_eur, 0) AS bank_loans_eur,
               coalesce(pp.projects_aided, 0) AS projects_aided,
               coalesce(pp.aided_bank_loans_eur, 0) AS aided_bank_loans_eur
        FROM held h FULL OUTER JOIN per_project pp ON h.win = pp.win AND h.grp IS NOT DISTINCT FROM pp.grp""", \
        [*params, *win_params_c, *params_c]


def key_figures(con, scope: Scope) -> KeyFigures:
    return _key_figures(con, scope, [(scope.start, scope.end)])[0]


def _key_figures(con, scope: Scope, periods: list[tuple]) -> list[KeyFigures]:
    """Key figures of the scope's filters over each period, in one query."""
    sql, params = _figures_sql(scope, None, periods)
    rows = {row[0]: row for row in con.cursor().execute(sql, params).fetchall()}
    return [KeyFigures.from_row(rows[i][2:] if i in rows else (0,) * len(BASE)) for i in range(len(periods))]


def figures_by(con, scope: Scope, group: str) -> pd.DataFrame:
    """One row per value of `group` (year, basin, territory, sector, kind, committee), with ratios."""
    sql, params = _figures_sql(scope, group)
    df = con.cursor().execute(sql, params).df().drop(columns="win").rename(columns={"grp": group})
    df["approval_rate"] = df["projects_retained"] / df["projects_studied"].where(df["projects_studied"] > 0)
    return df


def yearly(con, scope: Scope) -> pd.DataFrame:
    """Figures per calendar year over the scope, every year of the period present (zeros included)."""
    sql, params = _figures_sql(scope, "year")
    return _yearly_frame(scope, {int(row[1]): row[2:] for row in con.cursor().execute(sql, params).fetchall()})


def _yearly_frame(scope: Scope, found: dict) -> pd.DataFrame:
    years = list(range(scope.start.year, scope.end.year + 1))
    zeros = (0, 0, 0, 0.0, 0, 0, 0, 0, 0)
    columns = list(zip(*(found.get(year, zeros) for year in years)))  # built once: pandas costs per call
    out = pd.DataFrame({"year": pd.array(years, dtype="int64"),
                        **{col: pd.array(values, dtype="float64" if col == "competence_days" else "int64")
                           for col, values in zip(BASE, columns)}})
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

    def change_points(self, name: str) -> float | None:
        """Change of a rate (RATES) in percentage points (0.62 → 0.693: +7.3); None without both."""
        now, before = getattr(self.current, name), getattr(self.previous, name)
        if now is None or before is None:
            return None
        return (now - before) * 100


def overview(con, scope: Scope, trend: tuple[dt.date, dt.date]) -> tuple[Comparison, pd.DataFrame]:
    """compare_previous(scope) and yearly() over the `trend` period (with the scope's filters), in one
    query when committee_facts can answer: the overview page shows both."""
    prev = scope.previous()
    wide = scope.with_period(min(trend[0], scope.start), max(trend[1], scope.end))
    if not _fast(scope, "year"):
        return compare_previous(con, scope), yearly(con, wide)
    periods = [(scope.start, scope.end), (prev.start, prev.end)]
    sql, params = _cells_sql(wide, "year", periods)
    rows = con.cursor().execute(sql, params).fetchall()  # (window or None, year, figures...) every row additive
    windows: dict = {}
    years: dict = {}
    for win, year, *values in rows:
        for acc, key in ((windows, win), (years, int(year))):
            acc[key] = [a + b for a, b in zip(acc[key], values)] if key in acc else list(values)
    figures = [KeyFigures.from_row(windows.get(w, (0,) * len(BASE))) for w in (0, 1)]
    trend_years = {y: v for y, v in years.items() if wide.start.year <= y <= wide.end.year}
    return Comparison(figures[0], figures[1], prev), _yearly_frame(wide, trend_years)


def compare_previous(con, scope: Scope) -> Comparison:
    prev = scope.previous()
    current, previous = _key_figures(con, scope, [(scope.start, scope.end), (prev.start, prev.end)])
    return Comparison(current, previous, prev)
