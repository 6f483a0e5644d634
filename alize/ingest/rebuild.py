"""Everything computed from the records, in the order it depends on: the derived tables (store), then
the comparisons stored beside them (metrics). Every writer goes through here, so none can forget a step.

The store sits below the metrics and cannot call them; these functions hand it `derive`."""

from __future__ import annotations

from pathlib import Path

from alize.metrics import compare
from alize.store import db


def derive(con) -> None:
    """What is computed in Python from the fresh derived tables and stored with them."""
    compare.store_results(con)


def build(path: Path | None = None, csv_dir: Path = db.DATA_DIR) -> Path:
    return db.build(path, csv_dir, derive=derive)


def ensure(path: Path | None = None, csv_dir: Path = db.DATA_DIR) -> Path:
    return db.ensure(path, csv_dir, derive=derive)


def refresh(con) -> None:
    db.refresh_derived(con, derive=derive)


def create(con) -> None:
    db.create_derived(con, materialise=True, derive=derive)
