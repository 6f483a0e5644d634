"""`python -m alize bench`: wired in by alize/__main__.py (the benchmark drives the app from above)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tools.bench.bench import DEFAULT_WORKDIR, format_text, run


def cmd_bench(args) -> int:
    result = run(args.projects, runs=args.runs, seed=args.seed, workdir=args.workdir, keep=args.keep,
                 browser=not args.no_browser, rerun=not args.no_rerun, pandas=not args.no_pandas,
                 log=sys.stderr)
    print(json.dumps(result, ensure_ascii=False) if args.json else format_text(result))
    return 0


def register_cli(sub) -> None:
    p = sub.add_parser("bench", help="mesurer les temps de calcul et de réponse à une taille donnée")
    p.add_argument("--projects", type=int, required=True, help="nombre de projets du réseau généré")
    p.add_argument("--runs", type=int, default=3, help="mesures par chiffre (médiane)")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--keep", type=Path, help="garder la base construite à ce chemin")
    p.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR, help="cache des jeux de données générés")
    p.add_argument("--json", action="store_true")
    p.add_argument("--no-browser", action="store_true", help="sans démarrage à froid ni mémoire du serveur")
    p.add_argument("--no-rerun", action="store_true", help="sans AppTest")
    p.add_argument("--no-pandas", action="store_true", help="sans la référence pandas")
    p.set_defaults(func=cmd_bench)
