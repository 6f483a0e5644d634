"""`python -m alize partner-report`, `committee-pack` and `send`: the partner report and the committee
pack as PDF files, and the scheduled sending of both (meant for cron or a systemd timer, docs/reports.md)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from alize import AlizeError, settings
from alize.cli.options import open_db, store_arg
from alize.cli.reports import _check_out, _write
from alize.reports import committee_pack, partner_report, schedule
from alize.scope import parse_date

OUTCOME_WORDS = {"sent": "envoyé", "temporary": "à réessayer", "failed": "échec, à réessayer", "refused": "refusé",
                 "dry-run": "à envoyer"}


def _year(value: str) -> int:
    try:
        year = int(str(value).strip())
    except ValueError:
        raise AlizeError(f"--year {value} : une année sur quatre chiffres est attendue (par ex. 2010)") from None
    if not 1900 <= year <= 2999:
        raise AlizeError(f"--year {value} : une année sur quatre chiffres est attendue (par ex. 2010)")
    return year


def cmd_partner_report(args) -> int:
    out = _check_out(Path(args.out), (".pdf",))
    year = _year(args.year) if args.year is not None else None
    con = open_db(args)
    data = partner_report.partner_report_pdf(con, args.partner, year, args.lang)  # unknown partner / year: one line
    _write(out, data)
    print(f"Rapport partenaire écrit : {out} (partenaire {args.partner})")
    return 0


def cmd_committee_pack(args) -> int:
    out = _check_out(Path(args.out), (".pdf",))
    con = open_db(args)
    data = committee_pack.committee_pack_pdf(con, args.committee, args.lang)
    _write(out, data)
    print(f"Dossier de comité écrit : {out} (comité {args.committee})")
    return 0


def cmd_send(args) -> int:
    today = parse_date(args.today, "date --today") if args.today else dt.date.today()
    con = open_db(args)
    rules = schedule.load(con, Path(args.schedule))
    if args.log:
        log = Path(args.log)
    elif isinstance(args.db, Path) and not os.environ.get(settings.SEND_LOG_ENV, "").strip():
        log = Path(args.db).parent / settings.SEND_LOG_NAME  # beside the records this command reads
    else:
        log = settings.send_log_path()
    result = schedule.run(con, rules, log, today, dry_run=args.dry_run)
    for a in result.attempts:
        i = a.item
        line = f"{OUTCOME_WORDS.get(a.outcome, a.outcome)} : {i.rule.id} → {i.recipient} (dû le {i.due_on.isoformat()})"
        print(line + (f" — {a.detail}" if a.detail and a.outcome != "sent" else ""))
    if not result.attempts:
        print(f"Rien à envoyer au {today.isoformat()}.")
    return 0 if result.ok else 1


def register_cli(sub) -> None:
    db_help = "base DuckDB ou URL postgresql:// (par défaut ALIZE_DB ou data/alize.duckdb)"
    p = sub.add_parser("partner-report", help="rapport annuel d'un partenaire (PDF A4)")
    p.add_argument("--db", type=store_arg, help=db_help)
    p.add_argument("--partner", required=True, metavar="ID", help="identifiant du partenaire")
    p.add_argument("--year", metavar="AAAA", help="année (par défaut la dernière année civile avec des comités)")
    p.add_argument("--out", required=True, type=Path, metavar="RAPPORT.PDF", help="fichier à écrire")
    p.add_argument("--lang", choices=("fr", "en"), default="fr", help="langue (fr par défaut)")
    p.set_defaults(func=cmd_partner_report)

    p = sub.add_parser("committee-pack", help="dossier d'un comité pour ses membres (PDF A4)")
    p.add_argument("--db", type=store_arg, help=db_help)
    p.add_argument("--committee", required=True, metavar="ID", help="identifiant du comité (par ex. SAV-2010-11)")
    p.add_argument("--out", required=True, type=Path, metavar="DOSSIER.PDF", help="fichier à écrire")
    p.add_argument("--lang", choices=("fr", "en"), default="fr", help="langue (fr par défaut)")
    p.set_defaults(func=cmd_committee_pack)

    p = sub.add_parser("send", help="envoyer par courriel ce que le calendrier d'envoi rend dû (cron, une fois par jour)")
    p.add_argument("--db", type=store_arg, help=db_help)
    p.add_argument("--schedule", required=True, metavar="FICHIER.TOML", help="le calendrier d'envoi")
    p.add_argument("--today", metavar="AAAA-MM-JJ", help="le jour du passage (par défaut aujourd'hui)")
    p.add_argument("--dry-run", action="store_true", help="dire ce qui partirait, sans rien envoyer ni écrire")
    p.add_argument("--log", type=Path, help="journal des envois (par défaut ALIZE_SEND_LOG ou envois.sqlite3 "
                                            "à côté de la base)")
    p.set_defaults(func=cmd_send)
