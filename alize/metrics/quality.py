"""Data quality: what a manager should look at after loading the programme's records.

Every check returns a DataFrame with English column names (for code and tests); `french(df, lang)`
renames them for display (the catalog's quality.column.*, French by default), and each `Check` carries
a title and explanation in the report's language.

- counts per table;
- retained projects with missing follow-ups: none at all although their committee is more than
  `months` (18) before the reference date, or none in the last `months` while the firm is active
  (no closure date on or before the reference date);
- retained projects with neither aid nor competence days;
- committees that examined no project;
- years with no establishment count for a territory, from the year it joined to the last year its
  basin held a committee;
- instalments unpaid more than 90 days after their due date, on loans still outstanding;
- basins whose fund had lent more than was paid in (available balance < 0) at a year's end: over-commitment;
- missions that start after their partner left the programme;
- key figures of the published year (alize.demo.CALIBRATION_YEAR, all basins) that differ from the
  newsletter's (alize.demo.CALIBRATION).

The reference date defaults to the latest follow-up recorded (the date the records run to), so a
database loaded months ago does not turn every firm "late"; pages may pass today's date instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from alize import text
from alize.demo import CALIBRATION, CALIBRATION_YEAR
from alize.metrics import fund
from alize.metrics.figures import key_figures
from alize.scope import Scope
from alize.store import db
from alize.store.specs import SPECS

DEFAULT_MONTHS = 18

def french(df: pd.DataFrame, lang: str = "fr") -> pd.DataFrame:
    """The same frame with the catalog's headers, quality.column.<name> (for display and downloads)."""
    return df.rename(columns={c: text.t(f"quality.column.{c}", lang) for c in df.columns
                              if f"quality.column.{c}" in text.CATALOG})


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError


def reference_date(con) -> dt.date:
    row = con.cursor().execute("SELECT max(observed_on) FROM followups").fetchone()
    return row[0] if row and row[0] else dt.date.today()


# ---- checks -----------------------------------------------------------------------------------

def table_counts(con) -> pd.DataFrame:
    cur = con.cursor()
    rows = []
    for t in db.TABLES:
        if t == "meta":
            continue
        n = cur.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # table names from db.TABLES
        rows.append({"table": t, "label": SPECS[t].label, "rows": int(n)})
    return pd.DataFrame(rows, columns=["table", "label", "rows"])


def missing_followups(con, as_of: dt.date | None = None, months: int = DEFAULT_MONTHS) -> pd.DataFrame:
    as_of = as_of or reference_date(con)
    cutoff = _add_months(as_of, -months)
    df = con.cursor().execute(
        """WITH f AS (SELECT project, count(*) AS n, max(observed_on) AS last_on
                      FROM followups WHERE observed_on <= ? GROUP BY project)
           SELECT p.id AS project, p.company, b.name AS basin, t.name AS territory, c.held_on AS committee_on,
                  coalesce(f.n, 0)::BIGINT AS followups, f.last_on AS last_followup, p.closed_on,
                  CASE WHEN f.project IS NULL THEN 'none' ELSE 'stale' END AS reason
           FROM projects p JOIN committees c ON c.id = p.committee
                JOIN territories t ON t.id = p.territory JOIN basins b ON b.id = t.basin
                LEFT JOIN f ON f.project = p.id
           WHERE p.decision = 'retained' AND c.held_on <= ?
             AND (f.project IS NULL
                  OR (f.last_on < ? AND (p.closed_on IS NULL OR p.closed_on > ?)))
           ORDER BY c.held_on, p.id""",
        [as_of, cutoff, cutoff, as_of]).df()
    df["reason"] = df["reason"].map({"none": "aucun suivi",
                                     "stale": f"aucun suivi depuis {months} mois (entreprise active)"})
    return df


def unsupported_projects(con) -> pd.DataFrame:
    return con.cursor().execute(
        """SELECT p.id AS project, p.company, b.name AS basin, c.id AS committee, c.held_on AS committee_on,
                  p.aid_eur, coalesce(sum(m.days), 0)::DOUBLE AS days, p.jobs_committed
           FROM projects p JOIN committees c ON c.id = p.committee JOIN basins b ON b.id = c.basin
                LEFT JOIN missions m ON m.project = p.id
           WHERE p.decision = 'retained'
           GROUP BY ALL
           HAVING p.aid_eur = 0 AND coalesce(sum(m.days), 0) = 0
           ORDER BY c.held_on, p.id""").df()


def idle_committees(con) -> pd.DataFrame:
    return con.cursor().execute(
        """SELECT c.id AS committee, b.name AS basin, c.held_on, c.place
           FROM committees c JOIN basins b ON b.id = c.basin
           WHERE NOT EXISTS (SELECT 1 FROM projects p WHERE p.committee = c.id)
           ORDER BY c.held_on, c.id""").df()


def missing_establishment_years(con) -> pd.DataFrame:
    cur = con.cursor()
    terr = cur.execute(
        """SELECT t.id, t.name, b.name AS basin, t.joined_on, l.first_year, l.last_year
           FROM territories t JOIN basins b ON b.id = t.basin
                LEFT JOIN (SELECT basin, min(year(held_on)) AS first_year, max(year(held_on)) AS last_year
                           FROM committees GROUP BY basin) l
                       ON l.basin = t.basin
           ORDER BY b.name, t.name""").fetchall()
    have = set(cur.execute("SELECT territory, year FROM establishments").fetchall())
    rows = []
    for tid, name, basin, joined, first_year, last_year in terr:
        if last_year is None:
            continue
        # only the years the records cover: a basin opened in 1999 whose records start in 2006
        # is not missing its 1999-2005 counts
        for year in range(max(joined.year, int(first_year)), int(last_year) + 1):
            if (tid, year) not in have:
                rows.append({"territory": tid, "territory_name": name, "basin": basin, "year": year})
    return pd.DataFrame(rows, columns=["territory", "territory_name", "basin", "year"])


OVERDUE_DAYS = 90


def overdue_instalments(con, as_of: dt.date | None = None, days: int = OVERDUE_DAYS) -> pd.DataFrame:
    """Instalments unpaid more than `days` days after their due date (repayments matched in due order)."""
    return fund.overdue_instalments(con, as_of or reference_date(con), days)


def overcommitted_funds(con, as_of: dt.date | None = None) -> pd.DataFrame:
    """Each basin and year end (up to the reference date) at which its fund's available balance was negative."""
    as_of = as_of or reference_date(con)
    first = con.cursor().execute("SELECT min(held_on) FROM committees").fetchone()[0]
    if first is None or first > as_of:
        return pd.DataFrame(columns=["year", "basin", "as_of", "available_eur"])
    return fund.overcommitted_years(con, Scope(first, as_of))


def missions_after_partner_left(con) -> pd.DataFrame:
    """A mission cannot start after its partner left the programme (a record to correct on import)."""
    return con.cursor().execute(
        """SELECT m.id AS mission, m.project, pa.name AS partner, b.name AS basin, m.started_on, pa.left_on
           FROM missions m JOIN partners pa ON pa.id = m.partner JOIN basins b ON b.id = pa.basin
           WHERE pa.left_on IS NOT NULL AND m.started_on > pa.left_on
           ORDER BY m.started_on, m.id""").df()


def published_differences(con, only_differences: bool = False) -> pd.DataFrame:
    """The newsletter's figures for CALIBRATION_YEAR (all basins) beside the ones computed from the records."""
    figures = key_figures(con, Scope.year(CALIBRATION_YEAR))
    rows = []
    for name, published in CALIBRATION.items():
        computed = getattr(figures, name)
        if isinstance(computed, float) and computed.is_integer():
            computed = int(computed)
        rows.append({"figure": name, "label": text.t(f"figure.{name}"), "year": CALIBRATION_YEAR, "published": published,
                     "computed": computed, "difference": computed - published, "matches": computed == published})
    df = pd.DataFrame(rows, columns=["figure", "label", "year", "published", "computed", "difference", "matches"])
    return df[~df["matches"]].reset_index(drop=True) if only_differences else df


# ---- the report ------------------------------------------------------------------------------

@dataclass
class Check:
    key: str
    title: str          # French
    description: str    # French: what is counted and why it matters
    frame: pd.DataFrame

    @property
    def count(self) -> int:
        if self.key == "published":
            return int((~self.frame["matches"]).sum()) if len(self.frame) else 0
        return len(self.frame)

    @property
    def ok(self) -> bool:
        return self.count == 0

    def french(self, lang: str = "fr") -> pd.DataFrame:
        return french(self.frame, lang)


@dataclass
class QualityReport:
    as_of: dt.date
    counts: pd.DataFrame
    checks: list[Check]

    def check(self, key: str) -> Check:
        return next(c for c in self.checks if c.key == key)

    @property
    def issues(self) -> int:
        return sum(c.count for c in self.checks)

    def summary(self, lang: str = "fr") -> pd.DataFrame:
        ok, to_check = text.t("quality.status_ok", lang), text.t("quality.status_to_check", lang)
        columns = [text.t(f"quality.column.{c}", lang) for c in ("check", "count", "status")]
        return pd.DataFrame([dict(zip(columns, (c.title, c.count, ok if c.ok else to_check))) for c in self.checks],
                            columns=columns)


def report(con, as_of: dt.date | None = None, months: int = DEFAULT_MONTHS, lang: str = "fr",
           permitted: tuple[str, ...] | None = None) -> QualityReport:
    """Every check, titled and described in `lang` (the words are in alize/text.py). `permitted` (the
    reader's basins, alize.scope.Permission.basins): the rows of every check that names a basin are
    that person's basins' only; the table counts and the published figures are the network's."""
    as_of = as_of or reference_date(con)
    fields = {"months": months, "date": text.fmt_date(as_of, lang), "year": CALIBRATION_YEAR, "days": OVERDUE_DAYS}

    def check(key, frame):
        if permitted is not None and "basin" in frame.columns:
            frame = frame[frame["basin"].isin(list(permitted))].reset_index(drop=True)
        return Check(key, text.t(f"quality.{key}", lang, **fields), text.t(f"quality.{key}_help", lang, **fields),
                     frame)

    checks = [
        check("missing_followups", missing_followups(con, as_of, months)),
        check("unsupported_projects", unsupported_projects(con)),
        check("idle_committees", idle_committees(con)),
        check("missing_establishments", missing_establishment_years(con)),
        check("overdue_instalments", overdue_instalments(con, as_of)),
        check("fund_overcommitted", overcommitted_funds(con, as_of)),
        check("missions_after_partner_left", missions_after_partner_left(con)),
        check("published", published_differences(con)),
    ]
    return QualityReport(as_of, table_counts(con), checks)
