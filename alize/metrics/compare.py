"""Comparisons: any set of territories over any window, and before/after a basin's extension.

The rate that makes windows and territories comparable is "per year per 1,000 employer
establishments": a count divided by the establishment-years of the window (for each calendar year,
the territory's employer establishments times the share of that year inside the window and after
the territory joined), times 1,000. A window of 2 years and one of 3, or a territory that joined
in mid-window, then compare fairly. `compare()` is the general engine (rows = group × window);
`compare_extension()` builds the basin's before/after on top of it, with a difference-in-differences
against the rest of the network and a plain sentence (French or English). Definitions: docs/definitions.md.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from alize import AlizeError, ScopeError, text
from alize.scope import Scope, resolve_names
from alize.store import db
from alize.store.tables import BASINS, COMMITTEE_FACTS, PROJECT_FACTS, YEAREND_FACTS
from alize.store.where import scope_where

# Additive counts of a row, and the short names used for their per-year rates.
COUNTS = {
    "projects_studied": "studied",
    "projects_retained": "retained",
    "aid_eur": "aid_eur",
    "competence_days": "competence_days",
    "jobs_committed": "jobs_committed",
    "jobs_created": "jobs_created",
}
DID_LEVEL = 0.95
DID_DRAWS = 1_000_000  # the interval's bounds then move by less than 0.005 between seeds (tested)
DID_SEED = 2009
DEFAULT_WINDOW_YEARS = 3  # a partnership convention, when the conventions table has none to offer


# ---- windows and establishment-years ------------------------------------------------------------

@dataclass(frozen=True)
class Window:
    """A labelled period on the committee date, both ends included."""

    label: str
    start: dt.date
    end: dt.date

    def __post_init__(self):
        if self.start > self.end:
            raise ScopeError(key="error.window_empty", label=self.label, start=self.start.isoformat(),
                             end=self.end.isoformat())

    @property
    def years(self) -> float:
        """Length in years: each calendar year counts for the share of its days inside the window."""
        return sum(year_fractions(self.start, self.end).values())

    def iso(self) -> list[str]:
        return [self.start.isoformat(), self.end.isoformat()]

    def describe(self, lang: str = "fr") -> str:
        return text.fmt_period(self.start, self.end, lang)


def year_fractions(start: dt.date, end: dt.date) -> dict[int, float]:
    """{year: share of that calendar year's days between start and end inclusive}; {} when empty."""
    out: dict[int, float] = {}
    for year in range(start.year, end.year + 1):
        first, last = max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))
        if first <= last:
            days_in_year = (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1
            out[year] = ((last - first).days + 1) / days_in_year
    return out


@dataclass(frozen=True)
class _Territory:
    id: str
    name: str
    basin_id: str
    basin: str
    joined_on: dt.date


def _territories(con, basin_id: str | None = None) -> dict[str, _Territory]:
    """Every territory (or one basin's), in joining order."""
    where = "WHERE b.id = ?" if basin_id is not None else ""
    rows = con.cursor().execute(
        f"SELECT t.id, t.name, b.id, b.name, t.joined_on FROM territories t JOIN basins b ON b.id = t.basin {where} "
        "ORDER BY t.joined_on, t.name", [] if basin_id is None else [basin_id]).fetchall()
    return {r[1]: _Territory(*r) for r in rows}


def _presence(joined_on: dt.date, start: dt.date, end: dt.date) -> dict[int, float]:
    """Year fractions of the window during which a territory was a member (from its joined_on)."""
    first = max(start, joined_on)
    return year_fractions(first, end) if first <= end else {}


def establishment_years(con, territories: Iterable[str], start: dt.date, end: dt.date) -> float:
    """Σ over territories and calendar years of establishments × share of the year in the window
    and after the territory joined: the denominator of every 'per year per 1,000' rate."""
    terr = _territories(con)
    names = [_lookup(terr, name).name for name in territories]
    exposure = _territory_exposure(con, names, [Window("window", start, end)])
    return sum(exposure.get((name, 0), (0.0, False))[0] for name in dict.fromkeys(names))


def _lookup(terr: dict[str, _Territory], name: str) -> _Territory:
    if name not in terr:
        raise ScopeError(key="error.unknown_territory", names=name, known=", ".join(sorted(terr)))
    return terr[name]


# ---- the general comparison ---------------------------------------------------------------------

def _per(value, denominator):
    return None if not denominator else value / denominator


def compare(con, groups: Mapping[str, Sequence[str]], windows: Sequence[Window], *,
            as_of: dt.date | None = None, sectors: Sequence[str] = (), kinds: Sequence[str] = ()) -> pd.DataFrame:
    """One row per (group of territories, window): counts, per-year and per-1,000-establishment rates.

    `groups` maps a label to territory names (one territory, a basin's territories, "the rest of the
    network"...); any group against any other, any window against any other. Jobs created are
    counted at `as_of`, by default at each window's end. Counts: projects_studied, projects_retained,
    aid_eur, competence_days, jobs_committed, jobs_created, missing_followups. Then years (the
    window's length), active_years (the part of it after the group's first territory joined),
    establishment_years, establishments (average per active year), approval_rate, `<x>_per_year`
    (count / active_years) and `<x>_per_year_per_1000` (count / establishment_years × 1,000) for
    x in studied, retained, aid_eur, competence_days, jobs_committed, jobs_created, and
    establishments_estimated (a year's count was missing and the nearest year's was used).
    A group with no member during a window gets zeros and no rates.
    """
    return _compare(con, groups, windows, as_of=as_of, sectors=sectors, kinds=kinds)


def _compare(con, groups: Mapping[str, Sequence[str]], windows: Sequence[Window], *,
             as_of: dt.date | None = None, sectors: Sequence[str] = (), kinds: Sequence[str] = (),
             terr: dict[str, _Territory] | None = None, sums: tuple[dict, dict] | None = None) -> pd.DataFrame:
    """compare(); `sums` are _territory_sums() for these windows and filters over (at least) the
    groups' territories, when a caller compares many groups over the same windows (store_results)."""
    if not groups:
        raise ScopeError(key="error.no_groups")
    if not windows:
        raise ScopeError(key="error.no_windows")
    labels = [w.label for w in windows]
    if len(set(labels)) != len(labels):
        raise ScopeError(key="error.duplicate_windows", labels=", ".join(labels))
    terr = _territories(con) if terr is None else terr  # compare_extension has them already
    members: dict[str, list[_Territory]] = {}
    for label, names in groups.items():
        names = list(dict.fromkeys(names))
        if not names:
            raise ScopeError(key="error.empty_group", label=label)
        members[label] = [_lookup(terr, n) for n in names]
    _check_windows_have_data(con, windows, sorted({t.basin_id for ts in members.values() for t in ts}))

    # Each territory's sums in SQL, whatever their number (the rest of a national network is
    # hundreds of territories); a group's are the sums of its territories', in the group's order.
    if sums is None:
        names = list(dict.fromkeys(t.name for ts in members.values() for t in ts))
        sums = _territory_sums(con, names, windows, as_of, sectors, kinds)
    figures, exposure = sums
    rows = []
    for i, w in enumerate(windows):
        for label, ts in members.items():
            row = {"group": label, "territories": ", ".join(t.name for t in ts), "window": w.label,
                   "start": w.start, "end": w.end, "jobs_as_of": as_of or w.end, "years": w.years}
            row.update(dict.fromkeys(_FIGURES, 0))
            est_years, estimated = 0.0, False
            for t in ts:
                for name, value in figures.get((t.name, i), {}).items():
                    row[name] += value or 0  # as SQL's sum: a territory's NULL sum adds nothing
                t_years, t_estimated = exposure.get((t.name, i), (0.0, False))
                est_years += t_years
                estimated = estimated or t_estimated
            row["competence_days"] = float(row["competence_days"])
            first_join = min(t.joined_on for t in ts)
            row["active_years"] = sum(_presence(first_join, w.start, w.end).values())
            row["establishment_years"] = est_years
            row["establishments"] = _per(est_years, row["active_years"])
            row["establishments_estimated"] = estimated
            row["approval_rate"] = _per(row["projects_retained"], row["projects_studied"])
            for col, short in COUNTS.items():
                row[f"{short}_per_year"] = _per(row[col], row["active_years"])
            for col, short in COUNTS.items():
                rate = _per(row[col], est_years)
                row[f"{short}_per_year_per_1000"] = None if rate is None else rate * 1000
            rows.append(row)
    return pd.DataFrame(rows)


_FIGURES = ("projects_studied", "projects_retained", "aid_eur", "competence_days", "jobs_committed",
            "jobs_created", "missing_followups")

# The territories as (name) rows and the windows as (win, a, b, as_of) rows, from bound lists:
# _bound() gives their parameters, in this order.
_NAMES_AND_WINDOWS = """m AS (SELECT unnest(?::VARCHAR[]) AS name),
    w AS (SELECT unnest(?::INTEGER[]) AS win, unnest(?::DATE[]) AS a, unnest(?::DATE[]) AS b,
                 unnest(?::DATE[]) AS as_of)"""


def _bound(names: Sequence[str], windows: Sequence[Window], ends: Sequence[dt.date]) -> list:
    return [list(names), list(range(len(windows))), [w.start for w in windows], [w.end for w in windows], list(ends)]


def _territory_sums(con, names: Sequence[str], windows: Sequence[Window], as_of: dt.date | None, sectors,
                    kinds) -> tuple[dict, dict]:
    """({(territory, window index): counts}, {(territory, window index): (establishment-years, estimated)})."""
    return _territory_figures(con, names, windows, as_of, sectors, kinds), _territory_exposure(con, names, windows)


def _territory_figures(con, names: Sequence[str], windows: Sequence[Window], as_of: dt.date | None, sectors,
                       kinds) -> dict:
    """{(territory, window index): counts}, jobs created counted at `as_of` (default: each window's end)
    as in alize.jobs: from the summary tables when they can answer, else one scan of db.project_facts."""
    if not (sectors or kinds):
        found = _territory_figures_from_summaries(con, names, windows, as_of)
        if found is not None:
            return found
    span = Scope(min(w.start for w in windows), max(w.end for w in windows), sectors=sectors, kinds=kinds)
    where, params = scope_where(span, PROJECT_FACTS, decided_only=True, aggregate=True)
    sql = f"""
    WITH {_NAMES_AND_WINDOWS},
    s AS (
        SELECT f.territory_name, w.win, f.decision = 'retained' AS retained, f.aid_eur, f.days, f.jobs_committed,
               f.held_on <= w.as_of AS held,
               CASE WHEN f.decision = 'retained'
                    THEN coalesce(len(list_filter(f.fu_on, lambda x: x <= w.as_of)), 0) END AS n,
               f.fu_jobs, f.jobs_at_start, coalesce(f.closed_on <= w.as_of, false) AS closed
        FROM project_facts f JOIN w ON f.held_on BETWEEN w.a AND w.b
        WHERE {where} AND f.territory_name IN (SELECT name FROM m)
    )
    SELECT territory_name, win, count(*)::BIGINT, sum(retained::INTEGER)::BIGINT,
           sum(CASE WHEN retained THEN aid_eur ELSE 0 END)::BIGINT,
           coalesce(sum(CASE WHEN retained THEN days ELSE 0 END), 0)::DOUBLE,
           sum(CASE WHEN retained THEN jobs_committed ELSE 0 END)::BIGINT,
           sum(CASE WHEN NOT closed AND n > 0 THEN greatest(fu_jobs[n] - jobs_at_start, 0) ELSE 0 END)::BIGINT,
           sum((held AND n = 0 AND NOT closed)::INTEGER)::BIGINT
    FROM s GROUP BY 1, 2"""
    rows = con.cursor().execute(sql, [*_bound(names, windows, [as_of or w.end for w in windows]), *params]).fetchall()
    return {(r[0], r[1]): dict(zip(_FIGURES, r[2:])) for r in rows}


def _territory_figures_from_summaries(con, names: Sequence[str], windows: Sequence[Window],
                                      as_of: dt.date | None) -> dict | None:
    """Figures from db.committee_facts and jobs from db.yearend_facts, which holds them on each
    31 December up to the records' last year: None for any other date."""
    ends = [as_of or w.end for w in windows]
    if any((d.month, d.day) != (12, 31) for d in ends):
        return None
    bound = _bound(names, windows, ends)
    span = Scope(min(w.start for w in windows), max(w.end for w in windows))
    in_years, years_params = scope_where(span, YEAREND_FACTS, aggregate=True)
    in_cells, cells_params = scope_where(span, COMMITTEE_FACTS, aggregate=True)
    cur = con.cursor()
    jobs = cur.execute(f"""
        WITH {_NAMES_AND_WINDOWS}
        SELECT y.territory_name, w.win, sum(y.jobs_created)::BIGINT, sum(y.missing_followups)::BIGINT,
               (SELECT horizon FROM yearend_facts LIMIT 1)
        FROM yearend_facts y JOIN w ON y.held_on BETWEEN w.a AND w.b AND y.year = year(w.as_of)
        WHERE {in_years} AND y.year BETWEEN ? AND ? AND y.held_on <= w.as_of
              AND y.territory_name IN (SELECT name FROM m)
        GROUP BY 1, 2""", [*bound, *years_params, min(ends).year, max(ends).year]).fetchall()
    if any(r[4] is not None and r[4] < max(ends).year for r in jobs):
        return None
    figures = cur.execute(f"""
        WITH {_NAMES_AND_WINDOWS}
        SELECT cf.territory_name, w.win, sum(cf.studied)::BIGINT, sum(cf.retained)::BIGINT,
               sum(cf.aid_eur)::BIGINT, sum(cf.days)::DOUBLE, sum(cf.jobs_committed)::BIGINT
        FROM committee_facts cf JOIN w ON cf.held_on BETWEEN w.a AND w.b
        WHERE {in_cells} AND cf.territory IS NOT NULL AND cf.territory_name IN (SELECT name FROM m)
        GROUP BY 1, 2""", [*bound, *cells_params]).fetchall()
    out = {(r[0], r[1]): dict(zip(_FIGURES, (*r[2:], 0, 0))) for r in figures}
    for name, win, created, missing, _ in jobs:
        row = out.setdefault((name, win), dict.fromkeys(_FIGURES, 0))
        row["jobs_created"], row["missing_followups"] = created, missing
    return out


def _territory_exposure(con, names: Sequence[str], windows: Sequence[Window]) -> dict:
    """{(territory, window index): (establishment-years, estimated)}: Σ over the window's calendar
    years of establishments × the share of the year inside the window after the territory joined;
    a missing year takes the nearest year's count (the earlier on a tie)."""
    sql = f"""
    WITH {_NAMES_AND_WINDOWS},
    y AS (SELECT w.win, w.a, w.b, unnest(range(year(w.a), year(w.b) + 1))::INTEGER AS year FROM w),
    need AS (
        SELECT t.id, t.name, y.win, y.year,
               (least(y.b, make_date(y.year, 12, 31)) - greatest(y.a, make_date(y.year, 1, 1), t.joined_on) + 1)
               / (make_date(y.year, 12, 31) - make_date(y.year, 1, 1) + 1) AS share
        FROM territories t SEMI JOIN m ON m.name = t.name CROSS JOIN y
    ),
    exact AS (
        SELECT n.*, e.count FROM need n LEFT JOIN establishments e ON e.territory = n.id AND e.year = n.year
        WHERE n.share > 0
    ),
    nearest AS (  -- a year without a count takes the nearest year's (the earlier on a tie)
        SELECT x.id, x.year, arg_min(e.count, abs(e.year - x.year) * 100000 + e.year) AS count
        FROM exact x JOIN establishments e ON e.territory = x.id
        WHERE x.count IS NULL
        GROUP BY x.id, x.year
    ),
    counted AS (
        SELECT x.name, x.win, x.share, coalesce(x.count, nearest.count) AS count, x.count IS NULL AS borrowed
        FROM exact x LEFT JOIN nearest ON nearest.id = x.id AND nearest.year = x.year
    )
    SELECT name, win, sum(share * count), bool_or(borrowed), bool_or(count IS NULL)
    FROM counted GROUP BY 1, 2"""
    rows = con.cursor().execute(sql, _bound(names, windows, [w.end for w in windows])).fetchall()
    missing = sorted({r[0] for r in rows if r[4]})
    if missing:
        raise ScopeError(key="error.no_establishments", names=", ".join(missing))
    return {(r[0], r[1]): (float(r[2] or 0.0), bool(r[3])) for r in rows}


def _check_windows_have_data(con, windows: Sequence[Window], basin_ids: list[str]) -> None:
    """A window wholly before the first (or after the last) committee of the basins concerned is an error."""
    first, last = con.cursor().execute(
        "SELECT min(held_on), max(held_on) FROM committees WHERE basin IN (SELECT unnest(?::VARCHAR[]))",
        [basin_ids]).fetchone()
    if first is None:
        raise ScopeError(key="error.no_committees")
    for w in windows:
        if w.end < first:
            raise ScopeError(key="error.window_before_data", label=w.label, period=w.describe, date=first)
        if w.start > last:
            raise ScopeError(key="error.window_after_data", label=w.label, period=w.describe, date=last)


# ---- difference-in-differences -----------------------------------------------------------------

@dataclass(frozen=True)
class DiD:
    """(treated after − treated before) − (control after − control before), on a rate per year per 1,000.

    The interval is the central 95 % of simulated values: each of the four rates is drawn from the
    Jeffreys posterior of a Poisson rate, Gamma(count + ½) / establishment-years (seeded, so the same
    data give the same interval). Unlike a normal approximation it stays sensible for counts of a
    few units and for a zero count.
    """

    estimate: float
    low: float
    high: float
    treated_before: float
    treated_after: float
    control_before: float
    control_after: float
    counts: tuple[int, int, int, int]              # treated before/after, control before/after
    exposures: tuple[float, float, float, float]   # establishment-years, same order
    level: float = DID_LEVEL
    method: str = "Jeffreys-Poisson simulation"
    se_normal: float = 0.0                         # normal-approximation standard error, for reference

    @property
    def includes_zero(self) -> bool:
        return self.low <= 0 <= self.high

    def to_dict(self) -> dict:
        return {"estimate": self.estimate, "low": self.low, "high": self.high, "level": self.level,
                "method": self.method, "se_normal": self.se_normal,
                "treated_before": self.treated_before, "treated_after": self.treated_after,
                "control_before": self.control_before, "control_after": self.control_after,
                "counts": list(self.counts), "establishment_years": list(self.exposures),
                "includes_zero": self.includes_zero}


def did_poisson(counts: Sequence[int], exposures: Sequence[float], *, per: float = 1000.0,
                level: float = DID_LEVEL, draws: int = DID_DRAWS, seed: int = DID_SEED) -> DiD:
    """DiD of four Poisson rates (treated before, treated after, control before, control after)."""
    if len(counts) != 4 or len(exposures) != 4:
        raise ValueError("four counts and four exposures expected")
    if any(e <= 0 for e in exposures):
        raise ScopeError(key="error.did_no_establishments")
    rates = [per * n / e for n, e in zip(counts, exposures)]
    estimate = (rates[1] - rates[0]) - (rates[3] - rates[2])
    rng = np.random.default_rng(seed)
    sims = [per * rng.gamma(n + 0.5, 1.0, draws) / e for n, e in zip(counts, exposures)]
    diff = (sims[1] - sims[0]) - (sims[3] - sims[2])
    alpha = (1 - level) / 2
    low, high = np.quantile(diff, [alpha, 1 - alpha])
    se = per * math.sqrt(sum(n / e ** 2 for n, e in zip(counts, exposures)))
    return DiD(float(estimate), float(low), float(high), *rates, counts=tuple(int(n) for n in counts),
               exposures=tuple(float(e) for e in exposures), level=level, se_normal=se)


# ---- before / after an extension ----------------------------------------------------------------

@dataclass(frozen=True)
class ExtensionComparison:
    basin: str
    newcomer: str | None               # the territory whose joining is compared (None: no extension)
    joined_on: dt.date | None
    before: Window
    after: Window
    territories: tuple[str, ...]       # the basin's territories shown, in joining order
    original: tuple[str, ...]          # the original perimeter: every shown territory but the newcomer
    rows: pd.DataFrame                 # compare() rows + territory, is_total; window = "before"/"after"
    newcomer_share: dict = field(default_factory=dict)
    original_change: dict = field(default_factory=dict)
    control: pd.DataFrame | None = None  # the rest of the network, same columns as rows
    did: DiD | None = None
    # every other basin's DiD as if it had been extended on the same date, over the same windows, against
    # the rest of the network without it and without the real basin: ({"basin", "did"}, ...) by DiD
    placebo: tuple = ()
    placebo_rank: int | None = None       # the real DiD's rank by absolute value among them all (1 = most extreme)
    placebo_p_value: float | None = None  # permutation p-value: rank / (placebos + 1)
    filtered: bool = False                # a sector or kind filter: the rates still divide by all establishments

    def summary(self, lang: str = "fr", brief: bool = False) -> str:
        """The result in a few plain sentences, French by default (summary_sentence); `brief`: for a
        slide, without the composition and the newcomer's shares (the territories page has them)."""
        return summary_sentence(self, lang, brief=brief)

    def to_dict(self) -> dict:
        """The JSON object of `python -m alize compare --json`."""
        return _jsonable({
            "basin": self.basin,
            "newcomer": self.newcomer,
            "joined_on": self.joined_on,
            "windows": {"before": self.before.iso(), "after": self.after.iso()},
            "territories": list(self.territories),
            "total_label": self.basin,
            "rows": self.rows.to_dict(orient="records"),
            "newcomer_share": self.newcomer_share,
            "original_perimeter": {"territories": list(self.original), **self.original_change},
            "control": None if self.control is None else self.control.to_dict(orient="records"),
            "did": None if self.did is None else self.did.to_dict(),
            "placebo": [dict(p) for p in self.placebo],
            "placebo_rank": self.placebo_rank,
            "placebo_p_value": self.placebo_p_value,
            "all_sectors_denominator": self.filtered,
            "summary_fr": self.summary("fr"),
            "summary_en": self.summary("en"),
        })


    @classmethod
    def from_dict(cls, data: dict) -> ExtensionComparison:
        """The comparison back from to_dict(), as compare_extension() built it (stored results)."""
        def day(value):
            return None if value is None else dt.date.fromisoformat(value)

        def frame(records):
            df = pd.DataFrame(records)
            for col in ("start", "end", "jobs_as_of"):
                if col in df:
                    df[col] = [day(v) for v in df[col]]
            return df

        original = dict(data["original_perimeter"])
        did = data["did"]
        if did is not None:
            did = DiD(did["estimate"], did["low"], did["high"], did["treated_before"], did["treated_after"],
                      did["control_before"], did["control_after"], counts=tuple(did["counts"]),
                      exposures=tuple(did["establishment_years"]), level=did["level"], method=did["method"],
                      se_normal=did["se_normal"])
        return cls(
            basin=data["basin"], newcomer=data["newcomer"], joined_on=day(data["joined_on"]),
            before=Window("before", *map(day, data["windows"]["before"])),
            after=Window("after", *map(day, data["windows"]["after"])),
            territories=tuple(data["territories"]), original=tuple(original.pop("territories")),
            rows=frame(data["rows"]), newcomer_share=data["newcomer_share"], original_change=original,
            control=None if data["control"] is None else frame(data["control"]), did=did,
            placebo=tuple(data.get("placebo", ())), placebo_rank=data.get("placebo_rank"),
            placebo_p_value=data.get("placebo_p_value"), filtered=bool(data.get("all_sectors_denominator")))


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.date().isoformat() if isinstance(value, pd.Timestamp) else value.isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    return value


def _basin_row(con, basin: str) -> tuple[str, str, dt.date]:
    """(id, name, started_on) of a basin given by id or name, any case (as resolve_names)."""
    key = basin.strip().lower()
    rows = con.cursor().execute("SELECT id, name, started_on FROM basins WHERE lower(id) = ? OR lower(name) = ?",
                                [key, key]).fetchall()
    row = next((r for r in rows if r[0].casefold() == basin.strip().casefold()), None) \
        or next((r for r in rows if r[1].casefold() == basin.strip().casefold()), None)
    if row is None:
        names = [r[0] for r in con.cursor().execute("SELECT name FROM basins ORDER BY name").fetchall()]
        raise ScopeError(key="error.unknown_basin", names=basin, known=", ".join(names))
    return row


def extensions(con) -> pd.DataFrame:
    """Every territory that joined a basin after the basin opened, with the default windows around
    its joining (default_windows()), so a page offers an extension and its windows without a query
    per choice. Columns: basin, territory, joined_on, before_start, before_end, after_start, after_end."""
    cur = con.cursor()
    rows = cur.execute(
        "SELECT b.id, b.name AS basin, t.name AS territory, t.joined_on, b.started_on FROM territories t "
        "JOIN basins b ON b.id = t.basin WHERE t.joined_on > b.started_on ORDER BY t.joined_on, b.name, t.name"
    ).fetchall()
    convs: dict[str, list[tuple[dt.date, dt.date]]] = {}
    for basin_id, starts_on, ends_on in cur.execute(
            "SELECT basin, starts_on, ends_on FROM conventions ORDER BY starts_on").fetchall():
        convs.setdefault(basin_id, []).append((starts_on, ends_on))
    out = []
    for basin_id, basin, territory, joined_on, started_on in rows:
        before, after = _windows_around(joined_on, started_on, convs.get(basin_id, []))
        out.append((basin, territory, joined_on, before.start, before.end, after.start, after.end))
    return pd.DataFrame(out, columns=["basin", "territory", "joined_on", "before_start", "before_end",
                                      "after_start", "after_end"])


def extensions_for(con, scope: Scope) -> pd.DataFrame:
    """The extensions that concern the scope, as extensions() gives them (joining order), with a column
    `applies` true on the one a page, the deck or the report shows first.

    They are the extensions of the scope's basins that hold its territories (of every basin when it
    names none; of its territories' basins when it names territories). The one that applies is a
    newcomer named in the territory filter (the first so named), else the latest to join."""
    ext = extensions(con)
    if scope.basins or scope.territories:
        where, params = scope_where(scope, BASINS, aggregate=True)
        rows = con.cursor().execute(f"SELECT DISTINCT b.name FROM {BASINS.source} WHERE {where}", params).fetchall()
        ext = ext[ext["basin"].isin([r[0] for r in rows])].reset_index(drop=True)
    named = [t for t in scope.territories if t in set(ext["territory"])]
    ext["applies"] = ext["territory"] == named[0] if named else ext.index == len(ext) - 1
    return ext


def extension_for(con, scope: Scope) -> pd.Series | None:
    """The extension that applies to the scope (extensions_for()'s row, with its default windows), or None."""
    ext = extensions_for(con, scope)
    return None if ext.empty else ext[ext["applies"]].iloc[0]


def default_windows(con, basin: str, territory: str | None = None) -> tuple[str, dt.date, Window, Window]:
    """(newcomer, joined_on E, before, after): the convention ending before E and the one starting on E.

    The newcomer is `territory`, else the basin's latest joiner after its opening. When no
    convention starts on E, "after" runs from E to the end of the convention containing E; without
    conventions, 3 years (one convention) on each side of E. "Before" never starts before the basin.
    """
    basin_id, basin_name, started_on = _basin_row(con, basin)
    terr = _territories(con, basin_id)
    if territory is None:
        joiners = [t for t in terr.values() if t.joined_on > started_on]
        if not joiners:
            raise ScopeError(key="error.no_extension", basin=basin_name, date=started_on)
        newcomer = max(joiners, key=lambda t: (t.joined_on, t.name))
    else:
        newcomer = _territory_of_basin(con, territory, basin_id, basin_name, terr)
        if newcomer.joined_on <= started_on:
            raise ScopeError(key="error.founding_territory", territory=newcomer.name, basin=basin_name, date=started_on)
    convs = con.cursor().execute(
        "SELECT starts_on, ends_on FROM conventions WHERE basin = ? ORDER BY starts_on", [basin_id]).fetchall()
    return (newcomer.name, newcomer.joined_on,
            *_windows_around(newcomer.joined_on, started_on, [tuple(c) for c in convs]))


def _windows_around(joined: dt.date, started_on: dt.date,
                    convs: Sequence[tuple[dt.date, dt.date]]) -> tuple[Window, Window]:
    """default_windows()'s rule, given the basin's conventions sorted by start."""
    after = next(((s, e) for s, e in convs if s == joined), None) \
        or next(((joined, e) for s, e in convs if s <= joined <= e), None)
    if after is None:
        after = (joined, _add_years(joined, DEFAULT_WINDOW_YEARS) - dt.timedelta(days=1))
    before = next(((s, e) for s, e in reversed(convs) if e < joined), None)
    if before is None:
        before = (_add_years(joined, -DEFAULT_WINDOW_YEARS), joined - dt.timedelta(days=1))
    before = (max(before[0], started_on), before[1])
    return Window("before", *before), Window("after", *after)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _territory_of_basin(con, territory: str, basin_id: str, basin_name: str,
                        terr: dict[str, _Territory] | None = None) -> _Territory:
    name = resolve_names(con, "territories", [territory])[0]
    if terr is None or name not in terr:  # every territory: the message says which basin it belongs to
        terr = _territories(con)
    t = _lookup(terr, name)
    if t.basin_id != basin_id:
        raise ScopeError(key="error.territory_of_other_basin", territory=t.name, other=t.basin, basin=basin_name)
    return t


def compare_extension(con, basin: str, territory: str | None = None, before: tuple[dt.date, dt.date] | None = None,
                      after: tuple[dt.date, dt.date] | None = None, *, as_of: dt.date | None = None,
                      sectors: Sequence[str] = (), kinds: Sequence[str] = (), seed: int = DID_SEED,
                      draws: int = DID_DRAWS) -> ExtensionComparison:
    """Before/after a territory joined `basin`: its rows, the newcomer's share, the original
    perimeter's own change and the difference-in-differences against all other basins.

    Windows default to default_windows(); either may be given as (from, to). A basin without an
    extension works when both windows are given (newcomer None). Rows: one per territory of the basin
    that had joined by the end of the later window, plus the basin total (territory = the basin's
    name, is_total True), for window "before" then "after"; the total covers the perimeter as it stood
    during each window, since a territory only counts from its joined_on.

    An extension's default comparison (its default windows, no filter) is read from the results
    stored with the records (store_results); anything else is computed.
    """
    if as_of is None and not sectors and not kinds and seed == DID_SEED and draws == DID_DRAWS:
        stored = _stored_result(con, basin, territory, before, after)
        if stored is not None:
            return stored
    return _compare_extension(con, basin, territory, before, after, as_of=as_of, sectors=sectors, kinds=kinds,
                              seed=seed, draws=draws)


def _compare_extension(con, basin: str, territory: str | None, before: tuple[dt.date, dt.date] | None,
                       after: tuple[dt.date, dt.date] | None, *, as_of: dt.date | None, sectors: Sequence[str],
                       kinds: Sequence[str], seed: int, draws: int,
                       sums: tuple[dict, dict] | None = None,
                       terr: dict[str, _Territory] | None = None) -> ExtensionComparison:
    """compare_extension() computed; `sums` and `terr` as _compare() takes them (store_results)."""
    basin_id, basin_name, _ = _basin_row(con, basin)
    all_terr = _territories(con) if terr is None else terr
    newcomer, joined, w_before, w_after = _newcomer_and_windows(con, basin_id, basin_name, territory, before, after,
                                                                all_terr)
    last_end = max(w_before.end, w_after.end)
    shown = [t for t in all_terr.values() if t.basin_id == basin_id and t.joined_on <= last_end]
    if not shown:
        raise ScopeError(key="error.no_territory_yet", basin=basin_name)
    names = [t.name for t in shown]
    groups = {n: [n] for n in names}
    groups[basin_name] = names
    if basin_name in names:  # a territory named like its basin: keep the total apart
        raise ScopeError(key="error.territory_named_like_basin", basin=basin_name)
    original = tuple(n for n in names if n != newcomer)
    if original and len(original) < len(names):
        groups["__original__"] = list(original)
    others = [t.name for t in all_terr.values() if t.basin_id != basin_id]
    windows = [w_before, w_after]
    control_label = "network_rest"
    while control_label in groups:  # a territory may be called anything
        control_label = "_" + control_label
    if others:  # the rest of the network in the same queries
        groups[control_label] = others
    if sums is None:  # every territory's: the placebo needs every basin
        sums = _territory_sums(con, list(all_terr), windows, as_of, sectors, kinds)
    df = _compare(con, groups, windows, as_of=as_of, sectors=sectors, kinds=kinds, terr=all_terr, sums=sums)
    ctrl = df[df["group"] == control_label].assign(group="network_rest").reset_index(drop=True)
    df = df[df["group"] != control_label]

    orig_rows = df[df["group"] == "__original__"]
    rows = df[df["group"] != "__original__"].copy()
    rows.insert(0, "territory", rows["group"])
    rows.insert(1, "is_total", rows["group"] == basin_name)
    rows = rows.drop(columns=["group"]).reset_index(drop=True)  # before then after; total last in each

    by_key = {(r["group"], r["window"]): r for r in df.to_dict("records")}  # one conversion, then lookups

    def pick(group, window):
        return by_key[(group, window)]

    total_before, total_after = pick(basin_name, "before"), pick(basin_name, "after")

    share = _newcomer_share(pick(newcomer, "after"), total_after) if newcomer is not None else {}
    if len(orig_rows):
        change = _original_change(pick("__original__", "before"), pick("__original__", "after"))
    else:  # no newcomer: the original perimeter is the whole basin
        change = _original_change(total_before, total_after)
    control, did = _control_and_did(ctrl, total_before, total_after, seed, draws) if others else (None, None)
    placebo = _placebo(sums, all_terr, basin_id) if did is not None else ()
    rank, p_value = placebo_rank(did.estimate, [p["did"] for p in placebo]) if placebo else (None, None)

    return ExtensionComparison(
        basin=basin_name, newcomer=newcomer, joined_on=joined, before=w_before, after=w_after,
        territories=tuple(names), original=original, rows=rows, newcomer_share=share,
        original_change=change, control=control, did=did, placebo=placebo, placebo_rank=rank,
        placebo_p_value=p_value, filtered=bool(sectors or kinds))


def _placebo(sums: tuple[dict, dict], all_terr: dict[str, _Territory], treated_id: str) -> tuple:
    """Every other basin as if it had been extended on the treated basin's date: its DiD over the same
    two windows (index 0 before, 1 after) against the rest of the network without it and without the
    treated basin, each over its own perimeter, on retained projects per year per 1,000 establishments.
    Point estimates only: the placebo distribution is itself the reference. Sorted by DiD, then name."""
    figures, exposure = sums
    per: dict[str, list[float]] = {}  # basin -> [count before, count after, est-years before, after]
    for t in all_terr.values():
        if t.basin_id == treated_id:
            continue
        acc = per.setdefault(t.basin, [0.0, 0.0, 0.0, 0.0])
        for w in (0, 1):
            acc[w] += figures.get((t.name, w), {}).get("projects_retained") or 0
            acc[2 + w] += exposure.get((t.name, w), (0.0, False))[0]
    total = [sum(v[i] for v in per.values()) for i in range(4)]
    out = []
    for basin, (cb, ca, eb, ea) in per.items():
        rb, ra, xb, xa = (t - v for t, v in zip(total, (cb, ca, eb, ea)))
        if min(eb, ea, xb, xa) <= 0:
            continue  # a basin (or the rest) with no establishment in a window has no rate
        did = (1000 * ca / ea - 1000 * cb / eb) - (1000 * ra / xa - 1000 * rb / xb)
        out.append({"basin": basin, "did": did})
    return tuple(sorted(out, key=lambda p: (p["did"], p["basin"])))


def placebo_rank(real: float, placebos: Sequence[float]) -> tuple[int, float]:
    """(rank, permutation p-value) of the real DiD among the real and placebo ones by absolute value,
    two-sided: rank 1 is the most extreme; a placebo as extreme as the real one ranks before it (ties
    count against the real basin), and p = rank / (placebos + 1)."""
    rank = 1 + sum(1 for p in placebos if abs(p) >= abs(real) - 1e-12)
    return rank, rank / (len(placebos) + 1)


def _newcomer_and_windows(con, basin_id: str, basin_name: str, territory: str | None,
                          before: tuple[dt.date, dt.date] | None, after: tuple[dt.date, dt.date] | None,
                          all_terr: dict[str, _Territory]) -> tuple[str | None, dt.date | None, Window, Window]:
    """(newcomer, its joined_on, before, after): the windows asked, the default ones for the others."""
    chosen = _territory_of_basin(con, territory, basin_id, basin_name, all_terr) if territory is not None else None
    if before is None or after is None:
        newcomer, _, w_before, w_after = default_windows(con, basin_name, territory)
        before = before or (w_before.start, w_before.end)
        after = after or (w_after.start, w_after.end)
    elif chosen is not None:
        newcomer = chosen.name
    else:  # both windows given: the newcomer is the latest joiner after the opening, if any
        ext = extensions(con)
        ext = ext[ext["basin"] == basin_name]
        newcomer = str(ext.iloc[-1]["territory"]) if len(ext) else None
    w_before, w_after = Window("before", *before), Window("after", *after)
    joined = all_terr[newcomer].joined_on if newcomer is not None else None
    if joined is not None and joined > max(w_before.end, w_after.end):
        newcomer = joined = None  # it joined after both windows: nothing to show for it
    return newcomer, joined, w_before, w_after


def _newcomer_share(new_after: dict, total_after: dict) -> dict:
    """The newcomer's share of the basin's counts (and establishments) after it joined."""
    share = {}
    for col in (*COUNTS, "establishments"):
        share[col] = _per(new_after[col], total_after[col])
        share[col] = None if share[col] is None or pd.isna(share[col]) else float(share[col])
    return share


def _original_change(ob: dict, oa: dict) -> dict:
    """The original perimeter's rates before (ob) and after (oa), and their change."""
    change = {}
    for col in ("retained_per_year_per_1000", "studied_per_year_per_1000", "aid_eur_per_year_per_1000",
                "jobs_committed_per_year_per_1000", "retained_per_year", "aid_eur_per_year",
                "jobs_committed_per_year", "establishments"):
        b, a = ob[col], oa[col]
        b = None if b is None or pd.isna(b) else float(b)
        a = None if a is None or pd.isna(a) else float(a)
        change[col] = {"before": b, "after": a,
                       "change": None if a is None or b is None else a - b,
                       "relative_change": None if a is None or not b else (a - b) / b}
    return change


def _control_and_did(ctrl: pd.DataFrame, total_before: dict, total_after: dict, seed: int,
                     draws: int) -> tuple[pd.DataFrame, DiD | None]:
    """The rest of the network's rows, and the difference-in-differences when every window has establishments."""
    control = ctrl.drop(columns=["territories"])
    ctrl_rows = {r["window"]: r for r in ctrl.to_dict("records")}
    cb, ca = ctrl_rows["before"], ctrl_rows["after"]
    exposures = [total_before["establishment_years"], total_after["establishment_years"],
                 cb["establishment_years"], ca["establishment_years"]]
    if not all(e > 0 for e in exposures):
        return control, None
    return control, did_poisson([total_before["projects_retained"], total_after["projects_retained"],
                                 cb["projects_retained"], ca["projects_retained"]], exposures,
                                seed=seed, draws=draws)


# ---- stored results -----------------------------------------------------------------------------
# The territories page opens on an extension's default comparison, which aggregates the whole network
# (the control group) over two windows: ~50 ms at a million projects, whatever the period or basin
# filters. Every writer stores these comparisons, and their commune maps, with the records
# (db.create_derived calls store_results in its transaction), so opening an extension is a lookup.
# The results are to_dict()'s JSON, zlib-compressed (DuckDB reads a 3 KB value 4x faster than 12 KB);
# a change to what compare_extension returns must bump db.DERIVED_MARK, so stored files recompute.
# A database whose derived tables are views (tests' hand-made networks) has none: all is computed.

STORED_TABLES = db.STORED_RESULT_TABLES


def store_results(con) -> None:
    """(Re)compute every extension's default comparison and commune map into the stored tables.
    `con` must read its own writes (db.same_connection inside a transaction)."""
    from alize.metrics import geo

    for table in STORED_TABLES:
        con.execute(f"DROP TABLE IF EXISTS {table}")
    con.execute("""CREATE TABLE extension_results (basin_id VARCHAR, basin VARCHAR, newcomer_id VARCHAR,
        newcomer VARCHAR, latest BOOLEAN, before_start DATE, before_end DATE, after_start DATE, after_end DATE,
        result BLOB)""")
    con.execute(f"""CREATE TABLE extension_communes AS
        SELECT NULL::VARCHAR AS basin_id, NULL::VARCHAR AS basin, NULL::DATE AS window_start,
               NULL::DATE AS window_end, a.* FROM ({geo.ACTIVITY_SQL}) a WHERE false""", [None] * 6)
    ids = {(b, t): (bid, tid) for bid, b, tid, t in con.cursor().execute(
        "SELECT b.id, b.name, t.id, t.name FROM territories t JOIN basins b ON b.id = t.basin").fetchall()}
    ext = extensions(con)
    latest = set(ext.groupby("basin", sort=False)["territory"].last().items())  # ordered by joined_on, name
    terr = _territories(con)
    every = list(terr)
    sums: dict[tuple, tuple | None] = {}  # each territory's sums, once per pair of windows (most share theirs)
    mapped = set()
    for e in ext.itertuples(index=False):
        before, after = (e.before_start, e.before_end), (e.after_start, e.after_end)
        try:
            if (before, after) not in sums:
                sums[(before, after)] = None  # a failure is the extension's: it is then computed alone
                sums[(before, after)] = _territory_sums(con, every, [Window("before", *before),
                                                                      Window("after", *after)], None, (), ())
            result = _compare_extension(con, e.basin, e.territory, before, after, as_of=None, sectors=(),
                                        kinds=(), seed=DID_SEED, draws=DID_DRAWS, sums=sums[(before, after)],
                                        terr=terr)
        except AlizeError:  # e.g. no establishment count: the page computes it and shows the message
            continue
        basin_id, newcomer_id = ids[(e.basin, e.territory)]
        con.execute("INSERT INTO extension_results VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [basin_id, e.basin, newcomer_id, e.territory, (e.basin, e.territory) in latest, *before, *after,
                     zlib.compress(json.dumps(result.to_dict()).encode(), 1)])
        if (basin_id, after) not in mapped:
            mapped.add((basin_id, after))
            con.execute(f"INSERT INTO extension_communes SELECT ?, ?, ?, ?, a.* FROM ({geo.ACTIVITY_SQL}) a",
                        [basin_id, e.basin, *after, *after, basin_id, basin_id, basin_id, basin_id])


def _stored_result(con, basin: str, territory: str | None, before, after) -> ExtensionComparison | None:
    """The stored default comparison of the basin (id or name, as given) and newcomer (None: the
    latest), when the windows asked are its windows; None otherwise."""
    try:
        row = con.cursor().execute("""
            SELECT before_start, before_end, after_start, after_end, result FROM extension_results
            WHERE (basin_id = ? OR basin = ?) AND (newcomer_id = ? OR newcomer = ? OR (? AND latest))
            ORDER BY basin_id = ? DESC, newcomer_id = ? DESC LIMIT 1""",
            [basin, basin, territory, territory, territory is None, basin, territory]).fetchone()
    except duckdb.CatalogException:
        return None
    if row is None:
        return None
    for asked, stored in ((before, row[0:2]), (after, row[2:4])):
        if asked is not None and tuple(asked) != tuple(stored):
            return None
    return ExtensionComparison.from_dict(json.loads(zlib.decompress(row[4])))


def _signed(value: float, decimals: int = 2, lang: str = "fr") -> str:
    s = text.fmt_number(value, decimals, lang)
    return s if s.startswith(text.MINUS) or s.strip("0,." + text.NBSP) == "" else "+" + s


def _period_phrase(w: Window, lang: str) -> str:
    """'en 2006–2008' / 'in 2006–2008' for whole years, else 'du 01/07/2006 au 31/12/2008' / 'from ... to ...'."""
    period = w.describe(lang)
    whole_years = (w.start.month, w.start.day, w.end.month, w.end.day) == (1, 1, 12, 31)
    return text.t("sentence.extension.in_years" if whole_years else "sentence.extension.between_dates", lang,
                  period=period)


def _original_and_newcomer(result: ExtensionComparison, lang: str, period_after: str) -> list[str]:
    """The original perimeter's own change (and its DiD), what the total's change owes to composition,
    and the newcomer's share of retained projects beside its share of establishments."""
    parts = []
    orig = result.original_change.get("retained_per_year_per_1000") or {}
    r = result.rows
    if result.newcomer and result.original and orig.get("change") is not None:
        d = result.did
        key = "sentence.extension.original_did" if d is not None else "sentence.extension.original"
        fields = {"original": ", ".join(result.original), "before": text.fmt_number(orig["before"], 2, lang),
                  "after": text.fmt_number(orig["after"], 2, lang), "change": _signed(orig["change"], lang=lang)}
        if d is not None:
            fields["estimate"] = _signed(orig["change"] - (d.control_after - d.control_before), lang=lang)
        parts.append(text.t(key, lang, **fields))
        tb = r[(r["is_total"]) & (r["window"] == "before")].iloc[0]["retained_per_year_per_1000"]
        ta = r[(r["is_total"]) & (r["window"] == "after")].iloc[0]["retained_per_year_per_1000"]
        new = r[(r["territory"] == result.newcomer) & (r["window"] == "after") & (~r["is_total"])]
        if len(new) and not pd.isna(new.iloc[0]["retained_per_year_per_1000"]) and (ta - tb) * orig["change"] <= 0 \
                and ta != tb:
            parts.append(text.t("sentence.extension.composition", lang, newcomer=text.place(result.newcomer, lang, start=True),
                                rate=text.fmt_number(new.iloc[0]["retained_per_year_per_1000"], 2, lang)))
    share = result.newcomer_share
    if result.newcomer and share.get("projects_retained") is not None:
        key = "sentence.extension.newcomer_share" if share.get("establishments") is not None \
            else "sentence.extension.newcomer_share_only"
        parts.append(text.t(key, lang, newcomer=text.place(result.newcomer, lang, start=True),
                            share=text.fmt_pct(share["projects_retained"], lang),
                            establishments=text.fmt_pct(share.get("establishments"), lang), period_after=period_after))
    return parts


def summary_sentence(result: ExtensionComparison, lang: str = "fr", brief: bool = False) -> str:
    """The result in plain words, with its caveats (noise, small counts, an observational comparison):
    the catalog's sentence.extension.* templates, filled from the same computed fields in either language."""
    lang = text.check_lang(lang)
    r = result.rows
    tb = r[(r["is_total"]) & (r["window"] == "before")].iloc[0]
    ta = r[(r["is_total"]) & (r["window"] == "after")].iloc[0]

    def num(x):
        return text.fmt_number(x, 2, lang)

    def signed(x):
        return _signed(x, lang=lang)

    periods = {"period_before": _period_phrase(result.before, lang), "period_after": _period_phrase(result.after, lang)}
    subject = result.basin
    if result.newcomer and result.joined_on and result.before.start < result.joined_on <= result.after.end:
        subject = text.t("sentence.extension.subject_extended", lang, basin=result.basin,
                         to_newcomer=text.place(result.newcomer, lang, "à"),
                         date=text.fmt_date(result.joined_on, lang))
    d = result.did
    if d is None:
        parts = [text.t("sentence.extension.no_did", lang, subject=subject, **periods,
                        before=num(tb["retained_per_year_per_1000"]), after=num(ta["retained_per_year_per_1000"]),
                        projects_word=text.projects_word(tb["retained_per_year_per_1000"], lang))]
    else:
        parts = [text.t("sentence.extension.did", lang, subject=subject, **periods, before=num(d.treated_before),
                        projects_word=text.projects_word(d.treated_before, lang),
                        after=num(d.treated_after), change=signed(d.treated_after - d.treated_before),
                        control_before=num(d.control_before), control_after=num(d.control_after),
                        control_change=signed(d.control_after - d.control_before), estimate=signed(d.estimate),
                        low=num(d.low), high=num(d.high))]
        verdict = "includes_zero" if d.includes_zero else "excludes_zero_rise" if d.estimate > 0 else "excludes_zero_fall"
        parts.append(text.t(f"sentence.extension.{verdict}", lang))
    story = _original_and_newcomer(result, lang, periods["period_after"])
    parts += story[:1] if brief else story
    if d is not None and result.placebo:
        values = [p["did"] for p in result.placebo]
        parts.append(text.t("sentence.extension.placebo", lang, n=len(values), low=signed(min(values)),
                            high=signed(max(values)), rank=result.placebo_rank,
                            total=len(values) + 1, p=text.fmt_number(result.placebo_p_value, 2, lang)))
    if result.filtered:
        parts.append(text.t("sentence.extension.all_sectors", lang))
    parts.append(text.t("sentence.extension.caution", lang, before=int(tb["projects_retained"]),
                        after=int(ta["projects_retained"])))
    return " ".join(parts)
