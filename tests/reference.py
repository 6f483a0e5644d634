"""Reference implementations the tests check the one-query paths against: one plain function per
figure, as the pages computed them before the summary tables. Test-only, so they live here, not in alize/."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from alize.metrics.fund import scope_basins
from alize.metrics.jobs import _jobs_cte, default_as_of
from alize.metrics.partners import _missions
from alize.scope import Scope


def paid_in_by_partner(con, scope: Scope, as_of: dt.date | None = None) -> pd.DataFrame:
    """What each partner of the scope's basins has paid into its fund up to `as_of` (cumulative).

    Columns: basin, partner, kind, payments, paid_in_eur, share (of its basin's total). Partners that
    never paid are listed with 0.
    """
    as_of = as_of or scope.end
    ids = [b[0] for b in scope_basins(con, scope)]
    if not ids:
        return pd.DataFrame(columns=["basin", "partner", "kind", "payments", "paid_in_eur", "share"])
    sql = """
    SELECT b.name AS basin, pa.name AS partner, pa.kind,
           count(co.amount_eur)::BIGINT AS payments, coalesce(sum(co.amount_eur), 0)::BIGINT AS paid_in_eur
    FROM partners pa JOIN basins b ON b.id = pa.basin
         LEFT JOIN contributions co ON co.partner = pa.id AND co.paid_on <= ?
    WHERE pa.basin = ANY(?)
    GROUP BY 1, 2, 3, pa.id ORDER BY 1, paid_in_eur DESC, 2"""
    df = con.cursor().execute(sql, [as_of, ids]).df()
    totals = df.groupby("basin")["paid_in_eur"].transform("sum")
    df["share"] = df["paid_in_eur"] / totals.where(totals > 0)
    return df


def project_jobs(con, scope: Scope, as_of: dt.date | None = None) -> pd.DataFrame:
    """One row per retained project of the scope, with its jobs created at `as_of`.

    Columns: project, basin, territory, committee_on, cohort, aid_eur, bank_loans_eur, jobs_at_start,
    jobs_committed, closed_on, last_observed_on, last_jobs, has_followup, headcount (0 once closed, null
    when unknown), jobs_created (gross), jobs_maintained, jobs_net_change, missing_followup, and per
    horizon h in 3, 5: reached_hy, followed_hy, missing_hy, created_hy, survived_hy; mature = reached_3y.
    """
    as_of = as_of or default_as_of(con)
    cte, params = _jobs_cte(scope, as_of)
    sql = f"WITH {cte} SELECT * FROM pj ORDER BY committee_on, project"
    return con.cursor().execute(sql, params).df()


def jobs_created_by(con, scope: Scope, group: str = "territory", as_of: dt.date | None = None) -> pd.DataFrame:
    """Jobs committed and created at `as_of` per territory, basin or cohort (committee year)."""
    if group not in ("territory", "basin", "cohort"):
        raise ValueError(f"unknown group {group!r}")
    as_of = as_of or default_as_of(con)
    cte, params = _jobs_cte(scope, as_of)
    out = con.cursor().execute(f"""WITH {cte}
        SELECT {group}, count(*) AS projects_retained, sum(jobs_committed) AS jobs_committed,
               sum(jobs_created) AS jobs_created, count(*) FILTER (WHERE missing_followup) AS missing_followups
        FROM pj GROUP BY {group} ORDER BY {group}""", params).df()  # group from the fixed list above
    for col in ("projects_retained", "jobs_committed", "jobs_created", "missing_followups"):
        out[col] = out[col].astype("int64")
    return out


def days_by_partner_and_theme(con, scope: Scope) -> pd.DataFrame:
    """Days per (partner, theme), for a heat map. Columns: basin, partner, theme, days, missions, projects."""
    sql, params, order = _missions(scope, "m.basin_name AS basin, m.partner_name AS partner, m.theme AS theme",
                                   "count(DISTINCT m.project)")
    return con.cursor().execute(f"{sql} ORDER BY {order}", params).df()
