"""Partners: who was active when, competence days by partner and theme, contributions by partner.

Partners belong to a basin; the scope's basins (or its territories' basins) choose them. Competence
days are the days of missions pledged to the scope's retained projects, exactly as in the key
figures, so the days by partner or by theme add up to the key figure. Contributions are the
payments made within the scope's period. Definitions: docs/definitions.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from alize.metrics.fund import basins_cte, check_basins, scope_basins
from alize.scope import Scope
from alize.store.tables import MISSION_FACTS, PARTNER_FACTS
from alize.store.where import scope_where

# ---- the queries, in pieces: the page asks for all its figures in one statement ---------------------
# Each piece reads a derived table (db.partner_facts, db.mission_facts) where `{basins}` keeps the
# scope's basins; its order breaks every tie on its own columns.

_LISTED = """basin_name AS basin, name AS partner, kind, joined_on, left_on,
           joined_on <= ? AND (left_on IS NULL OR left_on >= ?) AS active_in_period,
           joined_on <= ? AND (left_on IS NULL OR left_on >= ?) AS active_at_end"""
_LISTING = (f"SELECT {_LISTED} FROM partner_facts WHERE true{{basins}}", "basin, joined_on, partner, kind, left_on")

# a partner's payments within the period (in its lists of payments, sorted by date)
_PAYMENTS = """len(list_filter(paid_on, lambda d: d BETWEEN ? AND ?))::BIGINT AS payments,
           list_sum(list_where(amount_eur, list_transform(paid_on, lambda d: d BETWEEN ? AND ?)))::BIGINT
               AS amount_eur"""
_CONTRIBUTIONS = (f"""SELECT * FROM (
        SELECT basin_name AS basin, name AS partner, kind, {_PAYMENTS} FROM partner_facts WHERE true{{basins}}
    ) WHERE payments > 0""", "amount_eur DESC, partner, basin, kind, payments")


def _payments_params(scope: Scope) -> list:
    return [scope.start, scope.end, scope.start, scope.end]


def _listing_params(scope: Scope) -> list:
    return [scope.end, scope.start, scope.end, scope.end]


def _missions(scope: Scope, group_cols: str, projects: str) -> tuple[str, list, str]:
    """Days, missions and projects of db.mission_facts per `group_cols`; `projects` counts the projects
    (a count of the flag that marks a project's first mission in the group is a count of distinct
    projects: all the missions of a project share its filters, so they are all in the scope or none)."""
    where, params = scope_where(scope, MISSION_FACTS, decided_only=True)  # each mission with its project's filters
    sql = f"""SELECT {group_cols}, sum(m.days)::DOUBLE AS days, count(*)::BIGINT AS missions,
           {projects}::BIGINT AS projects
    FROM mission_facts m
    WHERE {where} AND m.decision = 'retained'
    GROUP BY ALL"""
    order = ", ".join(["days DESC", *(c.rsplit(" ", 1)[-1] for c in group_cols.split(", ")), "missions", "projects"])
    return sql, params, order


_BY_PARTNER = "m.basin_name AS basin, m.partner_name AS partner, m.partner_kind AS kind"


def _with_share(df: pd.DataFrame, column: str) -> pd.DataFrame:
    df["share"] = df[column] / df[column].sum() if len(df) else pd.Series(dtype="float64")
    return df


def _scoped(con, scope: Scope, piece: tuple[str, str], params: list) -> pd.DataFrame | None:
    """A piece over the scope's basins, ordered; None when there is no basin at all."""
    ids = [b[0] for b in scope_basins(con, scope)]  # raises for an unknown basin or territory
    if not ids:
        return None
    select, order = piece  # `{basins}` ends the piece's WHERE: its parameter comes last
    sql = f"{select.format(basins=' AND basin = ANY(?)')} ORDER BY {order}"
    return con.cursor().execute(sql, [*params, ids]).df()


# ---- the figures ------------------------------------------------------------------------------------

LISTING_COLUMNS = ("basin", "partner", "kind", "joined_on", "left_on", "active_in_period", "active_at_end")
PER_YEAR_COLUMNS = ("year", "basin", "active", "joined", "left")
CONTRIBUTION_COLUMNS = ("basin", "partner", "kind", "payments", "amount_eur")


def partners_list(con, scope: Scope) -> pd.DataFrame:
    """Every partner of the scope's basins with its dates and whether it was active in the period.

    Columns: basin, partner, kind, joined_on, left_on, active_in_period (joined on or before the
    period's end and not left before its start; left_on is its last day as a partner),
    active_at_end (a partner on the period's last day).
    """
    df = _scoped(con, scope, _LISTING, _listing_params(scope))
    return pd.DataFrame(columns=list(LISTING_COLUMNS)) if df is None else df


def active_by_year(con, scope: Scope) -> pd.DataFrame:
    """Per year of the period and basin: partners active at some point in the year, joined, left.

    A partner is active in year Y when it joined on or before 31 Dec Y and had not left before 1 Jan Y
    (left_on is its last day as a partner, as in the demo's conventions).
    Columns: year, basin, active, joined, left.
    """
    ids = [b[0] for b in scope_basins(con, scope)]
    if not ids:
        return pd.DataFrame(columns=list(PER_YEAR_COLUMNS))
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


def days_by_partner(con, scope: Scope) -> pd.DataFrame:
    """Competence days pledged to the scope's retained projects, per partner.

    Columns: basin, partner, kind, days, missions, projects, share (of all the scope's days).
    """
    sql, params, order = _missions(scope, _BY_PARTNER, "count(*) FILTER (WHERE m.first_for_partner)")
    return _with_share(con.cursor().execute(f"{sql} ORDER BY {order}", params).df(), "days")


def days_by_theme(con, scope: Scope) -> pd.DataFrame:
    """Competence days per mission theme. Columns: theme, days, missions, projects, share."""
    sql, params, order = _missions(scope, "m.theme AS theme", "count(*) FILTER (WHERE m.first_for_theme)")
    return _with_share(con.cursor().execute(f"{sql} ORDER BY {order}", params).df(), "days")


def contributions_by_partner(con, scope: Scope) -> pd.DataFrame:
    """Payments into the loan fund made within the scope's period, per partner of its basins.

    Columns: basin, partner, kind, payments, amount_eur, share (of the period's total). Partners
    that paid nothing in the period are left out.
    """
    df = _scoped(con, scope, _CONTRIBUTIONS, _payments_params(scope))
    return pd.DataFrame(columns=[*CONTRIBUTION_COLUMNS, "share"]) if df is None else _with_share(df, "amount_eur")


# ---- the page ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PartnersPage:
    """What the partners page shows for a scope (partners_page())."""
    listing: pd.DataFrame         # partners_list(scope)
    by_partner: pd.DataFrame      # days_by_partner(scope)
    contributions: pd.DataFrame   # contributions_by_partner(scope)
    per_year: pd.DataFrame        # active_by_year() from the data's first year (or the scope's, if earlier)
    by_theme: pd.DataFrame        # days_by_theme(scope)


def partners_page(con, scope: Scope, first: dt.date) -> PartnersPage:
    """Every figure of the partners page in one statement, read as arrays (fetchnumpy) and cut into
    frames: planning a query, each of its aggregates and making a DataFrame of it cost a fraction of
    a millisecond to two, which would be most of the page's time for one basin. So the partners come
    with their payments in the period (the contributions are those who paid), and for a few basins
    the missions are summed once per (partner, theme), then added up by partner and by theme with
    numpy; for the whole network, where that would be many rows to carry, grouping sets give a row
    per partner and one per theme. The partners active per year are counted from the partners' rows,
    from the year of `first`, the data's first committee date (data_period(), which the page keeps in
    its cache), or of the scope's start if earlier.

    The statement's parts (`part`): 0 the scope's basins, 1 the partners (partners_list), 2 the
    missions. One ORDER BY sorts them all: the partners in partners_list()'s order, a partner's
    mission rows one after the other.
    """
    bs, bs_params = basins_cte(scope)
    if scope.basins or (scope.permitted is not None and not scope.territories):
        # by name, straight on the derived tables (the territories go through bs); a person's
        # permitted basins too (partners and their payments are records)
        named, basins_params = scope_where(scope.narrowed(territories=()), PARTNER_FACTS)
        basins = f" AND {named}"
    elif scope.territories:
        basins, basins_params = " AND basin IN (SELECT id FROM bs)", []
    else:
        basins, basins_params = "", []
    where, missions_params = scope_where(scope, MISSION_FACTS, decided_only=True)
    sql = f"""WITH {bs}
    SELECT 0 AS part, 0 AS grouped, name AS basin, '' AS partner, '' AS kind, '' AS theme,
           NULL::DATE AS joined_on, NULL::DATE AS left_on, false AS active_in_period, false AS active_at_end,
           0::BIGINT AS n1, 0::BIGINT AS n2, 0::BIGINT AS n3, 0::BIGINT AS n4
    FROM bs
    UNION ALL
    SELECT 1, 0, basin, partner, kind, '', joined_on, left_on, active_in_period, active_at_end,
           coalesce(payments, 0), coalesce(amount_eur, 0), 0, 0
    FROM (SELECT {_LISTED}, {_PAYMENTS} FROM partner_facts WHERE true{basins})
    UNION ALL  -- days in tenths: exact integers to add up (a DECIMAL(6, 1) sum, as sum(days) is)
    SELECT 2, grouping(m.basin_name, m.theme), coalesce(m.basin_name, ''), coalesce(m.partner_name, ''),
           coalesce(m.partner_kind, ''), coalesce(m.theme, ''), NULL, NULL, false, false, count(*),
           sum(m.first_for_partner::INTEGER)::BIGINT, sum(m.first_for_theme::INTEGER)::BIGINT,
           (sum(m.days) * 10)::BIGINT
    FROM mission_facts m
    WHERE {where} AND m.decision = 'retained'
    GROUP BY {"m.basin_name, m.partner_name, m.partner_kind, m.theme" if scope.basins or scope.territories
              else "GROUPING SETS ((m.basin_name, m.partner_name, m.partner_kind), (m.theme))"}
    ORDER BY part, grouped, basin, joined_on, partner, kind, theme, left_on"""
    params = [*bs_params, *_listing_params(scope), *_payments_params(scope), *basins_params, *missions_params]
    r = con.cursor().execute(sql, params).fetchnumpy()
    at = np.searchsorted(r["part"], range(4))
    col = {name: np.ma.filled(values, np.datetime64("NaT")) if values.dtype.kind == "M" else np.ma.getdata(values)
           for name, values in r.items()}
    names = col["basin"][at[0]:at[1]]
    check_basins(con, scope, names)
    by_partner, by_theme = _missions_by(col, slice(at[2], at[3]))
    if not len(names):  # no basin at all: as the figures' own functions
        return PartnersPage(pd.DataFrame(columns=list(LISTING_COLUMNS)), by_partner,
                            pd.DataFrame(columns=[*CONTRIBUTION_COLUMNS, "share"]),
                            pd.DataFrame(columns=list(PER_YEAR_COLUMNS)), by_theme)
    partners = {name: values[at[1]:at[2]] for name, values in col.items()}
    listing = pd.DataFrame({name: _typed(partners[name]) for name in LISTING_COLUMNS})
    # contributions_by_partner(): the partners who paid, by amount (then names) as its ORDER BY
    basin, partner, kind, payments, amount = (partners[c] for c in ("basin", "partner", "kind", "n1", "n2"))
    paid = sorted(np.flatnonzero(payments > 0),
                  key=lambda i: (-amount[i], partner[i], basin[i], kind[i], payments[i]))
    contributions = _with_shares({"basin": basin[paid], "partner": partner[paid], "kind": kind[paid],
                                  "payments": payments[paid], "amount_eur": amount[paid]}, "amount_eur")
    per_year = _active_by_year(names, basin, partners["joined_on"], partners["left_on"],
                               range(min(first, scope.start).year, scope.end.year + 1))
    return PartnersPage(listing, by_partner, contributions, per_year, by_theme)


def _missions_by(col: dict, rows: slice) -> tuple[pd.DataFrame, pd.DataFrame]:
    """days_by_partner() and days_by_theme() from the mission rows: per (basin, partner, kind, theme)
    (grouped 0), or per partner (1) and per theme (2); a partner's rows follow each other. The
    first-mission flags add up (a project's first mission for a partner is on one of its themes);
    days are the tenths' (n4) sum / 10, the double DuckDB casts a DECIMAL sum to; a stable sort by days
    keeps the ties in the names' order, as the figures' ORDER BY."""
    grouped = col["grouped"][rows]
    mine = grouped != 2
    basin, partner, kind = (col[c][rows][mine] for c in ("basin", "partner", "kind"))
    starts = np.flatnonzero(np.r_[True, (basin[1:] != basin[:-1]) | (partner[1:] != partner[:-1])
                                  | (kind[1:] != kind[:-1])]) if len(basin) else np.array([], "int64")

    def add(column):
        values = col[column][rows][mine]
        return np.add.reduceat(values, starts) if len(values) else values

    days = add("n4") / 10
    order = np.argsort(-days, kind="stable")
    by_partner = _with_shares({"basin": basin[starts][order], "partner": partner[starts][order],
                               "kind": kind[starts][order], "days": days[order],
                               "missions": add("n1")[order], "projects": add("n2")[order]})
    themes: dict[str, list[int]] = {}  # theme: [tenths, missions, projects]; nine themes at most
    mine = grouped != 1
    for theme, tenths, missions, projects in zip(*(col[c][rows][mine] for c in ("theme", "n4", "n1", "n3"))):
        total = themes.setdefault(theme, [0, 0, 0])
        total[0] += int(tenths)
        total[1] += int(missions)
        total[2] += int(projects)
    ordered = sorted(themes.items(), key=lambda item: (-item[1][0], item[0]))
    by_theme = _with_shares({"theme": np.array([t for t, _ in ordered], dtype=object),
                             "days": np.array([v[0] / 10 for _, v in ordered], dtype="float64"),
                             "missions": np.array([v[1] for _, v in ordered], dtype="int64"),
                             "projects": np.array([v[2] for _, v in ordered], dtype="int64")})
    return by_partner, by_theme


def _with_shares(columns: dict[str, np.ndarray], of: str = "days") -> pd.DataFrame:
    """The frame of `columns` and its share column, as _with_share() makes it (pandas sums floats
    with numpy's sum), in one construction."""
    values = columns[of]
    return pd.DataFrame({name: _typed(v) for name, v in columns.items()}
                        | {"share": values / values.sum() if len(values) else np.array([], "float64")})


def _typed(values: np.ndarray):
    """Text as .df() gives it: pandas' string dtype (object when there is no row)."""
    return pd.array(values, dtype="str") if values.dtype == object and len(values) else values


def _active_by_year(names: np.ndarray, basin: np.ndarray, joined_on: np.ndarray, left_on: np.ndarray,
                    years: range) -> pd.DataFrame:
    """active_by_year() from the partners' rows: `names` the basins (sorted), `basin`, `joined_on` and
    `left_on` (NaT: still a partner) the partners'; one bincount per column over (year, basin) cells."""
    where = np.searchsorted(names, basin)
    joined = joined_on.astype("datetime64[Y]").astype("int64") + 1970
    left = np.where(np.isnat(left_on), np.iinfo("int64").max, left_on.astype("datetime64[Y]").astype("int64") + 1970)
    year = np.array(years, dtype="int64")[:, None]
    cell = (year - years.start) * len(names) + where  # (year, partner) → its (year, basin) cell

    def count(mask):
        return np.bincount(cell[mask], minlength=len(years) * len(names)).astype("int64")

    return pd.DataFrame({"year": np.repeat(year[:, 0], len(names)),
                         "basin": _typed(np.tile(names, len(years))),
                         "active": count((joined <= year) & (left >= year)), "joined": count(joined == year),
                         "left": count(left == year)})


# ---- one partner (the partner report, issue 19) ------------------------------------------------------

@dataclass(frozen=True)
class Partner:
    id: str
    name: str
    kind: str
    basin_id: str
    basin: str                    # the basin's name, as scopes name basins
    joined_on: dt.date
    left_on: dt.date | None


def partner(con, partner_id: str) -> Partner:
    """One partner by id; an unknown id is a one-line French error naming it."""
    from alize import AlizeError

    row = con.cursor().execute("""SELECT pa.id, pa.name, pa.kind, pa.basin, b.name, pa.joined_on, pa.left_on
        FROM partners pa JOIN basins b ON b.id = pa.basin WHERE pa.id = ?""", [str(partner_id)]).fetchone()
    if row is None:
        raise AlizeError(key="error.unknown_partner", partner=partner_id)
    return Partner(*row)


def partner_payments(con, partner_id: str, start: dt.date, end: dt.date) -> tuple[int, int]:
    """(payments, euros) the partner paid into the fund between two dates, both included."""
    row = con.cursor().execute("""SELECT count(*)::BIGINT, coalesce(sum(amount_eur), 0)::BIGINT FROM contributions
        WHERE partner = ? AND paid_on BETWEEN ? AND ?""", [partner_id, start, end]).fetchone()
    return int(row[0]), int(row[1])


def partner_missions(con, partner_id: str, scope: Scope) -> pd.DataFrame:
    """The partner's missions pledged to the scope's retained projects (the key figures' competence
    days, for this partner only). The caller's scope names the partner's basin: a mission on a firm
    of another basin is never read. Columns: project, company, held_on, theme, days."""
    where, params = scope_where(scope, MISSION_FACTS, decided_only=True)
    sql = f"""SELECT m.project, p.company, m.held_on, m.theme, m.days::DOUBLE AS days
        FROM mission_facts m JOIN projects p ON p.id = m.project
        WHERE {where} AND m.decision = 'retained' AND m.partner = ?
        ORDER BY m.held_on, p.company, m.project, m.theme, m.id"""
    return con.cursor().execute(sql, [*params, partner_id]).df()


def partner_choices(con, scope: Scope) -> pd.DataFrame:
    """The partners of the scope's basins with the years their basin held committees (the years a
    partner report can be asked for). Columns: id, name, basin, first_year, last_year."""
    ids = [b[0] for b in scope_basins(con, scope)]
    if not ids:
        return pd.DataFrame(columns=["id", "name", "basin", "first_year", "last_year"])
    return con.cursor().execute("""SELECT pa.id, pa.name, b.name AS basin,
               (SELECT min(year(held_on)) FROM committees c WHERE c.basin = pa.basin)::BIGINT AS first_year,
               (SELECT max(year(held_on)) FROM committees c WHERE c.basin = pa.basin)::BIGINT AS last_year
        FROM partners pa JOIN basins b ON b.id = pa.basin WHERE pa.basin = ANY(?)
        ORDER BY b.name, pa.name, pa.id""", [ids]).df()
