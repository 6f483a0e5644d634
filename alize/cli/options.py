"""What every command shares: the one-line parser, the scope options (the URL's twin) and the store."""

from __future__ import annotations

import argparse
import atexit
import contextlib
from pathlib import Path

from alize import AlizeError, settings
from alize.ingest import rebuild
from alize.scope import (
    EVERYONE,
    Permission,
    Scope,
    default_scope,
    parse_date,
    resolve_names,
)
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
    add_as_option(p)


def add_as_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--as", dest="as_email", metavar="EMAIL",
                   help="produire ce que ce compte peut voir (ses bassins seulement pour les dossiers)")


def permission_from_args(args) -> Permission:
    """`--as EMAIL`: that account's permission (the app's own path); without it, every basin."""
    email = getattr(args, "as_email", None)
    if not email:
        return EVERYONE
    from alize.accounts import people

    account = people.store(settings.accounts_location(_env_for(args))).get(email)
    if account is None:
        raise CliError(f"--as {email} : aucun compte pour cette adresse (voir `python -m alize users`)")
    if account.disabled:
        raise CliError(f"--as {email} : ce compte est désactivé")
    return account.permission


def _env_for(args) -> dict:
    import os

    where = getattr(args, "db", None)
    return {**os.environ, settings.DB_ENV: str(where)} if where else dict(os.environ)


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
    scope = scope.validate(con)
    permission = permission_from_args(args)
    outside = permission.outside(scope.basins)
    if outside:
        raise CliError(f"--basin {', '.join(outside)} : hors des bassins de ce compte ({', '.join(permission.basins)})")
    if scope.territories and not permission.everything:
        terr = dict(con.cursor().execute(
            "SELECT t.name, b.name FROM territories t JOIN basins b ON b.id = t.basin").fetchall())
        bad = [t for t in scope.territories if not permission.allows(terr.get(t))]
        if bad:
            raise CliError(f"--territory {', '.join(bad)} : hors des bassins de ce compte")
    return permission.apply(scope)


_copies = contextlib.ExitStack()  # a command's PostgreSQL copy, removed when the process ends
atexit.register(_copies.close)


def open_db(args, read_only: bool = True):
    """The records for one command: the DuckDB file, or a copy of PostgreSQL loaded for it."""
    where = location(args)
    if settings.is_postgres(where):
        return _copies.enter_context(replica.one_copy(where, derive=rebuild.derive))
    rebuild.ensure(where)
    return db.connect(where, read_only=read_only)
