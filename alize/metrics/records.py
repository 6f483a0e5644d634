"""Record-level views: the committees of a scope, one committee's agenda, the project list, one project's card.

These feed drill-downs (a committee → its projects → a project's card), so they return rows a
manager recognises (company, date, decision) rather than aggregates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from alize import AlizeError
from alize.metrics.figures import FROM_PROJECTS
from alize.scope import Scope
from alize.store.tables import COMMITTEE_FACTS, COMMITTEES, PROJECT_FACTS
from alize.store.where import permitted_where, scope_where


def committees(con, scope: Scope) -> pd.DataFrame:
    """Committees of the scope with what they decided; with project filters, only those that studied one."""
    if COMMITTEE_FACTS.answers(scope):  # db.committee_facts has them summed already
        where, params = scope_where(scope, COMMITTEE_FACTS)
        having = "HAVING sum(cf.studied) > 0" if scope.territories else ""
        return con.cursor().execute(f"""
            SELECT cf.committee, cf.held_on, cf.basin_name AS basin, cf.place,
                   sum(cf.studied)::BIGINT AS projects_studied, sum(cf.retained)::BIGINT AS projects_retained,
                   sum(cf.aid_eur)::BIGINT AS aid_eur, sum(cf.days)::DOUBLE AS competence_days,
                   sum(cf.jobs_committed)::BIGINT AS jobs_committed
            FROM committee_facts cf WHERE {where}
            GROUP BY cf.committee, cf.held_on, cf.basin_name, cf.place {having}
            ORDER BY cf.held_on DESC, cf.committee""", params).df()
    where_c, params_c = scope_where(scope, COMMITTEES)
    where_p, params_p = scope_where(scope, PROJECT_FACTS, decided_only=True)
    only_with_projects = "AND x.committee IS NOT NULL" if scope.has_project_filters else ""
    sql = f"""
    WITH x AS (
        SELECT f.committee, count(*) AS projects_studied,
               count(*) FILTER (WHERE f.decision = 'retained') AS projects_retained,
               coalesce(sum(f.aid_eur) FILTER (WHERE f.decision = 'retained'), 0) AS aid_eur,
               coalesce(sum(f.jobs_committed) FILTER (WHERE f.decision = 'retained'), 0) AS jobs_committed,
               coalesce(sum(f.days) FILTER (WHERE f.decision = 'retained'), 0) AS competence_days
        FROM project_facts f
        WHERE {where_p}
        GROUP BY f.committee
    )
    SELECT c.id AS committee, c.held_on, b.name AS basin, c.place,
           coalesce(x.projects_studied, 0)::BIGINT AS projects_studied,
           coalesce(x.projects_retained, 0)::BIGINT AS projects_retained,
           coalesce(x.aid_eur, 0)::BIGINT AS aid_eur,
           coalesce(x.competence_days, 0)::DOUBLE AS competence_days,
           coalesce(x.jobs_committed, 0)::BIGINT AS jobs_committed
    FROM committees c JOIN basins b ON b.id = c.basin LEFT JOIN x ON x.committee = c.id
    WHERE {where_c} {only_with_projects}
    ORDER BY c.held_on DESC, c.id"""
    return con.cursor().execute(sql, [*params_p, *params_c]).df()


def _count_and_sum(keys, *columns) -> dict:
    """{key: [rows, Σ column, ...]} in plain Python: on a frame of a few dozen rows a pandas groupby
    costs milliseconds."""
    out: dict = {}
    for key, *values in zip(keys, *columns):
        cell = out.setdefault(key, [0] * (len(values) + 1))
        cell[0] += 1
        for i, v in enumerate(values, start=1):
            cell[i] += v
    return out


def committees_per_year(held: pd.DataFrame) -> pd.DataFrame:
    """Committees per year and basin from committees()'s frame (no second query), for the chart."""
    years = held["held_on"].dt.year.tolist() if len(held) else []
    counts = _count_and_sum(zip(years, held["basin"].tolist()), held["projects_studied"].tolist())
    keys = sorted(counts)
    return pd.DataFrame({"year": pd.array([k[0] for k in keys], dtype="int64"), "basin": [k[1] for k in keys],
                         "committees": pd.array([counts[k][0] for k in keys], dtype="int64"),
                         "projects_studied": pd.array([counts[k][1] for k in keys], dtype="int64")})


def committees_by_basin(held: pd.DataFrame) -> pd.DataFrame:
    """Committees, projects studied and retained, and the approval rate per basin, from committees()'s
    frame (no second query): the committees page's approval bars. Sorted by basin."""
    sums = _count_and_sum(held["basin"].tolist(), held["projects_studied"].tolist(),
                          held["projects_retained"].tolist())
    keys = sorted(sums)
    return pd.DataFrame({
        "basin": keys, "committees": pd.array([sums[k][0] for k in keys], dtype="int64"),
        "projects_studied": pd.array([sums[k][1] for k in keys], dtype="int64"),
        "projects_retained": pd.array([sums[k][2] for k in keys], dtype="int64"),
        "approval_rate": pd.array([sums[k][2] / sums[k][1] if sums[k][1] else float("nan") for k in keys],
                                  dtype="float64")})


@dataclass(frozen=True)
class CommitteeInfo:
    id: str
    basin: str
    held_on: dt.date
    place: str | None


def committee(con, committee_id: str, permitted: tuple[str, ...] | None = None) -> CommitteeInfo:
    """One committee; outside `permitted` (alize.scope.Permission.basins) it is as unknown."""
    allowed, allowed_params = permitted_where(permitted, "b.name")
    row = con.cursor().execute(
        "SELECT c.id, b.name, c.held_on, c.place FROM committees c JOIN basins b ON b.id = c.basin "
        f"WHERE c.id = ? AND {allowed}", [committee_id, *allowed_params]).fetchone()
    if row is None:
        raise AlizeError(key="error.unknown_committee", committee=committee_id)
    return CommitteeInfo(*row)


def committee_projects(con, committee_id: str, permitted: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The agenda of one committee: every project it studied, with the figures it decided on
    (nothing for a committee outside `permitted`)."""
    allowed, allowed_params = permitted_where(permitted, "f.basin_name")
    sql = """
    SELECT f.id AS project, f.company, f.territory_name AS territory, f.sector, f.kind, f.decision,
           f.aid_eur::BIGINT AS aid_eur, coalesce(f.days, 0)::DOUBLE AS competence_days,
           f.jobs_at_start::BIGINT AS jobs_at_start, f.jobs_committed::BIGINT AS jobs_committed,
           f.bank_loans_eur::BIGINT AS bank_loans_eur
    FROM project_facts f
    WHERE f.committee = ? AND {allowed}
    ORDER BY f.decision <> 'retained', f.aid_eur DESC, f.company"""
    return con.cursor().execute(sql.format(allowed=allowed), [committee_id, *allowed_params]).df()


def projects(con, scope: Scope, search: str = "", limit: int = 5000) -> pd.DataFrame:
    """Projects of the scope, newest first; `search` matches company, id, commune or territory (any case,
    any accent).

    At most `limit` rows; when the list is cut, `attrs["matches"]` holds how many projects matched
    (always set), so the page can say "the 5,000 newest of 201,345"."""
    where, params = scope_where(scope, PROJECT_FACTS)  # the list shows agendas not decided yet
    if search.strip():
        # accents and case ignored: "chambery" finds Chambéry, "ELISE" finds Élise
        where += (" AND (strip_accents(f.company) ILIKE strip_accents(?) OR f.id ILIKE ?"
                  " OR strip_accents(f.territory_name) ILIKE strip_accents(?)"
                  " OR strip_accents(coalesce(f.commune_name, '')) ILIKE strip_accents(?))")
        pattern = "%" + search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params = [*params, pattern, pattern, pattern, pattern]
    # How many match on each committee date (one cheap aggregate) gives the total and the oldest date
    # the list reaches: sorting only the rows from that date on beats a top-N over a national scope.
    cur = con.cursor()
    per_day = cur.execute(f"SELECT f.held_on, count(*) FROM project_facts f WHERE {where} GROUP BY 1 ORDER BY 1 DESC",
                          params).fetchall()
    matches, cutoff = 0, None
    for day, n in per_day:
        if matches < limit:
            cutoff = day
        matches += n
    df = cur.execute(f"""
        SELECT f.id AS project, f.company, f.held_on AS committee_on, f.basin_name AS basin,
               f.territory_name AS territory, f.commune_name AS commune, f.sector, f.kind, f.decision,
               f.aid_eur::BIGINT AS aid_eur, coalesce(f.days, 0)::DOUBLE AS competence_days,
               f.jobs_committed::BIGINT AS jobs_committed, f.closed_on
        FROM project_facts f
        WHERE {where} AND f.held_on >= ?
        ORDER BY f.held_on DESC, f.id
        LIMIT ?""", [*params, cutoff or dt.date.max, limit]).df()
    df.attrs["matches"] = int(matches)
    return df


@dataclass(frozen=True)
class ProjectCard:
    info: dict
    missions: pd.DataFrame
    followups: pd.DataFrame
    repayments: pd.DataFrame

    @property
    def repaid_eur(self) -> int:
        r = self.repayments
        return int(r.loc[r["kind"] == "repayment", "amount_eur"].sum()) if not r.empty else 0

    @property
    def written_off_eur(self) -> int:
        r = self.repayments
        return int(r.loc[r["kind"] == "write_off", "amount_eur"].sum()) if not r.empty else 0

    @property
    def outstanding_eur(self) -> int:
        return int(self.info["aid_eur"]) - self.repaid_eur - self.written_off_eur


def project_card(con, project_id: str, permitted: tuple[str, ...] | None = None) -> ProjectCard:
    """One project's card; outside `permitted` it is as unknown (its missions, follow-ups and
    repayments are read only once the project itself passed)."""
    allowed, allowed_params = permitted_where(permitted, "b.name")
    cur = con.cursor()
    info = cur.execute(f"""
        SELECT p.id AS project, p.company, p.sector, p.kind, p.decision, b.name AS basin, t.name AS territory,
               m.name AS commune, p.submitted_on, p.committee, c.held_on AS committee_on,
               p.aid_eur::BIGINT AS aid_eur, p.bank_loans_eur::BIGINT AS bank_loans_eur,
               p.jobs_at_start::BIGINT AS jobs_at_start, p.jobs_committed::BIGINT AS jobs_committed, p.closed_on
        FROM {FROM_PROJECTS} LEFT JOIN communes m ON m.insee_code = p.commune
        WHERE p.id = ? AND {allowed}""", [project_id, *allowed_params]).df()
    if info.empty:
        raise AlizeError(key="error.unknown_project", project=project_id)
    missions = cur.execute("""
        SELECT m.started_on, pa.name AS partner, m.theme, m.days::DOUBLE AS days
        FROM missions m JOIN partners pa ON pa.id = m.partner WHERE m.project = ? ORDER BY m.started_on""",
                           [project_id]).df()
    followups = cur.execute(
        "SELECT observed_on, jobs::BIGINT AS jobs FROM followups WHERE project = ? ORDER BY observed_on",
        [project_id]).df()
    repayments = cur.execute(
        "SELECT paid_on, kind, amount_eur::BIGINT AS amount_eur FROM repayments WHERE project = ? ORDER BY paid_on",
        [project_id]).df()
    return ProjectCard(info.iloc[0].to_dict(), missions, followups, repayments)


def territory_names(con) -> list[str]:
    """Every territory, grouped by basin then joining date, for free comparisons."""
    rows = con.cursor().execute(
        "SELECT t.name FROM territories t JOIN basins b ON b.id = t.basin ORDER BY b.name, t.joined_on, t.name"
    ).fetchall()
    return [r[0] for r in rows]
