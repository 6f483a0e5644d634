"""The one translator from a Scope to SQL: a WHERE clause and its bound parameters, for any table
alize.store.tables declares.

In the spirit of Datasette's `Filters`: one object owns the conditions and their parameters, so no
value is ever formatted into SQL and every page, export and command filters the same way.

    sql, params = scope_where(scope, tables.PROJECT_FACTS)
    con.cursor().execute(f"SELECT count(*) FROM project_facts f WHERE {sql}", params)
"""

from __future__ import annotations

from collections.abc import Iterable

from alize.scope import Scope
from alize.store.tables import FILTERS, Table


def placeholders(values) -> str:
    """`?, ?, ?`: one bound parameter per value, for `IN (...)`."""
    return ", ".join("?" for _ in values)


class Where:
    """Conditions joined by AND, with their parameters in the order they appear."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.params: list = []

    def add(self, condition: str, *params) -> Where:
        self.parts.append(condition)
        self.params.extend(params)
        return self

    def between(self, column: str, low, high) -> Where:
        return self.add(f"{column} BETWEEN ? AND ?", low, high)

    def any_of(self, column: str, values: Iterable) -> Where:
        values = list(values)
        return self.add(f"{column} IN ({placeholders(values)})", *values)

    @property
    def sql(self) -> str:
        """The conditions, or TRUE when there are none (so `WHERE {sql}` always reads)."""
        return " AND ".join(self.parts) or "TRUE"

    def pair(self) -> tuple[str, list]:
        return self.sql, list(self.params)


def permitted_where(permitted, column: str) -> tuple[str, list]:
    """The permission's condition on a basin-name column: TRUE for everyone (None), FALSE for no
    basin at all, else `column IN (?, …)`. Used by scope_where and by the id lookups."""
    if permitted is None:
        return "TRUE", []
    values = list(permitted)
    if not values:
        return "FALSE", []
    return f"{column} IN ({placeholders(values)})", values


def scope_where(scope: Scope, table: Table, alias: str | None = None, *,
                decided_only: bool = False, aggregate: bool = False) -> tuple[str, list]:
    """(WHERE fragment, parameters) of the scope on `table` (its columns qualified by `alias`, default
    the table's): the period on the committee date (for a dated table), with `decided_only` the
    projects examined (a pending project, on an agenda but not decided yet, has not been), then the
    basins, territories, sectors and kinds asked, then the person's permitted basins
    (`scope.permitted`) unless `aggregate`: only the network's counts and sums per basin and year
    (alize.metrics.figures, the comparisons' rates) read every basin. A filter the table cannot
    apply is a ValueError (a permission on a table without basin column too: fail closed)."""
    where = Where()
    if table.held_on is not None:
        where.between(table.column(table.held_on, alias), scope.start, scope.end)
    if decided_only:
        if table.decision is None:
            raise ValueError(f"{table.source} has no decision column")
        where.add(f"{table.column(table.decision, alias)} <> 'pending'")
    for name in FILTERS:
        values = getattr(scope, name)
        if not values or name in table.ignores:
            continue
        if name not in table.columns:
            raise ValueError(f"{table.source} cannot filter on {name}")
        where.any_of(table.column(table.columns[name], alias), values)
    if scope.permitted is not None and not aggregate:
        if "basins" not in table.columns:
            raise ValueError(f"{table.source} cannot apply a basin permission")
        where.add(*_flat(permitted_where(scope.permitted, table.column(table.columns["basins"], alias))))
    return where.pair()


def _flat(pair: tuple[str, list]) -> tuple:
    return (pair[0], *pair[1])
