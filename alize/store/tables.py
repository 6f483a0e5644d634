"""Where each table the pages, exports and commands read keeps the scope's columns.

A scope filters on the committee date, the basin, the territory (by name, as users see them), the
NAF section and the project kind. Each table (or join) declares here, once, which of its columns
holds each of them; alize.store.where turns a Scope into that table's WHERE clause. A filter a
table has no column for is refused (the caller must read another table), unless the table says it
does not concern it: the committees are counted in the scope's basins whatever its project filters.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# A scope's filters, in the order their conditions (and parameters) are written.
FILTERS = ("basins", "territories", "sectors", "kinds")
PROJECT_FILTERS = frozenset({"territories", "sectors", "kinds"})


@dataclass(frozen=True)
class Table:
    """`source`: what follows FROM (a table, or a join whose columns are written qualified);
    `alias`: the alias the columns are qualified with (None: they are written qualified already).
    Columns: `held_on` the committee date (None: the table is not dated and no period applies);
    `columns` {filter: column} for the FILTERS; `decision` the project's decision (for the
    examined projects only); `ignores`: the filters that do not concern the table."""

    source: str
    alias: str | None
    held_on: str | None
    columns: dict[str, str] = field(default_factory=dict)
    decision: str | None = None
    ignores: frozenset[str] = frozenset()

    def column(self, name: str, alias: str | None = None) -> str:
        alias = alias or self.alias
        return f"{alias}.{name}" if alias else name

    def answers(self, scope) -> bool:
        """Whether every filter the scope uses has a column here (or does not concern the table)."""
        return all(name in self.columns or name in self.ignores for name in FILTERS if getattr(scope, name))


_FACT_COLUMNS = {"basins": "basin_name", "territories": "territory_name", "sectors": "sector", "kinds": "kind"}

# db.project_facts: one row per project, its committee's date, basin and territory names joined.
PROJECT_FACTS = Table("project_facts", "f", "held_on", _FACT_COLUMNS, decision="decision")
# db.mission_facts: one row per mission, with its project's filter columns.
MISSION_FACTS = Table("mission_facts", "m", "held_on", _FACT_COLUMNS, decision="decision")
# db.committee_facts: one row per committee and territory, projects summed (no sector, no kind).
COMMITTEE_FACTS = Table("committee_facts", "cf", "held_on",
                        {"basins": "basin_name", "territories": "territory_name"})
# db.yearend_facts and db.curve_facts: per committee and territory, like committee_facts.
YEAREND_FACTS = Table("yearend_facts", "y", "held_on", {"basins": "basin_name", "territories": "territory_name"})
CURVE_FACTS = Table("curve_facts", "cf", "held_on", {"basins": "basin_name", "territories": "territory_name"})
# db.partner_facts: the partners with their basin's name; not dated (their own dates are not the scope's).
PARTNER_FACTS = Table("partner_facts", None, None, {"basins": "basin_name"}, ignores=frozenset({"sectors", "kinds"}))

# The records themselves. The committees of a scope: held in the period in its basins (a project
# filter concerns the projects they studied, not which committees were held).
COMMITTEES = Table("committees c JOIN basins b ON b.id = c.basin", None, "c.held_on", {"basins": "b.name"},
                   ignores=PROJECT_FILTERS)
PROJECTS = Table("""projects p
    JOIN committees c ON c.id = p.committee
    JOIN basins b ON b.id = c.basin
    JOIN territories t ON t.id = p.territory""", None, "c.held_on",
                 {"basins": "b.name", "territories": "t.name", "sectors": "p.sector", "kinds": "p.kind"},
                 decision="p.decision")
# The basins with their territories (a basin without territory kept): the basins a scope names, or
# those of the territories it names. Not dated; sectors and kinds concern projects, not basins.
BASINS = Table("basins b LEFT JOIN territories t ON t.basin = b.id", None, None,
               {"basins": "b.name", "territories": "t.name"}, ignores=frozenset({"sectors", "kinds"}))
