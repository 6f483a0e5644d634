"""The command line: `python -m alize COMMAND`. Every error for bad input is one line, exit 2."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from alize import AlizeError, settings, text
from alize.cli import accounts, compare, fund, ingest, reports, sending, users
from alize.cli.options import (
    _Parser,
    add_scope_options,
    open_db,
    scope_from_args,
    store_arg,
)
from alize.ingest import rebuild
from alize.store import db, postgres
from alize.text import describe_scope, format_value

# ---- commands ---------------------------------------------------------------------------------

def cmd_init(args) -> int:
    csv_dir = args.data or args.csv_dir
    target = args.to or args.db or db.location()
    if settings.is_postgres(target):
        postgres.init(target, csv_dir)
        print(f"Base PostgreSQL initialisée : {postgres.describe(target)} (depuis {csv_dir})")
        return 0
    path = rebuild.build(target, csv_dir)
    print(f"Base reconstruite : {path}")
    return 0


def cmd_export_db(args) -> int:
    """Every table of the records (and the audit log) as CSV: the user's way out, from either store."""
    where = args.db or db.location()
    out = Path(args.out)
    if settings.is_postgres(where):
        postgres.snapshot_to_csv(where, out)
    else:
        rebuild.ensure(where)
        with db.snapshot(where) as snap:
            export_tables(snap, out)
    print(f"Tables écrites dans {out} : {', '.join(sorted(p.stem for p in out.glob('*.csv')))}")
    return 0


def export_tables(con, out: Path) -> None:
    """The embedded store's tables as CSV in the shape of data/*.csv (rows by key, like PostgreSQL's)."""
    out.mkdir(parents=True, exist_ok=True)
    tables = [*db.schema_tables(), "import_log"]
    present = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() "
                                         "WHERE database_name = current_database()").fetchall()}
    for table in tables:
        if table not in present:
            if table == "import_log":
                (out / "import_log.csv").write_text(",".join(import_log_columns()) + "\n", encoding="utf-8")
            continue
        key = db.primary_key(con, table) or db.table_columns(con, table)
        order = ", ".join(f'"{c}"' for c in key)  # names from the schema itself
        con.execute(f"COPY (SELECT * FROM {table} ORDER BY {order}) TO '{_sql_path(out / (table + '.csv'))}' "
                    "(HEADER, DELIMITER ',')")


def import_log_columns() -> list[str]:
    import duckdb

    con = duckdb.connect()
    con.execute(db.LOG_DDL)
    return db.table_columns(con, "import_log")


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def cmd_demo(args) -> int:
    from alize import demo

    if getattr(args, "projects", None):
        paths = demo.write_scaled(Path(args.out), args.projects, seed=args.seed)
    else:
        paths = demo.write_demo(Path(args.out), seed=args.seed)
    print(f"{len(paths)} fichiers CSV écrits dans {args.out}")
    return 0


FIGURE_ROWS = (
    ("committees", "int"), ("projects_studied", "int"), ("projects_retained", "int"),
    ("approval_rate", "pct"), ("competence_days", "num1"), ("aid_eur", "eur"), ("jobs_committed", "int"),
    ("aid_per_project", "eur"), ("aid_per_aided_project", "eur"), ("aid_per_job", "eur"), ("days_per_project", "num1"),
    ("jobs_per_project", "num1"), ("leverage", "num1"),
)


def cmd_figures(args) -> int:
    from alize.metrics import jobs
    from alize.metrics.figures import key_figures

    con = open_db(args)
    scope = scope_from_args(con, args)
    figures = key_figures(con, scope)
    if args.json:
        summary = jobs.jobs_summary(con, scope)
        out = {"scope": {"from": scope.start.isoformat(), "to": scope.end.isoformat(),
                         "basins": list(scope.basins), "territories": list(scope.territories),
                         "sectors": list(scope.sectors), "kinds": list(scope.kinds)},
               **figures.to_dict(),
               # the jobs of the scope's retained projects, measured at the latest follow-up (README, "Definitions")
               "jobs_measured_on": summary.as_of.isoformat(), "jobs_created": summary.jobs_created,
               "jobs_maintained": summary.jobs_maintained, "jobs_net_change": summary.jobs_net_change,
               "missing_followups": summary.missing_followups,
               "realisation_rate_3y": summary.realisation_rate_3y, "realisation_rate_5y": summary.realisation_rate_5y,
               "survival_rate_3y": summary.survival_rate_3y, "survival_rate_5y": summary.survival_rate_5y}
        print(json.dumps(out, ensure_ascii=False))
        return 0
    print(f"{text.t('figure.title')} — {describe_scope(scope)}")
    width = max(len(text.t(f"figure.{k}")) for k, _ in FIGURE_ROWS)
    for key, kind in FIGURE_ROWS:
        print(f"  {text.t(f'figure.{key}'):<{width}}  {format_value(getattr(figures, key), kind):>14}")
    return 0


def build_parser(extra: tuple = ()) -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m alize", description="Tableau de bord alIZé : commandes")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("init", help="reconstruire la base DuckDB depuis les CSV de data/, ou remplir une base "
                                    "PostgreSQL vide (--to postgresql://…)")
    p.add_argument("--db", type=store_arg)
    p.add_argument("--to", type=store_arg, help="URL postgresql:// d'une base vide (ou fichier DuckDB)")
    p.add_argument("--data", type=Path, help="dossier des CSV (par défaut la démonstration de data/)")
    p.add_argument("--csv-dir", type=Path, default=db.DATA_DIR, help="comme --data")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("export-db", help="écrire chaque table de la base en CSV (pour partir avec ses données)")
    p.add_argument("--db", type=store_arg)
    p.add_argument("--out", type=Path, default=Path("export"), help="dossier de sortie (par défaut export/)")
    p.set_defaults(func=cmd_export_db)

    p = sub.add_parser("demo", help="écrire les CSV du réseau de démonstration")
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--projects", type=int, default=None, help="taille cible (jeux de données à l'échelle)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("figures", help="chiffres clés d'un périmètre")
    add_scope_options(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_figures)

    for register in [*_command_groups(), *extra]:
        register(sub)
    return parser


# The other command groups, each in its own module of this package; `extra` adds commands from above
# the package (alize/__main__.py wires in the benchmark, which drives the app).
def _command_groups() -> list:
    return [compare.register_cli, fund.register_cli, ingest.register_cli, reports.register_cli, sending.register_cli,
            accounts.register_cli, users.register_cli]


def main(argv: list[str] | None = None, extra: tuple = ()) -> int:
    parser = build_parser(extra)
    args = parser.parse_args(argv)
    if getattr(args, "seed", "absent") is None:
        from alize.demo import SEED

        args.seed = SEED
    try:
        return args.func(args)
    except AlizeError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 2
