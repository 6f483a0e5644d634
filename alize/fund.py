"""The loan fund of a basin at any date: paid in, disbursed, repaid, written off, outstanding, available.

The fund belongs to a basin, so its position uses only the scope's basins (those named, or the
basins of the named territories; all basins when none): the period's start and the sector/kind
filters do not apply to it. Aid counts as disbursed on its committee date (the records hold no
disbursement date). Cohort rates, which describe projects, do honour every filter of the scope.
Definitions: docs/definitions.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import pandas as pd

from alize import ScopeError
from alize.figures import facts_where
from alize.scope import Scope


def scope_basins(con, scope: Scope) -> list[tuple[str, str]]:
    """(id, name) of the basins a scope is about: named basins, else the named territories' basins, else all."""
    cur = con.cursor()
    rows = cur.execute("SELECT b.id, b.name, t.name FROM basins b LEFT JOIN territories t ON t.basin = b.id").fetchall()
    names = {r[1] for r in rows}
    unknown = [b for b in scope.basins if b not in names]
    if unknown:
        raise ScopeError(f"bassin inconnu : {', '.join(unknown)}")
    wanted = set(scope.basins)
    if not wanted and scope.territories:
        terr = {r[2]: r[1] for r in rows if r[2] is not None}
        unknown = [t for t in scope.territories if t not in terr]
        if unknown:
            raise ScopeError(f"territoire inconnu : {', '.join(unknown)}")
        wanted = {terr[t] for t in scope.territories}
    out = sorted({(r[0], r[1]) for r in rows if not wanted or r[1] in wanted}, key=lambda x: x[1])
    return out


def _marks(values) -> str:
    return ", ".join("?" for _ in values)


POSITION_COLUMNS = ("contributions_eur", "disbursed_eur", "repaid_eur", "written_off_eur",
                    "outstanding_eur", "available_eur")


@dataclass(frozen=True)
class FundPosition:
    as_of: dt.date
    contributions_eur: int
    disbursed_eur: int
    repaid_eur: int
    written_off_eur: int

    @property
    def outstanding_eur(self) -> int:
        """Still owed by the firms: disbursed − repaid − written off."""
        return self.disbursed_eur - self.repaid_eur - self.written_off_eur

    @property
    def available_eur(self) -> int:
        """Cash the fund can lend: contributions + repaid − disbursed (write-offs are simply never repaid)."""
        return self.contributions_eur + self.repaid_eur - self.disbursed_eur

    def to_dict(self) -> dict:
        out = asdict(self)
        out["as_of"] = self.as_of.isoformat()
        out["outstanding_eur"] = self.outstanding_eur
        out["available_eur"] = self.available_eur
        return out


def fund_position(con, scope: Scope, as_of: dt.date | None = None) -> pd.DataFrame:
    """One row per basin of the scope at `as_of` (default: the scope's end), everything cumulative.

    Columns: basin, as_of, contributions_eur, disbursed_eur, repaid_eur, written_off_eur,
    outstanding_eur, available_eur.
    """
    as_of = as_of or scope.end
    basins = scope_basins(con, scope)
    ids = [b[0] for b in basins]
    if not ids:
        return pd.DataFrame(columns=["basin", "as_of", *POSITION_COLUMNS])
    sql = """
    WITH bs AS (SELECT id, name FROM basins WHERE id = ANY(?)),
    paid AS (
        SELECT pa.basin, sum(co.amount_eur) AS v FROM contributions co JOIN partners pa ON pa.id = co.partner
        WHERE co.paid_on <= ? GROUP BY 1
    ),
    flows AS (  -- db.fund_flows: aid disbursed on committee dates, repayments and write-offs, per basin and day
        SELECT basin, sum(disbursed) AS lent, sum(repaid) AS repaid, sum(written_off) AS written_off
        FROM fund_flows WHERE day <= ? AND basin = ANY(?) GROUP BY 1
    )
    SELECT bs.name AS basin, coalesce(paid.v, 0)::BIGINT AS contributions_eur,
           coalesce(flows.lent, 0)::BIGINT AS disbursed_eur, coalesce(flows.repaid, 0)::BIGINT AS repaid_eur,
           coalesce(flows.written_off, 0)::BIGINT AS written_off_eur
    FROM bs LEFT JOIN paid ON paid.basin = bs.id LEFT JOIN flows ON flows.basin = bs.id
    ORDER BY bs.name"""
    df = con.cursor().execute(sql, [ids, as_of, as_of, ids]).df()
    df.insert(1, "as_of", as_of)
    df["outstanding_eur"] = df["disbursed_eur"] - df["repaid_eur"] - df["written_off_eur"]
    df["available_eur"] = df["contributions_eur"] + df["repaid_eur"] - df["disbursed_eur"]
    return df


def fund_total(con, scope: Scope, as_of: dt.date | None = None) -> FundPosition:
    """The scope's basins' funds added together."""
    as_of = as_of or scope.end
    df = fund_position(con, scope, as_of)
    return FundPosition(as_of, *(int(df[c].sum()) for c in POSITION_COLUMNS[:4]))


def fund_series(con, scope: Scope) -> pd.DataFrame:
    """The position at the end of each year of the scope (the last point at the scope's end), per basin.

    Columns: year, basin, as_of and the position columns; a line chart per basin or summed by year.
    """
    days = [min(dt.date(year, 12, 31), scope.end) for year in range(scope.start.year, scope.end.year + 1)]
    ids = [b[0] for b in scope_basins(con, scope)]
    if not ids:
        return pd.concat([fund_position(con, scope, day).assign(year=day.year)[
            ["year", "basin", "as_of", *POSITION_COLUMNS]] for day in days], ignore_index=True)
    # one pass: every flow goes to the first series date on or after it (ASOF), then running sums
    sql = """
    WITH dates AS (SELECT unnest(?::DATE[]) AS d),
    bs AS (SELECT id, name FROM basins WHERE id = ANY(?)),
    grid AS (SELECT bs.id, bs.name, dates.d FROM bs CROSS JOIN dates),
    flows AS (
        SELECT f.basin, t.d, sum(f.disbursed) AS lent, sum(f.repaid) AS repaid, sum(f.written_off) AS written_off
        FROM fund_flows f ASOF JOIN dates t ON f.day <= t.d
        WHERE f.basin = ANY(?) GROUP BY 1, 2
    ),
    paid AS (
        SELECT pa.basin, t.d, sum(co.amount_eur) AS v
        FROM contributions co JOIN partners pa ON pa.id = co.partner ASOF JOIN dates t ON co.paid_on <= t.d
        WHERE pa.basin = ANY(?) GROUP BY 1, 2
    )
    SELECT g.d AS as_of, g.name AS basin,
           sum(coalesce(paid.v, 0)) OVER w AS contributions_eur,
           sum(coalesce(flows.lent, 0)) OVER w AS disbursed_eur,
           sum(coalesce(flows.repaid, 0)) OVER w AS repaid_eur,
           sum(coalesce(flows.written_off, 0)) OVER w AS written_off_eur
    FROM grid g LEFT JOIN flows ON flows.basin = g.id AND flows.d = g.d
         LEFT JOIN paid ON paid.basin = g.id AND paid.d = g.d
    WINDOW w AS (PARTITION BY g.id ORDER BY g.d ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
    ORDER BY g.d, g.name"""
    df = con.cursor().execute(sql, [days, ids, ids, ids]).df()
    frames = []
    for day in days:
        part = df[df["as_of"].dt.date == day][["basin", *POSITION_COLUMNS[:4]]].reset_index(drop=True)
        part = part.astype({c: "int64" for c in POSITION_COLUMNS[:4]})
        part.insert(1, "as_of", day)
        part["outstanding_eur"] = part["disbursed_eur"] - part["repaid_eur"] - part["written_off_eur"]
        part["available_eur"] = part["contributions_eur"] + part["repaid_eur"] - part["disbursed_eur"]
        part.insert(0, "year", day.year)
        frames.append(part)
    return pd.concat(frames, ignore_index=True)


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


def cohort_rates(con, scope: Scope, as_of: dt.date | None = None) -> pd.DataFrame:
    """Repayment and write-off rates of the aid granted, by committee year, at `as_of`.

    Over the retained projects of the scope (every filter applies) with aid > 0 and committee <= as_of.
    Columns: cohort, projects, aid_eur, repaid_eur, written_off_eur, outstanding_eur, repayment_rate
    (repaid / aid), write_off_rate (written off / aid), projects_written_off.
    """
    as_of = as_of or scope.end
    where, params = facts_where(scope)
    sql = f"""
    WITH scoped AS (
        SELECT year(f.held_on) AS cohort, f.aid_eur,
               list_sum(list_filter(f.rp_amount, lambda x, i: f.rp_on[i] <= ? AND NOT f.rp_write_off[i])) AS repaid,
               list_sum(list_filter(f.rp_amount, lambda x, i: f.rp_on[i] <= ? AND f.rp_write_off[i])) AS written_off
        FROM project_facts f
        WHERE {where} AND f.decision = 'retained' AND f.aid_eur > 0 AND f.held_on <= ?
    )
    SELECT s.cohort::BIGINT AS cohort, count(*)::BIGINT AS projects, sum(s.aid_eur)::BIGINT AS aid_eur,
           coalesce(sum(s.repaid), 0)::BIGINT AS repaid_eur,
           coalesce(sum(s.written_off), 0)::BIGINT AS written_off_eur,
           count(*) FILTER (WHERE s.written_off > 0)::BIGINT AS projects_written_off
    FROM scoped s
    GROUP BY 1 ORDER BY 1"""
    df = con.cursor().execute(sql, [as_of, as_of, *params, as_of]).df()
    df["outstanding_eur"] = df["aid_eur"] - df["repaid_eur"] - df["written_off_eur"]
    df["repayment_rate"] = df["repaid_eur"] / df["aid_eur"]
    df["write_off_rate"] = df["written_off_eur"] / df["aid_eur"]
    return df
