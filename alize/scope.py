"""The scope: what "the current selection" means, from the URL or the CLI down to the SQL.

A scope is a period on the committee date plus optional basins, territories, sectors and
project kinds (basins and territories by name, as users see and share them). alize.store.where
turns it into each table's WHERE clause with bound parameters; ui/filters.py binds the sidebar's
widgets to the URL under PARAMS' names, so every page, export and command agrees on the selection.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from alize import ScopeError

KINDS = ("creation", "development", "takeover")
DECISIONS = ("retained", "deferred", "rejected", "pending")
SECTORS = tuple("ABCDEFGHIJKLMNOPQRSTU")

# URL query-parameter names; app.py binds its widgets to these keys.
PARAMS = {"start": "from", "end": "to", "basins": "basin", "territories": "territory",
          "sectors": "sector", "kinds": "kind"}


def parse_date(text: str, what: str = "date") -> dt.date:
    """ISO `2010-03-15` or French `15/03/2010`; anything else is a one-line error."""
    text = str(text).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ScopeError(key="error.invalid_date", what=what, text=text)


def _tuple(values: Iterable[str] | None) -> tuple[str, ...]:
    seen: list[str] = []
    for v in values or ():
        v = str(v).strip()
        if v and v not in seen:
            seen.append(v)
    return tuple(seen)


@dataclass(frozen=True)
class Scope:
    start: dt.date
    end: dt.date
    basins: tuple[str, ...] = field(default=())
    territories: tuple[str, ...] = field(default=())
    sectors: tuple[str, ...] = field(default=())
    kinds: tuple[str, ...] = field(default=())
    # The person's permitted basins (None: every basin). Record-level reads keep only these; the
    # network's aggregates ignore it (alize.store.where.scope_where). Part of the Scope's equality
    # and hash, so every cache keyed on the scope is keyed on the permission too.
    permitted: tuple[str, ...] | None = field(default=None)

    def __post_init__(self):
        if self.start > self.end:
            raise ScopeError(key="error.period_empty", start=self.start.isoformat(), end=self.end.isoformat())
        for name in ("basins", "territories", "sectors", "kinds"):
            object.__setattr__(self, name, _tuple(getattr(self, name)))
        if self.permitted is not None:
            object.__setattr__(self, "permitted", _tuple(self.permitted))
        bad = [k for k in self.kinds if k not in KINDS]
        if bad:
            raise ScopeError(key="error.unknown_kind", names=", ".join(bad), expected=", ".join(KINDS))
        bad = [s for s in self.sectors if s not in SECTORS]
        if bad:
            raise ScopeError(key="error.unknown_sector", names=", ".join(bad))

    # ---- construction -------------------------------------------------------------------
    @classmethod
    def year(cls, year: int, **filters) -> Scope:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), **filters)

    @classmethod
    def years(cls, first: int, last: int, **filters) -> Scope:
        return cls(dt.date(first, 1, 1), dt.date(last, 12, 31), **filters)

    def with_period(self, start: dt.date, end: dt.date) -> Scope:
        return replace(self, start=start, end=end)

    def over_all_years(self, first: dt.date, last: dt.date) -> Scope:
        """The same filters over every year of the data (`first`, `last`: data_period()) and the scope's
        own: what a trend draws, the scope's years shaded in it."""
        return self.with_period(min(first, self.start), max(last, self.end))

    def narrowed(self, **filters) -> Scope:
        return replace(self, **filters)

    @property
    def has_project_filters(self) -> bool:
        """Territory, sector or kind filters apply to projects, not to committees."""
        return bool(self.territories or self.sectors or self.kinds)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Scope:
        """The period of the same length just before: whole months shift by months (2010 → 2009)."""
        if self.start.day == 1 and self.end.day == calendar.monthrange(self.end.year, self.end.month)[1]:
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
            start = _add_months(self.start, -months)
            end_month = _add_months(self.start, -1)
            end = end_month.replace(day=calendar.monthrange(end_month.year, end_month.month)[1])
            return self.with_period(start, end)
        length = dt.timedelta(days=self.days)
        return self.with_period(self.start - length, self.end - length)

    # ---- URL ------------------------------------------------------------------------------
    def to_query_params(self) -> dict[str, str | list[str]]:
        """The URL parameters of a link to this scope (the names ui/filters.py binds its widgets to)."""
        out: dict[str, str | list[str]] = {PARAMS["start"]: self.start.isoformat(),
                                           PARAMS["end"]: self.end.isoformat()}
        for name in ("basins", "territories", "sectors", "kinds"):
            values = getattr(self, name)
            if values:
                out[PARAMS[name]] = list(values)
        return out

    def validate(self, con) -> Scope:
        """Unknown basins or territories, or a territory outside the chosen basins, are errors."""
        cur = con.cursor()
        basins = {r[0] for r in cur.execute("SELECT name FROM basins").fetchall()}
        unknown = [x for x in self.basins if x not in basins]
        if unknown:
            raise ScopeError(key="error.unknown_basin", names=", ".join(unknown), known=", ".join(sorted(basins)))
        terr = dict(cur.execute(
            "SELECT t.name, b.name FROM territories t JOIN basins b ON b.id = t.basin").fetchall())
        unknown = [x for x in self.territories if x not in terr]
        if unknown:
            raise ScopeError(key="error.unknown_territory", names=", ".join(unknown), known=", ".join(sorted(terr)))
        if self.basins:
            outside = [x for x in self.territories if terr[x] not in self.basins]
            if outside:
                raise ScopeError(key="error.territory_outside", names=", ".join(outside),
                                 basins=", ".join(sorted({terr[x] for x in outside})))
        return self


@dataclass(frozen=True)
class Permission:
    """What one person may read: `basins` (names) or None for every basin. `apply` puts it on a
    Scope (dropping the scope's basins outside it); the id lookups (a committee, a project card)
    take `permitted` = `Permission.basins` and translate it with alize.store.where.permitted_where.

    For other readers (reports, scheduled sends): `perm.apply(scope)` before any metrics call, and
    `perm.basins` as `permitted=` for the id lookups; `Permission()` is everyone's (the CLI without --as)."""

    basins: tuple[str, ...] | None = None

    def __post_init__(self):
        if self.basins is not None:
            object.__setattr__(self, "basins", _tuple(self.basins))

    @property
    def everything(self) -> bool:
        return self.basins is None

    def allows(self, basin: str | None) -> bool:
        return self.basins is None or basin in self.basins

    def apply(self, scope: Scope) -> Scope:
        """The scope narrowed to this permission: its basins outside it dropped, `permitted` set."""
        if self.basins is None:
            return replace(scope, permitted=None)
        return replace(scope, basins=tuple(b for b in scope.basins if b in self.basins), permitted=self.basins)

    def outside(self, basins: Iterable[str]) -> list[str]:
        return [b for b in basins if not self.allows(b)]


EVERYONE = Permission()


def resolve_names(con, table: str, values: Iterable[str]) -> tuple[str, ...]:
    """Accept an id or a name, case-insensitively, and return names; unknown values stay as given."""
    if table not in ("basins", "territories"):
        raise ValueError(table)
    values = [v.strip() for v in values]
    lowered = [v.lower() for v in values]
    rows = con.cursor().execute(  # table from the fixed list; only the candidate rows, not a national table
        f"SELECT id, name FROM {table} WHERE lower(id) = ANY(?) OR lower(name) = ANY(?)", [lowered, lowered]).fetchall()
    lookup = {}
    for id_, name in rows:
        lookup[id_.casefold()] = name
        lookup[name.casefold()] = name
    return tuple(lookup.get(v.casefold(), v) for v in values)


def data_period(con) -> tuple[dt.date, dt.date]:
    row = con.cursor().execute("SELECT min(held_on), max(held_on) FROM committees").fetchone()
    if row[0] is None:
        today = dt.date.today()
        return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    return row[0], row[1]


def default_scope(con) -> Scope:
    """The last calendar year with committees: what a manager reviews first."""
    _, last = data_period(con)
    return Scope.year(last.year)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)
