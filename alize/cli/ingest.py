"""`python -m alize import` and `undo`."""

from __future__ import annotations

from pathlib import Path

from alize import settings
from alize.cli.options import location, store_arg
from alize.ingest import rebuild
from alize.ingest.importer import DEFAULT_MAX_BYTES, apply, check, undo_last


def cmd_import(args) -> int:
    path = location(args)
    if not settings.is_postgres(path) and not path.exists():
        rebuild.ensure(path)
    plan = check(args.files, path, max_bytes=int(args.max_mb * 1024 * 1024))
    for p in plan.problems:
        print(p.text)
    if plan.errors:
        print(plan.summary())
        return 2
    for t in plan.preview.tables:
        print(f"  {t.label} : {t.new} nouvelle(s), {t.changed} modifiée(s), {t.unchanged} inchangée(s)")
    if not any(plan.rows.values()):
        print("Aucune ligne à importer.")
        return 0
    if args.dry_run:
        print(f"Essai à blanc : {plan.preview.summary()} ; rien n'a été enregistré.")
        return 0
    result = apply(plan, path, args.user)
    print(result.message)
    return 0


def cmd_undo(args) -> int:
    path = location(args)
    result = undo_last(path, args.user)
    print(result.message)
    return 0


def register_cli(sub) -> None:
    p = sub.add_parser("import", help="importer des fichiers CSV ou Excel (.xlsx) dans la base")
    p.add_argument("files", nargs="+", metavar="FICHIER", type=Path)
    p.add_argument("--dry-run", action="store_true", help="vérifier et montrer les changements sans rien écrire")
    p.add_argument("--db", type=store_arg, help="base DuckDB ou URL postgresql:// (par défaut ALIZE_DB)")
    p.add_argument("--user", default=None, help="nom inscrit au journal des imports")
    p.add_argument("--max-mb", type=float, default=DEFAULT_MAX_BYTES / 1024 / 1024,
                   help="taille maximale d'un fichier, en Mo (20 par défaut)")
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("undo", help="annuler le dernier import (restaure la copie prise avant)")
    p.add_argument("--db", type=store_arg)
    p.add_argument("--user", default=None)
    p.set_defaults(func=cmd_undo)
