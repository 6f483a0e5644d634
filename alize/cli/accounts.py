"""`python -m alize hash-password`."""

from __future__ import annotations

from alize.accounts.auth import ROLES, AuthConfigError, check_role, hash_password


def cmd_hash_password(args) -> int:
    import getpass
    import sys

    if args.stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Mot de passe : ")
        if getpass.getpass("Confirmer : ") != password:
            raise AuthConfigError("les deux saisies diffèrent")
    if len(password) < args.min_length:
        raise AuthConfigError(f"mot de passe trop court (au moins {args.min_length} caractères)")
    stored = hash_password(password)
    role = check_role(args.role) if args.role else None
    print(f'{role} = "{stored}"' if role else stored)
    return 0


def register_cli(sub) -> None:
    p = sub.add_parser("hash-password",
                       help="empreinte d'un mot de passe de rôle, à coller dans [alize.passwords] des secrets")
    p.add_argument("--role", choices=ROLES, help="écrire la ligne TOML complète pour ce rôle")
    p.add_argument("--stdin", action="store_true", help="lire le mot de passe sur l'entrée standard (scripts)")
    p.add_argument("--min-length", type=int, default=12, help="longueur minimale (12 par défaut)")
    p.set_defaults(func=cmd_hash_password)
