"""What every command shares: the one-line parser, the scope options (the URL's twin) and the store."""

from __future__ import annotations

import argparse
import atexit
import contextlib
from pathlib import Path

from alize import AlizeError, settings
from alize.ingest import rebuild
from alize.scope import Scope, default_scope, parse_date, resolve_names
from alize.store import db, replica


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
    p.add_argument("--db", type=store_arg, help="base DuckDB ou URL postgresql:// (par défaut ALIZE_DB ou "
                                                "data/alize.duckdb)")


def store_arg(value: str) -> Path | str:
    """--db: a PostgreSQL URL stays text, anything else is a DuckDB file's path."""
    return value.strip() if settings.is_postgres(value) else Path(value)


def location(args) -> Path | str:
    return getattr(args, "db", None) or db.location()


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


_copies = contextlib.ExitStack()  # a command's PostgreSQL copy, removed when the process ends
atexit.register(_copies.close)


def open_db(args, read_only: bool = True):
    """The records for one command: the DuckDB file, or a copy of PostgreSQL loaded for it."""
    where = location(args)
    if settings.is_postgres(where):
        return _copies.enter_context(replica.one_copy(where, derive=rebuild.derive))
    rebuild.ensure(where)
    return db.connect(where, read_only=read_only)
