"""The command line: `python -m alize COMMAND`. Every error for bad input is one line, exit 2."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from alize import AlizeError, db, text
from alize.scope import Scope, default_scope, parse_date, resolve_names
from alize.text import describe_scope


class CliError(AlizeError):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2, like every other bad input
        self.exit(2, f"{self.prog}: erreur : {message}\n")


def add_scope_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="start", metavar="AAAA-MM-JJ", help="début de période (date du comité)")
    p.add_argument("--to", dest="end", metavar="AAAA-MM-JJ", help="fin de période (incluse)")
    p.add_argument("--basin", action="append", default=[], help="bassin (nom ou identifiant), répétable")
    p.add_argument("--territory", action="append", default=[], help="territoire (nom ou identifiant), répétable")
    p.add_argument("--sector", action="append", default=[], help="section NAF (A à U), répétable")
    p.add_argument("--kind", action="append", default=[], help="creation, development ou takeover, répétable")
    p.add_argument("--db", type=Path, help="base DuckDB (par défaut ALIZE_DB ou data/alize.duckdb)")


def scope_from_args(con, args) -> Scope:
    """The CLI's twin of the URL: the same Scope, validated against the records."""
    default = default_scope(con)
    start = parse_date(args.start, "date --from") if args.start else default.start
    end = parse_date(args.end, "date --to") if args.end else default.end
    if start > end:
        raise CliError(f"--from ({start.isoformat()}) est postérieure à --to ({end.isoformat()})")
    scope = Scope(start, end,
                  basins=resolve_names(con, "basins", args.basin),
                  territories=resolve_names(con, "territories", args.territory),
                  sectors=tuple(s.upper() for s in args.sector), kinds=tuple(args.kind))
    return scope.validate(con)


def open_db(args, read_only: bool = True):
    path = args.db or db.db_path()
    db.ensure(path)
    return db.connect(path, read_only=read_only, build_if_needed=False)


# ---- commands ---------------------------------------------------------------------------------

def cmd_init(args) -> int:
    path = db.build(args.db or db.db_path(), args.csv_dir)
    print(f"Base reconstruite : {path}")
    return 0


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
    ("aid_per_project", "eur"), ("aid_per_job", "eur"), ("days_per_project", "num1"),
    ("jobs_per_project", "num1"), ("leverage", "num1"),
)


def format_value(value, kind: str, lang: str = "fr") -> str:
    if kind == "pct":
        return text.fmt_pct(value, lang)
    if kind == "eur":
        return text.fmt_eur(value, lang)
    if kind == "num1":
        return text.fmt_number(value, 0 if value is not None and float(value).is_integer() else 1, lang)
    return text.fmt_number(value, 0, lang)


def cmd_figures(args) -> int:
    from alize.figures import key_figures

    con = open_db(args)
    scope = scope_from_args(con, args)
    figures = key_figures(con, scope)
    if args.json:
        out = {"scope": {"from": scope.start.isoformat(), "to": scope.end.isoformat(),
                         "basins": list(scope.basins), "territories": list(scope.territories),
                         "sectors": list(scope.sectors), "kinds": list(scope.kinds)},
               **figures.to_dict()}
        print(json.dumps(out, ensure_ascii=False))
        return 0
    print(f"{text.t('key_figures')} — {describe_scope(scope)}")
    width = max(len(text.t(k)) for k, _ in FIGURE_ROWS)
    for key, kind in FIGURE_ROWS:
        print(f"  {text.t(key):<{width}}  {format_value(getattr(figures, key), kind):>14}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m alize", description="Tableau de bord alIZé : commandes")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("init", help="reconstruire la base DuckDB depuis les CSV de data/")
    p.add_argument("--db", type=Path)
    p.add_argument("--csv-dir", type=Path, default=db.DATA_DIR)
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help="écrire les CSV du réseau de démonstration")
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--projects", type=int, default=None, help="taille cible (jeux de données à l'échelle)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("figures", help="chiffres clés d'un périmètre")
    add_scope_options(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_figures)

    for register in EXTRA_COMMANDS:
        register(sub)
    return parser


# Other modules' commands: each entry adds its subparser (kept apart so a concern owns its command).
EXTRA_COMMANDS: list = []


def _load_extra_commands() -> None:
    import importlib

    for module in ("alize.compare", "alize.importer", "alize.export", "alize.bench", "alize.auth"):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name == module:
                continue
            raise
        register = getattr(mod, "register_cli", None)
        if register and register not in EXTRA_COMMANDS:
            EXTRA_COMMANDS.append(register)


def main(argv: list[str] | None = None) -> int:
    _load_extra_commands()
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "seed", "absent") is None:
        from alize.demo import SEED

        args.seed = SEED
    try:
        return args.func(args)
    except AlizeError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 2
