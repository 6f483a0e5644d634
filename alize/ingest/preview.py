"""What an import would change: the store's rows, and new / changed / unchanged rows per table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pandas as pd

from alize.ingest.common import SAMPLE_ROWS
from alize.ingest.stage import Row
from alize.store.specs import (
    IMPORT_TABLES,
    SPECS,
)

# ---- database state ----------------------------------------------------------------------------

def _key_of(table: str, row: dict) -> tuple:
    return tuple(row[k] for k in SPECS[table].key)


def _same(a, b) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal) or isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is b
        return round(float(a), 1) == round(float(b), 1)
    return a == b


def _load_state(con) -> dict[str, dict[tuple, dict]]:
    state = {}
    cur = con.cursor()
    for t in IMPORT_TABLES:
        cols = [c.name for c in SPECS[t].cols]
        df_rows = cur.execute(f"SELECT {', '.join(cols)} FROM {t}").fetchall()  # names from SPECS
        state[t] = {}
        for r in df_rows:
            d = dict(zip(cols, r))
            if t == "missions":
                d["days"] = float(d["days"])
            state[t][_key_of(t, d)] = d
    return state


def _empty_state() -> dict[str, dict[tuple, dict]]:
    return {t: {} for t in IMPORT_TABLES}


# ---- preview ------------------------------------------------------------------------------------

@dataclass
class TableChange:
    table: str
    label: str
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    new_rows: pd.DataFrame = field(default_factory=pd.DataFrame)       # sample, French headers
    changed_rows: pd.DataFrame = field(default_factory=pd.DataFrame)   # sample: key, column, before, after


@dataclass
class Preview:
    tables: list[TableChange]

    @property
    def new(self) -> int:
        return sum(t.new for t in self.tables)

    @property
    def changed(self) -> int:
        return sum(t.changed for t in self.tables)

    @property
    def unchanged(self) -> int:
        return sum(t.unchanged for t in self.tables)

    def table(self, name: str) -> TableChange | None:
        return next((t for t in self.tables if t.table == name), None)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"Table": t.label, "Nouvelles lignes": t.new, "Lignes modifiées": t.changed,
                              "Lignes inchangées": t.unchanged} for t in self.tables],
                            columns=["Table", "Nouvelles lignes", "Lignes modifiées", "Lignes inchangées"])

    def summary(self) -> str:
        return (f"{self.new} nouvelle{'s' if self.new > 1 else ''} ligne{'s' if self.new > 1 else ''}, "
                f"{self.changed} modifiée{'s' if self.changed > 1 else ''}, "
                f"{self.unchanged} inchangée{'s' if self.unchanged > 1 else ''}")


def _display(v) -> Any:
    if isinstance(v, dt.date):
        return v.strftime("%d/%m/%Y")
    return v


def _diff(rows_by_table: dict[str, list[Row]], state) -> tuple[Preview, dict[str, tuple[list[dict], list]]]:
    """Per table: (new full rows, [(key, {changed column: new value})]) and the preview."""
    changes = {}
    preview = []
    for t in IMPORT_TABLES:
        rows = rows_by_table.get(t) or []
        if not rows:
            continue
        spec = SPECS[t]
        new, changed, unchanged = [], [], 0
        samples = []
        for r in rows:
            old = state[t].get(r.key())
            if old is None:
                full = {c.name: r.values.get(c.name, c.default) for c in spec.cols}
                new.append(full)
                continue
            diff = {c: v for c, v in r.values.items() if not _same(old.get(c), v)}
            if diff:
                changed.append((r.key(), diff))
                for c, v in diff.items():
                    if len(samples) < 2 * SAMPLE_ROWS:
                        samples.append({"Clé": " / ".join(str(_display(k)) for k in r.key()),
                                        "Colonne": spec.col(c).label, "Avant": _display(old.get(c)),
                                        "Après": _display(v)})
            else:
                unchanged += 1
        new_df = pd.DataFrame([{spec.col(c).label: _display(v) for c, v in row.items()}
                               for row in new[:SAMPLE_ROWS]])
        preview.append(TableChange(t, spec.label, len(new), len(changed), unchanged, new_df,
                                   pd.DataFrame(samples, columns=["Clé", "Colonne", "Avant", "Après"])))
        changes[t] = (new, changed)
    return Preview(preview), changes
