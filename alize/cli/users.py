"""`python -m alize add-user | users | disable-user | enable-user`: the accounts from the command line
(the first admin is made here), and `--as EMAIL` for the read commands (alize.cli.options)."""

from __future__ import annotations

import sys

from alize.accounts import people
from alize.accounts.auth import ROLES


def _known_basins() -> list[str] | None:
    """The basins of the records, to refuse a misspelt one; None when the records cannot be read yet."""
    import argparse

    from alize.cli.options import open_db

    try:
        con = open_db(argparse.Namespace(db=None))
        return [r[0] for r in con.cursor().execute("SELECT name FROM basins").fetchall()]
    except Exception:  # noqa: BLE001 - accounts may be made before the records exist
        return None


def cmd_add_user(args) -> int:
    password = None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
        if len(password) < 12:
            raise people.AccountError("mot de passe trop court (au moins 12 caractères)")
    account = people.store().add(args.email, args.name, args.role, people.parse_basins(args.basins), password,
                                 by="cli", known_basins=_known_basins())
    print(f"Compte créé : {account.email} ({account.name}) · {account.role} · {account.basins_label()}"
          + ("" if password else " · sans mot de passe (connexion OIDC, ou `reset-password`)"))
    return 0


def cmd_users(args) -> int:
    accounts = people.store().accounts()
    if not accounts:
        print("Aucun compte. Créez le premier administrateur : python -m alize add-user --email … "
              "--name … --role admin --basins all --password-stdin")
        return 0
    for a in accounts:
        state = "désactivé" if a.disabled else "actif"
        print(f"{a.email}\t{a.name}\t{a.role}\t{a.basins_label()}\t{state}")
    return 0


def cmd_disable(args) -> int:
    account = people.store().set_disabled(args.email, True, by="cli")
    print(f"Compte désactivé : {account.email}")
    return 0


def cmd_enable(args) -> int:
    account = people.store().set_disabled(args.email, False, by="cli")
    print(f"Compte réactivé : {account.email}")
    return 0


def cmd_reset(args) -> int:
    password = people.store().reset_password(args.email, by="cli")
    print(f"Mot de passe à usage unique pour {args.email} (affiché une seule fois) : {password}")
    return 0


def register_cli(sub) -> None:
    p = sub.add_parser("add-user", help="créer un compte (le premier administrateur se crée ainsi)")
    p.add_argument("--email", required=True)
    p.add_argument("--name", default="", help="nom affiché")
    p.add_argument("--role", required=True, choices=ROLES)
    p.add_argument("--basins", required=True, help='"alIZé Meuse,alIZé Savoie" ou all')
    p.add_argument("--password-stdin", action="store_true", help="lire le mot de passe sur l'entrée standard")
    p.set_defaults(func=cmd_add_user)
    p = sub.add_parser("users", help="lister les comptes")
    p.set_defaults(func=cmd_users)
    for name, fn, help_ in (("disable-user", cmd_disable, "désactiver un compte (ses sessions se ferment)"),
                            ("enable-user", cmd_enable, "réactiver un compte"),
                            ("reset-password", cmd_reset, "mot de passe à usage unique, affiché une fois")):
        p = sub.add_parser(name, help=help_)
        p.add_argument("--email", required=True)
        p.set_defaults(func=fn)
