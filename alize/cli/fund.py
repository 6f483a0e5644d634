"""`python -m alize fund`: the loan fund of the scope's basins at the end of its period, with its
portfolio at risk (PAR30, PAR90, arrears), as a French table or JSON."""

from __future__ import annotations

import json

from alize import text
from alize.cli.options import add_scope_options, open_db, scope_from_args
from alize.metrics import fund
from alize.text import describe_scope, format_value

ROWS = (("fund.contributions_eur", "contributions_eur", "eur"), ("fund.disbursed_eur", "disbursed_eur", "eur"),
        ("fund.repaid_eur", "repaid_eur", "eur"), ("fund.written_off_eur", "written_off_eur", "eur"),
        ("fund.outstanding_eur", "outstanding_eur", "eur"), ("fund.available_eur", "available_eur", "eur"),
        ("fund.arrears_eur", "arrears_eur", "eur"), ("fund.par30", "par30", "pct"), ("fund.par90", "par90", "pct"),
        ("fund.rescheduled_loans", "rescheduled_loans", "int"))


def cmd_fund(args) -> int:
    con = open_db(args)
    scope = scope_from_args(con, args)
    position, risk = fund.fund_total(con, scope), fund.portfolio_risk(con, scope)
    values = {**position.to_dict(), **risk.to_dict(), "overcommitted": position.available_eur < 0}
    if args.json:
        out = {"scope": {"from": scope.start.isoformat(), "to": scope.end.isoformat(),
                         "basins": [name for _, name in fund.scope_basins(con, scope)]}, **values}
        print(json.dumps(out, ensure_ascii=False))
        return 0
    print(f"{text.t('page.fund')} — {describe_scope(scope)}")
    width = max(len(text.t(key)) for key, _, _ in ROWS)
    for key, name, kind in ROWS:
        print(f"  {text.t(key):<{width}}  {format_value(values[name], kind):>14}")
    if position.available_eur < 0:
        print(text.t("fund.overcommitted", amount=text.fmt_eur(-position.available_eur)))
    return 0


def register_cli(sub) -> None:
    p = sub.add_parser("fund", help="fonds de prêts : position, impayés, PAR30 et PAR90 à la fin de la période")
    add_scope_options(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_fund)
