"""Partners: who was active when, competence days by partner and theme, contributions by partner.

Partners belong to a basin; the scope's basins (or its territories' basins) choose them. Competence
days are the days of missions pledged to the scope's retained projects, exactly as in the key
figures, so the days by partner or by theme add up to the key figure. Contributions are the
payments made within the scope's period. Definitions: docs/definitions.md.
"""

from __future__ import annotations

import pandas as pd

from alize.figures import facts_where
from alize.fund import scope_basins
from alize.scope import Scope


def partners_list(con, scope: Scope) -> pd.DataFrame:
    """Every partner of the scope's basins with its dates and whether it was active in the period.

    Columns: basin, partner, kind, joined_on, left_on, active_in_period (joined on or before the
    period's end and not left before its start; left_on is its last day as a partner),
    active_at_end (a partner on the period's last day).
    """
    ids = [b[0] for b in scope_basins(con, scope)]
    if not ids:
        return pd.DataFrame(columns=["basin", "partner", "kind", "joined_on", "left_on", "active_in_period",
                                     "active_at_end"])
    sql = """
    SELECT b.name AS basin, pa.name AS partner, pa.kind, pa.joined_on, pa.left_on,
           pa.joined_on <= ? AND (pa.left_on IS NULL OR pa.left_on >= ?) AS active_in_period,
           pa.joined_on <= ? AND (pa.left_on IS NULL OR pa.left_on >= ?) AS active_at_end
    FROM partners pa JOIN basins b ON b.id = pa.basin
    WHERE pa.basin = ANY(?)
    ORDER BY b.name, pa.joined_on, pa.name"""
    return con.cursor().execute(sql, [scope.end, scope.start, scope.end, scope.end, ids]).df()


def active_by_year(con, scope: Scope) -> pd.DataFrame:
    """Per year of the period and basin: partners active at some point in the year, joined, left.

    A partner is active in year Y when it joined on or before 31 Dec Y and had not left before 1 Jan Y
    (left_on is its last day as a partner, as in the demo's conventions).
    Columns: year, basin, active, joined, left.
    """
    ids = [b[0] for b in scope_basins(con, scope)]
    if not ids:
        return pd.DataFrame(columns=["year", "basin", "active", "joined", "left"])
    sql = """
    WITH years AS (SELECT y::INTEGER AS year FROM range(?, ?) r(y)),
    bs AS (SELECT id, name FROM basins WHERE id = ANY(?))
    SELECT years.year::BIGINT AS year, bs.name AS basin,
           count(pa.id) FILTER (WHERE year(pa.joined_on) <= years.year
                                  AND (pa.left_on IS NULL OR year(pa.left_on) >= years.year))::BIGINT
               AS active,
           count(pa.id) FILTER (WHERE year(pa.joined_on) = years.year)::BIGINT AS joined,
           count(pa.id) FILTER (WHERE year(pa.left_on) = years.year)::BIGINT AS "left"
    FROM years CROSS JOIN bs LEFT JOIN partners pa ON pa.basin = bs.id
    GROUP BY 1, 2 ORDER BY 1, 2"""
    return con.cursor().execute(sql, [scope.start.year, scope.end.year + 1, ids]).df()


def _missions_sql(scope: Scope, group_cols: str) -> tuple[str, list]:
    where, params = facts_where(scope, "m")  # db.mission_facts: each mission with its project's filters
    sql = f"""
    SELECT {group_cols}, sum(m.days)::DOUBLE AS days, count(*)::BIGINT AS missions,
           count(DISTINCT m.project)::BIGINT AS projects
    FROM mission_facts m
    WHERE {where} AND m.decision = 'retained'
    GROUP BY ALL ORDER BY days DESC, 1"""
    return sql, params


def days_by_partner(con, scope: Scope) -> pd.DataFrame:
    """Competence days pledged to the scope's retained projects, per partner.

    Columns: basin, partner, kind, days, missions, projects, share (of all the scope's days).
    """
    sql, params = _missions_sql(scope, "m.basin_name AS basin, m.partner_name AS partner, m.partner_kind AS kind")
    df = con.cursor().execute(sql, params).df()
    df["share"] = df["days"] / df["days"].sum() if len(df) else pd.Series(dtype="float64")
    return df


def days_by_theme(con, scope: Scope) -> pd.DataFrame:
    """Competence days per mission theme. Columns: theme, days, missions, projects, share."""
    sql, params = _missions_sql(scope, "m.theme AS theme")
    df = con.cursor().execute(sql, params).df()
    df["share"] = df["days"] / df["days"].sum() if len(df) else pd.Series(dtype="float64")
    return df


def days_by_partner_and_theme(con, scope: Scope) -> pd.DataFrame:
    """Days per (partner, theme), for a heat map. Columns: basin, partner, theme, days, missions, projects."""
    sql, params = _missions_sql(scope, "m.basin_name AS basin, m.partner_name AS partner, m.theme AS theme")
    return con.cursor().execute(sql, params).df()


def contributions_by_partner(con, scope: Scope) -> pd.DataFrame:
    """Payments into the loan fund made within the scope's period, per partner of its basins.

    Columns: basin, partner, kind, payments, amount_eur, share (of the period's total). Partners
    that paid nothing in the period are left out.
    """
    ids = [b[0] for b in scope_basins(con, scope)]
    if not ids:
        return pd.DataFrame(columns=["basin", "partner", "kind", "payments", "amount_eur", "share"])
    sql = """
    SELECT b.name AS basin, pa.name AS partner, pa.kind, count(*)::BIGINT AS payments,
           sum(co.amount_eur)::BIGINT AS amount_eur
    FROM contributions co JOIN partners pa ON pa.id = co.partner JOIN basins b ON b.id = pa.basin
    WHERE co.paid_on BETWEEN ? AND ? AND pa.basin = ANY(?)
    GROUP BY 1, 2, 3, pa.id ORDER BY amount_eur DESC, 2"""
    df = con.cursor().execute(sql, [scope.start, scope.end, ids]).df()
    df["share"] = df["amount_eur"] / df["amount_eur"].sum() if len(df) else pd.Series(dtype="float64")
    return df
