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
from alize.scope import Scope
from alize.store.tables import BASINS, PROJECT_FACTS
from alize.store.where import scope_where


def scope_basins(con, scope: Scope) -> list[tuple[str, str]]:
    """(id, name) of the basins a scope is about: named basins, else the named territories' basins, else all."""
    cur = con.cursor()
    rows = cur.execute("SELECT b.id, b.name, t.name FROM basins b LEFT JOIN territories t ON t.basin = b.id").fetchall()
    names = {r[1] for r in rows}
    unknown = [b for b in scope.basins if b not in names]
    if unknown:
        raise ScopeError(key="error.unknown_basin_short", names=", ".join(unknown))
    wanted = set(scope.basins)
    if not wanted and scope.territories:
        terr = {r[2]: r[1] for r in rows if r[2] is not None}
        unknown = [t for t in scope.territories if t not in terr]
        if unknown:
            raise ScopeError(key="error.unknown_territory_short", names=", ".join(unknown))
        wanted = {terr[t] for t in scope.territories}
    if scope.permitted is not None:  # a person's basins only (the fund's movements are records)
        wanted = (wanted or names) & set(scope.permitted)
        return sorted({(r[0], r[1]) for r in rows if r[1] in wanted}, key=lambda x: x[1])
    out = sorted({(r[0], r[1]) for r in rows if not wanted or r[1] in wanted}, key=lambda x: x[1])
    return out


def _about(scope: Scope) -> Scope:
    """The scope's basin filters as the fund reads them: named basins win over named territories."""
    return scope.narrowed(territories=()) if scope.basins else scope


def basins_cte(scope: Scope) -> tuple[str, list]:
    """A WITH item `bs(id, name)`: the basins scope_basins() picks, found by the query itself (one
    round trip less). Pair it with check_basins(), which raises scope_basins()'s errors."""
    where, params = scope_where(_about(scope), BASINS)
    return f"bs AS (SELECT DISTINCT b.id, b.name FROM {BASINS.source} WHERE {where})", params


def in_basins(scope: Scope) -> str:
    """`AND basin IN bs` for a basins_cte() query, or nothing when the scope is every basin."""
    return " AND basin IN (SELECT id FROM bs)" if scope.basins or scope.territories or scope.permitted is not None \
        else ""


def check_basins(con, scope: Scope, found) -> None:
    """Raise what scope_basins() raises for an unknown basin or territory; `found`: the names of every
    basin a basins_cte() query kept (a missing named basin is unknown; territories are looked up)."""
    if (scope.basins and len(set(found)) < len(scope.basins)) or (not scope.basins and scope.territories):
        scope_basins(con, scope)


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


# ---- the queries, in pieces: a page asks for all its figures in one statement --------------------

def _moves_cte(scope: Scope, as_of: dt.date) -> tuple[str, list]:
    """A WITH item `moves(basin, year, paid_in, disbursed, repaid, written_off)`: every flow of the bs
    basins up to `as_of`, whole years from db.fund_years, the last year's days from db.fund_flows."""
    where = in_basins(scope)
    if (as_of.month, as_of.day) == (12, 31):
        return f"""moves AS (
        SELECT basin, year, paid_in, disbursed, repaid, written_off FROM fund_years WHERE year <= ?{where}
    )""", [as_of.year]
    return f"""moves AS (
        SELECT basin, year, paid_in, disbursed, repaid, written_off FROM fund_years WHERE year < ?{where}
        UNION ALL
        SELECT basin, ? AS year, paid_in, disbursed, repaid, written_off
        FROM fund_flows WHERE day BETWEEN ? AND ?{where}
    )""", [as_of.year, as_of.year, dt.date(as_of.year, 1, 1), as_of]


_SUMS = """coalesce(sum(m.paid_in), 0)::BIGINT AS contributions_eur,
           coalesce(sum(m.disbursed), 0)::BIGINT AS disbursed_eur,
           coalesce(sum(m.repaid), 0)::BIGINT AS repaid_eur,
           coalesce(sum(m.written_off), 0)::BIGINT AS written_off_eur"""

# per basin of bs at the moves' date (WITH bs, moves)
_POSITION = f"""SELECT bs.name AS basin, {_SUMS}
    FROM bs LEFT JOIN moves m ON m.basin = bs.id GROUP BY bs.id, bs.name"""


def _series_sql(scope: Scope) -> tuple[str, list]:
    """Cumulative positions per basin at the end of each year of the scope (the last at its end):
    the flows by basin and year (the earlier ones in the first year) summed up by a window."""
    bs, bs_params = basins_cte(scope)
    moves, moves_params = _moves_cte(scope, scope.end)
    sql = f"""WITH {bs}, {moves},
    years AS (SELECT unnest(range(?, ?)) AS year),
    per_year AS (SELECT m.basin, greatest(m.year, ?) AS year, {_SUMS} FROM moves m GROUP BY ALL)
    SELECT y.year::BIGINT AS year, bs.name AS basin,
           (sum(coalesce(g.contributions_eur, 0)) OVER w)::BIGINT AS contributions_eur,
           (sum(coalesce(g.disbursed_eur, 0)) OVER w)::BIGINT AS disbursed_eur,
           (sum(coalesce(g.repaid_eur, 0)) OVER w)::BIGINT AS repaid_eur,
           (sum(coalesce(g.written_off_eur, 0)) OVER w)::BIGINT AS written_off_eur
    FROM bs CROSS JOIN years y LEFT JOIN per_year g ON g.year = y.year AND g.basin = bs.id
    WINDOW w AS (PARTITION BY bs.id ORDER BY y.year)
    ORDER BY year, basin"""
    return sql, [*bs_params, *moves_params, scope.start.year, scope.end.year + 1, scope.start.year]


def _cohorts_add_up(scope: Scope, as_of: dt.date) -> bool:
    """Whether db.cohort_flows gives the scope's cohorts: no project filter, and the projects kept
    are whole committee years (from 1 January; to the scope's end when it is a 31 December or is
    not before `as_of`, since `day <= as_of` keeps only the loans granted by then)."""
    return (not scope.has_project_filters and (scope.start.month, scope.start.day) == (1, 1)
            and (scope.end >= as_of or (scope.end.month, scope.end.day) == (12, 31)))


def _cohorts_select(scope: Scope, as_of: dt.date, basins: str, basins_params: list) -> tuple[str, list]:
    """Columns cohort, projects, aid_eur, repaid_eur, written_off_eur, projects_written_off.
    `basins` (with its parameters): the condition on cohort_flows' basin id, for the quick path."""
    if _cohorts_add_up(scope, as_of):
        sql = f"""SELECT cohort::BIGINT AS cohort, sum(loans)::BIGINT AS projects, sum(lent)::BIGINT AS aid_eur,
               sum(repaid)::BIGINT AS repaid_eur, sum(written_off)::BIGINT AS written_off_eur,
               sum(written_off_loans)::BIGINT AS projects_written_off
        FROM cohort_flows
        WHERE day <= ? AND cohort BETWEEN ? AND ?{basins}
        GROUP BY cohort"""
        return sql, [as_of, scope.start.year, scope.end.year, *basins_params]
    where, params = scope_where(scope, PROJECT_FACTS, decided_only=True)
    sql = f"""SELECT s.cohort::BIGINT AS cohort, count(*)::BIGINT AS projects, sum(s.aid_eur)::BIGINT AS aid_eur,
           coalesce(sum(s.repaid), 0)::BIGINT AS repaid_eur,
           coalesce(sum(s.written_off), 0)::BIGINT AS written_off_eur,
           count(*) FILTER (WHERE s.written_off > 0)::BIGINT AS projects_written_off
    FROM (
        SELECT year(f.held_on) AS cohort, f.aid_eur,
               list_sum(list_filter(f.rp_amount, lambda x, i: f.rp_on[i] <= ? AND NOT f.rp_write_off[i])) AS repaid,
               list_sum(list_filter(f.rp_amount, lambda x, i: f.rp_on[i] <= ? AND f.rp_write_off[i])) AS written_off
        FROM project_facts f
        WHERE {where} AND f.decision = 'retained' AND f.aid_eur > 0 AND f.held_on <= ?
    ) s
    GROUP BY 1"""
    return sql, [as_of, as_of, *params, as_of]


def _add_balances(df: pd.DataFrame) -> pd.DataFrame:
    df["outstanding_eur"] = df["disbursed_eur"] - df["repaid_eur"] - df["written_off_eur"]
    df["available_eur"] = df["contributions_eur"] + df["repaid_eur"] - df["disbursed_eur"]
    return df


def _add_rates(df: pd.DataFrame) -> pd.DataFrame:
    df["outstanding_eur"] = df["aid_eur"] - df["repaid_eur"] - df["written_off_eur"]
    df["repayment_rate"] = df["repaid_eur"] / df["aid_eur"]
    df["write_off_rate"] = df["written_off_eur"] / df["aid_eur"]
    return df


def _position_frame(df: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    if df.empty:
        return pd.DataFrame(columns=["basin", "as_of", *POSITION_COLUMNS])
    df.insert(1, "as_of", as_of)
    return _add_balances(df)


def _total(position: pd.DataFrame, as_of: dt.date) -> FundPosition:
    return FundPosition(as_of, *(int(position[c].sum()) for c in POSITION_COLUMNS[:4]))


# ---- the figures ------------------------------------------------------------------------------------

def fund_position(con, scope: Scope, as_of: dt.date | None = None) -> pd.DataFrame:
    """One row per basin of the scope at `as_of` (default: the scope's end), everything cumulative.

    Columns: basin, as_of, contributions_eur, disbursed_eur, repaid_eur, written_off_eur,
    outstanding_eur, available_eur.
    """
    as_of = as_of or scope.end
    bs, bs_params = basins_cte(scope)
    moves, moves_params = _moves_cte(scope, as_of)
    df = con.cursor().execute(f"WITH {bs}, {moves} {_POSITION} ORDER BY basin", [*bs_params, *moves_params]).df()
    check_basins(con, scope, df["basin"])
    return _position_frame(df, as_of)


def fund_total(con, scope: Scope, as_of: dt.date | None = None) -> FundPosition:
    """The scope's basins' funds added together."""
    as_of = as_of or scope.end
    return _total(fund_position(con, scope, as_of), as_of)


def fund_series(con, scope: Scope) -> pd.DataFrame:
    """The position at the end of each year of the scope (the last point at the scope's end), per basin.

    Columns: year, basin, as_of and the position columns; a line chart per basin or summed by year.
    """
    sql, params = _series_sql(scope)
    df = con.cursor().execute(sql, params).df()
    check_basins(con, scope, df["basin"].unique())
    if df.empty:
        return pd.DataFrame(columns=["year", "basin", "as_of", *POSITION_COLUMNS])
    days = {year: min(dt.date(year, 12, 31), scope.end) for year in range(scope.start.year, scope.end.year + 1)}
    df.insert(2, "as_of", df["year"].map(days))
    return _add_balances(df)


def cohort_rates(con, scope: Scope, as_of: dt.date | None = None) -> pd.DataFrame:
    """Repayment and write-off rates of the aid granted, by committee year, at `as_of`.

    Over the retained projects of the scope (every filter applies) with aid > 0 and committee <= as_of.
    Columns: cohort, projects, aid_eur, repaid_eur, written_off_eur, outstanding_eur, repayment_rate
    (repaid / aid), write_off_rate (written off / aid), projects_written_off.
    """
    as_of = as_of or scope.end
    # the basins by name, as project_facts is filtered (an unknown name keeps nothing)
    basins, basins_params = "", []
    if scope.basins:
        where, basins_params = scope_where(_about(scope), BASINS)
        basins = f" AND basin IN (SELECT b.id FROM {BASINS.source} WHERE {where})"
    sql, params = _cohorts_select(scope, as_of, basins, basins_params)
    return _add_rates(con.cursor().execute(sql + " ORDER BY cohort", params).df())


@dataclass(frozen=True)
class FundPage:
    """What the fund page shows for a scope (fund_page())."""
    total: FundPosition      # fund_total(scope)
    position: pd.DataFrame   # fund_position(scope): per basin at the scope's end
    by_year: pd.DataFrame    # fund_series() from the data's first year, summed by year: year + position columns
    cohorts: pd.DataFrame    # cohort_rates() from the data's first year


COHORT_COLUMNS = ("cohort", "projects", "aid_eur", "repaid_eur", "written_off_eur", "projects_written_off",
                  "outstanding_eur", "repayment_rate", "write_off_rate")


def fund_page(con, scope: Scope, first: dt.date) -> FundPage:
    """Every figure of the fund page in one statement of three parts, read without a DataFrame per
    part and summed up by year in Python: planning a query costs a millisecond or two, a DataFrame or
    a window a fraction of one, a loop over twenty years nothing.

    `first`: the data's first committee date (data_period(), which the page keeps in its cache); the
    series and the cohorts start there, or at the scope's start if earlier, as the page shows them.
    """
    since = min(first, scope.start)
    bs, bs_params = basins_cte(scope)
    moves, moves_params = _moves_cte(scope, scope.end)
    # no committee before `first`: from 1 January of its year the cohorts are the same, and whole years
    cohorts, cohorts_params = _cohorts_select(scope.with_period(dt.date(since.year, 1, 1), scope.end),
                                              scope.end, in_basins(scope), [])
    sql = f"""WITH {bs}, {moves}
    SELECT 0 AS part, basin AS name, 0::BIGINT AS year, contributions_eur AS a, disbursed_eur AS b,
           repaid_eur AS c, written_off_eur AS d, 0::BIGINT AS e
    FROM ({_POSITION})
    UNION ALL  -- flows by year, the earlier ones in the first year
    SELECT 1, '', greatest(m.year, ?), {_SUMS}, 0 FROM moves m GROUP BY ALL
    UNION ALL
    SELECT 2, '', cohort, projects, aid_eur, repaid_eur, written_off_eur, projects_written_off FROM ({cohorts})
    ORDER BY part, year, name"""
    rows = con.cursor().execute(sql, [*bs_params, *moves_params, since.year, *cohorts_params]).fetchall()
    position = [(name, scope.end, a, b, c, d, b - c - d, a + c - b) for part, name, _, a, b, c, d, _ in rows
                if part == 0]
    check_basins(con, scope, [r[0] for r in position])
    if not position:  # as fund_position() and fund_series() for no basin at all
        empty = pd.DataFrame(columns=["basin", "as_of", *POSITION_COLUMNS])
        return FundPage(_total(empty, scope.end), empty, pd.DataFrame(columns=["year", *POSITION_COLUMNS]),
                        _frame([], COHORT_COLUMNS))
    position = pd.DataFrame(position, columns=["basin", "as_of", *POSITION_COLUMNS])
    flows = {year: (a, b, c, d) for part, _, year, a, b, c, d, _ in rows if part == 1}
    by_year, cum = [], (0, 0, 0, 0)
    for year in range(since.year, scope.end.year + 1):
        cum = tuple(x + y for x, y in zip(cum, flows.get(year, (0, 0, 0, 0))))
        a, b, c, d = cum
        by_year.append((year, a, b, c, d, b - c - d, a + c - b))
    cohorts = _frame([(year, n, aid, c, d, wo, aid - c - d, c / aid, d / aid)
                      for part, _, year, n, aid, c, d, wo in rows if part == 2], COHORT_COLUMNS)
    return FundPage(_total(position, scope.end), position,
                    pd.DataFrame(by_year, columns=["year", *POSITION_COLUMNS]), cohorts)


def _frame(rows: list, columns) -> pd.DataFrame:
    """The rows as a DataFrame with the dtypes DuckDB's .df() gives (an empty one included)."""
    if rows:
        return pd.DataFrame(rows, columns=list(columns))
    return pd.DataFrame({c: pd.Series(dtype="float64" if c.endswith("_rate") else "int64") for c in columns})


# ---- the loans' schedule: arrears, portfolio at risk, recovery ---------------------------------------
# Repayments are matched to instalments in due order (the first euro repaid pays the first instalment
# due): an instalment is unpaid at D for what the loan's repayments up to D leave of the cumulated
# schedule up to it, and late once its due date has passed. Definitions: docs/definitions.md, "Échéancier".

PAR_DAYS = (30, 90)


def _schedule_cte(as_of: dt.date, loans_where: str, loans_params: list) -> tuple[str, list]:
    """WITH items `loans(id, basin, held_on, aid_eur)` (retained, aid > 0, committee <= as_of, and
    `loans_where` on projects p / committees c), `inst` (each instalment with unpaid_eur and days_late at
    as_of, 0 when not late) and `state` (each loan: outstanding_eur, arrears_eur, days_late of its oldest
    unpaid instalment past due, rescheduled by as_of)."""
    sql = f"""loans AS (
        SELECT p.id, c.basin, c.held_on, p.aid_eur
        FROM projects p JOIN committees c ON c.id = p.committee
        WHERE p.decision = 'retained' AND p.aid_eur > 0 AND c.held_on <= ?{loans_where}
    ),
    paid AS (
        SELECT r.project, coalesce(sum(r.amount_eur) FILTER (WHERE r.kind = 'repayment'), 0) AS repaid,
               coalesce(sum(r.amount_eur) FILTER (WHERE r.kind = 'write_off'), 0) AS written_off
        FROM repayments r SEMI JOIN loans l ON l.id = r.project
        WHERE r.paid_on <= ? GROUP BY r.project
    ),
    inst AS (  -- the instalments due before as_of (only they can be late), with what is left unpaid of each
        SELECT s.project, s.due_on, s.amount_eur, s.rescheduled_on,
               greatest(least(s.amount_eur, s.cum_due - coalesce(p.repaid, 0)), 0) AS unpaid_eur,
               CASE WHEN s.cum_due > coalesce(p.repaid, 0) THEN ? - s.due_on ELSE 0 END AS days_late
        FROM (SELECT i.*, sum(i.amount_eur) OVER (PARTITION BY i.project ORDER BY i.due_on) AS cum_due
              FROM instalments i SEMI JOIN loans l ON l.id = i.project WHERE i.due_on < ?) s
             LEFT JOIN paid p ON p.project = s.project
    ),
    per_loan AS (
        SELECT project, max(days_late) AS days_late, sum(unpaid_eur) FILTER (WHERE days_late > 0) AS overdue_eur
        FROM inst GROUP BY project
    ),
    resched AS (SELECT DISTINCT project FROM instalments WHERE rescheduled_on <= ?),
    state AS (
        SELECT l.id, l.basin, l.held_on, l.aid_eur,
               l.aid_eur - coalesce(p.repaid, 0) - coalesce(p.written_off, 0) AS outstanding_eur,
               coalesce(p.written_off, 0) AS written_off_eur,
               coalesce(q.days_late, 0) AS days_late, coalesce(q.overdue_eur, 0) AS overdue_eur,
               r.project IS NOT NULL AS rescheduled
        FROM loans l LEFT JOIN paid p ON p.project = l.id LEFT JOIN per_loan q ON q.project = l.id
             LEFT JOIN resched r ON r.project = l.id
    )"""
    return sql, [as_of, *loans_params, as_of, as_of, as_of, as_of]


@dataclass(frozen=True)
class PortfolioRisk:
    """The basin's loans at `as_of` (those granted by then): the portfolio outstanding, the arrears, and
    the outstanding of the loans at risk (an instalment more than 30 / 90 days late, or rescheduled)."""

    as_of: dt.date
    loans: int                  # loans with an outstanding balance
    outstanding_eur: int
    arrears_eur: int            # unpaid instalments past due (at most each loan's outstanding)
    par30_eur: int
    par90_eur: int
    loans_at_risk_30: int
    loans_at_risk_90: int
    rescheduled_loans: int      # with an outstanding balance

    @property
    def par30(self) -> float | None:
        """PAR30 = outstanding of the loans with an instalment > 30 days late or rescheduled ÷ outstanding."""
        return None if not self.outstanding_eur else self.par30_eur / self.outstanding_eur

    @property
    def par90(self) -> float | None:
        return None if not self.outstanding_eur else self.par90_eur / self.outstanding_eur

    @property
    def arrears_rate(self) -> float | None:
        return None if not self.outstanding_eur else self.arrears_eur / self.outstanding_eur

    def to_dict(self) -> dict:
        out = asdict(self)
        out["as_of"] = self.as_of.isoformat()
        for name in ("par30", "par90", "arrears_rate"):
            out[name] = getattr(self, name)
        return out


RISK_COLUMNS = ("loans", "outstanding_eur", "arrears_eur", "par30_eur", "par90_eur", "loans_at_risk_30",
                "loans_at_risk_90", "rescheduled_loans")


def _risk_select() -> str:
    """Per basin of `state`: the RISK_COLUMNS (a loan is in the portfolio while its outstanding is > 0:
    a written-off loan counts until its write-off, then its balance is 0)."""
    at_risk = {d: f"(days_late > {d} OR rescheduled)" for d in PAR_DAYS}  # fixed ints, the only values spliced
    return f"""SELECT basin,
        count(*) FILTER (WHERE outstanding_eur > 0)::BIGINT AS loans,
        coalesce(sum(outstanding_eur) FILTER (WHERE outstanding_eur > 0), 0)::BIGINT AS outstanding_eur,
        coalesce(sum(least(overdue_eur, outstanding_eur)) FILTER (WHERE outstanding_eur > 0), 0)::BIGINT AS arrears_eur,
        coalesce(sum(outstanding_eur) FILTER (WHERE outstanding_eur > 0 AND {at_risk[30]}), 0)::BIGINT AS par30_eur,
        coalesce(sum(outstanding_eur) FILTER (WHERE outstanding_eur > 0 AND {at_risk[90]}), 0)::BIGINT AS par90_eur,
        count(*) FILTER (WHERE outstanding_eur > 0 AND {at_risk[30]})::BIGINT AS loans_at_risk_30,
        count(*) FILTER (WHERE outstanding_eur > 0 AND {at_risk[90]})::BIGINT AS loans_at_risk_90,
        count(*) FILTER (WHERE outstanding_eur > 0 AND rescheduled)::BIGINT AS rescheduled_loans
        FROM state GROUP BY basin"""


def portfolio_risk_by_basin(con, scope: Scope, as_of: dt.date | None = None) -> pd.DataFrame:
    """One row per basin of the scope (as the fund's position: its basins only) at `as_of` (default: the
    scope's end): basin, as_of, RISK_COLUMNS, par30, par90."""
    as_of = as_of or scope.end
    bs, bs_params = basins_cte(scope)
    where = " AND c.basin IN (SELECT id FROM bs)" if scope.basins or scope.territories else ""
    cte, params = _schedule_cte(as_of, where, [])
    df = con.cursor().execute(f"""WITH {bs}, {cte}, r AS ({_risk_select()})
        SELECT bs.name AS basin, {", ".join(f"coalesce(r.{c}, 0)::BIGINT AS {c}" for c in RISK_COLUMNS)}
        FROM bs LEFT JOIN r ON r.basin = bs.id ORDER BY bs.name""", [*bs_params, *params]).df()
    check_basins(con, scope, df["basin"])
    df.insert(1, "as_of", as_of)
    for d in PAR_DAYS:
        df[f"par{d}"] = df[f"par{d}_eur"] / df["outstanding_eur"].where(df["outstanding_eur"] > 0)
    return df


def portfolio_risk(con, scope: Scope, as_of: dt.date | None = None) -> PortfolioRisk:
    """The scope's basins' loans together at `as_of` (default: the scope's end)."""
    as_of = as_of or scope.end
    df = portfolio_risk_by_basin(con, scope, as_of)
    return PortfolioRisk(as_of, *(int(df[c].sum()) for c in RISK_COLUMNS))


def overdue_instalments(con, as_of: dt.date, days: int = 90) -> pd.DataFrame:
    """Every instalment unpaid more than `days` days after its due date at `as_of`, on a loan still
    outstanding (all basins): project, company, basin, due_on, amount_eur, unpaid_eur, days_late, rescheduled_on."""
    cte, params = _schedule_cte(as_of, "", [])
    return con.cursor().execute(f"""WITH {cte}
        SELECT i.project, p.company, b.name AS basin, i.due_on, i.amount_eur::BIGINT AS amount_eur,
               i.unpaid_eur::BIGINT AS unpaid_eur, i.days_late::BIGINT AS days_late, i.rescheduled_on
        FROM inst i JOIN state s ON s.id = i.project JOIN projects p ON p.id = i.project
             JOIN basins b ON b.id = s.basin
        WHERE i.days_late > ? AND s.outstanding_eur > 0
        ORDER BY i.due_on, i.project""", [*params, days]).df()


RECOVERY_YEARS = 3
RECOVERY_GRACE_DAYS = 90  # an instalment due on the horizon is still recovered if paid within PAR90's delay


def recovery_by_cohort(con, scope: Scope, as_of: dt.date | None = None, years: int = RECOVERY_YEARS) -> pd.DataFrame:
    """Per committee year, over the scope's loans (every filter applies) that are `years` years and
    RECOVERY_GRACE_DAYS old by `as_of`: what they had repaid by committee + `years` + the grace of what
    their schedule made due by committee + `years` (each loan's repayments counted up to its due
    amount; a write-off recovers nothing). Columns: cohort, loans, due_eur, recovered_eur, recovery_rate."""
    as_of = as_of or scope.end
    where, params = scope_where(scope, PROJECT_FACTS, decided_only=True)
    horizon = f"(f.held_on + INTERVAL {int(years)} YEAR)::DATE"  # ints: the only values spliced in
    cutoff = f"({horizon} + {int(RECOVERY_GRACE_DAYS)})"
    df = con.cursor().execute(f"""
        WITH l AS (
            SELECT f.id, year(f.held_on) AS cohort, {horizon} AS horizon,
                   coalesce(list_sum(list_filter(f.rp_amount, lambda x, i: f.rp_on[i] <= {cutoff}
                                                 AND NOT f.rp_write_off[i])), 0) AS repaid
            FROM project_facts f
            WHERE {where} AND f.decision = 'retained' AND f.aid_eur > 0 AND {cutoff} <= ?
        ),
        d AS (
            SELECT l.id, l.cohort, l.repaid, coalesce(sum(i.amount_eur), 0) AS due
            FROM l LEFT JOIN instalments i ON i.project = l.id AND i.due_on <= l.horizon
            GROUP BY l.id, l.cohort, l.repaid
        )
        SELECT cohort::BIGINT AS cohort, count(*)::BIGINT AS loans, sum(due)::BIGINT AS due_eur,
               sum(least(repaid, due))::BIGINT AS recovered_eur
        FROM d GROUP BY cohort ORDER BY cohort""", [*params, as_of]).df()
    df["recovery_rate"] = df["recovered_eur"] / df["due_eur"].where(df["due_eur"] > 0)
    return df


def overcommitted_years(con, scope: Scope) -> pd.DataFrame:
    """The basins of the scope whose fund had lent more than was paid in (available < 0) at the end of
    a year of the scope (the last point at its end): year, basin, available_eur."""
    df = fund_series(con, scope)
    return df.loc[df["available_eur"] < 0, ["year", "basin", "as_of", "available_eur"]].reset_index(drop=True)
