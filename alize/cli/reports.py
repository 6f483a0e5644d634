"""`python -m alize deck`, `report` and `brief`: the PowerPoint deck and the standalone HTML report of a
scope, and a committee's printable brief (PDF)."""

from __future__ import annotations

from pathlib import Path

from alize import AlizeError
from alize.cli.options import (
    add_as_option,
    add_scope_options,
    open_db,
    permission_from_args,
    scope_from_args,
    store_arg,
)
from alize.reports.export import deck, report_html, scope_text
from alize.reports.pdf import committee_brief_pdf


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise AlizeError(f"impossible d'écrire {path} : {exc.strerror or exc}") from None


def _check_out(path: Path, suffixes: tuple[str, ...]) -> Path:
    if path.suffix.lower() not in suffixes:
        raise AlizeError(f"--out {path} : extension attendue {' ou '.join(suffixes)}")
    if not path.parent.exists():
        raise AlizeError(f"--out {path} : le dossier {path.parent} n'existe pas")
    return path


def cmd_deck(args) -> int:

    out = _check_out(Path(args.out), (".pptx",))
    con = open_db(args)
    scope = scope_from_args(con, args)
    data = deck(con, scope, args.lang)
    _write(out, data)
    print(f"Présentation écrite : {out} ({scope_text(scope, args.lang)})")
    return 0


def cmd_report(args) -> int:

    out = _check_out(Path(args.out), (".html", ".htm"))
    con = open_db(args)
    scope = scope_from_args(con, args)
    _write(out, report_html(con, scope, args.lang).encode("utf-8"))
    print(f"Rapport écrit : {out} ({scope_text(scope, args.lang)})")
    return 0


def cmd_brief(args) -> int:

    out = _check_out(Path(args.out), (".pdf",))
    con = open_db(args)
    permitted = permission_from_args(args).basins  # another basin's committee is as unknown
    data = committee_brief_pdf(con, args.committee, args.lang, permitted=permitted)  # unknown: AlizeError, one line
    _write(out, data)
    print(f"Fiche de comité écrite : {out} (comité {args.committee})")
    return 0


def register_cli(sub) -> None:
    """`python -m alize deck --out deck.pptx` and `python -m alize report --out report.html`."""

    for name, func, help_, example in (
            ("deck", cmd_deck, "présentation PowerPoint (16:9, graphiques natifs) d'un périmètre", "deck.pptx"),
            ("report", cmd_report, "rapport HTML autonome (hors ligne, imprimable en A4) d'un périmètre",
             "report.html")):
        p = sub.add_parser(name, help=help_)
        add_scope_options(p)
        p.add_argument("--out", required=True, type=Path, metavar=example.upper(), help=f"fichier à écrire ({example})")
        p.add_argument("--lang", choices=("fr", "en"), default="fr", help="langue (fr par défaut)")
        p.set_defaults(func=func)

    p = sub.add_parser("brief", help="fiche de comité imprimable (PDF A4) : ordre du jour, chiffres du comité et du bassin")
    p.add_argument("--db", type=store_arg, help="base DuckDB ou URL postgresql:// (par défaut ALIZE_DB)")
    p.add_argument("--committee", required=True, metavar="ID", help="identifiant du comité (par ex. SAV-2010-11)")
    p.add_argument("--out", required=True, type=Path, metavar="BRIEF.PDF", help="fichier à écrire (brief.pdf)")
    p.add_argument("--lang", choices=("fr", "en"), default="fr", help="langue (fr par défaut)")
    add_as_option(p)
    p.set_defaults(func=cmd_brief)
