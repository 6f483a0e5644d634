"""`python -m alize compare`: before/after an extension, as a French table or JSON."""

from __future__ import annotations

import datetime as dt
import json
import math

from alize import ScopeError, text
from alize.cli.options import add_as_option, open_db, permission_from_args, store_arg
from alize.metrics.compare import (
    ExtensionComparison,
    _signed,
    compare_extension,
    extensions,
)
from alize.scope import parse_date


def parse_window(value: str, what: str) -> tuple[dt.date, dt.date]:
    """`2006-01-01:2008-12-31`, `01/01/2006:31/12/2008`, `2006:2008` (whole years) or `2006`."""
    value = str(value).strip()
    parts = value.split(":")
    if len(parts) == 1:
        parts = [parts[0], parts[0]]
    if len(parts) != 2 or not all(p.strip() for p in parts):
        raise ScopeError(f"{what} invalide : « {value} » (attendu DEBUT:FIN, par ex. 2006-01-01:2008-12-31)")
    start_text, end_text = (p.strip() for p in parts)
    if start_text.isdigit() and len(start_text) == 4:
        start = dt.date(int(start_text), 1, 1)
    else:
        start = parse_date(start_text, what)
    if end_text.isdigit() and len(end_text) == 4:
        end = dt.date(int(end_text), 12, 31)
    else:
        end = parse_date(end_text, what)
    if start > end:
        raise ScopeError(f"{what} vide : « {value} » (le début est après la fin)")
    return start, end


TABLE_COLUMNS = (
    ("territory", "Territoire", None),
    ("window", "Fenêtre", None),
    ("projects_studied", "Étudiés", "int"),
    ("projects_retained", "Retenus", "int"),
    ("aid_eur", "Aides", "eur"),
    ("competence_days", "Jours", "num1"),
    ("jobs_committed", "Empl. engagés", "int"),
    ("jobs_created", "Empl. créés (fin)", "int"),  # at each window's end, or --as-of
    ("establishments", "Établ. (moy.)", "int"),
    ("retained_per_year", "Retenus/an", "num2"),
    ("retained_per_year_per_1000", "Ret./an/1000 ét.", "num2"),
)


def _fmt(value, kind) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if kind == "int":
        return text.fmt_number(value, 0)
    if kind == "eur":
        return text.fmt_eur(value)
    if kind == "num1":
        return text.fmt_number(value, 0 if float(value).is_integer() else 1)
    if kind == "num2":
        return text.fmt_number(value, 2)
    return str(value)


def format_table(result: ExtensionComparison) -> str:
    """A plain-text French table of the rows, then the DiD and the summary sentence."""
    labels = {"before": f"avant ({result.before.describe()})", "after": f"après ({result.after.describe()})"}
    cells = [[h for _, h, _ in TABLE_COLUMNS]]
    for rec in result.rows.to_dict(orient="records"):
        line = []
        for col, _, kind in TABLE_COLUMNS:
            if col == "window":
                line.append(labels[rec[col]])
            elif col == "territory":
                line.append(("Total " if rec["is_total"] else "") + rec[col])
            else:
                line.append(_fmt(rec[col], kind))
        cells.append(line)
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    out = [f"Avant / après — {result.basin}"
           + (f" : arrivée de {result.newcomer} le {text.fmt_date(result.joined_on)}" if result.newcomer else "")]
    for n, row in enumerate(cells):
        out.append("  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))))
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    if result.did is not None:
        d = result.did
        out.append("")
        out.append(f"Différence des différences (retenus/an/1000 ét.) : {_signed(d.estimate)} "
                   f"[{text.fmt_number(d.low, 2)} ; {text.fmt_number(d.high, 2)}] à 95 %, bruit de comptage seul")
        if result.placebo:
            out.append(f"Placebo : rang {result.placebo_rank} sur {len(result.placebo) + 1} en valeur absolue, "
                       f"p = {text.fmt_number(result.placebo_p_value, 2)} (permutation)")
    if result.filtered:
        out.append(text.t("territories.per_1000_all_sectors"))
    out.append("")
    out.append(result.summary("fr"))
    return "\n".join(out)


def cmd_compare(args) -> int:
    permission_from_args(args)  # --as: the account must exist; the comparison's rates are aggregates, open to all
    con = open_db(args)
    try:
        if args.basin:
            basin = args.basin
        else:
            ext = extensions(con)
            basins = list(dict.fromkeys(ext["basin"]))
            if len(basins) != 1:
                raise ScopeError("précisez --basin (bassins avec extension : "
                                 f"{', '.join(basins) if basins else 'aucun'})")
            basin = basins[0]
        before = parse_window(args.before, "--before") if args.before else None
        after = parse_window(args.after, "--after") if args.after else None
        as_of = parse_date(args.as_of, "--as-of") if args.as_of else None
        result = compare_extension(con, basin, args.territory, before, after, as_of=as_of,
                                   sectors=tuple(s.upper() for s in args.sector), kinds=tuple(args.kind))
        if args.json:
            print(json.dumps(result.to_dict(), ensure_ascii=False))
        else:
            print(format_table(result))
    finally:
        con.close()
    return 0


def register_cli(sub) -> None:

    p = sub.add_parser("compare", help="avant / après l'extension d'un bassin, contre le reste du réseau")
    p.add_argument("--basin", help="bassin (nom ou identifiant) ; par défaut le seul bassin étendu")
    p.add_argument("--territory", help="territoire arrivant (par défaut le dernier arrivé du bassin)")
    p.add_argument("--before", metavar="DEBUT:FIN", help="fenêtre avant, ex. 2006-01-01:2008-12-31 ou 2006:2008")
    p.add_argument("--after", metavar="DEBUT:FIN", help="fenêtre après, ex. 2009-01-01:2011-12-31 ou 2009:2011")
    p.add_argument("--as-of", dest="as_of", metavar="AAAA-MM-JJ",
                   help="date des emplois créés (par défaut la fin de chaque fenêtre)")
    p.add_argument("--sector", action="append", default=[], help="section NAF (A à U), répétable")
    p.add_argument("--kind", action="append", default=[], help="creation, development ou takeover, répétable")
    p.add_argument("--json", action="store_true")
    p.add_argument("--db", type=store_arg, help="base DuckDB ou URL postgresql:// (par défaut ALIZE_DB)")
    add_as_option(p)
    p.set_defaults(func=cmd_compare)
