"""Open the records database, building it from the CSV files in data/ when needed.

The database file is a cache of the CSVs (the demo) or of imports: it is rebuilt when missing,
or older than the CSVs or the schema, into a temporary file that replaces the old one only once
complete, so a failed build never leaves a half-written database behind.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import duckdb

from alize import AlizeError

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
SCHEMA_FILE = Path(__file__).resolve().parent / "schema.sql"
DEFAULT_DB = DATA_DIR / "alize.duckdb"

# Load order: every table after the tables it references.
TABLES = (
    "meta",
    "basins",
    "territories",
    "establishments",
    "conventions",
    "communes",
    "partners",
    "contributions",
    "committees",
    "projects",
    "missions",
    "followups",
    "repayments",
)

_build_lock = threading.Lock()


def db_path() -> Path:
    """ALIZE_DB wins over the default data/alize.duckdb."""
    env = os.environ.get("ALIZE_DB", "").strip()
    return Path(env).expanduser() if env else DEFAULT_DB


def schema_sql() -> str:
    return SCHEMA_FILE.read_text(encoding="utf-8")


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(schema_sql())


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [r[0] for r in rows]


def csv_files(csv_dir: Path) -> dict[str, Path]:
    return {t: csv_dir / f"{t}.csv" for t in TABLES}


def needs_build(path: Path, csv_dir: Path = DATA_DIR) -> bool:
    """Missing, or older than any source CSV or the schema."""
    if not path.exists():
        return True
    built = path.stat().st_mtime
    sources = [SCHEMA_FILE, *[p for p in csv_files(csv_dir).values() if p.exists()]]
    return any(src.stat().st_mtime > built for src in sources)


def load_csvs(con: duckdb.DuckDBPyConnection, csv_dir: Path) -> None:
    """Insert every table's CSV; the schema's constraints reject bad rows."""
    missing = [p.name for p in csv_files(csv_dir).values() if not p.exists()]
    if missing:
        raise AlizeError(f"Fichiers manquants dans {csv_dir} : {', '.join(missing)}")
    for table, path in csv_files(csv_dir).items():
        cols = table_columns(con, table)
        header = path.open(encoding="utf-8-sig").readline().strip().split(",")
        if header != cols:
            raise AlizeError(
                f"{path.name} : en-tête inattendu {header}, attendu {cols}"
            )
        col_list = ", ".join(f'"{c}"' for c in cols)  # identifiers from the schema itself
        try:
            con.execute(
                f"INSERT INTO {table} ({col_list}) SELECT {col_list} "
                "FROM read_csv(?, header = true, all_varchar = true, quote = '\"', escape = '\"')",
                [str(path)],
            )
        except duckdb.Error as exc:
            raise AlizeError(f"{path.name} : {exc}") from exc
    check_consistency(con)


CONSISTENCY_CHECKS = (
    (
        "un projet est rattaché à un comité d'un autre bassin que son territoire",
        """SELECT p.id FROM projects p JOIN committees c ON c.id = p.committee
           JOIN territories t ON t.id = p.territory WHERE t.basin <> c.basin""",
    ),
    (
        "un projet est déposé après la date de son comité",
        "SELECT p.id FROM projects p JOIN committees c ON c.id = p.committee WHERE p.submitted_on > c.held_on",
    ),
    (
        "la commune d'un projet n'appartient pas à son territoire",
        """SELECT p.id FROM projects p JOIN communes m ON m.insee_code = p.commune
           WHERE m.territory <> p.territory""",
    ),
    (
        "un suivi d'emplois est antérieur au comité du projet",
        """SELECT f.project FROM followups f JOIN projects p ON p.id = f.project
           JOIN committees c ON c.id = p.committee WHERE f.observed_on < c.held_on""",
    ),
    (
        "une mission de compétence concerne un projet non retenu",
        "SELECT m.project FROM missions m JOIN projects p ON p.id = m.project WHERE p.decision <> 'retained'",
    ),
)


def check_consistency(con: duckdb.DuckDBPyConnection) -> None:
    """Rules that span tables, which CHECK constraints cannot express."""
    for message, sql in CONSISTENCY_CHECKS:
        bad = con.execute(sql + " LIMIT 3").fetchall()
        if bad:
            ids = ", ".join(str(r[0]) for r in bad)
            raise AlizeError(f"Données incohérentes : {message} ({ids})")


def build(path: Path | None = None, csv_dir: Path = DATA_DIR) -> Path:
    """Build the database from the CSVs into a temporary file, then swap it in."""
    path = Path(path or db_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".building")
    for leftover in (tmp, Path(str(tmp) + ".wal")):
        leftover.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        create_schema(con)
        load_csvs(con, csv_dir)
        con.execute("CHECKPOINT")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(tmp, path)
    return path


def ensure(path: Path | None = None, csv_dir: Path = DATA_DIR) -> Path:
    """Build only when needed; an imported database (meta source != csv) is never rebuilt over."""
    path = Path(path or db_path())
    with _build_lock:
        if not path.exists() or (needs_build(path, csv_dir) and source_of(path) in ("demo", "csv")):
            build(path, csv_dir)
    return path


def source_of(path: Path) -> str | None:
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        # held by another process (the running app): leave it alone; unreadable: rebuild it
        return None if "lock" in str(exc).lower() else "csv"
    try:
        row = con.execute("SELECT value FROM meta WHERE key = 'source'").fetchone()
        return row[0] if row else None
    except duckdb.Error:
        return "csv"
    finally:
        con.close()


def connect(path: Path | None = None, read_only: bool = True, build_if_needed: bool = True):
    """One connection per process; callers take a .cursor() per query (connections aren't thread-safe).

    Read-only by default: any number of processes (app workers, the CLI) can then read at once;
    a writer (an import) needs the file to itself for the length of its transaction.
    """
    path = Path(path or db_path())
    if build_if_needed:
        ensure(path)
    elif not path.exists():
        raise AlizeError(f"Base introuvable : {path}")
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise AlizeError(
                f"La base {path} est ouverte en écriture par un autre programme ; réessayez quand il a fini "
                f"(ou choisissez une autre base avec ALIZE_DB). Détail : {exc}") from exc
        raise


def is_demo(con) -> bool:
    row = con.cursor().execute("SELECT value FROM meta WHERE key = 'source'").fetchone()
    return bool(row) and row[0] == "demo"
